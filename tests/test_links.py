"""The link checker: exact problems on a handmade site, and none on the real built site."""

from __future__ import annotations

from pathlib import Path

import pytest
from sitebuild import ROOT, build, make_project

from generator.linkcheck import check_links, resolve

FIXTURE = ROOT / "tests" / "fixtures" / "links" / "site"


def test_fixture_site_problems_exactly():
    """Each kind of bad link is found once, at its line; good links of every shape pass."""
    assert [p.key() for p in check_links(FIXTURE)] == [
        ("about.html", 4, "../outside.html", "outside-root"),
        ("index.html", 12, "missing.html", "broken-link"),  # twice on the page, reported once
        ("index.html", 13, "sub/page.html#nowhere", "broken-anchor"),
        ("index.html", 14, "#absent", "broken-anchor"),
        ("index.html", 15, "/about.html", "outside-root"),
        ("index.html", 17, "sub/", "broken-link"),
        ("index.html", 19, "img/missing.png", "broken-link"),
        ("orphan.html", None, None, "unreachable-page"),
        ("orphan.html", 4, "gone.html", "broken-link"),
        # A <link rel=next> in <head> is not a link a reader follows.
        ("sub/only-head-link.html", None, None, "unreachable-page"),
        ("sub/page.html", 6, "../../x.html", "outside-root"),
    ]


def test_problem_messages_say_what_was_found():
    """Messages name the target and what is wrong, in the one printed shape."""
    lines = [p.format() for p in check_links(FIXTURE)]
    assert "index.html:13:sub/page.html#nowhere: broken-anchor: sub/page.html has no element " \
           "with id or name 'nowhere'" in lines
    assert "index.html:12:missing.html: broken-link: <a href> points to missing.html: " \
           "no such file" in lines
    assert any(line.startswith("orphan.html:-:-: unreachable-page: ") for line in lines)


@pytest.mark.parametrize("page, href, expected", [
    ("index.html", "about.html", ("about.html", "")),
    ("a/b.html", "../c.html#x", ("c.html", "x")),
    ("a/b.html", "c.html?q=1#r%20s", ("a/c.html", "r s")),
    ("a/b.html", "#", ("a/b.html", "")),
    ("a/b.html", "", ("a/b.html", "")),
    ("a/b.html", "./d%20e.html", ("a/d e.html", "")),
    ("a/b.html", "../../x.html", (None, "")),
    ("a/b.html", "/x.html", (None, "")),
])
def test_resolve(page, href, expected):
    """Relative paths, query strings, escapes and bare '#' resolve against the page."""
    target = resolve(page, href)
    assert (target.path, target.fragment) == expected


@pytest.mark.parametrize("href", ["https://example.org/a.html", "//cdn.example.org/x.js",
                                  "mailto:data@example.org", "javascript:void(0)",
                                  "data:image/png;base64,AAAA", "tel:+911234"])
def test_links_elsewhere_are_not_checked(href):
    """Links with a scheme or a host are not the checker's business (no network)."""
    assert resolve("index.html", href) is None


def test_real_site_has_no_link_problems(tmp_path):
    """The real project, built: every internal link and anchor resolves, every page is reached."""
    project = make_project(tmp_path / "project")
    result = build(project)
    assert result.published, [p.format() for p in result.problems if p.is_error]
    site: Path = project / "site"
    problems = check_links(site)
    assert [p.format() for p in problems] == []
    assert sum(1 for _ in site.rglob("*.html")) > 10  # the check ran over a real site
