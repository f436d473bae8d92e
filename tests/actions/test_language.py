"""A language we do not speak: a short answer the person can read, and a coordinator with an interpreter."""
from __future__ import annotations

from rasa_sdk import Tracker

from actions.language import ActionUnsupportedLanguage
from bot.messaging.gateway import read_outbox



def tigrinya_tracker() -> Tracker:
    text = "ሓገዝ የድልየኒ በጃኹም"
    latest = {"text": text, "intent": {"name": "unsupported_language"},
              "entities": [{"entity": "unsupported_language", "value": "ti"}]}
    return Tracker("unsupported-1", {}, latest, [], False, None, {}, "action_listen")


async def test_tigrinya_gets_english_and_arabic_and_a_coordinator_with_an_interpreter(wired, outbox, dispatcher,
                                                                                      domain):
    events = await ActionUnsupportedLanguage().run(dispatcher, tigrinya_tracker(), domain)
    [reply] = dispatcher.messages
    assert "We do not speak Tigrinya or Amharic yet" in reply["text"]
    assert "112" in reply["text"] and len(reply["text"].split("\n\n")) == 2  # English, then Arabic
    [page] = read_outbox(outbox)
    assert "interpreter needed: Tigrinya or Amharic" in page["body"] and "taal/lang ti" in page["body"]
    assert "ሓገዝ" not in page["body"] and events[0]["name"] == "case_code"
