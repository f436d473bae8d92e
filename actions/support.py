"""The victim and third-party lane: validating the support_form and the honest next step.

`validate_support_form` reads each answer (bot.triage.support) and stops the questions early
when it is urgent; `action_support_next_steps` runs when the form is done: 112 or the youth route
when urgent, the consent tier said back, and a handoff to the on-call coordinator in every case.
`action_danger` is the same urgent step for "he is coming back" at any point of any conversation.
No shelter name or address is ever given in this lane.
"""
from __future__ import annotations

import re
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import ActionExecutionRejected, ActiveLoop, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.human_handoff import person_contact
from bot import constants as C, runtime
from bot.handoff.service import HandoffUnavailable, request_handoff
from bot.i18n.catalogue import language_of, render, variant
from bot.triage import support
from bot.triage.needs import merge, read as read_needs

NOT_UNDERSTOOD = "utter_support__not_understood"
SWITCHES_LANE = (C.INTENT_BED_SEARCH,)


def _slots(tracker: Tracker) -> Dict[str, Any]:
    return {name: tracker.get_slot(name) for name in (*C.SUPPORT_SLOTS, C.SLOT_LANE)}


class ValidateSupportForm(FormValidationAction):
    def name(self) -> Text:
        return C.ACTION_VALIDATE_SUPPORT

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> List[Dict[Text, Any]]:
        if (tracker.latest_message.get("intent") or {}).get("name") in SWITCHES_LANE:
            return [ActionExecutionRejected(C.FORM_SUPPORT)]  # a professional after all: the rules switch
        restored = _not_theirs(tracker)
        for event in restored:  # before the questions are chosen: a wrong age would end them early as a "minor"
            tracker.slots[event["name"]] = event["value"]
            tracker.events.append(event)
        return restored + await super().run(dispatcher, tracker, domain)

    async def required_slots(self, domain_slots: List[Text], dispatcher: CollectingDispatcher, tracker: Tracker,
                             domain: DomainDict) -> List[Text]:
        return [] if support.urgent(_slots(tracker)) else list(support.QUESTIONS)

    async def extract_needs(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                            domain: DomainDict) -> Dict[Text, Any]:
        """Needs are read from every message, also when they come unasked ("I have my baby with me")."""
        text = tracker.latest_message.get("text") or ""
        current = tracker.get_slot(C.SLOT_NEEDS) or ()
        language = language_of(tracker)
        if tracker.get_slot(C.REQUESTED_SLOT) == C.SLOT_NEEDS:
            return {C.SLOT_NEEDS: support.read_needs(text, current, language)}
        found = read_needs(text, language)
        return {C.SLOT_NEEDS: merge(current, found)} if found.flags or found.children else {}

    def _again(self, dispatcher: CollectingDispatcher, tracker: Tracker, slot: str) -> Dict[Text, Any]:
        if tracker.get_slot(C.REQUESTED_SLOT) == slot:
            dispatcher.utter_message(**render(NOT_UNDERSTOOD, language_of(tracker)))
        return {slot: None}

    def validate_in_danger(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                           domain: DomainDict) -> Dict[Text, Any]:
        said = support.read_yes_no(value)
        return {C.SLOT_IN_DANGER: said} if said else self._again(dispatcher, tracker, C.SLOT_IN_DANGER)

    def validate_safe_tonight(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                              domain: DomainDict) -> Dict[Text, Any]:
        said = support.read_yes_no(value)
        return {C.SLOT_SAFE_TONIGHT: said} if said else self._again(dispatcher, tracker, C.SLOT_SAFE_TONIGHT)

    def validate_age(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                     domain: DomainDict) -> Dict[Text, Any]:
        said = support.read_age(value)
        return {C.SLOT_AGE: said} if said else self._again(dispatcher, tracker, C.SLOT_AGE)

    def validate_gender(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                        domain: DomainDict) -> Dict[Text, Any]:
        said = support.read_gender(value)
        return {C.SLOT_GENDER: said} if said else self._again(dispatcher, tracker, C.SLOT_GENDER)

    def validate_found_place(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                             domain: DomainDict) -> Dict[Text, Any]:
        town = support.read_town(value)
        if town:
            return {C.SLOT_FOUND_PLACE: town}
        if tracker.get_slot(C.REQUESTED_SLOT) != C.SLOT_FOUND_PLACE or _corrects_other_slot(tracker):
            return {C.SLOT_FOUND_PLACE: None}  # the message answered something else ("no, she is 17")
        if _asked_twice(tracker, C.SLOT_FOUND_PLACE):
            return {C.SLOT_FOUND_PLACE: support.UNKNOWN}  # never badger: a person asks later
        return self._again(dispatcher, tracker, C.SLOT_FOUND_PLACE)

    def validate_unsafe_places(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                               domain: DomainDict) -> Dict[Text, Any]:
        places = support.read_unsafe(value)
        if places:
            return {C.SLOT_UNSAFE_PLACES: places}
        if tracker.get_slot(C.REQUESTED_SLOT) == C.SLOT_UNSAFE_PLACES:
            return {C.SLOT_UNSAFE_PLACES: ["told"]}  # in their own words: the coordinator reads it
        return {C.SLOT_UNSAFE_PLACES: None}

    def validate_consent(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                         domain: DomainDict) -> Dict[Text, Any]:
        tier = support.read_consent(value)
        return {C.SLOT_CONSENT: tier} if tier else self._again(dispatcher, tracker, C.SLOT_CONSENT)


