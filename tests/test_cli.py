"""The command line: one clean line per error, exit codes, --strict, and the old site kept."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from cli_support import run_cli, snapshot

from generator.config import CACHE_ENV

EXPORTS = Path(__file__).parent / "exports"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A content folder with the small export and an about page, built once into site/."""
    content = tmp_path / "content"
    content.mkdir()
    shutil.copy(EXPORTS / "small.txt", content / "small.txt")
    (content / "om-statistikken.md").write_text("# Om statistikken\n\nTekst.\n", "utf-8")
    result = run_cli("build", "--content", "content", "--out", "site", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    return tmp_path


def test_build_prints_a_one_line_summary(tmp_path: Path):
    content = tmp_path / "content"
    content.mkdir()
    shutil.copy(EXPORTS / "small.txt", content / "small.txt")
    result = run_cli("build", "--content", "content", "--out", "site", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 1
    assert re.fullmatch(
        r"built 5 pages, \d+ charts, 0 warnings, 0 revisions in [\d.]+ s → site/ "
        r"\(\d+ files written, 0 unchanged, 0 removed\)",
        lines[0],
    )
    assert (tmp_path / "site" / "index.html").is_file()
    assert (tmp_path / "site" / "fylke" / "oslo.html").is_file()
    assert (tmp_path / "site" / "tiltaksgruppe" / "opplaering.html").is_file()


def test_a_build_with_nothing_new_is_skipped(project: Path):
    result = run_cli("build", "--content", "content", "--out", "site", cwd=project)
    assert result.returncode == 0
    assert result.stdout.startswith("nothing changed since the last build: 6 pages")
    # A file changed by hand in the site is noticed, and the build runs again.
    (project / "site" / "index.html").write_text("changed by hand", "utf-8")
    result = run_cli("build", "--content", "content", "--out", "site", cwd=project)
    assert result.stdout.startswith("built 6 pages")
    assert "(1 files written" in result.stdout
    assert "<!doctype html>" in (project / "site" / "index.html").read_text("utf-8").lower()


def test_bad_input_gives_one_line_and_keeps_the_site(project: Path):
    before = snapshot(project / "site")
    path = project / "content" / "small.txt"
    path.write_text(path.read_text("utf-8").replace("Oslo\t1 000", "Oslo\t1 0O0", 1), "utf-8")
    result = run_cli("build", "--content", "content", "--out", "site", cwd=project)
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        "error: content/small.txt:24: '1 0O0' in column 2017-01 is not a count: "
        "expected digits (e.g. 18 344) or *"
    ]
    assert "Traceback" not in result.stderr
    assert snapshot(project / "site") == before


def test_verbose_shows_the_traceback(project: Path):
    (project / "content" / "small.txt").write_text("", "utf-8")
    result = run_cli("build", "--content", "content", "--out", "site", "--verbose", cwd=project)
    assert result.returncode == 1
    assert "Traceback" in result.stderr
    assert result.stderr.strip().endswith("expected NAV's tab-separated export")


def test_failed_check_warns_and_strict_fails(project: Path):
    path = project / "content" / "small.txt"
    path.write_text(
        path.read_text("utf-8").replace("I alt opplæring\t1 210", "I alt opplæring\t1 299"), "utf-8"
    )
    before = snapshot(project / "site")
    strict = run_cli("build", "--content", "content", "--out", "site", "--strict", cwd=project)
    assert strict.returncode == 1
    assert "check(s) failed (--strict)" in strict.stderr
    assert "regions_sum_to_total: table 'Opplæring'" in strict.stderr
    assert "2017-01: expected 1210, found 1299" in strict.stderr
    assert snapshot(project / "site") == before

    lenient = run_cli("build", "--content", "content", "--out", "site", cwd=project)
    assert lenient.returncode == 0
    assert "warning: regions_sum_to_total" in lenient.stderr
    assert ", 2 warnings, " in lenient.stdout  # both checks see the wrong total
    index = (project / "site" / "index.html").read_text("utf-8")
    assert "fant avvik" in index
    about = (project / "site" / "om-statistikken.html").read_text("utf-8")
    assert "Opplæring, Hele landet, januar 2017" in about


def test_content_without_export_is_an_error(tmp_path: Path):
    (tmp_path / "content").mkdir()
    result = run_cli("build", "--content", "content", "--out", "site", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.strip() == (
        "error: content: no export found: expected NAV's workbooks "
        "(.xlsx, .xls, .ods) or its text export (.txt, .tsv)"
    )
    assert not (tmp_path / "site").exists()


def test_the_cache_folder_is_the_option_then_the_environment_then_beside_content(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """--cache wins; else the folder TILTAKSSTATISTIKK_CACHE names; else .cache beside the
    content folder, wherever the command runs."""
    from generator.cli import build_config, make_parser

    parser = make_parser()[0]
    content = tmp_path / "publisher" / "content"
    args = ["build", "--content", str(content)]
    monkeypatch.delenv(CACHE_ENV, raising=False)
    assert build_config(parser.parse_args(args)).cache_folder() == content.parent / ".cache"
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "shared"))
    assert build_config(parser.parse_args(args)).cache_folder() == tmp_path / "shared"
    given = parser.parse_args([*args, "--cache", str(tmp_path / "own")])
    assert build_config(given).cache_folder() == tmp_path / "own"
