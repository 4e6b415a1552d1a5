"""Page kind: coverage overview: national progress, State/UT ranking, tile map and a table."""

from __future__ import annotations

import html
from dataclasses import dataclass
from decimal import Decimal

import jinja2
import pandas as pd
from markupsafe import Markup

from generator import charts, numbers
from generator.model import NO_OPTIONS, Asset, Options, Page
from generator.needs import Needs
from generator.render_cache import data_only
from generator.sitedata import SiteData
from generator.slugs import slug

from . import coverage_charts

PACKAGE = "jjm-coverage"
NATIONAL, TABLES, MENTIONS, SOURCES = ("national_timeseries", "state_coverage",
                                       "state_mentions", "sources")
ADMIN = ("admin-codes", "states")
LAUNCH = "2019-08-15"
# The mission's goal: a tap in every rural household by 2024 (drawn at the end of that year).
GOAL = "2024-12-31"
# Chandigarh and Delhi are not in the mission's tables: no rural population (PROVENANCE.md).
NO_RURAL = {4, 7}
FOLDER = "coverage"

# What the coverage and State/UT pages read (checked at the descriptors before rendering).
SOURCE_FIELDS = ("source_id", "title", "publisher_or_outlet", "date_published")
NEEDS = (
    Needs("the coverage and State/UT pages", (f"{PACKAGE}/{NATIONAL}", f"{PACKAGE}/{TABLES}",
                                              f"{PACKAGE}/{MENTIONS}"), {
        f"{PACKAGE}/{NATIONAL}": (
            "as_of", "as_of_precision", "total_rural_hh_crore", "hh_with_tap_crore",
            "hh_with_tap_pct", "hh_added_since_launch_crore", "total_rural_hh_exact",
            "hh_with_tap_exact", "hh_added_since_launch_exact", "qualifier", "source_id",
            "date_inferred"),
        f"{PACKAGE}/{TABLES}": (
            "as_of", "date_inferred", "row_in_source", "state_name", "lgd_state_code",
            "total_rural_hh_lakh", "hh_tap_on_2019_08_15_lakh", "hh_tap_on_2019_08_15_pct",
            "hh_added_since_2019_08_lakh", "hh_added_since_2019_08_pct", "hh_tap_as_of_lakh",
            "hh_tap_as_of_pct", "source_id"),
        f"{PACKAGE}/{MENTIONS}": (
            "as_of", "state_name", "lgd_state_code", "metric", "value", "source_id"),
        f"{PACKAGE}/{SOURCES}": (*SOURCE_FIELDS, "url"),
        "/".join(ADMIN): ("lgd_state_code", "state_name"),
    }),
)

# Tile map: (column, row, short label) per LGD state code, one equal tile per State/UT in its
# rough geographic place (west -> east, north -> south); islands sit apart in the sea.
TILES: dict[int, tuple[int, int, str]] = {
    1: (1, 0, "JK"), 37: (2, 0, "LA"),
    3: (1, 1, "PB"), 2: (2, 1, "HP"),
    4: (1, 2, "CH"), 6: (2, 2, "HR"), 5: (3, 2, "UK"), 12: (7, 2, "AR"),
    8: (1, 3, "RJ"), 7: (2, 3, "DL"), 9: (3, 3, "UP"), 10: (4, 3, "BR"), 11: (5, 3, "SK"),
    18: (6, 3, "AS"), 13: (7, 3, "NL"),
    24: (1, 4, "GJ"), 23: (2, 4, "MP"), 22: (3, 4, "CG"), 20: (4, 4, "JH"), 19: (5, 4, "WB"),
    17: (6, 4, "ML"), 14: (7, 4, "MN"),
    38: (1, 5, "DH"), 27: (2, 5, "MH"), 36: (3, 5, "TS"), 21: (4, 5, "OD"), 16: (6, 5, "TR"),
    15: (7, 5, "MZ"),
    30: (1, 6, "GA"), 29: (2, 6, "KA"), 28: (3, 6, "AP"),
    31: (0, 7, "LD"), 32: (2, 7, "KL"), 33: (3, 7, "TN"), 34: (4, 7, "PY"), 35: (6, 7, "AN"),
}
GRID = (8, 8)  # columns, rows

REPORTED, NOT_REPORTED, ABSENT, NOT_IN_JJM = "reported", "not-reported", "absent", "not-in-jjm"


