"""The generated Markdown also builds with Zensical, MkDocs' successor: every page, no warning, offline.

MkDocs stays the builder; this keeps the door to Zensical open. Each site is built with our own
code, then `zensical build --strict` runs on its build/docs in a network namespace without
interfaces, with a config derived from the project's mkdocs.yml.
"""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from sitebuild import ROOT, build, make_project

from generator.mkdocs_site import ENGINE_THEME, engine_asset_settings

FIXTURE = ROOT / "tests" / "fixtures" / "site" / "datasets"
# Fewer pages than this means a page kind went missing, not that Zensical passed.
MINIMUM_PAGES = {"real": 70, "fixture": 10}


@dataclass(frozen=True)
class ZensicalBuild:
    """One `zensical build` of a site's generated docs, beside the MkDocs site of the same build."""

    name: str
    docs: Path
    site: Path
    mkdocs_site: Path
    returncode: int
    output: str


def offline_prefix() -> list[str]:
    """The command prefix that runs a program in a new network namespace, where any fetch fails."""
    prefix = ["unshare", "--net", "--map-root-user"]
    if shutil.which("unshare") and subprocess.run([*prefix, "true"], capture_output=True).returncode == 0:
        return prefix
    reason = "cannot make a network namespace (unshare --net) to prove Zensical builds offline"
    if os.environ.get("CI"):
        pytest.fail(reason)
    pytest.skip(reason)


def zensical_config(project: Path, root: Path) -> Path:
    """A Zensical config in `root`: the project's mkdocs.yml, pointed at its build/docs.

    Zensical reads mkdocs.yml; docs_dir and site_dir must lie under the config's folder, and
    are given relative to it (Zensical 0.0.73 panics on an absolute docs_dir: "invariant:
    Id(Format(Path(RootDir)))"). The navigation loses the sections whose page was not generated
    (as mkdocs_site.present_nav does for MkDocs): Zensical would link them as `.md` files
    without a warning.
    """
    settings = yaml.safe_load((project / "mkdocs.yml").read_text(encoding="utf-8"))
    docs = project / "build" / "docs"
    settings |= {"docs_dir": docs.relative_to(root).as_posix(), "site_dir": "zensical-site",
                 "use_directory_urls": False, "strict": True,
                 "nav": [entry for entry in settings["nav"]
                         if (docs / next(iter(entry.values()))).is_file()]}
    # The engine's theme overrides, which our MkDocs stage adds after the publication's own.
    settings["theme"]["custom_dir"] = os.path.relpath(ENGINE_THEME, root)
    # The engine's stylesheet, script and local iframe-worker shim, as our MkDocs stage adds them.
    extra = settings.setdefault("extra", {})
    settings["extra_css"], settings["extra_javascript"], extra["polyfills"] = \
        engine_asset_settings(settings.get("extra_css") or [],
                              settings.get("extra_javascript") or [], extra.get("polyfills") or [])
    config = root / "zensical.yml"
    config.write_text(yaml.safe_dump(settings, sort_keys=False), encoding="utf-8")
    return config


@pytest.fixture(scope="module", params=["real", "fixture"])
def zensical_build(request, tmp_path_factory) -> ZensicalBuild:
    """The real project and the fixture project, each built by us and then by Zensical."""
    prefix = offline_prefix()
    root = tmp_path_factory.mktemp(f"zensical-{request.param}")
    project = make_project(root / "project", FIXTURE if request.param == "fixture" else None)
    result = build(project)
    assert result.published, [p.format() for p in result.problems if p.is_error]
    config = zensical_config(project, root)
    run = subprocess.run([*prefix, sys.executable, "-m", "zensical", "build", "--strict",
                          "--config-file", str(config)],
                         cwd=root, capture_output=True, text=True, timeout=300,
                         env=os.environ | {"NO_COLOR": "1"})
    return ZensicalBuild(request.param, project / "build" / "docs", root / "zensical-site",
                         project / "site", run.returncode, run.stdout + run.stderr)


class _Page(HTMLParser):
    """The text of a page's <h1> (without the permalink) and every URL the page loads by itself."""

    LOADS = {("script", "src"), ("link", "href"), ("img", "src"), ("iframe", "src"),
             ("source", "src"), ("video", "src"), ("audio", "src"), ("embed", "src")}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.h1: list[str] = []
        self.loads: list[str] = []
        self._in_h1 = self._in_permalink = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        self.loads += [found[name] or "" for t, name in self.LOADS if t == tag and name in found]
        if tag == "h1":
            self._in_h1 = True
            self.h1.append("")
        elif tag == "a" and self._in_h1 and "headerlink" in (found.get("class") or ""):
            self._in_permalink = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "h1":
            self._in_h1 = False
        elif tag == "a":
            self._in_permalink = False

    def handle_data(self, data: str) -> None:
        if self._in_h1 and not self._in_permalink:
            self.h1[-1] += data


