"""A synthetic, seeded directory of 1,000 organisations for tests and the benchmark; never published.

`write_package(folder)` writes a copy of the sector-partners package whose organisations and
extra sources are synthetic ("Synthetic Organisation 0001", example.org links). It is only ever
written to a temporary folder, never into datasets/. Run the benchmark from the project folder:

    .venv/bin/python bench/partners_fixture.py

It prints the weight of the partners page as MkDocs builds it and the time of the Python filter.
"""

from __future__ import annotations

import csv
import json
import logging
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PACKAGE = REPO / "datasets" / "sector-partners"
SEED = 20200827
COUNT = 1000


def _first_free_source() -> int:
    """The number after the real package's last source id (P01-P36 in round 2)."""
    with (PACKAGE / "sources.csv").open(encoding="utf-8", newline="") as handle:
        return 1 + max(int(row["source_id"][1:]) for row in csv.DictReader(handle))


# Source ids must match ^P\d{2}$; the fixture adds the ids the real package leaves free, to P99.
SYNTHETIC_SOURCES = range(_first_free_source(), 100)
STATES = [
    "Andhra Pradesh", "Arunachal Pradesh", "Assam", "Bihar", "Chhattisgarh", "Goa", "Gujarat",
    "Haryana", "Himachal Pradesh", "Jharkhand", "Karnataka", "Kerala", "Madhya Pradesh",
    "Maharashtra", "Manipur", "Meghalaya", "Mizoram", "Nagaland", "Odisha", "Punjab",
    "Rajasthan", "Sikkim", "Tamil Nadu", "Telangana", "Tripura", "Uttar Pradesh",
    "Uttarakhand", "West Bengal", "Jammu and Kashmir", "Ladakh", "Puducherry",
]
THEMES = [
    "water, sanitation and hygiene", "natural resources management", "community engagement",
    "capacity building", "education", "health", "tribal development", "gender and equity",
    "water quality", "operations & maintenance", "source sustainability", "training",
]
TYPES = ["foundation", "trust", "NGO", "community based organisation (CBO)",
         "voluntary organisation (VO)", "UN agency", "R&D institution"]
RELATIONSHIPS = [
    "synthetic record: described as supporting village water and sanitation committees in {n} "
    "districts",
    "synthetic record: memorandum with the state water and sanitation mission, {year}",
    "synthetic record: self-reported, since {year}",
    "synthetic record: training partner for {n} gram panchayats on water-quality testing",
    "synthetic record: implementation support agency for {n} villages ({year})",
]
# The real descriptor's columns; the fixture leaves role and other_source_id blank.
ORGANISATION_HEADER = [field["name"] for resource in json.loads(
    (PACKAGE / "datapackage.json").read_text(encoding="utf-8"))["resources"]
    if resource["name"] == "organisations" for field in resource["schema"]["fields"]]


def organisations(count: int = COUNT, seed: int = SEED) -> list[dict[str, str]]:
    """`count` synthetic organisations, the same ones for the same seed."""
    rng = random.Random(seed)
    rows = []
    for number in range(1, count + 1):
        roll = rng.random()
        if roll < 0.05:
            states = "(not specified)"
        else:
            picked = rng.sample(STATES, rng.randint(1, 4))
            if roll > 0.8:
                picked[0] += f" ({rng.randint(2, 30)} districts)"
            states = "; ".join(picked)
        rows.append({
            "organisation_id": f"synthetic-organisation-{number:04d}",
            "organisation": f"Synthetic Organisation {number:04d}",
            "organisation_type": rng.choice(TYPES),
            "states": states,
            "themes": "; ".join(rng.sample(THEMES, rng.randint(1, 3))),
            "relationship_as_described": rng.choice(RELATIONSHIPS).format(
                n=rng.randint(2, 400), year=rng.randint(2020, 2025)),
            "source_id": f"P{rng.choice(SYNTHETIC_SOURCES):02d}",
        })
    return rows


def sources() -> list[dict[str, str]]:
    """The synthetic sources, after the real ones to P99 (example.org addresses, never fetched)."""
    return [{"source_id": f"P{n:02d}",
             "title": f"Synthetic source {n:02d}: annual report (benchmark fixture)",
             "publisher_or_outlet": f"Synthetic Publisher {n:02d}",
             "date_published": f"{2020 + n % 6}-0{1 + n % 9}-1{n % 10}",
             "date_published_note": "",
             "url": f"https://example.org/synthetic/source-{n:02d}",
             "source_type": "synthetic", "reliability": "none (synthetic)"}
            for n in SYNTHETIC_SOURCES]


