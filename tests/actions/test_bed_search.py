"""The bed search (action_professional_request) and validate_bed_search_form with real trackers and a real registry."""
from __future__ import annotations

import json

import pytest
from rasa_sdk.events import SlotSet

from actions.ask import ActionAskAge, ActionAskExploitationForm, ActionAskFoundPlace, ActionAskGender
from actions.bed_search import ValidateBedSearchForm
from actions.professional import ActionProfessionalRequest
from bot import constants as C
from tests.actions.conftest import tracker


MAN_VENLO = {"language": "nl", "gender": "male", "age": "34", "exploitation_form": "labour",
             "found_place": "Venlo", "unsafe_places": ["Limburg"]}


def message(dispatcher, prefix: str) -> str:
    return next(m["text"] for m in dispatcher.messages if m["text"].startswith(prefix))


async def test_offers_fitting_free_beds_with_phone_and_freshness_in_dutch(verified, wired, dispatcher, domain):
    events = await ActionProfessionalRequest().run(dispatcher, tracker(MAN_VENLO), domain)
    offers = message(dispatcher, "Passende plekken met een vrij bed:")
    assert "Mannenopvang De Veluwe" in offers and "+3100" in offers
    assert "vrij" in offers and "min geleden" in offers
    assert "(Limburg)" not in offers  # unsafe region: never a direct offer
    decisions = message(dispatcher, "Ook mogelijk, na een beslissing:")
    assert "beslist: CoMensha" in decisions  # COSM is listed apart, with who decides
    assert "Venlo" in message(dispatcher, "Verantwoordelijk:")
    assert SlotSet(C.SLOT_FOUND_PLACE, None) in events  # ready for the next search


async def test_english_conversation_gets_english_offer_lines(verified, wired, dispatcher, domain):
    await ActionProfessionalRequest().run(dispatcher, tracker({**MAN_VENLO, "language": "en"}), domain)
    offers = message(dispatcher, "Fitting places with a free bed:")
    assert "free" in offers and "men's shelter" in offers


async def test_nothing_fits_says_so_with_bridging_and_records_unmet_demand(verified, wired, dispatcher, domain):
    for code, kind in (("man-apeldoorn", "regular"), ("shop-denhaag", "emergency"), ("crisis-alkmaar", "crisis"),
                       ("crisis-tilburg", "emergency"), ("ctm-crisis", "crisis")):
        wired.set_free(code, kind, 0, actor="test")
    await ActionProfessionalRequest().run(dispatcher, tracker({**MAN_VENLO, "exploitation_form": "criminal"}), domain)
    assert not any(m["text"].startswith("Passende plekken") for m in dispatcher.messages)
    none = message(dispatcher, "Nu geen passend vrij bed.")
    assert "Hotelkamer" in none and "Politiecel" in none and "dienstdoende coördinator" in none
    assert wired.unmet_report()


async def test_a_minor_never_gets_adult_shelters(verified, wired, dispatcher, domain):
    await ActionProfessionalRequest().run(dispatcher, tracker({**MAN_VENLO, "age": "16", "unsafe_places": []}), domain)
    text = json.dumps(dispatcher.messages, ensure_ascii=False)
    assert "Mannenopvang" not in text and "Jeugd" in text


@pytest.mark.parametrize("slot, value, expected, response", [
    ("age", "ze is 17", "17", None),
    ("age", "oud", None, "Geef de leeftijd als getal"),
    ("found_place", "in venlo", "Venlo", None),
    ("found_place", "Atlantis", None, "Die gemeente ken ik niet"),
    ("gender", "vrouw", "female", None),
    ("exploitation_form", "arbeidsuitbuiting", "labour", None),
])
async def test_form_validation_normalises_or_asks_again(slot, value, expected, response, dispatcher, domain):
    validate = getattr(ValidateBedSearchForm(), f"validate_{slot}")
    result = validate(value, dispatcher, tracker({slot: value, "language": "nl"},
                                                 active_loop={"name": C.FORM_BED_SEARCH}), domain)
    assert result == {slot: expected}
    assert [m["text"][:len(response)] for m in dispatcher.messages] == ([response] if response else [])


@pytest.mark.parametrize("action, language, start, buttons", [
    (ActionAskGender, "nl", "Wat is het gender", 4), (ActionAskGender, "en", "What is the person's gender", 4),
    (ActionAskAge, "nl", "Hoe oud", 0), (ActionAskExploitationForm, "en", "What form of exploitation", 4),
    (ActionAskFoundPlace, "nl", "In welke gemeente", 0),
])
async def test_form_questions_in_the_conversation_language(action, language, start, buttons, dispatcher, domain):
    await action().run(dispatcher, tracker({"language": language}), domain)
    [asked] = dispatcher.messages
    assert asked["text"].startswith(start) and len(asked["buttons"]) == buttons
