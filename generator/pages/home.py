"""Page kind: the home page: a title, an introduction, headline figures and links, from options.

Headline figures are `[[fig ...]]` references (see figures.py), usually with the `latest`
selector, so the home page follows the data without code: a new release updates every card.
"""

from __future__ import annotations

import dataclasses
import json

import jinja2
from markupsafe import Markup

from .. import charts, figures, languages
from ..i18n import N_
from ..kinds import Option
from ..languages import ENGLISH, Language
from ..model import NO_OPTIONS, Asset, Options, Page, RenderError
from ..problems import Problem
from ..render_cache import cached
from ..sitedata import SiteData
from . import indicator
from .rows import PAGE as DOCS_PATH
from .rows import check_basics, missing_field, resource_fields, said, slug

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
CHART = {
    "title": Option("The chart's title.", required=True),
    "resource": Option("The table: package/resource, one row per dated figure.", required=True),
    "date": Option("The field that dates each row (YYYY-MM-DD, YYYY-MM or YYYY).",
                   required=True),
    "value": Option("The field holding the measure (a number); rows where it is blank are "
                    "left out.", required=True),
    "markers": indicator.OPTIONS["markers"],
    "link": Option("A page with more on it, as its docs path (coverage/index.md), linked "
                   "under the chart.", default=""),
    "link_text": Option("The link's text.", default=N_("More charts and the data")),
}
PLACES = {
    "title": Option("The list's heading, e.g. 'Your State'.", required=True),
    "resource": Option("The places: package/resource, one row per place.", required=True),
    "name": Option("The field with each place's name (the list is sorted by name).",
                   required=True),
    "page": Option("Each place's page, as a docs path where {slug} stands for its name (as "
                   "shown) as a lowercase slug (places/{slug}.md).", required=True),
    # On another language's pages a place is named by the field <name>_<code> (state_name_hi)
    # of `resource` where it has one; its page and slug stay the default language's.
    "key": Option("The field identifying a place, in `resource` and in `names`.", default=""),
    "names": Option("Tables (package/resource) with the same key and name fields whose "
                    "names are written better ('Kerala', not 'KERALA'); the last one found "
                    "wins. The slug is made from the name shown.", type="list",
                    default=(), items=Option("package/resource")),
    "dataset": Option("Show the list only when this dataset is published (the one the "
                      "places' pages are made from).", default=""),
    "title_case": Option("Write a name in capitals that no table of `names` writes better in "
                         "title case ('DELHI' as 'Delhi'; and, of, the in lowercase after "
                         "the first word).", type="bool", default=False),
}
SMALL_WORDS = frozenset({"and", "of", "the"})
OPTIONS = {
    "title": Option("The page's title and heading (default: the site name).", default=""),
    "description": Option("One sentence for search results and link previews.", default=""),
    "intro": Option("Markdown under the heading: what the site is; may hold references.",
                    type="markdown", default=""),
    "figures": Option("Headline figures, one card each.", type="list", default=(),
                      items=Option("a card", type="map", keys=CARD)),
    "chart": Option("A chart under the headline figures: one measure over time, drawn as "
                    "the indicator kind draws it, with its data table.", type="map",
                    default=None, keys=CHART),
    "places": Option("A compact list of links to each place's page (a State, a district), "
                     "under the chart: plain links, no JavaScript needed.", type="map",
                     default=None, keys=PLACES),
    "links": Option("The 'Explore' list after the data catalog.", type="list", default=(),
                    items=Option("a link", type="map", keys=LINK)),
    "updates": Option("How many of the latest updates to list (0: none).", type="int",
                      default=3),
}


def render(data: SiteData, env: jinja2.Environment, options: Options = NO_OPTIONS
           ) -> list[Page | Asset]:
    """The home page, in the language of `env`."""
    lang = languages.of(env)
    cards, problems = headline_figures(data, options, lang)
    intro, found = _resolve(data, said(lang, options.get("intro")), lang)
    problems += found
    if problems:
        raise RenderError(problems[0].format())
    from .updates import latest

    names = {p.name for p in data.packages}
    links = [{"title": said(lang, link["title"]), "link": link["link"],
              "text": _resolve(data, said(lang, link["text"]), lang)[0]}
             for link in options.get("links", ())
             if not link["dataset"] or link["dataset"] in names]
    chart, assets = home_chart(data, options.get("chart"), env)
    return [Page(PAGE, env.get_template("home.md.j2").render(
        title=said(lang, options.get("title") or data.config.site_name),
        description=said(lang, options.get("description")), intro=intro, figures=cards,
        chart=chart, places=place_links(data, options.get("places"), lang),
        datasets=len(data.packages), links=links,
        updates=latest(data, int(options.get("updates", 3)), lang) if options.get("updates", 3)
        else [])), *assets]


# The chart's template context, kept beside its downloads in the render cache (not a page).
CHART_CONTEXT = "home-chart-context.json"


