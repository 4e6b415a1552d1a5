"""Charts at a phone's and a desktop's width in real Chromium: they fit, the right layout shows.

Issue 14: every chart page and the home page, at 390 and 1280 px, with JavaScript on and (at
390 px) off: the page never scrolls sideways, each chart's box is inside the viewport, the
phone layout shows on a phone and the wide one on a desktop, drawn about at its own size; the
tile map has its key; the wide all-States table scrolls inside its own focusable box with a
visible cue.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from harness import WIDTHS, measure_in_view, origin_of, refuse_outside

CHART_BOX = re.compile(r'class="od-chart"')

# Per chart box: where it is, which of its SVGs shows, at what size against its viewBox.
# Each chart is measured once scrolled into view, as a reader meets it (measure_charts): away
# from the screen a chart is not laid out (opendata.css: content-visibility).
CHARTS_COUNT = "() => document.querySelectorAll('article .od-chart-figure').length"
SCROLL_TO = """n => document.querySelectorAll('article .od-chart-figure')[n]
    .scrollIntoView({block: 'center'})"""
CHART = """n => {
    const figure = document.querySelectorAll('article .od-chart-figure')[n];
    const box = figure.getBoundingClientRect();
    const shown = [...figure.querySelectorAll(':scope > svg')]
        .filter(svg => getComputedStyle(svg).display !== 'none');
    return {
        left: box.left, right: box.right, width: box.width, overflow: figure.scrollWidth - figure.clientWidth,
        layouts: figure.querySelectorAll(':scope > svg').length,
        shown: shown.map(svg => ({
            layout: svg.classList.contains('od-chart-narrow') ? 'narrow' : 'wide',
            width: svg.getBoundingClientRect().width, right: svg.getBoundingClientRect().right,
            drawn: svg.viewBox.baseVal.width, fixed: svg.hasAttribute('width'),
        })),
    };
}"""
PAGE_WIDTH = """() => ({scroll: document.documentElement.scrollWidth,
                      width: document.documentElement.clientWidth})"""


def chart_pages(site: Path) -> list[str]:
    """Every page of the built site with a chart box, and the home page."""
    found = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html")
                   if CHART_BOX.search(p.read_text(encoding="utf-8")))
    return sorted(set(found) | {"index.html"})


def measure_charts(page) -> list[dict]:
    """Each chart of the loaded page, measured once scrolled into view."""
    return measure_in_view(page, CHARTS_COUNT, SCROLL_TO, CHART)


def check_page(page, path: str, width: int) -> list[str]:
    """What is wrong with the charts and the width of one loaded page, one line each."""
    bad = []
    size = page.evaluate(PAGE_WIDTH)
    if size["scroll"] > size["width"]:
        bad.append(f"{path} at {width} px scrolls sideways: {size}")
    for number, chart in enumerate(measure_charts(page)):
        where = f"{path} at {width} px, chart {number + 1}"
        if chart["left"] < 0 or chart["right"] > size["width"] + 0.5 or chart["overflow"] > 0:
            bad.append(f"{where}: its box is outside the viewport or scrolls: {chart}")
        if len(chart["shown"]) != 1:
            bad.append(f"{where}: {len(chart['shown'])} layouts show, not one: {chart}")
            continue
        svg = chart["shown"][0]
        wanted = "narrow" if chart["layouts"] == 2 and width <= 640 else "wide"
        scale = svg["width"] / svg["drawn"]
        if svg["layout"] != wanted or svg["fixed"] or svg["right"] > chart["right"] + 0.5:
            bad.append(f"{where}: shows the {svg['layout']} layout (wanted {wanted}), fixed "
                       f"width {svg['fixed']}, right edge {svg['right']}: {chart}")
        # At full size or a little off it: text never shrinks below 0.95 of its size where
        # it fits (a phone layout on a 390 px phone) and never grows past its size step.
        fits = svg["drawn"] <= chart["width"] + 0.5
        if (fits and scale < 0.95) or scale > 1 + 100 / svg["drawn"]:
            bad.append(f"{where}: drawn at {scale:.2f} of its size: {chart}")
    return bad


@pytest.mark.parametrize("width", list(WIDTHS))
def test_every_chart_fits_and_shows_its_layout(open_tab, built_site, width):
    """No chart page scrolls sideways; each chart box is in the viewport, one layout showing."""
    pages = chart_pages(built_site)
    assert "coverage/index.html" in pages and len(pages) >= 3, pages
    bad = []
    for path in pages:
        tab = open_tab(width)
        tab.goto(path)
        bad += check_page(tab.page, path, WIDTHS[width]["width"])
        tab.recorder.assert_clean()
        tab.page.close()
    assert not bad, "\n".join(bad)


def test_charts_fit_a_phone_without_javascript(browser, base_url, built_site):
    """With JavaScript off the phone layout shows as well: CSS alone chooses it."""
    context = browser.new_context(viewport=WIDTHS["phone"], java_script_enabled=False,
                                  service_workers="block")
    refuse_outside(context, origin_of(base_url))
    try:
        bad = []
        for path in ("index.html", "coverage/index.html"):
            page = context.new_page()
            assert page.goto(base_url + path).status == 200
            assert measure_charts(page), f"{path}: no chart without JavaScript"
            bad += check_page(page, path, WIDTHS["phone"]["width"])
            page.close()
        assert not bad, "\n".join(bad)
    finally:
        context.close()


def test_the_tile_map_has_a_key_of_its_codes(open_tab):
    """Under the map each tile code is written out: DH, LD and CH among them."""
    tab = open_tab("phone")
    tab.goto("coverage/index.html")
    key = tab.page.locator(".od-chart-key").first
    assert key.is_visible()
    pairs = dict(zip(key.locator("dt").all_inner_texts(), key.locator("dd").all_inner_texts(),
                     strict=True))
    assert pairs["DH"] == "The Dadra and Nagar Haveli and Daman and Diu"
    assert pairs["LD"] == "Lakshadweep" and pairs["CH"] == "Chandigarh"
    assert len(pairs) == 36
    box = key.bounding_box()
    assert box and box["x"] >= 0 and box["x"] + box["width"] <= WIDTHS["phone"]["width"]


@pytest.mark.parametrize("width", list(WIDTHS))
def test_the_all_states_table_scrolls_in_its_own_box_with_a_cue(open_tab, width):
    """The wide table scrolls inside its box (the page does not), the box takes the keyboard's
    focus, and a shadow shows at the edge with more to see."""
    tab = open_tab(width)
    tab.goto("coverage/index.html")
    box = tab.page.locator("#coverage-table").locator("xpath=..")
    state = box.evaluate("""el => ({scroll: el.scrollWidth, width: el.clientWidth,
        overflow: getComputedStyle(el).overflowX, cue: getComputedStyle(el).backgroundImage,
        tabindex: el.tabIndex, label: el.getAttribute('aria-labelledby')})""")
    assert state["overflow"] == "auto" and state["tabindex"] == 0, state
    assert state["cue"].count("gradient") == 4, state
    assert state["label"] == "coverage-table-caption"
    if state["scroll"] > state["width"]:  # it needs scrolling here: the keys scroll it
        box.focus()
        tab.page.keyboard.press("ArrowRight")
        tab.page.wait_for_function("el => el.scrollLeft > 0", arg=box.element_handle())
    size = tab.page.evaluate(PAGE_WIDTH)
    assert size["scroll"] <= size["width"], size


def test_a_preview_not_yet_drawn_already_takes_the_keyboard(open_tab):
    """A dataset page's row previews away from the screen are not laid out at first
    (content-visibility), so they cannot be measured; anything that reads their geometry (axe
    does) lays them out without drawing them, and no event tells the page. Each preview is a
    named region with its tab stop in the HTML, so a keyboard can scroll every one that
    overflows, whenever it is measured and whether or not it was ever on the screen."""
    tab = open_tab("phone")
    tab.goto("data/jjm-coverage/index.html")
    boxes = tab.page.locator(".od-table-wrap:has(> table.od-data)")
    assert boxes.count() > 2
    states = boxes.evaluate_all("""els => els.map(el => {
        const top = el.getBoundingClientRect().top;
        el.querySelector('td').getBoundingClientRect();  // lays the box out, as axe does
        return {top: top, scroll: el.scrollWidth, width: el.clientWidth,
                tabindex: el.getAttribute('tabindex'), role: el.getAttribute('role'),
                label: el.getAttribute('aria-label')}})""")
    assert states[-1]["top"] > 2000, states[-1]  # the last one was never near the screen
    assert states[-1]["scroll"] > states[-1]["width"] + 1, states[-1]  # wider than a phone
    for state in states:
        assert state["tabindex"] == "0" and state["role"] == "region", state
        assert state["label"] and state["label"].strip(), state
    assert tab.page.evaluate("window.scrollY") == 0  # nothing was scrolled into view


@pytest.mark.parametrize("width", list(WIDTHS))
def test_home_leads_to_every_state_page(open_tab, built_site, width):
    """'Your State' on the home page: a link to each State/UT page, each of which exists."""
    tab = open_tab(width)
    tab.goto("index.html")
    links = tab.page.locator(".od-places a")
    hrefs = links.evaluate_all("links => links.map(a => a.getAttribute('href'))")
    states = sorted(p.name for p in (built_site / "coverage" / "states").glob("*.html")
                    if p.name != "index.html")
    assert sorted(Path(h).name for h in hrefs) == states and len(states) == 36
    viewport = WIDTHS[width]["width"]
    for i in range(links.count()):
        box = links.nth(i).bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= viewport, (hrefs[i], box)
    with tab.page.expect_navigation():
        tab.page.get_by_role("link", name="Kerala", exact=True).click()
    assert tab.page.url.endswith("coverage/states/kerala.html")
    assert "Kerala" in tab.page.locator("h1").inner_text()
