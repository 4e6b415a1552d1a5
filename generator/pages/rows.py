"""What the configured page kinds share: page paths, links to rows and sources, option checks."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING
from urllib.parse import quote

from markupsafe import Markup

from .. import figures
from ..languages import ENGLISH, Language, english_on
from ..markdown import LATIN, in_language, md_text
from ..model import Options
from ..packages import Resource
from ..problems import Problem
from ..sitedata import FULL_TABLE_MAX_ROWS, LINE, SiteData, row_anchor
from ..slugs import slug

if TYPE_CHECKING:  # for annotations only: a rebuild whose pages all come from the render
    import pandas as pd  # cache needs no pandas (issue 18)

# A page's docs path: lowercase words joined by '-', in folders, ending in .md.
PAGE = re.compile(r"[a-z0-9][a-z0-9-]*(?:/[a-z0-9][a-z0-9-]*)*\.md")


def rel(target: str, folder: str) -> str:
    """A docs path (with anchor) relative to the page's folder."""
    path, _, anchor = target.partition("#")
    return posixpath.relpath(path, folder or ".") + (f"#{anchor}" if anchor else "")


def row_links(data: SiteData, package: str, resource: Resource, row: pd.Series, folder: str
              ) -> dict[str, str]:
    """A row's physical line, its link on the resource page and its source's id and link.

    The row's own anchor exists only while the resource page shows the whole table; a larger
    table links the page. The source links only when the row names one and the package has a
    `sources` table (the dataset page anchors each of its rows as source-<id>).
    """
    page = f"data/{package}/{resource.name}.md"
    anchored = len(data.frame(package, resource.name)) <= FULL_TABLE_MAX_ROWS
    source = str(row.get("source_id", "") or "").strip()
    has_sources = data.package(package).resource("sources") is not None
    return {
        "line": str(row[LINE]), "resource": resource.name,
        "row_link": rel(f"{page}#{row_anchor(resource, row)}" if anchored else page, folder),
        "source": source,
        "source_link": rel(f"data/{package}/index.md#source-{quote(source, safe='')}", folder)
        if source and has_sources else ""}


def resolve_intro(data: SiteData, options: Options, page: str, lang: Language = ENGLISH
                  ) -> str:
    """The intro's Markdown in `lang`, its figure references resolved, as seen from `page`."""
    intro = said(lang, options.get("intro"))
    return figures.resolve_text(intro, data.config.publication.path, 1, page, data,
                                language=lang)[0]


def said(lang: Language, text: object) -> str:
    """A text of the publication (a title, an intro, a label) in `lang`: its catalogue's
    translation of the English text as written ('' stays '': gettext('') is the header)."""
    text = str(text or "")
    return lang.gettext(text) if text else ""


def field_title(data: SiteData, options: Options, key: str, language: Language = ENGLISH
                ) -> str:
    """The schema title of the field an option names (its name when it has none), in
    `language` when the field gives one (title_hi), else in English."""
    name = str(options.get(key) or "")
    package, _, resource = str(options["resource"]).partition("/")
    for field in data.package(package).resource(resource).fields:
        if field.get("name") == name:
            return str(text_in(field, "title", language)[0] or name)
    return name


def text_in(descriptor: dict, key: str, language: Language, default: object = ""
            ) -> tuple[object, bool]:
    """A descriptor's text (a package's, a resource's or a field's title or description) in
    `language`, and whether the English one stands in for it.

    The descriptor's own text is English; another language's is the property `<key>_<code>`
    (`title_hi`, `description_hi`: Frictionless allows extra properties). Without it the page
    shows the English text, and says so (the bool is True when there is English to show).
    """
    english = descriptor.get(key, default)
    if language.code == ENGLISH.code:
        return english, False
    own = descriptor.get(f"{key}_{language.code}")
    if isinstance(own, str) and own.strip():
        return own, False
    return english, bool(str(english or "").strip()) and key in descriptor


# --- Text of another language on a page (issue 16): marked lang="..", for screen readers ------
def marked(text: object, code: str) -> Markup:
    """Text from data as inert Markdown, inside <span lang="code"> when `code` names the
    language it is written in and that is not the page's ('': as it is, md_text)."""
    return in_language(md_text(text), code)


