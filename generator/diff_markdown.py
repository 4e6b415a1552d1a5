"""The Markdown report of a release diff: for `opendata diff` and the Releases page's changelog.

Every value from the data is escaped (markdown.cell / md_text); a blank cell reads "not
reported". Long lists are cut at LIMIT rows with a count of the rest (the JSON has them all).
The report's own words are messages of the engine's catalogue, so the Releases page says them
in its language; the data's names and values stay as they are (English, marked lang="en" on
another language's page). `opendata diff` writes English.
"""

from __future__ import annotations

from markupsafe import Markup

from .diff import ADDED, CHANGED, REMOVED, UNCHANGED, Diff, PackageDiff, ResourceDiff
from .i18n import N_, NOT_REPORTED
from .languages import ENGLISH, Language, english_on
from .markdown import LATIN, cell, in_language, md_text

LIMIT = 100
NONE = "—"
# A package's or table's status, as the report says it.
STATUS = {ADDED: N_("added"), REMOVED: N_("removed"), CHANGED: N_("changed"),
          UNCHANGED: N_("unchanged")}
# The codes of schema changes and anomalies (diff, diff_anomalies) in words, for a page in
# another language than English (English keeps the codes, as `opendata diff` prints them).
CODES = {"field-added": N_("field added"), "field-removed": N_("field removed"),
         "field-retyped": N_("field's type changed"), "unit-changed": N_("unit changed"),
         "constraints-changed": N_("constraints changed"),
         "field-described": N_("field's title or description changed"),
         "primary-key-changed": N_("primary key changed"),
         "foreign-keys-changed": N_("foreign keys changed"),
         "schema-changed": N_("schema changed"), "coverage-down": N_("coverage down"),
         "households-down": N_("households down"), "total-down": N_("total down"),
         "exceeds-total": N_("above its total"), "now-not-reported": N_("no longer reported")}


def format_markdown(diff: Diff, level: int = 1, title: bool = True,
                    limit: int = LIMIT, compact: bool = False,
                    language: Language = ENGLISH) -> str:
    """The whole report in `language`; `level` is the title's heading level, sections go one
    below it.

    `compact` shows resources as bold lines instead of headings (a page's table of contents
    stays short).
    """
    _ = language.gettext
    h = "#" * (level + 1)
    blocks: list[str] = []
    if title:
        blocks.append(f"{'#' * level} " + _("Changes from %(old)s to %(new)s") % {
            "old": code(diff.old), "new": code(diff.new)})
    blocks.append(summary(diff, language))
    if all(p.status == UNCHANGED for p in diff.packages):
        blocks.append(_("No differences: both sides hold the same data and descriptions."))
        return "\n\n".join(blocks) + "\n"
    blocks.append(package_table(diff, language))
    anomalies = diff.anomalies
    if anomalies:
        blocks.append(f"{h} " + _("Anomalies worth a look"))
        blocks.append(_("Changes that deserve a check before anyone quotes the new figures: "
                        "coverage, household counts or totals going down, a count above its "
                        "total, a figure that is no longer reported."))
        rows = [[said_code(a.code, language), f"{p.name}/{r.path}", str(a.line),
                 english(row_text(a.key, a.label), language), code(a.field),
                 value(a.old, language), value(a.new, language),
                 english(md_text(a.message), language)]
                for p, r, a in anomalies]
        blocks.append(table([_("Anomaly"), _("File"), _("Line"), _("Row"), _("Field"),
                             _("Before"), _("After"), _("What")], rows, limit,
                            right={_("Line")}, language=language))
    for package in diff.packages:
        if package.status != UNCHANGED:
            blocks.extend(package_blocks(package, h, limit, compact, language))
    return "\n\n".join(blocks) + "\n"


def said_code(name: str, language: Language) -> str:
    """A change's or an anomaly's code as the report names it: the code itself in English,
    its words in another language (the code, marked English, when it has none)."""
    if language.code == ENGLISH.code:
        return name
    return language.gettext(CODES[name]) if name in CODES else english(md_text(name), language)


