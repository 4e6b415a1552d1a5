"""Page cache for the MkDocs stage: a page whose inputs did not change is not rendered again.

Rendering a page costs MkDocs about 10 ms (Markdown, the theme's templates, the search plugin
parsing the HTML back), most of a rebuild at national scale. A page's HTML depends only on

- its own Markdown source and path;
- the site: mkdocs.yml and its overrides (site URL, strict), the theme's templates (ours and
  mkdocs-material's version), the navigation, the release date, and the set of files in the
  site, because links are checked against it;

so the sha256 of all of these is the page's key in build/.cache/pages. A key found there gives
back the page's HTML (checked against its stored sha256), its search-index entries and its
anchors and links, and MkDocs skips the page ("dirty" build). Everything else MkDocs does runs
every time: static files, the sitemap, and the anchor check, which sees cached pages' anchors
and links as if they had been rendered. The search index is put together in page order from
cached and fresh entries, so a build that reuses pages gives the same bytes as one that
renders them all. Pages are stored only when the whole strict build succeeded, so a page that
made MkDocs warn is never reused without the warning.

Sanitise, the plugin that cleans every page's HTML (generator/sanitise.py), is here too: this
module knows MkDocs as mkdocs_site.py does; the rest of the generator does not.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
from pathlib import Path

from mkdocs.plugins import BasePlugin, event_priority

from . import sanitise
from .cache import Store, folder_parts, library_versions
from .published import Published

KIND = "pages"
# Raise to drop every cached page at once (e.g. when the stored shape changes).
FORMAT = 1
LIBRARIES = ("mkdocs", "mkdocs-material", "markdown", "pymdown-extensions", "jinja2", "pygments",
             "nh3")
# The allowlist every page's HTML is cleaned with (mkdocs_site.Sanitise).
SANITISER = Path(sanitise.__file__)
DIRTY_WARNING = "A 'dirty' build is being performed"


# What store() keeps of a page besides its HTML (an entry without one of them is a miss).
ENTRY_FIELDS = frozenset({"sha256", "title", "anchors", "links", "search"})


class PageCache(BasePlugin):
    """An MkDocs plugin: reuses unchanged pages from the cache and stores the rendered ones."""

    def __init__(self, cache: Store, site_inputs: list[bytes | str],
                 published: Path | None = None) -> None:
        super().__init__()
        self.cache = cache
        self.site_inputs = site_inputs
        self.keys: dict[str, str] = {}      # src_uri -> key, for every page of this build
        self.reused: dict[str, dict] = {}   # src_uri -> stored entry, for pages not rendered
        self.search_entries: dict[str, list[dict]] = {}  # src_uri -> entries of fresh pages
        # The same folder of the site this build replaces, whose unchanged pages are linked.
        self.published = published
        self.shown: dict[str, str] = {}     # dest_uri -> sha256, every page this build writes
        self._seen = 0
        self._files = None
        self._search = None

    @property
    def pages(self) -> int:
        """How many pages this build has."""
        return len(self.keys)

    @event_priority(-100)  # after every other plugin has added or removed files
    def on_files(self, files, *, config):
        """Key every page; put each cached one in place and tell MkDocs it is up to date."""
        self._files = files
        self._search = next((p for p in config.plugins.values() if hasattr(p, "search_index")),
                            None)
        # The files this run builds or copies: another language's folder, left out of it, may
        # be filling meanwhile (build.start_renders' publish).
        names = sorted(f"{f.src_uri}\n{f.dest_uri}" for f in files if f.inclusion.is_included())
        site = Store.key(["pages", *self.site_inputs, repr(config.nav), *names])
        published = Published.read(self.cache, self.published)
        for file in files.documentation_pages():
            if file.abs_src_path is None:
                continue
            key = Store.key([site, file.src_uri, Path(file.abs_src_path).read_bytes()])
            self.keys[file.src_uri] = key
            stored = self._entry(key, files)
            if stored is None:
                continue
            target = Path(file.abs_dest_path)
            if self.published is not None and published.link(
                    self.published, file.dest_uri, stored["sha256"], target):
                self.cache.keep(KIND, f"{key}.html")  # for a build that finds no such file
            else:
                html = self._html(key, stored)
                if html is None:
                    continue
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(html)
            file.is_modified = _unchanged  # MkDocs' dirty build then skips this page
            self.reused[file.src_uri] = stored
            self.shown[file.dest_uri] = stored["sha256"]
        link_static_files(files, Path(config.docs_dir))
        return files

    def on_env(self, env, *, config, files):
        """Give reused pages the anchors and links MkDocs' anchor check needs, and the title
        the navigation and the other pages' links show (MkDocs finds a title by reading the
        page's Markdown, which it skips for a page it takes as up to date)."""
        for src_uri, stored in self.reused.items():
            page = files.get_file_from_path(src_uri).page
            page.title = stored["title"]
            page.present_anchor_ids = set(stored["anchors"])
            page.links_to_anchors = {files.get_file_from_path(target): dict(links)
                                     for target, links in stored["links"].items()}
        return env

    @event_priority(-100)  # after the search plugin has indexed the page
    def on_page_context(self, context, *, page, config, nav):
        """Note the search entries the search plugin made for this freshly rendered page."""
        if self._search is not None:
            entries = self._search.search_index.entries
            self.search_entries[page.file.src_uri] = entries[self._seen:]
            self._seen = len(entries)
        return context

    @event_priority(100)  # before the search plugin writes its index
    def on_post_build(self, *, config):
        """The search index in page order, from cached and fresh entries alike."""
        if self._search is None or self._files is None:
            return
        entries: list[dict] = []
        for file in self._files.documentation_pages():
            stored = self.reused.get(file.src_uri)
            entries += (json.loads(stored["search"]) if stored
                        else self.search_entries.get(file.src_uri, []))
        self._search.search_index.entries = entries

    def store(self) -> None:
        """After a successful build: keep the freshly rendered pages (cache.prune drops the rest)."""
        if self._files is None:
            return
        for file in self._files.documentation_pages():
            key = self.keys.get(file.src_uri)
            if key is None or file.src_uri in self.reused:
                continue
            target = Path(file.abs_dest_path)
            if not target.is_file():  # MkDocs writes no file for an empty page
                continue
            html = target.read_bytes()
            page = file.page
            links = {to_file.src_uri: dict(anchors)
                     for to_file, anchors in (page.links_to_anchors or {}).items()}
            self.shown[file.dest_uri] = hashlib.sha256(html).hexdigest()
            self.cache.put_bytes(KIND, f"{key}.html", html)
            self.cache.put(KIND, key, {
                "sha256": self.shown[file.dest_uri],
                "title": page.title,
                "anchors": sorted(page.present_anchor_ids or ()),
                "links": links,
                # As text: the cache sorts keys, and the index keeps MkDocs' key order.
                "search": json.dumps(self.search_entries.get(file.src_uri, [])),
            })

    def _entry(self, key: str, files) -> dict | None:
        """A cached page's entry whose link targets exist, or None."""
        stored = self.cache.get(KIND, key)
        if not isinstance(stored, dict) or not ENTRY_FIELDS <= set(stored):
            return None
        if any(files.get_file_from_path(target) is None for target in stored["links"]):
            return None
        return stored

    def _html(self, key: str, stored: dict) -> bytes | None:
        """A cached page's HTML, when it is whole (its sha256 that of the entry), or None."""
        html = self.cache.get_bytes(KIND, f"{key}.html")
        if html is None or hashlib.sha256(html).hexdigest() != stored["sha256"]:
            return None
        return html



