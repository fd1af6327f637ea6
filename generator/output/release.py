"""When the site's numbers are from, and when the next ones are expected.

Every date the site prints or stamps into a file comes from the data (its latest month) or
from ``content/site.toml`` (``next_update``), never from the build's clock, so two builds of
the same input give the same bytes.
"""

from __future__ import annotations

import calendar
import datetime
from dataclasses import dataclass

from generator.months import MONTH_NAMES, month_name


def month_end(month: str) -> datetime.date:
    """The last day of a month: "2017-02" → 2017-02-28."""
    year, number = int(month[:4]), int(month[5:7])
    return datetime.date(year, number, calendar.monthrange(year, number)[1])


def long_date(day: datetime.date) -> str:
    """A date the Norwegian way: "15. desember 2026"."""
    return f"{day.day}. {MONTH_NAMES[day.month - 1]} {day.year}"


@dataclass(frozen=True)
class Release:
    """The release the site shows: its latest month, and the next release if it is known."""

    latest_month: str  # "YYYY-MM"
    next_update: datetime.date | None = None

    @classmethod
    def of(cls, latest_month: str, next_update: str) -> Release:
        day = datetime.date.fromisoformat(next_update) if next_update else None
        return cls(latest_month, day)

    @property
    def data_until(self) -> str:
        """ "desember 2017": what "Sist oppdatert" and the citations say."""
        return month_name(self.latest_month)

    @property
    def data_date(self) -> datetime.date:
        """The day the data ends, which dates the workbooks and the feed."""
        return month_end(self.latest_month)

    @property
    def next_update_text(self) -> str:
        return long_date(self.next_update) if self.next_update else ""
