"""`hotline professionals ...` through the real entry point."""
from __future__ import annotations

import json

from tests.cli.test_roster_cli import run


def test_add_list_and_remove_a_professional(tmp_path):
    url = f"sqlite:///{tmp_path / 'r.sqlite3'}"
    added = run(url, "professionals", "add", "+31 00 000 0101", "--name", "Agent FICTIEF",
                "--organisation", "Politie Limburg", "--role", "police", "--valid-until", "2027-06-30")
    assert added.returncode == 0, added.stderr
    assert "Agent FICTIEF" in added.stdout and "0101" not in added.stdout  # the number is masked
    listed = json.loads(run(url, "professionals", "list", "--json").stdout)
    assert [(p["phone"], p["role"], p["active"], p["valid_until"][:10]) for p in listed] == [
        ("+31000000101", "police", True, "2027-06-30")]
    assert run(url, "professionals", "remove", "+31000000101").returncode == 0
    assert json.loads(run(url, "professionals", "list", "--json").stdout)[0]["active"] is False
    assert run(url, "professionals", "remove", "+31000000999").returncode == 1


def test_bad_registrations_are_refused_with_the_reason(tmp_path):
    url = f"sqlite:///{tmp_path / 'r.sqlite3'}"
    staff = run(url, "professionals", "add", "+31000000102", "--name", "X", "--organisation", "Y",
                "--role", "shelter_staff")
    assert staff.returncode == 2 and "--shelter" in staff.stderr
    date = run(url, "professionals", "add", "+31000000102", "--name", "X", "--organisation", "Y",
               "--role", "police", "--valid-until", "soon")
    assert date.returncode == 2 and "2027-06-30" in date.stderr
