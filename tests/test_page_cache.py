"""The MkDocs page cache: unchanged pages are reused, changed ones rendered again, same bytes."""

from __future__ import annotations

import os
import re
import shutil
import time
from pathlib import Path

import pytest
from sitebuild import ROOT, make_project, tree_digest

from generator.build import BuildResult, build_site
from generator.config import load_config

FIXTURE = ROOT / "tests" / "fixtures" / "site" / "datasets"
REUSED = re.compile(r"build: ([\d,]+) of ([\d,]+) pages unchanged")


def build(project: Path) -> tuple[BuildResult, int | None]:
    """Build quietly; the result and how many pages came from the page cache (None: none)."""
    lines: list[str] = []
    result = build_site(load_config(project, site_url=""), log=lines.append)
    found = next((REUSED.search(line) for line in lines if REUSED.search(line)), None)
    return result, int(found.group(1).replace(",", "")) if found else None


def pages(project: Path) -> int:
    """The number of Markdown pages MkDocs built (those the cache keys)."""
    return sum(1 for _ in (project / "build" / "docs").rglob("*.md"))


def append(path: Path, text: str) -> None:
    with path.open("a", encoding="utf-8") as handle:
        handle.write(text)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """The fixture project, built once (which fills the cache)."""
    made = make_project(tmp_path / "project", FIXTURE)
    result, reused = build(made)
    assert result.published, [p.format() for p in result.problems if p.is_error]
    assert reused is None  # an empty cache serves nothing
    return made


def test_unchanged_site_reuses_every_page_and_gives_the_same_bytes(project):
    before = tree_digest(project / "site")
    result, reused = build(project)
    assert result.published
    assert reused == pages(project)
    assert tree_digest(project / "site") == before


def test_an_edit_renders_that_page_again_and_matches_a_build_without_cache(project, tmp_path):
    sentence = "A sentence added to check the page cache."
    append(project / "content" / "about.md", f"\n{sentence}\n")
    result, reused = build(project)
    assert result.published
    assert reused == pages(project) - 1
    assert sentence in (project / "site" / "about.html").read_text(encoding="utf-8")
    # The same sources built from nothing: byte for byte the same site, search index included.
    fresh = tmp_path / "fresh"
    shutil.copytree(project, fresh, ignore=shutil.ignore_patterns("build", "site"))
    assert build(fresh)[0].published
    assert tree_digest(fresh / "site") == tree_digest(project / "site")


def test_anchor_check_covers_cached_pages(project):
    """A cached page linking to an anchor that disappeared elsewhere still fails the build."""
    (project / "content" / "probe.md").write_text(
        "# Probe\n\nSee [what this site is](about.md#what-this-site-is).\n", encoding="utf-8")
    assert build(project)[0].published
    stored = project / "build" / ".cache" / "pages"
    assert any(b'href="about.html#what-this-site-is"' in page.read_bytes()
               for page in stored.glob("*.html")), "probe.md's page is stored"
    about = project / "content" / "about.md"
    text = about.read_text(encoding="utf-8")
    assert "## What this site is" in text
    about.write_text(text.replace("## What this site is", "## What this website is"),
                     encoding="utf-8")
    result, _ = build(project)  # probe.md is unchanged: its page comes from the cache
    assert not result.published
    assert any("probe.md" in p.message and "what-this-site-is" in p.message
               for p in result.problems), [p.format() for p in result.problems]


def test_a_page_that_failed_the_build_is_never_reused(project):
    (project / "content" / "broken.md").write_text(
        "# Broken\n\nA link to [nowhere](missing.md).\n", encoding="utf-8")
    for _ in range(2):
        result, _ = build(project)
        assert not result.published
        assert any("missing.md" in p.message for p in result.problems)


def test_a_damaged_cache_entry_is_never_shown(project):
    """A damaged cached page is never published: while the published site still holds that
    page's file as the last build wrote it, the file is linked (the damaged entry is not read);
    without it, the page is rendered again. Either way the site is the same bytes."""
    before = tree_digest(project / "site")
    stored = sorted((project / "build" / ".cache" / "pages").glob("*.html"))
    assert len(stored) == pages(project)
    for entry in stored:
        entry.write_bytes(b"<p>damaged</p>")
    result, reused = build(project)
    assert result.published and reused == pages(project)  # every page linked from site/
    assert tree_digest(project / "site") == before
    shutil.rmtree(project / "site")
    result, reused = build(project)
    assert result.published and reused is None  # nothing to link from: all rendered again
    assert tree_digest(project / "site") == before


def test_a_theme_change_renders_every_page(project, tmp_path, monkeypatch):
    """A change to the engine's theme overrides, or to the publication's own, re-renders all."""
    from generator import mkdocs_site

    theme = tmp_path / "engine-theme"
    shutil.copytree(mkdocs_site.ENGINE_THEME, theme)
    monkeypatch.setattr(mkdocs_site, "ENGINE_THEME", theme)
    build(project)
    assert build(project)[1] == pages(project)
    append(theme / "main.html", "\n{# a comment: same HTML #}\n")
    result, reused = build(project)
    assert result.published and reused is None

    overrides = project / "overrides"
    overrides.mkdir()
    (overrides / "main.html").write_text('{% extends "base.html" %}\n', encoding="utf-8")
    mkdocs = project / "mkdocs.yml"
    mkdocs.write_text(mkdocs.read_text(encoding="utf-8").replace(
        "theme:\n", "theme:\n  custom_dir: overrides\n"), encoding="utf-8")
    build(project)
    assert build(project)[1] == pages(project)
    append(overrides / "main.html", "{# a comment: same HTML #}\n")
    result, reused = build(project)
    assert result.published and reused is None


def test_unused_entries_are_pruned(project):
    earlier = time.time() - 60  # the first build, as if a minute ago (see cache.prune)
    for path in (project / "build" / ".cache").rglob("*"):
        os.utime(path, (earlier, earlier))
    append(project / "content" / "about.md", "\nAnother sentence.\n")
    assert build(project)[0].published
    stored = list((project / "build" / ".cache" / "pages").glob("*.html"))
    assert len(stored) == pages(project)


def test_without_a_nav_a_rebuild_titles_cached_pages_as_a_build_from_nothing(tmp_path):
    """MkDocs finds the title of a page outside `nav` by reading its Markdown, which it skips
    for a page taken from the cache: the cache gives it back, so the navigation of a page
    rendered again names every page as a build from nothing does."""
    from sitebuild import MINIMAL_MKDOCS

    root = tmp_path / "pub"
    shutil.copytree(FIXTURE, root / "datasets")
    (root / "content").mkdir()
    (root / "content" / "notes.md").write_text("# Notes\n\nA first sentence.\n", "utf-8")
    (root / "content" / "method.md").write_text("# How we count\n\nA method.\n", "utf-8")
    (root / "mkdocs.yml").write_text(MINIMAL_MKDOCS.format(name="No nav"), "utf-8")
    (root / "publication.yml").write_text(
        "sections:\n  - kind: home\n  - kind: catalog\n  - kind: dataset\n", "utf-8")
    assert build(root)[0].published
    append(root / "content" / "notes.md", "A second sentence.\n")
    result, reused = build(root)
    assert result.published and reused == pages(root) - 1
    notes = (root / "site" / "notes.html").read_text(encoding="utf-8")
    assert "How we count" in notes and ">None<" not in notes
    fresh = tmp_path / "fresh"
    shutil.copytree(root, fresh, ignore=shutil.ignore_patterns("build", "site"))
    assert build(fresh)[0].published
    assert tree_digest(fresh / "site") == tree_digest(root / "site")
