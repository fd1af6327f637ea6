"""Maps and comparing counties: the boundaries, the choropleth of the change, the locator map,
the ranks among counties and every county's series, on their own and in the built site.

Privacy across the whole site (a change or a rank from a hidden cell is a range) is proved in
test_privacy.py; here each piece is checked for what it must show.
"""

from __future__ import annotations

import gzip
import itertools
import json
import re
from dataclasses import replace
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.charts.map import (
    HATCH,
    NO_DATA_LABEL,
    SPREAD_LABEL,
    choropleth,
    class_step,
    classes,
    locator_map,
)
from generator.charts.registry import specs
from generator.dataset.grid import ALL, build_dataset
from generator.dataset.reforms import default_reforms
from generator.months import months_between
from generator.numbers import Count, Kind, Ratio
from generator.plan import maps
from generator.plan.chart_input import Point
from generator.plan.comparison import rank, ranks
from generator.plan.facts import SiteFacts
from generator.plan.maps import CHOROPLETH, LOCATOR, MAP_CREDIT, change_point, compared_months
from generator.render.vega import accessible_name, render_spec
from generator.source.regions import RegionCatalog
from generator.source.text_export import read_export

ROOT = Path(__file__).resolve().parent.parent
EXPORTS = Path(__file__).resolve().parent / "exports"
NBSP = "\u00a0"
MINUS = "\u2212"
EN = "\u2013"
PAGE_LIMIT = 100 * 1024  # HTML with its inline SVG, and the CSS, gzipped
HYPOTHESIS = {"deadline": None, "derandomize": True, "database": None, "max_examples": 300}


def facts_of(paths: list[Path]) -> SiteFacts:
    data = build_dataset([read_export(p) for p in paths], RegionCatalog.load())
    return SiteFacts.of(data, default_reforms(), lambda _: "")


@pytest.fixture(scope="module")
def bundled() -> SiteFacts:
    return facts_of(sorted((ROOT / "content").glob("*.txt")))


@pytest.fixture(scope="module")
def reform() -> SiteFacts:
    return facts_of(sorted((EXPORTS / "reform").glob("*.txt")))


def signed_area(ring: list[list[float]]) -> float:
    return sum(a[0] * b[1] - b[0] * a[1] for a, b in itertools.pairwise(ring)) / 2


def point(name: str, value: float | None = None, lo: float = 0, hi: float | None = 0) -> Point:
    if value is not None:
        return Point(name, "", Kind.EXACT, value, value, value, f"{value} %")
    return Point(name, "", Kind.RANGE, None, lo, hi, f"{lo} til {hi} %")


# ---- the boundaries ---------------------------------------------------------------------------


def test_every_county_era_has_its_counties_on_the_map() -> None:
    reference = json.loads((ROOT / "generator" / "data" / "fylker.json").read_text("utf-8"))
    for era in reference["eras"]:
        found = maps.era_of(era["valid_from"][:7])
        assert found is not None, era["valid_from"]
        codes = {f["code"] for f in era["fylker"]}
        assert found.codes == codes, found.stem
        assert maps.era_of((era["valid_to"] or "2099-12-31")[:7]) == found
        for detail in (CHOROPLETH, LOCATOR):
            names = {
                f["properties"]["fylkesnummer"]: f["properties"]["fylkesnavn"]
                for f in maps.shapes(found.stem, detail)["features"]
            }
            assert names == {f["code"]: f["name"] for f in era["fylker"]}, (found.stem, detail)
    assert maps.era_of("2017-12").codes >= {"16", "17"}  # type: ignore[union-attr]
    assert len(maps.era_of("2024-01").codes) == 15  # type: ignore[union-attr]


@pytest.mark.parametrize(("detail", "most"), [(CHOROPLETH, 3500), (LOCATOR, 700)])
def test_boundaries_wind_clockwise_and_are_light(detail: str, most: int) -> None:
    """Vega fills the whole globe for a counter-clockwise ring; a map drawn a few hundred
    pixels tall needs a few thousand points at most."""
    for era in maps.eras():
        vertices = 0
        for feature in maps.shapes(era.stem, detail)["features"]:
            polygons = feature["geometry"]["coordinates"]
            assert polygons, feature["properties"]
            for polygon in polygons:
                assert signed_area(polygon[0]) < 0, (era.stem, feature["properties"])
                vertices += sum(len(ring) for ring in polygon)
        assert vertices <= most, (era.stem, detail, vertices)


def test_the_boundaries_are_package_data() -> None:
    text = (ROOT / "pyproject.toml").read_text("utf-8")
    assert '"data/geo/*.geojson"' in text
    assert len(list((ROOT / "generator" / "data" / "geo").glob("*.geojson"))) == 2 * len(
        maps.eras()
    )