@dataclass(frozen=True)
class StateEntry:
    """One State/UT as the latest State table shows it (or does not)."""

    code: int
    name: str
    slug: str
    short: str
    status: str                  # REPORTED, NOT_REPORTED (row, blank figure), ABSENT, NOT_IN_JJM
    row: pd.Series | None        # its row in the latest table, published strings
    rank: int | None = None
    tied: int = 0                # how many States/UTs share the rank (0 = not ranked)

    @property
    def pct(self) -> str:
        """Its published coverage in the latest table ('' when not reported)."""
        return "" if self.row is None else self.row["hh_tap_as_of_pct"]

    @property
    def rank_text(self) -> str:
        """'12' or '1 (tied)'; '' when not ranked."""
        if self.rank is None:
            return ""
        return f"{self.rank} (tied)" if self.tied > 1 else str(self.rank)


@dataclass(frozen=True)
class StateTable:
    """The latest State table: its date, source, and every State/UT of India against it."""

    as_of: str
    inferred: bool
    source_id: str
    entries: tuple[StateEntry, ...]

    @property
    def date_text(self) -> str:
        """'4 Dec 2025 (year inferred)'."""
        return numbers.human_date(self.as_of) + (" (year inferred)" if self.inferred else "")

    @property
    def ranked(self) -> list[StateEntry]:
        """Entries with a figure, by rank then name."""
        return sorted((e for e in self.entries if e.status == REPORTED),
                      key=lambda e: (e.rank, e.name))


def available(data: SiteData) -> bool:
    """Whether this build has the coverage tables."""
    return all((PACKAGE, r) in data.frames for r in (NATIONAL, TABLES, MENTIONS))


def slugify(name: str) -> str:
    """'Jammu and Kashmir' -> 'jammu-and-kashmir': the engine's one slug rule (generator.slugs)."""
    return slug(name)


def state_names(data: SiteData) -> dict[int, str]:
    """Every State/UT by LGD code: the coverage tables' names, else the LGD name in title case."""
    names: dict[int, str] = {}
    if ADMIN in data.frames:
        for _, row in data.frame(*ADMIN).iterrows():
            words = row["state_name"].title().split()
            names[int(row["lgd_state_code"])] = " ".join(
                w.lower() if w in ("And", "Of", "The") and i else w for i, w in enumerate(words))
    for resource in (MENTIONS, TABLES):  # the tables' normalised names win
        for _, row in data.frame(PACKAGE, resource).sort_values("_line").iterrows():
            names[int(row["lgd_state_code"])] = row["state_name"]
    return names


def latest_table(data: SiteData) -> StateTable:
    """Every State/UT against the latest State table, ranked by its published coverage."""
    frame = data.frame(PACKAGE, TABLES)
    as_of = max(frame["as_of"])
    table = frame[frame["as_of"] == as_of]
    rows = {int(r["lgd_state_code"]): r for _, r in table.iterrows()}
    values = {code: Decimal(r["hh_tap_as_of_pct"]) for code, r in rows.items()
              if r["hh_tap_as_of_pct"] != ""}
    entries = []
    for code, name in sorted(state_names(data).items(), key=lambda item: item[1]):
        row = rows.get(code)
        if code in values:
            status = REPORTED
        elif row is not None:
            status = NOT_REPORTED
        else:
            status = NOT_IN_JJM if code in NO_RURAL else ABSENT
        rank = tied = None
        if status == REPORTED:
            rank = 1 + sum(1 for v in values.values() if v > values[code])
            tied = sum(1 for v in values.values() if v == values[code])
        entries.append(StateEntry(code, name, slugify(name), TILES.get(code, (0, 0, ""))[2],
                                  status, row, rank, tied or 0))
    return StateTable(as_of, table["date_inferred"].iloc[0] == "true",
                      table["source_id"].iloc[0], tuple(entries))


@data_only
def render(data: SiteData, env: jinja2.Environment, options: Options = NO_OPTIONS
           ) -> list[Page | Asset]:
    """The coverage overview page, its charts and their downloads."""
    template = env.get_template("coverage.md.j2")
    if not available(data):
        return [Page(f"{FOLDER}/index.md", template.render(available=False))]
    table = latest_table(data)
    outputs: list[Page | Asset] = []
    contexts = []
    for chart in (national_chart(data), ranking_chart(table), map_chart(table)):
        context, assets = charts.publish(chart, FOLDER)
        contexts.append(context)
        outputs.extend(assets)
    page = template.render(available=True, charts=contexts, table=table_context(table),
                           date=table.date_text, source_id=table.source_id)
    return [Page(f"{FOLDER}/index.md", page), *outputs]


