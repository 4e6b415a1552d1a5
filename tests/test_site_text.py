"""No page of a built site shows Markdown (or template) syntax as text: every page, both sites.

A leak is what a reader would see when the Markdown the generator wrote was not read as
Markdown: a table left as `| a | b |` and `|---|` lines (no blank line before it), a figure
reference left as `[[fig ...]]`, an attribute list `{: #id }`, `**bold**`, a link's `](`, an
escape's backslash, a double-escaped `&lt;`. Text that is in the data itself is the data, shown
as written (the fixture's hostile rows hold such text on purpose), so it is not a leak.
"""

from __future__ import annotations

import csv
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from sitebuild import ROOT, build, make_project

FIXTURE = ROOT / "tests" / "fixtures" / "site" / "datasets"
# Elements whose text is not running text: code shows syntax on purpose; scripts, styles and
# an SVG's title/desc (read out, not drawn) are not shown as text at all.
SKIPPED = {"code", "pre", "kbd", "samp", "script", "style", "template", "title", "desc"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}
LEAKS = {
    "table row": re.compile(r"\|\s*:?-{3,}:?\s*\||^\s*\|.*\|\s*$", re.M),
    "figure reference": re.compile(r"\[\[\s*fig\b"),
    "attribute list": re.compile(r"\{:\s*[#.\w]"),
    "bold or italic": re.compile(r"\*\*\S|\S\*\*|(?<![\w*])\*[^\s*][^*\n]*\*(?![\w*])"),
    "link syntax": re.compile(r"\]\(|\]\[|!\["),
    "heading": re.compile(r"^\s*#{1,6} \S", re.M),
    "admonition": re.compile(r"^\s*!!!\s", re.M),
    "escape": re.compile(r"\\[\\`*_{}\[\]()#+!|.-]"),
    "template": re.compile(r"\{\{|\{%|%\}|\}\}"),
    "escaped twice": re.compile(r"&(?:lt|gt|amp|quot|#\d+|#x[0-9a-fA-F]+);"),
    "comment": re.compile(r"<!--"),
}


