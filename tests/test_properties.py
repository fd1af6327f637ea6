"""Property-based tests of the reader: random valid exports read back exactly, and random damage
is either read or refused with the project's own error, never another exception.

The exports are written here in NAV's layout from plain data, independently of the reader, with
the variations real files show: encodings, line ends, blank lines, wrapped group names,
thousands separators, quoted and tab-padded cells, with or without a final newline. The runs
are derandomized so CI sees the same examples every time.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from generator.dataset.checks import run_checks
from generator.dataset.grid import build_dataset
from generator.errors import BuildError, ExportError
from generator.source.groups import GroupNames, default_group_names, group_key
from generator.source.regions import default_catalog, slugify
from generator.source.tables import MONTH_NUMBERS
from generator.source.text_export import read_export

SETTINGS = {
    "deadline": None,
    "derandomize": True,
    "database": None,
    "suppress_health_check": [HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
}
ROUND_TRIP_EXAMPLES = 100
DAMAGE_EXAMPLES = 300

MONTHS = ["Januar", "Februar", "Mars", "April", "Mai", "Juni", "Juli", "August", "September",
          "Oktober", "November", "Desember"]  # fmt: skip
# Counties of 2010–2017 and NAV's two pseudo-regions, as NAV prints them.
REGIONS = ["Østfold", "Akershus", "Oslo", "Hedmark", "Oppland", "Buskerud", "Vestfold",
           "Telemark", "Aust-Agder", "Vest-Agder", "Rogaland", "Hordaland", "Sogn og Fjordane",
           "Møre og Romsdal", "Sør-Trøndelag", "Nord-Trøndelag", "Nordland", "Troms",
           "Finnmark", "Øvrige områder", "Ukjent"]  # fmt: skip
COUNTIES = REGIONS[:-2]
NAV_TILTAKSGRUPPER = [g[0] for g in default_group_names().tiltaksgrupper]
NAV_HOVEDGRUPPER = [g[0] for g in default_group_names().hovedgrupper]
TITLE = "Deltakere i arbeidsrettede tiltak. Tiltaksgruppe og fylke. Tidsserie måned"
WHOLE = "Fylke og tiltaksgruppe"
SPLIT = "Fylke, hovedgrupper og tiltaksgrupper"
ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "utf-16-be", "cp1252"]
NEWLINES = ["\n", "\r\n", "\r"]
THOUSANDS = [" ", "\u00a0", ""]


# ---- the data of an export --------------------------------------------------------------------


@dataclass(frozen=True)
class TableData:
    tiltaksgruppe: str
    hovedgruppe: str  # "" for the table of all hovedgrupper
    months: tuple[str, ...]  # "YYYY-MM" in header order
    total: tuple[int | None, ...]
    rows: tuple[tuple[str, tuple[int | None, ...]], ...]

    @property
    def name(self) -> str:
        if not self.hovedgruppe:
            return self.tiltaksgruppe
        return f"{self.hovedgruppe}, {self.tiltaksgruppe[0].lower()}{self.tiltaksgruppe[1:]}"


@dataclass(frozen=True)
class ExportData:
    first: tuple[int, int]  # (year, month) of the period
    length: int  # months in the period
    tables: tuple[TableData, ...]

    @property
    def months(self) -> list[str]:
        year, month = self.first
        out = []
        for _ in range(self.length):
            out.append(f"{year:04d}-{month:02d}")
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return out

    @property
    def names(self) -> GroupNames:
        """The names NAV uses and this export's own, which the reader is told to take."""
        return default_group_names().with_names(
            [t.tiltaksgruppe for t in self.tables], [t.hovedgruppe for t in self.tables]
        )

    @property
    def period_line(self) -> str:
        first, last = self.months[0], self.months[-1]
        name = lambda m: MONTHS[int(m[5:]) - 1]  # noqa: E731
        if first == last:
            return f"{name(first)} {first[:4]}"
        if first[:4] == last[:4]:
            return f"{name(first)} - {name(last)} {last[:4]}"
        return f"{name(first)} {first[:4]} - {name(last)} {last[:4]}"


