"""The named cases of domain.md §7 (T01-T19), driven over the REST channel of the running hotline
(real action server, real Rasa server with the trained model, a FICTIONAL SQLite registry, the
outbox for SMS). Each asserts what the person receives and what the registry and records hold.
All names, numbers and messages are fictional."""
from __future__ import annotations

import uuid

import pytest

from bot.registry.sample import sample_shelters

pytestmark = pytest.mark.model

SHELTERS = {s.code: s for s in sample_shelters(None)}
NAMES = {s.code: s.name for s in SHELTERS.values()}


def sender() -> str:
    return f"case-{uuid.uuid4().hex[:8]}"


def offered(reply: str) -> str:
    """The direct offers of an answer (before "also possible, with a decision")."""
    for marker in ("Ook mogelijk", "Also possible"):
        reply = reply.split(marker)[0]
    return reply


def shelters_in(text: str):
    return {code for code, name in NAMES.items() if name in text}


def no_shelter_detail(text: str) -> bool:
    return not shelters_in(text) and "+3100000000" not in text and "+3100000001" not in text


def new_pages(hotline, before: int):
    return hotline.pages()[before:]


def test_t01_sanne_kmar_unsafe_home_region_gets_nothing_there_as_a_normal_match(hotline):
    me = sender()
    reply = hotline.text(me, "Vrouw, 26 jaar, slachtoffer criminele uitbuiting, net vrijgelaten na intake in Gouda. "
                             "Dader en slachtoffer uit dezelfde woonplaats, niet in Zuid-Holland. Wat is er vannacht vrij?")
    assert "werkmobiel" in reply or "nummer" in reply  # the gate before any shelter detail
    assert no_shelter_detail(reply)
    answer = hotline.verify(me)
    direct = offered(answer)
    assert "Passende plekken" in answer or "Nu geen passend vrij bed" in answer
    assert not any(SHELTERS[c].municipality in ("GM0518", "GM0599", "GM0546") for c in shelters_in(direct))
    assert "Verantwoordelijk: gemeente Gouda" in answer


def test_t03_caroline_psychiatric_with_a_dog_only_places_that_take_both(hotline):
    me = sender()
    first = hotline.text(me, "Jonge Nederlandse vrouw, slachtoffer uitbuiting, netwerk vindt haar steeds, "
                             "psychische problemen, geen verslaving. Heeft een hond. Alles wat ik bel zit vol.")
    assert "oud" in first.lower()  # age is missing and decisive
    asked = hotline.text(me, "22")
    for _ in range(2):  # still-decisive questions (gender, form of exploitation): "don't know" is accepted
        if "gemeente" in asked.lower():
            break
        asked = hotline.text(me, "weet ik niet")
    assert "gemeente" in asked.lower(), asked
    hotline.text(me, "Amersfoort")
    answer = hotline.verify(me)
    for code in shelters_in(offered(answer)):
        policy = SHELTERS[code].policy
        assert policy.accepts_pets and not policy.excludes_psychiatric, code


def test_t05_woman_on_the_motorway_at_night_gets_an_answer_in_the_first_reply_after_the_profile(hotline):
    me = sender()
    reply = hotline.text(me, "Vrouw aangetroffen langs de snelweg bij Breda, ongeveer 25, vermoedelijk seksuele "
                             "uitbuiting, spreekt weinig Nederlands. Ik heb nu een bed nodig.")
    assert no_shelter_detail(reply)
    answer = hotline.verify(me)  # profile complete: verification is the only step between
    assert ("Passende plekken" in answer and "intake 24/7" in answer) or "Politiecel" in answer.split("\n")[-3]
    assert "Verantwoordelijk: gemeente Breda" in answer


def test_t07_liam_a_boy_of_15_gets_the_youth_route_no_report_demanded_and_an_urgent_page(hotline):
    me, before = sender(), len(hotline.pages())
    first = hotline.text(me, "ik heb schuld bij gasten en ze dwingen me dingen te doen. ik wil geen aangifte doen.")
    assert "gevaar" in first  # safety first
    assert "oud" in hotline.text(me, "nee").lower()
    youth = hotline.text(me, "15")
    assert "0800 2000" in youth and "jeugdzorg" in youth.lower()
    assert "aangifte" not in youth.lower() and no_shelter_detail(youth)
    [page] = new_pages(hotline, before)
    assert "IMMEDIATE" in page["body"] and "minor" in page["body"]
    assert "schuld" not in page["body"] and "aangifte" not in page["body"]  # no message text in the SMS


def test_t08_nina_is_not_argued_with_about_the_word_victim(hotline):
    me, before = sender(), len(hotline.pages())
    conversation = [hotline.text(me, "Ik wil toch naar die opvang. Ik ben geen slachtoffer of zo, maar ik heb geen plek.")]
    for answer in ("nee", "23", "nee", "Utrecht", "nee", "vrouw", "nee", "2"):
        conversation.append(hotline.text(me, answer))
    said = "\n".join(conversation)
    assert "slachtoffer" not in said.lower() and no_shelter_detail(said)
    assert len(conversation) <= 9  # at most eight questions before a person takes over
    assert "coördinator" in conversation[-1] and "OL-" in conversation[-1]
    [page] = new_pages(hotline, before)
    assert "TONIGHT" in page["body"] and "Midden-Nederland" in page["body"] and "Utrecht" not in page["body"]


