"""The bad-input corpus: the valid base fixture with one thing broken, and what validation says.

Each case copies `fixtures/validate/base/` (the package `jjm-coverage` and its sibling
`admin-codes`) into tmp_path, lays the case's committed files over it when the bad bytes are
the point (`fixtures/validate/<case>/`), or applies a small patch written here, then asserts
the exact (path, row, field, code) of every problem and the exit code of the real command.
Paths are relative to tmp_path, as `opendata validate` shows them when run there.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from generator.validate import UsageError, validate_paths

FIXTURES = Path(__file__).parent / "fixtures" / "validate"
PACKAGE = "jjm-coverage"
COV = "jjm-coverage/coverage.csv"
SRC = "jjm-coverage/sources.csv"
DESC = "jjm-coverage/datapackage.json"
# Any fetch the command tries goes to a closed local port and fails at once: a fetch then
# shows up as an unexpected problem instead of hanging or passing quietly.
OFFLINE = {"HTTP_PROXY": "http://127.0.0.1:9", "HTTPS_PROXY": "http://127.0.0.1:9",
           "http_proxy": "http://127.0.0.1:9", "https_proxy": "http://127.0.0.1:9",
           "NO_PROXY": "", "no_proxy": ""}

Patch = Callable[[Path], None]
Key = tuple[str, "int | None", "str | None", str]


# Patches: each returns a function that breaks one thing in the copied fixture.

def replace(file: str, old: str, new: str) -> Patch:
    """Replace the one occurrence of `old` in a text file."""
    def patch(root: Path) -> None:
        text = (root / file).read_text(encoding="utf-8")
        assert text.count(old) == 1, f"{old!r} must occur once in {file}"
        (root / file).write_text(text.replace(old, new), encoding="utf-8")
    return patch


def replace_bytes(file: str, old: bytes, new: bytes) -> Patch:
    """Replace the one occurrence of `old` in a file's bytes."""
    def patch(root: Path) -> None:
        data = (root / file).read_bytes()
        assert data.count(old) == 1, f"{old!r} must occur once in {file}"
        (root / file).write_bytes(data.replace(old, new))
    return patch


def append(file: str, text: str) -> Patch:
    """Add rows at the end of a CSV."""
    def patch(root: Path) -> None:
        with (root / file).open("a", encoding="utf-8", newline="") as handle:
            handle.write(text)
    return patch


def edit(change: Callable[[dict], object]) -> Patch:
    """Change the jjm-coverage descriptor as a JSON object."""
    def patch(root: Path) -> None:
        descriptor = json.loads((root / DESC).read_text(encoding="utf-8"))
        change(descriptor)
        (root / DESC).write_text(json.dumps(descriptor, indent=2), encoding="utf-8")
    return patch


def coverage(descriptor: dict) -> dict:
    """The `coverage` resource of a descriptor."""
    return descriptor["resources"][1]


def field(descriptor: dict, name: str) -> dict:
    """A field of the `coverage` or `sources` schema."""
    return next(f for r in descriptor["resources"] for f in r["schema"]["fields"]
                if f["name"] == name)


def symlink_out(root: Path) -> None:
    """coverage.csv becomes a link to a file outside the package."""
    (root / "outside.csv").write_text((root / COV).read_text(encoding="utf-8"), encoding="utf-8")
    (root / COV).unlink()
    (root / COV).symlink_to(root / "outside.csv")


def huge_line(root: Path) -> None:
    """A single line of 140,000 bytes: a note pasted with a whole web page in it."""
    append(SRC, "S26,Long note,report,2024-06," + "x" * 140_000 + "\n")(root)


def many_bad_rows(root: Path) -> None:
    """1,500 rows with 'n/a' for a number, on lines 7 to 1506."""
    first = dt.date(2020, 1, 1)
    rows = "".join(f"30,{first + dt.timedelta(days=i)},2.63,2.63,1.65,0.98,n/a,S24\n"
                   for i in range(1500))
    append(COV, rows)(root)


