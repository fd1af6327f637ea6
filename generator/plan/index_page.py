"""The front page: the whole country, by tiltaksgruppe, hovedgruppe and county."""

from __future__ import annotations

from generator.dataset.breaks import default_breaks
from generator.dataset.grid import ALL
from generator.months import month_name
from generator.numbers import Count
from generator.plan import routes
from generator.plan.facts import SiteFacts
from generator.plan.figures import (
    counties_figure,
    groups_figure,
    key_average,
    key_count,
    main_groups_figure,
    seasonal_figure,
    total_figure,
)
from generator.plan.maps import front_page_map
from generator.plan.navigation import county_lists, group_links
from generator.plan.tables import Breaks, Line, averages_table, break_notes
from generator.plan.views import Figure, Page, TableView
from generator.plan.yearly import compares_with_year_before, no_comparison_note

PLACE = "hele landet"


def index_page(facts: SiteFacts) -> Page:
    data, nat, months, ident = facts.data, facts.national, facts.months, routes.INDEX_KEY
    total = data.total_series(nat)
    by_main = {hg: data.total_series(nat, hg) for hg in data.hovedgrupper}
    breaks = default_breaks().inside(months)
    notes = break_notes(breaks)
    title = f"Deltakere i alt per måned, {PLACE}"
    figures = [
        total_figure(f"{ident}-totalt", title, months, total, breaks=breaks),
        *_seasonal(facts, total, breaks),
        groups_figure(facts, ident, nat, PLACE, months, notes, breaks),
    ]
    if data.hovedgrupper:
        figures.append(main_groups_figure(ident, PLACE, by_main, months, notes, breaks))
    if facts.current:
        figures.append(counties_figure(facts, f"{ident}-fylker"))
    change_map = front_page_map(facts, f"{ident}-kart")
    figures += [change_map] if change_map else []
    key_figures = [
        key_count(f"Deltakere i alt, {month_name(facts.latest)}", months, total),
        key_average(months, total, facts.latest),
    ]
    key_figures += [key_count(hg, months, s) for hg, s in by_main.items()]
    return Page(
        path=routes.INDEX,
        title="Deltakere i arbeidsrettede tiltak",
        lead=(
            "Hvor mange som deltok i NAVs arbeidsrettede tiltak ved utgangen av hver måned, "
            "for hele landet, etter tiltaksgruppe, hovedgruppe og fylke."
        ),
        period=facts.period,
        intro_html=facts.intros(routes.INDEX),
        key_figures=key_figures,
        key_figures_note="" if compares_with_year_before(months) else no_comparison_note(months),
        figures=figures,
        tables=[_averages(facts, total)],
        csv_href=routes.page_csv(ident),
        related=[*county_lists(facts), ("Tiltaksgrupper", group_links(facts))],
        section="index",
    )


def _seasonal(facts: SiteFacts, total: list[Count], breaks: Breaks = ()) -> list[Figure]:
    """All participants per month, one line a year: none until a month of the year repeats."""
    line = Line("Deltakere i alt", facts.months, total)
    title = f"Deltakere i alt per måned, år for år, {PLACE}"
    found = seasonal_figure(
        f"{routes.INDEX_KEY}-sesong", title, line, facts.latest, printed=False, breaks=breaks
    )
    return [found] if found else []


def _averages(facts: SiteFacts, total: list[Count]) -> TableView:
    """Each tiltaksgruppe's yearly average and its change from a year earlier."""
    data, nat, months = facts.data, facts.national, facts.months
    lines = [Line("Alle tiltaksgrupper", months, total, emphasis=True)]
    lines += [
        Line(tg, months, data.series(nat, tg), (nat, tg, ALL), facts.routes.group_page(tg))
        for tg in data.tiltaksgrupper
    ]
    ident = f"{routes.INDEX_KEY}-gjennomsnitt"
    notes = break_notes(default_breaks().inside(months))
    return averages_table(ident, PLACE, "Tiltaksgruppe", months, facts.latest, lines, notes)
