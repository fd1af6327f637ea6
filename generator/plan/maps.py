"""Maps: the counties shaded by how much their participants changed, and a county's place.

The boundaries are Kartverket's (CC BY 4.0), one simplified file per county era in
``generator/data/geo`` (made by ``tools/simplify_geo.py``); a map always uses the era of the
month it shows. What the map shades is a change in per cent, which does not simply follow the
size of the county's population: from the same month a year earlier, or, with less than a year
of data, from the first month to the last. A change computed from a hidden cell is a range: the
map hatches it and the table gives its interval. "Øvrige områder" and "Ukjent" have no shape,
nor has a county missing from its era's file: they are in the table beside the map.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import cache
from importlib import resources
from typing import Any

from generator.dataset.grid import ALL
from generator.months import month_name, month_of, month_since, parse, period_label
from generator.numbers import Count, Kind, Ratio, fmt_ratio_pct
from generator.plan import routes
from generator.plan.cells import NO_VALUE, cell_key, computed_cell, export_cell, ratio_cell
from generator.plan.chart_input import Point
from generator.plan.facts import SiteFacts
from generator.plan.figures import figure
from generator.plan.views import Cell, Figure, Row, TableView
from generator.source.regions import ROLE_COUNTY, ROLE_NATIONAL, Region

MAP_CREDIT = "Kartgrunnlag: Kartverket (CC BY 4.0)"
GEO_FOLDER = "data/geo"
CHOROPLETH = "kart"  # the detail of the boundaries for the choropleths
LOCATOR = "lokator"  # far less detail, for the small locator maps

ValueOf = Callable[[str, str], Count]
"""A region's count in a month (region name, "YYYY-MM")."""


@dataclass(frozen=True)
class Era:
    """One file of county boundaries and the months it holds for."""

    stem: str  # "fylker-1972-2017"
    valid_from: str  # "YYYY-MM"
    valid_to: str  # "YYYY-MM"; "9999-12" for the current era
    codes: frozenset[str]  # the counties with a shape

    @property
    def label(self) -> str:
        """The years it holds for, as a reader says them: "1972–2017", "fra 2024"."""
        start, end = self.valid_from[:4], self.valid_to[:4]
        if end == "9999":
            return f"fra {start}"
        return start if start == end else f"{start}–{end}"


def _geo_text(name: str) -> str:
    return resources.files("generator").joinpath(f"{GEO_FOLDER}/{name}").read_text("utf-8")


@cache
def shapes(stem: str, detail: str) -> dict[str, Any]:
    """An era's boundaries as a GeoJSON FeatureCollection (clockwise rings, as Vega draws)."""
    collection: dict[str, Any] = json.loads(_geo_text(f"{stem}-{detail}.geojson"))
    return collection


@cache
def eras() -> tuple[Era, ...]:
    """Every era there are boundaries for, oldest first."""
    folder = resources.files("generator").joinpath(GEO_FOLDER)
    stems = sorted(
        item.name.removesuffix(f"-{CHOROPLETH}.geojson")
        for item in folder.iterdir()
        if item.name.endswith(f"-{CHOROPLETH}.geojson")
    )
    found = []
    for stem in stems:
        collection = shapes(stem, CHOROPLETH)
        found.append(
            Era(
                stem,
                collection["valid_from"][:7],
                (collection["valid_to"] or "9999-12")[:7],
                frozenset(f["properties"]["fylkesnummer"] for f in collection["features"]),
            )
        )
    return tuple(sorted(found, key=lambda e: e.valid_from))


def era_of(month: str) -> Era | None:
    """The boundaries that hold in ``month``; None before the oldest."""
    return next((e for e in eras() if e.valid_from <= month <= e.valid_to), None)


def compared_months(months: list[str]) -> tuple[str, str] | None:
    """The months a map compares: the latest and a year before it, or with less than a year
    of data, the first; None with a single month."""
    latest = months[-1]
    year, number = parse(latest)
    year_before = month_of(year - 1, number)
    if year_before in months:
        return year_before, latest
    return (months[0], latest) if len(months) > 1 else None


# ---- the choropleth ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _Before:
    """A county's count in the earlier month, and where it comes from."""

    count: Count | None  # None: the county did not exist then and is no union of older ones
    parts: str = ""  # the older counties summed, when the county did not exist then


