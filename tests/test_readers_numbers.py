"""The numbers a reader looks for first: yearly averages, the change from a year earlier, and
one line a year.

One year of data (the bundled export): every page gives the yearly average and says plainly that
no change from the year before can be shown. Two years (the bundled export and January–June 2018
from tests/exports/years/, across the Trøndelag reform): key figures, tables and summaries lead
with the change from the same month a year earlier, and a seasonal view lays the years over
each other. Every number is checked against a plain computation from the exports
(tests/export_oracle.py), a hidden cell counted as 0–3; one that holds a hidden cell must be a
range ("6 600–6 606", "+354 til +360") or "ca." and a number, never exact.
"""

from __future__ import annotations

import itertools
import math
import re
from pathlib import Path

import pytest
import vl_convert as vlc
from bs4 import BeautifulSoup, Tag
from chart_scripts import page_specs
from chart_text import x_axis_labels
from conftest import BUNDLED, SECOND_YEAR
from export_oracle import Oracle
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.charts.registry import CHART_KINDS
from generator.charts.seasonal import seasonal_lines
from generator.dataset.grid import build_dataset
from generator.months import month_name
from generator.numbers import Count, Kind, fmt_int
from generator.plan.chart_input import Point
from generator.plan.figures import PHONE
from generator.plan.pages import PageBuilder
from generator.plan.yearly import (
    Average,
    fmt_average,
    no_comparison_note,
    seasonal_years,
    year_spans,
)
from generator.source.regions import default_catalog
from generator.source.text_export import read_export

GROUPS = [
    "Opplæring", "Arbeidsrettet rehabilitering", "Oppfølging", "Lønnstilskudd",
    "Tilrettelagt arbeid", "Tilrettelegging", "Arbeidspraksis",
    "Jobbskaping og egenetablering", "Avklaringstiltak",
]  # fmt: skip
MAIN_GROUPS = ["Arbeidssøkere på tiltak", "Andre på tiltak", "Nedsatt arbeidsevne på tiltak"]
MONTHS_2017 = [f"2017-{m:02d}" for m in range(1, 13)]
MONTHS_2018 = [f"2018-{m:02d}" for m in range(1, 7)]
REFORM = Path(__file__).parent / "exports" / "reform"
NUM = r"[+\u2212-]?\d{1,3}(?:\u00a0\d{3})*(?:,\d+)?"
NOT_COMPARED = "dekker bare 2017, så endring fra året før kan ikke vises"

Bounds = tuple[float, float]


# ---- a plain computation from the exports -----------------------------------------------------


class Plain:
    """Counts, sums and means read plainly from the exports: (lo, hi), a hidden cell 0–3."""

    def __init__(self, *paths: Path) -> None:
        self.by_year = {}
        for path in paths:
            oracle = Oracle(path)
            years = {month[:4] for cells in oracle.tables.values() for _, month in cells}
            self.by_year.update(dict.fromkeys(years, oracle))

    def cell(self, region: str, tg: str, month: str, hg: str = "") -> Bounds:
        value = self.by_year[month[:4]].value(region, tg, hg, month)
        return (0, 3) if value is None else (value, value)

    def group(self, region: str, tg: str, months: list[str]) -> list[Bounds]:
        return [self.cell(region, tg, m) for m in months]

    def total(self, regions: list[str], months: list[str], hg: str = "") -> list[Bounds]:
        """All tiltaksgrupper of ``regions`` together (several: a county's history)."""
        return [add(*(self.cell(r, tg, m, hg) for r in regions for tg in GROUPS)) for m in months]


def add(*parts: Bounds) -> Bounds:
    return sum(p[0] for p in parts), sum(p[1] for p in parts)


def mean(values: list[Bounds]) -> Bounds:
    lo, hi = add(*values)
    return lo / len(values), hi / len(values)


def change(new: Bounds, old: Bounds) -> Bounds:
    return new[0] - old[1], new[1] - old[0]


def whole(x: float) -> int:
    """Rounded half away from zero, as people round."""
    return int(math.copysign(math.floor(abs(x) + 0.5), x))


def numbers(text: str) -> list[float]:
    return [
        float(n.replace("\u00a0", "").replace("\u2212", "-").replace(",", "."))
        for n in re.findall(NUM, text)
    ]


