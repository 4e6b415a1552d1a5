"""The site search in real Chromium: finds states, organisations and updates; works by keyboard."""

from __future__ import annotations

import json
import re
import sys
from html import unescape
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from harness import PAGE_KINDS, WIDTHS, Recorder, origin_of, refuse_outside, serve_site

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))  # release.py

SEARCH = "input.md-search__input"
RESULT_LINKS = ".md-search-result__item > a"
META = ".md-search-result__meta"


def wait_for_index(page) -> None:
    """Wait until the search worker has its index (the meta line stops saying 'Initializing')."""
    page.wait_for_function(
        "() => !/initializing/i.test(document.querySelector('.md-search-result__meta')"
        "?.textContent || 'initializing')")


def type_query(page, query: str) -> None:
    """Type into the focused search box, key by key as a person would, and wait for its results.

    Results follow each keystroke from a worker, so the list on screen may still answer an
    earlier prefix ("T" for "Tata Trusts") when the box already holds the whole query. Wait
    until the results answer this query: the meta line reports on it, and either nothing matched
    or a result highlights the query's last word (its letters and digits) in full, whatever
    punctuation the highlighted token carries; and the list
    has not changed for 300 ms.
    """
    page.keyboard.type(query)
    page.wait_for_function(
        """q => {
            const box = document.querySelector('input.md-search__input');
            const meta = document.querySelector('.md-search-result__meta');
            if (!box || box.value !== q || !meta) return false;
            const text = meta.textContent;
            if (!/matching/i.test(text)) return false;
            const last = (q.toLowerCase().match(/[\\p{L}\\p{N}]+/gu) || ['']).pop();
            // A mark holds a whole token of the result's text, punctuation too ('anantnag,').
            const marks = [...document.querySelectorAll('.md-search-result mark')]
                .flatMap(m => m.textContent.toLowerCase().match(/[\\p{L}\\p{N}]+/gu) || []);
            if (!/no matching/i.test(text) && !marks.includes(last)) return false;
            const now = Date.now();
            const state = text + '|' + [...document.querySelectorAll('RESULT_LINKS')]
                .map(a => a.href).join(' ');
            const seen = window.__searchSeen;
            if (!seen || seen.state !== state) {
                window.__searchSeen = {state, since: now};
                return false;
            }
            return now - seen.since >= 300;
        }""".replace("RESULT_LINKS", RESULT_LINKS), arg=query, polling=100)


def result_paths(page, base_url: str) -> list[str]:
    """Site paths (no query, no fragment) of the results shown, in order."""
    hrefs = page.eval_on_selector_all(RESULT_LINKS, "links => links.map(a => a.href)")
    return [urlsplit(h).path[len(urlsplit(base_url).path):] for h in hrefs]


def search(tab, query: str, start: str = "index.html") -> list[str]:
    """Open a page, focus the search with its shortcut, type the query; the result paths."""
    tab.goto(start)
    wait_for_index(tab.page)
    tab.page.keyboard.press("/")
    type_query(tab.page, query)
    return result_paths(tab.page, tab.base_url)


def heading(site: Path, path: str) -> str:
    """The text of a built page's <h1>."""
    html = (site / path).read_text(encoding="utf-8")
    found = re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S)
    return unescape(re.sub(r"<[^>]+>", "", found.group(1))).replace("¶", "").strip()


@pytest.mark.parametrize("kind, query", [("state", "Bihar"), ("partners", "Tata Trusts")])
def test_search_finds(open_tab, kind_path, kind, query):
    """Searching a state or an organisation lists the page about it."""
    path = kind_path(kind)
    tab = open_tab("desktop")
    found = search(tab, query)
    assert path in found, f"searching {query!r} did not list {path}; it listed {found}"
    tab.recorder.assert_clean()


def test_search_finds_an_update(open_tab, kind_path, built_site):
    """Searching the first words of an update's title lists that update among the first five."""
    path = kind_path("update")
    words = " ".join(heading(built_site, path).split()[:5])
    tab = open_tab("desktop")
    found = search(tab, words)
    assert path in found[:5], f"searching {words!r} did not list {path} high; it listed {found}"


