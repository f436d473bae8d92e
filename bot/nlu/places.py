"""Find Dutch places in a message with the municipality gazetteer, and tell unsafe ones apart.

A statistical extractor cannot know the 342 municipality names from a few hundred examples and
cuts multi-word names short; a gazetteer knows all of them (`bot.registry.municipality`). A place
is "unsafe" when a cue before it says the person must not go or stay there ("niet in Limburg",
"not in Rotterdam", "daders in Tiel"); lists continue the cue ("niet in Limburg of Brabant").
Names that are also ordinary words ("Best", "Goes", "Leiden") count only when capitalised or
after a place preposition.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Dict, List, Optional, Tuple

from bot.registry.municipality import POLICE_UNITS, PROVINCES, resolve_place

UNSAFE_CUES = (
    "niet in", "niet naar", "niet terug naar", "niet blijven in", "niet de regio", "weg uit", "nooit naar",
    "geen plek in", "onveilig in", "onveilig", "buiten", "daders in", "daders zitten in", "uitbuiters in",
    "netwerk in", "not in", "not to", "not back to", "not stay in", "must not stay in", "never to", "away from",
    "outside", "unsafe in", "unsafe", "exploiters in", "exploiters are in", "traffickers in", "network in",
    "avoid", "no placement in", "not near",
)
LIST_WORDS = {"of", "en", "or", "and", "noch", "nor", "ook", "also", "en ook"}
FILLERS = {"de", "het", "the", "regio", "region", "provincie", "province", "gemeente", "municipality", "area",
           "omgeving", "buurt", "city", "stad"}
PREPOSITIONS = {"in", "uit", "te", "bij", "naar", "from", "at", "near", "to", "around", "rond", "omgeving",
                "bureau", "station", "gemeente"}
COMMON_WORDS = {"best", "goes", "leiden", "buren", "beek", "hoorn", "putten", "borne", "sluis", "laren",
                "bergen", "ede", "epe", "stein", "echt", "lopik", "boxtel", "veere", "oss", "urk", "weert",
                "horst", "berg", "dal", "land", "waterland", "vaals", "uden", "ommen", "meppel", "gennep",
                "rheden", "epe", "zeist", "baarn", "soest", "delft", "lisse", "dongen", "loon", "zundert"}
MAX_WORDS = 5
_WORD = re.compile(r"[\w'’]+(?:-[\w'’]+)*", re.UNICODE)


@dataclass(frozen=True)
class FoundPlace:
    start: int
    end: int
    text: str
    value: str  # municipality, province or police unit name as the registry spells it
    unsafe: bool


def _plain(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in text if not unicodedata.combining(c)).replace("’", "'")


@lru_cache(maxsize=1)
def _areas() -> Dict[str, str]:
    names = {_plain(name): name for name in (*PROVINCES, *POLICE_UNITS)}
    names.update({"brabant": "Noord-Brabant", "friesland": "Fryslân", "north holland": "Noord-Holland",
                  "south holland": "Zuid-Holland", "north brabant": "Noord-Brabant", "zeeuws-vlaanderen": "Zeeland"})
    return names


def _lookup(words: List[Tuple[int, int, str]], original: str) -> Optional[Tuple[int, str]]:
    """Longest match starting at words[0]: (number of words used, canonical name)."""
    for size in range(min(MAX_WORDS, len(words)), 0, -1):
        phrase = original[words[0][0]:words[size - 1][1]]
        key = _plain(phrase)
        if key in _areas():
            return size, _areas()[key]
        place = resolve_place(phrase)
        if place is not None and (size > 1 or len(key) >= 3):
            return size, place.name
    return None


def _cue_before(words: List[str]) -> bool:
    """Do the words just before a place (fillers like "de regio" skipped) end with an unsafe cue?"""
    while words and words[-1] in FILLERS:
        words = words[:-1]
    before = " ".join(words[-5:])
    return any(before == cue or before.endswith(" " + cue) for cue in UNSAFE_CUES)


def find_places(text: str) -> List[FoundPlace]:
    words = [(m.start(), m.end(), _plain(m.group())) for m in _WORD.finditer(text)]
    plain = [w for _, _, w in words]
    found: List[FoundPlace] = []
    last_unsafe = None  # index just after the last unsafe place: a list may go on from there
    i = 0
    while i < len(words):
        match = _lookup(words[i:], text)
        if match is None:
            i += 1
            continue
        size, value = match
        start, end = words[i][0], words[i + size - 1][1]
        surface = text[start:end]
        previous = plain[i - 1] if i else ""
        if size == 1 and plain[i] in COMMON_WORDS and not surface[:1].isupper() and previous not in PREPOSITIONS:
            i += 1
            continue
        continues_list = last_unsafe is not None and all(w in LIST_WORDS | FILLERS for w in plain[last_unsafe:i])
        unsafe = continues_list or _cue_before(plain[:i])
        found.append(FoundPlace(start, end, surface, value, unsafe))
        last_unsafe = i + size if unsafe else None
        i += size
    return found
