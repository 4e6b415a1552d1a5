"""`opendata validate` checks a large table block by block (batched.py), with the same problems.

Every case of the bad-input corpus and every property-generated table is validated twice: as
the build validates (every table read whole and kept) and as the command line does
(keep_tables=False), with blocks of a few lines so that every table of more than a line or
two is checked in several blocks. The problem lists must be identical, message for message.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_bad_inputs import CASES, make_case
from test_cross_table_rule import make, rule
from test_fast_validator import CONSTRAINTS, EXAMPLES, ROW, csv_text, package, write

from generator.cli import main
from generator.validate import batched, fast, fast_rules, validate_paths


def in_blocks(monkeypatch: pytest.MonkeyPatch, block: int = 64) -> dict[str, int]:
    """Every file checked in blocks of about `block` bytes; counts the tables that were."""
    monkeypatch.setattr(batched, "BATCH_BYTES", block)
    monkeypatch.setattr(batched, "BATCHED_BYTES", 0)
    calls = {"in blocks": 0, "read whole": 0}
    original = batched.check

    def counted(*args, **kwargs):
        result = original(*args, **kwargs)
        calls["in blocks" if result is not None else "read whole"] += 1
        return result

    monkeypatch.setattr(batched, "check", counted)
    return calls


def both(paths: list[Path], base: Path, monkeypatch: pytest.MonkeyPatch, block: int = 64
         ) -> tuple[list[str], list[str], dict[str, int]]:
    """Problems as printed: every table whole (the build), and in blocks (the command line)."""
    whole = [p.format() for p in validate_paths(paths, base).problems]
    with monkeypatch.context() as patch:
        calls = in_blocks(patch, block)
        blocks = [p.format() for p in validate_paths(paths, base, keep_tables=False).problems]
    return whole, blocks, calls


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_the_corpus_gives_the_same_problems_in_blocks(case, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """Each bad input: the same problems whole and in blocks."""
    root = make_case(case, tmp_path)
    whole, blocks, _ = both([root / a for a in case.args], root, monkeypatch)
    assert blocks == whole


def test_the_corpus_base_case_is_really_checked_in_blocks(tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """The valid base case takes the block path (its coverage table), not only the fallback
    (its sources, whose quoted cells the csv module reads)."""
    root = make_case(CASES[0], tmp_path)
    _, _, calls = both([root / a for a in CASES[0].args], root, monkeypatch)
    assert calls == {"in blocks": 1, "read whole": 1}


@settings(max_examples=EXAMPLES, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(rows=st.lists(ROW, max_size=12), constraints=CONSTRAINTS, with_rules=st.booleans(),
       block=st.sampled_from([1, 40, 120]))
def test_generated_tables_give_the_same_problems_in_blocks(rows, constraints, with_rules, block,
                                                           tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch
                                                           ) -> None:
    """Any table of awkward cells, in blocks of any size: the same problems."""
    folder = write(tmp_path, package(rows, constraints, with_rules), rows)
    whole, blocks, _ = both([folder], tmp_path, monkeypatch, block)
    assert blocks == whole


def planted(tmp_path: Path) -> Path:
    """A 400-row table with errors far apart: a repeated key and a repeated unique value whose
    first rows are in other blocks, a key missing from the referenced table, a cell that is
    not a number, a value above its maximum, a broken rule and a formula."""
    rows = [(str(i), "S01", "1", "2", "true", "2024-01-01", "") for i in range(1, 401)]
    rows[10] = ("11", "S01", "1", "2", "true", "2024-01-01", "=1+1")
    rows[150] = ("151", "S09", "1", "2", "true", "2024-01-01", "")
    rows[200] = ("201", "S01", "x", "2", "true", "2024-01-01", "")
    rows[250] = ("251", "S01", "5", "2", "true", "2024-01-01", "")
    rows[300] = ("3", "S02", "1", "2", "yes", "2024-02-30", "")
    rows[399] = ("12", "Kerala", "1", "2", "true", "2024-01-01", "")
    descriptor = package(rows, {"amount": {"minimum": 0, "maximum": 4}}, True)
    descriptor["resources"][0]["schema"]["fields"][6]["constraints"] = {"unique": True}
    rows[350] = ("351", "S01", "1", "2", "true", "2024-01-01", "=1+1")
    return write(tmp_path, descriptor, rows)


def test_errors_across_blocks_are_found_at_their_lines(tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """Keys repeated blocks apart name the first line; every problem is at its own line."""
    folder = planted(tmp_path)
    whole, blocks, calls = both([folder], tmp_path, monkeypatch, block=500)
    assert calls == {"in blocks": 2, "read whole": 0}  # t and r
    assert blocks == whole
    assert "p/t.csv:302:code: primary-key: expected a unique primary key, found the same key " \
           "as line 4" in blocks
    assert "p/t.csv:401:code: primary-key: expected a unique primary key, found the same key " \
           "as line 13" in blocks
    assert any(line.startswith("p/t.csv:352:note: unique-error:") for line in blocks)
    assert any(line.startswith("p/t.csv:152:ref: foreign-key:") for line in blocks)
    assert any(line.startswith("p/t.csv:202:amount: type-error:") for line in blocks)
    assert any(line.startswith("p/t.csv:252:amount: constraint-error:") for line in blocks)
    assert any(line.startswith("p/t.csv:12:note: formula") for line in blocks)


def test_a_block_the_csv_module_must_read_sends_the_table_back_whole(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A quoted cell in a late block: the table is read whole, with the same problems."""
    folder = planted(tmp_path)
    text = (folder / "t.csv").read_text(encoding="utf-8").replace(
        "\n390,S01,", '\n390,"S01",', 1)
    (folder / "t.csv").write_text(text, encoding="utf-8")
    whole, blocks, calls = both([folder], tmp_path, monkeypatch, block=500)
    assert calls["read whole"] == 1 and blocks == whole


