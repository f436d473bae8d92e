"""Professional verification on SQLite and PostgreSQL: registered sender, SMS code, expiry, limits."""
from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

import pytest

from bot.messaging.outbox import OutboxGateway, read_outbox
from bot.verification.service import (
    MAX_ATTEMPTS, MAX_CODES_PER_NUMBER_PER_HOUR, Verification, VerificationError, normalise_phone,
)

OFFICER = "+31000000101"  # FICTIONAL: the +31 00 range reaches nobody
STAFF = "+31000000102"


class Clock:
    def __init__(self):
        self.now = datetime(2026, 12, 3, 2, 0, tzinfo=timezone.utc)

    def __call__(self):
        return self.now


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def verification(registry, tmp_path, clock):
    service = Verification(registry.engine, OutboxGateway(tmp_path / "outbox.jsonl"), clock=clock)
    service.register(OFFICER, "Agent FICTIEF", "Politie Limburg", "police")
    return service


def sent_code(tmp_path, to=OFFICER) -> str:
    body = [m for m in read_outbox(tmp_path / "outbox.jsonl") if m["to"] == to][-1]["body"]
    return re.search(r"\b(\d{6})\b", body).group(1)


def test_a_registered_number_writing_by_sms_is_verified_without_a_code(verification):
    assert verification.verified("+31000000101") is None
    person = verification.verify_sender("+31000000101", "+31000000101")
    assert person.organisation == "Politie Limburg"
    assert verification.verified("+31000000101").role == "police"


def test_an_unknown_sender_is_not_verified(verification):
    assert verification.verify_sender("+31000000999", "+31000000999") is None
    assert verification.verified("+31000000999") is None


def test_code_sent_to_the_registered_number_verifies_the_chat(verification, tmp_path):
    request = verification.send_code("web-chat-1", "0031 00 000 0101")
    assert request.outcome == "sent" and request.masked_phone.endswith("01")
    assert verification.pending_code("web-chat-1")
    check = verification.check_code("web-chat-1", sent_code(tmp_path))
    assert check.outcome == "verified" and check.professional.name == "Agent FICTIEF"
    assert verification.verified("web-chat-1").phone == OFFICER
    assert verification.verified("web-chat-2") is None  # another conversation is not


def test_the_code_sms_carries_no_case_detail(verification, tmp_path):
    verification.send_code("web-chat-1", OFFICER)
    body = read_outbox(tmp_path / "outbox.jsonl")[-1]["body"]
    assert "Opvanglijn" in body and len(body) <= 160
    assert not re.search(r"opvang\b|shelter|victim|slachtoffer", body, re.I)


def test_an_unregistered_number_is_answered_like_a_registered_one_and_gets_nothing(verification, tmp_path):
    assert verification.send_code("web-chat-1", "+31000000555").outcome == "sent"
    assert read_outbox(tmp_path / "outbox.jsonl") == []
    assert verification.check_code("web-chat-1", "123456").outcome == "no_code"


def test_a_wrong_code_counts_down_and_then_locks(verification, tmp_path):
    verification.send_code("web-chat-1", OFFICER)
    right = sent_code(tmp_path)
    wrong = "000000" if right != "000000" else "111111"
    for left in range(MAX_ATTEMPTS - 1, 0, -1):
        check = verification.check_code("web-chat-1", wrong)
        assert (check.outcome, check.attempts_left) == ("wrong", left)
    assert verification.check_code("web-chat-1", wrong).outcome == "locked"
    assert verification.check_code("web-chat-1", right).outcome == "locked"  # too late, even when right
    assert verification.verified("web-chat-1") is None


def test_codes_expire(verification, tmp_path, clock):
    verification.send_code("web-chat-1", OFFICER)
    clock.now += timedelta(minutes=11)
    assert verification.check_code("web-chat-1", sent_code(tmp_path)).outcome == "expired"


def test_codes_are_rate_limited_per_number(verification, tmp_path, clock):
    for attempt in range(MAX_CODES_PER_NUMBER_PER_HOUR):
        assert verification.send_code(f"chat-{attempt}", OFFICER).outcome == "sent"
    assert verification.send_code("chat-x", OFFICER).outcome == "rate_limited"
    assert len(read_outbox(tmp_path / "outbox.jsonl")) == MAX_CODES_PER_NUMBER_PER_HOUR
    clock.now += timedelta(minutes=61)
    assert verification.send_code("chat-x", OFFICER).outcome == "sent"


def test_a_new_code_replaces_the_old_one(verification, tmp_path):
    verification.send_code("web-chat-1", OFFICER)
    first = sent_code(tmp_path)
    verification.send_code("web-chat-1", OFFICER)
    second = sent_code(tmp_path)
    if first != second:
        assert verification.check_code("web-chat-1", first).outcome == "wrong"
    assert verification.check_code("web-chat-1", second).outcome == "verified"


def test_verification_lapses_after_the_session_and_when_removed(verification, clock):
    verification.verify_sender("sms-officer", OFFICER)
    clock.now += timedelta(hours=13)
    assert verification.verified("sms-officer") is None
    verification.verify_sender("sms-officer", OFFICER)
    assert verification.deactivate(OFFICER)
    assert verification.verified("sms-officer") is None
    assert verification.verify_sender("sms-officer", OFFICER) is None


def test_a_lapsed_registration_no_longer_verifies(verification, clock):
    verification.register(STAFF, "Medewerker FICTIEF", "Huis Hofvijver", "shelter_staff", shelter_code="shop-denhaag",
                          valid_until=clock.now + timedelta(days=1))
    assert verification.verify_sender("s", STAFF).shelter_code == "shop-denhaag"
    clock.now += timedelta(days=2)
    assert verification.verified("s") is None


@pytest.mark.parametrize("phone, role, shelter, why", [
    ("12", "police", None, "not a phone number"),
    (OFFICER, "boss", None, "unknown role"),
    (STAFF, "shelter_staff", None, "--shelter"),
])
def test_the_register_refuses_bad_entries_with_a_reason(verification, phone, role, shelter, why):
    with pytest.raises(VerificationError, match=why):
        verification.register(phone, "X", "Y", role, shelter_code=shelter)


@pytest.mark.parametrize("text, number", [
    ("00 00 00 01 01", "+31000000101"), ("+31 (0)0-0000 0101", "+31000000101"), ("0031000000101", "+31000000101"),
    ("whatsapp:+31000000101", "+31000000101"), ("hallo", None), ("", None), ("12345", None),
])
def test_phone_numbers_are_read_as_people_type_them(text, number):
    assert normalise_phone(text) == number


def test_the_embedded_demo_registers_fictional_professionals_only_into_an_empty_register(registry):
    from bot.registry.seed import seed_demo_professionals

    assert seed_demo_professionals(registry.engine) == 2
    assert all(p["phone"].startswith("+3100000") for p in Verification(registry.engine).registered())
    Verification(registry.engine).deactivate("+31000000101")
    assert seed_demo_professionals(registry.engine) == 0  # a register in use is never touched
