"""The pipeline: load -> validate -> render -> build, then swap the new site into place."""

from __future__ import annotations

import calendar
import contextlib
import ctypes
import ctypes.util
import dataclasses
import datetime as dt
import errno
import functools
import hashlib
import os
import re
import shutil
import sys
import tempfile
import time
import traceback
from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from . import charts, embeds
from .cache import Store, digest, folder_parts, prune
from .config import SiteConfig, load_config
from .content import ContentError, content_files, load_content
from .docs_manifest import DocsManifest, note
from .docs_manifest import identity as docs_identity
from .downloads import by_bytes
from .footer import site_footer
from .forked import Child
from .i18n import ENGINE_LOCALE, PUBLICATION_LOCALE, language_name
from .languages import ENGLISH, Language, load_languages, localised, untranslated
from .lock import held
from .markdown import environment
from .mkdocs_site import MkDocsResult, SiteBuildError, run_mkdocs
from .model import Asset, Page, RenderError
from .needs import check_needs
from .packages import display
from .problems import Problem, errors
from .published import record as record_published
from .releases import FOLDER as RELEASES
from .releases import changed_version, read_archive
from .render_cache import code_version, pack_outputs, unpack_outputs, use_template_cache
from .safe_files import UnsafePath, inside, named_inside
from .sitedata import SiteData, data_key, load_site_data, package_keys, site_downloads
from .validate import TableChanged, Validation, validate_paths

CACHE_FOLDER = ".cache"
SHARED_MIN_SIZE = 1 << 20  # docs files this large are compared with their likes (_digests)
ODD_NAME = re.compile(r"[\x00-\x1f\\]")  # what named_inside refuses even in a name found inside
# The engine's own static files (shipped in the wheel), published under assets/opendata/.
ENGINE_ASSETS = Path(__file__).parent / "assets"
# Seconds of leeway for file systems that store file times coarsely (see cache.prune).
CLOCK_SLACK = 2.0


@dataclass(frozen=True)
class BuildResult:
    """What a build did: whether it published, counts, problems and timings by stage."""

    published: bool
    problems: tuple[Problem, ...]
    pages: int = 0
    datasets: int = 0
    timings: dict[str, float] = field(default_factory=dict)


def build_site(config: SiteConfig, log: Callable[[str], None] = print) -> BuildResult:
    """Validate, render and build into a fresh folder, then replace site/ only on success.

    The whole build holds the project's build lock (lock.py): a second build in the same
    folder waits for this one, then refuses with a problem if it waited too long.
    """
    with held(config.build_dir, log) as locked:
        if locked is not None:
            return BuildResult(False, (locked,))
        try:
            return _build_site(config, log)
        except TableChanged as exc:  # a table read on first use is not the one validated
            _remove(staging_folder(config))
            return BuildResult(False, (Problem(exc.path, None, None, "site-build-error",
                                               str(exc)),))


def staging_folder(config: SiteConfig) -> Path:
    """Where a build makes the new site before it replaces site/ (site.new beside it)."""
    return config.site_dir.with_name(config.site_dir.name + ".new")


