"""Language identification for the conversation, offline (lingua ships its models).

`LanguageGuesser.guess(text)` returns a `Guess` only when the text is clear enough to change the
conversation's language: an explicit request ("English please", "po polsku"), a greeting that
belongs to one language, or a message of at least `min_words` words that is recognised with
enough confidence: lingua (31 languages) tells a language we do not speak, and among ours a
classifier trained on our own data decides (lingua alone when there is none). Short or ambiguous
messages ("ok", "1", "yes", a place name) return None, so the `language` slot stays as it was:
the language is sticky.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Any, Dict, Iterable, Optional

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
    reason: str  # "request" | "greeting" | "script" | "romanised" | "detector" | "classifier"

    @property
    def supported(self) -> bool:
        return self.language in SUPPORTED


class LanguageGuesser:
    def __init__(self, languages: Iterable[str] = SUPPORTED, min_words: int = 3, min_confidence: float = 0.5,
                 preload: bool = False, classifier: Optional[Any] = None):
        """`classifier`: an n-gram classifier trained on our own training data, one label per
        language (bot.nlu.language_component trains it); it decides among the languages we speak
        once lingua has ruled out a clear unsupported language. Without it, lingua decides."""
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
        self._classifier = classifier

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
        romanised = romanised_language(text)
        if romanised in self.languages:  # "3afak bghit chi insan", "toi can giup do"
            return Guess(romanised, 0.7, "romanised")
        text = language_part(text)  # "Venlo", "34", "Vrouwenopvang Maasvallei" say nothing
        if len(text.split()) < self.min_words and not _dense_script(text):
            return None
        if not _looks_like_words(text):  # "ok ok ok", "qwxz vbnm plok"
            return None
        values = self._detector.compute_language_confidence_values(text)
        if not values:
            return None
        top = values[0]
        language = top.language.iso_code_639_1.name.lower()
        if language not in self.languages and top.value >= 0.6 and _plausible(language, text):
            return Guess(language, round(float(top.value), 3), "detector")  # unsupported: only when clear
        if self._classifier is not None:
            return self._classified(text)
        # The decision among the languages we speak: the confidence is spread over 31 languages, so
        # it is shared out again over ours (a clear Romanian sentence: 0.4 of all, 0.8 of ours).
        ours = [(v.language.iso_code_639_1.name.lower(), v.value) for v in values
                if v.language.iso_code_639_1.name.lower() in self.languages]
        total = sum(value for _, value in ours)
        if not ours or total <= 0:
            return None
        (best, value), second = ours[0], (ours[1][1] if len(ours) > 1 else 0.0)
        value, second = value / total, second / total
        if value < self.min_confidence and not (value >= 0.25 and value >= 1.5 * second):
            return None  # neither confident nor clearly ahead of the runner-up
        return Guess(best, round(float(value), 3), "detector")

    def _classified(self, text: str) -> Optional[Guess]:
        probabilities = self._classifier.predict_proba([text])[0]
        ours = {lang: float(p) for lang, p in zip(self._classifier.classes_, probabilities) if lang in self.languages}
        if not ours:
            return None
        best = max(ours, key=ours.get)
        if ours[best] < self.min_confidence:
            return None
        return Guess(best, round(ours[best], 3), "classifier")


# Shelter and service names are Dutch whatever language the message is in ("why not
# Vrouwenopvang Maasvallei?"): a name word and the capitalised words after it are left out.
_NAMES = re.compile(r"\b(?:\w*(?:opvang|Opvang|huis|Huis)\w*|Logement|Noodbed|Noodopvang|opvanglijn|Opvanglijn|"
                    r"OMM|COSM|AVIM|KMar|cosm|omm|avim)\b(?:\s+(?:De|de|Het|het|'t|van|aan|den|Den)?\s*[A-Z][\w'-]*)*")
_LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z'\-]*")


def language_part(text: str) -> str:
    text = _without_places_and_numbers(_NAMES.sub(" ", text))
    other_script = sum(1 for c in text if c.isalpha() and ord(c) > 0x24F)
    if other_script >= 3:  # Arabic, Cyrillic or Chinese with Latin words mixed in: the script decides
        text = _LATIN_WORD.sub(" ", text)
    return text


# Informal romanised writing that lingua does not know: Vietnamese typed without its accents and
# Arabic in Latin letters with digits for sounds (3 = ع, 7 = ح, 9 = ق, 2 = ء). Written from common
# usage, not from the evaluation set; a language needs several distinct cues.
_ROMANISED = {
    "vi": frozenset("toi ko khong hong giup duoc dc cua nha em anh chi roi nay lam biet muon voi oi nhieu "
                    "cam on tiem nguoi di dau sao vay nhe cuu bon dang ngu ngoai duong gap can tuoi ho chieu "
                    "giet dam bo ra khoi neu cung ban cho".split()),
    "ar": frozenset("wach bghit bghina ana rani kifach chno chnou had hadi 3afak 3andi ma3ndi ma3andi khti "
                    "khouya lpatron dyal dial mzyan bzaf safi wakha inchallah hamdoulah salam ahlan sahlan "
                    "baddi shu ma3i kayn makaynch fin nbat 3awnoni bsr3a m3a m3ahom 3liya lina".split()),
}
_ARABIZI_DIGIT = re.compile(r"[a-z][2379][a-z]|\b[2379][a-z]{2,}|[a-z]{2,}[2379]\b")


def romanised_language(text: str) -> Optional[str]:
    plain = normalise(text)
    if any(ord(c) > 0x24F for c in plain if c.isalpha()):
        return None
    words = plain.split()
    if len(words) < 2:
        return None
    hits = {lang: len(set(words) & cues) for lang, cues in _ROMANISED.items()}
    if len(_ARABIZI_DIGIT.findall(plain)) >= 1:
        hits["ar"] += 2
    lang, count = max(hits.items(), key=lambda item: item[1])
    needed = 3 if lang == "vi" else 2
    return lang if count >= needed and count >= 0.4 * len(words) else None


def _without_places_and_numbers(text: str) -> str:
    from bot.nlu.places import find_places

    for place in reversed(find_places(text)):
        text = text[:place.start] + " " + text[place.end:]
    return re.sub(r"\d+", " ", text)


def _plausible(language: str, text: str) -> bool:
    """Persian and Urdu share the Arabic script; without one of their own letters it is Arabic."""
    if language == "fa":
        return any(c in "پچژگکی" for c in text)
    if language == "ur":
        return any(c in "ٹڈڑںےھ" for c in text)
    return True


def _looks_like_words(text: str) -> bool:
    words = normalise(text).split()
    if _dense_script(text):
        return True
    latin = [w for w in words if all(ord(c) <= 0x24F for c in w)]
    without_vowel = [w for w in latin if len(w) > 1 and not re.search(r"[aeiouy]", w)]
    return len(set(words)) >= 2 and len(without_vowel) * 4 <= len(words)


def _ethiopic(text: str) -> bool:
    return sum(1 for c in text if "\u1200" <= c <= "\u137f") >= 3


def _dense_script(text: str) -> bool:
    """Chinese is written without spaces: four or more CJK characters count as enough."""
    return sum(1 for c in text if "\u4e00" <= c <= "\u9fff") >= 4
