"""Stage 2, validate: every problem in a set of data packages, as Problem values."""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from ..cache import (
    Store,
    package_key,
    problems_from_json,
    problems_to_json,
    validator_version,
)
from ..packages import Package, Resource, UsageError, load_package, load_packages
from ..problems import Problem, errors, sort_problems
from . import wholes
from .descriptor import check_package, check_stats
from .table import Table

# polars (about 0.4 s to import) comes with the modules that read and check tables (batched,
# fast, fast_read, fast_rules), imported where a table is read: a rebuild whose packages all
# come from the cache, and whose pages never look at a table, reads none (issue 18).

# A refused value of these resource properties means the file cannot be read as it is meant.
UNREAD = ("format", "encoding", "dialect", "scheme", "compression", "innerpath", "extrapaths")

__all__ = ["Tables", "TableChanged", "Validation", "UsageError", "validate_paths",
           "validate_packages"]

TableKey = tuple[str, str]  # (package name, resource name)


class TableChanged(UsageError):
    """A file whose table was read on first use changed after validation read its bytes.

    `path`: the file, as problems name it. A build reports it as a problem at that file and
    publishes nothing (build.build_site); elsewhere it is a usage error."""

    def __init__(self, path: str) -> None:
        super().__init__(f"{path} changed while the site was built (after its validation); "
                         "nothing is published; build again")
        self.path = path

    def __reduce__(self):  # raised in a render's child process, raised again in the parent
        return (type(self), (self.path,))


@dataclass
class _Unread:
    """A table of a package whose problems came from the cache, read when first asked for.

    Its bytes are those validation checked before (the cache key holds them) and read without
    an error then, so reading them gives that very table; `stat` (size, mtime) is the file's
    when validation looked, so that a file changed during the build stops it rather than
    show other data than was validated."""

    resource: Resource
    stat: tuple[int, int]

    def read(self) -> Table:
        """The table, or TableChanged when the file is not the one validated."""
        from .fast_read import read_table
        table, _ = read_table(self.resource)
        if table is None or _stat(self.resource.file) != self.stat:
            raise TableChanged(self.resource.display_path)
        return table


class Tables(Mapping):
    """The tables validation read, by (package, resource) name, in validation's order.

    A table of a package whose problems came from the cache is read on first use: most pages
    of a rebuild come from the render cache and never look at a table. Keys, `in` and len()
    read nothing."""

    def __init__(self, entries: dict[TableKey, Table | _Unread]) -> None:
        self._entries = entries

    def __getitem__(self, key: TableKey) -> Table:
        entry = self._entries[key]
        if isinstance(entry, _Unread):
            entry = self._entries[key] = entry.read()
        return entry

    def __contains__(self, key: object) -> bool:
        return key in self._entries

    def __iter__(self) -> Iterator[TableKey]:
        return iter(self._entries)

    def __len__(self) -> int:
        return len(self._entries)

    def unread(self) -> list[TableKey]:
        """The keys whose table has not been read yet."""
        return [k for k, entry in self._entries.items() if isinstance(entry, _Unread)]


@dataclass(frozen=True)
class Validation:
    """What validation found: the packages, their parsed tables and every problem."""

    packages: tuple[Package, ...]
    tables: Mapping[TableKey, Table] = field(repr=False)
    problems: tuple[Problem, ...]

    @property
    def errors(self) -> list[Problem]:
        """Problems that make the data invalid."""
        return errors(self.problems)

    @property
    def warnings(self) -> list[Problem]:
        """Problems that are reported but do not fail validation."""
        return [p for p in self.problems if not p.is_error]

    @property
    def valid(self) -> bool:
        """True when there is no error (warnings allowed)."""
        return not self.errors


def validate_paths(paths: list[Path], base: Path, cache: Store | None = None,
                   keep_tables: bool = True) -> Validation:
    """Load and validate the packages under `paths`; problem paths are shown relative to `base`."""
    packages, problems = load_packages(paths, base)
    return validate_packages(packages, base, problems, cache, keep_tables)


