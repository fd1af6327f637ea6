"""The build's pipeline: planning stays a bounded distance ahead of the charts being made.

Planning a page is much faster than rendering its charts; if it ran ahead freely, every page and
every chart's spec would be held in memory at once (hundreds of megabytes for ten years of data).
"""

from __future__ import annotations

from pathlib import Path

from generator.assemble import CHARTS_AHEAD_PER_WORKER, assemble, read_inputs
from generator.config import BuildConfig, Settings
from generator.plan.chart_job import ChartJob
from generator.render.vega import MadeChart, RenderedChart

ROOT = Path(__file__).resolve().parent.parent


class SlowMaker:
    """A chart maker whose charts are never ready before they are asked for."""

    processes = 2

    def __init__(self) -> None:
        self.outstanding: set[int] = set()
        self.most_outstanding = 0
        self.ordered = 0
        self.kinds: list[str] = []

    def order(self, job: ChartJob) -> int:
        self.ordered += 1
        self.kinds.append(job.kind)
        self.outstanding.add(self.ordered)
        self.most_outstanding = max(self.most_outstanding, len(self.outstanding))
        return self.ordered

    def ready(self, orders: list[int]) -> bool:
        return not orders

    def result(self, order: int) -> MadeChart:
        self.outstanding.remove(order)
        chart = RenderedChart(svg='<svg role="img" aria-label="x"></svg>', vega_json="{}")
        return MadeChart(chart, chart)


def test_planning_waits_for_the_charts_of_the_pages_before(tmp_path: Path):
    maker = SlowMaker()
    files: dict[str, bytes] = {}
    content = ROOT / "content"
    config = BuildConfig(content=content, out=tmp_path / "site", cache=None)
    settings = Settings.load(content)
    inputs = read_inputs(config, settings, lambda _: None)
    site = assemble(config, settings, "", inputs, files.__setitem__, maker)  # type: ignore[arg-type]

    assert site.charts == 2 * maker.ordered and maker.ordered > 50
    assert not maker.outstanding, "every chart ordered was used"
    most_on_a_page = 8  # the front page's and a county page's charts
    assert maker.most_outstanding <= CHARTS_AHEAD_PER_WORKER * maker.processes + most_on_a_page
    assert maker.most_outstanding < maker.ordered / 4, "planning ran ahead of the charts"
    assert len(files) == site.files and "index.html" in files
