"""Shelter hold confirmation by SMS, through the official Twilio client and the stand-in."""
from __future__ import annotations

from datetime import timedelta

import pytest

from bot.messaging.gateway import TwilioGateway
from bot.registry.confirmation import HoldConfirmation
from bot.registry.db import utcnow
from bot.registry.model import Profile
from bot.twilio_standin import StandIn

SID, TOKEN = "AC" + "3" * 32, "confirm-token"
WOMAN = Profile(age=24, gender="female", residence_status="dutch", found_municipality="GM0344",
                exploitation_forms=frozenset({"sexual_domestic"}), relational_sphere=True)


@pytest.fixture
def standin():
    with StandIn(SID, TOKEN) as server:
        yield server


@pytest.fixture
def confirmation(registry, standin):
    return HoldConfirmation(registry, TwilioGateway(SID, TOKEN, "+31000000800", api_base_url=standin.base_url))


def asked(standin):
    return [(r.form["To"], r.form["Body"]) for r in standin.requests if r.path.endswith("Messages.json")]


def first_offer(registry):
    return registry.search(WOMAN).offers[0].shelter


def test_shelter_answers_ja_and_the_hold_is_confirmed(registry, confirmation, standin):
    shelter = first_offer(registry)
    hold = registry.hold(shelter.code, actor="police:7")
    chain = confirmation.ask(hold.code, WOMAN, actor="police:7")
    [(to, body)] = asked(standin)
    assert to == shelter.phone_for_professionals
    assert body.startswith("Opvanglijn: bed voor 1 vrouw, 24, vannacht?") and f"JA {hold.code}" in body
    reply = confirmation.answer(shelter.phone_for_professionals, f"ja {hold.code.lower()}")
    assert "bevestigd" in reply and registry.get_hold(hold.code).status == "confirmed"
    assert confirmation.status(chain) == [{"shelter": shelter.code, "hold": hold.code, "status": "confirmed"}]


def test_nee_releases_and_asks_the_next_fitting_shelter(registry, confirmation, standin):
    shelter = first_offer(registry)
    hold = registry.hold(shelter.code, actor="police:7")
    chain = confirmation.ask(hold.code, WOMAN, actor="police:7")
    assert "vrijgegeven" in confirmation.answer(shelter.phone_for_professionals, f"NEE {hold.code}")
    assert registry.get_hold(hold.code).status == "released"
    steps = confirmation.status(chain)
    assert steps[0]["status"] == "declined" and len(steps) == 2 and steps[1]["shelter"] != shelter.code
    assert asked(standin)[-1][0] != shelter.phone_for_professionals


def test_silence_past_the_deadline_releases_and_moves_on(registry, confirmation):
    hold = registry.hold(first_offer(registry).code, actor="police:7")
    chain = confirmation.ask(hold.code, WOMAN, actor="police:7")
    assert confirmation.sweep(utcnow() + timedelta(minutes=29)) == 0
    assert confirmation.sweep(utcnow() + timedelta(minutes=31)) == 1
    assert [s["status"] for s in confirmation.status(chain)][:1] == ["expired"]
    assert registry.get_hold(hold.code).status == "released"


def test_answers_from_other_numbers_or_unknown_holds_change_nothing(registry, confirmation):
    shelter = first_offer(registry)
    hold = registry.hold(shelter.code, actor="police:7")
    confirmation.ask(hold.code, WOMAN, actor="police:7")
    assert confirmation.answer("+31699999999", f"JA {hold.code}") is None
    assert confirmation.answer(shelter.phone_for_professionals, "JA H00000000") is None
    assert confirmation.answer(shelter.phone_for_professionals, "misschien") is None
    assert registry.get_hold(hold.code).status == "active"
