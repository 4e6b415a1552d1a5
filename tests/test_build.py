"""The site build: fixture golden Markdown, escaping, downloads, determinism, refusal, any host."""

from __future__ import annotations

import hashlib
import html
import json
import os
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from sitebuild import ROOT, build, make_project, tree_digest

from generator.build import render_pages
from generator.config import load_config
from generator.model import Page
from generator.sitedata import load_site_data
from generator.validate import validate_paths

FIXTURE = ROOT / "tests" / "fixtures" / "site" / "datasets"
GOLDEN = ROOT / "tests" / "golden" / "site"


@pytest.fixture(scope="module")
def real_site(tmp_path_factory) -> Path:
    """The real project, built once into a temporary copy."""
    project = make_project(tmp_path_factory.mktemp("real"))
    result = build(project)
    assert result.published, [p.format() for p in result.problems if p.is_error]
    return project / "site"


@pytest.fixture(scope="module")
def fixture_site(tmp_path_factory) -> Path:
    """The fixture project (one hostile demo package), built once."""
    project = make_project(tmp_path_factory.mktemp("fixture"), FIXTURE)
    result = build(project)
    assert result.published, [p.format() for p in result.problems if p.is_error]
    return project / "site"


def fixture_pages(tmp_path: Path) -> dict[str, str]:
    """The generated Markdown of the fixture project's data pages."""
    project = make_project(tmp_path, FIXTURE)
    config = load_config(project, site_url="")
    validation = validate_paths([config.datasets], project)
    assert validation.valid
    outputs = render_pages(load_site_data(config, validation))
    return {o.path: o.markdown for o in outputs
            if isinstance(o, Page) and o.path.startswith("data/")}


def test_golden_markdown(tmp_path):
    """The generated Markdown of the fixture equals the reviewed golden copy.

    Refresh with UPDATE_GOLDEN=1 and review the diff.
    """
    pages = fixture_pages(tmp_path)
    assert set(pages) == {"data/index.md", "data/demo/index.md", "data/demo/items.md",
                          "data/demo/sources.md"}
    for path, markdown in pages.items():
        golden = GOLDEN / path
        if os.environ.get("UPDATE_GOLDEN"):
            golden.parent.mkdir(parents=True, exist_ok=True)
            golden.write_text(markdown, encoding="utf-8")
        assert golden.read_text(encoding="utf-8") == markdown, f"{path} differs from golden"


