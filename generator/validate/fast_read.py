"""Reading a large CSV with polars: the same Table and problems as table.read_table, faster.

Only a plain file takes the fast path: UTF-8 without a BOM, no quote character, no carriage
return, no line over the limit, one record per line and as many cells in every record as in
the header. Anything else is read by table.read_table, which parses strictly with the csv
module and maps every record to its physical line.
"""

from __future__ import annotations

import io

import polars as pl

from ..packages import Resource
from ..problems import Problem
from . import fast
from .table import MAX_LINE_BYTES, Table
from .table import read_table as read_exactly


def read_table(resource: Resource) -> tuple[Table | None, list[Problem]]:
    """A table and the problems that stop its checks; large plain files are read by polars."""
    data = resource.file.read_bytes() if resource.file else b""
    if data.count(b"\n") < fast.LARGE_TABLE_ROWS:
        return read_exactly(resource)
    table = read_plain(data)
    if table is None:
        return read_exactly(resource)
    return table, []


def read_plain(data: bytes) -> fast.ColumnTable | None:
    """A ColumnTable for a plain, regular CSV; None when the exact reader must decide."""
    if (data.startswith(b"\xef\xbb\xbf") or b'"' in data or b"\r" in data
            or b"\n\n" in data):
        return None  # a BOM, quoting, carriage returns or a blank line: the csv module decides
    first = data.split(b"\n", 1)[0]
    try:
        header = first.decode("utf-8").split(",")
        # polars refuses bytes that are not UTF-8, so the exact reader reports where they are.
        frame = pl.read_csv(io.BytesIO(data), has_header=True, infer_schema=False,
                            quote_char=None, empty_string_is_null=False,
                            truncate_ragged_lines=False, raise_if_empty=True)
    except (pl.exceptions.PolarsError, UnicodeDecodeError, ValueError):
        return None
    physical = data.count(b"\n") + (0 if data.endswith(b"\n") else 1)
    if not (first and len(set(header)) == len(header) and frame.columns == header
            and frame.height + 1 == physical and not any(frame.null_count().row(0))):
        return None  # a blank, ragged or repeated line or column: the csv module decides
    lengths = frame.select(pl.sum_horizontal(pl.all().str.len_bytes()) + (len(header) - 1))
    longest = max(len(first), lengths.to_series().max() or 0)
    if longest > MAX_LINE_BYTES:
        return None
    return fast.ColumnTable(header, frame, list(range(1, frame.height + 2)))
