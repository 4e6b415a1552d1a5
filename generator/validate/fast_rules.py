"""The programme's rules on large tables: vectorised filters, then the exact Decimal rules.

Each rule first picks, with polars, the rows that could break it (a superset: float arithmetic
with a margin, string prefixes for dates); rules.py's own functions then judge only those rows
with Decimal arithmetic, so the problems and messages are exactly rules.py's.
"""

from __future__ import annotations

from collections.abc import Callable

import polars as pl

from ..packages import Package, Resource, key_fields
from ..problems import Problem
from . import fast, rules
from .table import Table

FORMULA = r"^[=+\-@\t\r]"
# What Python's str.strip() removes (polars alone would keep a few of these).
WHITESPACE = "".join(chr(c) for c in range(0x3001) if chr(c).isspace())
PLAIN_DECIMAL = r"^[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)$"
# Relative margin of the float pre-filters: far wider than float64's error on printed figures.
MARGIN = 1e-9


def check_rules(package: Package, resource: Resource, table: Table) -> list[Problem]:
    """rules.check_rules, with each rule run only on the rows that could break it."""
    if not fast.is_large(table):
        return rules.check_rules(package, resource, table)
    try:
        frame = fast.frame_of(table)
    except fast.Unsupported:
        return rules.check_rules(package, resource, table)
    # The rules' descriptor problems, from a table with the header and no rows.
    problems = rules.check_rules(package, resource, Table(table.header, [], [1], False))
    fields = {f.get("name"): f for f in resource.fields}
    frame = frame.with_row_index("_row")

    def records(mask: pl.Expr) -> list[tuple[int, dict[str, str]]]:
        """rules._records of the rows `mask` picks: blank rows are left out, as there."""
        return [(table.lines[row[0] + 1], dict(zip(table.header, row[1:], strict=True)))
                for row in frame.filter(mask).iter_rows() if any(c.strip() for c in row[1:])]

    text = [n for n in table.header if fields.get(n, {}).get("type", "string") == "string"]
    if text:
        candidates = records(pl.any_horizontal([pl.col(n).str.contains(FORMULA) for n in text]))
        problems += rules._formula_cells(resource, table, fields, candidates)
    created = str(package.descriptor.get("created") or "")[:10]
    dated = [n for n, f in fields.items() if n in table.header and (
        f.get("type") in ("date", "yearmonth") or f.get("temporal"))]
    if dated and len(created) == 10:
        # A date after the release starts with a later (or the same) YYYY-MM, unless the cell
        # starts with something else (space, sign), which the exact check then judges.
        later = pl.any_horizontal([(pl.col(n).str.slice(0, 7) >= created[:7])
                                   | (~pl.col(n).str.contains("^[0-9]") & (pl.col(n) != ""))
                                   for n in dated])
        problems += rules._dates_after_release(package, resource, fields, records(later))
    for rule in resource.descriptor.get("rules") or [] if isinstance(
            resource.descriptor.get("rules"), list) else []:
        if not isinstance(rule, dict) or rule.get("rule") not in PREFILTERS:
            continue
        names = rules._rule_fields(rule)
        if any(n not in fields or n not in table.header for n in names):
            continue  # reported as a descriptor problem above
        mask = PREFILTERS[rule["rule"]](rule, fields)
        problems += rules.RULES[rule["rule"]](resource, fields, records(mask), rule)
    return problems


def _stripped(name: str) -> pl.Expr:
    """A cell without the whitespace Python's str.strip() removes."""
    return pl.col(name).str.strip_chars(WHITESPACE)


def _number(name: str) -> pl.Expr:
    """A plain decimal cell as a float (null otherwise: those are `_unsure`)."""
    return pl.col(name).cast(pl.Float64, strict=False)


def _unsure(name: str) -> pl.Expr:
    """Cells that are not plain decimals (' 5', 1e3, 1_000, NaN ...): the exact rule judges."""
    return (~pl.col(name).str.contains(PLAIN_DECIMAL) | _number(name).is_null()) & (
        pl.col(name) != "")


