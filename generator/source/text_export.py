"""Read NAV's text export of "Deltakere i arbeidsrettede tiltak" into tables and a tidy frame.

This module is the only place that knows the export's layout. An export holds many tables;
each has a preamble (title, subtitle, a period such as "Januar - Desember 2017" and a group
name that may be wrapped over several lines), a tab-separated header of month names, an
"I alt ..." total row and one row per region. Part two of the file splits every tiltaksgruppe
by hovedgruppe, with names like "Arbeidssøkere på tiltak, opplæring".

Nothing about the groups, regions or months is assumed from a sample: they are read from the
labels. What real exports look like is handled here: UTF-8 with or without BOM, UTF-16 (Excel's
"Unicode text"), Windows-1252; LF, CRLF or CR; quoted cells; any number of blank lines.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from generator.errors import ExportError
from generator.source.regions import ROLE_COUNTY, RegionCatalog, slugify

MONTH_NUMBERS = {
    name: number
    for number, names in enumerate(
        [
            ("januar", "jan"),
            ("februar", "feb"),
            ("mars", "mar"),
            ("april", "apr"),
            ("mai",),
            ("juni", "jun"),
            ("juli", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("oktober", "okt"),
            ("november", "nov"),
            ("desember", "des"),
        ],
        start=1,
    )
    for name in names
}
_MONTH_WORD = r"[A-Za-zÆØÅæøå]+\.?"
_PERIOD = re.compile(
    rf"^(?P<m1>{_MONTH_WORD})\s*(?P<y1>\d{{4}})?\s*[-–—]\s*(?P<m2>{_MONTH_WORD})\s+(?P<y2>\d{{4}})$"
    rf"|^(?P<m0>{_MONTH_WORD})\s+(?P<y0>\d{{4}})$"
)
_COUNT = re.compile(r"^\d{1,3}(?:[ \u00a0\u202f]\d{3})+$|^\d+$")
_NEGATIVE = re.compile(r"^[-−–]\s*\d")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_NEWLINE = re.compile(r"\r\n|\r|\n")
HIDDEN = "*"
TOTAL_PREFIX = "i alt"
SUPPORTED_ENCODINGS = "UTF-8, UTF-16 or Windows-1252"
SAVE_AS = "expected NAV's export as tab-separated text (in Excel: Save As > Unicode Text)"
YEARS = (1900, 2100)  # a period outside these years is a misread, and would make a huge grid
MAX_NAME = 200  # characters; a longer group name has swallowed lines of the file
FORMULA_START = "=+-@"  # a CSV cell starting with one of these runs as a spreadsheet formula

# What people put in content/ by mistake, recognised by the first bytes.
_SIGNATURES = (
    (b"PK\x03\x04", "a zip archive (an Excel workbook, .xlsx?)"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an Excel 97-2003 workbook (.xls)"),
    (b"%PDF", "a PDF document"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"7z\xbc\xaf", "a 7-Zip archive"),
    (b"Rar!", "a RAR archive"),
)
_MARKUP = ("<!doctype html", "<html", "<?xml", "<head", "<table")
# UTF-8 read as Windows-1252 and saved again: "æ" becomes "Ã¦", "–" becomes "â€“".
_CONTINUATION = "".join(
    bytes([b]).decode("cp1252", errors="ignore") or chr(b) for b in range(0x80, 0xC0)
)
_MOJIBAKE = re.compile(f"[\u00c2\u00c3][{re.escape(_CONTINUATION)}]|\u00e2\u20ac")
# DOS (cp850/cp865) or Mac text read as Windows-1252: "æ" becomes "\u2018", "å" "\u2020" or "Œ".
# Punctuation that legitimately follows a letter (quotes, apostrophe, dashes, ellipsis) is left
# out; what remains does not follow a letter in Norwegian text.
_FOREIGN = (
    "".join(
        c
        for c in bytes(range(0x80, 0xC0)).decode("cp1252", errors="ignore")
        if not c.isalpha()
        and c not in "\u00ab\u00bb\u2019\u201c\u201d\u2013\u2014\u2026\u00a0\u00ad\u00b7"
    )
    + "\u0152\u02c6"
)
_FOREIGN_AFTER_LETTER = re.compile(f"(?<=[^\\W\\d_])[{re.escape(_FOREIGN)}]")
_ROW_WITHOUT_TABS = re.compile(r"\S[\s;,|]+(?:\d[\d \u00a0]*|\*)$")
_OTHER_SEPARATORS = ((";", "';'"), (",", "','"), ("|", "'|'"))


@dataclass(frozen=True)
class Period:
    """The months a table covers, from its period line ("Januar - Oktober 2018")."""

    first: tuple[int, int]  # (year, month)
    last: tuple[int, int]
    label: str

    @property
    def months(self) -> list[str]:
        """Every month of the period as "YYYY-MM"."""
        (year, month), out = self.first, []
        while (year, month) <= self.last:
            out.append(f"{year:04d}-{month:02d}")
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return out

    def month_of(self, month_number: int) -> str:
        """The "YYYY-MM" of a header month, placing it in the right year of a split period."""
        for candidate in self.months:
            if int(candidate[5:]) == month_number:
                return candidate
        raise KeyError(month_number)


@dataclass
class Row:
    label: str
    line: int
    values: list[int | None]  # None where the export shows "*"


@dataclass
class Table:
    """One table of the export, as printed."""

    path: Path
    title: str
    subtitle: str
    period: Period
    name: str  # the group name, with wrapped lines joined
    name_line: int
    header_line: int
    months: list[str]  # "YYYY-MM" per column, in header order
    total: Row | None = None
    rows: list[Row] = field(default_factory=list)
    tiltaksgruppe: str = ""
    hovedgruppe: str = ""  # empty for the tables of all hovedgrupper

    @property
    def is_split_by_hovedgruppe(self) -> bool:
        return bool(re.search(r"hovedgrupp|målgrupp", self.subtitle, re.IGNORECASE))

    def where(self) -> str:
        return f"{self.path}:{self.name_line}"


@dataclass
class Export:
    path: Path
    encoding: str
    tables: list[Table]

    @property
    def period(self) -> Period:
        """The widest period of the file's tables."""
        first = min(t.period.first for t in self.tables)
        last = max(t.period.last for t in self.tables)
        return Period(first, last, self.tables[-1].period.label)


