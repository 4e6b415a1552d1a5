"""The validation cache: a hit for unchanged bytes, never a stale result for changed ones."""

from __future__ import annotations

import json
import os
import shutil
import time
from pathlib import Path

import pytest
from sitebuild import ROOT, build, make_project

from generator import cache as cache_module
from generator.cache import Store, digest
from generator.validate import fast, validate_paths

FIXTURES = Path(__file__).parent / "fixtures" / "validate"
COV = "jjm-coverage/coverage.csv"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the valid base fixture (jjm-coverage and admin-codes)."""
    shutil.copytree(FIXTURES / "base", tmp_path / "data")
    return tmp_path / "data"


def run(root: Path, store: Store) -> list[str]:
    """Validate everything under `root` with the cache; the printed problems."""
    return [p.format() for p in validate_paths([root], root, store).problems]


def test_an_unchanged_release_is_served_from_the_cache(project: Path, tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """The second run checks nothing again and gives the same problems and tables."""
    store = Store(tmp_path / "cache")
    first = validate_paths([project], project, store)
    assert store.hits == 0
    monkeypatch.setattr(fast, "check_tables", lambda *a: pytest.fail("checked again"))
    second = validate_paths([project], project, store)
    assert second.problems == first.problems
    assert store.hits == 2  # both packages
    assert {k: (t.header, t.rows, t.lines) for k, t in second.tables.items()} == {
        k: (t.header, t.rows, t.lines) for k, t in first.tables.items()}


def test_one_changed_byte_in_a_csv_is_never_served_stale(project: Path, tmp_path: Path) -> None:
    """Change one byte of a CSV: that package is checked again and the new problem is found."""
    store = Store(tmp_path / "cache")
    assert run(project, store) == []
    data = (project / COV).read_bytes()
    at = data.index(b"100.00")
    (project / COV).write_bytes(data[:at] + b"900.00" + data[at + 6:])
    problems = run(project, store)
    assert any(":hh_tap_pct: constraint-error:" in p for p in problems)
    assert store.hits == 1  # admin-codes only
    # And back: the first entry is found again, with no problem.
    (project / COV).write_bytes(data)
    assert run(project, store) == []


def test_a_change_in_a_referenced_package_invalidates_the_referring_one(
        project: Path, tmp_path: Path) -> None:
    """jjm-coverage's external keys point into admin-codes: editing admin-codes re-checks both."""
    store = Store(tmp_path / "cache")
    run(project, store)
    states = project / "admin-codes" / "states.csv"
    lines = states.read_text(encoding="utf-8").splitlines(keepends=True)
    states.write_text("".join(line for line in lines if not line.startswith("30,")),
                      encoding="utf-8")
    problems = run(project, store)
    assert store.hits == 0, "both packages are checked again"
    assert any(":lgd_state_code: foreign-key:" in p for p in problems)


