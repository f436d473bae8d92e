"""Rasa NLG that answers in the conversation's language (endpoints.yml: `nlg: type: bot.i18n.nlg.CatalogueNLG`).

It adds every locale's variations to the domain responses with a condition on the `language`
slot; Rasa's own response filter then picks the variation for the current language, and falls
back to the English default in domain.yml when a language has no variation.
"""
from __future__ import annotations

import copy
from typing import Any, Dict, List, Optional, Text

from rasa.core.nlg import TemplatedNaturalLanguageGenerator
from rasa.shared.core.domain import Domain
from rasa.utils.endpoints import EndpointConfig

from bot.i18n.catalogue import load


def merged_responses(responses: Dict[Text, List[Dict[Text, Any]]],
                     catalogues: Dict[str, Dict[str, List[dict]]]) -> Dict[Text, List[Dict[Text, Any]]]:
    merged = copy.deepcopy(responses)
    for language, catalogue in catalogues.items():
        for name, variations in catalogue.items():
            for variation in variations:
                conditioned = dict(variation)
                conditioned["condition"] = [{"type": "slot", "name": "language", "value": language}]
                merged.setdefault(name, []).append(conditioned)
    return merged


class CatalogueNLG(TemplatedNaturalLanguageGenerator):
    def __init__(self, endpoint_config: Optional[EndpointConfig] = None, domain: Optional[Domain] = None) -> None:
        domain = domain or Domain.empty()
        super().__init__(merged_responses(domain.responses, load()))
