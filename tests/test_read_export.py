"""The reader against the quirks of real exports, each in a small file in tests/exports/."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from generator.dataset.checks import run_checks
from generator.dataset.grid import build_dataset
from generator.errors import ExportError
from generator.source.groups import name_groups
from generator.source.regions import default_catalog
from generator.source.tables import parse_tables
from generator.source.text_export import read_export, text_rows

EXPORTS = Path(__file__).parent / "exports"
VARIANTS = sorted(p.name for p in EXPORTS.glob("small-*.txt"))


def dataset(path: Path):
    return build_dataset([read_export(path)], default_catalog())


def cells(path: Path) -> pd.DataFrame:
    frame = dataset(path).frame
    return frame[["periode", "region", "tiltaksgruppe", "hovedgruppe", "deltakere", "skjult"]]


def value(frame: pd.DataFrame, region: str, tg: str, hg: str, month: str):
    row = frame[
        (frame.region == region)
        & (frame.tiltaksgruppe == tg)
        & (frame.hovedgruppe == hg)
        & (frame.periode == month)
    ]
    assert len(row) == 1, (region, tg, hg, month)
    return None if row.skjult.iloc[0] else int(row.deltakere.iloc[0])


def test_small_export_reads_groups_regions_and_months():
    data = dataset(EXPORTS / "small.txt")
    assert data.months == ["2017-01", "2017-02", "2017-03"]
    assert data.tiltaksgrupper == ["Opplæring", "Jobbskaping og egenetablering"]
    assert data.hovedgrupper == ["Arbeidssøkere på tiltak", "Nedsatt arbeidsevne på tiltak"]
    assert [r.name for r in data.regions] == ["Hele landet", "Oslo", "Rogaland", "Ukjent"]
    assert [r.role for r in data.regions] == ["landet", "fylke", "fylke", "ukjent"]
    assert data.regions[1].code == "03"


@pytest.mark.parametrize("name", VARIANTS)
def test_every_encoding_and_layout_variant_reads_the_same(name: str):
    expected = cells(EXPORTS / "small.txt")
    pd.testing.assert_frame_equal(cells(EXPORTS / name), expected)


@pytest.mark.parametrize(
    ("name", "encoding"),
    [
        ("small.txt", "utf-8"),
        ("small-utf8-bom-crlf.txt", "utf-8"),
        ("small-utf16-excel.txt", "utf-16"),
        ("small-utf16be-nobom.txt", "utf-16-be"),
        ("small-cp1252.txt", "cp1252"),
    ],
)
def test_encoding_is_detected(name: str, encoding: str):
    assert read_export(EXPORTS / name).encoding == encoding


def test_rows_of_cell_values_make_the_same_tables_as_the_text():
    """A workbook gives counts as numbers and blank rows as no cells: the same table parser."""
    path = EXPORTS / "small.txt"

    def as_workbook(cell):
        digits = cell.replace(" ", "") if isinstance(cell, str) else ""
        return float(digits) if digits.isdigit() else cell

    rows = [(n, [as_workbook(c) for c in cells]) for n, cells in text_rows(path.read_text())]
    tables = parse_tables(path, rows)
    name_groups(tables)
    assert tables == read_export(path).tables


def test_wrapped_group_names_are_joined():
    names = [t.name for t in read_export(EXPORTS / "small.txt").tables]
    assert "Jobbskaping og egenetablering" in names
    assert "Arbeidssøkere på tiltak, opplæring" in names
    assert "Nedsatt arbeidsevne på tiltak, jobbskaping og egenetablering" in names


def test_both_spellings_of_the_hovedgruppe_prefix_are_one_hovedgruppe():
    tables = read_export(EXPORTS / "small.txt").tables
    split = {(t.hovedgruppe, t.tiltaksgruppe) for t in tables if t.hovedgruppe}
    assert split == {
        ("Arbeidssøkere på tiltak", "Opplæring"),
        ("Nedsatt arbeidsevne på tiltak", "Opplæring"),
        ("Nedsatt arbeidsevne på tiltak", "Jobbskaping og egenetablering"),
    }


def test_hidden_cells_are_flagged_and_have_no_number():
    frame = cells(EXPORTS / "small.txt")
    assert value(frame, "Oslo", "Opplæring", "", "2017-03") is None
    hidden = frame[frame.skjult]
    assert hidden.deltakere.isna().all()
    assert len(hidden) == 8


def test_thousands_separator_is_read():
    frame = cells(EXPORTS / "small.txt")
    assert value(frame, "Hele landet", "Opplæring", "", "2017-01") == 1210
    assert value(frame, "Oslo", "Opplæring", "", "2017-02") == 1100


def test_month_missing_from_a_table_is_zero():
    frame = cells(EXPORTS / "small.txt")
    assert value(frame, "Oslo", "Jobbskaping og egenetablering", "", "2017-03") == 0
    assert value(frame, "Hele landet", "Jobbskaping og egenetablering", "", "2017-03") == 0


def test_region_missing_from_a_table_is_zero():
    frame = cells(EXPORTS / "small.txt")
    assert value(frame, "Ukjent", "Opplæring", "Arbeidssøkere på tiltak", "2017-01") == 0
    assert value(frame, "Rogaland", "Jobbskaping og egenetablering", "", "2017-01") == 0


def test_missing_hovedgruppe_table_is_zero():
    frame = cells(EXPORTS / "small.txt")
    tg, hg = "Jobbskaping og egenetablering", "Arbeidssøkere på tiltak"
    assert value(frame, "Hele landet", tg, hg, "2017-02") == 0


def test_provenance_names_file_and_line():
    frame = dataset(EXPORTS / "small.txt").frame
    row = frame[(frame.region == "Oslo") & (frame.tiltaksgruppe == "Opplæring")
                & (frame.hovedgruppe == "") & (frame.periode == "2017-01")]  # fmt: skip
    assert row.fil.iloc[0] == "small.txt"
    assert row.linje.iloc[0] == 24
    assert bool(row.i_eksporten.iloc[0])


def test_small_export_passes_the_checks():
    results = run_checks(dataset(EXPORTS / "small.txt"))
    assert [len(r.failures) for r in results] == [0, 0]
    assert all(r.compared > 0 for r in results)


def test_period_across_a_new_year(tmp_path: Path):
    text = (EXPORTS / "small.txt").read_text("utf-8")
    text = text.replace("Januar - Mars 2017", "November 2017 - Januar 2018")
    text = text.replace("\tJanuar\tFebruar\tMars", "\tNovember\tDesember\tJanuar")
    text = text.replace("\tJanuar\tFebruar\n", "\tNovember\tDesember\n")
    path = tmp_path / "across.txt"
    path.write_text(text, "utf-8")
    data = dataset(path)
    assert data.months == ["2017-11", "2017-12", "2018-01"]
    assert value(data.frame, "Hele landet", "Opplæring", "", "2018-01") == 15


def test_bundled_export_has_nine_groups_and_nineteen_counties(bundled_export: Path):
    data = dataset(bundled_export)
    assert len(data.tiltaksgrupper) == 9
    assert len(data.counties) == 19
    assert len(data.hovedgrupper) == 3
    assert data.months[0] == "2017-01" and data.months[-1] == "2017-12"
    assert [len(r.failures) for r in run_checks(data)] == [0, 0]


@pytest.mark.parametrize(
    ("change", "line", "message"),
    [
        (("Oslo\t1 000\t1 100\t*", "Oslo\t1 000\t1 1O0\t*"), 24, "'1 1O0' in column 2017-02"),
        (("Oslo\t1 000\t1 100\t*", "Oslo\t1 000\t*"), 24, "row has 3 cells, expected 4"),
        (("Oslo\t1 000\t1 100\t*", "Oslo\t-5\t1 100\t*"), 24, "negative count '-5'"),
        (("\tJanuar\tFebruar\tMars", "\tJanuar\tFebruar\tMarch"), 22, "unknown month name"),
        (("Rogaland\t200\t*\t12", "Atlantis\t200\t*\t12"), 25, "unknown region 'Atlantis'"),
    ],
)
def test_errors_name_file_line_and_expectation(tmp_path: Path, change, line: int, message: str):
    text = (EXPORTS / "small.txt").read_text("utf-8").replace(*change, 1)
    path = tmp_path / "bad.txt"
    path.write_text(text, "utf-8")
    with pytest.raises(ExportError) as caught:
        dataset(path)
    assert caught.value.line == line
    assert message in str(caught.value)
    assert str(caught.value).startswith(f"{path}:{line}: ")


# ---- damage that once built silently: refused, naming the line --------------------------------


def small_lines() -> list[str]:
    return (EXPORTS / "small.txt").read_text("utf-8").split("\n")


def refused(tmp_path: Path, text: str) -> ExportError:
    path = tmp_path / "damaged.txt"
    path.write_text(text, "utf-8")
    with pytest.raises(ExportError) as caught:
        run_checks(dataset(path))
    assert "\n" not in str(caught.value)
    return caught.value


def test_a_file_cut_inside_a_table_title_is_refused(tmp_path: Path, bundled_export: Path):
    """Cut in the title of the fifth table: it once published 4 of 9 tiltaksgrupper."""
    text = bundled_export.read_text("utf-8")
    title = text.index("Deltakere i arbeidsrettede", text.index("I alt lønnstilskudd"))
    error = refused(tmp_path, text[: title + len("Deltakere i arbeids")])
    assert error.line == 153
    assert "the file ends inside a table heading" in error.message


def test_a_status_group_name_line_written_twice_is_refused(tmp_path: Path):
    """It once made up a status group "Arbeidssøkere på tiltak, Arbeidssøkere på tiltak"."""
    lines = small_lines()
    assert lines[50] == "Arbeidssøkere på tiltak,"
    lines.insert(50, lines[50])
    error = refused(tmp_path, "\n".join(lines))
    assert error.line == 51
    assert "'Arbeidssøkere på tiltak, Arbeidssøkere på tiltak'" in error.message
    assert "generator/data/grupper.json" in error.message


def test_lines_swapped_into_a_group_name_are_refused(tmp_path: Path):
    """The file's title swapped with a group name line once made a group of the title."""
    lines = small_lines()
    lines[44], lines[50] = lines[50], lines[44]
    error = refused(tmp_path, "\n".join(lines))
    assert error.line == 51
    assert "'Deltakere i arbeidsrettede tiltak. Tiltaksgruppe og fylke." in error.message
    assert "generator/data/grupper.json" in error.message


