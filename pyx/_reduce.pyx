# distutils: extra_compile_args = -fno-math-errno -fno-trapping-math
"""Reduction kernels: ``reduce(op, a, axes, out)`` for sum, prod, max, min, all, any.

A reduction runs in four steps:

1. Validation, with the GIL, before any unchecked loop (ValueError on a bad
   ``axes`` or ``out``; False for dtypes and layouts left to the caller).
2. ``build_plan`` splits a's dims into kept and reduced ones, drops size-1 dims,
   orders each group by a's stride (largest first) and merges neighbours that
   step through memory as one.  A contiguous full reduction is one flat row.
3. A mode is picked from the innermost strides:
   - inner mode, when the reduced dims hold a's smallest stride: each output is
     a 1-D reduction of rows (``sum(-1)``, full ``sum()``).  The contiguous row
     kernels keep 32 independent accumulators (the compiler vectorises them;
     float max/min use SSE2 maxps/minps with a nan mask) and halve rows longer
     than 8192 elements, summing the halves pairwise: a float32 sum of 10^7
     elements is accurate to ~1e-7 relative, like NumPy's and PyTorch's.
   - outer mode, when a kept dim has the smallest stride (``sum(0)`` of a
     C-contiguous matrix): rows are combined into an accumulator row in one
     pass per 8 rows, ``acc[j] += ((r0[j] + r1[j]) + ...) + r7[j]``, over column
     strips of up to 2048 elements (L1-sized; rows stream from memory whole);
     float sums combine 8-row groups pairwise (a buffer per tree level).
4. Work is cut into chunks for the thread pool of ``tensorlib._elementwise``:
   ranges of outputs when there are enough of them, else ranges of the reduced
   index whose partial results are combined at the end.

Sums of bool and integers accumulate in int64 (wrapping), of floats in their own
dtype; max/min propagate nan; all/any take any dtype (nan is true) and write
bool, or uint8 for uint8 input as PyTorch does.
"""
cimport numpy as cnp
from cpython.pycapsule cimport PyCapsule_GetPointer
from libc.stdint cimport int8_t, int16_t, int32_t, int64_t, uint8_t, uint64_t
from libc.stdlib cimport malloc, free
from libc.string cimport memcpy

import numpy as np

from ._elementwise import _parallel_api

cnp.import_array()

