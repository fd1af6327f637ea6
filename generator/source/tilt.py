"""Read NAV's TILT workbooks (from 2023): one workbook per table code and year.

TILT110-TILT180 each hold a tiltaksgruppe (TILT180 two), broken down by tiltak: the sheet
"Tiltak og fylke" by county, "Arbeidsmarkedsstatus og tiltak" by status group for the whole
country, and from the 2025 files "Tiltak og kommune" by kommune. TILT100 holds all tiltak:
by kommune, and by status group and tiltaksgruppe for the whole country. The code says which
tiltaksgrupper a workbook covers and the tiltak say which of them a block belongs to
(generator/source/tilt_reference.py). The year is in the file name ("202412_TILT110 ...",
"2026.04_TILT130 ...") or the title; the months are those the header names and fills in.

The county blocks become tables like the text export's (one per tiltak), the status and kommune
blocks lists of cells; which region a row names is settled with the county reference
(generator/source/tilt_records.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from generator.errors import ExportError
from generator.months import MONTH_NAMES
from generator.numbers import Count, Kind
from generator.source.tables import YEARS
from generator.source.tilt_blocks import Block, BlockRow, SheetBlocks, parse_blocks
from generator.source.tilt_reference import (
    ALL_TILTAK,
    REFERENCE,
    Code,
    Tiltak,
    TiltReference,
    default_reference,
)
from generator.source.types import Export, Period, Row, Table
from generator.source.workbook import Sheet, kind_of

TILT_FORMAT = "tilt"
"""``Export.format`` of TILT110-TILT180: by county and tiltak; status groups nationwide."""
TILT_TOTALS_FORMAT = "tilt-totals"
"""``Export.format`` of TILT100: status groups by tiltaksgruppe nationwide, and kommuner."""
COUNTY_SHEET = "Tiltak og fylke"
STATUS_SHEET = "Arbeidsmarkedsstatus og tiltak"  # "... tiltaks" in TILT100
KOMMUNE_SHEETS = ("Tiltak og kommune", "Tiltaksdeltakere og kommune")
_CODE = re.compile(r"\bTILT[\s_-]?(\d{3})(?!\d)", re.IGNORECASE)
_YEAR_MONTH = re.compile(r"(?<!\d)((?:19|20)\d{2})[._-]?(0[1-9]|1[0-2])(?!\d)")
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")
_KOMMUNE = re.compile(r"^(\d{4})\s+(.+)$")
YEAR_HINT = "e.g. 202412_TILT110 ... .xlsx or 2026.04_TILT130 ... .xlsx"


@dataclass(frozen=True)
class StatusCell:
    """One nationwide count of a status group (hovedgruppe) on a tiltak or tiltaksgruppe."""

    hovedgruppe: str
    tiltaksgruppe: str
    tiltak: str  # ALL_TILTAK for the tiltaksgruppe's total
    month: str
    count: Count
    line: int
    header_line: int


class KommuneRecord(NamedTuple):
    """One count of a kommune: a tiltak (or a tiltaksgruppe, or all tiltak) in one month.

    A tuple, as a year of NAV's kommune sheets holds a hundred thousand; the fields are named
    as the dataset's columns (``periode``, ``deltakere``, ``skjult``, ``fil``, ``linje``)."""

    kommunenummer: str  # "0301"; empty where the row has no number
    kommune: str  # the name as printed, less the number
    fylkesnummer: str  # the number's first two digits
    fylke: str  # the county's name on the site; empty until the dataset names it
    tiltaksgruppe: str  # empty for all tiltak (TILT100)
    tiltak: str  # empty for the whole tiltaksgruppe
    periode: str  # "YYYY-MM"
    deltakere: Count  # exact, or hidden for "*" (never publish its bounds as a number)
    fil: str
    linje: int

    @property
    def skjult(self) -> bool:
        return self.deltakere.kind is Kind.HIDDEN


@dataclass
class TiltExport(Export):
    """One TILT workbook: its county blocks as ``tables`` (one per tiltak), with the code,
    year and months it covers, its nationwide status cells and its kommune records."""

    code: str = ""
    year: int = 0
    covers: Period | None = None
    status: list[StatusCell] = field(default_factory=list)
    kommuner: list[KommuneRecord] = field(default_factory=list)

    @property
    def period(self) -> Period:
        assert self.covers is not None
        return self.covers


def _find(sheets: list[Sheet], *names: str) -> Sheet | None:
    for sheet in sheets:
        if any(sheet.name.strip().casefold().startswith(n.casefold()) for n in names):
            return sheet
    return None


def is_tilt(path: Path, sheets: list[Sheet]) -> bool:
    """A TILT workbook: its name has a TILT code, or it has a sheet of a TILT layout."""
    return bool(_CODE.search(path.name)) or _find(sheets, COUNTY_SHEET, STATUS_SHEET) is not None


