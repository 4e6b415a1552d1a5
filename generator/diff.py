"""Release diff: what changed between two states of datasets/, package by package, row by row.

Rows are matched by their primary key and compared as the published strings; anomalies (see
diff_anomalies) read the numbers as Decimals. Formatting is in diff_markdown and `to_dict`.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field

from .diff_anomalies import Anomaly, Key, Record, find_anomalies
from .packages import Package, Resource
from .validate import Validation
from .validate.table import Table

ADDED, REMOVED, CHANGED, UNCHANGED = "added", "removed", "changed", "unchanged"
# Shown separately (version, date) or compared on their own (resources, schema).
_PACKAGE_OWN = {"resources", "version", "created"}
_RESOURCE_OWN = {"schema", "name"}
_FIELD_OWN = {"name", "type", "format", "unit", "constraints"}
_SCHEMA_OWN = {"fields", "primaryKey", "foreignKeys", "externalForeignKeys"}



@dataclass(frozen=True)
class Snapshot:
    """One side of a diff: a label and its packages with their parsed tables."""

    label: str
    packages: tuple[Package, ...]
    tables: Mapping[tuple[str, str], Table] = field(repr=False)


def snapshot(label: str, validation: Validation) -> Snapshot:
    """A diff side from a validation result."""
    return Snapshot(label, validation.packages, validation.tables)


@dataclass(frozen=True)
class CellChange:
    """One cell whose published string changed."""

    field: str
    old: str
    new: str


@dataclass(frozen=True)
class RowRef:
    """A row added or removed: its key, physical line and cells in header order."""

    key: Key
    line: int
    values: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class RowChange:
    """A row present on both sides (same key) with the cells that changed."""

    key: Key
    old_line: int
    new_line: int
    changes: tuple[CellChange, ...]


@dataclass(frozen=True)
class SchemaChange:
    """A change of a resource's Table Schema: a field added, removed, retyped, and so on."""

    change: str
    field: str | None
    old: str | None
    new: str | None


@dataclass(frozen=True)
class ResourceDiff:
    """What changed in one resource."""

    name: str
    path: str
    status: str
    key_fields: tuple[str, ...]
    rows_old: int | None
    rows_new: int | None
    metadata: tuple[str, ...] = ()
    schema: tuple[SchemaChange, ...] = ()
    added: tuple[RowRef, ...] = ()
    removed: tuple[RowRef, ...] = ()
    changed: tuple[RowChange, ...] = ()
    anomalies: tuple[Anomaly, ...] = ()

    @property
    def rows_added(self) -> int:
        """Rows added (every row of a new resource)."""
        return (self.rows_new or 0) if self.status == ADDED else len(self.added)

    @property
    def rows_removed(self) -> int:
        """Rows removed (every row of a removed resource)."""
        return (self.rows_old or 0) if self.status == REMOVED else len(self.removed)


@dataclass(frozen=True)
class PackageDiff:
    """What changed in one data package."""

    name: str
    title: str
    status: str
    version: tuple[str | None, str | None]
    created: tuple[str | None, str | None]
    metadata: tuple[str, ...]
    resources: tuple[ResourceDiff, ...]

    def total(self, attribute: str) -> int:
        """Sum of a count over the resources: rows_added, rows_removed, changed, schema, ..."""
        return sum(_count(getattr(r, attribute)) for r in self.resources)


@dataclass(frozen=True)
class Diff:
    """Every difference between two sides, package by package."""

    old: str
    new: str
    packages: tuple[PackageDiff, ...]

    def total(self, attribute: str) -> int:
        """Sum of a count over every package."""
        return sum(p.total(attribute) for p in self.packages)

    def statuses(self) -> dict[str, int]:
        """How many packages were added, removed, changed and unchanged."""
        return {s: sum(1 for p in self.packages if p.status == s)
                for s in (ADDED, REMOVED, CHANGED, UNCHANGED)}

    @property
    def anomalies(self) -> list[tuple[PackageDiff, ResourceDiff, Anomaly]]:
        """Every anomaly with its package and resource, in output order."""
        return [(p, r, a) for p in self.packages for r in p.resources for a in r.anomalies]


def _count(value: object) -> int:
    """A count from an int or a tuple."""
    return value if isinstance(value, int) else len(value)


def diff_snapshots(old: Snapshot, new: Snapshot, label_fields: tuple[str, ...] = ()) -> Diff:
    """Compare two sides: packages matched by name, resources by name, rows by primary key.

    `label_fields` name what a row is about in anomalies (see diff_anomalies.find_anomalies).
    """
    old_packages = {p.name: p for p in old.packages}
    new_packages = {p.name: p for p in new.packages}
    packages = [diff_package(old_packages.get(name), new_packages.get(name), old, new,
                             label_fields)
                for name in sorted(old_packages.keys() | new_packages.keys())]
    return Diff(old.label, new.label, tuple(packages))


