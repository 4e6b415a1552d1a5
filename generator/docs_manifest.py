"""What the last build wrote into its docs folder, so that the next build need not read it back.

A rebuild after one edit compares every generated file with the docs folder's copy (about
250 MB at national scale, a second a build); hashing the new bytes costs a fifth of reading the
old ones back. So after syncing the folder, build.sync_folder notes each file's identity
(device, inode, size, modification time, as published.py does for the site) and the sha256 of
its bytes, and the next sync skips reading a file that still has that identity when its new
bytes have that sha256. Any change to the file makes it a stranger that is read as before: an
edit in place changes its time, a copy or replacement its inode. A file whose time is within
RACY_NS of the note is never taken on trust (git's "racy" files): an edit in the same tick of
the file system's clock as the build's own write would keep the time the note holds.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from pathlib import Path

from .cache import Store

KIND = "pages"  # beside the page cache and the published site's notes, looked up every build
MANIFEST = "docs manifest"  # the key's first part
# Coarser than any local file system's clock tick (FAT's two seconds are the coarsest).
RACY_NS = 2_000_000_000


@dataclass(frozen=True)
class DocsManifest:
    """One docs folder's files as the last sync left them: path -> [identity..., sha256]."""

    files: dict[str, list] = field(default_factory=dict)
    noted_ns: int = 0  # when the note was taken (wall clock, nanoseconds)

    @classmethod
    def read(cls, store: Store | None, folder: Path) -> DocsManifest:
        """What note() recorded for `folder` (nothing without a store or a note)."""
        found = store.get(KIND, _key(folder)) if store is not None else None
        if (not isinstance(found, dict) or not isinstance(found.get("files"), dict)
                or not isinstance(found.get("noted_ns"), int)):
            return cls()
        return cls(found["files"], found["noted_ns"])

    def holds(self, relative: str, found: list[int], sha256: str) -> bool:
        """True when the file at `relative` (identity `found`) is the one noted with the bytes
        whose digest is `sha256`, and was last changed well before the note was taken."""
        noted = self.files.get(relative)
        return (isinstance(noted, list) and noted[:-1] == found and noted[-1] == sha256
                and found[-1] < self.noted_ns - RACY_NS)


def note(store: Store | None, folder: Path, files: dict[str, list]) -> None:
    """Record `files` (path -> [identity..., sha256] of each file as the sync left it)."""
    if store is not None:
        store.put(KIND, _key(folder), {"files": files, "noted_ns": time.time_ns()})


def identity(found: os.stat_result) -> list[int]:
    """A file's device, inode, size and modification time (its size is found[2])."""
    return [found.st_dev, found.st_ino, found.st_size, found.st_mtime_ns]


def _key(folder: Path) -> str:
    return Store.key([MANIFEST, str(folder.resolve())])
