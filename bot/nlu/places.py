"""Find Dutch places in a message with the municipality gazetteer, and tell unsafe ones apart.

A statistical extractor cannot know the 342 municipality names from a few hundred examples and
cuts multi-word names short; a gazetteer knows all of them (`bot.registry.municipality`). A place
is "unsafe" when a cue before it says the person must not go or stay there ("niet in Limburg",
"not in Rotterdam", "daders in Tiel", "nie w Venlo", "不要在Limburg"); lists continue the cue
("niet in Limburg of Brabant").
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

_DUTCH_ENGLISH_CUES = (
    "niet in", "niet naar", "niet terug naar", "niet blijven in", "niet de regio", "weg uit", "nooit naar",
    "geen plek in", "onveilig in", "onveilig", "buiten", "daders in", "daders zitten in", "uitbuiters in",
    "netwerk in", "not in", "not to", "not back to", "not stay in", "must not stay in", "never to", "away from",
    "outside", "unsafe in", "unsafe", "exploiters in", "exploiters are in", "traffickers in", "network in",
    "avoid", "no placement in", "not near",
)
# Cues in the other languages of the hotline, written normally; `UNSAFE_CUES` below holds them as `_plain` spells
# them. Only cues that are separate words before a (Latin-script) Dutch name; never a bare preposition ("w", "в",
# "en", "في"), which is also how people say where someone was found. Chinese has no spaces: its cues are
# matched at the end of the run of Chinese characters before the name ("她不要在Limburg").
_MULTILINGUAL_CUES = {
    "pl": ("nie w", "nie we", "nie do", "nie na", "nie wracać do", "nie może zostać w", "nie może jechać do",
           "nigdy do", "z dala od", "poza", "niebezpiecznie w", "niebezpieczne", "sprawcy w", "sprawcy są w",
           "handlarze w", "unikać"),
    "ro": ("dar nu în", "nu la", "nu spre", "nu înapoi în", "nu înapoi la", "nu merge în", "nu merge la",
           "nu poate rămâne în", "nu poate sta în", "niciodată în", "niciodată la", "departe de", "în afara",
           "nesigur în", "periculos în", "exploatatorii sunt în", "exploatatorii în", "traficanții sunt în",
           "traficanții în", "evită"),  # "nu in" without its accent is Dutch "nu in" (now in): see _ACCENTED_CUES
    "bg": ("не в", "не във", "не и в", "не е в", "не до", "не отивай в", "не може да остане в",
           "не се връща в", "никога в", "далеч от", "извън", "опасно в", "експлоататорите са в",
           "трафикантите са в"),
    "hu": ("nem", "ne", "soha", "távol", "nem biztonságos", "veszélyes", "tettesek", "kizsákmányolók",
           "emberkereskedők"),
    "uk": ("не в", "не у", "не до", "не на", "не повертатися до", "не можна в", "не можна у", "не можна до",
           "не залишатися в", "не залишатися у", "ніколи в", "ніколи до", "подалі від", "далеко від", "поза",
           "за межами", "небезпечно в", "небезпечно у", "експлуататори в", "експлуататори у",
           "торговці людьми в", "торговці людьми у", "уникати"),
    "ru": ("не в", "не во", "не на", "не ехать в", "нельзя в", "не оставаться в", "нельзя оставаться в",
           "не возвращаться в", "никогда в", "подальше от", "вдали от", "далеко от", "вне", "за пределами",
           "опасно в", "эксплуататоры в", "торговцы людьми в", "избегать"),
    "es": ("no en", "no a", "no ir a", "no volver a", "no puede quedarse en", "no puede ir a", "no debe ir a",
           "no debe estar en", "nunca a", "nunca en", "lejos de", "lejos del", "fuera de", "inseguro en",
           "peligroso en", "explotadores en", "tratantes en", "evitar"),
    "pt": ("não em", "não no", "não na", "não para", "não ir para", "não voltar para", "não pode ficar em",
           "não pode ir para", "nunca para", "nunca em", "longe de", "longe do", "longe da", "fora de",
           "inseguro em", "perigoso em", "exploradores em", "traficantes em", "evitar"),
    "fr": ("pas à", "pas a", "pas au", "pas en", "pas dans", "pas vers", "ne pas aller à", "ne pas rester à",
           "ne doit pas aller à", "ne peut pas rester à", "pas retourner à", "jamais à", "loin de", "loin du",
           "hors de", "hors du", "dangereux à", "exploiteurs à", "exploiteurs sont à", "trafiquants à",
           "trafiquants sont à", "éviter"),
    "ar": ("ليس في", "ليست في", "ليس إلى", "لا في", "لا إلى", "لا تذهب إلى", "لا يذهب إلى", "لا يمكن البقاء في",
           "لا تبقى في", "لا يبقى في", "بعيدا عن", "بعيد عن", "خارج", "غير آمن في", "خطر في", "الجناة في",
           "المستغلون في", "المتاجرون في", "تجنب", "لا يجب أن تبقى في", "لا يجب ان تبقى في",
           "ماشي في", "ماشي ف", "بعيد على", "machi f", "machi fi", "khasshach tb9a f"),  # from ماشي on: Darija
    "vi": ("không ở", "không ở lại", "không tại", "không đến", "không về", "không quay lại", "không được ở",
           "không được đến", "không thể ở", "tránh xa", "nguy hiểm ở", "không an toàn ở", "kẻ buôn người ở",
           "bọn bóc lột ở", "ko o", "k o", "ko duoc o", "khong duoc o", "ko dc o", "ko den"),  # SMS: ko = không
    "zh": ("不要在", "不能在", "不在", "别在", "別在", "不要去", "不能去", "别去", "別去", "不去", "不要回", "不能回",
           "不要留在", "不能留在", "远离", "遠離", "避开", "避開", "离开", "離開", "不安全", "剥削者在", "剝削者在",
           "人贩子在", "人販子在", "施害者在"),
}
# Cues whose plain form is ordinary Dutch ("nu in" = "now in"): they count only as written, accents and all.
_ACCENTED_CUES = tuple(unicodedata.normalize("NFC", cue) for cue in ("nu în",))  # ro
# ... unless the message is known to be in that language: Romanian typed without diacritics.
_PLAIN_IN_LANGUAGE = {"ro": ("nu in",)}
LIST_WORDS = {"of", "en", "or", "and", "noch", "nor", "ook", "also", "en ook"}
_FILLERS = {"de", "het", "the", "regio", "region", "provincie", "province", "gemeente", "municipality", "area",
            "omgeving", "buurt", "city", "stad",
            "regionu", "regionie", "prowincji", "okolicy",  # pl
            "regiunea", "zona", "provincia",  # ro, es, pt
            "le", "la", "les", "région", "commune", "ville",  # fr
            "región", "região", "província",  # es, pt
            "област", "областта", "провинция", "провинцията", "региона",  # bg
            "провинция", "провинции", "регион", "регионе", "область", "области", "город",  # ru
            "провінція", "провінції", "регіон", "регіоні", "область", "області", "місто",  # uk
            "tỉnh", "vùng",  # vi
            "منطقة", "مقاطعة", "مدينة"}  # ar
PREPOSITIONS = {"in", "uit", "te", "bij", "naar", "from", "at", "near", "to", "around", "rond", "omgeving",
                "bureau", "station", "gemeente"}
COMMON_WORDS = {"best", "goes", "leiden", "buren", "beek", "hoorn", "putten", "borne", "sluis", "laren",
                "bergen", "ede", "epe", "stein", "echt", "lopik", "boxtel", "veere", "oss", "urk", "weert",
                "horst", "berg", "dal", "land", "waterland", "vaals", "uden", "ommen", "meppel", "gennep",
                "rheden", "epe", "zeist", "baarn", "soest", "delft", "lisse", "dongen", "loon", "zundert"}
# After these a misspelt name still counts ("gevonden in amsterdm"): place prepositions of our languages.
TYPO_AFTER = PREPOSITIONS | {"w", "we", "z", "do", "la", "din", "в", "във", "у", "из", "з", "до", "en", "em", "no",
                             "na", "a", "au", "o", "tai", "في"}  # as _plain spells them
MAX_WORDS = 5
_WORD = re.compile(r"[\w'’]+(?:-[\w'’]+)*", re.UNICODE)
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


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


def _latin(c: str) -> bool:
    return c < "\u0370" or "\u1e00" <= c <= "\u1eff"


def _script(c: str) -> str:
    return "latin" if _latin(c) else "cjk" if _CJK.match(c) else "other"


def _words(text: str) -> List[Tuple[int, int, str]]:
    """(start, end, plain word); a word is also cut where the script changes ("不要在Limburg", "вLimburg")."""
    words = []
    for m in _WORD.finditer(text):
        start = m.start()
        for i in range(m.start() + 1, m.end() + 1):
            if i == m.end() or _script(text[i]) != _script(text[i - 1]):
                piece = text[start:i]
                lead = len(piece) - len(piece.lstrip("-'’"))
                piece = piece.strip("-'’")
                if piece:
                    words.append((start + lead, start + lead + len(piece), _plain(piece)))
                start = i
    return words


UNSAFE_CUES = _DUTCH_ENGLISH_CUES + tuple(dict.fromkeys(
    _plain(cue) for cues in _MULTILINGUAL_CUES.values() for cue in cues if _plain(cue) not in _DUTCH_ENGLISH_CUES))
_SUFFIX_CUES = tuple(cue for cue in UNSAFE_CUES if _CJK.match(cue[-1]))
FILLERS = {_plain(word) for word in _FILLERS}


@lru_cache(maxsize=1)
def _areas() -> Dict[str, str]:
    names = {_plain(name): name for name in (*PROVINCES, *POLICE_UNITS)}
    names.update({"brabant": "Noord-Brabant", "friesland": "Fryslân", "north holland": "Noord-Holland",
                  "south holland": "Zuid-Holland", "north brabant": "Noord-Brabant", "zeeuws-vlaanderen": "Zeeland"})
    return names


def _lookup(words: List[Tuple[int, int, str]], original: str, typo: bool) -> Optional[Tuple[int, str]]:
    """Longest match starting at words[0]: (number of words used, canonical name).

    Names match as written; a typing error ("amsterdm") only in a single word the person seems to
    mean as a place (`typo`), so that "bosser" is not Losser and "dingen" not Dongen.
    """
    latin = 0  # Dutch names are Latin script; the registry would drop other letters ("в Tilburg" -> "tilburg")
    while latin < min(MAX_WORDS, len(words)) and _latin(words[latin][2][0]):
        latin += 1
    for size in range(latin, 0, -1):
        phrase = original[words[0][0]:words[size - 1][1]]
        key = _plain(phrase)
        if key in _areas():
            return size, _areas()[key]
        place = resolve_place(phrase, loose=False)
        if place is None and size == 1 and typo:
            place = resolve_place(phrase)
        if place is not None and (size > 1 or len(key) >= 3):
            return size, place.name
    return None


def _ends_with(words: List[str], cues) -> bool:
    before = " ".join(words[-MAX_WORDS:])
    return any(before == cue or before.endswith(" " + cue) for cue in cues)


def _cue_before(words: List[str], raw: List[str], extra: Tuple[str, ...] = ()) -> bool:
    """Do the words just before a place (fillers like "de regio" skipped) end with an unsafe cue?

    `words` are plain (`_plain`), `raw` the same words only lower-cased, for `_ACCENTED_CUES`.
    """
    while True:  # try before and after each filler goes: "lejos de" ends in the filler "de"
        if words and (_ends_with(words, UNSAFE_CUES) or words[-1].endswith(_SUFFIX_CUES)
                      or _ends_with(raw, _ACCENTED_CUES) or (extra and _ends_with(words, extra))):
            return True
        if not words or words[-1] not in FILLERS:
            return False
        words, raw = words[:-1], raw[:-1]


def find_places(text: str, language: Optional[str] = None) -> List[FoundPlace]:
    """Places in the message; `language`, when the message's language is known, adds the cues that
    are only unsafe in that language ("nu in" in Romanian typed without diacritics)."""
    extra = _PLAIN_IN_LANGUAGE.get(language or "", ())
    words = _words(text)
    plain = [w for _, _, w in words]
    raw = [unicodedata.normalize("NFC", text[start:end].lower()) for start, end, _ in words]
    found: List[FoundPlace] = []
    last_unsafe = None  # index just after the last unsafe place: a list may go on from there
    i = 0
    while i < len(words):
        previous = plain[i - 1] if i else ""
        match = _lookup(words[i:], text, text[words[i][0]].isupper() or previous in TYPO_AFTER)
        if match is None:
            i += 1
            continue
        size, value = match
        start, end = words[i][0], words[i + size - 1][1]
        surface = text[start:end]
        if size == 1 and plain[i] in COMMON_WORDS and not surface[:1].isupper() and previous not in PREPOSITIONS:
            i += 1
            continue
        continues_list = last_unsafe is not None and all(w in LIST_WORDS | FILLERS for w in plain[last_unsafe:i])
        unsafe = continues_list or _cue_before(plain[:i], raw[:i], extra)
        found.append(FoundPlace(start, end, surface, value, unsafe))
        last_unsafe = i + size if unsafe else None
        i += size
    return found
