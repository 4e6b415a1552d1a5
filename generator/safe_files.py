"""Reading and writing files safely: regular files inside the project, never a link out of it,
a device or a named pipe, and never a path that leaves the folder it is written into.

A link inside the project is followed (content/ may link to a shared stylesheet); a link whose
target is outside the project would publish that target (`/etc/passwd`), and a device or a
FIFO would hang the build or fill its memory (`/dev/zero`), so both are problems instead.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path, PurePosixPath

from .problems import Problem

UNSAFE_LINK = "unsafe-link"
NOT_A_FILE = "not-a-file"
_KINDS = ((stat.S_ISFIFO, "a named pipe (FIFO)"), (stat.S_ISCHR, "a character device"),
          (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"),
          (stat.S_ISDIR, "a folder"))


class UnsafePath(ValueError):
    """A path to write that would leave its folder."""


def shown_path(path: Path, root: Path) -> str:
    """A path as problems show it: relative to `root`, the link itself (not its target)."""
    absolute = Path(os.path.abspath(path))
    try:
        return (absolute.parent.resolve() / absolute.name).relative_to(root.resolve()).as_posix()
    except ValueError:
        return absolute.as_posix()


def is_inside(path: Path, folder: Path) -> bool:
    """Whether `path`, links followed, is `folder` or inside it (a link loop is not)."""
    try:
        target, folder = path.resolve(), folder.resolve()
    except (OSError, RuntimeError):  # RuntimeError: a loop of links (Python 3.11, 3.12)
        return False
    return target == folder or folder in target.parents


def _kind(mode: int) -> str:
    """What a file that is not a regular file is, in words."""
    return next((words for test, words in _KINDS if test(mode)), "not a regular file")


def kind_of(path: Path) -> str:
    """What `path` (links followed) is, in words: 'a named pipe (FIFO)', 'a folder', ..."""
    mode = path.stat().st_mode
    return "a regular file" if stat.S_ISREG(mode) else _kind(mode)


def file_problem(path: Path, root: Path | None, shown: str | None = None) -> Problem | None:
    """A problem when `path` is a link leaving `root` or is not a regular file; None when safe.

    Without a root only the kind of file is checked. A link that leads nowhere is left to the
    caller (it is a file that does not exist).
    """
    def where() -> str:  # worked out only for a problem (a folder's files are mostly fine)
        return shown or shown_path(path, root or path.parent)

    if root is not None and path.is_symlink() and not is_inside(path, root):
        return Problem(where(), None, None, UNSAFE_LINK,
                       f"expected a file inside the project, found a link to "
                       f"{os.path.realpath(path)}, which is outside it; copy the file into the "
                       f"project instead of linking to it")
    try:
        mode = path.stat().st_mode
    except OSError:
        return None
    if not stat.S_ISREG(mode):
        return _not_a_file(where(), mode)
    return None


def _not_a_file(shown: str, mode: int) -> Problem:
    """The problem for a path that is a device, a pipe, a socket or a folder."""
    return Problem(shown, None, None, NOT_A_FILE,
                   f"expected a regular file, found {_kind(mode)}; only regular files are read "
                   f"and published")


def read_bytes(path: Path, root: Path | None, shown: str | None = None,
               limit: int | None = None) -> tuple[bytes | None, list[Problem]]:
    """The bytes of a regular file inside `root`, or the problem that stops reading it
    (without a root, of any regular file); with `limit`, at most that many bytes.

    The file is opened without blocking and checked again once open, so a named pipe put in
    its place after the check cannot hang the read.
    """
    shown = shown or shown_path(path, root or path.parent)
    problem = file_problem(path, root, shown)
    if problem is not None:
        return None, [problem]
    try:
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0)
                             | getattr(os, "O_NOCTTY", 0))
    except OSError as exc:
        return None, [Problem(shown, None, None, "file-not-readable",
                              f"expected a readable file, found: {exc.strerror}")]
    with os.fdopen(descriptor, "rb") as file:
        mode = os.fstat(file.fileno()).st_mode
        if not stat.S_ISREG(mode):
            return None, [_not_a_file(shown, mode)]
        return (file.read() if limit is None else file.read(limit)), []


def unsafe_files(folder: Path, root: Path) -> list[Problem]:
    """Every link under `folder` that leaves `root`, and every entry that is neither a regular
    file nor a folder (links to folders are not followed, as the content stage does not)."""
    problems: list[Problem] = []
    if not folder.is_dir():
        return problems
    for current, folders, files in os.walk(folder):
        folders.sort()
        for name in sorted(folders + files):
            path = Path(current) / name
            if name in folders and not path.is_symlink():
                continue
            problem = file_problem(path, root)
            if problem is not None and not (problem.code == NOT_A_FILE and path.is_dir()):
                problems.append(problem)
    return problems


def inside(folder: Path, relative: str) -> Path:
    """`folder / relative`, or UnsafePath when `relative` is absolute or leaves the folder."""
    target = named_inside(folder, relative)
    if not is_inside(target, folder):
        raise UnsafePath(f"{relative!r} leads outside {folder} (through a link)")
    return target


def named_inside(folder: Path, relative: str) -> Path:
    """`folder / relative`, or UnsafePath when its name is absolute or climbs out (`..`);
    links are not followed: see inside() for that."""
    parts = PurePosixPath(relative).parts
    if (not parts or PurePosixPath(relative).is_absolute() or ".." in parts or "\\" in relative
            or any(ord(c) < 32 for c in relative)):
        raise UnsafePath(f"{relative!r} is not a path inside {folder}")
    return folder / relative
