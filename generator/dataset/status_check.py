"""The named check ``status_totals_match_tiltak``: NAV's nationwide status-group totals must
agree with the tiltak they are made of, each `*` counted as 0–3.

NAV's TILT workbooks give status groups (hovedgrupper) for the whole country only, three ways
over: a status block's "I alt" row of a tiltaksgruppe (TILT110-TILT180), its rows per tiltak,
and TILT100's rows per tiltaksgruppe. They must agree with each other and with each tiltak's
national total on the county sheet; where they cannot, a row is misread or the files are of
different releases, and the build stops with one line naming the file, the row and what was
expected (``ExportError``), before anything is published.
"""

from __future__ import annotations

from collections.abc import Iterable

from generator.dataset.cells import Source
from generator.dataset.dimensions import ALL
from generator.errors import ExportError
from generator.months import month_name
from generator.numbers import Count, Kind, fmt_count
from generator.source.tilt import TILT_TOTALS_FORMAT, StatusCell, TiltExport

CHECK = "status_totals_match_tiltak"


def _agree(parts: Count, total: Count) -> bool:
    return parts.lo <= total.hi and total.lo <= parts.hi


def _plain(count: Count) -> str:
    if count.kind is Kind.HIDDEN:
        return "* (0-3)"
    return fmt_count(count).replace("\u00a0", " ").replace("–", "-")


def _refuse(export: TiltExport, cell: StatusCell, parts: Count, what: str) -> ExportError:
    group = cell.tiltak or cell.tiltaksgruppe
    return ExportError(
        export.path,
        cell.line,
        f"{CHECK}: {cell.hovedgruppe!r}, {group!r}, {month_name(cell.month)} reads "
        f"{_plain(cell.count)}, but {what} sum to {_plain(parts)}: expected them to agree, "
        "with each * counted as 0-3",
    )


def _latest(sources: Iterable[Source]) -> dict[tuple[str, str], Source]:
    """For each month and table code, the TILT workbook that owns it (the one ending later)."""
    owner: dict[tuple[str, str], Source] = {}
    for source in sorted(sources, key=lambda s: s.months[-1]):
        if isinstance(source.export, TiltExport):
            for month in source.months:
                owner[(month, source.export.code)] = source
    return owner


def _within(source: Source, export: TiltExport, national: str) -> None:
    """A workbook's status "I alt" rows against its tiltak rows, and each tiltak's status
    groups against the tiltak's national total on its county sheet."""
    rows: dict[tuple[str, str, str], list[Count]] = {}
    groups: dict[tuple[str, str, str], list[Count]] = {}
    for cell in export.status:
        if cell.tiltak != ALL:
            rows.setdefault((cell.hovedgruppe, cell.tiltaksgruppe, cell.month), []).append(
                cell.count
            )
            groups.setdefault((cell.tiltaksgruppe, cell.tiltak, cell.month), []).append(cell.count)
    for cell in export.status:
        parts = rows.get((cell.hovedgruppe, cell.tiltaksgruppe, cell.month))
        if cell.tiltak == ALL and parts and not _agree(Count.total(parts), cell.count):
            raise _refuse(export, cell, Count.total(parts), "its tiltak in this block")
    counted = {(t.tiltaksgruppe, t.tiltak) for t in export.tables}
    for (tg, tiltak, month), counts in groups.items():
        if (tg, tiltak) not in counted:
            continue
        total = source.count(national, tg, ALL, month, tiltak)
        if not _agree(Count.total(counts), total):
            cell = next(
                c for c in export.status
                if (c.tiltaksgruppe, c.tiltak, c.month) == (tg, tiltak, month)
            )  # fmt: skip
            table = next(t for t in export.tables if (t.tiltaksgruppe, t.tiltak) == (tg, tiltak))
            raise ExportError(
                export.path,
                cell.line,
                f"{CHECK}: the status groups of {tiltak!r}, {month_name(month)}, sum to "
                f"{_plain(Count.total(counts))}, but its national total on the county sheet "
                f"(row {table.total.line if table.total else table.name_line}) reads "
                f"{_plain(total)}: expected them to agree, with each * counted as 0-3",
            )


def _owned_tiltak(owner: dict[tuple[str, str], Source]) -> dict[tuple[str, str, str], list[Count]]:
    """The status cells per tiltak of the workbooks that own each month: (hovedgruppe,
    tiltaksgruppe, month) → the counts of its tiltak."""
    parts: dict[tuple[str, str, str], list[Count]] = {}
    for (month, _), source in owner.items():
        export = source.export
        if not isinstance(export, TiltExport) or export.format == TILT_TOTALS_FORMAT:
            continue
        for c in export.status:
            if c.month == month and c.tiltak != ALL:
                parts.setdefault((c.hovedgruppe, c.tiltaksgruppe, month), []).append(c.count)
    return parts


def status_totals_match_tiltak(sources: list[Source], national: str) -> None:
    """Stop the build where NAV's status-group totals disagree with their tiltak (see above)."""
    owner = _latest(sources)
    by_tiltak = _owned_tiltak(owner)
    for source in sources:
        export = source.export
        if not isinstance(export, TiltExport) or not export.status:
            continue
        if export.format != TILT_TOTALS_FORMAT:
            _within(source, export, national)
            continue
        for cell in export.status:
            parts = by_tiltak.get((cell.hovedgruppe, cell.tiltaksgruppe, cell.month))
            if parts and not _agree(Count.total(parts), cell.count):
                files = sorted({s.export.path.name for (m, _), s in owner.items()
                                if m == cell.month and s.part != source.part})  # fmt: skip
                raise _refuse(export, cell, Count.total(parts), f"the tiltak in {', '.join(files)}")
