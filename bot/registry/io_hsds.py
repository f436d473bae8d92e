"""Open Referral HSDS 3.x JSON import and export of the registry (docs/registry-formats.md).

A shelter becomes an HSDS `service` (name, status, description, `phones`, `languages` and one
`capacities` entry per bed kind), its operator an `organization`, and its municipality a `location`
linked through `service_at_locations`. Locations never carry a street address: shelter addresses are
confidential, so a location is only the municipality (name, CBS code in `external_identifier`).
What HSDS has no field for (code, type, admission policy, ...) is in the service's `x_opvanglijn`
extension object; a bed count's `updated_by` in the capacity's. Ids are UUIDv5 values derived from
codes and names, so exporting the same registry twice gives the same ids.
"""
from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Any, Dict, Iterable, List, Optional, Tuple

from bot.registry.io_common import (
    BED_FIELDS, POLICY_FIELDS, RECORD_FIELDS, FieldSpec, ImportRejected, ImportResult, bed_problems, build_record,
    check_fields, format_datetime, import_records, parse_datetime, policy_problems,
)
from bot.registry.model import BED_KINDS, ShelterRecord
from bot.registry.municipality import by_code

if TYPE_CHECKING:  # pragma: no cover
    from bot.registry.service import Registry

HSDS_VERSION = "3.1"  # service capacities and units were added to HSDS in 3.1
FORMAT_VERSION = 1
EXTENSION = "x_opvanglijn"
MUNICIPALITY_SCHEME = "cbs_gemeentecode"
BED_KIND_SCHEME = "opvanglijn_bed_kind"
# Record fields with a native HSDS home; every other record field goes into the service extension.
NATIVE_FIELDS = frozenset({"name", "operator", "municipality", "phone_for_professionals", "staff_languages"})
EXTENSION_FIELDS: Tuple[FieldSpec, ...] = tuple(s for s in RECORD_FIELDS if s.name not in NATIVE_FIELDS)
_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://opvanglijn.invalid/hsds")
_MISSING = object()  # a key that is absent, as opposed to null


def _id(*parts: str) -> str:
    return str(uuid.uuid5(_NAMESPACE, "/".join(parts)))


def to_json(spec: FieldSpec, value: Any) -> Any:
    """The JSON value of one field: sets become sorted lists, datetimes ISO 8601 UTC text."""
    if isinstance(value, frozenset):
        return sorted(value)
    if spec.kind == "datetime" and value is not None:
        return format_datetime(value)
    return value


def from_json(spec: FieldSpec, value: Any) -> Any:
    """The Python value of one JSON field; raises ValueError with a plain-words message."""
    if value is _MISSING:
        raise ValueError("missing")
    if value is None:
        return None
    if spec.kind == "bool" and not isinstance(value, bool):
        raise ValueError(f"expected true or false, got {value!r}")
    if spec.kind == "int":
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValueError(f"expected a whole number, got {value!r}")
    if spec.kind in ("text", "datetime") and not isinstance(value, str):
        raise ValueError(f"expected text, got {value!r}")
    if spec.kind == "datetime":
        return parse_datetime(value)
    if spec.kind == "set":
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ValueError(f"expected a list of text values, got {value!r}")
        return frozenset(v.strip() for v in value)
    return value


# --- export -------------------------------------------------------------------------------------------

