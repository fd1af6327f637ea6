"""The 2017 text export and NAV's TILT workbooks of 2024 and 2025 as one site (conftest.tilt_site).

Every cell of the TILT fixtures is read here the plain way (openpyxl, row by row, with the
county numbers and group names written out below) and found again, as printed, in the CSV and
JSON downloads, in the kommune download and in the tables of the tiltak on the pages; the
pages say which breakdowns exist for which period; NAV's documented breaks are marked; the
status-group totals of TILT100 are checked against the tiltak, and a wrong one stops the build.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from pathlib import Path

import openpyxl
import pytest
from bs4 import BeautifulSoup
from conftest import BUNDLED, TILT_YEARS, WORKBOOKS
from make_workbooks import (
    STATUSES,
    TILTAK,
    Quirks,
    file_name,
    tilt100,
    tilt_workbook,
    true_values,
    write_xlsx,
)

from generator.dataset.checks import run_checks
from generator.errors import ExportError
from generator.months import MONTH_NAMES

MONTHS = [m.lower() for m in MONTH_NAMES]
REGIONS = {
    "03": "Oslo", "11": "Rogaland", "15": "Møre og Romsdal", "18": "Nordland",
    "31": "Østfold (fra 2024)", "32": "Akershus (fra 2024)", "33": "Buskerud (fra 2024)",
    "34": "Innlandet", "39": "Vestfold (fra 2024)", "40": "Telemark (fra 2024)", "42": "Agder",
    "46": "Vestland", "50": "Trøndelag", "55": "Troms (fra 2024)", "56": "Finnmark (fra 2024)",
}  # fmt: skip
GROUPS = {
    "TILT110": "Lønnstilskudd", "TILT120": "Arbeidspraksis", "TILT130": "Opplæring",
    "TILT140": "Oppfølging", "TILT150": "Avklaringstiltak",
    "TILT160": "Arbeidsrettet rehabilitering", "TILT170": "Tilrettelagt arbeid",
}  # fmt: skip
TILT100_GROUPS = {
    "Avklaring": "Avklaringstiltak",
    "Varig tilrettelagt arbeid": "Tilrettelagt arbeid",
}
STATUS_NAMES = {
    "I alt arbeidssøkere på tiltak": "Arbeidssøkere på tiltak",
    "I alt nedsatt arbeidsevne, på tiltak": "Nedsatt arbeidsevne på tiltak",
    "I alt andre på tiltak": "Andre på tiltak",
}
Key = tuple[str, str, str, str, str]  # periode, region, tiltaksgruppe, hovedgruppe, tiltak


def region_of(label: str) -> str:
    if label.startswith("I alt"):
        return "Hele landet"
    if label.startswith("Svalbard"):
        return "Øvrige områder"
    return REGIONS.get(label[:2], label.strip())


def group_of(code: str, tiltak: str) -> str:
    if code == "TILT180":
        return "Jobbskaping og egenetablering" if tiltak == "Egenetablering" else "Tilrettelegging"
    return GROUPS[code]


def upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


def sheet_rows(path: Path, prefix: str):
    """(block label, row label, month, value) of every filled month cell of a sheet."""
    book = openpyxl.load_workbook(path, read_only=True)
    sheet = next(book[n] for n in book.sheetnames if n.startswith(prefix))
    year = re.match(r"(\d{4})", path.name).group(1)  # type: ignore[union-attr]
    header: list = []
    block = ""
    for row in sheet.iter_rows(values_only=True):
        first = row[0] if row else None
        if len(row) > 1 and row[1] == "Gjennomsnitt hittil i år":
            header = list(row)
            continue
        if first in (None, ""):
            block = ""
            continue
        if not header:
            continue
        if str(first).startswith("I alt"):
            block = str(first)
        for column, value in enumerate(row):
            name = str(header[column]).lower() if column < len(header) and header[column] else ""
            if name in MONTHS and value not in (None, ""):
                yield block, str(first), f"{year}-{MONTHS.index(name) + 1:02d}", value
    book.close()


def stamp(path: Path) -> str:
    return re.sub(r"\D", "", path.name.split("_")[0])


def plain_reading() -> tuple[dict[Key, object], dict[tuple, object]]:
    """Every cell of the TILT fixtures, the later file of a code winning a month: the grid's
    cells, and the kommune records by (periode, kommune label, tiltaksgruppe, tiltak)."""
    cells: dict[Key, object] = {}
    kommuner: dict[tuple, object] = {}
    files = sorted((p for year in TILT_YEARS for p in year.glob("20*.xlsx")), key=stamp)
    for path in files:
        code = re.search(r"TILT\d{3}", path.name).group(0)  # type: ignore[union-attr]
        if code == "TILT100":
            for block, label, month, value in sheet_rows(path, "Arbeidsmarkedsstatus"):
                if label != block:
                    tg = TILT100_GROUPS.get(label, label)
                    cells[(month, "Hele landet", tg, STATUS_NAMES[block], "")] = value
            for _, label, month, value in sheet_rows(path, "Tiltaksdeltakere og kommune"):
                if not label.startswith("I alt"):
                    kommuner[(month, label, "", "")] = value
            continue
        for block, label, month, value in sheet_rows(path, "Tiltak og fylke"):
            tiltak = upper_first(block.removeprefix("I alt "))
            cells[(month, region_of(label), group_of(code, tiltak), "", tiltak)] = value
        for block, label, month, value in sheet_rows(path, "Arbeidsmarkedsstatus"):
            status = STATUS_NAMES[block]
            if label == block:
                if code != "TILT180":
                    cells[(month, "Hele landet", GROUPS[code], status, "")] = value
                continue
            cells[(month, "Hele landet", group_of(code, label), status, label)] = value
        if path.parent.name == "tilt-2025":
            for block, label, month, value in sheet_rows(path, "Tiltak og kommune"):
                if label != block:
                    tiltak = upper_first(block.removeprefix("I alt "))
                    kommuner[(month, label, group_of(code, tiltak), tiltak)] = value
    return cells, kommuner


@pytest.fixture(scope="module")
def plain() -> tuple[dict[Key, object], dict[tuple, object]]:
    return plain_reading()


def test_one_site_runs_from_2017_to_the_latest_tilt_month(tilt_site: Path):
    rows = list(csv.DictReader(io.StringIO((tilt_site / "data" / "deltakere.csv").read_text())))
    months = sorted({r["periode"] for r in rows})
    assert months[0] == "2017-01" and months[-1] == "2025-12"
    assert {"2017-12", "2024-01", "2025-10"} <= set(months)
    for path in ["deltakere.csv", "deltakere.json", "kommuner.csv", "kommuner.json"]:
        assert (tilt_site / "data" / path).is_file(), path


def test_every_tilt_cell_is_in_the_csv_and_json_as_printed(tilt_site: Path, plain):
    cells, _ = plain
    assert len(cells) > 10_000 and sum(v == "*" for v in cells.values()) > 100
    text = (tilt_site / "data" / "deltakere.csv").read_text("utf-8")
    key_names = ["periode", "region", "tiltaksgruppe", "hovedgruppe", "tiltak"]
    rows = {tuple(r[k] for k in key_names): r for r in csv.DictReader(io.StringIO(text))}
    records = json.loads((tilt_site / "data" / "deltakere.json").read_text("utf-8"))
    by_key = {tuple(r[k] for k in key_names): r for r in records}
    assert len(rows) == len(by_key) == len(records)  # one row per key
    for key, value in cells.items():
        row, record = rows[key], by_key[key]
        if value == "*":
            assert (row["deltakere"], row["skjult"]) == ("", "true"), key
            assert (record["deltakere"], record["skjult"]) == (None, True), key
        else:
            assert (row["deltakere"], row["skjult"]) == (str(value), "false"), key
            assert (record["deltakere"], record["skjult"]) == (value, False), key
    # The 2017 export is there too, without tiltak.
    assert any(k[0] == "2017-06" and k[4] == "" and k[3] for k in rows)
    tilt_rows = {k for k in rows if k[0] >= "2024"}
    assert tilt_rows == set(cells), "the download holds exactly the printed TILT cells"


def test_every_kommune_cell_is_in_the_kommune_downloads(tilt_site: Path, plain):
    _, kommuner = plain
    text = (tilt_site / "data" / "kommuner.csv").read_text("utf-8")
    rows = list(csv.DictReader(io.StringIO(text)))
    records = json.loads((tilt_site / "data" / "kommuner.json").read_text("utf-8"))
    assert len(rows) == len(records) == len(kommuner)
    for row, record in zip(rows, records, strict=True):
        label = f"{row['kommunenummer']} {row['kommune']}".strip()
        value = kommuner[(row["periode"], label, row["tiltaksgruppe"], row["tiltak"])]
        if value == "*":
            assert (row["deltakere"], row["skjult"], record["deltakere"]) == ("", "true", None)
        else:
            assert (row["deltakere"], record["deltakere"]) == (str(value), value), row
        assert row["fylke"] == ("Ukjent" if not row["fylkesnummer"] else
                                REGIONS.get(row["fylkesnummer"], "Øvrige områder"))  # fmt: skip


def page(site: Path, path: str) -> BeautifulSoup:
    return BeautifulSoup((site / path).read_text("utf-8"), "html.parser")


def cell_text(td) -> str:
    abbr = td.find("abbr")
    return "*" if abbr is not None else td.get_text(" ", strip=True).replace("\u00a0", " ")


def test_every_tiltak_cell_is_in_the_tiltak_tables_of_the_pages(tilt_site: Path, plain):
    """The tables of the tiltak on the group pages hold every county cell of the fixtures, as
    printed; the county pages' tables of the latest month agree with them."""
    cells, _ = plain
    seen: set[Key] = set()
    for path in sorted((tilt_site / "tiltaksgruppe").glob("*.html")):
        for td in page(tilt_site, f"tiltaksgruppe/{path.name}").select("td[data-key]"):
            parts = td["data-key"].split("|")
            if len(parts) != 5:
                continue
            region, tg, hg, month, tiltak = parts
            key = (month, region, tg, hg, tiltak)
            value = cells[key]
            expected = "*" if value == "*" else f"{value:,}".replace(",", " ")
            assert cell_text(td) == expected, key
            assert td["data-kind"] == ("hidden" if value == "*" else "exact"), key
            seen.add(key)
    county_cells = {k for k in cells if k[3] == "" and k[4]}
    assert seen == county_cells
    oslo = page(tilt_site, "fylke/oslo.html")
    latest = [td for td in oslo.select("td[data-key]") if td["data-key"].count("|") == 4]
    assert len(latest) == sum(len(t) for t in TILTAK.values())
    for td in latest:
        region, tg, hg, month, tiltak = td["data-key"].split("|")
        assert month == "2025-12" and region == "Oslo"
        value = cells[(month, region, tg, hg, tiltak)]
        assert cell_text(td) == ("*" if value == "*" else f"{value:,}".replace(",", " "))


