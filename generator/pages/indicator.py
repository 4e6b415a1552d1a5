"""Page kind: an indicator: one measure (or a few) over time from one resource, as a chart and a table.

Configured, not coded: the resource, its date and value fields, optionally a field naming the
series of a long table (one small panel per series, each with its own scale), dated markers
(a launch, a goal), labels. Every plotted value is a row of the resource: the table under the
chart links each to its row and its source, with the source's wording and the row's note.
"""

from __future__ import annotations

import posixpath
import re
from decimal import Decimal
from typing import TYPE_CHECKING

import jinja2

from .. import charts, languages
from ..i18n import N_, NOT_REPORTED
from ..kinds import Option
from ..languages import ENGLISH, Language
from ..model import NO_OPTIONS, Asset, Options, Page
from ..problems import Problem
from ..render_cache import data_only
from ..sitedata import FULL_TABLE_MAX_ROWS, LINE, SiteData, row_anchor
from .rows import check_basics, published, rel, resolve_intro, said

if TYPE_CHECKING:  # imported where a frame is made: a rebuild whose pages all come from
    import pandas as pd  # the render cache needs no pandas (issue 18)

OPTIONS = {
    "page": Option("Where the page goes, as a docs path (progress/index.md).", required=True),
    "title": Option("The page's title and heading.", required=True),
    "description": Option("One sentence for search results and link previews.", default=""),
    "intro": Option("Markdown under the heading; may hold figure references.", type="markdown",
                    default=""),
    "resource": Option("The table: package/resource.", required=True),
    "date": Option("The field that dates each row (YYYY-MM-DD, YYYY-MM or YYYY).",
                   required=True),
    "value": Option("The field holding the measure (a number).", required=True),
    "series": Option("In a long table, the field naming what each row measures: one panel "
                     "per value of it.", default=""),
    "include": Option("Only these series, in this order (default: every series, in order of "
                      "first appearance).", type="list", default=(), items=Option("a series")),
    "labels": Option("A reader's name for each series value (series: label).", type="map",
                     default=None),
    "note": Option("A field with each row's caveat, shown beside its value.", default=""),
    "markers": Option("Dated markers drawn as vertical rules.", type="list", default=(),
                      items=Option("a marker", type="map", keys={
                          "date": Option("The marker's date.", type="date", required=True),
                          "label": Option("Its label.", required=True)})),
    "chart_title": Option("The chart's title (default: the page title).", default=""),
}


def check(data: SiteData, options: Options) -> list[Problem]:
    """The page path, the resource and every field named exist (found before anything is written)."""
    problems, fields = check_basics(data, options, ("date", "value", "series", "note"))
    if fields is not None and not problems and fields[str(options["value"])].get("type") not in (
            "number", "integer"):
        problems.append(Problem(data.config.publication.path, None, "value", "type-error",
                                f"{options['value']} is not a number field"))
    return problems


@data_only
def render(data: SiteData, env: jinja2.Environment, options: Options = NO_OPTIONS
           ) -> list[Page | Asset]:
    """The indicator page, its chart and the chart's downloads (nothing if its data is absent)."""
    if published(data, options) is None:
        return []
    lang = languages.of(env)
    page = str(options["page"])
    folder = posixpath.dirname(page)
    rows = plotted_rows(data, options, folder, lang)
    chart = indicator_chart(data, options, rows, lang)
    context, assets = charts.publish(chart, folder, language=lang)
    text = env.get_template("indicator.md.j2").render(
        title=said(lang, options["title"]), description=said(lang, options.get("description")),
        intro=resolve_intro(data, options, page, lang), chart=context, rows=rows,
        series=bool(options.get("series")), notes=bool(options.get("note")),
        wording=any(r["wording"] for r in rows))
    return [Page(page, text), *assets]


def series_of(frame: pd.DataFrame, options: Options) -> list[str]:
    """The series to plot, in order: the `include` list, else each value in order of appearance."""
    if not options.get("series"):
        return [""]
    found = list(dict.fromkeys(frame[str(options["series"])]))
    wanted = list(options.get("include") or ())
    return [s for s in wanted if s in found] if wanted else found


