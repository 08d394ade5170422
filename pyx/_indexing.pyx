"""Kernels for the dim-wise indexing ops: gather, scatter (copy / add /
multiply), and the index range check every indexing op runs first.

Every kernel takes NumPy arrays that alias tensors (any strides, stride 0
included) and walks the *index* array's shape in row-major order.  Index
values are checked before they are used: a kernel returns the row-major
position of the first index outside ``[0, size)`` (and writes nothing when it
writes into a caller's tensor), or -1 when every index is valid.  Callers turn
that position into PyTorch's error message.  Shapes and dtypes are validated by
the Python callers; the kernels re-check what an unchecked loop relies on
(ndim, dtypes, extents) and raise ValueError rather than touch memory they were
not given.

Scatter with ``add`` / ``multiply`` is specialised per native dtype; float16
and bool (whose arithmetic needs conversions) are left to the caller, which
uses ``numpy.add.at`` / ``numpy.multiply.at`` for them.
"""
cimport numpy as cnp
from tensorlib._kernel_common cimport (MAX_DIMS, DT_BOOL, DT_UINT8, DT_INT8, DT_INT16, DT_INT32, DT_INT64,
                                       DT_FLOAT32, DT_FLOAT64, compute_dtype)
from libc.stdint cimport int8_t, int16_t, int32_t, int64_t, uint8_t, uint16_t, uint32_t, uint64_t
from libc.string cimport memcpy
from cython cimport floating

import numpy as np

cnp.import_array()

cdef enum:
    OP_COPY = 0
    OP_ADD = 1
    OP_MULTIPLY = 2

ctypedef fused index_t:
    int32_t
    int64_t

ctypedef fused scalar_t:
    int8_t
    int16_t
    int32_t
    int64_t
    uint8_t
    float
    double


cdef struct Walk:
    # A row-major walk over ``shape`` carrying up to three byte pointers.
    int nd
    cnp.npy_intp shape[MAX_DIMS]
    cnp.npy_intp counter[MAX_DIMS]
    cnp.npy_intp stride0[MAX_DIMS]
    cnp.npy_intp stride1[MAX_DIMS]
    cnp.npy_intp stride2[MAX_DIMS]


cdef inline bint _next_row(Walk* w, char** p0, char** p1, char** p2) noexcept nogil:
    """Advances the outer dims (all but the last) by one; False when done."""
    cdef int k = w.nd - 2
    while k >= 0:
        w.counter[k] += 1
        p0[0] += w.stride0[k]
        p1[0] += w.stride1[k]
        p2[0] += w.stride2[k]
        if w.counter[k] < w.shape[k]:
            return True
        p0[0] -= w.stride0[k] * w.shape[k]
        p1[0] -= w.stride1[k] * w.shape[k]
        p2[0] -= w.stride2[k] * w.shape[k]
        w.counter[k] = 0
        k -= 1
    return False


cdef int _index_kind(cnp.ndarray index) except -1:
    kind = index.dtype.kind
    if kind == "i" and index.itemsize == 8:
        return 64
    if kind == "i" and index.itemsize == 4:
        return 32
    raise ValueError("index arrays must be int32 or int64")


cdef Py_ssize_t _walk_setup(Walk* w, cnp.ndarray index) except -2:
    """Fills ``w`` with the index array's shape; returns its element count."""
    cdef int nd = index.ndim, k
    cdef Py_ssize_t total = 1
    if nd > MAX_DIMS:
        raise ValueError(f"at most {MAX_DIMS} dims are supported")
    w.nd = nd
    for k in range(nd):
        w.shape[k] = index.shape[k]
        w.counter[k] = 0
        w.stride0[k] = index.strides[k]
        w.stride1[k] = 0
        w.stride2[k] = 0
        total *= index.shape[k]
    return total


# ---- range checks ----------------------------------------------------------------
cdef Py_ssize_t _first_outside(index_t* kind, Walk* w, char* base, int64_t lo, int64_t hi) noexcept nogil:
    cdef char* p0 = base
    cdef char* p1 = NULL
    cdef char* p2 = NULL
    cdef char* q
    cdef Py_ssize_t pos = 0, j, inner = 1, step = 0
    cdef int64_t v
    if w.nd > 0:
        inner = w.shape[w.nd - 1]
        step = w.stride0[w.nd - 1]
    while True:
        q = p0
        for j in range(inner):
            v = (<index_t*>q)[0]
            if v < lo or v >= hi:
                return pos + j
            q += step
        pos += inner
        if w.nd <= 1 or not _next_row(w, &p0, &p1, &p2):
            return -1


