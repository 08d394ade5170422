"""The CPU backend's recurrent layers (``backend.recurrent``): the sequence runs of
``_recurrent_runs`` with the compiled step kernels of ``tensorlib._recurrent`` and
the matrix products of ``_cpu_products`` (MKL where the ``mkl`` extra is installed)."""
import numpy as np

from .. import _recurrent
from ._cpu_products import add_matrix_product
from ._recurrent_runs import ComposedCells, RecurrentKernels

recurrent = RecurrentKernels(lambda: np, add_matrix_product, _recurrent, ComposedCells(lambda: np))