def plotted_at(date: str) -> str:
    """Where a date is drawn: a month mid-month, a year mid-year; a day as it is."""
    if re.fullmatch(r"\d{4}-\d{2}", date):
        return f"{date}-15"
    if re.fullmatch(r"\d{4}", date):
        return f"{date}-07-01"
    return date


def plotted_rows(data: SiteData, options: Options, folder: str, lang: Language = ENGLISH
                 ) -> list[dict]:
    """Every row of the chosen series, by series then date: its value (in `lang`), links,
    wording and note."""
    package_name, _, name = str(options["resource"]).partition("/")
    package = data.package(package_name)
    resource = package.resource(name)
    frame = data.frame(package_name, name)
    fields = {str(f.get("name")): f for f in resource.fields}
    labels = {key: said(lang, label) for key, label in (options.get("labels") or {}).items()}
    date, value, series = str(options["date"]), str(options["value"]), str(options["series"])
    note = str(options.get("note") or "")
    wording = data.config.publication.figures.wording_field
    anchored = len(frame) <= FULL_TABLE_MAX_ROWS
    page = f"data/{package_name}/{name}.md"
    out = []
    for serie in series_of(frame, options):
        chosen = frame[frame[series] == serie] if series else frame
        for _, row in chosen.sort_values([date, LINE]).iterrows():
            if not str(row[date]).strip():
                continue  # an undated row cannot be placed on a time axis; the table keeps it
            unit = str(fields[value].get("unit") or row.get("unit", "") or "").split(" ")[0]
            source = str(row.get("source_id", ""))
            out.append({
                "series": labels.get(serie, serie), "key": serie, "date": str(row[date]),
                "date_text": lang.numbers.human_date(row[date]),
                "at": plotted_at(str(row[date])),
                "value": str(row[value]), "shown": value_text(str(row[value]), unit, lang),
                "wording": str(row.get(wording, "")) if wording in row.index else "",
                "note": str(row.get(note, "")) if note else "",
                "source": source, "line": int(row[LINE]),
                "source_link": rel(f"data/{package_name}/index.md#source-{source}", folder)
                if source else "",
                "row_link": rel(f"{page}#{row_anchor(resource, row)}" if anchored else page,
                                 folder)})
    return out


def value_text(value: str, unit: str, lang: Language = ENGLISH) -> str:
    """A published value for readers, in its unit: '81.1 lakh', '6,880', '45%' (in `lang`)."""
    numbers = lang.numbers
    if not value.strip():
        return lang.gettext(NOT_REPORTED)
    if unit in ("lakh", "crore"):
        return numbers.count_text(value, unit)["short"]
    if unit in ("percent", "%"):
        return numbers.percent(value)
    return numbers.group_indian(value)


# How a series moved between its first and last value: steadily (by the sign of the change),
# or with its ends as its extremes, or with a turn between them (its lowest and highest named).
STEADY = {1: N_("%(name)s rose from %(first)s (%(first_date)s) to %(last)s (%(last_date)s)"),
          -1: N_("%(name)s fell from %(first)s (%(first_date)s) to %(last)s (%(last_date)s)"),
          0: N_("%(name)s was unchanged from %(first)s (%(first_date)s) to %(last)s "
                "(%(last_date)s)")}
WAVERING = {1: N_("%(name)s rose from %(first)s (%(first_date)s) to %(last)s (%(last_date)s), "
                  "though not at every date"),
            -1: N_("%(name)s fell from %(first)s (%(first_date)s) to %(last)s "
                   "(%(last_date)s), though not at every date")}
TURNING = N_("%(name)s went from %(first)s (%(first_date)s) to %(last)s (%(last_date)s), not "
             "steadily: its lowest was %(low)s (%(low_date)s), its highest %(high)s "
             "(%(high_date)s)")


