"""Breaks in NAV's series other than county reforms (``data/brudd.json``): new registration
methods NAV documents, and changes to how tiltak are classified (a renamed tiltaksgruppe,
tiltak moved between groups).

A series that crosses one is marked where it does, as a county reform is: a dashed rule in
the chart and a note under the table. A break is placed at the first month of the series
counted the new way, so a series with a gap (2017, then 2024) breaks where it resumes, and its
note names when the change came.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources

REFERENCE = "generator/data/brudd.json"


@dataclass(frozen=True)
class Change:
    effective: str  # "YYYY-MM": the first month counted the new way
    text: str  # what changed, in Norwegian
    tiltaksgrupper: tuple[str, ...] = ()  # the groups it touches; () for all
    renamed: str = ""  # the group's newer name, where it was renamed

    def touches(self, tiltaksgruppe: str | None) -> bool:
        """Whether it breaks a series of this tiltaksgruppe, or of all groups together (None),
        which a renamed group or a tiltak moved between groups does not."""
        return not self.tiltaksgrupper or tiltaksgruppe in self.tiltaksgrupper


@dataclass(frozen=True)
class SeriesBreaks:
    method: tuple[Change, ...]
    classification: tuple[Change, ...]

    def inside(
        self, months: Sequence[str], tiltaksgruppe: str | None = None
    ) -> list[tuple[str, str]]:
        """The breaks a series over ``months`` crosses, as (the month it breaks, what changed),
        for one tiltaksgruppe, or all of them together (None); none at its very first month."""
        found: dict[str, list[str]] = {}
        for change in sorted(self.method + self.classification, key=lambda c: c.effective):
            if not change.touches(tiltaksgruppe):
                continue
            after = [m for m in months if m >= change.effective]
            if after and after[0] != months[0]:
                found.setdefault(after[0], []).append(change.text)
        return [(month, "; ".join(texts)) for month, texts in sorted(found.items())]

    def renamed(self, tiltaksgruppe: str) -> Change | None:
        """The change that renamed this tiltaksgruppe, if one did."""
        return next(
            (c for c in self.classification if c.renamed and tiltaksgruppe in c.tiltaksgrupper),
            None,
        )


def parse(reference: dict) -> SeriesBreaks:
    def changes(key: str) -> tuple[Change, ...]:
        return tuple(
            Change(
                c["effective"][:7],
                c["text"],
                tuple(c.get("tiltaksgrupper", ())),
                c.get("renamed", ""),
            )
            for c in reference.get(key, [])
        )

    return SeriesBreaks(changes("method"), changes("classification"))


@cache
def default_breaks() -> SeriesBreaks:
    text = resources.files("generator").joinpath("data/brudd.json").read_text("utf-8")
    return parse(json.loads(text))
