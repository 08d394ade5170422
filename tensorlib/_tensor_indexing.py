"""Indexing: ``t[...]`` reads and writes, and the index-driven ops.

* Basic indices (ints, slices, None, ``...``, 0-d integer tensors) are applied
  as views through the ViewsMixin primitives, so the result shares storage.
* Advanced indices (integer tensors or lists, bool/uint8 masks) produce copies
  (reads) or write in place (``__setitem__`` / ``index_put_``), with PyTorch's
  broadcasting and placement rules: the broadcast index dims replace the
  indexed dims where those are adjacent, and move to the front where they are
  not.
* gather / scatter / index_* / masked_* / take / put / nonzero / where.

Everything is validated before data is touched, so bad input raises PyTorch's
exception and leaves every tensor unchanged.  Data moves through the tensor's
backend array (``t._array()``): NumPy fancy indexing and ``take`` for advanced
indexing, and tensorlib's Cython kernels (``tensorlib._indexing``) for the
range checks and gather/scatter.
"""
import collections.abc
import math
import numbers
import operator
import sys
import warnings

import numpy as np

from . import _dtype as D
from . import _indexing, _layout
from ._C import TensorBase
from ._fast_paths import FAST_PATHS
from ._device import CPU as D_CPU
from ._creation import tensor
from ._tensor import empty_tensor
from ._tensor_convert import _check_writable
from .ops._common import _common_device
from ._type_names import c_type_name as _tp_name
from .backends import backend_for

METHOD_FUNCTIONS = ("masked_fill", "masked_scatter", "index_fill", "index_put", "index_put_", "put", "argwhere")
FUNCTIONS = ("gather", "scatter", "scatter_add", "index_select", "index_add", "index_copy", "masked_select", "take",
             "nonzero", "where")

# C++ spellings PyTorch uses in some messages ("Expected out tensor to have dtype float, but got long int").
_C_NAMES = {D.float16: "c10::Half", D.float32: "float", D.float64: "double", D.int8: "signed char",
            D.int16: "short int", D.int32: "int", D.int64: "long int", D.uint8: "unsigned char", D.bool: "bool"}
_OVERFLOW_NAMES = {D.float16: "c10::Half", D.float32: "float", D.float64: "double", D.int8: "int8_t",
                   D.int16: "int16_t", D.int32: "int", D.int64: "int64_t", D.uint8: "uint8_t", D.bool: "bool"}
_INT_LIMITS = {D.int8: (-2 ** 7, 2 ** 7 - 1), D.int16: (-2 ** 15, 2 ** 15 - 1), D.int32: (-2 ** 31, 2 ** 31 - 1),
               D.int64: (-2 ** 63, 2 ** 63 - 1), D.uint8: (0, 255)}
_FLOAT32_MAX = float(np.finfo(np.float32).max)
_INDEX_DTYPES = (D.int64, D.int32)

_OVERLAP = ("unsupported operation: some elements of the input tensor and the written-to tensor refer to a single "
            "memory location. Please clone() the tensor before performing the operation.")
_ZERO_DIM_INDEX = ("invalid index of a 0-dim tensor. Use `tensor.item()` in Python or `tensor.item<T>()` in C++ to "
                   "convert a 0-dim tensor to a number")
_BAD_INDEX_TYPE = "tensors used as indices must be long, int, byte or bool tensors"
_SEQUENCE_AS_TUPLE = (
    "Using a non-tuple sequence for multidimensional indexing is deprecated and will be changed in pytorch 2.9; use "
    "x[tuple(seq)] instead of x[seq]. In pytorch 2.9 this will be interpreted as tensor index, x[torch.tensor(seq)], "
    "which will result either in an error or a different result")
_UINT8_MASKED_SCATTER = ("masked_scatter_ received a mask with dtype torch.uint8, this behavior is now deprecated,"
                         "please use a mask with dtype torch.bool instead.")
_UINT8_INDEX = "indexing with dtype torch.uint8 is now deprecated, please use a dtype torch.bool instead."
_EXPANDED = ("Use of {} on expanded tensors is deprecated. Please clone() the tensor before performing this operation. "
             "This also applies to advanced indexing e.g. {}")
_RESIZED = ("An output with one or more elements was resized since it had shape {}, which does not match the "
            "required output shape {}. This behavior is deprecated, and in a future PyTorch release outputs will not "
            "be resized unless they have zero elements. You can explicitly reuse an out tensor t by resizing it, "
            "inplace, to zero elements with t.resize_(0).")
_SCATTER_SIGNATURES = ("(int dim, Tensor index, Tensor src)", "(int dim, Tensor index, Tensor src, *, str reduce)",
                       "(int dim, Tensor index, Number value)", "(int dim, Tensor index, Number value, *, str reduce)")
_WHERE_SIGNATURES = ("(Tensor condition)", "(Tensor condition, Tensor input, Tensor other, *, Tensor out = None)",
                     "(Tensor condition, Number self, Tensor other)", "(Tensor condition, Tensor input, Number other)",
                     "(Tensor condition, Number self, Number other)")
_MISSING = object()
_reduce_warned = False  # PyTorch warns about scatter's reduce= with a Tensor src once per process


# ---- small helpers ---------------------------------------------------------------------------------------
def _warn(message):
    """Warns at the first frame outside tensorlib, as PyTorch's warnings point at the caller's line."""
    frame, level = sys._getframe(1), 2
    while frame is not None and frame.f_globals.get("__name__", "").startswith("tensorlib."):
        frame, level = frame.f_back, level + 1
    warnings.warn(message, UserWarning, stacklevel=level)


def _arg_type(obj):
    return "Tensor" if isinstance(obj, TensorBase) else _tp_name(obj)


def _invalid_args(name, args, kwargs, signatures):
    got = [_arg_type(a) for a in args] + [f"{k}={_arg_type(v)}" for k, v in kwargs.items()]
    lines = "".join(f" * {s}\n" for s in signatures)
    return TypeError(f"{name}() received an invalid combination of arguments - got ({', '.join(got)}), "
                     f"but expected one of:\n{lines}")


def _require_tensor(obj, fname, arg, position):
    if not isinstance(obj, TensorBase):
        raise TypeError(f"{fname}(): argument '{arg}' (position {position}) must be Tensor, not {_tp_name(obj)}")


def _require_int(obj, fname, arg, position):
    if isinstance(obj, bool) or not isinstance(obj, (int, np.integer)):
        raise TypeError(f"{fname}(): argument '{arg}' (position {position}) must be int, not {_tp_name(obj)}")


def _is_number(obj):
    return isinstance(obj, (numbers.Number, np.bool_)) and not isinstance(obj, TensorBase)


def _shape_str(shape):
    return str(list(shape))


def _nonempty(shape):
    """PyTorch treats a 0-d tensor as 1-d of size 1 in the dim-wise ops."""
    return shape if shape else (1,)


def _arr1d(t):
    """``t``'s array, 0-d viewed as 1-d."""
    a = t._array()
    return a.reshape(1) if a.ndim == 0 else a


def _xp(t):
    return backend_for(t.device).xp


def _is_host(a):
    return isinstance(a, np.ndarray)


# ---- scalar conversion -------------------------------------------------------------------------------------
def _overflow(dtype):
    return RuntimeError(f"value cannot be converted to type {_OVERFLOW_NAMES[dtype]} without overflow")


def _checked_scalar(value, dtype):
    """``value`` (a Python / NumPy number or a one-element tensor) as a NumPy scalar of ``dtype``,
    with PyTorch's range checks for scalars written into tensors."""
    if isinstance(value, TensorBase):
        value = value.item()
    if isinstance(value, (bool, np.bool_)):
        return dtype.numpy.type(bool(value))
    if isinstance(value, complex):
        if value.imag != 0:
            raise _overflow(dtype)
        value = value.real
    with np.errstate(all="ignore"):
        if isinstance(value, numbers.Integral):
            v = int(value)
            if not -2 ** 63 <= v < 2 ** 63:
                raise ValueError("Overflow when unpacking long long")
            if dtype is D.bool:
                return np.bool_(v != 0)
            if dtype in _INT_LIMITS:
                lo, hi = _INT_LIMITS[dtype]
                ok = -hi <= v <= hi if dtype is D.uint8 else lo <= v <= hi  # unsigned targets wrap negatives
                if not ok:
                    raise _overflow(dtype)
                return np.array(v, dtype=np.int64).astype(dtype.numpy)[()]
            return np.array(v, dtype=np.float64).astype(dtype.numpy)[()]
        if isinstance(value, numbers.Real):
            v = float(value)
            if dtype is D.bool:
                return np.bool_(v != 0)
            if dtype.is_floating_point:
                if dtype is D.float32 and math.isfinite(v) and abs(v) > _FLOAT32_MAX:
                    raise _overflow(dtype)
                return np.array(v, dtype=np.float64).astype(dtype.numpy)[()]
            lo, hi = _INT_LIMITS[dtype]
            if v != v or v < float(lo) or v > float(hi):  # compared as doubles, as PyTorch does
                raise _overflow(dtype)
            return np.array(v, dtype=np.float64).astype(dtype.numpy)[()]
    raise TypeError(f"can't convert {_tp_name(value)} to a scalar")


