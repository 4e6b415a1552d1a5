"""series_spec without altair's objects and check_spec's faster anyOf (issue 18): the same
spec, key for key and in the same order, as the altair chart it replaced; the same specs
refused as by jsonschema's own Draft 7 validator."""

from __future__ import annotations

import copy
import json
import random
from pathlib import Path

import altair as alt
import jsonschema
import pandas as pd
import pytest

from generator import charts, i18n, languages
from generator.charts import NARROW_WIDTH, SERIES_COLOURS, _low_near, _middle, _rising, chart_title, finish

ROOT = Path(__file__).resolve().parent.parent


def altair_series_spec(points, marks, title, subtitle, faceted, width=520, narrow=False,
                       language=languages.ENGLISH):
    """series_spec as it was written with altair (generator/charts.py before issue 18's
    rewrite), kept here only as the reference the new one must equal."""
    if narrow:
        width = NARROW_WIDTH - 86
    total = width + 86
    order = list(dict.fromkeys(points["series"]))
    colour = alt.Color("series:N", title=None, legend=None if faceted or len(order) < 2 else alt.Legend(
        orient="bottom", direction="vertical", **({"labelLimit": total - 40} if narrow else {})),
        scale=alt.Scale(
        domain=order, range=(SERIES_COLOURS * (1 + len(order) // len(SERIES_COLOURS)))[
            :max(len(order), 1)]))
    years = (pd.concat([points["date"], marks["date"]]).astype(str).str[:4].astype(int)
             if len(points) or len(marks) else pd.Series([2000]))
    step = 2 if narrow and years.max() - years.min() > 5 else 1
    x = alt.X("date:T", title=None, scale=alt.Scale(type="utc", padding=24),
              axis=alt.Axis(format="%Y", formatType="utc", labelAngle=0,
                            tickCount={"interval": "year", "step": step} if step > 1 else "year"))
    y = alt.Y("value:Q", title=None, scale=alt.Scale(zero=True), axis=alt.Axis(tickCount=4))
    ends = points.groupby("series", sort=False)["date"].transform(
        lambda dates: dates.isin([dates.min(), dates.max()])) if len(points) else points["date"]
    frame = points.assign(label=points["label"].where(ends, "")) if len(points) else points
    base = alt.Chart(frame).encode(x=x, y=y, color=colour)
    layers = [base.mark_line(strokeWidth=2), base.mark_point(filled=True, size=55, opacity=1)]
    text = {"align": "left", "dx": 6, "dy": -8}
    if len(frame):
        first = frame["date"] == frame.groupby("series", sort=False)["date"].transform("min")
        last = frame["date"] == frame.groupby("series", sort=False)["date"].transform("max")
        below = first & frame["series"].map(_rising(frame))
        placed = [(below, {**text, "dy": 14}),
                  (~below & ~(last & narrow), text),
                  (~below & last & narrow, {"align": "right", "dx": -4, "dy": -14})]
        layers += [alt.Chart(frame[rows]).mark_text(**where).encode(
                       x=x, y=y, color=colour, text="label:N")
                   for rows, where in placed if rows.any()]
    else:
        layers.append(base.mark_text(**text).encode(text="label:N"))
    per_series = len(layers)
    height = 110 if faceted else 240
    if len(marks):
        late = (marks["date"].astype(str) > _middle(points, marks) if narrow
                else pd.Series(False, index=marks.index))
        top = _low_near(points, marks)
        layers.append(alt.Chart(marks).mark_rule(strokeDash=[4, 3], color="#555555")
                      .encode(x=x))
        layers += [alt.Chart(marks[side & (top if high else ~top)]).mark_text(
                       align=align, dx=dx, dy=3 if high else -3,
                       baseline="top" if high else "bottom", color="#333333").encode(
                       x=x, y=alt.value(0 if high else height), text="label:N")
                   for side, align, dx in ((~late, "left", 4), (late, "right", -4))
                   for high in (False, True) if (side & (top if high else ~top)).any()]
    heading = chart_title(title, subtitle, total)
    if not faceted:
        chart = alt.layer(*layers).properties(width=width, height=height, title=heading)
        return finish(chart, narrow, language)
    panels = [alt.layer(*[layer.transform_filter(alt.datum.series == name) for layer in
                          layers[:per_series]],
                        *layers[per_series:per_series + 1 if number else None]).properties(
        width=width, height=height, title=alt.Title(charts._lines(charts.wrap(name, total - 20, 13)),
                                                    anchor="start", fontSize=13))
        for number, name in enumerate(order)]
    chart = alt.vconcat(*panels, spacing=16, title=heading).resolve_scale(
        x="shared", y="independent")
    return finish(chart, narrow, language)


@pytest.fixture(scope="module")
def hindi() -> languages.Language:
    catalogue, _ = i18n.load_catalogue("hi", ROOT)
    return languages.make("hi", catalogue, default=False)


def points_of(series: dict[str, list[tuple[str, float]]]) -> pd.DataFrame:
    rows = [{"date": date, "series": name, "value": value, "label": f"{value:g}%"}
            for name, values in series.items() for date, value in values]
    return pd.DataFrame(rows, columns=["date", "series", "value", "label"])


NO_POINTS = pd.DataFrame(columns=["date", "series", "value", "label"])
NO_MARKS = pd.DataFrame(columns=["date", "label"])
MARKS = pd.DataFrame([{"date": "2019-08-15", "label": "Launch"},
                      {"date": "2024-12-31", "label": "Target: every rural household"}])
RISING = [("2019-08-15", 17.0), ("2020-03-31", 22.0), ("2022-01-01", 45.5),
          ("2025-12-04", 80.1)]
FALLING = [("2021-10-10", 90.0), ("2023-01-05", 60.0), ("2024-07-25", 61.0)]
MANY = {f"Series {n}": [("2020-01-01", float(n)), ("2021-06-30", float(n * 3 % 7))]
        for n in range(9)}  # more series than colours: the colours repeat
CASES = {
    "two series with markers": (points_of({"Goa": FALLING, "India": RISING}), MARKS),
    "one series, no markers": (points_of({"India": RISING}), NO_MARKS),
    "no points, no markers": (NO_POINTS, NO_MARKS),
    "no points, markers": (NO_POINTS, MARKS),
    "a single point": (points_of({"Goa": [("2022-02-02", 5.0)]}), MARKS[:1]),
    "equal values, a quote in a name": (points_of({"O'Brien \"x\"": [
        ("2020-01-01", 3.0), ("2021-01-01", 3.0)], "B": FALLING}), MARKS),
    "many series": (points_of(MANY), MARKS[1:]),
    "Hindi words": (points_of({"गोवा": FALLING, "भारत": RISING}), pd.DataFrame(
        [{"date": "2019-08-15", "label": "शुरुआत, 15 अगस्त 2019"}])),
    "integer values, empty markers": (pd.DataFrame(
        {"date": ["2020-01-01", "2021-01-01"], "series": ["s", "s"], "value": [1, 2],
         "label": ["1", "2"]}), pd.DataFrame({"date": [], "label": []})),
    "dates as timestamps, a label missing": (points_of({"Goa": FALLING, "India": RISING}).assign(
        date=lambda f: pd.to_datetime(f["date"]), label=lambda f: f["label"].where(
            f["value"] != 45.5, None)), MARKS.assign(date=pd.to_datetime(MARKS["date"]))),
    "a gap in the values": (points_of({"A": [("2020-01-01", 1.0), ("2020-05-01", float("nan")),
                                             ("2021-01-01", 2.0)]}), MARKS),
}


@pytest.mark.parametrize("case", sorted(CASES))
@pytest.mark.parametrize("faceted", [False, True])
@pytest.mark.parametrize("narrow", [False, True])
@pytest.mark.parametrize("hindi_font", [False, True])
def test_series_spec_is_the_altair_charts_spec(case, faceted, narrow, hindi_font, hindi):
    points, marks = CASES[case]
    language = hindi if hindi_font else languages.ENGLISH
    words = ("A title long enough to be wrapped on a phone, about coverage", [
        "Share as published at each date, each point from its own source.", "Second line."])
    before = (copy.deepcopy(points), copy.deepcopy(marks))
    made = charts.series_spec(points, marks, *words, faceted=faceted, narrow=narrow,
                              language=language)
    assert points.equals(before[0]) and marks.equals(before[1])  # the inputs are left alone
    expected = altair_series_spec(points, marks, *words, faceted=faceted, narrow=narrow,
                                  language=language)
    assert charts.spec_json(made) == charts.spec_json(expected)
    assert json.dumps(made, ensure_ascii=False) == json.dumps(expected, ensure_ascii=False)


def test_series_spec_at_another_width_and_without_subtitle():
    points, marks = CASES["two series with markers"]
    for width in (300, 700):
        made = charts.series_spec(points, marks, "T", [], faceted=False, width=width)
        assert json.dumps(made) == json.dumps(
            altair_series_spec(points, marks, "T", [], faceted=False, width=width))


def test_layers_do_not_share_their_dicts():
    """The layers are built from shared encodings; changing one must not change another."""
    points, marks = CASES["two series with markers"]
    spec = charts.series_spec(points, marks, "T", [], faceted=False)
    spec["layer"][0]["encoding"]["x"]["title"] = "changed"
    spec["layer"][0]["encoding"]["color"]["scale"]["domain"].append("changed")
    assert spec["layer"][1]["encoding"]["x"]["title"] is None
    assert "changed" not in spec["layer"][1]["encoding"]["color"]["scale"]["domain"]
    again = charts.series_spec(points, marks, "T", [], faceted=False)
    assert again["layer"][0]["encoding"]["x"]["title"] is None


def reference_validator() -> jsonschema.protocols.Validator:
    """jsonschema's own validator of the Vega-Lite schema, made as _spec_validator makes it
    but with jsonschema's anyOf and oneOf."""
    from altair.utils import schemapi
    from altair.vegalite.v6.schema.core import Root

    root = Root._rootschema or Root._schema
    draft = schemapi._get_json_schema_draft_url(root)
    validator_class = jsonschema.validators.validator_for({"$schema": draft})
    return validator_class(schemapi._prepare_references_in_schema(Root._schema),
                           format_checker=validator_class.FORMAT_CHECKER,
                           registry=schemapi._get_referencing_registry(root, draft))


def _paths(value, path=()):
    yield path
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _paths(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _paths(item, (*path, index))


def _changed(spec: dict, path: tuple, new) -> dict:
    spec = copy.deepcopy(spec)
    where = spec
    for key in path[:-1]:
        where = where[key]
    if new is _EXTRA:
        if isinstance(where[path[-1]], dict):
            where[path[-1]]["notAProperty"] = 1
        else:
            where[path[-1]] = {"notAProperty": 1}
    else:
        where[path[-1]] = new
    return spec


_EXTRA = object()
ODD_VALUES = [_EXTRA, "not-a-value", -1, 1.5, None, True, [], {}, "nominal", "utc", "#12"]


def test_check_spec_refuses_what_jsonschema_refuses():
    """Many specs made invalid (or not) one value at a time: the faster validator gives
    jsonschema's verdict on each."""
    points, marks = CASES["two series with markers"]
    specs = [charts.series_spec(points, marks, "T", ["s"], faceted=faceted, narrow=narrow)
             for faceted in (False, True) for narrow in (False, True)]
    reference, fast = reference_validator(), charts._spec_validator()
    chosen = random.Random(18)
    verdicts = []
    for spec in specs:
        instance = charts._datasets_checked({k: v for k, v in spec.items() if k != "config"})
        assert reference.is_valid(instance) and fast.is_valid(instance)
        paths = [p for p in _paths(instance) if p and p[0] != "datasets"]
        for path in chosen.sample(paths, 30):
            changed = _changed(instance, path, chosen.choice(ODD_VALUES))
            verdict = reference.is_valid(changed)
            assert fast.is_valid(changed) == verdict, path
            verdicts.append(verdict)
            if not verdict:
                with pytest.raises(charts.UnsafeChart, match="not a valid Vega-Lite spec"):
                    charts.check_spec({**changed, "config": spec["config"]})
    assert verdicts.count(False) > 40 and verdicts.count(True) > 5  # both kinds were tried


def test_a_one_of_with_two_branches_allowing_it_is_refused():
    """oneOf (the Vega-Lite schema has a few): refused when no branch or two allow it."""
    schema = {"oneOf": [{"type": "integer"}, {"minimum": 0}]}
    fast = jsonschema.validators.extend(
        jsonschema.Draft7Validator, {"anyOf": charts._any_of, "oneOf": charts._one_of})(schema)
    for value in (-1, 1, 0.5, -0.5, "a"):
        assert fast.is_valid(value) == jsonschema.Draft7Validator(schema).is_valid(value), value
