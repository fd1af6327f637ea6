"""Chart kinds by name: the one place a planned chart's kind turns into the code that draws it."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from generator.charts.bars import bar_chart
from generator.charts.line import line_chart
from generator.charts.map import choropleth, locator_map
from generator.charts.month_bars import month_bars
from generator.charts.seasonal import seasonal_lines
from generator.charts.small_multiples import small_multiples
from generator.plan.chart_input import Point
from generator.plan.chart_job import ChartJob

ChartBuilder = Callable[..., dict[str, Any]]

CHART_KINDS: dict[str, ChartBuilder] = {
    "line_chart": line_chart,
    "small_multiples": small_multiples,
    "bar_chart": bar_chart,
    "month_bars": month_bars,
    "choropleth": choropleth,
    "locator_map": locator_map,
    "seasonal_lines": seasonal_lines,
}


def specs(job: ChartJob) -> tuple[dict[str, Any], dict[str, Any]]:
    """The Vega-Lite specs of ``job``, wide and for phones."""
    make = CHART_KINDS[job.kind]  # a KeyError here is a planning defect, not a user's
    rows = [Point.from_json(row) for row in json.loads(job.rows_json)]
    static = {} if job.live else {"static": True}  # no Vega spec for the browser
    wide = make(rows, **job.options)
    # What the figure to download writes around the chart (generator.render.download).
    download = {"period": job.period, "credits": list(job.credits)}
    wide["usermeta"] = {**wide["usermeta"], **download, **static}
    if not job.phone:
        return wide, wide  # the same picture on phones: rendered once
    narrow = make(rows, **{**job.options, **job.phone})  # the phone's options win
    narrow["usermeta"] = {**narrow["usermeta"], **static}
    return wide, narrow
