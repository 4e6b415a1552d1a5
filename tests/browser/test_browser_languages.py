"""The two-language site in real Chromium (issue 16): one page of every kind in English and Hindi.

At 390 px (a phone), for each page kind: the header's language switch leads to the same page in
the other language (the same path, with or without the hi/ segment); `html[lang]` is the page's
language; the hreflang links name pages that exist; a Hindi page's h1 is in Devanagari; axe-core
finds no serious or critical violation on it; it does not scroll sideways (Devanagari words are
long). The Hindi home and coverage pages draw their charts with Hindi text. The Hindi site's own
search index (lunr's Hindi support) finds "बिहार" and a word typed with a precomposed nukta
letter, and search works from file:// in both languages.

The Hindi heading test is strict: a page kind whose Hindi page still has an English h1 fails,
it is never skipped, so what is left to translate shows in the suite's result.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable, Iterator
from html import unescape
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from harness import PAGE_KINDS, WIDTHS, Recorder, origin_of, refuse_outside
from test_browser_a11y import BLOCKING, DISABLED_RULES, describe, run_axe
from test_browser_pages import OVERFLOW

HINDI = "hi"
ENGLISH = "en"
LANGUAGES = (ENGLISH, HINDI)
DEVANAGARI = re.compile(r"[\u0900-\u097F]")
BIHAR = {ENGLISH: "Bihar", HINDI: "बिहार"}
STATE_PAGE = "coverage/states/bihar.html"  # the Bihar State page (PAGE_KINDS["state"])
CHART_KINDS = ("home", "coverage")  # the pages whose charts must speak Hindi on the Hindi site
RESULT_LINKS = ".md-search-result__item > a"
# A precomposed nukta letter (a composition exclusion: its NFC form is the letter + U+093C).
PRECOMPOSED = {"\u0921\u093c": "\u095c", "\u0922\u093c": "\u095d", "\u0915\u093c": "\u0958",
               "\u0916\u093c": "\u0959", "\u0917\u093c": "\u095a", "\u091c\u093c": "\u095b",
               "\u092b\u093c": "\u095e", "\u092f\u093c": "\u095f"}


def in_language(path: str, language: str) -> str:
    """A site path in a language's folder: the default (English) one at the root."""
    return path if language == ENGLISH else f"{language}/{path}"


def other(language: str) -> str:
    """The site's other language."""
    return HINDI if language == ENGLISH else ENGLISH


def site_path(url: str, base_url: str) -> str:
    """The path of a URL inside the site (no query, no fragment)."""
    return unquote(urlsplit(url).path)[len(urlsplit(base_url).path):]


@pytest.fixture(scope="module")
def hindi(built_site: Path, kind_path) -> Callable[[str], str]:
    """The Hindi page of a kind (hi/ + its English path); fails if the Hindi site lacks it."""

    def find(kind: str) -> str:
        path = in_language(kind_path(kind), HINDI)
        assert (built_site / path).is_file(), f"the Hindi site has no {path} (the {kind} page)"
        return path

    return find


@pytest.fixture(scope="module")
def phone(browser, base_url: str, kinds: dict[str, str]) -> Iterator[Callable[[str, str], object]]:
    """The page of a kind in a language at 390 px, loaded until the network is idle, kept open.

    Read-only checks share these tabs; tests that click or type open their own. They all start
    loading on first use, so their waits for an idle network overlap.
    """
    context = browser.new_context(viewport=WIDTHS["phone"], locale="hi-IN",
                                  timezone_id="Asia/Kolkata", service_workers="block")
    context.set_default_timeout(10_000)
    refuse_outside(context, origin_of(base_url))
    opened: dict[tuple[str, str], tuple[object, Recorder]] = {}
    settled: set[tuple[str, str]] = set()

    def get(kind: str, language: str):
        if not opened:
            for each, path in kinds.items():
                for code in LANGUAGES:
                    page = context.new_page()
                    recorder = Recorder(origin_of(base_url))
                    recorder.attach(page)
                    page.goto(base_url + in_language(path, code), wait_until="commit")
                    opened[(each, code)] = (page, recorder)
        page, recorder = opened[(kind, language)]
        if (kind, language) not in settled:
            page.wait_for_load_state("networkidle", timeout=60_000)
            settled.add((kind, language))
        return page, recorder

    yield get
    context.close()


