"""The build under faults and careless commands: one line and the old site kept, never a
traceback, never a loss of the user's files, and `site/` whole at every instant."""

from __future__ import annotations

import contextlib
import os
import random
import select
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from cli_support import CLI, cli_env, run_cli, snapshot
from conftest import build_undrawn

ROOT = Path(__file__).resolve().parent.parent
EXPORTS = Path(__file__).parent / "exports"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A folder holding content/ (the small export and a page) and nothing built yet."""
    content = tmp_path / "content"
    content.mkdir()
    shutil.copy(EXPORTS / "small.txt", content / "small.txt")
    (content / "om-statistikken.md").write_text("# Om statistikken\n\nTekst.\n", "utf-8")
    return tmp_path


def _one_line_error(result: subprocess.CompletedProcess[str], code: int = 1) -> str:
    assert result.returncode == code, (result.returncode, result.stdout, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr
    return lines[0]


@pytest.mark.parametrize("out", ["content", ".", "..", "content/sub"])
def test_out_that_holds_the_content_or_the_project_is_refused(project: Path, out: str) -> None:
    before = snapshot(project)
    line = _one_line_error(run_cli("build", "--out", out, cwd=project))
    assert line.startswith("error: ") and "--out" in line
    assert snapshot(project) == before


def test_out_naming_a_file_is_refused_and_the_file_kept(project: Path) -> None:
    (project / "notes.txt").write_text("mine", "utf-8")
    line = _one_line_error(run_cli("build", "--out", "notes.txt", cwd=project))
    assert "notes.txt" in line
    assert (project / "notes.txt").read_text("utf-8") == "mine"
    assert sorted(p.name for p in project.iterdir()) == ["content", "notes.txt"]


def test_out_that_is_someone_elses_folder_is_refused(project: Path) -> None:
    (project / "docs").mkdir()
    (project / "docs" / "report.docx").write_bytes(b"mine")
    line = _one_line_error(run_cli("build", "--out", "docs", cwd=project))
    assert "docs" in line and "not made by" in line
    assert (project / "docs" / "report.docx").read_bytes() == b"mine"


def test_the_generator_rebuilds_its_own_folder_and_an_empty_one(project: Path) -> None:
    (project / "empty").mkdir()
    assert run_cli("build", "--out", "empty", cwd=project).returncode == 0
    assert (project / "empty" / "index.html").is_file()
    again = run_cli("build", "--out", "empty", "--clean", cwd=project)
    assert again.returncode == 0, again.stderr


def test_an_unexpected_error_is_one_line_pointing_to_verbose(project: Path) -> None:
    """A defect of ours, not the user's: one line, exit 2, the traceback only with --verbose."""
    code = (
        "import sys, generator.build as b\n"
        "def broken(*a, **k): raise ValueError('boom')\n"
        "b.build = broken\n"
        "from generator.cli import main\n"
        "sys.exit(main(sys.argv[1:]))\n"
    )
    args = [sys.executable, "-c", code, "build"]
    env = cli_env()
    quiet = subprocess.run(args, cwd=project, env=env, capture_output=True, text=True)
    line = _one_line_error(quiet, code=2)
    assert "internal error" in line and "--verbose" in line and "boom" in line
    loud = subprocess.run(
        [*args, "--verbose"], cwd=project, env=env, capture_output=True, text=True
    )
    assert loud.returncode == 2 and "Traceback" in loud.stderr


def test_a_taken_port_is_one_line_before_any_build(project: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        line = _one_line_error(run_cli("serve", "--port", str(port), cwd=project, timeout=120))
    assert str(port) in line
    assert not (project / "site").exists()


def test_a_write_that_fails_names_the_file(project: Path) -> None:
    """A full disk: a tmpfs too small for the site, where the machine lets us mount one."""
    small = project / "small-disk"
    small.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(small)],
        capture_output=True,
        check=False,
    )
    if mounted.returncode != 0:
        pytest.skip("this machine does not let the tests mount a small tmpfs")
    try:
        line = _one_line_error(run_cli("build", "--out", "small-disk/site", cwd=project))
        assert "small-disk" in line and "No space left" in line
        assert not any(p.name.startswith(".site") for p in small.iterdir())
    finally:
        subprocess.run(["umount", str(small)], check=False)


def test_a_fifo_in_content_is_refused_not_waited_on(project: Path) -> None:
    os.mkfifo(project / "content" / "x.md")
    line = _one_line_error(run_cli("build", cwd=project, timeout=300))
    assert "x.md" in line and "not a regular file" in line


def test_staging_folders_of_killed_builds_are_removed(project: Path) -> None:
    assert run_cli("build", cwd=project).returncode == 0
    stale = project / ".site-new-abc123"
    (stale / "fylke").mkdir(parents=True)
    (stale / "fylke" / "oslo.html").write_text("half", "utf-8")
    old = project / ".site-old"
    old.mkdir()
    assert run_cli("build", cwd=project).returncode == 0
    assert not stale.exists() and not old.exists()