def test_a_table_checked_in_blocks_is_only_counted(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """What the command line keeps of a table: its row count, no cells."""
    folder = planted(tmp_path)
    in_blocks(monkeypatch, 500)
    result = validate_paths([folder], tmp_path, keep_tables=False)
    table = result.tables[("p", "t")]
    assert isinstance(table, fast.CountedTable) and fast.row_count(table) == 400
    with pytest.raises(TypeError):
        _ = table.rows
    assert fast.row_count(validate_paths([folder], tmp_path).tables[("p", "t")]) == 400


def test_opendata_validate_counts_the_rows_of_a_table_in_blocks(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture) -> None:
    """The command's summary counts every row of a table it checked in blocks."""
    rows = [(str(i), "S01", "1", "2", "true", "2024-01-01", "") for i in range(1, 301)]
    write(tmp_path / "datasets", package(rows, {}, False), rows)
    (tmp_path / "datasets" / "p" / "r.csv").write_text(
        csv_text([["ref"], ["S01"], ["S02"], ["Kerala"]]), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    calls = in_blocks(monkeypatch, 700)
    assert main(["validate"]) == 0
    assert calls["in blocks"] == 2
    assert "valid: 1 package, 2 resources, 303 rows" in capsys.readouterr().out


def test_the_rule_across_tables_is_checked_on_a_table_read_in_blocks(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """parts-within-whole (wholes.py) on a table checked in blocks: the same problems, and
    there are some (parts above their whole, sums that disagree)."""
    generator = random.Random(18)
    regions = tuple(f"R{i:02d}" for i in range(12))
    parts, nation = [], []
    for d in range(30):
        day = f"2024-{1 + d // 28:02d}-{1 + d % 28:02d}"
        nation.append((day, "national", generator.choice(["3.00", "3", "0.01"])))
        parts += [(day, r, generator.choice(["1", "250", "300.6", "301", " 5", "", "1.2"]))
                  for r in regions]
    folder = make(tmp_path, parts, nation, [rule(within_days=3)], regions)
    whole, blocks, calls = both([folder], tmp_path, monkeypatch, block=400)
    assert calls["in blocks"] == 3 and blocks == whole
    assert {"exceeds-whole", "parts-sum-inconsistent"} <= {line.split(": ")[1] for line in whole}


# Integer cells for the at-most rule: plain ones (read by the cell checks and handed to the
# rule as integers) far apart and a unit apart beyond float's precision, and a few that are not.
PLAIN_INTEGERS = st.sampled_from(["0", "1", "2", "5", "10", "007", "-3", "+4", "",
                                  "9007199254740992", "9007199254740993",
                                  "9223372036854775807", "-9223372036854775808"])
ANY_INTEGERS = st.one_of(PLAIN_INTEGERS, PLAIN_INTEGERS, st.sampled_from([" 5", "x", "1e3"]))


@settings(max_examples=EXAMPLES, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(rows=st.lists(st.tuples(ANY_INTEGERS, ANY_INTEGERS), min_size=1, max_size=12),
       block=st.sampled_from([1, 40, 120]))
def test_at_most_on_integers_read_by_the_cell_checks(rows, block, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """at-most between two integer fields, its prefilter on the integers the cell checks read
    (every block vectorised): the problems of rules.py on the whole table."""
    fields = [{"name": n, "type": "integer", "title": n, "description": n}
              for n in ("count", "total")]
    descriptor = package([], {}, False)
    descriptor["resources"][0]["schema"] = {"fields": fields}
    descriptor["resources"][0]["rules"] = [{"rule": "at-most", "field": "count",
                                            "limit": "total"}]
    descriptor["resources"] = descriptor["resources"][:1]
    folder = tmp_path / "p"
    folder.mkdir(exist_ok=True)
    (folder / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    (folder / "t.csv").write_text(csv_text([["count", "total"], *rows]), encoding="utf-8")
    whole = [p.format() for p in validate_paths([folder], tmp_path).problems]
    with monkeypatch.context() as patch:
        patch.setattr(fast_rules, "VECTORISED_ROWS", 0)
        calls = in_blocks(patch, block)
        blocks = [p.format() for p in validate_paths([folder], tmp_path,
                                                      keep_tables=False).problems]
    assert calls["in blocks"] == 1
    assert blocks == whole
    if all(c.lstrip("+-").isdigit() or c == "" for row in rows for c in row):
        broken = sum(1 for c, t in rows if c and t and int(c) > int(t))
        assert sum("exceeds-total" in line for line in blocks) == broken


@settings(max_examples=EXAMPLES, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(rows=st.lists(st.tuples(ANY_INTEGERS, ANY_INTEGERS), min_size=1, max_size=12),
       block=st.sampled_from([1, 40, 120]))
def test_external_keys_on_integers_read_by_the_cell_checks(rows, block, tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch
                                                           ) -> None:
    """Keys into another package, of one integer field and of two, made distinct by the
    integers the cell checks read (every block vectorised): the problems of rules.py."""
    codes = package([], {}, False)
    codes["name"] = "codes"
    codes["resources"] = [{"name": "c", "path": "c.csv", "title": "c", "description": "c",
                           "schema": {"fields": [
                               {"name": n, "type": "integer", "title": n, "description": n}
                               for n in ("a", "b")]}}]
    fields = [{"name": n, "type": "integer", "title": n, "description": n} for n in ("x", "y")]
    descriptor = package([], {}, False)
    descriptor["resources"] = [{
        "name": "t", "path": "t.csv", "title": "t", "description": "t",
        "schema": {"fields": fields, "externalForeignKeys": [
            {"fields": "x", "reference": {"package": "codes", "resource": "c", "fields": "a"}},
            {"fields": ["x", "y"], "reference": {"package": "codes", "resource": "c",
                                                 "fields": ["a", "b"]}}]}}]
    for name, desc, table in (("codes", codes, [["a", "b"], ["1", "2"], ["007", ""],
                                                 ["9007199254740993", "-0"]]),
                              ("p", descriptor, [["x", "y"], *rows])):
        folder = tmp_path / name
        folder.mkdir(exist_ok=True)
        (folder / "datapackage.json").write_text(json.dumps(desc), encoding="utf-8")
        csv_name = "c.csv" if name == "codes" else "t.csv"
        (folder / csv_name).write_text(csv_text(table), encoding="utf-8")
    paths = [tmp_path / "codes", tmp_path / "p"]
    whole = [p.format() for p in validate_paths(paths, tmp_path).problems]
    with monkeypatch.context() as patch:
        patch.setattr(fast_rules, "VECTORISED_ROWS", 0)
        in_blocks(patch, block)
        blocks = [p.format() for p in validate_paths(paths, tmp_path,
                                                      keep_tables=False).problems]
    assert blocks == whole
    if any(c == "5" for row in rows for c in row[:1]):
        assert any("p/t.csv" in line and "foreign-key" in line for line in blocks)
