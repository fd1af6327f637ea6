"""End to end: the bundled export built with --strict, checked against the export itself.

The expected numbers come from a deliberately simple reading of the export written here, not
from the generator's reader, so a misreading in the generator cannot hide behind itself.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import download_files
import pytest
from export_oracle import Oracle, norm

from generator.output.downloads import DATASET_COLUMNS

if TYPE_CHECKING:
    from conftest import SitePage

BUNDLED_NAME = "tiltaksdeltakere-tiltaksgruppe-fylke-2017.txt"

COUNTIES_2017 = [
    "Østfold", "Akershus", "Oslo", "Hedmark", "Oppland", "Buskerud", "Vestfold", "Telemark",
    "Aust-Agder", "Vest-Agder", "Rogaland", "Hordaland", "Sogn og Fjordane", "Møre og Romsdal",
    "Sør-Trøndelag", "Nord-Trøndelag", "Nordland", "Troms", "Finnmark",
]  # fmt: skip


@pytest.fixture(scope="module")
def oracle() -> Oracle:
    return Oracle(Path(__file__).resolve().parent.parent / "content" / BUNDLED_NAME)


def number(text: str) -> int:
    return int(text.replace("\u00a0", "").replace("\u2212", "-").replace(" ", ""))


def test_every_page_exists(built_site: Path, site_pages: dict[str, SitePage]):
    names = set(site_pages)
    assert names == {p.relative_to(built_site).as_posix() for p in built_site.rglob("*.html")}
    assert "index.html" in names
    assert "om-statistikken.html" in names
    counties = {n for n in names if n.startswith("fylke/")}
    groups = {n for n in names if n.startswith("tiltaksgruppe/")}
    assert len(counties) == 19
    assert len(groups) == 9
    assert "fylke/sor-trondelag.html" in counties
    assert "tiltaksgruppe/jobbskaping-og-egenetablering.html" in groups


def test_every_page_has_the_basics(site_pages: dict[str, SitePage]):
    for path, page in site_pages.items():
        doc = page.doc
        assert doc.html["lang"] == "nb", path
        assert len(doc.find_all("h1")) == 1, path
        assert doc.find("main"), path
        assert doc.find("nav"), path
        assert doc.find("footer"), path
        assert "Kilde: NAV" in doc.get_text(), path
        first_link = doc.find("a")
        assert first_link["href"].endswith("#innhold"), f"{path}: skip link first"
        assert doc.find(id="innhold"), path


def test_every_number_in_every_table_equals_the_export(
    site_pages: dict[str, SitePage], oracle: Oracle
):
    checked = hidden = 0
    for path, page in site_pages.items():
        for td in page.doc.select("td[data-key]"):
            region, tg, hg, month = td["data-key"].split("|")
            expected = oracle.value(region, tg, hg, month)
            text = td.get_text(" ", strip=True)
            if expected is None:
                assert td["data-kind"] == "hidden", (path, td["data-key"])
                assert text == "* skjult, færre enn 4", (path, td["data-key"], text)
                hidden += 1
            else:
                assert td["data-kind"] == "exact", (path, td["data-key"])
                assert number(text) == expected, (path, td["data-key"], text)
            checked += 1
    assert checked > 5_000
    assert hidden > 100


def test_every_table_cell_of_the_export_is_on_some_page(
    site_pages: dict[str, SitePage], oracle: Oracle
):
    """Each cell of each tiltaksgruppe's table in the export (every region, "Ukjent", "Øvrige
    områder" and "Hele landet" too, every month) is a cell of some page. The export's tables by
    hovedgruppe are on the pages only in part; the downloads hold them whole (checked above)."""
    assert len([name for name in site_pages if name.startswith("tiltaksgruppe/")]) == 9
    names = list(oracle.tables)
    # A hovedgruppe's table is named "<hovedgruppe> <tiltaksgruppe>": it ends in another name.
    groups = [n for n in names if not any(n.endswith(f" {other}") for other in names)]
    assert len(groups) == 9, groups
    expected = {
        (group, region, month) for group in groups for region, month in oracle.tables[group]
    }
    shown = set()
    for page in site_pages.values():
        for td in page.doc.select("td[data-key]"):
            region, tiltaksgruppe, hovedgruppe, month = td["data-key"].split("|")
            if not hovedgruppe:
                shown.add((norm(tiltaksgruppe), region, month))
    missing = sorted(expected - shown)
    assert not missing, f"{len(missing)} of {len(expected)} cells on no page: {missing[:10]}"
    assert {"Oslo", "Ukjent", "Øvrige områder", "Hele landet"} <= {r for _, r, _ in expected}
    assert len({month for *_, month in expected}) == 12
    assert len(expected) > 2_000


def computed_cells(page: SitePage, table_id: str):
    table = page.doc.find("table", id=f"tbl-{table_id}")
    assert table is not None, (page.name, table_id)
    return table


def test_sums_with_hidden_cells_are_ranges_never_exact(
    site_pages: dict[str, SitePage], oracle: Oracle
):
    """The county totals on the front page: exact only when no part is hidden."""
    groups = [
        "Opplæring", "Arbeidsrettet rehabilitering", "Oppfølging", "Lønnstilskudd",
        "Tilrettelagt arbeid", "Tilrettelegging", "Arbeidspraksis",
        "Jobbskaping og egenetablering", "Avklaringstiltak",
    ]  # fmt: skip
    table = computed_cells(site_pages["index.html"], "forside-fylker")
    ranges = 0
    for row in table.tbody.find_all("tr"):
        county = row.th.get_text(strip=True)
        cell = row.find("td")
        parts = [oracle.value(county, tg, "", "2017-12") for tg in groups]
        if None in parts:
            ranges += 1
            assert cell["data-kind"] == "range", county
            lo = sum(p or 0 for p in parts)
            hi = sum(3 if p is None else p for p in parts)
            shown = re.findall(r"\d[\d\u00a0]*", cell.get_text())
            assert [number(n) for n in shown[:2]] == [lo, hi], county
        else:
            assert cell["data-kind"] == "exact", county
            assert number(cell.get_text(strip=True)) == sum(parts), county
    assert ranges > 0


def test_range_cells_always_show_an_interval(site_pages: dict[str, SitePage]):
    for path, page in site_pages.items():
        for td in page.doc.select('td[data-kind="range"]'):
            # "2 729–2 732", "−14 til −8" when the bounds carry signs, or "ca. 3,5 %" for a
            # share (or "ca. +1,1 %" for a change) whose bounds round alike, or "minst +400,0 %"
            # for a change from a count that may be 0 (an interval with no upper end); "3.–5." for
            # a range of places
            pattern = r"\d(–| til [+−]?)\d|ca\.\xa0[+−]?\d|minst [+−]?\d|\d\.–\d+\."
            assert re.search(pattern, td.get_text()), (path, td)


def read_csv(path: Path) -> list[dict[str, str]]:
    return download_files.read_csv(path)  # for programs or for Excel


def test_dataset_downloads_equal_the_export(built_site: Path, oracle: Oracle):
    rows = read_csv(built_site / "data" / "deltakere.csv")
    header = (built_site / "data" / "deltakere.csv").read_text("utf-8").splitlines()[0]
    assert header.split(",") == DATASET_COLUMNS
    text = (built_site / "data" / "deltakere.json").read_text("utf-8")
    records = json.loads(text)
    assert text == json.dumps(records, ensure_ascii=False, indent=0)  # one key per line
    assert len(rows) == len(records) == 12 * 22 * 9 * 4
    assert list(records[0]) == DATASET_COLUMNS
    for row, record in zip(rows, records, strict=True):
        expected = oracle.value(row["region"], row["tiltaksgruppe"], row["hovedgruppe"],
                                row["periode"])  # fmt: skip
        if expected is None:
            assert row["skjult"] == "true" and row["deltakere"] == ""
            assert record["skjult"] is True and record["deltakere"] is None
        else:
            assert row["skjult"] == "false" and int(row["deltakere"]) == expected
            assert record["skjult"] is False and record["deltakere"] == expected
        assert record["region"] == row["region"] and record["periode"] == row["periode"]
    assert {r["region"] for r in rows} == {"Hele landet", "Øvrige områder", "Ukjent",
                                          *COUNTIES_2017}  # fmt: skip


def test_schema_on_the_about_page_matches_the_download(site_pages: dict[str, SitePage]):
    doc = site_pages["om-statistikken.html"].doc
    documented = []
    for table in doc.find_all("table"):
        first = [row.find(["td", "th"]) for row in table.find_all("tr")[1:]]
        names = [cell.get_text(strip=True) for cell in first if cell]
        if "periode" in names:
            documented = names
    assert documented == DATASET_COLUMNS


def chart_data(page: SitePage) -> list[dict]:
    values = []
    for specs in page.specs.values():
        for spec in specs.values():
            for dataset in spec.get("data", []):
                values.extend(v for v in dataset.get("values", []) if isinstance(v, dict))
    return values


def test_hidden_values_carry_no_number_in_chart_data(site_pages: dict[str, SitePage]):
    hidden_points = ranges = 0
    for path, page in site_pages.items():
        for datum in chart_data(page):
            if datum.get("type") == "hidden":
                hidden_points += 1
                numbers = {k: v for k, v in datum.items() if isinstance(v, int | float)}
                assert set(numbers) <= {"skjult_dx"}, (path, datum)
                assert "skjult" in datum["tekst"], (path, datum)
            elif datum.get("type") == "range":
                ranges += 1
                assert datum["verdi"] is None and datum["lo"] < datum["hi"], (path, datum)
    assert hidden_points > 10
    assert ranges > 10


def test_table_csvs_keep_hidden_cells_hidden(built_site: Path):
    files = list((built_site / "data" / "tabeller").glob("*.csv"))
    assert len(files) > 50
    for path in files:
        for row in read_csv(path):
            if row["skjult"] == "true":
                assert row["verdi"] == "" and row["tekst"] == "*", (path, row)
                assert (row["min"], row["maks"]) == ("0", "3"), (path, row)


def test_every_internal_link_and_asset_resolves(built_site: Path, site_pages: dict[str, SitePage]):
    by_file = {page.path.resolve(): page for page in site_pages.values()}
    for page in site_pages.values():
        path, doc = page.path, page.doc
        for tag, attr in [("a", "href"), ("link", "href"), ("script", "src"),
                          ("script", "data-charts")]:  # fmt: skip
            for element in doc.find_all(tag):
                target = element.get(attr)
                if not target or urlsplit(target).scheme or target.startswith("#"):
                    continue
                file = (path.parent / urlsplit(target).path).resolve()
                assert file.is_file(), f"{path.relative_to(built_site)}: broken {target}"
                fragment = urlsplit(target).fragment
                if fragment and file.suffix == ".html":
                    assert by_file[file].doc.find(id=fragment), f"{path}: missing #{fragment}"


def test_charts_have_svg_summary_and_table(site_pages: dict[str, SitePage]):
    figures = 0
    for path, page in site_pages.items():
        doc = page.doc
        for figure in doc.select("figure.chart"):
            figures += 1
            svg = figure.find("svg")
            assert svg["role"] == "img" and svg["aria-label"].strip(), path
            summary = figure.select_one(".chart-summary").get_text(strip=True)
            assert len(summary) > 20, path
            link = figure.select_one('a[href^="#tbl-"]')
            assert link and doc.find(id=link["href"][1:]), path
    assert figures == 136  # 5 on the front page, 5 per county, 4 per tiltaksgruppe


def test_chart_specs_come_in_one_script_per_page_loaded_after_the_page(
    built_site: Path, site_pages: dict[str, SitePage]
):
    """Pages carry no inline specs and load no script but charts.js, and that only when they
    have charts; the specs are in one script beside the page, one entry per figure, wide and
    narrow as the page draws them."""
    scripts = set()
    for where, page in site_pages.items():
        path, doc = page.path, page.doc
        assert not doc.select('script[type="application/json"], script:not([src])'), where
        figures = doc.select("figure.chart")
        loaded = [s["src"] for s in doc.select("script[src]")]
        if not figures:
            assert loaded == [] and page.spec_script is None, where
            continue
        [tag] = doc.select("script[src]")
        assert tag["src"].endswith("static/charts.js") and tag.has_attr("defer"), where
        vendor = (path.parent / tag["data-vendor"]).resolve()
        for name in ["vega.min.js", "vega-interpreter.min.js", "vega-tooltip.min.js"]:
            assert (vendor / name).is_file(), where
        script = page.spec_script
        assert script == built_site.resolve() / where.replace(".html", ".charts.js"), where
        scripts.add(script)
        specs = page.specs
        assert list(specs) == [f["id"] for f in figures], where
        for figure in figures:
            narrow = bool(figure.select(".chart-canvas--narrow svg"))
            assert set(specs[figure["id"]]) == ({"wide", "narrow"} if narrow else {"wide"})
            for spec in specs[figure["id"]].values():
                assert spec["$schema"].endswith("/vega/v6.json") and spec["description"]
    assert set(built_site.resolve().rglob("*.charts.js")) == scripts


def test_about_page_says_the_checks_passed(site_pages: dict[str, SitePage]):
    text = site_pages["om-statistikken.html"].doc.get_text(" ", strip=True)
    assert "Alle kontrollene er bestått" in text
    assert "regions_sum_to_total" in text and "hovedgrupper_sum_to_tiltaksgruppe" in text
