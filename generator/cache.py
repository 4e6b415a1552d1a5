"""The build's one store, build/.cache: results keyed by the sha256 of all they depend on.

A key hashes every input byte (data files, descriptors, the validator's own source and the
versions of the libraries it calls), so a changed byte anywhere gives a new key: a stale result
can never be found, only an unused one left behind. Entries are written atomically and checked
against their hash when read; an entry that cannot be read or checked is a miss. The store is an
optimisation only: deleting build/.cache is safe.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import sys
import tempfile
from importlib import metadata
from pathlib import Path

from .packages import DESCRIPTOR, Package
from .problems import WARNING, Problem

# Raise to drop every cached entry at once (e.g. when the stored shape changes).
FORMAT = 2
GENERATOR = Path(__file__).parent
VALIDATOR = GENERATOR / "validate"
LIBRARIES = ("frictionless", "polars")
# Kinds of entry that every build looks up in full (see prune); "pages" prunes itself.
ALWAYS_LOOKED_UP = frozenset({"validation", "yaml", "rendered", "pages", "messages",
                              "renders", "updates", "markdown"})
UNUSED_DAYS = 7


class Store:
    """The build's one content-addressed store: build/.cache/<kind>/<key>, every entry verified.

    Each entry starts with a line holding the sha256 of the bytes after it. An entry that is
    missing is a miss; one whose bytes do not match their hash, or that cannot be read or
    written, is a miss too and a warning (problems()), never an error: the store only saves
    work, and deleting build/.cache is always safe. Keys come from one recipe, key().
    """

    MAGIC = b"opendata-store 1 "

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.hits = 0
        self.misses = 0
        self._failures: dict[tuple[str, str], int] = {}

    @staticmethod
    def key(parts: list[bytes | str]) -> str:
        """The one key recipe: sha256 of the store's format and every part, length-prefixed."""
        return digest([f"store format {FORMAT}", *parts])

    def get_bytes(self, kind: str, key: str) -> bytes | None:
        """The bytes stored for `key`, or None (a miss) when absent, unreadable or damaged."""
        path = self.folder / kind / key
        try:
            # The head line apart from the rest: splitting one read would copy the whole
            # entry (some are tens of MB), a second of a national rebuild.
            with path.open("rb") as handle:
                line = handle.readline(len(self.MAGIC) + 65)
                data = handle.read()
            head = line[:-1] if line.endswith(b"\n") else b""
        except FileNotFoundError:
            self.misses += 1
            return None
        except OSError:
            return self._miss("cache-unreadable", kind)
        if head != self.MAGIC + hashlib.sha256(data).hexdigest().encode("ascii"):
            try:
                path.unlink()  # made again and stored afresh by this build
            except OSError:
                pass
            return self._miss("cache-entry-damaged", kind)
        self.hits += 1
        _mark_used(path)
        return data

    def keep(self, kind: str, key: str) -> None:
        """Mark an entry used without reading it (prune keeps it): one a build had no need to
        read this time, as a page whose published file it linked instead."""
        _mark_used(self.folder / kind / key)

    def put_bytes(self, kind: str, key: str, data: bytes) -> None:
        """Store bytes for `key`, atomically; a failure to write only loses the saving."""
        target = self.folder / kind / key
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=target.parent, suffix=".tmp")
            with os.fdopen(handle, "wb") as out:
                out.write(self.MAGIC + hashlib.sha256(data).hexdigest().encode("ascii") + b"\n")
                out.write(data)
            os.replace(temporary, target)
        except OSError:
            self._failures[("cache-unwritable", kind)] = (
                self._failures.get(("cache-unwritable", kind), 0) + 1)

    def get(self, kind: str, key: str) -> object | None:
        """The JSON value stored for `key`, or None."""
        data = self.get_bytes(kind, f"{key}.json")
        if data is None:
            return None
        try:
            return json.loads(data)
        except ValueError:
            return self._miss("cache-entry-damaged", kind)

    def put(self, kind: str, key: str, value: object) -> None:
        """Store a JSON value for `key`."""
        self.put_bytes(kind, f"{key}.json", json.dumps(value, sort_keys=True).encode("utf-8"))

    def _miss(self, code: str, kind: str) -> None:
        self.misses += 1
        self._failures[(code, kind)] = self._failures.get((code, kind), 0) + 1
        return None

    def failures(self) -> dict[tuple[str, str], int]:
        """How many entries each kind of failure hit, by (code, kind of entry)."""
        return dict(self._failures)

    def add_failures(self, failures: dict[tuple[str, str], int]) -> None:
        """Count failures another process's copy of this store met (forked.Child)."""
        for where, count in failures.items():
            self._failures[where] = self._failures.get(where, 0) + count

    def problems(self, shown: str = "build/.cache") -> tuple[Problem, ...]:
        """One warning per kind of failure and kind of entry, with how many entries it hit."""
        words = {"cache-unreadable": "could not be read", "cache-entry-damaged":
                 "did not match their hash and were made again",
                 "cache-unwritable": "could not be written"}
        return tuple(Problem(f"{shown}/{kind}", None, None, code,
                             f"{count} cached entr{'y' if count == 1 else 'ies'} "
                             f"{words[code]}; the site is built correctly without them, more "
                             f"slowly", WARNING)
                     for (code, kind), count in sorted(self._failures.items()))


