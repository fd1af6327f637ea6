"""A mutation fuzzer: a damaged export is refused with one line, or publishes what it holds.

From the small fixture exports, several hundred seeded mutants are made: lines deleted,
doubled or swapped, characters replaced, numbers changed, the encoding and line ends changed,
the bytes cut off or replaced. Each is read as the build reads it (reader, dataset, checks;
no pages or charts) and its outcome must be one of:

- a clean error: an ExportError or BuildError of one line, which the CLI prints without a
  traceback;
- a dataset whose every cell equals what a plain, independent reading of the same bytes
  (``PlainExport`` in tests/export_oracle.py) says the file holds, zeros for what it leaves
  out included, with a warning for exactly the sums that do not add up.

Anything else fails: another exception (a crash), a case that runs over its bound (a hang), or
a build that publishes a file the plain reader refuses or numbers it does not read there (a
silent change). ``python3 -m pytest -s tests/test_fuzz.py`` prints the counts and every bad
case; ``PYTHONPATH=. python3 tests/test_fuzz.py 5000`` runs more cases.
"""

from __future__ import annotations

import random
import re
import signal
import sys
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from export_oracle import PlainExport, Refused, key

from generator.dataset.checks import run_checks
from generator.dataset.grid import build_dataset
from generator.errors import BuildError
from generator.source.regions import default_catalog
from generator.source.text_export import read_export

TESTS = Path(__file__).resolve().parent
EXPORTS = TESTS / "exports"
FIXTURES = [EXPORTS / "small.txt", EXPORTS / "small-excel-quoted.txt", EXPORTS / "small-tight.txt",
            *sorted((EXPORTS / "reform").glob("*.txt"))]  # fmt: skip
CASES = 600
SEED = 2017
BOUND = 20  # seconds one case may take; a case takes some 20 ms
ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "cp1252"]
NEWLINES = ["\n", "\r\n", "\r"]
CHARACTERS = "aeiouæøåAEØÅ0123456789* ,.-\t\u00a0\"';|"
NUMBER = re.compile(r"\d+(?: \d{3})*|\*")


# ---- making the mutants ------------------------------------------------------------------------


def _line(lines: list[str], rng: random.Random) -> int:
    """A line to damage: mostly one with text, sometimes a blank one."""
    filled = [i for i, line in enumerate(lines) if line.strip()]
    return rng.choice(filled) if filled and rng.random() < 0.85 else rng.randrange(len(lines))


def delete_line(lines: list[str], rng: random.Random) -> str:
    i = _line(lines, rng)
    return f"delete line {i + 1} {lines.pop(i)!r}"


def double_line(lines: list[str], rng: random.Random) -> str:
    i = _line(lines, rng)
    lines.insert(i, lines[i])
    return f"double line {i + 1} {lines[i]!r}"


def swap_near(lines: list[str], rng: random.Random) -> str:
    i = _line(lines, rng)
    j = min(len(lines) - 1, i + rng.randint(1, 8))
    lines[i], lines[j] = lines[j], lines[i]
    return f"swap lines {i + 1} and {j + 1}"


def swap_far(lines: list[str], rng: random.Random) -> str:
    i, j = _line(lines, rng), _line(lines, rng)
    lines[i], lines[j] = lines[j], lines[i]
    return f"swap lines {i + 1} and {j + 1}"


def replace_character(lines: list[str], rng: random.Random) -> str:
    i = _line(lines, rng)
    if not lines[i]:
        return delete_line(lines, rng)
    at, new = rng.randrange(len(lines[i])), rng.choice(CHARACTERS)
    old, lines[i] = lines[i][at], lines[i][:at] + new + lines[i][at + 1 :]
    return f"line {i + 1}: {old!r} at {at} becomes {new!r}"


def change_number(lines: list[str], rng: random.Random) -> str:
    found = [(i, m) for i, line in enumerate(lines) for m in NUMBER.finditer(line)]
    i, match = rng.choice(found)
    old = match.group()
    digits = old.replace(" ", "")
    new = rng.choice(
        ["*", "0", "4", digits + "0", digits[:-1] or "1", str(int(digits) + rng.choice([1, -1, 9]))]
        if old != "*"
        else ["0", "1", "3", "4", "12"]
    )
    lines[i] = lines[i][: match.start()] + new.replace("-", "") + lines[i][match.end() :]
    return f"line {i + 1}: {old!r} becomes {new!r}"


