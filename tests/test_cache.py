"""The cache checks itself and is never fatal: an entry that does not verify (edited, or another
entry's file copied over it) is made again and reported; a cache path that cannot be read or
written (a directory where a file belongs, a file where a folder belongs, a full disk) is
bypassed. The published site is always the one a clean build makes."""

from __future__ import annotations

import dataclasses
import datetime
import errno
import json
import shutil
import subprocess
from pathlib import Path

import pytest
from cli_support import run_cli
from conftest import build_undrawn

from generator.cache import DiskCache
from generator.config import BuildConfig
from generator.output import excel, schema
from generator.output.kept_workbooks import KeptWorkbooks, workbook_key

ROOT = Path(__file__).resolve().parent.parent
EXPORTS = ROOT / "tests" / "exports"


def make_content(root: Path) -> Path:
    content = root / "content"
    content.mkdir(parents=True)
    shutil.copy(EXPORTS / "small.txt", content / "small.txt")
    (content / "om-statistikken.md").write_text("# Om statistikken\n\nTekst.\n", "utf-8")
    return content


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def entries(cache: Path, store: str = "charts") -> list[Path]:
    return sorted((cache / store).rglob("*.json"))


class Built:
    """Builds of one content folder with one cache, each into a new output folder."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.content = make_content(root)
        self.cache = root / ".cache"
        self.count = 0
        self.notes: list[str] = []

    def build(self, *, clean: bool = False, out: Path | None = None) -> dict[str, bytes]:
        self.count += 1
        out = out or self.root / f"site{self.count}"
        self.notes = []
        config = BuildConfig(content=self.content, out=out, clean=clean, cache=self.cache)
        build_undrawn(config, notice=self.notes.append)
        return snapshot(out)


@pytest.fixture(scope="module")
def clean_site(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """What a clean build without any cache publishes."""
    root = tmp_path_factory.mktemp("clean")
    out = root / "site"
    build_undrawn(BuildConfig(content=make_content(root), out=out, clean=True, cache=None))
    return snapshot(out)


@pytest.fixture(scope="module")
def filled_cache(tmp_path_factory: pytest.TempPathFactory, clean_site: dict[str, bytes]) -> Path:
    """The cache one build of the content filled: it publishes what a clean build does and
    reports nothing."""
    project = Built(tmp_path_factory.mktemp("filled"))
    assert project.build() == clean_site
    assert project.notes == []
    assert len(entries(project.cache)) > 2
    return project.cache


@pytest.fixture
def built(tmp_path: Path, clean_site: dict[str, bytes], filled_cache: Path) -> Built:
    """A project whose cache a build filled, a copy of filled_cache for the test to damage (it
    leaves out the record of that build, which names another output folder), built once more:
    a build from a whole cache publishes what a clean build does and reports nothing."""
    project = Built(tmp_path)
    shutil.copytree(filled_cache, project.cache, ignore=shutil.ignore_patterns("builds"))
    assert project.build() == clean_site
    assert project.notes == []
    return project


def _edit_svg_byte(entry: Path) -> None:
    data = entry.read_bytes()
    at = data.index(b"<svg") + 1
    entry.write_bytes(data[:at] + data[at : at + 3].upper() + data[at + 3 :])
    json.loads(entry.read_bytes())  # still valid JSON, only wrong


def test_an_edited_chart_is_made_again_and_reported(built: Built, clean_site) -> None:
    _edit_svg_byte(entries(built.cache)[0])
    assert built.build() == clean_site
    assert len(built.notes) == 1 and "1 cached chart" in built.notes[0], built.notes
    assert built.build() == clean_site, "the entry was repaired"
    assert built.notes == []


def test_an_entry_copied_over_another_is_made_again_and_reported(built: Built, clean_site):
    first, second, *_ = entries(built.cache)
    shutil.copy(first, second)
    assert built.build() == clean_site
    assert len(built.notes) == 1 and "1 cached chart" in built.notes[0], built.notes
    assert built.build() == clean_site
    assert built.notes == []


def test_every_entry_damaged_is_one_note(built: Built, clean_site) -> None:
    charts = entries(built.cache)
    for entry in charts[:-1]:
        shutil.copy(charts[-1], entry)
    _edit_svg_byte(charts[-1])
    assert built.build() == clean_site
    assert len(built.notes) == 1 and f"{len(charts)} cached charts" in built.notes[0]


@pytest.mark.parametrize("clean", [False, True])
def test_a_directory_in_place_of_an_entry_is_bypassed(built: Built, clean_site, clean):
    entry = entries(built.cache)[0]
    entry.unlink()
    (entry / "inside").mkdir(parents=True)
    assert built.build(clean=clean) == clean_site
    assert built.build(clean=clean) == clean_site
    assert (entry / "inside").is_dir(), "the cache never removes what it did not write"
    assert any("could not be stored" in note for note in built.notes), built.notes


def test_a_file_in_place_of_the_cache_folder_is_bypassed(tmp_path: Path, clean_site) -> None:
    project = Built(tmp_path)
    project.cache.write_text("not a folder", "utf-8")
    assert project.build() == clean_site
    assert project.build(clean=True) == clean_site
    assert project.cache.read_text("utf-8") == "not a folder"
    assert project.notes and all("could not be stored" in note for note in project.notes)


def test_a_file_in_place_of_an_entry_folder_is_bypassed(built: Built, clean_site) -> None:
    for folder in (built.cache / "charts").iterdir():
        shutil.rmtree(folder)
        folder.write_text("", "utf-8")
    assert built.build() == clean_site
    assert any("could not be stored" in note for note in built.notes)


def test_an_unreadable_entry_is_made_again(built: Built, clean_site, monkeypatch) -> None:
    """Tests run as root, which reads anything: the refusal is simulated."""
    real = Path.read_bytes

    def refuse(path: Path) -> bytes:
        if built.cache in path.parents:
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(Path, "read_bytes", refuse)
    assert built.build() == clean_site
    assert any("could not be read" in note for note in built.notes), built.notes


def test_a_full_disk_only_leaves_the_cache_unfilled(tmp_path: Path, clean_site, monkeypatch):
    project = Built(tmp_path)
    real = Path.write_text

    def full(path: Path, *args, **kwargs) -> int:
        if project.cache in path.parents:
            path.write_bytes(b"{")  # a part written, as on a full disk
            raise OSError(errno.ENOSPC, "No space left on device", str(path))
        return real(path, *args, **kwargs)

    monkeypatch.setattr(Path, "write_text", full)
    assert project.build() == clean_site
    assert any("No space left on device" in note for note in project.notes), project.notes
    assert not [p for p in project.cache.rglob("*") if p.is_file()], "no partial entries"


def test_an_edited_workbook_is_written_again_and_reported(built: Built, clean_site) -> None:
    books = entries(built.cache, "workbooks")
    assert books, "the build kept no workbook"
    entry = books[0]
    data = json.loads(entry.read_bytes())
    content = data["value"]["content"]
    data["value"]["content"] = content[:40] + ("A" if content[40] != "A" else "B") + content[41:]
    entry.write_text(json.dumps(data), "utf-8")
    assert built.build() == clean_site
    assert built.notes == [
        f"1 cached workbook in {built.cache / 'workbooks'} did not verify (changed since "
        "stored, or another's copied over); it was made again"
    ]
    assert built.build() == clean_site, "the entry was repaired"
    assert built.notes == []


# ---- kept workbooks ---------------------------------------------------------------------------

ABOUT = excel.About("Tabell", "januar 2017", "januar 2017", datetime.date(2017, 1, 31))
RECORDS = [["Oslo", "2017-01", 1200, None, None, False, "1 200"], ["Oslo", "2017-02", None, 0, 3,
           True, "*"]]  # fmt: skip


def test_a_kept_workbook_is_the_one_excel_writes(tmp_path: Path) -> None:
    written = excel.workbook(schema.TABLE, RECORDS, ABOUT, "skjult")
    first = KeptWorkbooks(tmp_path).workbook(schema.TABLE, RECORDS, ABOUT, "skjult")
    kept = KeptWorkbooks(tmp_path).workbook(schema.TABLE, RECORDS, ABOUT, "skjult")
    assert first == written and kept == written
    assert len(list(tmp_path.rglob("*.json"))) == 1
    anew = KeptWorkbooks(tmp_path, read=False)  # --clean: written again, and kept
    assert anew.workbook(schema.TABLE, RECORDS, ABOUT, "skjult") == written
    assert anew.store is not None and anew.store.troubles() == []


def test_a_workbook_is_kept_under_everything_it_is_made_from() -> None:
    """Any change to what goes into a workbook gives another key, so no build is ever given a
    workbook made from other numbers or other text: a number, its type (a date and its text
    are written differently), the text about the numbers, the columns, the hidden flag's
    column."""
    key = workbook_key(schema.TABLE, RECORDS, ABOUT, "skjult")
    changed = [
        workbook_key(schema.TABLE, [RECORDS[0], [*RECORDS[1][:4], 4, *RECORDS[1][5:]]], ABOUT,
                     "skjult"),
        workbook_key(schema.TABLE, [[datetime.date(2017, 1, 1), *RECORDS[0][1:]]], ABOUT,
                     "skjult"),
        workbook_key(schema.TABLE, [["2017-01-01", *RECORDS[0][1:]]], ABOUT, "skjult"),
        workbook_key(schema.TABLE, RECORDS, dataclasses.replace(ABOUT, notes=("Brudd",)),
                     "skjult"),
        workbook_key(schema.TABLE, RECORDS, dataclasses.replace(ABOUT, next_update="1. mars"),
                     "skjult"),
        workbook_key(schema.DATASET[: len(schema.TABLE)], RECORDS, ABOUT, "skjult"),
        workbook_key(schema.TABLE, RECORDS, ABOUT, "tekst"),
    ]  # fmt: skip
    assert len({key, *changed}) == len(changed) + 1


# ---- the record of the last build -----------------------------------------------------------


def test_a_corrupt_build_record_means_a_full_build(built: Built, clean_site) -> None:
    out, before = built.root / "site", entries(built.cache, "builds")
    built.build(out=out)
    [record] = set(entries(built.cache, "builds")) - set(before)
    record.write_text(record.read_text("utf-8")[:-10], "utf-8")
    assert built.build(out=out) == clean_site
    assert built.build(out=out) == clean_site, "skipped: the record was written again"


@pytest.mark.parametrize("clean", [False, True])
def test_a_directory_in_place_of_the_build_record_is_bypassed(built: Built, clean_site, clean):
    out, before = built.root / "site", entries(built.cache, "builds")
    built.build(out=out)
    [record] = set(entries(built.cache, "builds")) - set(before)
    record.unlink()
    record.mkdir()
    assert built.build(out=out, clean=clean) == clean_site
    assert built.build(out=out, clean=clean) == clean_site
    assert record.is_dir()


# ---- the store itself -------------------------------------------------------------------------


def test_an_entry_holds_only_what_was_stored_under_its_key(tmp_path: Path) -> None:
    store = DiskCache(tmp_path)
    store.put("a" * 64, {"svg": "<svg/>"})
    store.put("b" * 64, {"svg": "<svg></svg>"})
    assert store.get("a" * 64) == {"svg": "<svg/>"}
    assert store.get("c" * 64) is None
    assert store.troubles() == []
    [first, second] = sorted(tmp_path.rglob("*.json"))
    shutil.copy(first, second)
    assert store.get("b" * 64) is None
    assert len(store.troubles()) == 1


def test_a_repaired_cache_is_reported_on_the_command_line(tmp_path: Path) -> None:
    """A repair is a note, not a warning: --strict still succeeds."""
    make_content(tmp_path)

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return run_cli(
            "build", "--strict", "--processes", "1", "--cache", ".cache", *args, cwd=tmp_path
        )

    first = run()
    assert first.returncode == 0 and not first.stderr, first.stderr
    _edit_svg_byte(entries(tmp_path / ".cache")[0])
    again = run("--out", "site2")
    assert again.returncode == 0, again.stderr
    assert again.stderr.startswith("note: ") and "made again" in again.stderr
    assert len(again.stderr.splitlines()) == 1
    assert "0 warnings" in again.stdout
    assert snapshot(tmp_path / "site2") == snapshot(tmp_path / "site")
