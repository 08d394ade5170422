/* The loops of tensorlib._cascade_sum (see its docstring for the order of additions they keep). */
#ifndef TL_CASCADE_SUM_LOOPS_H
#define TL_CASCADE_SUM_LOOPS_H
#include <string.h>
#include <stddef.h>
#include <stdlib.h>

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
    typedef T tl_vec_##S __attribute__((vector_size(VL * sizeof(T))));             \
    static inline tl_vec_##S tl_vload_##S(const char* p) {                         \
        tl_vec_##S v; memcpy(&v, p, sizeof v); return v; }                         \
    static inline tl_vec_##S tl_vadd_##S(tl_vec_##S a, tl_vec_##S b) { return a + b; } \
    static inline tl_vec_##S tl_vzero_##S(void) { tl_vec_##S z = {0}; return z; }  \
    static inline void tl_vadd_into_##S(T* p, tl_vec_##S v) {                      \
        tl_vec_##S s; memcpy(&s, p, sizeof s); s += v; memcpy(p, &s, sizeof s); }
#else
#define TL_DEFINE_VEC(S, T, VL)                                                   \
    typedef struct { T x[VL]; } tl_vec_##S;                                        \
    static inline tl_vec_##S tl_vload_##S(const char* p) {                         \
        tl_vec_##S v; memcpy(&v, p, sizeof v); return v; }                         \
    static inline tl_vec_##S tl_vadd_##S(tl_vec_##S a, tl_vec_##S b) {             \
        int l; for (l = 0; l < VL; l++) a.x[l] += b.x[l]; return a; }              \
    static inline tl_vec_##S tl_vzero_##S(void) { tl_vec_##S z; memset(&z, 0, sizeof z); return z; } \
    static inline void tl_vadd_into_##S(T* p, tl_vec_##S v) {                      \
        int l; for (l = 0; l < VL; l++) p[l] += v.x[l]; }
#endif

/* The cascade over rows of 4 lanes (G = 4 groups of one element or of one
   vector): lane g of row i at base + i*rs + g*gs.  out[g] receives lane g.
   E is the element type (T or the vector), LOAD/ADD/ZERO its operations.
   NAME##_p takes p (tl_cascade_exp(nrows) in NAME): the last level only adds
   the sums of the top blocks of 2**3p rows, each from 0, so a whole-tensor sum
   hands them to threads with their p (tl_row_part). */
#define TL_CASCADE(NAME, E, LOAD, ADD, ZERO)                                       \
static inline void NAME##_add_rows(const char* base, Py_ssize_t i, Py_ssize_t end, Py_ssize_t rs, \
                                   Py_ssize_t gs, E a[4]) {                        \
    E a0 = a[0], a1 = a[1], a2 = a[2], a3 = a[3];                                  \
    for (; i < end; i++) {                                                         \
        const char* row = base + i * rs;                                           \
        a0 = ADD(a0, LOAD(row)); a1 = ADD(a1, LOAD(row + gs));                     \
        a2 = ADD(a2, LOAD(row + 2 * gs)); a3 = ADD(a3, LOAD(row + 3 * gs));        \
    }                                                                              \
    a[0] = a0; a[1] = a1; a[2] = a2; a[3] = a3;                                    \
}                                                                                  \
/* The cascade a block at a time (acc from ZERO): the block of 2**p rows from row  \
   i into acc[0], then the levels moved up as far as the rows done allow */         \
static inline void NAME##_block(const char* base, Py_ssize_t i, Py_ssize_t rs, Py_ssize_t gs, \
                                int p, E acc[3][4]) {                              \
    const Py_ssize_t step = (Py_ssize_t)1 << p, mask = step - 1;                   \
    E a[4];                                                                        \
    int g, lev;                                                                    \
    for (g = 0; g < 4; g++) a[g] = ZERO();                                         \
    NAME##_add_rows(base, i, i + step, rs, gs, a);                                 \
    for (g = 0; g < 4; g++) acc[0][g] = ADD(acc[0][g], a[g]);                      \
    for (lev = 1; lev < 3; lev++) {                                                \
        if ((i + step) & (mask << (lev * p)))                                      \
            break;                                                                 \
        for (g = 0; g < 4; g++) {                                                  \
            acc[lev][g] = ADD(acc[lev][g], acc[lev - 1][g]);                       \
            acc[lev - 1][g] = ZERO();                                              \
        }                                                                          \
    }                                                                              \
}                                                                                  \
/* ... and its end: the rows [i, nrows) after the whole blocks, from ZERO, then    \
   the levels added to them */                                                     \
