"""Page kind: rural livelihoods, the J&K Rural Livelihoods Mission (UMEED) and DAY-NRLM, with a chart.

Dated figures go on the time axis; undated ones are listed apart and never plotted. The chart's
spec is built here; generator/charts.py draws it to static SVG offline and publishes it.
"""

from __future__ import annotations

import re
import textwrap
from collections import Counter
from collections.abc import Mapping
from typing import TYPE_CHECKING

import jinja2

from generator import charts, numbers
from generator.i18n import N_
from generator.languages import ENGLISH, Language, of
from generator.markdown import safe_url
from generator.model import NO_OPTIONS, Asset, Options, Page
from generator.needs import Needs
from generator.render_cache import data_only
from generator.sitedata import LINE, SiteData, row_anchor

if TYPE_CHECKING:  # imported where a frame is made: a rebuild from the cache needs none
    pass

PACKAGE = "livelihoods"
PAGE = "livelihoods/index.md"
CHART = "jkrlm-shgs-women"
# Okabe-Ito colours (safe for colour-blind readers), one per series of CHART_SERIES.
COLOURS = ["#000000", "#0072B2", "#CC79A7", "#D55E00"]
DATA_LINK = f"../data/{PACKAGE}"
# What the livelihoods page reads (checked at the descriptors before rendering).
NEEDS = (
    Needs("the livelihoods page", (f"{PACKAGE}/jkrlm_figures",), {
        f"{PACKAGE}/jkrlm_figures": (
            "as_of", "as_of_note", "geography", "metric", "value", "unit", "qualifier",
            "source_id", "note"),
        f"{PACKAGE}/day_nrlm_national": ("as_of", "metric", "value", "unit", "source_id"),
        f"{PACKAGE}/sources": ("source_id", "title", "publisher_or_outlet", "date_published"),
    }, (f"{PACKAGE}/day_nrlm_national", f"{PACKAGE}/sources")),
)
UT = "Jammu and Kashmir (UT)"
# Plotted: UT-wide dated counts of groups and of women, metric -> (series, panel). Targets are
# not achievements and are never plotted.
CHART_SERIES = {
    "shgs": (N_("Self-help groups"), N_("Self-help groups")),
    "women_in_shgs": (N_("Women in self-help groups"), N_("Women")),
    "women_members": (N_("Women members"), N_("Women")),
    "women_in_network": (N_("Women in the network"), N_("Women")),
}
HEADLINE = ("shgs", "women_in_shgs", "npa_rate_pct")
LABELS = {
    "agey_vehicles": N_("Vehicles under AGEY (Aajeevika Grameen Express Yojana)"),
    "bank_credit_accessed": N_("Bank credit accessed"),
    "bc_sakhis": N_("BC sakhis (banking correspondents)"),
    "blocks_covered": N_("Blocks covered"),
    "capitalisation_support": N_("Capitalisation support"),
    "cluster_level_federations": N_("Cluster-level federations"),
    "custom_hiring_centres": N_("Custom hiring centres"),
    "dayn_rlm_amount_disbursed_since_2014": N_("DAY-NRLM amount disbursed since 2014"),
    "districts_covered": N_("Districts covered"),
    "households_mobilised": N_("Households mobilised"),
    "households_with_agri_nutri_gardens": N_("Households with agri-nutri gardens"),
    "households_with_kitchen_garden": N_("Households with a kitchen garden"),
    "mahila_kisan": N_("Mahila kisan (women farmers)"),
    "member_internal_savings": N_("Members' internal savings"),
    "millionaire_didis": N_("'Millionaire didis'"),
    "npa_rate_pct": N_("Non-performing asset (NPA) rate"),
    "rural_households_covered": N_("Rural households covered"),
    "rural_households_mobilised": N_("Rural households mobilised"),
    "shgs": N_("Self-help groups"),
    "shgs_promoted": N_("Self-help groups promoted"),
    "svep_enterprises": N_("Enterprises under SVEP (Start-up Village Entrepreneurship Programme)"),
    "target_women_members_by_2024-03": N_("Women members: target for March 2024"),
    "village_organisations": N_("Village organisations"),
    "women_in_network": N_("Women in the network"),
    "women_in_shgs": N_("Women in self-help groups"),
    "women_members": N_("Women members"),
    "women_mobilised": N_("Women mobilised"),
}
# Unit suffixes of the national metric names, longest first.
SUFFIXES = ("_lakh_crore_inr", "_crore_inr", "_lakh", "_crore")
_DETAIL = re.compile(r"\s*\(.*\)$")


