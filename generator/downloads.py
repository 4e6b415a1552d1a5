"""Published files: the validated bytes as they are, an Excel copy of each table, and one
reproducible zip per package version holding the tables, the descriptor, a README, a licence
notice and SHA256SUMS."""

from __future__ import annotations

import csv
import functools
import hashlib
import io
import re
import zipfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from .markdown import safe_url
from .packages import DESCRIPTOR, Package, Resource

ZIP_DATE = (1980, 1, 1, 0, 0, 0)
ZIP_LEVEL = 9  # fixed, so the bytes do not follow zlib's default
UNIX = 3  # ZipInfo.create_system: the same on every build machine
BOM = b"\xef\xbb\xbf"
EXCEL = ".excel.csv"
README, LICENCE, SUMS = "README.md", "LICENSE.txt", "SHA256SUMS"
ZIP = "application/zip"


@dataclass(frozen=True)
class Download:
    """One downloadable file of a dataset: where it is published, its size and sha256."""

    label: str
    filename: str
    mediatype: str
    data: bytes

    @property
    def size(self) -> int:
        """Size in bytes."""
        return len(self.data)

    @functools.cached_property
    def sha256(self) -> str:
        """Hex sha256 of the published bytes (once: a build asks for a zip's several times)."""
        return hashlib.sha256(self.data).hexdigest()

    @property
    def for_excel(self) -> bool:
        """Whether this is the Excel copy of a table (UTF-8 with a byte-order mark)."""
        return self.filename.endswith(EXCEL)


def by_bytes(downloads: Mapping[str, list[Download]]) -> dict[int, tuple[str, Download]]:
    """Each of a site's downloads (listed by package name) by id() of its bytes, with its
    package's name: an output holding those very bytes is that download, and is sent (to the
    render cache, from a language's child) by its names instead of its bytes (issue 18)."""
    return {id(d.data): (package, d) for package, made in downloads.items() for d in made}


def by_name(downloads: Mapping[str, list[Download]]) -> dict[tuple[str, str], bytes]:
    """Each download's bytes by its package's name and its file name: by_bytes's way back."""
    return {(package, d.filename): d.data for package, made in downloads.items() for d in made}


def package_downloads(package: Package) -> list[Download]:
    """Every CSV with its Excel copy, the descriptor and the package's zip, read once.

    The zip depends on the package alone (never on the site's settings), so that
    `opendata release` archives byte for byte the zip the site publishes.
    """
    tables = [(r, r.file.read_bytes()) for r in package.resources if r.file is not None]
    descriptor = (package.root / DESCRIPTOR).read_bytes()
    taken = {r.path for r, _ in tables} | {DESCRIPTOR}
    files: list[Download] = []
    for resource, data in tables:
        files.append(Download(resource.name, resource.path, "text/csv", data))
        excel = excel_name(resource.path)
        if excel not in taken:
            files.append(Download(f"{resource.name}, for Excel (UTF-8 with BOM)", excel,
                                  "text/csv", excel_copy(data)))
    files.append(Download("Data Package descriptor", DESCRIPTOR, "application/json", descriptor))
    members = bundle_members(package, {r.path: data for r, data in tables}, descriptor)
    files.append(Download("Whole package (zip)", bundle_name(package), ZIP,
                          zip_files(package.name, members)))
    return files


def bundle_name(package: Package) -> str:
    """The zip's file name, pinned to the package version: NAME-VERSION.zip."""
    return f"{package.name}-{package.descriptor.get('version', '0')}.zip"


def excel_name(path: str) -> str:
    """Where the Excel copy of a table is published: beside it, as NAME.excel.csv."""
    stem = path[:-4] if path.lower().endswith(".csv") else path
    return stem + EXCEL


def excel_copy(data: bytes) -> bytes:
    """The same bytes behind a UTF-8 byte-order mark, which Excel needs to read UTF-8 names."""
    return data if data.startswith(BOM) else BOM + data


def bundle_members(package: Package, tables: dict[str, bytes], descriptor: bytes
                   ) -> list[tuple[str, bytes]]:
    """The zip's files: tables, descriptor, README, licence notice and SHA256SUMS of them all."""
    members = {**tables, DESCRIPTOR: descriptor,
               README: readme(package, tables).encode("utf-8"),
               LICENCE: licence_notice(package).encode("utf-8")}
    members[SUMS] = sha256sums(members).encode("utf-8")
    return sorted(members.items())


def sha256sums(members: dict[str, bytes]) -> str:
    """Lines as `sha256sum --check` reads them, one per file, sorted by name."""
    return "".join(f"{hashlib.sha256(data).hexdigest()}  {name}\n"
                   for name, data in sorted(members.items()))


