"""Make the whole site: read → model and check → plan pages → charts → HTML and data files.

Each file is handed to the writer (``emit``) as soon as it is made, so a page and its charts
need not be held to the end; the writer stages them and touches the output folder only when
``generator.build`` commits the finished site.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from urllib.parse import urlsplit

from markupsafe import escape

from generator.cache import DiskCache
from generator.config import BuildConfig, Settings
from generator.dataset.checks import CheckResult, Failure, run_checks
from generator.dataset.grid import Dataset, build_dataset
from generator.errors import BuildError, ContentError
from generator.months import month_name, period_label
from generator.numbers import fmt_int
from generator.output import feed
from generator.output.data_files import DataFiles
from generator.output.html import Renderer, markdown_to_html, split_title
from generator.output.kept_workbooks import KeptWorkbooks
from generator.output.page_meta import PublishedSite
from generator.output.release import Release
from generator.output.share_image import ShareImages, card_of
from generator.plan import routes
from generator.plan.navigation import Site
from generator.plan.pages import PageBuilder
from generator.plan.views import Cell, Figure, NavLink, Page, Row, TableView
from generator.render.download import figure_files
from generator.render.pool import ChartMaker, ChartOrder
from generator.render.vega import MadeChart, script_json
from generator.source.inputs import read_input
from generator.source.regions import RegionCatalog

Progress = Callable[[str], None]
Emit = Callable[[str, bytes], None]
"""Hands one finished file (site-relative path, content) to the writer."""


@dataclass(frozen=True)
class Assembled:
    """What the build reports about the site it made."""

    files: int
    pages: int
    charts: int
    warnings: list[str]
    revisions: list[str]
    stores: list[DiskCache]  # those of workbooks and share cards, for what they bypassed


def _no_progress(_: str) -> None:
    pass


def _read(
    config: BuildConfig, settings: Settings, progress: Progress
) -> tuple[Dataset, list[CheckResult]]:
    paths = config.exports()
    if not paths:
        raise ContentError(
            f"{config.content}: no export found: expected NAV's workbooks "
            "(.xlsx, .xls, .ods) or its text export (.txt, .tsv)"
        )
    exports = []
    for path in paths:
        progress(f"reading {path}")
        exports.append(read_input(path))
    data = build_dataset(exports, RegionCatalog.load(), prefer=settings.prefer)
    progress("checking that the numbers add up")
    return data, run_checks(data)


def _intro_loader(content: Path) -> Callable[[str], str]:
    """A page's introduction by its path: content/intro/fylke/oslo.md for fylke/oslo.html."""

    def intro(page_path: str) -> str:
        path = routes.intro_source(content, page_path)
        if not path.is_file():
            return ""
        _title, html = split_title(markdown_to_html(path)[0])
        return html

    return intro


def _add_charts_script(page: Page, emit: Emit) -> None:
    """Put the page's compiled Vega specs in a script beside it ("fylke/oslo.html" →
    "fylke/oslo.charts.js") and point the page at it; nothing for a page without charts.

    charts.js loads it after the first paint, with Vega, so the page itself is only HTML and
    SVG. A script rather than JSON to fetch, because the site must also work opened from disk,
    where a page cannot fetch files. The URL carries a hash of the content, so a browser never
    draws a cached older spec over a newer page.
    """
    lines = []
    for fig in page.figures:
        if fig.spec_json:
            # The specs are script_json already: joined as text, not parsed and written again.
            narrow = f',"narrow":{fig.narrow_spec_json}' if fig.narrow_spec_json else ""
            specs = f'{{"wide":{fig.spec_json}{narrow}}}'
            lines.append(f"window.navCharts[{script_json(f'fig-{fig.id}')}]={specs};")
    if not lines:
        return
    path = routes.charts_script(page.path)
    content = "\n".join(["window.navCharts=window.navCharts||{};", *lines, ""]).encode("utf-8")
    emit(path, content)
    page.charts_script = routes.versioned(path, content)


CHARTS_AHEAD_PER_WORKER = 4
"""How many charts planning may run ahead of the pages published, per worker process."""


