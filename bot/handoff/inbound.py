"""Messages on the hotline number that are not for the bot.

The SMS and WhatsApp channels call `route_inbound` before Rasa: a coordinator accepting a case or
talking in a taken-over thread, a person whose thread a coordinator has taken over, a shelter
answering JA/NEE to a hold,
a shelter setting its free beds ("BEDDEN 3", `bot.registry.bed_sms`). It returns the reply to send back to the sender (possibly empty), or
None when the message is for the bot.
"""
from __future__ import annotations

from typing import Optional

from bot import runtime
from bot.registry import bed_sms


def route_inbound(sender: str, body: str, sid: Optional[str] = None) -> Optional[str]:
    routed = runtime.relay().route(sender, body, sid)
    if routed is not None:
        return routed.reply or ""
    confirmed = runtime.confirmation().answer(sender, body)
    if confirmed is not None:
        return confirmed
    return bed_sms.answer(runtime.registry(), sender, body)
