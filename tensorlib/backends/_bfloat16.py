"""The CPU backend's copy with bfloat16 (``ml_dtypes.bfloat16`` arrays), which the compiled
copy kernel does not know.

PyTorch converts to and from bfloat16 through float32: a double or an integer is first
rounded (or wrapped) to float32, then rounded to nearest even bfloat16; a bfloat16 goes to
another type as the float32 it exactly is.  So does this copy: the compiled kernel does the
float32 leg with PyTorch's casts (truncation, wrapping, ``x != 0`` for bool), ml_dtypes the
exact float32 <-> bfloat16 leg, and bfloat16 to bfloat16 is the kernel's copy of the raw
16-bit patterns."""
import numpy as np

from .. import _dtype as D
from .._copy import copy_into as _kernel_copy_into

BFLOAT16 = D.bfloat16.numpy if D.bfloat16.available else None


def copy_into(dst, src):
    """``copy_into`` of the compiled kernel (its contract), bfloat16 included on either side."""
    if dst.dtype != BFLOAT16 and src.dtype != BFLOAT16:
        _kernel_copy_into(dst, src)
    elif dst.dtype == src.dtype:
        _kernel_copy_into(dst.view(np.int16), src.view(np.int16))
    elif src.dtype == BFLOAT16:
        # src is read whole before dst is written, so an overlap cannot show fresh values
        _kernel_copy_into(dst, src.astype(np.float32))
    else:
        exact = np.empty(src.shape, np.float32)
        _kernel_copy_into(exact, src)
        np.copyto(dst, exact, casting="unsafe")
