"""The numbers readers look for first: a year's average and the change from a year earlier.

NAV's own tables lead with "Gjennomsnitt hittil i år" and "endring fra i fjor": a monthly stock
rises and falls with the seasons (July is low every year), so a month is compared with the same
month a year earlier, and a year with the same months of the year before.

An average is the mean of monthly counts. Like every computed figure it is an interval: the
mean of counts in [lo, hi] lies in [sum(lo)/n, sum(hi)/n], and one hidden cell in it makes it a
range, never an exact number from which the hidden count could follow.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from generator.months import month_name, month_of, parse, period_label
from generator.numbers import ABOUT, Count, Kind, Ratio, fmt_num, fmt_span, rounds_alike
from generator.plan.views import Cell

YEAR_MONTHS = 12


def year_earlier(month: str) -> str:
    """ "2018-06" → "2017-06"."""
    year, number = parse(month)
    return month_of(year - 1, number)


def compares_with_year_before(months: Sequence[str]) -> bool:
    """Whether the last month has its month a year earlier in ``months``."""
    return bool(months) and year_earlier(months[-1]) in months


def no_comparison_note(months: Sequence[str], name: str = "") -> str:
    """Why no change from the year before is shown: said plainly, not left out silently."""
    subject = f"Tallene for {name}" if name else "Tallene"
    first, last = months[0], months[-1]
    if first[:4] == last[:4]:
        return f"{subject} dekker bare {first[:4]}, så endring fra året før kan ikke vises."
    return (
        f"{subject} begynner i {month_name(first)}, så endring fra "
        f"{month_name(year_earlier(last))} kan ikke vises."
    )


@dataclass(frozen=True)
class Average:
    """The mean of the monthly counts of ``months``: their sum over their number."""

    total: Count
    months: tuple[str, ...]

    @classmethod
    def of(cls, months: Sequence[str], counts: Sequence[Count]) -> Average:
        if not counts or len(counts) != len(months):
            raise ValueError(f"an average needs one count per month, got {len(counts)}")
        return cls(Count.total(counts), tuple(months))

    @property
    def lo(self) -> float:
        return self.total.lo / len(self.months)

    @property
    def hi(self) -> float:
        return self.total.hi / len(self.months)

    @property
    def kind(self) -> Kind:
        """Exact only when no hidden cell is in it; otherwise only its interval may show."""
        return self.total.computed_kind

    def minus(self, other: Average) -> Average:
        """The change from ``other``, an average over as many months (the same months of
        another year): the difference of the sums over the same number of months."""
        if len(other.months) != len(self.months):
            raise ValueError("averages over different numbers of months do not compare")
        return Average(self.total.minus(other.total), self.months)

    def relative_to(self, other: Average) -> Ratio | None:
        """The relative change from ``other``: the ratio of the sums, as of the means."""
        return Ratio.change(self.total, other.total)


def fmt_average(average: Average, *, signed: bool = False) -> str:
    """A whole number; its interval when it holds hidden cells, or "ca." and the number when
    both bounds round alike (as shares do)."""
    low = fmt_num(average.lo, 0, signed=signed)
    if average.kind is Kind.EXACT:
        return low
    if rounds_alike(average.lo, average.hi, 0):
        return ABOUT + low
    return fmt_span(low, fmt_num(average.hi, 0, signed=signed))


def average_cell(average: Average, *, signed: bool = False) -> Cell:
    """A table cell of an average (or a change of one), its bounds unrounded for the CSV."""
    kind = average.kind
    title = (
        ""
        if kind is Kind.EXACT
        else f"Intervall: gjennomsnittet inneholder {average.total.hidden_cells} skjulte verdier"
    )
    return Cell(
        fmt_average(average, signed=signed),
        kind,
        title=title,
        lo=round(average.lo, 4),
        hi=round(average.hi, 4),
    )


@dataclass(frozen=True)
class YearSpan:
    """The months of one calendar year in a series, and what their average is called."""

    year: str
    months: tuple[str, ...]
    latest: str  # the last month of the whole dataset

    @property
    def complete(self) -> bool:
        return len(self.months) == YEAR_MONTHS

    @property
    def so_far(self) -> bool:
        """January up to the latest month of the data: "hittil i år"."""
        return not self.complete and self.months[0][5:] == "01" and self.months[-1] == self.latest

    @property
    def label(self) -> str:
        """ "Årsgjennomsnitt 2017", "Gjennomsnitt hittil i år 2018", or the months'
        average by name ("Gjennomsnitt oktober–desember 2017")."""
        if self.complete:
            return f"Årsgjennomsnitt {self.year}"
        if self.so_far:
            return f"Gjennomsnitt hittil i år {self.year}"
        return f"Gjennomsnitt {period_label(list(self.months))}"

    @property
    def explained(self) -> str:
        """What the average is of, for a note beside it."""
        return f"Gjennomsnittet av månedstallene {period_label(list(self.months))}."

    def year_before(self) -> tuple[str, ...]:
        """The same months a year earlier (what "endring fra i fjor" compares with)."""
        return tuple(year_earlier(m) for m in self.months)

    def compared_period(self) -> str:
        """The year before as words: "2017" for a whole year, else its months."""
        before = self.year_before()
        return before[0][:4] if self.complete else period_label(list(before))


def year_spans(months: Sequence[str], latest: str) -> list[YearSpan]:
    """The calendar years ``months`` touch, each with its months, in order."""
    spans: dict[str, list[str]] = {}
    for month in months:
        spans.setdefault(month[:4], []).append(month)
    return [YearSpan(year, tuple(ms), latest) for year, ms in spans.items()]


def average_of(
    span_months: Sequence[str], months: Sequence[str], counts: Sequence[Count]
) -> Average | None:
    """The average of ``counts`` (one per month of ``months``) over ``span_months``; None when
    a month of the span has no count."""
    at = dict(zip(months, counts, strict=True))
    if not span_months or any(m not in at for m in span_months):
        return None
    return Average.of(span_months, [at[m] for m in span_months])


def seasonal_years(months: Sequence[str], most: int) -> list[str]:
    """The years a seasonal view shows (at most ``most``, the latest), or none when no month of
    the year comes twice, so nothing would compare."""
    years = sorted({m[:4] for m in months})
    numbers = [m[5:] for m in months]
    if len(years) < 2 or len(set(numbers)) == len(numbers):
        return []
    return years[-most:]