def _build_site(config: SiteConfig, log: Callable[[str], None]) -> BuildResult:
    """The build itself, run while holding the lock."""
    timings: dict[str, float] = {}
    start = time.perf_counter()
    if errors(config.publication.problems):
        return BuildResult(False, config.publication.problems)
    started = time.time()  # file times of cache entries this build uses are at least this
    log("validate: checking data packages in " + config.datasets.name + "/")
    # The build's one store: every cache below takes its entries from it (see cache.Store).
    store = Store(config.build_dir / CACHE_FOLDER)
    # Validation results are kept by content hash: an unchanged package is not checked again.
    validation = validate_paths([config.datasets], config.root, store)
    timings["validate"] = time.perf_counter() - start
    if not validation.valid:
        return BuildResult(False, validation.problems + store.problems(), timings=timings)
    step = time.perf_counter()
    keys = package_keys(validation)
    # The other languages' renders begin now, beside this process's reading of the content;
    # one still running when the build ends (it failed before using it) is stopped.
    with started_renders(config, store, data_key(validation, keys), publish=True) as children:
        log("content: checking pages and updates in " + config.content.name + "/")
        data, languages, language_problems = site_inputs(config, validation, store, keys)
        staging = staging_folder(config)
        _remove(staging)  # before the children, which write their languages' folders of it
        for child in children.values():  # what they read again is in the store now
            child.release()
        problems = (config.publication.problems + validation.problems + data.content.problems
                    + tuple(language_problems)
                    + tuple(check_sections(data)) + tuple(check_releases(data)))
        timings["content"] = time.perf_counter() - step
        if errors(problems):
            return BuildResult(False, problems + store.problems(), timings=timings)
        work = config.build_dir
        work.mkdir(parents=True, exist_ok=True)
        docs = work / "docs"
        try:
            step = time.perf_counter()
            log("render: writing Markdown pages")
            charts.reset_stats()
            charts.renderer().use_store(store)
            outputs, away = rendered_here(data, languages, children, publishing=True)
            here = tuple(language for language in languages if language.code not in away)
            missing = tuple(untranslated(here, config.root))
            if missing:  # a page asked for a text of the publication that has no translation
                _stop(children, staging)
                return BuildResult(False, problems + missing + store.problems(), timings=timings)
            write_docs(data, outputs, docs, here)
            timings["charts"] = 0.0  # (counted below, once the children's are in)
            timings["render"] = time.perf_counter() - step
            step = time.perf_counter()
            log("build: running MkDocs (strict)")
            pages = reused = made_pages = 0
            shown: dict[str, Mapping[str, str]] = {}  # language prefix -> its pages' sha256
            run = functools.partial(mkdocs_run, data, docs, staging, release_epoch(validation),
                                    languages)
            runs = list(mkdocs_runs(run, here, store))  # in language order
            expected = render_inputs(data, languages) if away else ""
            for code, child in away.items():  # rendered and built in its child
                language = next(language for language in languages if language.code == code)
                runs.append(published_away(data, language, child, expected))
            # Time spent drawing charts, summed over the processes that rendered (part of "render").
            timings["charts"] = charts.render_stats().seconds
            missing = tuple(untranslated(languages, config.root))
            if missing:  # a page of a child's language asked for a text without translation
                _remove(staging)
                return BuildResult(False, problems + missing + store.problems(), timings=timings)
            for language, (made, missing) in zip((*here, *(lang for lang in languages
                                                           if lang.code in away)),
                                                 runs, strict=True):
                pages += made.html_files
                if missing:  # the site's name or a navigation title without translation
                    _remove(staging)
                    return BuildResult(False, problems + missing + store.problems(),
                                       timings=timings)
                reused, made_pages = reused + made.reused, made_pages + made.pages
                shown[language.prefix] = made.shown
            if reused:
                log(f"build: {reused:,} of {made_pages:,} pages unchanged, taken from the page cache")
            for language in languages:
                finish_site(config, staging / language.prefix)
            timings["mkdocs"] = time.perf_counter() - step
        except (SiteBuildError, RenderError, ContentError, UnsafePath) as exc:
            _stop(children, staging)
            problem = failure_problem(config, exc)
            return BuildResult(False, problems + (problem,) + store.problems(), timings=timings)
        swap(staging, config.site_dir)
        for prefix, pages_shown in shown.items():  # the next build links its unchanged pages
            record_published(store, config.site_dir / prefix, pages_shown)
        # Only after a build that published: a failed one may not have looked everything up.
        prune(work / CACHE_FOLDER, since=started - CLOCK_SLACK, now=time.time())
        timings["total"] = time.perf_counter() - start
        return BuildResult(True, problems + store.problems(), pages, len(validation.packages),
                           timings)


def site_inputs(config: SiteConfig, validation: Validation, store: Store,
                keys: dict[str, str] | None = None
                ) -> tuple[SiteData, tuple[Language, ...], list[Problem]]:
    """What the pages are made of: the site data with its content, and every language's
    messages (issue 16: a missing translation stops the build, by name).

    The downloads (most of it the packages' zips, at national scale seconds of compressing)
    are made in a thread while the content and messages are read, which never look at them:
    zlib lets other Python run while it compresses. The thread counts its store failures in a
    store of its own (Store is not shared between threads), added to `store`'s after.
    `keys`: package_keys(validation), when the caller has them.
    """
    keys = package_keys(validation) if keys is None else keys
    own = Store(store.folder) if store is not None else None
    with ThreadPoolExecutor(1) as pool:
        made = pool.submit(site_downloads, validation, keys, own)
        data = load_site_data(config, validation, store, downloads={}, keys=keys)
        try:
            content = load_content(data)
            languages, problems = load_languages(
                config.publication.languages, config.root, config.publication.digits, store)
        finally:
            downloads = made.result()  # its exception, if any, after the content's
    if store is not None and own is not None:
        store.add_failures(own.failures())
    return dataclasses.replace(data, downloads=downloads, content=content), languages, problems


MkDocsRun = tuple[MkDocsResult, tuple[Problem, ...]]


def mkdocs_run(data: SiteData, docs: Path, staging: Path, epoch: int,
               languages: tuple[Language, ...], language: Language) -> MkDocsRun:
    """One language's MkDocs run, from docs/<prefix> into the staging site's same folder,
    and the publication's texts it found no translation of."""
    config = data.config
    made = run_mkdocs(config, docs / language.prefix, staging / language.prefix, epoch,
                      data.store, footer=site_footer(data, language), language=language,
                      languages=languages, published=config.site_dir / language.prefix)
    return made, tuple(untranslated((language,), config.root))


