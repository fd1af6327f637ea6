"""Privacy over the whole site: no hidden value shows, and no figure computed from one is exact.

NAV hides counts from 0 to 3 as "*". The first tests go through every file of the bundled site
(HTML tables, CSV, Excel and JSON downloads, the chart data in the scripts beside the pages, the
drawn SVGs, the data package and the feed) and check each hidden cell of the export, found by a
plain reading of the export written here, against what is shown. The share cards are drawn from
the pages' chart SVGs, which are checked here.

The last test is about computed figures (sums, changes, shares, and any average or index added
later). The site is built a second time with every hidden cell assumed to lie in 1–4 instead
of 0–3, and with 1 instead of nothing in the hidden cells of the data frame. A figure that does
not use a hidden cell cannot change; one that does must then be shown as a range. So every
number that differs between the two builds must sit inside a range ("1 200–1 209", "mellom 3
og 9") or in data marked as a range: an exact number that moves is an exact figure from which a
hidden count could follow. A figure made from the data frame with the hidden cells left out
(a total less the visible rows, say) moves too, since the frame then holds 1 in those cells.
"""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import download_files
import pytest
from bs4 import BeautifulSoup
from chart_scripts import read_specs, script_at
from conftest import build_undrawn, tilt_content, undrawn_cache, years_content
from download_files import number, sheet_rows
from export_oracle import Oracle, norm
from hypothesis import given, settings
from hypothesis import strategies as st
from selectolax.lexbor import LexborHTMLParser

from generator.numbers import Count, Ratio
from generator.plan import routes

if TYPE_CHECKING:
    from conftest import SitePage

ROOT = Path(__file__).resolve().parent.parent
HIDDEN_SR = "færre enn 4"  # the screen-reader note is the one digit a hidden cell may show


VALUE_FIELDS = ("verdi", "lo", "hi", "midt", "baand_lo", "baand_hi")
HYPOTHESIS = {"deadline": None, "derandomize": True, "database": None, "max_examples": 300}


def hidden_cells(content: Path) -> set[tuple[str, str, str]]:
    """(normalised group name, region, "YYYY-MM") of every "*" in the exports, read plainly."""
    return {cell for path in sorted(content.glob("*.txt")) for cell in Oracle(path).hidden()}


@pytest.fixture(scope="module")
def hidden() -> set[tuple[str, str, str]]:
    cells = hidden_cells(ROOT / "content")
    assert len(cells) > 100
    return cells


def is_hidden(hidden: set, region: str, tiltaksgruppe: str, hovedgruppe: str, month: str) -> bool:
    return (norm(f"{hovedgruppe} {tiltaksgruppe}"), region, month) in hidden


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text("utf-8"), "html.parser")


def read_csv(path: Path) -> list[dict[str, str]]:
    return download_files.read_csv(path)  # for programs or for Excel


def read_sheet(path: Path) -> list[dict[str, Any]]:
    header, rows, _ = sheet_rows(path)
    return [dict(zip(header, row, strict=False)) for row in rows]


def chart_data(specs_of_page: dict[str, dict[str, Any]]) -> Iterator[list[dict[str, Any]]]:
    """The data of every chart spec of a page (in the script beside it), one list per spec."""
    for specs in specs_of_page.values():
        for spec in specs.values():
            yield [
                v
                for d in spec.get("data", [])
                for v in d.get("values") or []
                if isinstance(v, dict)
            ]


# ---- every file of the built site -------------------------------------------------------------


def test_hidden_cells_show_no_number_in_any_table(site_pages: dict[str, SitePage], hidden: set):
    seen = set()
    for path, page in site_pages.items():
        for td in page.doc.select("td[data-key]"):
            region, tg, hg, month = td["data-key"].split("|")
            if not is_hidden(hidden, region, tg, hg, month):
                continue
            seen.add(td["data-key"])
            text = td.get_text(" ", strip=True).replace(HIDDEN_SR, "")
            assert td["data-kind"] == "hidden", (path, td["data-key"])
            assert not re.search(r"\d", text) and "*" in text, (path, td["data-key"], text)
            assert not re.search(r"\d", td.get("title", "")), (path, td["data-key"])
    assert len(seen) > 100


