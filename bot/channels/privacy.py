"""Mask phone numbers in every log record of the Rasa process that serves the hotline channels.

Our channels never log a number (only `mask_phone`), but the conversation id *is* the sender's
number, and Rasa logs conversation ids at DEBUG (the tracker store: "Recreating tracker for id
'+316...'", the processor, the lock store). `install_log_scrubber()` adds a filter to every
handler that exists when the channels' blueprints are built (Rasa has configured logging by
then), which rewrites each record through `scrub_numbers`.

It cannot recognise free text: Rasa's processor logs the user's message at DEBUG, so the Rasa
server must never run with `--debug` / `LOG_LEVEL=DEBUG` in production.
"""
from __future__ import annotations

import logging
import threading

from bot.messaging.gateway import scrub_numbers

__all__ = ["PhoneNumberScrubber", "install_log_scrubber"]

_lock = threading.Lock()


class PhoneNumberScrubber(logging.Filter):
    """Replaces phone-number-like digit runs in the formatted message with their masked form."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Always keeps the record; only its message may change."""
        try:
            message = record.getMessage()
        except Exception:  # a malformed record is the logging module's problem, not ours
            return True
        scrubbed = scrub_numbers(message)
        if scrubbed != message:
            record.msg, record.args = scrubbed, ()
        return True


def _handlers() -> list:
    loggers = [logging.getLogger()] + [logger for logger in logging.Logger.manager.loggerDict.values()
                                       if isinstance(logger, logging.Logger)]
    return [handler for logger in loggers for handler in logger.handlers]


def install_log_scrubber() -> int:
    """Add the scrubber to every current handler that lacks it; returns how many were added."""
    added = 0
    with _lock:
        for handler in _handlers():
            if not any(isinstance(f, PhoneNumberScrubber) for f in handler.filters):
                handler.addFilter(PhoneNumberScrubber())
                added += 1
    return added
