"""Make the build's charts on every core: a pool of worker processes that only render.

Building a chart's specs needs Altair; rendering them needs only vl-convert. So this process
builds the specs, and spawned workers, which load vl-convert and never Altair or pandas,
render them while this process goes on planning and writing pages. Charts found in the cache,
or only a handful to make, are made without workers.
"""

from __future__ import annotations

import json
import multiprocessing
import os
from collections.abc import Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any

from generator.plan.chart_job import ChartJob
from generator.render.cache import ChartCache, chart_key
from generator.render.download import figure_of
from generator.render.tether import TiedPool
from generator.render.vega import (
    NO_CHART,
    MadeChart,
    RenderedChart,
    accessible_name,
    render_spec,
    warm_up,
)

__all__ = ["ChartMaker", "ChartOrder", "render_charts"]

PARALLEL_MIN_SPECS = 12
"""Below this many specs (with ``processes=None``) rendering stays in-process: each worker's
start-up (interpreter, vl-convert's engine) costs about as much as a dozen charts."""


def _render_chunk(chunk: list[tuple[dict[str, Any], str]]) -> list[RenderedChart]:
    """Worker entry point: one process renders a contiguous run of specs."""
    return [render_spec(spec, label) for spec, label in chunk]


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

    ``spawn``, not ``fork``: a forked child of a process that has used vl-convert hangs. The
    workers end with this process, however it ends (see tether.py).
    """
    return TiedPool(processes, multiprocessing.get_context("spawn"))


Packed = tuple[str, str, str, str]
"""A chart on its way to a worker: the wide spec as JSON text and its label, then the phone's.
Text, not dicts: a ten-year spec's rows as Python objects take several times the memory, and
every chart ordered is held until a worker takes it."""


def _packed(job: ChartJob) -> Packed:
    from generator.charts.registry import specs  # Altair: the main process only

    wide, narrow = specs(job)
    return (
        json.dumps(wide, ensure_ascii=False),
        accessible_name(wide, 0),
        json.dumps(narrow, ensure_ascii=False),
        accessible_name(narrow, 0),
    )


def _render_packed(wide: str, wide_label: str, narrow: str, narrow_label: str) -> MadeChart:
    """Worker entry point: render one chart's two specs (once, where they are the same), and
    the figure to download from the wide one."""
    made = render_spec(wide, wide_label)
    same = narrow == wide and narrow_label == wide_label
    meta = json.loads(wide).get("usermeta") or {}
    download = figure_of(made.svg, meta) if "period" in meta else None
    return MadeChart(made, NO_CHART if same else render_spec(narrow, narrow_label), download)


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
                self.pool.submit(warm_up)
        self._send()

    def order(self, job: ChartJob) -> ChartOrder:
        key = chart_key(job) if self.cache else ""
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
    jobs = [(spec, accessible_name(spec, i)) for i, spec in enumerate(specs)]
    if processes is None:
        processes = (os.cpu_count() or 1) if len(jobs) >= PARALLEL_MIN_SPECS else 1
    workers = min(processes, len(jobs))
    if workers <= 1:
        return _render_chunk(jobs)
    with _spawn_pool(workers) as pool:
        chunks = _chunks(jobs, min(len(jobs), workers * 2))
        return [chart for part in pool.map(_render_chunk, chunks) for chart in part]
