"""The Markdown report of a release diff: for `opendata diff` and the Releases page's changelog.

Every value from the data is escaped (markdown.cell / md_text); a blank cell reads "not
reported". Long lists are cut at LIMIT rows with a count of the rest (the JSON has them all).
"""

from __future__ import annotations

from markupsafe import Markup

from .diff import ADDED, REMOVED, UNCHANGED, Diff, PackageDiff, ResourceDiff
from .markdown import cell, md_text

LIMIT = 100
NONE = "—"


def format_markdown(diff: Diff, level: int = 1, title: bool = True,
                    limit: int = LIMIT, compact: bool = False) -> str:
    """The whole report; `level` is the title's heading level, sections go one below it.

    `compact` shows resources as bold lines instead of headings (a page's table of contents
    stays short).
    """
    h = "#" * (level + 1)
    blocks: list[str] = []
    if title:
        blocks.append(f"{'#' * level} Changes from {code(diff.old)} to {code(diff.new)}")
    blocks.append(summary(diff))
    if all(p.status == UNCHANGED for p in diff.packages):
        blocks.append("No differences: both sides hold the same data and descriptions.")
        return "\n\n".join(blocks) + "\n"
    blocks.append(package_table(diff))
    anomalies = diff.anomalies
    if anomalies:
        blocks.append(f"{h} Anomalies worth a look")
        blocks.append("Changes that deserve a check before anyone quotes the new figures: "
                      "coverage, household counts or totals going down, a count above its "
                      "total, a figure that is no longer reported.")
        rows = [[a.code, f"{p.name}/{r.path}", str(a.line), row_text(a.key, a.label),
                 code(a.field), value(a.old), value(a.new), md_text(a.message)]
                for p, r, a in anomalies]
        blocks.append(table(["Anomaly", "File", "Line", "Row", "Field", "Before", "After",
                             "What"], rows, limit, right={"Line"}))
    for package in diff.packages:
        if package.status != UNCHANGED:
            blocks.extend(package_blocks(package, h, limit, compact))
    return "\n\n".join(blocks) + "\n"


def summary(diff: Diff) -> str:
    """Two sentences: packages by status, then rows, schema changes and anomalies."""
    statuses = diff.statuses()
    parts = ", ".join(f"{n} {s}" for s, n in statuses.items() if n)
    count = len(diff.packages)
    return (f"{count} package{'s' if count != 1 else ''} compared: {parts or 'none'}. "
            f"Rows: {diff.total('rows_added')} added, {diff.total('rows_removed')} removed, "
            f"{diff.total('changed')} changed; {diff.total('schema')} schema "
            f"change{'s' if diff.total('schema') != 1 else ''}; "
            f"{diff.total('anomalies')} anomal{'ies' if diff.total('anomalies') != 1 else 'y'}.")


def package_table(diff: Diff) -> str:
    """One line per package with its counts."""
    rows = [[code(p.name), p.status, span(p.version), span(p.created),
             str(p.total("rows_added")), str(p.total("rows_removed")), str(p.total("changed")),
             str(p.total("schema")), str(p.total("anomalies"))] for p in diff.packages]
    return table(["Package", "Status", "Version", "Released", "Rows added", "Rows removed",
                  "Rows changed", "Schema changes", "Anomalies"], rows, None,
                 right={"Rows added", "Rows removed", "Rows changed", "Schema changes",
                        "Anomalies"})


def package_blocks(package: PackageDiff, h: str, limit: int, compact: bool) -> list[str]:
    """A package's section: version, date, other properties, then each changed resource."""
    blocks = [f"{h} {code(package.name)}: {package.status}"]
    facts = f"Version {span(package.version)}, released {span(package.created)}."
    if package.metadata:
        facts += " Other properties changed: " + ", ".join(code(m) for m in package.metadata) + "."
    blocks.append(facts)
    unchanged = [code(r.name) for r in package.resources if r.status == UNCHANGED]
    for resource in package.resources:
        if resource.status != UNCHANGED:
            blocks.extend(resource_blocks(resource, h + "#", limit, compact))
    if unchanged:
        blocks.append("Unchanged: " + ", ".join(unchanged) + ".")
    return blocks


