"""What goes into the search index (mkdocs_pages.SearchScope): titles and prose, not table cells."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sitebuild import MINIMAL_MKDOCS

from generator.config import load_config
from generator.figures import NOTES_TITLE, render_notes
from generator.mkdocs_pages import PAGE_TEXT_BUDGET, REPEAT_PAGES, site_entries
from generator.mkdocs_site import run_mkdocs

PAGES = {
    "index.md": """---
title: Home page
---

<!-- generated -->

[Home](index.md) › Crumbtrail

# Heading one

Prose about Kerala.

| State | Value |
|---|---|
| Tablecellstate | 12 |

## [Teaser of the post](post.md)

Teaserwords of the post.

## [Section about an anchor](#heading-one)

Anchorlinkwords stay.
""",
    "post.md": """# The post

Postwords.

## Datasets {: data-search-exclude="apparatus" }

Apparatuswords.
""",
    "rows/row.md": """---
title: "Rowname, Somestate: villages"
description: "Village totals of Rowname."
search:
  summary: true
---

[Home](../index.md) › Rowcrumb

# Rowname

Rowsummarywords.

## Blocks

Blockwords.

| Block | Value |
|---|---|
| Blockcell | 3 |
""",
    "notes.md": "# Notes page\n\nNoteprose.\n\n" + render_notes([], "notes.md") + "\n",
    "long.md": "# A long list\n\n" + "".join(
        f"## Entry {n:02d}\n\nEntrytext{n:02d} " + "word " * 200 + "\n\n" for n in range(40)),
    "merged.md": """---
title: "The merged page: a longer title"
---

[Home](index.md) › Mergedcrumb

# The merged page

Mergedprose.

## Later section

Laterwords.
""",
    "hindi.md": "# बिहार\n\nबिहार के गाँवों में नल का पानी।\n",
    # REPEAT_PAGES pages with the same note, and one paragraph on one page fewer.
    **{f"same/page-{n:02d}.md": f"""# Same page {n:02d}

Ownwords{n:02d}.

A note every page of this kind carries, word for word.

{"A note on all but one of them." if n else "Something else."}

- Repeateditem of a list
- Ownitem{n:02d}

## Download

The same download line under every page.
""" for n in range(REPEAT_PAGES)},
}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[dict]]:
    """A small site built by the MkDocs stage; its folder and its search entries."""
    root = tmp_path_factory.mktemp("search-scope")
    (root / "mkdocs.yml").write_text(MINIMAL_MKDOCS.format(name="Search scope"), "utf-8")
    docs = root / "build" / "docs"
    for path, text in PAGES.items():
        (docs / path).parent.mkdir(parents=True, exist_ok=True)
        (docs / path).write_text(text, encoding="utf-8")
    run_mkdocs(load_config(root), docs, root / "site", 0)
    index = json.loads((root / "site" / "search" / "search_index.json").read_text("utf-8"))
    return root / "site", index["docs"]


def words(entries: list[dict]) -> str:
    """Every title and text of the entries, as one string."""
    return " ".join(e["title"] + " " + e["text"] for e in entries)


def test_table_cells_are_left_out_and_prose_stays(built):
    """A table's cells are not indexed; the page's title, headings and paragraphs are."""
    _, entries = built
    text = words(entries)
    assert "Tablecellstate" not in text and "Blockcell" not in text
    assert "Prose about Kerala." in text and "Heading one" in text


def test_the_marks_do_not_reach_the_published_html(built):
    """The data-search-exclude marks are for the index only: the pages carry none."""
    site, _ = built
    for page in ("index.html", "post.html", "rows/row.html"):
        html = (site / page).read_text(encoding="utf-8")
        assert "data-search-exclude" not in html, page
        assert "Tablecellstate" in html or page != "index.html"


def test_a_teaser_is_left_out_and_its_page_is_indexed(built):
    """A section whose heading links to another page is not indexed; that page is."""
    _, entries = built
    assert "Teaserwords" not in words(entries)
    assert not [e for e in entries if e["title"] == "Teaser of the post"]
    assert any(e["location"] == "post.html" and "Postwords" in e["text"] for e in entries)
    # A heading that links to an anchor of its own page is no teaser.
    assert "Anchorlinkwords stay." in words(entries)


def test_the_breadcrumb_before_the_first_heading_is_not_indexed(built):
    """Text before the h1 is dropped; a page that starts with its h1 keeps the h1's text."""
    _, entries = built
    assert "Crumbtrail" not in words(entries) and "Rowcrumb" not in words(entries)
    home = next(e for e in entries if e["location"] == "index.html")
    assert home == {"location": "index.html", "title": "Home page", "text": ""}
    post = next(e for e in entries if e["location"] == "post.html")
    assert post["text"] == "<p>Postwords.</p>"


def test_an_excluded_heading_leaves_out_its_section(built):
    """Material's data-search-exclude on a heading (update posts' Datasets) drops that section."""
    _, entries = built
    assert "Apparatuswords" not in words(entries)
    assert not [e for e in entries if e["title"] == "Datasets"]


def test_a_summary_page_is_its_title_and_headings(built):
    """search: {summary: true}: one entry with the title (its key values), then h2-h6 titles
    only; the description (one sentence of the template per row) stays out."""
    _, entries = built
    rows = [e for e in entries if e["location"].startswith("rows/row.html")]
    assert rows == [
        {"location": "rows/row.html", "title": "Rowname, Somestate: villages", "text": ""},
        {"location": "rows/row.html#blocks", "title": "Blocks", "text": ""},
    ]


