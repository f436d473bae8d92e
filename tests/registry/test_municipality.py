"""Tests for bot.registry.municipality: reference data, place lookup and the Lenferink function (domain.md 4)."""
import csv
import re

import pytest

from bot.registry.municipality import (
    DATA_FILE, DUTIES, POLICE_UNITS, PROVINCES, ResponsibilityCase, by_code, distance_km, municipalities,
    resolve_area, resolve_place, responsible_party,
)

AMS, ROT, DH, UTR, ARN, ZWO, VLO, GRO = "GM0363", "GM0599", "GM0518", "GM0344", "GM0202", "GM0193", "GM0983", "GM0014"
MAA, EHV, ZTM = "GM0935", "GM0772", "GM0637"


# --- reference data ----------------------------------------------------------------------------------

def test_every_row_is_valid():
    with DATA_FILE.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        assert reader.fieldnames == ["code", "name", "province", "police_unit", "lat", "lon"]
        rows = list(reader)
    assert 340 <= len(rows) <= 345
    assert len({r["code"] for r in rows}) == len(rows)
    assert len({r["name"] for r in rows}) == len(rows)
    for r in rows:
        assert re.fullmatch(r"GM\d{4}", r["code"]), r
        assert r["province"] in PROVINCES, r
        assert r["police_unit"] in POLICE_UNITS, r
        assert 50.7 <= float(r["lat"]) <= 53.6, r
        assert 3.3 <= float(r["lon"]) <= 7.3, r
    assert {r["province"] for r in rows} == set(PROVINCES)
    assert {r["police_unit"] for r in rows} == set(POLICE_UNITS)


def test_known_codes_and_recent_mergers():
    expected = {AMS: "Amsterdam", ROT: "Rotterdam", DH: "'s-Gravenhage", UTR: "Utrecht", ARN: "Arnhem",
                ZWO: "Zwolle", VLO: "Venlo", GRO: "Groningen"}
    for code, name in expected.items():
        assert by_code(code).name == name
    names = {m.name for m in municipalities()}
    assert {"Dijk en Waard", "Land van Cuijk", "Maashorst", "Voorne aan Zee"} <= names
    assert not {"Weesp", "Brielle", "Hellevoetsluis", "Westvoorne", "Heerhugowaard", "Uden"} & names
    assert by_code("gm0363") == by_code("0363") == by_code(AMS)
    assert by_code(AMS).region == "Amsterdam"
    with pytest.raises(ValueError, match="GM9999"):
        by_code("GM9999")


@pytest.mark.parametrize("text, name", [
    ("Amsterdam", "Amsterdam"),
    ("den haag", "'s-Gravenhage"),
    ("The Hague", "'s-Gravenhage"),
    ("'s-Gravenhage", "'s-Gravenhage"),
    ("Den Bosch", "'s-Hertogenbosch"),
    ("'s-Hertogenbosch", "'s-Hertogenbosch"),
    ("Bergen op zoom", "Bergen op Zoom"),
    ("Súdwest-Fryslân", "Súdwest-Fryslân"),
    ("sudwest fryslan", "Súdwest-Fryslân"),
    ("Hengelo", "Hengelo (O.)"),
    ("Bergen NH", "Bergen (NH.)"),
    ("gemeente Utrecht", "Utrecht"),
    ("Amsterdm", "Amsterdam"),  # one typo
    ("Rotetrdam", "Rotterdam"),  # adjacent letters swapped
    ("Zaandam", "Zaanstad"),  # town inside a municipality
    ("Hellevoetsluis", "Voorne aan Zee"),  # merged in 2023
])
def test_resolve_place(text, name):
    place = resolve_place(text)
    assert place is not None and place.name == name


@pytest.mark.parametrize("text", ["hello", "", "Bergen", "Zwole", "Paris"])
def test_resolve_place_unknown_or_ambiguous(text):
    assert resolve_place(text) is None


def test_resolve_area():
    limburg = resolve_area("Limburg")
    assert limburg is not None and {VLO, MAA} <= limburg and AMS not in limburg
    assert resolve_area("North Holland") == resolve_area("Noord-Holland")
    assert AMS in resolve_area("Noord-Holland") and len(resolve_area("Noord-Holland")) == 44
    assert resolve_area("Friesland") == resolve_area("Fryslân") and len(resolve_area("Friesland")) == 18
    assert resolve_area("Amsterdam") == {AMS}
    assert resolve_area("eenheid Amsterdam") == {AMS, "GM0362", "GM0358", "GM0384", "GM0437", "GM0451"}
    assert EHV in resolve_area("Oost-Brabant") and "GM0758" not in resolve_area("Oost-Brabant")
    assert resolve_area("gemeente Utrecht") == {UTR} and len(resolve_area("Utrecht")) == 26
    assert resolve_area("the moon") is None


def test_distance():
    assert 150 <= distance_km(by_code(AMS), by_code(MAA)) <= 220
    assert distance_km(by_code(AMS), by_code(AMS)) == 0