def zip_files(folder: str, members: list[tuple[str, bytes]]) -> bytes:
    """A zip whose bytes depend only on the members: sorted, fixed dates, permissions, system
    and compression level."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED,
                         compresslevel=ZIP_LEVEL) as archive:
        for name, data in sorted(members):
            info = zipfile.ZipInfo(f"{folder}/{name}", date_time=ZIP_DATE)
            info.create_system = UNIX
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data, compresslevel=ZIP_LEVEL)
    return buffer.getvalue()


def human_size(size: int) -> str:
    """Bytes for people: '1.2 KB', '3.4 MB' (decimal units)."""
    for unit, factor in (("MB", 1_000_000), ("KB", 1_000)):
        if size >= factor:
            return f"{size / factor:.1f} {unit}"
    return f"{size} bytes"


# --- The README and the licence notice, written from the descriptor -----------------------
_TAG = re.compile(r"<(?=[A-Za-z/!?])")  # what would open an HTML tag, comment or declaration
_ENTITY = re.compile(r"&(?=#?\w+;)")  # what would be read as a character reference
_MARK = re.compile(r"([\\`*\[\]])|(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])")
_BLOCK = re.compile(r"^(?:([#>+=|-])|(\d+)([.)]))")  # a line start Markdown reads as a block
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def plain(value: object) -> str:
    """Text from a descriptor or a table as inert Markdown that still reads as plain text.

    One line; no HTML (a tag's `<` and a reference's `&` written as entities); no link,
    emphasis or code (their characters escaped).
    """
    text = " ".join(_CONTROL.sub(" ", "" if value is None else str(value)).split())
    text = _TAG.sub("&lt;", _ENTITY.sub("&amp;", text))  # '&' first: '&lt;' stays one entity
    return _MARK.sub(lambda m: "\\" + m.group(0), text)


def paragraph(value: object) -> str:
    """`plain` text that starts a line: a leading '#', '>', '-' or '1.' escaped too."""
    return _BLOCK.sub(lambda m: f"\\{m.group(1)}" if m.group(1)
                      else f"{m.group(2)}\\{m.group(3)}", plain(value))


def _url(value: object) -> str:
    """An http(s) URL as an autolink, anything else as inert text."""
    target = safe_url(value)
    return f"<{target}>" if target else plain(value)


def released(package: Package) -> str:
    """The release date: the descriptor's `created` day (never the build's clock)."""
    return str(package.descriptor.get("created", ""))[:10]


def citation_text(package: Package) -> str:
    """One plain-text citation pinned to the package version and its zip."""
    d = package.descriptor
    creators = [str(c.get("title", "")) for c in d.get("contributors") or []
                if isinstance(c, dict) and c.get("role") in ("author", "publisher", "creator")]
    who = "; ".join(c for c in creators if c)
    return (f"{d.get('title', package.name)}, version {d.get('version', '')} "
            f"({released(package)}).{f' {who}.' if who else ''} "
            f"Data package {package.name}, file {bundle_name(package)}.")


def licences_of(package: Package) -> list[dict]:
    """The descriptor's licences that are objects."""
    return [lic for lic in package.descriptor.get("licenses") or [] if isinstance(lic, dict)]


def licence_line(licence: dict) -> str:
    """'Title (NAME), <url>' of one licence, as far as the descriptor says."""
    title, name = licence.get("title") or "", licence.get("name") or ""
    words = f"{title} ({name})" if title and name and title != name else title or name
    path = licence.get("path")
    return plain(words or "a licence without a name") + (f", {_url(path)}" if path else "")


def _rows(data: bytes, resource: Resource) -> Iterator[list[str]]:
    """A validated table's records, header first, as lists of cell text (blank lines skipped)."""
    dialect = resource.descriptor.get("dialect")
    delimiter = dialect.get("delimiter", ",") if isinstance(dialect, dict) else ","
    text = data.decode("utf-8-sig", errors="replace")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=str(delimiter or ",")[:1])
    return (row for row in reader if row)


def _records(data: bytes, resource: Resource) -> list[dict[str, str]]:
    """A validated table's rows as dicts of cell text."""
    rows = _rows(data, resource)
    header = next(rows, [])
    return [dict(zip(header, row, strict=False)) for row in rows]


def _row_count(data: bytes, resource: Resource) -> int:
    """How many rows _records gives, without making them (a national table has 600,000)."""
    return max(sum(1 for _ in _rows(data, resource)) - 1, 0)


def _first(row: dict[str, str], *names: str) -> str:
    """The first non-blank of a row's cells by name."""
    return next((row[n].strip() for n in names if (row.get(n) or "").strip()), "")