def write_csv(path: Path, header: list[str], rows: list[dict[str, str]]) -> None:
    """A CSV as the curation writes it: UTF-8, LF line endings, minimal quoting."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, header, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def write_package(folder: Path, rows: list[dict[str, str]] | None = None) -> Path:
    """A sector-partners package in `folder` with synthetic organisations (default 1,000)."""
    target = folder / "sector-partners"
    if target.resolve().is_relative_to((REPO / "datasets").resolve()):
        raise ValueError("the synthetic fixture must never be written into datasets/")
    target.mkdir(parents=True)
    for name in ("datapackage.json", "programme_facts.csv", "vocabulary.csv"):
        shutil.copy(PACKAGE / name, target / name)
    with (PACKAGE / "sources.csv").open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        header, real = list(reader.fieldnames or []), list(reader)
    write_csv(target / "sources.csv", header, real + sources())
    write_csv(target / "organisations.csv", ORGANISATION_HEADER,
              organisations() if rows is None else rows)
    return target


def build_page(markdown: str, workdir: Path, path: str = "partners/index.md") -> Path:
    """Build one Markdown page with the site's MkDocs theme and settings; returns its HTML file.

    Only the page and content/ are in the docs folder, so links to other pages are not checked.
    """
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    docs, site = workdir / "docs", workdir / "site"
    shutil.copytree(REPO / "content", docs)
    page = docs / path
    page.parent.mkdir(parents=True, exist_ok=True)
    page.write_text(markdown, encoding="utf-8")
    logging.getLogger("mkdocs").setLevel(logging.ERROR)
    config = load_config(str(REPO / "mkdocs.yml"), docs_dir=str(docs), site_dir=str(site),
                         strict=False, site_url="", nav=[{"Page": path}],
                         validation={"links": {"not_found": "info", "anchors": "info",
                                               "unrecognized_links": "info"}})
    config.plugins.on_startup(command="build", dirty=False)
    try:
        build(config)
    finally:
        config.plugins.on_shutdown()
    return site / path.replace(".md", ".html")


def render_fixture_page(folder: Path) -> tuple[str, list[dict[str, str]]]:
    """Validate the fixture package in `folder` and render the partners page from it."""
    from generator.config import load_config as site_config
    from generator.markdown import environment
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # page_kinds/
    from generator.sitedata import load_site_data
    from generator.validate import validate_paths
    from page_kinds import partners

    package = write_package(folder)
    validation = validate_paths([package], folder)
    if not validation.valid:
        raise RuntimeError("; ".join(p.format() for p in validation.errors[:5]))
    config = site_config(REPO)
    data = load_site_data(config, validation)
    page = next(p for p in partners.render(data, environment(config.templates))
                if p.path == partners.PAGE)  # the directory; each facet value has a page too
    return page.markdown, partners.records(data, "organisations")


def main() -> int:
    """Print the page weight for 1,000 organisations and the Python filter time."""
    from page_kinds.partners import filter_organisations

    with tempfile.TemporaryDirectory() as tmp:
        markdown, rows = render_fixture_page(Path(tmp) / "data")
        html = build_page(markdown, Path(tmp) / "build").read_bytes()
        index = (Path(tmp) / "build" / "site" / "search" / "search_index.json").stat().st_size
    import gzip

    print(f"organisations: {len(rows)}")
    print(f"page HTML: {len(html) / 1000:.1f} kB ({len(gzip.compress(html, 9)) / 1000:.1f} kB "
          f"gzipped); Markdown {len(markdown.encode()) / 1000:.1f} kB")
    print(f"search_index.json (whole fixture site): {index / 1000:.1f} kB")
    script = (REPO / "content" / "assets" / "partners-filter.js").stat().st_size
    print(f"partners-filter.js: {script / 1000:.1f} kB")
    cases = [{}, {"state": "Assam"}, {"theme": "water quality"}, {"type": "NGO"},
             {"q": "panchayats"}, {"state": "Assam", "type": "trust", "q": "water"}]
    for case in cases:
        runs = 50
        start = time.perf_counter()
        for _ in range(runs):
            found = filter_organisations(rows, **case)
        took = (time.perf_counter() - start) / runs
        print(f"filter {case or 'none'}: {len(found)} rows in {took * 1000:.2f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
