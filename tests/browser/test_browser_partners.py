"""The partners directory's client-side filters in real Chromium: they narrow, and the URL keeps them."""

from __future__ import annotations

import csv
import re
from urllib.parse import parse_qs, urljoin, urlsplit

import pytest
from harness import WIDTHS
from sitebuild import ROOT

ORGANISATIONS = ROOT / "datasets/sector-partners/organisations.csv"
SHOWN = "article.od-org:visible"


def shown_names(page) -> list[str]:
    """Names of the organisations the list shows now (each article's heading)."""
    return [" ".join(name.replace("¶", "").split())
            for name in page.locator(SHOWN).locator("h3").all_inner_texts()]


def control(page, label: str):
    """A filter's drop-down list, by its label (its accessible name also holds the chosen option)."""
    return page.get_by_role("combobox", name=re.compile(rf"^{label}\b"))


def option_count(label: str) -> int:
    """The count an option's label ends with: 'Assam (3)' -> 3."""
    return int(re.search(r"\((\d+)\)\s*$", label).group(1))


@pytest.mark.parametrize("width", list(WIDTHS))
def test_partner_filters_narrow_the_list_and_stay_in_the_url(open_tab, kind_path, width):
    """Choosing a state narrows the list to that many; the URL keeps it; reopening restores it."""
    path = kind_path("partners")
    tab = open_tab(width)
    tab.goto(path)
    page = tab.page
    everyone = page.locator(SHOWN).count()
    assert everyone > 3
    state = control(page, "State")
    assert state.is_visible()
    options = state.locator("option").all()
    # The state with the fewest organisations (but some): a real narrowing.
    choices = [(option_count(o.inner_text()), o.get_attribute("value")) for o in options
               if o.get_attribute("value")]
    count, value = min(c for c in choices if c[0] > 0)
    assert count < everyone
    state.select_option(value)
    assert page.locator(SHOWN).count() == count
    assert parse_qs(urlsplit(page.url).query).get("state") == [value]
    assert page.get_by_role("status").inner_text().startswith(f"Showing {count} of {everyone}")
    narrowed = shown_names(page)

    # The words box narrows further, and the URL keeps both filters.
    word = narrowed[0].split()[0]
    page.get_by_role("searchbox", name=re.compile("contains")).fill(word)
    assert 0 < page.locator(SHOWN).count() <= count
    query = parse_qs(urlsplit(page.url).query)
    assert query.get("state") == [value] and query.get("q") == [word]

    # The filtered URL, opened afresh (shared, bookmarked), shows the same filtered list.
    shared = page.url
    fresh = open_tab(width)
    fresh.page.goto(shared)
    assert control(fresh.page, "State").input_value() == value
    assert shown_names(fresh.page) == shown_names(page)

    # "Show all" clears the filters and the query string.
    page.get_by_role("button", name="Show all").click()
    page.wait_for_function(f"document.querySelectorAll('article.od-org:not([hidden])').length "
                           f"=== {everyone}")
    assert urlsplit(page.url).query == ""
    tab.recorder.assert_clean()
    fresh.recorder.assert_clean()


# For each option of each drop-down list: choose it (as the change event of a person's choice
# does) and read the names shown. One round trip instead of dozens.
EVERY_OPTION = """() => {
    const form = document.getElementById('od-filter');
    const shown = () => [...document.querySelectorAll('article.od-org:not([hidden]) h3')]
        .map(h => h.textContent.replace('\u00b6', '').replace(/\\s+/g, ' ').trim());
    const seen = [];
    for (const key of ['state', 'theme', 'type']) {
        const select = form.elements[key];
        for (const option of [...select.options]) {
            select.value = option.value;
            select.dispatchEvent(new Event('change', {bubbles: true}));
            seen.push([key, option.value, shown()]);
        }
        select.value = '';
        select.dispatchEvent(new Event('change', {bubbles: true}));
    }
    return seen;
}"""


def test_partner_filters_match_the_python_filter(open_tab, kind_path):
    """For every option of every list, the page shows what filter_organisations() returns."""
    from page_kinds.partners import filter_organisations, squash

    with ORGANISATIONS.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    path = kind_path("partners")
    tab = open_tab("desktop")
    tab.goto(path)
    control(tab.page, "State").wait_for()  # the script has shown the filters
    seen = tab.page.evaluate(EVERY_OPTION)
    assert len(seen) > 10
    differ = [(key, value, sorted(names)) for key, value, names in seen
              if sorted(names) != sorted(squash(r["organisation"])
                                         for r in filter_organisations(rows, **{key: value}))]
    assert differ == []


# --- facets: a page per State, theme and type without JavaScript, the same links in place with it
FACET_LINKS = """() => [...document.querySelectorAll('nav.od-facets a[href]')].map(a => {
    const span = a.querySelector('[data-f]');
    return {href: a.getAttribute('href'), key: span.getAttribute('data-f'),
            value: span.textContent.replace(/\\s+/g, ' ').trim(),
            count: +a.textContent.match(/\\((\\d+)\\)\\s*$/)[1]};
})"""


