"""Issue 18's quicker checks reach the verdicts of the slow ones they stand in front of: the
sanitiser's quick proof (sanitise._plainly_same) never says "same" where the parser's
proof would not, a chart spec is refused exactly when altair refuses it, and the Releases
changelog is diffed once for every language of a build."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from altair.vegalite.v6.schema.core import Root
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator import charts, sanitise
from generator.config import load_config
from generator.pages import releases
from generator.sitedata import load_site_data
from generator.validate import validate_paths

ROOT = Path(__file__).resolve().parents[1]

# Pieces a page's HTML is made of, plain and not: the quick proof must either decline a mix
# of them or reach the parser's verdict.
PIECES = ["<p>", "</p>", "<P CLASS=\"a\">", "text", " ", "\n", "&amp;", "&para;", "¶", "&#39;",
          "'", "&nbsp;", "\xa0", "<br>", "<br />", "<br/>", '<a href="x">', '<a href="y">',
          "<a href='x'>", "<a href=x>", "</a>", '<svg xmlns="s" xmlns:xlink="l">', "<svg>",
          '<path d="M0"/>', '<path d="M0"></path>', "<p hidden>", '<p hidden="">',
          '<td style="text-align: right;">', '<td style="text-align:right">', "<!-- c -->",
          "<!--c-->", "<!-- -- -->", "<!--->", "<script>x</script>", "<style>p{}</style>",
          "<title>t</title>", "<title><b>t</b></title>", "<textarea>", "</title>", "<", ">",
          "<!DOCTYPE html>", "<?x?>", "<a\xa0href=\"x\">", "<p\x0bclass=\"a\">",
          '<input disabled/>', '<img src="a&amp;b">', '<img src="a&b">', "</ p>", "<:x>"]


def _parser_same(before: str, after: str) -> bool:
    return sanitise._markup(before) == sanitise._markup(after)


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(PIECES), max_size=14), st.lists(st.sampled_from(PIECES),
                                                                 max_size=14))
def test_the_quick_proof_never_says_same_where_the_parser_does_not(first, second):
    before, after = "".join(first), "".join(second)
    if sanitise._plainly_same(before, after):
        assert _parser_same(before, after)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(PIECES), max_size=20))
def test_against_what_nh3_writes_the_verdict_is_the_parsers(pieces):
    held = "".join(pieces)
    cleaned = sanitise._clean(held)
    if sanitise._plainly_same(held, cleaned):
        assert _parser_same(held, cleaned)


def test_a_page_of_the_site_is_proved_quickly():
    """What MkDocs and nh3 write for a page with a chart and a heading link is plain."""
    page = ('<h2 id="a">Bihar &amp; Goa<a class="headerlink" href="#a" title="Permanent '
            'link">&para;</a></h2>\n<p class="x" hidden>UNICEF&#39;s</p>\n'
            '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"'
            ' viewBox="0 0 2 2"><title id="t">A chart</title><path d="M0,0h1"/></svg>\n'
            '<table><tbody><tr><td style="text-align: right;">1</td></tr></tbody></table>')
    cleaned = sanitise._clean(page)
    assert cleaned != page  # nh3 writes its own bytes
    assert sanitise._plainly_same(page, cleaned)
    assert sanitise.clean_html(page) == page


@pytest.mark.parametrize("changed", [
    ('<p>', '<p class="x">'),            # an attribute more
    ('Goa', 'Go a'),                     # a word
    ('<p>', '<div>'),                    # an element
    ('<!--c-->', '<!--d-->'),            # a comment
])
def test_a_difference_is_never_proved_away(changed):
    before = '<p>Goa</p><!--c-->'
    after = before.replace(*changed, 1)
    assert not sanitise._plainly_same(before, after)
    assert not _parser_same(before, after)


def test_text_the_parser_reads_raw_goes_to_the_parser():
    for page in ("<script>a</script>", "<style>p{}</style>", "<title><b>x</b></title>"):
        assert sanitise._plain_tokens(page) is None


def _series_spec(values: list) -> dict:
    return {"$schema": "https://vega.github.io/schema/vega-lite/v6.json",
            "data": {"name": "d"}, "datasets": {"d": values}, "mark": "line",
            "encoding": {"x": {"field": "a", "type": "quantitative"}}}


def _altair_refuses(spec: dict) -> bool:
    try:
        Root.validate({k: v for k, v in spec.items() if k != "config"})
    except jsonschema.ValidationError:
        return True
    return False


@pytest.mark.parametrize("values", [
    [{"a": 1}, {"a": 2}], [1, 2.5], ["a", "b"], [True, False], [], "a,b", {"a": 1},
    [1, "a"], [{"a": 1}, 2], [True, 1], [None], 3, None, [[1]],
])
def test_a_spec_is_refused_exactly_when_altair_refuses_it(values):
    spec = _series_spec(values)
    refused = _altair_refuses(spec)
    if refused:
        with pytest.raises(charts.UnsafeChart, match="not a valid Vega-Lite spec"):
            charts.check_spec(spec)
    else:
        charts.check_spec(spec)


def test_the_message_is_altairs():
    spec = {**_series_spec([{"a": 1}]), "mark": "not-a-mark"}
    with pytest.raises(jsonschema.ValidationError) as altair:
        Root.validate(spec)
    with pytest.raises(charts.UnsafeChart) as ours:
        charts.check_spec(spec)
    assert str(ours.value) == f"not a valid Vega-Lite spec: {altair.value.message}"


def test_the_schema_checks_datasets_as_the_shortcut_assumes():
    """If an altair upgrade changes how `datasets` is checked, the shortcut turns itself off
    (and this test says so)."""
    assert charts._datasets_apart()
    spec = _series_spec([{"a": 1}] * 3)
    assert charts._datasets_checked(spec)["datasets"] == {"d": []}
    assert charts._datasets_checked(_series_spec([1, "a"])) == _series_spec([1, "a"])


def test_a_chart_drawn_by_the_engine_passes():
    import pandas as pd

    points = pd.DataFrame({"date": ["2020-01-01", "2021-01-01"], "series": ["s", "s"],
                           "value": [1, 2], "label": ["1", "2"]})
    marks = pd.DataFrame({"date": [], "label": []})
    spec = charts.series_spec(points, marks, "T", ["sub"], faceted=False)
    charts.check_spec(spec)
    assert not _altair_refuses(spec)
    assert json.dumps(charts._datasets_checked(spec)["datasets"]) != json.dumps(spec["datasets"])


def test_the_changelog_is_diffed_once_for_every_language(monkeypatch):
    calls = []
    real = releases.diff_snapshots

    def counted(*args, **kwargs):
        calls.append(args[1].label)
        return real(*args, **kwargs)

    monkeypatch.setattr(releases, "diff_snapshots", counted)
    config = load_config(ROOT, site_url="")
    validation = validate_paths([config.datasets], ROOT)
    data = load_site_data(config, validation)
    archive, _ = releases.read_archive(ROOT / releases.FOLDER, ROOT)
    current = releases.current_release(data)
    archived = bool(archive.latest and archive.latest.files() == current.files())
    releases._DIFFS.clear()
    first = releases.release_diffs(data, archive, current, archived, "archive-key")
    again = releases.release_diffs(data, archive, current, archived, "archive-key")
    assert again is first and first and len(calls) == len(first)
    releases.release_diffs(data, archive, current, archived, "another-archive")
    assert len(calls) == 2 * len(first)  # another archive: diffed again
    releases.release_diffs(data, archive, current, archived, "")
    assert len(calls) == 3 * len(first)  # nothing names the archive: never kept


@pytest.mark.parametrize("page", [
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></p></noscript>',
    '<!-- a --!><img src="x" onerror="alert(1)"> -->',
    '<textarea><img src="x" onerror="alert(1)"></textarea>',
    '<svg><style><img src="x" onerror="alert(1)"></style></svg>',
    '<math><mtext><table><mglyph><style><img src="x" onerror="alert(1)">',
    '<p title="a">x</p><img src="x" onerror="alert(1)">',
    '<a href="javascript:alert(1)">x</a>',
    '<p>x</p><IMG SRC="x" ONERROR="alert(1)">',
    '<p>x</p><img\nsrc="x"\nonerror="alert(1)">',
])
def test_no_hostile_page_is_proved_clean_by_the_quick_path(page):
    """Markup that runs script, as a browser reads it, never comes back as it was."""
    out = sanitise.clean_html(page)
    assert out != page
    for token in sanitise._markup(out):
        if token[0] == "<":
            names = {name for name, _ in token[2]}
            values = " ".join(value for _, value in token[2]).lower()
            assert token[1] != "script", out
            assert not any(name.startswith("on") for name in names), out
            assert "javascript:" not in values, out
