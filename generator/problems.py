"""Problems found in data or content: sorting and filtering (the value itself is model.Problem)."""

from __future__ import annotations

from collections.abc import Iterable

from .model import ERROR, WARNING, Problem

__all__ = ["ERROR", "WARNING", "Problem", "errors", "sort_problems"]


def sort_problems(problems: Iterable[Problem]) -> list[Problem]:
    """Sort problems by file, then row, field and code, so output is deterministic."""
    return sorted(
        problems,
        key=lambda p: (p.path, p.row if p.row is not None else -1, p.field or "", p.code, p.message),
    )


def errors(problems: Iterable[Problem]) -> list[Problem]:
    """Only the problems that make data invalid."""
    return [p for p in problems if p.is_error]