def _service(record: ShelterRecord, organization_id: str) -> dict:
    sid = _id("service", record.code)
    place = by_code(record.municipality).name
    fictional = "FICTIONAL record. " if record.fictional else ""
    extension = {s.name: to_json(s, getattr(record, s.name)) for s in EXTENSION_FIELDS}
    extension["policy"] = {s.name: to_json(s, getattr(record.policy, s.name)) for s in POLICY_FIELDS}
    return {
        "id": sid, "organization_id": organization_id, "name": record.name, "status": "active",
        "description": f"{fictional}Shelter ({record.type}) in the municipality of {place}. The street address is "
                       f"confidential and never published; admission policy in {EXTENSION}.",
        "phones": [{"id": _id("phone", record.code), "number": record.phone_for_professionals, "type": "voice",
                    "description": "For professionals only (police, care coordinators); not for the public."}],
        "languages": [{"id": _id("language", record.code, code), "service_id": sid, "code": code}
                      for code in sorted(record.staff_languages)],
        "capacities": [{
            "id": _id("capacity", record.code, bed.kind), "service_id": sid,
            "unit": {"id": _id("unit", bed.kind), "name": f"{bed.kind} bed", "scheme": BED_KIND_SCHEME,
                     "identifier": bed.kind},
            "available": bed.free, "maximum": bed.capacity, "description": f"{bed.kind} beds",
            "updated": format_datetime(bed.updated_at), EXTENSION: {"updated_by": bed.updated_by},
        } for bed in record.beds],
        EXTENSION: extension,
    }


def export_hsds(records: Iterable[ShelterRecord]) -> dict:
    """An HSDS document: organizations, services, locations (municipalities only) and their links."""
    organizations: Dict[str, dict] = {}
    locations: Dict[str, dict] = {}
    services: List[dict] = []
    links: List[dict] = []
    for record in records:
        organization = organizations.setdefault(record.operator, {
            "id": _id("organization", record.operator), "name": record.operator,
            "description": f"Operator of shelters in the Opvanglijn registry: {record.operator}."})
        municipality = by_code(record.municipality)
        location = locations.setdefault(municipality.code, {
            "id": _id("location", municipality.code), "location_type": "physical",
            "name": f"Gemeente {municipality.name}",
            "description": "Municipality only: shelter street addresses are confidential and never published.",
            "external_identifier": municipality.code, "external_identifier_type": MUNICIPALITY_SCHEME})
        service = _service(record, organization["id"])
        services.append(service)
        links.append({"id": _id("service_at_location", record.code), "service_id": service["id"],
                      "location_id": location["id"]})
    return {
        EXTENSION: {"format_version": FORMAT_VERSION, "hsds_version": HSDS_VERSION,
                    "notice": "Street addresses are confidential and never exported."},
        "organizations": list(organizations.values()), "services": services,
        "locations": list(locations.values()), "service_at_locations": links,
    }


# --- import -------------------------------------------------------------------------------------------

def _objects(data: dict, key: str, errors: List[str]) -> List[Tuple[str, dict]]:
    """(path, object) for every object of a top-level list; missing lists and non-objects are errors."""
    items = data.get(key, _MISSING)
    if not isinstance(items, list):
        errors.append(f"{key}: {'missing' if items is _MISSING else 'must be a list'}; expected a list of {key}")
        return []
    found = []
    for i, item in enumerate(items):
        if isinstance(item, dict):
            found.append((f"{key}[{i}]", item))
        else:
            errors.append(f"{key}[{i}]: expected an object, got {item!r}")
    return found


def _by_id(items: List[Tuple[str, dict]], errors: List[str]) -> Dict[str, Tuple[str, dict]]:
    index: Dict[str, Tuple[str, dict]] = {}
    for path, item in items:
        key = item.get("id")
        if not isinstance(key, str) or not key:
            errors.append(f"{path}.id: missing; every object needs an id")
        elif key in index:
            errors.append(f"{path}.id: duplicate id {key!r} (also {index[key][0]})")
        else:
            index[key] = (path, item)
    return index


