"""Figures: a chart (planned as a ChartJob, made later) with its summary and the table that
holds all its numbers; and the key figures above them."""

from __future__ import annotations

from collections.abc import Sequence

from generator.dataset.grid import ALL
from generator.months import month_name, period_label
from generator.numbers import Count, Ratio, fmt_count, fmt_ratio_pct
from generator.plan import routes, summaries
from generator.plan.cells import NO_VALUE, computed_cell, ratio_cell
from generator.plan.chart_input import Point, rows_json
from generator.plan.chart_job import ChartJob
from generator.plan.chart_rows import bar_rows, series_rows, share_rows
from generator.plan.facts import SiteFacts
from generator.plan.tables import (
    Breaks,
    break_notes,
    caption,
    computed_row,
    export_row,
    month_table,
    single_series_table,
)
from generator.plan.views import Figure, KeyFigure, Row, TableView

# Chart sizes for phones (about 360 px of content width), so text is not shrunk unreadably.
PHONE: dict[str, dict[str, object]] = {
    "line_chart": {"width": 340, "height": 240},
    "small_multiples": {"columns": 2, "width": 120},
    "month_bars": {"width": 340, "height": 220},
    "bar_chart": {"width": 340},
    "choropleth": {"width": 300, "legend_below": True},
    "locator_map": {},  # small enough as it is: the same picture on phones
}

SOURCE = "Kilde: NAV"
FIGURE_FORMATS = ("svg", "png")
"""Every figure can be downloaded in these formats (generator.render.download)."""


def figure(
    fig_id: str,
    title: str,
    table: TableView,
    kind: str,
    points: Sequence[Point],
    summary: str,
    breaks: Breaks = (),
    *,
    period: str = "",
    credits: tuple[str, ...] = (),
    live: bool = True,
    **options: object,
) -> Figure:
    """A figure whose chart is made twice: for wide screens and, narrower, for phones; and
    once more to download, with its title, ``period`` (by default the months of its points),
    the source and any other ``credits`` written into the picture; not ``live``: the browser
    shows the static picture only."""
    options = {"title": title, "description": f"{title}. {summary}", **options}
    if breaks and kind != "small_multiples":
        options["breaks"] = [list(b) for b in breaks]
    credits = (SOURCE, *credits)
    period = period or _period_of(points)
    job = ChartJob(kind, rows_json(points), options, PHONE[kind], period, credits, live)
    notes = [f"{label} ({month_name(month)})." for month, label in breaks]
    files = tuple((ext.upper(), routes.figure_file(fig_id, ext)) for ext in FIGURE_FORMATS)
    return Figure(fig_id, title, summary, table, job=job, breaks=notes, files=files)


def _period_of(points: Sequence[Point]) -> str:
    """The months a chart over time shows; a chart by category must be given its period."""
    try:
        return period_label(sorted({p.key for p in points}))
    except (ValueError, IndexError) as exc:
        raise ValueError("a figure by category needs its period") from exc


def trend_figure(
    fig_id: str,
    title: str,
    months: list[str],
    series: dict[str, list[Count]],
    table: TableView,
    *,
    printed: bool,
    small_multiples: bool = False,
    breaks: Breaks = (),
) -> Figure:
    """Series over the months: lines in one chart, or one small chart each; ``printed`` when
    the counts are the export's own, whose hidden ones are drawn as hidden, not as ranges."""
    points = series_rows(months, series, printed=printed)
    kind = "small_multiples" if small_multiples else "line_chart"
    summary = summaries.summarize_series(points)
    return figure(fig_id, title, table, kind, points, summary, breaks, y_title="Deltakere")


def total_figure(
    fig_id: str,
    title: str,
    months: list[str],
    series: list[Count],
    sources: Sequence[str] = (),
    breaks: Breaks = (),
) -> Figure:
    """All participants per month, as bars; ``sources`` say where a month's sum comes from."""
    table = single_series_table(
        fig_id, caption(title, months), months, series, sources, break_notes(breaks)
    )
    points = series_rows(months, {"Deltakere i alt": series}, printed=False)
    summary = summaries.summarize_series(points)
    return figure(fig_id, title, table, "month_bars", points, summary, breaks, y_title="Deltakere")


