"""Link checks over a built site folder: every internal link and anchor resolves, every page is
reachable from the home page, and no link leaves the site root. Pure Python, no network.

Problems are values: `path` is the page (relative to the site folder), `row` the line of the
tag in the HTML file, `field` the href as written, and `code` one of broken-link,
broken-anchor, unreachable-page or outside-root.
"""

from __future__ import annotations

import posixpath
from collections import deque
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

from .problems import Problem, sort_problems

HOME = "index.html"
# Attributes that point at another resource of the site: (tag, attribute).
LINKING = {("a", "href"), ("area", "href"), ("link", "href"), ("img", "src"), ("script", "src"),
           ("iframe", "src"), ("source", "src"), ("video", "src"), ("audio", "src"),
           ("track", "src"), ("embed", "src"), ("object", "data"), ("form", "action")}
# Of those, the links a reader can follow: the ones the reachability crawl walks.
FOLLOWED = {("a", "href"), ("area", "href")}
# Pages no link needs to reach (a host shows them by itself).
UNLINKED = {"404.html"}
# Fragments a browser resolves without an element of that id (HTML: "top" scrolls to the top).
BUILTIN_FRAGMENTS = {"", "top"}


@dataclass(frozen=True)
class Link:
    """One reference found in a page: the tag, the value as written and its line."""

    tag: str
    attribute: str
    href: str
    line: int


@dataclass
class ParsedPage:
    """What a page offers (ids and names to link to) and what it links to."""

    anchors: set[str] = field(default_factory=set)
    links: list[Link] = field(default_factory=list)


class _PageParser(HTMLParser):
    """Collects ids, <a name> anchors and every linking attribute of one HTML file."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = ParsedPage()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value for name, value in attrs if value is not None}
        if "id" in values:
            self.page.anchors.add(values["id"])
        if tag == "a" and "name" in values:
            self.page.anchors.add(values["name"])
        for name, value in values.items():
            if (tag, name) in LINKING:
                self.page.links.append(Link(tag, name, value.strip(), self.getpos()[0]))


def parse_page(path: Path) -> ParsedPage:
    """Parse one HTML file."""
    parser = _PageParser()
    parser.feed(path.read_text(encoding="utf-8", errors="replace"))
    parser.close()
    return parser.page


@dataclass(frozen=True)
class Target:
    """Where an internal link leads: a site path (or None when it leaves the root) and fragment."""

    path: str | None
    fragment: str


def resolve(page: str, href: str) -> Target | None:
    """The target of `href` written in `page` (both relative to the site root).

    None for links to elsewhere (a scheme such as https: or mailto:, or //host). A target path
    of None means the link climbs above the site root, or is root-absolute ('/x'), which leaves
    the site when it is served under a sub-path.
    """
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or href.startswith("//"):
        return None
    fragment = unquote(parts.fragment)
    path = unquote(parts.path)
    if not path:
        return Target(page, fragment)
    if path.startswith("/"):
        return Target(None, fragment)
    joined = posixpath.normpath(posixpath.join(posixpath.dirname(page), path))
    if joined == ".." or joined.startswith("../"):
        return Target(None, fragment)
    return Target(joined, fragment)


def html_pages(site: Path) -> list[str]:
    """Every .html file of the site, as sorted paths relative to it."""
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html") if p.is_file())


def check_links(site: Path) -> list[Problem]:
    """Every problem with the links of the built site in `site`, sorted."""
    pages = {path: parse_page(site / path) for path in html_pages(site)}
    problems: list[Problem] = []
    for page, parsed in pages.items():
        seen: set[tuple[str, str]] = set()
        for link in parsed.links:
            problem = _check_link(site, pages, page, link)
            if problem and (problem.field, problem.code) not in seen:  # once per page and href
                seen.add((problem.field, problem.code))
                problems.append(problem)
    problems += _unreachable(pages)
    return sort_problems(problems)


def _check_link(site: Path, pages: dict[str, ParsedPage], page: str, link: Link) -> Problem | None:
    """The problem with one link, if any."""
    target = resolve(page, link.href)
    if target is None:
        return None
    if target.path is None:
        return Problem(page, link.line, link.href, "outside-root",
                       f"<{link.tag} {link.attribute}> leads outside the site root; expected a "
                       f"relative path inside the site (the site must work under any sub-path)")
    file = site / target.path
    if target.path not in pages and not file.is_file():
        found = ("a folder; link its index.html instead (a link to a folder fails when the "
                 "site is opened from disk)" if file.is_dir() else "no such file")
        return Problem(page, link.line, link.href, "broken-link",
                       f"<{link.tag} {link.attribute}> points to {target.path}: {found}")
    if target.path in pages and target.fragment not in BUILTIN_FRAGMENTS and \
            target.fragment not in pages[target.path].anchors:
        return Problem(page, link.line, link.href, "broken-anchor",
                       f"{target.path} has no element with id or name {target.fragment!r}")
    return None


def _unreachable(pages: dict[str, ParsedPage]) -> list[Problem]:
    """Pages no chain of followable links from the home page reaches."""
    if HOME not in pages:
        return [Problem(HOME, None, None, "unreachable-page",
                        "the site has no home page (index.html) to start from")]
    reached = {HOME}
    queue = deque([HOME])
    while queue:
        page = queue.popleft()
        for link in pages[page].links:
            if (link.tag, link.attribute) not in FOLLOWED:
                continue
            target = resolve(page, link.href)
            if target and target.path in pages and target.path not in reached:
                reached.add(target.path)
                queue.append(target.path)
    return [Problem(page, None, None, "unreachable-page",
                    "no link leads here from the home page (index.html); link it from its "
                    "section's index page")
            for page in pages if page not in reached and page not in UNLINKED]
