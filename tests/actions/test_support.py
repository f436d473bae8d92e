"""The victim and third-party lane with real trackers, the real pager and the outbox: safety
first, at most eight questions, "don't know" everywhere, corrections, early stops, honest next steps."""
from __future__ import annotations

import json

import pytest

from actions.ask import ActionAskAge, ActionAskFoundPlace, ActionAskInDanger
from actions.fallback import ActionFallback
from actions.support import ActionDanger, ActionSupportNextSteps, ValidateSupportForm
from bot import constants as C
from bot.messaging.outbox import read_outbox
from bot.registry.sample import sample_shelters
from tests.actions.conftest import tracker

SUPPORT = {"name": C.FORM_SUPPORT}


def texts(dispatcher) -> str:
    return "\n".join(m["text"] for m in dispatcher.messages)


def pages(outbox):
    return [m for m in read_outbox(outbox) if m.get("body", "").startswith("Opvanglijn OL-")]


async def required(slots):
    return await ValidateSupportForm().required_slots(list(C.SUPPORT_SLOTS), None, tracker(slots), {})


async def test_safety_is_asked_first_and_at_most_eight_questions():
    assert await required({}) == ["in_danger", "age", "safe_tonight", "found_place", "unsafe_places", "gender",
                                  "needs", "consent"]


async def test_danger_or_a_minor_stops_the_questions():
    assert await required({"in_danger": "yes"}) == []
    assert await required({"in_danger": "no", "age": "16"}) == []
    assert len(await required({"in_danger": "unknown", "age": "unknown"})) == 8  # "don't know" goes on


@pytest.mark.parametrize("slot, text, value", [
    ("in_danger", "/affirm", "yes"), ("in_danger", "nee", "no"), ("in_danger", "/dont_know", "unknown"),
    ("in_danger", "nu știu", "unknown"), ("in_danger", "tak", "yes"), ("safe_tonight", "nie", "no"),
    ("age", "ik ben 19", "19"), ("age", "weet ik niet", "unknown"), ("gender", "/dont_know", "unknown"),
    ("found_place", "ik ben in venlo", "Venlo"), ("found_place", "liever niet", "unknown"),
    ("unsafe_places", "/deny", ["none"]), ("consent", "2", "confidential"), ("consent", "anoniem", "anonymous"),
    ("consent", "/dont_know", "unknown"),
])
async def test_answers_in_words_buttons_and_languages(slot, text, value, dispatcher):
    validate = getattr(ValidateSupportForm(), f"validate_{slot}")
    assert validate(text, dispatcher, tracker({"requested_slot": slot}, text=text, active_loop=SUPPORT), {}) == {
        slot: value}
    assert dispatcher.messages == []


async def test_an_unclear_answer_is_asked_again_kindly(dispatcher):
    result = ValidateSupportForm().validate_in_danger("misschien later", dispatcher,
                                                      tracker({"requested_slot": "in_danger", "language": "en"}), {})
    assert result == {"in_danger": None} and "don't know" in texts(dispatcher)


async def test_a_correction_while_another_question_is_asked_is_not_taken_for_a_town(dispatcher):
    correction = tracker({"requested_slot": "found_place", "age": "17"}, text="nee, ze is 17",
                         entities=[{"entity": "age", "value": "17"}], active_loop=SUPPORT)
    assert ValidateSupportForm().validate_found_place("nee, ze is 17", dispatcher, correction, {}) == {
        "found_place": None}
    assert ValidateSupportForm().validate_age("17", dispatcher, correction, {}) == {"age": "17"}
    assert await required({"in_danger": "no", "age": "17"}) == []  # the correction makes it a minor: stop


async def test_needs_said_unasked_are_kept(dispatcher):
    events = await ValidateSupportForm().extract_needs(dispatcher, tracker(
        {"requested_slot": "safe_tonight"}, text="nee, en ik heb mijn baby bij me"), {})
    assert events == {"needs": ["children:1"]}


async def test_questions_are_worded_for_the_person_or_the_one_worried(dispatcher):
    await ActionAskAge().run(dispatcher, tracker({"language": "en", "lane": "victim"}, active_loop=SUPPORT), {})
    await ActionAskAge().run(dispatcher, tracker({"language": "en", "lane": "third_party"}, active_loop=SUPPORT), {})
    await ActionAskAge().run(dispatcher, tracker({"language": "en"}, active_loop={"name": C.FORM_BED_SEARCH}), {})
    assert [m["text"] for m in dispatcher.messages] == [
        "How old are you? Roughly is fine.", "How old is the person, roughly?",
        "How old is the person (roughly is fine)?"]
    dispatcher.messages.clear()
    await ActionAskInDanger().run(dispatcher, tracker({"language": "nl"}, active_loop=SUPPORT), {})
    [asked] = dispatcher.messages
    assert [b["payload"] for b in asked["buttons"]] == ["/affirm", "/deny", "/dont_know"]
    assert asked["text"] == "Ben je nu in gevaar?"
    await ActionAskFoundPlace().run(dispatcher, tracker({"language": "nl", "lane": "victim"}, active_loop=SUPPORT), {})
    assert len(dispatcher.messages[-1]["buttons"]) == 1