def assert_shows(text: str, expected: Bounds, where: object = "") -> None:
    """``text`` shows ``expected`` rounded to whole numbers: exact, "lo–hi"/"lo til hi", or
    "ca. n" when both bounds round alike; exact only when the bounds are equal."""
    lo, hi = expected
    shown = numbers(text)
    if lo == hi:
        assert shown[:1] == [whole(lo)] and "ca." not in text, (where, text, expected)
        assert not re.search(rf"{NUM}(–| til ){NUM}", text), (where, text, expected)
    elif whole(lo) == whole(hi):
        assert text.startswith("ca.\u00a0") and shown[:1] == [whole(lo)], (where, text, expected)
    else:
        assert shown[:2] == [whole(lo), whole(hi)], (where, text, expected)


def assert_cell(td: Tag, expected: Bounds, where: object = "") -> None:
    assert td["data-kind"] == ("exact" if expected[0] == expected[1] else "range"), (where, td)
    assert_shows(td.get_text(" ", strip=True), expected, where)


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text("utf-8"), "html.parser")


def key_figures(doc: BeautifulSoup) -> dict[str, list[str]]:
    """Key figure label → the texts under it (value, flag, changes, note)."""
    found = {}
    for item in doc.select(".key-figure"):
        found[item.dt.get_text(strip=True)] = [dd.get_text(" ", strip=True) for dd in item("dd")]
    return found


def table_rows(doc: BeautifulSoup, table_id: str) -> tuple[list[str], dict[str, list[Tag]]]:
    table = doc.find("table", id=f"tbl-{table_id}")
    assert table is not None, table_id
    columns = [th.get_text(strip=True) for th in table.thead.find_all("th")][1:]
    rows = {tr.th.get_text(strip=True): tr.find_all("td") for tr in table.tbody.find_all("tr")}
    return columns, rows


@pytest.fixture(scope="module")
def one_year() -> Plain:
    return Plain(BUNDLED)


@pytest.fixture(scope="module")
def two_years() -> Plain:
    return Plain(BUNDLED, SECOND_YEAR)


# ---- one year: averages, and no comparison with the year before --------------------------------


def test_every_page_of_one_year_gives_the_yearly_average(built_site: Path, one_year: Plain):
    pages = [
        ("index.html", one_year.total(["Hele landet"], MONTHS_2017)),
        *(
            (
                f"fylke/{p.name}",
                one_year.total([soup(p).h1.get_text().split(" i ")[-1]], MONTHS_2017),
            )
            for p in sorted((built_site / "fylke").glob("*.html"))
        ),
    ]
    assert len(pages) == 20
    for page, total in pages:
        doc = soup(built_site / page)
        figures = key_figures(doc)
        assert_shows(figures["Årsgjennomsnitt 2017"][0], mean(total), page)
        assert NOT_COMPARED in doc.select_one(".key-figures-note").get_text(), page
        assert not doc.select("figure[id$=-sesong]"), page
        assert "2016" not in doc.get_text(), page
    for tg in GROUPS:
        path = next(p for p in (built_site / "tiltaksgruppe").glob("*.html")
                    if soup(p).h1.get_text().endswith(tg))  # fmt: skip
        doc = soup(path)
        series = one_year.group("Hele landet", tg, MONTHS_2017)
        assert_shows(key_figures(doc)["Årsgjennomsnitt 2017"][0], mean(series), tg)
        assert NOT_COMPARED in doc.select_one(".key-figures-note").get_text(), tg


