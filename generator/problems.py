"""Problems found in data or content: sorting and filtering (the value itself is model.Problem)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .model import ERROR, WARNING, Problem

__all__ = ["ERROR", "WARNING", "Acknowledged", "Acknowledgement", "Problem", "acknowledge",
           "coloured", "errors", "sort_problems"]


def sort_problems(problems: Iterable[Problem]) -> list[Problem]:
    """Sort problems by file, then row, field and code, so output is deterministic."""
    return sorted(
        problems,
        key=lambda p: (p.path, p.row if p.row is not None else -1, p.field or "", p.code, p.message),
    )


def errors(problems: Iterable[Problem]) -> list[Problem]:
    """Only the problems that make data invalid."""
    return [p for p in problems if p.is_error]


@dataclass(frozen=True)
class Acknowledgement:
    """A known warning a publication accepts, with why (publication.yml's known_warnings)."""

    path: str
    code: str
    reason: str
    field: str | None = None
    rows: tuple[int, ...] = ()
    line: int | None = None  # where the entry is in the publication file
    where: str = ""  # its key there, e.g. known_warnings[1]

    def matches(self, problem: Problem) -> bool:
        """True for a warning (never an error) at this path, with this code, field and row."""
        return (not problem.is_error and problem.path == self.path and problem.code == self.code
                and (self.field is None or problem.field == self.field)
                and (not self.rows or problem.row in self.rows))


@dataclass(frozen=True)
class Acknowledged:
    """Problems with the known warnings set aside: what to show, what was expected."""

    shown: tuple[Problem, ...]  # every error, every new warning, every stale acknowledgement
    known: tuple[tuple[Problem, Acknowledgement], ...] = ()

    @property
    def errors(self) -> list[Problem]:
        """The errors (never acknowledged)."""
        return errors(self.shown)

    @property
    def warnings(self) -> list[Problem]:
        """The warnings still shown: new ones and stale acknowledgements."""
        return [p for p in self.shown if not p.is_error]


def acknowledge(problems: Iterable[Problem], known: Iterable[Acknowledgement],
                checked: Iterable[str] = (), source: str = "publication.yml") -> Acknowledged:
    """Set aside the warnings `known` acknowledges; an entry that no longer matches is a warning.

    `checked` are the folders (as problem paths show them) whose files were checked this
    time: only an entry there that matches nothing is stale; one about a file not checked
    (`opendata validate` of another package) is simply not used.
    """
    known = tuple(known)
    folders = tuple(f.rstrip("/") + "/" for f in checked)
    shown: list[Problem] = []
    pairs: list[tuple[Problem, Acknowledgement]] = []
    for problem in problems:
        entry = next((k for k in known if k.matches(problem)), None)
        if entry is None:
            shown.append(problem)
        else:
            pairs.append((problem, entry))
    for entry in known:
        if not entry.path.startswith(folders) or not folders:
            continue
        matched = {p.row for p, k in pairs if k is entry}
        if not matched:
            what = "no warning"
        elif missing := [row for row in entry.rows if row not in matched]:
            what = f"no warning at {'row' if len(missing) == 1 else 'rows'} " \
                   f"{', '.join(map(str, missing))}"
        else:
            continue
        where = entry.path + (f":{entry.field}" if entry.field else "")
        shown.append(Problem(source, entry.line, entry.where or None, "stale-acknowledgement",
                             f"acknowledges {entry.code} at {where}, but {what} matches it "
                             "now: remove the entry, or the rows that no longer warn, so "
                             "known_warnings lists only what the data still does",
                             WARNING))
    return Acknowledged(tuple(sort_problems(shown)), tuple(pairs))


def coloured(problem: Problem, on: bool) -> str:
    """The problem's one printed line; on a terminal its code red (error) or 'warning' yellow."""
    text = problem.format()
    if not on:
        return text
    tail = problem.message if problem.is_error else "warning: " + problem.message
    location = text[:len(text) - len(tail) - len(problem.code) - 2]
    if problem.is_error:
        return f"{location}\033[1;31m{problem.code}\033[0m: {tail}"
    return f"{location}{problem.code}: \033[33mwarning\033[0m: {problem.message}"
