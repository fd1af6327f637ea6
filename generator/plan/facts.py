"""What planning any page reads: the dataset, where its pages go, the county reforms, and
which counties exist in the latest month."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from generator.dataset.grid import Dataset
from generator.dataset.reforms import Reforms
from generator.months import period_label
from generator.plan.routes import Routes
from generator.source.regions import Region

Intros = Callable[[str], str]
"""A page's introduction as HTML, by the page's path ("" for none)."""


@dataclass(frozen=True)
class SiteFacts:
    data: Dataset
    routes: Routes
    reforms: Reforms
    intros: Intros
    period: str  # of the whole dataset, e.g. "januar 2016–desember 2017"
    current: list[Region]  # counties of the latest month
    former: list[Region]  # counties merged or split before it
    by_code: dict[str, Region]

    @classmethod
    def of(cls, data: Dataset, reforms: Reforms, intros: Intros) -> SiteFacts:
        """Fails (BuildError) if two counties or two tiltaksgrupper would share a file name."""
        latest = data.latest_month
        current = [r for r in data.counties if latest in data.months_of(r.name)]
        return cls(
            data=data,
            routes=Routes([r.name for r in data.counties], data.tiltaksgrupper),
            reforms=reforms,
            intros=intros,
            period=period_label(data.months),
            current=current,
            former=[r for r in data.counties if r not in current],
            by_code={r.code: r for r in data.counties},
        )

    @property
    def months(self) -> list[str]:
        return self.data.months

    @property
    def latest(self) -> str:
        return self.data.latest_month

    @property
    def national(self) -> str:
        return self.data.national.name
