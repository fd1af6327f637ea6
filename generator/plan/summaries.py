"""Text summaries of charts, computed from their data, in Norwegian bokmål.

A summary says what rose, what fell, the highest and the lowest value; it never reveals a
hidden value, leaves hidden months out of highest and lowest (and says so), and gives a change
that involves a range as a range.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from generator.months import month_name, month_since, short_month
from generator.numbers import (
    EN_DASH,
    HIDDEN_MAX,
    Kind,
    fmt_num,
    fmt_pct,
    round_half_up,
    rounds_alike,
)
from generator.plan.chart_input import Point, category_points, series_points
from generator.plan.yearly import year_earlier


def _is_share(unit: str) -> bool:
    return unit.strip() in ("prosent", "%")


@dataclass(frozen=True)
class _Words:
    """How a summary speaks of the values: counts of people, or shares in per cent."""

    unit: str
    decimals: int

    @classmethod
    def for_unit(cls, unit: str, decimals: int | None) -> _Words:
        if decimals is None:
            decimals = 1 if _is_share(unit) else 0
        return cls(unit, decimals)

    @property
    def share(self) -> bool:
        return _is_share(self.unit)

    @property
    def most(self) -> str:
        return "høyest" if self.share else "flest"

    @property
    def least(self) -> str:
        return "lavest" if self.share else "færrest"

    def num(self, x: float) -> str:
        """A bare value, as in parentheses: "19 386" or "53,2 %"."""
        return fmt_pct(x, self.decimals) if self.share else fmt_num(x, self.decimals)

    def shown(self, p: Point) -> str:
        return self.num(p.value) if p.kind is Kind.EXACT and p.value is not None else p.tekst

    def level(self, p: Point) -> str:
        """A value with its unit: "16 857 deltakere", "mellom 1 200 og 1 209 deltakere"."""
        if p.kind is Kind.EXACT:
            text = self.num(p.value or 0.0)
        elif rounds_alike(p.lo or 0.0, p.hi or 0.0, self.decimals):
            text = f"omtrent {self.num(p.hi or 0.0)}"  # not "mellom 3,5 og 3,5 %"
        else:
            text = f"mellom {fmt_num(p.lo or 0.0, self.decimals)} og {self.num(p.hi or 0.0)}"
        return text if self.share or not self.unit else f"{text} {self.unit}"

    def diff(self, d: float, *, signed: bool = True) -> str:
        text = fmt_num(d if signed else abs(d), self.decimals, signed=signed)
        return f"{text} prosentpoeng" if self.share else text


def _change_text(first: Point, last: Point, words: _Words) -> str | None:
    """Change from first to last as a phrase, a range when a range is involved, else None."""
    if {first.kind, last.kind} & {Kind.HIDDEN, Kind.MISSING}:
        return None
    since = month_since(first.key, last.key)
    if first.kind is Kind.EXACT and last.kind is Kind.EXACT:
        assert first.value is not None and last.value is not None
        diff = last.value - first.value
        if round_half_up(diff, words.decimals) == 0:
            return f"det samme som i {since}" if words.share else f"like mange som i {since}"
        if words.share:
            word = "høyere" if diff > 0 else "lavere"
            return f"{words.diff(diff, signed=False)} {word} enn i {since}"
        word = "flere" if diff > 0 else "færre"
        pct = f" ({fmt_pct(diff / first.value * 100, signed=True)})" if first.value else ""
        return f"{words.diff(diff, signed=False)} {word} enn i {since}{pct}"
    assert first.lo is not None and first.hi is not None
    assert last.lo is not None and last.hi is not None
    low, high = last.lo - first.hi, last.hi - first.lo
    if words.share and rounds_alike(low, high, words.decimals):
        # A share's range can be narrower than its last decimal; every change in it reads
        # the same. (Counts' ranges are whole numbers and never collapse like this.)
        if round_half_up(high, words.decimals) == 0:
            return f"omtrent det samme som i {since}"
        word = "høyere" if high > 0 else "lavere"
        return f"omtrent {words.diff(high, signed=False)} {word} enn i {since}"
    unit = " prosentpoeng" if words.share else ""
    return (
        f"endringen fra {since} er mellom {fmt_num(low, words.decimals, signed=True)} "
        f"og {fmt_num(high, words.decimals, signed=True)}{unit}"
    )


def _extreme(points: list[Point], *, highest: bool) -> tuple[Point | None, bool]:
    """The highest (or lowest) shown value, and whether ranges had to be left out.

    A range wins only when it is certainly the extreme; when a range overlaps the leader, the
    extreme is taken among exact values and the caller says that ranges were left out.
    """
    shown = [p for p in points if p.kind in (Kind.EXACT, Kind.RANGE)]
    if not shown:
        return None, False
    sign = 1 if highest else -1

    def best_case(p: Point) -> float:
        return sign * ((p.hi if highest else p.lo) or 0.0)

    def worst_case(p: Point) -> float:
        return sign * ((p.lo if highest else p.hi) or 0.0)

    leader = max(shown, key=lambda p: sign * (p.mid or 0.0))
    if all(worst_case(leader) >= best_case(q) for q in shown if q is not leader):
        return leader, False
    exact = [p for p in shown if p.kind is Kind.EXACT]
    return (max(exact, key=lambda p: sign * (p.value or 0.0)) if exact else None), True


def _join(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " og " + items[-1]


def _month_list(keys: list[str]) -> str:
    if len(keys) <= 3:
        return _join([month_name(k) for k in keys])
    return f"{len(keys)} måneder"


def _base_index(points: list[Point]) -> int:
    """Where a change is measured from: the same month a year earlier when the series has it
    (a monthly stock rises and falls with the seasons), else the first month."""
    earlier = year_earlier(points[-1].key)
    return next((i for i, p in enumerate(points) if p.key == earlier), 0)


def _level_sentence(name: str, first: Point, last: Point, words: _Words) -> str:
    """The level in the last month with the change since ``first``: "Det var 79 006 deltakere
    i juni 2018, 1 234 flere enn i juni 2017 (+1,6 %)."."""
    if last.kind is Kind.HIDDEN:
        subject = f"Tallet for {name}" if name else "Tallet"
        return f"{subject} i {month_name(last.key)} er skjult (0{EN_DASH}3)."
    if last.kind is not Kind.EXACT and last.kind is not Kind.RANGE:
        return ""
    if words.share:
        s = f"{name or 'Andelen'} var {words.level(last)} i {month_name(last.key)}"
    else:
        # "Deltakere i alt hadde 79 006 deltakere" says the unit twice; drop the name then.
        named = name and words.unit.lower() not in name.lower()
        s = f"{name + ' hadde' if named else 'Det var'} {words.level(last)}"
        s += f" i {month_name(last.key)}"
    change = _change_text(first, last, words) if first.key != last.key else None
    if change:
        s += f", {change}"
    elif first.kind is Kind.HIDDEN and first.key != last.key:
        since = month_since(first.key, last.key)
        s += f"; tallet for {since} er skjult, så endringen er ikke gitt"
    return s + "."


