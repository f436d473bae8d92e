"""`TwilioSmsInput`: the SMS channel (credentials.yml: `bot.channels.twilio_sms.TwilioSmsInput:`).

Twilio's messaging webhook for the hotline number points at
`https://<public host>/webhooks/twilio_sms/webhook`, its status callback at `.../status`.
Replies are split into parts of at most two SMS segments. See `bot.channels.base` for the flow.
"""
from __future__ import annotations

from typing import Text

from bot.channels.base import TwilioMessagingInput
from bot.channels.output import GatewayOutput

__all__ = ["TwilioSmsInput", "TwilioSmsOutput"]


class TwilioSmsOutput(GatewayOutput):
    """Replies as SMS through `runtime.gateway()`."""

    channel_name = "twilio_sms"


class TwilioSmsInput(TwilioMessagingInput):
    """Signed, deduplicated SMS webhook."""

    output_class = TwilioSmsOutput

    @classmethod
    def name(cls) -> Text:
        """`twilio_sms`."""
        return "twilio_sms"