class VisibleText(HTMLParser):
    """The text nodes of a page's <body> outside SKIPPED elements, one string per node."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.texts: list[str] = []
        self.stack: list[str] = []
        self.in_body = False

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag == "body":
            self.in_body = True
        elif tag not in VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in self.stack:
            while self.stack and self.stack.pop() != tag:
                pass

    def handle_data(self, data: str) -> None:
        if self.in_body and data.strip() and not SKIPPED.intersection(self.stack):
            self.texts.append(data)


def visible_texts(html: str) -> list[str]:
    """What a reader sees of a page, as its text nodes."""
    parser = VisibleText()
    parser.feed(html)
    return parser.texts


def leaks(text: str, exempt: tuple[str, ...] = ()) -> list[str]:
    """The Markdown leaks in a text, as 'kind: excerpt'; text quoted from the data is exempt."""
    for value in exempt:
        text = text.replace(value, " ")
    squashed = " ".join(text.split())
    found = []
    for kind, pattern in LEAKS.items():
        for match in pattern.finditer(text):
            excerpt = " ".join(text[max(0, match.start() - 30):match.end() + 30].split())
            found.append(f"{kind}: …{excerpt}…")
    return found if squashed else []


def data_strings(datasets: Path) -> tuple[str, ...]:
    """Every value of the data that itself looks like a leak (each cell, each descriptor string),
    longest first, each also with its whitespace squashed (as pages show it)."""
    values: set[str] = set()

    def walk(node: object) -> None:
        if isinstance(node, str):
            values.add(node)
        elif isinstance(node, dict):
            for item in node.values():
                walk(item)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    for descriptor in datasets.rglob("datapackage.json"):
        walk(json.loads(descriptor.read_text(encoding="utf-8")))
    for table in datasets.rglob("*.csv"):
        with table.open(encoding="utf-8", newline="") as handle:
            for row in csv.reader(handle):
                values.update(row)
    suspicious = {v for value in values for v in (value, " ".join(value.split()))
                  if v.strip() and leaks(v)}
    return tuple(sorted(suspicious, key=lambda v: (-len(v), v)))


def site_leaks(site: Path, datasets: Path) -> list[str]:
    """Every leak on every HTML page of a built site, as 'page: kind: excerpt'."""
    exempt = data_strings(datasets)
    found = []
    for page in sorted(site.rglob("*.html")):
        name = page.relative_to(site).as_posix()
        for text in visible_texts(page.read_text(encoding="utf-8")):
            found += [f"{name}: {leak}" for leak in leaks(text, exempt)]
    return found


# --- the check itself --------------------------------------------------------------------------
# What the catalog printed before its template had a blank line before the table.
OLD_CATALOG = """<p>Version 0.1.0 (2026-01-01) ·
licence <a href="https://creativecommons.org/licenses/by/4.0/">Creative Commons Attribution 4.0</a> ·
2024-07-25 to 2025-12-04 ·
valid
| Table | Rows | Size | Description |
|---|---:|---:|---|
| <a href="demo/items.html">Items</a> | 3 | 266 bytes | Rows with hostile text. |</p>"""


@pytest.mark.parametrize(("html", "kind"), [
    (f"<body><article>{OLD_CATALOG}</article></body>", "table row"),
    ("<body><p>Coverage [[fig jjm/x[latest].y]] today</p></body>", "figure reference"),
    ("<body><h2>Tables {: #tables }</h2></body>", "attribute list"),
    ("<body><li>**Type:** trust</li></body>", "bold or italic"),
    ("<body><p>see [the row](x.md#row-1) here</p></body>", "link syntax"),
    ("<body><p>## Sources</p></body>", "heading"),
    ("<body><p>Tata Trusts \\(UNOPS\\)</p></body>", "escape"),
    ("<body><p>{{ title }}</p></body>", "template"),
    ("<body><p>&amp;lt;script&amp;gt;</p></body>", "escaped twice"),
])
def test_the_check_finds_each_kind_of_leak(html: str, kind: str) -> None:
    found = [leak for text in visible_texts(html) for leak in leaks(text)]
    assert any(leak.startswith(f"{kind}:") for leak in found), found


@pytest.mark.parametrize("html", [
    "<body><p>81.71% of rural households, as of 3 Mar 2026 (source S30)</p></body>",
    "<body><p>A | B is fine in a sentence, and so is 2 * 3 * 4.</p></body>",
    "<body><pre><code>| a | b |\n|---|---|</code></pre><p>Use <code>[[fig x]]</code>.</p></body>",
    "<body><svg><title>**not shown**</title><text>75%</text></svg></body>",
    "<head><title>**tab**</title></head><body><p>&lt;script&gt; shown as text</p></body>",
])
def test_the_check_leaves_real_text_alone(html: str) -> None:
    assert [leak for text in visible_texts(html) for leak in leaks(text)] == []


def test_text_from_the_data_is_the_data() -> None:
    """A hostile cell shown as written is not a leak; the same syntax around it still is."""
    cell = "**bold** [link](https://evil.example/) `x`"
    assert leaks(f"Name: {cell}", (cell,)) == []
    assert leaks(f"**Name:** {cell}", (cell,)) != []


# --- the built sites ---------------------------------------------------------------------------
def test_no_page_of_the_fixture_site_shows_markdown(tmp_path: Path) -> None:
    """The fixture site (a hostile demo package): catalog, dataset, resource and every other page."""
    project = make_project(tmp_path / "fixture", FIXTURE)
    result = build(project)
    assert result.published, [p.format() for p in result.problems if p.is_error]
    assert (project / "site/data/index.html").is_file()
    assert site_leaks(project / "site", project / "datasets") == []


def test_no_page_of_the_real_site_shows_markdown(tmp_path: Path) -> None:
    """The real publication, every page of it."""
    project = make_project(tmp_path / "real")
    result = build(project)
    assert result.published, [p.format() for p in result.problems if p.is_error]
    pages = list((project / "site").rglob("*.html"))
    assert len(pages) > 50
    assert site_leaks(project / "site", project / "datasets") == []
