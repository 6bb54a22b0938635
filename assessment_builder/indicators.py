"""How an indicator compares with England: this project's Variation method, the same in Python and the workbook.

The method (documented in docs/workbook.md; CQC publishes no rule of its own):

1. With no value, no England value or an unknown polarity there is no variation (None).
2. For a percentage with a base (the number of people or respondents it is a percentage of,
   greater than 0, and a value from 0 to 100), a 95% Wilson score interval for a proportion is
   put around the council's value. When England's value lies outside it, the council is
   "significantly better" or "significantly worse" (by the polarity: which direction is good).
3. Otherwise the two are compared plainly: "similar" when they differ by less than
   :data:`SIMILAR_WITHIN` (they agree to one decimal place), else "better" or "worse".
   Without a base (and for rates, counts and days) the result is never "significantly".

The Wilson interval stays inside 0-100% and is well behaved at 0% and 100% and for small bases,
where the plain normal ("Wald") interval collapses to nothing.
"""

from __future__ import annotations

import math

Z95 = 1.96  # the two-sided 95% point of the normal distribution
SIMILAR_WITHIN = 0.05  # values closer than this (in the indicator's unit) are "similar"
VARIATIONS = ("significantly better", "better", "similar", "worse", "significantly worse")


def wilson_interval(percent: float, base: float, z: float = Z95) -> tuple[float, float]:
    """The Wilson score interval, in percent, around ``percent`` of ``base`` (base > 0, 0 <= percent <= 100)."""
    p = percent / 100
    n = base
    denominator = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denominator
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denominator
    return 100 * (centre - half), 100 * (centre + half)


def variation(
    value: float | None, england: float | None, base: float | None, polarity: str, unit: str = "percent"
) -> str | None:
    """One of :data:`VARIATIONS` for the council's ``value`` against ``england``, or None when it cannot be said."""
    if value is None or england is None or polarity not in ("higher", "lower"):
        return None
    good = 1 if polarity == "higher" else -1
    if unit == "percent" and base is not None and base > 0 and 0 <= value <= 100:
        low, high = wilson_interval(value, base)
        if england < low:
            return "significantly better" if good > 0 else "significantly worse"
        if england > high:
            return "significantly worse" if good > 0 else "significantly better"
    if abs(value - england) < SIMILAR_WITHIN:
        return "similar"
    return "better" if (value - england) * good > 0 else "worse"