class _Tags(HTMLParser):
    """Collects every start tag with its attributes, and the text inside <script> elements."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        # JSON-LD is data, not code: its text may quote hostile strings (with '</' escaped).
        self._in_script = tag == "script" and dict(attrs).get("type") != "application/ld+json"

    def handle_endtag(self, tag):
        self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.scripts.append(data)


def parse(path: Path) -> _Tags:
    """Parse one HTML file."""
    parser = _Tags()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


@pytest.mark.parametrize("page", ["data/demo/index.html", "data/demo/items.html",
                                  "data/demo/sources.html", "data/index.html"])
def test_hostile_text_renders_inert(fixture_site, page):
    """<script>, onerror= and javascript: links from data never become live HTML."""
    html = (fixture_site / page).read_text(encoding="utf-8")
    parsed = parse(fixture_site / page)
    for tag, attrs in parsed.tags:
        assert not any(name.startswith("on") for name in attrs), (tag, attrs)
        for name in ("href", "src"):
            assert not (attrs.get(name) or "").strip().lower().startswith("javascript:"), attrs
        if tag == "img":
            assert attrs.get("src") != "x"
    assert not any("alert" in s for s in parsed.scripts)
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert all("</" not in b for b in blocks)  # data cannot close the JSON-LD script early
    assert "&lt;script&gt;" in html or page == "data/demo/sources.html"
    # The theme prints titles and descriptions from front matter as they are (header, nav,
    # <title>, <meta content>): the generator escapes them, so no markup of data lands there.
    assert "Demo package <em>for tests</em>" not in html
    assert "Demo package &lt;em&gt;for tests&lt;/em&gt;" in html
    assert "<script>alert(1)</script>" not in html


def test_hostile_text_shown_as_text(fixture_site):
    """The escaped text is still visible to readers, literally."""
    html = (fixture_site / "data/demo/items.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert('x')&lt;/script&gt;" in html
    assert "[click me](javascript:alert(1))" in html
    assert "<strong>bold</strong>" not in html


def test_blank_is_not_reported_never_zero(fixture_site):
    """A blank cell is shown as 'not reported'."""
    html = (fixture_site / "data/demo/items.html").read_text(encoding="utf-8")
    row = re.search(r'<tr id="row-3">(.*?)</tr>', html, re.S).group(1)
    assert row.count("not reported") == 2


def test_downloads_are_byte_identical(real_site):
    """Every published CSV and descriptor has the sha256 of the validated file."""
    for descriptor in sorted((ROOT / "datasets").glob("*/datapackage.json")):
        package = descriptor.parent.name
        files = [descriptor] + [descriptor.parent / r["path"]
                                for r in json.loads(descriptor.read_text())["resources"]]
        for source in files:
            published = real_site / "data" / package / source.name
            assert hashlib.sha256(published.read_bytes()).digest() == \
                hashlib.sha256(source.read_bytes()).digest(), published


def real_version(package: str) -> str:
    """The version of a real package, as its descriptor says (the zip's name carries it)."""
    descriptor = ROOT / "datasets" / package / "datapackage.json"
    return json.loads(descriptor.read_text(encoding="utf-8"))["version"]


def test_dataset_page_lists_each_download_with_its_sha256(real_site):
    """The sha256 printed on the page is that of the published file."""
    page = (real_site / "data/jjm-coverage/index.html").read_text(encoding="utf-8")
    zip_name = f"jjm-coverage-{real_version('jjm-coverage')}.zip"
    for name in ("national_timeseries.csv", "datapackage.json", zip_name):
        digest = hashlib.sha256((real_site / "data/jjm-coverage" / name).read_bytes()).hexdigest()
        assert digest in page, name


def test_zip_holds_the_package(real_site):
    """The zip of a package holds its descriptor and CSVs, byte for byte."""
    import zipfile

    zip_path = real_site / f"data/admin-codes/admin-codes-{real_version('admin-codes')}.zip"
    with zipfile.ZipFile(zip_path) as archive:
        names = sorted(archive.namelist())
        # With its README, licence notice and checksums (issue 15; tests/test_bundle.py).
        assert names == ["admin-codes/LICENSE.txt", "admin-codes/README.md",
                         "admin-codes/SHA256SUMS", "admin-codes/datapackage.json",
                         "admin-codes/districts.csv", "admin-codes/states.csv"]
        assert archive.read("admin-codes/states.csv") == \
            (ROOT / "datasets/admin-codes/states.csv").read_bytes()


def test_build_is_deterministic(tmp_path):
    """Two builds of the same input give byte-identical sites."""
    first = make_project(tmp_path / "a")
    second = make_project(tmp_path / "b")
    assert build(first).published and build(second).published
    assert tree_digest(first / "site") == tree_digest(second / "site")


def run_cli(project: Path, *args: str) -> subprocess.CompletedProcess:
    """Run `opendata` in a project folder."""
    return subprocess.run([sys.executable, "-m", "generator.cli", *args], cwd=project,
                          capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)})


def test_cli_build_refuses_bad_data_and_keeps_old_site(tmp_path):
    """An invalid dataset: exit 1, every problem printed, site/ left exactly as it was."""
    project = make_project(tmp_path, FIXTURE)
    ok = run_cli(project, "build")
    assert ok.returncode == 0, ok.stderr
    assert " pages, 1 dataset;" in ok.stdout  # the report, in counted words
    before = tree_digest(project / "site")
    csv = project / "datasets/demo/items.csv"
    csv.write_text(csv.read_text().replace("1,Plain row,1.25,50.5", "1,Plain row,1.25,150.5"))
    bad = run_cli(project, "build")
    assert bad.returncode == 1
    assert ("datasets/demo/items.csv:2:coverage_pct: constraint-error: expected at most 100, "
            "found '150.5'") in bad.stderr
    assert "nothing was published" in bad.stderr
    assert tree_digest(project / "site") == before
    assert not (project / "site.new").exists()


def test_cli_validate_usage_error(tmp_path):
    """A path that does not exist is a usage error (exit 2)."""
    result = run_cli(ROOT, "validate", str(tmp_path / "missing"))
    assert result.returncode == 2
    assert "no such file or folder" in result.stderr


# Attributes through which a page loads something (not plain links to read elsewhere).
LOADING = {("script", "src"), ("img", "src"), ("img", "srcset"), ("iframe", "src"),
           ("source", "src"), ("source", "srcset"), ("video", "src"), ("audio", "src"),
           ("embed", "src"), ("object", "data"), ("input", "src"), ("track", "src")}
