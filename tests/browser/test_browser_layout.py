"""Layout on a phone and a desktop, with JavaScript on and off, for one page of every page kind.

The pages are one of each kind the publication's sections make (harness.every_page_kind, from
the registry of page kinds: a new kind is checked without editing this file). On each: no page
scrolls sideways, every chart (an img or svg of the content) fits in the viewport, the footer
says something (licence, date, how to report an error), and no Markdown syntax shows as text.
Each page is measured once per width and JavaScript setting; each test lists every page that
fails it.
"""

from __future__ import annotations

import re

import pytest
from harness import WIDTHS, every_page_kind, origin_of, refuse_outside

SETTINGS = [(width, js) for width in WIDTHS for js in ("js", "no-js")]
# What one page reports about itself (run in the page).
MEASURE = """() => {
  const content = document.querySelector('.md-content') || document.body;
  const charts = [...content.querySelectorAll('img, svg')]
    .filter(el => !el.parentElement.closest('svg'))
    .map(el => {
      const r = el.getBoundingClientRect();
      const name = el.getAttribute('alt') || el.getAttribute('aria-label') || el.id ||
        el.getAttribute('src') || el.getAttribute('class') || el.tagName;
      return {name: String(name).slice(0, 80), left: r.left + window.scrollX,
              right: r.right + window.scrollX, width: r.width, height: r.height};
    })
    .filter(c => c.width > 0 && c.height > 0);
  const footer = document.querySelector('footer.md-footer') ||
    [...document.querySelectorAll('footer')].pop();
  let footerText = '';
  if (footer) {
    const copy = footer.cloneNode(true);
    copy.querySelectorAll('.md-footer__inner, nav').forEach(n => n.remove());  // prev/next
    footerText = copy.textContent.replace(/\\s+/g, ' ').trim();
  }
  const skip = 'pre, code, script, style, noscript, template, textarea, kbd, samp';
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const texts = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (!node.parentElement.closest(skip) && node.textContent.trim())
      texts.push(node.textContent);
  }
  return {scrollWidth: document.scrollingElement.scrollWidth, innerWidth: window.innerWidth,
          charts, footerText, texts};
}"""
# Markdown (and template) syntax that should have been rendered, never shown as text.
MARKDOWN = {
    "table rule |---|": re.compile(r"\|\s*:?-{3,}"),
    "figure reference [[fig": re.compile(r"\[\[\s*fig"),
    "attribute list {:": re.compile(r"\{:"),
    "link [text](target)": re.compile(r"\[[^\]\n]+\]\([^)\s]+\)"),
    "bold **text**": re.compile(r"\*\*[^*\n]+\*\*"),
    "heading # at a line start": re.compile(r"(?m)^\s*#{1,6}\s+\S"),
    "code fence ```": re.compile(r"```"),
    "template {{ or {%": re.compile(r"\{\{|\{%"),
}
DATE = re.compile(r"\b\d{1,2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4}\b|"
                  r"\b\d{4}-\d{2}-\d{2}\b")

# How a footer's word on reporting an error may be put (a site may have no address to link).
REPORT = re.compile(r"report|error|correct|contact|feedback", re.I)


@pytest.fixture(scope="module")
def pages(built_site) -> dict[str, str]:
    """One page of every page kind of the built site: label -> path."""
    found = every_page_kind(built_site.parent)
    assert found, "the sections made no pages"
    return found


@pytest.fixture(scope="module")
def measured(browser, base_url: str, pages: dict[str, str]) -> dict[tuple, dict]:
    """(width, js, label) -> what the page reported, for every setting and page."""
    results = {}
    for width, js in SETTINGS:
        context = browser.new_context(viewport=WIDTHS[width], locale="en-IN",
                                      timezone_id="Asia/Kolkata", service_workers="block",
                                      java_script_enabled=js == "js")
        context.set_default_timeout(30_000)
        refuse_outside(context, origin_of(base_url))
        for label, path in pages.items():
            page = context.new_page()
            response = page.goto(base_url + path, wait_until="load")
            assert response is not None and response.status == 200, (path, response)
            if js == "js":
                page.wait_for_load_state("networkidle", timeout=60_000)
            results[(width, js, label)] = {"path": path, **page.evaluate(MEASURE)}
            page.close()
        context.close()
    return results


def failures(measured: dict, width: str, js: str, check) -> list[str]:
    """One line per page of this setting that `check` finds wrong (check returns a reason)."""
    lines = []
    for (w, j, label), found in sorted(measured.items()):
        if (w, j) == (width, js):
            reason = check(found)
            if reason:
                lines.append(f"{label} ({found['path']}): {reason}")
    return lines


def sideways(found: dict) -> str:
    """Why the page scrolls sideways, or ''."""
    if found["scrollWidth"] > found["innerWidth"]:
        return (f"the page is {found['scrollWidth']} px wide in a {found['innerWidth']} px "
                "viewport: it scrolls sideways")
    return ""


def charts_outside(found: dict) -> str:
    """The charts that do not fit in the viewport, or ''."""
    outside = [f"{c['name']!r} spans {c['left']:.0f}-{c['right']:.0f} px"
               for c in found["charts"]
               if c["left"] < -0.5 or c["right"] > found["innerWidth"] + 0.5]
    return (f"charts outside the {found['innerWidth']} px viewport: " + "; ".join(outside)
            if outside else "")


def footer_lacks(found: dict) -> str:
    """What the footer lacks of licence, date and how to report an error, or ''."""
    text = found["footerText"]
    if not text:
        return "the footer is empty (no licence, source, release date or contact)"
    missing = [what for what, ok in (
        ("the data's licence", re.search(r"licen[cs]e", text, re.I)),
        ("a release date", DATE.search(text)),
        ("how to report an error", REPORT.search(text)),
    ) if not ok]
    return f"the footer lacks {', '.join(missing)} (it says: {text[:120]!r})" if missing else ""


def markdown_shown(found: dict) -> str:
    """Markdown syntax in the page's text (outside code), or ''."""
    hits = []
    for what, pattern in MARKDOWN.items():
        for text in found["texts"]:
            match = pattern.search(text)
            if match:
                start = max(match.start() - 30, 0)
                hits.append(f"{what}: {text[start:match.end() + 30].strip()!r}")
                break
    return "Markdown shown as text: " + "; ".join(hits) if hits else ""


@pytest.mark.parametrize("width, js", SETTINGS)
def test_no_page_scrolls_sideways(measured, width, js):
    """document.scrollingElement.scrollWidth <= innerWidth on every page kind."""
    assert not (lines := failures(measured, width, js, sideways)), "\n".join(lines)


@pytest.mark.parametrize("width, js", SETTINGS)
def test_every_chart_is_within_the_viewport(measured, width, js):
    """Every img and svg of the content lies within the viewport, left and right."""
    assert not (lines := failures(measured, width, js, charts_outside)), "\n".join(lines)


@pytest.mark.parametrize("width, js", SETTINGS)
def test_every_page_has_a_footer_with_content(measured, width, js):
    """The footer names the data's licence, a release date and how to report an error."""
    assert not (lines := failures(measured, width, js, footer_lacks)), "\n".join(lines)


@pytest.mark.parametrize("width, js", SETTINGS)
def test_no_markdown_syntax_is_shown(measured, width, js):
    """No page's text (outside code) shows Markdown: |---|, [[fig, {:, [a](b), **, #, ```."""
    assert not (lines := failures(measured, width, js, markdown_shown)), "\n".join(lines)