def test_a_new_validator_version_invalidates_everything(project: Path, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """The key includes the validator's code and library versions."""
    store = Store(tmp_path / "cache")
    run(project, store)
    monkeypatch.setattr(cache_module, "FORMAT", cache_module.FORMAT + 1)
    run(project, store)
    assert store.hits == 0


def test_a_damaged_entry_is_a_miss(project: Path, tmp_path: Path) -> None:
    """An entry that is not what was stored is ignored, and rewritten."""
    store = Store(tmp_path / "cache")
    expected = run(project, store)
    for entry in (tmp_path / "cache" / "validation").iterdir():
        entry.write_text(json.dumps({"not": "a list"}), encoding="utf-8")
    assert run(project, store) == expected


def test_digest_parts_cannot_run_together() -> None:
    """Length prefixes: ('ab', 'c') and ('a', 'bc') have different keys."""
    assert digest(["ab", "c"]) != digest(["a", "bc"])


def test_bytes_round_trip(tmp_path: Path) -> None:
    """Binary entries (the gzip downloads) are stored and found by key."""
    store = Store(tmp_path / "cache")
    assert store.get_bytes("gzip", "k") is None
    store.put_bytes("gzip", "k", b"\x1f\x8b")
    assert store.get_bytes("gzip", "k") == b"\x1f\x8b"


def test_prune_drops_what_a_build_did_not_use(tmp_path):
    """Kinds every build looks up in full keep only this build's entries; others age out."""
    store = Store(tmp_path)
    now = time.time()
    for kind in ("yaml", "charts"):
        store.put_bytes(kind, "old", b"old")
        store.put_bytes(kind, "used", b"used")
        store.put_bytes(kind, "ancient", b"ancient")
        os.utime(tmp_path / kind / "old", (now - 100, now - 100))
        os.utime(tmp_path / kind / "used", (now - 100, now - 100))
        os.utime(tmp_path / kind / "ancient", (now - 8 * 86_400, now - 8 * 86_400))
        assert store.get_bytes(kind, "used") == b"used"  # a hit marks the entry as used
    nested = tmp_path / "rendered" / "a" / "b"  # kinds may keep folders (templates do)
    nested.mkdir(parents=True)
    (nested / "old").write_bytes(b"old")
    os.utime(nested / "old", (now - 100, now - 100))
    (nested / "new").write_bytes(b"new")
    outside = tmp_path.parent / f"{tmp_path.name}-outside"  # a link is never followed
    outside.mkdir()
    (outside / "old").write_bytes(b"old")
    os.utime(outside / "old", (now - 100, now - 100))
    (tmp_path / "rendered" / "link").symlink_to(outside, target_is_directory=True)
    deleted = cache_module.prune(tmp_path, since=now - 10, now=now)
    assert sorted(p.name for p in (tmp_path / "yaml").iterdir()) == ["used"]
    assert sorted(p.name for p in (tmp_path / "charts").iterdir()) == ["old", "used"]
    assert sorted(p.name for p in nested.iterdir()) == ["new"]
    assert (outside / "old").exists()
    assert deleted == 4


def test_rebuilds_do_not_grow_the_cache(tmp_path):
    """An edit replaces its cache entries instead of adding to them."""

    project = make_project(tmp_path / "p", ROOT / "tests" / "fixtures" / "site" / "datasets")
    cache = project / "build" / ".cache"

    def counts() -> dict[str, int]:
        return {kind.name: sum(1 for p in kind.rglob("*") if p.is_file())
                for kind in cache.iterdir() if kind.is_dir()}

    assert build(project).published
    first = counts()
    assert first.get("yaml") and first.get("rendered") and first.get("pages")
    about = project / "content" / "about.md"
    for n in range(2):
        # The previous build, as if it ran a minute ago (builds here follow within seconds).
        earlier = time.time() - 60
        for path in cache.rglob("*"):
            os.utime(path, (earlier, earlier))
        text = about.read_text(encoding="utf-8")
        about.write_text(text.replace("title: ", f"title: Edit {n} ", 1), encoding="utf-8")
        assert build(project).published
        assert counts() == first


def test_every_entry_is_checked_against_its_hash(tmp_path):
    store = Store(tmp_path)
    store.put_bytes("kind", "a", b"payload")
    store.put("kind", "b", {"x": 1})
    assert Store(tmp_path).get_bytes("kind", "a") == b"payload"
    assert Store(tmp_path).get("kind", "b") == {"x": 1}
    for entry in (tmp_path / "kind").iterdir():  # one changed byte, or a truncated entry
        entry.write_bytes(entry.read_bytes()[:-1] + b"?")
    damaged = Store(tmp_path)
    assert damaged.get_bytes("kind", "a") is None and damaged.get("kind", "b") is None
    assert [(p.path, p.code, p.severity) for p in damaged.problems()] == [
        ("build/.cache/kind", "cache-entry-damaged", "warning")]
    assert "2 cached entries" in damaged.problems()[0].message
    assert not any((tmp_path / "kind").iterdir())  # removed, to be stored afresh


def test_an_entry_that_cannot_be_read_or_written_is_a_miss_and_a_warning(tmp_path):
    (tmp_path / "kind").mkdir()
    (tmp_path / "kind" / "a").mkdir()      # not a file: cannot be read
    (tmp_path / "full").write_text("a file where the kind's folder should be")
    store = Store(tmp_path)
    assert store.get_bytes("kind", "a") is None
    store.put_bytes("full", "b", b"data")  # cannot be written
    assert [p.code for p in store.problems()] == ["cache-unreadable", "cache-unwritable"]


def test_a_damaged_store_builds_the_same_site_with_warnings(tmp_path):
    """One changed byte in every entry of build/.cache: same site, only cache warnings more."""
    project = make_project(tmp_path / "p", ROOT / "tests" / "fixtures" / "site" / "datasets")
    first = build(project)
    assert first.published
    site = {p.relative_to(project / "site"): p.read_bytes()
            for p in (project / "site").rglob("*") if p.is_file()}
    entries = [p for p in (project / "build" / ".cache").rglob("*") if p.is_file()]
    assert len(entries) > 10
    for entry in entries:
        data = entry.read_bytes()
        entry.write_bytes(data[:-1] + bytes([data[-1] ^ 1]))
    again = build(project)
    assert again.published
    assert {p.relative_to(project / "site"): p.read_bytes()
            for p in (project / "site").rglob("*") if p.is_file()} == site
    extra = [p for p in again.problems if p not in first.problems]
    assert extra and {p.code for p in extra} == {"cache-entry-damaged"}
    assert all(not p.is_error for p in extra)
