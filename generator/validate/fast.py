"""Vectorised Table Schema checks (polars) for large tables, with frictionless' exact results.

frictionless checks about 38,000 rows a second; a village-level release has 600,000 rows. For a
table of at least LARGE_TABLE_ROWS rows this module reads the CSV with polars and checks it
column by column, and reports the same problems as frictionless with no error limit:

- integers in their canonical form (`-?[0-9]{1,18}`) and text of the default format are checked
  vectorised; every other cell is read by frictionless' own cell reader once per distinct value
  (types, formats and single-cell constraints exactly as frictionless reads them), and the
  result is mapped back onto the rows;
- unique, primary and foreign keys compare typed values, as frictionless does (so `01` and `1`
  are one integer); only rows that break a key are looped over in Python.

Whatever this module does not handle exactly (a header that differs from the schema, ragged or
blank rows, a custom field format on a key, NaN in a key) raises `Unsupported`, and the caller
validates that table with frictionless instead: slower, never different.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal

import frictionless
import numpy as np
import polars as pl
from frictionless import FrictionlessException

from ..packages import Package, Resource, key_fields
from ..problems import Problem
from .table import Table, _problems

# Tables with at least this many rows are checked here; smaller ones keep frictionless.
LARGE_TABLE_ROWS = 50_000
CANONICAL_INT = r"^-?[0-9]{1,18}$"
NUMERIC = (int, float, Decimal)


class Unsupported(Exception):
    """A table this module cannot check exactly; frictionless checks it instead."""


class ColumnTable(Table):
    """A Table whose cells live in a polars frame; `rows` is built only when someone asks."""

    def __init__(self, header: list[str], frame: pl.DataFrame, lines: list[int],
                 has_bom: bool = False) -> None:
        object.__setattr__(self, "header", header)
        object.__setattr__(self, "frame", frame)
        object.__setattr__(self, "lines", lines)
        object.__setattr__(self, "has_bom", has_bom)
        object.__setattr__(self, "_rows", None)

    @property
    def rows(self) -> list[list[str]]:  # type: ignore[override]
        """The records as lists of strings (materialised once, on first use)."""
        if self._rows is None:
            columns = [self.frame[name].to_list() for name in self.frame.columns]
            object.__setattr__(self, "_rows", [list(r) for r in zip(*columns, strict=True)])
        return self._rows

    def __repr__(self) -> str:
        return f"ColumnTable({len(self.frame)} rows x {len(self.header)} columns)"


def frame_of(table: Table) -> pl.DataFrame:
    """A table's cells as a polars frame of strings (regular tables only)."""
    if isinstance(table, ColumnTable):
        return table.frame
    width = len(table.header)
    if len(set(table.header)) != width or any(len(row) != width for row in table.rows):
        raise Unsupported("ragged rows or repeated column names")
    columns = list(zip(*table.rows, strict=True)) if table.rows else [()] * width
    return pl.DataFrame({name: pl.Series(name, list(values), dtype=pl.String)
                         for name, values in zip(table.header, columns, strict=True)})


def is_large(table: Table) -> bool:
    """True for a table the vectorised checks should handle."""
    rows = len(table.frame) if isinstance(table, ColumnTable) else len(table.rows)
    return rows >= LARGE_TABLE_ROWS


@dataclass
class _Error:
    """The attributes of a frictionless error that table._to_problem reads."""

    type: str
    row_number: int
    field_name: str | None = None
    cell: str = ""
    note: str = ""
    field_names: list[str] = field(default_factory=list)
    field_cells: list[str] = field(default_factory=list)
    reference_name: str = ""
    reference_field_names: list[str] = field(default_factory=list)
    label: None = None
    message: str = ""


class Typed:
    """One column read as its field's type: the errors found, and comparable keys on demand."""

    def __init__(self, name: str, errors: list[_Error], reader, keys) -> None:
        self.name = name
        self.missing: pl.Series | None = None   # cells that are a missing value
        self.errors = errors
        self.reader = reader          # frictionless' cell reader for the field
        self._keys = keys             # a Series, or a function that makes it

    @property
    def keys(self) -> pl.Series:
        """Typed values as Int64 or tagged text; null where the value is None."""
        if callable(self._keys):
            self._keys = self._keys()
        return self._keys


