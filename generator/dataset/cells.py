"""One export's counts on its own complete grid, keyed by the dimensions it provides."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from generator.dataset.dimensions import ALL, PROVIDED, Key, Provides
from generator.dataset.dimensions import lookup_key as _key
from generator.numbers import Count
from generator.source.tilt import TiltExport
from generator.source.types import Export

Cells = dict[Key, Count]
ABSENT = Count.exact(0)
"""A cell an export leaves out: 0 (one shared Count, as Counts are immutable)."""
WHOLE = ""
"""The part of the series a text export (or a workbook of its layout) gives: all of it."""


@dataclass
class Source:
    """One export on its own complete grid, before merging: what the checks look at.

    Only its cells are kept: its frame is merged into the dataset's and then let go, since a
    ten-year series would otherwise be held twice. ``cells`` are as printed (or left out, so
    0); ``derived`` are totals the export does not print but its parts give, a tiltaksgruppe
    of a TILT workbook being the sum of its tiltak: a range wherever a part is hidden.
    """

    export: Export
    cells: Cells = field(repr=False)
    derived: Cells = field(repr=False, default_factory=dict)

    @property
    def months(self) -> list[str]:
        return self.export.period.months

    @property
    def provides(self) -> Provides:
        return PROVIDED[self.export.format]

    @property
    def part(self) -> str:
        """Which part of a month's counts the export gives: all of them (a text export), or
        its table code's (a TILT workbook, one of several that make up a month). Exports of
        the same part revise each other; of different parts, they add up."""
        return self.export.code if isinstance(self.export, TiltExport) else WHOLE

    def count(
        self, region: str, tiltaksgruppe: str, hovedgruppe: str, month: str, tiltak: str = ALL
    ) -> Count:
        key = _key(region, tiltaksgruppe, hovedgruppe, month, tiltak)
        found = self.cells.get(key)
        return found if found is not None else self.derived.get(key, ABSENT)


def cells_of(frame: pd.DataFrame) -> Cells:
    """The frame's counts by key; hidden cells share one Count, exact ones one per value."""
    hidden_count = Count.hidden()
    return {
        Key(region, tg, hg, month, tiltak): hidden_count if hidden else Count.printed(int(value))
        # Whole columns to lists first: iterating pandas arrays boxes every value on its own.
        for month, region, tg, hg, tiltak, value, hidden in zip(
            frame["periode"].tolist(),
            frame["region"].tolist(),
            frame["tiltaksgruppe"].tolist(),
            frame["hovedgruppe"].tolist(),
            frame["tiltak"].tolist(),
            frame["deltakere"].tolist(),
            frame["skjult"].tolist(),
            strict=True,
        )
    }


def derived_totals(cells: Cells) -> Cells:
    """Each tiltaksgruppe's total (for every region, status group and month) as the sum of its
    tiltak, where the export does not print it: exact only when no tiltak in it is hidden."""
    parts: dict[Key, list[Count]] = {}
    for key, count in cells.items():
        if key.tiltak != ALL:
            whole = Key(key.region, key.tiltaksgruppe, key.hovedgruppe, key.month)
            parts.setdefault(whole, []).append(count)
    return {key: Count.total(counts) for key, counts in parts.items() if key not in cells}
