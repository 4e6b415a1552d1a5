"""The render caches (pages, downloads, front matter): never stale, never different from a render.

Every cache in the content and render stages is keyed by a hash of all it depends on. These
tests edit each kind of input (a data cell, a template, an update, a front matter) and check
that the next build shows the edit, and that cached output is byte-for-byte the uncached one.
"""

from __future__ import annotations

import dataclasses
import hashlib
from pathlib import Path

import pytest
from sitebuild import make_project

from generator import front_matter
from generator.build import render_pages
from generator.cache import Store
from generator.config import load_config
from generator.content import load_content
from generator.markdown import environment
from generator.model import Asset, Page
from generator.render_cache import data_only, pack_outputs, unpack_outputs
from generator.sitedata import (
    WITHOUT_CONTENT,
    SiteData,
    load_site_data,
    pack_downloads,
    unpack_downloads,
)
from generator.validate import validate_paths
from page_kinds import states

STATE_PAGE = "coverage/states/goa.md"


def site(project: Path) -> SiteData:
    """The project's site data with its content attached, as the build makes it."""
    config = load_config(project, site_url="")
    validation = validate_paths([config.datasets], project)
    assert validation.valid, [p.format() for p in validation.errors]
    data = load_site_data(config, validation, Store(config.build_dir / ".cache"))
    return dataclasses.replace(data, content=load_content(data))


def outputs(data: SiteData) -> dict[str, str | bytes]:
    """Every output of a render, by path."""
    return {o.path: o.markdown if isinstance(o, Page) else o.data for o in render_pages(data)}


def uncached(data: SiteData) -> dict[str, str | bytes]:
    """A render that uses no cache: data without a key is never cached."""
    return outputs(dataclasses.replace(data, key=""))


@pytest.fixture
def project(tmp_path) -> Path:
    return make_project(tmp_path / "project")


def test_cached_render_is_the_uncached_render(project):
    data = site(project)
    first = outputs(data)              # fills build/.cache
    assert list((project / "build" / ".cache" / "rendered").iterdir())
    assert outputs(site(project)) == first == uncached(data)


def test_a_data_edit_is_never_served_from_the_cache(project):
    first = outputs(site(project))
    csv = project / "datasets" / "jjm-coverage" / "state_coverage.csv"
    text = csv.read_text(encoding="utf-8")
    assert ",Goa,30,2.64,1.99," in text
    csv.write_text(text.replace(",Goa,30,2.64,1.99,", ",Goa,30,2.64,1.98,"), encoding="utf-8")
    data = site(project)
    second = outputs(data)
    assert second == uncached(data)
    assert second[STATE_PAGE] != first[STATE_PAGE]
    changed = {p for p in first if first[p] != second.get(p)}
    assert {"data/jjm-coverage/state_coverage.csv", STATE_PAGE, "coverage/index.md"} <= changed


def test_a_template_edit_is_never_served_from_the_cache(project):
    outputs(site(project))
    template = project / "site_templates" / "state.md.j2"
    template.write_text(template.read_text(encoding="utf-8") + "\nA new closing line.\n",
                        encoding="utf-8")
    data = site(project)
    second = outputs(data)
    assert second[STATE_PAGE].endswith("A new closing line.\n")
    assert second == uncached(data)


def test_an_update_edit_reaches_the_pages_that_show_it(project):
    outputs(site(project))
    update = sorted((project / "content" / "updates").glob("2*.md"))[-1]
    text = update.read_text(encoding="utf-8")
    title = next(line for line in text.splitlines() if line.startswith("title:"))
    update.write_text(text.replace(title, 'title: "A retitled update"', 1), encoding="utf-8")
    data = site(project)
    second = outputs(data)
    assert second == uncached(data)
    # The dataset pages list the updates that cite them: they are re-rendered, not served.
    assert any("A retitled update" in str(v) for p, v in second.items()
               if p.startswith("data/") and p.endswith("/index.md"))


