"""Page kind: the Releases page: the current release, a changelog computed from the data (each
release diffed against the one before), and the downloads of every archived release."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

import jinja2
from markupsafe import Markup

from .. import feeds, languages
from ..cache import digest, folder_parts
from ..diff import Diff, Snapshot, diff_snapshots
from ..diff_markdown import format_markdown
from ..languages import ENGLISH, Language
from ..model import NO_OPTIONS, Asset, Options, Page, RenderError
from ..releases import FOLDER, Archive, ArchivedPackage, Release, read_archive, release_of
from ..releases import release_snapshot as archived_snapshot
from ..render_cache import cached
from ..sitedata import SiteData
from .dataset import size_text
from .rows import english_on, marked, shown_text

PAGE = f"{FOLDER}/index.md"
NOTHING = Snapshot("", (), {})  # what the first release is compared with, for the feeds


def render(data: SiteData, env: jinja2.Environment, options: Options = NO_OPTIONS
           ) -> list[Page | Asset]:
    """The Releases page, the archived zips it links to, and the change feeds.

    They depend on the data and the archive (releases/) only, so they come from the render
    cache, keyed by both (issue 18): the changelog diffs every release against the one before.
    """
    folder = data.config.root / FOLDER
    archive_files = folder_parts(folder) if folder.is_dir() else []
    return cached(__name__, data, env, lambda hidden: made(hidden, env, digest(archive_files)),
                  (repr(options), "archive", *archive_files))


def made(data: SiteData, env: jinja2.Environment, archive_key: str = "") -> list[Page | Asset]:
    """The Releases page, its zips and feeds, made (render, without the cache)."""
    archive, problems = read_archive(data.config.root / FOLDER, data.config.root)
    if problems:
        raise RenderError("the release archive is broken: "
                          + "; ".join(p.format() for p in problems))
    language = languages.of(env)
    current = current_release(data)
    archived = bool(archive.latest and archive.latest.files() == current.files())
    earlier = archive.releases[:-1] if archived else archive.releases
    assets = archive_assets(archive)
    sizes = {a.path.rsplit("/", 1)[-1]: len(a.data) for a in assets}
    steps: list[feeds.Step] = []
    entries = changelog(data, archive, current, archived, steps, language, archive_key)
    page = env.get_template("releases.md.j2").render(
        current={"version": current.version, "date": current.date,
                 "packages": current_packages(data, language)},
        changelog=entries,
        earlier=[release_context(r, sizes, language) for r in reversed(earlier)],
        feed=feeds.RELEASES_FEED.rsplit("/", 1)[-1],
    )
    return [Page(PAGE, page), *assets, *feed_assets(data, steps)]


def feed_assets(data: SiteData, steps: list[feeds.Step]) -> list[Asset]:
    """The feed of every release and one per dataset (data/<package>/feed.xml)."""
    site = feeds.Site(data.config.site_name, data.config.site_url or "")
    out = [Asset(feeds.RELEASES_FEED, feeds.releases_feed(site, steps))]
    for package in data.packages:
        d = package.descriptor
        out.append(Asset(feeds.package_feed_path(package.name), feeds.package_feed(
            site, package.name, str(d.get("title") or package.name), steps,
            str(d.get("created", "")))))
    return out


def step(release: Release, diff: Diff, first: bool, data: SiteData, archive: Archive,
         archived: bool) -> feeds.Step:
    """A changelog step for the feeds, with where each of its zips is published."""
    zips = {}
    for p in release.packages:
        if archived:
            zips[p.name] = (f"{FOLDER}/{p.file}", (archive.folder / p.file).stat().st_size)
        else:
            zips[p.name] = (f"data/{p.name}/{p.file}", _zip(data, p.name).size)
    label = release.version + ("-unreleased" if diff.old == release.version else "")
    return feeds.Step(release, diff, anchor(label), first, zips)


def current_release(data: SiteData) -> Release:
    """The release datasets/ makes now, with the sha256 of each package's published zip."""
    version, date = release_of(data.packages)
    packages = []
    for package in data.packages:
        archive = _zip(data, package.name)
        packages.append(ArchivedPackage(package.name, str(package.descriptor.get("version", "")),
                                        archive.filename, archive.sha256))
    return Release(version, date, tuple(packages))