static inline void NAME##_end(const char* base, Py_ssize_t i, Py_ssize_t nrows, Py_ssize_t rs, \
                              Py_ssize_t gs, E acc[3][4], E out[4]) {              \
    int g, lev;                                                                    \
    for (g = 0; g < 4; g++) out[g] = ZERO();                                       \
    NAME##_add_rows(base, i, nrows, rs, gs, out);                                  \
    for (lev = 0; lev < 3; lev++)                                                  \
        for (g = 0; g < 4; g++) out[g] = ADD(out[g], acc[lev][g]);                 \
}                                                                                  \
static inline void NAME##_p(const char* base, Py_ssize_t nrows, Py_ssize_t rs, Py_ssize_t gs, \
                            int p, E out[4]) {                                     \
    const Py_ssize_t step = (Py_ssize_t)1 << p;                                    \
    Py_ssize_t i = 0;                                                              \
    int g, lev;                                                                    \
    E acc[3][4];                                                                   \
    for (lev = 0; lev < 3; lev++)                                                  \
        for (g = 0; g < 4; g++) acc[lev][g] = ZERO();                              \
    for (; i + step <= nrows; i += step)                                           \
        NAME##_block(base, i, rs, gs, p, acc);                                     \
    NAME##_end(base, i, nrows, rs, gs, acc, out);                                  \
}                                                                                  \
static void NAME(const char* base, Py_ssize_t nrows, Py_ssize_t rs, Py_ssize_t gs, E out[4]) { \
    NAME##_p(base, nrows, rs, gs, tl_cascade_exp(nrows), out);                     \
}                                                                                  \
/* row_sum: n elements el_stride bytes apart, 4 interleaved cascades (lanes: the   \
   cascade of the n / 4 rows, which row_end finishes) */                           \
static inline E NAME##_row_end(const char* base, Py_ssize_t n, Py_ssize_t el_stride, E lanes[4]) { \
    Py_ssize_t i;                                                                  \
    for (i = (n / 4) * 4; i < n; i++)                                              \
        lanes[0] = ADD(lanes[0], LOAD(base + i * el_stride));                      \
    return ADD(ADD(ADD(lanes[0], lanes[1]), lanes[2]), lanes[3]);                  \
}                                                                                  \
static inline E NAME##_row(const char* base, Py_ssize_t n, Py_ssize_t el_stride) { \
    E lanes[4];                                                                    \
    NAME(base, n / 4, 4 * el_stride, el_stride, lanes);                            \
    return NAME##_row_end(base, n, el_stride, lanes);                              \
}

#define TL_SUM_STRIP 4096      /* columns of one strip of the wide cascade */
/* From this many bytes of columns in the cache, the wide cascade walks 4 vectors of
   columns down all the rows, as PyTorch does, instead of a block of rows at a time
   across a strip: on an input about the size of the L2 cache (2 MiB a core here) a
   thread re-reading its columns then finds more of them there (sum(0) of 1000x1000 on
   2 threads: 40 against 55 us; at 1 MiB and under the blocks are 5-10% faster). */
#define TL_WALK_MIN (1536 << 10)
#define TL_WALK_MAX (8 << 20)       /* (larger columns come from main memory) */
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
#if defined(__GNUC__) || defined(__clang__)
#define TL_ALWAYS_INLINE __attribute__((always_inline))
#else
#define TL_ALWAYS_INLINE
#endif
#define TL_SLOAD_F32(p) (*(const float*)(p))
#define TL_SLOAD_F64(p) (*(const double*)(p))
#define TL_SADD(a, b) ((a) + (b))
#define TL_SZERO() 0

/* K neighbouring vectors of lanes (K*VL columns) as one element of a cascade:
   each lane adds exactly as in a cascade of its own vector, one pass down the
   rows loading them all (the vectors past the last group of 4 vectors). */
