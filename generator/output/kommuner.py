"""The kommune records of NAV's "Tiltak og kommune" sheets as their own download.

They stay off the grid (a kommune is no region of the site), so they are written as printed:
one record per kommune, tiltak and month, a hidden count empty (JSON: null; Excel: `*`) with
``skjult`` set, never its bounds.
"""

from __future__ import annotations

import json

from generator.output.downloads import Record, csv_text
from generator.output.schema import KOMMUNER, names
from generator.source.tilt import KommuneRecord

KOMMUNE_COLUMNS = names(KOMMUNER)


def kommune_records(records: list[KommuneRecord]) -> list[Record]:
    """Plain records in the documented column order; a hidden count is None."""
    return [
        [
            r.periode, r.kommunenummer, r.kommune, r.fylkesnummer, r.fylke, r.tiltaksgruppe,
            r.tiltak, None if r.skjult else r.deltakere.lo, r.skjult,
        ]
        for r in records
    ]  # fmt: skip


def kommuner_csv(records: list[Record]) -> bytes:
    """For programs: comma-separated UTF-8 without a byte-order mark."""
    return csv_text(
        ([*r[:-2], "" if r[-2] is None else r[-2], "true" if r[-1] else "false"] for r in records),
        KOMMUNE_COLUMNS,
    )


def kommuner_json(records: list[Record]) -> bytes:
    """A JSON array of records, one key per line, as the dataset's JSON."""
    text = json.dumps(
        [dict(zip(KOMMUNE_COLUMNS, r, strict=True)) for r in records],
        ensure_ascii=False,
        indent=0,
    )
    return text.encode("utf-8")
