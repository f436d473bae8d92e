"""Call-back on a taken-over text thread: only after the person said it is safe, and when.

The coordinator texts `BEL OL-XXXXXX` (or `CALL ...`; the code may be left out with one open
case) and the relay calls `CallBacks.ask`: the person gets, in their language and through the
hotline number, "is it safe to call you, and when? 1 = now, 2 = later: write the time, 3 = no
call". Their reply (still relayed to the coordinator) is read by `CallBacks.answer`:

- now (`1`, "nu", "now", ...): a `callback` page due now; the relay sends it at once;
- a time (`22:00`, "na 22 uur", "after 10pm", "om 8 uur"; Europe/Amsterdam; a time already
  past today means tomorrow): a `callback` page due then;
- no (`3`, "stop", "niet bellen", "no", ...): nothing is ever placed; the coordinator is told;
- no answer within `ANSWER_MINUTES`: a `cb_wait` page falls due, no call, the coordinator is told.

The person may withdraw before the time ("STOP", "niet bellen", "3"), or while the coordinator's
phone rings: the page is cancelled (or pressing 1 no longer dials) and the coordinator is told.
The pages are rows in the pager's durable queue (`pages`), so a restart loses nothing and with
two pager processes each is handled once (`Pager._send_one` locks them).

The call goes to the coordinator (from the hotline number) and asks to press 1; only then does
`connect` hand Twilio the person's number to dial with the hotline number as caller ID: a
coordinator's voicemail never rings the person, and neither side sees the other's number.
The state is the latest `callback_*` row in `handoff_events`. Log lines carry the case code only.
"""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Optional, Tuple

from sqlalchemy import insert, select, update
from sqlalchemy.engine import Connection, Engine

from bot.handoff.notify import person_address, send_to_person
from bot.handoff.roster import AMSTERDAM
from bot.handoff.twiml import callback_twiml
from bot.i18n.catalogue import render
from bot.messaging.gateway import GatewayError, MessageGateway
from bot.registry import orm
from bot.registry.db import utcnow, writer

log = logging.getLogger("opvanglijn.callback")

ANSWER_MINUTES = 30
MAX_ATTEMPTS = 3
CALL, WAIT = "callback", "cb_wait"  # page kinds in the pager's queue
PAGE_KINDS = (CALL, WAIT)
STEP = -1  # call-back pages are not part of the escalation chain
STATES = ("callback_asked", "callback_scheduled", "callback_declined", "callback_withdrawn", "callback_unanswered",
          "callback_placed", "callback_connected", "callback_failed", "callback_cancelled")
OPEN = ("callback_asked", "callback_scheduled")

# --- reading the person's answer (pure) -------------------------------------------------------
NOW_WORDS = {"nl": ("nu", "meteen", "direct", "nu meteen"), "en": ("now", "right now", "yes now"),
             "pl": ("teraz",), "ro": ("acum",), "bg": ("сега",), "hu": ("most",), "uk": ("зараз",),
             "ru": ("сейчас",), "es": ("ahora",), "pt": ("agora",), "fr": ("maintenant",), "ar": ("الآن", "الان"),
             "vi": ("bây giờ", "ngay"), "zh": ("现在",)}
NO_WORDS = {"nl": ("nee", "niet", "niet bellen", "nee niet bellen", "geen", "niet veilig", "liever niet"),
            "en": ("no", "not", "no call", "don't call", "do not call", "not safe", "no calls"),
            "pl": ("nie", "nie dzwoń"), "ro": ("nu", "nu suna", "nu sunați"), "bg": ("не",), "hu": ("nem",),
            "uk": ("ні", "не дзвоніть"), "ru": ("нет", "не звоните"), "es": ("no", "no llamar"),
            "pt": ("não", "nao", "não ligar"), "fr": ("non", "pas d'appel"), "ar": ("لا",), "vi": ("không",),
            "zh": ("不", "不要", "别打")}
LATER_WORDS = ("2", "later", "ja", "yes", "ok", "oké", "da", "tak", "igen", "так", "да", "sí", "si", "sim", "oui",
               "نعم", "có", "是", "好")
NEVER = re.compile(r"\b(stop|niet bellen|don'?t call|do not call|no call)\b", re.IGNORECASE)
CLOCK = re.compile(r"(?<!\d)([01]?\d|2[0-3])\s*[:.hu]\s*([0-5]\d)(?!\d)", re.IGNORECASE)
HOUR = re.compile(r"(?<!\d)([01]?\d|2[0-4])\s*(uur|u\b|h\b|hours?\b|o'?clock)", re.IGNORECASE)
AMPM = re.compile(r"(?<!\d)(1[0-2]|0?[1-9])\s*(am|pm|a\.m\.|p\.m\.)", re.IGNORECASE)
AFTER = re.compile(r"\b(na|om|vanaf|rond|after|at|from|around)\s+([01]?\d|2[0-3])(?!\s*[:.\d])", re.IGNORECASE)


