"""CPU backend: NumPy buffers, tensorlib's Cython kernels."""
import numpy as np

from .._C import strided_view  # noqa: F401  (part of the backend interface)

array_type = np.ndarray
xp = np

try:
    from .._copy import copy_into
except ImportError:  # the gather kernel is built with the package; this keeps a source checkout importable
    def copy_into(dst, src):
        np.copyto(dst, src, casting="unsafe")


def empty(numel, np_dtype):
    """A flat, uninitialised buffer of ``numel`` elements."""
    return np.empty(numel, dtype=np_dtype)


def zeros(numel, np_dtype):
    return np.zeros(numel, dtype=np_dtype)


def from_host(array):
    return array


def to_host(array):
    return array
