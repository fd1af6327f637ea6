"""What a count is keyed by, and which of those keys each input format provides.

Every count is of one month, one region and one tiltaksgruppe. It may also be of one status
group (hovedgruppe, in the text export's part two) or of one tiltak (a programme within the
tiltaksgruppe, in NAV's TILT110-TILT180 workbooks); where a source does not break a count down
by those, the count is the total over them, keyed by ``ALL``.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import NamedTuple, cast

from generator.source.tilt import TILT_FORMAT, TILT_TOTALS_FORMAT
from generator.source.types import TEXT_FORMAT
from generator.source.workbook import WORKBOOK_FORMAT

ALL = ""
"""The key of a total over an optional dimension: all hovedgrupper, or all tiltak."""


class Dimension(StrEnum):
    """A dimension of the grid; the values name the dataset frame's columns."""

    MONTH = "periode"  # "YYYY-MM"
    REGION = "region"  # a name from Dataset.regions, unique across county eras; the Region
    # there has the county's code and the months its era covers (data/fylker.json)
    TILTAKSGRUPPE = "tiltaksgruppe"
    HOVEDGRUPPE = "hovedgruppe"  # the status group; optional
    TILTAK = "tiltak"  # the programme within the tiltaksgruppe; optional


REQUIRED = frozenset({Dimension.MONTH, Dimension.REGION, Dimension.TILTAKSGRUPPE})


class Key(NamedTuple):
    """One cell of the grid (a tuple, so that a hundred thousand of them hash fast)."""

    region: str
    tiltaksgruppe: str
    hovedgruppe: str
    month: str
    tiltak: str = ALL


def lookup_key(region: str, tiltaksgruppe: str, hovedgruppe: str, month: str, tiltak: str) -> Key:
    """A key to look a cell up by: a plain tuple hashes and compares as the Key it equals, and is
    made four times faster (a page looks up thousands of cells)."""
    return cast(Key, (region, tiltaksgruppe, hovedgruppe, month, tiltak))


@dataclass(frozen=True)
class Provides:
    """The dimensions an input format breaks its counts down by: by county (and so for the
    whole country), and those it gives for the whole country only."""

    format: str
    dimensions: frozenset[Dimension]
    nationwide_only: frozenset[Dimension] = frozenset()

    def __post_init__(self) -> None:
        if not self.dimensions >= REQUIRED:
            raise ValueError(f"{self.format}: a source must give month, region and tiltaksgruppe")

    @property
    def all_dimensions(self) -> frozenset[Dimension]:
        return self.dimensions | self.nationwide_only


TEXT_EXPORT = Provides(TEXT_FORMAT, REQUIRED | {Dimension.HOVEDGRUPPE})
"""NAV's text export: by county and tiltaksgruppe, and by hovedgruppe in part two; no tiltak."""
WORKBOOK = Provides(WORKBOOK_FORMAT, TEXT_EXPORT.dimensions)
"""The text export's tables as a workbook: the same."""
TILT = Provides(TILT_FORMAT, REQUIRED | {Dimension.TILTAK}, frozenset({Dimension.HOVEDGRUPPE}))
"""TILT110-TILT180: by county and tiltak; status groups (hovedgrupper) for the whole country."""
TILT_TOTALS = Provides(TILT_TOTALS_FORMAT, REQUIRED, frozenset({Dimension.HOVEDGRUPPE}))
"""TILT100: status groups by tiltaksgruppe for the whole country (and kommuner, off the grid)."""
PROVIDED = {p.format: p for p in (TEXT_EXPORT, WORKBOOK, TILT, TILT_TOTALS)}
"""Each input format's dimensions, by ``Export.format``."""


@dataclass(frozen=True)
class Breakdown:
    """The months for which the dataset breaks counts down by an optional dimension: for every
    county (and the country), or for the whole country only."""

    dimension: Dimension
    by_county: tuple[str, ...]
    nationwide: tuple[str, ...]  # every month it exists for the country, by_county included

    def exists(self, month: str, *, by_county: bool = False) -> bool:
        return month in (self.by_county if by_county else self.nationwide)
