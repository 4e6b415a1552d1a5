"""The loaded site data that page kinds read: validated packages, tables as frames, downloads."""

from __future__ import annotations

import json
import zlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from . import downloads as downloads_module
from .cache import Store, digest
from .config import SiteConfig
from .downloads import Download, package_downloads
from .model import Content
from .packages import Package, Resource
from .validate import Validation

if TYPE_CHECKING:  # pandas is imported where a frame is made: a rebuild whose data-only pages
    import pandas as pd  # all come from the render cache never needs it (issue 18)

LINE = "_line"
# Tables up to this many rows are shown in full on their resource page, each row anchored.
FULL_TABLE_MAX_ROWS = 2_000
# Raise to drop every cached download at once (e.g. when the stored shape changes).
DOWNLOADS_FORMAT = 2


class _WithoutContent:
    """SiteData.content for a page kind that must not read content/ (see pages.data_only)."""

    def __repr__(self) -> str:
        return "WITHOUT_CONTENT"


WITHOUT_CONTENT = _WithoutContent()


@dataclass(frozen=True)
class SiteData:
    """Everything the renderers need, computed once. Cells stay the published strings."""

    config: SiteConfig
    validation: Validation
    frames: Mapping[tuple[str, str], pd.DataFrame] = field(repr=False)
    downloads: dict[str, list[Download]] = field(repr=False)
    # The checked content/, attached by the build once the content stage has read it, so that
    # every page kind shares that one read (content.load_content returns it).
    content: Content | _WithoutContent | None = field(default=None, repr=False)
    # sha256 of every byte the data comes from: each package's files and what validation said.
    key: str = ""
    # The build's store (build/.cache), which every cache of the render stage uses; None: none.
    store: Store | None = field(default=None, repr=False, compare=False)

    @property
    def packages(self) -> list[Package]:
        """Packages sorted by name."""
        return sorted(self.validation.packages, key=lambda p: p.name)

    def package(self, name: str) -> Package:
        """The package called `name` (KeyError when absent)."""
        for package in self.validation.packages:
            if package.name == name:
                return package
        raise KeyError(name)

    def frame(self, package: str, resource: str) -> pd.DataFrame:
        """A resource's rows as strings ('' = not reported), with the physical line in `_line`."""
        return self.frames[(package, resource)]

    def rows_where(self, package: str, resource: str, conditions: list[tuple[str, str]]
                   ) -> list[int]:
        """Positions of the rows whose published cells equal every (field, value), in order."""
        fields = tuple(name for name, _ in conditions)
        values = tuple(value for _, value in conditions)
        return self.frames.index((package, resource), fields).get(values, [])

    def warnings_for(self, package: Package) -> int:
        """How many warnings validation reported for a package's files."""
        prefix = package.display_root + "/"
        return sum(1 for p in self.validation.warnings if p.path.startswith(prefix))


class Frames(Mapping):
    """Each validated table as a frame of published strings, made on first use.

    A page kind that never looks at a table (or whose pages come from the cache) does not pay
    for turning 600,000 village rows into a frame.
    """

    def __init__(self, tables: Mapping) -> None:
        self._tables = tables
        self._frames: dict[tuple[str, str], pd.DataFrame] = {}
        self._indexes: dict[tuple, dict[tuple[str, ...], list[int]]] = {}

    def __getitem__(self, key: tuple[str, str]) -> pd.DataFrame:
        if key not in self._frames:
            self._frames[key] = table_frame(self._tables[key])
        return self._frames[key]

    def __contains__(self, key: object) -> bool:
        return key in self._tables

    def index(self, key: tuple[str, str], fields: tuple[str, ...]
              ) -> dict[tuple[str, ...], list[int]]:
        """A table's row positions by their cells in `fields`, built once per table and fields."""
        if (key, fields) not in self._indexes:
            frame = self[key]
            index: dict[tuple[str, ...], list[int]] = {}
            columns = [frame[name].tolist() for name in fields]
            for position, cells in enumerate(zip(*columns, strict=True)):
                index.setdefault(cells, []).append(position)
            self._indexes[(key, fields)] = index
        return self._indexes[(key, fields)]

    def __iter__(self) -> Iterator[tuple[str, str]]:
        return iter(self._tables)

    def __len__(self) -> int:
        return len(self._tables)


def table_frame(table) -> pd.DataFrame:
    """A validated table as a frame of strings ('' = not reported), physical lines in `_line`."""
    import pandas as pd
    if hasattr(table, "frame"):  # a large table read column-wise (validate/fast.py)
        # Column by column through numpy: polars' to_pandas() needs pyarrow, not a dependency.
        columns = {name: table.frame[name].to_numpy() for name in table.frame.columns}
        frame = pd.DataFrame(columns, dtype="string").fillna("")
        count = table.frame.height  # not len(table.rows): that would build every row as a list
    else:
        frame = pd.DataFrame(table.rows, columns=table.header, dtype="string").fillna("")
        count = len(table.rows)
    frame.insert(0, LINE, table.lines[1: count + 1])
    return frame