def diff_package(old: Package | None, new: Package | None,
                 old_side: Snapshot, new_side: Snapshot,
                 label_fields: tuple[str, ...] = ()) -> PackageDiff:
    """The differences of one package (either side may be missing)."""
    shown = new or old
    old_d = old.descriptor if old else {}
    new_d = new.descriptor if new else {}
    resources = []
    old_resources = {r.name: r for r in old.resources} if old else {}
    new_resources = {r.name: r for r in new.resources} if new else {}
    order = [r.name for r in (new.resources if new else ())]
    order += [r.name for r in (old.resources if old else ()) if r.name not in new_resources]
    for name in order:
        resources.append(diff_resource(
            old_resources.get(name), new_resources.get(name),
            old_side.tables.get((shown.name, name)) if old else None,
            new_side.tables.get((shown.name, name)) if new else None, label_fields))
    metadata = _changed_keys(old_d, new_d, _PACKAGE_OWN) if old and new else ()
    version = (_text(old_d.get("version")) if old else None,
               _text(new_d.get("version")) if new else None)
    created = (_date(old_d.get("created")) if old else None,
               _date(new_d.get("created")) if new else None)
    if old is None or new is None:
        status = ADDED if old is None else REMOVED
    elif (metadata or version[0] != version[1] or created[0] != created[1]
          or any(r.status != UNCHANGED for r in resources)):
        status = CHANGED
    else:
        status = UNCHANGED
    return PackageDiff(shown.name, _text(shown.descriptor.get("title")) or shown.name, status,
                       version, created, metadata, tuple(resources))


def diff_resource(old: Resource | None, new: Resource | None,
                  old_table: Table | None, new_table: Table | None,
                  label_fields: tuple[str, ...] = ()) -> ResourceDiff:
    """The differences of one resource: metadata, schema, rows and anomalies."""
    shown = new or old
    rows_old = old_table.record_count() if old_table else None  # a large table's rows are
    rows_new = new_table.record_count() if new_table else None  # not built only to count them
    if old is None or new is None or old_table is None or new_table is None:
        status = ADDED if old is None or old_table is None else REMOVED
        return ResourceDiff(shown.name, shown.path, status, tuple(primary_key(shown)),
                            rows_old, rows_new)
    key_fields = matching_key(old, new, old_table, new_table)
    old_records = records(old_table, key_fields)
    new_records = records(new_table, key_fields)
    common = [f for f in new_table.header if f in set(old_table.header)]
    added = tuple(_ref(k, *new_records[k], new_table.header)
                  for k in new_records if k not in old_records)
    removed = tuple(_ref(k, *old_records[k], old_table.header)
                    for k in old_records if k not in new_records)
    changed = []
    for key, (line, record) in new_records.items():
        if key in old_records:
            old_line, old_record = old_records[key]
            cells = tuple(CellChange(f, old_record[f], record[f]) for f in common
                          if old_record[f] != record[f])
            if cells:
                changed.append(RowChange(key, old_line, line, cells))
    schema = tuple(schema_changes(old, new))
    metadata = _changed_keys(old.descriptor, new.descriptor, _RESOURCE_OWN)
    anomalies = tuple(find_anomalies(new, key_fields, old_records, new_records,
                                     [c.key for c in changed], [a.key for a in added],
                                     label_fields))
    status = CHANGED if (added or removed or changed or schema or metadata) else UNCHANGED
    return ResourceDiff(new.name, new.path, status, key_fields, rows_old, rows_new, metadata,
                        schema, added, removed, tuple(changed), anomalies)


def primary_key(resource: Resource) -> list[str]:
    """A resource's primary key as a list of field names."""
    return resource.primary_key


def matching_key(old: Resource, new: Resource, old_table: Table,
                 new_table: Table) -> tuple[str, ...]:
    """The key rows are matched by: the new primary key, else the old one, else none.

    A key must exist in both headers; without one, whole rows are compared (added/removed).
    """
    for key in (primary_key(new), primary_key(old)):
        if key and all(k in old_table.header and k in new_table.header for k in key):
            return tuple(key)
    return ()


def records(table: Table, key_fields: tuple[str, ...]) -> dict[Key, tuple[int, Record]]:
    """Rows by key, with their physical line; without a key, the whole row is the key.

    Identical rows of a keyless table get a running number so none is lost.
    """
    out: dict[Key, tuple[int, Record]] = {}
    for index, row in enumerate(table.rows):
        record = {name: row[i] if i < len(row) else "" for i, name in enumerate(table.header)}
        if key_fields:
            key = tuple(record[k] for k in key_fields)
        else:
            key = tuple(row)
            while key in out:
                key = (*key, "")
        out.setdefault(key, (table.lines[index + 1], record))
    return out


def _ref(key: Key, line: int, record: Record, header: list[str]) -> RowRef:
    """A RowRef from a record."""
    return RowRef(key, line, tuple((name, record[name]) for name in header))


def field_type(field_descriptor: dict) -> str:
    """A field's type with its format when not the default: 'date (%d.%m.%Y)'."""
    kind = str(field_descriptor.get("type", "string"))
    fmt = field_descriptor.get("format")
    return f"{kind} ({fmt})" if fmt and fmt != "default" else kind


