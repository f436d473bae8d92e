"""Request a human: open a handoff, send its first page at once, tell the person what happens.

The paging plan and escalation live in `bot.handoff.paging.Pager`; pager loops in the web
service (or `hotline pager`) send the later pages when they fall due.
"""
from __future__ import annotations

import logging
from typing import Optional, Tuple

from bot.handoff.packet import HandoffPacket, new_case_code
from bot.handoff.paging import HandoffUnavailable, Pager

log = logging.getLogger("opvanglijn.handoff")

__all__ = ["HandoffUnavailable", "request_handoff"]


def request_handoff(pager: Pager, public_base_url: str, *, lane: str, language: str, urgency: str = "normal",
                    needs: Tuple[str, ...] = (), region: Optional[str] = None, case_code: Optional[str] = None,
                    person_channel: Optional[str] = None, person_address: Optional[str] = None) -> HandoffPacket:
    code = case_code or new_case_code()
    packet = HandoffPacket(code, lane, language, urgency, needs, region, f"{public_base_url}/cases/{code}")
    pager.open(packet, person_channel, person_address)
    pager.run_due()  # the first SMS leaves now, not at the next tick of a pager loop
    return packet
