"""Table Schema fields of the plain kinds, read exactly as frictionless 5 reads them.

frictionless is about half a second of a validation run's start (its import pulls in pydantic,
jsonschema and every plugin) and checks each schema against its profile when it reads one.
Most fields of a statistical release are plain: integer, number, string, boolean, date, year
or yearmonth, in the default format (or text in format uri), with the usual constraints. For a
schema whose fields are all plain (`plain_schema`), this module gives the same cell readers,
value readers and notes as frictionless' own fields (tests/test_fields.py compares them, cell
by cell), and frictionless is not imported. Anything else (another type or format,
bareNumber, trueValues, field-level missingValues, exclusive bounds, an example, a schema
frictionless would refuse) gives None, and the caller asks frictionless
(`frictionless_schema`), as before.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from typing import Any, NamedTuple

# The constraints each plain type supports, in frictionless' order (its checks run in it).
_BOUNDS = ["required", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "enum"]
SUPPORTED = {
    "integer": _BOUNDS, "number": _BOUNDS, "date": _BOUNDS, "year": _BOUNDS,
    "yearmonth": _BOUNDS, "boolean": ["required", "enum"],
    "string": ["required", "minLength", "maxLength", "pattern", "enum"],
}
# Field properties frictionless reads (besides name, type, format, title, description,
# constraints, rdfType): a field that has one is left to frictionless.
_FRICTIONLESS_KEYS = {"missingValues", "example", "required", "bareNumber", "floatNumber",
                      "decimalChar", "groupChar", "trueValues", "falseValues", "arrayItem",
                      "$schema"}
# Constraints the plain fields handle (exclusive bounds depend on the standard's version).
_CONSTRAINTS = {"required", "unique", "minimum", "maximum", "enum", "pattern", "minLength",
                "maxLength"}
_TRUE, _FALSE = ["true", "True", "TRUE", "1"], ["false", "False", "FALSE", "0"]


class yearmonth(NamedTuple):  # noqa: N801  (frictionless' name: str() of a value shows it)
    """A yearmonth value, as frictionless' fields.yearmonth.yearmonth."""

    year: int
    month: int


def _read_integer(cell: Any) -> int | None:
    """frictionless' IntegerField value reader (bareNumber true)."""
    if isinstance(cell, str):
        try:
            return int(cell.strip())
        except Exception:
            return None
    if cell is True or cell is False:
        return None
    if isinstance(cell, int):
        return cell
    if isinstance(cell, float) and cell.is_integer():
        return int(cell)
    if isinstance(cell, Decimal) and cell % 1 == 0:
        return int(cell)
    return None


def _read_number(cell: Any) -> Decimal | int | None:
    """frictionless' NumberField value reader (Decimal; no group or decimal characters)."""
    if isinstance(cell, str):
        try:
            return Decimal(cell.strip())
        except Exception:
            return None
    if isinstance(cell, Decimal):
        return cell
    if cell is True or cell is False:
        return None
    if isinstance(cell, int):
        return cell
    if isinstance(cell, float):
        return Decimal(str(cell))
    return None


_BOOLEANS = dict.fromkeys(_TRUE, True) | dict.fromkeys(_FALSE, False)


def _read_boolean(cell: Any) -> bool | None:
    """frictionless' BooleanField value reader (the default true and false values)."""
    if cell is True or cell is False:
        return cell
    if isinstance(cell, str):
        return _BOOLEANS.get(cell)
    return None


def _read_date(cell: Any) -> date | None:
    """frictionless' DateField value reader, format default (%Y-%m-%d)."""
    if isinstance(cell, datetime):
        moment = cell.time()
        if moment.hour == 0 and moment.minute == 0 and moment.second == 0:
            return datetime(cell.year, cell.month, cell.day).date()
        return None
    if isinstance(cell, date):
        return cell
    if not isinstance(cell, str):
        return None
    try:
        return datetime.strptime(cell, "%Y-%m-%d").date()
    except Exception:
        return None


def _read_year(cell: Any) -> int | None:
    """frictionless' YearField value reader."""
    if not isinstance(cell, int):
        if not isinstance(cell, str) or len(cell) != 4:
            return None
        try:
            cell = int(cell)
        except Exception:
            return None
    if cell < 0 or cell > 9999:
        return None
    return cell


