"""The dataset the site is built from: every export's cells on one complete grid.

The export leaves out what is zero: a region missing from a table, a month missing from a
table's header, a hovedgruppe table missing from part two. Here those cells are filled in as
exact zeros (flagged ``i_eksporten = False``), so every later stage can look up any
month × region × tiltaksgruppe × hovedgruppe (generator/dataset/dimensions.py) and sum honestly.

Several exports make one monthly series: the one whose period ends later wins each month
(generator/dataset/revisions.py).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass, field

import pandas as pd

from generator.dataset.cells import ABSENT, Cells, Source, cells_of
from generator.dataset.dimensions import ALL, REQUIRED, Dimension
from generator.dataset.dimensions import lookup_key as _key
from generator.dataset.revisions import Revision, owners, revisions
from generator.errors import BuildError
from generator.numbers import Count
from generator.source.records import to_frame
from generator.source.regions import ROLE_COUNTY, ROLE_NATIONAL, Region, RegionCatalog
from generator.source.types import Export

__all__ = ["ALL", "KEY", "Dataset", "Revision", "Source", "build_dataset"]

_FRAME_DIMENSIONS = (
    Dimension.MONTH,
    Dimension.REGION,
    Dimension.TILTAKSGRUPPE,
    Dimension.HOVEDGRUPPE,
)
KEY = [dimension.value for dimension in _FRAME_DIMENSIONS]
"""The frame's key columns, in the order it is sorted by."""


@dataclass
class Dataset:
    """Every month's counts from the export that owns it, with what the site needs to name them.

    ``count`` and ``series`` take an optional tiltak, where a source breaks tiltaksgrupper down
    by tiltak; without one they give the tiltaksgruppe's total, as the text export prints it.
    """

    frame: pd.DataFrame
    sources: list[Source]
    months: list[str]
    tiltaksgrupper: list[str]
    hovedgrupper: list[str]
    regions: list[Region]  # the country, the counties in code order, then the pseudo-regions
    revisions: list[Revision] = field(default_factory=list)
    owner: dict[str, str] = field(default_factory=dict)  # month → file name it comes from
    region_months: dict[str, list[str]] = field(default_factory=dict)
    dimensions: frozenset[Dimension] = REQUIRED  # what the sources give counts by
    _cells: Cells = field(repr=False, default_factory=dict)

    @property
    def exports(self) -> list[Export]:
        return [s.export for s in self.sources]

    @property
    def counties(self) -> list[Region]:
        return [r for r in self.regions if r.role == ROLE_COUNTY]

    @property
    def national(self) -> Region:
        return next(r for r in self.regions if r.role == ROLE_NATIONAL)

    @property
    def latest_month(self) -> str:
        return self.months[-1]

    def months_of(self, region: str) -> list[str]:
        """The months a region has data for (a county exists only in its own era)."""
        return self.region_months.get(region, [])

    def count(
        self, region: str, tiltaksgruppe: str, hovedgruppe: str, month: str, tiltak: str = ALL
    ) -> Count:
        if tiltak and Dimension.TILTAK not in self.dimensions:
            raise ValueError(f"tiltak {tiltak!r}: no source of this dataset is split by tiltak")
        return self._cells.get(_key(region, tiltaksgruppe, hovedgruppe, month, tiltak), ABSENT)

    def series(
        self,
        region: str,
        tiltaksgruppe: str,
        hovedgruppe: str = ALL,
        months: Iterable[str] | None = None,
        tiltak: str = ALL,
    ) -> list[Count]:
        months = self.months if months is None else months
        return [self.count(region, tiltaksgruppe, hovedgruppe, m, tiltak) for m in months]

    def total(self, region: str, month: str, hovedgruppe: str = ALL) -> Count:
        """All tiltaksgrupper together: an interval when any of them is hidden."""
        return Count.total(self.count(region, tg, hovedgruppe, month) for tg in self.tiltaksgrupper)

    def total_series(
        self, region: str, hovedgruppe: str = ALL, months: Iterable[str] | None = None
    ) -> list[Count]:
        months = self.months if months is None else months
        return [self.total(region, m, hovedgruppe) for m in months]


def _ordered_union(lists: Iterable[Iterable[str]]) -> list[str]:
    seen: dict[str, None] = {}
    for items in lists:
        for item in items:
            seen.setdefault(item, None)
    return list(seen)


