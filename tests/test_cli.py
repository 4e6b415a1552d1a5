"""The command line's conventions (issue 18), run as the real command in tmp_path.

--version; -q and -v; colour on a terminal only (never with NO_COLOR, always with
FORCE_COLOR); problems on standard error and reports on standard output; plurals; progress
lines; acknowledged warnings counted, listed with -v, and stale acknowledgements reported;
--help and validate import only what they use.
"""

from __future__ import annotations

import json
import os
import pty
import re
import select
import shutil
import subprocess
import sys
from importlib import metadata
from pathlib import Path

import pytest

import generator
from generator.terminal import Progress, counted

ROOT = Path(__file__).resolve().parent.parent
BASE = ROOT / "tests" / "fixtures" / "validate" / "base"
COV = "datasets/jjm-coverage/coverage.csv"
# Two warnings planted in the fixture: a stated percent (row 2), a sum (row 4).
PERCENT = f"{COV}:2:hh_tap_pct: percent-inconsistent: warning: "
SUM = f"{COV}:4:hh_tap_lakh: sum-inconsistent: warning: "
ESC = "\033["
ACKNOWLEDGE = """known_warnings:
  - path: datasets/jjm-coverage/coverage.csv
    code: percent-inconsistent
    rows: [2]
    reason: The source prints this percentage as it is.
"""


def env(**extra: str) -> dict[str, str]:
    """The environment of a child, without the colour variables unless given."""
    base = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    return {**base, "PYTHONPATH": str(ROOT), "TERM": "xterm", **extra}


def opendata(*args: str, cwd: Path, **extra: str) -> subprocess.CompletedProcess:
    """The real command, its output through pipes (not a terminal)."""
    return subprocess.run([sys.executable, "-m", "generator.cli", *args], cwd=cwd,
                          capture_output=True, text=True, env=env(**extra), timeout=300)


def probe_run(probe: str, cwd: Path) -> subprocess.CompletedProcess:
    """Python code run as its own process in `cwd`, its output through pipes."""
    return subprocess.run([sys.executable, "-c", probe], cwd=cwd, capture_output=True,
                          text=True, env=env(), timeout=120)


def on_terminal(*args: str, cwd: Path, **extra: str) -> tuple[int, str]:
    """The real command with standard output and error on a pseudo-terminal: code, output."""
    leader, follower = pty.openpty()
    child = subprocess.Popen([sys.executable, "-m", "generator.cli", *args], cwd=cwd,
                             stdin=subprocess.DEVNULL, stdout=follower, stderr=follower,
                             env=env(**extra))
    os.close(follower)
    chunks = []
    while True:
        ready, _, _ = select.select([leader], [], [], 300)
        if not ready:
            child.kill()
            raise AssertionError("the command did not finish")
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # EIO: the child closed the terminal
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(leader)
    return child.wait(timeout=60), b"".join(chunks).decode("utf-8")


@pytest.fixture()
def warned(tmp_path: Path) -> Path:
    """The validation fixture's packages with two warnings planted, no publication file."""
    shutil.copytree(BASE, tmp_path / "datasets")
    csv = tmp_path / COV
    csv.write_text(csv.read_text(encoding="utf-8").replace("95.83", "59.83")
                   .replace("78.97", "79.87"), encoding="utf-8")
    return tmp_path


def test_version_is_the_package_version(tmp_path: Path) -> None:
    """`opendata --version`: one line on stdout, the installed distribution's version."""
    done = opendata("--version", cwd=tmp_path)
    assert (done.returncode, done.stdout, done.stderr) == (
        0, f"opendata {generator.__version__}\n", "")
    assert metadata.version("jjm-opendata") == generator.__version__


def test_no_command_is_a_usage_error_with_help_on_stderr(tmp_path: Path) -> None:
    """Bare `opendata`: exit 2, the help on standard error, nothing on standard output."""
    done = opendata(cwd=tmp_path)
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr.startswith("usage: opendata ") and "validate" in done.stderr
    assert opendata("--help", cwd=tmp_path).stdout.startswith("usage: opendata ")


def test_help_and_version_load_no_engine(tmp_path: Path) -> None:
    """--help and --version import argparse, not pandas, polars, frictionless or MkDocs."""
    probe = ("import sys\nfrom generator.cli import main\n"
             "for args in (['--help'], ['--version'], ['validate', '--help']):\n"
             "    try:\n        main(args)\n    except SystemExit:\n        pass\n"
             "heavy = ('pandas', 'polars', 'frictionless', 'altair', 'mkdocs', 'jinja2', "
             "'numpy', 'yaml', 'generator.build', 'generator.validate')\n"
             "print(sorted(m for m in heavy if m in sys.modules), file=sys.stderr)")
    done = probe_run(probe, tmp_path)
    assert done.stderr.strip().splitlines()[-1] == "[]"


def test_validate_loads_no_site_builder(warned: Path) -> None:
    """`opendata validate` imports the validator, not the renderer, charts or MkDocs."""
    probe = ("import sys\nfrom generator.cli import main\nmain(['validate', '-q'])\n"
             "heavy = ('pandas', 'altair', 'vl_convert', 'mkdocs', 'generator.build', "
             "'generator.charts', 'generator.sitedata')\n"
             "print(sorted(m for m in heavy if m in sys.modules), file=sys.stderr)")
    done = probe_run(probe, warned)
    assert done.stderr.strip().splitlines()[-1] == "[]"


