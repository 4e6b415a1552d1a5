"""Rebuild the bundled Frictionless Data Packages in ``datasets/`` from the shared sources.

Reads the hand-transcribed CSVs in ``../shared/data-sources/`` (see the PROVENANCE.md in each
folder there) and writes, for each of the four packages ``admin-codes``, ``jjm-coverage``,
``sector-partners`` and ``livelihoods``, every CSV resource and its ``datapackage.json``.

Rules this script keeps:

* Every cell is copied as the exact source string. Numbers are never parsed, so "1.90" stays
  "1.90" and a blank stays blank ("not reported").
* The only changes are the ones listed in each package's CURATION.md: header renames, a date
  column split into an ISO date and a ``<column>_note`` with the original wording, a few added
  columns, and the handful of rows taken from three public news items (a PTI report, a
  ministry release and a Daily Excelsior report, cited in round-2's PROVENANCE.md), which are
  all in the table ``FACTS_BRIEF_ROWS`` below, each with its source id, and the rows of the
  round-2 notes, transcribed in ``round_2.py`` (each with its own source row).
* Output is deterministic: UTF-8 without BOM, ``\\n`` line endings, minimal quoting, and
  descriptors written with ``json.dumps(indent=2, ensure_ascii=False)``.

Usage::

    python scripts/curate.py [--sources DIR] [--out DIR]
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path
from typing import Any

import descriptors_hi
import round_2
import round_2_districts
import round_2_partners
import round_2_states
import round_2_water
import state_names_hi

REPO = Path(__file__).resolve().parents[1]
DEFAULT_SOURCES = REPO.parent / "shared" / "data-sources"
DEFAULT_OUT = REPO / "datasets"

Row = dict[str, str]
Table = tuple[list[str], list[Row]]
Descriptor = dict[str, Any]

VERSION = "1.0.1"
CREATED = "2026-12-01T00:00:00Z"

# ---------------------------------------------------------------------------------------------
# Rows that come from the three news items behind the project's facts brief
# (../shared/facts/mission-facts.md; their public citations are in
# ../shared/data-sources/round-2/PROVENANCE.md), not from a shared CSV. Each row names its
# source id, and its source row cites the public copy, never the brief; the
# sources P09 and L12 themselves are added here too. Rows are written in the output layout (after
# the date split), so every column of the resource is spelled out. ``after`` is the value of the
# resource's first primary-key column after which the row is inserted (None = append at the end).
# ---------------------------------------------------------------------------------------------
FACTS_BRIEF_ROWS: list[dict[str, Any]] = [
    {   # Item B: the DDWS release of the webinar with sector partners, via its public mirror.
        "package": "sector-partners",
        "resource": "sources",
        "after": None,
        "row": {
            "source_id": "P09",
            "title": "National Jal Jeevan Mission Holds Webinar With Sector Partners",
            "publisher_or_outlet": (
                "Department of Drinking Water & Sanitation, Ministry of Jal Shakti (PIB "
                "release), via India Press Release"
            ),
            "date_published": "2021-05-14",
            "date_published_note": (
                "not printed in the release; from The Indian Awaaz's report of the same "
                "webinar, 'organized today' (https://theindianawaaz.com/jjm-over-4-17-crore-"
                "rural-households-have-been-provided-with-new-tap-water-connection/)"
            ),
            "url": (
                "https://indiapressrelease.com/pib-press-releases/national-jal-jeevan-mission-"
                "holds-webinar-with-sector-partners/"
            ),
            "note": (
                "The stored copy of this mirror is cut before the paragraph with the 330 "
                "applications and the 175 shortlisted; the 175 was read in the full text of "
                "the same release. P03 is another mirror of the same release."
            ),
            "source_type": "PIB text (via mirror)",
            "reliability": "high (official text, via mirror) / date from a news report",
        },
    },
    {   # Item B: 175 applicants shortlisted out of the 330 applications (source P09).
        "package": "sector-partners",
        "resource": "programme_facts",
        "after": "applications_received",
        "row": {
            "date": "2021-05-14",
            "date_note": (
                "date of the release (P09), not printed in it: from a news report of the same "
                "webinar"
            ),
            "fact": "applicants_shortlisted",
            "value": "175",
            "qualifier": "",
            "description": (
                "Applicants kept on the shortlist after a screening of their earlier work in "
                "rural areas and on water-supply themes"
            ),
            "source_id": "P09",
        },
    },
    {   # Item C: Daily Excelsior report of the JKRLM convergence meeting, Jammu, 28 December.
        "package": "livelihoods",
        "resource": "sources",
        "after": None,
        "row": {
            "source_id": "L12",
            "title": (
                "Focused convergence with Deptts for JKRLM Vision 2024-30: Comm Secy RDD"
            ),
            "publisher_or_outlet": "Daily Excelsior (Excelsior Correspondent), Jammu",
            "date_published": "2023-12-28",
            "date_published_note": (
                "printed as '28 Dec' without a year; 2023 inferred because the meeting "
                "discussed the JKRLM Vision 2024-30 document"
            ),
            "url": "",
            "note": (
                "No URL is recorded: no public address of this report was found. Cite it by "
                "title, outlet and date."
            ),
            "source_type": "regional news reporting official meeting",
            "reliability": "medium",
        },
    },
    {   # Item C: women federated into SHGs across the UT (source L12).
        "package": "livelihoods",
        "resource": "jkrlm_figures",
        "after": None,
        "row": {
            "as_of": "2023-12-28",
            "as_of_note": "year inferred (see source L12)",
            "geography": "Jammu and Kashmir (UT)",
            "lgd_state_code": "1",
            "lgd_district_code": "",
            "metric": "women_in_shgs",
            "value": "725000",
            "unit": "persons",
            "qualifier": "",
            "source_id": "L12",
            "note": "women federated into self-help groups across the UT, as stated at the meeting",
        },
    },
    {   # Item C: self-help groups across the UT (source L12).
        "package": "livelihoods",
        "resource": "jkrlm_figures",
        "after": None,
        "row": {
            "as_of": "2023-12-28",
            "as_of_note": "year inferred (see source L12)",
            "geography": "Jammu and Kashmir (UT)",
            "lgd_state_code": "1",
            "lgd_district_code": "",
            "metric": "shgs",
            "value": "87000",
            "unit": "groups",
            "qualifier": "",
            "source_id": "L12",
            "note": "self-help groups into which the women above are federated",
        },
    },
    {   # Item C: non-performing-asset rate of SHG lending, below 1% (source L12).
        "package": "livelihoods",
        "resource": "jkrlm_figures",
        "after": None,
        "row": {
            "as_of": "2023-12-28",
            "as_of_note": "year inferred (see source L12)",
            "geography": "Jammu and Kashmir (UT)",
            "lgd_state_code": "1",
            "lgd_district_code": "",
            "metric": "npa_rate_pct",
            "value": "1",
            "unit": "percent",
            "qualifier": "below",
            "source_id": "L12",
            "note": "non-performing asset (NPA) rate reported for JKRLM",
        },
    },
]

# Cells of shared source rows replaced so that every source row names only what the public can
# open or look up (never a file of ours), and the note of each source row: what its copy lacks,
# or why no URL is recorded. (source_id, column) -> text.
SOURCE_CELLS: dict[tuple[str, str], str] = {
    ("S27", "title"): (
        "Targets under 'Har Ghar Nal Se Jal' Yojana under JJM (Government of India release "
        "dated 'Dec. 4')"
    ),
    ("S27", "note"): (
        "The release prints 'India, Dec. 4' without a year; 2025 is inferred: its State rows "
        "add up to more than the national figure of 12 Mar 2025 and less than that of 3 Mar "
        "2026, and its total of rural households is the one used in the replies of 2025-26."
    ),
}

# Date cells whose original wording is replaced by a fuller note (resource, key) -> note.
DATE_NOTE_OVERRIDES: dict[tuple[str, str], str] = {
    ("programme_facts", "sector_partners_partnered"): (
        "unknown: the stored copy of the PIB text (P04) is undated (probably 2023)"
    ),
}

# Organisation ids for organisations.csv (lowercase ASCII slugs), keyed by the source name.
ORGANISATION_IDS: dict[str, str] = {
    "Tata Trusts": "tata-trusts",
    "United Nations Office for Project Services (UNOPS)": "unops",
    "AAs (aasindore.org)": "aas-indore",
    "Arghyam": "arghyam",
}

# Snapshots of state_coverage.csv whose date (year) is inferred, not printed in the source.
INFERRED_STATE_SNAPSHOTS = {"2025-12-04"}

# Caveats on state_mentions rows, in our own words from the resource description (issue 14):
# the 3 Mar 2026 list of 11 States/UTs at 100% (S30) disagrees with the 4 Dec 2025 table (S27).
# Only the rows of that list carry a caveat; every other row's is blank.
S30_FULL_LIST = {"12", "2", "24", "3", "30", "35", "38", "6", "8", "13", "16"}
S27_BELOW_FULL = {"8": ("Rajasthan", "57.54"), "16": ("Tripura", "86.22"),
                  "13": ("Nagaland", "93.83")}


def mention_caveat(row: Row) -> str:
    """The caveat of a state_mentions row ('' for none)."""
    if (row["as_of"], row["source_id"], row["metric"], row["value"]) != (
            "2026-03-03", "S30", "pct_rural_hh_with_tap", "100") \
            or row["lgd_state_code"] not in S30_FULL_LIST:
        return ""
    doubt = ("Doubtful: named in a news report's list of 11 States/UTs at 100%, while the "
             "State/UT table of 4 Dec 2025 (S27) gives {name} {pct}%. The list may be a slip in "
             "the report or its transcription; check the Lok Sabha reply before citing it.")
    if row["lgd_state_code"] in S27_BELOW_FULL:
        name, pct = S27_BELOW_FULL[row["lgd_state_code"]]
        return doubt.format(name=name, pct=pct)
    return ("From a news report's list of 11 States/UTs at 100% that disagrees with the "
            "State/UT table of 4 Dec 2025 (S27): it names Rajasthan, Tripura and Nagaland, "
            "below 100% there, and leaves out Mizoram, Puducherry and Telangana, at 100% "
            "there. Check the Lok Sabha reply before citing it.")

# Headers of the LGD files, renamed on load (the states file repeats "State Name").
STATES_HEADER = [
    "s_no", "lgd_state_code", "state_version", "state_name", "state_name_local",
    "census_2001_code", "census_2011_code", "state_or_ut",
]
DISTRICTS_HEADER = [
    "lgd_state_code", "state_name", "lgd_district_code", "district_name",
    "census_2001_code", "census_2011_code",
]

ISO_DATE = re.compile(r"^(\d{4}-\d{2}-\d{2})(?: \((.*)\))?$")
SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


# ---------------------------------------------------------------------------------------------
# Reading, transforming and writing tables
# ---------------------------------------------------------------------------------------------
def read_table(path: Path) -> Table:
    """Read a CSV as its header and a list of row dicts of exact source strings."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    header, body = rows[0], rows[1:]
    for number, cells in enumerate(body, start=2):
        if len(cells) != len(header):
            raise ValueError(f"{path}: line {number} has {len(cells)} cells, not {len(header)}")
    return header, [dict(zip(header, cells, strict=True)) for cells in body]