@dataclass(frozen=True)
class Layout:
    """How the export is written: the variations of real files, none of which changes the data."""

    encoding: str
    newline: str
    blank: int  # blank lines between the parts of a heading
    gap: int  # blank lines between tables
    blank_before_header: bool
    thousands: str
    quote_labels: bool
    pad_tabs: int  # tabs a spreadsheet adds to the end of every line
    final_newline: bool
    about_block: bool  # NAV's "Om tabellene" block first
    wrap_at: int  # wrap group names after this many words (0: never)


LETTERS = "abcdefghijklmnopqrstuvwxyzæøå"
word = st.text(LETTERS, min_size=2, max_size=9)
odd_word = st.sampled_from(["<b>", "&", '"x', "y'", "(z)", "a/b", "x-y", "Ø"])


@st.composite
def group_name(draw) -> str:
    """A name of one to four words, capitalised, with a few characters HTML must escape."""
    words = draw(st.lists(st.one_of(word, word, word, odd_word), min_size=1, max_size=4))
    first = draw(word)
    return " ".join([first[0].upper() + first[1:], *words])


count = st.one_of(st.none(), st.integers(4, 3_000_000), st.integers(4, 999))  # NAV hides 0-3


@st.composite
def table_data(draw, tg: str, hg: str, months: list[str]) -> TableData:
    chosen = draw(st.lists(st.sampled_from(months), min_size=1, unique=True))
    header = tuple(m for m in months if m in chosen)
    regions = draw(st.lists(st.sampled_from(REGIONS), unique=True, max_size=6))
    values = st.tuples(*[count] * len(header))
    return TableData(
        tg,
        hg,
        header,
        draw(values),
        tuple((region, draw(values)) for region in regions),
    )


@st.composite
def export_data(draw) -> ExportData:
    year = draw(st.integers(2010, 2016))
    month = draw(st.integers(1, 12))
    length = draw(st.integers(1, 12))
    months = ExportData((year, month), length, ()).months
    tiltaksgruppe = st.one_of(st.sampled_from(NAV_TILTAKSGRUPPER), group_name())
    hovedgruppe = st.one_of(st.sampled_from(NAV_HOVEDGRUPPER), group_name())
    groups = draw(st.lists(tiltaksgruppe, min_size=1, max_size=3, unique_by=lambda n: slugify(n)))
    mains = draw(st.lists(hovedgruppe, max_size=2, unique_by=group_key))
    tables = [draw(table_data(tg, "", months)) for tg in groups]
    if not any(label in COUNTIES for t in tables for label, _ in t.rows):
        first = tables[0]  # an export by fylke has a county somewhere
        county = (draw(st.sampled_from(COUNTIES)), tuple(None for _ in first.months))
        tables[0] = TableData(first.tiltaksgruppe, "", first.months, first.total, (county,))
    for hg in mains:
        for tg in draw(st.lists(st.sampled_from(groups), unique=True, max_size=len(groups))):
            tables.append(draw(table_data(tg, hg, months)))
    return ExportData((year, month), length, tuple(tables))


layouts = st.builds(
    Layout,
    encoding=st.sampled_from(ENCODINGS),
    newline=st.sampled_from(NEWLINES),
    blank=st.integers(1, 2),
    gap=st.integers(1, 4),
    blank_before_header=st.booleans(),
    thousands=st.sampled_from(THOUSANDS),
    quote_labels=st.booleans(),
    pad_tabs=st.sampled_from([0, 0, 3]),
    final_newline=st.booleans(),
    about_block=st.booleans(),
    wrap_at=st.integers(0, 3),
)


# ---- writing it in NAV's layout ---------------------------------------------------------------


def fmt(value: int | None, thousands: str) -> str:
    if value is None:
        return "*"
    return f"{value:,}".replace(",", thousands)


def wrapped(name: str, every: int) -> list[str]:
    words = name.split(" ")
    if not every or len(words) <= every:
        return [name]
    return [" ".join(words[i : i + every]) for i in range(0, len(words), every)]


