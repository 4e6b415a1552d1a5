"""Vectorised Table Schema checks (polars), with frictionless' exact results.

frictionless checks about 38,000 rows a second; a village-level release has 600,000 rows, and
frictionless' own set-up costs some 50 ms a table. Every table of at least LARGE_TABLE_ROWS rows
(by default every table) is checked here column by column, and gets the same problems as
frictionless with no error limit:

- integers that polars parses (`[+-]?[0-9]+` within 64 bits, read to the same value as Python's
  `int`, which frictionless uses; a test holds polars to this) and text of the default format
  are checked vectorised, every column of a table in one polars select; every other cell is
  read by frictionless' own cell reader once per distinct value (types, formats and
  single-cell constraints exactly as frictionless reads them), and the result is mapped back
  onto the rows;
- unique, primary and foreign keys compare typed values, as frictionless does (so `01` and `1`
  are one integer), each distinct key once; only rows that break a key are looped over in
  Python.

Whatever this module does not handle exactly (a header that differs from the schema, ragged or
blank rows, a custom field format on a key, NaN in a key) raises `Unsupported`, and the caller
validates that table with frictionless instead: slower, never different.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from decimal import Decimal
from functools import partial
from typing import TYPE_CHECKING

import polars as pl

from ..packages import Package, Resource, key_fields
from ..problems import Problem
from . import fields, rows
from .table import Table, _problems
from .typed import Checked, Typed, Unsupported, foreign_key_sides, key_text
from .typed import Error as _Error

if TYPE_CHECKING:
    import frictionless

# Tables with at least this many rows are checked here; smaller ones go to frictionless (the
# tests compare both ways: frictionless stays the reference and the fallback).
LARGE_TABLE_ROWS = 0
NUMERIC = (int, float, Decimal)
# Distinct cells of a column whose frictionless reading is remembered across a table's blocks.
MEMO_CELLS = 10_000


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

    def record_count(self) -> int:
        return len(self.frame)

    def __repr__(self) -> str:
        return f"ColumnTable({len(self.frame)} rows x {len(self.header)} columns)"


class CountedTable(Table):
    """What `opendata validate` keeps of a table it checked block by block (batched.py): its
    header and how many records it has; its cells are gone, so asking for them is an error."""

    def __init__(self, header: list[str], height: int) -> None:
        object.__setattr__(self, "header", header)
        object.__setattr__(self, "height", height)
        object.__setattr__(self, "lines", range(1, height + 2))
        object.__setattr__(self, "has_bom", False)

    @property
    def rows(self) -> list[list[str]]:  # type: ignore[override]
        """Not kept: the table was checked in blocks and only counted."""
        raise TypeError("a table checked in blocks keeps no rows (validate with keep_tables)")

    def record_count(self) -> int:
        return self.height

    def __repr__(self) -> str:
        return f"CountedTable({self.height} rows x {len(self.header)} columns)"


def frame_of(table: Table) -> pl.DataFrame:
    """A table's cells as a polars frame of strings (regular tables only)."""
    if isinstance(table, ColumnTable):
        return table.frame
    frame = table.__dict__.get("_frame")
    if frame is None:
        width = len(table.header)
        if len(set(table.header)) != width or any(len(row) != width for row in table.rows):
            raise Unsupported("ragged rows or repeated column names")
        columns = list(zip(*table.rows, strict=True)) if table.rows else [()] * width
        frame = pl.DataFrame({name: pl.Series(name, list(values), dtype=pl.String)
                              for name, values in zip(table.header, columns, strict=True)})
        object.__setattr__(table, "_frame", frame)  # built once: the checks and rules share it
    return frame


def row_count(table: Table) -> int:
    """How many records a table has (without building a ColumnTable's rows)."""
    return table.record_count()


def is_large(table: Table) -> bool:
    """True for a table the vectorised checks should handle."""
    return row_count(table) >= LARGE_TABLE_ROWS


def schema_of(resource: Resource) -> fields.Schema | frictionless.Schema:
    """The resource's schema as frictionless reads it (fields, missingValues, keys): plain
    fields without frictionless (fields.py), any other schema by frictionless itself."""
    schema = resource.schema
    plain = fields.plain_schema(schema)
    if plain is not None:
        return plain
    from frictionless import FrictionlessException

    try:
        return fields.frictionless_schema(schema)
    except FrictionlessException as exc:
        raise Unsupported(f"frictionless cannot read the schema: {exc}") from exc