def _read_yearmonth(cell: Any) -> yearmonth | None:
    """frictionless' YearmonthField value reader."""
    if isinstance(cell, tuple | list):
        if len(cell) != 2:
            return None
        return yearmonth(year=cell[0], month=cell[1])
    if isinstance(cell, str):
        try:
            year, month = cell.split("-")
            year, month = int(year), int(month)
            if month < 1 or month > 12:
                return None
            return yearmonth(year, month)
        except Exception:
            return None
    return None


def _read_string(cell: Any) -> str | None:
    """frictionless' StringField value reader, format default."""
    return cell if isinstance(cell, str) else None


# What rfc3986 finds of a reference's scheme: the start of its URL_PARSING_RE, whose other
# parts are all optional and match any rest.
_URI_SCHEME = re.compile(r"[a-zA-Z][a-zA-Z0-9+.-]*:")


def _read_uri(cell: Any) -> str | None:
    """frictionless' StringField value reader, format uri: an RFC 3986 reference with a
    scheme, as rfc3986 (frictionless' reader) decides.

    frictionless' validator requires only the scheme, which rfc3986 parses as _URI_SCHEME at
    the start; for text in ASCII nothing else of its parse can fail, so no rfc3986 (about
    0.1 s to import) is needed. Other text (percent-encoded by rfc3986's parse) is given to
    rfc3986 itself, imported then.
    """
    if not isinstance(cell, str):
        return None
    if cell.isascii():
        return cell if _URI_SCHEME.match(cell) else None
    import rfc3986

    validator = rfc3986.validators.Validator()
    validator.require_presence_of("scheme")
    try:
        validator.validate(rfc3986.uri_reference(cell))
    except rfc3986.exceptions.ValidationError:
        return None
    return cell


# The value reader of each plain (type, format).
READERS: dict[tuple[str, str], Callable[[Any], Any]] = {
    ("integer", "default"): _read_integer, ("number", "default"): _read_number,
    ("boolean", "default"): _read_boolean, ("date", "default"): _read_date,
    ("year", "default"): _read_year, ("yearmonth", "default"): _read_yearmonth,
    ("string", "default"): _read_string, ("string", "uri"): _read_uri,
}


def _bound(compare: Callable[[Any, Any], bool]) -> Callable[[Any, Any], bool]:
    """frictionless' _check_bound: None passes, NaN fails, else `compare(cell, bound)`."""
    def check(constraint: Any, cell: Any) -> bool:
        if cell is None:
            return True
        if cell != cell:
            return False
        return bool(compare(cell, constraint))
    return check


_CHECKS: dict[str, Callable[[Any, Any], bool]] = {
    "required": lambda constraint, cell: not (constraint and cell is None),
    "minLength": lambda constraint, cell: cell is None or len(cell) >= constraint,
    "maxLength": lambda constraint, cell: cell is None or len(cell) <= constraint,
    "minimum": _bound(lambda cell, bound: cell >= bound),
    "maximum": _bound(lambda cell, bound: cell <= bound),
    "pattern": lambda constraint, cell: cell is None or bool(constraint.match(cell)),
    "enum": lambda constraint, cell: cell is None or cell in constraint,
}


