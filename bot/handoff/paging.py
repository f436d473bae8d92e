"""Paging with escalation: SMS, then a call, then the next person, until someone accepts.

Opening a handoff writes the whole escalation plan as rows in `pages` (the durable queue): for
each person in the roster's chain an SMS at their turn and a call `call_after_minutes` later,
each person's turn `escalation_minutes` after the previous one, the fallback last. `run_due()`
sends what is due; any number of pager processes may run it (PostgreSQL: `FOR UPDATE SKIP
LOCKED` on the page, a row lock on the handoff; SQLite: the write lock). The page is sent while
the handoff row is locked, so an acceptance waits for an in-flight page and no page leaves after
it. A crash between sending and committing re-sends that one page (at least once, never lost).

A bridged call that the coordinator does not pick up (`<Dial>` reports no-answer, busy or
failed to `bridge_unanswered`) reopens the case: the rest of the chain is paged as if that
acceptance never came, each page at most once more, and when nothing is left the case is
exhausted (the caller is told to call 112 in danger). Call-backs on text threads
(`bot.handoff.callback`) use the same queue with their own page kinds.

Why not APScheduler (pinned at 3.9 by Rasa): its SQL job store is not safe with more than one
scheduler process, and a page must survive restarts and go out once with two workers; a queue
table with row locks gives exactly that with the database we already run.
"""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Callable, Optional

from sqlalchemy import func, insert, select, update
from sqlalchemy.engine import Connection, Engine

from bot.channels.voice_language import say_language
from bot.handoff.callback import PAGE_KINDS as CALLBACK_PAGES, CallBacks
from bot.handoff.notify import index_for_person
from bot.handoff.packet import HandoffPacket
from bot.handoff.roster import Roster
from bot.handoff.twiml import bridge_twiml, page_twiml
from bot.i18n.catalogue import render
from bot.messaging.gateway import GatewayError, MessageGateway, mask_phone
from bot.registry import orm
from bot.registry.db import utc, utcnow, writer

log = logging.getLogger("opvanglijn.paging")
MAX_ATTEMPTS = 3
ROUNDS = 2  # the whole chain is paged twice before the case counts as exhausted
CALL_AFTER_FAILOVER = timedelta(minutes=1)
REOPENED = "reopened after an unanswered bridge"  # pages.error: such a page is never reopened twice
ACK = re.compile(r"^\s*(ok|ja|yes|accept)\s+ol-?([a-z0-9]{6})\s*$", re.IGNORECASE)


class HandoffUnavailable(Exception):
    """Nobody can be paged (no roster or no fallback); the person must get the emergency route."""


@dataclass(frozen=True)
class BridgeOutcome:
    """What became of a bridged call nobody picked up: escalated | exhausted | ignored."""
    kind: str
    case_code: str
    language: str


@dataclass(frozen=True)
class Acknowledgement:
    case_code: str
    accepted_by: str
    via: str
    first: bool  # False when someone had already accepted


Notifier = Callable[[dict, str], None]  # (handoff row, event kind) -> tell the waiting person


