"""The tiltak within each tiltaksgruppe, where NAV's TILT workbooks give them (from 2023).

A tiltaksgruppe's page shows each of its tiltak: the national series as a chart, and behind it
the table of every county and month as printed. A county's page shows, for each group, its
tiltak in the latest month with the change from the month before and from a year earlier.
A tiltak's counts are NAV's own (a hidden one stays "*"); a sum or a change that includes a
hidden count is a range, never exact. Breaks (new registration methods, renamed groups) that
fall inside what a table or chart spans are marked, never joined over silently.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.dataset.breaks import SeriesBreaks, default_breaks
from generator.dataset.grid import ALL, Dataset
from generator.months import month_name
from generator.numbers import Count
from generator.plan import routes
from generator.plan.cells import NO_VALUE, NOT_A_REGION, computed_cell, export_cell
from generator.plan.facts import SiteFacts
from generator.plan.figures import trend_figure
from generator.plan.tables import NO_PERIOD, break_notes, caption, month_table
from generator.plan.views import Cell, Figure, Row, TableView
from generator.plan.yearly import year_earlier
from generator.source.regions import ROLE_COUNTY, Region, slugify


def tiltak_key(region: str, tiltaksgruppe: str, month: str, tiltak: str) -> str:
    """Names a tiltak's cell copied from the export, as ``cell_key`` does a group's, with the
    tiltak as a fifth part (the status group is always all of them here)."""
    return f"{region}|{tiltaksgruppe}|{ALL}|{month}|{tiltak}"


@dataclass(frozen=True)
class TiltakPlan:
    """The months each tiltak of each tiltaksgruppe has counts for."""

    months: dict[tuple[str, str], list[str]]
    breaks: SeriesBreaks

    @classmethod
    def of(cls, data: Dataset, breaks: SeriesBreaks | None = None) -> TiltakPlan:
        frame = data.frame
        given = frame[(frame["tiltak"] != ALL) & (frame["hovedgruppe"] == ALL)]
        months: dict[tuple[str, str], set[str]] = {}
        for tg, tiltak, month in zip(
            given["tiltaksgruppe"].tolist(),
            given["tiltak"].tolist(),
            given["periode"].tolist(),
            strict=True,
        ):
            months.setdefault((tg, tiltak), set()).add(month)
        return cls(
            {key: sorted(found) for key, found in months.items()}, breaks or default_breaks()
        )

    def tiltak_of(self, data: Dataset, tiltaksgruppe: str) -> list[str]:
        return [t for t in data.tiltak.get(tiltaksgruppe, []) if (tiltaksgruppe, t) in self.months]

    def group_months(self, data: Dataset, tiltaksgruppe: str) -> list[str]:
        """The months any tiltak of the group has counts for."""
        found = {
            m for t in self.tiltak_of(data, tiltaksgruppe) for m in self.months[(tiltaksgruppe, t)]
        }
        return sorted(found)

    def notes(self, tiltaksgruppe: str, months: list[str]) -> list[str]:
        """Breaks inside the months, and the group's newer name where NAV renamed it."""
        notes = break_notes(self.breaks.inside(months, tiltaksgruppe))
        renamed = self.breaks.renamed(tiltaksgruppe)
        if renamed is not None:
            notes.append(f"Tiltaksgruppen heter «{renamed.renamed}» i NAVs tabeller fra "
                         f"{month_name(renamed.effective)}.")  # fmt: skip
        return notes


def _tiltak_row(
    data: Dataset, region: Region, tg: str, tiltak: str, months: list[str], href: str = ""
) -> Row:
    exists = set(data.months_of(region.name))
    cells = [
        export_cell(
            data.count(region.name, tg, ALL, m, tiltak), tiltak_key(region.name, tg, m, tiltak)
        )
        if m in exists
        else NOT_A_REGION
        for m in months
    ]
    return Row(region.name, cells, href, emphasis=region == data.national)