def validate_packages(packages: list[Package], base: Path,
                      problems: list[Problem] | None = None,
                      cache: Store | None = None, keep_tables: bool = True) -> Validation:
    """Validate loaded packages: descriptors, files, schemas, keys and programme rules.

    With a cache, a package whose files, referenced packages and validator are unchanged gets
    its stored problems and is not checked again; its tables are read when first asked for
    (Tables), or at once when the stored problems have an error (a table that failed to read
    is not in `tables`).
    Without `keep_tables` (`opendata validate`, which only reports), a large table is checked
    block by block (batched.py) and only counted: its entry in `tables` has no cells.
    """
    problems = list(problems or [])
    by_name: dict[str, Package] = {}
    for package in packages:
        if package.name in by_name:
            problems.append(Problem(package.descriptor_display, None, "name", "descriptor-error",
                                    f"package name {package.name!r} is also used by "
                                    f"{by_name[package.name].display_root}"))
        by_name.setdefault(package.name, package)
    references = _reference_packages(packages, by_name, base)
    names = by_name | references
    tables: dict[TableKey, Table | _Unread] = {}
    checked: list[tuple[Package, Resource, list[Problem]]] = []
    own: list[list[Problem]] = []
    keys: list[str | None] = []
    version = validator_version() if cache is not None else ""
    early = _lookup(names, {})  # keys into other packages, for tables read in blocks
    for package in packages:
        key = package_key(package, _referenced(package, names), version) if cache else None
        stored = problems_from_json(cache.get("validation", key)) if cache and key else None
        found: list[Problem] = [] if stored is None else stored
        own.append(found)
        keys.append(None if stored is not None else key)
        if stored is not None:  # checked before: its tables are only read, when needed
            _stored_tables(package, tables, lazy=not errors(stored))
            continue
        from . import fast
        descriptor_problems = check_package(package, names)
        broken = _unreadable_schemas(descriptor_problems)
        before = dict(tables)
        in_blocks = not keep_tables
        while True:
            found[:] = list(descriptor_problems)
            try:
                ruled = _check_package(package, broken, tables, found,
                                       early if in_blocks else None)
                break
            except fast.Unsupported:  # a table read in blocks needs its cells: read it whole
                tables.clear()
                tables.update(before)
                in_blocks = False
        checked.extend((package, resource, found) for resource in ruled)
    found_tables = Tables(tables)
    if checked:
        _check_across(checked, names, found_tables)
    for found, key in zip(own, keys, strict=True):
        if cache is not None and key is not None:
            cache.put("validation", key, problems_to_json(found))
        problems.extend(found)
    return Validation(tuple(packages), found_tables, tuple(sort_problems(problems)))


def _check_across(checked: list[tuple[Package, Resource, list[Problem]]],
                  names: dict[str, Package], tables: Tables) -> None:
    """The checked resources' keys into other packages and rules across tables (problems into
    each one's list)."""
    from . import fast, fast_rules

    # The lookup caches what it reads of sibling packages in a copy: `tables` (and the summary's
    # row count) holds only the packages validated; a table only counted is read again. A
    # cached package's table not read yet is read (once, for both) when the lookup asks.
    lookup = _lookup(names, {k: t for k, t in tables._entries.items()
                             if not isinstance(t, fast.CountedTable)}, tables)
    for package, resource, found in checked:
        table = tables[(package.name, resource.name)]
        # (A table checked in blocks had its keys into other packages checked block by block.)
        if resource.schema.get("externalForeignKeys") and not isinstance(table,
                                                                         fast.CountedTable):
            found.extend(fast_rules.check_external_keys(
                resource, table, lookup))
        found.extend(fast_rules.check_cross_table(package, resource, lookup))  # wholes.py


def _stored_tables(package: Package, tables: dict[TableKey, Table | _Unread],
                   lazy: bool) -> None:
    """Note the tables of a package whose problems came from the cache in `tables`: each to be
    read on first use when `lazy`, else read now (so that a table that does not read is left
    out, as when it was checked). Their problems are the stored ones: none is looked for."""
    for resource in package.resources:
        key = (package.name, resource.name)
        if resource.file is None or key in tables:  # (a second resource of that name: see _read_one)
            continue
        if lazy:
            tables[key] = _Unread(resource, _stat(resource.file))
            continue
        from .fast_read import read_table
        table, _ = read_table(resource)
        if table is not None:
            tables[key] = table


def _stat(path: Path | None) -> tuple[int, int]:
    """A file's size and modification time in nanoseconds; (-1, -1) when it is not a file."""
    try:
        info = os.stat(path) if path is not None else None
    except OSError:
        info = None
    return (info.st_size, info.st_mtime_ns) if info is not None else (-1, -1)


def _read_one(package: Package, index: int, resource: Resource, broken: set[str],
              tables: dict[tuple[str, str], Table], found: list[Problem],
              readable: dict[str, Table]) -> None:
    """Read one resource's file: its problems into `found`, the table into `tables` and, when
    its schema can be checked, into `readable`."""
    from .fast_read import read_table
    table, read_problems = read_table(resource)
    found.extend(read_problems + check_stats(resource))
    # A second resource of the same name (a descriptor error) gets only its bytes read.
    if table is not None and (package.name, resource.name) not in tables:
        tables[(package.name, resource.name)] = table
        if f"resources[{index}]" not in broken:
            readable[resource.name] = table


