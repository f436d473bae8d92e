"""Call-back on a taken-over text thread: only after the person said it is safe, and when.

Real databases (SQLite and PostgreSQL), the real Relay and Pager, Twilio through the official
client against the stand-in.
"""
from __future__ import annotations

import logging
import threading
from datetime import datetime, timedelta, timezone
from xml.etree import ElementTree as ET

import pytest

from bot.handoff.callback import ANSWER_MINUTES, read_answer
from bot.handoff.packet import HandoffPacket
from bot.handoff.paging import Pager
from bot.handoff.relay import Relay
from bot.handoff.roster import AMSTERDAM
from bot.handoff.store import RosterStore
from bot.messaging.gateway import TwilioGateway
from bot.registry.db import make_engine, utcnow
from tests.handoff.conftest import ACCOUNT_SID, AUTH_TOKEN, HOTLINE_NUMBER, NIGHT, sent_to

PERSON = "+31687654321"  # FICTIONAL
EVA = "+31000000905"
SECRET = "Sunt la gară, mi-e frică"
CODE = "OL-CALLB1"
UTC = timezone.utc


def amsterdam(hour, minute=0, day=24):
    """A November 2026 wall-clock time in Amsterdam (UTC+1), as UTC."""
    return datetime(2026, 11, day, hour, minute, tzinfo=UTC) - timedelta(hours=1)


@pytest.mark.parametrize("text, language, kind, due", [
    ("1", "ro", "now", None),
    ("nu", "nl", "now", None),  # Dutch "nu" is now...
    ("nu", "ro", "no", None),  # ...Romanian "nu" is no: a refusal always wins
    ("3", "pl", "no", None),
    ("STOP", "en", "no", None),
    ("niet bellen om 22:00", "nl", "no", None),
    ("22:00", "nl", "at", amsterdam(22)),
    ("2 22.30", "en", "at", amsterdam(22, 30)),
    ("na 22 uur", "nl", "at", amsterdam(22)),
    ("after 10pm", "en", "at", amsterdam(22)),
    ("om 8 uur", "nl", "at", amsterdam(8, day=25)),  # 08:00 has passed at 21:00: tomorrow
    ("ja", "nl", "later", None),
    ("2", "ro", "later", None),
    ("niet nu", "nl", "unclear", None),
    ("wie is dit?", "nl", "unclear", None),
])
def test_the_answer_is_read_and_only_a_clear_yes_means_a_call(text, language, kind, due):
    now = amsterdam(21)
    answer = read_answer(text, language, now)
    assert answer.kind == kind
    if due is not None:
        assert answer.due == due


def test_a_time_across_the_clock_change_is_amsterdam_time():
    before_dst_end = datetime(2026, 10, 24, 20, 0, tzinfo=UTC)  # 22:00 CEST on Saturday
    answer = read_answer("21:00", "nl", before_dst_end)
    assert answer.due == datetime(2026, 10, 25, 20, 0, tzinfo=UTC)  # 21:00 CET on Sunday, after the change


@pytest.fixture
def relay(pager, gateway, registry):
    return Relay(registry.engine, gateway, pager)


def taken_over(pager, relay, code=CODE, person=PERSON, language="ro"):
    pager.open(HandoffPacket(code, "victim", language, "tonight", (), None, ""), "sms", person, now=NIGHT)
    pager.run_due(NIGHT)
    assert relay.route(EVA, f"OK {code}").action == "accepted"


def texts_to(standin, number):
    return [r.form["Body"] for r in standin.requests if r.form.get("To") == number and r.path.endswith("Messages.json")]


def calls(standin):
    return [r for r in standin.requests if r.method == "POST" and r.path.endswith("/Calls.json")]


def callback_page(pager, code=CODE):
    return [p for p in pager.status(code)["pages"] if p["kind"] == "callback"]


