"""The tables behind the charts, and those shown on their own: months as columns the way NAV
publishes them, a single series with months as rows, and tiltaksgruppe × hovedgruppe."""

from __future__ import annotations

from collections.abc import Sequence

from generator.dataset.grid import ALL, Dataset
from generator.months import month_name, period_label, short_month
from generator.numbers import Count
from generator.plan import routes
from generator.plan.cells import NO_VALUE, NOT_A_REGION, cell_key, computed_cell, export_cell
from generator.plan.facts import SiteFacts
from generator.plan.views import Cell, Row, TableView

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
    """One series with months as rows, the change from the month before, and its source
    where some months are computed from other regions (comparable history)."""
    rows = []
    for i, month in enumerate(months):
        change = computed_cell(series[i].minus(series[i - 1]), signed=True) if i else NO_VALUE
        cells = [computed_cell(series[i]), change]
        if sources:
            cells.append(Cell(sources[i], "text"))
        rows.append(Row(month_name(month), cells))
    columns = ["Deltakere", "Endring fra måneden før"] + (["Tallene gjelder"] if sources else [])
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
