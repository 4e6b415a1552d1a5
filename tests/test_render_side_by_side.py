"""The languages' renders side by side (issue 18): a child process per other language gives the
same outputs in the same order, and brings back what the parent's own render would have noted
(texts without translation, charts drawn) and its failure, in language order, as one render
after another does.

The child is a fresh interpreter, so no monkeypatch reaches it: what it does differently comes
from the project (a page kind of its own, steered by an environment variable it inherits).
"""

from __future__ import annotations

import dataclasses
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sitebuild import ROOT, make_project, tree_digest

from generator import build, charts
from generator.build import LocatedError, render_pages, site_inputs
from generator.cache import Store
from generator.config import load_config
from generator.content import ContentError
from generator.forked import Child
from generator.languages import untranslated
from generator.model import Asset, Page, RenderError
from generator.problems import Problem
from generator.render_cache import pack_outputs, unpack_outputs
from generator.sitedata import unpack_files
from generator.validate import validate_paths

FIXTURE = ROOT / "tests" / "fixtures" / "site" / "datasets"
PROBE = '''"""A page kind of the test: one page, and in Hindi what RENDER_PROBE asks for."""
import multiprocessing
import os

from generator import charts
from generator.languages import of
from generator.model import Page, RenderError


def render(data, env, options):
    language, probe = of(env), os.environ.get("RENDER_PROBE", "")
    if not language.default:
        if probe == "missing":
            language.gettext("A sentence no catalogue translates")
            charts.render_stats().svg_renders += 2  # counted as drawn, not drawn
        elif probe in ("raise", "raise-both"):
            raise RenderError("hi went wrong")
        elif probe == "exit" and multiprocessing.parent_process() is not None:
            os._exit(3)  # as a child killed for want of memory: no reply at all
        elif probe == "unwritable":
            data.store.put_bytes("blocked", "entry", b"")  # a file where its folder would be
    elif probe == "raise-both":
        raise RenderError("en went wrong")
    return [Page("probe.md", "# Probe\\n")]
'''


