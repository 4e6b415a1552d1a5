"""Page kind: the updates: a paginated listing, a page per update and per tag, an Atom feed."""

from __future__ import annotations

import uuid
import xml.etree.ElementTree as ET

import jinja2
from markupsafe import Markup

from .. import figures, numbers
from ..content import UPDATES, Update, load_content, update_page
from ..kinds import Option
from ..model import NO_OPTIONS, Asset, Options, Page
from ..sitedata import SiteData

PER_PAGE = 10
FEED = f"{UPDATES}/feed.xml"
ATOM = "http://www.w3.org/2005/Atom"
OPTIONS = {
    "intro": Option("The sentence that opens the listing and describes the feed.",
                    default="News on the data on this site, newest first."),
    "feed_subtitle": Option("The feed's subtitle (default: the intro).", default=""),
    "feed_id": Option("The name the feed's and entries' ids are made from (name-based UUIDs "
                      "of it and each slug), so they stay the same when the site moves. Never "
                      "change it once published; default: the site name.", default=""),
    "per_page": Option("Updates on each listing page.", type="int", default=PER_PAGE),
}


def render(data: SiteData, env: jinja2.Environment, options: Options = NO_OPTIONS
           ) -> list[Page | Asset]:
    """The listing pages, every update, every tag in use, the tag index and the feed."""
    content = load_content(data)
    updates, tags = list(content.updates), content.tags
    intro = str(options.get("intro") or OPTIONS["intro"].default)
    out: list[Page | Asset] = listing_pages(updates, tags, env,
                                            int(options.get("per_page") or PER_PAGE), intro)
    template = env.get_template("update.md.j2")
    out += [Page(update_page(u), template.render(**update_context(data, u, tags)))
            for u in updates]
    out += tag_pages(updates, tags, env)
    out.append(Asset(FEED, feed(data, updates, str(options.get("feed_subtitle") or intro),
                                 str(options.get("feed_id") or ""))))
    return out


def latest(data: SiteData, count: int = 3) -> list[dict]:
    """The newest updates as {title, link (relative to the site root), date}."""
    return [{"title": u.title, "link": update_page(u), "date": numbers.human_date(u.date)}
            for u in load_content(data).updates[:count]]


def citing_updates(data: SiteData) -> dict[str, list[dict]]:
    """For each package, the updates that cite it (figures or related datasets), newest first.

    Links are relative to the dataset page, data/<package>/index.md.
    """
    out: dict[str, list[dict]] = {}
    for update in load_content(data).updates:
        for package in related_datasets(update):
            out.setdefault(package, []).append({
                "title": update.title, "link": f"../../{update_page(update)}",
                "date": numbers.human_date(update.date)})
    return dict(sorted(out.items()))


def related_datasets(update: Update) -> list[str]:
    """The datasets an update names in front matter, then those its figures come from."""
    return list(dict.fromkeys([*update.datasets,
                               *figures.cited_packages(update.document.body)]))


def listing_path(number: int) -> str:
    """The file of listing page `number` (1 is updates/index.md), relative to updates/."""
    return "index.md" if number == 1 else f"page-{number}.md"


def listing_pages(updates: list[Update], tags: dict[str, str], env: jinja2.Environment,
                  per_page: int = PER_PAGE, intro: str = OPTIONS["intro"].default) -> list[Page]:
    """The listing, newest first, `per_page` updates a page: index.md, page-2.md, ..."""
    chunks = [updates[i:i + per_page] for i in range(0, len(updates), per_page)] or [[]]
    template = env.get_template("update_list.md.j2")
    pages = []
    for number, chunk in enumerate(chunks, start=1):
        pages.append(Page(f"{UPDATES}/{listing_path(number)}", template.render(
            updates=[entry(u, "") for u in chunk], page=number, pages=len(chunks), intro=intro,
            total=len(updates), tags=len(tags),
            newer=listing_path(number - 1) if number > 1 else "",
            older=listing_path(number + 1) if number < len(chunks) else "")))
    return pages


def entry(update: Update, up: str) -> dict:
    """An update as a list entry; `up` leads from the listing page's folder back to updates/."""
    return {"title": update.title, "link": f"{up}{update.slug}.md",
            "date": numbers.human_date(update.date), "summary": update.summary,
            "tags": [{"name": t, "link": f"{up}tags/{t}.md"} for t in update.tags]}


