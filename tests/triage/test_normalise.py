"""Slot normalisation: what professionals type becomes registry vocabulary."""
from __future__ import annotations

import pytest

from bot.triage import normalise


@pytest.mark.parametrize("raw, expected", [("man", "male"), ("Vrouw", "female"), ("meisje van 16", "female"),
                                           ("trans", "trans"), ("weet niet", "unknown"), ("banaan", None)])
def test_gender(raw, expected):
    assert normalise.gender(raw) == expected


@pytest.mark.parametrize("raw, expected", [("arbeidsuitbuiting", "labour"), ("loverboy", "sexual"),
                                           ("drugsrunner", "criminal"), ("Labour exploitation", "labour"),
                                           ("onbekend", "unknown"), ("xyz", None)])
def test_exploitation_form(raw, expected):
    assert normalise.exploitation_form(raw) == expected


@pytest.mark.parametrize("raw, expected", [("34", 34), ("34 jaar", 34), ("ze is 17", 17), ("zeventien", 17),
                                           ("about 40", 40), ("oud", None), ("999", None), (None, None)])
def test_age(raw, expected):
    assert normalise.age(raw) == expected


def test_place_from_a_phrase_and_unknown_places():
    assert normalise.place("aangetroffen in Venlo vannacht").name == "Venlo"
    assert normalise.place("Den Haag").code == "GM0518"
    assert normalise.place("Atlantis") is None


def test_unsafe_area_resolves_provinces_and_reports_unknown_values():
    codes, unknown = normalise.unsafe_area(["Limburg", "Narnia"])
    assert normalise.place("Venlo").code in codes and normalise.place("Utrecht").code not in codes
    assert unknown == ("Narnia",)
