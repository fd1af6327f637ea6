"""Every data file of the site, made and handed to the writer, and listed for the data package.

Each table and each page gets a CSV for Excel and an Excel workbook made from the same records;
the whole dataset is there for programs (CSV, JSON) and for people (Excel). Each file is
recorded as it is written, so data/datapackage.json lists exactly the files the site has.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import pandas as pd

from generator.dataset.checks import CheckResult
from generator.dataset.grid import Dataset
from generator.months import period_label
from generator.output import datapackage, downloads, excel, kommuner, schema
from generator.output.datapackage import DataFile
from generator.output.kept_workbooks import KeptWorkbooks
from generator.output.release import Release
from generator.plan import routes
from generator.plan.views import Page, TableView
from generator.render.vega import script_json

Emit = Callable[[str, bytes], None]


class DataFiles:
    """Makes the data files, hands each to ``emit`` and remembers it for the data package."""

    def __init__(self, emit: Emit, release: Release, books: KeptWorkbooks) -> None:
        self.emit = emit
        self.release = release
        self.books = books
        self.files: list[DataFile] = []
        self.seconds = 0.0  # spent making them, for the benchmark

    @contextmanager
    def _timed(self) -> Iterator[None]:
        started = time.perf_counter()
        try:
            yield
        finally:
            self.seconds += time.perf_counter() - started

    def _add(self, content: bytes, file: DataFile) -> None:
        self.emit(file.path, content)
        self.files.append(file)

    def _about(self, title: str, period: str, notes: list[str]) -> excel.About:
        return excel.About(
            title=title,
            period=period,
            data_until=self.release.data_until,
            data_date=self.release.data_date,
            notes=tuple(notes),
            next_update=self.release.next_update_text,
        )

    def table(self, table: TableView, period: str) -> None:
        """A table's CSV for Excel and its workbook."""
        with self._timed():
            records = downloads.table_records(table)
            path = table.csv_href
            csv = downloads.table_csv(records)
            self._add(
                csv, DataFile(path, f"{table.caption} (CSV for Excel)", "excel-csv", "tabell")
            )
            about = self._about(table.caption, period, table.notes)
            book = self.books.workbook(schema.TABLE, records, about, "skjult")
            self._add(
                book.content,
                DataFile(
                    routes.spreadsheet(path), table.caption, "xlsx", "tabell", book.header_row
                ),
            )

    def page(self, page: Page, rows: pd.DataFrame) -> None:
        """The dataset rows a page shows: a CSV for Excel and a workbook."""
        with self._timed():
            records = downloads.page_records(rows)
            title = f"{page.title}: alle tallene på siden"
            csv = downloads.page_csv(records)
            path = page.csv_href
            self._add(csv, DataFile(path, f"{title} (CSV for Excel)", "excel-csv", "deltakere"))
            book = self.books.workbook(
                schema.DATASET, records, self._about(page.title, page.period, []), "skjult"
            )
            self._add(
                book.content,
                DataFile(routes.spreadsheet(path), title, "xlsx", "deltakere", book.header_row),
            )

    def dataset(self, data: Dataset, results: list[CheckResult], period: str) -> None:
        """The whole dataset, the revisions and the check results."""
        with self._timed():
            title = "Deltakere i arbeidsrettede tiltak, alle tallene"
            self._add(
                downloads.dataset_csv(data.frame),
                DataFile(routes.DATASET_CSV, f"{title} (CSV for programmer)", "csv", "deltakere"),
            )
            self._add(
                downloads.dataset_json(data.frame),
                DataFile(routes.DATASET_JSON, f"{title} (JSON)", "json", "deltakere"),
            )
            book = self.books.workbook(
                schema.DATASET,
                downloads.page_records(data.frame),
                self._about(title, period, []),
                "skjult",
            )
            self._add(
                book.content,
                DataFile(routes.DATASET_XLSX, title, "xlsx", "deltakere", book.header_row),
            )
            self._add(
                downloads.revisions_csv(data.revisions),
                DataFile(routes.REVISIONS_CSV, "Reviderte tall", "csv", "revisjoner"),
            )
            checks = [
                {
                    "kontroll": r.name,
                    "beskrivelse": r.description,
                    "summer": r.compared,
                    "avvik": [str(f) for f in r.failures],
                }
                for r in results
            ]
            content = script_json(checks).encode("utf-8")
            self._add(content, DataFile(routes.CHECKS_JSON, "Kontroll av tallene", "json"))
            self._kommuner(data, period)

    def _kommuner(self, data: Dataset, period: str) -> None:
        """NAV's kommune sheets, as printed: for programs (CSV, JSON) and for people (Excel)."""
        if not data.kommuner:
            return
        records = kommuner.kommune_records(data.kommuner)
        title = "Deltakere i arbeidsrettede tiltak etter kommune og tiltak"
        self._add(
            kommuner.kommuner_csv(records),
            DataFile(routes.KOMMUNER_CSV, f"{title} (CSV for programmer)", "csv", "kommuner"),
        )
        self._add(
            kommuner.kommuner_json(records),
            DataFile(routes.KOMMUNER_JSON, f"{title} (JSON)", "json", "kommuner"),
        )
        months = sorted({r.periode for r in data.kommuner})
        book = self.books.workbook(
            schema.KOMMUNER, records, self._about(title, period_label(months), []), "skjult"
        )
        self._add(
            book.content, DataFile(routes.KOMMUNER_XLSX, title, "xlsx", "kommuner", book.header_row)
        )

    def package(self, data: Dataset, base_url: str) -> None:
        """The Table Schemas and data/datapackage.json, listing every file written so far."""
        with self._timed():
            for path, content in datapackage.schema_files(self.files).items():
                self.emit(path, content)
            exports = [e.path.name for e in data.exports]
            self.emit(
                routes.DATA_PACKAGE,
                datapackage.package(self.files, data.months, exports, base_url),
            )
