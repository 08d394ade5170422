"""Joining and restructuring copies: cat/concat, stack, hstack/vstack/dstack,
atleast_{1,2,3}d, flip, roll, repeat, tile, tril/triu, diag.

Each builds its result with strided views of the output (array slicing and
reshapes) and the backend's copy kernel; no element loops in Python."""
from .. import _dtype as D
from .. import _layout
from .._C import TensorBase
from ._common import (backend_for, check_inplace, check_out, device_of, new_result, numel, prepare_out,
                      result_strides)
from .._type_names import type_name


def _tensor_list(tensors, fname):
    if isinstance(tensors, TensorBase) or not isinstance(tensors, (list, tuple)):
        raise TypeError(f"{fname}(): argument 'tensors' (position 1) must be tuple of Tensors, not "
                        f"{type_name(tensors)}")
    for i, t in enumerate(tensors):
        if not isinstance(t, TensorBase):
            raise TypeError(f"expected Tensor as element {i} in argument 0, but got {type_name(t)}")
    return tensors


def _check_dim_arg(dim, fname):
    if not isinstance(dim, int) and not hasattr(dim, "__index__"):
        raise TypeError(f"{fname}(): argument 'dim' must be int, not {type_name(dim)}")


def _promoted(tensors):
    dtype = tensors[0]._dtype
    for t in tensors[1:]:
        if t._dtype is not dtype:
            dtype = D.promote_types(dtype, t._dtype)
    return dtype


# ---- cat / stack -----------------------------------------------------------------------------
def cat(tensors, dim=0, out=None):
    tensors = _tensor_list(tensors, "cat")
    _check_dim_arg(dim, "cat")
    if not tensors:
        raise ValueError("torch.cat(): expected a non-empty list of Tensors")
    for i, t in enumerate(tensors):
        if not t._shape:
            raise RuntimeError(f"zero-dimensional tensor (at position {i}) cannot be concatenated")
    dtype = _promoted(tensors)
    device = device_of(*tensors)
    backend = backend_for(device)
    # legacy rule: 1-D empty tensors are skipped whatever the other shapes
    parts = [(i, t) for i, t in enumerate(tensors) if t._shape != (0,)]
    if not parts:
        shape, d = (0,), 0
    else:
        ref = parts[0][1]
        nd = len(ref._shape)
        d = _layout.normalize_dim(dim, nd)
        total = 0
        for i, t in parts:
            if len(t._shape) != nd:
                raise RuntimeError(f"Tensors must have same number of dimensions: got {nd} and {len(t._shape)}")
            for j in range(nd):
                if j != d and t._shape[j] != ref._shape[j]:
                    raise RuntimeError(f"Sizes of tensors must match except in dimension {d}. Expected size "
                                       f"{ref._shape[j]} but got size {t._shape[j]} for tensor number {i} in "
                                       "the list.")
            total += t._shape[d]
        shape = ref._shape[:d] + (total,) + ref._shape[d + 1:]
    if out is not None:
        check_out(out, "cat", tensors)
        if not D.can_cast(dtype, out._dtype):
            raise TypeError(f"torch.cat(): input types can't be cast to the desired output type "
                            f"{out._dtype.short_name}")
        prepare_out(out, shape, out._dtype, "cat", tensors)
        res, arr = out, out._array()
    else:
        res, arr = new_result(shape, dtype, device, backend)
    start = 0
    lead = (slice(None),) * d
    for _, t in parts:
        size = t._shape[d]
        if size:
            backend.copy_into(arr[lead + (slice(start, start + size),)], _host_or_same(t, device, backend))
        start += size
    if out is not None:
        out._version_counter.bump()
        return out
    return tensors[0]._record_result(res, "CatBackward0", tuple(tensors), dim=d)


def _host_or_same(t, device, backend):
    if t._storage.device != device:
        from ..backends import backend_for
        return backend.from_host(backend_for(t._storage.device).to_host(t._array()))
    return t._array()


def stack(tensors, dim=0, out=None):
    tensors = _tensor_list(tensors, "stack")
    _check_dim_arg(dim, "stack")
    if not tensors:
        raise RuntimeError("stack expects a non-empty TensorList")
    ref = tensors[0]
    for i, t in enumerate(tensors):
        if t._shape != ref._shape:
            raise RuntimeError(f"stack expects each tensor to be equal size, but got {list(ref._shape)} at entry 0 "
                               f"and {list(t._shape)} at entry {i}")
    nd = len(ref._shape)
    d = _layout.normalize_dim(dim, nd + 1)
    dtype = _promoted(tensors)
    device = device_of(*tensors)
    backend = backend_for(device)
    shape = ref._shape[:d] + (len(tensors),) + ref._shape[d:]
    if out is not None:
        check_out(out, "stack", tensors)
        if not D.can_cast(dtype, out._dtype):
            raise TypeError(f"torch.cat(): input types can't be cast to the desired output type "
                            f"{out._dtype.short_name}")
        prepare_out(out, shape, out._dtype, "stack", tensors)
        res, arr = out, out._array()
    else:
        res, arr = new_result(shape, dtype, device, backend)
    lead = (slice(None),) * d
    for i, t in enumerate(tensors):
        dst = arr[lead + (slice(i, i + 1),)]
        backend.copy_into(dst, _host_or_same(t, device, backend).reshape(dst.shape))
    if out is not None:
        out._version_counter.bump()
        return out
    return ref._record_result(res, "StackBackward0", tuple(tensors), dim=d)


