"""The published datasets are exactly what scripts/curate.py makes of the shared sources."""

from __future__ import annotations

import csv
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SCRIPT = REPO / "scripts" / "curate.py"
DATASETS = REPO / "datasets"
SOURCES = REPO.parent / "shared" / "data-sources"
sys.path.insert(0, str(REPO / "scripts"))  # the transcribed round-2 rows (round_2_*.py)
PACKAGES = ["admin-codes", "jjm-coverage", "sector-partners", "livelihoods", "water-quality"]
GROWING = {("sector-partners", "organisations.csv"), ("sector-partners", "sources.csv")}


def generated_files(folder: Path) -> set[Path]:
    """The files curate.py writes in a package folder (CSVs and the descriptor)."""
    return {path.relative_to(folder.parent) for path in folder.glob("*.csv")} | {
        (folder / "datapackage.json").relative_to(folder.parent)
    }


def read_rows(path: Path) -> list[dict[str, str]]:
    """Read a CSV into row dicts of strings."""
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def find_row(rows: list[dict[str, str]], **match: str) -> dict[str, str]:
    """Return the single row whose cells equal ``match``."""
    found = [row for row in rows if all(row[key] == value for key, value in match.items())]
    assert len(found) == 1, f"expected one row matching {match}, found {len(found)}"
    return found[0]


def dataset(package: str, resource: str) -> list[dict[str, str]]:
    """Rows of a published resource."""
    return read_rows(DATASETS / package / f"{resource}.csv")


def test_curate_reproduces_committed_datasets(tmp_path: Path) -> None:
    """Re-running the curation script gives byte-identical files, and no extra or stale ones."""
    if not SOURCES.is_dir():
        pytest.skip(f"shared sources not available at {SOURCES}; cannot re-run the curation")
    subprocess.run(
        [sys.executable, str(SCRIPT), "--sources", str(SOURCES), "--out", str(tmp_path)],
        check=True, capture_output=True, text=True,
    )
    for package in PACKAGES:
        fresh = generated_files(tmp_path / package)
        committed = generated_files(DATASETS / package)
        assert fresh == committed, f"{package}: file sets differ"
        for relative in sorted(fresh):
            curated, published = (tmp_path / relative).read_bytes(), (DATASETS / relative).read_bytes()
            if (package, relative.name) in GROWING:
                # Rows may be added by hand below the curated seed rows, never above or within.
                assert published.startswith(curated), f"{relative}: the seed rows were changed"
            else:
                assert curated == published, (
                    f"{relative} differs from what scripts/curate.py writes; re-run it"
                )


@pytest.mark.parametrize(
    ("package", "resource", "match", "column", "expected"),
    [
        ("jjm-coverage", "national_timeseries", {"as_of": "2026-03-03", "source_id": "S30"},
         "hh_with_tap_pct", "81.71"),
        ("jjm-coverage", "national_timeseries", {"as_of": "2026-03-03", "source_id": "S30"},
         "hh_with_tap_crore", "15.82"),
        ("jjm-coverage", "national_timeseries", {"as_of": "2019-08-15", "source_id": "S10"},
         "hh_with_tap_crore", "3.23"),
        ("jjm-coverage", "national_timeseries", {"as_of": "2019-08-15", "source_id": "S10"},
         "hh_with_tap_pct", "17"),
        ("jjm-coverage", "state_coverage", {"as_of": "2025-12-04", "lgd_state_code": "20"},
         "hh_tap_as_of_lakh", ""),
        ("jjm-coverage", "state_coverage", {"as_of": "2024-07-25", "lgd_state_code": "10"},
         "hh_tap_on_2019_08_15_pct", "1.90"),
        ("jjm-coverage", "sources", {"source_id": "S27"}, "date_published", "2025-12-04"),
        ("jjm-coverage", "sources", {"source_id": "S27"}, "date_published_note",
         "year inferred"),
        ("sector-partners", "programme_facts", {"fact": "applications_received"},
         "value", "330"),
        ("sector-partners", "programme_facts", {"fact": "applicants_shortlisted"},
         "value", "175"),
        ("sector-partners", "programme_facts", {"fact": "sector_partners_partnered"},
         "value", "212"),
        ("livelihoods", "jkrlm_figures", {"source_id": "L12", "metric": "women_in_shgs"},
         "value", "725000"),
        ("livelihoods", "jkrlm_figures", {"source_id": "L12", "metric": "shgs"},
         "value", "87000"),
    ],
)
def test_key_figures(
    package: str, resource: str, match: dict[str, str], column: str, expected: str
) -> None:
    """Key figures are published exactly as the source printed them."""
    assert find_row(dataset(package, resource), **match)[column] == expected