def group_tiltak_figures(facts: SiteFacts, plan: TiltakPlan, tg: str) -> list[Figure]:
    """Each tiltak of the group: its national series as a chart, with the table of every
    region and month behind it, as printed."""
    data, ident = facts.data, facts.routes.group_key(tg)
    figures = []
    for tiltak in plan.tiltak_of(data, tg):
        months = plan.months[(tg, tiltak)]
        regions = [r for r in data.regions if set(data.months_of(r.name)) & set(months)]
        rows = [
            _tiltak_row(
                data, r, tg, tiltak, months,
                facts.routes.county_page(r.name) if r.role == ROLE_COUNTY else "",
            )
            for r in regions
        ]  # fmt: skip
        fig_id = f"{ident}-tiltak-{slugify(tiltak)}"
        title = f"{tiltak} ({tg}): deltakere, hele landet"
        table = month_table(
            fig_id,
            caption(f"{tiltak} ({tg}): deltakere etter fylke", months),
            "Fylke",
            rows,
            months,
            plan.notes(tg, months),
        )
        series = {tiltak: data.series(facts.national, tg, months=months, tiltak=tiltak)}
        breaks = plan.breaks.inside(months, tg)
        figures.append(
            trend_figure(fig_id, title, months, series, table, printed=True, breaks=breaks)
        )
    return figures


def _change(now: Count | None, before: Count | None) -> Cell:
    if now is None or before is None:
        return NO_VALUE
    return computed_cell(now.minus(before), signed=True)


def county_tiltak_tables(facts: SiteFacts, plan: TiltakPlan, region: Region) -> list[TableView]:
    """For each tiltaksgruppe with tiltak in the county's months: its tiltak in the latest
    such month, with the change from the month before and from a year earlier."""
    data, name = facts.data, region.name
    own = set(data.months_of(name))
    tables = []
    for tg in data.tiltaksgrupper:
        months = [m for m in plan.group_months(data, tg) if m in own]
        if not months:
            continue
        last = months[-1]
        compared = [m for m in (months[-2] if len(months) > 1 else "", year_earlier(last))
                    if m in months]  # fmt: skip
        columns = [f"Deltakere {month_name(last)}"]
        columns += [f"Endring fra {month_name(m)}" for m in compared]
        rows = []
        for tiltak in plan.tiltak_of(data, tg):
            has = set(plan.months[(tg, tiltak)])
            if last not in has:
                rows.append(Row(tiltak, [NO_PERIOD] * len(columns)))
                continue
            now = data.count(name, tg, ALL, last, tiltak)
            cells = [export_cell(now, tiltak_key(name, tg, last, tiltak))]
            cells += [
                _change(now, data.count(name, tg, ALL, m, tiltak) if m in has else None)
                for m in compared
            ]
            rows.append(Row(tiltak, cells))
        whole = data.count(name, tg, ALL, last)
        cells = [computed_cell(whole)]
        cells += [_change(whole, data.count(name, tg, ALL, m)) for m in compared]
        rows.append(Row(f"Hele {tg[:1].lower()}{tg[1:]}", cells, facts.routes.group_page(tg), True))
        span = [m for m in months if m >= (compared[-1] if compared else last)]
        table_id = f"{facts.routes.county_key(name)}-tiltak-{slugify(tg)}"
        tables.append(
            TableView(
                id=table_id,
                caption=f"{tg}: deltakere etter tiltak, {name}, {month_name(last)}",
                row_header="Tiltak",
                columns=columns,
                rows=rows,
                csv_href=routes.table_csv(table_id),
                notes=[
                    "Hele tiltaksgruppen er summen av tiltakene: et intervall når et tiltak "
                    "er skjult.",
                    *plan.notes(tg, span),
                ],
            )
        )
    return tables


def crossed_break_note(months: list[str], breaks: SeriesBreaks | None = None) -> str:
    """A sentence for the key figures where the latest month's change from a year earlier
    crosses a documented break; "" where it does not."""
    latest = months[-1]
    window = [m for m in months if year_earlier(latest) <= m]
    found = (breaks or default_breaks()).inside(window) if len(window) > 1 else []
    if not found:
        return ""
    said = "; ".join(f"{label} ({month_name(month)})" for month, label in found)
    return f"Endringen fra året før går over et brudd i serien: {said}."
