"""An answer or a profile with no form open goes on in the conversation's own lane (T10: a girl of 14
who first said she was in danger must not be asked for a professional's bed-search profile)."""
from __future__ import annotations

import pytest

from actions.route import ActionRouteProfile
from actions.support import ActionDanger, ActionSupportNextSteps
from bot import constants as C
from bot.messaging.outbox import read_outbox
from tests.actions.conftest import tracker



async def next_form(slots, dispatcher):
    [event] = await ActionRouteProfile().run(dispatcher, tracker(slots, text="14", intent="inform"), {})
    assert event["event"] == "followup"
    return event["name"]


@pytest.mark.parametrize("lane, form", [("victim", C.FORM_SUPPORT), ("third_party", C.FORM_SUPPORT),
                                        ("professional", C.FORM_BED_SEARCH), (None, C.FORM_BED_SEARCH)])
async def test_the_lane_decides_which_form_goes_on(lane, form, dispatcher):
    assert await next_form({C.SLOT_LANE: lane}, dispatcher) == form


async def test_danger_first_puts_a_new_conversation_in_the_support_lane(wired, dispatcher):
    events = await ActionDanger().run(dispatcher, tracker({"language": "nl"}, intent="in_danger"), {})
    lane = [e["value"] for e in events if e.get("event") == "slot" and e["name"] == C.SLOT_LANE]
    assert lane == ["victim"]
    professional = await ActionDanger().run(dispatcher, tracker({"language": "nl", C.SLOT_LANE: "professional"}), {})
    assert not [e for e in professional if e.get("event") == "slot" and e["name"] == C.SLOT_LANE]


def after_danger(slots):
    events = [{"event": "action", "name": C.ACTION_DANGER},
              {"event": "user", "text": "14", "parse_data": {"intent": {"name": "inform"}}}]
    return tracker({"language": "nl", C.SLOT_LANE: "victim", "in_danger": "yes", C.SLOT_CASE_CODE: "OL-ABC234",
                    **slots}, events=events)


async def test_a_minor_after_the_danger_route_gets_the_youth_route_and_a_linked_minor_page(wired, outbox, dispatcher):
    await ActionSupportNextSteps().run(dispatcher, after_danger({"age": "14"}), {})
    said = "\n".join(m["text"] for m in dispatcher.messages)
    assert "0800 2000" in said and "112" not in said  # 112 was said a moment ago; now what is new
    [page] = [m for m in read_outbox(outbox) if m.get("body", "").startswith("Opvanglijn OL-")]
    assert "minor" in page["body"] and "IMMEDIATE" in page["body"] and "earlier:OL-ABC234" in page["body"]


async def test_an_adult_after_the_danger_route_hears_the_next_step_not_112_again(wired, outbox, dispatcher):
    await ActionSupportNextSteps().run(dispatcher, after_danger({"age": "30"}), {})
    said = "\n".join(m["text"] for m in dispatcher.messages)
    assert "112" not in said and "coördinator" in said


async def test_a_minor_in_danger_at_the_first_question_hears_112_and_the_page_says_minor(wired, outbox, dispatcher):
    await ActionSupportNextSteps().run(dispatcher, tracker({"language": "nl", C.SLOT_LANE: "victim",
                                                            "in_danger": "yes", "age": "15"}), {})
    assert "112" in dispatcher.messages[0]["text"]
    [page] = [m for m in read_outbox(outbox) if m.get("body", "").startswith("Opvanglijn OL-")]
    assert "minor" in page["body"]
