"""A package whose problems come from the validation cache has its tables read on first use.

Most pages of a rebuild come from the render cache and never look at a table, so a cache hit
reads none until asked (issue 18), and then the very table a fresh validation reads, with the
same problems. A rebuild of a small publication then imports no polars at all.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from sitebuild import MINIMAL_MKDOCS, ROOT

from generator.cache import Store
from generator.validate import TableChanged, Tables, fast, fast_read, validate_paths

FIXTURES = Path(__file__).parent / "fixtures" / "validate"
STATES = ("admin-codes", "states")


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the valid base fixture (jjm-coverage, whose external keys point into
    admin-codes)."""
    shutil.copytree(FIXTURES / "base", tmp_path / "data")
    return tmp_path / "data"


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The files read as tables from now on, in order (every table read goes through
    fast_read.read_table)."""
    seen: list[str] = []
    read = fast_read.read_table

    def counted(resource):
        seen.append(resource.display_path)
        return read(resource)
    monkeypatch.setattr(fast_read, "read_table", counted)
    return seen


def cells(table) -> tuple:
    """What a table holds, whichever reader made it: its type, header, rows and lines."""
    return type(table), table.header, table.rows, list(table.lines)


def test_a_cache_hit_reads_no_table_until_asked(project: Path, tmp_path: Path,
                                                reads: list[str]) -> None:
    """Keys, `in` and len() read nothing; each table is read once, when first asked for, and
    is the table (and the problems those) of a validation without a cache."""
    fresh = validate_paths([project], project)
    store = Store(tmp_path / "cache")
    validate_paths([project], project, store)
    reads.clear()
    hit = validate_paths([project], project, store)
    assert store.hits == 2
    assert reads == []
    assert isinstance(hit.tables, Tables)
    assert list(hit.tables) == list(fresh.tables)  # the same keys, in the same order
    assert len(hit.tables) == len(fresh.tables) and STATES in hit.tables
    assert hit.tables.unread() == list(fresh.tables)
    assert reads == []
    assert cells(hit.tables[STATES]) == cells(fresh.tables[STATES])
    assert reads == ["admin-codes/states.csv"]
    assert {k: cells(t) for k, t in hit.tables.items()} == {
        k: cells(t) for k, t in fresh.tables.items()}
    assert hit.tables.unread() == []
    assert sorted(reads) == sorted(set(reads)) and len(reads) == len(fresh.tables)
    assert hit.problems == fresh.problems


def test_a_large_table_read_later_is_polars_table_of_a_fresh_read(
        project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A file that polars reads (every file, here) gives the same column table later."""
    monkeypatch.setattr(fast_read, "PLAIN_READ_BYTES", 0)
    fresh = validate_paths([project], project)
    store = Store(tmp_path / "cache")
    validate_paths([project], project, store)
    hit = validate_paths([project], project, store)
    table = hit.tables[STATES]
    assert isinstance(table, fast.ColumnTable)
    assert table.frame.equals(fresh.tables[STATES].frame)
    assert cells(table) == cells(fresh.tables[STATES])


def test_keys_into_a_cached_package_read_its_table_once(project: Path, tmp_path: Path,
                                                        reads: list[str]) -> None:
    """jjm-coverage changed, admin-codes did not: the external keys read admin-codes' table
    (once, for the keys and for `tables`), and find what a validation without a cache finds."""
    store = Store(tmp_path / "cache")
    validate_paths([project], project, store)
    coverage = project / "jjm-coverage" / "coverage.csv"
    coverage.write_text(coverage.read_text(encoding="utf-8").replace("\n30,", "\n99,", 1),
                        encoding="utf-8")
    reads.clear()
    hit = validate_paths([project], project, store)
    assert store.hits == 1  # admin-codes only
    assert reads.count("admin-codes/states.csv") == 1
    assert any(p.code == "foreign-key" and p.field == "lgd_state_code" for p in hit.problems)
    fresh = validate_paths([project], project)
    assert hit.problems == fresh.problems
    assert {k: cells(t) for k, t in hit.tables.items()} == {
        k: cells(t) for k, t in fresh.tables.items()}
    assert reads.count("admin-codes/states.csv") == 2  # the second: the fresh validation's


def test_a_cached_package_with_an_error_reads_its_tables_at_once(
        project: Path, tmp_path: Path, reads: list[str]) -> None:
    """Stored problems with an error: the tables are read now, and one that does not read is
    left out, as in a validation without a cache."""
    (project / "jjm-coverage" / "coverage.csv").write_bytes(b"")
    fresh = validate_paths([project], project)
    assert any(p.code == "empty-file" for p in fresh.problems)
    store = Store(tmp_path / "cache")
    validate_paths([project], project, store)
    reads.clear()
    hit = validate_paths([project], project, store)
    assert store.hits == 2
    assert sorted(reads) == ["jjm-coverage/coverage.csv", "jjm-coverage/sources.csv"]
    assert ("jjm-coverage", "coverage") not in hit.tables
    assert list(hit.tables) == list(fresh.tables)
    assert hit.tables.unread() == [STATES]  # admin-codes has no error: read when asked
    assert hit.problems == fresh.problems


