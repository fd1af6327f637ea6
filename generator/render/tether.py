"""Chart workers end with the build that started them, however it ends.

A build stopped by Ctrl-C, SIGTERM or SIGHUP shuts its pool down on the way out (the command
line turns all three into KeyboardInterrupt). A build killed outright (SIGKILL, the
out-of-memory killer) cannot, and its workers would render on, about 100 MB each, holding the
build's stdout open so that ``build | tee`` never ends; multiprocessing's resource tracker, which
holds it too, ends when its pipe closes: when the build and every worker have ended. So each
worker, before anything else:

- asks Linux to SIGKILL it when its parent dies (PR_SET_PDEATHSIG). Linux means the parent
  *thread*: the pool must be fed from a thread that lives as long as it (ProcessPoolExecutor
  starts workers in ``submit``; the build submits from its main thread);
- ends at once if the parent died before it could ask (it has another parent by then);
- watches a pipe of which only the parent holds the writing end: its end of file says the
  parent is gone, also where prctl is missing.

Workers and the tracker start with the signals the build answers blocked, so those stop the
build, which stops the workers: a Ctrl-C or hangup sent to the whole process group does not
strike a worker halfway through starting (a traceback) or kill the tracker (whose restart
during the shutdown reports errors).

Workers load this module: it imports nothing heavy.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from multiprocessing.connection import Connection
from multiprocessing.context import SpawnContext
from typing import ParamSpec, TypeVar

__all__ = ["TiedPool", "tie_to"]

_PR_SET_PDEATHSIG = 1  # from linux/prctl.h
_ANSWERED = {
    getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name)
}

P = ParamSpec("P")
T = TypeVar("T")


@contextlib.contextmanager
def _signals_held() -> Iterator[None]:
    """Block the signals the build answers while processes start, which inherit the mask; one
    that arrives meanwhile acts when the block ends."""
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    before = signal.pthread_sigmask(signal.SIG_BLOCK, _ANSWERED)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, before)


class TiedPool(ProcessPoolExecutor):
    """Workers that end with this process, even when it is killed: each is handed the reading
    end of a pipe whose writing end only this process holds."""

    def __init__(self, processes: int, context: SpawnContext) -> None:
        self._lifeline, self._writing_end = context.Pipe(duplex=False)
        with _signals_held():  # starts the resource tracker
            super().__init__(
                max_workers=processes,
                mp_context=context,
                initializer=tie_to,
                initargs=(os.getpid(), self._lifeline),
            )

    def submit(self, fn: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs) -> Future[T]:
        with _signals_held():  # may start a worker
            return super().submit(fn, *args, **kwargs)

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        super().shutdown(wait=wait, cancel_futures=cancel_futures)
        if wait:  # every worker has ended: the pipe has done its work
            self._lifeline.close()
            self._writing_end.close()


def _killed_with_parent() -> None:
    if not sys.platform.startswith("linux"):
        return
    with contextlib.suppress(OSError, AttributeError):  # no libc to ask: the pipe still tells
        ctypes.CDLL(None).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)


def _watch(lifeline: Connection) -> None:
    try:
        while True:
            lifeline.recv_bytes()
    except (EOFError, OSError):
        os._exit(1)


def tie_to(parent: int, lifeline: Connection) -> None:
    """Worker initializer: end this worker when process ``parent`` ends, which holds the
    writing end of ``lifeline``."""
    _killed_with_parent()
    if os.getppid() != parent:
        os._exit(1)
    threading.Thread(target=_watch, args=(lifeline,), name="lifeline", daemon=True).start()
