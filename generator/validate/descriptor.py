"""Descriptor checks: the package, resource and Table Schema metadata we require to publish."""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
import re

from ..packages import Package, Resource
from ..problems import Problem
from . import fields
from .table import csv_dialect, is_delimiter, load_frictionless

FIELD_TYPES = {
    "string", "number", "integer", "boolean", "object", "array", "date", "time", "datetime",
    "year", "yearmonth", "duration", "geopoint", "geojson", "any",
}
CONSTRAINTS = {"required", "unique", "minLength", "maxLength", "minimum", "maximum", "pattern",
               "enum"}
# A slug: it names folders and files of the site. fullmatch, as `$` would take a final newline.
NAME = re.compile(r"[a-z0-9][a-z0-9._-]*")
PACKAGE_REQUIRED = ("name", "title", "description", "version", "created", "licenses", "sources")
RESOURCE_REQUIRED = ("name", "path", "title", "description", "schema")
FIELD_REQUIRED = ("name", "type", "title", "description")
# Resource properties that would make a reader fetch, unpack or join other files.
UNSUPPORTED = ("scheme", "compression", "innerpath", "extrapaths")
# An RFC 3339 date-time, as the Data Package standard asks (fractional seconds allowed; an
# offset may be left out, as frictionless allows). ASCII digits only: `\d` would take
# full-width digits, which no date parser reads.
CREATED = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?"
                     r"(Z|[+-][0-9]{2}:[0-9]{2})?")
DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
# Table Schema's fieldsMatch (Data Package v2): how the header is matched to the fields.
FIELDS_MATCH = ("exact", "equal", "subset", "superset", "partial")
# A resource's `hash`: the algorithms it may name (the standard's default is md5).
HASHES = ("md5", "sha1", "sha256", "sha512")
STAT_WORDS = {"bytes": "the file's size in bytes as a whole number",
              "hash": "a hex digest, md5 or named as 'sha1:', 'sha256:' or 'sha512:'"}
# Dialect properties the reader follows only at their default (the values each may take);
# `delimiter` and `skipInitialSpace` are honoured, others (lineTerminator, caseSensitiveHeader,
# headerJoin with one header row) do not change how the file is read.
DIALECT_DEFAULTS = {
    "header": (True,), "headerRows": ([1],), "commentRows": ([],), "commentChar": (None, ""),
    "quoteChar": ('"',), "doubleQuote": (True,), "escapeChar": (None, ""),
    "nullSequence": (None,),
}
# Semantic Versioning 2.0.0 (semver.org): the version names the zip, so it is never a path.
SEMVER = re.compile(
    r"(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)"
    r"(-(0|[1-9][0-9]*|[0-9]*[a-zA-Z-][0-9a-zA-Z-]*)(\.(0|[1-9][0-9]*|[0-9]*[a-zA-Z-][0-9a-zA-Z-]*))*)?"
    r"(\+[0-9a-zA-Z-]+(\.[0-9a-zA-Z-]+)*)?")


def is_version(value: object) -> bool:
    """Whether `value` is a semantic version (1.2.0, 2.0.0-rc.1)."""
    return isinstance(value, str) and SEMVER.fullmatch(value) is not None


def release_date(value: object) -> str | None:
    """A `created` value's date as YYYY-MM-DD when it is a real RFC 3339 date-time, else None."""
    if not (isinstance(value, str) and CREATED.fullmatch(value)):
        return None
    try:
        dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
        return dt.date.fromisoformat(value[:10]).isoformat()
    except ValueError:
        return None


def is_day(value: object) -> bool:
    """Whether `value` is a calendar date written YYYY-MM-DD."""
    if not (isinstance(value, str) and DAY.fullmatch(value)):
        return False
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True