def key_text(value: object) -> str:
    """A typed value as text that is equal exactly when Python's == says the values are."""
    if isinstance(value, bool | int):
        return f"n:{int(value)}"
    if isinstance(value, float | Decimal):
        number = Decimal(value)
        if number.is_nan():
            raise Unsupported("NaN in a key")
        if number.is_infinite():
            return f"n:{number}"
        if number == number.to_integral_value():
            return f"n:{int(number)}"
        return "n:" + format(number.normalize(), "f")
    if isinstance(value, str):
        return "s:" + value
    if hasattr(value, "isoformat"):
        return f"{type(value).__name__}:{value.isoformat()}"
    if isinstance(value, tuple):
        return "t:" + repr(tuple(value))
    raise Unsupported(f"values of type {type(value).__name__} in a key")


def schema_of(resource: Resource) -> frictionless.Schema:
    """The resource's schema as frictionless reads it (fields, missingValues, keys)."""
    schema = resource.schema
    try:
        return frictionless.Schema.from_descriptor(
            {k: schema[k] for k in ("fields", "primaryKey", "missingValues") if k in schema})
    except FrictionlessException as exc:
        raise Unsupported(f"frictionless cannot read the schema: {exc}") from exc


def type_column(field_: frictionless.Field, column: pl.Series) -> Typed:
    """Read one column as its field's type: every type and constraint error, and the keys."""
    reader = field_.create_cell_reader()
    missing = field_.missing_values if field_.has_defined("missing_values") else (
        field_.schema.missing_values if field_.schema else [""])
    is_missing = column.is_in(list(missing))
    if field_.type == "integer" and field_.bare_number:
        typed = _integer(field_, column, is_missing, reader)
    elif field_.type == "string" and field_.format == "default":
        typed = _string(field_, column, is_missing, reader)
    else:
        typed = _by_value(field_, column, reader)
    typed.missing = is_missing
    return typed


def _by_value(field_: frictionless.Field, column: pl.Series, reader) -> Typed:
    """Any type: frictionless reads each distinct cell once; results are mapped to the rows."""
    read = {cell: reader(cell) for cell in column.unique().to_list()}
    bad = [cell for cell, (_, notes) in read.items() if notes]
    errors = _cell_errors(field_, column, {c: read[c][1] for c in bad})

    def keys() -> pl.Series:
        mapping = {cell: None if value is None else key_text(value)
                   for cell, (value, notes) in read.items() if not notes or "type" not in notes}
        return column.replace_strict(mapping, default=None, return_dtype=pl.String)
    return Typed(field_.name, errors, reader, keys)


def _integer(field_: frictionless.Field, column: pl.Series, is_missing: pl.Series,
             reader) -> Typed:
    """Integers: canonical cells cast and checked vectorised; others read by frictionless."""
    canonical = column.str.contains(CANONICAL_INT) & ~is_missing
    values = _where(canonical, column.cast(pl.Int64, strict=False))
    others = column.filter(~canonical & ~is_missing).unique().to_list()
    read = {cell: reader(cell) for cell in others}
    fixes = {}
    for cell, (value, notes) in read.items():
        if value is not None and (not notes or "type" not in notes):
            if not isinstance(value, int) or not -2**63 <= value < 2**63:
                raise Unsupported("an integer beyond 64 bits")
            fixes[cell] = value
    if fixes:
        fixed = column.replace_strict(fixes, default=None, return_dtype=pl.Int64)
        values = values.fill_null(fixed)
    notes_of = {cell: notes for cell, (_, notes) in read.items() if notes}
    checked = canonical | is_missing
    masks = _bound_masks(field_, values, is_missing, checked)
    errors = _cell_errors(field_, column, notes_of)
    errors += _mask_errors(field_, column, masks)
    return Typed(field_.name, errors, reader, values)


