"""The publication file: what a publication publishes, checked as a schema, problems at their line.

`publication.yml`, beside mkdocs.yml, declares the publication's locale, its own page kinds and
its sections: one entry per page kind to run, with that kind's options. Every key is documented
in SCHEMA (or in the page kind's OPTIONS); every problem is `publication.yml:line:key: code:
message`, the way MkDocs checks its configuration: report everything, then stop.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .front_matter import compose_mapping, kind_of, read_text
from .kinds import (
    DEFAULT_SECTIONS,
    KindError,
    Option,
    PageKind,
    builtin_kinds,
    load_plugin,
    load_publication_module,
    plugin_kinds,
)
from .model import Options, Section
from .problems import Acknowledgement, Problem

FILE = "publication.yml"
LOCALES = ("en-IN",)
MODULE = re.compile(r"[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*")
NULL = "tag:yaml.org,2002:null"
# footer.report_link: an http(s) or mailto: address, or a page of the site as its docs path.
REPORT_LINK = re.compile(r"https?://[^\s<>\"'`]+|mailto:[^\s<>\"'`@]+@[^\s<>\"'`]+|"
                         r"(?:[\w-][\w.-]*/)*[\w-][\w.-]*\.md(?:#[\w.-]*)?")
HTTP_URL = re.compile(r"https?://[^\s<>\"'`/]+(?:/[^\s<>\"'`]*)?")  # publisher.url

SCHEMA: dict[str, Option] = {
    "locale": Option("How numbers and dates are written. en-IN: Indian digit grouping "
                     "(3,23,00,000), lakh and crore, dates as '3 Mar 2026'.",
                     default="en-IN", choices=LOCALES),
    # Languages (issue 16): every page in each, the first at the site's root.
    "languages": Option("The languages the site is published in, as CLDR codes; the first is "
                        "at the site's root, each other one in a folder of the same pages "
                        "(hi/...). Every message a page uses needs a translation in each "
                        "(locale/<code>/LC_MESSAGES/*.po), or the build stops and names it.",
                        type="list", default=("en",), items=Option("a language code")),
    "digits": Option("The digits of pages in Hindi: latin (0-9, as official Hindi tables print "
                     "them) or devanagari.", default="latin", choices=("latin", "devanagari")),
    "page_kinds": Option("This publication's own page kinds: Python modules of its folder "
                         "(e.g. page_kinds.coverage for page_kinds/coverage.py), each with "
                         "render(data, env, options). Installed kinds (entry points in the "
                         "group opendata.page_kinds) need no entry here.",
                         type="list", default=(), items=Option("a module name")),
    "figures": Option("How figure references ([[fig ...]]) describe the row they cite.",
                      type="map", default=None, keys={
                          "date_fields": Option(
                              "Fields that date a row, first found wins ('as of 3 Mar 2026'); "
                              "default: the row's fields of type date.", type="list",
                              default=None, items=Option("a field name")),
                          "context_fields": Option(
                              "Fields that say what a row is about, named in a figure's "
                              "title (e.g. a place or a metric).", type="list", default=(),
                              items=Option("a field name")),
                          "wording_field": Option(
                              "A field holding the source's own qualifier for a row's figures "
                              "('about', 'more than'), quoted in each figure's title and "
                              "written before it with the format 'worded'.", default=""),
                          "wording_tags": Option(
                              "Tags of the wording field ('more than (added)') and the fields "
                              "each qualifies, e.g. added: [hh_added_since_launch_crore].",
                              type="map", default=None),
                          "caveat_fields": Option(
                              "Fields holding a row's caveat (why a figure is doubtful or "
                              "what it leaves out), shown beside each figure of that row "
                              "wherever it is shown; a true boolean field shows its title.",
                              type="list", default=(), items=Option("a field name")),
                      }),
    "sections": Option("The page kinds this publication runs, in order, each with its "
                       "options (the kind's OPTIONS). Default: home, catalog, dataset, updates, "
                       "releases.", type="list", default=None,
                       items=Option("kind: NAME and that kind's options", type="map")),
    # The footer of every page (issue 14): the rest of it comes from the data.
    "footer": Option("What every page's footer says besides what the data gives (the data's "
                     "licences, how many sources, the release and its date).", type="map",
                     default=None, keys={
                         "report_errors": Option(
                             "How a reader reports an error in the data: plain text, shown "
                             "after 'Found an error?'.", default=""),
                         "report_link": Option(
                             "Where to report it, linked after that text: an http(s) or "
                             "mailto: address, or a page of the site as its docs path "
                             "(about.md#corrections).", default=""),
                     }),
    # Known warnings (issue 18): accepted with a reason, counted instead of repeated.
    "known_warnings": Option(
        "Warnings of the data this publication knows and accepts, each with its reason: they "
        "are counted in one line instead of printed by every command (-v lists them), so a "
        "new warning stands out. An entry that no longer matches a warning is itself a "
        "warning (stale-acknowledgement); errors cannot be acknowledged.",
        type="list", default=(), items=Option("a known warning", type="map", keys={
            "path": Option("The file the warning is at, as printed "
                           "(datasets/PACKAGE/FILE.csv).", required=True),
            "code": Option("The warning's code, as printed (percent-inconsistent).",
                           required=True),
            "field": Option("The field, as printed (default: any field).", default=""),
            "rows": Option("The rows, as printed (the file's physical lines; default: any "
                           "row).", type="list", default=(),
                           items=Option("a row number", type="int")),
            "reason": Option("Why the warning is expected and the data published as it is.",
                             required=True),
        })),
    # The publisher (issue 15, item 5): catalog.json's dct:publisher of the catalogue and of
    # every dataset; DCAT-AP requires one for a catalogue.
    "publisher": Option(
        "Who publishes this site's data: the organisation or project that makes the files "
        "available (not the source of the figures, which each descriptor's contributors "
        "name). catalog.json gives it as the publisher of the catalogue and of every dataset; "
        "DCAT-AP requires one, so without it catalog.json is not valid DCAT-AP.",
        type="map", default=None, keys={
            "name": Option("Its name, as it signs its work.", required=True),
            "url": Option("Its home page, an http(s) address (default: none).", default=""),
        }),
}


@dataclass(frozen=True)
class FigureSettings:
    """How figure references describe the row they cite (see SCHEMA['figures'])."""

    date_fields: tuple[str, ...] | None = None
    context_fields: tuple[str, ...] = ()
    wording_field: str = ""
    wording_tags: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    caveat_fields: tuple[str, ...] = ()


@dataclass(frozen=True)
class Publication:
    """A checked publication file: locale, sections with their options, the kinds they use."""

    path: str = FILE
    locale: str = "en-IN"
    languages: tuple[str, ...] = ("en",)
    digits: str = "latin"
    page_kinds: tuple[str, ...] = ()
    figures: FigureSettings = field(default_factory=FigureSettings)
    footer: Mapping[str, str] = field(default_factory=dict)  # report_errors, report_link
    publisher: Mapping[str, str] = field(default_factory=dict)  # name, url (issue 15)
    sections: tuple[Section, ...] = tuple(Section(k) for k in DEFAULT_SECTIONS)
    problems: tuple[Problem, ...] = ()
    # The loaded kinds by name (functions: kept out of repr, which cache keys hash).
    kinds: Mapping[str, PageKind] = field(default_factory=dict, repr=False, compare=False)
    # What the command line sets aside; no page depends on it, so no cache key hashes it.
    known_warnings: tuple[Acknowledgement, ...] = field(default=(), repr=False, compare=False)

    def section(self, kind: str) -> Section | None:
        """The first section of a kind, if the publication runs it."""
        return next((s for s in self.sections if s.kind == kind), None)


def load_publication(root: Path) -> Publication:
    """The publication file of `root` checked, its kinds loaded; problems kept, never raised."""
    path = root / FILE
    kinds = builtin_kinds()
    if not path.is_file():
        return _with_defaults(Publication(kinds=kinds), kinds)
    text, problems = read_text(path, FILE)
    if text is None:
        return Publication(problems=tuple(problems), kinds=kinds)
    node, problems = compose_mapping(text, FILE, 1, "publication file")
    if node is None:
        return Publication(problems=tuple(problems), kinds=kinds)
    check = _Check(FILE)
    values = check.mapping(node, SCHEMA, "")
    for number, name in enumerate(values.get("page_kinds") or (), start=1):
        where = f"page_kinds[{number}]"
        item = check.nodes.get(where)
        if not MODULE.fullmatch(name):
            check.problem(item, where, "bad-module", f"expected a module name such as "
                                                      f"page_kinds.coverage, found {name!r}")
            continue
        try:
            kind = load_publication_module(root, name)
        except KindError as exc:
            check.problem(item, where, "page-kind-error", str(exc))
            continue
        if kind.name in kinds:
            check.problem(item, where, "duplicate-kind", f"{name} defines the page kind "
                          f"{kind.name!r}, which {kinds[kind.name].origin} already defines")
            continue
        kinds[kind.name] = kind
    sections = check.sections(node, kinds) if values.get("sections") is True else None
    figures = values.get("figures") or {}
    footer = _footer(check, values.get("footer") or {})
    publication = Publication(
        locale=values.get("locale", "en-IN"), languages=_languages(check, values),
        digits=values.get("digits", "latin"), page_kinds=tuple(values.get("page_kinds", ())),
        figures=FigureSettings(
            tuple(figures["date_fields"]) if figures.get("date_fields") is not None else None,
            tuple(figures.get("context_fields", ())), figures.get("wording_field", ""),
            check.tags(figures.get("wording_tags")),
            tuple(figures.get("caveat_fields", ()))),
        footer=footer, publisher=_publisher(check, values.get("publisher") or {}),
        problems=tuple(check.problems), kinds=kinds,
        known_warnings=_acknowledgements(check, values.get("known_warnings")))
    if sections is None:
        return _with_defaults(publication, kinds)
    return dataclasses.replace(publication, sections=tuple(sections))


def load_known_warnings(root: Path) -> tuple[tuple[Acknowledgement, ...], tuple[Problem, ...]]:
    """Only the publication file's known_warnings, checked: `opendata validate` loads no kinds."""
    path = root / FILE
    if not path.is_file():
        return (), ()
    text, problems = read_text(path, FILE)
    node, more = compose_mapping(text, FILE, 1, "publication file") if text is not None \
        else (None, [])
    value = next((v for k, v in node.value if isinstance(k, ScalarNode)
                  and k.value == "known_warnings"), None) if node is not None else None
    check = _Check(FILE)
    entries = check.value(value, SCHEMA["known_warnings"], "known_warnings") \
        if value is not None else ()
    return _acknowledgements(check, entries), (*problems, *more, *check.problems)


