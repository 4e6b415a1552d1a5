"""Page kind: the sector-partner programme told from its data, and the directory of organisations.

Every State, theme and type of the directory has a static page of its own (partners/state/...,
partners/theme/..., partners/type/...), linked from the directory, so a reader without
JavaScript filters by following a link; each page lists exactly what filter_organisations
returns for that one value. With JavaScript the same links filter the list in place (the
engine's facet-links.js sets the form's control and fires its change event).

The directory filters client-side with content/assets/partners-filter.js. The matching rules
live in `filter_organisations` below and the script is a line-by-line port of it; change both
together (tests/test_partners.py checks the Python side):

- Whitespace: every value compared has its runs of whitespace collapsed to one space and is
  trimmed (the page shows values that way, and the script reads what the page shows).
- state, theme, type: exact, case-sensitive match. `states` and `themes` cells are lists
  separated by ';' (written '; '); blank items are dropped. A state item's trailing '(detail)'
  is not part of the state's name: 'Uttar Pradesh (11 districts)' is the state
  'Uttar Pradesh', and '(not specified)' names no state. `type` is the whole
  organisation_type cell.
- q: trimmed and lower-cased (Python str.lower, JavaScript toLowerCase), then a substring match
  against the organisation's name, its themes cell or its relationship cell, each lower-cased.
  An empty value does not filter.
- All given filters must match (AND).
"""

from __future__ import annotations

import re
import weakref
from collections import Counter
from collections.abc import Iterable, Mapping

import jinja2
from markupsafe import Markup

from generator import i18n
from generator.i18n import N_
from generator.languages import ENGLISH, Language, of
from generator.markdown import html_href, safe_url
from generator.model import NO_OPTIONS, Asset, Options, Page
from generator.needs import Needs
from generator.pages.rows import slugs
from generator.render_cache import data_only
from generator.sitedata import LINE, SiteData, row_anchor

PACKAGE = "sector-partners"
PAGE = "partners/index.md"
DATA_LINK = f"../data/{PACKAGE}"
# What the partners page reads (checked at the descriptors before rendering).
NEEDS = (
    Needs("the partners page", (f"{PACKAGE}/organisations",), {
        f"{PACKAGE}/organisations": ("organisation_id", "organisation"),
        f"{PACKAGE}/programme_facts": ("date", "fact", "source_id"),
        f"{PACKAGE}/vocabulary": ("category", "term"),
        f"{PACKAGE}/sources": ("source_id",),
    }, (f"{PACKAGE}/programme_facts", f"{PACKAGE}/vocabulary", f"{PACKAGE}/sources")),
)
SEARCHED = ("organisation", "themes", "relationship_as_described")
# The facets: the filter's key (also the folder of its pages under partners/), its name and
# the name of its list of links (translated where shown).
FACETS = (("state", N_("State"), N_("By State")), ("theme", N_("Theme"), N_("By Theme")),
          ("type", N_("Type"), N_("By Type")))

# Short names of the programme's steps, keyed by programme_facts.fact; numbers come from the data.
STEP_LABELS = {
    "eoi_announced": N_("Expressions of interest invited"),
    "eoi_deadline": N_("Last date for applications"),
    "interactive_session_organisations": N_("Organisations at the interactive session"),
    "applications_received": N_("Applications received"),
    "applicants_shortlisted": N_("Applicants shortlisted"),
    "sector_partners_partnered": N_("Sector partners the mission has partnered with"),
}
VOCABULARY = (
    ("eoi_focus_area", N_("Themes named in the call for expressions of interest")),
    ("expected_role", N_("Roles expected of partners")),
    ("eligible_organisation_type", N_("Organisations that could apply")),
)
_DETAIL = re.compile(r"\s*\([^()]*\)$")


@data_only
def render(data: SiteData, env: jinja2.Environment, options: Options = NO_OPTIONS
           ) -> list[Page | Asset]:
    """The sector-partners page, when the sector-partners package is published."""
    if (PACKAGE, "organisations") not in data.frames:
        return []
    language = of(env)
    sources = source_index(data, language)
    organisations = records(data, "organisations")
    context = directory(organisations, sources, language)
    page = env.get_template("partners.md.j2").render(
        steps=programme_steps(data, sources, language),
        vocabulary=vocabulary(data, sources, language),
        count=len(organisations),
        directory=render_directory(context, env),
        organisations_link=f"{DATA_LINK}/organisations.md",
        dataset_link=f"{DATA_LINK}/index.md")
    return [Page(PAGE, page), *facet_pages(organisations, sources, context, env, language)]


# --- the filter: keep in step with content/assets/partners-filter.js -------------------------
def squash(value: object) -> str:
    """A value as compared and shown: whitespace runs collapsed to one space, trimmed."""
    return " ".join(str(value or "").split())


def split_list(value: object) -> list[str]:
    """A list cell ('Assam; Tripura') as its items, squashed, blanks dropped."""
    return [squash(item) for item in str(value or "").split(";") if squash(item)]