KINDS = list(PAGE_KINDS)
BOTH = [(kind, language) for kind in KINDS for language in LANGUAGES]


@pytest.mark.parametrize("kind, language", BOTH)
def test_html_lang_is_the_pages_language(phone, kind_path, hindi, kind, language):
    """`html[lang]` is 'en' on an English page and 'hi' on its Hindi counterpart."""
    kind_path(kind)
    if language == HINDI:
        hindi(kind)
    page, recorder = phone(kind, language)
    assert page.evaluate("document.documentElement.lang") == language, page.url


@pytest.mark.parametrize("kind, language", BOTH)
def test_hreflang_links_name_existing_counterparts(phone, kind_path, hindi, built_site, base_url,
                                                    kind, language):
    """The page's hreflang links (and its language switch) name each language's same page, which exists."""
    path = kind_path(kind)
    hindi(kind)
    page, recorder = phone(kind, language)
    links = page.eval_on_selector_all("link[rel~=alternate][hreflang]",
                                      "ls => ls.map(l => [l.hreflang, l.href])")
    switch = page.eval_on_selector_all(".md-select__link[hreflang]",
                                       "ls => ls.map(a => [a.hreflang, a.href])")
    expected = {code: in_language(path, code) for code in LANGUAGES}
    for what, found in (("hreflang links", links), ("language switch", switch)):
        named = {code: site_path(href, base_url) for code, href in found}
        assert named == expected, f"{page.url}: its {what} name {named}, not {expected}"
    for code, target in expected.items():
        assert (built_site / target).is_file(), f"{page.url}: hreflang {code} -> {target}: no such page"


@pytest.mark.parametrize("kind, language", BOTH)
def test_language_switch_leads_to_the_counterpart(open_tab, kind_path, hindi, kind, language):
    """At 390 px the header's language button opens the switch; its other language opens the same page."""
    path = kind_path(kind)
    hindi(kind)
    tab = open_tab("phone")
    tab.goto(in_language(path, language))
    page = tab.page
    button = page.locator(".md-header .md-select > button")
    assert button.is_visible(), f"{page.url}: no language button in the header at 390 px"
    button.click()
    link = page.locator(f".md-header .md-select__link[hreflang={other(language)}]")
    assert link.is_visible(), f"{page.url}: the switch shows no link to {other(language)}"
    with page.expect_navigation():
        link.click()
    assert site_path(page.url, tab.base_url) == in_language(path, other(language))
    page.wait_for_load_state("load")
    assert page.evaluate("document.documentElement.lang") == other(language)


def heading_text(page) -> str:
    """The text of the page's first h1 (without its permalink mark)."""
    h1 = page.locator("article h1, .md-content h1").first
    assert h1.count(), f"{page.url} has no h1"
    return h1.inner_text().replace("¶", "").strip()


@pytest.mark.parametrize("kind", KINDS)
def test_hindi_heading_is_in_devanagari(phone, hindi, kind):
    """Strict: the Hindi page's h1 has Devanagari. A kind still in English fails (never skipped)."""
    hindi(kind)
    page, recorder = phone(kind, HINDI)
    text = heading_text(page)
    assert DEVANAGARI.search(text), f"{page.url}: the h1 is not in Hindi: {text!r}"


# The words of every chart SVG shown in the content (a chart may carry a wide and a phone
# layout, CSS showing one): text elements, titles and descriptions.
CHART_WORDS = """() => [...document.querySelectorAll('article svg, .md-content svg')]
    .filter(svg => !svg.parentElement.closest('svg') && svg.getClientRects().length > 0
                   && svg.querySelector('text'))
    .map(svg => [...svg.querySelectorAll('text')].map(t => t.textContent.trim())
                 .filter(Boolean))"""


