"""The data to download: the whole dataset as CSV and JSON, and a CSV behind every table.

Hidden values stay hidden here too: ``deltakere`` is empty (CSV) or null (JSON) where the
export shows "*", and ``skjult`` says so.
"""

from __future__ import annotations

import csv
import io
import json

import pandas as pd

from generator.model import Revision
from generator.numbers import EN_DASH, Count
from generator.views import TableView

DATASET_COLUMNS = ["periode", "region", "tiltaksgruppe", "hovedgruppe", "deltakere", "skjult"]
TABLE_COLUMNS = ["rad", "kolonne", "verdi", "min", "maks", "skjult", "tekst"]


def tidy(frame: pd.DataFrame) -> pd.DataFrame:
    """The dataset's public columns, in the documented order."""
    out = frame[DATASET_COLUMNS].copy()
    out.loc[out["skjult"], "deltakere"] = pd.NA
    return out


def _csv_text(rows: list[list[object]], header: list[str]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
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
    rows = [[_plain(v) for v in row] for row in _rows(data)]
    return _csv_text(rows, DATASET_COLUMNS)


def dataset_json(frame: pd.DataFrame) -> bytes:
    """A JSON array of records, written record by record: a list of a ten-year series' records
    as dicts would take several times the memory of the text."""
    data = tidy(frame)
    records = (
        json.dumps(
            {
                "periode": periode,
                "region": region,
                "tiltaksgruppe": tg,
                "hovedgruppe": hg,
                "deltakere": None if deltakere is pd.NA else int(deltakere),
                "skjult": bool(skjult),
            },
            ensure_ascii=False,
            indent=0,
        )
        for periode, region, tg, hg, deltakere, skjult in _rows(data)
    )
    # The same text as json.dumps(list, indent=0): "[", one record per block, "]".
    body = ",\n".join(records)
    return (f"[\n{body}\n]" if body else "[]").encode("utf-8")


def _number(value: float | None) -> object:
    if value is None:
        return ""
    return int(value) if float(value).is_integer() else value


def _csv_text_cell(text: str) -> str:
    """The table's text for a spreadsheet: plain spaces, and a signed interval as "+5–+8".

    A cell starting with "+" is read as a formula; "+5 til +8" would be a valid one (a space is
    the intersection operator, "til" a name) and show an error, while "+5–+8" stays text.
    """
    return text.replace("\u00a0", " ").replace(" til ", EN_DASH)


def table_csv(table: TableView) -> bytes:
    """A table in long form: one line per cell, with its bounds when it is not exact."""
    rows = []
    for row in table.rows:
        for column, cell in zip(table.columns, row.cells, strict=True):
            exact = cell.kind == "exact"
            rows.append(
                [
                    row.header,
                    column,
                    _number(cell.lo) if exact else "",
                    "" if exact else _number(cell.lo),
                    "" if exact else _number(cell.hi),
                    "true" if cell.kind == "hidden" else "false",
                    "*" if cell.kind == "hidden" else _csv_text_cell(cell.text),
                ]
            )
    return _csv_text(rows, TABLE_COLUMNS)


REVISION_COLUMNS = [
    "periode", "region", "tiltaksgruppe", "hovedgruppe",
    "gammel", "ny", "gammel_skjult", "ny_skjult", "gammel_fil", "ny_fil",
]  # fmt: skip


def revisions_csv(revisions: list[Revision]) -> bytes:
    """Every value a later export changed; a hidden value is empty with its flag set."""

    def value(count: Count) -> str:
        return "" if not count.is_exact else str(count.lo)

    rows = [
        [r.month, r.region, r.tiltaksgruppe, r.hovedgruppe, value(r.old), value(r.new),
         _plain(not r.old.is_exact), _plain(not r.new.is_exact), r.old_file, r.new_file]
        for r in revisions
    ]  # fmt: skip
    return _csv_text(rows, REVISION_COLUMNS)