@data_only
def render(data: SiteData, env: jinja2.Environment, options: Options = NO_OPTIONS
           ) -> list[Page | Asset]:
    """The livelihoods page and its chart, when the livelihoods package is published."""
    if (PACKAGE, "jkrlm_figures") not in data.frames:
        return []
    language = of(env)
    sources = source_index(data, language)
    jkrlm = jkrlm_rows(data, sources, language)
    plotted = [r for r in jkrlm if r["plotted"]]
    chart, assets = charts.publish(jkrlm_chart(plotted, language), "livelihoods",
                                   language=language)
    page = env.get_template("livelihoods.md.j2").render(
        headline=headline(jkrlm, language), chart=chart, plotted=plotted,
        dated=[r for r in jkrlm if r["dated"] and not r["plotted"]],
        undated=[r for r in jkrlm if not r["dated"]],
        national=national(data, sources, language), sources=list(sources.values()),
        dataset_link=f"{DATA_LINK}/index.md")
    return [Page(PAGE, page), *assets]


def records(data: SiteData, resource: str) -> list[dict[str, str]]:
    """A resource's rows as dicts of the published strings, with `_line`."""
    return data.frame(PACKAGE, resource).to_dict("records")


def source_index(data: SiteData, language: Language = ENGLISH) -> dict[str, dict]:
    """Sources by id: title, outlet, date, safe URL and the row link on the sources page.

    A note on a source's date is the data's, shown as published.
    """
    resource = data.package(PACKAGE).resource("sources")
    out = {}
    for row in records(data, "sources"):
        note = row.get("date_published_note", "")
        date = language.numbers.human_date(row["date_published"]) if row["date_published"] \
            else language.gettext("undated")
        out[row["source_id"]] = {
            "id": row["source_id"], "title": row["title"],
            "publisher": row["publisher_or_outlet"], "date": f"{date} ({note})" if note else date,
            "url": safe_url(row.get("url", "")),
            "row_link": f"{DATA_LINK}/sources.md#{row_anchor(resource, row)}"}
    return out


def stem(metric: str) -> str:
    """A metric name without its unit suffix: 'shgs_promoted_lakh' -> 'shgs_promoted'."""
    return next((metric[: -len(s)] for s in SUFFIXES if metric.endswith(s)), metric)


def label(metric: str, language: Language = ENGLISH) -> str:
    """A metric's name for readers (the metric's code, made readable, when it has none)."""
    known = LABELS.get(metric) or LABELS.get(stem(metric))
    return language.gettext(known) if known else stem(metric).replace("_", " ").capitalize()


def value_text(value: str, unit: str, language: Language = ENGLISH) -> str:
    """A figure in its published unit: '4,05,226 (4.05 lakh)', '₹135.98 crore', '81.1 lakh'."""
    n = language.numbers
    if unit == "percent":
        return n.percent(value)
    if unit in ("lakh", "crore"):
        return n.count_text(value, unit)["short"]
    if unit.startswith("INR "):
        if unit[4:] in numbers.UNIT_FACTORS:
            return f"₹{n.count_text(value, unit[4:])['short']}"
        return f"₹{n.group_indian(value)} {unit[4:]}"
    text = n.group_indian(value)
    number = numbers.to_decimal(value)
    if number is not None and number >= numbers.LAKH:
        text += f" ({n.in_units(value, 'lakh')})"
    return text


