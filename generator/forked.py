"""Work in a forked child process, its result or its exception back in the parent (issue 18).

The build runs each other language's MkDocs run in a child while the parent builds the default
language (build.mkdocs_runs). Forked, not spawned: the runs' inputs (the site config, the
languages' catalogues) are not all picklable, and a fork starts with them in memory.
"""

from __future__ import annotations

import multiprocessing
import sys
from collections.abc import Callable

from .cache import Store
from .mkdocs_site import SiteBuildError


class Child:
    """`work()` in a forked child process; result() gives what it returned or raises what it
    raised, and adds the child's store failures to `store`'s."""

    def __init__(self, store: Store, work: Callable[[], object]) -> None:
        self.store = store
        self._reply: tuple | None = None
        context = multiprocessing.get_context("fork")
        self._receive, send = context.Pipe(duplex=False)
        self._process = context.Process(target=_child_main, args=(work, store, send))
        sys.stdout.flush()  # or the child, a copy of this process, would print its lines again
        sys.stderr.flush()
        self._process.start()
        send.close()

    def wait(self) -> None:
        """Wait for the child to finish and take its reply."""
        if self._reply is not None:
            return
        try:
            self._reply = self._receive.recv()
        except Exception:  # the child died without a word (killed, out of memory), or
            self._reply = ("error", None, {})  # sent what this side cannot unpickle
        finally:
            self._receive.close()
            self._process.join()
        self.store.add_failures(self._reply[2])

    def result(self) -> object:
        """What the child's work returned (its exception raised here)."""
        self.wait()
        outcome, value, _failures = self._reply
        if outcome == "error":
            raise value if isinstance(value, Exception) else SiteBuildError(
                f"a MkDocs run in another process stopped (exit code {self._process.exitcode})")
        return value


def _child_main(work: Callable[[], object], store: Store, send) -> None:
    """The child's side of Child: run, then send (outcome, value, store failures) back."""
    try:
        reply = ("ok", work(), store.failures())
    except Exception as exc:  # sent back whole when it can be pickled, else by its text
        reply = ("error", exc, store.failures())
    try:
        send.send(reply)
    except Exception as exc:  # an exception pickle cannot carry
        send.send(("error", SiteBuildError(f"{type(reply[1]).__name__}: {reply[1]}")
                   if reply[0] == "error" else SiteBuildError(str(exc)), store.failures()))
    finally:
        send.close()