def read_renamed(path: Path, new_header: list[str]) -> Table:
    """Read a CSV positionally and give its columns new names (for duplicated headers)."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    if len(rows[0]) != len(new_header):
        raise ValueError(f"{path}: expected {len(new_header)} columns, found {len(rows[0])}")
    return list(new_header), [dict(zip(new_header, cells, strict=True)) for cells in rows[1:]]


def write_table(path: Path, table: Table) -> None:
    """Write a table as UTF-8 CSV without BOM, LF line endings and minimal quoting."""
    header, rows = table
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
        writer.writerow(header)
        for row in rows:
            if set(row) != set(header):
                raise ValueError(f"{path}: row keys {sorted(row)} differ from header")
            writer.writerow([row[name] for name in header])


def write_json(path: Path, descriptor: Descriptor) -> None:
    """Write a descriptor as indented UTF-8 JSON with a final newline."""
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n"
    path.write_text(text, encoding="utf-8", newline="\n")


def insert_column(
    table: Table, after: str | None, name: str, value: Callable[[Row], str]
) -> Table:
    """Add a column right after ``after`` (or first when None), computed from each row."""
    header, rows = table
    position = 0 if after is None else header.index(after) + 1
    new_header = header[:position] + [name] + header[position:]
    new_rows = [{**row, name: value(row)} for row in rows]
    return new_header, new_rows


def split_date(text: str) -> tuple[str, str]:
    """Split a date cell into (ISO date or "", note with the rest of the original wording)."""
    match = ISO_DATE.match(text)
    if match is None:
        return "", text
    date.fromisoformat(match.group(1))  # raises on an impossible date
    return match.group(1), match.group(2) or ""


def split_date_column(
    table: Table, column: str, resource: str, key: str | None = None
) -> Table:
    """Replace a date column by an ISO date and add ``<column>_note`` right after it."""
    note = f"{column}_note"
    header, rows = insert_column(table, column, note, lambda row: "")
    for row in rows:
        row[column], row[note] = split_date(row[column])
        override = DATE_NOTE_OVERRIDES.get((resource, row[key])) if key else None
        if override is not None:
            row[note] = override
    return header, rows


def split_source_pair(table: Table, column: str, other: str) -> Table:
    """Split an "A/B" source cell into ``column`` = A and a new ``other`` column = B."""
    header, rows = insert_column(table, column, other, lambda row: "")
    for row in rows:
        first, _, second = row[column].partition("/")
        row[column], row[other] = first, second
    return header, rows


def source_registry(table: Table) -> Table:
    """A shared source registry with its date split and a ``note`` column after ``url``."""
    header, rows = insert_column(split_date_column(table, "date_published", "sources"), "url",
                                 "note", lambda row: "")
    for row in rows:
        for column in header:
            row[column] = SOURCE_CELLS.get((row["source_id"], column), row[column])
    return header, rows


def add_facts_brief_rows(table: Table, package: str, resource: str, key: str) -> Table:
    """Insert the FACTS_BRIEF_ROWS of one resource, after the row named by ``after``."""
    header, rows = table
    rows = list(rows)
    for entry in FACTS_BRIEF_ROWS:
        if (entry["package"], entry["resource"]) != (package, resource):
            continue
        row = dict(entry["row"])
        if entry["after"] is None:
            rows.append(row)
        else:
            index = next(i for i, old in enumerate(rows) if old[key] == entry["after"])
            rows.insert(index + 1, row)
    return header, rows


# ---------------------------------------------------------------------------------------------
# Table Schema helpers
# ---------------------------------------------------------------------------------------------
def field(
    name: str,
    ftype: str,
    title: str,
    description: str,
    unit: str | None = None,
    *,
    fmt: str | None = None,
    temporal: bool = False,
    language: str | None = None,
    **constraints: Any,
) -> Descriptor:
    """Build one Table Schema field with optional language, unit, format, temporal flag and
    constraints (``language``: the BCP 47 code of the text in its cells)."""
    spec: Descriptor = {"name": name, "type": ftype}
    if language is not None:
        spec["language"] = language
    spec |= {"title": title, "description": description}
    if fmt is not None:
        spec["format"] = fmt
    if temporal:
        spec["temporal"] = True
    if unit is not None:
        spec["unit"] = unit
    if constraints:
        spec["constraints"] = constraints
    return spec


def pct(name: str, title: str, description: str, **constraints: Any) -> Descriptor:
    """Build a percentage field (number, 0 to 100, unit percent)."""
    return field(name, "number", title, description, "percent", minimum=0, maximum=100,
                 **constraints)


def count(
    name: str, ftype: str, title: str, description: str, unit: str | None = None,
    **constraints: Any,
) -> Descriptor:
    """Build a non-negative count field (integer or number)."""
    return field(name, ftype, title, description, unit, minimum=0, **constraints)


def source_id_field(prefix: str) -> Descriptor:
    """Build the required ``source_id`` field pointing to the package's source registry."""
    return field("source_id", "string", "Source",
                 "Identifier of the source of this row in the package's sources resource.",
                 required=True, pattern=rf"^{prefix}\d{{2}}$")


def state_code_field(required: bool = True, extra: str = "") -> Descriptor:
    """Build an LGD state code field (integer)."""
    text = "Local Government Directory (LGD) code of the State or Union Territory." + extra
    constraints: dict[str, Any] = {"minimum": 1}
    if required:
        constraints["required"] = True
    return field("lgd_state_code", "integer", "LGD state code", text, **constraints)


def source_fk(name: str = "source_id") -> Descriptor:
    """Foreign key from ``name`` to the package's sources resource."""
    return {"fields": name, "reference": {"resource": "sources", "fields": "source_id"}}


def lgd_fk(name: str, resource: str) -> Descriptor:
    """External foreign key from an LGD code column to the admin-codes package."""
    return {"fields": name,
            "reference": {"package": "admin-codes", "resource": resource, "fields": name}}


STATE_FK = lgd_fk("lgd_state_code", "states")
DISTRICT_FK = lgd_fk("lgd_district_code", "districts")


def at_most(name: str, limit: str, why: str) -> Descriptor:
    """Rule: a count may not exceed its total (an error)."""
    return {"rule": "at-most", "field": name, "limit": limit, "severity": "error", "why": why}


def percent_of(name: str, part: str, whole: str, why: str) -> Descriptor:
    """Rule: a percentage agrees with its counts (a warning)."""
    return {"rule": "percent-of", "field": name, "part": part, "whole": whole,
            "severity": "warning", "why": why}


def sum_of(name: str, parts: list[str], why: str) -> Descriptor:
    """Rule: a total agrees with the sum of its parts (a warning)."""
    return {"rule": "sum-of", "field": name, "parts": parts, "severity": "warning", "why": why}


def within_national(name: str, national: str, why: str) -> Descriptor:
    """Rule across tables: no State's figure above India's for the same date (an error); where
    every State/UT of admin-codes reports on a date, their sum against India's (a warning).

    A State table's date the national series does not report is compared with the nearest
    national date within 60 days: no State holds a sixth of India's rural households (Uttar
    Pradesh, the largest, about 14%), so a State's figure above India's of a nearby date is an
    error too. (The State table of 2025-12-04 has
    its nearest national figures on 2026-01-26.)"""
    return {"rule": "parts-within-whole", "field": name, "date": "as_of",
            "part": "lgd_state_code", "whole": "national_timeseries", "whole_field": national,
            "within_days": 60, "parts_from": "admin-codes/states", "severity": "error",
            "why": why}


def resource(
    name: str,
    title: str,
    description: str,
    fields: list[Descriptor],
    primary_key: list[str],
    foreign_keys: Iterable[Descriptor] = (),
    external: Iterable[Descriptor] = (),
    rules: Iterable[Descriptor] = (),
) -> Descriptor:
    """Build a CSV resource descriptor with its inline schema."""
    schema: Descriptor = {"fields": fields, "primaryKey": primary_key}
    if foreign_keys:
        schema["foreignKeys"] = list(foreign_keys)
    if external:
        schema["externalForeignKeys"] = list(external)
    spec: Descriptor = {
        "name": name,
        "path": f"{name}.csv",
        "title": title,
        "description": description,
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "dialect": {"delimiter": ","},  # stop sniffers guessing ';' from the note columns
        "schema": schema,
    }
    rules = list(rules)
    if rules:
        spec["rules"] = rules
    return spec


def sources_resource(prefix: str, urls_complete: bool, description: str) -> Descriptor:
    """Build the per-row source registry resource shared by three packages."""
    if urls_complete:
        url = field("url", "string", "URL", "Address of the copy that was read.",
                    fmt="uri", required=True)
    else:
        url = field("url", "string", "URL",
                    "Address of the copy that was read; blank where none was recorded.",
                    pattern=r"^https?://\S+$")
    fields = [
        field("source_id", "string", "Source id", "Identifier used by the source_id columns.",
              required=True, pattern=rf"^{prefix}\d{{2}}$"),
        field("title", "string", "Title", "Title of the document, release or article.",
              required=True),
        field("publisher_or_outlet", "string", "Publisher or outlet",
              "Body that issued the text, or the outlet or mirror that carried it.",
              required=True),
        field("date_published", "date", "Date published",
              "Publication date (ISO); blank where the copy read is undated."),
        field("date_published_note", "string", "Note on the date",
              "Original wording of the date where it was not a plain date (year inferred, "
              "year only, not printed)."),
        url,
        field("note", "string", "Note",
              "What the copy read lacks (cut off, a mirror, a date inferred), or why no URL is "
              "recorded; blank if nothing to add."),
        field("source_type", "string", "Source type",
              "Kind of source (parliament answer, press release, news, dashboard ...).",
              required=True),
        field("reliability", "string", "Reliability",
              "The collector's judgement: high = official text, even through a mirror; "
              "medium = news quoting official data; low = undated or secondary.",
              required=True),
    ]
    return resource("sources", "Source registry", description, fields, ["source_id"])


CC_BY = [{"name": "CC-BY-4.0", "path": "https://creativecommons.org/licenses/by/4.0/",
          "title": "Creative Commons Attribution 4.0"}]
GODL = [{"name": "GODL-India", "path": "https://www.data.gov.in/Godl",
         "title": "Government Open Data License - India"}]
WRANGLER = {"title": "jjm-opendata project (transcription and curation)", "role": "wrangler"}
ECONOMIC_SURVEY_TEXT = {
    "title": "Economic Survey, Ministry of Finance (text of the official PDFs via GitHub "
             "SAKET03/Economic-Survey-AdvancedRAG)",
    "path": "https://github.com/SAKET03/Economic-Survey-AdvancedRAG",
}


def package(name: str, title: str, description: str, **properties: Any) -> Descriptor:
    """Build a package descriptor with the common properties in a fixed order."""
    spec: Descriptor = {"name": name, "title": title, "description": description,
                        "version": VERSION, "created": CREATED}
    for key in ("licenses", "sources", "contributors", "keywords", "temporalCoverage",
                "spatialCoverage", "resources"):
        spec[key] = properties.pop(key)
    if properties:
        raise ValueError(f"unexpected package properties: {sorted(properties)}")
    return spec


# ---------------------------------------------------------------------------------------------
# admin-codes
# ---------------------------------------------------------------------------------------------
def admin_codes_tables(src: Path) -> dict[str, Table]:
    """LGD states and districts with snake_case headers, rows in source order."""
    folder = src / "admin-codes"
    return {
        # Hindi names (issue 16): from the Constitution's Hindi text, see state_names_hi.py.
        "states": insert_column(insert_column(
            read_renamed(folder / "lgd_states.csv", STATES_HEADER), "state_name_local",
            "state_name_hi", state_names_hi.hindi_name),
            "state_name_hi", "state_name_hi_source", state_names_hi.hindi_name_source),
        "districts": read_renamed(folder / "lgd_districts.csv", DISTRICTS_HEADER),
    }


