"""Import/export of the registry as CSV and HSDS JSON: round trips, validation, all-or-nothing imports.

The database tests run on a real SQLite file and, marked `postgres`, on a throwaway PostgreSQL
database created for the test session and dropped afterwards.
"""
from __future__ import annotations

import copy
import io
import json
import secrets
from dataclasses import replace
from datetime import datetime, timezone
from typing import Iterator, List

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import SQLAlchemyError

from bot.config import Settings
from bot.registry import orm, repository as repo
from bot.registry.db import make_engine
from bot.registry.io_common import POLICY_FIELDS, RECORD_FIELDS, ImportRejected, import_records
from bot.registry.io_csv import COLUMNS, export_csv, import_csv, parse_csv
from bot.registry.io_hsds import export_hsds, import_hsds, parse_hsds
from bot.registry.model import BED_KINDS, Policy, ShelterRecord
from bot.registry.sample import sample_shelters
from bot.registry.service import Registry

NOW = datetime(2025, 3, 1, 14, 30, 15, 123456, tzinfo=timezone.utc)
PG_SERVER = "postgresql://postgres@127.0.0.1:5432/"
ADDRESS_KEYS = {"address", "addresses", "address_1", "address_2", "street", "street_address", "postal_code",
                "postcode", "zip", "zip_code", "city", "house_number", "latitude", "longitude"}


def normalised(records: List[ShelterRecord]) -> List[ShelterRecord]:
    """Records without the derived fields, in code order, for comparison."""
    return sorted((replace(r, id=0, region="") for r in records), key=lambda r: r.code)


def csv_text(records: List[ShelterRecord]) -> str:
    stream = io.StringIO()
    export_csv(records, stream)
    return stream.getvalue()


def csv_lines(records: List[ShelterRecord]) -> List[List[str]]:
    import csv
    return [row for row in csv.reader(io.StringIO(csv_text(records)))]


def to_csv(rows: List[List[str]]) -> io.StringIO:
    import csv
    stream = io.StringIO()
    csv.writer(stream).writerows(rows)
    stream.seek(0)
    return stream


def rejected(call, *args) -> List[str]:
    with pytest.raises(ImportRejected) as info:
        call(*args)
    return info.value.errors


# --- fixtures -----------------------------------------------------------------------------------------

@pytest.fixture(scope="session")
def pg_url() -> Iterator[str]:
    """A fresh PostgreSQL database for this test session, dropped at the end."""
    name = f"opv_io_{secrets.token_hex(6)}"
    admin = make_engine(PG_SERVER, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    except SQLAlchemyError as exc:  # pragma: no cover - depends on the machine
        admin.dispose()
        pytest.skip(f"PostgreSQL is not reachable at {PG_SERVER}: {exc}")
    yield f"{PG_SERVER.rstrip('/')}/{name}"
    with admin.connect() as conn:
        conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def registry(request, tmp_path) -> Iterator[Registry]:
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'registry.sqlite3'}"
    else:
        url = request.getfixturevalue("pg_url")
    engine = make_engine(url)
    orm.metadata.drop_all(engine)  # the PostgreSQL database is shared by the tests of one session
    orm.metadata.create_all(engine)
    reg = Registry(engine, Settings(database_url=url))
    reg.prepare()
    yield reg
    engine.dispose()


def db_state(registry: Registry) -> tuple:
    with registry.engine.connect() as conn:
        return (repo.load_shelters(conn), repo.current_revision(conn),
                conn.execute(select(func.count()).select_from(orm.audit_log)).scalar())


# --- format -------------------------------------------------------------------------------------------

def test_columns_cover_every_field_once():
    names = [s.name for s in RECORD_FIELDS] + [s.name for s in POLICY_FIELDS]
    assert {s.name for s in POLICY_FIELDS} == set(Policy.__dataclass_fields__)
    assert {s.name for s in RECORD_FIELDS} | {"id", "region", "policy", "beds"} == set(
        ShelterRecord.__dataclass_fields__)
    assert len(COLUMNS) == len(set(COLUMNS)) == len(names) + 4 * len(BED_KINDS)


def test_csv_round_trip_of_the_sample():
    records = sample_shelters(NOW)
    assert parse_csv(io.StringIO(csv_text(records))) == records  # even id and region come back equal
    assert normalised(parse_csv(io.StringIO(csv_text(records)))) == normalised(records)


