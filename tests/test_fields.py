"""The plain fields of generator/validate/fields.py read every cell as frictionless does.

Each plain field is built both ways (ours, and frictionless.Field.from_descriptor inside a
schema with the same missingValues); every cell of a list of awkward ones must give the same
value (and the same str() of it, which problems quote) and the same notes. Schemas that
frictionless refuses, or whose fields need what fields.py does not do, must not be plain.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import frictionless
import pytest

from generator.validate import fields

CELLS = [
    "", " ", "0", "1", "-1", "+7", " 42 ", "007", "1.0", "1.50", "-0.0", "1e3", "1E-2", ".5",
    "5.", "1_000", "1,000", "NaN", "nan", "inf", "-Infinity", "12x", "x", "true", "True",
    "TRUE", "false", "FALSE", "yes", "t", "2024-02-29", "2023-02-29", "2024-2-9", "2024-12-31",
    " 2024-01-01", "2024-01-01T00:00", "2024", "0999", "999", "10000", "-100", "2024-01",
    "2024-13", "2024-00", "2024-1", "24-01", "2024-01-01-01", "B01", "B1", "b01", "abc",
    "https://example.org/a?b=c", "http://", "example.org", "mailto:a@example.org", "ftp:x",
    "-", "NA", "n/a", "१२", "٣", "12345678901234567890", "0x10", "99999999999999999999.5",
    "é", "a" * 40, None,
    # references as rfc3986 parses them (format uri): schemes, authorities, odd characters
    "HTTP://EXAMPLE.ORG", "a+b.c-d:x", "1http://x", "-x:y", "x:", ":", "://x", "http:/x",
    "http//x:y", "a b:c", "ab :c", "urn:isbn:0451450523", "http://[::1", "http://256.1.1.1/",
    "http://u:p@x:99999/", "http://x/%zz", "http://x/\u00e9", "https://xn--i1b.example/ा",
    "h\tt:p", "\nhttp://x", "http://x\n", "file:///tmp/a b", "//example.org/a",
]
# Values a descriptor can hold (bounds, enum members) and cells frictionless may be given.
VALUES = [0, 1, -1, 2.0, 2.5, True, False, Decimal("3"), Decimal("3.5"), [2024, 1], (2024, 2),
          [2024], date(2024, 1, 1), datetime(2024, 1, 1), datetime(2024, 1, 1, 5), "2024-01",
          "2020-01-01", "10", "abc", None]

FIELDS = [
    {"type": "integer"},
    {"type": "integer", "constraints": {"required": True, "minimum": 1}},
    {"type": "integer", "constraints": {"minimum": 0, "maximum": 100, "enum": [1, "2", 3.0]}},
    {"type": "number"},
    {"type": "number", "constraints": {"minimum": 0, "maximum": 100}},
    {"type": "number", "constraints": {"required": True, "minimum": "0.5", "enum": [1, 2.5]}},
    {"type": "string"},
    {"type": "string", "format": "default", "constraints": {"required": True}},
    {"type": "string", "constraints": {"pattern": "^B[0-9]{2}$", "required": True}},
    {"type": "string", "constraints": {"pattern": "[a-z]+", "minLength": 2, "maxLength": 3}},
    {"type": "string", "constraints": {"enum": ["abc", "B01", ""]}},
    {"type": "string", "format": "uri"},
    {"type": "string", "format": "uri", "constraints": {"required": True}},
    {"type": "boolean"},
    {"type": "boolean", "constraints": {"required": True, "enum": [True]}},
    {"type": "date"},
    {"type": "date", "constraints": {"minimum": "2024-01-01", "maximum": "2024-12-31"}},
    {"type": "year", "constraints": {"minimum": 1000, "enum": [2024, "0999"]}},
    {"type": "yearmonth", "constraints": {"required": True, "minimum": "2024-01"}},
    {"type": "yearmonth", "constraints": {"enum": ["2024-01", [2024, 2]]}},
    {"type": "integer", "title": "Count", "description": "d", "unit": "households",
     "temporal": True, "constraints": {"unique": True}},
]
MISSING = [[""], ["", "NA", "-"], [], ["n/a"]]


def pair(spec: dict, missing: list[str]) -> tuple:
    """Our field and frictionless', from the same descriptor."""
    descriptor = {"name": "f"} | spec
    schema = {"fields": [descriptor], "missingValues": missing}
    ours = fields.plain_schema(schema)
    assert ours is not None, spec
    theirs = frictionless.Schema.from_descriptor(schema)
    return ours.fields[0], theirs.fields[0]


def same(a: object, b: object) -> bool:
    """Equal, of the same type (by name: fields.yearmonth stands for frictionless' own), shown
    alike (NaN equals NaN here)."""
    if isinstance(a, Decimal) and a.is_nan():
        return isinstance(b, Decimal) and b.is_nan()
    return (type(a).__name__ == type(b).__name__ and a == b and str(a) == str(b)
            and repr(a) == repr(b))