def test_averages_tables_of_one_year_equal_a_plain_computation(built_site: Path, one_year: Plain):
    index = soup(built_site / "index.html")
    columns, rows = table_rows(index, "forside-gjennomsnitt")
    assert columns == ["Årsgjennomsnitt 2017", "Deltakere desember 2017"]
    assert_cell(rows["Alle tiltaksgrupper"][0], mean(one_year.total(["Hele landet"], MONTHS_2017)))
    for tg in GROUPS:
        assert_cell(rows[tg][0], mean(one_year.group("Hele landet", tg, MONTHS_2017)), tg)
        assert rows[tg][1]["data-key"] == f"Hele landet|{tg}||2017-12"
    # A county where hidden cells make some averages ranges.
    _, rows = table_rows(
        soup(built_site / "fylke" / "finnmark.html"), "fylke-finnmark-gjennomsnitt"
    )
    kinds = set()
    for tg in GROUPS:
        expected = mean(one_year.group("Finnmark", tg, MONTHS_2017))
        assert_cell(rows[tg][0], expected, tg)
        kinds.add(rows[tg][0]["data-kind"])
    assert kinds == {"exact", "range"}
    page = next((built_site / "tiltaksgruppe").glob("jobbskaping*.html"))
    _, rows = table_rows(soup(page), f"tiltaksgruppe-{page.stem}-gjennomsnitt")
    for region in ["Hele landet", "Oslo", "Finnmark", "Øvrige områder", "Ukjent"]:
        tg = "Jobbskaping og egenetablering"
        assert_cell(rows[region][0], mean(one_year.group(region, tg, MONTHS_2017)), region)
    assert "skjulte verdier" in page.read_text("utf-8")


# ---- two years: the change from a year earlier leads --------------------------------------------


def percent(new: Bounds, old: Bounds) -> Bounds:
    return (new[0] / old[1] - 1) * 100, (new[1] / old[0] - 1) * 100


def assert_change_line(text: str, new: Bounds, old: Bounds, month: str) -> None:
    """ "+3 129 (+4,1 %) fra juni 2017", intervals where hidden cells are in either."""
    assert text.endswith(f" fra {month}"), text
    diff = change(new, old)
    head = text.split(" (")[0]
    assert_shows(head, diff, text)
    if diff[0] == diff[1]:
        pct = round((new[0] / old[0] - 1) * 100, 1)
        assert f"{pct:+.1f}".replace(".", ",").replace("-", "\u2212") + "\u00a0%" in text, text


def test_key_figures_lead_with_the_change_from_a_year_earlier(years_site: Path, two_years: Plain):
    for page, regions, history in [
        ("index.html", ["Hele landet"], ["Hele landet"]),
        ("fylke/oslo.html", ["Oslo"], ["Oslo"]),
        ("fylke/trondelag.html", ["Trøndelag"], ["Sør-Trøndelag", "Nord-Trøndelag"]),
    ]:
        doc = soup(years_site / page)
        assert not doc.select(".key-figures-note"), page
        value, *lines = key_figures(doc)["Deltakere i alt, juni 2018"]
        new = two_years.total(regions, MONTHS_2018)
        before = two_years.total(history, ["2017-06"])[0]
        assert_shows(value, new[-1], page)
        assert_change_line(lines[0], new[-1], before, "juni 2017")
        assert_change_line(lines[1], new[-1], new[-2], "mai 2018")
        value, change_line, note = key_figures(doc)["Gjennomsnitt hittil i år 2018"]
        assert_shows(value, mean(new), page)
        assert change_line.endswith(" fra januar–juni 2017")
        old = mean(two_years.total(history, MONTHS_2017[:6]))
        assert_shows(change_line.split(" (")[0], change(mean(new), old), page)
        assert note.startswith("Gjennomsnittet av månedstallene januar–juni 2018.")
        if history != regions:
            assert note.endswith("Før januar 2018: Sør-Trøndelag og Nord-Trøndelag til sammen.")
    south = soup(years_site / "fylke" / "sor-trondelag.html")
    assert (
        "Tallene for Sør-Trøndelag dekker bare 2017, så endring fra året før kan ikke vises."
        in (south.select_one(".key-figures-note").get_text())
    )


def test_averages_tables_of_two_years(years_site: Path, two_years: Plain):
    columns, rows = table_rows(soup(years_site / "index.html"), "forside-gjennomsnitt")
    assert columns == [
        "Årsgjennomsnitt 2017", "Gjennomsnitt hittil i år 2018", "Deltakere juni 2018",
        "Endring fra juni 2017", "Endring i prosent",
    ]  # fmt: skip
    for tg in GROUPS:
        series = two_years.group("Hele landet", tg, MONTHS_2017 + MONTHS_2018)
        assert_cell(rows[tg][0], mean(series[:12]), tg)
        assert_cell(rows[tg][1], mean(series[12:]), tg)
        assert_cell(rows[tg][3], change(series[-1], series[5]), tg)
    page = next((years_site / "tiltaksgruppe").glob("opplaering.html"))
    _, rows = table_rows(soup(page), "tiltaksgruppe-opplaering-gjennomsnitt")
    texts = {region: [td.get_text(strip=True) for td in cells] for region, cells in rows.items()}
    assert texts["Sør-Trøndelag"][1:] == ["–"] * 4  # no 2018 at all
    assert texts["Trøndelag"][0] == "–" and texts["Trøndelag"][3:] == ["–", "–"]
    oslo = two_years.group("Oslo", "Opplæring", MONTHS_2017 + MONTHS_2018)
    assert_cell(rows["Oslo"][1], mean(oslo[12:]))
    assert_cell(rows["Oslo"][3], change(oslo[-1], oslo[5]))