def test_dataset_downloads_hold_no_hidden_value(built_site: Path, hidden: set):
    data = built_site / "data"
    files = [data / "deltakere.csv", *sorted((data / "sider").glob("*.csv"))]
    shown_hidden = 0
    for path in files:
        for row in read_csv(path):
            if is_hidden(hidden, row["region"], row["tiltaksgruppe"], row["hovedgruppe"],
                         row["periode"]):  # fmt: skip
                assert row["skjult"] == "true" and row["deltakere"] == "", (path.name, row)
                shown_hidden += 1
            if row["skjult"] == "true":
                assert row["deltakere"] == "", (path.name, row)
    assert shown_hidden > 100
    for record in json.loads((data / "deltakere.json").read_text("utf-8")):
        key = (record["region"], record["tiltaksgruppe"], record["hovedgruppe"], record["periode"])
        if is_hidden(hidden, *key) or record["skjult"]:
            assert record["skjult"] is True and record["deltakere"] is None, record
    for row in read_csv(data / "revisjoner.csv"):
        for old_new in ("gammel", "ny"):
            if row[f"{old_new}_skjult"] == "true":
                assert row[old_new] == "", row


def test_table_downloads_show_hidden_and_computed_values_as_ranges(built_site: Path):
    ranges = 0
    for path in sorted((built_site / "data" / "tabeller").glob("*.csv")):
        for row in read_csv(path):
            if row["skjult"] == "true":
                assert row["verdi"] == "" and row["tekst"] == "*", (path.name, row)
                assert (row["min"], row["maks"]) == ("0", "3"), (path.name, row)
            elif row["verdi"] == "" and row["min"] != "":
                ranges += 1
                assert row["maks"] == "" or number(row["min"]) < number(row["maks"]), row
                assert RANGE.search(row["tekst"]), (path.name, row)
    assert ranges > 10


def test_excel_downloads_hold_no_hidden_value(built_site: Path, hidden: set):
    """A hidden count is the text "*" in every workbook, never a number; a range has no value."""
    data = built_site / "data"
    shown_hidden = ranges = 0
    for path in [data / "deltakere.xlsx", *sorted((data / "sider").glob("*.xlsx"))]:
        for row in read_sheet(path):
            key = (row["region"], row["tiltaksgruppe"], row["hovedgruppe"] or "", row["periode"])
            if is_hidden(hidden, *key):
                shown_hidden += 1
                assert row["skjult"] == "ja" and row["deltakere"] == "*", (path.name, row)
            if row["skjult"] != "nei":
                assert row["deltakere"] == "*", (path.name, row)
    for path in sorted((data / "tabeller").glob("*.xlsx")):
        for row in read_sheet(path):
            if row["skjult"] != "nei":
                assert row["verdi"] == "*" and row["tekst"] == "*", (path.name, row)
                assert (row["min"], row["maks"]) == (0, 3), (path.name, row)
            elif row["verdi"] is None and row["min"] is not None:
                ranges += 1
                assert row["maks"] is None or row["min"] < row["maks"], (path.name, row)
                assert RANGE.search(row["tekst"]), (path.name, row)
    assert shown_hidden > 100 and ranges > 10


def test_data_package_and_feed_hold_no_count(built_site: Path):
    """The data package describes the files and holds no data (its titles name periods, not
    counts); the feed's figures are the country's totals, exact or shown as ranges (the second
    build below checks which), and it shows no hidden value."""
    package = json.loads((built_site / "data" / "datapackage.json").read_text("utf-8"))
    assert all("data" not in resource for resource in package["resources"])
    titles = " ".join(resource["title"] for resource in package["resources"])
    assert not re.search(r"\d{2,}", re.sub(r"\b(19|20)\d\d\b", "", titles)), "a count?"
    feed = (built_site / "feed.xml").read_text("utf-8")
    assert "*" not in feed and "skjult" not in feed


def test_chart_data_holds_no_hidden_value_and_marks_ranges(
    built_site: Path, site_pages: dict[str, SitePage]
):
    scripts = {page.spec_script for page in site_pages.values()} - {None}
    assert scripts == set(built_site.resolve().rglob("*.js")) - set(
        (built_site / "static").resolve().rglob("*.js")
    ), "a script with chart data that no page loads would not be checked here"
    hidden_points = ranges = 0
    for path, page in site_pages.items():
        for values in chart_data(page.specs):
            for datum in values:
                if datum.get("type") == "hidden":
                    hidden_points += 1
                    assert all(datum.get(k) is None for k in VALUE_FIELDS), (path, datum)
                    assert "skjult" in datum["tekst"] or datum["tekst"] == "*", datum
                elif datum.get("type") == "range":
                    ranges += 1
                    assert datum["verdi"] is None and datum["lo"] < datum["hi"], datum
                    assert RANGE.search(datum["tekst"]), datum
    assert hidden_points > 100 and ranges > 100