def test_bel_asks_the_person_in_their_language_and_now_places_the_call_through_the_coordinator(
        pager, relay, standin, caplog):
    caplog.set_level(logging.DEBUG)
    taken_over(pager, relay)
    asked = relay.route(EVA, "BEL")  # one open case: the code may be left out
    assert asked.action == "callback_asked" and "zonder antwoord" in asked.reply
    question = texts_to(standin, PERSON)[-1]
    assert "1 = acum" in question and "3 = fără apel" in question  # Romanian, numbered for SMS
    assert calls(standin) == []  # asking is not calling
    assert relay.route(PERSON, "1").action == "callback_answer"
    assert texts_to(standin, EVA)[-2:] == [f"[{CODE}] 1", f"{CODE}: bellen is nu veilig. Je wordt zo gebeld; "
                                                          "druk 1 om door te verbinden."]
    assert "Te sunăm imediat" in texts_to(standin, PERSON)[-1]
    [call] = calls(standin)
    assert call.form["To"] == EVA and call.form["From"] == HOTLINE_NUMBER
    gather = ET.fromstring(call.form["Twiml"]).find("Gather")
    assert gather.get("action").endswith(f"/webhooks/twilio_voice/callback/{CODE}")
    assert PERSON not in call.form["Twiml"]  # the person's number is handed over only after the 1
    assert pager.callbacks.connect(CODE) == PERSON
    assert pager.callbacks.connect(CODE) is None  # dialled once
    assert pager.status(CODE)["events"][-4:] == ["callback_asked", "callback_scheduled", "callback_placed",
                                                 "callback_connected"]
    logged = caplog.text
    assert PERSON not in logged and SECRET not in logged and "Te sunăm" not in logged


def test_a_time_is_scheduled_durably_and_placed_once_after_a_restart(pager, relay, registry, roster_store, standin):
    taken_over(pager, relay)
    relay.route(EVA, f"CALL {CODE}")
    relay.route(PERSON, "după 22:00")
    assert "22:00" in texts_to(standin, PERSON)[-1] and "22:00" in texts_to(standin, EVA)[-1]
    [page] = callback_page(pager)
    due = page["due_at"]
    assert due > utcnow() and due.astimezone(AMSTERDAM).strftime("%H:%M") == "22:00"
    url = registry.engine.url.render_as_string(hide_password=False)
    restarted = Pager(make_engine(url), TwilioGateway(ACCOUNT_SID, AUTH_TOKEN, HOTLINE_NUMBER,
                                                      api_base_url=standin.base_url), RosterStore(make_engine(url)).latest)
    restarted.run_due(due - timedelta(seconds=1))
    assert calls(standin) == []
    restarted.run_due(due)
    restarted.run_due(due + timedelta(minutes=5))
    assert [c.form["To"] for c in calls(standin)] == [EVA]


@pytest.mark.postgres
def test_two_pager_processes_place_a_scheduled_call_back_exactly_once(pager, relay, roster_store, standin, pg_url,
                                                                      request):
    if request.getfixturevalue("registry").engine.dialect.name != "postgresql":
        pytest.skip("runs once, on PostgreSQL")
    for n in range(5):
        code, person = f"OL-CALL{n:02d}", f"+3160000000{n}"
        taken_over(pager, relay, code, person)
        relay.route(EVA, f"BEL {code}")
        relay.route(person, "23:30")
    due = max(callback_page(pager, f"OL-CALL{n:02d}")[0]["due_at"] for n in range(5))
    workers = [Pager(make_engine(pg_url), TwilioGateway(ACCOUNT_SID, AUTH_TOKEN, HOTLINE_NUMBER,
                                                        api_base_url=standin.base_url), roster_store.latest)
               for _ in range(2)]
    barrier = threading.Barrier(2)

    def work(worker):
        barrier.wait()
        worker.run_due(due)

    threads = [threading.Thread(target=work, args=(w,)) for w in workers]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    placed = [ET.fromstring(c.form["Twiml"]).find("Gather").get("action").rsplit("/", 1)[1] for c in calls(standin)]
    assert sorted(placed) == [f"OL-CALL{n:02d}" for n in range(5)]


