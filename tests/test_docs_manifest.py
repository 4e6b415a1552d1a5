"""sync_folder with a store (generator/docs_manifest.py): a kept docs file the last sync noted is
not read back when its new bytes are those noted, and any other change to the file (an edit in
place, a replacement keeping its times, an edit in the clock tick of the build's own write)
makes it read and, when it differs, replaced: never written into."""

from __future__ import annotations

import hashlib
import os
import time

import pytest
from sitebuild import build, make_project
from test_published_links import DATASETS, _edit, _same_tree

from generator import build as build_module
from generator.build import sync_folder
from generator.cache import Store
from generator.docs_manifest import KIND, DocsManifest

FILES = {"index.md": b"# Home\n", "data/a/index.md": b"# A\n", "data/a/a.csv": b"x,y\n1,2\n"}
LONG_AGO = 1_000_000_000_000_000_000  # 2001, in nanoseconds: well before any note


@pytest.fixture
def reads(monkeypatch):
    """The kept files sync_folder reads back to compare, by relative path."""
    seen: list[str] = []
    real = build_module._holds

    def spy(folder, relative, found, data):
        seen.append(relative)
        return real(folder, relative, found, data)
    monkeypatch.setattr(build_module, "_holds", spy)
    return seen


def _settled(tmp_path):
    """A docs folder synced twice with a store, its files' times long before the second note:
    the state of a rebuild's docs folder (files written by an earlier build)."""
    store = Store(tmp_path / "cache")
    docs = tmp_path / "docs"
    sync_folder(docs, FILES, store)
    for relative in FILES:
        os.utime(docs / relative, ns=(LONG_AGO, LONG_AGO))
    sync_folder(docs, FILES, store)  # reads them (new times), notes them as they are
    return store, docs


def _inodes(docs):
    return {relative: os.stat(docs / relative).st_ino for relative in FILES}


def test_a_noted_file_is_not_read_and_kept(tmp_path, reads):
    store, docs = _settled(tmp_path)
    before = _inodes(docs)
    reads.clear()
    sync_folder(docs, FILES, store)
    assert reads == []  # the note was used
    assert _inodes(docs) == before
    assert {relative: (docs / relative).read_bytes() for relative in FILES} == FILES


def test_new_bytes_replace_a_noted_file_and_the_linked_copy_keeps_the_old(tmp_path, reads):
    store, docs = _settled(tmp_path)
    published = tmp_path / "site-a.csv"  # the site's hard link (mkdocs_pages.link_static_files)
    os.link(docs / "data/a/a.csv", published)
    changed = {**FILES, "data/a/a.csv": b"x,y\n3,4\n"}  # the same size, other bytes
    sync_folder(docs, changed, store)
    assert (docs / "data/a/a.csv").read_bytes() == b"x,y\n3,4\n"
    assert published.read_bytes() == b"x,y\n1,2\n"
    assert os.stat(docs / "data/a/a.csv").st_ino != os.stat(published).st_ino
    reads.clear()
    sync_folder(docs, changed, store)  # the new file was noted, but written just now: racy
    assert reads == ["data/a/a.csv"]
    assert (docs / "data/a/a.csv").read_bytes() == b"x,y\n3,4\n"


def test_a_file_edited_in_place_is_rewritten(tmp_path):
    store, docs = _settled(tmp_path)
    page = docs / "data/a/index.md"
    with page.open("r+b") as handle:  # same inode, same size, a new time
        handle.write(b"# B\n")
    sync_folder(docs, FILES, store)
    assert page.read_bytes() == b"# A\n"


def test_a_file_replaced_keeping_its_times_is_rewritten(tmp_path):
    store, docs = _settled(tmp_path)
    page = docs / "data/a/index.md"
    times = os.stat(page)
    other = docs / "data/a/other.tmp"
    other.write_bytes(b"# B\n")
    os.utime(other, ns=(times.st_atime_ns, times.st_mtime_ns))
    os.replace(other, page)  # same size and times, another inode
    sync_folder(docs, FILES, store)
    assert page.read_bytes() == b"# A\n"