def _scalar_tensor(value, dtype, device):
    out = empty_tensor((), dtype, device)
    out._array()[()] = _checked_scalar(value, dtype)
    return out


# ---- memory overlap -------------------------------------------------------------------------------------------
def _overlap(a, b):
    """PyTorch's overlap judgement: 'full', 'partial' or None.  Only tensors that are
    non-overlapping and dense are compared; others are assumed not to overlap."""
    if a is b:
        return "full"
    if a.numel() == 0 or b.numel() == 0:
        return None
    if not (_layout.is_non_overlapping_and_dense(a._shape, a._strides)
            and _layout.is_non_overlapping_and_dense(b._shape, b._strides)):
        return None
    if a._storage is not b._storage and a._storage.data is not b._storage.data and \
            getattr(a._storage.data, "base", None) is None and getattr(b._storage.data, "base", None) is None:
        return None
    sa, sb = a.data_ptr(), b.data_ptr()
    ea, eb = sa + a.numel() * a._dtype.itemsize, sb + b.numel() * b._dtype.itemsize
    if sa == sb and ea == eb:
        return "full"
    if sa < eb and sb < ea:
        return "partial"
    return None


def _assert_no_overlap(a, b):
    if _overlap(a, b) is not None:
        raise RuntimeError(_OVERLAP)


def _assert_no_partial_overlap(a, b):
    if _overlap(a, b) == "partial":
        raise RuntimeError(_OVERLAP)


def _has_internal_overlap(t):
    return _layout.has_internal_overlap(t._shape, t._strides)


# ---- out= ----------------------------------------------------------------------------------------------------
def _write_out(result, out, dtype_error=None, inputs=()):
    """Copies ``result`` into the user's ``out`` tensor with PyTorch's out= rules."""
    if not isinstance(out, TensorBase):
        raise TypeError(f"argument 'out' must be Tensor, not {_tp_name(out)}")
    if out._dtype is not result._dtype:
        raise RuntimeError(dtype_error or f"Expected out tensor to have dtype {_C_NAMES[result._dtype]}, but got "
                                          f"{_C_NAMES[out._dtype]} instead")
    if out._shape == result._shape:
        _check_writable(out)
    for t in inputs:
        if isinstance(t, TensorBase):
            _assert_no_overlap(out, t)
    if out._shape != result._shape:
        if out.numel() != 0:
            _warn(_RESIZED.format(_shape_str(out._shape), _shape_str(result._shape)))
        out.resize_(result._shape)
    out._check_inplace()
    out._copy_from(result)
    out._version_counter.bump()
    return out


# ---- parsing t[index] ---------------------------------------------------------------------------------------
_INT, _SLICE, _NONE, _ELLIPSIS, _BOOL, _TENSOR, _MASK = range(7)


def _sequence_as_tuple(index):
    """NumPy's heuristic, kept by PyTorch: a short non-tuple sequence holding a
    sequence, slice, tensor, ``...`` or None indexes several dims."""
    if not isinstance(index, collections.abc.Sequence):
        return False
    try:
        n = len(index)
    except Exception:
        return False
    if n >= 32:
        return False
    for item in index:
        if item is None or item is Ellipsis or \
                isinstance(item, (TensorBase, np.ndarray, slice, collections.abc.Sequence)):
            return True
    return False


def _index_items(index):
    if isinstance(index, tuple):
        return index
    if isinstance(index, (TensorBase, np.ndarray)) or not _sequence_as_tuple(index):
        return (index,)
    _warn(_SEQUENCE_AS_TUPLE)
    return tuple(index)


def _sequence_index(seq):
    """A list index becomes a tensor: bool if every leaf is a bool, else int64."""
    kinds = {type(v) for v in seq}
    if FAST_PATHS and (kinds == {int} or kinds == {bool}):  # the common flat case, without the general converter
        try:
            array = np.array(seq, dtype=np.bool_ if bool in kinds else np.int64)
        except OverflowError:
            pass    # an int past int64: the general converter raises PyTorch's error
        else:
            t = empty_tensor(array.shape, D.bool if bool in kinds else D.int64, D_CPU)
            t._array()[...] = array
            return t
    t = tensor(seq)
    return t if t._dtype is D.bool or t._dtype is D.int64 else t.long()


def _classify_tensor(t):
    dt = t._dtype
    if dt is D.bool or dt is D.uint8:
        if not t._shape:
            return _BOOL, bool(t.item())
        return _MASK, t
    if dt.is_floating_point:
        raise IndexError(_BAD_INDEX_TYPE)
    if not t._shape:
        return _INT, int(t.item())
    if dt not in _INDEX_DTYPES:
        raise IndexError(_BAD_INDEX_TYPE)
    return _TENSOR, t


def _classify(item):
    if item is None:
        return _NONE, None
    if item is Ellipsis:
        return _ELLIPSIS, None
    if isinstance(item, bool):
        return _BOOL, item
    if isinstance(item, slice):
        return _SLICE, item
    if isinstance(item, TensorBase):
        return _classify_tensor(item)
    if isinstance(item, np.ndarray):
            return _classify_tensor(tensor(item))
    if isinstance(item, (int, np.integer)):
        return _INT, int(item)
    if isinstance(item, collections.abc.Sequence):
        return _classify_tensor(_sequence_index(item if isinstance(item, (list, tuple)) else list(item)))
    if not isinstance(item, (float, np.bool_, np.floating)) and hasattr(type(item), "__index__"):
        return _INT, operator.index(item)
    raise IndexError("only integers, slices (`:`), ellipsis (`...`), None and long or byte Variables are valid "
                     f"indices (got {_tp_name(item)})")


def _slice_dim(t, dim, s):
    start, stop, step = s.indices(t._shape[dim])
    if step <= 0:
        raise ValueError("step must be greater than zero")
    return t._slice(dim, start, max(stop, start), step)


def _bool_index(flag, device):
    """A True / False index: one (or no) position in a new size-1 dim."""
    out = empty_tensor((1 if flag else 0,), D.int64, device)
    out._array()[...] = 0
    return out


