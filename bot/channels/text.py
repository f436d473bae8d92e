"""Pure text helpers for SMS/WhatsApp: segment counting, splitting, buttons, channel notices.

An SMS segment holds 160 GSM-7 characters (153 when concatenated) or 70 UCS-2 code units (67);
one character outside GSM-7 (ł, ă, Cyrillic, Arabic, emoji) switches the whole message to
UCS-2. Replies are split on paragraphs (then lines, sentences, words) into parts of at most
two segments each, so every part arrives as one readable message.

The channel's own notices are bilingual (Dutch, then English): they are sent before the
conversation's language is known, or without asking Rasa for it.
"""
from __future__ import annotations

import re
from typing import Callable, Dict, List, Optional, Sequence

__all__ = ["NOTICES", "MAX_INBOUND_CHARS", "button_choice", "fits_sms", "render_buttons", "segments",
           "split_message"]

MAX_INBOUND_CHARS = 1600  # Twilio's limit for one (concatenated) SMS body
MAX_SMS_SEGMENTS = 2
WHATSAPP_MAX_CHARS = 1600

_GSM_BASIC = set(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
_GSM_EXTENDED = set("^{}\\[~]|€\f")

NOTICES: Dict[str, str] = {
    "media": ("We hebben je foto of spraakbericht ontvangen. Een medewerker kijkt ernaar. Typen kan ook. "
              "In direct gevaar? Bel 112.\n\nWe received your photo or voice message. A person will look "
              "at it. You can also type. In danger now? Call 112."),
    "location": ("We hebben je locatie ontvangen. Een medewerker kijkt ernaar. In direct gevaar? Bel 112.\n\n"
                 "We received your location. A person will look at it. In danger now? Call 112."),
    "empty": ("Je bericht was leeg. Schrijf in je eigen taal wat er aan de hand is. In direct gevaar? Bel 112."
              "\n\nYour message was empty. Write in your own language what is going on. In danger now? "
              "Call 112."),
    "long": ("Je bericht was lang ({length} tekens). We hebben alles ontvangen en lezen eerst de eerste "
             "{limit} tekens. Korte berichten werken het best.\n\nYour message was long ({length} "
             "characters). We received all of it and read the first {limit} characters first. Short "
             "messages work best."),
    "error": ("Er ging bij ons iets mis. Stuur je bericht nog een keer. In direct gevaar? Bel 112.\n\n"
              "Something went wrong on our side. Please send your message again. In danger now? Call 112."),
    "ack_first": "Geaccepteerd: {code}. Dank je. / Accepted: {code}. Thank you.",
    "ack_again": "{code} is al geaccepteerd door een collega. / {code} was already accepted by a colleague.",
}

# Coarse to fine: paragraphs, lines, sentences, words. (pattern, joiner)
_LEVELS = ((re.compile(r"\n\s*\n"), "\n\n"), (re.compile(r"\n"), "\n"),
           (re.compile(r"(?<=[.!?])\s+"), " "), (re.compile(r"\s+"), " "))
_CHOICE = re.compile(r"\s*(\d{1,2})\s*[.)]?\s*")


def _units(text: str) -> tuple[bool, int]:
    """(is GSM-7, length in that encoding's units)."""
    if all(c in _GSM_BASIC or c in _GSM_EXTENDED for c in text):
        return True, sum(2 if c in _GSM_EXTENDED else 1 for c in text)
    return False, len(text.encode("utf-16-le")) // 2


def segments(text: str) -> int:
    """How many SMS segments `text` takes (0 for an empty text)."""
    if not text:
        return 0
    gsm, units = _units(text)
    single, multi = (160, 153) if gsm else (70, 67)
    return 1 if units <= single else -(-units // multi)


def fits_sms(text: str) -> bool:
    """True when `text` fits in `MAX_SMS_SEGMENTS` segments."""
    return segments(text) <= MAX_SMS_SEGMENTS


def fits_whatsapp(text: str) -> bool:
    """True when `text` is short enough for one WhatsApp message from this hotline."""
    return len(text) <= WHATSAPP_MAX_CHARS


def _hard_cut(text: str, fits: Callable[[str], bool]) -> List[str]:
    parts, current = [], ""
    for char in text:
        if current and not fits(current + char):
            parts.append(current)
            current = ""
        current += char
    return parts + ([current] if current else [])


def _split(text: str, fits: Callable[[str], bool], level: int) -> List[str]:
    if fits(text):
        return [text]
    if level >= len(_LEVELS):
        return _hard_cut(text, fits)
    pattern, joiner = _LEVELS[level]
    chunks = [c.strip() for c in pattern.split(text) if c.strip()]
    if len(chunks) <= 1:
        return _split(text, fits, level + 1)
    parts: List[str] = []
    current: Optional[str] = None
    for chunk in chunks:
        candidate = chunk if current is None else current + joiner + chunk
        if fits(candidate):
            current = candidate
            continue
        if current is not None:
            parts.append(current)
        pieces = _split(chunk, fits, level + 1)
        parts.extend(pieces[:-1])
        current = pieces[-1]
    if current is not None:
        parts.append(current)
    return parts


def split_message(text: str, fits: Callable[[str], bool] = fits_sms) -> List[str]:
    """`text` as a list of parts that each satisfy `fits`, split at the coarsest break possible."""
    text = (text or "").strip()
    return _split(text, fits, 0) if text else []


def render_buttons(text: str, buttons: Sequence[dict]) -> str:
    """SMS has no buttons: the text followed by numbered lines `1. title`."""
    lines = [f"{number}. {button.get('title') or button.get('payload') or ''}".rstrip()
             for number, button in enumerate(buttons, start=1)]
    return "\n".join([text.strip(), *lines]) if text and text.strip() else "\n".join(lines)


def button_choice(text: str, payloads: Sequence[str]) -> Optional[str]:
    """The payload the reply `text` picks ("2", "2." or "2)") from the last buttons, else None."""
    match = _CHOICE.fullmatch(text or "")
    if not match:
        return None
    index = int(match.group(1)) - 1
    return payloads[index] if 0 <= index < len(payloads) else None
