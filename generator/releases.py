"""The release archive: every published release kept as reproducible zips, so that older releases
stay downloadable (and diffable) after a new one replaces datasets/.

    releases/
      index.json                {"releases": [{"version", "date",
                                  "packages": [{"name", "version", "file", "sha256"}]}]}
      <package>-<version>.zip   the package's zip, byte for byte the one the site publishes

A zip is shared by every release that holds that package version, so a package whose bytes
change must get a new version. `opendata release` writes the archive; the Releases page reads it.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from . import safe_files
from .diff import Snapshot
from .downloads import package_downloads
from .packages import Package, display, load_packages
from .problems import Problem
from .validate.descriptor import NAME, is_day, is_version
from .validate.table import read_table

FOLDER = "releases"
INDEX = "index.json"
_FILE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*\.zip")


@dataclass(frozen=True)
class ArchivedPackage:
    """One package of an archived release: its version, zip file and the zip's sha256."""

    name: str
    version: str
    file: str
    sha256: str


@dataclass(frozen=True)
class Release:
    """A release: its version, date and packages."""

    version: str
    date: str
    packages: tuple[ArchivedPackage, ...]

    def files(self) -> dict[str, str]:
        """sha256 by package name: two releases with equal files hold the same data."""
        return {p.name: p.sha256 for p in self.packages}


@dataclass(frozen=True)
class Archive:
    """The archived releases, oldest first, and the folder they are in."""

    folder: Path
    releases: tuple[Release, ...] = ()

    @property
    def latest(self) -> Release | None:
        """The newest archived release, if any."""
        return self.releases[-1] if self.releases else None

    def sha256(self, file: str) -> str | None:
        """The recorded sha256 of an archived zip, if any release holds it."""
        return next((p.sha256 for r in self.releases for p in r.packages if p.file == file),
                    None)

    def to_json(self) -> str:
        """The index file's text: releases oldest first, stable key order, final newline."""
        data = {"releases": [{"version": r.version, "date": r.date,
                              "packages": [{"name": p.name, "version": p.version,
                                            "file": p.file, "sha256": p.sha256}
                                           for p in r.packages]}
                             for r in self.releases]}
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def version_key(version: str) -> tuple:
    """Semantic-version order: 1.10.0 after 1.9.0, and 2.0.0-rc.1 before 2.0.0."""
    main, _, pre = version.partition("-")
    parts = tuple(int(p) if p.isdigit() else -1 for p in main.split("."))
    return (parts, 0 if pre else 1, pre)


def release_of(packages: Iterable[Package]) -> tuple[str, str]:
    """The release a set of packages makes: the highest package version, the latest date."""
    packages = list(packages)
    versions = [str(p.descriptor.get("version", "")) for p in packages]
    dates = [str(p.descriptor.get("created", ""))[:10] for p in packages]
    return max(versions, key=version_key, default=""), max(dates, default="")


def package_zip(package: Package) -> tuple[str, bytes]:
    """The package's zip as the site publishes it: file name and bytes."""
    archive = next(d for d in package_downloads(package) if d.mediatype == "application/zip")
    return archive.filename, archive.data


def read_archive(folder: Path, base: Path) -> tuple[Archive, list[Problem]]:
    """Read and check the archive: a well-formed index, every zip present with its sha256."""
    index = folder / INDEX
    shown = display(index, base)
    if not index.is_file():
        return Archive(folder), []
    try:
        data = json.loads(index.read_text(encoding="utf-8"))
    except UnicodeDecodeError as exc:
        return Archive(folder), [Problem(shown, None, None, "release-index-error",
                                         f"expected a UTF-8 JSON file: {exc}")]
    except json.JSONDecodeError as exc:  # at the line where the JSON breaks
        return Archive(folder), [Problem(shown, exc.lineno, None, "release-index-error",
                                         f"expected a JSON file, found an error at line "
                                         f"{exc.lineno} column {exc.colno}: {exc.msg}")]
    if not isinstance(data, dict) or not isinstance(data.get("releases"), list):
        return Archive(folder), [Problem(shown, None, "releases", "release-index-error",
                                         "expected an object with a list of releases")]
    releases, problems = [], []
    for i, entry in enumerate(data["releases"]):
        release, found = _read_release(entry, f"releases[{i}]", folder, shown, base)
        problems.extend(found)
        if release is not None:
            releases.append(release)
    versions = [r.version for r in releases]
    if versions != sorted(set(versions), key=version_key):
        problems.append(Problem(shown, None, "releases", "release-index-error",
                                f"expected each version once, oldest first; found "
                                f"{', '.join(versions)}"))
    return Archive(folder, tuple(releases)), problems


