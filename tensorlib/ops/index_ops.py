"""The dim-wise index ops' bodies: validation and the kernels (reached through
the tensor's backend) of gather / scatter / index_select / index_fill_ /
index_copy_ / index_add_ / take / put_ / masked_select / masked_scatter_ / nonzero."""

import numpy as np

from .. import _dtype as D
from .. import _layout
from .._C import TensorBase
from .._tensor import empty_tensor
from .conversion import _check_writable
from ..backends import backend_for
from .index_checks import (_EXPANDED, _INDEX_DTYPES, _SCATTER_SIGNATURES, _UINT8_MASKED_SCATTER, _arr1d,
                                   _assert_no_overlap, _checked_scalar, _first_outside, _has_internal_overlap,
                                   _invalid_args, _is_number, _nonempty, _same_device, _shape_str, _value_at, _warn)

# ---- dim-wise ops: shared validation ----------------------------------------------------------------------------
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
    bad = backend_for(self.device).scatter(dst, idx, src_arr, d, op)
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


# ---- op bodies ----------------------------------------------------------------------------------------------
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
    bad = backend_for(self.device).gather(dst, src, idx, d)
    if bad != -1:
        raise RuntimeError(f"index {_value_at(idx, bad)} is out of bounds for dimension {d} with size {src.shape[d]}")
    return out


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
        backend = backend_for(self.device)
        xp = backend.xp
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
            backend.accumulate_at("add", flat, offsets, values)
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
