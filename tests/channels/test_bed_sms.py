"""Shelter lane by SMS: "BEDDEN 3" from a registered intake number, over the real SMS webhook."""
from __future__ import annotations

from sqlalchemy import select, update

from bot.channels.twilio_sms import TwilioSmsInput
from bot.registry import orm
from tests.channels.conftest import VICTIM, RecordingAgent, post, serve, sms
from tests.channels.test_messaging import WEBHOOK, messages_in


def _shelter(engine, index: int = 0):
    with engine.connect() as conn:
        return conn.execute(select(orm.shelters).order_by(orm.shelters.c.id).offset(index).limit(1)).mappings().one()


def _free(engine, shelter_id: int, kind: str = "regular"):
    with engine.connect() as conn:
        return conn.execute(select(orm.beds.c.free, orm.beds.c.capacity, orm.beds.c.updated_by).where(
            orm.beds.c.shelter_id == shelter_id, orm.beds.c.kind == kind)).one()


def _regular_shelter(engine):
    with engine.connect() as conn:
        row = conn.execute(select(orm.beds.c.shelter_id).where(orm.beds.c.kind == "regular",
                                                               orm.beds.c.capacity >= 3)).first()
        return conn.execute(select(orm.shelters).where(orm.shelters.c.id == row.shelter_id)).mappings().one()


def test_a_registered_shelter_number_sets_its_free_beds_and_hears_the_new_state(hotline_db):
    shelter = _regular_shelter(hotline_db.engine)
    agent = RecordingAgent()
    with serve(TwilioSmsInput(), agent) as server:
        [reply] = messages_in(post(server, WEBHOOK, sms("SM" + "b1" * 16, "BEDDEN 2",
                                                          sender=shelter["phone_for_professionals"])))
    free, capacity, by = _free(hotline_db.engine, shelter["id"])
    assert (free, by) == (2, f"shelter-sms:{shelter['code']}")
    assert reply.startswith("Bijgewerkt.") and shelter["name"] in reply and f"regulier 2/{capacity} vrij" in reply
    assert agent.messages == []  # a bed update never reaches the bot


def test_english_and_emergency_beds_too_and_an_impossible_count_changes_nothing(hotline):
    shelter = _regular_shelter(hotline.engine)
    phone = shelter["phone_for_professionals"]
    with serve(TwilioSmsInput(), RecordingAgent()) as server:
        post(server, WEBHOOK, sms("SM" + "b2" * 16, "beds 1", sender=phone))
        assert _free(hotline.engine, shelter["id"]).free == 1
        [refused] = messages_in(post(server, WEBHOOK, sms("SM" + "b3" * 16, "BEDS 999", sender=phone)))
    assert refused.startswith("Niet gewijzigd") and "regulier 1/" in refused
    assert _free(hotline.engine, shelter["id"]).free == 1


def test_an_unregistered_number_changes_nothing_and_is_told_how_to_register(hotline):
    shelter = _regular_shelter(hotline.engine)
    before = _free(hotline.engine, shelter["id"])
    with serve(TwilioSmsInput(), RecordingAgent()) as server:
        [reply] = messages_in(post(server, WEBHOOK, sms("SM" + "b4" * 16, "BEDDEN 0", sender=VICTIM)))
    assert "niet geregistreerd" in reply and "niets gewijzigd" in reply and "register" in reply
    assert _free(hotline.engine, shelter["id"]) == before


def test_a_number_of_several_shelters_must_name_the_shelter(hotline):
    first, second = _shelter(hotline.engine, 0), _shelter(hotline.engine, 1)
    with hotline.engine.begin() as conn:
        conn.execute(update(orm.shelters).where(orm.shelters.c.id == second["id"])
                     .values(phone_for_professionals=first["phone_for_professionals"]))
    phone = first["phone_for_professionals"]
    with serve(TwilioSmsInput(), RecordingAgent()) as server:
        [ask] = messages_in(post(server, WEBHOOK, sms("SM" + "b5" * 16, "BEDDEN 0", sender=phone)))
        [done] = messages_in(post(server, WEBHOOK, sms("SM" + "b6" * 16, f"BEDDEN 0 {second['code']}", sender=phone)))
    assert "meerdere opvangen" in ask and first["code"] in ask and second["code"] in ask
    assert done.startswith("Bijgewerkt.") and second["name"] in done


def test_a_sentence_with_beds_in_it_is_for_the_bot(hotline):
    agent = RecordingAgent()
    with serve(TwilioSmsInput(), agent) as server:
        post(server, WEBHOOK, sms("SM" + "b7" * 16, "hebben jullie 3 bedden vrij?", sender=VICTIM))
    assert [m.text for m in agent.messages] == ["hebben jullie 3 bedden vrij?"]


def test_whatsapp_from_the_registered_number_works_too(hotline):
    from bot.channels.twilio_whatsapp import TwilioWhatsAppInput

    shelter = _regular_shelter(hotline.engine)
    with serve(TwilioWhatsAppInput(), RecordingAgent()) as server:
        [reply] = messages_in(post(server, "/webhooks/twilio_whatsapp/webhook",
                                   sms("SM" + "b8" * 16, "BEDS 0", sender=f"whatsapp:{shelter['phone_for_professionals']}")))
    assert reply.startswith("Bijgewerkt.") and _free(hotline.engine, shelter["id"]).free == 0
