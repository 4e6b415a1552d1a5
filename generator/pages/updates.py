"""Page kind: the updates: a paginated listing, a page per update and per tag, an Atom feed.

In every language of the publication: an update's translation (`<file>.hi.md`) where written,
else its English text under a note saying so; the labels, dates and the feed in the page's
language (each language's site has its own feed, with its own entry ids).
"""

from __future__ import annotations

import functools
import uuid
import xml.etree.ElementTree as ET
from collections.abc import Mapping
from dataclasses import dataclass

import jinja2
from markupsafe import Markup

from .. import figures, languages
from ..content import UPDATES, Update, load_content, update_page
from ..content_languages import fallback_note, original_language
from ..i18n import N_
from ..kinds import Option
from ..languages import ENGLISH, Language
from ..model import NO_OPTIONS, Asset, Options, Page
from ..sitedata import SiteData
from ..template_outputs import TemplateOutputs

PER_PAGE = 10
FEED = f"{UPDATES}/feed.xml"
ATOM = "http://www.w3.org/2005/Atom"
OPTIONS = {
    "intro": Option("The sentence that opens the listing and describes the feed.",
                    default=N_("News on the data on this site, newest first.")),
    "feed_subtitle": Option("The feed's subtitle (default: the intro).", default=""),
    "feed_id": Option("The name the feed's and entries' ids are made from (name-based UUIDs "
                      "of it and each slug), so they stay the same when the site moves. Never "
                      "change it once published; default: the site name.", default=""),
    "per_page": Option("Updates on each listing page.", type="int", default=PER_PAGE),
}


@dataclass(frozen=True)
class Text:
    """An update's words on one language's site: its translation's, or the original's."""

    title: str
    summary: str
    body: str  # Markdown, figure references resolved
    lang: str = ""  # '' in the page's language; the original's code when shown untranslated
    path: str = ""  # the file it is written in, when it is a translation


def text_of(data: SiteData, update: Update, language: Language = ENGLISH) -> Text:
    """What `update` says on `language`'s site: its translation, figures in that language;
    else the original as it is (its `lang` set, so pages mark it and show the note)."""
    translation = None if language.default else update.translation(language.code)
    if translation is None:
        lang = "" if language.default else original_language(data)
        return Text(update.title, update.summary, update.body, lang)
    document = translation.document
    body, _ = figures.resolve_text(document.body, document.path, document.body_line,
                                   update_page(update), data, notes=True, language=language)
    return Text(translation.title, translation.summary, body, path=document.path)


def render(data: SiteData, env: jinja2.Environment, options: Options = NO_OPTIONS
           ) -> list[Page | Asset]:
    """The listing pages, every update, every tag in use, the tag index and the feed."""
    language = languages.of(env)
    content = load_content(data)
    updates, tags = list(content.updates), content.tags
    texts = {u.slug: text_of(data, u, language) for u in updates}
    # Each page is kept by its context: a rebuild after one edit renders only what it changed.
    outputs = TemplateOutputs(env, data.store)
    # The publication's own texts are msgids of its catalogue (languages.untranslated).
    intro = language.gettext(str(options.get("intro") or OPTIONS["intro"].default))
    out: list[Page | Asset] = listing_pages(updates, tags, env,
                                            int(options.get("per_page") or PER_PAGE), intro,
                                            texts, outputs)
    out += [Page(update_page(u), outputs.render("update.md.j2", update_context(
        data, u, tags, language, texts[u.slug]))) for u in updates]
    # A tag's description from tags.hi.yml, else tags.yml's, marked as in its own language.
    out += tag_pages(updates, tags, env, texts,
                     "" if language.default else original_language(data),
                     {} if language.default else content.tag_translations.get(language.code),
                     outputs)
    subtitle = str(options.get("feed_subtitle") or "")
    subtitle = language.gettext(subtitle) if subtitle else intro
    feed_id = str(options.get("feed_id") or "")
    out.append(Asset(FEED, outputs.kept("feed", feed_inputs(data, updates, subtitle, feed_id,
                                                            texts),
                                        lambda: feed(data, updates, subtitle, feed_id,
                                                     language, texts))))
    return out


def feed_inputs(data: SiteData, updates: list[Update], subtitle: str, feed_id: str,
                texts: dict[str, Text]) -> dict:
    """Everything feed() reads besides the language, as plain values (the feed's key)."""
    return {"subtitle": subtitle, "feed_id": feed_id, "site_name": data.config.site_name,
            "site_url": data.config.site_url or "",
            "release": "" if updates else _release_date(data),
            "entries": [[u.slug, u.date, list(u.tags), text.title, text.summary, text.lang]
                        for u in updates for text in [_text(u, texts)]]}