class _Plan:
    """One column's checks as polars expressions, in two stages over a table.

    `columns`: row-level results over the frame of strings (is the cell missing; integers as
    Int64), computed for every column of a table in one select and kept. `masks`: the rows that
    break each constraint, as expressions over those results; read_columns asks in a second
    select whether each finds any row, and `finish` finds the rows only of those that do,
    reading with frictionless only the distinct cells the expressions cannot judge.
    """

    def __init__(self, index: int, field_: frictionless.Field) -> None:
        self.field = field_
        self.prefix = f"{index}:"
        self.reader = field_.create_cell_reader()
        self.memo: dict = {}   # cell -> frictionless' reading, across a table's blocks
        missing = field_.missing_values if field_.has_defined("missing_values") else (
            field_.schema.missing_values if field_.schema else [""])
        self.cell = pl.col(field_.name)
        self.blank_is_missing = list(missing) == [""]   # and nothing else is
        self.columns = {"missing": self.cell == "" if self.blank_is_missing
                        else self.cell.is_in(list(missing))}
        self.masks: dict[str, pl.Expr] = {}   # constraint name -> rows that break it
        self.distinct = False                 # whether `finish` needs the distinct cells
        if field_.type == "integer" and field_.bare_number:
            self.kind = "integer"
            self._integer()
        elif field_.type == "string" and field_.format == "default":
            self.kind = "string"
            self._string()
        else:
            self.kind = "by-value"
            self.distinct = True

    def col(self, what: str) -> pl.Expr:
        """One of the row-level results, by name."""
        return pl.col(self.prefix + what)

    def named(self) -> list[pl.Expr]:
        """The row-level expressions, named for the table's select."""
        return [expr.alias(self.prefix + what) for what, expr in self.columns.items()]

    def flags(self) -> list[pl.Expr]:
        """Whether each check finds any row."""
        checks = {f"mask:{name}": mask for name, mask in self.masks.items()}
        if self.kind == "integer":
            checks["others"] = self.col("value").is_null() & ~self.col("missing")
        return [expr.fill_null(False).any().alias(self.prefix + what)
                for what, expr in checks.items()]

    def _integer(self) -> None:
        """Integers: cells polars parses are read here (as Python's int reads them, tested);
        others are read by frictionless once per distinct cell."""
        value = self.cell.cast(pl.Int64, strict=False)
        # A blank cell casts to null already: only other missing values need the condition.
        self.columns["value"] = value if self.blank_is_missing else pl.when(
            ~self.columns["missing"]).then(value)
        value, missing = self.col("value"), self.col("missing")
        constraints = self.field.constraints
        value_reader = self.field.create_value_reader()
        for name in self.field.supported_constraints:
            bound = constraints.get(name)
            if bound is None or (name == "required" and not bound):
                continue
            if name == "required":
                self.masks[name] = missing
            elif name == "enum":
                allowed = [v for v in map(value_reader, bound) if isinstance(v, int)]
                self.masks[name] = value.is_not_null() & ~value.is_in(allowed)
            else:
                limit = value_reader(bound)
                if not isinstance(limit, int):
                    raise Unsupported(f"unreadable bound {bound!r}")
                broken = {"minimum": value < limit, "maximum": value > limit,
                          "exclusiveMinimum": value <= limit, "exclusiveMaximum": value >= limit}
                if name not in broken:
                    raise Unsupported(f"constraint {name} on integers")
                self.masks[name] = broken[name]

    def _string(self) -> None:
        """Text of the default format: every check vectorised, patterns once per distinct value."""
        missing = self.columns["missing"]
        constraints = self.field.constraints
        value_reader = self.field.create_value_reader()
        for name in self.field.supported_constraints:
            if constraints.get(name) is None:
                continue
            if name == "required":
                if constraints[name]:
                    self.masks[name] = self.col("missing")
                continue
            if name == "enum":
                allowed = [a for a in map(value_reader, constraints["enum"]) if isinstance(a, str)]
                mask = ~missing & ~self.cell.is_in(allowed)
            elif name == "pattern":
                self.distinct = True        # judged by Python's re, once per distinct value
                continue
            elif name in ("minLength", "maxLength"):
                length, bound = self.cell.str.len_chars(), constraints[name]
                mask = ~missing & (length < bound if name == "minLength" else length > bound)
            else:
                raise Unsupported(f"constraint {name} on text")
            self.columns[f"mask:{name}"] = mask
            self.masks[name] = self.col(f"mask:{name}")

    def finish(self, frame: pl.DataFrame, computed: pl.DataFrame, found: dict,
               distinct: list | None) -> Typed:
        """The Typed column (`found`: which checks find rows, `distinct`: the column's cells)."""
        column = frame[self.field.name]
        if self.kind == "by-value":
            return self._by_value(column, distinct or [])
        errors: list[_Error] = []
        missing = computed[self.prefix + "missing"]
        if self.kind == "integer":
            keys: pl.Series | Callable[[], pl.Series] = computed[self.prefix + "value"]
            if found[self.prefix + "others"]:
                errors, fixes = self._integer_others(column, keys.is_null() & ~missing)
                if fixes:
                    keys = keys.fill_null(column.replace_strict(fixes, default=None,
                                                                return_dtype=pl.Int64))
        else:
            keys = partial(_text_keys, column, missing)
        masks = [mask.fill_null(False).alias(name) for name, mask in self.masks.items()
                 if found[f"{self.prefix}mask:{name}"]]
        rows = [(m.name, m) for m in computed.select(masks).iter_columns()] if masks else []
        if self.kind == "string" and distinct is not None:
            rows.append(("pattern", ~missing & column.is_in(self._unmatched(distinct))))
        rows.sort(key=lambda m: self.field.supported_constraints.index(m[0]))
        errors += _mask_errors(self.field, column, rows)
        typed = Typed(self.field.name, errors, self.reader, keys)
        # Every cell blank or an integer polars parses (fast_rules' "sure" columns).
        typed.plain_integers = (self.kind == "integer" and self.blank_is_missing
                                and not found[self.prefix + "others"])
        return typed

    def _integer_others(self, column: pl.Series, others: pl.Series
                        ) -> tuple[list[_Error], dict[str, int]]:
        """Cells polars does not parse as an integer (` 5`, `1_0`, `1e3`, `x`): frictionless."""
        read = {cell: self._read(cell) for cell in column.filter(others).unique().to_list()}
        fixes = {}
        for cell, (value, notes) in read.items():
            if value is not None and (not notes or "type" not in notes):
                if not isinstance(value, int) or not -2**63 <= value < 2**63:
                    raise Unsupported("an integer beyond 64 bits")
                fixes[cell] = value
        notes_of = {cell: notes for cell, (_, notes) in read.items() if notes}
        return _cell_errors(self.field, column, notes_of), fixes

    def _unmatched(self, distinct: list) -> list[str]:
        """Cells that do not match the pattern, as Python's re (frictionless') reads it."""
        pattern = re.compile(f"^{self.field.constraints['pattern']}$")
        return [c for c in distinct if c is not None and not pattern.match(c)]

    def _read(self, cell: str | None) -> tuple:
        """frictionless' reading of a cell, remembered for the next blocks of the same table
        (up to MEMO_CELLS distinct cells a column)."""
        found = self.memo.get(cell)
        if found is None:
            found = self.reader(cell)
            if len(self.memo) < MEMO_CELLS:
                self.memo[cell] = found
        return found

    def _by_value(self, column: pl.Series, distinct: list) -> Typed:
        """Any type: frictionless reads each distinct cell once; results are mapped to the rows."""
        read = {cell: self._read(cell) for cell in distinct}
        bad = {cell: notes for cell, (_, notes) in read.items() if notes}

        def keys() -> pl.Series:
            mapping = {cell: None if value is None else key_text(value)
                       for cell, (value, notes) in read.items()
                       if not notes or "type" not in notes}
            return column.replace_strict(mapping, default=None, return_dtype=pl.String)
        return Typed(self.field.name, _cell_errors(self.field, column, bad), self.reader, keys)


