"""Tell the waiting person how their handoff is going, in their language.

On SMS and WhatsApp the message goes through the gateway to the person's number (which is read
from the handoff row and never logged). On channels without push (the REST channel) the event is
only recorded in `handoff_events`; the conversation shows it when the person writes again.
"""
from __future__ import annotations

from typing import Callable

from bot.i18n.catalogue import render
from bot.messaging.gateway import MessageGateway

MESSAGES = {"alerted": "utter_human_handoff__alerted", "escalated": "utter_human_handoff__escalated",
            "accepted": "utter_human_handoff__accepted", "exhausted": "utter_human_handoff__exhausted"}
PUSH_CHANNELS = {"sms", "whatsapp"}


def person_notifier(gateway: MessageGateway) -> Callable[[dict, str], None]:
    def notify(handoff: dict, kind: str) -> None:
        if handoff.get("person_channel") not in PUSH_CHANNELS or not handoff.get("person_address"):
            return
        text = render(MESSAGES[kind], handoff["language"], case_code=handoff["case_code"])["text"]
        address = handoff["person_address"]
        if handoff["person_channel"] == "whatsapp" and not address.startswith("whatsapp:"):
            address = f"whatsapp:{address}"
        gateway.send_sms(address, text)

    return notify
