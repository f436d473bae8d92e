"""The held-out sets (tests/nlu/<lang>.yml) really are held out: no text of theirs is training data.

A held-out text that also sits in data/nlu/ scores as understood whatever the model learnt, and
the figures in docs/benchmarks.md would say more than they should.
"""
from __future__ import annotations

import re

from rasa.shared.nlu.training_data.loading import load_data

from bot.config import ROOT


def _plain(text: str) -> str:
    return re.sub(r"\s+", " ", text.lower()).strip(" .!?")


def _texts(paths):
    return {_plain(e.get("text")): path for path in paths for e in load_data(str(path)).training_examples
            if e.get("text")}


def test_no_held_out_text_is_in_the_training_data():
    held_out = _texts(p for p in (ROOT / "tests" / "nlu").glob("*.yml") if p.stem != "floors")
    training = _texts((ROOT / "data" / "nlu").glob("*/*.yml"))
    assert len(held_out) > 1000 and len(training) > 5000
    shared = sorted(set(held_out) & set(training))
    assert not shared, [(text, str(held_out[text].name), str(training[text].relative_to(ROOT))) for text in shared[:20]]