def test_kerala_absent_from_december_2025_table() -> None:
    """Kerala (LGD 32) was cut off in the stored copy and is not filled from another date."""
    rows = dataset("jjm-coverage", "state_coverage")
    december = [row for row in rows if row["as_of"] == "2025-12-04"]
    assert len(december) == 33
    assert all(row["date_inferred"] == "true" for row in december)
    assert "32" not in {row["lgd_state_code"] for row in december}


def test_jharkhand_december_2025_row_is_partial() -> None:
    """Only total and baseline are visible for Jharkhand; the rest stays blank."""
    row = find_row(dataset("jjm-coverage", "state_coverage"),
                   as_of="2025-12-04", lgd_state_code="20")
    assert (row["total_rural_hh_lakh"], row["hh_tap_on_2019_08_15_lakh"]) == ("62.53", "3.45")
    assert row["hh_added_since_2019_08_lakh"] == row["hh_tap_as_of_pct"] == ""


def test_facts_brief_rows_cite_their_public_sources() -> None:
    """Rows from the three news items behind the facts brief cite their public copies."""
    shortlisted = find_row(dataset("sector-partners", "programme_facts"),
                           fact="applicants_shortlisted")
    assert (shortlisted["source_id"], shortlisted["date"]) == ("P09", "2021-05-14")
    assert "news report" in shortlisted["date_note"]
    p09 = find_row(dataset("sector-partners", "sources"), source_id="P09")
    assert p09["url"].startswith("https://indiapressrelease.com/")
    assert "cut before" in p09["note"]
    npa = find_row(dataset("livelihoods", "jkrlm_figures"), source_id="L12",
                   metric="npa_rate_pct")
    assert (npa["value"], npa["qualifier"], npa["as_of"]) == ("1", "below", "2023-12-28")
    l12 = find_row(dataset("livelihoods", "sources"), source_id="L12")
    assert (l12["date_published"], l12["url"]) == ("2023-12-28", "")
    assert "No URL is recorded" in l12["note"]


# A source names what the public can open or look up, never a file or note of this project.
PRIVATE = re.compile(r"PROVENANCE|facts brief|mission-facts|CURATION\.md|data-sources|"
                     r"datasets/|\.\./|/work/|file:|\bsee [\w./-]+\.(?:md|csv|txt)\b",
                     re.IGNORECASE)


def source_registries() -> list[tuple[str, list[dict[str, str]]]]:
    """Every package's sources.csv in datasets/, with its rows."""
    return [(str(path.relative_to(DATASETS)), read_rows(path))
            for path in sorted(DATASETS.glob("*/sources.csv"))]


def test_sources_name_nothing_of_ours() -> None:
    """No source row, nor a descriptor's sources list, points at a file or note of ours."""
    registries = source_registries()
    assert {name.split("/")[0] for name, _ in registries} == set(PACKAGES) - {"admin-codes"}
    for name, rows in registries:
        for row in rows:
            for column, value in row.items():
                assert not PRIVATE.search(value), (name, row["source_id"], column, value)
    for descriptor in sorted(DATASETS.glob("*/datapackage.json")):
        package = json.loads(descriptor.read_text(encoding="utf-8"))
        for entry in package["sources"]:
            for value in entry.values():
                assert not PRIVATE.search(value), (descriptor.name, value)