DONE = {"language": "en", "lane": "victim", "in_danger": "no", "age": "24", "safe_tonight": "no",
        "found_place": "Venlo", "unsafe_places": ["Limburg"], "gender": "female", "needs": ["children:1", "not:pets"],
        "consent": "confidential"}


async def test_next_steps_are_honest_and_the_coordinator_is_paged_without_personal_data(wired, outbox, dispatcher):
    events = await ActionSupportNextSteps().run(dispatcher, tracker(DONE), {})
    said = texts(dispatcher)
    assert "stays between you and our coordinator" in said
    assert "within 15 minutes" in said and "never have to go to the police" in said
    case = next(e["value"] for e in events if e.get("name") == C.SLOT_CASE_CODE)
    assert case in said
    [page] = pages(outbox)
    assert "TONIGHT" in page["body"] and "Limburg" in page["body"]  # the region, never the town
    assert "children:1" in page["body"] and "consent:confidential" in page["body"]
    assert "Venlo" not in page["body"] and "not:pets" not in page["body"]


async def test_the_victim_lane_never_names_a_shelter(wired, outbox, dispatcher):
    await ActionSupportNextSteps().run(dispatcher, tracker(DONE), {})
    said = json.dumps(dispatcher.messages, ensure_ascii=False)
    for shelter in sample_shelters(None):
        assert shelter.name.replace("FICTIEF ", "") not in said and shelter.phone_for_professionals not in said


async def test_danger_gives_112_at_once_and_an_immediate_page(wired, outbox, dispatcher):
    events = await ActionDanger().run(dispatcher, tracker({"language": "en", "lane": "victim"},
                                                          active_loop=SUPPORT), {})
    assert texts(dispatcher).startswith("Call 112 now") and "even without your permission" in texts(dispatcher)
    assert "IMMEDIATE" in pages(outbox)[0]["body"]
    assert {"event": "active_loop", "name": None} in [{k: e.get(k) for k in ("event", "name")} for e in events]


async def test_a_minor_gets_the_youth_route_and_an_immediate_page(wired, outbox, dispatcher):
    await ActionSupportNextSteps().run(dispatcher, tracker({"language": "nl", "lane": "victim", "in_danger": "no",
                                                            "age": "15"}), {})
    assert "0800 2000" in texts(dispatcher)
    [page] = pages(outbox)
    assert "IMMEDIATE" in page["body"] and "minor" in page["body"]


async def test_a_third_party_is_spoken_to_as_the_one_worried(wired, outbox, dispatcher):
    await ActionSupportNextSteps().run(dispatcher, tracker({**DONE, "lane": "third_party", "consent": "share"}), {})
    assert "The person decides for themself" in texts(dispatcher)
    assert "reported_by_third_party" in pages(outbox)[0]["body"]


def misunderstood(n, then=None):
    events = [{"event": "user", "text": "?", "parse_data": {"intent": {"name": "nlu_fallback"}}}] * n
    return ([{"event": "user", "text": "x", "parse_data": {"intent": {"name": then}}}] if then else []) + events


@pytest.mark.parametrize("events, offers_person", [
    (misunderstood(1), False), (misunderstood(2), True), (misunderstood(1, then="greet"), False),
])
async def test_a_person_is_offered_after_two_misunderstandings_in_a_row(events, offers_person, dispatcher):
    await ActionFallback().run(dispatcher, tracker({"language": "en"}, events=events), {})
    [said] = dispatcher.messages
    assert ("Shall I put you through to a person?" in said["text"]) is offers_person


async def test_danger_after_the_questions_pages_again_linked_to_the_open_case(wired, outbox, dispatcher):
    events = await ActionSupportNextSteps().run(dispatcher, tracker(DONE), {})
    first = next(e["value"] for e in events if e.get("name") == C.SLOT_CASE_CODE)
    events = await ActionDanger().run(dispatcher, tracker({**DONE, C.SLOT_CASE_CODE: first}), {})
    second = next(e["value"] for e in events if e.get("name") == C.SLOT_CASE_CODE)
    assert second != first
    assert f"earlier:{first}" in pages(outbox)[-1]["body"] and "IMMEDIATE" in pages(outbox)[-1]["body"]


