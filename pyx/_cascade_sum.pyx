# distutils: extra_compile_args = -fno-math-errno -fno-trapping-math
"""Float sums in PyTorch's CPU order of additions: ``cascade_sum(a, axes, out)``.

``tensorlib._reduce.reduce`` hands float32/float64 sums here, so that a sum rounds
exactly as PyTorch 2.13's CPU ``sum`` does run on one thread.  Found by observing
PyTorch (raw bits of many sums; see tests/test_arith_order_parity.py):

- Dims are ordered as PyTorch's TensorIterator orders a reduction's: the reduced
  dims first, fastest-moving first by a's strides; the kept dims after them by
  out's strides.  Neighbours that step through memory as one are merged.  The two
  innermost dims form a 2-D block, and the outer dims walk over such blocks (the
  innermost of them fastest), each block adding its results into out (zeroed
  first): several reduced dims that do not merge add up block by block.
- In a block, dim 0 is reduced.  A contiguous dim 0 of at least one vector (8
  float32 / 4 float64 lanes: PyTorch runs its AVX2 kernel even on AVX512
  machines) sums each row of vectors with ``row_sum``, then adds the scalar tail
  and the vector's lanes one by one into a scalar starting at 0.  Otherwise a
  contiguous dim 1 of at least one vector sums columns 32 (16) at a time as lanes
  of one cascade, then 8 (4) at a time with ``row_sum`` on vectors, then one at a
  time with ``row_sum``.  Otherwise dim 0 is summed per output with ``row_sum``
  when its stride is the smaller, else columns go 4 at a time as lanes of one
  cascade and the rest one at a time with ``row_sum``.
- ``row_sum`` of n elements: lanes k = 0..3 each cascade the elements 4i + k;
  the last n % 4 elements add into lane 0; then lane 0 adds lanes 1, 2, 3.
- the cascade of R rows: with p = max(4, ceil(log2 R) // 4), blocks of 2**p rows
  add into accumulator 0 in order; each full block moves accumulator 0 into 1,
  every 2**2p rows 1 moves into 2, every 2**3p rows 2 into 3; the leftover rows
  add into 0, and the result is ((acc0 + acc1) + acc2) + acc3.
- Threads: a sum over dims splits its outputs (whole blocks, or dim 1 in pieces
  that keep the column groups above whole; not rows from main memory shorter
  than 16 KiB a thread), so every output adds as on one thread.  A whole-tensor sum of at least GRAIN (32768) elements on T threads
  is PyTorch's two-pass sum: the flat walk over the dims (dim 0 fastest) cut
  into min(T, ceil(n / GRAIN)) ranges of ceil(n / ranges) elements, each range
  summed from 0 in the 2-D steps PyTorch's loop takes (the rest of a row alone,
  then whole rows of the block) into its own slot of T zeros, and those T
  partial sums then summed as a tensor of T elements.

Speed: the loops are built for AVX2 too (chosen at run time), a vector of lanes
then one register.  The pool deals out many pieces a thread where the bits
allow, so that a thread whose core is busy elsewhere hands its last pieces to
the others: row sums go 8 pieces of rows a thread, and a contiguous tensor's
ranges go as the top blocks of their cascades (2**3p rows of 4 vectors, 512 KiB
or more, each summed from 0 and added in order: ``tl_row_part``) and the rows
after them.  The column groups of a sum over a leading dim (``sum(0)``
of a matrix), where PyTorch walks one group down all the rows, make the same
additions per column in an order of memory accesses that suits the data: for
an input in the cache, a block of 2**p rows at a time across a strip of up to
4096 columns with the block's sums in registers (4 rows at a time when rows are
a multiple of 2 KiB apart and would evict each other from L1); for an input
from main memory (over 8 MiB), whole rows one after another into a row of
partial sums, the columns past the last group copied aside in the same pass
when the block outgrows L2.
"""
cimport numpy as cnp
from libc.stdlib cimport free, malloc
from libc.string cimport memset
from tensorlib._pool cimport parallel_run, pool_threads
from tensorlib._kernel_common cimport MAX_DIMS
from tensorlib._layout cimport dim_order

cnp.import_array()