def first_outside(cnp.ndarray index, int64_t lo, int64_t hi):
    """Row-major position of the first element of ``index`` (int32/int64, any
    strides) outside ``[lo, hi)``, or -1 when there is none."""
    cdef Walk w
    cdef Py_ssize_t total = _walk_setup(&w, index)
    cdef int kind = _index_kind(index)
    cdef char* base = <char*>cnp.PyArray_DATA(index)
    cdef Py_ssize_t bad
    if total == 0:
        return -1
    with nogil:
        if kind == 64:
            bad = _first_outside(<int64_t*>NULL, &w, base, lo, hi)
        else:
            bad = _first_outside(<int32_t*>NULL, &w, base, lo, hi)
    return bad


# ---- gather -------------------------------------------------------------------------
cdef inline void _move(char* dst, char* src, Py_ssize_t itemsize) noexcept nogil:
    if itemsize == 8:
        memcpy(dst, src, 8)
    elif itemsize == 4:
        memcpy(dst, src, 4)
    elif itemsize == 2:
        memcpy(dst, src, 2)
    elif itemsize == 1:
        dst[0] = src[0]
    else:
        memcpy(dst, src, itemsize)


cdef Py_ssize_t _gather(index_t* kind, Walk* w, char* idx, char* out, char* src,
                        cnp.npy_intp dim_stride, int64_t size, Py_ssize_t itemsize) noexcept nogil:
    # stride0: index, stride1: out, stride2: src (its ``dim`` stride is 0 here)
    cdef char* qi
    cdef char* qo
    cdef char* qs
    cdef Py_ssize_t pos = 0, j, inner = 1
    cdef cnp.npy_intp si = 0, so = 0, ss = 0
    cdef int64_t v
    if w.nd > 0:
        inner = w.shape[w.nd - 1]
        si, so, ss = w.stride0[w.nd - 1], w.stride1[w.nd - 1], w.stride2[w.nd - 1]
    while True:
        qi, qo, qs = idx, out, src
        for j in range(inner):
            v = (<index_t*>qi)[0]
            if v < 0 or v >= size:
                return pos + j
            _move(qo, qs + v * dim_stride, itemsize)
            qi += si
            qo += so
            qs += ss
        pos += inner
        if w.nd <= 1 or not _next_row(w, &idx, &out, &src):
            return -1


cdef void _check_operands(cnp.ndarray index, cnp.ndarray indexed, cnp.ndarray other, int dim) except *:
    """The walk reads ``indexed`` and ``other`` at index positions: both must
    have index's ndim, at least index's extent in every dim (``indexed``
    apart from ``dim``), and the same dtype."""
    cdef int nd = index.ndim, k
    if indexed.ndim != nd or other.ndim != nd:
        raise ValueError("index, indexed and other arrays must have the same number of dims")
    if not 0 <= dim < (nd if nd > 0 else 1):
        raise ValueError("dim out of range")
    if indexed.dtype != other.dtype:
        raise ValueError("indexed and other arrays must have the same dtype")
    for k in range(nd):
        if other.shape[k] < index.shape[k] or (k != dim and indexed.shape[k] < index.shape[k]):
            raise ValueError("index is larger than an operand")


def gather(cnp.ndarray out, cnp.ndarray src, cnp.ndarray index, int dim):
    """``out[p] = src[p with p[dim] replaced by index[p]]`` for every position
    ``p`` of ``index``.  ``out`` has index's shape; ``src`` has index's ndim and
    at least its extent apart from ``dim``.  Returns the position of the first
    index outside ``[0, src.shape[dim])`` (``out`` then partly written) or -1."""
    cdef Walk w
    cdef Py_ssize_t total = _walk_setup(&w, index)
    cdef int kind = _index_kind(index), k, nd = index.ndim
    cdef cnp.npy_intp dim_stride
    cdef int64_t size
    _check_operands(index, src, out, dim)
    if not out.flags.writeable:
        raise ValueError("out is read-only")
    if total == 0:
        return -1
    if nd == 0:
        raise ValueError("0-d operands must be viewed as 1-d")
    for k in range(nd):
        if out.shape[k] != index.shape[k]:
            raise ValueError("out must have the index's shape")
        w.stride1[k] = out.strides[k]
        w.stride2[k] = src.strides[k] if k != dim else 0
    dim_stride = src.strides[dim]
    size = src.shape[dim]
    cdef char* pi = <char*>cnp.PyArray_DATA(index)
    cdef char* po = <char*>cnp.PyArray_DATA(out)
    cdef char* ps = <char*>cnp.PyArray_DATA(src)
    cdef Py_ssize_t itemsize = src.itemsize, bad
    with nogil:
        if kind == 64:
            bad = _gather(<int64_t*>NULL, &w, pi, po, ps, dim_stride, size, itemsize)
        else:
            bad = _gather(<int32_t*>NULL, &w, pi, po, ps, dim_stride, size, itemsize)
    return bad


