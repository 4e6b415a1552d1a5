"""The values that cross stage boundaries: packages, tables, problems, documents, pages.

This module imports nothing of the project, so every stage (and a publication's own page
kinds) can use it without pulling in the rest of the engine.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True)
class Problem:
    """One problem: where it is (path, physical row, field), what it is (code), and why."""

    path: str
    row: int | None
    field: str | None
    code: str
    message: str
    severity: str = ERROR

    @property
    def is_error(self) -> bool:
        """True when the problem makes the data invalid (warnings do not)."""
        return self.severity == ERROR

    def format(self) -> str:
        """Render as `path:row:field: code: message` (`-` for an unknown row or field)."""
        row = "-" if self.row is None else str(self.row)
        field = self.field or "-"
        prefix = "warning: " if self.severity == WARNING else ""
        return f"{self.path}:{row}:{field}: {self.code}: {prefix}{self.message}"

    def key(self) -> tuple[str, int | None, str | None, str]:
        """The (path, row, field, code) tuple that tests compare."""
        return (self.path, self.row, self.field, self.code)

    def to_dict(self) -> dict:
        """A JSON-ready dict."""
        return asdict(self)


@dataclass(frozen=True)
class Page:
    """A Markdown page to write into the build's docs folder (path relative to it)."""

    path: str
    markdown: str


@dataclass(frozen=True)
class Asset:
    """A file published as it is (a download), path relative to the docs folder."""

    path: str
    data: bytes


@dataclass(frozen=True)
class Options(Mapping):
    """A section's checked options: read-only, ordered by name, with a stable repr for keys."""

    items_: tuple[tuple[str, object], ...] = ()

    @classmethod
    def of(cls, values: Mapping[str, object]) -> Options:
        """Options from a mapping (nested lists and mappings are frozen too)."""
        return cls(tuple(sorted((k, _freeze(v)) for k, v in values.items())))

    def __getitem__(self, name: str) -> object:
        for key, value in self.items_:
            if key == name:
                return value
        raise KeyError(name)

    def __iter__(self) -> Iterator[str]:
        return iter(key for key, _ in self.items_)

    def __len__(self) -> int:
        return len(self.items_)


def _freeze(value: object) -> object:
    """Lists as tuples and mappings as Options, so options can neither change nor be unhashable."""
    if isinstance(value, Mapping):
        return Options.of(value)
    if isinstance(value, list | tuple):
        return tuple(_freeze(item) for item in value)
    return value


@dataclass(frozen=True)
class Section:
    """One entry of the publication's `sections`: a page kind and its checked options."""

    kind: str
    options: Options = field(default_factory=Options)
    line: int | None = None  # where it is declared in the publication file


class RenderError(Exception):
    """Rendering found a problem with the pages themselves (e.g. two pages at one path)."""


NO_OPTIONS = Options()  # the options of a section that sets none


@dataclass(frozen=True)
class Document:
    """A Markdown file: raw front matter and body, and where the body starts in the file."""

    path: str
    relative: str
    front_matter: str
    body: str
    body_line: int
    has_front_matter: bool = True


@dataclass(frozen=True)
class Source:
    """A source an update cites; `registry` is 'package/ID' of a source registry row, if any."""

    name: str
    publisher: str
    date: str = ""
    url: str = ""
    registry: str = ""
    note: str = ""


@dataclass(frozen=True)
class Translation:
    """A hand-written text in another language: `content/about.hi.md` for `content/about.md`.

    `original` is the relative path of the document it translates; an update's translation
    carries its own title and summary (everything else comes from the original). Its body
    keeps its figure references: they are resolved in its language when its page is written.
    """

    language: str
    original: str
    document: Document
    title: str = ""
    summary: str = ""


@dataclass(frozen=True)
class Update:
    """An update post with checked front matter."""

    document: Document
    slug: str
    title: str
    date: str
    summary: str
    sources: tuple[Source, ...]
    tags: tuple[str, ...]
    datasets: tuple[str, ...]
    body: str = ""  # the Markdown body with its figure references resolved (once, when read)
    translations: tuple[Translation, ...] = ()  # its versions in the other languages

    def translation(self, language: str) -> Translation | None:
        """Its version in `language` (a code), if one is written."""
        return next((t for t in self.translations if t.language == language), None)


@dataclass(frozen=True)
class Content:
    """Everything under content/: hand-written pages, updates (newest first), tags, problems."""

    pages: tuple[Document, ...]
    updates: tuple[Update, ...]
    tags: dict[str, str] = field(repr=False)
    problems: tuple[Problem, ...] = ()
    # Each hand-written page's body with its figure references resolved, by relative path.
    bodies: Mapping[str, str] = field(default_factory=dict, repr=False)
    # The hand-written pages' versions in the other languages (content/about.hi.md).
    translations: tuple[Translation, ...] = ()
    # The tags' descriptions in the other languages (updates/tags.hi.yml): code -> tag -> text.
    tag_translations: Mapping[str, Mapping[str, str]] = field(default_factory=dict, repr=False)

    def translation(self, original: str, language: str) -> Translation | None:
        """The version in `language` of the page at `original` ('about.md'), if written."""
        return next((t for t in self.translations
                     if t.original == original and t.language == language), None)

    @property
    def errors(self) -> list[Problem]:
        """The problems that stop the build."""
        return [p for p in self.problems if p.is_error]


def key_fields(value: object) -> list[str]:
    """A Table Schema key's field names (one string or a list of strings); [] when malformed."""
    names = [value] if isinstance(value, str) else value if isinstance(value, list) else []
    return list(names) if all(isinstance(n, str) for n in names) else []


@dataclass(frozen=True)
class Resource:
    """One tabular resource of a package: its descriptor and its file on disk."""

    name: str
    path: str
    file: Path | None
    display_path: str
    descriptor: dict = field(repr=False)

    @property
    def schema(self) -> dict:
        """The resource's Table Schema (an empty one when missing)."""
        schema = self.descriptor.get("schema")
        return schema if isinstance(schema, dict) else {}

    @property
    def primary_key(self) -> list[str]:
        """The primary key's field names ([] when absent or malformed)."""
        return key_fields(self.schema.get("primaryKey"))

    @property
    def fields(self) -> list[dict]:
        """The schema's field descriptors that are objects."""
        fields = self.schema.get("fields")
        return [f for f in fields if isinstance(f, dict)] if isinstance(fields, list) else []


@dataclass(frozen=True)
class Package:
    """A data package: folder, descriptor and its resources."""

    name: str
    root: Path
    display_root: str
    descriptor: dict = field(repr=False)
    resources: tuple[Resource, ...] = ()

    @property
    def descriptor_display(self) -> str:
        """Display path of the datapackage.json."""
        return f"{self.display_root}/datapackage.json"

    def resource(self, name: str) -> Resource | None:
        """The resource called `name`, if any."""
        return next((r for r in self.resources if r.name == name), None)


@dataclass(frozen=True)
class Table:
    """A parsed CSV: header, records as strings, and the physical line each record starts on."""

    header: list[str]
    rows: list[list[str]]
    lines: list[int]
    has_bom: bool

    def record_count(self) -> int:
        """How many records the table has (a table read column-wise counts its frame's rows
        rather than build every row as a list: validate/fast.py)."""
        return len(self.rows)

    def line_of(self, record_number: int) -> int:
        """Physical line of a record numbered as frictionless numbers rows (header = 1)."""
        index = record_number - 1
        return self.lines[index] if 0 <= index < len(self.lines) else record_number