def test_problems_on_stderr_report_on_stdout(warned: Path) -> None:
    """Warnings go to standard error, the one-line summary to standard output."""
    done = opendata("validate", cwd=warned)
    assert done.returncode == 0
    lines = done.stderr.splitlines()
    assert len(lines) == 2 and lines[0].startswith(PERCENT) and lines[1].startswith(SUM)
    assert done.stdout == "valid: 2 packages, 3 resources, 12 rows; 0 errors, 2 warnings\n"


def test_json_report_alone_on_stdout(warned: Path) -> None:
    """--json: standard output parses whole; nothing else is printed."""
    done = opendata("validate", "--json", cwd=warned)
    assert done.returncode == 0 and done.stderr == ""
    report = json.loads(done.stdout)
    assert (report["valid"], report["errors"], report["warnings"], report["acknowledged"]) == (
        True, 0, 2, 0)


def test_plurals(warned: Path) -> None:
    """'1 package', '1 warning', '1 error': singular for one, plural otherwise."""
    assert counted(1, "error") == "1 error" and counted(0, "error") == "0 errors"
    assert counted(1227, "row") == "1,227 rows" and counted(1, "entry", "entries") == "1 entry"
    done = opendata("validate", "datasets/admin-codes", cwd=warned)
    assert done.stdout == "valid: 1 package, 1 resource, 5 rows; 0 errors, 0 warnings\n"
    csv = warned / COV
    csv.write_text(csv.read_text(encoding="utf-8").replace("91.18,91.18", "91.18,95.18"),
                   encoding="utf-8")
    done = opendata("validate", "datasets/jjm-coverage", cwd=warned)
    assert done.returncode == 1
    assert done.stdout == "INVALID: 1 package, 2 resources, 7 rows; 1 error, 4 warnings\n"


def test_quiet_shows_errors_only_and_verbose_more(warned: Path) -> None:
    """-q: nothing for a valid run with warnings; errors (and the verdict) when invalid.
    -v (before or after the command) lists the acknowledged warnings with their reason."""
    done = opendata("validate", "-q", cwd=warned)
    assert (done.returncode, done.stdout, done.stderr) == (0, "", "")
    csv = warned / COV
    csv.write_text(csv.read_text(encoding="utf-8").replace("91.18,91.18", "91.18,95.18"),
                   encoding="utf-8")
    done = opendata("-q", "validate", cwd=warned)
    assert done.returncode == 1
    assert [line.split(": ")[1] for line in done.stderr.splitlines()] == ["exceeds-total"]
    assert done.stdout.startswith("INVALID: ")
    (warned / "publication.yml").write_text(ACKNOWLEDGE, encoding="utf-8")
    for args in (["-v", "validate"], ["validate", "-v"]):
        lines = opendata(*args, cwd=warned).stderr.splitlines()
        assert "publication.yml:2:known_warnings[1]: acknowledged: 1 warning: The source " \
               "prints this percentage as it is." in lines
        assert any(line.startswith("  " + PERCENT) for line in lines)
    assert opendata("validate", "-q", "-v", cwd=warned).returncode == 2  # one or the other


def test_colour_only_on_a_terminal(warned: Path) -> None:
    """Colour on a terminal; none with NO_COLOR (even with FORCE_COLOR) or through a pipe;
    FORCE_COLOR colours a pipe. The text is the same either way."""
    code, shown = on_terminal("validate", cwd=warned)
    assert code == 0
    assert f"{ESC}33mwarning{ESC}0m: " in shown
    plain = shown.replace(f"{ESC}33m", "").replace(f"{ESC}0m", "")
    assert PERCENT in plain and ESC not in plain
    code, shown = on_terminal("validate", cwd=warned, NO_COLOR="1", FORCE_COLOR="1")
    assert code == 0 and ESC not in shown and PERCENT in shown
    piped = opendata("validate", cwd=warned)
    assert ESC not in piped.stderr + piped.stdout
    forced = opendata("validate", cwd=warned, FORCE_COLOR="1")
    assert f"{ESC}33mwarning{ESC}0m" in forced.stderr
    csv = warned / COV
    csv.write_text(csv.read_text(encoding="utf-8").replace("91.18,91.18", "91.18,95.18"),
                   encoding="utf-8")
    code, shown = on_terminal("validate", cwd=warned)
    assert code == 1 and f"{ESC}1;31mexceeds-total{ESC}0m: " in shown
    code, shown = on_terminal("validate", "nowhere", cwd=warned)
    assert code == 2 and f"opendata: {ESC}31merror{ESC}0m: nowhere" in shown


