"""Every kind of bad input: one clear line, a non-zero exit, no traceback, the old site kept.

The cases are the files in tests/bad_inputs/ and the table in its README.md, which says for
each what the build prints; the table is read here, so the documentation cannot drift from
what the build does. The build runs in-process through the CLI's ``main`` (fast: most cases
fail while reading), and once as a real process.
"""

from __future__ import annotations

import hashlib
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from cli_support import run_cli

from generator.cli import main

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent
CASES_DIR = TESTS / "bad_inputs"
SMALL = TESTS / "exports" / "small.txt"
ABOUT = "# Om statistikken\n\nTekst.\n"


@dataclass(frozen=True)
class Case:
    file: str
    problem: str
    options: str
    exit: int
    message: str

    @property
    def id(self) -> str:
        return self.file + (f" {self.options}" if self.options else "")


def _unquote(cell: str) -> str:
    cell = cell.strip()
    return cell[1:-1] if len(cell) >= 2 and cell[0] == cell[-1] == "`" else cell


def read_cases() -> list[Case]:
    """The rows of the table in bad_inputs/README.md."""
    cases = []
    for line in (CASES_DIR / "README.md").read_text("utf-8").splitlines():
        if not line.startswith("| `"):
            continue
        file, problem, options, exit_code, message = line.strip().strip("|").split("|")
        cases.append(
            Case(
                _unquote(file),
                problem.strip(),
                _unquote(options),
                int(exit_code),
                _unquote(message),
            )
        )
    return cases


CASES = read_cases()
CLI_CASES = [c for c in CASES if not c.file.endswith(".html")]
TEMPLATE_CASES = [c for c in CASES if c.file.endswith(".html")]


def snapshot(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder with a site built from the small export: the site every bad build must keep."""
    work = tmp_path_factory.mktemp("previous")
    content = work / "content"
    content.mkdir()
    shutil.copy(SMALL, content / SMALL.name)
    (content / "om-statistikken.md").write_text(ABOUT, "utf-8")
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(work)
        assert main(["build", "--content", "content", "--out", "site"]) == 0
    return work


def case_content(case: Case, root: Path) -> Path:
    """root/content holding the case's file (with the small export beside a Markdown file)."""
    content = root / "content"
    source = CASES_DIR / case.file.rstrip("/")
    if source.is_dir():
        shutil.copytree(source, content)
        return content
    content.mkdir()
    shutil.copy(source, content / source.name)
    if source.suffix == ".md":
        shutil.copy(SMALL, content / SMALL.name)
    return content


def run_in(folder: Path, workdir: Path, args: list[str], capsys) -> tuple[int, str]:
    """The CLI run in ``folder`` (sharing the chart cache of the first build); exit and stderr."""
    cache = workdir / ".cache"
    if cache.is_dir() and not (folder / ".cache").exists():
        (folder / ".cache").symlink_to(cache, target_is_directory=True)
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(folder)
        code = main(args)
    return code, capsys.readouterr().err


def test_the_readme_lists_every_case_file():
    listed = {c.file.rstrip("/") for c in CASES}
    files = {
        p.name for p in CASES_DIR.iterdir() if p.name not in {"README.md", "make_bad_inputs.py"}
    }
    assert files == listed
    assert len(CLI_CASES) >= 30 and len(TEMPLATE_CASES) == 2


@pytest.mark.parametrize("case", CLI_CASES, ids=[c.id for c in CLI_CASES])
def test_bad_input_gives_one_line_and_keeps_the_site(
    case: Case, workdir: Path, tmp_path: Path, capsys
):
    case_content(case, tmp_path)
    site = workdir / "site"
    before = snapshot(site)
    out = site if case.exit else tmp_path / "site"
    args = ["build", "--content", "content", "--out", str(out), *case.options.split()]
    code, err = run_in(tmp_path, workdir, args, capsys)
    assert code == case.exit, err
    assert "Traceback" not in err
    if case.exit:
        assert err.strip().splitlines() == [case.message]
    else:
        assert case.message in err.splitlines()
        assert (out / "index.html").is_file()
    assert snapshot(site) == before
    assert not list(out.parent.glob(".site-new-*")), "the staged files were left behind"


@pytest.mark.parametrize("case", TEMPLATE_CASES, ids=[c.id for c in TEMPLATE_CASES])
def test_failing_template_gives_one_line_and_keeps_the_site(case: Case, workdir: Path, tmp_path):
    from generator.build import build
    from generator.config import BuildConfig
    from generator.errors import BuildError

    templates = tmp_path / "templates"
    shutil.copytree(ROOT / "templates", templates)
    shutil.copy(CASES_DIR / case.file, templates / case.options.removeprefix("templates/"))
    content = tmp_path / "content"
    content.mkdir()
    shutil.copy(SMALL, content / SMALL.name)
    (content / "om-statistikken.md").write_text(ABOUT, "utf-8")
    site = workdir / "site"
    before = snapshot(site)
    with pytest.raises(BuildError) as caught:
        build(BuildConfig(content=content, out=site, templates=templates))
    assert f"error: {caught.value}" == case.message
    assert "\n" not in str(caught.value)
    assert snapshot(site) == before
    assert not list(site.parent.glob(".site-new-*")), "the staged files were left behind"


def test_the_writer_touches_the_site_only_when_it_commits(tmp_path: Path):
    from generator.errors import BuildError
    from generator.output.writer import SiteWriter

    site = tmp_path / "site"
    site.mkdir()
    (site / "old.html").write_text("old", "utf-8")
    (site / "same.html").write_text("same", "utf-8")
    with pytest.raises(RuntimeError), SiteWriter(site) as writer:
        writer.add("index.html", b"new")
        assert sorted(p.name for p in site.iterdir()) == ["old.html", "same.html"]
        raise RuntimeError("the build failed half way")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]
    assert (site / "old.html").read_text("utf-8") == "old"

    with SiteWriter(site) as writer:
        writer.add("index.html", b"new")
        writer.add("same.html", b"same")
        with pytest.raises(BuildError, match="two outputs"):
            writer.add("index.html", b"other")
        result = writer.commit()
    # The marker says the folder is the generator's to replace (output/folder.py).
    assert sorted(p.name for p in site.iterdir()) == [
        ".tiltaksstatistikk",
        "index.html",
        "same.html",
    ]
    assert (result.written, result.unchanged, result.removed) == (2, 1, 1)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_verbose_adds_the_traceback(workdir: Path, tmp_path: Path, capsys):
    case = next(c for c in CLI_CASES if c.file == "non-numeric.txt")
    case_content(case, tmp_path)
    code, err = run_in(
        tmp_path, workdir, ["build", "--content", "content", "--out", "site", "--verbose"], capsys
    )
    assert code == 1
    assert "Traceback" in err
    assert err.strip().splitlines()[-1] == case.message


