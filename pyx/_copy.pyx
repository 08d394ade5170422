"""The library's one strided gather/copy/cast kernel: ``copy_into(dst, src)``.

A copy runs in four steps:

1. ``plan_copy`` reduces the two (shape, strides) pairs to a minimal loop nest:
   size-1 dims are dropped, dims are ordered so dst's smallest stride is the
   innermost loop, and neighbouring dims that step through memory as one are
   merged.  A contiguous copy becomes one flat loop, a transpose a 2-D one.
2. When the innermost loop would read src a cache line (or more) apart while
   another dim reads it closely -- a transpose -- the two are walked in
   TILE x TILE blocks, so each src line loaded is used whole before eviction.
3. The work (elements, or strips of tiles) is split into one contiguous range
   per OpenMP thread once the copy is big enough to pay for waking them.
4. Each range runs in a kernel specialised (Cython fused types) for its
   (src dtype, dst dtype) pair: the inner loops are plain typed C loops the
   compiler vectorises, and equal dtypes become memcpy.
"""
cimport numpy as cnp
from cpython.pycapsule cimport PyCapsule_GetPointer
from libc.stdint cimport int8_t, int16_t, int32_t, int64_t, uint8_t, uint16_t, uint32_t, uint64_t
from libc.string cimport memcpy

import os

import numpy as np

cnp.import_array()

