"""feed.xml: an Atom feed of releases, one entry per published month and one per revision batch.

Entry ids are name-based UUIDs (the month, or the export that revised), so an entry keeps its
id from build to build and wherever the site is published; every date is the end of a month
of data, never the build's clock. Links are absolute when the base URL is known, else relative
to the feed.
"""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

from generator.dataset.grid import Dataset
from generator.months import month_name, period_label
from generator.numbers import NBSP, fmt_count
from generator.output.release import month_end
from generator.plan import routes

ATOM = "http://www.w3.org/2005/Atom"
FEED_TITLE = "Tiltaksdeltakere i NAV: nye tall"
NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "tiltaksdeltakere/nav")


@dataclass(frozen=True)
class Entry:
    key: str  # what the id is made from
    title: str
    summary: str
    updated: datetime.datetime
    link: str  # from the site root


def _stamp(month: str, later: int = 0) -> datetime.datetime:
    """The end of a month of data, as a time: the day it ends, ``later`` seconds past midnight."""
    day = month_end(month)
    return datetime.datetime(day.year, day.month, day.day, 0, 0, later, tzinfo=datetime.UTC)


def _plain(text: str) -> str:
    return text.replace(NBSP, " ")


def month_entries(data: Dataset) -> list[Entry]:
    """One entry per month: the country's total, and the change from the month before."""
    national = data.national.name
    entries = []
    for index, month in enumerate(data.months):
        total = data.total(national, month)
        text = (
            f"Deltakere i arbeidsrettede tiltak i hele landet ved utgangen av {month_name(month)}: "
            f"{fmt_count(total)}."
        )
        if index:
            before = data.months[index - 1]
            change = fmt_count(total.minus(data.total(national, before)), signed=True)
            text += f" Endring fra {month_name(before)}: {change}."
        entries.append(
            Entry(
                f"maned/{month}",
                f"Tall for {month_name(month)}",
                _plain(text),
                _stamp(month),
                routes.INDEX,
            )
        )
    return entries


def revision_entries(data: Dataset, about_page: bool) -> list[Entry]:
    """One entry per export that revised earlier months: which months, and how many values;
    linked to the revisions table on the about page, or else to the file of revised values."""
    link = f"{routes.ABOUT}#revisjoner" if about_page else routes.REVISIONS_CSV
    batches: dict[str, list[str]] = {}
    counts: dict[str, int] = {}
    for r in data.revisions:
        months = batches.setdefault(r.new_file, [])
        if r.month not in months:
            months.append(r.month)
        counts[r.new_file] = counts.get(r.new_file, 0) + 1
    periods = {e.path.name: e.period.months for e in data.exports}
    entries = []
    for name, months in batches.items():
        text = (
            f"{counts[name]} tall for {', '.join(month_name(m) for m in sorted(months))} er "
            f"revidert med eksporten for {period_label(periods[name])} ({name})."
        )
        entries.append(
            Entry(
                f"revisjon/{name}",
                f"Reviderte tall: {period_label(sorted(months))}",
                _plain(text),
                _stamp(periods[name][-1], 1),
                link,
            )
        )
    return entries


def _time(moment: datetime.datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def _id(key: str) -> str:
    return f"urn:uuid:{uuid.uuid5(NAMESPACE, key)}"


def feed(data: Dataset, base_url: str, about_page: bool) -> bytes:
    """The Atom feed, newest entry first."""
    entries = sorted(
        [*month_entries(data), *revision_entries(data, about_page)],
        key=lambda e: (e.updated, e.key),
        reverse=True,
    )

    def href(path: str) -> str:
        return quoteattr(f"{base_url}{path}")

    lines = [
        '<?xml version="1.0" encoding="utf-8"?>',
        f'<feed xmlns="{ATOM}" xml:lang="nb">',
        f"  <id>{_id('feed')}</id>",
        f"  <title>{escape(FEED_TITLE)}</title>",
        "  <subtitle>Nye måneder og reviderte tall i NAVs statistikk over deltakere i "
        "arbeidsrettede tiltak.</subtitle>",
        f"  <updated>{_time(entries[0].updated)}</updated>",
        "  <author><name>NAV</name></author>",
        "  <rights>Kilde: NAV. Lisens: CC BY 4.0.</rights>",
        f'  <link rel="self" type="application/atom+xml" href={href(routes.FEED)}/>',
        f'  <link rel="alternate" type="text/html" href={href(routes.INDEX)}/>',
    ]
    for entry in entries:
        lines += [
            "  <entry>",
            f"    <id>{_id(entry.key)}</id>",
            f"    <title>{escape(entry.title)}</title>",
            f"    <updated>{_time(entry.updated)}</updated>",
            f'    <link rel="alternate" type="text/html" href={href(entry.link)}/>',
            f"    <summary>{escape(entry.summary)}</summary>",
            "  </entry>",
        ]
    lines.append("</feed>")
    return ("\n".join(lines) + "\n").encode("utf-8")
