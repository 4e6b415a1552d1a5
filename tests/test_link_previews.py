"""Link previews (issue 15, item 4): Open Graph and Twitter card tags on every page kind.

The hostile copy of the project (tests/hostile.py) is built with a site URL; one page of every
kind (tests/browser/harness.every_page_kind) is read back with an HTML parser and its tags are
compared with the page's own front matter; chart and dataset pages point at a PNG preview of
1200 x 630 made at build time. What happens without a site URL, or with a default image, is
checked on link_preview itself.
"""

from __future__ import annotations

import html
import os
from html.parser import HTMLParser
from pathlib import Path
from types import SimpleNamespace

import hostile
import pytest
import yaml
from browser.harness import every_page_kind
from sitebuild import build

from generator import mkdocs_pages, previews

SITE_URL = "https://example.org/jjm/"
SITE_NAME = "Jal Jeevan Mission open data"  # mkdocs.yml's site_name


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    """The hostile project (without its refused javascript: links), built with a site URL."""
    root = hostile.make_hostile_project(tmp_path_factory.mktemp("previews") / "project",
                                        links=False)
    result = build(root, site_url=SITE_URL)
    assert result.published, [p.format() for p in result.problems if p.is_error]
    return root


@pytest.fixture(scope="module")
def pages(project: Path) -> dict[str, str]:
    """One built page of every kind of page the sections make: label -> path."""
    previous = os.environ.get("SITE_URL")
    os.environ["SITE_URL"] = SITE_URL  # the same settings as the build: its caches are reused
    try:
        return every_page_kind(project)
    finally:
        if previous is None:
            os.environ.pop("SITE_URL")
        else:
            os.environ["SITE_URL"] = previous


class Head(HTMLParser):
    """The <meta property|name content> tags of a page's <head>, and its chart figures' ids."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.meta: dict[str, list[str]] = {}
        self.figures: list[str] = []
        self.in_head = False
        self.head_tags: list[str] = []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        values = {k: v or "" for k, v in attrs}
        if tag == "head":
            self.in_head = True
        elif self.in_head:
            self.head_tags.append(tag)
        if tag == "meta" and ("property" in values or "name" in values):
            key = values.get("property") or values["name"]
            self.meta.setdefault(key, []).append(values.get("content", ""))
        if tag == "figure" and "od-chart-figure" in values.get("class", ""):
            self.figures.append(values.get("id", ""))

    def handle_endtag(self, tag):
        if tag == "head":
            self.in_head = False

    def one(self, key: str) -> str | None:
        """The content of the one tag `key`; fails when it is there more than once."""
        found = self.meta.get(key, [])
        assert len(found) <= 1, (key, found)
        return found[0] if found else None


def front_matter(project: Path, page: str) -> dict:
    """The front matter of the Markdown a built page came from (build/docs)."""
    text = (project / "build/docs" / (page[:-len(".html")] + ".md")).read_text(encoding="utf-8")
    if not text.startswith("---\n"):
        return {}
    return yaml.safe_load(text[4:text.index("\n---", 4)]) or {}


def png_size(path: Path) -> tuple[int, int]:
    """A PNG's width and height from its header; fails if it is not a PNG."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR", path
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


def test_every_page_kind_has_its_link_preview(project, pages):
    """og:type, og:site_name, og:title, og:description, og:locale, og:url and twitter:card on
    one page of every kind, title and description those of the page's front matter."""
    assert len(pages) >= 10, pages
    for label, page in pages.items():
        head = Head((project / "site" / page).read_text(encoding="utf-8"))
        meta = front_matter(project, page)
        assert head.one("og:type") == "website", label
        assert head.one("og:site_name") == SITE_NAME, label
        assert head.one("og:locale") == "en_IN", label
        assert head.one("og:url") == SITE_URL + page, label
        title = head.one("og:title")
        assert title, label
        if meta.get("title"):
            # Front matter holds the title escaped as the theme prints it (markdown.meta_text).
            assert title == " ".join(html.unescape(str(meta["title"])).split()), label
        description = html.unescape(" ".join(str(meta.get("description") or "").split()))
        if description:
            shown = head.one("og:description")
            assert shown == description or (shown.endswith("…") and description.startswith(
                shown[:-1])), label
        card = head.one("twitter:card")
        assert card == ("summary_large_image" if head.one("og:image") else "summary"), label


def test_chart_and_dataset_pages_show_a_preview_made_from_their_chart(project, pages):
    """A page with a chart previews its first chart; a dataset page the first chart plotting
    it; each image is a PNG of 1200 x 630 in the site; other pages have no image."""
    site = project / "site"
    seen = 0
    for label, page in pages.items():
        head = Head((site / page).read_text(encoding="utf-8"))
        image = head.one("og:image")
        if head.figures:
            folder = page.rpartition("/")[0]
            name = head.figures[0].removesuffix("-figure")
            assert image == SITE_URL + previews.preview_path(folder, name), label
        elif page.startswith("data/jjm-coverage/"):
            assert image is not None, label  # the home page's chart plots jjm-coverage
        elif page.startswith("data/admin-codes/"):
            assert image is None, label  # no chart plots the admin codes
        if image is None:
            continue
        seen += 1
        assert image.startswith(SITE_URL), label
        assert png_size(site / image[len(SITE_URL):]) == (previews.WIDTH, previews.HEIGHT)
        assert head.one("og:image:width") == "1200" and head.one("og:image:height") == "630"
        assert head.one("og:image:type") == "image/png"
        assert head.one("og:image:alt") and head.one("twitter:image:alt")
    assert seen >= 4, seen