def link_static_files(files, docs_dir: Path) -> None:
    """Put each file MkDocs would copy from the docs folder into the site as a hard link to
    it instead (the downloads alone are hundreds of MB at national scale): MkDocs' dirty build
    then skips it. The docs folder's files are never written in place (build.sync_folder
    replaces a changed one), so the site keeps the bytes it was built with. A file that
    cannot be linked (another file system, a system without links) is copied by MkDocs."""
    docs = os.path.join(os.path.realpath(docs_dir), "")
    for file in files:
        source = file.abs_src_path
        if (file.is_documentation_page() or source is None or not file.inclusion.is_included()
                or not os.path.realpath(source).startswith(docs)):
            continue
        try:
            os.makedirs(os.path.dirname(file.abs_dest_path), exist_ok=True)
            os.link(source, file.abs_dest_path, follow_symlinks=False)
        except OSError:
            continue
        file.is_modified = _unchanged


class Sanitise(BasePlugin):
    """An MkDocs plugin: every page's HTML goes through the allowlist of sanitise.py."""

    @event_priority(-100)  # after any other plugin has changed the page's HTML
    def on_page_content(self, html, *, page, config, files):
        """The page's HTML with only allowlisted elements, attributes and link targets."""
        return sanitise.clean_html(html)


class SearchScope(BasePlugin):
    """An MkDocs plugin: what of a page goes into the search index, which every visitor fetches.

    The index is downloaded on a visitor's first page view, so it holds what a search is for
    (titles, headings and prose) and leaves out what it would only repeat:

    - tables: their cells are data, published whole as downloads; the page that shows a table
      is found by its title and headings;
    - teasers: a section whose heading links to another page of the site (a list of updates,
      the catalog's datasets) is that page's summary, and that page is indexed itself;
    - the text before a page's first heading (its breadcrumb trail), and the entry of the h1
      after it: the page's own entry takes the h1's text, so the page is one entry at its URL,
      not two with the same title (one of them at the h1's anchor, a long one in Devanagari),
      when the h1's title is the page's title or a part of it (or the other way round; the
      longer title is kept);
    - the notes on where a page's figures come from (figures.render_notes): each repeats a
      row, a date and a source that the dataset pages and the page's own sources list hold;
    - past PAGE_TEXT_BUDGET characters of a page's text, its further sections keep their
      titles only: a long list (a directory of a thousand organisations) is found by its
      entries' names without putting all of it into every visitor's download;
    - a page whose front matter sets `search: {summary: true}` (a page per table row, a whole
      table, a facet of a directory) is indexed by its title alone, which names the row or view
      by its key values (a district and its State), one entry, plus the titles of its h2-h6
      sections: a search for its name finds it, its figures and a description written from
      the same template for each row do not fill the index;
    - across the site (site_entries): a paragraph or list item found word for word on
      REPEAT_PAGES pages or more (a note every untranslated post carries, a list page's
      introduction, the same download line under every State's chart) is indexed on the first
      of those pages only, and a section entry whose title and text are those of an earlier
      entry is left out: a search for those words finds one page, not hundreds alike;
    - the index is written as UTF-8, not with the search plugin's \\u escapes (json.dumps'
      default): six bytes for each Devanagari letter instead of three.

    Material's own `search: {exclude: true}` (front matter) and `data-search-exclude` (an
    element) still apply.
    """

    def __init__(self) -> None:
        super().__init__()
        self._search = None

    def on_files(self, files, *, config):
        """Find the search plugin whose index this one trims (it has made its index by now)."""
        self._search = next((p for p in config.plugins.values() if hasattr(p, "search_index")),
                            None)
        return files

    @event_priority(-110)  # after Sanitise: the attributes are the search plugin's to strip
    def on_page_content(self, html, *, page, config, files):
        """Mark tables and teaser headings data-search-exclude (the search plugin strips it)."""
        return html if self._search is None else scope_html(html)

    @event_priority(-50)  # after the search plugin indexed the page, before PageCache notes it
    def on_page_context(self, context, *, page, config, nav):
        """Trim this page's entries (trim_entries)."""
        if self._search is not None:
            entries = self._search.search_index.entries
            # The page's entries are the last ones, each at its URL or an anchor of it.
            start = len(entries)
            while start and entries[start - 1]["location"].partition("#")[0] == page.url:
                start -= 1
            entries[start:] = trim_entries(entries[start:], page)
        return context

    @event_priority(-50)  # after the search plugin wrote its index, before offline copies it
    def on_post_build(self, *, config):
        """Rewrite the index: the site-wide rules (site_entries), as UTF-8 without escapes."""
        index = Path(config.site_dir) / "search" / "search_index.json"
        if self._search is None or not index.is_file():
            return
        data = json.loads(index.read_text(encoding="utf-8"))
        data["docs"] = site_entries(data["docs"])
        index.write_text(json.dumps(data, separators=(",", ":"), ensure_ascii=False, default=str),
                         encoding="utf-8")


