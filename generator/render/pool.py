"""Render Vega-Lite chart specs into inline SVG and compiled Vega specs for the browser.

Each chart is compiled once with vl-convert; the static SVG is rendered from that same compiled
Vega spec, so the picture readers get without JavaScript and the live chart that charts.js draws
over it come from identical input. Both carry the Norwegian number and time locale.

vl-convert is imported by the functions that use it: when worker processes render, the main
process never loads it.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
import math
import multiprocessing
import os
import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from generator.cache import DiskCache, digest, file_digest
from generator.plan.chart_job import ChartJob

__all__ = [
    "NB_FORMAT_LOCALE",
    "NB_TIME_LOCALE_NAME",
    "VL_VERSION",
    "ChartCache",
    "ChartMaker",
    "ChartOrder",
    "MadeChart",
    "RenderedChart",
    "chart_key",
    "isolate_fonts",
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

FONT_CONFIG = Path(__file__).parent / "fontconfig"
"""A fontconfig setup that lists no fonts (see :func:`isolate_fonts`)."""

_SVG_NS = "http://www.w3.org/2000/svg"
_XLINK_NS = "http://www.w3.org/1999/xlink"
_URL_REF = re.compile(r"url\(#([^)\s]+)\)")
_NUMBER = r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?"
_NUMBER_WITH_UNIT = re.compile(rf"({_NUMBER})([a-zA-Z%]*)")
_PATH_TOKEN = re.compile(rf"[A-Za-z]|{_NUMBER}")
_PATH_TEXT = re.compile(r"[\sMmZzLlHhVvCcSsQqTtAaEe\d.,+-]*")
_PATH_ARGS = {"m": 2, "l": 2, "t": 2, "h": 1, "v": 1, "c": 6, "s": 4, "q": 4, "a": 7}
_PLAIN = r"-?\d+(?:\.\d+)?"
_PLAIN_NUMBER = re.compile(_PLAIN)
_PLAIN_PAIR = re.compile(rf"({_PLAIN}),({_PLAIN})")
_PAIRS = rf"{_PLAIN},{_PLAIN}(?:,{_PLAIN},{_PLAIN})*"
_POLYLINE = re.compile(rf"M{_PAIRS}(?:[ML]{_PAIRS}|[HV]{_PLAIN}(?:,{_PLAIN})*|Z)*")
"""Path data of straight segments, absolute and comma-separated, as Vega writes lines: each
coordinate rounds on its own."""
_TRANSFORM_MOVE = re.compile(r"\b(translate|rotate)\s*\(([^)]*)\)")
_GEOMETRY = frozenset(
    {"x", "y", "x1", "y1", "x2", "y2", "width", "height", "cx", "cy", "r", "rx", "ry",
     "dx", "dy", "points"}
)  # fmt: skip
_OPACITY = frozenset({"opacity", "fill-opacity", "stroke-opacity"})
"""Presentation attributes whose initial value is 1."""
_INHERITED = {
    "fill-opacity": "1",
    "stroke-opacity": "1",
    "stroke": "none",
    "stroke-width": "1",
    "stroke-linejoin": "miter",
    "stroke-miterlimit": "4",
    "stroke-dasharray": "none",
}
"""Inherited properties the slimming needs to know, with their initial values."""
_SCRIPT_UNSAFE = (
    ("<", "\\u003c"),
    (">", "\\u003e"),
    ("&", "\\u0026"),
    ("\u2028", "\\u2028"),
    ("\u2029", "\\u2029"),
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
    # One replace per character, not str.translate: that goes character by character in
    # Python and took five times as long as the json.dumps (a ten-year site's charts: 0.8 s).
    for unsafe, escaped in _SCRIPT_UNSAFE:
        if unsafe in text:
            text = text.replace(unsafe, escaped)
    return text


@cache
def isolate_fonts() -> None:
    """Have vl-convert measure chart text with the Liberation Sans it carries, and nothing else.

    Label widths decide the layout. Measured with the fonts vl-convert holds in memory, the SVG
    is the same on every machine, whatever fonts it has installed; and rendering takes half the
    time, because vl-convert opens and maps a font *file* again for every label it measures.
    Liberation Sans has Arial's widths, so the layout fits the browsers that draw the charts'
    text in Arial (Windows, macOS, iOS) or Liberation Sans (Linux). vl-convert reads the
    machine's fonts once, through fontconfig, when a font folder is first registered: the
    fontconfig folder here lists only itself, and holds no fonts.
    """
    import vl_convert as vlc

    previous = os.environ.get("FONTCONFIG_FILE")
    os.environ["FONTCONFIG_FILE"] = str(FONT_CONFIG / "fonts.conf")
    try:
        vlc.register_font_directory(str(FONT_CONFIG))
    finally:
        if previous is None:
            del os.environ["FONTCONFIG_FILE"]
        else:
            os.environ["FONTCONFIG_FILE"] = previous


@cache
def _locale_config() -> dict[str, Any]:
    """Vega's config.locale, so the browser formats numbers and dates as the static SVG does."""
    import vl_convert as vlc

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
    import vl_convert as vlc

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
    _slim(root)
    # Fixed width/height stay as the intrinsic size; CSS may override them and viewBox scales.
    root.set("role", "img")
    root.set("aria-label", label)
    root.set("focusable", "false")
    return ET.tostring(root, encoding="unicode")


