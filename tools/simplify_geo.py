"""Make the county boundaries the site draws: simplified copies of Kartverket's shapes.

    python3 tools/simplify_geo.py /work/shared/geo      # writes generator/data/geo/

Run once when the source boundaries change; the output is committed, so a build needs neither
the source files nor this script. Each era's file (``fylker-<era>.geojson``) is written twice:
``fylker-<era>-kart.geojson`` for the choropleths (drawn about 450 px tall, 1 500 px in the
downloaded figure) and ``fylker-<era>-lokator.geojson`` for the small locator maps, which need
far less detail. A ring is simplified with Douglas–Peucker in kilometres, islands smaller than
a few pixels at the drawn size are left out (never a county's largest piece), coordinates keep
three decimals (about 100 m), and every ring keeps the clockwise winding Vega expects.
"""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "generator" / "data" / "geo"
KM_PER_DEGREE = 111.2

# (suffix, tolerance in km, smallest island kept in km²)
DETAILS = (("kart", 2.5, 40.0), ("lokator", 12.0, 1500.0))

Ring = list[tuple[float, float]]


def _km(point: tuple[float, float], lat0: float) -> tuple[float, float]:
    lon, lat = point
    return lon * KM_PER_DEGREE * math.cos(math.radians(lat0)), lat * KM_PER_DEGREE


def _distance(p: tuple[float, float], a: tuple[float, float], b: tuple[float, float]) -> float:
    """Distance from p to the segment a–b."""
    dx, dy = b[0] - a[0], b[1] - a[1]
    length = dx * dx + dy * dy
    t = 0.0 if length == 0 else max(0.0, min(1.0, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / length))
    return math.hypot(p[0] - a[0] - t * dx, p[1] - a[1] - t * dy)


def _douglas_peucker(points: list[tuple[float, float]], tolerance: float) -> list[int]:
    """Indices of the points kept (first and last always)."""
    keep = {0, len(points) - 1}
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        worst, at = 0.0, -1
        for i in range(first + 1, last):
            d = _distance(points[i], points[first], points[last])
            if d > worst:
                worst, at = d, i
        if worst > tolerance:
            keep.add(at)
            stack += [(first, at), (at, last)]
    return sorted(keep)


def _signed_area(ring: list[tuple[float, float]]) -> float:
    return sum(a[0] * b[1] - b[0] * a[1] for a, b in zip(ring, ring[1:], strict=False)) / 2


def _simplify_ring(ring: Ring, tolerance: float) -> Ring | None:
    lat0 = sum(p[1] for p in ring) / len(ring)
    flat = [_km(p, lat0) for p in ring]
    # A closed ring: split at the point farthest from the first, so both ends are kept.
    far = max(range(len(flat)), key=lambda i: math.dist(flat[0], flat[i]))
    kept = _douglas_peucker(flat[: far + 1], tolerance)
    kept += [far + i for i in _douglas_peucker(flat[far:], tolerance)[1:]]
    out = [(round(ring[i][0], 3), round(ring[i][1], 3)) for i in kept]
    out = [p for i, p in enumerate(out) if i == 0 or p != out[i - 1]]
    if len(out) < 4:
        return None
    if (_signed_area(out) < 0) != (_signed_area(ring) < 0):
        out.reverse()  # keep the winding the source has (clockwise)
    return out


def _area_km2(ring: Ring) -> float:
    lat0 = sum(p[1] for p in ring) / len(ring)
    return abs(_signed_area([_km(p, lat0) for p in ring]))


def _simplify_feature(feature: dict, tolerance: float, smallest: float) -> dict:
    geometry = feature["geometry"]
    polygons = geometry["coordinates"]
    if geometry["type"] == "Polygon":
        polygons = [polygons]
    largest = max(polygons, key=lambda p: _area_km2(p[0]))
    kept = []
    for polygon in polygons:
        if polygon is not largest and _area_km2(polygon[0]) < smallest:
            continue
        rings = [_simplify_ring([tuple(p) for p in ring], tolerance) for ring in polygon]
        if rings[0] is None:
            continue
        kept.append([[list(p) for p in r] for r in rings if r is not None])
    return {
        "type": "Feature",
        "properties": {
            "fylkesnummer": feature["properties"]["fylkesnummer"],
            "fylkesnavn": feature["properties"]["fylkesnavn"],
        },
        "geometry": {"type": "MultiPolygon", "coordinates": kept},
    }


def simplify(source: Path) -> None:
    for path in sorted(source.glob("fylker-*.geojson")):
        collection = json.loads(path.read_text("utf-8"))
        for suffix, tolerance, smallest in DETAILS:
            features = [_simplify_feature(f, tolerance, smallest) for f in collection["features"]]
            out = {
                "type": "FeatureCollection",
                "name": collection["name"],
                "valid_from": collection["valid_from"],
                "valid_to": collection["valid_to"],
                "features": features,
            }
            target = OUT / f"{path.stem}-{suffix}.geojson"
            target.write_text(json.dumps(out, ensure_ascii=False, separators=(",", ":")), "utf-8")
            vertices = sum(
                len(r) for f in features for p in f["geometry"]["coordinates"] for r in p
            )
            print(f"{target.name}: {vertices} vertices, {target.stat().st_size} bytes")


if __name__ == "__main__":
    simplify(Path(sys.argv[1] if len(sys.argv) > 1 else "/work/shared/geo"))
