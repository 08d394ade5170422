"""The CPU backend's sorting and selection kernels: stable sorts (NaN largest), the lower
median (NaN propagating) and unique values (``backends/cpu.py`` documents their contract)."""
import numpy as np

from ._bfloat16 import is_bfloat16
from ._quiet import quietly


def _sort_keys(a):
    """``a`` as NumPy sorts it with NaN largest: bfloat16 through float32 (exact), since older
    ml_dtypes releases do not order NaN last."""
    return a.astype(np.float32) if is_bfloat16(a.dtype) else a


def _argsort(a, axis, descending):
    a = _sort_keys(a)
    if not descending:
        return np.argsort(a, axis=axis, kind="stable")
    # stable descending: sort the reversed data ascending, reverse back, and
    # map the positions back (ties keep their order, nan comes first)
    n = a.shape[axis]
    idx = np.flip(np.argsort(np.flip(a, axis), axis=axis, kind="stable"), axis)
    return (n - 1) - idx


def _sort(a, axis, descending, values_out, indices_out):
    idx = _argsort(a, axis, descending)
    if indices_out is not None:
        np.copyto(indices_out, idx, casting="unsafe")
    if values_out is not None:
        np.copyto(values_out, np.take_along_axis(a, idx, axis))


def sort(a, axis, descending, values_out, indices_out):
    quietly(_sort, a, axis, descending, values_out, indices_out)


def _median(a, axis, values_out, indices_out):
    n = a.shape[axis]
    idx = np.argsort(_sort_keys(a), axis=axis, kind="stable")
    pick = np.take(idx, [(n - 1) // 2], axis=axis)
    if a.dtype.kind == "f" or is_bfloat16(a.dtype):
        nan = np.isnan(a)
        has_nan = nan.any(axis=axis, keepdims=True)
        if has_nan.any():
            pick = np.where(has_nan, np.argmax(nan, axis=axis, keepdims=True), pick)
    np.copyto(indices_out, pick, casting="unsafe")
    np.copyto(values_out, np.take_along_axis(a, pick, axis))


def median(a, axis, values_out, indices_out):
    quietly(_median, a, axis, values_out, indices_out)


def unique(a, axis, return_inverse, return_counts):
    extra = {"equal_nan": False} if axis is None else {}
    values, inverse, counts = np.unique(a, return_inverse=True, return_counts=True, axis=axis, **extra)
    if axis is None:
        inverse = inverse.reshape(a.shape)
    else:
        inverse = inverse.reshape(-1)
    return values, (inverse if return_inverse else None), (counts if return_counts else None)