SEARCH_EXCLUDE = 'data-search-exclude="opendata"'  # any value: the search plugin strips it
PAGE_TEXT_BUDGET = 12_000  # characters of text a page puts into the index before titles only
REPEAT_PAGES = 10  # a paragraph or list item on this many pages is indexed on the first only
_TABLE = re.compile(r"<table(?=[\s>])")
# The heading of figures.render_notes (its id): the section it starts is not indexed.
_NOTES = re.compile(r'<h2(?= id="od-fig-notes-title")')
# A heading whose content starts with a link to another page (not "#..." and no scheme).
_TEASER = re.compile(r"<(h[1-6])(?=[\s>])(?P<attrs>[^>]*)>(?=\s*<a\s[^>]*?href=\"(?![#/]|"
                     r"[a-zA-Z][\w+.-]*:)[^\"]+\")")
# A block of an entry's text: a paragraph, or a list item with no list inside it.
_BLOCK = re.compile(r"<p>.*?</p>|<li>(?:(?!</?(?:li|ul|ol)[\s>]).)*?</li>", re.S)
_EMPTY_LIST = re.compile(r"<(ul|ol)>\s*</\1>")

# The search plugin makes a preface entry unless the page starts with its h1 (comments aside).
_STARTS_WITH_H1 = re.compile(r"\s*(?:<!--.*?-->\s*)*<h1[\s>]", re.S)