def test_a_sum_with_a_hidden_tiltak_is_a_range_on_the_county_page(tilt_site: Path, plain):
    cells, _ = plain
    doc = page(tilt_site, "fylke/finnmark-fra-2024.html")
    tables = {t.caption.get_text(" ", strip=True): t for t in doc.select("table") if t.caption}
    caption = "Tilrettelegging: deltakere etter tiltak, Finnmark (fra 2024), desember 2025"
    table = tables[caption]
    names = ("Funksjonsassistanse", "Inkluderingstilskudd", "Tilskudd til ekspertbistand")
    parts = [cells[("2025-12", "Finnmark (fra 2024)", "Tilrettelegging", "", t)] for t in names]
    assert "*" in parts
    whole = table.select("tr")[-1]
    assert "Hele tilrettelegging" in whole.get_text()
    first = whole.select("td")[0]
    low = sum(0 if p == "*" else p for p in parts)
    high = sum(3 if p == "*" else p for p in parts)
    assert first["data-kind"] == "range"
    assert cell_text(first).replace("\u2013", "-").startswith(f"{low}-{high}")


def test_pages_say_which_breakdowns_exist_for_which_period(tilt_site: Path, built_site: Path):
    for path in ["index.html", "fylke/oslo.html", "tiltaksgruppe/opplaering.html"]:
        text = page(tilt_site, path).select_one(".breakdowns").get_text(" ", strip=True)
        assert text == (
            "Hovedgruppe (arbeidsmarkedsstatus) per fylke finnes for januar–desember 2017; "
            "for januar 2024–desember 2025 bare for hele landet. Tiltak per fylke finnes for "
            "januar 2024–desember 2025."
        ), path
    text = page(built_site, "index.html").select_one(".breakdowns").get_text(" ", strip=True)
    assert "per fylke finnes for januar–desember 2017" in text and "ikke delt etter tiltak" in text