def check_package(package: Package, names: dict[str, Package]) -> list[Problem]:
    """Every problem in a package's descriptor (package, resources, schemas, keys)."""
    path = package.descriptor_display
    d = package.descriptor
    problems = [_missing(path, None, key) for key in PACKAGE_REQUIRED if not d.get(key)]
    if d.get("name") and not (isinstance(d["name"], str) and NAME.fullmatch(d["name"])):
        problems.append(Problem(path, None, "name", "descriptor-error",
                                f"expected a lower-case name of letters, digits, '-', '_' or "
                                f"'.', found {d['name']!r}"))
    if d.get("version") and not is_version(d["version"]):
        problems.append(Problem(path, None, "version", "descriptor-error",
                                f"expected a semantic version like 1.2.0 (MAJOR.MINOR.PATCH), "
                                f"found {d['version']!r}"))
    if d.get("created") and release_date(d["created"]) is None:
        problems.append(Problem(path, None, "created", "descriptor-error",
                                f"expected a real date and time (RFC 3339), as "
                                f"2026-11-22T00:00:00Z, found {d['created']!r}"))
    if "missingValues" in d:
        problems.append(_misplaced_missing_values(path, "missingValues", "the package"))
    problems.extend(_check_temporal(path, d.get("temporalCoverage")))
    licences = d.get("licenses") or []
    if not isinstance(licences, list):
        problems.append(Problem(path, None, "licenses", "descriptor-error",
                                f"expected a list of licences, found {type(licences).__name__}"))
        licences = []
    for i, licence in enumerate(licences):
        if not (isinstance(licence, dict) and licence.get("name") and licence.get("path")):
            problems.append(Problem(path, None, f"licenses[{i}]", "metadata-missing",
                                    "expected a licence with a name and a path to its text"))
    seen: set[str] = set()
    for index, resource in enumerate(package.resources):
        where = f"resources[{index}]"
        if resource.name in seen:
            problems.append(Problem(path, None, f"{where}.name", "descriptor-error",
                                    f"resource name {resource.name!r} is used twice"))
        seen.add(resource.name)
        problems.extend(check_resource(package, resource, where, names))
    return problems


def _check_temporal(path: str, value: object) -> list[Problem]:
    """`temporalCoverage`, when given: {"start": YYYY-MM-DD, "end": YYYY-MM-DD}, start first."""
    if value is None:
        return []
    if not isinstance(value, dict):
        return [Problem(path, None, "temporalCoverage", "descriptor-error",
                        f"expected an object like {{\"start\": \"2024-01-01\", \"end\": "
                        f"\"2026-03-03\"}}, found {value!r}")]
    problems = [Problem(path, None, f"temporalCoverage.{key}", "descriptor-error",
                        f"expected a date as YYYY-MM-DD, found {value.get(key)!r}")
                for key in ("start", "end") if not is_day(value.get(key))]
    if not problems and value["start"] > value["end"]:
        problems.append(Problem(path, None, "temporalCoverage", "descriptor-error",
                                f"expected the start on or before the end, found "
                                f"{value['start']} after {value['end']}"))
    return problems


def check_resource(package: Package, resource: Resource, where: str,
                   names: dict[str, Package]) -> list[Problem]:
    """Problems in one resource descriptor and its schema."""
    path = package.descriptor_display
    r = resource.descriptor
    problems = [_missing(path, None, f"{where}.{key}") for key in RESOURCE_REQUIRED
                if not r.get(key) and key != "path"]
    if r.get("name") and not (isinstance(r["name"], str) and NAME.fullmatch(r["name"])):
        problems.append(Problem(path, None, f"{where}.name", "descriptor-error",
                                f"expected a lower-case name, found {r['name']!r}"))
    for key, expected in (("format", "csv"), ("encoding", "utf-8")):
        value = r.get(key)
        if value is not None and str(value).lower() != expected:
            problems.append(Problem(path, None, f"{where}.{key}", "descriptor-error",
                                    f"expected {expected!r}, found {value!r}"))
    for key in UNSUPPORTED:
        if key in r and not (key == "scheme" and r[key] == "file"):  # "file": a local file
            problems.append(Problem(path, None, f"{where}.{key}", "descriptor-error",
                                    f"expected a plain CSV file in the package, found {key!r} "
                                    f"(not supported: files are published as they are)"))
    if "missingValues" in r:
        problems.append(_misplaced_missing_values(path, f"{where}.missingValues", "a resource"))
    for key in ("bytes", "hash"):
        if key in r and _stat_value(key, r[key]) is None:
            problems.append(Problem(path, None, f"{where}.{key}", "descriptor-error",
                                    f"expected {STAT_WORDS[key]}, found {r[key]!r}"))
    if isinstance(r.get("dialect"), dict):
        problems.extend(_check_dialect(path, f"{where}.dialect", r["dialect"]))
    elif r.get("dialect") is not None and not isinstance(r["dialect"], str):
        problems.append(Problem(path, None, f"{where}.dialect", "descriptor-error",
                                f"expected an object, found {type(r['dialect']).__name__}"))
    for key in ("schema", "dialect"):
        if isinstance(r.get(key), str):
            problems.append(Problem(path, None, f"{where}.{key}", "descriptor-error",
                                    f"expected the {key} inline as an object, found a reference "
                                    f"{r[key]!r} (nothing is fetched)"))
    if isinstance(r.get("schema"), dict):
        problems.extend(check_schema(package, resource, f"{where}.schema", names))
    return problems


