"""Each page kind in real Chromium: loads cleanly, stays on this host, fits a phone, shows its data."""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from pathlib import Path
from urllib.parse import urljoin

import pytest
from harness import PAGE_KINDS, WIDTHS, measure_in_view
from sitebuild import ROOT

KINDS = list(PAGE_KINDS)


@pytest.mark.parametrize("width", list(WIDTHS))
@pytest.mark.parametrize("kind", KINDS)
def test_page_loads_cleanly(visit, kind, width):
    """No console error, no failed local request and no request to any other host."""
    tab = visit(kind, width)
    tab.recorder.assert_clean()
    assert tab.page.title(), f"{tab.page.url} has no title"


# Lists what sticks out past the right edge (outside any box that scrolls by itself), to say
# which element makes a page scroll sideways.
OVERFLOW = """() => {
    const width = document.documentElement.clientWidth;
    const inScroller = el => {
        for (let up = el.parentElement; up && up !== document.body; up = up.parentElement) {
            if (['auto', 'scroll', 'hidden'].includes(getComputedStyle(up).overflowX)) return true;
        }
        return false;
    };
    const name = el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
        + (el.getAttribute('name') ? '[name=' + el.getAttribute('name') + ']' : '')
        + (typeof el.className === 'string' && el.className.trim()
           ? '.' + el.className.trim().split(/\\s+/).join('.') : '');
    const wide = [...document.querySelectorAll('article *')].filter(el => {
        const box = el.getBoundingClientRect();
        return box.width > 0 && box.right > width + 1 && !inScroller(el);
    }).map(name);
    return {scroll: document.documentElement.scrollWidth, width, wide: wide.slice(0, 5)};
}"""


@pytest.mark.parametrize("kind", KINDS)
def test_fits_a_phone(visit, kind):
    """At 390 px the page itself never scrolls sideways (wide tables scroll in their own box)."""
    tab = visit(kind, "phone")
    overflow = tab.page.evaluate(OVERFLOW)
    assert overflow["scroll"] <= overflow["width"], f"{tab.page.url} scrolls sideways: {overflow}"


@pytest.mark.parametrize("width", list(WIDTHS))
def test_home_shows_headline_figures(open_tab, width):
    """The home page shows the latest national coverage first, each figure linked to its row."""
    rows = list(csv.DictReader((ROOT / "datasets/jjm-coverage/national_timeseries.csv").open()))
    latest = max((r for r in rows if r["hh_with_tap_pct"]), key=lambda r: r["as_of"])
    tab = open_tab(width)
    tab.goto("index.html")
    figures = tab.page.locator(".od-figure")
    assert figures.count() >= 3
    first = figures.first
    assert first.is_visible()
    assert first.locator(".od-figure-value").inner_text().strip() == f"{latest['hh_with_tap_pct']}%"
    viewport = WIDTHS[width]["width"]
    for i in range(figures.count()):
        figure = figures.nth(i)
        box = figure.bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= viewport, (i, box)
        assert figure.locator(".od-figure-value").inner_text().strip(), i
    # The card names its source in words first (title, publisher, date), as a reader cites it.
    source = first.locator(".od-figure-source a").first
    assert source.inner_text().startswith(f"{latest['source_id']}: "), source.inner_text()
    assert "#source-" in (source.get_attribute("href") or "")
    # Its row link leads to the row, highlighted as the target.
    with tab.page.expect_navigation():
        first.locator(".od-figure-source a[href*='#row-']").first.click()
    # The row's anchor is its primary key, as_of and source_id.
    anchor = f"row-{latest['as_of']}--{latest['source_id'].lower()}"
    assert f"#{anchor}" in tab.page.url
    target = tab.page.locator(f"[id='{anchor}']")
    assert target.is_visible()
    assert latest["hh_with_tap_pct"] in target.inner_text()


CHART_MARKUP = re.compile(r'class="od-chart|<figure\b|<svg\b[^>]*\brole="img"|'
                          r'<img\b[^>]*\bsrc="[^"]+\.svg"')


