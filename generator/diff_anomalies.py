"""Anomalies of a release diff: changes a journalist should look at before quoting the new data.

The role of a numeric field is read from the new schema, so the rules apply to any package that
follows datasets/README.md:

- coverage: a percent field (unit "percent");
- households: a count of households (unit ending in "households");
- total: a field named `total_*` or `*_total*`, or the limit of an `at-most` rule or the whole
  of a `percent-of` rule that has no other role.

Fields that measure what is still missing ("balance", "without") have no role: their fall is
progress, not news. Numbers are compared as Decimals; a blank cell is "not reported".
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from .packages import Resource
from .validate.rules import number

Key = tuple[str, ...]
Record = dict[str, str]

DOWN = {"coverage": "coverage-down", "households": "households-down", "total": "total-down"}
EXCEEDS_TOTAL = "exceeds-total"
NOT_REPORTED = "now-not-reported"
WORDS = {"coverage": "coverage", "households": "household count", "total": "total"}
NO_ROLE = ("balance", "without")
TIME_TYPES = {"date", "datetime", "yearmonth", "year"}
NUMERIC = {"integer", "number"}


@dataclass(frozen=True)
class Anomaly:
    """A change worth a journalist's attention, at a row of the new side and a field."""

    code: str
    line: int
    field: str
    key: Key
    label: str
    old: str | None
    new: str
    message: str


def field_roles(resource: Resource) -> dict[str, str]:
    """The role of each numeric field that has one: coverage, households or total."""
    limits = {r.get("limit") for r in _rules(resource, "at-most")}
    limits |= {r.get("whole") for r in _rules(resource, "percent-of")}
    roles: dict[str, str] = {}
    for f in resource.fields:
        name, unit = str(f.get("name", "")), str(f.get("unit") or "").strip().lower()
        if f.get("type") not in NUMERIC or any(word in name for word in NO_ROLE):
            continue
        if name.startswith("total_") or "_total" in name:
            roles[name] = "total"
        elif unit == "percent":
            roles[name] = "coverage"
        elif unit.endswith("households"):
            roles[name] = "households"
        elif name in limits:
            roles[name] = "total"
    return roles


def count_limits(resource: Resource, roles: dict[str, str]) -> list[tuple[str, str]]:
    """(count, total) pairs a row must respect: `at-most` rules, and household counts against
    totals of the same unit when no rule says so (a rule of error severity never gets here:
    validation refuses such a row)."""
    pairs = [(str(r.get("field")), str(r.get("limit"))) for r in _rules(resource, "at-most")]
    units = {str(f.get("name")): f.get("unit") for f in resource.fields}
    totals = [n for n, role in roles.items() if role == "total"]
    for name, role in roles.items():
        for total in totals:
            if (role == "households" and units[name] == units[total]
                    and (name, total) not in pairs):
                pairs.append((name, total))
    return pairs


def time_field(resource: Resource, key_fields: tuple[str, ...]) -> str | None:
    """The key field that dates a row (a date type, or `temporal: true`), if any."""
    fields = {f.get("name"): f for f in resource.fields}
    for name in key_fields:
        f = fields.get(name) or {}
        if f.get("type") in TIME_TYPES or f.get("temporal") is True:
            return name
    return None