def test_a_total_row_of_another_group_is_refused(tmp_path: Path):
    """Two tables' names swapped would put one group's counts on the other's page."""
    text = (EXPORTS / "reform" / "tiltak-2017.txt").read_text("utf-8")
    lines = text.split("\n")
    first, second = lines.index("Opplæring"), lines.index("Lønnstilskudd")
    lines[first], lines[second] = lines[second], lines[first]
    error = refused(tmp_path, "\n".join(lines))
    assert error.line == first + 4
    assert error.message.startswith("the total row 'I alt opplæring' is not the total of")


def test_a_table_of_another_period_is_refused(tmp_path: Path):
    lines = small_lines()
    assert lines[48] == "Januar - Mars 2017"
    lines[48] = "Januar - Mars 2018"
    error = refused(tmp_path, "\n".join(lines))
    assert error.line == 49
    assert "period 'Januar - Mars 2018' is not the file's period 'Januar - Mars 2017'" in str(error)


def test_a_file_cut_after_a_table_title_is_refused(tmp_path: Path):
    lines = small_lines()
    error = refused(tmp_path, "\n".join(lines[:47]))
    assert error.line == 47
    assert "the file ends inside a table heading" in error.message


def test_a_missing_status_group_row_that_cannot_be_zero_is_refused(tmp_path: Path):
    lines = small_lines()
    assert lines[55] == "Oslo\t900\t1 000\t*"
    del lines[55]
    error = refused(tmp_path, "\n".join(lines))
    assert error.line == 51
    assert error.message.startswith(
        "'Opplæring' counts 1000 in Oslo, januar 2017, its status-group tables only 100, and "
        "'Arbeidssøkere på tiltak, opplæring' (line 51) has no count there"
    )


def test_a_missing_status_group_table_that_cannot_be_zero_is_refused(tmp_path: Path):
    lines = small_lines()
    assert lines[66].startswith("Nedsatt arbeidsevne, på tiltak, opplæring")
    del lines[60:76]
    error = refused(tmp_path, "\n".join(lines))
    assert error.line == 20
    assert "there is no table for 'Nedsatt arbeidsevne på tiltak', opplæring" in error.message


def test_a_missing_row_of_the_whole_that_cannot_be_zero_is_refused(tmp_path: Path):
    lines = small_lines()
    assert lines[40] == "Oslo\t7\t8"
    del lines[40]
    error = refused(tmp_path, "\n".join(lines))
    assert error.line == 36
    assert error.message.startswith(
        "'Jobbskaping og egenetablering' has no count for Oslo, januar 2017, but its "
        "status-group tables count 7 there"
    )
