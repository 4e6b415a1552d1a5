"""Data-bound figures: `[[fig package/resource[row].field | format]]` in Markdown, resolved to links.

A reference names a package, a resource, one row (by its primary-key values, or by `field=value`
filters that must match exactly one row) and a field, with an optional format. It becomes a link
to the row on the resource page, titled with the exact value, its date and its file and line.
The row's caveat (the publication's `figures.caveat_fields`) is written beside the number, and
a whole page's figures get numbered notes at its end (row, source, date, caveat), reached by a
footnote-style link: no pointer, hover or script needed. References inside code spans and
fenced code blocks are left alone, so pages can show the syntax.

A text is resolved in one language (English by default): its numbers and dates take that
language's words (`3.23 करोड़`, `3 मार्च 2026`), and so do the titles and notes around them.
Problems are the publisher's, and stay in English.
"""

from __future__ import annotations

import dataclasses
import html
import posixpath
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from . import numbers
from .cache import Store, library_versions, source_version
from .i18n import DATE_NOT_PUBLISHED, N_
from .languages import ENGLISH, Language
from .markdown import html_href, md_text
from .packages import Resource
from .problems import Problem
from .sitedata import FULL_TABLE_MAX_ROWS, LINE, SiteData, row_anchor
from .validate import fast_read

if TYPE_CHECKING:  # for annotations only: a rebuild whose pages all come from the render
    import pandas as pd  # cache needs no pandas (issue 18)

    from .model import Table

FORMATS = ("crore", "lakh", "million", "percent", "plain", "worded")
# build/.cache/figures: figures resolved from a table polars reads, so that a rebuild resolving
# an edited update's figures need not import polars and read the table again (issue 18).
RESOLVED = "figures"
RESOLVED_FORMAT = 1
UNITS = ("crore", "lakh", "percent")
# Words of a unit that name the currency (written before the figure as ₹), not its scale.
CURRENCY = {"inr", "rs", "rs.", "rupees", "₹"}
# `[[fig` ... `]]` on one line; the last `]]` not followed by another `]`.
REFERENCE = re.compile(r"\[\[fig(?P<body>(?:[ \t][^\n]*?)?)\]\](?!\])")
OPENER = re.compile(r"\[\[fig(?![\w-])")
BODY = re.compile(r"""\s*(?P<package>[A-Za-z0-9][\w.-]*)\s*/\s*(?P<resource>[A-Za-z0-9][\w.-]*)\s*
                      \[(?P<selector>(?:"[^"\n]*"|[^\]"\n])*)\]\s*\.\s*(?P<field>\w+)\s*
                      (?:\|\s*(?P<format>[\w-]*)\s*)?""", re.X)