def source_lines(package: Package, tables: dict[str, bytes]) -> list[str]:
    """The package's sources as list items: its `sources` table's rows when it has one."""
    registry = package.resource("sources")
    if registry is not None and registry.path in tables:
        lines = []
        for row in _records(tables[registry.path], registry):
            parts = [_first(row, "title"), _first(row, "publisher_or_outlet", "publisher"),
                     _first(row, "date_published", "date")]
            words = ", ".join(plain(p) for p in parts if p)
            url = _first(row, "url", "path")
            note = _first(row, "note")
            key = _first(row, "source_id", "id")
            lines.append(f"- {'**' + plain(key) + '** ' if key else ''}{words}"
                         f"{'. ' + _url(url) if url else ''}{'. ' + plain(note) if note else ''}")
        return lines
    return [f"- {plain(s.get('title', ''))}{'. ' + _url(s['path']) if s.get('path') else ''}"
            for s in package.descriptor.get("sources") or [] if isinstance(s, dict)]


def _field_line(field: dict) -> str:
    """A field as a list item: name, title, type, unit and description."""
    kind = str(field.get("type") or "string")
    if field.get("format") and field.get("format") != "default":
        kind += f" ({field['format']})"
    parts = [f"type {plain(kind)}"]
    if field.get("unit"):
        parts.append(f"unit: {plain(field['unit'])}")
    title = f" {plain(field['title'])}" if field.get("title") else ""
    description = f". {plain(field['description'])}" if field.get("description") else ""
    return f"- `{_code(field.get('name', ''))}`{title} ({'; '.join(parts)}){description}"


def _code(value: object) -> str:
    """A field name inside a one-backtick code span (its backticks and line breaks dropped)."""
    return " ".join(str(value).replace("`", "'").split())


def readme(package: Package, tables: dict[str, bytes]) -> str:
    """The zip's README.md: what the package is, its tables and fields, sources, licence,
    how to cite it, and the release it belongs to."""
    d = package.descriptor
    temporal = d.get("temporalCoverage") if isinstance(d.get("temporalCoverage"), dict) else {}
    out = [f"# {plain(d.get('title', package.name))}", ""]
    if d.get("description"):
        out += [paragraph(d["description"]), ""]
    out += [f"- Data package: `{_code(package.name)}`",
            f"- Version: {plain(d.get('version', ''))}, released {plain(released(package))}",
            f"- Licence: {'; '.join(licence_line(lic) for lic in licences_of(package)) or 'none stated'}"]
    if temporal:
        out.append(f"- Period covered: {plain(temporal.get('start', '..'))} to "
                   f"{plain(temporal.get('end', '..'))}")
    if d.get("spatialCoverage"):
        out.append(f"- Area covered: {plain(d['spatialCoverage'])}")
    out += ["", "## The files", "",
            f"- `{README}`: this file.",
            f"- `{DESCRIPTOR}`: the Frictionless Data Package descriptor, with the schema of "
            "every table (its fields, types, units and constraints).",
            f"- `{LICENCE}`: the licence notice.",
            f"- `{SUMS}`: the sha256 of every other file; in this folder, "
            f"`sha256sum --check {SUMS}` verifies them."]
    out += [f"- `{_code(r.path)}`: {plain(r.descriptor.get('title', r.name))}."
            for r in package.resources if r.path in tables]
    out += ["", "The CSV files are UTF-8 without a byte-order mark, exactly as they were "
            "validated. A blank cell means the figure was not reported; it is never a zero. To "
            "open one in Excel, use Data > From Text/CSV and choose UTF-8, or download the "
            f"`{EXCEL}` copy the dataset's web page offers beside each table.", "",
            "## Tables"]
    for resource in package.resources:
        if resource.path not in tables:
            continue
        rows = _row_count(tables[resource.path], resource)
        key = ", ".join(_code(k) for k in resource.primary_key) or "none"
        out += ["", f"### {plain(resource.descriptor.get('title', resource.name))}", ""]
        if resource.descriptor.get("description"):
            out += [paragraph(resource.descriptor["description"]), ""]
        out += [f"File `{_code(resource.path)}`, {rows} rows; primary key: {key}.", "",
                "Fields:", ""]
        out += [_field_line(f) for f in resource.fields]
    out += ["", "## Sources", ""]
    out += source_lines(package, tables) or ["- No sources listed."]
    out += ["", "## Licence", "", f"See `{LICENCE}`. " + (
            "; ".join(licence_line(lic) for lic in licences_of(package)) or
            "The descriptor states no licence: ask the publisher before reusing the data."), "",
            "## How to cite", "", paragraph(citation_text(package)), "",
            "Cite the original source of a figure too: the Sources above list where each one "
            "comes from.", ""]
    return "\n".join(out)


