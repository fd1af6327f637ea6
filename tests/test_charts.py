"""Tests for the chart specs and summaries: privacy of hidden cells first, then rendering."""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

import pytest
import vl_convert as vlc
from chart_text import x_axis_labels

from generator.charts.bars import bar_chart
from generator.charts.line import line_chart
from generator.charts.month_bars import month_bars
from generator.charts.registry import CHART_KINDS, specs
from generator.charts.small_multiples import small_multiples
from generator.charts.style import HIGHLIGHT, MAIN, PALETTE
from generator.months import month_name
from generator.numbers import (
    EN_DASH,
    Count,
    Kind,
    Ratio,
    fmt_count,
    fmt_int,
    fmt_pct,
    fmt_ratio_pct,
)
from generator.plan import summaries
from generator.plan.chart_input import Point, rows_json
from generator.plan.chart_job import ChartJob
from generator.plan.figures import PHONE

NBSP = "\u00a0"
MINUS = "\u2212"
VL = "6.4"
LOCALE = {
    "format_locale": {
        "decimal": ",",
        "thousands": NBSP,
        "grouping": [3],
        "currency": ["", " kr"],
    },
    "time_format_locale": "nb-NO",
}
MONTHS = [f"2017-{m:02d}" for m in range(1, 7)]


def row(key: str, serie: str, value: float | None = None, **kw: Any) -> Point:
    """One point; ``value`` exact, or ``skjult=True``, or ``lo``/``hi`` for a range. ``key``
    is the month, or the category of a bar chart (whose ``serie`` is empty)."""
    if kw.get("skjult"):
        return Point(key, serie, Kind.HIDDEN, None, None, None, "skjult (0–3)")
    if value is None:
        lo, hi = kw["lo"], kw["hi"]
        return Point(key, serie, Kind.RANGE, None, lo, hi, f"{fmt_int(lo)}–{fmt_int(hi)}")
    return Point(key, serie, Kind.EXACT, value, value, value, fmt_int(value))


@pytest.fixture
def two_series() -> list[Point]:
    """Two series over six months: A has a hidden March, B a range in April."""
    a = [1200, 1500, None, 1800, 900, 1000]
    b = [400, 420, 430, None, 470, 300]
    rows = []
    for m, v in zip(MONTHS, a, strict=True):
        rows.append(row(m, "Opplæring", v) if v is not None else row(m, "Opplæring", skjult=True))
    for m, v in zip(MONTHS, b, strict=True):
        rows.append(
            row(m, "Oppfølging", v) if v is not None else row(m, "Oppfølging", lo=440, hi=449)
        )
    return rows


@pytest.fixture
def categories() -> list[Point]:
    cats = [("Oslo", 4288), ("Akershus", 2063), ("Hedmark", None), ("Telemark", 620)]
    rows = [row(name, "", v) if v is not None else row(name, "", skjult=True) for name, v in cats]
    rows.append(row("Øvrige", "", lo=10, hi=16))
    return rows


def of_serie(rows: list[Point], serie: str) -> list[Point]:
    return [p for p in rows if p.serie == serie]


def records(spec: dict[str, Any]) -> list[dict[str, Any]]:
    """The inline data rows of a spec (top-level data, or a named dataset)."""
    data = spec["data"]
    assert "url" not in data, "charts must not load external data"
    if "values" in data:
        return data["values"]
    return spec["datasets"][data["name"]]


