"""Layout maths on (shape, strides) tuples, counted in elements: contiguity,
view compatibility, -1 inference, broadcasting and expansion.  Pure metadata:
nothing here touches data, so every movement op is O(ndim)."""
from libc.limits cimport ULLONG_MAX
from libc.stdlib cimport free, malloc
from tensorlib._kernel_common cimport MAX_DIMS


cpdef tuple contiguous_strides(tuple shape):
    cdef Py_ssize_t n = len(shape), i, acc = 1
    cdef list strides = [1] * n
    for i in range(n - 1, -1, -1):
        strides[i] = acc
        acc *= max(<Py_ssize_t>shape[i], 1)
    return tuple(strides)


cpdef Py_ssize_t numel(tuple shape) except -1:
    """The element count.  A negative size or a product past 2**63 - 1 is an error
    even when another size is 0: the sizes themselves are not representable."""
    cdef Py_ssize_t n = 1, size
    cdef bint overflow = False
    for s in shape:
        size = <Py_ssize_t>s
        if size < 0 or product_overflows(n, size, &n):
            overflow = True
    if overflow:
        raise RuntimeError("numel: integer multiplication overflow")
    return n


def _sizes_text(tuple shape):
    return "[" + ", ".join(str(s) for s in shape) + "]"


def check_nonnegative_sizes(tuple shape):
    """A fresh tensor's sizes, as factories refuse them."""
    for size in shape:
        if size < 0:
            raise RuntimeError(f"Trying to create tensor with negative dimension {size}: {_sizes_text(shape)}")


