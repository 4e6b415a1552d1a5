"""A synthetic, seeded national-scale release for the benchmark; never published as fact.

`write_release(folder, seed)` writes a complete project copy into `folder` (datasets/,
content/, mkdocs.yml, site_templates/) that `opendata build` can build: the real bundled
packages, the 1,000 synthetic partner organisations of `partners_fixture.py`, and one synthetic
package, `bench-villages`, with 600,000 villages in ~7,000 blocks of the 763 real LGD districts,
and ten years of monthly State snapshots; plus 500 synthetic update posts. Every synthetic name
says so ("Synthetic Village 000001", example.org links). The same seed gives the same bytes.

    .venv/bin/python bench/release.py OUT [--seed N] [--villages N] [--updates N]
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import random
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))

import partners_fixture  # noqa: E402  (a sibling script, not a package)

SEED = 20190815
PACKAGE = "bench-villages"
CREATED = "2026-03-31"
FIRST_MONTH = (2016, 4)   # ten years of monthly snapshots: 2016-04 .. 2026-03
MONTHS = 120


@dataclass(frozen=True)
class Scale:
    """How big the release is; `Scale()` is the national scale of the benchmark."""

    villages: int = 600_000
    blocks: int = 7_000
    districts: int | None = None    # None: all 763 LGD districts
    partners: int = 1_000
    updates: int = 500


SMALL = Scale(villages=3_000, blocks=120, districts=40, partners=20, updates=12)


def write_release(folder: Path, seed: int = SEED, scale: Scale = Scale()) -> Path:
    """A buildable project copy with the synthetic release in `folder` (which must not exist)."""
    folder = folder.resolve()
    if folder == REPO or REPO in folder.parents and folder.parts[len(REPO.parts)] in (
            "datasets", "content", "site_templates", "page_kinds", "generator"):
        raise ValueError("the synthetic release must never be written into the project itself")
    folder.mkdir(parents=True)
    for name in ("mkdocs.yml", "publication.yml"):
        shutil.copy(REPO / name, folder / name)
    for name in ("site_templates", "page_kinds", "locale"):  # locale: the Hindi messages
        shutil.copytree(REPO / name, folder / name, ignore=shutil.ignore_patterns("__pycache__"))
    datasets = folder / "datasets"
    datasets.mkdir()
    for package in sorted(p for p in (REPO / "datasets").iterdir() if p.is_dir()):
        if package.name != "sector-partners":
            shutil.copytree(package, datasets / package.name)
    rng = random.Random(seed)
    partners_fixture.write_package(datasets, partners_fixture.organisations(scale.partners))
    districts = _districts(scale.districts)
    write_villages_package(datasets / PACKAGE, districts, scale, random.Random(rng.random()))
    write_content(folder / "content", scale.updates, random.Random(rng.random()))
    return folder


def _districts(limit: int | None) -> list[dict[str, str]]:
    """The real LGD districts (state code, district code, name), in code order."""
    with (REPO / "datasets" / "admin-codes" / "districts.csv").open(encoding="utf-8") as handle:
        rows = sorted(csv.DictReader(handle), key=lambda r: (int(r["lgd_state_code"]),
                                                            int(r["lgd_district_code"])))
    if limit is not None:
        rows = rows[::max(1, len(rows) // limit)][:limit]
    return rows


def allocate(total: int, weights: list[float]) -> list[int]:
    """`total` split by `weights` into whole numbers (at least 1 each) that add up exactly."""
    share = [max(1.0, total * w / sum(weights)) for w in weights]
    counts = [int(s) for s in share]
    by_remainder = sorted(range(len(share)), key=lambda i: (counts[i] - share[i], i))
    for i in by_remainder[: max(0, total - sum(counts))]:
        counts[i] += 1
    while sum(counts) > total:
        biggest = max(range(len(counts)), key=lambda i: (counts[i], -i))
        counts[biggest] -= 1
    return counts


def csv_bytes(header: list[str], rows: list[list[object]]) -> bytes:
    """A CSV as the curation writes it: UTF-8, LF line ends, minimal quoting."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def village_rows(districts: list[dict[str, str]], scale: Scale, rng: random.Random
                 ) -> tuple[list[list[object]], list[list[object]]]:
    """The blocks and villages: every village in one block of one real district."""
    blocks_per_district = allocate(scale.blocks, [rng.uniform(0.4, 1.6) for _ in districts])
    block_weights = [rng.uniform(0.3, 1.7) for _ in range(sum(blocks_per_district))]
    villages_per_block = allocate(scale.villages, block_weights)
    blocks, villages = [], []
    block_code, village_code = 900_000, 0
    for district, count in zip(districts, blocks_per_district, strict=True):
        state, code = int(district["lgd_state_code"]), int(district["lgd_district_code"])
        progress = rng.uniform(0.55, 1.0)   # how far the district is, on average
        for _ in range(count):
            block_code += 1
            blocks.append([block_code, state, code, f"Synthetic Block {block_code - 900_000:04d}"])
            for _ in range(villages_per_block[len(blocks) - 1]):
                village_code += 1
                households = int(rng.lognormvariate(5.0, 0.8)) + 1
                share = min(1.0, max(0.0, rng.gauss(progress, 0.2)))
                with_tap = households if share > 0.97 else int(households * share)
                certified = with_tap == households and rng.random() < 0.7
                day = rng.randrange(730)
                villages.append([village_code, state, code, block_code,
                                 f"Synthetic Village {village_code:06d}", households, with_tap,
                                 "true" if certified else "false", _day(day)])
    return blocks, villages