def test_every_source_has_a_url_or_says_why_not() -> None:
    """A source row without a URL says in its note that none is recorded, and why."""
    for name, rows in source_registries():
        for row in rows:
            assert row["url"].startswith(("http://", "https://")) or (
                row["url"] == "" and re.search(r"\bno URL\b", row["note"], re.IGNORECASE)
            ), (name, row["source_id"], row["url"], row["note"])


@pytest.mark.parametrize(
    ("package", "resource", "source_file", "key"),
    [
        ("jjm-coverage", "national_timeseries", "jjm-coverage/national_timeseries.csv",
         ["as_of", "source_id"]),
        ("jjm-coverage", "state_coverage", "jjm-coverage/state_coverage.csv",
         ["as_of", "lgd_state_code"]),
        ("livelihoods", "day_nrlm_national", "livelihoods/day_nrlm_national.csv",
         ["as_of", "metric"]),
    ],
)
def test_copied_cells_equal_source_strings(
    package: str, resource: str, source_file: str, key: list[str]
) -> None:
    """Every cell of a copied table equals the shared source string, column by column."""
    if not SOURCES.is_dir():
        pytest.skip(f"shared sources not available at {SOURCES}")
    source = {tuple(row[k] for k in key): row for row in read_rows(SOURCES / source_file)}
    published = [row for row in dataset(package, resource)
                 if row["source_id"] not in ROUND_2_SOURCES]
    assert len(published) == len(source)
    for row in published:
        original = source[tuple(row[k] for k in key)]
        for column, value in original.items():
            assert row[column] == value, (resource, column, value, row[column])


# The sources of the national time points of round-2 (02_state_and_national_coverage.md, A).
ROUND_2_SOURCES = {f"S{number}" for number in range(36, 66)}


def test_round_2_national_time_points() -> None:
    """The 32 time points of round-2 are rows of their own, each with its own source row."""
    rows = dataset("jjm-coverage", "national_timeseries")
    added = [row for row in rows if row["source_id"] in ROUND_2_SOURCES]
    assert len(added) == 32
    assert {row["source_id"] for row in added} == ROUND_2_SOURCES
    sources = {row["source_id"] for row in dataset("jjm-coverage", "sources")}
    assert ROUND_2_SOURCES <= sources
    keys = [(row["as_of"], row["source_id"]) for row in rows]
    assert len(keys) == len(set(keys))


def test_two_sources_for_one_date_are_both_kept() -> None:
    """February 2022 and the launch date each have two rows with different figures."""
    rows = dataset("jjm-coverage", "national_timeseries")
    february = {row["source_id"]: row["hh_with_tap_crore"] for row in rows
                if row["as_of"] == "2022-02"}
    assert february == {"S08": "8.95", "S48": "8.88"}
    launch = {row["source_id"]: (row["total_rural_hh_crore"], row["total_rural_hh_million"])
              for row in rows if row["as_of"] == "2019-08-15"}
    assert launch == {"S10": ("18.93", ""), "S51": ("", "192.7")}
    assert "treat with care" in find_row(rows, as_of="2019-08-15", source_id="S51")["note"]


def test_inferred_dates_and_doubts_are_in_the_data() -> None:
    """Undated figures carry date_inferred and a note; a unit slip stays blank, not fixed."""
    rows = dataset("jjm-coverage", "national_timeseries")
    inferred = {(row["as_of"], row["source_id"]) for row in rows
                if row["date_inferred"] == "true"}
    assert inferred == {("2021-07", "S44"), ("2021-12", "S47"), ("2022-02", "S48"),
                        ("2023-06-09", "S56"), ("2026-01-26", "S65")}
    for as_of, source_id in inferred:
        assert "inferred" in find_row(rows, as_of=as_of, source_id=source_id)["note"].lower()
    slip = find_row(rows, as_of="2025-07-16", source_id="S64")
    assert (slip["hh_with_tap_crore"], slip["hh_with_tap_pct"]) == ("", "80.93")
    assert "156.7 Crore" in slip["note"]
    assert (slip["total_rural_hh_million"], slip["hh_added_since_launch_million"]) == \
        ("193.6", "124.3")


