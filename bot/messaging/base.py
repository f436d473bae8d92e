"""Shared types of the messaging seam: result, error, abstract gateway, phone masking.

Privacy rule for everything in `bot.messaging`: message bodies, TwiML and full phone
numbers are never logged and never put into exception messages. Use `mask_phone` for any
number that has to appear in a log line, and `scrub_numbers` for free text coming back
from a provider (Twilio error messages may echo the number).
"""
from __future__ import annotations

import abc
import re
from dataclasses import dataclass
from typing import Optional

__all__ = [
    "GatewayError",
    "MessageGateway",
    "OutgoingResult",
    "mask_phone",
    "scrub_numbers",
]

_MASK = "******"
# A free-standing run of digits, optionally with a leading "+" and single spaces/dashes
# inside; digits glued to letters (SIDs like SM1a2b...) are left alone. Only runs with
# 9+ digits are masked (Dutch numbers have 10-11), so dates like 2010-04-01 survive.
_NUMBER_RUN = re.compile(r"(?<![\w+])\+?\d(?:[ \-]?\d){5,}(?!\w)")
_MIN_DIGITS_TO_SCRUB = 9


@dataclass(frozen=True)
class OutgoingResult:
    """Outcome of an accepted send/call: provider id, provider status, masked recipient."""

    sid: str
    status: str
    to_masked: str


class GatewayError(Exception):
    """A send, call or delete failed.

    `retryable` is True for transient failures (HTTP 429, 5xx, connection problems) and
    False for permanent ones (other 4xx: bad number, wrong credentials, unknown sid).
    `code` is the provider error code when there is one (e.g. Twilio 21211), `status`
    the HTTP status when there is one. `message` never contains a body or full number.
    """

    def __init__(
        self,
        retryable: bool,
        code: Optional[int],
        message: str,
        *,
        status: Optional[int] = None,
    ) -> None:
        super().__init__(message)
        self.retryable = retryable
        self.code = code
        self.message = message
        self.status = status

    def __repr__(self) -> str:
        return (
            f"GatewayError(retryable={self.retryable!r}, code={self.code!r}, "
            f"status={self.status!r}, message={self.message!r})"
        )


class MessageGateway(abc.ABC):
    """The seam through which the hotline sends SMS and places voice calls."""

    from_number: Optional[str] = None  # the hotline number shown to coordinators when a call is bridged

    @abc.abstractmethod
    def send_sms(
        self, to: str, body: str, *, status_callback: Optional[str] = None
    ) -> OutgoingResult:
        """Send one SMS to `to` (E.164). Raises GatewayError on failure."""

    @abc.abstractmethod
    def place_call(
        self, to: str, twiml: str, *, status_callback: Optional[str] = None
    ) -> OutgoingResult:
        """Place one outbound call to `to` that executes `twiml`. Raises GatewayError."""

    @abc.abstractmethod
    def update_call(self, sid: str, twiml: str) -> None:
        """Make the live call `sid` run `twiml` now (e.g. bridge it). Raises GatewayError."""

    @abc.abstractmethod
    def delete_message(self, sid: str) -> None:
        """Erase a sent message (body and record) at the provider. Raises GatewayError."""


def mask_phone(number: Optional[str]) -> str:
    """Mask a phone number for logs: `+31612345678` -> `+31******78`.

    Keeps a channel prefix (`whatsapp:`), the `+`, the first two and last two digits;
    the middle is always six stars so the length of the number is not revealed either.
    Anything that does not look like a phone number with at least 8 digits becomes
    `******` (with its prefix, e.g. `client:******`).
    """
    if not number:
        return _MASK
    prefix, sep, rest = number.rpartition(":")
    prefix = prefix + sep
    digits = re.sub(r"\D", "", rest)
    if len(digits) < 8 or not re.fullmatch(r"\+?[\d ()\-.]+", rest.strip()):
        return prefix + _MASK
    plus = "+" if rest.strip().startswith("+") else ""
    return f"{prefix}{plus}{digits[:2]}{_MASK}{digits[-2:]}"


def scrub_numbers(text: str) -> str:
    """Replace every phone-number-like run of digits in `text` with its masked form."""

    def _mask(match: re.Match[str]) -> str:
        run = match.group(0)
        return mask_phone(run) if sum(c.isdigit() for c in run) >= _MIN_DIGITS_TO_SCRUB else run

    return _NUMBER_RUN.sub(_mask, text)