def _half(name: str, fields: dict) -> pl.Expr:
    """Half a unit of the last printed digit (rules.half_unit) for plain decimals."""
    if fields[name].get("type") == "integer":
        return pl.lit(0.0)
    decimals = pl.col(name).str.extract(r"\.([0-9]*)$", 1).str.len_chars().fill_null(0)
    return 0.5 * pl.lit(10.0).pow(-decimals.cast(pl.Float64))


def _at_most(rule: dict, fields: dict) -> pl.Expr:
    """Rows where the count may exceed its total (float order is exact up to ties)."""
    name, limit = rule["field"], rule["limit"]
    value, total = _number(name), _number(limit)
    tie = (value == total) & (pl.col(name) != pl.col(limit))
    return (value > total).fill_null(False) | tie.fill_null(False) | _unsure(name) | _unsure(
        limit)


def _percent_of(rule: dict, fields: dict) -> pl.Expr:
    """Rows where the percentage may fall outside what part / whole allows after rounding."""
    names = [rule[k] for k in ("field", "part", "whole")]
    (pct, part, whole), (dpct, dp, dw) = ([_number(n) for n in names],
                                          [_half(n, fields) for n in names])
    low = 100 * pl.max_horizontal(part - dp, pl.lit(0.0)) / (whole + dw)
    high = pl.when(whole - dw > 0).then(100 * (part + dp) / (whole - dw)).otherwise(
        float("inf"))
    tolerance = MARGIN * (1 + pct.abs() + low.abs() + part.abs() + whole.abs())
    outside = (pct + dpct < low + tolerance) | (pct - dpct > high - tolerance)
    return outside.fill_null(False) | pl.any_horizontal([_unsure(n) for n in names])


def _sum_of(rule: dict, fields: dict) -> pl.Expr:
    """Rows where the total may differ from the sum of its parts by more than the rounding."""
    names = [rule["field"], *rule["parts"]]
    total, parts = _number(names[0]), [_number(n) for n in names[1:]]
    slack = pl.sum_horizontal([_half(n, fields) for n in names])
    difference = (total - pl.sum_horizontal(parts)).abs()
    tolerance = MARGIN * (1 + total.abs() + pl.sum_horizontal([p.abs() for p in parts]))
    return (difference > slack - tolerance).fill_null(False) | pl.any_horizontal(
        [_unsure(n) for n in names])


PREFILTERS: dict[str, Callable[[dict, dict], pl.Expr]] = {
    "at-most": _at_most,
    "percent-of": _percent_of,
    "sum-of": _sum_of,
}


def check_external_keys(resource: Resource, table: Table,
                        lookup: Callable[[str, str], tuple[Resource, Table] | None]
                        ) -> list[Problem]:
    """rules.check_external_keys, judging each distinct key once instead of every row."""
    if not fast.is_large(table):
        return rules.check_external_keys(resource, table, lookup)
    try:
        frame = fast.frame_of(table)
    except fast.Unsupported:
        return rules.check_external_keys(resource, table, lookup)
    keys = resource.schema.get("externalForeignKeys")
    problems: list[Problem] = []
    fields = {f.get("name"): f for f in resource.fields}
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
        ref_resource, ref_table = target
        ref_fields = {f.get("name"): f for f in ref_resource.fields}
        known = {tuple(rules.canonical(r.get(n) or "", ref_fields.get(n, {})) for n in ref_key)
                 for _, r in rules._records(ref_table)}
        present = frame.select(key).with_row_index("_row").filter(
            ~pl.all_horizontal([_stripped(n) == "" for n in key]))
        combos = present.select(key).unique()
        bad = [combo for combo in combos.iter_rows()
               if tuple(rules.canonical(c, fields.get(n, {}))
                        for c, n in zip(combo, key, strict=True)) not in known]
        if not bad:
            continue
        failing = present.join(pl.DataFrame(bad, schema=combos.schema, orient="row"),
                               on=key, how="semi")
        for row in failing.sort("_row").iter_rows():
            cells = list(row[1:])
            problems.append(Problem(
                resource.display_path, table.lines[row[0] + 1], "+".join(key), "foreign-key",
                f"expected a value present in {ref['package']}/{ref['resource']}."
                f"{'+'.join(ref_key)}, found {'+'.join(cells)!r}"))
    return problems