def parse(page: Path) -> _Page:
    """A built page, parsed."""
    parsed = _Page()
    parsed.feed(page.read_text(encoding="utf-8"))
    return parsed


def markdown_h1(markdown: str) -> str:
    """The text of a Markdown page's `# ` heading: escapes and entities undone, attr_list and
    inline tags (a Hindi page's `<span lang="en">` around an English title) dropped."""
    line = next(line for line in markdown.splitlines() if line.startswith("# "))
    text = re.sub(r"\s*\{:?[^}]*\}\s*$", "", line[2:])
    text = re.sub(r"(?<!\\)</?[a-zA-Z][^>]*>", "", text)  # a real tag; "\<em>" is text
    return html.unescape(re.sub(r"\\(.)", r"\1", text)).strip()


def test_zensical_builds_without_a_warning(zensical_build):
    """Exit 0 in strict mode, and Zensical's own report says it found nothing."""
    assert zensical_build.returncode == 0, zensical_build.output
    assert "No issues found" in zensical_build.output, zensical_build.output
    assert "warning" not in zensical_build.output.lower(), zensical_build.output


def test_every_page_is_built_with_its_heading(zensical_build):
    """Each generated Markdown page has its HTML page, whose one <h1> is the page's own heading."""
    pages = sorted(p.relative_to(zensical_build.docs).as_posix()
                   for p in zensical_build.docs.rglob("*.md"))
    assert len(pages) >= MINIMUM_PAGES[zensical_build.name], pages
    missing, wrong = [], []
    for page in pages:
        built = zensical_build.site / (page.removesuffix(".md") + ".html")
        if not built.is_file():
            missing.append(page)
            continue
        expected = markdown_h1((zensical_build.docs / page).read_text(encoding="utf-8"))
        found = [h1.strip() for h1 in parse(built).h1]
        if found != [expected]:
            wrong.append((page, expected, found))
    assert not missing, missing
    assert not wrong, wrong


def test_every_mkdocs_page_is_a_zensical_page(zensical_build):
    """Zensical makes every HTML page that MkDocs made from the same docs."""
    def html_pages(site: Path) -> set[str]:
        return {p.relative_to(site).as_posix() for p in site.rglob("*.html")}

    mkdocs = html_pages(zensical_build.mkdocs_site)
    assert mkdocs, "the MkDocs build made no page"
    assert mkdocs <= html_pages(zensical_build.site), sorted(mkdocs - html_pages(zensical_build.site))


def test_the_search_index_has_every_page(zensical_build):
    """The offline search index (search.js, loadable from file://) lists every page."""
    index = zensical_build.site / "search.js"
    assert index.is_file(), sorted(p.name for p in zensical_build.site.iterdir())
    locations = set(re.findall(r'"location":"([^"#]*)', index.read_text(encoding="utf-8")))
    pages = {p.relative_to(zensical_build.docs).with_suffix(".html").as_posix()
             for p in zensical_build.docs.rglob("*.md")}
    assert pages <= locations, sorted(pages - locations)


def test_pages_load_nothing_from_elsewhere(zensical_build):
    """No script, style, image or frame comes from another host: the site stays self-hosted."""
    pages = sorted(zensical_build.site.rglob("*.html"))
    assert len(pages) >= MINIMUM_PAGES[zensical_build.name]
    loads = [(page.relative_to(zensical_build.site).as_posix(), url)
             for page in pages for url in parse(page).loads]
    assert any(url.endswith(".js") for _, url in loads), "no page loads a script: parser broken?"
    outside = sorted({load for load in loads if re.match(r"^([a-z]+:)?//", load[1], re.I)})
    assert not outside, outside[:20]


@pytest.mark.parametrize("zensical_build", ["real"], indirect=True)  # the fixture has no updates
def test_pages_link_the_updates_feed(zensical_build):
    """Every page of the real site names the updates feed in its <head>, as under MkDocs."""
    pages = [p.relative_to(zensical_build.docs).with_suffix(".html").as_posix()
             for p in sorted(zensical_build.docs.rglob("*.md"))]
    without = [page for page in pages if '<link rel="alternate feed"'
               not in (zensical_build.site / page).read_text(encoding="utf-8")]
    assert not without, without
