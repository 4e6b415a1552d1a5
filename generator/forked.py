"""Work in a child process, its result or its exception back in the parent (issue 18).

The build renders each other language's pages (build.render_pages) and runs its MkDocs run
(build.mkdocs_runs) in a child while the parent does the default language's. A MkDocs run is
forked: its inputs (the site data, the languages' catalogues) are not all picklable, and a fork
starts with them in memory. A render is spawned (see Child's `start`).
"""

from __future__ import annotations

import multiprocessing
import os
import sys
from collections.abc import Callable

from .cache import Store


class Child:
    """`work()` in a child process; result() gives what it returned or raises what it
    raised, and adds to `store`'s failures those the child's copy of it met: from the child's
    start, or for marking work (`marks`) from when it said it began its main part (what it
    met reading the project again, the parent met and counted already). Work that uses a
    store must use this one: a spawned child gets one copy of the work and the store, and a
    forked one this process's.

    `what` names the work and `failed` is the exception raised for it when the child dies
    without a word or its exception cannot be sent back ("the Hindi pages' MkDocs run",
    SiteBuildError). `start` is how the child starts: "fork", with this process's memory, for
    work that uses no library this process may have started threads in (polars' and
    vl-convert's thread pools do not survive a fork: a forked child that uses them waits
    forever); "spawn", a fresh interpreter, for any other work (then `work` must pickle).
    """

    def __init__(self, store: Store | None, work: Callable[..., object], what: str,
                 failed: type[Exception], start: str = "fork", marks: bool = False,
                 held: bool = False) -> None:
        """`marks`: `work` is called with a function to call once it has begun its main part
        (see begun()); else with nothing. `held`: the child starts now (a spawned one imports
        what the work needs meanwhile) but begins the work only once release() is called, as
        when it would read what this process is still making (see build.started_renders)."""
        self.store = store
        self.what, self.failed = what, failed
        self._reply: tuple | None = None
        self._begun = False
        context = multiprocessing.get_context(start)
        self._gate = context.Event() if held else None
        self._receive, send = context.Pipe(duplex=False)
        self._process = context.Process(target=_child_main,
                                        args=(work, store, send, failed, marks, self._gate,
                                              os.getpid()))
        sys.stdout.flush()  # or the child, a copy of this process, would print its lines again
        sys.stderr.flush()
        self._process.start()
        send.close()

    def begun(self) -> bool:
        """Whether the work has said it began its main part (or already finished)."""
        if self._reply is None and not self._begun:
            try:
                while self._receive.poll():
                    self._take(self._receive.recv())
                    if self._reply is not None:
                        break
            except Exception:  # the child died, or sent what this side cannot unpickle:
                self._end(("error", None, {}))  # result() says so
        return self._begun or self._reply is not None

    def release(self) -> None:
        """Let a held child begin its work (again or for a child not held: nothing)."""
        if self._gate is not None:
            self._gate.set()

    def cancel(self) -> None:
        """Stop the child wherever it is (what it would have returned is not wanted)."""
        if self._reply is None:
            self._process.terminate()
            self._end(("cancelled", None, {}))

    def wait(self) -> None:
        """Wait for the child to finish and take its reply."""
        try:
            while self._reply is None:
                self._take(self._receive.recv())
        except Exception:  # the child died without a word (killed, out of memory), or
            self._end(("error", None, {}))  # sent what this side cannot unpickle

    def _take(self, message: tuple) -> None:
        if message == (BEGUN,):
            self._begun = True
        else:
            self._end(message)

    def _end(self, reply: tuple) -> None:
        self._reply = reply
        self._receive.close()
        self._process.join()
        if self.store is not None:
            self.store.add_failures(reply[2])

    def result(self) -> object:
        """What the child's work returned (its exception raised here)."""
        self.wait()
        outcome, value, _failures = self._reply
        if outcome != "ok":
            raise value if isinstance(value, Exception) else self.failed(
                f"{self.what} stopped in another process (exit code {self._process.exitcode})")
        return value


def _released(gate, parent: int) -> bool:
    """Wait until the parent (process `parent`) releases the child; False if it died first
    (a killed build must not leave its children waiting)."""
    while not gate.wait(0.2):
        if os.getppid() != parent:
            return False
    return True


BEGUN = "begun"  # the message a marking child's work sends when it begins its main part


def _child_main(work: Callable[..., object], store: Store | None, send,
                failed: type[Exception], marks: bool, gate, parent: int) -> None:
    """The child's side of Child: wait for `gate` if held, run, then send (outcome, value,
    store failures) back.

    The failures are those met since the child started (a forked copy of the store holds the
    parent's own so far) or since the work said it had begun."""
    if gate is not None and not _released(gate, parent):
        send.close()  # the parent is gone: nobody waits for the work
        return
    since = store.failures() if store is not None else {}

    def failures() -> dict:
        now = store.failures() if store is not None else {}
        return {where: count - since.get(where, 0) for where, count in now.items()
                if count > since.get(where, 0)}

    def begun() -> None:
        since.update(store.failures() if store is not None else {})
        send.send((BEGUN,))

    try:
        reply = ("ok", work(begun) if marks else work(), failures())
    except Exception as exc:  # sent back whole when it can be pickled, else by its text
        reply = ("error", exc, failures())
    try:
        send.send(reply)
    except Exception as exc:  # an exception pickle cannot carry
        send.send(("error", failed(f"{type(reply[1]).__name__}: {reply[1]}")
                   if reply[0] == "error" else failed(str(exc)), failures()))
    finally:
        send.close()
