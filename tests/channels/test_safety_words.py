"""Erase and duress words on SMS and WhatsApp: real Sanic app, real database, Twilio stand-in."""
from __future__ import annotations

import asyncio

from sqlalchemy import func, select

from bot.channels.twilio_sms import TwilioSmsInput
from bot.channels.twilio_whatsapp import TwilioWhatsAppInput
from bot.registry import orm
from bot.safety import threads, words
from tests.channels.conftest import (SECRET, VICTIM, RecordingAgent, language_store, post, sent, serve, set_language,
                                     sms)
from tests.channels.test_messaging import WEBHOOK, messages_in


def _sid(n: int) -> str:
    return f"SM{n:032d}"


def _stored(store, sender):
    return asyncio.run(store.retrieve(sender))


def _index_rows(engine) -> int:
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(orm.thread_messages)).scalar_one()


def test_the_erase_word_deletes_the_conversation_here_and_every_message_at_twilio(hotline):
    store = language_store({VICTIM: "nl"})
    agent = RecordingAgent(tracker_store=store)
    with serve(TwilioSmsInput(), agent) as server:
        post(server, WEBHOOK, sms(_sid(1)))
        post(server, WEBHOOK, sms(_sid(2), "ik ben bang"))
        replies = [r for r in hotline.standin.messages.values() if r["to"] == VICTIM]
        assert len(replies) == 2 and _stored(store, VICTIM) is not None
        answer = post(server, WEBHOOK, sms(_sid(3), "WIS"))
    assert messages_in(answer) == ["Verwijderd."]
    assert [m.text for m in agent.messages] == [SECRET, "ik ben bang"]  # the erase word never reached the bot
    assert _stored(store, VICTIM) is None
    assert not [r for r in hotline.standin.messages.values() if r["to"] == VICTIM]  # our replies are gone
    deleted = {r.path.rsplit("/", 1)[-1].removesuffix(".json") for r in hotline.standin.requests
               if r.method == "DELETE"}
    assert {_sid(1), _sid(2), _sid(3)} | {r["sid"] for r in replies} == deleted  # the person's messages too
    assert all(SECRET not in str(r.form) for r in hotline.standin.requests)  # bodies erased in the stand-in log
    assert _index_rows(hotline.engine) == 0


def test_a_failed_deletion_at_twilio_is_kept_and_done_by_the_next_erase(hotline):
    agent = RecordingAgent()
    with serve(TwilioSmsInput(), agent) as server:
        post(server, WEBHOOK, sms(_sid(11)))
        hotline.standin.fail_next(1, status=503, code=20503)
        assert messages_in(post(server, WEBHOOK, sms(_sid(12), "erase"))) == ["Deleted."]
        assert _index_rows(hotline.engine) == 1  # the one that failed is still known
        post(server, WEBHOOK, sms(_sid(13), "ERASE"))
    assert _index_rows(hotline.engine) == 0
    assert not [r for r in hotline.standin.messages.values() if r["to"] == VICTIM]


def test_the_duress_word_starts_a_cover_conversation_and_pages_a_coordinator_silently(hotline):
    agent = RecordingAgent()
    with serve(TwilioWhatsAppInput(), agent) as server:
        hook = "/webhooks/twilio_whatsapp/webhook"
        person = f"whatsapp:{VICTIM}"
        first = post(server, hook, sms(_sid(21), "weer", sender=person))
        later = post(server, hook, sms(_sid(22), "waar is het adres van de opvang?", sender=person))
        assert messages_in(first) == [words.text("cover_start", "nl")]
        assert messages_in(later) == [words.text("cover_reply", "nl")]
        assert agent.messages == []  # nothing reaches the bot while the cover lasts
        pages = sent(hotline.standin)
        assert pages and all(p["To"] not in (VICTIM, person) for p in pages)  # no status message to the person
        assert "IMMEDIATE" in pages[0]["Body"] and "do not call" in pages[0]["Body"]
        assert VICTIM not in pages[0]["Body"] and "adres" not in pages[0]["Body"]
        assert messages_in(post(server, hook, sms(_sid(23), "WIS", sender=person))) == ["Verwijderd."]
        post(server, hook, sms(_sid(24), "hallo", sender=person))
    assert [m.text for m in agent.messages] == ["hallo"]  # erasing ended the cover conversation


def test_a_cover_conversation_ends_by_itself(hotline):
    thread = threads.thread_key("twilio_sms", VICTIM)
    threads.start_cover(hotline.engine, thread, "en")
    assert threads.cover_language(hotline.engine, thread) == "en"
    from datetime import timedelta

    from bot.registry.db import utcnow
    later = utcnow() + timedelta(hours=threads.COVER_HOURS, minutes=1)
    assert threads.cover_language(hotline.engine, thread, now=later) is None


def test_thread_index_holds_no_phone_number(hotline):
    agent = RecordingAgent()
    with serve(TwilioSmsInput(), agent) as server:
        post(server, WEBHOOK, sms(_sid(31)))
    with hotline.engine.connect() as conn:
        rows = [tuple(r) for r in conn.execute(select(orm.thread_messages))]
    assert rows and all(VICTIM not in str(value) and VICTIM[1:] not in str(value) for row in rows for value in row)


def test_with_the_database_down_messages_still_reach_the_bot(hotline, monkeypatch):
    agent = RecordingAgent()
    with serve(TwilioSmsInput(), agent) as server:
        def broken(*args, **kwargs):
            raise RuntimeError("database unavailable")

        for name in ("record", "cover_language", "start_cover"):
            monkeypatch.setattr(threads, name, broken)
        answer = post(server, WEBHOOK, sms(_sid(41), "ik ben bang"))
        duress = post(server, WEBHOOK, sms(_sid(42), "WEATHER"))
    assert [m.text for m in agent.messages] == ["ik ben bang"]
    assert messages_in(answer) == [] and messages_in(duress) == [words.text("cover_start", "en")]