OUTSIDE = re.compile(r"^(https?:)?//", re.I)


def test_no_request_leaves_the_site(real_site):
    """No page loads a script, style, font, image or frame from another host."""
    offenders = []
    for page in sorted(real_site.rglob("*.html")):
        for tag, attrs in parse(page).tags:
            for name, value in attrs.items():
                value = value or ""
                if (tag, name) in LOADING and OUTSIDE.match(value):
                    offenders.append((page.name, tag, value))
                if tag == "link" and name == "href" and OUTSIDE.match(value) and not \
                        {"alternate", "canonical", "license"} & set((attrs.get("rel") or "").split()):
                    offenders.append((page.name, tag, value))
            if tag == "meta" and (attrs.get("http-equiv") or "").lower() == "refresh":
                offenders.append((page.name, tag, attrs.get("content")))
    for sheet in sorted(real_site.rglob("*.css")):
        text = sheet.read_text(encoding="utf-8")
        offenders += [(sheet.name, "css", u) for u in re.findall(
            r"(?:url\(\s*['\"]?|@import\s+['\"])((?:https?:)?//[^'\")\s]+)", text)]
    for script in sorted(real_site.rglob("*.js")):
        text = script.read_text(encoding="utf-8")
        found = re.findall(r"https?://(?:unpkg\.com|cdn\.jsdelivr\.net|fonts\.googleapis\.com|"
                           r"fonts\.gstatic\.com|www\.googletagmanager\.com|"
                           r"www\.google-analytics\.com|cdnjs\.cloudflare\.com)[^\"'`]*", text)
        offenders += [(script.name, "js", u) for u in found if u not in THEME_CONDITIONAL]
    assert offenders == []
    # The theme's conditional loads stay dormant: no page has a Mermaid diagram.
    assert not any('class="mermaid"' in p.read_text(encoding="utf-8")
                   for p in real_site.rglob("*.html"))


# mkdocs-material's bundle can load these only in conditions our pages never meet: a
# ResizeObserver polyfill for browsers without ResizeObserver (none current), and Mermaid for
# pages with a Mermaid diagram (we have none; asserted above). The browser tests record every
# request a page really makes.
THEME_CONDITIONAL = {"https://unpkg.com/resize-observer-polyfill",
                     "https://unpkg.com/mermaid@11/dist/mermaid.min.js"}


def test_no_web_fonts(real_site):
    """The theme uses system fonts only."""
    html = (real_site / "index.html").read_text(encoding="utf-8")
    assert "fonts.googleapis" not in html and "fonts.gstatic" not in html


def test_links_are_relative(real_site):
    """Internal links and assets are relative, so the site works under any sub-path and from disk."""
    for page in sorted(real_site.rglob("*.html")):
        for tag, attrs in parse(page).tags:
            for name in ("href", "src"):
                value = attrs.get(name) or ""
                assert not value.startswith("/"), (page, tag, value)


def test_no_sitemap_without_site_url(real_site):
    """Without a site URL there is no sitemap (it would need absolute URLs)."""
    assert not (real_site / "sitemap.xml").exists()


def test_sitemap_and_absolute_urls_with_site_url(tmp_path):
    """With a site URL, sitemap.xml lists absolute URLs and metadata uses them."""
    project = make_project(tmp_path, FIXTURE)
    assert build(project, site_url="https://data.example.org/jjm/").published
    sitemap = (project / "site/sitemap.xml").read_text(encoding="utf-8")
    assert "<loc>https://data.example.org/jjm/data/demo/index.html</loc>" in sitemap
    catalog = json.loads((project / "site/catalog.json").read_text())
    urls = [d["dcat:downloadURL"] for d in catalog["dcat:dataset"][0]["dcat:distribution"]]
    assert all(u.startswith("https://data.example.org/jjm/data/demo/") for u in urls)


# schema.org terms (https://schema.org/Dataset, DataDownload, Place, Organization) we may use.
SCHEMA_ORG = {
    "Dataset": {"@context", "@type", "name", "alternateName", "description", "version",
                "dateModified", "datePublished", "license", "isAccessibleForFree", "keywords",
                "creator", "publisher", "temporalCoverage", "spatialCoverage", "distribution",
                "url", "identifier", "citation", "variableMeasured", "includedInDataCatalog",
                "@id", "sameAs", "contributor", "creditText"},
    "DataDownload": {"@type", "name", "contentUrl", "encodingFormat", "contentSize", "sha256"},
    "Place": {"@type", "name"},
    "Organization": {"@type", "name", "url"},
    # tests/test_schema_org.py checks the Dataset against Google's list (issue 15, item 5).
    "DataCatalog": {"@type", "name", "url"},
    "CreativeWork": {"@type", "name", "url", "publisher", "datePublished"},
    "PropertyValue": {"@type", "name", "propertyID", "unitText", "description"},
}


