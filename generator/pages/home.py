"""Page kind: the home page, with headline figures computed from the datasets."""

from __future__ import annotations

import jinja2
import pandas as pd

from .. import numbers
from ..sitedata import SiteData, row_anchor
from . import Asset, Page

COVERAGE = ("jjm-coverage", "national_timeseries")
PARTNERS = ("sector-partners", "organisations")
LAUNCH = "2019-08-15"


def render(data: SiteData, env: jinja2.Environment) -> list[Page | Asset]:
    """The home page."""
    return [Page("index.md", env.get_template("home.md.j2").render(
        figures=headline_figures(data), datasets=len(data.packages), sections=sections(data),
        updates=data_updates(data)))]


# The sections the home page points to, each shown only when the data behind it is published.
SECTIONS = (
    ("jjm-coverage", "Coverage", "coverage/index.md",
     "rural households with a tap, nationally since 2019 and by State/UT: charts, a map and a "
     "page per State/UT."),
    ("sector-partners", "Sector partners", "partners/index.md",
     "the sector-partner programme step by step, and a searchable directory of organisations "
     "whose work with the mission is documented."),
    ("livelihoods", "Rural livelihoods", "livelihoods/index.md",
     "self-help groups of the J&K Rural Livelihoods Mission (UMEED) over time, and all-India "
     "DAY-NRLM progress."),
)


def sections(data: SiteData) -> list[dict]:
    """The home page's section links whose datasets are present."""
    names = {p.name for p in data.packages}
    return [{"title": title, "link": link, "blurb": blurb}
            for package, title, link, blurb in SECTIONS if package in names]


def data_updates(data: SiteData) -> list[dict]:
    """The latest 3 updates as {title, link (relative to this page), date}."""
    from .updates import latest

    return latest(data, 3)


def _figure(data: SiteData, key: tuple[str, str], row: pd.Series, **values) -> dict:
    """A headline figure with where it came from: dataset page, row anchor and source."""
    package, resource_name = key
    resource = data.package(package).resource(resource_name)
    return {**values,
            "row_link": f"data/{package}/{resource_name}.md#{row_anchor(resource, row)}",
            "line": int(row["_line"]),
            "file": f"{package}/{resource.path}",
            "source_id": row.get("source_id", ""),
            "source_link": f"data/{package}/index.md#source-{row.get('source_id', '')}"}


def _words(qualifier: str, measure: str, value: str) -> str:
    """The source's wording for one measure, followed by a space ('' when none)."""
    words = numbers.qualifier_for(qualifier, measure, value)
    return f"{words} " if words else ""


def headline_figures(data: SiteData) -> list[dict]:
    """Latest coverage, the launch baseline, households added and documented partners."""
    figures = []
    if COVERAGE in data.frames:
        frame = data.frame(*COVERAGE)
        with_pct = frame[frame["hh_with_tap_pct"] != ""].sort_values("as_of")
        if len(with_pct):
            latest = with_pct.iloc[-1]
            count = numbers.count_text(latest["hh_with_tap_crore"], "crore")
            figures.append(_figure(
                data, COVERAGE, latest, label="Rural households with a tap",
                value=numbers.percent(latest["hh_with_tap_pct"]),
                detail=f"{_words(latest['qualifier'], 'main', latest['hh_with_tap_crore'])}"
                       f"{count['short']} ({count['indian']}) of "
                       f"{latest['total_rural_hh_crore']} crore households",
                date=numbers.human_date(latest["as_of"])))
        launch = frame[frame["as_of"] == LAUNCH]
        if len(launch):
            row = launch.iloc[0]
            count = numbers.count_text(row["hh_with_tap_crore"], "crore")
            figures.append(_figure(
                data, COVERAGE, row, label="At launch", value=numbers.percent(row["hh_with_tap_pct"]),
                detail=f"{count['short']} ({count['indian']}) households had a tap",
                date=numbers.human_date(LAUNCH)))
        added = frame[frame["hh_added_since_launch_crore"] != ""].sort_values("as_of")
        if len(added):
            row = added.iloc[-1]
            count = numbers.count_text(row["hh_added_since_launch_crore"], "crore")
            figures.append(_figure(
                data, COVERAGE, row, label="Households connected since launch",
                value=count["short"],
                detail=f"{_words(row['qualifier'], 'added', row['hh_added_since_launch_crore'])}"
                       f"{count['indian']} households ({count['international']})",
                date=numbers.human_date(row["as_of"])))
    if PARTNERS in data.frames:
        frame = data.frame(*PARTNERS)
        figures.append({"label": "Documented partner organisations", "value": str(len(frame)),
                        "detail": "organisations whose work with the mission is documented in "
                                  "public sources (not the official list)",
                        "date": "", "row_link": f"data/{PARTNERS[0]}/{PARTNERS[1]}.md",
                        "line": None, "file": f"{PARTNERS[0]}/{PARTNERS[1]}.csv",
                        "source_id": "", "source_link": ""})
    return figures
