"""Named sanity checks: the export's numbers must add up, with each hidden cell worth 0–3.

A build whose numbers do not add up has misread the file (or the file is damaged), so every
failure names the table, region and month, the range the parts allow and the value found.
Failures are warnings: the build prints them and the site states them; ``--strict`` fails.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from generator.dataset.dimensions import ALL
from generator.dataset.grid import Dataset
from generator.months import month_name
from generator.numbers import Count, Kind, fmt_count


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


def run_checks(data: Dataset) -> list[CheckResult]:
    results = []
    for check in CHECKS:
        compared, failures = check.run(data)
        results.append(CheckResult(check.name, check.description, compared, failures))
    return results
