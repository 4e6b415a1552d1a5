"""Stage 1, load: find data packages on disk and read their descriptors, safely."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

from . import safe_files
from .model import Package, Resource, key_fields
from .problems import Problem

__all__ = ["Package", "Resource", "UsageError", "key_fields"]  # the model lives in model.py

DESCRIPTOR = "datapackage.json"
MAX_DESCRIPTOR_BYTES = 4 * 1024 * 1024  # this repository's largest is under 50 KiB
MAX_DESCRIPTOR_DEPTH = 32  # arrays and objects inside each other; a descriptor needs about 8
_JSON_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}\n]')
_URL = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*://")


class UsageError(Exception):
    """A path or option given on the command line cannot be used (exit code 2)."""


def display(path: Path, base: Path) -> str:
    """Path as shown in problems: relative to `base` when inside it, POSIX separators."""
    try:
        return path.resolve().relative_to(base.resolve()).as_posix()
    except ValueError:
        return path.resolve().as_posix()


def find_package_roots(paths: list[Path]) -> list[Path]:
    """Package folders named by `paths`: a package folder, its descriptor, or a folder of them."""
    roots: list[Path] = []
    for path in paths:
        if not path.exists():
            raise UsageError(f"{path}: no such file or folder")
        if path.is_file():
            if path.name != DESCRIPTOR:
                raise UsageError(f"{path}: expected a folder or a {DESCRIPTOR}")
            roots.append(path.parent)
        elif (path / DESCRIPTOR).exists():
            roots.append(path)
        else:
            children = sorted(
                p for p in path.iterdir() if p.is_dir() and not p.name.startswith((".", "_"))
            )
            roots.extend(children)
    return sorted(dict.fromkeys(roots), key=lambda p: p.as_posix())


def linked_out(paths: list[Path], base: Path) -> dict[Path, Problem]:
    """The package folders found in folders of `paths` that are links leaving both that
    folder and `base` (the project), each with its problem: such a package is not read."""
    found: dict[Path, Problem] = {}
    for path in paths:
        if not path.is_dir() or (path / DESCRIPTOR).exists():
            continue
        for child in sorted(p for p in path.iterdir() if p.is_symlink() and p.is_dir()):
            if not (safe_files.is_inside(child, path) or safe_files.is_inside(child, base)):
                found[child] = Problem(
                    safe_files.shown_path(child, base), None, None, safe_files.UNSAFE_LINK,
                    f"expected a package folder inside the project, found a link to "
                    f"{os.path.realpath(child)}, which is outside it; copy the package into "
                    f"{path.name}/ instead of linking to it")
    return found


def load_packages(paths: list[Path], base: Path) -> tuple[list[Package], list[Problem]]:
    """Load every package under `paths`; problems for the ones that cannot be read."""
    packages: list[Package] = []
    refused = linked_out(paths, base)
    problems: list[Problem] = list(refused.values())
    for root in find_package_roots(paths):
        if root in refused:
            continue
        package, found = load_package(root, base)
        problems.extend(found)
        if package is not None:
            packages.append(package)
    return packages, problems


def load_package(root: Path, base: Path) -> tuple[Package | None, list[Problem]]:
    """Read one package's descriptor and resolve its resource files, never leaving `root`."""
    shown = display(root, base)
    path = f"{shown}/{DESCRIPTOR}"
    descriptor_file = root / DESCRIPTOR
    if not (descriptor_file.exists() or descriptor_file.is_symlink()):
        return None, [Problem(path, None, None, "descriptor-missing",
                              f"expected a {DESCRIPTOR} in {shown}/, found none")]
    # Never a link out of the package folder, a device or a named pipe.
    data, unsafe = safe_files.read_bytes(descriptor_file, root, path,
                                         limit=MAX_DESCRIPTOR_BYTES + 1)
    if data is None:
        return None, unsafe
    if len(data) > MAX_DESCRIPTOR_BYTES:
        return None, [Problem(path, None, None, "too-large",
                              f"expected a descriptor of at most {MAX_DESCRIPTOR_BYTES:,} bytes "
                              f"({MAX_DESCRIPTOR_BYTES // 1024 // 1024} MiB), found a larger "
                              "file; keep data in the resource files")]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return None, [Problem(path, data[: exc.start].count(b"\n") + 1, None, "encoding-error",
                              f"expected UTF-8, found the byte {data[exc.start]:#04x}; "
                              "save the file as UTF-8")]
    problems: list[Problem] = []
    if text.startswith("\ufeff"):
        problems.append(Problem(path, 1, None, "encoding-bom",
                                "expected UTF-8 without a byte-order mark, found a BOM; "
                                "save the file as plain UTF-8"))
        text = text[1:]
    deep = too_deep(text)
    if deep is not None:
        return None, problems + [Problem(path, deep, None, "too-deep",
                                         f"expected arrays and objects nested at most "
                                         f"{MAX_DESCRIPTOR_DEPTH} deep, found deeper nesting "
                                         f"on line {deep}")]
    try:
        descriptor = json.loads(text)
    except json.JSONDecodeError as exc:
        return None, problems + [Problem(path, exc.lineno, None, "descriptor-json-error",
                                         f"invalid JSON at line {exc.lineno} column "
                                         f"{exc.colno}: {exc.msg}")]
    if not isinstance(descriptor, dict):
        return None, problems + [Problem(path, None, None, "descriptor-error",
                                         f"expected a JSON object, found "
                                         f"{type(descriptor).__name__}")]
    resources = []
    raw_resources = descriptor.get("resources")
    if not isinstance(raw_resources, list) or not raw_resources:
        problems.append(Problem(path, None, "resources", "descriptor-error",
                                "expected a non-empty list of resources"))
        raw_resources = []
    for index, raw in enumerate(raw_resources):
        where = f"resources[{index}]"
        if not isinstance(raw, dict):
            problems.append(Problem(path, None, where, "descriptor-error",
                                    f"expected an object, found {type(raw).__name__}"))
            continue
        name = raw.get("name") if isinstance(raw.get("name"), str) else where
        file, found = resolve_resource_path(raw.get("path"), root, path, f"{where}.path")
        problems.extend(found)
        rel = raw.get("path") if isinstance(raw.get("path"), str) else ""
        resources.append(Resource(name=name, path=rel, file=file,
                                  display_path=f"{shown}/{rel}" if file else path,
                                  descriptor=raw))
    name = descriptor.get("name") if isinstance(descriptor.get("name"), str) else root.name
    package = Package(name=name, root=root.resolve(), display_root=shown,
                      descriptor=descriptor, resources=tuple(resources))
    return package, problems