@dataclass(frozen=True)
class Answer:
    kind: str  # now | at | later | no | unclear
    due: Optional[datetime] = None  # UTC, for `at`
    clock: Optional[str] = None  # "22:00" as the person meant it (Amsterdam time)


def _clock(text: str) -> Optional[Tuple[int, int]]:
    match = CLOCK.search(text)
    if match:
        return int(match.group(1)), int(match.group(2))
    match = AMPM.search(text)
    if match:
        hour = int(match.group(1)) % 12
        return hour + (12 if match.group(2).lower().startswith("p") else 0), 0
    match = HOUR.search(text) or AFTER.search(text)
    if match:
        hour = int(match.group(1) if match.re is HOUR else match.group(2))
        return hour % 24, 0
    return None


def next_time(hour: int, minute: int, now: datetime) -> datetime:
    """The next `hour:minute` in Amsterdam after `now` (today, or tomorrow when already past)."""
    local = now.astimezone(AMSTERDAM)
    due = local.replace(hour=hour, minute=minute, second=0, microsecond=0)
    if due <= local:
        due = (local + timedelta(days=1)).replace(hour=hour, minute=minute, second=0, microsecond=0)
    return due.astimezone(now.tzinfo)


def read_answer(text: str, language: str, now: datetime) -> Answer:
    """What the person's reply to the call-back question means. A refusal wins over anything else;
    only `1` or a word for "now" means now: without a clear yes there is never a call."""
    said = " ".join((text or "").lower().split()).strip(" .!?,;")
    words = {language, "nl", "en"}
    if said == "3" or NEVER.search(said) or any(said == w for lang in words for w in NO_WORDS.get(lang, ())):
        return Answer("no")
    clock = _clock(said)
    if clock is not None:
        due = next_time(*clock, now)
        return Answer("at", due, f"{clock[0]:02d}:{clock[1]:02d}")
    if said == "1" or any(said == w for lang in words for w in NOW_WORDS.get(lang, ())):
        return Answer("now", now)
    if said in LATER_WORDS or said.startswith("2 ") or said == "later":
        return Answer("later")
    return Answer("unclear")


# --- the service ------------------------------------------------------------------------------
class CallBackError(Exception):
    """The call-back cannot be asked (wrong channel, case not taken over, message not sent)."""


