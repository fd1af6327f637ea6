"""A county's page: its participants by tiltaksgruppe and hovedgruppe, its share of the
country, and how county reforms made and unmade it."""

from __future__ import annotations

import dataclasses
from typing import NamedTuple

from markupsafe import escape

from generator.dataset.breaks import default_breaks
from generator.dataset.dimensions import Dimension
from generator.dataset.grid import ALL
from generator.months import month_name, period_label
from generator.numbers import Count, Kind, Ratio, fmt_ratio_pct
from generator.plan import routes
from generator.plan.comparison import place_figure
from generator.plan.facts import SiteFacts
from generator.plan.figures import (
    groups_figure,
    key_average,
    key_count,
    main_groups_figure,
    seasonal_figure,
    share_figure,
    total_figure,
)
from generator.plan.navigation import county_lists, county_name_link, group_links
from generator.plan.tables import Breaks, Line, averages_table, break_notes, group_by_main_table
from generator.plan.views import Figure, KeyFigure, Page, TableView
from generator.plan.yearly import compares_with_year_before, no_comparison_note, year_earlier
from generator.source.regions import Region


class History(NamedTuple):
    """The months before a county existed, counted as the older counties it was made of."""

    months: list[str]
    parts: list[Region]
    began: str  # the county's first month


NO_HISTORY = History([], [], "")


def history(facts: SiteFacts, region: Region, months: list[str]) -> History:
    """Months before the county existed, when it equals the union of older counties."""
    for change in facts.reforms.came_from(region.code):
        if not change.is_exact_union or not months or months[0] != change.effective:
            continue
        parts = [facts.by_code.get(p.code) for p in change.parts]
        if any(p is None for p in parts):
            continue
        known = [r for r in parts if r is not None]
        earlier = [
            m
            for m in facts.months
            if m < change.effective and all(m in facts.data.months_of(r.name) for r in known)
        ]
        if earlier:
            return History(earlier, known, change.effective)
    return NO_HISTORY


def reform_html(facts: SiteFacts, region: Region, months: list[str]) -> str:
    """Which period the county has data for, and what it became or came from."""
    page = facts.routes.county_page(region.name)
    name = escape(region.name)
    sentences = [f"Tallene for {name} gjelder {period_label(months)}."]
    for change in facts.reforms.came_from(region.code):
        others = [p for p in change.parts if p.code != region.code]
        links = " og ".join(county_name_link(facts, page, p.code, p.name) for p in others)
        when = month_name(change.effective)
        if change.is_exact_union:
            sentences.append(f"{name} ble opprettet i {when} av {links}.")
        else:
            sentences.append(f"Fra {when} fikk {name} deler av {links}.")
    for change in facts.reforms.became(region.code):
        whole = any(p.code == region.code and p.whole for p in change.parts)
        link = county_name_link(facts, page, change.code, change.name)
        when = month_name(change.effective)
        if whole:
            sentences.append(f"Fra {when} ble {name} en del av {link}.")
        else:
            sentences.append(f"Fra {when} gikk deler av {name} til {link}.")
    return f'<p class="county-history">{" ".join(sentences)}</p>'


def _total_figure(
    facts: SiteFacts, region: Region, months: list[str], total: list[Count], breaks: Breaks
) -> Figure:
    """All participants per month, reaching back before the county through its parts."""
    name, ident = region.name, facts.routes.county_key(region.name)
    past = history(facts, region, months)
    if not past.months:
        title = f"Deltakere i alt per måned, {name}"
        return total_figure(f"{ident}-totalt", title, months, total, (), breaks)
    part_names = " og ".join(p.name for p in past.parts)
    past_total = [Count.total(facts.data.total(p.name, m) for p in past.parts) for m in past.months]
    sources = [f"Sum av {part_names}" for _ in past.months] + [name for _ in months]
    began = (past.began, f"før {month_name(past.began)}: {part_names} til sammen")
    return total_figure(
        f"{ident}-totalt",
        f"Deltakere i alt per måned, {name}",
        past.months + months,
        past_total + total,
        sources,
        [began, *breaks],
    )


def _key_figures(
    facts: SiteFacts, region: Region, months: list[str], total: list[Count], national: list[Count]
) -> list[KeyFigure]:
    last = month_name(months[-1])
    share = Ratio.of(total[-1], national[-1])
    return [
        *_yearly_key_figures(facts, region, months, total),
        KeyFigure(
            f"Andel av landet, {last}",
            fmt_ratio_pct(share),
            Kind.EXACT if share is None else share.kind,
        ),
    ]


def _figures_and_tables(
    facts: SiteFacts,
    region: Region,
    months: list[str],
    total: list[Count],
    national: list[Count],
    breaks: Breaks,
) -> tuple[list[Figure], list[TableView]]:
    data, name = facts.data, region.name
    ident = facts.routes.county_key(name)
    notes = break_notes(breaks)
    figures = [
        _total_figure(facts, region, months, total, breaks),
        *_seasonal(facts, region, months, total, breaks),
        groups_figure(facts, ident, name, name, months, notes, breaks),
    ]
    tables = [_averages(facts, region, months, total, breaks)]
    if data.hovedgrupper and _main_groups_by_county(facts, months):
        by_main = {hg: data.total_series(name, hg, months=months) for hg in data.hovedgrupper}
        figures.append(main_groups_figure(ident, name, by_main, months, notes, breaks))
        tables.append(group_by_main_table(facts, f"{ident}-detaljer", name, months[-1]))
    figures.append(share_figure(f"{ident}-andel", name, months, total, national, breaks))
    return figures, tables


