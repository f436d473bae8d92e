"""Rasa pipeline component that adds a `language_guess` entity when the language is clear.

The `language` slot maps from that entity (domain.yml), so a clear message sets the conversation's
language and an unclear one leaves it alone. A message clearly in a language we do not speak gets
the intent `unsupported_language` and an `unsupported_language` entity with its code, whatever
DIET thought it meant (data/rules/language.yml sends it to a person with an interpreter).
Listed in config.yml after the entity extractors, before the FallbackClassifier.

Trained: among the languages we speak, an n-gram classifier fitted on our own training data
(data/nlu/<language>/, the folder is the label) decides; it knows how people here type (no
diacritics, Dutch words mixed in), which lingua's general models do not. docs/benchmarks.md has
the measurement.
"""
from __future__ import annotations

import logging
from pathlib import Path
from typing import Any, Dict, List, Optional, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.config import ROOT
from bot.constants import ENTITY_UNSUPPORTED_LANGUAGE
from bot.nlu.language import SUPPORTED, LanguageGuesser, language_part
from bot.nlu.ngram_intent import fit, restore, store

logger = logging.getLogger(__name__)
MODEL_FILE = "language_classifier.joblib"
ENTITY = "language_guess"
UNSUPPORTED_ENTITY = ENTITY_UNSUPPORTED_LANGUAGE
UNSUPPORTED_INTENT = "unsupported_language"


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR], is_trainable=True)
class LanguageIdentifier(GraphComponent):
    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {"languages": list(SUPPORTED), "min_words": 3, "min_confidence": 0.5, "preload": True,
                "data": "data/nlu", "classifier": True, "C": 1.0, "folds": 5,
                "random_seed": 20261123}

    def __init__(self, config: Dict[Text, Any], model_storage: Optional[ModelStorage] = None,
                 resource: Optional[Resource] = None, classifier: Optional[Any] = None) -> None:
        self._config = {**self.get_default_config(), **config}
        self._storage = model_storage
        self._resource = resource
        self._classifier = classifier
        self._guesser: Optional[LanguageGuesser] = None

    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "LanguageIdentifier":
        return cls(config, model_storage, resource)

    def train(self, training_data: TrainingData) -> Resource:
        """Fit the language classifier on data/nlu/<language>/*.yml (the folder is the label)."""
        if not self._config["classifier"]:
            return self._resource
        from rasa.shared.nlu.training_data.loading import load_data

        texts, labels = [], []
        for language in self._config["languages"]:
            for path in sorted(Path(ROOT, self._config["data"], language).glob("*.yml")):
                for example in load_data(str(path)).training_examples:
                    if example.get(TEXT):
                        texts.append(language_part(example.get(TEXT)))
                        labels.append(language)
        if len(set(labels)) < 2:
            logger.warning("language classifier: training data for fewer than two languages in %s; "
                           "lingua decides alone", self._config["data"])
            return self._resource
        self._classifier = fit(texts, labels, self._config["C"], self._config["folds"],
                               self._config["random_seed"], words=False, longest=4)
        store(self._storage, self._resource, self._classifier, MODEL_FILE)
        return self._resource

    @classmethod
    def load(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
             execution_context: ExecutionContext, **kwargs: Any) -> "LanguageIdentifier":
        classifier = restore(model_storage, resource, MODEL_FILE)
        if classifier is None:
            logger.warning("language classifier: none in the model; lingua decides alone")
        component = cls(config, model_storage, resource, classifier)
        component.guesser  # build (and preload) when the server loads the model, not on the first message
        return component

    @property
    def guesser(self) -> LanguageGuesser:
        if self._guesser is None:
            self._guesser = LanguageGuesser(self._config["languages"], self._config["min_words"],
                                            self._config["min_confidence"], self._config["preload"],
                                            self._classifier)
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