def test_tables_get_a_column_for_the_change_from_a_year_earlier(years_site: Path, two_years: Plain):
    doc = soup(years_site / "index.html")
    columns, rows = table_rows(doc, "forside-totalt")
    assert columns[2] == "Endring fra samme måned året før"
    total = two_years.total(["Hele landet"], MONTHS_2017 + MONTHS_2018)
    assert rows["juni 2017"][2].get_text(strip=True) == "–"
    for i, month in enumerate(MONTHS_2018):
        assert_cell(rows[month_name(month)][2], change(total[12 + i], total[i]), month)
    columns, rows = table_rows(doc, "forside-fylker")
    assert columns[-1] == "Endring fra juni 2017"
    assert rows["Trøndelag"][-1].get_text(strip=True) == "–"
    oslo = two_years.total(["Oslo"], ["2017-06", "2018-06"])
    assert_cell(rows["Oslo"][-1], change(oslo[1], oslo[0]))


def test_summaries_say_the_change_from_a_year_earlier(years_site: Path, two_years: Plain):
    doc = soup(years_site / "index.html")
    total = two_years.total(["Hele landet"], ["2017-06", "2018-06"])
    diff = total[1][0] - total[0][0]
    word = "flere" if diff > 0 else "færre"
    summary = doc.select_one("#fig-forside-totalt-summary").get_text()
    assert f"{fmt_int(abs(diff))} {word} enn i juni 2017 (" in summary, summary
    opplaering = soup(years_site / "tiltaksgruppe" / "opplaering.html")
    summary = opplaering.select_one("#fig-tiltaksgruppe-opplaering-hovedgrupper-summary")
    assert "Fra juni 2017 til juni 2018" in summary.get_text()


# ---- two years: the seasonal view --------------------------------------------------------------


def test_seasonal_view_lays_the_years_over_each_other(years_site: Path, two_years: Plain):
    doc = soup(years_site / "index.html")
    figure = doc.find("figure", id="fig-forside-sesong")
    assert figure is not None and figure.find("svg") is not None
    columns, rows = table_rows(doc, "forside-sesong")
    assert columns[0] == "januar" and columns[11] == "desember" and columns[12] == "Gjennomsnitt"
    assert list(rows) == ["2017", "2018"]
    total = two_years.total(["Hele landet"], MONTHS_2017 + MONTHS_2018)
    for i, month in enumerate(MONTHS_2017 + MONTHS_2018):
        assert_cell(rows[month[:4]][int(month[5:]) - 1], total[i], month)
    assert [td.get_text(strip=True) for td in rows["2018"][6:12]] == ["–"] * 6
    assert_cell(rows["2017"][12], mean(total[:12]))
    assert_cell(rows["2018"][12], mean(total[12:]))
    summary = figure.select_one(".chart-summary").get_text()
    exact_2017 = {m: lo for m, (lo, hi) in zip(MONTHS_2017, total[:12], strict=True) if lo == hi}
    lowest = min(exact_2017, key=exact_2017.__getitem__)
    assert f"færrest i {month_name(lowest).split()[0]} ({fmt_int(exact_2017[lowest])})" in summary
    spec = page_specs(years_site / "index.html")["fig-forside-sesong"]["wide"]
    series = {d["serie"] for values in spec["data"] for d in values.get("values", [])}
    assert {"2017", "2018"} <= series


def test_seasonal_view_of_a_tiltaksgruppe_shows_the_export_as_printed(years_site: Path):
    _, rows = table_rows(soup(years_site / "tiltaksgruppe" / "opplaering.html"),
                         "tiltaksgruppe-opplaering-sesong")  # fmt: skip
    keys = [td["data-key"] for tds in rows.values() for td in tds if td.has_attr("data-key")]
    assert len(keys) == 18 and keys[0] == "Hele landet|Opplæring||2017-01"