def test_breaks_and_renamed_groups_are_marked(tilt_site: Path):
    oslo = page(tilt_site, "fylke/oslo.html").get_text(" ")
    assert "Brudd i serien fra januar 2024: ny registreringsmetode i NAV fra november 2018" in oslo
    assert "Brudd i serien fra april 2025: ny registreringsmetode i NAV fra april 2025" in oslo
    group = page(tilt_site, "tiltaksgruppe/avklaringstiltak.html")
    text = group.get_text(" ")
    assert "«Avklaringstiltak» heter «Avklaring»" in text
    assert "Tiltaksgruppen heter «Avklaring» i NAVs tabeller fra januar 2023." in text
    svg_text = " ".join(t.get_text() for t in group.select("figure svg text"))
    assert "brudd" in svg_text  # the dashed rule's label in the drawn chart


def test_the_2017_site_has_no_break_inside_its_year(site_pages):
    for name, found in site_pages.items():
        assert "Brudd i serien" not in found.doc.get_text(" "), name


def test_tiltak_figures_on_the_group_pages(tilt_site: Path):
    for code, tiltak in TILTAK.items():
        for name, _ in tiltak:
            tg = group_of(code, name)
            slug = {"Lønnstilskudd": "lonnstilskudd", "Opplæring": "opplaering",
                    "Oppfølging": "oppfolging"}.get(tg, tg.lower().replace(" ", "-"))  # fmt: skip
            doc = page(tilt_site, f"tiltaksgruppe/{slug}.html")
            titles = [f.get_text(" ", strip=True) for f in doc.select("h2, h3, figcaption")]
            assert any(t.startswith(f"{name} ({tg})") for t in titles), (name, titles[:5])


