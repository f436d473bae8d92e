"""Rasa pipeline component: `place` entities from the municipality gazetteer (bot/nlu/places.py).

Listed in config.yml after DIETClassifier and the LanguageIdentifier. It replaces DIET's `place`
guesses with the gazetteer's, which know every Dutch municipality, province and police unit and
mark places the person must avoid with the role `unsafe`; the message's language, when known,
adds that language's own cues ("nu in Limburg" in Romanian typed without diacritics). A message
in a language we do not speak keeps only its `unsupported_language` entity.
"""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import ENTITIES, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlu.language_component import ENTITY as LANGUAGE
from bot.nlu.language_component import UNSUPPORTED_ENTITY as UNSUPPORTED
from bot.nlu.places import find_places

ENTITY = "place"
UNSAFE_ROLE = "unsafe"


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR], is_trainable=False)
class PlaceExtractor(GraphComponent):
    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "PlaceExtractor":
        return cls()

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            entities = message.get(ENTITIES, [])
            if any(e.get("entity") == UNSUPPORTED for e in entities):
                continue
            language = next((e["value"] for e in entities if e.get("entity") == LANGUAGE), None)
            others = [e for e in entities if e.get("entity") != ENTITY]
            places = []
            for place in find_places(message.get(TEXT) or "", language):
                entity = {"entity": ENTITY, "start": place.start, "end": place.end, "value": place.value,
                          "confidence_entity": 1.0, "extractor": self.__class__.__name__}
                if place.unsafe:
                    entity["role"] = UNSAFE_ROLE
                places.append(entity)
            message.set(ENTITIES, others + places, add_to_output=True)
        return messages
