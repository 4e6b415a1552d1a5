"""Nothing from data or content runs (issue 13): each hostile case, without a browser.

tests/browser/test_browser_hostile.py opens the same pages in Chromium.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import hostile
import pytest
from sitebuild import build

from generator import sanitise
from generator.front_matter import escape_printed
from generator.markdown import code_span, environment, html_table, json_ld
from generator.model import Document


@pytest.fixture(scope="module")
def hostile_build(tmp_path_factory):
    """The hostile project with its javascript: links: refused, nothing published."""
    project = hostile.make_hostile_project(tmp_path_factory.mktemp("hostile") / "project")
    return project, build(project)


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> Path:
    """The hostile project without the javascript: links, built."""
    project = hostile.make_hostile_project(tmp_path_factory.mktemp("hostile-site") / "project",
                                           links=False)
    result = build(project)
    assert result.published, [p.format() for p in result.problems if p.is_error]
    return project / "site"


class _Live(HTMLParser):
    """Every sign of live markup a payload would make: on* attributes, its script, js: links."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []
        self._script = False

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name.startswith("on") or (name in ("href", "src") and sanitise.unsafe_scheme(
                    value or "")):
                self.found.append(f"<{tag} {name}={value!r}>")
        self._script = tag == "script" and dict(attrs).get("type") != "application/ld+json"

    def handle_endtag(self, tag):
        self._script = False

    def handle_data(self, data):
        if self._script and "__pwned" in data:
            self.found.append(f"<script>{data[:40]}")


def _live(page: str) -> list[str]:
    parser = _Live()
    parser.feed(page)
    return parser.found


def test_javascript_links_are_problems_at_their_line(hostile_build):
    """A javascript: target, as a Markdown link or in raw HTML, is refused at its line."""
    project, result = hostile_build
    assert not result.published and not (project / "site").exists()
    unsafe = [(p.path, p.row, p.code) for p in result.problems if p.code == "unsafe-link-target"]
    lines = {}
    for relative in (hostile.UPDATE, hostile.PAGE):
        text = (project / relative).read_text(encoding="utf-8").split("\n")
        lines[relative] = [n for n, line in enumerate(text, start=1) if hostile.JS_LINK in line]
    assert sorted(unsafe) == sorted((path, row, "unsafe-link-target")
                                    for path, rows in lines.items() for row in rows)
    assert all(len(rows) == 2 for rows in lines.values())


@pytest.mark.parametrize("target", [
    "javascript:alert(1)", "JavaScript:alert(1)", " java\tscript:alert(1)", "vbscript:msgbox",
    "data:text/html;base64,PHNjcmlwdD4=", "&#106;avascript:alert(1)"])
@pytest.mark.parametrize("shape", ["[x]({})", "[x]: {}", '<a href="{}">x</a>', "<img src='{}'>"])
def test_unsafe_link_targets_in_every_shape(shape, target):
    """Markdown links, reference definitions and HTML attributes, however the scheme is spelt."""
    line = shape.format(target)
    if shape.startswith("[x]:") and any(c.isspace() for c in target.strip()):
        return  # a reference definition ends at the first space
    document = Document("content/page.md", "page.md", "", f"Text.\n\n{line}\n", 3)
    assert [(p.row, p.code) for p in sanitise.unsafe_links(document)] == [
        (5, "unsafe-link-target")]


def test_links_in_code_are_text():
    """A javascript: target shown in code (a code span or a fenced block) is no link."""
    body = "Write `[x](javascript:y)` never.\n\n```\n<a href=\"javascript:y\">\n```\n"
    assert sanitise.unsafe_links(Document("content/p.md", "p.md", "", body, 1)) == []
    assert sanitise.unsafe_links(Document("content/p.md", "p.md", "",
                                          "[ok](https://example.org/) [me](mailto:a@b.c)", 1)) == []


@pytest.mark.parametrize("payload, kept", [
    ("<p>a<script>window.__pwned=1</script></p>", "<p>a</p>"),
    ("<img src='x' onerror='window.__pwned=1'>", '<img src="x">'),
    ("<svg onload='window.__pwned=1'></svg>", "<svg></svg>"),
    ('<a href="javascript:window.__pwned=1">x</a>', "<a>x</a>"),
    ('<a href="&#106;avascript:x">x</a>', "<a>x</a>"),
    ('<svg><a xlink:href="javascript:x"><text>x</text></a></svg>', "<svg><a><text>x</text></a></svg>"),
    ('<iframe srcdoc="<script>x</script>"></iframe>', ""),
    ('<form action="https://example.org/"><button formaction="javascript:x">b</button></form>',
     "<form><button>b</button></form>"),
    ('<img src="https://example.org/track.png">', "<img>"),
    ('<div style="position:fixed">x</div>', "<div>x</div>"),
    ('<script type="application/ld+json">\n{"a": "</script><script>x()"}\n</script>', ""),
    ('<script src="https://example.org/x.js"></script>', ""),
])
def test_sanitiser_removes_what_runs(payload, kept):
    """Scripts, event handlers, unsafe URLs and styles go; the words stay."""
    assert sanitise.clean_html(payload) == kept


