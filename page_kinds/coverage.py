"""Page kind: coverage overview: national progress, State/UT ranking, tile map and a table."""

from __future__ import annotations

import html
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

import jinja2
from markupsafe import Markup

from generator import charts, numbers
from generator.i18n import N_
from generator.languages import ENGLISH, Language, of
from generator.model import NO_OPTIONS, Asset, Options, Page
from generator.needs import Needs
from generator.render_cache import data_only
from generator.sitedata import SiteData
from generator.slugs import slug

from . import coverage_charts

if TYPE_CHECKING:  # imported where a frame is made: a rebuild from the cache needs none
    import pandas as pd

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
    """One State/UT as the latest State table shows it (or does not).

    `name` is the name in the page's language (`english` the English one, which gives the
    slug); `untranslated` when the data has no name in that language, so the English shows.
    """

    code: int
    name: str
    slug: str
    short: str
    status: str                  # REPORTED, NOT_REPORTED (row, blank figure), ABSENT, NOT_IN_JJM
    row: pd.Series | None        # its row in the latest table, published strings
    rank: int | None = None
    tied: int = 0                # how many States/UTs share the rank (0 = not ranked)
    english: str = ""            # the English name ('' : `name` is English)
    untranslated: bool = False   # no name in the page's language: the English one is shown
    language: Language = ENGLISH

    @property
    def pct(self) -> str:
        """Its published coverage in the latest table ('' when not reported)."""
        return "" if self.row is None else self.row["hh_tap_as_of_pct"]

    @property
    def rank_text(self) -> str:
        """'12' or '1 (tied)'; '' when not ranked."""
        if self.rank is None:
            return ""
        rank = self.language.numbers.group_indian(self.rank)
        return self.language.gettext("%(rank)s (tied)") % {"rank": rank} if self.tied > 1 \
            else rank


@dataclass(frozen=True)
class StateTable:
    """The latest State table: its date, source, and every State/UT of India against it."""

    as_of: str
    inferred: bool
    source_id: str
    entries: tuple[StateEntry, ...]
    language: Language = ENGLISH

    @property
    def date_text(self) -> str:
        """'4 Dec 2025 (year inferred)'."""
        return year_inferred(self.as_of, self.inferred, self.language)

    @property
    def ranked(self) -> list[StateEntry]:
        """Entries with a figure, by rank then name."""
        return sorted((e for e in self.entries if e.status == REPORTED),
                      key=lambda e: (e.rank, e.name))


def available(data: SiteData) -> bool:
    """Whether this build has the coverage tables."""
    return all((PACKAGE, r) in data.frames for r in (NATIONAL, TABLES, MENTIONS))


def year_inferred(as_of: str, inferred: bool, language: Language = ENGLISH) -> str:
    """A date in words, '(year inferred)' after it when the source did not print the year."""
    date = language.numbers.human_date(as_of)
    return language.gettext("%(date)s (year inferred)") % {"date": date} if inferred else date


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


def names_in(data: SiteData, language: Language) -> dict[int, str]:
    """The State/UT names of admin-codes in `language` (column state_name_<code>), by LGD code.

    English has none (its names are state_names'); a blank cell is left out, so the page shows
    the English name with a note instead (never an empty name).
    """
    column = f"state_name_{language.code}"
    if language.code == ENGLISH.code or ADMIN not in data.frames \
            or column not in data.frame(*ADMIN).columns:
        return {}
    frame = data.frame(*ADMIN)
    return {int(code): name.strip() for code, name in zip(
        frame["lgd_state_code"].tolist(), frame[column].tolist(), strict=True)
        if str(name).strip()}


def latest_table(data: SiteData, language: Language = ENGLISH) -> StateTable:
    """Every State/UT against the latest State table, ranked by its published coverage."""
    frame = data.frame(PACKAGE, TABLES)
    as_of = max(frame["as_of"])
    table = frame[frame["as_of"] == as_of]
    rows = {int(r["lgd_state_code"]): r for _, r in table.iterrows()}
    values = {code: Decimal(r["hh_tap_as_of_pct"]) for code, r in rows.items()
              if r["hh_tap_as_of_pct"] != ""}
    entries = []
    translated = names_in(data, language)
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
        shown = name if language.code == ENGLISH.code else translated.get(code, name)
        entries.append(StateEntry(
            code, shown, slugify(name), TILES.get(code, (0, 0, ""))[2], status, row, rank,
            tied or 0, name if shown != name else "",
            language.code != ENGLISH.code and code not in translated, language))
    return StateTable(as_of, table["date_inferred"].iloc[0] == "true",
                      table["source_id"].iloc[0], tuple(entries), language)