# ---- advanced indexing ------------------------------------------------------------------------------------------
class _Advanced:
    """Advanced indices applied to ``target`` (already basic-indexed), validated:
    index dtypes, mask shapes, broadcasting, and the result's shape.  ``indices``
    holds, per dim of ``target``, an index tensor or None."""

    def __init__(self, target, indices):
        self.target = target
        tshape = target._shape
        nd = len(tshape)
        for t in indices:
            if t is not None and t._dtype not in _INDEX_DTYPES and t._dtype is not D.bool and t._dtype is not D.uint8:
                raise IndexError(_BAD_INDEX_TYPE)
        defined = [(p, t) for p, t in enumerate(indices) if t is not None]
        if not defined:
            raise IndexError("index_put_(): expected at least one index that is not a 0-dim mask")
        if defined[-1][0] >= nd:
            raise IndexError(f"too many indices for tensor of dimension {nd}")
        self.mask = None  # (position, bool array) when a single mask is the only index
        dims, arrays, checked = [], [], []
        for p, t in defined:
            if t._dtype is D.bool or t._dtype is D.uint8:
                if t._dtype is D.uint8:
                    _warn(_UINT8_INDEX)
                k = len(t._shape)
                _check_mask_shape(t, tshape, p)
                mask = t._array()
                if len(defined) == 1:
                    self.mask = (p, mask if mask.dtype == np.bool_ else mask.astype(np.bool_))
                    count = int(_xp(t).count_nonzero(mask))
                    dims.extend(range(p, p + k))
                    arrays.extend([None] * k)
                    checked.extend([False] * k)
                    self.count = count
                    continue
                dims.extend(range(p, p + k))
                arrays.extend(_xp(t).nonzero(mask))
                checked.extend([False] * k)
            else:
                dims.append(p)
                arrays.append(t._array())
                checked.append(True)
        self.dims, self.arrays, self.checked = dims, arrays, checked
        shapes = [(self.count,) if a is None else tuple(a.shape) for a in arrays]
        try:
            self.bshape = tuple(np.broadcast_shapes(*shapes))
        except ValueError:
            raise IndexError("shape mismatch: indexing tensors could not be broadcast together with shapes "
                             + ", ".join(_shape_str(s) for s in shapes)) from None
        first, last = dims[0], dims[-1]
        self.adjacent = dims == list(range(first, last + 1))
        if self.adjacent:
            self.shape = tshape[:first] + self.bshape + tshape[last + 1:]
        else:
            taken = set(dims)
            self.shape = self.bshape + tuple(s for i, s in enumerate(tshape) if i not in taken)
        if any(tshape[d] == 0 for d in dims) and 0 not in self.bshape:
            raise IndexError("index is out of bounds for dimension with size 0")
        self.numel = _layout.numel(self.shape)

    def check_bounds(self):
        """IndexError for the first out-of-range index (row-major over the broadcast
        index shape, then in dim order), as PyTorch's kernel meets them."""
        if self.numel == 0:
            return
        tshape = self.target._shape
        bad = False
        for d, a, check in zip(self.dims, self.arrays, self.checked):
            if not check:
                continue
            size = tshape[d]
            if _is_host(a):
                bad = _indexing.first_outside(a, -size, size) != -1
            else:
                xp = backend_for(self.target.device).xp
                bad = a.size and bool(xp.any((a < -size) | (a >= size)))
            if bad:
                break
        if not bad:
            return
        best = None
        for d, a, check in zip(self.dims, self.arrays, self.checked):
            if not check:
                continue
            size = tshape[d]
            host = backend_for(self.target.device).to_host(a)
            flags = np.broadcast_to((host < -size) | (host >= size), self.bshape).ravel()
            if flags.any():
                pos = int(flags.argmax())
                if best is None or pos < best[0]:
                    best = (pos, d, np.broadcast_to(host, self.bshape).ravel()[pos])
        pos, d, value = best
        # PyTorch moves non-adjacent indexed dims to the front first; it names them by their new position
        shown = d if self.adjacent else self.dims.index(d)
        raise IndexError(f"index {value} is out of bounds for dimension {shown} with size {tshape[d]}")

    def key(self, integer=False):
        key = [slice(None)] * len(self.target._shape)
        if self.mask is not None:
            p, mask = self.mask
            if integer:
                xp = backend_for(self.target.device).xp
                for j, a in enumerate(xp.nonzero(mask)):
                    key[p + j] = a
                return tuple(key)
            key[p:p + mask.ndim] = [mask]
            return tuple(key)
        for d, a in zip(self.dims, self.arrays):
            key[d] = a
        return tuple(key)

    def read(self):
        """The indexing result, as a new tensor."""
        target = self.target
        out = empty_tensor(self.shape, target._dtype, target.device)
        if self.numel == 0:
            return out
        src = target._array()
        backend = backend_for(target.device)
        if self.mask is None and len(self.arrays) == 1:
            backend.take(src, self.arrays[0], self.dims[0], out._array())
        else:
            backend.copy_into(out._array(), src[self.key()])
        return out

    def write(self, values, accumulate):
        """``target[indices] = values`` (or ``+=`` with duplicates accumulating); ``values``
        is an array of target's dtype that broadcasts to the result shape."""
        if self.numel == 0:
            return
        dst = self.target._array()
        xp = backend_for(self.target.device).xp
        values = xp.broadcast_to(values, self.shape)
        if accumulate:
            _ufunc_at(xp.add, dst, self.key(integer=True), values)
        else:
            dst[self.key()] = values


def _ufunc_at(ufunc, dst, key, values):
    if hasattr(ufunc, "at"):
        ufunc.at(dst, key, values)
    else:  # CuPy spells it cupyx.scatter_add
        import cupyx
        cupyx.scatter_add(dst, key, values)


def _strip_leading_ones(t):
    shape, strides, n = t._shape, t._strides, 0
    while n < len(shape) and shape[n] == 1:
        n += 1
    return t if n == 0 else t._alias(shape[n:], strides[n:])


def _check_mask_shape(mask, tshape, p):
    """A mask at dim ``p`` must match the indexed tensor's dims it covers."""
    for j, size in enumerate(mask._shape):
        if p + j >= len(tshape):
            raise IndexError(f"too many indices for tensor of dimension {len(tshape)}")
        if size != tshape[p + j]:
            raise IndexError(f"The shape of the mask {_shape_str(mask._shape)} at index {j} does not match the shape "
                             f"of the indexed tensor {_shape_str(tshape)} at index {p + j}")


def _per_dim(indices, nd):
    """index_put_'s tuple (each mask covering as many dims as it has) as one entry
    per dim of the indexed tensor, None where a dim is not indexed.  0-dim masks
    index no dim and are dropped, as in PyTorch."""
    out = []
    for t in indices:
        if t._dtype is D.bool or t._dtype is D.uint8:
            if t._shape:
                out.append(t)
                out.extend([None] * (len(t._shape) - 1))
        else:
            out.append(t)
    return out + [None] * (nd - len(out))


def _masked_fill_plan(target, mask, value):
    """Validates ``target.masked_fill_(mask, value)``; returns the write."""
    if isinstance(value, TensorBase) and value._shape:
        raise RuntimeError("masked_fill_ only supports a 0-dimensional value tensor, but got tensor with "
                           f"{len(value._shape)} dimension(s).")
    if mask._dtype is not D.bool:
        raise RuntimeError(f"masked_fill_ only supports boolean masks, but got mask with dtype {_C_NAMES[mask._dtype]}")
    _same_device(target, mask)
    shape = _layout.broadcast_shapes(target._shape, mask._shape)
    if shape != target._shape:
        raise RuntimeError(f"output with shape {_shape_str(target._shape)} doesn't match the broadcast shape "
                           f"{_shape_str(shape)}")
    if _has_internal_overlap(target):
        _warn(_EXPANDED.format("masked_fill_", "tensor[mask] = scalar"))
    _assert_no_partial_overlap(target, mask)
    scalar = _checked_scalar(value, target._dtype)

    def write():
        if target.numel():
            backend_for(target.device).xp.copyto(target._array(), scalar, where=mask._array())
    return write


def _masked_fill_dispatch(target, indices, values):
    """``t[mask] = one_value`` runs as masked_fill_, as in PyTorch (None when it does not apply)."""
    if values.numel() != 1:
        return None
    defined = [(p, t) for p, t in enumerate(indices) if t is not None]
    if len(defined) != 1 or defined[0][1]._dtype not in (D.bool, D.uint8):
        return None
    p, mask = defined[0]
    tshape, k = target._shape, len(mask._shape)
    _check_mask_shape(mask, tshape, p)
    trailing = len(tshape) - p - k
    if trailing:
        mask = mask._alias(mask._shape + (1,) * trailing, mask._strides + (0,) * trailing)
    return _masked_fill_plan(target, mask, values.reshape(()) if values._shape else values)


def _index_put_plan(target, indices, values, accumulate):
    """Validates ``target.index_put_(indices, values, accumulate)`` (``indices``: one
    entry per dim of target, None where not indexed); returns the write."""
    if _has_internal_overlap(target):
        _warn(_EXPANDED.format("index_put_", "tensor[indices] = tensor"))
    if not accumulate:
        plan = _masked_fill_dispatch(target, indices, values)
        if plan is not None:
            return plan
    _assert_no_overlap(target, values)
    for t in indices:
        if t is not None:
            _assert_no_overlap(target, t)
    adv = _Advanced(target, indices)
    vshape, rshape = values._shape, adv.shape
    if len(vshape) > len(rshape) or any(v != 1 and v != r for v, r in zip(vshape[::-1], rshape[::-1])):
        raise RuntimeError(f"shape mismatch: value tensor of shape {_shape_str(vshape)} cannot be broadcast to "
                           f"indexing result of shape {_shape_str(rshape)}")
    if values._dtype is not target._dtype:
        raise RuntimeError(f"Index put requires the source and destination dtypes match, got "
                           f"{target._dtype.short_name} for the destination and {values._dtype.short_name} for the "
                           "source.")
    adv.check_bounds()
    if values.device != target.device:
        values = values.to(target.device)
    return lambda: adv.write(values._array(), accumulate)


def _copy_to_plan(view, value):
    """Validates ``view[...] = value`` for a basic-indexed view; returns the write."""
    if value._shape == view._shape:
        src = value
    elif not value._shape:
        src = value.expand(view._shape)
    else:
        src = _strip_leading_ones(value).expand(view._shape)
    _check_writable(view)
    _assert_no_partial_overlap(view, value)
    return lambda: view._copy_from(src) if view.numel() else None


# ---- dim-wise ops: shared validation ----------------------------------------------------------------------------
def _host(a):
    return a if _is_host(a) else a.get()


def _first_outside(index_arr, lo, hi):
    """Row-major position of the first index outside [lo, hi), or -1."""
    if _is_host(index_arr):
        return _indexing.first_outside(index_arr, lo, hi)
    flags = _host((index_arr < lo) | (index_arr >= hi)).reshape(-1)
    return int(flags.argmax()) if flags.any() else -1


def _value_at(index_arr, pos):
    return int(np.asarray(_host(index_arr)).reshape(-1)[pos])


