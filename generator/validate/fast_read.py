"""Reading a large CSV with polars: the same Table and problems as table.read_table, faster.

Only a plain file takes the fast path: UTF-8 without a BOM, no quote character, no carriage
return, no line over the limit, one record per line and as many cells in every record as in
the header. Anything else is read by table.read_table, which parses strictly with the csv
module and maps every record to its physical line.

The file is read in blocks of about BLOCK_BYTES that end at a line end, and each block is
scanned for the bytes that would need the csv module (a BOM, a quote, a carriage return) and
parsed by polars under the header: the frame is the blocks' frames, side by side, so that no
more than one block of the file's bytes and its parse are held beside the table itself (a
file mapped or read whole, and polars' buffers for it, came to four times the table's size).
That every line holds exactly one record of the header's width is checked from polars' own
cells: without quoting a line is its cells joined by the delimiter (a comma, or the one the
dialect names), so each line's length must be its record's cell bytes plus the delimiters
(polars pads a short line with empty cells, and drops empty cells at the end of a last line
with no line end). A blank line counts as a short line, except in a table of one column,
where any empty cell sends the file to the csv module. A dialect with skipInitialSpace always
goes to the csv module.
"""

from __future__ import annotations

import threading
from collections.abc import Generator, Iterable, Iterator
from contextlib import closing
from itertools import chain
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, TypeVar

from ..packages import Resource
from ..problems import Problem
from .table import BOM, MAX_LINE_BYTES, Table, csv_options
from .table import read_table as read_exactly

if TYPE_CHECKING:  # imported where polars parses: a small file read by the csv module
    import polars as pl  # needs neither (issue 18: a rebuild that reads only small tables)

    from . import fast

# Files of at least this many bytes are read by polars (about 1,000 lines of the villages
# table); smaller ones by the csv module, which is as quick for them and keeps plain lists.
PLAIN_READ_BYTES = 1 << 16
# A block of the file read and parsed at a time (then extended to the end of its last line).
BLOCK_BYTES = 4 << 20
T = TypeVar("T")
_END = object()  # what `ahead`'s thread hands back when the items are exhausted


def read_table(resource: Resource) -> tuple[Table | None, list[Problem]]:
    """A table and the problems that stop its checks; large plain files are read by polars."""
    table = None
    delimiter, skip_initial_space = csv_options(resource)
    if resource.file and resource.file.is_file() and not skip_initial_space:
        if resource.file.stat().st_size >= PLAIN_READ_BYTES:
            with open(resource.file, "rb") as file:
                table = _read_blocks(_file_blocks(file), delimiter)
    if table is None:
        return read_exactly(resource)
    return table, []


def read_plain(data: bytes, path: Path | None = None, delimiter: str = ","
               ) -> fast.ColumnTable | None:
    """A ColumnTable for a plain, regular CSV (`data`, the bytes of a file; `path`, the file
    they came from, is not read), cells between `delimiter`s; None when the exact reader must
    decide."""
    return _read_blocks(_byte_blocks(data), delimiter)


def _byte_blocks(data: bytes) -> Iterator[bytes]:
    """`data` in blocks of about BLOCK_BYTES, each ending at a line end (the last may not)."""
    start, size = 0, BLOCK_BYTES
    while start < len(data):
        end = data.find(b"\n", start + size) if start + size < len(data) else -1
        end = len(data) if end < 0 else end + 1
        yield data[start:end]
        start = end


def _file_blocks(file: BinaryIO, size: int | None = None) -> Iterator[bytes]:
    """A file's bytes in blocks of about `size` (BLOCK_BYTES), each ending at a line end (the
    last may not)."""
    while block := file.read(size or BLOCK_BYTES):
        yield block if block.endswith(b"\n") else block + file.readline()


def read_batches(resource: Resource, size: int) -> Iterator[fast.ColumnTable | None]:
    """A large plain file as tables of about `size` bytes each, with their physical lines; a
    None (and nothing after it) where the csv module must read the file instead."""
    delimiter, skip_initial_space = csv_options(resource)
    if resource.file is None or skip_initial_space:
        yield None
        return
    start = 0
    with open(resource.file, "rb") as file, closing(
            ahead(_frames(_file_blocks(file, size), delimiter))) as frames:
        from . import fast
        for found in frames:
            if found is None:
                yield None
                return
            header, frame = found
            yield fast.ColumnTable(header, frame, [1, *range(start + 2, start + frame.height + 2)])
            start += frame.height


def ahead(items: Iterator[T]) -> Generator[T, None, None]:
    """`items` in order, each next one made in a thread while the caller uses the one before.

    polars parses a block without holding the interpreter, so the next block's parse runs on
    the second core while this one is checked. The thread is always joined before a next
    item is asked for or the caller stops, so `items` is advanced by one thread at a time.
    """
    made: list = []

    def make() -> None:
        try:
            made.append((True, next(items, _END)))
        except BaseException as exc:  # noqa: BLE001 - raised again in the caller's thread
            made.append((False, exc))

    thread = threading.Thread(target=make, daemon=True)
    thread.start()
    try:
        while True:
            thread.join()
            ok, item = made.pop()
            if not ok:
                raise item
            if item is _END:
                return
            thread = threading.Thread(target=make, daemon=True)
            thread.start()
            yield item
    finally:
        thread.join()


