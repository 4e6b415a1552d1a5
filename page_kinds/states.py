"""Page kind: one page per State/UT: latest coverage, rank, every figure we hold, downloads."""

from __future__ import annotations

import jinja2
import pandas as pd

from generator import numbers
from generator.model import NO_OPTIONS, Asset, Options, Page
from generator.render_cache import data_only
from generator.sitedata import SiteData, row_anchor

from .coverage import (
    ABSENT,
    MENTIONS,
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

FOLDER = "coverage/states"
UP = "../../"  # from a state page to the site root
METRICS = {
    "pct_rural_hh_with_tap": "{pct} of rural households with a tap",
    "pct_rural_hh_without_tap": "{pct} of rural households without a tap",
    "rural_hh_with_tap": "{count} rural households with a tap",
    "rural_hh_without_tap_lakh": "{lakh} rural households without a tap",
}


@data_only
def render(data: SiteData, env: jinja2.Environment, options: Options = NO_OPTIONS
           ) -> list[Page | Asset]:
    """A page and a download of its rows for every State/UT of India."""
    if not available(data):
        return []
    table = latest_table(data)
    template = env.get_template("state.md.j2")
    registry = source_registry(data)
    rows = {name: rows_by_state(data, name) for name in (TABLES, MENTIONS)}
    out: list[Page | Asset] = []
    for entry in table.entries:
        downloads = state_downloads(data, rows, entry)
        context = state_context(data, table, entry, registry, snapshot_rows(data, rows, entry.code))
        context["downloads"] = [{"filename": a.path.rsplit("/", 1)[1], "rows": rows,
                                 "resource": resource} for a, resource, rows in downloads]
        out.append(Page(f"{FOLDER}/{entry.slug}.md", template.render(**context)))
        out.extend(a for a, _, _ in downloads)
    return out


def lakh(value: str) -> str:
    """'160.36' -> '160.36 lakh (1,60,36,000)'; blank -> 'not reported'."""
    count = numbers.count_text(value, "lakh")
    return count["short"] if not value else f"{count['short']} ({count['indian']})"


def _with_pct(count: str, pct: str) -> str:
    """'3.16 lakh (1.89%)'; either may be blank (not reported)."""
    shown = numbers.count_text(count, "lakh")["short"]
    return f"{shown} ({numbers.percent(pct)})" if pct else shown


def rows_by_state(data: SiteData, resource: str) -> dict[int, list[dict]]:
    """A resource's rows (published strings and `_line`) grouped by LGD state code."""
    grouped: dict[int, list[dict]] = {}
    for row in data.frame(PACKAGE, resource).to_dict("records"):
        grouped.setdefault(int(row["lgd_state_code"]), []).append(row)
    return grouped


def state_context(data: SiteData, table: StateTable, entry: StateEntry,
                  registry: dict[str, dict], snapshots: list[dict]) -> dict:
    """Everything a State/UT page shows, computed here so the template only formats."""
    used = sorted({s["source_id"] for s in snapshots} | (
        {table.source_id} if entry.status in (REPORTED, NOT_REPORTED) else set()))
    return {
        "name": entry.name, "code": entry.code, "slug": entry.slug,
        "status": entry.status, "reported": entry.status == REPORTED,
        "not_in_jjm": entry.status == NOT_IN_JJM,
        "table_date": table.date_text, "table_source": table.source_id,
        "table_source_link": f"{UP}data/{PACKAGE}/index.md#source-{table.source_id}",
        "summary": summary(table, entry),
        "facts": facts(data, table, entry),
        "newer": [s for s in snapshots if s["as_of"] > table.as_of],
        "snapshots": snapshots,
        "sources": [registry[s] for s in used if s in registry],
    }


def summary(table: StateTable, entry: StateEntry) -> str:
    """The page's first sentence."""
    if entry.status == REPORTED:
        rank = (f"rank {entry.rank_text} of {len(table.ranked)} States/UTs with a figure"
                if entry.rank else "")
        return (f"{numbers.percent(entry.pct)} of rural households in {entry.name} had a tap "
                f"water connection in the State/UT table of {table.date_text} ({rank}).")
    if entry.status == NOT_IN_JJM:
        return (f"{entry.name} is not in the Jal Jeevan Mission's State/UT tables: the mission "
                f"counts no rural population there, so it has no coverage figure.")
    why = (f"its row there is incomplete ({_reason(entry.row)})" if entry.status == NOT_REPORTED
           else "it is not in the stored copy of that table")
    return (f"The share of rural households in {entry.name} with a tap is not reported in the "
            f"State/UT table of {table.date_text}: {why}. What is known is below, each figure "
            f"with its own date.")


def _reason(row: pd.Series | dict | None) -> str:
    """Why a table row is incomplete, from its row_complete cell."""
    text = "" if row is None else row.get("row_complete", "")
    return text.removeprefix("no").strip(" ()") or "figure blank"


def facts(data: SiteData, table: StateTable, entry: StateEntry) -> list[dict]:
    """The summary table: the latest table's figures for the State/UT, blanks said as such."""
    row = entry.row
    if entry.status in (ABSENT, NOT_IN_JJM) or row is None:
        return []
    resource = data.package(PACKAGE).resource(TABLES)
    link = f"{UP}data/{PACKAGE}/{TABLES}.md#{row_anchor(resource, row)}"
    not_reported = "not reported in this table"
    return [
        {"label": "State/UT table", "value": f"{table.date_text}, row {row['row_in_source']} "
                                              f"of the published table", "link": link,
         "link_label": f"{TABLES}.csv, line {row['_line']}"},
        {"label": f"With a tap on {table.date_text}",
         "value": _with_pct(row["hh_tap_as_of_lakh"], row["hh_tap_as_of_pct"])
         if row["hh_tap_as_of_lakh"] or row["hh_tap_as_of_pct"] else not_reported},
        {"label": "With a tap on 15 Aug 2019",
         "value": _with_pct(row["hh_tap_on_2019_08_15_lakh"], row["hh_tap_on_2019_08_15_pct"])},
        {"label": "Connected since 15 Aug 2019",
         "value": _with_pct(row["hh_added_since_2019_08_lakh"], row["hh_added_since_2019_08_pct"])
         if row["hh_added_since_2019_08_lakh"] else not_reported},
        {"label": "Rural households", "value": lakh(row["total_rural_hh_lakh"])},
        {"label": "Rank", "value": f"{entry.rank_text} of {len(table.ranked)} States/UTs with a "
                                   f"figure in this table" if entry.rank
         else f"not ranked: {not_reported}"},
    ]


def source_registry(data: SiteData) -> dict[str, dict]:
    """The package's sources by id: title, publisher, date, URL and link on the dataset page."""
    if (PACKAGE, SOURCES) not in data.frames:
        return {}
    return {r["source_id"]: {"id": r["source_id"], "title": r["title"],
                             "publisher": r["publisher_or_outlet"],
                             "date": numbers.human_date(r["date_published"])
                             if r["date_published"] else "date not published",
                             "url": r["url"],
                             "link": f"{UP}data/{PACKAGE}/index.md#source-{r['source_id']}"}
            for _, r in data.frame(PACKAGE, SOURCES).iterrows()}


def snapshot_rows(data: SiteData, grouped: dict[str, dict[int, list[dict]]],
                  code: int) -> list[dict]:
    """Every row we hold for a State/UT, table rows and quoted figures, by date."""
    package = data.package(PACKAGE)
    rows = []
    for resource_name, kind, describe in ((TABLES, "State/UT table", _table_figure),
                                          (MENTIONS, "Figure quoted in text", _mention_figure)):
        resource = package.resource(resource_name)
        for row in grouped[resource_name].get(code, []):
            inferred = row.get("date_inferred", "") == "true"
            rows.append({
                "as_of": row["as_of"], "kind": kind,
                "date": numbers.human_date(row["as_of"]) + (" (year inferred)" if inferred
                                                            else ""),
                "figure": describe(row), "note": row.get("note", ""),
                "source_id": row["source_id"],
                "source_link": f"{UP}data/{PACKAGE}/index.md#source-{row['source_id']}",
                "row_link": f"{UP}data/{PACKAGE}/{resource_name}.md#{row_anchor(resource, row)}",
                "row_label": f"{resource.path}, line {row['_line']}", "line": int(row["_line"]),
            })
    return sorted(rows, key=lambda r: (r["as_of"], r["kind"], r["line"]))


def _table_figure(row: dict) -> str:
    """A table row in words: coverage, households, baseline and connections since launch."""
    if row["hh_tap_as_of_pct"] or row["hh_tap_as_of_lakh"]:
        tap = (f"{numbers.percent(row['hh_tap_as_of_pct'])} with a tap "
               f"({numbers.count_text(row['hh_tap_as_of_lakh'], 'lakh')['short']} of "
               f"{numbers.count_text(row['total_rural_hh_lakh'], 'lakh')['short']} households)")
    else:
        tap = (f"with a tap: not reported in this table ({_reason(row)}); rural households "
               f"{numbers.count_text(row['total_rural_hh_lakh'], 'lakh')['short']}")
    parts = [tap, "on 15 Aug 2019: " + _with_pct(row["hh_tap_on_2019_08_15_lakh"],
                                                 row["hh_tap_on_2019_08_15_pct"])]
    if row["hh_added_since_2019_08_lakh"]:
        parts.append("connected since: " + _with_pct(row["hh_added_since_2019_08_lakh"],
                                                     row["hh_added_since_2019_08_pct"]))
    return "; ".join(parts)


def _mention_figure(row: dict) -> str:
    """A quoted figure in words, in its own unit."""
    template = METRICS.get(row["metric"])
    if template is None:
        return f"{row['metric']}: {row['value']} {row['unit']}"
    return template.format(pct=numbers.percent(row["value"]),
                           count=numbers.group_indian(row["value"]),
                           lakh=numbers.count_text(row["value"], "lakh")["short"])


def state_downloads(data: SiteData, grouped: dict[str, dict[int, list[dict]]],
                    entry: StateEntry) -> list[tuple[Asset, str, int]]:
    """The State/UT's rows of each resource, exactly as published, header included."""
    out = []
    package = data.package(PACKAGE)
    for resource_name in (TABLES, MENTIONS):
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
