"""Turn vl-convert's SVG into one labelled image, small enough to inline on every page.

vl-convert writes an SVG for a screen reader to walk point by point, with ids numbered per
process and coordinates to 14 decimals. The site inlines many charts per page, so each becomes
one image named by its description, with ids that cannot collide, in fewer bytes that draw the
same picture. It needs only the standard library's XML, so it is tested on SVG text alone.
"""

from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET
from functools import lru_cache

__all__ = ["accessible_svg"]

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

# Serialise SVG elements unprefixed (xmlns="…"), as HTML expects for inline SVG.
ET.register_namespace("", _SVG_NS)
ET.register_namespace("xlink", _XLINK_NS)


def accessible_svg(svg: str, label: str, id_prefix: str, hatch: str = "") -> str:
    """Make vl-convert's SVG one labelled image that is safe to inline many times on a page.

    Vega marks every point and axis with ARIA roles and labels; a screen reader would meet
    hundreds of fragments, while the figure's summary and table already give the numbers.
    Element ids (clip paths, gradients) get a prefix derived from the chart's content, so
    several charts on one page cannot point at each other's definitions. ``hatch`` names a
    fill colour to draw as hatching instead (Vega has no patterns; see :func:`_hatch`).
    """
    root = ET.fromstring(svg)
    if hatch:
        _hatch(root, hatch, "hatch")
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


HATCH_SPACING = 7
HATCH_LINES = (("#ffffff", 1.75), ("#262626", 5.25))
"""The hatching: a white and a near-black line (colour, x), 1 px wide, every 7 px at 45°, so
it shows on the palest and the darkest fill alike and leaves the fill's colour to be seen."""


def _hatch(root: ET.Element, colour: str, pattern_id: str) -> None:
    """Draw what is filled with ``colour`` hatched instead: diagonal lines over what lies
    beneath (the layer under it keeps its own colour), in a pattern defined once."""
    found = False
    for el in root.iter():
        if el.get("fill", "").lower() == colour.lower():
            el.set("fill", f"url(#{pattern_id})")
            el.attrib.pop("fill-opacity", None)
            found = True
    if not found:
        return
    ns = f"{{{_SVG_NS}}}"
    size = str(HATCH_SPACING)
    defs = ET.Element(f"{ns}defs")
    pattern = ET.SubElement(
        defs,
        f"{ns}pattern",
        {"id": pattern_id, "width": size, "height": size, "patternUnits": "userSpaceOnUse",
         "patternTransform": "rotate(45)"},
    )  # fmt: skip
    for stroke, x in HATCH_LINES:
        line = {"x1": str(x), "y1": "0", "x2": str(x), "y2": size, "stroke": stroke}
        ET.SubElement(pattern, f"{ns}line", line)
    root.insert(0, defs)


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
