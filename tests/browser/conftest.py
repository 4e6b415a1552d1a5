"""Browser suite fixtures: the real site built once, served under a sub-path, one Chromium."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # tests/: sitebuild

from harness import (  # noqa: E402
    A11Y_FINDINGS,
    WIDTHS,
    Recorder,
    find_chromium,
    launch,
    missing_reason,
    no_chromium_reason,
    origin_of,
    page_kinds,
    refuse_outside,
    serve_site,
)
from sitebuild import build, make_project  # noqa: E402


def pytest_terminal_summary(terminalreporter) -> None:
    """Show axe-core's moderate and minor findings, which do not fail the suite."""
    if A11Y_FINDINGS:
        terminalreporter.section("axe-core: moderate and minor findings (not failing)")
        for line in A11Y_FINDINGS:
            terminalreporter.write_line(line)


@pytest.fixture(scope="session")
def chromium() -> str:
    """Path of the Chromium to drive; without one the browser tests skip, saying why (CI: fail)."""
    # .ci/run installs Chromium, so in CI a missing one is an error: these must never not run.
    give_up = pytest.fail if os.environ.get("CI") else pytest.skip
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        give_up("playwright is not installed: pip install -e '.[test]'")
    path = find_chromium()
    if path is None:
        give_up(no_chromium_reason())
    return path


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real project, built once for the whole browser suite into a temporary copy."""
    project = make_project(tmp_path_factory.mktemp("browser") / "project")
    result = build(project)
    assert result.published, [p.format() for p in result.problems if p.is_error]
    return project / "site"


@pytest.fixture(scope="session")
def kinds(built_site: Path) -> dict[str, str]:
    """Page kind -> path of its representative page, for the kinds that have landed."""
    return page_kinds(built_site)


@pytest.fixture(scope="session")
def base_url(built_site: Path) -> Iterator[str]:
    """The site served on loopback under /jjm/."""
    with serve_site(built_site) as url:
        yield url


@pytest.fixture(scope="session")
def browser(chromium: str):
    """One headless Chromium for the whole session."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chrome = launch(playwright, chromium)
        yield chrome
        chrome.close()


@dataclass
class Tab:
    """A browser page of the site, with everything it requested and logged."""

    page: object  # playwright.sync_api.Page
    recorder: Recorder
    base_url: str

    def goto(self, path: str, wait_until: str = "load") -> None:
        """Open a path of the site (relative to the site root)."""
        response = self.page.goto(self.base_url + path, wait_until=wait_until)
        assert response is not None and response.status == 200, (path, response)

    def url(self, path: str = "") -> str:
        """The absolute URL of a path of the site."""
        return self.base_url + path


@pytest.fixture(scope="session")
def contexts(browser, base_url: str) -> Iterator[dict]:
    """One browser context per width, shared by the session; outside requests are refused."""
    made = {}
    for width, viewport in WIDTHS.items():
        context = browser.new_context(viewport=viewport, locale="en-IN",
                                      timezone_id="Asia/Kolkata", service_workers="block")
        context.set_default_timeout(10_000)
        refuse_outside(context, origin_of(base_url))
        made[width] = context
    yield made
    for context in made.values():
        context.close()


@pytest.fixture
def open_tab(contexts: dict, base_url: str) -> Iterator[Callable[[str], Tab]]:
    """Open a fresh tab at a width ('phone' or 'desktop'); closed after the test."""
    pages = []

    def make(width: str = "desktop") -> Tab:
        page = contexts[width].new_page()
        pages.append(page)
        recorder = Recorder(origin_of(base_url))
        recorder.attach(page)
        return Tab(page, recorder, base_url)

    yield make
    for page in pages:
        page.close()


@pytest.fixture(scope="session")
def kind_path(kinds: dict[str, str]) -> Callable[[str], str]:
    """The representative page of a kind; skips the test, saying what is missing, if none."""

    def find(kind: str) -> str:
        if kind not in kinds:
            pytest.skip(missing_reason(kind))
        return kinds[kind]

    return find


@pytest.fixture(scope="session")
def visit(contexts: dict, base_url: str, kinds: dict[str, str],
          kind_path) -> Iterator[Callable[[str, str], Tab]]:
    """The page of a kind at a width, loaded (until the network is idle) and kept open.

    Read-only checks (console, requests, axe, layout) share these pages; tests that click or
    type open their own tab with `open_tab`. All of them start loading together on first use,
    so their waits for an idle network overlap.
    """
    opened: dict[tuple[str, str], Tab] = {}
    settled: set[tuple[str, str]] = set()

    def open_all() -> None:
        for width in WIDTHS:
            for kind, path in kinds.items():
                page = contexts[width].new_page()
                recorder = Recorder(origin_of(base_url))
                recorder.attach(page)
                tab = Tab(page, recorder, base_url)
                tab.goto(path, wait_until="commit")
                opened[(kind, width)] = tab

    def get(kind: str, width: str) -> Tab:
        kind_path(kind)  # skips, saying why, when the kind has not landed
        if not opened:
            open_all()
        tab = opened[(kind, width)]
        if (kind, width) not in settled:
            tab.page.wait_for_load_state("networkidle", timeout=60_000)
            settled.add((kind, width))
        return tab

    yield get
    for tab in opened.values():
        tab.page.close()
