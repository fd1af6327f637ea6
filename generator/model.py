"""The dataset the site is built from: every export's cells on one complete grid.

The export leaves out what is zero: a region missing from a table, a month missing from a
table's header, a hovedgruppe table missing from part two. Here those cells are filled in as
exact zeros (flagged ``i_eksporten = False``), so every later stage can look up any
month × region × tiltaksgruppe × hovedgruppe and sum honestly.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from generator.errors import BuildError
from generator.numbers import Count
from generator.read_export import Export, to_frame
from generator.regions import ROLE_COUNTY, ROLE_NATIONAL, Region, RegionCatalog

ALL = ""  # the hovedgruppe of the tables of all hovedgrupper


@dataclass
class Dataset:
    frame: pd.DataFrame
    exports: list[Export]
    months: list[str]
    tiltaksgrupper: list[str]
    hovedgrupper: list[str]
    regions: list[Region]  # the country, the counties in code order, then the pseudo-regions
    _cells: dict[tuple[str, str, str, str], Count] = field(repr=False, default_factory=dict)

    @property
    def counties(self) -> list[Region]:
        return [r for r in self.regions if r.role == ROLE_COUNTY]

    @property
    def national(self) -> Region:
        return next(r for r in self.regions if r.role == ROLE_NATIONAL)

    @property
    def latest_month(self) -> str:
        return self.months[-1]

    def count(self, region: str, tiltaksgruppe: str, hovedgruppe: str, month: str) -> Count:
        return self._cells.get((region, tiltaksgruppe, hovedgruppe, month), Count.exact(0))

    def series(self, region: str, tiltaksgruppe: str, hovedgruppe: str = ALL) -> list[Count]:
        return [self.count(region, tiltaksgruppe, hovedgruppe, m) for m in self.months]

    def total(self, region: str, month: str, hovedgruppe: str = ALL) -> Count:
        """All tiltaksgrupper together: an interval when any of them is hidden."""
        return Count.total(self.count(region, tg, hovedgruppe, month) for tg in self.tiltaksgrupper)

    def total_series(self, region: str, hovedgruppe: str = ALL) -> list[Count]:
        return [self.total(region, m, hovedgruppe) for m in self.months]


def _ordered_union(lists: list[list[str]]) -> list[str]:
    seen: dict[str, None] = {}
    for items in lists:
        for item in items:
            seen.setdefault(item, None)
    return list(seen)


def _complete(export: Export, printed: pd.DataFrame, regions: dict[str, Region]) -> pd.DataFrame:
    """Fill in the cells the export leaves out (absent = 0) for one export."""
    months = export.period.months
    tiltaksgrupper = _ordered_union([[t.tiltaksgruppe for t in export.tables]])
    hovedgrupper = _ordered_union([[t.hovedgruppe for t in export.tables if t.hovedgruppe]])
    header_lines = {(t.tiltaksgruppe, t.hovedgruppe): t.header_line for t in export.tables}
    index = pd.MultiIndex.from_product(
        [months, list(regions), tiltaksgrupper, [ALL, *hovedgrupper]],
        names=["periode", "region", "tiltaksgruppe", "hovedgruppe"],
    )
    full = (
        printed.set_index(["periode", "region", "tiltaksgruppe", "hovedgruppe"])
        .reindex(index)
        .reset_index()
    )
    absent = full["fil"].isna()
    full["i_eksporten"] = ~absent
    full.loc[absent, "deltakere"] = 0
    full.loc[absent, "skjult"] = False
    full.loc[absent, "fil"] = export.path.name
    full["linje"] = full["linje"].astype("Int64")
    lines = [
        header_lines.get((tg, hg))
        for tg, hg in zip(
            full.loc[absent, "tiltaksgruppe"], full.loc[absent, "hovedgruppe"], strict=True
        )
    ]
    full.loc[absent, "linje"] = pd.array(lines, dtype="Int64")
    full["rolle"] = full["region"].map(lambda name: regions[name].role)
    full["fylkesnummer"] = full["region"].map(lambda name: regions[name].code)
    full["region_label"] = full["region_label"].fillna("")
    full["skjult"] = full["skjult"].astype(bool)
    full["deltakere"] = full["deltakere"].astype("Int64")
    return full


def build_dataset(exports: list[Export], catalog: RegionCatalog) -> Dataset:
    """Put all exports on one grid; a month may come from one export only."""
    if not exports:
        raise BuildError("no export to build from")
    owner: dict[str, Path] = {}
    frames: list[pd.DataFrame] = []
    region_objects: dict[str, Region] = {}
    for export in exports:
        for month in export.period.months:
            if month in owner:
                raise BuildError(
                    f"{export.path}: month {month} is also in {owner[month]}: "
                    "expected each month in one export only"
                )
            owner[month] = export.path
        printed = to_frame(export, catalog)
        regions_here: dict[str, Region] = {}
        for table in export.tables:
            for row in [table.total, *table.rows]:
                if row is not None:
                    region = catalog.classify(row.label, table.months[0], export.path, row.line)
                    regions_here.setdefault(region.name, region)
        region_objects.update(regions_here)
        frames.append(_complete(export, printed, regions_here))
    frame = pd.concat(frames, ignore_index=True)
    regions = sorted(region_objects.values(), key=lambda r: r.sort_key)
    tiltaksgrupper = _ordered_union([[t.tiltaksgruppe for t in e.tables] for e in exports])
    hovedgrupper = _ordered_union(
        [[t.hovedgruppe for t in e.tables if t.hovedgruppe] for e in exports]
    )
    orders = {
        "region": {r.name: i for i, r in enumerate(regions)},
        "tiltaksgruppe": {name: i for i, name in enumerate(tiltaksgrupper)},
        "hovedgruppe": {name: i for i, name in enumerate([ALL, *hovedgrupper])},
    }
    frame = frame.sort_values(
        ["periode", "region", "tiltaksgruppe", "hovedgruppe"],
        key=lambda col: col.map(orders[col.name]) if col.name in orders else col,
        kind="stable",
    ).reset_index(drop=True)
    cells = {
        (region, tg, hg, month): Count.hidden() if hidden else Count.exact(int(value))
        for month, region, tg, hg, value, hidden in zip(
            frame["periode"],
            frame["region"],
            frame["tiltaksgruppe"],
            frame["hovedgruppe"],
            frame["deltakere"],
            frame["skjult"],
            strict=True,
        )
    }
    return Dataset(
        frame=frame,
        exports=exports,
        months=sorted(owner),
        tiltaksgrupper=tiltaksgrupper,
        hovedgrupper=hovedgrupper,
        regions=regions,
        _cells=cells,
    )
