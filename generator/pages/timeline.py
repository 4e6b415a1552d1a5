"""Page kind: a timeline: the rows of one resource as dated steps (a programme's facts).

Configured, not coded: the resource, the field that dates each row, where each step's label
comes from (a field, or a map of a key field's values), and optionally a figure, a
description and a caveat. Dated steps come first, by date; undated rows follow, saying so.
Every step links to its row and its source.

The helpers after `render` (links to rows and sources, the intro, the checks every configured
kind makes) are shared with the directory and ranking kinds.
"""

from __future__ import annotations

import posixpath

import jinja2

from .. import figures, languages
from ..i18n import DATE_NOT_PUBLISHED, NOT_REPORTED
from ..kinds import Option
from ..languages import ENGLISH, Language
from ..model import NO_OPTIONS, Asset, Options, Page
from ..problems import Problem
from ..render_cache import data_only
from ..sitedata import LINE, SiteData, row_anchor
from .rows import check_basics, field_title, published, resolve_intro, row_links, said

OPTIONS = {
    "page": Option("Where the page goes, as a docs path (programme/timeline.md).",
                   required=True),
    "title": Option("The page's title and heading.", required=True),
    "description": Option("One sentence for search results and link previews.", default=""),
    "intro": Option("Markdown under the heading; may hold figure references.", type="markdown",
                    default=""),
    "resource": Option("The table: package/resource.", required=True),
    "date": Option("The field that dates each row (YYYY-MM-DD, YYYY-MM or YYYY); rows "
                   "without a date come after the dated ones.", required=True),
    "label": Option("The field naming each step (used for rows that `labels` does not "
                    "name).", default=""),
    "labels": Option("A reader's name for each value of the `key` field (key: label), "
                     "instead of or before the `label` field.", type="map", default=None),
    "key": Option("The field identifying each row, for `labels` and `include`.", default=""),
    "include": Option("Only the rows whose `key` is in this list; rows on the same date, and "
                      "undated rows, in this list's order (default: every row, undated ones "
                      "in file order).", type="list", default=(), items=Option("a key value")),
    "value": Option("A field with each step's figure, written in its unit (lakh, crore, "
                    "percent or a plain number); blank is 'not reported'.", default=""),
    "text": Option("A field describing each step.", default=""),
    "note": Option("A field with each step's caveat (e.g. why its date is unknown), shown "
                   "with the field's title.", default=""),
}


def check(data: SiteData, options: Options) -> list[Problem]:
    """The page path, the resource, every field named and every included key exist."""
    problems, fields = check_basics(data, options, ("date", "label", "key", "value", "text",
                                                    "note"))
    if fields is None:
        return problems
    where = data.config.publication.path
    if not options.get("label") and not options.get("labels"):
        problems.append(Problem(where, None, "label", "missing-key",
                                "give label (a field naming each step) or labels with key"))
    for name in ("labels", "include"):
        if options.get(name) and not options.get("key"):
            problems.append(Problem(where, None, "key", "missing-key",
                                    f"{name} needs key: the field whose values it names"))
    if problems or not options.get("include"):
        return problems
    package, _, resource = str(options["resource"]).partition("/")
    found = set(data.frame(package, resource)[str(options["key"])])
    absent = [k for k in options["include"] if str(k) not in found]
    if absent:
        problems.append(Problem(where, None, "include", "figure-not-found",
                                f"no row of {options['resource']} has {options['key']} "
                                f"{', '.join(map(repr, absent))}; its values are "
                                f"{', '.join(sorted(found))}"))
    return problems


@data_only
def render(data: SiteData, env: jinja2.Environment, options: Options = NO_OPTIONS
           ) -> list[Page | Asset]:
    """The timeline page (nothing when its resource is not published)."""
    if published(data, options) is None:
        return []
    package, resource = published(data, options)
    lang = languages.of(env)
    page = str(options["page"])
    steps = timeline_steps(data, options, posixpath.dirname(page), lang)
    dated = [s for s in steps if s["dated"]]
    undated = [s for s in steps if not s["dated"]]
    text = env.get_template("timeline.md.j2").render(
        title=said(lang, options["title"]), description=said(lang, options.get("description")),
        intro=resolve_intro(data, options, page, lang), summary=summary(dated, undated, lang),
        dated=dated, undated=undated, in_file_order=not options.get("include"),
        value_title=field_title(data, options, "value", lang),
        note_title=field_title(data, options, "note", lang))
    return [Page(page, text)]


def timeline_steps(data: SiteData, options: Options, folder: str, lang: Language = ENGLISH
                   ) -> list[dict]:
    """The chosen rows as steps (in `lang`): dated ones by date, then undated ones (include
    or file order)."""
    package_name, _, name = str(options["resource"]).partition("/")
    resource = data.package(package_name).resource(name)
    frame = data.frame(package_name, name)
    key = str(options.get("key") or "")
    order = {str(k): n for n, k in enumerate(options.get("include") or ())}
    if order:
        frame = frame[frame[key].isin(list(order))]
    date = str(options["date"])
    rows = sorted((row for _, row in frame.iterrows()), key=lambda row: (
        not str(row[date]).strip(), str(row[date]), order.get(str(row[key]), 0) if key else 0,
        int(row[LINE])))
    labels = {key: said(lang, label) for key, label in (options.get("labels") or {}).items()}
    fields = {str(f.get("name")): f for f in resource.fields}
    value = str(options.get("value") or "")
    wording = data.config.publication.figures.wording_field
    tags = data.config.publication.figures.wording_tags
    steps = []
    for row in rows:
        label = labels.get(str(row[key])) if key and labels else None
        if label is None:
            label = str(row[options["label"]]) if options.get("label") else str(row[key])
        shown = ""
        if value:
            shown = figures.format_value(str(row[value]), figures.field_unit(fields[value], row),
                                         None, lang) or lang.gettext(NOT_REPORTED)
            words = figures.wording_for(row.get(wording, ""), value, row[value], tags) \
                if wording in row.index and str(row[value]).strip() else ""
            shown = f"{words} {shown}".strip()
        dated = bool(str(row[date]).strip())
        steps.append({
            "dated": dated, "date": str(row[date]),
            "date_text": lang.numbers.human_date(row[date]) if dated
            else lang.gettext(DATE_NOT_PUBLISHED),
            "label": label or lang.gettext(NOT_REPORTED), "anchor": "step-" + row_anchor(resource, row)[4:],
            "value": shown,
            "text": str(row[options["text"]]) if options.get("text") else "",
            "note": str(row[options["note"]]) if options.get("note") else "",
            **row_links(data, package_name, resource, row, folder)})
    return steps


def summary(dated: list[dict], undated: list[dict], lang: Language = ENGLISH) -> str:
    """One sentence (in `lang`): how many steps, over which dates, how many undated."""
    _ = lang.gettext
    if not dated and not undated:
        return _("No row to show.")
    parts = []
    if dated:
        first, last = dated[0]["date_text"], dated[-1]["date_text"]
        words = {"count": len(dated), "first": first, "last": last}
        parts.append((lang.ngettext("%(count)s dated step, from %(first)s to %(last)s",
                                    "%(count)s dated steps, from %(first)s to %(last)s",
                                    len(dated)) if first != last else
                      lang.ngettext("%(count)s dated step, on %(first)s",
                                    "%(count)s dated steps, on %(first)s", len(dated))) % words)
    if undated:
        parts.append(_("%(count)s without a date in the data") % {"count": len(undated)})
    return _("%(sentence)s.") % {"sentence": "; ".join(parts)}
