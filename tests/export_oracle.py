"""Deliberately plain readings of an export, independent of the generator's reader.

Tests compare the site with these, so a misreading in the generator cannot hide behind itself:
``Oracle`` reads a valid export's tables; ``PlainExport`` reads any file strictly, refusing what
is not a whole export, for the fuzzer (tests/test_fuzz.py). Neither imports the generator.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

MONTHS = ["januar", "februar", "mars", "april", "mai", "juni", "juli", "august",
          "september", "oktober", "november", "desember"]  # fmt: skip


def norm(name: str) -> str:
    """A group name without commas, case or extra spaces: both hovedgruppe spellings match."""
    return " ".join(name.replace(",", " ").lower().split())


class Oracle:
    """The export as a dict: (printed group name, region, month) → count, or None for "*"."""

    def __init__(self, path: Path) -> None:
        self.tables: dict[str, dict[tuple[str, str], int | None]] = {}
        lines = path.read_text("utf-8").splitlines()
        for i, line in enumerate(lines):
            if not line.startswith("\t"):
                continue
            months = [MONTHS.index(m.lower()) + 1 for m in line.split("\t")[1:]]
            j, name = i - 1, []
            while not lines[j].strip():
                j -= 1
            while not re.match(r"^\w+ - \w+ \d{4}$", lines[j]):
                name.insert(0, lines[j])
                j -= 1
            year = lines[j][-4:]
            cells: dict[tuple[str, str], int | None] = {}
            for row in lines[i + 1 :]:
                if "\t" not in row:
                    break
                label, *values = row.split("\t")
                region = "Hele landet" if label.startswith("I alt") else label.strip()
                for month, value in zip(months, values, strict=True):
                    key = (region, f"{year}-{month:02d}")
                    cells[key] = None if value == "*" else int(value.replace(" ", ""))
            self.tables[norm(" ".join(name))] = cells

    def value(self, region: str, tiltaksgruppe: str, hovedgruppe: str, month: str) -> int | None:
        """The published count; a table, region or month the export leaves out is 0."""
        table = self.tables.get(norm(f"{hovedgruppe} {tiltaksgruppe}"), {})
        return table.get((region, month), 0)

    def hidden(self) -> set[tuple[str, str, str]]:
        """(normalised group name, region, "YYYY-MM") of every "*"."""
        return {
            (name, region, month)
            for name, cells in self.tables.items()
            for (region, month), value in cells.items()
            if value is None
        }


# ---- a strict plain reader: what a (possibly damaged) file holds, or that it is no export ------
#
# The fuzzer compares every build that succeeds with this. It is written from NAV's layout, not
# from generator/source: its own decoding, lines, names of groups and regions, and rule for the
# cells an export leaves out. It refuses what no correct reader may publish; what it takes is
# the grid the build must show.

NATIONAL = "Hele landet"
TILTAKSGRUPPER = ["Opplæring", "Arbeidsrettet rehabilitering", "Oppfølging", "Lønnstilskudd",
                  "Tilrettelagt arbeid", "Varig tilrettelagt arbeid", "Tilrettelegging",
                  "Arbeidspraksis", "Jobbskaping og egenetablering", "Avklaringstiltak",
                  "Avklaring"]  # fmt: skip
HOVEDGRUPPER = ["Arbeidssøkere på tiltak", "Nedsatt arbeidsevne på tiltak", "Andre på tiltak"]
COUNTIES = ["Østfold", "Akershus", "Oslo", "Hedmark", "Oppland", "Buskerud", "Vestfold",
            "Telemark", "Aust-Agder", "Vest-Agder", "Rogaland", "Hordaland", "Sogn og Fjordane",
            "Møre og Romsdal", "Sør-Trøndelag", "Nord-Trøndelag", "Nordland", "Troms",
            "Finnmark", "Trøndelag", "Viken", "Innlandet", "Vestfold og Telemark", "Agder",
            "Vestland", "Troms og Finnmark"]  # fmt: skip
SAMI = {"Trøndelag": "Trööndelage", "Troms": "Romsa Tromssa", "Finnmark": "Finnmárku Finmarkku",
        "Nordland": "Nordlánnda", "Oslo": "Oslove",
        "Troms og Finnmark": "Romsa ja Finnmárku Tromssa ja Finmarkku"}  # fmt: skip
OTHER_AREAS = ["Øvrige områder", "Svalbard og øvrige områder", "Ikke i et fylkesdistrikt",
               "Øvrige områder og ukjent", "Annet bosted"]  # fmt: skip
SPELLINGS = ["januar jan", "februar feb", "mars mar", "april apr", "mai", "juni jun",
             "juli jul", "august aug", "september sep sept", "oktober okt", "november nov",
             "desember des"]  # fmt: skip
MONTH_WORDS = {word: n for n, words in enumerate(SPELLINGS, start=1) for word in words.split()}
_WORD = r"([A-Za-zÆØÅæøå]+)\.?"
PERIOD = re.compile(rf"^{_WORD}\s*(\d{{4}})?\s*[-–—]\s*{_WORD}\s+(\d{{4}})$|^{_WORD}\s+(\d{{4}})$")
COUNT = re.compile(r"^\d{1,3}(?:[ \u00a0\u202f]\d{3})+$|^\d+$")
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
Value = int | None  # None: hidden ("*", a count from 0 to 3)
GridKey = tuple[str, str, str, str]  # month, region, tiltaksgruppe key, hovedgruppe key ("")


class Refused(Exception):
    """The plain reader will not take the file: it is not a whole, readable export."""


def key(name: str) -> str:
    """A group name for matching: case, spacing, commas and trailing dashes do not matter."""
    return " ".join(name.replace("\u00a0", " ").replace(",", " ").casefold().split()).rstrip(
        " ;:-–"
    )


def _region_name(label: str) -> str:
    text = " ".join(re.sub(r"\s*[-–—]\s*", " - ", label.replace("\u00a0", " ")).casefold().split())
    for county in COUNTIES:
        plain = " ".join(re.sub(r"\s*-\s*", " - ", county).casefold().split())
        other = SAMI.get(county, "").casefold()
        if text in (plain, f"{plain} {other}") or text.split(" - ")[0] == plain:
            return county
        if other and " ".join(text.replace(" - ", " ").split()) == f"{plain} {other}":
            return county
    if text == "ukjent":
        return "Ukjent"
    if text in {area.casefold() for area in OTHER_AREAS}:
        return "Øvrige områder"
    raise Refused(f"unknown region {label!r}")


@dataclass
class PlainTable:
    name: str
    title: str
    subtitle: str
    period: tuple[tuple[int, int], tuple[int, int]]
    months: list[str]
    rows: dict[str, list[Value]] = field(default_factory=dict)  # region → counts
    tiltaksgruppe: str = ""  # key()
    hovedgruppe: str = ""  # key(); "" for the table of all status groups

    @property
    def split(self) -> bool:
        return bool(re.search(r"hovedgrupp|målgrupp", self.subtitle, re.IGNORECASE))


def decode(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        codec = "utf-8-sig"
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        codec = "utf-16"
    elif b"\x00" in data:
        codec = "utf-16-le" if data[1::2].count(0) > data[0::2].count(0) else "utf-16-be"
    else:
        try:
            return _no_controls(data.decode("utf-8"))
        except UnicodeDecodeError:
            codec = "cp1252"
    try:
        return _no_controls(data.decode(codec))
    except UnicodeDecodeError as exc:
        raise Refused(f"not {codec}") from exc


def _no_controls(text: str) -> str:
    if CONTROL.search(text):
        raise Refused("control characters")
    return text


def _cells(line: str) -> list[str]:
    if not line.strip():
        return []
    if "\t" not in line:
        return [line.strip()]
    cells = []
    for cell in (c.strip() for c in line.split("\t")):
        if len(cell) >= 2 and cell[0] == cell[-1] == '"':
            cell = cell[1:-1].replace('""', '"').strip()
        cells.append(cell)
    while len(cells) > 1 and not cells[-1]:
        cells.pop()
    return cells


def _period(text: str) -> tuple[tuple[int, int], tuple[int, int]] | None:
    match = PERIOD.match(" ".join(text.replace("\u00a0", " ").split()))
    if not match:
        return None
    m1, y1, m2, y2, m0, y0 = match.groups()
    words = [w.casefold() for w in (m1, m2, m0) if w]
    if any(w not in MONTH_WORDS for w in words):
        return None
    first = (int(y0 or y1 or y2), MONTH_WORDS[words[0]])
    last = (int(y0 or y2), MONTH_WORDS[words[-1]])
    if not (1900 <= first[0] <= 2100 and 1900 <= last[0] <= 2100) or first > last:
        raise Refused(f"period {text!r}")
    return first, last


def months_of(period: tuple[tuple[int, int], tuple[int, int]]) -> list[str]:
    (year, month), out = period[0], []
    while (year, month) <= period[1]:
        out.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def _heading(lines: list[str], header: list[str]) -> PlainTable:
    at = next((i for i in range(len(lines) - 1, -1, -1) if _period(lines[i])), None)
    if at is None or at == len(lines) - 1:
        raise Refused("a header without a period and a group name above it")
    period = _period(lines[at])
    assert period is not None
    in_period = months_of(period)
    months = []
    for cell in header:
        number = MONTH_WORDS.get(cell.casefold().rstrip("."))
        month = next((m for m in in_period if number and int(m[5:]) == number), None)
        if month is None or month in months:
            raise Refused(f"header month {cell!r}")
        months.append(month)
    return PlainTable(
        name=" ".join(" ".join(lines[at + 1 :]).replace("\u00a0", " ").split()),
        title=" ".join(lines[at - 2].split()) if at >= 2 else "",
        subtitle=" ".join(lines[at - 1].split()) if at >= 1 else "",
        period=period,
        months=months,
    )


def _row(table: PlainTable, cells: list[str]) -> None:
    label = " ".join(cells[0].replace("\u00a0", " ").split())
    if len(cells) != len(table.months) + 1:
        raise Refused(f"row {label!r} has {len(cells)} cells")
    values: list[Value] = []
    for cell in cells[1:]:
        if cell != "*" and not COUNT.match(cell):
            raise Refused(f"count {cell!r}")
        values.append(None if cell == "*" else int(re.sub(r"\D", "", cell)))
        if values[-1] is not None and values[-1] < 4:
            raise Refused(f"count {cell!r}: NAV prints a count below 4 as '*'")
    is_total = label.casefold().startswith("i alt")
    if is_total != (not table.rows):
        raise Refused(f"row {label!r}: the 'I alt' row comes first, once")
    if is_total and label[5:].strip() and key(label[5:]) != key(table.name):
        raise Refused(f"total {label!r} under {table.name!r}")
    region = NATIONAL if is_total else _region_name(label)
    if region in table.rows:
        raise Refused(f"region {region} twice")
    table.rows[region] = values


def _looks_like_row(text: str) -> bool:
    return bool(re.search(r"\S[\s;,|]+(?:\d[\d \u00a0]*|\*)$", text)) and not _period(text)


def _tables(text: str) -> tuple[list[PlainTable], list[str]]:
    """The tables, and the text after the last one."""
    tables: list[PlainTable] = []
    heading: list[str] = []
    current: PlainTable | None = None
    for line in re.split(r"\r\n|\r|\n", text):
        cells = _cells(line)
        if not cells:
            current = None
        elif len(cells) == 1 and ("\t" not in line or current is None):
            if current is not None and _looks_like_row(cells[0]):
                raise Refused(f"a row without tabs: {cells[0]!r}")
            current = None
            heading.append(cells[0])
        elif not cells[0]:
            if current is not None:
                raise Refused("a second header in a table")
            current = _heading(heading, cells[1:])
            tables.append(current)
            heading = []
        elif current is None:
            raise Refused("a row outside a table")
        else:
            _row(current, cells)
    if not tables or any(not t.rows for t in tables):
        raise Refused("no tables, or a table without rows")
    return tables, heading


def _name(tables: list[PlainTable]) -> None:
    known_tg = {key(name) for name in TILTAKSGRUPPER}
    known_hg = {key(name) for name in HOVEDGRUPPER}
    whole = [key(t.name) for t in tables if not t.split]
    for table in tables:
        name = key(table.name)
        if not table.split:
            table.tiltaksgruppe = name
        else:
            tg = next((tg for tg in sorted(whole, key=len, reverse=True)
                       if name.endswith(tg) and len(name) > len(tg)), None)  # fmt: skip
            if tg is None:
                raise Refused(f"{table.name!r} ends with no tiltaksgruppe of the file")
            table.tiltaksgruppe, table.hovedgruppe = tg, name[: -len(tg)].rstrip(" ;:-–")
        if table.tiltaksgruppe not in known_tg or table.hovedgruppe not in known_hg | {""}:
            raise Refused(f"a group NAV does not use: {table.name!r}")
    pairs = [(t.tiltaksgruppe, t.hovedgruppe) for t in tables]
    if len(set(pairs)) != len(pairs):
        raise Refused("a table twice")


class PlainExport:
    """A whole export as a plain reading sees it; raises Refused for anything else."""

    def __init__(self, data: bytes) -> None:
        tables, trailing = _tables(decode(data))
        headings = {h for t in tables for h in (t.title, t.subtitle) if h}
        for text in trailing:
            text = " ".join(text.split())
            if _period(text) or any(h.startswith(text) for h in headings):
                raise Refused("the file ends inside a table heading")
        if len({t.period for t in tables}) != 1:
            raise Refused("tables of different periods")
        _name(tables)
        self.tables = tables
        self.months = months_of(tables[0].period)
        self.regions = list(dict.fromkeys(r for t in tables for r in t.rows))
        if not set(self.regions) & set(COUNTIES):
            raise Refused("no county")
        self.hovedgrupper = list(dict.fromkeys(t.hovedgruppe for t in tables if t.hovedgruppe))
        self.cells: dict[GridKey, Value] = {}
        for t in tables:
            for region, values in t.rows.items():
                for month, value in zip(t.months, values, strict=True):
                    self.cells[(month, region, t.tiltaksgruppe, t.hovedgruppe)] = value
        self._refuse_missing()

    def grid(self) -> dict[GridKey, Value]:
        """Every cell the site shows: printed, or 0 where the export leaves it out."""
        groups = [t.tiltaksgruppe for t in self.tables if not t.hovedgruppe]
        return {
            (month, region, tg, hg): self.cells.get((month, region, tg, hg), 0)
            for month in self.months
            for region in self.regions
            for tg in groups
            for hg in ["", *self.hovedgrupper]
        }

    def _range(self, cells: list[Value | str]) -> tuple[int, int]:
        """The least and most a sum of cells can be: "*" is 0-3, a cell left out ("") 0."""
        low = sum(c for c in cells if isinstance(c, int))
        return low, low + 3 * sum(c is None for c in cells)

    def _refuse_missing(self) -> None:
        """A cell left out reads 0: where the printed cells beside it say it is not, refuse."""
        if not self.hovedgrupper:
            return
        for t in self.tables:
            if t.hovedgruppe:
                continue
            for region in self.regions:
                for month in self.months:
                    whole = self.cells.get((month, region, t.tiltaksgruppe, ""), "")
                    parts = [self.cells.get((month, region, t.tiltaksgruppe, hg), "")
                             for hg in self.hovedgrupper]  # fmt: skip
                    (low, high), (part_low, part_high) = self._range([whole]), self._range(parts)
                    if (low > part_high and "" in parts) or (part_low > high and whole == ""):
                        raise Refused(f"a table or row is missing: {t.name}, {region}, {month}")

    def failures(self) -> set[tuple[str, str, str, str]]:
        """(check, table key, region, month) of every sum that does not add up."""
        found = set()
        for t in self.tables:
            for month in self.months:
                parts = [self.cells.get((month, r, t.tiltaksgruppe, t.hovedgruppe), 0)
                         for r in self.regions if r != NATIONAL]  # fmt: skip
                total = self.cells.get((month, NATIONAL, t.tiltaksgruppe, t.hovedgruppe), 0)
                if not self._agree(parts, total):
                    found.add(("regions_sum_to_total", key(t.name), NATIONAL, month))
            if t.hovedgruppe or not self.hovedgrupper:
                continue
            for region in self.regions:
                for month in self.months:
                    parts = [self.cells.get((month, region, t.tiltaksgruppe, hg), 0)
                             for hg in self.hovedgrupper]  # fmt: skip
                    whole = self.cells.get((month, region, t.tiltaksgruppe, ""), 0)
                    if not self._agree(parts, whole):
                        found.add(("hovedgrupper_sum_to_tiltaksgruppe", key(t.name), region, month))
        return found

    def _agree(self, parts: list[Value], total: Value) -> bool:
        low, high = self._range(list(parts))
        total_low, total_high = self._range([total])
        return low <= total_high and total_low <= high