def _slim(root: ET.Element) -> None:
    """Write the picture in fewer bytes without changing it: coordinates to 0.1 px, no
    opacity that is already in effect, no empty <text> left by axes for unlabelled ticks, no
    element with opacity 0 (the live chart's invisible hover targets).

    vl-convert writes positions with up to 14 decimals and opacity="1" on every element,
    which more than doubles the gzipped size of a large chart. A tenth of a CSS pixel is
    below what a screen shows (charts are never drawn larger than their intrinsic size).
    The root keeps its size and viewBox as they are.
    """
    _slim_children(root, dict(_INHERITED))


def _slim_children(parent: ET.Element, inherited: dict[str, str]) -> None:
    for el in list(parent):
        tag = el.tag.rpartition("}")[2]
        if tag == "text" and not (el.text or "").strip() and len(el) == 0 and "id" not in el.attrib:
            _remove(parent, el)
            continue
        attrib = el.attrib
        if not attrib:
            _slim_children(el, inherited)
            continue
        if "opacity" in attrib and _same_number(attrib["opacity"], "0") and "id" not in attrib:
            _remove(parent, el)  # drawn fully transparent, with all it holds
            continue
        overrides = _INHERITED.keys() & attrib.keys()
        passed_on = {**inherited, **{n: attrib[n] for n in overrides}} if overrides else inherited
        for name, value in list(attrib.items()):
            if name in _OPACITY and _same_number(value, inherited.get(name, "1")):
                del el.attrib[name]
            elif name == "d":
                el.set(
                    name,
                    _round_stroke(value, passed_on) if _stroked(passed_on) else _round_path(value),
                )
            elif name == "transform":
                el.set(name, _round_transform(value))
            elif name in _GEOMETRY:
                el.set(name, _round_numbers(value))
        _slim_children(el, passed_on)


def _remove(parent: ET.Element, el: ET.Element) -> None:
    """Take an element out, keeping any text that followed it."""
    if el.tail:
        index = list(parent).index(el)
        if index:
            before = parent[index - 1]
            before.tail = (before.tail or "") + el.tail
        else:
            parent.text = (parent.text or "") + el.tail
    parent.remove(el)


def _same_number(text: str, other: str) -> bool:
    try:
        return float(text) == float(other)
    except ValueError:
        return False


def _rounded(value: float, places: int = 1) -> float:
    return round(value, places) + 0.0  # + 0.0 turns -0.0 into 0.0


def _fmt(value: float, places: int = 1) -> str:
    """A number rounded in the fewest characters: 12, 12.5, -0.3; never -0 or 1e-07."""
    # Formatting rounds to the nearest decimal, as round() does.
    text = (f"{value:.1f}" if places == 1 else f"{value:.{places}f}").rstrip("0").removesuffix(".")
    return "0" if text == "-0" else text


