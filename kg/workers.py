"""Worker processes that die with the process that started them.

A ``ProcessPoolExecutor``'s workers outlive a parent killed with SIGKILL: they
hold a build's memory (and an inherited handle on the output folder's lock)
until someone kills them.  ``pool(jobs)`` gives a pool whose workers ask the
kernel for SIGKILL when their parent goes (Linux ``prctl(PR_SET_PDEATHSIG)``);
elsewhere a watchdog thread in each worker exits once the parent is gone.
"""
from __future__ import annotations

import ctypes
import os
import signal
import sys
import threading
import time
from concurrent.futures import ProcessPoolExecutor

PR_SET_PDEATHSIG = 1  # <linux/prctl.h>


def pool(jobs: int) -> ProcessPoolExecutor:
    # workers are started from the calling thread, which must live as long as
    # the pool: PDEATHSIG fires when the thread that forked them ends
    return ProcessPoolExecutor(jobs, initializer=die_with_parent, initargs=(os.getpid(),))


def die_with_parent(parent: int) -> None:
    """Worker initializer: end this process when ``parent`` ends."""
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(None, use_errno=True)
        if libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0:
            if os.getppid() != parent:  # the parent died before prctl took effect
                os._exit(1)
            return
    threading.Thread(target=_watch, args=(parent,), daemon=True, name="kg-parent-watch").start()


def _watch(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(1)