# Licences the engine can describe in its own words, by SPDX id; a licence's URL finds it too.
KNOWN_LICENCES = {
    "CC-BY-4.0": ("Creative Commons Attribution 4.0 International",
                  "https://creativecommons.org/licenses/by/4.0/",
                  "You may copy, share and adapt the data for any purpose, commercial ones "
                  "included, as long as you give appropriate credit, link to the licence and "
                  "say whether you changed anything."),
    "CC-BY-SA-4.0": ("Creative Commons Attribution-ShareAlike 4.0 International",
                     "https://creativecommons.org/licenses/by-sa/4.0/",
                     "You may copy, share and adapt the data for any purpose, as long as you "
                     "give appropriate credit, link to the licence, say whether you changed "
                     "anything and share what you adapt under the same licence."),
    "CC0-1.0": ("Creative Commons Zero 1.0 Universal (public domain dedication)",
                "https://creativecommons.org/publicdomain/zero/1.0/",
                "The rights holders waived their copyright and related rights as far as the "
                "law allows: you may use the data for any purpose without asking. Naming the "
                "source is still good practice."),
    "ODbL-1.0": ("Open Data Commons Open Database License 1.0",
                 "https://opendatacommons.org/licenses/odbl/1-0/",
                 "You may share, adapt and build on the database, as long as you attribute it, "
                 "share an adapted database under the same licence and keep open any copy you "
                 "distribute."),
    "ODC-By-1.0": ("Open Data Commons Attribution License 1.0",
                   "https://opendatacommons.org/licenses/by/1-0/",
                   "You may share, adapt and build on the database for any purpose, as long as "
                   "you attribute it as the licence asks."),
    "PDDL-1.0": ("Open Data Commons Public Domain Dedication and License 1.0",
                 "https://opendatacommons.org/licenses/pddl/1-0/",
                 "The database is dedicated to the public domain: you may use it for any "
                 "purpose without asking."),
}


def _same_url(a: str, b: str) -> bool:
    """Two licence URLs that name the same page (scheme, 'www.' and a final '/' aside)."""
    def bare(url: str) -> str:
        return re.sub(r"^(https?://)?(www\.)?", "", url.strip().lower()).rstrip("/")
    return bool(a and b) and bare(a) == bare(b)


def known_licence(licence: dict) -> tuple[str, str, str] | None:
    """The engine's words for a licence, found by its SPDX id or its URL; None if unknown."""
    name = str(licence.get("name") or "").strip().lower()
    path = str(licence.get("path") or "")
    return next((known for spdx, known in KNOWN_LICENCES.items()
                 if spdx.lower() == name or _same_url(known[1], path)), None)


def licence_notice(package: Package) -> str:
    """LICENSE.txt: each licence's name, URL and terms in brief, and the credit to give.

    A notice, not the licence's legal text, which the build cannot fetch: the file says so and
    points to the text.
    """
    d = package.descriptor
    out = [f"Licence of the data package {_text(package.name)}, version "
           f"{_text(d.get('version', ''))} ({released(package)})", ""]
    licences = licences_of(package)
    if not licences:
        out += ["The package descriptor states no licence. Ask the publisher before reusing "
                "the data.", ""]
    for licence in licences:
        known = known_licence(licence)
        title = _text(licence.get("title") or (known[0] if known else "") or
                      licence.get("name") or "a licence without a name")
        url = safe_url(licence.get("path")) or (known[1] if known else "")
        out += [f"Licence: {title}" + (f" ({_text(licence['name'])})"
                                       if licence.get("name") and licence["name"] != title
                                       else ""),
                f"Full text: {url or 'no address given'}", ""]
        if known:
            out += [f"In brief (our summary, not legal advice): {known[2]}", ""]
        out += ["This file is a notice, not the licence's full legal text, which is not "
                "copied here; the text at the address above is the one that applies.", ""]
    contributors = [_text(c.get("title", "")) for c in d.get("contributors") or []
                    if isinstance(c, dict) and c.get("title")]
    out += ["Attribution: credit the data as", "", f"    {_text(citation_text(package))}", ""]
    if contributors:
        out += ["Contributors named by the descriptor:", ""]
        out += [f"- {c}" for c in contributors] + [""]
    return "\n".join(out)


def _text(value: object) -> str:
    """A descriptor value on one line of a plain-text file."""
    return " ".join(_CONTROL.sub(" ", "" if value is None else str(value)).split())
