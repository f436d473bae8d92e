"""Rasa pipeline component: shelter staff's bed command ("BEDDEN 3", "BEDS 2 man-apeldoorn") is
the intent `set_beds` with certainty, whatever DIET made of it.

The grammar is the one the SMS lane uses (bot.registry.bed_sms.COMMAND), so chat and SMS accept
exactly the same commands. Listed in config.yml after DIET, before the FallbackClassifier.
"""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.registry.bed_sms import COMMAND

SET_BEDS = "set_beds"


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class CommandRecogniser(GraphComponent):
    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "CommandRecogniser":
        return cls()

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            if COMMAND.match(message.get(TEXT) or ""):
                intent = {"name": SET_BEDS, "confidence": 1.0}
                message.set(INTENT, intent, add_to_output=True)
                message.set(INTENT_RANKING_KEY, [intent], add_to_output=True)
        return messages
