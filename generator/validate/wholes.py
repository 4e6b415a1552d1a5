"""The rule across tables, `parts-within-whole`: parts (e.g. regions) never exceed their whole.

Declared in a resource's `rules` like the other programme rules:

    {"rule": "parts-within-whole", "field": "households_lakh", "date": "as_of",
     "part": "region_code", "whole": "national" (a resource, or "package/resource"),
     "whole_field": "households_crore", "whole_date": "as_of" (default: `date`),
     "whole_rows": {"level": "national"} (optional: the whole's rows among others),
     "within_days": 60 (optional), "parts_from": "codes/regions" (optional),
     "parts_field": "region_code" (default: `part`), "severity": "error", "why": "..."}

For each row, its figure may not exceed the whole's figure for the same date, each allowed its
rounding (`exceeds-whole`, an error unless `severity` says otherwise, at the part's row). With
`within_days`, a date the whole does not report is compared with the whole's nearest date
within that many days. With `parts_from`, a date on which every part listed there has exactly
one row is complete: the parts' sum is compared with each of the whole's figures of that date,
allowing every printed figure its rounding (`parts-sum-inconsistent`, a warning at the whole's
row). Units come from the fields' `unit`: 'lakh households' and 'crore households' differ by a
factor of 100; units that differ otherwise are a descriptor problem.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal

from ..packages import Package, Resource
from ..problems import ERROR, WARNING, Problem
from .rules import CROSS_TABLE, canonical, half_unit, number, records
from .table import Table

RULE = "parts-within-whole"
assert RULE in CROSS_TABLE
# Powers of ten of the words a unit may start with ('lakh households' = 10^5 households).
SCALES = {"thousand": 3, "lakh": 5, "million": 6, "crore": 7, "billion": 9}
Lookup = Callable[[str, str], "tuple[Resource, Table] | None"]


@dataclass(frozen=True)
class Whole:
    """One figure of the whole: its row, date, value and half a unit of its last digit."""

    line: int
    date: dt.date
    cell: str
    value: Decimal
    half: Decimal


@dataclass(frozen=True)
class Prepared:
    """A checked rule with the whole's figures by date, in the part's unit."""

    rule: dict
    field: str
    date: str
    part: str
    whole_path: str
    whole_field: str
    scale: Decimal
    wholes: dict[dt.date, list[Whole]]
    within_days: int
    every_part: frozenset | None  # the parts a complete date holds; None: no sum is made

    def nearest(self, day: dt.date) -> list[Whole]:
        """The whole's figures of `day`, else of its nearest date within `within_days`."""
        if day in self.wholes or not self.within_days:
            return self.wholes.get(day, [])
        near = [d for d in self.wholes if abs((d - day).days) <= self.within_days]
        if not near:
            return []
        return self.wholes[min(near, key=lambda d: (abs((d - day).days), d))]

    def limit(self, day: dt.date) -> tuple[Decimal, Whole] | None:
        """The most a part may be on `day` (the smallest whole plus its rounding, in the
        part's unit) and the whole's figure that sets it."""
        wholes = self.nearest(day)
        if not wholes:
            return None
        binding = min(wholes, key=lambda w: (w.value + w.half, w.line))
        return (binding.value + binding.half) * self.scale, binding


def rules_of(resource: Resource) -> list[tuple[int, dict]]:
    """The resource's rules of this kind, with their index in `rules`."""
    declared = resource.descriptor.get("rules")
    return [(i, r) for i, r in enumerate(declared if isinstance(declared, list) else [])
            if isinstance(r, dict) and r.get("rule") == RULE]


def references(resource: Resource) -> list[str]:
    """The other packages the rules name ('package/resource' in whole or parts_from)."""
    names = []
    for _, rule in rules_of(resource):
        for key in ("whole", "parts_from"):
            value = rule.get(key)
            if isinstance(value, str) and "/" in value:
                names.append(value.split("/", 1)[0])
    return names