#define TL_DEFINE_VEC_GROUP(S, T, VL, K)                                           \
typedef struct { tl_vec_##S v[K]; } tl_vec##K##_##S;                               \
static inline tl_vec##K##_##S tl_vload##K##_##S(const char* p) {                   \
    tl_vec##K##_##S g; int k;                                                      \
    for (k = 0; k < K; k++) g.v[k] = tl_vload_##S(p + k * VL * sizeof(T));         \
    return g; }                                                                    \
static inline tl_vec##K##_##S tl_vadd##K##_##S(tl_vec##K##_##S a, tl_vec##K##_##S b) { \
    int k; for (k = 0; k < K; k++) a.v[k] = tl_vadd_##S(a.v[k], b.v[k]); return a; } \
static inline tl_vec##K##_##S tl_vzero##K##_##S(void) {                            \
    tl_vec##K##_##S z; int k; for (k = 0; k < K; k++) z.v[k] = tl_vzero_##S(); return z; } \
TL_CASCADE(tl_v##K##cascade_##S, tl_vec##K##_##S, tl_vload##K##_##S, tl_vadd##K##_##S, tl_vzero##K##_##S)

/* The row_sum of each column of K vectors at `at` (rows rs apart) a block at a
   time: tl_tail_block adds the lanes' block of 4 * 2**p rows from row i (the
   row_sum's cascade has n/4 rows of 4 lanes, rows 4s + g), tl_tail_end the rows
   from i on and the lanes' end, into K vectors of out (columns os apart). */
#define TL_DEFINE_TAIL(S, VL, K)                                                   \
static void tl_tail_block##K##_##S(const char* at, Py_ssize_t i, Py_ssize_t rs, int p, \
                                   tl_tail_acc_##S* acc) {                         \
    tl_v##K##cascade_##S##_block(at, i / 4, 4 * rs, rs, p, acc->v##K);             \
}                                                                                  \
static void tl_tail_end##K##_##S(const char* at, Py_ssize_t i, Py_ssize_t n, Py_ssize_t rs, \
                                 tl_tail_acc_##S* acc, char* out, Py_ssize_t os) { \
    tl_vec##K##_##S lanes[4], sums;                                                \
    int k;                                                                         \
    tl_v##K##cascade_##S##_end(at, i / 4, n / 4, 4 * rs, rs, acc->v##K, lanes);    \
    sums = tl_v##K##cascade_##S##_row_end(at, n, rs, lanes);                       \
    for (k = 0; k < K; k++) tl_store_vec_##S(out, os, k * VL, sums.v[k]);         \
}

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

/* How the input comes: whole rows one after another from main memory, or blocks
   of rows from it (rows narrower than a strip), or from the cache (0) */
#define TL_STREAM_ROWS 1
#define TL_STREAM_BLOCKS 2
/* The 2-D block of PyTorch's sum loop (dim 0 reduced when out stride o0 is 0),
   columns [jlo, jhi) of dim 1, the input coming as kind says; results add into out. */
