"""Every response of domain.yml exists in every locale, with the same variables and buttons."""
from __future__ import annotations

import re

import pytest
import yaml

from bot.config import ROOT
from bot.i18n.catalogue import load
from bot.i18n.nlg import merged_responses

DOMAIN = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))
RESPONSES = DOMAIN["responses"]
CATALOGUES = load()


def variables(text: str) -> set:
    return set(re.findall(r"(?<!\{)\{(\w+)\}(?!\})", text))


def test_there_are_locales_and_dutch_is_one():
    assert "nl" in CATALOGUES


@pytest.mark.parametrize("language", sorted(CATALOGUES))
def test_locale_has_every_response_with_same_variables_and_button_payloads(language):
    catalogue = CATALOGUES[language]
    missing = sorted(set(RESPONSES) - set(catalogue))
    assert not missing, f"{language} lacks {missing}"
    extra = sorted(set(catalogue) - set(RESPONSES))
    assert not extra, f"{language} has responses not in domain.yml: {extra}"
    for name, variations in RESPONSES.items():
        default = variations[0]
        for variation in catalogue[name]:
            assert variation["text"].strip(), f"{language}/{name} is empty"
            assert variables(variation["text"]) == variables(default["text"]), f"{language}/{name} variables"
            payloads = [b["payload"] for b in variation.get("buttons", [])]
            assert payloads == [b["payload"] for b in default.get("buttons", [])], f"{language}/{name} buttons"


def test_nlg_merge_conditions_each_locale_on_the_language_slot():
    merged = merged_responses(RESPONSES, CATALOGUES)
    dutch = [v for v in merged["utter_greet"] if v.get("condition")]
    assert dutch and dutch[0]["condition"] == [{"type": "slot", "name": "language", "value": "nl"}]
    assert "Hallo" in dutch[0]["text"]
    assert any(not v.get("condition") for v in merged["utter_greet"])  # English default stays