def _acknowledgements(check: _Check, entries: object) -> tuple[Acknowledgement, ...]:
    """known_warnings as Acknowledgements, each with its line; incomplete entries are left out."""
    found = []
    for number, entry in enumerate(entries or (), start=1):
        if not isinstance(entry, dict) or not all(entry.get(k) for k in ("path", "code",
                                                                          "reason")):
            continue  # a missing-key or type-error problem says why
        where = f"known_warnings[{number}]"
        node = check.nodes.get(where)
        found.append(Acknowledgement(
            entry["path"], entry["code"], entry["reason"], entry.get("field") or None,
            tuple(row for row in entry.get("rows") or () if isinstance(row, int)),
            node.start_mark.line + 1 if node is not None else None, where))
    return tuple(found)


def _languages(check: _Check, values: Mapping[str, object]) -> tuple[str, ...]:
    """The languages, each once, as given (an empty list means the default, English)."""
    languages = tuple(str(code) for code in values.get("languages") or ("en",))
    for number, code in enumerate(languages, start=1):
        if code in languages[:number - 1]:
            check.problem(check.nodes.get(f"languages[{number}]"), f"languages[{number}]",
                          "duplicate-language", f"{code!r} is listed twice")
    return tuple(dict.fromkeys(languages))


def _footer(check: _Check, values: Mapping[str, object]) -> dict[str, str]:
    """The footer's settings; a report_link that is no usable link is a problem at its line."""
    link = str(values.get("report_link") or "").strip()
    if link and not REPORT_LINK.fullmatch(link):
        check.problem(check.nodes.get("footer.report_link"), "footer.report_link", "bad-value",
                      f"expected an http(s) or mailto: address, or a page of the site as its "
                      f"docs path (about.md#corrections); found {link!r}")
        link = ""
    return {"report_errors": str(values.get("report_errors") or ""), "report_link": link}