def atleast_1d(*tensors):
    """Views of the tensors with at least 1 dimension: a 0-d tensor becomes 1-D, the others are returned as they are.

    Args:
        tensors (Tensor, or a sequence of Tensors): one tensor, several, or one sequence of them.

    Returns:
        Tensor or tuple of Tensors: one view per tensor (a lone tensor gives a lone view).

    Example::

        >>> torch.atleast_1d(torch.tensor(5.)).shape
        torch.Size([1])
    """
    return _atleast(tensors, 1)


def atleast_2d(*tensors):
    """Views of the tensors with at least 2 dimensions: 0-d and 1-D tensors gain leading dimensions of size 1.

    Args:
        tensors (Tensor, or a sequence of Tensors): one tensor, several, or one sequence of them.

    Returns:
        Tensor or tuple of Tensors: one view per tensor (a lone tensor gives a lone view).

    Example::

        >>> torch.atleast_2d(torch.tensor(5.)).shape
        torch.Size([1, 1])
    """
    return _atleast(tensors, 2)


def atleast_3d(*tensors):
    """Views of the tensors with at least 3 dimensions: a 1-D tensor of n becomes 1 x n x 1, a matrix m x n becomes m x
    n x 1.

    Args:
        tensors (Tensor, or a sequence of Tensors): one tensor, several, or one sequence of them.

    Returns:
        Tensor or tuple of Tensors: one view per tensor (a lone tensor gives a lone view).

    Example::

        >>> torch.atleast_3d(torch.tensor(5.)).shape
        torch.Size([1, 1, 1])
    """
    return _atleast(tensors, 3)


def _atleast(tensors, n):
    single = len(tensors) == 1 and isinstance(tensors[0], TensorBase)
    if len(tensors) == 1 and isinstance(tensors[0], (list, tuple)):
        tensors = tuple(tensors[0])
    out = tuple(_expand_dims(t, n) for t in tensors)
    return out[0] if single else out


def _expand_dims(t, n):
    nd = len(t._shape)
    if nd >= n:
        return t
    if n == 1:
        return t.reshape(1)
    if n == 2:
        return t.reshape(1, 1) if nd == 0 else t.unsqueeze(0)
    if nd == 0:
        return t.reshape(1, 1, 1)
    if nd == 1:
        return t.unsqueeze(0).unsqueeze(-1)
    return t.unsqueeze(-1)


def hstack(tensors, out=None):
    tensors = _tensor_list(tensors, "hstack")
    parts = [_expand_dims(t, 1) for t in tensors]
    return cat(parts, 0 if parts and len(parts[0]._shape) == 1 else 1, out)


def vstack(tensors, out=None):
    tensors = _tensor_list(tensors, "vstack")
    return cat([_expand_dims(t, 2) for t in tensors], 0, out)


def dstack(tensors, out=None):
    tensors = _tensor_list(tensors, "dstack")
    return cat([_expand_dims(t, 3) for t in tensors], 2, out)


# ---- flip / roll -----------------------------------------------------------------------------
def _unique_dims(dims, nd):
    dims = tuple(_layout.normalize_dim(d, nd) for d in dims)
    seen = set()
    for d in dims:
        if d in seen:
            raise RuntimeError(f"dim {d} appears multiple times in the list of dims")
        seen.add(d)
    return dims


def flip(x, dims):
    nd = len(x._shape)
    dims = _unique_dims(dims, nd)
    device = x._storage.device
    backend = backend_for(device)
    res, arr = new_result(x._shape, x._dtype, device, backend, result_strides(x._shape, (x,)))
    if dims:
        backend.flip(x._array(), dims, arr)
    else:
        backend.copy_into(arr, x._array())
    return x._record_result(res, "FlipBackward0", (x,), dims=dims)


