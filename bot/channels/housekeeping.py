"""Forget webhook bookkeeping that has done its job; run by the web service's pager loop.

Dedupe rows (`inbound_messages`) are kept two days: Twilio stops redelivering within hours. The
thread index (`thread_messages`) is kept 30 days, the longest an erase should still reach back
at the provider; expired cover conversations go too.
"""
from __future__ import annotations

import logging
import time
from datetime import datetime, timedelta
from typing import Optional

from sqlalchemy.engine import Engine

from bot.channels import store
from bot.registry.db import utcnow
from bot.safety import threads

log = logging.getLogger("opvanglijn.channels")
DEDUPE_KEPT = timedelta(days=2)
THREAD_INDEX_KEPT = timedelta(days=30)


def prune(engine: Engine, now: Optional[datetime] = None) -> dict:
    now = now or utcnow()
    counts = {"inbound_messages": store.prune(engine, now - DEDUPE_KEPT),
              "thread_messages": threads.prune(engine, now - THREAD_INDEX_KEPT)}
    if any(counts.values()):
        log.info("housekeeping: forgot %(inbound_messages)d dedupe and %(thread_messages)d thread rows", counts)
    return counts


class Housekeeping:
    """Callable for the pager loop: prunes at most once per `every_seconds`."""

    def __init__(self, engine: Engine, every_seconds: float = 3600) -> None:
        self.engine, self.every, self._last = engine, every_seconds, float("-inf")

    def __call__(self) -> None:
        if time.monotonic() - self._last >= self.every:
            prune(self.engine)
            self._last = time.monotonic()