def too_deep(text: str) -> int | None:
    """The line where JSON `text` first nests beyond MAX_DESCRIPTOR_DEPTH, or None.

    Counted over the text without parsing it (json.loads recurses and would raise
    RecursionError on thousands of levels); strings are skipped whole, so a bracket inside
    one is not counted.
    """
    depth, line = 0, 1
    for token in _JSON_TOKEN.finditer(text):
        kind = token.group()
        if kind == "\n":
            line += 1
        elif kind in "[{":
            depth += 1
            if depth > MAX_DESCRIPTOR_DEPTH:
                return line
        elif kind in "]}":
            depth -= 1
        else:
            line += kind.count("\n")  # not valid JSON; json.loads reports it
    return None


def resolve_resource_path(
    value: object, root: Path, path: str, where: str
) -> tuple[Path | None, list[Problem]]:
    """The file a resource names, or a problem: no URLs, no absolute paths, nothing outside root."""
    if not isinstance(value, str) or not value:
        return None, [Problem(path, None, where, "descriptor-error",
                              "expected a relative file path (inline or multi-file data is "
                              "not published)")]
    if _URL.match(value) or value.startswith("//"):
        return None, [Problem(path, None, where, "remote-path",
                              f"expected a file inside the package, found a URL {value!r}; "
                              "the validator never downloads")]
    if os.path.isabs(value) or value.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", value):
        return None, [Problem(path, None, where, "unsafe-path",
                              f"expected a relative path, found the absolute path {value!r}")]
    parts = Path(value).parts
    if ".." in parts or "\\" in value or any(ord(c) < 32 for c in value):
        return None, [Problem(path, None, where, "unsafe-path",
                              f"expected a path inside the package folder, found {value!r}")]
    root_resolved = root.resolve()
    target = (root / value).resolve()
    if root_resolved not in target.parents:
        return None, [Problem(path, None, where, "unsafe-path",
                              f"{value!r} resolves outside the package folder (a link?)")]
    if target.exists() and not (target.is_file() or target.is_dir()):  # a pipe, a device
        return None, [Problem(path, None, where, safe_files.NOT_A_FILE,
                              f"expected {value!r} to be a regular file, found "
                              f"{safe_files.kind_of(target)}")]
    if not target.is_file():
        return None, [Problem(f"{path}", None, where, "file-not-found",
                              f"expected the file {value!r} beside the descriptor, found none")]
    return target, []