def test_the_h1_is_the_pages_own_entry(built):
    """After a breadcrumb, the page's entry takes its h1's text: one entry at the page's URL,
    none at the h1's anchor; the longer title is kept. A page whose title and h1 differ
    (the home page) keeps both entries."""
    _, entries = built
    merged = [e for e in entries if e["location"].startswith("merged.html")]
    assert merged == [
        {"location": "merged.html", "title": "The merged page: a longer title",
         "text": "<p>Mergedprose.</p>"},
        {"location": "merged.html#later-section", "title": "Later section",
         "text": "<p>Laterwords.</p>"},
    ]
    assert any(e["location"] == "index.html#heading-one" for e in entries)


def test_a_block_on_many_pages_is_indexed_once(built):
    """A paragraph or list item on REPEAT_PAGES pages is in the first page's entry only; one
    on fewer pages stays on each; every page keeps its own words."""
    _, entries = built
    same = [e for e in entries if e["location"].startswith("same/")]
    texts = [e["text"] for e in same]
    note = "<p>A note every page of this kind carries, word for word.</p>"
    assert sum(note in t for t in texts) == 1
    assert note in same[0]["text"] and same[0]["location"] == "same/page-00.html"
    assert sum("<li>Repeateditem of a list</li>" in t for t in texts) == 1
    assert sum("<p>A note on all but one of them.</p>" in t for t in texts) == REPEAT_PAGES - 1
    for n in range(REPEAT_PAGES):
        page = [e for e in same if e["location"].startswith(f"same/page-{n:02d}.html")]
        assert f"Ownwords{n:02d}." in words(page) and f"Ownitem{n:02d}" in words(page)
        assert "<li>Ownitem" in page[0]["text"] and "<ul>" in page[0]["text"]


def test_a_section_entry_that_repeats_another_is_left_out(built):
    """Once its repeated line is gone, a section with the title and (no) text of an earlier
    one adds no word: only the first with the line and the first without it are indexed."""
    _, entries = built
    downloads = [e for e in entries if e["location"].startswith("same/")
                 and e["title"] == "Download"]
    assert [e["location"] for e in downloads] == ["same/page-00.html#download",
                                                  "same/page-01.html#download"]
    assert downloads[0]["text"] == "<p>The same download line under every page.</p>"
    assert downloads[1]["text"] == ""
    # Every page keeps its own entry, the one the theme groups its sections under.
    pages = {e["location"] for e in entries if e["location"].startswith("same/")}
    assert {f"same/page-{n:02d}.html" for n in range(REPEAT_PAGES)} <= pages


def test_the_index_is_utf8_without_escapes(built):
    """Devanagari is written as UTF-8 (3 bytes a letter), not as \\u escapes (6 bytes); the
    offline copy (search_index.js) holds the same index."""
    site, entries = built
    raw = (site / "search" / "search_index.json").read_text(encoding="utf-8")
    assert "बिहार के गाँवों में नल का पानी।" in raw and "\\u09" not in raw
    assert any(e["location"] == "hindi.html" and e["title"] == "बिहार" for e in entries)
    offline = (site / "search" / "search_index.js").read_text(encoding="utf-8")
    assert offline == f"var __index = {raw}"


def test_site_entries_keeps_page_entries_and_first_places():
    """site_entries on its own: the first place of a repeated block keeps it, a page's own
    entry (no anchor) is never left out, and an entry that is not repeated is untouched."""
    block = "<p>Repeated.</p>"
    entries = []
    for n in range(REPEAT_PAGES):
        entries += [{"location": f"p{n}.html", "title": "Same", "text": f"{block} <p>Own {n}.</p>"},
                    {"location": f"p{n}.html#s", "title": "S", "text": f"<ul> <li>{n}</li> </ul>"}]
    entries.append({"location": "last.html", "title": "Same", "text": block})
    kept = site_entries(entries)
    assert kept[0] == entries[0]
    assert [e["location"] for e in kept] == [e["location"] for e in entries]
    assert [e["text"] for e in kept[2::2]] == [f"<p>Own {n}.</p>" for n in range(1, REPEAT_PAGES)
                                               ] + [""]
    assert all(kept[i] is entries[i] for i in range(1, len(entries), 2))


def test_figure_notes_are_not_indexed(built):
    """The notes on where a page's figures come from stay out; the page's prose is in."""
    _, entries = built
    notes = [e for e in entries if e["location"].startswith("notes.html")]
    assert NOTES_TITLE not in words(notes)
    assert "Noteprose." in words(notes)


def test_a_long_page_keeps_its_titles_past_the_budget(built):
    """Past PAGE_TEXT_BUDGET characters a page's sections are indexed by their titles alone."""
    _, entries = built
    long = [e for e in entries if e["location"].startswith("long.html#entry")]
    assert [e["title"] for e in long] == [f"Entry {n:02d}" for n in range(40)]
    with_text = [e for e in long if e["text"]]
    assert "Entrytext00" in with_text[0]["text"]
    assert 0 < len(with_text) < len(long)
    assert sum(len(e["text"]) for e in long) <= PAGE_TEXT_BUDGET
    assert all(not e["text"] for e in long[len(with_text):])