def items(spec: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every rendered scenegraph item as (marktype, item)."""
    scene = vlc.vegalite_to_scenegraph(spec, vl_version=VL, **LOCALE)["scenegraph"]

    def walk(node: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
        for item in node.get("items", []):
            yield node["marktype"], item
            for child in item.get("items", []):
                yield from walk(child)

    yield from walk(scene)


def assert_no_number_for_hidden(spec: dict[str, Any]) -> None:
    hidden = [r for r in records(spec) if r.get("type") == "hidden"]
    assert hidden, "the fixture has a hidden cell"
    for r in hidden:
        for field in ("verdi", "lo", "hi", "midt", "baand_lo", "baand_hi", "etikett_x"):
            assert r.get(field) is None, (field, r)


# --- number formatting ----------------------------------------------------------------------


def test_fmt_int_uses_no_break_space_and_real_minus() -> None:
    assert fmt_int(18344) == f"18{NBSP}344"
    assert fmt_int(1234567) == f"1{NBSP}234{NBSP}567"
    assert fmt_int(-1487) == f"{MINUS}1{NBSP}487"
    assert fmt_int(999) == "999"
    assert fmt_int(12, signed=True) == "+12"
    assert fmt_int(2.5) == "3"  # rounds half up, like the tables


def test_fmt_pct_and_month() -> None:
    assert fmt_pct(7.1) == f"7,1{NBSP}%"
    assert fmt_pct(-8.06) == f"{MINUS}8,1{NBSP}%"
    assert fmt_pct(-0.01) == f"0,0{NBSP}%"  # no "minus zero"
    assert fmt_pct(1234.5, 0) == f"1{NBSP}235{NBSP}%"
    assert month_name("2017-01") == "januar 2017"
    assert month_name("2018-12") == "desember 2018"
    with pytest.raises(ValueError):
        month_name("2017-13")


def test_signed_intervals_read_as_words() -> None:
    """A dash between two minus signs reads as subtraction: signed bounds are joined by "til"."""
    assert fmt_count(Count(2729, 2732, 1)) == f"2{NBSP}729{EN_DASH}2{NBSP}732"
    assert fmt_count(Count(-14, -8, 2), signed=True) == f"{MINUS}14 til {MINUS}8"
    assert fmt_count(Count(-2, 1, 1), signed=True) == f"{MINUS}2 til +1"
    assert fmt_count(Count(3, 7, 1), signed=True) == "+3 til +7"
    assert fmt_ratio_pct(Ratio(-0.05, 0.02, False), signed=True) == (f"{MINUS}5,0 til +2,0{NBSP}%")
    assert fmt_ratio_pct(Ratio(0.05, 0.07, False)) == f"5,0{EN_DASH}7,0{NBSP}%"


def test_a_share_range_narrower_than_its_last_decimal_reads_as_one_value() -> None:
    """3.4579–3.4615 % rounds to 3,5 at both ends, and so does every share between them:
    "ca. 3,5 %" says as much as "3,5–3,5 %", and reads better."""
    assert fmt_ratio_pct(Ratio(0.034579, 0.034615, False)) == f"ca.{NBSP}3,5{NBSP}%"
    assert fmt_ratio_pct(Ratio(0.034579, 0.03462, False)) == f"ca.{NBSP}3,5{NBSP}%"
    assert fmt_ratio_pct(Ratio(0.03444, 0.03462, False)) == f"3,4{EN_DASH}3,5{NBSP}%"


# --- privacy --------------------------------------------------------------------------------


def test_hidden_cell_with_a_value_is_refused(two_series: list[Point]) -> None:
    leaky = json.loads(rows_json(two_series))
    for point in leaky:
        if point[2] == "hidden":
            point[3] = 2.0
    options = {"title": "t", "description": "d", "y_title": "Antall"}
    job = ChartJob("line_chart", json.dumps(leaky), options, PHONE["line_chart"])
    with pytest.raises(ValueError, match="hidden"):
        specs(job)
    with pytest.raises(ValueError, match="hidden"):
        Point("2017-03", "A", Kind.HIDDEN, None, 0, 3, "skjult (0–3)")


def test_planned_points_survive_their_json(
    two_series: list[Point], categories: list[Point]
) -> None:
    for points in (two_series, categories):
        assert [Point.from_json(r) for r in json.loads(rows_json(points))] == points


def test_line_chart_hidden_is_a_gap_and_a_marker_not_a_value(two_series: list[Point]) -> None:
    spec = line_chart(two_series, title="t", description="d", y_title="Antall")
    assert_no_number_for_hidden(spec)
    drawn = list(items(spec))
    filled = [i for m, i in drawn if m == "symbol" and i.get("fill") != "transparent"]
    hollow = [i for m, i in drawn if m == "symbol" and i.get("fill") == "transparent"]
    exact = sum(p.kind is Kind.EXACT for p in two_series)
    assert len(filled) == exact  # no point for the hidden month or the range
    assert len(hollow) == 1
    # The hidden marker sits below every value, i.e. under the x-axis line, not at 0.
    assert hollow[0]["y"] > max(i["y"] for i in filled)
    solid = [i for m, i in drawn if m == "line" and not i.get("strokeDash")]
    defined = [i.get("defined") for i in solid if i.get("stroke") == PALETTE[0]]
    assert defined == [True, True, False, True, True, True]  # the line breaks in March


def test_line_chart_draws_a_range_as_band_not_a_point(two_series: list[Point]) -> None:
    spec = line_chart(two_series, title="t", description="d", y_title="Antall")
    (rng,) = [r for r in records(spec) if r.get("type") == "range"]
    assert rng["verdi"] is None
    assert (rng["baand_lo"], rng["baand_hi"]) == (440, 449)
    drawn = list(items(spec))
    rules = [i for m, i in drawn if m == "rule" and i.get("stroke") == PALETTE[1]]
    assert len(rules) == 1 and rules[0]["y"] != rules[0]["y2"]
    dashed = [i for m, i in drawn if m == "line" and i.get("strokeDash")]
    assert any(i.get("defined") for i in dashed)


def test_bar_chart_hidden_has_no_bar_but_the_word_skjult(categories: list[Point]) -> None:
    spec = bar_chart(categories, title="t", description="d", x_title="Antall")
    assert_no_number_for_hidden(spec)
    drawn = list(items(spec))
    full_bars = [i for m, i in drawn if m == "rect" and i.get("fill") == MAIN]
    assert len(full_bars) == 3  # Oslo, Akershus, Telemark
    texts = [i.get("text") for m, i in drawn if m == "text"]
    assert texts.count("skjult") == 1
    assert "10–16" in texts  # the range is labelled as a range
    assert f"4{NBSP}288" in texts


def test_month_bars_hidden_and_range() -> None:
    rows = [row(m, "Telemark", 20 + i) for i, m in enumerate(MONTHS[:4])]
    rows += [row(MONTHS[4], "Telemark", skjult=True), row(MONTHS[5], "Telemark", lo=5, hi=8)]
    spec = month_bars(rows, title="t", description="d", y_title="Antall")
    assert_no_number_for_hidden(spec)
    drawn = list(items(spec))
    assert len([i for m, i in drawn if m == "rect" and i.get("fill") == MAIN]) == 4
    texts = [i.get("text") for m, i in drawn if m == "text"]
    assert "skjult" in texts and "5–8" in texts


def test_small_multiples_hidden(two_series: list[Point]) -> None:
    spec = small_multiples(two_series, title="t", description="d", y_title="Antall")
    assert_no_number_for_hidden(spec)


# --- the spec contract ----------------------------------------------------------------------


def all_specs(two_series: list[Point], categories: list[Point]) -> dict[str, dict[str, Any]]:
    one = of_serie(two_series, "Opplæring")
    return {
        "line": line_chart(two_series, title="T", description="Beskrivelse", y_title="A"),
        "multiples": small_multiples(two_series, title="T", description="Beskrivelse", y_title="A"),
        "bars": bar_chart(
            categories, title="T", description="Beskrivelse", x_title="A", highlight="Akershus"
        ),
        "month_bars": month_bars(one, title="T", description="Beskrivelse", y_title="A"),
    }


def test_every_spec_renders_and_follows_the_house_rules(
    two_series: list[Point], categories: list[Point]
) -> None:
    for name, spec in all_specs(two_series, categories).items():
        assert spec["description"] == "Beskrivelse", name
        assert spec["usermeta"]["title"] == "T", name
        # The chart title is left to the figcaption; a title here is only the key underneath.
        title = spec.get("title")
        assert title is None or title["orient"] == "bottom", name
        assert "T" not in (title or {}).get("text", []), name
        assert spec["config"]["view"]["stroke"] is None, name
        assert spec["config"]["aria"] is False, name
        assert "url" not in json.dumps(spec["data"]), name
        svg = vlc.vegalite_to_svg(spec, vl_version=VL, **LOCALE)
        assert svg.startswith("<svg"), name
        assert 'href="http' not in svg, name


def test_specs_are_deterministic(two_series: list[Point], categories: list[Point]) -> None:
    first = json.dumps(all_specs(two_series, categories), sort_keys=True)
    second = json.dumps(all_specs(list(two_series), list(categories)), sort_keys=True)
    assert first == second


def test_line_chart_refuses_seven_series() -> None:
    rows = [row(m, f"Serie {i}", 10 + i) for i in range(7) for m in MONTHS]
    with pytest.raises(ValueError, match="at most 6"):
        line_chart(rows, title="t", description="d", y_title="A")
    six = [r for r in rows if r.serie != "Serie 6"]
    spec = line_chart(six, title="t", description="d", y_title="A")
    labels = [r["etikett"] for r in spec["datasets"][spec["layer"][-1]["data"]["name"]]]
    assert len(labels) == 6  # every line is labelled at its end


def test_end_labels_do_not_overlap() -> None:
    rows = [row(m, name, v) for name, v in (("A", 100), ("B", 101), ("C", 102)) for m in MONTHS]
    spec = line_chart(rows, title="t", description="d", y_title="Antall")
    ys = sorted(i["y"] for m, i in items(spec) if m == "text" and i.get("text") in ("A", "B", "C"))
    assert len(ys) == 3
    assert all(b - a >= 12 for a, b in itertools.pairwise(ys))


def months_from(start: str, count: int) -> list[str]:
    year, month = map(int, start.split("-"))
    first = year * 12 + month - 1
    return [f"{m // 12}-{m % 12 + 1:02d}" for m in range(first, first + count)]


TIME_CHARTS = {
    "line_chart": {"y_title": "Deltakere"},
    "small_multiples": {"y_title": "Deltakere"},
    "month_bars": {"y_title": "Deltakere"},
}


@pytest.mark.parametrize("kind", TIME_CHARTS)
@pytest.mark.parametrize("phone", [False, True], ids=["wide", "phone"])
@pytest.mark.parametrize("count", [2, 6, 12, 13, 24, 36, 60, 120, 240])
def test_month_labels_never_run_into_each_other(kind: str, phone: bool, count: int) -> None:
    """Every span a publisher may build, from two months to twenty years, on wide screens and
    on phones: the month and year labels under the x-axis stand apart, at least 4 px."""
    series = ["Opplæring"] if kind == "month_bars" else ["Opplæring", "Oppfølging"]
    for start in ("2008-01", "2017-07"):
        rows = [row(m, s, 1000 + 37 * i) for s in series
                for i, m in enumerate(months_from(start, count))]  # fmt: skip
        options = {**TIME_CHARTS[kind], **(PHONE[kind] if phone else {})}
        spec = CHART_KINDS[kind](rows, title="t", description="d", **options)
        axes = list(x_axis_labels(spec))
        assert axes, "the chart has an x-axis"
        for labels in axes:
            assert labels, f"{start}+{count}: an x-axis without labels"
            for (a, (_, a_right)), (b, (b_left, _)) in itertools.pairwise(labels):
                assert b_left - a_right >= 4, f"{start}+{count}: {a!r} runs into {b!r}"


@pytest.mark.parametrize("kind", ["line_chart", "small_multiples"])
def test_months_too_close_for_a_point_each_keep_the_line_and_the_hidden_markers(
    kind: str,
) -> None:
    """A ten-year series on a phone has under 4 px per month: a point each would merge into a
    beaded band over the line. The points stay, invisible, as the live chart's tooltip targets;
    the hollow markers for hidden months stay in sight."""
    for count, shown in ((12, 1), (120, 0)):
        rows = [row(m, s, 1000 + i) for s in ("A", "B")
                for i, m in enumerate(months_from("2008-01", count))]  # fmt: skip
        rows[5] = row(rows[5].key, "A", skjult=True)
        spec = CHART_KINDS[kind](rows, title="t", description="d", y_title="A", **PHONE[kind])
        symbols = [i for m, i in items(spec) if m == "symbol"]
        points = [i for i in symbols if i.get("stroke") == "white"]
        markers = [i for i in symbols if i.get("fill") == "transparent"]
        assert len(points) == 2 * count - 1 and len(markers) == 1, count
        assert {i["opacity"] for i in points} == {shown}, count
        assert markers[0]["opacity"] == 1


def test_end_labels_and_breaks_stand_at_their_months() -> None:
    """Labels go in the right margin, even for a series whose last months are hidden, and a
    break's rule stands between the two months it separates (layers with their own rows)."""
    months = [f"2017-{m:02d}" for m in range(1, 13)]
    rows = [row(m, "Stor", 100 + i) for i, m in enumerate(months)]
    rows += [row(m, "Liten", 50) if i < 6 else row(m, "Liten", skjult=True)
             for i, m in enumerate(months)]  # fmt: skip
    spec = line_chart(
        rows, title="t", description="d", y_title="Antall",
        breaks=[("2017-07", "ny inndeling")],
    )  # fmt: skip
    scene = list(items(spec))
    points = sorted(i["x"] for m, i in scene if m == "symbol" and "x" in i)
    labels = [i for m, i in scene if m == "text" and i.get("text") in ("Stor", "Liten")]
    assert len(labels) == 2
    assert all(label["x"] >= points[-1] for label in labels), (labels, points[-1])
    month_x = sorted(set(points))
    [rule] = [i for m, i in scene if m == "rule" and i.get("strokeDash")]
    assert month_x[5] < rule["x"] < month_x[6], (rule["x"], month_x[5:7])


def test_bar_chart_keeps_order_and_highlights(categories: list[Point]) -> None:
    spec = bar_chart(categories, title="t", description="d", x_title="Antall", highlight="Akershus")
    drawn = list(items(spec))
    cats = [p.key for p in categories]
    assert [i["text"] for m, i in drawn if m == "text" and i.get("text") in cats] == cats
    highlighted = [i for m, i in drawn if m == "rect" and i.get("fill") == HIGHLIGHT]
    assert len(highlighted) == 1
    with pytest.raises(ValueError):
        bar_chart(categories, title="t", description="d", x_title="A", highlight="Bergen")


def test_line_chart_months_are_norwegian(two_series: list[Point]) -> None:
    spec = line_chart(two_series, title="t", description="d", y_title="Antall")
    texts = [i.get("text") for m, i in items(spec) if m == "text"]
    flat = [t for x in texts for t in (x if isinstance(x, list) else [x])]
    assert {"jan", "feb", "mar", "apr", "mai", "jun", "2017"} <= set(flat)
    assert any(r.get("maaned") == "mars 2017" for r in records(spec))


# --- summaries ------------------------------------------------------------------------------


def test_summary_of_one_series(two_series: list[Point]) -> None:
    one = of_serie(two_series, "Opplæring")
    text = summaries.summarize_series(one)
    assert text.startswith(f"Opplæring hadde 1{NBSP}000 deltakere i juni 2017")
    assert f"200 færre enn i januar ({MINUS}16,7{NBSP}%)" in text
    assert f"Flest var det i april 2017 (1{NBSP}800)" in text
    assert "færrest i mai 2017 (900)" in text
    # The hidden month is named as left out, never as a value or as the lowest month.
    assert "skjulte tall (mars 2017) er holdt utenfor" in text
    assert "færrest i mars" not in text


def test_summary_never_reveals_a_hidden_value() -> None:
    rows = [row("2017-01", "X", 10), row("2017-02", "X", skjult=True), row("2017-03", "X", 12)]
    text = summaries.summarize_series(rows)
    assert "februar 2017" in text
    for leak in ("(0)", "(1)", "(2)", "(3)", "0–3)"):
        assert leak not in text.replace("(februar 2017)", "")


def test_summary_with_a_range_gives_a_range(two_series: list[Point]) -> None:
    # Ends on the range 440–449.
    one = [p for p in of_serie(two_series, "Oppfølging") if p.key <= "2017-04"]
    text = summaries.summarize_series(one)
    assert "mellom 440 og 449 deltakere i april 2017" in text
    assert "endringen fra januar er mellom +40 og +49" in text


def test_summary_hidden_last_month() -> None:
    rows = [row("2017-01", "X", 10), row("2017-02", "X", skjult=True)]
    assert "februar 2017 er skjult (0–3)" in summaries.summarize_series(rows)


def test_summary_of_several_series(two_series: list[Point]) -> None:
    text = summaries.summarize_series(two_series)
    assert f"hadde Opplæring flest deltakere (1{NBSP}000), Oppfølging færrest (300)" in text
    # Both fell; Opplæring fell most (−200).
    assert f"Opplæring mest ({MINUS}200, {MINUS}16,7{NBSP}%)" in text
    rows = [row(m, "Opp", 100 + 10 * i) for i, m in enumerate(MONTHS)]
    rows += [row(m, "Ned", 100 - 10 * i) for i, m in enumerate(MONTHS)]
    text = summaries.summarize_series(rows)
    assert "økte Opp mest (+50, +50,0" in text and f"Ned gikk mest ned ({MINUS}50" in text


def test_summary_of_shares() -> None:
    rows = [row("2017-01", "Kvinner", 48.2), row("2017-06", "Kvinner", 50.5)]
    rows = [replace(r, tekst=fmt_pct(r.value or 0)) for r in rows]
    text = summaries.summarize_series(rows, unit="prosent", decimals=1)
    assert f"Kvinner var 50,5{NBSP}% i juni 2017" in text
    assert "2,3 prosentpoeng høyere enn i januar" in text


def test_summary_of_a_share_range_narrower_than_its_last_decimal() -> None:
    rows = [row("2017-01", "Andel", lo=3.41, hi=3.44), row("2017-06", "Andel", lo=3.512, hi=3.519)]
    rows = [replace(r, tekst=f"{r.hi}") for r in rows]
    text = summaries.summarize_series(rows, unit="prosent", decimals=1)
    assert f"Andel var omtrent 3,5{NBSP}% i juni 2017" in text
    assert "omtrent 0,1 prosentpoeng høyere enn i januar" in text
    assert "mellom" not in text
    rows[0] = replace(rows[0], lo=3.512, hi=3.519)
    text = summaries.summarize_series(rows, unit="prosent", decimals=1)
    assert "omtrent det samme som i januar" in text


def test_summary_of_bars(categories: list[Point]) -> None:
    text = summaries.summarize_bars(categories, highlight="Akershus")
    assert f"Oslo hadde flest deltakere (4{NBSP}288)" in text
    assert "Øvrige færrest (10–16)" in text  # a range that is certainly the smallest
    assert "Hedmark med skjult tall" in text
    assert f"Akershus hadde 2{NBSP}063" in text
    # 4 288 + 2 063 + 620 + (0–3) + (10–16)
    assert f"mellom 6{NBSP}981 og 6{NBSP}990 deltakere" in text
    exact = [p for p in categories if p.key in ("Oslo", "Akershus", "Telemark")]
    text = summaries.summarize_bars(exact, highlight="Akershus")
    assert f"Til sammen 6{NBSP}971 deltakere." in text
    assert "nummer 2 av 3" in text


def test_every_kind_of_chart_is_valid_vega_lite():
    """Specs are built without Altair's validation (it is slow); check the schema here."""
    from altair.utils.schemapi import validate_jsonschema
    from altair.vegalite.v6.schema import load_schema

    schema = load_schema()
    months = ["2017-01", "2017-02", "2017-03"]
    frame = [
        point
        for s in ("A", "B")
        for point in (row(months[0], s, 10), row(months[1], s, skjult=True),
                      row(months[2], s, lo=12, hi=15))
    ]  # fmt: skip
    bars = [replace(p, key=p.serie, serie="") for p in frame if p.key == "2017-01"]
    made = [
        line_chart(frame, title="t", description="d", y_title="y",
                          breaks=[("2017-02", "brudd")]),
        small_multiples(frame, title="t", description="d", y_title="y"),
        month_bars(of_serie(frame, "A"), title="t", description="d", y_title="y",
                          breaks=[("2017-02", "brudd")]),
        bar_chart(bars, title="t", description="d", x_title="x"),
    ]  # fmt: skip
    for spec in made:
        assert validate_jsonschema(spec, schema, raise_error=False) is None
