"""Screenshots of every page kind at phone and desktop widths, JavaScript on and off, for review.

`make screenshots` runs this: it builds the project into a temporary copy (site/ is left
alone), serves it on loopback under /jjm/ and photographs one page of every kind the
publication's sections make (harness.every_page_kind, as the layout tests see them) in
Debian's Chromium at 390 and 1280 px, with JavaScript on and off. Files are named
<kind>-<width>-<js|no-js>.png in screenshots/.
"""

from __future__ import annotations

import argparse
import re
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "tests"), str(ROOT / "tests" / "browser")]

from harness import (  # noqa: E402
    WIDTHS,
    every_page_kind,
    find_chromium,
    launch,
    no_chromium_reason,
    origin_of,
    refuse_outside,
    serve_site,
)
from sitebuild import build, make_project  # noqa: E402

# Every box drawn, near the screen or not (see the screenshot loop); a script Playwright runs
# with the page's JavaScript off too (add_style_tag would wait for a load event that never comes).
DRAW_ALL = """() => document.head.append(Object.assign(document.createElement('style'),
    {textContent: '* { content-visibility: visible !important; }'}))"""

def main(argv: list[str] | None = None) -> int:
    """Build (or take a built project), serve and photograph; returns the exit code."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--project", type=Path, help="a built project copy (its site/ is used)")
    args = parser.parse_args(argv)
    chromium = find_chromium()
    if chromium is None:
        print(f"screenshots: {no_chromium_reason()}", file=sys.stderr)
        return 1
    from playwright.sync_api import sync_playwright

    out = ROOT / "screenshots"
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir()
    with tempfile.TemporaryDirectory(prefix="jjm-screenshots-") as tmp:
        project = args.project
        if project is None:
            project = make_project(Path(tmp) / "project")
            result = build(project)
            if not result.published:
                for problem in result.problems:
                    print(problem.format(), file=sys.stderr)
                return 1
        site = project / "site"
        kinds = every_page_kind(project)
        with serve_site(site) as base, sync_playwright() as playwright:
            browser = launch(playwright, chromium)
            for viewport in WIDTHS.values():
                for js in ("js", "no-js"):
                    context = browser.new_context(viewport=viewport, locale="en-IN",
                                                  timezone_id="Asia/Kolkata",
                                                  java_script_enabled=js == "js")
                    refuse_outside(context, origin_of(base))
                    for kind, path in kinds.items():
                        page = context.new_page()
                        page.goto(base + path, wait_until="networkidle" if js == "js" else "load")
                        target = out / f"{file_name(kind)}-{viewport['width']}-{js}.png"
                        # A whole-page picture is one frame: boxes away from the screen, which
                        # a reader's browser draws as they come near (opendata.css:
                        # content-visibility), would be blank in it; draw them all first.
                        page.evaluate(DRAW_ALL)
                        page.screenshot(path=str(target), full_page=True)
                        page.close()
                        print(f"{target.relative_to(ROOT)}  {path}")
                    context.close()
            browser.close()
    return 0


def file_name(kind: str) -> str:
    """A page kind's label as a file name: 'dataset data/*/index' -> 'dataset-data-x-index'."""
    parts = re.split(r"[^a-z0-9*]+", kind.lower())
    return "-".join(part.replace("*", "x") for part in parts if part)


if __name__ == "__main__":
    sys.exit(main())