def _scatter_shape_check(self, d, index, src):
    ishape, sshape = index._shape, self._shape
    if index.numel() == 0:
        return
    nd = len(_nonempty(sshape))
    if len(_nonempty(sshape)) != len(_nonempty(ishape)):
        raise RuntimeError("Index tensor must have the same number of dimensions as self tensor")
    isz, ssz = _nonempty(ishape), _nonempty(sshape)
    wrong = any(isz[k] > ssz[k] for k in range(nd) if k != d)
    if not wrong and src is not None and src._shape:
        for k in range(nd):
            if k >= len(src._shape):
                rank = len(src._shape)
                raise IndexError(f"Dimension out of range (expected to be in range of [{-rank}, {rank - 1}], but got {k})")
            if isz[k] > src._shape[k]:
                wrong = True
                break
    if wrong:
        if src is not None:
            raise RuntimeError(f"Expected index {_shape_str(ishape)} to be no larger than self {_shape_str(sshape)} "
                               f"apart from dimension {d} and to be no larger size than src {_shape_str(src._shape)}")
        raise RuntimeError(f"Expected index {_shape_str(ishape)} to be no larger than self {_shape_str(sshape)} "
                           f"apart from dimension {d}")
    if src is not None and len(_nonempty(src._shape)) != len(isz):
        raise RuntimeError("Index tensor must have the same number of dimensions as src tensor")


def _scatter_into(self, d, index, src_arr, op):
    """Runs the scatter kernel: ``self`` (0-d viewed as 1-d) at ``index`` along ``d``
    gets ``src_arr`` (index-shaped or larger) copied / added / multiplied in."""
    dst = _arr1d(self)
    idx = _arr1d(index)
    if src_arr.ndim == 0:
        src_arr = src_arr.reshape(1)
    if idx.size == 0:
        return
    if not _is_host(dst) or (op and not _indexing.reduce_supported(dst.dtype)):
        xp = backend_for(self.device).xp
        src_arr = src_arr[tuple(slice(0, n) for n in idx.shape)]
        key = tuple(idx if k == d else xp.arange(n).reshape((-1,) + (1,) * (idx.ndim - k - 1))
                    for k, n in enumerate(idx.shape))
        if op == 0:
            dst[key] = src_arr
        else:
            _ufunc_at(xp.add if op == 1 else xp.multiply, dst, key, src_arr)
        return
    bad = _indexing.scatter(dst, idx, src_arr, d, op)
    if bad != -1:  # validated by the caller already; kept as a guard
        raise RuntimeError(f"index {_value_at(idx, bad)} is out of bounds for dimension {d} with size {dst.shape[d]}")


def _bind(args, kwargs, names):
    """Binds ``args`` / ``kwargs`` to parameter ``names`` (None on a clash or unknown keyword)."""
    if len(args) > len(names):
        return None
    bound = dict(zip(names, args))
    for key, v in kwargs.items():
        if key not in names or key in bound:
            return None
        bound[key] = v
    return bound


def _parse_scatter(name, args, kwargs):
    """Resolves scatter's overloads -- (dim, index, src, *, reduce) and (dim, index, value,
    *, reduce) -- to (dim, index, src tensor or None, scalar, reduce) as PyTorch's parser does."""
    options = {k: v for k, v in kwargs.items() if k != "reduce"}
    reduce = kwargs.get("reduce")
    bound = None
    if "value" not in options:
        bound = _bind(args, options, ("dim", "index", "src"))
    if bound is None and "src" not in options:
        bound = _bind(args, options, ("dim", "index", "value"))
    ok = bound is not None and len(bound) == 3 and ("reduce" not in kwargs or isinstance(reduce, str))
    if ok:
        dim, index = bound["dim"], bound["index"]
        third = bound.get("src", bound.get("value"))
        ok = not isinstance(dim, bool) and isinstance(dim, (int, np.integer)) and isinstance(index, TensorBase)
        if ok and isinstance(third, TensorBase) and "value" not in bound:
            return dim, index, third, None, reduce
        if ok and _is_number(third) and "src" not in options:
            return dim, index, None, third, reduce
    raise _invalid_args(name, args, kwargs, _SCATTER_SIGNATURES)


def _expanded_index(index, d, shape):
    """A 1-d index along dim ``d`` presented (stride 0) as an index of ``shape``."""
    n = index.numel()
    nd = len(shape)
    view_shape = tuple(n if k == d else 1 for k in range(nd))
    flat = index.reshape(n)
    strides = tuple(flat._strides[0] if k == d else 0 for k in range(nd))
    return flat._alias(view_shape, strides).expand(shape)