def test_drawn_charts_show_only_published_or_range_values(site_pages: dict[str, SitePage]):
    """Every number written on a chart (not its axes) is the text of an exact or range point."""
    checked = 0
    for path, page in site_pages.items():
        doc = page.doc
        allowed = {
            d["tekst"]
            for values in chart_data(page.specs)
            for d in values
            if d.get("type") in ("exact", "range")
        }
        for svg in doc.select("figure.chart svg"):
            for text in svg.find_all("text"):
                group = " ".join(text.find_parent("g", class_=True)["class"])
                value = text.get_text()
                if "role-axis" in group or not re.search(r"\d", value):
                    continue
                if "role-title" in group or "role-legend" in group:
                    assert not re.search(r"\d[\d\u00a0]*\d{3}", value), (path, value)
                    continue
                assert value in allowed, (path, group, value)
                checked += 1
    assert checked > 300


# ---- computed figures: the second build --------------------------------------------------------

# A number as the site writes it: sign, no-break-space thousands, decimal comma, maybe per cent.
NUM = r"[+\u2212-]?\d{1,3}(?:[\u00a0 ]\d{3})*(?:,\d+)?(?:\u00a0?%)?"
RANGE = re.compile(
    rf"{NUM}\s*\u2013\s*{NUM}|{NUM} til {NUM}|mellom {NUM} og {NUM}|minst {NUM}|ca\.\s{NUM}"
    rf"|omtrent (?:det samme|{NUM}(?: prosentpoeng (?:høyere|lavere))?)"
    r"|\* \(0\u20133\)|0\u20133"
    r"|\d+\.\u2013\d+\."  # a range of places: "3.–5."
)
SKIP = ".notice, #kontroll, .check-failures, script, svg"  # checks' own output; compared apart
NOT_TEXT = {"class", "id", "href", "src", "for"}  # attributes that name, not say


def without_ranges(text: str) -> str:
    return RANGE.sub("⟨range⟩", " ".join(text.split()))


def parsed(path: Path) -> LexborHTMLParser:
    """A page (or the feed) as a browser's HTML5 parser reads it: Lexbor, which reads the
    self-closing elements of inline SVG as SVG; several times faster than html.parser, which
    matters here, where two builds of a site are read page by page."""
    return LexborHTMLParser(path.read_text("utf-8"))


def text_units(doc: LexborHTMLParser) -> list[tuple[str, str]]:
    """(where, text) of every text node and every non-link attribute, in document order,
    leaving out what ``SKIP`` selects and all within it."""
    skipped = {node.mem_id for node in doc.css(SKIP)}
    units: list[tuple[str, str]] = []
    stack = [doc.root] if doc.root is not None else []
    while stack:
        element = stack.pop()
        if element.mem_id in skipped:
            continue
        classes = (element.attributes.get("class") or "").split()
        where = element.tag + "".join(f".{c}" for c in classes)
        units += [
            (f"{where}[{name}]", value or "")
            for name, value in element.attributes.items()
            if name not in NOT_TEXT
        ]
        children = []
        for child in element.iter(include_text=True):
            if child.is_element_node:
                children.append(child)
            elif child.is_text_node and (child.text_content or "").strip():
                units.append((where, child.text_content or ""))
        stack.extend(reversed(children))
    return units


def svg_units(doc: LexborHTMLParser) -> list[tuple[str, str]]:
    """The texts drawn in the charts, without axis labels (their ticks follow the data's range)."""
    units = []
    for svg in doc.css("figure.chart svg"):
        units.append(("svg[aria-label]", svg.attributes.get("aria-label") or ""))
        for text in svg.css("text"):
            group = text.parent
            while group is not None and not (group.tag == "g" and group.attributes.get("class")):
                group = group.parent
            where = " ".join((group.attributes.get("class") or "").split()) if group else ""
            if "role-axis" not in where:
                units.append((f"svg text {where}", text.text()))
    return units


