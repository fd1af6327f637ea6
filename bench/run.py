"""Benchmark the build and the pages, and print the figures.

    python bench/run.py            # the bundled export and a generated ten-year input
    python bench/run.py --quick    # the bundled export only

First the time to read the inputs: the bundled text export, and one year's eight TILT
workbooks (tests/workbooks/tilt-2025, TILT110-TILT180 with kommune sheets), best of three.
For each input: cold build, no-op rebuild, rebuild after adding one export, rebuild after an
edit of om-statistikken.md (charts, workbooks and cards from the cache), charts rendered,
pages written, peak memory of the build (all its processes together), and the floor: every
chart spec of the site rendered one by one with vl-convert in one process (its one-time
start-up excluded, text measured as the build measures it), with the cold build as a ratio to
it; the floor again with vl-convert's own font setup, which reads the machine's font files; and
the same specs dealt out to one process per core rendering at once, which is as fast as
rendering in parallel can be here.
The time a build spends writing the downloads (CSV, Excel, JSON, the data package) and drawing
the share cards, as the build reports it, in a build with the charts cached and no card.
For three pages: HTML (with its inline SVG) and CSS bytes raw and gzipped, which is what the
first paint needs; JavaScript bytes (charts.js, and what it adds after the first paint: Vega
and the page's chart specs); and in headless Chromium with JavaScript on and off, when the
first chart is painted and, with JavaScript on, whether that was before charts.js added Vega.

Figures, not pass/fail: timings depend on the machine and what else runs on it.
"""

from __future__ import annotations

import argparse
import gzip
import json
import multiprocessing
import os
import queue
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import psutil

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from make_input import make_input  # noqa: E402

BUNDLED = ROOT / "content" / "tiltaksdeltakere-tiltaksgruppe-fylke-2017.txt"
TILT_YEAR = sorted((ROOT / "tests" / "workbooks" / "tilt-2025").glob("202512_TILT1[1-8]0 *.xlsx"))
PAGES = ["index.html", "fylke/oslo.html", "tiltaksgruppe/opplaering.html"]
VENDOR_SCRIPTS = ["vega.min.js", "vega-interpreter.min.js", "vega-tooltip.min.js"]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run",
                 "--disable-quic"]  # fmt: skip


@dataclass
class Run:
    seconds: float
    peak_mb: float  # proportional set size: pages shared between processes counted once
    peak_rss_mb: float  # resident set size: shared pages counted in every process
    summary: str


def build(workdir: Path, *extra: str) -> Run:
    """One build in a child process, sampling the memory of its whole process tree."""
    command = [sys.executable, "-m", "generator", "build", "--content", "content", "--out",
               "site", *extra]  # fmt: skip
    started = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=workdir, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    peak = peak_rss = 0
    done = threading.Event()

    def sample() -> None:
        # PSS is the memory the build takes from the machine: the workers share vl-convert's
        # code pages, which RSS would count once per process. Reading it walks the process's
        # memory map under a lock the process itself needs, and finding the workers scans
        # every process on the machine, so both are done every 0.24 s; RSS is cheap and read
        # every 0.02 s. Sampled more often, the build measured here became slower.
        nonlocal peak, peak_rss
        root = psutil.Process(process.pid)
        tree = [root]
        ticks = 0
        while not done.is_set():
            try:
                if ticks % 12 == 0:
                    tree = [root, *root.children(recursive=True)]
                    peak = max(peak, sum(p.memory_full_info().pss for p in tree))
                peak_rss = max(peak_rss, sum(p.memory_info().rss for p in tree))
            except psutil.Error:
                pass
            ticks += 1
            time.sleep(0.02)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, err = process.communicate()
    seconds = time.perf_counter() - started
    done.set()
    sampler.join()
    if process.returncode != 0:
        raise SystemExit(f"build failed in {workdir}:\n{err}")
    return Run(seconds, peak / 2**20, peak_rss / 2**20, out.strip().splitlines()[-1])