# ---- the mixin ------------------------------------------------------------------------------------------------
class IndexingMixin:
    # ---- t[index] ---------------------------------------------------------------------------------------
    def _apply_index(self, index):
        """Applies the basic part of ``index``; returns (view, indices) where
        ``indices`` gives per dim of ``view`` an index tensor or None, or is None
        when ``index`` has no advanced part."""
        parsed = [_classify(item) for item in _index_items(index)]
        nd = len(self._shape)
        specified = 0
        for kind, payload in parsed:
            if kind == _INT or kind == _SLICE or kind == _TENSOR:
                specified += 1
            elif kind == _MASK:
                specified += len(payload._shape)
        if specified > nd:
            raise IndexError(f"too many indices for tensor of dimension {nd}")
        view, dim, advanced, ellipsis_done = self, 0, None, False
        for real_dim, (kind, payload) in enumerate(parsed):
            if kind == _INT:
                size = view._shape[dim]
                if not -size <= payload < size:
                    raise IndexError(f"index {payload} is out of bounds for dimension {real_dim} with size {size}")
                view = view.select(dim, payload)
            elif kind == _SLICE:
                view = _slice_dim(view, dim, payload)
                dim += 1
            elif kind == _NONE:
                view = view.unsqueeze(dim)
                dim += 1
            elif kind == _ELLIPSIS:
                if not ellipsis_done:
                    dim += nd - specified
                    ellipsis_done = True
            elif kind == _BOOL:
                view = view.unsqueeze(dim)
                advanced = advanced or {}
                advanced[dim] = _bool_index(payload, self.device)
                dim += 1
            else:
                advanced = advanced or {}
                # index tensors on another device are moved to the indexed tensor's, as PyTorch does
                advanced[dim] = payload if payload.device == self.device else payload.to(self.device)
                dim += len(payload._shape) if kind == _MASK else 1
        if advanced is None:
            if view is self:  # t[...], t[()]: an alias
                view = self._record_view(self._alias(self._shape, self._strides), "AliasBackward0", None)
            return view, None
        return view, [advanced.get(i) for i in range(len(view._shape))]

    def __getitem__(self, index):
        if type(index) is int:
            if not self._shape:
                raise IndexError(_ZERO_DIM_INDEX)
            size = self._shape[0]
            if not -size <= index < size:
                raise IndexError(f"index {index} is out of bounds for dimension 0 with size {size}")
            return self.select(0, index)
        if type(index) is slice:
            if not self._shape:
                raise IndexError("slice() cannot be applied to a 0-dim tensor.")
            return _slice_dim(self, 0, index)
        view, indices = self._apply_index(index)
        if indices is None:
            return view
        adv = _Advanced(view, indices)
        adv.check_bounds()
        return view._record_result(adv.read(), "IndexBackward0", (view,), indices=indices)

    def _setitem_value(self, value):
        if isinstance(value, TensorBase):
            return value
        if isinstance(value, (bool, int, float, complex, np.integer)):
            return _scalar_tensor(value, self._dtype, self.device)
        raise TypeError(f"can't assign a {_tp_name(value)} to a {self.type()}")

    def __setitem__(self, index, value):
        value = self._setitem_value(value)
        if index is False:
            return
        if index is True or index is None:
            view, indices = self.unsqueeze(0), None
        elif type(index) is int and not self._shape:
            raise IndexError(_ZERO_DIM_INDEX)
        else:
            view, indices = self._apply_index(index)
        if indices is None:
            write = _copy_to_plan(view, value)
        else:
            write = _index_put_plan(view, indices, _strip_leading_ones(value), False)
        self._check_inplace(value)
        write()
        self._version_counter.bump()
        self._record_inplace("CopySlices", (value,), view=view, indices=indices)

    # ---- index_put --------------------------------------------------------------------------------------
    def index_put_(self, indices, values, accumulate=False):
        if not isinstance(indices, (tuple, list)):
            raise TypeError(f"index_put_(): argument 'indices' (position 1) must be tuple of Tensors, not "
                            f"{_arg_type(indices)}")
        for i, t in enumerate(indices):
            if not isinstance(t, TensorBase):
                raise TypeError(f"expected Tensor as element {i} in argument 0, but got {_tp_name(t)}")
        _require_tensor(values, "index_put_", "values", 2)
        nd = len(self._shape)
        if len(indices) > nd:
            raise IndexError(f"too many indices for tensor of dimension {nd} (got {len(indices)})")
        if not indices:  # PyTorch fails inside; its messages are kept
            if nd == 0:
                raise RuntimeError("masked_fill_ only supports boolean masks, but got mask with dtype nullptr "
                                   "(uninitialized)")
            raise RuntimeError("sym_strides() called on an undefined Tensor")
        only = indices[0]
        if len(indices) == 1 and not only._shape and only._dtype in (D.bool, D.uint8) and not accumulate and \
                values.numel() == 1:  # a lone 0-dim mask: PyTorch's masked_fill_ path takes it whole
            if _has_internal_overlap(self):
                _warn(_EXPANDED.format("index_put_", "tensor[indices] = tensor"))
            indices = [only] + [None] * (nd - 1)
            write = _masked_fill_plan(self, only, values.reshape(()) if values._shape else values)
        else:
            indices = _per_dim(indices, nd)
            write = _index_put_plan(self, indices, values, bool(accumulate))
        self._check_inplace(values)
        write()
        self._version_counter.bump()
        return self._record_inplace("IndexPutBackward0", (values,), indices=indices, accumulate=bool(accumulate))

    def index_put(self, indices, values, accumulate=False):
        out = self.detach().clone()
        out.index_put_(indices, values, accumulate)
        indices = _per_dim(indices, len(self._shape))
        return self._record_result(out, "IndexPutBackward0", (self, values), indices=indices,
                                   accumulate=bool(accumulate))

    # ---- masked ops -------------------------------------------------------------------------------------
    def masked_fill_(self, mask, value):
        if not isinstance(mask, TensorBase) or not (isinstance(value, TensorBase) or _is_number(value)):
            raise _invalid_args("masked_fill_", (mask, value), {}, ("(Tensor mask, Tensor value)",
                                                                   "(Tensor mask, Number value)"))
        write = _masked_fill_plan(self, mask, value)
        self._check_inplace(value)
        write()
        self._version_counter.bump()
        if isinstance(value, TensorBase):
            return self._record_inplace("MaskedFillBackward1", (value,), mask=mask)
        return self._record_inplace("MaskedFillBackward0", (), mask=mask)

    def masked_fill(self, mask, value):
        if not isinstance(mask, TensorBase) or not (isinstance(value, TensorBase) or _is_number(value)):
            raise _invalid_args("masked_fill", (mask, value), {}, ("(Tensor mask, Tensor value)",
                                                                  "(Tensor mask, Number value)"))
        shape = _layout.broadcast_shapes(self._shape, mask._shape)
        out = (self if shape == self._shape else self.expand(shape)).detach().clone()
        write = _masked_fill_plan(out, mask, value)
        write()
        if isinstance(value, TensorBase):
            return self._record_result(out, "MaskedFillBackward1", (self, value), mask=mask)
        return self._record_result(out, "MaskedFillBackward0", (self,), mask=mask)

    def masked_select(self, mask):
        _require_tensor(mask, "masked_select", "mask", 1)
        return self._record_result(_masked_select(self, mask), "MaskedSelectBackward0", (self,), mask=mask)

    def masked_scatter_(self, mask, source):
        _require_tensor(mask, "masked_scatter_", "mask", 1)
        _require_tensor(source, "masked_scatter_", "source", 2)
        write = _masked_scatter_plan(self, mask, source)
        self._check_inplace(source)
        write()
        self._version_counter.bump()
        return self._record_inplace("MaskedScatterBackward0", (source,), mask=mask)

    def masked_scatter(self, mask, source):
        _require_tensor(mask, "masked_scatter", "mask", 1)
        _require_tensor(source, "masked_scatter", "source", 2)
        if mask._dtype is not D.bool:
            if mask._dtype is D.uint8:
                _warn(_UINT8_MASKED_SCATTER)
            raise RuntimeError(f"masked_scatter_ only supports boolean masks, but got mask with dtype "
                               f"{mask._dtype.short_name}")
        shape = _layout.broadcast_shapes(self._shape, mask._shape)
        out = (self if shape == self._shape else self.expand(shape)).detach().clone()
        _masked_scatter_plan(out, mask, source)()
        return self._record_result(out, "MaskedScatterBackward0", (self, source), mask=mask)

    # ---- gather / scatter -------------------------------------------------------------------------------
    def gather(self, dim, index, *, sparse_grad=False, **unexpected):
        for key in unexpected:
            raise TypeError(f"gather() got an unexpected keyword argument '{key}'")
        _require_int(dim, "gather", "dim", 1)
        _require_tensor(index, "gather", "index", 2)
        out = _gather(self, dim, index)
        return self._record_result(out, "GatherBackward0", (self,), dim=_layout.normalize_dim(dim, len(self._shape)),
                                   index=index)

    def scatter_(self, *args, **kwargs):
        dim, index, src_t, scalar, reduce = _parse_scatter("scatter_", args, kwargs)
        write = _scatter_plan(self, dim, index, src_t, scalar, reduce)
        self._check_inplace(*((src_t,) if src_t is not None else ()))
        write()
        self._version_counter.bump()
        d = _layout.normalize_dim(dim, len(self._shape))
        name = "ScatterBackward0" if src_t is not None else "ScatterBackward1"
        if reduce is not None:
            name = "NotImplemented"  # PyTorch has no derivative for scatter with reduce=
        return self._record_inplace(name, (src_t,) if src_t is not None else (), dim=d, index=index, reduce=reduce,
                                    op="aten::scatter_")

    def scatter(self, *args, **kwargs):
        dim, index, src_t, scalar, reduce = _parse_scatter("scatter", args, kwargs)
        out = self.detach().clone()
        _scatter_plan(out, dim, index, src_t, scalar, reduce)()
        d = _layout.normalize_dim(dim, len(self._shape))
        name = "ScatterBackward0" if src_t is not None else "ScatterBackward1"
        if reduce is not None:
            name = "NotImplemented"  # PyTorch has no derivative for scatter with reduce=
        return self._record_result(out, name, (self, src_t) if src_t is not None else (self,), dim=d, index=index,
                                   reduce=reduce, op="aten::scatter")

    def scatter_add_(self, dim, index, src):
        _require_int(dim, "scatter_add_", "dim", 1)
        _require_tensor(index, "scatter_add_", "index", 2)
        _require_tensor(src, "scatter_add_", "src", 3)
        write = _scatter_plan(self, dim, index, src, None, "add", warn=False)
        self._check_inplace(src)
        write()
        self._version_counter.bump()
        return self._record_inplace("ScatterAddBackward0", (src,), dim=_layout.normalize_dim(dim, len(self._shape)),
                                    index=index)

    def scatter_add(self, dim, index, src):
        _require_int(dim, "scatter_add", "dim", 1)
        _require_tensor(index, "scatter_add", "index", 2)
        _require_tensor(src, "scatter_add", "src", 3)
        out = self.detach().clone()
        _scatter_plan(out, dim, index, src, None, "add", warn=False)()
        return self._record_result(out, "ScatterAddBackward0", (self, src),
                                   dim=_layout.normalize_dim(dim, len(self._shape)), index=index)

    # ---- index_* ---------------------------------------------------------------------------------------
    def index_select(self, dim, index):
        _require_int(dim, "index_select", "dim", 1)
        _require_tensor(index, "index_select", "index", 2)
        out = _index_select(self, dim, index)
        return self._record_result(out, "IndexSelectBackward0", (self,),
                                   dim=_layout.normalize_dim(dim, len(self._shape)), index=index)

    def index_fill_(self, dim, index, value):
        if isinstance(dim, bool) or not isinstance(dim, (int, np.integer)) or not isinstance(index, TensorBase) or \
                not (isinstance(value, TensorBase) or _is_number(value)):
            raise _invalid_args("index_fill_", (dim, index, value), {},
                                ("(int dim, Tensor index, Tensor value)", "(int dim, Tensor index, Number value)"))
        write = _index_fill_plan(self, dim, index, value)
        self._check_inplace(*((value,) if isinstance(value, TensorBase) else ()))
        write()
        self._version_counter.bump()
        d = _layout.normalize_dim(dim, len(self._shape))
        if isinstance(value, TensorBase):
            return self._record_inplace("IndexFillBackward1", (value,), dim=d, index=index)
        return self._record_inplace("IndexFillBackward0", (), dim=d, index=index)

    def index_fill(self, dim, index, value):
        if isinstance(dim, bool) or not isinstance(dim, (int, np.integer)) or not isinstance(index, TensorBase) or \
                not (isinstance(value, TensorBase) or _is_number(value)):
            raise _invalid_args("index_fill", (dim, index, value), {},
                                ("(int dim, Tensor index, Tensor value)", "(int dim, Tensor index, Number value)"))
        out = self.detach().clone()
        _index_fill_plan(out, dim, index, value)()
        d = _layout.normalize_dim(dim, len(self._shape))
        if isinstance(value, TensorBase):
            return self._record_result(out, "IndexFillBackward1", (self, value), dim=d, index=index)
        return self._record_result(out, "IndexFillBackward0", (self,), dim=d, index=index)

    def index_copy_(self, dim, index, source):
        _require_int(dim, "index_copy_", "dim", 1)
        _require_tensor(index, "index_copy_", "index", 2)
        _require_tensor(source, "index_copy_", "source", 3)
        write = _index_copy_plan(self, dim, index, source)
        self._check_inplace(source)
        write()
        self._version_counter.bump()
        return self._record_inplace("IndexCopyBackward0", (source,), dim=_layout.normalize_dim(dim, len(self._shape)),
                                    index=index)

    def index_copy(self, dim, index, source):
        _require_int(dim, "index_copy", "dim", 1)
        _require_tensor(index, "index_copy", "index", 2)
        _require_tensor(source, "index_copy", "source", 3)
        out = self.detach().clone()
        _index_copy_plan(out, dim, index, source)()
        return self._record_result(out, "IndexCopyBackward0", (self, source),
                                   dim=_layout.normalize_dim(dim, len(self._shape)), index=index)

    def index_add_(self, dim, index, source, *, alpha=1):
        _require_int(dim, "index_add_", "dim", 1)
        _require_tensor(index, "index_add_", "index", 2)
        _require_tensor(source, "index_add_", "source", 3)
        write = _index_add_plan(self, dim, index, source, alpha)
        self._check_inplace(source)
        write()
        self._version_counter.bump()
        return self._record_inplace("IndexAddBackward0", (source,), dim=_layout.normalize_dim(dim, len(self._shape)),
                                    index=index, alpha=alpha)

    def index_add(self, dim, index, source, *, alpha=1):
        _require_int(dim, "index_add", "dim", 1)
        _require_tensor(index, "index_add", "index", 2)
        _require_tensor(source, "index_add", "source", 3)
        out = self.detach().clone()
        _index_add_plan(out, dim, index, source, alpha)()
        return self._record_result(out, "IndexAddBackward0", (self, source),
                                   dim=_layout.normalize_dim(dim, len(self._shape)), index=index, alpha=alpha)

    # ---- take / put -------------------------------------------------------------------------------------
    def take(self, index):
        _require_tensor(index, "take", "index", 1)
        return self._record_result(_take(self, index), "TakeBackward0", (self,), index=index)

    def put_(self, index, source, accumulate=False):
        _require_tensor(index, "put_", "index", 1)
        _require_tensor(source, "put_", "source", 2)
        write = _put_plan(self, index, source, bool(accumulate))
        self._check_inplace(source)
        write()
        self._version_counter.bump()
        return self._record_inplace("PutBackward0", (source,), index=index, accumulate=bool(accumulate))

    def put(self, index, source, accumulate=False):
        _require_tensor(index, "put", "index", 1)
        _require_tensor(source, "put", "source", 2)
        out = self.detach().clone()
        _put_plan(out, index, source, bool(accumulate))()
        return self._record_result(out, "PutBackward0", (self, source), index=index, accumulate=bool(accumulate))

    # ---- nonzero / where --------------------------------------------------------------------------------
    def nonzero(self, *, as_tuple=False):
        if as_tuple:
            return _nonzero_tuple(self)
        return _nonzero(self)

    def argwhere(self):
        return _nonzero(self)

    def where(self, condition, other=_MISSING):
        if other is _MISSING:
            raise _invalid_args("where", (condition,), {}, ("(Tensor condition, Tensor other)",
                                                           "(Tensor condition, Number other)"))
        return where(condition, self, other)


