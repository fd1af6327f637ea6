"""One export's counts on its own complete grid, keyed by the dimensions it provides."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from generator.dataset.dimensions import ALL, PROVIDED, Key, Provides
from generator.dataset.dimensions import lookup_key as _key
from generator.numbers import Count
from generator.source.types import Export

Cells = dict[Key, Count]
ABSENT = Count.exact(0)
"""A cell an export leaves out: 0 (one shared Count, as Counts are immutable)."""


@dataclass
class Source:
    """One export on its own complete grid, before merging: what the checks look at.

    Only its cells are kept: its frame is merged into the dataset's and then let go, since a
    ten-year series would otherwise be held twice.
    """

    export: Export
    cells: Cells = field(repr=False)

    @property
    def months(self) -> list[str]:
        return self.export.period.months

    @property
    def provides(self) -> Provides:
        return PROVIDED[self.export.format]

    def count(
        self, region: str, tiltaksgruppe: str, hovedgruppe: str, month: str, tiltak: str = ALL
    ) -> Count:
        return self.cells.get(_key(region, tiltaksgruppe, hovedgruppe, month, tiltak), ABSENT)


def cells_of(frame: pd.DataFrame) -> Cells:
    """The frame's counts by key; hidden cells share one Count, exact ones one per value."""
    hidden_count = Count.hidden()
    return {
        Key(region, tg, hg, month): hidden_count if hidden else Count.printed(int(value))
        # Whole columns to lists first: iterating pandas arrays boxes every value on its own.
        for month, region, tg, hg, value, hidden in zip(
            frame["periode"].tolist(),
            frame["region"].tolist(),
            frame["tiltaksgruppe"].tolist(),
            frame["hovedgruppe"].tolist(),
            frame["deltakere"].tolist(),
            frame["skjult"].tolist(),
            strict=True,
        )
    }
