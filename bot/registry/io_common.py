"""Shared parts of the registry file formats (CSV in `io_csv`, HSDS JSON in `io_hsds`).

The field tables `RECORD_FIELDS` and `POLICY_FIELDS` are derived from the `ShelterRecord` and
`Policy` dataclasses, so a new policy attribute becomes a CSV column and an HSDS extension key
without touching the formats. Each format turns its own text or JSON into Python values; the rules
that apply after that (vocabularies, limits, municipality codes, free <= capacity) live here, so both
formats accept and reject the same things.

Parsers collect every problem and raise one `ImportRejected`. `import_records` writes a parsed
batch in a single transaction, so an import is all or nothing.
"""
from __future__ import annotations

import re
import types
from dataclasses import dataclass, fields
from datetime import datetime, timezone
from typing import (
    TYPE_CHECKING, Any, Dict, List, Optional, Sequence, Tuple, Union, get_args, get_origin, get_type_hints,
)

from sqlalchemy import insert, select

from bot.registry import orm, repository as repo
from bot.registry.db import utcnow, writer
from bot.registry.model import (
    BED_KINDS, EXPERTISE_LEVELS, EXPLOITATION_FORMS, GENDERS, PLACEMENT_AUTHORITIES, RESIDENCE_STATUSES,
    SHELTER_TYPES, Bed, Policy, ShelterRecord,
)
from bot.registry.municipality import by_code

if TYPE_CHECKING:  # pragma: no cover
    from bot.registry.service import Registry

# Never in a file: `id` is the position in the file, `region` follows from the municipality.
DERIVED_FIELDS = frozenset({"id", "region"})
NESTED_FIELDS = frozenset({"policy", "beds"})
Problem = Tuple[Optional[str], str]  # (field name or None for the whole item, plain-words message)


class ImportRejected(ValueError):
    """A file was refused as a whole; `errors` names every problem with its line or JSON path."""

    def __init__(self, errors: Sequence[str]):
        self.errors: List[str] = list(errors)
        super().__init__(f"import rejected, nothing was written ({len(self.errors)} problem(s)):\n"
                         + "\n".join(self.errors))


@dataclass(frozen=True)
class FieldSpec:
    """One value in a file: `kind` is bool, int, text, set or datetime; `optional` means None is allowed."""

    name: str
    kind: str
    optional: bool = False


