"""Rasa output channel that sends the bot's replies as SMS/WhatsApp through `runtime.gateway()`.

* Buttons become numbered lines; the payloads are remembered per recipient (`ButtonMemory`) so
  a reply "2" is passed to Rasa as the second button's payload.
* A reply longer than two SMS segments is split on paragraphs (`text.split_message`).
* A transient gateway failure is retried twice; a part that still cannot be sent is kept in
  `undelivered`, and the webhook returns it as TwiML `<Message>` so the person gets it anyway.

Privacy: log lines carry the masked recipient and the provider's error code, never the text.
"""
from __future__ import annotations

import asyncio
import logging
import threading
import time
from collections import OrderedDict
from typing import Any, Callable, Dict, List, Optional, Sequence, Text

from rasa.core.channels.channel import OutputChannel

from bot import runtime
from bot.channels.text import button_choice, fits_sms, render_buttons, split_message
from bot.messaging.gateway import GatewayError, mask_phone
from bot.safety.guard import TextSafety

__all__ = ["ButtonMemory", "GatewayOutput"]

log = logging.getLogger("opvanglijn.channels")

SEND_ATTEMPTS = 3
RETRY_DELAY_SECONDS = 0.5


class ButtonMemory:
    """The payloads of the last buttons shown to each recipient (in memory, bounded, expiring)."""

    def __init__(self, max_entries: int = 10_000, ttl_seconds: float = 3600) -> None:
        self._entries: "OrderedDict[str, tuple[float, List[str]]]" = OrderedDict()
        self._lock = threading.Lock()
        self.max_entries, self.ttl_seconds = max_entries, ttl_seconds

    def remember(self, recipient: str, payloads: Sequence[str]) -> None:
        """Replace the recipient's choices with `payloads`."""
        with self._lock:
            self._entries.pop(recipient, None)
            self._entries[recipient] = (time.monotonic(), list(payloads))
            while len(self._entries) > self.max_entries:
                self._entries.popitem(last=False)

    def forget(self, recipient: str) -> None:
        """The bot said something without buttons: a bare number is an answer, not a choice."""
        with self._lock:
            self._entries.pop(recipient, None)

    def resolve(self, recipient: str, text: str) -> str:
        """The payload a numeric reply picks, or `text` unchanged."""
        with self._lock:
            entry = self._entries.get(recipient)
        if entry is None or time.monotonic() - entry[0] > self.ttl_seconds:
            return text
        return button_choice(text, entry[1]) or text


class GatewayOutput(OutputChannel):
    """Sends replies through the process-wide gateway; subclasses set `channel_name`."""

    channel_name = "twilio_gateway"

    def __init__(self, buttons: Optional[ButtonMemory] = None, status_callback: Optional[str] = None,
                 fits: Callable[[str], bool] = fits_sms) -> None:
        self.buttons = buttons or ButtonMemory()
        self.status_callback = status_callback
        self.fits = fits
        self.undelivered: List[str] = []
        self.sent = 0

    @classmethod
    def name(cls) -> Text:
        """The channel's name, as the input channel that created it."""
        return cls.channel_name

    async def send_text_message(self, recipient_id: Text, text: Text, **kwargs: Any) -> None:
        """Send `text`, split into parts of at most two SMS segments."""
        self.buttons.forget(recipient_id)
        await self._send_text(recipient_id, text)

    async def send_text_with_buttons(self, recipient_id: Text, text: Text, buttons: List[Dict[Text, Any]],
                                     **kwargs: Any) -> None:
        """Send the text with numbered option lines and remember the payloads."""
        await self._send_text(recipient_id, render_buttons(text, buttons))
        self.buttons.remember(recipient_id, [str(b.get("payload") or b.get("title") or "") for b in buttons])

    async def send_quick_replies(self, recipient_id: Text, text: Text, quick_replies: List[Dict[Text, Any]],
                                 **kwargs: Any) -> None:
        """Quick replies are buttons too."""
        await self.send_text_with_buttons(recipient_id, text, quick_replies)

    async def send_custom_json(self, recipient_id: Text, json_message: Dict[Text, Any], **kwargs: Any) -> None:
        """Only a `text` field is sent: raw JSON must never reach a person's phone."""
        if isinstance(json_message.get("text"), str):
            await self.send_text_message(recipient_id, json_message["text"])
        else:
            log.debug("%s: custom payload without text not sent over SMS", self.name())

    async def send_notice(self, recipient_id: str, text: str) -> None:
        """A channel notice (not the bot speaking): sent like a reply, button choices kept."""
        await self._send_text(recipient_id, text)

    async def _send_text(self, recipient_id: str, text: str) -> None:
        for part in split_message(text, self.fits):
            await self.send_part(recipient_id, part)

    async def send_part(self, recipient_id: str, body: str) -> bool:
        """Send one part (retrying transient failures); False if it stays undelivered."""
        for attempt in range(SEND_ATTEMPTS):
            try:
                gateway = runtime.gateway()
                result = await asyncio.to_thread(gateway.send_sms, recipient_id, body,
                                                 status_callback=self.status_callback)
                await asyncio.to_thread(TextSafety(self.name()).record, recipient_id, result.sid, "out")
                self.sent += 1
                return True
            except GatewayError as exc:
                log.warning("%s: reply to %s failed (code %s, retryable %s, attempt %d)", self.name(),
                            mask_phone(recipient_id), exc.code, exc.retryable, attempt + 1)
                if not exc.retryable:
                    break
            except Exception as exc:  # a broken gateway must not silence the reply: see `undelivered`
                log.error("%s: reply to %s failed: %s", self.name(), mask_phone(recipient_id), type(exc).__name__)
                break
            if attempt + 1 < SEND_ATTEMPTS:
                await asyncio.sleep(RETRY_DELAY_SECONDS * 2 ** attempt)
        self.undelivered.append(body)
        return False
