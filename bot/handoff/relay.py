"""Text takeover: once a coordinator accepts, the person's SMS/WhatsApp thread is theirs.

The bot pauses for that person; their messages go to the coordinator and the coordinator's
replies go back to them, both through the hotline number, so neither sees the other's number.
`BOT OL-XXXXXX` (or `TERUG OL-XXXXXX`) from the coordinator hands the thread back to the bot.
A coordinator with several open cases starts a reply with the case code (`OL-XXXXXX: text`).
`BEL OL-XXXXXX` (or `CALL ...`; without the code when there is one open case) asks the person
whether and when a call is safe (`bot.handoff.callback`); their answer is relayed and read.
Every relayed message (both directions) is indexed under the person's thread for the erase word.
Relayed text is never logged.
"""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from typing import List, Optional

from sqlalchemy import select, update
from sqlalchemy.engine import Engine

from bot.handoff.callback import CallBackError
from bot.handoff.notify import index_for_person, send_to_person
from bot.handoff.paging import Pager
from bot.i18n.catalogue import render
from bot.messaging.gateway import MessageGateway
from bot.registry import orm
from bot.registry.db import writer

log = logging.getLogger("opvanglijn.relay")
HAND_BACK = re.compile(r"^\s*(bot|terug|back)\s+ol-?([a-z0-9]{6})\s*$", re.IGNORECASE)
CALL_BACK = re.compile(r"^\s*(bel|call)(?:\s+ol-?([a-z0-9]{6}))?\s*$", re.IGNORECASE)
ADDRESSED = re.compile(r"^\s*ol-?([a-z0-9]{6})\s*[:\-]\s*(.+)$", re.IGNORECASE | re.DOTALL)


@dataclass(frozen=True)
class Routed:
    """What became of an inbound message that is not for the bot; `reply` goes back to the sender."""
    action: str  # accepted | relayed_to_coordinator | relayed_to_person | handed_back | ask_which_case
    #              | callback_asked | callback_answer
    case_code: Optional[str] = None
    reply: Optional[str] = None


class Relay:
    def __init__(self, engine: Engine, gateway: MessageGateway, pager: Pager):
        self.engine, self.gateway, self.pager = engine, gateway, pager

    def route(self, sender: str, body: str, sid: Optional[str] = None) -> Optional[Routed]:
        """Handle a coordinator's or a taken-over person's message; None means: give it to the bot.
        `sid` is the inbound message's provider sid (indexed under the person's thread when relayed)."""
        ack = self.pager.acknowledge_sms(sender, body)
        if ack is not None:
            reply = (f"Geaccepteerd: {ack.case_code}. Berichten van de persoon komen nu hier binnen; "
                     f"BOT {ack.case_code} geeft het gesprek terug aan de bot." if ack.first else
                     f"{ack.case_code} is al geaccepteerd door {ack.accepted_by}.")
            return Routed("accepted", ack.case_code, reply)
        coordinator_cases = self._cases_of_coordinator(sender)
        if coordinator_cases:
            return self._from_coordinator(sender, body, coordinator_cases, sid)
        case = self._case_of_person(sender)
        if case is not None:
            relayed = self.gateway.send_sms(case["coordinator_phone"], f"[{case['case_code']}] {body}")
            index_for_person(case, relayed.sid, "out", engine=self.engine)
            log.info("handoff %s: message relayed to the coordinator", case["case_code"])
            try:
                answer = self.pager.callbacks.answer(case["case_code"], case["coordinator_phone"], body)
            except Exception as exc:  # relayed already: the coordinator reads it and can ask again
                log.error("handoff %s: call-back answer not read (%s)", case["case_code"], type(exc).__name__)
                answer = None
            if answer is None:
                return Routed("relayed_to_coordinator", case["case_code"])
            if answer.kind == "now":
                self.pager.run_due()  # the call to the coordinator leaves now, not at the next pager tick
            return Routed("callback_answer", case["case_code"])
        return None

    def _from_coordinator(self, sender: str, body: str, cases: List[dict], sid: Optional[str] = None) -> Routed:
        back = HAND_BACK.match(body)
        if back:
            code = f"OL-{back.group(2).upper()}"
            case = next((c for c in cases if c["case_code"] == code), None)
            if case is None:
                return Routed("ask_which_case", None, f"Geen open gesprek {code} bij jou.")
            with writer(self.engine).begin() as conn:
                conn.execute(update(orm.handoffs).where(orm.handoffs.c.case_code == code).values(status="closed"))
                cancelled = self.pager.callbacks.cancel(conn, case, "handed_back")
            send_to_person(self.gateway, case, render("utter_human_handoff__handed_back", case["language"])["text"],
                           engine=self.engine)
            return Routed("handed_back", code, f"{code} is terug bij de bot." +
                          (" Het terugbellen is geannuleerd." if cancelled else ""))
        call_back = CALL_BACK.match(body)
        if call_back:
            if call_back.group(2):
                code = f"OL-{call_back.group(2).upper()}"
                cases = [c for c in cases if c["case_code"] == code]
            if len(cases) != 1:
                codes = ", ".join(c["case_code"] for c in cases) or "geen"
                return Routed("ask_which_case", None, f"Stuur BEL met de code van het gesprek ({codes}).")
            try:
                reply = self.pager.callbacks.ask(cases[0]["case_code"], cases[0]["coordinator_phone"])
            except CallBackError:
                return Routed("ask_which_case", cases[0]["case_code"],
                              f"{cases[0]['case_code']}: de vraag kon niet worden verstuurd. Probeer het zo opnieuw.")
            return Routed("callback_asked", cases[0]["case_code"], reply)
        addressed = ADDRESSED.match(body)
        if addressed:
            code, body = f"OL-{addressed.group(1).upper()}", addressed.group(2)
            cases = [c for c in cases if c["case_code"] == code]
        if len(cases) != 1:
            codes = ", ".join(c["case_code"] for c in cases) or "geen"
            return Routed("ask_which_case", None, f"Begin je bericht met de code van het gesprek ({codes}).")
        send_to_person(self.gateway, cases[0], body, engine=self.engine)
        if sid:  # the coordinator's own message is part of the person's conversation too
            index_for_person(cases[0], sid, "in", engine=self.engine)
        log.info("handoff %s: coordinator message relayed to the person", cases[0]["case_code"])
        return Routed("relayed_to_person", cases[0]["case_code"])

    def _open_cases(self):
        h, p = orm.handoffs, orm.pages
        return (select(h.c.id, h.c.case_code, h.c.person_channel, h.c.person_address, h.c.language,
                       p.c.phone.label("coordinator_phone"))
                .join(p, (p.c.handoff_id == h.c.id) & (p.c.coordinator_id == h.c.accepted_by))
                .where(h.c.status == "accepted", h.c.person_channel.in_(("sms", "whatsapp")))
                .distinct())

    def _cases_of_coordinator(self, phone: str) -> List[dict]:
        with self.engine.connect() as conn:
            rows = conn.execute(self._open_cases().where(orm.pages.c.phone == phone)).mappings().all()
        return [dict(r) for r in rows]

    def _case_of_person(self, address: str) -> Optional[dict]:
        bare = address.removeprefix("whatsapp:")
        with self.engine.connect() as conn:
            row = conn.execute(self._open_cases().where(orm.handoffs.c.person_address.in_((address, bare)))
                               .order_by(orm.handoffs.c.case_code)).mappings().first()
        return dict(row) if row else None
