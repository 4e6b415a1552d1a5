"""Screenshots of each page kind at phone and desktop widths into screenshots/, for review.

`make screenshots` runs this: it builds the project into a temporary copy (site/ is left
alone), serves it on loopback under /jjm/ and photographs one page of each kind in Debian's
Chromium, exactly as the browser tests see it. Files are named <kind>-<width>.png.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "tests"), str(ROOT / "tests" / "browser")]

from harness import (  # noqa: E402
    PAGE_KINDS,
    WIDTHS,
    find_chromium,
    launch,
    no_chromium_reason,
    origin_of,
    page_kinds,
    refuse_outside,
    serve_site,
)
from sitebuild import build, make_project  # noqa: E402


def main() -> int:
    """Build, serve and photograph; returns the exit code."""
    chromium = find_chromium()
    if chromium is None:
        print(f"screenshots: {no_chromium_reason()}", file=sys.stderr)
        return 1
    from playwright.sync_api import sync_playwright

    out = ROOT / "screenshots"
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir()
    with tempfile.TemporaryDirectory(prefix="jjm-screenshots-") as tmp:
        project = make_project(Path(tmp) / "project")
        result = build(project)
        if not result.published:
            for problem in result.problems:
                print(problem.format(), file=sys.stderr)
            return 1
        site = project / "site"
        kinds = page_kinds(site)
        with serve_site(site) as base, sync_playwright() as playwright:
            browser = launch(playwright, chromium)
            for width, viewport in WIDTHS.items():
                context = browser.new_context(viewport=viewport, locale="en-IN",
                                              timezone_id="Asia/Kolkata")
                refuse_outside(context, origin_of(base))
                for kind, path in kinds.items():
                    page = context.new_page()
                    page.goto(base + path, wait_until="networkidle")
                    target = out / f"{kind}-{width}.png"
                    page.screenshot(path=str(target), full_page=True)
                    page.close()
                    print(f"{target.relative_to(ROOT)}  {path}")
                context.close()
            browser.close()
    missing = [kind for kind in PAGE_KINDS if kind not in kinds]
    if missing:
        print(f"not in the site, so not photographed: {', '.join(missing)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