def check(package: Package, resource: Resource, lookup: Lookup,
          pick: Callable[[Prepared, Table], list] | None = None) -> list[Problem]:
    """Every problem of the resource's parts-within-whole rules.

    `pick` chooses the rows each rule judges (fast_rules: only those that could break it);
    by default every row.
    """
    problems: list[Problem] = []
    for index, rule in rules_of(resource):
        where = f"resources[{package.resources.index(resource)}].rules[{index}]"
        prepared, found = prepare(package, resource, rule, where, lookup)
        problems += found
        if prepared is None:
            continue
        own = lookup(package.name, resource.name)
        if own is None:
            continue
        table = own[1]
        rows = pick(prepared, table) if pick else list(records(table))
        problems += list(judge(resource, prepared, rows))
    return problems


def prepare(package: Package, resource: Resource, rule: dict, where: str,
            lookup: Lookup) -> tuple[Prepared | None, list[Problem]]:
    """The rule checked against both descriptors, with the whole's figures; or its problems."""
    def refused(message: str) -> tuple[None, list[Problem]]:
        return None, [Problem(package.descriptor_display, None, where, "descriptor-error",
                              f"rule {RULE!r}: {message}")]

    fields = {f.get("name"): f for f in resource.fields}
    names = {k: rule.get(k) for k in ("field", "date", "part", "whole", "whole_field")}
    missing = [k for k, v in names.items() if not isinstance(v, str) or not v]
    if missing:
        return refused(f"expected {', '.join(missing)} (names), found none")
    unknown = [names[k] for k in ("field", "date", "part") if names[k] not in fields]
    if unknown:
        return refused(f"names unknown fields {unknown}")
    target = _resolve(package, names["whole"], lookup)
    if target is None:
        return refused(f"expected 'whole' to name a readable resource of this package or "
                       f"'package/resource', found {names['whole']!r}")
    whole_resource, whole_table = target
    whole_fields = {f.get("name"): f for f in whole_resource.fields}
    whole_date = rule.get("whole_date") or names["date"]
    if not isinstance(whole_date, str):
        return refused(f"expected whole_date to name a field, found {whole_date!r}")
    filters = rule.get("whole_rows") or {}
    if not isinstance(filters, dict):
        return refused(f"expected whole_rows to be an object, found {filters!r}")
    unknown = [n for n in (names["whole_field"], whole_date, *filters) if n not in whole_fields]
    if unknown:
        return refused(f"names unknown fields {unknown} of {names['whole']}")
    within = rule.get("within_days", 0)
    if not isinstance(within, int) or isinstance(within, bool) or within < 0:
        return refused(f"expected within_days to be a whole number of days, found {within!r}")
    scale = unit_scale(whole_fields[names["whole_field"]].get("unit"),
                       fields[names["field"]].get("unit"))
    if scale is None:
        return refused(f"expected units that differ only by a factor such as lakh or crore, "
                       f"found {fields[names['field']].get('unit')!r} and "
                       f"{whole_fields[names['whole_field']].get('unit')!r}")
    every, problem = _every_part(package, rule, fields[names["part"]], lookup)
    if problem:
        return refused(problem)
    wholes: dict[dt.date, list[Whole]] = defaultdict(list)
    wanted = {k: canonical(str(v), whole_fields[k]) for k, v in filters.items()}
    for line, record in records(whole_table):
        if any(canonical(record.get(k) or "", whole_fields[k]) != v for k, v in wanted.items()):
            continue
        day, cell = day_of(record.get(whole_date) or ""), record.get(names["whole_field"]) or ""
        value = number(cell)
        if day is not None and value is not None:
            wholes[day].append(Whole(line, day, cell, value,
                                     half_unit(cell, whole_fields[names["whole_field"]])))
    return Prepared(rule, names["field"], names["date"], names["part"],
                    whole_resource.display_path, names["whole_field"], scale, dict(wholes),
                    within, every), []


