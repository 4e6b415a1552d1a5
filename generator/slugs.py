"""The engine's one slug rule: a safe path part or fragment from any value."""

from __future__ import annotations

import re
import unicodedata

SLUG_MAX = 60  # characters of a path part made from a value


def slug(value: str, empty: str = "value") -> str:
    """Lowercase a-z, 0-9 and '-' from `value` (accents dropped, at most SLUG_MAX characters);
    `empty` when nothing of it is left ('Daman & Diu' -> 'daman-diu')."""
    ascii_text = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode()
    text = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return text[:SLUG_MAX].rstrip("-") or empty
