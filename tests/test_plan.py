"""Planning figures from numbers that do not add up: the build goes on and shows them as computed.

The checks warn the publisher when a county's count exceeds the country's; the page must still
be made, with the share drawn and written as it was computed."""

from __future__ import annotations

from generator.charts.registry import specs
from generator.numbers import NBSP, Count
from generator.plan.figures import share_figure

MONTHS = ["2017-01", "2017-02"]


def _share_rows(spec: dict) -> list[dict]:
    return [r for rows in spec["datasets"].values() for r in rows if "type" in r]


def test_a_county_typed_with_an_extra_digit_gets_a_share_above_the_whole() -> None:
    """5 000 and 5 100 where 500 and 510 were meant, against a country with hidden cells: the
    share's interval lies above 100 %, and is shown as computed rather than stopping the build."""
    county = [Count.exact(5000), Count.exact(5100)]
    national = [Count(4400, 4403, 1), Count(4500, 4506, 2)]
    figure = share_figure("oslo-andel", "Oslo", MONTHS, county, national)
    assert figure.job is not None
    wide, phone = specs(figure.job)
    for spec in (wide, phone):
        rows = _share_rows(spec)
        assert [r["type"] for r in rows] == ["range", "range"]
        assert all(100 < r["lo"] <= r["hi"] for r in rows), rows
    assert f"113,6{NBSP}%" in figure.summary
    assert [row.cells[2].kind for row in figure.table.rows] == ["range", "range"]


def test_an_exact_share_above_the_whole_is_drawn_as_computed() -> None:
    county = [Count.exact(5000), Count.exact(5100)]
    national = [Count.exact(4400), Count.exact(4500)]
    figure = share_figure("oslo-andel", "Oslo", MONTHS, county, national)
    assert figure.job is not None
    wide, _ = specs(figure.job)
    values = [r["verdi"] for r in _share_rows(wide)]
    assert [round(v, 1) for v in values] == [113.6, 113.3]
    assert f"113,3{NBSP}%" in figure.summary
