"""Running NumPy with its floating-point warnings off: the CPU kernels give inf and nan
silently, as PyTorch does, without touching the caller's ``np.errstate``."""
import contextvars

import numpy as np

_quiet_context = contextvars.copy_context()
_quiet_context.run(np.seterr, all="ignore")
_context_run = _quiet_context.run


def quietly(fn, *args):
    """``fn(*args)`` with NumPy's floating-point error reporting off."""
    try:
        return _context_run(fn, *args)
    except RuntimeError as error:
        # The shared context is already entered (another thread, or re-entry).
        if "cannot enter context" not in str(error):
            raise
        with np.errstate(all="ignore"):
            return fn(*args)