def test_no_means_no_call_ever_and_the_coordinator_is_told(pager, relay, standin):
    taken_over(pager, relay)
    relay.route(EVA, "BEL")
    relay.route(PERSON, "3")
    assert texts_to(standin, EVA)[-1] == f"{CODE}: de persoon wil niet gebeld worden. Niet bellen; sms'en kan."
    assert "nu te sunăm" in texts_to(standin, PERSON)[-1]
    pager.run_due(utcnow() + timedelta(days=2))
    assert calls(standin) == [] and callback_page(pager) == []
    assert relay.route(PERSON, "1").action == "relayed_to_coordinator"  # a later "1" is just text now
    pager.run_due(utcnow() + timedelta(days=2))
    assert calls(standin) == []


def test_no_answer_means_no_call_and_the_coordinator_is_told(pager, relay, standin):
    taken_over(pager, relay)
    relay.route(EVA, "BEL")
    relay.route(PERSON, "cine e?")  # not an answer: only relayed
    pager.run_due(utcnow() + timedelta(minutes=ANSWER_MINUTES - 1))
    assert not texts_to(standin, EVA)[-1].startswith(f"{CODE}: geen antwoord")
    pager.run_due(utcnow() + timedelta(minutes=ANSWER_MINUTES + 1))
    assert texts_to(standin, EVA)[-1].startswith(f"{CODE}: geen antwoord op de terugbelvraag. Niet bellen")
    relay.route(PERSON, "1")  # too late: the question is closed
    pager.run_due(utcnow() + timedelta(days=1))
    assert calls(standin) == []


def test_yes_without_a_time_asks_when_and_never_calls(pager, relay, standin):
    taken_over(pager, relay, language="nl")
    relay.route(EVA, "BEL")
    relay.route(PERSON, "ja")
    assert texts_to(standin, PERSON)[-1].startswith("Wanneer is het veilig?")
    pager.run_due(utcnow() + timedelta(minutes=5))
    assert calls(standin) == []
    relay.route(PERSON, "nu")
    assert [c.form["To"] for c in calls(standin)] == [EVA]


def test_the_person_can_withdraw_before_the_time_and_while_it_rings(pager, relay, standin):
    taken_over(pager, relay, language="nl")
    relay.route(EVA, "BEL")
    relay.route(PERSON, "om 23:45")
    relay.route(PERSON, "STOP")
    assert texts_to(standin, EVA)[-1] == f"{CODE}: de persoon heeft het terugbellen ingetrokken. Niet bellen; sms'en kan."
    assert texts_to(standin, PERSON)[-1] == "Goed, we bellen je niet. Je kunt hier gewoon blijven schrijven."
    pager.run_due(utcnow() + timedelta(days=1))
    assert calls(standin) == []
    relay.route(EVA, "BEL")
    relay.route(PERSON, "1")  # the coordinator's phone rings...
    assert len(calls(standin)) == 1
    relay.route(PERSON, "niet bellen")  # ...and it is no longer safe
    assert pager.callbacks.connect(CODE) is None  # pressing 1 dials nobody


def test_handing_back_cancels_a_planned_call_back(pager, relay, standin):
    taken_over(pager, relay)
    relay.route(EVA, "BEL")
    relay.route(PERSON, "23:50")
    handed = relay.route(EVA, f"BOT {CODE}")
    assert "terugbellen is geannuleerd" in handed.reply
    pager.run_due(utcnow() + timedelta(days=1))
    assert calls(standin) == []


def test_bel_needs_a_code_with_two_open_cases_and_is_not_for_people(pager, relay, standin):
    taken_over(pager, relay, "OL-CALLB1", PERSON)
    taken_over(pager, relay, "OL-CALLB2", "+31611111111")
    assert relay.route(EVA, "BEL").action == "ask_which_case"
    assert relay.route(EVA, "bel ol-callb2").action == "callback_asked"
    assert "1 = acum" in texts_to(standin, "+31611111111")[-1]
    assert texts_to(standin, PERSON)[-1] != texts_to(standin, "+31611111111")[-1]
    assert relay.route(PERSON, "BEL").action == "relayed_to_coordinator"  # a person cannot order a call
