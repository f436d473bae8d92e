"""Closed answers to triage questions, however they arrive: a button payload, a number typed on
SMS for a numbered option, or a word in any of the fourteen languages.

`yes_no(text)` → "yes" | "no" | "unknown" | None (None: not an answer, ask again);
`consent(text)` → "share" | "confidential" | "anonymous" | "unknown" | None.
"unknown" is always a valid answer: "don't know" and "skip" are accepted for every question.
"""
from __future__ import annotations

import re
import unicodedata
from typing import Optional

UNKNOWN = "unknown"
CONSENT_TIERS = ("share", "confidential", "anonymous")

_PAYLOADS = {"/affirm": "yes", "/deny": "no", "/dont_know": UNKNOWN, "/in_danger": "yes"}
_YES = {
    "yes", "y", "yeah", "yep", "ja", "jawel", "jep", "jazeker", "tak", "da", "igen", "так", "да", "si", "sí",
    "sim", "oui", "ouais", "نعم", "ايوه", "aywa", "na3am", "naam", "co", "có", "vâng", "vang", "da co", "是", "是的",
    "对", "有", "好", "ok yes", "yes please", "ja graag", "ja hoor", "da", "tak tak",
}
_NO = {
    "no", "n", "nope", "nee", "neen", "nie", "nu", "не", "ні", "нет", "nem", "non", "não", "nao", "لا", "la",
    "khong", "không", "ko", "không có", "khong co", "不", "不是", "没有", "nee hoor", "no thanks", "nee dank je",
}
_UNKNOWN = {
    "weet niet", "weet ik niet", "geen idee", "sla over", "overslaan", "skip", "don't know", "dont know", "idk",
    "not sure", "no idea", "nie wiem", "nu stiu", "nu știu", "не знам", "nem tudom", "не знаю", "не знаю",
    "no se", "no sé", "nao sei", "não sei", "je ne sais pas", "sais pas", "jsp", "لا أعرف", "ma3raftch",
    "khong biet", "không biết", "不知道", "跳过", "?", "pass", "liever niet", "rather not say",
}


def plain(text: Optional[str]) -> str:
    text = unicodedata.normalize("NFKC", str(text or "")).strip().lower()
    return re.sub(r"[\s!.,;:]+$", "", re.sub(r"\s+", " ", text))


def _payload(text: str) -> Optional[str]:
    intent = text.split("{", 1)[0].strip()
    return _PAYLOADS.get(intent)


def yes_no(text: Optional[str]) -> Optional[str]:
    value = plain(text)
    if not value:
        return None
    if value.startswith("/"):
        return _payload(value)
    if value in _UNKNOWN or _strip_accents(value) in _UNKNOWN:
        return UNKNOWN
    if value in _YES or _strip_accents(value) in _YES:
        return "yes"
    if value in _NO or _strip_accents(value) in _NO:
        return "no"
    first = value.split(" ")[0]  # "ja, ik ben veilig" / "nee niet echt"
    if first in _YES:
        return "yes"
    if first in _NO:
        return "no"
    return None


_CONSENT_WORDS = {
    "share": ("share", "delen", "doorgeven", "mag doorgeven", "ok delen", "1"),
    "confidential": ("confidential", "vertrouwelijk", "alleen jullie", "only you", "2"),
    "anonymous": ("anonymous", "anoniem", "anonym", "anonimo", "anónimo", "anonyme", "анонимно", "анонімно",
                  "anonim", "anonimowo", "匿名", "an danh", "ẩn danh", "مجهول", "3"),
}


def consent(text: Optional[str]) -> Optional[str]:
    value = plain(text)
    if not value:
        return None
    if value.startswith("/"):
        match = re.search(r'"consent"\s*:\s*"(\w+)"', value)
        if match and match.group(1) in CONSENT_TIERS:
            return match.group(1)
        return UNKNOWN if _payload(value) == UNKNOWN else None
    if value in _UNKNOWN:
        return UNKNOWN
    for tier, words in _CONSENT_WORDS.items():
        if value in words or any(len(w) > 2 and w in value for w in words):
            return tier
    return None


def _strip_accents(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode() or text
