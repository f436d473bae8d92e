"""Needs, residence status and reflection period read from free text (professional lane).

"vrouw, 24, zwanger, met 2 kinderen en een hond, geen verblijfsvergunning, bedenktijd" carries
six facts the registry's rules decide on (R-rules in domain.md §2.4). DIET entities for each would
need thousands of annotated examples; these are closed vocabularies, so a word list with a small
negation window ("geen drugs", "not pregnant") reads them reliably. Dutch and English, the
professional lane's languages (issue #6: professionals at least in nl and en).

`read(text)` returns only what the text says; `merge` keeps what an earlier message said unless a
later one corrects it. Codes are the `Profile` field names (bot.registry.model), one name per feature,
plus `health` (a medical need the victim lane passes on; no registry rule decides on it).

`read(text, language)` also reads the victim lane's answer in the person's language with the word
lists of bot/triage/needs_words.py (children, pregnancy, pets, drugs or alcohol, mental and
physical health); Dutch and English words are always read.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Dict, Iterable, List, Optional, Tuple

# need code -> words (plain ASCII, lower case; multi-word phrases allowed)
_FLAGS: Dict[str, Tuple[str, ...]] = {
    "addiction": ("verslaafd", "verslaving", "addicted", "addiction", "junkie"),
    "substance_use": ("drugs", "drugsgebruik", "gebruikt drugs", "middelengebruik", "alcohol", "drinkt", "drinks",
                      "cocaine", "heroine", "heroin", "crack", "speed", "ghb", "substance use", "uses drugs",
                      "blowt", "cannabis", "wiet"),
    "needs_detox": ("detox", "ontgifting", "afkicken"),
    "post_detox": ("na detox", "na de detox", "detox afgerond", "rondt detox", "rondt de detox", "after detox",
                   "finished detox", "completed detox", "finishes detox", "clean na detox"),
    "psychiatric": ("psychiatrisch", "psychiatrische", "psychiatric", "psychose", "psychosis", "psychotisch", "psychische", "psychische problemen",
                    "psychotic", "ggz", "suicidaal", "suicidal", "schizofreen", "schizophrenia", "ptss", "ptsd",
                    "mental health", "mentally ill", "psychisch"),
    "mild_intellectual_disability": ("lvb", "licht verstandelijk", "verstandelijke beperking",
                                     "intellectual disability", "learning disability"),
    "pregnant": ("zwanger", "pregnant", "in verwachting", "expecting a baby"),
    "pets": ("hond", "honden", "kat", "katten", "huisdier", "huisdieren", "dog", "dogs", "cat", "cats", "pet", "pets",
             "puppy", "konijn"),
    "reflection_period_offered": ("bedenktijd", "reflection period", "reflectieperiode", "b8 bedenktijd",
                                  "in reflection"),
    "contact_with_network": ("contact met daders", "contact met de daders", "contact with the perpetrators",
                             "in contact with exploiters", "still in contact"),
}
_CHILD_WORDS = ("kind", "kinderen", "kindje", "kids", "kid", "child", "children", "baby", "babys", "baby's",
                "zoon", "dochter", "son", "daughter", "zoontje", "dochtertje")
_NUMBER = {"een": 1, "1": 1, "a": 1, "an": 1, "one": 1, "twee": 2, "two": 2, "drie": 3, "three": 3, "vier": 4,
           "four": 4, "vijf": 5, "five": 5, "2": 2, "3": 3, "4": 4, "5": 5, "6": 6}
# residence status code -> words; the first match in this order wins (most specific first)
_STATUS: Tuple[Tuple[str, Tuple[str, ...]], ...] = (
    ("dublin_indication", ("dublin", "dublinclaim", "dublin claim")),
    ("b8_temporary_permit", ("b8", "b8-vergunning", "b8 permit", "verblijfsvergunning b8")),
    ("asylum_seeker", ("asielzoeker", "asiel", "asylum seeker", "asylum", "azc", "vluchteling", "refugee")),
    ("no_lawful_residence", ("geen verblijfsvergunning", "ongedocumenteerd", "ongedocumenteerde", "undocumented",
                             "illegaal", "geen papieren", "no papers", "no residence permit", "no permit",
                             "zonder verblijfsvergunning", "without papers", "irregular", "geen verblijfsstatus",
                             "zonder verblijfsstatus", "geen verblijfsrecht", "zonder verblijfsrecht",
                             "geen status", "zonder status", "zonder papieren", "no residence status",
                             "no legal status", "no status", "no residence", "not lawfully resident",
                             "niet rechtmatig", "onrechtmatig verblijf")),
    ("eu_union_rights", ("eu-burger", "eu burger", "eu citizen", "eu-onderdaan", "pools", "poolse", "polish",
                         "roemeens", "roemeense", "romanian", "bulgaars", "bulgaarse", "bulgarian", "hongaars",
                         "hongaarse", "hungarian", "uit de eu", "from the eu")),
    ("third_country_lawful", ("verblijfsvergunning", "residence permit", "permit")),
    ("dutch", ("nederlander", "nederlandse", "dutch", "nl nationaliteit", "dutch national")),
)
_NEGATIONS = ("geen", "niet", "no", "not", "zonder", "without", "never", "nooit", "non", "niks")


@dataclass(frozen=True)
class Needs:
    flags: Tuple[str, ...] = ()  # Profile boolean fields that are true
    denied: Tuple[str, ...] = ()  # said explicitly not to apply ("geen drugs")
    children: Optional[int] = None  # None: not mentioned; 0: "geen kinderen"
    residence_status: Optional[str] = None

    def codes(self) -> List[str]:
        """The slot value: flag codes, plus children:<n> (n may be 0)."""
        codes = list(self.flags) + [f"not:{code}" for code in self.denied]
        if self.children is not None:
            codes.append(f"children:{self.children}")
        return codes


def _plain(text: str) -> str:
    """Lower case, accents removed (people type "ciaza" for "ciąża"), every script kept."""
    text = unicodedata.normalize("NFKD", (text or "").lower())
    text = "".join(c for c in text if not unicodedata.combining(c)).replace("ł", "l").replace("đ", "d")
    text = re.sub(r"[,.;:!?()/،؟。，！？；：]+", " | ", text)  # a clause boundary: negation stops there
    text = re.sub(r"\b([dljmnst]|qu)'", r"\1 ", text)  # French elision: "pas d'enfants", "l'alcool"
    return " " + re.sub(r"[^\w'\-|]+", " ", text).strip() + " "


def _cjk(phrase: str) -> bool:
    return any("\u4e00" <= c <= "\u9fff" for c in phrase)


def _find(plain: str, phrase: str) -> List[int]:
    if _cjk(phrase):  # Chinese has no spaces between words
        return [m.start() for m in re.finditer(re.escape(phrase), plain)]
    prefix = "[وبل]?" if _arabic(phrase) else ""  # Arabic "and/with/for" join the next word: "وكلب"
    ending = r"\w*" if phrase in _STEMS else ""  # Hungarian endings: "gyerek" + "emmel"
    return [m.start() for m in re.finditer(rf"(?<=\s){prefix}{re.escape(phrase)}{ending}(?=\s)", plain)]


# Hungarian stems that take any case ending or possessive ("kutyámmal", "gyerekeimmel"); only
# stems long enough not to start unrelated words.
_STEMS = frozenset({"gyerek", "gyermek", "kutya", "kutyam", "macska", "terhes", "kabitoszer", "alkohol",
                    "depresszio", "orvos"})


def _arabic(phrase: str) -> bool:
    return any("\u0600" <= c <= "\u06ff" for c in phrase)


def _before(plain: str, at: int, words: int = 2) -> List[str]:
    """The words just before a hit, within its clause (for Chinese: the characters before it)."""
    clause = plain[:at].split("|")[-1]
    if clause.strip() and _cjk(clause.strip()[-1]):
        return [clause.strip()[-2:], clause.strip()[-1:]]
    return clause.split()[-words:]


def _after(plain: str, end: int, negations) -> bool:
    """A negation that follows the need word and closes its clause ("детей нет", "孩子没有").

    Only the whole rest of the clause: in a run-on SMS "mam dziecko nie wiem co robic" or
    "am doi copii nu am unde sa dorm" the "nie"/"nu am" belongs to the next sentence.
    """
    rest = plain[end:].split("|")[0].strip()
    return rest in negations


def _negated(plain: str, at: int, negations=_NEGATIONS, end: Optional[int] = None, postposed=()) -> bool:
    """A negation word among the two words before, a negation phrase ("nie mam", "没有") just before,
    or a negation the language puts after the word (`postposed`)."""
    if any(word in negations for word in _before(plain, at)):
        return True
    if postposed and end is not None and _after(plain, end, postposed):
        return True
    clause = " " + " ".join(plain[:at].split("|")[-1].split()[-4:])
    return any((" " in n and f" {n} " in clause + " ") or (_cjk(n) and clause.endswith(n)) for n in negations)


@lru_cache(maxsize=None)
def _tables(language: Optional[str]):
    """(flag words, child words, numbers, negations) for nl/en plus the person's language; built
    once per language, not on every message. Callers only read them."""
    flags = {code: tuple(words) for code, words in _FLAGS.items()}
    children, numbers, negations = tuple(_CHILD_WORDS), dict(_NUMBER), tuple(_NEGATIONS)
    postposed, counted = (), {}
    if language and language not in ("nl", "en"):
        from bot.triage import needs_words

        for code, words in needs_words.FLAGS.get(language, {}).items():
            words = tuple(_plain(w).strip() for w in words)
            if code == "children":
                children += words
            else:
                flags[code] = flags.get(code, ()) + words
        numbers.update({_plain(k).strip(): v for k, v in needs_words.NUMBERS.get(language, {}).items()})
        negations += tuple(_plain(w).strip() for w in needs_words.NEGATIONS.get(language, ()))
        postposed = tuple(_plain(w).strip() for w in needs_words.POSTPOSED_NEGATIONS.get(language, ()))
        counted = {_plain(k).strip(): v for k, v in needs_words.COUNTED.get(language, {}).items()}
    return flags, children, numbers, negations, postposed, counted


def read(text: str, language: Optional[str] = None) -> Needs:
    plain = _plain(text)
    table, children, numbers, negations, postposed, counted = _tables(language)
    flags, denied = [], []
    for code, words in table.items():
        hits = [(phrase, at) for phrase in words for at in _find(plain, phrase)]
        if not hits:
            continue
        if all(_negated(plain, at, negations, _end(plain, at, phrase), postposed) for phrase, at in hits):
            denied.append(code)
        else:
            flags.append(code)
    if "addiction" in flags and "substance_use" not in flags:
        flags.append("substance_use")
    if "post_detox" in flags:  # after detox: no place among active users (R19)
        flags = [f for f in flags if f != "needs_detox"] + ["require_no_active_users"]
    for phrase in sorted(table.get("pregnant", ()), key=len, reverse=True):  # "expecting a baby" is a
        # pregnancy, not a child with her; the longest phrase first ("怀了宝宝" before "怀了")
        if _cjk(phrase):
            plain = plain.replace(phrase, " " * len(phrase))
        else:
            plain = re.sub(rf"(?<=\s){re.escape(phrase)}(?=\s)", lambda m: " " * len(m.group()), plain)
    return Needs(tuple(flags), tuple(denied), _children(plain, children, numbers, negations, postposed, counted),
                 _residence(plain))


def _end(plain: str, at: int, phrase: str) -> int:
    """Where the word found at `at` ends, endings included (Chinese: where the phrase ends)."""
    if _cjk(phrase):
        return at + len(phrase)
    match = re.match(r"[^\s|]+", plain[at + len(phrase):])
    return at + len(phrase) + (match.end() if match else 0)


def _children(plain: str, words=_CHILD_WORDS, numbers=_NUMBER, negations=_NEGATIONS, postposed=(),
              counted=None) -> Optional[int]:
    for word in words:
        for at in _find(plain, word):
            before = _before(plain, at)
            if any(w in negations for w in before if w not in numbers):
                return 0
            end = _end(plain, at, word)
            if postposed and _after(plain, end, postposed):
                return 0
            found = plain[at:end]
            for form in (found, found[1:]):  # with or without a joined "و"/"ب"/"ل"
                if counted and form in counted:
                    return counted[form]
            for w in reversed(before):
                if w in numbers:
                    return numbers[w]
            return 1
    return None


def _residence(plain: str) -> Optional[str]:
    for code, words in _STATUS:
        for phrase in words:
            for at in _find(plain, phrase):
                if code in ("third_country_lawful", "dutch") and _negated(plain, at):
                    continue  # "geen verblijfsvergunning" is matched above, "niet Nederlands" says nothing
                return code
    return None


def merge(earlier: Iterable[str], later: Needs) -> List[str]:
    """Slot codes after a new message: a later statement about a need replaces the earlier one."""
    later_codes = later.codes()
    said = {code.split(":")[0] if code.startswith("children") else code.removeprefix("not:") for code in later_codes}
    kept = [code for code in earlier or ()
            if (code.split(":")[0] if code.startswith("children") else code.removeprefix("not:")) not in said]
    return kept + later_codes


def profile_fields(codes: Iterable[str]) -> dict:
    """Keyword arguments for `Profile` from the slot codes."""
    fields: dict = {}
    for code in codes or ():
        if code.startswith("children:"):
            fields["children"] = int(code.split(":", 1)[1])
        elif not code.startswith("not:") and code in _PROFILE_FIELDS:
            fields[code] = True
    return fields


_PROFILE_FIELDS = frozenset(_FLAGS) | {"require_no_active_users"}  # "health" informs a person, not the rules
