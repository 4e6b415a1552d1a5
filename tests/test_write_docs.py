"""The docs folder is brought up to date, not rewritten: unchanged files keep their bytes and
times, changed ones are written, files no longer made are deleted."""

from __future__ import annotations

import os

from generator.build import sync_folder


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