def json_ld_blocks(page: Path) -> list[dict]:
    """The JSON-LD objects of a page."""
    html = page.read_text(encoding="utf-8")
    return [json.loads(b) for b in re.findall(
        r'<script type="application/ld\+json">(.*?)</script>', html, re.S)]


def check_terms(node: object) -> list[str]:
    """Every key of a JSON-LD node tree that is not a term of its schema.org type."""
    bad = []
    if isinstance(node, dict):
        allowed = SCHEMA_ORG.get(node.get("@type"), set())
        bad += [f"{node.get('@type')}.{k}" for k in node if k not in allowed]
        for value in node.values():
            bad += check_terms(value)
    elif isinstance(node, list):
        for value in node:
            bad += check_terms(value)
    return bad


def test_json_ld_on_every_dataset_page(real_site):
    """Each dataset page has one schema.org Dataset using schema.org terms only."""
    for descriptor in sorted((ROOT / "datasets").glob("*/datapackage.json")):
        blocks = json_ld_blocks(real_site / "data" / descriptor.parent.name / "index.html")
        assert len(blocks) == 1
        dataset = blocks[0]
        assert dataset["@type"] == "Dataset"
        for key in ("name", "description", "license", "creator", "publisher",
                    "temporalCoverage", "spatialCoverage", "distribution"):
            assert dataset.get(key), key
        assert check_terms(dataset) == []
        for dist in dataset["distribution"]:
            assert (real_site / "data" / descriptor.parent.name / dist["contentUrl"]).is_file()


def test_catalog_json_lists_every_dataset(real_site):
    """catalog.json (DCAT) names every package and distribution, with matching checksums."""
    catalog = json.loads((real_site / "catalog.json").read_text())
    names = {d["dct:identifier"] for d in catalog["dcat:dataset"]}
    assert names == {p.parent.name for p in (ROOT / "datasets").glob("*/datapackage.json")}
    for dataset in catalog["dcat:dataset"]:
        for dist in dataset["dcat:distribution"]:
            data = (real_site / dist["dcat:downloadURL"]).read_bytes()
            assert hashlib.sha256(data).hexdigest() == dist["spdx:checksum"]["spdx:checksumValue"]
            assert len(data) == dist["dcat:byteSize"]


def test_home_figures_come_from_the_data(real_site):
    """The home page shows the latest national coverage and the launch baseline, traced to rows."""
    import csv

    rows = list(csv.DictReader((ROOT / "datasets/jjm-coverage/national_timeseries.csv").open()))
    latest = max((r for r in rows if r["hh_with_tap_pct"]), key=lambda r: r["as_of"])
    # The key is (as_of, source_id): the cards name the row by both, so none is ambiguous.
    assert [r["source_id"] for r in rows if r["as_of"] == latest["as_of"]] == ["S30"]
    html = (real_site / "index.html").read_text(encoding="utf-8")
    assert f"{latest['hh_with_tap_pct']}%" in html
    assert f"row-{latest['as_of']}--{latest['source_id'].lower()}" in html
    launch = [r for r in rows if r["as_of"] == "2019-08-15"]
    assert len(launch) == 2   # two sources for the launch date, both kept
    assert "row-2019-08-15--s10" in html and "row-2019-08-15--s51" not in html
    assert "3,23,00,000" in html


def test_every_page_small_navigation(real_site):
    """The navigation carried by every page stays small: no page lists dataset pages in it."""
    html = (real_site / "data/admin-codes/districts.html").read_text(encoding="utf-8")
    nav = re.search(r'<nav class="md-nav md-nav--primary".*?</nav>', html, re.S).group(0)
    assert "districts.html" not in nav
    assert len(nav) < 20_000


def test_a_source_note_is_shown_beside_its_source(real_site):
    """Why a source has no URL, or what its copy lacks, is read where the source is listed."""
    import csv

    rows = [r for r in csv.DictReader((ROOT / "datasets/livelihoods/sources.csv").open())
            if r.get("note")]
    assert rows
    page = (real_site / "data" / "livelihoods" / "index.html").read_text(encoding="utf-8")
    for row in rows:
        assert html.escape(row["note"], quote=False).split(";")[0] in page, row["source_id"]