def test_a_file_changed_after_validation_is_never_read_as_validated(
        project: Path, tmp_path: Path) -> None:
    """A table asked for after its file changed stops the build (a usage error) instead of
    showing data that was not validated."""
    store = Store(tmp_path / "cache")
    validate_paths([project], project, store)
    hit = validate_paths([project], project, store)
    states = project / "admin-codes" / "states.csv"
    states.write_text(states.read_text(encoding="utf-8") + "99,Nowhere\n", encoding="utf-8")
    with pytest.raises(TableChanged, match="admin-codes/states.csv changed"):
        hit.tables[STATES]


PROBE = """
import json, sys
from generator import build
from generator.cli import main
seen = []
validate = build.validate_paths
def kept(*args, **kwargs):
    seen.append(validate(*args, **kwargs))
    return seen[-1]
build.validate_paths = kept
sys.argv = ["opendata", "build"]
code = main()
tables = seen[0].tables
print(json.dumps({"code": code, "polars": "polars" in sys.modules,
                  "read": sorted("/".join(k) for k in tables if k not in tables.unread()),
                  "tables": len(tables)}))
"""


def test_a_rebuild_of_a_small_publication_imports_no_polars(tmp_path: Path) -> None:
    """The second build (one page edited, the data unchanged) of a publication of engine page
    kinds validates from the cache, reads only the small tables its pages ask for (with the
    csv module) and never imports polars; the first build did."""
    root = tmp_path / "pub"
    shutil.copytree(ROOT / "tests" / "fixtures" / "site" / "datasets", root / "datasets")
    (root / "content").mkdir()
    (root / "content" / "notes.md").write_text("# Notes\n\nA first sentence.\n", "utf-8")
    (root / "mkdocs.yml").write_text(MINIMAL_MKDOCS.format(name="Lazy tables"), "utf-8")
    (root / "publication.yml").write_text(
        "sections:\n  - kind: home\n  - kind: catalog\n  - kind: dataset\n", "utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    first = subprocess.run([sys.executable, "-c", PROBE], cwd=root, capture_output=True,
                           text=True, timeout=600, env=env)
    assert first.returncode == 0, first.stderr[-3000:]
    report = json.loads(first.stdout.splitlines()[-1])
    assert report["code"] == 0 and report["polars"] is True  # it checked the tables
    with (root / "content" / "notes.md").open("a", encoding="utf-8") as notes:
        notes.write("A second sentence.\n")
    again = subprocess.run([sys.executable, "-c", PROBE], cwd=root, capture_output=True,
                           text=True, timeout=600, env=env)
    assert again.returncode == 0, again.stderr[-3000:]
    report = json.loads(again.stdout.splitlines()[-1])
    assert report["code"] == 0
    assert report["polars"] is False
    assert report["tables"] > len(report["read"])  # some tables were never read
    assert "A second sentence." in (root / "site" / "notes.html").read_text("utf-8")


def test_a_table_changed_during_a_build_is_a_problem_at_that_file(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A data file saved after validation took it from the cache, before a page read it, stops
    the build with a problem at that file (no traceback); the previous site stays whole and
    no staging folder is left behind."""
    from sitebuild import tree_digest

    from generator import build
    from generator.config import load_config

    root = tmp_path / "pub"
    shutil.copytree(ROOT / "tests" / "fixtures" / "site" / "datasets", root / "datasets")
    (root / "content").mkdir()
    (root / "mkdocs.yml").write_text(MINIMAL_MKDOCS.format(name="Lazy tables"), "utf-8")
    (root / "publication.yml").write_text(
        "sections:\n  - kind: home\n  - kind: catalog\n  - kind: dataset\n", "utf-8")
    first = build.build_site(load_config(root, site_url=""), log=lambda line: None)
    assert first.published, [p.format() for p in first.problems]
    before = tree_digest(root / "site")
    # Only the validation cache stays: every page is rendered again, and so reads its table.
    for kind in (root / "build" / ".cache").iterdir():
        if kind.name != "validation":
            shutil.rmtree(kind) if kind.is_dir() else kind.unlink()
    table = next(p for p in sorted((root / "datasets").rglob("*.csv")))
    validate = build.validate_paths

    def then_saved(*args, **kwargs):
        found = validate(*args, **kwargs)
        assert found.tables.unread(), "the tables come from the cache, unread"
        with table.open("a", encoding="utf-8") as handle:
            handle.write("\n")
        return found
    monkeypatch.setattr(build, "validate_paths", then_saved)
    again = build.build_site(load_config(root, site_url=""), log=lambda line: None)
    assert not again.published
    where = table.relative_to(root).as_posix()
    assert [(p.path, p.code) for p in again.problems if p.is_error] == [
        (where, "site-build-error")], [p.format() for p in again.problems]
    assert "changed while the site was built" in again.problems[-1].message
    assert tree_digest(root / "site") == before
    assert not (root / "site.new").exists()