# ---- what the choropleth compares and shades --------------------------------------------------


def test_the_map_compares_a_year_back_or_else_the_first_month() -> None:
    two_years = months_between("2016-01", "2017-12")
    assert compared_months(two_years) == ("2016-12", "2017-12")
    assert compared_months(months_between("2017-01", "2017-12")) == ("2017-01", "2017-12")
    assert compared_months(months_between("2017-03", "2018-02")) == ("2017-03", "2018-02")
    assert compared_months(["2017-05"]) is None


def test_a_change_is_exact_a_range_or_missing() -> None:
    exact = change_point("A", Ratio.change(Count.exact(110), Count.exact(100)))
    assert exact.kind is Kind.EXACT and round(exact.value or 0, 6) == 10
    ranged = change_point("B", Ratio.change(Count(110, 113, 1), Count.exact(100)))
    assert ranged.kind is Kind.RANGE and ranged.value is None
    assert (round(ranged.lo or 0, 6), round(ranged.hi or 0, 6)) == (10, 13)
    unbounded = change_point("C", Ratio.change(Count.exact(6), Count.hidden()))
    assert (
        unbounded.kind is Kind.RANGE
        and unbounded.hi is None
        and unbounded.tekst.startswith("minst")
    )
    assert change_point("D", None).kind is Kind.MISSING


def test_classes_are_round_and_come_from_exact_changes() -> None:
    assert class_step([1.0, -2.0, 11.2, -16.7, 7.6, 4.6, 9.5, 15.5, 3.9]) == 5
    assert class_step([0.0, -8.0, 12.0, 20.0]) == 10
    assert class_step([]) == 5
    labels = [label for _, _, label in classes(5)]
    assert labels == [
        f"under {MINUS}10{NBSP}%",
        f"{MINUS}10 til {MINUS}5{NBSP}%",
        f"{MINUS}5 til 0{NBSP}%",
        f"0 til 5{NBSP}%",
        f"5 til 10{NBSP}%",
        f"10{NBSP}% eller mer",
    ]


def choropleth_rows(spec: dict) -> list[dict]:
    return [r for rows in spec["datasets"].values() for r in rows if "klasse" in r]


def test_a_range_is_shaded_by_its_class_only_when_it_lies_in_one() -> None:
    points = [
        point("Østfold", -16.7),
        point("Akershus", 2.0),
        point("Oslo", 10.0),  # the edge of a class belongs to the class above
        point("Hedmark", lo=-5.7, hi=-5.5),  # within −10 to −5
        point("Oppland", lo=-0.5, hi=0.5),  # across zero
        point("Hordaland", lo=100.0, hi=None),  # no upper bound, but in the top class
        point("Finnmark", lo=-100.0, hi=None),  # no upper bound: anything
    ]
    codes = {p.key: f"{i + 1:02d}" for i, p in enumerate(points)}
    spec = choropleth(points, title="T", description="D", era="fylker-1972-2017", codes=codes)
    rows = {r["fylke"]: r for r in choropleth_rows(spec)}
    assert rows["Østfold"]["klasse"] == f"under {MINUS}10{NBSP}%"
    assert rows["Oslo"]["klasse"] == f"10{NBSP}% eller mer"
    assert rows["Hedmark"]["klasse"] == f"{MINUS}10 til {MINUS}5{NBSP}%"
    assert rows["Oppland"]["klasse"] == SPREAD_LABEL
    assert rows["Hordaland"]["klasse"] == f"10{NBSP}% eller mer"
    assert rows["Finnmark"]["klasse"] == SPREAD_LABEL
    for name in ("Hedmark", "Oppland", "Hordaland", "Finnmark"):
        r = rows[name]
        assert r["type"] == "range" and r["verdi"] is None and r["lo"] < r["hi"], r
    scale = spec["layer"][0]["encoding"]["fill"]["scale"]
    assert HATCH in scale["range"] and NO_DATA_LABEL in scale["domain"]  # 12 counties unshaded
    assert spec["projection"] == {"type": "transverseMercator", "rotate": [-15, 0]}
    assert spec["usermeta"]["hatch"] == HATCH


def test_the_choropleth_hatches_exactly_the_ranges_when_drawn() -> None:
    points = [point("Østfold", -16.7), point("Hedmark", lo=-5.7, hi=-5.5), point("Oslo", 3.0)]
    codes = {"Østfold": "01", "Hedmark": "04", "Oslo": "03"}
    spec = choropleth(points, title="T", description="D", era="fylker-1972-2017", codes=codes)
    svg = render_spec(spec, accessible_name(spec, 0)).svg
    assert HATCH not in svg.lower() and "<pattern" in svg
    hatched = re.findall(r'<path[^>]*fill="url\(#[^)]+\)"', svg)
    assert len(hatched) == 1 + 1  # Hedmark, and the legend's symbol


