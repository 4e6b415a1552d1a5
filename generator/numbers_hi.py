"""Numbers and dates for Hindi pages: Indian grouping, लाख and करोड़, Hindi months (CLDR).

The figures are those of `numbers` (same rounding, same published precision); only the
words change, taken from CLDR through Babel, and the digits when a publication asks for
Devanagari ones (official Hindi tables print Western Arabic digits, the default).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import cache

from babel import Locale
from babel.dates import format_date

from . import numbers
from .i18n import DATE_NOT_PUBLISHED, NOT_REPORTED

LOCALE = "hi_IN"
LATIN_DIGITS = "0123456789"
DEVANAGARI_DIGITS = "".join(chr(0x0966 + d) for d in range(10))  # U+0966 DEVANAGARI DIGIT ZERO
_TO_DEVANAGARI = str.maketrans(LATIN_DIGITS, DEVANAGARI_DIGITS)
_SCALES = {"lakh": "100000", "crore": "10000000"}  # CLDR's compact patterns are keyed by these


@cache
def unit_word(unit: str) -> str:
    """The Hindi word of a unit of `numbers`, from CLDR: 'crore' -> 'करोड़', 'plain' -> ''."""
    if unit == "plain":
        return ""
    if unit == "lakh crore":  # a lakh of crores, said as both words (as the English is)
        return f"{unit_word('lakh')} {unit_word('crore')}"
    pattern = Locale.parse(LOCALE).compact_decimal_formats["long"]["other"][_SCALES[unit]]
    return pattern.pattern.replace("0", "").strip()


@dataclass(frozen=True)
class HindiNumbers:
    """The number filters of a Hindi page; the words for blanks come from the catalogue."""

    not_reported: str
    date_not_published: str
    devanagari_digits: bool = False

    @classmethod
    def from_catalogue(cls, gettext: Callable[[str], str],
                       devanagari_digits: bool = False) -> HindiNumbers:
        """The filters with the catalogue's words for 'not reported' and a missing date."""
        return cls(gettext(NOT_REPORTED), gettext(DATE_NOT_PUBLISHED), devanagari_digits)

    def digits(self, text: str) -> str:
        """Western Arabic digits as they are, or Devanagari ones when the publication asks."""
        return text.translate(_TO_DEVANAGARI) if self.devanagari_digits else text

    def _blank_or(self, english: str, text: str | None = None) -> str:
        """The catalogue's 'not reported' where `numbers` says it, else `text` in our digits."""
        return self.not_reported if english == "not reported" else self.digits(text or english)

    def group_indian(self, value: object) -> str:
        """Indian grouping: 1234567 -> '12,34,567' (decimals as given)."""
        return self._blank_or(numbers.group_indian(value))

    def group_international(self, value: object) -> str:
        """International grouping: 32300000 -> '32,300,000'."""
        return self._blank_or(numbers.group_international(value))

    def in_units(self, value: object, unit: str, places: int = 2) -> str:
        """A count in words: 32300000 -> '3.23 करोड़' (rounded as `numbers.in_units`)."""
        english = numbers.in_units(value, unit, places)
        figure = english.removesuffix(f" {unit}")
        return self._blank_or(english, f"{figure} {unit_word(unit)}".strip())

    def percent(self, value: object) -> str:
        """A published percentage as printed: '81.71' -> '81.71%'."""
        return self._blank_or(numbers.percent(value))

    # --- for figures.py (issue 16, content in Hindi) ---
    def millions(self, value: object) -> str:
        """A count in millions, as `numbers.millions`: 32300000 -> '32.3 मिलियन'."""
        english = numbers.millions(value)
        return self._blank_or(english, english.replace(" million", " मिलियन"))

    def published(self, value: object, unit: str) -> str:
        """A value as printed with its unit's word: ('3.23', 'crore') -> '3.23 करोड़'."""
        return self.digits(f"{str(value).strip()} {unit_word(unit)}".strip())
    # --- end of figures.py's ---

    def count_text(self, value: object, unit: str) -> dict[str, str]:
        """Every form of a count published in `unit`, as `numbers.count_text` gives them."""
        english = numbers.count_text(value, unit)
        if english["exact"] == "not reported":
            return {"short": self.not_reported, "indian": self.not_reported,
                    "international": "", "exact": self.not_reported}
        short = english["short"].removesuffix(f" {unit}")
        return {"short": self.digits(f"{short} {unit_word(unit)}".strip()),
                "indian": self.digits(english["indian"]),
                "international": self.group_international(english["exact"]),
                "exact": self.digits(english["exact"])}

    def human_date(self, value: object) -> str:
        """An ISO date in Hindi: '2026-03-03' -> '3 मार्च 2026', '2022-02' -> 'फ़रवरी 2022'."""
        text = str(value or "").strip()
        parts = text.split("-")
        try:
            if len(parts) == 3:
                day = date(int(parts[0]), int(parts[1]), int(parts[2]))
                return self.digits(format_date(day, "d MMMM y", locale=LOCALE))
            if len(parts) == 2:
                month = date(int(parts[0]), int(parts[1]), 1)
                return self.digits(format_date(month, "LLLL y", locale=LOCALE))
        except ValueError:
            pass
        return self.digits(text) if text else self.date_not_published

    def filters(self) -> dict[str, Callable[..., str]]:
        """The Jinja filters `markdown.environment` gives English pages, in Hindi."""
        return {"indian": self.group_indian, "international": self.group_international,
                "percent": self.percent, "date": self.human_date}
