"""Machinery shared by the math ops: result allocation, operand arrays (broadcast
and cast for a kernel), Python scalars, ``out=`` and in-place checks, dims.

Everything here works on the raw tensor slots (``_shape``, ``_strides``,
``_dtype``, ``_storage``) to keep the per-op Python overhead small."""
import warnings

from .. import _dtype as D
from .. import _layout
from .._C import TensorBase
from .._tensor import contiguous_strides, new_result  # noqa: F401  (the ops import them from here)
from .._type_names import type_name
from ..backends import backend_for, common_device
from ..autograd.grad_mode import is_grad_enabled

is_contiguous = _layout.is_contiguous
numel = _layout.numel

def flat_elements(t, n):
    """The contiguous tensor ``t``'s ``n`` elements as a 1-D array (no copy)."""
    data = t._storage.data
    off = t._offset
    return data if off == 0 and len(data) == n else data[off:off + n]


def result_strides(shape, operands, dtype=None):
    """The output layout PyTorch gives an elementwise result: the dims ordered as
    the operands' strides order them (so a transposed input gives a transposed
    output), or None for plain contiguous strides.  An operand not of the
    computation ``dtype`` votes with the layout of its converted copy (its own
    strides when dense, else contiguous), as PyTorch converts it first."""
    nd = len(shape)
    if nd <= 1:
        return None
    views = []
    for x in operands:
        if isinstance(x, TensorBase):
            xs = x._shape
            if not xs:
                continue
            strides = x._strides
            if dtype is not None and x._dtype is not dtype and not is_contiguous(xs, strides) and \
                    not _layout.is_non_overlapping_and_dense(xs, strides):
                strides = contiguous_strides(xs)
            if len(xs) == nd and xs == shape and is_contiguous(xs, strides):
                views.append(contiguous_strides(shape))
                continue
            views.append(_broadcast_strides(xs, strides, shape))
    if not views or not numel(shape):
        return None
    return _layout.result_strides(shape, views)


def _broadcast_strides(xs, strides, shape):
    lead = len(shape) - len(xs)
    out = [0] * len(shape)
    for i, (size, stride) in enumerate(zip(xs, strides)):
        out[lead + i] = 0 if size == 1 and shape[lead + i] != 1 else stride
    return out


def is_number(x):
    """True for the Python (and NumPy) bools, ints and floats ops accept as scalars."""
    cls = x.__class__
    if cls is int or cls is float or cls is bool:
        return True
    try:
        D.scalar_dtype(x)
    except TypeError:
        return False
    return True


def device_of(*operands):
    """The device the op runs on, with PyTorch's rule that 0-d CPU tensors may join any device."""
    device = None
    for x in operands:
        if isinstance(x, TensorBase):
            d = x._storage.device
            if device is None:
                device = d
            elif d is not device and d != device:
                return _common_device(operands)
    return device


def _common_device(operands, out=None):
    """PyTorch's TensorIterator rule: the common device is the first one that is not the CPU;
    every other tensor must be on it, except 0-d CPU tensors (scalars) that are not ``out``."""
    return common_device([x for x in operands if isinstance(x, TensorBase)], out)


def operand(x, dtype, shape, backend, device=None):
    """An array of ``x`` (tensor or Python scalar) in ``dtype`` broadcast to ``shape``."""
    if isinstance(x, TensorBase):
        if device is not None and x._storage.device != device:
            arr = backend.from_host(backend_for(x._storage.device).to_host(x._array()))
            if x._dtype is not dtype:
                arr = backend.cast(arr, dtype.numpy)
            return arr if x._shape == shape else backend.broadcast_to(arr, shape)
        if x._dtype is dtype:
            if x._shape == shape:
                return x._array()
            strides = _layout.expand_strides(x._shape, x._strides, shape)[1]
            return backend.strided_view(x._storage.data, shape, strides, x._offset)
        arr = backend.cast(x._array(), dtype.numpy)
        return arr if x._shape == shape else backend.broadcast_to(arr, shape)
    buf = backend.scalar_buffer(x, dtype.numpy)
    return backend.strided_view(buf, shape, (0,) * len(shape), 0)


def array_of(x, dtype, backend):
    """``x``'s own array in ``dtype`` (cast copy when needed), not broadcast."""
    if x._dtype is dtype:
        return x._array()
    return backend.cast(x._array(), dtype.numpy)


# ---- checks ----------------------------------------------------------------------------------
def cast_error(result_dtype, out_dtype):
    return RuntimeError(
        f"result type {result_dtype.short_name} can't be cast to the desired output type {out_dtype.short_name}")


def check_writable(t):
    if _layout.has_internal_overlap(t._shape, t._strides):
        raise RuntimeError(
            "unsupported operation: more than one element of the written-to tensor refers to a single "
            "memory location. Please clone() the tensor before performing the operation.")


def check_no_partial_overlap(out, inputs):
    """PyTorch refuses inputs that share some, but not all, memory with the output."""
    storage = out._storage
    for x in inputs:
        if not isinstance(x, TensorBase) or x._storage is not storage or x is out:
            continue
        if x._offset == out._offset and x._shape == out._shape and x._strides == out._strides:
            continue
        if not numel(x._shape) or not numel(out._shape):
            continue
        if not (_layout.is_non_overlapping_and_dense(x._shape, x._strides)
                and _layout.is_non_overlapping_and_dense(out._shape, out._strides)):
            continue  # too hard to tell: allowed
        x_end = _layout.storage_extent(x._shape, x._strides, x._offset)
        out_end = _layout.storage_extent(out._shape, out._strides, out._offset)
        if x._offset < out_end and out._offset < x_end:
            raise RuntimeError(
                "unsupported operation: some elements of the input tensor and the written-to tensor refer to a "
                "single memory location. Please clone() the tensor before performing the operation.")


