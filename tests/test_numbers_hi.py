"""Hindi numbers and dates: the words and months of CLDR (through Babel), the figures of numbers."""

from __future__ import annotations

import unicodedata
from datetime import date
from decimal import Decimal

import pytest
from babel import Locale
from babel.dates import format_date
from babel.numbers import format_compact_decimal, format_decimal
from hypothesis import given
from hypothesis import strategies as st

from generator import numbers
from generator.i18n import load_catalogue
from generator.numbers_hi import DEVANAGARI_DIGITS, HindiNumbers, unit_word

HI = HindiNumbers(not_reported="रिपोर्ट नहीं किया गया", date_not_published="तारीख़ प्रकाशित नहीं")
DEVANAGARI = HindiNumbers("रिपोर्ट नहीं किया गया", "तारीख़ प्रकाशित नहीं", devanagari_digits=True)
HINDI = Locale.parse("hi_IN")


def cldr_long(value: int, places: int = 2) -> str:
    """CLDR's long compact form in Hindi ('3.23 करोड़'), as Babel formats it."""
    return format_compact_decimal(value, locale="hi_IN", format_type="long",
                                  fraction_digits=places)


@pytest.mark.parametrize("value, unit", [(32_300_000, "crore"), (725_000, "lakh"),
                                         (1_234_567, "lakh"), (99_999_999, "crore")])
def test_in_units_matches_cldr_long_compact_form(value: int, unit: str) -> None:
    # 99,999,999 rounds to 10.00 crore; Babel prints it as '10 करोड़', as numbers does.
    assert HI.in_units(value, unit) == cldr_long(value)


@pytest.mark.parametrize("published, unit, plain", [("3.23", "crore", 32_300_000),
                                                    ("15.8", "crore", 158_000_000),
                                                    ("7.25", "lakh", 725_000)])
def test_a_published_count_keeps_its_precision_in_hindi(published: str, unit: str, plain: int
                                                       ) -> None:
    text = HI.count_text(published, unit)
    assert text["short"] == cldr_long(plain)  # '15.8 करोड़', never '15.80 करोड़'
    assert text["indian"] == format_decimal(plain, locale="hi_IN")
    assert text["exact"] == str(plain)


def test_unit_words_are_cldrs() -> None:
    long_forms = HINDI.compact_decimal_formats["long"]["other"]
    assert unit_word("lakh") == long_forms["100000"].pattern.removeprefix("0 ")
    assert unit_word("crore") == long_forms["10000000"].pattern.removeprefix("0 ")
    assert unit_word("lakh crore") == f"{unit_word('lakh')} {unit_word('crore')}"
    assert unit_word("plain") == ""


@pytest.mark.parametrize("value", [1_234_567, 32_300_000, 999, 1000, 100_000, "12345.50"])
def test_indian_grouping_matches_cldr(value: object) -> None:
    # The decimals published are kept: '12345.50' keeps its zero, as CLDR's pattern with two.
    places = len(str(value).partition(".")[2])
    pattern = "#,##,##0" + ("." + "0" * places if places else "")
    assert HI.group_indian(value) == format_decimal(Decimal(str(value)), format=pattern,
                                                    locale="hi_IN")


@given(st.decimals(min_value=0, max_value=10**13, places=2, allow_nan=False),
       st.sampled_from(["crore", "lakh", "lakh crore", "plain"]))
def test_same_figures_as_the_english_pages(value: Decimal, unit: str) -> None:
    english = numbers.in_units(value, unit)
    hindi = HI.in_units(value, unit)
    assert hindi.split(" ")[0] == english.split(" ")[0]
    assert hindi.endswith(unit_word(unit))


@pytest.mark.parametrize("month", range(1, 13))
def test_dates_use_cldrs_hindi_month_names(month: int) -> None:
    wide = HINDI.months["format"]["wide"][month]
    assert HI.human_date(f"2026-{month:02d}-03") == f"3 {wide} 2026"
    assert HI.human_date(f"2022-{month:02d}") == format_date(date(2022, month, 1), "LLLL y",
                                                            locale="hi_IN")
    assert HINDI.months["stand-alone"]["wide"][month] in HI.human_date(f"2022-{month:02d}")


def test_blanks_are_not_reported_never_zero() -> None:
    assert HI.in_units("", "crore") == "रिपोर्ट नहीं किया गया"
    assert HI.group_indian(None) == "रिपोर्ट नहीं किया गया"
    assert HI.percent(" ") == "रिपोर्ट नहीं किया गया"
    assert HI.count_text("", "lakh")["short"] == "रिपोर्ट नहीं किया गया"
    assert HI.human_date("") == "तारीख़ प्रकाशित नहीं"
    assert HI.human_date("sometime in 2024") == "sometime in 2024"


def test_the_words_for_blanks_come_from_the_hindi_catalogue() -> None:
    catalogue, problems = load_catalogue("hi")
    assert problems == []
    made = HindiNumbers.from_catalogue(catalogue.gettext)
    assert made.not_reported == catalogue.gettext("not reported") != "not reported"
    assert made.date_not_published == catalogue.gettext("date not published")


def test_digits_stay_western_unless_asked() -> None:
    assert HI.in_units(32_300_000, "crore").startswith("3.23")
    assert DEVANAGARI_DIGITS == "".join(
        next(chr(c) for c in range(0x0900, 0x0980) if unicodedata.digit(chr(c), None) == d)
        for d in range(10))
    assert all(unicodedata.name(c).startswith("DEVANAGARI DIGIT") for c in DEVANAGARI_DIGITS)
    hindi = DEVANAGARI.in_units(32_300_000, "crore")
    assert hindi == cldr_long(32_300_000).translate(str.maketrans("0123456789",
                                                                  DEVANAGARI_DIGITS))
    assert DEVANAGARI.human_date("2026-03-03").split(" ")[0] == DEVANAGARI_DIGITS[3]
    to_devanagari = str.maketrans("0123456789", DEVANAGARI_DIGITS)
    assert DEVANAGARI.group_indian(1_234_567) == format_decimal(1_234_567, locale="hi_IN"
                                                                ).translate(to_devanagari)
    assert not any(c.isascii() and c.isdigit() for c in hindi)


def test_filters_have_the_english_names() -> None:
    assert set(HI.filters()) == {"indian", "international", "percent", "date"}
    assert HI.filters()["percent"]("81.71") == "81.71%" == numbers.percent("81.71")
