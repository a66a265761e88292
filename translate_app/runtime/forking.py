"""Work in a forked child process, its result sent back through a pipe.

Used by the command line for CPU-bound batch work (segmenting a large document) on machines
with more than one core: a forked child starts at once (no new interpreter, no imports) with
everything the parent had computed so far.  Only where forking is safe: on POSIX, from a
process that runs no other thread (a forked child gets a copy of one thread only, and a lock
another thread held would stay locked in it forever).
"""

from __future__ import annotations

import functools
import itertools
import os
import pickle
import threading
from collections.abc import Callable, Sequence
from typing import Generic, TypeVar

T = TypeVar("T")


def can_fork() -> bool:
    """Whether :class:`Forked` may be used here and now."""
    return hasattr(os, "fork") and threading.active_count() == 1


class Forked(Generic[T]):
    """``call()`` running in a forked child process; :meth:`result` waits for its value.

    If the child fails in any way (an exception, a result that cannot be pickled, killed),
    :meth:`result` runs ``call()`` in the calling process instead: its exception, if it
    raises one, is raised as if nothing had been forked.  ``call`` must not change anything
    outside its own process that the parent relies on (no files, no database): a child's
    changes to memory are lost with it.
    """

    def __init__(self, call: Callable[[], T]) -> None:
        self._call = call
        self._done = False
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:  # pragma: no cover - the child; its coverage is not collected
            _child(call, read_end, write_end)
        os.close(write_end)
        self._pid, self._read_end = pid, read_end

    def result(self) -> T:
        """The child's value (the child is reaped); call at most once."""
        if self._done:
            raise RuntimeError("Forked.result() was already called")
        self._done = True
        with os.fdopen(self._read_end, "rb") as pipe:
            data = pipe.read()
        _pid, status = os.waitpid(self._pid, 0)
        if status == 0 and data:
            try:
                outcome, value = pickle.loads(data)
            except Exception:  # a broken message: do the work here
                outcome, value = "failed", None
            if outcome == "ok":
                return value  # type: ignore[no-any-return]
        return self._call()


def _child(call: Callable[[], T], read_end: int, write_end: int) -> None:  # pragma: no cover
    """Run ``call`` and send its pickled outcome; never returns (``os._exit``)."""
    status = 1
    try:
        os.close(read_end)
        try:
            data = pickle.dumps(("ok", call()), protocol=pickle.HIGHEST_PROTOCOL)
        except BaseException:  # reported as a failure; the parent redoes it
            data = pickle.dumps(("failed", None))
        with os.fdopen(write_end, "wb") as pipe:
            pipe.write(data)
        status = 0
    finally:
        # No clean-up of the parent's state (atexit handlers, buffered output, open
        # database connections): the copies belong to the parent.
        os._exit(status)


A = TypeVar("A")


def map_in_parts(work: Callable[[Sequence[A]], T], items: Sequence[A], parts: int) -> list[T]:
    """``work`` over ``items`` cut into ``parts`` runs of about equal length, in order.

    The first run is done here, the others by forked children at the same time (see
    :class:`Forked`); with one part, or where forking is not safe, everything is done here.
    """
    parts = max(1, min(parts, len(items)))
    if parts == 1 or not can_fork():
        return [work(items)]
    bounds = [len(items) * i // parts for i in range(parts + 1)]
    runs = [items[lo:hi] for lo, hi in itertools.pairwise(bounds)]
    children = [Forked(functools.partial(work, run)) for run in runs[1:]]
    return [work(runs[0]), *(child.result() for child in children)]