def chart_pages(site: Path) -> list[str]:
    """Pages of the built site that hold a chart (a chart box, a figure or an image SVG)."""
    found = []
    for page in sorted(site.rglob("*.html")):
        text = page.read_text(encoding="utf-8")
        if "<article" not in text:
            continue  # a standalone page, no theme: a chart's embed page (test_browser_embeds.py)
        article = text.split("<article", 1)[-1]
        if CHART_MARKUP.search(article):
            found.append(page.relative_to(site).as_posix())
    return found


# Each chart box (.od-chart, or a figure) and what it shows: the SVG, its size and its words.
# Each is scrolled into view first, as a reader meets it: away from the screen a chart is not
# laid out (opendata.css: content-visibility), so its SVG has no size there.
BOXES = """() => [...document.querySelectorAll('article .od-chart, article figure')]
    .filter(box => !box.parentElement.closest('.od-chart, figure'))"""
CHARTS_COUNT = f"() => ({BOXES})().length"
SCROLL_TO = f"n => ({BOXES})()[n].scrollIntoView({{block: 'center'}})"
CHART = "n => { const box = (" + BOXES + """)()[n]; return measure(box);
  function measure(box) {
        // A chart may carry a wide and a phone layout, CSS showing one: take the one shown.
        const shown = els => els.find(e => e.getClientRects().length > 0) || els[0] || null;
        const svg = shown([...box.querySelectorAll('svg')]
            .filter(s => !s.parentElement.closest('svg')));
        const img = shown([...box.querySelectorAll('img[src$=".svg"]')]);
        const el = svg || img;
        const text = id => (document.getElementById(id) || {textContent: ''}).textContent.trim();
        const own = tag => el ? [...el.children].filter(c => c.tagName.toLowerCase() === tag)
            .map(c => c.textContent.trim()).join(' ') : '';
        const box2 = el ? el.getBoundingClientRect() : {width: 0, height: 0};
        return {
            box: (box.querySelector('[id]') || box).id || box.className,
            kind: svg ? 'svg' : img ? 'img' : 'none',
            role: el && el.getAttribute('role'), width: box2.width, height: box2.height,
            label: el ? (el.getAttribute('aria-label') || '').trim() : '',
            labelledby: el ? (el.getAttribute('aria-labelledby') || '').split(/\\s+/)
                .filter(Boolean).map(text).join(' ').trim() : '',
            title: svg ? own('title') : '', desc: svg ? own('desc') : '',
            alt: img ? (img.getAttribute('alt') || '').trim() : '',
            loaded: img ? img.complete && img.naturalWidth > 0 : true,
        };
  }
}"""


def measure_charts(page) -> list[dict]:
    """Each chart of the loaded page, measured once scrolled into view."""
    return measure_in_view(page, CHARTS_COUNT, SCROLL_TO, CHART)


@pytest.mark.parametrize("width", list(WIDTHS))
def test_every_chart_is_a_described_svg(open_tab, built_site, width):
    """Every chart on every page shows an SVG, drawn, with a non-empty title or description."""
    pages = chart_pages(built_site)
    if not pages:
        pytest.skip("no page has a chart yet: the coverage page kind (charts) has not landed")
    tab = open_tab(width)
    bad = []
    for path in pages:
        tab.goto(path)
        charts = measure_charts(tab.page)
        assert charts, f"{path}: chart markup in the HTML but no chart box in the page"
        for chart in charts:
            described = chart["label"] or chart["labelledby"] or chart["title"] or \
                chart["desc"] or chart["alt"]
            shown = chart["kind"] != "none" and chart["loaded"] and \
                chart["width"] > 50 and chart["height"] > 50
            if not (shown and described) or (chart["kind"] == "svg" and chart["role"] != "img"):
                bad.append((path, chart))
    assert bad == []
    tab.recorder.assert_clean()


def dataset_pages(site: Path) -> list[str]:
    """The dataset pages: one per published package."""
    return sorted(p.relative_to(site).as_posix() for p in site.glob("data/*/index.html"))


LINKS = """() => [...document.querySelectorAll('article a[href]')].map(a => a.href)"""


BUNDLE_EXTRAS = {"README.md", "LICENSE.txt", "SHA256SUMS"}