cdef extern from *:
    """
    #include <string.h>
    #include <stddef.h>

    /* p of a cascade of nrows rows: max(4, ceil(log2 nrows) // 4) */
    static int tl_cascade_exp(Py_ssize_t nrows) {
        int bits = 0;
        unsigned long long v;
        if (nrows <= 2)
            return 4;
        v = (unsigned long long)(nrows - 1);
        while (v) { bits++; v >>= 1; }
        return bits / 4 < 4 ? 4 : bits / 4;
    }

    /* One PyTorch vector of lanes: GCC vector extensions where the compiler has
       them (registers), else a plain array. */
    #if defined(__GNUC__) || defined(__clang__)
    #define TL_DEFINE_VEC(S, T, VL)                                                   \
        typedef T tl_vec_##S __attribute__((vector_size(VL * sizeof(T))));           \
        static inline tl_vec_##S tl_vload_##S(const char* p) {                        \
            tl_vec_##S v; memcpy(&v, p, sizeof v); return v; }                         \
        static inline tl_vec_##S tl_vadd_##S(tl_vec_##S a, tl_vec_##S b) { return a + b; } \
        static inline tl_vec_##S tl_vzero_##S(void) { tl_vec_##S z = {0}; return z; } \
        static inline void tl_vadd_into_##S(T* p, tl_vec_##S v) {                     \
            tl_vec_##S s; memcpy(&s, p, sizeof s); s += v; memcpy(p, &s, sizeof s); }
    #else
    #define TL_DEFINE_VEC(S, T, VL)                                                   \
        typedef struct { T x[VL]; } tl_vec_##S;                                        \
        static inline tl_vec_##S tl_vload_##S(const char* p) {                        \
            tl_vec_##S v; memcpy(&v, p, sizeof v); return v; }                         \
        static inline tl_vec_##S tl_vadd_##S(tl_vec_##S a, tl_vec_##S b) {            \
            int l; for (l = 0; l < VL; l++) a.x[l] += b.x[l]; return a; }              \
        static inline tl_vec_##S tl_vzero_##S(void) { tl_vec_##S z; memset(&z, 0, sizeof z); return z; } \
        static inline void tl_vadd_into_##S(T* p, tl_vec_##S v) {                     \
            int l; for (l = 0; l < VL; l++) p[l] += v.x[l]; }
    #endif

    /* The cascade over rows of 4 lanes (G = 4 groups of one element or of one
       vector): lane g of row i at base + i*rs + g*gs.  out[g] receives lane g.
       E is the element type (T or the vector), LOAD/ADD/ZERO its operations.
       NAME##_p takes p (tl_cascade_exp(nrows) in NAME): the last level only adds
       the sums of the top blocks of 2**3p rows, each from 0, so a whole-tensor sum
       hands them to threads with their p (tl_row_part). */
    #define TL_CASCADE(NAME, E, LOAD, ADD, ZERO)                                       \
    static inline void NAME##_p(const char* base, Py_ssize_t nrows, Py_ssize_t rs, Py_ssize_t gs, \
                                int p, E out[4]) {                                     \
        int g, lev;                                                                    \
        Py_ssize_t step, mask, i = 0, j;                                               \
        E a0 = ZERO(), a1 = ZERO(), a2 = ZERO(), a3 = ZERO(), acc[3][4];               \
        step = (Py_ssize_t)1 << p;                                                     \
        mask = step - 1;                                                               \
        for (lev = 0; lev < 3; lev++)                                                  \
            for (g = 0; g < 4; g++) acc[lev][g] = ZERO();                              \
        for (; i + step <= nrows;) {                                                   \
            for (j = 0; j < step; j++, i++) {                                          \
                const char* row = base + i * rs;                                       \
                a0 = ADD(a0, LOAD(row)); a1 = ADD(a1, LOAD(row + gs));                 \
                a2 = ADD(a2, LOAD(row + 2 * gs)); a3 = ADD(a3, LOAD(row + 3 * gs));    \
            }                                                                          \
            acc[0][0] = ADD(acc[0][0], a0); acc[0][1] = ADD(acc[0][1], a1);            \
            acc[0][2] = ADD(acc[0][2], a2); acc[0][3] = ADD(acc[0][3], a3);            \
            a0 = a1 = a2 = a3 = ZERO();                                                \
            for (lev = 1; lev < 3; lev++) {                                            \
                if (i & (mask << (lev * p)))                                           \
                    break;                                                             \
                for (g = 0; g < 4; g++) {                                              \
                    acc[lev][g] = ADD(acc[lev][g], acc[lev - 1][g]);                   \
                    acc[lev - 1][g] = ZERO();                                          \
                }                                                                      \
            }                                                                          \
        }                                                                              \
        for (; i < nrows; i++) {                                                       \
            const char* row = base + i * rs;                                           \
            a0 = ADD(a0, LOAD(row)); a1 = ADD(a1, LOAD(row + gs));                     \
            a2 = ADD(a2, LOAD(row + 2 * gs)); a3 = ADD(a3, LOAD(row + 3 * gs));        \
        }                                                                              \
        out[0] = a0; out[1] = a1; out[2] = a2; out[3] = a3;                            \
        for (lev = 0; lev < 3; lev++)                                                  \
            for (g = 0; g < 4; g++) out[g] = ADD(out[g], acc[lev][g]);                 \
    }                                                                                  \
    static void NAME(const char* base, Py_ssize_t nrows, Py_ssize_t rs, Py_ssize_t gs, E out[4]) { \
        NAME##_p(base, nrows, rs, gs, tl_cascade_exp(nrows), out);                     \
    }                                                                                  \
    /* row_sum: n elements el_stride bytes apart, 4 interleaved cascades (lanes: the  \
       cascade of the n / 4 rows, which row_end finishes) */                           \
    static inline E NAME##_row_end(const char* base, Py_ssize_t n, Py_ssize_t el_stride, E lanes[4]) { \
        Py_ssize_t i;                                                                  \
        for (i = (n / 4) * 4; i < n; i++)                                              \
            lanes[0] = ADD(lanes[0], LOAD(base + i * el_stride));                      \
        return ADD(ADD(ADD(lanes[0], lanes[1]), lanes[2]), lanes[3]);                  \
    }                                                                                  \
    static E NAME##_row(const char* base, Py_ssize_t n, Py_ssize_t el_stride) {        \
        E lanes[4];                                                                    \
        NAME(base, n / 4, 4 * el_stride, el_stride, lanes);                            \
        return NAME##_row_end(base, n, el_stride, lanes);                              \
    }

    #define TL_SUM_STRIP 4096      /* columns of one strip of the wide cascade */
    /* The columns right of the strips are copied aside when streaming from main
       memory a block larger than the L2 cache (it saves a pass over the rows per
       column; a smaller block is still in the cache for those passes), up to: */
    #define TL_GATHER_MIN (1 << 20)
    #define TL_GATHER_MAX (16 << 20)
    #if defined(__GNUC__) && !defined(__clang__)
    #define TL_ONE_ROW_AT_A_TIME __attribute__((noinline, optimize("no-loop-unroll-and-jam")))
    #else
    #define TL_ONE_ROW_AT_A_TIME
    #endif
    #define TL_SLOAD_F32(p) (*(const float*)(p))
    #define TL_SLOAD_F64(p) (*(const double*)(p))
    #define TL_SADD(a, b) ((a) + (b))
    #define TL_SZERO() 0

    #define TL_WIDE_BLOCK(S, T, VL, K)                                                 \
    static inline void tl_wide_block##K##_##S(const char* at, Py_ssize_t n, Py_ssize_t rs, T* acc) { \
        tl_vec_##S t[K];                                                               \
        Py_ssize_t r; int k;                                                           \
        for (k = 0; k < K; k++) t[k] = tl_vzero_##S();                                 \
        for (r = 0; r < n; r++, at += rs)                                              \
            for (k = 0; k < K; k++)                                                    \
                t[k] = tl_vadd_##S(t[k], tl_vload_##S(at + k * VL * sizeof(T)));       \
        for (k = 0; k < K; k++) tl_vadd_into_##S(acc + k * VL, t[k]);                  \
    }

    /* The 2-D block of PyTorch's sum loop (dim 0 reduced when out stride o0 is 0),
       columns [jlo, jhi) of dim 1; results add into out. */
    #define TL_DEFINE_SUM(S, T, VL)                                                    \
    TL_DEFINE_VEC(S, T, VL)                                                            \
    TL_CASCADE(tl_cascade_##S, T, TL_SLOAD_##S, TL_SADD, TL_SZERO)                     \
    TL_CASCADE(tl_vcascade_##S, tl_vec_##S, tl_vload_##S, tl_vadd_##S, tl_vzero_##S)   \
    static void tl_store_vec_##S(char* out, Py_ssize_t os, Py_ssize_t j, tl_vec_##S v) { \
        T lanes[VL]; int l;                                                            \
        memcpy(lanes, &v, sizeof lanes);                                               \
        for (l = 0; l < VL; l++) *(T*)(out + (j + l) * os) += lanes[l];                \
    }                                                                                  \
    /* acc[0 .. K vectors) += the sums of K vectors of columns down n rows (each
       from 0, row by row): one block of the wide cascade, in registers. */         \
    TL_WIDE_BLOCK(S, T, VL, 4)                                                         \
    TL_WIDE_BLOCK(S, T, VL, 8)                                                         \
    /* The same block with rows that alias in the L1 cache (row stride a multiple
       of 2 KiB, where 16 rows in flight evict each other): 4 rows at a time into a
       row of partial sums a0 (w scratch), each column still added row by row. */  \
    static void tl_wide_rows4_##S(const char* at, Py_ssize_t n, Py_ssize_t rs,          \
                                  Py_ssize_t w, T* a0, T* acc) {                       \
        Py_ssize_t r, c;                                                               \
        memset(a0, 0, w * sizeof(T));                                                  \
        for (r = 0; r < n; r += 4, at += 4 * rs)                                       \
            for (c = 0; c < w; c += VL) {                                              \
                const char* x = at + c * sizeof(T);                                    \
                tl_vec_##S t = tl_vload_##S((const char*)(a0 + c));                    \
                t = tl_vadd_##S(t, tl_vload_##S(x));                                   \
                t = tl_vadd_##S(t, tl_vload_##S(x + rs));                              \
                t = tl_vadd_##S(t, tl_vload_##S(x + 2 * rs));                          \
                t = tl_vadd_##S(t, tl_vload_##S(x + 3 * rs));                          \
                memcpy(a0 + c, &t, sizeof t);                                          \
            }                                                                          \
        for (c = 0; c < w; c += VL)                                                    \
            tl_vadd_into_##S(acc + c, tl_vload_##S((const char*)(a0 + c)));            \
    }                                                                                  \
    /* a0 += n rows (rows rs apart) one after another, in memory order: data from
       main memory streams fastest so (16 rows in flight, as in the blocks in
       registers, measured 2-3x slower on short rows, and 2 rows, as the
       compiler's unroll-and-jam interleaves them, too). */                       \
    TL_ONE_ROW_AT_A_TIME                                                               \
    static void tl_add_rows_##S(T* __restrict a0, const char* at, Py_ssize_t n, Py_ssize_t rs, \
                                Py_ssize_t w) {                                        \
        Py_ssize_t r, c;                                                               \
        for (r = 0; r < n; r++, at += rs) {                                            \
            const T* __restrict row = (const T*)at;                                    \
            for (c = 0; c < w; c++) a0[c] += row[c];                                   \
        }                                                                              \
    }                                                                                  \
    /* n rows of `bytes` (a multiple of the element size) from src (rows rs apart) to
       dst (rows packed). */                                                         \
    static void tl_copy_rows_##S(char* dst, const char* src, Py_ssize_t n, Py_ssize_t rs, \
                                 Py_ssize_t bytes) {                                   \
        Py_ssize_t r, k, count = bytes / sizeof(T);                                    \
        for (r = 0; r < n; r++, src += rs, dst += bytes)                               \
            for (k = 0; k < count; k++) ((T*)dst)[k] = ((const T*)src)[k];             \
    }                                                                                  \
    /* The cascade of the columns [0, w) (w a multiple of 4 vectors) of nrows rows
       (row i at base + i*rs), each column a lane, where PyTorch walks 4 vectors of
       columns down all the rows: the same additions per lane, but a block of rows
       at a time across the strip, its partial sums in registers; or, when stream
       (the data comes from main memory), one row at a time into a row of partial
       sums.  acc: 4*w scratch.  With gather, each row's tail_bytes from
       base + tail_off are copied to gather (rows tail_bytes apart) as the rows
       pass, for the columns right of the strip. */                                \
    static void tl_wide_cascade_##S(const char* base, Py_ssize_t nrows, Py_ssize_t rs,  \
                                    Py_ssize_t w, T* acc, char* out, Py_ssize_t os, int stream, \
                                    char* gather, Py_ssize_t tail_off, Py_ssize_t tail_bytes) { \
        const int p = tl_cascade_exp(nrows);                                           \
        Py_ssize_t step, mask, i = 0, c;                                               \
        T *a1 = acc, *a2 = acc + w, *a3 = acc + 2 * w, *a0 = acc + 3 * w;              \
        const int aliasing = (rs % 2048) == 0;                                         \
        step = (Py_ssize_t)1 << p;                                                     \
        mask = step - 1;                                                               \
        memset(acc, 0, 4 * w * sizeof(T));                                             \
        for (; i + step <= nrows; i += step) {                                         \
            if (stream) {                                                              \
                tl_add_rows_##S(a0, base + i * rs, step, rs, w);                       \
                for (c = 0; c < w; c++) { a1[c] += a0[c]; a0[c] = 0; }                 \
            } else if (aliasing) {                                                     \
                tl_wide_rows4_##S(base + i * rs, step, rs, w, a0, a1);                 \
            } else {                                                                   \
                for (c = 0; c + 8 * VL <= w; c += 8 * VL)                              \
                    tl_wide_block8_##S(base + i * rs + c * sizeof(T), step, rs, a1 + c); \
                for (; c < w; c += 4 * VL)                                             \
                    tl_wide_block4_##S(base + i * rs + c * sizeof(T), step, rs, a1 + c); \
            }                                                                          \
            if (gather)                                                                \
                tl_copy_rows_##S(gather + i * tail_bytes, base + i * rs + tail_off, step, rs, tail_bytes); \
            if ((i + step) & (mask << p)) continue;                                    \
            for (c = 0; c < w; c++) { a2[c] += a1[c]; a1[c] = 0; }                     \
            if ((i + step) & (mask << (2 * p))) continue;                              \
            for (c = 0; c < w; c++) { a3[c] += a2[c]; a2[c] = 0; }                     \
        }                                                                              \
        if (gather)                                                                    \
            tl_copy_rows_##S(gather + i * tail_bytes, base + i * rs + tail_off, nrows - i, rs, tail_bytes); \
        /* the rows after the last whole block, from 0: into a0 (streaming), or a   \
           vector of columns at a time in a register */                              \
        if (stream) {                                                                  \
            tl_add_rows_##S(a0, base + i * rs, nrows - i, rs, w);                      \
            for (c = 0; c < w; c++)                                                    \
                *(T*)(out + c * os) += ((a0[c] + a1[c]) + a2[c]) + a3[c];              \
            return;                                                                    \
        }                                                                              \
        for (c = 0; c < w; c += VL) {                                                  \
            const char* at = base + i * rs + c * sizeof(T);                            \
            tl_vec_##S t = tl_vzero_##S();                                             \
            T lanes[VL];                                                               \
            Py_ssize_t r;                                                              \
            int l;                                                                     \
            for (r = i; r < nrows; r++, at += rs)                                      \
                t = tl_vadd_##S(t, tl_vload_##S(at));                                  \
            memcpy(lanes, &t, sizeof lanes);                                           \
            for (l = 0; l < VL; l++)                                                   \
                *(T*)(out + (c + l) * os) += ((lanes[l] + a1[c + l]) + a2[c + l]) + a3[c + l]; \
        }                                                                              \
    }                                                                                  \
    /* A contiguous row of n0 >= VL elements: the row_sum of its vectors (v), then   \
       the elements after them and v's lanes one by one into a scalar from 0 */        \
    static inline T tl_row_end_##S(const char* row, Py_ssize_t n0, tl_vec_##S v) {     \
        T lanes[VL], acc = 0;                                                          \
        Py_ssize_t k;                                                                  \
        int l;                                                                         \
        for (k = (n0 / VL) * VL; k < n0; k++) acc += ((const T*)row)[k];               \
        memcpy(lanes, &v, sizeof lanes);                                               \
        for (l = 0; l < VL; l++) acc += lanes[l];                                      \
        return acc;                                                                    \
    }                                                                                  \
    /* The same sum in parts, for threads: the top blocks of the vectors' cascade     \
       (part < tops), then the rows after them (part == tops), each into 4 vectors at  \
       res; tl_row_join adds them up.  A top block summed alone differs from the       \
       cascade's at most in the sign of a zero, as does the rest by its extra + 0:     \
       adding them to the running top sum (from +0, never -0) erases that. */         \
    static inline Py_ssize_t tl_row_parts_##S(Py_ssize_t n0) {                         \
        const Py_ssize_t nrows = n0 / VL / 4;                                          \
        return (nrows >> (3 * tl_cascade_exp(nrows))) + 1;                             \
    }                                                                                  \
    static void tl_row_part_##S(const char* row, Py_ssize_t n0, Py_ssize_t part, char* res) { \
        const Py_ssize_t nrows = n0 / VL / 4, rs = 4 * VL * sizeof(T);                 \
        const int p = tl_cascade_exp(nrows);                                           \
        const Py_ssize_t first = part << (3 * p), tops = nrows >> (3 * p);              \
        tl_vec_##S sums[4];                                                            \
        tl_vcascade_##S##_p(row + first * rs, part < tops ? (Py_ssize_t)1 << (3 * p) : nrows - first, \
                            rs, VL * sizeof(T), p, sums);                              \
        memcpy(res, sums, sizeof sums);                                                \
    }                                                                                  \
    static void tl_row_join_##S(char* out, const char* row, Py_ssize_t n0, const char* res) { \
        const Py_ssize_t tops = tl_row_parts_##S(n0) - 1, vbytes = VL * sizeof(T);     \
        tl_vec_##S top[4], lanes[4];                                                   \
        Py_ssize_t b;                                                                  \
        int g;                                                                         \
        for (g = 0; g < 4; g++) top[g] = tl_vzero_##S();                               \
        for (b = 0; b < tops; b++)                                                     \
            for (g = 0; g < 4; g++)                                                    \
                top[g] = tl_vadd_##S(top[g], tl_vload_##S(res + (4 * b + g) * vbytes)); \
        for (g = 0; g < 4; g++)                                                        \
            lanes[g] = tl_vadd_##S(tl_vload_##S(res + (4 * tops + g) * vbytes), top[g]); \
        *(T*)out += tl_row_end_##S(row, n0, tl_vcascade_##S##_row_end(row, n0 / VL, vbytes, lanes)); \
    }                                                                                  \
    static void tl_sum2d_##S(char* out, const char* in, Py_ssize_t n0, Py_ssize_t n1,  \
                             Py_ssize_t i0, Py_ssize_t i1, Py_ssize_t o1,              \
                             Py_ssize_t jlo, Py_ssize_t jhi, int stream) {              \
        Py_ssize_t j, nv, end4, endv, w = 0;                                           \
        T strip[4 * TL_SUM_STRIP];                                                     \
        const Py_ssize_t sz = sizeof(T);                                               \
        if (i0 == sz && n0 >= VL) {                                                    \
            nv = n0 / VL;                                                              \
            for (j = jlo; j < jhi; j++)                                                \
                *(T*)(out + j * o1) += tl_row_end_##S(in + j * i1, n0,                  \
                                                     tl_vcascade_##S##_row(in + j * i1, nv, VL * sz)); \
        } else if (i1 == sz && n1 >= VL) {                                             \
            /* the columns right of the groups of 4 vectors go down the rows one     \
               vector or column at a time; when streaming a large block from main     \
               memory they are copied aside as the rows pass for the groups */        \
            const char* tail;                                                          \
            Py_ssize_t tail_rs = i0, tail_lo, widest = TL_SUM_STRIP;                   \
            char* gather = NULL;                                                       \
            T* acc = strip;                                                            \
            end4 = (n1 / (4 * VL)) * 4 * VL;                                           \
            endv = end4 + ((n1 - end4) / VL) * VL;                                     \
            tail_lo = jlo > end4 ? jlo : end4;                                         \
            if (stream && n0 * i0 > TL_GATHER_MIN && jlo < end4 && jhi > end4 && n0 * (jhi - end4) * sz <= TL_GATHER_MAX) \
                gather = (char*)malloc(n0 * (jhi - end4) * sz);                        \
            /* streaming: whole rows, one after another (strips would cut the stream) */ \
            if (stream && (jhi < end4 ? jhi : end4) - jlo > TL_SUM_STRIP) {            \
                acc = (T*)malloc(4 * ((jhi < end4 ? jhi : end4) - jlo) * sz);          \
                if (acc)                                                               \
                    widest = (jhi < end4 ? jhi : end4) - jlo;                          \
                else                                                                   \
                    acc = strip;                                                       \
            }                                                                          \
            for (j = jlo; j < jhi && j < end4; j += w) {                               \
                w = (jhi < end4 ? jhi : end4) - j;                                     \
                if (w > widest) w = widest;                                            \
                tl_wide_cascade_##S(in + j * sz, n0, i0, w, acc, out + j * o1, o1, stream, \
                                    j + w == end4 ? gather : NULL, (end4 - j) * sz,    \
                                    (jhi - end4) * sz);                                \
            }                                                                          \
            tail = gather ? gather : in + tail_lo * sz;                                \
            if (gather)                                                                \
                tail_rs = (jhi - end4) * sz;                                           \
            for (; j < jhi && j < endv; j += VL)                                       \
                tl_store_vec_##S(out, o1, j, tl_vcascade_##S##_row(tail + (j - tail_lo) * sz, n0, tail_rs)); \
            if (jhi - j > 1 && jhi - VL >= (gather ? tail_lo : 0)) {                   \
                /* the last columns as the top lanes of the vector ending the row:     \
                   a row_sum of vectors is each lane's row_sum */                      \
                T lanes[VL];                                                           \
                const Py_ssize_t first = jhi - VL;                                     \
                tl_vec_##S v = tl_vcascade_##S##_row(tail + (first - tail_lo) * sz, n0, tail_rs); \
                memcpy(lanes, &v, sizeof lanes);                                       \
                for (; j < jhi; j++) *(T*)(out + j * o1) += lanes[j - first];          \
            }                                                                          \
            for (; j < jhi; j++)                                                       \
                *(T*)(out + j * o1) += tl_cascade_##S##_row(tail + (j - tail_lo) * sz, n0, tail_rs); \
            free(gather);                                                              \
            if (acc != strip)                                                          \
                free(acc);                                                             \
        } else if (i0 < i1) {                                                          \
            for (j = jlo; j < jhi; j++)                                                \
                *(T*)(out + j * o1) += tl_cascade_##S##_row(in + j * i1, n0, i0);      \
        } else {                                                                       \
            end4 = (n1 / 4) * 4;                                                       \
            for (j = jlo; j < jhi && j < end4; j += 4) {                               \
                T sums[4]; int g;                                                      \
                tl_cascade_##S(in + j * i1, n0, i0, i1, sums);                         \
                for (g = 0; g < 4; g++) *(T*)(out + (j + g) * o1) += sums[g];          \
            }                                                                          \
            for (; j < jhi; j++)                                                       \
                *(T*)(out + j * o1) += tl_cascade_##S##_row(in + j * i1, n0, i0);      \
        }                                                                              \
    }

    TL_DEFINE_SUM(F32, float, 8)
    TL_DEFINE_SUM(F64, double, 4)

    /* The same loops built for AVX2, taken when the CPU has it: a vector of lanes
       is then one register (the lanes and their order of additions are the same). */
    #if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__)
    #pragma GCC push_options
    #pragma GCC target("avx2")
    #define TL_SLOAD_F32_avx2 TL_SLOAD_F32
    #define TL_SLOAD_F64_avx2 TL_SLOAD_F64
    TL_DEFINE_SUM(F32_avx2, float, 8)
    TL_DEFINE_SUM(F64_avx2, double, 4)
    #pragma GCC pop_options
    #include "_cpu_level.h"
    #define TL_SUM_AVX2_BUILD 1
    #else
    #define TL_SUM_AVX2_BUILD 0
    #endif

    /* The loops of one dtype, built for AVX2 where the CPU has it */
    typedef struct {
        void (*sum2d)(char* out, const char* in, Py_ssize_t n0, Py_ssize_t n1, Py_ssize_t i0,
                      Py_ssize_t i1, Py_ssize_t o1, Py_ssize_t jlo, Py_ssize_t jhi, int stream);
        Py_ssize_t (*row_parts)(Py_ssize_t n0);
        void (*row_part)(const char* row, Py_ssize_t n0, Py_ssize_t part, char* res);
        void (*row_join)(char* out, const char* row, Py_ssize_t n0, const char* res);
    } tl_sum_loops;
    #define TL_SUM_LOOPS(S) {tl_sum2d_##S, tl_row_parts_##S, tl_row_part_##S, tl_row_join_##S}
    static tl_sum_loops tl_sum_loops_for(int f64) {
        static const tl_sum_loops base[2] = {TL_SUM_LOOPS(F32), TL_SUM_LOOPS(F64)};
    #if TL_SUM_AVX2_BUILD
        static const tl_sum_loops avx2[2] = {TL_SUM_LOOPS(F32_avx2), TL_SUM_LOOPS(F64_avx2)};
        if (tl_cpu_level() >= 1)
            return avx2[f64 != 0];
    #endif
        return base[f64 != 0];
    }
    """
    ctypedef struct tl_sum_loops:
        void (*sum2d)(char* out, const char* inp, Py_ssize_t n0, Py_ssize_t n1, Py_ssize_t i0,
                      Py_ssize_t i1, Py_ssize_t o1, Py_ssize_t jlo, Py_ssize_t jhi, int stream) noexcept nogil
        Py_ssize_t (*row_parts)(Py_ssize_t n0) noexcept nogil
        void (*row_part)(const char* row, Py_ssize_t n0, Py_ssize_t part, char* res) noexcept nogil
        void (*row_join)(char* out, const char* row, Py_ssize_t n0, const char* res) noexcept nogil
    tl_sum_loops tl_sum_loops_for(int f64) noexcept nogil