def _publisher(check: _Check, values: Mapping[str, object]) -> dict[str, str]:
    """The publisher's name and home page; a url that is no http(s) address is a problem."""
    url = str(values.get("url") or "").strip()
    if url and not HTTP_URL.fullmatch(url):
        check.problem(check.nodes.get("publisher.url"), "publisher.url", "bad-value",
                      f"expected an http(s) address, found {url!r}")
        url = ""
    name = " ".join(str(values.get("name") or "").split())
    return {"name": name, "url": url} if name else {}


def _with_defaults(publication: Publication, kinds: Mapping[str, PageKind]) -> Publication:
    """The default sections, each with its kind's default options."""
    sections = tuple(Section(name, Options.of(_defaults(kinds[name].options)))
                     for name in DEFAULT_SECTIONS)
    return dataclasses.replace(publication, sections=sections)


def _defaults(options: Mapping[str, Option]) -> dict[str, object]:
    return {name: option.default for name, option in options.items() if not option.required}


class _Check:
    """Reads YAML nodes against Option schemas; every problem is recorded at its line."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.problems: list[Problem] = []
        self.nodes: dict[str, Node] = {}

    def problem(self, node: Node | None, where: str, code: str, message: str) -> None:
        row = None if node is None else node.start_mark.line + 1
        self.problems.append(Problem(self.path, row, where or None, code, message))

    def mapping(self, node: MappingNode, schema: Mapping[str, Option], prefix: str,
                skip: tuple[str, ...] = ("sections",)) -> dict[str, object]:
        """The values of a mapping's keys, each checked; unknown and missing keys are problems."""
        values: dict[str, object] = {}
        seen: set[str] = set()
        for key, value in node.value:
            name = key.value if isinstance(key, ScalarNode) else str(key.tag)
            where = prefix + name
            if name in seen:
                self.problem(key, where, "duplicate-key", f"{where} is given twice; keep one")
                continue
            seen.add(name)
            if name not in schema and not (prefix == "" and name in skip):
                known = ", ".join(sorted(schema)) or "none"
                self.problem(key, where, "unknown-key", f"unknown key {name!r}; the keys here "
                                                        f"are {known}")
                continue
            if prefix == "" and name in skip:
                values[name] = True
                continue
            checked = self.value(value, schema[name], where)
            if checked is not None:
                values[name] = checked
        for name, option in schema.items():
            if name not in seen:
                if option.required:
                    self.problem(node, prefix + name, "missing-key",
                                 f"{prefix + name} is required: {option.doc}")
                else:
                    values[name] = option.default
        return values

    def value(self, node: Node, option: Option, where: str) -> object:
        """One value checked against its option; None (and a problem) when it does not fit."""
        self.nodes[where] = node
        if option.type in ("list", "map"):
            wanted = SequenceNode if option.type == "list" else MappingNode
            if isinstance(node, ScalarNode) and node.tag == NULL:
                return option.default
            if not isinstance(node, wanted):
                self.problem(node, where, "type-error", f"{where} must be a "
                             f"{'list' if option.type == 'list' else 'mapping (key: value)'}, "
                             f"found a {kind_of(node)}")
                return None
            if option.type == "map":
                return self.mapping(node, option.keys, where + ".") if option.keys else \
                    self.plain(node, where)
            items = [self.value(item, option.items or Option(""), f"{where}[{n}]")
                     for n, item in enumerate(node.value, start=1)]
            return tuple(items)
        if not isinstance(node, ScalarNode):
            self.problem(node, where, "type-error", f"{where} must be a single value, found a "
                                                    f"{kind_of(node)}")
            return None
        text = "" if node.tag == NULL else str(node.value)
        if option.type == "bool":
            if text.lower() not in ("true", "false"):
                self.problem(node, where, "type-error", f"{where} must be true or false, "
                                                        f"found {text!r}")
                return None
            return text.lower() == "true"
        if option.type == "int":
            if not re.fullmatch(r"[0-9]+", text):
                self.problem(node, where, "type-error", f"{where} must be a whole number, "
                                                        f"found {text!r}")
                return None
            return int(text)
        if option.type == "date":
            try:
                dt.date.fromisoformat(text)
                if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
                    raise ValueError(text)
            except ValueError:
                self.problem(node, where, "bad-date", f"{where} must be a date as YYYY-MM-DD, "
                                                      f"found {text!r}")
                return None
        if option.choices and text not in option.choices:
            self.problem(node, where, "bad-value", f"{where} must be one of "
                                                   f"{', '.join(option.choices)}; found {text!r}")
            return None
        if option.required and not text.strip():
            self.problem(node, where, "missing-key", f"{where} is empty: {option.doc}")
            return None
        return text

    def plain(self, node: MappingNode, where: str) -> dict[str, object]:
        """A free mapping (name: text, or name: [text, ...]); anything deeper is a problem."""
        out: dict[str, object] = {}
        for key, value in node.value:
            name = key.value if isinstance(key, ScalarNode) else ""
            if isinstance(value, ScalarNode):
                out[name] = "" if value.tag == NULL else str(value.value)
            elif isinstance(value, SequenceNode) and all(isinstance(v, ScalarNode)
                                                         for v in value.value):
                out[name] = tuple(str(v.value) for v in value.value)
            else:
                self.problem(value, f"{where}.{name}", "type-error",
                             f"{where}.{name} must be a text or a list of texts, found a "
                             f"{kind_of(value)}")
        return out

    @staticmethod
    def tags(values: object) -> dict[str, tuple[str, ...]]:
        """figures.wording_tags: tag -> the field names it qualifies (a name or a list)."""
        if not isinstance(values, dict):
            return {}
        return {name: (value,) if isinstance(value, str) else tuple(value)
                for name, value in sorted(values.items())}

    def sections(self, node: MappingNode, kinds: Mapping[str, PageKind]) -> list[Section]:
        """The `sections` list: each a known kind with its options checked and defaults filled."""
        value = next(v for k, v in node.value if isinstance(k, ScalarNode)
                     and k.value == "sections")
        if isinstance(value, ScalarNode) and value.tag == NULL:
            return [Section(name, Options.of(_defaults(kinds[name].options)))
                    for name in DEFAULT_SECTIONS]
        if not isinstance(value, SequenceNode):
            self.problem(value, "sections", "type-error", f"sections must be a list, found a "
                                                          f"{kind_of(value)}")
            return []
        out: list[Section] = []
        for number, item in enumerate(value.value, start=1):
            where = f"sections[{number}]"
            if not isinstance(item, MappingNode):
                self.problem(item, where, "type-error", f"{where} must be keys with values "
                                                        f"(kind: NAME, then its options)")
                continue
            kind_node = next((v for k, v in item.value if isinstance(k, ScalarNode)
                              and k.value == "kind"), None)
            name = kind_node.value if isinstance(kind_node, ScalarNode) else ""
            if not name:
                self.problem(item, where + ".kind", "missing-key",
                             f"{where}.kind is required: the page kind this section runs")
                continue
            if name not in kinds and name in plugin_kinds():
                try:
                    kinds[name] = load_plugin(name, plugin_kinds()[name])  # type: ignore[index]
                except KindError as exc:
                    self.problem(kind_node, where + ".kind", "page-kind-error", str(exc))
                    continue
            if name not in kinds:
                self.problem(kind_node, where + ".kind", "unknown-kind",
                             f"unknown page kind {name!r}; the kinds are "
                             f"{', '.join(sorted(set(kinds) | set(plugin_kinds())))} "
                             f"(a publication's own kinds are listed in page_kinds)")
                continue
            schema = {"kind": Option("the page kind"), **kinds[name].options}
            options = self.mapping(item, schema, where + ".", skip=())
            options.pop("kind", None)
            out.append(Section(name, Options.of(options), item.start_mark.line + 1))
        return out


def schema_reference(kinds: Mapping[str, PageKind]) -> str:
    """Every key of the publication file and every option of every kind, as Markdown."""
    lines = ["| key | default | what it is |", "|---|---|---|"]

    def rows(schema: Mapping[str, Option], prefix: str) -> None:
        for name, option in schema.items():
            default = "required" if option.required else repr(option.default)
            lines.append(f"| `{prefix}{name}` | {default} | {option.doc} |")
            if option.keys:
                rows(option.keys, f"{prefix}{name}.")
            if option.items is not None and option.items.keys:
                rows(option.items.keys, f"{prefix}{name}[].")
    rows(SCHEMA, "")
    for kind in sorted(kinds.values(), key=lambda k: k.name):
        lines.append(f"| **kind `{kind.name}`** | | {kind.origin} |")
        rows(kind.options, f"{kind.name}: ")
    return "\n".join(lines) + "\n"
