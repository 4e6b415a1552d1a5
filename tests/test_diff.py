"""The release diff: golden Markdown and JSON of a fixture, its rules, the CLI and git sides."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator.cli import main
from generator.diff import Snapshot, diff_snapshots, snapshot, to_dict
from generator.diff_anomalies import field_roles
from generator.diff_markdown import format_markdown
from generator.packages import Package, Resource
from generator.validate import validate_paths
from generator.validate.table import Table

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "fixtures" / "diff"
OLD, NEW = "tests/fixtures/diff/old", "tests/fixtures/diff/new"


def check_golden(path: Path, text: str) -> None:
    """Compare with a reviewed golden file; UPDATE_GOLDEN=1 rewrites it (review the diff)."""
    if os.environ.get("UPDATE_GOLDEN"):
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8")


def run_cli(args: list[str], capsys, monkeypatch, cwd: Path = ROOT) -> tuple[int, str, str]:
    """Run `opendata` in-process from `cwd`; exit code, stdout and stderr."""
    monkeypatch.chdir(cwd)
    code = main(args)
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture(scope="module")
def fixture_report() -> dict:
    """The JSON report of the fixture diff."""
    old = validate_paths([ROOT / OLD], ROOT)
    new = validate_paths([ROOT / NEW], ROOT)
    assert old.valid and new.valid
    return to_dict(diff_snapshots(snapshot(OLD, old), snapshot(NEW, new)))


def resource(report: dict, package: str, name: str) -> dict:
    """One resource of a JSON report."""
    found = next(p for p in report["packages"] if p["name"] == package)
    return next(r for r in found["resources"] if r["name"] == name)


def test_golden_markdown(capsys, monkeypatch):
    """`opendata diff old new` prints exactly the reviewed Markdown (UPDATE_GOLDEN=1)."""
    code, out, _ = run_cli(["diff", OLD, NEW], capsys, monkeypatch)
    assert code == 0
    check_golden(FIXTURE / "expected.md", out)


def test_golden_json(capsys, monkeypatch):
    """`opendata diff old new --json` prints exactly the reviewed JSON (UPDATE_GOLDEN=1)."""
    code, out, _ = run_cli(["diff", OLD, NEW, "--json"], capsys, monkeypatch)
    assert code == 0
    json.loads(out)
    check_golden(FIXTURE / "expected.json", out)


def test_packages_matched_by_name(fixture_report):
    """A package only in old is removed, only in new is added, in both is compared."""
    statuses = {p["name"]: p["status"] for p in fixture_report["packages"]}
    assert statuses == {"coverage": "changed", "legacy": "removed", "partners": "added"}
    coverage = next(p for p in fixture_report["packages"] if p["name"] == "coverage")
    assert coverage["version"] == {"old": "1.0.0", "new": "1.1.0"}
    assert coverage["created"] == {"old": "2026-01-01", "new": "2026-02-01"}
    assert coverage["metadata_changed"] == ["description"]
    assert [(r["name"], r["status"]) for r in coverage["resources"]] == [
        ("states", "changed"), ("national", "added"), ("sources", "unchanged")]


def test_rows_matched_by_primary_key(fixture_report):
    """Rows added, removed and changed by key, with lines and field-level before/after."""
    states = resource(fixture_report, "coverage", "states")
    assert [(a["line"], a["key"]) for a in states["rows_added"]] == [
        (6, {"as_of": "2025-07-01", "state_code": "1"}),
        (7, {"as_of": "2025-07-01", "state_code": "2"})]
    assert [(r["line"], r["key"]) for r in states["rows_removed"]] == [
        (6, {"as_of": "2025-01-01", "state_code": "5"})]
    assert states["rows_removed"][0]["values"]["remarks"] == "dropped later"
    changed = {(c["key"]["state_code"], x["field"]): (x["old"], x["new"])
               for c in states["rows_changed"] for x in c["changes"]}
    assert changed == {
        ("2", "total_hh"): ("2000", "1900"), ("2", "hh_with_tap_pct"): ("75.00", "78.95"),
        ("2", "balance_hh"): ("500", "400"), ("3", "hh_with_tap"): ("400", "380"),
        ("3", "hh_with_tap_pct"): ("50.00", "47.50"), ("3", "balance_hh"): ("400", "420"),
        ("4", "hh_with_tap_pct"): ("50.00", "")}
    # Fields added or removed are schema changes, not a change in every row.
    assert not any(f in ("note", "remarks") for _, f in changed)


def test_schema_changes(fixture_report):
    """Fields added, removed, retyped and re-constrained."""
    states = resource(fixture_report, "coverage", "states")
    assert [(s["change"], s["field"], s["old"], s["new"]) for s in states["schema_changes"]] == [
        ("constraints-changed", "hh_with_tap_pct", '{"minimum": 0}',
         '{"maximum": 100, "minimum": 0}'),
        ("field-retyped", "balance_hh", "integer", "number"),
        ("field-added", "note", None, "string"),
        ("field-removed", "remarks", "string", None)]


def test_each_anomaly_kind(fixture_report):
    """Every anomaly rule fires where the fixture plants it, and nowhere else."""
    states = resource(fixture_report, "coverage", "states")
    assert [(a["code"], a["line"], a["field"], a["old"], a["new"])
            for a in states["anomalies"]] == [
        ("total-down", 3, "total_hh", "2000", "1900"),             # a total shrinking
        ("households-down", 4, "hh_with_tap", "400", "380"),       # revised in the same row
        ("coverage-down", 4, "hh_with_tap_pct", "50.00", "47.50"),
        ("now-not-reported", 5, "hh_with_tap_pct", "50.00", ""),   # a figure turning blank
        ("exceeds-total", 6, "hh_with_tap", None, "1100"),         # a count above its total
        ("households-down", 7, "hh_with_tap", "1500", "1400"),     # below the earlier snapshot
        ("coverage-down", 7, "hh_with_tap_pct", "78.95", "73.68")]
    assert states["anomalies"][-1]["label"] == "Beta"
    assert fixture_report["summary"]["anomalies"] == 7


def _side(label: str, fields: list[dict], rows: list[list[str]], key: list[str],
          **extra: object) -> Snapshot:
    """A one-resource snapshot built in memory."""
    descriptor = {"name": "t", "path": "t.csv", "schema": {"fields": fields, "primaryKey": key},
                  **extra}
    res = Resource("t", "t.csv", None, "p/t.csv", descriptor)
    package = Package("p", Path("p"), "p", {"name": "p", "version": "1.0.0"}, (res,))
    header = [f["name"] for f in fields]
    table = Table(header, rows, list(range(1, len(rows) + 2)), False)
    return Snapshot(label, (package,), {("p", "t"): table})


def test_numbers_compared_as_decimals_strings_as_published():
    """'9' -> '10' is up (a string comparison would call it down); '75.00' -> '75' is a change
    of the published string but not a fall."""
    fields = [{"name": "id", "type": "integer"},
              {"name": "hh_with_tap", "type": "integer", "unit": "households"},
              {"name": "pct", "type": "number", "unit": "percent"}]
    old = _side("a", fields, [["1", "9", "75.00"]], ["id"])
    new = _side("b", fields, [["1", "10", "75"]], ["id"])
    report = to_dict(diff_snapshots(old, new))
    res = report["packages"][0]["resources"][0]
    assert [x["field"] for x in res["rows_changed"][0]["changes"]] == ["hh_with_tap", "pct"]
    assert res["anomalies"] == []


def test_declared_at_most_rule_of_warning_severity_is_an_anomaly():
    """A count above its total under an `at-most` warning rule; one already above is not new."""
    fields = [{"name": "id", "type": "integer"}, {"name": "part", "type": "integer"},
              {"name": "whole", "type": "integer"}]
    rules = [{"rule": "at-most", "field": "part", "limit": "whole", "severity": "warning"}]
    old = _side("a", fields, [["1", "5", "10"], ["2", "12", "10"]], ["id"], rules=rules)
    new = _side("b", fields, [["1", "11", "10"], ["2", "13", "10"]], ["id"], rules=rules)
    res = to_dict(diff_snapshots(old, new))["packages"][0]["resources"][0]
    assert [(a["code"], a["key"]) for a in res["anomalies"]] == [("exceeds-total", {"id": "1"})]


def test_roles_of_the_real_coverage_fields():
    """The role rules read the real schemas as intended: balances have no role."""
    result = validate_paths([ROOT / "datasets" / "jjm-coverage"], ROOT)
    package = result.packages[0]
    assert field_roles(package.resource("state_coverage")) == {
        "total_rural_hh_lakh": "total", "hh_tap_on_2019_08_15_lakh": "households",
        "hh_tap_on_2019_08_15_pct": "coverage", "hh_added_since_2019_08_lakh": "households",
        "hh_added_since_2019_08_pct": "coverage", "hh_tap_as_of_lakh": "households",
        "hh_tap_as_of_pct": "coverage"}
    snapshot_roles = field_roles(package.resource("jjm_imis_j23_snapshot"))
    assert snapshot_roles == {"total_rural_hh": "total", "hh_with_tap_as_on_date": "households"}


def test_real_data_against_itself_has_no_difference():
    """The bundled datasets diffed with themselves: every package unchanged, nothing flagged."""
    result = validate_paths([ROOT / "datasets"], ROOT)
    d = diff_snapshots(snapshot("a", result), snapshot("b", result))
    assert {p.status for p in d.packages} == {"unchanged"}
    assert "No differences" in format_markdown(d)


def test_a_first_release_counts_a_large_tables_rows_without_building_them():
    """Against nothing (a first release), a table read column-wise is counted from its frame:
    building 600,000 rows as lists only to count them took 2 s a language (issue 18)."""
    import polars as pl

    from generator.validate.fast import ColumnTable

    fields = [{"name": "id", "type": "integer"}]
    side = _side("b", fields, [], ["id"])
    table = ColumnTable(["id"], pl.DataFrame({"id": ["1", "2", "3"]}), [1, 2, 3, 4])
    side = Snapshot("b", side.packages, {("p", "t"): table})
    found = diff_snapshots(Snapshot("", (), {}), side).packages[0].resources[0]
    assert (found.status, found.rows_new, found.rows_added) == ("added", 3, 3)
    assert table._rows is None  # never built


def test_markdown_escapes_values_from_data():
    """A cell with Markdown or HTML in it stays inert text; a blank reads 'not reported'."""
    fields = [{"name": "id", "type": "integer"}, {"name": "title", "type": "string"}]
    old = _side("a", fields, [["1", "plain"], ["2", "x"]], ["id"])
    new = _side("b", fields, [["1", "<script>x</script> | [a](javascript:b)"], ["2", ""]], ["id"])
    text = format_markdown(diff_snapshots(old, new))
    assert "<script>" not in text
    assert "&lt;script&gt;x&lt;/script&gt; \\| \\[a\\]\\(javascript:b\\)" in text
    assert "<em>not reported</em>" in text


def test_markdown_cuts_long_lists_with_a_count():
    """At most `limit` lines per table, then how many more (the JSON has them all)."""
    fields = [{"name": "id", "type": "integer"}]
    old = _side("a", fields, [], ["id"])
    new = _side("b", fields, [[str(i)] for i in range(5)], ["id"])
    text = format_markdown(diff_snapshots(old, new), limit=2)
    assert "… and 3 more lines (`opendata diff --json` lists them all)." in text


# The command line, as a user runs it.

def cli(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    """Run `python -m generator.cli` in a subprocess."""
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}
    return subprocess.run([sys.executable, "-m", "generator.cli", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, check=False)


def test_cli_diff_folders_exit_0(tmp_path):
    """Two folders: exit 0 and the report on standard output."""
    done = cli("diff", str(ROOT / OLD), str(ROOT / NEW), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "## Anomalies worth a look" in done.stdout
    assert "| exceeds-total | coverage/states.csv | 6 |" in done.stdout


def test_cli_diff_invalid_side_exit_1(tmp_path):
    """An invalid side: its problems are printed and nothing is compared."""
    bad = tmp_path / "bad"
    shutil.copytree(ROOT / NEW, bad)
    csv = bad / "coverage" / "states.csv"
    csv.write_text(csv.read_text().replace("2025-07-01,2,Beta,1900", "2025-07-01,2,Beta,many"))
    done = cli("diff", str(ROOT / OLD), "bad", cwd=tmp_path)
    assert done.returncode == 1
    assert "bad/coverage/states.csv:7:total_hh: type-error" in done.stderr
    assert "diff refused" in done.stderr
    assert "Changes from" not in done.stdout


def test_cli_diff_missing_path_exit_2(tmp_path, capsys, monkeypatch):
    """A side that is neither a folder nor a revision, or no side at all, is a usage error."""
    done = cli("diff", "no-such-folder", str(ROOT / NEW), cwd=tmp_path)
    assert done.returncode == 2
    assert "no-such-folder: no such folder" in done.stderr
    code, _, err = run_cli(["diff", "--", "-x", str(ROOT / NEW)], capsys, monkeypatch, tmp_path)
    assert code == 2 and "expected a folder or a git revision" in err
    with pytest.raises(SystemExit) as exit_info:
        run_cli(["diff"], capsys, monkeypatch, tmp_path)
    assert exit_info.value.code == 2


def git(repo: Path, *args: str) -> str:
    """Run git in `repo`."""
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}
    return subprocess.run(["git", "-c", "commit.gpgsign=false", *args], cwd=repo, env=env,
                          check=True, capture_output=True, text=True).stdout


@pytest.fixture
def repo(tmp_path) -> Path:
    """A git repository whose datasets/ is the old fixture at v1.0.0 and the new one at HEAD."""
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    shutil.copytree(ROOT / OLD, repo / "datasets")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "old")
    git(repo, "tag", "v1.0.0")
    shutil.rmtree(repo / "datasets")
    shutil.copytree(ROOT / NEW, repo / "datasets")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "new")
    return repo


def test_cli_diff_git_revisions(repo):
    """Two revisions read with git archive give the same report as the two folders."""
    done = cli("diff", "v1.0.0", "HEAD", "--json", cwd=repo)
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["old"].startswith("v1.0.0 (") and report["new"].startswith("HEAD (")
    expected = json.loads((FIXTURE / "expected.json").read_text())
    assert report["packages"] == expected["packages"]
    assert report["summary"] == expected["summary"]


def test_cli_diff_working_tree_leaves_the_checkout_alone(repo):
    """`HEAD working-tree` sees an uncommitted edit; the work tree and index stay as they were."""
    states = repo / "datasets" / "coverage" / "states.csv"
    states.write_text(states.read_text().replace("Gamma,800,380", "Gamma,800,370"))
    before = git(repo, "status", "--porcelain"), git(repo, "stash", "list")
    done = cli("diff", "HEAD", "working-tree", "--json", cwd=repo)
    assert done.returncode == 0, done.stderr
    changes = resource(json.loads(done.stdout), "coverage", "states")["rows_changed"]
    assert changes[0]["changes"] == [{"field": "hh_with_tap", "old": "380", "new": "370"}]
    assert (git(repo, "status", "--porcelain"), git(repo, "stash", "list")) == before
    assert "370" in states.read_text()


def test_cli_diff_invalid_revision_problems_name_the_revision(repo):
    """Problems in a revision are shown at 'REV:datasets/...'; exit 1."""
    states = repo / "datasets" / "coverage" / "states.csv"
    states.write_text(states.read_text().replace("2025-07-01,2,Beta,1900", "2025-07-01,2,Beta,x"))
    git(repo, "commit", "-q", "-am", "broken")
    done = cli("diff", "v1.0.0", "HEAD", cwd=repo)
    assert done.returncode == 1
    assert "HEAD:datasets/coverage/states.csv:7:total_hh: type-error" in done.stderr


def test_cli_diff_revision_without_datasets_exit_2(repo):
    """A revision that has no datasets/ folder is a usage error."""
    git(repo, "rm", "-r", "-q", "datasets")
    git(repo, "commit", "-q", "-m", "no data")
    done = cli("diff", "HEAD", "v1.0.0", cwd=repo)
    assert done.returncode == 2
    assert "has no datasets/ folder" in done.stderr