class Pager:
    def __init__(self, engine: Engine, gateway: MessageGateway, roster: Callable[[], Optional[Roster]],
                 notify: Optional[Notifier] = None, public_base_url: str = "http://127.0.0.1:8000"):
        self.engine, self._writer = engine, writer(engine)
        self.gateway, self.roster, self.public_base_url = gateway, roster, public_base_url
        self.notify = notify or (lambda handoff, kind: None)
        self.callbacks = CallBacks(engine, gateway, public_base_url)

    # --- opening ---------------------------------------------------------------------------
    def open(self, packet: HandoffPacket, person_channel: Optional[str] = None,
             person_address: Optional[str] = None, now: Optional[datetime] = None) -> int:
        """Store the handoff and its whole escalation plan; returns the number of pages planned."""
        now = now or utcnow()
        roster = self.roster()
        chain = roster.chain(now, packet.region, packet.language) if roster else []
        if not chain:
            raise HandoffUnavailable("no roster with a fallback contact")
        turn = timedelta(minutes=roster.escalation_minutes)
        call_after = timedelta(minutes=roster.call_after_minutes)
        with self._writer.begin() as conn:
            handoff_id = conn.execute(insert(orm.handoffs).values(
                case_code=packet.case_code, lane=packet.lane, language=packet.language, urgency=packet.urgency,
                needs=list(packet.needs), region=packet.region, status="paging", created_at=now,
                person_channel=person_channel, person_address=person_address)).inserted_primary_key[0]
            rows = []
            for step, person in enumerate(chain * ROUNDS):
                start = now + step * turn
                for kind, due in (("sms", start), ("call", start + call_after)):
                    rows.append(dict(handoff_id=handoff_id, step=step, kind=kind, coordinator_id=person.id,
                                     phone=person.phone, due_at=due, status="pending", attempts=0))
            conn.execute(insert(orm.pages), rows)
        log.info("handoff %s: %d people in the chain", packet.case_code, len(chain))
        return len(rows)

    # --- sending ---------------------------------------------------------------------------
    def run_due(self, now: Optional[datetime] = None, limit: int = 50) -> int:
        """Send every page that is due, then end the cases nobody accepted; returns how many pages
        were handled."""
        handled = 0
        while handled < limit and self._send_one(now or utcnow()):
            handled += 1
        self.expire_unanswered(now or utcnow())
        return handled

    def expire_unanswered(self, now: Optional[datetime] = None) -> int:
        """A case whose every page went out, with the last person's turn over and nobody accepting,
        is exhausted: the waiting person is told (never an endless wait), the voice caller hears it.
        Each case is ended once, whichever worker gets there first."""
        now, h, p = now or utcnow(), orm.handoffs, orm.pages
        roster = self.roster()
        turn = timedelta(minutes=roster.escalation_minutes if roster else 5)
        chain = p.c.kind.in_(("sms", "call"))
        pending = select(p.c.id).where(p.c.handoff_id == h.c.id, chain, p.c.status == "pending").exists()
        last_sent = (select(func.max(p.c.sent_at)).where(p.c.handoff_id == h.c.id, chain)
                     .scalar_subquery())
        ended = 0
        with self.engine.connect() as conn:
            candidates = conn.execute(select(h.c.id).where(h.c.status == "paging", ~pending,
                                                          last_sent <= now - turn)).scalars().all()
        for handoff_id in candidates:
            with self._writer.begin() as conn:
                if conn.execute(update(h).where(h.c.id == handoff_id, h.c.status == "paging")
                                .values(status="exhausted")).rowcount != 1:
                    continue  # accepted meanwhile, or another worker ended it
                handoff = dict(conn.execute(select(h).where(h.c.id == handoff_id)).mappings().one())
                self._event(conn, handoff, "exhausted", {"reason": "nobody accepted"})
            log.warning("handoff %s: every page went out and nobody accepted; the person is told",
                        handoff["case_code"])
            ended += 1
        return ended

    def _send_one(self, now: datetime) -> bool:
        p, h = orm.pages, orm.handoffs
        with self._writer.begin() as conn:
            query = select(p).where(p.c.status == "pending", p.c.due_at <= now).order_by(p.c.due_at, p.c.id).limit(1)
            if conn.dialect.name == "postgresql":
                query = query.with_for_update(skip_locked=True)
            page = conn.execute(query).mappings().first()
            if page is None:
                return False
            handoff_query = select(h).where(h.c.id == page["handoff_id"])
            if conn.dialect.name == "postgresql":
                handoff_query = handoff_query.with_for_update()
            handoff = dict(conn.execute(handoff_query).mappings().one())
            if page["kind"] in CALLBACK_PAGES:
                self.callbacks.fire(conn, page, handoff, now)
                return True
            if handoff["status"] != "paging":
                conn.execute(update(p).where(p.c.id == page["id"]).values(status="cancelled"))
                return True
            packet = packet_of(handoff, f"{self.public_base_url}/cases/{handoff['case_code']}")
            try:
                if page["kind"] == "sms":
                    sent = self.gateway.send_sms(page["phone"], packet.sms())
                else:
                    gather = (f"{self.public_base_url}/webhooks/twilio_voice/ack/"
                              f"{handoff['case_code']}/{page['coordinator_id']}")
                    sent = self.gateway.place_call(page["phone"], page_twiml(packet, gather))
            except GatewayError as exc:
                self._failed(conn, page, handoff, exc, now)
                return True
            conn.execute(update(p).where(p.c.id == page["id"]).values(
                status="sent", provider_sid=sent.sid, sent_at=now, attempts=page["attempts"] + 1))
            log.info("handoff %s: %s to %s sent (%s)", handoff["case_code"], page["kind"], mask_phone(page["phone"]),
                     sent.sid)
            if page["kind"] == "sms":
                kind = "alerted" if page["step"] == 0 else "escalated"
                self._event(conn, handoff, kind, {"step": page["step"]})
        return True

    def _failed(self, conn: Connection, page, handoff: dict, exc: GatewayError, now: datetime) -> None:
        p = orm.pages
        attempts = page["attempts"] + 1
        if exc.retryable and attempts < MAX_ATTEMPTS:
            backoff = timedelta(seconds=5 * 2 ** attempts)  # 10 s, 20 s
            conn.execute(update(p).where(p.c.id == page["id"]).values(
                attempts=attempts, due_at=now + backoff, error=f"{exc.code}: retrying"))
            log.warning("handoff %s: %s failed (%s), retry %d", handoff["case_code"], page["kind"], exc.code, attempts)
            return
        conn.execute(update(p).where(p.c.id == page["id"]).values(status="failed", attempts=attempts,
                                                                   error=str(exc.code)))
        log.error("handoff %s: %s to %s failed for good (%s); paging the next person now", handoff["case_code"],
                  page["kind"], mask_phone(page["phone"]), exc.code)
        # The next person's turn starts now instead of after the escalation delay.
        pending = (p.c.handoff_id == page["handoff_id"]) & (p.c.status == "pending")
        next_step = conn.execute(select(p.c.step).where(pending, p.c.step > page["step"])
                                 .order_by(p.c.step)).scalars().first()
        if next_step is not None:
            conn.execute(update(p).where(pending, p.c.step == next_step, p.c.kind == "sms").values(due_at=now))
            conn.execute(update(p).where(pending, p.c.step == next_step, p.c.kind == "call")
                         .values(due_at=now + CALL_AFTER_FAILOVER))
        elif conn.execute(select(p.c.id).where(pending)).first() is None:
            conn.execute(update(orm.handoffs).where(orm.handoffs.c.id == handoff["id"]).values(status="exhausted"))
            self._event(conn, handoff, "exhausted", {})

    # --- accepting -------------------------------------------------------------------------
    def acknowledge(self, case_code: str, by: str, via: str, now: Optional[datetime] = None) -> Acknowledgement:
        """Someone accepts: no further page goes out for this case. Raises KeyError if unknown."""
        now, h = now or utcnow(), orm.handoffs
        with self._writer.begin() as conn:
            handoff = _locked_handoff(conn, case_code)
            if handoff["status"] == "accepted":
                return Acknowledgement(handoff["case_code"], handoff["accepted_by"], handoff["accepted_via"], False)
            conn.execute(update(h).where(h.c.id == handoff["id"]).values(
                status="accepted", accepted_by=by, accepted_via=via, accepted_at=now))
            conn.execute(update(orm.pages).where(orm.pages.c.handoff_id == handoff["id"],
                                                 orm.pages.c.status == "pending").values(status="cancelled"))
            self._event(conn, dict(handoff), "accepted", {"via": via})
        log.info("handoff %s: accepted via %s", handoff["case_code"], via)
        if handoff["person_channel"] == "voice" and handoff["person_address"] and handoff["status"] == "paging":
            self._bridge(dict(handoff), by)  # an exhausted caller was told and has hung up
        return Acknowledgement(handoff["case_code"], by, via, True)

    def _bridge(self, handoff: dict, by: str) -> None:
        """Warm transfer on the voice line: the caller's live call (`person_address` is its CallSid,
        never a number) dials the accepting coordinator through the hotline number."""
        with self.engine.connect() as conn:
            phone = conn.execute(select(orm.pages.c.phone).where(
                orm.pages.c.handoff_id == handoff["id"], orm.pages.c.coordinator_id == by)).scalars().first()
        roster = self.roster()
        if phone is None and roster is not None and by in roster.coordinators:
            phone = roster.coordinators[by].phone
        caller_id = getattr(self.gateway, "from_number", None)
        if phone is None or not caller_id:
            log.warning("handoff %s: accepted by someone without a roster phone; caller not bridged",
                        handoff["case_code"])
            return
        connecting = render("utter_human_handoff__connecting", handoff["language"])["text"]
        action = f"{self.public_base_url}/webhooks/twilio_voice/bridged/{handoff['case_code']}/{by}"
        twiml = bridge_twiml(phone, caller_id, say_language(handoff["language"]), connecting, action)
        try:
            self.gateway.update_call(handoff["person_address"], twiml)
        except GatewayError as exc:  # the caller hung up: the coordinator calls back when it is safe
            log.warning("handoff %s: caller not bridged (code %s)", handoff["case_code"], exc.code)
            outcome = "bridge_failed"
        else:
            outcome = "bridged"
        with self._writer.begin() as conn:
            conn.execute(insert(orm.handoff_events).values(handoff_id=handoff["id"], at=utcnow(), kind=outcome,
                                                           detail={"by": by}))

    def bridge_unanswered(self, case_code: str, by: str, now: Optional[datetime] = None) -> BridgeOutcome:
        """The bridged coordinator `by` did not pick up: page the rest of the chain now, as if the
        acceptance never came (each page at most once more), or mark the case exhausted when
        nothing is left. A repeated report changes nothing (`ignored`). Raises KeyError if unknown."""
        now, h, p = now or utcnow(), orm.handoffs, orm.pages
        roster = self.roster()
        turn = timedelta(minutes=roster.escalation_minutes if roster else 5)
        call_after = timedelta(minutes=roster.call_after_minutes if roster else 1)
        with self._writer.begin() as conn:
            handoff = _locked_handoff(conn, case_code)
            if handoff["status"] != "accepted" or handoff["accepted_by"] != by or handoff["person_channel"] != "voice":
                return BridgeOutcome("ignored", handoff["case_code"], handoff["language"])
            chain = (p.c.handoff_id == handoff["id"]) & p.c.kind.in_(("sms", "call"))
            reached = p.c.status.in_(("sent", "failed"))
            step = conn.execute(select(func.max(p.c.step)).where(chain, reached, p.c.coordinator_id == by)).scalar()
            if step is None:  # accepted without being paged (the API): after everyone paged so far
                step = conn.execute(select(func.max(p.c.step)).where(chain, reached)).scalar()
            step = -1 if step is None else step
            reopen = conn.execute(select(p.c.id, p.c.step, p.c.kind).where(
                chain, p.c.status == "cancelled", p.c.step > step,
                (p.c.error.is_(None)) | (p.c.error != REOPENED)).order_by(p.c.step, p.c.id)).all()
            conn.execute(insert(orm.handoff_events).values(handoff_id=handoff["id"], at=now, kind="bridge_unanswered",
                                                           detail={"by": by}))
            if not reopen:
                conn.execute(update(h).where(h.c.id == handoff["id"]).values(status="exhausted"))
                self._event(conn, handoff, "exhausted", {})
                log.warning("handoff %s: bridged call not picked up and the chain is exhausted", handoff["case_code"])
                return BridgeOutcome("exhausted", handoff["case_code"], handoff["language"])
            first = reopen[0].step
            for page in reopen:
                due = now + (page.step - first) * turn + (call_after if page.kind == "call" else timedelta(0))
                conn.execute(update(p).where(p.c.id == page.id).values(status="pending", due_at=due, error=REOPENED))
            conn.execute(update(h).where(h.c.id == handoff["id"]).values(
                status="paging", accepted_by=None, accepted_via=None, accepted_at=None))
        log.warning("handoff %s: bridged call not picked up; paging the next person now", handoff["case_code"])
        self.run_due(now)
        return BridgeOutcome("escalated", handoff["case_code"], handoff["language"])

    def acknowledge_sms(self, from_number: str, body: str) -> Optional[Acknowledgement]:
        """"OK OL-ABC123" from a number that was paged for that case; None if it is not such a reply."""
        match = ACK.match(body or "")
        if not match:
            return None
        code = f"OL-{match.group(2).upper()}"
        with self.engine.connect() as conn:
            paged = conn.execute(select(orm.pages.c.coordinator_id).join(
                orm.handoffs, orm.handoffs.c.id == orm.pages.c.handoff_id).where(
                orm.handoffs.c.case_code == code, orm.pages.c.phone == from_number)).scalars().first()
        if paged is None:
            return None
        return self.acknowledge(code, paged, "sms")

    # --- state -----------------------------------------------------------------------------
    def waiting_call(self, call_sid: str) -> bool:
        """A handoff for the live call `call_sid` is still being paged."""
        return self.call_state(call_sid) == "paging"

    def call_state(self, call_sid: str) -> Optional[str]:
        """The newest handoff status of the live call `call_sid` (paging, accepted, exhausted, …)."""
        h = orm.handoffs
        with self.engine.connect() as conn:
            return conn.execute(select(h.c.status).where(h.c.person_channel == "voice", h.c.person_address == call_sid)
                                .order_by(h.c.id.desc())).scalars().first()

    def status(self, case_code: str) -> dict:
        with self.engine.connect() as conn:
            handoff = conn.execute(select(orm.handoffs).where(orm.handoffs.c.case_code == case_code)).mappings().one()
            rows = conn.execute(select(orm.pages).where(orm.pages.c.handoff_id == handoff["id"])
                                .order_by(orm.pages.c.due_at, orm.pages.c.id)).mappings().all()
            events = conn.execute(select(orm.handoff_events.c.kind).where(
                orm.handoff_events.c.handoff_id == handoff["id"]).order_by(orm.handoff_events.c.id)).scalars().all()
        return {"status": handoff["status"], "accepted_by": handoff["accepted_by"], "events": list(events),
                "pages": [{k: (utc(v) if isinstance(v, datetime) else v) for k, v in dict(r).items()} for r in rows]}

    def _event(self, conn: Connection, handoff: dict, kind: str, detail: dict) -> None:
        conn.execute(insert(orm.handoff_events).values(handoff_id=handoff["id"], at=utcnow(), kind=kind,
                                                       detail=detail))
        try:
            sent = self.notify(handoff, kind)
            if sent is not None and getattr(sent, "sid", None):
                index_for_person(handoff, sent.sid, "out", conn=conn)
        except Exception:  # telling the person must never stop the paging
            log.exception("handoff %s: could not tell the person about %s", handoff["case_code"], kind)


def _locked_handoff(conn: Connection, case_code: str) -> dict:
    """The handoff row, locked until the transaction ends (PostgreSQL); KeyError if unknown."""
    query = select(orm.handoffs).where(orm.handoffs.c.case_code == case_code.upper())
    if conn.dialect.name == "postgresql":
        query = query.with_for_update()
    row = conn.execute(query).mappings().first()
    if row is None:
        raise KeyError(case_code)
    return dict(row)


def packet_of(handoff, join_url: str) -> HandoffPacket:
    return HandoffPacket(handoff["case_code"], handoff["lane"], handoff["language"], handoff["urgency"],
                         tuple(handoff["needs"] or ()), handoff["region"], join_url)