def source_link(source_id: str, depth: int = 1) -> str:
    """The Markdown path of a source on the dataset page, from a page `depth` folders down."""
    return "../" * depth + f"data/{PACKAGE}/index.md#source-{source_id}"


# ---- National progress -------------------------------------------------------------------

APPROXIMATE = {"about", "around", "about/around", "nearly", "approximately", "roughly"}
LOWER_BOUND = {"more than", "over", "above", "at least"}


def split_qualifier(qualifier: str, row: pd.Series) -> tuple[str, str]:
    """The source's words for the tap figure and for the since-launch figure of a row.

    'around; more than (added)' -> ('around', 'more than'); 'over (5.1); nearly (2.0)' gives
    each word to the figure in brackets.
    """
    tap, added = "", ""
    for part in (p.strip() for p in qualifier.split(";") if p.strip()):
        word, _, target = part.partition("(")
        word, target = word.strip(), target.rstrip(")").strip()
        if target == "added" or (target and target == row["hh_added_since_launch_crore"]):
            added = added or word
        else:
            tap = tap or word
    return tap, added


def wording_group(word: str) -> str:
    """The shape a wording is drawn with (coverage_charts.WORDING_SHAPES)."""
    if not word:
        return coverage_charts.WORDING_SHAPES[0][0]
    if word.lower() in APPROXIMATE:
        return coverage_charts.WORDING_SHAPES[1][0]
    if word.lower() in LOWER_BOUND:
        return coverage_charts.WORDING_SHAPES[2][0]
    raise ValueError(f"unknown wording {word!r}: add it to APPROXIMATE or LOWER_BOUND")


def _crore(row: pd.Series, crore: str, exact: str) -> tuple[str, str]:
    """A figure in crore as published, else its exact count in crore; and which it was."""
    if row[crore] != "":
        return row[crore], ""
    if row[exact] != "":
        return format(Decimal(row[exact]) / numbers.CRORE, "f"), "from exact count"
    return "", ""


def national_frame(data: SiteData) -> pd.DataFrame:
    """One row per dated figure of the national series, as plotted (the CSV download)."""
    rows = []
    national = data.frame(PACKAGE, NATIONAL)
    # A month-only date is drawn mid-month, so it sorts there; two sources for one date are
    # two points and two table rows, each with its source (never averaged), in source order.
    plotted = national["as_of"].where(national["as_of_precision"] != "month",
                                      national["as_of"] + "-15")
    order = national.assign(_plotted=plotted, _source=national["source_id"].str[1:].astype(int))
    for _, row in order.sort_values(["_plotted", "_source"], kind="stable").iterrows():
        tap_word, added_word = split_qualifier(row["qualifier"], row)
        with_tap, tap_note = _crore(row, "hh_with_tap_crore", "hh_with_tap_exact")
        added, added_note = _crore(row, "hh_added_since_launch_crore",
                                   "hh_added_since_launch_exact")
        total, total_note = _crore(row, "total_rural_hh_crore", "total_rural_hh_exact")
        month_only = row["as_of_precision"] == "month"
        rows.append({
            "as_of": row["as_of"],
            "plotted_at": row["as_of"] + "-15" if month_only else row["as_of"],
            "hh_with_tap_pct": row["hh_with_tap_pct"],
            "hh_with_tap_crore": with_tap, "hh_added_since_launch_crore": added,
            "total_rural_hh_crore": total,
            "converted": "; ".join(f"{name} {note}" for name, note in (
                ("with tap", tap_note), ("added", added_note), ("total", total_note)) if note),
            "wording_tap": tap_word, "wording_added": added_word,
            "source_id": row["source_id"], "line": int(row["_line"]),
            "date_inferred": row["date_inferred"] == "true",
            # Printed in million: listed as printed, never converted or plotted.
            "total_rural_hh_million": row.get("total_rural_hh_million", ""),
            "hh_added_since_launch_million": row.get("hh_added_since_launch_million", ""),
        })
    return pd.DataFrame(rows)