def find_anomalies(resource: Resource, key_fields: tuple[str, ...],
                   old_records: dict[Key, tuple[int, Record]],
                   new_records: dict[Key, tuple[int, Record]],
                   changed_keys: list[Key], added_keys: list[Key],
                   label_fields: tuple[str, ...] = ()) -> list[Anomaly]:
    """Every anomaly of a resource's changed and added rows, in line and field order.

    A row is named by the first of `label_fields` it fills (the publication's
    figures.context_fields), else by its first filled field whose name ends in 'name'.
    """
    labels = label_fields or tuple(str(f.get("name")) for f in resource.fields
                                   if str(f.get("name", "")).endswith("name"))
    roles = field_roles(resource)
    limits = count_limits(resource, roles)
    numeric = [str(f.get("name")) for f in resource.fields if f.get("type") in NUMERIC]
    found: list[Anomaly] = []
    for key in changed_keys:
        _, old = old_records[key]
        line, new = new_records[key]
        label = _label(new, labels)
        for name in numeric:
            before, after = old.get(name), new.get(name)
            if before is None or after is None:
                continue
            if before.strip() and not after.strip():
                found.append(Anomaly(NOT_REPORTED, line, name, key, label, before, after,
                                     f"was {before}, now blank (not reported)"))
            elif name in roles and _lower(after, before):
                found.append(Anomaly(DOWN[roles[name]], line, name, key, label, before, after,
                                     f"{WORDS[roles[name]]} revised down from {before} to "
                                     f"{after} in the same row"))
        found.extend(_exceeding(key, line, new, old, limits, labels))
    history = _history(resource, key_fields, new_records)
    for key in added_keys:
        line, new = new_records[key]
        found.extend(_exceeding(key, line, new, None, limits, labels))
        if history is not None:
            found.extend(_fallen(key, line, new, history, roles, labels))
    order = {name: i for i, name in enumerate(str(f.get("name")) for f in resource.fields)}
    return sorted(found, key=lambda a: (a.line, order.get(a.field, len(order)), a.code))


def _exceeding(key: Key, line: int, new: Record, old: Record | None,
               limits: list[tuple[str, str]], labels: tuple[str, ...]) -> Iterator[Anomaly]:
    """Counts above their total in a new or changed row (not already above it before)."""
    for count, total in limits:
        if _lower(new.get(total, ""), new.get(count, "")):
            if old is not None and _lower(old.get(total, ""), old.get(count, "")):
                continue
            yield Anomaly(EXCEEDS_TOTAL, line, count, key, _label(new, labels),
                          old.get(count) if old is not None else None, new[count],
                          f"{new[count]} is more than its total {total} ({new[total]})")


@dataclass(frozen=True)
class _History:
    """The rows of a dated table grouped by what they describe (the key without its date)."""

    time: str
    entity_fields: tuple[str, ...]
    rows: dict[Key, list[tuple[str, int, Record]]]


def _history(resource: Resource, key_fields: tuple[str, ...],
             new_records: dict[Key, tuple[int, Record]]) -> _History | None:
    """Rows by entity, oldest first; None when the key has no date."""
    time = time_field(resource, key_fields)
    if time is None:
        return None
    entity_fields = tuple(k for k in key_fields if k != time)
    rows: dict[Key, list[tuple[str, int, Record]]] = {}
    for line, record in new_records.values():
        entity = tuple(record[k] for k in entity_fields)
        rows.setdefault(entity, []).append((record[time], line, record))
    for entries in rows.values():
        entries.sort(key=lambda e: (e[0], e[1]))
    return _History(time, entity_fields, rows)


def _fallen(key: Key, line: int, new: Record, history: _History,
            roles: dict[str, str], labels: tuple[str, ...]) -> Iterator[Anomaly]:
    """Figures of an added row below the latest earlier figure for the same entity."""
    when = new[history.time]
    earlier = [e for e in history.rows[tuple(new[k] for k in history.entity_fields)]
               if e[0] < when]
    for name, role in roles.items():
        previous = next(((t, n, r[name]) for t, n, r in reversed(earlier)
                         if number(r.get(name, "")) is not None), None)
        if previous is not None and _lower(new.get(name, ""), previous[2]):
            t, n, value = previous
            yield Anomaly(DOWN[role], line, name, key, _label(new, labels), value, new[name],
                          f"{WORDS[role]} {new[name]} on {when} is below the {value} "
                          f"reported for {t} (line {n})")


def _lower(value: str, than: str) -> bool:
    """True when both cells are numbers and the first is smaller (Decimal comparison)."""
    a, b = number(value), number(than)
    return a is not None and b is not None and a < b


def _label(record: Record, fields: tuple[str, ...]) -> str:
    """A readable name for a row: its state, district or geography when it has one."""
    return next((record[f] for f in fields if record.get(f, "").strip()), "")


def _rules(resource: Resource, kind: str) -> list[dict]:
    """The resource's programme rules of one kind."""
    rules = resource.descriptor.get("rules")
    return [r for r in rules if isinstance(r, dict) and r.get("rule") == kind] \
        if isinstance(rules, list) else []