def _complete(export: Export, printed: pd.DataFrame, regions: dict[str, Region]) -> pd.DataFrame:
    """Fill in the cells one export leaves out (absent = 0)."""
    tiltaksgrupper = _ordered_union([[t.tiltaksgruppe for t in export.tables]])
    hovedgrupper = _ordered_union([[t.hovedgruppe for t in export.tables if t.hovedgruppe]])
    header_lines = {(t.tiltaksgruppe, t.hovedgruppe): t.header_line for t in export.tables}
    index = pd.MultiIndex.from_product(
        [export.period.months, list(regions), tiltaksgrupper, [ALL, *hovedgrupper]], names=KEY
    )
    full = printed.set_index(KEY).reindex(index).reset_index()
    absent = full["fil"].isna()
    full["i_eksporten"] = ~absent
    full.loc[absent, "deltakere"] = 0
    full.loc[absent, "skjult"] = False
    full.loc[absent, "fil"] = export.path.name
    full["linje"] = full["linje"].astype("Int64")
    lines = [
        header_lines.get(key)
        for key in zip(
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


def _unique_names(regions: Iterable[Region]) -> dict[tuple[str, str], Region]:
    """Two counties may share a name across reforms (Troms 19 and Troms 55): tell them apart."""
    by_name: dict[str, list[Region]] = {}
    for region in regions:
        by_name.setdefault(region.name, [])
        if region not in by_name[region.name]:
            by_name[region.name].append(region)
    renamed: dict[tuple[str, str], Region] = {}
    for name, same in by_name.items():
        for region in same:
            shown = region
            if len(same) > 1:
                until = region.valid_to[:4]
                era = f"fra {region.valid_from[:4]}" if until == "9999" else f"til {until}"
                shown = dataclasses.replace(region, name=f"{name} ({era})")
            renamed[(name, region.code)] = shown
    return renamed


def _read_source(export: Export, catalog: RegionCatalog) -> tuple[pd.DataFrame, list[Region]]:
    """The printed cells, and the export's regions in the order they first appear."""
    printed = to_frame(export, catalog)
    seen = printed[["region", "rolle", "fylkesnummer"]].drop_duplicates()
    regions = [catalog.region(*row) for row in seen.itertuples(index=False, name=None)]
    return printed, regions


def _sorted(
    frame: pd.DataFrame, regions: list[Region], tiltaksgrupper: list[str], hovedgrupper: list[str]
) -> pd.DataFrame:
    """By month, then regions, tiltaksgrupper and hovedgrupper in the site's order."""
    orders = {
        "region": {r.name: i for i, r in enumerate(regions)},
        "tiltaksgruppe": {name: i for i, name in enumerate(tiltaksgrupper)},
        "hovedgruppe": {name: i for i, name in enumerate([ALL, *hovedgrupper])},
    }
    return frame.sort_values(
        KEY,
        key=lambda col: col.map(orders[col.name]) if col.name in orders else col,
        kind="stable",
    ).reset_index(drop=True)


def build_dataset(
    exports: list[Export], catalog: RegionCatalog, prefer: Iterable[str] = ()
) -> Dataset:
    """Put all exports on one grid, the latest export winning each month."""
    if not exports:
        raise BuildError("no export to build from")
    read = [_read_source(export, catalog) for export in exports]
    names = _unique_names(r for _, regions in read for r in regions)
    sources: list[Source] = []
    frames: list[pd.DataFrame] = []
    all_regions: dict[str, Region] = {}
    for export, (printed, regions) in zip(exports, read, strict=True):
        shown = {r.name: names[(r.name, r.code)] for r in regions}
        printed["region"] = [
            shown[name].name if name in shown else name for name in printed["region"]
        ]
        here = {shown[r.name].name: shown[r.name] for r in regions}
        all_regions.update(here)
        frame = _complete(export, printed, here)
        frames.append(frame)
        sources.append(Source(export, cells_of(frame)))

    owner = owners(sources, prefer)
    months = sorted(owner)
    frame = pd.concat(
        [
            f[f["periode"].map(lambda m, s=s: owner[m] is s)]
            for s, f in zip(sources, frames, strict=True)
        ],
        ignore_index=True,
    )
    del frames, read
    regions = sorted(all_regions.values(), key=lambda r: r.sort_key)
    tiltaksgrupper = _ordered_union([t.tiltaksgruppe for t in e.tables] for e in exports)
    hovedgrupper = _ordered_union(
        [t.hovedgruppe for t in e.tables if t.hovedgruppe] for e in exports
    )
    frame = _sorted(frame, regions, tiltaksgrupper, hovedgrupper)
    present = frame.groupby("region", sort=False)["periode"].unique()
    return Dataset(
        frame=frame,
        sources=sources,
        months=months,
        tiltaksgrupper=tiltaksgrupper,
        hovedgrupper=hovedgrupper,
        regions=regions,
        revisions=revisions(sources, owner),
        owner={m: s.export.path.name for m, s in owner.items()},
        region_months={str(region): sorted(ms) for region, ms in present.items()},
        dimensions=frozenset().union(*(s.provides.dimensions for s in sources)),
        # Every source's cells are built already: keep those of the months it owns.
        _cells={k: v for s in sources for k, v in s.cells.items() if owner[k.month] is s},
    )
