"""The front page: the whole country, by tiltaksgruppe, hovedgruppe and county."""

from __future__ import annotations

from generator.months import month_name
from generator.plan import routes
from generator.plan.facts import SiteFacts
from generator.plan.figures import (
    counties_figure,
    groups_figure,
    key_count,
    main_groups_figure,
    total_figure,
)
from generator.plan.maps import front_page_map
from generator.plan.navigation import county_lists, group_links
from generator.plan.views import Page

PLACE = "hele landet"


def index_page(facts: SiteFacts) -> Page:
    data, nat, months, ident = facts.data, facts.national, facts.months, routes.INDEX_KEY
    total = data.total_series(nat)
    by_main = {hg: data.total_series(nat, hg) for hg in data.hovedgrupper}
    figures = [
        total_figure(f"{ident}-totalt", f"Deltakere i alt per måned, {PLACE}", months, total),
        groups_figure(facts, ident, nat, PLACE, months),
    ]
    if data.hovedgrupper:
        figures.append(main_groups_figure(ident, PLACE, by_main, months))
    if facts.current:
        figures.append(counties_figure(facts, f"{ident}-fylker"))
    change_map = front_page_map(facts, f"{ident}-kart")
    figures += [change_map] if change_map else []
    key_figures = [key_count(f"Deltakere i alt, {month_name(facts.latest)}", months, total)]
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
        figures=figures,
        csv_href=routes.page_csv(ident),
        related=[*county_lists(facts), ("Tiltaksgrupper", group_links(facts))],
        section="index",
    )
