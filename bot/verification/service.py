"""Who may see shelter details: professionals registered by work number, verified per conversation.

Two ways to prove it (domain.md §3.6, issue #4):

* **sender**: the conversation comes in by SMS or WhatsApp from a registered number;
* **code**: on any other channel the person gives their registered number and types back a
  six-digit code we sent to it by SMS.

Codes are stored only as a keyed hash, expire after `CODE_MINUTES`, allow `MAX_ATTEMPTS` wrong
tries, and are rate-limited per number and per conversation. Whether a number is registered is
never revealed (`send_code` answers "sent" for unknown numbers too, and sends nothing). A
conversation stays verified for `SESSION_HOURS`. Conversations are keyed by an HMAC of their
sender id, like the thread index (`bot.safety.threads`). Synchronous: actions call it directly
(rasa-sdk runs them in its own process); it only needs an engine and a `MessageGateway`.
"""
from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Callable, List, Optional

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.engine import Engine

from bot.messaging.base import GatewayError, MessageGateway, mask_phone
from bot.registry import orm
from bot.registry.db import utcnow, writer

ROLES = ("police", "kmar", "labour_inspectorate", "care_coordinator", "helpdesk", "shelter_staff")
CODE_MINUTES = 10
SESSION_HOURS = 12
MAX_ATTEMPTS = 5
MAX_CODES_PER_NUMBER_PER_HOUR = 3
MAX_CODES_PER_CONVERSATION_PER_HOUR = 5
_KEY = b"opvanglijn-verification-v1"
_PHONE = re.compile(r"^\+[1-9]\d{7,14}$")


class VerificationError(ValueError):
    """A registration the CLI refuses, with the reason in plain words."""


@dataclass(frozen=True)
class Professional:
    id: int
    phone: str
    name: str
    organisation: str
    role: str
    shelter_code: Optional[str]

    @property
    def masked_phone(self) -> str:
        return mask_phone(self.phone)


@dataclass(frozen=True)
class CodeRequest:
    outcome: str  # sent | rate_limited | invalid_number | send_failed
    masked_phone: str = ""


@dataclass(frozen=True)
class CodeCheck:
    outcome: str  # verified | wrong | expired | locked | no_code
    professional: Optional[Professional] = None
    attempts_left: int = 0


def normalise_phone(text: str) -> Optional[str]:
    """'06 12 34 56 78' → '+31612345678' (an example only), '+31 (0)6…' → '+316…'; '0031 …' and '+…' kept international. None if not a number."""
    raw = re.sub(r"[\s.\-]", "", (text or "").replace("(0)", ""))
    raw = re.sub(r"[()]", "", raw).removeprefix("whatsapp:")
    if raw.startswith("0") and len(raw) == 10:  # national: 06…, 020…
        raw = "+31" + raw[1:]
    elif raw.startswith("00"):
        raw = "+" + raw[2:]
    return raw if _PHONE.match(raw) else None


def conversation_key(sender_id: str) -> str:
    return hmac.new(_KEY, f"conversation\x00{sender_id}".encode(), hashlib.sha256).hexdigest()


def _code_hash(conversation: str, code: str) -> str:
    return hmac.new(_KEY, f"{conversation}\x00{code}".encode(), hashlib.sha256).hexdigest()


def _professional(row) -> Professional:
    return Professional(row.id, row.phone, row.name, row.organisation, row.role, row.shelter_code)