def _not_theirs(tracker: Tracker) -> List[Dict[Text, Any]]:
    """SlotSets back to the value before, for an age or gender this message's extraction set that is
    not the person's own: "2" for the consent question, "my son is 5" (age 5, and "son" taken for a
    gender) for the needs question. While its own question is open, the answer always counts."""
    candidates = tracker.slots_to_validate()
    asked = tracker.get_slot(C.REQUESTED_SLOT)
    if asked is None:
        return []
    restored = []
    if C.SLOT_AGE in candidates and asked != C.SLOT_AGE and not _states_an_age(tracker):
        restored.append(SlotSet(C.SLOT_AGE, _before(tracker, C.SLOT_AGE)))
    if C.SLOT_GENDER in candidates and asked != C.SLOT_GENDER and not _states_a_gender(tracker, candidates):
        restored.append(SlotSet(C.SLOT_GENDER, _before(tracker, C.SLOT_GENDER)))
    return restored


def _states_a_gender(tracker: Tracker, candidates: Dict[Text, Any]) -> bool:
    """A gender typed while another question is open counts when it reads as one and the message is
    not about a child ("mam syna 5 lat")."""
    return support.read_gender(candidates[C.SLOT_GENDER]) is not None and not _about_a_child(tracker)


def _states_an_age(tracker: Tracker) -> bool:
    """An age typed while another question is open counts only as a correction of the person's own
    age ("nee, ze is 17", "I'm 16 actually"): not a bare number (the answer to that question) and
    not a number next to a child ("mam syna 5 lat")."""
    text = (tracker.latest_message.get("text") or "").strip()
    return not re.fullmatch(r"[\d\s.,/]+", text) and not _about_a_child(tracker)


def _about_a_child(tracker: Tracker) -> bool:
    """Does this message mention a child ("mam syna 5 lat", "my son is 5")?"""
    return read_needs(tracker.latest_message.get("text") or "", language_of(tracker)).children is not None


def _before(tracker: Tracker, slot: str) -> Optional[Any]:
    """The slot as it was before this message's extraction set it."""
    latest_user = max((i for i, e in enumerate(tracker.events) if e.get("event") == "user"), default=-1)
    earlier = [e for i, e in enumerate(tracker.events) if i < latest_user and e.get("event") == "slot"
               and e.get("name") == slot]
    return earlier[-1].get("value") if earlier else None