def mkdocs_runs(run: Callable[[Language], MkDocsRun], languages: tuple[Language, ...],
                store: Store) -> Iterator[MkDocsRun]:
    """`run(language)` for each language (its MkDocs run and the translations it lacked), in
    language order, the default one first.

    The languages' runs share nothing but the store (each writes its own folder of the site),
    so with more than one core each other language runs in a child process of its own while
    this one builds the default language (the site's root): the same files, problems and log
    lines, about half the stage's time on two cores. A child's exception is raised here, in
    language order, as a run after another would raise it; the store failures it met are
    counted in `store`.
    """
    first, others = languages[0], languages[1:]
    if not others or not side_by_side():
        yield from map(run, languages)  # the caller stops at the first missing translation
        return
    children = [Child(store, functools.partial(run, language),
                      f"the {language_name(language.code)} pages' MkDocs run", SiteBuildError)
                for language in others]
    try:
        made = run(first)
    finally:  # never leave a child writing into a folder this build is about to delete
        for child in children:
            child.wait()
    yield made
    for child in children:
        yield child.result()


def side_by_side() -> bool:
    """Whether the languages' MkDocs runs can go side by side: more than one core to run
    on, and Linux, where a process is forked with this one's memory (the runs' inputs are
    not all picklable) safely; macOS' system libraries may fail in a forked child."""
    if not sys.platform.startswith("linux"):
        return False
    return len(os.sched_getaffinity(0)) > 1


def check_sections(data: SiteData) -> list[Problem]:
    """What each section's kind finds wrong with its options and data before anything is written.

    A kind may define check(data, options) -> list[Problem] (the home page checks its figure
    references this way) and NEEDS, the resources and fields it reads (needs.py).
    """
    publication = data.config.publication
    problems: list[Problem] = []
    needs = [n for kind in dict.fromkeys(s.kind for s in publication.sections)
             for n in getattr(publication.kinds[kind].module, "NEEDS", ())]
    problems += check_needs(data.packages, needs)  # the fields a Python kind reads
    for section in publication.sections:
        check = getattr(publication.kinds[section.kind].module, "check", None)
        if callable(check):
            # A problem of the publication file without a line is at the section's line.
            problems += [dataclasses.replace(p, row=section.line) if p.path == publication.path
                         and p.row is None else p for p in check(data, section.options)]
    return problems


def check_releases(data: SiteData) -> list[Problem]:
    """The release archive whole, and no package changed under a version it archived.

    The same check as `opendata release --check`: the site must never offer a second, different
    <package>-<version>.zip under a name releases/ already holds.
    """
    root = data.config.root
    archive, problems = read_archive(root / RELEASES, root)
    for package in data.packages:
        published = next(d for d in data.downloads[package.name]
                         if d.mediatype == "application/zip")
        changed = changed_version(archive, package, published.filename, published.sha256)
        problems += [changed] if changed is not None else []
    return problems


