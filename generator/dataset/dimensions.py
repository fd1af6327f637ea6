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

from generator.source.types import TEXT_FORMAT

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
    """The dimensions an input format breaks its counts down by."""

    format: str
    dimensions: frozenset[Dimension]

    def __post_init__(self) -> None:
        if not self.dimensions >= REQUIRED:
            raise ValueError(f"{self.format}: a source must give month, region and tiltaksgruppe")


TEXT_EXPORT = Provides(TEXT_FORMAT, REQUIRED | {Dimension.HOVEDGRUPPE})
"""NAV's text export: by county and tiltaksgruppe, and by hovedgruppe in part two; no tiltak."""
PROVIDED = {p.format: p for p in (TEXT_EXPORT,)}
"""Each input format's dimensions, by ``Export.format``."""