def _day(offset: int) -> str:
    """A report date: 2024-01-01 plus `offset` days (at most 2025-12-30)."""
    import datetime as dt
    return (dt.date(2024, 1, 1) + dt.timedelta(days=offset)).isoformat()


def monthly_rows(villages: list[list[object]], rng: random.Random) -> list[list[object]]:
    """Ten years of monthly State snapshots rising to the States' village totals."""
    totals: dict[int, list[int]] = {}
    for row in villages:
        total = totals.setdefault(int(row[1]), [0, 0])
        total[0] += int(row[5])
        total[1] += int(row[6])
    rows = []
    for state in sorted(totals):
        households, final = totals[state]
        start = rng.uniform(0.03, 0.4) * final
        for month in range(MONTHS):
            year, mon = divmod(FIRST_MONTH[0] * 12 + FIRST_MONTH[1] - 1 + month, 12)
            with_tap = int(start + (final - start) * (month / (MONTHS - 1)) ** 1.5)
            pct = f"{100 * with_tap / households:.2f}" if households else ""
            rows.append([state, f"{year}-{mon + 1:02d}", households, with_tap, pct,
                         f"B{1 + month % 9:02d}"])
    return rows


def source_rows() -> list[list[object]]:
    """Nine synthetic sources (example.org, never fetched)."""
    return [[f"B{n:02d}", f"Synthetic monthly report {n:02d} (benchmark, not real data)",
             "Synthetic Publisher", f"2025-{n:02d}-01", f"https://example.org/bench/report-{n:02d}"]
            for n in range(1, 10)]


def write_villages_package(target: Path, districts: list[dict[str, str]], scale: Scale,
                           rng: random.Random) -> None:
    """The synthetic `bench-villages` package: descriptor and four CSV files."""
    target.mkdir(parents=True)
    blocks, villages = village_rows(districts, scale, rng)
    files = {
        "villages.csv": csv_bytes([f["name"] for f in VILLAGE_FIELDS], villages),
        "blocks.csv": csv_bytes([f["name"] for f in BLOCK_FIELDS], blocks),
        "state_monthly.csv": csv_bytes([f["name"] for f in MONTHLY_FIELDS],
                                       monthly_rows(villages, rng)),
        "sources.csv": csv_bytes([f["name"] for f in SOURCE_FIELDS], source_rows()),
    }
    for name, data in files.items():
        (target / name).write_bytes(data)
    (target / "datapackage.json").write_text(
        json.dumps(descriptor(len(villages)), indent=2, ensure_ascii=False) + "\n",
        encoding="utf-8")