def _string(field_: frictionless.Field, column: pl.Series, is_missing: pl.Series,
            reader) -> Typed:
    """Text of the default format: every check vectorised, patterns once per distinct value."""
    constraints = field_.constraints
    value_reader = field_.create_value_reader()
    masks: list[tuple[str, pl.Series]] = []
    for name in field_.supported_constraints:
        if constraints.get(name) is None:
            continue
        if name == "required" and constraints[name]:
            masks.append((name, is_missing))
        elif name == "enum":
            allowed = [value_reader(v) for v in constraints["enum"]]
            masks.append((name, ~is_missing & ~column.is_in([a for a in allowed
                                                             if isinstance(a, str)])))
        elif name == "pattern":
            pattern = re.compile(f"^{constraints['pattern']}$")
            unmatched = [c for c in column.filter(~is_missing).unique().to_list()
                         if not pattern.match(c)]
            masks.append((name, ~is_missing & column.is_in(unmatched)))
        elif name in ("minLength", "maxLength"):
            length = column.str.len_chars()
            bound = constraints[name]
            masks.append((name, ~is_missing & (length < bound if name == "minLength"
                                               else length > bound)))
        elif name != "required":
            raise Unsupported(f"constraint {name} on text")
    def keys() -> pl.Series:
        return _where(~is_missing, pl.select(pl.concat_str([pl.lit("s:"), column])).to_series())
    return Typed(field_.name, _mask_errors(field_, column, masks), reader, keys)


def _where(mask: pl.Series, values: pl.Series) -> pl.Series:
    """`values` where `mask` holds, null elsewhere."""
    return pl.select(pl.when(mask).then(values)).to_series()


def _bound_masks(field_: frictionless.Field, values: pl.Series, is_missing: pl.Series,
                 checked: pl.Series) -> list[tuple[str, pl.Series]]:
    """Constraint masks for cells read vectorised (the others carry their own notes)."""
    constraints = field_.constraints
    reader = field_.create_value_reader()
    present = checked & ~is_missing
    masks = []
    for name in field_.supported_constraints:
        bound = constraints.get(name)
        if bound is None:
            continue
        if name == "required":
            if bound:
                masks.append((name, is_missing))
            continue
        if name == "enum":
            allowed = [v for v in map(reader, bound) if isinstance(v, int)]
            masks.append((name, present & ~values.is_in(allowed)))
            continue
        limit = reader(bound)
        if not isinstance(limit, int):
            raise Unsupported(f"unreadable bound {bound!r}")
        broken = {"minimum": values < limit, "maximum": values > limit,
                  "exclusiveMinimum": values <= limit, "exclusiveMaximum": values >= limit}
        if name not in broken:
            raise Unsupported(f"constraint {name} on integers")
        masks.append((name, present & broken[name].fill_null(False)))
    return masks


def _cell_errors(field_: frictionless.Field, column: pl.Series,
                 notes_of: dict[str, dict]) -> list[_Error]:
    """Errors for the rows whose cell frictionless' reader gave notes for."""
    if not notes_of:
        return []
    rows = np.flatnonzero(column.is_in(list(notes_of)).to_numpy())
    cells = column.gather(rows).to_list()
    errors = []
    for row, cell in zip(rows.tolist(), cells, strict=True):
        for kind, note in notes_of[cell].items():
            code = "type-error" if kind == "type" else "constraint-error"
            errors.append(_Error(code, row + 2, field_.name, str(cell), note))
    return errors


def _mask_errors(field_: frictionless.Field, column: pl.Series,
                 masks: list[tuple[str, pl.Series]]) -> list[_Error]:
    """Constraint errors for every row a mask marks, with frictionless' note."""
    errors = []
    for name, mask in masks:
        rows = np.flatnonzero(mask.fill_null(False).to_numpy())
        if not len(rows):
            continue
        note = f'constraint "{name}" is "{field_.constraints[name]}"'
        for row, cell in zip(rows.tolist(), column.gather(rows).to_list(), strict=True):
            errors.append(_Error("constraint-error", row + 2, field_.name, str(cell), note))
    return errors


