"""Command line: ``python -m generator build``. Thin: parse options, run the build, report."""

from __future__ import annotations

import argparse
import sys
import traceback
from pathlib import Path

from generator.errors import BuildError


def _progress(message: str) -> None:
    if sys.stderr.isatty():
        print(f"  … {message}", file=sys.stderr, flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m generator",
        description="Build the static site of NAV's statistics on tiltaksdeltakere.",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    build_cmd = commands.add_parser("build", help="build content/ into site/")
    build_cmd.add_argument("--content", type=Path, default=Path("content"), help="input folder")
    build_cmd.add_argument("--out", type=Path, default=Path("site"), help="output folder")
    build_cmd.add_argument(
        "--strict", action="store_true", help="fail the build on any warning (failed check)"
    )
    build_cmd.add_argument("--processes", type=int, default=None, help="chart render processes")
    build_cmd.add_argument("--verbose", action="store_true", help="show tracebacks on errors")
    args = parser.parse_args(argv)

    try:
        from generator.build import build
        from generator.config import BuildConfig

        config = BuildConfig(
            content=args.content, out=args.out, strict=args.strict, processes=args.processes
        )
        result = build(config, progress=_progress)
    except (BuildError, OSError) as exc:
        if args.verbose:
            traceback.print_exc()
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("error: interrupted; the previous site is unchanged", file=sys.stderr)
        return 130
    for warning in result.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    print(
        f"built {result.pages} pages, {result.charts} charts, {len(result.warnings)} warnings "
        f"in {result.seconds:.1f} s → {args.out}/"
    )
    return 0
