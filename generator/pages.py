"""Decide what each page shows: key figures, charts (as Vega-Lite specs) and the tables behind them.

Every number passes through ``generator.numbers``: a cell copied from the export keeps its
``*``; anything computed from a hidden cell is an interval. The pages hold chart specs only;
rendering them to SVG is a later stage, so all of them can be rendered together.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import pandas as pd

from generator import charts
from generator.errors import BuildError
from generator.model import ALL, Dataset
from generator.numbers import (
    Count,
    Ratio,
    fmt_count,
    fmt_int,
    fmt_ratio_pct,
    month_name,
    period_label,
    short_month,
)
from generator.regions import ROLE_COUNTY, Region, slugify
from generator.views import Cell, Figure, KeyFigure, NavLink, Page, Row, TableView

HIDDEN_TEXT = "skjult (0–3)"
# Chart sizes for phones (about 360 px of content width), so text is not shrunk unreadably.
PHONE: dict[Callable[..., dict], dict[str, object]] = {
    charts.line_chart: {"width": 340, "height": 240},
    charts.small_multiples: {"columns": 2, "width": 120},
    charts.month_bars: {"width": 340, "height": 220},
    charts.bar_chart: {"width": 340},
}


@dataclass(frozen=True)
class Site:
    """What every page links to, and what the base template states on every page."""

    fylker: list[NavLink]
    tiltaksgrupper: list[NavLink]
    pages: list[NavLink]
    warnings: list[str]
    period: str
    source_note: str


def export_cell(count: Count, key: str) -> Cell:
    """A cell copied from the export: a number, or "*" for a hidden count."""
    if count.is_exact:
        return Cell(fmt_int(count.lo), "exact", key, lo=count.lo, hi=count.lo)
    return Cell("*", "hidden", key, "Skjult: færre enn 4 personer", lo=count.lo, hi=count.hi)


def computed_cell(count: Count, *, signed: bool = False) -> Cell:
    """A computed count: exact, or an interval when it holds hidden cells."""
    if count.is_exact:
        return Cell(fmt_count(count, signed=signed), "exact", lo=count.lo, hi=count.hi)
    return Cell(
        fmt_count(count, signed=signed),
        "range",
        title=f"Intervall: summen inneholder {count.hidden_cells} skjulte verdier",
        lo=count.lo,
        hi=count.hi,
    )


def ratio_cell(ratio: Ratio | None, *, signed: bool = False) -> Cell:
    if ratio is None:
        return Cell("–", "text")
    kind = "exact" if ratio.exact else "range"
    title = "" if ratio.exact else "Intervall: beregnet fra skjulte verdier"
    high = None if ratio.hi == float("inf") else round(ratio.hi * 100, 4)
    return Cell(
        fmt_ratio_pct(ratio, signed=signed), kind, title=title, lo=round(ratio.lo * 100, 4), hi=high
    )


def cell_key(region: str, tiltaksgruppe: str, hovedgruppe: str, month: str) -> str:
    return f"{region}|{tiltaksgruppe}|{hovedgruppe}|{month}"


def _point(count: Count, *, from_export: bool) -> dict:
    if count.is_exact:
        return {
            "verdi": count.lo,
            "lo": count.lo,
            "hi": count.lo,
            "skjult": False,
            "tekst": fmt_int(count.lo),
        }
    if from_export:
        return {"verdi": None, "lo": 0, "hi": 3, "skjult": True, "tekst": HIDDEN_TEXT}
    return {
        "verdi": None,
        "lo": count.lo,
        "hi": count.hi,
        "skjult": False,
        "tekst": fmt_count(count),
    }


def series_frame(months: list[str], series: dict[str, list[Count]], *, from_export: bool):
    """Long-form chart data: one row per month and series, hidden values without a number."""
    rows = [
        {"periode": month, "serie": name, **_point(count, from_export=from_export)}
        for name, counts in series.items()
        for month, count in zip(months, counts, strict=True)
    ]
    return pd.DataFrame(rows)


def ratio_frame(months: list[str], name: str, ratios: list[Ratio | None]) -> pd.DataFrame:
    rows = []
    for month, ratio in zip(months, ratios, strict=True):
        if ratio is None:
            point = {"verdi": None, "lo": None, "hi": None, "skjult": False, "tekst": "–"}
        elif ratio.exact:
            point = {
                "verdi": ratio.lo * 100,
                "lo": ratio.lo * 100,
                "hi": ratio.lo * 100,
                "skjult": False,
                "tekst": fmt_ratio_pct(ratio),
            }
        else:
            point = {
                "verdi": None,
                "lo": ratio.lo * 100,
                "hi": min(ratio.hi, 1) * 100,
                "skjult": False,
                "tekst": fmt_ratio_pct(ratio),
            }
        rows.append({"periode": month, "serie": name, **point})
    return pd.DataFrame(rows)


def bar_frame(categories: list[tuple[str, Count]], *, from_export: bool) -> pd.DataFrame:
    rows = [
        {"kategori": name, "serie": name, **_point(count, from_export=from_export)}
        for name, count in categories
    ]
    return pd.DataFrame(rows)


class PageBuilder:
    """Builds every page of the site from one dataset."""

    def __init__(self, data: Dataset, intros: Callable[[str], str]) -> None:
        self.data = data
        self.intro = intros
        self.months = data.months
        self.latest = data.latest_month
        self.previous = data.months[-2] if len(data.months) > 1 else None
        self.period = period_label(data.months)
        self.national = data.national.name
        self.county_slugs = self._unique_slugs([r.name for r in data.counties], "fylke")
        self.group_slugs = self._unique_slugs(data.tiltaksgrupper, "tiltaksgruppe")

    @staticmethod
    def _unique_slugs(names: Sequence[str], kind: str) -> dict[str, str]:
        """Slugs for file names; two names that slugify alike would overwrite a page, so fail."""
        slugs: dict[str, str] = {}
        for name in names:
            slug = slugify(name)
            if not slug:
                raise BuildError(f"{kind} {name!r} gives an empty file name: expected letters")
            clash = next((other for other, s in slugs.items() if s == slug), None)
            if clash is not None:
                raise BuildError(
                    f"{kind} {name!r} and {clash!r} both give the file name {slug!r}: "
                    "expected distinct names"
                )
            slugs[name] = slug
        return slugs

    def county_href(self, name: str) -> str:
        return f"fylke/{self.county_slugs[name]}.html"

    def group_href(self, name: str) -> str:
        return f"tiltaksgruppe/{self.group_slugs[name]}.html"

    def site(self, pages: list[NavLink], warnings: list[str]) -> Site:
        return Site(
            fylker=[NavLink(r.name, self.county_href(r.name)) for r in self.data.counties],
            tiltaksgrupper=[NavLink(g, self.group_href(g)) for g in self.data.tiltaksgrupper],
            pages=pages,
            warnings=warnings,
            period=self.period,
            source_note=(
                "Summer, endringer og andeler er beregnet fra NAVs tall; der en sum inneholder "
                "skjulte verdier, vises den som et intervall."
            ),
        )

    # ---- tables ---------------------------------------------------------------------------

    def month_table(
        self,
        table_id: str,
        caption: str,
        row_header: str,
        rows: list[tuple[str, list[Cell], str, bool]],
    ) -> TableView:
        """Series as rows, months as columns (the shape of NAV's own tables)."""
        return TableView(
            id=table_id,
            caption=caption,
            row_header=row_header,
            columns=[short_month(m) if self._one_year else month_name(m) for m in self.months],
            rows=[Row(label, cells, href, emphasis) for label, cells, href, emphasis in rows],
            csv_href=f"data/tabeller/{table_id}.csv",
        )

    @property
    def _one_year(self) -> bool:
        return self.months[0][:4] == self.months[-1][:4]

    def export_row(self, label: str, region: str, tg: str, hg: str, href: str = "", em=False):
        cells = [
            export_cell(self.data.count(region, tg, hg, m), cell_key(region, tg, hg, m))
            for m in self.months
        ]
        return (label, cells, href, em)

    def caption(self, text: str) -> str:
        return f"{text}, {self.period}. Antall deltakere ved utgangen av måneden."

    # ---- figures ---------------------------------------------------------------------------

    def figure(
        self,
        fig_id: str,
        title: str,
        table: TableView,
        make: Callable[..., dict],
        frame: pd.DataFrame,
        summary: str,
        **options: object,
    ) -> Figure:
        """A figure with its chart twice: for wide screens and, narrower, for phones."""
        description = f"{title}. {summary}"
        wide = make(frame, title=title, description=description, **options)
        narrow = make(frame, title=title, description=description, **options, **PHONE[make])
        return Figure(fig_id, title, summary, table, wide, narrow_spec=narrow)

    def trend_figure(
        self,
        fig_id: str,
        title: str,
        series: dict[str, list[Count]],
        table: TableView,
        *,
        from_export: bool,
        small_multiples: bool = False,
    ) -> Figure:
        frame = series_frame(self.months, series, from_export=from_export)
        make = charts.small_multiples if small_multiples else charts.line_chart
        summary = charts.summarize_series(frame)
        return self.figure(fig_id, title, table, make, frame, summary, y_title="Deltakere")

    def key_count(self, label: str, series: list[Count], note: str = "") -> KeyFigure:
        latest = series[-1]
        change = ""
        if self.previous is not None:
            before = series[-2]
            diff = latest.minus(before)
            relative = Ratio.change(latest, before)
            pct = f" ({fmt_ratio_pct(relative, signed=True)})" if relative else ""
            change = f"{fmt_count(diff, signed=True)}{pct} fra {month_name(self.previous)}"
        kind = "exact" if latest.is_exact else "range"
        return KeyFigure(label, fmt_count(latest), kind, change, note)

    # ---- pages -----------------------------------------------------------------------------

    def index(self) -> Page:
        data, nat = self.data, self.national
        total = data.total_series(nat)
        by_group = {tg: data.series(nat, tg) for tg in data.tiltaksgrupper}
        by_main = {hg: data.total_series(nat, hg) for hg in data.hovedgrupper}

        total_table = self.single_series_table(
            "forside-totalt", self.caption("Deltakere i alt, hele landet"), total
        )
        frame = series_frame(self.months, {"Deltakere i alt": total}, from_export=False)
        total_title = "Deltakere i alt per måned, hele landet"
        total_fig = self.figure(
            "forside-totalt",
            total_title,
            total_table,
            charts.month_bars,
            frame,
            charts.summarize_series(frame),
            y_title="Deltakere",
        )
        group_table = self.month_table(
            "forside-tiltaksgrupper",
            self.caption("Deltakere etter tiltaksgruppe, hele landet"),
            "Tiltaksgruppe",
            [self.export_row(tg, nat, tg, ALL, self.group_href(tg)) for tg in data.tiltaksgrupper],
        )
        figures = [
            total_fig,
            self.trend_figure(
                "forside-tiltaksgrupper",
                "Deltakere etter tiltaksgruppe, hele landet",
                by_group,
                group_table,
                from_export=True,
                small_multiples=True,
            ),
        ]
        if data.hovedgrupper:
            main_table = self.month_table(
                "forside-hovedgrupper",
                self.caption("Deltakere etter hovedgruppe, hele landet (sum av tiltaksgruppene)"),
                "Hovedgruppe",
                [(hg, [computed_cell(c) for c in s], "", False) for hg, s in by_main.items()],
            )
            figures.append(
                self.trend_figure(
                    "forside-hovedgrupper",
                    "Deltakere etter hovedgruppe, hele landet",
                    by_main,
                    main_table,
                    from_export=False,
                )
            )
        figures.append(self.counties_figure("forside-fylker"))
        key_figures = [self.key_count(f"Deltakere i alt, {month_name(self.latest)}", total)]
        key_figures += [self.key_count(hg, s) for hg, s in by_main.items()]
        return Page(
            path="index.html",
            title="Deltakere i arbeidsrettede tiltak",
            lead=(
                "Hvor mange som deltok i NAVs arbeidsrettede tiltak ved utgangen av hver måned, "
                "for hele landet, etter tiltaksgruppe, hovedgruppe og fylke."
            ),
            period=self.period,
            intro_html=self.intro("index"),
            key_figures=key_figures,
            figures=figures,
            csv_href="data/sider/forside.csv",
            related=[
                ("Fylker", [NavLink(r.name, self.county_href(r.name)) for r in data.counties]),
                (
                    "Tiltaksgrupper",
                    [NavLink(g, self.group_href(g)) for g in data.tiltaksgrupper],
                ),
            ],
            section="index",
        )

    def single_series_table(self, table_id: str, caption: str, series: list[Count]) -> TableView:
        """One series with months as rows, and the change from the month before."""
        rows = []
        for i, month in enumerate(self.months):
            change = (
                computed_cell(series[i].minus(series[i - 1]), signed=True)
                if i
                else Cell("–", "text")
            )
            rows.append(Row(month_name(month), [computed_cell(series[i]), change]))
        return TableView(
            id=table_id,
            caption=caption,
            row_header="Måned",
            columns=["Deltakere", "Endring fra måneden før"],
            rows=rows,
            csv_href=f"data/tabeller/{table_id}.csv",
        )

    def counties_figure(self, fig_id: str) -> Figure:
        """All counties in the latest month, with their share of the country."""
        data, nat, latest = self.data, self.national, self.latest
        national_total = data.total(nat, latest)
        rows, bars = [], []
        for region in data.counties:
            series = data.total_series(region.name)
            value = series[-1]
            change = value.minus(series[-2]) if self.previous else None
            rows.append(
                Row(
                    region.name,
                    [
                        computed_cell(value),
                        ratio_cell(Ratio.of(value, national_total)),
                        computed_cell(change, signed=True) if change else Cell("–", "text"),
                    ],
                    self.county_href(region.name),
                )
            )
            bars.append((region.name, value))
        table = TableView(
            id=fig_id,
            caption=f"Deltakere etter fylke, {month_name(latest)} (sum av tiltaksgruppene)",
            row_header="Fylke",
            columns=[
                f"Deltakere {month_name(latest)}",
                "Andel av landet",
                f"Endring fra {month_name(self.previous)}" if self.previous else "Endring",
            ],
            rows=rows,
            csv_href=f"data/tabeller/{fig_id}.csv",
        )
        title = f"Deltakere etter fylke, {month_name(latest)}"
        frame = bar_frame(bars, from_export=False)
        summary = charts.summarize_bars(frame)
        return self.figure(
            fig_id, title, table, charts.bar_chart, frame, summary, x_title="Deltakere"
        )

    def county(self, region: Region) -> Page:
        data, name, slug = self.data, region.name, self.county_slugs[region.name]
        total = data.total_series(name)
        national_total = data.total_series(self.national)
        by_group = {tg: data.series(name, tg) for tg in data.tiltaksgrupper}
        group_table = self.month_table(
            f"{slug}-tiltaksgrupper",
            self.caption(f"Deltakere etter tiltaksgruppe, {name}"),
            "Tiltaksgruppe",
            [self.export_row(tg, name, tg, ALL, self.group_href(tg)) for tg in data.tiltaksgrupper],
        )
        figures = [
            self.trend_figure(
                f"{slug}-tiltaksgrupper",
                f"Deltakere etter tiltaksgruppe, {name}",
                by_group,
                group_table,
                from_export=True,
                small_multiples=True,
            )
        ]
        tables = []
        if data.hovedgrupper:
            by_main = {hg: data.total_series(name, hg) for hg in data.hovedgrupper}
            main_table = self.month_table(
                f"{slug}-hovedgrupper",
                self.caption(f"Deltakere etter hovedgruppe, {name} (sum av tiltaksgruppene)"),
                "Hovedgruppe",
                [(hg, [computed_cell(c) for c in s], "", False) for hg, s in by_main.items()],
            )
            figures.append(
                self.trend_figure(
                    f"{slug}-hovedgrupper",
                    f"Deltakere etter hovedgruppe, {name}",
                    by_main,
                    main_table,
                    from_export=False,
                )
            )
            tables.append(self.group_by_main_table(f"{slug}-detaljer", name))
        figures.append(self.share_figure(f"{slug}-andel", name, total, national_total))
        shares = [Ratio.of(c, n) for c, n in zip(total, national_total, strict=True)]
        key_figures = [
            self.key_count(f"Deltakere i alt, {month_name(self.latest)}", total),
            KeyFigure(
                f"Andel av landet, {month_name(self.latest)}",
                fmt_ratio_pct(shares[-1]),
                "exact" if shares[-1] is None or shares[-1].exact else "range",
            ),
        ]
        return Page(
            path=self.county_href(name),
            title=f"Deltakere i arbeidsrettede tiltak i {name}",
            lead=(
                f"Deltakere i NAVs arbeidsrettede tiltak bosatt i {name}, etter tiltaksgruppe "
                "og hovedgruppe, og fylkets andel av alle deltakere i landet."
            ),
            period=self.period,
            intro_html=self.intro(f"fylke/{slug}"),
            key_figures=key_figures,
            figures=figures,
            tables=tables,
            csv_href=f"data/sider/fylke-{slug}.csv",
            related=[
                (
                    "Andre fylker",
                    [
                        NavLink(r.name, self.county_href(r.name))
                        for r in data.counties
                        if r.name != name
                    ],
                ),
                ("Tiltaksgrupper", [NavLink(g, self.group_href(g)) for g in data.tiltaksgrupper]),
            ],
            section="fylke",
        )

    def group_by_main_table(self, table_id: str, region: str) -> TableView:
        """Tiltaksgruppe × hovedgruppe in the latest month, straight from part two of the export."""
        data, latest = self.data, self.latest
        rows = []
        for tg in data.tiltaksgrupper:
            cells = [
                export_cell(data.count(region, tg, hg, latest), cell_key(region, tg, hg, latest))
                for hg in [*data.hovedgrupper, ALL]
            ]
            rows.append(Row(tg, cells, self.group_href(tg)))
        return TableView(
            id=table_id,
            caption=f"Deltakere etter tiltaksgruppe og hovedgruppe, {region}, {month_name(latest)}",
            row_header="Tiltaksgruppe",
            columns=[*data.hovedgrupper, "Alle hovedgrupper"],
            rows=rows,
            csv_href=f"data/tabeller/{table_id}.csv",
        )

    def share_figure(
        self, fig_id: str, name: str, total: list[Count], national: list[Count]
    ) -> Figure:
        shares = [Ratio.of(c, n) for c, n in zip(total, national, strict=True)]
        rows = [
            Row(month_name(m), [computed_cell(c), computed_cell(n), ratio_cell(s)])
            for m, c, n, s in zip(self.months, total, national, shares, strict=True)
        ]
        table = TableView(
            id=fig_id,
            caption=f"{name} sammenlignet med hele landet, {self.period}",
            row_header="Måned",
            columns=[name, "Hele landet", f"Andel {name}"],
            rows=rows,
            csv_href=f"data/tabeller/{fig_id}.csv",
        )
        title = f"{name}s andel av alle deltakere i landet"
        frame = ratio_frame(self.months, f"Andel {name}", shares)
        summary = charts.summarize_series(frame, unit="prosent")
        return self.figure(
            fig_id,
            title,
            table,
            charts.line_chart,
            frame,
            summary,
            y_title="Andel av landet (%)",
            value_format=",.1f",
        )

    def group(self, tg: str) -> Page:
        data, nat, slug = self.data, self.national, self.group_slugs[tg]
        figures = []
        if data.hovedgrupper:
            by_main = {hg: data.series(nat, tg, hg) for hg in data.hovedgrupper}
            rows = [self.export_row(hg, nat, tg, hg) for hg in data.hovedgrupper]
            rows.append(self.export_row("Alle hovedgrupper", nat, tg, ALL, em=True))
            table = self.month_table(
                f"{slug}-hovedgrupper",
                self.caption(f"{tg}: deltakere etter hovedgruppe, hele landet"),
                "Hovedgruppe",
                rows,
            )
            figures.append(
                self.trend_figure(
                    f"{slug}-hovedgrupper",
                    f"{tg}: deltakere etter hovedgruppe, hele landet",
                    by_main,
                    table,
                    from_export=True,
                )
            )
        region_rows = [
            self.export_row(
                r.name,
                r.name,
                tg,
                ALL,
                self.county_href(r.name) if r.role == ROLE_COUNTY else "",
                em=r.name == nat,
            )
            for r in data.regions
        ]
        table = self.month_table(
            f"{slug}-fylker",
            self.caption(f"{tg}: deltakere etter fylke"),
            "Fylke",
            region_rows,
        )
        title = f"{tg}: deltakere etter fylke, {month_name(self.latest)}"
        bars = [(r.name, data.count(r.name, tg, ALL, self.latest)) for r in data.counties]
        frame = bar_frame(bars, from_export=True)
        summary = charts.summarize_bars(frame)
        figures.append(
            self.figure(
                f"{slug}-fylker",
                title,
                table,
                charts.bar_chart,
                frame,
                summary,
                x_title="Deltakere",
            )
        )
        key_figures = [self.key_count(f"{tg}, {month_name(self.latest)}", data.series(nat, tg))]
        key_figures += [self.key_count(hg, data.series(nat, tg, hg)) for hg in data.hovedgrupper]
        return Page(
            path=self.group_href(tg),
            title=f"Deltakere i tiltaksgruppen {tg}",
            lead=(
                f"Deltakere i tiltaksgruppen {tg} ved utgangen av hver måned, for hele landet "
                "etter hovedgruppe og for hvert fylke."
            ),
            period=self.period,
            intro_html=self.intro(f"tiltaksgruppe/{slug}"),
            key_figures=key_figures,
            figures=figures,
            csv_href=f"data/sider/tiltaksgruppe-{slug}.csv",
            related=[
                (
                    "Andre tiltaksgrupper",
                    [NavLink(g, self.group_href(g)) for g in data.tiltaksgrupper if g != tg],
                ),
                ("Fylker", [NavLink(r.name, self.county_href(r.name)) for r in data.counties]),
            ],
            section="tiltaksgruppe",
        )

    def all_pages(self) -> list[Page]:
        pages = [self.index()]
        pages += [self.county(region) for region in self.data.counties]
        pages += [self.group(tg) for tg in self.data.tiltaksgrupper]
        return pages

    def page_rows(self, page: Page) -> pd.DataFrame:
        """The tidy rows of the dataset a page shows, for its CSV download."""
        frame = self.data.frame
        if page.section == "fylke":
            name = next(r.name for r in self.data.counties if self.county_href(r.name) == page.path)
            national = (frame["region"] == self.national) & (frame["hovedgruppe"] == ALL)
            return frame[(frame["region"] == name) | national]
        if page.section == "tiltaksgruppe":
            tg = next(g for g in self.data.tiltaksgrupper if self.group_href(g) == page.path)
            return frame[frame["tiltaksgruppe"] == tg]
        return frame[frame["region"] == self.national]