def _round_numbers(text: str) -> str:
    """Every plain or px number of an attribute to 0.1; numbers in em, % and other units are
    relative to something else and stay as written. Numbers written back to back ("0.5.5")
    keep a separator, so they cannot run together once shortened."""
    if _PLAIN_NUMBER.fullmatch(text):
        return _fmt(float(text))  # most attributes: one number
    if pair := _PLAIN_PAIR.fullmatch(text):
        return f"{_fmt(float(pair[1]))},{_fmt(float(pair[2]))}"  # translate(x,y)
    out: list[str] = []
    end = 0
    for match in _NUMBER_WITH_UNIT.finditer(text):
        number, unit = match.groups()
        value = float(number)
        if unit not in ("", "px") or not math.isfinite(value):
            continue
        short = _fmt(value)
        glued = match.start() == end and end > 0 and not short.startswith("-")
        out.append(text[end : match.start()] + (" " if glued else "") + short + unit)
        end = match.end()
    return "".join(out) + text[end:]


def _round_transform(value: str) -> str:
    """translate() and rotate() arguments to 0.1; scale, matrix and skew factors stay."""
    return _TRANSFORM_MOVE.sub(lambda m: f"{m[1]}({_round_numbers(m[2])})", value)


def _stroked(style: dict[str, str]) -> bool:
    return style["stroke"] != "none" and not _same_number(style["stroke-width"], "0")


def _round_stroke(d: str, style: dict[str, str]) -> str:
    """A stroked path rounded like any other, unless that would change how it is drawn.

    Dashes are laid along the path's length, so moving its points moves every dash after
    them: dashed paths stay as they are. Near the miter limit a sharp corner's spike comes or
    goes when a point moves by less than 0.05 px, so a path whose corners would change between
    mitred and bevelled gets 0.01 px (or else stays as it is).
    """
    if style["stroke-dasharray"] not in ("none", ""):
        return d
    if style["stroke-linejoin"] in ("round", "bevel"):
        return _round_path(d)
    try:
        limit = float(style["stroke-miterlimit"])
    except ValueError:
        return d
    for places in (1, 2):
        traced = _trace(d, places)
        if traced is None:
            return d
        text, pen = traced
        if pen.corners(limit, rounded=True) == pen.corners(limit, rounded=False):
            return text
    return d


@lru_cache(maxsize=1024)  # a chart draws its points with the same few symbol paths
def _round_path(d: str, places: int = 1) -> str:
    """Path data with every coordinate rounded; path data this cannot read stays as it is."""
    if places == 1 and _POLYLINE.fullmatch(d):
        # What _trace writes for such a path, without tracing it (a line's hundreds of points).
        return _PLAIN_NUMBER.sub(lambda m: _fmt(float(m[0])), d)
    traced = _trace(d, places)
    return d if traced is None else traced[0]


def _trace(d: str, places: int) -> tuple[str, _Pen] | None:
    """The path rounded, and the pen that drew it; None for path data this cannot read."""
    if not _PATH_TEXT.fullmatch(d):
        return None
    tokens = _PATH_TOKEN.findall(d)
    if tokens and tokens[0] not in ("M", "m"):
        return None  # not a path a browser would draw
    pen = _Pen(places)
    out: list[str] = []
    command = ""
    index = 0
    while index < len(tokens):
        if tokens[index].isalpha():
            command = tokens[index]
            index += 1
            if command in "Zz":
                pen.close()
            elif command.lower() not in _PATH_ARGS:
                return None
            elif command in "Mm":
                pen.moving = True
            out.append(command)
            continue
        if command in "Zz":
            return None  # numbers after Z without a command
        count = _PATH_ARGS[command.lower()]
        args = tokens[index : index + count]
        index += count
        parts = pen.segment(command, args) if len(args) == count else None
        if parts is None:
            return None
        if not out[-1].isalpha():
            out.append(",")
        out.append(",".join(parts))
    return "".join(out), pen


