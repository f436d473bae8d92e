"""action_bed_search and validate_bed_search_form with real trackers and a real registry."""
from __future__ import annotations

import json

import pytest
from rasa_sdk.events import SlotSet

from actions.bed_search import ActionBedSearch, ValidateBedSearchForm
from bot import constants as C
from tests.actions.conftest import tracker

pytestmark = pytest.mark.asyncio

MAN_VENLO = {"language": "nl", "gender": "male", "age": "34", "exploitation_form": "labour",
             "found_place": "Venlo", "unsafe_places": ["Limburg"]}


async def test_offers_fitting_free_beds_with_phone_and_freshness_in_dutch(wired, dispatcher, domain):
    events = await ActionBedSearch().run(dispatcher, tracker(MAN_VENLO), domain)
    offers = next(m for m in dispatcher.messages if m["response"] == C.UTTER_OFFERS)
    assert "Mannenopvang De Veluwe" in offers["offers"] and "+3100" in offers["offers"]
    assert "vrij" in offers["offers"] and "min geleden" in offers["offers"]
    assert "Limburg" not in offers["offers"]  # unsafe region: never a direct offer
    decisions = next(m for m in dispatcher.messages if m["response"] == C.UTTER_DECISIONS)
    assert "beslist: CoMensha" in decisions["decisions"]  # COSM is listed apart, with who decides
    municipality = next(m for m in dispatcher.messages if m["response"] == C.UTTER_MUNICIPALITY)
    assert "Venlo" in municipality["municipality"]
    assert SlotSet(C.SLOT_FOUND_PLACE, None) in events  # ready for the next search


async def test_english_conversation_gets_english_offer_lines(wired, dispatcher, domain):
    await ActionBedSearch().run(dispatcher, tracker({**MAN_VENLO, "language": "en"}), domain)
    offers = next(m for m in dispatcher.messages if m["response"] == C.UTTER_OFFERS)
    assert "free" in offers["offers"] and "men's shelter" in offers["offers"]


async def test_nothing_fits_says_so_with_bridging_and_records_unmet_demand(wired, dispatcher, domain):
    for code, kind in (("man-apeldoorn", "regular"), ("shop-denhaag", "emergency"), ("crisis-alkmaar", "crisis"),
                       ("crisis-tilburg", "emergency"), ("ctm-crisis", "crisis")):
        wired.set_free(code, kind, 0, actor="test")
    await ActionBedSearch().run(dispatcher, tracker({**MAN_VENLO, "exploitation_form": "criminal"}), domain)
    responses = [m["response"] for m in dispatcher.messages]
    assert C.UTTER_OFFERS not in responses and C.UTTER_NONE in responses
    none = next(m for m in dispatcher.messages if m["response"] == C.UTTER_NONE)
    assert "Hotelkamer" in none["bridging"] and "Politiecel" in none["bridging"]
    assert wired.unmet_report()


async def test_a_minor_never_gets_adult_shelters(wired, dispatcher, domain):
    await ActionBedSearch().run(dispatcher, tracker({**MAN_VENLO, "age": "16", "unsafe_places": []}), domain)
    text = json.dumps(dispatcher.messages, ensure_ascii=False)
    assert "Mannenopvang" not in text and "Jeugd" in text


@pytest.mark.parametrize("slot, value, expected, response", [
    ("age", "ze is 17", "17", None),
    ("age", "oud", None, C.UTTER_AGE_INVALID),
    ("found_place", "in venlo", "Venlo", None),
    ("found_place", "Atlantis", None, C.UTTER_PLACE_UNKNOWN),
    ("gender", "vrouw", "female", None),
    ("exploitation_form", "arbeidsuitbuiting", "labour", None),
])
async def test_form_validation_normalises_or_asks_again(slot, value, expected, response, dispatcher, domain):
    validate = getattr(ValidateBedSearchForm(), f"validate_{slot}")
    result = validate(value, dispatcher, tracker({slot: value}, active_loop={"name": C.FORM_BED_SEARCH}), domain)
    assert result == {slot: expected}
    assert [m["response"] for m in dispatcher.messages] == ([response] if response else [])
