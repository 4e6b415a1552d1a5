"""The languages' MkDocs runs side by side (issue 18): a child process per other language gives
the same site, the same problems and the same exceptions, in language order, as one run after
another."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_languages import PAGES, project

from generator import build
from generator.cache import Store
from generator.config import load_config
from generator.i18n import load_catalogue
from generator.languages import ENGLISH, Language, make, untranslated
from generator.mkdocs_site import MkDocsResult, SiteBuildError, run_mkdocs


def languages(root: Path) -> tuple[Language, ...]:
    hindi, _ = load_catalogue("hi", root)
    return (ENGLISH, make("hi", hindi, default=False))


def built(root: Path, side_by_side: bool, monkeypatch: pytest.MonkeyPatch
          ) -> tuple[list[int], dict[str, bytes]]:
    """Each run's count of HTML files and every file of the site, by path, one way or the
    other."""
    monkeypatch.setattr(build, "side_by_side", lambda: side_by_side)
    docs, site = root / "build" / "docs", root / f"site-{side_by_side}"
    for path, text in PAGES.items():
        (docs / path).parent.mkdir(parents=True, exist_ok=True)
        (docs / path).write_text(text, encoding="utf-8")
    both, store = languages(root), Store(root / "build" / ".cache")
    (root / "mkdocs.yml").write_text((root / "mkdocs.yml").read_text(encoding="utf-8")
                                     .replace("States: states", "Unknown: states"),
                                     encoding="utf-8")  # a title Hindi has no translation of

    def run(language: Language):
        made = run_mkdocs(load_config(root), docs / language.prefix, site / language.prefix,
                          0, store, language=language, languages=both)
        return made, tuple(untranslated((language,), root))

    runs = list(build.mkdocs_runs(run, both, store))
    assert [made.pages for made, _missing in runs] == [2, 2]
    assert [bool(missing) for _made, missing in runs] == [False, True]  # found in the child too
    return [made.html_files for made, _missing in runs], {
        p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*"))
        if p.is_file()}


def test_side_by_side_gives_the_same_site_as_one_run_after_another(tmp_path, monkeypatch):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    one_after_another = built(project(tmp_path / "a"), False, monkeypatch)
    side_by_side = built(project(tmp_path / "b"), True, monkeypatch)
    assert "hi/index.html" in side_by_side[1] and "index.html" in side_by_side[1]
    assert side_by_side == one_after_another  # the counts too: each run counts its own pages


def fake(store: Store, fails: dict[str, Exception]):
    """A run that fails as `fails` says for a language's code, after noting a store failure."""
    def run(language: Language):
        store.put_bytes("blocked", language.code, b"")  # a file where its folder would be
        if language.code in fails:
            raise fails[language.code]
        return MkDocsResult(1, 0, 1), ()
    return run


@pytest.mark.parametrize("side_by_side", [False, True])
def test_a_childs_exception_and_store_failures_come_back_in_language_order(
        tmp_path, monkeypatch, side_by_side):
    monkeypatch.setattr(build, "side_by_side", lambda: side_by_side)
    both, store = languages(project(tmp_path)), Store(tmp_path / "cache")
    (tmp_path / "cache").mkdir()
    (tmp_path / "cache" / "blocked").write_bytes(b"")
    with pytest.raises(SiteBuildError, match="hi went wrong"):
        list(build.mkdocs_runs(fake(store, {"hi": SiteBuildError("hi went wrong")}), both, store))
    assert [p.code for p in store.problems()] == ["cache-unwritable"]
    assert "2 cached entries" in store.problems()[0].message  # the child's counted here too
    # The default language's error is the one raised, as when it ran first and alone.
    with pytest.raises(SiteBuildError, match="en went wrong"):
        list(build.mkdocs_runs(fake(store, {"en": SiteBuildError("en went wrong"),
                                            "hi": SiteBuildError("hi went wrong")}), both, store))


class Unpicklable(Exception):
    """An exception pickle cannot send back from a child."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.handle = lambda: None


def test_an_exception_that_cannot_be_sent_back_is_a_build_error_by_its_text(tmp_path, monkeypatch):
    monkeypatch.setattr(build, "side_by_side", lambda: True)
    both, store = languages(project(tmp_path)), Store(tmp_path / "cache")
    with pytest.raises(SiteBuildError, match="Unpicklable: no pickle"):
        list(build.mkdocs_runs(fake(store, {"hi": Unpicklable("no pickle")}), both, store))


def test_one_core_or_another_system_runs_one_after_another(monkeypatch):
    monkeypatch.setattr(build.sys, "platform", "linux")
    monkeypatch.setattr(build.os, "sched_getaffinity", lambda pid: {0}, raising=False)
    assert not build.side_by_side()
    monkeypatch.setattr(build.os, "sched_getaffinity", lambda pid: {0, 1}, raising=False)
    assert build.side_by_side()
    monkeypatch.setattr(build.sys, "platform", "darwin")
    assert not build.side_by_side()


def test_failures_met_before_the_fork_are_not_counted_again(tmp_path, monkeypatch):
    """A forked child starts with a copy of this process's store, failures and all: only what
    it met after the fork comes back."""
    monkeypatch.setattr(build, "side_by_side", lambda: True)
    both, store = languages(project(tmp_path)), Store(tmp_path / "cache")
    (tmp_path / "cache").mkdir()
    (tmp_path / "cache" / "blocked").write_bytes(b"")
    store.put_bytes("blocked", "before", b"")  # met before the runs
    list(build.mkdocs_runs(fake(store, {}), both, store))
    assert "3 cached entries" in store.problems()[0].message  # before, en, hi
