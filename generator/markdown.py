"""Writing Markdown safely: every value from data is escaped; templates run with StrictUndefined."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlparse

from markupsafe import Markup

from . import numbers

if TYPE_CHECKING:  # imported where a page is rendered: `opendata validate` needs no Jinja
    import jinja2

    from .languages import Language

# The engine's own templates and theme overrides (shipped in the wheel).
ENGINE_TEMPLATES = Path(__file__).parent / "templates"
# Characters that Markdown (and its attr_list / tables extensions) would interpret.
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|])")


def md_text(value: object) -> Markup:
    """Text from data as inert Markdown: HTML escaped, Markdown syntax escaped, one line."""
    if isinstance(value, Markup):
        return value
    text = "" if value is None else str(value)
    text = html.escape(text, quote=False)
    text = _MD_SPECIAL.sub(r"\\\1", text)
    return Markup(" ".join(text.split()))


def cell(value: object, not_reported: str = "not reported") -> Markup:
    """A table cell: blank means not reported (never zero), in the page's language."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return Markup(f"<em>{html.escape(not_reported)}</em>")
    return md_text(value)


def safe_url(value: object) -> str | None:
    """An http(s) URL fit for a link, or None (javascript:, data: and the like never link)."""
    text = str(value or "").strip()
    parsed = urlparse(text)
    if parsed.scheme in ("http", "https") and parsed.netloc and not re.search(r"[\s<>\"']", text):
        return text
    return None


def link(label: object, url: object) -> Markup:
    """A Markdown link when the URL is http(s); otherwise the label as plain text."""
    target = safe_url(url)
    if target is None:
        return md_text(label)
    escaped = target.replace("(", "%28").replace(")", "%29").replace(" ", "%20")
    return Markup(f"[{md_text(label)}](<{escaped}>)")


def json_ld(data: dict) -> Markup:
    """A JSON-LD script block in which data can neither close the script nor open a comment.

    Every `<` is written as the JSON escape \\u003c: inside a script, `</script` would end it
    early, and `<!--<script>` would make the browser read the rest of the page as script.
    """
    text = json.dumps(data, indent=2, ensure_ascii=False, sort_keys=True)
    text = text.replace("<", "\\u003c")
    return Markup(f'<script type="application/ld+json">\n{text}\n</script>')


def code_span(value: object) -> Markup:
    """Text from data as a Markdown code span: fenced by more backticks than it holds."""
    text = " ".join(("" if value is None else str(value)).split())
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return Markup(f"{fence}{pad}{text}{pad}{fence}")


def attribute(value: object) -> Markup:
    """Text from data inside a double-quoted HTML attribute: & < > " and ' escaped."""
    return Markup(html.escape("" if value is None else str(value), quote=True))


def yaml_text(value: object) -> Markup:
    """A one-line YAML string for front matter (JSON strings are valid YAML), HTML-escaped.

    The theme prints a page's title and description from front matter as they are, into
    <title>, the header, the navigation and <meta content="...">: escaped here, a value from
    data can neither add markup nor leave the attribute.
    """
    return Markup(json.dumps(meta_text(value), ensure_ascii=False))


def meta_text(value: object) -> str:
    """A title or description as the theme prints it (raw, in text and in attributes): escaped.

    & < > and " (the theme's attributes are double-quoted); ' needs no escape there.
    """
    return html.escape(" ".join(str(value or "").split()), quote=False).replace('"', "&quot;")


def _finalize(value: object) -> object:
    """Escape every interpolated value unless a helper already made it Markup."""
    if isinstance(value, Markup):
        return value
    if isinstance(value, bool | int | float):
        return str(value)
    return md_text(value)


def environment(templates: Path | list[Path], language: Language | None = None
                ) -> jinja2.Environment:
    """The Jinja environment for page templates: strict, escaping, deterministic.

    Templates are looked up in `templates` (the publication's folders) first, then in the
    engine's own, so a publication overrides any engine template by giving one of that name.
    It renders in `language` (default English): `_()` translates through its catalogue, the
    number and date filters are its own, and `languages.of(env)` gives it to Python code.
    """
    import jinja2

    from . import i18n
    from .languages import ENGLISH

    folders = [templates] if isinstance(templates, Path) else list(templates)
    folders += [ENGINE_TEMPLATES] if ENGINE_TEMPLATES not in folders else []
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(f) for f in folders if f.is_dir()]),
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        finalize=_finalize,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(
        text=md_text, cell=cell, link=link, raw=Markup, json_ld=json_ld,
        indian=numbers.group_indian, international=numbers.group_international,
        percent=numbers.percent, date=numbers.human_date, yaml=yaml_text, code=code_span,
        attribute=attribute,
    )
    language = language or ENGLISH
    i18n.install(env, language)  # its gettext notes the texts it has no translation of
    env.filters.update(language.filters())
    not_reported = language.gettext(i18n.NOT_REPORTED)
    env.filters["cell"] = lambda value: cell(value, not_reported)  # a blank, in the language
    env.globals["language"] = language
    return env