def _markdown_pages(content: Path, period: str) -> list[Page]:
    pages = []
    for path in sorted(content.glob("*.md")):
        if path.stem.lower() in routes.RESERVED_STEMS:
            raise ContentError(
                f"{path}: the build makes {routes.markdown_page(path.stem)} itself: "
                "expected another file name "
                "(an introduction to the front page goes in intro/index.md)"
            )
        html, meta = markdown_to_html(path)
        title, body = split_title(html)
        title = meta.get("title", title)
        if not title:
            raise ContentError(
                f"{path}:1: Markdown page without a title: expected a '# Title' line"
            )
        pages.append(
            Page(
                path=routes.markdown_page(path.stem),
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
                files[routes.static_file(f"{prefix}{item.name}")] = item.read_bytes()

    walk(root, "")
    return files


def _revisions_table(data: Dataset) -> TableView:
    """Which months a later export revised, and when (with which export)."""
    groups: dict[tuple[str, str, str], int] = {}
    for r in data.revisions:
        key = (r.month, r.new_file, r.old_file)
        groups[key] = groups.get(key, 0) + 1
    periods = {e.path.name: period_label(e.period.months) for e in data.exports}
    return TableView(
        id="revisjoner",
        caption="Reviderte tall",
        row_header="Måned",
        columns=["Revidert med", "Erstatter tallene i", "Endrede tall"],
        rows=[
            Row(
                month_name(month),
                [
                    Cell(f"{new} ({periods[new]})", "text"),
                    Cell(f"{old} ({periods[old]})", "text"),
                    Cell(fmt_int(n), "exact", lo=n, hi=n),
                ],
            )
            for (month, new, old), n in sorted(groups.items())
        ],
        csv_href=routes.table_csv("revisjoner"),
        notes=[f"Alle endrede tall, med gammel og ny verdi, står i {routes.REVISIONS_CSV}."],
    )


def _revision_note(data: Dataset) -> str:
    """A paragraph for the front page saying which months were revised, and with what."""
    if not data.revisions:
        return ""
    by_file: dict[str, list[str]] = {}
    for r in data.revisions:
        months = by_file.setdefault(r.new_file, [])
        if r.month not in months:
            months.append(r.month)
    periods = {e.path.name: period_label(e.period.months) for e in data.exports}
    parts = [
        f"tallene for {escape(', '.join(month_name(m) for m in months))} er revidert med "
        f"eksporten for {escape(periods[name])} ({escape(name)})"
        for name, months in by_file.items()
    ]
    about = routes.link(routes.INDEX, routes.ABOUT)
    download = routes.link(routes.INDEX, routes.REVISIONS_CSV)
    return (
        f'<p class="revision-note">Merk: {"; ".join(parts)}. '
        f'<a href="{about}#revisjoner">Se hva som er endret</a> eller '
        f'<a href="{download}">last ned alle endrede tall (CSV)</a>.</p>'
    )


def _publishing_files(
    paths: list[str], base_url: str, renderer: Renderer, site: Site, cards: ShareImages
) -> dict[str, bytes]:
    """404 page (and its share card), sitemap and robots.txt for a static host such as GitHub
    Pages."""
    files: dict[str, bytes] = {}
    # A host serves 404.html at any depth, so its links must not be relative to where it is.
    base_path = urlsplit(base_url).path if base_url else ""
    root = base_path or ""
    body = (
        "<p>Siden du prøvde å åpne, finnes ikke her. Kanskje adressen er skrevet feil, "
        "eller siden er flyttet.</p>"
        f'<p><a href="{escape(root)}{routes.INDEX}">Gå til forsiden</a></p>'
    )
    not_found = Page(
        path=routes.NOT_FOUND,
        title="Fant ikke siden",
        lead="",
        period="",
        template="markdown.html",
        body_html=body,
        section="404",
        base=root or None,
    )
    files[routes.NOT_FOUND] = renderer.render(not_found, site).encode("utf-8")
    files[routes.share_image(routes.NOT_FOUND)] = cards.png(card_of(not_found, site.period))
    robots = "User-agent: *\nAllow: /\n"
    if base_url:
        urls = "".join(
            f"  <url><loc>{escape(base_url + path)}</loc></url>\n" for path in sorted(paths)
        )
        files[routes.SITEMAP] = (
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
            f"{urls}</urlset>\n"
        ).encode()
        robots += f"Sitemap: {base_url}{routes.SITEMAP}\n"
    files[routes.ROBOTS] = robots.encode()
    return files


def _failed_checks(results: list[CheckResult], strict: bool) -> list[Failure]:
    """The failed checks, which the site states; with ``strict``, any of them stops the build."""
    failures = [f for r in results for f in r.failures]
    if failures and strict:
        raise BuildError(f"{len(failures)} check(s) failed (--strict); first: {failures[0]}")
    return failures


def _plan(
    config: BuildConfig, data: Dataset, results: list[CheckResult], failures: list[Failure]
) -> tuple[PageBuilder, list[Page], Site]:
    """The page planner, the Markdown pages, and what every page links to."""
    intro = _intro_loader(config.content)
    revision_note = _revision_note(data)
    builder = PageBuilder(
        data, lambda path: (revision_note if path == routes.INDEX else "") + intro(path)
    )
    markdown_pages = _markdown_pages(config.content, builder.period)
    for page in markdown_pages:
        if page.path == routes.ABOUT:
            page.tables = _about_tables(data, results)
            if data.revisions:
                page.tables.append(_revisions_table(data))
    site = builder.site(
        [NavLink(p.title, p.path) for p in markdown_pages], [f.norsk() for f in failures]
    )
    return builder, markdown_pages, site


class _Publisher:
    """Hands files to the writer, counting them, and renders each page once its charts are
    made, with its tables' downloads and its share card, then lets go of it."""

    def __init__(
        self,
        emit: Emit,
        maker: ChartMaker,
        renderer: Renderer,
        site: PublishedSite,
        builder: PageBuilder,
        cards: ShareImages,
        books: KeptWorkbooks,
    ) -> None:
        self.emit = emit
        self.maker = maker
        self.renderer = renderer
        self.site = site
        self.builder = builder
        self.cards = cards
        self.data_files = DataFiles(self.add, site.release, books)
        self.files = 0
        self.charts = 0
        self.orders: dict[str, ChartOrder] = {}
        self.published: list[str] = []

    def add(self, path: str, content: bytes) -> None:
        self.emit(path, content)
        self.files += 1

    def order_charts(self, page: Page) -> None:
        for figure in page.figures:
            if figure.job:
                self.orders[figure.id] = self.maker.order(figure.job)
                self.charts += 2  # wide and for phones

    def charts_ready(self, page: Page) -> bool:
        return self.maker.ready([self.orders[f.id] for f in page.figures if f.job])

    def publish(self, page: Page) -> None:
        made = {f.id: self.maker.result(self.orders.pop(f.id)) for f in page.figures if f.job}
        for figure in page.figures:  # the figures to download (generator.render.download)
            for path, content in figure_files(figure.files, made.get(figure.id)):
                self.add(path, content)
        page.figures = [_with_chart(f, made[f.id]) if f.job else f for f in page.figures]
        _add_charts_script(page, self.add)
        self.add(page.path, self.renderer.render(page, self.site).encode("utf-8"))
        period = page.period or self.site.period
        for table in [*(f.table for f in page.figures), *page.tables]:
            if table.csv_href:
                self.data_files.table(table, period)
        if page.csv_href:
            self.data_files.page(page, self.builder.page_rows(page))
        self.add_card(page)
        self.published.append(page.path)

    def add_card(self, page: Page) -> None:
        """The page's share card, drawn from its first chart."""
        period = page.period or self.site.period
        self.add(routes.share_image(page.path), self.cards.png(card_of(page, period)))


def _plan_and_publish(out: _Publisher, pages: Iterator[Page], most_ahead: int) -> deque[Page]:
    """Order each page's charts as soon as the page is planned, and render each page as soon
    as its charts are back; returns the pages still waiting for their charts.

    The workers render while this process plans and renders around them, and a rendered
    page's charts and tables need not be held to the end. Planning is faster than rendering,
    so it waits once the workers have ``most_ahead`` charts ahead of them: otherwise every
    page and every chart's spec would be held at once.
    """
    waiting: deque[Page] = deque()

    def charts_ahead() -> int:
        """Charts ordered for the pages planned before the newest, and not yet published."""
        return sum(1 for page in list(waiting)[:-1] for f in page.figures if f.job)

    for page in pages:
        out.order_charts(page)
        waiting.append(page)
        while waiting and (out.charts_ready(waiting[0]) or charts_ahead() > most_ahead):
            out.publish(waiting.popleft())
    return waiting


def _share_images(config: BuildConfig) -> ShareImages:
    """Share cards, kept beside the charts in the cache folder (a clean build draws anew)."""
    folder = config.cache_folder()
    return ShareImages(folder / "share" if folder else None, read=not config.clean)


def _kept_workbooks(config: BuildConfig) -> KeptWorkbooks:
    """Workbooks, kept beside the charts in the cache folder (a clean build writes anew)."""
    folder = config.cache_folder()
    return KeptWorkbooks(folder / "workbooks" if folder else None, read=not config.clean)


@dataclass(frozen=True)
class Inputs:
    """The content read and checked: what every later stage works from. The check results
    and failures name files relative to the content folder, as the site shows them; the
    warnings name them as the user gave them."""

    data: Dataset
    results: list[CheckResult]
    failures: list[Failure]
    warnings: list[str]


def read_inputs(config: BuildConfig, settings: Settings, progress: Progress) -> Inputs:
    """Read every export and check its numbers; under --strict a failed check stops here,
    before any chart worker is started."""
    data, results = _read(config, settings, progress)
    failures = _failed_checks(results, config.strict)
    published = [
        dataclasses.replace(r, failures=[f.published(config.content) for f in r.failures])
        for r in results
    ]
    return Inputs(
        data,
        published,
        [f.published(config.content) for f in failures],
        [str(f) for f in failures],
    )


def assemble(
    config: BuildConfig,
    settings: Settings,
    base_url: str,
    inputs: Inputs,
    emit: Emit,
    maker: ChartMaker,
    progress: Progress = _no_progress,
) -> Assembled:
    """Make every file of the site, charts by ``maker``, and hand each file to ``emit``."""
    data, results, failures = inputs.data, inputs.results, inputs.failures
    builder, markdown_pages, planned = _plan(config, data, results, failures)
    release = Release.of(data.latest_month, settings.next_update)
    site = PublishedSite.of(planned, base_url, release)
    renderer = Renderer(config.template_folders())
    books = _kept_workbooks(config)
    out = _Publisher(emit, maker, renderer, site, builder, _share_images(config), books)

    progress("planning pages, making charts, rendering pages")
    most_ahead = CHARTS_AHEAD_PER_WORKER * maker.processes
    waiting = _plan_and_publish(out, builder.iter_pages(), most_ahead)
    out.data_files.dataset(data, results, site.period)
    while waiting:
        out.publish(waiting.popleft())
    for page in markdown_pages:
        out.publish(page)
    out.data_files.package(data, base_url)
    about_page = any(page.path == routes.ABOUT for page in markdown_pages)
    out.add(routes.FEED, feed.feed(data, base_url, about_page))
    for name, content in [
        *_static_files().items(),
        *_publishing_files(out.published, base_url, renderer, site, out.cards).items(),
        (routes.NO_JEKYLL, b""),
    ]:
        out.add(name, content)
    progress(
        f"downloads written in {out.data_files.seconds:.2f} s, "
        f"share images in {out.cards.seconds:.2f} s"
    )

    return Assembled(
        files=out.files,
        pages=len(out.published),
        charts=out.charts,
        warnings=inputs.warnings,
        revisions=[str(r) for r in data.revisions],
        stores=[store for store in (books.store, out.cards.store) if store is not None],
    )


def _with_chart(figure: Figure, made: MadeChart) -> Figure:
    return dataclasses.replace(
        figure,
        svg=made.wide.svg,
        spec_json=made.wide.vega_json,
        narrow_svg=made.narrow.svg,
        narrow_spec_json=made.narrow.vega_json,
    )