# --- round 2, issue 17: the partner directory ---------------------------------------------------
def registry(package: str) -> dict[str, dict[str, str]]:
    """A package's sources by id."""
    return {row["source_id"]: row for row in dataset(package, "sources")}


def test_directory_grew_with_round_2_organisations_only_from_public_sources() -> None:
    """29 organisations (4 first-pass + 25 of round-2 §A), each citing sources with an address."""
    rows = dataset("sector-partners", "organisations")
    assert len(rows) == 29
    assert [row["organisation_id"] for row in rows[:4]] == [
        "tata-trusts", "unops", "aas-indore", "arghyam"]
    sources = registry("sector-partners")
    cited = set()
    for row in rows:
        for column in ("source_id", "other_source_id"):
            if row[column]:
                assert sources[row[column]]["url"].startswith("https://"), (row, column)
                cited.add(row[column])
    assert {f"P{n}" for n in range(10, 37)} <= set(sources)
    # Every round-2 source is cited by an organisation or by a role term.
    roles = [row for row in dataset("sector-partners", "vocabulary")
             if row["category"] == "documented_role"]
    cited |= {row[k] for row in roles for k in ("source_id", "other_source_id") if row[k]}
    assert {f"P{n}" for n in range(10, 37)} <= cited


def test_roles_are_vocabulary_terms_and_never_claim_sector_partner() -> None:
    """Each role is a documented_role term; no row calls an organisation a sector partner."""
    terms = {row["term"] for row in dataset("sector-partners", "vocabulary")
             if row["category"] == "documented_role"}
    assert {"Key Resource Centre", "Implementation Support Agency", "State MoU",
            "technical assistance", "CSR", "knowledge partner"} <= terms
    for row in dataset("sector-partners", "organisations"):
        assert row["role"] and set(row["role"].split("; ")) <= terms, row["organisation_id"]
        text = " ".join([row["relationship_as_described"], row["role"]]).lower()
        assert "sector partner" not in text, row["organisation_id"]
    descriptor = json.loads((DATASETS / "sector-partners" / "datapackage.json").read_text())
    organisations = next(r for r in descriptor["resources"] if r["name"] == "organisations")
    assert "none of the sources cited calls" in organisations["description"]


def test_weak_links_and_false_positives_stay_out() -> None:
    """Rows the round-2 notes mark as weak, unverifiable or false positives are not published."""
    text = (DATASETS / "sector-partners" / "organisations.csv").read_text(encoding="utf-8")
    for name in ("Reckitt", "Mission Paani", "Water For People", "Rajasthan Human Care",
                 "Hinduja", "Jal Jeevan Dhara", "Ipsos"):
        assert name not in text, name
    names = [row["organisation"] for row in dataset("sector-partners", "organisations")]
    assert not any("NCVET" in name for name in names)  # the course's regulator, not a row


