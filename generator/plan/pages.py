"""Decide what each page shows: key figures, charts (as Vega-Lite specs) and the tables behind them.

Every number passes through ``generator.numbers``: a cell copied from the export keeps its
``*``; anything computed from a hidden cell is an interval. The pages hold chart specs only;
rendering them to SVG is a later stage, so all of them can be rendered together.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

import pandas as pd
from markupsafe import escape

from generator.dataset.grid import ALL, Dataset
from generator.dataset.reforms import Reforms, default_reforms
from generator.errors import BuildError
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
from generator.plan import summaries
from generator.plan.chart_job import ChartJob
from generator.plan.views import Cell, Figure, KeyFigure, NavLink, Page, Row, TableView
from generator.source.regions import ROLE_COUNTY, Region, slugify

HIDDEN_TEXT = "skjult (0–3)"
NOT_A_REGION = Cell("–", "text", title="Ingen tall: fylket fantes ikke denne måneden")
# Chart sizes for phones (about 360 px of content width), so text is not shrunk unreadably.
PHONE: dict[str, dict[str, object]] = {
    "line_chart": {"width": 340, "height": 240},
    "small_multiples": {"columns": 2, "width": 120},
    "month_bars": {"width": 340, "height": 220},
    "bar_chart": {"width": 340},
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

    def __init__(
        self,
        data: Dataset,
        intros: Callable[[str], str],
        reforms: Reforms | None = None,
    ) -> None:
        self.data = data
        self.intro = intros
        self.reforms = reforms or default_reforms()
        self.months = data.months
        self.latest = data.latest_month
        self.period = period_label(data.months)
        self.national = data.national.name
        self.current = [r for r in data.counties if self.latest in data.months_of(r.name)]
        self.former = [r for r in data.counties if r not in self.current]
        self.county_slugs = self._unique_slugs([r.name for r in data.counties], "fylke")
        self.group_slugs = self._unique_slugs(data.tiltaksgrupper, "tiltaksgruppe")
        self.by_code = {r.code: r for r in data.counties}

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

    def county_links(self, regions: Sequence[Region], exclude: str = "") -> list[NavLink]:
        return [NavLink(r.name, self.county_href(r.name)) for r in regions if r.name != exclude]

    def group_links(self, exclude: str = "") -> list[NavLink]:
        return [NavLink(g, self.group_href(g)) for g in self.data.tiltaksgrupper if g != exclude]

    def county_lists(self, exclude: str = "") -> list[tuple[str, list[NavLink]]]:
        lists = [("Fylker", self.county_links(self.current, exclude))]
        if self.former:
            lists.append(("Tidligere fylker", self.county_links(self.former, exclude)))
        return lists

    def site(self, pages: list[NavLink], warnings: list[str]) -> Site:
        former = [
            NavLink(f"{r.name} (tidligere fylke)", self.county_href(r.name)) for r in self.former
        ]
        return Site(
            fylker=self.county_links(self.current) + former,
            tiltaksgrupper=self.group_links(),
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
        months: list[str],
        notes: Sequence[str] = (),
    ) -> TableView:
        """Series as rows, months as columns (the shape of NAV's own tables)."""
        one_year = months[0][:4] == months[-1][:4]
        return TableView(
            id=table_id,
            caption=caption,
            row_header=row_header,
            columns=[short_month(m) if one_year else month_name(m) for m in months],
            rows=[Row(label, cells, href, emphasis) for label, cells, href, emphasis in rows],
            csv_href=f"data/tabeller/{table_id}.csv",
            notes=list(notes),
        )

    def export_row(
        self,
        label: str,
        region: str,
        tg: str,
        hg: str,
        months: list[str],
        href: str = "",
        emphasis: bool = False,
    ) -> tuple[str, list[Cell], str, bool]:
        """A row of cells copied from the export; "–" where the region did not exist."""
        exists = set(self.data.months_of(region))
        cells = [
            export_cell(self.data.count(region, tg, hg, m), cell_key(region, tg, hg, m))
            if m in exists
            else NOT_A_REGION
            for m in months
        ]
        return (label, cells, href, emphasis)

    def caption(self, text: str, months: list[str]) -> str:
        return f"{text}, {period_label(months)}. Antall deltakere ved utgangen av måneden."

    def single_series_table(
        self,
        table_id: str,
        caption: str,
        months: list[str],
        series: list[Count],
        sources: Sequence[str] = (),
        notes: Sequence[str] = (),
    ) -> TableView:
        """One series with months as rows, the change from the month before, and its source
        where some months are computed from other regions (comparable history)."""
        rows = []
        for i, month in enumerate(months):
            change = (
                computed_cell(series[i].minus(series[i - 1]), signed=True)
                if i
                else Cell("–", "text")
            )
            cells = [computed_cell(series[i]), change]
            if sources:
                cells.append(Cell(sources[i], "text"))
            rows.append(Row(month_name(month), cells))
        columns = ["Deltakere", "Endring fra måneden før"] + (
            ["Tallene gjelder"] if sources else []
        )
        return TableView(
            id=table_id,
            caption=caption,
            row_header="Måned",
            columns=columns,
            rows=rows,
            csv_href=f"data/tabeller/{table_id}.csv",
            notes=list(notes),
        )

    # ---- figures ---------------------------------------------------------------------------

    def figure(
        self,
        fig_id: str,
        title: str,
        table: TableView,
        kind: str,
        frame: pd.DataFrame,
        summary: str,
        breaks: Sequence[tuple[str, str]] = (),
        **options: object,
    ) -> Figure:
        """A figure whose chart is made twice: for wide screens and, narrower, for phones."""
        options = {"title": title, "description": f"{title}. {summary}", **options}
        if breaks and kind != "small_multiples":
            options["breaks"] = [list(b) for b in breaks]
        job = ChartJob(
            kind, frame.to_json(orient="records", force_ascii=False), options, PHONE[kind]
        )
        notes = [f"{label} ({month_name(month)})." for month, label in breaks]
        return Figure(fig_id, title, summary, table, job=job, breaks=notes)

    def trend_figure(
        self,
        fig_id: str,
        title: str,
        months: list[str],
        series: dict[str, list[Count]],
        table: TableView,
        *,
        from_export: bool,
        small_multiples: bool = False,
        breaks: Sequence[tuple[str, str]] = (),
    ) -> Figure:
        frame = series_frame(months, series, from_export=from_export)
        kind = "small_multiples" if small_multiples else "line_chart"
        summary = summaries.summarize_series(frame)
        return self.figure(fig_id, title, table, kind, frame, summary, breaks, y_title="Deltakere")

    def total_figure(
        self,
        fig_id: str,
        title: str,
        months: list[str],
        series: list[Count],
        sources: Sequence[str] = (),
        breaks: Sequence[tuple[str, str]] = (),
    ) -> Figure:
        notes = [f"Brudd i serien fra {month_name(m)}: {label}." for m, label in breaks]
        table = self.single_series_table(
            fig_id, self.caption(title, months), months, series, sources, notes
        )
        frame = series_frame(months, {"Deltakere i alt": series}, from_export=False)
        summary = summaries.summarize_series(frame)
        return self.figure(
            fig_id, title, table, "month_bars", frame, summary, breaks, y_title="Deltakere"
        )

    def key_count(
        self, label: str, months: list[str], series: list[Count], note: str = ""
    ) -> KeyFigure:
        latest = series[-1]
        change = ""
        if len(months) > 1:
            before = series[-2]
            diff = latest.minus(before)
            relative = Ratio.change(latest, before)
            pct = f" ({fmt_ratio_pct(relative, signed=True)})" if relative else ""
            change = f"{fmt_count(diff, signed=True)}{pct} fra {month_name(months[-2])}"
        kind = "exact" if latest.is_exact else "range"
        return KeyFigure(label, fmt_count(latest), kind, change, note)

    # ---- pages -----------------------------------------------------------------------------

    def index(self) -> Page:
        data, nat, months = self.data, self.national, self.months
        total = data.total_series(nat)
        by_group = {tg: data.series(nat, tg) for tg in data.tiltaksgrupper}
        by_main = {hg: data.total_series(nat, hg) for hg in data.hovedgrupper}
        figures = [
            self.total_figure(
                "forside-totalt", "Deltakere i alt per måned, hele landet", months, total
            ),
            self.trend_figure(
                "forside-tiltaksgrupper",
                "Deltakere etter tiltaksgruppe, hele landet",
                months,
                by_group,
                self.month_table(
                    "forside-tiltaksgrupper",
                    self.caption("Deltakere etter tiltaksgruppe, hele landet", months),
                    "Tiltaksgruppe",
                    [
                        self.export_row(tg, nat, tg, ALL, months, self.group_href(tg))
                        for tg in data.tiltaksgrupper
                    ],
                    months,
                ),
                from_export=True,
                small_multiples=True,
            ),
        ]
        if data.hovedgrupper:
            caption = "Deltakere etter hovedgruppe, hele landet (sum av tiltaksgruppene)"
            main_table = self.month_table(
                "forside-hovedgrupper",
                self.caption(caption, months),
                "Hovedgruppe",
                [(hg, [computed_cell(c) for c in s], "", False) for hg, s in by_main.items()],
                months,
            )
            figures.append(
                self.trend_figure(
                    "forside-hovedgrupper",
                    "Deltakere etter hovedgruppe, hele landet",
                    months,
                    by_main,
                    main_table,
                    from_export=False,
                )
            )
        if self.current:
            figures.append(self.counties_figure("forside-fylker"))
        key_figures = [self.key_count(f"Deltakere i alt, {month_name(self.latest)}", months, total)]
        key_figures += [self.key_count(hg, months, s) for hg, s in by_main.items()]
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
            related=[*self.county_lists(), ("Tiltaksgrupper", self.group_links())],
            section="index",
        )

    def counties_figure(self, fig_id: str) -> Figure:
        """The counties of the latest month, with their share of the country."""
        data, nat, latest = self.data, self.national, self.latest
        previous = self.months[-2] if len(self.months) > 1 else None
        national_total = data.total(nat, latest)
        rows, bars = [], []
        for region in self.current:
            value = data.total(region.name, latest)
            change = (
                computed_cell(value.minus(data.total(region.name, previous)), signed=True)
                if previous in data.months_of(region.name)
                else Cell("–", "text")
            )
            rows.append(
                Row(
                    region.name,
                    [computed_cell(value), ratio_cell(Ratio.of(value, national_total)), change],
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
                f"Endring fra {month_name(previous)}" if previous else "Endring",
            ],
            rows=rows,
            csv_href=f"data/tabeller/{fig_id}.csv",
        )
        title = f"Deltakere etter fylke, {month_name(latest)}"
        frame = bar_frame(bars, from_export=False)
        summary = summaries.summarize_bars(frame)
        return self.figure(fig_id, title, table, "bar_chart", frame, summary, x_title="Deltakere")

    # ---- counties and their reforms --------------------------------------------------------

    def _county_name_link(self, code: str, name: str, root: str = "../") -> str:
        region = self.by_code.get(code)
        if region is None:
            return str(escape(name))
        href = f"{root}{self.county_href(region.name)}"
        return f'<a href="{escape(href)}">{escape(region.name)}</a>'

    def reform_html(self, region: Region, months: list[str]) -> str:
        """Which period the county has data for, and what it became or came from."""
        sentences = [f"Tallene for {escape(region.name)} gjelder {period_label(months)}."]
        for change in self.reforms.came_from(region.code):
            others = [p for p in change.parts if p.code != region.code]
            links = " og ".join(self._county_name_link(p.code, p.name) for p in others)
            when = month_name(change.effective)
            if change.is_exact_union:
                sentences.append(f"{escape(region.name)} ble opprettet i {when} av {links}.")
            else:
                sentences.append(f"Fra {when} fikk {escape(region.name)} deler av {links}.")
        for change in self.reforms.became(region.code):
            whole = any(p.code == region.code and p.whole for p in change.parts)
            link = self._county_name_link(change.code, change.name)
            when = month_name(change.effective)
            if whole:
                sentences.append(f"Fra {when} ble {escape(region.name)} en del av {link}.")
            else:
                sentences.append(f"Fra {when} gikk deler av {escape(region.name)} til {link}.")
        return f'<p class="county-history">{" ".join(sentences)}</p>'

    def history(self, region: Region, months: list[str]) -> tuple[list[str], list[Region], str]:
        """Months before the county existed, when it equals the union of older counties.

        Returns the history months, the older counties and the month the new one began.
        """
        for change in self.reforms.came_from(region.code):
            if not change.is_exact_union or not months or months[0] != change.effective:
                continue
            parts = [self.by_code.get(p.code) for p in change.parts]
            if any(p is None for p in parts):
                continue
            known = [r for r in parts if r is not None]
            earlier = [
                m
                for m in self.months
                if m < change.effective and all(m in self.data.months_of(r.name) for r in known)
            ]
            if earlier:
                return earlier, known, change.effective
        return [], [], ""

    def county(self, region: Region) -> Page:
        data, name, slug = self.data, region.name, self.county_slugs[region.name]
        ident = f"fylke-{slug}"  # table ids name the page kind: a group may share a slug
        months = data.months_of(name)
        last = months[-1]
        total = data.total_series(name, months=months)
        national_total = data.total_series(self.national, months=months)
        breaks = [
            (c.effective, f"grenseendring for {name}")
            for c in self.reforms.breaks(region.code, months)
        ]
        table_notes = [f"Brudd i serien fra {month_name(m)}: {label}." for m, label in breaks]

        history, parts, began = self.history(region, months)
        part_names = " og ".join(p.name for p in parts)
        history_series = [Count.total(data.total(p.name, m) for p in parts) for m in history]
        total_breaks = list(breaks)
        if history:
            total_breaks.insert(0, (began, f"før {month_name(began)}: {part_names} til sammen"))
        figures = [
            self.total_figure(
                f"{ident}-totalt",
                f"Deltakere i alt per måned, {name}",
                history + months,
                history_series + total,
                [f"Sum av {part_names}" for _ in history] + [name for _ in months]
                if history
                else (),
                total_breaks,
            )
        ]
        by_group = {tg: data.series(name, tg, months=months) for tg in data.tiltaksgrupper}
        figures.append(
            self.trend_figure(
                f"{ident}-tiltaksgrupper",
                f"Deltakere etter tiltaksgruppe, {name}",
                months,
                by_group,
                self.month_table(
                    f"{ident}-tiltaksgrupper",
                    self.caption(f"Deltakere etter tiltaksgruppe, {name}", months),
                    "Tiltaksgruppe",
                    [
                        self.export_row(tg, name, tg, ALL, months, self.group_href(tg))
                        for tg in data.tiltaksgrupper
                    ],
                    months,
                    table_notes,
                ),
                from_export=True,
                small_multiples=True,
                breaks=breaks,
            )
        )
        tables = []
        if data.hovedgrupper:
            by_main = {hg: data.total_series(name, hg, months=months) for hg in data.hovedgrupper}
            caption = f"Deltakere etter hovedgruppe, {name} (sum av tiltaksgruppene)"
            main_table = self.month_table(
                f"{ident}-hovedgrupper",
                self.caption(caption, months),
                "Hovedgruppe",
                [(hg, [computed_cell(c) for c in s], "", False) for hg, s in by_main.items()],
                months,
                table_notes,
            )
            figures.append(
                self.trend_figure(
                    f"{ident}-hovedgrupper",
                    f"Deltakere etter hovedgruppe, {name}",
                    months,
                    by_main,
                    main_table,
                    from_export=False,
                    breaks=breaks,
                )
            )
            tables.append(self.group_by_main_table(f"{ident}-detaljer", name, last))
        figures.append(
            self.share_figure(f"{ident}-andel", name, months, total, national_total, breaks)
        )
        shares = [Ratio.of(c, n) for c, n in zip(total, national_total, strict=True)]
        key_figures = [
            self.key_count(f"Deltakere i alt, {month_name(last)}", months, total),
            KeyFigure(
                f"Andel av landet, {month_name(last)}",
                fmt_ratio_pct(shares[-1]),
                "exact" if shares[-1] is None or shares[-1].exact else "range",
            ),
        ]
        former = region in self.former
        return Page(
            path=self.county_href(name),
            title=f"Deltakere i arbeidsrettede tiltak i {name}",
            lead=(
                f"Deltakere i NAVs arbeidsrettede tiltak bosatt i {name}, etter tiltaksgruppe "
                "og hovedgruppe, og fylkets andel av alle deltakere i landet."
                + (" Fylket finnes ikke lenger." if former else "")
            ),
            period=period_label(months),
            intro_html=self.reform_html(region, months) + self.intro(f"fylke/{slug}"),
            key_figures=key_figures,
            figures=figures,
            tables=tables,
            csv_href=f"data/sider/fylke-{slug}.csv",
            related=[*self.county_lists(exclude=name), ("Tiltaksgrupper", self.group_links())],
            section="fylke",
        )

    def group_by_main_table(self, table_id: str, region: str, month: str) -> TableView:
        """Tiltaksgruppe × hovedgruppe in one month, straight from part two of the export."""
        data = self.data
        rows = []
        for tg in data.tiltaksgrupper:
            cells = [
                export_cell(data.count(region, tg, hg, month), cell_key(region, tg, hg, month))
                for hg in [*data.hovedgrupper, ALL]
            ]
            rows.append(Row(tg, cells, self.group_href(tg)))
        return TableView(
            id=table_id,
            caption=f"Deltakere etter tiltaksgruppe og hovedgruppe, {region}, {month_name(month)}",
            row_header="Tiltaksgruppe",
            columns=[*data.hovedgrupper, "Alle hovedgrupper"],
            rows=rows,
            csv_href=f"data/tabeller/{table_id}.csv",
        )

    def share_figure(
        self,
        fig_id: str,
        name: str,
        months: list[str],
        total: list[Count],
        national: list[Count],
        breaks: Sequence[tuple[str, str]] = (),
    ) -> Figure:
        shares = [Ratio.of(c, n) for c, n in zip(total, national, strict=True)]
        rows = [
            Row(month_name(m), [computed_cell(c), computed_cell(n), ratio_cell(s)])
            for m, c, n, s in zip(months, total, national, shares, strict=True)
        ]
        table = TableView(
            id=fig_id,
            caption=f"{name} sammenlignet med hele landet, {period_label(months)}",
            row_header="Måned",
            columns=[name, "Hele landet", f"Andel {name}"],
            rows=rows,
            csv_href=f"data/tabeller/{fig_id}.csv",
            notes=[f"Brudd i serien fra {month_name(m)}: {label}." for m, label in breaks],
        )
        title = f"{name}s andel av alle deltakere i landet"
        frame = ratio_frame(months, f"Andel {name}", shares)
        summary = summaries.summarize_series(frame, unit="prosent")
        return self.figure(
            fig_id,
            title,
            table,
            "line_chart",
            frame,
            summary,
            breaks,
            y_title="Andel av landet (%)",
            value_format=",.1f",
        )

    # ---- tiltaksgrupper ----------------------------------------------------------------------

    def group(self, tg: str) -> Page:
        data, nat, slug, months = self.data, self.national, self.group_slugs[tg], self.months
        ident = f"tiltaksgruppe-{slug}"
        figures = []
        if data.hovedgrupper:
            by_main = {hg: data.series(nat, tg, hg) for hg in data.hovedgrupper}
            rows = [self.export_row(hg, nat, tg, hg, months) for hg in data.hovedgrupper]
            rows.append(self.export_row("Alle hovedgrupper", nat, tg, ALL, months, emphasis=True))
            table = self.month_table(
                f"{ident}-hovedgrupper",
                self.caption(f"{tg}: deltakere etter hovedgruppe, hele landet", months),
                "Hovedgruppe",
                rows,
                months,
            )
            figures.append(
                self.trend_figure(
                    f"{ident}-hovedgrupper",
                    f"{tg}: deltakere etter hovedgruppe, hele landet",
                    months,
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
                months,
                self.county_href(r.name) if r.role == ROLE_COUNTY else "",
                emphasis=r.name == nat,
            )
            for r in data.regions
        ]
        notes = ["– Fylket fantes ikke denne måneden."] if self.former else []
        table = self.month_table(
            f"{ident}-fylker",
            self.caption(f"{tg}: deltakere etter fylke", months),
            "Fylke",
            region_rows,
            months,
            notes,
        )
        title = f"{tg}: deltakere etter fylke, {month_name(self.latest)}"
        bars = [(r.name, data.count(r.name, tg, ALL, self.latest)) for r in self.current]
        frame = bar_frame(bars, from_export=True)
        summary = summaries.summarize_bars(frame)
        figures.append(
            self.figure(
                f"{ident}-fylker",
                title,
                table,
                "bar_chart",
                frame,
                summary,
                x_title="Deltakere",
            )
        )
        key_figures = [
            self.key_count(f"{tg}, {month_name(self.latest)}", months, data.series(nat, tg))
        ]
        key_figures += [
            self.key_count(hg, months, data.series(nat, tg, hg)) for hg in data.hovedgrupper
        ]
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
            related=[("Andre tiltaksgrupper", self.group_links(exclude=tg)), *self.county_lists()],
            section="tiltaksgruppe",
        )

    def all_pages(self) -> list[Page]:
        return list(self.iter_pages())

    def iter_pages(self) -> Iterator[Page]:
        """Pages one at a time, so their charts can be made while the next page is planned."""
        yield self.index()
        for region in self.data.counties:
            yield self.county(region)
        for tg in self.data.tiltaksgrupper:
            yield self.group(tg)

    def page_rows(self, page: Page) -> pd.DataFrame:
        """The tidy rows of the dataset a page shows, for its CSV download."""
        frame = self.data.frame
        if page.section == "fylke":
            name = next(r.name for r in self.data.counties if self.county_href(r.name) == page.path)
            national = (frame["region"] == self.national) & (frame["hovedgruppe"] == ALL)
            in_period = frame["periode"].isin(self.data.months_of(name))
            return frame[(frame["region"] == name) | (national & in_period)]
        if page.section == "tiltaksgruppe":
            tg = next(g for g in self.data.tiltaksgrupper if self.group_href(g) == page.path)
            return frame[frame["tiltaksgruppe"] == tg]
        return frame[frame["region"] == self.national]