# --- Where a failed render or MkDocs run comes from (issue 13: the file at fault) ---------
class LocatedError(RenderError):
    """A render error that knows the file (and line) that caused it, as a Problem."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.message)
        self.problem = problem

    def __reduce__(self):  # pickled from a child's render (forked.Child) with its problem
        return LocatedError, (self.problem,)


ENGINE = Path(__file__).resolve().parent
_DOC_FILE = re.compile(r"Doc file '([^']+)'")


def failure_problem(config: SiteConfig, exc: Exception) -> Problem:
    """The problem for an exception that stopped the build, at the file that caused it.

    A render error already located says where; MkDocs' complaint about a page names the
    content file it came from when it is one (a generated page has no file of its own, so
    mkdocs.yml, MkDocs' configuration, is named); anything else names the templates.
    """
    if isinstance(exc, LocatedError):
        return exc.problem
    where = "site_templates"
    if isinstance(exc, SiteBuildError):
        where = "mkdocs.yml"
        for name in _DOC_FILE.findall(str(exc)):
            source = config.content / name
            if source.is_file():
                where = display(source, config.root)
                break
    elif isinstance(exc, ContentError):
        where = display(config.content, config.root)
    return Problem(where, None, None, "site-build-error", str(exc))


def _render_problem(data: SiteData, index: int, exc: Exception) -> Problem:
    """A page kind's failure (a chart that cannot be drawn): at the line of the publication's
    own code that asked for it when there is one (page_kinds/), else at its section."""
    root = data.config.root.resolve()
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        source = Path(frame.filename).resolve()
        if source.is_relative_to(root) and not source.is_relative_to(ENGINE):
            return Problem(source.relative_to(root).as_posix(), frame.lineno, None,
                           "site-build-error", str(exc))
    section = data.config.publication.sections[index]
    return Problem(data.config.publication.path, section.line, f"sections[{index}]",
                   "site-build-error", str(exc))
# --- end of the located render errors -----------------------------------------------------


def render_pages(data: SiteData, languages: tuple[Language, ...] = (ENGLISH,),
                 children: dict[str, Child] | None = None) -> list[Page | Asset]:
    """Run every section's page kind in every language; two outputs at one path is an error.

    A language other than the default one gets the same pages in its folder (hi/...).

    `children`: the other languages' renders start_renders began; None starts them here. Each
    language with a child is taken from it, and must have been made of what this build checked
    (else ContentError: an edit was saved while the site built); a failure is raised in
    language order, as in one render after another, and what the child noted (texts without
    translation, charts drawn, cache failures) is counted here. A language without a child,
    or whose child has not begun to render when this process is done with its own language,
    renders here.
    """
    return rendered_here(data, languages, children)[0]


def rendered_here(data: SiteData, languages: tuple[Language, ...] = (ENGLISH,),
                  children: dict[str, Child] | None = None, publishing: bool = False
                  ) -> tuple[list[Page | Asset], dict[str, Child]]:
    """render_pages' outputs; with `publishing`, without those of the languages whose children
    began, which are returned by code instead: each such child (start_renders' `publish`)
    writes its language's docs folder and runs its MkDocs run itself, and published_away
    takes its result once this process has built its own languages."""
    first, others = languages[0], languages[1:]
    if children is None:
        children = start_renders(data.config, data.store, data.key)
    try:
        outputs = language_outputs(data, first)
    except BaseException:  # its entries are written whole or not at all: stop it anywhere
        for child in children.values():
            child.cancel()
        raise
    expected = render_inputs(data, languages) if children else ""
    away: dict[str, Child] = {}
    for language in others:
        child = children.get(language.code)
        if child is not None and not worth_waiting(child):
            child.cancel()
            child = None
        if child is None:
            outputs += language_outputs(data, language)
        elif publishing:
            away[language.code] = child
            continue  # marked rendered with its result (published_away)
        else:
            done = child.result()
            check_inputs(done.inputs, expected)
            language.missing.update(done.missing)
            charts.render_stats().add(done.drawn)
            made = unpack_outputs(done.outputs or b"", data.downloads)
            if made is None:  # it names a download this process does not have
                raise ContentError("the data changed while the site was built: nothing is "
                                   "published; build again")
            outputs += made
        mark_rendered(data.config, data.store, data.key, language)
    return outputs, away


def published_away(data: SiteData, language: Language, child: Child, expected: str
                   ) -> MkDocsRun:
    """The MkDocs run of a language its child rendered and built (rendered_here), once it is
    done: made of what this build checked (`expected`, render_inputs'), its texts without
    translation and charts counted here. A child whose pages asked for a text without
    translation ran no MkDocs run: then an empty one (the build stops on the missing text)."""
    done = child.result()
    check_inputs(done.inputs, expected)
    language.missing.update(done.missing)
    charts.render_stats().add(done.drawn)
    if done.run is None:
        return MkDocsResult(0), ()
    mark_rendered(data.config, data.store, data.key, language)
    return done.run


def check_inputs(inputs: str, expected: str) -> None:
    """ContentError unless a child's render was made of what this build checked."""
    if inputs != expected:
        raise ContentError("the data, content or translations changed while the site "
                           "was built: nothing is published; build again")


def _stop(children: dict[str, Child], staging: Path) -> None:
    """A build that will not publish: its children stopped, then its staging site deleted
    (a child building its language would write into it)."""
    for child in children.values():
        child.cancel()
    _remove(staging)


@contextlib.contextmanager
def started_renders(config: SiteConfig, store: Store | None, key: str, publish: bool = False
                    ) -> Iterator[dict[str, Child]]:
    """start_renders' children, each stopped at the end if still running, and each held till
    released: the caller reads the content and makes the downloads meanwhile, which the
    children would otherwise make again, each for itself (in a full national build, the
    zips' 5 s of compressing and every update's checks), and then takes from the store."""
    children = start_renders(config, store, key, held=True, publish=publish)
    try:
        yield children
    finally:
        for child in children.values():
            child.cancel()


def start_renders(config: SiteConfig, store: Store | None, key: str, held: bool = False,
                  publish: bool = False) -> dict[str, Child]:
    """A child process rendering each of the publication's other languages, by code (issue 18).

    The languages' pages share nothing but the store, so with more than one core each other
    language renders in a child of its own while this process renders the default one: the
    same outputs, in about half the render's time on two cores. The build starts them as soon
    as the data is valid, `held` (forked.Child): each imports the engine while this process
    reads the content and messages and makes the downloads, then, released, reads them again,
    mostly from the store (or makes what it misses). A child is a fresh
    interpreter (polars' and vl-convert's threads do not survive a fork) that reads the
    project again, its validation from `store`; render_pages compares what it read with what
    this build checked. None is started for a language whose pages of this data this code
    rendered before (a rebuild after an edit: they are mostly in the render cache now, quicker
    to read than a new interpreter is to start), nor on one core, nor without a store to hand
    the validation over, nor for a config another process would not read the same.

    `publish`: each child then also writes its language's folder of the docs and runs its
    MkDocs run into the staging site (the build's: _build_site), as soon as its render is
    done, instead of sending its pages back (rendered_here, published_away). The two
    languages' builds then overlap where a render ends before the other's, and this process
    writes and reads only its own pages.
    """
    codes = config.publication.languages[1:]
    if not codes or store is None or not key or not side_by_side():
        return {}
    codes = tuple(code for code in codes if not rendered_before(config, store, key, code))
    job = RenderJob.of(config, store) if codes else None
    if job is None:
        return {}
    return {code: Child(store, functools.partial(_render_child, job, code, publish),
                        f"the {language_name(code)} pages' render", RenderError,
                        start="spawn", marks=True, held=held)
            for code in codes}


RENDERS = "renders"  # build/.cache/renders: which languages' pages of which data were rendered


def _rendered_key(config: SiteConfig, key: str, code: str) -> str:
    """What a language's costly pages depend on (its data pages and charts, in the render
    cache): the code, the data (`key`: SiteData.key), the config and the translations, not
    the content (an edited page or update leaves it as it was)."""
    return Store.key(["rendered", code_version(), key, repr(config), code,
                      *folder_parts(config.root / PUBLICATION_LOCALE),
                      *folder_parts(ENGINE_LOCALE)])


def rendered_before(config: SiteConfig, store: Store, key: str, code: str) -> bool:
    """Whether a build has rendered the `code` pages of this data with this code, so that most
    of them are in the render cache. Only where they render depends on it, never what."""
    return store.get_bytes(RENDERS, _rendered_key(config, key, code)) is not None


def mark_rendered(config: SiteConfig, store: Store | None, key: str, language: Language
                  ) -> None:
    """Note that `language`'s pages of this data were rendered (see rendered_before)."""
    if store is not None and key and not language.default:
        store.put_bytes(RENDERS, _rendered_key(config, key, language.code), b"")


def worth_waiting(child: Child) -> bool:
    """Whether to wait for a child's render rather than do it here: it has begun."""
    return child.begun()


@dataclass(frozen=True)
class RenderJob:
    """What a child process needs to render the same pages as this one: how to read the
    project again, and the store to read this build's validation from (Child counts the
    failures the child's copy meets)."""

    root: Path
    site_dir: Path
    site_url: str
    store: Store

    @classmethod
    def of(cls, config: SiteConfig, store: Store) -> RenderJob | None:
        """The job, or None when another process would not read the same config (it must be
        one load_config gives)."""
        job = cls(config.root, config.site_dir, config.site_url or "", store)
        try:
            same = repr(job.config()) == repr(config)
        except Exception:  # noqa: BLE001 - whatever stops a re-read, render here instead
            same = False
        return job if same else None

    def config(self) -> SiteConfig:
        return load_config(self.root, self.site_dir, self.site_url)


def render_inputs(data: SiteData, languages: tuple[Language, ...]) -> str:
    """A digest of what the pages are made of: config, data, content and messages."""
    return digest([repr(data.config), data.key, repr(data.content),
                   *(language.cache_part() for language in languages)])


@dataclass(frozen=True)
class ChildRender:
    """What a language's child sends back (_render_child): the texts it found no translation
    of, its chart counts (what the parent's own render of that language would have noted),
    render_inputs of what it read, and either its outputs (render_cache.pack_outputs'), for
    the parent to write, or the MkDocs run it made of them itself (`publish`; None when a page
    asked for a text without translation: the build stops on that, and the child built
    nothing)."""

    missing: dict
    drawn: charts.RenderStats
    inputs: str
    outputs: bytes | None = None
    run: MkDocsRun | None = None


def _render_child(job: RenderJob, code: str, publish: bool, begun: Callable[[], None]
                  ) -> ChildRender:
    """A child's render of one language. `begun()` once it has read the project again: the
    store failures Child counts are those met from then on (the parent meets any in what was
    read). With `publish` (start_renders'), the child writes its language's docs folder and
    runs its MkDocs run into the staging site instead of sending its outputs back."""
    config = job.config()
    validation = validate_paths([config.datasets], config.root, job.store)
    data, languages, _problems = site_inputs(config, validation, job.store)
    language = next(language for language in languages if language.code == code)
    begun()
    charts.reset_stats()
    charts.renderer().use_store(job.store)
    outputs = language_outputs(data, language)
    inputs = render_inputs(data, languages)
    done = ChildRender(dict(language.missing), charts.render_stats(), inputs)
    if not publish:
        # The downloads (most of a national language's bytes) go back by name, not bytes:
        # the parent has the same ones (the same data, checked by render_inputs; issue 18).
        return dataclasses.replace(done, outputs=pack_outputs(outputs, data.downloads))
    if language.missing:
        return done
    docs = config.build_dir / "docs"
    write_docs(data, outputs, docs, (language,))
    run = mkdocs_run(data, docs, staging_folder(config), release_epoch(validation), languages,
                     language)
    # (after the run: its theme's texts without translation are noted in language.missing)
    return dataclasses.replace(done, missing=dict(language.missing), run=run)


def language_outputs(data: SiteData, language: Language) -> list[Page | Asset]:
    """One language's pages and files at their paths in the docs folder (hi/... for Hindi)."""
    made = embeds.complete(data, _render_language(data, language), language)
    return [o if language.default else dataclasses.replace(o, path=localised(o.path, language))
            for o in made]


def _render_language(data: SiteData, language: Language) -> list[Page | Asset]:
    """Every section's pages in one language, at paths relative to that language's folder."""
    # Compiled templates come from build/.cache/templates (render_cache.TemplateCache).
    env = use_template_cache(environment(data.config.template_folders, language), data.store)
    publication = data.config.publication
    outputs: list[Page | Asset] = []
    seen: dict[str, str] = {}
    for index, section in enumerate(publication.sections):
        kind = publication.kinds[section.kind]
        try:
            rendered = kind.render(data, env, section.options)
        except LocatedError:
            raise
        except RenderError as exc:
            raise LocatedError(_render_problem(data, index, exc)) from exc
        for output in rendered:
            if output.path in seen:
                raise LocatedError(Problem(
                    publication.path, section.line, f"sections[{index}]", "site-build-error",
                    f"two pages would be written to {output.path} (by the "
                    f"{seen[output.path]} and {section.kind} sections)"))
            seen[output.path] = section.kind
            outputs.append(output)
    return outputs


def write_docs(data: SiteData, outputs: list[Page | Asset], docs: Path,
               languages: tuple[Language, ...] = (ENGLISH,)) -> None:
    """The docs folder of each of `languages`: the hand-written content/ plus every generated
    page and file of that language.

    Each language other than the default one has its own folder of the same (hi/...), which
    MkDocs builds on its own, and which is synced on its own: the default language's, the
    docs folder itself, leaves the other languages' folders as they are, as another process
    may be writing one (start_renders' `publish`). Only files whose bytes changed are written
    and files no longer made are deleted, so a rebuild after one edit writes one page instead
    of the whole site (about 70 MB at national scale). What MkDocs then reuses is decided by
    content hashes, never by file times.
    """
    others = tuple(f"{code}/" for code in data.config.publication.languages[1:])
    assets = engine_assets()  # read once: every language's folder has them
    folders: dict[str, dict[str, bytes]] = {}
    for language in languages:  # a publication's content may override the engine's assets
        own = {**assets, **content_files(data, language)}
        folders[language.prefix] = {localised(path, language): data
                                    for path, data in own.items()}
    for output in outputs:
        prefix = next((p for p in others if output.path.startswith(p)), "")
        files = folders.setdefault(prefix, {})
        if output.path in files:
            shadowed = data.config.content / _unlocalised(output.path, languages)
            raise LocatedError(Problem(
                display(shadowed, data.config.root) if shadowed.is_file() else "content",
                None, None, "site-build-error",
                f"generated {output.path} would overwrite content/{output.path}"))
        files[output.path] = (output.markdown.encode("utf-8") if isinstance(output, Page)
                              else output.data)
    # The downloads' sha256s are known (sitedata.cached_downloads): not hashed again per folder.
    known = {key: d.sha256 for key, (_, d) in by_bytes(data.downloads).items()}
    for prefix, files in folders.items():
        keep = () if prefix else tuple(other.rstrip("/") for other in others)
        if not prefix:
            _check_own_folder(data, files, others)
        folder = docs / prefix.rstrip("/") if prefix else docs
        files = {path.removeprefix(prefix): data for path, data in files.items()}
        try:
            sync_folder(folder, files, data.store, keep, known)
        except OSError:  # e.g. a file where a folder is now needed: start from nothing
            _clear(folder, keep)
            sync_folder(folder, files, data.store, keep, known)


def _unlocalised(path: str, languages: tuple[Language, ...]) -> str:
    """A docs path without its language folder ('hi/about.md' -> 'about.md')."""
    for language in languages:
        if language.prefix and path.startswith(language.prefix):
            return path.removeprefix(language.prefix)
    return path


def _check_own_folder(data: SiteData, files: dict[str, bytes], others: tuple[str, ...]) -> None:
    """LocatedError for a default-language file in another language's folder of the docs (a
    content/hi/ folder, in a publication that has Hindi pages)."""
    for path in files:
        if path.startswith(others):
            code = path.split("/", 1)[0]
            where = data.config.content / code
            raise LocatedError(Problem(
                display(where, data.config.root) if where.exists() else "content", None, None,
                "site-build-error", f"{path}: {code}/ is the folder of the site's "
                f"{language_name(code)} pages; rename the folder"))


def _clear(folder: Path, keep: tuple[str, ...] = ()) -> None:
    """Delete `folder` but what it holds under the names `keep`."""
    if not folder.is_dir() or folder.is_symlink():
        _remove(folder)
        return
    for entry in folder.iterdir():
        if entry.name not in keep:
            _remove(entry)


def engine_assets() -> dict[str, bytes]:
    """The engine's own stylesheet, script and vendored shim, for docs/assets/opendata/."""
    return {f"assets/opendata/{path.relative_to(ENGINE_ASSETS).as_posix()}": path.read_bytes()
            for path in sorted(ENGINE_ASSETS.rglob("*")) if path.is_file()}


def sync_folder(folder: Path, files: dict[str, bytes], store: Store | None = None,
                keep: tuple[str, ...] = (), known: Mapping[int, str] | None = None) -> None:
    """Make `folder` hold exactly `files` (relative path -> bytes), writing only what differs,
    and leave what it holds under the names `keep` (another language's folder) as it is.
    `known`: the sha256 of some of the bytes, by id() of the bytes object (the downloads').

    The folder is walked once with os.scandir (about 4,000 files at national scale: pathlib's
    rglob, is_file and stat per file cost more than reading them). A kept file is not read
    when `store` holds a note (docs_manifest) that it is still the file the last sync left
    with these very bytes; otherwise it is read only when its size is that of the new bytes.
    A kept file is never written into: one that changed is replaced by a new file (see
    _replace). A kept file's name was found by the walk, which follows no link and makes no
    '..' nor absolute name, so only a new file's name needs checking (named_inside, inside).
    """
    folder.mkdir(parents=True, exist_ok=True)
    folders = set()
    for name in files:
        while "/" in name:
            name = name.rpartition("/")[0]
            folders.add(name)
    kept = _kept_files(str(folder), "", files, folders, keep)  # what is left: files wanted
    noted = DocsManifest.read(store, folder)
    notes: dict[str, list] = {}  # the next sync's manifest
    digests = _digests(files, known) if store is not None else {}
    checked: set[Path] = set()  # folders whose links were followed (once each, not per file)
    for relative, data in files.items():
        sha256 = digests.get(relative, "")
        found = kept.get(relative)
        if found is None or ODD_NAME.search(relative):  # named_inside refuses these
            target = named_inside(folder, relative)  # never a name that leaves the folder
            if target.parent not in checked:  # nor a link that does (any to a file went above)
                if target.parent != folder:
                    inside(folder, target.parent.relative_to(folder).as_posix())
                checked.add(target.parent)
            target.parent.mkdir(parents=True, exist_ok=True)
            written = _write_new(target, data)
        elif noted.holds(relative, found, sha256) or _holds(folder, relative, found, data):
            written = found
        else:
            written = _replace(folder / relative, data)
        notes[relative] = [*written, sha256]
    note(store, folder, notes)


def _digests(files: dict[str, bytes], known: Mapping[int, str] | None = None
             ) -> dict[str, str]:
    """The sha256 of each file's bytes (`known`'s for those bytes objects), a large file's
    hashed once for all files holding the same bytes: comparing equal bytes costs a fraction of
    hashing them, and is only tried between large files of the same size."""
    large: dict[int, list[tuple[bytes, str]]] = {}  # size -> bytes hashed, with their sha256
    digests: dict[str, str] = {}
    known = known or {}
    for relative, data in files.items():
        if id(data) in known:
            digests[relative] = known[id(data)]
            continue
        same = large.setdefault(len(data), []) if len(data) >= SHARED_MIN_SIZE else None
        found = next((sha256 for other, sha256 in same if other == data), None) if same else None
        if found is None:
            found = hashlib.sha256(data).hexdigest()
            if same is not None:
                same.append((data, found))
        digests[relative] = found
    return digests


def _holds(folder: Path, relative: str, found: list[int], data: bytes) -> bool:
    """Whether the kept file at `relative` (identity `found`) holds `data`, read to compare."""
    if found[2] != len(data):
        return False
    try:
        with open(os.path.join(folder, relative), "rb") as handle:
            return handle.read() == data
    except OSError:
        return False  # written afresh


def _write_new(target: Path, data: bytes) -> list[int]:
    """Write a file where there was none; its identity as written."""
    with open(target, "wb") as out:
        out.write(data)
        out.flush()
        return docs_identity(os.fstat(out.fileno()))


def _replace(target: Path, data: bytes) -> list[int]:
    """Give `target` new bytes as a new file renamed over it, never writing into the old one:
    the published site holds the docs folder's files as hard links (mkdocs_pages), and keeps
    the bytes it was built with until a new site replaces it. The new file's identity."""
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            written = docs_identity(os.fstat(out.fileno()))
        shutil.copymode(target, temporary)  # mkstemp's file is private to its owner
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return written


def _kept_files(path: str, prefix: str, files: dict[str, bytes], folders: set[str],
                keep: tuple[str, ...] = ()) -> dict[str, list[int]]:
    """Delete under `path` every link, every file not in `files` and every folder not in
    `folders` (links are never followed), but `path`'s entries named in `keep`; the regular
    files left, by relative path, with their identities (docs_manifest.identity)."""
    kept: dict[str, list[int]] = {}
    with os.scandir(path) as entries:
        listed = [entry for entry in entries if entry.name not in keep]
    for entry in listed:
        relative = prefix + entry.name
        if entry.is_symlink():
            os.unlink(entry.path)
        elif entry.is_dir(follow_symlinks=False):
            if relative in folders:
                kept.update(_kept_files(entry.path, relative + "/", files, folders))
            else:
                shutil.rmtree(entry.path)
        elif entry.is_file(follow_symlinks=False):
            if relative in files:
                kept[relative] = docs_identity(entry.stat(follow_symlinks=False))
            else:
                os.unlink(entry.path)
    return kept


def finish_site(config: SiteConfig, site: Path) -> None:
    """Remove what needs a site URL when none is set.

    A sitemap must list absolute URLs, and MkDocs' 404 page links its styles from the server
    root ('/assets/...'), which breaks under a sub-path; without a site URL the host's own
    404 page is the better choice.
    """
    if not config.site_url:
        for name in ("sitemap.xml", "sitemap.xml.gz", "404.html"):
            (site / name).unlink(missing_ok=True)


def release_epoch(validation: Validation) -> int:
    """The latest package release date as a Unix time: the build's only notion of 'now'."""
    dates = [str(p.descriptor.get("created", ""))[:10] for p in validation.packages]
    latest = max((d for d in dates if len(d) == 10), default="1970-01-01")
    return calendar.timegm(dt.date.fromisoformat(latest).timetuple())


def swap(new: Path, target: Path) -> None:
    """Replace `target` with `new`: at every instant `target` is the whole old or new site.

    Where the system can exchange two folders in one step (Linux renameat2), `new` and `target`
    change places and the old site, now at `new`, is deleted; a build killed in between leaves
    the new site in place and the old one in `new`, which the next build deletes first.
    Elsewhere (another OS, or a file system answering EINVAL/ENOSYS) two renames remain, with a
    moment between them when `target` is missing.
    """
    if target.exists() and exchange(new, target):
        _remove(new)
        return
    old = target.with_name(target.name + ".old")
    _remove(old)
    if target.exists():
        target.rename(old)
    new.rename(target)
    _remove(old)


AT_FDCWD = -100
RENAME_EXCHANGE = 2


def exchange(first: Path, second: Path) -> bool:
    """Swap two paths atomically with renameat2(RENAME_EXCHANGE); False where unsupported."""
    renameat2 = _renameat2()
    if renameat2 is None:
        return False
    done = renameat2(AT_FDCWD, os.fsencode(first), AT_FDCWD, os.fsencode(second),
                     RENAME_EXCHANGE)
    if done == 0:
        return True
    error = ctypes.get_errno()
    if error in (errno.EINVAL, errno.ENOSYS, errno.EPERM, errno.ENOTSUP):
        return False  # the kernel or this file system cannot exchange: two renames then
    raise OSError(error, os.strerror(error), str(first), None, str(second))


def _renameat2():
    """libc's renameat2 (glibc 2.28 and later), or None on other systems."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        function = libc.renameat2
    except (OSError, AttributeError):
        return None
    function.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p,
                         ctypes.c_uint]
    function.restype = ctypes.c_int
    return function


def _remove(path: Path) -> None:
    """Delete a folder or file if it exists."""
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    elif path.exists() or path.is_symlink():
        path.unlink()