def _one_series(name: str, points: list[Point], words: _Words) -> str:
    """Level in the last month with the change since the same month a year earlier (or the
    first month), then highest and lowest."""
    level = _level_sentence(name, points[_base_index(points)], points[-1], words)
    sentences = [level] if level else []
    highest, ranges_high = _extreme(points, highest=True)
    lowest, ranges_low = _extreme(points, highest=False)
    hidden = [p.key for p in points if p.kind is Kind.HIDDEN]
    if highest and lowest and highest is not lowest:
        what = "var andelen" if words.share else "var det"
        s = (
            f"{words.most.capitalize()} {what} i {month_name(highest.key)} "
            f"({words.shown(highest)}), {words.least} i {month_name(lowest.key)} "
            f"({words.shown(lowest)})"
        )
        left = []
        if hidden:
            left.append(f"måneder med skjulte tall ({_month_list(hidden)})")
        if ranges_high or ranges_low:
            left.append("måneder med intervall")
        if left:
            s += "; " + " og ".join(left) + " er holdt utenfor"
        sentences.append(s + ".")
    elif hidden:
        sentences.append(f"Skjulte tall: {_month_list(hidden)}.")
    return " ".join(sentences)


def summarize_series(
    rows: Sequence[Point],
    *,
    unit: str = "deltakere",
    focus: str | None = None,
    decimals: int | None = None,
) -> str:
    """A short Norwegian summary of a time-series chart, computed from the data.

    One series: its level in the last month, the change since the first month (in numbers and
    per cent; as a range, or left out, when a range or a hidden value is involved), and the
    highest and lowest month; hidden months are left out of that comparison and the text says
    so. Several series: the largest and smallest in the last month and which rose and which fell
    most; ``focus`` names a series (e.g. the total) described first in full. A hidden value is
    never given, only called hidden. ``unit="prosent"`` speaks of shares: "høyest/lavest" and
    changes in percentage points; ``decimals`` defaults to 1 for shares and 0 for counts.
    """
    words = _Words.for_unit(unit, decimals)
    series = series_points(rows)
    if len(series) == 1:
        name, points = next(iter(series.items()))
        return _one_series(name, points, words)
    parts = []
    if focus is not None:
        if focus not in series:
            raise ValueError(f"focus {focus!r} is not a serie")
        parts.append(_one_series(focus, series[focus], words))
    others = {s: pts for s, pts in series.items() if s != focus}
    any_points = next(iter(series.values()))
    base = _base_index(any_points)  # the series share their months
    first_key, last_key = any_points[base].key, any_points[-1].key
    parts += _largest_and_smallest(others, last_key, unit, words)
    parts += _rise_and_fall(others, base, (first_key, last_key), words)
    if not parts:
        parts.append("Tallene er skjult eller for usikre til å sammenlignes.")
    return " ".join(parts)


