# distutils: extra_compile_args = -fno-math-errno -fno-trapping-math
"""Reduction kernels: ``reduce(op, a, axes, out)`` for sum, prod, max, min, all, any.

A reduction runs in four steps:

1. Validation, with the GIL, before any unchecked loop (ValueError on a bad
   ``axes`` or ``out``; False for dtypes and layouts left to the caller).
   Float sums then go to ``tensorlib._cascade_sum``, which adds in PyTorch's
   order; the steps below run the other reductions.
2. ``build_plan`` splits a's dims into kept and reduced ones, drops size-1 dims,
   orders each group by a's stride (largest first) and merges neighbours that
   step through memory as one.  A contiguous full reduction is one flat row.
3. A mode is picked from the innermost strides:
   - inner mode, when the reduced dims hold a's smallest stride: each output is
     a 1-D reduction of rows (``sum(-1)``, full ``prod()``).  The contiguous row
     kernels keep 32 independent accumulators (the compiler vectorises them;
     float max/min use SSE2 maxps/minps with a nan mask) and halve rows longer
     than 8192 elements, combining the halves pairwise.
   - outer mode, when a kept dim has the smallest stride (``sum(0)`` of a
     C-contiguous matrix): rows are combined into an accumulator row in one
     pass per 8 rows, ``acc[j] += ((r0[j] + r1[j]) + ...) + r7[j]``, over column
     strips of up to 2048 elements (L1-sized; rows stream from memory whole).
   The typed loops of both modes are in ``tensorlib._reduce_kernels``.
4. Work is cut into chunks for the thread pool of ``tensorlib._pool``:
   ranges of outputs when there are enough of them, else ranges of the reduced
   index whose partial results are combined at the end.

Sums of bool and integers accumulate in int64 (wrapping), of floats in their own
dtype; max/min propagate nan; all/any take any dtype (nan is true) and write
bool, or uint8 for uint8 input as PyTorch does.
"""
cimport numpy as cnp
from tensorlib._pool cimport parallel_run, pool_threads
from tensorlib._kernel_common cimport (MAX_DIMS, compute_dtype, dtype_name, DT_BOOL, DT_UINT8, DT_INT16,
                                       DT_INT32, DT_INT64, DT_FLOAT32, DT_FLOAT64)
from tensorlib._reduce_kernels cimport (LEAF_ROWS, STRIP_MAX, OP_SUM, OP_PROD, OP_MAX, OP_MIN, OP_ALL, OP_ANY,
                                        CONV_NONE, CONV_INT64, CONV_BOOL, RPlan, RJob, run_chunk, finish_split)
from libc.stdlib cimport malloc, free
from tensorlib._cascade_sum import cascade_sum

cnp.import_array()


cdef enum:
    PAR_MIN = 65536        # elements from which the pool is used
    CHUNK_MIN = 16384      # elements a chunk gets at least
    CHUNK_MAX = 262144     # and at most, once there are 8 a thread
    PARTIALS_MAX = 262144  # partial results kept when chunks split the reduced range

cdef dict OPS = {'sum': OP_SUM, 'prod': OP_PROD, 'max': OP_MAX, 'min': OP_MIN,
                 'all': OP_ALL, 'any': OP_ANY, 'amax': OP_MAX, 'amin': OP_MIN}


# ---------------------------------------------------------------- driving