def current_packages(data: SiteData, language: Language = ENGLISH) -> list[dict]:
    """The current packages with links to their dataset pages and zips."""
    out = []
    for package in data.packages:
        archive = _zip(data, package.name)
        out.append({"name": package.name,
                    "title": shown_text(package.descriptor, "title", language, package.name),
                    "version": package.descriptor.get("version", ""),
                    "date": str(package.descriptor.get("created", ""))[:10],
                    "page": f"../data/{package.name}/index.md",
                    "file": archive.filename, "link": f"../data/{package.name}/{archive.filename}",
                    "size": size_text(archive.size, language), "sha256": archive.sha256})
    return out


def changelog(data: SiteData, archive: Archive, current: Release, archived: bool,
              steps: list[feeds.Step] | None = None, language: Language = ENGLISH,
              archive_key: str = "") -> list[dict]:
    """One entry per release, newest first, each with its diff against the release before.

    `steps`, when given, receives each release oldest first with its diff, for the feeds.
    `archive_key`, the sha256 of the archive's files: with the data's key it names the diffs,
    which every language's page shares (computed once per build, not once per language).
    """
    entries = []
    labels = data.config.publication.figures.context_fields  # what a row is about
    steps = [] if steps is None else steps
    for release, snapshot, previous, kept, diff in release_diffs(data, archive, current,
                                                                 archived, archive_key):
        entries.append(entry(release, snapshot, previous, not kept, labels, diff, language))
        steps.append(step(release, diff, previous is None, data, archive, kept))
    if archived:
        entries[-1]["current"] = True
    return entries[::-1]


# The last diffs computed, by what they were computed from (see release_diffs).
_DIFFS: dict[tuple, list[tuple]] = {}


def release_diffs(data: SiteData, archive: Archive, current: Release, archived: bool,
                  archive_key: str = "") -> list[tuple]:
    """Each release oldest first, with its snapshot, the one before it, whether it is archived,
    and the diff between the two.

    Kept in memory, one set, when both the data's key and `archive_key` name what they come
    from: the other languages' pages of the same build take them from there.
    """
    labels = data.config.publication.figures.context_fields
    key = (data.key, archive_key, labels, current, archived) if data.key and archive_key \
        else None
    if key is not None and key in _DIFFS:
        return _DIFFS[key]
    out = []
    previous: Snapshot | None = None
    with tempfile.TemporaryDirectory(prefix="opendata-releases-") as work:
        sides = [(r, archived_snapshot(archive, r, Path(work)), True) for r in archive.releases]
        if not archived:
            sides.append((current, Snapshot(current.version, data.validation.packages,
                                            data.validation.tables), False))
        for release, snapshot, kept in sides:
            out.append((release, snapshot, previous, kept,
                        diff_snapshots(previous or NOTHING, snapshot, labels)))
            previous = snapshot
    if key is not None:
        _DIFFS.clear()
        _DIFFS[key] = out
    return out


def entry(release: Release, snapshot: Snapshot, previous: Snapshot | None,
          current: bool, labels: tuple[str, ...] = (), diff: Diff | None = None,
          language: Language = ENGLISH) -> dict:
    """A changelog entry: the release and what changed since the previous one."""
    same_version = previous is not None and previous.label == release.version
    if previous is not None and diff is None:
        diff = diff_snapshots(previous, snapshot, labels)
    return {
        "version": release.version,
        "title": language.gettext("%(version)s (changes not yet released)") % {
            "version": release.version} if same_version else release.version,
        "anchor": anchor(release.version + ("-unreleased" if same_version else "")),
        "date": release.date,
        "current": current,
        "previous": previous.label if previous else "",
        "changes": Markup(format_markdown(diff, level=3, title=False, compact=True,
                                          language=language))
        if previous and diff else "",
    }


def release_context(release: Release, sizes: dict[str, int], language: Language = ENGLISH
                    ) -> dict:
    """An archived release's downloads (the zips sit beside the page)."""
    return {"version": release.version, "date": release.date,
            "anchor": anchor("files-" + release.version),
            "packages": [{"name": marked(p.name, english_on(language)), "version": p.version,
                          "file": p.file,
                          "size": size_text(sizes[p.file], language), "sha256": p.sha256}
                         for p in release.packages]}


def archive_assets(archive: Archive) -> list[Asset]:
    """Every archived zip, once, published beside the Releases page."""
    files = sorted({p.file for r in archive.releases for p in r.packages})
    return [Asset(f"{FOLDER}/{file}", (archive.folder / file).read_bytes()) for file in files]


def anchor(text: str) -> str:
    """An HTML id from a version: '1.1.0' -> 'release-1-1-0'."""
    return "release-" + re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _zip(data: SiteData, name: str):
    """A package's published zip download."""
    return next(d for d in data.downloads[name] if d.mediatype == "application/zip")