@pytest.mark.parametrize("kind", CHART_KINDS)
def test_hindi_charts_have_hindi_text(phone, hindi, kind):
    """Every chart shown on the Hindi home and coverage pages has <text> in Devanagari."""
    hindi(kind)
    page, recorder = phone(kind, HINDI)
    charts = page.evaluate(CHART_WORDS)
    assert charts, f"{page.url}: no chart with text is shown at 390 px"
    english = [words[:6] for words in charts if not any(DEVANAGARI.search(w) for w in words)]
    assert not english, f"{page.url}: charts with no Hindi text (their first words): {english}"


@pytest.mark.parametrize("kind", KINDS)
def test_hindi_page_has_no_serious_accessibility_violation(phone, hindi, kind):
    """axe-core (every rule, colour contrast too: this is each Hindi page's one check) at 390 px."""
    hindi(kind)
    page, recorder = phone(kind, HINDI)
    where = f"{page.url} at phone"
    violations = run_axe(page, DISABLED_RULES)
    blocking = [line for v in violations if v["impact"] in BLOCKING for line in describe(v, where)]
    assert blocking == [], "axe-core violations:\n" + "\n".join(blocking)


@pytest.mark.parametrize("kind", KINDS)
def test_hindi_page_fits_a_phone(phone, hindi, kind):
    """At 390 px the Hindi page never scrolls sideways (wide tables scroll in their own box)."""
    hindi(kind)
    page, recorder = phone(kind, HINDI)
    overflow = page.evaluate(OVERFLOW)
    assert overflow["scroll"] <= overflow["width"], f"{page.url} scrolls sideways: {overflow}"


@pytest.mark.parametrize("kind", KINDS)
def test_hindi_page_loads_cleanly(phone, hindi, kind):
    """No console error, no failed local request, no request to another host, on the Hindi page."""
    hindi(kind)
    page, recorder = phone(kind, HINDI)
    recorder.assert_clean()


# ---- search ------------------------------------------------------------------------------

def search_index(site: Path, language: str) -> dict:
    """A language's search index, as the site publishes it."""
    return json.loads((site / in_language("search/search_index.json", language))
                      .read_text(encoding="utf-8"))


def test_hindi_search_index_is_the_hindi_sites(built_site):
    """The Hindi site has its own index, with lunr's Hindi (then English) and only Hindi-site pages.

    Every entry is a page of hi/ (no ../, no English page), each once, and a page's entry has
    the Hindi page's title; the English index names no hi/ page.
    """
    hindi_index, english_index = search_index(built_site, HINDI), search_index(built_site, ENGLISH)
    assert hindi_index["config"]["lang"] == [HINDI, ENGLISH], hindi_index["config"]
    assert english_index["config"]["lang"] == [ENGLISH], english_index["config"]
    assert (built_site / HINDI / "assets/javascripts/lunr/min/lunr.hi.min.js").is_file()
    locations = [doc["location"] for doc in hindi_index["docs"]]
    assert len(locations) == len(set(locations)), "the Hindi index lists a page twice"
    pages = {loc.split("#", 1)[0] for loc in locations}
    outside = sorted(p for p in pages if p.startswith(("../", "/")) or p.startswith(f"{HINDI}/")
                     or not (built_site / HINDI / (p or "index.html")).is_file())
    assert not outside, f"the Hindi index lists pages that are not the Hindi site's: {outside[:5]}"
    assert not any(d["location"].startswith(f"{HINDI}/") for d in english_index["docs"])
    wrong = []
    for doc in hindi_index["docs"]:
        if "#" in doc["location"] or not doc["title"]:
            continue
        html = (built_site / HINDI / doc["location"]).read_text(encoding="utf-8")
        title = re.search(r"<title>(.*?)</title>", html, re.S).group(1)
        if unescape(doc["title"]) not in unescape(title):
            wrong.append(f"{doc['location']}: {doc['title']!r} is not in <title> {title!r}")
    assert not wrong, "index entries whose title is not the Hindi page's:\n" + "\n".join(wrong[:10])


