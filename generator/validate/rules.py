"""The programme's own rules, beyond Table Schema: totals, percentages, dates, keys, safety."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
from decimal import Decimal, InvalidOperation

from ..packages import Package, Resource, key_fields
from ..problems import ERROR, WARNING, Problem
from .descriptor import release_date
from .table import Table

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# Rules across tables (wholes.py): checked once every table is read, not with the table alone.
CROSS_TABLE = frozenset({"parts-within-whole"})
_YEARMONTH = re.compile(r"^\d{4}-\d{2}$")


def number(cell: str) -> Decimal | None:
    """A cell as a Decimal, or None when blank or not a number."""
    try:
        value = Decimal(cell.strip())
    except (InvalidOperation, AttributeError):
        return None
    return value if value.is_finite() else None


def half_unit(cell: str, field: dict) -> Decimal:
    """Half a unit of the last printed digit: the rounding a published number may carry."""
    if field.get("type") == "integer":
        return Decimal(0)
    exponent = Decimal(cell.strip()).as_tuple().exponent
    return Decimal(5) * Decimal(10) ** (exponent - 1) if isinstance(exponent, int) else Decimal(0)


def canonical(cell: str, field: dict) -> object:
    """A cell in a comparable form for its field type (so 01 and 1 match as integers)."""
    if field.get("type") in ("integer", "number"):
        value = number(cell)
        return value.normalize() if value is not None else cell
    return cell


def check_rules(package: Package, resource: Resource, table: Table) -> list[Problem]:
    """Every programme-rule problem in one table."""
    fields = {f.get("name"): f for f in resource.fields}
    records = list(_records(table))
    problems: list[Problem] = list(_formula_labels(resource, table))
    problems.extend(_formula_cells(resource, table, fields, records))
    problems.extend(_dates_after_release(package, resource, fields, records))
    where = f"resources[{package.resources.index(resource)}].rules"
    rules = resource.descriptor.get("rules") or []
    if not isinstance(rules, list):
        problems.append(Problem(package.descriptor_display, None, where, "descriptor-error",
                                f"expected a list of rules, found {type(rules).__name__}"))
        rules = []
    for rule in rules:
        if isinstance(rule, dict) and rule.get("rule") in CROSS_TABLE:
            continue  # checked with the other table (wholes.check)
        checker = RULES.get(rule.get("rule")) if isinstance(rule, dict) else None
        if checker is None:
            problems.append(Problem(package.descriptor_display, None, where,
                                    "descriptor-error",
                                    f"expected a rule among {', '.join(sorted(RULES.keys() | CROSS_TABLE))}, "
                                    f"found {rule!r}"))
            continue
        missing = [n for n in _rule_fields(rule) if n not in fields]
        if missing:
            problems.append(Problem(package.descriptor_display, None, where,
                                    "descriptor-error",
                                    f"rule {rule['rule']!r} names unknown fields {missing}"))
            continue
        problems.extend(checker(resource, fields, records, rule))
    return problems


def _records(table: Table) -> Iterator[tuple[int, dict[str, str]]]:
    """(physical line, {field: cell}) for each non-blank record."""
    for index, row in enumerate(table.rows, start=1):
        if any(cell.strip() for cell in row):
            yield table.lines[index], dict(zip(table.header, row, strict=False))


records = _records  # for the rules across tables (wholes.py)


def _rule_fields(rule: dict) -> list[str]:
    """Every field a rule names."""
    names = [rule.get(k) for k in ("field", "limit", "part", "whole")]
    return [n for n in names + list(rule.get("parts") or []) if n]


def _severity(rule: dict, default: str) -> str:
    """A rule's severity (error or warning)."""
    return rule.get("severity") if rule.get("severity") in (ERROR, WARNING) else default


def _why(rule: dict) -> str:
    """The rule's stated reason, as a suffix."""
    return f" ({rule['why']})" if rule.get("why") else ""


def is_formula(cell: str) -> bool:
    """Whether a spreadsheet would run the text as a formula.

    A lone `-` is not one: official tables print it for "nil", and a spreadsheet shows it as
    text (fast_rules.FORMULA says the same as a pattern).
    """
    return cell.startswith(FORMULA_START) and cell != "-"


def _formula_labels(resource: Resource, table: Table) -> Iterator[Problem]:
    """Header cells a spreadsheet would run as a formula (every column's label is text)."""
    for label in table.header:
        if is_formula(label):
            yield Problem(resource.display_path, 1, label, "formula-injection",
                          f"expected a column name not starting with = + - @ or a control "
                          f"character, found {label[:40]!r}; a spreadsheet would run it")


def _formula_cells(resource: Resource, table: Table, fields: dict,
                   records: list) -> Iterator[Problem]:
    """Text cells a spreadsheet would run as a formula."""
    text_fields = [n for n in table.header if fields.get(n, {}).get("type", "string") == "string"]
    for line, record in records:
        for name in text_fields:
            cell = record.get(name) or ""
            if is_formula(cell):
                yield Problem(resource.display_path, line, name, "formula-injection",
                              f"expected text not starting with = + - @ or a control "
                              f"character, found {cell[:40]!r}; a spreadsheet would run it")


def _date_value(cell: str, field: dict) -> str | None:
    """A dated cell as an ISO prefix for comparison (YYYY-MM or YYYY-MM-DD), or None."""
    kind = field.get("type")
    cell = cell.strip()
    if kind == "date" or (kind == "string" and field.get("temporal")):
        try:
            if _YEARMONTH.match(cell):
                return cell
            return dt.date.fromisoformat(cell).isoformat()
        except ValueError:
            return None
    if kind == "yearmonth" and _YEARMONTH.match(cell):
        return cell
    return None


