"""Pure parts: SMS segments and splitting, buttons, TwiML builders, language mapping, pruning."""
from __future__ import annotations

from datetime import timedelta
from xml.etree import ElementTree as ET

import pytest
from sqlalchemy import func, select

from bot.channels import store
from bot.channels.text import button_choice, fits_sms, render_buttons, segments, split_message
from bot.channels.twiml import empty_response, messages_response, voice_response
from bot.channels.voice_language import SPEECH_LANGUAGES, say_language, speech_language
from bot.registry import orm
from bot.registry.db import utcnow


@pytest.mark.parametrize("text, expected", [
    ("", 0), ("a" * 160, 1), ("a" * 161, 2), ("a" * 306, 2), ("a" * 307, 3),
    ("é" * 160, 1), ("{" * 80, 1), ("{" * 81, 2),  # GSM-7 extension characters count twice
    ("ł" * 70, 1), ("ł" * 71, 2), ("ł" * 134, 2), ("ł" * 135, 3), ("🙂" * 35, 1), ("🙂" * 36, 2),
])
def test_segments_follow_gsm7_and_ucs2(text, expected):
    assert segments(text) == expected


def test_split_keeps_paragraphs_together_when_they_fit_and_never_exceeds_two_segments():
    short = "Kort.\n\nOok kort."
    assert split_message(short) == [short]
    words = "Пожалуйста позвоните нам если вам нужна помощь. " * 20  # Cyrillic: UCS-2, 134 per part
    parts = split_message(words)
    assert len(parts) > 1 and all(fits_sms(p) for p in parts)
    assert " ".join(parts).split() == words.split()
    assert all(fits_sms(p) for p in split_message("x" * 1000)) and "".join(split_message("x" * 1000)) == "x" * 1000
    assert split_message("   ") == []


def test_buttons_render_as_numbered_lines_and_numbers_pick_payloads():
    buttons = [{"title": "Ja", "payload": "/affirm"}, {"title": "Nee", "payload": "/deny"}]
    assert render_buttons("Veilig?", buttons) == "Veilig?\n1. Ja\n2. Nee"
    payloads = ["/affirm", "/deny"]
    assert [button_choice(t, payloads) for t in ("1", " 2.", "2)", "3", "0", "ja", "12 jaar")] == [
        "/affirm", "/deny", "/deny", None, None, None, None]


def test_twiml_builders_escape_text_and_parse():
    assert ET.fromstring(empty_response()).tag == "Response" and not list(ET.fromstring(empty_response()))
    root = ET.fromstring(messages_response(["a < b & c", ""]))
    assert [m.text for m in root] == ["a < b & c"]
    voice = ET.fromstring(voice_response([("Een", "nl-NL"), ("Twee", "nl-NL")], "nl-NL", "/w"))
    assert [child.tag for child in voice] == ["Say", "Pause", "Gather"]
    assert voice.find("Gather").get("actionOnEmptyResult") == "true"
    hangup = ET.fromstring(voice_response([("Dag", "nl-NL")], "nl-NL", "/w", hangup=True))
    assert [child.tag for child in hangup] == ["Say", "Hangup"]


def test_every_hotline_language_has_a_recogniser_and_unknown_ones_fall_back_to_dutch():
    assert speech_language("zh") == "cmn-CN" and say_language("zh") == "zh-CN"
    assert speech_language("PL") == "pl-PL" and speech_language("pt_BR") == "pt-PT"
    assert speech_language(None) == speech_language("tlh") == speech_language(3) == "nl-NL"
    assert len(SPEECH_LANGUAGES) == 14


def test_claim_is_insert_first_and_old_claims_can_be_pruned(registry):
    engine = registry.engine
    assert store.claim(engine, "SM1", "twilio_sms", now=utcnow() - timedelta(days=3))
    assert not store.claim(engine, "SM1", "twilio_whatsapp")
    assert store.claim(engine, "SM2", "twilio_sms")
    assert store.prune(engine, utcnow() - timedelta(days=1)) == 1
    store.release(engine, "SM2")
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(orm.inbound_messages)).scalar_one() == 0
