"""Write the workbook fixtures in tests/workbooks/, the same bytes every time.

- export/: the bundled 2017 export as workbooks, in one sheet and one sheet per table (after an
  "Om tabellene" sheet), and tests/exports/small.txt as an OpenDocument spreadsheet (.ods);
- tilt-2024/: the eight TILT workbooks of 2024 (TILT110-TILT180, 15 fylker), with NAV's quirks:
  county numbers and Sami and Kven names ("55 Troms - Romsa - Tromssa " with its trailing
  space), "Svalbard og øvrige områder", a header repeated above a later block, an empty column
  and a column without a month name, a title and an "Om tabellene" sheet; and the lock file
  Excel leaves beside a workbook it has open;
- tilt-2025/: the workbooks of 2025 with a "Tiltak og kommune" sheet, TILT100, and a
  year-to-date TILT110 (January-October, November and December not yet published) that the
  full-year file revises;
- bad/: one workbook per kind of bad input (see tests/test_workbooks.py for the messages).

Every workbook adds up: counties to "I alt", status groups to each tiltak's national total,
kommuner to their county. Counts below 4 are printed as "*". Run from anywhere:
``python tests/make_workbooks.py`` (needs XlsxWriter).
"""

from __future__ import annotations

import datetime
import random
import re
import shutil
import struct
import zipfile
from dataclasses import dataclass
from pathlib import Path

import xlsxwriter

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
OUT = HERE / "workbooks"
BUNDLED = ROOT / "content" / "tiltaksdeltakere-tiltaksgruppe-fylke-2017.txt"
SMALL = HERE / "exports" / "small.txt"
CREATED = datetime.datetime(2025, 1, 15)
MONTHS = [
    "Januar",
    "Februar",
    "Mars",
    "April",
    "Mai",
    "Juni",
    "Juli",
    "August",
    "September",
    "Oktober",
    "November",
    "Desember",
]
AVERAGE = "Gjennomsnitt hittil i år"
COUNT = re.compile(r"^\d{1,3}(?: \d{3})+$|^\d+$")


@dataclass(frozen=True)
class Formula:
    """A formula written without its value, as a program that does not calculate leaves it."""

    text: str


Cell = str | int | float | Formula
Rows = list[list[Cell]]