cdef extern from *:
    """
    #include <math.h>
    #if defined(__SSE2__) || defined(_M_X64)
    #include <emmintrin.h>
    #define TL_REDUCE_SSE2 1
    #endif

    /* max/min of p[0:n] (n >= 1), nan if any element is nan.  SSE2's maxps keeps
       its second operand when either is nan, so the running extreme skips nans;
       an unordered-compare mask remembers whether one was seen.  Three
       instructions a vector where a C select that propagates nan takes eight. */
    #define TL_DEFINE_EXTREME(NAME, T, VT, LANES, LOAD, SET1, ZERO, EXT, UNORD, OR, MOVEMASK, STORE, CMP) \
    static T NAME(const T* p, Py_ssize_t n) {                                          \
        Py_ssize_t i = 0;                                                              \
        int j;                                                                         \
        T r = p[0], lanes[LANES];                                                      \
        VT a0 = SET1(p[0]), a1 = a0, a2 = a0, a3 = a0, bad = ZERO();                  \
        for (; i + 4 * LANES <= n; i += 4 * LANES) {                                    \
            VT x0 = LOAD(p + i), x1 = LOAD(p + i + LANES);                              \
            VT x2 = LOAD(p + i + 2 * LANES), x3 = LOAD(p + i + 3 * LANES);              \
            a0 = EXT(x0, a0); a1 = EXT(x1, a1); a2 = EXT(x2, a2); a3 = EXT(x3, a3);     \
            bad = OR(bad, OR(OR(UNORD(x0, x0), UNORD(x1, x1)), OR(UNORD(x2, x2), UNORD(x3, x3)))); \
        }                                                                              \
        if (MOVEMASK(bad))                                                             \
            return (T)NAN;                                                             \
        a0 = EXT(EXT(a0, a1), EXT(a2, a3));                                            \
        STORE(lanes, a0);                                                              \
        for (j = 0; j < LANES; j++)                                                    \
            r = CMP(lanes[j], r) ? lanes[j] : r;                                       \
        for (; i < n; i++) {                                                           \
            if (p[i] != p[i])                                                          \
                return p[i];                                                           \
            r = CMP(p[i], r) ? p[i] : r;                                               \
        }                                                                              \
        return r;                                                                      \
    }

    #ifdef TL_REDUCE_SSE2
    #define TL_GT(a, b) ((a) > (b))
    #define TL_LT(a, b) ((a) < (b))
    TL_DEFINE_EXTREME(tl_max_f32, float, __m128, 4, _mm_loadu_ps, _mm_set1_ps, _mm_setzero_ps, _mm_max_ps,
                      _mm_cmpunord_ps, _mm_or_ps, _mm_movemask_ps, _mm_storeu_ps, TL_GT)
    TL_DEFINE_EXTREME(tl_min_f32, float, __m128, 4, _mm_loadu_ps, _mm_set1_ps, _mm_setzero_ps, _mm_min_ps,
                      _mm_cmpunord_ps, _mm_or_ps, _mm_movemask_ps, _mm_storeu_ps, TL_LT)
    TL_DEFINE_EXTREME(tl_max_f64, double, __m128d, 2, _mm_loadu_pd, _mm_set1_pd, _mm_setzero_pd, _mm_max_pd,
                      _mm_cmpunord_pd, _mm_or_pd, _mm_movemask_pd, _mm_storeu_pd, TL_GT)
    TL_DEFINE_EXTREME(tl_min_f64, double, __m128d, 2, _mm_loadu_pd, _mm_set1_pd, _mm_setzero_pd, _mm_min_pd,
                      _mm_cmpunord_pd, _mm_or_pd, _mm_movemask_pd, _mm_storeu_pd, TL_LT)
    static int tl_have_sse2_extremes(void) { return 1; }
    #else
    static float tl_max_f32(const float* p, Py_ssize_t n) { (void)p; (void)n; return 0; }
    static float tl_min_f32(const float* p, Py_ssize_t n) { (void)p; (void)n; return 0; }
    static double tl_max_f64(const double* p, Py_ssize_t n) { (void)p; (void)n; return 0; }
    static double tl_min_f64(const double* p, Py_ssize_t n) { (void)p; (void)n; return 0; }
    static int tl_have_sse2_extremes(void) { return 0; }
    #endif

    typedef void (*tl_chunk_fn)(void* ctx, Py_ssize_t chunk);
    typedef struct {
        void (*run)(tl_chunk_fn fn, void* ctx, Py_ssize_t nchunks);
        int (*threads)(void);
    } tl_parallel_api;
    """
    float tl_max_f32(const float* p, Py_ssize_t n) noexcept nogil
    float tl_min_f32(const float* p, Py_ssize_t n) noexcept nogil
    double tl_max_f64(const double* p, Py_ssize_t n) noexcept nogil
    double tl_min_f64(const double* p, Py_ssize_t n) noexcept nogil
    int tl_have_sse2_extremes() noexcept nogil
    ctypedef void (*tl_chunk_fn)(void* ctx, Py_ssize_t chunk) noexcept nogil
    ctypedef struct tl_parallel_api:
        void (*run)(tl_chunk_fn fn, void* ctx, Py_ssize_t nchunks) noexcept nogil
        int (*threads)() noexcept nogil

cdef bint HAVE_SSE2_EXTREMES = tl_have_sse2_extremes()
cdef tl_parallel_api* POOL = <tl_parallel_api*>PyCapsule_GetPointer(
    _parallel_api, "tensorlib._elementwise._parallel_api")


cdef enum:
    MAX_DIMS = 64
    ACCS = 32              # independent accumulators of the contiguous row kernels
    PAIRWISE_BLOCK = 8192  # rows longer than this are halved and summed pairwise
    CONVERT_BLOCK = 512    # elements converted (int -> int64, x -> x != 0) at a time
    LEAF_ROWS = 8          # outer mode: rows combined in one pass (and float sums' tree leaves)
    STRIP_MAX = 2048       # outer-mode column strip (elements): accumulators stay in L1
    PAR_MIN = 65536        # elements from which the pool is used
    CHUNK_MIN = 16384      # elements a chunk gets at least
    CHUNK_MAX = 262144     # and at most, once there are 8 a thread
    PARTIALS_MAX = 262144  # partial results kept when chunks split the reduced range

cdef enum Op:
    OP_SUM, OP_PROD, OP_MAX, OP_MIN, OP_ALL, OP_ANY

cdef enum DType:
    DT_BOOL, DT_UINT8, DT_INT8, DT_INT16, DT_INT32, DT_INT64, DT_FLOAT32, DT_FLOAT64

cdef enum Conv:
    CONV_NONE, CONV_INT64, CONV_BOOL

# the accumulator / result type (bool is held as uint8_t, 0 or 1)
ctypedef fused V:
    uint8_t
    int8_t
    int16_t
    int32_t
    int64_t
    float
    double

# an input type that is converted (to int64 or to 0/1) before reducing
ctypedef fused IN:
    uint8_t
    int8_t
    int16_t
    int32_t
    int64_t
    float
    double

