"""Page kind: the home page: a title, an introduction, headline figures and links, from options.

Headline figures are `[[fig ...]]` references (see figures.py), usually with the `latest`
selector, so the home page follows the data without code: a new release updates every card.
"""

from __future__ import annotations

import jinja2

from .. import figures
from ..kinds import Option
from ..model import NO_OPTIONS, Asset, Options, Page, RenderError
from ..problems import Problem
from ..sitedata import SiteData

PAGE = "index.md"
CARD = {
    "label": Option("The figure's name, e.g. 'Rural households with a tap'.", required=True),
    "value": Option("The figure: a [[fig ...]] reference (any Markdown).", type="markdown",
                    default=""),
    "count": Option("Instead of value: package/resource, shown as its number of rows and "
                    "linked to its page.", default=""),
    "detail": Option("A line under the figure; may hold more references.", type="markdown",
                     default=""),
}
LINK = {
    "title": Option("The link's text.", required=True),
    "link": Option("A page of the site, as its docs path (coverage/index.md).", required=True),
    "text": Option("What the reader finds there (Markdown).", type="markdown", default=""),
    "dataset": Option("Show the link only when this dataset is published.", default=""),
}
OPTIONS = {
    "title": Option("The page's title and heading (default: the site name).", default=""),
    "description": Option("One sentence for search results and link previews.", default=""),
    "intro": Option("Markdown under the heading: what the site is; may hold references.",
                    type="markdown", default=""),
    "figures": Option("Headline figures, one card each.", type="list", default=(),
                      items=Option("a card", type="map", keys=CARD)),
    "links": Option("The 'Explore' list after the data catalog.", type="list", default=(),
                    items=Option("a link", type="map", keys=LINK)),
    "updates": Option("How many of the latest updates to list (0: none).", type="int",
                      default=3),
}


def render(data: SiteData, env: jinja2.Environment, options: Options = NO_OPTIONS
           ) -> list[Page | Asset]:
    """The home page."""
    cards, problems = headline_figures(data, options)
    intro, found = _resolve(data, str(options.get("intro") or ""))
    problems += found
    if problems:
        raise RenderError(problems[0].format())
    from .updates import latest

    names = {p.name for p in data.packages}
    links = [{"title": link["title"], "link": link["link"], "text": _resolve(data, link["text"])[0]}
             for link in options.get("links", ())
             if not link["dataset"] or link["dataset"] in names]
    return [Page(PAGE, env.get_template("home.md.j2").render(
        title=options.get("title") or data.config.site_name,
        description=options.get("description") or "", intro=intro, figures=cards,
        datasets=len(data.packages), links=links,
        updates=latest(data, int(options.get("updates", 3))) if options.get("updates", 3)
        else []))]


def check(data: SiteData, options: Options) -> list[Problem]:
    """Every problem of the home page's references, found before anything is written."""
    problems = headline_figures(data, options)[1]
    names = {p.name for p in data.packages}
    texts = [options.get("intro") or ""] + [link["text"] for link in options.get("links", ())
                                            if not link["dataset"] or link["dataset"] in names]
    for text in texts:
        problems += _resolve(data, str(text))[1]
    return problems


def _resolve(data: SiteData, text: str) -> tuple[str, list[Problem]]:
    """Markdown with its figure references resolved, as seen from the home page."""
    if not text:
        return "", []
    return figures.resolve_text(text, data.config.publication.path, 1, PAGE, data)


def _file(data: SiteData, reference: figures.Reference) -> str:
    """'package/file.csv': the file a figure comes from, named as the downloads name it."""
    resource = data.package(reference.package).resource(reference.resource)
    return f"{reference.package}/{resource.path}" if resource is not None else ""


def headline_figures(data: SiteData, options: Options) -> tuple[list[dict], list[Problem]]:
    """The cards: label, value, detail and where the value comes from (file, line, source)."""
    cards: list[dict] = []
    problems: list[Problem] = []
    names = {p.name for p in data.packages}
    for card in options.get("figures", ()):
        if card["count"]:
            package, _, resource = card["count"].partition("/")
            if package not in names:
                continue  # a card about a dataset this build does not publish
            if (package, resource) not in data.frames:
                problems.append(Problem(data.config.publication.path, None, "figures.count",
                                        "figure-not-found", f"no table {card['count']!r}"))
                continue
            detail, found = _resolve(data, card["detail"])
            problems += found
            path = data.package(package).resource(resource).path
            cards.append({"label": card["label"], "detail": detail,
                          "value": f"[{len(data.frame(package, resource)):,}]"
                                   f"(data/{package}/{resource}.md)",
                          "origins": [{"file": f"{package}/{path}", "line": None,
                                       "row_link": f"data/{package}/{resource}.md",
                                       "source_id": "", "source_link": ""}]})
            continue
        cited = figures.cited_packages(card["value"])
        if any(p not in names for p in cited):
            continue
        value, more = _resolve(data, card["value"])
        detail, most = _resolve(data, card["detail"])
        problems += more + most
        cards.append({"label": card["label"], "value": value, "detail": detail,
                      "origins": origins(data, card["value"] + "\n" + card["detail"])})
    return cards, problems


def origins(data: SiteData, text: str) -> list[dict]:
    """Every row a card's figures come from, once each, in order: file, line and source."""
    where = data.config.publication.path
    out: dict[tuple[str, int], dict] = {}
    for reference in figures.find_references(text, where)[0]:
        figure = figures.resolve(reference, data, where)
        if not isinstance(figure, figures.Figure):
            continue  # reported by the resolution of the card's text
        key = (_file(data, reference), figure.line)
        out.setdefault(key, {
            "file": key[0], "line": figure.line, "row_link": figure.target,
            "source_id": figure.source_id,
            "source_link": f"data/{reference.package}/index.md#source-{figure.source_id}"
            if figure.source_id else ""})
    return list(out.values())