def latest(data: SiteData, count: int = 3, language: Language = ENGLISH) -> list[dict]:
    """The newest updates as {title, link (relative to the site root), date, lang} on
    `language`'s site (`lang`: the title's language when it is not the page's, else '')."""
    out = []
    for update in load_content(data).updates[:count]:
        text = text_of(data, update, language)
        out.append({"title": text.title, "link": update_page(update),
                    "date": language.numbers.human_date(update.date), "lang": text.lang})
    return out


def citing_updates(data: SiteData, language: Language = ENGLISH) -> dict[str, list[dict]]:
    """For each package, the updates that cite it (figures or related datasets), newest first,
    as {title, link, date, lang} on `language`'s site.

    Links are relative to the dataset page, data/<package>/index.md.
    """
    out: dict[str, list[dict]] = {}
    for update in load_content(data).updates:
        text = text_of(data, update, language)
        for package in related_datasets(update):
            out.setdefault(package, []).append({
                "title": text.title, "link": f"../../{update_page(update)}",
                "date": language.numbers.human_date(update.date), "lang": text.lang})
    return dict(sorted(out.items()))


def related_datasets(update: Update) -> list[str]:
    """The datasets an update names in front matter, then those its figures come from."""
    return list(dict.fromkeys([*update.datasets, *_cited(update.document.body)]))


@functools.lru_cache(maxsize=4096)
def _cited(body: str) -> tuple[str, ...]:
    """The packages a body's figures cite (parsed once a process: the update pages and each
    dataset page's citing updates both ask, in every language)."""
    return tuple(figures.cited_packages(body))


def listing_path(number: int) -> str:
    """The file of listing page `number` (1 is updates/index.md), relative to updates/."""
    return "index.md" if number == 1 else f"page-{number}.md"


def listing_pages(updates: list[Update], tags: dict[str, str], env: jinja2.Environment,
                  per_page: int = PER_PAGE, intro: str = OPTIONS["intro"].default,
                  texts: dict[str, Text] | None = None,
                  outputs: TemplateOutputs | None = None) -> list[Page]:
    """The listing, newest first, `per_page` updates a page: index.md, page-2.md, ...

    `texts` are the updates' words by slug on the page's site (default: the originals');
    `outputs` keeps the pages (default: rendered every time).
    """
    language = languages.of(env)
    outputs = outputs or TemplateOutputs(env, None)
    chunks = [updates[i:i + per_page] for i in range(0, len(updates), per_page)] or [[]]
    pages = []
    for number, chunk in enumerate(chunks, start=1):
        pages.append(Page(f"{UPDATES}/{listing_path(number)}", outputs.render(
            "update_list.md.j2", dict(
                updates=[entry(u, "", language, _text(u, texts)) for u in chunk], page=number,
                pages=len(chunks), intro=intro,
                total=len(updates), tags=len(tags),
                newer=listing_path(number - 1) if number > 1 else "",
                older=listing_path(number + 1) if number < len(chunks) else ""))))
    return pages


def _text(update: Update, texts: dict[str, Text] | None) -> Text:
    """The update's words from `texts`, else its original's."""
    if texts is not None and update.slug in texts:
        return texts[update.slug]
    return Text(update.title, update.summary, update.body)


def entry(update: Update, up: str, language: Language = ENGLISH, text: Text | None = None
          ) -> dict:
    """An update as a list entry; `up` leads from the listing page's folder back to updates/.

    `lang` is the title's and summary's language when they are not the page's ('' else).
    """
    text = text or _text(update, None)
    return {"title": text.title, "link": f"{up}{update.slug}.md",
            "date": language.numbers.human_date(update.date), "summary": text.summary,
            "lang": text.lang,
            "tags": [{"name": t, "link": f"{up}tags/{t}.md"} for t in update.tags]}