# --- round 2, issue 17: State/UT figures at more dates ---------------------------------------
def test_state_timepoints_keep_every_row_of_the_note_with_its_source() -> None:
    """63 figures of §B; the 17 States of 3 Nov 2020; doubts and inferred dates in the data."""
    rows = dataset("jjm-coverage", "state_timepoints")
    assert len(rows) == 63
    ranking = [row for row in rows if row["as_of"] == "2020-11-03"]
    assert len(ranking) == 17 and {row["source_id"] for row in ranking} == {"S37"}
    assert find_row(rows, as_of="2020-11-03", state_name="Telangana")["value"] == "69.56"
    sources = registry("jjm-coverage")
    assert all(sources[row["source_id"]]["url"].startswith("http") for row in rows)
    unclear = [row for row in rows if row["metric"] == "pct_rural_hh_tap_metric_unclear"]
    assert len(unclear) == 5 and all(row["caveat"] and row["date_inferred"] == "true"
                                     for row in unclear)
    for row in rows:
        if row["date_inferred"] == "true":
            assert "collector" in row["note"] or "inferred" in row["note"], row
    odisha = find_row(rows, as_of="2019-08-15", state_name="Odisha", metric="hh_with_tap_lakh")
    assert odisha["value"] == "3.10"  # the printed precision
    lakshadweep = find_row(rows, state_name="Lakshadweep")
    assert (lakshadweep["value"], "zero per cent" in lakshadweep["note"]) == ("0", True)
    assert all(row["value"] != "" for row in rows)


# --- round 2, issue 17: the water-quality package -------------------------------------------
def test_water_quality_rows_match_the_note() -> None:
    """The counts and key figures of 04_water_quality_hgj.md, every row with a public source."""
    counts = {"national_labs": 7, "national_testing": 8, "state_labs": 29,
              "functionality_assessments": 3, "state_figures": 9, "sources": 20}
    for resource, expected in counts.items():
        assert len(dataset("water-quality", resource)) == expected, resource
    sources = registry("water-quality")
    assert all(row["url"].startswith("https://") for row in sources.values())
    for resource in counts:
        if resource != "sources":
            for row in dataset("water-quality", resource):
                assert row["source_id"] in sources, (resource, row)
    testing = find_row(dataset("water-quality", "national_testing"), as_of="2026-03-02")
    assert (testing["samples_tested_labs_lakh"], testing["samples_contaminated_lakh"]) == \
        ("63.96", "1.61")
    assert find_row(dataset("water-quality", "national_labs"), as_of="2026-02-09")[
        "labs_accredited"] == "1707"
    rounds = {row["assessment"]: (row["pct_hh_working_tap"], row["pct_hh_adequate_quantity"],
                                  row["pct_hh_regular_supply"], row["pct_hh_potable_water"])
              for row in dataset("water-quality", "functionality_assessments")}
    assert rounds == {"2020-21": ("94", "83.5", "87.2", "61.3"), "2022": ("86", "85", "80", "87"),
                      "2024": ("86.5", "80.2", "83.6", "76")}


def test_state_labs_place_only_what_the_copy_allows() -> None:
    """A row with fewer than five printed numbers keeps its columns blank (never 0 or a guess)."""
    parts = ["labs_state", "labs_district", "labs_block_subdivision", "labs_mobile"]
    rows = dataset("water-quality", "state_labs")
    for row in rows:
        printed = row["numbers_as_printed"].split()
        assert row["labs_total"] == printed[-1]
        if len(printed) == 5:
            assert row["columns_placed"] == "true" and [row[p] for p in parts] == printed[:4]
        else:
            assert row["columns_placed"] == "false" and all(row[p] == "" for p in parts)
    assert sum(row["columns_placed"] == "true" for row in rows) == 8
    assert all(row["date_inferred"] == "true" for row in rows)


def test_inferred_water_quality_dates_are_flagged_with_a_caveat() -> None:
    """Every undated figure has date_inferred and a caveat that says so (shown beside it)."""
    for resource in ("national_labs", "national_testing"):
        for row in dataset("water-quality", resource):
            if row["date_inferred"] == "true":
                assert "inferred" in row["caveat"].lower(), (resource, row["as_of"])