class _Service:
    """Reads one HSDS service into checked values, recording problems with their JSON paths."""

    def __init__(self, path: str, service: dict, errors: List[str]):
        self.path, self.service, self.errors = path, service, errors

    def report(self, base: str, problems: List[Tuple[Optional[str], str]]) -> None:
        self.errors.extend(f"{base}.{name}: {msg}" if name else f"{base}: {msg}" for name, msg in problems)

    def extension(self) -> Tuple[dict, dict]:
        ext = self.service.get(EXTENSION)
        if not isinstance(ext, dict):
            self.errors.append(f"{self.path}.{EXTENSION}: missing; it holds the code, type and admission policy")
            return {}, {}
        policy = ext.get("policy")
        if not isinstance(policy, dict):
            self.errors.append(f"{self.path}.{EXTENSION}.policy: missing; expected the admission policy object")
            policy = {}
        for extra in sorted(set(ext) - {s.name for s in EXTENSION_FIELDS} - {"policy"}):
            self.errors.append(f"{self.path}.{EXTENSION}.{extra}: unknown field")
        for extra in sorted(set(policy) - {s.name for s in POLICY_FIELDS}):
            self.errors.append(f"{self.path}.{EXTENSION}.policy.{extra}: unknown field")
        return ext, policy

    def beds(self) -> Dict[str, dict]:
        capacities = self.service.get("capacities", [])
        if not isinstance(capacities, list):
            self.errors.append(f"{self.path}.capacities: must be a list")
            return {}
        beds: Dict[str, dict] = {}
        for j, cap in enumerate(capacities):
            path = f"{self.path}.capacities[{j}]"
            if not isinstance(cap, dict):
                self.errors.append(f"{path}: expected an object, got {cap!r}")
                continue
            unit = cap.get("unit") if isinstance(cap.get("unit"), dict) else {}
            kind = unit.get("identifier")
            if kind not in BED_KINDS:
                self.errors.append(f"{path}.unit.identifier: unknown bed kind {kind!r}; expected one of "
                                   f"{', '.join(BED_KINDS)}")
                continue
            if kind in beds:
                self.errors.append(f"{path}: a second capacity for {kind} beds; give each bed kind once")
                continue
            ext = cap.get(EXTENSION) if isinstance(cap.get(EXTENSION), dict) else {}
            raw = {"capacity": cap.get("maximum", _MISSING), "free": cap.get("available", _MISSING),
                   "updated_at": cap.get("updated", _MISSING), "updated_by": ext.get("updated_by", _MISSING)}
            bed, problems = check_fields(BED_FIELDS, raw, from_json)
            names = {"capacity": "maximum", "free": "available", "updated_at": "updated",
                     "updated_by": f"{EXTENSION}.updated_by"}
            self.report(path, [(names[n], msg) for n, msg in problems] + bed_problems(kind, bed))
            beds[kind] = bed
        return beds


