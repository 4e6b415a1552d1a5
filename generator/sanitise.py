"""Nothing from content runs: an allowlist for the HTML of every page, and link targets refused.

Content is written by contributors through pull requests, and Markdown passes raw HTML through,
so a page's HTML is cleaned by nh3 (the ammonia sanitiser) against the allowlist below, which
keeps what the generated pages use: tables, details, figures, the inline SVG charts, the
directory's filter form, ids, classes, role and aria-*, links and the site's own images. A page
from which the allowlist removes nothing is published byte for byte as MkDocs made it; one from
which it removes something is published as nh3 wrote it.

Two script elements are kept, taken out before cleaning and put back after: the JSON-LD
`markdown.json_ld` writes (data, with every `<` escaped, so it can close nothing) and
`<script src="....js">` naming a script of the site by a relative path (the coverage table's
sort and the directory's filter). Any other script goes, with its text.

`unsafe_links` finds javascript:, vbscript: and data: link targets in Markdown, as problems at
the file and line, before anything is written.
"""

from __future__ import annotations

import html
import itertools
import json
import operator
import re
import secrets
from html.parser import HTMLParser

import nh3

from .model import Document, Problem

# Elements the pages may hold. Text of any other element is kept, without the element.
TAGS = frozenset({
    # text and structure (Markdown, its attr_list, tables, admonition, toc and md_in_html)
    "a", "abbr", "article", "aside", "b", "blockquote", "br", "caption", "cite", "code", "col",
    "colgroup", "dd", "del", "details", "dfn", "div", "dl", "dt", "em", "figcaption", "figure",
    "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd", "li", "mark", "nav",
    "ol", "p", "pre", "q", "s", "samp", "section", "small", "span", "strong", "sub", "summary",
    "sup", "table", "tbody", "td", "tfoot", "th", "thead", "time", "tr", "u", "ul", "var",
    # the directory's filter form (never submitted anywhere: no action is allowed)
    "button", "fieldset", "form", "input", "label", "legend", "noscript", "option", "output",
    "select",
    # the inline SVG charts (Vega-Lite through vl-convert)
    # (the parser names SVG elements and attributes in their camelCase, as SVG spells them)
    "circle", "clipPath", "defs", "desc", "ellipse", "g", "line", "linearGradient", "path",
    "polygon", "polyline", "rect", "stop", "svg", "text", "title", "tspan",
})
# Elements removed with everything inside them (their text is code or styling, not words).
DROPPED = frozenset({"script", "style", "iframe", "object", "embed", "template", "math",
                     "noembed", "noframes", "xmp", "plaintext", "frame", "frameset"})
# Attributes any element may carry. No on*, no style but on table cells, no srcdoc or action.
GENERIC = frozenset({"id", "class", "title", "role", "hidden", "tabindex", "lang", "dir",
                     "data-search-exclude", "markdown"})