def describe(rows: list[dict], lang: Language = ENGLISH) -> str:
    """One sentence (in `lang`): how each series moved between its first and last dated value."""
    _ = lang.gettext
    parts = []
    for serie in dict.fromkeys(r["series"] for r in rows):
        points = [r for r in rows if r["series"] == serie and r["value"].strip()]
        name = serie or _("The measure")
        if len(points) == 1:
            parts.append(_("%(name)s: %(value)s (%(date)s), reported once") % {
                "name": name, "value": points[0]["shown"], "date": points[0]["date_text"]})
        elif points:
            first, last = points[0], points[-1]
            a, b = Decimal(first["value"]), Decimal(last["value"])
            values = [Decimal(p["value"]) for p in points]
            steps = list(zip(values, values[1:], strict=False))
            steady = all(x <= y for x, y in steps) or all(x >= y for x, y in steps)
            low = min(points, key=lambda p: Decimal(p["value"]))
            high = max(points, key=lambda p: Decimal(p["value"]))
            words = {"name": name, "first": first["shown"], "first_date": first["date_text"],
                     "last": last["shown"], "last_date": last["date_text"],
                     "low": low["shown"], "low_date": low["date_text"],
                     "high": high["shown"], "high_date": high["date_text"]}
            ends = {id(first), id(last)} == {id(low), id(high)} and a != b
            if steady:
                text = _(STEADY[(b > a) - (b < a)])
            elif ends:  # the ends are the extremes: only the path wavers
                text = _(WAVERING[1 if b > a else -1])
            else:  # say so: first and last alone would hide the turn between them
                text = _(TURNING)
            parts.append(text % words)
    return _("%(sentence)s.") % {"sentence": "; ".join(parts)} if parts else _(
        "No dated value to plot.")


def indicator_chart(data: SiteData, options: Options, rows: list[dict],
                    lang: Language = ENGLISH) -> charts.Chart:
    """The chart of the plotted rows, with its table, sources and downloads (in `lang`)."""
    import pandas as pd

    _ = lang.gettext
    title = said(lang, options.get("chart_title") or options["title"])
    latest = max((r["date"] for r in rows), default="")
    as_of = lang.numbers.human_date(latest) if latest else _("no dated value")
    source = _("Data: %(table)s (each row names its source).") % {"table": options["resource"]}
    points = pd.DataFrame([{"date": r["at"], "series": r["series"], "value": float(r["value"]),
                            "label": r["shown"]} for r in rows if r["value"].strip()],
                          columns=["date", "series", "value", "label"])
    marks = pd.DataFrame([{"date": m["date"], "label": said(lang, m["label"])}
                          for m in options.get("markers", ())], columns=["date", "label"])
    subtitle = [_("As of %(date)s.") % {"date": as_of}, source]
    faceted = bool(options.get("series"))
    spec = charts.series_spec(points, marks, title, subtitle, faceted=faceted, language=lang)
    narrow = charts.series_spec(points, marks, title, subtitle, faceted=faceted, narrow=True,
                                language=lang)
    cited = sorted({r["source"] for r in rows if r["source"]})
    download = pd.DataFrame([{"date": r["date"], "plotted_at": r["at"], "series": r["key"],
                              "value": r["value"], "source_id": r["source"], "line": r["line"]}
                             for r in rows])
    header = [_("Date"), *([_("Series")] if options.get("series") else []), _("Value"),
              _("Source")]
    table = [[r["date_text"], *([r["series"]] if options.get("series") else []), r["shown"],
              r["source"]] for r in rows]
    links = {r["source"]: r["source_link"] for r in rows if r["source"]}
    name = posixpath.basename(str(options["page"]))[:-3]
    chart_name = (name if name != "index" else posixpath.basename(
        posixpath.dirname(str(options["page"]))) or "indicator") + "-chart"
    return charts.Chart(chart_name, title, as_of, describe(rows, lang), spec, download, header, table,
                        source, [(s, links[s]) for s in cited], narrow_spec=narrow)
