"""`TwilioWhatsAppInput`: the WhatsApp channel (`bot.channels.twilio_whatsapp.TwilioWhatsAppInput:`).

Senders look like `whatsapp:+31612345678`; replies go back to that address through the same
gateway (Twilio routes `whatsapp:` addresses to WhatsApp). Replies are split at 1,600 characters
(no SMS segments on WhatsApp). A paged coordinator may acknowledge from WhatsApp too: the
`whatsapp:` prefix is removed before matching the number that was paged.
"""
from __future__ import annotations

from typing import Text

from bot.channels.base import TwilioMessagingInput
from bot.channels.output import GatewayOutput
from bot.channels.text import fits_whatsapp

__all__ = ["TwilioWhatsAppInput", "TwilioWhatsAppOutput"]

PREFIX = "whatsapp:"


class TwilioWhatsAppOutput(GatewayOutput):
    """Replies as WhatsApp messages through `runtime.gateway()`."""

    channel_name = "twilio_whatsapp"


class TwilioWhatsAppInput(TwilioMessagingInput):
    """Signed, deduplicated WhatsApp webhook."""

    output_class = TwilioWhatsAppOutput
    fits = staticmethod(fits_whatsapp)

    @classmethod
    def name(cls) -> Text:
        """`twilio_whatsapp`."""
        return "twilio_whatsapp"

    def ack_address(self, sender: str) -> str:
        """`whatsapp:+31...` -> `+31...`, the form in which coordinators are paged."""
        return sender[len(PREFIX):] if sender.startswith(PREFIX) else sender
