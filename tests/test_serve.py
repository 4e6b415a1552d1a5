"""`opendata serve`: a live preview that rebuilds when content changes, and cleans up when stopped."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from sitebuild import ROOT, make_project

FIXTURE = ROOT / "tests" / "fixtures" / "site" / "datasets"


def free_port() -> int:
    """A free loopback port."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> str | None:
    """The body at a loopback URL, or None when it does not answer yet."""
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.read().decode("utf-8")
    except OSError:
        return None


def wait_for(url: str, text: str, seconds: float = 40) -> bool:
    """Poll a loopback URL (bounded in time) until its body contains `text`."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        body = fetch(url)
        if body is not None and text in body:
            return True
        time.sleep(0.5)
    return False


def start(project: Path, port: int, tmp: Path) -> tuple[subprocess.Popen, Path, Path]:
    """`opendata serve` in `project`, its temporary folders under `tmp`, output into files."""
    tmp.mkdir()
    out, err = project.parent / "serve.out", project.parent / "serve.err"
    server = subprocess.Popen(
        [sys.executable, "-m", "generator.cli", "serve", "--port", str(port)], cwd=project,
        stdout=out.open("w"), stderr=err.open("w"),
        env={**os.environ, "PYTHONPATH": str(ROOT), "TMPDIR": str(tmp)})
    return server, out, err


def wait_for_text(path: Path, text: str, seconds: float = 60) -> bool:
    """Poll a file (bounded in time) until it contains `text`."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if text in path.read_text(encoding="utf-8"):
            return True
        time.sleep(0.2)
    return False


def test_serve_rebuilds_after_an_edit_and_cleans_up_on_sigterm(tmp_path):
    """Editing a page in content/ is visible without a restart; the command says where it
    serves and when each rebuild is ready; SIGTERM stops it and its temporary folder goes."""
    project = make_project(tmp_path / "project", FIXTURE)
    about = project / "content" / "about.md"
    # A page of the test's own: the real one links to datasets this fixture does not have.
    about.write_text("# About the data\n\nWhat this site publishes.\n", encoding="utf-8")
    port = free_port()
    server, out, err = start(project, port, tmp_path / "tmp")
    try:
        url = f"http://127.0.0.1:{port}/about.html"
        assert wait_for(url, "About the data", 180), err.read_text()
        first = out.read_text(encoding="utf-8").splitlines()[0]
        assert re.fullmatch(rf"serving on http://127\.0\.0\.1:{port}/ \(built in [\d.]+ s; "
                            r"Ctrl-C stops\)", first), first
        assert [p.name for p in (tmp_path / "tmp").iterdir()][0].startswith("opendata-serve-")
        about.write_text(about.read_text().replace("# About the data", "# About these figures"))
        assert wait_for(url, "About these figures", 180), err.read_text()
        assert wait_for_text(out, f"s: ready on http://127.0.0.1:{port}/")
        assert re.search(r"^rebuilt in [\d.]+ s: ready on ", out.read_text(), re.M)
    finally:
        server.send_signal(signal.SIGTERM)
        code = server.wait(timeout=30)
    assert code == 0, err.read_text()
    assert out.read_text().splitlines()[-1] == "stopped; the temporary site was removed"
    assert list((tmp_path / "tmp").iterdir()) == []
    assert "Traceback" not in err.read_text()
    # Problems and progress are on standard error, never mixed into the report.
    assert "validate: checking data packages" in err.read_text()
    assert "validate:" not in out.read_text()


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_a_stop_during_the_first_build_leaves_no_temporary_folder(tmp_path, stop):
    """A stop before the server listens (mid-build) still removes the folder, and exits 0."""
    project = make_project(tmp_path / "project", FIXTURE)
    server, out, err = start(project, free_port(), tmp_path / "tmp")
    try:
        assert wait_for_text(err, "render: writing Markdown pages", 180), err.read_text()
    finally:
        server.send_signal(stop)
        code = server.wait(timeout=30)
    assert code == 0, err.read_text()
    assert list((tmp_path / "tmp").iterdir()) == []
    assert "Traceback" not in err.read_text()


def test_a_port_taken_during_the_first_build_is_one_line(tmp_path):
    """The port was free when checked, then something took it while the site was built: one
    line and exit 2, not a traceback, and the temporary folder is removed."""
    project = make_project(tmp_path / "project", FIXTURE)
    port = free_port()
    server, out, err = start(project, port, tmp_path / "tmp")
    with socket.socket() as squatter:
        try:
            assert wait_for_text(err, "validate: checking", 180), err.read_text()
            squatter.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            squatter.bind(("127.0.0.1", port))
            squatter.listen()
            code = server.wait(timeout=300)
        finally:
            if server.poll() is None:
                server.kill()
    assert code == 2, err.read_text()
    assert err.read_text().splitlines()[-1] == (
        f"opendata: error: port {port} on 127.0.0.1 was taken while the site was built; "
        "choose another with --port")
    assert list((tmp_path / "tmp").iterdir()) == []