def groups_figure(
    facts: SiteFacts,
    ident: str,
    region: str,
    place: str,
    months: list[str],
    notes: Sequence[str] = (),
    breaks: Breaks = (),
) -> Figure:
    """A region's participants by tiltaksgruppe, as published; each group links its page."""
    data = facts.data
    title = f"Deltakere etter tiltaksgruppe, {place}"
    by_group = {tg: data.series(region, tg, months=months) for tg in data.tiltaksgrupper}
    rows = [
        export_row(data, tg, region, tg, ALL, months, facts.routes.group_page(tg))
        for tg in data.tiltaksgrupper
    ]
    table = month_table(
        f"{ident}-tiltaksgrupper", caption(title, months), "Tiltaksgruppe", rows, months, notes
    )
    return trend_figure(
        f"{ident}-tiltaksgrupper",
        title,
        months,
        by_group,
        table,
        printed=True,
        small_multiples=True,
        breaks=breaks,
    )


def main_groups_figure(
    ident: str,
    place: str,
    by_main: dict[str, list[Count]],
    months: list[str],
    notes: Sequence[str] = (),
    breaks: Breaks = (),
) -> Figure:
    """Participants by hovedgruppe, each summed over the tiltaksgrupper."""
    table_caption = f"Deltakere etter hovedgruppe, {place} (sum av tiltaksgruppene)"
    rows = [computed_row(hg, series) for hg, series in by_main.items()]
    table = month_table(
        f"{ident}-hovedgrupper",
        caption(table_caption, months),
        "Hovedgruppe",
        rows,
        months,
        notes,
    )
    return trend_figure(
        f"{ident}-hovedgrupper",
        f"Deltakere etter hovedgruppe, {place}",
        months,
        by_main,
        table,
        printed=False,
        breaks=breaks,
    )


def counties_figure(facts: SiteFacts, fig_id: str) -> Figure:
    """The counties of the latest month, with their share of the country."""
    data, latest, months = facts.data, facts.latest, facts.months
    previous = months[-2] if len(months) > 1 else None
    national_total = data.total(facts.national, latest)
    rows, bars = [], []
    for region in facts.current:
        value = data.total(region.name, latest)
        change = (
            computed_cell(value.minus(data.total(region.name, previous)), signed=True)
            if previous in data.months_of(region.name)
            else NO_VALUE
        )
        share = ratio_cell(Ratio.of(value, national_total))
        href = facts.routes.county_page(region.name)
        rows.append(Row(region.name, [computed_cell(value), share, change], href))
        bars.append((region.name, value))
    table = TableView(
        id=fig_id,
        caption=f"Deltakere etter fylke, {month_name(latest)} (sum av tiltaksgruppene)",
        row_header="Fylke",
        columns=[
            f"Deltakere {month_name(latest)}",
            "Andel av landet",
            f"Endring fra {month_name(previous)}" if previous else "Endring",
        ],
        rows=rows,
        csv_href=routes.table_csv(fig_id),
    )
    title = f"Deltakere etter fylke, {month_name(latest)}"
    points = bar_rows(bars, printed=False)
    summary = summaries.summarize_bars(points)
    return figure(
        fig_id,
        title,
        table,
        "bar_chart",
        points,
        summary,
        period=month_name(latest),
        x_title="Deltakere",
    )


def share_figure(
    fig_id: str,
    name: str,
    months: list[str],
    total: list[Count],
    national: list[Count],
    breaks: Breaks = (),
) -> Figure:
    """A region's share of all participants in the country, per month."""
    shares = [Ratio.of(c, n) for c, n in zip(total, national, strict=True)]
    rows = [
        Row(month_name(m), [computed_cell(c), computed_cell(n), ratio_cell(s)])
        for m, c, n, s in zip(months, total, national, shares, strict=True)
    ]
    table = TableView(
        id=fig_id,
        caption=f"{name} sammenlignet med hele landet, {period_label(months)}",
        row_header="Måned",
        columns=[name, "Hele landet", f"Andel {name}"],
        rows=rows,
        csv_href=routes.table_csv(fig_id),
        notes=break_notes(breaks),
    )
    title = f"{name}s andel av alle deltakere i landet"
    points = share_rows(months, f"Andel {name}", shares)
    summary = summaries.summarize_series(points, unit="prosent")
    return figure(
        fig_id,
        title,
        table,
        "line_chart",
        points,
        summary,
        breaks,
        y_title="Andel av landet (%)",
        value_format=",.1f",
    )


def key_count(label: str, months: list[str], series: list[Count], note: str = "") -> KeyFigure:
    """The latest value, with its change from the month before."""
    latest = series[-1]
    change = ""
    if len(months) > 1:
        before = series[-2]
        diff = latest.minus(before)
        relative = Ratio.change(latest, before)
        pct = f" ({fmt_ratio_pct(relative, signed=True)})" if relative else ""
        change = f"{fmt_count(diff, signed=True)}{pct} fra {month_name(months[-2])}"
    return KeyFigure(label, fmt_count(latest), latest.computed_kind, change, note)