def _dates_after_release(package: Package, resource: Resource, fields: dict,
                         records: list) -> Iterator[Problem]:
    """Dated values later than the package's release date (`created`)."""
    created = release_date(package.descriptor.get("created"))
    if created is None:  # reported by the descriptor check
        return
    dated = [n for n, f in fields.items()
             if f.get("type") in ("date", "yearmonth") or f.get("temporal")]
    for line, record in records:
        for name in dated:
            value = _date_value(record.get(name) or "", fields[name])
            if value is not None and value > created[: len(value)]:
                yield Problem(resource.display_path, line, name, "date-after-release",
                              f"expected a date on or before the release date {created}, "
                              f"found {value}")


def _at_most(resource: Resource, fields: dict, records: list, rule: dict) -> Iterator[Problem]:
    """A count may not exceed its total."""
    name, limit = rule["field"], rule["limit"]
    for line, record in records:
        value, total = number(record.get(name) or ""), number(record.get(limit) or "")
        if value is not None and total is not None and value > total:
            yield Problem(resource.display_path, line, name, "exceeds-total",
                          f"expected at most {limit} = {record[limit]}, found {record[name]}"
                          f"{_why(rule)}", _severity(rule, ERROR))


def _percent_of(resource: Resource, fields: dict, records: list, rule: dict) -> Iterator[Problem]:
    """A percentage agrees with part/whole, allowing each printed value its rounding."""
    name, part, whole = rule["field"], rule["part"], rule["whole"]
    for line, record in records:
        cells = [record.get(n) or "" for n in (name, part, whole)]
        pct, p, w = (number(c) for c in cells)
        if pct is None or p is None or w is None or w <= 0:
            continue
        dpct, dp, dw = (half_unit(c, fields[n]) for c, n in zip(cells, (name, part, whole),
                                                                  strict=True))
        low = 100 * max(p - dp, Decimal(0)) / (w + dw)
        high = 100 * (p + dp) / (w - dw) if w - dw > 0 else Decimal("Infinity")
        if pct + dpct < low or pct - dpct > high:
            computed = 100 * p / w
            yield Problem(resource.display_path, line, name, "percent-inconsistent",
                          f"expected about {computed:.2f} (= 100 x {part} {cells[1]} / {whole} "
                          f"{cells[2]}, allowing for rounding), found {cells[0]}{_why(rule)}",
                          _severity(rule, WARNING))


def _sum_of(resource: Resource, fields: dict, records: list, rule: dict) -> Iterator[Problem]:
    """A total agrees with the sum of its parts, allowing each printed value its rounding."""
    name, parts = rule["field"], list(rule["parts"])
    for line, record in records:
        cells = [record.get(n) or "" for n in [name, *parts]]
        values = [number(c) for c in cells]
        if any(v is None for v in values):
            continue
        slack = sum((half_unit(c, fields[n]) for c, n in zip(cells, [name, *parts],
                                                             strict=True)), Decimal(0))
        total = sum(values[1:], Decimal(0))
        if abs(values[0] - total) > slack:
            yield Problem(resource.display_path, line, name, "sum-inconsistent",
                          f"expected {' + '.join(parts)} = {total} (allowing {slack} for "
                          f"rounding), found {cells[0]}{_why(rule)}", _severity(rule, WARNING))


RULES: dict[str, Callable[..., Iterator[Problem]]] = {
    "at-most": _at_most,
    "percent-of": _percent_of,
    "sum-of": _sum_of,
}


def check_external_keys(resource: Resource, table: Table,
                        lookup: Callable[[str, str], tuple[Resource, Table] | None]
                        ) -> list[Problem]:
    """Foreign keys into other packages (frictionless checks only keys inside one package)."""
    problems: list[Problem] = []
    fields = {f.get("name"): f for f in resource.fields}
    keys = resource.schema.get("externalForeignKeys")
    for fk in keys if isinstance(keys, list) else []:
        ref = fk.get("reference") if isinstance(fk, dict) else None
        if not isinstance(ref, dict):
            continue  # reported by the descriptor check
        key, ref_key = key_fields(fk.get("fields")), key_fields(ref.get("fields"))
        if not all(isinstance(ref.get(k), str) for k in ("package", "resource")):
            continue
        target = lookup(ref["package"], ref["resource"])
        if target is None or not key or len(key) != len(ref_key):
            continue  # reported by the descriptor check, or the file's own problems
        known = known_keys(*target, ref_key)
        for line, record in _records(table):
            cells = [record.get(n) or "" for n in key]
            if all(not c.strip() for c in cells):
                continue
            value = tuple(canonical(c, fields.get(n, {})) for c, n in zip(cells, key,
                                                                           strict=True))
            if value not in known:
                problems.append(Problem(
                    resource.display_path, line, "+".join(key), "foreign-key",
                    f"expected a value present in {ref['package']}/{ref['resource']}."
                    f"{'+'.join(ref_key)}, found {'+'.join(cells)!r}"))
    return problems



def known_keys(resource: Resource, table: Table, key: list[str]) -> set[tuple]:
    """A referenced table's keys as check_external_keys compares them; read once per table
    and key (a table of codes is often referred to by most tables)."""
    known = table.__dict__.setdefault("_known_keys", {})
    if tuple(key) not in known:
        fields = {f.get("name"): f for f in resource.fields}
        known[tuple(key)] = {tuple(canonical(r.get(n) or "", fields.get(n, {})) for n in key)
                             for _, r in _records(table)}
    return known[tuple(key)]