def _check_package(package: Package, broken: set[str], tables: dict[tuple[str, str], Table],
                   found: list[Problem], lookup=None) -> list[Resource]:
    """Read and check one package's tables (problems into `found`); the resources whose rules
    across tables (and keys into other packages, unless checked in blocks) are still to be
    checked.

    With a `lookup` (into other packages), a large table is checked block by block and kept
    in `tables` only counted (batched.py); fast.Unsupported if one of them must be read whole.
    """
    from . import batched, fast, fast_rules
    readable: dict[str, Table] = {}
    in_blocks: dict[str, fast.Checked] = {}
    for index, resource in enumerate(package.resources):
        if resource.file is None:
            continue
        if (lookup is not None and batched.wanted(resource)
                and f"resources[{index}]" not in broken
                and (package.name, resource.name) not in tables):
            result = batched.check(package, resource, lookup)
            if result is not None:
                in_blocks[resource.name] = result.keys
                tables[(package.name, resource.name)] = result.counted
                found.extend(result.problems + check_stats(resource))
                continue
        _read_one(package, index, resource, broken, tables, found, readable)
    # Large tables get vectorised checks with frictionless' results; small ones frictionless.
    found.extend(fast.check_tables(package, readable, in_blocks))
    for name, table in readable.items():
        found.extend(fast_rules.check_rules(package, package.resource(name), table))
    return [package.resource(name) for name in [*readable, *in_blocks]]


def _referenced(package: Package, names: dict[str, Package]) -> dict[str, Package]:
    """The sibling packages a package's externalForeignKeys name and that exist."""
    found = {}
    for resource in package.resources:
        keys = resource.schema.get("externalForeignKeys")
        for fk in keys if isinstance(keys, list) else []:
            ref = fk.get("reference") if isinstance(fk, dict) else None
            name = ref.get("package") if isinstance(ref, dict) else None
            if isinstance(name, str) and name in names and name != package.name:
                found[name] = names[name]
        for name in wholes.references(resource):  # parts-within-whole's other tables
            if name in names and name != package.name:
                found[name] = names[name]
    return found


def _unreadable_schemas(problems: list[Problem]) -> set[str]:
    """The `resources[i]` whose schema, name or reading is too broken to check their table.

    Missing titles do not count; a structural schema error or a missing or refused name does
    (frictionless would refuse the whole package, and our rules would misread the cells), and
    so does a refused format, encoding or dialect: the cells would not be the file's cells.
    """
    broken = set()
    for p in problems:
        if not (p.field and p.field.startswith("resources[")):
            continue
        resource = p.field.split("]")[0] + "]"
        unread = p.field in {f"{resource}.{key}" for key in UNREAD}
        structural = (p.code in ("descriptor-error", "field-type-error")
                      and (".schema" in p.field or p.field == f"{resource}.name" or unread))
        nameless = p.code == "metadata-missing" and p.field.endswith(".name")
        if structural or nameless:
            broken.add(resource)
    return broken


def _reference_packages(packages: list[Package], by_name: dict[str, Package],
                        base: Path) -> dict[str, Package]:
    """Sibling packages named by externalForeignKeys but not being validated themselves."""
    wanted = set()
    for package in packages:
        for resource in package.resources:
            keys = resource.schema.get("externalForeignKeys")
            for fk in keys if isinstance(keys, list) else []:
                ref = fk.get("reference") if isinstance(fk, dict) else None
                name = ref.get("package") if isinstance(ref, dict) else None
                if isinstance(name, str) and name not in by_name and "/" not in name:
                    wanted.add((package.root.parent / name, name))
            for name in wholes.references(resource):  # parts-within-whole's other tables
                if name not in by_name and "/" not in name:
                    wanted.add((package.root.parent / name, name))
    found = {}
    for root, name in sorted(wanted):
        if (root / "datapackage.json").is_file():
            package, _ = load_package(root, base)
            if package is not None:
                found[name] = package
    return found


def _lookup(packages: dict[str, Package], tables: dict[TableKey, Table | _Unread],
            found: Tables | None = None):
    """A function that finds a (resource, table) by package and resource name, reading lazily
    (a table `found` has not read yet through it, so that it is read once)."""
    def find(package_name: str, resource_name: str) -> tuple[Resource, Table] | None:
        package = packages.get(package_name)
        resource = package.resource(resource_name) if package else None
        if resource is None or resource.file is None:
            return None
        key = (package_name, resource_name)
        if isinstance(tables.get(key), _Unread):
            tables[key] = found[key] if found is not None else tables[key].read()
        if key not in tables:
            from .fast_read import read_table
            table, _ = read_table(resource)
            if table is None:
                return None
            tables[key] = table
        return resource, tables[key]
    return find