cdef extern from *:
    """
    #include <stddef.h>
    #include <stdint.h>
    #include <string.h>

    /* binary16 -> binary32 is exact: only the exponent bias and field widths change. */
    static inline float tl_half_to_float(uint16_t half) {
        uint32_t sign = (uint32_t)(half & 0x8000u) << 16;
        uint32_t exponent = (half >> 10) & 0x1fu;
        uint32_t mantissa = half & 0x3ffu;
        uint32_t bits;
        float result;
        if (exponent == 0) {
            /* zero or subnormal: mantissa * 2^-24, exact in float */
            result = (float)mantissa * 5.9604644775390625e-08f;
            return sign ? -result : result;
        }
        if (exponent == 0x1fu)
            bits = sign | 0x7f800000u | (mantissa << 13);  /* inf, or nan keeping its payload */
        else
            bits = sign | ((exponent + (127 - 15)) << 23) | (mantissa << 13);
        memcpy(&result, &bits, sizeof result);
        return result;
    }

    /* Rounds a double to the nearest binary16, ties to even, straight from its
       bits: going through float first would round twice.  float and every
       integer of magnitude < 2^53 convert to double exactly, so they use this
       too; larger integers overflow to inf either way. */
    static inline uint16_t tl_double_to_half(double value) {
        uint64_t bits, significand, kept, remainder, halfway;
        uint16_t sign;
        int exponent, dropped;
        memcpy(&bits, &value, sizeof bits);
        sign = (uint16_t)((bits >> 48) & 0x8000u);
        bits &= 0x7fffffffffffffffull;
        if (bits > 0x7ff0000000000000ull)
            return sign | 0x7e00u;                      /* nan -> quiet nan */
        if (bits >= 0x40f0000000000000ull)
            return sign | 0x7c00u;                      /* >= 2^16, or inf -> inf */
        exponent = (int)(bits >> 52) - 1023;
        if (exponent < -25)
            return sign;                                /* under half the smallest subnormal */
        significand = (bits & 0x000fffffffffffffull) | (1ull << 52);
        /* A normal half keeps 11 significant bits; subnormals have a fixed
           spacing of 2^-24, so they keep fewer. */
        dropped = exponent >= -14 ? 52 - 10 : 52 - 10 + (-14 - exponent);
        kept = significand >> dropped;
        remainder = significand & ((1ull << dropped) - 1);
        halfway = 1ull << (dropped - 1);
        kept += remainder > halfway || (remainder == halfway && (kept & 1));
        if (exponent < -14)
            return sign | (uint16_t)kept;  /* rounding up to 0x400 is the smallest normal */
        /* kept includes the implicit bit, so it adds 1 to the biased exponent
           (-14 -> 1); a rounding carry bumps it again, up to inf at 65520. */
        return sign | (uint16_t)(((uint64_t)(exponent + 14) << 10) + kept);
    }

    /* Transposing tiles of same-type elements, where dst is unit-stride along
       a tile's columns and src along its rows.  Element by element, every load
       (or every store) would be a separate instruction on a separate cache
       line; transposing 4x4 (2x2) blocks in SSE2 registers, which every x86-64
       CPU has, moves whole vectors both ways.  Bits are only moved, never
       computed on, so these serve any 4- (8-) byte type, nan payloads included. */
    #if defined(__SSE2__) || defined(_M_X64)
    #include <emmintrin.h>
    #define TL_COPY_HAVE_SSE2 1
    #endif

    static inline void tl_transpose_tile_4byte(uint32_t* dst, ptrdiff_t dst_row_step,
                                               const uint32_t* src, ptrdiff_t src_col_step,
                                               ptrdiff_t rows, ptrdiff_t cols) {
        ptrdiff_t i = 0, j, k;
    #ifdef TL_COPY_HAVE_SSE2
        for (; i + 4 <= rows; i += 4) {
            for (j = 0; j + 4 <= cols; j += 4) {
                const float* s = (const float*)(src + j * src_col_step + i);
                float* d = (float*)(dst + i * dst_row_step + j);
                __m128 c0 = _mm_loadu_ps(s);
                __m128 c1 = _mm_loadu_ps(s + src_col_step);
                __m128 c2 = _mm_loadu_ps(s + 2 * src_col_step);
                __m128 c3 = _mm_loadu_ps(s + 3 * src_col_step);
                _MM_TRANSPOSE4_PS(c0, c1, c2, c3);
                _mm_storeu_ps(d, c0);
                _mm_storeu_ps(d + dst_row_step, c1);
                _mm_storeu_ps(d + 2 * dst_row_step, c2);
                _mm_storeu_ps(d + 3 * dst_row_step, c3);
            }
            for (; j < cols; j++)
                for (k = i; k < i + 4; k++)
                    dst[k * dst_row_step + j] = src[j * src_col_step + k];
        }
    #endif
        for (; i < rows; i++)
            for (j = 0; j < cols; j++)
                dst[i * dst_row_step + j] = src[j * src_col_step + i];
    }

    static inline void tl_transpose_tile_8byte(uint64_t* dst, ptrdiff_t dst_row_step,
                                               const uint64_t* src, ptrdiff_t src_col_step,
                                               ptrdiff_t rows, ptrdiff_t cols) {
        ptrdiff_t i = 0, j;
    #ifdef TL_COPY_HAVE_SSE2
        for (; i + 2 <= rows; i += 2) {
            for (j = 0; j + 2 <= cols; j += 2) {
                const double* s = (const double*)(src + j * src_col_step + i);
                double* d = (double*)(dst + i * dst_row_step + j);
                __m128d c0 = _mm_loadu_pd(s);
                __m128d c1 = _mm_loadu_pd(s + src_col_step);
                _mm_storeu_pd(d, _mm_unpacklo_pd(c0, c1));
                _mm_storeu_pd(d + dst_row_step, _mm_unpackhi_pd(c0, c1));
            }
            if (j < cols) {
                dst[i * dst_row_step + j] = src[j * src_col_step + i];
                dst[(i + 1) * dst_row_step + j] = src[j * src_col_step + i + 1];
            }
        }
    #endif
        for (; i < rows; i++)
            for (j = 0; j < cols; j++)
                dst[i * dst_row_step + j] = src[j * src_col_step + i];
    }
    """
    int tl_copy_max_threads() noexcept nogil
    float tl_half_to_float(uint16_t half) noexcept nogil
    uint16_t tl_double_to_half(double value) noexcept nogil
    void tl_transpose_tile_4byte(uint32_t* dst, Py_ssize_t dst_row_step, const uint32_t* src,
                                 Py_ssize_t src_col_step, Py_ssize_t rows, Py_ssize_t cols) noexcept nogil
    void tl_transpose_tile_8byte(uint64_t* dst, Py_ssize_t dst_row_step, const uint64_t* src,
                                 Py_ssize_t src_col_step, Py_ssize_t rows, Py_ssize_t cols) noexcept nogil