def national_points(frame: pd.DataFrame) -> pd.DataFrame:
    """The national frame as the chart's points: (date, panel, series, value, wording, label)."""
    with_pct = frame[frame["hh_with_tap_pct"] != ""]
    ends = {with_pct.index[0], with_pct.index[-1]} if len(with_pct) else set()
    points = []
    for index, row in frame.iterrows():
        tap = wording_group(row["wording_tap"])
        if row["hh_with_tap_pct"] != "":
            label = (f"{row['wording_tap']} {numbers.percent(row['hh_with_tap_pct'])}".strip()
                     if index in ends else "")
            points.append((row["plotted_at"], "share", coverage_charts.SERIES[0][0],
                           float(row["hh_with_tap_pct"]), tap, label))
        for column, series, word in (
                ("hh_with_tap_crore", coverage_charts.SERIES[0][0], tap),
                ("hh_added_since_launch_crore", coverage_charts.SERIES[1][0],
                 wording_group(row["wording_added"])),
                ("total_rural_hh_crore", coverage_charts.SERIES[2][0], "")):
            if row[column] != "":
                points.append((row["plotted_at"], "households", series, float(row[column]),
                               word, ""))
    return pd.DataFrame(points, columns=["date", "panel", "series", "value", "wording", "label"])


def national_description(frame: pd.DataFrame) -> str:
    """One sentence: the share with a tap at the first and last dates, and the denominator."""
    with_pct = frame[frame["hh_with_tap_pct"] != ""]
    if len(with_pct) < 2:
        return "Too few dated figures of the share of rural households with a tap to compare."
    first, last = with_pct.iloc[0], with_pct.iloc[-1]
    verb = "rose" if Decimal(last["hh_with_tap_pct"]) >= Decimal(first["hh_with_tap_pct"]) \
        else "fell"

    def share(row: pd.Series) -> str:
        return f"{row['wording_tap']} {numbers.percent(row['hh_with_tap_pct'])}".strip()
    sentence = (f"The share of rural households with a tap {verb} from {share(first)} on "
                f"{numbers.human_date(first['as_of'])} to {share(last)} on "
                f"{numbers.human_date(last['as_of'])}")
    if first["total_rural_hh_crore"] and last["total_rural_hh_crore"]:
        sentence += (f", while the stated total of rural households was revised from "
                     f"{first['total_rural_hh_crore']} crore to "
                     f"{last['total_rural_hh_crore']} crore")
    return sentence + "."


def national_chart(data: SiteData) -> charts.Chart:
    """National progress: every dated figure, launch and 2024 goal marked."""
    frame = national_frame(data)
    points = national_points(frame)
    last = frame["as_of"].iloc[-1]
    marks = pd.DataFrame([{"date": LAUNCH, "label": "Launch, 15 Aug 2019"},
                          {"date": GOAL, "label": "Goal: every rural household by 2024"}])
    # On a phone the two labels share one line: short, the goal's to the left of its rule.
    narrow_marks = pd.DataFrame([{"date": LAUNCH, "label": "Launch", "align": "left"},
                                 {"date": GOAL, "label": "2024 goal", "align": "right"}])
    title = "Rural households with a tap, India"
    as_of = numbers.human_date(last)
    source = (f"Source: Ministry of Jal Shakti figures in jjm-coverage/{NATIONAL}.csv "
              f"(each row names its source).")
    domain = ["2019-01-01", f"{last[:4]}-12-31"]
    subtitle = [f"As of {as_of}. Shares as stated at each date; the total of rural households "
                f"is revised over time.", source]
    spec = coverage_charts.national_progress_spec(points, marks, title, subtitle, domain)
    narrow = coverage_charts.national_progress_spec(points, narrow_marks, title, subtitle,
                                                    domain, narrow=True)
    header = ["Date", "With a tap (%)", "With a tap (crore)", "Connected since launch (crore)",
              "All rural households (crore)", "Source's wording", "Source"]
    rows = [[numbers.human_date(r["as_of"]) + (" (month only; drawn mid-month)"
                                               if r["plotted_at"] != r["as_of"] else "")
             + (" (date inferred: not printed)" if r["date_inferred"] else ""),
             r["hh_with_tap_pct"], _with_note(r["hh_with_tap_crore"], r["converted"], "with tap"),
             _with_note(r["hh_added_since_launch_crore"], r["converted"], "added")
             or _in_million(r["hh_added_since_launch_million"]),
             _with_note(r["total_rural_hh_crore"], r["converted"], "total")
             or _in_million(r["total_rural_hh_million"]),
             "; ".join(w for w in (r["wording_tap"], r["wording_added"] and
                                   f"{r['wording_added']} (connected since launch)") if w),
             r["source_id"]] for _, r in frame.iterrows()]
    return charts.Chart(
        "national-progress", title, as_of, national_description(frame), spec, frame, header,
        rows, source, [(s, source_link(s)) for s in sorted(set(frame["source_id"]))],
        narrow_spec=narrow)


