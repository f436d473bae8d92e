"""Bed search for professionals: the bed_search_form and the answer with offers.

Rasa calls `validate_bed_search_form` after every user turn while the form is active; then the
verification gate (actions/verification.py) and `action_professional_request`
(actions/professional.py), which answers with `bed_search_answer` below.
"""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import FormValidationAction, Tracker
from rasa_sdk.events import ActionExecutionRejected, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.human_handoff import person_contact
from bot import constants as C, runtime
from bot.handoff.service import HandoffUnavailable, request_handoff
from bot.i18n.catalogue import language_of, render
from bot.triage import answers, needs, normalise, professional, profile_words
from bot.triage.bed_search import build_profile, run_bed_search

SWITCHES_LANE = ("seek_help", "worry_about_someone", C.INTENT_IN_DANGER)
PROFILE_SLOTS = (C.SLOT_GENDER, C.SLOT_AGE, C.SLOT_EXPLOITATION_FORM, C.SLOT_FOUND_PLACE, C.SLOT_UNSAFE_PLACES,
                 C.SLOT_NEEDS, C.SLOT_RESIDENCE_STATUS)


def profile_of(tracker: Tracker):
    return build_profile(tracker.get_slot(C.SLOT_GENDER), tracker.get_slot(C.SLOT_AGE),
                         tracker.get_slot(C.SLOT_EXPLOITATION_FORM), tracker.get_slot(C.SLOT_FOUND_PLACE),
                         tracker.get_slot(C.SLOT_UNSAFE_PLACES) or (), tracker.get_slot(C.SLOT_NEEDS) or (),
                         tracker.get_slot(C.SLOT_RESIDENCE_STATUS))


class ValidateBedSearchForm(FormValidationAction):
    def name(self) -> Text:
        return C.ACTION_VALIDATE_BED_SEARCH

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> List[Dict[Text, Any]]:
        """Needs, residence status and reflection period come with any message of the profile."""
        if (tracker.latest_message.get("intent") or {}).get("name") in SWITCHES_LANE:
            return [ActionExecutionRejected(C.FORM_BED_SEARCH)]  # the rules switch to the victim lane or 112
        events = await super().run(dispatcher, tracker, domain)
        read = needs.read(tracker.latest_message.get("text") or "")
        if read.codes():
            events.append(SlotSet(C.SLOT_NEEDS, needs.merge(tracker.get_slot(C.SLOT_NEEDS) or (), read)))
        if read.residence_status:
            events.append(SlotSet(C.SLOT_RESIDENCE_STATUS, read.residence_status))
        return events

    async def required_slots(self, domain_slots: List[Text], dispatcher: CollectingDispatcher, tracker: Tracker,
                             domain: DomainDict) -> List[Text]:
        """Ask only for what is missing and still decisive: gender, age or form that would not
        change the offers is not asked (the place found always is: it decides the municipality)."""
        missing = [slot for slot in domain_slots if tracker.get_slot(slot) is None]
        if not missing or C.SLOT_FOUND_PLACE in missing:
            return domain_slots
        profile = profile_of(tracker)
        registry = runtime.registry()
        return [slot for slot in domain_slots
                if slot not in missing or professional.decisive(registry, profile, slot)]

    async def extract_age(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                          domain: DomainDict) -> Dict[Text, Any]:
        """ "Man, 40, ..." when the entity extractor missed the 40 (an asked age has its own mapping)."""
        if not self._unasked_and_missing(tracker, C.SLOT_AGE):
            return {}
        age = profile_words.age_in(tracker.latest_message.get("text") or "")
        return {C.SLOT_AGE: str(age)} if age is not None else {}

    async def extract_gender(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                             domain: DomainDict) -> Dict[Text, Any]:
        if not self._unasked_and_missing(tracker, C.SLOT_GENDER):
            return {}
        gender = profile_words.gender_in(tracker.latest_message.get("text") or "")
        return {C.SLOT_GENDER: gender} if gender else {}

    @staticmethod
    def _unasked_and_missing(tracker: Tracker, slot: str) -> bool:
        entities = {e.get("entity") for e in tracker.latest_message.get("entities") or []}
        return (tracker.get_slot(slot) is None and tracker.get_slot(C.REQUESTED_SLOT) != slot
                and slot not in entities)

    async def extract_exploitation_form(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                                        domain: DomainDict) -> Dict[Text, Any]:
        """The form of exploitation typed as an answer, "don't know" included (the slot's only
        mapping in domain.yml is the entity, which "weet ik niet" never gives), or named in a
        profile whose entity the extractor missed."""
        text = tracker.latest_message.get("text") or ""
        if tracker.get_slot(C.REQUESTED_SLOT) != C.SLOT_EXPLOITATION_FORM:
            if not self._unasked_and_missing(tracker, C.SLOT_EXPLOITATION_FORM):
                return {}
            form = profile_words.exploitation_form_in(text)  # "Man, 40, arbeidsuitbuiting" missed by the entities
            return {C.SLOT_EXPLOITATION_FORM: form} if form else {}
        if answers.yes_no(text) == normalise.UNKNOWN:
            return {C.SLOT_EXPLOITATION_FORM: normalise.UNKNOWN}
        form = normalise.exploitation_form(text)
        return {C.SLOT_EXPLOITATION_FORM: form} if form else {}

    def validate_gender(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                        domain: DomainDict) -> Dict[Text, Any]:
        if answers.yes_no(value) == normalise.UNKNOWN:
            return {C.SLOT_GENDER: normalise.UNKNOWN}
        gender = normalise.gender(value) or profile_words.gender_in(tracker.latest_message.get("text") or "")
        if gender is None and tracker.get_slot(C.REQUESTED_SLOT) == C.SLOT_GENDER:
            dispatcher.utter_message(**render("utter_support__not_understood", language_of(tracker)))
        return {C.SLOT_GENDER: gender}

    def validate_age(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                     domain: DomainDict) -> Dict[Text, Any]:
        if answers.yes_no(value) == normalise.UNKNOWN:
            return {C.SLOT_AGE: normalise.UNKNOWN}
        age = normalise.age(value)
        if age is None:
            dispatcher.utter_message(**render(C.UTTER_AGE_INVALID, language_of(tracker)))
            return {C.SLOT_AGE: None}
        return {C.SLOT_AGE: str(age)}

    def validate_exploitation_form(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                                   domain: DomainDict) -> Dict[Text, Any]:
        if value == normalise.UNKNOWN or answers.yes_no(value) == normalise.UNKNOWN:
            return {C.SLOT_EXPLOITATION_FORM: normalise.UNKNOWN}
        form = normalise.exploitation_form(value)  # a span the extractor cut badly: the message's own words
        return {C.SLOT_EXPLOITATION_FORM: form or profile_words.exploitation_form_in(
            tracker.latest_message.get("text") or "")}

    def validate_found_place(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                             domain: DomainDict) -> Dict[Text, Any]:
        place = normalise.place(value)
        if place is None:
            dispatcher.utter_message(**render(C.UTTER_PLACE_UNKNOWN, language_of(tracker)))
            return {C.SLOT_FOUND_PLACE: None}
        return {C.SLOT_FOUND_PLACE: place.name}