def _corrects_other_slot(tracker: Tracker) -> bool:
    return any(e.get("entity") in (C.SLOT_AGE, C.SLOT_GENDER) for e in tracker.latest_message.get("entities", []))


def _asked_twice(tracker: Tracker, slot: str) -> bool:
    asked = [e for e in tracker.events if e.get("event") == "action" and e.get("name") == f"action_ask_{slot}"]
    return len(asked) >= 2


def _danger_said(tracker: Tracker) -> bool:
    """action_danger ran in this session: the person heard 112 and the coordinator was paged."""
    for event in reversed(tracker.events):
        if event.get("event") == "session_started":
            return False
        if event.get("event") == "action" and event.get("name") == C.ACTION_DANGER:
            return True
    return False


def urgent_handoff(dispatcher: CollectingDispatcher, tracker: Tracker, kind: str,
                   outcome: Optional[support.Outcome] = None) -> List[Dict[Text, Any]]:
    """112 / youth route / next steps, said in the person's terms, and the page to the coordinator."""
    language = language_of(tracker)
    who = support.lane(tracker.get_slot(C.SLOT_LANE))
    outcome = outcome or support.outcome({**_slots(tracker), C.SLOT_IN_DANGER: "yes"})
    channel, address = person_contact(tracker)
    earlier = tracker.get_slot(C.SLOT_CASE_CODE)  # a new page, linked to the case already open
    needs = outcome.needs + ((f"earlier:{earlier}",) if earlier else ())
    try:
        packet = request_handoff(runtime.pager(), runtime.settings().public_base_url, lane="victim",
                                 language=language, urgency=outcome.urgency, needs=needs,
                                 region=outcome.region, person_channel=channel, person_address=address)
    except HandoffUnavailable:
        dispatcher.utter_message(**render(C.UTTER_HANDOFF_UNAVAILABLE, language))
        return []
    dispatcher.utter_message(**render(variant(f"utter_support__{kind}", who), language, case_code=packet.case_code))
    return [SlotSet(C.SLOT_CASE_CODE, packet.case_code)]


class ActionSupportNextSteps(Action):
    def name(self) -> Text:
        return C.ACTION_SUPPORT_NEXT_STEPS

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> List[Dict[Text, Any]]:
        outcome = support.outcome(_slots(tracker))
        kind = {"danger": "danger", "minor": "minor"}.get(outcome.kind, "next_steps")
        if kind == "danger" and _danger_said(tracker):  # 112 was said already: what is new now
            kind = "minor" if support.is_minor(tracker.get_slot(C.SLOT_AGE)) else "next_steps"
        said = "|".join((kind, outcome.urgency, *sorted(outcome.needs), outcome.region or ""))
        case_code = tracker.get_slot(C.SLOT_CASE_CODE)
        if case_code and tracker.get_slot(C.SLOT_HANDOFF_SENT) == said:  # nothing new: no second page
            dispatcher.utter_message(**render("utter_support__noted", language_of(tracker), case_code=case_code))
            return []
        consent = tracker.get_slot(C.SLOT_CONSENT)
        if outcome.kind == "normal" and consent in support.answers.CONSENT_TIERS:
            dispatcher.utter_message(**render(f"utter_support__consent_{consent}", language_of(tracker)))
        events = urgent_handoff(dispatcher, tracker, kind, outcome)
        return events + [SlotSet(C.SLOT_HANDOFF_SENT, said)] if events else events


class ActionDanger(Action):
    """Immediate danger said at any point: 112 at once and an immediate page, whatever was going on."""

    def name(self) -> Text:
        return C.ACTION_DANGER

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> List[Dict[Text, Any]]:
        events = urgent_handoff(dispatcher, tracker, "danger")
        if tracker.get_slot(C.SLOT_LANE) is None:  # what they write next goes on in the support lane
            events.append(SlotSet(C.SLOT_LANE, "victim"))
        return [*events, SlotSet(C.SLOT_IN_DANGER, "yes"), ActiveLoop(None), SlotSet(C.REQUESTED_SLOT, None)]
