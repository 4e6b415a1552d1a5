"""Unit tests of the validator's stages: problems, safe paths, CSV reading and programme rules."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from generator.packages import Package, Resource, resolve_resource_path
from generator.problems import ERROR, WARNING, Problem, sort_problems
from generator.validate.descriptor import is_version
from generator.validate.rules import check_rules, half_unit
from generator.validate.table import Table, read_table

CREATED = "2024-08-01T00:00:00Z"
NUMBER = {"type": "number"}


# Problem: one printed shape, one order.

def test_format_has_the_one_printed_shape() -> None:
    problem = Problem("datasets/jjm-coverage/state_coverage.csv", 14, "hh_tap_as_of_pct",
                      "constraint-error", "expected at most 100, found '104.2'")
    assert problem.format() == ("datasets/jjm-coverage/state_coverage.csv:14:hh_tap_as_of_pct: "
                                "constraint-error: expected at most 100, found '104.2'")
    assert problem.is_error


def test_format_puts_dashes_for_no_row_and_no_field() -> None:
    problem = Problem("p/datapackage.json", None, None, "descriptor-error", "expected an object")
    assert problem.format() == "p/datapackage.json:-:-: descriptor-error: expected an object"


def test_format_marks_warnings_after_the_code() -> None:
    problem = Problem("p/t.csv", 3, "pct", "percent-inconsistent", "expected about 50", WARNING)
    assert problem.format() == "p/t.csv:3:pct: percent-inconsistent: warning: expected about 50"
    assert not problem.is_error


def test_to_dict_is_json_ready() -> None:
    assert Problem("p/t.csv", 2, None, "c", "m").to_dict() == {
        "path": "p/t.csv", "row": 2, "field": None, "code": "c", "message": "m",
        "severity": ERROR}


def test_sort_by_path_then_numeric_row_then_field_and_code() -> None:
    problems = [
        Problem("b/t.csv", 2, "x", "code", "m"),
        Problem("a/t.csv", 10, "a", "code", "m"),
        Problem("a/t.csv", 9, "b", "code", "m"),
        Problem("a/t.csv", 9, "a", "z-code", "m"),
        Problem("a/t.csv", 9, "a", "a-code", "m"),
        Problem("a/t.csv", None, None, "code", "m"),
        Problem("a/datapackage.json", None, "name", "code", "m"),
    ]
    assert [p.key() for p in sort_problems(problems)] == [
        ("a/datapackage.json", None, "name", "code"),
        ("a/t.csv", None, None, "code"),
        ("a/t.csv", 9, "a", "a-code"),
        ("a/t.csv", 9, "a", "z-code"),
        ("a/t.csv", 9, "b", "code"),
        ("a/t.csv", 10, "a", "code"),
        ("b/t.csv", 2, "x", "code"),
    ]


# Resource paths: a plain relative file inside the package, or a problem.

@pytest.fixture
def package_root(tmp_path: Path) -> Path:
    """A package folder with a file, a sub-folder, and links inside and outside it."""
    root = tmp_path / "pkg"
    (root / "sub").mkdir(parents=True)
    (root / "data.csv").write_text("a\n1\n", encoding="utf-8")
    (root / "sub" / "more.csv").write_text("a\n1\n", encoding="utf-8")
    (tmp_path / "secret.csv").write_text("a\n1\n", encoding="utf-8")
    (root / "inside-link.csv").symlink_to(root / "data.csv")
    (root / "outside-link.csv").symlink_to(tmp_path / "secret.csv")
    (root / "linked-folder").symlink_to(tmp_path)
    return root


@pytest.mark.parametrize(("value", "code"), [
    ("data.csv", None),
    ("./data.csv", None),
    ("sub/more.csv", None),
    ("inside-link.csv", None),
    ("missing.csv", "file-not-found"),
    ("sub", "file-not-found"),
    ("https://ejalshakti.gov.in/data.csv", "remote-path"),
    ("HTTP://example.org/data.csv", "remote-path"),
    ("file:///etc/passwd", "remote-path"),
    ("//example.org/data.csv", "remote-path"),
    ("/etc/passwd", "unsafe-path"),
    ("C:/data.csv", "unsafe-path"),
    ("c:data.csv", "unsafe-path"),
    ("\\\\server\\share\\data.csv", "unsafe-path"),
    ("../secret.csv", "unsafe-path"),
    ("sub/../data.csv", "unsafe-path"),
    ("sub\\more.csv", "unsafe-path"),
    ("data.csv\x00", "unsafe-path"),
    ("outside-link.csv", "unsafe-path"),
    ("linked-folder/secret.csv", "unsafe-path"),
    ("", "descriptor-error"),
    (None, "descriptor-error"),
    (["data.csv", "more.csv"], "descriptor-error"),
])
def test_resolve_resource_path(package_root: Path, value: object, code: str | None) -> None:
    file, problems = resolve_resource_path(value, package_root, "pkg/datapackage.json",
                                           "resources[0].path")
    assert [p.key() for p in problems] == (
        [] if code is None else [("pkg/datapackage.json", None, "resources[0].path", code)])
    assert (file is not None) is (code is None)
    if file is not None:
        assert package_root.resolve() in file.parents


# Reading a CSV: strict syntax, and the physical line of every record.

def csv_resource(tmp_path: Path, data: bytes) -> Resource:
    """A resource for a CSV file with these bytes."""
    (tmp_path / "t.csv").write_bytes(data)
    return Resource("t", "t.csv", tmp_path / "t.csv", "p/t.csv", {})


MULTILINE = (b'id,note\n'
             b'1,"a note\non three\nlines"\n'
             b'2,plain\n'
             b'3,=HYPERLINK("x")\n')


def test_read_table_maps_records_to_physical_lines(tmp_path: Path) -> None:
    table, problems = read_table(csv_resource(tmp_path, MULTILINE))
    assert problems == []
    assert table.header == ["id", "note"]
    assert table.rows[0] == ["1", "a note\non three\nlines"]
    assert table.lines == [1, 2, 5, 6]
    # frictionless numbers rows as records (header = 1): its row 3 is the record on line 5.
    assert table.line_of(3) == 5


def test_an_error_after_a_multiline_cell_has_its_physical_line(tmp_path: Path) -> None:
    resource = csv_resource(tmp_path, MULTILINE)
    table, _ = read_table(resource)
    package = Package("p", tmp_path, "p", {}, (resource,))
    assert [p.key() for p in check_rules(package, resource, table)] == [
        ("p/t.csv", 6, "note", "formula-injection")]


def test_a_syntax_error_after_a_multiline_cell_has_its_physical_line(tmp_path: Path) -> None:
    table, problems = read_table(csv_resource(tmp_path, MULTILINE + b'4,"never closed\n'))
    assert table is None
    assert [p.key() for p in problems] == [("p/t.csv", 7, None, "csv-syntax-error")]
    assert "unclosed quote" in problems[0].message


def test_crlf_line_endings_count_lines_the_same(tmp_path: Path) -> None:
    table, problems = read_table(csv_resource(tmp_path, MULTILINE.replace(b"\n", b"\r\n")))
    assert problems == []
    assert table.lines == [1, 2, 5, 6]


def test_a_bad_byte_is_reported_on_its_line(tmp_path: Path) -> None:
    table, problems = read_table(csv_resource(tmp_path, b"id,note\n1,ok\n2,caf\xe9\n"))
    assert table is None
    assert [p.key() for p in problems] == [("p/t.csv", 3, None, "encoding-error")]
    assert "0xe9" in problems[0].message


def test_a_bom_is_reported_and_the_table_still_read(tmp_path: Path) -> None:
    table, problems = read_table(csv_resource(tmp_path, b"\xef\xbb\xbfid,note\n1,ok\n"))
    assert [p.key() for p in problems] == [("p/t.csv", 1, None, "encoding-bom")]
    assert table.header == ["id", "note"]
    assert table.has_bom


def test_a_line_over_the_limit_is_refused_before_parsing(tmp_path: Path) -> None:
    table, problems = read_table(csv_resource(tmp_path, b"id,note\n1," + b"x" * 131_072 + b"\n"))
    assert table is None
    assert [p.key() for p in problems] == [("p/t.csv", 2, None, "line-too-long")]


# Programme rules, on an in-memory table.

def rule_problems(fields: list[dict], rows: list[list[str]], rules: list[dict] | None = None,
                  created: str | None = CREATED) -> list[tuple]:
    """(row, field, code, severity) of check_rules on a one-resource package."""
    descriptor = {"name": "t", "path": "t.csv", "schema": {"fields": fields},
                  "rules": rules or []}
    resource = Resource("t", "t.csv", None, "p/t.csv", descriptor)
    package = Package("p", Path("."), "p", {"created": created, "resources": [descriptor]},
                      (resource,))
    table = Table([f["name"] for f in fields], rows, list(range(1, len(rows) + 2)), False)
    return [(p.row, p.field, p.code, p.severity)
            for p in sort_problems(check_rules(package, resource, table))]


@pytest.mark.parametrize(("cell", "field", "half"), [
    ("3.23", NUMBER, Decimal("0.005")),
    ("100.00", NUMBER, Decimal("0.005")),
    ("17", NUMBER, Decimal("0.5")),
    ("81.7", NUMBER, Decimal("0.05")),
    (" 18.93 ", NUMBER, Decimal("0.005")),
    ("17", {"type": "integer"}, Decimal("0")),
])
def test_half_unit_of_the_last_printed_digit(cell: str, field: dict, half: Decimal) -> None:
    assert half_unit(cell, field) == half


PERCENT_FIELDS = [{"name": "pct", **NUMBER}, {"name": "part", **NUMBER},
                  {"name": "whole", **NUMBER}]
PERCENT_RULE = {"rule": "percent-of", "field": "pct", "part": "part", "whole": "whole"}


@pytest.mark.parametrize(("pct", "part", "whole", "consistent"), [
    ("17", "3.23", "18.93", True),       # 17.06, printed without decimals
    ("81.71", "15.82", "19.36", True),   # 81.714
    ("16.8", "3.23", "19.27", True),     # 16.76: within the rounding of the three values
    ("16.9", "3.23", "19.27", False),    # at least 16.85 against at most 16.79
    ("16.8", "3.23", "19.2", True),      # 16.82, and 19.2 may be anything from 19.15 to 19.25
    ("60", "5", "10", False),            # 50
    ("50", "5", "10", True),
    ("0", "0", "10", True),
    ("100.00", "2.63", "2.63", True),
])
def test_percent_of_allows_each_value_its_rounding(pct: str, part: str, whole: str,
                                                    consistent: bool) -> None:
    expected = [] if consistent else [(2, "pct", "percent-inconsistent", WARNING)]
    assert rule_problems(PERCENT_FIELDS, [[pct, part, whole]], [PERCENT_RULE]) == expected


def test_percent_of_skips_blank_and_non_numbers_and_zero_wholes() -> None:
    rows = [["", "3.23", "18.93"], ["17", "n/a", "18.93"], ["17", "3.23", "0"]]
    assert rule_problems(PERCENT_FIELDS, rows, [PERCENT_RULE]) == []


def test_a_rule_can_be_made_an_error() -> None:
    rule = {**PERCENT_RULE, "severity": "error"}
    assert rule_problems(PERCENT_FIELDS, [["60", "5", "10"]], [rule]) == [
        (2, "pct", "percent-inconsistent", ERROR)]


SUM_FIELDS = [{"name": "total", **NUMBER}, {"name": "before", **NUMBER},
              {"name": "added", **NUMBER}]
SUM_RULE = {"rule": "sum-of", "field": "total", "parts": ["before", "added"]}


@pytest.mark.parametrize(("total", "consistent"), [
    ("127.41", True), ("127.42", True), ("127.43", False), ("128.31", False),
    ("127.425", False),  # three decimals leave only 0.0005 of rounding to this one
])
def test_sum_of_allows_the_rounding_of_every_term(total: str, consistent: bool) -> None:
    expected = [] if consistent else [(2, "total", "sum-inconsistent", WARNING)]
    assert rule_problems(SUM_FIELDS, [[total, "48.44", "78.97"]], [SUM_RULE]) == expected


def test_at_most_is_an_error_only_above_the_total() -> None:
    fields = [{"name": "tap", **NUMBER}, {"name": "total", **NUMBER}]
    rule = {"rule": "at-most", "field": "tap", "limit": "total"}
    rows = [["2.63", "2.63"], ["2.64", "2.63"], ["", "2.63"]]
    assert rule_problems(fields, rows, [rule]) == [(3, "tap", "exceeds-total", ERROR)]


DATED_FIELDS = [{"name": "as_of", "type": "date"}, {"name": "month", "type": "yearmonth"},
                {"name": "published", "type": "string", "temporal": True},
                {"name": "label", "type": "string"}]


@pytest.mark.parametrize(("row", "late"), [
    (["2024-08-01", "2024-08", "2024-08", "2030-01-01"], []),
    (["2024-08-02", "", "", ""], ["as_of"]),
    (["", "2024-09", "", ""], ["month"]),
    (["", "", "2024-09", ""], ["published"]),
    (["", "", "2024-08-02", ""], ["published"]),
    (["", "", "2024-07-31", ""], []),
    (["", "", "2025", ""], []),            # not a date of the temporal kind: not compared
    (["", "", "soon", ""], []),
    (["2025-01-01", "2025-01", "2025-01-01", ""], ["as_of", "month", "published"]),
])
def test_dates_after_the_release(row: list[str], late: list[str]) -> None:
    assert rule_problems(DATED_FIELDS, [row]) == [
        (2, name, "date-after-release", ERROR) for name in late]


def test_no_release_date_no_date_check() -> None:
    assert rule_problems(DATED_FIELDS, [["2030-01-01", "2030-01", "2030", ""]], created=None) == []


@pytest.mark.parametrize("cell", ["=SUM(A1)", "+91 98765 43210", "-2+3", "@cmd", "\tx", "\rx"])
def test_formula_cells_in_text_fields(cell: str) -> None:
    fields = [{"name": "note", "type": "string"}]
    assert rule_problems(fields, [[cell]]) == [(2, "note", "formula-injection", ERROR)]


@pytest.mark.parametrize(("kind", "cell"), [
    ("number", "-2"), ("integer", "-5"), ("number", "+3.5"), ("string", "2-3"),
    ("string", "a=b"), ("string", ""),
])
def test_numbers_and_inner_signs_are_not_formulas(kind: str, cell: str) -> None:
    assert rule_problems([{"name": "value", "type": kind}], [[cell]]) == []


@pytest.mark.parametrize("created", ["2024-02-30", "2024-12-32", "\uff12\uff10\uff12\uff14-08-01",
                                     "2024-08-01T25:00:00Z"])
def test_an_impossible_release_date_skips_the_date_check(created: str) -> None:
    """The descriptor check reports the date; the rule does not compare with it (nor crash)."""
    assert rule_problems(DATED_FIELDS, [["2030-01-01", "2030-01", "2030", ""]],
                         created=created) == []


@pytest.mark.parametrize(("value", "ok"), [
    ("1.0.0", True), ("0.1.0", True), ("2.0.0-rc.1", True), ("1.2.3+build.5", True),
    ("1.0", False), ("v1.0.0", False), ("01.0.0", False), ("1.0.0/../../x", False),
    ("1.0.0\n", False), ("\uff11.0.0", False), (1, False), ("1.0.0-", False),
])
def test_versions_are_semantic_versions(value: object, ok: bool) -> None:
    assert is_version(value) is ok


def test_a_format_frictionless_cannot_read_is_a_descriptor_problem(monkeypatch) -> None:
    """A format whose extra is not installed is reported at the field, not raised in a check."""
    import frictionless

    from generator.validate import descriptor

    def missing(self: object) -> None:
        raise frictionless.FrictionlessException('Please install "frictionless[wkt]"')

    monkeypatch.setattr(type(frictionless.platform), "wkt", property(missing))
    descriptor._has_reader.cache_clear()
    try:
        spec = json.dumps(["string", "wkt"])
        assert descriptor._has_reader(spec) is False
        assert descriptor._has_reader(json.dumps(["string", None])) is True
    finally:
        descriptor._has_reader.cache_clear()