def date_text(row: Mapping[str, str], short: bool = False, language: Language = ENGLISH
              ) -> str:
    """'21 Mar 2022', '28 Dec 2023, year inferred (see source L12)', 'undated (2025 context)'.

    `short` drops the note's trailing '(...)': '28 Dec 2023, year inferred'. The note is the
    data's (shown as published); 'undated' is the language's.
    """
    _ = language.gettext
    note = row.get("as_of_note", "")
    if short:
        note = _DETAIL.sub("", note)
    if not row["as_of"]:
        if note.lower().startswith("unknown"):
            note = note[len("unknown"):].strip().strip("()").strip()
        return _("undated (%(note)s)") % {"note": note} if note else _("undated")
    date = language.numbers.human_date(row["as_of"])
    return f"{date}, {note}" if note else date


def short_qualifier(qualifier: str) -> str:
    """A qualifier without its quoted wording: "approximately ('5 lakh')" -> 'approximately'."""
    return _DETAIL.sub("", qualifier)


def jkrlm_rows(data: SiteData, sources: dict[str, dict], language: Language = ENGLISH
               ) -> list[dict]:
    """Every J&K figure, dated ones by date; each knows whether the chart plots it."""
    resource = data.package(PACKAGE).resource("jkrlm_figures")
    rows = sorted(records(data, "jkrlm_figures"),
                  key=lambda r: (r["as_of"] == "", r["as_of"], int(r[LINE])))
    out = []
    for row in rows:
        dated = bool(row["as_of"])
        plotted = (dated and row["geography"] == UT and row["metric"] in CHART_SERIES
                   and "target" not in row["qualifier"].lower())
        series, panel = CHART_SERIES.get(row["metric"], ("", ""))
        out.append({
            "metric": row["metric"], "label": label(row["metric"], language),
            "series": language.gettext(series) if series else "",
            "panel": language.gettext(panel) if panel else "",
            "geography": row["geography"], "value": row["value"], "unit": row["unit"],
            "value_text": value_text(row["value"], row["unit"], language),
            "qualifier": row["qualifier"], "note": row["note"],
            "as_of": row["as_of"], "as_of_note": row["as_of_note"],
            "date": date_text(row, language=language), "dated": dated,
            "short_date": date_text(row, short=True, language=language),
            "plain": language.numbers.group_indian(row["value"]),
            "inferred": "inferred" in row["as_of_note"].lower(), "plotted": plotted,
            "source": sources[row["source_id"]], "line": int(row[LINE]),
            "row_link": f"{DATA_LINK}/jkrlm_figures.md#{row_anchor(resource, row)}"})
    return out


def headline(rows: list[dict], language: Language = ENGLISH) -> list[dict]:
    """The latest dated UT-wide figure of each headline metric."""
    n = language.numbers
    figures = []
    for metric in HEADLINE:
        dated = [r for r in rows if r["dated"] and r["geography"] == UT and r["metric"] == metric]
        if dated:
            row = dated[-1]
            value = n.percent(row["value"]) if row["unit"] == "percent" else row["plain"]
            number = numbers.to_decimal(row["value"])
            figures.append({**row, "headline": f"{row['qualifier']} {value}".strip(),
                            "detail": n.in_units(row["value"], "lakh")
                            if row["unit"] != "percent" and number and number >= numbers.LAKH
                            else ""})
    return figures


def series_order(language: Language = ENGLISH) -> list[str]:
    """The chart's series names in CHART_SERIES order, in `language`."""
    return [language.gettext(series) for series, _panel in CHART_SERIES.values()]


