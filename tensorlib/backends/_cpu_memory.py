"""The CPU backend's buffers come from the C library's ``malloc`` (through NumPy's allocation policy,
which ``_aligned_memory`` sets so that every buffer starts on a 64-byte boundary); on glibc this
module tells ``malloc`` to keep the memory a training step frees for the next step.

A step allocates and frees the same buffers again and again.  glibc serves a block of 128 KiB or
more with a fresh ``mmap`` and hands the top of its heap back to the system once more than
128 KiB of it is free; its heuristics raise both limits as large blocks are freed (up to 32 MiB
and twice that), but not reliably, so a small GPT's step can fault a thousand pages back in and
have the kernel zero them -- a sixth of the step.  ``keep_freed_memory`` (run when the CPU backend
loads) fixes the limits where glibc's heuristics end: blocks under 32 MiB come from the heap,
and the heap is trimmed once 64 MiB at its top are free.  Larger blocks are still mapped and
unmapped; freed memory serves the next allocations, so the peak resident memory stays that of
the working set, while up to 64 MiB freed at the heap's top stay with the process.

Programs that set these limits themselves (``MALLOC_MMAP_THRESHOLD_``, ``MALLOC_TRIM_THRESHOLD_``,
``MALLOC_TOP_PAD_`` or ``MALLOC_MMAP_MAX_`` in the environment, read by glibc) keep theirs, and
``TENSORLIB_KEEP_FREED_MEMORY=0`` leaves glibc as it was.  Other C libraries are left alone."""
import ctypes
import os
import platform

from . import _aligned_memory

MMAP_THRESHOLD = 32 << 20
TRIM_THRESHOLD = 64 << 20
_M_TRIM_THRESHOLD, _M_MMAP_THRESHOLD = -1, -3    # mallopt's parameter numbers (malloc.h)
_GLIBC_SETTINGS = ("MALLOC_MMAP_THRESHOLD_", "MALLOC_TRIM_THRESHOLD_", "MALLOC_TOP_PAD_", "MALLOC_MMAP_MAX_")


def keep_freed_memory():
    """Sets glibc's mmap and trim thresholds (see the module's docstring); returns whether it did."""
    if os.environ.get("TENSORLIB_KEEP_FREED_MEMORY", "1").strip() == "0" or \
            any(name in os.environ for name in _GLIBC_SETTINGS) or platform.libc_ver()[0] != "glibc":
        return False
    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):
        return False
    mallopt.argtypes = (ctypes.c_int, ctypes.c_int)
    mallopt.restype = ctypes.c_int
    return bool(mallopt(_M_MMAP_THRESHOLD, MMAP_THRESHOLD)) and bool(mallopt(_M_TRIM_THRESHOLD, TRIM_THRESHOLD))


KEPT = keep_freed_memory()   # when the CPU backend loads
ALIGNED = _aligned_memory.install()
