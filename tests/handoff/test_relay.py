"""Text takeover: the coordinator and the person talk through the hotline number; the bot pauses."""
from __future__ import annotations

from bot.handoff.packet import HandoffPacket
from bot.handoff.relay import Relay
from tests.handoff.conftest import NIGHT

PERSON = "+31687654321"
EVA, ANNA = "+31000000905", "+31000000901"


def open_case(pager, code="OL-RELAY1", person=PERSON, channel="sms"):
    pager.open(HandoffPacket(code, "victim", "ro", "tonight", (), None, ""), channel, person, now=NIGHT)
    pager.run_due(NIGHT)


def messages_to(standin, number):
    return [r.form["Body"] for r in standin.requests if r.form.get("To") == number and r.path.endswith("Messages.json")]


def test_accepting_by_sms_then_relaying_both_ways_and_handing_back(pager, gateway, standin, registry):
    relay = Relay(registry.engine, gateway, pager)
    open_case(pager)
    accepted = relay.route(EVA, "OK OL-RELAY1")
    assert accepted.action == "accepted" and "BOT OL-RELAY1" in accepted.reply
    assert relay.route(PERSON, "Sunt la gară, mi-e frică").action == "relayed_to_coordinator"
    assert messages_to(standin, EVA)[-1] == "[OL-RELAY1] Sunt la gară, mi-e frică"
    assert relay.route(EVA, "Stai acolo, vin cu poliția").action == "relayed_to_person"
    assert messages_to(standin, PERSON)[-1] == "Stai acolo, vin cu poliția"
    assert all(EVA not in r.form.get("Body", "") and PERSON not in r.form.get("Body", "") for r in standin.requests)
    handed = relay.route(EVA, "BOT OL-RELAY1")
    assert handed.action == "handed_back" and "bot" in messages_to(standin, PERSON)[-1].lower()
    assert relay.route(PERSON, "mulțumesc") is None  # back to the bot


def test_person_messages_go_to_the_bot_until_someone_accepts(pager, gateway, registry):
    relay = Relay(registry.engine, gateway, pager)
    open_case(pager)
    assert relay.route(PERSON, "hello?") is None


def test_coordinator_with_two_cases_must_say_which(pager, gateway, standin, registry):
    relay = Relay(registry.engine, gateway, pager)
    open_case(pager, "OL-RELAY1", PERSON)
    open_case(pager, "OL-RELAY2", "+31611111111")
    relay.route(EVA, "ok ol-relay1")
    relay.route(EVA, "ok ol-relay2")
    assert relay.route(EVA, "Waar ben je?").action == "ask_which_case"
    assert relay.route(EVA, "OL-RELAY2: Waar ben je?").action == "relayed_to_person"
    assert messages_to(standin, "+31611111111")[-1] == "Waar ben je?"


def test_whatsapp_person_is_reached_on_whatsapp(pager, gateway, standin, registry):
    relay = Relay(registry.engine, gateway, pager)
    open_case(pager, person="whatsapp:+31622222222", channel="whatsapp")
    relay.route(EVA, "OK OL-RELAY1")
    relay.route(EVA, "Hallo")
    assert messages_to(standin, "whatsapp:+31622222222")[-1] == "Hallo"
