"""Render Vega-Lite chart specs into inline SVG and compiled Vega specs for the browser.

Each chart is compiled once with vl-convert; the static SVG is rendered from that same compiled
Vega spec, so the picture readers get without JavaScript and the live chart that charts.js draws
over it come from identical input. Both carry the Norwegian number and time locale.
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import vl_convert as vlc

from generator.cache import DiskCache, digest, file_digest

__all__ = [
    "NB_FORMAT_LOCALE",
    "NB_TIME_LOCALE_NAME",
    "VL_VERSION",
    "ChartCache",
    "ChartJob",
    "ChartMaker",
    "ChartOrder",
    "MadeChart",
    "RenderedChart",
    "render_charts",
    "script_json",
]

VL_VERSION = "6.4"
"""Vega-Lite version vl-convert compiles with; matches the v6.4 schema Altair 6 writes."""

NB_FORMAT_LOCALE: dict[str, Any] = {
    "decimal": ",",
    "thousands": "\u00a0",
    "grouping": [3],
    "currency": ["", " kr"],
}
"""d3-format locale for bokmål: decimal comma, no-break space between thousands."""

NB_TIME_LOCALE_NAME = "nb-NO"
"""d3-time-format locale name: Norwegian month and weekday names."""

PARALLEL_MIN_SPECS = 12
"""Below this many specs (with ``processes=None``) rendering stays in-process: each worker's
start-up (interpreter, vl-convert's engine) costs about as much as a dozen charts."""

_SVG_NS = "http://www.w3.org/2000/svg"
_XLINK_NS = "http://www.w3.org/1999/xlink"
_URL_REF = re.compile(r"url\(#([^)\s]+)\)")
_SCRIPT_UNSAFE = str.maketrans(
    {
        "<": "\\u003c",
        ">": "\\u003e",
        "&": "\\u0026",
        "\u2028": "\\u2028",
        "\u2029": "\\u2029",
    }
)

# Serialise SVG elements unprefixed (xmlns="…"), as HTML expects for inline SVG.
ET.register_namespace("", _SVG_NS)
ET.register_namespace("xlink", _XLINK_NS)


@dataclass(frozen=True)
class RenderedChart:
    """One chart ready for the page: inline SVG plus the Vega spec for the live view."""

    svg: str
    """Root <svg> has role="img", aria-label from the spec's description, no inner ARIA."""
    vega_json: str
    """Compiled Vega spec (with config.locale), safe inside <script type="application/json">."""


def script_json(obj: Any) -> str:
    """Serialise to JSON that cannot end or comment out the <script> element it sits in.

    The HTML parser ends a script at ``</script`` and treats ``<!--`` specially, and U+2028/9
    break older JavaScript parsers, so those characters are written as \\uXXXX escapes, which
    JSON.parse reads back unchanged.
    """
    text = json.dumps(obj, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return text.translate(_SCRIPT_UNSAFE)


@cache
def _locale_config() -> dict[str, Any]:
    """Vega's config.locale, so the browser formats numbers and dates as the static SVG does."""
    return {
        "number": NB_FORMAT_LOCALE,
        "time": vlc.get_time_format_locale(NB_TIME_LOCALE_NAME),
    }


def _description(spec: dict[str, Any], index: int) -> str:
    """The accessible name of the chart; a chart without one would be an unnamed image."""
    text = spec.get("description")
    if not isinstance(text, str) or not text.strip():
        raise ValueError(f"chart spec #{index} has no 'description' to use as its accessible name")
    return " ".join(text.split())


def _compile(spec: dict[str, Any] | str) -> dict[str, Any]:
    """Compile Vega-Lite to Vega and attach the bokmål locale to the compiled spec."""
    vega = vlc.vegalite_to_vega(spec, vl_version=VL_VERSION)
    config = dict(vega.get("config") or {})
    config["locale"] = _locale_config()
    vega["config"] = config
    return vega


def _accessible_svg(svg: str, label: str, id_prefix: str) -> str:
    """Make vl-convert's SVG one labelled image that is safe to inline many times on a page.

    Vega marks every point and axis with ARIA roles and labels; a screen reader would meet
    hundreds of fragments, while the figure's summary and table already give the numbers.
    Element ids (clip paths, gradients) get a prefix derived from the chart's content, so
    several charts on one page cannot point at each other's definitions.
    """
    root = ET.fromstring(svg)
    ids: dict[str, str] = {}
    for el in root.iter():
        for name in [n for n in el.attrib if n == "role" or n.startswith("aria-")]:
            del el.attrib[name]
        old = el.get("id")
        if old is not None:
            # vl-convert numbers ids per process, so renumber for output that is the same
            # whichever worker rendered the chart.
            ids[old] = f"{id_prefix}{len(ids) + 1}"
            el.set("id", ids[old])
    if ids:
        _rewrite_id_refs(root, ids)
    # Fixed width/height stay as the intrinsic size; CSS may override them and viewBox scales.
    root.set("role", "img")
    root.set("aria-label", label)
    root.set("focusable", "false")
    return ET.tostring(root, encoding="unicode")


def _rewrite_id_refs(root: ET.Element, ids: dict[str, str]) -> None:
    """Point url(#id) and href="#id" references at the prefixed ids."""
    href_names = {"href", f"{{{_XLINK_NS}}}href"}
    for el in root.iter():
        for name, value in el.attrib.items():
            if "url(#" in value:
                el.set(name, _URL_REF.sub(lambda m: f"url(#{ids.get(m[1], m[1])})", value))
            elif name in href_names and value.startswith("#") and value[1:] in ids:
                el.set(name, f"#{ids[value[1:]]}")


def _render_one(spec: dict[str, Any] | str, label: str) -> RenderedChart:
    """Compile one spec, render its SVG from the compiled Vega and serialise both."""
    vega = _compile(spec)
    vega_json = script_json(vega)
    svg = vlc.vega_to_svg(
        vega,
        format_locale=NB_FORMAT_LOCALE,
        time_format_locale=NB_TIME_LOCALE_NAME,
    )
    prefix = "c" + hashlib.sha1(vega_json.encode("utf-8"), usedforsecurity=False).hexdigest()[:10]
    return RenderedChart(svg=_accessible_svg(svg, label, prefix + "-"), vega_json=vega_json)


def _render_chunk(chunk: list[tuple[dict[str, Any], str]]) -> list[RenderedChart]:
    """Worker entry point: one process renders a contiguous run of specs."""
    return [_render_one(spec, label) for spec, label in chunk]


def _chunks(items: Sequence[Any], count: int) -> list[list[Any]]:
    """Split into ``count`` contiguous runs of near-equal length, keeping order."""
    size, extra = divmod(len(items), count)
    out: list[list[Any]] = []
    start = 0
    for i in range(count):
        end = start + size + (1 if i < extra else 0)
        if end > start:
            out.append(list(items[start:end]))
        start = end
    return out


def _spawn_pool(processes: int) -> ProcessPoolExecutor:
    """Worker processes that only render: each loads vl-convert, never Altair or pandas.

    ``spawn``, not ``fork``: a forked child of a process that has used vl-convert hangs.
    """
    context = multiprocessing.get_context("spawn")
    return ProcessPoolExecutor(max_workers=processes, mp_context=context)


def cache_key(spec: dict[str, Any]) -> str:
    """What a rendering depends on: the spec, the renderer's versions and this module's code."""
    text = json.dumps(spec, sort_keys=True, ensure_ascii=False)
    return digest(text, VL_VERSION, vlc.get_vega_version(), _code_digest())


@cache
def _code_digest() -> str:
    """Charts change when the chart code, number formats or this module change."""
    folder = Path(__file__).parent
    names = ("render_charts.py", "charts.py", "chart_input.py", "numbers.py")
    return digest(*(file_digest(folder / name) for name in names))


@dataclass(frozen=True)
class ChartJob:
    """One chart to make, as plain data: which function of ``generator.charts``, its rows,
    its options, and the options of its phone version."""

    kind: str
    rows: list[dict[str, Any]]
    options: dict[str, Any]
    phone: dict[str, Any]

    def key(self) -> str:
        text = json.dumps([self.kind, self.rows, self.options, self.phone], sort_keys=True,
                          ensure_ascii=False)  # fmt: skip
        return digest(text, VL_VERSION, vlc.get_vega_version(), _code_digest())

    def specs(self) -> tuple[dict[str, Any], dict[str, Any]]:
        """The Vega-Lite specs, wide and for phones (Altair is loaded here, only when needed)."""
        import pandas as pd

        from generator import charts

        make = getattr(charts, self.kind)
        frame = pd.DataFrame(self.rows)
        return make(frame, **self.options), make(frame, **self.options, **self.phone)


@dataclass(frozen=True)
class MadeChart:
    wide: RenderedChart
    narrow: RenderedChart


Packed = tuple[str, str, str, str]
"""A chart on its way to a worker: the wide spec as JSON text and its label, then the phone's.
Text, not dicts: a ten-year spec's rows as Python objects take several times the memory, and
every chart ordered is held until a worker takes it."""


def _packed(job: ChartJob) -> Packed:
    wide, narrow = job.specs()
    return (
        json.dumps(wide, ensure_ascii=False),
        _description(wide, 0),
        json.dumps(narrow, ensure_ascii=False),
        _description(narrow, 0),
    )


def _render_packed(wide: str, wide_label: str, narrow: str, narrow_label: str) -> MadeChart:
    """Worker entry point: render one chart's two specs."""
    return MadeChart(_render_one(wide, wide_label), _render_one(narrow, narrow_label))


def _warm_up() -> None:
    """Start vl-convert's engine while the main process reads the export and plans pages."""
    vlc.vegalite_to_svg({"mark": "point", "data": {"values": [{}]}}, vl_version=VL_VERSION)


class ChartCache(DiskCache):
    """Made charts on disk, keyed by everything they depend on, so unchanged charts are not
    made again on the next build."""

    def made(self, key: str) -> MadeChart | None:
        data = self.get(key)
        try:
            return MadeChart(RenderedChart(**data["wide"]), RenderedChart(**data["narrow"]))
        except (TypeError, KeyError):
            return None

    def put_made(self, key: str, chart: MadeChart) -> None:
        self.put(key, {"wide": vars(chart.wide), "narrow": vars(chart.narrow)})


class ChartOrder:
    """A chart asked for: ready (from the cache), on its way from a worker, or still waiting."""

    def __init__(self, job: ChartJob, key: str, made: MadeChart | None) -> None:
        self.job = job
        self.key = key
        self.made = made
        self.future: Future[MadeChart] | None = None


class ChartMaker:
    """Makes charts while the caller goes on planning and rendering pages.

    The caller hands over each chart as soon as it is planned (:meth:`order`) and collects it
    when its page is rendered (:meth:`result`). This process builds the specs (Altair is fast
    enough here, and it keeps the workers small); a pool of worker processes renders them, so
    rendering runs on every core from the first planned chart to the last, overlapping the
    planning before and the page rendering after. Charts found in the cache are not made
    again, and a handful of new charts are made in this process: starting workers would cost
    more. The caller's entry module must be import-safe for ``spawn`` (``python -m generator``
    is).
    """

    def __init__(self, processes: int | None = None, cache: ChartCache | None = None) -> None:
        self.processes = processes or os.cpu_count() or 1
        self.cache = cache
        self.pool: ProcessPoolExecutor | None = None
        self._unsent: list[ChartOrder] = []

    def start(self) -> None:
        """Start the workers now, so they load while the caller does other work."""
        if self.pool is None and self.processes > 1:
            self.pool = _spawn_pool(self.processes)
            for _ in range(self.processes):
                self.pool.submit(_warm_up)
        self._send()

    def order(self, job: ChartJob) -> ChartOrder:
        key = job.key() if self.cache else ""
        order = ChartOrder(job, key, self.cache.made(key) if self.cache else None)
        if order.made is None:
            self._unsent.append(order)
            if len(self._unsent) >= PARALLEL_MIN_SPECS:
                self.start()
            self._send()
        return order

    def _send(self) -> None:
        if self.pool is None:
            return
        for order in self._unsent:
            order.future = self.pool.submit(_render_packed, *_packed(order.job))
        self._unsent.clear()

    def ready(self, orders: list[ChartOrder]) -> bool:
        """Whether these charts can be had without waiting."""
        return all(o.made is not None or (o.future is not None and o.future.done()) for o in orders)

    def result(self, order: ChartOrder) -> MadeChart:
        """The made chart, waiting for its worker if need be."""
        if order.made is None:
            if order.future is not None:
                order.made = order.future.result()
            else:
                self._unsent.remove(order)
                order.made = _render_packed(*_packed(order.job))
            if self.cache:
                self.cache.put_made(order.key, order.made)
        return order.made

    def make(self, jobs: list[ChartJob]) -> list[MadeChart]:
        """Every job's charts, in order."""
        orders = [self.order(job) for job in jobs]
        return [self.result(order) for order in orders]

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)

    def __enter__(self) -> ChartMaker:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def render_charts(specs: list[dict[str, Any]], processes: int | None = None) -> list[RenderedChart]:
    """Render ready Vega-Lite specs to (SVG, Vega JSON) pairs, in input order.

    ``processes=None`` uses one worker per core, but renders in this process when there are
    fewer than PARALLEL_MIN_SPECS specs; an explicit number is used as given (1 = in-process).
    """
    jobs = [(spec, _description(spec, i)) for i, spec in enumerate(specs)]
    if processes is None:
        processes = (os.cpu_count() or 1) if len(jobs) >= PARALLEL_MIN_SPECS else 1
    workers = min(processes, len(jobs))
    if workers <= 1:
        return _render_chunk(jobs)
    with _spawn_pool(workers) as pool:
        chunks = _chunks(jobs, min(len(jobs), workers * 2))
        return [chart for part in pool.map(_render_chunk, chunks) for chart in part]