def _in_million(value: str) -> str:
    """A figure the source printed in million, shown so in a crore column (not plotted)."""
    return f"{value} million (as printed; not plotted)" if value else ""


def _with_note(value: str, converted: str, name: str) -> str:
    """A plotted crore value, saying so when it was converted from an exact count."""
    return f"{value} (from exact count)" if value and f"{name} from" in converted else value


# ---- State ranking and map ----------------------------------------------------------------

def _table_source(table: StateTable) -> str:
    return (f"Source: Ministry of Jal Shakti State/UT table, jjm-coverage/{TABLES}.csv, "
            f"source {table.source_id}.")


def ranking_frame(table: StateTable) -> pd.DataFrame:
    """The ranking as plotted: ranked States/UTs, then those not reported in the table."""
    rows = []
    for entry in table.ranked:
        pct = float(entry.pct)
        rows.append({"rank": entry.rank_text, "state": entry.name, "pct": pct,
                     "published_pct": entry.pct, "category": coverage_charts.band(pct),
                     "label": numbers.percent(entry.pct)})
    for entry in table.entries:
        if entry.status in (NOT_REPORTED, ABSENT):
            rows.append({"rank": "", "state": entry.name, "pct": float("nan"),
                         "published_pct": "", "category": coverage_charts.NOT_REPORTED,
                         "label": "not reported in this table"})
    return pd.DataFrame(rows)


def ranking_chart(table: StateTable) -> charts.Chart:
    """States/UTs ranked by the share of rural households with a tap."""
    frame = ranking_frame(table)
    ranked = table.ranked
    full = [e.name for e in ranked if Decimal(e.pct) == 100]
    missing = [e.name for e in table.entries if e.status in (NOT_REPORTED, ABSENT)]
    description = (f"In the State/UT table of {table.date_text}, {len(full)} of the "
                   f"{len(ranked)} States/UTs with a figure had a tap in every rural household"
                   + (f" and the lowest was {ranked[-1].name} at {numbers.percent(ranked[-1].pct)}"
                      if ranked else "")
                   + (f"; {_and(missing)} {'is' if len(missing) == 1 else 'are'} not reported "
                      f"in this table" if missing else "") + ".")
    title = "States/UTs ranked by rural households with a tap"
    subtitle = [f"As of {table.date_text}. Bars at 100%: a tap in every rural household.",
                _table_source(table)]
    spec = coverage_charts.ranking_spec(frame, title, subtitle)
    narrow = coverage_charts.ranking_spec(frame, title, subtitle, narrow=True)
    rows = [[r["rank"], r["state"], r["published_pct"], r["category"]]
            for _, r in frame.iterrows()]
    return charts.Chart("state-ranking", title, table.date_text, description, spec,
                        frame[["rank", "state", "published_pct", "category"]],
                        ["Rank", "State/UT", "With a tap (%)", "Colour (coverage band)"],
                        rows, _table_source(table),
                        [(table.source_id, source_link(table.source_id))], narrow_spec=narrow)


def map_frame(table: StateTable) -> pd.DataFrame:
    """One tile per State/UT: position, label, what its colour stands for."""
    rows = []
    for entry in sorted(table.entries, key=lambda e: e.code):
        col, row, short = TILES[entry.code]
        if entry.status == REPORTED:
            category, value = coverage_charts.band(float(entry.pct)), numbers.percent(entry.pct)
        elif entry.status == NOT_IN_JJM:
            category, value = coverage_charts.NOT_IN_JJM, "no JJM"
        else:
            category, value = coverage_charts.NOT_REPORTED, "n/r"
        rows.append({"lgd_state_code": entry.code, "state": entry.name, "short": short,
                     "col": col, "row": row, "published_pct": entry.pct,
                     "value_label": value, "category": category,
                     "text_colour": coverage_charts.text_colour(category)})
    return pd.DataFrame(rows)


