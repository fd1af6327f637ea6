"""Table cells: a number copied from the export keeps its ``*``; a computed one that holds a
hidden cell is an interval, so no hidden count can be worked out from the tables."""

from __future__ import annotations

from generator.numbers import HIDDEN_MARK, Count, Kind, Ratio, fmt_count, fmt_int, fmt_ratio_pct
from generator.plan.views import Cell

HIDDEN_TEXT = "skjult (0–3)"
HIDDEN_TITLE = "Skjult: færre enn 4 personer"
NO_VALUE = Cell("–", "text")
NOT_A_REGION = Cell("–", "text", title="Ingen tall: fylket fantes ikke denne måneden")


def cell_key(region: str, tiltaksgruppe: str, hovedgruppe: str, month: str) -> str:
    """Names a cell copied from the export, so tests can compare it with the source."""
    return f"{region}|{tiltaksgruppe}|{hovedgruppe}|{month}"


def export_cell(count: Count, key: str) -> Cell:
    """A cell copied from the export: a number, or "*" for a hidden count; a total the export
    gives only as its parts (a tiltaksgruppe of TILT workbooks) is a sum, a range if hidden."""
    kind = count.kind
    if kind is Kind.EXACT:
        return Cell(fmt_int(count.lo), Kind.EXACT, key, lo=count.lo, hi=count.lo)
    if kind is Kind.RANGE:
        return computed_cell(count)
    return Cell(HIDDEN_MARK, Kind.HIDDEN, key, HIDDEN_TITLE, lo=count.lo, hi=count.hi)


def computed_cell(count: Count, *, signed: bool = False) -> Cell:
    """A computed count: exact, or an interval when it holds hidden cells."""
    kind = count.computed_kind
    title = "" if kind is Kind.EXACT else _sum_title(count)
    return Cell(fmt_count(count, signed=signed), kind, title=title, lo=count.lo, hi=count.hi)


def _sum_title(count: Count) -> str:
    return f"Intervall: summen inneholder {count.hidden_cells} skjulte verdier"


def ratio_cell(ratio: Ratio | None, *, signed: bool = False) -> Cell:
    """A share in per cent; an interval when computed from hidden values."""
    if ratio is None:
        return NO_VALUE
    kind = ratio.kind
    title = "" if kind is Kind.EXACT else "Intervall: beregnet fra skjulte verdier"
    high = None if ratio.hi == float("inf") else round(ratio.hi * 100, 4)
    return Cell(
        fmt_ratio_pct(ratio, signed=signed), kind, title=title, lo=round(ratio.lo * 100, 4), hi=high
    )
