"""Comparing counties: where a county ranks in each tiltaksgruppe, and every county's series.

A rank is computed from the counts' intervals, never from a guess at a hidden cell: rank 1 has
the most participants, counties with equally many share a rank ("3. (delt)"), and where hidden
cells make the order uncertain the rank is the range of every place the county could have
("3.–5."). A county's own hidden count always leaves its rank among the other hidden ones open.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from generator.dataset.grid import ALL
from generator.months import month_name
from generator.numbers import EN_DASH, Count
from generator.plan import routes, summaries
from generator.plan.cells import cell_key, export_cell
from generator.plan.chart_rows import count_point
from generator.plan.facts import SiteFacts
from generator.plan.figures import figure
from generator.plan.maps import MAP_CREDIT, era_of
from generator.plan.views import Cell, Figure, Row, TableView
from generator.source.regions import Region

RANK_NOTE = (
    "Plass 1 har flest deltakere. Fylker med like mange deltakere deler plass («delt»). Der "
    "skjulte tall gjør rekkefølgen usikker, er plassen et intervall (for eksempel 3.–5.)."
)


@dataclass(frozen=True)
class Rank:
    """The places a county can have among ``of`` counties: ``best`` to ``worst``."""

    best: int
    worst: int
    of: int
    shared: bool = False  # an exact tie: another county has exactly as many

    @property
    def certain(self) -> bool:
        return self.best == self.worst

    @property
    def text(self) -> str:
        """The place as an ordinal, as Norwegian writes it: "3.", "3. (delt)", "3.–5."."""
        if self.certain:
            return f"{self.best}." + (" (delt)" if self.shared else "")
        return f"{self.best}.{EN_DASH}{self.worst}."


def rank(own: Count, others: Sequence[Count]) -> Rank:
    """Where ``own`` ranks among ``others`` and itself, 1 for the most: at best behind only the
    counts certainly larger, at worst behind every count that can be larger. Hidden cells are
    independent, so both ends can happen."""
    best = 1 + sum(1 for o in others if o.lo > own.hi)
    worst = 1 + sum(1 for o in others if o.hi > own.lo)
    shared = own.is_exact and any(o.is_exact and o.lo == own.lo for o in others)
    return Rank(best, worst, len(others) + 1, shared)


def rank_cell(place: Rank) -> Cell:
    if place.certain:
        return Cell(place.text, "exact", lo=place.best, hi=place.best)
    title = "Intervall: skjulte tall gjør rekkefølgen usikker"
    return Cell(place.text, "range", title=title, lo=place.best, hi=place.worst)


def _counties_in(facts: SiteFacts, month: str) -> list[Region]:
    return [r for r in facts.data.counties if month in facts.data.months_of(r.name)]


def ranks(facts: SiteFacts, region: Region, month: str) -> dict[str, Rank]:
    """The county's rank in each tiltaksgruppe among the counties of ``month``."""
    data = facts.data
    others = [r for r in _counties_in(facts, month) if r != region]
    return {
        tg: rank(
            data.count(region.name, tg, ALL, month),
            [data.count(r.name, tg, ALL, month) for r in others],
        )
        for tg in data.tiltaksgrupper
    }


def _names(groups: list[str]) -> str:
    if len(groups) > 4:
        return f"{len(groups)} tiltaksgrupper"
    return groups[0] if len(groups) == 1 else ", ".join(groups[:-1]) + " og " + groups[-1]


def _rank_summary(name: str, month: str, places: dict[str, Rank]) -> str:
    """Where the map puts the county, and its highest and lowest certain places."""
    count = next(iter(places.values())).of if places else 0
    when = month_name(month)
    sentences = [f"Kartet viser hvor {name} ligger blant de {count} fylkene i {when}."]
    certain = {tg: p.best for tg, p in places.items() if p.certain}
    if certain:
        high, low = min(certain.values()), max(certain.values())
        at_high = [tg for tg, place in certain.items() if place == high]
        text = f"I {when} var {name} nummer {high} av {count} i {_names(at_high)}"
        if low != high:
            at_low = [tg for tg, place in certain.items() if place == low]
            text += f", og lavest plassert, som nummer {low}, i {_names(at_low)}"
        sentences.append(text + ".")
    uncertain = [tg for tg, p in places.items() if not p.certain]
    if uncertain:
        sentences.append(
            f"I {_names(uncertain)} er plassen et intervall fordi tallene inneholder "
            "skjulte verdier."
        )
    return " ".join(sentences)


def place_figure(facts: SiteFacts, region: Region, months: list[str]) -> Figure | None:
    """A locator map of the county in its last month's counties, with its rank in each
    tiltaksgruppe then; None without boundaries for that month."""
    data, month = facts.data, months[-1]
    era = era_of(month)
    if era is None:
        return None
    places = ranks(facts, region, month)
    count = len(_counties_in(facts, month))
    fig_id = f"{facts.routes.county_key(region.name)}-plassering"
    rows = [
        Row(
            tg,
            [
                export_cell(
                    data.count(region.name, tg, ALL, month), cell_key(region.name, tg, ALL, month)
                ),
                rank_cell(places[tg]),
            ],
            facts.routes.group_page(tg),
        )
        for tg in data.tiltaksgrupper
    ]
    notes = [RANK_NOTE]
    if region.code not in era.codes:
        notes.append(f"Kartgrunnlaget for {era.label} har ingen grense for {region.name}.")
    table = TableView(
        id=fig_id,
        caption=f"{region.name}: plass blant fylkene, {month_name(month)}",
        row_header="Tiltaksgruppe",
        columns=[f"Deltakere {month_name(month)}", f"Plass av {count} fylker"],
        rows=rows,
        csv_href=routes.table_csv(fig_id),
        notes=notes,
    )
    title = f"{region.name} på kartet og blant fylkene, {month_name(month)}"
    summary = _rank_summary(region.name, month, places)
    made = figure(
        fig_id,
        title,
        table,
        "locator_map",
        [],
        summary,
        period=month_name(month),
        credits=(MAP_CREDIT,),
        era=era.stem,
        marked=region.code,
    )
    return replace(made, credit=MAP_CREDIT, beside=True)


def county_multiples(facts: SiteFacts, ident: str, tg: str, table: TableView) -> list[Figure]:
    """Every county's series in a panel of its own, each on its own scale and, offered as a
    choice, all on one; the numbers are those of ``table``, shown earlier on the page."""
    data = facts.data
    points = [
        count_point(month, r.name, data.count(r.name, tg, ALL, month), printed=True)
        for r in facts.current
        for month in data.months_of(r.name)
    ]
    if len(facts.current) < 2:
        return []
    title = f"{tg}: deltakere per måned i hvert fylke"
    summary = summaries.summarize_series(points)
    linked = replace(table, csv_href="")  # its CSV is written with the table itself
    own, shared = (
        figure(
            f"{ident}-fylkesserier{suffix}",
            title,
            linked,
            "small_multiples",
            points,
            summary,
            y_title="Deltakere",
            columns=4,
            width=120,
            shared_y=shared_y,
            live=not shared_y,  # the choice is made without scripts: a picture suffices
        )
        for suffix, shared_y in (("", False), ("-felles", True))
    )
    own = replace(own, shared_scale=shared.id, table_above=True)
    return [own, replace(shared, drawn_in=own.id, table_above=True)]