def export_text(data: ExportData, layout: Layout) -> str:
    blank = [""] * layout.blank
    lines: list[str] = []
    if layout.about_block:
        lines += [TITLE, *blank, "Om tabellene", *blank, data.period_line, *blank,
                  "I henhold til Statistikklovens § 2-6 ...", *[""] * layout.gap]  # fmt: skip
    for table in data.tables:
        month_names = [MONTHS[int(m[5:]) - 1] for m in table.months]
        label = lambda text: f'"{text}"' if layout.quote_labels else text  # noqa: E731
        rows = [("\t" + "\t".join(month_names)).rstrip("\t")]
        total_label = f"I alt {table.name[0].lower()}{table.name[1:]}"
        for name, values in [(total_label, table.total), *table.rows]:
            rows.append("\t".join([label(name), *(fmt(v, layout.thousands) for v in values)]))
        lines += [TITLE, *blank, SPLIT if table.hovedgruppe else WHOLE, *blank,
                  data.period_line, *blank, *wrapped(table.name, layout.wrap_at)]  # fmt: skip
        lines += blank if layout.blank_before_header else []
        lines += rows
        lines += [""] * layout.gap
    while lines and not lines[-1]:
        lines.pop()
    if layout.pad_tabs:
        lines = [line + "\t" * layout.pad_tabs for line in lines]
    text = layout.newline.join(lines)
    return text + layout.newline if layout.final_newline else text


def export_bytes(data: ExportData, layout: Layout) -> bytes:
    return export_text(data, layout).encode(layout.encoding)


def read_back(path: Path, names: GroupNames) -> list[TableData]:
    export = read_export(path, names)
    return [
        TableData(
            t.tiltaksgruppe,
            t.hovedgruppe,
            tuple(t.months),
            tuple(t.total.values),
            tuple((r.label, tuple(r.values)) for r in t.rows),
        )
        for t in export.tables
    ]


# ---- the properties --------------------------------------------------------------------------


@settings(max_examples=ROUND_TRIP_EXAMPLES, **SETTINGS)
@given(data=export_data(), layout=layouts)
def test_a_valid_export_reads_back_exactly(data: ExportData, layout: Layout, tmp_path: Path):
    path = tmp_path / "export.txt"
    path.write_bytes(export_bytes(data, layout))
    assert read_back(path, data.names) == list(data.tables)
    dataset = build_dataset([read_export(path, data.names)], default_catalog())
    assert dataset.months == data.months
    hidden = sum(v is None for t in data.tables for _, vs in [("", t.total), *t.rows] for v in vs)
    assert int(dataset.frame["skjult"].sum()) == hidden


# Where damage strikes, as a fraction of the file. Hypothesis favours the simplest draws (0, the
# smallest numbers), which would cut most files to nothing; scrambling spreads them over the file.
FRACTION = st.integers(0, 999).map(lambda n: (n * 7919 + 500) % 1000 / 1000)
BYTE_DAMAGE = {"cut", "inject", "flip", "drop_bytes", "bom_inside"}


@st.composite
def damage(draw):
    """One kind of damage, with where it strikes as fractions of the file or line."""
    kind = draw(
        st.sampled_from(
            ["letter_in_number", "cut", "swap_lines", "inject", "drop_line", "flip",
             "double_line", "drop_bytes", "swap_cells", "separator", "all_separators",
             "newlines", "bom_inside", "stray_text"]
        )
    )  # fmt: skip
    where = draw(FRACTION)
    other = draw(FRACTION)
    junk = draw(st.binary(min_size=1, max_size=8))
    separator = draw(st.sampled_from([";", ",", " ", "", "  ", "\t\t", "|"]))
    return kind, where, other, junk, separator


