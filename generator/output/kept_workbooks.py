"""Excel workbooks kept on disk between builds, under a key of everything they are made from.

Writing the workbooks is most of a build whose charts are cached: a site has one per table and
per page, and XlsxWriter spends about 15 ms on each, more on the big ones. A workbook is a pure
function of its columns, records and the text about them (excel.py writes no clock time), so a
build that changes the text of a page, or adds a page, need not write again the workbooks whose
numbers did not change. The key covers the inputs, excel.py and schema.py, and XlsxWriter's
version, so a kept workbook is never stale; entries verify as the chart cache's do.
"""

from __future__ import annotations

import base64
import importlib.metadata
import json
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Any

from generator.cache import DiskCache, digest, file_digest
from generator.output import excel, schema
from generator.output.downloads import Record
from generator.output.schema import Column

__all__ = ["KeptWorkbooks"]


def _typed(value: object) -> list[str]:
    """A value JSON has no type for, with its type: a date and its text must not share a key."""
    return [type(value).__name__, str(value)]


@cache
def _code_version() -> str:
    """A workbook changes when the code that writes it, or XlsxWriter, changes."""
    return digest(
        file_digest(excel.__file__),
        file_digest(schema.__file__),
        importlib.metadata.version("xlsxwriter"),
    )


def workbook_key(
    columns: Sequence[Column], records: Sequence[Record], about: excel.About, hidden_column: str
) -> str:
    rows = json.dumps(records, ensure_ascii=False, default=_typed, separators=(",", ":"))
    return digest(_code_version(), repr(tuple(columns)), repr(about), hidden_column, rows)


class _Store(DiskCache):
    nouns = ("workbook", "workbooks")


class KeptWorkbooks:
    """Makes workbooks, keeping them in ``folder`` between builds when given one; ``read=False``
    writes every workbook anew (and keeps it), as a clean build does."""

    def __init__(self, folder: Path | None, *, read: bool = True) -> None:
        self.store = _Store(folder, read=read) if folder is not None else None

    def workbook(
        self,
        columns: Sequence[Column],
        records: Sequence[Record],
        about: excel.About,
        hidden_column: str,
    ) -> excel.Workbook:
        """What :func:`excel.workbook` makes of these, from the store when it holds it."""
        if self.store is None:
            return excel.workbook(columns, records, about, hidden_column)
        key = workbook_key(columns, records, about, hidden_column)
        kept = _kept(self.store.get(key))
        if kept is not None:
            return kept
        book = excel.workbook(columns, records, about, hidden_column)
        content = base64.b64encode(book.content).decode("ascii")
        self.store.put(key, {"content": content, "header_row": book.header_row})
        return book


def _kept(value: Any) -> excel.Workbook | None:
    """The stored workbook, or None when the entry is not one (it is then made again)."""
    if not isinstance(value, dict):
        return None
    content, header_row = value.get("content"), value.get("header_row")
    if not isinstance(content, str) or not isinstance(header_row, int):
        return None
    try:
        return excel.Workbook(base64.b64decode(content, validate=True), header_row)
    except ValueError:
        return None
