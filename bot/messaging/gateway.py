"""The messaging seam of the hotline: one place that sends SMS and places voice calls.

Everything outside `bot.messaging` depends only on `MessageGateway` and gets a concrete
gateway from `gateway_from_env`:

* `TwilioGateway` when TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN and TWILIO_FROM_NUMBER are all
  set (TWILIO_API_BASE_URL optionally points it at `bot.twilio_standin`);
* otherwise `OutboxGateway` writing to OUTBOX_PATH (default `var/outbox.jsonl`, relative
  paths resolved against the project root), so the hotline runs without any account.

Privacy: no gateway logs message bodies, TwiML or full phone numbers (see `mask_phone`).
"""
from __future__ import annotations

import logging
from pathlib import Path
from typing import Mapping

from bot.messaging.base import (
    GatewayError,
    MessageGateway,
    OutgoingResult,
    mask_phone,
    scrub_numbers,
)
from bot.messaging.outbox import OutboxGateway, read_outbox
from bot.messaging.twilio_gateway import BaseUrlHttpClient, TwilioGateway

__all__ = [
    "BaseUrlHttpClient",
    "DEFAULT_OUTBOX_PATH",
    "GatewayError",
    "MessageGateway",
    "OutboxGateway",
    "OutgoingResult",
    "TwilioGateway",
    "gateway_from_env",
    "mask_phone",
    "read_outbox",
    "scrub_numbers",
]

log = logging.getLogger("opvanglijn.messaging")

PROJECT_ROOT = Path(__file__).resolve().parent.parent.parent
DEFAULT_OUTBOX_PATH = "var/outbox.jsonl"
_TWILIO_KEYS = ("TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN", "TWILIO_FROM_NUMBER")


def gateway_from_env(env: Mapping[str, str]) -> MessageGateway:
    """Build the gateway configured by `env` (pass `os.environ` or a test dict).

    Twilio is used only when SID, token and from-number are all non-empty; with some but
    not all of them set a warning names the missing variables (never their values) and
    the outbox is used.
    """
    values = {key: (env.get(key) or "").strip() for key in _TWILIO_KEYS}
    if all(values.values()):
        base_url = (env.get("TWILIO_API_BASE_URL") or "").strip() or None
        log.info("messaging via Twilio%s", f" stand-in at {base_url}" if base_url else "")
        return TwilioGateway(
            values["TWILIO_ACCOUNT_SID"],
            values["TWILIO_AUTH_TOKEN"],
            values["TWILIO_FROM_NUMBER"],
            api_base_url=base_url,
        )
    if any(values.values()):
        missing = ", ".join(key for key, value in values.items() if not value)
        log.warning("Twilio not fully configured (missing %s); using the outbox", missing)
    path = Path((env.get("OUTBOX_PATH") or "").strip() or DEFAULT_OUTBOX_PATH)
    if not path.is_absolute():
        path = PROJECT_ROOT / path
    log.info("messaging via outbox file %s (nothing is really sent)", path)
    return OutboxGateway(path)
