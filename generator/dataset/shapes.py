"""What each shape of input gives on the grid: which cells it covers (so that the ones it
leaves out are known zeros), and for which months the dataset breaks counts down by what.

A text export covers every region × tiltaksgruppe × hovedgruppe of its tables; a TILT
workbook every region × tiltak of its county blocks, and the whole country × tiltak × status
group of its status sheet, but no status group by county.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable

import pandas as pd

from generator.dataset.cells import WHOLE, Source
from generator.dataset.dimensions import ALL, REQUIRED, Breakdown, Dimension
from generator.dataset.revisions import Owners
from generator.source.regions import ROLE_NATIONAL, Region
from generator.source.tilt import TiltExport
from generator.source.types import Export

GridKey = tuple[str, str, str]
"""(tiltaksgruppe, hovedgruppe, tiltak): a group of cells with one header line."""


def ordered_union(lists: Iterable[Iterable[str]]) -> list[str]:
    seen: dict[str, None] = {}
    for items in lists:
        for item in items:
            seen.setdefault(item, None)
    return list(seen)


def grid_index(
    export: Export, regions: dict[str, Region], names: list[str]
) -> tuple[pd.MultiIndex, dict[GridKey, int]]:
    """Every cell the export covers, printed or not, as an index over the frame's key columns
    ``names``; and the header line of each group of cells, to point at a cell left out."""
    months = export.period.months
    if not isinstance(export, TiltExport):
        tiltaksgrupper = ordered_union([[t.tiltaksgruppe for t in export.tables]])
        hovedgrupper = ordered_union([[t.hovedgruppe for t in export.tables if t.hovedgruppe]])
        index = pd.MultiIndex.from_product(
            [months, list(regions), tiltaksgrupper, [ALL, *hovedgrupper], [ALL]], names=names
        )
        return index, {(t.tiltaksgruppe, t.hovedgruppe, ALL): t.header_line for t in export.tables}
    lines: dict[GridKey, int] = {
        (t.tiltaksgruppe, ALL, t.tiltak): t.header_line for t in export.tables
    }
    by_county = list(dict.fromkeys((t.tiltaksgruppe, t.tiltak) for t in export.tables))
    keys = [
        (month, region, tg, ALL, tiltak)
        for month, region, (tg, tiltak) in itertools.product(months, regions, by_county)
    ]
    national = [name for name, region in regions.items() if region.role == ROLE_NATIONAL]
    status = list(dict.fromkeys((c.tiltaksgruppe, c.tiltak) for c in export.status))
    hovedgrupper = list(dict.fromkeys(c.hovedgruppe for c in export.status))
    keys += [
        (month, region, tg, hg, tiltak)
        for month, region, (tg, tiltak), hg in itertools.product(
            months, national, status, hovedgrupper
        )
    ]
    lines.update({(c.tiltaksgruppe, c.hovedgruppe, c.tiltak): c.header_line for c in export.status})
    return pd.MultiIndex.from_tuples(keys, names=names), lines


def tiltaksgrupper_of(export: Export) -> list[str]:
    """The export's tiltaksgrupper, in the order it gives them."""
    status = export.status if isinstance(export, TiltExport) else []
    return ordered_union(
        [[t.tiltaksgruppe for t in export.tables], [c.tiltaksgruppe for c in status]]
    )


def hovedgrupper_of(export: Export) -> list[str]:
    status = export.status if isinstance(export, TiltExport) else []
    return ordered_union(
        [[t.hovedgruppe for t in export.tables if t.hovedgruppe], [c.hovedgruppe for c in status]]
    )


def tiltak_of(exports: list[Export], order: dict[str, int]) -> dict[str, list[str]]:
    """Each tiltaksgruppe's tiltak, where an export breaks it down by tiltak, in ``order``."""
    found: dict[str, set[str]] = {}
    for export in exports:
        if isinstance(export, TiltExport):
            for tg, tiltak in [(t.tiltaksgruppe, t.tiltak) for t in export.tables] + [
                (c.tiltaksgruppe, c.tiltak) for c in export.status
            ]:
                if tiltak:
                    found.setdefault(tg, set()).add(tiltak)
    return {
        tg: sorted(names, key=lambda name: (order.get(name, len(order)), name))
        for tg, names in found.items()
    }


def _broken_down_by(source: Source) -> tuple[set[Dimension], set[Dimension]]:
    """The optional dimensions a source's counts are broken down by: (by county, nationwide
    only), as its format declares them and as far as it has any such counts."""
    export, provides = source.export, source.provides
    has = {
        Dimension.HOVEDGRUPPE: any(t.hovedgruppe for t in export.tables)
        or (isinstance(export, TiltExport) and bool(export.status)),
        Dimension.TILTAK: any(t.tiltak for t in export.tables),
    }
    by_county = {d for d in provides.dimensions - REQUIRED if has.get(d)}
    nationwide = {d for d in provides.nationwide_only if has.get(d)}
    return by_county, nationwide


def breakdowns(owner: Owners) -> dict[Dimension, Breakdown]:
    """For each optional dimension, the months the dataset has it by county and nationwide."""
    by_county: dict[Dimension, set[str]] = {}
    nationwide: dict[Dimension, set[str]] = {}
    for (month, _), source in owner.items():
        county_level, national_level = _broken_down_by(source)
        for dimension in county_level:
            by_county.setdefault(dimension, set()).add(month)
        for dimension in county_level | national_level:
            nationwide.setdefault(dimension, set()).add(month)
    return {
        dimension: Breakdown(
            dimension, tuple(sorted(by_county.get(dimension, ()))), tuple(sorted(months))
        )
        for dimension, months in sorted(nationwide.items())
    }


def group_months(owner: Owners, tiltaksgrupper: list[str]) -> dict[str, list[str]]:
    """The months each tiltaksgruppe is given by county: every month of a text export (which
    leaves out only what is zero), and the months of the TILT workbook that holds it."""
    months: dict[str, set[str]] = {tg: set() for tg in tiltaksgrupper}
    for (month, part), source in owner.items():
        groups = (
            tiltaksgrupper if part == WHOLE else [t.tiltaksgruppe for t in source.export.tables]
        )
        for tg in groups:
            months.setdefault(tg, set()).add(month)
    return {tg: sorted(found) for tg, found in months.items()}