def test_an_edit_in_the_tick_of_the_builds_write_is_seen(tmp_path, reads):
    """A file written by this sync, edited before the file system's clock moved on, keeps the
    noted identity: it is read next time all the same (docs_manifest.RACY_NS)."""
    store = Store(tmp_path / "cache")
    docs = tmp_path / "docs"
    sync_folder(docs, FILES, store)
    page = docs / "data/a/index.md"
    times = os.stat(page)
    with page.open("r+b") as handle:
        handle.write(b"# B\n")
    os.utime(page, ns=(times.st_atime_ns, times.st_mtime_ns))  # as if in the same tick
    sync_folder(docs, FILES, store)
    assert "data/a/index.md" in reads
    assert page.read_bytes() == b"# A\n"


def test_a_damaged_note_only_costs_the_reads(tmp_path, reads):
    store, docs = _settled(tmp_path)
    for entry in (store.folder / KIND).iterdir():
        entry.write_bytes(entry.read_bytes() + b"!")
    assert DocsManifest.read(store, docs).files == {}
    reads.clear()
    sync_folder(docs, FILES, store)
    assert sorted(reads) == sorted(FILES)
    assert {relative: (docs / relative).read_bytes() for relative in FILES} == FILES


def test_a_rebuild_reads_back_only_what_changed_and_equals_a_build_from_nothing(tmp_path, reads):
    """Docs files changed by someone else between builds (a download edited in place, a page
    replaced keeping its times) are read and written again; the rest are taken on the note.
    build/docs and site/ are then those of a build from nothing of the same inputs."""
    project = make_project(tmp_path / "p", DATASETS)
    assert build(project).published
    # As if that build were a minute ago: a file written within RACY_NS of a note is never
    # taken on trust, and a fixture build can take less than that on a quick machine.
    earlier = time.time_ns() - 60 * 10**9
    for path in (project / "build" / "docs").rglob("*"):
        if path.is_file():
            os.utime(path, ns=(earlier, earlier))
    _edit(project, "One more sentence.")
    assert build(project).published  # notes the docs files as this build left them
    docs = project / "build" / "docs"
    download = next(p for p in sorted(docs.rglob("*.csv")) if p.stat().st_size > 1)
    with download.open("r+b") as handle:  # the site's hard-linked copy changes with it
        handle.write(bytes(reversed(download.read_bytes())))
    page = next(p for p in sorted(docs.rglob("*.md")) if "about" not in p.name)
    times = os.stat(page)
    other = page.with_name("other.tmp")
    other.write_bytes(page.read_bytes().replace(b"#", b"!"))
    os.utime(other, ns=(times.st_atime_ns, times.st_mtime_ns))
    os.replace(other, page)
    _edit(project, "Another sentence.")
    reads.clear()
    assert build(project).published
    names = {p.relative_to(docs).as_posix() for p in docs.rglob("*") if p.is_file()}
    assert {download.relative_to(docs).as_posix(), page.relative_to(docs).as_posix()} <= set(reads)
    assert len(reads) < len(names) / 2
    fresh = make_project(tmp_path / "q", DATASETS)
    _edit(fresh, "One more sentence.")
    _edit(fresh, "Another sentence.")
    assert build(fresh).published
    _same_tree(docs, fresh / "build" / "docs")
    _same_tree(project / "site", fresh / "site")


def test_digests_are_each_files_own_sha256():
    """Large files with the same bytes share one hashing; same-size files with other bytes do not."""
    big = bytes(range(256)) * (build_module.SHARED_MIN_SIZE // 256)
    files = {"en/v.csv": big, "hi/v.csv": bytes(big), "other.csv": big[:-1] + b"!",
             "small.md": b"# S\n", "hi/small.md": b"# S\n", "empty": b""}
    assert build_module._digests(files) == {
        relative: hashlib.sha256(data).hexdigest() for relative, data in files.items()}


def test_a_known_digest_is_taken_for_those_bytes_only():
    """The downloads' sha256s come with them from the store (sitedata.unpack_downloads): the
    sync takes them for those very bytes objects, and hashes any other, equal or not."""
    download = bytes(range(256)) * 64
    files = {"data/v.csv": download, "hi/data/v.csv": download, "copy.csv": bytes(bytearray(download))}
    digests = build_module._digests(files, {id(download): "k" * 64})
    assert digests == {"data/v.csv": "k" * 64, "hi/data/v.csv": "k" * 64,
                       "copy.csv": hashlib.sha256(download).hexdigest()}