def scope_html(html: str) -> str:
    """A page's HTML with its tables and teaser headings marked data-search-exclude."""
    html = _TABLE.sub(f"<table {SEARCH_EXCLUDE}", html)
    html = _NOTES.sub(f"<h2 {SEARCH_EXCLUDE}", html)
    return _TEASER.sub(lambda m: f"<{m.group(1)} {SEARCH_EXCLUDE}{m.group('attrs')}>", html)


def trim_entries(entries: list[dict], page) -> list[dict]:
    """One page's search entries: no preface, the h1 in the page's entry, text within the
    budget; or only its summary."""
    if not entries:
        return entries
    url = page.url
    first = entries[0]
    headings = {item.id: item for item in _toc_items(page.toc)}
    if len(entries) > 1 and first["location"] == url and not _STARTS_WITH_H1.match(
            page.content or ""):
        # A preface: text before the first heading (which starts a section of its own).
        first = {**first, "text": ""}
        entries = [first, *entries[1:]]
        h1 = headings.get(entries[1]["location"].partition("#")[2])
        titles = (first["title"], entries[1]["title"])
        if h1 is not None and h1.level == 1 and (titles[0] in titles[1] or titles[1] in titles[0]):
            first = {**first, "title": max(titles, key=len), "text": entries[1]["text"]}
            entries = [first, *entries[2:]]
    search = page.meta.get("search") or {}
    if not (isinstance(search, dict) and search.get("summary")):
        return within_budget(entries)
    title = str(page.meta.get("title", page.title) or "")
    summary = [{**first, "location": url, "title": title, "text": ""}]
    for entry in entries[1:]:
        anchor = entry["location"].partition("#")[2]
        if anchor in headings and headings[anchor].level > 1:
            summary.append({**entry, "text": ""})
    return summary


def within_budget(entries: list[dict]) -> list[dict]:
    """The entries with their text until PAGE_TEXT_BUDGET characters, titles only after that."""
    used = 0
    kept = []
    for entry in entries:
        used += len(entry["text"])
        kept.append(entry if used <= PAGE_TEXT_BUDGET else {**entry, "text": ""})
    return kept


def site_entries(entries: list[dict]) -> list[dict]:
    """The whole index: a block of text on REPEAT_PAGES pages or more kept at its first
    place only; a section entry that repeats an earlier entry's title and text left out."""
    blocks_of = [_BLOCK.findall(entry["text"]) for entry in entries]  # each text parsed once
    pages: dict[str, set[str]] = {}
    for entry, blocks in zip(entries, blocks_of, strict=True):
        page = entry["location"].partition("#")[0]
        for block in blocks:
            pages.setdefault(block, set()).add(page)
    repeated = {block for block, where in pages.items() if len(where) >= REPEAT_PAGES}
    seen: set[str] = set()
    said: set[tuple[str, str]] = set()
    kept = []
    for entry, blocks in zip(entries, blocks_of, strict=True):
        text = entry["text"]
        for block in (b for b in blocks if b in repeated):
            if block in seen:
                text = text.replace(block, "", 1)
            seen.add(block)
        if text != entry["text"]:
            text = " ".join(_EMPTY_LIST.sub("", text).split())
            entry = {**entry, "text": text}
        key = (entry["title"], entry["text"])
        if "#" in entry["location"] and key in said:
            continue  # a section entry with no word of its own: the earlier one finds it
        said.add(key)
        kept.append(entry)
    return kept


def _toc_items(toc) -> list:
    """Every item of a page's table of contents, depth first."""
    items = []
    for item in toc or ():
        items += [item, *_toc_items(item.children)]
    return items


# --- Link previews (issue 15): Open Graph and Twitter card <meta> on every page ---------------
PREVIEW_KEY = "opendata_preview"  # front matter {image, alt} that embeds.complete writes
PREVIEW_SIZE = (1200, 630)  # previews.WIDTH x previews.HEIGHT: the charts' preview cards


