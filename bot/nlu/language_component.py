"""Rasa pipeline component that adds a `language_guess` entity when the language is clear.

The `language` slot maps from that entity (domain.yml), so a clear message sets the conversation's
language and an unclear one leaves it alone. A message clearly in a language we do not speak gets
the intent `unsupported_language` and an `unsupported_language` entity with its code, whatever
DIET thought it meant (data/rules/language.yml sends it to a person with an interpreter).
Listed in config.yml after the entity extractors, before the FallbackClassifier.
"""
from __future__ import annotations

from typing import Any, Dict, List, Optional, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlu.language import SUPPORTED, LanguageGuesser

ENTITY = "language_guess"
UNSUPPORTED_ENTITY = "unsupported_language"
UNSUPPORTED_INTENT = "unsupported_language"


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR], is_trainable=False)
class LanguageIdentifier(GraphComponent):
    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {"languages": list(SUPPORTED), "min_words": 3, "min_confidence": 0.5, "preload": True}

    def __init__(self, config: Dict[Text, Any]) -> None:
        self._config = config
        self._guesser: Optional[LanguageGuesser] = None

    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "LanguageIdentifier":
        return cls(config)

    @classmethod
    def load(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
             execution_context: ExecutionContext, **kwargs: Any) -> "LanguageIdentifier":
        component = cls(config)
        component.guesser  # build (and preload) when the server loads the model, not on the first message
        return component

    @property
    def guesser(self) -> LanguageGuesser:
        if self._guesser is None:
            self._guesser = LanguageGuesser(self._config["languages"], self._config["min_words"],
                                            self._config["min_confidence"], self._config["preload"])
        return self._guesser

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            guess = self.guesser.guess(message.get(TEXT) or "")
            if guess is None:
                continue
            name = ENTITY if guess.supported else UNSUPPORTED_ENTITY
            entity = {"entity": name, "value": guess.language, "confidence": guess.confidence,
                      "start": 0, "end": 0, "extractor": self.__class__.__name__}
            if guess.supported:
                message.set(ENTITIES, [*message.get(ENTITIES, []), entity], add_to_output=True)
                continue
            intent = {"name": UNSUPPORTED_INTENT, "confidence": 1.0}
            message.set(ENTITIES, [entity], add_to_output=True)  # DIET's guesses mean nothing here
            message.set(INTENT, intent, add_to_output=True)
            message.set(INTENT_RANKING_KEY, [intent], add_to_output=True)
        return messages