def test_seasonal_view_marks_the_county_reform(years_site: Path, two_years: Plain):
    doc = soup(years_site / "fylke" / "trondelag.html")
    figure = doc.find("figure", id="fig-fylke-trondelag-sesong")
    assert "Sør-Trøndelag og Nord-Trøndelag" in figure.select_one(".chart-breaks").get_text()
    assert "brudd 2018" in figure.find("svg").get_text()
    block = figure.find_parent("div", class_="figure-block")
    assert "Brudd i serien fra januar 2018" in block.select_one(".table-notes").get_text()
    _, rows = table_rows(doc, "fylke-trondelag-sesong")
    parts = two_years.total(["Sør-Trøndelag", "Nord-Trøndelag"], MONTHS_2017)
    for i, month in enumerate(MONTHS_2017):
        assert_cell(rows["2017"][i], parts[i], month)
    assert not soup(years_site / "fylke" / "sor-trondelag.html").select("figure[id$=-sesong]")


# ---- the reform input: two calendar years, but no month a year earlier -------------------------


def test_a_span_without_the_same_month_a_year_earlier_says_so():
    names = ("tiltak-2017.txt", "tiltak-2018-hittil.txt", "tiltak-2018.txt")
    data = build_dataset([read_export(REFORM / n) for n in names], default_catalog())
    pages = PageBuilder(data, lambda path: "").all_pages()
    index = pages[0]
    assert index.key_figures_note == (
        "Tallene begynner i oktober 2017, så endring fra mars 2017 kan ikke vises."
    )
    labels = [k.label for k in index.key_figures]
    assert "Gjennomsnitt hittil i år 2018" in labels
    [averages] = [t for t in index.tables if t.with_key_figures]
    assert averages.columns[:2] == [
        "Gjennomsnitt oktober–desember 2017",
        "Gjennomsnitt hittil i år 2018",
    ]
    for page in pages:
        assert not [f for f in page.figures if f.id.endswith("-sesong")], page.path
        assert all(not k.second_change for k in page.key_figures), page.path


# ---- the arithmetic ----------------------------------------------------------------------------

counts = st.lists(st.one_of(st.none(), st.integers(0, 5000)), min_size=1, max_size=12)


@settings(deadline=None, derandomize=True, database=None, max_examples=300)
@given(values=counts, other=counts)
def test_an_average_with_a_hidden_cell_is_never_exact(values, other):
    months = [f"2017-{m:02d}" for m in range(1, len(values) + 1)]
    average = Average.of(months, [Count.printed(v) for v in values])
    assert (average.kind is Kind.EXACT) == (None not in values)
    fillings = itertools.product(*[range(4) if v is None else [v] for v in values])
    for filled in itertools.islice(fillings, 300):
        assert average.lo <= sum(filled) / len(filled) <= average.hi
    text = fmt_average(average)
    if average.kind is not Kind.EXACT:
        assert average.lo < average.hi
        assert text.startswith("ca.\u00a0") or re.search(r"\d–\d", text), text
    earlier = (other * len(values))[: len(values)]
    before = Average.of(months, [Count.printed(v) for v in earlier])
    diff = average.minus(before)
    assert (diff.kind is Kind.EXACT) == (None not in values + earlier)


def test_averages_are_named_as_nav_names_them():
    months = MONTHS_2017 + MONTHS_2018
    assert [s.label for s in year_spans(months, "2018-06")] == [
        "Årsgjennomsnitt 2017",
        "Gjennomsnitt hittil i år 2018",
    ]
    assert [s.label for s in year_spans(["2017-10", "2017-11", "2017-12"], "2018-03")] == [
        "Gjennomsnitt oktober–desember 2017"
    ]
    assert fmt_average(Average.of(["2017-01", "2017-02"], [Count(100, 103, 1)] * 2)) == ("100–103")
    one_hidden = Average.of(MONTHS_2017, [Count.exact(1000)] * 11 + [Count.hidden()])
    assert fmt_average(one_hidden) == "ca.\u00a0917"  # 916,7–916,9
    assert no_comparison_note(MONTHS_2017, "Oslo") == (
        "Tallene for Oslo dekker bare 2017, så endring fra året før kan ikke vises."
    )