def load_site_data(config: SiteConfig, validation: Validation, store: Store | None = None,
                   downloads: dict[str, list[Download]] | None = None,
                   keys: dict[str, str] | None = None) -> SiteData:
    """Turn a valid Validation into frames and downloads (zips kept in `store`).

    `downloads`: what site_downloads gave, when the caller makes them itself (build.site_inputs
    makes them meanwhile); `keys`: package_keys(validation), when the caller has them."""
    keys = package_keys(validation) if keys is None else keys
    if downloads is None:
        downloads = site_downloads(validation, keys, store)
    return SiteData(config, validation, Frames(validation.tables), downloads,
                    key=data_key(validation, keys), store=store)


def data_key(validation: Validation, keys: dict[str, str]) -> str:
    """SiteData.key: what the data is, its packages' files (`keys`: package_keys') and the
    problems validation found in them."""
    problems = json.dumps([p.to_dict() for p in validation.problems], sort_keys=True)
    return digest([f"{name} {keys[name]}" for name in sorted(keys)] + [problems])


def package_keys(validation: Validation) -> dict[str, str]:
    """Each package's package_files_key, by name."""
    return {p.name: package_files_key(p) for p in validation.packages}


def site_downloads(validation: Validation, keys: dict[str, str], store: Store | None = None
                   ) -> dict[str, list[Download]]:
    """Every package's downloads, by name (cached_downloads); `keys`: package_keys'."""
    return {p.name: cached_downloads(p, keys[p.name], store) for p in validation.packages}


def package_files_key(package: Package) -> str:
    """sha256 of a package's name, place and every file under its folder or named by it."""
    files = {path for path in package.root.rglob("*") if path.is_file()}
    files |= {r.file for r in package.resources if r.file is not None and r.file.is_file()}
    parts: list[bytes | str] = [package.name, package.display_root]
    for path in sorted(files):
        parts += [path.as_posix(), path.read_bytes()]
    return digest(parts)


def cached_downloads(package: Package, files_key: str, store: Store | None) -> list[Download]:
    """A package's downloads, the zip taken from build/.cache when its files are unchanged.

    The key hashes the package's files, the code that makes the downloads and zlib's version,
    so an entry is only ever found for the very bytes it was made from.
    """
    if store is None:
        return package_downloads(package)
    key = Store.key([f"downloads {DOWNLOADS_FORMAT}", files_key, zlib.ZLIB_RUNTIME_VERSION,
                     Path(downloads_module.__file__).read_bytes()])
    stored = store.get_bytes("downloads", key)
    found = unpack_downloads(stored) if stored is not None else None
    if found is not None:
        return found
    made = package_downloads(package)
    store.put_bytes("downloads", key, pack_downloads(made))
    return made


def pack_downloads(files: list[Download]) -> bytes:
    """Downloads as one blob, for the cache, each with its sha256 (the store checks the whole
    entry against its own hash when it is read, so a rebuild need not hash them again)."""
    return pack_files([([f.label, f.filename, f.mediatype, f.sha256], f.data) for f in files])


def unpack_downloads(blob: bytes) -> list[Download] | None:
    """The downloads packed in `blob`; None when it is not what pack_downloads wrote."""
    entries = unpack_files(blob, 4)
    if entries is None or any(len(names[3]) != 64 for names, _ in entries):
        return None
    found = []
    for (label, filename, mediatype, sha256), data in entries:
        download = Download(label, filename, mediatype, data)
        download.__dict__["sha256"] = sha256  # Download.sha256's cached value
        found.append(download)
    return found


def pack_files(entries: list[tuple[list[str], bytes]]) -> bytes:
    """Named byte strings as one blob: a JSON header line (names, size), then the bytes."""
    header = [[*names, len(data)] for names, data in entries]
    return json.dumps(header).encode("utf-8") + b"\n" + b"".join(data for _, data in entries)


def unpack_files(blob: bytes, width: int) -> list[tuple[list[str], bytes]] | None:
    """What pack_files packed, each entry with `width` names; None for anything else."""
    end = blob.find(b"\n")
    line, start = (blob, len(blob)) if end < 0 else (blob[:end], end + 1)
    try:
        header = json.loads(line)
        shapes_ok = isinstance(header, list) and all(
            isinstance(item, list) and len(item) == width + 1
            and all(isinstance(name, str) for name in item[:-1])
            and isinstance(item[-1], int) and item[-1] >= 0 for item in header)
    except ValueError:
        return None
    if not shapes_ok or sum(item[-1] for item in header) != len(blob) - start:
        return None
    entries, position = [], start  # each entry sliced from the blob once, the body never copied
    for *names, size in header:
        entries.append((names, blob[position: position + size]))
        position += size
    return entries


def row_anchor(resource: Resource, row: pd.Series) -> str:
    """A stable anchor for a row, from its primary key: 'row-2026-03-03' or 'row-2024-07-25--35'."""
    parts = [str(row[k]) for k in resource.primary_key if k in row] or [str(row[LINE])]
    slug = "--".join(parts).lower()
    return "row-" + "".join(c if c.isalnum() or c in "-." else "-" for c in slug)
