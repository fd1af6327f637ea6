"""A tiltaksgruppe's page: the whole country by hovedgruppe, and every county, as published."""

from __future__ import annotations

from generator.dataset.breaks import default_breaks
from generator.dataset.grid import ALL
from generator.months import month_name
from generator.plan import routes
from generator.plan.comparison import county_multiples
from generator.plan.facts import SiteFacts
from generator.plan.figures import (
    county_bars_figure,
    key_average,
    key_count,
    seasonal_figure,
    trend_figure,
)
from generator.plan.maps import group_page_map
from generator.plan.navigation import county_lists, group_links
from generator.plan.tables import (
    Line,
    averages_table,
    break_notes,
    caption,
    export_row,
    month_table,
)
from generator.plan.views import Figure, KeyFigure, Page, TableView
from generator.plan.yearly import compares_with_year_before, no_comparison_note
from generator.source.regions import ROLE_COUNTY


def _main_groups_figure(facts: SiteFacts, ident: str, tg: str) -> Figure:
    """The country by hovedgruppe, with the published total of all of them."""
    data, nat, months = facts.data, facts.national, facts.months
    title = f"{tg}: deltakere etter hovedgruppe, hele landet"
    by_main = {hg: data.series(nat, tg, hg) for hg in data.hovedgrupper}
    rows = [export_row(data, hg, nat, tg, hg, months) for hg in data.hovedgrupper]
    rows.append(export_row(data, "Alle hovedgrupper", nat, tg, ALL, months, emphasis=True))
    breaks = default_breaks().inside(months, tg)
    table = month_table(
        f"{ident}-hovedgrupper", caption(title, months), "Hovedgruppe", rows, months,
        break_notes(breaks),
    )  # fmt: skip
    return trend_figure(
        f"{ident}-hovedgrupper", title, months, by_main, table, printed=True, breaks=breaks
    )


def _counties_figure(facts: SiteFacts, ident: str, tg: str) -> Figure:
    """Every region's series in the table (counties linked); today's counties in the chart."""
    data, months, latest = facts.data, facts.months, facts.latest
    rows = [
        export_row(
            data,
            r.name,
            r.name,
            tg,
            ALL,
            months,
            facts.routes.county_page(r.name) if r.role == ROLE_COUNTY else "",
            emphasis=r.name == facts.national,
        )
        for r in data.regions
    ]
    notes = ["– Fylket fantes ikke denne måneden."] if facts.former else []
    notes += break_notes(default_breaks().inside(months, tg))
    table = month_table(
        f"{ident}-fylker",
        caption(f"{tg}: deltakere etter fylke", months),
        "Fylke",
        rows,
        months,
        notes,
    )
    title = f"{tg}: deltakere etter fylke, {month_name(latest)}"
    bars = [(r.name, data.count(r.name, tg, ALL, latest)) for r in facts.current]
    return county_bars_figure(f"{ident}-fylker", title, table, bars, latest, printed=True)


def _key_figures(facts: SiteFacts, tg: str) -> list[KeyFigure]:
    data, nat, months = facts.data, facts.national, facts.months
    series = data.series(nat, tg)
    key_figures = [
        key_count(f"{tg}, {month_name(facts.latest)}", months, series),
        key_average(months, series, facts.latest),
    ]
    key_figures += [key_count(hg, months, data.series(nat, tg, hg)) for hg in data.hovedgrupper]
    return key_figures


def group_page(facts: SiteFacts, tg: str) -> Page:
    ident = facts.routes.group_key(tg)
    figures = [_main_groups_figure(facts, ident, tg)] if facts.data.hovedgrupper else []
    figures += _seasonal(facts, ident, tg)
    figures.append(_counties_figure(facts, ident, tg))
    figures += county_multiples(facts, ident, tg, figures[-1].table)
    change_map = group_page_map(facts, f"{ident}-kart", tg)
    figures += [change_map] if change_map else []
    path = facts.routes.group_page(tg)
    return Page(
        path=path,
        title=f"Deltakere i tiltaksgruppen {tg}",
        lead=(
            f"Deltakere i tiltaksgruppen {tg} ved utgangen av hver måned, for hele landet "
            "etter hovedgruppe og for hvert fylke."
        ),
        period=facts.period,
        intro_html=facts.intros(path),
        key_figures=_key_figures(facts, tg),
        key_figures_note=(
            "" if compares_with_year_before(facts.months) else no_comparison_note(facts.months)
        ),
        figures=figures,
        tables=[_averages(facts, ident, tg)],
        csv_href=facts.routes.group_csv(tg),
        related=[("Andre tiltaksgrupper", group_links(facts, exclude=tg)), *county_lists(facts)],
        section=routes.GROUP,
    )


def _seasonal(facts: SiteFacts, ident: str, tg: str) -> list[Figure]:
    """The whole country's participants per month, one line a year, as published."""
    nat = facts.national
    line = Line(tg, facts.months, facts.data.series(nat, tg), (nat, tg, ALL))
    title = f"{tg}: deltakere per måned, år for år, hele landet"
    breaks = default_breaks().inside(facts.months, tg)
    found = seasonal_figure(
        f"{ident}-sesong", title, line, facts.latest, printed=True, breaks=breaks
    )
    return [found] if found else []


def _averages(facts: SiteFacts, ident: str, tg: str) -> TableView:
    """The tiltaksgruppe's yearly average in the country and in every region, and its change
    from a year earlier; a county only in the years it existed."""
    data = facts.data
    lines = [
        Line(
            r.name,
            data.months_of(r.name),
            data.series(r.name, tg, months=data.months_of(r.name)),
            (r.name, tg, ALL),
            facts.routes.county_page(r.name) if r.role == ROLE_COUNTY else "",
            emphasis=r.name == facts.national,
        )
        for r in data.regions
    ]
    notes = ["– Fylket fantes ikke i perioden."] if facts.former else []
    notes += break_notes(default_breaks().inside(facts.months, tg))
    return averages_table(
        f"{ident}-gjennomsnitt", f"{tg}, etter fylke", "Fylke", facts.months, facts.latest,
        lines, notes,
    )  # fmt: skip