def check_schema(package: Package, resource: Resource, where: str,
                 names: dict[str, Package]) -> list[Problem]:
    """Problems in a Table Schema: fields, types, constraints, primary and foreign keys."""
    path = package.descriptor_display
    schema = resource.schema
    fields = schema.get("fields")
    if not isinstance(fields, list):
        return [Problem(path, None, f"{where}.fields", "descriptor-error",
                        "expected a list of fields")]
    if not fields:  # Table Schema allows it; a published table needs its columns described
        return [Problem(path, None, f"{where}.fields", "metadata-missing",
                        "expected at least one field, found none")]
    problems: list[Problem] = []
    field_names: list[str] = []
    for i, field in enumerate(fields):
        at = f"{where}.fields[{i}]"
        if not isinstance(field, dict):
            problems.append(Problem(path, None, at, "descriptor-error", "expected an object"))
            continue
        problems.extend(_missing(path, None, f"{at}.{key}") for key in FIELD_REQUIRED
                        if not field.get(key))
        name = field.get("name")
        if name and not isinstance(name, str):
            problems.append(Problem(path, None, f"{at}.name", "descriptor-error",
                                    f"expected a field name as text, found {name!r}"))
        if isinstance(name, str):
            if name in field_names:
                problems.append(Problem(path, None, f"{at}.name", "descriptor-error",
                                        f"field name {name!r} is used twice"))
            field_names.append(name)
        ftype = field.get("type", "string")
        if not isinstance(ftype, str) or ftype not in FIELD_TYPES:
            problems.append(Problem(path, None, f"{at}.type", "field-type-error",
                                    f"expected one of {', '.join(sorted(FIELD_TYPES))}, "
                                    f"found {ftype!r}"))
        elif not _has_reader(json.dumps([ftype, field.get("format")], sort_keys=True)):
            problems.append(Problem(path, None, f"{at}.format", "descriptor-error",
                                    f"expected a format frictionless can check for type "
                                    f"{ftype}, found {field.get('format')!r}"))
        problems.extend(_check_constraints(path, at, field.get("constraints"), field))
    match = schema.get("fieldsMatch", "exact")
    if match not in FIELDS_MATCH:
        problems.append(Problem(path, None, f"{where}.fieldsMatch", "descriptor-error",
                                f"expected one of {', '.join(FIELDS_MATCH)}, found {match!r}"))
    missing_values = schema.get("missingValues", [])
    if not (isinstance(missing_values, list) and all(isinstance(v, str) for v in missing_values)):
        problems.append(Problem(path, None, f"{where}.missingValues", "descriptor-error",
                                f"expected a list of strings, found {missing_values!r}"))
    problems.extend(_check_keys(package, resource, where, field_names, names))
    return problems


@functools.lru_cache(maxsize=256)
def _has_reader(spec: str) -> bool:
    """Whether frictionless can read cells of a JSON [type, format].

    Some formats need an extra that may not be installed (`wkt` needs frictionless[wkt]):
    frictionless raises only when the first cell is read, deep inside the table checks.
    """
    kind, form = json.loads(spec)
    descriptor = {"name": "value", "type": kind} | ({"format": form} if form is not None else {})
    if fields.plain_field(descriptor):
        return True
    frictionless = load_frictionless()
    try:
        frictionless.Field.from_descriptor(descriptor).create_cell_reader()
    except frictionless.FrictionlessException:
        return False
    return True


