"""With the sentence encoder: an unlinked sentence that renders a clause of its neighbour link's other side.

Professional translators cut a long French sentence in two: «Le maire a
fermé la piscine pour travaux, et elle rouvrira en septembre.» becomes "The
mayor has closed the pool for repairs. It will reopen in September." The whole French sentence
says more than either English part, so the cosine of the second part with it
is low (0.06–0.25 on wmt-news), no lower than a sentence pasted from another
article, and :func:`tqcheck.aligning.slots.absorb_covered_nulls` cannot tell
the two apart on whole sentences: TQ102 reported the part as an addition (15
of the 21 judged-false TQ102 findings on wmt-news were such parts).

The part is told from an addition by the clause it renders. The neighbour
link's source is cut at each clause boundary (punctuation, a coordinating or
subordinating conjunction) into a head and a tail; the unlinked sentence
takes the part on its side of the link (the tail when it follows the link,
the head when it precedes it) and the link's own target the rest. The sentence
joins the link (a 1-2 link, scored as a whole by TQ501) when some cut
shows one of two things:

* the part matches its clause well (cosine at least ``split_part_cosine``)
  and the rest still matches the link's target (``split_rest_cosine``);
* the part matches its clause at all (``split_sharper_part_cosine``) and
  the rest matches the link's target at least as well as the whole source
  does: the link's target never said that clause. Where a sentence from
  elsewhere was inserted, the link's target renders the whole source, so
  cutting any clause off lowers its cosine.

Measured on wmt-news (64 documents with a sentence of another article
inserted, the annotated corpora and their injected additions): an inserted
sentence's best clause cosine was at most 0.28, and at most 0.09 where the
rest kept the link's cosine; the judged-false split parts reached 0.40–0.53
(eight of them), and 0.22–0.30 with the rest keeping it (three more).

The mirror case, a short French sentence the translator folded into the
next English one («Le club a recruté un entraîneur portugais. Il a ainsi
changé de cap.» → "The club hired a Portuguese coach and so changed
course."), is read the same way with the link's target cut,
but only by the second test: an omitted source sentence on its
paragraph's topic often finds a close clause in the neighbouring
translation (0.30–0.56 for injected omissions), while the rest of that
translation, which renders only its own source, always matched worse than
the whole (best clause then 0.05; the two judged-false folded sentences
0.36 and 0.47).

Cost: only unlinked sentences next to a link of their paragraph are read,
each with two short texts per cut of that link's other side; a document
encodes at most ``split_max_texts`` such texts, so a translation that is
unrelated throughout (hundreds of unlinked sentences) does not multiply the
encoder's work.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

import numpy as np

from tqcheck.aligning.costs import CostModel
from tqcheck.aligning.search import Step
from tqcheck.aligning.slots import join_unlinked

#: Texts in, unit rows out (:meth:`tqcheck.encoder.Encoder.embed`).
Encode = Callable[[Sequence[str]], np.ndarray]

#: Words that open a clause, per language; unknown languages are cut at punctuation only.
CLAUSE_WORDS: dict[str, tuple[str, ...]] = {
    "fr": (
        "et", "mais", "car", "ou", "où", "qui", "que", "puis", "donc", "alors", "avant", "après",
        "quand", "lorsque", "parce", "pour", "avec", "dont", "tandis", "sans", "afin", "comme",
    ),
    "en": (
        "and", "but", "or", "which", "who", "whose", "where", "while", "when", "because", "since",
        "after", "before", "then", "so", "as", "with", "for", "though", "although", "without",
    ),
}
_PUNCTUATION = r"[,;:()«»\"“”–—]|[.!?](?=\s)"
_WORD = re.compile(r"\w+")


def _cutter(lang: str) -> re.Pattern[str]:
    words = CLAUSE_WORDS.get(lang.split("-")[0].lower(), ())
    alternatives = [rf"\s*(?:{_PUNCTUATION})\s*"]
    if words:
        alternatives.append(r"\s+(?=(?:" + "|".join(map(re.escape, words)) + r")\b)")
    return re.compile("|".join(alternatives), re.IGNORECASE)


def clause_cuts(text: str, lang: str, min_words: int) -> list[tuple[str, str]]:
    """Every (head, tail) cut of ``text`` at a clause boundary, each side at least ``min_words`` words."""
    out: list[tuple[str, str]] = []
    seen: set[int] = set()
    for m in _cutter(lang).finditer(text):
        at = m.end()
        if at in seen or at >= len(text):
            continue
        seen.add(at)
        head, tail = text[: m.start()].strip(), text[at:].strip()
        if len(_WORD.findall(head)) >= min_words and len(_WORD.findall(tail)) >= min_words:
            out.append((head, tail))
    return out


def absorb_split_parts(
    steps: list[Step],
    model: CostModel,
    encode: Encode | None,
    texts: tuple[Sequence[str], Sequence[str]],
    langs: tuple[str, str],
) -> list[Step]:
    """Each unlinked sentence that renders a clause of its neighbour link's other side joins that link.

    ``texts`` and ``langs``: the sentences and language of the source, then of the target.
    """
    if encode is None or model.src_vec is None or model.tgt_vec is None:
        return steps
    budget = [model.params.split_max_texts]  # texts left to encode in this document

    def host(out: list[Step], k: int) -> int | None:
        return None if budget[0] <= 0 else _split_host(out, k, model, encode, texts, langs, budget)

    return join_unlinked(steps, model, host)


def _split_host(
    steps: list[Step],
    k: int,
    model: CostModel,
    encode: Encode,
    texts: tuple[Sequence[str], Sequence[str]],
    langs: tuple[str, str],
    budget: list[int],
) -> int | None:
    """The neighbouring link (``k - 1`` or ``k + 1``) whose other side has a clause that null link ``k`` renders.

    ``budget`` holds how many texts the document may still encode; it is spent here.
    """
    p = model.params
    null = steps[k]
    target_side = null.i0 == null.i1  # an unlinked target sentence: cut the link's source
    member = null.j0 if target_side else null.i0
    paragraphs = model.tgt_para if target_side else model.src_para
    vec = model.tgt_vec if target_side else model.src_vec
    assert vec is not None
    best: tuple[float, int] | None = None
    for h in (k - 1, k + 1):
        if not 0 <= h < len(steps) or steps[h].is_null:
            continue
        host = steps[h]
        own = (host.j0, host.j1) if target_side else (host.i0, host.i1)
        other = (host.i0, host.i1) if target_side else (host.j0, host.j1)
        if own[1] - own[0] >= p.absorb_max_group:
            continue
        neighbour = own[1] - 1 if h < k else own[0]
        if paragraphs is None or paragraphs[neighbour] != paragraphs[member]:
            continue
        whole = " ".join((texts[0] if target_side else texts[1])[other[0] : other[1]])
        cuts = clause_cuts(whole, langs[0] if target_side else langs[1], p.split_min_words)
        if not cuts or 2 * len(cuts) + 1 > budget[0]:
            continue
        budget[0] -= 2 * len(cuts) + 1
        # the unlinked sentence follows the link: it renders the tail; it precedes it: the head
        parts = [(head, tail) if h < k else (tail, head) for head, tail in cuts]
        vectors = encode([whole] + [text for pair in parts for text in pair])
        rest_vecs, part_vecs = vectors[1::2], vectors[2::2]
        host_vec = model._vector("t" if target_side else "s", *own)
        part_cos = part_vecs @ vec[member]
        rest_cos = rest_vecs @ host_vec
        # Two ways a cut shows a split: the part matches its clause well and the rest still renders the
        # link; or the part matches its clause at all and the rest renders the link's own side at least as
        # well as the whole does (the link's own side never said the part's clause). Only the second for an
        # unlinked source sentence: an omitted sentence on its paragraph's topic often finds a close clause.
        sharper = (part_cos >= p.split_sharper_part_cosine) & (rest_cos >= float(vectors[0] @ host_vec))
        usable = sharper
        if target_side:
            usable = usable | ((part_cos >= p.split_part_cosine) & (rest_cos >= p.split_rest_cosine))
        if not usable.any():
            continue
        score = float(np.max(np.where(usable, part_cos, -1.0)))
        if best is None or score > best[0]:
            best = (score, h)
    return None if best is None else best[1]