def _code(path: Path, titles: list[str], reference: TiltReference) -> Code:
    found = {f"TILT{m}" for text in [path.name, *titles] for m in _CODE.findall(text)}
    if len(found) != 1:
        codes = ", ".join(sorted(found))
        problem = f"several table codes ({codes})" if found else "no table code"
        raise ExportError(
            path,
            None,
            f"{problem} in the file name or title: expected one, e.g. TILT110 ({YEAR_HINT})",
        )
    code = found.pop().upper()
    if code not in reference.codes:
        raise ExportError(
            path,
            None,
            f"unknown table code {code}: expected one of {reference.known_codes()} "
            f"(a new one goes in {REFERENCE} under 'codes', with its tiltaksgrupper)",
        )
    return reference.codes[code]


def _year(path: Path, titles: list[str]) -> int:
    """The year from the file name ("202412_...", "2026.04_...", "..._2024"), else the title."""
    named = _YEAR_MONTH.search(path.stem) or _YEAR.search(_CODE.sub(" ", path.stem))
    in_titles = {int(y) for text in titles for y in _YEAR.findall(text)}
    if named:
        year = int(named.group(1))
        if in_titles and year not in in_titles:
            raise ExportError(
                path,
                None,
                f"the file name says {year} but the title {sorted(in_titles)[0]}: expected the "
                "same year in both (is the file misnamed?)",
            )
    elif len(in_titles) == 1:
        year = in_titles.pop()
    else:
        raise ExportError(
            path, None, f"cannot tell the year: expected it in the file name ({YEAR_HINT})"
            " or in the title",
        )  # fmt: skip
    if not YEARS[0] <= year <= YEARS[1]:
        raise ExportError(path, None, f"year {year} is not plausible")
    return year


def _period(blocks: SheetBlocks, year: int) -> Period:
    months = blocks.months
    if not months:
        raise ExportError(
            blocks.sheet.path, None, "no counts in the sheet: expected blocks of 'I alt' rows"
        )
    if months != list(range(months[0], months[-1] + 1)):
        raise ExportError(
            blocks.sheet.path,
            blocks.blocks[0].header.line,
            "the months published are not consecutive: expected January up to the last month "
            "published",
        )
    first, last = (MONTH_NAMES[m - 1].capitalize() for m in (months[0], months[-1]))
    label = f"{first} {year}" if first == last else f"{first} - {last} {year}"
    return Period((year, months[0]), (year, months[-1]), label)


def _missing(path: Path, sheets: list[Sheet], name: str, code: str) -> ExportError:
    return ExportError(
        path,
        None,
        f"no sheet {name!r}: expected it in {code}'s workbook "
        f"(the sheets are: {', '.join(repr(s.name) for s in sheets)})",
    )


def read_tilt(path: Path, sheets: list[Sheet], reference: TiltReference | None = None) -> Export:
    """One TILT workbook: its code, year, county tables, status cells and kommune records."""
    reference = reference or default_reference()
    county, status = _find(sheets, COUNTY_SHEET), _find(sheets, STATUS_SHEET)
    kommune = _find(sheets, *KOMMUNE_SHEETS)
    parsed = {s.name: parse_blocks(s) for s in (county, status, kommune) if s is not None}
    titles = [t for blocks in parsed.values() for t in blocks.titles]
    code = _code(path, titles, reference)
    year = _year(path, titles)
    if status is None:
        raise _missing(path, sheets, STATUS_SHEET, code.code)
    if county is None and not code.covers_all:
        raise _missing(path, sheets, COUNTY_SHEET, code.code)
    by_county = parsed[county.name] if county is not None and not code.covers_all else None
    period = _period(by_county or parsed[status.name], year)
    tables = _county_tables(by_county, code, reference, period) if by_county else []
    return TiltExport(
        path=path,
        encoding=kind_of(path),
        tables=tables,
        format=TILT_TOTALS_FORMAT if code.covers_all else TILT_FORMAT,
        code=code.code,
        year=year,
        covers=period,
        status=_status_cells(parsed[status.name], code, reference, period),
        kommuner=(
            _kommune_records(parsed[kommune.name], code, reference, year, path.name)
            if kommune
            else []
        ),
    )


def _tiltak(blocks: SheetBlocks, line: int, label: str, code: Code, ref: TiltReference) -> Tiltak:
    tiltak = ref.tiltak(code, label)
    if tiltak is None:
        raise ExportError(
            blocks.sheet.path,
            line,
            f"unknown tiltak {label!r} in {code.code} ({', '.join(code.tiltaksgrupper)}): "
            f"add it to {REFERENCE} under the tiltaksgruppe it belongs to",
        )
    return tiltak


def _same_months(blocks: SheetBlocks, period: Period) -> list[str]:
    """The sheet's months as "YYYY-MM": the same as the workbook's."""
    year = period.first[0]
    months = [f"{year}-{m:02d}" for m in blocks.months]
    if months != period.months:
        raise ExportError(
            blocks.sheet.path,
            blocks.blocks[0].header.line if blocks.blocks else None,
            f"the sheet has {len(months)} months published, the workbook {period.label!r}: "
            "expected every sheet to cover the same months",
        )
    return months