def site_specs(content: Path) -> list[dict]:
    """Every chart spec the build makes of this content, wide and for phones."""
    from generator.assemble import _intro_loader, _read
    from generator.charts.registry import specs
    from generator.config import BuildConfig, Settings
    from generator.plan.pages import PageBuilder

    config = BuildConfig(content=content, cache=None)
    data, _ = _read(config, Settings.load(content), lambda _: None)
    pages = PageBuilder(data, _intro_loader(content)).all_pages()
    return [s for p in pages for f in p.figures if f.job for s in specs(f.job)]


def _renderer(isolated: bool):
    """vl-convert's Vega-Lite → SVG as the build calls it, started (its one-time start-up is
    not what a floor measures). ``isolated``: with the build's font setup, text measured with
    the fonts vl-convert holds in memory; else as installed, with the machine's font files."""
    import vl_convert as vlc

    from generator.render.vega import (
        NB_FORMAT_LOCALE,
        NB_TIME_LOCALE_NAME,
        VL_VERSION,
        isolate_fonts,
    )

    def render(spec: dict | str) -> str:
        return vlc.vegalite_to_svg(
            spec,
            vl_version=VL_VERSION,
            format_locale=NB_FORMAT_LOCALE,
            time_format_locale=NB_TIME_LOCALE_NAME,
        )

    if isolated:
        isolate_fonts()
    render({"mark": "text", "encoding": {"text": {"value": "Oslo"}}, "data": {"values": [{}]}})
    return render


def _render_share(texts: list[str], isolated: bool, barrier, results) -> None:
    """One rendering process: start vl-convert, wait for the others, render its specs."""
    render = _renderer(isolated)
    barrier.wait()
    started = time.perf_counter()
    for text in texts:
        render(text)
    results.put(time.perf_counter() - started)


def floor(specs: list[dict], processes: int = 1, *, isolated: bool = True) -> float:
    """Render the specs one by one in one fresh process (the floor of a serial build); or dealt
    out to several processes all rendering at once and doing nothing else, which is what
    vl-convert alone allows a parallel build on this machine."""
    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(processes)
    results = context.Queue()
    texts = [json.dumps(spec) for spec in specs]
    workers = [
        context.Process(
            target=_render_share, args=(texts[i::processes], isolated, barrier, results)
        )
        for i in range(processes)
    ]
    for worker in workers:
        worker.start()
    times: list[float] = []
    while len(times) < processes:
        try:
            times.append(results.get(timeout=1))
        except queue.Empty:
            failed = [w.exitcode for w in workers if w.exitcode not in (None, 0)]
            if failed:
                raise RuntimeError(f"a rendering process failed (exit code {failed[0]})") from None
    for worker in workers:
        worker.join()
    return max(times)


def output_seconds(workdir: Path) -> tuple[float, float]:
    """Seconds a build spends writing the downloads and drawing the share cards, as it reports
    them: built in this process with the charts from the earlier builds' cache and no card kept,
    so the cards are drawn and every download written."""
    from generator.build import build as build_site
    from generator.config import BuildConfig

    cache = workdir / ".cache-timed"
    shutil.copytree(workdir / ".cache" / "charts", cache / "charts")
    said: list[str] = []
    config = BuildConfig(content=workdir / "content", out=workdir / "site-timed", cache=cache)
    build_site(config, progress=said.append)
    report = next(m for m in said if m.startswith("downloads written"))
    downloads, cards = re.findall(r"in (\d+\.\d+) s", report)
    return float(downloads), float(cards)


def kb(n: int) -> str:
    return f"{n / 1024:7.1f} KB"


def gz(data: bytes) -> int:
    return len(gzip.compress(data))


def page_scripts(page: Path) -> tuple[list[Path], Path | None]:
    """Every script the page runs: its <script src>, and the ones charts.js adds after the
    first paint (the vendored Vega scripts, and the page's chart specs, also returned apart)."""
    html = page.read_text("utf-8")
    urls = re.findall(r'<script[^>]*\ssrc="([^"]+)"', html)
    vendor = re.search(r'<script[^>]*\sdata-vendor="([^"]*)"', html)
    charts = re.search(r'<script[^>]*\sdata-charts="([^"]+)"', html)
    if vendor:
        urls += [vendor[1] + name for name in VENDOR_SCRIPTS]
    if charts:
        urls.append(charts[1])
    files = [(page.parent / urlsplit(url).path).resolve() for url in urls]
    return files, files[-1] if charts else None