def test_the_locator_map_marks_and_rings_the_county() -> None:
    spec = locator_map([], title="T", description="D", era="fylker-2024", marked="03")
    assert "datum.kode === '03'" in json.dumps(spec)
    ring = [layer for layer in spec["layer"] if layer["mark"]["type"] == "point"]
    assert len(ring) == 1
    render_spec(spec, accessible_name(spec, 0))
    nowhere = locator_map([], title="T", description="D", era="fylker-2024", marked="01")
    assert not [layer for layer in nowhere["layer"] if layer["mark"]["type"] == "point"]


def test_every_map_kind_is_valid_vega_lite() -> None:
    from altair.utils.schemapi import validate_jsonschema
    from altair.vegalite.v6.schema import load_schema

    schema = load_schema()
    points = [point("Oslo", 3.0), point("Hedmark", lo=-5.7, hi=-5.5)]
    made = [
        choropleth(points, title="t", description="d", era="fylker-2020-2023",
                   codes={"Oslo": "03", "Hedmark": "34"}, legend_below=True),
        locator_map([], title="t", description="d", era="fylker-2018-2019", marked="50"),
    ]  # fmt: skip
    for spec in made:
        assert validate_jsonschema(spec, schema, raise_error=False) is None


# ---- the choropleths planned ------------------------------------------------------------------


def test_the_front_page_map_of_the_bundled_export(bundled: SiteFacts) -> None:
    figure = maps.front_page_map(bundled, "forside-kart")
    assert figure is not None and figure.job is not None
    assert figure.credit == MAP_CREDIT and figure.beside
    assert MAP_CREDIT in figure.job.credits and figure.job.period == f"januar{EN}desember 2017"
    headers = [row.header for row in figure.table.rows]
    assert headers[-3:] == ["Øvrige områder", "Ukjent", "Hele landet"]
    assert len(headers) == 19 + 3
    wide, phone = specs(figure.job)
    rows = choropleth_rows(wide)
    assert len(rows) == 19
    by_name = {row.header: row for row in figure.table.rows}
    for r in rows:
        change = by_name[r["fylke"]].cells[0]
        assert change.kind == r["type"], r  # the table and the map agree on what is a range
        if r["type"] == "range":
            assert r["tekst"] not in figure.summary
    assert "For 10 fylker er endringen et intervall" in figure.summary
    assert phone["layer"][0]["encoding"]["fill"]["legend"]["orient"] == "bottom"


def test_a_group_page_map_keeps_the_exports_hidden_cells(bundled: SiteFacts) -> None:
    tg = "Jobbskaping og egenetablering"
    figure = maps.group_page_map(bundled, "x-kart", tg)
    assert figure is not None
    hedmark = next(row for row in figure.table.rows if row.header == "Hedmark")
    change, before, now = hedmark.cells
    assert (before.kind, now.kind) == ("hidden", "hidden") and before.text == "*"
    assert before.key == f"Hedmark|{tg}|{ALL}|2017-01"
    assert change.kind == "range"


def test_a_county_without_a_shape_is_in_the_table(
    bundled: SiteFacts, monkeypatch: pytest.MonkeyPatch
) -> None:
    era = maps.era_of("2017-12")
    assert era is not None
    without_oslo = replace(era, codes=era.codes - {"03"})
    monkeypatch.setattr(maps, "era_of", lambda month: without_oslo)
    figure = maps.front_page_map(bundled, "forside-kart")
    assert figure is not None and figure.job is not None
    assert "Oslo" in [row.header for row in figure.table.rows]
    assert any("ingen grense for Oslo" in note for note in figure.table.notes)
    assert "Oslo er ikke på kartet" in figure.summary
    assert "Oslo" not in figure.job.options["codes"]


def test_a_county_made_of_older_ones_is_compared_with_their_sum(reform: SiteFacts) -> None:
    """In 2018 Trøndelag was made of Sør- and Nord-Trøndelag: a year back it is their sum, and
    the map is the one of 2018 (18 counties; this export has two of them)."""
    figure = maps.front_page_map(reform, "forside-kart")
    assert figure is not None and figure.job is not None
    assert figure.job.options["era"] == "fylker-2018-2019"
    assert figure.job.options["codes"] == {"Oslo": "03", "Trøndelag": "50"}
    trondelag = next(row for row in figure.table.rows if row.header == "Trøndelag")
    assert trondelag.cells[1].text != "–" and trondelag.cells[0].text != "–"
    assert any("summen av Sør-Trøndelag og Nord-Trøndelag" in n for n in figure.table.notes)


