"""A TILT sheet's blocks: month headers, "I alt ..." rows and the rows under them.

Every sheet of NAV's TILT workbooks ("Tiltak og fylke", "Tiltak og kommune", "Arbeidsmarkeds-
status og tiltak") has one layout: a header row (column B "Gjennomsnitt hittil i år", month
names from column C), then blocks, each an "I alt <subject>" row followed by one row per unit
(county, kommune or tiltak) until a row whose column A is empty. A later block may have a
header of its own above it; else the last header above it holds. Column B (the average so
far this year) is not a count of one month, and a column without a month name is skipped.
A month column empty in every block is a month not yet published; any other empty cell, a
block without rows or one without a header above it is refused, naming its row.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

from generator.errors import ExportError
from generator.months import MONTH_NAMES
from generator.numbers import HIDDEN_MARK, Count
from generator.source.tables import MONTH_NUMBERS, TOTAL_PREFIX, parse_count
from generator.source.types import Cell
from generator.source.workbook import Sheet

HEADER_HINT = "a row with 'Gjennomsnitt hittil i år' in column B and month names from column C"


@dataclass
class Header:
    line: int
    columns: list[tuple[int, int]]  # (column index, month number) of each named month column
    published: list[int] = field(default_factory=list)  # month numbers with any value


@dataclass
class BlockRow:
    label: str
    line: int
    cells: list[Cell]  # the cells of the header's month columns
    counts: list[Count] = field(default_factory=list)  # per published month, once parsed


@dataclass
class Block:
    subject: str  # the "I alt" row's label less "I alt": a tiltak, or a status group
    header: Header
    total: BlockRow
    rows: list[BlockRow] = field(default_factory=list)

    @property
    def line(self) -> int:
        return self.total.line

    @property
    def months(self) -> list[int]:
        return self.header.published


@dataclass
class SheetBlocks:
    sheet: Sheet
    titles: list[str]  # lines of text above the first header: the table's title
    blocks: list[Block]

    @property
    def months(self) -> list[int]:
        """The months the sheet publishes (every block publishes the same ones)."""
        return self.blocks[0].months if self.blocks else []


def _text(cell: Cell) -> str:
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return " ".join(str(cell).replace("\u00a0", " ").split())


def _month(cell: Cell) -> int | None:
    """The month a header cell names ("Januar", "jan.", "Januar 2024"), or None."""
    if not isinstance(cell, str):
        return None
    name = re.sub(r"\s+\d{4}$", "", _text(cell)).lower().rstrip(".")
    return MONTH_NUMBERS.get(name)


def _header(sheet: Sheet, line: int, row: list[Cell]) -> Header | None:
    """The month columns of a header row (month names from column B or C on), or None."""
    if any(isinstance(c, int | float) for c in row[1:]):
        return None
    columns = [(i, m) for i, c in enumerate(row) if i >= 1 and (m := _month(c)) is not None]
    if not columns or _text(row[0]).lower().startswith(TOTAL_PREFIX):
        return None
    numbers = [m for _, m in columns]
    for earlier, later in itertools.pairwise(numbers):
        if later <= earlier:
            name = MONTH_NAMES[later - 1].capitalize()
            problem = "twice" if later == earlier else "out of order"
            raise ExportError(sheet.path, line, f"month {name!r} is {problem} in the header")
    return Header(line, columns)


def _refuse_empty(sheet: Sheet, block: Block | None) -> None:
    if block is not None and not block.rows:
        raise ExportError(
            sheet.path,
            block.line,
            f"block {block.total.label!r} has no rows: expected a row per unit under it, up to "
            "a row with column A empty",
        )


def parse_blocks(sheet: Sheet) -> SheetBlocks:
    """The sheet's blocks, each with the header above it and its counts parsed."""
    titles: list[str] = []
    blocks: list[Block] = []
    header: Header | None = None
    current: Block | None = None
    for line, row in enumerate(sheet.rows, start=1):
        first = _text(row[0]) if row else ""
        found = _header(sheet, line, row)
        if found is not None:
            _refuse_empty(sheet, current)
            header, current = found, None
        elif first.lower().startswith(TOTAL_PREFIX):
            _refuse_empty(sheet, current)
            if header is None:
                raise ExportError(
                    sheet.path, line, f"no month header above {first!r}: expected {HEADER_HINT}"
                )
            subject = first[len(TOTAL_PREFIX) :].strip()
            current = Block(subject, header, _row(first, line, row, header))
            blocks.append(current)
        elif not first:
            _refuse_empty(sheet, current)
            if current is not None and any(c != "" for c in row):
                raise ExportError(sheet.path, line, "a row of counts without a label in column A")
            current = None
        elif current is not None:
            current.rows.append(_row(first, line, row, header))
        elif any(isinstance(c, int | float) for c in row[1:]):
            raise ExportError(
                sheet.path, line, f"row {first!r} is outside a block: expected an 'I alt' row above"
            )
        elif header is None:
            titles.append(first)
    _refuse_empty(sheet, current)
    _publish(sheet, blocks)
    return SheetBlocks(sheet, titles, blocks)


def _row(label: str, line: int, row: list[Cell], header: Header | None) -> BlockRow:
    assert header is not None  # a block starts only below a header
    if header.columns[-1][0] < len(row):  # as a sheet's rows are all as wide as the sheet
        return BlockRow(label, line, [row[i] for i, _ in header.columns])
    return BlockRow(label, line, [row[i] if i < len(row) else "" for i, _ in header.columns])


def _publish(sheet: Sheet, blocks: list[Block]) -> None:
    """Find each header's published months, check every block has the same, parse counts."""
    headers = {id(b.header): b.header for b in blocks}
    for header in headers.values():
        under = [r for b in blocks if b.header is header for r in (b.total, *b.rows)]
        header.published = [
            month
            for index, (_, month) in enumerate(header.columns)
            if any(r.cells[index] != "" for r in under)
        ]
    if not blocks:
        return
    expected = blocks[0].months
    hidden = Count.hidden()
    for block in blocks:
        if block.months != expected:
            raise ExportError(
                sheet.path,
                block.line,
                f"block {block.total.label!r} has the months {_span(block.months)}, the first "
                f"block {_span(expected)}: expected every block to cover the same months",
            )
        published = [
            (index, MONTH_NAMES[month - 1].capitalize())
            for index, (_, month) in enumerate(block.header.columns)
            if month in block.header.published
        ]
        for row in (block.total, *block.rows):
            row.counts = _counts(sheet, published, row, hidden)


def _counts(
    sheet: Sheet, published: list[tuple[int, str]], row: BlockRow, hidden: Count
) -> list[Count]:
    """The row's counts in the published months: a whole number, or "*" (the fast cases, a
    sheet of kommuner has a hundred thousand), else as the text export's parser reads them."""
    counts = []
    for index, name in published:
        cell = row.cells[index]
        if type(cell) is int and cell >= 0:
            counts.append(Count.printed(cell))
        elif cell == HIDDEN_MARK:
            counts.append(hidden)
        elif cell == "":
            raise ExportError(
                sheet.path,
                row.line,
                f"an empty cell under {name}: expected a count or * (a month not yet published "
                "is empty in every row)",
            )
        else:
            counts.append(parse_count(sheet.path, row.line, cell, name))
    return counts


def _span(months: list[int]) -> str:
    if not months:
        return "none"
    first, last = (MONTH_NAMES[m - 1].capitalize() for m in (months[0], months[-1]))
    return first if first == last else f"{first}–{last}"