def _field(name: str, kind: str, title: str, description: str, **extra: object) -> dict:
    """A field descriptor with the metadata every field needs."""
    return {"name": name, "type": kind, "title": title, "description": description, **extra}


def _code(name: str, title: str) -> dict:
    """A required positive integer code field."""
    return _field(name, "integer", title, f"{title} (synthetic benchmark data).",
                  constraints={"required": True, "minimum": 1})


def _external(field: str, resource: str) -> dict:
    """A key into the sibling admin-codes package."""
    return {"fields": field, "reference": {"package": "admin-codes", "resource": resource,
                                           "fields": field}}


VILLAGE_FIELDS = [
    _code("village_code", "Village code"),
    _code("lgd_state_code", "LGD state code"),
    _code("lgd_district_code", "LGD district code"),
    _code("lgd_block_code", "Block code"),
    _field("village_name", "string", "Village", "Synthetic village name.",
           constraints={"required": True}),
    _field("households", "integer", "Households", "Rural households in the village.",
           unit="households", constraints={"required": True, "minimum": 0}),
    _field("households_with_tap", "integer", "Households with a tap",
           "Rural households with a functional tap connection.", unit="households",
           constraints={"required": True, "minimum": 0}),
    _field("har_ghar_jal_certified", "boolean", "Har Ghar Jal certified",
           "Whether the gram sabha certified the village Har Ghar Jal (every household "
           "has a tap).", constraints={"required": True}),
    _field("report_date", "date", "Report date", "Date of the village's latest report.",
           constraints={"required": True}),
]
BLOCK_FIELDS = [
    _code("lgd_block_code", "Block code"),
    _code("lgd_state_code", "LGD state code"),
    _code("lgd_district_code", "LGD district code"),
    _field("block_name", "string", "Block", "Synthetic block name.",
           constraints={"required": True}),
]
MONTHLY_FIELDS = [
    _code("lgd_state_code", "LGD state code"),
    _field("month", "yearmonth", "Month", "Month of the snapshot.",
           constraints={"required": True}),
    _field("households", "integer", "Households", "Rural households.", unit="households",
           constraints={"required": True, "minimum": 0}),
    _field("households_with_tap", "integer", "Households with a tap",
           "Rural households with a tap connection.", unit="households",
           constraints={"required": True, "minimum": 0}),
    _field("with_tap_pct", "number", "Share with a tap", "Percent of rural households with a "
           "tap.", unit="percent", constraints={"minimum": 0, "maximum": 100}),
    _field("source_id", "string", "Source", "Row of the sources table.",
           constraints={"required": True, "pattern": "^B[0-9]{2}$"}),
]
SOURCE_FIELDS = [
    _field("source_id", "string", "Source id", "Identifier.",
           constraints={"required": True, "pattern": "^B[0-9]{2}$"}),
    _field("title", "string", "Title", "Title of the report.", constraints={"required": True}),
    _field("publisher_or_outlet", "string", "Publisher", "Who published it."),
    _field("date_published", "date", "Published", "Date of publication."),
    _field("url", "string", "Link", "Where it was published."),
]


def _resource(name: str, title: str, fields: list[dict], key: list[str], **extra: object
              ) -> dict:
    """A CSV resource descriptor."""
    schema = {"fields": fields, "primaryKey": key, **extra.pop("schema", {})}
    return {"name": name, "path": f"{name}.csv", "title": title,
            "description": f"{title} (synthetic benchmark data, not real).", "format": "csv",
            "mediatype": "text/csv", "encoding": "utf-8", "schema": schema, **extra}