def decode(path: Path, data: bytes) -> tuple[str, str]:
    """Decode the bytes of an export; return (text, encoding name).

    Anything that is not one of the supported encodings, or not text at all, is an error that
    says what the file seems to be instead: a reader that guessed on would publish garbled names.
    """
    if not data.strip(b" \t\r\n\x00\xef\xbb\xbf\xff\xfe"):
        raise ExportError(path, None, "the file is empty: expected NAV's tab-separated export")
    for signature, what in _SIGNATURES:
        if data.startswith(signature):
            raise ExportError(path, None, f"the file is {what}, not a text export: {SAVE_AS}")
    if data.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")) or _looks_utf32(data):
        raise ExportError(
            path,
            None,
            f"the file is in UTF-32, which is not supported: expected {SUPPORTED_ENCODINGS}",
        )
    if data.startswith(b"\xef\xbb\xbf"):
        text, encoding = _decode_as(path, data, "utf-8-sig", "UTF-8"), "utf-8"
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text, encoding = _decode_as(path, data, "utf-16", "UTF-16"), "utf-16"
    elif b"\x00" in data:
        even_nuls, odd_nuls = data[0::2].count(0), data[1::2].count(0)
        if max(even_nuls, odd_nuls) < len(data) // 4:
            raise ExportError(path, None, f"the file holds binary data, not text: {SAVE_AS}")
        encoding = "utf-16-le" if odd_nuls > even_nuls else "utf-16-be"
        text = _decode_as(path, data, encoding, "UTF-16")
    else:
        if _is_binary(data):
            raise ExportError(path, None, f"the file holds binary data, not text: {SAVE_AS}")
        text, encoding = _decode_8bit(path, data)
    _reject_control_characters(path, text)
    _reject_garbled(path, text, encoding)
    return text, encoding


def _looks_utf32(data: bytes) -> bool:
    """UTF-32 without a byte order mark: three zero bytes to every character of Latin text."""
    quarter = len(data) // 4
    if quarter < 2 or b"\x00\x00" not in data:
        return False
    zeros = [data[i : quarter * 4 : 4].count(0) for i in range(4)]
    return zeros[2] == zeros[3] == quarter or zeros[0] == zeros[1] == quarter


def _is_binary(data: bytes) -> bool:
    """More than the odd stray control byte: not a text file (a single one is reported by line)."""
    sample = data[:8192]
    controls = sum(1 for b in sample if (b < 0x20 and b not in b"\t\n\r") or b == 0x7F)
    return controls >= 4 and controls * 100 > len(sample)