SELECTOR_ITEM = re.compile(r'\s*(?:(?P<name>\w+)\s*=\s*)?(?:"(?P<quoted>[^"]*)"|(?P<plain>[^"]*?))\s*')
SPLIT_COMMAS = re.compile(r',(?=(?:[^"]*"[^"]*")*[^"]*$)')
FENCE = re.compile(r" {0,3}(`{3,}|~{3,})")
CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`).+?(?<!`)\1(?!`)")
DATE_TYPES = ("date", "datetime", "yearmonth", "year")
LATEST = "latest"
SYNTAX_HINT = ("write [[fig package/resource[key].field]], "
               "[[fig package/resource[field=value, ...].field | format]] or "
               "[[fig package/resource[latest, field=value, ...].field]]")


@dataclass(frozen=True)
class Reference:
    """One figure reference as written: where it is and what it names."""

    text: str
    line: int
    start: int
    end: int
    package: str
    resource: str
    selector: tuple[tuple[str | None, str], ...]
    field: str
    format: str | None
    latest: bool = False  # the row with the latest date among those that match


@dataclass(frozen=True)
class Figure:
    """A resolved reference: the text to show, the row it links to and the title with details."""

    text: str
    target: str
    title: str
    file: str = ""       # the published file and physical line the value comes from
    line: int = 0
    source_id: str = ""  # the row's source_id, when its table has one
    caveats: tuple[str, ...] = ()  # the row's caveats, shown beside the number
    label: str = ""      # what the figure is: the field's title and the row's context
    date: str = ""       # when it holds: 'as of 3 Mar 2026', or why the date is not known
    source: str = ""     # the source in words: 'S30: title, publisher, 12 Mar 2026'
    source_target: str = ""  # the source's entry on the dataset page (docs path)


class Records:
    """A table's cells column by column, as SiteData.frame has them ('' = not reported), and
    the physical line of each record, made from the parsed table itself.

    Resolving a figure reads a few cells of one row: the checks of a rebuild (updates, the
    home page, a ranking) do not need pandas to make a frame of the whole table (issue 18).
    """

    def __init__(self, table: Table) -> None:
        frame = getattr(table, "frame", None)  # a large table read column-wise (validate/fast)
        if frame is not None:
            self.columns = {name: frame[name].to_list() for name in frame.columns}
            count = frame.height
        else:
            rows = table.rows  # a short record's missing cells are '' (as in the frame)
            self.columns = {name: [row[i] if i < len(row) else "" for row in rows]
                            for i, name in enumerate(table.header)}
            count = len(rows)
        self.lines = list(table.lines[1: count + 1])
        self._indexes: dict[tuple[str, ...], dict[tuple[str, ...], list[int]]] = {}

    def __len__(self) -> int:
        return len(self.lines)

    def row(self, position: int) -> dict[str, str | int]:
        """One record by position: its physical line (LINE) and its cells by field name."""
        return {LINE: self.lines[position],
                **{name: cells[position] for name, cells in self.columns.items()}}

    def rows(self) -> list[dict[str, str | int]]:
        """Every record, in the file's order (as row() gives each)."""
        return [self.row(position) for position in range(len(self))]

    def where(self, conditions: list[tuple[str, str]]) -> list[int]:
        """Positions of the records whose cells equal every (field, value), in order; the
        index on those fields is made once (as SiteData.rows_where's)."""
        fields = tuple(name for name, _ in conditions)
        if fields not in self._indexes:
            index: dict[tuple[str, ...], list[int]] = {}
            for position, cells in enumerate(zip(*(self.columns[f] for f in fields),
                                                 strict=True)):
                index.setdefault(cells, []).append(position)
            self._indexes[fields] = index
        return self._indexes[fields].get(tuple(value for _, value in conditions), [])


def records(data: SiteData, package: str, resource: str) -> Records:
    """The Records of a validated table, made once per table (kept on the table, as
    validate.fast.frame_of keeps its frame)."""
    table = data.validation.tables[(package, resource)]
    found = table.__dict__.get("_records")
    if found is None:
        found = Records(table)
        object.__setattr__(table, "_records", found)
    return found


def row_count(data: SiteData, package: str, resource: str) -> int:
    """How many records a validated table has. That of a table polars reads is kept in the
    build's store under the data's key, so that a rebuild (the home page's counts) need not
    read the table again (issue 18)."""
    key = _large_key(data, package, resource, [f"rows {RESOLVED_FORMAT}", data.key])
    if key is not None and data.store is not None:
        kept = data.store.get(RESOLVED, key)
        if isinstance(kept, int) and not isinstance(kept, bool) and kept >= 0:
            return kept
    count = len(records(data, package, resource))
    if key is not None and data.store is not None:
        data.store.put(RESOLVED, key, count)
    return count


def _large_key(data: SiteData, package: str, resource: str, parts: list[bytes | str]
               ) -> str | None:
    """Store.key(parts + the table's names) for a table polars reads; None for another table
    (a small one is read in less time than a store entry is), or without a store or key."""
    return Store.key([*parts, package, resource]) if _is_large(data, package, resource) else None


def _is_large(data: SiteData, package: str, resource: str) -> bool:
    """Whether a table is one polars reads, with a store and a data key to keep its results."""
    if data.store is None or not data.key:
        return False
    try:
        found = data.package(package).resource(resource)
        size = found.file.stat().st_size if found is not None and found.file else -1
    except (KeyError, OSError):
        return False
    return size >= fast_read.PLAIN_READ_BYTES


def find_references(text: str, path: str, first_line: int = 1
                    ) -> tuple[list[Reference], list[Problem]]:
    """Every reference in Markdown `text` (outside code), and a problem for each malformed one."""
    skip = _code_ranges(text)
    references: list[Reference] = []
    problems: list[Problem] = []
    taken: list[tuple[int, int]] = []
    for match in REFERENCE.finditer(text):
        if _inside(match.start(), skip):
            continue
        taken.append(match.span())
        line = first_line + text.count("\n", 0, match.start())
        reference = _parse(match, line)
        if isinstance(reference, str):
            problems.append(Problem(path, line, None, "figure-syntax",
                                    f"{match.group(0)}: {reference}; {SYNTAX_HINT}"))
        else:
            references.append(reference)
    for match in OPENER.finditer(text):
        if not _inside(match.start(), skip) and not _inside(match.start(), taken):
            line = first_line + text.count("\n", 0, match.start())
            problems.append(Problem(path, line, None, "figure-syntax",
                                    f"'[[fig' is not closed with ']]' on the same line; "
                                    f"{SYNTAX_HINT}"))
    return references, problems


def cited_packages(text: str) -> list[str]:
    """The packages a Markdown text cites figures from, in order of first citation."""
    references, _ = find_references(text, "")
    return list(dict.fromkeys(r.package for r in references))


def resolve_text(text: str, path: str, first_line: int, page: str, data: SiteData,
                 notes: bool = False, language: Language = ENGLISH
                 ) -> tuple[str, list[Problem]]:
    """`text` with every reference replaced by its linked figure, and every problem found.

    `path` is the file shown in problems, `first_line` the physical line where `text` starts in
    it, and `page` the docs-relative path of the page being written (links are relative to it).
    With `notes` (a whole page, not a fragment of one), each figure also gets a numbered
    footnote-style link to a note at the end of the text: its row, source, date and caveat.
    Figures, titles and notes are written in `language`.
    """
    references, problems = find_references(text, path, first_line)
    if notes and any(end == len(text) and FENCE.match(text, start)
                     for start, end in _code_ranges(text)):
        notes = False  # notes after an unclosed code fence would be shown as code
    out, position = [], 0
    cited: list[Figure] = []
    for reference in references:
        figure = resolve(reference, data, path, language)
        if isinstance(figure, Problem):
            problems.append(figure)
            continue
        if notes:
            cited.append(figure)
        out += [text[position:reference.start],
                render_figure(figure, page, len(cited) if notes else None, language)]
        position = reference.end
    out.append(text[position:])
    if cited:
        out.append("\n\n" + render_notes(cited, page, language) + "\n")
    return "".join(out), problems


def resolve(reference: Reference, data: SiteData, path: str, language: Language = ENGLISH
            ) -> Figure | Problem:
    """The figure a reference names (in `language`), or the problem that stops it resolving.

    A figure from a large table is kept in the build's store, under a key that hashes the
    reference, the data, the site settings, the language's messages and the engine's source:
    the same reference to the same data gives the same figure. Problems are never kept.
    """
    key = _resolved_key(reference, data, language)
    if key is not None and data.store is not None:
        kept = _kept_figure(data.store.get(RESOLVED, key))
        if kept is not None:
            return kept
    figure = _resolve(reference, data, path, language)
    if key is not None and data.store is not None and isinstance(figure, Figure):
        data.store.put(RESOLVED, key, dataclasses.asdict(figure))
    return figure


def _resolved_key(reference: Reference, data: SiteData, language: Language) -> str | None:
    """The store key of a reference to a table polars reads; None for any other."""
    if not _is_large(data, reference.package, reference.resource):
        return None
    kept = data.__dict__.setdefault("_resolved_keys", {})  # per SiteData: its key and config
    if id(language) not in kept:  # the language is held with its key, so its id stays its own
        kept[id(language)] = (language, Store.key([
            f"figure {RESOLVED_FORMAT}", data.key, repr(data.config), language.cache_part(),
            source_version(), *library_versions(("babel",))]))
    return Store.key([kept[id(language)][1], repr(reference.selector), reference.field,
                      reference.format or "", repr(reference.latest), reference.package,
                      reference.resource])


def _kept_figure(value: object) -> Figure | None:
    """The Figure a store entry holds (dataclasses.asdict of one), or None."""
    if not isinstance(value, dict):
        return None
    try:
        figure = Figure(**{**value, "caveats": tuple(value.get("caveats") or ())})
    except TypeError:
        return None
    fields = dataclasses.fields(Figure)
    if not all(isinstance(getattr(figure, f.name), type(f.default) if f.default is not
                          dataclasses.MISSING else str) for f in fields):
        return None
    return figure


def _resolve(reference: Reference, data: SiteData, path: str, language: Language
             ) -> Figure | Problem:
    def problem(code: str, message: str) -> Problem:
        return Problem(path, reference.line, None, code, f"{reference.text}: {message}")

    names = sorted(p.name for p in data.packages)
    try:
        package = data.package(reference.package)
    except KeyError:
        return problem("figure-not-found", f"no dataset {reference.package!r}; the datasets are "
                                           f"{', '.join(names)}")
    resource = package.resource(reference.resource)
    if resource is None or (package.name, resource.name) not in data.frames:
        tables = ", ".join(r.name for r in package.resources)
        return problem("figure-not-found", f"dataset {package.name} has no table "
                                           f"{reference.resource!r}; its tables are {tables}")
    fields = {f.get("name"): f for f in resource.fields}
    where = f"{package.name}/{resource.name}"
    conditions = _conditions(reference, resource)
    if isinstance(conditions, str):
        return problem("figure-syntax", conditions)
    for name in [name for name, _ in conditions] + [reference.field]:
        if name not in fields:
            return problem("figure-not-found", f"{where} has no field {name!r}; its fields are "
                                               f"{', '.join(fields)}")
    table = records(data, package.name, resource.name)
    matches = table.where(conditions) if conditions else list(range(len(table)))
    shown = ", ".join(f"{name} = {value!r}" for name, value in conditions) or "any row"
    if reference.latest and matches:
        dated = date_fields(data, resource)
        if not dated:
            return problem("figure-syntax", f"latest needs a date field, and {where} has none "
                                            f"(a field of type date, or one named in "
                                            f"figures.date_fields of the publication file)")
        column = table.columns[dated[0]]
        values = table.columns[reference.field]
        reported = [m for m in matches if str(values[m]).strip() and str(column[m]).strip()]
        if not reported:
            return problem("figure-not-reported", f"no row of {where} with {shown} reports "
                                                  f"{reference.field} with a {dated[0]}")
        newest = max(str(column[m]) for m in reported)
        matches = [m for m in reported if str(column[m]) == newest]
        shown = f"the latest {dated[0]} ({newest}) of {shown}"
    if len(matches) == 0:
        return problem("figure-not-found", f"no row of {where} has {shown} "
                                           f"(see data/{where}.md)")
    if len(matches) > 1:
        lines = [table.lines[m] for m in matches]
        listed = ", ".join(str(n) for n in lines[:5]) + (", ..." if len(lines) > 5 else "")
        return problem("figure-ambiguous", f"{shown} matches {len(matches)} rows of {where} "
                                           f"(lines {listed}); add filters until one row "
                                           f"matches")
    row = table.row(matches[0])
    value = str(row[reference.field])
    source_file = f"{package.display_root}/{resource.path}"
    if not value.strip():
        return problem("figure-not-reported", f"{reference.field} is blank (not reported) in "
                                              f"{source_file} line {row[LINE]}; cite a reported "
                                              f"figure")
    unit = field_unit(fields[reference.field], row)
    settings = data.config.publication.figures
    worded = reference.format == "worded"
    if reference.field in date_fields(data, resource) and unit == "text":
        unit = "date"  # a date is shown for readers: '3 Mar 2026'
    text = format_value(value, unit, None if worded else reference.format, language)
    if text is None:
        return problem("figure-bad-format", f"format {reference.format!r} does not apply to "
                                            f"{reference.field} ({unit}, value {value!r}); "
                                            f"use {_formats_for(unit)}")
    currency = field_currency(fields[reference.field], row)
    if currency and unit not in ("percent", "text", "date") and reference.format != "percent":
        text = f"{currency}{text}"
    if worded:
        if not settings.wording_field or settings.wording_field not in fields:
            return problem("figure-bad-format", f"format 'worded' needs the source's wording: "
                                                f"{where} has no field named in "
                                                f"figures.wording_field of the publication file")
        words = wording_for(row[settings.wording_field], reference.field, value,
                            settings.wording_tags)
        text = worded_text(words, text, language) if words else text
    dates = date_fields(data, resource)
    source_id = str(row.get("source_id", ""))
    _ = language.gettext
    return Figure(text, _target(data, package.name, resource, row),
                  _title(fields[reference.field], value, unit, row, source_file, dates,
                         settings.context_fields, settings.wording_field, language),
                  source_file, int(row[LINE]), source_id,
                  tuple(row_caveats(resource, row, settings.caveat_fields, language)),
                  _label(fields[reference.field], row, settings.context_fields, language),
                  _as_of(row, dates, language) or _("date not recorded in the row"),
                  source_text(data, package.name, source_id, language=language),
                  f"data/{package.name}/index.md#source-{source_id}" if source_id else "")


def row_caveats(resource: Resource, row: Mapping | pd.Series, caveat_fields: tuple[str, ...],
                language: Language = ENGLISH) -> list[str]:
    """A row's caveats: the text of each caveat field, or its title where a boolean is true.

    The text is the data's, as published; a boolean's title is the field's in `language`
    (its `title_<code>` in the descriptor, else its title).
    """
    fields = {f.get("name"): f for f in resource.fields}
    out = []
    for name in caveat_fields:
        field = fields.get(name)
        value = str(row.get(name, "") or "").strip() if field is not None else ""
        if not value:
            continue
        if field.get("type") == "boolean":
            if value.lower() in ("true", "yes", "1"):
                out.append(field_title(field, language))
        else:
            out.append(value)
    return out


def source_parts(data: SiteData, package: str, source_id: str, language: Language = ENGLISH
                 ) -> tuple[str, str, str] | None:
    """A source's title, publisher and date in words (`language`'s) from the package's
    `sources` table (None when the table or the row is missing)."""
    if not source_id or (package, "sources") not in data.frames:
        return None
    table = records(data, package, "sources")
    if "source_id" not in table.columns:
        return None
    found = table.where([("source_id", source_id)])  # indexed once
    if not found:
        return None
    row = table.row(found[0])
    published = str(row.get("date_published", "") or "")
    return (str(row.get("title", "") or ""),
            str(row.get("publisher_or_outlet", "") or row.get("publisher", "") or ""),
            language.numbers.human_date(published) if published
            else language.gettext(DATE_NOT_PUBLISHED))


def source_text(data: SiteData, package: str, source_id: str, short: bool = False,
                language: Language = ENGLISH) -> str:
    """A source in words: 'S30: title, publisher, date', or with `short` 'S30: publisher,
    date' (the title stays on the dataset page the text links to); the date in `language`."""
    parts = source_parts(data, package, source_id, language)
    if parts is None:
        return source_id
    return f"{source_id}: " + ", ".join(p for p in (parts[1:] if short else parts) if p)


def worded_text(words: str, figure: str, language: Language = ENGLISH) -> str:
    """A figure after the source's own qualifier, in the page's language: 'around 15.82 crore'.

    The qualifier is the source's word, so another language's words are the publication's
    messages, one per qualifier with the figure's place in it ('around %(figure)s' ->
    'लगभग %(figure)s', 'more than %(figure)s' -> '%(figure)s से अधिक').
    """
    message = words.replace("%", "%%") + " %(figure)s"  # a message of the publication's
    pattern = language.gettext(message)
    try:
        return pattern % {"figure": figure}
    except (KeyError, ValueError, TypeError):  # a translation that breaks its placeholder
        return f"{words} {figure}"


def wording_for(wording: object, field: str, value: object,
                tags: Mapping[str, tuple[str, ...]]) -> str:
    """The source's words ('about', 'more than') that apply to one figure of a row.

    The wording is parts separated by ';'. A part 'word (3.2)' applies to the figure published
    as 3.2; 'word (tag)' to the fields the publication lists for that tag in
    figures.wording_tags; a plain 'word' to every other figure of the row. So 'around; more
    than (added)' says 'around' of the main figures and 'more than' of the added ones.
    """
    tagged = {name for names in tags.values() for name in names}
    words = []
    for part in (p.strip() for p in str(wording or "").split(";") if p.strip()):
        target = re.search(r"\(([^)]*)\)", part)
        if target is None:
            keep = field not in tagged
        elif numbers.to_decimal(target.group(1)) is not None:
            keep = numbers.to_decimal(target.group(1)) == numbers.to_decimal(value)
        else:
            keep = field in tags.get(target.group(1).strip(), ())
        if keep:
            words.append(re.sub(r"\s*\([^)]*\)", "", part).strip())
    return " / ".join(w for w in words if w)


def date_fields(data: SiteData, resource: Resource) -> list[str]:
    """The fields that date a row of `resource`: the publication's list, else its date fields."""
    names = [str(f.get("name")) for f in resource.fields]
    configured = data.config.publication.figures.date_fields
    if configured is not None:
        return [name for name in configured if name in names]
    return [str(f.get("name")) for f in resource.fields if f.get("type") in DATE_TYPES]


def _href(target: str, page: str) -> str:
    """A docs path (with an optional #anchor) as a link relative to `page`."""
    folder = posixpath.dirname(page) or "."
    path, _, anchor = target.partition("#")
    return posixpath.relpath(path, folder) + (f"#{anchor}" if anchor else "")


def render_figure(figure: Figure, page: str, note: int | None = None,
                  language: Language = ENGLISH) -> str:
    """The Markdown for a figure: a link relative to `page`, titled with the exact value.

    The row's caveats follow the number; with `note`, a footnote-style link to that note.
    The words around the figure are `language`'s (the figure itself already is).
    """
    _ = language.gettext
    title = " ".join(figure.title.replace('"', "'").replace("|", "/").split())
    out = f'[{md_text(figure.text)}]({_href(figure.target, page)} "{title}"){{: .od-fig }}'
    if figure.caveats:
        caveats = _("caveat: %(caveats)s") % {"caveats": md_text("; ".join(figure.caveats))}
        out += f' <span class="od-caveat">{caveats}</span>'
    if note is not None:
        label = html.escape(_("Note %(number)s: where this figure comes from")
                            % {"number": note}, quote=True)
        out += (f'<sup class="od-fig-ref" id="od-fig-ref-{note}"><a href="#od-fig-{note}" '
                f'aria-label="{label}">{note}</a></sup>')
    return out


NOTES_TITLE = N_("Where the figures on this page come from")


def render_notes(cited: list[Figure], page: str, language: Language = ENGLISH) -> str:
    """The notes of a page's figures, numbered in order: row, date, source, caveat (HTML).

    In `language`: the translations hold no markup (i18n checks it), so the HTML put into
    them stays the only markup.
    """
    _ = language.gettext

    def link(target: str, text: str) -> str:
        # Raw HTML: MkDocs leaves its links alone, so they are written as the built pages'.
        return (f'<a href="{html.escape(html_href(_href(target, page)), quote=True)}">'
                f'{html.escape(text, quote=False)}</a>')

    def escaped(text: str) -> str:
        return html.escape(text, quote=False)

    items = []
    for number, figure in enumerate(cited, start=1):
        parts = [_("%(figure)s: %(label)s, %(date)s.") % {
            "figure": f"<strong>{escaped(figure.text)}</strong>",
            "label": escaped(figure.label), "date": escaped(figure.date)}]
        if figure.source:
            parts.append(_("Source: %(source)s.") % {"source": (
                link(figure.source_target, figure.source) if figure.source_target
                else escaped(figure.source))})
        row = _("%(file)s, line %(line)s") % {"file": posixpath.basename(figure.file),
                                               "line": figure.line}
        parts.append(_("Row: %(row)s.") % {"row": link(figure.target, row)})
        if figure.caveats:
            parts.append('<span class="od-caveat">' + _("Caveat: %(caveats)s") % {
                "caveats": escaped("; ".join(figure.caveats))} + "</span>")
        back = html.escape(_("Back to figure %(number)s") % {"number": number}, quote=True)
        parts.append(f'<a href="#od-fig-ref-{number}" aria-label="{back}">'
                     f"{escaped(_('Back'))}</a>")
        items.append(f'<li id="od-fig-{number}">' + " ".join(parts) + "</li>")
    return ('<section class="od-fig-notes" aria-labelledby="od-fig-notes-title">\n'
            f'<h2 id="od-fig-notes-title">{escaped(_(NOTES_TITLE))}</h2>\n<ol>\n'
            + "\n".join(items) + "\n</ol>\n</section>")


def field_unit(field: dict, row: pd.Series | None = None) -> str:
    """A field's unit for formatting: crore, lakh, percent, plain (a number) or text.

    From the field's `unit`, else its name (`_crore`, `_lakh`, `_pct`); a plain number in a
    table with a `unit` column (long tables: metric, value, unit) takes the row's unit.
    """
    unit = _scale(field.get("unit"))
    if unit:
        return unit
    name = str(field.get("name", ""))
    for suffix, unit_name in (("_lakh_crore", "lakh crore"), ("_crore", "crore"),
                              ("_lakh", "lakh"), ("_pct", "percent")):
        if name.removesuffix("_inr").endswith(suffix):
            return unit_name
    if field.get("type") not in ("number", "integer"):
        return "text"
    row_unit = _scale(row.get("unit", "")) if row is not None and name != "unit" else ""
    return row_unit or "plain"


def _words(unit: object) -> list[str]:
    return str(unit or "").lower().replace("₹", " ₹ ").split()


def _scale(unit: object) -> str:
    """The scale a unit names, currency words aside: 'INR lakh crore' -> 'lakh crore'."""
    words = [w for w in _words(unit) if w not in CURRENCY]
    if words[:2] == ["lakh", "crore"]:
        return "lakh crore"
    return words[0] if words and words[0] in UNITS else ""


def field_currency(field: dict, row: pd.Series | None = None) -> str:
    """'₹' when the field's unit (or the row's, in a long table) or its name is in rupees."""
    words = set(_words(field.get("unit")))
    if row is not None and field.get("name") != "unit" and not words - CURRENCY:
        words |= set(_words(row.get("unit", "")))
    name = str(field.get("name", ""))
    return "₹" if words & CURRENCY or name.endswith("_inr") else ""


def format_value(value: str, unit: str, fmt: str | None, language: Language = ENGLISH
                 ) -> str | None:
    """A published value in `fmt` (default: its own unit), in `language`'s words; None when
    the format does not apply."""
    number = numbers.to_decimal(value)
    words = language.numbers  # the same figures as `numbers`, in the language's words
    if unit == "date":
        return words.human_date(value) if fmt is None else None
    if unit == "text":
        return value if fmt is None else None
    if number is None or (fmt is not None and fmt not in _formats_for(unit).split(", ")):
        return None
    fmt = fmt or unit
    if fmt == "percent":
        return words.percent(value)
    if fmt == unit:
        return words.count_text(value, unit)["short"]
    plain = numbers.count_text(value, unit if unit in ("crore", "lakh", "lakh crore") else "plain")["exact"]
    if fmt == "million":
        return words.millions(plain)
    return words.group_indian(plain) if fmt == "plain" else words.in_units(plain, fmt)


def _formats_for(unit: str) -> str:
    """The formats that make sense for a unit, as text."""
    return {"percent": "percent", "text": "no format",
            "plain": "crore, lakh, million, percent, plain", "date": "no format"
            }.get(unit, "crore, lakh, million, plain")


def _parse(match: re.Match, line: int) -> Reference | str:
    """A reference from its match, or what is wrong with it."""
    body = BODY.fullmatch(match.group("body"))
    if body is None:
        return "cannot read this reference"
    fmt = body.group("format")
    if fmt is not None and fmt not in FORMATS:
        return f"unknown format {fmt!r}; the formats are {', '.join(FORMATS)}"
    selector = []
    for part in SPLIT_COMMAS.split(body.group("selector")):
        item = SELECTOR_ITEM.fullmatch(part)
        value = None if item is None else (
            item.group("quoted") if item.group("quoted") is not None else item.group("plain"))
        if item is None or (item.group("quoted") is None and not value):
            return "the row selector in [...] has an empty or unreadable item"
        selector.append((item.group("name"), value))
    latest = (None, LATEST) in selector
    selector = [item for item in selector if item != (None, LATEST)]
    if len({name is None for name, _ in selector}) > 1:
        return "give either primary-key values or field=value filters in [...], not both"
    if latest and selector and selector[0][0] is None:
        return "latest goes with field=value filters only, not with primary-key values"
    return Reference(match.group(0), line, match.start(), match.end(), body.group("package"),
                     body.group("resource"), tuple(selector), body.group("field"), fmt, latest)


def _conditions(reference: Reference, resource: Resource) -> list[tuple[str, str]] | str:
    """The (field, value) pairs a row must match, or why the selector cannot be used."""
    if reference.latest or reference.selector[0][0] is not None:
        return [(str(name), value) for name, value in reference.selector]
    key = resource.primary_key
    if len(key) != len(reference.selector):
        return (f"the primary key of {resource.name} is ({', '.join(key) or 'none'}): give "
                f"{len(key)} value(s) in that order, or name fields as field=value")
    return [(name, value) for name, (_, value) in zip(key, reference.selector, strict=True)]


def _target(data: SiteData, package: str, resource: Resource, row: Mapping) -> str:
    """The resource page and row anchor (no anchor when the page shows a preview only)."""
    page = f"data/{package}/{resource.name}.md"
    if row_count(data, package, resource.name) > FULL_TABLE_MAX_ROWS:
        return page
    return f"{page}#{row_anchor(resource, row)}"


def _title(field: dict, value: str, unit: str, row: Mapping, source_file: str,
           dates: list[str], context_fields: tuple[str, ...], wording_field: str,
           language: Language = ENGLISH) -> str:
    """The exact value, its date and where it is, for the link's title."""
    _ = language.gettext
    parts = [f"{_label(field, row, context_fields, language)}: "
             f"{_exact(value, unit, language)}", _as_of(row, dates, language)]
    if wording_field and str(row.get(wording_field, "")).strip():
        parts.append(_("source wording: %(wording)s") % {"wording": row[wording_field]})
    parts.append(_("%(file)s line %(line)s") % {"file": source_file, "line": row[LINE]})
    return "; ".join(p for p in parts if p)


def _exact(value: str, unit: str, language: Language) -> str:
    """The value as published and as a full count: '3.23 crore = 3,23,00,000'."""
    words = language.numbers
    english = words is numbers  # English keeps the value exactly as published
    if unit in ("lakh crore", "crore", "lakh"):
        # Other languages: their unit words and digits (numbers_hi.HindiNumbers.published).
        published = f"{value} {unit}" if english else words.published(value, unit)
        return f"{published} = {words.count_text(value, unit)['indian']}"
    if unit == "percent":
        return f"{value}%" if english else words.percent(value)
    if unit == "plain":
        return words.group_indian(value)
    return value


def field_title(field: dict, language: Language = ENGLISH) -> str:
    """A field's title in `language`: its `title_<code>` when the descriptor has one, else
    its title (else its name)."""
    own = "" if language.default else str(field.get(f"title_{language.code}") or "").strip()
    return own or str(field.get("title") or field.get("name"))


def _label(field: dict, row: Mapping, context_fields: tuple[str, ...],
           language: Language = ENGLISH) -> str:
    """The field's title and what the row is about: 'Households with tap water (%) (India)'."""
    label = field_title(field, language)
    context = [str(row[n]) for n in context_fields if n in row and str(row[n]).strip()]
    return label + (f" ({', '.join(context)})" if context else "")


def _as_of(row: Mapping, dates: list[str], language: Language = ENGLISH) -> str:
    """When the figure holds: 'as of 3 Mar 2026', with the note on the date when there is one."""
    _ = language.gettext
    for name in dates:
        if name in row:
            note = str(row.get(f"{name}_note", "")).strip()
            if not str(row[name]).strip():
                return (_("date: %(note)s") % {"note": note} if note
                        else _(DATE_NOT_PUBLISHED))
            return (_("as of %(date)s") % {"date": language.numbers.human_date(row[name])}
                    + (f" ({note})" if note else ""))
    return ""


def _code_ranges(text: str) -> list[tuple[int, int]]:
    """Character ranges of fenced code blocks and inline code spans (left as written)."""
    ranges: list[tuple[int, int]] = []
    position, fence, start = 0, "", 0
    for line in text.splitlines(keepends=True):
        opening = FENCE.match(line)
        if not fence and opening:
            fence, start = opening.group(1), position
        elif fence and opening and opening.group(1)[0] == fence[0] \
                and len(opening.group(1)) >= len(fence) and not line.strip().strip(fence[0]):
            ranges.append((start, position + len(line)))
            fence = ""
        position += len(line)
    if fence:
        ranges.append((start, len(text)))
    for match in CODE_SPAN.finditer(text):
        if not _inside(match.start(), ranges):
            ranges.append(match.span())
    return ranges


def _inside(position: int, ranges: list[tuple[int, int]]) -> bool:
    """True when `position` falls in one of `ranges`."""
    return any(start <= position < end for start, end in ranges)