cdef dict OPS = {'sum': OP_SUM, 'prod': OP_PROD, 'max': OP_MAX, 'min': OP_MIN,
                 'all': OP_ALL, 'any': OP_ANY, 'amax': OP_MAX, 'amin': OP_MIN}
DTYPE_NAMES = ('bool', 'uint8', 'int8', 'int16', 'int32', 'int64', 'float32', 'float64')


cdef struct RPlan:
    int op, conv, out_dt, in_dt
    int outer                       # outer mode (else inner)
    int nk, nr                      # kept / reduced dims after merging (nr >= 1)
    Py_ssize_t K, R                 # outputs, elements reduced into each
    Py_ssize_t kshape[MAX_DIMS]
    Py_ssize_t ka[MAX_DIMS]         # kept dims: strides in a (bytes)
    Py_ssize_t ko[MAX_DIMS]         # kept dims: strides in out (bytes)
    Py_ssize_t rshape[MAX_DIMS]
    Py_ssize_t ra[MAX_DIMS]         # reduced dims: strides in a (bytes)
    Py_ssize_t strip                # outer mode: columns per work item
    Py_ssize_t nstrips              # outer mode: strips across the innermost kept dim
    Py_ssize_t items                # units the kept side splits into (outputs or strips)
    Py_ssize_t levels               # outer mode: pairwise tree levels
    char* a
    char* out


cdef struct RJob:
    RPlan* p
    Py_ssize_t nchunks
    int split_r                     # chunks split the reduced range (else kept items)
    char* partial                   # split_r: nchunks x K results
    int failed                      # a chunk could not allocate its buffers


# ---------------------------------------------------------------- scalar combine

cdef inline V add_(V x, V y) noexcept nogil:
    if V is int64_t:
        return <int64_t>(<uint64_t>x + <uint64_t>y)     # wraps
    else:
        return x + y

cdef inline V mul_(V x, V y) noexcept nogil:
    if V is int64_t:
        return <int64_t>(<uint64_t>x * <uint64_t>y)
    else:
        return x * y

cdef inline V max_(V acc, V x) noexcept nogil:
    if V is float or V is double:
        return x if ((x > acc) | (x != x)) else acc       # a nan sticks
    else:
        return x if x > acc else acc

cdef inline V min_(V acc, V x) noexcept nogil:
    if V is float or V is double:
        return x if ((x < acc) | (x != x)) else acc
    else:
        return x if x < acc else acc

cdef inline V and_(V x, V y) noexcept nogil:
    if V is float or V is double:
        return (x != 0) & (y != 0)      # all/any reduce 0/1 values held as uint8_t
    else:
        return x & y

cdef inline V or_(V x, V y) noexcept nogil:
    if V is float or V is double:
        return (x != 0) | (y != 0)
    else:
        return x | y

cdef inline V combine(V x, V y, int op) noexcept nogil:
    if op == OP_SUM:
        return add_(x, y)
    if op == OP_PROD:
        return mul_(x, y)
    if op == OP_MAX:
        return max_(x, y)
    if op == OP_MIN:
        return min_(x, y)
    if op == OP_ALL:
        return and_(x, y)
    return or_(x, y)

cdef inline V identity(V dummy, int op) noexcept nogil:
    if op == OP_SUM or op == OP_ANY:
        return 0
    return 1                       # prod, all (max/min never reduce nothing)


# ---------------------------------------------------------------- 1-D reductions

cdef V tree(V* acc, int n, int op) noexcept nogil:
    """Pairwise combination of n (a power of two) accumulators, in place."""
    cdef int half, j
    while n > 1:
        half = n // 2
        for j in range(half):
            acc[j] = combine(acc[j], acc[j + half], op)
        n = half
    return acc[0]


