"""The first real conversations, Dutch and English, over the REST channel of the running hotline."""
from __future__ import annotations

import uuid

import pytest

from bot.messaging.gateway import read_outbox

pytestmark = pytest.mark.model


def sender() -> str:
    return f"scenario-{uuid.uuid4().hex[:8]}"


def test_dutch_police_officer_gets_fitting_beds_in_one_message(hotline):
    me = sender()
    greeting = hotline.text(me, "Goedenavond")
    assert "Opvanglijn" not in greeting and "112" in greeting  # neutral: a third person reading learns nothing
    asked = hotline.text(me, "Ik heb vannacht een bed nodig voor een man van 34, arbeidsuitbuiting, "
                             "aangetroffen in Venlo, niet in Limburg")
    assert "Mannenopvang" not in asked and "nummer" in asked  # verification before any shelter detail
    reply = hotline.verify(me)
    assert "Passende plekken met een vrij bed" in reply
    assert "Mannenopvang De Veluwe" in reply and "intake 24/7" in reply and "min geleden" in reply
    offers = reply.split("Ook mogelijk")[0]
    assert "(Limburg" not in offers
    assert "Verantwoordelijk: gemeente Venlo" in reply


def test_english_coordinator_is_asked_only_for_what_is_missing(hotline):
    me = sender()
    first = hotline.say(me, "Hi, I need a shelter bed tonight for a victim of trafficking")
    assert "gender" in first[-1]["text"] and len(first[-1]["buttons"]) == 4
    assert "How old" in hotline.text(me, '/inform{"gender":"female"}')
    assert "What form of exploitation" in hotline.text(me, "23")
    assert "municipality" in hotline.text(me, "sexual exploitation")
    assert "registered work mobile number" in hotline.text(me, "Deventer")
    reply = hotline.verify(me)
    assert "Fitting places with a free bed" in reply and "updated" in reply and "+3100" in reply
    assert "Responsible: municipality of Deventer" in reply


def test_a_municipality_the_training_data_never_names_is_an_answer(hotline):
    # The classifiers know the municipalities of the training data; the gazetteer knows all of them.
    me = sender()
    assert "municipality" in hotline.text(me, "Need a bed tonight for a woman, 30, labour exploitation")
    assert "registered work mobile number" in hotline.text(me, "Vaals")
    assert "Responsible: municipality of Vaals" in hotline.verify(me)


def test_no_fitting_bed_says_so_plainly_and_what_to_do_next(hotline):
    me = sender()
    for code, kind in (("jeugd-crisis-utrecht", "crisis"), ("jeugd-leeuwarden", "regular")):
        hotline.registry.set_free(code, kind, 0, actor="scenario")  # the fictional youth beds are taken
    before, unmet = len(hotline.pages()), len(hotline.registry.unmet_report())
    hotline.text(me, "Need a bed tonight for a boy of 15, criminal exploitation, found in Emmen")
    reply = hotline.verify(me)
    assert "No fitting free bed right now" in reply and "Youth crisis placement" in reply
    assert "paging the on-call coordinator" in reply and "OL-" in reply
    assert len(hotline.registry.unmet_report()) > unmet
    [page] = hotline.pages()[before:]
    assert "no_fitting_bed" in page["body"] and "minor" in page["body"] and "Emmen" not in page["body"]


def test_not_understood_offers_a_person_who_is_paged_without_personal_data(hotline):
    me = sender()
    assert "anders zeggen" in hotline.text(me, "qwxz vbnm plok")  # once: say it differently
    reply = hotline.say(me, "plok qwxz vbnm")  # twice in a row: a person is offered
    assert "mens" in reply[-1]["text"] and reply[-1]["buttons"][0]["payload"] == "/request_human"  # Dutch default
    before = len(read_outbox(hotline.outbox)) if hotline.outbox.exists() else 0
    answer = hotline.text(me, "/request_human")
    assert "coördinator" in answer and "OL-" in answer
    page = read_outbox(hotline.outbox)[before]
    assert page["to"].startswith("+31000000") and answer.split("referentie is ")[1][:9] in page["body"]
    assert "qwxz" not in page["body"]


def test_help_greeting_and_out_of_scope(hotline):
    me = sender()
    assert "shelter" in hotline.text(me, "what can you do for me?")
    assert "can't help with that" in hotline.text(me, "what is the weather going to be like tomorrow")
