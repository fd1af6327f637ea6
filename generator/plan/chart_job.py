"""What a planned chart is made from, as plain data the chart and render stages take."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class ChartJob:
    """One chart to make: its kind (a name in ``generator.charts.registry``), its points as JSON
    text (``chart_input.rows_json``, smaller than the points as Python objects: every planned
    chart is held until its page is rendered), its options, and the options of its phone
    version."""

    kind: str
    rows_json: str
    options: dict[str, Any]
    phone: dict[str, Any]
    period: str = ""  # burnt into the figure to download, under its title
    credits: tuple[str, ...] = ()  # likewise, under the chart: the source, a map's credit
    live: bool = True  # drawn live by Vega in the browser too; False: the static picture only