def test_the_status_totals_of_tilt100_are_checked(tmp_path: Path):
    """A TILT100 whose status-group total disagrees with its tiltak stops the build, naming
    the file and row."""
    from generator.dataset.grid import build_dataset
    from generator.source.inputs import read_input
    from generator.source.regions import default_catalog

    values = true_values(2025, 12, seed=2025)
    sheets = tilt100(values, 2025)
    status = [list(row) for row in dict(sheets)["Arbeidsmarkedsstatus og tiltaks"]]
    row = next(i for i, r in enumerate(status) if r and r[0] == "Opplæring")
    status[row][2] = int(status[row][2]) + 50  # January (after the label and the average)
    sheets = [(n, status if n == "Arbeidsmarkedsstatus og tiltaks" else r) for n, r in sheets]
    bad = tmp_path / "202512_TILT100 Tiltaksdeltakere. Tidsserie maaned.xlsx"
    write_xlsx(bad, sheets)
    good = [p for p in (WORKBOOKS / "tilt-2025").glob("202512_TILT1[1-8]0*.xlsx")]
    data = build_dataset([read_input(p) for p in [*good, bad]], default_catalog())
    with pytest.raises(ExportError) as caught:
        run_checks(data)
    message = str(caught.value)
    assert message.startswith(f"{bad}:{row + 1}: status_totals_match_tiltak:"), message
    assert "'Arbeidssøkere på tiltak', 'Opplæring', januar 2025" in message
    assert "expected them to agree" in message and "\n" not in message
    # The same files as published pass.
    shutil.copy(WORKBOOKS / "tilt-2025" / bad.name, bad)
    run_checks(build_dataset([read_input(p) for p in [*good, bad]], default_catalog()))