def _evaluate(frame: pl.DataFrame, expr: pl.Expr) -> pl.Series:
    """One expression over a frame, as a Series."""
    return frame.select(expr).to_series()


def _text_keys(column: pl.Series, missing: pl.Series) -> pl.Series:
    """Text cells as tagged keys, null where missing."""
    return _where(~missing, pl.select(pl.concat_str([pl.lit("s:"), column])).to_series())


def _where(mask: pl.Series, values: pl.Series) -> pl.Series:
    """`values` where `mask` holds, null elsewhere."""
    return pl.select(pl.when(mask).then(values)).to_series()


def _cell_errors(field_: frictionless.Field, column: pl.Series,
                 notes_of: dict[str, dict]) -> list[_Error]:
    """Errors for the rows whose cell frictionless' reader gave notes for."""
    if not notes_of:
        return []
    rows = column.is_in(list(notes_of)).arg_true()
    cells = column.gather(rows).to_list()
    errors = []
    for row, cell in zip(rows.to_list(), cells, strict=True):
        for kind, note in notes_of[cell].items():
            code = "type-error" if kind == "type" else "constraint-error"
            errors.append(_Error(code, row + 2, field_.name, str(cell), note))
    return errors


def _mask_errors(field_: frictionless.Field, column: pl.Series,
                 masks: list[tuple[str, pl.Series]]) -> list[_Error]:
    """Constraint errors for every row a mask marks, with frictionless' note."""
    errors = []
    for name, mask in masks:
        rows = mask.fill_null(False).arg_true()
        if not len(rows):
            continue
        note = f'constraint "{name}" is "{field_.constraints[name]}"'
        for row, cell in zip(rows.to_list(), column.gather(rows).to_list(), strict=True):
            errors.append(_Error("constraint-error", row + 2, field_.name, str(cell), note))
    return errors


