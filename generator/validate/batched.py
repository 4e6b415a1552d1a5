"""`opendata validate` of a large table block by block, keeping only its key columns.

The build needs every table whole (its pages read them); the command line needs only the
problems. A large plain file is therefore read in blocks of BATCH_BYTES: each block gets the
cell and row checks (fast.read_columns), the programme rules (fast_rules.check_rules) and the
keys into other packages (fast_rules.check_external_keys), all of which look at one row at a
time, and is then dropped, but for the columns that keys compare (the primary key, unique
fields, foreign keys from or into the table). Those are checked over the whole table at the
end, by fast.check_tables, exactly as for a table read whole. So the peak memory is one block
and the key columns, not the table's cells (about 16 bytes each in polars).

Whatever a block cannot decide exactly (a block the csv module must read, a table the
vectorised checks hand back to frictionless) gives None or raises fast.Unsupported: the caller
then reads the table whole, as before.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

import polars as pl

from ..packages import Package, Resource, key_fields
from ..problems import Problem
from . import fast, fast_read, fast_rules, rules
from .table import Table

# A block of the file checked at a time (about 30,000 rows of the villages table): polars'
# reading of a block takes several times its size, held by its allocator afterwards.
BATCH_BYTES = 2 << 20
# Files of at least this many bytes are checked in blocks; smaller ones are read whole.
BATCHED_BYTES = 2 * BATCH_BYTES


@dataclass(frozen=True)
class Batched:
    """A table checked block by block: its key columns, its problems so far, its row count."""

    keys: fast.Checked
    problems: list[Problem]
    counted: fast.CountedTable


def wanted(resource: Resource) -> bool:
    """Whether the resource's file is large enough to be checked in blocks."""
    return resource.file is not None and resource.file.is_file() and (
        resource.file.stat().st_size >= BATCHED_BYTES)


def key_names(package: Package, resource: Resource) -> tuple[list[str], list[str]]:
    """The resource's fields that keys compare (primary key, unique fields, its foreign keys'
    fields, the fields other resources of the package refer to in it), and those of them
    whose cells a problem quotes (unique fields and its foreign keys' fields)."""
    quoted = [f.get("name") for f in resource.fields
              if (f.get("constraints") or {}).get("unique")]
    names = [*key_fields(resource.schema.get("primaryKey")), *quoted]
    for other in package.resources:
        foreign = other.schema.get("foreignKeys")
        for fk in foreign if isinstance(foreign, list) else []:
            ref = fk.get("reference") if isinstance(fk, dict) else None
            if not isinstance(ref, dict):
                continue
            if other is resource:
                names += key_fields(fk.get("fields"))
                quoted += key_fields(fk.get("fields"))
            if (ref.get("resource") or other.name) == resource.name:
                names += key_fields(ref.get("fields"))
    return ([n for n in dict.fromkeys(names) if isinstance(n, str)],
            [n for n in dict.fromkeys(quoted) if isinstance(n, str)])


def check(package: Package, resource: Resource,
          lookup: Callable[[str, str], tuple[Resource, Table] | None]) -> Batched | None:
    """The cell, row, rule and external-key problems of a large table, block by block, and its
    key columns for the checks of keys; None if it must be read whole instead."""
    columns = fast.Columns(resource)
    names, quoted = key_names(package, resource)
    problems: list[Problem] = []
    keys: dict[str, list[pl.Series]] = {n: [] for n in names}
    cells: dict[str, list[pl.Series]] = {n: [] for n in quoted}
    readers: dict[str, object] = {}
    header: list[str] | None = None
    described: Counter[Problem] = Counter()
    height = 0
    external = bool(resource.schema.get("externalForeignKeys"))
    for batch in fast_read.read_batches(resource, BATCH_BYTES):
        if batch is None or (header is not None and batch.header != header):
            return None
        checked = fast.read_columns(resource, batch, columns)
        if not set(names) <= set(checked.columns):
            raise fast.Unsupported("a key names fields that are not in the table")
        plain = {n: column.keys for n, column in checked.columns.items()
                 if column.plain_integers}
        found = fast.cell_problems(checked) + fast_rules.check_rules(package, resource, batch,
                                                                     plain)
        if header is None:
            header = batch.header
            # The rules' problems of the descriptor and the header (the same for every block).
            described = Counter(rules.check_rules(package, resource,
                                                  Table(header, [], [1], False)))
        else:
            found = _less(found, described)
        if external:
            found += fast_rules.check_external_keys(resource, batch, lookup, plain)
        problems += found
        for name in names:
            keys[name].append(checked.columns[name].keys)
            readers[name] = checked.columns[name].reader
        for name in quoted:
            cells[name].append(batch.frame[name])
        height += batch.frame.height
        del checked, batch, found
    if header is None:
        return None
    frame = pl.DataFrame([pl.concat(cells[n], rechunk=False) for n in quoted]) if quoted \
        else pl.DataFrame()
    columns = {n: fast.Typed(n, [], readers[n], pl.concat(keys[n], rechunk=False))
               for n in names}
    counted = fast.CountedTable(header, height)
    return Batched(fast.Checked(resource, counted, frame, columns), problems, counted)


def _less(problems: list[Problem], described: Counter[Problem]) -> list[Problem]:
    """`problems` without one of each of the `described` ones (reported with the first block)."""
    left = Counter(described)
    kept = []
    for problem in problems:
        if left[problem]:
            left[problem] -= 1
        else:
            kept.append(problem)
    return kept
