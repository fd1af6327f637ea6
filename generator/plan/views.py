"""What a page shows, as plain data: the contract between the page builders and the templates.

The page planners (``generator.plan.pages`` and the page modules it calls) fill these; the
templates only lay them out, so every number's formatting and privacy handling is decided
once, here and in ``generator.numbers``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from generator.numbers import ABOUT
from generator.plan.routes import root_of

if TYPE_CHECKING:
    from generator.plan.chart_job import ChartJob


@dataclass(frozen=True)
class Cell:
    """One table cell. ``text`` is already formatted the Norwegian way.

    ``kind`` tells the template how to mark it up:
    - "exact": a published or exactly computed number;
    - "hidden": a single `*` cell (0–3, rendered with <abbr> and the hidden-value note);
    - "range": a computed value that includes hidden cells, shown as "lo–hi";
    - "text": a label or other non-numeric text.
    ``key`` identifies a cell copied straight from the export
    ("region|tiltaksgruppe|hovedgruppe|YYYY-MM")
    so tests can compare it with the source; empty for computed cells.
    """

    text: str
    kind: str = "exact"
    key: str = ""
    title: str = ""
    lo: float | None = None  # the value's bounds, for the CSV (equal when exact)
    hi: float | None = None


@dataclass(frozen=True)
class Row:
    header: str
    cells: list[Cell]
    href: str = ""  # optional link for the row header (e.g. to the county page)
    emphasis: bool = False  # totals row


@dataclass(frozen=True)
class TableView:
    """An accessible data table: caption, column headers, one header cell per row."""

    id: str
    caption: str
    row_header: str  # text of the top-left header cell, e.g. "Fylke"
    columns: list[str]
    rows: list[Row]
    csv_href: str = ""  # link to a CSV of exactly this table
    notes: list[str] = field(default_factory=list)
    with_key_figures: bool = False  # shown at the top, under the key figures
    averages: bool = False  # holds averages, whose ranges may read "ca." whatever the bounds
    changes: bool = False  # holds changes in per cent, whose ranges may read "ca." likewise

    @property
    def has_hidden(self) -> bool:
        return any(c.kind == "hidden" for r in self.rows for c in r.cells)

    @property
    def has_range(self) -> bool:
        return any(c.kind == "range" for r in self.rows for c in r.cells)

    @property
    def has_rounded_range(self) -> bool:
        """A range too narrow to show at the table's precision ("ca. 3,5 %"). Said of every
        table of averages or changes in per cent with a range: whether one reads "ca." depends
        on its bounds, and so on what a hidden cell is taken to be, which the notes must not."""
        if (self.averages or self.changes) and self.has_range:
            return True
        cells = (c for r in self.rows for c in r.cells)
        return any(c.kind == "range" and c.text.startswith(ABOUT) for c in cells)


@dataclass(frozen=True)
class Figure:
    """A chart with its text alternative and the table that holds all its numbers."""

    id: str
    title: str  # the figure caption
    summary: str  # computed text summary of what the chart shows
    table: TableView
    job: ChartJob | None = field(default=None, repr=False)  # what the chart is made from
    svg: str = ""  # static SVG (root has role="img" and aria-label), inlined in the page
    spec_json: str = ""  # compiled Vega spec as JSON that is safe in a script (script_json)
    narrow_svg: str = ""  # the same chart for phones
    narrow_spec_json: str = ""
    breaks: list[str] = field(default_factory=list)  # notes on breaks in the series
    # Maps, scale choices and figure downloads (see generator.plan.maps and .comparison):
    files: tuple[tuple[str, str], ...] = ()  # the figure to download: (format, site path)
    credit: str = ""  # a credit the figure must carry, e.g. the map's source
    beside: bool = False  # the table beside the chart where there is room (maps)
    shared_scale: str = ""  # id of the same chart on one shared scale, offered as a choice
    drawn_in: str = ""  # set on that chart: drawn inside the figure of this id, not alone
    table_above: bool = False  # its table is an earlier figure's, linked instead of repeated


@dataclass(frozen=True)
class KeyFigure:
    label: str
    value: str  # formatted
    kind: str = "exact"  # as Cell.kind
    change: str = ""  # e.g. "+1 234 (+7,1 %) fra november 2016": a year earlier, if there
    note: str = ""
    second_change: str = ""  # from the month before, when ``change`` is from a year earlier


@dataclass(frozen=True)
class NavLink:
    title: str
    href: str  # relative to the site root; templates prefix it with ``root``


@dataclass
class Page:
    """One HTML page of the site."""

    path: str  # output path relative to the site root, e.g. "fylke/oslo.html"
    title: str  # the <h1>, says what the page shows
    lead: str  # one sentence under the heading
    period: str  # e.g. "januar–desember 2017"
    template: str = "page.html"
    intro_html: str = ""  # optional Markdown intro rendered to HTML
    key_figures: list[KeyFigure] = field(default_factory=list)
    key_figures_note: str = ""  # e.g. why no change from the year before can be shown
    figures: list[Figure] = field(default_factory=list)
    tables: list[TableView] = field(default_factory=list)  # tables not behind any chart
    body_html: str = ""  # for Markdown pages
    csv_href: str = ""  # CSV of everything this page shows
    related: list[tuple[str, list[NavLink]]] = field(default_factory=list)  # link lists by heading
    section: str = ""  # "index", "fylke", "tiltaksgruppe", "om" — for navigation state
    base: str | None = None  # a fixed prefix for pages served at any depth (404.html)
    charts_script: str = ""  # URL of the script with this page's chart specs, from the root

    @property
    def root(self) -> str:
        """Relative prefix from this page to the site root, so the site works from any base path."""
        if self.base is not None:
            return self.base
        return root_of(self.path)