# ---- op bodies ----------------------------------------------------------------------------------------------
def _same_device(*tensors):
    """Index ops need every tensor on one device (no 0-d CPU exemption)."""
    devices = [t.device for t in tensors if isinstance(t, TensorBase)]
    common = next((d for d in devices if d.type != "cpu"), devices[0])
    for d in devices:
        if d != common:
            raise RuntimeError(
                f"Expected all tensors to be on the same device, but found at least two devices, {common} and {d}!")


def _gather(self, dim, index):
    _same_device(self, index)
    nd = len(self._shape)
    d = _layout.normalize_dim(dim, nd)
    if index._dtype not in _INDEX_DTYPES:
        raise RuntimeError("gather(): Expected dtype int32/int64 for index")
    ishape, sshape = _nonempty(index._shape), _nonempty(self._shape)
    if len(ishape) != len(sshape):
        raise RuntimeError("Index tensor must have the same number of dimensions as input tensor")
    for k in range(len(sshape)):
        if k != d and ishape[k] > sshape[k]:
            raise RuntimeError(f"Size does not match at dimension {k} expected index {_shape_str(index._shape)} to be "
                               f"no larger than self {_shape_str(self._shape)} apart from dimension {d}")
    out = empty_tensor(index._shape, self._dtype, self.device)
    if out.numel() == 0:
        return out
    src, idx, dst = _arr1d(self), _arr1d(index), _arr1d(out)
    if _is_host(src):
        bad = _indexing.gather(dst, src, idx, d)
    else:
        bad = _first_outside(idx, 0, src.shape[d])
        if bad == -1:
            xp = backend_for(self.device).xp
            dst[...] = xp.take_along_axis(src[tuple(slice(0, n) if k != d else slice(None)
                                                    for k, n in enumerate(idx.shape))], idx, axis=d)
    if bad != -1:
        raise RuntimeError(f"index {_value_at(idx, bad)} is out of bounds for dimension {d} with size {src.shape[d]}")
    return out


def _scatter_plan(self, dim, index, src, value, reduce, warn=True):
    _same_device(self, index, src)
    nd = len(self._shape)
    d = _layout.normalize_dim(dim, nd)
    if index._dtype not in _INDEX_DTYPES:
        raise RuntimeError("scatter(): Expected dtype int32/int64 for index")
    if src is not None and src._dtype is not self._dtype:
        raise RuntimeError("scatter(): Expected self.dtype to be equal to src.dtype")
    op = 0
    if reduce is not None:
        if reduce not in ("add", "multiply"):
            raise RuntimeError("reduce argument must be either add or multiply.")
        global _reduce_warned
        if warn and src is not None and not _reduce_warned:
            _reduce_warned = True
            _warn("The reduce argument of torch.scatter with Tensor src is deprecated and will be removed in a future "
                  "PyTorch release. Use torch.scatter_reduce instead for more reduction options.")
        op = 1 if reduce == "add" else 2
    _scatter_shape_check(self, d, index, src)
    _check_writable(self)
    _assert_no_overlap(self, index)
    if src is not None:
        _assert_no_overlap(self, src)
    size = _nonempty(self._shape)[d]
    idx = _arr1d(index)
    bad = _first_outside(idx, 0, size)
    if bad != -1:
        raise RuntimeError(f"index {_value_at(idx, bad)} is out of bounds for dimension {d} with size {size}")
    if src is not None:
        src_arr = src._array() if src.device == self.device else src.to(self.device)._array()
    else:
        xp = backend_for(self.device).xp
        src_arr = xp.broadcast_to(xp.asarray(_checked_scalar(value, self._dtype)), idx.shape)
    return lambda: _scatter_into(self, d, index, src_arr, op)


def _index_select(self, dim, index):
    _same_device(self, index)
    nd = len(self._shape)
    d = _layout.normalize_dim(dim, nd)
    if len(index._shape) > 1:
        raise IndexError("index_select(): Index is supposed to be a vector")
    n = index.numel()
    if nd == 0 and n != 1:
        raise RuntimeError(f"index_select(): Index to scalar can have only 1 value, got {n} value(s)")
    if index._dtype not in _INDEX_DTYPES:
        raise RuntimeError("index_select(): Expected dtype int32 or int64 for index")
    shape = self._shape[:d] + (n,) + self._shape[d + 1:] if nd else ()
    out = empty_tensor(shape, self._dtype, self.device)
    idx = index._array().reshape(n)
    size = _nonempty(self._shape)[d]
    if nd > 1:
        if n == 0:
            return out
        if self.numel() == 0:
            if size == 0:
                raise RuntimeError("index_select(): self indexing axis dim should be positive")
            bad = _first_outside(idx, 0, size)
            if bad != -1:
                raise RuntimeError(f"INDICES element is out of DATA bounds, id={_value_at(idx, bad)} axis_dim={size}")
            return out
        bad = _first_outside(idx, 0, size)
        if bad != -1:
            if d == 1:
                raise RuntimeError(f"INDICES element is out of DATA bounds, id={_value_at(idx, bad)} axis_dim={size}")
            raise IndexError("index out of range in self")
    elif _first_outside(idx, 0, size) != -1:
        raise IndexError("index out of range in self")
    if out.numel():
        backend_for(self.device).take(_arr1d(self), idx, d, _arr1d(out))
    return out


