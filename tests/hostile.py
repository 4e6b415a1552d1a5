"""A copy of the project whose data and content hold hostile text in every place that reaches HTML.

Each payload sets `window.__pwned` (and calls alert) if it ever runs, so a browser test can tell.
"""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

from sitebuild import make_project

RUN = "window.__pwned=1;alert(1)"
IMG = f"<img src='x' onerror='{RUN}'>"
SCRIPT = f"<script>{RUN}</script>"
SVG = f"<svg onload='{RUN}'></svg>"
JS_LINK = "javascript:window.__pwned=1"
# A comment opener inside a script block: unescaped, it swallows the rest of the page.
COMMENT = "<!--<script>"

STATE = "Goa"
STATE_NAME = f"Goa {IMG}"
PACKAGE_TITLE = f"Coverage {IMG}"
RESOURCE_TITLE = f"National {SCRIPT}"
FIELD = f"s_no`{IMG}`"
SOURCE_ID = f'P99"><img src=x onerror="{RUN}">'
TAG_DESCRIPTION = f"Coverage {IMG} {SCRIPT}"
DESCRIPTION = f"Figures {COMMENT} and more"
# A hand-written page's front matter, which the theme prints into <title> and <meta content>.
PAGE_DESCRIPTION = f'About "><script>{RUN}</script> the data'
HEADING = f"## Heading {IMG}"
# Markdown bodies: raw HTML and link targets a contributor could write.
BODY = f"""
{HEADING}

Hostile body text follows.

{SCRIPT}

{IMG}

{SVG}

<a href="{JS_LINK}">raw link</a>

[a link]({JS_LINK})
"""
UPDATE = "content/updates/2026-03-12-latest-national-coverage.md"
PAGE = "content/about.md"


def make_hostile_project(target: Path, links: bool = True) -> Path:
    """The real project with hostile text in data and content; `links`: keep the javascript: link.

    The javascript: links are refused at build time (unsafe-link-target): without `links` they
    are left out, so the site builds and the rest can be checked in the browser.
    """
    project = make_project(target)
    datasets = project / "datasets"
    coverage = datasets / "jjm-coverage"
    for table in sorted(coverage.glob("*.csv")):
        text = table.read_text(encoding="utf-8")
        table.write_text(re.sub(rf"(?<=,){STATE}(?=,)", STATE_NAME, text), encoding="utf-8")
    _edit_json(coverage / "datapackage.json", _coverage_descriptor)
    states = datasets / "admin-codes" / "states.csv"
    states.write_text(states.read_text(encoding="utf-8").replace("s_no,", f"{FIELD},", 1),
                      encoding="utf-8")
    _edit_json(datasets / "admin-codes" / "datapackage.json", _admin_descriptor)
    partners = datasets / "sector-partners"
    _edit_json(partners / "datapackage.json", _partners_descriptor)
    _add_source(partners / "sources.csv")
    tags = project / "content/updates/tags.yml"
    tags.write_text(tags.read_text(encoding="utf-8").replace(
        "coverage: Household tap-water coverage, nationally or by State.",
        f"coverage: {TAG_DESCRIPTION}"), encoding="utf-8")
    body = BODY if links else "\n".join(line for line in BODY.split("\n") if JS_LINK not in line)
    for relative in (UPDATE, PAGE):
        path = project / relative
        path.write_text(path.read_text(encoding="utf-8") + body, encoding="utf-8")
    page = project / PAGE
    page.write_text(re.sub(r"(?m)^description: .*$", "description: " + json.dumps(PAGE_DESCRIPTION),
                           page.read_text(encoding="utf-8"), count=1), encoding="utf-8")
    return project


def _add_source(path: Path) -> None:
    """A source row whose id is hostile, its other cells those of the first row."""
    with path.open(encoding="utf-8", newline="") as file:
        rows = list(csv.DictReader(file))
    row = {**rows[0], "source_id": SOURCE_ID, "title": "Hostile source"}
    with path.open("a", encoding="utf-8", newline="") as file:
        text = path.read_text(encoding="utf-8")
        if not text.endswith("\n"):
            file.write("\n")
        csv.DictWriter(file, fieldnames=list(rows[0]), lineterminator="\n").writerow(row)


def _edit_json(path: Path, edit) -> None:
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    edit(descriptor)
    path.write_text(json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def _coverage_descriptor(descriptor: dict) -> None:
    descriptor["title"] = PACKAGE_TITLE
    descriptor["description"] = DESCRIPTION
    national = next(r for r in descriptor["resources"] if r["name"] == "national_timeseries")
    national["title"] = RESOURCE_TITLE


def _admin_descriptor(descriptor: dict) -> None:
    states = next(r for r in descriptor["resources"] if r["name"] == "states")
    for field in states["schema"]["fields"]:
        if field["name"] == "s_no":
            field["name"] = FIELD
    if states["schema"].get("primaryKey") == ["s_no"]:
        states["schema"]["primaryKey"] = [FIELD]


def _partners_descriptor(descriptor: dict) -> None:
    sources = next(r for r in descriptor["resources"] if r["name"] == "sources")
    for field in sources["schema"]["fields"]:
        if field["name"] == "source_id":
            field.get("constraints", {}).pop("pattern", None)
