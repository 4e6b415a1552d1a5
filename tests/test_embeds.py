"""Embeddable charts (issue 15, item 3): every chart's standalone embed page and its snippet.

A small publication (a copy of the real water-quality package, its indicator chart titled with
hostile text from tests/hostile.py) is built twice, without and with a site URL; the embed
pages and the snippets on the chart pages are read back with an HTML parser.
"""

from __future__ import annotations

import html
import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import hostile
import pytest
from sitebuild import MINIMAL_MKDOCS, ROOT, build

from generator import embeds, previews

TITLE = f'Labs "counted" {hostile.IMG} {hostile.SCRIPT}'  # the chart's title: hostile text
SITE_URL = "https://example.org/kit/"
PACKAGE = "water-quality"
PUBLICATION = f"""sections:
  - kind: home
  - kind: catalog
  - kind: dataset
  - kind: indicator
    page: quality/index.md
    title: Water quality
    description: Laboratories over time.
    resource: {PACKAGE}/national_labs
    date: as_of
    value: labs
    note: caveat
    chart_title: {json.dumps(TITLE)}
"""


def make_publication(root: Path) -> Path:
    """The small publication: one real package, one chart with a hostile title."""
    for name in (PACKAGE, "admin-codes"):  # its State codes refer to admin-codes
        shutil.copytree(ROOT / "datasets" / name, root / "datasets" / name)
    (root / "content").mkdir(parents=True)
    (root / "mkdocs.yml").write_text(MINIMAL_MKDOCS.format(name="Embed kit"), encoding="utf-8")
    (root / "publication.yml").write_text(PUBLICATION, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def sites(tmp_path_factory) -> dict[str, Path]:
    """The built site without a site URL ('relative') and with one ('absolute')."""
    made = {}
    for label, url in (("relative", None), ("absolute", SITE_URL)):
        root = make_publication(tmp_path_factory.mktemp(label) / "pub")
        result = build(root, site_url=url)
        assert result.published, [p.format() for p in result.problems if p.is_error]
        made[label] = root / "site"
    return made


class Parsed(HTMLParser):
    """Every start tag with its attributes, the text of <title>, <code> and the whole body."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.open: list[str] = []
        self.title = self.code = self.text = self.style = ""
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, {k: v or "" for k, v in attrs}))
        self.open.append(tag)

    def handle_endtag(self, tag):
        while self.open and self.open.pop() != tag:
            pass

    def handle_data(self, data):
        where = self.open[-1] if self.open else ""
        self.title += data if where == "title" and "svg" not in self.open else ""
        self.code += data if where == "code" else ""
        self.style += data if where == "style" else ""
        self.text += data


def chart_names(site: Path) -> list[str]:
    """Every published chart, by its Vega-Lite download (<folder>/<name>.vl.json)."""
    return sorted(p.relative_to(site).as_posix()[:-len(".vl.json")]
                  for p in site.rglob("*.vl.json"))


def embed_of(chart: str) -> str:
    """The embed page of a chart given as <folder>/<name>."""
    folder, _, name = chart.rpartition("/")
    return embeds.embed_path(folder, name)


def test_every_chart_has_an_embed_page_and_a_preview_image(sites):
    """Each chart's embed page and 1200 x 630 preview PNG are published beside it."""
    charts = chart_names(sites["relative"])
    assert charts == ["quality/quality-chart"]
    for chart in charts:
        assert (sites["relative"] / embed_of(chart)).is_file()
        folder, _, name = chart.rpartition("/")
        png = (sites["relative"] / previews.preview_path(folder, name)).read_bytes()
        assert png[:8] == b"\x89PNG\r\n\x1a\n"
        assert (int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")) == (
            previews.WIDTH, previews.HEIGHT)


def test_an_embed_page_stands_alone(sites):
    """No script, nothing loaded from anywhere; the title, source line, licence and a link
    back to the chart on its page, which exists."""
    site = sites["relative"]
    for chart in chart_names(site):
        path = site / embed_of(chart)
        page = Parsed(path.read_text(encoding="utf-8"))
        names = [tag for tag, _ in page.tags]
        assert "script" not in names and "link" not in names and "iframe" not in names
        assert not [(t, a) for t, a in page.tags if {"src", "srcset"} & set(a)
                    or any(k.startswith("on") for k in a)]
        # url() only for the SVG's own parts (#id), never a file or another host.
        assert not re.search(r"url\(\s*['\"]?(?!#)", path.read_text(encoding="utf-8"))
        assert "@import" not in page.style
        hrefs = [a["href"] for t, a in page.tags if "href" in a]
        outside = [h for h in hrefs if urlsplit(h).scheme or h.startswith(("/", "//"))]
        # Only links a reader follows may leave the site: the licence's own page.
        assert outside == ["https://creativecommons.org/licenses/by/4.0/"]
        assert all(t == "a" for t, a in page.tags if "href" in a)
        assert page.title == TITLE
        assert "Data: water-quality/national_labs (each row names its source)." in page.text
        assert "Licence: Creative Commons Attribution 4.0" in page.text
        assert "svg" in names
        back = [h for h in hrefs if "#" in h and not urlsplit(h).scheme]
        name = chart.rpartition("/")[2]
        target = (path.parent / back[-1].partition("#")[0]).resolve()
        assert back[-1].endswith(f"#{name}-figure") and target.is_file()
        assert f'id="{name}-figure"' in target.read_text(encoding="utf-8")
        for href in hrefs:
            if href not in outside:
                assert (path.parent / unquote(href.partition("#")[0])).resolve().is_file(), href


def snippet(site: Path, page: str) -> tuple[dict[str, str], str]:
    """The <iframe> snippet of a page's first chart (its attributes) and the block's text."""
    text = (site / page).read_text(encoding="utf-8")
    block = text[text.index('<details class="od-chart-embed"'):]
    block = block[:block.index("</details>") + len("</details>")]
    parsed = Parsed(block)
    code = Parsed(parsed.code)
    assert [tag for tag, _ in code.tags] == ["iframe"], parsed.code
    return code.tags[0][1], parsed.text


def test_the_snippet_points_at_the_embed_page(sites):
    """Without a site URL the snippet's src is the embed page's path in the site (the block
    says to put the site's address in front); with one, its absolute URL."""
    attributes, text = snippet(sites["relative"], "quality/index.html")
    assert attributes["src"] == "quality/embed/quality-chart.html"
    assert (sites["relative"] / attributes["src"]).is_file()
    assert "put the address the site is published at in front of it" in text
    assert attributes["title"] == TITLE  # hostile text, escaped twice, comes back as it was
    assert int(attributes["height"]) > 200 and attributes["style"].startswith("max-width:")
    attributes, text = snippet(sites["absolute"], "quality/index.html")
    assert attributes["src"] == SITE_URL + "quality/embed/quality-chart.html"
    assert "in front of it" not in text


def test_hostile_title_is_text_everywhere(sites):
    """The hostile title never becomes markup: not in the embed page, the snippet or the page."""
    for site in sites.values():
        for path in (site / "quality/embed/quality-chart.html", site / "quality/index.html"):
            text = path.read_text(encoding="utf-8")
            assert hostile.IMG not in text and hostile.SCRIPT not in text
            assert not [a for t, a in Parsed(text).tags if t == "img" or (
                t == "script" and "window.__pwned" in json.dumps(a))]
        embed = (site / "quality/embed/quality-chart.html").read_text(encoding="utf-8")
        assert html.escape(TITLE) in embed


def test_slots_are_all_filled(sites):
    """No slot publish leaves for the build survives in a page or an embed page."""
    for site in sites.values():
        for path in site.rglob("*.html"):
            text = path.read_text(encoding="utf-8")
            assert "opendata-embed" not in text, path
            if path.parent.name == embeds.FOLDER:
                assert embeds.HTML_SLOT not in text and '<html lang="en-IN">' in text


def test_the_embed_block_is_left_out_of_the_search_index(sites):
    """The same words under every chart would only weigh down the index every visitor loads."""
    for site in sites.values():
        index = (site / "search/search_index.json").read_text(encoding="utf-8")
        assert "Embed this chart" not in index and "another site" not in index
        assert '"location":"quality/index.html"' in index  # the page itself is indexed
