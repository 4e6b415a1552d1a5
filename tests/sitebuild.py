"""Helpers for tests that build a whole site from a copy of the project in a temporary folder."""

from __future__ import annotations

import hashlib
import re
import shutil
from pathlib import Path

from generator.build import BuildResult, build_site
from generator.config import load_config

ROOT = Path(__file__).resolve().parent.parent
# The mkdocs.yml of a small publication of the tests' own (the engine adds its own assets).
MINIMAL_MKDOCS = """site_name: {name}
docs_dir: build/docs
site_dir: site
use_directory_urls: false
theme:
  name: material
  font: false
plugins:
  - search
  - offline
markdown_extensions: [attr_list, md_in_html, tables, admonition]
"""
# What makes this publication besides its data: configuration, its own page kinds and templates.
PUBLICATION_FILES = ("mkdocs.yml", "publication.yml")
PUBLICATION_FOLDERS = ("content", "site_templates", "page_kinds", "locale")  # locale: its messages


def copy_publication(target: Path, skip_updates: bool = False) -> None:
    """Copy this publication's files and folders (not its data) into `target`."""
    for name in PUBLICATION_FOLDERS:
        # The updates cite the real datasets: a project with fixture datasets publishes none.
        skip = ["__pycache__"] + (["updates"] if skip_updates and name == "content" else [])
        shutil.copytree(ROOT / name, target / name, ignore=shutil.ignore_patterns(*skip))
    for name in PUBLICATION_FILES:
        shutil.copy2(ROOT / name, target / name)


def make_project(target: Path, datasets: Path | None = None) -> Path:
    """A copy of the project's site sources in `target`, with `datasets` (default: the real ones)."""
    target.mkdir(parents=True, exist_ok=True)
    copy_publication(target, skip_updates=datasets is not None)
    shutil.copytree(datasets or ROOT / "datasets", target / "datasets")
    return target


def build(project: Path, site_url: str | None = None) -> BuildResult:
    """Build a project copy quietly; returns the result."""
    config = load_config(project, site_url=site_url or "")
    return build_site(config, log=lambda line: None)


def tree_digest(folder: Path) -> dict[str, str]:
    """sha256 of every file under `folder`, by relative path."""
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


# `path:row:field: code: message`: the command line prints problems on standard error, among
# its progress lines (issue 18); tests compare just the problems.
PROBLEM_LINE = re.compile(r"^.+?:(?:\d+|-):\S*: [a-z][a-z0-9-]*: ")


def problem_lines(stderr: str) -> list[str]:
    """The problem lines of a command's standard error, in order."""
    return [line for line in stderr.splitlines() if PROBLEM_LINE.match(line)]