def with_page_kind(root: Path, name: str, source: str) -> Path:
    """The project at `root` with page kind `name` (page_kinds/<name>.py) as its first section."""
    (root / "page_kinds" / f"{name}.py").write_text(source, encoding="utf-8")
    publication = root / "publication.yml"
    text = publication.read_text(encoding="utf-8")
    text = text.replace("page_kinds:\n", f"page_kinds:\n  - page_kinds.{name}\n", 1)
    text = text.replace("\nsections:\n", f"\nsections:\n  - kind: {name}\n", 1)
    publication.write_text(text, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    return with_page_kind(make_project(tmp_path_factory.mktemp("side-by-side"), FIXTURE),
                          "probe", PROBE)


def rendered(project: Path, side_by_side: bool, monkeypatch, wait: bool = True
             ) -> tuple[list, tuple]:
    """Every output of the project in English and Hindi, and its languages, one way or the
    other (with a store: the child reads this build's validation from it). `wait`: for the
    child's render, whether or not it has begun when this process is done; else stop it and
    render its language here."""
    monkeypatch.setattr(build, "side_by_side", lambda: side_by_side)
    monkeypatch.setattr(build, "worth_waiting", lambda child: wait)
    monkeypatch.setattr(build, "rendered_before", lambda *args: False)
    config = load_config(project, site_url="")
    assert not config.publication.problems, config.publication.problems
    store = Store(config.build_dir / build.CACHE_FOLDER)
    validation = validate_paths([config.datasets], project, store)
    assert validation.valid, [p.format() for p in validation.problems]
    data, languages, _problems = site_inputs(config, validation, store)
    assert len(languages) == 2 and build.RenderJob.of(config, store) is not None
    charts.reset_stats()
    return render_pages(data, languages), languages


def build_site_of(project: Path):
    return build.build_site(load_config(project, site_url=""), log=lambda line: None)


def contents(outputs: list[Page | Asset]) -> list[tuple[str, bytes]]:
    return [(o.path, o.markdown.encode("utf-8") if isinstance(o, Page) else o.data)
            for o in outputs]


@pytest.mark.parametrize("wait", [True, False])
def test_side_by_side_gives_the_same_outputs_in_the_same_order(project, monkeypatch, wait):
    one_after_another, _ = rendered(project, False, monkeypatch)
    side_by_side, _ = rendered(project, True, monkeypatch, wait)
    paths = [o.path for o in side_by_side]
    assert "hi/probe.md" in paths and "probe.md" in paths and "hi/data/index.md" in paths
    assert contents(side_by_side) == contents(one_after_another)


def test_a_child_not_yet_rendering_is_stopped_and_its_language_rendered_here(
        project, monkeypatch):
    """As in a rebuild, where this process is done before a new interpreter has started: its
    language comes from here, even when the child would have died in its render."""
    monkeypatch.setenv("RENDER_PROBE", "exit")
    outputs, _ = rendered(project, True, monkeypatch, wait=False)
    assert "hi/probe.md" in [o.path for o in outputs]


def marking(gate: Path, before: bool):
    """A child's work that waits for `gate` to exist, before or after saying it has begun."""
    def work(begun):
        if not before:
            begun()
        while not gate.exists():
            time.sleep(0.01)
        if before:
            begun()
        return "done"
    return work


def test_a_child_says_when_it_has_begun_and_can_be_stopped_either_way(tmp_path):
    gate = tmp_path / "gate"
    started = Child(None, marking(gate, before=False), "a test's work", RenderError, marks=True)
    waiting = Child(None, marking(gate, before=True), "a test's work", RenderError, marks=True)
    deadline = time.monotonic() + 30
    while not started.begun() and time.monotonic() < deadline:
        time.sleep(0.01)
    assert started.begun() and not waiting.begun()
    waiting.cancel()
    with pytest.raises(RenderError, match="a test's work stopped in another process"):
        waiting.result()
    gate.write_text("")
    assert started.result() == "done"


def test_a_held_child_begins_its_work_only_once_released(tmp_path):
    gate = tmp_path / "gate"
    gate.write_text("")
    held = Child(None, marking(gate, before=False), "a test's work", RenderError, marks=True,
                 held=True)
    time.sleep(1.5)  # long enough for a child not held to start and say it has begun
    assert not held.begun()
    held.release()
    held.release()  # again: nothing more
    assert held.result() == "done"


ORPHAN = """
import os, sys, time
sys.path.insert(0, {root!r})
from pathlib import Path
from generator.forked import Child
from generator.model import RenderError

def work():
    Path({done!r}).write_text("ran")

if __name__ == "__main__":
    child = Child(None, work, "a test's work", RenderError, start="spawn", held=True)
    print(child._process.pid, flush=True)
    time.sleep(1)
    os._exit(0)  # as a build killed in its content stage: gone without releasing its child
"""


def test_a_held_child_whose_parent_dies_ends_without_its_work(tmp_path):
    done = tmp_path / "done"
    script = tmp_path / "orphan.py"
    script.write_text(ORPHAN.format(root=str(ROOT), done=str(done)), encoding="utf-8")
    made = subprocess.run([sys.executable, str(script)], capture_output=True, text=True,
                          timeout=60, check=True)
    pid = int(made.stdout.split()[0])
    deadline = time.monotonic() + 30
    while _running(pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not _running(pid) and not done.exists()


def _running(pid: int) -> bool:
    """Whether process `pid` is alive (a zombie no one has reaped yet is not)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return False
    return state not in ("Z", "X")


def test_a_build_holds_the_childs_render_till_it_has_read_the_content(plain, monkeypatch):
    """The child would otherwise make the downloads and check every update itself, beside
    this process doing the same: it is started held and released once they are stored."""
    monkeypatch.setattr(build, "side_by_side", lambda: True)
    monkeypatch.setattr(build, "rendered_before", lambda *args: False)
    events = []

    class Recorded(Child):
        def __init__(self, *args, **kwargs):
            events.append(("held", kwargs.get("held")))
            super().__init__(*args, **kwargs)

        def release(self):
            events.append(("released", None))
            super().release()

    real = build.site_inputs

    def inputs(*args, **kwargs):
        made = real(*args, **kwargs)
        events.append(("read", None))
        return made

    monkeypatch.setattr(build, "Child", Recorded)
    monkeypatch.setattr(build, "site_inputs", inputs)
    assert build_site_of(plain).published
    renders = events[:events.index(("read", None)) + 2]
    assert renders == [("held", True), ("read", None), ("released", None)]


@pytest.mark.parametrize("side_by_side", [False, True])
def test_a_childs_missing_texts_and_chart_counts_come_back(project, monkeypatch, side_by_side):
    monkeypatch.setenv("RENDER_PROBE", "missing")
    _outputs, languages = rendered(project, side_by_side, monkeypatch)
    assert "A sentence no catalogue translates" in languages[1].missing
    assert [p.code for p in untranslated(languages, project)] == ["missing-translation"]
    assert charts.render_stats().svg_renders == 2


@pytest.mark.parametrize("side_by_side", [False, True])
def test_a_childs_render_error_comes_back_at_the_line_that_raised_it(
        project, monkeypatch, side_by_side):
    monkeypatch.setenv("RENDER_PROBE", "raise")
    with pytest.raises(LocatedError) as raised:
        rendered(project, side_by_side, monkeypatch)
    problem = raised.value.problem
    assert (problem.path, problem.code) == ("page_kinds/probe.py", "site-build-error")
    assert problem.row == PROBE.splitlines().index('            raise RenderError("hi went '
                                                   'wrong")') + 1
    assert "hi went wrong" in problem.message


def test_the_default_languages_error_is_the_one_raised(project, monkeypatch):
    monkeypatch.setenv("RENDER_PROBE", "raise-both")
    with pytest.raises(RenderError, match="en went wrong"):
        rendered(project, True, monkeypatch)


def test_a_child_that_dies_is_a_render_error_that_names_its_language(project, monkeypatch):
    monkeypatch.setenv("RENDER_PROBE", "exit")
    with pytest.raises(RenderError, match=r"the Hindi pages' render stopped in another "
                                          r"process \(exit code 3\)"):
        rendered(project, True, monkeypatch)


def test_a_child_that_reads_other_content_refuses_to_render(project, monkeypatch):
    """An edit saved while the site builds: the child's pages would not match the parent's."""
    monkeypatch.setattr(build, "render_inputs", lambda data, languages: "not what it reads")
    with pytest.raises(ContentError, match="changed while the site was built"):
        rendered(project, True, monkeypatch)


def test_a_config_another_process_cannot_read_again_renders_here(project, monkeypatch):
    monkeypatch.setattr(build, "side_by_side", lambda: True)
    monkeypatch.setattr(build, "rendered_before", lambda *args: False)
    config = load_config(project, site_url="")
    store = Store(config.build_dir / build.CACHE_FOLDER)
    assert build.RenderJob.of(config, store) is not None
    renamed = dataclasses.replace(config, site_name="Not the name mkdocs.yml gives")
    assert build.RenderJob.of(renamed, store) is None
    assert build.start_renders(renamed, store, "a data key") == {}
    assert build.start_renders(config, None, "a data key") == {}
    children = build.start_renders(config, store, "a data key")
    assert list(children) == ["hi"]
    children["hi"].cancel()


@pytest.mark.parametrize("side_by_side", [False, True])
def test_a_childs_store_failures_are_counted_once(project, monkeypatch, side_by_side):
    """What the child's copy of the store met while rendering is counted here, once; what it
    met reading the project again (the parent met it too) is not counted again."""
    monkeypatch.setenv("RENDER_PROBE", "unwritable")
    cache = project / "build" / build.CACHE_FOLDER
    (cache / "validation").mkdir(parents=True, exist_ok=True)
    (cache / "blocked").write_bytes(b"")
    (cache / "validation").rename(cache / "validation-aside")  # read again: miss, then put
    (cache / "validation").write_bytes(b"")  # ... and every put fails, here and in the child
    try:
        monkeypatch.setattr(build, "side_by_side", lambda: side_by_side)
        monkeypatch.setattr(build, "rendered_before", lambda *args: False)
        monkeypatch.setattr(build, "worth_waiting", lambda child: True)
        config = load_config(project, site_url="")
        store = Store(cache)
        validation = validate_paths([config.datasets], project, store)
        data, languages, _problems = site_inputs(config, validation, store)
        before = store.failures()
        assert before.get(("cache-unwritable", "validation"), 0) > 0
        render_pages(data, languages)
        after = store.failures()
    finally:
        (cache / "validation").unlink()
        (cache / "validation-aside").rename(cache / "validation")
        (cache / "blocked").unlink()
    assert after.get(("cache-unwritable", "blocked")) == 1  # the Hindi page kind's put
    assert after.get(("cache-unwritable", "validation")) == before[("cache-unwritable",
                                                                     "validation")]


def children_started(monkeypatch) -> list[str]:
    """What each child the build starts from now on is for ("the Hindi pages' render")."""
    started = []

    class Counted(Child):
        def __init__(self, *args, **kwargs):
            started.append(args[2])
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(build, "Child", Counted)
    return started


def test_a_language_rendered_before_renders_here_without_a_child(project, monkeypatch):
    """A rebuild after an edit: the other language's pages of this data are in the render
    cache, so no interpreter is started for them; other data or translations start one."""
    monkeypatch.setattr(build, "side_by_side", lambda: True)
    started = children_started(monkeypatch)
    config = load_config(project, site_url="")
    store = Store(config.build_dir / build.CACHE_FOLDER)
    validation = validate_paths([config.datasets], project, store)
    data, languages, _problems = site_inputs(config, validation, store)
    for language in languages:
        language.missing.clear()
    (store.folder / build.RENDERS / build._rendered_key(config, data.key, "hi")).unlink(
        missing_ok=True)
    first = contents(render_pages(data, languages))
    assert started == ["the Hindi pages' render"]
    assert build.rendered_before(config, store, data.key, "hi")
    second = contents(render_pages(data, languages))
    assert started == ["the Hindi pages' render"]  # none started the second time
    assert second == first
    assert not build.rendered_before(config, store, "other data", "hi")
    catalogue = project / "locale" / "hi" / "LC_MESSAGES" / "extra.po"
    catalogue.parent.mkdir(parents=True, exist_ok=True)
    catalogue.write_text("", encoding="utf-8")
    try:
        assert not build.rendered_before(config, store, data.key, "hi")
    finally:
        catalogue.unlink()


@pytest.fixture(scope="module")
def plain(tmp_path_factory) -> Path:
    """A project without the probe (whose text no catalogue translates: it would not build)."""
    return make_project(tmp_path_factory.mktemp("plain"), FIXTURE)


def test_a_build_renders_the_other_language_beside_its_content_and_the_site_is_the_same(
        plain, monkeypatch):
    """build_site starts the child as soon as the data is valid (start_renders), before the
    content is read: the site is the one a build on one core makes."""
    started = children_started(monkeypatch)
    monkeypatch.setattr(build, "side_by_side", lambda: False)
    assert build_site_of(plain).published
    one_core = tree_digest(plain / "site")
    monkeypatch.setattr(build, "side_by_side", lambda: True)
    monkeypatch.setattr(build, "rendered_before", lambda *args: False)
    monkeypatch.setattr(build, "worth_waiting", lambda child: True)
    assert build_site_of(plain).published
    assert "the Hindi pages' render" in started
    assert tree_digest(plain / "site") == one_core


def test_a_build_whose_content_fails_stops_the_child_it_started(plain, monkeypatch):
    monkeypatch.setattr(build, "side_by_side", lambda: True)
    monkeypatch.setattr(build, "rendered_before", lambda *args: False)
    children = []
    real = build.start_renders

    def kept(*args, **kwargs):
        made = real(*args, **kwargs)
        children.extend(made.values())
        return made

    monkeypatch.setattr(build, "start_renders", kept)
    monkeypatch.setattr(build, "check_sections", lambda data: [
        Problem("publication.yml", 1, None, "a-test-error", "stops the build")])
    result = build_site_of(plain)
    assert not result.published and [p.code for p in result.problems] == ["a-test-error"]
    assert children and all(not child._process.is_alive() for child in children)


def test_a_childs_downloads_come_back_by_name_and_are_the_same_files(project, monkeypatch):
    """The data's downloads (most of a national language's bytes) are not sent back from the
    child: it names them, and this process puts its own same bytes in their place."""
    monkeypatch.setattr(build, "rendered_before", lambda *args: False)
    config = load_config(project, site_url="")
    store = Store(config.build_dir / build.CACHE_FOLDER)
    validation = validate_paths([config.datasets], project, store)
    data, languages, _problems = site_inputs(config, validation, store)
    made = build.language_outputs(dataclasses.replace(data, store=None), languages[1])
    sent = pack_outputs(made, data.downloads)  # what _render_child sends back
    named = [path for (kind, path), _ in unpack_files(sent, 2) if kind == "download"]
    zips = [o.path for o in made if o.path.endswith(".zip")]
    assert zips and set(zips) <= set(named)
    assert all(path.startswith("hi/") for path in named)
    assert contents(unpack_outputs(sent, data.downloads)) == contents(made)


# --- The child that builds its language too (start_renders' publish, as build_site starts it)
PUBLISH_PROBE = '''"""A page kind of the test: one page; in Hindi, what PUBLISH_PROBE asks for."""
import os

from generator.languages import of
from generator.model import Page


def render(data, env, options):
    language, probe = of(env), os.environ.get("PUBLISH_PROBE", "")
    text = "# Probe\\n"
    if not language.default and probe == "missing":  # a text only the running build knows
        language.gettext(os.environ["PUBLISH_PROBE_TEXT"])
    if not language.default and probe == "broken-link":  # MkDocs' strict run refuses it
        text += "\\n[nowhere](nowhere.md)\\n"
    return [Page("publish-probe.md", text)]
'''


@pytest.fixture(scope="module")
def publishing(tmp_path_factory) -> Path:
    """A project that builds, with a page kind whose Hindi page PUBLISH_PROBE can break."""
    return with_page_kind(make_project(tmp_path_factory.mktemp("publishing"), FIXTURE),
                          "publish_probe", PUBLISH_PROBE)


def built_beside(project: Path, monkeypatch):
    """build_site with the Hindi render child waited for, and the children it started."""
    started = children_started(monkeypatch)
    monkeypatch.setattr(build, "side_by_side", lambda: True)
    monkeypatch.setattr(build, "rendered_before", lambda *args: False)
    monkeypatch.setattr(build, "worth_waiting", lambda child: True)
    return build_site_of(project), started


def test_the_render_child_builds_its_language_and_the_site_is_the_same(publishing, monkeypatch):
    """The child writes docs/hi and runs the Hindi MkDocs run itself (no second child for
    it), as soon as its render is done: the site is the one a build on one core makes."""
    with monkeypatch.context() as one_core:
        one_core.setattr(build, "side_by_side", lambda: False)
        assert build_site_of(publishing).published
    alone = tree_digest(publishing / "site")
    result, started = built_beside(publishing, monkeypatch)
    assert result.published, [p.format() for p in result.problems]
    assert started == ["the Hindi pages' render"]
    assert tree_digest(publishing / "site") == alone
    assert (publishing / "site" / "hi" / "publish-probe.html").is_file()


@pytest.mark.parametrize("probe, code", [("missing", "missing-translation"),
                                         ("broken-link", "site-build-error")])
def test_a_child_that_cannot_build_its_language_publishes_nothing(publishing, monkeypatch,
                                                                  probe, code):
    """A text without translation on its pages, or MkDocs refusing them, stops the build as
    in one process: the problem comes back, the site is left as it was, no staging site."""
    assert build_site_of(publishing).published
    before = tree_digest(publishing / "site")
    monkeypatch.setenv("PUBLISH_PROBE", probe)
    monkeypatch.setenv("PUBLISH_PROBE_TEXT", "A text no catalogue has")
    result, _started = built_beside(publishing, monkeypatch)
    assert not result.published and code in [p.code for p in result.problems]
    assert tree_digest(publishing / "site") == before
    config = load_config(publishing, site_url="")
    assert not build.staging_folder(config).exists()


def test_a_child_that_read_other_content_publishes_nothing(publishing, monkeypatch):
    """An edit saved while the site builds: the child built pages of what it read, which is
    not what this process checked (render_inputs), so nothing is published."""
    assert build_site_of(publishing).published
    before = tree_digest(publishing / "site")
    monkeypatch.setattr(build, "render_inputs", lambda data, languages: "not what it read")
    result, _started = built_beside(publishing, monkeypatch)
    assert not result.published
    assert any("changed while the site was built" in p.message for p in result.problems)
    assert tree_digest(publishing / "site") == before


def test_a_content_folder_named_as_another_language_is_refused(tmp_path):
    """content/hi/ would land in the folder of the Hindi pages, which is synced on its own."""
    root = make_project(tmp_path, FIXTURE)
    (root / "content" / "hi").mkdir(parents=True)
    (root / "content" / "hi" / "notes.md").write_text("# Notes\n", encoding="utf-8")
    result = build_site_of(root)
    assert not result.published
    found = [p for p in result.problems if p.code == "site-build-error"]
    assert found and found[0].path == "content/hi"
    assert "hi/ is the folder of the site's Hindi pages" in found[0].message
