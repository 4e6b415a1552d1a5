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
@pytest.fixture(scope="module")
def fixture_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture project (a hostile demo package) with this publication's files, built."""
    project = make_project(tmp_path_factory.mktemp("fixture") / "project", FIXTURE)
    result = build(project)
    assert result.published, [p.format() for p in result.problems if p.is_error]
    return project


@pytest.fixture(scope="module")
def real_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real publication, built."""
    project = make_project(tmp_path_factory.mktemp("real") / "project")
    result = build(project)
    assert result.published, [p.format() for p in result.problems if p.is_error]
    return project


def test_no_page_of_the_fixture_site_shows_markdown(fixture_site: Path) -> None:
    """The fixture site (a hostile demo package): catalog, dataset, resource and every other page."""
    assert (fixture_site / "site/data/index.html").is_file()
    assert site_leaks(fixture_site / "site", fixture_site / "datasets") == []


def test_no_page_of_the_real_site_shows_markdown(real_site: Path) -> None:
    """The real publication, every page of it."""
    assert len(list((real_site / "site").rglob("*.html"))) > 50
    assert site_leaks(real_site / "site", real_site / "datasets") == []


# --- the footer of every page ------------------------------------------------------------------
class Footer(HTMLParser):
    """The text and links of a page's footer (.od-footer)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.text: list[str] = []
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        attrs = dict(attrs)
        if self.depth:
            self.depth += tag not in VOID
            if tag == "a":
                self.links.append(attrs.get("href") or "")
        elif tag == "div" and "od-footer" in (attrs.get("class") or "").split():
            self.depth = 1

    def handle_endtag(self, tag: str) -> None:
        if self.depth and tag not in VOID:
            self.depth -= 1

    def handle_data(self, data: str) -> None:
        if self.depth:
            self.text.append(data)


def footer_of(page: Path) -> tuple[str, list[str]]:
    """A page's footer: its text (whitespace squashed) and its links."""
    parser = Footer()
    parser.feed(page.read_text(encoding="utf-8"))
    return " ".join("".join(parser.text).split()), parser.links


def expected_footer(project: Path, language: str = "en") -> dict:
    """What the footer must say, read from the descriptors and the publication file directly;
    in Hindi (language "hi", the pages under hi/) with the words of the Hindi catalogue."""
    import yaml

    from generator.i18n import load_catalogue
    from generator.numbers import human_date
    from generator.numbers_hi import HindiNumbers
    from generator.releases import version_key

    descriptors = [json.loads(p.read_text(encoding="utf-8"))
                   for p in sorted((project / "datasets").glob("*/datapackage.json"))]
    licences = {" ".join(lic["title"].split()) for d in descriptors for lic in d["licenses"]}
    version = max((d["version"] for d in descriptors), key=version_key)
    date = max(str(d["created"])[:10] for d in descriptors)
    settings = yaml.safe_load((project / "publication.yml").read_text(encoding="utf-8"))
    report = " ".join(str((settings.get("footer") or {}).get("report_errors", "")).split())
    if language == "hi":
        gettext = load_catalogue("hi", project)[0].gettext
        day = HindiNumbers.from_catalogue(gettext).human_date(date)
        return {"licences": licences, "release": f"रिलीज़: {version}, {day}.",
                "datasets": f"{len(descriptors)} डेटासेट",
                "report": f"कोई ग़लती मिली? {gettext(report)}" if report else ""}
    return {"licences": licences, "release": f"Release: {version}, {human_date(date)}.",
            "datasets": f"in {len(descriptors)} dataset",
            "report": f"Found an error? {report}" if report else ""}


