"""The forms' questions, one action per slot, asked in the conversation's language.

Rasa's form calls `action_ask_<slot>` for the slot it needs next; the question and its buttons
come from locales/<lang>.yml (`utter_ask_<slot>`). In the victim lane (support_form) the same slot
is asked in the person's own terms: `utter_ask_<slot>__victim` or `__third_party` when the
catalogue has that wording ("How old are you?" / "How old is the person?").
"""
from __future__ import annotations

from abc import ABC
from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from bot import constants as C
from bot.i18n.catalogue import language_of, render, variant
from bot.triage.support import lane


class _AskSlot(Action, ABC):
    slot: str = ""

    def name(self) -> Text:
        return f"action_ask_{self.slot}"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> List[Dict[Text, Any]]:
        response = f"utter_ask_{self.slot}"
        if tracker.active_loop_name == C.FORM_SUPPORT:
            response = variant(response, lane(tracker.get_slot(C.SLOT_LANE)))
        dispatcher.utter_message(**render(response, language_of(tracker)))
        return []


class ActionAskGender(_AskSlot):
    slot = C.SLOT_GENDER


class ActionAskAge(_AskSlot):
    slot = C.SLOT_AGE


class ActionAskExploitationForm(_AskSlot):
    slot = C.SLOT_EXPLOITATION_FORM


class ActionAskFoundPlace(_AskSlot):
    slot = C.SLOT_FOUND_PLACE


class ActionAskInDanger(_AskSlot):
    slot = C.SLOT_IN_DANGER


class ActionAskSafeTonight(_AskSlot):
    slot = C.SLOT_SAFE_TONIGHT


class ActionAskUnsafePlaces(_AskSlot):
    slot = C.SLOT_UNSAFE_PLACES


class ActionAskNeeds(_AskSlot):
    slot = C.SLOT_NEEDS


class ActionAskConsent(_AskSlot):
    slot = C.SLOT_CONSENT
