"""CSV import and export of shelters, admission policies and bed capacity (docs/registry-formats.md).

One row per shelter, comma-separated, UTF-8, header on line 1. Columns: every `ShelterRecord` field
except the derived `id` and `region`, every `Policy` field, then for each bed kind in `BED_KINDS`
`<kind>_capacity`, `<kind>_free`, `<kind>_updated_at` and `<kind>_updated_by`. Sets are
`;`-separated; booleans are `true`/`false`; an empty cell is None ("any") for optional fields, and
the word `none` is the empty set for an optional set. Open files with `newline=""`.
"""
from __future__ import annotations

import csv
from typing import TYPE_CHECKING, Any, Dict, Iterable, Iterator, List, Optional, TextIO, Tuple

from bot.registry.io_common import (
    BED_FIELDS, POLICY_FIELDS, RECORD_FIELDS, FieldSpec, ImportRejected, ImportResult, bed_problems, build_record,
    check_fields, format_datetime, import_records, parse_datetime, policy_problems,
)
from bot.registry.model import BED_KINDS, ShelterRecord

if TYPE_CHECKING:  # pragma: no cover
    from bot.registry.service import Registry

SET_SEPARATOR = ";"
EMPTY_SET = "none"  # an optional set that is empty (accepts nobody), as opposed to an empty cell (any)
BED_COLUMNS: Tuple[str, ...] = tuple(f"{kind}_{spec.name}" for kind in BED_KINDS for spec in BED_FIELDS)
COLUMNS: Tuple[str, ...] = (tuple(s.name for s in RECORD_FIELDS) + tuple(s.name for s in POLICY_FIELDS)
                            + BED_COLUMNS)
__all__ = ["COLUMNS", "ImportRejected", "export_csv", "parse_csv", "import_csv"]


# --- values <-> cells ---------------------------------------------------------------------------------

def to_cell(spec: FieldSpec, value: Any) -> str:
    """The CSV text of one value."""
    if value is None:
        return ""
    if spec.kind == "bool":
        return "true" if value else "false"
    if spec.kind == "set":
        if not value and spec.optional:
            return EMPTY_SET
        return SET_SEPARATOR.join(sorted(value))
    if spec.kind == "datetime":
        return format_datetime(value)
    return str(value)


def from_cell(spec: FieldSpec, cell: str) -> Any:
    """The Python value of one cell; raises ValueError with a plain-words message."""
    text = cell.strip()
    if spec.kind == "set":
        if not text:
            return None if spec.optional else frozenset()
        if spec.optional and text.lower() == EMPTY_SET:
            return frozenset()
        return frozenset(part.strip() for part in text.split(SET_SEPARATOR) if part.strip())
    if not text:
        return None
    if spec.kind == "bool":
        if text.lower() not in ("true", "false"):
            raise ValueError(f"expected true or false, got {text!r}")
        return text.lower() == "true"
    if spec.kind == "int":
        try:
            return int(text)
        except ValueError:
            raise ValueError(f"expected a whole number, got {text!r}") from None
    if spec.kind == "datetime":
        return parse_datetime(text)
    return text


# --- export -------------------------------------------------------------------------------------------

def to_row(record: ShelterRecord) -> List[str]:
    """The cells of one shelter, in `COLUMNS` order."""
    row = [to_cell(s, getattr(record, s.name)) for s in RECORD_FIELDS]
    row += [to_cell(s, getattr(record.policy, s.name)) for s in POLICY_FIELDS]
    beds = {bed.kind: bed for bed in record.beds}
    for kind in BED_KINDS:
        bed = beds.get(kind)
        row += [to_cell(s, getattr(bed, s.name)) if bed else "" for s in BED_FIELDS]
    return row


def export_csv(records: Iterable[ShelterRecord], stream: TextIO) -> int:
    """Write the header and one row per shelter to `stream`; returns the number of shelters written."""
    writer = csv.writer(stream)
    writer.writerow(COLUMNS)
    count = 0
    for record in records:
        writer.writerow(to_row(record))
        count += 1
    return count


# --- import -------------------------------------------------------------------------------------------

