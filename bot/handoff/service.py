"""Request a human: build the packet and page the on-call contact through the message gateway.

This is the foundation's seam; issue 5 adds the roster, acknowledgement and escalation behind
the same `request_handoff` call.
"""
from __future__ import annotations

import logging
from typing import Optional, Tuple

from bot.config import Settings
from bot.handoff.packet import HandoffPacket, new_case_code
from bot.messaging.gateway import GatewayError, MessageGateway

log = logging.getLogger("opvanglijn.handoff")


class HandoffUnavailable(Exception):
    """No coordinator could be paged; the person must be told and given the emergency route."""


def request_handoff(gateway: MessageGateway, settings: Settings, *, lane: str, language: str,
                    urgency: str = "normal", needs: Tuple[str, ...] = (), region: Optional[str] = None,
                    case_code: Optional[str] = None) -> HandoffPacket:
    code = case_code or new_case_code()
    packet = HandoffPacket(code, lane, language, urgency, needs, region, f"{settings.public_base_url}/cases/{code}")
    if not settings.oncall_fallback_phone:
        log.error("handoff %s: no on-call contact configured (ONCALL_FALLBACK_PHONE)", code)
        raise HandoffUnavailable("no on-call contact configured")
    try:
        sent = gateway.send_sms(settings.oncall_fallback_phone, packet.sms())
    except GatewayError as exc:
        log.error("handoff %s: page failed (%s)", code, exc.code)
        raise HandoffUnavailable(str(exc.code)) from None
    log.info("handoff %s: paged %s as %s", code, sent.to_masked, sent.sid)
    return packet
