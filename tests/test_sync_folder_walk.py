"""sync_folder walks the docs folder once (os.scandir) and reads a kept file only when its size
matches (issue 18): what it leaves must still be exactly the files asked for."""

from __future__ import annotations

import os

from generator.build import sync_folder


def snapshot(folder):
    """Every entry under `folder`: files with their bytes, folders and links by kind."""
    found = {}
    for current, folders, files in os.walk(folder):
        for name in folders + files:
            path = os.path.join(current, name)
            relative = os.path.relpath(path, folder).replace(os.sep, "/")
            if os.path.islink(path):
                found[relative] = "link"
            elif os.path.isdir(path):
                found[relative] = "folder"
            else:
                with open(path, "rb") as handle:
                    found[relative] = handle.read()
    return found


def test_a_changed_file_of_the_same_size_is_written(tmp_path):
    docs = tmp_path / "docs"
    sync_folder(docs, {"page.md": b"AAAA", "data/x.zip": b"1234"})
    page = docs / "page.md"
    os.utime(page, (1_000_000, 1_000_000))
    sync_folder(docs, {"page.md": b"BBBB", "data/x.zip": b"1234"})
    assert page.read_bytes() == b"BBBB"
    assert page.stat().st_mtime != 1_000_000


def test_a_messy_folder_ends_as_the_files_asked_for(tmp_path):
    """Stale files in kept folders, stale nested folders, links to files and to folders (never
    followed: what they point at is untouched) all go; nothing else is left."""
    outside = tmp_path / "outside"
    (outside / "deep").mkdir(parents=True)
    (outside / "deep" / "keep.md").write_bytes(b"outside")
    docs = tmp_path / "docs"
    sync_folder(docs, {"a/b/page.md": b"old", "a/stale.md": b"stale", "x/y/z.md": b"z"})
    (docs / "a" / "linked").symlink_to(outside, target_is_directory=True)
    (docs / "a" / "b" / "page.md").unlink()
    (docs / "a" / "b" / "page.md").symlink_to(outside / "deep" / "keep.md")
    (docs / "top-link").symlink_to(outside / "deep")
    wanted = {"a/b/page.md": b"new", "a/other.md": b"other", "index.md": b"# Home\n"}
    sync_folder(docs, wanted)
    assert snapshot(docs) == {"a": "folder", "a/b": "folder", **wanted}
    assert (outside / "deep" / "keep.md").read_bytes() == b"outside"


def test_an_unchanged_folder_is_left_alone(tmp_path):
    """A second sync with the same files writes nothing: every file keeps its inode and time."""
    docs = tmp_path / "docs"
    files = {f"data/{n}/index.md": bytes([n]) * n for n in range(1, 30)} | {"index.md": b""}
    sync_folder(docs, files)
    for path in docs.rglob("*.md"):
        os.utime(path, (1_000_000, 1_000_000))
    before = {p: (p.stat().st_ino, p.stat().st_mtime) for p in docs.rglob("*.md")}
    sync_folder(docs, files)
    assert {p: (p.stat().st_ino, p.stat().st_mtime) for p in docs.rglob("*.md")} == before
    assert snapshot(docs) == {**{f"data/{n}": "folder" for n in range(1, 30)}, "data": "folder",
                              **files}