@pytest.mark.parametrize("width", list(WIDTHS))
@pytest.mark.parametrize("how", ["shortcut", "tab"])
def test_search_by_keyboard(open_tab, kind_path, width, how):
    """Focus the search with '/' or with Tab, type, arrow down to a result, Enter opens it."""
    kind_path("state")  # the query below is a state
    tab = open_tab(width)
    tab.goto("about.html")
    page = tab.page
    wait_for_index(page)
    if how == "shortcut":
        page.keyboard.press("/")
    else:
        for _ in range(6):  # the search comes within the first few stops (skip link, logo)
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement.matches('input.md-search__input')"):
                break
    assert page.evaluate("document.activeElement.matches('input.md-search__input')"), \
        f"{how} did not focus the search box"
    type_query(page, "Bihar")
    assert page.locator(RESULT_LINKS).first.is_visible(), "results are not visible"
    page.keyboard.press("ArrowDown")
    focused = page.evaluate("document.activeElement.href || ''")
    assert focused, "ArrowDown did not move to a result"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert urlsplit(page.url).path == urlsplit(focused).path
    tab.recorder.assert_clean()


def test_search_finds_a_dataset_page(open_tab, kind_path, built_site):
    """A dataset page is found by its title, though its tables are not in the index."""
    path = kind_path("dataset")
    title = heading(built_site, path)
    tab = open_tab("desktop")
    found = search(tab, title)
    assert path in found[:10], f"searching {title!r} did not list {path} high; it listed {found}"
    tab.recorder.assert_clean()


def test_table_cells_are_not_in_the_index(built_site):
    """The index every visitor fetches holds titles and prose: no table page's cells.

    A district of the LGD codes table (with no page of its own) is in no index entry, while
    the table's page is there by its title.
    """
    index = json.loads((built_site / "search" / "search_index.json").read_text("utf-8"))
    entries = index["docs"]
    districts = (built_site / "data" / "admin-codes" / "districts.html").read_text("utf-8")
    district = "NICOBARS"
    assert f"<td>{district}</td>" in districts, f"the LGD table lists no {district}: pick another"
    assert not any(district in e["text"] or district in e["title"] for e in entries)
    assert any(e["location"] == "data/admin-codes/districts.html" for e in entries)


@pytest.fixture(scope="module")
def village_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small synthetic release with village-level rows (bench/release.py), so district pages."""
    import release  # bench/release.py: synthetic, seeded, every name says so
    from sitebuild import build

    project = release.write_release(tmp_path_factory.mktemp("villages") / "release",
                                    scale=release.Scale(villages=600, blocks=30, districts=12,
                                                        partners=5, updates=3))
    result = build(project)
    assert result.published, [p.format() for p in result.problems if p.is_error]
    return project / "site"


@pytest.mark.parametrize("level", ["district", "district-state"])
def test_search_finds_a_row_page_by_its_name(browser, village_site, level):
    """A page per row (a district, a State's districts) is found by its name, its figures unindexed."""
    pattern = PAGE_KINDS[level][-1]
    path = sorted(p.relative_to(village_site).as_posix() for p in village_site.glob(pattern)
                  if p.name != "index.html")[0]
    name = heading(village_site, path)
    with serve_site(village_site) as base:
        context = browser.new_context(viewport=WIDTHS["desktop"], service_workers="block")
        refuse_outside(context, origin_of(base))
        page = context.new_page()
        recorder = Recorder(origin_of(base))
        recorder.attach(page)
        try:
            page.goto(base + "index.html")
            wait_for_index(page)
            page.keyboard.press("/")
            type_query(page, name)
            found = result_paths(page, base)
        finally:
            context.close()
    assert path in found[:10], f"searching {name!r} did not list {path} high; it listed {found}"
    recorder.assert_clean()