def update_context(data: SiteData, update: Update, tags: dict[str, str],
                   language: Language = ENGLISH, text: Text | None = None) -> dict:
    """What an update's page shows: the body with its figures resolved, sources, datasets."""
    _ = language.gettext
    dates = language.numbers.human_date
    document = update.document
    text = text or _text(update, None)  # the body as the content stage resolved it
    return {
        "title": text.title,
        "summary": text.summary,
        "lang": text.lang,
        "note": Markup(fallback_note(language)) if text.lang else "",
        "date": dates(update.date),
        "source_path": text.path or document.path,
        "body": Markup(text.body.strip("\n")),
        "tags": [{"name": t, "link": f"tags/{t}.md", "description": tags.get(t, "")}
                 for t in update.tags],
        "sources": [{"name": s.name, "publisher": s.publisher, "url": s.url,
                     "date": dates(s.date) if s.date else s.note or _("undated"),
                     "note": s.note if s.date else "", "registry": s.registry,
                     "registry_link": _registry_link(s.registry)} for s in update.sources],
        "datasets": [{"name": p, "title": data.package(p).descriptor.get("title", p),
                      "link": f"../data/{p}/index.md"} for p in related_datasets(update)],
    }


def tag_pages(updates: list[Update], tags: dict[str, str], env: jinja2.Environment,
              texts: dict[str, Text] | None = None, lang: str = "",
              translated: Mapping[str, str] | None = None,
              outputs: TemplateOutputs | None = None) -> list[Page]:
    """A page per tag in use, and the tag index listing the whole vocabulary.

    `translated` are the descriptions in the page's language (tags.hi.yml); `lang` is the
    language of the others (tags.yml's) when it is not the page's ('' else). `outputs` keeps
    the pages (default: rendered every time).
    """
    language = languages.of(env)
    outputs = outputs or TemplateOutputs(env, None)
    translated = translated or {}
    shown = {n: (translated[n], "") if n in translated else (d, lang) for n, d in tags.items()}
    pages = []
    counts = {}
    for name in tags:
        tagged = [u for u in updates if name in u.tags]
        counts[name] = len(tagged)
        if tagged:
            pages.append(Page(f"{UPDATES}/tags/{name}.md", outputs.render(
                "update_tag.md.j2", dict(
                    name=name, description=shown[name][0], lang=shown[name][1],
                    updates=[entry(u, "../", language, _text(u, texts)) for u in tagged]))))
    pages.append(Page(f"{UPDATES}/tags/index.md", outputs.render("update_tags.md.j2", dict(
        tags=[{"name": n, "description": shown[n][0], "lang": shown[n][1], "count": counts[n],
               "link": f"{n}.md"} for n in tags]))))
    return pages


def feed(data: SiteData, updates: list[Update], subtitle: str = OPTIONS["intro"].default,
         feed_id: str = "", language: Language = ENGLISH,
         texts: dict[str, Text] | None = None) -> bytes:
    """The Atom feed: entries dated from front matter; absolute links only with a site URL.

    On another language's site, its own feed: titles and summaries in that language (an
    untranslated entry in its own, marked with xml:lang), ids apart from the default's.
    """
    namespace = uuid.uuid5(uuid.NAMESPACE_URL, feed_id or data.config.site_name)
    # The default language's ids are those of the feed before there were languages.
    ids = "" if language.default else f"{language.code}/"
    base = (f"{data.config.site_url}{language.prefix}{UPDATES}/" if data.config.site_url
            else "")
    root = ET.Element("feed", {"xmlns": ATOM, "xml:lang": language.code})
    site_name = language.gettext(data.config.site_name)  # the publication's, translated
    ET.SubElement(root, "title").text = language.gettext("%(site)s: updates") % {
        "site": site_name}
    ET.SubElement(root, "subtitle").text = subtitle
    ET.SubElement(root, "id").text = f"urn:uuid:{uuid.uuid5(namespace, ids + 'feed')}"
    ET.SubElement(root, "updated").text = _timestamp(
        updates[0].date if updates else _release_date(data))
    ET.SubElement(root, "link", {"rel": "alternate", "type": "text/html",
                                 "href": f"{base}index.html"})
    if base:
        ET.SubElement(root, "link", {"rel": "self", "type": "application/atom+xml",
                                     "href": f"{base}feed.xml"})
    ET.SubElement(ET.SubElement(root, "author"), "name").text = site_name
    for update in updates:
        text = _text(update, texts)
        item = ET.SubElement(root, "entry", {"xml:lang": text.lang} if text.lang else {})
        ET.SubElement(item, "title").text = text.title
        ET.SubElement(item, "id").text = f"urn:uuid:{uuid.uuid5(namespace, ids + update.slug)}"
        ET.SubElement(item, "link", {"rel": "alternate", "type": "text/html",
                                     "href": f"{base}{update.slug}.html"})
        ET.SubElement(item, "published").text = _timestamp(update.date)
        ET.SubElement(item, "updated").text = _timestamp(update.date)
        ET.SubElement(item, "summary").text = text.summary
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
