"""The build under faults (issue 13): two builds at once, a kill during the swap, a changed
archived version."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from sitebuild import ROOT, build, make_project, tree_digest

from generator import build as build_module

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


# 2. A kill during the swap


def test_swap_exchanges_the_folders_in_one_step(tmp_path, monkeypatch):
    """On Linux the new site and the old one change places with renameat2(RENAME_EXCHANGE)."""
    if not sys.platform.startswith("linux"):
        pytest.skip("renameat2 is Linux only")
    calls = []
    exchange = build_module.exchange

    def record(new: Path, target: Path) -> bool:
        calls.append((new.name, target.name))
        return exchange(new, target)

    monkeypatch.setattr(build_module, "exchange", record)
    renames = []
    original = Path.rename
    monkeypatch.setattr(Path, "rename", lambda self, to: renames.append(self) or original(self, to))
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "old.html").write_text("old")
    (tmp_path / "site.new").mkdir()
    (tmp_path / "site.new" / "new.html").write_text("new")
    build_module.swap(tmp_path / "site.new", tmp_path / "site")
    assert calls == [("site.new", "site")]
    assert renames == []  # one step, not two renames
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]
    assert [p.name for p in (tmp_path / "site").iterdir()] == ["new.html"]


def test_swap_falls_back_to_two_renames(tmp_path, monkeypatch):
    """Where the exchange is unavailable (another OS, EINVAL, ENOSYS) the old way still works."""
    monkeypatch.setattr(build_module, "exchange", lambda new, target: False)
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "old.html").write_text("old")
    (tmp_path / "site.new").mkdir()
    (tmp_path / "site.new" / "new.html").write_text("new")
    build_module.swap(tmp_path / "site.new", tmp_path / "site")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]
    assert [p.name for p in (tmp_path / "site").iterdir()] == ["new.html"]


# A build in a subprocess that stops (and is killed) right after the swap's first step on disk.
PAUSED_BUILD = textwrap.dedent("""
    import os, pathlib, sys, time
    from generator import build
    from sitebuild import build as build_project

    swapping = False
    def pause_after(function):
        def paused(*args, **kwargs):
            done = function(*args, **kwargs)
            if swapping:
                print("swap started", flush=True)
                time.sleep(60)
            return done
        return paused

    pathlib.Path.rename = pause_after(pathlib.Path.rename)
    os.rename = pause_after(os.rename)
    os.replace = pause_after(os.replace)
    if hasattr(build, "exchange"):
        build.exchange = pause_after(build.exchange)
    swap = build.swap
    def start_swap(new, target):
        global swapping
        swapping = True
        swap(new, target)
    build.swap = start_swap
    build_project(pathlib.Path(sys.argv[1]))
""")


def test_kill_right_after_the_swap_starts_leaves_a_whole_site(tmp_path):
    """SIGKILL after the swap's first step: site/ is the whole new site, and the next build
    cleans up what was left."""
    project = make_project(tmp_path, FIXTURE)
    assert build(project).published
    old = tree_digest(project / "site")
    page = project / "content" / "about.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8")
    run = subprocess.Popen([sys.executable, "-c", PAUSED_BUILD, str(project)], env=ENV,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert run.stdout.readline() == "swap started\n", run.stderr.read()
    finally:
        run.send_signal(signal.SIGKILL)
        run.wait()
    after = tree_digest(project / "site")
    assert after and after != old
    assert build(project).published
    assert tree_digest(project / "site") == after  # the same sources: the same new site
    assert sorted(p.name for p in project.iterdir() if p.name.startswith("site.")) == []


# Swaps two generations of a small site back and forth until killed.
SWAPPING = textwrap.dedent("""
    import pathlib, shutil, sys
    from generator.build import swap

    work = pathlib.Path(sys.argv[1])
    generation = 0
    while True:
        generation += 1
        staging = work / "site.new"
        shutil.rmtree(staging, ignore_errors=True)
        staging.mkdir()
        for i in range(20):
            (staging / f"page{i}.html").write_text(str(generation))
        swap(staging, work / "site")
""")


def test_site_is_always_whole_when_killed_at_random_moments(tmp_path):
    """Killed a few dozen times at random moments, site/ is always one whole generation."""
    seeds = random.Random(13)
    (tmp_path / "site").mkdir()
    for i in range(20):
        (tmp_path / "site" / f"page{i}.html").write_text("0")
    for _ in range(30):
        run = subprocess.Popen([sys.executable, "-c", SWAPPING, str(tmp_path)], env=ENV,
                               stderr=subprocess.PIPE)
        time.sleep(0.3 + seeds.random() * 0.2)  # the interpreter starts in about 0.1 s
        run.send_signal(signal.SIGKILL)
        run.wait()
        site = tmp_path / "site"
        assert site.is_dir(), "site/ is missing"
        pages = {p.name: p.read_text() for p in site.iterdir()}
        assert len(pages) == 20 and len(set(pages.values())) == 1, pages


# 3. A changed package under an archived version


def test_build_refuses_a_changed_package_under_an_archived_version(tmp_path):
    """Data changed after its version was archived: the build names the package and version
    instead of publishing a second, different zip under the archived name."""
    project = make_project(tmp_path, FIXTURE)
    released = subprocess.run([sys.executable, "-m", "generator.cli", "release"], cwd=project,
                              capture_output=True, text=True, env=ENV)
    assert released.returncode == 0, released.stderr
    assert build(project).published
    before = tree_digest(project / "site")
    csv = project / "datasets" / "demo" / "items.csv"
    csv.write_text(csv.read_text().replace("Plain row", "Plain row corrected"))
    result = build(project)
    assert not result.published
    assert [p.format() for p in result.problems if p.is_error] == [
        "datasets/demo/datapackage.json:-:version: release-changed: demo 0.1.0 differs from the "
        "archived releases/demo-0.1.0.zip; give the changed package a new version and release "
        "date"]
    assert tree_digest(project / "site") == before
