"""The professional lane once verified: the search or a chat bed update, holds and "why not X?".

`action_professional_request` runs after the verification gate and does what was asked: a bed
search (the bed_search_form's profile) or shelter staff's "BEDDEN 3". Every action here checks the
server-side verification again: a slot alone never opens shelter details.
"""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.bed_search import bed_search_answer
from actions.verification import verified_professional
from bot import constants as C, runtime
from bot.i18n.catalogue import language_of, render
from bot.handoff.roster import AMSTERDAM
from bot.registry import bed_sms, presenting
from bot.registry.service import NoFreeBed
from bot.triage import professional


def _last_text_of(tracker: Tracker, intent: str) -> str:
    for event in reversed(tracker.events):
        if event.get("event") == "user" and (event.get("parse_data") or {}).get("intent", {}).get("name") == intent:
            return event.get("text") or ""
    return ""


def _asked_for_bed_update(tracker: Tracker) -> bool:
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            name = (event.get("parse_data") or {}).get("intent", {}).get("name")
            if name in (C.INTENT_SET_BEDS, C.INTENT_BED_SEARCH):
                return name == C.INTENT_SET_BEDS
    return False


class ActionProfessionalRequest(Action):
    def name(self) -> Text:
        return C.ACTION_PROFESSIONAL_REQUEST

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> List[Dict[Text, Any]]:
        language = language_of(tracker)
        person = verified_professional(tracker)
        events: List[Dict[Text, Any]] = [SlotSet(C.SLOT_VERIFICATION, None)]
        if person is None:
            dispatcher.utter_message(**render("utter_professional__not_verified", language))
            return events
        if _asked_for_bed_update(tracker):
            if person.role != "shelter_staff" or not person.shelter_code:
                dispatcher.utter_message(**render("utter_set_beds__not_shelter_staff", language))
                return events
            registry = runtime.registry()
            text = bed_sms.apply(registry, bed_sms.shelter_by_code(registry, person.shelter_code),
                                 _last_text_of(tracker, C.INTENT_SET_BEDS), "shelter-chat")
            dispatcher.utter_message(text=text or "")
            return events
        return events + bed_search_answer(dispatcher, tracker)


class ActionHoldOffer(Action):
    def name(self) -> Text:
        return C.ACTION_HOLD_OFFER

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> List[Dict[Text, Any]]:
        language = language_of(tracker)
        person = verified_professional(tracker)
        offers = tracker.get_slot(C.SLOT_OFFERS)
        if person is None:
            dispatcher.utter_message(**render("utter_professional__not_verified", language))
            return []
        if not offers or not offers.get("codes"):
            dispatcher.utter_message(**render("utter_hold__no_offers", language))
            return []
        code = professional.chosen_offer(tracker.latest_message.get("text") or "", offers)
        if code is None:
            dispatcher.utter_message(**render("utter_hold__which", language))
            return []
        registry, actor = runtime.registry(), f"professional:{person.id}"
        try:
            hold = registry.hold(code, actor=actor, case_code=tracker.get_slot(C.SLOT_CASE_CODE))
        except NoFreeBed:
            dispatcher.utter_message(**render("utter_hold__gone", language))
            return []
        runtime.confirmation().ask(hold.code, professional.remembered_profile(offers), actor)
        shelter = next(s for s in registry.snapshot().shelters if s.code == code)
        until = hold.expires_at.astimezone(AMSTERDAM).strftime("%H:%M")
        dispatcher.utter_message(**render("utter_hold__placed", language, shelter=shelter.name, until=until,
                                          hold_code=hold.code, phone=shelter.phone_for_professionals))
        return []


class ActionWhyNot(Action):
    def name(self) -> Text:
        return C.ACTION_WHY_NOT

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> List[Dict[Text, Any]]:
        language = language_of(tracker)
        if verified_professional(tracker) is None:
            dispatcher.utter_message(**render("utter_professional__not_verified", language))
            return []
        profile = professional.remembered_profile(tracker.get_slot(C.SLOT_OFFERS))
        if profile is None:
            dispatcher.utter_message(**render("utter_why_not__no_search", language))
            return []
        registry = runtime.registry()
        shelter = professional.shelter_named(tracker.latest_message.get("text") or "", registry.snapshot().shelters)
        if shelter is None:
            dispatcher.utter_message(**render("utter_why_not__unknown", language))
            return []
        result = registry.search(profile, record_unmet=False)
        reasons = presenting.why_not_text(result, shelter.code, language)
        dispatcher.utter_message(**render("utter_why_not__answer", language, shelter=shelter.name, reasons=reasons))
        return []
