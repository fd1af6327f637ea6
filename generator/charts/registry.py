"""Chart kinds by name: the one place a planned chart's kind turns into the code that draws it."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from generator.charts.bars import bar_chart
from generator.charts.line import line_chart
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
    "seasonal_lines": seasonal_lines,
}


def specs(job: ChartJob) -> tuple[dict[str, Any], dict[str, Any]]:
    """The Vega-Lite specs of ``job``, wide and for phones."""
    make = CHART_KINDS[job.kind]  # a KeyError here is a planning defect, not a user's
    rows = [Point.from_json(row) for row in json.loads(job.rows_json)]
    return make(rows, **job.options), make(rows, **job.options, **job.phone)
