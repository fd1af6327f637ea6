"""Write a large input in the export's layout: ten years of monthly tables.

The same groups and regions as the bundled 2017 export, with counts drawn around its own values
so that every table adds up (regions to "I alt", hovedgrupper to their tiltaksgruppe), with
hidden cells (*) wherever a count falls below 4. One file per year, like NAV publishes them.
"""

from __future__ import annotations

import random
from pathlib import Path

from generator.dataset.grid import ALL, build_dataset
from generator.source.regions import default_catalog
from generator.source.text_export import read_export

TITLE = "Deltakere i arbeidsrettede tiltak. Tiltaksgruppe og fylke. Tidsserie måned"
MONTHS = ["Januar", "Februar", "Mars", "April", "Mai", "Juni", "Juli", "August", "September",
          "Oktober", "November", "Desember"]  # fmt: skip


def _fmt(n: int) -> str:
    return "*" if n < 4 else f"{n:,}".replace(",", " ")


def write_year(path: Path, year: int, base, rng: random.Random) -> None:
    """One year's export: counts per hovedgruppe drawn around the base year's, summed upwards."""
    regions = [r.name for r in base.regions if r.role != "landet"]
    period = f"Januar - Desember {year}"
    trend = 1 + (year - 2017) * 0.03
    values: dict[tuple[str, str, str], list[int]] = {}
    for tg in base.tiltaksgrupper:
        for hg in base.hovedgrupper:
            for region in regions:
                counts = []
                for month in base.months:
                    c = base.count(region, tg, hg, month)
                    mean = (c.lo + c.hi) / 2 * trend
                    counts.append(max(0, round(rng.gauss(mean, max(1.0, mean * 0.05)))))
                values[(tg, hg, region)] = counts
    lines = [TITLE, "", "Om tabellene", "", period, "", "Tall under 4 er skjult.", "", ""]

    def table(subtitle: str, name: str, total_label: str, rows: dict[str, list[int]]) -> None:
        lines.extend([TITLE, "", subtitle, "", period, "", name, ""])
        lines.append("\t" + "\t".join(MONTHS))
        total = [sum(r[i] for r in rows.values()) for i in range(12)]
        lines.append("\t".join([total_label, *map(_fmt, total)]))
        for region, counts in rows.items():
            if any(counts):
                lines.append("\t".join([region, *map(_fmt, counts)]))
        lines.extend(["", "", ""])

    for tg in base.tiltaksgrupper:
        rows = {
            r: [sum(values[(tg, hg, r)][i] for hg in base.hovedgrupper) for i in range(12)]
            for r in regions
        }
        table("Fylke og tiltaksgruppe", tg, f"I alt {tg.lower()}", rows)
    for hg in base.hovedgrupper:
        for tg in base.tiltaksgrupper:
            rows = {r: values[(tg, hg, r)] for r in regions}
            if any(any(v) for v in rows.values()):
                name = f"{hg}, {tg.lower()}"
                table("Fylke, hovedgrupper og tiltaksgrupper", name, f"I alt {name.lower()}", rows)
    path.write_text("\n".join(lines), encoding="utf-8")


def make_input(folder: Path, base_export: Path, years: range, seed: int = 2017) -> list[Path]:
    """Write one export per year into ``folder``; deterministic for a given seed."""
    base = build_dataset([read_export(base_export)], default_catalog())
    assert ALL == ""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for year in years:
        path = folder / f"tiltaksdeltakere-{year}.txt"
        write_year(path, year, base, rng)
        paths.append(path)
    return paths
