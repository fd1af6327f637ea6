"""What a reader makes of NAV's files: tables as printed, whatever the input format."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from generator.months import month_of, months_between, parse
from generator.numbers import Count

Cell = str | int | float
"""A cell as an input format gives it: text, or a number where a workbook stores one."""
SourceRow = tuple[int, Sequence[Cell]]
"""A line of text or a row of a sheet: its number (for messages) and its cells; no cells is a
blank line, one cell a line of text."""
TEXT_FORMAT = "text"
SAVE_AS = "expected NAV's export as tab-separated text (in Excel: Save As > Unicode Text)"


@dataclass(frozen=True)
class Period:
    """The months a table covers, from its period line ("Januar - Oktober 2018")."""

    first: tuple[int, int]  # (year, month)
    last: tuple[int, int]
    label: str

    @property
    def months(self) -> list[str]:
        """Every month of the period as "YYYY-MM"."""
        return months_between(month_of(*self.first), month_of(*self.last))

    def month_of(self, month_number: int) -> str:
        """The "YYYY-MM" of a header month, placing it in the right year of a split period."""
        for candidate in self.months:
            if parse(candidate)[1] == month_number:
                return candidate
        raise KeyError(month_number)


@dataclass
class Row:
    label: str
    line: int
    counts: list[Count]  # exact, or hidden where the export shows "*"

    @property
    def values(self) -> list[int | None]:
        """The counts as printed: a number, or None for "*"."""
        return [count.value for count in self.counts]


@dataclass
class Table:
    """One table of the export, as printed."""

    path: Path
    title: str
    subtitle: str
    period: Period
    name: str  # the group name, with wrapped lines joined
    name_line: int
    header_line: int
    months: list[str]  # "YYYY-MM" per column, in header order
    total: Row | None = None
    rows: list[Row] = field(default_factory=list)
    tiltaksgruppe: str = ""
    hovedgruppe: str = ""  # empty for the tables of all hovedgrupper
    tiltak: str = ""  # the programme a TILT workbook's block counts; empty for the whole group
    period_line: int = 0

    @property
    def is_split_by_hovedgruppe(self) -> bool:
        return bool(re.search(r"hovedgrupp|målgrupp", self.subtitle, re.IGNORECASE))

    def where(self) -> str:
        return f"{self.path}:{self.name_line}"


@dataclass
class Export:
    path: Path
    encoding: str
    tables: list[Table]
    format: str = TEXT_FORMAT  # which reader made it, so the dataset knows what it can hold

    @property
    def period(self) -> Period:
        """The widest period of the file's tables."""
        first = min(t.period.first for t in self.tables)
        last = max(t.period.last for t in self.tables)
        return Period(first, last, self.tables[-1].period.label)
