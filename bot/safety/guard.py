"""Safety words on SMS and WhatsApp, handled before the bot (see bot/safety/words.yml).

`TextSafety.handle` returns the replies when the message was a safety word or the thread is in a
cover conversation, and None when the message is for the rest of the channel (routing, Rasa).

- erase word: the conversation is deleted from the tracker store, the thread's messages are
  deleted at the provider, a cover conversation ends, and a neutral "Deleted." confirms it;
- duress word: a harmless weather conversation starts and every later message gets a weather
  reply (nothing reaches the bot) for `threads.COVER_HOURS`; a coordinator is paged at once,
  silently: the person gets no status message, and the packet says "do not call".
"""
from __future__ import annotations

import asyncio
import logging
from typing import Any, List, Optional

from bot import runtime
from bot.handoff.service import HandoffUnavailable, request_handoff
from bot.safety import erase, threads, words

log = logging.getLogger("opvanglijn.safety")
DURESS_NEEDS = ("duress signal: someone reads along", "do not call; text only neutral")


class TextSafety:
    def __init__(self, channel: str) -> None:
        self.channel = channel

    def thread(self, sender: str) -> str:
        return threads.thread_key(self.channel, sender)

    def record(self, sender: str, sid: str, direction: str) -> None:
        """Index a message of this thread (never fails the message: logged instead)."""
        try:
            threads.record(runtime.registry().engine, self.thread(sender), sid, direction)
        except Exception as exc:
            log.error("%s: thread index not updated (%s)", self.channel, type(exc).__name__)

    async def handle(self, sender: str, body: str, tracker_store: Any) -> Optional[List[str]]:
        engine = runtime.registry().engine
        thread = self.thread(sender)
        word = words.match(body)
        if word is not None and word.kind == "erase":
            return [await self._erase(engine, thread, sender, word.language, tracker_store)]
        if word is not None and word.kind == "duress":
            await asyncio.to_thread(threads.start_cover, engine, thread, word.language)
            await asyncio.to_thread(self._page_silently, word.language)
            log.info("%s: duress word, cover conversation started", self.channel)
            return [words.text("cover_start", word.language)]
        cover = await asyncio.to_thread(threads.cover_language, engine, thread)
        if cover is not None:
            return [words.text("cover_reply", cover)]
        return None

    async def _erase(self, engine, thread: str, sender: str, language: str, tracker_store: Any) -> str:
        await asyncio.to_thread(threads.end_cover, engine, thread)
        conversation = await erase.erase_conversation(tracker_store, sender)
        result = await asyncio.to_thread(erase.erase_provider_messages, engine, runtime.gateway(), thread)
        log.info("%s: thread erased (conversation %s, %d provider messages deleted, %d kept for retry)",
                 self.channel, "deleted" if conversation else "NOT deleted", result.deleted, len(result.kept))
        return words.text("erased", language)

    @staticmethod
    def _page_silently(language: str) -> None:
        try:
            request_handoff(runtime.pager(), runtime.settings().public_base_url, lane="victim", language=language,
                            urgency="immediate", needs=DURESS_NEEDS)
        except HandoffUnavailable:
            log.error("duress: no coordinator could be paged")
