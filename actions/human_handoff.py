"""Hand the conversation to a person: Rasa calls `action_request_human` on request_human
(data/rules/human_handoff.yml) and after the fallback's offer is accepted."""
from __future__ import annotations

from typing import Any, Dict, List, Optional, Text, Tuple

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from bot import constants as C, runtime
from bot.handoff.service import HandoffUnavailable, request_handoff
from bot.i18n.catalogue import language_of, render

PUSH_CHANNELS = {"twilio_sms": "sms", "twilio_whatsapp": "whatsapp"}


def person_contact(tracker: Tracker) -> Tuple[Optional[str], Optional[str]]:
    """How the handoff reaches the person: SMS/WhatsApp by the thread's address (status messages,
    text takeover), the voice line by the live call's CallSid (bridged when a coordinator accepts);
    nothing on the REST channel."""
    input_channel = tracker.get_latest_input_channel() or ""
    if input_channel in PUSH_CHANNELS:
        return PUSH_CHANNELS[input_channel], tracker.sender_id
    if input_channel == "twilio_voice":
        call_sid = ((tracker.latest_message.get("metadata") or {}).get("twilio") or {}).get("call_sid")
        return ("voice", call_sid) if call_sid else (None, None)
    return None, None


def lane_of(tracker: Tracker) -> str:
    """Professional once the conversation asked for a bed search; otherwise the victim lane."""
    asked = (event.get("parse_data", {}).get("intent", {}).get("name") for event in tracker.events
             if event.get("event") == "user")
    return "professional" if C.INTENT_BED_SEARCH in asked else "victim"


class ActionRequestHuman(Action):
    def name(self) -> Text:
        return C.ACTION_REQUEST_HUMAN

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> List[Dict[Text, Any]]:
        language = language_of(tracker)
        channel, address = person_contact(tracker)
        try:
            packet = request_handoff(runtime.pager(), runtime.settings().public_base_url, lane=lane_of(tracker),
                                     language=language, person_channel=channel, person_address=address)
        except HandoffUnavailable:
            dispatcher.utter_message(**render(C.UTTER_HANDOFF_UNAVAILABLE, language))
            return []
        dispatcher.utter_message(**render(C.UTTER_HANDOFF_REQUESTED, language, case_code=packet.case_code))
        return [SlotSet(C.SLOT_CASE_CODE, packet.case_code)]
