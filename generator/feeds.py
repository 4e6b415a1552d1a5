"""Atom feeds of the release changelog: one for every release, one per dataset.

Each entry summarises a release's diff (rows added, removed and changed, schema changes) and
lists its anomalies. Entry ids are name-based UUIDs of the site name, the package and the
version, and every date is a release date, so the same archive gives the same bytes and an
entry keeps its id from one build to the next (RFC 4287 asks that ids never change).
"""

from __future__ import annotations

import html
import posixpath
import uuid
import xml.etree.ElementTree as ET
from dataclasses import dataclass

from .diff import UNCHANGED, Diff, PackageDiff, ResourceDiff
from .releases import FOLDER, Release

ATOM = "http://www.w3.org/2005/Atom"
RELEASES_FEED = f"{FOLDER}/feed.xml"
EPOCH = "1970-01-01"  # the `updated` of a feed with no entry and no date to take


def package_feed_path(package: str) -> str:
    """Where a dataset's feed is published, beside its page: data/<package>/feed.xml."""
    return f"data/{package}/feed.xml"


@dataclass(frozen=True)
class Step:
    """One release of the changelog: what it holds, how it differs from the one before.

    `diff` compares it with the release before (with nothing, for the first release), `anchor`
    is its heading on the Releases page, `zips` the path of each package's zip from the site
    root with its size in bytes.
    """

    release: Release
    diff: Diff
    anchor: str
    first: bool
    zips: dict[str, tuple[str, int]]


@dataclass(frozen=True)
class Site:
    """What every feed says of the site: its name and public URL ('' when none is set).

    `prefix` is the folder of the language whose site the feed is published on ('hi/'):
    its absolute links point into that folder. The feed's text and ids are the same on every
    language's site (the changelog is written in the default language), so a feed reader
    sees the same entries, whichever site it found them on.
    """

    name: str
    url: str = ""
    prefix: str = ""


def releases_feed(site: Site, steps: list[Step]) -> bytes:
    """The feed of every release, newest first: one entry per release."""
    root = _feed(site, RELEASES_FEED, f"{site.name}: releases",
                 "Every release of the data, with what changed since the one before.",
                 "releases", f"{FOLDER}/index.html",
                 max((s.release.date for s in steps), default=EPOCH))
    for step in reversed(steps):
        changed = [p for p in step.diff.packages if p.status != UNCHANGED]
        item = _entry(root, site, RELEASES_FEED, f"Release {step.release.version}",
                      f"releases/{step.release.version}", step.release.date,
                      f"{FOLDER}/index.html#{step.anchor}")
        ET.SubElement(item, "summary").text = release_summary(step, changed)
        ET.SubElement(item, "content", {"type": "html"}).text = "".join(
            _package_html(step, p) for p in changed) or "<p>No dataset changed.</p>"
    return _bytes(root)


def package_feed(site: Site, name: str, title: str, steps: list[Step], created: str) -> bytes:
    """One dataset's feed, newest first: an entry per release that changed the package."""
    path = package_feed_path(name)
    entries = [(s, p) for s in steps for p in s.diff.packages
               if p.name == name and p.status != UNCHANGED]
    dates = [_date(s, p) for s, p in entries]
    root = _feed(site, path, f"{site.name}: changes to {title}",
                 f"Each release that changed the dataset {title}: rows added, removed and "
                 "changed, schema changes and the anomalies worth a check.",
                 f"datasets/{name}", f"data/{name}/index.html",
                 max(dates, default=created[:10] or EPOCH))
    for (step, package), date in reversed(list(zip(entries, dates, strict=True))):
        version = package.version[1] or package.version[0] or step.release.version
        item = _entry(root, site, path, f"{title}, version {version} (release {step.release.version})",
                      f"datasets/{name}/{version}", date,
                      f"{FOLDER}/index.html#{step.anchor}")
        zip_path = step.zips.get(name)
        if zip_path is not None:
            ET.SubElement(item, "link", {"rel": "enclosure", "type": "application/zip",
                                         "href": _href(site, path, zip_path[0]),
                                         "length": str(zip_path[1])})
        ET.SubElement(item, "summary").text = package_summary(package)
        ET.SubElement(item, "content", {"type": "html"}).text = _package_html(step, package)
    return _bytes(root)


def release_summary(step: Step, changed: list[PackageDiff]) -> str:
    """One paragraph: the release, its date, and what changed in which datasets."""
    words = f"Release {step.release.version} of {step.release.date}"
    if step.first:
        words += ", the first release"
    if not changed:
        return words + ": no dataset changed."
    return words + ". " + " ".join(f"{p.name} {package_summary(p)}" for p in changed)