def jkrlm_chart(plotted: list[dict], language: Language = ENGLISH) -> charts.Chart:
    """The J&K chart: title, as-of date, a sentence from the data, its table and sources."""
    import pandas as pd
    _ = language.gettext
    latest = plotted[-1]["date"] if plotted else _("no dated figure")
    cited = {r["source"]["id"]: r["source"] for r in plotted}
    outlets = [f"{cited[i]['publisher']} ({i})" for i in sorted(cited)]
    title = _("Self-help groups and their women members, Jammu and Kashmir")
    source = _("Source: JKRLM figures as reported by %(outlets)s; data: %(file)s.") % {
        "outlets": _join(outlets, language), "file": "livelihoods/jkrlm_figures.csv"} \
        if outlets else ""
    as_of = _("As of %(date)s.") % {"date": latest}
    hollow = _("Hollow point: year inferred.")
    subtitle = [as_of, *textwrap.wrap(source, 90), hollow]
    header = ["date", "date_note", "series", "value", "unit", "qualifier", "source_id"]
    rows = [[r["as_of"], r["as_of_note"], r["series"], r["value"], r["unit"], r["qualifier"],
             r["source"]["id"]] for r in plotted]
    return charts.Chart(
        name=CHART, title=title, as_of=latest, description=describe(plotted, language),
        spec=jkrlm_spec(plotted, title, subtitle, language=language),
        narrow_spec=jkrlm_spec(plotted, title, [as_of, *textwrap.wrap(source, 48), hollow],
                               narrow=True, language=language),
        data=pd.DataFrame(rows, columns=header),
        table_header=[_("Date"), _("Series"), _("Value"), _("Qualifier"), _("Source")],
        table_rows=[[r["date"], r["series"], r["plain"], r["qualifier"], r["source"]["id"]]
                    for r in plotted],
        source=source, sources=[(i, cited[i]["row_link"]) for i in sorted(cited)])


def describe(plotted: list[dict], language: Language = ENGLISH) -> str:
    """One sentence from the plotted data: how each series moved, and what was reported once."""
    _ = language.gettext
    order = series_order(language)
    series: dict[str, list[dict]] = {}
    for row in sorted(plotted, key=lambda r: order.index(r["series"])):
        series.setdefault(row["series"], []).append(row)
    trends, singles = [], []
    for name, points in series.items():
        first, last = points[0], points[-1]
        if len(points) < 2:
            singles.append(f"{name.lower()} ({_qualified(first)}, {first['short_date']})")
            continue
        a, b = numbers.to_decimal(first["value"]), numbers.to_decimal(last["value"])
        words = {"series": name.lower(), "first": _qualified(first),
                 "first_date": first["short_date"], "last": _qualified(last),
                 "last_date": last["short_date"]}
        trends.append((_("%(series)s rose from %(first)s (%(first_date)s) to %(last)s "
                         "(%(last_date)s)") if b > a else
                       _("%(series)s fell from %(first)s (%(first_date)s) to %(last)s "
                         "(%(last_date)s)") if b < a else
                       _("%(series)s was unchanged from %(first)s (%(first_date)s) to "
                         "%(last)s (%(last_date)s)")) % words)
    parts = []
    if trends:
        parts.append(_("In Jammu and Kashmir, %(trends)s") % {"trends": _join(trends, language)})
    if singles:
        once = language.ngettext("%(figures)s was reported once",
                                 "%(figures)s were each reported once", len(singles)) % {
            "figures": _join(singles, language)}
        parts.append(once if trends else _("In Jammu and Kashmir, %(trends)s") % {
            "trends": once})
    if not parts:
        return _("No dated figure to plot.")
    return _("%(sentence)s.") % {"sentence": "; ".join(parts)}


def _qualified(row: dict) -> str:
    """A plain value with its short qualifier: 'at least 79,000', 'approximately 5,00,000'."""
    qualifier = short_qualifier(row["qualifier"])
    return f"{qualifier} {row['plain']}" if qualifier else row["plain"]


def _join(items: list[str], language: Language = ENGLISH) -> str:
    """'a', 'a and b', 'a, b and c'."""
    if len(items) == 1:
        return items[0]
    return language.gettext("%(names)s and %(last)s") % {"names": ", ".join(items[:-1]),
                                                         "last": items[-1]}


def national(data: SiteData, sources: dict[str, dict], language: Language = ENGLISH) -> dict:
    """DAY-NRLM all-India figures as one row per measure and one column per date."""
    resource = data.package(PACKAGE).resource("day_nrlm_national")
    rows = records(data, "day_nrlm_national")
    dates = sorted({r["as_of"] for r in rows})
    measures: dict[str, dict[str, dict]] = {}
    for row in rows:
        measures.setdefault(stem(row["metric"]), {})[row["as_of"]] = {
            "text": value_text(row["value"], row["unit"], language),
            "link": f"{DATA_LINK}/day_nrlm_national.md#{row_anchor(resource, row)}"}
    columns = []
    for date in dates:
        ids = sorted({r["source_id"] for r in rows if r["as_of"] == date})
        columns.append({"date": language.numbers.human_date(date),
                        "sources": [sources[i] for i in ids]})
    return {"columns": columns,
            "rows": [{"label": label(name, language), "cells": [cells.get(d) for d in dates]}
                     for name, cells in measures.items()]}