def _before(facts: SiteFacts, region: Region, month: str, value: ValueOf) -> _Before:
    """The count in ``month``, or for a county made later of whole older ones, their sum."""
    if month in facts.data.months_of(region.name):
        return _Before(value(region.name, month))
    for change in facts.reforms.came_from(region.code):
        if not change.is_exact_union or month >= change.effective:
            continue
        parts = [facts.by_code.get(p.code) for p in change.parts]
        known = [p for p in parts if p is not None]
        if len(known) == len(parts) and all(month in facts.data.months_of(p.name) for p in known):
            total = Count.total(value(p.name, month) for p in known)
            return _Before(total, " og ".join(p.name for p in known))
    return _Before(None)


def change_point(name: str, change: Ratio | None) -> Point:
    """A change in per cent as a point: exact, a range (its upper end None when unbounded),
    or missing."""
    tekst = fmt_ratio_pct(change, signed=True)
    if change is None:
        return Point(name, "", Kind.MISSING, None, None, None, tekst)
    if change.exact:
        return Point(name, "", Kind.EXACT, change.lo * 100, change.lo * 100, change.lo * 100, tekst)
    high = None if change.hi == float("inf") else change.hi * 100
    return Point(name, "", Kind.RANGE, None, change.lo * 100, high, tekst)


@dataclass(frozen=True)
class ChangeMap:
    """What a choropleth of the change compares, and how each region's counts are had."""

    fig_id: str
    group: str  # the tiltaksgruppe the counts are of; "" (ALL) for all of them together
    value: ValueOf
    printed: bool  # the counts are the export's own cells (hidden ones shown as "*")


def _count_cell(spec: ChangeMap, region: str, month: str, count: Count, summed: bool) -> Cell:
    if spec.printed and not summed:
        return export_cell(count, cell_key(region, spec.group, ALL, month))
    return computed_cell(count)


def _row(
    facts: SiteFacts, spec: ChangeMap, region: Region, months: tuple[str, str]
) -> tuple[Row, Ratio | None, str]:
    """A region's row of the table, its change, and a note on a sum of older counties."""
    earlier, latest = months
    before = _before(facts, region, earlier, spec.value)
    now = spec.value(region.name, latest)
    change = None if before.count is None else Ratio.change(now, before.count)
    cells = [
        ratio_cell(change, signed=True),
        NO_VALUE
        if before.count is None
        else _count_cell(spec, region.name, earlier, before.count, bool(before.parts)),
        _count_cell(spec, region.name, latest, now, False),
    ]
    href = facts.routes.county_page(region.name) if region.role == ROLE_COUNTY else ""
    note = (
        f"{region.name} {month_name(earlier)}: summen av {before.parts}, som fylket ble laget av."
        if before.parts
        else ""
    )
    row = Row(region.name, cells, href, emphasis=region.role == ROLE_NATIONAL)
    return row, change, note


def change_map_figure(facts: SiteFacts, spec: ChangeMap) -> Figure | None:
    """The counties of the latest month shaded by their change in per cent, with every region
    in the table beside; None when there is only one month or no boundaries for it."""
    months = compared_months(facts.months)
    era = era_of(facts.latest)
    if months is None or era is None or not facts.current:
        return None
    earlier, latest = months
    others = [r for r in facts.data.regions if r.role != ROLE_COUNTY and r.role != ROLE_NATIONAL]
    rows, notes, points = [], [], []
    for region in [*facts.current, *others, facts.data.national]:
        row, change, note = _row(facts, spec, region, months)
        rows.append(row)
        notes += [note] if note else []
        if region in facts.current and region.code in era.codes:
            points.append(change_point(region.name, change))
    unmapped = [r.name for r in facts.current if r.code not in era.codes]
    notes += _table_notes(others, unmapped, era)
    span = f"fra {month_since(earlier, latest)} til {month_name(latest)}"
    subject = f"{spec.group}: deltakere" if spec.group else "Deltakere"
    table = TableView(
        id=spec.fig_id,
        caption=(
            f"{subject} etter fylke i {month_name(earlier)} og {month_name(latest)}, "
            "og endringen i prosent"
        ),
        row_header="Fylke",
        columns=["Endring", month_name(earlier), month_name(latest)],
        rows=rows,
        csv_href=routes.table_csv(spec.fig_id),
        notes=notes,
        changes=True,
    )
    title = f"{spec.group + ': e' if spec.group else 'E'}ndring i antall deltakere per fylke {span}"
    summary = summarize_changes(points, months, unmapped)
    made = figure(
        spec.fig_id,
        title,
        table,
        "choropleth",
        points,
        summary,
        period=period_label([earlier, latest]),
        credits=(MAP_CREDIT,),
        era=era.stem,
        codes={r.name: r.code for r in facts.current if r.code in era.codes},
        measure="Endring i antall deltakere, i prosent.",
    )
    return replace(made, credit=MAP_CREDIT, beside=True)


