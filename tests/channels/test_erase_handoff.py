"""The erase word covers the whole handoff: the pager's status messages, the texts relayed both ways
and the call-back question are deleted at the provider and forgotten here. Real Sanic app, real
database (SQLite and PostgreSQL), the official Twilio client against the stand-in."""
from __future__ import annotations

from sqlalchemy import select

from bot.channels.twilio_sms import TwilioSmsInput
from bot.handoff.packet import HandoffPacket
from bot.registry import orm
from bot.safety import threads
from tests.channels.conftest import SECRET, VICTIM, RecordingAgent, post, sent, serve, sms
from tests.channels.test_messaging import WEBHOOK, messages_in

CODE = "OL-ERASE1"
EVA = "+31000000905"
REPLY = "Waar ben je nu precies?"


def _sid(n: int) -> str:
    return f"SM{n:032d}"


def test_the_erase_word_deletes_status_messages_relayed_texts_and_call_back_questions(hotline_db):
    env = hotline_db
    env.pager.open(HandoffPacket(CODE, "victim", "nl", "tonight", (), None, ""), "sms", VICTIM)
    env.pager.run_due()  # the page to eva, and "a coordinator has been alerted" to the person
    agent = RecordingAgent()
    with serve(TwilioSmsInput(), agent) as server:
        post(server, WEBHOOK, sms(_sid(1), body=f"OK {CODE}", sender=EVA))  # "accepted" to the person
        post(server, WEBHOOK, sms(_sid(2), body=SECRET))  # relayed to eva
        post(server, WEBHOOK, sms(_sid(3), body=REPLY, sender=EVA))  # relayed to the person
        post(server, WEBHOOK, sms(_sid(4), body="BEL", sender=EVA))  # the call-back question
        post(server, WEBHOOK, sms(_sid(5), body="om 23:59"))  # answered: a call is planned
        person_thread = threads.thread_key("twilio_sms", VICTIM)
        indexed = set(threads.sids(env.engine, person_thread))
        to_person = [sid for sid, m in env.standin.messages.items() if m["to"] == VICTIM]
        relayed = [sid for sid, m in env.standin.messages.items() if SECRET in m["body"]]
        assert len(to_person) == 5  # alerted, accepted, the relayed reply, the question, the confirmation
        assert set(to_person) | set(relayed) | {_sid(2), _sid(3), _sid(5)} <= indexed
        erased = post(server, WEBHOOK, sms(_sid(6), body="WIS"))
    assert messages_in(erased) == ["Verwijderd."]
    deleted = {r.path.rsplit("/", 1)[1].removesuffix(".json") for r in env.standin.requests if r.method == "DELETE"}
    assert indexed | {_sid(6)} <= deleted  # at the provider, the inbound ones too
    assert [m for m in env.standin.messages.values() if m["to"] == VICTIM or SECRET in m["body"]
            or REPLY in m["body"]] == []
    assert all(SECRET not in str(r.form) and REPLY not in str(r.form) for r in env.standin.requests)
    assert threads.sids(env.engine, person_thread) == []  # and on our side
    with env.engine.connect() as conn:
        assert conn.execute(select(orm.thread_messages.c.sid).where(
            orm.thread_messages.c.sid.in_([_sid(3)]))).first() is None  # eva's relayed reply is not kept under hers
    # someone may be reading along: the planned call-back is cancelled and eva is told
    assert sent(env.standin)[-1]["To"] == EVA and "gewist" in sent(env.standin)[-1]["Body"]
    assert env.pager.status(CODE)["events"][-1] == "callback_cancelled"
    assert agent.messages == []


def test_the_duress_word_cancels_a_planned_call_back(hotline):
    hotline.pager.open(HandoffPacket(CODE, "victim", "nl", "tonight", (), None, ""), "sms", VICTIM)
    hotline.pager.run_due()
    with serve(TwilioSmsInput(), RecordingAgent()) as server:
        post(server, WEBHOOK, sms(_sid(1), body=f"OK {CODE}", sender=EVA))
        post(server, WEBHOOK, sms(_sid(2), body="BEL", sender=EVA))
        post(server, WEBHOOK, sms(_sid(3), body="23:59"))
        cover = post(server, WEBHOOK, sms(_sid(4), body="WEER"))
    assert messages_in(cover)[0].startswith("Weer")  # the cover conversation, nothing about a call
    told = [f["Body"] for f in sent(hotline.standin) if f["To"] == EVA][-1]
    assert "noodwoord" in told and "niet bellen" in told
    assert "callback_cancelled" in hotline.pager.status(CODE)["events"]
    assert [p for p in hotline.pager.status(CODE)["pages"] if p["kind"] == "callback"][0]["status"] == "cancelled"
