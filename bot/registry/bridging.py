"""The bridging ladder of rule R34: what to do tonight when no regular or emergency bed fits.

Bridging (hotel, night shelter, police cell) is never a placement: the search goes on. Minors
never get the adult ladder; people with a mild intellectual disability or an addiction never get
a hotel without guidance (R29).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Tuple

from bot.registry.model import Profile


@dataclass(frozen=True)
class BridgingStep:
    option: str
    en: str
    nl: str
    allowed: bool = True

    def text(self, language: str = "en") -> str:
        return self.nl if language == "nl" else self.en


def bridging_ladder(profile: Profile) -> Tuple[BridgingStep, ...]:
    if profile.is_minor:
        return (
            BridgingStep("youth_crisis", "Youth crisis placement through the regional crisis service "
                         "(Veilig Thuis / jeugdbescherming); for an unaccompanied minor: Nidos.",
                         "Crisisplaatsing jeugd via de regionale crisisdienst (Veilig Thuis / "
                         "jeugdbescherming); bij een AMV: Nidos."),
        )
    hotel_ok = not (profile.mild_intellectual_disability or profile.addiction)
    return (
        BridgingStep("hotel", "Hotel room under the regional agreement, with guidance arranged; keep "
                     "searching tomorrow morning." if hotel_ok else
                     "No hotel without guidance for this person (R29): escalate to the on-call "
                     "coordinator.",
                     "Hotelkamer volgens de regionale afspraak, met begeleiding; morgenochtend verder "
                     "zoeken." if hotel_ok else
                     "Geen hotel zonder begeleiding voor deze persoon (R29): schaal op naar de "
                     "dienstdoende coördinator.", hotel_ok),
        BridgingStep("night_shelter", "Night shelter for homeless people, for tonight only.",
                     "Nachtopvang voor daklozen, alleen voor vannacht."),
        BridgingStep("police_cell", "Police cell only in utmost need: no other place at all, or danger "
                     "of going back to the exploitation.",
                     "Politiecel alleen in uiterste nood: geen enkele andere plek, of gevaar van "
                     "terugkeer naar de uitbuiting."),
    )
