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


@pytest.mark.parametrize("text, language", [
    ("why was Vrouwenopvang Maasvallei left out?", "en"),  # Dutch shelter names do not make it Dutch
    ("почему Mannenopvang De Veluwe не подходит", "ru"),
    ("ليه مش موجود Spoedopvang Kennemerhuis؟", "ar"),  # the Arabic script decides, not the Latin name
    ("3afak bghit nhder m3a chi wahed", "ar"),  # Arabic in Latin letters
    ("toi khong biet di dau, giup em voi", "vi"),  # Vietnamese typed without accents
    ("as vrea sa vorbesc cu cineva, va rog", "ro"),
])
def test_mixed_and_romanised_messages_get_their_language(text, language):
    guess = guesser.guess(text)
    assert guess is not None and guess.language == language, guess


@pytest.mark.parametrize("text", ["asdf jkl qwer", "hmm hmm hmm", "Vrouwenopvang Maasvallei Venlo 34"])
def test_noise_and_names_alone_leave_the_language_alone(text):
    assert guesser.guess(text) is None


def test_an_unsupported_language_is_still_recognised():
    guess = guesser.guess("Kailangan ko ng tulong, wala akong matutulugan ngayong gabi")
    assert guess is not None and guess.language == "tl" and not guess.supported