def page_weights(site: Path) -> None:
    """HTML+CSS+SVG is the page's weight: all the first paint needs. Scripts come after."""
    css = (site / "static" / "site.css").read_bytes()
    print(f"  {'page':32} {'HTML+CSS+SVG raw':>18} {'gzipped':>11} {'JS raw':>11} {'JS gzip':>11}"
          f" {'of which specs':>15}")  # fmt: skip
    for page in PAGES:
        html = (site / page).read_bytes()
        scripts, specs = page_scripts(site / page)
        js = [path.read_bytes() for path in scripts]
        print(
            f"  {page:32} {kb(len(html) + len(css)):>18} {kb(gz(html) + gz(css)):>11} "
            f"{kb(sum(map(len, js))):>11} {kb(sum(map(gz, js))):>11} "
            f"{kb(gz(specs.read_bytes()) if specs else 0):>15}"
        )


def ms(value: float | None) -> str:
    return "–" if value is None else f"{value:.0f} ms"


PAINT = """() => {
  const fcp = performance.getEntriesByType('paint')
    .find(e => e.name === 'first-contentful-paint');
  const scripts = performance.getEntriesByName('navcharts-scripts')[0];  // set by charts.js
  return {fcp: fcp ? fcp.startTime : null, scripts: scripts ? scripts.startTime : null};
}"""


def before(paint: float | None, scripts: float | None) -> str:
    if paint is None or scripts is None:
        return "–"
    return "yes" if paint < scripts else "no"


def paint_times(site: Path) -> None:
    """First contentful paint holds the first chart: its SVG is in the HTML, and charts.js adds
    Vega and the chart specs only after that paint ("before scripts")."""
    if not Path(CHROMIUM).exists():
        print("  (Chromium not found: no paint times)")
        return
    import functools
    import http.server

    from playwright.sync_api import sync_playwright

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Quiet, directory=str(site))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    print(f"  {'page':32} {'JS on: chart painted':>22} {'Vega added':>11} {'before scripts':>15}"
          f" {'chart live':>11} {'JS off: chart painted':>22}")  # fmt: skip
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for page_path in PAGES:
            results = {}
            for js in (True, False):
                context = browser.new_context(
                    java_script_enabled=js, viewport={"width": 1280, "height": 900}
                )
                page = context.new_page()
                page.goto(f"{base}/{page_path}", wait_until="load")
                if js:
                    # Charts go live when they come into view, and the first one may be below
                    # the fold: scroll to it, then wait for its class.
                    page.evaluate(
                        "() => document.querySelector('figure.chart')"
                        ".scrollIntoView({block: 'center'})"
                    )
                    page.wait_for_function(
                        "() => document.querySelector('figure.chart')"
                        ".classList.contains('chart--live')",
                        timeout=60_000,
                    )
                    live = page.evaluate("() => performance.now()")
                page.wait_for_timeout(200)
                results[js] = page.evaluate(PAINT)
                if js:
                    results["live"] = live
                context.close()
            on, off = results[True], results[False]
            print(
                f"  {page_path:32} {ms(on['fcp']):>22} {ms(on['scripts']):>11} "
                f"{before(on['fcp'], on['scripts']):>15} {ms(results['live']):>11} "
                f"{ms(off['fcp']):>22}"
            )
        browser.close()
    server.shutdown()


def read_seconds(paths: list[Path]) -> float:
    """Reading the files into tables, best of three (the first also imports the readers)."""
    from generator.source.inputs import read_input

    times = []
    for _ in range(3):
        started = time.perf_counter()
        for path in paths:
            read_input(path)
        times.append(time.perf_counter() - started)
    return min(times)


