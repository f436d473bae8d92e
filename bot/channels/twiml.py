"""TwiML answers of the channels, built by pure functions (tests parse the XML).

Messaging webhooks answer `<Response/>` (replies go out through the gateway) or one or more
`<Message>` elements; the voice webhook answers `<Say>` inside a speech `<Gather>`.
"""
from __future__ import annotations

from typing import Optional, Sequence, Tuple
from xml.etree import ElementTree as ET

__all__ = ["CONTENT_TYPE", "Line", "empty_response", "messages_response", "voice_response"]

CONTENT_TYPE = "text/xml; charset=utf-8"
Line = Tuple[str, Optional[str]]  # (text to say, TTS language such as "nl-NL")
_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>'


def _serialise(response: ET.Element) -> str:
    return _DECLARATION + ET.tostring(response, encoding="unicode")


def empty_response() -> str:
    """`<Response/>`: acknowledged, nothing to send from the webhook itself."""
    return _serialise(ET.Element("Response"))


def messages_response(texts: Sequence[str]) -> str:
    """One `<Message>` per non-empty text, sent by Twilio to the sender of the webhook."""
    response = ET.Element("Response")
    for body in texts:
        if body:
            ET.SubElement(response, "Message").text = body
    return _serialise(response)


def voice_response(lines: Sequence[Line], speech_language: str, action: str, *, voice: Optional[str] = None,
                   speech_timeout: str = "3", hangup: bool = False) -> str:
    """The bot's lines as `<Say>`, the last one inside `<Gather input="speech">` that posts to `action`.

    Each line is `(text, tts_language)`; `speech_language` (e.g. `pl-PL`) selects the speech
    recogniser. With `hangup` the lines are spoken and the call ends instead of listening again.
    """
    response = ET.Element("Response")
    lines = [(text, language) for text, language in lines if text]

    def say(parent: ET.Element, text: str, language: Optional[str]) -> None:
        attrs = {key: value for key, value in (("language", language), ("voice", voice)) if value}
        ET.SubElement(parent, "Say", **attrs).text = text

    if hangup:
        for text, language in lines:
            say(response, text, language)
        ET.SubElement(response, "Hangup")
        return _serialise(response)
    for text, language in lines[:-1]:
        say(response, text, language)
        ET.SubElement(response, "Pause", length="1")
    gather = ET.SubElement(response, "Gather", input="speech", language=speech_language, action=action,
                           method="POST", speechTimeout=speech_timeout, actionOnEmptyResult="true")
    if lines:
        say(gather, *lines[-1])
    return _serialise(response)
