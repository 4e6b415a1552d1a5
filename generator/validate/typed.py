"""A table read as its schema's types: the shapes both table checkers share (fast.py, rows.py).

A checked table is its columns read as their fields' types (the errors found in their cells,
and the typed values as keys that compare as Python's == compares the values) and its blank
rows. fast.py makes them with polars for large tables, rows.py in Python for small ones; the
checks of keys read either.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from ..packages import Resource, key_fields
from .table import Table

if TYPE_CHECKING:
    import polars as pl


class Unsupported(Exception):
    """A table the vectorised checks cannot check exactly; frictionless checks it instead."""


@dataclass
class Error:
    """The attributes of a frictionless error that table._to_problem reads."""

    type: str
    row_number: int
    field_name: str | None = None
    cell: str = ""
    note: str = ""
    field_names: list[str] = field(default_factory=list)
    field_cells: list[str] = field(default_factory=list)
    reference_name: str = ""
    reference_field_names: list[str] = field(default_factory=list)
    label: None = None
    message: str = ""


class Typed:
    """One column read as its field's type: the errors found, and comparable keys on demand."""

    def __init__(self, name: str, errors: list[Error], reader: Callable,
                 keys: pl.Series | Callable[[], pl.Series]) -> None:
        self.name = name
        self.errors = errors
        self.reader = reader          # frictionless' cell reader for the field
        self._keys = keys             # a Series, or a function that makes it
        self.plain_integers = False   # known to be blank or a plain integer in every row

    @property
    def keys(self) -> pl.Series:
        """Typed values as Int64 or tagged text; null where the value is None."""
        if callable(self._keys):
            self._keys = self._keys()
        return self._keys

    def key_texts(self) -> list[str | None]:
        """The keys as key_text writes them (None where the value is None)."""
        return [v if v is None or isinstance(v, str) else f"n:{v}"
                for v in self.keys.to_list()]


def key_text(value: object) -> str:
    """A typed value as text that is equal exactly when Python's == says the values are."""
    if isinstance(value, bool | int):
        return f"n:{int(value)}"
    if isinstance(value, float | Decimal):
        number = Decimal(value)
        if number.is_nan():
            raise Unsupported("NaN in a key")
        if number.is_infinite():
            return f"n:{number}"
        if number == number.to_integral_value():
            return f"n:{int(number)}"
        return "n:" + format(number.normalize(), "f")
    if isinstance(value, str):
        return "s:" + value
    if hasattr(value, "isoformat"):
        return f"{type(value).__name__}:{value.isoformat()}"
    if isinstance(value, tuple):
        return "t:" + repr(tuple(value))
    raise Unsupported(f"values of type {type(value).__name__} in a key")


@dataclass
class Checked:
    """A table read column by column: its typed columns by field name, and its blank rows.

    `frame`: its cells as polars strings (fast.py); `cells`: as Python lists instead, for a
    table checked in Python (rows.py), whose `frame` is None.
    """

    resource: Resource
    table: Table
    frame: pl.DataFrame | None
    columns: dict[str, Typed]
    blank: list[int] = field(default_factory=list)
    cells: dict[str, list[str]] | None = None


def foreign_key_sides(checked: Checked, fk: dict, lookup: Callable[[str], Checked | None]
                      ) -> tuple[list[str], list[str], Checked] | None:
    """A foreign key's fields, the fields it references and the referenced table (`checked`
    itself for a key into its own table), for both checkers; None for a key frictionless is
    not given (see table._frictionless_descriptor), Unsupported for one naming absent fields."""
    ref = fk.get("reference") or {}
    names, ref_names = key_fields(fk.get("fields")), key_fields(ref.get("fields"))
    target_name = ref.get("resource") or checked.resource.name
    target = checked if target_name == checked.resource.name else lookup(target_name)
    if target is None or not names or len(names) != len(ref_names):
        return None
    if not set(ref_names) <= set(target.columns) or not set(names) <= set(checked.columns):
        raise Unsupported("a foreign key names fields that are not in the table")
    return names, ref_names, target
