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
from generator.plan.chart_rows import bar_rows, count_point, series_rows, share_rows
from generator.plan.facts import SiteFacts
from generator.plan.tables import (
    Breaks,
    Line,
    break_notes,
    caption,
    computed_row,
    export_row,
    month_table,
    seasonal_table,
    single_series_table,
)
from generator.plan.views import Cell, Figure, KeyFigure, Row, TableView
from generator.plan.yearly import (
    average_of,
    fmt_average,
    seasonal_years,
    year_earlier,
    year_spans,
)

# Chart sizes for phones (about 360 px of content width), so text is not shrunk unreadably.
PHONE: dict[str, dict[str, object]] = {
    "line_chart": {"width": 340, "height": 240},
    "small_multiples": {"columns": 2, "width": 120},
    "month_bars": {"width": 340, "height": 220},
    "bar_chart": {"width": 340},
    "choropleth": {"width": 300, "legend_below": True},
    "locator_map": {},  # small enough as it is: the same picture on phones
    "seasonal_lines": {"width": 340, "height": 240},
}
SEASONAL_YEARS = 6
"""The most years a seasonal view lays over each other (the latest ones)."""

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
    columns = [
        f"Deltakere {month_name(latest)}",
        "Andel av landet",
        f"Endring fra {month_name(previous)}" if previous else "Endring",
    ]
    if year_earlier(latest) in months:
        columns.append(f"Endring fra {month_name(year_earlier(latest))}")
        for region, row in zip(facts.current, rows, strict=True):
            row.cells.append(_year_change_cell(facts, region.name, latest))
    table = TableView(
        id=fig_id,
        caption=f"Deltakere etter fylke, {month_name(latest)} (sum av tiltaksgruppene)",
        row_header="Fylke",
        columns=columns,
        rows=rows,
        csv_href=routes.table_csv(fig_id),
    )
    title = f"Deltakere etter fylke, {month_name(latest)}"
    return county_bars_figure(fig_id, title, table, bars, latest, printed=False)


def county_bars_figure(
    fig_id: str,
    title: str,
    table: TableView,
    bars: list[tuple[str, Count]],
    month: str,
    *,
    printed: bool,
) -> Figure:
    """Bars of one month's count per county, with its summary; ``printed`` when the counts
    are NAV's own cells (a hidden one is *), not sums of them."""
    points = bar_rows(bars, printed=printed)
    return figure(
        fig_id,
        title,
        table,
        "bar_chart",
        points,
        summaries.summarize_bars(points),
        period=month_name(month),
        x_title="Deltakere",
    )


def _year_change_cell(facts: SiteFacts, region: str, month: str) -> Cell:
    """A county's change from the same month a year earlier; none where it did not exist."""
    earlier = year_earlier(month)
    if earlier not in facts.data.months_of(region):
        return Cell("–", "text", title=f"Ingen tall: fylket fantes ikke i {month_name(earlier)}")
    change = facts.data.total(region, month).minus(facts.data.total(region, earlier))
    return computed_cell(change, signed=True)


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
    """The latest value, led by its change from the same month a year earlier where the
    series reaches back so far, and with its change from the month before."""
    latest = series[-1]
    month_before = _change_from(latest, series[-2], months[-2]) if len(months) > 1 else ""
    earlier = year_earlier(months[-1])
    if earlier not in months:
        return KeyFigure(label, fmt_count(latest), latest.computed_kind, month_before, note)
    year_before = _change_from(latest, series[months.index(earlier)], earlier)
    return KeyFigure(
        label, fmt_count(latest), latest.computed_kind, year_before, note, month_before
    )


def _change_from(latest: Count, before: Count, month: str) -> str:
    """ "+1 234 (+7,1 %) fra oktober 2017"; intervals where hidden cells are in either."""
    relative = Ratio.change(latest, before)
    pct = f" ({fmt_ratio_pct(relative, signed=True)})" if relative else ""
    return f"{fmt_count(latest.minus(before), signed=True)}{pct} fra {month_name(month)}"


def key_average(months: list[str], series: list[Count], latest: str) -> KeyFigure:
    """The average of the last year's months ("Gjennomsnitt hittil i år 2018"), with its change
    from the same months a year earlier where the series has them. ``latest`` is the dataset's
    last month, which "hittil i år" is to."""
    span = year_spans(months, latest)[-1]
    average = average_of(span.months, months, series)
    assert average is not None  # the span's months are the series' own
    change = ""
    before = average_of(span.year_before(), months, series)
    if before is not None:
        relative = average.relative_to(before)
        pct = f" ({fmt_ratio_pct(relative, signed=True)})" if relative else ""
        diff = fmt_average(average.minus(before), signed=True)
        change = f"{diff}{pct} fra {span.compared_period()}"
    return KeyFigure(span.label, fmt_average(average), average.kind, change, span.explained)


def seasonal_figure(
    fig_id: str,
    title: str,
    line: Line,
    latest: str,
    *,
    printed: bool,
    breaks: Breaks = (),
) -> Figure | None:
    """The line's months laid over each other year by year (one line a year, the months of
    the year along x); None when no month of the year comes twice, so nothing compares."""
    years = seasonal_years(line.months, SEASONAL_YEARS)
    if not years:
        return None
    shown = [(m, c) for m, c in zip(line.months, line.counts, strict=True) if m[:4] in years]
    inside = [(m, label) for m, label in breaks if shown[0][0] < m <= shown[-1][0]]
    table_caption = f"{title}, {years[0]}–{years[-1]}. Antall deltakere ved utgangen av måneden."
    table = seasonal_table(fig_id, table_caption, line, years, latest, break_notes(inside))
    points = [count_point(m, m[:4], c, printed=printed) for m, c in shown]
    summary = summaries.summarize_years(points)
    return figure(
        fig_id, title, table, "seasonal_lines", points, summary, inside, y_title="Deltakere"
    )
