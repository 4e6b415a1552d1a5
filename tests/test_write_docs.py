"""The docs folder is brought up to date, not rewritten: unchanged files keep their bytes and
times, changed ones are written, files no longer made are deleted."""

from __future__ import annotations

import os

import pytest

from generator.build import sync_folder
from generator.safe_files import UnsafePath


def snapshot(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_sync_writes_only_what_changed_and_deletes_the_rest(tmp_path):
    docs = tmp_path / "docs"
    sync_folder(docs, {"index.md": b"# Home\n", "data/a/index.md": b"A", "data/b.md": b"B",
                       "gone/old.md": b"old"})
    old = docs / "index.md"
    os.utime(old, (1_000_000, 1_000_000))
    sync_folder(docs, {"index.md": b"# Home\n", "data/a/index.md": b"A changed",
                       "data/c.md": b"C"})
    assert snapshot(docs) == {"index.md": b"# Home\n", "data/a/index.md": b"A changed",
                              "data/c.md": b"C"}
    assert old.stat().st_mtime == 1_000_000  # unchanged bytes: not written again
    assert not (docs / "gone").exists()  # a folder left empty goes too


def test_sync_replaces_a_file_by_a_folder_and_a_symlink_by_a_file(tmp_path):
    docs = tmp_path / "docs"
    sync_folder(docs, {"a": b"file"})
    outside = tmp_path / "outside.md"
    outside.write_bytes(b"outside")
    (docs / "b.md").symlink_to(outside)
    sync_folder(docs, {"a/inner.md": b"inner", "b.md": b"own"})
    assert snapshot(docs) == {"a/inner.md": b"inner", "b.md": b"own"}
    assert outside.read_bytes() == b"outside"  # never written through a link


def test_sync_never_writes_outside_the_folder(tmp_path):
    """A path that climbs out of the docs folder is refused (links in it are removed first)."""
    docs = tmp_path / "docs"
    for path in ("../escaped.zip", "data/../../escaped.zip", str(tmp_path / "escaped.zip")):
        with pytest.raises(UnsafePath):
            sync_folder(docs, {path: b"zip"})
    assert not (tmp_path / "escaped.zip").exists()
