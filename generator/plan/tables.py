"""The tables behind the charts, and those shown on their own: months as columns the way NAV
publishes them, a single series with months as rows, and tiltaksgruppe × hovedgruppe."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from generator.dataset.grid import ALL, Dataset
from generator.months import MONTH_NAMES, month_name, month_of, period_label, short_month
from generator.numbers import Count, Ratio
from generator.plan import routes
from generator.plan.cells import (
    NO_VALUE,
    NOT_A_REGION,
    cell_key,
    computed_cell,
    export_cell,
    ratio_cell,
)
from generator.plan.facts import SiteFacts
from generator.plan.views import Cell, Row, TableView
from generator.plan.yearly import (
    YearSpan,
    average_cell,
    average_of,
    no_comparison_note,
    year_earlier,
    year_spans,
)

Breaks = Sequence[tuple[str, str]]
"""Breaks in a series: (the month it breaks, what changed)."""


def break_notes(breaks: Breaks) -> list[str]:
    return [f"Brudd i serien fra {month_name(m)}: {label}." for m, label in breaks]


def caption(text: str, months: list[str]) -> str:
    return f"{text}, {period_label(months)}. Antall deltakere ved utgangen av måneden."


def month_table(
    table_id: str,
    caption: str,
    row_header: str,
    rows: list[Row],
    months: list[str],
    notes: Sequence[str] = (),
) -> TableView:
    """Series as rows, months as columns (the shape of NAV's own tables)."""
    one_year = months[0][:4] == months[-1][:4]
    return TableView(
        id=table_id,
        caption=caption,
        row_header=row_header,
        columns=[short_month(m) if one_year else month_name(m) for m in months],
        rows=rows,
        csv_href=routes.table_csv(table_id),
        notes=list(notes),
    )


def export_row(
    data: Dataset,
    label: str,
    region: str,
    tg: str,
    hg: str,
    months: list[str],
    href: str = "",
    emphasis: bool = False,
) -> Row:
    """A row of cells copied from the export; "–" where the region did not exist."""
    exists = set(data.months_of(region))
    cells = [
        export_cell(data.count(region, tg, hg, m), cell_key(region, tg, hg, m))
        if m in exists
        else NOT_A_REGION
        for m in months
    ]
    return Row(label, cells, href, emphasis)


def computed_row(label: str, series: list[Count]) -> Row:
    """A row of sums, intervals where they hold hidden cells."""
    return Row(label, [computed_cell(c) for c in series])


def single_series_table(
    table_id: str,
    caption: str,
    months: list[str],
    series: list[Count],
    sources: Sequence[str] = (),
    notes: Sequence[str] = (),
) -> TableView:
    """One series with months as rows, the change from the month before (and from the same
    month a year earlier, where the series reaches back so far), and its source where some
    months are computed from other regions (comparable history)."""
    index = {month: i for i, month in enumerate(months)}
    by_year = any(year_earlier(m) in index for m in months)
    rows = []
    for i, month in enumerate(months):
        change = computed_cell(series[i].minus(series[i - 1]), signed=True) if i else NO_VALUE
        cells = [computed_cell(series[i]), change]
        if by_year:
            earlier = index.get(year_earlier(month))
            before = None if earlier is None else series[earlier]
            cells.append(
                NO_VALUE if before is None else computed_cell(series[i].minus(before), signed=True)
            )
        if sources:
            cells.append(Cell(sources[i], "text"))
        rows.append(Row(month_name(month), cells))
    columns = ["Deltakere", "Endring fra måneden før"]
    columns += ["Endring fra samme måned året før"] if by_year else []
    columns += ["Tallene gjelder"] if sources else []
    return TableView(
        id=table_id,
        caption=caption,
        row_header="Måned",
        columns=columns,
        rows=rows,
        csv_href=routes.table_csv(table_id),
        notes=list(notes),
    )


def group_by_main_table(facts: SiteFacts, table_id: str, region: str, month: str) -> TableView:
    """Tiltaksgruppe × hovedgruppe in one month, straight from part two of the export."""
    data = facts.data
    rows = []
    for tg in data.tiltaksgrupper:
        cells = [
            export_cell(data.count(region, tg, hg, month), cell_key(region, tg, hg, month))
            for hg in [*data.hovedgrupper, ALL]
        ]
        rows.append(Row(tg, cells, facts.routes.group_page(tg)))
    return TableView(
        id=table_id,
        caption=f"Deltakere etter tiltaksgruppe og hovedgruppe, {region}, {month_name(month)}",
        row_header="Tiltaksgruppe",
        columns=[*data.hovedgrupper, "Alle hovedgrupper"],
        rows=rows,
        csv_href=routes.table_csv(table_id),
    )


NO_PERIOD = Cell("–", "text", title="Ingen tall for denne perioden")


@dataclass(frozen=True)
class Line:
    """One row of a table by year: a series over its own months (a county only has those it
    existed in); ``keys`` (region, tiltaksgruppe, hovedgruppe) when the counts are the export's
    own, so its months are shown as printed, a hidden one as "*". Months before ``own_from``
    are computed (a county's history as the sum of the counties it was made of)."""

    label: str
    months: list[str]
    counts: list[Count]
    keys: tuple[str, str, str] | None = None
    href: str = ""
    emphasis: bool = False
    own_from: str = ""

    def at(self, month: str) -> Count | None:
        return self.counts[self.months.index(month)] if month in self.months else None

    def cell(self, month: str) -> Cell:
        count = self.at(month)
        if count is None:
            return NO_PERIOD
        if self.keys is None or month < self.own_from:
            return computed_cell(count)
        return export_cell(count, cell_key(*self.keys, month))


def _average_row(line: Line, spans: list[YearSpan], last: str, compare: bool) -> Row:
    """A line's average in each year, its last month and, with ``compare``, its change from
    the same month a year earlier."""
    cells = []
    for span in spans:
        average = average_of(span.months, line.months, line.counts)
        cells.append(NO_PERIOD if average is None else average_cell(average))
    cells.append(line.cell(last))
    if compare:
        now, before = line.at(last), line.at(year_earlier(last))
        if now is None or before is None:
            cells += [NO_PERIOD, NO_PERIOD]
        else:
            change = computed_cell(now.minus(before), signed=True)
            cells += [change, ratio_cell(Ratio.change(now, before), signed=True)]
    return Row(line.label, cells, line.href, line.emphasis)


def averages_table(
    table_id: str,
    place: str,
    row_header: str,
    months: list[str],
    latest: str,
    lines: Sequence[Line],
    notes: Sequence[str] = (),
) -> TableView:
    """Each year's average of the monthly counts (NAV's "Gjennomsnitt hittil i år" and
    "Årsgjennomsnitt"), the last month and its change from a year earlier: the numbers a
    reader asks for first. ``latest`` is the dataset's last month, which "hittil i år" is to."""
    spans = year_spans(months, latest)
    last = months[-1]
    compare = year_earlier(last) in months
    columns = [span.label for span in spans] + [f"Deltakere {month_name(last)}"]
    if compare:
        columns += [f"Endring fra {month_name(year_earlier(last))}", "Endring i prosent"]
    explained = [f"{s.label}: {period_label(list(s.months))}." for s in spans if not s.complete]
    return TableView(
        id=table_id,
        caption=(
            f"Gjennomsnitt per år og endring fra året før, {place}"
            if compare
            else f"Gjennomsnitt per år, {place}"
        ),
        row_header=row_header,
        columns=columns,
        rows=[_average_row(line, spans, last, compare) for line in lines],
        csv_href=routes.table_csv(table_id),
        notes=[
            "Gjennomsnittet er summen av tallene ved utgangen av hver måned, delt på antall "
            "måneder.",
            *explained,
            *([] if compare else [no_comparison_note(months)]),
            *notes,
        ],
        with_key_figures=True,
        averages=True,
    )


def seasonal_table(
    table_id: str, caption: str, line: Line, years: Sequence[str], latest: str, notes: Sequence[str]
) -> TableView:
    """One row per year, the months of the year as columns, and the year's average: the
    numbers of the seasonal view."""
    rows = []
    explained = []
    for year in years:
        cells = [line.cell(month_of(int(year), n)) for n in range(1, 13)]
        span = next(s for s in year_spans(line.months, latest) if s.year == year)
        average = average_of(span.months, line.months, line.counts)
        cells.append(NO_PERIOD if average is None else average_cell(average))
        if not span.complete:
            so_far = ", hittil i år" if span.so_far else ""
            explained.append(
                f"Gjennomsnittet for {year} gjelder {period_label(list(span.months))}{so_far}."
            )
        rows.append(Row(year, cells))
    return TableView(
        id=table_id,
        caption=caption,
        row_header="År",
        columns=[*MONTH_NAMES, "Gjennomsnitt"],
        rows=rows,
        csv_href=routes.table_csv(table_id),
        notes=[
            "Gjennomsnitt: årsgjennomsnitt for hele år, ellers gjennomsnittet av månedene "
            "med tall.",
            *explained,
            *notes,
        ],
        averages=True,
    )