def as_published(text: object, language: Language) -> Markup:
    """A data value as published (its words are English; a Hindi page does not translate
    data): marked lang="en" on another language's page when it has a Latin letter."""
    return marked(text, english_on(language) if LATIN.search(str(text or "")) else "")


def filled(message: str, values: dict[str, object]) -> Markup:
    """A message with %(name)s placeholders as inert Markdown, each placeholder filled with its
    value as it is when Markup (a marked text), else escaped the same way (md_text)."""
    tokens = {key: f"\x00{number}\x00" for number, key in enumerate(values)}
    text = str(md_text(message % tokens))
    for key, token in tokens.items():
        text = text.replace(token, str(md_text(values[key])))
    return Markup(text)


def shown_text(descriptor: dict, key: str, language: Language, default: object = ""
               ) -> Markup:
    """A descriptor's text (text_in) as the page shows it: the English one standing in for
    `language`'s is marked lang="en" (a package's, a resource's or a field's title,
    description or unit: `title_hi` is used where the descriptor has it)."""
    text, english = text_in(descriptor, key, language, default)
    return marked(text, ENGLISH.code if english else "")


def check_basics(data: SiteData, options: Options, keys: Iterable[str]
                 ) -> tuple[list[Problem], dict[str, dict] | None]:
    """Problems of the page path, the resource, the intro and the fields `keys` name.

    Also the resource's fields by name, or None when the resource is absent (a package that
    is not published is no problem: the kind then renders nothing).
    """
    where = data.config.publication.path
    problems: list[Problem] = []
    if not PAGE.fullmatch(str(options["page"])):
        problems.append(Problem(where, None, "page", "bad-value",
                                f"page must be a docs path of lowercase words, e.g. "
                                f"partners/directory.md; found {options['page']!r}"))
    # Figure problems have no line of their own here: the build puts them at the section's.
    problems += [Problem(where, None, "intro", p.code, p.message)
                 for p in figures.resolve_text(str(options.get("intro") or ""), where, 1,
                                               str(options["page"]), data)[1]]
    fields = resource_fields(data, options, "resource", problems)
    if fields is None:
        return problems, None
    for key in keys:
        name = str(options.get(key) or "")
        if name and name not in fields:
            problems.append(missing_field(where, key, str(options["resource"]), name, fields))
    return problems, fields


def published(data: SiteData, options: Options, key: str = "resource"
              ) -> tuple[str, str] | None:
    """(package, resource) the option `key` names, or None when this build does not publish it."""
    package, _, resource = str(options[key]).partition("/")
    return (package, resource) if (package, resource) in data.frames else None


def resource_fields(data: SiteData, options: Options, key: str, problems: list[Problem]
                    ) -> dict[str, dict] | None:
    """The fields (by name) of the resource option `key` names; a problem when it is absent."""
    package, _, resource = str(options[key]).partition("/")
    if published(data, options, key) is None:
        if package in {p.name for p in data.packages} or not data.packages:
            problems.append(Problem(data.config.publication.path, None, key, "figure-not-found",
                                    f"no table {options[key]!r}; write package/resource"))
        return None
    return {str(f.get("name")): f for f in data.package(package).resource(resource).fields}


def missing_field(where: str, key: str, resource: str, name: str, fields: Iterable[str]
                  ) -> Problem:
    """The problem of an option naming a field its resource does not have."""
    return Problem(where, None, key, "figure-not-found",
                   f"{resource} has no field {name!r}; its fields are {', '.join(fields)}")


def slugs(values: Iterable[str]) -> dict[str, str]:
    """A distinct slug per value: the first value (in sorted order) keeps a shared slug, the
    others get '-2', '-3', ... (never a slug another value has of its own)."""
    ordered = sorted(set(values), key=lambda v: (v.casefold(), v))
    natural = {v: slug(v) for v in ordered}
    own = set(natural.values())
    taken: set[str] = set()
    out = {}
    for value in ordered:
        candidate, number = natural[value], 1
        while candidate in taken or (number > 1 and candidate in own):
            number += 1
            candidate = f"{natural[value]}-{number}"
        taken.add(candidate)
        out[value] = candidate
    return out
