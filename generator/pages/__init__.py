"""Stage 3, render: the page kinds, one module each, listed in one explicit registry."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Page:
    """A Markdown page to write into the build's docs folder (path relative to it)."""

    path: str
    markdown: str


@dataclass(frozen=True)
class Asset:
    """A file published as it is (a download), path relative to the docs folder."""

    path: str
    data: bytes


def registry() -> list:
    """The page-kind modules, in the order they render. Add a page kind here."""
    from . import (
        catalog,
        coverage,
        dataset,
        districts,
        home,
        livelihoods,
        partners,
        releases,
        states,
        updates,
    )

    return [home, catalog, dataset, partners, livelihoods, coverage, states, districts, updates,
            releases]