def _check_constraints(path: str, at: str, constraints: object, field: dict) -> list[Problem]:
    """Problems in a field's constraints object (bounds and enum values of the field's type)."""
    if constraints is None:
        return []
    if not isinstance(constraints, dict):
        return [Problem(path, None, f"{at}.constraints", "descriptor-error",
                        "expected an object")]
    problems = []
    for key, value in constraints.items():
        if key not in CONSTRAINTS:
            problems.append(Problem(path, None, f"{at}.constraints.{key}", "descriptor-error",
                                    f"expected one of {', '.join(sorted(CONSTRAINTS))}, "
                                    f"found {key!r}"))
        elif key == "pattern":
            try:
                re.compile(str(value))
            except re.error as exc:
                problems.append(Problem(path, None, f"{at}.constraints.pattern",
                                        "descriptor-error", f"invalid regular expression: {exc}"))
        elif key == "enum" and not isinstance(value, list):
            problems.append(Problem(path, None, f"{at}.constraints.enum", "descriptor-error",
                                    "expected a list of values"))
        elif key in ("minimum", "maximum", "enum"):
            bad = [v for v in (value if key == "enum" else [value]) if not _readable(field, v)]
            if bad:
                problems.append(Problem(path, None, f"{at}.constraints.{key}",
                                        "descriptor-error",
                                        f"expected values of type {field.get('type', 'string')}"
                                        f", found {bad[0]!r}"))
    return problems


def _readable(field: dict, value: object) -> bool:
    """True when frictionless can read `value` as a value of the field's type and format.

    frictionless crashes on a bound it cannot read (it compares every cell with None).
    """
    kind = field.get("type", "string")
    form = field["format"] if isinstance(field.get("format"), str) else None
    try:
        return _readable_as(json.dumps([kind, form, value], sort_keys=True))
    except TypeError:  # a value JSON cannot hold: frictionless decides
        return _read(kind, form, value)


@functools.lru_cache(maxsize=1024)
def _readable_as(spec: str) -> bool:
    """_read for a JSON [type, format, value] (bounds repeat across fields and tables)."""
    return _read(*json.loads(spec))


def _read(kind: object, form: str | None, value: object) -> bool:
    """Whether frictionless reads `value` as a value of this type and format."""
    spec = {"name": "value", "type": kind} | ({"format": form} if form is not None else {})
    if fields.plain_field(spec):
        cell, notes = fields.Field(spec).read_cell(value)
        return cell is not None and not notes
    frictionless = load_frictionless()
    try:
        cell, notes = frictionless.Field.from_descriptor(spec).read_cell(value)
    except frictionless.FrictionlessException:
        return True  # an unknown type or format is reported on its own
    return cell is not None and not notes


def _as_list(value: object) -> list:
    """A key's `fields` as a list (Table Schema allows a single string)."""
    return [value] if isinstance(value, str) else list(value) if isinstance(value, list) else []


def _check_keys(package: Package, resource: Resource, where: str, field_names: list[str],
                names: dict[str, Package]) -> list[Problem]:
    """Primary and foreign keys name existing fields, resources and packages."""
    path = package.descriptor_display
    schema = resource.schema
    problems = []
    primary = _as_list(schema.get("primaryKey"))
    if not schema.get("primaryKey"):
        problems.append(_missing(path, None, f"{where}.primaryKey"))
    elif not primary or not all(isinstance(name, str) for name in primary):
        problems.append(Problem(path, None, f"{where}.primaryKey", "descriptor-error",
                                f"expected a field name or a list of them, "
                                f"found {schema['primaryKey']!r}"))
        primary = []
    for name in primary:
        if name not in field_names:
            problems.append(Problem(path, None, f"{where}.primaryKey", "descriptor-error",
                                    f"primary key field {name!r} is not in the schema"))
    for kind in ("foreignKeys", "externalForeignKeys"):
        keys = schema.get(kind)
        if keys is not None and not isinstance(keys, list):
            problems.append(Problem(path, None, f"{where}.{kind}", "descriptor-error",
                                    f"expected a list of keys, found {type(keys).__name__}"))
            continue
        for i, fk in enumerate(keys or []):
            at = f"{where}.{kind}[{i}]"
            if not isinstance(fk, dict):
                problems.append(Problem(path, None, at, "descriptor-error",
                                        f"expected {{fields, reference}}, found {fk!r}"))
                continue
            ref = fk.get("reference")
            if not isinstance(ref, dict):
                wanted = "{package, resource, fields}" if kind == "externalForeignKeys" else (
                    "{resource, fields}")
                problems.append(Problem(path, None, f"{at}.reference", "descriptor-error",
                                        f"expected an object {wanted}, found {ref!r}"))
                continue
            for name in _as_list(fk.get("fields")):
                if name not in field_names:
                    problems.append(Problem(path, None, f"{at}.fields", "descriptor-error",
                                            f"foreign key field {name!r} is not in the schema"))
            if len(_as_list(fk.get("fields"))) != len(_as_list(ref.get("fields"))):
                problems.append(Problem(path, None, f"{at}.reference.fields", "descriptor-error",
                                        "expected as many referenced fields as key fields"))
            if kind == "foreignKeys":
                target = package.resource(ref.get("resource") or resource.name)
                if target is None:
                    problems.append(Problem(path, None, f"{at}.reference.resource",
                                            "descriptor-error",
                                            f"no resource {ref.get('resource')!r} in this package"))
            elif not isinstance(ref.get("package"), str) or ref["package"] not in names:
                problems.append(Problem(path, None, f"{at}.reference.package",
                                        "foreign-package-missing",
                                        f"expected a sibling package {ref.get('package')!r}, "
                                        "found none"))
            elif names[ref["package"]].resource(ref.get("resource")) is None:
                problems.append(Problem(path, None, f"{at}.reference.resource",
                                        "foreign-package-missing",
                                        f"expected a resource {ref.get('resource')!r} in package "
                                        f"{ref['package']!r}, found none"))
    return problems