def admin_codes_descriptor() -> Descriptor:
    """Descriptor of the admin-codes package."""
    census = "Kept as text: it may have leading zeros, and is blank or 0/00 for units created "
    states = resource(
        "states", "States and Union Territories (LGD)",
        "The 36 States and Union Territories in the Local Government Directory, in the order "
        "of the LGD download. The LGD state code is the join key used by every other package.",
        [
            count("s_no", "integer", "Serial number", "Serial number in the LGD download.",
                  required=True),
            state_code_field(),
            count("state_version", "integer", "LGD version",
                  "LGD version number of the entity.", required=True),
            field("state_name", "string", "State/UT name",
                  "English name as in LGD (upper case).", required=True),
            field("state_name_local", "string", "Name in local language",
                  "LGD 'name in local language' column; in this dump it repeats the English "
                  "name (the source header repeats 'State Name', renamed here)."),
            field("state_name_hi", "string", "Name in Hindi",
                  "Hindi name as printed in the First Schedule of the Constitution of India "
                  "(Hindi text), which keeps its own spellings (पश्चिमी बंगाल, दमण). Not from LGD. "
                  "Transcribed from a public quotation of the Schedule; not yet compared letter "
                  "by letter with the Legislative Department's copy. Blank: not reported.",
                  language="hi"),
            field("state_name_hi_source", "string", "Source of the Hindi name",
                  "constitution-first-schedule: the Constitution's Hindi text (see the package "
                  "sources); our-translation: our own, no published Hindi name found; blank "
                  "when the Hindi name is blank.",
                  enum=[state_names_hi.FROM_CONSTITUTION, state_names_hi.OUR_TRANSLATION]),
            field("census_2001_code", "string", "Census 2001 code",
                  census + "after the 2001 Census (Ladakh, Telangana)."),
            field("census_2011_code", "string", "Census 2011 code",
                  census + "after the 2011 Census (Ladakh, Telangana)."),
            field("state_or_ut", "string", "State or UT", "S = State, U = Union Territory.",
                  required=True, enum=["S", "U"]),
        ],
        ["lgd_state_code"],
    )
    districts = resource(
        "districts", "Districts (LGD, December 2022)",
        "The 763 districts in the LGD dump of December 2022, in the order of the download. "
        "Districts created since then are absent.",
        [
            state_code_field(),
            field("state_name", "string", "State/UT name", "State or UT name as in LGD.",
                  required=True),
            field("lgd_district_code", "integer", "LGD district code",
                  "Local Government Directory code of the district.", required=True, minimum=1),
            field("district_name", "string", "District name",
                  "Name as in LGD (upper case; mixed case for newer districts).", required=True),
            field("census_2001_code", "string", "Census 2001 code",
                  census + "after the 2001 Census."),
            field("census_2011_code", "string", "Census 2011 code",
                  census + "after the 2011 Census (123 districts have 0)."),
        ],
        ["lgd_district_code"],
        foreign_keys=[{"fields": "lgd_state_code",
                       "reference": {"resource": "states", "fields": "lgd_state_code"}}],
    )
    return package(
        "admin-codes",
        "Local Government Directory codes of States, UTs and districts",
        "Codes of India's States, Union Territories and districts from the Local Government "
        "Directory (LGD) of the Ministry of Panchayati Raj, with their Census 2001 and 2011 "
        "codes. This is a snapshot taken from the GitHub repository "
        "planemad/india-local-government-directory (commit "
        "6d3d8399813406a0dca398de6298ecfb6001836b): the state list was last changed there on "
        "21 Feb 2022 and the district list on 14 Dec 2022. LGD changes every year; districts "
        "created after December 2022 are missing (India had more than 780 by 2025). The "
        "'name in local language' column of this dump repeats the English name; the Hindi "
        "names of the States and UTs come from the First Schedule of the Constitution's Hindi "
        "text instead. Attribution "
        "required by the licence: \"Local Government Directory, Ministry of Panchayati Raj, "
        "Government of India – https://lgdirectory.gov.in/\".",
        licenses=GODL,
        sources=[
            {"title": "Local Government Directory, Ministry of Panchayati Raj, Government of "
                      "India", "path": "https://lgdirectory.gov.in/"},
            {"title": "planemad/india-local-government-directory, commit "
                      "6d3d8399813406a0dca398de6298ecfb6001836b (files administrative/"
                      "1-state.csv and administrative/2-district.csv)",
             "path": "https://github.com/planemad/india-local-government-directory"},
            state_names_hi.SOURCE,
        ],
        contributors=[
            {"title": "Ministry of Panchayati Raj (Local Government Directory)",
             "role": "publisher"},
            {"title": "planemad/india-local-government-directory (GitHub snapshot)",
             "role": "contributor"},
            WRANGLER,
        ],
        keywords=["LGD", "Local Government Directory", "state codes", "district codes",
                  "census codes", "India"],
        temporalCoverage={"start": "2022-02-21", "end": "2022-12-14"},
        spatialCoverage="India (28 States and 8 Union Territories; districts as of "
                        "December 2022)",
        resources=[states, districts],
    )


# ---------------------------------------------------------------------------------------------
# jjm-coverage
# ---------------------------------------------------------------------------------------------
def jjm_coverage_tables(src: Path) -> dict[str, Table]:
    """JJM coverage tables: copies, with the date splits and date_inferred column."""
    folder = src / "jjm-coverage"
    state = read_table(folder / "state_coverage.csv")
    state = insert_column(
        state, "snapshot", "date_inferred",
        lambda row: "true" if row["as_of"] in INFERRED_STATE_SNAPSHOTS else "false",
    )
    return {
        "national_timeseries": national_series(folder),
        "state_coverage": state,
        "state_mentions": insert_column(read_table(folder / "state_mentions.csv"), "note",
                                        "caveat", mention_caveat),
        "district_mentions": split_date_column(
            read_table(folder / "district_mentions.csv"), "as_of", "district_mentions"),
        "jjm_imis_j23_snapshot": split_date_column(
            read_table(folder / "jjm_imis_J23_snapshot.csv"), "as_of", "jjm_imis_j23_snapshot"),
        "jjm_imis_j3_partial": read_table(folder / "jjm_imis_J3_partial.csv"),
        "state_timepoints": (round_2_states.HEADER, round_2_states.state_timepoints()),
        "district_figures": (round_2_districts.DISTRICT_HEADER,
                             round_2_districts.district_figures()),
        "har_ghar_jal_counts": (round_2_districts.COUNTS_HEADER,
                                round_2_districts.har_ghar_jal_counts()),
        "sources": add_rows(source_registry(read_table(folder / "sources.csv")),
                            round_2.coverage_sources() + round_2_states.sources()
                            + round_2_districts.sources()),
    }


def national_series(folder: Path) -> Table:
    """The first-pass national series with round-2's time points, by date then source.

    Two sources for one date are two rows (the key is as_of and source_id): never one chosen
    or an average.
    """
    table = read_table(folder / "national_timeseries.csv")
    table = insert_column(table, "as_of_precision", "date_inferred", lambda row: "false")
    for name in ("hh_added_since_launch_million", "total_rural_hh_million"):
        table = insert_column(table, "hh_added_since_launch_exact", name, lambda row: "")
    header, rows = add_rows(table, round_2.national_rows())
    return header, sorted(rows, key=lambda row: (row["as_of"], row["source_id"]))


def add_rows(table: Table, added: list[Row]) -> Table:
    """Append transcribed rows, which must have exactly the table's columns."""
    header, rows = table
    for row in added:
        if list(row) != header:
            raise ValueError(f"transcribed row {row} does not have the columns {header}")
    return header, [*rows, *added]


CRORE = "crore households"
LAKH = "lakh households"
NAME_PUBLISHED = field("state_name_published", "string", "State/UT as printed",
                       "Name of the State or UT exactly as printed in the source table.",
                       required=True)
STATE_NAME = field("state_name", "string", "State/UT",
                   "Normalised name of the State or UT.", required=True)
ROW_IN_SOURCE = count("row_in_source", "integer", "Row in source",
                      "Serial number of the row in the published table.", required=True)


def national_timeseries_resource() -> Descriptor:
    """All-India coverage over time."""
    return resource(
        "national_timeseries", "All-India rural tap-water coverage over time",
        "All-India figures on rural households with a tap water connection, one row per date "
        "and source, from the pre-launch baseline of April 2019 to March 2026. Where two "
        "sources give figures for the same date, both rows are kept, each with its source: "
        "none is chosen and nothing is averaged. Values are as printed (crore, one or two "
        "decimals; million where a source printed million) with exact counts where given. "
        "The total of rural households is revised by States over time, so percentages are not "
        "strictly comparable across dates. For news items without an 'as on' date the "
        "article or statement date is used (see note); where no date is printed at all, the "
        "date is inferred and date_inferred is true (the note says how).",
        [
            field("as_of", "string", "As of",
                  "Date the figure refers to (YYYY-MM-DD, or YYYY-MM where the source gives only "
                  "the month).", temporal=True, required=True,
                  pattern=r"^\d{4}-\d{2}(-\d{2})?$"),
            field("as_of_precision", "string", "Date precision",
                  "Whether as_of is a day or only a month.", required=True,
                  enum=["day", "month"]),
            field("date_inferred", "boolean", "Date inferred",
                  "true where the source prints no date for the figure (or no year) and as_of "
                  "was inferred; the note says from what.", required=True),
            count("total_rural_hh_crore", "number", "Rural households (crore)",
                  "Total rural households, as stated.", CRORE),
            count("hh_with_tap_crore", "number", "Households with tap water (crore)",
                  "Rural households with a tap water connection.", CRORE),
            pct("hh_with_tap_pct", "Households with tap water (%)",
                "Share of rural households with a tap water connection, as stated."),
            count("hh_added_since_launch_crore", "number", "Connected since launch (crore)",
                  "Rural households given a tap connection since 15 Aug 2019.", CRORE),
            pct("hh_added_since_launch_pct", "Connected since launch (%)",
                "Households connected since 15 Aug 2019 as a share of all rural households, "
                "as stated."),
            count("total_rural_hh_exact", "integer", "Rural households (exact)",
                  "Exact total of rural households where the source gives it.", "households"),
            count("hh_with_tap_exact", "integer", "Households with tap water (exact)",
                  "Exact count where the source gives it.", "households"),
            count("hh_added_since_launch_exact", "integer", "Connected since launch (exact)",
                  "Exact count where the source gives it.", "households"),
            count("total_rural_hh_million", "number", "Rural households (million)",
                  "Total rural households where the source printed it in million.",
                  "million households"),
            count("hh_added_since_launch_million", "number", "Connected since launch (million)",
                  "Households connected since launch where the source printed it in million.",
                  "million households"),
            field("qualifier", "string", "Qualifier",
                  "Wording such as 'about', 'more than', 'over' used by the source; '(added)' "
                  "marks the word used for the since-launch figure."),
            source_id_field("S"),
            field("note", "string", "Note",
                  "Context and caveats: figures the columns cannot hold, verbatim; doubts; how "
                  "an inferred date was inferred; another source for the same date."),
        ],
        ["as_of", "source_id"],
        foreign_keys=[source_fk()],
        rules=[
            at_most("hh_with_tap_crore", "total_rural_hh_crore",
                    "Households with tap water cannot exceed all rural households."),
            at_most("hh_added_since_launch_crore", "hh_with_tap_crore",
                    "Households connected since launch are part of those with tap water."),
            at_most("hh_with_tap_exact", "total_rural_hh_exact",
                    "Households with tap water cannot exceed all rural households."),
            at_most("hh_added_since_launch_exact", "hh_with_tap_exact",
                    "Households connected since launch are part of those with tap water."),
            percent_of("hh_with_tap_pct", "hh_with_tap_crore", "total_rural_hh_crore",
                       "The stated percentage should match the stated crore figures."),
            percent_of("hh_with_tap_pct", "hh_with_tap_exact", "total_rural_hh_exact",
                       "The stated percentage should match the exact counts."),
            percent_of("hh_added_since_launch_pct", "hh_added_since_launch_crore",
                       "total_rural_hh_crore",
                       "The stated percentage should match the stated crore figures."),
            percent_of("hh_added_since_launch_pct", "hh_added_since_launch_exact",
                       "total_rural_hh_exact",
                       "The stated percentage should match the exact counts."),
        ],
    )