def read_times() -> None:
    print("\n== reading the inputs")
    size = BUNDLED.stat().st_size // 1024
    print(f"  {f'text export (2017, {size} KB)':36} {read_seconds([BUNDLED]):7.3f} s")
    size = sum(p.stat().st_size for p in TILT_YEAR) // 1024
    label = f"{len(TILT_YEAR)} TILT workbooks (2025, {size} KB)"
    print(f"  {label:36} {read_seconds(TILT_YEAR):7.3f} s")


def bench_input(name: str, make_content, add_export) -> None:
    print(f"\n== {name}")
    with tempfile.TemporaryDirectory(prefix="bench-") as temporary:
        work = Path(temporary)
        make_content(work / "content")
        shutil.copy(ROOT / "content" / "om-statistikken.md", work / "content")
        cold = build(work, "--clean")
        noop = build(work)
        add_export(work / "content")
        added = build(work)
        about = work / "content" / "om-statistikken.md"
        about.write_text(about.read_text("utf-8") + "\nEn setning til.\n", "utf-8")
        edited = build(work)
        downloads_seconds, cards_seconds = output_seconds(work)
        specs = site_specs(work / "content")
        floor_seconds = floor(specs)
        installed_seconds = floor(specs, isolated=False)
        cores = os.cpu_count() or 1
        parallel_seconds = floor(specs, cores)
        charts = re.search(r"(\d+) charts", cold.summary)
        pages = re.search(r"built (\d+) pages", cold.summary)
        print(f"  cold build              {cold.seconds:7.2f} s   ({cold.summary})")
        print(f"  no-op rebuild           {noop.seconds:7.2f} s   "
              f"{noop.seconds / cold.seconds:6.1%} of cold")  # fmt: skip
        print(f"  after adding one export {added.seconds:7.2f} s   ({added.summary})")
        print(f"  after editing the text  {edited.seconds:7.2f} s   ({edited.summary})")
        print(f"  charts rendered         {charts.group(1) if charts else '?':>7}")
        print(f"  downloads written       {downloads_seconds:7.2f} s   (CSV, Excel, JSON)")
        print(f"  share images drawn      {cards_seconds:7.2f} s   (one 1200 × 630 PNG per page)")
        print(f"  pages written           {pages.group(1) if pages else '?':>7}")
        print(f"  peak memory             {cold.peak_mb:7.0f} MB (cold build, all processes, PSS; "
              f"{cold.peak_rss_mb:.0f} MB counting shared pages per process, RSS)")  # fmt: skip
        print(f"  floor: {len(specs)} specs one by one in one process: {floor_seconds:.2f} s "
              f"({floor_seconds / len(specs) * 1000:.0f} ms each)")  # fmt: skip
        print(f"  cold build / floor      {cold.seconds / floor_seconds:7.2f}")
        print(f"  floor with vl-convert's own font setup (the machine's font files): "
              f"{installed_seconds:.2f} s; cold build / that "
              f"{cold.seconds / installed_seconds:.2f}")  # fmt: skip
        print(f"  the same specs over {cores} processes at once, nothing else: "
              f"{parallel_seconds:.2f} s = {parallel_seconds / floor_seconds:.2f} × floor, "
              "the least a build can take here")  # fmt: skip
        print("  page weight (cold build):")
        page_weights(work / "site")
        print("  paint (headless Chromium, 1280 px, local server):")
        paint_times(work / "site")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="the bundled export only")
    args = parser.parse_args()
    os.environ.setdefault("PYTHONHASHSEED", "0")
    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}")
    read_times()

    def bundled(folder: Path) -> None:
        folder.mkdir(parents=True)
        shutil.copy(BUNDLED, folder)

    def add_2018(folder: Path) -> None:
        make_input(folder, BUNDLED, range(2018, 2019))

    bench_input("bundled export (2017)", bundled, add_2018)
    if not args.quick:
        bench_input(
            "generated input: ten years (2008–2017)",
            lambda folder: make_input(folder, BUNDLED, range(2008, 2018)),
            add_2018,
        )


if __name__ == "__main__":
    main()
