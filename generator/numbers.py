"""Counts that may hold hidden cells, and their Norwegian formatting.

A hidden cell ("*") is a count from 0 to 3. Every number the site computes is carried as an
interval [lo, hi] with the number of hidden cells in it, so a sum, change or share that depends
on a hidden cell can never be shown as an exact figure from which the hidden count would follow.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

HIDDEN_MARK = "*"
"""What NAV prints in place of a count below 4."""
HIDDEN_MAX = 3
NBSP = "\u00a0"
MINUS = "\u2212"
EN_DASH = "\u2013"
ABOUT = f"ca.{NBSP}"
"""Before a share computed from hidden values whose bounds round alike: "ca. 3,5 %"."""


class Kind(StrEnum):
    """What a value is, which decides how it may be shown (the values are the site's names)."""

    EXACT = "exact"  # a published number, or one computed from published numbers only
    HIDDEN = "hidden"  # a "*": worth 0-3, and nothing may show which
    RANGE = "range"  # computed from hidden cells: only the interval [lo, hi] may be shown
    MISSING = "missing"  # no value at all: a month a chart has no count for, a share of nothing


@dataclass(frozen=True)
class Count:
    """A count known to lie in [lo, hi]; exact when it holds no hidden cell."""

    lo: int
    hi: int
    hidden_cells: int = 0

    @classmethod
    def exact(cls, value: int) -> Count:
        return cls(value, value)

    @classmethod
    def hidden(cls) -> Count:
        """What a "*" is worth: the one place that says so (tests widen it to 1-4)."""
        return cls(0, HIDDEN_MAX, 1)

    @classmethod
    def printed(cls, value: int | None) -> Count:
        """A cell as an export prints it: its number, or None for "*"."""
        return cls.hidden() if value is None else _shared_exact(value)

    @classmethod
    def total(cls, parts: Iterable[Count]) -> Count:
        lo = hi = hidden = 0
        for part in parts:
            lo, hi, hidden = lo + part.lo, hi + part.hi, hidden + part.hidden_cells
        return cls(lo, hi, hidden)

    @property
    def kind(self) -> Kind:
        """The one classification of a count; a sum of one hidden cell and zeros is hidden."""
        if self.hidden_cells == 0:
            return Kind.EXACT
        return Kind.HIDDEN if self == Count.hidden() else Kind.RANGE

    @property
    def computed_kind(self) -> Kind:
        """How a figure computed from counts is shown: "*" stands only where the export prints
        it, so a computed count that holds any hidden cell is shown as its interval, even a lone
        hidden cell summed with zeros ("0–3")."""
        return Kind.EXACT if self.hidden_cells == 0 else Kind.RANGE

    @property
    def is_exact(self) -> bool:
        return self.hidden_cells == 0

    @property
    def value(self) -> int | None:
        """The number as printed, or None when the count depends on a hidden cell."""
        return self.lo if self.hidden_cells == 0 else None

    def __add__(self, other: Count) -> Count:
        return Count(self.lo + other.lo, self.hi + other.hi, self.hidden_cells + other.hidden_cells)

    def minus(self, other: Count) -> Count:
        """The change from ``other`` to ``self``, as an interval when either is uncertain."""
        return Count(self.lo - other.hi, self.hi - other.lo, self.hidden_cells + other.hidden_cells)


@functools.lru_cache(maxsize=1 << 16)
def _shared_exact(value: int) -> Count:
    """One Count per value (they are immutable): a ten-year series has a hundred thousand cells
    but only some thousands of distinct counts."""
    return Count(value, value)


@dataclass(frozen=True)
class Ratio:
    """A ratio (share, index, relative change) known to lie in [lo, hi]; None when undefined."""

    lo: float
    hi: float
    exact: bool

    @classmethod
    def of(cls, part: Count, whole: Count) -> Ratio | None:
        if whole.hi == 0:
            return None
        if part.is_exact and whole.is_exact:
            value = part.lo / whole.lo
            return cls(value, value, True)
        low = part.lo / whole.hi
        high = part.hi / whole.lo if whole.lo else float("inf")
        return cls(low, high, False)

    @classmethod
    def change(cls, new: Count, old: Count) -> Ratio | None:
        """Relative change from ``old`` to ``new``."""
        ratio = cls.of(new, old)
        return None if ratio is None else cls(ratio.lo - 1, ratio.hi - 1, ratio.exact)

    @property
    def kind(self) -> Kind:
        """Exact when computed from exact counts only; otherwise only its interval may show."""
        return Kind.EXACT if self.exact else Kind.RANGE


def round_half_up(x: float, decimals: int = 0) -> float:
    """Round like people do (2.5 → 3), not banker's rounding, so text matches the tables."""
    factor = 10**decimals
    return math.floor(abs(x) * factor + 0.5) / factor * (1 if x >= 0 else -1)


def fmt_num(x: float, decimals: int = 0, *, signed: bool = False) -> str:
    """The Norwegian way: no-break-space thousands (so "18 344" never breaks), decimal comma,
    a real minus sign; ``signed`` adds "+" to positive numbers."""
    rounded = round_half_up(float(x), decimals)
    whole, _, frac = f"{abs(rounded):,.{decimals}f}".partition(".")
    body = whole.replace(",", NBSP) + ("," + frac if frac else "")
    if rounded < 0:
        return MINUS + body
    return f"+{body}" if signed and rounded > 0 else body


@functools.lru_cache(maxsize=1 << 16)  # a page writes the same counts many times over
def fmt_int(value: float, *, signed: bool = False) -> str:
    """18344 → "18 344"."""
    return fmt_num(value, 0, signed=signed)


def rounds_alike(low: float, high: float, decimals: int) -> bool:
    """Whether both bounds of a range read the same at this many decimals; every value between
    them then does too, so "3,5–3,5" says no more than "ca. 3,5"."""
    return fmt_num(low, decimals) == fmt_num(high, decimals)


def fmt_pct(points: float, decimals: int = 1, *, signed: bool = False) -> str:
    """Per cent points as text: 7.1 → "7,1 %" (no-break space before the sign)."""
    return f"{fmt_num(points, decimals, signed=signed)}{NBSP}%"


def fmt_span(low: str, high: str) -> str:
    """Two formatted bounds as an interval: "2 729–2 732", but "−14 til −8" when a bound has
    a sign, since a dash between two minus signs reads as arithmetic."""
    if low[:1] in (MINUS, "+") or high[:1] in (MINUS, "+"):
        return f"{low} til {high}"
    return f"{low}{EN_DASH}{high}"


def fmt_count(count: Count, *, signed: bool = False) -> str:
    """An exact count, or its interval "lo–hi" when it holds hidden cells."""
    if count.is_exact:
        return fmt_int(count.lo, signed=signed)
    return fmt_span(fmt_int(count.lo, signed=signed), fmt_int(count.hi, signed=signed))


def fmt_ratio_pct(ratio: Ratio | None, decimals: int = 1, *, signed: bool = False) -> str:
    if ratio is None:
        return "–"
    if ratio.exact:
        return fmt_pct(ratio.lo * 100, decimals, signed=signed)
    if ratio.hi == float("inf"):
        return f"minst {fmt_pct(ratio.lo * 100, decimals, signed=signed)}"
    if rounds_alike(ratio.lo * 100, ratio.hi * 100, decimals):
        # Still marked as a figure computed from hidden values, by the caller.
        return ABOUT + fmt_pct(ratio.lo * 100, decimals, signed=signed)
    low = fmt_num(ratio.lo * 100, decimals, signed=signed)
    return fmt_span(low, fmt_pct(ratio.hi * 100, decimals, signed=signed))