@dataclass
class Checked:
    """A table read column by column: its typed columns by field name."""

    resource: Resource
    table: Table
    frame: pl.DataFrame
    columns: dict[str, Typed]


def read_columns(resource: Resource, table: Table) -> Checked:
    """Type every column of a table whose header is exactly its schema's field names."""
    schema = schema_of(resource)
    if table.header != schema.field_names:
        raise Unsupported("the header differs from the schema")
    frame = frame_of(table)
    columns = {f.name: type_column(f, frame[f.name]) for f in schema.fields}
    return Checked(resource, table, frame, columns)


def check_table(checked: Checked, lookup) -> list[Problem]:
    """Every problem frictionless would report for one regular table, and more quickly."""
    resource, table = checked.resource, checked.table
    errors = [e for column in checked.columns.values() for e in column.errors]
    if checked.columns:
        blank = pl.DataFrame([c.missing for c in checked.columns.values()]).select(
            pl.all_horizontal(pl.all())).to_series()
        errors += [_Error("blank-row", row + 2) for row in np.flatnonzero(blank.to_numpy())]
    schema = resource.schema
    for name in [f.get("name") for f in resource.fields
                 if (f.get("constraints") or {}).get("unique")]:
        errors += _unique_errors(checked, name)
    primary = key_fields(schema.get("primaryKey"))
    if primary:
        errors += _primary_key_errors(checked, primary)
    for fk in schema.get("foreignKeys") or []:
        if isinstance(fk, dict) and isinstance(fk.get("reference"), dict):
            errors += _foreign_key_errors(checked, fk, lookup)
    return _problems(resource, table, errors)


def _unique_errors(checked: Checked, name: str) -> list[_Error]:
    """Repeated values of a unique field; each names the previous row with the same value."""
    keys = checked.columns[name].keys
    errors = []
    for row, previous in _repeats(pl.DataFrame({"k": keys}), drop_all_null=True):
        cell = checked.frame[name][row]
        value = checked.columns[name].reader(cell)[0]
        errors.append(_Error("unique-error", row + 2, name, str(value),
                             f"the same as in the row at position {previous + 2}"))
    return errors


def _primary_key_errors(checked: Checked, primary: list[str]) -> list[_Error]:
    """Blank and repeated primary keys, as frictionless words them."""
    frame = pl.DataFrame({f"k{i}": checked.columns[n].keys for i, n in enumerate(primary)})
    errors = []
    blank = np.flatnonzero(frame.select(pl.all_horizontal(pl.all().is_null())).to_series()
                           .to_numpy())
    for row in blank.tolist():
        errors.append(_Error("primary-key", row + 2,
                             note='cells composing the primary keys are all "None"'))
    for row, previous in _repeats(frame, drop_all_null=True):
        errors.append(_Error("primary-key", row + 2,
                             note=f"the same as in the row at position {previous + 2}"))
    return errors


def _repeats(frame: pl.DataFrame, drop_all_null: bool) -> Iterator[tuple[int, int]]:
    """(row, previous row with the same key) for every repeated key; nulls compare equal."""
    frame = frame.with_row_index("_row")
    keys = [c for c in frame.columns if c != "_row"]
    if drop_all_null:
        frame = frame.filter(~pl.all_horizontal([pl.col(k).is_null() for k in keys]))
    repeated = frame.filter(pl.struct(keys).is_duplicated())
    last: dict[tuple, int] = {}
    for row in repeated.iter_rows():
        key = row[1:]
        if key in last:
            yield row[0], last[key]
        last[key] = row[0]



