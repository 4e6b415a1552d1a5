"""`opendata serve`: a live preview that rebuilds when content changes."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request

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


def test_serve_rebuilds_after_an_edit(tmp_path):
    """Editing a page in content/ is visible in the served site without a restart."""
    project = make_project(tmp_path, FIXTURE)
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "generator.cli", "serve", "--port", str(port)], cwd=project,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        env={**os.environ, "PYTHONPATH": str(ROOT)})
    try:
        url = f"http://127.0.0.1:{port}/about.html"
        assert wait_for(url, "About the data"), "the preview never answered"
        about = project / "content" / "about.md"
        about.write_text(about.read_text().replace("# About the data", "# About these figures"))
        assert wait_for(url, "About these figures"), "the edit was not rebuilt"
    finally:
        server.terminate()
        server.wait(timeout=10)
