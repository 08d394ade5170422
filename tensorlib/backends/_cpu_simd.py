"""The CPU kernels that give PyTorch's last bits where its vectorised loops decide them: float32
and float64 ``sigmoid`` and ``silu``, float32 ``softmax``/``log_softmax`` (``tensorlib._simd_math``,
PyTorch's AVX512 path on x86-64; its AVX2 path differs in the sums' lanes).

Which elements of a sigmoid (or silu) take PyTorch's vectorised exp depends on how its
TensorIterator walks the operands: dims ordered by the output's strides (then the input's),
merged while both operands stay contiguous across them; the innermost merged run is a row, and
when both operands are contiguous along it (or the input is broadcast along it), whole chunks of
two vectors (32 floats, 16 doubles) of each row are vectorised and the rest run the scalar
formula.  ``iteration_rows`` reproduces that walk.
softmax and log_softmax work on a contiguous copy of the input, as PyTorch's do.
"""
import math

import numpy as np

from .._simd_math import (
    log_softmax_backward_rows,
    logistic_rows,
    nll_loss_backward_rows,
    softmax_backward_rows,
    softmax_rows,
)

_FLOAT32 = np.dtype(np.float32)
_LOGISTIC_DTYPES = (_FLOAT32, np.dtype(np.float64))


def iteration_rows(a, out):
    """``(order, cols, vectorised)``: the axes in PyTorch's iteration order (outermost first),
    the length of the innermost run both arrays walk contiguously, and whether PyTorch's loop
    vectorises that run."""
    item = out.itemsize
    moving = [d for d in range(out.ndim) if out.shape[d] != 1]
    moving.sort(key=lambda d: (out.strides[d], a.strides[d]), reverse=True)
    order = [d for d in range(out.ndim) if out.shape[d] == 1] + moving
    if not moving:
        return order, 1, False
    inner = moving[-1]
    vectorised = out.strides[inner] == item and a.strides[inner] in (item, 0)
    cols = out.shape[inner]
    for outer_dim, inner_dim in zip(moving[-2::-1], moving[::-1]):
        if not all(x.strides[outer_dim] == x.strides[inner_dim] * x.shape[inner_dim] for x in (a, out)):
            break
        cols *= out.shape[outer_dim]
    return order, cols, vectorised


def unary(op, a, out):
    """PyTorch's float32/float64 ``sigmoid`` or ``silu`` into ``out``; False (nothing written) for
    another op or dtype."""
    if op not in ("sigmoid", "silu") or a.dtype not in _LOGISTIC_DTYPES or out.dtype != a.dtype:
        return False
    if out.size == 0:
        return True
    if a.ndim == 1 and a.flags.c_contiguous and out.flags.c_contiguous and \
            (a is out or not np.may_share_memory(a, out)):
        # the fast paths' flat operands: one row, vectorised when longer than one element
        logistic_rows(op, a, out, a.shape[0], a.shape[0] != 1)
        return True
    order, cols, vectorised = iteration_rows(a, out)
    walked_in, walked_out = a.transpose(order), out.transpose(order)
    in_place = a is out or (a.__array_interface__["data"] == out.__array_interface__["data"]
                            and a.strides == out.strides)
    src = walked_in if walked_in.flags.c_contiguous and (in_place or not np.may_share_memory(a, out)) \
        else np.array(walked_in, order="C")
    dst = walked_out if walked_out.flags.c_contiguous else np.empty(walked_out.shape, a.dtype)
    logistic_rows(op, src.reshape(-1), dst.reshape(-1), cols, vectorised)
    if dst is not walked_out:
        np.copyto(walked_out, dst)
    return True


def softmax(a, axis, out, log):
    """PyTorch's float32 ``softmax`` (``log``: ``log_softmax``) along ``axis`` into ``out``;
    False for another dtype."""
    if a.dtype != _FLOAT32 or out.dtype != _FLOAT32:
        return False
    if out.size == 0:
        return True
    src = np.ascontiguousarray(a)
    direct = out.flags.c_contiguous and not np.may_share_memory(src, out)
    dst = out if direct else np.empty(a.shape, _FLOAT32)
    size = a.shape[axis] if a.ndim else 1
    inner = math.prod(a.shape[axis + 1:]) if a.ndim else 1
    last = axis >= a.ndim - 1
    softmax_rows(src.reshape(-1), dst.reshape(-1), size, inner, last, log)
    if not direct:
        np.copyto(out, dst)
    return True


def log_softmax_backward(g, y, axis, out):
    """PyTorch's float32 gradient of log_softmax over the last dim into ``out``; False (nothing
    written) for another dim or dtype."""
    return _last_dim_gradient(log_softmax_backward_rows, g, y, axis, out)


def softmax_backward(g, y, axis, out):
    """PyTorch's float32 gradient of softmax (result ``y``) over the last dim into ``out``:
    ``(g - sum(g * y)) * y``; False (nothing written) for another dim or dtype."""
    return _last_dim_gradient(softmax_backward_rows, g, y, axis, out)


def _last_dim_gradient(rows_kernel, g, y, axis, out):
    """``rows_kernel(g, y, out, cols)`` over the last dim of float32 arrays, into a buffer apart
    from both operands where ``out`` is not."""
    if axis != g.ndim - 1 or not g.ndim or not all(x.dtype == _FLOAT32 for x in (g, y, out)) or out.size == 0:
        return False
    g, y = np.ascontiguousarray(g), np.ascontiguousarray(y)
    apart = out.flags.c_contiguous and not (np.may_share_memory(out, g) or np.may_share_memory(out, y))
    dst = out if apart else np.empty(out.shape, _FLOAT32)
    rows_kernel(g, y, dst, out.shape[-1])
    if dst is not out:
        np.copyto(out, dst)
    return True


def nll_loss_backward(g, target, weight, ignore_index, total, out):
    """nll_loss's unweighted float32/float64 gradient into (M, C) ``out`` in one pass; False
    (nothing written) for a weight, a NumPy scalar or another layout or dtype."""
    arrays = all(isinstance(a, np.ndarray) for a in (g, target, out)) and \
        (total is None or isinstance(total, np.ndarray))
    return weight is None and arrays and nll_loss_backward_rows(g, target, ignore_index, total, out)
