"""The build: read → model and check → plan pages → render charts → render HTML → write.

Everything is gathered in memory first and written last, by one writer, so a failure at any
stage leaves the previous site untouched.
"""

from __future__ import annotations

import dataclasses
import hashlib
import time
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from generator import downloads
from generator.checks import CheckResult, run_checks
from generator.config import BuildConfig
from generator.errors import BuildError, ContentError
from generator.model import Dataset, build_dataset
from generator.numbers import fmt_int, period_label
from generator.pages import PageBuilder
from generator.read_export import read_export
from generator.regions import RegionCatalog
from generator.render import Renderer, markdown_to_html, split_title
from generator.render_charts import render_charts, script_json
from generator.views import Cell, NavLink, Page, Row, TableView
from generator.write import write_site

Progress = Callable[[str], None]


@dataclass(frozen=True)
class BuildResult:
    pages: int
    charts: int
    warnings: list[str]
    files: int
    seconds: float


def _no_progress(_: str) -> None:
    pass


def _read(config: BuildConfig, progress: Progress) -> tuple[Dataset, list[CheckResult]]:
    if not config.content.is_dir():
        raise ContentError(f"{config.content}: content folder not found")
    paths = config.exports()
    if not paths:
        raise ContentError(
            f"{config.content}: no export found: expected NAV's export as a .txt or .tsv file"
        )
    exports = []
    for path in paths:
        progress(f"reading {path}")
        exports.append(read_export(path))
    data = build_dataset(exports, RegionCatalog.load())
    progress("checking that the numbers add up")
    return data, run_checks(data)


def _intro_loader(content: Path) -> Callable[[str], str]:
    def intro(name: str) -> str:
        path = content / "intro" / f"{name}.md"
        if not path.is_file():
            return ""
        _title, html = split_title(markdown_to_html(path)[0])
        return html

    return intro


def _markdown_pages(content: Path, period: str) -> list[Page]:
    pages = []
    for path in sorted(content.glob("*.md")):
        html, meta = markdown_to_html(path)
        title, body = split_title(html)
        title = meta.get("title", title)
        if not title:
            raise ContentError(
                f"{path}:1: Markdown page without a title: expected a '# Title' line"
            )
        pages.append(
            Page(
                path=f"{path.stem}.html",
                title=title,
                lead=meta.get("lead", ""),
                period=period,
                template=meta.get("template", "markdown.html"),
                body_html=body,
                section=path.stem,
            )
        )
    return pages


def _about_tables(data: Dataset, results: list[CheckResult]) -> list[TableView]:
    """Provenance and check results, for the "Om statistikken" page."""
    sources = TableView(
        id="kilder",
        caption="Filene tallene kommer fra",
        row_header="Fil",
        columns=["Periode", "Tabeller", "Tegnkoding", "SHA-256"],
        rows=[
            Row(
                e.path.name,
                [
                    Cell(period_label(e.period.months), "text"),
                    Cell(fmt_int(len(e.tables)), "exact", lo=len(e.tables), hi=len(e.tables)),
                    Cell(e.encoding, "text"),
                    Cell(hashlib.sha256(e.path.read_bytes()).hexdigest(), "text"),
                ],
            )
            for e in data.exports
        ],
    )
    checks = TableView(
        id="kontroll",
        caption="Kontroll av tallene",
        row_header="Kontroll",
        columns=["Hva som kontrolleres", "Summer kontrollert", "Avvik"],
        rows=[
            Row(
                r.name,
                [
                    Cell(r.description, "text"),
                    Cell(fmt_int(r.compared), "exact", lo=r.compared, hi=r.compared),
                    Cell(fmt_int(len(r.failures)), "exact", lo=len(r.failures), hi=len(r.failures)),
                ],
            )
            for r in results
        ],
        notes=["Hver skjult verdi (*) regnes som 0, 1, 2 eller 3 når summene kontrolleres."],
    )
    return [checks, sources]


def _static_files() -> dict[str, bytes]:
    files: dict[str, bytes] = {}
    root = resources.files("generator").joinpath("static")

    def walk(folder, prefix: str) -> None:
        for item in sorted(folder.iterdir(), key=lambda i: i.name):
            if item.is_dir():
                walk(item, f"{prefix}{item.name}/")
            elif not item.name.startswith("."):
                files[f"static/{prefix}{item.name}"] = item.read_bytes()

    walk(root, "")
    return files


def build(config: BuildConfig, progress: Progress = _no_progress) -> BuildResult:
    started = time.perf_counter()
    data, results = _read(config, progress)
    failures = [f for r in results for f in r.failures]
    if failures and config.strict:
        raise BuildError(f"{len(failures)} check(s) failed (--strict); first: {failures[0]}")

    progress("planning pages")
    builder = PageBuilder(data, _intro_loader(config.content))
    pages = builder.all_pages()
    markdown_pages = _markdown_pages(config.content, builder.period)
    for page in markdown_pages:
        if page.path == "om-statistikken.html":
            page.tables = _about_tables(data, results)
    site = builder.site(
        [NavLink(p.title, p.path) for p in markdown_pages], [f.norsk() for f in failures]
    )

    figures = [figure for page in pages for figure in page.figures]
    progress(f"rendering {len(figures)} charts")
    specs = [f.spec for f in figures] + [f.narrow_spec for f in figures]
    rendered = render_charts(specs, processes=config.processes)
    wide, narrow = rendered[: len(figures)], rendered[len(figures) :]
    by_id = {
        f.id: dataclasses.replace(
            f, svg=w.svg, spec_json=w.vega_json, narrow_svg=n.svg, narrow_spec_json=n.vega_json
        )
        for f, w, n in zip(figures, wide, narrow, strict=True)
    }
    for page in pages:
        page.figures = [by_id[f.id] for f in page.figures]

    progress("rendering pages")
    renderer = Renderer(config.templates)
    files: dict[str, bytes] = {}
    for page in [*pages, *markdown_pages]:
        files[page.path] = renderer.render(page, site).encode("utf-8")
        for table in [*(f.table for f in page.figures), *page.tables]:
            if table.csv_href:
                files[table.csv_href] = downloads.table_csv(table)
        if page.csv_href:
            files[page.csv_href] = downloads.dataset_csv(builder.page_rows(page))
    files["data/deltakere.csv"] = downloads.dataset_csv(data.frame)
    files["data/deltakere.json"] = downloads.dataset_json(data.frame)
    files["data/kontroller.json"] = script_json(
        [
            {
                "kontroll": r.name,
                "beskrivelse": r.description,
                "summer": r.compared,
                "avvik": [str(f) for f in r.failures],
            }
            for r in results
        ]
    ).encode("utf-8")
    files.update(_static_files())
    files[".nojekyll"] = b""

    progress(f"writing {len(files)} files to {config.out}")
    write_site(files, config.out)
    return BuildResult(
        pages=len(pages) + len(markdown_pages),
        charts=len(figures),
        warnings=[str(f) for f in failures],
        files=len(files),
        seconds=time.perf_counter() - started,
    )
