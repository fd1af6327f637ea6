"""Several exports, one series: which export each month is taken from, and what it revised.

Where two exports cover the same month, the one whose period ends later wins, and every value
it changes is a revision. Two exports with the same period end that disagree are an error,
unless the publisher has said which one wins. A month of TILT workbooks is made of several
parts, one per table code (TILT110 ... TILT180): each part is owned this way on its own, so a
year-to-date TILT110 and the full-year TILT110 revise each other, and TILT110 and TILT120 add
up. One month cannot come from both a text export and TILT workbooks.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from generator.dataset.cells import ABSENT, WHOLE, Source
from generator.dataset.dimensions import ALL, Key
from generator.errors import BuildError
from generator.numbers import HIDDEN_MARK, Count, Kind


@dataclass(frozen=True)
class Revision:
    """A published value that a later export changed."""

    month: str
    region: str
    tiltaksgruppe: str
    hovedgruppe: str
    old: Count
    new: Count
    old_file: str
    new_file: str
    tiltak: str = ALL

    def __str__(self) -> str:
        group = ", ".join(filter(None, (self.tiltaksgruppe, self.tiltak, self.hovedgruppe)))
        return (
            f"{self.month} {self.region}, {group}: {_plain(self.old)} → {_plain(self.new)} "
            f"({self.old_file} → {self.new_file})"
        )


def _plain(count: Count) -> str:
    return HIDDEN_MARK if count.kind is Kind.HIDDEN else str(count.lo)


def _first_difference(a: Source, b: Source, months: list[str]) -> Key | None:
    keys = sorted(k for k in set(a.cells) | set(b.cells) if k.month in months)
    for key in keys:
        if a.cells.get(key, ABSENT) != b.cells.get(key, ABSENT):
            return key
    return None


Owners = dict[tuple[str, str], Source]
"""(month, part) → the export that part of the month is taken from."""


def owners(sources: list[Source], prefer: Iterable[str]) -> Owners:
    """For each month and part, the export it is taken from: the one whose period ends latest."""
    preferred = set(prefer)
    owner: Owners = {}
    for source in sorted(sources, key=lambda s: (s.export.period.last, s.export.path.name)):
        for month in source.months:
            earlier = owner.get((month, source.part))
            if earlier is None or earlier.export.period.last < source.export.period.last:
                owner[(month, source.part)] = source
                continue
            # Same period end: fine when they agree, else the publisher must choose.
            names = {earlier.export.path.name, source.export.path.name}
            chosen = names & preferred
            if len(chosen) == 1:
                owner[(month, source.part)] = (
                    source if source.export.path.name in chosen else earlier
                )
                continue
            diff = _first_difference(earlier, source, [month])
            if diff is not None:
                raise _disagreement(earlier, source, diff)
    _one_shape_per_month(owner)
    return owner


def _one_shape_per_month(owner: Owners) -> None:
    """A month from a text export and from TILT workbooks would count its people twice."""
    whole = {month: source for (month, part), source in owner.items() if part == WHOLE}
    for (month, part), source in sorted(owner.items(), key=lambda item: item[0]):
        if part != WHOLE and month in whole:
            raise BuildError(
                f"{whole[month].export.path} and {source.export.path} both give {month}: "
                "expected each month from either a text export (or a workbook of its tables) "
                "or TILT workbooks, not both (remove one of them from the content folder)"
            )


def _disagreement(earlier: Source, source: Source, diff: Key) -> BuildError:
    group = ", ".join(filter(None, (diff.tiltaksgruppe, diff.tiltak, diff.hovedgruppe)))
    return BuildError(
        f"{earlier.export.path} and {source.export.path} both end "
        f"{source.export.period.label!r} but differ, first at {diff.region}, "
        f"{group}, {diff.month}: "
        f"{_plain(earlier.count(*diff))} in {earlier.export.path.name}, "
        f"{_plain(source.count(*diff))} in {source.export.path.name}; "
        "expected one to be named in 'prefer' in content/site.toml"
    )


def revisions(sources: list[Source], owner: Owners) -> list[Revision]:
    """Every value of an export that the export owning its month (and part) changed."""
    found = []
    for source in sources:
        for month in source.months:
            winner = owner[(month, source.part)]
            if winner is source or winner.export.period.last == source.export.period.last:
                continue
            for key in sorted(set(source.cells) | set(winner.cells)):
                if key.month != month:
                    continue
                old, new = source.count(*key), winner.count(*key)
                if old != new:
                    found.append(
                        Revision(key.month, key.region, key.tiltaksgruppe, key.hovedgruppe, old,
                                 new, source.export.path.name, winner.export.path.name, key.tiltak)
                    )  # fmt: skip
    return sorted(found, key=lambda r: (r.month, r.new_file, r.region, r.tiltaksgruppe))
