"""Links between pages: the county and tiltaksgruppe lists, and what every page links to."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import escape

from generator.plan.facts import SiteFacts
from generator.plan.routes import link
from generator.plan.views import NavLink
from generator.source.regions import Region

SOURCE_NOTE = (
    "Summer, endringer og andeler er beregnet fra NAVs tall; der en sum inneholder "
    "skjulte verdier, vises den som et intervall."
)

LinkLists = list[tuple[str, list[NavLink]]]
"""Lists of links under their headings."""


@dataclass(frozen=True)
class Site:
    """What every page links to, and what the base template states on every page."""

    fylker: list[NavLink]
    tiltaksgrupper: list[NavLink]
    pages: list[NavLink]
    warnings: list[str]
    period: str
    source_note: str


def county_links(facts: SiteFacts, regions: Sequence[Region], exclude: str = "") -> list[NavLink]:
    return [NavLink(r.name, facts.routes.county_page(r.name)) for r in regions if r.name != exclude]


def group_links(facts: SiteFacts, exclude: str = "") -> list[NavLink]:
    groups = facts.data.tiltaksgrupper
    return [NavLink(g, facts.routes.group_page(g)) for g in groups if g != exclude]


def county_lists(facts: SiteFacts, exclude: str = "") -> LinkLists:
    """The counties of today and, under their own heading, those that no longer exist."""
    lists = [("Fylker", county_links(facts, facts.current, exclude))]
    if facts.former:
        lists.append(("Tidligere fylker", county_links(facts, facts.former, exclude)))
    return lists


def county_name_link(facts: SiteFacts, from_page: str, code: str, name: str) -> str:
    """A county's name as HTML, linked to its page when the site has one."""
    region = facts.by_code.get(code)
    if region is None:
        return str(escape(name))
    href = link(from_page, facts.routes.county_page(region.name))
    return f'<a href="{escape(href)}">{escape(region.name)}</a>'


def site(facts: SiteFacts, pages: list[NavLink], warnings: list[str]) -> Site:
    former = [
        NavLink(f"{r.name} (tidligere fylke)", facts.routes.county_page(r.name))
        for r in facts.former
    ]
    return Site(
        fylker=county_links(facts, facts.current) + former,
        tiltaksgrupper=group_links(facts),
        pages=pages,
        warnings=warnings,
        period=facts.period,
        source_note=SOURCE_NOTE,
    )
