"""Turn a SearchResult into short, SMS-sized text for professionals (Dutch and English).

Professionals' lane only: shelter names, regions and intake phones are shown, never an address
(the registry has none). Victims never see this text.
"""
from __future__ import annotations

from typing import List

from bot.registry import rules as R
from bot.registry.matching import Offer, SearchResult
from bot.registry.municipality import by_code

_TEXT = {
    "en": {
        "free": "{n} free", "updated": "updated {age}", "unconfirmed": "unconfirmed, call first",
        "minutes": "{n} min ago", "hours": "{n} h ago", "ooh": "24/7 intake", "office": "office hours",
        "decides": "decides: {who}", "why": "why", "none": "none",
        "ranked_lower": "it fits, but ranks below the places shown (farther away or fewer free beds)",
    },
    "nl": {
        "free": "{n} vrij", "updated": "bijgewerkt {age}", "unconfirmed": "onbevestigd, eerst bellen",
        "minutes": "{n} min geleden", "hours": "{n} uur geleden", "ooh": "intake 24/7",
        "office": "kantooruren", "decides": "beslist: {who}", "why": "waarom", "none": "geen",
        "ranked_lower": "past wel, maar staat lager dan de getoonde plekken (verder weg of minder vrije bedden)",
    },
}
TYPE_NAMES = {
    "nl": {"cosm": "COSM", "omm": "OMM", "nla": "NLA-bed", "wmo": "Wmo-plek", "mannenopvang": "mannenopvang",
           "vrouwenopvang": "vrouwenopvang", "maatschappelijke_opvang": "maatschappelijke opvang",
           "crisis": "noodbed", "specialist": "specialistische opvang", "jeugdzorg": "jeugdzorg",
           "jeugd_crisis": "crisisopvang jeugd", "gesloten_jeugdzorg": "gesloten jeugdzorg",
           "bo": "Beschermde Opvang", "amv_opvanggezin": "opvanggezin (AMV)",
           "amv_kleinschalig": "kleinschalige opvang (AMV)", "azc": "azc", "beschermd_wonen": "beschermd wonen",
           "detox": "detox", "groepsaccommodatie": "groepsaccommodatie"},
    "en": {"cosm": "COSM", "omm": "OMM", "nla": "NLA bed", "wmo": "municipal place", "mannenopvang": "men's shelter",
           "vrouwenopvang": "women's shelter", "maatschappelijke_opvang": "general shelter", "crisis": "emergency bed",
           "specialist": "specialist shelter", "jeugdzorg": "youth care", "jeugd_crisis": "youth crisis care",
           "gesloten_jeugdzorg": "closed youth care", "bo": "Protected Reception (BO)",
           "amv_opvanggezin": "foster family (UAM)", "amv_kleinschalig": "small unit (UAM)", "azc": "asylum centre",
           "beschermd_wonen": "sheltered housing", "detox": "detox", "groepsaccommodatie": "group housing"},
}


def _lang(language: str) -> str:
    return "nl" if language == "nl" else "en"


def age_text(minutes: int, language: str) -> str:
    t = _TEXT[_lang(language)]
    return t["minutes"].format(n=minutes) if minutes < 120 else t["hours"].format(n=minutes // 60)


def offer_line(number: int, offer: Offer, language: str) -> str:
    lang = _lang(language)
    t = _TEXT[lang]
    s = offer.shelter
    place = by_code(s.municipality)
    if offer.freshness == "unconfirmed":
        count = f"{t['free'].format(n=offer.free)} ({t['unconfirmed']}, {age_text(offer.age_minutes, lang)})"
    else:
        count = f"{t['free'].format(n=offer.free)} ({t['updated'].format(age=age_text(offer.age_minutes, lang))})"
    intake = t["ooh"] if s.out_of_hours_intake else t["office"]
    line = (f"{number}. {s.name}: {TYPE_NAMES[lang].get(s.type, s.type)}, {place.name} ({s.region}), {count}, "
            f"{intake} {s.phone_for_professionals}")
    if offer.decider:
        line += f"; {t['decides'].format(who=offer.decider)}"
        if offer.decision_rules:
            line += f" ({R.explain(offer.decision_rules[0], lang)})"
    return line


def offers_text(offers: List[Offer], language: str, start: int = 1) -> str:
    return "\n".join(offer_line(start + i, offer, language) for i, offer in enumerate(offers))


def bridging_text(result: SearchResult, language: str) -> str:
    lang = _lang(language)
    return "\n".join(f"- {step.text(lang)}" for step in result.bridging)


def warnings_text(result: SearchResult, language: str) -> str:
    lang = _lang(language)
    return "\n".join(f"! {R.explain(rule, lang)}" for rule in result.warnings)


def why_not_text(result: SearchResult, code: str, language: str) -> str:
    lang = _lang(language)
    rules = result.why_not(code)
    if not rules:
        return _TEXT[lang]["ranked_lower"]
    return "; ".join(f"{rule}: {R.explain(rule, lang)}" for rule in rules)