@pytest.mark.parametrize("markup", [
    '<script type="application/ld+json">\n{"name": "J\\u0026K \\u003cem>"}\n</script>',
    '<script src="../assets/partners-filter.js" defer></script>',
    '<table class="od-table"><thead><tr><th scope="col" style="text-align: right;">x</th></tr>'
    '</thead><tbody><tr id="row-2"><td data-value="1">1</td></tr></tbody></table>',
    '<details class="note"><summary>s</summary><p>t</p></details>',
    '<figure class="od-chart" aria-labelledby="c-title" tabindex="0"><svg viewBox="0 0 2 2" '
    'xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" role="img">'
    '<title id="c-title">t</title><g transform="translate(1,1)"><path d="M0 0L1 1" '
    'stroke="#000"/><text text-anchor="middle" font-size="10px">a</text></g></svg></figure>',
    '<p class="od-note" data-search-exclude hidden id="n" role="status" aria-live="polite">x</p>',
    '<a href="../data/index.html#row-3" title="3 Mar 2026">81.71%</a> <!-- a comment -->',
])
def test_sanitiser_keeps_the_generated_markup_byte_for_byte(markup):
    """What the pages legitimately use is published as MkDocs wrote it."""
    assert sanitise.clean_html(markup) == markup


def test_a_table_region_is_named_by_escaped_text():
    """A resource's title names its table's box (a region with a tab stop) as attribute text:
    a quote cannot end the attribute, and the sanitiser keeps the box as it was written."""
    table = str(html_table(["a"], [["1"]], data=True, region='T" onfocus="x()" <b>'))
    box = table.split("<table", 1)[0]
    assert box == ('<div class="od-table-wrap" markdown="0" tabindex="0" role="region" '
                   'aria-label="T&quot; onfocus=&quot;x()&quot; &lt;b&gt;">')
    assert sanitise.clean_html(table) == table
    assert "tabindex" not in str(html_table(["a"], [["1"]], data=True, region=" "))


def test_json_ld_opens_no_comment_and_closes_no_script():
    """`<!--<script>` or `</script>` in data stays data: every < is \\u003c."""
    block = json_ld({"description": f"a {hostile.COMMENT} b </script><script>x()</script>"})
    body = block.removeprefix('<script type="application/ld+json">').removesuffix("</script>")
    assert "<" not in body
    assert json.loads(body)["description"] == f"a {hostile.COMMENT} b </script><script>x()</script>"


def test_field_name_stays_in_its_code_span():
    """A backtick in a field name cannot end the code span and let HTML out."""
    assert code_span(hostile.FIELD) == f"`` {hostile.FIELD} ``"
    assert code_span("`x`") == "`` `x` ``"
    env = environment(Path("/nonexistent"))
    html = env.from_string('<span id="source-{{ id | attribute }}"></span>').render(
        id=hostile.SOURCE_ID)
    assert html.count('"') == 2 and "<img" not in html


def test_printed_front_matter_is_escaped():
    """A hand-written page's title and description reach <title> and <meta> escaped."""
    text = 'title: About\ndescription: "a \\"><script>x()</script> & b"\nhide: [toc]'
    escaped = escape_printed(text)
    assert "<script>" not in escaped and "&quot;&gt;&lt;script&gt;" in escaped
    assert "hide:\n- toc" in escaped
    assert escape_printed("title: About the data\n# a comment") == "title: About the data\n# a comment"


def test_every_hostile_page_is_inert(hostile_site):
    """The built pages of each case hold no live markup, and the hostile text is still shown."""
    cases = {
        "State name (State page)": (next((hostile_site / "coverage/states").glob("goa*.html")),
                                    "Goa &lt;img"),
        "package and resource titles (dataset page)": (
            hostile_site / "data/jjm-coverage/index.html", "Coverage &lt;img"),
        "resource title (resource page)": (
            hostile_site / "data/jjm-coverage/national_timeseries.html", "National &lt;script"),
        "field name (dataset page)": (hostile_site / "data/admin-codes/index.html",
                                      "<code>s_no`&lt;img"),
        "source_id without a pattern": (hostile_site / "data/sector-partners/index.html",
                                        'id="source-P99&quot;&gt;&lt;img'),
        "tag description": (hostile_site / "updates/tags/index.html", "Coverage &lt;img"),
        "update body": (hostile_site / "updates/latest-national-coverage.html",
                        "Hostile body text follows."),
        "content page": (hostile_site / "about.html", "Hostile body text follows."),
    }
    for case, (path, shown) in cases.items():
        page = path.read_text(encoding="utf-8")
        assert _live(page) == [], case
        assert shown in page, case


def test_description_comment_does_not_swallow_the_page(hostile_site):
    """`<!--<script>` in a description: the JSON-LD ends where it should; the theme's script runs."""
    page = (hostile_site / "data/jjm-coverage/index.html").read_text(encoding="utf-8")
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S).group(1)
    assert "<" not in block and "\\u003c!--\\u003cscript>" in block
    assert "bundle." in page.split(block, 1)[1]  # the theme's script comes after it


def test_meta_tags_hold_escaped_text(hostile_site):
    """<title> and <meta content> of generated and hand-written pages: no markup, no way out."""
    for path in ("about.html", "data/jjm-coverage/index.html", "data/jjm-coverage/"
                 "national_timeseries.html", *[p.relative_to(hostile_site).as_posix() for p in
                                               (hostile_site / "coverage/states").glob("goa*.html")]):
        head = (hostile_site / path).read_text(encoding="utf-8").split("</head>", 1)[0]
        for tag in re.findall(r"<meta [^>]*>|<title>.*?</title>", head):
            assert "<script" not in tag[1:] and "<img" not in tag[1:], (path, tag)
            if tag.startswith("<meta"):
                assert tag.count('"') % 2 == 0 and '"><' not in tag, (path, tag)
    head = (hostile_site / "about.html").read_text(encoding="utf-8").split("</head>", 1)[0]
    assert 'content="About &quot;&gt;&lt;script&gt;' in head
