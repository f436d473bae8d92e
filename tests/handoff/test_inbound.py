"""route_inbound: coordinators, taken-over people and shelters are answered without the bot."""
from __future__ import annotations

import pytest

from bot import runtime
from bot.handoff.inbound import route_inbound
from bot.handoff.packet import HandoffPacket
from bot.registry.model import Profile
from tests.handoff.conftest import NIGHT


@pytest.fixture
def wired(registry, roster_store, gateway, pager):
    runtime.configure(registry.settings, registry, gateway, pager)
    yield registry
    runtime.configure()


def test_routes_acceptance_shelter_answers_and_leaves_the_rest_to_the_bot(wired, pager):
    pager.open(HandoffPacket("OL-INBND1", "victim", "nl", "tonight", (), None, ""), "sms", "+31687654321", now=NIGHT)
    pager.run_due(NIGHT)
    assert "Geaccepteerd: OL-INBND1" in route_inbound("+31000000904", "OK OL-INBND1")
    shelter = wired.search(Profile(age=30, gender="male", found_municipality="GM0344")).offers[0].shelter
    hold = wired.hold(shelter.code, actor="police")
    runtime.confirmation().ask(hold.code, Profile(age=30, gender="male"), actor="police")
    assert "bevestigd" in route_inbound(shelter.phone_for_professionals, f"JA {hold.code}")
    assert route_inbound("+31611112222", "hallo, ik heb hulp nodig") is None