def home_chart(data: SiteData, chart: Options | None, env: jinja2.Environment
               ) -> tuple[dict | None, list[Asset]]:
    """The home page's chart (the indicator kind's, of one measure) and its downloads; none
    when not configured or its table is not published.

    Drawn from the data and the chart's options only, so it comes from the render cache
    (render_cache.cached, keyed by both) as the other kinds' charts do: a build where neither
    changed neither builds the spec nor draws it.
    """
    if not chart or (*str(chart["resource"]).partition("/")[::2],) not in data.frames:
        return None, []

    lang = languages.of(env)

    def make(hidden: SiteData) -> list[Page | Asset]:
        context, assets = drawn_chart(hidden, chart, lang)
        return [Page(CHART_CONTEXT, dump_context(context)), *assets]

    stored, *assets = cached(f"{__name__}.chart", data, env, make, (repr(chart),))
    context = load_context(stored.markdown)
    context["link"] = str(chart.get("link") or "")
    context["link_text"] = said(lang, chart.get("link_text"))
    return context, assets


def dump_context(context: dict) -> str:
    """A chart's template context as JSON, naming the values that are Markup (its figure)."""
    markup = sorted(k for k, v in context.items() if isinstance(v, Markup))
    return json.dumps({"markup": markup, "context": {k: str(v) if k in markup else v
                                                     for k, v in context.items()}},
                      sort_keys=True, ensure_ascii=False)


def load_context(text: str) -> dict:
    """What dump_context wrote, its Markup values Markup again."""
    stored = json.loads(text)
    return {k: Markup(v) if k in stored["markup"] else v for k, v in stored["context"].items()}


def drawn_chart(data: SiteData, chart: Options, lang: Language = ENGLISH
                ) -> tuple[dict, list[Asset]]:
    """The chart drawn (in `lang`): its template context and its downloads."""
    options = indicator_options(chart)
    rows = [r for r in indicator.plotted_rows(data, options, "", lang) if r["value"].strip()]
    drawn = indicator.indicator_chart(data, options, rows, lang)
    # The indicator names a lone series 'the measure'; the home page names it by its title.
    drawn = dataclasses.replace(drawn, description=indicator.describe(
        [{**r, "series": said(lang, chart["title"])} for r in rows], lang))
    return charts.publish(drawn, "", language=lang)


def title_case(name: str) -> str:
    """'THE DADRA AND NAGAR HAVELI' -> 'The Dadra and Nagar Haveli'."""
    words = name.lower().split()
    return " ".join(w if i and w in SMALL_WORDS else w[:1].upper() + w[1:]
                    for i, w in enumerate(words))


def indicator_options(chart: Options) -> Options:
    """The chart's options as the indicator kind's (its defaults for what the home leaves out)."""
    defaults = {name: option.default for name, option in indicator.OPTIONS.items()}
    return Options.of({**defaults, **chart, "page": "home.md"})


def place_links(data: SiteData, places: Options | None, lang: Language = ENGLISH
                ) -> dict | None:
    """The heading and, per place, its name (in `lang` where the table has it) and page;
    none when not configured or absent."""
    if not places:
        return None
    package, _, resource = str(places["resource"]).partition("/")
    needed = str(places.get("dataset") or "")
    if (package, resource) not in data.frames or (
            needed and needed not in {p.name for p in data.packages}):
        return None
    key, name = str(places.get("key") or ""), str(places["name"])
    table = figures.records(data, package, resource)  # plain rows: no frame, no pandas
    better: dict[str, str] = {}
    for other in places.get("names") or ():
        names = tuple(str(other).partition("/")[::2])
        if key and names in data.frames:
            for row in figures.records(data, *names).rows():
                if str(row[name]).strip():
                    better[str(row[key])] = str(row[name])
    # The language's own name of a place, where the table has a field for it (state_name_hi).
    named = (f"{name}_{lang.code}" if not lang.default and f"{name}_{lang.code}" in table.columns
             else "")
    found: dict[str, str] = {}
    for row in table.rows():
        own = str(row[name]).strip()
        if own:
            shown = better.get(str(row[key]), "") if key else ""
            shown = shown or (title_case(own) if places.get("title_case") and own.isupper()
                              else own)
            page = str(places["page"]).replace("{slug}", slug(shown))
            found.setdefault((str(row[named]).strip() if named else "") or shown, page)
    return {"title": said(lang, places["title"]),
            "links": [{"name": n, "link": found[n]}
                      for n in sorted(found, key=lambda n: (n.casefold(), n))]}


def check(data: SiteData, options: Options) -> list[Problem]:
    """Every problem of the home page's references, found before anything is written."""
    problems = headline_figures(data, options)[1]
    names = {p.name for p in data.packages}
    texts = [options.get("intro") or ""] + [link["text"] for link in options.get("links", ())
                                            if not link["dataset"] or link["dataset"] in names]
    for text in texts:
        problems += _resolve(data, str(text))[1]
    if options.get("chart"):
        problems += check_chart(data, options["chart"])
    if options.get("places"):
        problems += check_places(data, options["places"])
    return problems