class Columns:
    """A resource's schema and column plans, made once for every block of its table."""

    def __init__(self, resource: Resource) -> None:
        self.schema = schema_of(resource)
        self.plans = [_Plan(i, f) for i, f in enumerate(self.schema.fields)]


def read_checked(resource: Resource, table: Table) -> Checked:
    """A table's typed columns: in Python for a small table of plain fields (rows.py), with
    polars for any other (read_columns)."""
    if row_count(table) < rows.PYTHON_ROWS:
        schema = fields.plain_schema(resource.schema)
        if schema is not None:
            if table.header != schema.field_names:
                raise Unsupported("the header differs from the schema")
            return rows.read_rows(resource, table, schema, _cells(table))
    return read_columns(resource, table)


def _cells(table: Table) -> dict[str, list[str]]:
    """A table's cells, column by column (regular tables only, as frame_of)."""
    if isinstance(table, ColumnTable):
        return {name: table.frame[name].to_list() for name in table.header}
    width = len(table.header)
    if len(set(table.header)) != width or any(len(row) != width for row in table.rows):
        raise Unsupported("ragged rows or repeated column names")
    columns = list(zip(*table.rows, strict=True)) if table.rows else [()] * width
    return dict(zip(table.header, columns, strict=True))


def read_columns(resource: Resource, table: Table, made: Columns | None = None) -> Checked:
    """Type every column of a table whose header is exactly its schema's field names.

    One polars select computes the row-level results of every column (in parallel, each cell
    string read once); a second, over those, asks every check whether it finds anything and
    gives the distinct cells frictionless must read. Only checks that find something are
    looked at row by row. For a table read in blocks, `made` holds the plans made for its
    first block (they remember frictionless' readings of the cells so far).
    """
    made = made or Columns(resource)
    schema, plans = made.schema, made.plans
    if table.header != schema.field_names:
        raise Unsupported("the header differs from the schema")
    frame = frame_of(table)
    if not plans:
        return Checked(resource, table, frame, {})
    wanted = [plan for plan in plans if plan.distinct]
    computed = frame.lazy().select([e for plan in plans for e in plan.named()]
                                   + [plan.cell.alias(plan.prefix + "cell") for plan in wanted]
                                   ).collect()
    blank = pl.all_horizontal([plan.col("missing") for plan in plans])
    found = computed.lazy().select(
        [e for plan in plans for e in plan.flags()] + [blank.any().alias("blank")]
        + [plan.col("cell").unique().implode().alias(plan.prefix) for plan in wanted]
    ).collect().row(0, named=True)
    columns = {plan.field.name: plan.finish(frame, computed, found,
                                            found[plan.prefix] if plan.distinct else None)
               for plan in plans}
    blank_rows = _evaluate(computed, blank).arg_true().to_list() if found["blank"] else []
    return Checked(resource, table, frame, columns, blank_rows)


def cell_problems(checked: Checked) -> list[Problem]:
    """The problems of a table's cells and rows alone: types, constraints, blank rows."""
    return _problems(checked.resource, checked.table, _cell_errors_of(checked))


def _cell_errors_of(checked: Checked) -> list[_Error]:
    """The errors of every column, and the blank rows."""
    errors = [e for column in checked.columns.values() for e in column.errors]
    return errors + [_Error("blank-row", row + 2) for row in checked.blank]


def check_table(checked: Checked, lookup) -> list[Problem]:
    """Every problem frictionless would report for one regular table, and more quickly."""
    if checked.cells is not None:  # read by read_rows: checked in Python
        return rows.check_rows(checked, lookup)
    resource, table = checked.resource, checked.table
    errors = _cell_errors_of(checked)
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
    for row, previous in _repeats(pl.DataFrame({"k": keys})):
        cell = checked.frame[name][row]
        value = checked.columns[name].reader(cell)[0]
        errors.append(_Error("unique-error", row + 2, name, str(value),
                             f"the same as in the row at position {previous + 2}"))
    return errors