def test_two_builds_at_once_are_serialised(project: Path) -> None:
    args = [*CLI, "build", "--clean"]
    env = cli_env()
    first = subprocess.Popen(args, cwd=project, env=env, stderr=subprocess.PIPE, text=True)
    second = subprocess.Popen(args, cwd=project, env=env, stderr=subprocess.PIPE, text=True)
    _, err1 = first.communicate(timeout=600)
    _, err2 = second.communicate(timeout=600)
    assert first.returncode == 0 and second.returncode == 0, (err1, err2)
    assert "Traceback" not in err1 + err2
    assert (project / "site" / "index.html").is_file()
    assert not [p for p in project.iterdir() if p.name.startswith(".site-new")]


def _kill_at(project: Path, delay: float, sig: int) -> subprocess.CompletedProcess[str] | None:
    proc = subprocess.Popen(
        [*CLI, "build"],
        cwd=project,
        env=cli_env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        proc.wait(timeout=delay)
    except subprocess.TimeoutExpired:
        proc.send_signal(sig)
    proc.wait(timeout=120)
    return None


def test_site_is_whole_old_or_whole_new_whatever_moment_a_build_is_killed(
    project: Path,
) -> None:
    """Killed at random moments (SIGKILL, SIGTERM), a build leaves the previous site or the
    new one, whole: never none, never a mixture. The input alternates so old and new differ.
    The charts come from the cache, so most of a build is writing the site and putting it in
    place, the part where a kill could leave a mixture, and that is where most kills land."""
    content = project / "content"
    assert run_cli("build", cwd=project).returncode == 0
    sites = {"a": snapshot(project / "site")}
    (content / "om-statistikken.md").write_text("# Om statistikken\n\nAnnen tekst.\n", "utf-8")
    assert run_cli("build", cwd=project).returncode == 0
    sites["b"] = snapshot(project / "site")
    assert sites["a"] != sites["b"]
    rng = random.Random(14)
    (content / "om-statistikken.md").write_text("# Om statistikken\n\nTekst.\n", "utf-8")
    started = time.perf_counter()
    assert run_cli("build", cwd=project).returncode == 0
    full = time.perf_counter() - started
    texts = {"a": "Tekst.", "b": "Annen tekst."}
    now = sites["a"]
    for i in range(6):
        name = "b" if now == sites["a"] else "a"  # the other: a build with nothing new is skipped
        page = f"# Om statistikken\n\n{texts[name]}\n"
        (content / "om-statistikken.md").write_text(page, "utf-8")
        sig = signal.SIGKILL if i % 3 else signal.SIGTERM
        _kill_at(project, rng.uniform(0.0, full * 1.2), sig)
        now = snapshot(project / "site")
        assert now in (sites["a"], sites["b"]), f"kill {i}: the site is neither old nor new"
    assert run_cli("build", cwd=project).returncode == 0
    assert not [p for p in project.iterdir() if p.name.startswith(".site-")]


def _stat(pid: int) -> list[str]:
    """The fields of /proc/PID/stat after the command name (state first); [] if it is gone."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return []


def _how_it_answers(pid: int, sig: int) -> str:
    """Whether process ``pid`` ignores, catches or blocks ``sig``, and in which of its threads,
    as /proc tells: what a test that signals it says when the signal is not answered."""
    bit = 1 << (sig - 1)

    def has(status: Path, field: str) -> bool:
        with contextlib.suppress(OSError):
            for line in status.read_text().splitlines():
                if line.startswith(f"{field}:"):
                    return bool(int(line.split()[1], 16) & bit)
        return False

    process = Path(f"/proc/{pid}")
    blocking = sorted(
        task.name for task in (process / "task").glob("*") if has(task / "status", "SigBlk")
    )
    return (
        f"{signal.Signals(sig).name} ignored: {has(process / 'status', 'SigIgn')}, caught: "
        f"{has(process / 'status', 'SigCgt')}, blocked in threads {blocking} of "
        f"{len(list((process / 'task').glob('*')))} (the main one is {pid})"
    )


def _children(pid: int) -> dict[int, tuple[str, str]]:
    """Each child of ``pid``: its start time (which tells it from a later process given the same
    pid) and its command line."""
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        fields = _stat(int(entry.name))
        try:
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
        if fields and int(fields[1]) == pid:
            found[int(entry.name)] = (fields[19], command)
    return found


def _alive(pid: int, started: str) -> bool:
    """Whether that process still runs: not gone, not a zombie, not another with its pid."""
    fields = _stat(pid)
    return bool(fields) and fields[0] != "Z" and fields[19] == started


def _end_of_file(stream: Any, seconds: float) -> bool:
    """Whether ``stream`` reaches its end, that is every process has let go of its other end,
    within ``seconds`` (a bound against hanging, far above the time it takes)."""
    deadline = time.monotonic() + seconds
    while (left := deadline - time.monotonic()) > 0:
        if not select.select([stream], [], [], left)[0]:
            return False
        if not os.read(stream.fileno(), 65536):
            return True
    return False


# A shell starts a command in the background (`&`) with SIGINT ignored, and Python leaves an
# ignored SIGINT ignored, as it should: a build run in the background is not stopped by a
# Ctrl-C typed in its terminal. A test run started so hands that on to the builds it starts,
# which then never see the Ctrl-C sent to them. So the build is started as a terminal starts
# a command in the foreground: SIGINT at its default, set by a Python that then becomes the
# command line itself (exec, the same process).
IN_FOREGROUND = [
    sys.executable,
    "-c",
    "import os, signal, sys; signal.signal(signal.SIGINT, signal.SIG_DFL); "
    "os.execv(sys.executable, [sys.executable, *sys.argv[1:]])",
]


@contextlib.contextmanager
def _sigint_ignored() -> Iterator[None]:
    """SIGINT ignored in this process meanwhile, as in a test run started in the background:
    every run then proves the build is started as in the foreground (IN_FOREGROUND)."""
    before = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, before)


WORKER = "--multiprocessing-fork"  # in the command line of each process multiprocessing spawns


@pytest.mark.parametrize(
    ("sig", "group"),
    [
        (signal.SIGKILL, False),
        (signal.SIGTERM, False),
        (signal.SIGHUP, False),
        (signal.SIGINT, True),  # Ctrl-C in a terminal
        (signal.SIGTERM, True),
        (signal.SIGHUP, True),  # the terminal closed
    ],
    ids=["kill", "term", "hup", "ctrl-c", "term-group", "hup-group"],
)
def test_no_worker_outlives_the_build(tmp_path: Path, sig: int, group: bool) -> None:
    """Killed while its chart workers run, the build leaves no process behind (no worker, no
    resource tracker), so nothing holds its output pipe open (`build | tee` ends). Stopped by a
    signal it answers, sent to it or to its whole process group, it says so in one line."""
    shutil.copytree(ROOT / "content", tmp_path / "content")
    errors = tmp_path / "stderr"
    with errors.open("wb") as stderr, _sigint_ignored():  # as in a test run started with `&`
        proc = subprocess.Popen(
            [*IN_FOREGROUND, *CLI[1:], "build", "--clean", "--processes", "2"],
            cwd=tmp_path,
            env=cli_env(),
            stdout=subprocess.PIPE,
            stderr=stderr,
            start_new_session=True,  # a process group of its own
        )
    children: dict[int, tuple[str, str]] = {}
    try:
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline and proc.poll() is None:
            children.update(_children(proc.pid))
            if sum(WORKER in command for _, command in children.values()) >= 2:
                break
            time.sleep(0.02)
        assert proc.poll() is None, "the build ended before its workers could be seen"
        assert sum(WORKER in command for _, command in children.values()) >= 2, "no workers"
        children.update(_children(proc.pid))
        answering = _how_it_answers(proc.pid, sig)
        if group:
            os.killpg(proc.pid, sig)
        else:
            proc.send_signal(sig)
        proc.wait(timeout=120)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and any(_alive(p, s) for p, (s, _) in children.items()):
            time.sleep(0.05)
        survivors = [command for p, (s, command) in children.items() if _alive(p, s)]
        assert not survivors, f"outlived the build: {survivors}"
        assert proc.stdout is not None
        assert _end_of_file(proc.stdout, 60), "a process still holds the build's output"
        if sig != signal.SIGKILL:
            said = errors.read_text("utf-8")
            assert proc.returncode == 128 + sig, f"{proc.returncode}; {answering}; said {said!r}"
            assert said == "stopped; the site is as the last finished build left it\n", said
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        for pid, (started, _) in children.items():
            if _alive(pid, started):
                os.kill(pid, signal.SIGKILL)


def test_the_site_is_the_same_wherever_its_content_lies(tmp_path: Path) -> None:
    """With warnings and revisions on the pages, two copies of the same content at different
    absolute paths give byte-identical sites that name no local path."""
    sites = []
    for place in ("a/deep/folder", "b"):
        root = tmp_path / place
        content = root / "content"
        content.mkdir(parents=True)
        for path in (EXPORTS / "reform").glob("*.txt"):
            shutil.copy(path, content / path.name)
        shutil.copy(ROOT / "tests" / "bad_inputs" / "sums-do-not-add-up.txt", content)
        from generator.config import BuildConfig

        config = BuildConfig(content=content.resolve(), out=root / "site", cache=None)
        result = build_undrawn(config)
        assert result.warnings and result.revisions, "the input should warn and revise"
        site = root / "site"
        for path in site.rglob("*"):
            if path.is_file():
                data = path.read_bytes()
                assert str(tmp_path).encode() not in data, f"{path.name} names a local path"
        sites.append(snapshot(site))
    assert sites[0] == sites[1]