def check_chart(data: SiteData, chart: Options) -> list[Problem]:
    """The chart's table and fields exist and its value is a number (as the indicator's)."""
    where = data.config.publication.path
    problems, fields = check_basics(data, indicator_options(chart), ("date", "value"))
    problems = [dataclasses.replace(p, field=f"chart.{p.field}") for p in problems]
    if fields is not None and not problems and fields[str(chart["value"])].get("type") not in (
            "number", "integer"):
        problems.append(Problem(where, None, "chart.value", "type-error",
                                f"{chart['value']} is not a number field"))
    if chart.get("link") and not DOCS_PATH.fullmatch(str(chart["link"])):
        problems.append(Problem(where, None, "chart.link", "bad-value",
                                f"link must be a docs path, e.g. coverage/index.md; found "
                                f"{chart['link']!r}"))
    return problems


def check_places(data: SiteData, places: Options) -> list[Problem]:
    """The places' table and fields exist and their page is a docs path with {slug}."""
    where = data.config.publication.path
    problems: list[Problem] = []
    page = str(places["page"])
    if "{slug}" not in page or not DOCS_PATH.fullmatch(page.replace("{slug}", "x")):
        problems.append(Problem(where, None, "places.page", "bad-value",
                                f"page must be a docs path with {{slug}}, e.g. "
                                f"places/{{slug}}.md; found {page!r}"))
    tables = [("places.resource", str(places["resource"]))] + [
        ("places.names", str(n)) for n in places.get("names") or ()]
    if places.get("names") and not places.get("key"):
        problems.append(Problem(where, None, "places.key", "missing-key",
                                "names needs key: the field that matches a place across tables"))
    for option, table in tables:
        found: list[Problem] = []
        fields = resource_fields(data, {"resource": table}, "resource", found)
        problems += [dataclasses.replace(p, field=option) for p in found]
        for key in ("name", "key"):
            wanted = str(places.get(key) or "")
            if fields is not None and wanted and wanted not in fields:
                problems.append(missing_field(where, f"places.{key}", table, wanted, fields))
    return problems


def _resolve(data: SiteData, text: str, lang: Language = ENGLISH) -> tuple[str, list[Problem]]:
    """Markdown with its figure references resolved (in `lang`), as seen from the home page."""
    if not text:
        return "", []
    return figures.resolve_text(text, data.config.publication.path, 1, PAGE, data,
                                language=lang)


def _file(data: SiteData, reference: figures.Reference) -> str:
    """'package/file.csv': the file a figure comes from, named as the downloads name it."""
    resource = data.package(reference.package).resource(reference.resource)
    return f"{reference.package}/{resource.path}" if resource is not None else ""


def headline_figures(data: SiteData, options: Options, lang: Language = ENGLISH
                     ) -> tuple[list[dict], list[Problem]]:
    """The cards (in `lang`): label, value, detail and where the value comes from (file,
    line, source)."""
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
            detail, found = _resolve(data, said(lang, card["detail"]), lang)
            problems += found
            path = data.package(package).resource(resource).path
            cards.append({"label": said(lang, card["label"]), "detail": detail,
                          "value": f"[{figures.row_count(data, package, resource):,}]"
                                   f"(data/{package}/{resource}.md)",
                          "origins": [{"file": f"{package}/{path}", "line": None,
                                       "row_link": f"data/{package}/{resource}.md",
                                       "source_id": "", "source": "", "source_link": ""}]})
            continue
        cited = figures.cited_packages(card["value"])
        if any(p not in names for p in cited):
            continue
        value, more = _resolve(data, said(lang, card["value"]), lang)
        detail, most = _resolve(data, said(lang, card["detail"]), lang)
        problems += more + most
        cards.append({"label": said(lang, card["label"]), "value": value, "detail": detail,
                      "origins": origins(data, card["value"] + "\n" + card["detail"], lang)})
    return cards, problems


def origins(data: SiteData, text: str, lang: Language = ENGLISH) -> list[dict]:
    """Every row a card's figures come from, once each, in order: its source in words (title,
    publisher, date) first, as a reader cites it, then the file and line it is read from."""
    where = data.config.publication.path
    out: dict[tuple[str, int], dict] = {}
    for reference in figures.find_references(text, where)[0]:
        figure = figures.resolve(reference, data, where, lang)
        if not isinstance(figure, figures.Figure):
            continue  # reported by the resolution of the card's text
        key = (_file(data, reference), figure.line)
        out.setdefault(key, {
            "file": key[0], "line": figure.line, "row_link": figure.target,
            "source_id": figure.source_id,
            "source": figures.source_text(data, reference.package, figure.source_id, short=True,
                                          language=lang),
            "source_link": figure.source_target})
    return list(out.values())
