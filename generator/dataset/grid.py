"""The dataset the site is built from: every export's cells on one complete grid.

The export leaves out what is zero: a region missing from a table, a month missing from a
table's header, a hovedgruppe table missing from part two. Here those cells are filled in as
exact zeros (flagged ``i_eksporten = False``), so every later stage can look up any
month × region × tiltaksgruppe × hovedgruppe (× tiltak) (generator/dataset/dimensions.py) and
sum honestly. Where TILT workbooks give a tiltaksgruppe by tiltak, its total is the sum of its
tiltak: a range wherever one of them is hidden, never an exact figure.

Several exports make one monthly series: the one whose period ends later wins each month
(generator/dataset/revisions.py); a month of TILT workbooks is won code by code.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass, field

import pandas as pd

from generator.dataset import shapes
from generator.dataset.cells import ABSENT, Cells, Source, cells_of, derived_totals
from generator.dataset.dimensions import ALL, REQUIRED, Breakdown, Dimension
from generator.dataset.dimensions import lookup_key as _key
from generator.dataset.revisions import Owners, Revision, owners, revisions
from generator.errors import BuildError
from generator.numbers import Count
from generator.source.records import to_frame
from generator.source.regions import ROLE_COUNTY, ROLE_NATIONAL, Region, RegionCatalog
from generator.source.tilt import TILT_TOTALS_FORMAT, KommuneRecord, TiltExport
from generator.source.tilt_records import kommune_records, tilt_frame
from generator.source.tilt_reference import default_reference
from generator.source.types import Export

__all__ = [
    "ALL",
    "KEY",
    "Breakdown",
    "Dataset",
    "KommuneRecord",
    "Revision",
    "Source",
    "build_dataset",
]

_FRAME_DIMENSIONS = (
    Dimension.MONTH,
    Dimension.REGION,
    Dimension.TILTAKSGRUPPE,
    Dimension.HOVEDGRUPPE,
    Dimension.TILTAK,
)
KEY = [dimension.value for dimension in _FRAME_DIMENSIONS]
"""The frame's key columns, in the order it is sorted by."""


@dataclass
class Dataset:
    """Every month's counts from the export that owns it, with what the site needs to name them.

    ``count`` and ``series`` take an optional tiltak, where a source breaks tiltaksgrupper down
    by tiltak; without one they give the tiltaksgruppe's total, as the text export prints it
    (or, from TILT workbooks, the sum of its tiltak). ``frame`` holds the printed counts, with
    a ``tiltak`` column (empty for a tiltaksgruppe's total). Not every month is broken down by
    every dimension: ``breakdowns()`` says which months are, by county or nationwide only, and
    ``group_months`` the months each tiltaksgruppe is given by county.
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
    tiltak: dict[str, list[str]] = field(default_factory=dict)  # tiltaksgruppe → its tiltak
    group_months: dict[str, list[str]] = field(default_factory=dict)
    kommuner: list[KommuneRecord] = field(default_factory=list)  # TILT kommune sheets, as printed
    _breakdowns: dict[Dimension, Breakdown] = field(repr=False, default_factory=dict)
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

    def breakdowns(self) -> dict[Dimension, Breakdown]:
        """For each optional dimension the sources give (hovedgruppe, tiltak), the months it
        exists for every county and those it exists for the whole country only: a text export
        has hovedgrupper by county, TILT workbooks by tiltak, and hovedgrupper nationwide."""
        return dict(self._breakdowns)

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


def _complete(export: Export, printed: pd.DataFrame, regions: dict[str, Region]) -> pd.DataFrame:
    """Fill in the cells one export leaves out (absent = 0)."""
    index, header_lines = shapes.grid_index(export, regions, KEY)
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
            full.loc[absent, "tiltaksgruppe"],
            full.loc[absent, "hovedgruppe"],
            full.loc[absent, "tiltak"],
            strict=True,
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
    if isinstance(export, TiltExport):
        printed = tilt_frame(export, catalog)
    else:
        printed = to_frame(export, catalog)
        printed[Dimension.TILTAK.value] = ALL
    seen = printed[["region", "rolle", "fylkesnummer"]].drop_duplicates()
    regions = [catalog.region(*row) for row in seen.itertuples(index=False, name=None)]
    return printed, regions


def _kommuner(
    exports: list[Export], catalog: RegionCatalog
) -> tuple[list[list[KommuneRecord]], list[Region]]:
    """Each export's kommune records (none but from TILT workbooks), and their counties."""
    records = [kommune_records(e, catalog) if isinstance(e, TiltExport) else [] for e in exports]
    codes = {r.fylkesnummer for found in records for r in found}
    return records, [r for r in catalog.counties if r.code in codes]