def html_href(md_link: str) -> str:
    """A link for raw HTML, which MkDocs does not rewrite: 'x.md#a' -> 'x.html#a'.

    Matches `use_directory_urls: false`, which every site of this engine uses.
    """
    path, hash_, anchor = md_link.partition("#")
    if path.endswith(".md"):
        path = path[:-3] + ".html"
    return path + hash_ + anchor


LONG_CELL = 40  # characters from which a data cell of text gets a width of its own (.od-long)
LATIN = re.compile(r"[A-Za-z]")  # a cell with a word of English (or a code) in it


def in_language(shown: str, code: str) -> Markup:
    """Escaped text (Markdown or HTML) inside <span lang="code">, the one way a page marks text
    in another language than its own; as it is when `code` or the text is empty."""
    return Markup('<span lang="{}">{}</span>').format(code, Markup(shown)) if code and shown \
        else Markup(shown)


def html_table(header: list[str], rows: list[list[object]], row_ids: list[str] | None = None,
               caption: str | None = None, numeric: set[str] | None = None,
               data: bool = False, not_reported: str = "not reported",
               labels: dict[str, Markup] | None = None, lang: dict[str, str] | None = None,
               region: str | None = None) -> Markup:
    """A raw HTML table (no blank lines, so Markdown keeps it whole). Every cell is escaped
    except one that is already Markup (built from escaped parts: a source, a line's link).
    `data` marks a table of a resource's rows: short cells stay on one line and long ones
    wrap at a readable width (CSS .od-data, .od-long). `labels` gives a column's heading as
    Markup in place of its name; `lang` the language of a column's text where it is not the
    page's (a Hindi page's English cells): its cells with a Latin letter carry lang=.

    `region` names the table's box as a region of its own with a tab stop, so a keyboard can
    scroll it sideways. A table of rows is given one in the HTML, because it is nearly always
    wider than a phone and its box is laid out only near the screen (opendata.css:
    content-visibility). Any other box gets its tab stop from scroll-focus.js when it overflows."""
    numeric = numeric or set()
    labels, lang = labels or {}, lang or {}
    kind = "od-table od-data" if data else "od-table"
    named = (f' tabindex="0" role="region" aria-label="{html.escape(region)}"'
             if region and region.strip() else "")
    out = [f'<div class="od-table-wrap" markdown="0"{named}><table class="{kind}">']
    if caption:
        out.append(f"<caption>{html.escape(caption)}</caption>")
    out.append("<thead><tr>" + "".join(f'<th scope="col">{labels.get(h) or html.escape(h)}</th>'
                                        for h in header) + "</tr></thead><tbody>")
    for index, row in enumerate(rows):
        rid = f' id="{html.escape(row_ids[index])}"' if row_ids else ""
        cells = []
        for name, value in zip(header, row, strict=False):
            cls = ' class="num"' if name in numeric else ""
            if (data and not cls and not isinstance(value, Markup)
                    and len(str(value)) > LONG_CELL):
                cls = ' class="od-long"'  # a note or a title: wide enough to read as a line
            if isinstance(value, Markup):
                shown = str(value)
            elif str(value).strip():
                shown = html.escape(str(value), quote=False)
                if name in lang and LATIN.search(str(value)):
                    cls += f' lang="{html.escape(lang[name])}"'
            else:
                shown = f'<span class="od-nr">{html.escape(not_reported)}</span>'
            cells.append(f"<td{cls}>{shown}</td>")
        # Cells are joined with a space so the site search sees separate words.
        out.append(f"<tr{rid}>" + " ".join(cells) + "</tr>")
    out.append("</tbody></table></div>")
    return Markup("\n".join(out))
