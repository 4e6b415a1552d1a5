"""How the command line writes: colour only on a terminal, counted words, progress for long stages.

Standard library only, so that `opendata --help` and `--version` start without the engine.
"""

from __future__ import annotations

import os
import shutil
import threading
import time
from typing import TextIO

RED, YELLOW, BOLD, RESET = "\033[31m", "\033[33m", "\033[1m", "\033[0m"
CLEAR_LINE = "\r\033[K"
# A stage that ends sooner than this is not worth a time beside its line.
SHOWN_AFTER = 1.0


def use_colour(stream: TextIO) -> bool:
    """Colour for `stream`: never with NO_COLOR, always with FORCE_COLOR, else on a terminal.

    As no-color.org and force-color.org define them: a variable counts when it is set and not
    empty (FORCE_COLOR=0 or false also mean no); NO_COLOR wins over FORCE_COLOR.
    """
    if os.environ.get("NO_COLOR"):
        return False
    force = os.environ.get("FORCE_COLOR", "")
    if force:
        return force.lower() not in ("0", "false")
    return is_terminal(stream) and os.environ.get("TERM") != "dumb"


def is_terminal(stream: TextIO) -> bool:
    """True when `stream` is an interactive terminal."""
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # a replaced or closed stream
        return False


def paint(text: str, colour: str, on: bool) -> str:
    """`text` in `colour` when colour is on, else unchanged."""
    return f"{colour}{text}{RESET}" if on and text else text


def counted(count: int, word: str, plural: str | None = None) -> str:
    """'1 error', '2 errors', '1,227 rows': a count and its word, singular only for one."""
    return f"{count:,} {word if count == 1 else plural or word + 's'}"


class Progress:
    """Stage lines of a long command: on a terminal one live line with its elapsed time.

    Each line names a stage that starts (`validate: checking ...`). On a terminal the line
    stays current and shows the seconds it has run, so a stage that is silent for half a
    minute (MkDocs at national scale) is visibly working; when the next stage starts the
    line is finished with its time. Elsewhere each line is written once, as it comes.
    """

    def __init__(self, stream: TextIO, live: bool, show: bool = True) -> None:
        self.stream, self.live, self.show = stream, live, show
        self._line: str | None = None
        self._started = 0.0
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._ticker: threading.Thread | None = None

    def __call__(self, line: str) -> None:
        """A new stage starts (the build's `log` callback)."""
        if not self.show:
            return
        if not self.live:
            print(line, file=self.stream, flush=True)
            return
        with self._lock:
            self._finish()
            self._line, self._started = line, time.monotonic()
            self._write(line)
        if self._ticker is None:
            self._ticker = threading.Thread(target=self._tick, daemon=True)
            self._ticker.start()

    def close(self) -> None:
        """Finish the current line; call before anything else is written to the stream."""
        self._stop.set()
        if self._ticker is not None:
            self._ticker.join()
            self._ticker = None
        with self._lock:
            self._finish()
        self._stop.clear()

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _tick(self) -> None:
        shown: tuple[float, int] | None = None  # (stage, second) last written
        while not self._stop.wait(0.25):
            with self._lock:
                if self._line is not None:
                    seconds = time.monotonic() - self._started
                    if seconds >= SHOWN_AFTER and shown != (self._started, int(seconds)):
                        self._write(self._line, f" ... {int(seconds)} s")
                        shown = (self._started, int(seconds))

    def _write(self, line: str, suffix: str = "") -> None:
        """The live line (cut to the terminal's width, which \\r could not go back over)."""
        width = shutil.get_terminal_size().columns - 1 - len(suffix)
        if not suffix.endswith("\n") and len(line) > width > 0:
            line = line[:width]
        self.stream.write(CLEAR_LINE + line + suffix)
        self.stream.flush()

    def _finish(self) -> None:
        """End the live line with the stage's time (held lock)."""
        if self._line is None:
            return
        seconds = time.monotonic() - self._started
        done = f" ({seconds:.1f} s)" if seconds >= SHOWN_AFTER else ""
        self._write(self._line, done + "\n")
        self._line = None
