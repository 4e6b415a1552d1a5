"""The sector-partners page: the programme from its data, the directory, its filter and safety."""

from __future__ import annotations

import csv
import gzip
import importlib.util
import json
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.config import load_config
from generator.markdown import environment, md_text
from generator.pages import dataset
from generator.sitedata import SiteData, load_site_data
from generator.validate import validate_paths
from page_kinds import partners

REPO = Path(__file__).resolve().parents[1]
PACKAGE = REPO / "datasets" / "sector-partners"
# Page weight budget for the 1,000-organisation fixture, as MkDocs writes the page. The
# fixture's own text is about 250 bytes per organisation (realistic lengths: a name, one to
# four states, one to three themes, a relationship of 60-100 characters) and the markup about
# 290; with the theme's chrome that is about 580 kB raw, some 45 kB gzipped: one request, no
# JSON payload, less to transfer than the theme's own script. 640 kB leaves 10% headroom and
# fails on any real bloat of the per-entry markup, which has a budget of its own below.
PAGE_BUDGET = 640_000
MARKUP_PER_ORGANISATION = 320


def _bench():
    """bench/partners_fixture.py as a module (bench/ is not a package)."""
    spec = importlib.util.spec_from_file_location("partners_fixture",
                                                  REPO / "bench" / "partners_fixture.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


fixture = _bench()


def site_data(package: Path) -> SiteData:
    """Validate one package folder and load it as the renderers see it."""
    validation = validate_paths([package], package.parent)
    assert validation.valid, [p.format() for p in validation.errors]
    return load_site_data(load_config(REPO), validation)


def render_pages(data: SiteData) -> dict[str, str]:
    """The Markdown of the partners page and of each facet value's page, by docs path."""
    pages = partners.render(data, environment(REPO / "site_templates"))
    assert pages[0].path == "partners/index.md"
    return {page.path: page.markdown for page in pages}


def render_page(data: SiteData) -> str:
    """The Markdown of the partners page."""
    return render_pages(data)["partners/index.md"]


def csv_rows(path: Path) -> list[dict[str, str]]:
    """A CSV read with the csv module, independently of the generator."""
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


class Directory(HTMLParser):
    """The organisations in rendered directory HTML: anchor, name and each [data-f] field."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.entries: list[dict[str, str]] = []
        self.field: str | None = None
        self.depth = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        attrs = dict(attrs)
        if tag == "article" and attrs.get("class") == "od-org":
            self.entries.append({})
        elif tag == "h3" and self.entries and "anchor" not in self.entries[-1]:
            self.entries[-1]["anchor"] = attrs.get("id", "")
            self.field, self.depth = "name", 0
        elif "data-f" in attrs and self.entries:
            self.field, self.depth = attrs["data-f"], 0
        elif tag == "a" and self.entries and (attrs.get("href") or "").startswith("#src-"):
            self.entries[-1]["source"] = attrs["href"]
        if self.field and tag != "h3":
            self.depth += 1

    def handle_endtag(self, tag: str) -> None:
        if self.field and (tag == "h3" or (tag == "span" and self.depth <= 1)):
            self.field = None
        elif self.field:
            self.depth -= 1

    def handle_data(self, data: str) -> None:
        if self.field and self.entries:
            entry = self.entries[-1]
            entry[self.field] = entry.get(self.field, "") + data


def parse_directory(text: str) -> list[dict[str, str]]:
    """The directory entries of a page."""
    parser = Directory()
    parser.feed(text)
    return parser.entries


@pytest.fixture(scope="module")
def real() -> SiteData:
    """The published sector-partners package."""
    return site_data(PACKAGE)


@pytest.fixture(scope="module")
def fixture_rows() -> list[dict[str, str]]:
    """The 1,000 synthetic organisations."""
    return fixture.organisations()


# --- the directory is the CSV --------------------------------------------------------------
def test_directory_lists_every_row_of_the_csv(real: SiteData) -> None:
    rows = csv_rows(PACKAGE / "organisations.csv")
    page = render_page(real)
    entries = {e["anchor"]: e for e in parse_directory(page)}
    assert set(entries) == {f"org-{r['organisation_id']}" for r in rows}
    for row in rows:
        entry = entries[f"org-{row['organisation_id']}"]
        assert entry["name"] == row["organisation"]
        assert entry["type"] == row["organisation_type"]
        assert entry.get("states", "") == row["states"]
        assert entry.get("themes", "") == row["themes"]
        assert entry.get("rel", "") == row["relationship_as_described"]
        assert entry["source"] == f"#src-{row['source_id'].lower()}"
    assert f"Organisations documented so far: {len(rows)}." in page
    assert "not published as\n    open data" in page   # the honest framing is on the page


def test_each_cited_source_is_listed_with_a_working_row_link(real: SiteData) -> None:
    page = render_page(real)
    env = environment(REPO / "site_templates")
    sources_page = next(p for p in dataset.render(real, env)
                        if p.path == "data/sector-partners/sources.md").markdown
    for row in csv_rows(PACKAGE / "organisations.csv"):
        anchor = f"row-{row['source_id'].lower()}"
        assert f'<li id="src-{row["source_id"].lower()}">' in page
        assert f'href="../data/sector-partners/sources.html#{anchor}"' in page
        assert f'id="{anchor}"' in sources_page


def test_filter_options_come_from_the_data(real: SiteData) -> None:
    rows = partners.records(real, "organisations")
    options = partners.directory(rows, partners.source_index(real))["options"]
    states = [o["value"] for o in options["state"]]
    assert "Uttar Pradesh" in states and "Madhya Pradesh" in states
    assert not any("(" in s for s in states)          # details and '(not specified)' dropped
    in_up = [r for r in csv_rows(PACKAGE / "organisations.csv")
             if "Uttar Pradesh" in partners.state_names(r["states"])]
    assert {o["value"]: o["count"] for o in options["state"]}["Uttar Pradesh"] == len(in_up)
    assert [o["value"] for o in options["type"]] == sorted(
        {r["organisation_type"] for r in csv_rows(PACKAGE / "organisations.csv")},
        key=str.casefold)


# --- facet pages: the filters without JavaScript ---------------------------------------------
FACET_LINK = re.compile(r'<li><a href="(state|theme|type)/([a-z0-9-]+)\.html"><span data-f="\1">'
                        r'(.*?)</span> \((\d+)\)</a></li>')


def test_each_facet_value_has_a_page_listing_what_the_filter_gives(real: SiteData) -> None:
    """One page per State, theme and type; each lists exactly filter_organisations' result."""
    import html as html_module

    pages = render_pages(real)
    rows = partners.records(real, "organisations")
    links = FACET_LINK.findall(pages["partners/index.md"])
    options = partners.directory(rows, partners.source_index(real))["options"]
    assert sorted((key, html_module.unescape(value)) for key, _, value, _ in links) == sorted(
        (key, o["value"]) for key, found in options.items() for o in found)
    assert set(pages) == {"partners/index.md"} | {f"partners/{key}/{slug}.md"
                                                  for key, slug, _, _ in links}
    for key, slug, value, count in links:
        expected = {f"org-{r['organisation_id']}" for r in partners.filter_organisations(
            rows, **{key: html_module.unescape(value)})}
        page = pages[f"partners/{key}/{slug}.md"]
        assert {e["anchor"] for e in parse_directory(page)} == expected, (key, value)
        assert int(count) == len(expected) > 0
        assert f"{len(expected)} of the {len(rows)} organisations" in page
        assert "<form" not in page and "<script" not in page   # nothing to run
    # Every organisation is on the page of each of its States, themes and its type.
    for row in rows:
        for state in partners.state_names(row["states"]):
            assert any(f"org-{row['organisation_id']}" in pages[f"partners/state/{slug}.md"]
                       for key, slug, value, _ in links
                       if key == "state" and html_module.unescape(value) == state)


def test_facet_pages_link_their_sources_from_one_folder_down(real: SiteData) -> None:
    pages = render_pages(real)
    facet = next(page for path, page in pages.items() if path.startswith("partners/type/"))
    assert 'href="../../data/sector-partners/sources.html#row-' in facet
    assert "](../index.md#directory)" in facet
    hrefs = set(re.findall(r'href="#(src-[^"]+)"', facet))
    assert hrefs and all(f'<li id="{h}">' in facet for h in hrefs)


def test_hostile_facet_values_stay_text() -> None:
    """A hostile State or theme is escaped in its link, its page's title, heading and text."""
    env = environment(REPO / "site_templates")
    context = partners.directory(HOSTILE, HOSTILE_SOURCES)
    pages = partners.facet_pages(HOSTILE, HOSTILE_SOURCES, context, env)
    assert pages
    for page in pages:
        assert re.fullmatch(r"partners/(state|theme|type)/[a-z0-9-]+\.md", page.path)
        html = markdown.markdown(page.markdown.split("---", 2)[2],
                                 extensions=["attr_list", "md_in_html", "tables", "toc"])
        assert_inert(html)
        front = page.markdown.split("---", 2)[1]
        assert "<" not in front
    block = str(partners.render_directory(context, env))
    assert ('<a href="state/b-onmouseover-alert-1-assam-b.html"><span data-f="state">'
            '&lt;b onmouseover=alert(1)&gt;Assam&lt;/b&gt;</span> (1)</a>') in block
    assert_inert(markdown.markdown(block, extensions=["md_in_html"]))


# --- the filter ----------------------------------------------------------------------------
def ids(rows: list) -> set[str]:
    return {r["organisation_id"] for r in rows}


FIRST_PASS = {"tata-trusts", "unops", "aas-indore", "arghyam"}


@pytest.mark.parametrize(("filters", "expected"), [
    ({}, FIRST_PASS),
    ({"state": "Assam"}, {"tata-trusts"}),
    ({"state": "Uttar Pradesh"}, {"tata-trusts", "unops"}),   # 'Uttar Pradesh (11 ...)' too
    ({"state": "Madhya Pradesh"}, {"aas-indore"}),
    ({"state": "(not specified)"}, set()),
    ({"state": "assam"}, set()),                                # exact, case-sensitive
    ({"theme": "capacity building"}, {"tata-trusts", "unops"}),
    ({"theme": "capacity"}, set()),                             # a whole item, not a substring
    ({"type": "NGO"}, {"aas-indore"}),
    ({"type": "ngo"}, set()),
    ({"q": "WATER"}, {"tata-trusts", "arghyam"}),              # name, themes, relationship
    ({"q": "  denmark "}, {"unops"}),
    ({"q": "Gujarat"}, set()),                                  # states are not searched by q
    ({"q": "aasindore"}, {"aas-indore"}),
    ({"state": "Uttar Pradesh", "theme": "training"}, {"unops"}),
    ({"state": "Assam", "type": "trust", "q": "water"}, {"tata-trusts"}),
])
def test_filter_on_the_real_data(real: SiteData, filters: dict, expected: set) -> None:
    # The four first-pass rows (the directory has grown since; the expectations read these).
    first_pass = [r for r in partners.records(real, "organisations")
                  if r["organisation_id"] in FIRST_PASS]
    assert ids(partners.filter_organisations(first_pass, **filters)) == expected


def test_filter_on_the_fixture_matches_a_plain_reading(fixture_rows: list) -> None:
    """Against an independent reading of the lists ('State (n districts)' -> 'State')."""
    def states(row: dict) -> set[str]:
        return {item.split(" (")[0] for item in row["states"].split("; ")} - {""}

    for state in fixture.STATES:
        expected = {r["organisation_id"] for r in fixture_rows if state in states(r)}
        assert ids(partners.filter_organisations(fixture_rows, state=state)) == expected
    for theme in fixture.THEMES:
        expected = {r["organisation_id"] for r in fixture_rows
                    if theme in r["themes"].split("; ")}
        assert expected and ids(partners.filter_organisations(fixture_rows, theme=theme)) == \
            expected
    for kind in fixture.TYPES:
        expected = {r["organisation_id"] for r in fixture_rows if r["organisation_type"] == kind}
        assert ids(partners.filter_organisations(fixture_rows, type=kind)) == expected
    found = partners.filter_organisations(fixture_rows, q="Organisation 0042")
    assert ids(found) == {"synthetic-organisation-0042"}


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(state=st.sampled_from(["", *fixture.STATES[:8], "Atlantis"]),
       theme=st.sampled_from(["", *fixture.THEMES[:6]]),
       kind=st.sampled_from(["", *fixture.TYPES]),
       q=st.sampled_from(["", "panchayat", "SYNTHETIC ORGANISATION 01", "2023", "zzz"]))
def test_filters_narrow_as_an_intersection(state: str, theme: str, kind: str, q: str) -> None:
    rows = fixture.organisations()
    combined = ids(partners.filter_organisations(rows, state, theme, kind, q))
    singles = [ids(partners.filter_organisations(rows, **{key: value}))
               for key, value in (("state", state), ("theme", theme), ("type", kind), ("q", q))]
    assert combined == set.intersection(*singles)
    assert all(combined <= s for s in singles)


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
def test_the_script_filters_exactly_like_python(fixture_rows: list, tmp_path: Path) -> None:
    """partners-filter.js run by node on the same rows gives the same organisations."""
    rows = fixture_rows[:300] + [
        {"organisation_id": "odd", "organisation": "  Odd   Name\tWith SPACES ",
         "organisation_type": " NGO ", "states": "Assam ;;  Uttar  Pradesh (x; y)",
         "themes": "water quality;  ; Health", "relationship_as_described": "Über İstanbul",
         "source_id": "P10"}]
    cases = [{}, {"state": "Assam"}, {"state": "Uttar Pradesh"}, {"theme": "water quality"},
             {"theme": "Health"}, {"type": "NGO"}, {"q": "odd name"}, {"q": "über"},
             {"q": "PANCHAYATS"}, {"state": "Assam", "type": "trust", "q": "water"},
             {"state": "Kerala (3 districts)"}, {"q": "  "}]
    script = tmp_path / "run.js"
    script.write_text(
        "global.window = {}; global.document = {readyState: 'complete', "
        "getElementById: () => null};\n"
        f"require({json.dumps(str(REPO / 'content/assets/partners-filter.js'))});\n"
        "const input = JSON.parse(require('fs').readFileSync(0, 'utf8'));\n"
        "const f = window.jjmPartnersFilter.filterOrganisations;\n"
        "console.log(JSON.stringify(input.cases.map(c => f(input.rows, c.state, c.theme, "
        "c.type, c.q).map(r => r.organisation_id))));\n", encoding="utf-8")
    result = subprocess.run(["node", str(script)], input=json.dumps({"rows": rows, "cases": cases}),
                            capture_output=True, text=True, check=True, timeout=60)
    assert json.loads(result.stdout) == [
        [r["organisation_id"] for r in partners.filter_organisations(rows, **case)]
        for case in cases]


# --- scale ---------------------------------------------------------------------------------
def test_1000_organisations_stay_under_the_page_budget(tmp_path: Path) -> None:
    page, rows = fixture.render_fixture_page(tmp_path / "data")
    assert len(rows) == 1000
    entries = re.findall(r'<article class="od-org">.*?</article>', page, re.S)
    assert len(entries) == 1000
    markup = sum(len(e.encode()) - len(re.sub(r"<[^>]+>", "", e).encode())
                 for e in entries) / len(entries)
    assert markup < MARKUP_PER_ORGANISATION, f"{markup:.0f} bytes of markup per organisation"
    html = fixture.build_page(page, tmp_path / "build").read_bytes()
    assert len(html) < PAGE_BUDGET, (f"partners page {len(html)} bytes "
                                     f"({len(gzip.compress(html))} gzipped) for 1,000 orgs")
    assert len(parse_directory(html.decode())) == 1000
    assert html.count(b'id="org-synthetic-organisation-') == 1000


def test_fixture_is_deterministic_and_stays_out_of_datasets(tmp_path: Path) -> None:
    assert fixture.organisations() == fixture.organisations()
    assert all(r["organisation"].startswith("Synthetic Organisation ")
               for r in fixture.organisations())
    with pytest.raises(ValueError):
        fixture.write_package(REPO / "datasets")
    assert not (REPO / "datasets" / "sector-partners" / "sector-partners").exists()


# --- safety --------------------------------------------------------------------------------
HOSTILE = [
    {"organisation_id": "script", "organisation": "<script>alert('name')</script>",
     "organisation_type": "NGO", "states": "<b onmouseover=alert(1)>Assam</b>",
     "themes": "<img src=x onerror=alert(1)>", "relationship_as_described":
     "[click me](javascript:alert(1)) and <a href=\"javascript:alert(2)\">here</a>",
     "source_id": "P10", "website": "javascript:alert(3)"},
    {"organisation_id": "markdown", "organisation": "**bold** [link](https://evil.example/) `x`",
     "organisation_type": "trust", "states": "Assam; </div><script>alert(4)</script>",
     "themes": "{: onclick=alert(5) }", "relationship_as_described": "<!-- unclosed",
     "source_id": "P11", "website": "https://example.org/ok"},
    {"organisation_id": "quote\" onfocus=\"alert(6)", "organisation": "Line\n\nbreak <svg onload=alert(7)>",
     "organisation_type": "NGO", "states": "", "themes": "", "relationship_as_described": "",
     "source_id": "P12"},
]
HOSTILE_SOURCES = {
    "P10": {"id": "P10", "title": "<script>alert(8)</script>", "publisher": "<i>x</i>",
            "date": "date not published", "url": None, "anchor": "src-p10",
            "row_link": "../data/sector-partners/sources.md#row-p10",
            "row_href": "../data/sector-partners/sources.html#row-p10"},
}


class Tags(HTMLParser):
    """Every start tag and its attributes."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.tags.append((tag, dict(attrs)))


def assert_inert(html: str, theme: bool = False) -> None:
    """No live script, event handler, javascript: link or injected element.

    With `theme`, the page is a whole MkDocs page: the theme's own scripts and images are
    allowed, but no inline script may carry the hostile data.
    """
    parser = Tags()
    parser.feed(html)
    for tag, attrs in parser.tags:
        if tag == "script" and not theme:
            assert (attrs.get("src") or "").endswith(("/partners-filter.js",
                                                      "/opendata/facet-links.js")), attrs
        if not theme:
            assert tag not in {"img", "svg", "iframe", "object", "b"}, (tag, attrs)
        assert tag not in {"iframe", "object", "b"}, (tag, attrs)
        for name, value in attrs.items():
            assert not name.startswith("on"), (tag, attrs)
            assert not (value or "").strip().lower().startswith("javascript:"), (tag, attrs)
    inline = "".join(re.findall(r"<script\b[^>]*>(.*?)</script>", html, re.S))
    assert "alert(" not in inline
    if not theme:
        assert not inline.strip()


def test_hostile_rows_render_as_text() -> None:
    """Straight through the directory template and Python-Markdown (as MkDocs configures it)."""
    env = environment(REPO / "site_templates")
    block = partners.render_directory(partners.directory(HOSTILE, HOSTILE_SOURCES), env)
    html = markdown.markdown(str(block), extensions=["attr_list", "md_in_html", "tables", "toc"])
    assert_inert(html)
    assert [e["name"] for e in parse_directory(html)] == [
        "**bold** [link](https://evil.example/) `x`", "<script>alert('name')</script>",
        "Line break <svg onload=alert(7)>"]
    assert "&lt;script&gt;alert(&#39;name&#39;)&lt;/script&gt;" in html
    assert 'href="https://example.org/ok"' in html          # an http(s) website still links
    assert "evil.example" not in re.findall(r'href="([^"]*)"', html)


def test_hostile_rows_through_validation_and_mkdocs(tmp_path: Path) -> None:
    """The rows the schema accepts, built into real HTML by MkDocs with the site's settings."""
    rows = [{k: v for k, v in row.items() if k != "website"} for row in HOSTILE[:2]]
    package = fixture.write_package(tmp_path / "data", rows=rows)
    page = render_page(site_data(package))
    html = fixture.build_page(page, tmp_path / "build").read_text(encoding="utf-8")
    assert_inert(html, theme=True)
    start = html.index('<div class="od-orgs"')
    assert_inert(html[start:html.index("</script>", start) + len("</script>")])
    assert "&lt;script&gt;alert(&#39;name&#39;)&lt;/script&gt;" in html


# --- the programme comes from programme_facts ----------------------------------------------
def step_values(page: str) -> list[str]:
    return re.findall(r'<span class="od-step-value">(.*?)</span>', page)


def test_programme_steps_are_the_facts_in_order(real: SiteData) -> None:
    page = render_page(real)
    assert step_values(page) == ["more than 50", "330", "175", "212"]
    dates = re.findall(r'<span class="od-step-date">(.*?)(?: <span|</span>)', page)
    assert dates == ["27 Aug 2020", "16 Sep 2020", "2 Nov 2020", "14 May 2021",
                     "14 May 2021", "Date not published"]
    assert "not printed in it: from a news report of the same webinar" in page
    assert "(row-p09)" not in page and "[P09](../data/sector-partners/sources.md#row-p09)" in page
    assert "https://indiapressrelease.com/pib-press-releases/national-jal-jeevan-mission-" \
           "holds-webinar-with-sector-partners/" in page   # P09 cites its public mirror
    assert "[programme_facts.csv, line 4](../data/sector-partners/programme_facts.md" \
           "#row-interactive-session-organisations)" in page


def test_funnel_numbers_come_from_the_dataset(tmp_path: Path) -> None:
    package = tmp_path / "sector-partners"
    shutil.copytree(PACKAGE, package)
    facts = package / "programme_facts.csv"
    text = facts.read_text(encoding="utf-8")
    text = text.replace(",interactive_session_organisations,50,more than,",
                        ",interactive_session_organisations,57,at least,")
    text = text.replace(",applications_received,330,", ",applications_received,3301,")
    text = text.replace(",sector_partners_partnered,212,", ",sector_partners_partnered,1234567,")
    facts.write_text(text, encoding="utf-8")
    assert step_values(render_page(site_data(package))) == [
        "at least 57", "3,301", "175", "12,34,567"]
    for template in ("partners.md.j2", "partners_directory.html.j2"):
        source = (REPO / "site_templates" / template).read_text(encoding="utf-8")
        assert not re.search(r"\b(50|330|175|212)\b", source), template


def test_vocabulary_lists_every_term(real: SiteData) -> None:
    page = render_page(real)
    shown = dict(partners.VOCABULARY)  # the role terms (documented_role) label the directory
    rows = [r for r in csv_rows(PACKAGE / "vocabulary.csv") if r["category"] in shown]
    assert rows
    for row in rows:
        assert f"- {md_text(row['term'])}\n" in page
    assert page.count("### ") >= 3


# --- the engine's directory kind on the same data: each entry names its source ---------------
def test_the_engine_directory_names_each_entrys_source(real: SiteData) -> None:
    """Source lines say the source's title, publisher and date, not only its id."""
    from generator.model import Options
    from generator.pages import directory

    options = Options.of({"page": "partners/directory.md", "title": "Directory",
                          "description": "", "intro": "",
                          "resource": "sector-partners/organisations", "name": "organisation",
                          "fields": (), "facets": ({"field": "organisation_type", "label": "",
                                                    "separator": "", "strip_detail": False},)})
    pages = {p.path: p.markdown for p in directory.render(real, environment(REPO / "site_templates"),
                                                          options)}
    sources = {r["source_id"]: r for r in csv_rows(PACKAGE / "sources.csv")}
    for row in csv_rows(PACKAGE / "organisations.csv"):
        source = sources[row["source_id"]]
        words = md_text(f"{source['title']}, {source['publisher_or_outlet']}")
        assert f"[{row['source_id']}](../data/sector-partners/index.md#source-" \
               f"{row['source_id']}), {words}" in pages["partners/directory.md"], row
    facet = next(md for path, md in pages.items() if path.startswith("partners/organisation-type/"))
    assert re.search(r"Source: \[P\d+\]\(\.\./\.\./data/sector-partners/index\.md#source-P\d+\), "
                     r"\S", facet)