# ---- scatter ------------------------------------------------------------------------
cdef void _scatter_copy(index_t* kind, Walk* w, char* idx, char* dst, char* src,
                        cnp.npy_intp dim_stride, Py_ssize_t itemsize) noexcept nogil:
    # stride0: index, stride1: dst (its ``dim`` stride is 0 here), stride2: src
    cdef char* qi
    cdef char* qd
    cdef char* qs
    cdef Py_ssize_t j, inner = w.shape[w.nd - 1]
    cdef cnp.npy_intp si = w.stride0[w.nd - 1], sd = w.stride1[w.nd - 1], ss = w.stride2[w.nd - 1]
    while True:
        qi, qd, qs = idx, dst, src
        for j in range(inner):
            _move(qd + (<index_t*>qi)[0] * dim_stride, qs, itemsize)
            qi += si
            qd += sd
            qs += ss
        if w.nd <= 1 or not _next_row(w, &idx, &dst, &src):
            return


cdef void _scatter_reduce(index_t* kind, scalar_t* dtype, int op, Walk* w, char* idx, char* dst,
                          char* src, cnp.npy_intp dim_stride) noexcept nogil:
    cdef char* qi
    cdef char* qd
    cdef char* qs
    cdef scalar_t* target
    cdef Py_ssize_t j, inner = w.shape[w.nd - 1]
    cdef cnp.npy_intp si = w.stride0[w.nd - 1], sd = w.stride1[w.nd - 1], ss = w.stride2[w.nd - 1]
    while True:
        qi, qd, qs = idx, dst, src
        for j in range(inner):
            target = <scalar_t*>(qd + (<index_t*>qi)[0] * dim_stride)
            if scalar_t is float or scalar_t is double:
                if op == OP_ADD:
                    target[0] = target[0] + (<scalar_t*>qs)[0]
                else:
                    target[0] = target[0] * (<scalar_t*>qs)[0]
            else:
                # integers wrap as PyTorch's do; unsigned maths keeps that defined in C
                if op == OP_ADD:
                    target[0] = <scalar_t>(<uint64_t>target[0] + <uint64_t>(<scalar_t*>qs)[0])
                else:
                    target[0] = <scalar_t>(<uint64_t>target[0] * <uint64_t>(<scalar_t*>qs)[0])
            qi += si
            qd += sd
            qs += ss
        if w.nd <= 1 or not _next_row(w, &idx, &dst, &src):
            return


cdef void _scatter_reduce_typed(index_t* kind, int dt, int op, Walk* w, char* idx, char* dst,
                                char* src, cnp.npy_intp dim_stride) noexcept nogil:
    if dt == DT_INT8:
        _scatter_reduce(kind, <int8_t*>NULL, op, w, idx, dst, src, dim_stride)
    elif dt == DT_INT16:
        _scatter_reduce(kind, <int16_t*>NULL, op, w, idx, dst, src, dim_stride)
    elif dt == DT_INT32:
        _scatter_reduce(kind, <int32_t*>NULL, op, w, idx, dst, src, dim_stride)
    elif dt == DT_INT64:
        _scatter_reduce(kind, <int64_t*>NULL, op, w, idx, dst, src, dim_stride)
    elif dt == DT_UINT8:
        _scatter_reduce(kind, <uint8_t*>NULL, op, w, idx, dst, src, dim_stride)
    elif dt == DT_FLOAT32:
        _scatter_reduce(kind, <float*>NULL, op, w, idx, dst, src, dim_stride)
    elif dt == DT_FLOAT64:
        _scatter_reduce(kind, <double*>NULL, op, w, idx, dst, src, dim_stride)


cdef void _scatter_add_rows(index_t* kind, floating* dtype, char* idx, cnp.npy_intp index_stride, char* dst,
                            cnp.npy_intp dst_row_stride, char* src, cnp.npy_intp src_row_stride, Py_ssize_t rows,
                            Py_ssize_t width) noexcept nogil:
    # row i of src added into row idx[i] of dst, rows in order: each element sees the additions
    # of the element-wise walk in the same order, and a row's contiguous elements vectorise
    cdef Py_ssize_t i, j
    cdef floating* target
    cdef floating* value
    for i in range(rows):
        target = <floating*>(dst + (<index_t*>(idx + i * index_stride))[0] * dst_row_stride)
        value = <floating*>(src + i * src_row_stride)
        for j in range(width):
            target[j] = target[j] + value[j]