def package_summary(package: PackageDiff) -> str:
    """What changed in one package, in counts: '1.0.0 → 1.1.0: 3 rows added, ...'."""
    old, new = package.version
    if package.status == "added":
        version = f"{new} (new)"
    elif package.status == "removed":
        version = f"{old} (removed)"
    else:
        version = f"{old} → {new}" if old != new else str(new)
    anomalies = package.total("anomalies")
    return (f"{version}: {_count(package.total('rows_added'), 'row')} added, "
            f"{package.total('rows_removed')} removed, {package.total('changed')} changed; "
            f"{_count(package.total('schema'), 'schema change')}; "
            f"{_count(anomalies, 'anomaly', 'anomalies')}.")


def _package_html(step: Step, package: PackageDiff) -> str:
    """A package's changes as escaped HTML: a line per changed table, then the anomalies."""
    e = html.escape
    parts = [f"<h3>{e(package.title)} ({e(package.name)})</h3>",
             f"<p>{e(package_summary(package))}</p>", "<ul>"]
    for resource in package.resources:
        if resource.status != UNCHANGED:
            parts.append(f"<li>{e(_resource_line(resource))}</li>")
    parts.append("</ul>")
    anomalies = [(r, a) for r in package.resources for a in r.anomalies]
    if anomalies:
        parts.append("<p>Anomalies worth a check before quoting the new figures:</p><ul>")
        parts += [f"<li>{e(a.code)} at {e(r.path)} line {a.line}, {e(a.field)}: "
                  f"{e(a.message)}</li>" for r, a in anomalies]
        parts.append("</ul>")
    return "".join(parts)


def _resource_line(r: ResourceDiff) -> str:
    """One table's changes in words."""
    if r.status in ("added", "removed"):
        return f"{r.name} ({r.path}): {r.status}, {r.rows_new if r.status == 'added' else r.rows_old} rows"
    schema = ", ".join(f"{s.change} {s.field}" if s.field else s.change for s in r.schema)
    return (f"{r.name} ({r.path}): {_count(r.rows_added, 'row')} added, {r.rows_removed} "
            f"removed, {len(r.changed)} changed"
            + (f"; schema: {schema}" if schema else ""))


def _date(step: Step, package: PackageDiff) -> str:
    """An entry's date: the package's release date, else the release's."""
    return package.created[1] or step.release.date


def _count(n: int, one: str, many: str | None = None) -> str:
    """'1 row', '3 rows'."""
    return f"{n} {one if n == 1 else (many or one + 's')}"


def _feed(site: Site, path: str, title: str, subtitle: str, name: str, page: str,
          updated: str) -> ET.Element:
    """A feed element with its required metadata (RFC 4287 section 4.1.1)."""
    root = ET.Element("feed", {"xmlns": ATOM, "xml:lang": "en"})
    ET.SubElement(root, "title").text = title
    ET.SubElement(root, "subtitle").text = subtitle
    ET.SubElement(root, "id").text = entry_id(site, name)
    ET.SubElement(root, "updated").text = _timestamp(updated)
    ET.SubElement(root, "link", {"rel": "alternate", "type": "text/html",
                                 "href": _href(site, path, page)})
    if site.url:
        ET.SubElement(root, "link", {"rel": "self", "type": "application/atom+xml",
                                     "href": site.url + site.prefix + path})
    ET.SubElement(ET.SubElement(root, "author"), "name").text = site.name
    return root


def _entry(root: ET.Element, site: Site, path: str, title: str, name: str, date: str,
           page: str) -> ET.Element:
    """An entry with its id, title, date and link to the Releases page."""
    item = ET.SubElement(root, "entry")
    ET.SubElement(item, "title").text = title
    ET.SubElement(item, "id").text = entry_id(site, name)
    ET.SubElement(item, "updated").text = _timestamp(date)
    ET.SubElement(item, "link", {"rel": "alternate", "type": "text/html",
                                 "href": _href(site, path, page)})
    return item


def entry_id(site: Site, name: str) -> str:
    """A stable id: a name-based UUID of the site name and 'datasets/<package>/<version>'."""
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, f'{site.name}/{name}')}"


def _href(site: Site, feed: str, target: str) -> str:
    """A link from a feed: absolute with a site URL, else relative to the feed's folder."""
    if site.url:
        return site.url + site.prefix + target
    path, hash_, fragment = target.partition("#")
    return posixpath.relpath(path, posixpath.dirname(feed)) + hash_ + fragment


def _timestamp(date: str) -> str:
    """An RFC 3339 timestamp for a day: the date at midnight UTC (never the clock)."""
    return f"{date[:10]}T00:00:00Z"


def _bytes(root: ET.Element) -> bytes:
    """The feed's bytes: UTF-8, an XML declaration, indented, a final newline."""
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"
