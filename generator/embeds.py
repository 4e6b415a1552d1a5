"""Embeddable charts: a standalone page per chart, the <iframe> snippet on the chart's page, and
which preview image each page's link preview shows.

charts.publish writes each chart's embed page, <folder>/embed/<name>.html: one self-contained
HTML file (the static SVG in both layouts, the source line, the licence and a link back; its
own small stylesheet; no script, nothing loaded from anywhere), which works from file:// and
from any host. What publish cannot know is filled in by `complete`, once every page kind has
rendered: the page that shows the chart (for the link back), the licences of the datasets it
plots, the site's language and address (for the snippet). publish leaves a slot for each, an
HTML comment; a page kind's cached outputs keep the slots, so every build fills them afresh.

`complete` also decides each page's preview image, put into its front matter as
`opendata_preview: {image, alt}` (the theme's link preview reads it, mkdocs_pages.LinkPreviews):
a page's first chart; a dataset page's (and its tables' pages) the first chart that plots it.
"""

from __future__ import annotations

import html
import json
import posixpath
import re
from urllib.parse import quote

from .languages import ENGLISH, Language
from .markdown import html_href, safe_url
from .model import Asset, Page
from .previews import preview_path
from .sitedata import SiteData

FOLDER = "embed"
SOURCES_LISTED = 6  # an embed lists this many sources by name; more are counted, not listed
# The embed page's box, in CSS pixels, for the snippet's frame: body padding on each side, the
# caption's text (14 px type, lines of 20.3 px, a character about 7.5 px wide at most) and the
# narrowest frame a phone gives (320 px).
PADDING = 8
LINE = 20.3
CHARACTER = 7.5
PHONE = 320
PHONE_LAYOUT = 640  # the frame width (40em) below which the phone layout may replace the wide one
LICENCE_LINE = 110  # characters of the licence line besides the site's name (an upper bound)
# The slots publish leaves (HTML comments), filled by `complete`.
PAGE_SLOT = re.compile(r"<!--opendata-embed (\{[^<>]*?\})-->")
BACK_SLOT = "<!--opendata-embed-back-->"
LICENCE_SLOT = re.compile(r"<!--opendata-embed-licence (\{[^<>]*?\})-->")
HTML_SLOT = "<html>"  # the embed page's opening tag, given its lang
PREVIEW_KEY = "opendata_preview"  # the front matter key the theme's link preview reads
DATASETS = "data"  # the dataset pages' folder: data/<package>/ (pages/dataset.py)
LINK = 'target="_blank" rel="noopener"'  # from inside an iframe, a link opens a new tab

# The embed page's own styles: the chart scales to the frame and never past its drawn size; the
# phone layout replaces the wide one in a frame narrower than 40em, as on the site
# (charts.NARROW_MEDIA), or than the wide layout at its own size (narrow_below).
STYLE = """\
html{background:#fff;color:#222}
body{margin:0;padding:8px;font:14px/1.45 "Liberation Sans",Arial,Helvetica,sans-serif}
figure{margin:0}
svg{display:block;width:100%;height:auto}
.od-chart-narrow{display:none}
@media (max-width:{narrow_below}px){.od-chart-layouts .od-chart-wide{display:none}\
.od-chart-layouts .od-chart-narrow{display:block}}
figcaption{margin-top:6px;color:#333}
figcaption p{margin:0 0 4px;overflow-wrap:anywhere}
a{color:#0b57a4}
"""


def embed_path(folder: str, name: str) -> str:
    """Where a chart's embed page goes in the docs: <folder>/embed/<name>.html."""
    return "/".join(part for part in (folder, FOLDER, name + ".html") if part)


def _slot(prefix: str, values: dict) -> str:
    """An HTML comment holding `values` as JSON that can neither end the comment nor the page."""
    text = json.dumps(values, ensure_ascii=False, sort_keys=True)
    return f"<!--{prefix} " + text.replace("<", "\\u003c").replace(">", "\\u003e") + "-->"