def _county_tables(
    blocks: SheetBlocks, code: Code, reference: TiltReference, period: Period
) -> list[Table]:
    """One table per tiltak block (a tiltaksgruppe's own block is its total)."""
    months = _same_months(blocks, period)
    tables: dict[tuple[str, str], Table] = {}
    for block in blocks.blocks:
        tiltak = _tiltak(blocks, block.line, block.subject, code, reference)
        key = (tiltak.tiltaksgruppe, tiltak.name)
        if key in tables:
            raise ExportError(
                blocks.sheet.path,
                block.line,
                f"block {block.total.label!r} appears twice (first at row "
                f"{tables[key].name_line}): expected each tiltak once",
            )
        tables[key] = Table(
            path=blocks.sheet.path,
            title=blocks.titles[0] if blocks.titles else blocks.sheet.name,
            subtitle=blocks.sheet.name,
            period=period,
            name=tiltak.name or tiltak.tiltaksgruppe,
            name_line=block.line,
            header_line=block.header.line,
            months=months,
            total=_table_row(block.total),
            rows=[_table_row(row) for row in block.rows],
            tiltaksgruppe=tiltak.tiltaksgruppe,
            tiltak=tiltak.name,
        )
    return list(tables.values())


def _table_row(row: BlockRow) -> Row:
    return Row(row.label, row.line, row.counts)


def _status_cells(
    blocks: SheetBlocks, code: Code, reference: TiltReference, period: Period
) -> list[StatusCell]:
    """The nationwide status blocks: one per status group, a row per tiltak (per tiltaksgruppe
    in TILT100); the "I alt" row is the tiltaksgruppe's total where the code has one group."""
    months = _same_months(blocks, period)
    cells: list[StatusCell] = []
    first_at: dict[tuple[str, str, str], int] = {}
    for block in blocks.blocks:
        hovedgruppe = reference.hovedgruppe(block.subject)
        if hovedgruppe is None:
            raise ExportError(
                blocks.sheet.path,
                block.line,
                f"unknown status group {block.subject!r}: expected one of "
                f"{', '.join(reference.hovedgrupper())} (another goes in {REFERENCE} under "
                "'hovedgrupper')",
            )
        rows: list[tuple[BlockRow, Tiltak]] = []
        if len(code.tiltaksgrupper) == 1:
            rows.append((block.total, Tiltak(ALL_TILTAK, code.tiltaksgrupper[0])))
        rows += [(row, _status_row(blocks, row, code, reference)) for row in block.rows]
        for row, tiltak in rows:
            key = (hovedgruppe, tiltak.tiltaksgruppe, tiltak.name)
            first = first_at.setdefault(key, row.line)
            if first != row.line:
                raise ExportError(
                    blocks.sheet.path, row.line, f"{row.label!r} appears twice under "
                    f"{block.total.label!r} (first at row {first})",
                )  # fmt: skip
            cells += [
                StatusCell(*key, month, count, row.line, block.header.line)
                for month, count in zip(months, row.counts, strict=True)
            ]
    return cells


def _status_row(blocks: SheetBlocks, row: BlockRow, code: Code, ref: TiltReference) -> Tiltak:
    if not code.covers_all:
        return _tiltak(blocks, row.line, row.label, code, ref)
    group = ref.tiltaksgruppe(row.label)
    if group is None:
        raise ExportError(
            blocks.sheet.path,
            row.line,
            f"unknown tiltaksgruppe {row.label!r}: expected one of the tiltaksgrupper in "
            f"{REFERENCE} (another spelling goes under 'tiltaksgruppe_aliases')",
        )
    return Tiltak(ALL_TILTAK, group)


def _kommune_subject(block: Block, blocks: SheetBlocks, code: Code, ref: TiltReference) -> Tiltak:
    if not code.covers_all:
        return _tiltak(blocks, block.line, block.subject, code, ref)
    return Tiltak(ALL_TILTAK, ref.tiltaksgruppe(block.subject) or "")


def _kommune_records(
    blocks: SheetBlocks, code: Code, reference: TiltReference, year: int, file: str
) -> list[KommuneRecord]:
    """A record per kommune, tiltak and month (the "I alt" rows are the counties' sheet's)."""
    records = []
    months = [f"{year}-{m:02d}" for m in blocks.months]
    for block in blocks.blocks:
        tiltak = _kommune_subject(block, blocks, code, reference)
        for row in block.rows:
            match = _KOMMUNE.match(row.label)
            number, name = (match.group(1), match.group(2).strip()) if match else ("", row.label)
            for month, count in zip(months, row.counts, strict=True):
                records.append(
                    KommuneRecord(number, name, number[:2], "", tiltak.tiltaksgruppe,
                                  tiltak.name, month, count, file, row.line)
                )  # fmt: skip
    return records
