"""Figures from a table polars reads are kept in the build's store (issue 18).

A rebuild after an edit to an update resolves that update's figures again; a figure from a
large table would import polars and read the whole table for a few cells. The resolved figure
is kept under a key that hashes the reference, the data, the settings, the language and the
engine, so a kept figure is always the one a fresh resolution gives, and a table changed in any
byte gives a new key. Small tables and problems are never kept.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from sitebuild import ROOT, make_project

from generator import figures, i18n, languages
from generator.cache import Store
from generator.config import load_config
from generator.sitedata import SiteData, load_site_data
from generator.validate import fast_read, validate_paths

TABLE = ("jjm-coverage", "national_timeseries")
TEXT = ("Around [[fig jjm-coverage/national_timeseries[as_of=2026-03-03, source_id=S30]"
        ".hh_with_tap_crore]] rural households, [[fig jjm-coverage/national_timeseries"
        "[as_of=2026-03-03, source_id=S30].hh_with_tap_pct]] of them.\n")


def data_of(project: Path) -> SiteData:
    """The site data a build makes: validated through the store, which the data carries."""
    config = load_config(project, site_url="")
    store = Store(config.build_dir / ".cache")
    validation = validate_paths([config.datasets], project, store)
    assert validation.valid, [p.format() for p in validation.errors]
    return load_site_data(config, validation, store)


def resolved(data: SiteData, text: str = TEXT) -> tuple[str, list[str]]:
    body, problems = figures.resolve_text(text, "content/updates/x.md", 1, "updates/x.md",
                                          data, notes=True)
    return body, [p.format() for p in problems]


def kept_entries(project: Path) -> list[Path]:
    folder = project / "build" / ".cache" / figures.RESOLVED
    return sorted(folder.iterdir()) if folder.is_dir() else []


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return make_project(tmp_path / "project")


@pytest.fixture
def large(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every table is one polars reads (the fixture's tables are small)."""
    monkeypatch.setattr(fast_read, "PLAIN_READ_BYTES", 0)


def test_a_kept_figure_is_the_fresh_one_and_reads_no_table(project: Path, large) -> None:
    first = data_of(project)
    fresh = resolved(dataclasses.replace(first, store=None))  # nothing kept, nothing looked up
    assert fresh[1] == [] and "15.8" in fresh[0]
    assert resolved(first) == fresh
    assert len(kept_entries(project)) == 3  # one per reference, and the table's row count
    again = data_of(project)  # validated from the store: its tables are read when asked for
    assert TABLE in again.validation.tables.unread()
    assert resolved(again) == fresh
    assert TABLE in again.validation.tables.unread()  # the figures came from the store


def test_each_language_has_its_own_figure(project: Path, large) -> None:
    """A figure kept in English is not served on a Hindi page: the language is in the key."""
    catalogue, _ = i18n.load_catalogue("hi", ROOT)
    hindi = languages.make("hi", catalogue, default=False)
    data = data_of(project)
    english = resolved(data)[0]
    fresh = figures.resolve_text(TEXT, "x.md", 1, "updates/x.md",
                                 dataclasses.replace(data, store=None), language=hindi)
    kept = figures.resolve_text(TEXT, "x.md", 1, "updates/x.md", data_of(project),
                                language=hindi)
    assert kept == fresh and kept[0] != english and "करोड़" in kept[0]
    assert len(kept_entries(project)) == 5  # two figures in each language, one row count


def test_a_changed_cell_gives_a_new_figure(project: Path, large) -> None:
    data = data_of(project)
    body, _ = resolved(data)
    path = project / "datasets" / "jjm-coverage" / "national_timeseries.csv"
    text = path.read_text("utf-8")
    row = next(line for line in text.splitlines() if "2026-03-03" in line and "S30" in line)
    cells = row.split(",")
    header = text.splitlines()[0].split(",")
    cells[header.index("hh_with_tap_pct")] = "81.7"
    path.write_text(text.replace(row, ",".join(cells)), "utf-8")
    changed, problems = resolved(data_of(project))
    assert problems == [] and changed != body and "81.7%" in changed


def test_small_tables_and_problems_are_never_kept(project: Path, large,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    data = data_of(project)
    missing = "[[fig jjm-coverage/national_timeseries[as_of=1999-01-01].hh_with_tap_pct]]\n"
    assert resolved(data, missing)[1] == resolved(data, missing)[1] != []
    assert kept_entries(project) == []
    monkeypatch.setattr(fast_read, "PLAIN_READ_BYTES", 1 << 40)  # every table small
    assert resolved(data_of(project))[1] == []
    assert kept_entries(project) == []


def test_an_entry_of_another_shape_is_resolved_again(project: Path, large) -> None:
    data = data_of(project)
    fresh = resolved(data)
    for entry in kept_entries(project):
        data.store.put(figures.RESOLVED, entry.name, {"text": 3, "target": "x"})
    assert resolved(data_of(project)) == fresh
    for entry in kept_entries(project):
        data.store.put(figures.RESOLVED, entry.name, ["not", "a", "figure"])
    assert resolved(data_of(project)) == fresh


def test_row_count_of_a_large_table_reads_it_once(project: Path, large) -> None:
    first = data_of(project)
    count = figures.row_count(first, *TABLE)
    assert count == len(first.validation.tables[TABLE].rows) > 0
    again = data_of(project)
    assert figures.row_count(again, *TABLE) == count
    assert TABLE in again.validation.tables.unread()
