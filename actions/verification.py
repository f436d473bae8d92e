"""The verification gate before any shelter detail (bot.verification): verification_form.

A conversation by SMS or WhatsApp from a registered work number passes at once. Anyone else is
asked for their registered number, gets a one-time code there by SMS and types it back. The form
runs after the bed_search_form and before a chat bed update (data/rules/professional.yml).
"""
from __future__ import annotations

import re
from typing import Any, Dict, List, Text

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.human_handoff import PUSH_CHANNELS
from bot import constants as C, runtime
from bot.i18n.catalogue import language_of, render
from bot.verification.service import normalise_phone

_CODE = re.compile(r"^\D*(\d{6})\D*$")
VERIFIED = "verified"


def verified_professional(tracker: Tracker):
    """The professional this conversation is verified as (server-side record), or None."""
    verification = runtime.verification()
    person = verification.verified(tracker.sender_id)
    if person is None and (tracker.get_latest_input_channel() or "") in PUSH_CHANNELS:
        person = verification.verify_sender(tracker.sender_id, tracker.sender_id)
    return person


PROFILE_SLOTS = (C.SLOT_GENDER, C.SLOT_AGE, C.SLOT_EXPLOITATION_FORM, C.SLOT_FOUND_PLACE)


def _keep_profile(tracker: Tracker) -> List[Dict[Text, Any]]:
    """The profile stays as the bed_search_form left it. Rasa extracts every slot again from the
    message when this form starts, and from every answer to it: a raw entity ("weer werken" read
    as a gender) would undo what the bed_search_form made of it, and a phone number or code would
    become the person's age. Each profile slot set since the last form change (or, without one, since
    the person's message) goes back."""
    events = tracker.events
    anchor = max((i for i, e in enumerate(events) if e.get("event") == "active_loop"),
                 default=max((i for i, e in enumerate(events) if e.get("event") == "user"), default=None))
    if anchor is None:
        return []
    changed = {e.get("name") for e in events[anchor + 1:] if e.get("event") == "slot"} & set(PROFILE_SLOTS)
    restored = []
    for slot in sorted(changed):
        previous = next((e.get("value") for e in reversed(events[:anchor])
                         if e.get("event") == "slot" and e.get("name") == slot), None)
        if tracker.get_slot(slot) != previous:
            restored.append(SlotSet(slot, previous))
    return restored


class ValidateVerificationForm(FormValidationAction):
    def name(self) -> Text:
        return C.ACTION_VALIDATE_VERIFICATION

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> List[Dict[Text, Any]]:
        events = [e for e in await super().run(dispatcher, tracker, domain)
                  if e.get("event") != "slot" or e.get("name") not in PROFILE_SLOTS]
        return events + _keep_profile(tracker)

    async def required_slots(self, domain_slots: List[Text], dispatcher: CollectingDispatcher, tracker: Tracker,
                             domain: DomainDict) -> List[Text]:
        if tracker.get_slot(C.SLOT_VERIFICATION) == VERIFIED or verified_professional(tracker):
            return []
        return [C.SLOT_VERIFICATION]

    def validate_verification(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                              domain: DomainDict) -> Dict[Text, Any]:
        language, text = language_of(tracker), str(value or "")
        verification = runtime.verification()
        code = _CODE.match(text)
        if code and verification.pending_code(tracker.sender_id):
            check = verification.check_code(tracker.sender_id, code.group(1))
            if check.outcome == VERIFIED:
                person = check.professional
                dispatcher.utter_message(**render("utter_verification__verified", language, name=person.name,
                                                  organisation=person.organisation))
                return {C.SLOT_VERIFICATION: VERIFIED}
            if check.outcome == "wrong":
                dispatcher.utter_message(**render("utter_verification__wrong", language,
                                                  attempts_left=check.attempts_left))
            else:
                dispatcher.utter_message(**render("utter_verification__expired", language))
            return {C.SLOT_VERIFICATION: None}
        if normalise_phone(text) is None:
            dispatcher.utter_message(**render("utter_verification__invalid", language))
            return {C.SLOT_VERIFICATION: None}
        request = verification.send_code(tracker.sender_id, text)
        response = {"sent": "utter_verification__code_sent", "rate_limited": "utter_verification__rate_limited",
                    "send_failed": "utter_verification__send_failed"}.get(request.outcome,
                                                                          "utter_verification__invalid")
        dispatcher.utter_message(**render(response, language, masked_phone=request.masked_phone))
        return {C.SLOT_VERIFICATION: None}


class ActionAskVerification(Action):
    def name(self) -> Text:
        return "action_ask_verification"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> List[Dict[Text, Any]]:
        if _answered_this_turn(tracker):
            return []  # the validation just said what to do next ("type the code")
        dispatcher.utter_message(**render("utter_ask_verification", language_of(tracker)))
        return []


def _answered_this_turn(tracker: Tracker) -> bool:
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            return False
        if event.get("event") == "bot":
            return True
    return False