_Vertex = tuple[tuple[float, float], tuple[float, float]]
"""A point of a path: as written, and as rounded."""


class _Pen:
    """Where a path is, as written and as rounded. A relative coordinate is rounded so that
    the absolute point it reaches is the rounded one: errors never add up along a path."""

    def __init__(self, places: int) -> None:
        self.places = places
        self.exact = [0.0, 0.0]
        self.shown = [0.0, 0.0]
        self.start = ([0.0, 0.0], [0.0, 0.0])
        self.moving = False  # the next pair starts a subpath (after M or m)
        self.subpaths: list[tuple[list[_Vertex], bool]] = []  # vertices, closed
        self.curved = False  # drew a curve or arc, whose joins this does not follow

    def close(self) -> None:
        self.exact, self.shown = self.start[0][:], self.start[1][:]
        if self.subpaths:
            self.subpaths[-1] = (self.subpaths[-1][0], True)

    def segment(self, command: str, args: list[str]) -> list[str] | None:
        """One segment's arguments, rounded; None if they are not numbers where they must be."""
        if any(a.isalpha() for a in args):
            return None
        values = [float(a) for a in args]
        if not all(math.isfinite(v) for v in values):
            return None
        kind = command.lower()
        relative = command.islower()
        origin, shown_origin = self.exact[:], self.shown[:]

        def coordinate(axis: int, value: float) -> str:
            target = origin[axis] + value if relative else value
            rounded = _rounded(target, self.places)
            self.exact[axis], self.shown[axis] = target, rounded
            return _fmt(rounded - shown_origin[axis] if relative else rounded, self.places)

        if kind == "h":
            parts = [coordinate(0, values[0])]
        elif kind == "v":
            parts = [coordinate(1, values[0])]
        elif kind == "a":
            if args[3] not in ("0", "1") or args[4] not in ("0", "1"):
                return None
            end = [coordinate(0, values[5]), coordinate(1, values[6])]
            parts = [*(_fmt(v, self.places) for v in values[:3]), args[3], args[4], *end]
        else:
            parts = [coordinate(i % 2, v) for i, v in enumerate(values)]
        self.curved = self.curved or kind in "acsqt"
        if self.moving:
            self.moving = False
            self.start = (self.exact[:], self.shown[:])
            self.subpaths.append(([], False))
        elif not self.subpaths or self.subpaths[-1][1]:
            # Drawing on after Z: a new subpath from where the closed one started.
            self.subpaths.append(([(_xy(origin), _xy(shown_origin))], False))
        self.subpaths[-1][0].append((_xy(self.exact), _xy(self.shown)))
        return parts

    def corners(self, limit: float, rounded: bool) -> list[str] | None:
        """How each corner of the path is joined ("miter", "bevel", or "none" next to a
        segment without length), written or rounded; None when the path has curves."""
        if self.curved:
            return None
        joins = []
        for vertices, closed in self.subpaths:
            points = [shown if rounded else exact for exact, shown in vertices]
            if closed:
                points = [points[-1], *points, points[0]]
            for before, at, after in zip(points, points[1:], points[2:], strict=False):
                joins.append(_join(before, at, after, limit))
        return joins


def _xy(point: list[float]) -> tuple[float, float]:
    return point[0], point[1]


def _join(
    before: tuple[float, float], at: tuple[float, float], after: tuple[float, float], limit: float
) -> str:
    """How a stroke is joined at a corner with miter joins: mitred while the miter is at most
    ``limit`` stroke widths long (1 / sin of half the corner's angle), else bevelled."""
    ux, uy = before[0] - at[0], before[1] - at[1]
    vx, vy = after[0] - at[0], after[1] - at[1]
    lengths = math.hypot(ux, uy) * math.hypot(vx, vy)
    if lengths == 0:
        return "none"
    cosine = max(-1.0, min(1.0, (ux * vx + uy * vy) / lengths))
    half_sine = math.sqrt((1 - cosine) / 2)
    return "miter" if half_sine * limit >= 1 else "bevel"


