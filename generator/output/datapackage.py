"""data/datapackage.json: the downloads described as a Frictionless Data Package.

Every data file the build writes is one resource, with its format, its encoding and CSV
dialect, and a Table Schema: field names, types, descriptions in Norwegian, what is missing
(a hidden count, or a bound an interval lacks) and the primary key. The schemas are shared
files in data/skjema/, one per layout, so the package stays small. Licence (CC BY 4.0, NAV),
sources and the period covered are stated once, for the whole package.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from generator.months import period_label
from generator.output import excel, schema
from generator.output.schema import Column
from generator.plan import routes

DATA_FOLDER = "data/"

# form → (format, media type, encoding, CSV dialect)
FORMS: dict[str, tuple[str, str, str | None, dict[str, Any] | None]] = {
    "csv": ("csv", "text/csv", "utf-8", {"delimiter": ",", "header": True}),
    "excel-csv": ("csv", "text/csv", "utf-8-sig", {"delimiter": ";", "header": True}),
    "json": ("json", "application/json", "utf-8", None),
    "xlsx": (
        "xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        None,
        None,
    ),
}

# layout → (its columns, its primary key)
LAYOUTS: dict[str, tuple[tuple[Column, ...], tuple[str, ...]]] = {
    "deltakere": (schema.DATASET, schema.DATASET_KEY),
    "tabell": (schema.TABLE, schema.TABLE_KEY),
    "revisjoner": (schema.REVISIONS, schema.REVISIONS_KEY),
}


@dataclass(frozen=True)
class DataFile:
    """One data file the build wrote, as the data package lists it."""

    path: str  # from the site root
    title: str
    form: str  # a key of FORMS
    layout: str = ""  # a key of LAYOUTS; "" for a file that is not a table
    header_row: int = 1  # where an Excel sheet's column names are (1-based)


def _schema_name(layout: str, form: str) -> str:
    """Excel holds a hidden count as `*` and flags as ja/nei; the CSVs for Excel decimal commas."""
    return f"{layout}-{form}" if form in ("xlsx", "excel-csv") else layout


def _field(column: Column, form: str) -> dict[str, Any]:
    field: dict[str, Any] = {
        "name": column.name,
        "type": column.kind,
        "description": column.description,
    }
    if column.kind == "boolean":
        yes, no = (excel.YES, excel.NO) if form == "xlsx" else ("true", "false")
        field |= {"trueValues": [yes], "falseValues": [no]}
    if column.kind == "number" and form == "excel-csv":
        field["decimalChar"] = ","
    return field


def table_schema(layout: str, form: str) -> dict[str, Any]:
    columns, key = LAYOUTS[layout]
    missing = ["", schema.HIDDEN_NOTE[0]] if form == "xlsx" else [""]
    return {
        "fields": [_field(c, form) for c in columns],
        "missingValues": missing,
        "primaryKey": list(key),
    }


def _resource_name(path: str) -> str:
    """A resource's name: its path in data/, lower case, with "-" for "/" and "."."""
    stem = path.removeprefix(DATA_FOLDER)
    return stem.replace("/", "-").replace(".", "-").lower()


def _resource(file: DataFile) -> dict[str, Any]:
    fmt, mediatype, encoding, dialect = FORMS[file.form]
    resource: dict[str, Any] = {
        "name": _resource_name(file.path),
        "title": file.title,
        "path": file.path.removeprefix(DATA_FOLDER),
        "format": fmt,
        "mediatype": mediatype,
    }
    if encoding:
        resource["encoding"] = encoding
    if file.form == "xlsx" and file.layout:
        resource["dialect"] = {"headerRows": [file.header_row], "excel": {"sheet": "Tall"}}
    elif dialect and file.layout:
        resource["dialect"] = dialect
    if file.layout:
        resource["profile"] = "tabular-data-resource"
        resource["schema"] = routes.table_schema(_schema_name(file.layout, file.form)).removeprefix(
            DATA_FOLDER
        )
    return resource


def schema_files(files: Sequence[DataFile]) -> dict[str, bytes]:
    """The shared Table Schemas the package's resources point to."""
    used = sorted({(f.layout, f.form) for f in files if f.layout})
    out = {}
    for layout, form in used:
        path = routes.table_schema(_schema_name(layout, form))
        out[path] = _json(table_schema(layout, form))
    return out


DESCRIPTION = (
    "Antall deltakere i NAVs arbeidsrettede tiltak ved utgangen av hver måned, etter fylke, "
    "tiltaksgruppe og hovedgruppe, slik NAV har publisert dem. NAV skjuler alle tall under 4 "
    "(0, 1, 2 eller 3) av personvernhensyn: en skjult verdi er tom (i Excel: *), og feltet "
    "skjult er sant. En sum, endring eller andel som inneholder skjulte verdier, er et "
    "intervall: verdi er tom, og min og maks er grensene. Filene for programmer er "
    "kommaseparert UTF-8 uten byte order mark; CSV-filene for Excel har byte order mark, "
    "semikolon og desimalkomma."
)


def package(
    files: Sequence[DataFile], months: list[str], exports: Sequence[str], base_url: str
) -> bytes:
    """data/datapackage.json for the data files written, the period covered and the sources."""
    descriptor: dict[str, Any] = {
        "name": "tiltaksdeltakere",
        "title": "Deltakere i arbeidsrettede tiltak. Tiltaksgruppe og fylke. Tidsserie måned",
        "description": DESCRIPTION,
        "licenses": [
            {
                "name": "CC-BY-4.0",
                "path": schema.LICENCE_URL,
                "title": "Creative Commons Navngivelse 4.0 Internasjonal (Kilde: NAV)",
            }
        ],
        "sources": [
            {"title": "NAV, «Deltakere i arbeidsrettede tiltak» (Statistikk på nav.no)"},
            *({"title": f"NAVs eksport {name}"} for name in exports),
        ],
        "contributors": [{"title": "NAV", "role": "publisher"}],
        "keywords": ["NAV", "arbeidsrettede tiltak", "tiltaksdeltakere", "fylke"],
        "temporal": {"start": months[0], "end": months[-1], "label": period_label(months)},
    }
    if base_url:
        descriptor["homepage"] = base_url
    # By path: files are written as their pages are ready, which varies from build to build.
    descriptor["resources"] = [_resource(f) for f in sorted(files, key=lambda f: f.path)]
    return _json(descriptor)


def _json(value: Any) -> bytes:
    return (json.dumps(value, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