def test_acknowledged_warnings_are_counted_not_repeated(warned: Path) -> None:
    """An acknowledged warning is one count line; a new warning still stands out."""
    (warned / "publication.yml").write_text(ACKNOWLEDGE, encoding="utf-8")
    done = opendata("validate", cwd=warned)
    assert done.returncode == 0
    assert done.stderr.splitlines() == [
        done.stderr.splitlines()[0],
        "1 known warning acknowledged in publication.yml (-v lists them)"]
    assert done.stderr.startswith(SUM)
    assert done.stdout.endswith("; 0 errors, 1 warning, 1 acknowledged\n")
    report = json.loads(opendata("validate", "--json", cwd=warned).stdout)
    assert (report["warnings"], report["acknowledged"]) == (1, 1)
    assert [p.get("acknowledged") for p in report["problems"]] == [
        "The source prints this percentage as it is.", None]
    # Validating only the other package: the entry is not used, and not stale either.
    done = opendata("validate", "datasets/admin-codes", cwd=warned)
    assert (done.stderr, done.stdout.endswith("0 errors, 0 warnings\n")) == ("", True)


def test_a_stale_acknowledgement_is_a_warning(warned: Path) -> None:
    """An entry (or a row of one) that matches no warning any more is reported at its line."""
    (warned / "publication.yml").write_text(
        ACKNOWLEDGE.replace("rows: [2]", "rows: [2, 5]") +
        "  - path: datasets/jjm-coverage/coverage.csv\n    code: sum-inconsistent\n"
        "    field: total_rural_hh_lakh\n    reason: Not any more.\n", encoding="utf-8")
    done = opendata("validate", cwd=warned)
    assert done.returncode == 0
    stale = [line for line in done.stderr.splitlines() if "stale-acknowledgement" in line]
    assert stale == [
        "publication.yml:2:known_warnings[1]: stale-acknowledgement: warning: acknowledges "
        "percent-inconsistent at datasets/jjm-coverage/coverage.csv, but no warning at row 5 matches "
        "it now: remove the entry, or the rows that no longer warn, so known_warnings lists "
        "only what the data still does",
        "publication.yml:6:known_warnings[2]: stale-acknowledgement: warning: acknowledges "
        "sum-inconsistent at datasets/jjm-coverage/coverage.csv:total_rural_hh_lakh, but no warning "
        "matches it now: remove the entry, or the rows that no longer warn, so known_warnings "
        "lists only what the data still does"]
    assert SUM in done.stderr  # the entry for another field does not hide it
    assert done.stdout.endswith("; 0 errors, 3 warnings, 1 acknowledged\n")


def test_a_bad_acknowledgement_is_a_configuration_error(warned: Path) -> None:
    """A known_warnings entry without its reason: a problem at its line, exit 2."""
    (warned / "publication.yml").write_text(ACKNOWLEDGE.replace(
        "    reason: The source prints this percentage as it is.\n", ""), encoding="utf-8")
    done = opendata("validate", cwd=warned)
    assert done.returncode == 2
    assert done.stderr.splitlines()[0].startswith(
        "publication.yml:2:known_warnings[1].reason: missing-key: ")


def test_progress_lines_plain_or_live() -> None:
    """Plain: each stage once. Live (a terminal): the line is rewritten, then finished."""
    import io
    import time

    plain = io.StringIO()
    with Progress(plain, live=False) as progress:
        progress("validate: checking")
        progress("build: running MkDocs (strict)")
    assert plain.getvalue() == "validate: checking\nbuild: running MkDocs (strict)\n"
    live = io.StringIO()
    with Progress(live, live=True) as progress:
        progress("build: running MkDocs (strict)")
        time.sleep(1.6)
    text = live.getvalue()
    assert "\r\033[Kbuild: running MkDocs (strict) ... 1 s" in text
    assert re.search(r"\r\033\[Kbuild: running MkDocs \(strict\) \(1\.\d s\)\n$", text), text
    quiet = io.StringIO()
    with Progress(quiet, live=True, show=False) as progress:
        progress("validate: checking")
    assert quiet.getvalue() == ""


def test_a_command_that_ends_at_once_still_waits_for_a_running_thread(warned: Path) -> None:
    """`opendata validate` skips the interpreter's teardown (cli.entry), but not while another
    thread still runs: that thread finishes its work, and the exit code is the command's."""
    probe = ("import sys, threading, time\nfrom pathlib import Path\n"
             "from generator.cli import entry\n"
             "def late():\n    time.sleep(0.5)\n    Path('late.txt').write_text('done')\n"
             "threading.Thread(target=late).start()\n"
             "sys.argv = ['opendata', 'validate', '--json']\nentry()\n")
    done = probe_run(probe, warned)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["warnings"] == 2
    assert (warned / "late.txt").read_text() == "done"


def test_a_command_that_ends_at_once_writes_all_it_has_to_a_file(warned: Path) -> None:
    """With its output in a file (fully buffered), nothing is lost by ending at once."""
    with (warned / "out.json").open("w") as out, (warned / "err.txt").open("w") as err:
        code = subprocess.run([sys.executable, "-m", "generator.cli", "validate", "--json"],
                              cwd=warned, stdout=out, stderr=err, env=env(), timeout=120
                              ).returncode
    assert code == 0
    assert json.loads((warned / "out.json").read_text())["warnings"] == 2
    assert (warned / "err.txt").read_text() == ""
