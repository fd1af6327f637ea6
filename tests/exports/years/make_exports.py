"""Write the second year of the two-year test input: January–June 2018, year to date.

Read with the bundled 2017 export (content/), it makes eighteen months across a county reform:
a complete year (2017) and a part year (2018), so a page can show a yearly average, an average
so far this year, the change from the same month a year earlier and one line per year; Sør- and
Nord-Trøndelag become Trøndelag in January 2018. The counts are drawn around the same months
of 2017 (a hidden one around 1,5), a little higher, so every table adds up (regions to "I alt",
hovedgrupper to their tiltaksgruppe) and a count below 4 is hidden. Run from the project root:
``python3 tests/exports/years/make_exports.py``.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
HERE = Path(__file__).resolve().parent
BUNDLED = ROOT / "content" / "tiltaksdeltakere-tiltaksgruppe-fylke-2017.txt"
TITLE = "Deltakere i arbeidsrettede tiltak. Tiltaksgruppe og fylke. Tidsserie måned"
MONTHS = ["Januar", "Februar", "Mars", "April", "Mai", "Juni"]
PERIOD = "Januar - Juni 2018"
MERGED = {"Sør-Trøndelag": "Trøndelag", "Nord-Trøndelag": "Trøndelag"}


def _fmt(n: int) -> str:
    return "*" if n < 4 else f"{n:,}".replace(",", " ")


def _regions(base) -> list[str]:
    """The 2018 rows in NAV's order: counties by code (Trøndelag, 50, after Finnmark), then
    the two rows that are not counties."""
    counties = [r.name for r in base.counties if r.name not in MERGED]
    others = [r.name for r in base.regions if r.role not in ("landet", "fylke")]
    return [*counties, "Trøndelag", *others]


def draw(base, rng: random.Random) -> dict[tuple[str, str, str], list[int]]:
    """Counts per (tiltaksgruppe, hovedgruppe, region), drawn around the same months of 2017."""
    values = {}
    for tg in base.tiltaksgrupper:
        for hg in base.hovedgrupper:
            for region in _regions(base):
                parts = [r for r, new in MERGED.items() if new == region] or [region]
                counts = []
                for month in base.months[: len(MONTHS)]:
                    mean = sum(_mid(base.count(p, tg, hg, month)) for p in parts) * 1.04
                    counts.append(max(0, round(rng.gauss(mean, max(0.8, mean * 0.04)))))
                values[(tg, hg, region)] = counts
    return values


def _mid(count) -> float:
    return (count.lo + count.hi) / 2


def write(path: Path, base, values: dict[tuple[str, str, str], list[int]]) -> None:
    lines = [TITLE, "", "Om tabellene", "", PERIOD, "", "Tall under 4 er skjult.", "", ""]
    months = range(len(MONTHS))

    def table(subtitle: str, name: str, total_label: str, rows: dict[str, list[int]]) -> None:
        lines.extend([TITLE, "", subtitle, "", PERIOD, "", name, ""])
        lines.append("\t" + "\t".join(MONTHS))
        total = [sum(r[i] for r in rows.values()) for i in months]
        lines.append("\t".join([total_label, *map(_fmt, total)]))
        for region, counts in rows.items():
            if any(counts):
                lines.append("\t".join([region, *map(_fmt, counts)]))
        lines.extend(["", "", ""])

    regions = _regions(base)
    for tg in base.tiltaksgrupper:
        rows = {
            r: [sum(values[(tg, hg, r)][i] for hg in base.hovedgrupper) for i in months]
            for r in regions
        }
        table("Fylke og tiltaksgruppe", tg, f"I alt {tg.lower()}", rows)
    for hg in base.hovedgrupper:
        for tg in base.tiltaksgrupper:
            rows = {r: values[(tg, hg, r)] for r in regions}
            if any(any(v) for v in rows.values()):
                name = f"{hg}, {tg.lower()}"
                table("Fylke, hovedgrupper og tiltaksgrupper", name, f"I alt {name.lower()}", rows)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main() -> None:
    sys.path.insert(0, str(ROOT))
    from generator.dataset.grid import build_dataset
    from generator.source.regions import default_catalog
    from generator.source.text_export import read_export

    base = build_dataset([read_export(BUNDLED)], default_catalog())
    write(HERE / "tiltak-2018-hittil.txt", base, draw(base, random.Random(2018)))


if __name__ == "__main__":
    main()
