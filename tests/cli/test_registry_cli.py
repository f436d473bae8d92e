"""`hotline registry ...` end to end through the real entry point, on a SQLite file."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from bot.config import ROOT


@pytest.fixture
def db(tmp_path):
    url = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    for command in (["migrate"], ["seed"]):
        run(url, *command)
    return url


def run(url, *args, stdin=None, ok=True):
    result = subprocess.run([sys.executable, "-m", "bot.cli", "registry", "--database-url", url, *args],
                            cwd=ROOT, input=stdin, capture_output=True, text=True, timeout=120)
    if ok:
        assert result.returncode == 0, result.stderr
    return result


def test_search_from_stdin_json_matches_the_documented_schema(db):
    profile = {"age": 34, "gender": "male", "exploitation_forms": ["labour"], "found_place": "Venlo",
               "unsafe_places": ["Limburg"], "residence_status": "eu_union_rights"}
    out = json.loads(run(db, "search", "--profile", "-", "--json", "--language", "en",
                         stdin=json.dumps(profile)).stdout)
    assert set(out) == {"searched_at", "nothing_fits", "offers", "needs_decision", "unconfirmed", "waiting_list",
                        "excluded", "warnings", "bridging", "on_call"}
    first = out["offers"][0]
    assert {"code", "name", "type", "municipality", "region", "free", "age_minutes", "freshness", "phone",
            "decider", "decision_rules", "fictional"} <= set(first)
    assert all(o["region"] != "Limburg" for o in out["offers"])
    assert out["excluded"]["vo-haarlem"][0] == {"rule": "R06", "reason": "does not admit this gender"}


def test_search_with_flags_and_plain_text(db):
    out = run(db, "search", "--age", "23", "--gender", "female", "--form", "sexual_domestic",
              "--found-place", "Utrecht", "--residence-status", "dutch", "--language", "en").stdout
    assert "free" in out and "+3100" in out


def test_bad_profile_is_rejected_with_every_problem(db):
    result = run(db, "search", "--profile", "-", stdin='{"age": 34, "colour": "red", "found_place": "Atlantis"}',
                 ok=False)
    assert result.returncode == 2
    assert "unknown field 'colour'" in result.stderr and "Atlantis" in result.stderr


def test_set_free_hold_confirm_release_and_explain(db):
    assert "1 free of 9" in run(db, "set-free", "man-apeldoorn", "1").stdout
    hold = run(db, "hold", "man-apeldoorn").stdout.split()[1].rstrip(":")
    assert "confirmed" in run(db, "confirm", hold).stdout
    again = run(db, "release", hold, ok=False)
    assert again.returncode == 2 and "already confirmed" in again.stderr
    out = run(db, "explain", "vo-haarlem", "--age", "34", "--gender", "male", "--language", "nl").stdout
    assert "R06" in out and "neemt dit gender niet op" in out


def test_export_then_import_round_trip_and_invalid_file_rejected(db, tmp_path):
    exported = tmp_path / "registry.csv"
    run(db, "export", str(exported))
    assert "FICTIEF" in exported.read_text()
    assert "0 created" in run(db, "import", str(exported)).stdout
    bad = tmp_path / "bad.csv"
    lines = exported.read_text().splitlines()
    bad.write_text("\n".join([lines[0], lines[1].replace("GM", "XX", 1)]) + "\n")
    result = run(db, "import", str(bad), ok=False)
    assert result.returncode == 1 and "line 2" in result.stderr and "nothing was imported" in result.stderr


def test_unmet_report_aggregates_failed_searches(db):
    run(db, "search", "--age", "15", "--gender", "male", "--flag", "pets", "--found-place", "Venlo")
    report = json.loads(run(db, "unmet-report", "--json").stdout)
    assert any(row["reason"] == "R07" and row["region"] == "Limburg" for row in report)
