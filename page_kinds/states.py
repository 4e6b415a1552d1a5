"""Page kind: one page per State/UT: where it stands, coverage over time, every figure we hold."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import TYPE_CHECKING

import jinja2
from markupsafe import Markup

from generator import charts
from generator.languages import ENGLISH, Language, of
from generator.markdown import md_text
from generator.model import NO_OPTIONS, Asset, Options, Page
from generator.needs import Needs
from generator.pages.rows import english_on, marked
from generator.render_cache import data_only
from generator.sitedata import SiteData, row_anchor

from .coverage import (
    ABSENT,
    LAUNCH,
    NATIONAL,
    NOT_IN_JJM,
    NOT_REPORTED,
    PACKAGE,
    REPORTED,
    SOURCES,
    TABLES,
    StateEntry,
    StateTable,
    available,
    latest_table,
)
from .state_figures import (
    DISTRICTS,
    J3,
    J23,
    TIMEPOINTS,
    WITH_TAP,
    StateFigure,
    rows_by_state,
    state_figures,
)

if TYPE_CHECKING:  # imported where a frame is made: a rebuild from the cache needs none
    import pandas as pd

FOLDER = "coverage/states"
UP = "../../"  # from a state page to the site root
# A text of the data with Latin letters and no letter of another script: the data's English.
LATIN, OTHER_SCRIPT = re.compile(r"[A-Za-z]"), re.compile(r"[^\W\d_A-Za-z]")

# What the State/UT pages read beyond the coverage page's NEEDS (read only when published).
NEEDS = (
    Needs("the State/UT pages", (f"{PACKAGE}/{TABLES}",), {
        f"{PACKAGE}/{TIMEPOINTS}": ("as_of", "date_inferred", "lgd_state_code", "metric",
                                    "metric_as_printed", "value", "unit", "qualifier",
                                    "source_id", "note"),
        f"{PACKAGE}/{J23}": ("lgd_state_code", "total_rural_hh", "hh_with_tap_as_on_date",
                             "balance_hh", "balance_pct", "saturation_target_reported_by_state",
                             "source_id", "as_of", "as_of_note"),
        f"{PACKAGE}/{J3}": ("financial_year", "row_type", "lgd_state_code", "total_villages",
                            "total_hh_lakh", "balance_hh_tap_lakh", "balance_pct_of_total_hh",
                            "source_id"),
        f"{PACKAGE}/{DISTRICTS}": ("as_of", "as_of_note", "lgd_state_code",
                                   "district_name_published", "metric", "value", "unit",
                                   "source_id", "note"),
    }),
)


@data_only
def render(data: SiteData, env: jinja2.Environment, options: Options = NO_OPTIONS
           ) -> list[Page | Asset]:
    """A page, a chart and a download of its rows for every State/UT of India."""
    if not available(data):
        return []
    language = of(env)
    table = latest_table(data, language)
    template = env.get_template("state.md.j2")
    registry = source_registry(data, language)
    source_dates = {sid: s["iso_date"] for sid, s in registry.items()}
    grouped = rows_by_state(data)
    india = india_points(data)
    out: list[Page | Asset] = []
    for entry in table.entries:
        held = state_figures(data, grouped, entry.code, source_dates, language)
        chart, chart_assets = state_chart(entry, held, india)
        downloads = state_downloads(data, grouped, entry)
        context = state_context(table, entry, registry, held, india)
        context["chart"] = chart
        context["downloads"] = [{"filename": a.path.rsplit("/", 1)[1], "rows": rows,
                                 "resource": resource} for a, resource, rows in downloads]
        out.append(Page(f"{FOLDER}/{entry.slug}.md", template.render(**context)))
        out.extend(chart_assets)
        out.extend(a for a, _, _ in downloads)
    return out


def lakh(value: str, language: Language = ENGLISH) -> str:
    """'160.36' -> '160.36 lakh (1,60,36,000)'; blank -> 'not reported'."""
    count = language.numbers.count_text(value, "lakh")
    return count["short"] if not value else f"{count['short']} ({count['indian']})"


def _with_pct(count: str, pct: str, language: Language = ENGLISH) -> str:
    """'3.16 lakh (1.89%)'; either may be blank (not reported)."""
    n = language.numbers
    shown = n.count_text(count, "lakh")["short"]
    return f"{shown} ({n.percent(pct)})" if pct else shown


def state_context(table: StateTable, entry: StateEntry, registry: dict[str, dict],
                  held: list[StateFigure], india: pd.DataFrame) -> dict:
    """Everything a State/UT page shows, computed here so the template only formats."""
    used = sorted({f.source_id for f in held} | (
        {table.source_id} if entry.status in (REPORTED, NOT_REPORTED) else set()),
        key=lambda s: (len(s), s))
    language = table.language
    state_level = [_figure_row(f, registry, language) for f in held if not f.district]
    districts = [_figure_row(f, registry, language) for f in held if f.district]
    return {
        "name": entry.name, "code": entry.code, "slug": entry.slug,
        "name_shown": marked(entry.name, english_on(language) if entry.untranslated else ""),
        "untranslated": entry.untranslated,
        "status": entry.status, "reported": entry.status == REPORTED,
        "not_in_jjm": entry.status == NOT_IN_JJM,
        "table_date": table.date_text, "table_source": table.source_id,
        "table_source_link": f"{UP}data/{PACKAGE}/index.md#source-{table.source_id}",
        "summary": summary(table, entry),
        "facts": facts(table, entry),
        "standing": [s | {"caveat": english_text(s["caveat"], language)}
                     for s in standing(table, entry, held, india, registry, language)],
        "figures": state_level, "districts": districts,
        "district_count": len({f.district for f in held if f.district}),
        "sources": [registry[s] for s in used if s in registry],
    }


def english_text(text: str, language: Language) -> Markup:
    """A text of the data as the page shows it: inside <span lang="en"> on another language's
    page when it is the data's English (Latin letters, none of another script); several
    texts joined by '; ' (a row's caveats) each on its own."""
    code = english_on(language)
    if not code:
        return md_text(text)
    return Markup("; ").join(
        marked(part, code if LATIN.search(part) and not OTHER_SCRIPT.search(part) else "")
        for part in str(text or "").split("; "))


def _figure_row(figure: StateFigure, registry: dict[str, dict],
                language: Language = ENGLISH) -> dict:
    """One row of the page's figure tables: date, what, figure, caveat, source and row (the
    data's English texts, a district's name as printed among them, marked so)."""
    source = registry.get(figure.source_id)
    return {"date": figure.date, "kind": figure.kind,
            "district": english_text(figure.district, language),
            "figure": english_text(figure.figure, language),
            "note": english_text(figure.note, language),
            "caveat": english_text(figure.caveat, language),
            "source_id": figure.source_id,
            "source": source["shown"] if source else figure.source_id,
            "source_link": f"{UP}data/{PACKAGE}/index.md#source-{figure.source_id}",
            "row_link": figure.row_link, "row_label": figure.row_label}


def summary(table: StateTable, entry: StateEntry) -> str:
    """The page's first sentence."""
    _, n = table.language.gettext, table.language.numbers
    words = {"name": entry.name, "date": table.date_text}
    if entry.status == REPORTED:
        rank = (_("rank %(rank)s of %(count)s States/UTs with a figure") % {
            "rank": entry.rank_text, "count": n.group_indian(len(table.ranked))}
            if entry.rank else "")
        return _("%(pct)s of rural households in %(name)s had a tap water connection in the "
                 "State/UT table of %(date)s (%(rank)s).") % {
            **words, "pct": n.percent(entry.pct), "rank": rank}
    if entry.status == NOT_IN_JJM:
        return _("%(name)s is not in the Jal Jeevan Mission's State/UT tables: the mission "
                 "counts no rural population there, so it has no coverage figure.") % words
    why = (_("its row there is incomplete (%(reason)s)") % {
        "reason": _reason(entry.row, table.language)} if entry.status == NOT_REPORTED
        else _("it is not in the stored copy of that table"))
    return _("The share of rural households in %(name)s with a tap is not reported in the "
             "State/UT table of %(date)s: %(why)s. What is known is below, each figure with its "
             "own date.") % {**words, "why": why}


def _reason(row: pd.Series | dict | None, language: Language = ENGLISH) -> str:
    """Why a table row is incomplete, from its row_complete cell (data: shown as published)."""
    text = "" if row is None else row.get("row_complete", "")
    return text.removeprefix("no").strip(" ()") or language.gettext("figure blank")


def facts(table: StateTable, entry: StateEntry) -> list[dict]:
    """The summary table: the latest table's figures for the State/UT, blanks said as such."""
    language = table.language
    _ = language.gettext
    row = entry.row
    if entry.status in (ABSENT, NOT_IN_JJM) or row is None:
        return []
    not_reported = _("not reported in this table")
    date = {"date": table.date_text}
    return [
        {"label": _("State/UT table"),
         "value": _("%(date)s, row %(row)s of the published table") % {
             **date, "row": row["row_in_source"]}},
        {"label": _("With a tap on %(date)s") % date,
         "value": _with_pct(row["hh_tap_as_of_lakh"], row["hh_tap_as_of_pct"], language)
         if row["hh_tap_as_of_lakh"] or row["hh_tap_as_of_pct"] else not_reported},
        {"label": _("With a tap on %(date)s") % {"date": language.numbers.human_date(LAUNCH)},
         "value": _with_pct(row["hh_tap_on_2019_08_15_lakh"], row["hh_tap_on_2019_08_15_pct"],
                            language)},
        {"label": _("Connected since %(date)s") % {
            "date": language.numbers.human_date(LAUNCH)},
         "value": _with_pct(row["hh_added_since_2019_08_lakh"],
                            row["hh_added_since_2019_08_pct"], language)
         if row["hh_added_since_2019_08_lakh"] else not_reported},
        {"label": _("Rural households"), "value": lakh(row["total_rural_hh_lakh"], language)},
        {"label": _("Rank"), "value": _("%(rank)s of %(count)s States/UTs with a figure in this "
                                        "table") % {
            "rank": entry.rank_text, "count": language.numbers.group_indian(len(table.ranked))}
         if entry.rank else _("not ranked: %(why)s") % {"why": not_reported}},
    ]


def source_registry(data: SiteData, language: Language = ENGLISH) -> dict[str, dict]:
    """The package's sources by id: title, publisher, date, URL and link on the dataset page."""
    if (PACKAGE, SOURCES) not in data.frames:
        return {}
    out = {}
    for _row, r in data.frame(PACKAGE, SOURCES).iterrows():
        date = language.numbers.human_date(r["date_published"])  # blank: 'date not published'
        short = f"{r['source_id']} · {r['publisher_or_outlet']}, {date}"
        out[r["source_id"]] = {
            "id": r["source_id"], "title": r["title"], "publisher": r["publisher_or_outlet"],
            "date": date, "iso_date": r["date_published"], "url": r["url"],
            "short": short,
            # The title and publisher are the data's English: marked so on another language's
            # page (its "lang"), the date is the page's own.
            "lang": english_on(language),
            "shown": md_text(short) if language.code == ENGLISH.code else
            md_text(r["source_id"]) + Markup(" · ") + marked(r["publisher_or_outlet"],
                                                             ENGLISH.code)
            + Markup(", ") + md_text(date),
            "link": f"{UP}data/{PACKAGE}/index.md#source-{r['source_id']}"}
    return out


# ---- Where the State/UT stands: its rank and India's figure, each with its own date ----------

def india_points(data: SiteData) -> pd.DataFrame:
    """India's published share with a tap: as_of, plotted date, value, source, line, inferred."""
    import pandas as pd
    national = data.frame(PACKAGE, NATIONAL)
    rows = []
    for _, row in national.iterrows():
        if row["hh_with_tap_pct"] == "":
            continue
        month = row["as_of_precision"] == "month"
        rows.append({"as_of": row["as_of"], "date": row["as_of"] + ("-15" if month else ""),
                     "pct": row["hh_with_tap_pct"], "source_id": row["source_id"],
                     "inferred": row["date_inferred"] == "true",
                     "anchor": row_anchor(data.package(PACKAGE).resource(NATIONAL), row)})
    frame = pd.DataFrame(rows, columns=["as_of", "date", "pct", "source_id", "inferred",
                                        "anchor"])
    return frame.sort_values(["date", "source_id"], kind="stable").reset_index(drop=True)


def date_inferred(as_of: str, inferred: bool, language: Language = ENGLISH) -> str:
    """A date in words, '(date inferred)' after it when the source did not print it."""
    date = language.numbers.human_date(as_of)
    return language.gettext("%(date)s (date inferred)") % {"date": date} if inferred else date


def _india_figure(row: pd.Series, registry: dict[str, dict], language: Language = ENGLISH
                  ) -> dict:
    date = date_inferred(row["as_of"], row["inferred"], language)
    return {"text": language.gettext("%(pct)s on %(date)s") % {
                "pct": language.numbers.percent(row["pct"]), "date": date},
            "source_id": row["source_id"],
            "source_link": registry.get(row["source_id"], {}).get(
                "link", f"{UP}data/{PACKAGE}/index.md#source-{row['source_id']}"),
            "row_link": f"{UP}data/{PACKAGE}/{NATIONAL}.md#{row['anchor']}"}


def india_for(india: pd.DataFrame, as_of: str, source_id: str, registry: dict[str, dict],
              language: Language = ENGLISH) -> dict:
    """India's share with a tap for a date: the same source first, else another source that
    date, else the nearest figures before and after it, each with its own date (never one
    date's figure presented as another's)."""
    _ = language.gettext
    same = india[india["as_of"] == as_of]
    if len(same):
        match = same[same["source_id"] == source_id]
        row = (match if len(match) else same).iloc[0]
        how = _("same date, same source") if len(match) else _("same date, another source")
        return {"how": how, "figures": [_india_figure(row, registry, language)]}
    before, after = india[india["as_of"] < as_of], india[india["as_of"] > as_of]
    nearest = ([before.iloc[-1]] if len(before) else []) + ([after.iloc[0]] if len(after) else [])
    return {"how": _("no all-India share for %(date)s in the data; the nearest") % {
                "date": language.numbers.human_date(as_of)},
            "figures": [_india_figure(r, registry, language) for r in nearest]}


def standing(table: StateTable, entry: StateEntry, held: list[StateFigure],
             india: pd.DataFrame, registry: dict[str, dict], language: Language = ENGLISH
             ) -> list[dict]:
    """Where the State/UT stands: in the latest State/UT table (rank), and by its latest
    figure, each beside India's figure for the same date."""
    _, n = language.gettext, language.numbers
    out = []
    in_table = _("In the State/UT table of %(date)s") % {"date": table.date_text}
    if entry.status == REPORTED:
        out.append({
            "label": in_table,
            "value": _("%(pct)s with a tap, rank %(rank)s of %(count)s States/UTs with a "
                       "figure") % {"pct": n.percent(entry.pct), "rank": entry.rank_text,
                                    "count": n.group_indian(len(table.ranked))},
            "caveat": "", "source_id": table.source_id,
            "source_link": f"{UP}data/{PACKAGE}/index.md#source-{table.source_id}",
            "india": india_for(india, table.as_of, table.source_id, registry, language)})
    elif entry.status != NOT_IN_JJM:
        out.append({
            "label": in_table,
            "value": _("not reported, so not ranked"), "caveat": "", "source_id": "",
            "source_link": "", "india": None})
    dated = [f for f in held if f.as_of and not f.district]
    latest = max(dated, key=lambda f: f.as_of) if dated else None
    if latest is not None and (latest.as_of > table.as_of or entry.status != REPORTED):
        same_day = [f for f in dated if f.as_of == latest.as_of]
        out.append({
            "label": language.ngettext("The latest figure we hold, %(date)s",
                                       "The latest figures we hold, %(date)s",
                                       len(same_day)) % {"date": latest.date},
            "value": "; ".join(f.figure for f in same_day),
            "caveat": "; ".join(dict.fromkeys(f.caveat for f in same_day if f.caveat)),
            "source_id": latest.source_id,
            "source_link": f"{UP}data/{PACKAGE}/index.md#source-{latest.source_id}",
            "india": india_for(india, latest.as_of, latest.source_id, registry, language)})
    return out


# ---- Coverage over time: the State/UT's published shares beside India's ---------------------

def state_points(held: list[StateFigure]) -> list[StateFigure]:
    """The State/UT's dated, published shares of rural households with a tap (no district)."""
    return [f for f in held if f.as_of and not f.district and f.metric == WITH_TAP and f.value]


def state_chart(entry: StateEntry, held: list[StateFigure], india: pd.DataFrame
                ) -> tuple[dict | None, list[Asset]]:
    """The chart of the State/UT's share with a tap over time, and its downloads.

    The one place the State/UT chart is drawn, through the engine's series chart
    (generator.charts.series_spec) in its wide and phone layouts; CSS shows one or the other.
    """
    import pandas as pd
    language = entry.language
    _, n = language.gettext, language.numbers
    mine = state_points(held)
    if not mine:
        return None, []
    india_name = _("India")
    rows = []
    for f in mine:
        rows.append({"date": f.as_of, "series": entry.name, "value": float(f.value),
                     "label": n.percent(f.value) + (_(" (caveat)") if f.caveat else ""),
                     "published_pct": f.value, "source_id": f.source_id, "caveat": f.caveat,
                     "date_text": f.date})
    for _row, r in india.iterrows():
        rows.append({"date": r["date"], "series": india_name, "value": float(r["pct"]),
                     "label": n.percent(r["pct"]), "published_pct": r["pct"],
                     "source_id": r["source_id"], "caveat": "",
                     "date_text": date_inferred(r["as_of"], r["inferred"], language)})
    rows.sort(key=lambda r: (r["date"], r["series"] == india_name))
    frame = pd.DataFrame(rows)
    title = _("Rural households with a tap: %(name)s and India") % {"name": entry.name}
    last = mine[-1]
    subtitle = [_("Share as published at each date, each point from its own source; "
                  "%(name)s's latest: %(date)s.") % {"name": entry.name, "date": last.date},
                _("A point marked (caveat) is doubtful: see the figures below the chart.")]
    marks = pd.DataFrame([{"date": LAUNCH, "label": _("Launch")}])
    # The State/UT first, so it has the first colour on every page whatever its first date.
    plotted = frame.assign(_india=frame["series"] == india_name).sort_values(
        ["_india", "date"], kind="stable")[["date", "series", "value", "label"]]
    spec = charts.series_spec(plotted, marks, title, subtitle, faceted=False, language=language)
    narrow = charts.series_spec(plotted, marks, title, subtitle, faceted=False, narrow=True,
                                language=language)
    chart = charts.Chart(
        f"{entry.slug}-coverage", title, last.date, chart_description(entry, mine, india),
        spec, frame[["date", "series", "published_pct", "source_id", "caveat"]],
        [_("Date"), _("Series"), _("With a tap (%)"), _("Source"), _("Caveat")],
        [[r["date_text"], r["series"], r["published_pct"], r["source_id"],
          r["caveat"] or _("none")] for r in rows],
        _("Source: the %(name)s rows of jjm-coverage (State/UT tables and figures quoted "
          "in text) and its national series; the table names each point's source.") % {
            "name": entry.name},
        [(s, f"{UP}data/{PACKAGE}/index.md#source-{s}")
         for s in sorted({f.source_id for f in mine}, key=lambda s: (len(s), s))],
        narrow_spec=narrow)
    return charts.publish(chart, FOLDER, language=language)


def chart_description(entry: StateEntry, mine: list[StateFigure], india: pd.DataFrame) -> str:
    """One sentence from the data: the State/UT's first and last shares, and India's."""
    language = entry.language
    _, n = language.gettext, language.numbers
    first, last = mine[0], mine[-1]
    words = {"name": entry.name, "first": n.percent(first.value), "first_date": first.date,
             "last": n.percent(last.value), "last_date": last.date,
             "count": n.group_indian(len(mine))}
    if len(mine) == 1:
        text = _("One published share for %(name)s: %(first)s on %(first_date)s") % words
    else:
        change = Decimal(last.value) - Decimal(first.value)
        text = (_("%(name)s's published share with a tap rose from %(first)s on %(first_date)s "
                  "to %(last)s on %(last_date)s (%(count)s figures)") if change > 0 else
                _("%(name)s's published share with a tap fell from %(first)s on %(first_date)s "
                  "to %(last)s on %(last_date)s (%(count)s figures)") if change < 0 else
                _("%(name)s's published share with a tap was %(first)s on %(first_date)s and "
                  "%(last)s on %(last_date)s (%(count)s figures)")) % words
    if last.caveat:
        text += _("; the last carries a caveat: %(caveat)s") % {"caveat": last.caveat.rstrip(".")}
    if len(india):
        text += _(". India: %(first)s on %(first_date)s to %(last)s on %(last_date)s") % {
            "first": n.percent(india.iloc[0]["pct"]),
            "first_date": n.human_date(india.iloc[0]["as_of"]),
            "last": n.percent(india.iloc[-1]["pct"]),
            "last_date": n.human_date(india.iloc[-1]["as_of"])}
    return _("%(sentence)s.") % {"sentence": text}


# ---- Downloads: the State/UT's rows of each resource, byte for byte ---------------------------

def state_downloads(data: SiteData, grouped: dict[str, dict[int, list[dict]]],
                    entry: StateEntry) -> list[tuple[Asset, str, int]]:
    """The State/UT's rows of each resource, exactly as published, header included."""
    out = []
    package = data.package(PACKAGE)
    for resource_name in grouped:
        mine = grouped[resource_name].get(entry.code, [])
        if not mine:
            continue
        resource = package.resource(resource_name)
        published = next(d.data for d in data.downloads[PACKAGE] if d.filename == resource.path)
        body = published_rows(published, data.frame(PACKAGE, resource_name)["_line"].tolist(),
                              [row["_line"] for row in mine])
        out.append((Asset(f"{FOLDER}/{entry.slug}-{resource_name}.csv", body),
                    resource_name, len(mine)))
    return out


def published_rows(published: bytes, starts: list[int], wanted: list[int]) -> bytes:
    """The header and the wanted records of a CSV, byte for byte, by their first line."""
    physical = published.splitlines(keepends=True)
    ordered = sorted(starts)
    ends = dict(zip(ordered, [*ordered[1:], len(physical) + 1], strict=True))
    out = physical[: ordered[0] - 1]
    for start in sorted(wanted):
        record = physical[start - 1: ends[start] - 1]
        while len(record) > 1 and not record[-1].strip():
            record.pop()  # blank lines after the last record belong to no record
        out.extend(record)
    return b"".join(out)