# Closed vocabularies, with the words used in error messages.
VOCABULARIES: Dict[str, Tuple[str, Tuple[str, ...]]] = {
    "type": ("shelter type", SHELTER_TYPES),
    "placement_authority": ("placement authority", PLACEMENT_AUTHORITIES),
    "trafficking_expertise": ("expertise level", EXPERTISE_LEVELS),
    "genders_accepted": ("gender", GENDERS),
    "residence_statuses_accepted": ("residence status", RESIDENCE_STATUSES),
    "exploitation_forms_accepted": ("exploitation form", EXPLOITATION_FORMS),
}
_LIMITS = {"min_age": (0, 120), "max_age": (0, 120), "max_stay_days": (1, 3650)}  # other ints: 0 or more
_LENGTHS = {"code": 40, "name": 160, "operator": 120, "phone_for_professionals": 32, "updated_by": 80}
_PATTERNS = {
    "code": (re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*"), "letters, digits, '-', '_' or '.', without spaces"),
    "phone_for_professionals": (re.compile(r"\+?[0-9][0-9 ()-]*"), "a phone number such as +31201234567"),
}
_LANGUAGE = re.compile(r"[a-z]{2,3}")
_DATETIME_HINT = "an ISO 8601 date and time in UTC such as 2025-03-01T14:00:00Z"
_FRACTION = re.compile(r"(T\d{2}:\d{2}:\d{2})[.,](\d+)")


def _spec(name: str, annotation: Any) -> FieldSpec:
    optional = False
    if get_origin(annotation) in (Union, types.UnionType) and type(None) in get_args(annotation):
        rest = [a for a in get_args(annotation) if a is not type(None)]
        annotation, optional = (rest[0] if len(rest) == 1 else annotation), True
    if annotation is bool:
        return FieldSpec(name, "bool", optional)
    if annotation is int:
        return FieldSpec(name, "int", optional)
    if annotation is str:
        return FieldSpec(name, "text", optional)
    if get_origin(annotation) is frozenset and get_args(annotation) == (str,):
        return FieldSpec(name, "set", optional)
    raise TypeError(f"io_common has no file representation for field {name!r} of type {annotation!r}")


def _specs(cls: type, skip: frozenset = frozenset()) -> Tuple[FieldSpec, ...]:
    hints = get_type_hints(cls)
    return tuple(_spec(f.name, hints[f.name]) for f in fields(cls) if f.name not in skip)


RECORD_FIELDS: Tuple[FieldSpec, ...] = _specs(ShelterRecord, DERIVED_FIELDS | NESTED_FIELDS)
POLICY_FIELDS: Tuple[FieldSpec, ...] = _specs(Policy)
BED_FIELDS: Tuple[FieldSpec, ...] = (
    FieldSpec("capacity", "int"), FieldSpec("free", "int"), FieldSpec("updated_at", "datetime"),
    FieldSpec("updated_by", "text"),
)
if {s.name for s in RECORD_FIELDS} & {s.name for s in POLICY_FIELDS}:  # pragma: no cover - model guard
    raise TypeError("a ShelterRecord field and a Policy field share a name; the CSV columns would collide")


# --- dates ------------------------------------------------------------------------------------------

def format_datetime(value: datetime) -> str:
    """ISO 8601 in UTC with a `Z`; a naive datetime is taken to be UTC already (as the database does)."""
    value = value.replace(tzinfo=timezone.utc) if value.tzinfo is None else value.astimezone(timezone.utc)
    return value.isoformat().replace("+00:00", "Z")


def parse_datetime(text: str) -> datetime:
    """An aware UTC datetime from ISO 8601 text with a time zone (`Z` or `+01:00`); raises ValueError."""
    raw = text.strip()
    normalised = raw[:-1] + "+00:00" if raw[-1:] in ("Z", "z") else raw
    normalised = _FRACTION.sub(lambda m: f"{m.group(1)}.{m.group(2)[:6].ljust(6, '0')}", normalised)
    try:
        value = datetime.fromisoformat(normalised)
    except ValueError:
        raise ValueError(f"expected {_DATETIME_HINT}, got {text!r}") from None
    if value.tzinfo is None:
        raise ValueError(f"{text!r} has no time zone; write {_DATETIME_HINT} (Z means UTC)")
    return value.astimezone(timezone.utc)


# --- checks shared by both formats ------------------------------------------------------------------

def check_value(spec: FieldSpec, value: Any) -> Any:
    """Apply the format-independent rules to a value already converted from text or JSON.

    Returns the normalised value (stripped text, canonical municipality code) or raises ValueError
    with a plain-words message.
    """
    if value is None:
        if spec.optional:
            return None
        raise ValueError("a value is required")
    if spec.kind == "int":
        low, high = _LIMITS.get(spec.name, (0, None))
        if value < low:
            raise ValueError(f"must not be negative, got {value}" if low == 0
                             else f"must be at least {low}, got {value}")
        if high is not None and value > high:
            raise ValueError(f"must be at most {high}, got {value}")
    elif spec.kind == "text":
        value = value.strip()
        if not value:
            raise ValueError("a value is required")
        if len(value) > _LENGTHS.get(spec.name, 200):
            raise ValueError(f"is longer than {_LENGTHS.get(spec.name, 200)} characters")
        if spec.name in _PATTERNS and not _PATTERNS[spec.name][0].fullmatch(value):
            raise ValueError(f"{value!r} is not valid: use {_PATTERNS[spec.name][1]}")
        if spec.name == "municipality":
            try:
                value = by_code(value).code
            except ValueError:
                raise ValueError(f"unknown municipality code {value!r}; use a CBS code such as GM0363") from None
        if spec.name in VOCABULARIES and value not in VOCABULARIES[spec.name][1]:
            label, words = VOCABULARIES[spec.name]
            raise ValueError(f"unknown {label} {value!r}; expected one of {', '.join(words)}")
    elif spec.kind == "set":
        if spec.name in VOCABULARIES:
            label, words = VOCABULARIES[spec.name]
            unknown = sorted(set(value) - set(words))
            if unknown:
                raise ValueError(f"unknown {label}(s) {', '.join(map(repr, unknown))}; "
                                 f"expected any of {', '.join(words)}")
        if spec.name == "staff_languages":
            bad = sorted(v for v in value if not _LANGUAGE.fullmatch(v))
            if bad:
                raise ValueError(f"not a language code: {', '.join(map(repr, bad))}; use lowercase ISO 639 codes "
                                 f"such as nl, en")
        value = frozenset(value)
    return value


def check_fields(specs: Sequence[FieldSpec], raw: Dict[str, Any], convert) -> Tuple[Dict[str, Any], List[Problem]]:
    """Convert and check every field of `raw` with `convert(spec, raw_value)`; collect all problems."""
    values: Dict[str, Any] = {}
    problems: List[Problem] = []
    for spec in specs:
        try:
            values[spec.name] = check_value(spec, convert(spec, raw[spec.name]))
        except ValueError as exc:
            values[spec.name] = None
            problems.append((spec.name, str(exc)))
    return values, problems


def policy_problems(policy: Dict[str, Any]) -> List[Problem]:
    """Rules that involve more than one policy field."""
    low, high = policy.get("min_age"), policy.get("max_age")
    if isinstance(low, int) and isinstance(high, int) and high < low:
        return [("max_age", f"max_age {high} is below min_age {low}")]
    return []


def bed_problems(kind: str, bed: Dict[str, Any]) -> List[Problem]:
    """Rules that involve more than one bed field (the single fields were checked by `check_fields`)."""
    capacity, free = bed.get("capacity"), bed.get("free")
    if isinstance(capacity, int) and isinstance(free, int) and free > capacity:
        return [(None, f"{free} free {kind} beds is more than the capacity of {capacity}")]
    return []


def build_record(index: int, values: Dict[str, Any], policy: Dict[str, Any],
                 beds: Dict[str, Dict[str, Any]]) -> ShelterRecord:
    """A ShelterRecord from checked values; `id` is the position in the file, `region` the police unit."""
    return ShelterRecord(
        id=index, region=by_code(values["municipality"]).police_unit, policy=Policy(**policy),
        beds=tuple(Bed(kind, **beds[kind]) for kind in BED_KINDS if kind in beds), **values,
    )


def identity(spec: FieldSpec, value: Any) -> Any:
    """The converter for values that are already Python values (records built in code)."""
    return value


def record_problems(record: ShelterRecord) -> List[str]:
    """Check a ShelterRecord built in code (not parsed) against the same rules as the file formats."""
    _, problems = check_fields(RECORD_FIELDS, {s.name: getattr(record, s.name) for s in RECORD_FIELDS}, identity)
    policy, more = check_fields(POLICY_FIELDS, {s.name: getattr(record.policy, s.name) for s in POLICY_FIELDS},
                                identity)
    problems += more + policy_problems(policy)
    for bed in record.beds:
        if bed.kind not in BED_KINDS:
            problems.append((None, f"unknown bed kind {bed.kind!r}; expected one of {', '.join(BED_KINDS)}"))
            continue
        checked, more = check_fields(BED_FIELDS, vars(bed), identity)
        problems += [(f"{bed.kind} {name}" if name else None, msg)
                     for name, msg in more + bed_problems(bed.kind, checked)]
    return [f"shelter {record.code!r}: " + (f"{name}: {msg}" if name else msg) for name, msg in problems]


# --- writing ----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class ImportResult:
    """Codes of the shelters an import created and replaced, and the registry revision afterwards."""

    created: Tuple[str, ...]
    updated: Tuple[str, ...]
    revision: int


def import_records(registry: "Registry", records: Sequence[ShelterRecord], actor: str,
                   source: str = "file") -> ImportResult:
    """Write `records` (matched on code) in ONE transaction: upserts, one audit row each, one revision bump.

    Everything is checked first; on any problem `ImportRejected` is raised and nothing is written.
    Shelters and bed kinds that are in the registry but not in `records` are left as they are.
    """
    errors = [e for record in records for e in record_problems(record)]
    seen: Dict[str, int] = {}
    for position, record in enumerate(records, start=1):
        if record.code in seen:
            errors.append(f"shelter {record.code!r}: duplicate code (records {seen[record.code]} and {position})")
        seen.setdefault(record.code, position)
    if not records:
        errors.append("nothing to import: no shelters were given")
    if errors:
        raise ImportRejected(errors)
    created: List[str] = []
    updated: List[str] = []
    now = utcnow()
    with writer(registry.engine).begin() as conn:
        for record in records:
            exists = conn.execute(select(orm.shelters.c.id).where(orm.shelters.c.code == record.code)).first()
            repo.upsert_shelter(conn, record)
            (updated if exists else created).append(record.code)
            conn.execute(insert(orm.audit_log).values(
                at=now, actor=actor, action="import", entity="shelter", entity_id=record.code,
                detail={"source": source, "created": not exists,
                        "beds": {b.kind: {"capacity": b.capacity, "free": b.free} for b in record.beds}}))
        repo.bump_revision(conn)
        revision = repo.current_revision(conn)
    return ImportResult(tuple(created), tuple(updated), revision)