def bed_search_answer(dispatcher: CollectingDispatcher, tracker: Tracker) -> List[Dict[Text, Any]]:
    """Ranked offers, those needing a decision, the municipality; with nothing fitting the unmet
    demand is recorded (by the registry), the bridging ladder shown and the coordinator paged."""
    language = language_of(tracker)
    profile = profile_of(tracker)
    reply = run_bed_search(runtime.registry(), profile, language)
    events: List[Dict[Text, Any]] = []
    if reply.offers:
        dispatcher.utter_message(**render(C.UTTER_OFFERS, language, offers=reply.offers))
    if reply.decisions:
        dispatcher.utter_message(**render(C.UTTER_DECISIONS, language, decisions=reply.decisions))
    if reply.nothing_fits:
        dispatcher.utter_message(**render(C.UTTER_NONE, language, bridging=reply.bridging or "-"))
    if reply.warnings:
        dispatcher.utter_message(text=reply.warnings)
    dispatcher.utter_message(**render(C.UTTER_MUNICIPALITY, language, municipality=reply.municipality))
    if reply.codes:
        dispatcher.utter_message(**render("utter_bed_search__next", language))
    if reply.nothing_fits:
        events += _page_for_a_place(dispatcher, tracker, profile, language)
    events.append(SlotSet(C.SLOT_OFFERS, professional.remembered(reply.codes, profile)))
    return events + [SlotSet(slot, None) for slot in PROFILE_SLOTS]  # the next search starts fresh


def _page_for_a_place(dispatcher, tracker, profile, language) -> List[Dict[Text, Any]]:
    channel, address = person_contact(tracker)
    flags = tuple(name for name in ("substance_use", "psychiatric", "pregnant", "pets") if getattr(profile, name))
    if profile.is_minor:
        flags = ("minor",) + flags
    try:
        packet = request_handoff(runtime.pager(), runtime.settings().public_base_url, lane="professional",
                                 language=language, urgency="tonight", needs=flags + ("no_fitting_bed",),
                                 person_channel=channel, person_address=address)
    except HandoffUnavailable:
        dispatcher.utter_message(**render(C.UTTER_HANDOFF_UNAVAILABLE, language))
        return []
    dispatcher.utter_message(**render("utter_bed_search__paging", language, case_code=packet.case_code))
    return [SlotSet(C.SLOT_CASE_CODE, packet.case_code)]