cdef enum:
    MAX_DIMS = 64
    # Edge of the square tiles, in elements.  A tile keeps one src cache line
    # per column live (64 lines = 4 KiB, far below L1); of 8..128, 64 timed
    # best on float32 transposes of 1000^2, 1024^2 and 4000^2.
    TILE = 64
    # From one cache line per element on, a row-by-row walk of src wastes most of each line.
    TILE_MIN_SRC_STRIDE = 64
    # Below this many elements, waking a second thread costs more than it saves.
    PARALLEL_MIN_ELEMENTS = 262144

cdef enum DType:
    FLOAT16, FLOAT32, FLOAT64, INT8, INT16, INT32, INT64, UINT8, BOOL, UNSUPPORTED

# float16 and bool are structs, not uint16_t/uint8_t typedefs, so that fused
# specialisation keeps them apart from the integers of the same width, and C
# can never convert them implicitly: every cast has to go through cast_store.
ctypedef struct half:
    uint16_t bits

ctypedef struct boolean:
    uint8_t value

ctypedef fused src_t:
    half
    float
    double
    int8_t
    int16_t
    int32_t
    int64_t
    uint8_t
    boolean

ctypedef fused dst_t:
    half
    float
    double
    int8_t
    int16_t
    int32_t
    int64_t
    uint8_t
    boolean


cdef struct Plan:
    int ndim
    Py_ssize_t shape[MAX_DIMS]
    Py_ssize_t dst_strides[MAX_DIMS]    # in bytes, like every stride in a Plan
    Py_ssize_t src_strides[MAX_DIMS]
    char* dst
    char* src
    bint tiled            # the two innermost dims are walked in TILE x TILE blocks
    Py_ssize_t n_units    # work items: elements, or strips of TILE rows when tiled


# ---------------------------------------------------------------- element casts

cdef inline void cast_store(dst_t* out, src_t value) noexcept nogil:
    """``out[0] = value`` with PyTorch's cast rules (C's, plus float16 and bool)."""
    if src_t is dst_t:
        out[0] = value
    elif dst_t is boolean:
        if src_t is half:
            out.value = (value.bits & 0x7fff) != 0    # only +-0 is False; nan is True
        else:
            out.value = value != 0                    # nan != 0 holds too
    elif dst_t is half:
        if src_t is boolean:
            out.bits = 0x3c00 if value.value else 0   # 1.0 or +0.0
        else:
            out.bits = tl_double_to_half(<double>value)
    elif src_t is half:
        out[0] = <dst_t>tl_half_to_float(value.bits)
    elif src_t is boolean:
        out[0] = <dst_t>(value.value != 0)
    else:
        out[0] = <dst_t>value


# ------------------------------------------------------------- typed inner loops

cdef inline void copy_row(dst_t* dst, Py_ssize_t dst_step, src_t* src, Py_ssize_t src_step,
                          Py_ssize_t n) noexcept nogil:
    """Copies ``n`` elements ``step`` elements apart (not bytes)."""
    cdef Py_ssize_t i
    cdef dst_t filler
    cdef src_t v0, v1, v2, v3
    if src_step == 0:
        cast_store(&filler, src[0])
        for i in range(n):
            dst[i * dst_step] = filler
    elif dst_step == 1 and src_step == 1:
        if src_t is dst_t:
            memcpy(dst, src, n * sizeof(dst_t))
        else:
            for i in range(n):
                cast_store(&dst[i], src[i])
    elif dst_step == 1:
        # Loading four elements before storing any lets their cache misses
        # overlap (the stores might alias them); ~10% faster than the plain
        # loop, which is what gathers from a stepped slice run into.
        i = 0
        while i + 4 <= n:
            v0, v1, v2, v3 = src[0], src[src_step], src[2 * src_step], src[3 * src_step]
            cast_store(&dst[i], v0)
            cast_store(&dst[i + 1], v1)
            cast_store(&dst[i + 2], v2)
            cast_store(&dst[i + 3], v3)
            src += 4 * src_step
            i += 4
        while i < n:
            cast_store(&dst[i], src[0])
            src += src_step
            i += 1
    else:
        for i in range(n):
            cast_store(&dst[i * dst_step], src[i * src_step])


