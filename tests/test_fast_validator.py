"""The vectorised validator reports exactly what frictionless and rules.py report.

Every case of the bad-input corpus and every property-generated table is validated twice: by
the exact path (every file read by the csv module, every table checked by frictionless, the
rules by rules.py) and by the fast path (every file read by polars where it can be, every table
checked by the vectorised checks, the rules pre-filtered by polars). The problem lists must be
identical, message for message. Deliberate difference: none in output. Tables with ragged or
blank lines, or a header that differs from the schema, are handed back to frictionless (tested
below), so they are slower, never different.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import sys
from pathlib import Path

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_bad_inputs import CASES, make_case

from generator.packages import Resource, load_package
from generator.validate import fast, fast_read, fast_rules, rows, validate_paths
from generator.validate.table import read_table

FIXTURES = Path(__file__).parent / "fixtures" / "validate"


def exact(paths: list[Path], base: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Problems as printed by the exact path: the csv module, frictionless and rules.py."""
    with monkeypatch.context() as patch:
        patch.setattr(fast, "LARGE_TABLE_ROWS", sys.maxsize)
        patch.setattr(fast_read, "PLAIN_READ_BYTES", sys.maxsize)
        patch.setattr(fast_rules, "VECTORISED_ROWS", sys.maxsize)
        return [p.format() for p in validate_paths(paths, base).problems]


def both(paths: list[Path], base: Path, monkeypatch: pytest.MonkeyPatch
         ) -> tuple[list[str], list[str], dict[str, int]]:
    """Problems as printed, by the exact path and by the fast path for every table and file
    (the Python checks of small tables, rows.py, are run too and must give the reference's)."""
    reference = exact(paths, base, monkeypatch)
    calls = {"vectorised": 0, "handed-back": 0}
    original = fast._check_vectorised

    def counted(*args, **kwargs):
        try:
            result = original(*args, **kwargs)
        except fast.Unsupported:
            calls["handed-back"] += 1
            raise
        calls["vectorised"] += 1
        return result

    monkeypatch.setattr(fast, "_check_vectorised", counted)
    monkeypatch.setattr(fast, "LARGE_TABLE_ROWS", 0)
    monkeypatch.setattr(fast_read, "PLAIN_READ_BYTES", 0)
    monkeypatch.setattr(fast_rules, "VECTORISED_ROWS", 0)
    monkeypatch.setattr(rows, "PYTHON_ROWS", 0)
    vectorised = [p.format() for p in validate_paths(paths, base).problems]
    # The same tables checked in Python (rows.py), as small tables are: the same problems.
    monkeypatch.setattr(rows, "PYTHON_ROWS", sys.maxsize)
    checked = {"vectorised": calls["vectorised"], "handed-back": calls["handed-back"]}
    in_python = [p.format() for p in validate_paths(paths, base).problems]
    monkeypatch.undo()
    assert in_python == reference
    # rows.py hands back to frictionless what the vectorised checks hand back.
    assert {k: calls[k] - checked[k] for k in calls} == checked
    return reference, vectorised, checked


