"""A local preview: serve the site on 127.0.0.1 and rebuild it when its sources change."""

from __future__ import annotations

import argparse
import functools
import http.server
import sys
import threading
from collections.abc import Callable

from generator.config import BuildConfig


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def serve(
    args: argparse.Namespace, config: BuildConfig, run_build: Callable[[argparse.Namespace], int]
) -> int:
    """Build once, serve ``--out``, and rebuild on every change in the content folder or in a
    template folder the build reads.

    A failed rebuild prints its error and leaves the last good site being served.
    """
    from watchfiles import watch

    # The directory is looked up per request, so the server follows the writer's swaps.
    handler = functools.partial(_QuietHandler, directory=str(config.out.resolve()))
    try:  # the port first: a taken one is said at once, not after a whole build
        server = http.server.ThreadingHTTPServer(("127.0.0.1", args.port), handler)
    except OSError as exc:
        print(
            f"error: port {args.port} on 127.0.0.1: {exc.strerror or exc}: expected a free "
            "port, e.g. --port 8001",
            file=sys.stderr,
        )
        return 1
    run_build(args)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print(f"serving {config.out}/ on http://127.0.0.1:{server.server_address[1]}/ (Ctrl-C stops)")
    try:
        for changes in watch(config.content, *config.template_folders()):
            names = sorted({path.rsplit("/", 1)[-1] for _, path in changes})
            print(f"changed: {', '.join(names)}; rebuilding")
            run_build(args)
    finally:
        server.shutdown()
    return 0
