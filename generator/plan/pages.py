"""Decide what each page shows: key figures, charts (as Vega-Lite specs) and the tables behind them.

Every number passes through ``generator.numbers``: a cell copied from the export keeps its
``*``; anything computed from a hidden cell is an interval. The pages hold chart specs only;
rendering them to SVG is a later stage, so all of them can be rendered together.

Each page kind has its module (``index_page``, ``county_page``, ``group_page``), built from
``tables``, ``figures`` and ``navigation``; every path comes from ``routes``.
"""

from __future__ import annotations

from collections.abc import Iterator

import pandas as pd

from generator.dataset.grid import ALL, Dataset
from generator.dataset.reforms import Reforms, default_reforms
from generator.plan import navigation, routes
from generator.plan.county_page import county_page
from generator.plan.facts import Intros, SiteFacts
from generator.plan.group_page import group_page
from generator.plan.index_page import index_page
from generator.plan.navigation import Site
from generator.plan.views import NavLink, Page


class PageBuilder:
    """Plans every page of the site from one dataset."""

    def __init__(self, data: Dataset, intros: Intros, reforms: Reforms | None = None) -> None:
        """``intros`` gives a page's introduction by the page's path. Fails (BuildError) if two
        counties or two tiltaksgrupper would share a file name."""
        self.facts = SiteFacts.of(data, reforms or default_reforms(), intros)

    @property
    def period(self) -> str:
        return self.facts.period

    def site(self, pages: list[NavLink], warnings: list[str]) -> Site:
        return navigation.site(self.facts, pages, warnings)

    def all_pages(self) -> list[Page]:
        return list(self.iter_pages())

    def iter_pages(self) -> Iterator[Page]:
        """Pages one at a time, so their charts can be made while the next page is planned."""
        yield index_page(self.facts)
        for region in self.facts.data.counties:
            yield county_page(self.facts, region)
        for tg in self.facts.data.tiltaksgrupper:
            yield group_page(self.facts, tg)

    def page_rows(self, page: Page) -> pd.DataFrame:
        """The tidy rows of the dataset a page shows, for its CSV download."""
        data, pages = self.facts.data, self.facts.routes
        frame = data.frame
        if page.section == routes.COUNTY:
            name = next(r.name for r in data.counties if pages.county_page(r.name) == page.path)
            national = (frame["region"] == self.facts.national) & (frame["hovedgruppe"] == ALL)
            in_period = frame["periode"].isin(data.months_of(name))
            return frame[(frame["region"] == name) | (national & in_period)]
        if page.section == routes.GROUP:
            tg = next(g for g in data.tiltaksgrupper if pages.group_page(g) == page.path)
            return frame[frame["tiltaksgruppe"] == tg]
        return frame[frame["region"] == self.facts.national]
