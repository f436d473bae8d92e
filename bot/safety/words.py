"""The safety words and their neutral replies per language (bot/safety/words.yml). Pure."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Dict, Optional, Tuple

import yaml

WORDS_FILE = Path(__file__).with_name("words.yml")
KINDS = ("erase", "duress")
TEXTS = ("erased", "cover_start", "cover_reply")
_EDGES = re.compile(r"^[\s\W_]+|[\s\W_]+$", re.UNICODE)


@dataclass(frozen=True)
class SafetyWord:
    kind: str  # "erase" or "duress"
    language: str  # the language the word belongs to: the reply is in that language


def _key(text: str) -> str:
    """Case, surrounding spaces and punctuation, and Unicode form do not matter."""
    return _EDGES.sub("", unicodedata.normalize("NFC", text or "")).casefold()


@lru_cache(maxsize=None)
def catalogue(path: Path = WORDS_FILE) -> Dict[str, Dict]:
    content = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    for language, entry in content.items():
        missing = [k for k in KINDS + TEXTS if not entry.get(k)]
        if missing:
            raise ValueError(f"{path.name}: {language} lacks {', '.join(missing)}")
    return content


@lru_cache(maxsize=None)
def _index(path: Path = WORDS_FILE) -> Dict[str, Tuple[str, str]]:
    index: Dict[str, Tuple[str, str]] = {}
    for language, entry in catalogue(path).items():
        for kind in KINDS:
            for word in entry[kind]:
                index.setdefault(_key(str(word)), (kind, language))
    return index


def match(text: str) -> Optional[SafetyWord]:
    """The safety word that `text` is, or None. Only a message that is the word alone counts:
    "wis" is the erase word, "wis je dat?" is a question for the bot."""
    if not text or len(text) > 40:
        return None
    found = _index().get(_key(text))
    return SafetyWord(*found) if found else None


def text(name: str, language: str) -> str:
    entries = catalogue()
    return (entries.get(language) or entries["en"])[name]
