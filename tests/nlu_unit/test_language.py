"""Language identification: clear messages set the language, short or ambiguous ones do not."""
from __future__ import annotations

import pytest

from bot.nlu.language import LanguageGuesser

guesser = LanguageGuesser()


@pytest.mark.parametrize("text, language", [
    ("Ik heb vannacht een bed nodig voor een man van 34", "nl"),
    ("I need a bed tonight for a woman who was exploited", "en"),
    ("Am nevoie de ajutor, nu am unde să dorm", "ro"),
    ("Potrzebuję pomocy, nie mam gdzie spać", "pl"),
    ("Мені потрібна допомога зараз будь ласка", "uk"),
    ("Мне нужна помощь сейчас пожалуйста", "ru"),
    ("أحتاج إلى مساعدة الآن من فضلك", "ar"),
    ("我需要帮助没有地方住", "zh"),
    ("English please", "en"),
    ("po polsku", "pl"),
    ("hola", "es"),
    ("goedenavond", "nl"),
])
def test_clear_messages_give_a_language(text, language):
    guess = guesser.guess(text)
    assert guess is not None and guess.language == language


@pytest.mark.parametrize("text", ["ok", "1", "yes", "Venlo", "ja", "?", "", "   ", "34", "Venlo Limburg Den Haag",
                                  "m 34 Tilburg", "ok ok ok", "qwxz vbnm plok"])
def test_short_or_ambiguous_messages_leave_the_language_alone(text):
    assert guesser.guess(text) is None