def english(text: str, language: Language) -> str:
    """Text of the data (escaped Markdown) as the report shows it: marked lang="en" on another
    language's page when it has a Latin letter, as it is otherwise."""
    return str(in_language(str(text), english_on(language) if LATIN.search(str(text)) else ""))


def summary(diff: Diff, language: Language = ENGLISH) -> str:
    """Two sentences: packages by status, then rows, schema changes and anomalies."""
    _, ngettext = language.gettext, language.ngettext
    statuses = diff.statuses()
    # A count of packages by status ('5 changed'): Hindi says the status in the count's number.
    counted = {ADDED: lambda n: ngettext("%(num)s added", "%(num)s added", n),
               REMOVED: lambda n: ngettext("%(num)s removed", "%(num)s removed", n),
               CHANGED: lambda n: ngettext("%(num)s changed", "%(num)s changed", n),
               UNCHANGED: lambda n: ngettext("%(num)s unchanged", "%(num)s unchanged", n)}
    parts = ", ".join(counted[s](n) % {"num": n} for s, n in statuses.items() if n)
    count, schema, anomalies = (len(diff.packages), diff.total("schema"),
                                diff.total("anomalies"))
    return " ".join((
        ngettext("%(num)s package compared: %(statuses)s.", "%(num)s packages compared: %(statuses)s.",
           count) % {"num": count, "statuses": parts or _("none")},
        _("Rows: %(added)s added, %(removed)s removed, %(changed)s changed;") % {
            "added": diff.total("rows_added"), "removed": diff.total("rows_removed"),
            "changed": diff.total("changed")},
        ngettext("%(num)s schema change;", "%(num)s schema changes;", schema) % {"num": schema},
        ngettext("%(num)s anomaly.", "%(num)s anomalies.", anomalies) % {"num": anomalies}))


def package_table(diff: Diff, language: Language = ENGLISH) -> str:
    """One line per package with its counts."""
    _ = language.gettext
    rows = [[code(p.name), _(STATUS.get(p.status, p.status)), span(p.version), span(p.created),
             str(p.total("rows_added")), str(p.total("rows_removed")), str(p.total("changed")),
             str(p.total("schema")), str(p.total("anomalies"))] for p in diff.packages]
    counts = [_("Rows added"), _("Rows removed"), _("Rows changed"), _("Schema changes"),
              _("Anomalies")]
    return table([_("Package"), _("Status"), _("Version"), _("Released"), *counts], rows, None,
                 right=set(counts), language=language)


def package_blocks(package: PackageDiff, h: str, limit: int, compact: bool,
                   language: Language = ENGLISH) -> list[str]:
    """A package's section: version, date, other properties, then each changed resource."""
    _ = language.gettext
    blocks = [f"{h} {code(package.name)}: {_(STATUS.get(package.status, package.status))}"]
    facts = _("Version %(version)s, released %(date)s.") % {
        "version": span(package.version), "date": span(package.created)}
    if package.metadata:
        facts += " " + _("Other properties changed: %(names)s.") % {
            "names": ", ".join(code(m) for m in package.metadata)}
    blocks.append(facts)
    unchanged = [code(r.name) for r in package.resources if r.status == UNCHANGED]
    for resource in package.resources:
        if resource.status != UNCHANGED:
            blocks.extend(resource_blocks(resource, h + "#", limit, compact, language))
    if unchanged:
        blocks.append(_("Unchanged: %(names)s.") % {"names": ", ".join(unchanged)})
    return blocks