def test_every_download_link_serves_the_dataset_file(open_tab, built_site):
    """Each download link on each dataset page answers 200 with the bytes of the file in datasets/."""
    tab = open_tab("desktop")
    checked = 0
    for page in dataset_pages(built_site):
        package = page.split("/")[1]
        source = ROOT / "datasets" / package
        descriptor = json.loads((source / "datapackage.json").read_text(encoding="utf-8"))
        expected = {"datapackage.json"} | {Path(r["path"]).name for r in descriptor["resources"]}
        tab.goto(page)
        folder = tab.url(f"data/{package}/")
        links = sorted({href.split("#")[0] for href in tab.page.evaluate(LINKS)
                        if href.startswith(folder) and "/cite/" not in href and  # citations
                        re.search(r"\.(csv|json|zip)$", href.split("#")[0])})
        linked = set()
        for href in links:
            name = href[len(folder):]
            response = tab.page.request.get(href)
            assert response.status == 200, href
            body = response.body()
            if name.endswith(".zip"):
                with zipfile.ZipFile(io.BytesIO(body)) as archive:
                    # The bundle adds README.md, LICENSE.txt and SHA256SUMS (tests/test_bundle.py).
                    members = {m.split("/", 1)[1]: m for m in archive.namelist()}
                    assert expected | BUNDLE_EXTRAS == set(members), href
                    for member in expected:
                        assert archive.read(members[member]) == \
                            (source / member).read_bytes(), (href, member)
            elif name.endswith(".excel.csv"):  # the copy for Excel: a BOM, then the same bytes
                canonical = name.removesuffix(".excel.csv") + ".csv"
                assert body == b"\xef\xbb\xbf" + (source / canonical).read_bytes(), href
            else:
                assert body == (source / name).read_bytes(), href
            linked.add(name)
            checked += 1
        assert expected <= linked, f"{page} does not link {sorted(expected - linked)}"
        assert any(n.endswith(".zip") for n in linked), f"{page} links no zip"
    assert checked >= 10


def test_updates_feed_lists_pages_that_exist(open_tab, kind_path):
    """The updates page links its Atom feed; the feed answers 200 and each entry's page does too."""
    from xml.etree import ElementTree

    path = kind_path("updates")
    tab = open_tab("desktop")
    tab.goto(path)
    hrefs = tab.page.evaluate("""() => [...document.querySelectorAll(
        'link[rel~=alternate][type*=atom], a[href$=".xml"]')].map(a => a.href)""")
    assert hrefs, f"{path} links no feed"
    feed_url = hrefs[0]
    response = tab.page.request.get(feed_url)
    assert response.status == 200, feed_url
    atom = "{http://www.w3.org/2005/Atom}"
    entries = ElementTree.fromstring(response.body()).findall(f"{atom}entry")
    assert entries, "the feed has no entry"
    for entry in entries:
        link = entry.find(f"{atom}link[@rel='alternate']").get("href")
        target = urljoin(feed_url, link)
        assert target.startswith(tab.url()), (link, "leaves the site")
        assert tab.page.request.get(target).status == 200, target


# --- the footer, the catalog and the dataset page, with JavaScript on and off -------------------
@pytest.fixture(scope="module")
def pages_by_script(browser, contexts, base_url):
    """Open a path at a width with JavaScript on ('js') or off ('nojs'); closed after the module."""
    from harness import Recorder, origin_of, refuse_outside

    off = {}
    for width, viewport in WIDTHS.items():
        context = browser.new_context(viewport=viewport, java_script_enabled=False,
                                      locale="en-IN", service_workers="block")
        context.set_default_timeout(10_000)
        refuse_outside(context, origin_of(base_url))
        off[width] = context
    opened = []

    def open_page(path: str, width: str, script: str):
        page = (contexts if script == "js" else off)[width].new_page()
        recorder = Recorder(origin_of(base_url))
        recorder.attach(page)
        opened.append(page)
        response = page.goto(base_url + path)
        assert response is not None and response.status == 200, path
        return page, recorder

    yield open_page
    for page in opened:
        page.close()
    for context in off.values():
        context.close()


