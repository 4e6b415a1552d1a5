"""An update post's front matter, checked key by key: every problem points at its key's line.

The checks content.py runs on each update (title, date, summary, sources, tags, datasets, slug)
and on its translations' keys; the sources a post cites are matched against the source registry
rows of the packages (each package's `sources` table).
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .front_matter import kind_of
from .markdown import safe_url
from .model import Document, Source, Table, Update
from .problems import Problem
from .sitedata import LINE, SiteData

TAGS_FILE = "tags.yml"
NULL = "tag:yaml.org,2002:null"
REQUIRED = ("title", "date", "summary", "sources", "tags")
OPTIONAL = ("datasets", "slug")
SOURCE_REQUIRED = ("name", "publisher")
SOURCE_OPTIONAL = ("date", "url", "id", "note")
SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
RESERVED_SLUG = re.compile(r"index|feed|tags|page-\d+")
DATE_PREFIX = re.compile(r"\d{4}-\d{2}-\d{2}-")
DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
PARTIAL_DATE = re.compile(r"\d{4}(?:-\d{2}(?:-\d{2})?)?")
HTML = re.compile(r"<\s*[A-Za-z!/?][^<>\n]{0,30}>?")


def source_registry(data: SiteData) -> dict[str, dict[str, dict[str, str]]]:
    """Each package's source registry rows by source_id, and an empty one for packages without.

    A row is its cells as SiteData.frame has them (LINE too), read from the parsed table's
    own rows: checking updates needs no frame, and so no pandas (issue 18)."""
    registry: dict[str, dict[str, dict[str, str]]] = {}
    for package in data.packages:
        rows: dict[str, dict[str, str]] = {}
        if (package.name, "sources") in data.frames:
            table = data.validation.tables[(package.name, "sources")]
            if "source_id" in table.header:
                rows = {row["source_id"]: row for row in registry_rows(table)}
        registry[package.name] = rows
    return registry


def registry_rows(table: Table) -> list[dict[str, str]]:
    """A table's records as text by field name, the physical line first (as LINE); a short
    record's missing cells are '' (not reported), as in the frame."""
    width = len(table.header)
    return [{LINE: str(line), **dict(zip(table.header, [*row, *[""] * (width - len(row))],
                                         strict=False))}
            for line, row in zip(table.lines[1:], table.rows, strict=False)]


def check_update(document: Document, node: MappingNode, tags: dict[str, str],
                 registry: dict[str, dict[str, dict[str, str]]]
                 ) -> tuple[Update | None, list[Problem]]:
    """An Update from checked front matter, or None with every problem found."""
    check = FrontMatterCheck(document)
    keys = check.keys(node, REQUIRED, OPTIONAL, "")
    title = check.text(keys.get("title"), "title", plain=True)
    summary = check.text(keys.get("summary"), "summary", plain=True)
    date = check.date(keys.get("date"), "date", DAY, "YYYY-MM-DD")
    sources = check.sources(keys.get("sources"), registry)
    tag_list = check.names(keys.get("tags"), "tags", tags, "unknown-tag",
                           ("tag", f"add it to {TAGS_FILE} first, or use one of"),
                           required=True)
    datasets = check.names(keys.get("datasets"), "datasets", registry, "unknown-dataset",
                           ("dataset", "the datasets are"),
                           required=False)
    slug = check.slug(keys.get("slug"), Path(document.relative).stem)
    if check.problems:
        return None, check.problems
    return Update(document, slug, title, date, summary, tuple(sources), tuple(tag_list),
                  tuple(datasets)), []