def test_csv_round_trip_of_edge_values():
    base = sample_shelters(NOW)[0]
    odd = replace(base, code="odd", name='Naam, met "komma"', staff_languages=frozenset(),
                  policy=replace(base.policy, residence_statuses_accepted=frozenset(), max_age=40,
                                 exploitation_forms_accepted=frozenset({"labour", "criminal"})), beds=())
    assert parse_csv(io.StringIO(csv_text([odd]))) == [odd]


def test_hsds_round_trip_of_the_sample():
    records = sample_shelters(NOW)
    document = json.loads(json.dumps(export_hsds(records)))  # through real JSON text
    assert parse_hsds(document) == records
    shared = [records[0], replace(records[1], operator=records[0].operator)]
    document = export_hsds(shared)
    assert len(document["organizations"]) == 1 and len(document["locations"]) == 2
    assert parse_hsds(document) == shared


def test_hsds_export_has_no_street_address():
    found = set()

    def walk(node):
        if isinstance(node, dict):
            found.update(k.lower() for k in node)
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    document = export_hsds(sample_shelters(NOW))
    walk(document)
    assert not found & ADDRESS_KEYS
    assert all(loc["external_identifier"].startswith("GM") for loc in document["locations"])


# --- validation ---------------------------------------------------------------------------------------

def test_invalid_csv_lists_every_bad_line():
    rows = csv_lines(sample_shelters(NOW))
    col = {name: i for i, name in enumerate(rows[0])}
    rows[3][col["municipality"]] = "GM9999"            # line 4
    rows[3][col["regular_free"]] = "14"                # line 4, capacity 13
    rows[6][col["type"]] = "hotel"                     # line 7
    rows[6][col["out_of_hours_intake"]] = "ja"
    rows[6][col["min_age"]] = "-1"
    rows[6][col["regular_updated_at"]] = "01-03-2025 14:00"
    rows[8][col["code"]] = rows[1][col["code"]]        # line 9 repeats line 2
    errors = rejected(parse_csv, to_csv(rows))
    text = "\n".join(errors)
    assert {e.split(":")[0] for e in errors} == {"line 4", "line 7", "line 9"}
    for expected in ("line 4: municipality: unknown municipality code 'GM9999'",
                     "line 4: 14 free regular beds is more than the capacity of 13",
                     "line 7: type: unknown shelter type 'hotel'",
                     "line 7: out_of_hours_intake: expected true or false, got 'ja'",
                     "line 7: min_age: must not be negative, got -1",
                     "line 7: regular_updated_at: expected an ISO 8601 date",
                     "line 9: code: duplicate code 'cosm-noord' (already used on line 2)"):
        assert expected in text


def test_csv_structure_errors():
    rows = csv_lines(sample_shelters(NOW)[:2])
    assert rejected(parse_csv, io.StringIO("")) == [
        "line 1: the file is empty; expected a header line with the column names"]
    assert rejected(parse_csv, to_csv(rows[:1])) == ["line 2: the file has a header but no shelter rows"]
    missing = [[cell for i, cell in enumerate(row) if i != 1] for row in rows]
    assert rejected(parse_csv, to_csv(missing)) == ["line 1: missing required column(s): name"]
    assert "separated by ';'" in rejected(parse_csv, io.StringIO(";".join(rows[0]) + "\n"))[0]
    short = rows[:2] + [rows[2][:5]]
    assert rejected(parse_csv, to_csv(short)) == [f"line 3: has 5 values but the header has {len(COLUMNS)} columns"]