# A header other than the schema's fields (in order) goes to frictionless: fieldsMatch other
# than exact, and a resource without a schema, whose schema frictionless infers.
HANDED_BACK = {"ragged-rows", "blank-row", "renamed-column", "extra-column",
               "fields-match-equal-reordered", "schema-missing-others-checked"}


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_the_corpus_gives_the_same_problems(case, tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """Each bad input: the same problems, and the vectorised path really ran (or was refused)."""
    root = make_case(case, tmp_path)
    paths = [root / a for a in case.args]
    reference, vectorised, calls = both(paths, root, monkeypatch)
    assert vectorised == reference
    assert [p.format() for p in validate_paths(paths, root).problems] == reference  # defaults
    if case.name in HANDED_BACK:
        assert calls["handed-back"] >= 1
    elif calls["vectorised"] + calls["handed-back"]:
        assert calls["handed-back"] == 0


# Property-generated tables: cells drawn from forms that frictionless and Python read in
# surprising ways (signs, spaces, leading zeros, underscores, other scripts' digits, exponents).
INTEGERS = st.sampled_from(["1", "2", "3", "007", "-0", "+4", " 5", "5 ", "1_0", "٣", "", "x",
                            "1.0", "1e3", "99999999999999999", "-3", "12"])
NUMBERS = st.sampled_from(["1", "1.0", "1.00", "2.5", "-0", "1e2", "100", "NaN", "Infinity",
                           "", " 3", "abc", "0.1", "100.0000001", "99.995", "50", "1_5"])
TEXT = st.sampled_from(["S01", "S02", "S1", "s01", "", " ", "=SUM(A1)", "+91", "-2", "@x",
                        "\tx", "Kerala", "a,b", 'say "hi"', "line\nbreak", "é", "S03"])
DATES = st.sampled_from(["2024-01-31", "2024-02-30", "2026-12-01", "20240105", "2024-13-01",
                         "", "2025-06", "31/01/2024", " 2024-03-01", "2024-03-01T00:00"])
BOOLEANS = st.sampled_from(["true", "false", "True", "FALSE", "1", "0", "yes", "", "t"])
ROW = st.tuples(INTEGERS, TEXT, NUMBERS, NUMBERS, BOOLEANS, DATES, DATES)


def package(rows: list[tuple], constraints: dict, with_rules: bool) -> dict:
    """A package with a table `t` (every type above) and a small table `r` that `t` refers to."""
    fields = [
        {"name": "code", "type": "integer", "constraints": constraints.get("code", {})},
        {"name": "ref", "type": "string", "constraints": constraints.get("ref", {})},
        {"name": "amount", "type": "number", "constraints": constraints.get("amount", {})},
        {"name": "total", "type": "number"},
        {"name": "flag", "type": "boolean", "constraints": constraints.get("flag", {})},
        {"name": "day", "type": "date"},
        {"name": "note", "type": "string", "temporal": True},
    ]
    for f in fields:
        f.update(title=f["name"], description=f["name"])
    resources = [
        {"name": "t", "path": "t.csv", "title": "t", "description": "t",
         "schema": {"fields": fields, "primaryKey": constraints.get("key", ["code"]),
                    "foreignKeys": [{"fields": "ref", "reference": {"resource": "r",
                                                                    "fields": "ref"}}]},
         "rules": [{"rule": "at-most", "field": "amount", "limit": "total"},
                   {"rule": "percent-of", "field": "amount", "part": "code", "whole": "total"},
                   {"rule": "sum-of", "field": "total", "parts": ["amount", "code"]}]
         if with_rules else []},
        {"name": "r", "path": "r.csv", "title": "r", "description": "r",
         "schema": {"fields": [{"name": "ref", "type": "string", "title": "ref",
                                "description": "ref"}], "primaryKey": ["ref"]}},
    ]
    return {"name": "p", "title": "p", "description": "p", "version": "1.0.0",
            "created": "2025-06-30T00:00:00Z", "licenses": [{"name": "x", "path": "x"}],
            "sources": [{"title": "x"}], "resources": resources}


def write(root: Path, descriptor: dict, rows: list[tuple]) -> Path:
    """The package folder, its descriptor and both CSV files."""
    folder = root / "p"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    (folder / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    names = [f["name"] for f in descriptor["resources"][0]["schema"]["fields"]]
    (folder / "t.csv").write_text(csv_text([names, *rows]), encoding="utf-8")
    (folder / "r.csv").write_text(csv_text([["ref"], ["S01"], ["S02"], ["Kerala"]]),
                                  encoding="utf-8")
    return folder


def csv_text(rows: list) -> str:
    """Rows as CSV with LF line ends."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    return buffer.getvalue()


CONSTRAINTS = st.fixed_dictionaries({}, optional={
    "code": st.sampled_from([{"minimum": 2}, {"maximum": 5, "required": True},
                             {"enum": [1, 2, 3]}, {"unique": True}, {"minimum": 0, "maximum": 3}]),
    "ref": st.sampled_from([{"required": True}, {"pattern": "S[0-9]{2}"},
                            {"enum": ["S01", "Kerala"]}, {"minLength": 3, "maxLength": 5},
                            {"unique": True}]),
    "amount": st.sampled_from([{"minimum": 0, "maximum": 100}, {"enum": [1, 2.5]},
                               {"required": True}, {"unique": True}]),
    "flag": st.sampled_from([{"required": True}, {"enum": [True]}]),
    "key": st.sampled_from([["code"], ["code", "ref"], ["day"], ["amount", "flag"]]),
})


EXAMPLES = int(os.environ.get("FAST_VALIDATOR_EXAMPLES", "60"))


@settings(max_examples=EXAMPLES, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(rows=st.lists(ROW, max_size=12), constraints=CONSTRAINTS, with_rules=st.booleans())
def test_generated_tables_give_the_same_problems(rows, constraints, with_rules, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """Any table of awkward cells: the same problems, message for message."""
    folder = write(tmp_path, package(rows, constraints, with_rules), rows)
    reference, vectorised, calls = both([folder], tmp_path, monkeypatch)
    assert vectorised == reference
    # NaN is never equal to itself: a key holding one is handed back to frictionless.
    nan_in_key = any(row[2] == "NaN" for row in rows) and (
        "amount" in constraints.get("key", ["code"]) or "unique" in constraints.get("amount", {}))
    assert calls == ({"vectorised": 0, "handed-back": 1} if nan_in_key
                     else {"vectorised": 1, "handed-back": 0})


def test_a_large_plain_file_is_read_by_polars_like_the_csv_module(tmp_path: Path) -> None:
    """Header, cells and physical lines of the fast reader equal the exact reader's."""
    folder = write(tmp_path, package([], {}, False),
                   [(str(i), "S01", "1.5", "2", "true", "2024-01-01", "") for i in range(60)])
    resource = load_package(folder, tmp_path)[0].resource("t")
    exact, _ = read_table(resource)
    plain = fast_read.read_plain((folder / "t.csv").read_bytes())
    assert isinstance(plain, fast.ColumnTable)
    assert (plain.header, plain.rows, list(plain.lines)) == (exact.header, exact.rows, exact.lines)


def test_a_declared_delimiter_is_read_by_polars_like_the_csv_module(tmp_path: Path) -> None:
    """A dialect's `;` (issue 13): the fast reader splits on it, as the exact reader does, and
    a large file of it takes the fast path; skipInitialSpace always goes to the csv module."""
    rows = "".join(f"{i};S{i:02d};1,5;{'x' * 900}\n" for i in range(80))
    data = ("id;code;value;note\n" + rows).encode()
    (tmp_path / "t.csv").write_bytes(data)
    resource = Resource("t", "t.csv", tmp_path / "t.csv", "t.csv", {"dialect": {"delimiter": ";"}})
    exact, problems = read_table(resource)
    plain = fast_read.read_plain(data, delimiter=";")
    assert problems == [] and exact.header == ["id", "code", "value", "note"]
    assert isinstance(plain, fast.ColumnTable)
    assert (plain.header, plain.rows, list(plain.lines)) == (exact.header, exact.rows, exact.lines)
    assert isinstance(fast_read.read_table(resource)[0], fast.ColumnTable)
    spaced = Resource("t", "t.csv", tmp_path / "t.csv", "t.csv",
                      {"dialect": {"delimiter": ";", "skipInitialSpace": True}})
    table, _ = fast_read.read_table(spaced)
    assert not isinstance(table, fast.ColumnTable) and table.rows == exact.rows


@settings(max_examples=EXAMPLES * 3, deadline=None)
@given(cells=st.lists(st.one_of(st.text(max_size=25),
                                st.text(alphabet="0123456789+-_ .eExob\t\n٣０", max_size=25)),
                      max_size=50))
def test_polars_parses_an_integer_only_as_python_reads_it(cells: list[str]) -> None:
    """fast._Plan takes polars' integer for frictionless' (`int(cell.strip())`): every cell
    polars parses must be read by Python to the same value (the others go to frictionless);
    fast_rules takes it for a plain decimal that polars also reads as a float."""
    column = pl.Series(cells, dtype=pl.String)
    values = column.cast(pl.Int64, strict=False).to_list()
    floats = column.cast(pl.Float64, strict=False).to_list()
    for cell, value, number in zip(cells, values, floats, strict=True):
        if value is not None:  # and fast_rules takes it for a plain decimal polars reads
            assert int(cell.strip()) == value, cell
            assert re.match(fast_rules.PLAIN_DECIMAL, cell) and number == float(value), cell
    assert pl.Series(["007", "+4", "-0", "9223372036854775807"]).cast(pl.Int64).to_list() == [
        7, 4, 0, 2**63 - 1]
    assert pl.Series([" 5", "1_0", "1e3", "٣", "9223372036854775808", "0x1"]).cast(
        pl.Int64, strict=False).null_count() == 6


CELLS = st.sampled_from(["", "1", "a", " ", "é", "x y", "-", "0"])


@settings(max_examples=EXAMPLES * 3, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(header=st.lists(st.sampled_from(["a", "b", "c"]), min_size=1, max_size=3, unique=True),
       lines=st.lists(st.lists(CELLS, max_size=4).map(",".join), max_size=8),
       last_end=st.booleans())
def test_the_fast_reader_reads_like_the_csv_module_or_refuses(header, lines, last_end,
                                                              tmp_path: Path) -> None:
    """Short, long and blank lines: polars' table is the csv module's, or it is refused."""
    data = ("\n".join([",".join(header), *lines]) + ("\n" if last_end else "")).encode()
    plain = fast_read.read_plain(data)
    (tmp_path / "t.csv").write_bytes(data)
    exact, problems = read_table(Resource("t", "t.csv", tmp_path / "t.csv", "t.csv", {}))
    widths = {len(line.split(",")) for line in lines}
    if widths <= {len(header)} and not (len(header) == 1 and "" in lines):
        assert plain is not None  # a regular table takes the fast path
    if plain is not None:
        assert problems == []
        assert (plain.header, plain.rows, list(plain.lines)) == (
            exact.header, exact.rows, exact.lines)


@pytest.mark.parametrize("data", [
    b'a,b\n"1,2",3\n',            # a quote: the csv module decides
    b"a,b\r\n1,2\r\n",            # carriage returns
    b"a,b\n1,2\n\n3,4\n",         # a blank row
    b"a,b\n1,2,3\n",              # a ragged row
    b"\xef\xbb\xbfa,b\n1,2\n",    # a byte-order mark
    b"a,b\n1,\xff\n",             # not UTF-8
    b"a,a\n1,2\n",                # a repeated column name
    b"a,b\n1,2\n3\n",             # a short row (polars would pad it with an empty cell)
    b"a,b\n1,2\n3,4\n\n",          # a blank last line
    b"a\n1\n\n3\n",               # a blank row in a table of one column
    b"a\n1\n3\n\n",               # a blank last line in a table of one column
    b"\na,b\n1,2\n",              # a blank first line
    b"a,b\n1,2\n1,2,",             # an extra empty cell on a last line with no line end
    b"a,b\n\n,,",                  # a blank line and a long last line (lengths add up)
])
def test_anything_unusual_goes_to_the_exact_reader(data: bytes) -> None:
    """The fast reader refuses every file whose reading the csv module must decide."""
    assert fast_read.read_plain(data) is None


def test_a_large_table_is_checked_without_frictionless(tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """Above the threshold the vectorised checks run, and find the same broken rows."""
    rows = [(str(i), "S01", "1", "2", "true", "2024-01-01", "") for i in range(1, 121)]
    rows[40] = ("x", "S09", "1", "2", "maybe", "2024-02-30", "=1")
    rows[41] = ("1", "S01", "1", "2", "true", "2024-01-01", "")
    folder = write(tmp_path, package(rows, {}, False), rows)
    monkeypatch.setattr(fast, "LARGE_TABLE_ROWS", 100)
    monkeypatch.setattr(fast, "check_with_frictionless",
                        lambda package, tables: [] if set(tables) <= {"r"} else 1 / 0)
    keys = [p.key()[1:] for p in validate_paths([folder], tmp_path).problems]
    assert keys == [(42, "code", "primary-key"), (42, "code", "type-error"),
                    (42, "day", "type-error"),
                    (42, "flag", "type-error"), (42, "note", "formula-injection"),
                    (42, "ref", "foreign-key"), (43, "code", "primary-key")]
