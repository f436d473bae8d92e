"""Gender, age and form of exploitation read from the words of a professional's profile ("Man, 40, arbeidsuitbuiting",
"vrouw van 26", "m/34", "28 jaar") when the entity extractor missed them, so a complete
profile is never asked for again. Conservative: a number that counts euros, hours, children
or weeks is not an age, and two different genders in one message give no answer."""
from __future__ import annotations

import re
from typing import Optional

from bot.triage.normalise import _plain  # accents folded, lower case: the same reading as the rest of triage

_GENDERS = {
    "female": ("vrouw", "meisje", "dame", "moeder", "woman", "girl", "lady", "mother", "female"),
    "male": ("man", "jongen", "vader", "boy", "father", "male", "jongeman"),
    "trans": ("transvrouw", "transman", "trans vrouw", "trans man", "trans woman", "transgender"),
}
_SHORT = {"v": "female", "f": "female", "m": "male"}  # only right before an age: "m/34", "v 22"
_NOT_AN_AGE = r"(?!\s*(?:euro|eur|uur|u\b|kind|kinderen|weken|week|dagen|dag|maanden|hours|children|kids|weeks|days|" \
              r"months|%|jaar geleden|years ago|x\b|keer))"
_GENDER_WORDS = "|".join(sorted((re.escape(w) for ws in _GENDERS.values() for w in ws), key=len, reverse=True))
_AGE_PATTERNS = (
    re.compile(rf"\b(?:{_GENDER_WORDS}|[mvf])\b\s*[,/:(\-]?\s*(?:van|of|aged|age|rond de|about|ongeveer|ca\.?)?\s*"
               rf"(\d{{1,2}})\b{_NOT_AN_AGE}"),
    re.compile(r"\b(\d{1,2})\s*(?:jaar|jr|j|years?|yrs?|yo|y/o)\b(?!\s*(?:geleden|ago))"),
    re.compile(r"\b(?:leeftijd|age|aged|lft)\s*:?\s*(\d{1,2})\b"),
)


def age_in(text: str) -> Optional[int]:
    plain = _plain(text or "")
    for pattern in _AGE_PATTERNS:
        match = pattern.search(plain)
        if match and 10 <= int(match.group(1)) <= 99:
            return int(match.group(1))
    return None


def gender_in(text: str) -> Optional[str]:
    plain = _plain(text or "")
    found = set()
    for gender in ("trans", "female", "male"):
        for word in _GENDERS[gender]:
            if re.search(rf"\b{re.escape(word)}\b", plain):
                found.add(gender)
                plain = re.sub(rf"\b{re.escape(word)}\b", " ", plain)  # "trans vrouw" is not also "vrouw"
    short = re.search(r"(?:^|[\s,(])([mvf])\s*[/,]?\s*\d{1,2}\b", plain)
    if short:
        found.add(_SHORT[short.group(1)])
    return found.pop() if len(found) == 1 else None


# Only names of a form of exploitation that mean nothing else ("werk" or "drugs" alone do).
_FORMS = {
    "labour": ("arbeidsuitbuiting", "arbeidsuitb", "gedwongen arbeid", "labour exploitation", "labor exploitation",
               "forced labour", "forced labor", "uitbuiting in de arbeid"),
    "sexual": ("seksuele uitbuiting", "sexual exploitation", "gedwongen prostitutie", "forced prostitution",
               "loverboy", "loverboyproblematiek", "pooierboy", "mensenhandel in de prostitutie"),
    "criminal": ("criminele uitbuiting", "criminal exploitation", "drugsrunner", "drugskoerier", "gedwongen criminaliteit"),
    "organ_removal": ("orgaanhandel", "organ removal", "organ trafficking"),
}


def exploitation_form_in(text: str) -> Optional[str]:
    plain = _plain(text or "")
    found = {form for form, words in _FORMS.items() if any(re.search(rf"\b{re.escape(w)}\b", plain) for w in words)}
    return found.pop() if len(found) == 1 else None