def resource_blocks(r: ResourceDiff, h: str, limit: int, compact: bool,
                    language: Language = ENGLISH) -> list[str]:
    """A resource's section: rows before and after, schema changes, rows added/removed/changed."""
    _ = language.gettext
    if r.status == ADDED:  # "rows" whatever the count, as the report has always said
        rows = _("added, %(num)s rows") % {"num": r.rows_new or 0}
    elif r.status == REMOVED:
        rows = _("removed, had %(num)s rows") % {"num": r.rows_old or 0}
    else:
        rows = _("%(old)s → %(new)s rows") % {"old": r.rows_old, "new": r.rows_new}
    heading = f"{code(r.name)} ({md_text(r.path)}): {rows}"
    blocks = [f"**{heading}**" if compact else f"{h} {heading}"]
    if r.status in (ADDED, REMOVED):
        return blocks
    if r.metadata:
        blocks.append(_("Properties changed: %(names)s.") % {
            "names": ", ".join(code(m) for m in r.metadata)})
    if r.schema:
        blocks.append(_("Schema changes (%(num)s):") % {"num": len(r.schema)})
        blocks.append(table([_("Change"), _("Field"), _("Before"), _("After")],
                            [[said_code(s.change, language), code(s.field) if s.field else NONE,
                              english(md_text(s.old), language) if s.old is not None else NONE,
                              english(md_text(s.new), language) if s.new is not None else NONE]
                             for s in r.schema], limit, language=language))
    key = [code(k) for k in r.key_fields] or [_("Row")]
    for label, line, refs in ((_("Rows added (%(num)s):"), _("Line"), r.added),
                              (_("Rows removed (%(num)s):"), _("Line (old)"), r.removed)):
        if refs:
            blocks.append(label % {"num": len(refs)})
            blocks.append(table([line, *key], [[str(x.line),
                                                *key_cells(r, x.key, x.values, language)]
                                               for x in refs], limit, right={line},
                                language=language))
    if r.changed:
        blocks.append(_("Rows changed (%(num)s):") % {"num": len(r.changed)})
        rows = [[str(c.new_line), *key_cells(r, c.key, (), language), code(x.field),
                 value(x.old, language), value(x.new, language)]
                for c in r.changed for x in c.changes]
        blocks.append(table([_("Line"), *key, _("Field"), _("Before"), _("After")], rows, limit,
                            right={_("Line")}, language=language))
    return blocks


def key_cells(r: ResourceDiff, key: tuple[str, ...],
              values: tuple[tuple[str, str], ...], language: Language = ENGLISH) -> list[str]:
    """A row's key cells; a keyless table shows the whole row in one cell."""
    if r.key_fields:
        return [value(k, language) for k in key]
    return [english(md_text(", ".join(v for _, v in values)), language)]


def table(header: list[str], rows: list[list[str]], limit: int | None,
          right: set[str] | None = None, language: Language = ENGLISH) -> str:
    """A Markdown table, cut after `limit` rows with a line saying how many were left out."""
    right = right or set()
    lines = ["| " + " | ".join(header) + " |",
             "|" + "|".join("---:" if h in right else "---" for h in header) + "|"]
    shown = rows if limit is None else rows[:limit]
    lines.extend("| " + " | ".join(row) + " |" for row in shown)
    text = "\n".join(lines)
    if len(shown) < len(rows):
        text += "\n\n" + language.gettext(
            "… and %(num)s more lines (`opendata diff --json` lists them all).") % {
            "num": len(rows) - len(shown)}
    return text


def code(text: str) -> str:
    """A name as inline code, or as escaped text when it could break the code span or table."""
    if not text or any(c in text for c in "`|\n\r<"):
        return md_text(text)
    return f"`{text}`"


def value(text: str | None, language: Language = ENGLISH) -> str:
    """A published cell: escaped; blank reads 'not reported'; None (no old value) a dash."""
    if text is None:
        return NONE
    if not text.strip():
        return str(cell(text, language.gettext(NOT_REPORTED)))
    return english(cell(text), language)


def row_text(key: tuple[str, ...], label: str) -> Markup:
    """A row for people: its key, with its state or place name when it has one."""
    text = ", ".join(key)
    return md_text(f"{text} ({label})" if label else text)


def span(pair: tuple[str | None, str | None]) -> str:
    """'1.0.0 → 1.1.0', or '1.0.0' when unchanged; a dash for a missing side."""
    old, new = (md_text(v) if v is not None else NONE for v in pair)
    return str(new) if pair[0] == pair[1] else f"{old} → {new}"
