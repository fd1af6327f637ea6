"""The README tells the truth about the command line and the package (docs that stay honest)."""

from __future__ import annotations

import argparse
import re
import tomllib
from pathlib import Path

from generator.cli import make_parser

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text("utf-8")


def _subcommands() -> dict[str, argparse.ArgumentParser]:
    return make_parser()[1]


def _cli_options() -> dict[str, str]:
    """Every option of every subcommand, as the README writes it: "--out DIR", "--strict"."""
    options = {}
    for parser in _subcommands().values():
        for action in parser._actions:
            long = [o for o in action.option_strings if o.startswith("--")]
            if not long or long[0] == "--help":
                continue
            shown = f"{long[0]} {action.metavar}" if action.metavar else long[0]
            options[long[0]] = shown
    return options


def _readme_options() -> dict[str, str]:
    section = README.split("## Command line", 1)[1].split("\n## ", 1)[0]
    rows = re.findall(r"^\| `(--[a-z-]+)( [A-Z]+)?` \|", section, flags=re.M)
    return {name: name + (metavar or "") for name, metavar in rows}


def test_readme_option_table_matches_the_command_line() -> None:
    assert _readme_options() == _cli_options(), "README's option table differs from --help"


def test_readme_usage_names_every_option() -> None:
    section = README.split("## Command line", 1)[1].split("\n## ", 1)[0]
    usage = section.split("```text", 1)[1].split("```", 1)[0]
    build_options = {
        o for o in _subcommands()["build"]._option_string_actions if o.startswith("--")
    } - {"--help"}
    missing = sorted(o for o in build_options if o not in usage)
    assert not missing, f"README's usage lines do not name {missing}"


def test_every_subpackage_is_packaged() -> None:
    """A subpackage left out of pyproject's list would be missing from a plain install."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
    listed = set(config["tool"]["setuptools"]["packages"])
    found = {
        ".".join(p.parent.relative_to(ROOT).parts)
        for p in (ROOT / "generator").rglob("__init__.py")
    }
    assert found <= listed, f"not listed in pyproject.toml: {sorted(found - listed)}"
    assert "generator.templates" in listed