def _index_fill_plan(self, dim, index, value):
    if isinstance(value, TensorBase) and value._shape:
        raise RuntimeError("index_fill_ only supports a 0-dimensional value tensor, but got tensor with "
                           f"{len(value._shape)} dimension(s).")
    if index._dtype is not D.int64:
        raise IndexError("index_fill_(): Expected dtype int64 for index.")
    nd = len(self._shape)
    d = _layout.normalize_dim(dim, nd)
    if len(index._shape) > 1:
        raise RuntimeError("Index has to be a vector/scalar")
    if _has_internal_overlap(self):
        _warn(_EXPANDED.format("index_fill_", "tensor[mask] = scalar"))
    _assert_no_overlap(self, index)
    size = _nonempty(self._shape)[d]
    idx = index._array().reshape(-1)
    if self.numel() == 0 and (size != 0 or 0 in self._shape[:d] + self._shape[d + 1:]):
        return lambda: None  # nothing to fill; PyTorch checks no index then
    bad = _first_outside(idx, -size, size)
    if bad != -1:
        raise IndexError(f"index {_value_at(idx, bad)} is out of bounds for dimension {d} with size {size}")
    scalar = _checked_scalar(value, self._dtype)

    def write():
        if idx.size and self.numel():
            xp = backend_for(self.device).xp
            wrapped = xp.where(idx < 0, idx + size, idx)
            dst = _arr1d(self)
            dst[(slice(None),) * d + (wrapped,)] = scalar
    return write


def _index_copy_plan(self, dim, index, source):
    if len(index._shape) > 1:
        raise IndexError(f"index_copy_(): Index should have dimension 1 or 0 (got {len(index._shape)})")
    if index._dtype is not D.int64:
        raise RuntimeError(f"index_copy_(): Expected a long tensor for index, but got {index._dtype.short_name}")
    if source._dtype is not self._dtype:
        raise RuntimeError(f"index_copy_(): self and source expected to have the same dtype, but got (self) "
                           f"{self._dtype.short_name} and (source) {source._dtype.short_name}")
    nd = len(self._shape)
    d = _layout.normalize_dim(dim, nd)
    n = index.numel()
    if source._shape and self._shape:
        if len(source._shape) != nd:
            raise IndexError("index_copy_(): When source and destination are not scalars, their dimensionality must "
                             f"match. Source dimensionality ({len(source._shape)}), destination dimensionality ({nd})")
        dst_slice = self._shape[:d] + self._shape[d + 1:]
        src_slice = source._shape[:d] + source._shape[d + 1:]
        if dst_slice != src_slice:
            raise RuntimeError("index_copy_(): Source/destination tensor must have same slice shapes. Destination "
                               f"slice shape: {' '.join(map(str, dst_slice))} at dimension {d} and source slice "
                               f"shape: {' '.join(map(str, src_slice))} at dimension 0.")
    src_size = _nonempty(source._shape)[d] if source._shape else 1
    if n != src_size:
        raise IndexError(f"index_copy_(): Number of indices ({n}) should be equal to source.size(dim) ({src_size})")
    _check_writable(self)
    _assert_no_overlap(self, index)
    _assert_no_overlap(self, source)
    size = _nonempty(self._shape)[d]
    idx = index._array().reshape(-1)
    if self.numel() == 0 and (size != 0 or 0 in self._shape[:d] + self._shape[d + 1:]):
        return lambda: None  # nothing to copy; PyTorch checks no index then
    bad = _first_outside(idx, 0, size)
    if bad != -1:
        raise IndexError(f"index_copy_(): index {_value_at(idx, bad)} is out of bounds for dimension {d} with size "
                         f"{size}")
    return _dimwise_writer(self, d, index, source, 0)


def _dimwise_writer(self, d, index, source, op):
    """The write of index_copy_ / index_add_: slice ``i`` of ``source`` along ``d``
    goes to slice ``index[i]`` of ``self`` (a scatter with a stride-0 index)."""
    sshape = _nonempty(self._shape)
    src_shape = sshape[:d] + (index.numel(),) + sshape[d + 1:]

    def write():
        if index.numel() == 0 or self.numel() == 0:
            return
        src = source.reshape(src_shape) if source._shape != src_shape else source
        idx = _expanded_index(index, d, src_shape)
        src_arr = src._array() if src.device == self.device else src.to(self.device)._array()
        _scatter_into(self, d, idx, src_arr, op)
    return write


def _index_add_plan(self, dim, index, source, alpha):
    if len(index._shape) > 1:
        raise IndexError(f"index_add_(): Index is supposed to be a vector, but got dim: {len(index._shape)} with type: "
                         f"{index._dtype.short_name} and size: {_shape_str(index._shape)}")
    if index._dtype not in _INDEX_DTYPES:
        raise RuntimeError(f"index_add_(): Expected dtype int32/int64 for index but got: {index._dtype.short_name}")
    if source._dtype is not self._dtype:
        raise RuntimeError(f"index_add_(): self ({self._dtype.short_name}) and source ({source._dtype.short_name}) "
                           "must have the same scalar type")
    nd = len(self._shape)
    d = _layout.normalize_dim(dim, nd)
    n = index.numel()
    src_size = source._shape[d] if d < len(source._shape) else 1
    if n != src_size:
        raise RuntimeError(f"index_add_(): Number of indices ({n}) should be equal to source.size(dim): ({src_size}), "
                           f"for dim: {d}")
    if len(source._shape) != nd or any(a != b for k, (a, b) in enumerate(zip(self._shape, source._shape)) if k != d):
        raise RuntimeError("source tensor shape must match self tensor shape, excluding the specified dimension. "
                           f"Got self.shape = {_shape_str(self._shape)} source.shape = {_shape_str(source._shape)}")
    _check_writable(self)
    _assert_no_overlap(self, index)
    _assert_no_overlap(self, source)
    size = _nonempty(self._shape)[d]
    idx = index._array().reshape(-1)
    if nd > 1 and self.numel() == 0:
        return lambda: None
    bad = _first_outside(idx, 0, size)
    if bad != -1:
        if nd > 1 and d in (0, nd - 1) and index._dtype is D.int64 and alpha == 1:  # PyTorch's scatter path
            raise RuntimeError(f"index {_value_at(idx, bad)} is out of bounds for dimension {d} with size {size}")
        raise IndexError("index out of range in self")
    if _is_number(alpha) and not isinstance(alpha, (bool, np.bool_)) and alpha != 1 and self._dtype is not D.bool:
        source = _scaled(source, alpha, self._dtype)
    return _dimwise_writer(self, d, index, source, 1)


def _scaled(source, alpha, dtype):
    """``source * alpha`` in ``dtype`` (integer dtypes truncate alpha, as PyTorch does), on source's device."""
    factor = int(alpha) if not dtype.is_floating_point else alpha
    return source.detach().to(dtype).mul(factor)


def _take(self, index):
    if index._dtype is not D.int64:
        raise RuntimeError(f"take(): Expected a long tensor for index, but got {index._dtype.short_name}")
    n = self.numel()
    out = empty_tensor(index._shape, self._dtype, self.device)
    if index.numel() == 0:
        return out
    if n == 0:
        raise IndexError("take(): tried to take from an empty tensor")
    idx = index._array()
    bad = _first_outside(idx, -n, n)
    if bad != -1:
        raise IndexError(f"out of range: tried to access index {_value_at(idx, bad)} on a tensor of {n} elements.")
    flat = self._array().reshape(-1)
    backend_for(self.device).take(flat, idx, None, out._array())
    return out


def _put_plan(self, index, source, accumulate):
    if index._dtype is not D.int64:
        raise RuntimeError(f"put_(): Expected a long tensor for index, but got {index._dtype.short_name}")
    if source._dtype is not self._dtype:
        raise RuntimeError(f"put_(): self and source expected to have the same dtype, but got self.dtype = "
                           f"{self._dtype.short_name} and source.dtype = {source._dtype.short_name}")
    if source.numel() != index.numel():
        raise IndexError(f"put_(): Expected source and index to have the same number of elements, but got "
                         f"source.numel() = {source.numel()}, index.numel() = {index.numel()}")
    n = self.numel()
    if n == 0 and index.numel():
        raise IndexError("put_(): Tried to put elements into an empty tensor")
    _check_writable(self)
    _assert_no_overlap(self, index)
    _assert_no_overlap(self, source)
    idx = index._array().reshape(-1)
    bad = _first_outside(idx, -n, n)
    if bad != -1:
        raise IndexError(f"out of range: tried to access index {_value_at(idx, bad)} on a tensor of {n} elements.")

    def write():
        if idx.size == 0:
            return
        xp = backend_for(self.device).xp
        linear = xp.where(idx < 0, idx + n, idx)
        if _layout.is_contiguous(self._shape, self._strides):
            offsets = linear + self._offset
        else:
            offsets = xp.full(linear.shape, self._offset, dtype=np.int64)
            rest = linear
            for size, stride in zip(self._shape[::-1], self._strides[::-1]):
                offsets += (rest % size) * stride
                rest = rest // size
        values = source._array().reshape(-1)
        flat = self._storage.data
        if accumulate:
            _ufunc_at(xp.add, flat, offsets, values)
        else:
            flat[offsets] = values
    return write


