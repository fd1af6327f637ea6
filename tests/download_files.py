"""Reading the site's downloads the way their users do.

Two kinds of CSV: for programs (data/deltakere.csv, data/revisjoner.csv: commas, UTF-8 without
a byte-order mark) and for Excel (every table and page: a byte-order mark, semicolons, decimal
commas). A byte-order mark is what tells them apart, as it tells Excel the encoding.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

BOM = "\ufeff"


def for_excel(path: Path) -> bool:
    return path.read_bytes().startswith(BOM.encode("utf-8"))


def csv_rows(path: Path) -> list[list[str]]:
    """The cells of a CSV of either kind, as text."""
    text = path.read_text("utf-8")
    delimiter = ";" if text.startswith(BOM) else ","
    return list(csv.reader(io.StringIO(text.removeprefix(BOM), newline=""), delimiter=delimiter))


def read_csv(path: Path) -> list[dict[str, str]]:
    """A CSV of either kind as records, by column name."""
    header, *rows = csv_rows(path)
    return [dict(zip(header, row, strict=True)) for row in rows]


def number(text: str) -> float:
    """A number as either kind of CSV writes it: "5.6717" or "5,6717"."""
    return float(text.replace(",", "."))


def sheet_rows(path: Path) -> tuple[list[str], list[list[Any]], list[str]]:
    """An Excel download's header, records (values as openpyxl reads them) and the lines above
    the header."""
    import openpyxl

    book = openpyxl.load_workbook(path, read_only=True)
    rows = [list(r) for r in book["Tall"].iter_rows(values_only=True)]
    book.close()
    start = next(i for i, r in enumerate(rows) if r[0] in ("rad", "periode") and r[1])
    preamble = [str(r[0]) for r in rows[:start] if r[0]]
    return [str(c) for c in rows[start]], rows[start + 1 :], preamble