def crlf(root: Path) -> None:
    """Windows line endings (valid CSV)."""
    data = (root / COV).read_bytes()
    (root / COV).write_bytes(data.replace(b"\n", b"\r\n"))


def semicolons(root: Path) -> None:
    """coverage.csv separated by semicolons, as its dialect says (no cell holds a comma)."""
    (root / COV).write_text((root / COV).read_text(encoding="utf-8").replace(",", ";"),
                            encoding="utf-8")
    edit(lambda d: coverage(d).update(dialect={"delimiter": ";"}))(root)


def semicolons_nested(root: Path) -> None:
    """The same in frictionless' nested form, as `frictionless describe` writes it."""
    semicolons(root)
    edit(lambda d: coverage(d).update(dialect={"csv": {"delimiter": ";"}}))(root)


def declared_stats(root: Path) -> None:
    """The right bytes and sha256 of coverage.csv in its resource."""
    data = (root / COV).read_bytes()
    edit(lambda d: coverage(d).update(bytes=len(data),
                                      hash="sha256:" + hashlib.sha256(data).hexdigest()))(root)


def formula_header(root: Path) -> None:
    """The `note` column of sources.csv renamed, in the file and the schema, to a formula."""
    replace(SRC, "source_id,title,kind,published,note", "source_id,title,kind,published,=1+2")(
        root)
    edit(lambda d: field(d, "note").update(name="=1+2"))(root)


def drafts_folder(root: Path) -> None:
    """A folder beside the packages without a datapackage.json."""
    (root / "drafts").mkdir()
    (root / "drafts" / "notes.csv").write_text("a\n1\n", encoding="utf-8")


def descriptor_bom(root: Path) -> None:
    """The descriptor saved with a byte-order mark."""
    (root / DESC).write_bytes(b"\xef\xbb\xbf" + (root / DESC).read_bytes())


def no_patch(root: Path) -> None:
    """The case's committed files are the whole change."""


@dataclass(frozen=True)
class Case:
    """One bad input: what it breaks, the problems expected and the command's exit code."""

    name: str
    expected: list[Key]
    exit_code: int
    patch: Patch = no_patch
    args: tuple[str, ...] = (PACKAGE,)


TYPE_ERRORS = [(COV, line, "hh_tap_pct", "type-error") for line in range(7, 1507)]

