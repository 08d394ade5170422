"""Vector norms (p = 1, 2) of float32/float64 tensors in PyTorch's CPU order of operations.

Observed from PyTorch 2.13 (raw bits; tests/test_arith_order_parity.py): its norm kernel
accumulates in the tensor's own dtype.  A 2-norm whose reduced elements form one contiguous
run per output (a whole contiguous tensor, or the last dim of one) takes a vectorised loop:
the squares go into 8 float32 (4 float64) lanes -- AVX2 vectors -- added lane by lane, the
lanes are then added in order, and the leftover elements (fewer than a vector) are added as
fused multiply-adds; the square root is taken in the dtype.  Every other 1- or 2-norm adds
``|x|`` or ``x * x`` one element after another per output, in memory order.
"""
import numpy as np

from .. import _dtype as D
from ._common import operand

# leftover elements of a row that the tail loop adds as rounded squares, a group at a time
TAIL_GROUP = 4


def _rows(src, axes):
    """``src`` as (outputs, reduced elements) with each row in memory order (the reduced
    axes moved last, largest stride first), and whether each row is one contiguous run."""
    nd = src.ndim
    kept = [d for d in range(nd) if d not in axes]
    reduced = sorted(axes, key=lambda d: -abs(src.strides[d]))
    count = 1
    for d in reduced:
        count *= src.shape[d]
    run = [d for d in reduced if src.shape[d] != 1]
    expected, contiguous = src.itemsize, True
    for d in reversed(run):
        contiguous = contiguous and src.strides[d] == expected
        expected *= src.shape[d]
    rows = src.transpose(kept + reduced).reshape(-1, count)
    return rows, contiguous


def _sequential(rows, backend):
    """Each row's elements added one after another (a running sum's last value)."""
    running = backend.empty_array(rows.shape, rows.dtype)
    backend.cumulative("cumsum", rows, 1, running)
    return running[:, -1]


def vector_norm(src, axes, p, backend):
    """The ``p``-norm (1 or 2) over ``axes`` of the float32/float64 backend array ``src``
    (non-empty, every output reducing at least one element), flat per output in the
    order of the kept axes; see the module docstring for the order."""
    rows, contiguous = _rows(src, axes)
    if p == 1:
        magnitude = backend.empty_array(rows.shape, rows.dtype)
        backend.unary("abs", rows, magnitude)
        return _sequential(magnitude, backend)
    squares = backend.empty_array(rows.shape, rows.dtype)
    backend.binary("mul", rows, rows, squares)
    if not contiguous:
        total = _sequential(squares, backend)
    else:
        total = _lanes_then_tail(rows, squares, backend)
    backend.unary("rounded_sqrt", total, total)
    return total


def _lanes_then_tail(rows, squares, backend):
    lanes = 32 // rows.itemsize
    count = rows.shape[1]
    whole = count - count % lanes
    if whole:
        per_lane = squares[:, :whole].reshape(rows.shape[0], whole // lanes, lanes)
        running = backend.empty_array(per_lane.shape, per_lane.dtype)
        backend.cumulative("cumsum", per_lane, 1, running)
        total = _sequential(running[:, -1, :], backend)
    else:
        total = backend.zeros(rows.shape[0], rows.dtype)
    # the compiled tail loop adds whole groups of PAIRED squares as rounded squares, the
    # rest as fused multiply-adds
    paired = whole + (count - whole) // TAIL_GROUP * TAIL_GROUP
    for k in range(whole, paired):
        backend.binary("add", total, squares[:, k], total)
    for k in range(paired, count):
        total = _fused_square_add(rows[:, k], total, backend)
    return total


def _fused_square_add(x, total, backend):
    """total + x * x rounded once, as the fused multiply-add of PyTorch's compiled loop.
    float32: the square is exact in double, the sum rounds in double and then to float32
    (a double rounding only in rare ties).  float64: the square split into its rounded
    value and exact error (Dekker), the sum and its error (Knuth), added back."""
    def op(name, a, b):
        result = backend.empty_array(x.shape, a.dtype)
        backend.binary(name, a, b, result)
        return result

    if x.dtype == np.float32:
        wide = backend.empty_array(x.shape, D.float64.numpy)
        backend.copy_into(wide, x)
        wide_total = backend.empty_array(x.shape, D.float64.numpy)
        backend.copy_into(wide_total, total)
        result = backend.empty_array(x.shape, x.dtype)
        backend.copy_into(result, op("add", op("mul", wide, wide), wide_total))
        return result
    square = op("mul", x, x)
    rounded = op("add", square, total)
    finite = backend.empty_array(x.shape, D.bool.numpy)
    backend.unary("isfinite", rounded, finite)
    if backend.any_zero(finite):
        return rounded      # an infinity or nan: the error terms would be nan
    split = op("mul", x, operand(134217729.0, D.float64, x.shape, backend))   # 2**27 + 1
    high = op("sub", split, op("sub", split, x))
    low = op("sub", x, high)
    square_error = op("add", op("add", op("sub", op("mul", high, high), square),
                                op("mul", op("add", high, high), low)), op("mul", low, low))
    part = op("sub", rounded, square)
    sum_error = op("add", op("sub", square, op("sub", rounded, part)), op("sub", total, part))
    return op("add", rounded, op("add", sum_error, square_error))
