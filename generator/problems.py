"""Problems found in data or content: plain values with one printed shape."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True)
class Problem:
    """One problem: where it is (path, physical row, field), what it is (code), and why."""

    path: str
    row: int | None
    field: str | None
    code: str
    message: str
    severity: str = ERROR

    @property
    def is_error(self) -> bool:
        """True when the problem makes the data invalid (warnings do not)."""
        return self.severity == ERROR

    def format(self) -> str:
        """Render as `path:row:field: code: message` (`-` for an unknown row or field)."""
        row = "-" if self.row is None else str(self.row)
        field = self.field or "-"
        prefix = "warning: " if self.severity == WARNING else ""
        return f"{self.path}:{row}:{field}: {self.code}: {prefix}{self.message}"

    def key(self) -> tuple[str, int | None, str | None, str]:
        """The (path, row, field, code) tuple that tests compare."""
        return (self.path, self.row, self.field, self.code)

    def to_dict(self) -> dict:
        """A JSON-ready dict."""
        return asdict(self)


def sort_problems(problems: Iterable[Problem]) -> list[Problem]:
    """Sort problems by file, then row, field and code, so output is deterministic."""
    return sorted(
        problems,
        key=lambda p: (p.path, p.row if p.row is not None else -1, p.field or "", p.code, p.message),
    )


def errors(problems: Iterable[Problem]) -> list[Problem]:
    """Only the problems that make data invalid."""
    return [p for p in problems if p.is_error]
