"""The data that crosses stage boundaries: what a page kind makes, and the section it renders.

This module imports nothing of the project, so every stage (and a publication's own page
kinds) can use it without pulling in the rest of the engine.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field


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


@dataclass(frozen=True)
class Options(Mapping):
    """A section's checked options: read-only, ordered by name, with a stable repr for keys."""

    items_: tuple[tuple[str, object], ...] = ()

    @classmethod
    def of(cls, values: Mapping[str, object]) -> Options:
        """Options from a mapping (nested lists and mappings are frozen too)."""
        return cls(tuple(sorted((k, _freeze(v)) for k, v in values.items())))

    def __getitem__(self, name: str) -> object:
        for key, value in self.items_:
            if key == name:
                return value
        raise KeyError(name)

    def __iter__(self) -> Iterator[str]:
        return iter(key for key, _ in self.items_)

    def __len__(self) -> int:
        return len(self.items_)


def _freeze(value: object) -> object:
    """Lists as tuples and mappings as Options, so options can neither change nor be unhashable."""
    if isinstance(value, Mapping):
        return Options.of(value)
    if isinstance(value, list | tuple):
        return tuple(_freeze(item) for item in value)
    return value


@dataclass(frozen=True)
class Section:
    """One entry of the publication's `sections`: a page kind and its checked options."""

    kind: str
    options: Options = field(default_factory=Options)
    line: int | None = None  # where it is declared in the publication file


class RenderError(Exception):
    """Rendering found a problem with the pages themselves (e.g. two pages at one path)."""


NO_OPTIONS = Options()  # the options of a section that sets none
