"""What keeps a long feed run in flat memory: a worker's encoder memo is bounded."""

from __future__ import annotations

import numpy as np

from tqcheck.encoder import Encoder


def test_encoder_memo_starts_afresh_past_its_limit(monkeypatch):
    monkeypatch.setattr("tqcheck.encoder.MEMO_LIMIT", 3)
    enc = Encoder(threads=1)
    first = enc.embed(["Bonjour.", "Merci.", "Au revoir.", "Salut."])
    assert len(enc._memo) == 4
    again = enc.embed(["Bonjour.", "Le chat dort."])
    assert len(enc._memo) == 2  # cleared before this call, then filled with its texts only
    assert np.allclose(again[0], first[0])
