"""opendata validate against frictionless-py's own fixtures: only the documented differences.

The peer suite (../shared/peer, see its README) holds 160 cases made from frictionless-py's
test fixtures. Each case is validated here by our validator (in this process) and by
`frictionless validate` (the reference; its report depends only on the case's files and
frictionless' version, so it is kept in pytest's cache), and compared by the suite's own
run_peer.classify. Every case that still differs must be a row of the table "Where we differ
from frictionless, and why" in README.md's section on `opendata validate`, with its status and
its number of differing findings; a row whose case no longer differs fails too, so the table
stays true.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from generator.validate import validate_paths

REPO = Path(__file__).resolve().parents[1]
PEER = REPO.parent / "shared" / "peer"
README = REPO / "README.md"
SECTION = "### What `opendata validate` checks"
TABLE_TITLE = "Where we differ from frictionless, and why"


def documented_differences(text: str) -> dict[str, tuple[str, int]]:
    """The README table: case -> (status, differing findings), read from the validate section."""
    section = text.split(SECTION, 1)[-1].split("\n## ", 1)[0]
    table = section.split(TABLE_TITLE, 1)[1] if TABLE_TITLE in section else ""
    rows = {}
    for line in table.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        match = re.fullmatch(r"`([a-z0-9._-]+)`", cells[0]) if line.startswith("|") else None
        if match:
            rows[match.group(1)] = (cells[1], int(cells[2]))
    return rows


def differing_findings(result: dict) -> int:
    """How many findings differ in one compared case (a descriptor verdict counts one)."""
    count = sum(n for _, n in result.get("missed", [])) + sum(n for _, n in result.get("extra", []))
    return count + (1 if result.get("descriptor_diff") else 0)


def load_run_peer():
    """The peer suite's runner as a module (its normalisation and classification)."""
    spec = importlib.util.spec_from_file_location("run_peer", PEER / "run_peer.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def case_digest(case_dir: Path, version: str) -> str:
    """sha256 of every file of a case (names and bytes) and of frictionless' version."""
    digest = hashlib.sha256(version.encode())
    for path in sorted(p for p in case_dir.rglob("*") if p.is_file()):
        digest.update(path.relative_to(case_dir).as_posix().encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def frictionless_run(peer, case_dir: Path, cache, scratch: Path, version: str) -> dict:
    """frictionless' report on a case: from pytest's cache, or by running it on a copy."""
    key = f"peer-frictionless/{case_digest(case_dir, version)}"
    stored = cache.get(key, None)
    if stored is None:
        copy = scratch / case_dir.name
        shutil.copytree(case_dir, copy)
        stored = peer.run(peer.frictionless_cmd(), copy)
        stored["seconds"] = None
        cache.set(key, stored)
    return stored


def opendata_run(case_dir: Path) -> dict:
    """Our validator on a case, as `opendata validate --json` reports it."""
    result = validate_paths([case_dir], case_dir.parent)
    report = {"valid": result.valid, "problems": [p.to_dict() for p in result.problems]}
    return {"rc": 0 if result.valid else 1, "stdout": json.dumps(report), "stderr": "",
            "seconds": None}


def test_readme_table_is_read() -> None:
    """The documented list parses into rows, so the comparison below has something to hold."""
    rows = documented_differences(README.read_text(encoding="utf-8"))
    assert rows, f"no rows under {TABLE_TITLE!r} in README.md"
    assert all(status in ("missed", "extra", "missed+extra") and count > 0
               for status, count in rows.values()), rows


def test_only_documented_differences_with_frictionless(request, tmp_path: Path) -> None:
    """Every case agrees with frictionless, or differs exactly as README's table says."""
    if not (PEER / "run_peer.py").is_file() or not (PEER / "cases").is_dir():
        pytest.skip(f"the peer suite is not available at {PEER} (a clone outside the "
                    "workspace); nothing to compare against")
    if shutil.which("frictionless") is None:
        pytest.skip("frictionless is not on PATH (activate the project's virtualenv)")
    peer = load_run_peer()
    version = subprocess.run(["frictionless", "--version"], capture_output=True,
                             text=True).stdout.strip()
    results = []
    for case_dir in sorted(p for p in (PEER / "cases").iterdir() if (p / "case.json").is_file()):
        fl_run = frictionless_run(peer, case_dir, request.config.cache, tmp_path, version)
        results.append(peer.classify(case_dir.name, case_dir, fl_run, opendata_run(case_dir)))
    summary = peer.summarise(results)
    line = (f"peer: {summary['cases']} cases, {summary['identical']} identical, "
            f"{summary['missed']} missed, {summary['extra']} extra, {summary['crashed']} crashed")
    found = {r["name"]: (r["status"], differing_findings(r)) for r in results
             if r["status"] not in ("identical", "explained")}
    documented = documented_differences(README.read_text(encoding="utf-8"))
    new = {name: found[name] for name in sorted(found) if found[name] != documented.get(name)}
    stale = {name: documented[name] for name in sorted(documented) if name not in found}
    details = {r["name"]: {"missed": [peer.fmt_key(k) for k in r.get("missed", [])][:8],
                           "extra": [peer.fmt_key(k) for k in r.get("extra", [])][:8],
                           "descriptor": r.get("descriptor_diff"), "crash": r.get("crash")}
               for r in results if r["name"] in new}
    assert not new and not stale, (
        f"{line}\nundocumented or changed differences (case: (status, findings)): {new}\n"
        f"documented but no longer different: {stale}\n"
        f"details: {json.dumps(details, indent=1, default=str)[:6000]}")
    assert summary["crashed"] == 0, line
