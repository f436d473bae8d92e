"""The safety words: what counts as one, and every language has all of them."""
from __future__ import annotations

import pytest

from bot.i18n.catalogue import load
from bot.safety import words


@pytest.mark.parametrize("text, kind, language", [
    ("WIS", "erase", "nl"), ("wis", "erase", "nl"), ("  Wis. ", "erase", "nl"), ("ERASE!", "erase", "en"),
    ("usuń", "erase", "pl"), ("Sterge", "erase", "ro"), ("удалить", "erase", "ru"), ("删除", "erase", "zh"),
    ("weer", "duress", "nl"), ("Weather", "duress", "en"), ("pogoda", "duress", "pl"), ("météo", "duress", "fr"),
])
def test_a_message_that_is_the_word_alone_is_a_safety_word(text, kind, language):
    assert words.match(text) == words.SafetyWord(kind, language)


@pytest.mark.parametrize("text", ["wis je dat?", "ik wil alles wissen", "het weer is mooi", "", "   ", "x" * 500,
                                  "help", "OK OL-ABC234"])
def test_words_inside_a_sentence_are_for_the_bot(text):
    assert words.match(text) is None


def test_every_conversation_language_has_safety_words_and_neutral_replies():
    catalogue = words.catalogue()
    assert set(catalogue) == set(load())
    for language, entry in catalogue.items():
        for name in words.TEXTS:
            reply = entry[name].lower()
            assert "opvanglijn" not in reply and "112" not in reply, (language, name)


def test_no_word_means_erase_in_one_language_and_duress_in_another():
    seen = {}
    for language, entry in words.catalogue().items():
        for kind in words.KINDS:
            for word in entry[kind]:
                key = words._key(str(word))
                assert seen.setdefault(key, kind) == kind, (language, word)
