"""Tables to tidy records: one row per month × region × tiltaksgruppe × hovedgruppe.

This is where row labels become regions (generator/source/regions.py), so that every input
format's tables come out as the same records for the dataset to put on its grid.
"""

from __future__ import annotations

import pandas as pd

from generator.errors import ExportError
from generator.numbers import Kind
from generator.source.regions import ROLE_COUNTY, RegionCatalog
from generator.source.types import Export, Row

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
        rows: list[Row] = [table.total, *table.rows] if table.total else table.rows
        seen: dict[str, Row] = {}
        for row in rows:
            region = regions.classify(row.label, table.months[0], export.path, row.line)
            first = seen.setdefault(region.name, row)
            if first is not row:
                raise ExportError(
                    export.path,
                    row.line,
                    f"{row.label!r} is region {region.name!r} again (as {first.label!r} at line "
                    f"{first.line}) in table {table.name!r}: expected each region once",
                )
            for month, count in zip(table.months, row.counts, strict=True):
                records.append(
                    (
                        month,
                        region.name,
                        row.label,
                        region.role,
                        region.code,
                        table.tiltaksgruppe,
                        table.hovedgruppe,
                        count.value,
                        count.kind is Kind.HIDDEN,
                        export.path.name,
                        row.line,
                    )
                )
    if not any(record[3] == ROLE_COUNTY for record in records):
        first_table = export.tables[0]
        raise ExportError(
            export.path,
            first_table.header_line,
            "no fylke in any table: expected a row per county under each 'I alt' row "
            "(is this the export by fylke?)",
        )
    frame = pd.DataFrame.from_records(records, columns=COLUMNS)
    frame["deltakere"] = frame["deltakere"].astype("Int64")
    frame["linje"] = frame["linje"].astype("int64")
    return frame
