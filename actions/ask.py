"""The bed_search_form's questions, one action per slot, asked in the conversation's language.

Rasa's form calls `action_ask_<slot>` for the slot it needs next; the question and its buttons
come from locales/<lang>.yml (`utter_ask_<slot>`).
"""
from __future__ import annotations

from abc import ABC
from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from bot import constants as C
from bot.i18n.catalogue import language_of, render


class _AskSlot(Action, ABC):
    slot: str = ""

    def name(self) -> Text:
        return f"action_ask_{self.slot}"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> List[Dict[Text, Any]]:
        language = language_of(tracker)
        dispatcher.utter_message(**render(f"utter_ask_{self.slot}", language))
        return []


class ActionAskGender(_AskSlot):
    slot = C.SLOT_GENDER


class ActionAskAge(_AskSlot):
    slot = C.SLOT_AGE


class ActionAskExploitationForm(_AskSlot):
    slot = C.SLOT_EXPLOITATION_FORM


class ActionAskFoundPlace(_AskSlot):
    slot = C.SLOT_FOUND_PLACE