def _mark_used(path: Path) -> None:
    """Give a cache entry the time of its last use, which prune() goes by."""
    try:
        os.utime(path)
    except OSError:
        pass


def prune(folder: Path, since: float, now: float) -> int:
    """After a successful build that started at `since`: drop what the cache no longer needs.

    Kinds in ALWAYS_LOOKED_UP are looked up in full by every build, so an entry this build did
    not use belongs to an older state of the data, content or code and goes. Other kinds (charts,
    zipped downloads) are looked up only when the page that holds them is rendered again, so
    their entries go after UNUSED_DAYS without use. Returns the number of files deleted.
    """
    deleted = 0
    if not folder.is_dir():
        return deleted
    for kind in sorted(p for p in folder.iterdir() if p.is_dir()):
        cutoff = since if kind.name in ALWAYS_LOOKED_UP else now - UNUSED_DAYS * 86_400
        deleted += _prune_folder(kind, cutoff)
    return deleted


def _prune_folder(folder: Path | str, cutoff: float) -> int:
    """Delete the files under `folder` last used before `cutoff`; how many went. With
    os.scandir, not Path.rglob: a national cache holds tens of thousands of entries."""
    deleted = 0
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return deleted
    for entry in entries:
        try:
            if entry.is_dir(follow_symlinks=False):
                deleted += _prune_folder(entry.path, cutoff)
            elif entry.is_file(follow_symlinks=False) and entry.stat().st_mtime < cutoff:
                os.unlink(entry.path)
                deleted += 1
        except OSError:
            pass
    return deleted


def digest(parts: list[bytes | str]) -> str:
    """sha256 of the parts, each length-prefixed so no two lists give the same bytes."""
    h = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "big"))
        h.update(data)
    return h.hexdigest()


def validator_version() -> str:
    """The validator's source files and library versions: a new version invalidates all."""
    parts: list[bytes | str] = [f"format {FORMAT}"]
    for path in sorted(VALIDATOR.glob("*.py")):
        parts += [path.name, path.read_bytes()]
    for module in ("rules", "problems", "packages"):
        path = Path(__file__).parent / f"{module}.py"
        if path.is_file():
            parts += [path.name, path.read_bytes()]
    return digest(parts + library_versions(LIBRARIES))


@functools.cache
def source_version() -> str:
    """The engine's source files and Python's version (once per process): part of the key of
    whatever the engine's code makes from the data."""
    parts: list[bytes | str] = [sys.version]
    for source in sorted(GENERATOR.rglob("*.py")):
        parts += [source.relative_to(GENERATOR).as_posix(), source.read_bytes()]
    return digest(parts)


def library_versions(libraries: tuple[str, ...]) -> list[str]:
    """'name version' of each installed library ('name absent' when not installed), for keys."""
    found = []
    for library in libraries:
        try:
            found.append(f"{library} {metadata.version(library)}")
        except metadata.PackageNotFoundError:
            found.append(f"{library} absent")
    return found


def folder_parts(folder: Path) -> list[bytes | str]:
    """Every file under `folder`, by relative name, with its bytes, for keys."""
    parts: list[bytes | str] = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        parts += [path.relative_to(folder).as_posix(), path.read_bytes()]
    return parts


def package_key(package: Package, references: dict[str, Package], version: str) -> str:
    """The key of a package's validation: its files, the sibling packages it refers to."""
    parts: list[bytes | str] = [version, package.display_root, package.name]
    parts += _files(package)
    for name in sorted(references):
        parts += [f"reference {name}", *_files(references[name])]
    return digest(parts)


def _files(package: Package) -> list[bytes | str]:
    """A package's descriptor and every resource file, by name, with their bytes."""
    parts: list[bytes | str] = []
    descriptor = package.root / DESCRIPTOR
    parts += [DESCRIPTOR, descriptor.read_bytes() if descriptor.is_file() else b"(none)"]
    for resource in package.resources:
        parts += [resource.name, resource.display_path]
        parts.append(resource.file.read_bytes() if resource.file and resource.file.is_file()
                     else b"(none)")
    return parts


def problems_to_json(problems: list[Problem]) -> list[dict]:
    """Problems as JSON values."""
    return [p.to_dict() for p in problems]


def problems_from_json(values: object) -> list[Problem] | None:
    """Problems from JSON values; None when the entry is not what we stored."""
    if not isinstance(values, list):
        return None
    try:
        return [Problem(**value) for value in values]
    except TypeError:
        return None
