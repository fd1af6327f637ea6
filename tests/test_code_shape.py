"""Rooms small enough to hold in one's head: sizes of the generator's modules, classes and
functions, and the stage packages' import contract."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
MAX_MODULE_LINES = 600
MAX_CLASS_LINES = 300
MAX_FUNCTION_LINES = 80


def _sources() -> list[Path]:
    return sorted((ROOT / "generator").rglob("*.py"))


def _too_long() -> list[str]:
    found = []
    for path in _sources():
        text = path.read_text("utf-8")
        name = path.relative_to(ROOT).as_posix()
        lines = text.count("\n")
        if lines > MAX_MODULE_LINES:
            found.append(f"{name}: {lines} lines (at most {MAX_MODULE_LINES})")
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.ClassDef):
                limit = MAX_CLASS_LINES
            elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                limit = MAX_FUNCTION_LINES
            else:
                continue
            length = (node.end_lineno or node.lineno) - node.lineno + 1
            if length > limit:
                found.append(f"{name}:{node.lineno} {node.name}: {length} lines (at most {limit})")
    return found


def test_modules_classes_and_functions_are_small() -> None:
    found = _too_long()
    assert not found, "too long to hold in one's head:\n" + "\n".join(found)


def test_size_check_sees_a_long_function(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    body = "\n".join(f"    x{i} = {i}" for i in range(MAX_FUNCTION_LINES))
    long = tmp_path / "long.py"
    long.write_text(f"def long():\n{body}\n", "utf-8")
    monkeypatch.setattr(sys.modules[__name__], "_sources", lambda: [long])
    monkeypatch.setattr(sys.modules[__name__], "ROOT", tmp_path)
    assert _too_long() == [f"long.py:1 long: {MAX_FUNCTION_LINES + 1} lines (at most 80)"]


def test_stages_import_only_downwards() -> None:
    """The contracts in pyproject.toml ([tool.importlinter]): a stage imports only stages
    below it (source → dataset → plan → charts → render → output), foundations none."""
    lint = shutil.which("lint-imports")
    assert lint, "lint-imports not found: install the test extras (pip install -e '.[test]')"
    run = subprocess.run([lint], cwd=ROOT, capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-2000:]
    assert "0 broken" in run.stdout