def _parse_service(path: str, service: dict, orgs: dict, locations: dict, links: dict,
                   index: int, errors: List[str]) -> Optional[ShelterRecord]:
    before = len(errors)
    reader = _Service(path, service, errors)
    status = service.get("status", _MISSING)
    if status != "active":
        errors.append(f"{path}.status: " + ("missing; expected 'active'" if status is _MISSING
                                            else f"only active services can be imported, got {status!r}"))
    ext, policy_raw = reader.extension()
    raw: Dict[str, Any] = {s.name: ext.get(s.name, _MISSING) for s in EXTENSION_FIELDS}
    raw["name"] = service.get("name", _MISSING)
    # Without the extension object its fields are not reported one by one (one error says it is missing).
    where = {s.name: f"{path}.{EXTENSION}.{s.name}" if ext else "" for s in EXTENSION_FIELDS}
    where["name"] = f"{path}.name"
    org = orgs.get(service.get("organization_id"))
    if org is None:
        errors.append(f"{path}.organization_id: no organization with id {service.get('organization_id')!r}")
    raw["operator"], where["operator"] = (org[1].get("name", _MISSING), f"{org[0]}.name") if org else (None, "")
    linked = links.get(service.get("id"), [])
    if len(linked) != 1:
        errors.append(f"{path}: linked to {len(linked)} locations by service_at_locations; a shelter needs exactly "
                      f"one (its municipality)")
    location = locations.get(linked[0]) if len(linked) == 1 else None
    if len(linked) == 1 and location is None:  # a link to a location that is not in `locations`
        errors.append(f"{path}: its service_at_locations entry points to location {linked[0]!r}, which does not exist")
    if location is not None and location[1].get("external_identifier_type") != MUNICIPALITY_SCHEME:
        errors.append(f"{location[0]}.external_identifier_type: must be {MUNICIPALITY_SCHEME!r} (a CBS code)")
    raw["municipality"] = location[1].get("external_identifier", _MISSING) if location else None
    where["municipality"] = f"{location[0]}.external_identifier" if location else ""
    phones = service.get("phones")
    phone = phones[0] if isinstance(phones, list) and phones and isinstance(phones[0], dict) else {}
    raw["phone_for_professionals"] = phone.get("number", _MISSING)
    where["phone_for_professionals"] = f"{path}.phones[0].number"
    languages = service.get("languages", [])
    languages = languages if isinstance(languages, list) else [None]
    raw["staff_languages"] = [lang.get("code") if isinstance(lang, dict) else lang for lang in languages]
    where["staff_languages"] = f"{path}.languages"
    values, problems = check_fields(RECORD_FIELDS, raw, from_json)
    errors.extend(f"{where[name]}: {msg}" for name, msg in problems if where[name])
    policy, problems = check_fields(POLICY_FIELDS, {s.name: policy_raw.get(s.name, _MISSING) for s in POLICY_FIELDS},
                                    from_json)
    if policy_raw:
        reader.report(f"{path}.{EXTENSION}.policy", problems + policy_problems(policy))
    beds = reader.beds()
    return None if len(errors) > before else build_record(index, values, policy, beds)


def parse_hsds(data: Any) -> List[ShelterRecord]:
    """Read an HSDS document (as loaded by `json.load`); returns the shelters or raises `ImportRejected`."""
    if not isinstance(data, dict):
        raise ImportRejected(["document: expected a JSON object with organizations, services, locations and "
                              "service_at_locations"])
    errors: List[str] = []
    meta = data.get(EXTENSION, {})
    if isinstance(meta, dict) and meta.get("format_version", FORMAT_VERSION) != FORMAT_VERSION:
        errors.append(f"{EXTENSION}.format_version: this version reads format {FORMAT_VERSION}, "
                      f"got {meta.get('format_version')!r}")
    orgs = _by_id(_objects(data, "organizations", errors), errors)
    locations = _by_id(_objects(data, "locations", errors), errors)
    services = _objects(data, "services", errors)
    _by_id(services, errors)  # ids must be present and unique: service_at_locations refer to them
    links: Dict[Any, List[Any]] = {}
    for path, link in _objects(data, "service_at_locations", errors):
        links.setdefault(link.get("service_id"), []).append(link.get("location_id"))
    records: List[ShelterRecord] = []
    seen: Dict[str, str] = {}
    for path, service in services:
        code = (service.get(EXTENSION) or {}).get("code") if isinstance(service.get(EXTENSION), dict) else None
        if isinstance(code, str) and code.strip() in seen:
            errors.append(f"{path}.{EXTENSION}.code: duplicate code {code!r} (already used by {seen[code.strip()]})")
        elif isinstance(code, str):
            seen[code.strip()] = path
        record = _parse_service(path, service, orgs, locations, links, len(records) + 1, errors)
        if record is not None:
            records.append(record)
    if not services and not errors:
        errors.append("services: no services in the document; nothing to import")
    if errors:
        raise ImportRejected(list(dict.fromkeys(errors)))  # a shared location is reported once
    return records


def import_hsds(registry: "Registry", data: Any, actor: str) -> ImportResult:
    """Parse an HSDS document and write it to the registry in one transaction (nothing on any problem)."""
    return import_records(registry, parse_hsds(data), actor, source="hsds")