def test_a_seasonal_view_needs_a_month_of_the_year_twice():
    assert seasonal_years(MONTHS_2017, 6) == []
    assert seasonal_years(["2017-10", "2017-11", "2017-12", "2018-01", "2018-02"], 6) == []
    assert seasonal_years(MONTHS_2017 + MONTHS_2018, 6) == ["2017", "2018"]
    ten = [f"{y}-{m:02d}" for y in range(2008, 2018) for m in range(1, 13)]
    assert seasonal_years(ten, 6) == [str(y) for y in range(2012, 2018)]


# ---- the chart ---------------------------------------------------------------------------------


def point(month: str, value: float | None = None, **kw: float) -> Point:
    if kw:
        return Point(month, month[:4], Kind.RANGE, None, kw["lo"], kw["hi"], "x")
    if value is None:
        return Point(month, month[:4], Kind.HIDDEN, None, None, None, "skjult (0–3)")
    return Point(month, month[:4], Kind.EXACT, value, value, value, fmt_int(value))


def seasonal_rows() -> list[Point]:
    rows = [point(m, 1000 + 50 * i) for i, m in enumerate(MONTHS_2017)]
    rows[6] = point("2017-07")  # hidden
    rows += [point(m, 1100 + 40 * i) for i, m in enumerate(MONTHS_2018)]
    rows[13] = point("2018-02", lo=1130, hi=1145)
    return rows


def scene(spec: dict) -> list[tuple[str, dict]]:
    graph = vlc.vegalite_to_scenegraph(spec, vl_version="6.4")["scenegraph"]

    def walk(node: dict):
        for item in node.get("items", []):
            yield node["marktype"], item
            for child in item.get("items", []):
                yield from walk(child)

    return list(walk(graph))


def test_seasonal_chart_is_valid_and_hides_what_is_hidden():
    from altair.utils.schemapi import validate_jsonschema
    from altair.vegalite.v6.schema import load_schema

    assert CHART_KINDS["seasonal_lines"] is seasonal_lines
    spec = seasonal_lines(seasonal_rows(), title="t", description="d", y_title="Deltakere",
                          breaks=[("2018-01", "ny inndeling")])  # fmt: skip
    assert validate_jsonschema(spec, load_schema(), raise_error=False) is None
    rows = [r for values in spec["datasets"].values() for r in values if "type" in r]
    hidden = [r for r in rows if r["type"] == "hidden"]
    assert len(hidden) == 1 and all(
        hidden[0][k] is None for k in ("verdi", "lo", "hi", "midt", "baand_lo", "baand_hi")
    )
    assert {r["mnd"] for r in rows} == {"jan", "feb", "mar", "apr", "mai", "jun", "jul", "aug",
                                        "sep", "okt", "nov", "des"}  # fmt: skip
    svg = vlc.vegalite_to_svg(spec, vl_version="6.4")
    assert "brudd 2018" in svg and "2017" in svg and "2018" in svg
    items = scene(spec)
    points = sorted(
        {round(i["x"], 1) for m, i in items if m == "symbol" and i.get("stroke") == "white"}
    )
    [rule] = [i for m, i in items if m == "rule" and i.get("strokeDash")]
    assert rule["x"] < points[0], "a break in January stands before January"
    labels = [i for m, i in items if m == "text" and i.get("text") in ("2017", "2018")]
    assert len(labels) == 2 and all(label["x"] > points[-1] for label in labels)
    with pytest.raises(ValueError, match="at most 6"):
        seven = [point(f"{y}-01", 10) for y in range(2010, 2017)]
        seasonal_lines(seven, title="t", description="d", y_title="A")


@pytest.mark.parametrize("phone", [False, True], ids=["wide", "phone"])
def test_seasonal_month_labels_never_run_into_each_other(phone: bool):
    options = PHONE["seasonal_lines"] if phone else {}
    spec = seasonal_lines(seasonal_rows(), title="t", description="d", y_title="Deltakere",
                          **options)  # fmt: skip
    [labels] = list(x_axis_labels(spec))
    assert len(labels) == (6 if phone else 12)
    for (a, (_, a_right)), (b, (b_left, _)) in itertools.pairwise(labels):
        assert b_left - a_right >= 4, f"{a!r} runs into {b!r}"