#define TL_DEFINE_SUM(S, T, VL)                                                    \
TL_DEFINE_VEC(S, T, VL)                                                            \
TL_CASCADE(tl_cascade_##S, T, TL_SLOAD_##S, TL_SADD, TL_SZERO)                     \
TL_CASCADE(tl_vcascade_##S, tl_vec_##S, tl_vload_##S, tl_vadd_##S, tl_vzero_##S)   \
static void tl_store_vec_##S(char* out, Py_ssize_t os, Py_ssize_t j, tl_vec_##S v) { \
    T lanes[VL]; int l;                                                            \
    memcpy(lanes, &v, sizeof lanes);                                               \
    for (l = 0; l < VL; l++) *(T*)(out + (j + l) * os) += lanes[l];                \
}                                                                                  \
TL_DEFINE_VEC_GROUP(S, T, VL, 1)                                                   \
TL_DEFINE_VEC_GROUP(S, T, VL, 2)                                                   \
TL_DEFINE_VEC_GROUP(S, T, VL, 3)                                                   \
/* the levels of the tail's lanes (1 to 3 vectors of columns) */                   \
typedef union {                                                                    \
    tl_vec1_##S v1[3][4]; tl_vec2_##S v2[3][4]; tl_vec3_##S v3[3][4];              \
} tl_tail_acc_##S;                                                                 \
TL_DEFINE_TAIL(S, VL, 1)                                                           \
TL_DEFINE_TAIL(S, VL, 2)                                                           \
TL_DEFINE_TAIL(S, VL, 3)                                                           \
/* acc[0 .. K vectors) += the sums of K vectors of columns down n rows (each
   from 0, row by row): one block of the wide cascade, in registers. */            \
TL_WIDE_BLOCK(S, T, VL, 1)                                                         \
TL_WIDE_BLOCK(S, T, VL, 4)                                                         \
TL_WIDE_BLOCK(S, T, VL, 8)                                                         \
/* acc[0, w) (w a multiple of a vector) += the sums of the columns down n rows,   \
   each from 0, in blocks of 8, 4, then 1 vector of columns */                     \
static inline void tl_wide_blocks_##S(const char* at, Py_ssize_t n, Py_ssize_t rs, \
                                      Py_ssize_t w, T* acc) {                      \
    Py_ssize_t c;                                                                  \
    for (c = 0; c + 8 * VL <= w; c += 8 * VL)                                      \
        tl_wide_block8_##S(at + c * sizeof(T), n, rs, acc + c);                    \
    for (; c + 4 * VL <= w; c += 4 * VL)                                           \
        tl_wide_block4_##S(at + c * sizeof(T), n, rs, acc + c);                    \
    for (; c < w; c += VL)                                                         \
        tl_wide_block1_##S(at + c * sizeof(T), n, rs, acc + c);                    \
}                                                                                  \
/* The same block with rows that alias in the L1 cache (row stride a multiple
   of 2 KiB, where 16 rows in flight evict each other): 4 rows at a time into a
   row of partial sums a0 (w scratch), each column still added row by row. */      \
static void tl_wide_rows4_##S(const char* at, Py_ssize_t n, Py_ssize_t rs,         \
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
   compiler's unroll-and-jam interleaves them, too). */                            \
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
   dst (rows packed). */                                                           \
static void tl_copy_rows_##S(char* dst, const char* src, Py_ssize_t n, Py_ssize_t rs, \
                             Py_ssize_t bytes) {                                   \
    Py_ssize_t r, k, count = bytes / sizeof(T);                                    \
    for (r = 0; r < n; r++, src += rs, dst += bytes)                               \
        for (k = 0; k < count; k++) ((T*)dst)[k] = ((const T*)src)[k];             \
}                                                                                  \
/* The cascade of the columns [0, w) (w a multiple of a vector) of nrows rows
   (row i at base + i*rs), each column a lane, where PyTorch walks 4 vectors of
   columns down all the rows: the same additions per lane, but a block of rows
   at a time across the strip, its partial sums in registers; or, when stream
   (the data comes from main memory), one row at a time into a row of partial
   sums.  acc: 4*w scratch.  With gather, each row's tail_bytes from
   base + tail_off are copied to gather (rows tail_bytes apart) as the rows
   pass, for the columns right of the strip.  With tail_vecs (1 to 3), the       \
   row_sums of that many vectors of columns from base + tail_off go along, their  \
   blocks as the rows pass, into out's columns there. */                           \
