"""The dataset the site is built from: every export's cells on one complete grid.

The export leaves out what is zero: a region missing from a table, a month missing from a
table's header, a hovedgruppe table missing from part two. Here those cells are filled in as
exact zeros (flagged ``i_eksporten = False``), so every later stage can look up any
month × region × tiltaksgruppe × hovedgruppe and sum honestly.

Several exports make one monthly series. Where two cover the same month, the one whose period
ends later wins, and every value it changes is a revision. Two exports with the same period end
that disagree are an error, unless the publisher has said which one wins.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass, field

import pandas as pd

from generator.errors import BuildError
from generator.numbers import Count
from generator.source.records import to_frame
from generator.source.regions import ROLE_COUNTY, ROLE_NATIONAL, Region, RegionCatalog
from generator.source.types import Export

ALL = ""  # the hovedgruppe of the tables of all hovedgrupper
KEY = ["periode", "region", "tiltaksgruppe", "hovedgruppe"]
Cells = dict[tuple[str, str, str, str], Count]
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

    def count(self, region: str, tiltaksgruppe: str, hovedgruppe: str, month: str) -> Count:
        return self.cells.get((region, tiltaksgruppe, hovedgruppe, month), ABSENT)


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

    def __str__(self) -> str:
        group = (
            f"{self.tiltaksgruppe}, {self.hovedgruppe}" if self.hovedgruppe else self.tiltaksgruppe
        )
        return (
            f"{self.month} {self.region}, {group}: {_plain(self.old)} → {_plain(self.new)} "
            f"({self.old_file} → {self.new_file})"
        )


@dataclass
class Dataset:
    frame: pd.DataFrame
    sources: list[Source]
    months: list[str]
    tiltaksgrupper: list[str]
    hovedgrupper: list[str]
    regions: list[Region]  # the country, the counties in code order, then the pseudo-regions
    revisions: list[Revision] = field(default_factory=list)
    owner: dict[str, str] = field(default_factory=dict)  # month → file name it comes from
    region_months: dict[str, list[str]] = field(default_factory=dict)
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

    def count(self, region: str, tiltaksgruppe: str, hovedgruppe: str, month: str) -> Count:
        return self._cells.get((region, tiltaksgruppe, hovedgruppe, month), ABSENT)

    def series(
        self,
        region: str,
        tiltaksgruppe: str,
        hovedgruppe: str = ALL,
        months: Iterable[str] | None = None,
    ) -> list[Count]:
        months = self.months if months is None else months
        return [self.count(region, tiltaksgruppe, hovedgruppe, m) for m in months]

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


def _cells(frame: pd.DataFrame) -> Cells:
    # One Count per distinct value, shared (Counts are immutable): a ten-year series has a
    # hundred thousand cells but only some thousands of distinct counts.
    shared: dict[int, Count] = {}
    hidden_count = Count.hidden()

    def exact(value: int) -> Count:
        count = shared.get(value)
        if count is None:
            count = shared[value] = Count.exact(value)
        return count

    return {
        (region, tg, hg, month): hidden_count if hidden else exact(int(value))
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


def _first_difference(a: Source, b: Source, months: list[str]) -> tuple | None:
    keys = sorted(k for k in set(a.cells) | set(b.cells) if k[3] in months)
    for key in keys:
        if a.cells.get(key, ABSENT) != b.cells.get(key, ABSENT):
            return key
    return None


def _owners(sources: list[Source], prefer: Iterable[str]) -> dict[str, Source]:
    """For each month, the export it is taken from: the one whose period ends latest."""
    preferred = set(prefer)
    owner: dict[str, Source] = {}
    for source in sorted(sources, key=lambda s: (s.export.period.last, s.export.path.name)):
        for month in source.months:
            earlier = owner.get(month)
            if earlier is None or earlier.export.period.last < source.export.period.last:
                owner[month] = source
                continue
            # Same period end: fine when they agree, else the publisher must choose.
            names = {earlier.export.path.name, source.export.path.name}
            chosen = names & preferred
            if len(chosen) == 1:
                owner[month] = source if source.export.path.name in chosen else earlier
                continue
            diff = _first_difference(earlier, source, [month])
            if diff is not None:
                month_, region, tg, hg = diff[3], diff[0], diff[1], diff[2]
                raise BuildError(
                    f"{earlier.export.path} and {source.export.path} both end "
                    f"{source.export.period.label!r} but differ, first at {region}, "
                    f"{tg}{', ' + hg if hg else ''}, {month_}: "
                    f"{_plain(earlier.count(*diff))} in {earlier.export.path.name}, "
                    f"{_plain(source.count(*diff))} in {source.export.path.name}; "
                    "expected one to be named in 'prefer' in content/site.toml"
                )
    return owner


def _plain(count: Count) -> str:
    return "*" if count == Count.hidden() else str(count.lo)


def _revisions(sources: list[Source], owner: dict[str, Source]) -> list[Revision]:
    revisions = []
    for source in sources:
        for month in source.months:
            winner = owner[month]
            if winner is source or winner.export.period.last == source.export.period.last:
                continue
            for key in sorted(set(source.cells) | set(winner.cells)):
                if key[3] != month:
                    continue
                old, new = source.count(*key), winner.count(*key)
                if old != new:
                    revisions.append(
                        Revision(month, key[0], key[1], key[2], old, new,
                                 source.export.path.name, winner.export.path.name)
                    )  # fmt: skip
    return sorted(revisions, key=lambda r: (r.month, r.new_file, r.region, r.tiltaksgruppe))


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
        sources.append(Source(export, _cells(frame)))

    owner = _owners(sources, prefer)
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
    orders = {
        "region": {r.name: i for i, r in enumerate(regions)},
        "tiltaksgruppe": {name: i for i, name in enumerate(tiltaksgrupper)},
        "hovedgruppe": {name: i for i, name in enumerate([ALL, *hovedgrupper])},
    }
    frame = frame.sort_values(
        KEY,
        key=lambda col: col.map(orders[col.name]) if col.name in orders else col,
        kind="stable",
    ).reset_index(drop=True)
    present = frame.groupby("region", sort=False)["periode"].unique()
    return Dataset(
        frame=frame,
        sources=sources,
        months=months,
        tiltaksgrupper=tiltaksgrupper,
        hovedgrupper=hovedgrupper,
        regions=regions,
        revisions=_revisions(sources, owner),
        owner={m: s.export.path.name for m, s in owner.items()},
        region_months={str(region): sorted(ms) for region, ms in present.items()},
        # Every source's cells are built already: keep those of the months it owns.
        _cells={k: v for s in sources for k, v in s.cells.items() if owner[k[3]] is s},
    )