def _largest_and_smallest(
    others: dict[str, list[Point]], last_key: str, unit: str, words: _Words
) -> list[str]:
    """Which series is largest and which smallest in the last month, among exact values."""
    last_exact = {
        s: pts[-1].value or 0.0 for s, pts in others.items() if pts[-1].kind is Kind.EXACT
    }
    if len(last_exact) < 2:
        return []
    big = max(last_exact, key=last_exact.__getitem__)
    small = min(last_exact, key=last_exact.__getitem__)
    big_v, small_v = words.num(last_exact[big]), words.num(last_exact[small])
    if words.share:
        return [
            f"I {month_name(last_key)} var andelen høyest for {big} ({big_v}) "
            f"og lavest for {small} ({small_v})."
        ]
    return [
        f"I {month_name(last_key)} hadde {big} flest {unit} ({big_v}), {small} færrest ({small_v})."
    ]


def _rise_and_fall(
    others: dict[str, list[Point]], base: int, keys: tuple[str, str], words: _Words
) -> list[str]:
    """Which series rose and which fell most from the month at ``base`` (the first, or the
    same month a year earlier) to the last, among series exact at both ends; the rest are
    named as left out."""
    first_key, last_key = keys
    changes: dict[str, float] = {}
    pcts: dict[str, float | None] = {}
    for s, pts in others.items():
        a, b = pts[base], pts[-1]
        exact_ends = a.kind is Kind.EXACT and b.kind is Kind.EXACT
        if exact_ends and a.value is not None and b.value is not None:
            changes[s] = b.value - a.value
            pcts[s] = changes[s] / a.value * 100 if a.value and not words.share else None
    if first_key == last_key or not changes:
        return []
    rise = max(changes, key=changes.__getitem__)
    fall = min(changes, key=changes.__getitem__)
    span = f"Fra {month_since(first_key, last_key)} til {month_name(last_key)}"

    def change(s: str) -> str:
        pct = pcts[s]
        return words.diff(changes[s]) + (
            f", {fmt_pct(pct, signed=True)}" if pct is not None else ""
        )

    if changes[rise] > 0 and changes[fall] < 0:
        s = f"{span} økte {rise} mest ({change(rise)}), og {fall} gikk mest ned ({change(fall)})"
    elif changes[rise] > 0:
        s = f"{span} økte alle; {rise} mest ({change(rise)})"
    elif changes[fall] < 0:
        s = f"{span} gikk alle ned eller sto stille; {fall} mest ({change(fall)})"
    else:
        s = f"{span} var det ingen endring"
    left = [name for name in others if name not in changes]
    if left:
        s += f"; {_join(left)} er holdt utenfor fordi tallene er skjult eller et intervall"
    return [s + "."]