cpdef Py_ssize_t contiguous_nbytes(tuple shape, Py_ssize_t itemsize) except -1:
    """The bytes a fresh row-major tensor of ``shape`` needs, checked as PyTorch's
    factories check them: the element count is multiplied in unsigned 64 bits (so
    one that passed 2**64 before a 0 has overflowed, one that did not is 0), and
    the row-major strides must fit too."""
    cdef unsigned long long count = 1, size, stride = 1
    cdef bint overflow = False
    cdef Py_ssize_t i
    check_nonnegative_sizes(shape)
    for s in shape:
        size = <unsigned long long>(<Py_ssize_t>s)
        if size != 0 and count > ULLONG_MAX // size:
            overflow = True
        count *= size
    if overflow or (itemsize and count > <unsigned long long>PY_SSIZE_T_MAX // <unsigned long long>itemsize):
        raise RuntimeError(f"Storage size calculation overflowed with sizes={_sizes_text(shape)}")
    for i in range(len(shape) - 1, 0, -1):
        size = max(<Py_ssize_t>shape[i], 1)
        if stride > <unsigned long long>PY_SSIZE_T_MAX // size:
            raise RuntimeError("Stride calculation overflowed")
        stride *= size
    return <Py_ssize_t>(count * itemsize)


cpdef Py_ssize_t strided_nbytes(tuple shape, tuple strides, Py_ssize_t offset, Py_ssize_t itemsize) except -1:
    """The bytes of storage, from its start, that the layout reaches (0 when it has
    no elements).  Sizes, strides and offset must be non-negative and the sum
    ``offset + 1 + sum((size - 1) * stride)`` times ``itemsize`` must fit."""
    cdef Py_ssize_t n = len(shape), i, size, stride, span, extent = 1
    cdef bint empty = False, overflow = offset < 0 or sum_overflows(offset, 1, &extent)
    for i in range(n):
        size = <Py_ssize_t>shape[i]
        stride = <Py_ssize_t>strides[i]
        if size == 0:
            empty = True
        elif size < 0 or stride < 0 or product_overflows(size - 1, stride, &span) or \
                sum_overflows(extent, span, &extent):
            overflow = True
    if empty:
        return 0
    if overflow or product_overflows(extent, itemsize, &extent):
        raise RuntimeError(
            f"Storage size calculation overflowed with sizes={_sizes_text(shape)} and strides={_sizes_text(strides)}")
    return extent


cpdef bint is_contiguous(tuple shape, tuple strides):
    """Row-major contiguity as PyTorch judges it: size-1 dims never matter."""
    cdef Py_ssize_t i, expected = 1, size
    for size in shape:
        if size == 0:   # no element to misplace
            return True
    for i in range(len(shape) - 1, -1, -1):
        size = shape[i]
        if size != 1:
            if <Py_ssize_t>strides[i] != expected:
                return False
            expected *= size
    return True


def is_non_overlapping_and_dense(tuple shape, tuple strides):
    """True when the elements fill a block of storage exactly once, in any dim order."""
    cdef Py_ssize_t expected = 1
    for stride, size in sorted((st, s) for s, st in zip(shape, strides) if s != 1):
        if size == 0:
            return True
        if stride != expected:
            return False
        expected *= size
    return True


cpdef Py_ssize_t normalize_dim(object dim, Py_ssize_t ndim) except? -1:
    """Wraps a negative dim; 0-d tensors accept dims -1 and 0 as PyTorch does."""
    cdef Py_ssize_t rank = ndim if ndim > 0 else 1
    if not isinstance(dim, int):
        if hasattr(dim, "__index__"):
            dim = dim.__index__()
        else:
            raise TypeError(f"dim must be an int, got {type(dim).__name__}")
    cdef Py_ssize_t d = dim
    if d < -rank or d >= rank:
        raise IndexError(
            f"Dimension out of range (expected to be in range of [{-rank}, {rank - 1}], but got {d})")
    return d + rank if d < 0 else d


cpdef tuple infer_size(object shape, Py_ssize_t total):
    """Resolves one -1 in a requested shape against ``total`` elements."""
    cdef Py_ssize_t infer_at = -1, i = 0
    known = 1   # a Python int: the requested sizes may multiply past 2**63
    cdef list dims = []
    for s in shape:
        s = int(s)
        if s == -1:
            if infer_at >= 0:
                raise RuntimeError("only one dimension can be inferred")
            infer_at = i
        elif s < 0:
            raise RuntimeError(f"invalid shape dimension {s}")
        else:
            known *= s
        dims.append(s)
        i += 1
    if infer_at >= 0:
        if known == 0:
            if total == 0:
                raise RuntimeError(
                    f"cannot reshape tensor of 0 elements into shape {_shape_list(dims)} because the "
                    "unspecified dimension size -1 can be any value and is ambiguous")
        elif total % known == 0:
            dims[infer_at] = total // known
            return tuple(dims)
    elif known == total:
        return tuple(dims)
    raise RuntimeError(f"shape '{_shape_list(dims)}' is invalid for input of size {total}")


def _shape_list(dims):
    return "[" + ", ".join(str(d) for d in dims) + "]"


cpdef object view_strides(tuple old_shape, tuple old_strides, tuple new_shape):
    """Strides that let ``new_shape`` alias the old layout, or None when some new
    dim would have to span two non-mergeable chunks of the old one.  Judged on
    strides, not contiguity: the transpose of a (2, 3) tensor views as (3, 2)."""
    cdef Py_ssize_t old_nd = len(old_shape), new_nd = len(new_shape)
    cdef Py_ssize_t total = numel(old_shape)
    if old_nd == 0 or total == 0:
        if total == 0 and old_shape == new_shape:
            return old_strides
        return contiguous_strides(new_shape)
    cdef list strides = [0] * new_nd
    cdef Py_ssize_t view_d = new_nd - 1, tensor_d
    cdef Py_ssize_t chunk_stride = old_strides[old_nd - 1]
    cdef Py_ssize_t tensor_numel = 1, view_numel = 1
    for tensor_d in range(old_nd - 1, -1, -1):
        tensor_numel *= <Py_ssize_t>old_shape[tensor_d]
        if tensor_d == 0 or (old_shape[tensor_d - 1] != 1 and
                             <Py_ssize_t>old_strides[tensor_d - 1] != tensor_numel * chunk_stride):
            while view_d >= 0 and (view_numel < tensor_numel or new_shape[view_d] == 1):
                strides[view_d] = view_numel * chunk_stride
                view_numel *= <Py_ssize_t>new_shape[view_d]
                view_d -= 1
            if view_numel != tensor_numel:
                return None
            if tensor_d > 0:
                chunk_stride = old_strides[tensor_d - 1]
                tensor_numel = 1
                view_numel = 1
    if view_d != -1:
        return None
    return tuple(strides)


cpdef tuple broadcast_shapes(tuple a, tuple b):
    """The broadcast of two shapes, with PyTorch's error naming tensors a and b."""
    cdef Py_ssize_t na = len(a), nb = len(b), n = max(na, nb), i
    cdef list out = [0] * n
    for i in range(n):
        sa = a[na - n + i] if na - n + i >= 0 else 1
        sb = b[nb - n + i] if nb - n + i >= 0 else 1
        if sa == sb or sb == 1:
            out[i] = sa
        elif sa == 1:
            out[i] = sb
        else:
            raise RuntimeError(
                f"The size of tensor a ({sa}) must match the size of tensor b ({sb}) "
                f"at non-singleton dimension {i}")
    return tuple(out)


cpdef tuple expand_strides(tuple shape, tuple strides, tuple target, str type_name="torch.FloatTensor"):
    """Strides that present ``shape`` as ``target`` by giving new and size-1
    dims stride 0; -1 in ``target`` keeps the existing size."""
    cdef Py_ssize_t nd = len(shape), nt = len(target), i, j
    if nt < nd:
        raise RuntimeError(
            f"expand({type_name}{{{list(shape)}}}, size={list(target)}): the number of sizes "
            f"provided ({nt}) must be greater or equal to the number of dimensions in the tensor ({nd})")
    cdef list out_shape = [0] * nt, out_strides = [0] * nt
    for i in range(nt - 1, -1, -1):
        j = i - (nt - nd)
        want = target[i]
        if j < 0:
            if want < 0:
                raise RuntimeError(
                    f"The expanded size of the tensor ({want}) isn't allowed in a leading, "
                    f"non-existing dimension {i}")
            out_shape[i], out_strides[i] = want, 0
            continue
        have = shape[j]
        if want == -1:
            want = have
        if have == want:
            out_shape[i], out_strides[i] = have, strides[j]
        elif have == 1:
            if want < 0:
                raise RuntimeError(f"Trying to create tensor with negative dimension {want}: {list(target)}")
            out_shape[i], out_strides[i] = want, 0
        else:
            raise RuntimeError(
                f"The expanded size of the tensor ({want}) must match the existing size ({have}) at "
                f"non-singleton dimension {i}.  Target sizes: {list(target)}.  Tensor sizes: {list(shape)}")
    return tuple(out_shape), tuple(out_strides)


cpdef bint has_internal_overlap(tuple shape, tuple strides):
    """True when two indices of the tensor address one memory location (stride 0); an
    empty tensor addresses none."""
    if 0 in shape:
        return False
    for size, stride in zip(shape, strides):
        if size > 1 and stride == 0:
            return True
    return False


cpdef Py_ssize_t storage_extent(tuple shape, tuple strides, Py_ssize_t offset) except -1:
    """One past the highest storage index the layout touches (offset if empty)."""
    cdef Py_ssize_t extent = strided_nbytes(shape, strides, offset, 1)
    return extent if extent else offset


# ---- the layout of an elementwise result ------------------------------------------------------

cdef int dim_order(int d0, int d1, Py_ssize_t** votes, int nvotes, Py_ssize_t* shape) noexcept:
    """1 when dim d0 goes outside d1, -1 inside, 0 when no operand says."""
    cdef int v
    cdef Py_ssize_t s0, s1
    for v in range(nvotes):
        s0 = votes[v][d0]
        s1 = votes[v][d1]
        if s0 == 0 or s1 == 0:
            continue    # a broadcast dim says nothing
        if s0 < s1:
            return -1
        if s0 > s1:
            return 1
        if shape[d0] > shape[d1]:
            return 1
    return 0


cdef void voted_strides(int nd, Py_ssize_t* shape, Py_ssize_t** votes, int nvotes, Py_ssize_t* out) noexcept:
    """``out``: dense strides of ``shape`` with the dims ordered as the operands'
    strides (``votes``, each broadcast to ``shape``) order them, the first operand
    that tells two dims apart deciding, as PyTorch lays out an elementwise result
    (a transposed input gives a transposed output).  ``nd`` <= 64."""
    cdef int perm[MAX_DIMS]
    cdef int i, j, k, tmp, order
    cdef Py_ssize_t step = 1
    for i in range(nd):
        perm[i] = nd - 1 - i        # fastest-varying first
    for i in range(1, nd):          # insertion sort: stable, and ties keep row-major order
        j = i
        for k in range(i - 1, -1, -1):
            order = dim_order(perm[k], perm[j], votes, nvotes, shape)
            if order > 0:
                tmp = perm[k]
                perm[k] = perm[j]
                perm[j] = tmp
                j = k
            elif order < 0:
                break
    for i in range(nd):
        out[perm[i]] = step
        step *= shape[perm[i]]


def result_strides(tuple shape, list votes):
    """The strides :func:`voted_strides` gives ``shape`` for the operands' strides
    ``votes`` (sequences broadcast to ``shape``), or None when they are the
    row-major ones."""
    cdef int nd = len(shape), nvotes = len(votes), i, v
    cdef Py_ssize_t dims[MAX_DIMS]
    cdef Py_ssize_t out[MAX_DIMS]
    if nd > MAX_DIMS:
        return None
    cdef Py_ssize_t* table = <Py_ssize_t*>malloc(max(nvotes * nd, 1) * sizeof(Py_ssize_t))
    cdef Py_ssize_t** rows = <Py_ssize_t**>malloc(max(nvotes, 1) * sizeof(Py_ssize_t*))
    if table == NULL or rows == NULL:
        free(table)
        free(rows)
        raise MemoryError()
    try:
        for i in range(nd):
            dims[i] = shape[i]
        for v in range(nvotes):
            rows[v] = table + v * nd
            for i in range(nd):
                rows[v][i] = votes[v][i]
        voted_strides(nd, dims, rows, nvotes, out)
    finally:
        free(table)
        free(rows)
    strides = tuple([out[i] for i in range(nd)])
    return None if strides == contiguous_strides(shape) else strides
