"""Excel workbooks beside the CSV downloads: each table, each page and the whole dataset.

A workbook opens cleanly in Norwegian Excel and LibreOffice: the first rows say what the
numbers are (title, period, source and licence, the month the data ends, what `*` and an
interval mean), then the header row, frozen and with filters, then one row per record with
real numbers in a thousands format. A hidden count is the text `*`, never a number; an
interval is its two bounds, ``min`` and ``maks``; a flag is "ja" or "nei". A second sheet,
"Om tallene", describes every column. Every text is written as text, never read as a formula
or a link. Printed or saved as PDF, every column fits the page's width.

The same records give the same bytes: the workbook's dates are the month the data ends, never
the clock, and XlsxWriter stamps every file in the zip with one fixed date.
"""

from __future__ import annotations

import datetime
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import xlsxwriter
from xlsxwriter.worksheet import Worksheet

from generator.output import schema
from generator.output.downloads import Record
from generator.output.schema import Column

SHEET = "Tall"
ABOUT_SHEET = "Om tallene"
HIDDEN = "*"
YES, NO = "ja", "nei"  # a flag (skjult) as people read it
INTEGER_FORMAT = "#,##0"  # Excel shows the locale's thousands separator: a space in Norwegian
DECIMAL_FORMAT = "#,##0.0###"
WIDEST = 60  # characters: a longer text wraps the column no wider
OPTIONS = {
    "in_memory": True,
    "strings_to_numbers": False,
    "strings_to_formulas": False,
    "strings_to_urls": False,
}


@dataclass(frozen=True)
class About:
    """What the first rows of a workbook say about its numbers."""

    title: str
    period: str
    data_until: str  # the latest month of data, e.g. "desember 2017"
    data_date: datetime.date  # the last day of that month: the workbook's date
    notes: Sequence[str] = field(default_factory=tuple)
    next_update: str = ""  # e.g. "15. desember 2026"


@dataclass(frozen=True)
class Workbook:
    content: bytes
    header_row: int  # 1-based row of the column names on the first sheet, for the data package


def _preamble(about: About, has_hidden: bool, has_range: bool) -> list[str]:
    lines = [
        f"Periode: {about.period}",
        schema.SOURCE,
        schema.LICENCE,
        f"Tallene gjelder til og med {about.data_until}."
        + (f" Neste oppdatering: {about.next_update}." if about.next_update else ""),
    ]
    lines += list(about.notes)
    if has_hidden:
        lines.append(schema.HIDDEN_NOTE)
    if has_range:
        lines.append(schema.RANGE_NOTE)
    return lines


class _Sheet:
    """Writes records under a header, tracking the widest text of each column."""

    def __init__(self, book: Any, sheet: Worksheet, columns: Sequence[Column]) -> None:
        self.sheet = sheet
        self.columns = columns
        self.widths = [len(c.name) + 3 for c in columns]  # room for the filter button
        self.integer = book.add_format({"num_format": INTEGER_FORMAT})
        self.decimal = book.add_format({"num_format": DECIMAL_FORMAT})
        self.hidden = book.add_format({"align": "right"})
        self.flag = book.add_format({"align": "center"})
        self.header = book.add_format({"bold": True, "bottom": 1, "text_wrap": True})

    def write_header(self, row: int) -> None:
        for col, column in enumerate(self.columns):
            self.sheet.write_string(row, col, column.name, self.header)

    def write(self, row: int, col: int, value: object, hidden: bool) -> None:
        if value is None or value == "":
            if hidden and self.columns[col].kind in ("integer", "number"):
                self.sheet.write_string(row, col, HIDDEN, self.hidden)
            return
        if isinstance(value, bool):
            # Text, not Excel's TRUE/FALSE, which LibreOffice shows as 0 and 1 in some sheets.
            self.sheet.write_string(row, col, YES if value else NO, self.flag)
            return
        if isinstance(value, int | float):
            is_int = float(value).is_integer()
            self.sheet.write_number(row, col, value, self.integer if is_int else self.decimal)
            text = f"{value:,.0f}" if is_int else f"{value:,.4f}"
        else:
            text = str(value)
            self.sheet.write_string(row, col, text)
        self.widths[col] = max(self.widths[col], min(len(text) + 1, WIDEST))


def workbook(
    columns: Sequence[Column], records: Sequence[Record], about: About, hidden_column: str
) -> Workbook:
    """A workbook of ``records`` under ``columns``; the boolean column ``hidden_column`` marks
    the records whose empty count is a hidden one, written as `*`."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, OPTIONS)
    created = datetime.datetime.combine(about.data_date, datetime.time())
    book.set_properties(
        {
            "title": about.title,
            "subject": f"{about.title}, {about.period}",
            "author": "NAV",
            "company": "NAV",
            "comments": f"{schema.SOURCE} {schema.LICENCE}",
            "created": created,
        }
    )
    sheet = book.add_worksheet(SHEET)
    out = _Sheet(book, sheet, columns)
    names = [c.name for c in columns]
    flag = names.index(hidden_column)
    has_hidden = any(r[flag] for r in records)
    low = names.index("min") if "min" in names else None
    has_range = low is not None and any(r[low] is not None and not r[flag] for r in records)
    sheet.write_string(0, 0, about.title, book.add_format({"bold": True, "font_size": 14}))
    lines = _preamble(about, has_hidden, has_range)
    for offset, line in enumerate(lines, start=1):
        sheet.write_string(offset, 0, line)
    header = len(lines) + 2  # a blank row between
    out.write_header(header)
    for index, record in enumerate(records, start=header + 1):
        hidden = bool(record[flag])
        for col, value in enumerate(record):
            out.write(index, col, value, hidden)
    last = header + len(records)
    sheet.freeze_panes(header + 1, 0)
    sheet.autofilter(header, 0, max(last, header), len(columns) - 1)
    # Printed (or saved as PDF): every column on the page's width, the header on every page.
    sheet.set_paper(9)  # A4
    sheet.fit_to_pages(1, 0)
    sheet.repeat_rows(header)
    for col, width in enumerate(out.widths):
        sheet.set_column(col, col, width)
    _about_sheet(book, columns, about)
    book.close()
    return Workbook(buffer.getvalue(), header + 1)


def _about_sheet(book: Any, columns: Sequence[Column], about: About) -> None:
    """The second sheet: what each column holds, the source and the licence."""
    sheet = book.add_worksheet(ABOUT_SHEET)
    bold = book.add_format({"bold": True})
    wrap = book.add_format({"text_wrap": True, "valign": "top"})
    sheet.write_string(0, 0, about.title, book.add_format({"bold": True, "font_size": 14}))
    sheet.write_string(1, 0, schema.SOURCE)
    sheet.write_string(2, 0, schema.LICENCE)
    sheet.write_string(3, 0, schema.HIDDEN_NOTE)
    sheet.write_string(5, 0, "Kolonne", bold)
    sheet.write_string(5, 1, "Innhold", bold)
    for row, column in enumerate(columns, start=6):
        sheet.write_string(row, 0, column.name)
        sheet.write_string(row, 1, column.description, wrap)
    sheet.set_column(0, 0, max(len(c.name) for c in columns) + 4)
    sheet.set_column(1, 1, 90)
