"""Command line: ``python -m generator build|serve``. Thin: parse options, run, report."""

from __future__ import annotations

import argparse
import signal
import sys
import traceback
from pathlib import Path

from generator.config import BESIDE_CONTENT, CACHE_ENV, BuildConfig
from generator.errors import BuildError
from generator.plan import routes

SHOWN_REVISIONS = 20


def _progress(message: str) -> None:
    if sys.stderr.isatty():
        print(f"  … {message}", file=sys.stderr, flush=True)


def _options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--content", type=Path, default=Path("content"), metavar="DIR", help="input folder"
    )
    parser.add_argument(
        "--out", type=Path, default=Path("site"), metavar="DIR", help="output folder"
    )
    parser.add_argument(
        "--strict", action="store_true", help="fail the build on any warning (failed check)"
    )
    parser.add_argument(
        "--base-url",
        default=None,
        metavar="URL",
        help="where the site is published (overrides site.toml)",
    )
    parser.add_argument(
        "--processes", type=int, default=None, metavar="N", help="chart render processes"
    )
    parser.add_argument(
        "--cache",
        type=Path,
        default=None,
        metavar="DIR",
        help=f"folder for cached charts and files (default ${CACHE_ENV}, else .cache beside "
        "content)",
    )
    parser.add_argument("--verbose", action="store_true", help="show tracebacks on errors")


def build_config(args: argparse.Namespace, *, clean: bool = False) -> BuildConfig:
    """The one translation of command-line options into a build's configuration."""
    return BuildConfig(
        content=args.content,
        out=args.out,
        strict=args.strict,
        processes=args.processes,
        base_url=args.base_url,
        clean=clean,
        cache=BESIDE_CONTENT if args.cache is None else args.cache,
    )


def _notice(message: str) -> None:
    print(f"note: {message}", file=sys.stderr, flush=True)


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split()) or type(exc).__name__


def run_build(args: argparse.Namespace, *, clean: bool = False) -> int:
    """One build with one line of summary; errors as one line, the old site kept: exit 1 for
    what the user can fix, 2 for a defect of ours (the traceback only with --verbose)."""
    try:
        from generator.build import build

        result = build(build_config(args, clean=clean), progress=_progress, notice=_notice)
    except (BuildError, OSError) as exc:
        if args.verbose:
            traceback.print_exc()
        print(f"error: {_one_line(exc)}", file=sys.stderr)
        return 1
    except Exception as exc:  # a defect: still one line, never a traceback unasked
        if args.verbose:
            traceback.print_exc()
        print(
            f"error: internal error ({type(exc).__name__}: {_one_line(exc)}); the old site is "
            "kept; run again with --verbose for the details",
            file=sys.stderr,
        )
        return 2
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


def make_parser() -> tuple[argparse.ArgumentParser, dict[str, argparse.ArgumentParser]]:
    """The command line, and its subcommands by name (the README's table is tested on them)."""
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
    serve_cmd.add_argument(
        "--port", type=int, default=8000, metavar="N", help="port (default 8000)"
    )
    return parser, {"build": build_cmd, "serve": serve_cmd}


class Stopped(KeyboardInterrupt):
    """SIGTERM or SIGHUP: ends the build as cleanly as Ctrl-C (staging removed, workers
    stopped, the old site kept)."""


def _stop(signum: int, _frame: object) -> None:
    raise Stopped(signal.Signals(signum).name)


def main(argv: list[str] | None = None) -> int:
    args = make_parser()[0].parse_args(argv)
    signums = [getattr(signal, n) for n in ("SIGTERM", "SIGHUP") if hasattr(signal, n)]
    before = {signum: signal.signal(signum, _stop) for signum in signums}
    try:
        if args.command == "serve":
            from generator.serve import serve

            return serve(args, build_config(args), run_build)
        return run_build(args, clean=args.clean)
    except KeyboardInterrupt as exc:
        print("stopped; the site is as the last finished build left it", file=sys.stderr)
        if isinstance(exc, Stopped):
            return 128 + signal.Signals[str(exc)].value
        return 130
    finally:
        for signum, handler in before.items():
            signal.signal(signum, handler)
