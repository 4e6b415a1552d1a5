"""The theme's search index made in less time: the same sections from one regex scan of a page.

The theme's search plugin (material/plugins/search) divides each page's HTML into sections with
an html.parser.HTMLParser subclass, whose tokeniser and handlers spend most of a large build's
indexing time in Python calls per tag. `ScanIndex` gives the same entries, byte for byte: a page
whose HTML is of the plain shape the engine writes (text, comments, start and end tags with
double-quoted or bare attributes, no scripts or styles) is tokenised by one regex, into the
same events HTMLParser would give, and those events are handled as the theme's `Parser` handles
them, with its element tests kept as counts of the open tags. Any other page goes to the theme's
own parser. The theme compares elements by tag name only (`Element.__eq__`), so counts by tag
are what its `in self.context` and `skip.intersection(self.context)` test.
"""

from __future__ import annotations

import re
from html import escape, unescape

from material.plugins.search.plugin import Element, Parser, SearchIndex, Section, void
from mkdocs.plugins import BasePlugin, event_priority

_SPACE = "[ \t\n\r\f]"  # what ends a tag's name in HTMLParser (besides / and >)
# Text, a start tag (name, attributes, "/" of a self-closing tag), an end tag or a comment, as
# HTMLParser reads them; anything else ("<" in text, a quote-less value, ...) stops the scan.
_TOKEN = re.compile(
    rf"""([^<]+)
    |<([a-zA-Z][-a-zA-Z0-9]*)((?:{_SPACE}+[a-zA-Z_:][-a-zA-Z0-9_:.]*(?:="[^"]*")?)*){_SPACE}*(/?)>
    |</([a-zA-Z][-.a-zA-Z0-9:_]*)\s*>
    |<!--(?s:.*?)--\s*>""", re.VERBOSE)
_ATTR = re.compile(rf'{_SPACE}+([a-zA-Z_:][-a-zA-Z0-9_:.]*)(?:="([^"]*)")?')
_HEADINGS = frozenset(f"h{x}" for x in range(1, 7))
# HTMLParser reads their content raw up to their end tag (set_cdata_mode); the theme's Parser
# skips it: "script" and "style" stay in its skip list.
_CDATA = {tag: re.compile(rf"</\s*{tag}\s*>", re.I) for tag in ("script", "style")}
_KEEP = frozenset(("p", "code", "pre", "li", "ol", "ul", "sub", "sup"))  # Parser.keep
_SKIP = ("object", "script", "style")  # Parser.skip at the start


class ScanIndex(SearchIndex):
    """The theme's search index, its pages divided into sections by `sections`."""

    def add_entry_from_context(self, page):
        """Index a page's sections (SearchIndex.add_entry_from_context, with `sections`)."""
        search = page.meta.get("search") or {}
        if search.get("exclude"):
            return
        for section in sections(page.content):
            if not section.is_excluded():
                self.create_entry_for_section(section, page.toc, page.url, page)


def sections(html: str) -> list[Section]:
    """The sections the theme's Parser finds in a page's HTML (its own parser for other HTML)."""
    tokens = _tokens(html)
    if tokens is None:
        parser = Parser()
        parser.feed(html)
        parser.close()
        return parser.data
    return _Sections().run(tokens)


def _tokens(html: str) -> list | None:
    """HTMLParser's events for HTML of the plain shape, or None for any other HTML."""
    tokens = []
    add = tokens.append
    match = _TOKEN.match
    pos, end = 0, len(html)
    while pos < end:
        m = match(html, pos)
        if m is None:
            return None
        pos = m.end()
        text, tag, attrs, slash, closing = m.groups()
        if text is not None:
            add((0, unescape(text), None))
        elif tag is not None:
            tag = tag.lower()
            pairs = [(a.group(1).lower(), unescape(a.group(2)) if a.group(2) else a.group(2))
                     for a in _ATTR.finditer(attrs)] if attrs else []
            add((1, tag, pairs))
            if slash:
                add((2, tag, None))
            elif tag in _CDATA:  # its content is raw text up to its end tag, and never indexed
                close = _CDATA[tag].search(html, pos)
                if close is None:
                    return None
                add((2, tag, None))
                pos = close.end()
        elif closing is not None:
            add((2, closing.lower(), None))
        # else a comment: no event (the theme's parser ignores them), but it ends a text
    return tokens