def _read_release(entry: object, where: str, folder: Path, shown: str,
                  base: Path) -> tuple[Release | None, list[Problem]]:
    """One release of the index, with its files checked against their recorded sha256."""
    if not (isinstance(entry, dict) and isinstance(entry.get("version"), str)
            and isinstance(entry.get("date"), str) and isinstance(entry.get("packages"), list)):
        return None, [Problem(shown, None, where, "release-index-error",
                              "expected {version, date, packages}")]
    # The version names a folder when the release is unpacked: checked before any path is made.
    refused = [Problem(shown, None, f"{where}.{key}", "release-index-error",
                       f"expected {words}, found {entry[key]!r}")
               for key, ok, words in (("version", is_version, "a semantic version like 1.2.0"),
                                      ("date", is_day, "a date as YYYY-MM-DD"))
               if not ok(entry[key])]
    if refused:
        return None, refused
    packages, problems = [], []
    for j, item in enumerate(entry["packages"]):
        field = f"{where}.packages[{j}]"
        keys = ("name", "version", "file", "sha256")
        if not (isinstance(item, dict) and all(isinstance(item.get(k), str) for k in keys)):
            problems.append(Problem(shown, None, field, "release-index-error",
                                    "expected {name, version, file, sha256}"))
            continue
        package = ArchivedPackage(*(item[k] for k in keys))
        if not (NAME.fullmatch(package.name) and is_version(package.version)
                and package.file == f"{package.name}-{package.version}.zip"):
            problems.append(Problem(shown, None, field, "release-index-error",
                                    f"expected a package name, a semantic version and the file "
                                    f"NAME-VERSION.zip, found {package.name!r}, "
                                    f"{package.version!r} and {package.file!r}"))
            continue
        path = folder / package.file
        if not _FILE.fullmatch(package.file) or not (path.exists() or path.is_symlink()):
            problems.append(Problem(shown, None, field, "release-file-missing",
                                    f"expected the file {package.file!r} in "
                                    f"{display(folder, base)}/, found none"))
            continue
        data, unsafe = safe_files.read_bytes(path, folder, safe_files.shown_path(path, base))
        if data is None:  # a link out of releases/, a device or a named pipe
            problems.extend(unsafe)
            continue
        actual = hashlib.sha256(data).hexdigest()
        if actual != package.sha256:
            problems.append(Problem(display(path, base), None, None, "release-sha256-mismatch",
                                    f"expected sha256 {package.sha256} (from {INDEX}), found "
                                    f"{actual}; an archived release must never change"))
            continue
        broken = _unreadable_zip(data, package)
        if broken:
            problems.append(Problem(display(path, base), None, None, "release-zip-error",
                                    f"expected a zip archive holding {package.name}/"
                                    f"datapackage.json, found {broken}"))
            continue
        packages.append(package)
    return Release(entry["version"], entry["date"], tuple(packages)), problems