def _sorted(
    frame: pd.DataFrame,
    regions: list[Region],
    tiltaksgrupper: list[str],
    hovedgrupper: list[str],
    tiltak: dict[str, list[str]],
) -> pd.DataFrame:
    """By month, then regions, tiltaksgrupper, hovedgrupper and tiltak in the site's order."""
    every_tiltak = [ALL, *(name for names in tiltak.values() for name in names)]
    orders = {
        "region": {r.name: i for i, r in enumerate(regions)},
        "tiltaksgruppe": {name: i for i, name in enumerate(tiltaksgrupper)},
        "hovedgruppe": {name: i for i, name in enumerate([ALL, *hovedgrupper])},
        "tiltak": {name: i for i, name in enumerate(dict.fromkeys(every_tiltak))},
    }
    return frame.sort_values(
        KEY,
        key=lambda col: col.map(orders[col.name]) if col.name in orders else col,
        kind="stable",
    ).reset_index(drop=True)


def build_dataset(
    exports: list[Export], catalog: RegionCatalog, prefer: Iterable[str] = ()
) -> Dataset:
    """Put all exports on one grid, the latest export winning each month (and part)."""
    if not exports:
        raise BuildError("no export to build from")
    read = [_read_source(export, catalog) for export in exports]
    kommuner, kommune_counties = _kommuner(exports, catalog)
    names = _unique_names([*(r for _, regions in read for r in regions), *kommune_counties])
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
        cells = cells_of(frame)
        derived = derived_totals(cells) if isinstance(export, TiltExport) else {}
        sources.append(Source(export, cells, derived))

    owner = owners(sources, prefer)
    months = sorted({month for month, _ in owner})
    frame = pd.concat(
        [
            f[f["periode"].map(lambda m, s=s: owner[(m, s.part)] is s)]
            for s, f in zip(sources, frames, strict=True)
        ],
        ignore_index=True,
    )
    del frames, read
    regions = sorted(all_regions.values(), key=lambda r: r.sort_key)
    tiltaksgrupper = shapes.ordered_union(shapes.tiltaksgrupper_of(e) for e in exports)
    hovedgrupper = shapes.ordered_union(shapes.hovedgrupper_of(e) for e in exports)
    tiltak = shapes.tiltak_of(exports, default_reference().order)
    frame = _sorted(frame, regions, tiltaksgrupper, hovedgrupper, tiltak)
    present = frame.groupby("region", sort=False)["periode"].unique()
    return Dataset(
        frame=frame,
        sources=sources,
        months=months,
        tiltaksgrupper=tiltaksgrupper,
        hovedgrupper=hovedgrupper,
        regions=regions,
        revisions=revisions(sources, owner),
        owner=_owner_names(owner),
        region_months={str(region): sorted(ms) for region, ms in present.items()},
        dimensions=frozenset().union(*(s.provides.all_dimensions for s in sources)),
        tiltak=tiltak,
        group_months=shapes.group_months(owner, tiltaksgrupper),
        kommuner=_owned_kommuner(sources, kommuner, owner, names),
        _breakdowns=shapes.breakdowns(owner),
        _cells=_owned_cells(sources, owner),
    )


def _owner_names(owner: Owners) -> dict[str, str]:
    """Month → the file it comes from (the TILT workbooks of a month, comma-separated)."""
    files: dict[str, set[str]] = {}
    for (month, _), source in owner.items():
        files.setdefault(month, set()).add(source.export.path.name)
    return {month: ", ".join(sorted(names)) for month, names in sorted(files.items())}


def _owned_cells(sources: list[Source], owner: Owners) -> Cells:
    """Every source's cells of the months (and parts) it owns, built already: the derived
    totals first, then the printed cells over them, TILT100's before the more detailed
    TILT110-TILT180's (a printed total beats a sum of parts with hidden cells)."""
    cells: Cells = {}
    for source in sources:
        cells.update(
            (k, v) for k, v in source.derived.items() if owner[(k.month, source.part)] is source
        )
    for source in sorted(sources, key=lambda s: s.export.format != TILT_TOTALS_FORMAT):
        cells.update(
            (k, v) for k, v in source.cells.items() if owner[(k.month, source.part)] is source
        )
    return cells


def _owned_kommuner(
    sources: list[Source],
    kommuner: list[list[KommuneRecord]],
    owner: Owners,
    names: dict[tuple[str, str], Region],
) -> list[KommuneRecord]:
    """The kommune records of the months (and parts) each source owns, with the counties'
    names as the site shows them."""
    owned = []
    for source, records in zip(sources, kommuner, strict=True):
        for record in records:
            if owner[(record.periode, source.part)] is source:
                shown = names.get((record.fylke, record.fylkesnummer))
                owned.append(record._replace(fylke=shown.name) if shown is not None else record)
    return owned