class _Sections:
    """The theme's Parser handlers (material/plugins/search/plugin.py), on counts of open tags."""

    def __init__(self) -> None:
        self.context: list[tuple[str, bool]] = []  # open elements: tag, is a heading's permalink
        self.open: dict[str, int] = {}  # open elements by tag
        self.skip = set(_SKIP)  # tags whose content is not indexed (Parser.skip, by tag)
        self.permalinks = 0  # open <a class="headerlink">
        self.section: Section | None = None
        self.data: list[Section] = []

    def run(self, tokens: list) -> list[Section]:
        """The sections of a page's events."""
        for kind, value, attrs in tokens:
            if kind == 0:
                self.handle_data(value)
            elif kind == 1:
                self.handle_starttag(value, attrs)
            else:
                self.handle_endtag(value)
        return self.data

    def _push(self, tag: str, attrs: dict) -> None:
        permalink = tag == "a" and attrs.get("class") == "headerlink"
        self.context.append((tag, permalink))
        self.open[tag] = self.open.get(tag, 0) + 1
        self.permalinks += permalink

    def _pop(self) -> str:
        tag, permalink = self.context.pop()
        count = self.open[tag] - 1
        if count:
            self.open[tag] = count
        else:
            del self.open[tag]
        self.permalinks -= permalink
        return tag

    def _text(self) -> list[str]:
        """The section's title inside its heading's element, else its text."""
        section = self.section
        return section.title if section.el.tag in self.open else section.text

    def handle_starttag(self, tag: str, attrs: list) -> None:
        """Parser.handle_starttag."""
        if tag in void:
            return
        attrs = dict(attrs)
        self._push(tag, attrs)
        if tag in _HEADINGS:
            depth = len(self.context)
            if "id" in attrs:
                if tag != "h1" and not self.data:
                    self.section = Section(Element("hx"), depth)
                    self.data.append(self.section)
                self.section = Section(Element(tag, attrs), depth)
                if self.data:
                    self.section.id = attrs["id"]
                self.data.append(self.section)
        if not self.section:
            self.section = Section(Element("hx"))
            self.data.append(self.section)
        if "data-search-exclude" in attrs or attrs.get("class") == "linenodiv":
            self.skip.add(tag)
            return
        if tag in _KEEP and self.skip.isdisjoint(self.open):
            self._text().append(f"<{tag}>")

    def handle_endtag(self, tag: str) -> None:
        """Parser.handle_endtag."""
        context = self.context
        if not context or context[-1][0] != tag:
            return
        if self.section.depth > len(context):
            for section in reversed(self.data):
                if section.depth <= len(context):
                    self.section.depth = float("inf")
                    self.section = section
                    break
        self._pop()
        if tag in self.skip:
            if tag not in _SKIP:
                self.skip.remove(tag)
            return
        if tag in _KEEP and self.skip.isdisjoint(self.open):
            data = self._text()
            index = data.index(f"<{tag}>")
            for i in range(index + 1, len(data)):
                if not data[i].isspace():
                    index = len(data)
                    break
            if len(data) > index:
                del data[index:]
            else:
                data.append(f"</{tag}>")

    def handle_data(self, data: str) -> None:
        """Parser.handle_data."""
        if not self.skip.isdisjoint(self.open):
            return
        pre = "pre" in self.open
        if not pre:
            data = " " if data.isspace() else data.replace("\n", " ")
        if not self.section:
            self.section = Section(Element("hx"))
            self.data.append(self.section)
        section = self.section
        if section.el.tag in self.open:
            if not self.permalinks:
                section.title.append(escape(data, quote=False))
        elif data.isspace():
            text = section.text
            if not text or not text[-1].isspace() or pre:
                text.append(data)
        else:
            section.text.append(escape(data, quote=False))


class FasterSearch(BasePlugin):
    """An MkDocs plugin: the theme's search plugin indexes pages with `ScanIndex`."""

    @event_priority(-100)  # after the search plugin made its index
    def on_config(self, config):
        """Give the search plugin a ScanIndex with its settings, for the one it made."""
        for plugin in config.plugins.values():
            index = getattr(plugin, "search_index", None)
            if type(index) is SearchIndex:
                plugin.search_index = ScanIndex(**index.config)
        return config
