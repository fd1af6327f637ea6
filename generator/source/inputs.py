"""Any input file to an export: a text export, a workbook in the export's layout, or a TILT
workbook, told apart by the file's name and, for workbooks, by their sheets."""

from __future__ import annotations

from pathlib import Path

from generator.config import WORKBOOK_SUFFIXES
from generator.source.text_export import read_export
from generator.source.tilt import is_tilt, read_tilt
from generator.source.types import Export
from generator.source.workbook import read_export_workbook, read_sheets


def read_input(path: Path) -> Export:
    """Read one input file of the content folder into its tables (and a TILT workbook's
    status and kommune counts)."""
    if path.suffix.lower() not in WORKBOOK_SUFFIXES:
        return read_export(path)
    sheets = read_sheets(path)
    if is_tilt(path, sheets):
        return read_tilt(path, sheets)
    return read_export_workbook(path, sheets)