def _foreign_key_errors(checked: Checked, fk: dict, lookup) -> list[_Error]:
    """Rows whose typed key is not among the referenced table's typed keys."""
    ref = fk.get("reference") or {}
    fields, ref_fields = key_fields(fk.get("fields")), key_fields(ref.get("fields"))
    target_name = ref.get("resource") or checked.resource.name
    target = checked if target_name == checked.resource.name else lookup(target_name)
    if target is None or not fields or len(fields) != len(ref_fields):
        return []  # frictionless is not given such a key (see table._frictionless_descriptor)
    if not set(ref_fields) <= set(target.columns) or not set(fields) <= set(checked.columns):
        raise Unsupported("a foreign key names fields that are not in the table")
    known = set(pl.DataFrame({f"k{i}": target.columns[n].keys for i, n in enumerate(ref_fields)})
                .filter(~pl.all_horizontal(pl.all().is_null())).unique().iter_rows())
    frame = pl.DataFrame({f"k{i}": _as_text(checked.columns[n].keys, target.columns[r].keys)
                          for i, (n, r) in enumerate(zip(fields, ref_fields, strict=True))})
    known = {tuple(_same(v, frame[f"k{i}"].dtype) for i, v in enumerate(key)) for key in known}
    frame = frame.with_row_index("_row").filter(
        ~pl.all_horizontal([pl.col(c).is_null() for c in frame.columns]))
    combos = frame.drop("_row").unique()
    missing = [key for key in combos.iter_rows() if key not in known]
    if not missing:
        return []
    bad = pl.DataFrame(missing, schema=combos.schema, orient="row")
    rows = frame.join(bad, on=list(combos.columns), how="semi", nulls_equal=True)["_row"]
    errors = []
    for row in sorted(rows.to_list()):
        values = [checked.columns[n].reader(checked.frame[n][row])[0] for n in fields]
        errors.append(_Error("foreign-key", row + 2, None, note="", field_names=fields,
                             field_cells=["" if v is None else str(v) for v in values],
                             reference_name=ref.get("resource") or "",
                             reference_field_names=ref_fields))
    return errors


def _as_text(keys: pl.Series, other: pl.Series) -> pl.Series:
    """Keys in the other side's representation (integers as tagged text when they differ)."""
    if keys.dtype == other.dtype:
        return keys
    return ("n:" + keys.cast(pl.String)) if keys.dtype == pl.Int64 else keys


def _same(value: object, dtype: pl.DataType) -> object:
    """A referenced key value in the representation of the referring column."""
    if dtype == pl.String and isinstance(value, int):
        return f"n:{value}"
    return value


def check_tables(package: Package, tables: dict[str, Table]) -> list[Problem]:
    """Schema checks of a package's readable tables: large ones vectorised, others frictionless.

    If anything in a large table is beyond the vectorised checks, the whole package goes to
    frictionless, so the problems are always frictionless' problems.
    """
    large = sorted(name for name, table in tables.items() if is_large(table))
    if not large:
        return check_with_frictionless(package, tables)
    try:
        return _check_vectorised(package, tables, large)
    except Unsupported:
        return check_with_frictionless(package, tables)


def check_with_frictionless(package: Package, tables: dict[str, Table]) -> list[Problem]:
    """frictionless' checks (table.check_tables), imported late so tests can count the calls."""
    from .table import check_tables as frictionless_checks

    return frictionless_checks(package, tables) if tables else []


def _check_vectorised(package: Package, tables: dict[str, Table], large: list[str]
                      ) -> list[Problem]:
    """Large tables column by column; the rest with frictionless, keys into large ones here."""
    read: dict[str, Checked] = {}

    def lookup(name: str) -> Checked | None:
        if name not in read and name in tables:
            read[name] = read_columns(package.resource(name), tables[name])
        return read.get(name)

    for name in large:
        lookup(name)
    problems: list[Problem] = []
    small = {name: table for name, table in tables.items() if name not in read}
    for name in sorted(small):
        resource = package.resource(name)
        keys = [fk for fk in resource.schema.get("foreignKeys") or []
                if isinstance(fk, dict) and isinstance(fk.get("reference"), dict)
                and fk["reference"].get("resource") in read]
        if keys:  # frictionless is not given keys into the large tables: check them here
            errors = [e for fk in keys for e in _foreign_key_errors(lookup(name), fk, lookup)]
            problems += _problems(resource, tables[name], errors)
    for name in large:
        problems += check_table(read[name], lookup)
    return check_with_frictionless(package, small) + problems