class LinkPreviews(BasePlugin):
    """An MkDocs plugin: what a shared link to each page shows, as (attribute, name, content)
    triples in the template context (opendata_link_preview); the theme's main.html writes
    them as <meta> tags, escaping every value.

    Title and description are the page's own (front matter, as the theme prints them; see
    markdown.meta_text); the image is the page's preview (front matter opendata_preview,
    embeds.complete) or the site's default, `extra: preview_image` in mkdocs.yml (a docs
    path). Open Graph wants absolute URLs: without a site URL there is no og:url and no
    image, and the card is the plain `summary`.
    """

    def __init__(self, locale: str) -> None:
        super().__init__()
        self.locale = locale

    def on_page_context(self, context, *, page, config, nav):
        """Add the page's link preview tags to its template context."""
        context["opendata_link_preview"] = link_preview(page, config, self.locale)
        return context


def link_preview(page, config, locale: str) -> list[tuple[str, str, str]]:
    """The page's Open Graph and Twitter card tags, as plain text (the template escapes)."""
    import html

    from . import markdown

    meta = page.meta or {}
    title = html.unescape(str(meta.get("title") or page.title or config.site_name or ""))
    description = html.unescape(" ".join(str(meta.get("description")
                                             or config.site_description or "").split()))
    site_url = str(config.site_url or "")
    tags = [("property", "og:type", "website"), ("property", "og:site_name", config.site_name),
            ("property", "og:title", title)]
    tags += [("property", "og:description", _shortened(description))] if description else []
    tags.append(("property", "og:locale", locale.replace("-", "_")))
    if site_url and page.canonical_url:
        tags.append(("property", "og:url", page.canonical_url))
    preview = meta.get(PREVIEW_KEY) if isinstance(meta.get(PREVIEW_KEY), dict) else {}
    image = str(preview.get("image") or config.extra.get("preview_image") or "")
    if site_url and image and markdown.safe_url(site_url):
        from urllib.parse import quote

        tags.append(("property", "og:image", site_url.rstrip("/") + "/" + quote(image)))
        if image.endswith(".png"):
            tags.append(("property", "og:image:type", "image/png"))
        if preview.get("image"):
            tags += [("property", "og:image:width", str(PREVIEW_SIZE[0])),
                     ("property", "og:image:height", str(PREVIEW_SIZE[1]))]
        alt = str(preview.get("alt") or title)
        tags += [("property", "og:image:alt", alt), ("name", "twitter:card", "summary_large_image"),
                 ("name", "twitter:image:alt", alt)]
    else:
        tags.append(("name", "twitter:card", "summary"))
    return [(attribute, name, str(value)) for attribute, name, value in tags]
DESCRIPTION_MAX = 300  # characters of a description a preview shows (cards cut it shorter)


def _shortened(text: str) -> str:
    """The description whole if short, else cut at a word before DESCRIPTION_MAX, with '…'."""
    if len(text) <= DESCRIPTION_MAX:
        return text
    return text[:DESCRIPTION_MAX - 1].rsplit(" ", 1)[0].rstrip(" ,;:") + "…"
# --- end of link previews ------------------------------------------------------------------


def _unchanged() -> bool:
    """File.is_modified for a page put in place from the cache."""
    return False


def site_inputs(mkdocs_file: Path, overrides: dict, theme_dirs: list[Path], epoch: int
                ) -> list[bytes | str]:
    """What every page's HTML depends on besides its own source (see the module docstring)."""
    parts: list[bytes | str] = [f"format {FORMAT}", Path(__file__).read_bytes(),
                                SANITISER.read_bytes(),
                                mkdocs_file.read_bytes(), repr(sorted(overrides.items())),
                                f"epoch {epoch}"]
    parts += library_versions(LIBRARIES)
    for theme_dir in theme_dirs:
        if theme_dir.is_dir():
            parts += [f"theme {theme_dir}", *folder_parts(theme_dir)]
    return parts


class _DropDirtyWarning(logging.Filter):
    """MkDocs warns on every dirty build, which strict mode would count as a failure.

    The warning is about stale navigation in a hand-run `mkdocs build --dirty`; here every page
    whose inputs changed is rendered again (see the module docstring), so it does not apply.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith(DIRTY_WARNING)


DIRTY_FILTER = _DropDirtyWarning()