def cut(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    at = rng.randrange(1, len(data))
    return data[:at], f"cut at byte {at} of {len(data)}"


def replace_byte(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    at, new = rng.randrange(len(data)), rng.randrange(256)
    return data[:at] + bytes([new]) + data[at + 1 :], f"byte {at} becomes 0x{new:02x}"


LINE_DAMAGE: list[Callable[[list[str], random.Random], str]] = [
    delete_line, double_line, swap_near, swap_far, replace_character, change_number,
    change_number,
]  # fmt: skip
BYTE_DAMAGE = [cut, replace_byte]


@dataclass(frozen=True)
class Mutant:
    index: int
    fixture: str
    steps: tuple[str, ...]
    data: bytes

    def __str__(self) -> str:
        return f"case {self.index} ({self.fixture}: {'; '.join(self.steps)})"


def mutant(index: int) -> Mutant:
    """Case ``index``: one to three kinds of damage to a fixture, the same on every run."""
    rng = random.Random(SEED * 100_000 + index)
    fixture = FIXTURES[index % len(FIXTURES)]
    raw = fixture.read_bytes()
    text = raw.decode("utf-16") if raw.startswith(b"\xff\xfe") else raw.decode("utf-8")
    lines = text.replace("\r\n", "\n").split("\n")
    steps = [rng.choice(LINE_DAMAGE)(lines, rng) for _ in range(rng.choice([0, 1, 1, 1, 2, 3]))]
    encoding, newline = "utf-8", "\n"
    if rng.random() < 0.4:
        encoding, newline = rng.choice(ENCODINGS), rng.choice(NEWLINES)
        steps.append(f"saved as {encoding} with {newline!r}")
    text = newline.join(lines)
    try:
        data = text.encode(encoding)
    except UnicodeEncodeError:
        data = text.encode("utf-8")
    if not steps or rng.random() < 0.2:
        data, step = rng.choice(BYTE_DAMAGE)(data, rng)
        steps.append(step)
    return Mutant(index, fixture.relative_to(TESTS).as_posix(), tuple(steps), data)


# ---- what became of each ----------------------------------------------------------------------


class Hang(BaseException):
    """A case ran over its bound (a BaseException, so no ``except Exception`` swallows it)."""


@contextmanager
def bounded(seconds: float) -> Iterator[None]:
    def stop(signum, frame):
        raise Hang

    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


Published = tuple[dict[tuple[str, str, str, str], int | None], set[tuple[str, str, str, str]]]


def publish(path: Path) -> Published:
    """What the build would publish from one export: every cell of its grid, and its warnings."""
    data = build_dataset([read_export(path)], default_catalog())
    results = run_checks(data)
    frame = data.frame
    cells = {
        (month, region, key(tg), key(hg)): None if hidden else int(value)
        for month, region, tg, hg, value, hidden in zip(
            frame["periode"], frame["region"], frame["tiltaksgruppe"], frame["hovedgruppe"],
            frame["deltakere"].tolist(), frame["skjult"], strict=True,
        )
    }  # fmt: skip
    warnings = {(f.check, key(f.table), f.region, f.month) for r in results for f in r.failures}
    return cells, warnings


def _difference(published: Published, plain: PlainExport) -> str:
    cells, warnings = published
    grid = plain.grid()
    if cells != grid:
        cell = next(
            k for k in sorted(set(cells) | set(grid)) if cells.get(k, "-") != grid.get(k, "-")
        )
        return f"publishes {cells.get(cell, 'no cell')} at {cell}, the file holds {grid.get(cell)}"
    if warnings != plain.failures():
        return f"warns of {sorted(warnings ^ plain.failures())[:2]} (the sums say otherwise)"
    return ""


def outcome(path: Path, data: bytes) -> tuple[str, str]:
    """(kind, detail) of one file: clean error, warned, silent equal, crash, hang or mismatch."""
    path.write_bytes(data)
    try:
        with bounded(BOUND):
            published = publish(path)
    except Hang:
        return "hang", f"over {BOUND} s"
    except BuildError as error:
        if "\n" in str(error):
            return "crash", f"an error of more than one line: {error!r}"
        return "clean error", str(error)
    except Exception as error:  # what the fuzzer is for
        return "crash", f"{type(error).__name__}: {error}"
    try:
        plain = PlainExport(data)
    except Refused as refusal:
        return "mismatch", f"published a file the plain reader refuses: {refusal}"
    difference = _difference(published, plain)
    if difference:
        return "mismatch", difference
    return ("warned" if published[1] else "silent equal"), ""


@dataclass
class Tally:
    counts: Counter[str] = field(default_factory=Counter)
    bad: list[str] = field(default_factory=list)

    def add(self, case: Mutant, kind: str, detail: str) -> None:
        self.counts[kind] += 1
        if kind in ("crash", "hang", "mismatch"):
            self.bad.append(f"{kind}: {case}: {detail}")

    def report(self) -> str:
        c = self.counts
        return (
            f"{sum(c.values())} cases: {c['clean error']} clean errors, {c['warned']} with "
            f"warnings, {c['silent equal']} silent successes checked equal, {c['crash']} crashes, "
            f"{c['hang']} hangs, {c['mismatch']} silent mismatches"
        ) + "".join(f"\n  {line}" for line in self.bad)


def fuzz(cases: int, folder: Path) -> Tally:
    tally = Tally()
    path = folder / "export.txt"
    for index in range(cases):
        case = mutant(index)
        tally.add(case, *outcome(path, case.data))
    return tally


# ---- the tests --------------------------------------------------------------------------------


def test_mutated_exports_are_refused_or_publish_what_they_hold(tmp_path: Path):
    tally = fuzz(CASES, tmp_path)
    print(tally.report())
    counts = tally.counts
    assert (counts["crash"], counts["hang"], counts["mismatch"]) == (0, 0, 0), tally.report()
    assert sum(counts.values()) == CASES
    # The damage reaches every outcome, so none of the three is checked vacuously.
    assert min(counts["clean error"], counts["warned"], counts["silent equal"]) >= CASES // 60


@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda p: p.name)
def test_the_plain_reader_reads_every_fixture_as_the_build_does(fixture: Path, tmp_path: Path):
    assert outcome(tmp_path / fixture.name, fixture.read_bytes()) == ("silent equal", "")


def test_the_fuzzer_tells_a_silent_change(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """With the group-name checks switched off, the doubled name line is a silent mismatch."""
    from generator.source import groups

    lines = FIXTURES[0].read_text("utf-8").split("\n")
    lines.insert(50, lines[50])
    data = "\n".join(lines).encode("utf-8")
    assert outcome(tmp_path / "export.txt", data)[0] == "clean error"
    monkeypatch.setattr(groups, "group_names_known", lambda tables, names: None)
    monkeypatch.setattr(groups, "totals_name_their_tables", lambda tables: None)
    kind, detail = outcome(tmp_path / "export.txt", data)
    assert kind == "mismatch"
    assert detail.startswith("published a file the plain reader refuses: total 'I alt arbeid")


def test_a_county_above_a_hidden_national_total_plans_its_page(tmp_path: Path):
    """Found by the fuzzer: the dataset warns (its regions exceed "I alt"), the plan crashes."""
    from generator.plan.pages import PageBuilder

    text = FIXTURES[0].read_text("utf-8").replace("I alt opplæring\t1 210", "I alt opplæring\t*")
    path = tmp_path / "export.txt"
    path.write_text(text, "utf-8")
    cells, warnings = publish(path)
    assert cells[("2017-01", "Hele landet", "opplæring", "")] is None and warnings
    data = build_dataset([read_export(path)], default_catalog())
    builder = PageBuilder(data, lambda page_path: "")
    assert [page.path for page in builder.iter_pages()]


def test_the_mutants_are_the_same_on_every_run():
    assert [mutant(i) for i in range(20)] == [mutant(i) for i in range(20)]


if __name__ == "__main__":
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        print(fuzz(int(sys.argv[1]) if len(sys.argv) > 1 else CASES, Path(folder)).report())