def test_hindi_search_index_text_is_nfc(built_site):
    """Every title and text of the Hindi index is in NFC (what a query is normalised to).

    A translation typed with a precomposed nukta letter (U+095C ड़) would otherwise be found
    by no query: the site normalises what is typed to NFC (assets/opendata/search-nfc.js).
    """
    bad = [f"{doc['location']}: {field} {doc[field][:60]!r}" for doc in search_index(
        built_site, HINDI)["docs"] for field in ("title", "text")
        if unicodedata.normalize("NFC", doc[field]) != doc[field]]
    assert not bad, "Hindi index text not in NFC:\n" + "\n".join(bad[:10])


def wait_for_index(page) -> None:
    """Wait until the search worker has its index: the meta line leaves the theme's initial text."""
    page.wait_for_function(
        """() => {
            const meta = document.querySelector('.md-search-result__meta');
            const t = JSON.parse(document.getElementById('__config').textContent).translations;
            return meta && meta.textContent.trim() === t['search.result.placeholder'];
        }""", timeout=30_000)


def insert_query(page, query: str) -> None:
    """Put a query into the focused search box and wait for its results to settle.

    Playwright's keyboard.type of Devanagari does not reach the theme's search (it listens to
    key presses, and Devanagari letters come as text, not keys), so the query is inserted as
    text, as a Hindi keyboard or a paste gives it, then a key press (End) starts the search.
    The results answer the query once the meta line reports matches (or none) and the list has
    not changed for 300 ms.
    """
    page.keyboard.insert_text(query)
    page.keyboard.press("End")
    page.wait_for_function(
        """q => {
            const box = document.querySelector('input.md-search__input');
            const meta = document.querySelector('.md-search-result__meta');
            if (!box || !meta || (box.value !== q && box.value !== q.normalize('NFC'))) return false;
            const t = JSON.parse(document.getElementById('__config').textContent).translations;
            const text = meta.textContent.trim();
            if (!text || text === t['search.result.placeholder']) return false;
            const state = text + '|' + [...document.querySelectorAll('RESULT_LINKS')]
                .map(a => a.href).join(' ');
            const now = Date.now(), seen = window.__languagesSeen;
            if (!seen || seen.state !== state) {
                window.__languagesSeen = {state, since: now};
                return false;
            }
            return now - seen.since >= 300;
        }""".replace("RESULT_LINKS", RESULT_LINKS), arg=query, polling=100, timeout=20_000)


def open_search_on_phone(page) -> None:
    """Open the search as a phone user does: the header's magnifier, which focuses the box."""
    page.locator("label.md-header__button[for=__search]").click()
    page.wait_for_function(
        "() => document.activeElement && document.activeElement.matches('input.md-search__input')")


def results(page, base_url: str) -> list[str]:
    """Site paths of the results shown, in order (no fragment)."""
    hrefs = page.eval_on_selector_all(RESULT_LINKS, "links => links.map(a => a.href)")
    return [site_path(h, base_url) for h in hrefs]


def phone_search(open_tab, query: str, start: str) -> tuple[list[str], object]:
    """Search at 390 px from a page of the site; the result paths and the tab."""
    tab = open_tab("phone")
    tab.goto(start)
    open_search_on_phone(tab.page)
    wait_for_index(tab.page)
    insert_query(tab.page, query)
    return results(tab.page, tab.base_url), tab


def test_hindi_search_finds_bihar(open_tab, kind_path, built_site):
    """Searching "बिहार" on the Hindi site at 390 px lists the Bihar page, and only Hindi pages.

    The worker loads lunr's Hindi support for it.
    """
    assert kind_path("state") == STATE_PAGE
    found, tab = phone_search(open_tab, BIHAR[HINDI], in_language("index.html", HINDI))
    target = in_language(STATE_PAGE, HINDI)
    assert target in found, f"searching {BIHAR[HINDI]!r} did not list {target}; it listed {found}"
    english = [p for p in found if not p.startswith(f"{HINDI}/")]
    assert not english, f"the Hindi search listed English pages: {english}"
    assert any(url.endswith("/lunr.hi.min.js") for url in tab.recorder.requests), \
        "the search worker did not load lunr's Hindi support"
    tab.recorder.assert_clean()


