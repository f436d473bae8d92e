"""Shelter hold confirmation by SMS: "bed for 1 woman, 24, tonight? reply JA/NEE".

A verified professional's hold can ask the shelter's intake number to confirm. `JA <hold>` from
that number confirms the hold; `NEE <hold>`, or no answer before the deadline (`sweep`), releases
it and asks the next fitting shelter with a free bed. The question carries only what a shelter
needs to decide (gender, age, tonight or later), never a name or a number.
"""
from __future__ import annotations

import logging
import re
import secrets
from dataclasses import asdict
from datetime import datetime, timedelta
from typing import Optional

from sqlalchemy import insert, select, update

from bot.messaging.gateway import GatewayError, MessageGateway, mask_phone
from bot.registry import orm
from bot.registry.db import utcnow, writer
from bot.registry.model import Profile
from bot.registry.service import NoFreeBed, Registry, RegistryError

log = logging.getLogger("opvanglijn.confirmation")
ANSWER = re.compile(r"^\s*(ja|yes|nee|no)\s+(h[0-9a-f]{8})\s*$", re.IGNORECASE)
GENDER_NL = {"female": "vrouw", "male": "man", "trans": "transpersoon", "other": "persoon", None: "persoon"}


def question(profile: Profile, hold_code: str) -> str:
    who = GENDER_NL.get(profile.gender, "persoon") + (f", {profile.age}" if profile.age is not None else "")
    when = "vannacht" if profile.need == "tonight" else "als vervolgplek"
    return (f"Opvanglijn: bed voor 1 {who}, {when}? Antwoord JA {hold_code} of NEE {hold_code}. "
            f"Het bed is tot dan voor jullie vastgehouden.")


def profile_to_json(profile: Profile) -> dict:
    data = asdict(profile)
    for key, value in data.items():
        if isinstance(value, frozenset):
            data[key] = sorted(value)
    return data


def profile_from_json(data: dict) -> Profile:
    return Profile(**{k: frozenset(v) if isinstance(v, list) else v for k, v in data.items()})


class HoldConfirmation:
    def __init__(self, registry: Registry, gateway: MessageGateway, answer_minutes: int = 30):
        self.registry, self.gateway = registry, gateway
        self.answer_minutes = answer_minutes
        self._writer = writer(registry.engine)

    def ask(self, hold_code: str, profile: Profile, actor: str, chain: Optional[str] = None,
            now: Optional[datetime] = None) -> str:
        """Send the question for an active hold; returns the chain id of this placement request."""
        now, chain = now or utcnow(), chain or secrets.token_hex(4)
        hold = self.registry.get_hold(hold_code)
        shelter = next(s for s in self.registry.snapshot().shelters if s.code == hold.shelter_code)
        with self._writer.begin() as conn:
            conn.execute(insert(orm.hold_requests).values(
                chain=chain, hold_code=hold_code, shelter_code=shelter.code, phone=shelter.phone_for_professionals,
                profile=profile_to_json(profile), asked_at=now, deadline=now + timedelta(minutes=self.answer_minutes),
                status="asked", actor=actor))
        self.gateway.send_sms(shelter.phone_for_professionals, question(profile, hold_code))
        log.info("hold %s: asked %s to confirm", hold_code, shelter.code)
        return chain

    def answer(self, sender: str, body: str, now: Optional[datetime] = None) -> Optional[str]:
        """Handle `JA/NEE <hold>` from the asked shelter; None when the message is not such an answer."""
        match = ANSWER.match(body or "")
        if not match:
            return None
        yes, code = match.group(1).lower() in ("ja", "yes"), match.group(2).upper()
        with self.registry.engine.connect() as conn:
            request = conn.execute(select(orm.hold_requests).where(
                orm.hold_requests.c.hold_code == code, orm.hold_requests.c.phone == sender)).mappings().first()
        if request is None:
            return None
        if request["status"] != "asked":
            return f"{code} is al afgehandeld ({request['status']})."
        if yes:
            try:
                self.registry.confirm(code, actor=f"shelter:{request['shelter_code']}")
            except RegistryError as exc:
                return f"{code} kon niet worden bevestigd: {exc}"
            self._close(request, "confirmed", now)
            return f"Dank je. {code} is bevestigd; de plaatser hoort het nu."
        self._decline(request, "declined", now)
        return f"Dank je. {code} is vrijgegeven."

    def sweep(self, now: Optional[datetime] = None) -> int:
        """Release holds whose shelter did not answer in time and ask the next shelter."""
        now = now or utcnow()
        with self.registry.engine.connect() as conn:
            overdue = conn.execute(select(orm.hold_requests).where(
                orm.hold_requests.c.status == "asked", orm.hold_requests.c.deadline <= now)).mappings().all()
        for request in overdue:
            self._decline(request, "expired", now)
        return len(overdue)

    def status(self, chain: str) -> list:
        with self.registry.engine.connect() as conn:
            rows = conn.execute(select(orm.hold_requests).where(orm.hold_requests.c.chain == chain)
                                .order_by(orm.hold_requests.c.id)).mappings().all()
        return [{"shelter": r["shelter_code"], "hold": r["hold_code"], "status": r["status"]} for r in rows]

    def _close(self, request, status: str, now: Optional[datetime]) -> None:
        with self._writer.begin() as conn:
            conn.execute(update(orm.hold_requests).where(orm.hold_requests.c.id == request["id"]).values(
                status=status, answered_at=now or utcnow()))

    def _decline(self, request, status: str, now: Optional[datetime]) -> None:
        try:
            self.registry.release(request["hold_code"], actor=f"shelter:{request['shelter_code']}:{status}")
        except RegistryError:
            pass  # the hold expired on its own meanwhile: nothing to release
        self._close(request, status, now)
        self._ask_next(request, now)

    def _ask_next(self, request, now: Optional[datetime]) -> None:
        profile = profile_from_json(request["profile"])
        with self.registry.engine.connect() as conn:
            asked = set(conn.execute(select(orm.hold_requests.c.shelter_code).where(
                orm.hold_requests.c.chain == request["chain"])).scalars())
        for offer in self.registry.search(profile, record_unmet=False).offers:
            if offer.shelter.code in asked:
                continue
            try:
                hold = self.registry.hold(offer.shelter.code, actor=request["actor"])
            except NoFreeBed:
                continue
            try:
                self.ask(hold.code, profile, request["actor"], request["chain"], now)
            except GatewayError as exc:
                log.error("hold %s: could not ask %s (%s)", hold.code, mask_phone(offer.shelter.phone_for_professionals),
                          exc.code)
                self.registry.release(hold.code, actor="system")
                continue
            return
        log.warning("placement request %s: no further fitting shelter to ask", request["chain"])