def descriptor(villages: int) -> dict:
    """The package descriptor; the villages resource declares `aggregate: district`."""
    return {
        "name": PACKAGE,
        "title": "Synthetic benchmark: village-level tap-water coverage (not real data)",
        "description": f"A synthetic release of {villages:,} villages made from a seed for "
                       "the benchmark (bench/release.py). Every figure is invented; only the "
                       "LGD State and district codes are real. Never publish it as fact.",
        "version": "1.0.0",
        "created": f"{CREATED}T00:00:00Z",
        "licenses": [{"name": "CC0-1.0", "path": "https://creativecommons.org/publicdomain/"
                      "zero/1.0/", "title": "CC0 1.0"}],
        "sources": [{"title": "bench/release.py (synthetic)", "path": "https://example.org/"}],
        "contributors": [{"title": "jjm-opendata benchmark (synthetic)", "role": "author"}],
        "keywords": ["synthetic", "benchmark"],
        "temporalCoverage": {"start": "2016-04-01", "end": CREATED},
        "spatialCoverage": "India (synthetic villages in real districts)",
        "resources": [
            _resource("villages", "Villages", VILLAGE_FIELDS, ["village_code"],
                      aggregate="district",
                      rules=[{"rule": "at-most", "field": "households_with_tap",
                              "limit": "households"}],
                      schema={"foreignKeys": [{"fields": "lgd_block_code", "reference": {
                          "resource": "blocks", "fields": "lgd_block_code"}}],
                          "externalForeignKeys": [_external("lgd_state_code", "states"),
                                                  _external("lgd_district_code",
                                                            "districts")]}),
            _resource("blocks", "Blocks", BLOCK_FIELDS, ["lgd_block_code"],
                      schema={"externalForeignKeys": [_external("lgd_district_code",
                                                                "districts")]}),
            _resource("state_monthly", "Monthly State snapshots", MONTHLY_FIELDS,
                      ["lgd_state_code", "month"],
                      rules=[{"rule": "at-most", "field": "households_with_tap",
                              "limit": "households"},
                             {"rule": "percent-of", "field": "with_tap_pct",
                              "part": "households_with_tap", "whole": "households"}],
                      schema={"foreignKeys": [{"fields": "source_id", "reference": {
                          "resource": "sources", "fields": "source_id"}}],
                          "externalForeignKeys": [_external("lgd_state_code", "states")]}),
            _resource("sources", "Sources", SOURCE_FIELDS, ["source_id"]),
        ],
    }


TAGS = ["coverage", "mission-history", "parliament", "sector-partners"]


def write_content(target: Path, count: int, rng: random.Random) -> None:
    """content/ without the real updates, plus `count` synthetic update posts."""
    shutil.copytree(REPO / "content", target, ignore=lambda folder, names: [
        n for n in names if Path(folder).name == "updates" and n.endswith(".md")])
    updates = target / "updates"
    updates.mkdir(exist_ok=True)
    for number in range(1, count + 1):
        day = _day(rng.randrange(730))
        month = f"2025-{1 + number % 12:02d}"
        state = rng.choice([9, 27, 28, 33, 10])
        tags = sorted(rng.sample(TAGS, rng.randint(1, 2)))
        source = 1 + number % 9
        paragraphs = "\n\n".join(
            f"Paragraph {p + 1} of a synthetic post: the figures below are invented for the "
            f"benchmark and describe no real place. " * 3 for p in range(rng.randint(2, 5)))
        (updates / f"{day}-synthetic-update-{number:03d}.md").write_text(
            "---\n"
            f'title: "Synthetic update {number:03d} (benchmark, not real)"\n'
            f"date: {day}\n"
            f"summary: A synthetic post of the benchmark release; its figures are invented.\n"
            f"tags: [{', '.join(tags)}]\n"
            f"datasets: [{PACKAGE}]\n"
            "sources:\n"
            f"  - name: Synthetic monthly report {source:02d} (benchmark, not real data)\n"
            "    publisher: Synthetic Publisher\n"
            f"    date: 2025-{source:02d}-01\n"
            f"    url: https://example.org/bench/report-{source:02d}\n"
            f"    id: {PACKAGE}/B{source:02d}\n"
            "---\n\n"
            f"In the synthetic release, "
            f"[[fig {PACKAGE}/state_monthly[lgd_state_code={state}, month={month}]"
            f".with_tap_pct]] of rural households of State {state} had a tap in {month}.\n\n"
            f"{paragraphs}\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    """Write the release into the folder named on the command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--villages", type=int, default=Scale.villages)
    parser.add_argument("--updates", type=int, default=Scale.updates)
    args = parser.parse_args(argv)
    write_release(args.folder, args.seed, Scale(villages=args.villages, updates=args.updates))
    print(f"wrote {args.folder}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