def _line_at(data: bytes, position: int) -> int:
    """The line number of a byte offset, counting LF, CRLF and CR line ends."""
    head = data[:position]
    return head.count(b"\n") + head.count(b"\r") - head.count(b"\r\n") + 1


def _cut_off(path: Path, line: int) -> ExportError:
    return ExportError(
        path,
        line,
        "the file ends in the middle of a character: expected complete text (is the file cut off?)",
    )


def _decode_as(path: Path, data: bytes, codec: str, name: str) -> str:
    try:
        return data.decode(codec)
    except UnicodeDecodeError as exc:
        if exc.reason in ("truncated data", "unexpected end of data") and exc.end >= len(data):
            raise _cut_off(path, _line_of_text(data[: exc.start], codec)) from None
        line = _line_of_text(data[: exc.start], codec)
        raise ExportError(
            path,
            line,
            f"bytes that are not valid {name}, in a file that starts as {name}: expected the "
            f"whole file in one encoding ({SUPPORTED_ENCODINGS})",
        ) from None


def _line_of_text(head: bytes, codec: str) -> int:
    return len(_NEWLINE.split(head.decode(codec, errors="replace")))


def _decode_8bit(path: Path, data: bytes) -> tuple[str, str]:
    """UTF-8, else Windows-1252; a UTF-8 file cut inside its last character is reported as cut."""
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        truncated = exc.reason == "unexpected end of data" and exc.end >= len(data)
        if truncated and not data[: exc.start].isascii():
            raise _cut_off(path, _line_at(data, exc.start)) from None
        not_utf8 = exc.start
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise ExportError(
            path,
            _line_at(data, exc.start),
            f"the file's encoding is not supported: byte 0x{data[exc.start]:02x} is neither UTF-8 "
            f"nor Windows-1252 (DOS or Mac text?): expected {SUPPORTED_ENCODINGS}",
        ) from None
    if _MOJIBAKE.search(text):
        # UTF-8 letters elsewhere: a UTF-8 file with damaged bytes, not a Windows-1252 one.
        raise ExportError(
            path,
            _line_at(data, not_utf8),
            f"byte 0x{data[not_utf8]:02x} is not valid UTF-8, in a file that is otherwise UTF-8 "
            f"(is it damaged?): expected the whole file in one encoding ({SUPPORTED_ENCODINGS})",
        )
    return text, "cp1252"


def _reject_control_characters(path: Path, text: str) -> None:
    match = _CONTROL.search(text)
    if match:
        line = text.count("\n", 0, match.start()) + 1
        raise ExportError(
            path, line, f"binary or non-text byte {match.group()!r}: expected tab-separated text"
        )


def _word_at(text: str, position: int) -> tuple[int, str]:
    """The line number and the tab- and space-delimited word around a position in the text."""
    line_start = max(text.rfind("\n", 0, position), text.rfind("\r", 0, position)) + 1
    line = len(_NEWLINE.split(text[:position]))
    start = max(text.rfind(c, line_start, position) for c in " \t") + 1
    stops = [i for i in (text.find(c, position) for c in " \t\r\n") if i != -1]
    return line, text[max(start, line_start) : min(stops, default=len(text))]


def _reject_garbled(path: Path, text: str, encoding: str) -> None:
    """Letters that went through the wrong encoding would reach the site as group names."""
    match = _MOJIBAKE.search(text)
    if match:
        line, word = _word_at(text, match.start())
        hint = ""
        for codec in ("cp1252", "latin-1"):
            try:
                hint = f" (for {word.encode(codec).decode('utf-8')!r})"
                break
            except (UnicodeEncodeError, UnicodeDecodeError):
                continue
        raise ExportError(
            path,
            line,
            f"{word!r} looks like UTF-8 text read as Windows-1252 and saved again{hint}: "
            "expected the letters æ, ø and å; download the export again",
        )
    if encoding == "cp1252":
        match = _FOREIGN_AFTER_LETTER.search(text)
        if match:
            line, word = _word_at(text, match.start())
            raise ExportError(
                path,
                line,
                f"{word!r} has {match.group()!r} after a letter: the file seems to be in an "
                f"encoding that is not supported (DOS or Mac?): expected {SUPPORTED_ENCODINGS}",
            )


