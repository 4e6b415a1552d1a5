"""The site configuration: where things are, the site URL, and the checked publication file."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import yaml

from .markdown import ENGINE_TEMPLATES
from .publication import Publication, load_publication


class _Loader(yaml.SafeLoader):
    """YAML loader that tolerates MkDocs' `!!python/name:` and `!ENV` tags (read as text)."""


_Loader.add_multi_constructor("", lambda loader, suffix, node: None)


@dataclass(frozen=True)
class SiteConfig:
    """Paths and settings for one build. Python computes; templates only format."""

    root: Path
    datasets: Path
    content: Path
    templates: Path
    mkdocs_file: Path
    build_dir: Path
    site_dir: Path
    site_name: str
    site_url: str | None
    publication: Publication = Publication()

    @property
    def template_folders(self) -> list[Path]:
        """Where page templates load from, the publication's own first."""
        return [*([self.templates] if self.templates.is_dir() else []), ENGINE_TEMPLATES]

    @property
    def docs_dir(self) -> Path:
        """Where the generated Markdown and the hand-written pages are put for MkDocs."""
        return self.build_dir / "docs"


def load_config(root: Path, site_dir: Path | None = None, site_url: str | None = None
                ) -> SiteConfig:
    """Read mkdocs.yml for the site name and URL; SITE_URL in the environment overrides it."""
    mkdocs_file = root / "mkdocs.yml"
    settings = yaml.load(mkdocs_file.read_text(encoding="utf-8"), Loader=_Loader) or {}
    url = site_url if site_url is not None else os.environ.get("SITE_URL") or settings.get(
        "site_url")
    url = url.rstrip("/") + "/" if url else None
    return SiteConfig(
        root=root,
        datasets=root / "datasets",
        content=root / "content",
        templates=root / "site_templates",
        mkdocs_file=mkdocs_file,
        build_dir=root / "build",
        site_dir=site_dir or root / "site",
        site_name=str(settings.get("site_name", "Open data")),
        site_url=url,
        publication=load_publication(root),
    )
