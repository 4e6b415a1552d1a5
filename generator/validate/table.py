"""Table checks: the bytes of each CSV (encoding, syntax) and frictionless' Table Schema checks."""

from __future__ import annotations

import copy
import csv
import functools
import io
import re
import sys
from typing import TYPE_CHECKING

from ..model import Table
from ..packages import Package, Resource
from ..problems import Problem

if TYPE_CHECKING:
    import frictionless


@functools.cache
def load_frictionless():  # noqa: ANN201  (the frictionless module)
    """frictionless, imported on first need, with what it imports on first use.

    A run whose schemas are all plain (fields.py) never needs it. When one does, its plugins
    (found by listing every installed module) and jsonschema, which every check uses (each
    field and schema read is checked against its profile), are imported here at once rather
    than deep inside the first check. rfc3986 (format uri) and dateutil (format any of dates
    and times) stay lazy: a run whose fields have neither never imports them.
    """
    import frictionless

    _ = frictionless.system.plugins
    for name in ("jsonschema", "jsonschema_validators"):
        getattr(frictionless.platform, name)
    return frictionless


BOM = b"\xef\xbb\xbf"
# A CSV line longer than this is refused before parsing: it is the csv module's field limit,
# and no published statistic needs a line of 128 KiB.
MAX_LINE_BYTES = 131_072
NO_LIMIT = sys.maxsize
# What of a Table Schema frictionless is given (besides the foreign keys it can check).
SCHEMA_KEYS = ("fields", "primaryKey", "missingValues", "fieldsMatch")


def csv_dialect(dialect: object) -> dict:
    """A resource's dialect as one mapping: frictionless' nested `csv` form (`{"csv":
    {"delimiter": ";"}}`, which `frictionless describe` writes) merged into the standard's."""
    if not isinstance(dialect, dict):
        return {}
    nested = dialect.get("csv")
    return {k: v for k, v in dialect.items() if k != "csv"} | (
        nested if isinstance(nested, dict) else {})


def csv_options(resource: Resource) -> tuple[str, bool]:
    """The dialect the reader honours: (delimiter, skipInitialSpace); the defaults otherwise.

    The descriptor check refuses any other dialect, and a delimiter that is not one character.
    """
    dialect = csv_dialect(resource.descriptor.get("dialect"))
    delimiter = dialect.get("delimiter", ",")
    return delimiter if is_delimiter(delimiter) else ",", dialect.get("skipInitialSpace") is True


def is_delimiter(value: object) -> bool:
    """Whether both readers can split on `value`: one byte, not a quote or a line end."""
    return isinstance(value, str) and len(value.encode()) == 1 and value not in '"\r\n'


def read_table(resource: Resource) -> tuple[Table | None, list[Problem]]:
    """Read and parse a CSV strictly; a table, or problems that stop further checks of it."""
    path = resource.display_path
    data = resource.file.read_bytes() if resource.file else b""
    if not data.strip():
        return None, [Problem(path, None, None, "empty-file",
                              "expected a header row and data, found an empty file")]
    problems = []
    has_bom = data.startswith(BOM)
    if has_bom:
        problems.append(Problem(path, 1, None, "encoding-bom",
                                "expected UTF-8 without a byte-order mark, found a BOM; "
                                "save the file as plain UTF-8"))
        data = data[len(BOM):]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        return None, problems + [Problem(path, line, None, "encoding-error",
                                         f"expected UTF-8, found the byte "
                                         f"{data[exc.start]:#04x}; save the file as UTF-8")]
    for number, line in enumerate(data.split(b"\n"), start=1):
        if len(line) > MAX_LINE_BYTES:
            return None, problems + [Problem(path, number, None, "line-too-long",
                                             f"expected a line of at most {MAX_LINE_BYTES:,} "
                                             f"bytes, found {len(line):,}")]
    records, lines, error = _parse(text, *csv_options(resource))
    if error is not None:
        return None, problems + [Problem(path, error[0], None, "csv-syntax-error", error[1])]
    if not records or not any(records[0]):
        return None, problems + [Problem(path, 1, None, "empty-file",
                                         "expected a header row, found a blank first line")]
    return Table(records[0], records[1:], lines, has_bom), problems