def _main_groups_by_county(facts: SiteFacts, months: list[str]) -> bool:
    """Whether every month has hovedgrupper by county (TILT workbooks have them nationwide)."""
    breakdown = facts.data.breakdowns().get(Dimension.HOVEDGRUPPE)
    return breakdown is not None and all(breakdown.exists(m, by_county=True) for m in months)


def county_page(facts: SiteFacts, region: Region) -> Page:
    data, name = facts.data, region.name
    months = data.months_of(name)
    breaks = [
        (c.effective, f"grenseendring for {name}")
        for c in facts.reforms.breaks(region.code, months)
    ] + default_breaks().inside(months)
    total = data.total_series(name, months=months)
    national = data.total_series(facts.national, months=months)
    figures, tables = _figures_and_tables(facts, region, months, total, national, breaks)
    place = place_figure(facts, region, months)
    figures += [place] if place else []
    path = facts.routes.county_page(name)
    former = region in facts.former
    return Page(
        path=path,
        title=f"Deltakere i arbeidsrettede tiltak i {name}",
        lead=(
            f"Deltakere i NAVs arbeidsrettede tiltak bosatt i {name}, etter tiltaksgruppe "
            "og hovedgruppe, og fylkets andel av alle deltakere i landet."
            + (" Fylket finnes ikke lenger." if former else "")
        ),
        period=period_label(months),
        intro_html=reform_html(facts, region, months) + facts.intros(path),
        key_figures=_key_figures(facts, region, months, total, national),
        key_figures_note=_no_comparison(facts, region, months),
        figures=figures,
        tables=tables,
        csv_href=facts.routes.county_csv(name),
        related=[*county_lists(facts, exclude=name), ("Tiltaksgrupper", group_links(facts))],
        section=routes.COUNTY,
    )


# ---- averages, the change from a year earlier and the seasonal view ---------------------------


def _past(facts: SiteFacts, past: History, tiltaksgruppe: str | None = None) -> list[Count]:
    """The months before the county existed, as the sum of the counties it was made of: all
    tiltaksgrupper, or one."""
    data = facts.data
    if tiltaksgruppe is None:
        return [Count.total(data.total(p.name, m) for p in past.parts) for m in past.months]
    return [
        Count.total(data.count(p.name, tiltaksgruppe, ALL, m) for p in past.parts)
        for m in past.months
    ]


def _history_note(past: History) -> str:
    return f"Før {month_name(past.began)}: {_part_names(past)} til sammen."


def _yearly_key_figures(
    facts: SiteFacts, region: Region, months: list[str], total: list[Count]
) -> list[KeyFigure]:
    """The last month (led by its change from a year earlier) and the last year's average,
    compared through the county's history where it was made of older ones."""
    past = history(facts, region, months)
    all_months, all_total = past.months + months, _past(facts, past) + total
    figures = [
        key_count(f"Deltakere i alt, {month_name(months[-1])}", all_months, all_total),
        key_average(all_months, all_total, facts.latest),
    ]
    if past.months and year_earlier(months[-1]) in past.months:
        note = _history_note(past)
        figures = [dataclasses.replace(f, note=f"{f.note} {note}".strip()) for f in figures]
    return figures


def _no_comparison(facts: SiteFacts, region: Region, months: list[str]) -> str:
    all_months = history(facts, region, months).months + months
    if compares_with_year_before(all_months):
        return ""
    return no_comparison_note(all_months, region.name)


def _seasonal(
    facts: SiteFacts, region: Region, months: list[str], total: list[Count], breaks: Breaks
) -> list[Figure]:
    """All participants per month, one line a year, through the county's history."""
    past = history(facts, region, months)
    line = Line("Deltakere i alt", past.months + months, _past(facts, past) + total)
    if past.months:
        began = (past.began, f"før {month_name(past.began)}: {_part_names(past)} til sammen")
        breaks = [began, *breaks]
    ident = f"{facts.routes.county_key(region.name)}-sesong"
    title = f"Deltakere i alt per måned, år for år, {region.name}"
    found = seasonal_figure(ident, title, line, facts.latest, printed=False, breaks=breaks)
    return [found] if found else []


def _part_names(past: History) -> str:
    return " og ".join(p.name for p in past.parts)


def _averages(
    facts: SiteFacts, region: Region, months: list[str], total: list[Count], breaks: Breaks
) -> TableView:
    """Each tiltaksgruppe's yearly average in the county and its change from a year earlier."""
    data, name = facts.data, region.name
    past = history(facts, region, months)
    all_months = past.months + months
    lines = [Line("Alle tiltaksgrupper", all_months, _past(facts, past) + total, emphasis=True)]
    lines += [
        Line(
            tg,
            all_months,
            _past(facts, past, tg) + data.series(name, tg, months=months),
            (name, tg, ALL),
            facts.routes.group_page(tg),
            own_from=months[0],
        )
        for tg in data.tiltaksgrupper
    ]
    notes = [*([_history_note(past)] if past.months else []), *break_notes(breaks)]
    ident = f"{facts.routes.county_key(name)}-gjennomsnitt"
    return averages_table(ident, name, "Tiltaksgruppe", all_months, facts.latest, lines, notes)
