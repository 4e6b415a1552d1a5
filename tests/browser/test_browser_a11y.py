"""Accessibility: axe-core (self-hosted, from the axe-playwright-python package) on every page kind."""

from __future__ import annotations

import pytest
from harness import A11Y_FINDINGS, PAGE_KINDS, WIDTHS

# Rules switched off, each with the reason. Keep this empty unless a rule is wrong for this site.
DISABLED_RULES: dict[str, str] = {}
# Rules checked at desktop width only, each with the reason.
DESKTOP_ONLY_RULES: dict[str, str] = {
    # The palette is the same at every width, and this rule takes most of axe's time (seconds
    # on a page of tables): checking it once per page kind is enough.
    "color-contrast": "colours do not depend on the width; checked at desktop",
    "link-in-text-block": "compares link and text colours, as color-contrast does; checked at desktop",
}
BLOCKING = ("serious", "critical")


def run_axe(page, disabled: dict[str, str]) -> list[dict]:
    """axe-core's violations on the page as it is now, without the `disabled` rules."""
    from axe_playwright_python.base import AXE_SCRIPT

    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_SCRIPT)
    options = {"resultTypes": ["violations"],
               "rules": {rule: {"enabled": False} for rule in disabled}}
    return page.evaluate("options => axe.run(document, options)", options)["violations"]


def describe(violation: dict, where: str, limit: int = 3) -> list[str]:
    """Lines for one rule: page, rule, impact, the first few offending elements and why."""
    nodes = violation["nodes"]
    lines = [f"{where}: {violation['id']} ({violation['impact']}, {len(nodes)} elements): "
             f"{violation['help']}"]
    for node in nodes[:limit]:
        target = " ".join(str(t) for t in node["target"])
        why = " ".join((node.get("failureSummary") or "").split())
        lines.append(f"    {target}: {node['html'][:140]} -- {why[:240]}")
    if len(nodes) > limit:
        lines.append(f"    ... and {len(nodes) - limit} more")
    return lines


@pytest.mark.parametrize("width", list(WIDTHS))
@pytest.mark.parametrize("kind", list(PAGE_KINDS))
def test_no_serious_accessibility_violations(visit, kind, width):
    """axe-core finds no serious or critical violation on the page of each kind at each width."""
    tab = visit(kind, width)
    where = f"{tab.page.url.removeprefix(tab.base_url)} at {width}"
    disabled = {**DISABLED_RULES, **(DESKTOP_ONLY_RULES if width != "desktop" else {})}
    violations = run_axe(tab.page, disabled)
    blocking = [line for v in violations if v["impact"] in BLOCKING for line in describe(v, where)]
    A11Y_FINDINGS.extend(line for v in violations if v["impact"] not in BLOCKING
                         for line in describe(v, where, limit=1))
    assert blocking == [], "axe-core violations:\n" + "\n".join(blocking)


def test_previews_laid_out_away_from_the_screen_pass_axe(open_tab):
    """axe reads the geometry of what it checks, which lays out a row preview that was never
    near the screen (content-visibility) without drawing it. Measured so, in whatever order the
    tests ran before, every preview that overflows already has its tab stop."""
    tab = open_tab("phone")
    tab.goto("data/jjm-coverage/index.html")
    laid_out = tab.page.evaluate("""() => [...document.querySelectorAll(
        '.od-table-wrap:has(> table.od-data)')].filter(el => {
            el.querySelector('td').getBoundingClientRect();
            return el.scrollWidth > el.clientWidth + 1}).length""")
    assert laid_out > 2
    violations = run_axe(tab.page, {**DISABLED_RULES, **DESKTOP_ONLY_RULES})
    assert [v["id"] for v in violations if v["impact"] in BLOCKING] == []