def _read_blocks(blocks: Iterable[bytes], delimiter: str) -> fast.ColumnTable | None:
    """A ColumnTable from a file's blocks, or None at the first block the csv module must read."""
    import polars as pl

    from . import fast
    frames, header = [], []
    for found in _frames(blocks, delimiter):
        if found is None:
            return None
        header, frame = found
        frames.append(frame)
    if not frames:
        return None
    frame = frames[0] if len(frames) == 1 else pl.concat(frames, rechunk=False)
    return fast.ColumnTable(header, frame, range(1, frame.height + 2))


def _frames(blocks: Iterable[bytes], delimiter: str
            ) -> Iterator[tuple[list[str], pl.DataFrame] | None]:
    """(header, frame) for each block of a file, each parsed under the file's header line; a
    None (and nothing after it) at the first block the csv module must read."""
    blocks = iter(blocks)
    first = next(blocks, b"")
    end = first.find(b"\n")
    head, body = (first, b"") if end < 0 else (first[:end + 1], first[end + 1:])
    header = _header(first, head, delimiter)
    if header is None:
        yield None
        return
    read = False
    for block in chain([body], blocks) if body or end < 0 else blocks:
        frame = _read_block(head + block if end >= 0 else head, header, delimiter)
        yield None if frame is None else (header, frame)
        if frame is None:
            return
        read = True
    if not read:  # a header and no data
        frame = _read_block(head, header, delimiter)
        yield None if frame is None else (header, frame)


def _header(first: bytes, head: bytes, delimiter: str) -> list[str] | None:
    """The column names of a file's first line; None if the csv module must read the file."""
    if first[:len(BOM)] == BOM or not head.rstrip(b"\n"):
        return None  # a byte-order mark or a blank first line: the csv module decides
    try:
        header = head.rstrip(b"\n").decode("utf-8").split(delimiter)
    except UnicodeDecodeError:
        return None
    return header if len(set(header)) == len(header) else None  # a repeated column name


def _read_block(data: bytes, header: list[str], delimiter: str) -> pl.DataFrame | None:
    """One block under the file's header line, parsed by polars; None if it is not plain."""
    import polars as pl
    if data.find(b'"') >= 0 or data.find(b"\r") >= 0:
        return None  # quoting or carriage returns: the csv module decides
    try:
        # polars refuses bytes that are not UTF-8, so the exact reader reports where they are.
        frame = pl.read_csv(data, has_header=True, separator=delimiter, infer_schema=False,
                            quote_char=None, empty_string_is_null=False,
                            truncate_ragged_lines=False, raise_if_empty=True)
    except (pl.exceptions.PolarsError, UnicodeDecodeError, ValueError):
        return None
    width = len(header)
    if frame.columns != header or any(frame.null_count().row(0)):
        return None
    if width == 1 and (frame[header[0]] == "").any():
        return None  # a blank line in a table of one column
    # Every line must be exactly its record's cells joined by delimiters: polars pads a short line
    # with empty cells and may drop empty cells at the end of an unterminated last line. Without
    # quoting, that is: as many lines as records, and width - 1 delimiters on every line. polars
    # refuses a line with a line end and more cells than the header's, so when an unterminated
    # last line has width - 1 delimiters and the block has width - 1 per line in all, every line
    # has (tests/test_fast_read_lines.py holds this to the comparison of each line's length with
    # its cells' that it replaces, which cost a third of the parse).
    separator = delimiter.encode()
    newlines = data.count(b"\n")
    lines = newlines + (not data.endswith(b"\n"))
    if lines != frame.height + 1:
        return None  # a blank line polars skipped, or one it read as a record
    if lines > newlines and data[data.rfind(b"\n") + 1:].count(separator) != width - 1:
        return None  # an unterminated last line with more or fewer cells
    if data.count(separator) != (width - 1) * lines:
        return None  # a short line: the csv module decides
    first = data.find(b"\n")
    if (len(data) if first < 0 else first) > MAX_LINE_BYTES:
        return None
    # The longest record is at most the longest cells of each column and the delimiters;
    # only when that bound is over the limit are the records themselves measured.
    longest = sum(v or 0 for v in frame.select(pl.all().str.len_bytes().max()).row(0))
    if longest + width - 1 > MAX_LINE_BYTES:
        widths = pl.sum_horizontal(pl.all().str.len_bytes().cast(pl.Int64)) + (width - 1)
        if frame.select(widths.max()).item() > MAX_LINE_BYTES:
            return None
    return frame
