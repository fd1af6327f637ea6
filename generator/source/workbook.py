"""Workbooks to sheets of cell values: .xlsx (and .xlsm), .xls and .ods, read by calamine.

NAV publishes Excel workbooks; a text export is one of their tables saved as text. Here a
workbook becomes its sheets, each a list of rows of cells as the workbook stores them: text,
or a number where it holds one (a count 18344, not "18 344"). What is not a readable workbook
is refused in one line saying what it is instead: another kind of file under an Excel name, a
damaged or cut-off file, a password-protected one, or a formula whose value the workbook never
saved (calamine would read it as an empty cell, so the sheet's XML is looked at for that).

A workbook in the export's own layout (tables one after another, in one sheet or one per
sheet, perhaps after an "Om tabellene" sheet) is read into the same tables as the text export
(generator/source/tables.py); today's TILT workbooks are read by generator/source/tilt.py.
"""

from __future__ import annotations

import datetime
import io
import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import python_calamine

from generator.errors import ExportError
from generator.source.groups import name_groups
from generator.source.tables import MONTH_NUMBERS, parse_tables
from generator.source.types import Cell, Export, SourceRow

WORKBOOK_FORMAT = "workbook"
"""``Export.format`` of a workbook in the text export's layout: the same dimensions."""
_ZIP = b"PK\x03\x04"
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED = "EncryptedPackage".encode("utf-16-le")  # the stream of a password-protected file
_SAVE_AGAIN = "open it in Excel and save it again"
_A_WORKBOOK = "an Excel workbook (.xlsx, .xls or .ods)"


@dataclass(frozen=True)
class Sheet:
    """One sheet: its name, where messages point (``book.xlsx[Sheet]``) and its rows of cells.

    Row ``i`` of ``rows`` is the sheet's row ``i + 1``; every row is as wide as the sheet."""

    name: str
    path: Path
    rows: list[list[Cell]]

    def numbered(self) -> list[SourceRow]:
        """Numbered rows as the table parser takes them: no cells for an empty row."""
        return [(n, row if any(c != "" for c in row) else []) for n, row in enumerate(self.rows, 1)]


def sheet_path(path: Path, sheet: str) -> Path:
    """Where an error in a sheet points: "content/book.xlsx[Tiltak og fylke]" (then ":row")."""
    return path.with_name(f"{path.name}[{sheet}]")


def kind_of(path: Path) -> str:
    """What the provenance table says a workbook is, by its name: "arbeidsbok (.xlsx)"."""
    return f"arbeidsbok ({path.suffix.lower()})"