async def test_a_conversation_back_after_hours_keeps_its_case_and_language_not_old_answers(dispatcher):
    from actions.session import ActionSessionStart

    events = await ActionSessionStart().run(dispatcher, tracker({**DONE, C.SLOT_CASE_CODE: "OL-ABC234"}), {})
    kept = {e["name"]: e["value"] for e in events if e.get("event") == "slot"}
    assert kept == {"language": "en", "case_code": "OL-ABC234", "lane": "victim"}
    assert "OL-ABC234" in dispatcher.messages[0]["text"]
    dispatcher.messages.clear()
    await ActionSessionStart().run(dispatcher, tracker({}), {})
    assert dispatcher.messages == []  # a first conversation starts quietly


def answered(slots, text, requested, language="nl"):
    """A tracker where the age was set earlier and this message's extraction set it to `text`'s number."""
    events = [{"event": "slot", "name": "age", "value": "23"},
              {"event": "user", "text": text, "parse_data": {"intent": {"name": "inform"}}},
              {"event": "slot", "name": "age", "value": "2"}]
    return tracker({**slots, "requested_slot": requested, "language": language}, text=text, intent="inform", events=events,
                   active_loop=SUPPORT)


@pytest.mark.parametrize("text, requested, language", [("2", "consent", "nl"), ("mam syna 5 lat", "needs", "pl"),
                                                       ("3", "consent", "pl")])
async def test_a_number_answering_another_question_is_not_the_persons_age(text, requested, language, dispatcher,
                                                                          domain):
    """T08/T11: consent "2" or "my son is 5" once made a woman of 23 a minor and ended the questions."""
    events = await ValidateSupportForm().run(dispatcher, answered({**DONE, "age": "2", "consent": None}, text,
                                                                  requested, language), domain)
    ages = [e["value"] for e in events if e.get("event") == "slot" and e["name"] == "age"]
    assert ages and set(ages) == {"23"}


async def test_a_correction_of_the_age_while_another_question_is_open_still_counts(dispatcher, domain):
    events = await ValidateSupportForm().run(
        dispatcher, answered({**DONE, "age": "17", "gender": None}, "nee sorry, ik ben 17", "gender"), domain)
    assert "23" not in [e["value"] for e in events if e.get("event") == "slot" and e["name"] == "age"]


async def test_the_same_outcome_again_is_noted_not_paged_twice(wired, outbox, dispatcher):
    events = await ActionSupportNextSteps().run(dispatcher, tracker(DONE), {})
    slots = {e["name"]: e["value"] for e in events if e.get("event") == "slot"}
    dispatcher.messages.clear()
    again = await ActionSupportNextSteps().run(dispatcher, tracker({**DONE, **slots}), {})
    assert again == [] and len(pages(outbox)) == 1
    assert slots[C.SLOT_CASE_CODE] in dispatcher.messages[0]["text"] and "added" in dispatcher.messages[0]["text"]
    await ActionSupportNextSteps().run(dispatcher, tracker({**DONE, **slots, "age": "16"}), {})  # news: a minor
    assert len(pages(outbox)) == 2 and "minor" in pages(outbox)[-1]["body"]


def gender_answered(slots, text, extracted, requested, language):
    events = [{"event": "slot", "name": "gender", "value": "female"},
              {"event": "user", "text": text, "parse_data": {"intent": {"name": "inform"}}},
              {"event": "slot", "name": "gender", "value": extracted}]
    return tracker({**slots, "gender": extracted, "requested_slot": requested, "language": language}, text=text,
                   intent="inform", events=events, active_loop=SUPPORT)


async def test_a_child_taken_for_a_gender_does_not_undo_the_persons_gender(dispatcher, domain):
    """T11: "mam syna 5 lat" gave a gender entity "syna"; the form forgot "kobieta" and asked again."""
    events = await ValidateSupportForm().run(
        dispatcher, gender_answered({**DONE, "consent": None}, "mam syna 5 lat", "syna", "needs", "pl"), domain)
    genders = [e["value"] for e in events if e.get("event") == "slot" and e["name"] == "gender"]
    assert genders and set(genders) == {"female"}


async def test_a_correction_of_the_gender_while_another_question_is_open_still_counts(dispatcher, domain):
    events = await ValidateSupportForm().run(
        dispatcher, gender_answered({**DONE, "consent": None}, "sorry, ik ben een man", "man", "consent", "nl"), domain)
    genders = [e["value"] for e in events if e.get("event") == "slot" and e["name"] == "gender"]
    assert genders and genders[-1] == "male"