def compare_units(name: str, ours: list, theirs: list, problems: list[str]) -> None:
    if len(ours) != len(theirs):
        problems.append(f"{name}: {len(ours)} texts, {len(theirs)} with other bounds")
        return
    for (where, a), (_, b) in zip(ours, theirs, strict=True):
        if a != b and without_ranges(a) != without_ranges(b):
            problems.append(f"{name} {where}: {a!r} became {b!r}")


def compare_data(name: str, ours: list[dict], theirs: list[dict], problems: list[str]) -> None:
    for a, b in itertools.zip_longest(ours, theirs, fillvalue={}):
        if a == b:
            continue
        marked = a.get("type") in ("range", "hidden") and a.get("type") == b.get("type")
        if marked and without_ranges(str(a.get("tekst"))) == without_ranges(str(b.get("tekst"))):
            continue
        moved = {k for k in (*VALUE_FIELDS, "tekst", "type") if a.get(k) != b.get(k)}
        if moved:
            problems.append(f"{name}: chart datum {a} became {b}")


def compare_csv(name: str, ours: list[dict], theirs: list[dict], problems: list[str]) -> None:
    if len(ours) != len(theirs):
        problems.append(f"{name}: {len(ours)} rows, {len(theirs)} with other bounds")
        return
    for a, b in zip(ours, theirs, strict=True):
        if a == b:
            continue
        marked = a.get("verdi") == b.get("verdi") == "" and a.get("min") != ""
        text_same = without_ranges(a.get("tekst", "")) == without_ranges(b.get("tekst", ""))
        others = {k for k in a if a[k] != b[k]} - {"min", "maks", "tekst"}
        if not (marked and text_same and not others):
            problems.append(f"{name}: {a} became {b}")


def sheet_as_text(path: Path) -> list[dict[str, str]]:
    """A workbook's records with every value as its CSV writes it, so they compare alike: "*"
    and an empty cell are both "" (the flag says which)."""

    def text(value: object) -> str:
        if value is None or value == "*":
            return ""
        return {"ja": "true", "nei": "false"}.get(str(value), str(value))

    return [{k: text(v) for k, v in row.items()} for row in read_sheet(path)]


def with_hidden_as_one(to_frame):
    """The reader's frame with 1 in place of NA in every hidden cell (still flagged hidden).

    Code that computed from the frame and skipped the hidden cells (a sum of the visible rows)
    would then count them, and its exact figure would move.
    """

    def read(*args, **kwargs):
        frame = to_frame(*args, **kwargs)
        frame.loc[frame["skjult"], "deltakere"] = 1
        return frame

    return read


def build_wider(work: Path, content: Path, cache: Path) -> Path:
    """``content`` built again with every hidden cell assumed to be 1–4, not 0–3.

    The build reads the cache where the first build of ``content`` kept its charts, workbooks
    and cards: each is kept under everything it is made from, so only those the wider bounds
    change are made again, and none of them is kept (the bundled site's cache is the shared
    one, which holds drawn pictures only). Its PNGs to download are left undrawn
    (conftest.build_undrawn): a PNG is its figure's SVG drawn
    (test_figures_to_download_show_what_the_page_shows), and those SVGs are compared here
    (test_figures_to_download_move_only_in_ranges).
    """
    from generator.cache import DiskCache
    from generator.config import BuildConfig
    from generator.dataset import grid as model

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(Count, "hidden", classmethod(lambda cls: cls(1, 4, 1)))
        patch.setattr(model, "to_frame", with_hidden_as_one(model.to_frame))
        patch.setattr(model, "tilt_frame", with_hidden_as_one(model.tilt_frame))
        patch.setattr(DiskCache, "put", lambda self, key, value: None)
        build_undrawn(BuildConfig(content=content, out=work / "site", cache=cache))
    return work / "site"


@pytest.fixture(scope="module")
def wider_site(
    built_site: Path, shared_chart_cache: Path, tmp_path_factory: pytest.TempPathFactory
) -> Path:
    """The bundled export built again with every hidden cell assumed to be 1–4, not 0–3."""
    return build_wider(tmp_path_factory.mktemp("wider"), ROOT / "content", shared_chart_cache)


