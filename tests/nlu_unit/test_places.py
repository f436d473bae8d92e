"""The gazetteer finds every Dutch place, tells unsafe places apart and ignores ordinary words."""
from __future__ import annotations

import pytest

from bot.nlu.places import find_places


@pytest.mark.parametrize("text, expected", [
    ("man, 34, arbeidsuitbuiting, Venlo, niet in Limburg, vannacht", [("Venlo", False), ("Limburg", True)]),
    ("woman found in Hollands Kroon, not in Noord-Holland or Utrecht",
     [("Hollands Kroon", False), ("Noord-Holland", True), ("Utrecht", True)]),
    ("de daders zitten in Tiel, ze is nu in Den Bosch", [("Tiel", True), ("'s-Hertogenbosch", False)]),
    ("niet in de regio Rotterdam", [("Rotterdam", True)]),
    ("zit op bureau Arnhem, moet weg uit Gelderland en ook niet naar Brabant",
     [("Arnhem", False), ("Gelderland", True), ("Noord-Brabant", True)]),
    ("aangetroffen in amsterdm", [("Amsterdam", False)]),
    ("man 40 Súdwest-Fryslân", [("Súdwest-Fryslân", False)]),
    ("found in Goes", [("Goes", False)]),
    ("she goes home, I did my best", []),
    ("ok", []),
])
def test_find_places(text, expected):
    assert [(p.value, p.unsafe) for p in find_places(text)] == expected


def test_offsets_point_at_the_words_in_the_message():
    text = "bed nodig, aangetroffen in Bergen op Zoom"
    [place] = find_places(text)
    assert text[place.start:place.end] == "Bergen op Zoom"
