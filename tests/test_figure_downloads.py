"""Charts to take away: every chart on the site can be downloaded as SVG and as a PNG at least
1 200 px wide, with its title, its period and "Kilde: NAV" (and a map's credit) written into
the picture, from links beside the table's download."""

from __future__ import annotations

import struct
import xml.etree.ElementTree as ET
import zlib
from pathlib import Path

from bs4 import BeautifulSoup

from generator.plan import routes
from generator.plan.maps import MAP_CREDIT
from generator.render.cache import ChartCache
from generator.render.download import (
    MIN_PNG_WIDTH,
    figure_files,
    figure_of,
    smaller_png,
)
from generator.render.vega import FigureFiles, MadeChart, RenderedChart, svg_to_png

SVG_NS = "{http://www.w3.org/2000/svg}"
CHART = (
    '<svg xmlns="http://www.w3.org/2000/svg" class="marks" width="300" height="200" '
    'viewBox="0 0 300 200" role="img" aria-label="Et diagram" focusable="false">'
    '<rect width="300" height="200" fill="white"/><path d="M10,10L290,190" stroke="#0072B2"/>'
    "</svg>"
)
META = {"title": "Deltakere & tiltak", "period": "januar–desember 2017", "credits": ["Kilde: NAV"]}


def png_chunks(data: bytes) -> list[tuple[bytes, bytes]]:
    """The chunks of a PNG, each checked against its CRC."""
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    chunks, at = [], 8
    while at < len(data):
        (size,) = struct.unpack(">I", data[at : at + 4])
        kind, body = data[at + 4 : at + 8], data[at + 8 : at + 8 + size]
        (crc,) = struct.unpack(">I", data[at + 8 + size : at + 12 + size])
        assert crc == zlib.crc32(kind + body), kind
        chunks.append((kind, body))
        at += 12 + size
    assert chunks[0][0] == b"IHDR" and chunks[-1][0] == b"IEND"
    return chunks


def png_width(data: bytes) -> int:
    return struct.unpack(">I", png_chunks(data)[0][1][:4])[0]


def pixels(data: bytes) -> bytes:
    return zlib.decompress(b"".join(body for kind, body in png_chunks(data) if kind == b"IDAT"))


def texts(svg: str) -> list[str]:
    return ["".join(t.itertext()) for t in ET.fromstring(svg).iter(f"{SVG_NS}text")]


def test_the_figure_carries_its_title_period_and_source() -> None:
    files = figure_of(CHART, {**META, "credits": ["Kilde: NAV", MAP_CREDIT]})
    root = ET.fromstring(files.svg)
    assert root.find(f"{SVG_NS}title").text == "Deltakere & tiltak"  # type: ignore[union-attr]
    assert texts(files.svg) == [
        "Deltakere & tiltak",
        "Periode: januar–desember 2017",
        "Kilde: NAV",
        MAP_CREDIT,
    ]
    chart = root.find(f"{SVG_NS}svg")
    assert chart is not None and chart.get("role") is None and chart.get("aria-label") is None
    assert float(root.get("width", "0")) >= 300 + 2 * 20
    assert png_width(files.png) >= MIN_PNG_WIDTH


def test_a_long_title_wraps_inside_the_picture() -> None:
    title = "Arbeidsrettet rehabilitering: deltakere etter hovedgruppe, hele landet, " * 3
    files = figure_of(CHART, {**META, "title": title.strip()})
    lines = [t for t in ET.fromstring(files.svg).iter(f"{SVG_NS}text") if t.get("font-weight")]
    assert len(lines) > 3
    width = float(ET.fromstring(files.svg).get("width", "0"))
    assert all(len(t.text or "") * 18 * 0.6 <= width - 40 for t in lines)


def test_the_png_is_compressed_harder_with_every_pixel_kept() -> None:
    png = svg_to_png(figure_of(CHART, META).svg, 2.0)
    smaller = smaller_png(png)
    assert len(smaller) < len(png)
    assert pixels(smaller) == pixels(png)
    assert [k for k, _ in png_chunks(smaller) if k != b"IDAT"] == [
        k for k, _ in png_chunks(png) if k != b"IDAT"
    ]
    assert smaller_png(b"not a png") == b"not a png"


def test_a_made_chart_keeps_its_figure_in_the_cache(tmp_path: Path) -> None:
    chart = RenderedChart(svg=CHART, vega_json="{}")
    made = MadeChart(chart, chart, FigureFiles("<svg/>", b"\x89PNG\r\n\x1a\n\x00\xff"))
    cache = ChartCache(tmp_path)
    cache.put_made("k" * 64, made)
    assert cache.made("k" * 64) == made
    cache.put_made("j" * 64, MadeChart(chart, chart))
    assert cache.made("j" * 64) == MadeChart(chart, chart)


def test_the_files_are_had_by_their_format() -> None:
    chart = RenderedChart(svg=CHART, vega_json="{}")
    made = MadeChart(chart, chart, FigureFiles("<svg/>", b"png"))
    paths = (("SVG", routes.figure_file("x", "svg")), ("PNG", routes.figure_file("x", "png")))
    assert figure_files(paths, made) == [
        ("figurer/x.svg", b"<svg/>"),
        ("figurer/x.png", b"png"),
    ]
    assert figure_files(paths, MadeChart(chart, chart)) == []
    assert figure_files(paths, None) == []


def test_every_chart_of_the_site_can_be_taken_away(built_site: Path) -> None:
    """Each figure links its SVG and PNG beside its table's download; each file is there, with
    the figure's own title, its period and the source; none is left unlinked."""
    linked = set()
    for page in sorted(built_site.rglob("*.html")):
        doc = BeautifulSoup(page.read_text("utf-8"), "html.parser")
        for figure in doc.select("figure.chart"):
            block = figure.find_parent(class_="figure-block")
            links = block.select(".figure-download a[download]")
            own = [a for a in links if "felles skala" not in a.get_text()]
            assert [a.get_text(" ", strip=True) for a in own] == [
                "Last ned figuren (SVG)",
                "Last ned figuren (PNG)",
            ], (page.name, figure["id"])
            title = figure.select_one("figcaption").get_text(" ", strip=True)
            for a in links:
                path = (page.parent / a["href"]).resolve()
                linked.add(path)
                if a["href"].endswith(".svg"):
                    svg = path.read_text("utf-8")
                    words = texts(svg)
                    if a in own:
                        assert words[0] == title or " ".join(words).startswith(title), title
                    assert "Kilde: NAV" in words and any(w.startswith("Periode: ") for w in words)
                    if figure.select_one(".chart-credit"):
                        assert MAP_CREDIT in words, (page.name, figure["id"])
                else:
                    assert png_width(path.read_bytes()) >= MIN_PNG_WIDTH, path.name
    files = {p.resolve() for p in (built_site / routes.FIGURE_FOLDER).iterdir()}
    assert files == linked


def test_the_figure_holds_the_chart_as_drawn_on_the_page(built_site: Path) -> None:
    page = built_site / "index.html"
    doc = BeautifulSoup(page.read_text("utf-8"), "html.parser")
    for figure in doc.select("figure.chart"):
        drawn = figure.select_one(".chart-canvas svg")
        name = figure["id"].removeprefix("fig-")
        svg = (built_site / routes.figure_file(name, "svg")).read_text("utf-8")
        chart = ET.fromstring(svg).find(f"{SVG_NS}svg")
        assert chart is not None
        paths = [p.get("d") for p in chart.iter(f"{SVG_NS}path")]
        assert paths == [p.get("d") for p in drawn.find_all("path")], name