def update_context(data: SiteData, update: Update, tags: dict[str, str]) -> dict:
    """What an update's page shows: the body with its figures resolved, sources, datasets."""
    document = update.document
    body = update.body  # resolved by the content stage
    return {
        "title": update.title,
        "summary": update.summary,
        "date": numbers.human_date(update.date),
        "source_path": document.path,
        "body": Markup(body.strip("\n")),
        "tags": [{"name": t, "link": f"tags/{t}.md", "description": tags.get(t, "")}
                 for t in update.tags],
        "sources": [{"name": s.name, "publisher": s.publisher, "url": s.url,
                     "date": numbers.human_date(s.date) if s.date else s.note or "undated",
                     "note": s.note if s.date else "", "registry": s.registry,
                     "registry_link": _registry_link(s.registry)} for s in update.sources],
        "datasets": [{"name": p, "title": data.package(p).descriptor.get("title", p),
                      "link": f"../data/{p}/index.md"} for p in related_datasets(update)],
    }


def tag_pages(updates: list[Update], tags: dict[str, str], env: jinja2.Environment
              ) -> list[Page]:
    """A page per tag in use, and the tag index listing the whole vocabulary."""
    pages = []
    counts = {}
    template = env.get_template("update_tag.md.j2")
    for name, description in tags.items():
        tagged = [u for u in updates if name in u.tags]
        counts[name] = len(tagged)
        if tagged:
            pages.append(Page(f"{UPDATES}/tags/{name}.md", template.render(
                name=name, description=description, updates=[entry(u, "../") for u in tagged])))
    pages.append(Page(f"{UPDATES}/tags/index.md", env.get_template("update_tags.md.j2").render(
        tags=[{"name": n, "description": d, "count": counts[n], "link": f"{n}.md"}
              for n, d in tags.items()])))
    return pages


def feed(data: SiteData, updates: list[Update], subtitle: str = OPTIONS["intro"].default,
         feed_id: str = "") -> bytes:
    """The Atom feed: entries dated from front matter; absolute links only with a site URL."""
    namespace = uuid.uuid5(uuid.NAMESPACE_URL, feed_id or data.config.site_name)
    base = f"{data.config.site_url}{UPDATES}/" if data.config.site_url else ""
    root = ET.Element("feed", {"xmlns": ATOM, "xml:lang": "en"})
    ET.SubElement(root, "title").text = f"{data.config.site_name}: updates"
    ET.SubElement(root, "subtitle").text = subtitle
    ET.SubElement(root, "id").text = f"urn:uuid:{uuid.uuid5(namespace, 'feed')}"
    ET.SubElement(root, "updated").text = _timestamp(
        updates[0].date if updates else _release_date(data))
    ET.SubElement(root, "link", {"rel": "alternate", "type": "text/html",
                                 "href": f"{base}index.html"})
    if base:
        ET.SubElement(root, "link", {"rel": "self", "type": "application/atom+xml",
                                     "href": f"{base}feed.xml"})
    ET.SubElement(ET.SubElement(root, "author"), "name").text = data.config.site_name
    for update in updates:
        item = ET.SubElement(root, "entry")
        ET.SubElement(item, "title").text = update.title
        ET.SubElement(item, "id").text = f"urn:uuid:{uuid.uuid5(namespace, update.slug)}"
        ET.SubElement(item, "link", {"rel": "alternate", "type": "text/html",
                                     "href": f"{base}{update.slug}.html"})
        ET.SubElement(item, "published").text = _timestamp(update.date)
        ET.SubElement(item, "updated").text = _timestamp(update.date)
        ET.SubElement(item, "summary").text = update.summary
        for tag in update.tags:
            ET.SubElement(item, "category", {"term": tag})
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def _registry_link(registry: str) -> str:
    """The dataset page anchor of a source registry row ('' when the source has none)."""
    package, _, source_id = registry.partition("/")
    return f"../data/{package}/index.md#source-{source_id}" if registry else ""


def _timestamp(date: str) -> str:
    """An RFC 3339 timestamp for a day: the date at midnight UTC (never the clock)."""
    return f"{date}T00:00:00Z"


def _release_date(data: SiteData) -> str:
    """The latest package release date, for a feed without entries."""
    dates = [str(p.descriptor.get("created", ""))[:10] for p in data.packages]
    return max((d for d in dates if len(d) == 10), default="1970-01-01")
