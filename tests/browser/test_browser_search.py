"""The site search in real Chromium: finds states, organisations and updates; works by keyboard."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from harness import WIDTHS

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
    or a result highlights the query's last word (its letters and digits) in full; and the list
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
            const marks = [...document.querySelectorAll('.md-search-result mark')]
                .map(m => m.textContent.toLowerCase());
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
