"""Which language a call is heard and spoken in, from the conversation's `language` slot.

The slot holds a short code (`pl`); Twilio's speech recogniser wants a locale (`pl-PL`) and so
does `<Say>` (Mandarin: `cmn-CN` for recognition, `zh-CN` for speech). The slot is read from
Rasa's tracker store when the channel runs inside Rasa; `LanguageMemory` keeps the last known
language per caller for when no tracker store is reachable.
"""
from __future__ import annotations

import inspect
import logging
import threading
from collections import OrderedDict
from typing import Any, Optional

from bot.constants import DEFAULT_LANGUAGE, SLOT_LANGUAGE

__all__ = ["LanguageMemory", "SPEECH_LANGUAGES", "conversation_language", "normalise", "say_language",
           "speech_language"]

log = logging.getLogger("opvanglijn.channels")

SPEECH_LANGUAGES = {
    "nl": "nl-NL", "en": "en-GB", "pl": "pl-PL", "ro": "ro-RO", "bg": "bg-BG", "hu": "hu-HU", "uk": "uk-UA",
    "ru": "ru-RU", "es": "es-ES", "pt": "pt-PT", "fr": "fr-FR", "ar": "ar-SA", "vi": "vi-VN", "zh": "cmn-CN",
}
DEFAULT_SPEECH_LANGUAGE = SPEECH_LANGUAGES[DEFAULT_LANGUAGE]
_SAY_OVERRIDES = {"zh": "zh-CN"}


def normalise(language: Any) -> Optional[str]:
    """`"PL"`, `"pl-PL"`, `"pl_PL"` -> `"pl"`; anything else falsy -> None."""
    if not isinstance(language, str) or not language.strip():
        return None
    return language.strip().replace("_", "-").split("-")[0].lower()


def speech_language(language: Any) -> str:
    """Speech-recognition locale for a slot value; `nl-NL` when unknown or unsupported."""
    return SPEECH_LANGUAGES.get(normalise(language) or "", DEFAULT_SPEECH_LANGUAGE)


def say_language(language: Any) -> str:
    """Text-to-speech locale for a slot value; `nl-NL` when unknown or unsupported."""
    code = normalise(language) or ""
    return _SAY_OVERRIDES.get(code) or SPEECH_LANGUAGES.get(code, DEFAULT_SPEECH_LANGUAGE)


class LanguageMemory:
    """Last known language per caller (in memory, bounded; lost on restart)."""

    def __init__(self, max_entries: int = 10_000) -> None:
        self._entries: "OrderedDict[str, str]" = OrderedDict()
        self._lock = threading.Lock()
        self.max_entries = max_entries

    def get(self, caller: str) -> Optional[str]:
        """The remembered language, or None."""
        with self._lock:
            return self._entries.get(caller)

    def remember(self, caller: str, language: str) -> None:
        """Keep `language` for `caller`, evicting the oldest entries beyond `max_entries`."""
        with self._lock:
            self._entries.pop(caller, None)
            self._entries[caller] = language
            while len(self._entries) > self.max_entries:
                self._entries.popitem(last=False)


async def conversation_language(app_ctx: Any, caller: str, memory: LanguageMemory) -> Optional[str]:
    """The `language` slot of `caller`'s conversation (tracker store), else the remembered one."""
    tracker_store = getattr(getattr(app_ctx, "agent", None), "tracker_store", None)
    if tracker_store is not None:
        try:
            tracker = tracker_store.retrieve(caller)
            if inspect.isawaitable(tracker):
                tracker = await tracker
            language = normalise(tracker.get_slot(SLOT_LANGUAGE)) if tracker is not None else None
        except Exception as exc:  # a tracker store outage must not drop the call
            log.warning("twilio_voice: tracker store unavailable (%s)", type(exc).__name__)
            language = None
        if language:
            memory.remember(caller, language)
            return language
    return memory.get(caller)
