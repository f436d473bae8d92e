"""Outgoing SMS and voice calls for the hotline; see `bot.messaging.gateway`."""
from bot.messaging.gateway import (
    GatewayError,
    MessageGateway,
    OutboxGateway,
    OutgoingResult,
    TwilioGateway,
    gateway_from_env,
    mask_phone,
    read_outbox,
)

__all__ = [
    "GatewayError",
    "MessageGateway",
    "OutboxGateway",
    "OutgoingResult",
    "TwilioGateway",
    "gateway_from_env",
    "mask_phone",
    "read_outbox",
]
