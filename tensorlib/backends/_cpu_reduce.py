"""The CPU backend's reductions (``reduce``): which kernel takes which reduction.

Float sums go to the Cython kernel first (tensorlib._reduce, which hands them to
tensorlib._cascade_sum: PyTorch's order of additions, its split over threads); float
products to ``_cpu_prod`` (PyTorch's order of multiplications); the other pairings the
Cython kernel takes (integer and bool sums and products, max/min, all/any) to it; the
rest (float16, bfloat16 through float32, byte-swapped or overlapping arrays) to NumPy.
"""
import numpy as np

from .._reduce import reduce as _cy_reduce
from . import _cpu_prod
from ._bfloat16 import in_float32, is_bfloat16
from ._quiet import quietly as _run

_REDUCE = {"sum": np.add.reduce, "prod": np.multiply.reduce, "max": np.maximum.reduce,
           "min": np.minimum.reduce, "all": np.logical_and.reduce, "any": np.logical_or.reduce}


def _prod_half(a, axes, out):
    """float16 (bfloat16) product rounding at every step, folding left to right as PyTorch's CPU
    kernel does on short rows (long rows accumulate in float32)."""
    moved = np.moveaxis(a, axes, tuple(range(a.ndim - len(axes), a.ndim)))
    rows = moved.reshape(moved.shape[:moved.ndim - len(axes)] + (-1,))
    if rows.shape[-1] > 256:
        np.copyto(out, np.multiply.reduce(a, axis=axes, dtype=np.float32, keepdims=True), casting="unsafe")
        return
    acc = np.ones(rows.shape[:-1], dtype=a.dtype)
    for k in range(rows.shape[-1]):
        np.multiply(acc, rows[..., k], out=acc)
    np.copyto(out, acc.reshape(out.shape))


def _reduce_numpy(op, a, axes, out):
    if op == "prod" and out.dtype == a.dtype and (a.dtype == np.float16 or is_bfloat16(a.dtype)):
        _prod_half(a, axes, out)
        return
    if op in ("sum", "prod"):
        # accumulate in out's dtype (int64 for integers); float16 in float32, rounded once
        work = np.float32 if out.dtype == np.float16 else out.dtype
        if work != out.dtype:
            np.copyto(out, _REDUCE[op](a, axis=axes, dtype=work, keepdims=True), casting="unsafe")
        else:
            _REDUCE[op](a, axis=axes, out=out, keepdims=True, dtype=work)
        return
    _REDUCE[op](a, axis=axes, out=out, keepdims=True)


_ORDERED_PRODUCTS = (np.dtype(np.float32), np.dtype(np.float64))
_KERNEL_INTS = (np.dtype(np.bool_), np.dtype(np.uint8), np.dtype(np.int8), np.dtype(np.int16),
                np.dtype(np.int32), np.dtype(np.int64))


def _cython_reduce_takes(op, a_dtype, out_dtype):
    """Whether (a, out) dtypes are the pairing the Cython reduce kernel accepts."""
    if op in ("sum", "prod"):
        return out_dtype == (a_dtype if a_dtype.kind == "f" else np.int64) and (
            a_dtype.kind == "f" or a_dtype in _KERNEL_INTS)
    if op in ("max", "min"):
        return out_dtype == a_dtype
    return out_dtype == np.bool_ or (out_dtype == np.uint8 and a_dtype == np.uint8)


def reduce(op, a, axes, out):
    """out (a's shape with ``axes`` set to 1) = ``op`` (sum, prod, max, min, all, any) of a
    over ``axes``; see the CPU backend's module docstring for the dtypes."""
    dtype = a.dtype
    if op == "sum" and dtype in _ORDERED_PRODUCTS and out.dtype is dtype and _cy_reduce(op, a, axes, out):
        return                               # the common case first: a float sum in PyTorch's order
    if op == "prod" and a.dtype in _ORDERED_PRODUCTS and out.dtype == a.dtype and a.size:
        _cpu_prod.prod(a, axes, out)         # PyTorch's order of multiplications
        return
    if _cython_reduce_takes(op, a.dtype, out.dtype) and _cy_reduce(op, a, axes, out):
        return
    if is_bfloat16(a.dtype) and not (op == "prod" and out.dtype == a.dtype):
        in_float32(lambda a, out: reduce(op, a, axes, out), a, out)
        return
    _run(_reduce_numpy, op, a, axes, out)