CASES = [
    Case("base", [], 0),
    # Bytes and CSV syntax (committed files under fixtures/validate/<case>/).
    Case("ragged-rows", [(COV, 2, "source_id", "missing-cell"), (COV, 3, None, "extra-cell")], 1),
    Case("unclosed-quote", [(SRC, 3, None, "csv-syntax-error")], 1),
    Case("latin1", [(SRC, 2, None, "encoding-error")], 1),
    Case("bom", [(COV, 1, None, "encoding-bom")], 1),
    Case("empty-file", [(COV, None, None, "empty-file")], 1),
    # A header without rows is a valid empty table: every schema check holds for no rows.
    Case("header-only", [], 0),
    Case("multiline-cell", [(SRC, 5, "kind", "constraint-error")], 1),
    Case("crlf", [], 0, crlf),
    Case("blank-row", [(COV, 3, None, "blank-row")], 1, replace(COV, "\n24,", "\n\n24,")),
    Case("huge-line", [(SRC, 4, None, "line-too-long")], 1, huge_line),
    # Every one of 1,500 errors is reported: nothing is capped.
    Case("many-errors", TYPE_ERRORS, 1, many_bad_rows),
    # The header.
    Case("renamed-column", [(COV, 1, "hh_tap_pct", "incorrect-label")], 1,
         replace(COV, "hh_tap_pct,", "hh_tap_percent,")),
    Case("extra-column", [(SRC, 1, "extra", "extra-label"), (SRC, 2, "extra", "missing-cell"),
                          (SRC, 3, "extra", "missing-cell")], 1,
         replace(SRC, "published,note", "published,note,extra")),
    # The descriptor.
    Case("missing-file", [(DESC, None, "resources[1].path", "file-not-found")], 1,
         lambda root: (root / COV).unlink()),
    Case("descriptor-json-error", [(DESC, 14, None, "descriptor-json-error")], 1,
         replace(DESC, '"keywords": ["water", "test"],', '"keywords": ["water", "test",],')),
    Case("descriptor-not-object", [(DESC, None, None, "descriptor-error")], 1,
         lambda root: (root / DESC).write_text('["jjm-coverage"]\n', encoding="utf-8")),
    Case("descriptor-latin1", [(DESC, 4, None, "encoding-error")], 1,
         replace_bytes(DESC, b"A small package", b"A small package \xb1")),
    # A BOM is reported, and the package is still checked.
    Case("descriptor-bom", [(DESC, 1, None, "encoding-bom")], 1, descriptor_bom),
    Case("unknown-field-type",
         [(DESC, None, "resources[1].schema.fields[6].type", "field-type-error")], 1,
         edit(lambda d: field(d, "hh_tap_pct").update(type="percentage"))),
    # frictionless would crash comparing each cell with a bound it cannot read.
    Case("unreadable-bound",
         [(DESC, None, "resources[1].schema.fields[6].constraints.maximum", "descriptor-error")],
         1, edit(lambda d: field(d, "hh_tap_pct")["constraints"].update(maximum="hundred"))),
    Case("duplicate-resource-names", [(DESC, None, "resources[1].name", "descriptor-error")], 1,
         edit(lambda d: coverage(d).update(name="sources"))),
    Case("missing-metadata", [(DESC, None, "licenses", "metadata-missing"),
                              (DESC, None, "title", "metadata-missing")], 1,
         edit(lambda d: (d.pop("licenses"), d.pop("title")))),
    Case("missing-sibling-package",
         [(DESC, None, "resources[1].schema.externalForeignKeys[0].reference.package",
           "foreign-package-missing")], 1,
         lambda root: shutil.rmtree(root / "admin-codes")),
    # Paths that leave the package or the machine.
    Case("remote-path", [(DESC, None, "resources[1].path", "remote-path")], 1,
         edit(lambda d: coverage(d).update(path="https://ejalshakti.gov.in/coverage.csv"))),
    Case("absolute-path", [(DESC, None, "resources[1].path", "unsafe-path")], 1,
         edit(lambda d: coverage(d).update(path="/etc/passwd"))),
    Case("parent-path", [(DESC, None, "resources[1].path", "unsafe-path")], 1,
         edit(lambda d: coverage(d).update(path="../admin-codes/states.csv"))),
    Case("symlink-escape", [(DESC, None, "resources[1].path", "unsafe-path")], 1, symlink_out),
    # A named pipe would block the first read for ever: refused without opening it.
    Case("resource-is-a-pipe", [(DESC, None, "resources[1].path", "not-a-file")], 1,
         lambda root: ((root / COV).unlink(), os.mkfifo(root / COV))),
    Case("schema-reference", [(DESC, None, "resources[1].schema", "descriptor-error")], 1,
         edit(lambda d: coverage(d).update(schema="https://example.org/coverage-schema.json"))),
    # Profiles are never fetched (frictionless would download them); they are plain metadata.
    Case("profile-urls", [], 0,
         edit(lambda d: (d.update(profile="https://example.org/package-profile.json"),
                         coverage(d).update(profile="https://example.org/resource-profile.json")))),
    Case("extra-remote-paths", [(DESC, None, "resources[1].extrapaths", "descriptor-error")], 1,
         edit(lambda d: coverage(d).update(extrapaths=["https://example.org/more.csv"]))),
    # Table Schema checks (frictionless), with physical lines.
    Case("duplicate-primary-key", [(COV, 7, "lgd_state_code+as_of", "primary-key")], 1,
         append(COV, "10,2024-07-25,166.30,159.37,3.16,156.21,95.83,S25\n")),
    Case("broken-foreign-key", [(COV, 5, "source_id", "foreign-key")], 1,
         replace(COV, "73.39,S25", "73.39,S52")),
    Case("broken-external-key", [(COV, 6, "lgd_state_code", "foreign-key")], 1,
         replace(COV, "\n30,", "\n99,")),
    Case("out-of-range", [(COV, 3, "hh_tap_pct", "constraint-error"),
                          (COV, 3, "hh_tap_pct", "percent-inconsistent")], 1,
         replace(COV, "100.00,", "104.2,")),
    Case("wrong-date-format", [(COV, 5, "as_of", "type-error")], 1,
         replace(COV, "28,2024-07-25", "28,25/07/2024")),
    Case("enum-violation", [(SRC, 3, "kind", "constraint-error")], 1,
         replace(SRC, ",parliament-answer,", ",website,")),
    Case("pattern-violation", [(SRC, 4, "source_id", "constraint-error")], 1,
         append(SRC, "s26,Press release,report,2024-06,\n")),
    Case("required-blank", [(SRC, 2, "title", "constraint-error")], 1,
         replace(SRC, "S24,Jal Jeevan Mission dashboard,", "S24,,")),
    # Our own checks.
    Case("formula-cells", [(SRC, 4, "title", "formula-injection"),
                           (SRC, 5, "title", "formula-injection"),
                           (SRC, 6, "note", "formula-injection"),
                           (SRC, 7, "note", "formula-injection")], 1,
         append(SRC, "S26,=SUM(A1),report,,\nS27,+91 98765 43210,report,,\n"
                     "S28,Command,report,,@cmd\nS29,Sum,report,,-2+3\n")),
    # Markup is data: the site escapes it when rendering.
    Case("html-in-cell", [], 0),
    Case("date-after-release", [(COV, 6, "as_of", "date-after-release"),
                                (SRC, 3, "published", "date-after-release")], 1,
         lambda root: (replace(COV, "30,2024-07-25", "30,2024-08-02")(root),
                       replace(SRC, "parliament-answer,2024-07,", "parliament-answer,2024-09,")(
                           root))),
    Case("exceeds-total", [(COV, 6, "hh_tap_lakh", "exceeds-total")], 1,
         replace(COV, "30,2024-07-25,2.63,", "30,2024-07-25,2.53,")),
    # Percent and sum rules warn: the data stays valid.
    Case("percent-inconsistent", [(COV, 2, "hh_tap_pct", "percent-inconsistent")], 0,
         replace(COV, "95.83", "59.83")),
    Case("sum-inconsistent", [(COV, 4, "hh_tap_lakh", "sum-inconsistent")], 0,
         replace(COV, "78.97", "79.87")),
    # Values that become paths or dates (issue 13): checked before anything is made of them.
    Case("version-is-a-path", [(DESC, None, "version", "descriptor-error")], 1,
         replace(DESC, '"version": "1.0.0"', '"version": "1.0.0/../../../../tmp/x"')),
    Case("version-not-semantic", [(DESC, None, "version", "descriptor-error")], 1,
         replace(DESC, '"version": "1.0.0"', '"version": "v1"')),
    Case("created-impossible-day", [(DESC, None, "created", "descriptor-error")], 1,
         replace(DESC, '"created": "2024-08-01T00:00:00Z"', '"created": "2024-02-30"')),
    Case("created-day-32", [(DESC, None, "created", "descriptor-error")], 1,
         replace(DESC, '"created": "2024-08-01T00:00:00Z"', '"created": "2024-12-32"')),
    Case("created-impossible-time", [(DESC, None, "created", "descriptor-error")], 1,
         replace(DESC, '"created": "2024-08-01T00:00:00Z"', '"created": "2024-08-01T24:61:00Z"')),
    Case("created-full-width-digits", [(DESC, None, "created", "descriptor-error")], 1,
         replace(DESC, '"created": "2024-08-01T00:00:00Z"',
                 '"created": "\uff12\uff10\uff12\uff14-08-01"')),
    Case("temporal-coverage-text", [(DESC, None, "temporalCoverage", "descriptor-error")], 1,
         edit(lambda d: d.update(temporalCoverage="2024-07-01/2024-07-25"))),
    Case("temporal-coverage-bad-date", [(DESC, None, "temporalCoverage.end", "descriptor-error")],
         1, edit(lambda d: d.update(temporalCoverage={"start": "2024-07-01", "end": "2024-07-32"}))),
    Case("temporal-coverage-valid", [], 0,
         edit(lambda d: d.update(temporalCoverage={"start": "2024-07-01", "end": "2024-07-25"}))),
    Case("external-key-reference-text",
         [(DESC, None, "resources[1].schema.externalForeignKeys[0].reference", "descriptor-error")],
         1, edit(lambda d: coverage(d)["schema"]["externalForeignKeys"][0].update(
             reference="admin-codes"))),
    Case("external-key-text",
         [(DESC, None, "resources[1].schema.externalForeignKeys[0]", "descriptor-error")], 1,
         edit(lambda d: coverage(d)["schema"].update(externalForeignKeys=["admin-codes"]))),
    Case("foreign-key-reference-text",
         [(DESC, None, "resources[1].schema.foreignKeys[0].reference", "descriptor-error")], 1,
         edit(lambda d: coverage(d)["schema"]["foreignKeys"][0].update(reference="sources"))),
    # Well-known text (WKT) is a Table Schema format of strings: checked, never a crash.
    Case("wkt-format", [], 0,
         lambda root: (edit(lambda d: field(d, "note").update(format="wkt"))(root),
                       replace(SRC, '"Figures as shown on the dashboard on 25 July 2024, rounded '
                                    'to two decimals."', '"POINT (77.2 28.6)"')(root))),
    Case("wkt-format-invalid", [(SRC, 2, "note", "type-error")], 1,
         edit(lambda d: field(d, "note").update(format="wkt"))),
    # Bounds (issue 13): a descriptor nested thousands deep, and one of 5 MiB.
    Case("descriptor-too-deep", [(DESC, 14, None, "too-deep")], 1,
         replace(DESC, '"keywords": ["water", "test"],',
                 '"keywords": ["water", "test"], "extra": ' + "[" * 5000 + "]" * 5000 + ",")),
    Case("descriptor-too-large", [(DESC, None, None, "too-large")], 1,
         replace(DESC, '"keywords": ["water", "test"],',
                 '"keywords": ["water", "test"], "extra": "' + "x" * 5 * 1024 * 1024 + '",')),
    # Brackets inside strings are not nesting.
    Case("descriptor-brackets-in-text", [], 0,
         replace(DESC, '"keywords": ["water", "test"],', '"keywords": ["water", "test", "'
                 + "[{" * 100 + '\\" ]"],')),
    # Where frictionless and the Data Package standard say otherwise (issue 13, the peer
    # suite): dialects, fieldsMatch, bytes and hash, created, missingValues, formulas.
    Case("dialect-semicolon", [], 0, semicolons),
    Case("dialect-semicolon-nested", [], 0, semicolons_nested),
    Case("dialect-header-rows", [(DESC, None, "resources[1].dialect", "descriptor-error")], 1,
         edit(lambda d: coverage(d).update(dialect={"headerRows": [2]}))),
    Case("dialect-comment-char", [(DESC, None, "resources[1].dialect", "descriptor-error")], 1,
         edit(lambda d: coverage(d).update(dialect={"commentChar": "#", "delimiter": ","}))),
    Case("dialect-defaults", [], 0, edit(lambda d: coverage(d).update(dialect={
        "delimiter": ",", "quoteChar": '"', "doubleQuote": True, "header": True,
        "lineTerminator": "\r\n", "skipInitialSpace": False}))),
    Case("bytes-mismatch", [(COV, None, None, "byte-count")], 1,
         edit(lambda d: coverage(d).update(bytes=1))),
    Case("bytes-and-hash-match", [], 0, declared_stats),
    Case("hash-mismatch", [(COV, None, None, "hash-count")], 1,
         edit(lambda d: coverage(d).update(hash="sha256:" + "0" * 64))),
    Case("hash-not-a-digest", [(DESC, None, "resources[1].hash", "descriptor-error")], 1,
         edit(lambda d: coverage(d).update(hash="sha256:not-hex"))),
    Case("created-fractional-seconds", [], 0,
         replace(DESC, '"created": "2024-08-01T00:00:00Z"', '"created": "2024-08-01T00:00:00.52Z"')),
    Case("created-date-only", [(DESC, None, "created", "descriptor-error")], 1,
         replace(DESC, '"created": "2024-08-01T00:00:00Z"', '"created": "2024-08-01"')),
    Case("missing-values-on-package", [(DESC, None, "missingValues", "descriptor-error")], 1,
         edit(lambda d: d.update(missingValues=["", "NA"]))),
    Case("missing-values-on-resource",
         [(DESC, None, "resources[1].missingValues", "descriptor-error")], 1,
         edit(lambda d: coverage(d).update(missingValues=["", "NA"]))),
    Case("fields-match-unknown",
         [(DESC, None, "resources[1].schema.fieldsMatch", "descriptor-error")], 1,
         edit(lambda d: coverage(d)["schema"].update(fieldsMatch="loose"))),
    Case("fields-match-equal-reordered", [], 0, edit(lambda d: coverage(d)["schema"].update(
        fieldsMatch="equal", fields=coverage(d)["schema"]["fields"][::-1]))),
    Case("header-formula", [(SRC, 1, "=1+2", "formula-injection")], 1, formula_header),
    Case("lone-dash-is-text", [], 0, replace(SRC, "parliament-answer,2024-07,\n",
                                             "parliament-answer,2024-07,-\n")),
    Case("dash-formula", [(SRC, 3, "note", "formula-injection")], 1,
         replace(SRC, "parliament-answer,2024-07,\n", "parliament-answer,2024-07,-2+3\n")),
    Case("schema-missing-others-checked",
         [(DESC, None, "resources[0].schema", "metadata-missing"), (COV, 2, "hh_tap_pct",
                                                                      "type-error")], 1,
         lambda root: (edit(lambda d: d["resources"][0].pop("schema"))(root),
                       replace(COV, "95.83", "n/a")(root))),
    # A folder of packages: every sub-folder must be one.
    Case("folder-missing-descriptor", [("drafts/datapackage.json", None, None,
                                        "descriptor-missing")], 1, drafts_folder, (".",)),
]