def map_chart(table: StateTable) -> charts.Chart:
    """The tile-grid map of India's States/UTs coloured by coverage."""
    frame = map_frame(table)
    counts = frame["category"].value_counts()
    reported = (len(frame) - counts.get(coverage_charts.NOT_REPORTED, 0)
                - counts.get(coverage_charts.NOT_IN_JJM, 0))
    missing = frame[frame["category"] == coverage_charts.NOT_REPORTED]["state"].tolist()
    outside = frame[frame["category"] == coverage_charts.NOT_IN_JJM]["state"].tolist()
    description = (f"Of India's {len(frame)} States/UTs, {reported} have a figure in the table "
                   f"of {table.date_text} ({counts.get('100%', 0)} at 100%)"
                   + (f", {len(missing)} {'is' if len(missing) == 1 else 'are'} not reported in "
                      f"it ({_and(missing)})" if missing else "")
                   + (f" and {len(outside)} {'is' if len(outside) == 1 else 'are'} not in JJM "
                      f"tables ({_and(outside)})" if outside else "") + ".")
    title = "Map of rural households with a tap, by State/UT"
    subtitle = [f"As of {table.date_text}. One equal tile per State/UT, roughly where it lies.",
                _table_source(table)]
    spec = coverage_charts.tile_map_spec(frame, *GRID, title, subtitle)
    narrow = coverage_charts.tile_map_spec(frame, *GRID, title, [
        subtitle[0] + " Figures on the tiles: % of rural households with a tap.", subtitle[1]],
        narrow=True)
    rows = [[r["state"], r["short"], r["published_pct"] or r["value_label"], r["category"]]
            for _, r in frame.sort_values("state").iterrows()]
    return charts.Chart("state-map", title, table.date_text, description, spec, frame,
                        ["State/UT", "Tile label", "With a tap (%)", "Colour (coverage band)"],
                        rows, _table_source(table),
                        [(table.source_id, source_link(table.source_id))], narrow_spec=narrow,
                        key=[(r["short"], r["state"]) for _, r in frame.iterrows()])


def _and(names: list[str]) -> str:
    """'A', 'A and B', 'A, B and C'."""
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


# ---- Sortable table -------------------------------------------------------------------------

STATUS_TEXT = {NOT_REPORTED: "not reported in this table", ABSENT: "not reported in this table",
               NOT_IN_JJM: "not in JJM tables (no rural population)"}
COLUMNS = [("State/UT", "text"), ("Rank", "number"), ("With a tap (%)", "number"),
           ("With a tap (lakh)", "number"), ("Rural households (lakh)", "number"),
           ("With a tap on 15 Aug 2019 (lakh)", "number"),
           ("Connected since 15 Aug 2019 (lakh)", "number")]
FIGURES = ["hh_tap_as_of_pct", "hh_tap_as_of_lakh", "total_rural_hh_lakh",
           "hh_tap_on_2019_08_15_lakh", "hh_added_since_2019_08_lakh"]


def table_context(table: StateTable) -> Markup:
    """Every State/UT in one table; a plain table without JavaScript, sortable with it."""
    order = {e.code: i for i, e in enumerate(
        table.ranked + [e for e in table.entries if e.status != REPORTED])}
    head = "".join(f'<th scope="col" data-sort="{kind}">{html.escape(name)}</th>'
                   for name, kind in COLUMNS)
    body = []
    for entry in sorted(table.entries, key=lambda e: order[e.code]):
        link = f'<a href="states/{entry.slug}.html">{html.escape(entry.name)}</a>'
        cells = [f'<th scope="row" data-value="{html.escape(entry.name)}">{link}</th>',
                 _number_cell(str(entry.rank or ""), entry.rank_text, entry)]
        for column in FIGURES:
            value = "" if entry.row is None else entry.row[column]
            shown = numbers.percent(value) if column.endswith("pct") else value
            cells.append(_number_cell(value, shown, entry))
        body.append(f'<tr id="state-{entry.slug}">' + "".join(cells) + "</tr>")
    # Wider than a phone (and than the page at 1280 px): it scrolls in its own box, which
    # takes the keyboard's focus and shows a shadow at the edge that has more (opendata.css).
    return Markup(
        '<div class="od-table-wrap od-scroll" markdown="0" tabindex="0" role="region" '
        'aria-labelledby="coverage-table-caption"><table class="od-table od-sortable" '
        f'id="coverage-table"><caption id="coverage-table-caption">All States/UTs in the State/UT table of '
        f'{html.escape(table.date_text)}; blank figures are not reported, never zero.'
        f'</caption><thead><tr>{head}</tr></thead><tbody>\n' + "\n".join(body)
        + "\n</tbody></table></div>")


def _number_cell(value: str, shown: str, entry: StateEntry) -> str:
    """A numeric cell; a blank says why it is blank and sorts last."""
    if value:
        return f'<td class="num" data-value="{html.escape(value)}">{html.escape(shown)}</td>'
    reason = STATUS_TEXT.get(entry.status, "not reported")
    return f'<td class="num" data-value=""><span class="od-nr">{reason}</span></td>'