def schema_changes(old: Resource, new: Resource) -> list[SchemaChange]:
    """Fields added, removed, retyped, re-unitised, re-constrained or re-described; keys."""
    old_fields = {f.get("name"): f for f in old.fields}
    new_fields = {f.get("name"): f for f in new.fields}
    changes: list[SchemaChange] = []
    names = list(new_fields) + [n for n in old_fields if n not in new_fields]
    for name in names:
        before, after = old_fields.get(name), new_fields.get(name)
        if before is None:
            changes.append(SchemaChange("field-added", name, None, field_type(after)))
        elif after is None:
            changes.append(SchemaChange("field-removed", name, field_type(before), None))
        else:
            if field_type(before) != field_type(after):
                changes.append(SchemaChange("field-retyped", name, field_type(before),
                                            field_type(after)))
            if before.get("unit") != after.get("unit"):
                changes.append(SchemaChange("unit-changed", name, _text(before.get("unit")),
                                            _text(after.get("unit"))))
            if (before.get("constraints") or {}) != (after.get("constraints") or {}):
                changes.append(SchemaChange("constraints-changed", name,
                                            _json(before.get("constraints") or {}),
                                            _json(after.get("constraints") or {})))
            described = _changed_keys(before, after, _FIELD_OWN)
            if described:
                changes.append(SchemaChange("field-described", name, None,
                                            ", ".join(described)))
    if primary_key(old) != primary_key(new):
        changes.append(SchemaChange("primary-key-changed", None, ", ".join(primary_key(old)),
                                    ", ".join(primary_key(new))))
    for prop in ("foreignKeys", "externalForeignKeys"):
        before, after = old.schema.get(prop) or [], new.schema.get(prop) or []
        if before != after:
            changes.append(SchemaChange("foreign-keys-changed", None, _json(before),
                                        _json(after)))
    other = _changed_keys(old.schema, new.schema, _SCHEMA_OWN)
    if other:
        changes.append(SchemaChange("schema-changed", None, None, ", ".join(other)))
    return changes


def _changed_keys(old: dict, new: dict, skip: set[str]) -> tuple[str, ...]:
    """Top-level descriptor properties whose values differ, sorted."""
    return tuple(sorted(k for k in (old.keys() | new.keys())
                        if k not in skip and old.get(k) != new.get(k)))


def _text(value: object) -> str | None:
    """A descriptor value as text, None when absent."""
    return None if value is None else str(value)


def _date(value: object) -> str | None:
    """A release date (the `created` property) as YYYY-MM-DD."""
    return None if value is None else str(value)[:10]


def _json(value: object) -> str:
    """Compact, sorted JSON of a descriptor value, for before/after display."""
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(", ", ": "))


def to_dict(diff: Diff) -> dict:
    """The JSON report of a diff (`opendata diff --json`)."""
    return {
        "old": diff.old,
        "new": diff.new,
        "summary": {
            "packages": diff.statuses(),
            "rows_added": diff.total("rows_added"),
            "rows_removed": diff.total("rows_removed"),
            "rows_changed": diff.total("changed"),
            "schema_changes": diff.total("schema"),
            "anomalies": diff.total("anomalies"),
        },
        "packages": [_package_dict(p) for p in diff.packages],
    }


def _package_dict(p: PackageDiff) -> dict:
    """One package of the JSON report."""
    return {
        "name": p.name, "title": p.title, "status": p.status,
        "version": {"old": p.version[0], "new": p.version[1]},
        "created": {"old": p.created[0], "new": p.created[1]},
        "metadata_changed": list(p.metadata),
        "resources": [_resource_dict(r) for r in p.resources],
    }


def _resource_dict(r: ResourceDiff) -> dict:
    """One resource of the JSON report; keys are objects {field: value}."""
    def key(k: Key) -> dict:
        return dict(zip(r.key_fields, k, strict=False)) if r.key_fields else {}

    return {
        "name": r.name, "path": r.path, "status": r.status,
        "primary_key": list(r.key_fields),
        "rows": {"old": r.rows_old, "new": r.rows_new,
                 "added": r.rows_added, "removed": r.rows_removed, "changed": len(r.changed)},
        "metadata_changed": list(r.metadata),
        "schema_changes": [{"change": s.change, "field": s.field, "old": s.old, "new": s.new}
                           for s in r.schema],
        "rows_added": [{"line": a.line, "key": key(a.key), "values": dict(a.values)}
                       for a in r.added],
        "rows_removed": [{"line": a.line, "key": key(a.key), "values": dict(a.values)}
                         for a in r.removed],
        "rows_changed": [{"old_line": c.old_line, "new_line": c.new_line, "key": key(c.key),
                          "changes": [{"field": x.field, "old": x.old, "new": x.new}
                                      for x in c.changes]} for c in r.changed],
        "anomalies": [{"code": a.code, "line": a.line, "field": a.field, "key": key(a.key),
                       "label": a.label, "old": a.old, "new": a.new, "message": a.message}
                      for a in r.anomalies],
    }
