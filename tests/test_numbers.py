"""The one number formatter: Indian grouping, lakh and crore, dates; blanks never become zero."""

import pytest

from generator import numbers


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


@pytest.mark.parametrize("qualifier, measure, expected", [
    ("around; more than (added)", "main", "around"),
    ("around; more than (added)", "added", "more than"),
    ("about", "main", "about"), ("about", "added", ""),
    ("", "main", ""),
])
def test_qualifier_for(qualifier, measure, expected):
    assert numbers.qualifier_for(qualifier, measure) == expected


def test_qualifier_naming_a_figure_applies_to_that_figure_only():
    assert numbers.qualifier_for("over (5.1); nearly (2.0)", "main", "5.1") == "over"
    assert numbers.qualifier_for("over (5.1); nearly (2.0)", "added", "2.0") == "nearly"
    assert numbers.qualifier_for("over (5.1); nearly (2.0)", "main") == ""