# ---- ranks ------------------------------------------------------------------------------------


def test_ranks_are_exact_shared_or_ranges() -> None:
    five, four = Count.exact(5), Count.exact(4)
    assert rank(Count.exact(9), [five, four]).text == "1."
    assert rank(five, [Count.exact(9), five, four]).text == "2. (delt)"
    assert rank(four, [Count.hidden(), five]).text == "2."
    assert rank(Count.hidden(), [Count.hidden(), five, Count.hidden()]).text == f"2.{EN}4."
    assert rank(Count.hidden(), [five, four]).text == "3."  # alone below every printed count


counts = st.lists(st.one_of(st.none(), st.integers(4, 60)), min_size=2, max_size=6)


@settings(**HYPOTHESIS)
@given(values=counts)
def test_a_rank_holds_for_every_value_the_hidden_cells_can_have(values: list[int | None]) -> None:
    """The county's place, whatever the hidden cells are, lies in its range; and a rank given
    as one place is the same for every value they can have, so it reveals none of them."""
    cells = [Count.printed(v) for v in values]
    given_rank = rank(cells[0], cells[1:])

    def place(filled: tuple[int, ...]) -> int:
        return 1 + sum(1 for other in filled[1:] if other > filled[0])

    slots = [range(4) if v is None else [v] for v in values]
    seen = set()
    for filled in itertools.islice(itertools.product(*slots), 500):
        assert given_rank.best <= place(filled) <= given_rank.worst
        seen.add(place(filled))
    if given_rank.certain:
        assert seen == {given_rank.best}
    # Both ends can happen: the county at its most and the others at their least, and back.
    best = tuple(c.hi if i == 0 else c.lo for i, c in enumerate(cells))
    worst = tuple(c.lo if i == 0 else c.hi for i, c in enumerate(cells))
    assert (place(best), place(worst)) == (given_rank.best, given_rank.worst)


def test_oslo_ranks_among_the_counties_of_its_month(bundled: SiteFacts) -> None:
    oslo = next(r for r in bundled.current if r.name == "Oslo")
    places = ranks(bundled, oslo, "2017-12")
    assert places["Opplæring"].text == "1." and places["Opplæring"].of == 19
    sogn = next(r for r in bundled.current if r.name == "Sogn og Fjordane")
    job = ranks(bundled, sogn, "2017-12")["Jobbskaping og egenetablering"]
    assert not job.certain  # hidden, as are other counties' counts


# ---- the built site ---------------------------------------------------------------------------


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text("utf-8"), "html.parser")


def test_maps_and_comparisons_are_on_their_pages(built_site: Path) -> None:
    index = soup(built_site / "index.html")
    block = index.select_one("#fig-forside-kart").find_parent(class_="figure-block--beside")
    assert MAP_CREDIT in block.get_text(" ")
    rows = [th.get_text(strip=True) for th in block.select("tbody th")]
    assert {"Øvrige områder", "Ukjent"} <= set(rows)
    for page in sorted((built_site / "fylke").glob("*.html")):
        figure = soup(page).select_one("figure[id$='-plassering']")
        assert figure is not None and MAP_CREDIT in figure.get_text(" "), page.name
    for page in sorted((built_site / "tiltaksgruppe").glob("*.html")):
        doc = soup(page)
        assert doc.select_one("figure[id$='-kart']"), page.name
        multiples = doc.select_one("figure[id$='-fylkesserier']")
        toggle = multiples.select_one("input.scale-toggle[type=checkbox]")
        assert toggle and multiples.select_one(f"label[for='{toggle['id']}']"), page.name
        shared = multiples.select(".chart-canvas--shared")
        assert shared and all(c["data-figure"].endswith("-felles") for c in shared)
        assert all(c.select_one("svg[role=img]") for c in shared)
        assert not doc.select("figure[id$='-felles']"), "the shared scale is drawn in its figure"
        link = multiples.select_one(".chart-links a")["href"]
        assert doc.select_one(f"table{link}"), link


def test_every_page_stays_light(built_site: Path) -> None:
    css = gzip.compress((built_site / "static" / "site.css").read_bytes())
    for page in sorted(built_site.rglob("*.html")):
        size = len(gzip.compress(page.read_bytes())) + len(css)
        assert size < PAGE_LIMIT, f"{page.relative_to(built_site)}: {size / 1024:.1f} KB gzipped"
