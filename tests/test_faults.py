"""The build under faults (issue 13): two builds at once, a kill during the swap, a changed
archived version."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from sitebuild import ROOT, build, make_project

FIXTURE = ROOT / "tests" / "fixtures" / "site" / "datasets"
ENV = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), str(ROOT / "tests")])}


def opendata(project: Path, *args: str) -> subprocess.Popen:
    """Start `opendata` in a project folder, without waiting for it."""
    return subprocess.Popen([sys.executable, "-m", "generator.cli", *args], cwd=project,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=ENV)


# 1. Two builds in one folder at once


def test_two_builds_at_once_both_publish(tmp_path):
    """Started together, the second build waits for the first; both publish a whole site."""
    project = make_project(tmp_path, FIXTURE)
    runs = [opendata(project, "build") for _ in range(2)]
    outputs = [run.communicate(timeout=300) for run in runs]
    for run, (_, stderr) in zip(runs, outputs, strict=True):
        assert run.returncode == 0, stderr
        assert "Traceback" not in stderr
    assert any("waiting for" in stderr for _, stderr in outputs)
    assert build(project).published
    assert not (project / "site.new").exists() and not (project / "site.old").exists()
    assert not list((project / "site").rglob("*.lock"))  # the lock is never published


def test_a_build_that_cannot_get_the_lock_refuses_with_one_problem(tmp_path, monkeypatch):
    """Past the wait, a clear problem line instead of a second build racing the first."""
    from generator import lock

    project = make_project(tmp_path, FIXTURE)
    monkeypatch.setattr(lock, "WAIT_SECONDS", 0.3)
    with lock.held(project / "build", log=lambda line: None) as problem:
        assert problem is None
        result = build(project)
    assert not result.published
    assert [p.format() for p in result.problems] == [
        "build/build.lock:-:-: build-locked: another build of this project is running; waited "
        "0.3 seconds for it (run again when it ends)"]
    assert not (project / "site").exists()
    assert build(project).published  # released at the end of the with block