def _unreadable_zip(data: bytes, package: ArchivedPackage) -> str | None:
    """Why an archived file cannot be unpacked as the package's release, or None.

    Its sha256 matched: only a hand-edited index lets a file that is not our zip through, and
    it must be a problem at the file, not a crash when the Releases page unpacks it.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive_zip:
            names = set(archive_zip.namelist())
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError) as exc:
        return f"a file that is not a readable zip ({exc})"
    if f"{package.name}/datapackage.json" not in names:
        return "a zip without it"
    return None


@dataclass(frozen=True)
class Plan:
    """What `opendata release` would do: the release, the new zips, and whether it is done."""

    release: Release
    files: dict[str, bytes]
    archived: bool


def plan_release(archive: Archive, packages: list[Package]) -> tuple[Plan, list[Problem]]:
    """The release the packages make, checked against the archive (never rewrite the past)."""
    version, date = release_of(packages)
    entries, files, problems = [], {}, []
    for package in sorted(packages, key=lambda p: p.name):
        file, data = package_zip(package)
        digest = hashlib.sha256(data).hexdigest()
        changed = changed_version(archive, package, file, digest)
        if changed is not None:
            problems.append(changed)
        elif archive.sha256(file) is None:
            files[file] = data
        entries.append(ArchivedPackage(package.name, str(package.descriptor.get("version", "")),
                                       file, digest))
    release = Release(version, date, tuple(entries))
    same = next((r for r in archive.releases if r.version == version), None)
    latest = archive.latest
    if same is not None and same.files() != release.files() and not problems:
        problems.append(Problem(f"{FOLDER}/{INDEX}", None, None, "release-exists",
                                f"release {version} is archived with other packages; raise the "
                                "version of the packages that changed"))
    elif same is None and latest is not None and version_key(version) < version_key(
            latest.version):
        problems.append(Problem(f"{FOLDER}/{INDEX}", None, None, "release-older",
                                f"release {version} is older than the latest archived release "
                                f"{latest.version}"))
    return Plan(release, files, same is not None), problems


def changed_version(archive: Archive, package: Package, file: str, digest: str
                    ) -> Problem | None:
    """A problem when the package's zip differs from the one archived under its version.

    `opendata release` refuses to archive such a package and `opendata build` to publish it:
    one version name must always mean one file.
    """
    recorded = archive.sha256(file)
    if recorded is None or recorded == digest:
        return None
    return Problem(package.descriptor_display, None, "version", "release-changed",
                   f"{package.name} {package.descriptor.get('version')} differs from the archived "
                   f"{FOLDER}/{file}; give the changed package a new version and release date")


def write_release(archive: Archive, plan: Plan) -> Archive:
    """Add the planned release to the archive: new zips first, then the index (atomically)."""
    archive.folder.mkdir(parents=True, exist_ok=True)
    for file, data in sorted(plan.files.items()):
        safe_files.inside(archive.folder, file).write_bytes(data)  # UnsafePath rather than a write outside
    releases = sorted([*archive.releases, plan.release], key=lambda r: version_key(r.version))
    updated = Archive(archive.folder, tuple(releases))
    temporary = archive.folder / f".{INDEX}.tmp"
    temporary.write_text(updated.to_json(), encoding="utf-8")
    os.replace(temporary, archive.folder / INDEX)
    return updated


def release_snapshot(archive: Archive, release: Release, work: Path) -> Snapshot:
    """An archived release as a diff side: its zips unpacked under `work`, tables parsed.

    Archived releases were validated when they were made; only their files are read here.
    """
    target = safe_files.inside(work, release.version)  # read_archive refused any other version
    unpack_release(archive, release, target)
    packages, _ = load_packages([target], target) if target.is_dir() else ([], [])
    tables = {}
    for package in packages:
        for resource in package.resources:
            if resource.file is not None:
                table, _ = read_table(resource)
                if table is not None:
                    tables[(package.name, resource.name)] = table
    return Snapshot(release.version, tuple(packages), tables)


def unpack_release(archive: Archive, release: Release, target: Path) -> None:
    """Each package of an archived release unpacked into `target`/<package>/ (only members
    inside the package's own folder; read_archive checked every zip's sha256)."""
    for package in release.packages:
        with zipfile.ZipFile(safe_files.inside(archive.folder, package.file)) as archive_zip:
            for member in archive_zip.infolist():
                parts = Path(member.filename).parts
                if (member.is_dir() or not parts or parts[0] != package.name or ".." in parts
                        or member.filename.startswith("/")):
                    continue
                out = safe_files.inside(target, "/".join(parts))
                out.parent.mkdir(parents=True, exist_ok=True)
                out.write_bytes(archive_zip.read(member))


def find_release(archive: Archive, name: str) -> Release | None:
    """The archived release `name` names: its version, with or without a leading 'v'."""
    version = name[1:] if name.startswith("v") else name
    return next((r for r in archive.releases if r.version == version), None)