ARIA = "aria-"
SVG_PRESENTATION = frozenset({
    "clip-path", "cx", "cy", "d", "display", "dx", "dy", "fill", "fill-opacity", "focusable",
    "font-family", "font-size", "font-style", "font-weight", "height", "offset", "opacity",
    "pointer-events", "points", "preserveAspectRatio", "r", "rx", "ry", "stop-color",
    "stop-opacity", "stroke", "stroke-dasharray", "stroke-linecap", "stroke-linejoin",
    "stroke-miterlimit", "stroke-opacity", "stroke-width", "text-anchor", "transform",
    "version", "viewBox", "width", "x", "x1", "x2", "xmlns", "xmlns:xlink", "y", "y1", "y2",
})
ATTRIBUTES: dict[str, frozenset[str]] = {
    "a": frozenset({"href"}),
    "img": frozenset({"src", "alt", "width", "height", "loading"}),
    "td": frozenset({"style", "data-value", "colspan", "rowspan", "headers"}),
    "th": frozenset({"style", "data-value", "data-sort", "scope", "colspan", "rowspan",
                     "headers", "abbr"}),
    "col": frozenset({"span"}), "colgroup": frozenset({"span"}),
    "details": frozenset({"open"}), "time": frozenset({"datetime"}),
    "ol": frozenset({"start", "reversed", "type"}), "li": frozenset({"value"}),
    "span": frozenset({"data-f"}),
    "button": frozenset({"type", "name", "value", "disabled"}),
    "input": frozenset({"type", "name", "value", "placeholder", "autocomplete", "spellcheck",
                        "checked", "disabled", "min", "max", "step", "size", "maxlength"}),
    "label": frozenset({"for"}), "option": frozenset({"value", "selected", "disabled"}),
    "select": frozenset({"name", "multiple", "disabled"}), "output": frozenset({"for", "name"}),
    "form": frozenset({"autocomplete", "novalidate"}),
    **{tag: SVG_PRESENTATION for tag in ("svg", "g", "path", "line", "rect", "circle", "ellipse",
                                         "polygon", "polyline", "text", "tspan", "stop",
                                         "linearGradient", "clipPath", "defs")},
}
# Only the alignment the tables extension writes; nothing else styles a cell.
CELL_STYLES = frozenset({"text-align"})
LINK_SCHEMES = frozenset({"http", "https", "mailto"})
UNSAFE_SCHEMES = ("javascript", "vbscript", "data")
# The two kinds of script kept: what markdown.json_ld and the page kinds write, exactly.
JSON_LD = re.compile(r'<script type="application/ld\+json">\n([^<]*)\n</script>')
SITE_SCRIPT = re.compile(r'<script src="(?!/)(?![a-zA-Z][a-zA-Z0-9+.-]*:)([^"<>&:]+\.js)"'
                         r'( defer)?></script>')


def clean_html(page_html: str) -> str:
    """The page's HTML with only allowlisted markup; unchanged, byte for byte, if all of it was."""
    token = secrets.token_hex(16)
    kept: list[str] = []

    def keep(match: re.Match) -> str:
        if match.re is JSON_LD and not _is_json(match.group(1)):
            return ""
        kept.append(match.group(0))
        return f"opendata-kept-{token}-{len(kept) - 1}."

    held = SITE_SCRIPT.sub(keep, JSON_LD.sub(keep, page_html))
    cleaned = _clean(held)
    if _same_markup(held, cleaned):
        return page_html
    for index, block in enumerate(kept):
        cleaned = cleaned.replace(f"opendata-kept-{token}-{index}.", block, 1)
    return cleaned


def _clean(fragment: str) -> str:
    # _attribute is a call from Rust into Python for every attribute of the page, and it only
    # ever refuses an img's src; an img element is made only from a start tag named img or
    # image (the parser renames the second), so a fragment with no "<im" in any case has none
    # and is cleaned without the filter: the same output, without the calls (issue 18).
    cleaner = _WITH_FILTER if _IMAGE_TAG.search(fragment) else _WITHOUT_FILTER
    return cleaner.clean(fragment)


def _attribute(tag: str, name: str, value: str) -> str | None:
    """Images only from the site itself (a relative path); ids and classes as they are."""
    if tag == "img" and name == "src" and (re.match(r"[a-zA-Z][a-zA-Z0-9+.-]*:", value)
                                           or value.startswith("//")):
        return None
    return value


def _cleaner(attribute_filter) -> nh3.Cleaner:
    return nh3.Cleaner(tags=set(TAGS), clean_content_tags=set(DROPPED),
                       attributes={"*": set(GENERIC), **{k: set(v) for k, v in ATTRIBUTES.items()}},
                       attribute_filter=attribute_filter, strip_comments=False, link_rel=None,
                       generic_attribute_prefixes={ARIA}, url_schemes=set(LINK_SCHEMES),
                       filter_style_properties=set(CELL_STYLES))


# Built once: the options are the same for every page.
_WITH_FILTER = _cleaner(_attribute)
_WITHOUT_FILTER = _cleaner(None)
# The start of a tag that can make an img element (HTML lowercases only ASCII in tag names).
_IMAGE_TAG = re.compile("<[iI][mM]")