def state_coverage_resource() -> Descriptor:
    """State/UT tables in the PIB format."""
    return resource(
        "state_coverage", "State/UT coverage tables (lakh households)",
        "Two State/UT tables in the standard format of the Ministry's replies: 25 Jul 2024 "
        "(only the first 15 rows were readable; Nagaland partial) and 4 Dec 2025 (33 of 34 "
        "States/UTs; Kerala missing and Jharkhand partial because the stored copy is cut off). "
        "The year of the December table is not printed and is inferred as 2025 "
        "(date_inferred = true). Each row gives the State's households with tap water on "
        "15 Aug 2019, those connected since, and the total on the date. Missing rows were not "
        "filled from other dates; '-' (nil) in the source is blank.",
        [
            field("as_of", "date", "As of", "Date of the table.", required=True),
            field("snapshot", "string", "Snapshot", "Label of the table.", required=True),
            field("date_inferred", "boolean", "Date inferred",
                  "true where the year of as_of is not printed in the source but inferred.",
                  required=True),
            ROW_IN_SOURCE,
            NAME_PUBLISHED,
            STATE_NAME,
            state_code_field(),
            count("total_rural_hh_lakh", "number", "Rural households (lakh)",
                  "Total rural households.", LAKH),
            count("hh_tap_on_2019_08_15_lakh", "number", "Tap water on 15 Aug 2019 (lakh)",
                  "Households that already had tap water at launch (state baseline).", LAKH),
            pct("hh_tap_on_2019_08_15_pct", "Tap water on 15 Aug 2019 (%)",
                "Baseline as a share of the current total of rural households."),
            count("hh_added_since_2019_08_lakh", "number", "Connected since Aug 2019 (lakh)",
                  "Households given a tap connection since 15 Aug 2019.", LAKH),
            pct("hh_added_since_2019_08_pct", "Connected since Aug 2019 (%)",
                "Households connected since launch as a share of rural households."),
            count("hh_tap_as_of_lakh", "number", "Tap water on the date (lakh)",
                  "Households with tap water on the as_of date.", LAKH),
            pct("hh_tap_as_of_pct", "Tap water on the date (%)",
                "Share of rural households with tap water on the as_of date."),
            source_id_field("S"),
            field("row_complete", "string", "Row complete",
                  "'yes', or why the row is incomplete.", required=True),
        ],
        ["as_of", "lgd_state_code"],
        foreign_keys=[source_fk()],
        external=[STATE_FK],
        rules=[
            at_most("hh_tap_as_of_lakh", "total_rural_hh_lakh",
                    "Households with tap water cannot exceed all rural households."),
            at_most("hh_tap_on_2019_08_15_lakh", "total_rural_hh_lakh",
                    "The launch baseline cannot exceed all rural households."),
            at_most("hh_added_since_2019_08_lakh", "total_rural_hh_lakh",
                    "Households connected since launch cannot exceed all rural households."),
            sum_of("hh_tap_as_of_lakh",
                   ["hh_tap_on_2019_08_15_lakh", "hh_added_since_2019_08_lakh"],
                   "Coverage on the date is the launch baseline plus the connections since."),
            sum_of("hh_tap_as_of_pct",
                   ["hh_tap_on_2019_08_15_pct", "hh_added_since_2019_08_pct"],
                   "The percentages add up like the counts they describe."),
            percent_of("hh_tap_as_of_pct", "hh_tap_as_of_lakh", "total_rural_hh_lakh",
                       "The printed percentage should match the printed lakh figures."),
            percent_of("hh_tap_on_2019_08_15_pct", "hh_tap_on_2019_08_15_lakh",
                       "total_rural_hh_lakh",
                       "The printed percentage should match the printed lakh figures."),
            percent_of("hh_added_since_2019_08_pct", "hh_added_since_2019_08_lakh",
                       "total_rural_hh_lakh",
                       "The printed percentage should match the printed lakh figures."),
            within_national("total_rural_hh_lakh", "total_rural_hh_crore",
                            "A State's rural households are part of India's."),
            within_national("hh_tap_as_of_lakh", "hh_with_tap_crore",
                            "A State's households with tap water are part of India's."),
            within_national("hh_added_since_2019_08_lakh", "hh_added_since_launch_crore",
                            "A State's connections since launch are part of India's."),
        ],
    )


def state_mentions_resource() -> Descriptor:
    """State figures quoted in text."""
    return resource(
        "state_mentions", "State figures quoted in official replies and news",
        "Individual State/UT figures quoted in text rather than in full tables (long format: "
        "one metric per row). Rows with value 100 are the States/UTs a source names as having "
        "full coverage. Caution: the list of 11 States/UTs at 100% on 3 Mar 2026 (source S30, a "
        "news report of a Lok Sabha reply) names Rajasthan, Tripura and Nagaland, which the "
        "December 2025 State table puts at 57.54%, 86.22% and 93.83%, and leaves out Mizoram, "
        "Puducherry and Telangana, which that table puts at 100%. The rows are published as "
        "transcribed; check the original reply before citing them.",
        [
            field("as_of", "date", "As of", "Date the figure refers to.", required=True),
            STATE_NAME,
            state_code_field(),
            field("metric", "string", "Metric", "What the value measures.", required=True,
                  enum=["pct_rural_hh_with_tap", "rural_hh_with_tap",
                        "pct_rural_hh_without_tap", "rural_hh_without_tap_lakh"]),
            count("value", "number", "Value", "The figure as stated, in the row's unit.",
                  required=True),
            field("unit", "string", "Unit", "Unit of value.", required=True,
                  enum=["percent", "households", "lakh"]),
            source_id_field("S"),
            field("note", "string", "Note", "Context and caveats."),
            field("caveat", "string", "Caveat",
                  "Why the figure is doubtful, in the curators' words, shown beside it "
                  "wherever it is shown; blank when there is nothing to add."),
        ],
        ["as_of", "lgd_state_code", "metric"],
        foreign_keys=[source_fk()],
        external=[STATE_FK],
    )


def district_mentions_resource() -> Descriptor:
    """District figures quoted in news."""
    return resource(
        "district_mentions", "District figures quoted in news",
        "District figures quoted in news text: an undated Odisha article citing the JJM "
        "dashboard (state total and 17 districts; illustrative only, so as_of is blank) and "
        "seven Bundelkhand districts from the Uttar Pradesh government's presentation of "
        "15 Jul 2024.",
        [
            field("as_of", "date", "As of",
                  "Date the figure refers to; blank where the source is undated."),
            field("as_of_note", "string", "Note on the date",
                  "Original wording of the date where it was not a plain date."),
            STATE_NAME,
            state_code_field(),
            field("district_name_published", "string", "District as printed",
                  "District name as printed; '(state total)' for the State's own figures.",
                  required=True),
            field("lgd_district_code", "integer", "LGD district code",
                  "LGD code of the district; blank on state-total rows. Five Odisha spellings "
                  "were matched by hand (see CURATION.md).", minimum=1),
            field("metric", "string", "Metric", "What the value measures.", required=True,
                  enum=["total_rural_hh_lakh", "hh_with_tap_lakh", "pct_rural_hh_with_tap",
                        "hh_without_tap_lakh"]),
            count("value", "number", "Value", "The figure as stated, in the row's unit.",
                  required=True),
            field("unit", "string", "Unit", "Unit of value.", required=True,
                  enum=["lakh", "percent"]),
            source_id_field("S"),
            field("note", "string", "Note", "Context and caveats."),
        ],
        ["source_id", "district_name_published", "metric"],
        foreign_keys=[source_fk()],
        external=[STATE_FK, DISTRICT_FK],
    )


def j23_resource() -> Descriptor:
    """JJM-IMIS J23 extract."""
    return resource(
        "jjm_imis_j23_snapshot", "JJM-IMIS Format J23: status of tap connections (extract)",
        "Exact counts from the JJM-IMIS report 'Format J23 - Status of tap connection and "
        "required rate to achieve Har Ghar Jal'. Only the first 18 rows of the stored page "
        "were readable. The 'as on' date is unknown (the report is live and the crawl date was "
        "not recorded); saturation targets of Dec 2024 suggest a 2024 snapshot, so do not "
        "place it on a time axis without a caveat. Three per-day columns of the report were "
        "left out by the collector because their values did not line up with their headers.",
        [
            ROW_IN_SOURCE,
            NAME_PUBLISHED,
            STATE_NAME,
            state_code_field(),
            count("total_rural_hh", "integer", "Rural households",
                  "Total rural households.", "households", required=True),
            count("hh_with_tap_as_on_date", "integer", "Households with tap water",
                  "Rural households with a tap connection on the report date.", "households",
                  required=True),
            count("balance_hh", "integer", "Balance households",
                  "Rural households still without a tap connection.", "households",
                  required=True),
            pct("balance_pct", "Balance (%)", "Balance as a share of rural households.",
                required=True),
            field("saturation_target_reported_by_state", "string", "Saturation target",
                  "Month by which the State reported it would connect every household, as "
                  "printed; blank where not visible."),
            source_id_field("S"),
            field("as_of", "date", "As of", "Date of the report; blank because it is unknown."),
            field("as_of_note", "string", "Note on the date",
                  "Original wording of the date column."),
        ],
        ["lgd_state_code"],
        foreign_keys=[source_fk()],
        external=[STATE_FK],
        rules=[
            at_most("hh_with_tap_as_on_date", "total_rural_hh",
                    "Households with tap water cannot exceed all rural households."),
            at_most("balance_hh", "total_rural_hh",
                    "The balance cannot exceed all rural households."),
            sum_of("total_rural_hh", ["hh_with_tap_as_on_date", "balance_hh"],
                   "Every rural household is either connected or in the balance."),
            percent_of("balance_pct", "balance_hh", "total_rural_hh",
                       "The printed percentage should match the printed counts."),
        ],
    )


