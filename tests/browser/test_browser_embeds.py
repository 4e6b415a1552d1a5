"""An embedded chart (issue 15, item 3) in real Chromium: a page on another "host" (a file of
its own, opened from file://) holds a chart's <iframe> snippet, as copied from the chart's page,
at a phone's width: the chart shows, in its phone layout, whole, and nothing scrolls sideways.
"""

from __future__ import annotations

import html
from html.parser import HTMLParser
from pathlib import Path

from harness import refuse_outside

from generator import embeds

PHONE = {"width": 390, "height": 844}
CHART_PAGE = "coverage/index.html"

# In the embed page: the SVGs shown (their box), and whether the page is wider than its frame.
SHOWN = """() => ({
    svgs: [...document.querySelectorAll('svg')].filter(svg => getComputedStyle(svg).display !== 'none')
        .map(svg => { const box = svg.getBoundingClientRect();
            return {narrow: svg.classList.contains('od-chart-narrow'), left: box.left,
                    right: box.right, width: box.width, height: box.height}; }),
    scroll: document.documentElement.scrollWidth, width: document.documentElement.clientWidth,
    tall: document.documentElement.scrollHeight, high: document.documentElement.clientHeight,
    scripts: document.scripts.length,
})"""
HOST_WIDTH = "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"


class _Code(HTMLParser):
    """The text of the <code> in each 'Embed this chart' block."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.inside = self.in_code = False
        self.codes: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "details" and ("class", "od-chart-embed") in attrs:
            self.inside = True
        if tag == "code" and self.inside:
            self.in_code = True
            self.codes.append("")

    def handle_endtag(self, tag):
        if tag == "details":
            self.inside = False
        if tag == "code":
            self.in_code = False

    def handle_data(self, data):
        if self.in_code:
            self.codes[-1] += data


def snippets(page: Path) -> list[str]:
    """The <iframe> snippet of each chart of a page, as a reader copies it."""
    parser = _Code()
    parser.feed(page.read_text(encoding="utf-8"))
    assert all(code.startswith("<iframe ") and code.endswith("></iframe>")
               for code in parser.codes), parser.codes
    return parser.codes


def host_page(folder: Path, snippet: str, address: str) -> tuple[Path, str]:
    """A newsroom's page holding the snippet, its src put after the site's `address`."""
    src = snippet.split('src="', 1)[1].split('"', 1)[0]
    assert not src.startswith(("http:", "https:", "/")), src  # built without a site URL
    host = folder / (src.replace("/", "_") + ".host.html")
    host.write_text("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta "
                    "name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>A "
                    "newsroom's story</title></head><body style=\"margin:0 16px\"><p>A story.</p>"
                    + snippet.replace(f'src="{src}"', f'src="{html.escape(address + src)}"')
                    + "<p>More of the story.</p></body></html>", encoding="utf-8")
    return host, src


def embedded(context, host: Path, src: str) -> tuple[dict, dict, list[int], list[str]]:
    """Open a host page: the embed page's state, the frame's box, the host's scroll width and
    client width, and every URL requested."""
    requests: list[str] = []
    page = context.new_page()
    try:
        page.on("request", lambda request: requests.append(request.url))
        page.goto(host.as_uri(), wait_until="load")
        frame = next(f for f in page.frames if f.url.endswith(src))
        frame.wait_for_load_state("load")
        return (frame.evaluate(SHOWN), page.locator("iframe").bounding_box(),
                page.evaluate(HOST_WIDTH), requests)
    finally:
        page.close()


def test_an_embedded_chart_on_a_phone(browser, built_site: Path, tmp_path: Path):
    """The snippet, its src put after the site's own address (here a file:// folder), in a
    390 px page: the phone layout shows inside the frame, whole, with no script, no request
    but the site's own files, and neither page nor frame scrolls sideways. Every chart's
    snippet is tried, at 390 px and at 1280 px (where the wide layout shows)."""
    for download in sorted(built_site.rglob("*.vl.json")):  # every chart has its embed page
        name = download.name[:-len(".vl.json")]
        assert (download.parent / embeds.FOLDER / f"{name}.html").is_file(), download
    address = built_site.as_uri() + "/"
    pages = sorted(p for p in built_site.rglob("*.html") if "od-chart-embed" in p.read_text(
        encoding="utf-8"))
    hosts = [host_page(tmp_path, snippet, address) for page in pages for snippet in snippets(page)]
    assert CHART_PAGE in [p.relative_to(built_site).as_posix() for p in pages]
    assert len(hosts) == len(list(built_site.rglob("*.vl.json")))
    bad = []
    for viewport in (PHONE, {"width": 1280, "height": 800}):
        context = browser.new_context(viewport=viewport, service_workers="block")
        refuse_outside(context, "file://")
        try:
            for host, src in hosts:
                shown, box, host_width, requests = embedded(context, host, src)
                where = f"{src} at {viewport['width']} px"
                svgs = shown["svgs"]
                phone = viewport is PHONE
                if shown["scripts"] or len(svgs) != 1:
                    bad.append(f"{where}: {shown['scripts']} scripts, {len(svgs)} SVGs shown")
                    continue
                svg = svgs[0]
                if phone and 'class="od-embed od-chart-layouts"' in (
                        built_site / src).read_text(encoding="utf-8") and not svg["narrow"]:
                    bad.append(f"{where}: the wide layout shows on a phone")
                if not phone and svg["narrow"]:
                    bad.append(f"{where}: the phone layout shows in a wide frame")
                if svg["width"] < 280 or svg["height"] < 150:
                    bad.append(f"{where}: the chart is drawn too small: {svg}")
                if svg["left"] < 0 or svg["right"] > shown["width"] or (
                        shown["scroll"] > shown["width"]):
                    bad.append(f"{where}: the frame scrolls sideways: {shown}")
                if shown["tall"] > shown["high"]:
                    bad.append(f"{where}: the frame is too short for the chart and its caption:"
                               f" {shown['tall']} > {shown['high']}")
                if host_width[0] > host_width[1] or box is None or box["x"] < 0 or (
                        box["x"] + box["width"] > viewport["width"]):
                    bad.append(f"{where}: the host page scrolls sideways: {host_width} {box}")
                bad += [f"{where}: requested {url}" for url in requests
                        if not url.startswith("file://")]
        finally:
            context.close()
    assert not bad, "\n".join(bad)
