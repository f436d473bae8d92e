"""Needs, residence status and reflection period read from the way professionals write."""
from __future__ import annotations

import pytest

from bot.registry.model import Profile
from bot.triage import needs


@pytest.mark.parametrize("text, flags, children, status", [
    ("vrouw 24 zwanger, met 2 kinderen en een hond, geen verblijfsvergunning", {"pregnant", "pets"}, 2,
     "no_lawful_residence"),
    ("man 34 arbeidsuitbuiting Venlo, gebruikt drugs, psychose in verleden", {"substance_use", "psychiatric"}, None,
     None),
    ("woman 30, with her baby, undocumented, in her reflection period", {"reflection_period_offered"}, 1,
     "no_lawful_residence"),
    ("Poolse man, 45, verslaafd aan alcohol", {"addiction", "substance_use"}, None, "eu_union_rights"),
    ("asielzoeker uit azc Ter Apel, 19, meisje", set(), None, "asylum_seeker"),
    ("dublinclaim, man 28", set(), None, "dublin_indication"),
    ("man 40, heeft een B8-vergunning", set(), None, "b8_temporary_permit"),
    ("Nederlandse vrouw, 22, loverboy", set(), None, "dutch"),
    ("man, 34, arbeidsuitbuiting, Venlo, niet in Limburg, vannacht", set(), None, None),
    ("Client rondt detox vrijdag af, OMM-plek is pas over twee weken", {"post_detox", "require_no_active_users"},
     None, None),
    ("Jonge Nederlandse vrouw, psychische problemen, geen verslaving. Heeft een hond.", {"psychiatric", "pets"},
     None, "dutch"),
])
def test_reads_what_the_message_says(text, flags, children, status):
    read = needs.read(text)
    assert set(read.flags) == flags
    assert read.children == children
    assert read.residence_status == status


@pytest.mark.parametrize("text, denied", [
    ("vrouw 31, geen drugs, niet zwanger", {"substance_use", "pregnant"}),
    ("no pets, no psychiatric history", {"pets", "psychiatric"}),
])
def test_negations_say_the_need_does_not_apply(text, denied):
    read = needs.read(text)
    assert set(read.denied) == denied and not read.flags


def test_geen_kinderen_is_zero_children():
    assert needs.read("vrouw 25, geen kinderen").children == 0


def test_a_later_message_corrects_an_earlier_one():
    codes = needs.merge([], needs.read("zwanger, met een kind"))
    assert set(codes) == {"pregnant", "children:1"}
    codes = needs.merge(codes, needs.read("sorry, niet zwanger, wel 2 kinderen"))
    assert set(codes) == {"not:pregnant", "children:2"}
    assert needs.profile_fields(codes) == {"children": 2}


def test_codes_are_profile_fields():
    fields = needs.profile_fields(needs.read("zwanger, hond, verslaafd, psychiatrisch, bedenktijd").codes())
    profile = Profile(**fields)
    assert profile.pregnant and profile.pets and profile.addiction and profile.psychiatric
    assert profile.reflection_period_offered


def test_a_negation_does_not_reach_across_a_comma():
    """T15: "geen verblijfsstatus, bedenktijd aangeboden" is no residence status AND a reflection period."""
    read = needs.read("Man, 30, geen verblijfsstatus, bedenktijd aangeboden en geaccepteerd, arbeidsuitbuiting")
    assert read.residence_status == "no_lawful_residence"
    assert "reflection_period_offered" in read.flags and not read.denied


@pytest.mark.parametrize("text", ["geen verblijfsstatus", "zonder status", "he has no legal status",
                                  "zonder papieren", "geen verblijfsrecht"])
def test_the_ways_of_saying_no_lawful_residence(text):
    assert needs.read(text).residence_status == "no_lawful_residence"


def test_geen_kinderen_after_a_comma_is_still_zero():
    assert needs.read("vrouw 25, geen kinderen, wel een hond").children == 0


@pytest.mark.parametrize("language, text, flags, children", [
    ("pl", "mam syna 5 lat", set(), 1),  # T11: Malgorzata's answer to the needs question
    ("pl", "nie mam dzieci, ale jestem w ciąży", {"pregnant"}, 0),
    ("ro", "am doi copii si un caine", {"pets"}, 2),
    ("bg", "имам дете и куче", {"pets"}, 1),
    ("hu", "a gyerekemmel vagyok", set(), 1),
    ("ru", "у меня двое детей", set(), 2),
    ("es", "no tengo hijos pero estoy embarazada", {"pregnant"}, 0),
    ("fr", "pas d'enfants, mais j'ai un chien", {"pets"}, 0),
    ("ar", "ليس عندي أطفال", set(), 0),
    ("ar", "عندي طفل وكلب", {"pets"}, 1),
    ("vi", "tôi có thai", {"pregnant"}, None),
    ("zh", "我有两个孩子", set(), 2),
    ("es", "espero un bebé", {"pregnant"}, None),  # expecting a baby is not a child with her
    ("ru", "детей нет, собаки нет", set(), 0),  # the negation after the word
    ("uk", "дітей немає", set(), 0),
    ("pl", "dzieci nie mam", set(), 0),
    ("hu", "gyerek nincs", set(), 0),
    ("zh", "孩子没有，我怀孕了", {"pregnant"}, 0),
    ("pl", "mam dziecko nie wiem co robic", set(), 1),  # run-on SMS: the "nie" is the next sentence's
    ("ro", "am doi copii nu am unde sa dorm", set(), 2),
    ("zh", "孩子没有地方住", set(), 1),  # "the child has nowhere to live"
    ("ar", "عندي طفلين", set(), 2),  # the dual is two children
    ("ar", "معايا بنتين وكلب", {"pets"}, 2),
    ("zh", "我现在怀了宝宝", {"pregnant"}, None),  # a pregnancy inside running text is not a child
])
def test_the_needs_answer_is_read_in_the_persons_language(language, text, flags, children):
    read = needs.read(text, language)
    assert set(read.flags) == flags and read.children == children


def test_another_languages_words_are_not_read_without_that_language():
    assert needs.read("mam syna").children is None  # nl/en only: Polish needs the conversation's language
    assert needs.read("zwanger", "pl").flags == ("pregnant",)  # Dutch and English words always count


def test_health_is_a_category_for_a_person_not_a_registry_rule():
    codes = needs.read("jestem chora, potrzebuję lekarza", "pl").codes()
    assert "health" in codes and "health" not in needs.profile_fields(codes)


@pytest.mark.parametrize("answer, gender", [("kobieta", "female"), ("mężczyzna", "male"), ("femeie", "female"),
                                            ("жінка", "female"), ("мужчина", "male"), ("امرأة", "female"),
                                            ("女", "female"), ("nam", "male"), ("vrouw", "female"), ("nee", None)])
def test_the_gender_answer_is_read_in_the_persons_language(answer, gender):
    """T11: Polish "kobieta" typed as the answer must not depend on the entity extractor."""
    from bot.triage import normalise

    assert normalise.gender(answer) == gender