def check_inplace(self, shape, result_dtype, inputs=()):
    """Validation before an in-place op writes ``self``; raises without writing."""
    if shape != self._shape:
        raise RuntimeError(
            f"output with shape {list(self._shape)} doesn't match the broadcast shape {list(shape)}")
    if result_dtype is not self._dtype and not D.can_cast(result_dtype, self._dtype):
        raise cast_error(result_dtype, self._dtype)
    check_writable(self)
    if inputs:
        check_no_partial_overlap(self, inputs)
    self._check_inplace(*inputs)


RESIZE_WARNING = (
    "An output with one or more elements was resized since it had shape {old}, which does not match the "
    "required output shape {new}. This behavior is deprecated, and in a future PyTorch release outputs will "
    "not be resized unless they have zero elements. You can explicitly reuse an out tensor t by resizing it, "
    "inplace, to zero elements with t.resize_(0).")


def warn_user(message, category=UserWarning):
    """Warns with the location of the first caller outside tensorlib."""
    import os
    import sys
    package = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    frame, level = sys._getframe(1), 2
    while frame is not None and os.path.abspath(frame.f_code.co_filename).startswith(package):
        frame, level = frame.f_back, level + 1
    warnings.warn(message, category, stacklevel=level)


def resize_out(out, shape):
    if out._shape != shape:
        if numel(out._shape):
            warn_user(RESIZE_WARNING.format(old=list(out._shape), new=list(shape)))
        out.resize_(shape)


def check_out(out, fname, inputs, arg="out"):
    if not isinstance(out, TensorBase):
        raise TypeError(f"{fname}(): argument '{arg}' must be Tensor, not {type_name(out)}")
    device = out._storage.device
    for x in inputs:
        if isinstance(x, TensorBase) and x._storage.device is not device and x._storage.device != device:
            _common_device((out,) + tuple(inputs), out)
    if (out._requires_grad or any(isinstance(x, TensorBase) and x._requires_grad for x in inputs)) \
            and is_grad_enabled():
        raise RuntimeError(
            f"{fname}(): functions with out=... arguments don't support automatic differentiation, but one "
            "of the arguments requires grad.")


def prepare_out(out, shape, result_dtype, fname, inputs, exact_dtype=False):
    """Validates ``out`` for a result of ``shape``/``result_dtype`` and resizes it; no data written."""
    check_out(out, fname, inputs)
    if out._dtype is not result_dtype:
        if exact_dtype:
            raise RuntimeError(f"Found dtype {out._dtype.short_name} but expected {result_dtype.short_name}")
        if not D.can_cast(result_dtype, out._dtype):
            raise cast_error(result_dtype, out._dtype)
    resize_out(out, shape)
    check_writable(out)
    check_no_partial_overlap(out, inputs)
    return out


def finish_out(out):
    out._version_counter.bump()
    return out


def as_method(fast, slow):
    """``fast`` (a compiled fast path of the method ``slow``) under ``slow``'s name."""
    fast.__name__, fast.__qualname__ = slow.__name__, slow.__qualname__
    return fast


def compute_into(target, dtype, shape, backend, compute):
    """``compute(array)`` writes a result of ``dtype`` into ``target``: straight into its
    elements when it has that dtype, else through a scratch array cast on the copy."""
    if target._dtype is dtype:
        compute(target._array())
        target._version_counter.bump()
        return target
    scratch = backend.empty_array(shape, dtype.numpy)
    compute(scratch)
    return write_result(target, scratch, backend)


def write_result(out, array, backend):
    """Copies a computed array into ``out`` (casting) and bumps its version."""
    backend.copy_into(out._array(), array)
    out._version_counter.bump()
    return out


# ---- dims ------------------------------------------------------------------------------------
def reduce_dims(dim, ndim):
    """(axes, full): the dims a reduction covers; None, () and [] mean every dim."""
    if dim is None:
        return tuple(range(ndim)), True
    if isinstance(dim, (tuple, list)):
        if not dim:
            return tuple(range(ndim)), True
        dims = tuple(_layout.normalize_dim(d, ndim) for d in dim)
        seen = set()
        for d in dims:
            if d in seen:
                raise RuntimeError(f"dim {d} appears multiple times in the list of dims")
            seen.add(d)
        if ndim == 0:
            return (), False
        return tuple(sorted(dims)), False
    d = _layout.normalize_dim(dim, ndim)
    return ((d,) if ndim else ()), False


def reduced_shape(shape, axes, keepdim):
    if len(axes) == len(shape):
        return (1,) * len(shape) if keepdim else ()
    if keepdim:
        return tuple([1 if i in axes else s for i, s in enumerate(shape)])
    return tuple([s for i, s in enumerate(shape) if i not in axes])


def keepdim_shape(shape, axes):
    if len(axes) == len(shape):
        return (1,) * len(shape)
    return tuple([1 if i in axes else s for i, s in enumerate(shape)])


def dim_list(dims):
    """Accepts f(0, 1), f((0, 1)) and f([0, 1])."""
    if len(dims) == 1 and isinstance(dims[0], (tuple, list)):
        return tuple(dims[0])
    return tuple(dims)
