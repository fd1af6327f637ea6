"""Named sanity checks: the export's numbers must add up, with each hidden cell worth 0–3.

A build whose numbers do not add up has misread the file (or the file is damaged), so every
failure names the table, region and month, the range the parts allow and the value found.
Failures are warnings: the build prints them and the site states them; ``--strict`` fails.

One check stops the build instead: ``tables_complete``. NAV leaves out what is zero (a table,
a region's row, a month's column), and the dataset fills those cells in as 0; where the
numbers printed beside such a gap show it cannot be 0, a table or line is missing from the
file, and publishing 0 would be wrong. The reader's own checks stop the build earlier, naming
the line: ``group_names_known`` and ``totals_name_their_tables`` (generator/source/groups.py),
``file_not_cut_off`` and ``one_period`` (generator/source/tables.py).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from generator.dataset.cells import ABSENT
from generator.dataset.dimensions import ALL
from generator.dataset.grid import Dataset
from generator.errors import ExportError
from generator.months import month_name
from generator.numbers import Count, Kind, fmt_count
from generator.source.regions import RegionCatalog, default_catalog
from generator.source.types import Export, Table


@dataclass(frozen=True)
class Failure:
    check: str
    table: str  # the table's group name as printed
    where: str  # file:line of the table
    region: str
    month: str
    expected: Count  # what the parts allow
    found: Count  # what the total row says

    def __str__(self) -> str:
        return (
            f"{self.check}: table {self.table!r} ({self.where}), {self.region}, "
            f"{self.month}: expected {_plain(self.expected)}, found {_plain(self.found)}"
        )

    def published(self, content: Path) -> Failure:
        """The failure as the site shows it: its file named relative to the content folder,
        so the site is the same wherever the content lies."""
        path, _, line = self.where.rpartition(":")
        shown = Path(path)
        try:
            shown = shown.resolve().relative_to(content.resolve())
        except ValueError:
            shown = Path(shown.name)
        return dataclasses.replace(self, where=f"{shown.as_posix()}:{line}")

    def norsk(self) -> str:
        """The same failure in Norwegian, for the site."""
        return (
            f"{self.table}, {self.region}, {month_name(self.month)}: delene summerer til "
            f"{fmt_count(self.expected)}, men totalen er {_norsk_value(self.found)} ({self.where})"
        )


def _plain(count: Count) -> str:
    kind = count.kind
    if kind is Kind.HIDDEN:
        return "* (0-3)"
    return str(count.lo) if kind is Kind.EXACT else f"{count.lo}-{count.hi}"


def _norsk_value(count: Count) -> str:
    return "* (0–3)" if count.kind is Kind.HIDDEN else fmt_count(count)


def _agree(parts: Count, total: Count) -> bool:
    """True when some choice of 0–3 for every hidden cell makes the parts equal the total."""
    return parts.lo <= total.hi and total.lo <= parts.hi


@dataclass(frozen=True)
class CheckResult:
    name: str
    description: str
    compared: int
    failures: list[Failure]


@dataclass(frozen=True)
class Check:
    name: str
    description: str
    run: Callable[[Dataset], tuple[int, list[Failure]]]


def regions_sum_to_total(data: Dataset) -> tuple[int, list[Failure]]:
    compared, failures = 0, []
    national = data.national.name
    for source in data.sources:
        regions = sorted({key.region for key in source.cells} - {national})
        for table in source.export.tables:
            tg, hg = table.tiltaksgruppe, table.hovedgruppe
            for month in table.period.months:
                parts = Count.total(source.count(r, tg, hg, month) for r in regions)
                total = source.count(national, tg, hg, month)
                compared += 1
                if not _agree(parts, total):
                    failures.append(
                        Failure("regions_sum_to_total", table.name, table.where(), national,
                                month, parts, total)
                    )  # fmt: skip
    return compared, failures


def hovedgrupper_sum_to_tiltaksgruppe(data: Dataset) -> tuple[int, list[Failure]]:
    compared, failures = 0, []
    for source in data.sources:
        tables = source.export.tables
        hovedgrupper = sorted({t.hovedgruppe for t in tables if t.hovedgruppe})
        if not hovedgrupper:
            continue
        present = {key.region for key in source.cells}
        regions = [r.name for r in data.regions if r.name in present]
        for table in tables:
            if table.hovedgruppe != ALL:
                continue
            tg = table.tiltaksgruppe
            for region in regions:
                for month in table.period.months:
                    parts = Count.total(source.count(region, tg, hg, month) for hg in hovedgrupper)
                    whole = source.count(region, tg, ALL, month)
                    compared += 1
                    if not _agree(parts, whole):
                        failures.append(
                            Failure("hovedgrupper_sum_to_tiltaksgruppe", table.name,
                                    table.where(), region, month, parts, whole)
                        )  # fmt: skip
    return compared, failures


CHECKS = [
    Check(
        "regions_sum_to_total",
        "Fylkene, Øvrige områder og Ukjent summerer seg til «I alt» i hver tabell.",
        regions_sum_to_total,
    ),
    Check(
        "hovedgrupper_sum_to_tiltaksgruppe",
        "Hovedgruppene summerer seg til tiltaksgruppens total, for hver region.",
        hovedgrupper_sum_to_tiltaksgruppe,
    ),
]


Printed = dict[tuple[str, str, str, str], Count]
"""The counts an export prints, by region, tiltaksgruppe, hovedgruppe and month."""


def _printed(export: Export, catalog: RegionCatalog) -> Printed:
    cells: Printed = {}
    for table in export.tables:
        for row in [table.total, *table.rows] if table.total else table.rows:
            region = catalog.classify(row.label, table.months[0], export.path, row.line).name
            for month, count in zip(table.months, row.counts, strict=True):
                cells[(region, table.tiltaksgruppe, table.hovedgruppe, month)] = count
    return cells


def tables_complete(data: Dataset) -> None:
    """Stop the build where a cell the export leaves out cannot be 0 (ExportError, with line).

    For each tiltaksgruppe split by status group, region and month: if its table of all groups
    counts more than its status-group tables can hold, a status-group cell left out is not 0;
    if they count more than it, its own cell left out is not 0. Disagreements between printed
    cells stay warnings (``hovedgrupper_sum_to_tiltaksgruppe``): a number is wrong, not missing.
    """
    catalog = default_catalog()
    for source in data.sources:
        export = source.export
        hovedgrupper = list(dict.fromkeys(t.hovedgruppe for t in export.tables if t.hovedgruppe))
        if not hovedgrupper:
            continue
        cells = _printed(export, catalog)
        regions = list(dict.fromkeys(region for region, _, _, _ in cells))
        tables = {(t.tiltaksgruppe, t.hovedgruppe): t for t in export.tables}
        for table in export.tables:
            if table.hovedgruppe:
                continue
            for region in regions:
                for month in export.period.months:
                    _cell_complete(cells, tables, table, hovedgrupper, region, month)


def _cell_complete(
    cells: Printed,
    tables: dict[tuple[str, str], Table],
    whole: Table,
    hovedgrupper: list[str],
    region: str,
    month: str,
) -> None:
    tg = whole.tiltaksgruppe
    total = cells.get((region, tg, ALL, month))
    parts = {hg: cells.get((region, tg, hg, month)) for hg in hovedgrupper}
    total_count = ABSENT if total is None else total
    parts_count = Count.total(ABSENT if count is None else count for count in parts.values())
    where = f"{region}, {month_name(month)}"
    if total_count.lo > parts_count.hi and None in parts.values():
        hg = next(hg for hg, count in parts.items() if count is None)
        table = tables.get((tg, hg))
        gap = (f"{table.name!r} (line {table.name_line}) has no count there" if table else
               f"there is no table for {hg!r}, {tg[:1].lower()}{tg[1:]}")  # fmt: skip
        raise ExportError(
            whole.path,
            table.name_line if table else whole.name_line,
            f"{whole.name!r} counts {_plain(total_count)} in {where}, its status-group tables "
            f"only {_plain(parts_count)}, and {gap}: expected every table and row of a status "
            "group with participants (is a table or a line missing?)",
        )
    if parts_count.lo > total_count.hi and total is None:
        raise ExportError(
            whole.path,
            whole.name_line,
            f"{whole.name!r} has no count for {where}, but its status-group tables count "
            f"{_plain(parts_count)} there: expected its row (is a line missing?)",
        )


def run_checks(data: Dataset) -> list[CheckResult]:
    """The checks' results; an ExportError first where a table or line is missing."""
    tables_complete(data)
    results = []
    for check in CHECKS:
        compared, failures = check.run(data)
        results.append(CheckResult(check.name, check.description, compared, failures))
    return results
