"""The hard stop behind a check's deadline.

Why: the deadline is checked cooperatively (between the passes, before each encoded
instruction, before each solver case), but one step can be unbounded on hostile
input: the encoder once spent over 15 s on a single load (a chain of stores and loads
through one pointer makes its terms grow with every access). A model searching for
inputs the verifier chokes on will find such steps. So, as a backstop, a timer
interrupts the check shortly after its deadline wherever it is in Python code.

How: ``SIGALRM`` from ``ITIMER_REAL``, whose handler raises `DeadlineExceeded`. That
works only in the main thread, and only if the process does not use that timer
itself; otherwise `hard_deadline` does nothing and the cooperative checks alone
apply (worker processes, the CLI and scripts run checks in their main thread). A
native call in progress (one z3 call) finishes first, and so does z3's Python layer
(an exception there could corrupt its reference counts): the timer repeats until the
check is back in other code. z3 queries have their own time limits.
`DeadlineExceeded` derives from BaseException, so the verifier's "anything unexpected
is inconclusive" handlers do not swallow it.
"""

from __future__ import annotations

import os
import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

import z3

#: Seconds past the deadline before the timer fires: the cooperative checks usually
#: answer first, with a fuller report.
GRACE = 0.5
#: Seconds between repeats of the timer once it has fired.
REPEAT = 0.2


class DeadlineExceeded(BaseException):
    """Raised by the timer of `hard_deadline` inside a check that ran past its deadline."""


_Z3_CODE = os.path.dirname(os.path.abspath(z3.__file__))


def _unsafe(frame: FrameType | None) -> bool:
    """Is raising here unsafe? Inside z3's Python layer an exception can fall between
    creating an AST and taking its reference (a later double free), and inside a
    finaliser it is ignored, so the timer waits until the check is back in our code."""
    while frame is not None:
        if frame.f_code.co_name == "__del__" or frame.f_code.co_filename.startswith(_Z3_CODE):
            return True
        frame = frame.f_back
    return False


def _available() -> bool:
    return (hasattr(signal, "setitimer")
            and threading.current_thread() is threading.main_thread()
            and signal.getsignal(signal.SIGALRM) in (signal.SIG_DFL, None)
            and signal.getitimer(signal.ITIMER_REAL)[0] == 0)


@contextmanager
def hard_deadline(deadline: float, grace: float = GRACE) -> Iterator[bool]:
    """Raise `DeadlineExceeded` in the body once ``time.monotonic()`` passes
    ``deadline + grace``. Yields whether the timer is armed (see the module docstring)."""
    if not _available():
        yield False
        return
    active = [True]

    def expire(signum: int, frame: FrameType | None) -> None:
        if active[0]:
            # Again soon, until the body has ended (or has left z3's code).
            signal.setitimer(signal.ITIMER_REAL, REPEAT)
            if not _unsafe(frame):
                raise DeadlineExceeded

    previous = signal.signal(signal.SIGALRM, expire)
    try:
        signal.setitimer(signal.ITIMER_REAL, max(0.001, deadline + grace - time.monotonic()))
        yield True
    finally:
        try:
            active[0] = False  # a signal from here on is ignored by `expire`
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)
