"""TwiML for paging, bridged and call-back calls, built by pure functions (tests parse the XML).

The coordinator hears the packet in Dutch (case code spelled out, urgency, lane, language,
region, needs) and presses 1 to accept; Twilio posts the digit to the `gather_url`. A bridged
caller's `<Dial>` reports its outcome to `action` (the next coordinator when nobody picked up).
A call-back call asks the coordinator to press 1 before the person's number is dialled.
"""
from __future__ import annotations

from typing import Optional
from xml.etree import ElementTree as ET

from bot.handoff.packet import HandoffPacket

DIAL_TIMEOUT = 30  # seconds a bridged or call-back call rings before Twilio reports no-answer
URGENCY_NL = {"immediate": "direct gevaar", "tonight": "vannacht", "normal": "normaal"}
LANE_NL = {"victim": "slachtoffer of melder", "professional": "professional", "shelter": "opvang"}


def spell(code: str) -> str:
    return " ".join(c for c in code if c.isalnum())


def page_twiml(packet: HandoffPacket, gather_url: str) -> str:
    parts = [f"Opvanglijn. Nieuwe melding, code {spell(packet.case_code)}.",
             f"Urgentie: {URGENCY_NL.get(packet.urgency, packet.urgency)}.",
             f"Kanaal: {LANE_NL.get(packet.lane, packet.lane)}. Taal: {spell(packet.language)}."]
    if packet.region:
        parts.append(f"Regio: {packet.region}.")
    if packet.needs:
        parts.append("Aandachtspunten: " + ", ".join(n.replace("_", " ") for n in packet.needs) + ".")
    parts.append("Druk 1 om te accepteren.")
    response = ET.Element("Response")
    gather = ET.SubElement(response, "Gather", numDigits="1", action=gather_url, method="POST", timeout="10")
    ET.SubElement(gather, "Say", language="nl-NL").text = " ".join(parts)
    ET.SubElement(response, "Say", language="nl-NL").text = "Geen keuze ontvangen. Je wordt zo opnieuw gebeld."
    return '<?xml version="1.0" encoding="UTF-8"?>' + ET.tostring(response, encoding="unicode")


def ack_twiml(accepted: bool, first: bool) -> str:
    response = ET.Element("Response")
    text = ("Geaccepteerd. Dank je. De details staan klaar na inloggen." if accepted and first else
            "Deze melding is al door een collega geaccepteerd." if accepted else
            "Niet geaccepteerd.")
    ET.SubElement(response, "Say", language="nl-NL").text = text
    return '<?xml version="1.0" encoding="UTF-8"?>' + ET.tostring(response, encoding="unicode")


def _xml(response: ET.Element) -> str:
    return '<?xml version="1.0" encoding="UTF-8"?>' + ET.tostring(response, encoding="unicode")


def bridge_twiml(coordinator_phone: str, caller_id: str, say_language: str, connecting: str,
                 action: Optional[str] = None) -> str:
    """The caller's live call now dials the accepting coordinator. The coordinator's phone shows the
    hotline number (`callerId`), never the caller's; the caller never learns the coordinator's.
    Twilio posts the outcome (`DialCallStatus`) to `action` when the dial ends."""
    response = ET.Element("Response")
    ET.SubElement(response, "Say", language=say_language).text = connecting
    attrs = {"callerId": caller_id, "timeout": str(DIAL_TIMEOUT)}
    if action:
        attrs.update(action=action, method="POST")
    dial = ET.SubElement(response, "Dial", **attrs)
    ET.SubElement(dial, "Number").text = coordinator_phone
    return _xml(response)


def hold_twiml(text: str, say_language: str, speech_language: str, action: str) -> str:
    """The caller hears `text` and stays on the line, listening (the voice webhook keeps them on hold)."""
    response = ET.Element("Response")
    gather = ET.SubElement(response, "Gather", input="speech", language=speech_language, action=action,
                           method="POST", speechTimeout="3", actionOnEmptyResult="true")
    ET.SubElement(gather, "Say", language=say_language).text = text
    return _xml(response)


def goodbye_twiml(text: str, say_language: str) -> str:
    response = ET.Element("Response")
    if text:
        ET.SubElement(response, "Say", language=say_language).text = text
    ET.SubElement(response, "Hangup")
    return _xml(response)


def callback_twiml(case_code: str, gather_url: str) -> str:
    """The call-back call to the coordinator: press 1 and the person is dialled (never before)."""
    response = ET.Element("Response")
    gather = ET.SubElement(response, "Gather", numDigits="1", action=gather_url, method="POST", timeout="15")
    ET.SubElement(gather, "Say", language="nl-NL").text = (
        f"Opvanglijn. Terugbellen, code {spell(case_code)}. De persoon zegt dat bellen nu veilig is. "
        "Druk 1 om te verbinden. De nummers blijven verborgen.")
    ET.SubElement(response, "Say", language="nl-NL").text = (
        f"Geen keuze ontvangen. Er wordt niet gebeld. Stuur BEL {case_code} om het opnieuw te vragen.")
    return _xml(response)


def callback_connect_twiml(person_number: Optional[str], caller_id: Optional[str]) -> str:
    """After the coordinator's 1: dial the person with the hotline number as caller ID."""
    response = ET.Element("Response")
    if not person_number or not caller_id:
        ET.SubElement(response, "Say", language="nl-NL").text = (
            "Niet verbonden: er is nu geen terugbelafspraak die veilig is. Stuur BEL en de code om het te vragen.")
        return _xml(response)
    ET.SubElement(response, "Say", language="nl-NL").text = "Je wordt verbonden."
    dial = ET.SubElement(response, "Dial", callerId=caller_id, timeout=str(DIAL_TIMEOUT))
    ET.SubElement(dial, "Number").text = person_number
    ET.SubElement(response, "Say", language="nl-NL").text = "Het gesprek is afgelopen of de persoon nam niet op."
    return _xml(response)
