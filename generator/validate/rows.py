"""Small tables checked in Python, with the same problems as the vectorised checks (fast.py).

polars' set-up of a query costs a few milliseconds however small the table, and a table took
several of them (its cells, its primary key, each foreign key): about 8 ms a table, most of
the time of the ~25 small tables of a release. A table of fewer than PYTHON_ROWS rows whose
fields are plain (fields.py) is therefore checked here: each distinct cell of a column read
once by its field's cell reader (frictionless' own reading), the keys compared as
typed.key_text writes them, which is how the vectorised checks compare them too. Whatever
fast.py hands back to frictionless (ragged rows, a header other than the schema's, NaN in a
key, an integer beyond 64 bits) is handed back here too, so the three paths agree
(tests/test_fast_validator.py holds them to one another).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import polars as pl

from ..packages import Resource, key_fields
from ..problems import Problem
from . import fields
from .table import Table, _problems
from .typed import Checked, Error, Typed, Unsupported, foreign_key_sides, key_text

# Tables with fewer rows than this are checked here (when their fields are plain); polars
# is quicker on more (a table of 7,000 rows took 25 ms here, 12 ms in polars).
PYTHON_ROWS = 2_000
INT64 = (-2**63, 2**63)


class RowTyped(Typed):
    """A column read in Python: its typed values, and its keys made from them on demand."""

    def __init__(self, name: str, errors: list[Error], reader: Callable, values: list,
                 integer: bool) -> None:
        super().__init__(name, errors, reader, self._series)
        self.values = values
        self.integer = integer       # an integer field: keys as Int64, as fast.py makes them
        self._texts: list[str | None] | None = None

    def key_texts(self) -> list[str | None]:
        """The values as key_text writes them (None where the value is None)."""
        if self._texts is None:
            if self.integer:
                self._texts = [None if v is None else f"n:{v}" for v in self.values]
            else:
                self._texts = [None if v is None else key_text(v) for v in self.values]
        return self._texts

    def _series(self) -> pl.Series:
        """The keys as a polars Series, as fast.py's for the same column."""
        if self.integer:
            return pl.Series(self.name, self.values, dtype=pl.Int64)
        return pl.Series(self.name, self.key_texts(), dtype=pl.String)


def read_rows(resource: Resource, table: Table, schema: fields.Schema,
              cells: dict[str, list[str]]) -> Checked:
    """Type every column of a table (`cells`: each column's cells, by field name)."""
    columns = {f.name: _read_column(f, cells[f.name]) for f in schema.fields}
    blank = _blank_rows([cells[f.name] for f in schema.fields], schema.missing_values)
    return Checked(resource, table, None, columns, blank, cells)


def _read_column(field_: fields.Field, column: list[str]) -> RowTyped:
    """One column: each distinct cell read once; the errors of every row whose cell has notes."""
    reader = field_.create_cell_reader()
    read = {cell: reader(cell) for cell in set(column)}
    integer = field_.type == "integer"
    if integer and any(value is not None and not INT64[0] <= value < INT64[1]
                       for value, _ in read.values()):
        raise Unsupported("an integer beyond 64 bits")
    errors = []
    if any(notes for _, notes in read.values()):
        for row, cell in enumerate(column):
            notes = read[cell][1]
            for kind, note in (notes or {}).items():
                code = "type-error" if kind == "type" else "constraint-error"
                errors.append(Error(code, row + 2, field_.name, str(cell), note))
    values = [read[cell][0] for cell in column]
    return RowTyped(field_.name, errors, reader, values, integer)


def _blank_rows(columns: list[list[str]], missing: list[str]) -> list[int]:
    """The rows whose every cell is a missing value."""
    if not columns:
        return []
    rows = [row for row, cell in enumerate(columns[0]) if cell in missing]
    for column in columns[1:]:
        rows = [row for row in rows if column[row] in missing]
    return rows


def check_rows(checked: Checked, lookup: Callable[[str], Checked | None]) -> list[Problem]:
    """Every problem the vectorised checks (fast.check_table) report for the same table."""
    resource, table = checked.resource, checked.table
    errors = [e for column in checked.columns.values() for e in column.errors]
    errors += [Error("blank-row", row + 2) for row in checked.blank]
    schema = resource.schema
    for name in [f.get("name") for f in resource.fields
                 if (f.get("constraints") or {}).get("unique")]:
        errors += _unique_errors(checked.columns[name])
    primary = key_fields(schema.get("primaryKey"))
    if primary:
        errors += _primary_key_errors([checked.columns[n] for n in primary])
    for fk in schema.get("foreignKeys") or []:
        if isinstance(fk, dict) and isinstance(fk.get("reference"), dict):
            errors += _foreign_key_errors(checked, fk, lookup)
    return _problems(resource, table, errors)


def _repeats(keys: list) -> Iterator[tuple[int, int]]:
    """(row, previous row with the same key) for every repeated key that is not all None."""
    last: dict = {}
    for row, key in enumerate(keys):
        if key is None or (type(key) is tuple and all(k is None for k in key)):
            continue
        if key in last:
            yield row, last[key]
        last[key] = row


def _unique_errors(column: RowTyped) -> list[Error]:
    """Repeated values of a unique field; each names the previous row with the same value."""
    return [Error("unique-error", row + 2, column.name, str(column.values[row]),
                  f"the same as in the row at position {previous + 2}")
            for row, previous in _repeats(column.key_texts())]


def _primary_key_errors(columns: list[RowTyped]) -> list[Error]:
    """Blank and repeated primary keys, as frictionless words them."""
    keys = list(zip(*(c.key_texts() for c in columns), strict=True))
    errors = [Error("primary-key", row + 2, note='cells composing the primary keys are all "None"')
              for row, key in enumerate(keys) if all(k is None for k in key)]
    return errors + [Error("primary-key", row + 2,
                           note=f"the same as in the row at position {previous + 2}")
                     for row, previous in _repeats(keys)]


def _foreign_key_errors(checked: Checked, fk: dict,
                        lookup: Callable[[str], Checked | None]) -> list[Error]:
    """Rows whose typed key is not among the referenced table's typed keys."""
    sides = foreign_key_sides(checked, fk, lookup)
    if sides is None:
        return []
    names, ref_names, target = sides
    ref = fk.get("reference") or {}
    # Nulls compare equal inside a key, as in a tuple; a key of nulls only is never looked for.
    known = {key for key in zip(*(target.columns[n].key_texts() for n in ref_names),
                                strict=True) if any(k is not None for k in key)}
    columns = [checked.columns[n] for n in names]
    errors = []
    for row, key in enumerate(zip(*(c.key_texts() for c in columns), strict=True)):
        if key in known or all(k is None for k in key):
            continue
        values = [c.values[row] for c in columns]
        errors.append(Error("foreign-key", row + 2, None, note="", field_names=names,
                            field_cells=["" if v is None else str(v) for v in values],
                            reference_name=ref.get("resource") or "",
                            reference_field_names=ref_names))
    return errors
