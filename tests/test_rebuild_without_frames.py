"""A rebuild after one edit, the data unchanged, makes no frame of any table (issue 18).

What a rebuild runs whatever the render cache holds (the checks of the updates against the
source registries, every figure of the edited update and of the home page, the home page's
count card and places, a ranking's check, loading the page kinds) reads the tables' plain rows,
so such a rebuild imports neither pandas nor polars; its site is the bytes a build from nothing
makes. The publication is this repository's own (its datasets, content in English, page kinds
and templates) with the sections that run on every build: home, ranking, districts, updates.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from sitebuild import MINIMAL_MKDOCS, ROOT, tree_digest

PROBE = """
import json, sys
from generator.cli import main
sys.argv = ["opendata", "build"]
code = main()
print(json.dumps({"code": code, "pandas": "pandas" in sys.modules,
                  "polars": "polars" in sys.modules}))
"""
SECTIONS = ("home", "catalog", "dataset", "ranking", "districts", "updates")
EDITED = "content/updates/2026-03-12-latest-national-coverage.md"
SENTENCE = "A sentence added for the rebuild."
# A nav with titles: without one, a rebuild's nav names each page taken from the page cache
# 'None' where a build from nothing gives its title (the page cache's, not what is tested here).
NAV = """nav:
  - Home: index.md
  - Data catalog: data/index.md
  - Updates: updates/index.md
  - About: about.md
validation:
  links:
    not_found: info
"""


def make_publication(root: Path) -> None:
    """This repository's publication in English only, with the SECTIONS; links to pages it
    leaves out are not checked (MkDocs' not_found at info)."""
    for name in ("datasets", "content", "page_kinds", "site_templates", "locale"):
        shutil.copytree(ROOT / name, root / name,
                        ignore=shutil.ignore_patterns("__pycache__", "*.hi.*"))
    publication = yaml.safe_load((ROOT / "publication.yml").read_text("utf-8"))
    publication["languages"] = ["en"]
    publication["sections"] = [s for s in publication["sections"] if s["kind"] in SECTIONS]
    home = next(s for s in publication["sections"] if s["kind"] == "home")
    home.pop("chart", None)  # a chart is rendered (and cached) with pandas: not what is tested
    (root / "publication.yml").write_text(
        yaml.safe_dump(publication, allow_unicode=True, sort_keys=False), "utf-8")
    (root / "mkdocs.yml").write_text(MINIMAL_MKDOCS.format(name="Rebuild without frames") + NAV,
                                     "utf-8")


def build(root: Path) -> dict:
    """`opendata build` in a child process: its exit code and whether it imported pandas or
    polars."""
    done = subprocess.run([sys.executable, "-c", PROBE], cwd=root, capture_output=True,
                          text=True, timeout=900, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert done.returncode == 0, done.stderr[-3000:]
    report = json.loads(done.stdout.splitlines()[-1])
    assert report["code"] == 0, done.stderr[-3000:]
    return report


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """A first build, a rebuild after one sentence is added to an update, and a build of the
    same files from nothing: the three reports and the rebuilt and fresh sites' digests."""
    root = tmp_path_factory.mktemp("publication")
    make_publication(root)
    first = build(root)
    with (root / EDITED).open("a", encoding="utf-8") as update:
        update.write(f"\n{SENTENCE}\n")
    again = build(root)
    rebuilt = tree_digest(root / "site")
    page = (root / "site" / "updates" / "latest-national-coverage.html").read_text("utf-8")
    shutil.rmtree(root / "build")
    shutil.rmtree(root / "site")
    fresh = build(root)
    return {"first": first, "again": again, "fresh": fresh, "rebuilt": rebuilt,
            "from_nothing": tree_digest(root / "site"), "page": page}


def test_a_rebuild_is_the_site_a_build_from_nothing_makes(builds: dict) -> None:
    """The rebuilt site, the edited update included, is byte for byte a build from nothing."""
    assert SENTENCE in builds["page"]
    assert builds["rebuilt"] == builds["from_nothing"]


def test_a_rebuild_imports_no_polars(builds: dict) -> None:
    """The first build checked the tables with polars; the rebuild loads the page kinds
    (districts reads its villages with polars only when it renders) and reads small tables
    with the csv module."""
    assert builds["first"]["polars"] is True and builds["fresh"]["polars"] is True
    assert builds["again"]["polars"] is False


def test_a_rebuild_imports_no_pandas(builds: dict) -> None:
    """The first build made frames for its pages; the rebuild's checks and the home page's
    figures, count and places read plain rows."""
    assert builds["first"]["pandas"] is True
    assert builds["again"]["pandas"] is False