def state_names(value: object) -> list[str]:
    """The states of a `states` cell: each item without its trailing '(detail)', once each."""
    names: list[str] = []
    for item in split_list(value):
        name = _DETAIL.sub("", item).strip()
        if name and name not in names:
            names.append(name)
    return names


def filter_organisations(rows: Iterable[Mapping[str, str]], state: str = "", theme: str = "",
                         type: str = "", q: str = "") -> list[Mapping[str, str]]:
    """The rows matching every given filter, in their order (rules in the module docstring)."""
    state, theme, type = squash(state), squash(theme), squash(type)
    needle = squash(q).lower()
    return [row for row in rows
            if (not state or state in state_names(row.get("states", "")))
            and (not theme or theme in split_list(row.get("themes", "")))
            and (not type or squash(row.get("organisation_type", "")) == type)
            and (not needle or any(needle in squash(row.get(f, "")).lower() for f in SEARCHED))]


# --- what the page shows ---------------------------------------------------------------------
def records(data: SiteData, resource: str) -> list[dict[str, str]]:
    """A resource's rows as dicts of the published strings, with `_line`."""
    return data.frame(PACKAGE, resource).to_dict("records")


def source_index(data: SiteData, language: Language = ENGLISH) -> dict[str, dict]:
    """The package's sources by id, each with its row link on the sources page."""
    resource = data.package(PACKAGE).resource("sources")
    return {row["source_id"]: source_entry(row, row_anchor(resource, row), language)
            for row in records(data, "sources")}


def source_entry(row: Mapping[str, str], anchor: str, language: Language = ENGLISH) -> dict:
    """One source as the page shows it: id, title, publisher, date, safe URL, row link.

    A note on a missing date is the data's (shown as published) beside the translated words.
    """
    note = row.get("date_published_note", "")
    date = language.numbers.human_date(row["date_published"]) if row.get("date_published") \
        else ""
    missing = language.gettext(i18n.DATE_NOT_PUBLISHED)
    return {"id": row["source_id"], "title": row.get("title", ""),
            "publisher": row.get("publisher_or_outlet", ""),
            "date": date or (f"{missing} ({note})" if note else missing),
            "url": safe_url(row.get("url", "")), "anchor": "src-" + _slug(row["source_id"]),
            "row_link": f"{DATA_LINK}/sources.md#{anchor}",
            "row_href": html_href(f"{DATA_LINK}/sources.md#{anchor}")}


def _missing_source(source_id: str, language: Language = ENGLISH) -> dict:
    """A source id with no row in the registry (validation normally prevents this)."""
    return {"id": source_id, "title": "", "publisher": "",
            "date": language.gettext(i18n.DATE_NOT_PUBLISHED),
            "url": None, "anchor": "src-" + _slug(source_id),
            "row_link": f"{DATA_LINK}/sources.md", "row_href": html_href(f"{DATA_LINK}/sources.md")}


def _slug(value: str) -> str:
    """An id fragment: lower case, anything but letters, digits and '-' as '-'."""
    return "".join(c if c.isalnum() or c == "-" else "-" for c in value.lower())


def programme_steps(data: SiteData, sources: dict[str, dict], language: Language = ENGLISH
                    ) -> list[dict]:
    """programme_facts as steps: dated facts by date, then the undated ones in file order.

    A step's description, date note and qualifier are the data's, shown as published.
    """
    _, n = language.gettext, language.numbers
    resource = data.package(PACKAGE).resource("programme_facts")
    rows = records(data, "programme_facts")
    rows = sorted(rows, key=lambda r: (r["date"] == "", r["date"] or "", int(r[LINE])))
    steps = []
    for row in rows:
        value = ""
        if row.get("value"):
            value = n.group_indian(row["value"])
            if row.get("qualifier"):
                value = f"{row['qualifier']} {value}"
        steps.append({
            "fact": row["fact"],
            "label": _(STEP_LABELS[row["fact"]]) if row["fact"] in STEP_LABELS
            else row["fact"].replace("_", " ").capitalize(),
            "value": value,
            "date": n.human_date(row["date"]) if row["date"] else _("Date not published"),
            "dated": bool(row["date"]),
            "date_note": row.get("date_note", ""),
            "description": row.get("description", ""),
            "source": sources.get(row["source_id"]) or _missing_source(row["source_id"],
                                                                        language),
            "line": int(row[LINE]),
            "row_link": f"{DATA_LINK}/programme_facts.md#{row_anchor(resource, row)}",
        })
    return steps