TL_ALWAYS_INLINE                                                                   \
static inline void tl_wide_pass_##S(const char* base, Py_ssize_t nrows, Py_ssize_t rs, \
                                    Py_ssize_t w, T* acc, char* out, Py_ssize_t os, int stream, \
                                    char* gather, Py_ssize_t tail_off, Py_ssize_t tail_bytes, \
                                    int tail_vecs) {                               \
    static void (*const tail_block[4])(const char*, Py_ssize_t, Py_ssize_t, int, tl_tail_acc_##S*) = \
        {NULL, tl_tail_block1_##S, tl_tail_block2_##S, tl_tail_block3_##S};        \
    static void (*const tail_end[4])(const char*, Py_ssize_t, Py_ssize_t, Py_ssize_t, \
                                     tl_tail_acc_##S*, char*, Py_ssize_t) =        \
        {NULL, tl_tail_end1_##S, tl_tail_end2_##S, tl_tail_end3_##S};              \
    /* the tail's blocks (4 * 2**tp rows) end where the wide cascade's do */        \
    const int tp = tl_cascade_exp(nrows / 4);                                      \
    const Py_ssize_t tail_step = (Py_ssize_t)4 << tp;                              \
    Py_ssize_t tail_done = 0;                                                      \
    tl_tail_acc_##S tail_acc;                                                      \
    const int p = tl_cascade_exp(nrows);                                           \
    Py_ssize_t step, mask, i = 0, c;                                               \
    T *a1 = acc, *a2 = acc + w, *a3 = acc + 2 * w, *a0 = acc + 3 * w;              \
    const int aliasing = (rs % 2048) == 0;                                         \
    step = (Py_ssize_t)1 << p;                                                     \
    mask = step - 1;                                                               \
    memset(acc, 0, 4 * w * sizeof(T));                                             \
    if (tail_vecs)                                                                 \
        memset(&tail_acc, 0, sizeof tail_acc);                                     \
    for (; i + step <= nrows; i += step) {                                         \
        if (stream) {                                                              \
            tl_add_rows_##S(a0, base + i * rs, step, rs, w);                       \
            for (c = 0; c < w; c++) { a1[c] += a0[c]; a0[c] = 0; }                 \
        } else if (aliasing) {                                                     \
            tl_wide_rows4_##S(base + i * rs, step, rs, w, a0, a1);                 \
        } else {                                                                   \
            tl_wide_blocks_##S(base + i * rs, step, rs, w, a1);                    \
        }                                                                          \
        if (gather)                                                                \
            tl_copy_rows_##S(gather + i * tail_bytes, base + i * rs + tail_off, step, rs, tail_bytes); \
        if (tail_vecs && i + step - tail_done == tail_step && i + step <= nrows / 4 * 4) { \
            tail_block[tail_vecs](base + tail_off, tail_done, rs, tp, &tail_acc);  \
            tail_done += tail_step;                                                \
        }                                                                          \
        if ((i + step) & (mask << p)) continue;                                    \
        for (c = 0; c < w; c++) { a2[c] += a1[c]; a1[c] = 0; }                     \
        if ((i + step) & (mask << (2 * p))) continue;                              \
        for (c = 0; c < w; c++) { a3[c] += a2[c]; a2[c] = 0; }                     \
    }                                                                              \
    if (gather)                                                                    \
        tl_copy_rows_##S(gather + i * tail_bytes, base + i * rs + tail_off, nrows - i, rs, tail_bytes); \
    /* the rows after the last whole block, from 0 into a0: one row at a time      \
       (streaming), or a block of columns at a time in registers (with rows that   \
       alias, a vector of columns at a time: they evict each other) */              \
    if (stream) {                                                                  \
        tl_add_rows_##S(a0, base + i * rs, nrows - i, rs, w);                      \
    } else {                                                                       \
        memset(a0, 0, w * sizeof(T));                                              \
        if (aliasing)                                                              \
            for (c = 0; c < w; c += VL)                                            \
                tl_wide_block1_##S(base + i * rs + c * sizeof(T), nrows - i, rs, a0 + c); \
        else                                                                       \
            tl_wide_blocks_##S(base + i * rs, nrows - i, rs, w, a0);               \
    }                                                                              \
    for (c = 0; c < w; c++)                                                        \
        *(T*)(out + c * os) += ((a0[c] + a1[c]) + a2[c]) + a3[c];                  \
    if (tail_vecs)                                                                 \
        tail_end[tail_vecs](base + tail_off, tail_done, nrows, rs, &tail_acc,      \
                            out + tail_off / (Py_ssize_t)sizeof(T) * os, os);      \
}                                                                                  \
/* (the pass built without the tail's code, which slows it in the cache) */      \
static void tl_wide_cascade_##S(const char* base, Py_ssize_t nrows, Py_ssize_t rs, \
                                Py_ssize_t w, T* acc, char* out, Py_ssize_t os, int stream, \
                                char* gather, Py_ssize_t tail_off, Py_ssize_t tail_bytes, \
                                int tail_vecs) {                                   \
    (void)tail_vecs;                                                               \
    tl_wide_pass_##S(base, nrows, rs, w, acc, out, os, stream, gather, tail_off, tail_bytes, 0); \
}                                                                                  \
static void tl_wide_cascade_tail_##S(const char* base, Py_ssize_t nrows, Py_ssize_t rs, \
                                     Py_ssize_t w, T* acc, char* out, Py_ssize_t os, int stream, \
                                     char* gather, Py_ssize_t tail_off, Py_ssize_t tail_bytes, \
                                     int tail_vecs) {                              \
    tl_wide_pass_##S(base, nrows, rs, w, acc, out, os, stream, gather, tail_off, tail_bytes, tail_vecs); \
}                                                                                  \
/* The columns [j, jhi) after the groups of 4 vectors, each from 0 down the n0     \
   rows: column k of row r at tail + r*tail_rs + (k - tail_lo)*sz, columns from    \
   lo on there.  A vector of columns at a time, then the last columns as the       \
   top lanes of the vector ending the row (a row_sum of vectors is each lane's     \
   row_sum) where tail holds it, else one at a time. */                            \
static void tl_sum_tail_cols_##S(char* out, Py_ssize_t o1, const char* tail,       \
                                 Py_ssize_t tail_rs, Py_ssize_t tail_lo, Py_ssize_t lo,\
                                 Py_ssize_t j, Py_ssize_t jhi, Py_ssize_t endv, Py_ssize_t n0) {\
    const Py_ssize_t sz = sizeof(T);                                               \
    for (; j < jhi && j < endv; j += VL)                                           \
        tl_store_vec_##S(out, o1, j, tl_vcascade_##S##_row(tail + (j - tail_lo) * sz, n0, tail_rs));\
    if (jhi - j > 1 && jhi - VL >= lo) {                                           \
        T lanes[VL];                                                               \
        const Py_ssize_t first = jhi - VL;                                         \
        tl_vec_##S v = tl_vcascade_##S##_row(tail + (first - tail_lo) * sz, n0, tail_rs);\
        memcpy(lanes, &v, sizeof lanes);                                           \
        for (; j < jhi; j++) *(T*)(out + j * o1) += lanes[j - first];              \
    }                                                                              \
    for (; j < jhi; j++)                                                           \
        *(T*)(out + j * o1) += tl_cascade_##S##_row(tail + (j - tail_lo) * sz, n0, tail_rs);\
}                                                                                  \
/* A sum over the leading dim of a matrix from main memory whose rows are too      \
   short for threads to share their columns goes to threads by rows: in the groups \
   of 2**2p rows that tl_wide_cascade adds up in order, and the rows after the     \
   last group.  A unit streams its rows [r0, r1) as tl_wide_cascade does: the      \
   blocks' sums from 0 into top (the group's level-1 sum), the rows after its      \
   last whole block from 0 into rest; the columns right of w are copied to gather  \
   as the rows pass. */                                                            \
static void tl_wide_unit_##S(const char* base, Py_ssize_t r0, Py_ssize_t r1, Py_ssize_t rs,\
                             Py_ssize_t w, int p, char* top_, char* rest_, char* gather,\
                             Py_ssize_t tail_off, Py_ssize_t tail_bytes) {         \
    const Py_ssize_t step = (Py_ssize_t)1 << p;                                    \
    T *top = (T*)top_, *rest = (T*)rest_;                                          \
    Py_ssize_t i = r0, c;                                                          \
    memset(top, 0, w * sizeof(T));                                                 \
    memset(rest, 0, w * sizeof(T));                                                \
    for (; i + step <= r1; i += step) {                                            \
        tl_add_rows_##S(rest, base + i * rs, step, rs, w);                         \
        for (c = 0; c < w; c++) { top[c] += rest[c]; rest[c] = 0; }                \
        if (gather)                                                                \
            tl_copy_rows_##S(gather + i * tail_bytes, base + i * rs + tail_off, step, rs, tail_bytes);\
    }                                                                              \
    tl_add_rows_##S(rest, base + i * rs, r1 - i, rs, w);                           \
    if (gather)                                                                    \
        tl_copy_rows_##S(gather + i * tail_bytes, base + i * rs + tail_off, r1 - i, rs, tail_bytes);\
}                                                                                  \
/* out (w columns os apart) += the units' sums (unit u's top at sums + 2uw, its    \
   rest after it) as one thread's cascade adds them: the groups' tops up the       \
   levels, then the last unit's rest and top.  scratch: 2w. */                     \
