"""TwiML for paging calls, built by pure functions (tests parse the XML).

The coordinator hears the packet in Dutch (case code spelled out, urgency, lane, language,
region, needs) and presses 1 to accept; Twilio posts the digit to the `gather_url`.
"""
from __future__ import annotations

from xml.etree import ElementTree as ET

from bot.handoff.packet import HandoffPacket

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


def bridge_twiml(coordinator_phone: str, caller_id: str, say_language: str, connecting: str) -> str:
    """The caller's live call now dials the accepting coordinator. The coordinator's phone shows the
    hotline number (`callerId`), never the caller's; the caller never learns the coordinator's."""
    response = ET.Element("Response")
    ET.SubElement(response, "Say", language=say_language).text = connecting
    dial = ET.SubElement(response, "Dial", callerId=caller_id, timeout="30")
    ET.SubElement(dial, "Number").text = coordinator_phone
    return '<?xml version="1.0" encoding="UTF-8"?>' + ET.tostring(response, encoding="unicode")
