"""The library API: one call runs every stage, in order, on a document pair.

The CLI is a thin shell over :func:`check_files`; other Python code can call
:func:`check_texts` or :func:`check_pair` directly and get a :class:`Report`.
Each stage is a plain function from data objects to new data objects, so a
caller may also run them one by one (e.g. to align without checking).
"""

from __future__ import annotations

import threading
from pathlib import Path

from tqcheck.aligning import DEFAULT_PARAMS, AlignerParams, align
from tqcheck.aligning.ahead import align_while, can_align_ahead
from tqcheck.config import Config
from tqcheck.datatypes import DocumentPair, Report, Scores, SentenceEmbeddings
from tqcheck.languages import resolve_pair
from tqcheck.nlp import Analysis, preload
from tqcheck.parse_ahead import parse_ahead
from tqcheck.reading import pair_from_texts, read_pair
from tqcheck.rules.engine import instantiate, run_rules
from tqcheck.rules.registry import needs_parser, select_rules
from tqcheck.rules.warming import warm_rules
from tqcheck.running.suppression import apply_suppressions
from tqcheck.scoring import Scorer
from tqcheck.segmenting import segment
from tqcheck.signature import RULESET_VERSION, Signature

__all__ = ["RULESET_VERSION", "check_files", "check_pair", "check_texts", "signature"]


def signature(
    config: Config,
    scores: Scores,
    method: str,
    rules_run: tuple[str, ...] = (),
    aligner_params: AlignerParams = DEFAULT_PARAMS,
) -> Signature:
    """A sacrebleu-style signature: what produced this report, so it can be reproduced."""
    return Signature(
        pair=f"{config.source_lang}-{config.target_lang}",
        aligner=method,
        aligner_params=aligner_params.digest(),
        rules_selected=len(select_rules(config.select, config.ignore)),
        rules_run=rules_run,
        models=scores.models,
    )


def check_pair(pair: DocumentPair, config: Config | None = None, scorer: Scorer | None = None) -> Report:
    """Run segmentation, alignment, scoring and the rules on a read document pair."""
    config = config or Config()
    scorer = scorer or Scorer(config)
    codes = {cls.code for cls in select_rules(config.select, config.ignore)}
    if needs_parser(codes):
        # the parser loads on the other core while segmentation, encoding and alignment run;
        # spaCy may skip importing torch only if nothing else can import it meanwhile
        no_torch = not (config.model or config.reverse_model or scorer.has_mt_backend)
        no_torch = no_torch and threading.active_count() == 1
        preload(pair.source.lang, torch_free=no_torch, word_langs=(pair.source.lang, pair.target.lang))
    source = segment(pair.source)
    target = segment(pair.target)
    embeddings: SentenceEmbeddings | None = scorer.embed(source, target)
    # a long document's first French block goes to the parser's helper process, idle while this one aligns
    ahead = parse_ahead(source) if "TQ201" in codes else None
    encode = scorer.encoder.embed if embeddings is not None else None  # clauses of split sentences
    if embeddings is None and not needs_parser(codes) and can_align_ahead(source, target):
        # a long document without vectors or parses: aligned on the other core while the rules load their tables
        alignment = align_while(pair, source, target, lambda: warm_rules(pair, source, target, config), DEFAULT_PARAMS)
    else:
        alignment = align(pair, source, target, embeddings=embeddings, params=DEFAULT_PARAMS, encode=encode)
    scores = scorer.score(alignment, embeddings)
    # the vectors served alignment and scoring: not held while the rules run (two 512-float rows per pair)
    del embeddings
    analysis = Analysis(alignment)
    analysis.adopt(ahead)
    rules = instantiate(config, pair.pair.code, scores)
    findings = run_rules(alignment, scores, config, analysis, rules)
    findings = apply_suppressions(alignment, findings)  # inline "tqcheck: ignore" in XLIFF notes, PO comments
    findings = scorer.adjudicate(alignment, findings)
    return Report(
        alignment=alignment,
        scores=scores,
        findings=findings,
        signature=signature(config, scores, alignment.method, tuple(r.code for r in rules), DEFAULT_PARAMS),
        notes=scores.notes,
    )


def check_files(
    source: Path | str,
    target: Path | str | None = None,
    config: Config | None = None,
    *,
    input_format: str | None = None,
    scorer: Scorer | None = None,
) -> Report:
    """Read a pair from disk (two files, one TSV/JSONL file, or a corpus folder) and check it."""
    config = config or Config()
    lang_pair = resolve_pair(config.source_lang, config.target_lang)
    pair = read_pair(Path(source), Path(target) if target is not None else None, lang_pair, input_format)
    return check_pair(pair, config, scorer)


def check_texts(source: str, target: str, config: Config | None = None, *, scorer: Scorer | None = None) -> Report:
    """Check two in-memory texts (paragraphs separated by newlines)."""
    config = config or Config()
    lang_pair = resolve_pair(config.source_lang, config.target_lang)
    return check_pair(pair_from_texts(source, target, lang_pair), config, scorer)
