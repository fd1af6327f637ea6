"""A tiltaksgruppe's page: the whole country by hovedgruppe, and every county, as published."""

from __future__ import annotations

from generator.dataset.grid import ALL
from generator.months import month_name
from generator.plan import routes, summaries
from generator.plan.chart_rows import bar_rows
from generator.plan.comparison import county_multiples
from generator.plan.facts import SiteFacts
from generator.plan.figures import figure, key_count, trend_figure
from generator.plan.maps import group_page_map
from generator.plan.navigation import county_lists, group_links
from generator.plan.tables import caption, export_row, month_table
from generator.plan.views import Figure, KeyFigure, Page
from generator.source.regions import ROLE_COUNTY


def _main_groups_figure(facts: SiteFacts, ident: str, tg: str) -> Figure:
    """The country by hovedgruppe, with the published total of all of them."""
    data, nat, months = facts.data, facts.national, facts.months
    title = f"{tg}: deltakere etter hovedgruppe, hele landet"
    by_main = {hg: data.series(nat, tg, hg) for hg in data.hovedgrupper}
    rows = [export_row(data, hg, nat, tg, hg, months) for hg in data.hovedgrupper]
    rows.append(export_row(data, "Alle hovedgrupper", nat, tg, ALL, months, emphasis=True))
    table = month_table(
        f"{ident}-hovedgrupper", caption(title, months), "Hovedgruppe", rows, months
    )
    return trend_figure(f"{ident}-hovedgrupper", title, months, by_main, table, printed=True)


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
    points = bar_rows(bars, printed=True)
    summary = summaries.summarize_bars(points)
    fig_id = f"{ident}-fylker"
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


def _key_figures(facts: SiteFacts, tg: str) -> list[KeyFigure]:
    data, nat, months = facts.data, facts.national, facts.months
    key_figures = [key_count(f"{tg}, {month_name(facts.latest)}", months, data.series(nat, tg))]
    key_figures += [key_count(hg, months, data.series(nat, tg, hg)) for hg in data.hovedgrupper]
    return key_figures


def group_page(facts: SiteFacts, tg: str) -> Page:
    ident = facts.routes.group_key(tg)
    figures = [_main_groups_figure(facts, ident, tg)] if facts.data.hovedgrupper else []
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
        figures=figures,
        csv_href=facts.routes.group_csv(tg),
        related=[("Andre tiltaksgrupper", group_links(facts, exclude=tg)), *county_lists(facts)],
        section=routes.GROUP,
    )