def apply(text: str, raw: bytes, encoding: str, hit) -> tuple[str, bytes]:
    """Damage the file; text-level damage is encoded again, byte-level damage is final."""
    kind, where, other, junk, separator = hit
    lines = text.split("\n")
    at = min(int(where * len(lines)), len(lines) - 1)
    to = min(int(other * len(lines)), len(lines) - 1)
    position = int(where * len(raw))
    if kind == "cut":
        return text, raw[:position]
    if kind == "inject":
        return text, raw[:position] + junk + raw[position:]
    if kind == "flip" and raw:
        index = min(position, len(raw) - 1)
        return text, raw[:index] + bytes([raw[index] ^ junk[0]]) + raw[index + 1 :]
    if kind == "drop_bytes":
        return text, raw[:position] + raw[position + 1 + int(other * 40) :]
    if kind == "bom_inside":
        return text, raw[:position] + "\ufeff".encode("utf-8") + raw[position:]
    if kind == "swap_lines":
        lines[at], lines[to] = lines[to], lines[at]
    elif kind == "drop_line":
        del lines[at]
    elif kind == "double_line":
        lines.insert(at, lines[at])
    elif kind == "swap_cells":
        cells = lines[at].split("\t")
        i, j = int(other * len(cells)) % len(cells), (int(other * len(cells)) + 1) % len(cells)
        cells[i], cells[j] = cells[j], cells[i]
        lines[at] = "\t".join(cells)
    elif kind == "separator":
        lines[at] = lines[at].replace("\t", separator)
    elif kind == "all_separators":
        lines = [line.replace("\t", separator) for line in lines]
    elif kind == "letter_in_number":
        lines[at] = lines[at].replace("0", "O", 1).replace("1", "l", 1)
    elif kind == "newlines":
        lines[at] = lines[at] + "\r"
    elif kind == "stray_text":
        lines.insert(at, junk.decode("latin-1").replace("\n", " "))
    damaged = "\n".join(lines)
    try:
        return damaged, damaged.encode(encoding)
    except UnicodeEncodeError:
        return damaged, damaged.encode("utf-8")


def check_invariants(path: Path, names: GroupNames | None = None) -> None:
    """What every stage after the reader relies on, for whatever the reader accepted."""
    export = read_export(path, names)
    assert export.tables
    for table in export.tables:
        assert table.tiltaksgruppe and slugify(table.tiltaksgruppe)
        assert table.total is not None
        assert table.months and len(set(table.months)) == len(table.months)
        assert set(table.months) <= set(table.period.months)
        for row in [table.total, *table.rows]:
            assert len(row.values) == len(table.months)
            assert all(v is None or (isinstance(v, int) and v >= 0) for v in row.values)
    dataset = build_dataset([export], default_catalog())
    run_checks(dataset)


@settings(max_examples=DAMAGE_EXAMPLES, **SETTINGS)
@given(
    data=export_data(),
    layout=layouts,
    hits=st.lists(damage(), min_size=1, max_size=3),
)
def test_damaged_export_is_read_or_refused_with_our_error(
    data: ExportData, layout: Layout, hits, tmp_path: Path
):
    text = export_text(data, layout).replace(layout.newline, "\n")
    raw = export_bytes(data, layout)
    for hit in sorted(hits, key=lambda h: h[0] in BYTE_DAMAGE):  # text first, bytes last
        text, raw = apply(text, raw, layout.encoding, hit)
    path = tmp_path / "damaged.txt"
    path.write_bytes(raw)
    try:
        check_invariants(path, data.names)
        event("read")
    except ExportError as exc:
        event(f"refused: {exc.message.split(':')[0][:40]}")
        assert "\n" not in str(exc) and exc.path == path
    except BuildError as exc:
        assert "\n" not in str(exc)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "\t",
        "\tJanuar",
        "Januar 2017\n\nX\n\n\tJanuar\nI alt x\t5\nOslo\t5\nOslo\t5",
        "Januar 2017\nX\n\tJanuar\tJanuar\nI alt x\t5\t5",
        "Desember 2017 - Januar 2017\nX\n\tJanuar\nI alt x\t5",
        "Januar 2017\nX\n\tJanuar\nI alt x\t5\nI alt x\t5",
        "Fylke, hovedgrupper og tiltaksgrupper\nJanuar 2017\nAndre, x\n\tJanuar\nI alt x\t5",
    ],
)
def test_tiny_broken_files_are_refused_with_our_error(text: str, tmp_path: Path):
    """Hand-picked corners the random damage may not reach."""
    path = tmp_path / "tiny.txt"
    path.write_text(text, "utf-8")
    with pytest.raises(BuildError):
        check_invariants(path)


def test_month_names_in_the_writer_are_the_readers():
    assert all(MONTH_NUMBERS[m.lower()] == i for i, m in enumerate(MONTHS, start=1))