def judge(resource: Resource, rule: Prepared, rows: list[tuple[int, dict[str, str]]]
          ) -> Iterator[Problem]:
    """The rule's problems on these rows: each part within its whole; complete dates' sums."""
    fields = {f.get("name"): f for f in resource.fields}
    field, why = fields[rule.field], f" ({rule.rule['why']})" if rule.rule.get("why") else ""
    severity = rule.rule.get("severity") if rule.rule.get("severity") in (ERROR, WARNING) else ERROR
    by_day: dict[dt.date, list[tuple[int, dict[str, str]]]] = defaultdict(list)
    for line, record in rows:
        day, cell = day_of(record.get(rule.date) or ""), record.get(rule.field) or ""
        value = number(cell)
        if day is None:
            continue
        by_day[day].append((line, record))
        limit = rule.limit(day) if value is not None else None
        if limit is not None and value - half_unit(cell, field) > limit[0]:
            whole = limit[1]
            near = "" if whole.date == day else f", the nearest date within {rule.within_days} days"
            yield Problem(resource.display_path, line, rule.field, "exceeds-whole",
                          f"expected at most {rule.rule['whole']}.{rule.whole_field} of "
                          f"{whole.date}{near}, {whole.cell} (= "
                          f"{_plain(whole.value * rule.scale)}{_unit(field)}; "
                          f"{rule.whole_path}:{whole.line}), found {cell}{why}", severity)
    if rule.every_part is None:
        return
    for day in sorted(by_day):
        parts = by_day[day]
        keys = [canonical(r.get(rule.part) or "", fields[rule.part]) for _, r in parts]
        cells = [r.get(rule.field) or "" for _, r in parts]
        if (len(set(keys)) != len(keys) or not rule.every_part <= set(keys)
                or any(number(c) is None for c in cells)):
            continue  # not every part reports once: no sum to compare
        total = sum((number(c) for c in cells), Decimal(0))
        slack = sum((half_unit(c, field) for c in cells), Decimal(0))
        for whole in rule.wholes.get(day, []):
            allowed = slack + whole.half * rule.scale
            if abs(total - whole.value * rule.scale) > allowed:
                yield Problem(rule.whole_path, whole.line, rule.whole_field,
                              "parts-sum-inconsistent",
                              f"expected the sum of {rule.field} over the {len(parts)} parts "
                              f"of {day} in {resource.display_path}, {_plain(total)}"
                              f"{_unit(field)} (= {_plain(total / rule.scale)}), allowing "
                              f"{_plain(allowed / rule.scale)} for rounding; found "
                              f"{whole.cell}{why}", WARNING)


def unit_scale(whole: object, part: object) -> Decimal | None:
    """How many of the part's unit one of the whole's unit is ('crore x', 'lakh x': 100)."""
    def split(unit: object) -> tuple[int, str]:
        words = str(unit or "").strip().lower().split(maxsplit=1)
        if words and words[0] in SCALES:
            return SCALES[words[0]], words[1] if len(words) > 1 else ""
        return 0, " ".join(words)

    (whole_power, whole_rest), (part_power, part_rest) = split(whole), split(part)
    if whole_rest != part_rest:
        return None
    return Decimal(10) ** (whole_power - part_power)


def day_of(cell: str) -> dt.date | None:
    """A cell as a calendar day (YYYY-MM-DD), or None (a month or a year is not a day)."""
    try:
        return dt.date.fromisoformat(cell.strip()) if len(cell.strip()) == 10 else None
    except ValueError:
        return None


def _resolve(package: Package, name: str, lookup: Lookup) -> tuple[Resource, Table] | None:
    """A resource of this package by name, or of another as 'package/resource'."""
    owner, _, resource = name.rpartition("/")
    return lookup(owner or package.name, resource)


def _every_part(package: Package, rule: dict, part_field: dict, lookup: Lookup
                ) -> tuple[frozenset | None, str]:
    """The parts a complete date holds, from `parts_from`; None when the rule gives none."""
    source = rule.get("parts_from")
    if source is None:
        return None, ""
    target = _resolve(package, source, lookup) if isinstance(source, str) else None
    if target is None:
        return None, (f"expected parts_from to name a readable resource of this package or "
                      f"'package/resource', found {source!r}")
    name = rule.get("parts_field") or rule.get("part")
    listed, table = target
    fields = {f.get("name"): f for f in listed.fields}
    if not isinstance(name, str) or name not in fields:
        return None, f"names unknown field {name!r} of {source}"
    return frozenset(canonical(r.get(name) or "", part_field) for _, r in records(table)
                     if (r.get(name) or "").strip()), ""


def _plain(value: Decimal) -> str:
    """A Decimal without exponent or trailing zeros: 1932.00 -> '1932'."""
    return format(value.normalize(), "f")


def _unit(field: dict) -> str:
    """' lakh households' for a field with a unit, else ''."""
    unit = str(field.get("unit") or "").strip()
    return f" {unit}" if unit else ""
