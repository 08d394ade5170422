"""The CPU backend's bfloat16 (``ml_dtypes.bfloat16`` arrays), which the compiled kernels do
not know.

PyTorch converts to and from bfloat16 through float32: a double or an integer is first
rounded (or wrapped) to float32, then rounded to nearest even bfloat16; a bfloat16 goes to
another type as the float32 it exactly is.  So does ``copy_into`` here: the compiled kernel
does the float32 leg with PyTorch's casts (truncation, wrapping, ``x != 0`` for bool),
ml_dtypes the exact float32 <-> bfloat16 leg, and bfloat16 to bfloat16 is the kernel's copy
of the raw 16-bit patterns.

The arithmetic kernels compute bfloat16 as PyTorch's do: ``in_float32`` reads the inputs as
float32, runs the float32 kernel and rounds the result once."""
import numpy as np

from .. import _dtype as D
from .._copy import copy_into as _kernel_copy_into

if D.bfloat16.available:
    _BFLOAT16 = D.bfloat16.numpy

    def is_bfloat16(np_dtype):
        """Whether ``np_dtype`` is ml_dtypes' bfloat16."""
        return np_dtype == _BFLOAT16

    def copy_into(dst, src):
        """``copy_into`` of the compiled kernel (its contract), bfloat16 included on either side."""
        if dst.dtype != _BFLOAT16 and src.dtype != _BFLOAT16:
            _kernel_copy_into(dst, src)
        elif dst.dtype == src.dtype:
            _kernel_copy_into(dst.view(np.int16), src.view(np.int16))
        elif src.dtype == _BFLOAT16:
            # src is read whole before dst is written, so an overlap cannot show fresh values
            _kernel_copy_into(dst, src.astype(np.float32))
        else:
            exact = np.empty(src.shape, np.float32)
            _kernel_copy_into(exact, src)
            with np.errstate(all="ignore"):  # NaN and overflow to inf are values here, as in PyTorch
                np.copyto(dst, exact, casting="unsafe")
else:  # no bfloat16 array can exist
    def is_bfloat16(np_dtype):
        """Whether ``np_dtype`` is ml_dtypes' bfloat16 (never, without ml_dtypes)."""
        return False

    copy_into = _kernel_copy_into


def in_float32(kernel, *arrays):
    """``kernel(*inputs, out)`` (``arrays`` = inputs then out) with every bfloat16 input read as
    float32 and a bfloat16 ``out`` written once from a float32 result: PyTorch's arithmetic on
    bfloat16.  ``out`` may alias an input (each input is converted before anything is written)."""
    *inputs, out = arrays
    inputs = [x.astype(np.float32) if isinstance(x, np.ndarray) and is_bfloat16(x.dtype) else x for x in inputs]
    if not is_bfloat16(out.dtype):
        kernel(*inputs, out)
        return
    result = np.empty(out.shape, np.float32)
    kernel(*inputs, result)
    copy_into(out, result)


def scatter_in_float32(scatter, dst, index, src, axis, op):
    """``scatter(dst, index, src, axis, op)`` of bfloat16 arrays accumulating in float32, each
    written element rounded once, as PyTorch's scatter_add/index_add do."""
    work = dst.astype(np.float32)
    position = scatter(work, index, src.astype(np.float32), axis, op)
    copy_into(dst, work)
    return position