def _same_markup(before: str, after: str) -> bool:
    """True when cleaning removed no element, attribute, comment or text (only re-wrote bytes).

    nh3 writes its own serialisation (quotes, void and self-closed elements, entities, end
    tags), so the two are compared as the start tags, attributes, comments and words a parser
    reads from them. Namespace declarations (xmlns:xlink on the charts) are inert in HTML and
    nh3 drops them: they are not compared. Nor is the spacing of a style ("text-align: right;").
    """
    return _plainly_same(before, after) or _markup(before) == _markup(after)


# --- The quick proof (issue 18): most pages are proved the same without the parser ----------
# HTMLParser reads about a token a microsecond; most pages are written in a plain subset of
# HTML that a regular expression splits into the very tokens the parser reads: text without
# "<", start tags of letters, digits and "-" whose attributes are name="value" or a bare name,
# separated by ASCII spaces; end tags; comments without "--" inside. Two token lists of that
# subset are compared raw first; only tokens whose bytes differ (an entity nh3 wrote as its
# character, a self-closed SVG element, a bare attribute given ="") are read as _Markup reads
# them. Anything outside the subset, or any token that differs once read, goes to the parser.
_SPACE = "[ \t\n\r\f]"  # what ends a tag name for HTMLParser (and not Unicode spaces)
_NAME = "[a-zA-Z][a-zA-Z0-9-]*"
_ATTRIBUTES = rf"(?:{_SPACE}+[a-zA-Z_:][-a-zA-Z0-9_:.]*(?:=\"[^\"]*\")?)*"
_TOKENS = re.compile(rf"[^<]+|<{_NAME}{_ATTRIBUTES}{_SPACE}*/?>|</{_NAME}{_SPACE}*>"
                     r"|<!--(?!-?>)(?:(?!--).)*?-->", re.S)
_START = re.compile(rf"<({_NAME})({_ATTRIBUTES}){_SPACE}*/?>")
_ATTRIBUTE = re.compile(rf"{_SPACE}+([a-zA-Z_:][-a-zA-Z0-9_:.]*)(?:=\"([^\"]*)\")?")
# Elements whose text HTMLParser reads raw (script and style; the rest to be safe): not plain.
_RAW_TEXT = re.compile(r"<(?:script|style|xmp|iframe|noembed|noframes|plaintext)[\s/>]", re.I)
# Elements a newer HTMLParser reads as text only: plain when they hold text and nothing else.
_TEXT_ONLY = re.compile(r"<(?:title|textarea)[\s/>]", re.I)
_TEXT_ONLY_WHOLE = re.compile(rf"<(title|textarea)(?:{_SPACE}[^>]*)?/?>[^<]*</\1{_SPACE}*>",
                              re.I)
_BLANK = ("",)  # a token _Markup reads nothing from: blank text


def _plainly_same(before: str, after: str) -> bool:
    """True when both are in the plain subset and hold the same tokens; False when unsure."""
    first, second = _plain_tokens(before), _plain_tokens(after)
    if first is None or second is None or len(first) != len(second):
        return False
    return all(_token(first[i]) == _token(second[i])
               for i in itertools.compress(range(len(first)), map(operator.ne, first, second)))


def _plain_tokens(fragment: str) -> list[str] | None:
    """The fragment's start tags, comments and non-blank text, raw; None if it is not plain."""
    if _RAW_TEXT.search(fragment) or (len(_TEXT_ONLY.findall(fragment))
                                      != len(_TEXT_ONLY_WHOLE.findall(fragment))):
        return None
    tokens = _TOKENS.findall(fragment)
    if sum(map(len, tokens)) != len(fragment):  # some "<" begins none of the plain tokens
        return None
    return [t for t in tokens if not (t.isspace() or t.startswith("</"))]


