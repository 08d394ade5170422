"""The CPU backend's recurrent layers (``backend.recurrent``): the sequence runs of
``_recurrent_runs`` with the compiled step kernels of ``tensorlib._recurrent`` and
the matrix products of ``_cpu_products`` (MKL where the ``mkl`` extra is installed);
with MKL, a padded LSTM run goes whole to the compiled loops, which call MKL's gemm
themselves, one step after the other without a Python frame."""
import ctypes

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
                _recurrent.bind(*(ctypes.cast(getattr(library, name), ctypes.c_void_p).value
                                  for name in ("cblas_sgemm", "cblas_dgemm")))
        return self._bound

    def lstm_run_forward(self, *arrays):
        return self._ready() and _recurrent.lstm_run_forward(*arrays)

    def lstm_run_backward(self, *arrays):
        return self._ready() and _recurrent.lstm_run_backward(*arrays)


recurrent = RecurrentKernels(lambda: np, add_matrix_product, _recurrent, ComposedCells(lambda: np), _WholeRuns())
