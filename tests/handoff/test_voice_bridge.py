"""Warm transfer on the voice line: the caller's live call is bridged to whoever accepts."""
from __future__ import annotations

from xml.etree import ElementTree as ET

from bot.handoff.packet import HandoffPacket
from tests.handoff.conftest import HOTLINE_NUMBER, NIGHT

CALLER = "+31000000777"  # FICTIONAL (unused +31 00 range)


def _live_call(gateway) -> str:
    """A call resource at the stand-in standing for the caller's inbound call."""
    return gateway.place_call(CALLER, "<Response><Gather input='speech'/></Response>").sid


def _packet(code: str, language: str = "ro") -> HandoffPacket:
    return HandoffPacket(code, "victim", language, "tonight", (), None, f"http://x/cases/{code}")


def test_the_caller_is_bridged_to_the_coordinator_who_accepts_without_either_number_shown(pager, gateway, standin):
    call_sid = _live_call(gateway)
    pager.open(_packet("OL-VOICE2"), "voice", call_sid, now=NIGHT)
    pager.run_due(now=NIGHT)
    pager.acknowledge("OL-VOICE2", "eva", "keypad", now=NIGHT)
    twiml = ET.fromstring(standin.calls[call_sid]["twiml"])
    dial = twiml.find("Dial")
    assert dial is not None and dial.get("callerId") == HOTLINE_NUMBER  # eva sees the hotline, not the caller
    assert [n.text for n in dial.findall("Number")] == ["+31000000905"]  # eva's roster phone
    say = twiml.find("Say")
    assert say.get("language") == "ro-RO" and "coordonator" in say.text  # told in the caller's language
    assert "bridged" in pager.status("OL-VOICE2")["events"]
    assert CALLER not in standin.calls[call_sid]["twiml"]


def test_a_caller_who_hung_up_is_not_bridged_and_the_case_stays_accepted(pager, gateway, standin):
    pager.open(_packet("OL-VOICE3", "nl"), "voice", "CA" + "0" * 32, now=NIGHT)  # no such live call
    ack = pager.acknowledge("OL-VOICE3", "daan", "api", now=NIGHT)
    state = pager.status("OL-VOICE3")
    assert ack.first and state["accepted_by"] == "daan" and "bridge_failed" in state["events"]


def test_text_channels_are_not_bridged(pager, gateway, standin):
    pager.open(_packet("OL-TEXT22", "nl"), "sms", CALLER, now=NIGHT)
    pager.acknowledge("OL-TEXT22", "daan", "api", now=NIGHT)
    assert not [r for r in standin.requests if r.method == "POST" and "/Calls/CA" in r.path]
    assert "bridged" not in pager.status("OL-TEXT22")["events"]
