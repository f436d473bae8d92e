"""The trained language identifier: fitted on the training data folders, stored in a real model
storage, loaded again; lingua still tells a language we do not speak."""
from __future__ import annotations

import textwrap

import pytest
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.constants import ENTITIES, INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlu.language_component import LanguageIdentifier

DATA = {  # FICTIONAL examples, the way people type them on a phone
    "ro": ["am nevoie de ajutor", "nu am unde sa dorm", "seful mi-a luat pasaportul", "va rog ajutati-ma",
           "sunt in pericol acum", "vreau sa vorbesc cu cineva", "multumesc mult", "nu stiu ce sa fac",
           "lucrez 14 ore pe zi si nu primesc bani", "ma ameninta ca ma trimite acasa"],
    "pt": ["preciso de ajuda", "nao tenho onde dormir", "o patrao ficou com o meu passaporte",
           "por favor ajudem-me", "estou em perigo agora", "quero falar com alguem", "muito obrigada",
           "nao sei o que fazer", "trabalho 14 horas por dia e nao recebo nada", "ameacam mandar-me embora"],
    "nl": ["ik heb hulp nodig", "ik heb geen slaapplek", "de baas heeft mijn paspoort", "help me alsjeblieft",
           "ik ben nu in gevaar", "ik wil iemand spreken", "heel erg bedankt", "ik weet niet wat ik moet doen",
           "ik werk 14 uur per dag zonder loon", "ze dreigen me terug te sturen"],
}


@pytest.fixture
def data_dir(tmp_path):
    for language, texts in DATA.items():
        folder = tmp_path / "nlu" / language
        folder.mkdir(parents=True)
        lines = "\n".join(f"    - {t}" for t in texts)
        (folder / "support.yml").write_text(
            f'version: "3.1"\nnlu:\n- intent: seek_help\n  examples: |\n{lines}\n', encoding="utf-8")
    return tmp_path / "nlu"


def config(data_dir, **extra):
    return {**LanguageIdentifier.get_default_config(), "languages": list(DATA), "preload": False,
            "data": str(data_dir), **extra}


def context():
    return ExecutionContext(GraphSchema({}), "test")


def storage(tmp_path):
    (tmp_path / "model").mkdir(exist_ok=True)
    return LocalModelStorage(tmp_path / "model")


def trained(tmp_path, data_dir):
    storage_, resource = storage(tmp_path), Resource("language")
    LanguageIdentifier.create(config(data_dir), storage_, resource, context()).train(TrainingData())
    return LanguageIdentifier.load(config(data_dir), storage_, resource, context())


def guessed(component, text):
    [message] = component.process([Message({TEXT: text})])
    return {e["entity"]: e["value"] for e in message.get(ENTITIES, [])}, message.get(INTENT)


def test_the_trained_classifier_names_the_language_people_type(tmp_path, data_dir):
    component = trained(tmp_path, data_dir)
    assert guessed(component, "nu am unde sa dorm in noaptea asta")[0] == {"language_guess": "ro"}
    assert guessed(component, "nao tenho onde dormir esta noite")[0] == {"language_guess": "pt"}
    assert component.guesser.guess("nu am unde sa dorm in noaptea asta").reason == "classifier"


def test_short_messages_still_leave_the_language_alone(tmp_path, data_dir):
    component = trained(tmp_path, data_dir)
    for text in ("ok", "1", "Venlo", "ok ok ok"):
        assert guessed(component, text)[0] == {}


def test_a_language_we_do_not_speak_is_still_told_apart(tmp_path, data_dir):
    component = trained(tmp_path, data_dir)
    entities, intent = guessed(component, "Kailangan ko ng tulong, wala akong matutulugan ngayong gabi")
    assert entities == {"unsupported_language": "tl"} and intent["name"] == "unsupported_language"


def test_without_training_data_lingua_decides_alone(tmp_path):
    storage_, resource = storage(tmp_path), Resource("language")
    empty = tmp_path / "none"
    LanguageIdentifier.create(config(empty), storage_, resource, context()).train(TrainingData())
    component = LanguageIdentifier.load(config(empty), storage_, resource, context())
    guess = component.guesser.guess("Potrzebuję pomocy, nie mam gdzie spać dzisiaj")
    assert guess is not None and guess.reason == "detector"