def _token(raw: str) -> tuple:
    """A plain token as _Markup reads it (_BLANK for text with no word)."""
    if raw[0] != "<":
        text = html.unescape(raw)
        return ("t", " ".join(text.split())) if text.strip() else _BLANK
    if raw.startswith("<!--"):
        return ("!", raw[4:-3])
    start = _START.fullmatch(raw)
    kept = []
    for name, value in _ATTRIBUTE.findall(start.group(2)):
        name = name.lower()
        if name != "xmlns" and not name.startswith("xmlns:"):
            value = html.unescape(value)
            kept.append((name, _STYLE_SPACE.sub("", value) if name == "style" else value))
    return ("<", start.group(1).lower(), tuple(sorted(kept)))
# --- end of the quick proof ----------------------------------------------------------------


_STYLE_SPACE = re.compile(r"\s+|;\s*$")


class _Markup(HTMLParser):
    """What a fragment holds, in order: start tags with their attributes, comments, words."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple] = []

    def handle_starttag(self, tag, attrs):
        kept = ((k, _STYLE_SPACE.sub("", v or "") if k == "style" else v or "")
                for k, v in attrs if k != "xmlns" and not k.startswith("xmlns:"))
        self.found.append(("<", tag, tuple(sorted(kept))))

    def handle_comment(self, data):
        self.found.append(("!", data))

    def handle_data(self, data):
        if data.strip():
            self.found.append(("t", " ".join(data.split())))


def _markup(fragment: str) -> list[tuple]:
    reader = _Markup()
    reader.feed(fragment)
    reader.close()
    return reader.found


def _is_json(text: str) -> bool:
    try:
        json.loads(text)
    except ValueError:
        return False
    return True


# Link targets in Markdown and in raw HTML: inline links, reference definitions, autolinks
# and URL attributes. What follows the opener is the target, up to where a URL ends.
_TARGETS = re.compile(
    r"\]\(\s*<?(?P<inline>[^)>]*)"
    r"|^\s{0,3}\[[^\]]+\]:\s*<?(?P<reference>\S*)"
    r"|<(?P<auto>[a-zA-Z][a-zA-Z0-9+.-]*:[^\s>]*)>"
    r"|\b(?:href|src|action|formaction|xlink:href|poster|background|data)\s*=\s*"
    r"(?:\"(?P<dq>[^\"]*)\"|'(?P<sq>[^']*)'|(?P<bare>[^\s>]+))",
    re.IGNORECASE | re.MULTILINE)
_FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")
_CODE_SPAN = re.compile(r"(`+)(?:.+?)\1")
_IGNORED = re.compile(r"[\x00-\x20\x7f]+")


def unsafe_links(document: Document, body: str | None = None) -> list[Problem]:
    """javascript:, vbscript: and data: link targets in a document's body, one problem each.

    Code blocks and code spans are text, not links: they are left alone.
    """
    problems: list[Problem] = []
    fence = ""
    text = document.body if body is None else body
    for offset, line in enumerate(text.split("\n")):
        opened = _FENCE.match(line)
        if fence:
            if opened and opened.group(1)[0] == fence[0] and len(opened.group(1)) >= len(fence):
                fence = ""
            continue
        if opened:
            fence = opened.group(1)
            continue
        for match in _TARGETS.finditer(_CODE_SPAN.sub("", line)):
            target = next(value for value in match.groupdict().values() if value is not None)
            scheme = unsafe_scheme(target)
            if scheme:
                problems.append(Problem(
                    document.path, document.body_line + offset, None, "unsafe-link-target",
                    f"a link to {target[:60]!r}: {scheme}: links run code or hide content in "
                    f"the reader's browser; link to an http(s) address or a page of the site"))
    return problems


def unsafe_scheme(target: str) -> str | None:
    """The unsafe scheme a link target has once entities, spaces and control bytes are removed."""
    plain = _IGNORED.sub("", html.unescape(target)).lower()
    return next((s for s in UNSAFE_SCHEMES if plain.startswith(s + ":")), None)