cdef int execute(RPlan* p) except -1:
    cdef RJob job
    cdef Py_ssize_t threads = pool_threads()
    cdef Py_ssize_t total = p.K * p.R
    cdef Py_ssize_t units = p.items if p.outer else p.K
    cdef int itemsize = 8 if p.out_dt in (DT_INT64, DT_FLOAT64) else (
        4 if p.out_dt in (DT_INT32, DT_FLOAT32) else (2 if p.out_dt == DT_INT16 else 1))
    job.p = p
    job.nchunks = 1
    job.split_r = 0
    job.partial = NULL
    job.failed = 0
    if threads > 1 and total >= PAR_MIN:
        job.nchunks = total // CHUNK_MIN
        if job.nchunks > 8 * threads:
            # but no chunk over CHUNK_MAX elements (see the pool's stall detection)
            job.nchunks = max(8 * threads, total // CHUNK_MAX)
        if units >= 2 * threads:
            if job.nchunks > units:
                job.nchunks = units
        elif p.K <= 4096 and p.R >= 2 * threads:
            # too few outputs to share: split the reduced range, combine partials after
            if job.nchunks > p.R:
                job.nchunks = p.R
            if job.nchunks * p.K > PARTIALS_MAX:
                job.nchunks = max(2 * threads, PARTIALS_MAX // p.K)
            job.split_r = 1
        else:
            job.nchunks = 1
    if job.nchunks > 1:
        if job.split_r:
            job.partial = <char*>malloc(job.nchunks * p.K * itemsize)
            if job.partial == NULL:
                raise MemoryError()
        with nogil:
            parallel_run(run_chunk, &job, job.nchunks)
            if job.split_r and not job.failed:
                finish_split(&job)
        free(job.partial)
    elif total >= 16384:
        with nogil:
            run_chunk(&job, 0)
    else:
        run_chunk(&job, 0)
    if job.failed:
        raise MemoryError()
    return 0


# ---------------------------------------------------------------- planning

cdef void sort_merge(int* n, Py_ssize_t* shape, Py_ssize_t* s1, Py_ssize_t* s2) noexcept:
    """Orders dims by |s1| descending (stable) and merges neighbours that step as one
    through s1 (and s2, when given)."""
    cdef int d, j
    cdef Py_ssize_t t
    for d in range(1, n[0]):
        j = d
        while j > 0 and _abs(s1[j - 1]) < _abs(s1[j]):
            t = shape[j]; shape[j] = shape[j - 1]; shape[j - 1] = t
            t = s1[j]; s1[j] = s1[j - 1]; s1[j - 1] = t
            if s2 != NULL:
                t = s2[j]; s2[j] = s2[j - 1]; s2[j - 1] = t
            j -= 1
    if n[0] == 0:
        return
    j = 0
    for d in range(1, n[0]):
        if s1[j] == s1[d] * shape[d] and (s2 == NULL or s2[j] == s2[d] * shape[d]):
            shape[j] *= shape[d]
            s1[j] = s1[d]
            if s2 != NULL:
                s2[j] = s2[d]
        else:
            j += 1
            shape[j] = shape[d]
            s1[j] = s1[d]
            if s2 != NULL:
                s2[j] = s2[d]
    n[0] = j + 1


cdef inline Py_ssize_t _abs(Py_ssize_t v) noexcept nogil:
    return -v if v < 0 else v


cdef void choose_mode(RPlan* p) noexcept:
    cdef Py_ssize_t inner_len = p.rshape[p.nr - 1], C
    cdef bint outer
    if p.nk == 0:
        outer = False
    elif p.R == 1:
        outer = True
    else:
        C = p.kshape[p.nk - 1]
        if _abs(p.ra[p.nr - 1]) < _abs(p.ka[p.nk - 1]):
            outer = inner_len < 16 and C >= 16
        else:
            outer = C >= 8 or inner_len < 8
    p.outer = outer
    if not outer:
        p.items = p.K
        return
    # strips as wide as L1 allows: whole rows stream from memory (narrow strips of many
    # rows defeat the prefetchers); a matrix narrower than that splits its rows instead
    C = p.kshape[p.nk - 1]
    p.strip = C if C < STRIP_MAX else STRIP_MAX
    p.nstrips = (C + p.strip - 1) // p.strip
    p.items = (p.K // C) * p.nstrips
    p.levels = 1                     # one scratch row (conversions)


cdef bint overlaps(cnp.ndarray x, cnp.ndarray y) noexcept:
    cdef char* lo[2]
    cdef char* hi[2]
    cdef int d, i
    cdef cnp.ndarray arr
    for i in range(2):
        arr = x if i == 0 else y
        lo[i] = cnp.PyArray_BYTES(arr)
        hi[i] = lo[i]
        for d in range(cnp.PyArray_NDIM(arr)):
            if cnp.PyArray_STRIDES(arr)[d] < 0:
                lo[i] += (cnp.PyArray_DIMS(arr)[d] - 1) * cnp.PyArray_STRIDES(arr)[d]
            else:
                hi[i] += (cnp.PyArray_DIMS(arr)[d] - 1) * cnp.PyArray_STRIDES(arr)[d]
        hi[i] += cnp.PyArray_ITEMSIZE(arr)
    return not (hi[0] <= lo[1] or hi[1] <= lo[0])


def reduce(op, cnp.ndarray a not None, tuple axes not None, cnp.ndarray out not None):
    """Reduces ``a`` over ``axes`` (sorted, distinct, non-negative; () copies) into
    ``out``, which has a's shape with those axes set to 1.  out's dtype: int64 for sums
    and products of bool/integers, a's dtype otherwise (max/min and float sums), bool
    for all/any (or uint8 for uint8 input).  True when done; False for ops, dtypes or
    layouts left to the caller (float16, byte-swapped or misaligned arrays, out
    overlapping a, max/min over an empty dim).  Bad axes or out raise ValueError."""
    cdef RPlan p
    cdef int nd = cnp.PyArray_NDIM(a), d, in_dt, out_dt, want, opi, prev = -1
    cdef bint reduced[MAX_DIMS]
    cdef Py_ssize_t size
    cdef object ax
    opi = OPS.get(op, -1)
    # ---- validation
    if cnp.PyArray_NDIM(out) != nd:
        raise ValueError(f"reduce: out has {cnp.PyArray_NDIM(out)} dims, expected {nd} (keepdims layout)")
    for d in range(nd):
        reduced[d] = False
    for ax in axes:
        if isinstance(ax, bool) or not hasattr(ax, "__index__"):
            raise ValueError(f"reduce: axes must be ints, got {axes!r}")
        ax = ax.__index__()
        if ax < 0 or ax >= nd or ax <= prev:
            raise ValueError(f"reduce: axes must be sorted, distinct and in [0, {nd}), got {axes!r}")
        prev = ax
        reduced[<int>ax] = True
    for d in range(nd):
        size = 1 if reduced[d] else cnp.PyArray_DIMS(a)[d]
        if cnp.PyArray_DIMS(out)[d] != size:
            expected = [1 if reduced[i] else cnp.PyArray_DIMS(a)[i] for i in range(nd)]
            raise ValueError(f"reduce: out has shape {(<object>out).shape}, expected {tuple(expected)}")
    in_dt = compute_dtype(a)
    out_dt = compute_dtype(out)
    if opi < 0 or in_dt < 0:
        return False
    if opi == OP_SUM or opi == OP_PROD:
        want = in_dt if in_dt in (DT_FLOAT32, DT_FLOAT64) else DT_INT64
    elif opi == OP_MAX or opi == OP_MIN:
        want = in_dt
    else:
        want = DT_UINT8 if (in_dt == DT_UINT8 and out_dt == DT_UINT8) else DT_BOOL
    if out_dt != want:
        raise ValueError(f"reduce {op}: out has dtype {out.dtype}, expected {dtype_name(want)}")
    if not cnp.PyArray_ISWRITEABLE(out):
        raise ValueError("reduce: out is read-only")
    if cnp.PyArray_SIZE(out) == 0:
        return True
    if not (cnp.PyArray_ISNOTSWAPPED(a) and cnp.PyArray_ISALIGNED(a)
            and cnp.PyArray_ISNOTSWAPPED(out) and cnp.PyArray_ISALIGNED(out)):
        return False
    if cnp.PyArray_SIZE(a) == 0:     # out non-empty: every output reduces nothing
        if opi == OP_MAX or opi == OP_MIN:
            return False
        out[...] = 1 if opi in (OP_PROD, OP_ALL) else 0
        return True
    if overlaps(a, out):
        return False
    if opi == OP_SUM and in_dt in (DT_FLOAT32, DT_FLOAT64):
        cascade_sum(a, axes, out)      # PyTorch's order of additions
        return True
    # ---- plan
    p.op = opi
    p.in_dt = in_dt
    p.out_dt = out_dt
    if opi == OP_SUM or opi == OP_PROD:
        p.conv = CONV_INT64 if (want == DT_INT64 and in_dt != DT_INT64) else CONV_NONE
    elif opi == OP_ALL or opi == OP_ANY:
        p.conv = CONV_NONE if in_dt == DT_BOOL else CONV_BOOL
    else:
        p.conv = CONV_NONE
    p.a = cnp.PyArray_BYTES(a)
    p.out = cnp.PyArray_BYTES(out)
    p.nk = 0
    p.nr = 0
    p.K = 1
    p.R = 1
    for d in range(nd):
        size = cnp.PyArray_DIMS(a)[d]
        if size == 1:
            continue
        if reduced[d]:
            p.rshape[p.nr] = size
            p.ra[p.nr] = cnp.PyArray_STRIDES(a)[d]
            p.nr += 1
            p.R *= size
        else:
            p.kshape[p.nk] = size
            p.ka[p.nk] = cnp.PyArray_STRIDES(a)[d]
            p.ko[p.nk] = cnp.PyArray_STRIDES(out)[d]
            p.nk += 1
            p.K *= size
    sort_merge(&p.nk, p.kshape, p.ka, p.ko)
    sort_merge(&p.nr, p.rshape, p.ra, NULL)
    if p.nr == 0:                    # nothing reduced: one "row" of one element
        p.nr = 1
        p.rshape[0] = 1
        p.ra[0] = 0
    choose_mode(&p)
    execute(&p)
    return True
