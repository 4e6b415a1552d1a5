"""Nothing from data or content runs, in real Chromium (issue 13).

A copy of the project holds hostile text in each place that reaches HTML (tests/hostile.py):
every payload sets window.__pwned and calls alert() if it ever runs. Each affected page is
opened; no flag, no dialog, no navigation away, and the theme's own script still runs.
tests/test_hostile_content.py checks the same pages without a browser.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import hostile
import pytest
from harness import origin_of, refuse_outside, serve_site
from sitebuild import build

# Each case and a glob for its page in the built site (the first match is opened).
CASES = {
    "state-name": "coverage/states/goa*.html",
    "state-listing": "coverage/index.html",
    "package-title": "data/jjm-coverage/index.html",
    "resource-title": "data/jjm-coverage/national_timeseries.html",
    "catalog": "data/index.html",
    "field-name": "data/admin-codes/index.html",
    "source-id": "data/sector-partners/index.html",
    "tag-description": "updates/tags/index.html",
    "tag-page": "updates/tags/coverage.html",
    "update-body": "updates/latest-national-coverage.html",
    "updates-listing": "updates/index.html",
    "content-page": "about.html",
}


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The hostile project (without the javascript: links, which the build refuses), built."""
    project = hostile.make_hostile_project(tmp_path_factory.mktemp("hostile") / "project",
                                           links=False)
    result = build(project)
    assert result.published, [p.format() for p in result.problems if p.is_error]
    return project / "site"


@pytest.fixture(scope="module")
def hostile_url(hostile_site: Path) -> Iterator[str]:
    """The hostile site served on loopback."""
    with serve_site(hostile_site) as url:
        yield url


@pytest.fixture(scope="module")
def hostile_context(browser, hostile_url: str):
    """A browser context for the hostile site; requests elsewhere are refused."""
    context = browser.new_context(service_workers="block")
    context.set_default_timeout(10_000)
    refuse_outside(context, origin_of(hostile_url))
    yield context
    context.close()


@pytest.mark.parametrize("case", list(CASES))
def test_no_payload_runs(case, hostile_site, hostile_url, hostile_context):
    """The page loads, shows the hostile text as text, and none of it runs."""
    matches = sorted(hostile_site.glob(CASES[case]))
    assert matches, f"no page {CASES[case]} in the hostile site"
    path = matches[0].relative_to(hostile_site).as_posix()
    page = hostile_context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    navigations: list[str] = []
    page.on("framenavigated", lambda frame: frame == page.main_frame and
            navigations.append(frame.url))
    try:
        response = page.goto(hostile_url + path, wait_until="load")
        assert response is not None and response.status == 200, path
        page.wait_for_load_state("networkidle")
        # Hovering and focusing every element fires any handler that waits for the reader.
        page.evaluate("""() => document.querySelectorAll('article *').forEach(el => {
            for (const type of ['mouseover', 'focus', 'click']) {
                if (el.tagName !== 'A' || type !== 'click') el.dispatchEvent(new Event(type));
            }
        })""")
        page.wait_for_timeout(100)
        assert page.evaluate("typeof window.__pwned") == "undefined", f"a payload ran on {path}"
        assert dialogs == [], f"a dialog opened on {path}: {dialogs}"
        assert navigations == [hostile_url + path], f"{path} navigated: {navigations}"
        # The theme's own script ran and the page ends where it should (nothing swallowed it).
        assert page.evaluate("typeof window.document$") != "undefined", path
        assert page.locator("footer.md-footer").count() == 1, path
        links = page.evaluate("""() => [...document.querySelectorAll('[href], [src]')]
            .map(el => el.getAttribute('href') || el.getAttribute('src'))""")
        assert not [link for link in links if link.strip().lower().startswith(
            ("javascript:", "vbscript:", "data:"))], path
    finally:
        page.close()


def test_hostile_text_is_shown_as_text(hostile_site, hostile_url, hostile_context):
    """What a payload says is still there for readers, literally, where it was written."""
    page = hostile_context.new_page()
    try:
        page.goto(hostile_url + "data/jjm-coverage/index.html")
        assert hostile.PACKAGE_TITLE in page.locator("article h1").inner_text()
        page.goto(hostile_url + "data/admin-codes/index.html")
        assert page.get_by_text(hostile.FIELD, exact=True).count() >= 1
        state = sorted(hostile_site.glob(CASES["state-name"]))[0].name
        page.goto(hostile_url + f"coverage/states/{state}")
        assert hostile.STATE_NAME in page.locator("article h1").inner_text()
        assert hostile.STATE_NAME in page.title()
    finally:
        page.close()