def roll(x, shifts, dims=None):
    shifts = tuple(shifts) if isinstance(shifts, (tuple, list)) else (shifts,)
    nd = len(x._shape)
    if dims is None:
        if len(shifts) != 1:
            raise RuntimeError(f"shifts and dimensions must align. shifts: {len(shifts)}, dims:0")
        dims = ()
    else:
        dims = tuple(dims) if isinstance(dims, (tuple, list)) else (dims,)
        if len(shifts) != len(dims):
            raise RuntimeError(f"shifts and dimensions must align. shifts: {len(shifts)}, dims:{len(dims)}")
        dims = tuple(_layout.normalize_dim(d, nd) for d in dims)
    device = x._storage.device
    backend = backend_for(device)
    res, arr = new_result(x._shape, x._dtype, device, backend)
    if numel(x._shape):
        shifts = tuple(int(s) for s in shifts)
        if dims:
            backend.roll(x._array(), shifts, dims, arr)
        else:  # roll the flattened (C order) elements
            src = x._array().reshape(-1) if nd != 1 else x._array()
            backend.roll(src, shifts[0], 0, arr.reshape(-1))
    return x._record_result(res, "RollBackward0", (x,), shifts=shifts, dims=dims)


# ---- repeat / tile ---------------------------------------------------------------------------
def repeat(x, *sizes):
    if len(sizes) == 1 and isinstance(sizes[0], (tuple, list)):
        sizes = tuple(sizes[0])
    if not sizes:
        raise TypeError('repeat() missing 1 required positional arguments: "repeats"')
    sizes = tuple(int(s.__index__()) for s in sizes)
    nd = len(x._shape)
    if len(sizes) < nd:
        raise RuntimeError("Number of dimensions of repeat dims can not be smaller than number of dimensions of tensor")
    lead = len(sizes) - nd
    src_shape = (1,) * lead + x._shape
    shape = tuple(r * s for r, s in zip(sizes, src_shape))
    if any(s < 0 for s in shape):
        raise RuntimeError(f"Trying to create tensor with negative dimension {min(shape)}: {list(shape)}")
    device = x._storage.device
    backend = backend_for(device)
    res, arr = new_result(shape, x._dtype, device, backend)
    if numel(shape):
        # view the output as (r0, s0, r1, s1, ...) and broadcast the source over the r axes
        split = tuple(v for pair in zip(sizes, src_shape) for v in pair)
        src = x._array().reshape(tuple(v for s in src_shape for v in (1, s)))
        backend.copy_into(arr.reshape(split), backend.broadcast_to(src, split))
    return x._record_result(res, "RepeatBackward0", (x,), repeats=sizes)


def tile(x, dims):
    dims = tuple(dims) if isinstance(dims, (tuple, list)) else (dims,)
    nd = len(x._shape)
    if len(dims) < nd:
        dims = (1,) * (nd - len(dims)) + dims
    return repeat(x, dims)


# ---- tril / triu / diag ----------------------------------------------------------------------
def tri(op, x, diagonal=0, out=None, inplace=False):
    if len(x._shape) < 2:
        raise RuntimeError(f"{op}: input tensor must have at least 2 dimensions")
    device = x._storage.device
    backend = backend_for(device)
    kernel = backend.tril if op == "tril" else backend.triu
    name = "TrilBackward0" if op == "tril" else "TriuBackward0"
    if inplace:
        check_inplace(x, x._shape, x._dtype)
        kernel(x._array(), int(diagonal), x._array())
        x._version_counter.bump()
        return x._record_inplace(name, (), diagonal=diagonal)
    if out is not None:
        prepare_out(out, x._shape, x._dtype, op, (x,), exact_dtype=True)
        kernel(x._array(), int(diagonal), out._array())
        out._version_counter.bump()
        return out
    res, arr = new_result(x._shape, x._dtype, device, backend)
    kernel(x._array(), int(diagonal), arr)
    return x._record_result(res, name, (x,), diagonal=diagonal)


def diag(x, diagonal=0, out=None):
    nd = len(x._shape)
    device = x._storage.device
    backend = backend_for(device)
    k = int(diagonal)
    if nd == 1:
        n = x._shape[0] + abs(k)
        res, arr = new_result((n, n), x._dtype, device, backend)
        backend.fill(arr, backend.scalar_buffer(0, x._dtype.numpy)[0])
        if x._shape[0]:
            # the k-th diagonal of a contiguous n x n matrix is a strided 1-D view
            start = k if k >= 0 else -k * n
            flat = arr.reshape(-1)
            backend.copy_into(flat[start:start + x._shape[0] * (n + 1):n + 1], x._array())
        return x._record_result(res, "DiagEmbedBackward0", (x,), offset=k)
    if nd == 2:
        rows, cols = x._shape
        if k >= 0:
            length = max(0, min(rows, cols - k))
            offset = x._offset + k * x._strides[1]
        else:
            length = max(0, min(rows + k, cols))
            offset = x._offset - k * x._strides[0]
        step = x._strides[0] + x._strides[1]
        res, arr = new_result((length,), x._dtype, device, backend)
        if length:
            src = backend.strided_view(x._storage.data, (length,), (step,), offset)
            backend.copy_into(arr, src)
        return x._record_result(res, "DiagonalBackward0_copy", (x,), offset=k)
    raise RuntimeError(f"diag(): Supports 1D or 2D tensors. Got {nd}D")