def test_a_real_process_exits_1_with_the_line(workdir: Path, tmp_path: Path):
    case = next(c for c in CLI_CASES if c.file == "binary-xlsx.txt")
    case_content(case, tmp_path)
    result = run_cli("build", "--content", "content", "--out", "site", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [case.message]
    assert result.stdout == ""
    assert not (tmp_path / "site").exists()


GOOD = (CASES_DIR / "too-few-cells.txt").read_text("utf-8").replace("200\t12", "200\t*\t12")


@pytest.mark.parametrize(
    ("data", "line", "message"),
    [
        (GOOD.encode("utf-32-le"), None, "the file is in UTF-32, which is not supported"),
        (b"\xff\xfe" + GOOD.encode("utf-16-le")[:-1], 13, "ends in the middle of a character"),
        (GOOD.encode("utf-8").replace(b"1 100", b"1 \xff00"), 11, "byte 0xff is not valid UTF-8"),
        (b"\xef\xbb\xbf" + GOOD.encode("cp1252"), 1, "bytes that are not valid UTF-8"),
        (GOOD.replace("\n", "\t\t\t\t\n").encode(), None, None),
        (GOOD.replace("\n", "\r").encode("utf-16-be"), None, None),
        (GOOD.replace("\t", ",").encode(), 9, "the header row's cells are separated by ','"),
        (GOOD.replace("Oslo\t", "Oslo\x0c\t").encode(), 11, "binary or non-text byte"),
        (b"\x89PNG\r\n\x1a\n" + bytes(40), None, "the file is a PNG image"),
    ],
    ids=["utf32-no-bom", "utf16-cut", "utf8-damaged", "bom-then-cp1252", "excel-padding",
         "utf16be-cr", "commas", "form-feed", "png"],
)  # fmt: skip
def test_the_reader_names_what_the_bytes_are(data: bytes, line, message, tmp_path: Path):
    """Byte-level cases beside the files above; a message of None means the file reads."""
    from generator.errors import ExportError
    from generator.source.text_export import read_export

    path = tmp_path / "export.txt"
    path.write_bytes(data)
    if message is None:
        assert [t.name for t in read_export(path).tables] == ["Opplæring"]
        return
    with pytest.raises(ExportError) as caught:
        read_export(path)
    assert caught.value.line == line
    assert message in caught.value.message
