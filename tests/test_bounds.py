"""Hostile input that is not wrong but too much (issue 13): alias bombs, deep nesting, huge
blocks, chart labels that look like CSS, and a command line that meets a closed pipe or a
busy port. Each is a problem or one line of error, never a traceback or a machine's memory.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from sitebuild import ROOT, build, make_project
from test_publication import INDICATOR, indicator_publication
from test_updates import TAGS, U, site_data

from generator import charts, front_matter
from generator.content import load_content
from generator.model import RenderError

UPDATE = """---
title: A hostile update
date: 2024-01-01
summary: Nothing to see.
tags: [coverage]
sources:
  - {name: A report, publisher: Someone}
"""


def bomb(levels: int = 9) -> str:
    """The "billion laughs": `levels` lists of nine aliases of the list before (9**9 'lol's)."""
    lines = ["a0: &a0 [" + ", ".join(["lol"] * 9) + "]"]
    for level in range(1, levels):
        lines.append(f"a{level}: &a{level} [" + ", ".join([f"*a{level - 1}"] * 9) + "]")
    return "\n".join(lines) + "\n"


def update_problems(tmp_path: Path, name: str, front: str) -> list[tuple]:
    """The problems of content/updates/`name` (the fixture tags beside it)."""
    folder = tmp_path / "content" / "updates"
    folder.mkdir(parents=True)
    (folder / name).write_text(f"---\n{front}---\n\nText.\n", encoding="utf-8")
    (folder / "tags.yml").write_text(TAGS.read_text(encoding="utf-8"), encoding="utf-8")
    content = load_content(site_data(tmp_path, content=None))
    assert not content.updates
    return [p.key() for p in content.problems]


def test_an_alias_bomb_in_front_matter_is_refused_at_its_first_anchor(tmp_path):
    front = UPDATE.removeprefix("---\n") + bomb()
    assert update_problems(tmp_path, "bomb.md", front) == [
        (U + "bomb.md", 8, None, "yaml-alias")]


def test_a_single_alias_is_refused_too(tmp_path):
    front = UPDATE.removeprefix("---\n").replace("title: A hostile update", "title: &t Hi") + \
        "summary2: *t\n"
    assert update_problems(tmp_path, "alias.md", front) == [
        (U + "alias.md", 2, None, "yaml-alias")]


def test_front_matter_nested_thousands_deep_is_too_deep(tmp_path):
    front = UPDATE.removeprefix("---\n") + "deep: " + "[" * 5000 + "]" * 5000 + "\n"
    assert update_problems(tmp_path, "deep.md", front) == [(U + "deep.md", 8, None, "too-deep")]


def test_block_nesting_is_too_deep_at_its_line(tmp_path):
    # The update's own mapping is level 1; k0's value level 2, starting on line 9 with k1.
    front = UPDATE.removeprefix("---\n") + "".join(
        f"{'  ' * level}k{level}:\n" for level in range(40)) + "  " * 40 + "leaf\n"
    assert update_problems(tmp_path, "nested.md", front) == [
        (U + "nested.md", 8 + front_matter.MAX_DEPTH, None, "too-deep")]


def test_a_huge_front_matter_is_too_large(tmp_path):
    front = UPDATE.removeprefix("---\n") + "note: " + "x" * front_matter.MAX_YAML_BYTES + "\n"
    keys = update_problems(tmp_path, "huge.md", front)
    assert keys == [(U + "huge.md", None, None, "too-large")]


def test_an_alias_bomb_in_the_tag_vocabulary_is_refused(tmp_path):
    data = site_data(tmp_path)
    (tmp_path / "content" / "updates" / "tags.yml").write_text(
        "coverage: Coverage.\n" + bomb(), encoding="utf-8")
    problems = load_content(data).problems
    assert [p.key() for p in problems if p.path.endswith("tags.yml")] == [
        (U + "tags.yml", 2, None, "yaml-alias")]
    assert next(p for p in problems if p.path.endswith("tags.yml")).format().startswith(
        "content/updates/tags.yml:2:-: yaml-alias: the tag vocabulary uses a YAML anchor")


def test_the_problem_lines_say_what_the_limit_is(tmp_path):
    text = "deep: " + "[" * 100 + "]" * 100
    node, problems = front_matter.compose_mapping(text, "x.md", 2, "front matter")
    assert node is None
    assert problems[0].format() == (
        f"x.md:2:-: too-deep: the front matter nests lists and mappings more than "
        f"{front_matter.MAX_DEPTH} deep; at most {front_matter.MAX_DEPTH} levels are read")


def test_printed_keys_are_escaped_without_reading_aliases():
    """escape_printed reads with the same bounds: a bomb is left as it is, never expanded."""
    text = "title: <b>x</b>\n" + bomb()
    assert front_matter.escape_printed(text) == text


def test_a_series_label_that_looks_like_css_is_drawn_as_text(tmp_path):
    """A text label `url(//...)` loads nothing: the chart is published with it as its text."""
    label = "url(//evil.example/x)"
    root = indicator_publication(tmp_path, INDICATOR.replace(
        "{shgs_promoted_lakh: Self-help groups promoted}", f"{{shgs_promoted_lakh: '{label}'}}"))
    result = build(root)
    assert result.published, [p.format() for p in result.problems if p.is_error]
    svg = (root / "site" / "progress" / "progress-chart.svg").read_text(encoding="utf-8")
    assert f">{label}</text>" in svg


def test_a_chart_that_would_load_is_a_render_error_naming_it():
    """A genuinely loading SVG (an image mark) stops the build as a problem, not a crash."""
    spec = {"data": {"values": [{"x": 1, "u": "https://evil.example/a.png"}]},
            "mark": {"type": "image", "width": 10, "height": 10},
            "encoding": {"x": {"field": "x", "type": "quantitative"}, "url": {"field": "u"}}}
    chart = charts.Chart("evil-chart", "Evil", "today", "An image.", spec, pd.DataFrame(),
                         [], [], "nowhere")
    with pytest.raises(RenderError, match="evil-chart"):
        charts.publish(chart, "evil", charts.Renderer())


def test_check_offline_reads_attributes_and_styles_not_text():
    charts.check_offline('<svg xmlns="http://www.w3.org/2000/svg"><g aria-label="url(//x.org/a)">'
                         "<text>url(//x.org/a) @import</text></g></svg>")
    for bad in ('<svg><g style="fill: url( \'//x.org/p#a\')"/></svg>',
                '<svg><rect fill="url(HTTPS://x.org/p.svg#a)"/></svg>',
                "<svg><style>rect { fill: url(//x.org/p#a) }</style></svg>",
                '<svg><image src="//x.org/a.png"/></svg>',
                "<svg><text>not closed</svg>"):
        with pytest.raises(charts.UnsafeChart):
            charts.check_offline(bad)


def run(*args: str, cwd: Path, closed_pipe: bool = False) -> subprocess.CompletedProcess:
    """The real command in `cwd`; with `closed_pipe`, its standard output is a pipe nobody
    reads any more (`| head -1` once head has its line)."""
    command = [sys.executable, "-m", "generator.cli", *args]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    if not closed_pipe:
        return subprocess.run(command, cwd=cwd, capture_output=True, text=True, env=env,
                              timeout=300, check=False)
    reader, writer = os.pipe()
    os.close(reader)
    try:
        return subprocess.run(command, cwd=cwd, stdout=writer, stderr=subprocess.PIPE,
                              text=True, env=env, timeout=300, check=False)
    finally:
        os.close(writer)


@pytest.mark.parametrize("args", [("validate", "--json"), ("diff", "HEAD", "--json")])
def test_a_closed_pipe_ends_the_command_quietly(args):
    result = run(*args, cwd=ROOT, closed_pipe=True)
    assert "Traceback" not in result.stderr and "BrokenPipe" not in result.stderr, result.stderr
    assert result.returncode == 141


def test_serve_on_a_port_in_use_is_one_line_before_any_build(tmp_path):
    project = make_project(tmp_path, ROOT / "tests" / "fixtures" / "site" / "datasets")
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = run("serve", "--port", str(port), cwd=project)
    assert result.returncode == 2
    assert result.stderr == (f"opendata: error: port {port} is in use on 127.0.0.1; stop what "
                             f"is using it or choose another with --port\n")
    assert not (project / "build").exists()


def test_serve_on_an_impossible_port_is_one_line(tmp_path):
    project = make_project(tmp_path, ROOT / "tests" / "fixtures" / "site" / "datasets")
    result = run("serve", "--port", "99999", cwd=project)
    assert result.returncode == 2
    assert result.stderr == ("opendata: error: port 99999 is not a port: expected a number from "
                             "1 to 65535\n")
