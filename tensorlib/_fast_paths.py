"""Whether tensorlib's fast paths are on: ``TENSORLIB_FAST_PATHS=0`` in the
environment, read once at import, turns them all off.

A fast path is a shortcut with a general route beside it (the compiled
operator and method wrappers of ``pyx/_operators.pyx``, the same-dtype shortcut
of ``ops.elementwise.binary``, the fused backward formulas, the fused row
kernels...).  Each one is chosen by one ``if FAST_PATHS`` at the point where it
is taken; with the switch off every op runs its general implementation, so the
test suite shows both routes give the same results.  This module imports
nothing from tensorlib: any layer may import it."""
import os

FAST_PATHS = os.environ.get("TENSORLIB_FAST_PATHS", "1").strip() != "0"
