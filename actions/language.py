"""A message in a language we do not speak: Rasa calls `action_unsupported_language`
(data/rules/language.yml). The person gets a short answer in the languages they most likely
read, and a coordinator is paged with "interpreter needed: <language>"; coordinators who speak
it come first in the escalation chain."""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.human_handoff import person_contact
from bot import constants as C, runtime
from bot.handoff.service import HandoffUnavailable, request_handoff
from bot.i18n.catalogue import render
from bot.nlu.language import UNSUPPORTED


class ActionUnsupportedLanguage(Action):
    def name(self) -> Text:
        return C.ACTION_UNSUPPORTED_LANGUAGE

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> List[Dict[Text, Any]]:
        code = next(tracker.get_latest_entity_values(C.ENTITY_UNSUPPORTED_LANGUAGE), None)
        name, readable = UNSUPPORTED.get(code, ("your language", ("en",)))
        texts = [render(C.UTTER_UNSUPPORTED_LANGUAGE, language, language_name=name)["text"] for language in readable]
        dispatcher.utter_message(text="\n\n".join(texts))
        channel, address = person_contact(tracker)
        try:
            packet = request_handoff(runtime.pager(), runtime.settings().public_base_url, lane="victim",
                                     language=code or "??", needs=(f"interpreter needed: {name}",),
                                     person_channel=channel, person_address=address)
        except HandoffUnavailable:
            dispatcher.utter_message(**render(C.UTTER_HANDOFF_UNAVAILABLE, readable[0]))
            return []
        return [SlotSet(C.SLOT_CASE_CODE, packet.case_code)]
