"""Which breakdowns the dataset has for which period, said in plain words on every page.

Computed from ``Dataset.breakdowns()``: a text export breaks counts down by hovedgruppe for
every county, NAV's TILT workbooks by tiltak for every county and by hovedgruppe for the whole
country only, so what a reader can compare depends on the years.
"""

from __future__ import annotations

from collections.abc import Sequence

from markupsafe import escape

from generator.dataset.dimensions import Breakdown, Dimension
from generator.dataset.grid import Dataset
from generator.months import next_month, period_label

NAMES = {
    Dimension.HOVEDGRUPPE: "Hovedgruppe (arbeidsmarkedsstatus)",
    Dimension.TILTAK: "Tiltak",
}
NONE = {
    Dimension.HOVEDGRUPPE: "Tallene er ikke delt etter hovedgruppe.",
    Dimension.TILTAK: "Tallene er ikke delt etter tiltak.",
}


def runs(months: Sequence[str]) -> list[list[str]]:
    """The months in unbroken runs of consecutive months."""
    found: list[list[str]] = []
    for month in sorted(months):
        if found and next_month(found[-1][-1]) == month:
            found[-1].append(month)
        else:
            found.append([month])
    return found


def periods(months: Sequence[str]) -> str:
    """ "januar–desember 2017 og januar 2024–desember 2025"."""
    labels = [period_label(run) for run in runs(months)]
    return labels[0] if len(labels) == 1 else f"{', '.join(labels[:-1])} og {labels[-1]}"


def _sentence(dimension: Dimension, breakdown: Breakdown | None) -> str:
    name = NAMES[dimension]
    if breakdown is None or not breakdown.nationwide:
        return NONE[dimension]
    by_county = list(breakdown.by_county)
    national_only = [m for m in breakdown.nationwide if m not in set(by_county)]
    parts = []
    if by_county:
        parts.append(f"per fylke finnes for {periods(by_county)}")
    if national_only:
        parts.append(f"for {periods(national_only)} bare for hele landet")
    if not by_county:
        return f"{name} finnes {parts[0]}."
    return f"{name} {'; '.join(parts)}."


def breakdowns_sentences(data: Dataset) -> list[str]:
    """One sentence per optional dimension: the months it exists by county and nationwide."""
    found = data.breakdowns()
    return [_sentence(d, found.get(d)) for d in (Dimension.HOVEDGRUPPE, Dimension.TILTAK)]


def breakdowns_html(data: Dataset) -> str:
    """The sentences as a paragraph, for the top of a page."""
    text = " ".join(escape(s) for s in breakdowns_sentences(data))
    return f'<p class="breakdowns">{text}</p>'