@pytest.mark.parametrize("which", ["fixture_site", "real_site"])
def test_every_page_has_the_footer(which: str, request: pytest.FixtureRequest) -> None:
    """Licence, sources, release and date, how to report an error; links relative and working."""
    project = request.getfixturevalue(which)
    site = project / "site"
    footers = {code: expected_footer(project, code) for code in ("en", "hi")}
    # A chart's embed page stands alone in a newsroom's frame: no theme, so no footer; it
    # carries the licence and source itself (tests/test_embeds.py).
    pages = sorted(p for p in site.rglob("*.html") if p.parent.name != "embed")
    assert pages
    for page in pages:
        text, links = footer_of(page)
        where = page.relative_to(site).as_posix()
        expected = footers["hi" if where.startswith("hi/") else "en"]
        assert text, f"{where} has no footer"
        for licence in expected["licences"]:
            assert licence in text, (where, licence, text)
        assert expected["release"] in text, (where, text)
        assert expected["datasets"] in text, (where, text)
        if expected["report"]:
            assert expected["report"] in text, (where, text)
        for href in links:
            if href.startswith("https://"):
                continue  # a licence's own page
            assert not href.startswith(("/", "http:", "javascript:")), (where, href)
            target = (page.parent / href.split("#")[0]).resolve()
            assert target.is_file() and site.resolve() in target.parents, (where, href)
    assert any(link.endswith("releases/index.html") for link in footer_of(pages[0])[1])


def test_the_footer_escapes_what_it_shows(tmp_path: Path) -> None:
    """A licence title and the report text from configuration are text, never markup."""
    import shutil

    from sitebuild import MINIMAL_MKDOCS

    project = tmp_path / "pub"
    shutil.copytree(FIXTURE, project / "datasets")
    descriptor = project / "datasets/demo/datapackage.json"
    package = json.loads(descriptor.read_text(encoding="utf-8"))
    package["licenses"][0]["title"] = "<img src=x onerror=alert(1)> & \"Licence\""
    descriptor.write_text(json.dumps(package), encoding="utf-8")
    (project / "content").mkdir()
    (project / "mkdocs.yml").write_text(MINIMAL_MKDOCS.format(name="Footer"), encoding="utf-8")
    (project / "publication.yml").write_text(
        "footer:\n  report_errors: \"<script>alert(2)</script> {{ x }} **write**\"\n"
        "  report_link: mailto:errors@example.org\n", encoding="utf-8")
    result = build(project)
    assert result.published, [p.format() for p in result.problems if p.is_error]
    html = (project / "site/index.html").read_text(encoding="utf-8")
    footer = html[html.index('<div class="od-footer"'):html.index("</footer>")]
    assert "<img" not in footer and "<script" not in footer
    assert "&lt;img src=x onerror=alert(1)&gt; &amp; &#34;Licence&#34;" in footer or \
        "&lt;img src=x onerror=alert(1)&gt; &amp; &quot;Licence&quot;" in footer
    assert "&lt;script&gt;alert(2)&lt;/script&gt; {{ x }} **write**" in footer
    assert 'href="mailto:errors@example.org"' in footer
    text, _ = footer_of(project / "site/index.html")
    assert "Release: 0.1.0, 1 Jan 2026." in text


@pytest.mark.parametrize(("link", "fine"), [
    ("https://example.org/issues", True), ("mailto:errors@example.org", True),
    ("about.md#corrections", True), ("help/errors.md", True),
    ("javascript:alert(1)", False), ("../outside.md", False), ("about.html", False),
    ("//evil.example/x", False), ("mailto:nobody", False),
])
def test_a_report_link_that_is_no_link_is_a_problem_at_its_line(tmp_path: Path, link: str,
                                                                  fine: bool) -> None:
    from generator.publication import load_publication

    (tmp_path / "publication.yml").write_text(
        f"locale: en-IN\nfooter:\n  report_errors: Write to us.\n  report_link: '{link}'\n",
        encoding="utf-8")
    publication = load_publication(tmp_path)
    found = [p.format() for p in publication.problems]
    if fine:
        assert found == [] and publication.footer["report_link"] == link
    else:
        assert found == [f"publication.yml:4:footer.report_link: bad-value: expected an http(s) "
                         f"or mailto: address, or a page of the site as its docs path "
                         f"(about.md#corrections); found {link!r}"]
        assert publication.footer["report_link"] == ""