@pytest.mark.parametrize("spec", FIELDS, ids=lambda s: str(s))
@pytest.mark.parametrize("missing", MISSING, ids=lambda m: repr(m))
def test_cell_reader_matches_frictionless(spec: dict, missing: list[str]) -> None:
    """Every cell: the same value, str() of it and notes as frictionless' cell reader."""
    ours, theirs = pair(spec, missing)
    read, expected = ours.create_cell_reader(), theirs.create_cell_reader()
    for cell in CELLS + VALUES:
        (value, notes), (value_f, notes_f) = read(cell), expected(cell)
        assert same(value, value_f), (spec, cell, value, value_f)
        assert notes == notes_f, (spec, cell, notes, notes_f)


@pytest.mark.parametrize("spec", FIELDS, ids=lambda s: str(s))
def test_value_reader_and_attributes_match_frictionless(spec: dict) -> None:
    """The value reader (bounds, enum members) and the attributes the validator reads."""
    ours, theirs = pair(spec, [""])
    read, expected = ours.create_value_reader(), theirs.create_value_reader()
    for cell in CELLS + VALUES:
        assert same(read(cell), expected(cell)), (spec, cell)
    assert (ours.name, ours.type, ours.format) == (theirs.name, theirs.type, theirs.format)
    assert ours.constraints == theirs.constraints
    assert ours.supported_constraints == theirs.supported_constraints
    assert ours.has_defined("missing_values") == theirs.has_defined("missing_values")
    if ours.type == "integer":
        assert ours.bare_number == theirs.bare_number


def test_descriptor_check_reads_bounds_as_frictionless() -> None:
    """The descriptor check's 'can frictionless read this bound' (descriptor._read) gives
    frictionless' answer for plain fields, where it no longer asks frictionless."""
    from generator.validate import descriptor

    for kind in ("integer", "number", "string", "boolean", "date", "year", "yearmonth"):
        for value in CELLS + VALUES:
            cell, notes = frictionless.Field.from_descriptor(
                {"name": "value", "type": kind}).read_cell(value)
            assert descriptor._read(kind, None, value) == (cell is not None and not notes), (
                kind, value)


NOT_PLAIN = [
    {"fields": [{"name": "f", "type": "integer", "bareNumber": False}]},
    {"fields": [{"name": "f", "type": "number", "groupChar": ","}]},
    {"fields": [{"name": "f", "type": "number", "decimalChar": ","}]},
    {"fields": [{"name": "f", "type": "number", "floatNumber": True}]},
    {"fields": [{"name": "f", "type": "boolean", "trueValues": ["Y"]}]},
    {"fields": [{"name": "f", "type": "date", "format": "%d/%m/%Y"}]},
    {"fields": [{"name": "f", "type": "date", "format": "any"}]},
    {"fields": [{"name": "f", "type": "string", "format": "email"}]},
    {"fields": [{"name": "f", "type": "datetime"}]},
    {"fields": [{"name": "f", "type": "any"}]},
    {"fields": [{"name": "f"}]},
    {"fields": [{"type": "string"}]},
    {"fields": [{"name": 1, "type": "string"}]},
    {"fields": [{"name": "f", "type": ["string"]}]},
    {"fields": [{"name": "f", "type": "string", "missingValues": ["x"]}]},
    {"fields": [{"name": "f", "type": "string", "example": "x"}]},
    {"fields": [{"name": "f", "type": "string", "required": True}]},
    {"fields": [{"name": "f", "type": "string", "title": 5}]},
    {"fields": [{"name": "f", "type": "integer", "constraints": {"exclusiveMinimum": 1}}]},
    {"fields": [{"name": "f", "type": "integer", "constraints": {"pattern": "1"}}]},
    {"fields": [{"name": "f", "type": "integer", "constraints": {"minimum": "x"}}]},
    {"fields": [{"name": "f", "type": "integer", "constraints": {"minimum": None}}]},
    {"fields": [{"name": "f", "type": "integer", "constraints": {"required": "yes"}}]},
    {"fields": [{"name": "f", "type": "string", "constraints": {"minLength": True}}]},
    {"fields": [{"name": "f", "type": "string", "constraints": {"pattern": "("}}]},
    {"fields": [{"name": "f", "type": "string", "constraints": {"enum": "abc"}}]},
    {"fields": [{"name": "f", "type": "string", "constraints": []}]},
    {"fields": [{"name": "f", "type": "string"}, {"name": "f", "type": "integer"}]},
    {"fields": [{"name": "f", "type": "string"}], "primaryKey": ["g"]},
    {"fields": [{"name": "f", "type": "string"}], "primaryKey": 5},
    {"fields": [{"name": "f", "type": "string"}], "missingValues": "NA"},
    {"fields": [{"name": "f", "type": "string"}], "missingValues": [{"value": "NA"}]},
    {"fields": "f"},
]


@pytest.mark.parametrize("schema", NOT_PLAIN, ids=lambda s: str(s))
def test_what_fields_py_does_not_read_goes_to_frictionless(schema: dict) -> None:
    """A schema needing frictionless (or refused by it) is not plain."""
    assert fields.plain_schema(schema) is None


def test_plain_schemas_are_accepted_by_frictionless() -> None:
    """Every plain schema of the tests, with keys, is one frictionless reads (no exception),
    with the same field names."""
    for spec in FIELDS:
        schema = {"fields": [{"name": "k", "type": "integer"}, {"name": "f"} | spec],
                  "primaryKey": "k", "missingValues": ["", "NA"]}
        ours = fields.plain_schema(schema)
        assert ours is not None
        assert ours.field_names == frictionless.Schema.from_descriptor(schema).field_names
