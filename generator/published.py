"""What the last build published: its pages' files, so that the next build links the unchanged ones.

Writing a page costs more than anything else a rebuild does with it (about 0.4 ms a file on
this kind of disk, a second and a half for the 3,000 pages of a national site; a hard link
costs a fiftieth of that). So after a build has put its site in place it notes each page's
file identity (device, inode, size, modification time) and sha256 in the store, and the next
build, finding a page unchanged (mkdocs_pages.PageCache), links the published file into its
new site instead of writing the same bytes again. Any change to the published file (an edit
in place changes its time, a copy or replacement its inode) makes it a stranger: the page is
then written from the cache as before. The old site's deletion after the swap only drops its
names for the files both share, so the previous site stays whole until the new one replaces it.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

from .cache import Store

KIND = "pages"  # next to the page cache's own entries, looked up by every build
MANIFEST = "published"  # the key's first part for a site folder's pages


@dataclass(frozen=True)
class Published:
    """The pages a build published in one folder of the site: dest_uri -> [identity, sha256]."""

    files: dict[str, list] = field(default_factory=dict)
    _folders: set[Path] = field(default_factory=set, compare=False, repr=False)  # made by link

    @classmethod
    def read(cls, cache: Store, folder: Path | None) -> Published:
        """What record() noted of `folder` (nothing when there is no such folder or note)."""
        if folder is None:
            return cls()
        found = cache.get(KIND, _key(folder))
        return cls(found) if isinstance(found, dict) else cls()

    def link(self, folder: Path, dest_uri: str, sha256: str, target: Path) -> bool:
        """Hard-link the page at `dest_uri` of `folder` to `target` when it is still the file
        the last build wrote there with these bytes (`sha256`); False, doing nothing, when it
        is not or cannot be linked (another file system, a system without hard links)."""
        noted = self.files.get(dest_uri)
        if not isinstance(noted, list) or not noted or noted[-1] != sha256:
            return False
        source = os.path.join(folder, dest_uri)
        try:
            if identity(os.lstat(source)) != noted[:-1]:
                return False
            if target.parent not in self._folders:  # made once, not once per page
                target.parent.mkdir(parents=True, exist_ok=True)
                self._folders.add(target.parent)
            os.link(source, target, follow_symlinks=False)
        except OSError:
            return False
        return True


def record(cache: Store, folder: Path, shown: dict[str, str]) -> None:
    """Note each page of `folder` (`shown`: dest_uri -> the sha256 of the bytes the build
    wrote or linked there) with its file's identity, for the next build's Published.link."""
    noted: dict[str, list] = {}
    for dest_uri, sha256 in shown.items():
        try:
            found = identity(os.lstat(os.path.join(folder, dest_uri)))
        except OSError:
            continue
        if found is not None:
            noted[dest_uri] = [*found, sha256]
    cache.put(KIND, _key(folder), noted)


def identity(found: os.stat_result) -> list[int] | None:
    """A regular file's device, inode, size and modification time; None for anything else
    (a link, a folder): only a regular file the build wrote is ever linked."""
    if not stat.S_ISREG(found.st_mode):
        return None
    return [found.st_dev, found.st_ino, found.st_size, found.st_mtime_ns]


def _key(folder: Path) -> str:
    return Store.key([MANIFEST, str(folder.resolve())])