@data_only
def render(data: SiteData, env: jinja2.Environment, options: Options = NO_OPTIONS
           ) -> list[Page | Asset]:
    """The coverage overview page, its charts and their downloads."""
    template = env.get_template("coverage.md.j2")
    if not available(data):
        return [Page(f"{FOLDER}/index.md", template.render(available=False))]
    language = of(env)
    table = latest_table(data, language)
    outputs: list[Page | Asset] = []
    contexts = []
    for chart in (national_chart(data, language), ranking_chart(table), map_chart(table)):
        context, assets = charts.publish(chart, FOLDER, language=language)
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
    import pandas as pd
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


def national_points(frame: pd.DataFrame, language: Language = ENGLISH) -> pd.DataFrame:
    """The national frame as the chart's points: (date, panel, series, value, wording, label)."""
    import pandas as pd
    n = language.numbers
    with_pct = frame[frame["hh_with_tap_pct"] != ""]
    ends = {with_pct.index[0], with_pct.index[-1]} if len(with_pct) else set()
    points = []
    for index, row in frame.iterrows():
        tap = wording_group(row["wording_tap"])
        if row["hh_with_tap_pct"] != "":
            label = (f"{row['wording_tap']} {n.percent(row['hh_with_tap_pct'])}".strip()
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


def national_description(frame: pd.DataFrame, language: Language = ENGLISH) -> str:
    """One sentence: the share with a tap at the first and last dates, and the denominator."""
    _, n = language.gettext, language.numbers
    with_pct = frame[frame["hh_with_tap_pct"] != ""]
    if len(with_pct) < 2:
        return _("Too few dated figures of the share of rural households with a tap to compare.")
    first, last = with_pct.iloc[0], with_pct.iloc[-1]
    rose = Decimal(last["hh_with_tap_pct"]) >= Decimal(first["hh_with_tap_pct"])

    def share(row: pd.Series) -> str:
        return f"{row['wording_tap']} {n.percent(row['hh_with_tap_pct'])}".strip()
    words = {"first": share(first), "first_date": n.human_date(first["as_of"]),
             "last": share(last), "last_date": n.human_date(last["as_of"])}
    sentence = (_("The share of rural households with a tap rose from %(first)s on "
                  "%(first_date)s to %(last)s on %(last_date)s") if rose else
                _("The share of rural households with a tap fell from %(first)s on "
                  "%(first_date)s to %(last)s on %(last_date)s")) % words
    if first["total_rural_hh_crore"] and last["total_rural_hh_crore"]:
        sentence += _(", while the stated total of rural households was revised from "
                      "%(first)s to %(last)s") % {
            "first": n.count_text(first["total_rural_hh_crore"], "crore")["short"],
            "last": n.count_text(last["total_rural_hh_crore"], "crore")["short"]}
    return _("%(sentence)s.") % {"sentence": sentence}


def national_chart(data: SiteData, language: Language = ENGLISH) -> charts.Chart:
    """National progress: every dated figure, launch and 2024 goal marked."""
    import pandas as pd
    _, n = language.gettext, language.numbers
    frame = national_frame(data)
    points = national_points(frame, language)
    last = frame["as_of"].iloc[-1]
    marks = pd.DataFrame([
        {"date": LAUNCH, "label": _("Launch, %(date)s") % {"date": n.human_date(LAUNCH)}},
        {"date": GOAL, "label": _("Goal: every rural household by 2024")}])
    # On a phone the two labels share one line: short, the goal's to the left of its rule.
    narrow_marks = pd.DataFrame([{"date": LAUNCH, "label": _("Launch"), "align": "left"},
                                 {"date": GOAL, "label": _("2024 goal"), "align": "right"}])
    title = _("Rural households with a tap, India")
    as_of = n.human_date(last)
    source = _("Source: Ministry of Jal Shakti figures in %(file)s (each row names its "
               "source).") % {"file": f"jjm-coverage/{NATIONAL}.csv"}
    domain = ["2019-01-01", f"{last[:4]}-12-31"]
    subtitle = [_("As of %(date)s. Shares as stated at each date; the total of rural "
                  "households is revised over time.") % {"date": as_of}, source]
    spec = coverage_charts.national_progress_spec(points, marks, title, subtitle, domain,
                                                  language=language)
    narrow = coverage_charts.national_progress_spec(points, narrow_marks, title, subtitle,
                                                    domain, narrow=True, language=language)
    header = [_("Date"), _("With a tap (%)"), _("With a tap (crore)"),
              _("Connected since launch (crore)"), _("All rural households (crore)"),
              _("Source's wording"), _("Source")]
    rows = [[n.human_date(r["as_of"]) + (_(" (month only; drawn mid-month)")
                                         if r["plotted_at"] != r["as_of"] else "")
             + (_(" (date inferred: not printed)") if r["date_inferred"] else ""),
             r["hh_with_tap_pct"],
             _with_note(r["hh_with_tap_crore"], r["converted"], "with tap", language),
             _with_note(r["hh_added_since_launch_crore"], r["converted"], "added", language)
             or _in_million(r["hh_added_since_launch_million"], language),
             _with_note(r["total_rural_hh_crore"], r["converted"], "total", language)
             or _in_million(r["total_rural_hh_million"], language),
             "; ".join(w for w in (r["wording_tap"], r["wording_added"] and _(
                 "%(wording)s (connected since launch)") % {"wording": r["wording_added"]})
                 if w),
             r["source_id"]] for _row, r in frame.iterrows()]
    return charts.Chart(
        "national-progress", title, as_of, national_description(frame, language), spec, frame,
        header, rows, source,
        [(s, source_link(s)) for s in sorted(set(frame["source_id"]))], narrow_spec=narrow)


def _in_million(value: str, language: Language = ENGLISH) -> str:
    """A figure the source printed in million, shown so in a crore column (not plotted)."""
    return language.gettext("%(value)s million (as printed; not plotted)") % {
        "value": value} if value else ""


def _with_note(value: str, converted: str, name: str, language: Language = ENGLISH) -> str:
    """A plotted crore value, saying so when it was converted from an exact count."""
    return language.gettext("%(value)s (from exact count)") % {"value": value} \
        if value and f"{name} from" in converted else value


# ---- State ranking and map ----------------------------------------------------------------

def _table_source(table: StateTable) -> str:
    return table.language.gettext(
        "Source: Ministry of Jal Shakti State/UT table, %(file)s, source %(source)s.") % {
        "file": f"jjm-coverage/{TABLES}.csv", "source": table.source_id}


def _not_reported_in_table(table: StateTable, names: list[str]) -> str:
    """'; A and B are not reported in this table' ('' when every State/UT is)."""
    if not names:
        return ""
    return table.language.ngettext("; %(names)s is not reported in this table",
                                   "; %(names)s are not reported in this table",
                                   len(names)) % {"names": _and(names, table.language)}


def ranking_frame(table: StateTable) -> pd.DataFrame:
    """The ranking as plotted: ranked States/UTs, then those not reported in the table."""
    import pandas as pd
    n = table.language.numbers
    rows = []
    for entry in table.ranked:
        pct = float(entry.pct)
        rows.append({"rank": entry.rank_text, "state": entry.name, "pct": pct,
                     "published_pct": entry.pct, "category": coverage_charts.band(pct),
                     "label": n.percent(entry.pct)})
    for entry in table.entries:
        if entry.status in (NOT_REPORTED, ABSENT):
            rows.append({"rank": "", "state": entry.name, "pct": float("nan"),
                         "published_pct": "", "category": coverage_charts.NOT_REPORTED,
                         "label": table.language.gettext("not reported in this table")})
    return pd.DataFrame(rows)


def ranking_chart(table: StateTable) -> charts.Chart:
    """States/UTs ranked by the share of rural households with a tap."""
    _, n = table.language.gettext, table.language.numbers
    frame = ranking_frame(table)
    ranked = table.ranked
    full = [e.name for e in ranked if Decimal(e.pct) == 100]
    missing = [e.name for e in table.entries if e.status in (NOT_REPORTED, ABSENT)]
    description = _("%(sentence)s.") % {"sentence": _(
        "In the State/UT table of %(date)s, %(full)s of the %(count)s States/UTs with a figure "
        "had a tap in every rural household") % {
        "date": table.date_text, "full": n.group_indian(len(full)),
        "count": n.group_indian(len(ranked))}
        + (_(" and the lowest was %(name)s at %(pct)s") % {
            "name": ranked[-1].name, "pct": n.percent(ranked[-1].pct)} if ranked else "")
        + _not_reported_in_table(table, missing)}
    title = _("States/UTs ranked by rural households with a tap")
    subtitle = [_("As of %(date)s. Bars at 100%%: a tap in every rural household.") % {
        "date": table.date_text}, _table_source(table)]
    spec = coverage_charts.ranking_spec(frame, title, subtitle, language=table.language)
    narrow = coverage_charts.ranking_spec(frame, title, subtitle, narrow=True,
                                          language=table.language)
    rows = [[r["rank"], r["state"], r["published_pct"], _(r["category"])]
            for _row, r in frame.iterrows()]
    return charts.Chart("state-ranking", title, table.date_text, description, spec,
                        frame[["rank", "state", "published_pct", "category"]],
                        [_("Rank"), _("State/UT"), _("With a tap (%)"),
                         _("Colour (coverage band)")],
                        rows, _table_source(table),
                        [(table.source_id, source_link(table.source_id))], narrow_spec=narrow)


def map_frame(table: StateTable) -> pd.DataFrame:
    """One tile per State/UT: position, label, what its colour stands for."""
    import pandas as pd
    _, n = table.language.gettext, table.language.numbers
    rows = []
    for entry in sorted(table.entries, key=lambda e: e.code):
        col, row, short = TILES[entry.code]
        if entry.status == REPORTED:
            category, value = coverage_charts.band(float(entry.pct)), n.percent(entry.pct)
        elif entry.status == NOT_IN_JJM:
            category, value = coverage_charts.NOT_IN_JJM, _("no JJM")
        else:
            category, value = coverage_charts.NOT_REPORTED, _("n/r")
        rows.append({"lgd_state_code": entry.code, "state": entry.name, "short": short,
                     "col": col, "row": row, "published_pct": entry.pct,
                     "value_label": value, "category": category,
                     "text_colour": coverage_charts.text_colour(category)})
    return pd.DataFrame(rows)


def map_chart(table: StateTable) -> charts.Chart:
    """The tile-grid map of India's States/UTs coloured by coverage."""
    language = table.language
    _, ngettext, n = language.gettext, language.ngettext, language.numbers
    frame = map_frame(table)
    counts = frame["category"].value_counts()
    reported = (len(frame) - counts.get(coverage_charts.NOT_REPORTED, 0)
                - counts.get(coverage_charts.NOT_IN_JJM, 0))
    missing = frame[frame["category"] == coverage_charts.NOT_REPORTED]["state"].tolist()
    outside = frame[frame["category"] == coverage_charts.NOT_IN_JJM]["state"].tolist()
    sentence = _("Of India's %(count)s States/UTs, %(reported)s have a figure in the table of "
                 "%(date)s (%(full)s at 100%%)") % {
        "count": n.group_indian(len(frame)), "reported": n.group_indian(reported),
        "date": table.date_text, "full": n.group_indian(counts.get("100%", 0))}
    if missing:
        sentence += ngettext(", %(count)s is not reported in it (%(names)s)",
                             ", %(count)s are not reported in it (%(names)s)", len(missing)) % {
            "count": n.group_indian(len(missing)), "names": _and(missing, language)}
    if outside:
        sentence += ngettext(" and %(count)s is not in JJM tables (%(names)s)",
                             " and %(count)s are not in JJM tables (%(names)s)", len(outside)) % {
            "count": n.group_indian(len(outside)), "names": _and(outside, language)}
    description = _("%(sentence)s.") % {"sentence": sentence}
    title = _("Map of rural households with a tap, by State/UT")
    subtitle = [_("As of %(date)s. One equal tile per State/UT, roughly where it lies.") % {
        "date": table.date_text}, _table_source(table)]
    spec = coverage_charts.tile_map_spec(frame, *GRID, title, subtitle, language=language)
    narrow = coverage_charts.tile_map_spec(frame, *GRID, title, [
        subtitle[0] + _(" Figures on the tiles: %(percent)s of rural households with a tap.")
        % {"percent": "%"},
        subtitle[1]], narrow=True, language=language)
    rows = [[r["state"], r["short"], r["published_pct"] or r["value_label"], _(r["category"])]
            for _row, r in frame.sort_values("state").iterrows()]
    return charts.Chart("state-map", title, table.date_text, description, spec, frame,
                        [_("State/UT"), _("Tile label"), _("With a tap (%)"),
                         _("Colour (coverage band)")],
                        rows, _table_source(table),
                        [(table.source_id, source_link(table.source_id))], narrow_spec=narrow,
                        key=[(r["short"], r["state"]) for _row, r in frame.iterrows()])


def _and(names: list[str], language: Language = ENGLISH) -> str:
    """'A', 'A and B', 'A, B and C'."""
    if len(names) == 1:
        return names[0]
    return language.gettext("%(names)s and %(last)s") % {"names": ", ".join(names[:-1]),
                                                         "last": names[-1]}


# ---- Sortable table -------------------------------------------------------------------------

STATUS_TEXT = {NOT_REPORTED: N_("not reported in this table"),
               ABSENT: N_("not reported in this table"),
               NOT_IN_JJM: N_("not in JJM tables (no rural population)")}
COLUMNS = [(N_("State/UT"), "text"), (N_("Rank"), "number"), (N_("With a tap (%)"), "number"),
           (N_("With a tap (lakh)"), "number"), (N_("Rural households (lakh)"), "number"),
           (N_("With a tap on 15 Aug 2019 (lakh)"), "number"),
           (N_("Connected since 15 Aug 2019 (lakh)"), "number")]
FIGURES = ["hh_tap_as_of_pct", "hh_tap_as_of_lakh", "total_rural_hh_lakh",
           "hh_tap_on_2019_08_15_lakh", "hh_added_since_2019_08_lakh"]


def state_name_html(entry: StateEntry) -> str:
    """A State/UT's name as HTML text; an English name on a page in another language says so."""
    if entry.untranslated:
        return f'<span lang="en">{html.escape(entry.name)}</span>'
    return html.escape(entry.name)


def table_context(table: StateTable) -> Markup:
    """Every State/UT in one table; a plain table without JavaScript, sortable with it."""
    _, n = table.language.gettext, table.language.numbers
    order = {e.code: i for i, e in enumerate(
        table.ranked + [e for e in table.entries if e.status != REPORTED])}
    head = "".join(f'<th scope="col" data-sort="{kind}">{html.escape(_(name))}</th>'
                   for name, kind in COLUMNS)
    body = []
    for entry in sorted(table.entries, key=lambda e: order[e.code]):
        link = f'<a href="states/{entry.slug}.html">{state_name_html(entry)}</a>'
        cells = [f'<th scope="row" data-value="{html.escape(entry.name)}">{link}</th>',
                 _number_cell(str(entry.rank or ""), entry.rank_text, entry)]
        for column in FIGURES:
            value = "" if entry.row is None else entry.row[column]
            shown = n.percent(value) if column.endswith("pct") else value
            cells.append(_number_cell(value, shown, entry))
        body.append(f'<tr id="state-{entry.slug}">' + "".join(cells) + "</tr>")
    caption = _("All States/UTs in the State/UT table of %(date)s; blank figures are not "
                "reported, never zero.") % {"date": table.date_text}
    # Wider than a phone (and than the page at 1280 px): it scrolls in its own box, which
    # takes the keyboard's focus and shows a shadow at the edge that has more (opendata.css).
    return Markup(
        '<div class="od-table-wrap od-scroll" markdown="0" tabindex="0" role="region" '
        'aria-labelledby="coverage-table-caption"><table class="od-table od-sortable" '
        f'id="coverage-table"><caption id="coverage-table-caption">{html.escape(caption)}'
        f'</caption><thead><tr>{head}</tr></thead><tbody>\n' + "\n".join(body)
        + "\n</tbody></table></div>")


def _number_cell(value: str, shown: str, entry: StateEntry) -> str:
    """A numeric cell; a blank says why it is blank and sorts last."""
    if value:
        return f'<td class="num" data-value="{html.escape(value)}">{html.escape(shown)}</td>'
    reason = entry.language.gettext(STATUS_TEXT.get(entry.status, NOT_REPORTED_TEXT))
    return f'<td class="num" data-value=""><span class="od-nr">{html.escape(reason)}</span></td>'


NOT_REPORTED_TEXT = N_("not reported")