def make_case(case: Case, root: Path) -> Path:
    """Build the case's packages in `root`: base, then the committed files, then the patch."""
    shutil.copytree(FIXTURES / "base", root, dirs_exist_ok=True)
    if (FIXTURES / case.name).is_dir():
        shutil.copytree(FIXTURES / case.name, root, dirs_exist_ok=True)
    case.patch(root)
    return root


def run_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    """Run the real `opendata` command in `cwd`, offline."""
    return subprocess.run([sys.executable, "-m", "generator.cli", *args], cwd=cwd,
                          capture_output=True, text=True, env={**os.environ, **OFFLINE},
                          timeout=120, check=False)


def ordered(keys: list[Key]) -> list[Key]:
    """Keys in the validator's order: path, row (none first), field, code."""
    return sorted(keys, key=lambda k: (k[0], -1 if k[1] is None else k[1], k[2] or "", k[3]))


def test_the_corpus_covers_every_committed_case() -> None:
    """Every folder under fixtures/validate/ is the base or a case of the table."""
    folders = {p.name for p in FIXTURES.iterdir() if p.is_dir()}
    assert folders <= {case.name for case in CASES}


def test_case_names_are_unique() -> None:
    """Case names double as folder names, so they must not repeat."""
    names = [case.name for case in CASES]
    assert len(names) == len(set(names))


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_bad_input(case: Case, tmp_path: Path, no_network: list) -> None:
    """The case gives exactly the expected problems, and the command its exit code."""
    root = make_case(case, tmp_path)
    result = validate_paths([root / arg for arg in case.args], root)
    assert [p.key() for p in result.problems] == ordered(case.expected)
    assert result.valid is (case.exit_code == 0)

    cli = run_cli("validate", *case.args, cwd=root)
    assert cli.returncode == case.exit_code, cli.stderr
    assert cli.stderr.splitlines() == [p.format() for p in result.problems]  # problems: stderr
    assert "Traceback" not in cli.stderr