@pytest.fixture(scope="module")
def wider_years_site(years_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The two years (conftest.years_content) built again, hidden cells assumed to be 1–4."""
    work = tmp_path_factory.mktemp("wider-years")
    return build_wider(work, years_content(work / "content"), undrawn_cache(tmp_path_factory))


@pytest.fixture(scope="module")
def wider_tilt_site(tilt_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The 2017 export and two TILT years (conftest.tilt_content), hidden cells assumed 1–4."""
    work = tmp_path_factory.mktemp("wider-tilt")
    return build_wider(work, tilt_content(work / "content"), undrawn_cache(tmp_path_factory))


def test_every_figure_computed_from_a_hidden_cell_is_a_range(built_site: Path, wider_site: Path):
    assert_only_ranges_move(built_site, wider_site)


def test_averages_changes_and_seasons_of_two_years_with_a_hidden_cell_are_ranges(
    years_site: Path, wider_years_site: Path
):
    """Yearly averages, the change from a year earlier and the seasonal view, over two years and
    a county reform: every figure that holds a hidden cell moves only inside a range."""
    assert_only_ranges_move(years_site, wider_years_site)


def test_tiltak_their_sums_and_changes_over_tilt_years_with_a_hidden_cell_are_ranges(
    tilt_site: Path, wider_tilt_site: Path
):
    """The 2017 export and NAV's TILT workbooks of 2024 and 2025: the tiltak of every group and
    county, each tiltaksgruppe as the sum of its tiltak, their changes, and the downloads
    (the dataset, the kommune records, every table): every figure that holds a hidden cell
    moves only inside a range."""
    assert_only_ranges_move(tilt_site, wider_tilt_site)


def same_bytes(site: Path, other: Path, name: str | Path) -> bool:
    """Whether a file is byte for byte the same in both sites: then no figure in it moved, and
    comparing what it says would find nothing (the builds are deterministic)."""
    return (site / name).read_bytes() == (other / name).read_bytes()


def chart_specs(page: Path, doc: LexborHTMLParser) -> dict[str, dict[str, Any]]:
    """The chart specs of a page, read from the script its charts.js loads; {} without one."""
    tag = doc.css_first("script[data-charts]")
    return read_specs(script_at(page, tag.attributes.get("data-charts") or "")) if tag else {}


def assert_only_ranges_move(built_site: Path, wider_site: Path) -> None:
    problems: list[str] = []
    changed = 0
    for path in sorted(built_site.rglob("*.html")):
        name = path.relative_to(built_site).as_posix()
        ours, theirs = parsed(path), parsed(wider_site / name)
        specs, wider_specs = chart_specs(path, ours), chart_specs(wider_site / name, theirs)
        if same_bytes(built_site, wider_site, name) and specs == wider_specs:
            continue  # the page and its charts as they were: nothing on them moved
        for a, b in itertools.zip_longest(chart_data(specs), chart_data(wider_specs), fillvalue=[]):
            compare_data(name, a, b, problems)
        compare_units(name, svg_units(ours), svg_units(theirs), problems)
        ours_text, theirs_text = text_units(ours), text_units(theirs)
        changed += sum(a != b for a, b in zip(ours_text, theirs_text, strict=False))
        compare_units(name, ours_text, theirs_text, problems)
    for path in sorted((built_site / "data").rglob("*.csv")):
        name = path.relative_to(built_site).as_posix()
        if not same_bytes(built_site, wider_site, name):
            compare_csv(name, read_csv(path), read_csv(wider_site / name), problems)
    for path in sorted((built_site / "data").rglob("*.xlsx")):
        name = path.relative_to(built_site).as_posix()
        if not same_bytes(built_site, wider_site, name):
            compare_csv(name, sheet_as_text(path), sheet_as_text(wider_site / name), problems)
    feeds = [text_units(parsed(site / "feed.xml")) for site in (built_site, wider_site)]
    assert len(feeds[0]) > 20, "the feed read as HTML says almost nothing: was it read?"
    compare_units("feed.xml", *feeds, problems)
    for name in ["data/deltakere.json", "data/datapackage.json"]:
        same = (built_site / name).read_bytes() == (wider_site / name).read_bytes()
        assert same, f"{name} depends on what a hidden cell is assumed to be"
    assert not problems, "\n".join(problems[:20])
    assert changed > 100, "the wider bounds changed almost nothing: is the test still working?"


# ---- maps, ranks and figures to download ------------------------------------------------------


def oracle(content: Path) -> Oracle:
    (path,) = sorted(content.glob("*.txt"))
    return Oracle(path)


def counties_of(export: Oracle) -> list[str]:
    regions = {region for table in export.tables.values() for region, _ in table}
    return sorted(regions - {"Hele landet", "Øvrige områder", "Ukjent"})


def test_maps_hatch_every_change_from_a_hidden_cell(built_site: Path):
    """A county whose change involves a hidden cell (read plainly from the export) is a range
    in the map's table and is hatched on the map, however narrow the range; no other is."""
    export = oracle(ROOT / "content")
    ranks = soup(built_site / "fylke" / "oslo.html").select_one("figure[id$='-plassering']")
    rows = ranks.find_parent(class_="figure-block").select("tbody th")
    groups = [th.get_text(strip=True) for th in rows]  # every tiltaksgruppe
    checked = 0
    for path in [built_site / "index.html", *sorted((built_site / "tiltaksgruppe").glob("*.html"))]:
        doc = soup(path)
        figure = doc.select_one("figure[id$='-kart']")
        table = figure.find_parent(class_="figure-block").select_one("table")
        ranged = set()
        for row in table.select("tbody tr"):
            county = row.th.get_text(strip=True)
            if county not in counties_of(export):
                continue
            group = table.select_one("caption").get_text().split(":")[0]
            names = [group] if path.name != "index.html" else groups
            hidden = any(
                export.value(county, name, "", month) is None
                for name in names
                for month in ("2017-01", "2017-12")
            )
            change = row.select("td")[0]
            assert (change["data-kind"] == "range") == hidden, (path.name, county, change)
            ranged |= {county} if hidden else set()
            checked += 1
        drawn = figure.select_one(".chart-canvas svg")
        hatched = drawn.select("g.mark-shape.layer_1_marks path")
        assert len(hatched) == len(ranged), (path.name, sorted(ranged))
        assert all(p["fill"].startswith("url(#") for p in hatched)
    assert checked > 150


def filled_in(values: dict, county: str, own: int, others: Any) -> dict[str, int]:
    """The hidden cells filled in: ``own`` for the county, ``others()`` for the rest."""
    return {
        c: v if v is not None else (own if c == county else others()) for c, v in values.items()
    }


def place_of(cells: dict[str, int], county: str) -> int:
    """A county's place, 1 for the most; equally many share a place."""
    return 1 + sum(1 for c, v in cells.items() if c != county and v > cells[county])


def test_ranks_hold_for_every_value_a_hidden_cell_can_have(built_site: Path):
    """Each county's rank in each tiltaksgruppe, checked against the export read plainly: a
    rank given as one place is that place whatever the hidden cells are (tried at random and
    at the extremes), and a range ("3.–5.") runs from the best place they can give to the
    worst."""
    import random

    export, chance = oracle(ROOT / "content"), random.Random(0)
    counties = counties_of(export)
    ranges = 0
    for path in sorted((built_site / "fylke").glob("*.html")):
        figure = soup(path).select_one("figure[id$='-plassering']")
        table = figure.find_parent(class_="figure-block").select_one("table")
        county = table.select_one("caption").get_text().split(":")[0]
        for row in table.select("tbody tr"):
            tg, shown = row.th.get_text(strip=True), row.select("td")[1]
            places = [int(n) for n in re.findall(r"\d+", shown.get_text())]
            low, high = places[0], places[-1]
            assert (shown["data-kind"] == "range") == (low < high), (county, tg, shown)
            ranges += low < high
            values = {c: export.value(c, tg, "", "2017-12") for c in counties}
            best = place_of(filled_in(values, county, 3, lambda: 0), county)
            worst = place_of(filled_in(values, county, 0, lambda: 3), county)
            assert (best, worst) == (low, high), (county, tg, shown.get_text())
            for _ in range(100):
                own = chance.randint(0, 3)
                cells = filled_in(values, county, own, lambda: chance.randint(0, 3))
                assert low <= place_of(cells, county) <= high, (county, tg, cells)
    assert ranges > 5


def download_texts(svg: str) -> list[tuple[str, str]]:
    """The texts written in a figure to download, without axis labels (as svg_units)."""
    units = []
    for text in BeautifulSoup(svg, "html.parser").find_all("text"):
        group = text.find_parent("g", class_=True)
        where = " ".join(group["class"]) if group else "figure"
        if "role-axis" not in where:
            units.append((f"figure text {where}", text.get_text(" ")))
    return units


def test_figures_to_download_show_what_the_page_shows(
    built_site: Path, site_pages: dict[str, SitePage]
):
    """A figure to download is the page's chart with its title, period and credits: it writes
    nothing the page does not show, and its PNG is drawn from that SVG and nothing else."""
    from generator.render.download import png_scale, smaller_png
    from generator.render.vega import svg_to_png

    shown: dict[str, str] = {}  # figure id → the text of the page it is on
    for page in site_pages.values():
        doc = page.doc
        text = " ".join(doc.get_text(" ").split())
        for figure in doc.select("figure.chart"):
            shown[figure["id"]] = text
            for canvas in figure.select("[data-figure]"):
                shown[canvas["data-figure"]] = text
    pictures = sorted((built_site / routes.FIGURE_FOLDER).glob("*.svg"))
    assert {f"fig-{p.stem}" for p in pictures} == set(shown)
    for path in pictures:
        for where, text in download_texts(path.read_text("utf-8")):
            words = " ".join(text.removeprefix("Periode: ").split())
            assert words in shown[f"fig-{path.stem}"], (path.name, where, text)
    maps = [p for p in pictures if p.stem.endswith(("-kart", "-plassering"))]
    assert len(maps) > 20
    for path in maps[:: len(maps) // 5]:
        svg = path.read_text("utf-8")
        width = float(BeautifulSoup(svg, "html.parser").svg["width"])
        drawn = smaller_png(svg_to_png(svg, png_scale(width)))
        assert drawn == path.with_suffix(".png").read_bytes(), path.name


def test_figures_to_download_move_only_in_ranges(built_site: Path, wider_site: Path):
    problems: list[str] = []
    for path in sorted((built_site / routes.FIGURE_FOLDER).glob("*.svg")):
        ours = download_texts(path.read_text("utf-8"))
        theirs = download_texts((wider_site / routes.FIGURE_FOLDER / path.name).read_text("utf-8"))
        compare_units(path.name, ours, theirs, problems)
    assert not problems, "\n".join(problems[:20])


# ---- the arithmetic behind it -----------------------------------------------------------------

counts = st.lists(st.one_of(st.none(), st.integers(0, 5000)), min_size=1, max_size=6)


def fillings(values: list[int | None]) -> Iterator[list[int]]:
    """Every way the hidden cells could be filled in (0–3 each)."""
    slots = [range(4) if v is None else [v] for v in values]
    return (list(choice) for choice in itertools.product(*slots))


@settings(**HYPOTHESIS)
@given(parts=counts, other=counts)
def test_sums_and_changes_with_a_hidden_cell_are_never_exact(parts, other):
    total, before = Count.total(map(Count.printed, parts)), Count.total(map(Count.printed, other))
    change = total.minus(before)
    assert total.is_exact == (None not in parts)
    assert change.is_exact == (None not in parts + other)
    for filled, filled_before in itertools.islice(
        itertools.product(fillings(parts), fillings(other)), 200
    ):
        assert total.lo <= sum(filled) <= total.hi
        assert change.lo <= sum(filled) - sum(filled_before) <= change.hi
    if not change.is_exact:
        assert change.lo < change.hi  # at least two values possible: nothing follows exactly


@settings(**HYPOTHESIS)
@given(part=counts, rest=counts)
def test_shares_with_a_hidden_cell_are_never_exact(part, rest):
    share_of = Count.total(map(Count.printed, part))
    whole_of = Count.total(map(Count.printed, part + rest))
    ratio = Ratio.of(share_of, whole_of)
    if ratio is None:
        return
    assert ratio.exact == (None not in part + rest)
    for filled_part, filled_rest in itertools.islice(
        itertools.product(fillings(part), fillings(rest)), 200
    ):
        whole = sum(filled_part) + sum(filled_rest)
        if whole:
            assert ratio.lo - 1e-12 <= sum(filled_part) / whole <= ratio.hi + 1e-12
