"""A rebuild links the unchanged pages and files of the site it replaces (generator/published.py,
mkdocs_pages.link_static_files): the same site, byte for byte, with nothing written twice, and
never the bytes of a published file someone changed."""

from __future__ import annotations

import filecmp
import os
from pathlib import Path

from sitebuild import ROOT, build, make_project

from generator.build import sync_folder

DATASETS = ROOT / "tests" / "fixtures" / "site" / "datasets"


def _files(site: Path) -> dict[str, Path]:
    return {p.relative_to(site).as_posix(): p for p in sorted(site.rglob("*")) if p.is_file()}


def _same_tree(one: Path, other: Path) -> None:
    ours, theirs = _files(one), _files(other)
    assert ours.keys() == theirs.keys()
    differ = [name for name in ours if not filecmp.cmp(ours[name], theirs[name], shallow=False)]
    assert differ == []


def _edit(project: Path, text: str) -> None:
    about = project / "content" / "about.md"
    about.write_text(about.read_text(encoding="utf-8") + f"\n{text}\n", encoding="utf-8")


def test_a_rebuild_links_unchanged_pages_and_gives_the_same_site(tmp_path):
    project = make_project(tmp_path / "p", DATASETS)
    assert build(project).published
    site = project / "site"
    before = {name: os.stat(path).st_ino for name, path in _files(site).items()}
    _edit(project, "One more sentence.")
    assert build(project).published
    after = {name: os.stat(path).st_ino for name, path in _files(site).items()}
    pages = [name for name in before if name.endswith(".html") and name in after]
    kept = [name for name in pages if before[name] == after[name]]
    assert "about/index.html" not in kept and "about.html" not in kept
    assert len(kept) > len(pages) / 2  # most pages did not change: the same files, linked
    docs = project / "build" / "docs"
    linked = [name for name, path in _files(site).items()
              if (docs / name).is_file() and os.stat(docs / name).st_ino == os.stat(path).st_ino]
    assert any(name.endswith(".csv") or name.endswith(".zip") for name in linked)
    # The same bytes as a build from nothing of the same inputs.
    fresh = make_project(tmp_path / "q", DATASETS)
    _edit(fresh, "One more sentence.")
    assert build(fresh).published
    _same_tree(site, fresh / "site")


def test_a_published_page_changed_in_place_is_written_again(tmp_path):
    project = make_project(tmp_path / "p", DATASETS)
    assert build(project).published
    site = project / "site"
    page = next(p for p in sorted(site.rglob("*.html")) if "about" not in p.as_posix())
    right = page.read_bytes()
    with page.open("ab") as handle:  # an edit in place: same inode, new size and time
        handle.write(b"<script>alert(1)</script>")
    _edit(project, "Another sentence.")
    assert build(project).published
    assert page.read_bytes() == right


def test_a_page_whose_file_was_replaced_is_not_linked(tmp_path):
    """A replacement keeping size and time (a copy with its times) is another inode."""
    project = make_project(tmp_path / "p", DATASETS)
    assert build(project).published
    page = next(p for p in sorted((project / "site").rglob("*.html")) if "about" not in p.as_posix())
    right = page.read_bytes()
    times = os.stat(page)
    swapped = page.with_name("swapped.tmp")
    swapped.write_bytes(bytes(reversed(right)))
    os.utime(swapped, ns=(times.st_atime_ns, times.st_mtime_ns))
    os.replace(swapped, page)
    _edit(project, "A third sentence.")
    assert build(project).published
    assert page.read_bytes() == right


def test_sync_folder_never_writes_into_a_kept_file(tmp_path):
    """The site holds the docs folder's files as links: a changed one is a new file."""
    docs = tmp_path / "docs"
    sync_folder(docs, {"data/a.csv": b"old,bytes\n", "b.md": b"# B\n"})
    published = tmp_path / "a.csv"
    os.link(docs / "data" / "a.csv", published)
    mode = os.stat(docs / "data" / "a.csv").st_mode
    sync_folder(docs, {"data/a.csv": b"new,bytes,longer\n", "b.md": b"# B\n"})
    assert published.read_bytes() == b"old,bytes\n"
    assert (docs / "data" / "a.csv").read_bytes() == b"new,bytes,longer\n"
    assert os.stat(docs / "data" / "a.csv").st_mode == mode
    assert sorted(p.name for p in docs.rglob("*")) == ["a.csv", "b.md", "data"]