def test_a_status_block_total_that_disagrees_with_its_tiltak_is_refused(tmp_path: Path):
    from generator.dataset.grid import build_dataset
    from generator.source.inputs import read_input
    from generator.source.regions import default_catalog

    values = true_values(2024, 12, seed=3)
    sheets = tilt_workbook("TILT110", values, 2024, Quirks())
    status = [list(row) for row in dict(sheets)["Arbeidsmarkedsstatus og tiltak"]]
    row = next(i for i, r in enumerate(status) if r and r[0] == STATUSES[2][0])
    status[row][3] = int(status[row][3]) + 40  # February, "Andre på tiltak"
    sheets = [(n, status if n == "Arbeidsmarkedsstatus og tiltak" else r) for n, r in sheets]
    bad = tmp_path / file_name("202412", "TILT110")
    write_xlsx(bad, sheets)
    data = build_dataset([read_input(BUNDLED), read_input(bad)], default_catalog())
    with pytest.raises(ExportError) as caught:
        run_checks(data)
    assert str(caught.value).startswith(f"{bad}:{row + 1}: status_totals_match_tiltak:")
    assert "'Andre på tiltak', 'Lønnstilskudd', februar 2024" in str(caught.value)


def test_key_figures_say_when_their_change_crosses_a_break(tilt_site: Path):
    note = page(tilt_site, "index.html").select_one(".key-figures-note")
    assert note is not None
    assert (
        "Endringen fra året før går over et brudd i serien: ny registreringsmetode i NAV fra "
        "april 2025" in note.get_text(" ", strip=True)
    )
    former = page(tilt_site, "fylke/hedmark.html").select_one(".key-figures-note")
    assert former is None or "brudd" not in former.get_text()


def test_the_dataset_and_kommune_downloads_of_tilt_years_are_a_valid_data_package(
    tilt_site: Path, tmp_path: Path
):
    """frictionless validate over the dataset, revisions and kommune files of the TILT site
    (their schemas, types and unique primary keys, tiltak included)."""
    frictionless = pytest.importorskip("frictionless")
    data = tilt_site / "data"
    descriptor = json.loads((data / "datapackage.json").read_text("utf-8"))
    kept = [r for r in descriptor["resources"] if "/" not in r["path"] and "schema" in r]
    assert {r["path"] for r in kept} >= {"kommuner.csv", "kommuner.json", "kommuner.xlsx"}
    for resource in kept:
        shutil.copy(data / resource["path"], tmp_path / resource["path"])
    shutil.copytree(data / "skjema", tmp_path / "skjema")
    descriptor["resources"] = kept
    (tmp_path / "datapackage.json").write_text(json.dumps(descriptor), "utf-8")
    report = frictionless.validate(tmp_path / "datapackage.json")
    assert report.valid, [e.message for task in report.tasks for e in task.errors][:5]


def test_status_groups_of_tilt_years_on_the_group_pages_are_as_printed(tilt_site: Path, plain):
    """The whole country by hovedgruppe on each group page: TILT100's or the status block's
    own total as printed, or, where NAV prints none (TILT180 in 2024), the sum of the tiltak:
    exact only when none of them is hidden."""
    cells, _ = plain
    checked = 0
    for path in sorted((tilt_site / "tiltaksgruppe").glob("*.html")):
        for td in page(tilt_site, f"tiltaksgruppe/{path.name}").select("td[data-key]"):
            parts = td["data-key"].split("|")
            if len(parts) != 4 or parts[2] == "" or parts[3] < "2024":
                continue
            region, tg, hg, month = parts
            key = (month, region, tg, hg, "")
            if key in cells:
                value = cells[key]
                expected = "*" if value == "*" else f"{value:,}".replace(",", " ")
            else:
                tiltak = [v for k, v in cells.items() if k[:4] == key[:4] and k[4]]
                assert tiltak, key
                if "*" in tiltak:
                    assert td["data-kind"] == "range", key
                    continue
                expected = f"{sum(tiltak):,}".replace(",", " ")  # type: ignore[arg-type]
            assert cell_text(td) == expected, key
            checked += 1
    assert checked > 500
