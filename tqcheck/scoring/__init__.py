"""Scoring stage: embedded similarity, MT model metrics, model adjudication.

(Placeholder interface until the scoring issue lands: no model, no scores.)
"""

from __future__ import annotations

from tqcheck.config import Config
from tqcheck.datatypes import Alignment, Finding, Scores, Segmentation, SentenceEmbeddings

MT_OFF_NOTE = "MT scoring off: no model (run make models)"


class Scorer:
    """Holds the models of one run and applies them to alignments."""

    def __init__(self, config: Config) -> None:
        self.config = config

    def embed(self, source: Segmentation, target: Segmentation) -> SentenceEmbeddings | None:
        return None

    def score(self, alignment: Alignment, embeddings: SentenceEmbeddings | None) -> Scores:
        return Scores.empty(len(alignment.links), notes=(MT_OFF_NOTE,))

    def adjudicate(self, alignment: Alignment, findings: tuple[Finding, ...]) -> tuple[Finding, ...]:
        return findings