def page_slot(folder: str, name: str, title: str, sizes: list[tuple[float, float]],
              caption: int) -> str:
    """What publish puts in a chart's figure: `complete` makes it the embed snippet.

    `sizes`: the drawn width and height of the wide layout and, if drawn, the phone layout;
    `caption`: the characters of the embed page's source line.
    """
    return _slot("opendata-embed", {
        "embed": embed_path(folder, name), "preview": preview_path(folder, name),
        "name": name, "title": title, "caption": caption,
        "sizes": [[round(w, 1), round(h, 1)] for w, h in sizes]})


def narrow_below(wide_width: float) -> int:
    """The frame width below which the embed page shows the phone layout: 40em, as on the
    site, or where the wide layout no longer fits at its own size if it is narrower."""
    return min(PHONE_LAYOUT, int(wide_width) + 2 * PADDING) - 1


def frame_size(values: dict, site_name: str) -> tuple[int, int]:
    """The snippet's frame: its widest (the wide layout at its size) and a height that holds
    the chart and its caption at that width and at a phone's, whichever layout shows there."""
    (wide_width, wide_height), *narrow = values["sizes"]
    widest = int(wide_width) + 2 * PADDING
    lines = [values["caption"], LICENCE_LINE + len(site_name)]

    def caption(width: float) -> float:
        per_line = max(1, int((width - 2 * PADDING) / CHARACTER))
        return 6 + sum(-(-chars // per_line) * LINE + 4 for chars in lines)

    phone_chart = (narrow[0][1] if narrow
                   else wide_height * min(1, (PHONE - 2 * PADDING) / wide_width))
    height = max(wide_height + caption(widest), phone_chart + caption(PHONE)) + 2 * PADDING
    return widest, -(-int(height) // 10) * 10 + 10  # rounded up, with a line to spare


def embed_page(folder: str, name: str, title: str, drawn: str, layouts: bool, caps: list[int],
               source: str, sources: list[tuple[str, str]], wide_width: float,
               language: Language = ENGLISH) -> bytes:
    """The chart's standalone page, with its slots (see the module docstring).

    `drawn` is the inline SVG of both layouts as the site shows it (charts.figure), `caps`
    the widths they are never drawn past (their class od-chart-max-<n>); its words are in
    `language`.
    """
    here = posixpath.join(folder, FOLDER)
    cited = [source_link(label, target, folder, here) for label, target in sources]
    packages = sorted({p for _, target in sources if (p := dataset_of(target, folder))})
    style = STYLE.replace("{narrow_below}", str(narrow_below(wide_width))) + "".join(
        f".od-chart-max-{cap}{{max-width:{cap}px}}\n" for cap in caps)
    sources_line = sources_text(cited, language)
    return (f"<!DOCTYPE html>\n{HTML_SLOT}\n<head>\n<meta charset=\"utf-8\">\n"
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f'<meta name="robots" content="noindex">\n'
            f"<title>{html.escape(title)}</title>\n<style>\n{style}</style>\n</head>\n<body>\n"
            f'<figure class="od-embed{" od-chart-layouts" if layouts else ""}" '
            f'aria-labelledby="{name}-title">\n{drawn}\n<figcaption>\n'
            f"<p>{html.escape(source)}{sources_line}</p>\n"
            f"<p>{_slot('opendata-embed-licence', {'packages': packages})} · {BACK_SLOT}</p>\n"
            f"</figcaption>\n</figure>\n</body>\n</html>\n").encode()


def sources_text(cited: list[str], language: Language = ENGLISH) -> str:
    """The sources after the source line: each linked, or how many when they are many."""
    if not cited:
        return ""
    _ = language.gettext
    if len(cited) <= SOURCES_LISTED:
        return " " + _text(_("Sources: %(sources)s.")) % {"sources": ", ".join(cited)}
    return " " + _text(_("%(count)s sources, each linked from the chart's data table on its "
                         "page.")) % {"count": language.numbers.group_indian(len(cited))}


def _text(message: str) -> str:
    """A translated message as HTML text (its placeholders are filled with HTML after)."""
    return html.escape(message, quote=False)


def caption_length(source: str, sources: list[tuple[str, str]]) -> int:
    """About how many characters the embed page's source line shows."""
    labels = [label for label, _ in sources]
    listed = (len(" Sources: .") + sum(len(label) + 2 for label in labels)
              if len(labels) <= SOURCES_LISTED else 70)
    return len(source) + (listed if labels else 0)


def source_link(label: str, target: str, folder: str, here: str) -> str:
    """A source's link from the embed page: a page of the site (relative) or an http(s) URL."""
    text = html.escape(label)
    url = safe_url(target)
    if url is None:
        path = target.partition("#")[0]
        if not path or re.match(r"[a-zA-Z][\w+.-]*:", target) or target.startswith("/"):
            return text  # a fragment of the chart's own page, or no link of the site
        url = html_href(posixpath.relpath(posixpath.normpath(posixpath.join(folder, path)),
                                          here) + target[len(path):])
    return f'<a href="{html.escape(url)}" {LINK}>{text}</a>'


def dataset_of(target: str, folder: str) -> str:
    """The package whose pages (data/<package>/...) a chart's source link points into, or ''."""
    if safe_url(target) is not None or target.startswith("#"):
        return ""
    path = posixpath.normpath(posixpath.join(folder, target.partition("#")[0]))
    parts = path.split("/")
    return parts[1] if len(parts) > 2 and parts[0] == DATASETS else ""


def complete(data: SiteData, outputs: list[Page | Asset], language: Language = ENGLISH
             ) -> list[Page | Asset]:
    """Every page kind's outputs with their embed slots filled and preview images chosen.

    `outputs` are one language's, at paths relative to its folder; the snippet blocks and
    the embed pages' words are in that language, and so is each embed page's <html lang>.
    """
    site_url = data.config.site_url or ""
    shown: dict[str, str] = {}      # embed page -> the page showing its chart
    charts: dict[str, dict] = {}    # embed page -> its slot's values, in the order shown
    previews: dict[str, dict] = {}  # page -> its preview image and text

    def snippet(page: Page, match: re.Match) -> str:
        values = json.loads(match.group(1))
        shown.setdefault(values["embed"], page.path)
        charts.setdefault(values["embed"], values)
        previews.setdefault(page.path, values)
        return snippet_block(values, page.path, site_url, data.config.site_name, language)

    filled: list[Page | Asset] = []
    for output in outputs:
        if isinstance(output, Page) and "<!--opendata-embed " in output.markdown:
            output = Page(output.path, PAGE_SLOT.sub(lambda m, p=output: snippet(p, m),
                                                     output.markdown))
        filled.append(output)
    plotted: dict[str, str] = {}    # package -> the first embed page whose chart plots it
    done: list[Page | Asset] = []
    for output in filled:
        if isinstance(output, Asset) and output.path in charts:
            text = output.data.decode("utf-8")
            for package in _packages(text):
                plotted.setdefault(package, output.path)
            output = Asset(output.path, fill_embed(data, output.path, text,
                                                   shown.get(output.path), language
                                                   ).encode("utf-8"))
        done.append(output)
    for output in done:
        parts = output.path.split("/")
        if (isinstance(output, Page) and output.path not in previews and len(parts) == 3
                and parts[0] == DATASETS and parts[1] in plotted):
            previews[output.path] = charts[plotted[parts[1]]]
    return [with_preview(o, previews[o.path]) if isinstance(o, Page) and o.path in previews
            else o for o in done]


def _packages(text: str) -> list[str]:
    """The packages named in an embed page's licence slot."""
    found = LICENCE_SLOT.search(text)
    return list(json.loads(found.group(1)).get("packages", [])) if found else []


def fill_embed(data: SiteData, path: str, text: str, page: str | None,
               language: Language = ENGLISH) -> str:
    """An embed page with its language, licence and link back to the chart's page."""
    here = posixpath.dirname(path)
    name = posixpath.basename(path)[:-len(".html")]
    if page is not None:
        target = posixpath.relpath(page[:-3] + ".html", here) + f"#{name}-figure"
        words = language.gettext("This chart, its data table and downloads on %(site)s")
        back = (f'<a href="{html.escape(target)}" {LINK}>'
                f"{_text(words) % {'site': html.escape(data.config.site_name)}}</a>")
    else:  # a chart no page shows: the link goes to the site's home page
        back = (f'<a href="{html.escape(posixpath.relpath("index.html", here))}" {LINK}>'
                f"{html.escape(data.config.site_name)}</a>")
    found = LICENCE_SLOT.search(text)
    packages = set(json.loads(found.group(1)).get("packages", [])) if found else set()
    text = LICENCE_SLOT.sub(lambda m: licence_html(data, packages, language), text, count=1)
    # The default language's pages say the publication's locale (en-IN); another its code.
    lang = html.escape(data.config.publication.locale if language.default else language.code)
    return text.replace(BACK_SLOT, back, 1).replace(HTML_SLOT, f'<html lang="{lang}">', 1)


def licence_html(data: SiteData, packages: set[str], language: Language = ENGLISH) -> str:
    """'Licence: <a>title</a>' of the packages a chart plots; when its sources name none, of
    every package if they share one licence; else a pointer to the chart's page."""
    chosen = [p for p in data.packages if p.name in packages] or list(data.packages)
    seen: dict[tuple[str, str], None] = {}
    for package in chosen:
        for lic in package.descriptor.get("licenses") or ():
            if isinstance(lic, dict):
                title = " ".join(str(lic.get("title") or lic.get("name") or "").split())
                seen.setdefault((title, safe_url(lic.get("path")) or ""), None)
    if not seen or (not packages & {p.name for p in data.packages} and len(seen) > 1):
        return _text(language.gettext("Licence: see the chart's page"))
    links = [f'<a href="{html.escape(url)}" {LINK}>{html.escape(title)}</a>' if url
             else html.escape(title) for title, url in seen]
    words = language.ngettext("Licence: %(licences)s", "Licences: %(licences)s", len(links))
    return _text(words) % {"licences": ", ".join(links)}


def snippet_src(embed: str, site_url: str) -> str:
    """The snippet's src: the embed page's absolute URL, or without a site URL its path in the
    site (the reader puts the site's address in front of it)."""
    return site_url + quote(embed) if site_url else quote(embed)


def snippet_block(values: dict, page: str, site_url: str, site_name: str,
                  language: Language = ENGLISH) -> str:
    """The collapsed 'Embed this chart' block under a chart: the <iframe> snippet to copy."""
    _ = language.gettext
    # The embed page in the site: another language's is in its folder (hi/coverage/embed/...).
    src = snippet_src(language.prefix + values["embed"], site_url)
    width, height = frame_size(values, site_name)
    iframe = (f'<iframe src="{html.escape(src)}" title="{html.escape(values["title"])}" '
              f'width="100%" height="{height}" style="max-width:{width}px;border:0" '
              f'loading="lazy"></iframe>')
    href = posixpath.relpath(values["embed"], posixpath.dirname(page) or ".")
    note = ("" if site_url else " " + _text(_(
        "This site was built without its address (site_url), so the snippet's src is the "
        "embed page's path in the site: put the address the site is published at in front "
        "of it.")))
    page_words = _text(_("the chart's embed page"))
    link = f'<a href="{html.escape(href)}">{page_words}</a>'
    text = _text(_("To show this chart on another site, copy this HTML into its page. It shows "
                   "%(link)s: the chart with its source line, licence and a link back here, "
                   "with no script.")) % {"link": link}
    summary = _text(_("Embed this chart"))
    # Out of the search index (the search plugin drops the attribute): the same words under
    # every chart would only weigh down the index every visitor fetches.
    return (f'<details class="od-chart-embed" data-search-exclude="true">'
            f"<summary>{summary}</summary>"
            f"<p>{text}{note}</p>"
            f'<pre class="od-embed-code" tabindex="0"><code>{html.escape(iframe)}</code></pre>'
            f"</details>")


def with_preview(page: Page, values: dict) -> Page:
    """The page with its preview image and the image's text in its front matter."""
    entry = f"{PREVIEW_KEY}: " + json.dumps({"image": values["preview"], "alt": values["title"]},
                                            ensure_ascii=False, sort_keys=True) + "\n"
    if page.markdown.startswith("---\n"):
        return Page(page.path, "---\n" + entry + page.markdown[4:])
    return Page(page.path, "---\n" + entry + "---\n\n" + page.markdown)