def summarize_bars(
    rows: Sequence[Point],
    *,
    unit: str = "deltakere",
    total: bool | None = None,
    highlight: str | None = None,
    decimals: int | None = None,
) -> str:
    """A short Norwegian summary of a bar chart, computed from the data.

    Largest and smallest category among the shown values (hidden ones are left out and the text
    says so), the rank of ``highlight`` when given, and the total: exact when every value is
    exact, otherwise as a range. ``total`` defaults to on for counts and off for shares
    (``unit="prosent"``), where a sum means nothing.
    """
    words = _Words.for_unit(unit, decimals)
    if total is None:
        total = not words.share
    points = category_points(rows)
    highest, ranges_high = _extreme(points, highest=True)
    lowest, ranges_low = _extreme(points, highest=False)
    hidden = [p.key for p in points if p.kind is Kind.HIDDEN]
    sentences = []
    if highest and lowest and highest is not lowest:
        what = "høyest andel" if words.share else f"flest {unit}".strip()
        s = (
            f"{highest.key} hadde {what} ({words.shown(highest)}), "
            f"{lowest.key} {words.least} ({words.shown(lowest)})"
        )
        left = []
        if hidden:
            left.append(
                (_join(hidden) if len(hidden) <= 3 else f"{len(hidden)} kategorier")
                + " med skjult tall"
            )
        if ranges_high or ranges_low:
            left.append("kategorier med intervall")
        if left:
            s += "; " + " og ".join(left) + " er holdt utenfor"
        sentences.append(s + ".")
    elif highest:
        sentences.append(f"{highest.key} hadde {words.level(highest)}.")
    if highlight is not None:
        match = [p for p in points if p.key == highlight]
        if not match:
            raise ValueError(f"highlight {highlight!r} is not a kategori")
        p = match[0]
        if p.kind is Kind.EXACT and p not in (highest, lowest):
            exact = sorted(
                (q for q in points if q.kind is Kind.EXACT), key=lambda q: -(q.value or 0)
            )
            # A rank is only certain when no value is a range.
            ranked = all(q.kind in (Kind.EXACT, Kind.HIDDEN) for q in points)
            rank = f" og er nummer {exact.index(p) + 1} av {len(points)}" if ranked else ""
            sentences.append(f"{highlight} hadde {words.num(p.value or 0.0)}{rank}.")
    if total:
        if all(p.kind is Kind.EXACT for p in points):
            amount = words.level(
                Point("", "", Kind.EXACT, sum(p.value or 0 for p in points), None, None, "")
            )
            sentences.append(f"Til sammen {amount}.")
        elif all(p.kind is not Kind.MISSING for p in points):
            lo = sum(p.lo or 0 for p in points if p.kind is not Kind.HIDDEN)
            hi = sum((p.hi or 0) if p.kind is not Kind.HIDDEN else HIDDEN_MAX for p in points)
            amount = words.level(Point("", "", Kind.RANGE, None, lo, hi, ""))
            sentences.append(f"Til sammen {amount}, fordi noen tall er skjult.")
    return " ".join(sentences)


def summarize_years(rows: Sequence[Point], *, unit: str = "deltakere") -> str:
    """A short Norwegian summary of a seasonal view (one series a year, ``serie`` the year):
    the last month against the same month a year earlier, then each year's highest and lowest
    month, among exact values, so a reader hears whether this July was lower than last July.
    """
    words = _Words.for_unit(unit, None)
    years: dict[str, list[Point]] = {}
    for p in sorted(rows, key=lambda p: p.key):
        years.setdefault(p.serie, []).append(p)
    if not years:
        raise ValueError("no data")
    every = [p for points in years.values() for p in points]
    sentences = [_level_sentence("", every[_base_index(every)], every[-1], words)]
    seasons: list[tuple[str, str]] = []
    left_out = False
    for year, points in years.items():
        highest, ranges_high = _extreme(points, highest=True)
        lowest, ranges_low = _extreme(points, highest=False)
        left_out |= ranges_high or ranges_low or any(p.kind is Kind.HIDDEN for p in points)
        if not (highest and lowest) or highest is lowest:
            continue
        months = f"{short_month(points[0].key)}{EN_DASH}{short_month(points[-1].key)}"
        when = year if len(points) == 12 else f"{year} ({months})"
        season = (
            f"{words.most} i {short_month(highest.key)} ({words.shown(highest)}) "
            f"og {words.least} i {short_month(lowest.key)} ({words.shown(lowest)})"
        )
        seasons.append((when, season))
    if seasons:
        (when, season), *rest = seasons
        what = "var andelen" if words.share else "var det"
        later = "".join(f"; i {w} {s}" for w, s in rest)
        sentences.append(f"I {when} {what} {season}{later}.")
    if seasons and left_out:
        sentences.append("Måneder med skjulte tall eller intervall er holdt utenfor.")
    return " ".join(s for s in sentences if s)
