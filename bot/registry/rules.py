"""Catalogue of the admission and matching rules R01-R39 of domain.md §2.5.

Each rule has a kind (H hard, E eligibility, S soft, W warn, X exception path), a sentence a
professional can use to argue the case, in English and Dutch, and for X rules who decides. The
matcher refers to rules by id only; every user-facing explanation comes from here. Three extra
ids (S-AGE, S-STATUS, S-FORM) stand for a shelter's own declared criteria.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Dict, Optional


@dataclass(frozen=True)
class Rule:
    id: str
    kind: str
    en: str
    nl: str
    decider: Optional[str] = None

    def text(self, language: str = "en") -> str:
        return self.nl if language == "nl" else self.en


_RULES = [
    Rule("R01", "H", "no free bed of a fitting kind at the moment",
         "op dit moment geen vrij bed van een passend type"),
    Rule("R02", "X", "located in a region that is unsafe for this person",
         "ligt in een regio die voor deze persoon onveilig is", "on-call coordinator"),
    Rule("R03", "S", "same municipality as where the exploitation took place",
         "zelfde gemeente als waar de uitbuiting plaatsvond"),
    Rule("R04", "S", "near the place where the person was found (first phase)",
         "dichtbij de plek waar de persoon is aangetroffen (beginfase)"),
    Rule("R05", "W", "far from where the person was found: check the risk assessment and nearby "
         "municipalities first", "ver van de vindplaats: eerst risicotaxatie en omliggende gemeenten"),
    Rule("R06", "H", "does not admit this gender", "neemt dit gender niet op"),
    Rule("R07", "H", "minors only in youth care, adult shelters never admit minors "
         "(and youth places do not admit adults)",
         "minderjarigen alleen in de jeugdzorg; volwassenenopvang neemt geen minderjarigen op"),
    Rule("R08", "E", "Beschermde Opvang is only for unaccompanied minors without residence status",
         "Beschermde Opvang is alleen voor AMV zonder verblijfsstatus"),
    Rule("R09", "E", "COSM is only for adults without lawful residence in the reflection period "
         "(bedenktijd)", "COSM is alleen voor volwassenen zonder rechtmatig verblijf in de bedenktijd"),
    Rule("R10", "H", "COSM does not admit people with a Dublin indication (AZC pending decision)",
         "COSM neemt geen Dublinclaimanten op (azc in afwachting van besluit)"),
    Rule("R11", "X", "COSM for EU, Dutch or lawfully resident victims only as an individual exception",
         "COSM voor EU-, Nederlandse of rechtmatig verblijvende slachtoffers alleen als uitzondering",
         "CoMensha"),
    Rule("R12", "W", "COSM stay ends with the reflection period (max 3 months): start looking for "
         "the follow-on place now", "COSM-verblijf eindigt met de bedenktijd (max 3 maanden): zoek "
         "nu al een vervolgplek"),
    Rule("R13", "H", "places of this national scheme may not be used for other groups",
         "plekken van deze landelijke regeling mogen niet voor andere groepen worden gebruikt"),
    Rule("R14", "E", "NLA beds are only for labour exploitation (and the route must be open)",
         "NLA-bedden alleen bij arbeidsuitbuiting (en als de route open is)"),
    Rule("R15", "X", "OMM needs multiple problems and an application approved by CoMensha",
         "OMM vraagt multiproblematiek en een door CoMensha goedgekeurde aanmelding", "CoMensha"),
    Rule("R16", "H", "this OMM location has a contra-indication for substance use",
         "deze OMM-locatie heeft een contra-indicatie voor middelengebruik"),
    Rule("R17", "X", "severe addiction: detox first, then directly into OMM",
         "ernstige verslaving: eerst detox, daarna direct door naar OMM", "care coordinator"),
    Rule("R18", "H", "contra-indication for substance use, addiction or psychiatric problems",
         "contra-indicatie voor middelengebruik, verslaving of psychische problematiek"),
    Rule("R19", "S", "active users present, not right straight after detox",
         "actieve gebruikers aanwezig, niet passend direct na detox"),
    Rule("R20", "E", "women's shelter: women only, and this one requires exploitation in the "
         "relational sphere", "vrouwenopvang: alleen vrouwen, en deze vereist uitbuiting in de "
         "relationele sfeer"),
    Rule("R21", "E", "men's shelter: men only", "mannenopvang: alleen mannen"),
    Rule("R22", "E", "municipal place (Wmo/Jeugdwet) needs lawful residence",
         "gemeentelijke plek (Wmo/Jeugdwet) vraagt rechtmatig verblijf"),
    Rule("R23", "H", "only for people registered in this municipality (BRP)",
         "alleen voor ingeschrevenen van deze gemeente (BRP)"),
    Rule("R24", "X", "needs a guarantee of funding and follow-up from the responsible municipality",
         "vraagt garantie van financiering en vervolg door de verantwoordelijke gemeente",
         "responsible municipality"),
    Rule("R25", "S", "initial reluctance towards criminal exploitation: argue the case, it often "
         "works", "aanvankelijke weerstand bij criminele uitbuiting: goed beargumenteren lukt vaak"),
    Rule("R26", "H", "does not admit mixed victim/offender behaviour that shows (e.g. recruiting)",
         "neemt geen zichtbaar daderschapsgedrag op (bijv. werven)"),
    Rule("R27", "H", "does not admit children, pregnancy or pets as needed here",
         "neemt kinderen, zwangerschap of huisdieren zoals hier nodig niet op"),
    Rule("R28", "S", "trafficking expertise of the staff", "kennis van mensenhandel bij het team"),
    Rule("R29", "W", "mild intellectual disability or addiction: never a hotel without guidance; "
         "escalate", "LVB of verslaving: nooit hotel zonder begeleiding; opschalen"),
    Rule("R30", "S", "can stay during triage (weeks to months)",
         "kan blijven tijdens de triage (weken tot maanden)"),
    Rule("R31", "W", "still seeks contact with the exploiter: needs strong specialist guidance",
         "zoekt nog contact met de uitbuiter: stevige specialistische begeleiding nodig"),
    Rule("R32", "W", "current place is temporary: start the search for a follow-on place",
         "huidige plek is tijdelijk: start de zoektocht naar een vervolgplek"),
    Rule("R33", "E", "AZC is for asylum seekers and Dublin claimants; often unsafe for women",
         "azc is voor asielzoekers en Dublinclaimanten; voor vrouwen vaak onveilig"),
    Rule("R34", "E", "bridging (hotel, night shelter, police cell) only when nothing else is free; "
         "it is not a placement", "overbrugging (hotel, nachtopvang, cel) alleen als er niets vrij "
         "is; geen plaatsing"),
    Rule("R35", "S", "ranked by fit, never by which group is easiest",
         "gerangschikt op passendheid, nooit op welke groep het makkelijkst is"),
    Rule("R36", "S", "pathway order for lawful residents: emergency bed first, then shelter, then "
         "supported living", "volgorde voor rechtmatig verblijvenden: noodbed, dan opvang, dan "
         "begeleid wonen"),
    Rule("R37", "E", "sheltered housing needs an indication from the wijkteam or GGD",
         "beschermd wonen vraagt een indicatie van wijkteam of GGD"),
    Rule("R38", "E", "unaccompanied minors: under 15 a foster family, 15 and over a small COA unit",
         "AMV: onder 15 opvanggezin, vanaf 15 kleinschalige COA-opvang"),
    Rule("R39", "X", "closed youth care only with a court authorisation; listed, never booked",
         "gesloten jeugdzorg alleen met machtiging van de rechter; tonen, nooit boeken",
         "juvenile court"),
    Rule("S-AGE", "H", "outside this shelter's age range", "buiten de leeftijdsgrens van deze opvang"),
    Rule("S-STATUS", "H", "this shelter does not admit this residence status",
         "deze opvang neemt deze verblijfsstatus niet op"),
    Rule("S-FORM", "H", "this shelter does not admit this form of exploitation",
         "deze opvang neemt deze vorm van uitbuiting niet op"),
]

RULES: Dict[str, Rule] = {rule.id: rule for rule in _RULES}
# Bit positions for the matcher's masks; stable order = catalogue order.
BIT: Dict[str, int] = {rule.id: 1 << index for index, rule in enumerate(_RULES)}
EXCEPTION_RULES = frozenset(rule.id for rule in _RULES if rule.kind == "X")


def rule_ids(mask: int) -> tuple:
    """Rule ids whose bits are set in `mask`, in catalogue order."""
    return tuple(rule.id for rule in _RULES if mask & BIT[rule.id])


def explain(rule_id: str, language: str = "en") -> str:
    return RULES[rule_id].text(language)
