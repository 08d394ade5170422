"""Placing values among ordered boundaries: ``searchsorted`` (a plain function:
its first argument is the sorted sequence), ``bucketize`` and ``histc``
(declared in the registry).  None of them is differentiable: their results are
indices and counts."""
import math

import numpy as np

from .. import _dtype as D
from .._C import TensorBase
from .._tensor import empty_tensor
from .._type_names import not_implemented
from ..backends import backend_for
from ._common import check_out, is_number, resize_out, warn_user, write_result
from ._op_docs import example
from ._registry import declare

FUNCTIONS = ("searchsorted",)

_SEARCHSORTED_FORMS = (
    " * (Tensor sorted_sequence, Tensor input, *, bool out_int32 = False, bool right = False, str side = None, "
    "Tensor sorter = None, Tensor out = None)\n"
    " * (Tensor sorted_sequence, Number self, *, bool out_int32 = False, bool right = False, str side = None, "
    "Tensor sorter = None, Tensor out = None)\n")


def _kind(value):
    return "Tensor" if isinstance(value, TensorBase) else type(value).__name__


def _as_values(value, like):
    """A Python number as the 0-d tensor PyTorch wraps it in."""
    if isinstance(value, TensorBase):
        return value
    dtype = D.result_type(value)
    result = empty_tensor((), dtype, like.device)
    result.fill_(value)
    return result


def _check(boundaries, values, sorter, side, right, out, out_int32, scalar):
    if side is not None and side not in ("left", "right"):
        raise RuntimeError(f"torch.searchsorted(): side can only be 'left' or 'right' but got {side}")
    if side == "left" and right:
        raise RuntimeError("torch.searchsorted(): side and right can't be set to opposites, got side of left "
                           "while right was True")
    if out is not None:
        expected = D.int32 if out_int32 else D.int64
        if out._dtype is not expected:
            raise RuntimeError(
                "torch.searchsorted(): output tensor's dtype is wrong, it can only be Int(int32) or Long(int64) "
                "depending on whether out_int32 flag is True, but we got output tensor's dtype "
                f"{out._dtype.short_name} and out_int32 flag is {out_int32}")
    if sorter is not None:
        if sorter._dtype is not D.int64:
            raise RuntimeError(f"torch.searchsorted(): sorter must be a tensor of long dtype but got dtype "
                               f"{sorter._dtype.short_name}")
        if sorter._shape != boundaries._shape:
            raise RuntimeError(f"torch.searchsorted(): boundary and sorter must have the same size, but got "
                               f"boundary tensor {list(boundaries._shape)}and got sorter tensor "
                               f"{list(sorter._shape)}")
    if (scalar or values.dim() == 0) and boundaries.dim() != 1:
        raise RuntimeError(
            "torch.searchsorted(): input value can be a scalar only when boundaries tensor dimension is 1, but "
            f"we got boundaries tensor dim({boundaries.dim()}) and input value's dim({values.dim()}) "
            f"numel({values.numel()})")
    if boundaries.dim() != 1 and (boundaries._shape[:-1] != values._shape[:-1] or values.dim() == 0):
        raise RuntimeError(
            "torch.searchsorted(): boundaries tensor should be 1 dimension or the first N-1 dimensions of "
            f"boundaries tensor and input value tensor must match, but we got boundaries tensor "
            f"{list(boundaries._shape)} and input value tensor {list(values._shape)}")


_warned_non_contiguous = set()  # PyTorch warns once per program for each kind of tensor


def _warn_non_contiguous(**tensors):
    for kind, tensor in tensors.items():
        if tensor is not None and not tensor.is_contiguous() and kind not in _warned_non_contiguous:
            _warned_non_contiguous.add(kind)
            warn_user(f"torch.searchsorted(): {kind} tensor is non-contiguous, this will lower the performance due "
                      "to extra data copy when converting non-contiguous tensor to contiguous, please use contiguous "
                      f"{kind} tensor if possible. This message will only appear once per program.")


def _positions(boundaries, values, sorter, right):
    """The insertion positions, as an int64 array of ``values``' shape."""
    backend = backend_for(boundaries.device)
    xp = backend.xp
    work = D.compute_dtype(D.promote_types(boundaries._dtype, values._dtype)).numpy
    bounds = backend.cast(boundaries._array(), work)
    points = backend.cast(values._array(), work)
    if sorter is not None and bounds.size:
        order = sorter._array()
        if bool(xp.any((order < 0) | (order >= bounds.shape[-1]))):
            raise RuntimeError("torch.searchsorted(): sorter index out of range")
        bounds = xp.take_along_axis(bounds, order, axis=-1)
    if bounds.ndim == 1:
        return xp.asarray(xp.searchsorted(bounds, points, side="right" if right else "left"), dtype=np.int64)
    # one row of boundaries per row of values: count the boundaries before each value
    before = bounds[..., None, :] <= points[..., :, None] if right else bounds[..., None, :] < points[..., :, None]
    return before.sum(axis=-1, dtype=np.int64)