class CallBacks:
    def __init__(self, engine: Engine, gateway: MessageGateway, public_base_url: str = "http://127.0.0.1:8000"):
        self.engine, self._writer, self.gateway, self.public_base_url = engine, writer(engine), gateway, public_base_url

    def _locked_handoff(self, conn: Connection, case_code: str) -> Optional[dict]:
        query = select(orm.handoffs).where(orm.handoffs.c.case_code == case_code)
        if conn.dialect.name == "postgresql":
            query = query.with_for_update()
        row = conn.execute(query).mappings().first()
        return dict(row) if row else None

    @staticmethod
    def state(conn: Connection, handoff_id: int) -> Optional[str]:
        e = orm.handoff_events
        return conn.execute(select(e.c.kind).where(e.c.handoff_id == handoff_id, e.c.kind.in_(STATES))
                            .order_by(e.c.id.desc()).limit(1)).scalar()

    @staticmethod
    def _event(conn: Connection, handoff: dict, kind: str, detail: Optional[dict] = None) -> None:
        conn.execute(insert(orm.handoff_events).values(handoff_id=handoff["id"], at=utcnow(), kind=kind,
                                                       detail=detail or {}))

    @staticmethod
    def _cancel_pages(conn: Connection, handoff: dict) -> None:
        p = orm.pages
        conn.execute(update(p).where(p.c.handoff_id == handoff["id"], p.c.kind.in_(PAGE_KINDS),
                                     p.c.status == "pending").values(status="cancelled"))

    @staticmethod
    def _plan(conn: Connection, handoff: dict, kind: str, phone: str, due: datetime) -> None:
        conn.execute(insert(orm.pages).values(handoff_id=handoff["id"], step=STEP, kind=kind,
                                              coordinator_id=handoff["accepted_by"], phone=phone, due_at=due,
                                              status="pending", attempts=0))

    def _tell_coordinator(self, phone: str, text: str, case_code: str) -> None:
        try:
            self.gateway.send_sms(phone, text)
        except GatewayError as exc:
            log.warning("handoff %s: coordinator not told about the call-back (code %s)", case_code, exc.code)

    # --- the coordinator asks -------------------------------------------------------------------
    def ask(self, case_code: str, coordinator_phone: str, now: Optional[datetime] = None) -> str:
        """Ask the person whether and when a call is safe; returns the reply for the coordinator."""
        now = now or utcnow()
        with self._writer.begin() as conn:
            handoff = self._locked_handoff(conn, case_code)
            if handoff is None or handoff["status"] != "accepted" or person_address(handoff) is None:
                raise CallBackError(case_code)
            self._cancel_pages(conn, handoff)
            question = render("utter_human_handoff__callback_ask", handoff["language"])["text"]
            try:
                send_to_person(self.gateway, handoff, question, conn=conn)
            except GatewayError as exc:
                raise CallBackError(f"{case_code}: not sent ({exc.code})") from None
            self._event(conn, handoff, "callback_asked")
            self._plan(conn, handoff, WAIT, coordinator_phone, now + timedelta(minutes=ANSWER_MINUTES))
        log.info("handoff %s: call-back question sent", case_code)
        return (f"{case_code}: gevraagd of bellen veilig is en wanneer. Het antwoord komt hier; zonder antwoord "
                f"binnen {ANSWER_MINUTES} min wordt er niet gebeld.")

    # --- the person answers -----------------------------------------------------------------------
    def answer(self, case_code: str, coordinator_phone: str, body: str,
               now: Optional[datetime] = None) -> Optional[Answer]:
        """Read the person's message as an answer while a call-back is open; None when it is not one
        (then it is only relayed). Tells the person and the coordinator what happens."""
        now = now or utcnow()
        with self._writer.begin() as conn:
            handoff = self._locked_handoff(conn, case_code)
            state = self.state(conn, handoff["id"]) if handoff else None
            if state not in OPEN + ("callback_placed",):
                return None
            answer = read_answer(body, handoff["language"], now)
            language, code = handoff["language"], handoff["case_code"]
            if answer.kind == "unclear" or (answer.kind == "later" and state != "callback_asked") or \
                    (state == "callback_placed" and answer.kind != "no"):  # while ringing only a withdrawal counts
                return None
            if answer.kind == "later":
                person = render("utter_human_handoff__callback_when", language)["text"]
                coordinator = None
            elif answer.kind == "no":
                self._cancel_pages(conn, handoff)
                kind = "callback_declined" if state == "callback_asked" else "callback_withdrawn"
                self._event(conn, handoff, kind)
                person = render("utter_human_handoff__callback_none", language)["text"]
                coordinator = (f"{code}: de persoon wil niet gebeld worden. Niet bellen; sms'en kan." if
                               kind == "callback_declined" else
                               f"{code}: de persoon heeft het terugbellen ingetrokken. Niet bellen; sms'en kan.")
            else:
                self._cancel_pages(conn, handoff)
                self._plan(conn, handoff, CALL, coordinator_phone, answer.due)
                self._event(conn, handoff, "callback_scheduled", {"due": answer.due.isoformat(),
                                                                   "now": answer.kind == "now"})
                if answer.kind == "now":
                    person = render("utter_human_handoff__callback_now", language)["text"]
                    coordinator = f"{code}: bellen is nu veilig. Je wordt zo gebeld; druk 1 om door te verbinden."
                else:
                    person = render("utter_human_handoff__callback_at", language, time=answer.clock)["text"]
                    coordinator = (f"{code}: bellen is veilig om {answer.clock}. Je wordt dan gebeld; druk 1 om door "
                                   f"te verbinden.")
        try:
            send_to_person(self.gateway, handoff, person, engine=self.engine)
        except GatewayError as exc:
            log.warning("handoff %s: call-back confirmation not sent (code %s)", code, exc.code)
        if coordinator:
            self._tell_coordinator(coordinator_phone, coordinator, code)
        log.info("handoff %s: call-back answer read (%s)", code, answer.kind)
        return answer

    def cancel(self, conn: Connection, handoff: dict, reason: str) -> bool:
        """End an open call-back (hand-back, erase) inside the caller's transaction; True if one was open."""
        if self.state(conn, handoff["id"]) not in OPEN:
            return False
        self._cancel_pages(conn, handoff)
        self._event(conn, handoff, "callback_cancelled", {"reason": reason})
        return True

    def end_for_person(self, address: str, reason: str = "erased") -> int:
        """The person sent the erase word (`erased`) or the duress word (`duress`): someone may be
        reading along, so an open call-back of theirs is cancelled and the coordinator is told.
        Returns how many ended."""
        h, p = orm.handoffs, orm.pages
        bare = address.removeprefix("whatsapp:")
        ended = []
        with self._writer.begin() as conn:
            rows = conn.execute(select(h).where(h.c.status == "accepted",
                                                h.c.person_address.in_((address, bare, f"whatsapp:{bare}")))
                                ).mappings().all()
            for handoff in map(dict, rows):
                if self.cancel(conn, handoff, reason):
                    phone = conn.execute(select(p.c.phone).where(p.c.handoff_id == handoff["id"],
                                                                 p.c.coordinator_id == handoff["accepted_by"])
                                         .limit(1)).scalar()
                    ended.append((handoff["case_code"], phone))
        for code, phone in ended:
            why = ("de persoon heeft het gesprek gewist" if reason == "erased" else
                   "de persoon gaf het noodwoord (iemand leest mee)")
            if phone:
                self._tell_coordinator(phone, f"{code}: {why}. Terugbellen geannuleerd; niet bellen.", code)
            log.info("handoff %s: call-back cancelled (%s)", code, reason)
        return len(ended)

    # --- due pages (called by the Pager with the page and the handoff row locked) -------------------
    def fire(self, conn: Connection, page, handoff: dict, now: datetime) -> None:
        p, code = orm.pages, handoff["case_code"]
        state = self.state(conn, handoff["id"])
        if page["kind"] == WAIT:
            if state != "callback_asked":
                conn.execute(update(p).where(p.c.id == page["id"]).values(status="cancelled"))
                return
            conn.execute(update(p).where(p.c.id == page["id"]).values(status="sent", sent_at=now, attempts=1))
            self._event(conn, handoff, "callback_unanswered")
            self._tell_coordinator(page["phone"], f"{code}: geen antwoord op de terugbelvraag. Niet bellen; sms'en "
                                                  f"kan. BEL {code} vraagt het opnieuw.", code)
            log.info("handoff %s: call-back question unanswered, no call", code)
            return
        if state != "callback_scheduled" or handoff["status"] != "accepted":
            conn.execute(update(p).where(p.c.id == page["id"]).values(status="cancelled"))
            return
        gather = f"{self.public_base_url}/webhooks/twilio_voice/callback/{code}"
        try:
            sent = self.gateway.place_call(page["phone"], callback_twiml(code, gather))
        except GatewayError as exc:
            attempts = page["attempts"] + 1
            if exc.retryable and attempts < MAX_ATTEMPTS:
                retry_at = now + timedelta(seconds=5 * 2 ** attempts)  # 10 s, 20 s, like the pages
                conn.execute(update(p).where(p.c.id == page["id"]).values(
                    attempts=attempts, due_at=retry_at, error=f"{exc.code}: retrying"))
                log.warning("handoff %s: call-back call failed (%s), retry %d", code, exc.code, attempts)
                return
            conn.execute(update(p).where(p.c.id == page["id"]).values(status="failed", attempts=attempts,
                                                                       error=str(exc.code)))
            self._event(conn, handoff, "callback_failed", {"code": exc.code})
            self._tell_coordinator(page["phone"], f"{code}: het terugbellen lukte niet (code {exc.code}). BEL {code} "
                                                  f"vraagt het opnieuw.", code)
            log.error("handoff %s: call-back call failed for good (%s)", code, exc.code)
            return
        conn.execute(update(p).where(p.c.id == page["id"]).values(status="sent", provider_sid=sent.sid, sent_at=now,
                                                                   attempts=page["attempts"] + 1))
        self._event(conn, handoff, "callback_placed", {"sid": sent.sid})
        log.info("handoff %s: call-back call to the coordinator placed (%s)", code, sent.sid)

    def connect(self, case_code: str) -> Optional[str]:
        """The coordinator pressed 1 on the call-back call: the number Twilio dials now, once, and
        only while the person's yes stands (None otherwise)."""
        with self._writer.begin() as conn:
            handoff = self._locked_handoff(conn, case_code.upper())
            if handoff is None or self.state(conn, handoff["id"]) != "callback_placed":
                return None
            self._event(conn, handoff, "callback_connected")
        log.info("handoff %s: call-back connected to the person", handoff["case_code"])
        return handoff["person_address"].removeprefix("whatsapp:")
