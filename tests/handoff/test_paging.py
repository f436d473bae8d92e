"""Paging and escalation on real databases, through the official Twilio client and the stand-in."""
from __future__ import annotations

import threading
from datetime import timedelta
from xml.etree import ElementTree as ET

import pytest

from bot.handoff.packet import HandoffPacket
from bot.handoff.paging import HandoffUnavailable, Pager
from bot.handoff.store import RosterStore
from bot.messaging.gateway import TwilioGateway
from bot.registry.db import make_engine
from tests.handoff.conftest import ACCOUNT_SID, AUTH_TOKEN, HOTLINE_NUMBER, NIGHT, sent_to

PERSON = "+31687654321"


def packet(code="OL-ABCDEF", language="ro", region=None, lane="victim"):
    return HandoffPacket(code, lane, language, "tonight", ("children",), region, f"http://x/cases/{code}")


def test_sms_first_then_a_call_then_the_next_person_until_someone_accepts(pager, standin):
    pager.open(packet(), "sms", PERSON, now=NIGHT)
    pager.run_due(NIGHT)
    # Romanian speakers first; with no region known the national shift (eva) before a regional one (anna)
    assert sent_to(standin) == ["+31000000905", PERSON]  # the page, and "a coordinator was alerted" to the person
    pager.run_due(NIGHT + timedelta(seconds=59))
    assert sent_to(standin, "Calls") == []
    pager.run_due(NIGHT + timedelta(minutes=1))
    assert sent_to(standin, "Calls") == ["+31000000905"]
    pager.run_due(NIGHT + timedelta(minutes=5))
    assert sent_to(standin)[2:] == ["+31000000901", PERSON]  # anna (ro) next, and the person hears it moved on
    before = len(standin.requests)
    ack = pager.acknowledge_sms("+31000000901", "ok ol-abcdef")
    assert ack is not None and ack.first and ack.accepted_by == "anna"
    pager.run_due(NIGHT + timedelta(hours=2))
    new = standin.requests[before:]
    assert [r.form.get("To") for r in new] == [PERSON]  # only "accepted" to the person, no page after the ack
    assert pager.status("OL-ABCDEF")["events"] == ["alerted", "escalated", "accepted"]


def test_the_person_is_told_in_their_language(pager, standin):
    pager.open(packet(language="nl"), "sms", PERSON, now=NIGHT)
    pager.run_due(NIGHT)
    told = [r.form["Body"] for r in standin.requests if r.form.get("To") == PERSON]
    assert told == ["Er is een coördinator gewaarschuwd (OL-ABCDEF). Je hoort binnen een paar minuten van ons."]


def test_a_second_acknowledgement_changes_nothing(pager):
    pager.open(packet(), now=NIGHT)
    pager.run_due(NIGHT)
    assert pager.acknowledge("OL-ABCDEF", "eva", "api").first
    again = pager.acknowledge("OL-ABCDEF", "anna", "keypad")
    assert not again.first and again.accepted_by == "eva"


def test_sms_from_a_number_that_was_not_paged_accepts_nothing(pager):
    pager.open(packet(), now=NIGHT)
    pager.run_due(NIGHT)
    assert pager.acknowledge_sms(PERSON, "OK OL-ABCDEF") is None
    assert pager.acknowledge_sms("+31000000905", "hello") is None
    assert pager.status("OL-ABCDEF")["status"] == "paging"


def test_twilio_error_is_retried_with_backoff(pager, standin):
    pager.open(packet(), now=NIGHT)
    standin.fail_next(1, status=503, code=20503)
    pager.run_due(NIGHT)
    assert sent_to(standin) == []
    pager.run_due(NIGHT + timedelta(seconds=9))
    assert sent_to(standin) == []
    pager.run_due(NIGHT + timedelta(seconds=10))
    assert sent_to(standin) == ["+31000000905"]


def test_persistent_failure_pages_the_next_person_at_once(pager, standin):
    pager.open(packet(), now=NIGHT)
    standin.fail_next(1, status=400, code=21211)  # not retryable: a bad number
    pager.run_due(NIGHT)
    assert sent_to(standin) == ["+31000000901"]  # anna now, not five minutes later
    status = pager.status("OL-ABCDEF")
    assert [p["status"] for p in status["pages"] if p["coordinator_id"] == "eva" and p["kind"] == "sms"][0] == "failed"


