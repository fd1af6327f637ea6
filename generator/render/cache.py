"""Made charts kept on disk between builds, under a key of everything they depend on.

Making a chart (building its specs, rendering both with vl-convert) is most of a build's time,
and most charts are the same as last time. The key covers the chart's job and the versions and
code that make and render it, so a stored chart is never stale: anything it depends on that
changed gives another key. Reading the key's parts loads neither vl-convert nor Altair.
"""

from __future__ import annotations

import base64
import importlib.metadata
import json
from functools import cache
from pathlib import Path

from generator.cache import DiskCache, digest, file_digest
from generator.plan.chart_job import ChartJob
from generator.render.vega import FONT_CONFIG, VL_VERSION, FigureFiles, MadeChart, RenderedChart

__all__ = ["ChartCache", "chart_key"]


class ChartCache(DiskCache):
    """Made charts on disk, keyed by everything they depend on, so unchanged charts are not
    made again on the next build. An entry holds its key and a hash of its content, so a
    chart is only ever taken from the entry made for it, as it was made."""

    nouns = ("chart", "charts")

    def made(self, key: str) -> MadeChart | None:
        """The stored chart, or None when there is none or it is not a made chart."""
        data = self.get(key)
        if data is None:
            return None
        try:
            download = data["download"]
            return MadeChart(
                RenderedChart(**data["wide"]),
                RenderedChart(**data["narrow"]),
                None
                if download is None
                else FigureFiles(download["svg"], base64.b64decode(download["png"], validate=True)),
            )
        except (TypeError, KeyError, ValueError):
            self.damaged += 1
            return None

    def put_made(self, key: str, chart: MadeChart) -> None:
        download = chart.download
        files = None
        if download is not None:
            files = {"svg": download.svg, "png": base64.b64encode(download.png).decode("ascii")}
        self.put(key, {"wide": vars(chart.wide), "narrow": vars(chart.narrow), "download": files})


@cache
def _renderer_version() -> str:
    """vl-convert's version, which fixes the Vega it renders with; read without loading it,
    which this process need not do when the workers render."""
    return importlib.metadata.version("vl-convert-python")


@cache
def _code_digest() -> str:
    """Charts change when the chart code, number formats, the font setup, the rendering code
    or the county boundaries change."""
    package = Path(__file__).resolve().parent.parent
    paths = [
        *sorted((package / "charts").glob("*.py")),
        *sorted((package / "render").glob("*.py")),
        package / "plan" / "chart_input.py",
        package / "plan" / "maps.py",
        *sorted((package / "data" / "geo").glob("*.geojson")),
        package / "numbers.py",
        package / "months.py",
        FONT_CONFIG / "fonts.conf",
    ]
    return digest(*(file_digest(path) for path in paths))


def chart_key(job: ChartJob) -> str:
    """Everything a made chart depends on: its job, Vega-Lite's and vl-convert's versions and
    the code that makes and renders it."""
    text = json.dumps(
        [job.kind, job.options, job.phone, job.period, job.credits, job.live],
        sort_keys=True,
        ensure_ascii=False,
    )
    return digest(text, job.rows_json, VL_VERSION, _renderer_version(), _code_digest())