def vocabulary(data: SiteData, sources: dict[str, dict], language: Language = ENGLISH
               ) -> list[dict]:
    """The vocabulary's three lists (themes, roles, eligible types), each with its sources.

    The terms are the data's (the call's own words), shown as published.
    """
    rows = records(data, "vocabulary")
    groups = []
    for category, title in VOCABULARY:
        terms = [r for r in rows if r["category"] == category]
        ids = sorted({r[k] for r in terms for k in ("source_id", "other_source_id") if r.get(k)})
        groups.append({"category": category, "title": language.gettext(title),
                       "terms": [r["term"] for r in terms],
                       "sources": [sources.get(i) or _missing_source(i, language)
                                   for i in ids]})
    return groups


def directory(rows: Iterable[Mapping[str, str]], sources: Mapping[str, dict],
              language: Language = ENGLISH) -> dict:
    """The directory: one entry per organisation (sorted by name) and the filter options."""
    rows = list(rows)
    entries = []
    for row in sorted(rows, key=lambda r: (r["organisation"].casefold(), r["organisation_id"])):
        source_id = row.get("source_id", "")
        entries.append({
            "anchor": f"org-{row['organisation_id']}",
            "name": squash(row["organisation"]),
            "type": squash(row.get("organisation_type", "")),
            "states": squash(row.get("states", "")),
            "themes": squash(row.get("themes", "")),
            "relationship": squash(row.get("relationship_as_described", "")),
            "role": squash(row.get("role", "")),
            "website": safe_url(row.get("website", "")),
            "source": sources.get(source_id) or _missing_source(source_id, language),
        })
    cited = {e["source"]["id"]: e["source"] for e in entries}
    options = {
        "state": _options(state_names(r.get("states", "")) for r in rows),
        "theme": _options(split_list(r.get("themes", "")) for r in rows),
        "type": _options([squash(r.get("organisation_type", ""))] for r in rows),
    }
    return {"entries": entries, "sources": [cited[i] for i in sorted(cited)], "options": options,
            "facets": facets(options, language)}


def facets(options: Mapping[str, list[dict]], language: Language = ENGLISH) -> list[dict]:
    """Each facet with its values, each value with its page (docs path) and its link from PAGE."""
    found = []
    for key, label, browse in FACETS:
        named = slugs(o["value"] for o in options[key])
        values = [{**o, "path": f"partners/{key}/{named[o['value']]}.md",
                   "href": f"{key}/{named[o['value']]}.html"} for o in options[key]]
        found.append({"key": key, "label": language.gettext(label),
                      "browse": language.gettext(browse), "choices": values})
    return found


def _options(values: Iterable[list[str]]) -> list[dict]:
    """Filter options: each distinct value with how many organisations have it, sorted."""
    counts = Counter(v for items in values for v in set(items) if v)
    return [{"value": v, "count": counts[v]} for v in sorted(counts, key=lambda v: (v.casefold(), v))]


def facet_pages(rows: list[dict[str, str]], sources: Mapping[str, dict], context: dict,
                env: jinja2.Environment, language: Language = ENGLISH) -> list[Page]:
    """A page per value of each facet: the organisations filter_organisations gives for it."""
    pages = []
    for facet in context["facets"]:
        for value in facet["choices"]:
            chosen = directory(filter_organisations(rows, **{facet["key"]: value["value"]}),
                               sources, language)
            # Links on this page start from partners/KEY/: one folder down from the directory.
            block = render_directory({**chosen, "sources": [
                {**s, "row_href": "../" + s["row_href"]} for s in chosen["sources"]]}, env,
                "partners_facet.html.j2")
            pages.append(Page(value["path"], env.get_template("partners_facet.md.j2").render(
                label=facet["label"], key=facet["key"], value=value["value"],
                count=len(chosen["entries"]), total=len(rows), entries=block,
                others=[{"value": v["value"], "count": v["count"],
                         "link": v["path"].rsplit("/", 1)[1]}
                        for v in facet["choices"] if v is not value])))
    return pages


def render_directory(context: dict, env: jinja2.Environment,
                     template: str = "partners_directory.html.j2") -> Markup:
    """The directory as one raw HTML block, from a template that HTML-escapes every value."""
    text = html_environment(env).get_template(template).render(**context)
    # A blank line would end Markdown's raw HTML block; the template writes none.
    return Markup("\n".join(line for line in text.splitlines() if line.strip()))


_HTML_ENVIRONMENTS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def html_environment(env: jinja2.Environment) -> jinja2.Environment:
    """The HTML-escaping environment of `env`'s templates and language, made once per `env`
    (so each facet page does not compile the templates again)."""
    language = of(env)
    made = _HTML_ENVIRONMENTS.get(env)
    if made is not None and made[0] is language:
        return made[1]
    html_env = jinja2.Environment(loader=env.loader, undefined=jinja2.StrictUndefined,
                                  autoescape=True, trim_blocks=True, lstrip_blocks=True,
                                  keep_trailing_newline=True)
    # The page's language: its messages (escaped as any value) and its number filters.
    i18n.install(html_env, language.catalogue)
    html_env.filters.update(language.filters())
    _HTML_ENVIRONMENTS[env] = (language, html_env)
    return html_env