def hindi_word(index: dict, wanted: Callable[[str], bool]) -> tuple[str, str]:
    """The first Devanagari word of the Hindi index's page text that `wanted` accepts, and its page."""
    for doc in index["docs"]:
        text = re.sub(r"<[^>]+>", " ", unescape(doc["text"]))
        for word in re.findall(r"[\u0900-\u0963\u0971-\u097F]+", text):
            if wanted(word):
                return word, doc["location"].split("#", 1)[0]
    raise AssertionError("the Hindi index has no such word in its text")


def test_hindi_search_finds_a_word_of_the_text(open_tab, built_site):
    """A Hindi word with a conjunct (virama) from a page's text, not its title, finds that page."""
    index = search_index(built_site, HINDI)
    titles = " ".join(d["title"] for d in index["docs"])
    word, page = hindi_word(index, lambda w: "\u094d" in w and len(w) >= 5 and w not in titles)
    found, tab = phone_search(open_tab, word, in_language("index.html", HINDI))
    assert in_language(page, HINDI) in found, f"searching {word!r} did not list hi/{page}: {found}"


def test_hindi_search_finds_a_precomposed_nukta_query(open_tab, built_site):
    """A word typed with a precomposed nukta letter (ड़ as U+095C) finds what its NFC form finds.

    The index holds NFC text (ड + U+093C); the site's search-nfc.js normalises the query first.
    """
    index = search_index(built_site, HINDI)
    word, page = hindi_word(index, lambda w: any(pair in w for pair in PRECOMPOSED))
    typed = word
    for pair, letter in PRECOMPOSED.items():
        typed = typed.replace(pair, letter)
    assert typed != word and unicodedata.normalize("NFC", typed) == word
    found, tab = phone_search(open_tab, typed, in_language("index.html", HINDI))
    assert in_language(page, HINDI) in found, \
        f"searching {word!r} typed with a precomposed letter did not list hi/{page}: {found}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_search_works_from_disk(browser, built_site, language):
    """Opened from file://, each language's home page searches its own index and finds Bihar."""
    context = browser.new_context(viewport=WIDTHS["phone"], service_workers="block")
    context.set_default_timeout(10_000)
    refuse_outside(context, "file://")
    page = context.new_page()
    recorder = Recorder("file://")
    recorder.attach(page)
    base = built_site.as_uri() + "/"
    try:
        page.goto(base + in_language("index.html", language), wait_until="load")
        open_search_on_phone(page)  # from file:// the theme loads its index only then
        wait_for_index(page)
        insert_query(page, BIHAR[language])
        found = results(page, base)
    finally:
        context.close()
    target = in_language(STATE_PAGE, language)
    assert target in found, f"from disk, {BIHAR[language]!r} did not list {target}; it listed {found}"
    assert all(p.startswith(f"{HINDI}/") == (language == HINDI) for p in found), found
    outside = [u for u in recorder.requests if not u.startswith(("file://", "data:", "blob:", "about:"))]
    assert not outside, outside


def test_hindi_partner_filters_speak_hindi(open_tab, kind_path, hindi):
    """The directory script's status line takes its words from the page: Hindi on hi/."""
    tab = open_tab("phone")
    tab.goto(hindi("partners"))
    page = tab.page
    box = page.locator("input[name=q]")
    box.fill("a")
    status = page.locator("#od-filter-status")
    status.wait_for(state="visible")
    text = status.inner_text()
    assert DEVANAGARI.search(text) and "Showing" not in text, text
    assert re.search(r"\d+ में से \d+ संगठन", text), text