def _masked_select(self, mask):
    if mask._dtype is not D.bool:
        raise RuntimeError("masked_select: expected BoolTensor for mask")
    shape = _layout.broadcast_shapes(mask._shape, self._shape)
    xp = backend_for(self.device).xp
    src = xp.broadcast_to(self._array(), shape)
    m = xp.broadcast_to(mask._array(), shape)
    n = int(xp.count_nonzero(m))
    out = empty_tensor((n,), self._dtype, self.device)
    if n:
        backend_for(self.device).copy_into(out._array(), src[m])
    return out


def _masked_scatter_plan(self, mask, source):
    if source._dtype is not self._dtype:
        raise RuntimeError(f"masked_scatter: expected self and source to have same dtypes but got"
                           f"{self._dtype.short_name} and {source._dtype.short_name}")
    if mask._dtype is not D.bool:
        if mask._dtype is D.uint8:
            _warn(_UINT8_MASKED_SCATTER)
        raise RuntimeError(f"masked_scatter_ only supports boolean masks, but got mask with dtype "
                           f"{mask._dtype.short_name}")
    _check_writable(self)
    shape, strides = _layout.expand_strides(mask._shape, mask._strides, self._shape, "CPUBoolType")
    mask_b = mask._alias(shape, strides)
    xp = backend_for(self.device).xp
    m = mask_b._array()
    count = int(xp.count_nonzero(m)) if m.size else 0
    if count > source.numel():
        raise RuntimeError("Number of elements of source < number of ones in mask")

    def write():
        if count:
            self._array()[m] = source._array().reshape(-1)[:count]
    return write


def _nonzero_arrays(self):
    xp = backend_for(self.device).xp
    a = self._array()
    if a.ndim == 0:
        return (xp.zeros(1 if a.item() != 0 else 0, dtype=np.int64),)
    return xp.nonzero(a)


def _nonzero(self):
    parts = _nonzero_arrays(self)
    nd = len(self._shape)
    n = parts[0].shape[0]
    out = empty_tensor((n, nd), D.int64, self.device)
    if n and nd:
        dst = out._array()
        for k, part in enumerate(parts):
            dst[:, k] = part
    return out


def _nonzero_tuple(self):
    result = []
    for part in _nonzero_arrays(self):
        t = empty_tensor(part.shape, D.int64, self.device)
        if part.size:
            t._array()[...] = part
        result.append(t)
    return tuple(result)


# ---- module-level functions (torch.gather, torch.where, ...) -----------------------------------------------------
def gather(input, dim, index, *, sparse_grad=False, out=None):
    if out is None:
        return input.gather(dim, index, sparse_grad=sparse_grad)
    _require_int(dim, "gather", "dim", 2)
    _require_tensor(index, "gather", "index", 3)
    return _write_out(_gather(input, dim, index), out, inputs=(input, index))


def scatter(input, *args, out=None, **kwargs):
    if out is None:
        return input.scatter(*args, **kwargs)
    dim, index, src_t, scalar, reduce = _parse_scatter("scatter", args, kwargs)
    result = input.clone()
    _scatter_plan(result, dim, index, src_t, scalar, reduce)()
    return _write_out(result, out, inputs=(input, index, src_t))


def scatter_add(input, dim, index, src, *, out=None):
    if out is None:
        return input.scatter_add(dim, index, src)
    result = input.clone()
    result.scatter_add_(dim, index, src)
    return _write_out(result, out, inputs=(input, index, src))


def index_select(input, dim, index, *, out=None):
    if out is None:
        return input.index_select(dim, index)
    result = input.index_select(dim, index)
    return _write_out(result, out, "index_select(): self and result must have the same scalar type",
                      inputs=(input, index))


def index_add(input, dim, index, source, *, alpha=1, out=None):
    if out is None:
        return input.index_add(dim, index, source, alpha=alpha)
    return _write_out(input.index_add(dim, index, source, alpha=alpha), out, inputs=(input, index, source))


def index_copy(input, dim, index, source, *, out=None):
    if out is None:
        return input.index_copy(dim, index, source)
    return _write_out(input.index_copy(dim, index, source), out, inputs=(input, index, source))


def masked_select(input, mask, *, out=None):
    if out is None:
        return input.masked_select(mask)
    result = input.masked_select(mask)
    return _write_out(result, out, "masked_select(): self and result must have the same scalar type",
                      inputs=(input, mask))


def take(input, index, *, out=None):
    if out is None:
        return input.take(index)
    result = input.take(index)
    return _write_out(result, out, f"take(): self and out expected to have the same dtype, but got self.dtype = "
                                   f"{input._dtype.short_name} and out.dtype = {out._dtype.short_name}",
                      inputs=(input, index))


def nonzero(input, *, out=None, as_tuple=False):
    if as_tuple:
        return input.nonzero(as_tuple=True)
    if out is None:
        return input.nonzero()
    return _write_out(input.nonzero(), out, "nonzero: Expected out tensor to have scalar type Long but got scalar "
                                           f"type{out._dtype.short_name}", inputs=(input,))


def argwhere(input):
    return input.argwhere()


def where(*args, out=None, **kwargs):
    """``where(cond)`` is ``cond.nonzero(as_tuple=True)``; ``where(cond, a, b)``
    picks ``a`` where ``cond`` holds and ``b`` elsewhere, broadcasting all three
    and promoting ``a`` and ``b`` (Python numbers take part as scalars)."""
    bound = _bind(args, kwargs, ("condition", "input", "other"))
    if bound is not None and len(bound) == 1 and "condition" in bound and out is None and \
            isinstance(bound["condition"], TensorBase):
        return bound["condition"].nonzero(as_tuple=True)
    if bound is None or len(bound) != 3 or not isinstance(bound["condition"], TensorBase) or \
            not all(isinstance(bound[k], TensorBase) or _is_number(bound[k]) for k in ("input", "other")):
        raise _invalid_args("where", args, kwargs, _WHERE_SIGNATURES)
    condition, input, other = bound["condition"], bound["input"], bound["other"]
    for x in (input, other):
        if isinstance(x, numbers.Integral) and not isinstance(x, (bool, np.bool_)) and not -2 ** 63 <= x < 2 ** 63:
            raise OverflowError("int too big to convert")
    if out is not None and not isinstance(other, TensorBase):
        raise TypeError(f"where(): argument 'other' (position 3) must be Tensor, not {_tp_name(other)}")
    if out is not None and not isinstance(input, TensorBase):
        raise TypeError(f"where(): argument 'input' (position 2) must be Tensor, not {_tp_name(input)}")
    if condition._dtype is D.uint8:
        _warn("where received a uint8 condition tensor. This behavior is deprecated and will be removed in a future "
              "version of PyTorch. Use a boolean condition instead.")
    elif condition._dtype is not D.bool:
        raise RuntimeError(f"where expected condition to be a boolean tensor, but got a tensor with dtype "
                           f"{condition._dtype.short_name}")
    dtype = D.result_type(input, other)
    tensors = [t for t in (input, other) if isinstance(t, TensorBase)]
    shape = condition._shape
    for t in tensors:
        shape = _layout.broadcast_shapes(shape, t._shape)
    device = _common_device((condition, input, other)) if tensors else condition.device
    if out is not None:
        if out._dtype is not dtype:
            raise RuntimeError(f"Expected out type to be {dtype.short_name} but got {out._dtype.short_name}")
        for t in (condition, input, other):
            if isinstance(t, TensorBase):
                _assert_no_partial_overlap(out, t)
    result = empty_tensor(shape, dtype, device)
    backend = backend_for(device)
    xp = backend.xp

    def operand(x):
        if isinstance(x, TensorBase):
            if x._dtype is dtype:
                return x._array()
            cast = empty_tensor(x._shape, dtype, device)
            cast._copy_from(x)
            return cast._array()
        return xp.asarray(_checked_scalar(x, dtype))
    a, b = operand(input), operand(other)
    if result.numel():
        dst = result._array()
        dst[...] = b
        xp.copyto(dst, a, where=condition._array().astype(bool, copy=False))
    if tensors:
        result = condition._record_result(result, "WhereBackward0", (condition, input, other))
    if out is not None:
        return _write_out(result, out)
    return result
