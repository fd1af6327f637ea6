"""Table cells: a number copied from the export keeps its ``*``; a computed one that holds a
hidden cell is an interval, so no hidden count can be worked out from the tables."""

from __future__ import annotations

from generator.numbers import Count, Kind, Ratio, fmt_count, fmt_int, fmt_ratio_pct
from generator.plan.views import Cell

HIDDEN_TEXT = "skjult (0–3)"
NO_VALUE = Cell("–", "text")
NOT_A_REGION = Cell("–", "text", title="Ingen tall: fylket fantes ikke denne måneden")


def cell_key(region: str, tiltaksgruppe: str, hovedgruppe: str, month: str) -> str:
    """Names a cell copied from the export, so tests can compare it with the source."""
    return f"{region}|{tiltaksgruppe}|{hovedgruppe}|{month}"


def export_cell(count: Count, key: str) -> Cell:
    """A cell copied from the export: a number, or "*" for a hidden count; a total the export
    gives only as its parts (a tiltaksgruppe of TILT workbooks) is a sum, a range if hidden."""
    if count.is_exact:
        return Cell(fmt_int(count.lo), "exact", key, lo=count.lo, hi=count.lo)
    if count.kind is Kind.RANGE:
        return computed_cell(count)
    return Cell("*", "hidden", key, "Skjult: færre enn 4 personer", lo=count.lo, hi=count.hi)


def computed_cell(count: Count, *, signed: bool = False) -> Cell:
    """A computed count: exact, or an interval when it holds hidden cells."""
    if count.is_exact:
        return Cell(fmt_count(count, signed=signed), "exact", lo=count.lo, hi=count.hi)
    return Cell(
        fmt_count(count, signed=signed),
        "range",
        title=f"Intervall: summen inneholder {count.hidden_cells} skjulte verdier",
        lo=count.lo,
        hi=count.hi,
    )


def ratio_cell(ratio: Ratio | None, *, signed: bool = False) -> Cell:
    """A share in per cent; an interval when computed from hidden values."""
    if ratio is None:
        return NO_VALUE
    kind = "exact" if ratio.exact else "range"
    title = "" if ratio.exact else "Intervall: beregnet fra skjulte verdier"
    high = None if ratio.hi == float("inf") else round(ratio.hi * 100, 4)
    return Cell(
        fmt_ratio_pct(ratio, signed=signed), kind, title=title, lo=round(ratio.lo * 100, 4), hi=high
    )