class FrontMatterCheck:
    """Front matter checks for one document; each check records problems at the key's line."""

    def __init__(self, document: Document) -> None:
        self.document = document
        self.problems: list[Problem] = []

    def problem(self, node: Node | None, field_name: str, code: str, message: str) -> None:
        """Record a problem at the line of `node` (line 1, the opening '---', when absent)."""
        row = 1 if node is None else node.start_mark.line + 2
        self.problems.append(Problem(self.document.path, row, field_name, code, message))

    def keys(self, node: Node, required: tuple[str, ...], optional: tuple[str, ...],
             prefix: str, hint: str = "") -> dict[str, Node]:
        """The value node of each known key; unknown, repeated and missing keys are problems
        (`hint` follows the message of an unknown key)."""
        found: dict[str, Node] = {}
        allowed = required + optional
        for key, value in node.value:
            name = key.value if isinstance(key, ScalarNode) else str(key.tag)
            if name in found:
                self.problem(key, prefix + name, "duplicate-field",
                             f"{prefix + name} is given twice; keep one")
            elif name not in allowed:
                self.problem(key, prefix + name, "unknown-field",
                             f"unknown key {name!r}; the keys are {', '.join(allowed)}"
                             f"{hint}")
            else:
                found[name] = value
        for name in required:
            if name not in found:
                self.problem(node if prefix else None, prefix + name, "missing-field",
                             f"{prefix + name} is required")
        return found

    def text(self, node: Node | None, name: str, plain: bool = False) -> str:
        """One line of text; with `plain`, HTML is refused (it would be shown escaped anyway)."""
        if node is None:
            return ""
        if not isinstance(node, ScalarNode):
            self.problem(node, name, "type-error", f"{name} must be text, found a "
                                                   f"{kind_of(node)}")
            return ""
        text = " ".join(scalar(node).split())
        if not text:
            self.problem(node, name, "missing-field", f"{name} is empty")
        elif plain and HTML.search(text):
            self.problem(node, name, "html-not-allowed",
                         f"{name} is plain text but contains the HTML "
                         f"{HTML.search(text).group(0)!r}; write words, not markup")
        return text

    def date(self, node: Node | None, name: str, pattern: re.Pattern, shape: str) -> str:
        """A date in the given shape that exists on the calendar."""
        text = self.text(node, name)
        if not text:
            return ""
        parts = text.split("-")
        try:
            if not pattern.fullmatch(text):
                raise ValueError(text)
            dt.date(int(parts[0]), int(parts[1]) if len(parts) > 1 else 1,
                    int(parts[2]) if len(parts) > 2 else 1)
        except ValueError:
            self.problem(node, name, "bad-date", f"expected a date as {shape}, found {text!r}")
            return ""
        return text

    def items(self, node: Node | None, name: str, required: bool) -> list[Node]:
        """The items of a list (a problem when the value is not a list, or is empty)."""
        if node is None:
            return []
        if not isinstance(node, SequenceNode):
            self.problem(node, name, "type-error", f"{name} must be a list, found a "
                                                   f"{kind_of(node)}")
            return []
        if required and not node.value:
            self.problem(node, name, "missing-field", f"{name} needs at least one entry")
        return node.value

    def names(self, node: Node | None, name: str, known: dict, code: str,
              what: tuple[str, str], required: bool) -> list[str]:
        """A list of names, each one of `known`; `what` is (noun, words before the list)."""
        out: list[str] = []
        for item in self.items(node, name, required):
            text = self.text(item, name)
            if text and text not in known:
                self.problem(item, name, code, f"unknown {what[0]} {text!r}; {what[1]} "
                                               f"{', '.join(sorted(known)) or '(none yet)'}")
            elif text and text not in out:
                out.append(text)
        return out

    def sources(self, node: Node | None, registry: dict[str, dict[str, dict[str, str]]]
                ) -> list[Source]:
        """The cited sources: name and publisher, optional date, URL and registry row."""
        out = []
        for number, item in enumerate(self.items(node, "sources", True), start=1):
            where = f"sources[{number}]"
            if not isinstance(item, MappingNode):
                self.problem(item, where, "type-error", f"{where} must be keys with values "
                             f"(name, publisher, date, url, id)")
                continue
            keys = self.keys(item, SOURCE_REQUIRED, SOURCE_OPTIONAL, where + ".")
            values = {k: self.text(keys.get(k), f"{where}.{k}") for k in ("name", "publisher",
                                                                         "note", "id")}
            values["date"] = self.date(keys.get("date"), f"{where}.date", PARTIAL_DATE,
                                       "YYYY-MM-DD, YYYY-MM or YYYY")
            values["url"] = self.text(keys.get("url"), f"{where}.url")
            if values["url"] and safe_url(values["url"]) is None:
                self.problem(keys["url"], f"{where}.url", "bad-url",
                             f"expected an http(s) URL, found {values['url']!r}")
            if values["id"]:
                self.registry_row(keys["id"], where, values, registry)
            out.append(Source(values["name"], values["publisher"], values["date"],
                              values["url"], values["id"], values["note"]))
        return out

    def registry_row(self, node: Node, where: str, values: dict[str, str],
                     registry: dict[str, dict[str, dict[str, str]]]) -> None:
        """`id: package/ID` must name a source registry row; URL and date must agree with it."""
        package, _, source_id = values["id"].partition("/")
        row = registry.get(package, {}).get(source_id)
        if row is None:
            self.problem(node, f"{where}.id", "unknown-source",
                         f"no source {values['id']!r}: write package/source_id, e.g. "
                         f"my-dataset/S1, naming a row of that dataset's sources table")
            return
        for key, column in (("url", "url"), ("date", "date_published")):
            if values[key] != row.get(column, ""):
                self.problem(node, f"{where}.{key}", "source-mismatch",
                             f"{values['id']} in the registry has {key} "
                             f"{row.get(column) or '(none)'!r}; found {values[key] or '(none)'!r}")

    def slug(self, node: Node | None, stem: str) -> str:
        """The update's slug: `slug:` or the file name without a leading date."""
        slug = self.text(node, "slug") if node is not None else DATE_PREFIX.sub("", stem, 1)
        if slug and (not SLUG.fullmatch(slug) or RESERVED_SLUG.fullmatch(slug)):
            self.problems.append(Problem(
                self.document.path, None if node is None else node.start_mark.line + 2, "slug",
                "bad-slug", f"slug {slug!r} must be lowercase words joined by '-', and not "
                            f"index, feed, tags or page-N (rename the file or set slug:)"))
        return slug


def scalar(node: Node) -> str:
    """A scalar's text ('' for null or for a node that is not a scalar)."""
    if not isinstance(node, ScalarNode) or node.tag == NULL:
        return ""
    return str(node.value)
