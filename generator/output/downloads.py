"""The data to download: the whole dataset as CSV and JSON, and a CSV behind every table.

Hidden values stay hidden here too: ``deltakere`` is empty (CSV) or null (JSON) where the
export shows "*", and ``skjult`` says so.

Two kinds of CSV: files for programs (the dataset, the revisions) are comma-separated UTF-8
without a byte-order mark, as libraries expect; files for people (each table, each page) are
"CSV for Excel": a byte-order mark, so Excel reads UTF-8 and not Windows-1252, semicolons and
decimal commas, which Norwegian Excel splits into columns and numbers when the file is opened.
The rows of a table or a page are made once (``table_records``, ``page_records``) and written
both as CSV and as an Excel workbook, so the two hold the same cells.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Sequence
from typing import Any

import pandas as pd

from generator.dataset.grid import Revision
from generator.numbers import EN_DASH, Count, Kind
from generator.plan.views import TableView

DATASET_COLUMNS = ["periode", "region", "tiltaksgruppe", "hovedgruppe", "deltakere", "skjult"]
TABLE_COLUMNS = ["rad", "kolonne", "verdi", "min", "maks", "skjult", "tekst"]


def tidy(frame: pd.DataFrame) -> pd.DataFrame:
    """The dataset's public columns, in the documented order."""
    out = frame[DATASET_COLUMNS].copy()
    out.loc[out["skjult"], "deltakere"] = pd.NA
    return out


BOM = "\ufeff"
Record = list[Any]
"""One row of a download as plain values: str, int, float, bool or None (empty)."""


def _csv_text(rows: Iterable[Sequence[object]], header: list[str]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def _excel_value(value: object) -> object:
    """A value as Norwegian Excel reads it: a decimal comma, "true"/"false", empty for None."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value).replace(".", ",")
    return value


def excel_csv(records: Iterable[Record], header: list[str]) -> bytes:
    """A CSV for people: byte-order mark, semicolons, decimal commas and CRLF line ends."""
    buffer = io.StringIO()
    buffer.write(BOM)
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows([_excel_value(v) for v in record] for record in records)
    return buffer.getvalue().encode("utf-8")


def _plain(value: object) -> object:
    if value is None or value is pd.NA:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


def _rows(data: pd.DataFrame) -> zip:
    """Rows as tuples of plain Python values: whole columns are converted at once, because
    itertuples() on nullable columns boxes every value separately."""
    return zip(*(data[column].tolist() for column in data.columns), strict=True)


def dataset_csv(frame: pd.DataFrame) -> bytes:
    data = tidy(frame)
    deltakere = ["" if v is pd.NA else v for v in data["deltakere"].tolist()]
    skjult = ["true" if v else "false" for v in data["skjult"].tolist()]
    columns = [data[c].tolist() for c in DATASET_COLUMNS[:4]]
    return _csv_text(zip(*columns, deltakere, skjult, strict=True), DATASET_COLUMNS)


def dataset_json(frame: pd.DataFrame) -> bytes:
    """A JSON array of records, one key per line (``json.dumps(records, indent=0)``).

    Written as text from a template: a ten-year series has a hundred thousand records, which
    as dicts would take several times the memory of the text and, through json's indenting
    encoder, seconds to write. Each distinct label is JSON-encoded once.
    """
    data = tidy(frame)
    quoted: dict[str, str] = {}

    def q(text: str) -> str:
        if text not in quoted:
            quoted[text] = json.dumps(text, ensure_ascii=False)
        return quoted[text]

    records = (
        f'{{\n"periode": {q(periode)},\n"region": {q(region)},\n'
        f'"tiltaksgruppe": {q(tg)},\n"hovedgruppe": {q(hg)},\n'
        f'"deltakere": {"null" if deltakere is pd.NA else int(deltakere)},\n'
        f'"skjult": {"true" if skjult else "false"}\n}}'
        for periode, region, tg, hg, deltakere, skjult in _rows(data)
    )
    body = ",\n".join(records)
    return (f"[\n{body}\n]" if body else "[]").encode("utf-8")


def _number(value: float | None) -> int | float | None:
    if value is None:
        return None
    return int(value) if float(value).is_integer() else value


def _csv_text_cell(text: str) -> str:
    """The table's text for a spreadsheet: plain spaces, and a signed interval as "+5–+8".

    A cell starting with "+" is read as a formula; "+5 til +8" would be a valid one (a space is
    the intersection operator, "til" a name) and show an error, while "+5–+8" stays text.
    """
    return text.replace("\u00a0", " ").replace(" til ", EN_DASH)


def table_records(table: TableView) -> list[Record]:
    """A table in long form: one record per cell, with its bounds when it is not exact."""
    rows = []
    for row in table.rows:
        for column, cell in zip(table.columns, row.cells, strict=True):
            exact = cell.kind == "exact"
            rows.append(
                [
                    row.header,
                    column,
                    _number(cell.lo) if exact else None,
                    None if exact else _number(cell.lo),
                    None if exact else _number(cell.hi),
                    cell.kind == "hidden",
                    "*" if cell.kind == "hidden" else _csv_text_cell(cell.text),
                ]
            )
    return rows


def table_csv(records: list[Record]) -> bytes:
    """A table's CSV for Excel."""
    return excel_csv(records, TABLE_COLUMNS)


def page_records(frame: pd.DataFrame) -> list[Record]:
    """The dataset rows a page shows, as records; a hidden count is None."""
    data = tidy(frame)
    deltakere = [None if v is pd.NA else int(v) for v in data["deltakere"].tolist()]
    skjult = [bool(v) for v in data["skjult"].tolist()]
    columns = [data[c].tolist() for c in DATASET_COLUMNS[:4]]
    return [list(r) for r in zip(*columns, deltakere, skjult, strict=True)]


def page_csv(records: list[Record]) -> bytes:
    """A page's CSV for Excel: the dataset's columns, for the rows the page shows."""
    return excel_csv(records, DATASET_COLUMNS)


REVISION_COLUMNS = [
    "periode", "region", "tiltaksgruppe", "hovedgruppe",
    "gammel", "ny", "gammel_skjult", "ny_skjult", "gammel_fil", "ny_fil",
]  # fmt: skip


def revisions_csv(revisions: list[Revision]) -> bytes:
    """Every value a later export changed; a hidden value is empty with its flag set."""

    def value(count: Count) -> object:
        return _plain(count.value)

    def hidden(count: Count) -> object:
        return _plain(count.kind is Kind.HIDDEN)

    rows = [
        [r.month, r.region, r.tiltaksgruppe, r.hovedgruppe, value(r.old), value(r.new),
         hidden(r.old), hidden(r.new), r.old_file, r.new_file]
        for r in revisions
    ]  # fmt: skip
    return _csv_text(rows, REVISION_COLUMNS)
