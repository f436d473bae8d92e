"""Normalise slot values from NLU entities, buttons and free text into registry vocabulary.

Pure functions, no Rasa imports: the validation action calls them, and they are tested directly.
Each returns None when the value cannot be understood, so the form asks again.
"""
from __future__ import annotations

import re
import unicodedata
from typing import FrozenSet, Iterable, Optional, Tuple

from bot.registry.municipality import Municipality, resolve_area, resolve_place

UNKNOWN = "unknown"

_GENDER_WORDS = {
    "female": {"female", "woman", "women", "vrouw", "vrouwen", "meisje", "girl", "f", "v", "zij", "she",
               "dame", "moeder", "mother"},
    "male": {"male", "man", "men", "mannen", "jongen", "boy", "m", "hij", "he", "vader", "father"},
    "trans": {"trans", "transgender", "transvrouw", "transman", "trans woman", "trans man"},
    "other": {"other", "anders", "non-binary", "nonbinary", "non-binair", "x"},
    UNKNOWN: {"unknown", "onbekend", "weet niet", "don't know", "dont know", "idk", "?", "skip"},
}
_FORM_WORDS = {
    "sexual": {"sexual", "seksueel", "seksuele", "sex", "seks", "prostitutie", "prostitution", "loverboy",
               "sekswerk", "sex work", "seksuele uitbuiting", "sexual exploitation"},
    "labour": {"labour", "labor", "arbeid", "arbeidsuitbuiting", "werk", "work", "labour exploitation",
               "labor exploitation", "landbouw", "agriculture", "bouw", "construction", "schoonmaak"},
    "criminal": {"criminal", "crimineel", "criminele", "criminele uitbuiting", "drugs", "drugsrunner",
                 "criminal exploitation", "diefstal", "theft"},
    "organ_removal": {"organ", "organs", "organen", "orgaanhandel", "organ removal"},
    UNKNOWN: {"unknown", "onbekend", "weet niet", "don't know", "dont know", "?", "skip", "other", "anders"},
}
FORMS_FOR = {
    "sexual": frozenset({"sexual_domestic", "sexual_cross_border"}),
    "labour": frozenset({"labour"}),
    "criminal": frozenset({"criminal"}),
    "organ_removal": frozenset({"organ_removal"}),
    UNKNOWN: frozenset(),
}
_NUMBER_WORDS = {
    "een": 1, "twee": 2, "drie": 3, "vijftien": 15, "zestien": 16, "zeventien": 17, "achttien": 18,
    "negentien": 19, "twintig": 20, "dertig": 30, "veertig": 40, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40,
}


def _plain(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"\s+", " ", text.strip().lower())


def _lookup(value: Optional[str], table: dict) -> Optional[str]:
    if not value:
        return None
    plain = _plain(str(value)).strip(" .!")
    for canonical, words in table.items():
        if plain in words:
            return canonical
    for canonical, words in table.items():  # a longer phrase containing one of the words
        if canonical != UNKNOWN and any(re.search(rf"\b{re.escape(w)}\b", plain) for w in words if len(w) > 2):
            return canonical
    return None


# The victim lane's gender answer typed in the other languages (whole answer, lower case).
_GENDER_ANSWERS = {
    "female": ("kobieta", "kobietą", "kobieta jestem", "femeie", "femeia", "nő", "lány", "mujer", "chica",
               "mulher", "menina", "femme", "fille", "nữ", "phụ nữ", "con gái", "жена", "момиче", "жінка",
               "дівчина", "женщина", "девушка", "امرأة", "إمرأة", "بنت", "مرا", "女", "女的", "女人", "女性"),
    "male": ("mężczyzna", "mężczyzną", "chłopak", "bărbat", "barbat", "băiat", "férfi", "fiú", "hombre", "chico",
             "homem", "rapaz", "menino", "homme", "garçon", "nam", "đàn ông", "con trai", "мъж", "момче",
             "чоловік", "хлопець", "мужчина", "парень", "رجل", "راجل", "ولد", "男", "男的", "男人", "男性"),
}
_ANSWER_INDEX = {word: gender for gender, words in _GENDER_ANSWERS.items() for word in words}


def gender(value: Optional[str]) -> Optional[str]:
    answered = _ANSWER_INDEX.get(str(value).strip(" .!").lower()) if value else None
    return answered or _lookup(value, _GENDER_WORDS)


def exploitation_form(value: Optional[str]) -> Optional[str]:
    return _lookup(value, _FORM_WORDS)


def age(value) -> Optional[int]:
    """An age in years from "34", "34 jaar", "about 17", "zeventien"; None if absent or implausible."""
    if value is None:
        return None
    if isinstance(value, (int, float)):
        number = int(value)
    else:
        plain = _plain(str(value))
        match = re.search(r"\b(\d{1,3})\b", plain)
        if match:
            number = int(match.group(1))
        else:
            words = [_NUMBER_WORDS[w] for w in re.findall(r"[a-z]+", plain) if w in _NUMBER_WORDS]
            if not words:
                return None
            number = sum(words)
    return number if 0 <= number <= 110 else None


def place(value: Optional[str]) -> Optional[Municipality]:
    if not value:
        return None
    found = resolve_place(str(value))
    if found is not None:
        return found
    for candidate in _ngrams(str(value)):  # "in Venlo gevonden" -> Venlo
        found = resolve_place(candidate)
        if found is not None:
            return found
    return None


def unsafe_area(values: Iterable[str]) -> Tuple[FrozenSet[str], Tuple[str, ...]]:
    """Municipality codes covered by the unsafe places, and the values that were not understood."""
    codes, unknown = set(), []
    for value in values or ():
        area = resolve_area(str(value))
        if area:
            codes |= area
        else:
            unknown.append(str(value))
    return frozenset(codes), tuple(unknown)


def _ngrams(text: str, longest: int = 4):
    words = re.findall(r"[\w'\-]+", text)
    for size in range(min(longest, len(words)), 0, -1):
        for start in range(len(words) - size + 1):
            yield " ".join(words[start:start + size])
