"""The downloads for people and for programs, the data package, the citation, share cards and
release dates.

Every Excel workbook is read back and compared cell by cell with the CSV beside it; the data
package is validated with Frictionless; every page has a 1200 × 630 share card, and with a
base URL the tags that point to it; dates come from the data and content/site.toml, never the
clock.
"""

from __future__ import annotations

import datetime
import io
import json
import re
import shutil
import struct
import zipfile
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from download_files import csv_rows, for_excel, number, sheet_rows

from generator.build import build
from generator.config import BuildConfig, Settings
from generator.errors import ContentError
from generator.output import excel, schema
from generator.output.downloads import DATASET_COLUMNS, TABLE_COLUMNS

ROOT = Path(__file__).resolve().parent.parent
EXPORTS = Path(__file__).resolve().parent / "exports"
BASE = "https://eksempel.no/tiltak/"


def pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text("utf-8"), "html.parser")


def workbooks(site: Path) -> list[Path]:
    return sorted((site / "data").rglob("*.xlsx"))


@pytest.fixture(scope="module")
def published_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The reform exports built with a base URL and the date of the next release."""
    root = tmp_path_factory.mktemp("published")
    content = root / "content"
    content.mkdir()
    for path in sorted((EXPORTS / "reform").glob("*.txt")):
        shutil.copy(path, content / path.name)
    (content / "site.toml").write_text(
        f'base_url = "{BASE}"\nnext_update = "2026-12-15"\n', "utf-8"
    )
    out = root / "site"
    build(BuildConfig(content=content, out=out, strict=True, cache=root / ".cache"))
    return out


# ---- Excel and CSV ----------------------------------------------------------------------------


COUNT_COLUMNS = ("verdi", "deltakere")


def as_csv_text(value: Any, column: str, hidden: bool) -> str:
    """A workbook's value as the CSV beside it writes it: a hidden count is * in the workbook
    and empty in the CSV."""
    if value is None:
        return ""
    if value == "*" and column in COUNT_COLUMNS:
        assert hidden, "a * in a record that is not hidden"
        return ""
    if column == "skjult":
        return {"ja": "true", "nei": "false"}[value]
    if isinstance(value, float) and not value.is_integer():
        return repr(value).replace(".", ",")
    if isinstance(value, int | float):
        return str(int(value))
    return str(value)


def test_every_workbook_holds_the_cells_of_its_csv(built_site: Path):
    books = workbooks(built_site)
    assert len(books) > 100
    for book in books:
        csv_path = book.with_suffix(".csv")
        assert csv_path.is_file(), book
        header, rows, preamble = sheet_rows(book)
        csv_header, *csv_records = csv_rows(csv_path)
        assert header == csv_header, book.name
        assert len(rows) == len(csv_records), book.name
        flag = header.index("skjult")
        for row, record in zip(rows, csv_records, strict=True):
            row = row + [None] * (len(header) - len(row))
            hidden = row[flag] == "ja"
            cells = [as_csv_text(v, c, hidden) for v, c in zip(row, header, strict=True)]
            assert cells == record, (book.name, row, record)
        assert preamble[0] and any("Kilde: NAV" in line for line in preamble), book.name


def test_workbooks_open_ready_to_read(built_site: Path):
    """Title, period, source, licence and data date on top; header frozen with filters;
    numbers in a thousands format; hidden counts as * with the note that explains them."""
    import openpyxl

    path = built_site / "data" / "sider" / "fylke-oslo.xlsx"
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == [excel.SHEET, excel.ABOUT_SHEET]
    sheet = book[excel.SHEET]
    header, rows, preamble = sheet_rows(path)
    header_row = len([r for r in sheet.iter_rows(max_col=1, values_only=True)]) - len(rows)
    assert preamble[0] == "Deltakere i arbeidsrettede tiltak i Oslo"
    assert "Periode: januar–desember 2017" in preamble
    assert schema.SOURCE in preamble and schema.LICENCE in preamble
    assert "Tallene gjelder til og med desember 2017." in preamble
    assert schema.HIDDEN_NOTE in preamble
    assert sheet.freeze_panes == f"A{header_row + 1}"
    assert sheet.auto_filter.ref == f"A{header_row}:F{header_row + len(rows)}"
    counts = [c for c in sheet["E"][header_row:] if isinstance(c.value, int)]
    assert counts and all(c.number_format == excel.INTEGER_FORMAT for c in counts)
    assert any(c.value == "*" for c in sheet["E"][header_row:])
    assert sheet.column_dimensions["C"].width > 20  # the tiltaksgruppe names fit
    about = [r[0] for r in book[excel.ABOUT_SHEET].iter_rows(values_only=True)]
    assert set(DATASET_COLUMNS) <= set(about)
    assert header == DATASET_COLUMNS


def test_workbooks_are_dated_by_their_data_and_the_same_when_made_again():
    about = excel.About("T", "januar 2017", "januar 2017", datetime.date(2017, 1, 31))
    records = [["a", "b", 1.5, None, None, False, "1,5"], ["a", "c", None, 0, 3, True, "*"]]
    first = excel.workbook(schema.TABLE, records, about, "skjult")
    second = excel.workbook(schema.TABLE, records, about, "skjult")
    assert first == second
    files = zipfile.ZipFile(io.BytesIO(first.content))
    assert {info.date_time for info in files.infolist()} == {(1980, 1, 1, 0, 0, 0)}
    core = files.read("docProps/core.xml").decode("utf-8")
    assert "2017-01-31T00:00:00Z" in core and str(datetime.date.today().year + 1) not in core


def test_csv_for_excel_and_for_programs(built_site: Path):
    """Tables and pages: a byte-order mark, semicolons, decimal commas. The dataset and the
    revisions: commas and no mark, as programs expect."""
    data = built_site / "data"
    for path in [data / "deltakere.csv", data / "revisjoner.csv"]:
        assert not for_excel(path)
        assert path.read_text("utf-8").splitlines()[0].count(",") >= 5
    people = sorted((data / "tabeller").glob("*.csv")) + sorted((data / "sider").glob("*.csv"))
    assert len(people) > 100
    decimals = 0
    for path in people:
        assert for_excel(path), path.name
        header, *rows = csv_rows(path)
        assert header in (TABLE_COLUMNS, DATASET_COLUMNS), path.name
        for row in rows:
            if header == TABLE_COLUMNS and row[2] and not row[2].lstrip("-").isdigit():
                assert "," in row[2] and "." not in row[2], (path.name, row)
                number(row[2])
                decimals += 1
    assert decimals > 10


def test_every_download_link_says_what_it_is(built_site: Path):
    for path in pages(built_site):
        doc = soup(path)
        for block in doc.select(".table-download, .page-download"):
            links = {a.get_text(strip=True): a["href"] for a in block.find_all("a")}
            assert set(links) == {"Excel", "CSV for Excel"}, (path.name, links)
            assert links["Excel"] == links["CSV for Excel"].removesuffix(".csv") + ".xlsx"
    about = " ".join(soup(built_site / "om-statistikken.html").get_text(" ").split())
    for words in ["CSV for Excel", "byte order mark", "semikolon", "for programmer",
                  "datapackage.json", "Fra tekst/CSV"]:  # fmt: skip
        assert words in about, words


# ---- the data package ---------------------------------------------------------------------


def test_data_package_describes_every_data_file_and_validates(built_site: Path):
    frictionless = pytest.importorskip("frictionless")
    data = built_site / "data"
    descriptor = json.loads((data / "datapackage.json").read_text("utf-8"))
    listed = {r["path"] for r in descriptor["resources"]}
    files = {p.relative_to(data).as_posix() for p in data.rglob("*") if p.is_file()}
    schemas = {p for p in files if p.startswith("skjema/")}
    assert listed == files - schemas - {"datapackage.json"}
    assert descriptor["licenses"][0]["name"] == "CC-BY-4.0"
    assert descriptor["temporal"] == {
        "start": "2017-01",
        "end": "2017-12",
        "label": "januar–desember 2017",
    }
    tables = [r for r in descriptor["resources"] if "schema" in r]
    assert len(tables) == len(listed) - 1  # all but the check results
    for name in schemas:
        fields = json.loads((data / name).read_text("utf-8"))["fields"]
        assert all(f["description"] for f in fields), name
    report = frictionless.validate(data / "datapackage.json")
    errors = [e.message for task in report.tasks for e in task.errors][:5]
    assert report.valid, errors


# ---- pages: share cards, citation, release dates ------------------------------------------


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR", path
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def share_card(site: Path, page: Path) -> Path:
    stem = page.relative_to(site).with_suffix(".png")
    return site / "deling" / stem


def test_every_page_has_a_share_card(built_site: Path):
    for page in pages(built_site):
        assert png_size(share_card(built_site, page)) == (1200, 630), page


def test_without_a_base_url_no_tag_needs_one(built_site: Path):
    for page in pages(built_site):
        doc = soup(page)
        assert doc.find("meta", property="og:title")["content"]
        assert doc.find("meta", property="og:description")["content"]
        assert doc.find("meta", attrs={"name": "twitter:card"})["content"] == "summary"
        assert not doc.find("meta", property="og:image")
        assert not doc.find("link", rel="canonical")


def test_share_tags_point_to_the_card_with_a_base_url(published_site: Path):
    for page in pages(published_site):
        doc = soup(page)
        name = page.relative_to(published_site).as_posix()
        image = doc.find("meta", property="og:image")["content"]
        card = share_card(published_site, page)
        assert image == BASE + card.relative_to(published_site).as_posix()
        assert png_size(share_card(published_site, page)) == (1200, 630)
        assert doc.find("meta", attrs={"name": "twitter:card"})["content"] == "summary_large_image"
        assert doc.find("meta", property="og:title")["content"] == doc.h1.get_text(strip=True)
        canonical = doc.find("link", rel="canonical")
        if name == "404.html":
            assert canonical is None
        else:
            assert canonical["href"] == BASE + name
            assert doc.find("meta", property="og:url")["content"] == BASE + name
        feed = doc.find("link", rel="alternate", type="application/atom+xml")["href"]
        if name == "404.html":  # served at any depth: its links start at the site's path
            assert feed == "/tiltak/feed.xml"
        else:
            assert (page.parent / feed).resolve() == (published_site / "feed.xml").resolve()


def test_statistics_pages_end_with_a_citation(published_site: Path):
    cited = 0
    for page in pages(published_site):
        doc = soup(page)
        if not doc.select("figure.chart"):
            assert not doc.select(".citation"), page
            continue
        cited += 1
        section = doc.select(".citation")[-1]
        assert section.h2.get_text(strip=True) == "Slik siterer du"
        assert section is doc.main.select("section")[-1], "the citation ends the page"
        text = section.select_one(".citation-text").get_text(" ", strip=True)
        name = page.relative_to(published_site).as_posix()
        meta = doc.select_one(".page-meta").get_text()
        period = re.match(r"Periode: (.+?) ·", meta).group(1)
        assert doc.h1.get_text(strip=True) in text and "Kilde: NAV" in text
        assert period in text and "tall til og med mars 2018" in text
        assert text.endswith(BASE + name)
        assert str(datetime.date.today().year) not in text
        script = doc.find("script", src=re.compile(r"charts\.js$"))
        assert script is not None, "the copy button comes with charts.js"
    assert cited > 5


def test_pages_show_the_latest_data_and_the_next_release(published_site: Path):
    meta = soup(published_site / "fylke" / "oslo.html").select_one(".page-meta").get_text()
    assert "Sist oppdatert med tall for mars 2018" in meta
    assert "Neste oppdatering: 15. desember 2026" in meta
    footer = soup(published_site / "index.html").footer.get_text(" ", strip=True)
    assert "Neste oppdatering: 15. desember 2026" in footer


@pytest.mark.parametrize(
    ("toml", "expected"),
    [('next_update = "2026-12-15"', "2026-12-15"), ("next_update = 2026-12-15", "2026-12-15"),
     ("", "")],
)  # fmt: skip
def test_next_update_is_a_date(tmp_path: Path, toml: str, expected: str):
    (tmp_path / "site.toml").write_text(toml, "utf-8")
    assert Settings.load(tmp_path).next_update == expected


@pytest.mark.parametrize("value", ['"15.12.2026"', "12", '"2026-13-01"'])
def test_next_update_that_is_no_date_fails(tmp_path: Path, value: str):
    (tmp_path / "site.toml").write_text(f"next_update = {value}\n", "utf-8")
    with pytest.raises(ContentError, match="next_update"):
        Settings.load(tmp_path)