cdef inline void copy_tile(dst_t* dst, Py_ssize_t dst_row_step, Py_ssize_t dst_col_step,
                           src_t* src, Py_ssize_t src_row_step, Py_ssize_t src_col_step,
                           Py_ssize_t rows, Py_ssize_t cols) noexcept nogil:
    cdef Py_ssize_t i, j
    if src_t is dst_t and dst_col_step == 1 and src_row_step == 1:
        if sizeof(dst_t) == 4:
            tl_transpose_tile_4byte(<uint32_t*>dst, dst_row_step, <uint32_t*>src, src_col_step,
                                    rows, cols)
            return
        if sizeof(dst_t) == 8:
            tl_transpose_tile_8byte(<uint64_t*>dst, dst_row_step, <uint64_t*>src, src_col_step,
                                    rows, cols)
            return
    for i in range(rows):
        for j in range(cols):
            cast_store(&dst[i * dst_row_step + j * dst_col_step], src[i * src_row_step + j * src_col_step])


# ------------------------------------------------------ walking a range of work

cdef struct RowCursor:
    # Walks the elements [begin, end) of a plan's loop nest, one run along the
    # innermost dim at a time.
    const Plan* plan
    Py_ssize_t index[MAX_DIMS]    # multi-index of the next run's first element
    char* dst
    char* src
    Py_ssize_t remaining


cdef void row_cursor_start(RowCursor* cursor, const Plan* plan, Py_ssize_t begin,
                           Py_ssize_t end) noexcept nogil:
    cdef int d
    cdef Py_ssize_t rest = begin
    cursor.plan = plan
    cursor.dst = plan.dst
    cursor.src = plan.src
    cursor.remaining = end - begin
    for d in range(plan.ndim - 1, -1, -1):
        cursor.index[d] = rest % plan.shape[d]
        rest //= plan.shape[d]
        cursor.dst += cursor.index[d] * plan.dst_strides[d]
        cursor.src += cursor.index[d] * plan.src_strides[d]


cdef bint row_cursor_next(RowCursor* cursor, char** dst, char** src, Py_ssize_t* n) noexcept nogil:
    """Hands out the next run along the innermost dim; False once the range is done."""
    cdef const Plan* plan = cursor.plan
    cdef int d = plan.ndim - 1
    if cursor.remaining == 0:
        return False
    n[0] = min(plan.shape[d] - cursor.index[d], cursor.remaining)
    dst[0] = cursor.dst
    src[0] = cursor.src
    cursor.remaining -= n[0]
    cursor.index[d] += n[0]
    cursor.dst += n[0] * plan.dst_strides[d]
    cursor.src += n[0] * plan.src_strides[d]
    while d > 0 and cursor.index[d] == plan.shape[d]:
        cursor.dst -= plan.shape[d] * plan.dst_strides[d]
        cursor.src -= plan.shape[d] * plan.src_strides[d]
        cursor.index[d] = 0
        d -= 1
        cursor.index[d] += 1
        cursor.dst += plan.dst_strides[d]
        cursor.src += plan.src_strides[d]
    return True


cdef inline Py_ssize_t strips_per_block(const Plan* plan) noexcept nogil:
    return (plan.shape[plan.ndim - 2] + TILE - 1) // TILE


cdef Py_ssize_t locate_strip(const Plan* plan, Py_ssize_t strip, char** dst, char** src) noexcept nogil:
    """Points dst/src at the first element of strip ``strip``; returns its row count.

    Strips are numbered through the outer dims, then down the row dim."""
    cdef int row_dim = plan.ndim - 2, d
    cdef Py_ssize_t n_strips = strips_per_block(plan)
    cdef Py_ssize_t first_row = (strip % n_strips) * TILE
    cdef Py_ssize_t outer = strip // n_strips, index
    dst[0] = plan.dst + first_row * plan.dst_strides[row_dim]
    src[0] = plan.src + first_row * plan.src_strides[row_dim]
    for d in range(row_dim - 1, -1, -1):
        index = outer % plan.shape[d]
        outer //= plan.shape[d]
        dst[0] += index * plan.dst_strides[d]
        src[0] += index * plan.src_strides[d]
    return min(<Py_ssize_t>TILE, plan.shape[row_dim] - first_row)