cdef bint _rows_of_one_index(cnp.ndarray dst, cnp.ndarray index, cnp.ndarray src, int dim, int op, int dt):
    """Whether the scatter adds whole rows: a 2-d index along dim 0 whose rows each repeat one
    value (stride 0 along them), over rows of contiguous float elements in dst and src."""
    return (op == OP_ADD and dim == 0 and index.ndim == 2 and index.strides[1] == 0
            and (dt == DT_FLOAT32 or dt == DT_FLOAT64)
            and dst.strides[1] == dst.itemsize and src.strides[1] == src.itemsize
            and index.shape[1] == dst.shape[1])


def reduce_supported(dtype):
    """Whether ``scatter`` can add/multiply elements of this NumPy dtype."""
    dtype = np.dtype(dtype)
    return (dtype.kind == "i" and dtype.itemsize in (1, 2, 4, 8)) or dtype.str.endswith(("u1", "f4", "f8"))


def scatter(cnp.ndarray dst, cnp.ndarray index, cnp.ndarray src, int dim, int op):
    """For every position ``p`` of ``index``: ``dst[p with p[dim] = index[p]]``
    becomes ``src[p]`` (op 0), itself plus ``src[p]`` (op 1) or times it (op 2).
    ``src`` and ``dst`` have index's ndim and at least its extent (``dst`` apart
    from ``dim``); ``src`` may be a stride-0 broadcast of one value.  All indices
    are checked first: returns the position of the first one outside
    ``[0, dst.shape[dim])`` without writing anything, or -1 once written."""
    cdef Walk w
    cdef Py_ssize_t total = _walk_setup(&w, index), bad
    cdef int kind = _index_kind(index), k, nd = index.ndim, dt = -1
    cdef cnp.npy_intp dim_stride
    cdef int64_t size
    _check_operands(index, dst, src, dim)
    if not dst.flags.writeable:
        raise ValueError("dst is read-only")
    if op not in (OP_COPY, OP_ADD, OP_MULTIPLY):
        raise ValueError("unknown scatter op")
    if op != OP_COPY:
        dt = compute_dtype(dst)
        if dt == -1 or dt == DT_BOOL:
            raise ValueError(f"scatter cannot reduce {dst.dtype} arrays")
    if total == 0:
        return -1
    if nd == 0:
        raise ValueError("0-d operands must be viewed as 1-d")
    size = dst.shape[dim]
    cdef char* pi = <char*>cnp.PyArray_DATA(index)
    cdef char* pd = <char*>cnp.PyArray_DATA(dst)
    cdef char* ps = <char*>cnp.PyArray_DATA(src)
    cdef Py_ssize_t itemsize = dst.itemsize
    cdef bint rows = _rows_of_one_index(dst, index, src, dim, op, dt)
    cdef Py_ssize_t width = index.shape[1] if rows else 0
    if rows:
        # the index's first column holds every value: checked alone, then its rows added whole
        w.nd = 1
    with nogil:
        if kind == 64:
            bad = _first_outside(<int64_t*>NULL, &w, pi, 0, size)
        else:
            bad = _first_outside(<int32_t*>NULL, &w, pi, 0, size)
    if bad != -1:
        return bad * width if rows else bad
    if rows:
        with nogil:
            if kind == 64 and dt == DT_FLOAT32:
                _scatter_add_rows(<int64_t*>NULL, <float*>NULL, pi, index.strides[0], pd, dst.strides[0], ps,
                                  src.strides[0], index.shape[0], width)
            elif kind == 64:
                _scatter_add_rows(<int64_t*>NULL, <double*>NULL, pi, index.strides[0], pd, dst.strides[0], ps,
                                  src.strides[0], index.shape[0], width)
            elif dt == DT_FLOAT32:
                _scatter_add_rows(<int32_t*>NULL, <float*>NULL, pi, index.strides[0], pd, dst.strides[0], ps,
                                  src.strides[0], index.shape[0], width)
            else:
                _scatter_add_rows(<int32_t*>NULL, <double*>NULL, pi, index.strides[0], pd, dst.strides[0], ps,
                                  src.strides[0], index.shape[0], width)
        return -1
    for k in range(nd):
        w.counter[k] = 0
        w.stride1[k] = dst.strides[k] if k != dim else 0
        w.stride2[k] = src.strides[k]
    dim_stride = dst.strides[dim]
    with nogil:
        if op == OP_COPY:
            if kind == 64:
                _scatter_copy(<int64_t*>NULL, &w, pi, pd, ps, dim_stride, itemsize)
            else:
                _scatter_copy(<int32_t*>NULL, &w, pi, pd, ps, dim_stride, itemsize)
        elif kind == 64:
            _scatter_reduce_typed(<int64_t*>NULL, dt, op, &w, pi, pd, ps, dim_stride)
        else:
            _scatter_reduce_typed(<int32_t*>NULL, dt, op, &w, pi, pd, ps, dim_stride)
    return -1
