"""Command line: ``python -m generator build|serve``. Thin: parse options, run, report."""

from __future__ import annotations

import argparse
import sys
import traceback
from pathlib import Path

from generator.errors import BuildError
from generator.plan import routes

SHOWN_REVISIONS = 20


def _progress(message: str) -> None:
    if sys.stderr.isatty():
        print(f"  … {message}", file=sys.stderr, flush=True)


def _options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--content", type=Path, default=Path("content"), help="input folder")
    parser.add_argument("--out", type=Path, default=Path("site"), help="output folder")
    parser.add_argument(
        "--strict", action="store_true", help="fail the build on any warning (failed check)"
    )
    parser.add_argument(
        "--base-url", default=None, help="where the site is published (overrides site.toml)"
    )
    parser.add_argument("--processes", type=int, default=None, help="chart render processes")
    parser.add_argument("--verbose", action="store_true", help="show tracebacks on errors")


def run_build(args: argparse.Namespace, *, clean: bool = False) -> int:
    """One build with one line of summary; errors as one line, the old site kept."""
    try:
        from generator.build import build
        from generator.config import BuildConfig

        config = BuildConfig(
            content=args.content,
            out=args.out,
            strict=args.strict,
            processes=args.processes,
            base_url=args.base_url,
            clean=clean,
        )
        result = build(config, progress=_progress)
    except (BuildError, OSError) as exc:
        if args.verbose:
            traceback.print_exc()
        print(f"error: {exc}", file=sys.stderr)
        return 1
    for warning in result.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    shown = result.revisions if args.verbose else result.revisions[:SHOWN_REVISIONS]
    for revision in shown:
        print(f"revised: {revision}", file=sys.stderr)
    if len(shown) < len(result.revisions):
        more = len(result.revisions) - len(shown)
        print(f"revised: … {more} more in {args.out}/{routes.REVISIONS_CSV}", file=sys.stderr)
    files = result.files
    if result.skipped:
        print(
            f"nothing changed since the last build: {result.pages} pages, {result.charts} "
            f"charts, {len(result.warnings)} warnings in {result.seconds:.2f} s → {args.out}/"
        )
        return 0
    print(
        f"built {result.pages} pages, {result.charts} charts, {len(result.warnings)} warnings, "
        f"{len(result.revisions)} revisions in {result.seconds:.1f} s → {args.out}/ "
        f"({files.written} files written, {files.unchanged} unchanged, {files.removed} removed)"
    )
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m generator",
        description="Build the static site of NAV's statistics on tiltaksdeltakere.",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    build_cmd = commands.add_parser("build", help="build content/ into site/")
    _options(build_cmd)
    build_cmd.add_argument(
        "--clean", action="store_true", help="build from scratch: no cached charts or files"
    )
    serve_cmd = commands.add_parser(
        "serve", help="preview on 127.0.0.1, rebuilding when content/ or templates/ change"
    )
    _options(serve_cmd)
    serve_cmd.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    args = parser.parse_args(argv)

    try:
        if args.command == "serve":
            from generator.serve import serve

            return serve(args, run_build)
        return run_build(args, clean=args.clean)
    except KeyboardInterrupt:
        print("stopped; the site is as the last finished build left it", file=sys.stderr)
        return 130
