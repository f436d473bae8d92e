"""Age and gender from a profile's words when the entities missed them: right when it is said,
nothing when a number counts something else or the genders disagree."""
import pytest

from bot.triage.profile_words import age_in, exploitation_form_in, gender_in


@pytest.mark.parametrize("text, age, gender", [
    ("Man, 40, arbeidsuitbuiting, aangetroffen in Tilburg", 40, "male"),
    ("vrouw van 26, Haarlem", 26, "female"),
    ("m/34 arbeidsuitb. Venlo", 34, "male"),
    ("v/22 loverboy", 22, "female"),
    ("trans vrouw, 27, seksuele uitbuiting", 27, "trans"),
    ("OMM-plek is pas over twee weken. Man, 38, arbeidsuitbuiting", 38, "male"),
    ("woman aged 31 found in Breda", 31, "female"),
    ("28 jaar, Venlo", 28, None),
])
def test_said_in_the_profile(text, age, gender):
    assert age_in(text) == age and gender_in(text) == gender


@pytest.mark.parametrize("text", ["werkt voor 7 euro per uur", "man met 2 kinderen", "zit er al 3 weken",
                                  "bel 0612345678", "vrouw met jongen van 5", "10 jaar geleden"])
def test_a_number_that_counts_something_else_is_no_age(text):
    assert age_in(text) is None


def test_two_genders_in_one_message_give_no_gender():
    assert gender_in("vrouw met haar zoon, de jongen is 5") is None


@pytest.mark.parametrize("text, form", [("Man, 40, arbeidsuitbuiting, Tilburg", "labour"),
                                        ("meisje 16 loverboy Emmen", "sexual"),
                                        ("wil weer werken en geld sturen", None),  # work is not a form
                                        ("drugs gebruikt", None),
                                        ("seksuele uitbuiting en arbeidsuitbuiting", None)])  # two: ask
def test_the_form_of_exploitation_only_by_its_own_name(text, form):
    assert exploitation_form_in(text) == form
