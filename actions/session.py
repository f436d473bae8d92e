"""A conversation that comes back after the session expired (240 minutes, domain.yml) resumes
sensibly: the language and the open case are kept, old triage answers and stale offers are not
(beds change by the hour), and someone with an open case is greeted with its reference."""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActionExecuted, SessionStarted, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from bot import constants as C
from bot.i18n.catalogue import language_of, render

KEPT = (C.SLOT_LANGUAGE, C.SLOT_CASE_CODE, C.SLOT_LANE)


class ActionSessionStart(Action):
    def name(self) -> Text:
        return "action_session_start"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> List[Dict[Text, Any]]:
        events: List[Dict[Text, Any]] = [SessionStarted()]
        events += [SlotSet(name, tracker.get_slot(name)) for name in KEPT if tracker.get_slot(name) is not None]
        case_code = tracker.get_slot(C.SLOT_CASE_CODE)
        if case_code:
            dispatcher.utter_message(**render("utter_session__welcome_back", language_of(tracker),
                                              case_code=case_code))
        return events + [ActionExecuted("action_listen")]
