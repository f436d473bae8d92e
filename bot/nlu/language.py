"""Language identification for the conversation, offline (lingua ships its models).

`LanguageGuesser.guess(text)` returns a `Guess` only when the text is clear enough to change the
conversation's language: an explicit request ("English please", "po polsku"), a greeting that
belongs to one language, or a message of at least `min_words` words that lingua recognises with
enough confidence. Short or ambiguous messages ("ok", "1", "yes", a place name) return None, so the
`language` slot stays as it was: the language is sticky.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Dict, Iterable, Optional

SUPPORTED = ("nl", "en", "pl", "ro", "bg", "hu", "uk", "ru", "es", "pt", "fr", "ar", "vi", "zh")
# Languages we recognise but do not speak (yet): the person gets a short answer in the languages
# they most likely read, and a person with an interpreter. Ethiopic script (Tigrinya, Amharic) is
# recognised by its script; lingua has no model for it.
UNSUPPORTED = {
    "sq": ("Albanian", ("en",)), "tl": ("Tagalog", ("en",)), "tr": ("Turkish", ("en",)),
    "so": ("Somali", ("en", "ar")), "fa": ("Persian", ("en",)), "sw": ("Swahili", ("en",)),
    "yo": ("Yoruba", ("en",)), "lg": ("Luganda", ("en",)), "de": ("German", ("en", "nl")),
    "it": ("Italian", ("en", "es")), "cs": ("Czech", ("en",)), "lt": ("Lithuanian", ("en", "ru")),
    "hi": ("Hindi", ("en",)), "ur": ("Urdu", ("en",)), "th": ("Thai", ("en",)), "id": ("Indonesian", ("en",)),
    "sr": ("Serbian", ("en", "ru")), "ti": ("Tigrinya or Amharic", ("en", "ar")),
}

# Requests to switch language, matched on the normalised message (accents removed, lower case).
_REQUESTS: Dict[str, Iterable[str]] = {
    "nl": ("nederlands", "in het nederlands", "dutch please", "in dutch"),
    "en": ("english", "in english", "engels", "english please", "speak english"),
    "pl": ("polski", "po polsku", "polish", "pools"),
    "ro": ("romana", "in romana", "romanian", "roemeens", "limba romana"),
    "bg": ("на български", "български", "bulgarian", "bulgaars"),
    "hu": ("magyarul", "magyar", "hungarian", "hongaars"),
    "uk": ("українською", "українська", "ukrainian", "oekraiens"),
    "ru": ("по-русски", "по русски", "русский", "russian", "russisch"),
    "es": ("espanol", "en espanol", "spanish", "spaans"),
    "pt": ("portugues", "em portugues", "portuguese", "portugees"),
    "fr": ("francais", "en francais", "french", "frans"),
    "ar": ("عربي", "بالعربية", "العربية", "arabic", "arabisch"),
    "vi": ("tieng viet", "vietnamese", "vietnamees"),
    "zh": ("中文", "汉语", "普通话", "chinese", "chinees"),
}
_GREETINGS: Dict[str, Iterable[str]] = {
    "nl": ("hoi", "goedemorgen", "goedemiddag", "goedenavond", "goedenacht", "dag"),
    "en": ("hi", "hello", "hey", "good morning", "good evening", "good night"),
    "pl": ("czesc", "dzien dobry", "dobry wieczor"),
    "ro": ("buna", "buna ziua", "buna seara", "salut"),
    "bg": ("здравей", "здравейте", "добър ден", "добър вечер"),
    "hu": ("szia", "sziasztok", "jo napot", "jo estet"),
    "uk": ("привіт", "добрий день", "добрий вечір"),
    "ru": ("привет", "здравствуйте", "добрый день", "добрый вечер"),
    "es": ("hola", "buenos dias", "buenas noches", "buenas tardes"),
    "pt": ("ola", "bom dia", "boa noite", "boa tarde"),
    "fr": ("bonjour", "bonsoir"),
    "ar": ("مرحبا", "السلام عليكم", "اهلا", "أهلا"),
    "vi": ("xin chao", "chao ban"),
    "zh": ("你好", "您好", "喂"),
}


def normalise(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.lower())
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return re.sub(r"[^\w\s\-]", " ", stripped).strip()


def _phrase_index(table: Dict[str, Iterable[str]]) -> Dict[str, str]:
    return {normalise(phrase): lang for lang, phrases in table.items() for phrase in phrases}


@dataclass(frozen=True)
class Guess:
    language: str
    confidence: float
    reason: str  # "request" | "greeting" | "detector" | "script"

    @property
    def supported(self) -> bool:
        return self.language in SUPPORTED


class LanguageGuesser:
    def __init__(self, languages: Iterable[str] = SUPPORTED, min_words: int = 3, min_confidence: float = 0.5,
                 preload: bool = False):
        from lingua import IsoCode639_1, LanguageDetectorBuilder

        self.languages = tuple(languages)
        self.min_words = min_words
        self.min_confidence = min_confidence
        detectable = [code for code in UNSUPPORTED if code != "ti"]
        codes = [getattr(IsoCode639_1, code.upper()) for code in (*self.languages, *detectable)]
        builder = LanguageDetectorBuilder.from_iso_codes_639_1(*codes)
        # Preloading (about 2 s, 350 MB) spares the first person who writes a 2-second wait.
        self._detector = (builder.with_preloaded_language_models() if preload else builder).build()
        self._requests = {k: v for k, v in _phrase_index(_REQUESTS).items() if v in self.languages}
        self._greetings = {k: v for k, v in _phrase_index(_GREETINGS).items() if v in self.languages}

    def guess(self, text: str) -> Optional[Guess]:
        plain = normalise(text or "")
        if not plain:
            return None
        words = plain.split()
        for phrase, lang in self._requests.items():
            if plain == phrase or (len(words) <= 4 and re.search(rf"(^|\s){re.escape(phrase)}($|\s)", plain)):
                return Guess(lang, 1.0, "request")
        if plain in self._greetings:
            return Guess(self._greetings[plain], 0.9, "greeting")
        if _ethiopic(text):
            return Guess("ti", 1.0, "script")
        text = _without_places_and_numbers(text)  # "Venlo", "34" or "Den Haag" say nothing about language
        if len(text.split()) < self.min_words and not _dense_script(text):
            return None
        values = self._detector.compute_language_confidence_values(text)
        if not values:
            return None
        top, second = values[0], (values[1].value if len(values) > 1 else 0.0)
        language = top.language.iso_code_639_1.name.lower()
        if language not in self.languages:  # an unsupported language must be clear before we say so
            return Guess(language, round(float(top.value), 3), "detector") if top.value >= 0.6 else None
        # Confident, or clearly ahead of the runner-up ("what can you do for me?": en 0.21, fr 0.06).
        if top.value < self.min_confidence and not (top.value >= 0.15 and top.value >= 3 * second):
            return None
        return Guess(language, round(float(top.value), 3), "detector")


def _without_places_and_numbers(text: str) -> str:
    from bot.nlu.places import find_places

    for place in reversed(find_places(text)):
        text = text[:place.start] + " " + text[place.end:]
    return re.sub(r"\d+", " ", text)


def _ethiopic(text: str) -> bool:
    return sum(1 for c in text if "\u1200" <= c <= "\u137f") >= 3


def _dense_script(text: str) -> bool:
    """Chinese is written without spaces: four or more CJK characters count as enough."""
    return sum(1 for c in text if "\u4e00" <= c <= "\u9fff") >= 4