def j3_resource() -> Descriptor:
    """JJM-IMIS J3 partial extract."""
    lakh = "lakh households"
    return resource(
        "jjm_imis_j3_partial", "JJM-IMIS Format J3: State-wise tap connections (partial)",
        "Two stored copies of the JJM-IMIS report 'Format J3 - State-wise tap connection', for "
        "FY 2023-2024 and FY 2026-2027 (the exact day within each year is unknown). Only the "
        "North-Eastern States, the Union Territories (with their sub-totals) and Andhra "
        "Pradesh were readable. Households with tap water = total minus balance, if needed "
        "(not stored).",
        [
            field("financial_year", "string", "Financial year",
                  "Financial year of the stored copy.", required=True,
                  pattern=r"^\d{4}-\d{4}$"),
            field("row_type", "string", "Row type",
                  "'state' for a State/UT row, 'subtotal' for a group sub-total.",
                  required=True, enum=["state", "subtotal"]),
            field("state_name_published", "string", "Row label as printed",
                  "State/UT or sub-total label exactly as printed.", required=True),
            field("state_name", "string", "State/UT",
                  "Normalised name; blank on sub-total rows."),
            state_code_field(required=False, extra=" Blank on sub-total rows."),
            count("total_villages", "integer", "Villages", "Total villages.", "villages",
                  required=True),
            count("total_hh_lakh", "number", "Rural households (lakh)",
                  "Total rural households.", lakh, required=True),
            count("balance_hh_tap_lakh", "number", "Households without tap (lakh)",
                  "Households still to be given a tap connection.", lakh, required=True),
            pct("balance_pct_of_total_hh", "Balance (%)",
                "Balance as a share of total households.", required=True),
            count("pws_villages", "integer", "PWS villages",
                  "Villages with a piped water supply (PWS) scheme.", "villages"),
            count("pws_villages_hh_lakh", "number", "Households in PWS villages (lakh)",
                  "Households in villages with a PWS scheme.", lakh),
            count("pws_villages_hh_tap_lakh", "number", "Connected in PWS villages (lakh)",
                  "Households with tap water in villages with a PWS scheme.", lakh),
            count("pws_villages_balance_lakh", "number", "Balance in PWS villages (lakh)",
                  "Households still without tap water in villages with a PWS scheme.", lakh),
            pct("pws_balance_pct_col11_as_published", "Column 11 as published",
                "Column 11 of the report exactly as printed. Its values do not follow one "
                "definition (State rows are mostly 97-100, sub-total rows are close to the "
                "balance share), so use it only with the original report at hand."),
            source_id_field("S"),
        ],
        ["financial_year", "state_name_published"],
        foreign_keys=[source_fk()],
        external=[STATE_FK],
        rules=[
            at_most("balance_hh_tap_lakh", "total_hh_lakh",
                    "The balance cannot exceed all households."),
            at_most("pws_villages", "total_villages",
                    "Villages with a PWS scheme are part of all villages."),
            at_most("pws_villages_hh_lakh", "total_hh_lakh",
                    "Households in PWS villages are part of all households."),
            at_most("pws_villages_hh_tap_lakh", "pws_villages_hh_lakh",
                    "Connected households in PWS villages cannot exceed their households."),
            at_most("pws_villages_balance_lakh", "pws_villages_hh_lakh",
                    "The balance in PWS villages cannot exceed their households."),
            percent_of("balance_pct_of_total_hh", "balance_hh_tap_lakh", "total_hh_lakh",
                       "The printed percentage should match the printed lakh figures."),
            sum_of("pws_villages_hh_lakh",
                   ["pws_villages_hh_tap_lakh", "pws_villages_balance_lakh"],
                   "Households in PWS villages are either connected or in the balance."),
        ],
    )


def state_timepoints_resource() -> Descriptor:
    """State/UT figures at the dates of round-2's section B (issue 17, item 4)."""
    return resource(
        "state_timepoints", "State/UT figures at more dates (2019-2026)",
        "State/UT figures quoted in releases and news at dates the State tables do not cover, "
        "from November 2020 to January 2026 (e.g. the 17 States named in the dashboard ranking "
        "of 3 Nov 2020), one figure per row, with its date, its source and its caveat. The "
        "metric is named as the source words it (metric_as_printed); percentages from 2020-22 "
        "mix two measures, the share of households given a tap since launch and the share with "
        "a tap, so they are kept apart and the five Rajya Sabha figures of July 2022 whose "
        "measure is unclear have a metric of their own. Where the date is not printed it is "
        "inferred (date_inferred, with the reason in the note); a news item without an 'as on' "
        "date is dated by the article. Nothing was filled: a State not named on a date has no "
        "row.",
        [
            field("as_of", "date", "As of",
                  "Date the figure refers to (the article's date where no 'as on' date is "
                  "printed).", required=True),
            field("date_inferred", "boolean", "Date inferred",
                  "true where the source prints no date and as_of was inferred; the note says "
                  "how.", required=True),
            STATE_NAME,
            state_code_field(),
            field("metric", "string", "Metric", "What the value measures (the unit follows).",
                  required=True, enum=list(round_2_states.METRICS)),
            field("metric_as_printed", "string", "Metric as printed",
                  "The source's own wording of what is counted.", required=True),
            count("value", "number", "Value",
                  "The figure as printed, in the row's unit and precision.", required=True),
            field("unit", "string", "Unit", "Unit of value.", required=True,
                  enum=sorted(set(round_2_states.METRICS.values()))),
            field("qualifier", "string", "Qualifier",
                  "Wording such as 'over' or 'more than' used by the source."),
            source_id_field("S"),
            field("caveat", "string", "Caveat",
                  "Why the figure is doubtful or what it may not be (shown beside it); blank "
                  "if none."),
            field("note", "string", "Note",
                  "Context: the figure's wording where it says more, how a date was "
                  "inferred."),
        ],
        ["as_of", "lgd_state_code", "metric", "source_id"],
        foreign_keys=[source_fk()],
        external=[STATE_FK],
    )


def district_figures_resource() -> Descriptor:
    """Named district figures of round-2's note 03 (issue 17, item 6)."""
    return resource(
        "district_figures", "District figures quoted in releases, news and a JJM-IMIS page",
        "Figures of named districts, each with its LGD district code: Burhanpur (the first "
        "district certified 'Har Ghar Jal', July 2022), the 12 Haryana districts that had "
        "reached 'Har Ghar Jal' by 2 Jul 2021 (value 100: every rural household with a tap, "
        "as the source names it), Mahoba, Palghar, and the households and villages of eight "
        "Odisha districts' DDP blocks from a saved JJM-IMIS page of 1 Apr 2024 (households, "
        "not tap connections). One figure per row, as printed, with the source's wording of "
        "the metric; as_of is blank where the source is undated (as_of_note says why).",
        [
            field("as_of", "date", "As of",
                  "Date the figure refers to (the article's date where no 'as on' date is "
                  "printed); blank where the source is undated."),
            field("as_of_note", "string", "Note on the date", "Why the date is blank."),
            field("date_inferred", "boolean", "Date inferred",
                  "true where the year of as_of is not printed but inferred (see the note).",
                  required=True),
            STATE_NAME,
            state_code_field(),
            field("district_name_published", "string", "District as printed",
                  "District name as printed in the source.", required=True),
            field("lgd_district_code", "integer", "LGD district code",
                  "LGD code of the district, matched by name (Subarnapur is LGD's SONEPUR, "
                  "Charkhi Dadri its CHARKI DADRI).", required=True, minimum=1),
            field("metric", "string", "Metric", "What the value measures (the unit follows).",
                  required=True, enum=list(round_2_districts.DISTRICT_METRICS)),
            field("metric_as_printed", "string", "Metric as printed",
                  "The source's wording of what is counted.", required=True),
            count("value", "number", "Value", "The figure as printed, in the row's unit.",
                  required=True),
            field("unit", "string", "Unit", "Unit of value.", required=True,
                  enum=sorted(set(round_2_districts.DISTRICT_METRICS.values()))),
            field("qualifier", "string", "Qualifier",
                  "Wording such as 'around' used by the source."),
            source_id_field("S"),
            field("caveat", "string", "Caveat",
                  "What the figure is not, or why it is doubtful (shown beside it); blank if "
                  "none."),
            field("note", "string", "Note", "The source's words and context."),
        ],
        ["source_id", "lgd_district_code", "metric", "as_of", "as_of_note"],
        foreign_keys=[source_fk()],
        external=[STATE_FK, DISTRICT_FK],
    )


def har_ghar_jal_counts_resource() -> Descriptor:
    """National counts of fully covered and certified units over time."""
    return resource(
        "har_ghar_jal_counts", "Har Ghar Jal: districts, blocks, panchayats and villages",
        "How many districts, blocks, gram panchayats and villages had reported every rural "
        "household with a tap ('Har Ghar Jal'), nationally, from December 2020 to January "
        "2024, and how many villages had been certified so by a Gram Sabha resolution (July "
        "2022, August 2024). One row per date and source, a column per unit as printed "
        "(exact, thousand or lakh): nothing converted. 'Reported' and 'certified' are "
        "different steps: a village is certified after it reports full coverage, so the "
        "certified count is the smaller one.",
        [
            field("as_of", "string", "As of",
                  "Date the counts refer to (YYYY-MM-DD, or YYYY-MM where only the month is "
                  "known).", temporal=True, required=True, pattern=r"^\d{4}-\d{2}(-\d{2})?$"),
            field("as_of_precision", "string", "Date precision",
                  "Whether as_of is a day or only a month.", required=True,
                  enum=["day", "month"]),
            field("date_inferred", "boolean", "Date inferred",
                  "true where the source prints no date and as_of was inferred; the caveat "
                  "says how.", required=True),
            count("districts", "integer", "Districts",
                  "Districts reporting every rural household with a tap.", "districts"),
            count("blocks", "integer", "Blocks",
                  "Blocks reporting every rural household with a tap.", "blocks"),
            count("gram_panchayats", "integer", "Gram panchayats",
                  "Gram panchayats reporting every rural household with a tap (exact).",
                  "gram panchayats"),
            count("gram_panchayats_thousand", "number", "Gram panchayats (thousand)",
                  "The same, where printed in thousand.", "thousand gram panchayats"),
            count("villages", "integer", "Villages",
                  "Villages reporting every rural household with a tap (exact).", "villages"),
            count("villages_thousand", "number", "Villages (thousand)",
                  "The same, where printed in thousand.", "thousand villages"),
            count("villages_lakh", "number", "Villages (lakh)",
                  "The same, where printed in lakh.", "lakh villages"),
            count("villages_certified", "integer", "Villages certified",
                  "Villages certified 'Har Ghar Jal' by a Gram Sabha resolution (exact).",
                  "villages"),
            count("villages_certified_lakh", "number", "Villages certified (lakh)",
                  "The same, where printed in lakh.", "lakh villages"),
            field("qualifier", "string", "Qualifier",
                  "The source's wording; 'more than (65)' qualifies only the figure 65."),
            source_id_field("S"),
            field("caveat", "string", "Caveat",
                  "Why the row's figures are doubtful or how its date was inferred; blank if "
                  "none."),
            field("note", "string", "Note", "The source's words and context."),
        ],
        ["as_of", "source_id"],
        foreign_keys=[source_fk()],
        rules=[
            at_most("districts", "blocks",
                    "A district with every household connected has such blocks."),
            at_most("blocks", "gram_panchayats",
                    "A block with every household connected has such gram panchayats."),
            at_most("gram_panchayats", "villages",
                    "A gram panchayat with every household connected has such villages."),
            at_most("villages_certified", "villages",
                    "A village is certified only after it reports every household connected."),
            at_most("villages_certified_lakh", "villages_lakh",
                    "A village is certified only after it reports every household connected."),
        ],
    )


def jjm_coverage_descriptor() -> Descriptor:
    """Descriptor of the jjm-coverage package."""
    return package(
        "jjm-coverage",
        "Jal Jeevan Mission: rural household tap-water coverage, 2019-2026",
        "How many of India's rural households have a tap water connection under the Jal "
        "Jeevan Mission (JJM), nationally from 2019 to 2026, by State/UT and for some "
        "districts. The figures are Government of India statements (Parliament replies, "
        "Press Information Bureau releases, Economic Surveys, JJM-IMIS reports), transcribed "
        "by hand, some through mirrors or news reports that carried them; they are cited "
        "with attribution in the sources resource, row by row. The compilation is released "
        "under CC BY 4.0. Known gaps: no complete State table exists for any single date "
        "here (every stored copy was cut off); the year of the December 2025 State table is "
        "inferred; the JJM-IMIS J23 extract is undated; the Odisha district figures come "
        "from an undated article. Blank cells mean 'not reported'; nothing was interpolated. "
        "1 lakh = 100,000 and 1 crore = 10,000,000 households; the total of rural "
        "households is revised over time.",
        licenses=CC_BY,
        sources=[
            {"title": "Ministry of Jal Shakti: Parliament written replies and Press "
                      "Information Bureau releases (read through the mirrors listed in "
                      "sources.csv)", "path": "https://www.pib.gov.in/"},
            {"title": "JJM-IMIS reports, Department of Drinking Water & Sanitation",
             "path": "https://ejalshakti.gov.in/"},
            ECONOMIC_SURVEY_TEXT,
        ],
        contributors=[
            {"title": "Department of Drinking Water & Sanitation, Ministry of Jal Shakti, "
                      "Government of India (figures)", "role": "author"},
            WRANGLER,
        ],
        keywords=["Jal Jeevan Mission", "JJM", "Har Ghar Jal", "tap water",
                  "rural households", "drinking water", "India", "States", "districts"],
        temporalCoverage={"start": "2019-04-01", "end": "2026-03-03"},
        spatialCoverage="India (national; States and Union Territories; selected districts "
                        "of Odisha and Uttar Pradesh)",
        resources=[
            national_timeseries_resource(),
            state_coverage_resource(),
            state_mentions_resource(),
            district_mentions_resource(),
            j23_resource(),
            j3_resource(),
            state_timepoints_resource(),
            district_figures_resource(),
            har_ghar_jal_counts_resource(),
            sources_resource(
                "S", True,
                "Every source cited by a source_id in this package: title, publisher or the "
                "outlet that carried the text, publication date, address, a note on the copy "
                "read, type and the collector's reliability judgement. S33 is listed after S35 as in the "
                "source."),
        ],
    )


