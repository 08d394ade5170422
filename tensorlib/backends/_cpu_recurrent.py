"""The CPU backend's recurrent layers (``backend.recurrent``): the sequence runs of
``_recurrent_runs`` with the compiled step kernels of ``tensorlib._recurrent`` and
the matrix products of ``_cpu_products`` (MKL where the ``mkl`` extra is installed);
with MKL, a whole LSTM or GRU run goes to the compiled loops, which call MKL's gemm
themselves, one step after the other without a Python frame (a forward run through
its packed-weights products: the recurrent weights packed once, not at every step)."""

import numpy as np

from .. import _recurrent
from . import _mkl_library
from ._cpu_products import add_matrix_product
from ._recurrent_runs import ComposedCells, RecurrentKernels


class _WholeRuns:
    """The compiled whole-run loops, MKL's gemm bound into them on first use; every
    call returns False (nothing done) where MKL is absent."""

    def __init__(self):
        self._bound = None

    def _ready(self):
        if self._bound is None:
            library = _mkl_library.library()
            self._bound = library is not None
            if self._bound:
                _recurrent.bind(*_mkl_library.addresses(library, ("cblas_sgemm", "cblas_dgemm")))
                _recurrent.bind_packed(*_mkl_library.addresses(library, (f"cblas_{kind}gemm_{part}"
                                                             for part in ("pack_get_size", "pack", "compute")
                                                             for kind in "sd")))
        return self._bound

    def _call(self, loop, sizes, offsets, reverse, arrays):
        if not self._ready():
            return False
        return loop(np.array(sizes, dtype=np.int64), np.array(offsets, dtype=np.int64), reverse, *arrays)

    def lstm_run_forward(self, sizes, offsets, reverse, *arrays):
        return self._call(_recurrent.lstm_run_forward, sizes, offsets, reverse, arrays)

    def lstm_run_backward(self, sizes, offsets, reverse, *arrays):
        return self._call(_recurrent.lstm_run_backward, sizes, offsets, reverse, arrays)

    def gru_run_forward(self, sizes, offsets, reverse, *arrays):
        return self._call(_recurrent.gru_run_forward, sizes, offsets, reverse, arrays)

    def gru_run_backward(self, sizes, offsets, reverse, *arrays):
        return self._call(_recurrent.gru_run_backward, sizes, offsets, reverse, arrays)


recurrent = RecurrentKernels(lambda: np, add_matrix_product, _recurrent, ComposedCells(lambda: np), _WholeRuns())
