"""Read NAV's text export of "Deltakere i arbeidsrettede tiltak": bytes → text → tables.

The text export is what Excel writes when NAV's workbook is saved as "Unicode text": each
sheet's rows, cells joined by tabs. Real exports come as UTF-8 with or without BOM, UTF-16
or Windows-1252 (generator/source/decode.py); LF, CRLF or CR; quoted cells; any number of blank
lines. Here the text becomes numbered rows of cells, which generator/source/tables.py turns
into tables as it would a workbook's rows.
"""

from __future__ import annotations

from pathlib import Path

from generator.errors import ExportError
from generator.source.decode import NEWLINE, decode, reject_markup
from generator.source.groups import GroupNames, name_groups
from generator.source.tables import parse_tables
from generator.source.types import TEXT_FORMAT, Cell, Export, SourceRow


def read_export(path: Path, names: GroupNames | None = None) -> Export:
    """Read and decode one export file into its tables, whose groups are among ``names``
    (by default the names NAV uses, generator/data/grupper.json)."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ExportError(path, None, f"cannot read the file: {exc.strerror}") from exc
    text, encoding = decode(path, data)
    reject_markup(path, text)
    tables = parse_tables(path, text_rows(text))
    name_groups(tables, names)
    return Export(path=path, encoding=encoding, tables=tables, format=TEXT_FORMAT)


def text_rows(text: str) -> list[SourceRow]:
    """Every line as a numbered row: no cells when blank, one when it has no tab."""
    rows: list[SourceRow] = []
    for line_no, line in enumerate(NEWLINE.split(text), start=1):
        cells: list[Cell] = []
        if "\t" in line and line.strip():
            cells.extend(_unquote(cell) for cell in line.split("\t"))
        elif line.strip():
            cells.append(line.strip())
        rows.append((line_no, cells))
    return rows


def _unquote(cell: str) -> str:
    """A cell less its spaces and the quotes Excel puts around a cell with special characters."""
    cell = cell.strip()
    if len(cell) >= 2 and cell[0] == cell[-1] == '"':
        cell = cell[1:-1].replace('""', '"').strip()
    return cell
