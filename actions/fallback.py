"""Not understood: the first time we ask to say it differently, the second time in a row we
offer a person (data/rules/fallback.yml). Two misunderstandings, not one: a typo should not end
in a handoff, but nobody should be stuck with a bot that does not understand them."""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from bot import constants as C
from bot.i18n.catalogue import language_of, render

NOT_UNDERSTOOD = ("nlu_fallback", "nonsense")


def misunderstandings_in_a_row(tracker: Tracker) -> int:
    """How many of the latest user messages in a row were not understood (this one included)."""
    count = 0
    for event in reversed(tracker.events):
        if event.get("event") != "user":
            continue
        if (event.get("parse_data") or {}).get("intent", {}).get("name") not in NOT_UNDERSTOOD:
            break
        count += 1
    return count


class ActionFallback(Action):
    def name(self) -> Text:
        return C.ACTION_FALLBACK

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> List[Dict[Text, Any]]:
        language = language_of(tracker)
        if misunderstandings_in_a_row(tracker) >= 2:
            dispatcher.utter_message(**render("utter_fallback__offer_human", language))
        else:
            dispatcher.utter_message(**render("utter_fallback__rephrase", language))
        return []