def test_a_data_only_page_kind_cannot_read_content(project):
    @data_only
    def render(data, env, options):
        return [Page("x.md", str(len(load_content(data).updates)))]

    data = site(project)
    with pytest.raises(RuntimeError, match="data-only"):
        render(data, environment(data.config.templates))
    assert load_content(dataclasses.replace(data, content=data.content)) is data.content
    assert dataclasses.replace(data, content=WITHOUT_CONTENT).content is WITHOUT_CONTENT


def test_a_damaged_cache_entry_is_a_miss(project):
    data = site(project)
    first = states.render(data, environment(data.config.templates))
    for entry in (project / "build" / ".cache" / "rendered").iterdir():
        entry.write_bytes(entry.read_bytes()[:-1])
    for entry in (project / "build" / ".cache" / "downloads").iterdir():
        entry.write_bytes(b'[["x", "y", "z", 5]]\nabc')
    data = site(project)
    assert states.render(data, environment(data.config.templates)) == first
    assert outputs(data) == uncached(data)


def test_packed_outputs_and_downloads_round_trip(project):
    pages = [Page("a.md", "é\n"), Asset("b.bin", b"\x00\n\xff"), Page("c.md", "")]
    assert unpack_outputs(pack_outputs(pages)) == pages
    for bad in (b"", b"[]\nx", b'[["page", "a.md", 1]]\n\xff', b'[["other", "a", 0]]\n',
                b'[["page", "a.md", -1]]\n', b"not json\n"):
        assert unpack_outputs(bad) is None
    downloads = site(project).downloads["jjm-coverage"]
    back = unpack_downloads(pack_downloads(downloads))
    assert back == downloads
    # Each with its sha256, as stored (the store checked the entry): not hashed again.
    assert all("sha256" in d.__dict__ and d.sha256 == hashlib.sha256(d.data).hexdigest()
               for d in back)
    packed = pack_downloads(downloads)
    assert unpack_downloads(packed.replace(downloads[0].sha256.encode(), b"short", 1)) is None


def test_a_download_is_packed_by_name_and_read_back_from_the_data(project):
    """The dataset pages' copies of the downloads are kept as names, not bytes (issue 18)."""
    downloads = site(project).downloads
    zipped = next(d for d in downloads["jjm-coverage"] if d.filename.endswith(".zip"))
    copy = bytes(bytearray(zipped.data))  # equal bytes, not the download's own: kept whole
    made = [Page("a.md", "x"), Asset("data/z.zip", zipped.data), Asset("b.zip", copy)]
    blob = pack_outputs(made, downloads)
    assert blob.count(zipped.data) == 1  # the copy's bytes only
    back = unpack_outputs(blob, downloads)
    assert back == made and back[1].data is zipped.data
    others = {"jjm-coverage": [d for d in downloads["jjm-coverage"] if d is not zipped]}
    assert unpack_outputs(blob, others) is None  # a download it names is not there: a miss
    assert unpack_outputs(blob) is None
    assert unpack_outputs(b'[["download", "a", 3]]\n\xff\xfe\n', downloads) is None


def test_front_matter_node_cache_keeps_every_problem(tmp_path, monkeypatch):
    """Problems read from cached node trees are the ones PyYAML's own trees give."""
    from test_updates import FRONT_MATTER_CASES, case_data

    for case in sorted(FRONT_MATTER_CASES):
        data = case_data(tmp_path / case, case)
        cache = data.config.build_dir / ".cache" / front_matter.COMPOSED
        fresh = load_content(data).problems          # PyYAML's trees (and fills the cache)
        assert [p.key() for p in fresh] == FRONT_MATTER_CASES[case]
        assert load_content(data).problems == fresh  # trees from the cache
        assert cache.is_dir()


def test_a_front_matter_edit_is_never_served_from_the_cache(tmp_path):
    from test_updates import case_data

    data = case_data(tmp_path, "bad-dates")
    assert [p.row for p in load_content(data).problems][:1] == [3]
    path = tmp_path / "content" / "updates" / "dates.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("title:", "\ntitle:", 1), encoding="utf-8")
    assert [p.row for p in load_content(data).problems][:1] == [4]
