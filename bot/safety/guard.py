"""Safety words on SMS and WhatsApp, handled before the bot (see bot/safety/words.yml).

`TextSafety.handle` returns the replies when the message was a safety word or the thread is in a
cover conversation, and None when the message is for the rest of the channel (routing, Rasa).

- erase word: the conversation is deleted from the tracker store, the thread's messages are
  deleted at the provider (also the handoff's status messages, relayed texts and call-back
  questions: `bot.handoff.notify` indexes them under the thread), a cover conversation ends, an
  open call-back is cancelled (the coordinator is told), and a neutral "Deleted." confirms it;
- duress word: a harmless weather conversation starts and every later message gets a weather
  reply (nothing reaches the bot) for `threads.COVER_HOURS`; a coordinator is paged at once,
  silently: the person gets no status message, and the packet says "do not call"; an open
  call-back of theirs is cancelled (the coordinator is told).
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
        word = words.match(body)
        thread = self.thread(sender)
        if word is not None and word.kind == "erase":
            return [await self._erase(thread, sender, word.language, tracker_store)]
        if word is not None and word.kind == "duress":
            await self._guarded("cover not stored", threads.start_cover, thread, word.language)
            await self._guarded("call-backs not cancelled",
                                lambda engine: runtime.pager().callbacks.end_for_person(sender, "duress"))
            await asyncio.to_thread(self._page_silently, word.language)
            log.info("%s: duress word, cover conversation started", self.channel)
            return [words.text("cover_start", word.language)]
        cover = await self._guarded("cover state unknown; the bot answers", threads.cover_language, thread)
        if cover is not None:
            return [words.text("cover_reply", cover)]
        return None

    async def _guarded(self, failure: str, work, *args):
        """Run a thread-store call; if the database fails, log and go on (the message is never lost)."""
        try:
            return await asyncio.to_thread(work, runtime.registry().engine, *args)
        except Exception as exc:
            log.error("%s: %s (%s)", self.channel, failure, type(exc).__name__)
            return None

    async def _erase(self, thread: str, sender: str, language: str, tracker_store: Any) -> str:
        await self._guarded("cover not ended", threads.end_cover, thread)
        conversation = await erase.erase_conversation(tracker_store, sender)
        result = await self._guarded("provider messages not deleted (index unavailable)",
                                     lambda engine: erase.erase_provider_messages(engine, runtime.gateway(), thread))
        await self._guarded("call-backs not cancelled", lambda engine: runtime.pager().callbacks.end_for_person(sender))
        log.info("%s: thread erased (conversation %s, %s provider messages deleted, %s kept for retry)",
                 self.channel, "deleted" if conversation else "NOT deleted", result.deleted if result else "no",
                 len(result.kept) if result else "all")
        return words.text("erased", language)

    @staticmethod
    def _page_silently(language: str) -> None:
        try:
            request_handoff(runtime.pager(), runtime.settings().public_base_url, lane="victim", language=language,
                            urgency="immediate", needs=DURESS_NEEDS)
        except HandoffUnavailable:
            log.error("duress: no coordinator could be paged")
        except Exception as exc:  # the cover reply still goes out; the failure is for the operator
            log.error("duress: paging failed (%s)", type(exc).__name__)