def _misplaced_missing_values(path: str, where: str, level: str) -> Problem:
    """`missingValues` outside a schema, where the standard gives it no meaning."""
    return Problem(path, None, where, "descriptor-error",
                   f"expected missingValues inside a resource's schema "
                   f"(resources[i].schema.missingValues), found it on {level}, where it "
                   "would be ignored")


def _stat_value(key: str, value: object) -> object:
    """A resource's `bytes` (an integer) or `hash` ([algorithm:]hex digest), or None."""
    if key == "bytes":
        return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 \
            else None
    return stat_hash(value)


def stat_hash(value: object) -> tuple[str, str] | None:
    """(algorithm, hex digest) of a resource's `hash` (md5 when no algorithm is named)."""
    if not isinstance(value, str):
        return None
    algorithm, _, digest = value.rpartition(":")
    algorithm = algorithm or "md5"
    # A digest of the wrong length is compared (and differs), as frictionless does.
    if algorithm not in HASHES or not re.fullmatch("[0-9a-fA-F]+", digest):
        return None
    return algorithm, digest.lower()


def check_stats(resource: Resource) -> list[Problem]:
    """The file against the resource's declared `bytes` and `hash`, when they are given."""
    if resource.file is None:
        return []
    problems = []
    size = resource.descriptor.get("bytes")
    if _stat_value("bytes", size) is not None:
        actual = resource.file.stat().st_size
        if actual != size:
            problems.append(Problem(resource.display_path, None, None, "byte-count",
                                    f"expected {size:,} bytes (the resource's bytes), found "
                                    f"{actual:,}"))
    declared = stat_hash(resource.descriptor.get("hash"))
    if declared is not None:
        algorithm, digest = declared
        with resource.file.open("rb") as file:
            actual_digest = hashlib.file_digest(file, algorithm).hexdigest()
        if actual_digest != digest:
            problems.append(Problem(resource.display_path, None, None, "hash-count",
                                    f"expected the {algorithm} digest {digest} (the resource's "
                                    f"hash), found {actual_digest}; the file changed after "
                                    "its hash was written"))
    return problems


def _check_dialect(path: str, where: str, dialect: dict) -> list[Problem]:
    """A CSV dialect the reader cannot honour: one problem naming what it would change."""
    merged = csv_dialect(dialect)
    delimiter = merged.get("delimiter", ",")
    found = [] if is_delimiter(delimiter) else [f"delimiter {delimiter!r}"]
    if not isinstance(merged.get("skipInitialSpace", False), bool):
        found.append(f"skipInitialSpace {merged['skipInitialSpace']!r}")
    found += [f"{key} {merged[key]!r}" for key, default in DIALECT_DEFAULTS.items()
              if key in merged and merged[key] not in default]
    if not found:
        return []
    return [Problem(path, None, where, "descriptor-error",
                    f"expected a dialect of one header row, double quotes and any one-character "
                    f"delimiter, found {', '.join(found)} (not supported: the file is "
                    "published as it is and read as plain CSV; save it that way)")]


def _missing(path: str, row: int | None, where: str) -> Problem:
    """A required metadata property that is absent or empty."""
    return Problem(path, row, where, "metadata-missing",
                   f"expected {where.rsplit('.', 1)[-1]} to be set, found nothing")