def _primary_key_errors(checked: Checked, primary: list[str]) -> list[_Error]:
    """Blank and repeated primary keys, as frictionless words them."""
    frame = pl.DataFrame({f"k{i}": checked.columns[n].keys for i, n in enumerate(primary)})
    errors = []
    if any(frame.null_count().row(0)):
        blank = frame.select(pl.all_horizontal(pl.all().is_null())).to_series().arg_true()
        for row in blank.to_list():
            errors.append(_Error("primary-key", row + 2,
                                 note='cells composing the primary keys are all "None"'))
    for row, previous in _repeats(frame):
        errors.append(_Error("primary-key", row + 2,
                             note=f"the same as in the row at position {previous + 2}"))
    return errors


def _repeats(frame: pl.DataFrame) -> Iterator[tuple[int, int]]:
    """(row, previous row with the same key) for every repeated key that is not all null.

    Nulls in a key of several fields compare equal. Only the rows of repeated keys are looped
    over, and none when counting distinct keys shows there are none.
    """
    keys = frame.columns
    present = ~pl.all_horizontal([pl.col(k).is_null() for k in keys])
    key = pl.col(keys[0]) if len(keys) == 1 else pl.struct(keys)
    counts = frame.select(present.sum().alias("rows"), key.filter(present).n_unique()
                          .alias("distinct")).row(0)
    if counts[0] == counts[1]:
        return
    rows = frame.select(present & key.is_duplicated()).to_series().arg_true().to_list()
    last: dict[tuple, int] = {}
    for row, value in zip(rows, frame[rows].iter_rows(), strict=True):
        if value in last:
            yield row, last[value]
        last[value] = row


def _foreign_key_errors(checked: Checked, fk: dict, lookup) -> list[_Error]:
    """Rows whose typed key is not among the referenced table's typed keys."""
    sides = foreign_key_sides(checked, fk, lookup)
    if sides is None:
        return []
    fields, ref_fields, target = sides
    ref = fk.get("reference") or {}
    pairs = [(checked.columns[n].keys, target.columns[r].keys)
             for n, r in zip(fields, ref_fields, strict=True)]
    frame = pl.DataFrame({f"k{i}": _as_text(keys, other) for i, (keys, other) in enumerate(pairs)})
    known = pl.DataFrame({f"k{i}": _as_text(other, keys) for i, (keys, other) in enumerate(pairs)})
    # Each distinct key is judged once (nulls equal, as in a tuple); a key of nulls only is
    # never looked for, and never found.
    present = ~pl.all_horizontal(pl.all().is_null())
    missing = frame.unique().filter(present).join(known.filter(present).unique(),
                                                  on=known.columns, how="anti", nulls_equal=True)
    if not missing.height:
        return []
    rows = frame.with_row_index("_row").join(missing, on=known.columns, how="semi",
                                             nulls_equal=True)["_row"]
    errors = []
    for row in sorted(rows.to_list()):
        values = [checked.columns[n].reader(checked.frame[n][row])[0] for n in fields]
        errors.append(_Error("foreign-key", row + 2, None, note="", field_names=fields,
                             field_cells=["" if v is None else str(v) for v in values],
                             reference_name=ref.get("resource") or "",
                             reference_field_names=ref_fields))
    return errors


def _as_text(keys: pl.Series, other: pl.Series) -> pl.Series:
    """Keys in a representation shared with the other side's (integers as tagged text, as
    key_text writes them, when one side is text)."""
    if keys.dtype == other.dtype:
        return keys
    return ("n:" + keys.cast(pl.String)) if keys.dtype == pl.Int64 else keys


def check_tables(package: Package, tables: dict[str, Table],
                 checked: dict[str, Checked] | None = None) -> list[Problem]:
    """Schema checks of a package's readable tables: large ones vectorised, others frictionless.

    If anything in a large table is beyond the vectorised checks, the whole package goes to
    frictionless, so the problems are always frictionless' problems. `checked`: tables whose
    cells were checked block by block (batched.py), given as their key columns; only their
    keys are checked here, and Unsupported is raised, as frictionless would need their cells.
    """
    if checked:
        large = sorted({*(n for n, t in tables.items() if is_large(t)), *checked})
        return _check_vectorised(package, tables, large, checked)
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


def _check_vectorised(package: Package, tables: dict[str, Table], large: list[str],
                      checked: dict[str, Checked] | None = None) -> list[Problem]:
    """Large tables column by column; the rest with frictionless, keys into large ones here."""
    read: dict[str, Checked] = dict(checked or {})

    def lookup(name: str) -> Checked | None:
        if name not in read and name in tables:
            read[name] = read_checked(package.resource(name), tables[name])
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