def test_the_call_reads_the_packet_and_asks_for_1(pager, standin):
    pager.open(packet(region="Limburg"), now=NIGHT)
    pager.run_due(NIGHT + timedelta(minutes=1))
    [call] = standin.calls.values()
    twiml = ET.fromstring(call["twiml"])
    gather = twiml.find("Gather")
    assert gather.get("numDigits") == "1" and gather.get("action").endswith("/webhooks/twilio_voice/ack/OL-ABCDEF/anna")
    said = gather.find("Say").text
    assert "O L A B C D E F" in said and "Limburg" in said and "Druk 1" in said and PERSON not in said


def test_pending_escalations_survive_a_restart(registry, roster_store, standin):
    first = Pager(registry.engine, TwilioGateway(ACCOUNT_SID, AUTH_TOKEN, HOTLINE_NUMBER,
                                                  api_base_url=standin.base_url), roster_store.latest)
    first.open(packet(), now=NIGHT)
    first.run_due(NIGHT)
    del first
    url = registry.engine.url.render_as_string(hide_password=False)
    restarted = Pager(make_engine(url), TwilioGateway(ACCOUNT_SID, AUTH_TOKEN, HOTLINE_NUMBER,
                                                      api_base_url=standin.base_url), RosterStore(make_engine(url)).latest)
    restarted.run_due(NIGHT + timedelta(minutes=5))
    assert sent_to(standin) == ["+31000000905", "+31000000901"]


def test_whole_chain_unanswered_tells_the_person_and_never_goes_silent(pager, standin):
    pager.open(packet(), "sms", PERSON, now=NIGHT)
    for minute in range(0, 45):
        pager.run_due(NIGHT + timedelta(minutes=minute))
    pages = [to for to in sent_to(standin) if to != PERSON]
    assert pages.count("+31000000900") == 2  # the fallback, in both rounds
    told = [r.form["Body"] for r in standin.requests if r.form.get("To") == PERSON]
    assert pager.status("OL-ABCDEF")["status"] == "exhausted"  # the last turn is over: no endless wait
    assert "112" in told[-1] and sum("112" in body for body in told) == 1  # told once, honestly
    pager.run_due(NIGHT + timedelta(hours=1))
    assert [r.form["Body"] for r in standin.requests if r.form.get("To") == PERSON] == told
    assert pager.acknowledge("OL-ABCDEF", "eva", "api").first  # a coordinator can still take the case


def test_the_case_is_not_ended_while_the_last_persons_turn_is_running(pager, standin):
    pager.open(packet(), "sms", PERSON, now=NIGHT)
    for minute in range(0, 40):
        pager.run_due(NIGHT + timedelta(minutes=minute))
    last = max(r["sent_at"] for r in pager.status("OL-ABCDEF")["pages"] if r["sent_at"])
    assert pager.expire_unanswered(last + timedelta(minutes=4)) == 0
    assert pager.expire_unanswered(last + timedelta(minutes=5)) == 1
    assert pager.expire_unanswered(last + timedelta(minutes=6)) == 0  # ended once


def test_no_roster_means_unavailable_not_a_silent_page(registry, gateway):
    with pytest.raises(HandoffUnavailable):
        Pager(registry.engine, gateway, lambda: None).open(packet(), now=NIGHT)


@pytest.mark.postgres
def test_two_pager_processes_send_each_page_exactly_once(roster_store, standin, pg_url, request):
    if request.getfixturevalue("registry").engine.dialect.name != "postgresql":
        pytest.skip("runs once, on PostgreSQL")
    pagers = [Pager(make_engine(pg_url), TwilioGateway(ACCOUNT_SID, AUTH_TOKEN, HOTLINE_NUMBER,
                                                       api_base_url=standin.base_url), roster_store.latest)
              for _ in range(2)]
    for n in range(10):
        pagers[0].open(packet(code=f"OL-TEST{n:02d}"), now=NIGHT)
    barrier = threading.Barrier(2)

    def work(p):
        barrier.wait()
        for minute in (0, 1, 5, 6):
            p.run_due(NIGHT + timedelta(minutes=minute))

    threads = [threading.Thread(target=work, args=(p,)) for p in pagers]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    sms = [(r.form["To"], r.form["Body"].split(" | ")[0]) for r in standin.requests if r.path.endswith("Messages.json")]
    calls = [r.form["To"] for r in standin.requests if r.path.endswith("Calls.json")]
    assert len(sms) == len(set(sms)) == 20  # eva and anna for each of the ten cases, once each
    assert len(calls) == 20
