"""NAV's workbooks: the export's own tables as a workbook, today's TILT workbooks, bad ones.

The fixtures in tests/workbooks/ are written by tests/make_workbooks.py: the bundled 2017
export as workbooks (one sheet, and one sheet per table), two TILT years (2024 with 15 fylker,
2025 with kommune sheets, TILT100 and a year-to-date file) and one workbook per kind of bad
input. A workbook of the export's layout must give exactly the site data the text gives; TILT
workbooks join the same series, with each tiltaksgruppe's total the sum of its tiltak (a range
wherever a tiltak is hidden); and a content folder holding the 2017 export and both TILT years
builds into a site that publishes no hidden count and no sum of one as exact.
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import download_files
import pytest
from chart_scripts import page_specs

from generator.build import build
from generator.cli import main
from generator.config import BuildConfig
from generator.dataset.dimensions import ALL, Dimension
from generator.dataset.grid import Dataset, build_dataset
from generator.errors import BuildError, ExportError
from generator.months import month_name
from generator.numbers import Count, Kind
from generator.output import downloads
from generator.plan import routes
from generator.plan.routes import Routes
from generator.source.inputs import read_input
from generator.source.regions import default_catalog
from generator.source.tilt import TILT_FORMAT, TiltExport, _year
from generator.source.workbook import WORKBOOK_FORMAT

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent
WORKBOOKS = TESTS / "workbooks"
BUNDLED = ROOT / "content" / "tiltaksdeltakere-tiltaksgruppe-fylke-2017.txt"
SMALL = TESTS / "exports" / "small.txt"
ABOUT = "# Om statistikken\n\nTekst.\n"


def inputs(folder: str) -> list[Path]:
    return BuildConfig(content=WORKBOOKS / folder).exports()


def dataset(paths: list[Path]) -> Dataset:
    return build_dataset([read_input(p) for p in paths], default_catalog())


@pytest.fixture(scope="module")
def text_data() -> Dataset:
    return dataset([BUNDLED])


@pytest.fixture(scope="module")
def all_years() -> Dataset:
    """The 2017 export with the TILT workbooks of 2024 and 2025."""
    return dataset([BUNDLED, *inputs("tilt-2024"), *inputs("tilt-2025")])


# ---- the export's own layout ------------------------------------------------------------------


@pytest.mark.parametrize("name", ["bundled-one-sheet.xlsx", "bundled-per-table.xlsx"])
def test_a_workbook_of_the_export_gives_the_same_site_data(name: str, text_data: Dataset):
    export = read_input(WORKBOOKS / "export" / name)
    assert export.format == WORKBOOK_FORMAT
    data = build_dataset([export], default_catalog())
    assert downloads.dataset_csv(data.frame) == downloads.dataset_csv(text_data.frame)
    assert downloads.dataset_json(data.frame) == downloads.dataset_json(text_data.frame)
    assert data._cells == text_data._cells
    assert (data.months, data.tiltaksgrupper, data.hovedgrupper) == (
        text_data.months,
        text_data.tiltaksgrupper,
        text_data.hovedgrupper,
    )
    assert data.regions == text_data.regions
    assert data.breakdowns() == text_data.breakdowns()


def test_each_table_points_at_its_sheet_and_row():
    per_table = read_input(WORKBOOKS / "export" / "bundled-per-table.xlsx").tables[0]
    assert per_table.where().endswith("bundled-per-table.xlsx[Tabell 1]:7")
    # In one sheet, the rows are the text's lines: a message names the same place in both.
    text = read_input(BUNDLED).tables
    one_sheet = read_input(WORKBOOKS / "export" / "bundled-one-sheet.xlsx").tables
    assert one_sheet[0].where().endswith("bundled-one-sheet.xlsx[Tiltaksdeltakere]:25")
    assert [(t.name_line, t.header_line, [r.line for r in t.rows]) for t in one_sheet] == [
        (t.name_line, t.header_line, [r.line for r in t.rows]) for t in text
    ]


def test_an_opendocument_spreadsheet_reads_like_the_text():
    ods = dataset([WORKBOOKS / "export" / "small.ods"])
    text = dataset([SMALL])
    assert downloads.dataset_csv(ods.frame) == downloads.dataset_csv(text.frame)


def test_excel_lock_files_are_not_inputs():
    folder = WORKBOOKS / "tilt-2024"
    assert any(p.name.startswith("~$") for p in folder.iterdir())
    names = [p.name for p in inputs("tilt-2024")]
    assert len(names) == 8
    assert not any(name.startswith("~$") for name in names)


# ---- TILT workbooks ---------------------------------------------------------------------------


def test_a_tilt_year_is_read_by_code_year_and_tiltak():
    exports = [read_input(p) for p in inputs("tilt-2024")]
    assert all(isinstance(e, TiltExport) and e.format == TILT_FORMAT for e in exports)
    assert [e.code for e in exports] == [f"TILT1{n}0" for n in range(1, 9)]  # type: ignore[attr-defined]
    assert {e.period.label for e in exports} == {"Januar - Desember 2024"}
    tilt180 = exports[-1]
    groups = {t.tiltak: t.tiltaksgruppe for t in tilt180.tables}
    assert groups == {
        "Egenetablering": "Jobbskaping og egenetablering",
        "Funksjonsassistanse": "Tilrettelegging",
        "Inkluderingstilskudd": "Tilrettelegging",
        "Tilskudd til ekspertbistand": "Tilrettelegging",
    }


def test_quirks_a_repeated_header_and_columns_without_a_month_name():
    by_code = {e.code: e for e in map(read_input, inputs("tilt-2024"))}  # type: ignore[attr-defined]
    tilt130 = by_code["TILT130"].tables
    assert tilt130[2].header_line > tilt130[1].header_line == tilt130[0].header_line
    tilt160 = by_code["TILT160"].tables[0]
    assert len(tilt160.months) == 12
    assert all(isinstance(c.lo, int) for row in tilt160.rows for c in row.counts)


def test_counties_are_matched_by_number_with_their_sami_names(all_years: Dataset):
    names = {r.name: r.code for r in all_years.counties}
    assert names["Troms (fra 2024)"] == "55"
    assert names["Troms (til 2019)"] == "19"
    assert names["Trøndelag"] == "50"
    months = all_years.months_of("Oslo")
    assert months[0] == "2017-01" and months[-1] == "2025-12"
    # "Svalbard og øvrige områder" is the older "Øvrige områder": one series.
    assert "2017-01" in all_years.months_of("Øvrige områder")
    assert "2025-12" in all_years.months_of("Øvrige områder")


@pytest.mark.parametrize(
    ("name", "titles", "year"),
    [
        ("202412_TILT110 Tiltaksdeltakere. Tidsserie maaned.xlsx", [], 2024),
        ("2026.04_TILT130 Opplaering.xlsx", [], 2026),
        ("tilt110_202412.xlsx", [], 2024),
        ("TILT110 Tidsserie.xlsx", ["TILT110: Tiltak og fylke. Januar - Mars 2023"], 2023),
    ],
)
def test_the_year_comes_from_the_file_name_or_the_title(name: str, titles: list[str], year: int):
    assert _year(Path(name), titles) == year


def test_a_file_name_and_title_that_disagree_are_refused():
    with pytest.raises(ExportError, match="the file name says 2024 but the title 2023"):
        _year(Path("202412_TILT110.xlsx"), ["Januar - Desember 2023"])


def test_a_tiltaksgruppe_is_the_sum_of_its_tiltak_a_range_where_one_is_hidden(
    all_years: Dataset,
):
    ranges = 0
    for tg, tiltak in all_years.tiltak.items():
        for region in all_years.regions:
            for month in all_years.months_of(region.name):
                if month < "2024-01":
                    continue
                parts = [all_years.count(region.name, tg, ALL, month, t) for t in tiltak]
                whole = all_years.count(region.name, tg, ALL, month)
                assert whole == Count.total(parts), (tg, region.name, month)
                if any(p.kind is Kind.HIDDEN for p in parts):
                    assert not whole.is_exact
                    ranges += whole.kind is Kind.RANGE
    assert ranges > 50


def test_status_groups_exist_by_county_only_in_the_text_export(all_years: Dataset):
    breakdowns = all_years.breakdowns()
    status = breakdowns[Dimension.HOVEDGRUPPE]
    assert status.by_county == tuple(f"2017-{m:02d}" for m in range(1, 13))
    assert status.nationwide == tuple(all_years.months)
    assert status.exists("2025-06") and not status.exists("2025-06", by_county=True)
    tiltak = breakdowns[Dimension.TILTAK]
    assert tiltak.by_county == tuple(m for m in all_years.months if m >= "2024")
    nat = all_years.national.name
    assert all_years.count(nat, "Lønnstilskudd", "Andre på tiltak", "2024-05").is_exact
    assert all(months == all_years.months for months in all_years.group_months.values())


def test_the_full_year_revises_the_year_to_date_file(all_years: Dataset):
    revised = [r for r in all_years.revisions if r.region == "Oslo"]
    assert len(revised) == 1
    (oslo,) = revised
    assert (oslo.month, oslo.tiltak, oslo.new.lo - oslo.old.lo) == (
        "2025-03",
        "Midlertidig lønnstilskudd",
        5,
    )
    assert oslo.old_file.startswith("2025.10_TILT110") and oslo.new_file.startswith("202512")
    ytd = read_input(next(p for p in inputs("tilt-2025") if p.name.startswith("2025.10")))
    assert ytd.period.label == "Januar - Oktober 2025"  # November and December left empty


def test_kommune_records_from_the_2025_files(all_years: Dataset):
    records = all_years.kommuner
    assert records and all(r.periode >= "2025-01" for r in records)
    assert {r.fil[:6] for r in records} == {"202512"}
    oslo = {
        (r.tiltak, r.periode): r.deltakere
        for r in records
        if r.kommunenummer == "0301" and r.tiltaksgruppe == "Lønnstilskudd"
    }
    for (tiltak, month), count in oslo.items():
        assert count == all_years.count("Oslo", "Lønnstilskudd", ALL, month, tiltak)
    troms = {r.fylke for r in records if r.kommunenummer.startswith("55")}
    assert troms == {"Troms (fra 2024)"}
    assert {r.fylke for r in records if r.kommunenummer == "2100"} == {"Øvrige områder"}
    hidden = [r for r in records if r.skjult]
    assert hidden and all(r.deltakere == Count.hidden() for r in hidden)
    everything = [r for r in records if not r.tiltaksgruppe]  # TILT100: all tiltak
    assert everything and all(not r.tiltak for r in everything)


def test_a_month_from_both_a_text_export_and_tilt_workbooks_is_refused(tmp_path: Path):
    text = tmp_path / "tiltak-2024.txt"
    text.write_text(SMALL.read_text("utf-8").replace("2017", "2024"), "utf-8")
    tilt110 = inputs("tilt-2024")[0]
    with pytest.raises(BuildError, match="both give 2024-01"):
        dataset([text, tilt110])


# ---- bad workbooks ----------------------------------------------------------------------------

BAD = {
    "202412_TILT110 text.xlsx": ": the file is text (a text export? name it .txt): expected an "
    "Excel workbook (.xlsx, .xls or .ods)",
    "202412_TILT110 cut off.xlsx": ": the workbook is damaged or cut off (an incomplete zip "
    "archive): download it again",
    "202412_TILT110 password.xlsx": ": the workbook is password-protected (encrypted): expected "
    "it saved without a password",
    "202412_TILT110 no county sheet.xlsx": ": no sheet 'Tiltak og fylke': expected it in "
    "TILT110's workbook (the sheets are: 'Om tabellene', 'Arbeidsmarkedsstatus og tiltak')",
    "202412_TILT110 no header.xlsx": "[Tiltak og fylke]:3: no month header above 'I alt "
    "midlertidig lønnstilskudd': expected a row with 'Gjennomsnitt hittil i år' in column B "
    "and month names from column C",
    "202412_TILT110 empty block.xlsx": "[Tiltak og fylke]:4: block 'I alt midlertidig "
    "lønnstilskudd' has no rows: expected a row per unit under it, up to a row with column A "
    "empty",
    "202412_TILT110 formula.xlsx": "[Tiltak og fylke]:6: cell E6 holds a formula without a "
    "saved value: open it in Excel and save it again (Excel saves each formula's value), or "
    "save a copy with values only",
    "202412_TILT110 fraction.xlsx": "[Tiltak og fylke]:7: 12.5 in Februar is not a count: "
    "expected digits (e.g. 18 344) or *",
    "TILT110 no year.xlsx": ": cannot tell the year: expected it in the file name (e.g. "
    "202412_TILT110 ... .xlsx or 2026.04_TILT130 ... .xlsx) or in the title",
    "202412_TILT190 unknown code.xlsx": ": unknown table code TILT190: expected one of TILT100, "
    "TILT110, TILT120, TILT130, TILT140, TILT150, TILT160, TILT170, TILT180 (a new one goes in "
    "generator/data/tilt.json under 'codes', with its tiltaksgrupper)",
    "202412_TILT110 unknown tiltak.xlsx": "[Tiltak og fylke]:4: unknown tiltak 'jobbsjansen' "
    "in TILT110 (Lønnstilskudd): add it to generator/data/tilt.json under the tiltaksgruppe it "
    "belongs to",
}


def test_every_bad_workbook_has_its_case():
    assert {p.name for p in (WORKBOOKS / "bad").iterdir()} == set(BAD)


@pytest.mark.parametrize("name", sorted(BAD))
def test_a_bad_workbook_is_one_line_naming_file_and_row(name: str):
    path = WORKBOOKS / "bad" / name
    with pytest.raises(ExportError) as caught:
        read_input(path)
    assert str(caught.value) == f"{path}{BAD[name]}"
    assert "\n" not in str(caught.value)


def snapshot(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_a_bad_workbook_stops_the_build_and_keeps_the_site(tmp_path: Path, capsys, monkeypatch):
    content = tmp_path / "content"
    content.mkdir()
    shutil.copy(SMALL, content)
    (content / "om-statistikken.md").write_text(ABOUT, "utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["build", "--content", "content", "--out", "site"]) == 0
    before = snapshot(tmp_path / "site")
    capsys.readouterr()
    for name in ["202412_TILT110 password.xlsx", "202412_TILT110 formula.xlsx"]:
        shutil.copy(WORKBOOKS / "bad" / name, content / name)
        assert main(["build", "--content", "content", "--out", "site"]) == 1
        assert capsys.readouterr().err == f"error: content/{name}{BAD[name]}\n"
        assert snapshot(tmp_path / "site") == before
        (content / name).unlink()


# ---- the 2017 export and two TILT years as one site -------------------------------------------


@pytest.fixture(scope="module")
def mixed_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("mixed")
    content = root / "content"
    content.mkdir()
    for path in [
        BUNDLED,
        *(WORKBOOKS / "tilt-2024").iterdir(),
        *(WORKBOOKS / "tilt-2025").iterdir(),
    ]:
        shutil.copy(path, content / path.name)
    (content / "om-statistikken.md").write_text(ABOUT, "utf-8")
    build(BuildConfig(content=content, out=root / "site", strict=True, cache=root / ".cache"))
    return root / "site"


def read_csv(path: Path) -> list[dict[str, str]]:
    return download_files.read_csv(path)  # for programs or for Excel


def test_the_2017_export_and_two_tilt_years_build_one_site(mixed_site: Path, all_years: Dataset):
    for page in ["index.html", "fylke/oslo.html", "fylke/troms-fra-2024.html",
                 "fylke/troms-til-2019.html", "tiltaksgruppe/tilrettelegging.html"]:  # fmt: skip
        assert (mixed_site / page).is_file(), page
    oslo = (mixed_site / "fylke" / "oslo.html").read_text("utf-8")
    assert "januar 2017" in oslo and "desember 2025" in oslo
    # No status group by county where the TILT workbooks have none: no zeros shown for them.
    troms = (mixed_site / "fylke" / "troms-fra-2024.html").read_text("utf-8")
    assert "etter hovedgruppe" not in troms


def test_the_site_shows_each_tiltaksgruppe_total_by_county_as_its_kind(
    mixed_site: Path, all_years: Dataset
):
    """Every cell of the county tables on the group pages: exact as published, a sum with a
    hidden tiltak as a range (never exact, never passed off as one hidden cell)."""
    checked = {Kind.EXACT: 0, Kind.HIDDEN: 0, Kind.RANGE: 0}
    pages = Routes([r.name for r in all_years.counties], all_years.tiltaksgrupper)
    months = {month_name(m): m for m in all_years.months}
    for tg in all_years.tiltaksgrupper:
        table = mixed_site / routes.table_csv(f"{pages.group_key(tg)}-fylker")
        for row in read_csv(table):
            month = months[row["kolonne"]]
            if month not in all_years.months_of(row["rad"]):
                continue
            count = all_years.count(row["rad"], tg, ALL, month)
            checked[count.kind] += 1
            if count.kind is Kind.EXACT:
                assert row["verdi"] == str(count.lo), row
            elif count.kind is Kind.HIDDEN:
                assert (row["verdi"], row["skjult"], row["tekst"]) == ("", "true", "*"), row
            else:
                assert (row["verdi"], row["skjult"]) == ("", "false"), row
                assert (row["min"], row["maks"]) == (str(count.lo), str(count.hi)), row
    assert all(n > 20 for n in checked.values()), checked


def test_chart_data_holds_no_sum_of_a_hidden_tiltak_as_exact(mixed_site: Path, all_years: Dataset):
    page = mixed_site / "tiltaksgruppe" / "tilrettelegging.html"
    latest = all_years.latest_month
    points = [
        point
        for specs in page_specs(page).values()
        for spec in specs.values()
        for data in spec.get("data", [])
        for point in data.get("values", [])
        if "kategori" in point
    ]
    assert any(point["type"] == Kind.RANGE for point in points)
    for point in points:
        count = all_years.count(point["kategori"], "Tilrettelegging", ALL, latest)
        assert point["type"] == count.kind, point
        assert point["verdi"] == (count.lo if count.is_exact else None), point
        if count.kind is Kind.RANGE:
            assert (point["lo"], point["hi"]) == (count.lo, count.hi), point


def test_the_dataset_download_holds_no_hidden_value(mixed_site: Path):
    rows = read_csv(mixed_site / "data" / "deltakere.csv")
    assert any(r["periode"] == "2025-12" for r in rows)
    assert all(r["deltakere"] == "" for r in rows if r["skjult"] == "true")