def read_sheets(path: Path) -> list[Sheet]:
    """Every sheet of a workbook, in workbook order; a file that is not a readable workbook is
    an ExportError saying what it is instead."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ExportError(path, None, f"cannot read the file: {exc.strerror}") from exc
    _check_container(path, data)
    try:
        book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
    except python_calamine.PasswordError:
        raise _encrypted(path) from None
    except (python_calamine.CalamineError, ValueError) as exc:
        raise ExportError(
            path, None, f"the workbook cannot be read ({exc}): {_SAVE_AGAIN}"
        ) from None
    with book:
        sheets = []
        for name in book.sheet_names:
            try:
                rows = book.get_sheet_by_name(name).to_python(skip_empty_area=False)
            except (python_calamine.CalamineError, ValueError) as exc:
                raise ExportError(
                    sheet_path(path, name), None, f"the sheet cannot be read ({exc}): {_SAVE_AGAIN}"
                ) from None
            sheets.append(Sheet(name, sheet_path(path, name), [_cells(row) for row in rows]))
    if data.startswith(_ZIP):
        _refuse_formulas_without_values(path, data)
    return sheets


def _check_container(path: Path, data: bytes) -> None:
    """The bytes are a workbook, whole, and not password-protected: else say what they are.

    Which Excel format it is (.xlsx, .xls or .ods) is told from the bytes, not the name."""
    if not data.strip():
        raise ExportError(path, None, f"the file is empty: expected {_A_WORKBOOK}")
    if data.startswith(_OLE):
        if _ENCRYPTED in data:
            raise _encrypted(path)
        return
    if not data.startswith(_ZIP):
        what = "text (a text export? name it .txt)" if _looks_like_text(data) else "not a workbook"
        raise ExportError(path, None, f"the file is {what}: expected {_A_WORKBOOK}")
    try:
        names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
    except zipfile.BadZipFile:
        raise ExportError(
            path,
            None,
            "the workbook is damaged or cut off (an incomplete zip archive): download it again",
        ) from None
    if "xl/workbook.xml" not in names and "content.xml" not in names:
        raise ExportError(
            path, None, f"the file is a zip archive but not a workbook: expected {_A_WORKBOOK}"
        )


def _looks_like_text(data: bytes) -> bool:
    """Text in one of the encodings a text export comes in (a text export given a workbook's
    name): no control characters but tabs and line ends."""
    sample = data[:4096]
    if sample.startswith((b"\xff\xfe", b"\xfe\xff")):
        return True
    text = sample.decode("utf-8", errors="ignore")
    return bool(text) and not any(ord(c) < 0x20 and c not in "\t\r\n" for c in text)


def _encrypted(path: Path) -> ExportError:
    return ExportError(
        path,
        None,
        "the workbook is password-protected (encrypted): expected it saved without a password",
    )


def _cells(row: Sequence[object]) -> list[Cell]:
    """Cells as the table parsers take them: text stripped, whole numbers as int, and anything
    else (a date, a time, TRUE) as text, so a message shows it and no parser counts it.

    The common cases are tested first, inline: a year of kommune sheets has a million cells."""
    cells: list[Cell] = []
    for value in row:
        if type(value) is float:
            cells.append(int(value) if value.is_integer() else value)
        elif type(value) is str:
            cells.append(value.strip())
        else:
            cells.append(_other_cell(value))
    return cells


def _other_cell(value: object) -> Cell:
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int | float):
        return value
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    return str(value)


_SHEET_ENTRY = re.compile(rb'<sheet\b[^>]*?\bname="([^"]*)"[^>]*?\br:id="([^"]*)"')
_SHEET_ENTRY_REVERSED = re.compile(rb'<sheet\b[^>]*?\br:id="([^"]*)"[^>]*?\bname="([^"]*)"')
_RELATION = re.compile(rb"<Relationship\b[^>]*>")
_ATTRIBUTE = re.compile(rb'\b(Id|Target)="([^"]*)"')
_CELL = re.compile(rb"<c\b([^>]*?)(?:/>|>(.*?)</c>)", re.DOTALL)
_CELL_REF = re.compile(rb'\br="([A-Z]+)(\d+)"')
_CACHED = re.compile(rb"<v>[^<]+</v>")


def _refuse_formulas_without_values(path: Path, data: bytes) -> None:
    """A formula cell with no saved value reads as empty: refuse it, naming the cell.

    A workbook written by a program that does not calculate (not Excel) keeps formulas
    without their results; a count read as empty there would be wrong."""
    archive = zipfile.ZipFile(io.BytesIO(data))
    for name, part in _sheet_parts(archive).items():
        try:
            xml = archive.read(part)
        except KeyError:
            continue
        if b"<f" not in xml:
            continue
        for match in _CELL.finditer(xml):
            attributes, body = match.group(1), match.group(2) or b""
            if b"<f" not in body:
                continue
            text_result = b't="str"' in attributes and b"<v" in body
            if _CACHED.search(body) or text_result:
                continue
            ref = _CELL_REF.search(attributes)
            column, row = (ref.group(1).decode(), int(ref.group(2))) if ref else ("?", None)
            raise ExportError(
                sheet_path(path, name),
                row,
                f"cell {column}{row or ''} holds a formula without a saved value: {_SAVE_AGAIN} "
                "(Excel saves each formula's value), or save a copy with values only",
            )


def _sheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name → the zip member holding its XML, from the workbook and its relations."""
    try:
        book = archive.read("xl/workbook.xml")
        relations = archive.read("xl/_rels/workbook.xml.rels")
    except KeyError:
        return {}
    targets = {}
    for element in _RELATION.findall(relations):
        attributes = dict(_ATTRIBUTE.findall(element))
        if b"Id" in attributes and b"Target" in attributes:
            target = attributes[b"Target"].decode()
            targets[attributes[b"Id"]] = target.lstrip("/") if target.startswith("/") else (
                f"xl/{target}"
            )  # fmt: skip
    entries = [(n, r) for n, r in _SHEET_ENTRY.findall(book)]
    entries += [(n, r) for r, n in _SHEET_ENTRY_REVERSED.findall(book)]
    return {_unescape(name.decode()): targets[rel] for name, rel in entries if rel in targets}


def _unescape(text: str) -> str:
    return (
        text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"')
        .replace("&apos;", "'").replace("&amp;", "&")
    )  # fmt: skip


def _has_tables(sheet: Sheet) -> bool:
    """Whether a sheet holds tables (a header row of month names) or counts at all: a sheet
    of notes only ("Om tabellene") is not read as tables."""
    for row in sheet.rows:
        filled = [c for c in row if c != ""]
        if any(isinstance(c, int | float) for c in filled):
            return True
        header = row and row[0] == "" and len(filled) > 1
        if header and any(str(c).lower().rstrip(".") in MONTH_NUMBERS for c in filled):
            return True
    return False


def read_export_workbook(path: Path, sheets: list[Sheet]) -> Export:
    """A workbook in the text export's layout: every sheet's tables, as from the text."""
    tables = []
    for sheet in sheets:
        if _has_tables(sheet):
            tables.extend(parse_tables(sheet.path, sheet.numbered()))
    if not tables:
        raise ExportError(
            path,
            None,
            "no tables found in any sheet: expected NAV's tables (a header row of months "
            "above an 'I alt' row), or a TILT workbook with a sheet 'Tiltak og fylke'",
        )
    name_groups(tables)
    return Export(path=path, encoding=kind_of(path), tables=tables, format=WORKBOOK_FORMAT)