class Field:
    """A plain field: the attributes of frictionless.Field that the validator reads."""

    bare_number = True

    def __init__(self, descriptor: dict, schema: Schema | None = None) -> None:
        self.name: str = descriptor["name"]
        self.type: str = descriptor["type"]
        self.format: str = descriptor.get("format", "default")
        self.constraints: dict = dict(descriptor.get("constraints") or {})
        self.schema = schema
        self.supported_constraints = SUPPORTED[self.type]
        self.missing_values = [""]

    def has_defined(self, name: str) -> bool:
        """Whether the descriptor set `name` (a plain field never sets its missingValues)."""
        return name == "constraints" and bool(self.constraints)

    def create_value_reader(self) -> Callable[[Any], Any]:
        """The field type's reader of one value (no missing values, no constraints)."""
        return READERS[(self.type, self.format)]

    def create_cell_reader(self) -> Callable[[Any], tuple[Any, dict | None]]:
        """frictionless' Field.create_cell_reader: (value, notes) for a cell."""
        read = self.create_value_reader()
        missing = self.schema.missing_values if self.schema else self.missing_values
        checks: dict[str, Callable[[Any], bool]] = {}
        for name in self.supported_constraints:
            constraint = self.constraints.get(name)
            if constraint is None:
                continue
            if name in ("minimum", "maximum"):
                constraint = read(constraint)
            elif name == "pattern":
                constraint = re.compile(f"^{constraint}$")
            elif name == "enum":
                constraint = list(map(read, constraint))
            checks[name] = _partial(_CHECKS[name], constraint)
        kind, constraints = f"{self.type}/{self.format}", self.constraints

        def cell_reader(cell: Any) -> tuple[Any, dict | None]:
            notes: dict[str, str] | None = None
            if str(cell) in missing:
                cell = None
            if cell is not None:
                cell = read(cell)
                if cell is None:
                    notes = {"type": f'type is "{kind}"'}
            if not notes and checks:
                for name, check in checks.items():
                    if not check(cell):
                        notes = notes or {}
                        notes[name] = f'constraint "{name}" is "{constraints[name]}"'
            return cell, notes
        return cell_reader

    def read_cell(self, cell: Any) -> tuple[Any, dict | None]:
        """One cell read: (value, notes)."""
        return self.create_cell_reader()(cell)


def _partial(check: Callable[[Any, Any], bool], constraint: Any) -> Callable[[Any], bool]:
    """`check` with its constraint bound."""
    return lambda cell: check(constraint, cell)


class Schema:
    """A schema of plain fields: the attributes of frictionless.Schema the validator reads."""

    def __init__(self, fields: list[dict], missing_values: list[str]) -> None:
        self.missing_values = missing_values
        self.fields = [Field(f, self) for f in fields]
        self.field_names = [f.name for f in self.fields]


def plain_field(descriptor: object) -> bool:
    """Whether frictionless reads this field descriptor as the plain Field above does."""
    if not isinstance(descriptor, dict) or not isinstance(descriptor.get("name"), str):
        return False
    kind, form = descriptor.get("type"), descriptor.get("format", "default")
    if not isinstance(kind, str) or not isinstance(form, str) or (kind, form) not in READERS:
        return False
    if _FRICTIONLESS_KEYS & descriptor.keys():
        return False
    if any(not isinstance(descriptor[k], str) for k in ("title", "description", "rdfType")
           if k in descriptor):
        return False
    constraints = descriptor.get("constraints", {})
    return isinstance(constraints, dict) and all(
        _plain_constraint((kind, form), name, value) for name, value in constraints.items())


def _plain_constraint(kind: tuple[str, str], name: str, value: object) -> bool:
    """Whether a constraint is one frictionless accepts for the type and reads as here."""
    if name not in _CONSTRAINTS or (name != "unique" and name not in SUPPORTED[kind[0]]):
        return False
    if name in ("required", "unique"):
        return type(value) is bool
    if name in ("minLength", "maxLength"):
        return type(value) is int
    if name == "pattern":
        if not isinstance(value, str):
            return False
        try:
            re.compile(f"^{value}$")
        except re.error:
            return False
        return True
    read = READERS[kind]
    values = value if name == "enum" else [value]
    return isinstance(values, list) and all(read(v) is not None for v in values)


def plain_schema(schema: dict) -> Schema | None:
    """The schema's fields, primary key and missing values as plain fields; None where
    frictionless must read it (a field that is not plain, or a schema it would refuse)."""
    fields = schema.get("fields")
    missing = schema.get("missingValues", [""])
    if not isinstance(fields, list) or not all(map(plain_field, fields)):
        return None
    if not isinstance(missing, list) or not all(isinstance(m, str) for m in missing):
        return None
    names = [f["name"] for f in fields]
    if len(set(names)) != len(names):
        return None
    primary = schema.get("primaryKey", [])
    primary = [primary] if isinstance(primary, str) else primary
    if not isinstance(primary, list) or not all(isinstance(n, str) and n in names
                                                for n in primary):
        return None
    return Schema(fields, list(missing))


def frictionless_schema(schema: dict) -> Any:
    """The schema as frictionless reads it (fields, primaryKey, missingValues); raises
    frictionless' exception when it refuses the schema."""
    import frictionless

    return frictionless.Schema.from_descriptor(
        {k: schema[k] for k in ("fields", "primaryKey", "missingValues") if k in schema})