cdef tl_sum_loops LOOPS_F32 = tl_sum_loops_for(0)
cdef tl_sum_loops LOOPS_F64 = tl_sum_loops_for(1)


cdef enum:
    PAR_MIN = 65536        # elements from which the pool is used (sums over dims)
    GRAIN = 32768          # PyTorch's grain: a whole-tensor sum splits from this many elements
    MAX_THREADS = 64       # the pool's largest size
    STREAM_BYTES = 8 << 20  # inputs from this size come from main memory: rows go one at a time
    MIN_STREAM_PIECE = 16384  # bytes of each row a thread streams, at least
    VECTOR_BYTES = 32      # PyTorch's vector of lanes (AVX2)
    PART_BYTES = 4 * VECTOR_BYTES  # a cascade's 4 vectors of lanes


cdef struct SumPlan:
    int nd                              # merged dims (>= 2; dim 0 reduced)
    int itemsize
    tl_sum_loops loops
    bint stream                         # a's bytes are over STREAM_BYTES
    Py_ssize_t shape[MAX_DIMS]
    Py_ssize_t si[MAX_DIMS]             # strides in a (bytes)
    Py_ssize_t so[MAX_DIMS]             # strides in out (bytes; 0: reduced)
    Py_ssize_t outer                    # blocks the dims from 2 on walk over
    Py_ssize_t col_align                # dim-1 chunk boundaries: multiples of this
    bint split_outer                    # chunks split the blocks (else dim 1)
    Py_ssize_t nchunks
    Py_ssize_t range_len                # whole-tensor sums: elements a chunk adds (0: blocks)
    Py_ssize_t total
    char* a
    char* out
    char* partial                       # whole-tensor sums: chunk c's sum at c * itemsize
    Py_ssize_t parts_end[MAX_THREADS]   # ... of a contiguous tensor: range r's parts end there
    char* parts                         # ... and part u's 4 vectors at u * PART_BYTES


