"""The search index from search_index.ScanIndex is the theme's own, byte for byte."""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace

import pytest
from material.plugins.search.plugin import SearchIndex
from sitebuild import MINIMAL_MKDOCS

from generator import search_index
from generator.config import load_config
from generator.mkdocs_site import run_mkdocs

PAGE = """---
title: Page {n}
---

<!-- generated -->

Before the first heading &amp; its <sub>sub</sub> and <sup>sup</sup>.

# Heading {n} & more

Prose with `code`, **bold** and a [link](#more-ones) &lt;not a tag&gt;.

<div markdown="1" class="outer">

## Nested heading {n}

Inside a block.

</div>

After the block, back in the section before it.

### More ones

- An item
- Another *item*
    1. nested
    2. list

```
line one
    indented   line

last
```

| State | Value |
|---|---|
| Tablecell | {n} |

!!! note "An admonition"

    Its text, with a line
    break in it.

## Empty bits

<p>  </p>

Text a < b and c > d, 5 &gt; 4.
"""

HTML = [  # shapes the regex scan reads, and shapes it leaves to the theme's parser
    '<h1 id="a">Title <a class="headerlink" href="#a">¶</a></h1><p>Text</p>',
    '<p>Before</p><h2 id="b">Two</h2><p>x <em>y</em></p><div><h3 id="c">Three</h3>'
    '<p>in</p></div><p>out</p>',
    '<div data-search-exclude><p>hidden</p><div>inner</div> shown?</div><p>after</p>',
    '<h2 id="x" data-search-exclude="y">Gone</h2><p>gone too</p><h2 id="z">Kept</h2>',
    '<table class="linenodiv"><tr><td>1</td></tr></table><pre><code>a\n\n  b  </code></pre>',
    '<P CLASS="X">Upper <BR/>case</P><img src="a.png" alt="a &amp; b"/><br><hr />',
    '<pre><span>a</span><span> </span><span>\n</span>b</pre><p> </p><p> </p>',
    '<ul><li> </li><li>one</li></ul><ol>\n</ol><code></code>',
    '<p>a &amp; b &lt;c&gt; &#169; &copy d</p><!-- a -- comment --><p>e</p>',
    '<script type="text/javascript">if (a < b) { x = "</p>"; }</script><p>s</p>'
    '<style>p > a {}</style><p>t</p>',
    "<p>single 'quoted' <a href='x'>value</a></p>",  # the theme's parser
    '<p>a < b</p><p>c <d</p>',  # the theme's parser
    '<p>unclosed <!-- comment',  # the theme's parser
    '<p>bare <input disabled value=x></p>',  # the theme's parser
    '<h2 id="q">No h1 first</h2><p>text</p><h1 id="r">Then h1</h1>',
    'Text only, no tags &amp; no end',
    '',
]


def entries(index_type: type[SearchIndex], html: str) -> str:
    """The index entries of one page of HTML, as JSON."""
    index = index_type(lang=["en"], separator=r"[\s\-]+", pipeline=[], fields={})
    index.add_entry_from_context(SimpleNamespace(content=html, toc=[], url="page/",
                                                 meta={}, title="Page"))
    return json.dumps(index.entries)


@pytest.mark.parametrize("html", HTML)
def test_the_entries_of_a_page_are_the_themes(html: str) -> None:
    assert entries(search_index.ScanIndex, html) == entries(SearchIndex, html)


def test_the_plain_shape_is_scanned_and_others_go_to_the_themes_parser() -> None:
    scanned = [search_index._tokens(html) is not None for html in HTML]
    assert scanned == [True] * 10 + [False] * 4 + [True] * 3


def build(root: Path, docs: Path, site: Path) -> bytes:
    """The search index of the pages built into `site`."""
    run_mkdocs(load_config(root), docs, site, 0)
    return (site / "search" / "search_index.json").read_bytes()


def test_a_site_has_the_same_search_index_bytes_both_ways(tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "mkdocs.yml").write_text(MINIMAL_MKDOCS.format(name="Scan"), "utf-8")
    docs = tmp_path / "build" / "docs"
    docs.mkdir(parents=True)
    for n in range(3):
        (docs / f"page{n}.md").write_text(PAGE.format(n=n), encoding="utf-8")
    (docs / "index.md").write_text("# Home\n\n" + "".join(f"- [Page {n}](page{n}.md)\n"
                                                          for n in range(3)), encoding="utf-8")
    scanned = []
    sections = search_index.sections
    monkeypatch.setattr(search_index, "sections", lambda html: scanned.append(html)
                        or sections(html))
    faster = build(tmp_path, docs, tmp_path / "scan")
    assert len(scanned) == 4 and all(search_index._tokens(html) for html in scanned)
    monkeypatch.setattr(search_index.FasterSearch, "on_config", lambda self, config: config)
    theirs = build(tmp_path, docs, tmp_path / "theme")
    assert faster == theirs
    assert b"Nested heading 1" in faster and b"indented   line" in faster
