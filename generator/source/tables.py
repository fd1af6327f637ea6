"""Rows of cells to tables: periods, header months, counts, rows, group names.

An export holds many tables; each has a preamble (title, subtitle, a period such as
"Januar - Desember 2017" and a group name that may be wrapped over several lines), a header of
month names, an "I alt ..." total row and one row per region. Part two splits every
tiltaksgruppe by hovedgruppe, with names like "Arbeidssøkere på tiltak, opplæring".

Nothing about the groups, regions or months is assumed from a sample: they are read from the
labels (and the groups then checked against the names NAV uses, generator/source/groups.py).
The parser takes numbered rows of cells, so it reads a text export's lines (split on tabs) and
a workbook's rows (cell values) alike; it knows nothing of bytes or encodings.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from generator.errors import ExportError
from generator.months import MONTH_ABBREVIATIONS, MONTH_NAMES
from generator.numbers import HIDDEN_MARK, HIDDEN_MAX, Count
from generator.source.types import SAVE_AS, Cell, Period, Row, SourceRow, Table

MONTH_NUMBERS = {
    word: number
    for number, names in enumerate(zip(MONTH_NAMES, MONTH_ABBREVIATIONS, strict=True), start=1)
    for word in names
} | {"sept": 9}
"""A month's number by its name or abbreviation as NAV writes them (lower case, no dot)."""
_MONTH_WORD = r"[A-Za-zÆØÅæøå]+\.?"
_PERIOD = re.compile(
    rf"^(?P<m1>{_MONTH_WORD})\s*(?P<y1>\d{{4}})?\s*[-–—]\s*(?P<m2>{_MONTH_WORD})\s+(?P<y2>\d{{4}})$"
    rf"|^(?P<m0>{_MONTH_WORD})\s+(?P<y0>\d{{4}})$"
)
_COUNT = re.compile(r"^\d{1,3}(?:[ \u00a0\u202f]\d{3})+$|^\d+$")
_NEGATIVE = re.compile(r"^[-−–]\s*\d")
TOTAL_PREFIX = "i alt"
YEARS = (1900, 2100)  # a period outside these years is a misread, and would make a huge grid
MAX_NAME = 200  # characters; a longer group name has swallowed lines of the file
FORMULA_START = "=+-@"  # a CSV cell starting with one of these runs as a spreadsheet formula
_ROW_WITHOUT_TABS = re.compile(r"\S[\s;,|]+(?:\d[\d \u00a0]*|\*)$")
_OTHER_SEPARATORS = ((";", "';'"), (",", "','"), ("|", "'|'"))


