"""Reading a large CSV with polars: the same Table and problems as table.read_table, faster.

Only a plain file takes the fast path: UTF-8 without a BOM, no quote character, no carriage
return, no line over the limit, one record per line and as many cells in every record as in
the header. Anything else is read by table.read_table, which parses strictly with the csv
module and maps every record to its physical line.

The file is mapped, not copied, and scanned only for the bytes that would need the csv module
(a BOM, a quote, a carriage return); polars then parses it. That every line holds exactly one
record of the header's width is checked from polars' own cells: without quoting a line is its
cells joined by the delimiter (a comma, or the one the dialect names), so each line's length
must be its record's cell bytes plus the delimiters (polars pads a short line with empty cells,
and drops empty cells at the end of a last line with no line end). A blank line counts as a
short line, except in a table of one column, where any empty cell sends the file to the csv
module. A dialect with skipInitialSpace always goes to the csv module.
"""

from __future__ import annotations

import mmap
from pathlib import Path

import numpy as np
import polars as pl

from ..packages import Resource
from ..problems import Problem
from . import fast
from .table import BOM, MAX_LINE_BYTES, Table, csv_options
from .table import read_table as read_exactly

# Files of at least this many bytes are read by polars (about 1,000 lines of the villages
# table); smaller ones by the csv module, which is as quick for them and keeps plain lists.
PLAIN_READ_BYTES = 1 << 16


def read_table(resource: Resource) -> tuple[Table | None, list[Problem]]:
    """A table and the problems that stop its checks; large plain files are read by polars."""
    table = None
    delimiter, skip_initial_space = csv_options(resource)
    if resource.file and resource.file.is_file() and not skip_initial_space:
        size = resource.file.stat().st_size
        if size >= PLAIN_READ_BYTES and size:
            # Mapped, not copied, for the scans; polars maps the file itself.
            with open(resource.file, "rb") as file, mmap.mmap(file.fileno(), 0,
                                                             access=mmap.ACCESS_READ) as data:
                table = read_plain(data, resource.file, delimiter)
    if table is None:
        return read_exactly(resource)
    return table, []


def read_plain(data: bytes | mmap.mmap, path: Path | None = None, delimiter: str = ","
               ) -> fast.ColumnTable | None:
    """A ColumnTable for a plain, regular CSV (`data`, the bytes of the file at `path` if
    given, cells between `delimiter`s); None when the exact reader must decide."""
    if data[:len(BOM)] == BOM or data.find(b'"') >= 0 or data.find(b"\r") >= 0:
        return None  # a BOM, quoting or carriage returns: the csv module decides
    end = data.find(b"\n")
    first = data[:end if end >= 0 else len(data)]
    try:
        header = first.decode("utf-8").split(delimiter)
        # polars refuses bytes that are not UTF-8, so the exact reader reports where they are.
        frame = pl.read_csv(data if path is None else path, has_header=True,
                            separator=delimiter, infer_schema=False, quote_char=None,
                            empty_string_is_null=False,
                            truncate_ragged_lines=False, raise_if_empty=True)
    except (pl.exceptions.PolarsError, UnicodeDecodeError, ValueError):
        return None
    width = len(header)
    if not (first and len(set(header)) == width and frame.columns == header
            and not any(frame.null_count().row(0))):
        return None  # a blank first line or a repeated column: the csv module decides
    if width == 1 and (frame[header[0]] == "").any():
        return None  # a blank line in a table of one column
    # Every line must be exactly its record's cells joined by delimiters: polars pads a short line
    # with empty cells and may drop empty cells at the end of an unterminated last line.
    lengths = _line_lengths(data)
    cells = frame.select(pl.sum_horizontal(pl.all().str.len_bytes().cast(pl.Int64))
                         + (width - 1)).to_series().to_numpy()
    if len(lengths) != frame.height + 1 or not np.array_equal(lengths[1:], cells):
        return None  # a short, long or blank line: the csv module decides
    if lengths.max() > MAX_LINE_BYTES:
        return None
    return fast.ColumnTable(header, frame, range(1, frame.height + 2))


def _line_lengths(data: bytes | mmap.mmap) -> np.ndarray:
    """The length in bytes of every line (without its line end), the last one included."""
    ends = np.flatnonzero(np.frombuffer(data, dtype=np.uint8) == ord("\n"))
    if data[-1:] != b"\n":
        ends = np.append(ends, len(data))
    return np.diff(ends, prepend=-1) - 1