def _rows(stream: TextIO, errors: List[str]) -> Iterator[Tuple[int, List[str]]]:
    """(first line number, cells) of every row; a CSV syntax error is recorded and ends the file."""
    reader = csv.reader(stream)
    previous = 0
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            errors.append(f"line {reader.line_num}: the CSV cannot be read here ({exc}); nothing after it was checked")
            return
        yield previous + 1, cells
        previous = reader.line_num


def _check_header(header: List[str]) -> List[str]:
    if len(header) == 1 and SET_SEPARATOR in header[0]:
        return ["line 1: the columns are separated by ';'; save the file as comma-separated (,) CSV"]
    errors = []
    missing = [c for c in COLUMNS if c not in header]
    unknown = [c for c in header if c not in COLUMNS]
    doubled = sorted({c for c in header if header.count(c) > 1})
    if missing:
        errors.append(f"line 1: missing required column(s): {', '.join(missing)}")
    if unknown:
        errors.append(f"line 1: unknown column(s): {', '.join(map(repr, unknown))}")
    if doubled:
        errors.append(f"line 1: column(s) appear more than once: {', '.join(doubled)}")
    return errors


def _parse_row(row: Dict[str, str], line: int, index: int, errors: List[str]) -> Optional[ShelterRecord]:
    before = len(errors)

    def report(problems: List[Tuple[Optional[str], str]], prefix: str = "") -> None:
        errors.extend(f"line {line}: {prefix}{name}: {msg}" if name else f"line {line}: {msg}"
                      for name, msg in problems)

    values, problems = check_fields(RECORD_FIELDS, row, from_cell)
    report(problems)
    policy, problems = check_fields(POLICY_FIELDS, row, from_cell)
    report(problems + policy_problems(policy))
    beds: Dict[str, Dict[str, Any]] = {}
    for kind in BED_KINDS:
        cells = {spec.name: row[f"{kind}_{spec.name}"] for spec in BED_FIELDS}
        if not any(cell.strip() for cell in cells.values()):
            continue  # no beds of this kind
        empty = [f"{kind}_{name}" for name, cell in cells.items() if not cell.strip()]
        if empty:
            errors.append(f"line {line}: {kind} beds: {', '.join(empty)} is empty; fill in all four {kind}_ "
                          f"columns or leave all four empty")
            continue
        bed, problems = check_fields(BED_FIELDS, cells, from_cell)
        report(problems, prefix=f"{kind}_")
        report(bed_problems(kind, bed))
        beds[kind] = bed
    if len(errors) > before:
        return None
    return build_record(index, values, policy, beds)


def parse_csv(stream: TextIO) -> List[ShelterRecord]:
    """Read a whole CSV file; returns the shelters or raises `ImportRejected` listing every problem."""
    errors: List[str] = []
    rows = _rows(stream, errors)
    first = next(rows, None)
    if first is None or not any(cell.strip() for cell in first[1]):
        raise ImportRejected(errors or ["line 1: the file is empty; expected a header line with the column names"])
    header = [cell.strip() for cell in first[1]]
    header[0] = header[0].lstrip("\ufeff")
    errors += _check_header(header)
    if errors:
        raise ImportRejected(errors)
    records: List[ShelterRecord] = []
    seen: Dict[str, int] = {}
    for line, cells in rows:
        if not any(cell.strip() for cell in cells):
            continue  # blank line
        if len(cells) != len(header):
            errors.append(f"line {line}: has {len(cells)} values but the header has {len(header)} columns")
            continue
        row = dict(zip(header, cells))
        code = row["code"].strip()
        if code in seen:
            errors.append(f"line {line}: code: duplicate code {code!r} (already used on line {seen[code]})")
        elif code:
            seen[code] = line
        record = _parse_row(row, line, len(records) + 1, errors)
        if record is not None:
            records.append(record)
    if not records and not errors:
        errors.append("line 2: the file has a header but no shelter rows")
    if errors:
        raise ImportRejected(errors)
    return records


def import_csv(registry: "Registry", stream: TextIO, actor: str) -> ImportResult:
    """Parse a CSV file and write it to the registry in one transaction (nothing is written on any problem)."""
    return import_records(registry, parse_csv(stream), actor, source="csv")