def _clean(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").split())


def _text(cell: Cell) -> str:
    """A cell as text: a workbook may store a label or a year as a number."""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return cell if isinstance(cell, str) else str(cell)


def parse_period(path: Path, line_no: int, text: str) -> Period | None:
    match = _PERIOD.match(_clean(text))
    if not match:
        return None
    names = [match.group(k) for k in ("m1", "m2", "m0")]
    if any(n and n.lower().rstrip(".") not in MONTH_NUMBERS for n in names):
        return None
    if match.group("m0"):
        month = MONTH_NUMBERS[match.group("m0").lower().rstrip(".")]
        year = int(match.group("y0"))
        _plausible_years(path, line_no, text, year, year)
        return Period((year, month), (year, month), _clean(text))
    m1 = MONTH_NUMBERS[match.group("m1").lower().rstrip(".")]
    m2 = MONTH_NUMBERS[match.group("m2").lower().rstrip(".")]
    y2 = int(match.group("y2"))
    y1 = int(match.group("y1")) if match.group("y1") else y2
    _plausible_years(path, line_no, text, y1, y2)
    if (y1, m1) > (y2, m2):
        raise ExportError(path, line_no, f"period {text.strip()!r} ends before it starts")
    return Period((y1, m1), (y2, m2), _clean(text))


def _plausible_years(path: Path, line_no: int, text: str, *years: int) -> None:
    for year in years:
        if not YEARS[0] <= year <= YEARS[1]:
            raise ExportError(
                path,
                line_no,
                f"year {year} in the period {text.strip()!r} is not plausible: expected a year "
                f"from {YEARS[0]} to {YEARS[1]}",
            )


def parse_count(path: Path, line_no: int, cell: Cell, column: str) -> Count:
    """A cell's count: exact, or hidden for "*" (a count from 0 to 3).

    Text as printed ("18 344", with any thousands separator), or a number from a workbook.
    """
    if isinstance(cell, str):
        if cell == HIDDEN_MARK:
            return Count.hidden()
        if _COUNT.match(cell):
            return _not_hidden(path, line_no, cell, int(re.sub(r"\D", "", cell)), column)
        negative = bool(_NEGATIVE.match(cell))
    elif cell >= 0 and float(cell).is_integer():
        return _not_hidden(path, line_no, cell, int(cell), column)
    else:
        negative = cell < 0
    if negative:
        raise ExportError(path, line_no, f"negative count {cell!r} in {column}: expected 0 or more")
    shown = repr(cell) if cell != "" else "an empty cell"
    raise ExportError(
        path, line_no, f"{shown} in {column} is not a count: expected digits (e.g. 18 344) or *"
    )


def _not_hidden(path: Path, line_no: int, cell: Cell, value: int, column: str) -> Count:
    """NAV prints every count below 4 as "*": a printed 0-3 is a damaged number, and publishing
    it would show a count the law hides."""
    if value <= HIDDEN_MAX:
        raise ExportError(
            path,
            line_no,
            f"count {cell!r} in {column} is below {HIDDEN_MAX + 1}, which NAV prints as "
            f"{HIDDEN_MARK!r}: expected {HIDDEN_MARK} or a count of {HIDDEN_MAX + 1} or more "
            "(is the number damaged?)",
        )
    return Count.printed(value)


def _header_months(path: Path, line_no: int, cells: list[Cell], period: Period) -> list[str]:
    months: list[str] = []
    for cell in map(_text, cells):
        if not cell:
            raise ExportError(path, line_no, "an empty cell in the header: expected a month name")
        number = MONTH_NUMBERS.get(cell.lower().rstrip("."))
        if number is None:
            raise ExportError(
                path,
                line_no,
                f"unknown month name {cell!r}: expected a Norwegian month name "
                "(Januar, Februar, ... Desember)",
            )
        try:
            month = period.month_of(number)
        except KeyError:
            raise ExportError(
                path, line_no, f"month {cell!r} is outside the table's period {period.label!r}"
            ) from None
        if month in months:
            raise ExportError(path, line_no, f"month {cell!r} appears twice in the header")
        months.append(month)
    if not months:
        raise ExportError(path, line_no, "header row has no months: expected month names")
    return months


def _start_table(
    path: Path, preamble: list[tuple[int, str]], header_no: int, header: list[Cell]
) -> Table:
    """Make a table from the lines of text above a header: title, subtitle, period, group name."""
    period, period_at = None, 0
    for index in range(len(preamble) - 1, -1, -1):
        period = parse_period(path, preamble[index][0], preamble[index][1])
        if period:
            period_at = index
            break
    if period is None:
        raise ExportError(
            path,
            header_no,
            "header row without a period above it: expected a line like 'Januar - Desember 2017'",
        )
    name_lines = preamble[period_at + 1 :]
    if not name_lines:
        raise ExportError(
            path, header_no, "table without a group name: expected it between period and header"
        )
    title = preamble[period_at - 2][1] if period_at >= 2 else ""
    subtitle = preamble[period_at - 1][1] if period_at >= 1 else ""
    name = _clean(" ".join(text for _, text in name_lines))
    _check_name(path, name_lines[0][0], name)
    return Table(
        path=path,
        title=_clean(title),
        subtitle=_clean(subtitle),
        period=period,
        name=name,
        name_line=name_lines[0][0],
        header_line=header_no,
        period_line=preamble[period_at][0],
        months=_header_months(path, header_no, header[1:], period),
    )


def _check_name(path: Path, line_no: int, name: str) -> None:
    """Group names become page titles, file names and CSV cells: refuse what cannot be one."""
    if len(name) > MAX_NAME:
        raise ExportError(
            path,
            line_no,
            f"a group name of {len(name)} characters ({name[:40]!r}...): expected a name of at "
            f"most {MAX_NAME} (is a blank line or a header row missing?)",
        )
    if name[0] in FORMULA_START:
        raise ExportError(
            path,
            line_no,
            f"group name {name!r} starts with {name[0]!r}: expected a name that starts with a "
            "letter (spreadsheets run a cell starting with =, +, - or @ as a formula)",
        )


def _add_row(table: Table, line_no: int, cells: list[Cell], *, at_end: bool = False) -> None:
    path = table.path
    expected = len(table.months) + 1
    if len(cells) != expected:
        cut = " (is the file cut off?)" if at_end and len(cells) < expected else ""
        raise ExportError(
            path,
            line_no,
            f"row has {len(cells)} cells, expected {expected} (a label and "
            f"{len(table.months)} months, as the header at line {table.header_line}){cut}",
        )
    label = _clean(_text(cells[0]))
    counts = [
        parse_count(path, line_no, cell, f"column {month}")
        for cell, month in zip(cells[1:], table.months, strict=True)
    ]
    row = Row(label, line_no, counts)
    is_total = label.lower().startswith(TOTAL_PREFIX)
    if table.total is None:
        if not is_total:
            raise ExportError(
                path, line_no, f"expected the 'I alt' total row of {table.name!r}, found {label!r}"
            )
        table.total = row
    elif is_total:
        raise ExportError(path, line_no, f"a second 'I alt' row in table {table.name!r}")
    elif any(r.label == label for r in table.rows):
        raise ExportError(path, line_no, f"region {label!r} appears twice in table {table.name!r}")
    else:
        table.rows.append(row)


def _other_separator(text: str) -> str | None:
    """The separator of a header row of month names that is not tab-separated, if it is one."""
    for separator, name in _OTHER_SEPARATORS:
        parts = [part.strip() for part in text.split(separator)]
        if len(parts) > 1 and not parts[0] and _all_months(parts[1:]):
            return name
    parts = text.split()
    return "spaces" if len(parts) > 1 and _all_months(parts) else None


def _all_months(parts: list[str]) -> bool:
    return all(part.strip('"').lower().rstrip(".") in MONTH_NUMBERS for part in parts if part)


def _separator_error(path: Path, line_no: int, separator: str) -> ExportError:
    return ExportError(
        path,
        line_no,
        f"the header row's cells are separated by {separator}, not tabs: {SAVE_AS}",
    )


def parse_tables(path: Path, rows: Sequence[SourceRow]) -> list[Table]:
    """Split numbered rows of cells into tables; every layout error names its line.

    A row of one cell is a line of text (a title, a period or a group name), and a row of no
    cells a blank line, which ends a table. A spreadsheet may pad any row with empty cells, so
    outside a table a row with a single non-empty cell is text too.
    """
    last = max((line_no for line_no, cells in rows if cells), default=0)
    tables: list[Table] = []
    preamble: list[tuple[int, str]] = []
    current: Table | None = None
    for line_no, given in rows:
        if not given:
            current = None
            continue
        cells = _without_padding(given)
        first = _text(cells[0])
        if len(given) == 1 or (current is None and len(cells) == 1 and first):
            if current is not None:
                _refuse_row_without_tabs(path, line_no, first)
                current, preamble = None, []
            preamble.append((line_no, first))
            continue
        if not first:
            if current is not None:
                raise ExportError(path, line_no, "a second header row inside a table")
            current = _start_table(path, preamble, line_no, cells)
            tables.append(current)
            preamble = []
        elif current is None:
            separator = _other_separator(preamble[-1][1]) if preamble else None
            if separator:
                raise _separator_error(path, preamble[-1][0], separator)
            raise ExportError(
                path, line_no, "data row outside a table: expected a header row of months above it"
            )
        else:
            _add_row(current, line_no, cells, at_end=line_no == last)
    _check_complete(path, tables, preamble)
    return tables


def _without_padding(cells: Sequence[Cell]) -> list[Cell]:
    """The cells less the empty ones a spreadsheet pads a row with (keeping the first)."""
    kept = list(cells)
    while len(kept) > 1 and kept[-1] == "":
        kept.pop()
    return kept


def _refuse_row_without_tabs(path: Path, line_no: int, text: str) -> None:
    """A line of text right under a table's rows that looks like a row itself."""
    if _ROW_WITHOUT_TABS.search(text) and not _PERIOD.match(_clean(text)):
        raise ExportError(
            path,
            line_no,
            f"row {_clean(text)!r} has no tabs: expected its cells separated by tabs, or a blank "
            "line after the table",
        )


def _check_complete(path: Path, tables: list[Table], preamble: list[tuple[int, str]]) -> None:
    """Every table has its rows and the file's one period, and the file does not end inside a
    table's heading (a file cut in a title is whole tables, but fewer than it had)."""
    for table in tables:
        if table.total is None:
            raise ExportError(
                path,
                table.header_line,
                f"table {table.name!r} ends without rows: expected an 'I alt' row after the header"
                " (is the file cut off?)",
            )
    if not tables:
        for line_no, line in preamble:
            separator = _other_separator(line)
            if separator:
                raise _separator_error(path, line_no, separator)
    file_not_cut_off(path, tables, preamble)
    if not tables:
        raise ExportError(
            path, None, "no tables found: expected tab-separated tables with a header of months"
        )
    one_period(tables)


def file_not_cut_off(path: Path, tables: list[Table], trailing: list[tuple[int, str]]) -> None:
    """Text after the last table that is a period, or a table's title or subtitle (or the start
    of one), is the beginning of a table the file was cut off in."""
    headings = {text for table in tables for text in (table.title, table.subtitle) if text}
    if any(
        parse_period(path, line_no, text) or any(h.startswith(_clean(text)) for h in headings)
        for line_no, text in trailing
    ):
        raise ExportError(
            path,
            trailing[-1][0],
            "the file ends inside a table heading: expected a header row of months (cut off?)",
        )


def one_period(tables: list[Table]) -> None:
    """An export is one workbook of one period: a table with another has a damaged period."""
    first = tables[0]
    for table in tables[1:]:
        if (table.period.first, table.period.last) != (first.period.first, first.period.last):
            raise ExportError(
                table.path,
                table.period_line,
                f"period {table.period.label!r} is not the file's period {first.period.label!r} "
                f"(line {first.period_line}): expected one period for every table",
            )