def descriptors() -> list[dict]:
    """The published packages' descriptors, read directly."""
    return [json.loads(p.read_text(encoding="utf-8"))
            for p in sorted((ROOT / "datasets").glob("*/datapackage.json"))]


FOOTER_KINDS = ["home", "catalog", "dataset", "resource", "partners", "state", "update"]


@pytest.mark.parametrize("script", ["js", "nojs"])
@pytest.mark.parametrize("width", list(WIDTHS))
@pytest.mark.parametrize("kind", FOOTER_KINDS)
def test_every_page_kind_shows_the_footer(pages_by_script, kind_path, kind, width, script):
    """Licence, sources, release and date, how to report an error: visible, inside the screen."""
    page, recorder = pages_by_script(kind_path(kind), width, script)
    footer = page.locator(".od-footer")
    footer.scroll_into_view_if_needed()
    assert footer.is_visible()
    text = " ".join(footer.inner_text().split())
    for licence in {lic["title"] for d in descriptors() for lic in d["licenses"]}:
        assert " ".join(licence.split()) in text
    from generator.releases import version_key

    version = max((d["version"] for d in descriptors()), key=version_key)
    assert f"Release: {version}," in text and "Found an error?" in text
    box = footer.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= WIDTHS[width]["width"] + 1, box
    size = float(footer.evaluate("el => getComputedStyle(el).fontSize").rstrip("px"))
    assert size >= 11, f"footer text of {size}px is too small to read"
    # Its links lead to pages of the site (relative) that exist.
    for href in footer.evaluate("el => [...el.querySelectorAll('a')].map(a => a.href)"):
        if href.startswith(page.url.split("/jjm/")[0]):
            assert page.request.get(href).status == 200, href
    if script == "js":
        recorder.assert_clean()


@pytest.mark.parametrize("script", ["js", "nojs"])
@pytest.mark.parametrize("width", list(WIDTHS))
def test_the_catalog_shows_tables_not_markdown(pages_by_script, kind_path, width, script):
    """One table per dataset, with a row per resource; no Markdown table syntax as text."""
    page, _ = pages_by_script(kind_path("catalog"), width, script)
    article = page.locator("article")
    assert "|---" not in article.inner_text() and "| Table |" not in article.inner_text()
    tables = article.locator("table")
    assert tables.count() == len(descriptors())
    shown = sorted(tables.nth(i).locator("tbody tr").count() for i in range(tables.count()))
    assert shown == sorted(len(d["resources"]) for d in descriptors())


@pytest.mark.parametrize("script", ["js", "nojs"])
@pytest.mark.parametrize("width", list(WIDTHS))
def test_a_dataset_page_offers_the_whole_package_first(pages_by_script, kind_path, width,
                                                        script):
    """The zip first; each checksum shown short on one line, and in full in the Checksums block."""
    path = kind_path("dataset")
    page, _ = pages_by_script(path, width, script)
    package = path.split("/")[1]
    downloads = page.locator("#downloads ~ p a").first
    assert downloads.get_attribute("href").endswith(".zip")
    table = page.locator("article table").filter(has=page.locator("code.od-sha"))
    first = table.locator("tbody tr").first.locator("a").first
    assert first.inner_text().strip().endswith(".zip")
    shas = table.locator("code.od-sha")
    line = float(shas.first.evaluate("el => parseFloat(getComputedStyle(el).lineHeight) || "
                                     "parseFloat(getComputedStyle(el).fontSize) * 1.6"))
    for i in range(shas.count()):
        box = shas.nth(i).bounding_box()
        assert box["height"] < 2 * line, f"checksum {i} wraps: {box}"
    table_box = table.bounding_box()
    assert table_box["x"] + table_box["width"] <= WIDTHS[width]["width"] + 1, table_box
    listed = page.locator("pre.od-checksums").inner_text().split("\n")
    source = ROOT / "datasets" / package
    import hashlib

    for name in ["datapackage.json", *sorted(p.name for p in source.glob("*.csv"))]:
        digest = hashlib.sha256((source / name).read_bytes()).hexdigest()
        assert f"{digest}  {name}" in listed, name
    assert any(entry.endswith(".zip") for entry in listed)