def test_t09_mother_with_a_child_only_places_that_take_children(hotline):
    me = sender()
    hotline.text(me, "Vrouw van 30 met minderjarig kind aangetroffen op adres met sekswerk in Haarlem, seksuele "
                     "uitbuiting. AVIM niet bereikbaar.")
    answer = hotline.verify(me)
    places = shelters_in(answer)
    assert places and all(SHELTERS[c].policy.accepts_children for c in places)


def test_t10_a_14_year_old_under_pressure_gets_a_person_and_the_youth_route(hotline):
    me, before = sender(), len(hotline.pages())
    first = hotline.text(me, "hij heeft een filmpje van mij en ik moet vriendinnen meenemen anders zet hij het online")
    assert "gevaar" in first
    hotline.text(me, "weet ik niet")
    youth = hotline.text(me, "14")
    assert "0800 2000" in youth and no_shelter_detail(youth)
    assert any("minor" in page["body"] for page in new_pages(hotline, before))  # linked to the danger page


def test_t11_malgorzata_is_answered_in_polish_and_the_page_says_so(hotline):
    me, before = sender(), len(hotline.pages())
    first = hotline.say(me, "Pracuję na czarno za 7 euro na godzinę, szef grozi, że mnie zwolni i zabrał mi paszport")
    assert [b["payload"] for b in first[-1]["buttons"]] == ["/affirm", "/deny", "/dont_know"]
    polish = first[-1]["text"]
    assert polish.strip() and "danger" not in polish and "gevaar" not in polish
    hotline.text(me, "nie")
    assert hotline.tracker(me)["slots"]["language"] == "pl"
    hotline.text(me, "32")
    for answer in ("tak", "Venlo", "nie", "kobieta", "mam syna 5 lat", "3"):
        last = hotline.text(me, answer)
    assert "OL-" in last and no_shelter_detail(last)
    [page] = new_pages(hotline, before)
    assert "pl" in page["body"] and "children:1" in page["body"] and "consent:anonymous" in page["body"]


def test_t14_nigerian_woman_speaks_english_and_is_asked_about_safety_first(hotline):
    me = sender()
    first = hotline.text(me, "They say my case is closed and I have to go back to the camp. I am scared there.")
    assert "danger" in first.lower()
    assert "old" in hotline.text(me, "no").lower()
    assert hotline.tracker(me)["slots"]["language"] == "en"


def test_t15_cosm_for_a_man_without_residence_status_in_his_reflection_period(hotline):
    me = sender()
    asked = hotline.text(me, "Man, 30, geen verblijfsstatus, bedenktijd aangeboden en geaccepteerd, arbeidsuitbuiting, "
                             "aangetroffen in Zwolle")
    assert no_shelter_detail(asked)
    answer = hotline.verify(me)
    assert "(COSM)" in answer and "beslist: CoMensha" in answer
    assert not any(SHELTERS[c].type == "wmo" for c in shelters_in(offered(answer)))  # no lawful residence: no Wmo


def test_t16_a_vietnamese_boy_of_16_gets_no_adult_shelter(hotline):
    me = sender()
    hotline.text(me, "Vietnamese jongen, 16, in BO in Amsterdam, signalen dat hij wordt opgehaald, criminele uitbuiting")
    answer = hotline.verify(me)
    assert not any(SHELTERS[c].type in ("mannenopvang", "vrouwenopvang", "omm", "cosm") for c in shelters_in(answer))


def test_t17_a_man_never_sees_women_only_places(hotline):
    me = sender()
    hotline.text(me, "Man, 40, arbeidsuitbuiting, aangetroffen in Tilburg, wil vooral weer werken en geld naar "
                     "familie sturen")
    answer = hotline.verify(me)
    assert shelters_in(answer) and not any(SHELTERS[c].type == "vrouwenopvang" for c in shelters_in(answer))


def test_t19_after_detox_no_place_among_active_users_and_a_hold_is_placed(hotline):
    me = sender()
    hotline.text(me, "Cliënt rondt detox vrijdag af, OMM-plek is pas over twee weken. Man, 38, arbeidsuitbuiting, "
                     "Zwolle")
    answer = hotline.verify(me)
    places = shelters_in(answer)
    assert places and not any(SHELTERS[c].policy.active_users_present for c in places)
    held = hotline.text(me, "houd de eerste vast")
    code = held.split("(vasthouden ")[-1][:9] if "(vasthouden " in held else None
    holds = hotline.registry.audit_trail("H")
    assert any(entry["action"] == "hold" for entry in holds), held
    assert code is None or any(entry["entity_id"] == code for entry in holds)
