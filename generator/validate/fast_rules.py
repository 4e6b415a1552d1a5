"""The programme's rules on large tables: vectorised filters, then the exact Decimal rules.

For a table of at least VECTORISED_ROWS rows, each rule first picks, with polars, the rows that
could break it (a superset: float arithmetic with a margin, string comparisons for dates; the
filters of a table run in one select); rules.py's own functions then judge only those rows
with Decimal arithmetic, so the problems and messages are exactly rules.py's. Keys into other
packages are judged once per distinct key. Smaller tables go to rules.py directly.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

import polars as pl

from ..packages import Package, Resource, key_fields
from ..problems import Problem
from . import fast, rules, wholes
from .descriptor import release_date
from .table import Table

# rules.is_formula as a pattern: a lone "-" (a common "nil") is text.
FORMULA = r"(?s)^([=+@\t\r]|-.)"
PLAIN_DECIMAL = r"^[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)$"
# Relative margin of the float pre-filters: far wider than float64's error on printed figures.
MARGIN = 1e-9
# Tables with at least this many rows get the vectorised rules; rules.py is quicker on fewer.
VECTORISED_ROWS = 500


def check_rules(package: Package, resource: Resource, table: Table,
                plain: dict[str, pl.Series] | None = None) -> list[Problem]:
    """rules.check_rules, with each rule run only on the rows that could break it.

    `plain`: columns already known to hold only blanks and integers polars parses (the cell
    checks found it), with those integers (Int64, null where blank), which are then not read
    again.
    """
    frame = _frame(table)
    if frame is None:
        return rules.check_rules(package, resource, table)
    # The rules' descriptor problems, from a table with the header and no rows.
    problems = rules.check_rules(package, resource, Table(table.header, [], [1], False))
    fields = {f.get("name"): f for f in resource.fields}
    checks: list[tuple[Callable[[list], list[Problem]], pl.Expr]] = []
    text = [n for n in table.header if fields.get(n, {}).get("type", "string") == "string"]
    if text:
        checks.append((partial(rules._formula_cells, resource, table, fields),
                       pl.any_horizontal([pl.col(n).str.contains(FORMULA) for n in text])))
    created = release_date(package.descriptor.get("created"))
    dated = [n for n, f in fields.items() if n in table.header and (
        f.get("type") in ("date", "yearmonth") or f.get("temporal"))]
    if dated and created is not None:
        # A date after the release starts with a later (or the same) YYYY-MM, unless the cell
        # starts with something else than a digit (space, sign), which the exact check then
        # judges. Compared as whole strings: a cell sorts at or after the YYYY-MM exactly when
        # its first 7 characters do, and before "0" or at or after ":" (the byte after "9",
        # so after any YYYY-MM too) exactly when it does not start with a digit.
        later = pl.any_horizontal([(pl.col(n) >= created[:7])
                                   | ((pl.col(n) < "0") & (pl.col(n) != "")) for n in dated])
        checks.append((partial(rules._dates_after_release, package, resource, fields), later))
    ruled = [rule for rule in (resource.descriptor.get("rules") or [] if isinstance(
        resource.descriptor.get("rules"), list) else [])
        if isinstance(rule, dict) and rule.get("rule") in PREFILTERS
        # a rule naming an unknown field is reported as a descriptor problem above
        and all(n in fields and n in table.header for n in rules._rule_fields(rule))]
    named = sorted({n for r in ruled for n in rules._rule_fields(r)})
    known = plain or {}
    sure: dict[str, pl.Series | None] = {n: known[n] for n in named if n in known}
    sure |= dict.fromkeys(_plain_integers(frame, [n for n in named if n not in known]))
    for rule in ruled:
        checks.append((partial(rules.RULES[rule["rule"]], resource, fields, rule=rule),
                       PREFILTERS[rule["rule"]](rule, fields, sure)))
    if not checks:
        return problems
    # Every rule's candidate rows from one select (in parallel, shared casts computed once).
    masks = frame.lazy().select([mask.fill_null(False).alias(str(i))
                                 for i, (_, mask) in enumerate(checks)]).collect()
    found = masks.select(pl.all().any()).row(0)
    for (check, _), column, any_row in zip(checks, masks.columns, found, strict=True):
        if any_row:
            problems += check(records(frame, table, masks[column]))
    return problems


def records(frame: pl.DataFrame, table: Table, mask: pl.Series
            ) -> list[tuple[int, dict[str, str]]]:
    """rules._records of the rows `mask` picks: blank rows are left out, as there."""
    rows = mask.arg_true().to_list()  # (polars alone: `opendata validate` loads no numpy)
    picked = frame[rows] if rows else frame.clear()
    return [(table.lines[row + 1], dict(zip(table.header, cells, strict=True)))
            for row, cells in zip(rows, picked.iter_rows(), strict=True)
            if any(c.strip() for c in cells)]


def _number(name: str) -> pl.Expr:
    """A plain decimal cell as a float (null otherwise: those are `_unsure`)."""
    return pl.col(name).cast(pl.Float64, strict=False)


def _unsure(name: str, sure: dict[str, pl.Series | None]) -> pl.Expr:
    """Cells that are not plain decimals (' 5', 1e3, 1_000, NaN ...): the exact rule judges.

    None in a column of `sure` (all plain integers or blank)."""
    if name in sure:
        return pl.lit(False)
    return (~pl.col(name).str.contains(PLAIN_DECIMAL) | _number(name).is_null()) & (
        pl.col(name) != "")


def _plain_integers(frame: pl.DataFrame, names: list[str]) -> set[str]:
    """The columns whose every cell is blank or an integer polars parses: `[+-]?[0-9]+`, a
    plain decimal that polars also parses as a float (both tested), so no cell is `_unsure`."""
    if not names:
        return set()
    plain = frame.select([(pl.col(n).cast(pl.Int64, strict=False).is_not_null()
                           | (pl.col(n) == "")).all().alias(n)
                          for n in names]).row(0, named=True)
    return {n for n, all_plain in plain.items() if all_plain}


def _frame(table: Table) -> pl.DataFrame | None:
    """The table as a frame when the vectorised rules should run; None: rules.py runs instead.

    They run on tables of at least VECTORISED_ROWS rows that polars can frame.
    """
    if fast.row_count(table) < VECTORISED_ROWS:
        return None
    try:
        return fast.frame_of(table)
    except fast.Unsupported:
        return None


def _half(name: str, fields: dict) -> pl.Expr:
    """Half a unit of the last printed digit (rules.half_unit) for plain decimals."""
    if fields[name].get("type") == "integer":
        return pl.lit(0.0)
    decimals = pl.col(name).str.extract(r"\.([0-9]*)$", 1).str.len_chars().fill_null(0)
    return 0.5 * pl.lit(10.0).pow(-decimals.cast(pl.Float64))


def _at_most(rule: dict, fields: dict, sure: dict[str, pl.Series | None]) -> pl.Expr:
    """Rows where the count may exceed its total (float order is exact up to ties)."""
    name, limit = rule["field"], rule["limit"]
    value, total = sure.get(name), sure.get(limit)
    if value is not None and total is not None:
        # Both read already as the integers the rule's Decimals are: exactly its rows.
        return pl.lit((value > total).fill_null(False))
    value, total = _number(name), _number(limit)
    tie = (value == total) & (pl.col(name) != pl.col(limit))
    return (value > total).fill_null(False) | tie.fill_null(False) | _unsure(
        name, sure) | _unsure(limit, sure)


def _percent_of(rule: dict, fields: dict, sure: dict[str, pl.Series | None]) -> pl.Expr:
    """Rows where the percentage may fall outside what part / whole allows after rounding."""
    names = [rule[k] for k in ("field", "part", "whole")]
    (pct, part, whole), (dpct, dp, dw) = ([_number(n) for n in names],
                                          [_half(n, fields) for n in names])
    low = 100 * pl.max_horizontal(part - dp, pl.lit(0.0)) / (whole + dw)
    high = pl.when(whole - dw > 0).then(100 * (part + dp) / (whole - dw)).otherwise(
        float("inf"))
    # float's error here is relative to the bounds and the percentage (parts and wholes of
    # millions do not widen it); an infinite high bound (whole within its rounding of 0) makes
    # the tolerance infinite and the row a candidate.
    tolerance = MARGIN * (1 + pct.abs() + dpct + low.abs() + high.abs())
    outside = (pct + dpct < low + tolerance) | (pct - dpct > high - tolerance)
    return outside.fill_null(False) | pl.any_horizontal([_unsure(n, sure) for n in names])


def _sum_of(rule: dict, fields: dict, sure: dict[str, pl.Series | None]) -> pl.Expr:
    """Rows where the total may differ from the sum of its parts by more than the rounding."""
    names = [rule["field"], *rule["parts"]]
    total, parts = _number(names[0]), [_number(n) for n in names[1:]]
    slack = pl.sum_horizontal([_half(n, fields) for n in names])
    difference = (total - pl.sum_horizontal(parts)).abs()
    tolerance = MARGIN * (1 + total.abs() + pl.sum_horizontal([p.abs() for p in parts]))
    return (difference > slack - tolerance).fill_null(False) | pl.any_horizontal(
        [_unsure(n, sure) for n in names])


PREFILTERS: dict[str, Callable[[dict, dict, dict[str, pl.Series | None]], pl.Expr]] = {
    "at-most": _at_most,
    "percent-of": _percent_of,
    "sum-of": _sum_of,
}


def check_external_keys(resource: Resource, table: Table,
                        lookup: Callable[[str, str], tuple[Resource, Table] | None],
                        plain: dict[str, pl.Series] | None = None) -> list[Problem]:
    """rules.check_external_keys, judging each distinct key once instead of every row.

    `plain`: integer columns the cell checks read whole (every cell blank or a plain
    integer), with their integers; a key of such columns is made distinct by its integers.
    """
    frame = _frame(table)
    if frame is None:
        return rules.check_external_keys(resource, table, lookup)
    keys = resource.schema.get("externalForeignKeys")
    fields = {f.get("name"): f for f in resource.fields}
    checks = []
    for fk in keys if isinstance(keys, list) else []:
        ref = fk.get("reference") if isinstance(fk, dict) else None
        if not isinstance(ref, dict):
            continue
        key, ref_key = key_fields(fk.get("fields")), key_fields(ref.get("fields"))
        if not all(isinstance(ref.get(k), str) for k in ("package", "resource")):
            continue
        target = lookup(ref["package"], ref["resource"])
        if target is None or not key or len(key) != len(ref_key):
            continue
        if any(n not in table.header for n in key):
            return rules.check_external_keys(resource, table, lookup)
        checks.append((key, ref, ref_key, rules.known_keys(*target, ref_key)))
    # Each distinct key is judged once (the distinct keys of every check found in parallel);
    # blank keys are skipped, as rules.py skips them.
    known_ints = plain or {}
    sides = [pl.DataFrame({f"k{i}": known_ints[n] for i, n in enumerate(key)})
             if all(n in known_ints for n in key) else frame.select(key) for key, *_ in checks]
    distinct = pl.collect_all([side.lazy().unique() for side in sides])
    problems: list[Problem] = []
    for (key, ref, ref_key, known), side, combos in zip(checks, sides, distinct, strict=True):
        # A plain integer's text is its value's (str), so canonical reads it as the cell.
        bad = [combo for combo in combos.iter_rows()
               if not all(c is None or not str(c).strip() for c in combo)
               and tuple(rules.canonical("" if c is None else str(c), fields.get(n, {}))
                         for c, n in zip(combo, key, strict=True)) not in known]
        if not bad:
            continue
        failing = side.with_row_index("_row").join(
            pl.DataFrame(bad, schema=combos.schema, orient="row"), on=side.columns, how="semi",
            nulls_equal=True)
        rows = failing.get_column("_row").sort().to_list()
        for row, cells in zip(rows, frame.select(key)[rows].iter_rows(), strict=True):
            problems.append(Problem(
                resource.display_path, table.lines[row + 1], "+".join(key), "foreign-key",
                f"expected a value present in {ref['package']}/{ref['resource']}."
                f"{'+'.join(ref_key)}, found {'+'.join(cells)!r}"))
    return problems


def check_cross_table(package: Package, resource: Resource,
                      lookup: Callable[[str, str], tuple[Resource, Table] | None]
                      ) -> list[Problem]:
    """wholes.check (parts-within-whole), judging on a large table only the rows that could
    break a rule: those above their whole's figure in float arithmetic with a margin, cells
    that are not plain decimals, and every row of a date that may hold every part."""
    if not wholes.rules_of(resource):
        return []
    own = lookup(package.name, resource.name)
    if own is None or _frame(own[1]) is None:
        return wholes.check(package, resource, lookup)
    return wholes.check(package, resource, lookup, pick=_part_candidates)


def _part_candidates(rule: wholes.Prepared, table: Table) -> list[tuple[int, dict[str, str]]]:
    """The rows of a large table the exact rule must judge (a superset of those it flags)."""
    if any(n not in table.header for n in (rule.field, rule.date, rule.part)):
        return list(rules.records(table))  # a column the file lacks: every row, as rules.py
    frame = fast.frame_of(table)
    limits = {}
    for cell in frame.get_column(rule.date).unique().to_list():
        day = wholes.day_of(cell or "")
        limit = rule.limit(day) if day is not None else None
        if limit is not None:
            limits[cell] = float(limit[0])
    bound = pl.col(rule.date).replace_strict(limits, default=None, return_dtype=pl.Float64)
    value = _number(rule.field)
    mask = (value > bound - MARGIN * (1 + bound.abs())).fill_null(False) | (
        _unsure(rule.field, {}) & bound.is_not_null())
    if rule.every_part is not None:
        # A date can be complete only with at least as many distinct cells as parts (two
        # spellings of one code count twice here, once there: a superset).
        counts = frame.group_by(rule.date).agg(pl.col(rule.part).n_unique().alias("n"))
        dates = counts.filter(pl.col("n") >= len(rule.every_part)).get_column(rule.date)
        mask = mask | pl.col(rule.date).is_in(dates.implode())
    return records(frame, table, frame.select(mask.alias("m")).get_column("m"))
