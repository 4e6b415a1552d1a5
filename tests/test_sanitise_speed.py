"""The sanitiser's quicker cleaning (issue 18) writes what the filtered cleaning writes: a page
with no tag that can make an img is cleaned without the Python attribute filter, and any page
that can make one still has every image from elsewhere refused."""

from __future__ import annotations

import pytest

from generator import sanitise

# Pages where an img element is made, in every spelling the parser accepts.
IMAGES = [
    '<img src="https://example.org/t.png">', '<IMG SRC="//example.org/t.png">',
    '<image src="http://example.org/t.png">', '<Image src="data:image/png;base64,AA">x',
    '<svg><image href="http://example.org/t"/><img src="https://example.org/t"></svg>',
    '<p>a<iMg src=javascript:x alt="a"></p>', '<img src="../assets/logo.png" alt="logo">',
    '<math><img src="https://example.org/t.png"></math>',
]
# Pages without one: the generated markup and hostile markup of other kinds.
OTHERS = [
    '<p class="x">a &amp; b<br/></p><!-- c -->', '<a href="https://example.org/">x</a>',
    '<a href="//example.org/">x</a>', '<svg viewBox="0 0 2 2"><path d="M0"/></svg>',
    "<p>a<script>x()</script></p>", '<div style="position:fixed" onclick="x()">x</div>',
    '<td style="text-align: right;">1</td>', "<p>&lt;img src=https://example.org/t.png&gt;</p>",
    '<input type="search" name="q"><select name="s"><option value="a">a</option></select>',
]


def _filtered(page: str) -> str:
    return sanitise._WITH_FILTER.clean(page)


@pytest.mark.parametrize("page", IMAGES)
def test_an_image_from_elsewhere_is_still_refused(page):
    assert sanitise._IMAGE_TAG.search(page)
    cleaned = sanitise._clean(page)
    assert cleaned == _filtered(page)
    for token in sanitise._markup(cleaned):
        if token[0] == "<" and token[1] == "img":
            src = dict(token[2]).get("src", "")
            assert not src or src.startswith("../"), cleaned


@pytest.mark.parametrize("page", OTHERS)
def test_a_page_without_an_image_cleans_as_the_filter_would(page):
    assert not sanitise._IMAGE_TAG.search(page)
    assert sanitise._clean(page) == _filtered(page)


def test_the_filter_is_what_refuses_a_foreign_image():
    """The unfiltered cleaner alone would keep it: the choice of cleaner matters."""
    page = '<img src="https://example.org/t.png">'
    assert "https://example.org" in sanitise._WITHOUT_FILTER.clean(page)
    assert sanitise.clean_html(page) == "<img>"