# ---------------------------------------------------------------------------------------------
# sector-partners
# ---------------------------------------------------------------------------------------------
def sector_partners_tables(src: Path) -> dict[str, Table]:
    """Sector-partner tables with the date split, qualifier, ids and added rows."""
    folder = src / "sector-partners"
    facts = split_date_column(read_table(folder / "sector_partner_programme_facts.csv"),
                              "date", "programme_facts", key="fact")
    facts = insert_column(facts, "value", "qualifier",
                          lambda row: "more than" if row["fact"] ==
                          "interactive_session_organisations" else "")
    facts = add_facts_brief_rows(facts, "sector-partners", "programme_facts", "fact")
    vocabulary = split_source_pair(read_table(folder / "sector_partner_vocabulary.csv"),
                                   "source_id", "other_source_id")
    vocabulary = add_rows(vocabulary, round_2_partners.role_vocabulary())
    organisations = insert_column(read_table(folder / "documented_jjm_collaborations.csv"),
                                  None, "organisation_id", organisation_id)
    organisations = add_rows(seed_roles(organisations), round_2_partners.organisations())
    sources = source_registry(read_table(folder / "sources.csv"))
    sources = add_facts_brief_rows(sources, "sector-partners", "sources", "source_id")
    sources = add_rows(sources, round_2_partners.sources())
    return {"programme_facts": facts, "vocabulary": vocabulary,
            "organisations": organisations, "sources": sources}


def organisation_id(row: Row) -> str:
    """Look up the slug of an organisation; fail on an organisation without one."""
    slug = ORGANISATION_IDS[row["organisation"]]
    if not SLUG.match(slug):
        raise ValueError(f"bad organisation id {slug!r}")
    return slug


def seed_roles(table: Table) -> Table:
    """The first-pass organisations with round-2's role and second-source columns."""
    table = insert_column(table, "relationship_as_described", round_2_partners.ROLE,
                          lambda row: round_2_partners.SEED_ROLES[row["organisation_id"]][0])
    return insert_column(table, "source_id", round_2_partners.OTHER_SOURCE,
                         lambda row: round_2_partners.SEED_ROLES[row["organisation_id"]][1])


VOCABULARY_CATEGORIES = ["eoi_focus_area", "expected_role", "eligible_organisation_type",
                         "documented_role"]
# The programme's eligibility list, then the types of organisations round-2 found outside it.
ORGANISATION_TYPES = ["foundation", "trust", "NGO", "community based organisation (CBO)",
                      "voluntary organisation (VO)", "UN agency", "R&D institution",
                      "university", "institute", "company", "sector skill council",
                      "government body", "foreign government"]
ROLE_TERMS = [term for term, *_rest in round_2_partners.ROLE_TERMS]
# A role cell: one or more vocabulary terms separated by '; '.
ROLE_PATTERN = "^(?:{0})(?:; (?:{0}))*$".format("|".join(re.escape(t) for t in ROLE_TERMS))