def _parse(text: str, delimiter: str = ",", skip_initial_space: bool = False
           ) -> tuple[list[list[str]], list[int], tuple[int, str] | None]:
    """Parse CSV text strictly, noting the physical line each record starts on."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True, delimiter=delimiter,
                        skipinitialspace=skip_initial_space)
    records: list[list[str]] = []
    lines: list[int] = []
    start = 1
    try:
        for record in reader:
            records.append(record)
            lines.append(start)
            start = reader.line_num + 1
    except csv.Error as exc:
        reason = str(exc)
        if "end of data" in reason or "EOF" in reason:
            reason = "a quoted cell is never closed (unclosed quote)"
        return records, lines, (start, f"expected well-formed CSV, found: {reason}")
    return records, lines, None


def check_tables(package: Package, tables: dict[str, Table]) -> list[Problem]:
    """Run frictionless' schema checks (types, constraints, keys) on the readable tables."""
    frictionless = load_frictionless()
    FrictionlessException = frictionless.FrictionlessException  # noqa: N806
    problems: list[Problem] = []
    try:
        fpackage = frictionless.Package(_frictionless_descriptor(package, tables),
                                        basepath=str(package.root))
    except FrictionlessException as exc:
        reasons = "; ".join(reason.note for reason in exc.reasons) or exc.error.note
        return [Problem(package.descriptor_display, None, None, exc.error.type,
                        f"frictionless cannot read the schemas: {reasons}")]
    for fresource in fpackage.resources:
        resource = package.resource(fresource.name)
        repeated = _repeated_labels(resource, tables[resource.name])
        if repeated:  # frictionless stops there with a general error, not at the column
            problems.extend(repeated)
            continue
        try:
            report = fresource.validate(limit_errors=NO_LIMIT)
        except FrictionlessException as exc:
            problems.append(Problem(resource.display_path, None, None, exc.error.type,
                                    exc.error.message))
            continue
        for task in report.tasks:
            problems.extend(_problems(resource, tables[resource.name], task.errors))
    return problems


def _repeated_labels(resource: Resource, table: Table) -> list[Problem]:
    """A repeated column name where fieldsMatch matches columns to fields by name."""
    match = resource.schema.get("fieldsMatch", "exact")
    if match == "exact":
        return []  # matched by position: frictionless reports each duplicate-label itself
    seen: set[str] = set()
    problems = []
    for position, label in enumerate(table.header, start=1):
        if label in seen:
            problems.append(Problem(resource.display_path, 1, label, "duplicate-label",
                                    f"expected unique column names, as fieldsMatch {match!r} "
                                    f"matches columns to fields by name; found {label!r} again "
                                    f"at position {position}"))
        seen.add(label)
    return problems


def _frictionless_descriptor(package: Package, tables: dict[str, Table]) -> dict:
    """Only what frictionless needs to check the tables, built from checked values.

    Nothing else of the descriptor reaches frictionless: a `profile`, `$schema`, `scheme`,
    `extrapaths` or `compression` there would make it fetch a URL or read another file, and
    metadata problems are ours to report (frictionless says only "descriptor is not valid").
    """
    resources = []
    for resource in package.resources:
        if resource.name not in tables or any(r["name"] == resource.name for r in resources):
            continue  # a second resource of the same name is reported by the descriptor check
        schema = resource.schema
        keys = [fk for fk in _key_list(schema.get("foreignKeys"))
                if isinstance(fk, dict) and isinstance(fk.get("reference"), dict)
                and (fk["reference"].get("resource") or resource.name) in tables]
        delimiter, skip = csv_options(resource)
        described = {
            "name": resource.name,
            "path": resource.file.relative_to(package.root).as_posix(),
            "format": "csv",
            "encoding": "utf-8-sig" if tables[resource.name].has_bom else "utf-8",
            "dialect": {"delimiter": delimiter, "quoteChar": '"', "header": True,
                        "skipInitialSpace": skip},
        }
        # A resource without a schema (a metadata problem of its own) gets the schema
        # frictionless infers, as frictionless does, so its table is still checked.
        if isinstance(schema.get("fields"), list):
            described["schema"] = copy.deepcopy(
                {k: schema[k] for k in SCHEMA_KEYS if k in schema} | {"foreignKeys": keys})
        resources.append(described)
    return {"name": "package", "resources": resources}