def jkrlm_spec(plotted: list[dict], title: str, subtitle: list[str], narrow: bool = False,
               language: Language = ENGLISH) -> dict:
    """Vega-Lite: one panel per kind of count (groups, women), a line per series, hollow points
    where the year is inferred, each point labelled with its value as published. `narrow`: the
    phone layout (charts.NARROW_WIDTH wide): fewer ticks, one legend column, a wrapped title, and
    only each series' latest point labelled (the table below the chart gives every value)."""
    import altair as alt
    import pandas as pd

    points = Counter(r["series"] for r in plotted)
    latest = {r["series"]: r["as_of"] for r in sorted(plotted, key=lambda r: r["as_of"])}
    # A series drawn as a line (it rises) gets its labels below right, a lone point above right.
    frame = pd.DataFrame([{
        "date": r["as_of"], "series": r["series"], "panel": r["panel"],
        "value": float(r["value"]), "label": _qualified(r).replace("approximately", "approx."),
        "inferred": r["inferred"], "lone": points[r["series"]] == 1} for r in plotted],
        columns=["date", "series", "panel", "value", "label", "inferred", "lone"])
    if narrow:  # labels at every point collide at phone width: keep each series' latest
        frame["label"] = [label if latest[series] == date else "" for label, series, date
                          in zip(frame["label"], frame["series"], frame["date"], strict=True)]
    order = series_order(language)
    scale = alt.Scale(domain=order, range=COLOURS)
    # A utc scale formats its ticks in UTC too: the same SVG in every time zone.
    x = alt.X("date:T", title=None, scale=alt.Scale(type="utc", padding=40),
              axis=alt.Axis(format="%b %Y", tickCount=3 if narrow else 6, labelAngle=0))
    # Indian readers' units on the axis: 80,000 then 2 lakh, 4 lakh ...
    # The unit word of the language's numbers ('lakh', 'लाख'), as a Vega string literal.
    lakh = "' " + language.numbers.count_text("1", "lakh")["short"].split(" ", 1)[1] + "'"
    y = alt.Y("value:Q", title=None, scale=alt.Scale(zero=True), axis=alt.Axis(
        tickCount=4, labelExpr="datum.value >= 100000 ? format(datum.value / 100000, '~r')"
                               f" + {lakh} : format(datum.value, ',d')"))
    color = alt.Color("series:N", title=None, scale=scale,
                      legend=alt.Legend(orient="bottom", columns=1 if narrow else 2,
                                        symbolType="circle"))
    base = alt.Chart().encode(x=x, y=y, color=color)
    layers = alt.layer(
        base.mark_line(strokeWidth=2),
        base.mark_point(size=70, strokeWidth=2, opacity=1).encode(fill=alt.condition(
            "datum.inferred", alt.value("white"), alt.Color("series:N", scale=scale, legend=None))),
        base.mark_text(align="left", dx=7, dy=13).encode(text="label:N").transform_filter(
            "!datum.lone"),
        base.mark_text(align="left", dx=7, dy=-9).encode(text="label:N").transform_filter(
            "datum.lone"),
        data=frame)
    chart = layers.facet(
        row=alt.Row("panel:N", title=None, sort=[language.gettext(panel) for _series, panel
                                                  in CHART_SERIES.values()],
                    header=alt.Header(labelAngle=0, labelAnchor="start", labelFontWeight="bold",
                                      labelFontSize=13, labelOrient="top")),
    ).resolve_scale(y="independent").properties(title=alt.Title(
        textwrap.wrap(title, 40) if narrow else title, subtitle=subtitle))
    spec = chart.to_dict()
    spec["spec"]["width"], spec["spec"]["height"] = (
        (charts.NARROW_WIDTH - 86, 170) if narrow else (520, 190))
    spec["config"] = charts.CONFIG
    return spec
