"""The report signature: what produced a report, so its findings can be reproduced.

Modelled on sacrebleu's signatures: a small frozen object holding the
settings that change the result, with :meth:`Signature.format` giving the
one-line ``key:value|key:value`` form printed in every report. It names the
tqcheck version, the language pair, the segmenter, the aligner's method and
the hash of its tuned parameters (:meth:`tqcheck.aligning.AlignerParams.digest`,
so a changed weight changes the signature), the rule set, and each model's
name, revision and backend. It also keeps the codes of the rules that
actually ran on the document (selected, applicable to the pair, and with the
scores they need), so callers need not work that out again.
"""

from __future__ import annotations

from dataclasses import dataclass

from tqcheck import __version__
from tqcheck.datatypes import ModelInfo

SEGMENTER_VERSION = "rules-1"  # the rule-based segmenter in tqcheck/segmenting.py
RULESET_VERSION = "1"


@dataclass(frozen=True)
class Signature:
    """What produced one report. ``str(signature)`` is :meth:`format`."""

    pair: str  # "fr-en"
    aligner: str  # the aligner's method, e.g. "gale-church+anchors+similarity" ("" for none)
    aligner_params: str  # AlignerParams.digest()
    rules_selected: int  # rules chosen by select/ignore
    rules_run: tuple[str, ...] = ()  # codes of the rules that ran on this document
    models: tuple[ModelInfo, ...] = ()
    version: str = __version__
    segmenter: str = SEGMENTER_VERSION
    ruleset: str = RULESET_VERSION

    def format(self) -> str:
        """``tqcheck:0.1.0|pair:fr-en|seg:rules-1|align:…|align-params:…|rules:1/20`` plus one part per model."""
        parts = [
            f"tqcheck:{self.version}",
            f"pair:{self.pair}",
            f"seg:{self.segmenter}",
            f"align:{self.aligner or 'none'}",
            f"align-params:{self.aligner_params}",
            f"rules:{self.ruleset}/{self.rules_selected}",
        ]
        for model in self.models:
            parts.append(f"{model.kind}:{model.name}@{model.revision or '-'}/{model.backend}")
        return "|".join(parts)

    def __str__(self) -> str:
        return self.format()