cdef V block_contig(V* p, Py_ssize_t n, int op) noexcept nogil:
    """Reduces p[0:n], n >= 1, with ACCS independent accumulators (vectorised)."""
    cdef V acc[ACCS]
    cdef Py_ssize_t i, full = n - n % ACCS
    cdef int j
    if V is float:
        if op == OP_MAX and HAVE_SSE2_EXTREMES:
            return tl_max_f32(p, n)
        if op == OP_MIN and HAVE_SSE2_EXTREMES:
            return tl_min_f32(p, n)
    if V is double:
        if op == OP_MAX and HAVE_SSE2_EXTREMES:
            return tl_max_f64(p, n)
        if op == OP_MIN and HAVE_SSE2_EXTREMES:
            return tl_min_f64(p, n)
    if op == OP_MAX or op == OP_MIN:
        for j in range(ACCS):
            acc[j] = p[0]
    else:
        for j in range(ACCS):
            acc[j] = identity(p[0], op)
    if op == OP_SUM:
        for i in range(full // ACCS):
            for j in range(ACCS):
                acc[j] = add_(acc[j], p[i * ACCS + j])
    elif op == OP_MAX:
        for i in range(full // ACCS):
            for j in range(ACCS):
                acc[j] = max_(acc[j], p[i * ACCS + j])
    elif op == OP_MIN:
        for i in range(full // ACCS):
            for j in range(ACCS):
                acc[j] = min_(acc[j], p[i * ACCS + j])
    elif op == OP_PROD:
        for i in range(full // ACCS):
            for j in range(ACCS):
                acc[j] = mul_(acc[j], p[i * ACCS + j])
    elif op == OP_ALL:
        for i in range(full // ACCS):
            for j in range(ACCS):
                acc[j] = and_(acc[j], p[i * ACCS + j])
    else:
        for i in range(full // ACCS):
            for j in range(ACCS):
                acc[j] = or_(acc[j], p[i * ACCS + j])
    for i in range(full, n):
        acc[i - full] = combine(acc[i - full], p[i], op)
    return tree(acc, ACCS, op)


cdef V block_strided(V* dummy, char* p, Py_ssize_t n, Py_ssize_t stride, int op) noexcept nogil:
    """Reduces n >= 1 elements ``stride`` bytes apart, four accumulators."""
    cdef V acc[4]
    cdef Py_ssize_t i, full = n - n % 4
    cdef int j
    for j in range(4):
        acc[j] = (<V*>p)[0] if (op == OP_MAX or op == OP_MIN) else identity((<V*>p)[0], op)
    for i in range(full // 4):
        for j in range(4):
            acc[j] = combine(acc[j], (<V*>(p + (4 * i + j) * stride))[0], op)
    for i in range(full, n):
        acc[i - full] = combine(acc[i - full], (<V*>(p + i * stride))[0], op)
    return tree(acc, 4, op)


cdef V reduce_1d(V* dummy, char* p, Py_ssize_t n, Py_ssize_t stride, int op) noexcept nogil:
    """Reduces n >= 1 values of type V, ``stride`` bytes apart, pairwise above PAIRWISE_BLOCK."""
    cdef Py_ssize_t half
    if n > PAIRWISE_BLOCK:
        half = (n // 2) & ~(<Py_ssize_t>ACCS - 1)
        return combine(reduce_1d(dummy, p, half, stride, op),
                       reduce_1d(dummy, p + half * stride, n - half, stride, op), op)
    if stride == sizeof(V):
        return block_contig(<V*>p, n, op)
    return block_strided(dummy, p, n, stride, op)


cdef void convert_typed(IN* dummy, char* src, Py_ssize_t n, Py_ssize_t stride, int conv,
                        void* dst) noexcept nogil:
    """dst[0:n] = src's n values (``stride`` bytes apart) as int64, or as x != 0."""
    cdef Py_ssize_t i
    cdef int64_t* d64 = <int64_t*>dst
    cdef uint8_t* d8 = <uint8_t*>dst
    cdef IN* s = <IN*>src
    if conv == CONV_INT64:
        if stride == sizeof(IN):
            for i in range(n):
                d64[i] = <int64_t>s[i]
        else:
            for i in range(n):
                d64[i] = <int64_t>(<IN*>(src + i * stride))[0]
    else:
        if stride == sizeof(IN):
            for i in range(n):
                d8[i] = s[i] != 0
        else:
            for i in range(n):
                d8[i] = (<IN*>(src + i * stride))[0] != 0


cdef void convert(int in_dt, char* src, Py_ssize_t n, Py_ssize_t stride, int conv,
                  void* dst) noexcept nogil:
    if in_dt == DT_BOOL or in_dt == DT_UINT8:
        convert_typed(<uint8_t*>NULL, src, n, stride, conv, dst)
    elif in_dt == DT_INT8:
        convert_typed(<int8_t*>NULL, src, n, stride, conv, dst)
    elif in_dt == DT_INT16:
        convert_typed(<int16_t*>NULL, src, n, stride, conv, dst)
    elif in_dt == DT_INT32:
        convert_typed(<int32_t*>NULL, src, n, stride, conv, dst)
    elif in_dt == DT_INT64:
        convert_typed(<int64_t*>NULL, src, n, stride, conv, dst)
    elif in_dt == DT_FLOAT32:
        convert_typed(<float*>NULL, src, n, stride, conv, dst)
    else:
        convert_typed(<double*>NULL, src, n, stride, conv, dst)


cdef V reduce_input(V* dummy, RPlan* p, char* src, Py_ssize_t n, Py_ssize_t stride) noexcept nogil:
    """Reduces n >= 1 input elements (a's dtype) into V, converting in blocks when needed."""
    cdef V buf[CONVERT_BLOCK]
    cdef V acc
    cdef Py_ssize_t s, m
    if p.conv == CONV_NONE:
        return reduce_1d(dummy, src, n, stride, p.op)
    m = n if n < CONVERT_BLOCK else CONVERT_BLOCK
    convert(p.in_dt, src, m, stride, p.conv, buf)
    acc = block_contig(buf, m, p.op)
    s = m
    while s < n:          # converted sums are integers: the order does not matter
        m = n - s if n - s < CONVERT_BLOCK else CONVERT_BLOCK
        convert(p.in_dt, src + s * stride, m, stride, p.conv, buf)
        acc = combine(acc, block_contig(buf, m, p.op), p.op)
        s += m
    return acc


# ---------------------------------------------------------------- inner mode

cdef inline Py_ssize_t reduced_offset(RPlan* p, Py_ssize_t row) noexcept nogil:
    """Byte offset in a of row ``row`` of the reduced dims (all but the innermost)."""
    cdef Py_ssize_t off = 0
    cdef int d = p.nr - 2
    while d >= 0 and row:
        off += (row % p.rshape[d]) * p.ra[d]
        row //= p.rshape[d]
        d -= 1
    return off


cdef V inner_range(V* dummy, RPlan* p, char* base, Py_ssize_t lo, Py_ssize_t hi) noexcept nogil:
    """Reduces the reduced elements [lo, hi) (row-major over the reduced dims, hi > lo)
    of the output whose first input is at ``base``: pairwise over whole rows."""
    cdef Py_ssize_t inner = p.rshape[p.nr - 1]
    cdef Py_ssize_t first = lo // inner, last = (hi - 1) // inner, mid
    if first == last:
        return reduce_input(dummy, p, base + reduced_offset(p, first) + (lo - first * inner) * p.ra[p.nr - 1],
                            hi - lo, p.ra[p.nr - 1])
    mid = ((first + last + 1) // 2) * inner
    return combine(inner_range(dummy, p, base, lo, mid), inner_range(dummy, p, base, mid, hi), p.op)


cdef inline void kept_offsets(RPlan* p, Py_ssize_t k, Py_ssize_t* a_off, Py_ssize_t* o_off) noexcept nogil:
    """Byte offsets in a and out of kept flat index k."""
    cdef Py_ssize_t ia = 0, io = 0, i
    cdef int d = p.nk - 1
    while d >= 0 and k:
        i = k % p.kshape[d]
        ia += i * p.ka[d]
        io += i * p.ko[d]
        k //= p.kshape[d]
        d -= 1
    a_off[0] = ia
    o_off[0] = io


cdef void inner_chunk(V* dummy, RJob* job, Py_ssize_t c) noexcept nogil:
    cdef RPlan* p = job.p
    cdef Py_ssize_t k, klo, khi, rlo, rhi, a_off, o_off
    cdef V* partial
    if job.split_r:
        rlo = chunk_start(p.R, c, job.nchunks)
        rhi = chunk_start(p.R, c + 1, job.nchunks)
        partial = (<V*>job.partial) + c * p.K
        for k in range(p.K):     # every chunk has rows: nchunks <= R
            kept_offsets(p, k, &a_off, &o_off)
            partial[k] = inner_range(dummy, p, p.a + a_off, rlo, rhi)
        return
    klo = chunk_start(p.K, c, job.nchunks)
    khi = chunk_start(p.K, c + 1, job.nchunks)
    for k in range(klo, khi):
        kept_offsets(p, k, &a_off, &o_off)
        (<V*>(p.out + o_off))[0] = inner_range(dummy, p, p.a + a_off, 0, p.R)


# ---------------------------------------------------------------- outer mode

cdef void load_row(V* dummy, RPlan* p, V* dst, char* src, Py_ssize_t n) noexcept nogil:
    """dst[0:n] = one row of the strip (a's innermost kept dim), as V."""
    cdef Py_ssize_t j, s = p.ka[p.nk - 1]
    if p.conv != CONV_NONE:
        convert(p.in_dt, src, n, s, p.conv, dst)
    elif s == sizeof(V):
        memcpy(dst, src, n * sizeof(V))
    else:
        for j in range(n):
            dst[j] = (<V*>(src + j * s))[0]


cdef void combine_rows(V* dst, V* src, Py_ssize_t n, int op) noexcept nogil:
    """dst[j] = op(dst[j], src[j]): contiguous, vectorised."""
    cdef Py_ssize_t j
    if op == OP_SUM:
        for j in range(n):
            dst[j] = add_(dst[j], src[j])
    elif op == OP_MAX:
        for j in range(n):
            dst[j] = max_(dst[j], src[j])
    elif op == OP_MIN:
        for j in range(n):
            dst[j] = min_(dst[j], src[j])
    elif op == OP_PROD:
        for j in range(n):
            dst[j] = mul_(dst[j], src[j])
    elif op == OP_ALL:
        for j in range(n):
            dst[j] = and_(dst[j], src[j])
    else:
        for j in range(n):
            dst[j] = or_(dst[j], src[j])


cdef void accumulate_row(V* dummy, RPlan* p, V* dst, char* src, Py_ssize_t n, V* tmp) noexcept nogil:
    """dst[0:n] = op(dst, one row of the strip)."""
    cdef Py_ssize_t j, s = p.ka[p.nk - 1]
    cdef int op = p.op
    if p.conv != CONV_NONE:
        convert(p.in_dt, src, n, s, p.conv, tmp)
        combine_rows(dst, tmp, n, op)
    elif s == sizeof(V):
        combine_rows(dst, <V*>src, n, op)
    else:
        for j in range(n):
            dst[j] = combine(dst[j], (<V*>(src + j * s))[0], op)


cdef bint rows8(V* dst, char** rows, Py_ssize_t n, bint init, int op) noexcept nogil:
    """dst[0:n] = (init ? : dst op) the combination of 8 contiguous rows, in one pass
    (one load per row and one store per element, where row-at-a-time reloads dst
    for every row).  False for ops without an unrolled form."""
    cdef V* r0 = <V*>rows[0]
    cdef V* r1 = <V*>rows[1]
    cdef V* r2 = <V*>rows[2]
    cdef V* r3 = <V*>rows[3]
    cdef V* r4 = <V*>rows[4]
    cdef V* r5 = <V*>rows[5]
    cdef V* r6 = <V*>rows[6]
    cdef V* r7 = <V*>rows[7]
    cdef Py_ssize_t j
    if op == OP_SUM:
        if init:
            for j in range(n):
                dst[j] = add_(add_(add_(r0[j], r1[j]), add_(r2[j], r3[j])),
                              add_(add_(r4[j], r5[j]), add_(r6[j], r7[j])))
        else:
            for j in range(n):
                dst[j] = add_(dst[j], add_(add_(add_(r0[j], r1[j]), add_(r2[j], r3[j])),
                                           add_(add_(r4[j], r5[j]), add_(r6[j], r7[j]))))
        return True
    if op == OP_MAX:
        if init:
            for j in range(n):
                dst[j] = max_(max_(max_(r0[j], r1[j]), max_(r2[j], r3[j])),
                              max_(max_(r4[j], r5[j]), max_(r6[j], r7[j])))
        else:
            for j in range(n):
                dst[j] = max_(dst[j], max_(max_(max_(r0[j], r1[j]), max_(r2[j], r3[j])),
                                           max_(max_(r4[j], r5[j]), max_(r6[j], r7[j]))))
        return True
    if op == OP_MIN:
        if init:
            for j in range(n):
                dst[j] = min_(min_(min_(r0[j], r1[j]), min_(r2[j], r3[j])),
                              min_(min_(r4[j], r5[j]), min_(r6[j], r7[j])))
        else:
            for j in range(n):
                dst[j] = min_(dst[j], min_(min_(min_(r0[j], r1[j]), min_(r2[j], r3[j])),
                                           min_(min_(r4[j], r5[j]), min_(r6[j], r7[j]))))
        return True
    return False


cdef void outer_rows(V* dummy, RPlan* p, char* base, Py_ssize_t lo, Py_ssize_t hi, Py_ssize_t n,
                     V* dst, V* levels) noexcept nogil:
    """dst[0:n] = reduction of rows [lo, hi) (hi > lo) of the strip at ``base``.  Float
    sums recurse pairwise (left halves a multiple of LEAF_ROWS rows), the right half
    going to the next level's buffer; the rows of a leaf go 8 at a time."""
    cdef Py_ssize_t r, mid
    cdef V* right
    cdef char* rows[LEAF_ROWS]
    cdef int k
    cdef bint init = True
    if (V is float or V is double) and p.op == OP_SUM and hi - lo > LEAF_ROWS:
        mid = lo + (((hi - lo) // 2) & ~(<Py_ssize_t>LEAF_ROWS - 1))
        if mid == lo:
            mid = lo + LEAF_ROWS
        right = levels
        outer_rows(dummy, p, base, lo, mid, n, dst, levels + p.strip)
        outer_rows(dummy, p, base, mid, hi, n, right, levels + p.strip)
        combine_rows(dst, right, n, OP_SUM)
        return
    r = lo
    if p.conv == CONV_NONE and p.ka[p.nk - 1] == sizeof(V):
        while hi - r >= LEAF_ROWS:
            for k in range(LEAF_ROWS):
                rows[k] = base + row_offset(p, r + k)
            if not rows8(dst, rows, n, init, p.op):
                break
            init = False
            r += LEAF_ROWS
    if r == hi:
        return
    if init:
        load_row(dummy, p, dst, base + row_offset(p, r), n)
        r += 1
    while r < hi:
        accumulate_row(dummy, p, dst, base + row_offset(p, r), n, levels)
        r += 1


cdef inline Py_ssize_t row_offset(RPlan* p, Py_ssize_t r) noexcept nogil:
    """Byte offset in a of reduced flat index r (all reduced dims)."""
    cdef Py_ssize_t off = 0
    cdef int d = p.nr - 1
    if d == 0:
        return r * p.ra[0]
    while d >= 0 and r:
        off += (r % p.rshape[d]) * p.ra[d]
        r //= p.rshape[d]
        d -= 1
    return off


cdef void outer_item(V* dummy, RPlan* p, Py_ssize_t item, Py_ssize_t rlo, Py_ssize_t rhi,
                     V* acc, V* levels, Py_ssize_t* first_k, Py_ssize_t* ncols) noexcept nogil:
    """acc[0:ncols] = reduction over rows [rlo, rhi) of work item ``item`` (a strip of
    one outer kept index); first_k: the kept flat index of acc[0]."""
    cdef Py_ssize_t C = p.kshape[p.nk - 1]
    cdef Py_ssize_t outer = item // p.nstrips, col = (item % p.nstrips) * p.strip
    cdef Py_ssize_t a_off, o_off, n = C - col if C - col < p.strip else p.strip
    kept_offsets(p, outer * C, &a_off, &o_off)
    outer_rows(dummy, p, p.a + a_off + col * p.ka[p.nk - 1], rlo, rhi, n, acc, levels)
    first_k[0] = outer * C + col
    ncols[0] = n


cdef void outer_chunk(V* dummy, RJob* job, Py_ssize_t c) noexcept nogil:
    cdef RPlan* p = job.p
    cdef Py_ssize_t item, lo, hi, j, first_k, ncols, a_off, o_off
    cdef Py_ssize_t so = p.ko[p.nk - 1]
    cdef V* acc = <V*>malloc((p.levels + 2) * p.strip * sizeof(V))
    cdef V* partial
    cdef char* o
    if acc == NULL:
        job.failed = 1
        return
    if job.split_r:
        lo = chunk_start(p.R, c, job.nchunks)
        hi = chunk_start(p.R, c + 1, job.nchunks)
        partial = (<V*>job.partial) + c * p.K
        for item in range(p.items):   # every chunk has rows: nchunks <= R
            outer_item(dummy, p, item, lo, hi, acc, acc + p.strip, &first_k, &ncols)
            memcpy(partial + first_k, acc, ncols * sizeof(V))
    else:
        lo = chunk_start(p.items, c, job.nchunks)
        hi = chunk_start(p.items, c + 1, job.nchunks)
        for item in range(lo, hi):
            outer_item(dummy, p, item, 0, p.R, acc, acc + p.strip, &first_k, &ncols)
            kept_offsets(p, first_k, &a_off, &o_off)
            o = p.out + o_off
            if so == sizeof(V):
                memcpy(o, acc, ncols * sizeof(V))
            else:
                for j in range(ncols):
                    (<V*>(o + j * so))[0] = acc[j]
    free(acc)


# ---------------------------------------------------------------- driving

cdef inline Py_ssize_t chunk_start(Py_ssize_t n, Py_ssize_t c, Py_ssize_t nchunks) noexcept nogil:
    if c >= nchunks:
        return n
    return (n // nchunks) * c + (c if c < n % nchunks else n % nchunks)


cdef void run_chunk_typed(V* dummy, RJob* job, Py_ssize_t c) noexcept nogil:
    if job.p.outer:
        outer_chunk(dummy, job, c)
    else:
        inner_chunk(dummy, job, c)


cdef void run_chunk(void* ctx, Py_ssize_t c) noexcept nogil:
    cdef RJob* job = <RJob*>ctx
    cdef int dt = job.p.out_dt
    if dt == DT_BOOL or dt == DT_UINT8:
        run_chunk_typed(<uint8_t*>NULL, job, c)
    elif dt == DT_INT8:
        run_chunk_typed(<int8_t*>NULL, job, c)
    elif dt == DT_INT16:
        run_chunk_typed(<int16_t*>NULL, job, c)
    elif dt == DT_INT32:
        run_chunk_typed(<int32_t*>NULL, job, c)
    elif dt == DT_INT64:
        run_chunk_typed(<int64_t*>NULL, job, c)
    elif dt == DT_FLOAT32:
        run_chunk_typed(<float*>NULL, job, c)
    else:
        run_chunk_typed(<double*>NULL, job, c)


cdef void finish_split_typed(V* dummy, RJob* job) noexcept nogil:
    """Combines the chunks' partial results into out: chunk by chunk over all
    outputs (the same order of operations per output as one by one, in loops the
    compiler vectorises), then one pass writing out."""
    cdef RPlan* p = job.p
    cdef V* acc = <V*>job.partial
    cdef V* part
    cdef Py_ssize_t k, c, a_off, o_off, expected = sizeof(V)
    cdef Py_ssize_t K = p.K
    cdef bint dense_out = True
    cdef int d
    for c in range(1, job.nchunks):
        part = acc + c * K
        if p.op == OP_SUM:
            for k in range(K):
                acc[k] = add_(acc[k], part[k])
        else:
            for k in range(K):
                acc[k] = combine(acc[k], part[k], p.op)
    for d in range(p.nk - 1, -1, -1):
        if p.kshape[d] != 1 and p.ko[d] != expected:
            dense_out = False
        expected *= p.kshape[d]
    if dense_out:
        memcpy(p.out, acc, K * sizeof(V))
        return
    for k in range(K):
        kept_offsets(p, k, &a_off, &o_off)
        (<V*>(p.out + o_off))[0] = acc[k]


cdef void finish_split(RJob* job) noexcept nogil:
    cdef int dt = job.p.out_dt
    if dt == DT_BOOL or dt == DT_UINT8:
        finish_split_typed(<uint8_t*>NULL, job)
    elif dt == DT_INT8:
        finish_split_typed(<int8_t*>NULL, job)
    elif dt == DT_INT16:
        finish_split_typed(<int16_t*>NULL, job)
    elif dt == DT_INT32:
        finish_split_typed(<int32_t*>NULL, job)
    elif dt == DT_INT64:
        finish_split_typed(<int64_t*>NULL, job)
    elif dt == DT_FLOAT32:
        finish_split_typed(<float*>NULL, job)
    else:
        finish_split_typed(<double*>NULL, job)


cdef int execute(RPlan* p) except -1:
    cdef RJob job
    cdef Py_ssize_t threads = POOL.threads()
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
            POOL.run(run_chunk, &job, job.nchunks)
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

cdef inline int dtype_index(cnp.ndarray a) noexcept:
    cdef int tn = cnp.PyArray_TYPE(a)
    cdef Py_ssize_t size = cnp.PyArray_ITEMSIZE(a)
    if tn == cnp.NPY_BOOL:
        return DT_BOOL
    if tn == cnp.NPY_FLOAT:
        return DT_FLOAT32
    if tn == cnp.NPY_DOUBLE:
        return DT_FLOAT64
    if cnp.PyTypeNum_ISSIGNED(tn):
        if size == 1:
            return DT_INT8
        if size == 2:
            return DT_INT16
        if size == 4:
            return DT_INT32
        if size == 8:
            return DT_INT64
    if tn == cnp.NPY_UBYTE:
        return DT_UINT8
    return -1


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
    cdef Py_ssize_t inner_len = p.rshape[p.nr - 1], C, level_rows, half
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
    # pairwise tree depth of outer_rows over R rows (its larger half at each level),
    # plus one: buffers for right halves and a leaf's conversion scratch row
    p.levels = 1
    level_rows = p.R
    while level_rows > LEAF_ROWS:
        half = (level_rows // 2) & ~(<Py_ssize_t>LEAF_ROWS - 1)
        if half == 0:
            half = LEAF_ROWS
        level_rows = half if half > level_rows - half else level_rows - half
        p.levels += 1


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
    in_dt = dtype_index(a)
    out_dt = dtype_index(out)
    if opi < 0 or in_dt < 0:
        return False
    if opi == OP_SUM or opi == OP_PROD:
        want = in_dt if in_dt in (DT_FLOAT32, DT_FLOAT64) else DT_INT64
    elif opi == OP_MAX or opi == OP_MIN:
        want = in_dt
    else:
        want = DT_UINT8 if (in_dt == DT_UINT8 and out_dt == DT_UINT8) else DT_BOOL
    if out_dt != want:
        raise ValueError(f"reduce {op}: out has dtype {out.dtype}, expected {DTYPE_NAMES[want]}")
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


def reduce_ops():
    """Ops ``reduce`` handles."""
    return tuple(OPS)