def test_water_quality_rules_are_declared_and_catch_a_broken_row(tmp_path: Path) -> None:
    """The real data passes the rules; one changed figure per rule is an error at its line."""
    from generator.validate import validate_paths

    descriptor = json.loads((DATASETS / "water-quality" / "datapackage.json").read_text())
    rules = {res["name"]: {(r["rule"], r["field"]) for r in res.get("rules", [])}
             for res in descriptor["resources"]}
    assert ("at-most", "labs_accredited") in rules["national_labs"]
    assert ("at-most", "samples_contaminated_lakh") in rules["national_testing"]
    assert ("sum-of", "labs_total") in rules["state_labs"]
    for folder in ("admin-codes", "water-quality"):
        shutil.copytree(DATASETS / folder, tmp_path / folder)
    assert validate_paths([tmp_path], tmp_path).valid
    labs = tmp_path / "water-quality" / "national_labs.csv"
    labs.write_text(labs.read_text().replace(",2870,1707,", ",1700,1707,"))
    state = tmp_path / "water-quality" / "state_labs.csv"
    state.write_text(state.read_text().replace(",1,17,30,1,49,", ",1,17,30,1,50,"))
    found = {(p.path.split("/")[-1], p.code) for p in validate_paths([tmp_path], tmp_path).errors}
    assert found == {("national_labs.csv", "exceeds-total"), ("state_labs.csv", "sum-inconsistent")}


# --- round 2, issue 17: district figures and Har Ghar Jal counts ------------------------------
def test_district_figures_have_lgd_codes_of_their_state_and_public_sources() -> None:
    """Every district row names an LGD district of its own State and a source with an address."""
    districts = {row["lgd_district_code"]: row for row in dataset("admin-codes", "districts")}
    sources = registry("jjm-coverage")
    rows = dataset("jjm-coverage", "district_figures")
    assert len(rows) == 83
    for row in rows:
        district = districts[row["lgd_district_code"]]
        assert district["lgd_state_code"] == row["lgd_state_code"], row
        assert sources[row["source_id"]]["url"].startswith("https://"), row
        assert row["value"] != ""
        if not row["as_of"]:
            assert row["as_of_note"], row  # an undated figure says so
    haryana = [row for row in rows if row["state_name"] == "Haryana"]
    assert len(haryana) == 12 and {row["value"] for row in haryana} == {"100"}
    burhanpur = find_row(rows, district_name_published="Burhanpur", metric="hh_with_tap",
                         as_of="2019-08-15")
    assert burhanpur["value"] == "37241"


def test_odisha_b1_district_rows_add_up_to_the_printed_total() -> None:
    """The eight DDP-block districts sum to the report's total row; each carries the caveat."""
    import round_2_districts

    rows = [row for row in dataset("jjm-coverage", "district_figures") if row["source_id"] == "S77"]
    assert len(rows) == 8 * 7
    for (metric, _printed), total in zip(round_2_districts.B1_METRICS,
                                         round_2_districts.ODISHA_B1_TOTAL, strict=True):
        assert sum(int(row["value"]) for row in rows if row["metric"] == metric) == int(total)
    assert all("DDP blocks only" in row["caveat"] for row in rows)


def test_har_ghar_jal_counts_keep_printed_units_and_certified_apart() -> None:
    """15 dated counts; thousand and lakh kept as printed; certified never above reported."""
    rows = dataset("jjm-coverage", "har_ghar_jal_counts")
    assert len(rows) == 15
    assert find_row(rows, as_of="2021-07-14")["villages"] == "100275"
    assert find_row(rows, as_of="2020-12-31")["villages_thousand"] == "65"
    assert find_row(rows, as_of="2021-10-01")["villages_lakh"] == "1.16"
    certified = [row for row in rows if row["villages_certified"] or row["villages_certified_lakh"]]
    assert [row["as_of"] for row in certified] == ["2022-07-20", "2022-07-25", "2024-08-06"]
    for row in certified:
        if row["villages"] and row["villages_certified"]:
            assert int(row["villages_certified"]) <= int(row["villages"])
    assert all(row["caveat"] for row in rows if row["date_inferred"] == "true")
