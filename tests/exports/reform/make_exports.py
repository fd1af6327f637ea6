"""Write the three exports of a county reform used by the multi-export tests.

- tiltak-2017.txt: October–December 2017, with Sør- and Nord-Trøndelag;
- tiltak-2018-hittil.txt: January–February 2018 (year to date), with Trøndelag;
- tiltak-2018.txt: January–March 2018, later, revising some January and February values, in
  NAV's newer spelling ("Trøndelag - Trööndelage", "Svalbard og øvrige områder").
Every file adds up (regions to "I alt", hovedgrupper to their tiltaksgruppe). Run from this
folder: ``python make_exports.py``.
"""

import random
from pathlib import Path

TITLE = "Deltakere i arbeidsrettede tiltak. Tiltaksgruppe og fylke. Tidsserie måned"
MONTHS = ["Januar", "Februar", "Mars", "April", "Mai", "Juni", "Juli", "August", "September",
          "Oktober", "November", "Desember"]  # fmt: skip
GROUPS = ["Opplæring", "Lønnstilskudd"]
MAIN = ["Arbeidssøkere på tiltak", "Nedsatt arbeidsevne på tiltak"]


def fmt(n: int) -> str:
    return "*" if n < 4 else f"{n:,}".replace(",", " ")


def write(name, period, months, regions, values, main_spelling=None):
    """values[(main, group, region)] = list of counts per month."""
    out = [TITLE, "", "Om tabellene", "", period, "", "Tall under 4 er skjult.", "", ""]

    def table(subtitle, label, total_label, counts):
        out.extend([TITLE, "", subtitle, "", period, "", *label, ""])
        out.append("\t" + "\t".join(months))
        total = [sum(counts[r][i] for r in regions) for i in range(len(months))]
        out.append("\t".join([total_label, *map(fmt, total)]))
        for region, label_ in regions.items():
            if any(counts[region]):
                out.append("\t".join([label_, *map(fmt, counts[region])]))
        out.extend(["", "", ""])

    for group in GROUPS:
        counts = {
            r: [sum(values[(m, group, r)][i] for m in MAIN) for i in range(len(months))]
            for r in regions
        }
        table("Fylke og tiltaksgruppe", [group], f"I alt {group.lower()}", counts)
    for main in MAIN:
        shown = (main_spelling or {}).get(main, main)
        for group in GROUPS:
            counts = {r: values[(main, group, r)] for r in regions}
            label = [f"{shown},", group.lower()]
            table("Fylke, hovedgrupper og tiltaksgrupper", label,
                  f"I alt {shown.lower()}, {group.lower()}", counts)  # fmt: skip
    Path(name).write_text("\n".join(out), encoding="utf-8")


def draw(rng, regions, n, scale):
    values = {}
    for main in MAIN:
        for group in GROUPS:
            for region in regions:
                size = scale.get(region, 60)
                values[(main, group, region)] = [
                    max(0, int(rng.gauss(size, size / 5))) for _ in range(n)
                ]
    return values


rng = random.Random(2018)
scale = {"Oslo": 400, "Sør-Trøndelag": 120, "Nord-Trøndelag": 3, "Trøndelag": 170,
         "Ukjent": 2, "Øvrige områder": 1}  # fmt: skip

regions_2017 = {"Oslo": "Oslo", "Sør-Trøndelag": "Sør-Trøndelag",
                "Nord-Trøndelag": "Nord-Trøndelag", "Øvrige områder": "Øvrige områder",
                "Ukjent": "Ukjent"}  # fmt: skip
write("tiltak-2017.txt", "Oktober - Desember 2017", MONTHS[9:12], regions_2017,
      draw(rng, regions_2017, 3, scale))  # fmt: skip

regions_2018 = {"Oslo": "Oslo", "Trøndelag": "Trøndelag", "Øvrige områder": "Øvrige områder",
                "Ukjent": "Ukjent"}  # fmt: skip
year_to_date = draw(rng, regions_2018, 2, scale)
write("tiltak-2018-hittil.txt", "Januar - Februar 2018", MONTHS[0:2], regions_2018, year_to_date)

full = {
    key: [*counts, max(0, int(rng.gauss(counts[-1], 5)))] for key, counts in year_to_date.items()
}
full[("Arbeidssøkere på tiltak", "Opplæring", "Oslo")][0] += 7  # revised January
full[("Nedsatt arbeidsevne på tiltak", "Lønnstilskudd", "Trøndelag")][1] -= 3  # revised February
regions_2018_new = {
    "Oslo": "Oslo",
    "Trøndelag": "Trøndelag - Trööndelage",
    "Øvrige områder": "Svalbard og øvrige områder",
    "Ukjent": "Ukjent",
}
spelling = {"Nedsatt arbeidsevne på tiltak": "Nedsatt arbeidsevne, på tiltak"}
write("tiltak-2018.txt", "Januar - Mars 2018", MONTHS[0:3], regions_2018_new, full, spelling)