def organisations() -> list[dict[str, str]]:
    """The directory's rows, read with the csv module."""
    with ORGANISATIONS.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def expected_names(key: str, value: str) -> list[str]:
    """What filter_organisations() gives for one facet value, as the page shows the names."""
    from page_kinds.partners import filter_organisations, squash

    return sorted(squash(r["organisation"]) for r in filter_organisations(organisations(),
                                                                          **{key: value}))


@pytest.fixture(scope="module")
def no_script(browser, base_url):
    """A browser context with JavaScript turned off, per width."""
    from harness import Recorder, origin_of, refuse_outside

    made = {}
    for width, viewport in WIDTHS.items():
        context = browser.new_context(viewport=viewport, java_script_enabled=False,
                                      locale="en-IN", service_workers="block")
        context.set_default_timeout(10_000)
        refuse_outside(context, origin_of(base_url))
        made[width] = context

    def open_page(width: str):
        page = made[width].new_page()
        recorder = Recorder(origin_of(base_url))
        recorder.attach(page)
        return page, recorder

    yield open_page
    for context in made.values():
        context.close()


def all_names(page) -> list[str]:
    """Every organisation's name on a page (each article's heading), without the permalink."""
    return sorted(" ".join(name.replace("¶", "").split())
                  for name in page.locator("article.od-org h3").all_inner_texts())


@pytest.mark.parametrize("width", list(WIDTHS))
def test_without_javascript_each_facet_link_opens_its_filtered_page(no_script, base_url,
                                                                    kind_path, width):
    """JavaScript off: every organisation is listed, the form stays hidden, and each State,
    theme and type link opens a page listing exactly what the filter gives for it."""
    path = kind_path("partners")
    page, recorder = no_script(width)
    page.goto(base_url + path)
    rows = organisations()
    assert len(all_names(page)) == len(rows)
    assert not page.locator("#od-filter").is_visible()
    links = page.evaluate(FACET_LINKS)
    assert {link["key"] for link in links} == {"state", "theme", "type"}
    assert len(links) > 10
    # A reader opens a facet's list and follows one of its links, as on a phone.
    first = page.locator("nav.od-facets details").first
    first.locator("summary").click()
    target = first.locator("a").first
    assert target.is_visible()
    box = target.bounding_box()
    assert box and box["x"] >= 0 and box["x"] + box["width"] <= WIDTHS[width]["width"]
    with page.expect_navigation():
        target.click()
    checked = [links[0]]
    if width == "desktop":
        checked = links  # every value, once
    for link in checked:
        if page.url.split("?")[0] != urljoin(base_url + path, link["href"]):
            page.goto(urljoin(base_url + path, link["href"]))
        shown = all_names(page)
        assert shown == expected_names(link["key"], link["value"]), link
        assert len(shown) == link["count"], link
        assert page.locator("article script, article form").count() == 0  # nothing to run
    recorder.assert_clean()
    page.close()


@pytest.mark.parametrize("width", list(WIDTHS))
def test_with_javascript_the_same_links_filter_in_place(open_tab, kind_path, width):
    """JavaScript on: a facet link filters the list in place (no page load), to the same
    organisations as that value's page; the URL keeps the filter."""
    path = kind_path("partners")
    tab = open_tab(width)
    tab.goto(path)
    page = tab.page
    control(page, "State").wait_for()  # the script has shown the filters
    everyone = page.locator(SHOWN).count()
    links = page.evaluate(FACET_LINKS)
    # A person's clicks on a few links (each in its own facet), then every link by script.
    for key in ("state", "theme", "type"):
        link = next(x for x in links if x["key"] == key)
        details = page.locator("nav.od-facets details").filter(
            has=page.locator(f'[data-f="{key}"]'))
        if not details.get_attribute("open"):
            details.locator("summary").click()
        page.locator(f'nav.od-facets a[href="{link["href"]}"]').click()
        assert urlsplit(page.url).path.endswith("/" + path)        # still the same page
        assert parse_qs(urlsplit(page.url).query).get(key) == [link["value"]]
        assert sorted(shown_names(page)) == expected_names(key, link["value"])
        assert control(page, key.capitalize()).input_value() == link["value"]
        assert page.get_by_role("status").inner_text().startswith(
            f"Showing {link['count']} of {everyone}")
    if width == "desktop":
        seen = page.evaluate("""() => [...document.querySelectorAll('nav.od-facets a[href]')]
            .map(a => { a.click(); return [...document.querySelectorAll(
                'article.od-org:not([hidden]) h3')].map(h => h.textContent.replace('\\u00b6', '')
                .replace(/\\s+/g, ' ').trim()); })""")
        assert [sorted(names) for names in seen] == [
            expected_names(link["key"], link["value"]) for link in links]
        assert urlsplit(page.url).path.endswith("/" + path)
    tab.recorder.assert_clean()
