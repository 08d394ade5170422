"""Float matrix products on the CPU, for the CPU backend (``backends/cpu.py``):
through MKL as PyTorch arranges them where the ``mkl`` extra is installed
(``tensorlib._blas``), else NumPy's matmul."""
import numpy as np

from .. import _blas
from .._blas import dot as _blas_dot, gemm as _blas_gemm, gemm_batched as _blas_gemm_batched, gemv as _blas_gemv
from . import _generic, _mkl_library

# below this many multiply-adds per matrix PyTorch multiplies batches in a plain loop, not BLAS
_SMALL_BATCHED_PRODUCT = 400


def matmul(a, b, out):
    _mkl_library.library()  # binds MKL's products on first use
    if a.ndim == 2 and b.ndim == 2:
        done = _blas_gemm(a, b, out)
    elif a.ndim == 2 and b.ndim == 1:
        done = _blas_gemv(a, b, out)
    elif a.ndim == 1 and b.ndim == 2:  # PyTorch: a row matrix times b
        done = _blas_gemm(a[None, :], b, out[None, :])
    elif a.ndim == 1 and b.ndim == 1:
        done = _blas_dot(a, b, out)
    else:
        done = a.ndim == b.ndim and _batched_product(a, b, out)
    if not done:
        np.matmul(a, b, out=out)


def add_matrix_product(a, b, out, alpha, beta):
    """``out = alpha * a @ b + beta * out`` for 2-D float arrays (``out`` is not read
    where ``beta`` is 0)."""
    _mkl_library.library()
    if not _blas_gemm(a, b, out, alpha, beta):
        _generic.add_matrix_product(np, a, b, out, alpha, beta)


def _batched_product(a, b, out):
    """Batched float products as PyTorch's bmm computes them: small ones accumulated term
    by term in a plain loop, larger ones one gemm per matrix."""
    if a.dtype not in (np.float32, np.float64) or not _blas.is_bound():
        return False
    rows, depth = a.shape[-2:]
    if depth * rows * b.shape[-1] < _SMALL_BATCHED_PRODUCT:
        out[...] = 0
        for k in range(depth):
            out += a[..., :, k, None] * b[..., k, None, :]
        return True
    if _blas_gemm_batched(a, b, out):
        return True
    for index in np.ndindex(out.shape[:-2]):
        _blas_gemm(a[index], b[index], out[index])
    return True
