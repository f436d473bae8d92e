"""Every response exists in every locale with the same variables and buttons, and domain.yml's
responses are the English source text."""
from __future__ import annotations

import re

import pytest
import yaml

from bot.config import ROOT
from bot.i18n.catalogue import SOURCE_LANGUAGE, load, render
from bot.i18n.nlg import merged_responses

DOMAIN = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))
CATALOGUES = load()
SOURCE = CATALOGUES[SOURCE_LANGUAGE]


def variables(text: str) -> set:
    return set(re.findall(r"(?<!\{)\{(\w+)\}(?!\})", text))


def test_domain_responses_are_the_english_source_text():
    for name, variations in DOMAIN["responses"].items():
        assert variations == SOURCE[name], name


def test_every_form_question_exists():
    for slot in DOMAIN["forms"]["bed_search_form"]["required_slots"]:
        assert f"utter_ask_{slot}" in SOURCE


@pytest.mark.parametrize("language", sorted(set(CATALOGUES) - {SOURCE_LANGUAGE}))
def test_locale_has_every_response_with_same_variables_and_button_payloads(language):
    catalogue = CATALOGUES[language]
    assert sorted(set(SOURCE) - set(catalogue)) == [], f"{language} lacks responses"
    assert sorted(set(catalogue) - set(SOURCE)) == [], f"{language} has responses English lacks"
    for name, variations in SOURCE.items():
        for variation in catalogue[name]:
            assert variation["text"].strip(), f"{language}/{name} is empty"
            assert variation["text"] != variations[0]["text"], f"{language}/{name} is untranslated"
            assert variables(variation["text"]) == variables(variations[0]["text"]), f"{language}/{name} variables"
            assert [b["payload"] for b in variation.get("buttons", [])] == \
                [b["payload"] for b in variations[0].get("buttons", [])], f"{language}/{name} buttons"


def test_render_fills_variables_and_button_payloads():
    message = render("utter_bed_search__municipality", "nl", municipality="gemeente Venlo")
    assert message == {"text": "Verantwoordelijk: gemeente Venlo."}
    gender = render("utter_ask_gender", "en")
    assert gender["buttons"][0]["payload"] == '/inform{"gender":"female"}'


def test_nlg_merge_conditions_each_locale_on_the_language_slot():
    merged = merged_responses(DOMAIN["responses"], CATALOGUES)
    dutch = [v for v in merged["utter_greet"] if v.get("condition", [{}])[0].get("value") == "nl"]
    assert dutch and "Hallo" in dutch[0]["text"]
    [default] = [v for v in merged["utter_greet"] if not v.get("condition")]
    assert default["text"] == dutch[0]["text"]  # an unknown language is answered in Dutch, like the actions
    english = [v for v in merged["utter_greet"] if v.get("condition", [{}])[0].get("value") == "en"]
    assert english and english[0]["text"] == DOMAIN["responses"]["utter_greet"][0]["text"]


def test_nlg_keeps_the_languages_when_rasa_assigns_domain_responses_after_loading_a_model():
    from bot.i18n.nlg import CatalogueNLG

    nlg = CatalogueNLG()
    nlg.responses = DOMAIN["responses"]  # what rasa.core.agent.Agent does after loading a model
    languages = {v.get("condition", [{}])[0].get("value") for v in nlg.responses["utter_greet"]}
    assert {"nl", "en", None} <= languages


@pytest.mark.parametrize("language", sorted(set(CATALOGUES) & {"ar", "fa", "ur"}))
def test_right_to_left_languages_start_every_message_with_a_right_to_left_mark(language):
    for name in SOURCE:
        assert render(name, language, **{v: "OL-ABC123" for v in variables(SOURCE[name][0]["text"])})["text"] \
            .startswith("\u200f"), name


VICTIM_LANE = ("utter_greet", "utter_fallback__", "utter_ask_in_danger", "utter_ask_age__", "utter_ask_safe_tonight",
               "utter_ask_found_place__", "utter_ask_unsafe_places", "utter_ask_gender__", "utter_ask_needs",
               "utter_ask_consent", "utter_support__", "utter_human_handoff__", "utter_session__")


@pytest.mark.parametrize("language", sorted(CATALOGUES))
def test_victim_lane_messages_are_short_enough_for_sms(language):
    """As the person receives them by SMS (buttons as numbered lines): two segments in Dutch and
    English (GSM-7, 306 characters); three where the script needs UCS-2 (201 code units)."""
    from bot.channels.text import render_buttons, segments

    budget = 2 if language in ("nl", "en") else 3
    too_long = {}
    for name, variations in CATALOGUES[language].items():
        if not name.startswith(VICTIM_LANE):
            continue
        text = render_buttons(variations[0]["text"], variations[0].get("buttons", []))
        text = text.replace("{case_code}", "OL-ABC234").replace("{language_name}", "Tigrinya")
        if segments(text) > budget:
            too_long[name] = segments(text)
    assert too_long == {}, f"{language}: more than {budget} SMS segments"


def test_rasas_own_fallback_is_never_silent_in_any_language():
    merged = merged_responses(DOMAIN["responses"], CATALOGUES)
    assert [v for v in merged["utter_default"] if not v.get("condition")], "no default for an unknown language"
    for language in CATALOGUES:
        assert any(v.get("condition", [{}])[0].get("value") == language for v in merged["utter_default"]), language