def test_hostile_values_come_out_as_text(project):
    """A hostile dataset title, chart title and page description are text in the content
    attribute: parsed back, they equal what was written; no tag was added to the head."""
    site = project / "site"
    # The State whose name is hostile: its page's slug is made from that name.
    goa = next(p.relative_to(site).as_posix() for p in sorted(site.glob("coverage/states/*.html"))
               if (Head(p.read_text(encoding="utf-8")).one("og:title") or "").startswith(
                   hostile.STATE_NAME))
    cases = {"data/jjm-coverage/index.html": ("og:title", hostile.PACKAGE_TITLE),
             "about.html": ("og:description", hostile.PAGE_DESCRIPTION),
             goa: ("og:image:alt", f"Rural households with a tap: {hostile.STATE_NAME} and India")}
    for page, (key, expected) in cases.items():
        text = (site / page).read_text(encoding="utf-8")
        head = Head(text)
        assert head.one(key) == expected, page
        assert "img" not in head.head_tags, page
        assert hostile.IMG not in text and "<script>window.__pwned" not in text, page


def page_of(meta: dict, canonical: str | None = None) -> SimpleNamespace:
    """A stand-in for an MkDocs page: what link_preview reads."""
    return SimpleNamespace(meta=meta, title="Heading", canonical_url=canonical)


def config_of(site_url: str, extra: dict | None = None) -> SimpleNamespace:
    """A stand-in for MkDocs' config: what link_preview reads."""
    return SimpleNamespace(site_name='Site "A" & <B>', site_description="", site_url=site_url,
                           extra=extra or {})


def tags(page, config) -> dict[str, str]:
    return {name: value for _, name, value in mkdocs_pages.link_preview(page, config, "en-IN")}


def test_without_a_site_url_there_is_no_url_and_no_image():
    """Open Graph wants absolute URLs: without a site URL no og:url, no og:image, summary."""
    meta = {"title": "A &lt;b&gt; title", "description": "One &quot;line&quot;.",
            mkdocs_pages.PREVIEW_KEY: {"image": "x/embed/c-preview.png", "alt": "Chart"}}
    found = tags(page_of(meta), config_of(""))
    assert found["og:title"] == "A <b> title" and found["og:description"] == 'One "line".'
    assert found["og:site_name"] == 'Site "A" & <B>'  # plain text: the template escapes it
    assert "og:url" not in found and "og:image" not in found
    assert found["twitter:card"] == "summary"
    found = tags(page_of(meta, "https://e.org/s/p.html"), config_of("https://e.org/s/"))
    assert found["og:url"] == "https://e.org/s/p.html"
    assert found["og:image"] == "https://e.org/s/x/embed/c-preview.png"
    assert found["twitter:card"] == "summary_large_image" and found["og:image:alt"] == "Chart"


def test_a_page_without_a_chart_shows_the_sites_default_image():
    """`extra: preview_image` in mkdocs.yml is the image of every page without its own."""
    found = tags(page_of({"title": "About"}, "https://e.org/about.html"),
                 config_of("https://e.org/", {"preview_image": "assets/card one.png"}))
    assert found["og:image"] == "https://e.org/assets/card%20one.png"
    assert found["twitter:card"] == "summary_large_image" and found["og:image:alt"] == "About"
    assert "og:image:width" not in found  # its size is the publication's own
    found = tags(page_of({"title": "About"}), config_of("", {"preview_image": "assets/c.png"}))
    assert "og:image" not in found and found["twitter:card"] == "summary"


def test_a_long_description_is_cut_at_a_word():
    """Cards show a sentence or two: a description longer than DESCRIPTION_MAX is cut."""
    long = " ".join(["word"] * 200)
    shown = tags(page_of({"description": long}), config_of(""))["og:description"]
    assert len(shown) <= mkdocs_pages.DESCRIPTION_MAX and shown.endswith("word…")


# The opening tag of an SVG as vl-convert draws every chart.
VL_ROOT = ('<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
           'version="1.1" class="marks" width="200" height="100" viewBox="0 0 200 100">')


def test_a_charts_card_draws_its_marks_in_a_group_and_cuts_nothing_off():
    """A chart's marks go on the card in a scaled group, not a nested viewport (which resvg
    draws as a layer and mask of the whole card, 2.3 times slower, issue 18), so what runs past
    the chart's edge (a Devanagari legend vl-convert measured short) is drawn, not cut off."""
    import vl_convert

    body = '<rect width="200" height="100" fill="#336"/>'
    beyond = '<rect x="201" y="40" width="3" height="20" fill="#c00"/>'  # past the edge
    card = previews.card_svg(VL_ROOT + body + beyond + "</svg>")
    assert card.count("<svg") == 1 and '<g class="marks" transform="translate(30 30) ' \
        'scale(5.700000)">' in card
    without = previews.card_svg(VL_ROOT + body + "</svg>")
    assert vl_convert.svg_to_png(card, scale=1) != vl_convert.svg_to_png(without, scale=1)


def test_another_svgs_card_nests_it_in_its_own_viewport():
    """An SVG whose root is not vl-convert's (another viewBox) keeps it: nested, scaled."""
    other = ('<svg xmlns="http://www.w3.org/2000/svg" width="200" height="100" '
             'viewBox="10 10 200 100"><rect x="10" y="10" width="200" height="100"/></svg>')
    card = previews.card_svg(other)
    assert card.count("<svg") == 2 and 'viewBox="10 10 200 100"' in card
    assert 'width="1140" height="570"' in card
