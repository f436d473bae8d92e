"""A profile or an answer that arrives with no form open ("14", "vrouw, 26, Almelo") goes on in the
conversation's own lane: someone who wrote about themself or about someone they worry about gets
the support questions again, never the professional bed search; anyone else starts the bed search.

The rule (data/rules/bed_search.yml) runs this action; the form it names runs next as a
FollowupAction and activates itself."""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import FollowupAction
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from bot import constants as C
from bot.triage.support import LANES


def next_form(lane: object) -> str:
    return C.FORM_SUPPORT if lane in LANES else C.FORM_BED_SEARCH


class ActionRouteProfile(Action):
    def name(self) -> Text:
        return C.ACTION_ROUTE_PROFILE

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> List[Dict[Text, Any]]:
        return [FollowupAction(next_form(tracker.get_slot(C.SLOT_LANE)))]