def test_invalid_hsds_names_json_paths():
    document = export_hsds(sample_shelters(NOW))
    bad = copy.deepcopy(document)
    bad["services"][3]["capacities"][0]["available"] = 99
    bad["services"][5]["x_opvanglijn"]["type"] = "hotel"
    bad["services"][5]["x_opvanglijn"]["policy"]["accepts_pets"] = "yes"
    bad["services"][7]["capacities"][0]["maximum"] = -2
    bad["services"][8]["capacities"][0]["updated"] = "gisteren"
    bad["locations"][0]["external_identifier"] = "GM9999"
    errors = rejected(parse_hsds, bad)
    text = "\n".join(errors)
    assert "services[3].capacities[0]: 99 free regular beds is more than the capacity of 13" in text
    assert "services[5].x_opvanglijn.type: unknown shelter type 'hotel'" in text
    assert "services[5].x_opvanglijn.policy.accepts_pets: expected true or false, got 'yes'" in text
    assert "services[7].capacities[0].maximum: must not be negative, got -2" in text
    assert "services[8].capacities[0].updated: expected an ISO 8601 date" in text
    assert "locations[0].external_identifier: unknown municipality code 'GM9999'" in text
    assert rejected(parse_hsds, []) == [
        "document: expected a JSON object with organizations, services, locations and service_at_locations"]
    empty = dict(document, services=[], service_at_locations=[])
    assert rejected(parse_hsds, empty) == ["services: no services in the document; nothing to import"]
    twice = dict(document, services=document["services"] + document["services"][:1])
    assert any("duplicate code 'cosm-noord'" in e for e in rejected(parse_hsds, twice))


# --- database -----------------------------------------------------------------------------------------

def test_csv_file_import_then_export_from_db_equals_original(registry, tmp_path):
    records = sample_shelters(NOW)
    path = tmp_path / "shelters.csv"
    with path.open("w", newline="", encoding="utf-8") as stream:
        export_csv(records, stream)
    with path.open(newline="", encoding="utf-8") as stream:
        result = import_csv(registry, stream, actor="tester")
    assert len(result.created) == len(records) and result.updated == () and result.revision == 1
    state = db_state(registry)
    assert normalised(state[0]) == normalised(records)
    assert state[2] == len(records)  # one audit row per shelter
    with path.open(newline="", encoding="utf-8") as stream:  # importing again replaces, it does not add
        assert len(import_csv(registry, stream, actor="tester").updated) == len(records)
    assert normalised(db_state(registry)[0]) == normalised(records)
    assert registry.audit_trail("cosm-noord")[0]["action"] == "import"


def test_hsds_file_import_then_export_from_db_equals_original(registry, tmp_path):
    records = sample_shelters(NOW)
    path = tmp_path / "shelters.json"
    path.write_text(json.dumps(export_hsds(records)), encoding="utf-8")
    import_hsds(registry, json.loads(path.read_text(encoding="utf-8")), actor="tester")
    with registry.engine.connect() as conn:
        loaded = repo.load_shelters(conn)
    assert normalised(loaded) == normalised(records)
    assert normalised(parse_hsds(export_hsds(loaded))) == normalised(records)


def test_rejected_csv_leaves_db_unchanged(registry):
    import_records(registry, sample_shelters(NOW)[:3], actor="tester")
    before = db_state(registry)
    rows = csv_lines(sample_shelters(NOW))
    rows[2][rows[0].index("min_age")] = "achttien"      # line 3
    rows[10][rows[0].index("ggz_partner")] = "misschien"  # line 11
    errors = rejected(import_csv, registry, to_csv(rows), "tester")
    assert [e.split(":")[0] for e in errors] == ["line 3", "line 11"]
    assert db_state(registry) == before


def test_rejected_hsds_leaves_db_unchanged(registry):
    before = db_state(registry)
    document = export_hsds(sample_shelters(NOW))
    document["services"][1]["x_opvanglijn"]["policy"]["min_age"] = "18"
    document["services"][4]["capacities"][0]["available"] = -1
    errors = rejected(import_hsds, registry, document, "tester")
    assert [e.split(":")[0] for e in errors] == ["services[1].x_opvanglijn.policy.min_age",
                                                "services[4].capacities[0].available"]
    assert db_state(registry) == before


def test_import_is_all_or_nothing(registry):
    before = db_state(registry)
    good, other = sample_shelters(NOW)[:2]
    bad = replace(other, municipality="GM9999")
    errors = rejected(import_records, registry, [good, bad], "tester")
    assert errors == ["shelter 'cosm-oost': municipality: unknown municipality code 'GM9999'; "
                      "use a CBS code such as GM0363"]
    assert rejected(import_records, registry, [good, good], "tester") == [
        "shelter 'cosm-noord': duplicate code (records 1 and 2)"]
    assert db_state(registry) == before
