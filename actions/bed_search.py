"""Bed search for professionals: validating the bed_search_form and answering with offers.

Rasa calls `validate_bed_search_form` after every user turn while the form is active, and
`action_bed_search` when the form is complete (data/rules/bed_search.yml).
"""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from bot import constants as C, runtime
from bot.i18n.catalogue import language_of, render
from bot.triage import normalise
from bot.triage.bed_search import build_profile, run_bed_search


class ValidateBedSearchForm(FormValidationAction):
    def name(self) -> Text:
        return C.ACTION_VALIDATE_BED_SEARCH

    def validate_gender(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                        domain: DomainDict) -> Dict[Text, Any]:
        return {C.SLOT_GENDER: normalise.gender(value)}

    def validate_age(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                     domain: DomainDict) -> Dict[Text, Any]:
        age = normalise.age(value)
        if age is None:
            dispatcher.utter_message(**render(C.UTTER_AGE_INVALID, language_of(tracker)))
            return {C.SLOT_AGE: None}
        return {C.SLOT_AGE: str(age)}

    def validate_exploitation_form(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                                   domain: DomainDict) -> Dict[Text, Any]:
        return {C.SLOT_EXPLOITATION_FORM: normalise.exploitation_form(value)}

    def validate_found_place(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                             domain: DomainDict) -> Dict[Text, Any]:
        place = normalise.place(value)
        if place is None:
            dispatcher.utter_message(**render(C.UTTER_PLACE_UNKNOWN, language_of(tracker)))
            return {C.SLOT_FOUND_PLACE: None}
        return {C.SLOT_FOUND_PLACE: place.name}


class ActionBedSearch(Action):
    def name(self) -> Text:
        return C.ACTION_BED_SEARCH

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> List[Dict[Text, Any]]:
        language = language_of(tracker)
        profile = build_profile(tracker.get_slot(C.SLOT_GENDER), tracker.get_slot(C.SLOT_AGE),
                                tracker.get_slot(C.SLOT_EXPLOITATION_FORM), tracker.get_slot(C.SLOT_FOUND_PLACE),
                                tracker.get_slot(C.SLOT_UNSAFE_PLACES) or ())
        reply = run_bed_search(runtime.registry(), profile, language)
        if reply.offers:
            dispatcher.utter_message(**render(C.UTTER_OFFERS, language, offers=reply.offers))
        if reply.decisions:
            dispatcher.utter_message(**render(C.UTTER_DECISIONS, language, decisions=reply.decisions))
        if reply.nothing_fits:
            dispatcher.utter_message(**render(C.UTTER_NONE, language, bridging=reply.bridging or "-"))
        if reply.warnings:
            dispatcher.utter_message(text=reply.warnings)
        dispatcher.utter_message(**render(C.UTTER_MUNICIPALITY, language, municipality=reply.municipality))
        return [SlotSet(C.SLOT_GENDER, None), SlotSet(C.SLOT_AGE, None), SlotSet(C.SLOT_EXPLOITATION_FORM, None),
                SlotSet(C.SLOT_FOUND_PLACE, None), SlotSet(C.SLOT_UNSAFE_PLACES, None)]
