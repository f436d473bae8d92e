"""Shelter lane by SMS and WhatsApp: "BEDDEN 3" / "BEDS 3" sets the shelter's free regular beds.

The shelters' registered intake numbers (`phone_for_professionals` in the registry) are the
verified senders: the Twilio channels check the signature, and only a message from such a number
changes anything. `NOODBED n` / `EMERGENCY n` and `CRISIS n` set those kinds of bed. A number
registered for several shelters names the shelter: `BEDDEN 3 man-apeldoorn`. Anyone else changes
nothing and is told how to register. The answer always states the new state of the shelter.
"""
from __future__ import annotations

import logging
import re
from typing import List, Optional

from sqlalchemy import select

from bot.registry import orm
from bot.registry.service import Registry, RegistryError

log = logging.getLogger("opvanglijn.registry")
COMMAND = re.compile(r"^\s*(bedden|beds|bed|noodbed(?:den)?|emergency|crisis)\s+(\d{1,3})(?:\s+([\w-]{2,40}))?\s*$",
                     re.IGNORECASE)
KINDS = {"bedden": "regular", "beds": "regular", "bed": "regular", "noodbed": "emergency",
         "noodbedden": "emergency", "emergency": "emergency", "crisis": "crisis"}
KIND_NL = {"regular": "regulier", "emergency": "noodbed", "crisis": "crisis"}
NOT_REGISTERED = ("Dit nummer is niet geregistreerd als intakenummer van een opvang; er is niets gewijzigd. "
                  "Registreren kan via de beheerder van Opvanglijn (registry import). / This number is not a "
                  "registered shelter intake number; nothing was changed. Ask the Opvanglijn administrator to "
                  "register it.")


def _shelters_of(registry: Registry, phone: str) -> List[dict]:
    with registry.engine.connect() as conn:
        return [dict(r) for r in conn.execute(select(orm.shelters.c.id, orm.shelters.c.code, orm.shelters.c.name)
                                              .where(orm.shelters.c.phone_for_professionals == phone)).mappings()]


def _state(registry: Registry, shelter: dict) -> str:
    with registry.engine.connect() as conn:
        rows = conn.execute(select(orm.beds.c.kind, orm.beds.c.free, orm.beds.c.capacity)
                            .where(orm.beds.c.shelter_id == shelter["id"]).order_by(orm.beds.c.kind)).all()
    return ", ".join(f"{KIND_NL.get(r.kind, r.kind)} {r.free}/{r.capacity} vrij" for r in rows) or "geen bedden"


def answer(registry: Registry, sender: str, body: str) -> Optional[str]:
    """The reply to a bed update from `sender`, or None when `body` is not a bed update."""
    if not COMMAND.match(body or ""):
        return None
    shelters = _shelters_of(registry, sender.removeprefix("whatsapp:"))
    if not shelters:
        log.info("bed update from an unregistered number refused")
        return NOT_REGISTERED
    return apply(registry, shelters, body, "shelter-sms")


def apply(registry: Registry, shelters: List[dict], body: str, channel: str) -> Optional[str]:
    """Apply a bed command for one of `shelters` (those the sender may change); the reply text."""
    match = COMMAND.match(body or "")
    if not match:
        return None
    kind, free, named = KINDS[match.group(1).lower()], int(match.group(2)), (match.group(3) or "").lower()
    if named:
        shelters = [s for s in shelters if s["code"] == named]
        if not shelters:
            return f"Onbekende opvangcode {named} voor dit nummer; er is niets gewijzigd."
    if len(shelters) > 1:
        codes = ", ".join(s["code"] for s in shelters)
        return f"Dit nummer hoort bij meerdere opvangen ({codes}). Stuur bijv. BEDDEN {free} {shelters[0]['code']}."
    shelter = shelters[0]
    try:
        registry.set_free(shelter["code"], kind, free, actor=f"{channel}:{shelter['code']}")
    except RegistryError as exc:
        return f"Niet gewijzigd: {exc}. Nu: {_state(registry, shelter)}."
    log.info("bed update by %s for %s (%s)", channel, shelter["code"], kind)
    return f"Bijgewerkt. {shelter['name']}: {_state(registry, shelter)}."


def shelter_by_code(registry: Registry, code: str) -> List[dict]:
    with registry.engine.connect() as conn:
        return [dict(r) for r in conn.execute(select(orm.shelters.c.id, orm.shelters.c.code, orm.shelters.c.name)
                                              .where(orm.shelters.c.code == code)).mappings()]
