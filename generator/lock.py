"""One build at a time per project: an flock on build/build.lock, held for the whole build.

A second `opendata build` in the same folder (two CI steps, an editor's build-on-save beside a
terminal) waits for the first to end, up to WAIT_SECONDS, then refuses with one problem line
instead of racing it over build/docs, site.new and site/. The lock is taken by the kernel and
dropped when its process ends, however it ends, so a killed build never leaves a stale lock.
The file sits in build/, which is never published.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from .problems import Problem

try:
    import fcntl
except ImportError:  # Windows: no flock; builds there are not serialised
    fcntl = None

FILE = "build.lock"
# Long enough for a whole national build to end; a CI job then goes on instead of failing.
WAIT_SECONDS = 600.0
POLL_SECONDS = 0.1


@contextmanager
def held(build_dir: Path, log: Callable[[str], None] = print) -> Iterator[Problem | None]:
    """Hold the project's build lock for the with block; yields a problem if it was not got."""
    build_dir.mkdir(parents=True, exist_ok=True)
    path = build_dir / FILE
    if fcntl is None:
        yield None
        return
    descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        if not _take(descriptor, log):
            yield Problem(f"{build_dir.name}/{FILE}", None, None, "build-locked",
                          f"another build of this project is running; waited "
                          f"{WAIT_SECONDS:g} seconds for it (run again when it ends)")
            return
        yield None
    finally:
        os.close(descriptor)  # closing the descriptor drops the lock


def _take(descriptor: int, log: Callable[[str], None]) -> bool:
    """Take the lock, waiting up to WAIT_SECONDS; False when another build kept it."""
    deadline = time.monotonic() + WAIT_SECONDS
    waiting = False
    while True:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except BlockingIOError:
            if not waiting:
                log(f"build: waiting for another build of this project to end (at most "
                    f"{WAIT_SECONDS:g} seconds)")
                waiting = True
            if time.monotonic() >= deadline:
                return False
            time.sleep(POLL_SECONDS)