def _problems(resource: Resource, table: Table, errors: list[frictionless.Error]
              ) -> list[Problem]:
    """Our problems for frictionless' errors, less those a missing cell or blank row explains."""
    problems = [_to_problem(resource, table, error) for error in errors]
    missing = {(p.row, p.field) for p in problems if p.code == "missing-cell"}
    blank = {p.row for p in problems if p.code == "blank-row"}
    return [p for p in problems
            if not (p.code == "constraint-error" and (p.row, p.field) in missing)
            and not (p.row in blank and p.code != "blank-row")]


def _to_problem(resource: Resource, table: Table, error: frictionless.Error) -> Problem:
    """Turn a frictionless error into our Problem with the physical line and a plain message."""
    path = resource.display_path
    code = error.type
    row_number = getattr(error, "row_number", None)
    row = table.line_of(row_number) if row_number else None
    field = getattr(error, "field_name", None) or None
    cell = getattr(error, "cell", None)
    note = getattr(error, "note", "")
    if getattr(error, "label", None) is not None or code.endswith("-label"):
        row = 1
        field = field or getattr(error, "label", None) or None
        if code in _LABEL_WORDS:
            return Problem(path, row, field, code, _LABEL_WORDS[code].format(
                field=field, label=error.label, position=error.field_number,
                columns=len(resource.fields)))
    if code == "primary-key":
        field = "+".join(resource.primary_key)
        first = re.search(r"row at position (\d+)", note)
        found = (f"the same key as line {table.line_of(int(first.group(1)))}" if first
                 else "a blank key" if "None" in note else note)
        return Problem(path, row, field, code, f"expected a unique primary key, found {found}")
    if code == "foreign-key":
        field = "+".join(error.field_names)
        ref = f"{error.reference_name or resource.name}.{'+'.join(error.reference_field_names)}"
        return Problem(path, row, field, code,
                       f"expected a value present in {ref}, found {'+'.join(error.field_cells)!r}")
    if code == "type-error":
        spec = _field(resource, field)
        expected = spec.get("type", "string")
        if spec.get("format"):
            expected += f" in format {spec['format']}"
        return Problem(path, row, field, code, f"expected {expected}, found {cell!r}")
    if code == "constraint-error":
        found = repr(cell) if cell not in ("", None) else "a blank cell"
        return Problem(path, row, field, code, f"expected {_constraint(note)}, found {found}")
    if code == "extra-cell":
        return Problem(path, row, None, code,
                       f"expected {len(table.header)} cells, found an extra cell {cell!r}")
    if code == "missing-cell":
        return Problem(path, row, field, code,
                       f"expected {len(table.header)} cells, found fewer (no {field!r})")
    if code == "blank-row":
        return Problem(path, row, None, code, "expected data, found a blank row")
    if code == "unique-error":
        return Problem(path, row, field, code, f"expected unique values, found {cell!r} again")
    return Problem(path, row, field, code, error.message)


_LABEL_WORDS = {
    "incorrect-label": "expected the column name {field!r} at position {position}, "
                       "found {label!r}",
    "missing-label": "expected a column {field!r} at position {position}, found none",
    "extra-label": "expected the {columns} columns of the schema, found an extra column "
                   "{label!r} at position {position}",
    "blank-label": "expected the column name {field!r} at position {position}, found a blank",
    "duplicate-label": "expected unique column names, found {label!r} again at position "
                       "{position}",
}

_CONSTRAINT_WORDS = {
    "minimum": "at least {}", "maximum": "at most {}", "enum": "one of {}",
    "pattern": "a match for the pattern {}", "required": "a value (required)",
    "minLength": "at least {} characters", "maxLength": "at most {} characters",
    "exclusiveMinimum": "more than {}", "exclusiveMaximum": "less than {}",
}


def _constraint(note: str) -> str:
    """frictionless' 'constraint "maximum" is "100"' as plain words: 'at most 100'."""
    match = re.match(r'constraint "(\w+)" is "(.*)"$', note)
    if not match or match.group(1) not in _CONSTRAINT_WORDS:
        return note
    return _CONSTRAINT_WORDS[match.group(1)].format(match.group(2))


def _key_list(value: object) -> list:
    """A schema's list of foreign keys (anything else is reported by the descriptor check)."""
    return value if isinstance(value, list) else []


def _field(resource: Resource, name: str | None) -> dict:
    """The field descriptor called `name` (empty when absent)."""
    return next((f for f in resource.fields if f.get("name") == name), {})
