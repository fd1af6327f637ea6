"""A TILT workbook's counts as tidy records, the same columns as the text export's plus tiltak.

Unit labels carry the county number and the county's official Sami and Kven names
("55 Troms - Romsa - Tromssa", "50 Trøndelag - Trööndelage"), so a row is matched by its
number first (generator/source/regions.py knows each number's county and era) and its name
must agree; a row without a number is matched by name ("Svalbard og øvrige områder" is the
older "Øvrige områder", and "Ukjent" stays). Kommune rows ("0301 Oslo") get their county from
the number's first two digits.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from generator.errors import ExportError
from generator.numbers import Kind
from generator.source.records import COLUMNS
from generator.source.regions import (
    NATIONAL,
    ROLE_NATIONAL,
    ROLE_OTHER,
    Region,
    RegionCatalog,
)
from generator.source.tilt import KommuneRecord, TiltExport
from generator.source.types import Row

TILTAK_COLUMN = "tiltak"  # as generator.dataset.dimensions.Dimension.TILTAK names it
FRAME_COLUMNS = [*COLUMNS, TILTAK_COLUMN]
_NUMBERED = re.compile(r"^(\d{2})\s+(\S.*)$")
_KOMMUNE_NUMBER = re.compile(r"^\d{4}\s")
OUTSIDE_COUNTIES = ("21", "22", "23")  # Svalbard, Jan Mayen, the continental shelf
FYLKER = "generator/data/fylker.json"


class Units:
    """Matches a TILT sheet's unit labels to regions: by county number first, then by name."""

    def __init__(self, catalog: RegionCatalog) -> None:
        self.catalog = catalog
        self.by_code = {region.code: region for region in catalog.counties}

    def county(self, label: str, month: str, path: Path, line: int) -> Region:
        numbered = _NUMBERED.match(label.strip())
        if numbered is None:
            if _KOMMUNE_NUMBER.match(label):
                raise ExportError(
                    path, line, f"{label!r} is a kommune: expected a county in this sheet"
                )
            return self.catalog.classify(label, month, path, line)
        code, name = numbered.groups()
        region = self.by_code.get(code)
        if region is None:
            raise ExportError(
                path, line, f"unknown county number {code} in {label!r}: expected a county "
                f"of {FYLKER}",
            )  # fmt: skip
        if name.split(" - ")[0].strip().casefold() != region.name.casefold():
            try:
                named = self.catalog.classify(name, month, path, line)
            except ExportError:
                named = None
            if named is None or named.code != code:
                raise ExportError(
                    path,
                    line,
                    f"county number {code} is {region.name}, but the row says {label!r}: "
                    "expected the number and the name of one county",
                )
        return region

    def of_kommune(self, record: KommuneRecord, path: Path) -> str:
        """The plain name of a kommune's county (or pseudo-region), from its number."""
        if not record.kommunenummer:
            try:
                named = self.catalog.classify(record.kommune, record.periode, path, record.linje)
            except ExportError:
                return ""
            return named.name
        county = self.by_code.get(record.fylkesnummer)
        if county is not None:
            return county.name
        if record.fylkesnummer in OUTSIDE_COUNTIES:
            return self.catalog.region("Øvrige områder", ROLE_OTHER, "").name
        raise ExportError(
            path,
            record.linje,
            f"kommune number {record.kommunenummer} ({record.kommune}) starts with "
            f"{record.fylkesnummer}, which is no county of {FYLKER}",
        )


def tilt_frame(export: TiltExport, catalog: RegionCatalog) -> pd.DataFrame:
    """The workbook's printed counts: by county and tiltak, and by status group nationwide."""
    units = Units(catalog)
    records: list[tuple] = []
    file = export.path.name
    for table in export.tables:
        seen: dict[str, Row] = {}
        for row in [table.total, *table.rows] if table.total else table.rows:
            region = units.county(row.label, table.months[0], table.path, row.line)
            first = seen.setdefault(region.name, row)
            if first is not row:
                raise ExportError(
                    table.path, row.line, f"{row.label!r} is region {region.name!r} again (as "
                    f"{first.label!r} at row {first.line}): expected each region once",
                )  # fmt: skip
            for month, count in zip(table.months, row.counts, strict=True):
                records.append(
                    (month, region.name, row.label, region.role, region.code, table.tiltaksgruppe,
                     "", count.value, count.kind is Kind.HIDDEN, file, row.line, table.tiltak)
                )  # fmt: skip
    for cell in export.status:
        records.append(
            (cell.month, NATIONAL, NATIONAL, ROLE_NATIONAL, "", cell.tiltaksgruppe,
             cell.hovedgruppe, cell.count.value, cell.count.kind is Kind.HIDDEN, file, cell.line,
             cell.tiltak)
        )  # fmt: skip
    frame = pd.DataFrame.from_records(records, columns=FRAME_COLUMNS)
    frame["deltakere"] = frame["deltakere"].astype("Int64")
    frame["linje"] = frame["linje"].astype("int64")
    return frame


def kommune_records(export: TiltExport, catalog: RegionCatalog) -> list[KommuneRecord]:
    """The workbook's kommune records, each with its county's plain name."""
    units = Units(catalog)
    counties: dict[tuple[str, str], str] = {}
    named = []
    for record in export.kommuner:
        key = (record.kommunenummer, record.kommune)
        if key not in counties:
            counties[key] = units.of_kommune(record, export.path)
        named.append(record._replace(fylke=counties[key]))
    return named
