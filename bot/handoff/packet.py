"""The handoff packet: what a coordinator's phone shows when a conversation needs a human.

It carries only categories (case code, lane, language, urgency, needs flags, region) and how to
join. It never carries the person's phone number, name or message text: the coordinator reaches
those only through an authenticated path.
"""
from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from typing import Optional, Tuple

LANES = ("victim", "professional", "shelter")
URGENCIES = ("immediate", "tonight", "normal")
_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud on the phone


def new_case_code() -> str:
    return "OL-" + "".join(secrets.choice(_ALPHABET) for _ in range(6))


@dataclass(frozen=True)
class HandoffPacket:
    case_code: str
    lane: str
    language: str
    urgency: str = "normal"
    needs: Tuple[str, ...] = field(default_factory=tuple)
    region: Optional[str] = None
    join_url: str = ""

    def __post_init__(self) -> None:
        if self.lane not in LANES:
            raise ValueError(f"lane must be one of {', '.join(LANES)}")
        if self.urgency not in URGENCIES:
            raise ValueError(f"urgency must be one of {', '.join(URGENCIES)}")

    def sms(self) -> str:
        parts = [f"Opvanglijn {self.case_code}", f"{self.urgency.upper()}", self.lane, f"taal/lang {self.language}"]
        if self.region:
            parts.append(self.region)
        if self.needs:
            parts.append("needs: " + ",".join(self.needs))
        parts.append(f"join: {self.join_url}")
        parts.append(f"reply OK {self.case_code} to accept")
        return " | ".join(parts)