def write_xlsx(path: Path, sheets: list[tuple[str, Rows]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    options = {"strings_to_numbers": False, "strings_to_formulas": False, "strings_to_urls": False}
    book = xlsxwriter.Workbook(str(path), options)
    book.set_properties({"created": CREATED, "author": "NAV"})
    for name, rows in sheets:
        sheet = book.add_worksheet(name)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if isinstance(value, Formula):
                    sheet.write_formula(r, c, value.text, None, "")
                elif isinstance(value, int | float):
                    sheet.write_number(r, c, value)
                elif value != "":
                    sheet.write_string(r, c, value)
    book.close()


# ---- the text export as a workbook ------------------------------------------------------------


def text_rows(text: str) -> Rows:
    """Each line a row; tab-separated cells, counts as numbers and "*" as text."""
    rows: Rows = []
    for line in text.splitlines():
        cells = line.split("\t") if "\t" in line else [line]
        cells = [c.strip() for c in cells]
        if not any(cells):
            rows.append([])
            continue
        rows.append([int(c.replace(" ", "")) if COUNT.match(c) else c for c in cells])
    return rows


def per_table(rows: Rows) -> list[tuple[str, Rows]]:
    """The rows split where each table's title starts: "Om tabellene", then one sheet each."""
    title = next(row[0] for row in rows if row)
    starts = [i for i, row in enumerate(rows) if row and row[0] == title]
    chunks = [rows[a:b] for a, b in zip(starts, [*starts[1:], len(rows)], strict=True)]
    return [("Om tabellene", chunks[0])] + [
        (f"Tabell {n}", chunk) for n, chunk in enumerate(chunks[1:], 1)
    ]


def write_ods(path: Path, rows: Rows) -> None:
    """A one-sheet OpenDocument spreadsheet, written as its XML (no library needed)."""

    def cell(value: Cell) -> str:
        if value == "":
            return "<table:table-cell/>"
        if isinstance(value, int | float):
            return (
                f'<table:table-cell office:value-type="float" office:value="{value}">'
                f"<text:p>{value}</text:p></table:table-cell>"
            )
        text = str(value).replace("&", "&amp;").replace("<", "&lt;")
        return (
            '<table:table-cell office:value-type="string">'
            f"<text:p>{text}</text:p></table:table-cell>"
        )

    body = "".join(
        "<table:table-row>" + "".join(cell(v) for v in (row or [""])) + "</table:table-row>"
        for row in rows
    )
    ns = (
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
    )
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {ns} '
        'office:version="1.2"><office:body><office:spreadsheet>'
        f'<table:table table:name="Ark1">{body}</table:table>'
        "</office:spreadsheet></office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest='
        '"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
        '<manifest:file-entry manifest:full-path="/" manifest:media-type='
        '"application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry '
        'manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    with zipfile.ZipFile(path, "w") as archive:
        for name, data, method in [
            ("mimetype", "application/vnd.oasis.opendocument.spreadsheet", zipfile.ZIP_STORED),
            ("META-INF/manifest.xml", manifest, zipfile.ZIP_DEFLATED),
            ("content.xml", content, zipfile.ZIP_DEFLATED),
        ]:
            info = zipfile.ZipInfo(name, date_time=(2025, 1, 15, 0, 0, 0))
            info.compress_type = method
            archive.writestr(info, data)


def write_exports() -> None:
    rows = text_rows(BUNDLED.read_text("utf-8"))
    write_xlsx(OUT / "export" / "bundled-one-sheet.xlsx", [("Tiltaksdeltakere", rows)])
    write_xlsx(OUT / "export" / "bundled-per-table.xlsx", per_table(rows))
    write_ods(OUT / "export" / "small.ods", text_rows(SMALL.read_text("utf-8")))


# ---- TILT workbooks ---------------------------------------------------------------------------

_UNITS = """\
03 Oslo: 0.13: 0301 Oslo
11 Rogaland: 0.085: 1103 Stavanger, 1108 Sandnes
15 Møre og Romsdal: 0.05: 1507 Ålesund, 1506 Molde
18 Nordland - Nordlánnda: 0.045: 1804 Bodø, 1806 Narvik
31 Østfold: 0.065: 3105 Sarpsborg, 3107 Fredrikstad
32 Akershus: 0.12: 3201 Bærum, 3203 Asker
33 Buskerud: 0.05: 3301 Drammen, 3303 Kongsberg
34 Innlandet: 0.07: 3403 Hamar, 3405 Lillehammer
39 Vestfold: 0.05: 3905 Tønsberg, 3907 Sandefjord
40 Telemark: 0.033: 4001 Porsgrunn, 4003 Skien
42 Agder: 0.06: 4204 Kristiansand, 4203 Arendal
46 Vestland: 0.115: 4601 Bergen, 4602 Kinn
50 Trøndelag - Trööndelage: 0.09: 5001 Trondheim, 5006 Steinkjer
55 Troms - Romsa - Tromssa : 0.03: 5501 Tromsø, 5503 Harstad
56 Finnmark - Finnmárku - Finmarkku: 0.015: 5601 Alta, 5603 Hammerfest
Svalbard og øvrige områder: 0.0004: 2100 Svalbard
Ukjent: 0.0016: Ukjent"""
# Counties from 2024 as NAV labels them (Troms with its trailing space), their share of the
# participants, and the kommuner a county's count is split over in the kommune sheets.
_LINES = [line.split(": ") for line in _UNITS.splitlines()]
COUNTIES = [(label, float(share)) for label, share, _ in _LINES]
KOMMUNER = {label: places.split(", ") for label, _, places in _LINES}
TILTAK = {  # code → (tiltak, national participants in January 2024)
    "TILT110": [
        ("Midlertidig lønnstilskudd", 9000),
        ("Varig lønnstilskudd", 6500),
        ("Tilskudd til sommerjobb", 60),
    ],
    "TILT120": [("Arbeidstrening", 7000), ("Arbeidsforberedende trening", 4200)],
    "TILT130": [
        ("Arbeidsmarkedsopplæring (AMO)", 9500),
        ("Fag- og yrkesopplæring", 3100),
        ("Høyere utdanning", 900),
    ],
    "TILT140": [("Oppfølging", 14000), ("Individuell jobbstøtte (IPS)", 3800), ("Mentor", 1500)],
    "TILT150": [("Avklaring", 2600)],
    "TILT160": [("Arbeidsrettet rehabilitering", 3300)],
    "TILT170": [
        ("Varig tilrettelagt arbeid i skjermet virksomhet", 8200),
        ("Varig tilrettelagt arbeid i ordinær virksomhet", 1400),
    ],
    "TILT180": [
        ("Egenetablering", 90),
        ("Funksjonsassistanse", 420),
        ("Inkluderingstilskudd", 250),
        ("Tilskudd til ekspertbistand", 40),
    ],
}
TITLES = dict(
    zip(
        TILTAK,
        [
            "lønnstilskudd",
            "arbeidspraksis",
            "opplæring",
            "oppfølging",
            "avklaring",
            "arbeidsrettet rehabilitering",
            "varig tilrettelagt arbeid",
            "jobbskaping og tilrettelegging",
        ],
        strict=True,
    )
)
STATUSES = [
    ("I alt arbeidssøkere på tiltak", 0.42),
    ("I alt nedsatt arbeidsevne, på tiltak", 0.38),
    ("I alt andre på tiltak", 0.20),
]
SEASON = [1.0, 1.03, 1.05, 1.04, 1.02, 0.9, 0.7, 0.85, 0.98, 1.02, 1.03, 0.97]

Values = dict[tuple[str, str], list[int]]  # (tiltak, unit label) → a count per month


def shown(value: int) -> Cell:
    return "*" if value < 4 else value


def true_values(year: int, months: int, seed: int) -> Values:
    """Participants by tiltak and county (and pseudo-region), per month: the truth, before
    NAV hides the small ones."""
    rng = random.Random(seed)
    growth = 1.0 + 0.04 * (year - 2024)
    values: Values = {}
    for tiltak in TILTAK.values():
        for name, base in tiltak:
            summer = 12.0 if name == "Tilskudd til sommerjobb" else 1.0
            for label, share in COUNTIES:
                level = base * growth * share
                values[(name, label)] = [
                    round(
                        level * SEASON[m] * (summer if m in (5, 6) else 1) * rng.uniform(0.9, 1.1)
                    )
                    for m in range(months)
                ]
    return values


def national(values: Values, tiltak: str) -> list[int]:
    return [sum(v) for v in zip(*(values[(tiltak, c)] for c, _ in COUNTIES), strict=True)]


def lower_first(name: str) -> str:
    return name[0].lower() + name[1:]


@dataclass
class Quirks:
    months: int = 12  # months published; the header names all twelve
    repeat_header: bool = False  # a header row again above the third block
    extra_columns: bool = False  # an empty column, then one without a month name
    kommuner: bool = False


def header(quirks: Quirks) -> list[Cell]:
    row: list[Cell] = ["", AVERAGE, *MONTHS]
    return [*row, "", ""] if quirks.extra_columns else row


def counts_row(label: str, counts: list[int], quirks: Quirks) -> list[Cell]:
    cells: list[Cell] = [shown(v) for v in counts] + [""] * (12 - len(counts))
    row = [label, round(sum(counts) / len(counts), 1), *cells]
    return [*row, "", row[1]] if quirks.extra_columns else row


def unit_rows(counts_of: dict[str, list[int]], quirks: Quirks, units: str) -> Rows:
    """A block's rows: one per county, or per kommune (a county's count split over its own)."""
    rows: Rows = []
    for label, _ in COUNTIES:
        counts = counts_of[label]
        places = [label] if units == "fylke" else KOMMUNER[label]
        first = [round(v * 0.6) for v in counts] if len(places) > 1 else counts
        rows.append(counts_row(places[0], first, quirks))
        if len(places) > 1:
            rest = [v - f for v, f in zip(counts, first, strict=True)]
            rows.append(counts_row(places[1], rest, quirks))
    return rows


def county_sheet(code: str, values: Values, year: int, quirks: Quirks, units: str) -> Rows:
    rows: Rows = [
        [
            f"{code}: Tiltaksdeltakere i {TITLES[code]}, etter tiltak og {units}. "
            f"Januar - {MONTHS[quirks.months - 1]} {year}"
        ],
        [],
        header(quirks),
    ]
    for n, (name, _) in enumerate(TILTAK[code]):
        if quirks.repeat_header and n == 2:
            rows.append(header(quirks))
        rows.append(counts_row(f"I alt {lower_first(name)}", national(values, name), quirks))
        rows += unit_rows({label: values[(name, label)] for label, _ in COUNTIES}, quirks, units)
        rows.append([])
    return rows


def split(total: int, share: float, left: int) -> int:
    return min(left, round(total * share))


def status_values(values: Values, code: str) -> dict[tuple[str, str], list[int]]:
    """(status, tiltak) → counts: each tiltak's national total split over the status groups."""
    out: dict[tuple[str, str], list[int]] = {}
    for name, _ in TILTAK[code]:
        totals = national(values, name)
        first = [split(t, STATUSES[0][1], t) for t in totals]
        second = [split(t, STATUSES[1][1], t - a) for t, a in zip(totals, first, strict=True)]
        out[(STATUSES[0][0], name)] = first
        out[(STATUSES[1][0], name)] = second
        out[(STATUSES[2][0], name)] = [
            t - a - b for t, a, b in zip(totals, first, second, strict=True)
        ]
    return out


def status_sheet(code: str, values: Values, year: int, quirks: Quirks) -> Rows:
    split_values = status_values(values, code)
    rows: Rows = [
        [
            f"{code}: Tiltaksdeltakere i {TITLES[code]}, etter arbeidsmarkedsstatus og "
            f"tiltak. Januar - {MONTHS[quirks.months - 1]} {year}"
        ],
        [],
    ]
    for status, _ in STATUSES:
        parts = [split_values[(status, name)] for name, _ in TILTAK[code]]
        total = [sum(v) for v in zip(*parts, strict=True)]
        rows += [header(quirks), counts_row(status, total, quirks)]
        rows += [counts_row(name, split_values[(status, name)], quirks) for name, _ in TILTAK[code]]
        rows.append([])
    return rows


ABOUT = [
    ["Om tabellene"],
    [],
    ["Tallene gjelder personer på tiltak ved utgangen av måneden."],
    ["I henhold til statistikkloven § 7-1 er verdier under 4 erstattet med «*»."],
]


def tilt_workbook(code: str, values: Values, year: int, quirks: Quirks) -> list[tuple[str, Rows]]:
    sheets = [
        ("Om tabellene", ABOUT),
        ("Tiltak og fylke", county_sheet(code, values, year, quirks, "fylke")),
    ]
    if quirks.kommuner:
        sheets.append(("Tiltak og kommune", county_sheet(code, values, year, quirks, "kommune")))
    sheets.append(("Arbeidsmarkedsstatus og tiltak", status_sheet(code, values, year, quirks)))
    return sheets


def file_name(stamp: str, code: str) -> str:
    """As NAV names them, in ASCII: "202412_TILT110 Tiltaksdeltakere lonnstilskudd. ..."."""
    title = TITLES[code].replace("ø", "o").replace("æ", "ae").replace("å", "a")
    return f"{stamp}_{code} Tiltaksdeltakere {title}. Tidsserie maaned.xlsx"


def group_of(code: str, tiltak: str) -> str:
    """The tiltaksgruppe as TILT100 names it (NAV's newer names)."""
    if code == "TILT180":
        return "Jobbskaping og egenetablering" if tiltak == "Egenetablering" else "Tilrettelegging"
    return TITLES[code][0].upper() + TITLES[code][1:]


def tilt100(values: Values, year: int) -> list[tuple[str, Rows]]:
    """TILT100: all tiltak by kommune, and status groups by tiltaksgruppe nationwide."""
    quirks = Quirks()
    statuses = {k: v for code in TILTAK for k, v in status_values(values, code).items()}
    groups: dict[str, list[str]] = {}
    for code, tiltak in TILTAK.items():
        for name, _ in tiltak:
            groups.setdefault(group_of(code, name), []).append(name)
    rows: Rows = [
        [
            f"TILT100: Tiltaksdeltakere etter arbeidsmarkedsstatus og tiltaksgruppe. "
            f"Januar - Desember {year}"
        ],
        [],
    ]
    for status, _ in STATUSES:
        sums = {
            group: [sum(v) for v in zip(*(statuses[(status, n)] for n in names), strict=True)]
            for group, names in groups.items()
        }
        total = [sum(v) for v in zip(*sums.values(), strict=True)]
        rows += [header(quirks), counts_row(status, total, quirks)]
        rows += [counts_row(group, counts, quirks) for group, counts in sums.items()] + [[]]
    every = [name for tiltak in TILTAK.values() for name, _ in tiltak]
    by_label = {
        label: [sum(v) for v in zip(*(values[(n, label)] for n in every), strict=True)]
        for label, _ in COUNTIES
    }
    total = [sum(v) for v in zip(*by_label.values(), strict=True)]
    kommune: Rows = [
        [f"TILT100: Tiltaksdeltakere etter kommune. Januar - Desember {year}"],
        [],
        header(quirks),
        counts_row("I alt tiltaksdeltakere", total, quirks),
        *unit_rows(by_label, quirks, "kommune"),
        [],
    ]
    return [
        ("Om tabellene", ABOUT),
        ("Tiltaksdeltakere og kommune", kommune),
        ("Arbeidsmarkedsstatus og tiltaks", rows),
    ]


def write_tilt_years() -> None:
    folder = OUT / "tilt-2024"
    values = true_values(2024, 12, seed=2024)
    for code in TILTAK:
        quirks = Quirks(repeat_header=code == "TILT130", extra_columns=code == "TILT160")
        write_xlsx(folder / file_name("202412", code), tilt_workbook(code, values, 2024, quirks))
    # Excel's lock file while someone has a workbook open: the owner's name, padded.
    lock = folder / f"~${file_name('202412', 'TILT110')}"
    lock.write_bytes(b"\x05NAV   " + b"\x00" * 47 + b"\x20" * 111)

    folder = OUT / "tilt-2025"
    values = true_values(2025, 12, seed=2025)
    for code in TILTAK:
        quirks = Quirks(kommuner=True, extra_columns=code == "TILT140")
        write_xlsx(folder / file_name("202512", code), tilt_workbook(code, values, 2025, quirks))
    write_xlsx(
        folder / "202512_TILT100 Tiltaksdeltakere. Tidsserie maaned.xlsx", tilt100(values, 2025)
    )
    # The year to date, as published in November: the full year revises Oslo in March.
    earlier = {key: list(counts[:10]) for key, counts in values.items()}
    earlier[("Midlertidig lønnstilskudd", "03 Oslo")][2] -= 5
    quirks = Quirks(months=10, kommuner=True)
    write_xlsx(
        folder / file_name("2025.10", "TILT110"), tilt_workbook("TILT110", earlier, 2025, quirks)
    )


# ---- bad workbooks ----------------------------------------------------------------------------


_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def cfb(streams: dict[str, bytes]) -> bytes:
    """A minimal OLE compound file holding the given streams (each at least 4096 bytes, so in
    regular sectors): the container of a password-protected Office document."""
    sector = 512
    end, free, fat_sector = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD
    data = b""
    fat = [fat_sector, end]  # sector 0: the FAT, sector 1: the directory
    entries = []
    for name, content in streams.items():
        start, count = 2 + len(data) // sector, -(-len(content) // sector)
        fat += [start + i + 1 for i in range(count - 1)] + [end]
        data += content.ljust(count * sector, b"\x00")
        entries.append((name, start, len(content)))

    def entry(name: str, kind: int, start: int, size: int, right: int, child: int) -> bytes:
        encoded = (name + "\x00").encode("utf-16-le")
        return struct.pack("<64sHBBIII16sIQQIQ", encoded, len(encoded), kind, 1, free, right,
                           child, b"", 0, 0, 0, start, size)  # fmt: skip

    directory = entry("Root Entry", 5, end, 0, free, 1)
    for i, (name, start, size) in enumerate(entries, start=1):
        directory += entry(name, 2, start, size, i + 1 if i < len(entries) else free, free)
    directory = directory.ljust(sector, b"\x00")
    fields = (0x3E, 3, 0xFFFE, 9, 6, b"", 0, 1, 1, 0, 4096, end, 0, end, 0, 0)  # DIFAT[0]: 0
    header = _OLE + bytes(16) + struct.pack("<HHHHH6sIIIIIIIIII", *fields)
    header += struct.pack("<I", free) * 108
    fat_bytes = b"".join(struct.pack("<I", v) for v in fat).ljust(sector, b"\xff")
    return header + fat_bytes + directory + data


def write_bad() -> None:
    folder = OUT / "bad"
    values = true_values(2024, 12, seed=7)
    good = tilt_workbook("TILT110", values, 2024, Quirks())
    county = dict(good)["Tiltak og fylke"]

    (folder / "202412_TILT110 text.xlsx").write_text(SMALL.read_text("utf-8"), "utf-8")
    whole = folder / "whole.xlsx"
    write_xlsx(whole, good)
    (folder / "202412_TILT110 cut off.xlsx").write_bytes(whole.read_bytes()[:3000])
    whole.unlink()
    rng = random.Random(11)
    package = bytes(rng.randrange(256) for _ in range(4608))
    info = b"\x04\x00\x04\x00\x40\x00\x00\x00" + b"<encryption/>".ljust(4088, b" ")
    (folder / "202412_TILT110 password.xlsx").write_bytes(
        cfb({"EncryptionInfo": info, "EncryptedPackage": package})
    )

    def variant(name: str, sheet: str, rows: Rows, drop: bool = False) -> None:
        sheets = [(n, rows if n == sheet else r) for n, r in good if not (drop and n == sheet)]
        write_xlsx(folder / name, sheets)

    variant("202412_TILT110 no county sheet.xlsx", "Tiltak og fylke", [], drop=True)
    variant("202412_TILT110 no header.xlsx", "Tiltak og fylke", county[:2] + county[3:])
    empty_block = [*county[:3], county[3], [], *county[4 + len(COUNTIES) + 1 :]]
    variant("202412_TILT110 empty block.xlsx", "Tiltak og fylke", empty_block)
    formula = [list(row) for row in county]
    formula[5][4] = Formula("=C6+D6")
    variant("202412_TILT110 formula.xlsx", "Tiltak og fylke", formula)
    fraction = [list(row) for row in county]
    fraction[6][3] = 12.5
    variant("202412_TILT110 fraction.xlsx", "Tiltak og fylke", fraction)
    no_year = [
        [re.sub(r"\s*\d{4}$", "", str(row[0])), *row[1:]] if r == 0 else row
        for r, row in enumerate(county)
    ]
    status = dict(good)["Arbeidsmarkedsstatus og tiltak"]
    status = [[re.sub(r"\s*\d{4}$", "", str(status[0][0]))], *status[1:]]
    write_xlsx(
        folder / "TILT110 no year.xlsx",
        [("Tiltak og fylke", no_year), ("Arbeidsmarkedsstatus og tiltak", status)],
    )
    renamed = [
        (
            n,
            [
                [str(c).replace("TILT110", "TILT190") if isinstance(c, str) else c for c in row]
                for row in rows
            ],
        )
        for n, rows in good
    ]
    write_xlsx(folder / "202412_TILT190 unknown code.xlsx", renamed)
    unknown = [list(row) for row in county]
    unknown[3][0] = "I alt jobbsjansen"
    variant("202412_TILT110 unknown tiltak.xlsx", "Tiltak og fylke", unknown)


def main() -> None:
    for folder in ("export", "tilt-2024", "tilt-2025", "bad"):
        shutil.rmtree(OUT / folder, ignore_errors=True)
        (OUT / folder).mkdir(parents=True)
    write_exports()
    write_tilt_years()
    write_bad()


if __name__ == "__main__":
    main()
