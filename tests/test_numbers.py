"""The one number formatter: Indian grouping, lakh and crore, dates; blanks never become zero."""

import pytest

from generator import figures, numbers


@pytest.mark.parametrize("value, expected", [
    (32300000, "3,23,00,000"), ("158200000", "15,82,00,000"), (1234, "1,234"), (999, "999"),
    (100000, "1,00,000"), ("12345.67", "12,345.67"), (-1500000, "-15,00,000"), ("0", "0"),
    ("", "not reported"), (None, "not reported"), ("n/a", "not reported"),
])
def test_group_indian(value, expected):
    assert numbers.group_indian(value) == expected


@pytest.mark.parametrize("value, unit, expected", [
    (32300000, "crore", "3.23 crore"), (725000, "lakh", "7.25 lakh"), (87000, "lakh", "0.87 lakh"),
    (10000000, "crore", "1 crore"), ("", "crore", "not reported"),
])
def test_in_units(value, unit, expected):
    assert numbers.in_units(value, unit) == expected


def test_count_text_keeps_published_precision_and_gives_exact_value():
    text = numbers.count_text("3.23", "crore")
    assert text == {"short": "3.23 crore", "indian": "3,23,00,000",
                    "international": "32.3 million", "exact": "32300000"}
    assert numbers.count_text("15.82", "crore")["indian"] == "15,82,00,000"
    assert numbers.count_text("", "lakh")["short"] == "not reported"


def test_percent_keeps_printed_digits():
    assert numbers.percent("81.71") == "81.71%"
    assert numbers.percent("17") == "17%"
    assert numbers.percent("") == "not reported"


@pytest.mark.parametrize("value, expected", [
    ("2026-03-03", "3 Mar 2026"), ("2019-08-15", "15 Aug 2019"), ("2022-02", "Feb 2022"),
    ("", "date not published"), ("unknown", "unknown"),
])
def test_human_date(value, expected):
    assert numbers.human_date(value) == expected


TAGS = {"added": ("hh_added_since_launch_crore",)}


@pytest.mark.parametrize("wording, field, expected", [
    ("around; more than (added)", "hh_with_tap_crore", "around"),
    ("around; more than (added)", "hh_added_since_launch_crore", "more than"),
    ("about", "hh_with_tap_crore", "about"), ("about", "hh_added_since_launch_crore", ""),
    ("", "hh_with_tap_crore", ""),
])
def test_wording_for(wording, field, expected):
    assert figures.wording_for(wording, field, "1", TAGS) == expected


def test_wording_naming_a_figure_applies_to_that_figure_only():
    assert figures.wording_for("over (5.1); nearly (2.0)", "a", "5.1", TAGS) == "over"
    assert figures.wording_for("over (5.1); nearly (2.0)", "hh_added_since_launch_crore", "2.0",
                               TAGS) == "nearly"
    assert figures.wording_for("over (5.1); nearly (2.0)", "a", "3", TAGS) == ""


def test_rupees_and_lakh_crore_are_read_from_the_unit():
    import pandas as pd

    value = {"name": "value", "type": "number"}
    row = pd.Series({"value": "9.85", "unit": "INR lakh crore"})
    assert figures.field_unit(value, row) == "lakh crore"
    assert figures.field_currency(value, row) == "₹"
    assert figures.format_value("9.85", "lakh crore", None) == "9.85 lakh crore"
    assert figures.format_value("9.85", "lakh crore", "crore") == "9,85,000 crore"  # x 1 lakh
    named = {"name": "capitalisation_support_crore_inr", "type": "number"}
    assert figures.field_unit(named) == "crore" and figures.field_currency(named) == "₹"
    plain = {"name": "households", "type": "integer", "unit": "households"}
    assert figures.field_unit(plain) == "plain" and figures.field_currency(plain) == ""


def test_a_count_in_crore_is_grouped_as_printed():
    assert numbers.count_text("49284", "crore")["short"] == "49,284 crore"
    assert numbers.count_text("15.82", "crore")["short"] == "15.82 crore"