def test_warnings_are_printed_as_warnings(tmp_path: Path) -> None:
    """A warning-only run exits 0 but still prints the problem with its warning prefix."""
    case = next(c for c in CASES if c.name == "percent-inconsistent")
    cli = run_cli("validate", PACKAGE, cwd=make_case(case, tmp_path))
    assert cli.returncode == 0
    assert cli.stderr.startswith(
        "jjm-coverage/coverage.csv:2:hh_tap_pct: percent-inconsistent: warning: expected about "
        "95.83")
    assert "0 errors, 1 warning\n" in cli.stdout  # the summary is the report


def test_messages_give_the_line_field_and_values(tmp_path: Path) -> None:
    """The printed shape of a constraint error, as the style guide shows it."""
    case = next(c for c in CASES if c.name == "out-of-range")
    result = validate_paths([make_case(case, tmp_path) / PACKAGE], tmp_path)
    assert result.problems[0].format() == (
        "jjm-coverage/coverage.csv:3:hh_tap_pct: constraint-error: expected at most 100, "
        "found '104.2'")


def test_json_report(tmp_path: Path) -> None:
    """`--json` prints one parseable report: valid false, counts, and every problem."""
    case = next(c for c in CASES if c.name == "out-of-range")
    cli = run_cli("validate", "--json", PACKAGE, cwd=make_case(case, tmp_path))
    assert cli.returncode == 1
    report = json.loads(cli.stdout)
    assert report["valid"] is False
    assert (report["errors"], report["warnings"]) == (1, 1)
    assert [(p["path"], p["row"], p["field"], p["code"], p["severity"])
            for p in report["problems"]] == [
        (COV, 3, "hh_tap_pct", "constraint-error", "error"),
        (COV, 3, "hh_tap_pct", "percent-inconsistent", "warning"),
    ]
    assert [p["name"] for p in report["packages"]] == ["jjm-coverage"]
    assert [(r["name"], r["rows"]) for r in report["packages"][0]["resources"]] == [
        ("sources", 2), ("coverage", 5)]


def test_a_path_that_does_not_exist_is_a_usage_error(tmp_path: Path) -> None:
    """A missing path on the command line exits 2 with a message, not a traceback."""
    make_case(CASES[0], tmp_path)
    with pytest.raises(UsageError):
        validate_paths([tmp_path / "jjm-coverag"], tmp_path)
    cli = run_cli("validate", "jjm-coverag", cwd=tmp_path)
    assert cli.returncode == 2
    assert cli.stdout == ""
    assert cli.stderr == "opendata: error: jjm-coverag: no such file or folder\n"


def test_the_base_is_valid_and_complete() -> None:
    """The base fixture validates with no problem at all, run where it is committed."""
    result = validate_paths([FIXTURES / "base" / PACKAGE], FIXTURES / "base")
    assert result.problems == ()
    assert sorted(result.tables) == [("jjm-coverage", "coverage"), ("jjm-coverage", "sources")]