def _reject_markup(path: Path, text: str) -> None:
    if text.lstrip("\ufeff \t\r\n").lower().startswith(_MARKUP):
        raise ExportError(path, 1, f"the file is a web page or XML, not the export: {SAVE_AS}")


def _cells(line: str) -> list[str]:
    """Split a line on tabs, unquote Excel-quoted cells and drop trailing empty padding cells."""
    cells = []
    for raw in line.split("\t"):
        cell = raw.strip()
        if len(cell) >= 2 and cell[0] == cell[-1] == '"':
            cell = cell[1:-1].replace('""', '"').strip()
        cells.append(cell)
    while len(cells) > 1 and not cells[-1]:
        cells.pop()
    return cells


def _clean(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").split())


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


def parse_count(path: Path, line_no: int, cell: str, column: str) -> int | None:
    """A cell's count: an int, or None for "*" (a hidden count from 0 to 3)."""
    if cell == HIDDEN:
        return None
    if _COUNT.match(cell):
        return int(re.sub(r"\D", "", cell))
    if _NEGATIVE.match(cell):
        raise ExportError(path, line_no, f"negative count {cell!r} in {column}: expected 0 or more")
    shown = repr(cell) if cell else "an empty cell"
    raise ExportError(
        path, line_no, f"{shown} in {column} is not a count: expected digits (e.g. 18 344) or *"
    )


def _header_months(path: Path, line_no: int, cells: list[str], period: Period) -> list[str]:
    months: list[str] = []
    for cell in cells:
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


def _start_table(path: Path, preamble: list[tuple[int, str]], header_no: int, header: list[str]):
    """Make a table from the text lines above a header: title, subtitle, period, group name."""
    period_at = None
    for index in range(len(preamble) - 1, -1, -1):
        period = parse_period(path, preamble[index][0], preamble[index][1])
        if period:
            period_at = index
            break
    if period_at is None:
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


def _add_row(table: Table, line_no: int, cells: list[str], *, at_end: bool = False) -> None:
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
    label = _clean(cells[0])
    values = [
        parse_count(path, line_no, cell, f"column {month}")
        for cell, month in zip(cells[1:], table.months, strict=True)
    ]
    row = Row(label, line_no, values)
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


def parse_tables(path: Path, text: str) -> list[Table]:
    """Split the text into tables; every layout error names its line.

    A line is a row when it has a tab; a spreadsheet may pad any line with tabs, so outside a
    table a line with a single non-empty cell is text (a title, a period or a group name).
    """
    lines = _NEWLINE.split(text)
    last = max((n for n, line in enumerate(lines, start=1) if line.strip()), default=0)
    tables: list[Table] = []
    preamble: list[tuple[int, str]] = []
    current: Table | None = None
    for line_no, line in enumerate(lines, start=1):
        if not line.strip():
            current = None
            continue
        cells = _cells(line) if "\t" in line else [line.strip()]
        if "\t" not in line or (current is None and len(cells) == 1 and cells[0]):
            if current is not None:
                if _ROW_WITHOUT_TABS.search(cells[0]) and not _PERIOD.match(_clean(cells[0])):
                    raise ExportError(
                        path,
                        line_no,
                        f"row {_clean(cells[0])!r} has no tabs: expected its cells separated by "
                        "tabs, or a blank line after the table",
                    )
                current, preamble = None, []
            preamble.append((line_no, cells[0]))
            continue
        if not cells[0]:
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
    if preamble and any(parse_period(path, n, t) for n, t in preamble):
        raise ExportError(
            path,
            preamble[-1][0],
            "the file ends inside a table heading: expected a header row of months (cut off?)",
        )
    if not tables:
        raise ExportError(
            path, None, "no tables found: expected tab-separated tables with a header of months"
        )
    return tables


def _split_hovedgruppe(table: Table, tiltaksgrupper: dict[str, str]) -> tuple[str, str]:
    """Split "Nedsatt arbeidsevne, på tiltak, opplæring" into hovedgruppe and tiltaksgruppe.

    The tiltaksgruppe is the longest known group name (from the file's tables of all
    hovedgrupper) that ends the table name; the rest, less trailing punctuation, is the
    hovedgruppe, with NAV's two spellings ("Nedsatt arbeidsevne, på tiltak") made one.
    """
    lowered = table.name.lower()
    for key in sorted(tiltaksgrupper, key=len, reverse=True):
        if lowered.endswith(key) and len(lowered) > len(key):
            prefix = table.name[: -len(key)].rstrip(" ,;:-–")
            prefix = re.sub(r",\s*(?=på\b)", " ", prefix, flags=re.IGNORECASE)
            return prefix[:1].upper() + prefix[1:], tiltaksgrupper[key]
    raise ExportError(
        table.path,
        table.name_line,
        f"group {table.name!r} does not end with a tiltaksgruppe of this file "
        f"(expected one of: {', '.join(tiltaksgrupper.values())})",
    )


def _name_groups(tables: list[Table]) -> None:
    whole = [t for t in tables if not t.is_split_by_hovedgruppe]
    known = {t.name.lower(): t.name for t in whole}
    for table in whole:
        table.tiltaksgruppe = table.name
    seen: dict[tuple[str, str], Table] = {}
    for table in tables:
        if table.is_split_by_hovedgruppe:
            table.hovedgruppe, table.tiltaksgruppe = _split_hovedgruppe(table, known)
        key = (table.tiltaksgruppe, table.hovedgruppe)
        if key in seen:
            first = seen[key]
            raise ExportError(
                table.path,
                table.name_line,
                f"table {table.name!r} appears twice (first at line {first.name_line}): "
                "expected each group once",
            )
        seen[key] = table
    _unique_file_names(whole)


def _unique_file_names(whole: list[Table]) -> None:
    """Each tiltaksgruppe gets pages and files named after it: two must not share a name."""
    slugs: dict[str, Table] = {}
    for table in whole:
        slug = slugify(table.tiltaksgruppe)
        if not slug:
            raise ExportError(
                table.path,
                table.name_line,
                f"group name {table.name!r} has no letters or digits to name its page by: "
                "expected a name with letters",
            )
        first = slugs.setdefault(slug, table)
        if first is not table:
            raise ExportError(
                table.path,
                table.name_line,
                f"tiltaksgruppe {table.name!r} and {first.name!r} (line {first.name_line}) both "
                f"give the file name {slug!r}: expected names that differ in more than case, "
                "accents or punctuation",
            )


def read_export(path: Path) -> Export:
    """Read and decode one export file into its tables."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ExportError(path, None, f"cannot read the file: {exc.strerror}") from exc
    text, encoding = decode(path, data)
    _reject_markup(path, text)
    tables = parse_tables(path, text)
    _name_groups(tables)
    return Export(path=path, encoding=encoding, tables=tables)


COLUMNS = [
    "periode",
    "region",
    "region_label",
    "rolle",
    "fylkesnummer",
    "tiltaksgruppe",
    "hovedgruppe",
    "deltakere",
    "skjult",
    "fil",
    "linje",
]


def to_frame(export: Export, regions: RegionCatalog) -> pd.DataFrame:
    """The export as a tidy frame: one row per month × region × tiltaksgruppe × hovedgruppe.

    Only cells printed in the file are here; the model fills in what the file leaves out.
    ``deltakere`` is a nullable integer (NA where hidden), ``skjult`` flags the "*" cells,
    ``rolle`` is the region's role (fylke, øvrige, ukjent, landet), and ``fil``/``linje``
    say where each number came from.
    """
    records: list[tuple] = []
    for table in export.tables:
        rows: Iterable[Row] = [table.total, *table.rows] if table.total else table.rows
        seen: dict[str, Row] = {}
        for row in rows:
            region = regions.classify(row.label, table.months[0], export.path, row.line)
            first = seen.setdefault(region.name, row)
            if first is not row:
                raise ExportError(
                    export.path,
                    row.line,
                    f"{row.label!r} is region {region.name!r} again (as {first.label!r} at line "
                    f"{first.line}) in table {table.name!r}: expected each region once",
                )
            for month, value in zip(table.months, row.values, strict=True):
                records.append(
                    (
                        month,
                        region.name,
                        row.label,
                        region.role,
                        region.code,
                        table.tiltaksgruppe,
                        table.hovedgruppe,
                        value,
                        value is None,
                        export.path.name,
                        row.line,
                    )
                )
    if not any(record[3] == ROLE_COUNTY for record in records):
        first = export.tables[0]
        raise ExportError(
            export.path,
            first.header_line,
            "no fylke in any table: expected a row per county under each 'I alt' row "
            "(is this the export by fylke?)",
        )
    frame = pd.DataFrame.from_records(records, columns=COLUMNS)
    frame["deltakere"] = frame["deltakere"].astype("Int64")
    frame["linje"] = frame["linje"].astype("int64")
    return frame
