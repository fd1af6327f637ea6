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
from generator.regions import RegionCatalog

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
    """Decode the bytes of an export; return (text, encoding name)."""
    if not data.strip(b" \t\r\n\x00\xef\xbb\xbf\xff\xfe"):
        raise ExportError(path, None, "the file is empty: expected NAV's tab-separated export")
    if data.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        raise ExportError(path, None, f"UTF-32 is not supported: save as {SUPPORTED_ENCODINGS}")
    candidates: list[str]
    if data.startswith(b"\xef\xbb\xbf"):
        candidates = ["utf-8-sig"]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        candidates = ["utf-16"]
    elif b"\x00" in data:
        even_nuls, odd_nuls = data[0::2].count(0), data[1::2].count(0)
        if max(even_nuls, odd_nuls) < len(data) // 4:
            raise ExportError(
                path, None, "binary data, not a text export: expected tab-separated text"
            )
        candidates = ["utf-16-le" if odd_nuls > even_nuls else "utf-16-be"]
    else:
        candidates = ["utf-8", "cp1252"]
    for encoding in candidates:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        _reject_control_characters(path, text)
        return text, "utf-8" if encoding == "utf-8-sig" else encoding
    raise ExportError(
        path, None, f"the file's encoding is not supported: expected {SUPPORTED_ENCODINGS}"
    )


def _reject_control_characters(path: Path, text: str) -> None:
    match = _CONTROL.search(text)
    if match:
        line = text.count("\n", 0, match.start()) + 1
        raise ExportError(
            path, line, f"binary or non-text byte {match.group()!r}: expected tab-separated text"
        )


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
        return Period((year, month), (year, month), _clean(text))
    m1 = MONTH_NUMBERS[match.group("m1").lower().rstrip(".")]
    m2 = MONTH_NUMBERS[match.group("m2").lower().rstrip(".")]
    y2 = int(match.group("y2"))
    y1 = int(match.group("y1")) if match.group("y1") else y2
    if (y1, m1) > (y2, m2):
        raise ExportError(path, line_no, f"period {text.strip()!r} ends before it starts")
    return Period((y1, m1), (y2, m2), _clean(text))


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
        number = MONTH_NUMBERS.get(cell.lower().rstrip("."))
        if number is None:
            raise ExportError(path, line_no, f"unknown month name {cell!r}: expected e.g. Januar")
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
    return Table(
        path=path,
        title=_clean(title),
        subtitle=_clean(subtitle),
        period=period,
        name=_clean(" ".join(text for _, text in name_lines)),
        name_line=name_lines[0][0],
        header_line=header_no,
        months=_header_months(path, header_no, header[1:], period),
    )


def _add_row(table: Table, line_no: int, cells: list[str]) -> None:
    path = table.path
    expected = len(table.months) + 1
    if len(cells) != expected:
        raise ExportError(
            path,
            line_no,
            f"row has {len(cells)} cells, expected {expected} (a label and "
            f"{len(table.months)} months, as the header at line {table.header_line})",
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


def parse_tables(path: Path, text: str) -> list[Table]:
    """Split the text into tables; every layout error names its line."""
    tables: list[Table] = []
    preamble: list[tuple[int, str]] = []
    current: Table | None = None
    for line_no, line in enumerate(_NEWLINE.split(text), start=1):
        if not line.strip():
            current = None
            continue
        if "\t" not in line:
            if current is not None:
                current, preamble = None, []
            preamble.append((line_no, line.strip()))
            continue
        cells = _cells(line)
        if not cells[0]:
            if current is not None:
                raise ExportError(path, line_no, "a second header row inside a table")
            current = _start_table(path, preamble, line_no, cells)
            tables.append(current)
            preamble = []
        elif current is None:
            raise ExportError(
                path, line_no, "data row outside a table: expected a header row of months above it"
            )
        else:
            _add_row(current, line_no, cells)
    for table in tables:
        if table.total is None:
            raise ExportError(
                path,
                table.header_line,
                f"table {table.name!r} ends without rows: expected an 'I alt' row after the header"
                " (is the file cut off?)",
            )
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


def read_export(path: Path) -> Export:
    """Read and decode one export file into its tables."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ExportError(path, None, f"cannot read the file: {exc.strerror}") from exc
    text, encoding = decode(path, data)
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
        for row in rows:
            region = regions.classify(row.label, table.months[0], export.path, row.line)
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
    frame = pd.DataFrame.from_records(records, columns=COLUMNS)
    frame["deltakere"] = frame["deltakere"].astype("Int64")
    frame["linje"] = frame["linje"].astype("int64")
    return frame
