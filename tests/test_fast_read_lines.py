"""fast_read's check that every line of a block is exactly one record, by sums (issue 18).

`_read_block` once measured every line in Python and compared it with its record's cells;
it now compares only the number of lines and their total bytes, which is the same test
because polars never gives a line fewer bytes than it holds (it refuses extra cells and pads
missing ones). Random blocks of short, long, blank, padded and unterminated lines are
judged both ways here: the old line-by-line rule is the reference.
"""

from __future__ import annotations

import random

import polars as pl
import pytest

from generator.validate import fast_read
from generator.validate.table import MAX_LINE_BYTES


def line_by_line(data: bytes, header: list[str], delimiter: str) -> bool:
    """The old rule: polars parses the block and every line is its cells and delimiters."""
    if data.find(b'"') >= 0 or data.find(b"\r") >= 0:
        return False
    try:
        frame = pl.read_csv(data, has_header=True, separator=delimiter, infer_schema=False,
                            quote_char=None, empty_string_is_null=False,
                            truncate_ragged_lines=False, raise_if_empty=True)
    except (pl.exceptions.PolarsError, UnicodeDecodeError, ValueError):
        return False
    width = len(header)
    if frame.columns != header or any(frame.null_count().row(0)):
        return False
    if width == 1 and (frame[header[0]] == "").any():
        return False
    lines = data.split(b"\n")
    if data.endswith(b"\n"):
        lines.pop()
    lengths = [len(line) for line in lines]
    cells = frame.select(pl.sum_horizontal(pl.all().str.len_bytes().cast(pl.Int64))
                         + (width - 1)).to_series().to_list()
    return (len(lengths) == frame.height + 1 and lengths[1:] == cells
            and max(lengths) <= MAX_LINE_BYTES)


CELLS = ["", "1", "22", "abc", "é", "x y", "  ", "2024-01-01"]


def block(rng: random.Random, width: int, delimiter: str) -> bytes:
    """A header and a few lines, some of them short, long, blank or unterminated."""
    header = delimiter.join(f"c{i}" for i in range(width))
    lines = [header]
    for _ in range(rng.randint(0, 6)):
        kind = rng.random()
        count = width if kind < 0.6 else rng.randint(0, width + 2)
        lines.append(delimiter.join(rng.choice(CELLS) for _ in range(count)))
    text = "\n".join(lines) + ("\n" if rng.random() < 0.8 else "")
    return text.encode()


@pytest.mark.parametrize("width", [1, 2, 3, 5])
@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_sums_judge_blocks_as_line_by_line(width: int, delimiter: str) -> None:
    """Thousands of random blocks: accepted by the sums exactly when line by line."""
    rng = random.Random(width * 31 + ord(delimiter))
    header = [f"c{i}" for i in range(width)]
    accepted = refused = 0
    for _ in range(600):
        data = block(rng, width, delimiter)
        expected = line_by_line(data, header, delimiter)
        frame = fast_read._read_block(data, header, delimiter)
        assert (frame is not None) == expected, data
        accepted, refused = accepted + expected, refused + (not expected)
    assert accepted > 50 and refused > 50  # both kinds were seen


def test_a_line_over_the_limit_is_refused() -> None:
    """A record longer than MAX_LINE_BYTES goes to the csv module, as before; and the header."""
    long = "x" * (MAX_LINE_BYTES + 1)
    assert fast_read._read_block(f"a,b\n1,{long}\n".encode(), ["a", "b"], ",") is None
    assert fast_read._read_block(f"a,{long}\n1,2\n".encode(), ["a", long], ",") is None
    assert fast_read._read_block(b"a,b\n1,2\n", ["a", "b"], ",") is not None


def test_long_cells_in_different_records_are_not_a_long_line() -> None:
    """Two long cells of different columns, each on its own record, add up over the limit
    only in the bound: the records are measured then, and the block is read."""
    half = "x" * (MAX_LINE_BYTES // 2 + 10)
    data = f"a,b\n{half},1\n2,{half}\n".encode()
    frame = fast_read._read_block(data, ["a", "b"], ",")
    assert frame is not None and frame.height == 2
    assert line_by_line(data, ["a", "b"], ",")
