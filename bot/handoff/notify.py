"""Tell the waiting person how their handoff is going, in their language.

On SMS and WhatsApp the message goes through the gateway to the person's number (which is read
from the handoff row and never logged). On channels without push (the REST channel) the event is
only recorded in `handoff_events`; the conversation shows it when the person writes again.

Every message to or about the person that passes the hotline number (status messages, relayed
texts, call-back questions) is indexed under the person's thread (`bot.safety.threads`), so the
erase word sent from their phone deletes it at the provider too.
"""
from __future__ import annotations

import logging
from typing import Callable, Optional

from sqlalchemy.engine import Connection, Engine

from bot.i18n.catalogue import render
from bot.messaging.gateway import MessageGateway, OutgoingResult
from bot.safety import threads

log = logging.getLogger("opvanglijn.handoff")

MESSAGES = {"alerted": "utter_human_handoff__alerted", "escalated": "utter_human_handoff__escalated",
            "accepted": "utter_human_handoff__accepted", "exhausted": "utter_human_handoff__exhausted"}
PUSH_CHANNELS = {"sms", "whatsapp"}


def person_address(handoff: dict) -> Optional[str]:
    """Where a text to the person goes (`whatsapp:` kept for WhatsApp); None without a text thread."""
    if handoff.get("person_channel") not in PUSH_CHANNELS or not handoff.get("person_address"):
        return None
    address = handoff["person_address"]
    if handoff["person_channel"] == "whatsapp" and not address.startswith("whatsapp:"):
        address = f"whatsapp:{address}"
    return address


def index_for_person(handoff: dict, sid: str, direction: str, *, conn: Optional[Connection] = None,
                     engine: Optional[Engine] = None) -> None:
    """Index provider message `sid` under the person's thread (inside `conn`'s transaction, or in
    its own on `engine`). A failure is logged, never raised: the message itself already left."""
    thread = threads.person_thread(handoff.get("person_channel"), handoff.get("person_address"))
    if thread is None or not sid:
        return
    try:
        if conn is not None:
            threads.record_in(conn, thread, sid, direction)
        elif engine is not None:
            threads.assign(engine, thread, sid, direction)
    except Exception as exc:
        log.error("handoff %s: message not indexed for erasure (%s)", handoff.get("case_code"), type(exc).__name__)


def send_to_person(gateway: MessageGateway, handoff: dict, text: str, *, conn: Optional[Connection] = None,
                   engine: Optional[Engine] = None) -> Optional[OutgoingResult]:
    """Text the person through the hotline number and index the message; None without a thread."""
    address = person_address(handoff)
    if address is None:
        return None
    sent = gateway.send_sms(address, text)
    index_for_person(handoff, sent.sid, "out", conn=conn, engine=engine)
    return sent


def person_notifier(gateway: MessageGateway) -> Callable[[dict, str], Optional[OutgoingResult]]:
    """The Pager's notifier; it returns what was sent so the Pager indexes it in its transaction."""
    def notify(handoff: dict, kind: str) -> Optional[OutgoingResult]:
        address = person_address(handoff)
        if address is None or kind not in MESSAGES:
            return None
        text = render(MESSAGES[kind], handoff["language"], case_code=handoff["case_code"])["text"]
        return gateway.send_sms(address, text)

    return notify
