"""The n-gram intent classifier: trained, stored in a real model storage, loaded again, and averaged
with DIET's ranking, so that a disagreement lowers the confidence the FallbackClassifier sees."""
from __future__ import annotations

import pytest
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlu.ngram_intent import NgramIntentClassifier

EXAMPLES = {  # FICTIONAL training texts
    "seek_help": ["potrzebuję pomocy", "pomóżcie mi proszę", "szukam pomocy dla siebie",
                  "i need help", "please help me", "can you help me find a place",
                  "ik heb hulp nodig", "help mij alsjeblieft"],
    "greet": ["cześć", "dzień dobry", "hej", "hello", "hi there", "good morning", "hallo",
              "goedemorgen"],
    "thank": ["dziękuję bardzo", "dzięki", "thank you", "thanks a lot", "cheers thanks",
              "dank je", "bedankt", "heel erg bedankt"],
}


def training_data():
    return TrainingData([Message({TEXT: text, INTENT: intent})
                         for intent, texts in EXAMPLES.items() for text in texts])


@pytest.fixture
def storage(tmp_path):
    return LocalModelStorage(tmp_path)


def context():
    return ExecutionContext(GraphSchema({}), "test")


def trained(storage, **config):
    resource = Resource("ngram_intent")
    component = NgramIntentClassifier.create({**NgramIntentClassifier.get_default_config(), **config},
                                             storage, resource, context())
    component.train(training_data())
    return NgramIntentClassifier.load({**NgramIntentClassifier.get_default_config(), **config},
                                      storage, resource, context())


def message(text, diet=None):
    m = Message({TEXT: text})
    if diet:
        ranking = [{"name": n, "confidence": c} for n, c in diet.items()]
        m.set(INTENT, ranking[0])
        m.set(INTENT_RANKING_KEY, ranking)
    return m


def test_loaded_classifier_reads_unaccented_phone_spelling(storage):
    component = trained(storage)
    [m] = component.process([message("potrzebuje pomocy", {"seek_help": 0.9, "greet": 0.1})])
    assert m.get(INTENT)["name"] == "seek_help"
    assert m.get(INTENT)["confidence"] > 0.6
    names = [r["name"] for r in m.get(INTENT_RANKING_KEY)]
    assert names[0] == "seek_help" and set(names) == set(EXAMPLES)


def test_disagreement_with_diet_lowers_the_confidence(storage):
    component = trained(storage)
    [agree] = component.process([message("dziękuję", {"thank": 0.95, "greet": 0.05})])
    [differ] = component.process([message("dziękuję", {"greet": 0.95, "thank": 0.05})])
    assert agree.get(INTENT)["name"] == "thank"
    assert differ.get(INTENT)["confidence"] < agree.get(INTENT)["confidence"] - 0.15


def test_with_equal_weights_a_disagreement_falls_towards_the_fallback(storage):
    component = trained(storage, weight=0.5)
    [differ] = component.process([message("dziękuję", {"greet": 0.95, "thank": 0.05})])
    assert differ.get(INTENT)["confidence"] < 0.6


def test_weight_zero_leaves_diets_answer(storage):
    component = trained(storage, weight=0.0)
    [m] = component.process([message("dziękuję", {"greet": 0.95, "thank": 0.05})])
    assert m.get(INTENT) == {"name": "greet", "confidence": pytest.approx(0.95)}


def test_empty_text_keeps_diets_answer(storage):
    component = trained(storage)
    [m] = component.process([message("   ", {"greet": 0.7, "thank": 0.3})])
    assert m.get(INTENT)["name"] == "greet" and m.get(INTENT)["confidence"] == 0.7


def test_model_without_the_classifier_falls_back_to_diet(storage):
    component = NgramIntentClassifier.load(NgramIntentClassifier.get_default_config(), storage,
                                           Resource("never_trained"), context())
    [m] = component.process([message("dziękuję", {"greet": 0.95, "thank": 0.05})])
    assert m.get(INTENT)["name"] == "greet"