# --- responsibility: domain.md 4.4 -------------------------------------------------------------------

CASES = {
    "M1 registered Rotterdam, placed Amsterdam": (
        ResponsibilityCase("vrouwenopvang", AMS, False, "dutch", brp_municipality=ROT),
        "Rotterdam", ROT, {"A1", "A4", "A5", "A6"}, False, {ROT, AMS}),
    "M2 woonplaats Utrecht, found Arnhem": (
        ResponsibilityCase(residence_status="dutch", woonplaats=UTR, found_municipalities=(ARN,)),
        "Utrecht", UTR, {"A1"}, False, {UTR, ARN}),
    "M3 no woonplaats, found Arnhem": (
        ResponsibilityCase(residence_status="dutch", found_municipalities=(ARN,)),
        "Arnhem", ARN, {"A1", "A2", "A8"}, False, {ARN}),
    "M4 found Arnhem, later Zwolle": (
        ResponsibilityCase(residence_status="dutch", found_municipalities=(ARN, ZWO)),
        "Zwolle", ZWO, {"A1", "A2", "A3", "A8"}, True, {ARN, ZWO}),
    "M5 Sanne before registration": (
        ResponsibilityCase("maatschappelijke_opvang", ZWO, False, "dutch", brp_municipality=ZTM),
        "Zoetermeer", ZTM, {"A1", "A4", "A5", "A6"}, False, {ZTM, ZWO}),
    "M5 Sanne after registration in host": (
        ResponsibilityCase("maatschappelijke_opvang", ZWO, False, "dutch", brp_municipality=ZTM,
                           registered_after_placement=ZWO),
        "Zwolle", ZWO, {"A1", "A4", "A5", "A11"}, False, {ZTM, ZWO}),
    "M6 adult without residence in COSM": (
        ResponsibilityCase("cosm", None, False, "no_lawful_residence", found_municipalities=(ROT,)),
        "CoMensha", "CoMensha", {"A10"}, False, set()),
    "M7 Dublin claimant": (
        ResponsibilityCase(None, None, False, "dublin_indication", found_municipalities=(ROT,)),
        "COA (AZC)", "COA (AZC)", {"A10"}, False, set()),
    "M7 Dublin claimant proposed for COSM": (
        ResponsibilityCase("cosm", None, False, "dublin_indication"),
        "COA (AZC)", "COA (AZC)", {"A10"}, True, set()),
    "M8 unaccompanied minor without status": (
        ResponsibilityCase("bo", None, True, "no_lawful_residence", found_municipalities=(AMS,)),
        "Nidos + COA (BO)", "Nidos + COA (BO)", {"A10"}, False, set()),
    "M9 impasse after supra-regional placement": (
        ResponsibilityCase("vrouwenopvang", GRO, False, "eu_union_rights", brp_municipality=EHV),
        "Eindhoven", EHV, {"A1", "A4", "A5", "A6", "A9"}, False, {EHV, GRO}),
}


@pytest.mark.parametrize("case, party, duty_holder, codes, human, candidates", CASES.values(), ids=list(CASES))
def test_responsible_party(case, party, duty_holder, codes, human, candidates):
    result = responsible_party(case)
    assert result.party == party
    assert result.duties == {duty: duty_holder for duty in DUTIES}
    assert set(result.ambiguity_codes) == codes
    assert result.needs_human_decision is human
    assert set(result.candidates) == candidates
    assert result.level == ("municipal" if duty_holder.startswith("GM") else "national")
    assert result.municipality_code == (duty_holder if result.level == "municipal" else None)
    assert all(a.text.endswith(".") for a in result.ambiguities)


def test_rules_named():
    assert responsible_party(CASES["M2 woonplaats Utrecht, found Arnhem"][0]).rule.startswith("lenferink_1")
    assert responsible_party(CASES["M3 no woonplaats, found Arnhem"][0]).rule.startswith("lenferink_2")
    assert responsible_party(CASES["M1 registered Rotterdam, placed Amsterdam"][0]).rule.startswith("lenferink_3")


def test_minor_crisis_and_nothing_known():
    minor = responsible_party(ResponsibilityCase("crisis", None, True, "dutch", brp_municipality=UTR))
    assert minor.party == "Utrecht" and {"A7", "A12"} <= set(minor.ambiguity_codes) and minor.needs_human_decision
    unknown = responsible_party(ResponsibilityCase(residence_status="unknown"))
    assert unknown.municipality_code is None and unknown.needs_human_decision
    assert {"A1", "A2", "A10"} <= set(unknown.ambiguity_codes)


def test_invalid_input_is_rejected():
    with pytest.raises(ValueError, match="brp_municipality.*GM9999"):
        responsible_party(ResponsibilityCase(residence_status="dutch", brp_municipality="GM9999"))
    with pytest.raises(ValueError, match="residence_status"):
        responsible_party(ResponsibilityCase(residence_status="tourist"))
    with pytest.raises(ValueError, match="placement_type"):
        responsible_party(ResponsibilityCase(placement_type="hotel", residence_status="dutch"))
