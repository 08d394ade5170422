"""``t[index]`` reads and writes: parsing the index, advanced (tensor and mask)
indices with PyTorch's broadcasting and placement rules, and the validated writes
of ``__setitem__`` / ``index_put_`` / ``masked_fill_``."""
import collections.abc
import operator

import numpy as np

from .. import _dtype as D
from .. import _layout
from .._C import TensorBase
from .._fast_paths import FAST_PATHS
from .._device import CPU as D_CPU
from .._creation import tensor
from .._tensor import empty_tensor
from .conversion import _check_writable
from .._type_names import c_type_name as _tp_name
from ..backends import backend_for
from .index_checks import (_BAD_INDEX_TYPE, _C_NAMES, _EXPANDED, _INDEX_DTYPES, _SEQUENCE_AS_TUPLE,
                                   _UINT8_INDEX, _assert_no_overlap, _assert_no_partial_overlap, _checked_scalar,
                                   _has_internal_overlap, _same_device, _shape_str, _warn, _xp)

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
        backend = backend_for(self.target.device)
        bad = False
        for d, a, check in zip(self.dims, self.arrays, self.checked):
            if not check:
                continue
            size = tshape[d]
            bad = backend.first_outside(a, -size, size) != -1
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
        backend = backend_for(self.target.device)
        values = backend.xp.broadcast_to(values, self.shape)
        if accumulate:
            backend.accumulate_at("add", dst, self.key(integer=True), values)
        else:
            dst[self.key()] = values


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