def sector_partners_descriptor() -> Descriptor:
    """Descriptor of the sector-partners package."""
    facts = resource(
        "programme_facts", "Sector-partner programme facts",
        "Dated facts about the National Jal Jeevan Mission's sector-partner programme: the "
        "call for expressions of interest (2020), the session with interested organisations, "
        "applications received and shortlisted, and the number of partners. The shortlist "
        "figure comes from the Department's release of the webinar with sector partners "
        "(P09), which prints no date (14 May 2021 is the date of a news report of the same "
        "webinar); the count of 212 partners comes from an undated PIB text.",
        [
            field("date", "date", "Date", "Date of the fact; blank where the source is undated."),
            field("date_note", "string", "Note on the date",
                  "Why the date is blank, in the source's wording or the curator's."),
            field("fact", "string", "Fact", "Identifier of the fact.", required=True,
                  pattern=r"^[a-z_]+$"),
            count("value", "integer", "Value", "Number stated by the source; blank for events.",
                  "count"),
            field("qualifier", "string", "Qualifier",
                  "Wording such as 'more than' that qualifies the value."),
            field("description", "string", "Description", "What the fact says.", required=True),
            source_id_field("P"),
        ],
        ["fact"],
        foreign_keys=[source_fk()],
    )
    vocabulary = resource(
        "vocabulary", "Sector-partner vocabulary",
        "Terms used by the programme, verbatim from the sources, in three categories: the "
        "eight focus areas of the 2020 call, the nine roles expected of partners (2021 "
        "webinar release) and the seven eligible types of organisation. Useful as filter "
        "facets. A fourth category, documented_role, holds the terms of the organisations' "
        "role field: our short names for what a source documents an organisation as doing "
        "(Key Resource Centre, Implementation Support Agency and Rural WASH Partners' Forum "
        "are the mission's own mechanisms; the others are classes of this package), each with "
        "a source that documents such a role. None of them means 'selected sector partner'.",
        [
            field("category", "string", "Category", "Group of the term.", required=True,
                  enum=VOCABULARY_CATEGORIES),
            field("term", "string", "Term", "The term as worded by the source.", required=True),
            source_id_field("P"),
            field("other_source_id", "string", "Other source",
                  "A second source that uses the same term; blank if none.",
                  pattern=r"^P\d{2}$"),
        ],
        ["category", "term"],
        foreign_keys=[source_fk(), source_fk("other_source_id")],
    )
    organisations = resource(
        "organisations", "Documented collaborations with JJM (not an official partner list)",
        "Organisations whose JJM-related work is described in a citable source: Key Resource "
        "Centres, Implementation Support Agencies, partners of a State's mission under an MoU, "
        "UN and technical-assistance bodies, funders, CSR programmes, skilling and knowledge "
        "partners. This is not the official list of sector partners, which was not found; "
        "none of the sources cited calls any of these organisations an official sector "
        "partner of the National Jal Jeevan Mission, so whether any was formally selected is "
        "not established. Many entries rest on the organisation's own, often undated, page "
        "(the source's reliability says so). Left out: a campaign that only says it supports "
        "the mission, an organisation whose only source has no public address, and two "
        "programmes that merely share the name 'Jal Jeevan'.",
        [
            field("organisation_id", "string", "Organisation id",
                  "Lowercase ASCII slug of the organisation's name, assigned in curation.",
                  required=True, pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$"),
            field("organisation", "string", "Organisation", "Name as given by the source.",
                  required=True),
            field("organisation_type", "string", "Type",
                  "Type of organisation: the seven types of the programme's eligibility list "
                  "(foundation to R&D institution), or, for organisations outside it, "
                  "university, institute, company, sector skill council, government body or "
                  "foreign government.",
                  required=True, enum=ORGANISATION_TYPES),
            field("states", "string", "States",
                  "States (and places) of the work, separated by '; '."),
            field("themes", "string", "Themes", "Themes of the work, separated by '; '."),
            field("relationship_as_described", "string", "Relationship",
                  "How the source describes the relationship with JJM."),
            field("role", "string", "Role (as documented)",
                  "What the source documents the organisation as doing for the mission, as "
                  "terms of the vocabulary's documented_role category, separated by '; ' "
                  "(never 'sector partner': no source cited here uses it of an organisation); "
                  "blank where not reported.",
                  pattern=ROLE_PATTERN),
            source_id_field("P"),
            field("other_source_id", "string", "Other source",
                  "A second source on the same organisation; blank if none.",
                  pattern=r"^P\d{2}$"),
        ],
        ["organisation_id"],
        foreign_keys=[source_fk(), source_fk("other_source_id")],
    )
    return package(
        "sector-partners",
        "Jal Jeevan Mission sector partners: programme facts, vocabulary and documented "
        "collaborations",
        "What the public record says about the sector partners of the National Jal Jeevan "
        "Mission (NJJM): foundations, trusts, NGOs, UN agencies and others invited in 2020 "
        "to support the mission at no cost. The figures are Government of India statements "
        "(PIB texts, often read through mirrors, and a Department of Drinking Water & "
        "Sanitation press release) cited with attribution in the sources resource; the "
        "compilation is released under CC BY 4.0; organisations' descriptions of their own "
        "work are cited, not copied. No public list of the selected partners "
        "was found, so the organisations resource lists the organisations whose work with "
        "the mission a public source documents, with the role the source gives them, and "
        "says that none of those sources calls them official sector partners. The 175 "
        "shortlisted applicants come from the "
        "Department's release of the webinar with sector partners (no date printed; 14 May "
        "2021 from a news report of the same webinar; the stored copy of its public mirror "
        "is cut before that figure); the count of 212 partners is undated.",
        licenses=CC_BY,
        sources=[
            {"title": "Department of Drinking Water & Sanitation, Ministry of Jal Shakti: "
                      "press releases on the sector-partner programme (read through the "
                      "mirrors listed in sources.csv)", "path": "https://www.pib.gov.in/"},
            {"title": "PTI report of the interactive session of 2 Nov 2020 with prospective "
                      "partners, carried by Devdiscourse (P02; the other carriers are listed "
                      "in sources.csv)",
             "path": "https://www.devdiscourse.com/article/law-order/1294075-govt-holds-"
                     "interactive-session-with-ngos-un-bodies-for-partnering-in-jal-jeevan-"
                     "mission"},
        ],
        contributors=[
            {"title": "Department of Drinking Water & Sanitation, Ministry of Jal Shakti, "
                      "Government of India (figures)", "role": "author"},
            WRANGLER,
        ],
        keywords=["Jal Jeevan Mission", "JJM", "sector partners", "NGOs", "civil society",
                  "drinking water", "India"],
        temporalCoverage={"start": "2020-08-27", "end": "2021-05-14"},
        spatialCoverage="India (national programme)",
        resources=[
            facts, vocabulary, organisations,
            sources_resource(
                "P", False,
                "Every source cited by a source_id in this package, with a URL or a note "
                "saying why none is recorded. P09 is the Department's release of the "
                "webinar with sector partners, read through a mirror (date not printed in "
                "it)."),
        ],
    )


# ---------------------------------------------------------------------------------------------
# livelihoods
# ---------------------------------------------------------------------------------------------
def livelihoods_tables(src: Path) -> dict[str, Table]:
    """Livelihood tables with the date split and the rows of the Daily Excelsior report."""
    folder = src / "livelihoods"
    jkrlm = split_date_column(read_table(folder / "jkrlm_figures.csv"), "as_of", "jkrlm_figures")
    jkrlm = add_facts_brief_rows(jkrlm, "livelihoods", "jkrlm_figures", "as_of")
    sources = source_registry(read_table(folder / "sources.csv"))
    sources = add_facts_brief_rows(sources, "livelihoods", "sources", "source_id")
    return {"jkrlm_figures": jkrlm,
            "day_nrlm_national": read_table(folder / "day_nrlm_national.csv"),
            "sources": sources}


def livelihoods_descriptor() -> Descriptor:
    """Descriptor of the livelihoods package."""
    jkrlm = resource(
        "jkrlm_figures", "Jammu & Kashmir Rural Livelihoods Mission (UMEED) figures",
        "Figures on self-help groups (SHGs), their members and federations in Jammu and "
        "Kashmir, for the UT, Rajouri district and Budhal block, in long format. Many source "
        "articles are undated (as_of blank, original wording in as_of_note). Numbers in lakh "
        "were written out in full by the collector. The three rows of 28 Dec 2023 (year "
        "inferred) come from a Daily Excelsior report (source L12; no URL recorded).",
        [
            field("as_of", "date", "As of",
                  "Article or statement date; blank where the source is undated."),
            field("as_of_note", "string", "Note on the date",
                  "Original wording of the date where it was not a plain date."),
            field("geography", "string", "Geography", "UT, district or block.", required=True),
            state_code_field(),
            field("lgd_district_code", "integer", "LGD district code",
                  "LGD code of the district; blank for UT-wide rows.", minimum=1),
            field("metric", "string", "Metric",
                  "What the value measures, e.g. women_in_shgs, shgs.", required=True),
            count("value", "number", "Value", "The figure as stated, in the row's unit.",
                  required=True),
            field("unit", "string", "Unit", "Unit of value.", required=True),
            field("qualifier", "string", "Qualifier",
                  "Wording such as 'more than', 'about', 'target' used by the source."),
            source_id_field("L"),
            field("note", "string", "Note", "Context and caveats."),
        ],
        ["source_id", "geography", "metric"],
        foreign_keys=[source_fk()],
        external=[STATE_FK, DISTRICT_FK],
    )
    nrlm = resource(
        "day_nrlm_national", "DAY-NRLM national cumulative progress",
        "All-India cumulative progress of the Deendayal Antyodaya Yojana - National Rural "
        "Livelihoods Mission (DAY-NRLM) from three Economic Survey tables (source: Ministry "
        "of Rural Development): up to December 2022, up to June 2024 and till October 2024. "
        "Metric names carry their unit (_lakh, _crore, _crore_inr, _lakh_crore_inr).",
        [
            field("as_of", "yearmonth", "As of", "Month up to which progress is counted.",
                  required=True),
            field("metric", "string", "Metric", "What the value measures.", required=True),
            count("value", "number", "Value", "The figure as printed, in the row's unit.",
                  required=True),
            field("unit", "string", "Unit", "Unit of value.", required=True),
            source_id_field("L"),
        ],
        ["as_of", "metric"],
        foreign_keys=[source_fk()],
    )
    return package(
        "livelihoods",
        "Rural livelihoods: J&K Rural Livelihoods Mission (UMEED) and DAY-NRLM progress",
        "Self-help group figures for Jammu and Kashmir's Rural Livelihoods Mission (UMEED) "
        "from 2022 to 2023, and all-India cumulative progress of DAY-NRLM from the Economic "
        "Surveys (December 2022, June 2024, October 2024). The figures are Government of "
        "India and UT of Jammu and Kashmir statements, mostly carried by news outlets, cited "
        "with attribution in the sources resource; the compilation is released under CC BY "
        "4.0. Several J&K articles are undated, and one Rajouri article is internally "
        "inconsistent (see its note). The J&K figures of 725,000 women in 87,000 SHGs and an "
        "NPA rate below 1% come from a Daily Excelsior report of a meeting on 28 December "
        "(source L12): the year (2023) is inferred and no URL was recorded. No State- or "
        "district-wise DAY-NRLM table with a citable source was found.",
        licenses=CC_BY,
        sources=[
            ECONOMIC_SURVEY_TEXT,
            {"title": "JKRLM spokesperson's statement of 21 Mar 2022, carried by Greater "
                      "Kashmir (L01; the other outlets carrying J&K statements are listed in "
                      "sources.csv)",
             "path": "https://www.greaterkashmir.com/business/jk-women-fast-marching-towards-"
                     "entrepreneurship-journey-with-umeed"},
        ],
        contributors=[
            {"title": "Ministry of Rural Development, Government of India (DAY-NRLM figures)",
             "role": "author"},
            {"title": "Jammu & Kashmir Rural Livelihoods Mission (UMEED figures)",
             "role": "author"},
            WRANGLER,
        ],
        keywords=["DAY-NRLM", "NRLM", "JKRLM", "UMEED", "self-help groups", "SHG",
                  "rural livelihoods", "Jammu and Kashmir", "India"],
        temporalCoverage={"start": "2022-01-30", "end": "2024-10-31"},
        spatialCoverage="India (national) and the Union Territory of Jammu and Kashmir "
                        "(Rajouri district, Budhal block)",
        resources=[
            jkrlm, nrlm,
            sources_resource(
                "L", False,
                "Every source cited by a source_id in this package, with a URL or a note "
                "saying why none is recorded. L12 is a Daily Excelsior report (no URL "
                "recorded; year inferred)."),
        ],
    )


# ---------------------------------------------------------------------------------------------
# water-quality (issue 17, item 5): transcribed in round_2_water.py from round-2's note 04
# ---------------------------------------------------------------------------------------------
def water_quality_tables(src: Path) -> dict[str, Table]:
    """The water-quality tables; their rows are all in round_2_water.py (no shared CSV)."""
    del src  # the rows come from the round-2 notes, transcribed once
    return {
        "national_labs": (round_2_water.LABS_NATIONAL_HEADER, round_2_water.national_labs()),
        "national_testing": (round_2_water.TESTING_HEADER, round_2_water.national_testing()),
        "state_labs": (round_2_water.LABS_HEADER, round_2_water.state_labs()),
        "functionality_assessments": (round_2_water.FUNCTIONALITY_HEADER,
                                      round_2_water.functionality()),
        "state_figures": (round_2_water.STATE_HEADER, round_2_water.state_figures()),
        "sources": (round_2_water.SOURCES_HEADER, round_2_water.sources()),
    }


LAB = "laboratories"
SAMPLES, LAKH_SAMPLES = "samples", "lakh samples"
WQ_CAVEAT = field("caveat", "string", "Caveat",
                  "Why a figure of the row is doubtful or what it may not be (shown beside "
                  "it); blank if none.")


WQ_AS_OF = field("as_of", "string", "As of",
                 "Date the figures refer to (YYYY-MM-DD, or YYYY-MM where only the month is "
                 "known).", temporal=True, required=True, pattern=r"^\d{4}-\d{2}(-\d{2})?$")
WQ_PRECISION = field("as_of_precision", "string", "Date precision",
                     "Whether as_of is a day or only a month.", required=True,
                     enum=["day", "month"])
WQ_INFERRED = field("date_inferred", "boolean", "Date inferred",
                    "true where the source prints no date (or no year) and as_of was "
                    "inferred; the note says from what.", required=True)
WQ_NOTE = field("note", "string", "Note",
                "Context: the source's words for each figure, figures no column holds, how an "
                "inferred date was inferred.")


def wq_labs_resource() -> Descriptor:
    """National counts of testing laboratories, one row per date and source."""
    return resource(
        "national_labs", "Drinking-water testing laboratories in India, 2021-2026",
        "National counts of drinking-water quality testing laboratories and of those "
        "accredited (by NABL, or 'accredited and recognised' where the caveat says so), from "
        "July 2021 to February 2026, one row per date and source, as printed. Where no date "
        "is printed it was inferred (date_inferred; the note says how).",
        [
            WQ_AS_OF, WQ_PRECISION, WQ_INFERRED,
            count("labs", "integer", "Laboratories",
                  "Drinking-water quality testing laboratories, as stated.", LAB),
            count("labs_accredited", "integer", "Accredited laboratories",
                  "Laboratories accredited by NABL (or, where the caveat says so, accredited "
                  "and recognised).", LAB),
            field("qualifier", "string", "Qualifier", "The source's wording ('about')."),
            source_id_field("W"),
            WQ_CAVEAT, WQ_NOTE,
        ],
        ["as_of", "source_id"],
        foreign_keys=[source_fk()],
        rules=[at_most("labs_accredited", "labs",
                       "Accredited laboratories are among all laboratories.")],
    )


def wq_testing_resource() -> Descriptor:
    """National counts of samples tested and of women trained, one row per date and source."""
    return resource(
        "national_testing", "Water samples tested and women trained in field testing, "
        "2021-2026",
        "National figures on drinking-water testing: samples tested in laboratories and found "
        "contaminated, samples tested with field test kits, and women (or users) trained to "
        "use the kits, from March 2021 to March 2026. One row per date and source, a column "
        "per measure and per printed unit (a count, or lakh where the source printed lakh): "
        "nothing was converted. Counts of a financial year have the year in period and its "
        "last day in as_of, so they are not comparable with a part of a year. The source's "
        "words ('more than') are in qualifier, doubts in caveat.",
        [
            WQ_AS_OF, WQ_PRECISION,
            field("period", "string", "Period",
                  "The period the sample counts cover, where they are totals of a period "
                  "(a financial year, or part of one)."),
            WQ_INFERRED,
            count("samples_tested_labs", "integer", "Samples tested in laboratories",
                  "Water samples tested in laboratories (exact count).", SAMPLES),
            count("samples_tested_labs_lakh", "number", "Samples tested in laboratories (lakh)",
                  "Water samples tested in laboratories, where printed in lakh.", LAKH_SAMPLES),
            count("samples_contaminated", "integer", "Samples found contaminated",
                  "Samples tested in laboratories and found contaminated (exact count).",
                  SAMPLES),
            count("samples_contaminated_lakh", "number", "Samples found contaminated (lakh)",
                  "Samples found contaminated, where printed in lakh.", LAKH_SAMPLES),
            count("samples_tested_ftk", "integer", "Samples tested with field test kits",
                  "Water samples tested with field test kits (exact count).", SAMPLES),
            count("samples_tested_ftk_lakh", "number",
                  "Samples tested with field test kits (lakh)",
                  "Water samples tested with field test kits, where printed in lakh.",
                  LAKH_SAMPLES),
            count("women_trained_ftk_lakh", "number", "Women trained in field testing (lakh)",
                  "Women trained to test water with field test kits, in lakh as printed.",
                  "lakh women"),
            count("users_trained_ftk", "integer", "People trained in field testing",
                  "Users of field test kits trained, where the source counts people, not only "
                  "women (exact count).", "people"),
            field("qualifier", "string", "Qualifier",
                  "The source's wording ('about', 'more than'), of every figure of the row."),
            source_id_field("W"),
            WQ_CAVEAT, WQ_NOTE,
        ],
        ["as_of", "source_id"],
        foreign_keys=[source_fk()],
        rules=[
            at_most("samples_contaminated", "samples_tested_labs",
                    "Contaminated samples are among the samples tested."),
            at_most("samples_contaminated_lakh", "samples_tested_labs_lakh",
                    "Contaminated samples are among the samples tested."),
        ],
    )


LAB_PARTS = ["labs_state", "labs_district", "labs_block_subdivision", "labs_mobile"]


def wq_state_labs_resource() -> Descriptor:
    """The State-wise laboratories annex of about February 2022."""
    parts = [
        count("labs_state", "integer", "State laboratories",
              "State-level laboratories; blank where the column cannot be placed.", LAB),
        count("labs_district", "integer", "District laboratories",
              "District-level laboratories; blank where the column cannot be placed.", LAB),
        count("labs_block_subdivision", "integer", "Block/sub-division laboratories",
              "Block or sub-division laboratories; blank where the column cannot be placed.",
              LAB),
        count("labs_mobile", "integer", "Mobile laboratories",
              "Mobile laboratories; blank where the column cannot be placed.", LAB),
    ]
    return resource(
        "state_labs", "Drinking-water testing laboratories by State/UT (about February 2022)",
        "Annex-I of an undated Lok Sabha reply (about February 2022; 2,021 laboratories in "
        "all): State, district, block/sub-division and mobile laboratories and their total, "
        "for the 29 States/UTs readable in the stored copy (Uttar Pradesh onwards and the "
        "all-India total are cut off). The copy dropped blank cells, so in a row with fewer "
        "than five numbers no number can be given its column: those rows publish only the "
        "total (the last number) and keep the numbers as printed. Nothing was filled.",
        [
            field("as_of", "string", "As of",
                  "Month of the reply (inferred: it prints no date).", temporal=True,
                  required=True, pattern=r"^\d{4}-\d{2}$"),
            field("date_inferred", "boolean", "Date inferred",
                  "true: the month is the collector's dating of an undated reply.",
                  required=True),
            ROW_IN_SOURCE,
            NAME_PUBLISHED,
            STATE_NAME,
            state_code_field(),
            *parts,
            count("labs_total", "integer", "Laboratories (total)",
                  "All drinking-water testing laboratories of the State/UT.", LAB,
                  required=True),
            field("numbers_as_printed", "string", "Numbers as printed",
                  "The row's numbers in the order of the stored copy (blank cells dropped).",
                  required=True),
            field("columns_placed", "boolean", "Columns placed",
                  "true where all five numbers are printed, so each has its column.",
                  required=True),
            source_id_field("W"),
            field("note", "string", "Note", "Why the columns are blank, where they are."),
        ],
        ["lgd_state_code"],
        foreign_keys=[source_fk()],
        external=[STATE_FK],
        rules=[
            {"rule": "sum-of", "field": "labs_total", "parts": LAB_PARTS, "severity": "error",
             "why": "A State's laboratories are its State, district, block/sub-division and "
                    "mobile laboratories (checked where every column is placed)."},
            *[at_most(name, "labs_total", "A kind of laboratory is part of the total.")
              for name in LAB_PARTS],
        ],
    )


def wq_functionality_resource() -> Descriptor:
    """The three national functionality assessments."""
    return resource(
        "functionality_assessments", "Functionality assessments of household tap connections",
        "The three national assessments of whether household tap connections work, made by an "
        "independent third party (not named in the sources) in 2020-21, 2022 and 2024: the "
        "share of surveyed households with a working tap, getting enough water, getting it "
        "regularly and getting potable water, with the sample where the source gives it. The "
        "2020-21 figures come from a parliamentary committee report as a news site reported "
        "them.",
        [
            field("assessment", "string", "Assessment", "The round, as the sources name it.",
                  required=True),
            field("round_year", "year", "Round year",
                  "The first year in the round's name (2020 for 2020-21), to order the rounds."
                  , required=True),
            field("fieldwork_as_printed", "string", "Fieldwork",
                  "When the fieldwork was done, as printed.", required=True),
            count("districts_covered", "integer", "Districts", "Districts in the sample.",
                  "districts"),
            count("states_uts_covered", "integer", "States/UTs", "States and UTs in the sample.",
                  "States/UTs"),
            count("villages_covered", "integer", "Villages", "Villages in the sample.",
                  "villages"),
            count("households_covered", "integer", "Households", "Households in the sample.",
                  "households"),
            pct("pct_hh_tap_available", "Tap available (%)",
                "Share of surveyed households with a tap, where reported."),
            pct("pct_hh_working_tap", "Working tap (%)",
                "Share of surveyed households whose tap connection works."),
            pct("pct_hh_adequate_quantity", "Adequate quantity (%)",
                "Share of surveyed households getting an adequate quantity of water."),
            pct("pct_hh_regular_supply", "Regular supply (%)",
                "Share of surveyed households getting water regularly."),
            pct("pct_hh_potable_water", "Potable water (%)",
                "Share of surveyed households getting potable water (of the prescribed "
                "quality)."),
            source_id_field("W"),
            field("other_source_id", "string", "Other source",
                  "A second source with the same figures; blank if none.", pattern=r"^W\d{2}$"),
            WQ_CAVEAT,
            field("note", "string", "Note", "Context."),
        ],
        ["assessment"],
        foreign_keys=[source_fk(), source_fk("other_source_id")],
        rules=[at_most("pct_hh_working_tap", "pct_hh_tap_available",
                       "A working tap is a tap that is there.")],
    )


def wq_state_figures_resource() -> Descriptor:
    """State water-quality figures quoted in text."""
    return resource(
        "state_figures", "State water-quality figures quoted in releases and news",
        "Water-quality figures of single States quoted in text (long format, one figure per "
        "row): Odisha's women trained and laboratories at the end of 2021, Chhattisgarh's "
        "NABL-accredited district laboratories, women trained and sources tested in January "
        "2022, and Gujarat's laboratories from an undated page (as_of blank).",
        [
            field("as_of", "date", "As of",
                  "Date the figure refers to (the article's date where no 'as on' date is "
                  "printed); blank where the source is undated."),
            field("as_of_note", "string", "Note on the date", "Why the date is blank."),
            STATE_NAME,
            state_code_field(),
            field("metric", "string", "Metric", "What the value measures.", required=True,
                  enum=list(round_2_water.STATE_METRICS)),
            field("metric_as_printed", "string", "Metric as printed",
                  "The source's wording of what is counted.", required=True),
            count("value", "number", "Value", "The figure as printed, in the row's unit.",
                  required=True),
            field("unit", "string", "Unit", "Unit of value.", required=True,
                  enum=sorted(set(round_2_water.STATE_METRICS.values()))),
            field("qualifier", "string", "Qualifier", "The source's wording, if any."),
            source_id_field("W"),
            field("note", "string", "Note", "Context and caveats."),
        ],
        ["source_id", "lgd_state_code", "metric"],
        foreign_keys=[source_fk()],
        external=[STATE_FK],
    )


def water_quality_descriptor() -> Descriptor:
    """Descriptor of the water-quality package."""
    return package(
        "water-quality",
        "Jal Jeevan Mission: drinking-water quality testing and tap functionality, 2021-2026",
        "How the water that reaches rural taps is tested, and whether the taps work: national "
        "counts of testing laboratories and accredited laboratories, samples tested and found "
        "contaminated, and women trained to test water with field test kits (2021-2026); the "
        "laboratories of 29 States/UTs in about February 2022; the three functionality "
        "assessments (2020-21, 2022, 2024); and a few State figures. The figures are "
        "Government of India statements (Parliament replies, PIB releases, the Economic "
        "Survey), mostly read through the news reports or mirrors that carried them, cited "
        "row by row in the sources resource; the compilation is released under CC BY 4.0. "
        "Figures are as printed, in lakh where printed in lakh; blank cells mean 'not "
        "reported'; dates that are not printed are inferred and flagged.",
        licenses=CC_BY,
        sources=[
            {"title": "Ministry of Jal Shakti: Parliament replies and Press Information Bureau "
                      "releases on water quality (read through the mirrors and news reports "
                      "listed in sources.csv)", "path": "https://www.pib.gov.in/"},
            {"title": "Economic Survey 2024-25, Ministry of Finance (text via GitHub "
                      "SAKET03/Economic-Survey-AdvancedRAG)",
             "path": "https://github.com/SAKET03/Economic-Survey-AdvancedRAG"},
        ],
        contributors=[
            {"title": "Department of Drinking Water & Sanitation, Ministry of Jal Shakti, "
                      "Government of India (figures)", "role": "author"},
            WRANGLER,
        ],
        keywords=["Jal Jeevan Mission", "JJM", "water quality", "laboratories", "NABL",
                  "field test kits", "functionality assessment", "drinking water", "India"],
        temporalCoverage={"start": "2021-03-22", "end": "2026-03-02"},
        spatialCoverage="India (national; 29 States/UTs for laboratories in 2022; Odisha, "
                        "Chhattisgarh and Gujarat)",
        resources=[
            wq_labs_resource(), wq_testing_resource(), wq_state_labs_resource(), wq_functionality_resource(),
            wq_state_figures_resource(),
            sources_resource(
                "W", True,
                "Every source cited by a source_id in this package: title, publisher or the "
                "outlet that carried the text, publication date, address, a note on the copy "
                "read, type and the collector's reliability judgement."),
        ],
    )


# ---------------------------------------------------------------------------------------------
# Driver
# ---------------------------------------------------------------------------------------------
PACKAGES: dict[str, tuple[Callable[[Path], dict[str, Table]], Callable[[], Descriptor]]] = {
    "admin-codes": (admin_codes_tables, admin_codes_descriptor),
    "jjm-coverage": (jjm_coverage_tables, jjm_coverage_descriptor),
    "sector-partners": (sector_partners_tables, sector_partners_descriptor),
    "livelihoods": (livelihoods_tables, livelihoods_descriptor),
    "water-quality": (water_quality_tables, water_quality_descriptor),
}


def check_layout(name: str, tables: dict[str, Table], descriptor: Descriptor) -> None:
    """Fail if the descriptor's resources and fields do not match the tables written."""
    described = {res["name"]: [f["name"] for f in res["schema"]["fields"]]
                 for res in descriptor["resources"]}
    if set(described) != set(tables):
        raise ValueError(f"{name}: resources {sorted(described)} != tables {sorted(tables)}")
    for resource_name, (header, _rows) in tables.items():
        if described[resource_name] != header:
            raise ValueError(f"{name}/{resource_name}: fields {described[resource_name]} "
                             f"!= header {header}")


# Resources that grow in datasets/ by hand after curation: the partner directory gains one row
# per documented organisation, and its source registry one row per new source. Curation writes
# their seed rows; rows added below them in datasets/ are kept (see README, "Adding an
# organisation to the directory").
GROWING = {("sector-partners", "organisations.csv"), ("sector-partners", "sources.csv")}


def keep_added_rows(path: Path, fresh: bytes) -> bytes:
    """The curated bytes plus the rows added by hand below them in the existing file."""
    if not path.is_file():
        return fresh
    existing = path.read_bytes()
    if not existing.startswith(fresh):
        raise SystemExit(f"{path}: the curated rows are no longer at the top of the file; "
                         "add new rows at the end, never edit or reorder the seed rows")
    return existing


def build_package(name: str, sources: Path, out: Path) -> list[Path]:
    """Write one package's CSVs and descriptor; return the paths written."""
    make_tables, make_descriptor = PACKAGES[name]
    tables = make_tables(sources)
    descriptor = descriptors_hi.with_hindi(name, make_descriptor())
    check_layout(name, tables, descriptor)
    folder = out / name
    written = []
    for res in descriptor["resources"]:
        path = folder / res["path"]
        if (name, res["path"]) in GROWING:
            seed = folder / f".{res['path']}.seed"
            write_table(seed, tables[res["name"]])
            data = keep_added_rows(path, seed.read_bytes())
            seed.unlink()
            path.write_bytes(data)
        else:
            write_table(path, tables[res["name"]])
        written.append(path)
    write_json(folder / "datapackage.json", descriptor)
    written.append(folder / "datapackage.json")
    return written


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """Parse the command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sources", type=Path, default=DEFAULT_SOURCES,
                        help="the shared data-sources folder (default: %(default)s)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT,
                        help="where the package folders are written (default: %(default)s)")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Rebuild every package; print what was written."""
    args = parse_args(argv)
    if not args.sources.is_dir():
        print(f"sources folder not found: {args.sources}", file=sys.stderr)
        return 2
    for name in PACKAGES:
        for path in build_package(name, args.sources, args.out):
            print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