class Verification:
    def __init__(self, engine: Engine, gateway: Optional[MessageGateway] = None,
                 clock: Callable[[], datetime] = utcnow):
        self.engine = engine
        self.gateway = gateway
        self.clock = clock

    # --- the register (CLI) -----------------------------------------------------------------

    def register(self, phone: str, name: str, organisation: str, role: str, shelter_code: Optional[str] = None,
                 valid_until: Optional[datetime] = None) -> Professional:
        number = normalise_phone(phone)
        if number is None:
            raise VerificationError(f"not a phone number: {phone!r} (use international form, e.g. +31 20 123 4567)")
        if role not in ROLES:
            raise VerificationError(f"unknown role {role!r}; one of: {', '.join(ROLES)}")
        if role == "shelter_staff" and not shelter_code:
            raise VerificationError("shelter staff need --shelter (the code of their shelter)")
        if not name.strip() or not organisation.strip():
            raise VerificationError("name and organisation are required")
        values = dict(name=name.strip(), organisation=organisation.strip(), role=role, shelter_code=shelter_code,
                      active=True, valid_until=valid_until)
        with writer(self.engine).begin() as conn:
            existing = conn.execute(select(orm.professionals.c.id).where(orm.professionals.c.phone == number)).first()
            if existing:
                conn.execute(update(orm.professionals).where(orm.professionals.c.id == existing.id).values(**values))
            else:
                conn.execute(insert(orm.professionals).values(phone=number, created_at=self.clock(), **values))
            row = conn.execute(select(orm.professionals).where(orm.professionals.c.phone == number)).one()
        return _professional(row)

    def deactivate(self, phone: str) -> bool:
        """Remove a number's access at once: its verified conversations end too."""
        number = normalise_phone(phone)
        with writer(self.engine).begin() as conn:
            row = conn.execute(select(orm.professionals.c.id).where(orm.professionals.c.phone == number)).first()
            if row is None:
                return False
            conn.execute(update(orm.professionals).where(orm.professionals.c.id == row.id).values(active=False))
            conn.execute(delete(orm.verified_conversations)
                         .where(orm.verified_conversations.c.professional_id == row.id))
        return True

    def registered(self) -> List[dict]:
        with self.engine.connect() as conn:
            rows = conn.execute(select(orm.professionals).order_by(orm.professionals.c.organisation,
                                                                   orm.professionals.c.name)).all()
        return [dict(phone=r.phone, name=r.name, organisation=r.organisation, role=r.role,
                     shelter=r.shelter_code, active=r.active,
                     valid_until=r.valid_until.isoformat() if r.valid_until else None) for r in rows]

    def by_phone(self, phone: str) -> Optional[Professional]:
        number = normalise_phone(phone)
        if number is None:
            return None
        with self.engine.connect() as conn:
            row = conn.execute(select(orm.professionals).where(orm.professionals.c.phone == number)).first()
        return _professional(row) if row is not None and self._in_force(row) else None

    def _in_force(self, row) -> bool:
        if not row.active:
            return False
        if row.valid_until is None:
            return True
        return _aware(row.valid_until) > self.clock()

    # --- conversations ------------------------------------------------------------------------

    def verified(self, sender_id: str) -> Optional[Professional]:
        """The professional this conversation is verified as, if it still is."""
        key = conversation_key(sender_id)
        with self.engine.connect() as conn:
            row = conn.execute(
                select(orm.professionals, orm.verified_conversations.c.expires_at.label("session_until"))
                .join(orm.verified_conversations,
                      orm.verified_conversations.c.professional_id == orm.professionals.c.id)
                .where(orm.verified_conversations.c.conversation == key)).first()
        if row is None or not self._in_force(row) or _aware(row.session_until) <= self.clock():
            return None
        return _professional(row)

    def verify_sender(self, sender_id: str, sender_phone: str) -> Optional[Professional]:
        """SMS/WhatsApp: the conversation's own number is registered → verified without a code."""
        professional = self.by_phone(sender_phone)
        if professional is not None:
            self._start_session(conversation_key(sender_id), professional.id, "sender")
        return professional

    def send_code(self, sender_id: str, phone_text: str) -> CodeRequest:
        number = normalise_phone(phone_text)
        if number is None:
            return CodeRequest("invalid_number")
        key, now = conversation_key(sender_id), self.clock()
        hour_ago = now - timedelta(hours=1)
        professional = self.by_phone(number)
        with writer(self.engine).begin() as conn:
            codes = orm.verification_codes
            by_conversation = conn.execute(select(func.count()).select_from(codes).where(
                codes.c.conversation == key, codes.c.sent_at > hour_ago)).scalar_one()
            by_number = 0 if professional is None else conn.execute(select(func.count()).select_from(codes).where(
                codes.c.professional_id == professional.id, codes.c.sent_at > hour_ago)).scalar_one()
            if by_conversation >= MAX_CODES_PER_CONVERSATION_PER_HOUR or by_number >= MAX_CODES_PER_NUMBER_PER_HOUR:
                return CodeRequest("rate_limited", mask_phone(number))
            if professional is None:
                return CodeRequest("sent", mask_phone(number))  # never reveal whether a number is registered
            code = f"{secrets.randbelow(10**6):06d}"
            conn.execute(update(codes).where(codes.c.conversation == key, codes.c.used_at.is_(None))
                         .values(used_at=now))  # a new code replaces the old one
            conn.execute(insert(codes).values(conversation=key, professional_id=professional.id,
                                              code_hash=_code_hash(key, code), sent_at=now,
                                              expires_at=now + timedelta(minutes=CODE_MINUTES), attempts=0))
        try:
            self.gateway.send_sms(professional.phone, code_sms(code))
        except GatewayError:
            return CodeRequest("send_failed", professional.masked_phone)
        return CodeRequest("sent", professional.masked_phone)

    def check_code(self, sender_id: str, text: str) -> CodeCheck:
        key, now = conversation_key(sender_id), self.clock()
        typed = re.sub(r"\D", "", text or "")
        codes = orm.verification_codes
        with writer(self.engine).begin() as conn:
            row = conn.execute(select(codes).where(codes.c.conversation == key, codes.c.used_at.is_(None))
                               .order_by(codes.c.sent_at.desc())).first()
            if row is None:
                return CodeCheck("no_code")
            if _aware(row.expires_at) <= now:
                return CodeCheck("expired")
            if row.attempts >= MAX_ATTEMPTS:
                return CodeCheck("locked")
            if not hmac.compare_digest(_code_hash(key, typed), row.code_hash):
                attempts = row.attempts + 1
                conn.execute(update(codes).where(codes.c.id == row.id).values(attempts=attempts))
                left = MAX_ATTEMPTS - attempts
                return CodeCheck("wrong" if left else "locked", attempts_left=left)
            conn.execute(update(codes).where(codes.c.id == row.id).values(used_at=now))
            person = conn.execute(select(orm.professionals).where(orm.professionals.c.id == row.professional_id)).one()
        if not self._in_force(person):
            return CodeCheck("no_code")
        self._start_session(key, person.id, "code")
        return CodeCheck("verified", _professional(person))

    def pending_code(self, sender_id: str) -> bool:
        key, now = conversation_key(sender_id), self.clock()
        codes = orm.verification_codes
        with self.engine.connect() as conn:
            row = conn.execute(select(codes.c.expires_at, codes.c.attempts).where(
                codes.c.conversation == key, codes.c.used_at.is_(None))).first()
        return row is not None and _aware(row.expires_at) > now and row.attempts < MAX_ATTEMPTS

    def end(self, sender_id: str) -> None:
        """Forget the conversation's verification (erase word, sign-off)."""
        key = conversation_key(sender_id)
        with writer(self.engine).begin() as conn:
            conn.execute(delete(orm.verified_conversations).where(orm.verified_conversations.c.conversation == key))
            conn.execute(delete(orm.verification_codes).where(orm.verification_codes.c.conversation == key))

    def prune(self, now: Optional[datetime] = None) -> int:
        now = now or self.clock()
        with writer(self.engine).begin() as conn:
            gone = conn.execute(delete(orm.verification_codes)
                                .where(orm.verification_codes.c.expires_at < now - timedelta(hours=1))).rowcount
            gone += conn.execute(delete(orm.verified_conversations)
                                 .where(orm.verified_conversations.c.expires_at < now)).rowcount
        return gone

    def _start_session(self, key: str, professional_id: int, method: str) -> None:
        now = self.clock()
        with writer(self.engine).begin() as conn:
            conn.execute(delete(orm.verified_conversations).where(orm.verified_conversations.c.conversation == key))
            conn.execute(insert(orm.verified_conversations).values(
                conversation=key, professional_id=professional_id, method=method, verified_at=now,
                expires_at=now + timedelta(hours=SESSION_HOURS)))


def code_sms(code: str) -> str:
    """The code SMS: no case detail, says what to do if it was not asked for."""
    return (f"Opvanglijn: uw code is {code} (10 min geldig). Your code is {code}. "
            f"Niet aangevraagd? Negeer dit bericht. / Not requested? Ignore this message.")


def _aware(value: datetime) -> datetime:
    """SQLite hands back naive datetimes; everything we store is UTC."""
    return value if value.tzinfo else value.replace(tzinfo=timezone.utc)