def _table_notes(others: list[Region], unmapped: list[str], era: Era) -> list[str]:
    notes = []
    if others:
        names = " og ".join(r.name for r in others)
        notes.append(f"{names} har ingen grense på kartet og står bare i tabellen.")
    if unmapped:
        names = ", ".join(unmapped)
        notes.append(f"Kartgrunnlaget for {era.label} har ingen grense for {names}.")
    return notes


def _count_sentence(exact: list[Point], months: tuple[str, str], ranged: bool) -> str:
    """How many counties rose, fell and stood still, among those with exact changes."""
    up = sum(1 for p in exact if (p.value or 0.0) > 0)
    down = sum(1 for p in exact if (p.value or 0.0) < 0)
    span = f"Fra {month_since(*months)} til {month_name(months[1])}"
    among = f"de {len(exact)} fylkene med eksakte tall" if ranged else f"{len(exact)} fylker"
    text = f"{span} økte antall deltakere i {up} av {among} og gikk ned i {down}"
    same = len(exact) - up - down
    return text + (f"; {same} var uendret." if same else ".")


def _extremes_sentence(exact: list[Point], ranged: bool) -> str:
    """The largest rise and fall among the exact changes."""
    if not exact:
        return ""
    ordered = sorted(exact, key=lambda p: p.value or 0.0)
    rise, fall = ordered[-1], ordered[0]
    among = " blant dem" if ranged else ""
    parts = []
    if (rise.value or 0.0) > 0:
        parts.append(f"størst økning{among} hadde {rise.key} ({rise.tekst})")
    if (fall.value or 0.0) < 0:
        parts.append(f"størst nedgang{among} {fall.key} ({fall.tekst})")
    text = ", ".join(parts)
    return f"{text[:1].upper()}{text[1:]}." if parts else ""


def summarize_changes(points: list[Point], months: tuple[str, str], unmapped: list[str]) -> str:
    """How many counties rose and fell, the largest rise and fall among exact changes, and
    how many changes are ranges (never which way a range goes, nor where it lies)."""
    exact = [p for p in points if p.kind is Kind.EXACT]
    ranges = [p for p in points if p.kind is Kind.RANGE]
    sentences = [_count_sentence(exact, months, bool(ranges))]
    sentences.append(_extremes_sentence(exact, bool(ranges)))
    if ranges:
        sentences.append(
            f"For {len(ranges)} fylker er endringen et intervall fordi tallene inneholder "
            "skjulte verdier; de er skravert på kartet."
        )
    missing = [p.key for p in points if p.kind is Kind.MISSING]
    if missing:
        sentences.append(f"Ingen endring å vise for {', '.join(missing)}.")
    if unmapped:
        sentences.append(f"{', '.join(unmapped)} er ikke på kartet, bare i tabellen.")
    return " ".join(s for s in sentences if s)


def front_page_map(facts: SiteFacts, fig_id: str) -> Figure | None:
    """All participants (the sum of the tiltaksgrupper) per county."""
    spec = ChangeMap(fig_id, ALL, facts.data.total, printed=False)
    return change_map_figure(facts, spec)


def group_page_map(facts: SiteFacts, fig_id: str, tg: str) -> Figure | None:
    """A tiltaksgruppe's participants per county, as the export prints them."""
    data = facts.data

    def value(region: str, month: str) -> Count:
        return data.count(region, tg, ALL, month)

    return change_map_figure(facts, ChangeMap(fig_id, tg, value, printed=True))
