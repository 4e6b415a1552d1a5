"""The partners directory's client-side filters in real Chromium: they narrow, and the URL keeps them."""

from __future__ import annotations

import csv
import re
from urllib.parse import parse_qs, urlsplit

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