def _rewrite_id_refs(root: ET.Element, ids: dict[str, str]) -> None:
    """Point url(#id) and href="#id" references at the prefixed ids."""
    href_names = {"href", f"{{{_XLINK_NS}}}href"}
    for el in root.iter():
        for name, value in el.attrib.items():
            if "url(#" in value:
                el.set(name, _URL_REF.sub(lambda m: f"url(#{ids.get(m[1], m[1])})", value))
            elif name in href_names and value.startswith("#") and value[1:] in ids:
                el.set(name, f"#{ids[value[1:]]}")


_DATASET_MARK = "\u0000dataset:"


def _compile_json(spec: dict[str, Any] | str) -> str:
    """The compiled Vega spec as script_json text, its datasets' rows copied in as text.

    The rows are most of a spec (a ten-year chart's run to a hundred kilobytes) and the compiler
    only copies them, so the spec is compiled without them: converting them to Python objects
    and back would cost more than the compiling.
    """
    spec = json.loads(spec) if isinstance(spec, str) else dict(spec)
    datasets = spec.get("datasets") or {}
    spec["datasets"] = {name: [] for name in datasets}
    vega = _compile(spec)
    for entry in vega.get("data", []):
        if entry.get("name") in datasets and entry.get("values") == []:
            entry["values"] = _DATASET_MARK + entry["name"]
    text = script_json(vega)
    for name, values in datasets.items():
        text = text.replace(script_json(_DATASET_MARK + name), script_json(values), 1)
    return text


def _render_one(spec: dict[str, Any] | str, label: str) -> RenderedChart:
    """Compile one spec, render its SVG from the compiled Vega and serialise both."""
    import vl_convert as vlc

    isolate_fonts()
    vega_json = _compile_json(spec)
    # The JSON text, not the dict: vl-convert reads text faster than it converts Python objects.
    svg = vlc.vega_to_svg(
        vega_json,
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


@cache
def _renderer_version() -> str:
    """vl-convert's version, which fixes the Vega it renders with; read without loading it,
    which this process need not do when the workers render."""
    return importlib.metadata.version("vl-convert-python")


@cache
def _code_digest() -> str:
    """Charts change when the chart code, number formats, the font setup or this module change."""
    package = Path(__file__).resolve().parent.parent
    paths = [
        *sorted((package / "charts").glob("*.py")),
        *sorted((package / "render").glob("*.py")),
        package / "plan" / "chart_input.py",
        package / "numbers.py",
        FONT_CONFIG / "fonts.conf",
    ]
    return digest(*(file_digest(path) for path in paths))


def chart_key(job: ChartJob) -> str:
    """Everything a made chart depends on: its job, Vega-Lite's and vl-convert's versions and
    the code that makes and renders it."""
    text = json.dumps([job.kind, job.options, job.phone], sort_keys=True, ensure_ascii=False)
    return digest(text, job.rows_json, VL_VERSION, _renderer_version(), _code_digest())


@dataclass(frozen=True)
class MadeChart:
    wide: RenderedChart
    narrow: RenderedChart


Packed = tuple[str, str, str, str]
"""A chart on its way to a worker: the wide spec as JSON text and its label, then the phone's.
Text, not dicts: a ten-year spec's rows as Python objects take several times the memory, and
every chart ordered is held until a worker takes it."""


def _packed(job: ChartJob) -> Packed:
    from generator.charts.registry import specs  # Altair: the main process only

    wide, narrow = specs(job)
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
    import vl_convert as vlc

    isolate_fonts()
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
    jobs = [(spec, _description(spec, i)) for i, spec in enumerate(specs)]
    if processes is None:
        processes = (os.cpu_count() or 1) if len(jobs) >= PARALLEL_MIN_SPECS else 1
    workers = min(processes, len(jobs))
    if workers <= 1:
        return _render_chunk(jobs)
    with _spawn_pool(workers) as pool:
        chunks = _chunks(jobs, min(len(jobs), workers * 2))
        return [chart for part in pool.map(_render_chunk, chunks) for chart in part]