# ---------------------------------------------------- per-dtype-pair range copy

cdef void copy_rows(const Plan* plan, Py_ssize_t begin, Py_ssize_t end,
                    src_t* src_type, dst_t* dst_type) noexcept nogil:
    cdef RowCursor cursor
    cdef char* dst
    cdef char* src
    cdef Py_ssize_t n
    cdef int inner = plan.ndim - 1
    cdef Py_ssize_t dst_step = plan.dst_strides[inner] // <Py_ssize_t>sizeof(dst_t)
    cdef Py_ssize_t src_step = plan.src_strides[inner] // <Py_ssize_t>sizeof(src_t)
    row_cursor_start(&cursor, plan, begin, end)
    while row_cursor_next(&cursor, &dst, &src, &n):
        copy_row(<dst_t*>dst, dst_step, <src_t*>src, src_step, n)


cdef void copy_strips(const Plan* plan, Py_ssize_t begin, Py_ssize_t end,
                      src_t* src_type, dst_t* dst_type) noexcept nogil:
    cdef char* dst
    cdef char* src
    cdef Py_ssize_t strip, rows, col_tile, first_col
    cdef int row_dim = plan.ndim - 2, col_dim = plan.ndim - 1
    cdef Py_ssize_t cols = plan.shape[col_dim]
    cdef Py_ssize_t dst_row_step = plan.dst_strides[row_dim] // <Py_ssize_t>sizeof(dst_t)
    cdef Py_ssize_t dst_col_step = plan.dst_strides[col_dim] // <Py_ssize_t>sizeof(dst_t)
    cdef Py_ssize_t src_row_step = plan.src_strides[row_dim] // <Py_ssize_t>sizeof(src_t)
    cdef Py_ssize_t src_col_step = plan.src_strides[col_dim] // <Py_ssize_t>sizeof(src_t)
    for strip in range(begin, end):
        rows = locate_strip(plan, strip, &dst, &src)
        for col_tile in range((cols + TILE - 1) // TILE):
            first_col = col_tile * TILE
            copy_tile(<dst_t*>dst + first_col * dst_col_step, dst_row_step, dst_col_step,
                      <src_t*>src + first_col * src_col_step, src_row_step, src_col_step,
                      rows, min(<Py_ssize_t>TILE, cols - first_col))


cdef void copy_range(const Plan* plan, Py_ssize_t begin, Py_ssize_t end,
                     src_t* src_type, dst_t* dst_type) noexcept nogil:
    """Copies work units [begin, end); the NULL ``*_type`` arguments only pick the dtypes."""
    if plan.tiled:
        copy_strips(plan, begin, end, src_type, dst_type)
    else:
        copy_rows(plan, begin, end, src_type, dst_type)


cdef void copy_range_from(const Plan* plan, Py_ssize_t begin, Py_ssize_t end,
                          src_t* src_type, DType dst_dtype) noexcept nogil:
    if dst_dtype == FLOAT16:
        copy_range(plan, begin, end, src_type, <half*>NULL)
    elif dst_dtype == FLOAT32:
        copy_range(plan, begin, end, src_type, <float*>NULL)
    elif dst_dtype == FLOAT64:
        copy_range(plan, begin, end, src_type, <double*>NULL)
    elif dst_dtype == INT8:
        copy_range(plan, begin, end, src_type, <int8_t*>NULL)
    elif dst_dtype == INT16:
        copy_range(plan, begin, end, src_type, <int16_t*>NULL)
    elif dst_dtype == INT32:
        copy_range(plan, begin, end, src_type, <int32_t*>NULL)
    elif dst_dtype == INT64:
        copy_range(plan, begin, end, src_type, <int64_t*>NULL)
    elif dst_dtype == UINT8:
        copy_range(plan, begin, end, src_type, <uint8_t*>NULL)
    elif dst_dtype == BOOL:
        copy_range(plan, begin, end, src_type, <boolean*>NULL)


cdef void copy_range_between(const Plan* plan, Py_ssize_t begin, Py_ssize_t end,
                             DType src_dtype, DType dst_dtype) noexcept nogil:
    """Picks, by the run-time dtypes, one of the 9 x 9 compiled specialisations."""
    if src_dtype == FLOAT16:
        copy_range_from(plan, begin, end, <half*>NULL, dst_dtype)
    elif src_dtype == FLOAT32:
        copy_range_from(plan, begin, end, <float*>NULL, dst_dtype)
    elif src_dtype == FLOAT64:
        copy_range_from(plan, begin, end, <double*>NULL, dst_dtype)
    elif src_dtype == INT8:
        copy_range_from(plan, begin, end, <int8_t*>NULL, dst_dtype)
    elif src_dtype == INT16:
        copy_range_from(plan, begin, end, <int16_t*>NULL, dst_dtype)
    elif src_dtype == INT32:
        copy_range_from(plan, begin, end, <int32_t*>NULL, dst_dtype)
    elif src_dtype == INT64:
        copy_range_from(plan, begin, end, <int64_t*>NULL, dst_dtype)
    elif src_dtype == UINT8:
        copy_range_from(plan, begin, end, <uint8_t*>NULL, dst_dtype)
    elif src_dtype == BOOL:
        copy_range_from(plan, begin, end, <boolean*>NULL, dst_dtype)


# Big copies are split across tensorlib's worker pool (shared with the
# elementwise and reduction kernels): the calling thread takes chunks too and
# never waits on a helper that has not started, so a busy machine costs at most
# one thread's time (an OpenMP barrier would wait for the descheduled thread).
cdef extern from *:
    """
    typedef void (*tl_chunk_fn)(void* ctx, Py_ssize_t chunk);
    typedef struct {
        void (*run)(tl_chunk_fn fn, void* ctx, Py_ssize_t nchunks);
        int (*threads)(void);
    } tl_parallel_api;
    """
    ctypedef void (*tl_chunk_fn)(void* ctx, Py_ssize_t chunk) noexcept nogil
    ctypedef struct tl_parallel_api:
        void (*run)(tl_chunk_fn fn, void* ctx, Py_ssize_t nchunks) noexcept nogil
        int (*threads)() noexcept nogil

from ._elementwise import _parallel_api

cdef tl_parallel_api* POOL = <tl_parallel_api*>PyCapsule_GetPointer(
    _parallel_api, "tensorlib._elementwise._parallel_api")


cdef struct CopyJob:
    const Plan* plan
    Py_ssize_t n_chunks
    DType src_dtype
    DType dst_dtype


cdef void copy_chunk(void* ctx, Py_ssize_t chunk) noexcept nogil:
    cdef CopyJob* job = <CopyJob*>ctx
    cdef Py_ssize_t units = job.plan.n_units
    copy_range_between(job.plan, units * chunk // job.n_chunks, units * (chunk + 1) // job.n_chunks,
                       job.src_dtype, job.dst_dtype)


cdef void run_plan(const Plan* plan, Py_ssize_t n_elements, DType src_dtype,
                   DType dst_dtype) noexcept nogil:
    cdef CopyJob job
    cdef Py_ssize_t threads = POOL.threads()
    if n_elements < PARALLEL_MIN_ELEMENTS or threads <= 1 or plan.n_units <= 1:
        copy_range_between(plan, 0, plan.n_units, src_dtype, dst_dtype)
        return
    job.plan = plan
    job.n_chunks = min(4 * threads, plan.n_units)
    job.src_dtype = src_dtype
    job.dst_dtype = dst_dtype
    POOL.run(copy_chunk, &job, job.n_chunks)


# --------------------------------------------------------------------- planning

cdef inline bint runs_outside(const Plan* plan, int a, int b) noexcept nogil:
    """Whether dim ``a`` belongs outside dim ``b``: larger dst stride, then larger src stride."""
    if plan.dst_strides[a] != plan.dst_strides[b]:
        return plan.dst_strides[a] > plan.dst_strides[b]
    return plan.src_strides[a] > plan.src_strides[b]


cdef inline void swap_dims(Plan* plan, int a, int b) noexcept nogil:
    plan.shape[a], plan.shape[b] = plan.shape[b], plan.shape[a]
    plan.dst_strides[a], plan.dst_strides[b] = plan.dst_strides[b], plan.dst_strides[a]
    plan.src_strides[a], plan.src_strides[b] = plan.src_strides[b], plan.src_strides[a]


cdef void order_dims(Plan* plan) noexcept nogil:
    """Sorts dims so the innermost loop takes dst's smallest steps.

    Any order visits every element once; this one makes dst's writes, then
    src's reads, as sequential as they can be.  Insertion sort: ndim is small
    and usually (nearly) sorted already."""
    cdef int d, k
    for d in range(1, plan.ndim):
        k = d
        while k > 0 and runs_outside(plan, k, k - 1):
            swap_dims(plan, k, k - 1)
            k -= 1


cdef void merge_dims(Plan* plan) noexcept nogil:
    """Fuses each dim into the one outside it when one step of the outer dim
    equals running off the end of the inner one, in both arrays."""
    cdef int d, last = 0
    for d in range(1, plan.ndim):
        if (plan.dst_strides[last] == plan.shape[d] * plan.dst_strides[d]
                and plan.src_strides[last] == plan.shape[d] * plan.src_strides[d]):
            plan.shape[last] *= plan.shape[d]
        else:
            last += 1
            plan.shape[last] = plan.shape[d]
        plan.dst_strides[last] = plan.dst_strides[d]
        plan.src_strides[last] = plan.src_strides[d]
    plan.ndim = min(plan.ndim, last + 1)


cdef void choose_tiling(Plan* plan) noexcept nogil:
    """Tiles when the innermost loop reads src a cache line or more apart and
    some other dim reads it more closely: moving that dim next to the innermost
    and walking the pair in blocks then uses every src line it loads.
    Broadcast (stride-0) dims re-read one element: they never need the help."""
    cdef int inner = plan.ndim - 1, closest = -1, d
    plan.tiled = False
    if plan.ndim < 2 or plan.src_strides[inner] < TILE_MIN_SRC_STRIDE:
        return
    for d in range(inner):
        if plan.src_strides[d] != 0 and (closest < 0 or plan.src_strides[d] < plan.src_strides[closest]):
            closest = d
    if closest < 0 or plan.src_strides[closest] >= plan.src_strides[inner]:
        return
    for d in range(closest, inner - 1):
        swap_dims(plan, d, d + 1)
    plan.tiled = True


cdef Py_ssize_t plan_copy(Plan* plan, cnp.ndarray dst, cnp.ndarray src) noexcept:
    """Fills ``plan`` for dst <- src (same shapes); returns the element count."""
    cdef int d
    cdef cnp.npy_intp* shape = cnp.PyArray_DIMS(dst)
    cdef cnp.npy_intp* dst_strides = cnp.PyArray_STRIDES(dst)
    cdef cnp.npy_intp* src_strides = cnp.PyArray_STRIDES(src)
    cdef Py_ssize_t n_elements = 1
    plan.dst = <char*>cnp.PyArray_DATA(dst)
    plan.src = <char*>cnp.PyArray_DATA(src)
    plan.ndim = 0
    for d in range(cnp.PyArray_NDIM(dst)):
        n_elements *= shape[d]
        if shape[d] != 1:
            plan.shape[plan.ndim] = shape[d]
            plan.dst_strides[plan.ndim] = dst_strides[d]
            plan.src_strides[plan.ndim] = src_strides[d]
            plan.ndim += 1
    if n_elements == 0:
        return 0
    order_dims(plan)
    merge_dims(plan)
    if plan.ndim == 0:
        plan.ndim = 1
        plan.shape[0] = 1
        plan.dst_strides[0] = 0
        plan.src_strides[0] = 0
    choose_tiling(plan)
    if plan.tiled:
        plan.n_units = n_elements // (plan.shape[plan.ndim - 2] * plan.shape[plan.ndim - 1])
        plan.n_units *= strips_per_block(plan)
    else:
        plan.n_units = n_elements
    return n_elements


# ------------------------------------------------------------------- the entry

cdef DType dtype_of(cnp.ndarray array):
    cdef cnp.dtype descr = array.descr
    cdef Py_ssize_t size = descr.itemsize
    if not cnp.PyArray_ISNOTSWAPPED(array):
        return UNSUPPORTED
    if descr.kind == b"f":
        return FLOAT16 if size == 2 else FLOAT32 if size == 4 else FLOAT64 if size == 8 else UNSUPPORTED
    if descr.kind == b"i":
        return (INT8 if size == 1 else INT16 if size == 2 else INT32 if size == 4
                else INT64 if size == 8 else UNSUPPORTED)
    if descr.kind == b"u" and size == 1:
        return UINT8
    if descr.kind == b"b":
        return BOOL
    return UNSUPPORTED


cdef void byte_extent(cnp.ndarray array, char** first, char** end) noexcept:
    """The bytes [first, end) spanned by a non-empty array (strides are non-negative)."""
    cdef int d
    first[0] = <char*>cnp.PyArray_DATA(array)
    end[0] = first[0] + cnp.PyArray_ITEMSIZE(array)
    for d in range(cnp.PyArray_NDIM(array)):
        end[0] += (cnp.PyArray_DIMS(array)[d] - 1) * cnp.PyArray_STRIDES(array)[d]


cdef bint same_elements(cnp.ndarray dst, cnp.ndarray src) noexcept:
    """Whether dst and src (same shape and dtype) name the very same memory locations."""
    cdef int d
    if cnp.PyArray_DATA(dst) != cnp.PyArray_DATA(src):
        return False
    for d in range(cnp.PyArray_NDIM(dst)):
        if cnp.PyArray_DIMS(dst)[d] != 1 and cnp.PyArray_STRIDES(dst)[d] != cnp.PyArray_STRIDES(src)[d]:
            return False
    return True


cdef void check_operand(cnp.ndarray array, str role) except *:
    cdef int d
    if dtype_of(array) == UNSUPPORTED:
        raise TypeError(f"copy_into: unsupported {role} dtype {array.dtype!r}")
    # The kernels index typed pointers by element; NumPy's aligned flag also
    # vouches for the strides (each a multiple of the alignment, here the itemsize).
    if not cnp.PyArray_ISALIGNED(array):
        raise ValueError(f"copy_into: {role} is not aligned to its itemsize")
    for d in range(cnp.PyArray_NDIM(array)):
        if cnp.PyArray_STRIDES(array)[d] < 0:
            raise ValueError(f"copy_into: {role} has a negative stride {(<object>array).strides}")


def copy_into(cnp.ndarray dst not None, cnp.ndarray src not None):
    """Writes ``src`` into ``dst`` element by element, cast to dst's dtype.

    Both must have the same shape (broadcast src first, with stride-0 dims) and
    non-negative strides; dtypes are float16/32/64, int8/16/32/64, uint8 and
    bool, in any combination.  Casts follow PyTorch: float -> int truncates,
    x -> bool is ``x != 0`` (nan is True), float16 rounds to nearest even.
    If src overlaps dst in memory it is read as it was before the copy."""
    cdef Plan plan
    cdef Py_ssize_t n_elements
    cdef char* dst_first
    cdef char* dst_end
    cdef char* src_first
    cdef char* src_end
    cdef DType dst_dtype, src_dtype
    check_operand(dst, "dst")
    check_operand(src, "src")
    if not cnp.PyArray_SAMESHAPE(dst, src):   # compares ndim too
        raise ValueError(
            f"copy_into: shape mismatch, dst {(<object>dst).shape} vs src {(<object>src).shape}")
    if not cnp.PyArray_ISWRITEABLE(dst):
        raise ValueError("copy_into: dst is read-only")
    if cnp.PyArray_SIZE(dst) == 0:
        return
    src_dtype = dtype_of(src)
    dst_dtype = dtype_of(dst)
    byte_extent(dst, &dst_first, &dst_end)
    byte_extent(src, &src_first, &src_end)
    if dst_first < src_end and src_first < dst_end:
        if src_dtype == dst_dtype and same_elements(dst, src):
            return
        # Reading src while dst is being written would see fresh values.
        src_copy = np.empty((<object>src).shape, dtype=src.descr)
        copy_into(src_copy, src)
        src = src_copy
    n_elements = plan_copy(&plan, dst, src)
    with nogil:
        run_plan(&plan, n_elements, src_dtype, dst_dtype)