static void tl_wide_join_##S(char* out, Py_ssize_t os, Py_ssize_t w, int p, Py_ssize_t groups,\
                             const char* sums_, char* scratch_) {                  \
    const T* sums = (const T*)sums_;                                               \
    T *a2 = (T*)scratch_, *a3 = a2 + w;                                            \
    const T *top = sums + 2 * groups * w, *rest = top + w;                         \
    Py_ssize_t u, c;                                                               \
    memset(a2, 0, 2 * w * sizeof(T));                                              \
    for (u = 0; u < groups; u++) {                                                 \
        for (c = 0; c < w; c++) a2[c] += sums[2 * u * w + c];                      \
        if ((u + 1) & (((Py_ssize_t)1 << p) - 1)) continue;                        \
        for (c = 0; c < w; c++) { a3[c] += a2[c]; a2[c] = 0; }                     \
    }                                                                              \
    for (c = 0; c < w; c++)                                                        \
        *(T*)(out + c * os) += ((rest[c] + top[c]) + a2[c]) + a3[c];               \
}                                                                                  \
/* A contiguous row of n0 >= VL elements: the row_sum of its vectors (v), then     \
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
/* The same sum in parts, for threads: the top blocks of the vectors' cascade      \
   (part < tops), then the rows after them (part == tops), each into 4 vectors at  \
   res; tl_row_join adds them up.  A top block summed alone differs from the       \
   cascade's at most in the sign of a zero, as does the rest by its extra + 0:     \
   adding them to the running top sum (from +0, never -0) erases that. */          \
