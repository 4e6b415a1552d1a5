"""The one number-formatting helper: Indian digit grouping, lakh and crore, with the exact value."""

from __future__ import annotations

from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation

LAKH = Decimal(100_000)
CRORE = Decimal(10_000_000)
UNIT_FACTORS = {"crore": CRORE, "lakh": LAKH, "lakh crore": LAKH * CRORE, "plain": Decimal(1)}


def to_decimal(value: object) -> Decimal | None:
    """A published value as a Decimal; None when blank (not reported) or not a number."""
    if value is None:
        return None
    try:
        number = Decimal(str(value).strip().replace(",", ""))
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def group_indian(value: object) -> str:
    """Indian digit grouping: 32300000 -> '3,23,00,000'; keeps the decimals given."""
    number = to_decimal(value)
    if number is None:
        return "not reported"
    sign = "-" if number < 0 else ""
    text = format(abs(number), "f")
    whole, _, fraction = text.partition(".")
    if len(whole) > 3:
        head, tail = whole[:-3], whole[-3:]
        pairs = []
        while len(head) > 2:
            pairs.insert(0, head[-2:])
            head = head[:-2]
        whole = ",".join([head, *pairs, tail]) if head else ",".join([*pairs, tail])
    return sign + whole + (f".{fraction}" if fraction else "")


def group_international(value: object) -> str:
    """International grouping: 32300000 -> '32,300,000'."""
    number = to_decimal(value)
    return "not reported" if number is None else f"{number:,f}"


def in_units(value: object, unit: str, places: int = 2) -> str:
    """A count in words: 32300000 -> '3.23 crore', 725000 -> '7.25 lakh' (rounded half-even)."""
    number = to_decimal(value)
    if number is None:
        return "not reported"
    scaled = (number / UNIT_FACTORS[unit]).quantize(Decimal(1).scaleb(-places), ROUND_HALF_EVEN)
    text = format(scaled.normalize(), "f") if scaled == scaled.to_integral() else format(scaled, "f")
    return f"{group_indian(text)} {unit}" if unit != "plain" else group_indian(text)


def millions(value: object) -> str:
    """A count in millions for international readers: 32300000 -> '32.3 million'."""
    number = to_decimal(value)
    if number is None:
        return "not reported"
    scaled = (number / Decimal(1_000_000)).quantize(Decimal("0.1"), ROUND_HALF_EVEN)
    return f"{scaled:,f} million"


def percent(value: object) -> str:
    """A published percentage as printed: '81.71' -> '81.71%'."""
    number = to_decimal(value)
    return "not reported" if number is None else f"{value}%".replace(" ", "")


def from_unit(value: object, unit: str) -> Decimal | None:
    """A figure published in lakh or crore as a plain count: ('3.23', 'crore') -> 32300000."""
    number = to_decimal(value)
    return None if number is None else number * UNIT_FACTORS[unit]


def count_text(value: object, unit: str) -> dict[str, str]:
    """Every form a reader may need of a count published in `unit` (crore, lakh or plain)."""
    plain = from_unit(value, unit)
    if plain is None:
        return {"short": "not reported", "indian": "not reported", "international": "",
                "exact": "not reported"}
    plain_text = format(plain.normalize(), "f") if plain == plain.to_integral() else str(plain)
    short = f"{group_indian(str(value).strip())} {unit}" if unit != "plain" else group_indian(value)
    return {"short": short, "indian": group_indian(plain_text), "international": millions(plain),
            "exact": plain_text}


_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def human_date(value: object) -> str:
    """An ISO date for readers: '2026-03-03' -> '3 Mar 2026', '2022-02' -> 'Feb 2022'."""
    text = str(value or "").strip()
    parts = text.split("-")
    try:
        if len(parts) == 3:
            return f"{int(parts[2])} {_MONTHS[int(parts[1]) - 1]} {parts[0]}"
        if len(parts) == 2:
            return f"{_MONTHS[int(parts[1]) - 1]} {parts[0]}"
    except (ValueError, IndexError):
        pass
    return text or "date not published"
