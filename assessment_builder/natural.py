"""Natural order for identifiers and lines that hold them: E2 before E10, as a person counts."""

from __future__ import annotations

import re
from typing import Any

_DIGITS = re.compile(r"(\d+)")


def natural_key(text: str) -> list[Any]:
    """A sort key that compares runs of digits as numbers and the rest case-insensitively."""
    return [(0, int(p), "") if p.isdigit() else (1, 0, p.lower()) for p in _DIGITS.split(text)]