cdef inline void run_block(SumPlan* p, Py_ssize_t b, Py_ssize_t jlo, Py_ssize_t jhi) noexcept nogil:
    """Block b (flat over dims 2.., dim 2 fastest), columns [jlo, jhi)."""
    cdef Py_ssize_t ia = 0, io = 0, i
    cdef int d = 2
    while d < p.nd and b:
        i = b % p.shape[d]
        ia += i * p.si[d]
        io += i * p.so[d]
        b //= p.shape[d]
        d += 1
    p.loops.sum2d(p.out + io, p.a + ia, p.shape[0], p.shape[1], p.si[0], p.si[1], p.so[1], jlo, jhi, p.stream)


cdef inline Py_ssize_t chunk_start(Py_ssize_t n, Py_ssize_t c, Py_ssize_t nchunks) noexcept nogil:
    return (n // nchunks) * c + (c if c < n % nchunks else n % nchunks)


cdef void run_range(SumPlan* p, Py_ssize_t begin, Py_ssize_t end, char* out) noexcept nogil:
    """The elements [begin, end) of the flat walk over the plan's dims (dim 0 fastest)
    summed into out, in the 2-D steps PyTorch's loop takes over a range: the rest of a
    row on its own, then as many whole rows of the block as the range holds."""
    cdef Py_ssize_t at = begin, rest, ia, row, rows, pos
    cdef int d
    while at < end:
        pos = at
        ia = 0
        for d in range(p.nd):
            ia += (pos % p.shape[d]) * p.si[d]
            pos //= p.shape[d]
        row = at % p.shape[0]
        rows = 1
        if row == 0 and end - at >= p.shape[0]:
            rest = p.shape[1] - (at // p.shape[0]) % p.shape[1]
            rows = (end - at) // p.shape[0]
            if rows > rest:
                rows = rest
            row = p.shape[0]
        else:
            row = min(p.shape[0] - row, end - at)
        p.loops.sum2d(out, p.a + ia, row, rows, p.si[0], p.si[1], 0, 0, rows, p.stream)
        at += row * rows


cdef void run_chunk(void* ctx, Py_ssize_t c) noexcept nogil:
    cdef SumPlan* p = <SumPlan*>ctx
    cdef Py_ssize_t b, units, lo, hi
    if p.range_len:
        run_range(p, c * p.range_len, min(p.total, (c + 1) * p.range_len), p.partial + c * p.itemsize)
        return
    if p.split_outer:
        for b in range(chunk_start(p.outer, c, p.nchunks), chunk_start(p.outer, c + 1, p.nchunks)):
            run_block(p, b, 0, p.shape[1])
        return
    # dim 1 in aligned pieces: a piece's columns take the same path as in one pass
    units = (p.shape[1] + p.col_align - 1) // p.col_align
    lo = chunk_start(units, c, p.nchunks) * p.col_align
    hi = chunk_start(units, c + 1, p.nchunks) * p.col_align
    if hi > p.shape[1]:
        hi = p.shape[1]
    for b in range(p.outer):
        run_block(p, b, lo, hi)


cdef void sum_in_ranges(SumPlan* p, Py_ssize_t threads) noexcept nogil:
    """A whole-tensor sum on several threads, as PyTorch splits one: the flat walk in
    ``threads`` ranges of equal length (fewer when a range would hold under GRAIN
    elements), each summed from 0 into its own slot of a zeroed buffer of ``threads``
    slots, and then the buffer summed into out like a tensor of its own."""
    cdef double partial[MAX_THREADS]
    cdef Py_ssize_t ranges = min(threads, (p.total + GRAIN - 1) // GRAIN)
    memset(partial, 0, sizeof(partial))
    p.partial = <char*>partial
    p.range_len = (p.total + ranges - 1) // ranges
    ranges = (p.total + p.range_len - 1) // p.range_len
    if not sum_ranges_in_parts(p, ranges):
        parallel_run(run_chunk, p, ranges)
    p.loops.sum2d(p.out, p.partial, threads, 1, p.itemsize, 0, 0, 0, 1, p.stream)


cdef inline Py_ssize_t range_elements(SumPlan* p, Py_ssize_t r) noexcept nogil:
    return min(p.total, (r + 1) * p.range_len) - r * p.range_len


cdef bint sum_ranges_in_parts(SumPlan* p, Py_ssize_t ranges) noexcept nogil:
    """The ranges of a contiguous tensor (one row each) cut into the top blocks of their
    cascades and the rest (tl_row_part), which the pool deals out many to a thread: a
    thread that falls behind (its core busy elsewhere) hands its last parts to the
    others instead of holding them up with whole ranges.  False (nothing done) for other
    layouts, or without memory."""
    cdef Py_ssize_t r, units = 0
    if p.nd != 2 or p.shape[1] != 1 or p.si[0] != p.itemsize:
        return False
    for r in range(ranges):
        if range_elements(p, r) < VECTOR_BYTES // p.itemsize:
            return False
        units += p.loops.row_parts(range_elements(p, r))
        p.parts_end[r] = units
    p.parts = <char*>malloc(units * PART_BYTES)
    if p.parts == NULL:
        return False
    parallel_run(run_part, p, units)
    for r in range(ranges):
        p.loops.row_join(p.partial + r * p.itemsize, p.a + r * p.range_len * p.itemsize, range_elements(p, r),
                         p.parts + (p.parts_end[r - 1] if r else 0) * PART_BYTES)
    free(p.parts)
    return True


cdef void run_part(void* ctx, Py_ssize_t u) noexcept nogil:
    cdef SumPlan* p = <SumPlan*>ctx
    cdef Py_ssize_t r = 0
    while p.parts_end[r] <= u:
        r += 1
    p.loops.row_part(p.a + r * p.range_len * p.itemsize, range_elements(p, r),
                     u - (p.parts_end[r - 1] if r else 0), p.parts + u * PART_BYTES)


cdef int should_swap(Py_ssize_t* shape, Py_ssize_t* si, Py_ssize_t* so, int d0, int d1) noexcept:
    """TensorIterator's dim order for a reduction: reduced dims (out's stride 0) in front,
    then by out's strides and a's (1 when d1 belongs before d0, -1 when not, 0 undecided)."""
    cdef Py_ssize_t* votes[2]
    if (so[d0] == 0) != (so[d1] == 0):
        return 1 if so[d1] == 0 else -1
    votes[0] = so
    votes[1] = si
    return dim_order(d0, d1, votes, 2, shape)


def cascade_sum(cnp.ndarray a not None, tuple axes not None, cnp.ndarray out not None):
    """out (a's shape, ``axes`` set to 1; float32 or float64 like a, not overlapping a)
    = the sum of a over ``axes`` (sorted, distinct, valid: tensorlib._reduce checks),
    added in the order of PyTorch 2.13's CPU kernel on one thread (see the module
    docstring).  Aligned, native-order arrays only."""
    cdef SumPlan p
    cdef int nd = cnp.PyArray_NDIM(a), d, n = 0, i, j, k, c
    cdef int perm[MAX_DIMS]
    cdef Py_ssize_t shape[MAX_DIMS]
    cdef Py_ssize_t si[MAX_DIMS]
    cdef Py_ssize_t so[MAX_DIMS]
    cdef bint reduced[MAX_DIMS]
    cdef Py_ssize_t threads, total = cnp.PyArray_SIZE(a)
    p.itemsize = cnp.PyArray_ITEMSIZE(a)
    p.loops = LOOPS_F64 if cnp.PyArray_TYPE(a) == cnp.NPY_DOUBLE else LOOPS_F32
    p.stream = cnp.PyArray_NBYTES(a) > STREAM_BYTES
    for d in range(nd):
        reduced[d] = False
    for ax in axes:
        reduced[<int>ax] = True
    # dims of size 1 change nothing; out's stride is 0 along a reduced dim
    for d in range(nd):
        if cnp.PyArray_DIMS(a)[d] == 1:
            continue
        shape[n] = cnp.PyArray_DIMS(a)[d]
        si[n] = cnp.PyArray_STRIDES(a)[d]
        so[n] = 0 if reduced[d] else cnp.PyArray_STRIDES(out)[d]
        n += 1
    if all_kept(so, n):
        # nothing reduced: PyTorch adds each element to a zeroed out (-0. becomes 0.)
        (<object>out)[...] = (<object>a).reshape((<object>out).shape) + (<object>a).dtype.type(0)
        return
    # TensorIterator's order: start from the innermost dim, insertion-sort
    for d in range(n):
        perm[d] = n - 1 - d
    for i in range(1, n):
        j = i
        for k in range(i - 1, -1, -1):
            c = should_swap(shape, si, so, perm[k], perm[j])
            if c > 0:
                perm[k], perm[j] = perm[j], perm[k]
                j = k
            elif c < 0:
                break
    # merge neighbours that step as one in both a and out
    p.nd = 0
    for i in range(n):
        d = perm[i]
        if p.nd and si[d] == p.shape[p.nd - 1] * p.si[p.nd - 1] and so[d] == p.shape[p.nd - 1] * p.so[p.nd - 1]:
            p.shape[p.nd - 1] *= shape[d]
        else:
            p.shape[p.nd] = shape[d]
            p.si[p.nd] = si[d]
            p.so[p.nd] = so[d]
            p.nd += 1
    while p.nd < 2:
        p.shape[p.nd] = 1
        p.si[p.nd] = 0
        p.so[p.nd] = 0
        p.nd += 1
    p.outer = 1
    for d in range(2, p.nd):
        p.outer *= p.shape[d]
    p.a = cnp.PyArray_BYTES(a)
    p.out = cnp.PyArray_BYTES(out)
    if cnp.PyArray_IS_C_CONTIGUOUS(out):
        memset(p.out, 0, cnp.PyArray_NBYTES(out))
    else:
        (<object>out)[...] = 0
    # chunks for the pool: whole blocks when they write apart, else pieces of dim 1
    threads = pool_threads()
    p.nchunks = 1
    p.split_outer = True
    p.col_align = 1
    p.range_len = 0
    p.total = total
    if threads > 1 and total >= GRAIN and all_reduced(p.so, p.nd):
        with nogil:
            sum_in_ranges(&p, min(threads, MAX_THREADS))
        return
    if threads > 1 and total >= PAR_MIN:
        if p.outer >= 2 * threads and all_kept(p.so + 2, p.nd - 2):
            p.nchunks = min(p.outer, 8 * threads)
        elif p.so[1] != 0 and p.shape[1] >= 2 and not (
                p.stream and p.si[1] == p.itemsize and p.shape[1] * p.itemsize < MIN_STREAM_PIECE * threads):
            # (threads streaming pieces of rows shorter than that defeat the prefetchers:
            # slower than one thread reading whole rows)
            p.split_outer = False
            # the vectorised column paths group 4 vectors (or 4 columns): keep groups whole
            p.col_align = PART_BYTES // p.itemsize if p.si[1] == p.itemsize else 4
            p.nchunks = min((p.shape[1] + p.col_align - 1) // p.col_align, threads)
            if p.si[0] == p.itemsize and p.shape[0] >= VECTOR_BYTES // p.itemsize:
                # whole rows (row sums): many pieces a thread, so that a thread that falls
                # behind (its core busy elsewhere) hands its last pieces to the others
                p.nchunks = min((p.shape[1] + p.col_align - 1) // p.col_align, 8 * threads)
    if p.nchunks > 1:
        with nogil:
            parallel_run(run_chunk, &p, p.nchunks)
    elif total >= 16384:
        with nogil:
            run_chunk(&p, 0)
    else:
        run_chunk(&p, 0)


cdef bint all_reduced(Py_ssize_t* so, int n) noexcept:
    cdef int d
    for d in range(n):
        if so[d] != 0:
            return False
    return True


cdef bint all_kept(Py_ssize_t* so, int n) noexcept:
    cdef int d
    for d in range(n):
        if so[d] == 0:
            return False
    return True
