"""Months: their Norwegian names and the arithmetic on them, written once for every stage.

The site names a month "YYYY-MM" throughout; the reader turns NAV's month names into that form
and every later stage turns it back into words ("mars 2017") or axis labels ("mar").
"""

from __future__ import annotations

import functools
import re

from generator.numbers import EN_DASH

MONTH_NAMES = (
    "januar", "februar", "mars", "april", "mai", "juni",
    "juli", "august", "september", "oktober", "november", "desember",
)  # fmt: skip
MONTH_ABBREVIATIONS = (
    "jan", "feb", "mar", "apr", "mai", "jun", "jul", "aug", "sep", "okt", "nov", "des",
)  # fmt: skip
"""As chart axes label the months, and as NAV's headers may abbreviate them."""

_MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")


@functools.lru_cache(maxsize=1 << 12)  # a site names the same few hundred months over and over
def parse(month: str) -> tuple[int, int]:
    """ "2017-03" → (2017, 3), refusing anything that is not a month."""
    found = _MONTH.match(str(month))
    if not found:
        raise ValueError(f"a month must be 'YYYY-MM', got {month!r}")
    return int(found.group(1)), int(found.group(2))


def month_of(year: int, number: int) -> str:
    """(2017, 3) → "2017-03"."""
    return f"{year:04d}-{number:02d}"


def next_month(month: str) -> str:
    year, number = parse(month)
    return month_of(year + 1, 1) if number == 12 else month_of(year, number + 1)


def previous_month(month: str) -> str:
    year, number = parse(month)
    return month_of(year - 1, 12) if number == 1 else month_of(year, number - 1)


def months_between(first: str, last: str) -> list[str]:
    """Every month from ``first`` to ``last``, both included; none when ``last`` is earlier."""
    months, month = [], first
    while month <= last:
        months.append(month)
        month = next_month(month)
    return months


def short_month(month: str) -> str:
    """ "2017-03" → "mars" (where the year is given once, as in a table's caption)."""
    return MONTH_NAMES[parse(month)[1] - 1]


def month_name(month: str) -> str:
    """ "2017-03" → "mars 2017"."""
    return f"{short_month(month)} {month[:4]}"


def month_since(earlier: str, later: str) -> str:
    """The earlier month as text, without the year when both are in the same year."""
    return short_month(earlier) if earlier[:4] == later[:4] else month_name(earlier)


def period_label(months: list[str]) -> str:
    """ "januar–desember 2017", or "november 2017–februar 2018" across years."""
    first, last = months[0], months[-1]
    if first == last:
        return month_name(first)
    return f"{month_since(first, last)}{EN_DASH}{month_name(last)}"
