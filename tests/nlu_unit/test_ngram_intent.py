"""The n-gram intent classifier: trained, stored in a real model storage, loaded again, and averaged
with DIET's ranking, so that a disagreement lowers the confidence the FallbackClassifier sees."""
from __future__ import annotations

import pytest
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlu.ngram_intent import NgramIntentClassifier, masked

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


def test_masking_replaces_place_spans_and_numbers():
    text = "ze is 34, in Texel, niet Den Haag"
    entities = [{"entity": "place", "start": 13, "end": 18}, {"entity": "place", "start": 25, "end": 33},
                {"entity": "age", "start": 6, "end": 8}]
    assert masked(text, entities) == "ze is xxnum, in xxplace, niet xxplace"


def test_masking_skips_overlapping_and_impossible_spans():
    text = "Den Haag"
    entities = [{"entity": "place", "start": 0, "end": 8}, {"entity": "place", "start": 4, "end": 8},
                {"entity": "place", "start": 3, "end": 99}]
    assert masked(text, entities) == "xxplace"
    assert masked("geen plaats", None) == "geen plaats"


ANSWERS = {  # FICTIONAL: bare answers naming a place, and requests for a bed
    "inform": ["[Venlo](place)", "in [Tilburg](place)", "[Emmen](place)", "ze is in [Zwolle](place)",
               "[Breda](place) denk ik", "in [Almere](place)", "[Utrecht](place)", "she is in [Arnhem](place)"],
    "bed_search": ["bed nodig vannacht in [Venlo](place)", "is er plek in [Tilburg](place)?",
                   "zoek opvang voor een vrouw, [Emmen](place)", "need a bed tonight, [Zwolle](place)",
                   "opvangplek gezocht", "heeft iemand een bed vrij", "bed for a victim please", "plek nodig"],
    "greet": EXAMPLES["greet"],
}


def answers_data():
    from rasa.shared.nlu.training_data.formats.rasa_yaml import RasaYAMLReader

    blocks = "".join(f"- intent: {intent}\n  examples: |\n" + "".join(f"    - {t}\n" for t in texts)
                     for intent, texts in ANSWERS.items())
    return RasaYAMLReader().reads(f'version: "3.1"\nnlu:\n{blocks}')


def test_an_unseen_municipality_found_by_the_gazetteer_reads_as_an_answer(storage):
    resource = Resource("ngram_intent_places")
    config = NgramIntentClassifier.get_default_config()
    NgramIntentClassifier.create(config, storage, resource, context()).train(answers_data())
    component = NgramIntentClassifier.load(config, storage, resource, context())
    place = {"entity": "place", "start": 0, "end": 7, "value": "Schagen"}
    [found] = component.process([Message({TEXT: "Schagen", ENTITIES: [place]})])
    assert found.get(INTENT)["name"] == "inform" and found.get(INTENT)["confidence"] > 0.6
    texel = {"entity": "place", "start": 9, "end": 14, "value": "Texel"}
    [there] = component.process([Message({TEXT: "ze is in Texel", ENTITIES: [texel]})])
    assert there.get(INTENT)["name"] == "inform"


def test_a_message_in_a_language_we_do_not_speak_keeps_its_intent(storage):
    component = trained(storage)
    unsupported = {"name": "unsupported_language", "confidence": 1.0}
    m = Message({TEXT: "selam, kemey aleka", ENTITIES: [{"entity": "unsupported_language", "value": "ti",
                                                          "start": 0, "end": 0}]})
    m.set(INTENT, unsupported)
    m.set(INTENT_RANKING_KEY, [unsupported])
    [kept] = component.process([m])
    assert kept.get(INTENT) == unsupported and kept.get(INTENT_RANKING_KEY) == [unsupported]
