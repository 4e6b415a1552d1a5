"""The loaded site data that page kinds read: validated packages, tables as frames, downloads."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from .config import SiteConfig
from .downloads import Download, package_downloads
from .packages import Package, Resource
from .validate import Validation

LINE = "_line"


@dataclass(frozen=True)
class SiteData:
    """Everything the renderers need, computed once. Cells stay the published strings."""

    config: SiteConfig
    validation: Validation
    frames: dict[tuple[str, str], pd.DataFrame] = field(repr=False)
    downloads: dict[str, list[Download]] = field(repr=False)
    # The checked content/ (a content.Content), attached by the build once it has read it, so
    # that every page kind shares that one read.
    content: object | None = field(default=None, repr=False)

    @property
    def packages(self) -> list[Package]:
        """Packages sorted by name."""
        return sorted(self.validation.packages, key=lambda p: p.name)

    def package(self, name: str) -> Package:
        """The package called `name` (KeyError when absent)."""
        for package in self.validation.packages:
            if package.name == name:
                return package
        raise KeyError(name)

    def frame(self, package: str, resource: str) -> pd.DataFrame:
        """A resource's rows as strings ('' = not reported), with the physical line in `_line`."""
        return self.frames[(package, resource)]

    def warnings_for(self, package: Package) -> int:
        """How many warnings validation reported for a package's files."""
        prefix = package.display_root + "/"
        return sum(1 for p in self.validation.warnings if p.path.startswith(prefix))


def load_site_data(config: SiteConfig, validation: Validation) -> SiteData:
    """Turn a valid Validation into frames and downloads."""
    frames = {}
    for (package, resource), table in validation.tables.items():
        if hasattr(table, "frame"):  # a large table read column-wise (validate/fast.py)
            frame = table.frame.to_pandas().astype("string").fillna("")
        else:
            frame = pd.DataFrame(table.rows, columns=table.header, dtype="string").fillna("")
        frame.insert(0, LINE, table.lines[1: len(table.rows) + 1])
        frames[(package, resource)] = frame
    downloads = {p.name: package_downloads(p) for p in validation.packages}
    return SiteData(config, validation, frames, downloads)


def row_anchor(resource: Resource, row: pd.Series) -> str:
    """A stable anchor for a row, from its primary key: 'row-2026-03-03' or 'row-2024-07-25--35'."""
    parts = [str(row[k]) for k in resource.primary_key if k in row] or [str(row[LINE])]
    slug = "--".join(parts).lower()
    return "row-" + "".join(c if c.isalnum() or c in "-." else "-" for c in slug)