def _search(boundaries, values, out_int32, right, side, sorter, out, scalar):
    values = _as_values(values, boundaries)
    if D.promote_types(boundaries._dtype, values._dtype) is D.bool:
        raise not_implemented(f"searchsorted_out_{values.device.type}", D.bool)
    right = right or side == "right"
    _check(boundaries, values, sorter, side, right, out, out_int32, scalar)
    _warn_non_contiguous(**{"boundary": boundaries, "input value": values, "sorter": sorter})
    if out is not None:
        check_out(out, "searchsorted", (boundaries, values))
    dtype = D.int32 if out_int32 else D.int64
    target = out if out is not None else empty_tensor(values._shape, dtype, values.device)
    if out is not None:
        resize_out(out, values._shape)
    return write_result(target, _positions(boundaries, values, sorter, right), backend_for(values.device))


def searchsorted(sorted_sequence, input, *, out_int32=False, right=False, side=None, sorter=None, out=None):
    """Where the values of ``input`` would go in the innermost dimension of ``sorted_sequence`` to keep it sorted: the
    first such position (the last one with ``right=True``).

    Args:
        sorted_sequence (Tensor): increasing along its last dimension (or ``sorter`` sorts it).
        input (Tensor or Number): the values to place.
        out_int32 (bool): int32 indices instead of int64. Default: ``False``.
        right (bool): place equal values after them. Default: ``False``.
        side (str, optional): ``'left'`` or ``'right'``, the same choice as ``right``.
        sorter (Tensor, optional): the indices that sort ``sorted_sequence``.
        out (Tensor, optional): the tensor to write the result into.

    Returns:
        Tensor: the positions, of ``input``'s shape.

    Example::

        >>> torch.searchsorted(torch.tensor([1, 3, 5, 7]), torch.tensor([3, 6]))
        tensor([1, 3])
    """
    if not isinstance(sorted_sequence, TensorBase) or not (isinstance(input, TensorBase) or is_number(input)):
        raise TypeError(f"searchsorted() received an invalid combination of arguments - got "
                        f"({_kind(sorted_sequence)}, {_kind(input)}), but expected one of:\n{_SEARCHSORTED_FORMS}")
    return _search(sorted_sequence, input, out_int32, right, side, sorter, out, not isinstance(input, TensorBase))


def _bucketize(input, boundaries, out_int32=False, right=False, out=None):
    if boundaries.dim() != 1:
        raise RuntimeError(f"boundaries tensor must be 1 dimension, but got dim({boundaries.dim()})")
    return _search(boundaries, input, out_int32, right, None, None, out, False)


def _histc(input, bins=100, min=0, max=0, out=None):
    dtype = input._dtype
    if not dtype.is_floating_point:  # PyTorch's bool kernel fails earlier, making the bin edges
        raise not_implemented(f"{'linspace' if dtype is D.bool else 'histogram'}_{input.device.type}", dtype)
    if bins <= 0:
        raise RuntimeError(f"torch.histogram(): bins must be > 0, but got {bins} for dimension 0")
    if max < min:
        raise RuntimeError("torch.histc: max must be larger than min")
    backend = backend_for(input.device)
    xp = backend.xp
    data = backend.cast(input._array(), np.float64).reshape(-1)
    low, high = float(min), float(max)
    if low == high and data.size:
        low, high = float(data.min()), float(data.max())
    if low == high:
        low, high = low - 1, high + 1
    if not (math.isfinite(low) and math.isfinite(high)):
        raise RuntimeError(f"torch.histc: range of [{low:g}, {high:g}] is not finite")
    inside = data[(data >= low) & (data <= high)]
    position = xp.floor((inside - low) * bins / (high - low)).astype(np.int64)
    counts = xp.bincount(xp.minimum(position, bins - 1), minlength=bins)
    if out is not None:
        check_out(out, "histc", (input,))
        if out._dtype is not dtype:
            raise RuntimeError(f"torch.histogram: input tensor and bin_edges tensor should have the same dtype, "
                               f"but got input {dtype.short_name} and bin_edges {out._dtype.short_name}")
        resize_out(out, (bins,))
    target = out if out is not None else empty_tensor((bins,), dtype, input.device)
    return write_result(target, counts, backend)


declare("bucketize", _bucketize, "Tensor boundaries, *, bool out_int32=False, bool right=False", method=False,
        inplace=False, input_numbers=True,
            doc="""The index of the bucket each element of ``input`` falls in, given the increasing
    ``boundaries``: the number of boundaries below it (``right=False``: the first i with
    ``input <= boundaries[i]``; ``right=True``: with ``input < boundaries[i]``).

    Args:
        input: the values to place, a tensor or a number.
        boundaries: the 1-D increasing bucket boundaries.
        out_int32: whether the indices are int32 rather than int64.
        right: which side of a boundary equal values go to.
    """ + example(">>> torch.bucketize(torch.tensor([0.5, 2., 7.]), torch.tensor([1., 2., 5.]))", "tensor([0, 1, 3])"))
declare("histc", _histc, "int bins=100, Number min=0, Number max=0", inplace=False,
    doc="""A histogram of the elements of ``input``: ``bins`` equal-width bins between ``min`` and
    ``max`` (the smallest and largest elements when both are 0); elements outside are ignored.

    Args:
        bins: the number of bins.
        min: the lower end of the range.
        max: the upper end of the range.

    Returns:
        a 1-D tensor of the counts, of ``input``'s dtype.
    """ + example(">>> torch.histc(torch.tensor([1., 2., 1., 4.]), bins=4, min=0, max=4)", "tensor([0., 2., 1., 1.])"))
