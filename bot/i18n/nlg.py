"""Rasa NLG that answers in the conversation's language (endpoints.yml: `nlg: type: bot.i18n.nlg.CatalogueNLG`).

It gives every locale's variations a condition on the `language` slot, and makes the Dutch
variation the unconditioned default (a conversation whose language is not known yet is answered
in Dutch, as the actions do). Rasa's own response filter then picks the variation for the
current language.
"""
from __future__ import annotations

import copy
from typing import Any, Dict, List, Optional, Text

from rasa.core.nlg import TemplatedNaturalLanguageGenerator
from rasa.shared.core.domain import Domain
from rasa.utils.endpoints import EndpointConfig

from bot.constants import DEFAULT_LANGUAGE
from bot.i18n.catalogue import load


def merged_responses(responses: Dict[Text, List[Dict[Text, Any]]],
                     catalogues: Dict[str, Dict[str, List[dict]]],
                     default_language: str = DEFAULT_LANGUAGE) -> Dict[Text, List[Dict[Text, Any]]]:
    merged = {name: copy.deepcopy(catalogues.get(default_language, {}).get(name, variations))
              for name, variations in responses.items()}
    for language, catalogue in catalogues.items():
        for name, variations in catalogue.items():
            for variation in variations:
                conditioned = dict(variation)
                conditioned["condition"] = [{"type": "slot", "name": "language", "value": language}]
                merged.setdefault(name, []).append(conditioned)
    for name, variations in catalogues.get(default_language, {}).items():
        if name not in responses:  # catalogue-only (e.g. utter_default): an unknown language gets Dutch
            merged[name].append(copy.deepcopy(variations[0]))
    return merged


class CatalogueNLG(TemplatedNaturalLanguageGenerator):
    def __init__(self, endpoint_config: Optional[EndpointConfig] = None, domain: Optional[Domain] = None) -> None:
        super().__init__((domain or Domain.empty()).responses)

    @property
    def responses(self) -> Dict[Text, List[Dict[Text, Any]]]:
        return self._responses

    @responses.setter
    def responses(self, value: Dict[Text, List[Dict[Text, Any]]]) -> None:
        # Rasa's Agent assigns the model's domain responses after loading a model; merge those too.
        self._responses = merged_responses(value, load())