def resource_blocks(r: ResourceDiff, h: str, limit: int, compact: bool) -> list[str]:
    """A resource's section: rows before and after, schema changes, rows added/removed/changed."""
    if r.status == ADDED:
        rows = f"added, {r.rows_new or 0} rows"
    elif r.status == REMOVED:
        rows = f"removed, had {r.rows_old or 0} rows"
    else:
        rows = f"{r.rows_old} → {r.rows_new} rows"
    heading = f"{code(r.name)} ({md_text(r.path)}): {rows}"
    blocks = [f"**{heading}**" if compact else f"{h} {heading}"]
    if r.status in (ADDED, REMOVED):
        return blocks
    if r.metadata:
        blocks.append("Properties changed: " + ", ".join(code(m) for m in r.metadata) + ".")
    if r.schema:
        blocks.append(f"Schema changes ({len(r.schema)}):")
        blocks.append(table(["Change", "Field", "Before", "After"],
                            [[s.change, code(s.field) if s.field else NONE,
                              md_text(s.old) if s.old is not None else NONE,
                              md_text(s.new) if s.new is not None else NONE]
                             for s in r.schema], limit))
    key = [code(k) for k in r.key_fields] or ["Row"]
    for label, refs in (("Rows added", r.added), ("Rows removed", r.removed)):
        if refs:
            line = "Line" if label == "Rows added" else "Line (old)"
            blocks.append(f"{label} ({len(refs)}):")
            blocks.append(table([line, *key], [[str(x.line), *key_cells(r, x.key, x.values)]
                                               for x in refs], limit, right={line}))
    if r.changed:
        blocks.append(f"Rows changed ({len(r.changed)}):")
        rows = [[str(c.new_line), *key_cells(r, c.key, ()), code(x.field), value(x.old),
                 value(x.new)] for c in r.changed for x in c.changes]
        blocks.append(table(["Line", *key, "Field", "Before", "After"], rows, limit,
                            right={"Line"}))
    return blocks


def key_cells(r: ResourceDiff, key: tuple[str, ...],
              values: tuple[tuple[str, str], ...]) -> list[str]:
    """A row's key cells; a keyless table shows the whole row in one cell."""
    if r.key_fields:
        return [value(k) for k in key]
    return [md_text(", ".join(v for _, v in values))]


def table(header: list[str], rows: list[list[str]], limit: int | None,
          right: set[str] | None = None) -> str:
    """A Markdown table, cut after `limit` rows with a line saying how many were left out."""
    right = right or set()
    lines = ["| " + " | ".join(header) + " |",
             "|" + "|".join("---:" if h in right else "---" for h in header) + "|"]
    shown = rows if limit is None else rows[:limit]
    lines.extend("| " + " | ".join(row) + " |" for row in shown)
    text = "\n".join(lines)
    if len(shown) < len(rows):
        text += (f"\n\n… and {len(rows) - len(shown)} more lines "
                 "(`opendata diff --json` lists them all).")
    return text


def code(text: str) -> str:
    """A name as inline code, or as escaped text when it could break the code span or table."""
    if not text or any(c in text for c in "`|\n\r<"):
        return md_text(text)
    return f"`{text}`"


def value(text: str | None) -> str:
    """A published cell: escaped; blank reads 'not reported'; None (no old value) a dash."""
    return NONE if text is None else str(cell(text))


def row_text(key: tuple[str, ...], label: str) -> Markup:
    """A row for people: its key, with its state or place name when it has one."""
    text = ", ".join(key)
    return md_text(f"{text} ({label})" if label else text)


def span(pair: tuple[str | None, str | None]) -> str:
    """'1.0.0 → 1.1.0', or '1.0.0' when unchanged; a dash for a missing side."""
    old, new = (md_text(v) if v is not None else NONE for v in pair)
    return str(new) if pair[0] == pair[1] else f"{old} → {new}"