static inline Py_ssize_t tl_row_parts_##S(Py_ssize_t n0) {                         \
    const Py_ssize_t nrows = n0 / VL / 4;                                          \
    return (nrows >> (3 * tl_cascade_exp(nrows))) + 1;                             \
}                                                                                  \
static void tl_row_part_##S(const char* row, Py_ssize_t n0, Py_ssize_t part, char* res) { \
    const Py_ssize_t nrows = n0 / VL / 4, rs = 4 * VL * sizeof(T);                 \
    const int p = tl_cascade_exp(nrows);                                           \
    const Py_ssize_t first = part << (3 * p), tops = nrows >> (3 * p);             \
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
                         Py_ssize_t jlo, Py_ssize_t jhi, int kind) {               \
    const int stream = kind == TL_STREAM_ROWS;                                     \
    Py_ssize_t j, nv, end4, endv, w = 0;                                           \
    T strip[4 * TL_SUM_STRIP];                                                     \
    const Py_ssize_t sz = sizeof(T);                                               \
    if (i0 == sz && n0 >= VL) {                                                    \
        nv = n0 / VL;                                                              \
        for (j = jlo; j < jhi; j++)                                                \
            *(T*)(out + j * o1) += tl_row_end_##S(in + j * i1, n0,                 \
                                                 tl_vcascade_##S##_row(in + j * i1, nv, VL * sz)); \
    } else if (i1 == sz && n1 >= VL) {                                             \
        /* the columns right of the groups of 4 vectors go down the rows one       \
           vector or column at a time; when streaming a large block from main      \
           memory they are copied aside as the rows pass for the groups, and from  \
           main memory in blocks their whole vectors ride along with the groups */ \
        const char* tail;                                                          \
        Py_ssize_t tail_rs = i0, tail_lo, widest = TL_SUM_STRIP, jend, walked;     \
        int tail_vecs = 0;                                                         \
        char* gather = NULL;                                                       \
        T* acc = strip;                                                            \
        end4 = (n1 / (4 * VL)) * 4 * VL;                                           \
        endv = end4 + ((n1 - end4) / VL) * VL;                                     \
        tail_lo = jlo > end4 ? jlo : end4;                                         \
        jend = jhi < end4 ? jhi : end4;   /* the strips' columns end here */       \
        walked = n0 * (jend - jlo) * sz;                                           \
        if (stream && n0 * i0 > TL_GATHER_MIN && jlo < end4 && jhi > end4 && n0 * (jhi - end4) * sz <= TL_GATHER_MAX) \
            gather = (char*)malloc(n0 * (jhi - end4) * sz);                        \
        /* streaming: whole rows, one after another (strips would cut the stream) */ \
        if (stream && jend - jlo > TL_SUM_STRIP) {                                 \
            acc = (T*)malloc(4 * (jend - jlo) * sz);                               \
            if (acc)                                                               \
                widest = jend - jlo;                                               \
            else                                                                   \
                acc = strip;                                                       \
        }                                                                          \
        j = jlo;                                                                   \
        if (!stream && walked >= TL_WALK_MIN && walked <= TL_WALK_MAX) {           \
            for (; j + 4 * VL <= jend; j += 4 * VL) {                              \
                tl_vec_##S sums[4]; int g;                                         \
                tl_vcascade_##S(in + j * sz, n0, i0, VL * sz, sums);               \
                for (g = 0; g < 4; g++) tl_store_vec_##S(out, o1, j + g * VL, sums[g]); \
            }                                                                      \
        }                                                                          \
        for (; j < jend; j += w) {                                                 \
            w = jend - j;                                                          \
            if (w > widest) w = widest;                                            \
            /* from main memory in blocks, the last strip takes the tail's vectors \
               along: their loads join the pass over the rows instead of going     \
               down them again (in the cache, apart they go as fast) */            \
            if (kind == TL_STREAM_BLOCKS && j + w == end4)                         \
                tail_vecs = ((jhi < endv ? jhi : endv) - end4) / VL;               \
            (tail_vecs ? tl_wide_cascade_tail_##S : tl_wide_cascade_##S)(          \
                in + j * sz, n0, i0, w, acc, out + j * o1, o1, stream,             \
                j + w == end4 ? gather : NULL, (end4 - j) * sz, (jhi - end4) * sz, tail_vecs); \
        }                                                                          \
        j += tail_vecs * VL;                                                       \
        tail = gather ? gather : in + tail_lo * sz;                                \
        if (gather)                                                                \
            tail_rs = (jhi - end4) * sz;                                           \
        tl_sum_tail_cols_##S(out, o1, tail, tail_rs, tail_lo, gather ? tail_lo : 0, j, jhi, endv, n0); \
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
                  Py_ssize_t i1, Py_ssize_t o1, Py_ssize_t jlo, Py_ssize_t jhi, int kind);
    Py_ssize_t (*row_parts)(Py_ssize_t n0);
    void (*row_part)(const char* row, Py_ssize_t n0, Py_ssize_t part, char* res);
    void (*row_join)(char* out, const char* row, Py_ssize_t n0, const char* res);
    void (*wide_unit)(const char* base, Py_ssize_t r0, Py_ssize_t r1, Py_ssize_t rs, Py_ssize_t w,
                      int p, char* top, char* rest, char* gather, Py_ssize_t tail_off, Py_ssize_t tail_bytes);
    void (*wide_join)(char* out, Py_ssize_t os, Py_ssize_t w, int p, Py_ssize_t groups, const char* sums,
                      char* scratch);
    void (*tail_cols)(char* out, Py_ssize_t o1, const char* tail, Py_ssize_t tail_rs, Py_ssize_t tail_lo,
                      Py_ssize_t lo, Py_ssize_t j, Py_ssize_t jhi, Py_ssize_t endv, Py_ssize_t n0);
} tl_sum_loops;
#define TL_SUM_LOOPS(S) {tl_sum2d_##S, tl_row_parts_##S, tl_row_part_##S, tl_row_join_##S, \
                         tl_wide_unit_##S, tl_wide_join_##S, tl_sum_tail_cols_##S}
static tl_sum_loops tl_sum_loops_for(int f64) {
    static const tl_sum_loops base[2] = {TL_SUM_LOOPS(F32), TL_SUM_LOOPS(F64)};
#if TL_SUM_AVX2_BUILD
    static const tl_sum_loops avx2[2] = {TL_SUM_LOOPS(F32_avx2), TL_SUM_LOOPS(F64_avx2)};
    if (tl_cpu_level() >= 1)
        return avx2[f64 != 0];
#endif
    return base[f64 != 0];
}
#endif
