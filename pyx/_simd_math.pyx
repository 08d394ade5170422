# cython: cdivision=True, boundscheck=False, wraparound=False
# distutils: extra_compile_args = -fno-math-errno -fno-trapping-math
"""float32 math as PyTorch's AVX512 CPU kernels compute it, lane for lane, so that the last bits
agree: ``sigmoid`` and ``silu`` in float32 and float64 (a vectorised exp over whole chunks of
two vectors, the C library's exp on the rest of a row), ``softmax`` and ``log_softmax`` rows (their exp and log,
their order of summing across vector lanes, a multiply by the reciprocal of the sum or a
division by it) and their gradients' rows; and MKL's vector math run in chunks on the kernels'
thread pool.

The vectorised exp follows the SLEEF library's single-precision exp of 1-ulp accuracy (what
PyTorch's ``Vectorized<float>::exp`` calls): n = rint(x / ln 2), r = x - n ln 2 in two fused
steps, a degree-6 polynomial evaluated with fused multiply-adds, scaled by 2^n in two halves; 0
below -104, inf above 100.  Fused multiply-adds are spelled ``fmaf`` (exact on every machine); the
functions are compiled three times, for baseline x86-64, for AVX2+FMA and for AVX512 (every lane
computes the same operations, so the builds agree bit for bit), and the CPU picks at import.
"""
cimport numpy as cnp
from cython cimport floating
from libc.string cimport memset
import numpy as np
from tensorlib._pool cimport chunk_fn, parallel_run, pool_threads

cnp.import_array()

cdef extern from *:
    """
    #include <math.h>
    #include <stdint.h>
    #include <string.h>

    #define TL_LANES 16          /* float32 lanes of an AVX512 vector */
    typedef float tl_v16f __attribute__((vector_size(4 * TL_LANES)));
    typedef int32_t tl_v16i __attribute__((vector_size(4 * TL_LANES)));
    #define TL_ROW_BLOCK 16       /* rows of softmax computed side by side */
    #define TL_SIGMOID_CHUNK 32  /* PyTorch's vectorised loop takes two vectors at a time */
    #define TL_SIGMOID_CHUNK_D 16
    enum { TL_SIGMOID, TL_SILU };

    static inline float tl_bits_to_float(uint32_t u) { float f; memcpy(&f, &u, 4); return f; }
    static inline uint32_t tl_float_to_bits(float f) { uint32_t u; memcpy(&u, &f, 4); return u; }
    static inline double tl_bits_to_double(uint64_t u) { double d; memcpy(&d, &u, 8); return d; }

    /* 2^q for -1022 <= q <= 1023, from the exponent field */
    static inline double tl_pow2i_d(int64_t q) { return tl_bits_to_double((uint64_t)(q + 0x3ff) << 52); }

    /* 2^q for -126 <= q <= 127, from the exponent field */
    static inline float tl_pow2i(int32_t q) { return tl_bits_to_float((uint32_t)(q + 0x7f) << 23); }

    /* o[t] = f(a[t]) for start <= t < end, rows of `cols`, f by `kind` (sigmoid: 1 / (1 +
       exp(-x)), silu: x / (1 + exp(-x))): the first k of each row (whole chunks of two vectors)
       through the vectorised exp VEXP, the rest with the C library's SEXP; T float or double */
    #define TL_LOGISTIC_RANGE(NAME, T, VEXP, SEXP, ATTR)                                           \\
    ATTR static void NAME(const T* a, T* o, Py_ssize_t start, Py_ssize_t end, Py_ssize_t cols,     \\
                          Py_ssize_t k, int kind) {                                                \\
        Py_ssize_t t = start, row, vec_end, row_end, i, scalar_start;                              \\
        while (t < end) {                                                                          \\
            row = t - t % cols;                                                                    \\
            vec_end = row + k < end ? row + k : end;                                               \\
            row_end = row + cols < end ? row + cols : end;                                         \\
            scalar_start = t > vec_end ? t : vec_end;                                              \\
            if (kind == TL_SIGMOID) {                                                              \\
                for (i = t; i < vec_end; i++) o[i] = (T)1 / (VEXP((T)0 - a[i]) + (T)1);            \\
                for (i = scalar_start; i < row_end; i++) o[i] = (T)1 / ((T)1 + SEXP(-a[i]));       \\
            } else {                                                                               \\
                for (i = t; i < vec_end; i++) o[i] = a[i] / ((T)1 + VEXP(-a[i]));                  \\
                for (i = scalar_start; i < row_end; i++) o[i] = a[i] / ((T)1 + SEXP(-a[i]));       \\
            }                                                                                      \\
            t = row_end;                                                                           \\
        }                                                                                          \\
    }

    /* lanes[j] + lanes[j ^ 8], then 4 apart, 2, 1: lane 0 holds PyTorch's order of the sum.  As
       vector shuffles where the compiler has them (each lane's additions are the same) */
    static inline float tl_fold_lanes(const float* lanes) {
    #if defined(__clang__) || (defined(__GNUC__) && __GNUC__ >= 12)
        tl_v16f v;
        memcpy(&v, lanes, sizeof v);
        v = v + __builtin_shufflevector(v, v, 8, 9, 10, 11, 12, 13, 14, 15, 0, 1, 2, 3, 4, 5, 6, 7);
        v = v + __builtin_shufflevector(v, v, 4, 5, 6, 7, 0, 1, 2, 3, 12, 13, 14, 15, 8, 9, 10, 11);
        v = v + __builtin_shufflevector(v, v, 2, 3, 0, 1, 6, 7, 4, 5, 10, 11, 8, 9, 14, 15, 12, 13);
        v = v + __builtin_shufflevector(v, v, 1, 0, 3, 2, 5, 4, 7, 6, 9, 8, 11, 10, 13, 12, 15, 14);
        return v[0];
    #else
        float now[TL_LANES], pairs[TL_LANES];
        int j, shift;
        memcpy(now, lanes, sizeof now);
        for (shift = TL_LANES / 2; shift >= 1; shift /= 2) {
            for (j = 0; j < TL_LANES; j++) pairs[j] = now[j] + now[j ^ shift];
            memcpy(now, pairs, sizeof now);
        }
        return now[0];
    #endif
    }

    /* lanes[j] += last[TL_LANES - rest + j] for j < rest: the row's tail (its last `rest`
       elements, the end of the vector `last`) added to the first lanes.  GCC: the tail moved to
       the front by one permutation and -0.0 (which changes no value) added to the other lanes,
       for the AVX512 build (inlined there, it becomes one vpermps) */
    static inline void tl_add_tail(float* lanes, const float* last, Py_ssize_t rest) {
    #if defined(__GNUC__) && !defined(__clang__)
        tl_v16f v, t, now;
        tl_v16i position, keep;
        int j;
        memcpy(&v, last, sizeof v);
        memcpy(&now, lanes, sizeof now);
        for (j = 0; j < TL_LANES; j++) position[j] = j;
        keep = position < (int32_t)rest;
        t = __builtin_shuffle(v, position + (int32_t)(TL_LANES - rest));
        t = (tl_v16f)(((tl_v16i)t & keep) | (~keep & INT32_MIN));
        now = now + t;
        memcpy(lanes, &now, sizeof now);
    #else
        Py_ssize_t j;
        for (j = 0; j < rest; j++) lanes[j] += last[TL_LANES - rest + j];
    #endif
    }

    /* per lane, w where it is greater than v, else v (a compare and a bitwise select); a macro,
       as a function passing 64-byte vectors would take the ABI of the build it is compiled in */
    #define TL_SELECT_GREATER(w, v) ((tl_v16f)(((tl_v16i)(w) & ((w) > (v))) | ((tl_v16i)(v) & ~((w) > (v)))))

    /* the largest of 16 lanes without nans: lanes compared 8 apart, then 4, 2, 1 */
    static inline float tl_max_lanes(const tl_v16f* lanes) {
        tl_v16f v = *lanes;
    #if defined(__clang__) || (defined(__GNUC__) && __GNUC__ >= 12)
        tl_v16f w;
        w = __builtin_shufflevector(v, v, 8, 9, 10, 11, 12, 13, 14, 15, 0, 1, 2, 3, 4, 5, 6, 7);
        v = TL_SELECT_GREATER(w, v);
        w = __builtin_shufflevector(v, v, 4, 5, 6, 7, 0, 1, 2, 3, 12, 13, 14, 15, 8, 9, 10, 11);
        v = TL_SELECT_GREATER(w, v);
        w = __builtin_shufflevector(v, v, 2, 3, 0, 1, 6, 7, 4, 5, 10, 11, 8, 9, 14, 15, 12, 13);
        v = TL_SELECT_GREATER(w, v);
        w = __builtin_shufflevector(v, v, 1, 0, 3, 2, 5, 4, 7, 6, 9, 8, 11, 10, 13, 12, 15, 14);
        v = TL_SELECT_GREATER(w, v);
        return v[0];
    #else
        float m = v[0];
        int j;
        for (j = 1; j < TL_LANES; j++) m = v[j] > m ? v[j] : m;
        return m;
    #endif
    }

    #define TL_DEFINE_SIMD_MATH(SUFFIX, ATTR, PERMUTES)                                            \\
    ATTR static inline float tl_exp_##SUFFIX(float d) {                                            \\
        /* clamped before the integer conversion (nan and huge d: the selects below, or the nan    \\
           of s, decide those results); ternaries, not fminf, so that the loops vectorise */       \\
        float qf = rintf(d * 1.442695040888963407359924681001892137426645954152985934135449406931f); \\
        int32_t q, half;                                                                           \\
        float s, u;                                                                                \\
        qf = qf == qf ? (qf < -200.0f ? -200.0f : (qf > 200.0f ? 200.0f : qf)) : 0.0f;             \\
        q = (int32_t)qf;                                                                           \\
        s = fmaf(qf, -0.693145751953125f, d);                                                      \\
        s = fmaf(qf, -1.428606765330187045e-06f, s);                                               \\
        u = 0.000198527617612853646278381f;                                                        \\
        u = fmaf(u, s, 0.00139304355252534151077271f);                                             \\
        u = fmaf(u, s, 0.00833336077630519866943359f);                                             \\
        u = fmaf(u, s, 0.0416664853692054748535156f);                                              \\
        u = fmaf(u, s, 0.166666671633720397949219f);                                               \\
        u = fmaf(u, s, 0.5f);                                                                      \\
        u = 1.0f + fmaf(s * s, u, s);                                                              \\
        half = q >> 1;                                                                             \\
        u = u * tl_pow2i(half) * tl_pow2i(q - half);                                               \\
        u = d < -104.0f ? 0.0f : u;                                                                \\
        return 100.0f < d ? INFINITY : u;                                                          \\
    }                                                                                              \\
                                                                                                   \\
    /* SLEEF's single-precision log of 1-ulp accuracy as its AVX512 build computes it: d = m 2^e   \\
       with m in [0.75, 1.5) (the getexp/getmant split), x = (m - 1) / (m + 1) in double-float     \\
       arithmetic, log d = e ln 2 + 2x + x^3 t(x^2), the sums carried in two floats */             \\
    ATTR static inline float tl_log_##SUFFIX(float d) {                                            \\
        float e, m, v, sx, sy, nx, ny, dx, dy, t, qx, qy, u, x2, p, rx, ry, w;                     \\
        uint32_t b;                                                                                \\
        if (d != d || d < 0.0f) return NAN;                                                        \\
        if (d == 0.0f) return -INFINITY;                                                           \\
        if (d == INFINITY) return INFINITY;                                                        \\
        if (d < 1.17549435e-38f) return tl_log_##SUFFIX(d * 16777216.0f) - 16.635532333438687f;    \\
        v = d * (1.0f / 0.75f);                                                                    \\
        e = v == INFINITY ? 128.0f : (float)((int32_t)((tl_float_to_bits(v) >> 23) & 0xff) - 127); \\
        b = tl_float_to_bits(d);                                                                   \\
        m = tl_bits_to_float((b & 0x7fffffu) | ((b & 0x400000u) ? (126u << 23) : (127u << 23)));   \\
        sx = 0.69314718246459960938f * e;                                                          \\
        sy = fmaf(-1.904654323148236017e-09f, e, fmaf(0.69314718246459960938f, e, -sx));           \\
        nx = m - 1.0f; v = nx + 1.0f; ny = (-1.0f - (nx - v)) + (m - v);                           \\
        dx = 1.0f + m; v = dx - 1.0f; dy = (1.0f - (dx - v)) + (m - v);                            \\
        t = 1.0f / dx;                                                                             \\
        qx = nx * t;                                                                               \\
        u = fmaf(t, nx, -qx);                                                                      \\
        qy = fmaf(-dy, t, fmaf(-dx, t, 1.0f));                                                     \\
        qy = fmaf(qx, qy, fmaf(ny, t, u));                                                         \\
        x2 = qx * qx;                                                                              \\
        p = fmaf(fmaf(0.3027294874f, x2, 0.3996108174f), x2, 0.6666694880f);                       \\
        rx = sx + 2.0f * qx;                                                                       \\
        ry = (((sx - rx) + 2.0f * qx) + sy) + 2.0f * qy;                                           \\
        w = (x2 * qx) * p;                                                                         \\
        sx = rx + w;                                                                               \\
        sy = ((rx - sx) + w) + ry;                                                                 \\
        return sx + sy;                                                                            \\
    }                                                                                              \\
                                                                                                   \\
    /* the largest of a[0..n), nan if any is nan (as PyTorch's vectorised maximum): 16 running     \\
       maxima in a vector (compare, bitwise select).  PERMUTES: the row's last vector taken again  \\
       for the rest (elements counted twice leave a maximum as it is), the lanes folded in halves, \\
       nans gathered in a mask; else the rest and the lanes folded one by one, nans counted.       \\
       Zeros of both signs tying, either may come back: no result depends on which */              \\
    ATTR static inline float tl_row_max_##SUFFIX(const float* a, Py_ssize_t n) {                   \\
        tl_v16f lanes, x;                                                                          \\
        tl_v16i nans;                                                                              \\
        float m;                                                                                   \\
        Py_ssize_t i = 0;                                                                          \\
        int j, any = 0, nans_counted = 0;                                                          \\
        if (PERMUTES && n >= TL_LANES) {                                                           \\
            memcpy(&lanes, a, sizeof lanes);                                                       \\
            nans = lanes != lanes;                                                                 \\
            for (i = TL_LANES; i < n; i += TL_LANES) {                                             \\
                memcpy(&x, a + (i + TL_LANES <= n ? i : n - TL_LANES), sizeof x);                  \\
                lanes = TL_SELECT_GREATER(x, lanes);                                               \\
                nans |= x != x;                                                                    \\
            }                                                                                      \\
            for (j = 0; j < TL_LANES; j++) any |= nans[j];                                         \\
            return any ? NAN : tl_max_lanes(&lanes);                                               \\
        }                                                                                          \\
        for (j = 0; j < TL_LANES; j++) lanes[j] = a[0];                                            \\
        for (; i + TL_LANES <= n; i += TL_LANES) {                                                 \\
            memcpy(&x, a + i, sizeof x);                                                           \\
            lanes = TL_SELECT_GREATER(x, lanes);                                                   \\
        }                                                                                          \\
        m = lanes[0];                                                                              \\
        for (; i < n; i++) m = a[i] > m ? a[i] : m;                                                \\
        for (j = 1; j < TL_LANES; j++) m = lanes[j] > m ? lanes[j] : m;                            \\
        for (i = 0; i < n; i++) nans_counted += a[i] != a[i];                                      \\
        return nans_counted ? NAN : m;                                                             \\
    }                                                                                              \\
                                                                                                   \\
    TL_LOGISTIC_RANGE(tl_logistic_range_##SUFFIX, float, tl_exp_##SUFFIX, expf, ATTR)              \\
                                                                                                   \\
    /* SLEEF's double-precision exp of 1-ulp accuracy (AVX512 build): n = rint(x / ln 2), r = x -  \\
       n ln 2 in two fused steps, a degree-12 polynomial whose first ten terms are evaluated by    \\
       Estrin's scheme, 2^n in two halves; inf above 709.78, 0 below -1000 */                      \\
    ATTR static inline double tl_exp_d_##SUFFIX(double d) {                                        \\
        double qd = rint(d * 1.442695040888963407359924681001892137426645954152985934135449406931); \\
        double s, s2, s4, s8, high, low, u;                                                        \\
        int64_t q, half;                                                                           \\
        qd = qd == qd ? (qd < -3000.0 ? -3000.0 : (qd > 3000.0 ? 3000.0 : qd)) : 0.0;              \\
        q = (int64_t)qd;                                                                           \\
        s = fma(qd, -.69314718055966295651160180568695068359375, d);                               \\
        s = fma(qd, -.28235290563031577122588448175013436025525412068e-12, s);                     \\
        s2 = s * s;                                                                                \\
        s4 = s2 * s2;                                                                              \\
        s8 = s4 * s4;                                                                              \\
        high = fma(s2, fma(s, +0.2755762628169491192e-6, +0.2755723402025388239e-5),               \\
                   fma(s, +0.2480158687479686264e-4, +0.1984126989855865850e-3));                  \\
        low = fma(s2, fma(s, +0.1388888888914497797e-2, +0.8333333333314938210e-2),                \\
                  fma(s, +0.4166666666666602598e-1, +0.1666666666666669072e+0));                   \\
        u = fma(s8, fma(s, +0.2081276378237164457e-8, +0.2511210703042288022e-7), fma(s4, high, low)); \\
        u = fma(u, s, 0.5);                                                                        \\
        u = fma(u, s, 1.0);                                                                        \\
        u = fma(u, s, 1.0);                                                                        \\
        half = q >> 1;                                                                             \\
        u = u * tl_pow2i_d(half) * tl_pow2i_d(q - half);                                           \\
        u = d > 709.78271114955742909217217426 ? INFINITY : u;                                     \\
        return d < -1000.0 ? 0.0 : u;                                                              \\
    }                                                                                              \\
                                                                                                   \\
    TL_LOGISTIC_RANGE(tl_logistic_range_d_##SUFFIX, double, tl_exp_d_##SUFFIX, exp, ATTR)          \\
                                                                                                   \\
    /* the sum of a[0..n) as PyTorch's vectorised reduce_all adds it: a partial vector's lanes in  \\
       order; else lane sums over whole vectors, the tail added to the first lanes, then the      \\
       lanes folded in halves (8 apart, 4, 2, 1) */                                               \\
    ATTR static inline float tl_lane_sum_##SUFFIX(const float* a, Py_ssize_t n) {                  \\
        float lanes[TL_LANES], total;                                                              \\
        Py_ssize_t i, d, full;                                                                     \\
        int j;                                                                                     \\
        if (n < TL_LANES) {                                                                        \\
            total = n ? a[0] : 0.0f;                                                               \\
            for (i = 1; i < n; i++) total += a[i];                                                 \\
            return total;                                                                          \\
        }                                                                                          \\
        for (j = 0; j < TL_LANES; j++) lanes[j] = a[j];                                            \\
        full = n - n % TL_LANES;                                                                   \\
        for (d = TL_LANES; d < full; d += TL_LANES)                                                \\
            for (j = 0; j < TL_LANES; j++) lanes[j] += a[d + j];                                   \\
        if (PERMUTES) {                                                                            \\
            tl_add_tail(lanes, a + n - TL_LANES, n - full);                                        \\
        } else {                                                                                   \\
            for (j = 0; j < n - full; j++) lanes[j] += a[full + j];                                \\
        }                                                                                          \\
        return tl_fold_lanes(lanes);                                                               \\
    }                                                                                              \\
                                                                                                   \\
    /* o[i] = exp(a[i] - m) for i < n: whole vectors, then the row's last vector again, which      \\
       recomputes a few elements with the same values, so that no element takes the slow scalar    \\
       loop the compiler would leave after the vectors (short rows keep it) */                     \\
    ATTR static inline void tl_exp_shifted_##SUFFIX(const float* a, float* o, Py_ssize_t n, float m) { \\
        Py_ssize_t i = 0;                                                                          \\
        int j;                                                                                     \\
        for (; i + TL_LANES <= n; i += TL_LANES)                                                   \\
            for (j = 0; j < TL_LANES; j++) o[i + j] = tl_exp_##SUFFIX(a[i + j] - m);               \\
        if (i == n) return;                                                                        \\
        if (n < TL_LANES) {                                                                        \\
            for (; i < n; i++) o[i] = tl_exp_##SUFFIX(a[i] - m);                                   \\
            return;                                                                                \\
        }                                                                                          \\
        a += n - TL_LANES;                                                                         \\
        o += n - TL_LANES;                                                                         \\
        for (j = 0; j < TL_LANES; j++) o[j] = tl_exp_##SUFFIX(a[j] - m);                           \\
    }                                                                                              \\
                                                                                                   \\
    /* softmax (log_softmax) of each row of `cols` contiguous elements, rows in blocks: each       \\
       block's maxima, exps and sums first, then its logs (or reciprocals), then its results,      \\
       so that the rows' long chains of dependent steps overlap; each row's steps unchanged */     \\
    ATTR static void tl_softmax_last_##SUFFIX(const float* a, float* o, Py_ssize_t rows,           \\
                                              Py_ssize_t cols, int want_log) {                     \\
        Py_ssize_t r, i, count;                                                                    \\
        const float* x;                                                                            \\
        float* y;                                                                                  \\
        float m[TL_ROW_BLOCK], total[TL_ROW_BLOCK];                                                \\
        /* long rows one at a time: a block's exps would no longer stay in the L1 cache */         \\
        Py_ssize_t block = cols * TL_ROW_BLOCK <= 4096 ? TL_ROW_BLOCK : 1;                         \\
        for (; rows > 0; rows -= count, a += count * cols, o += count * cols) {                    \\
            count = rows < block ? rows : block;                                                   \\
            for (r = 0; r < count; r++) {                                                          \\
                m[r] = tl_row_max_##SUFFIX(a + r * cols, cols);                                    \\
                tl_exp_shifted_##SUFFIX(a + r * cols, o + r * cols, cols, m[r]);                   \\
                total[r] = tl_lane_sum_##SUFFIX(o + r * cols, cols);                               \\
            }                                                                                      \\
            if (want_log) {                                                                        \\
                for (r = 0; r < count; r++) total[r] = tl_log_##SUFFIX(total[r]);                  \\
                for (r = 0, x = a, y = o; r < count; r++, x += cols, y += cols)                    \\
                    for (i = 0; i < cols; i++) y[i] = (x[i] - m[r]) - total[r];                    \\
            } else {                                                                               \\
                for (r = 0; r < count; r++) total[r] = 1.0f / total[r];                            \\
                for (r = 0, y = o; r < count; r++, y += cols)                                      \\
                    for (i = 0; i < cols; i++) y[i] *= total[r];                                   \\
            }                                                                                      \\
        }                                                                                          \\
    }                                                                                              \\
                                                                                                   \\
    /* log_softmax's gradient along rows of `cols` contiguous elements: g - exp(y) * sum(g), the   \\
       vectorised exp and one fused multiply-add, as PyTorch's kernel */                           \\
    ATTR static void tl_log_softmax_backward_last_##SUFFIX(const float* g, const float* y, float* o, \\
                                                           Py_ssize_t rows, Py_ssize_t cols) {     \\
        Py_ssize_t r, i;                                                                           \\
        float total;                                                                               \\
        for (r = 0; r < rows; r++, g += cols, y += cols, o += cols) {                              \\
            total = tl_lane_sum_##SUFFIX(g, cols);                                                 \\
            tl_exp_shifted_##SUFFIX(y, o, cols, 0.0f);                                             \\
            for (i = 0; i < cols; i++) o[i] = fmaf(-o[i], total, g[i]);                            \\
        }                                                                                          \\
    }                                                                                              \\
                                                                                                   \\
    /* softmax's gradient along rows of `cols` contiguous elements (o apart from g and y): the     \
       products g * y summed as PyTorch's map2_reduce_all adds them (the lanes of tl_lane_sum),    \
       then (g - sum) * y, as PyTorch's vectorised kernel */                                       \
    ATTR static void tl_softmax_backward_last_##SUFFIX(const float* g, const float* y, float* o,    \
                                                       Py_ssize_t rows, Py_ssize_t cols) {         \
        Py_ssize_t r, i;                                                                           \
        float total;                                                                               \
        for (r = 0; r < rows; r++, g += cols, y += cols, o += cols) {                              \
            for (i = 0; i < cols; i++) o[i] = g[i] * y[i];                                         \
            total = tl_lane_sum_##SUFFIX(o, cols);                                                 \
            for (i = 0; i < cols; i++) o[i] = (g[i] - total) * y[i];                               \
        }                                                                                          \
    }                                                                                              \
                                                                                                   \
    /* softmax (log_softmax) along a dim of `size` with `inner` contiguous elements after it:      \\
       the inner elements in groups of 16 lanes (the vectorised exp), the rest of them with        \\
       expf; each lane sums along the dim in order, then divides (log_softmax: the vectorised      \\
       log of every sum, subtracted after the max) */                                              \\
    ATTR static void tl_softmax_inner_##SUFFIX(const float* a, float* o, Py_ssize_t outer,         \\
                                               Py_ssize_t size, Py_ssize_t inner, int want_log,    \\
                                               float* m, float* total) {                           \\
        Py_ssize_t p, d, i, lanes_end = inner - inner % TL_LANES;                                  \\
        const float* x;                                                                            \\
        float* y;                                                                                  \\
        for (p = 0; p < outer; p++, a += size * inner, o += size * inner) {                        \\
            for (i = 0; i < inner; i++) m[i] = a[i];                                               \\
            for (d = 1; d < size; d++) {                                                           \\
                x = a + d * inner;                                                                 \\
                for (i = 0; i < inner; i++) m[i] = (x[i] > m[i] || x[i] != x[i]) ? x[i] : m[i];    \\
            }                                                                                      \\
            for (i = 0; i < inner; i++) total[i] = 0.0f;                                           \\
            for (d = 0; d < size; d++) {                                                           \\
                x = a + d * inner;                                                                 \\
                y = o + d * inner;                                                                 \\
                for (i = 0; i < lanes_end; i++) y[i] = tl_exp_##SUFFIX(x[i] - m[i]);               \\
                for (i = lanes_end; i < inner; i++) y[i] = expf(x[i] - m[i]);                      \\
                for (i = 0; i < inner; i++) total[i] += y[i];                                      \\
            }                                                                                      \\
            if (want_log) {                                                                        \\
                for (i = 0; i < inner; i++) total[i] = tl_log_##SUFFIX(total[i]);                  \\
                for (d = 0; d < size; d++) {                                                       \\
                    x = a + d * inner;                                                             \\
                    y = o + d * inner;                                                             \\
                    for (i = 0; i < inner; i++) y[i] = (x[i] - m[i]) - total[i];                   \\
                }                                                                                  \\
            } else {                                                                               \\
                for (d = 0; d < size; d++) {                                                       \\
                    y = o + d * inner;                                                             \\
                    for (i = 0; i < inner; i++) y[i] = y[i] / total[i];                            \\
                }                                                                                  \\
            }                                                                                      \\
        }                                                                                          \\
    }

    TL_DEFINE_SIMD_MATH(base, , 0)


    #if defined(__GNUC__) && (defined(__x86_64__) || defined(__i386__))
    #define TL_SIMD_MATH_FMA_BUILD 1
    /* AVX2 spells a 16-lane permutation in many instructions, AVX512 in one */
    TL_DEFINE_SIMD_MATH(fma, __attribute__((target("avx2,fma"))), 0)
    TL_DEFINE_SIMD_MATH(avx512, __attribute__((target("avx512f,avx512dq,avx2,fma,prefer-vector-width=512"))), 1)
    #endif

    static int tl_simd_math_fma = 0;

    #include "_cpu_level.h"
    static int tl_simd_math_detect(void) { return tl_cpu_level(); }

    static void tl_logistic_range(const float* a, float* o, Py_ssize_t start, Py_ssize_t end, Py_ssize_t cols,
                                  Py_ssize_t k, int kind) {
    #ifdef TL_SIMD_MATH_FMA_BUILD
        if (tl_simd_math_fma == 2) { tl_logistic_range_avx512(a, o, start, end, cols, k, kind); return; }
        if (tl_simd_math_fma) { tl_logistic_range_fma(a, o, start, end, cols, k, kind); return; }
    #endif
        tl_logistic_range_base(a, o, start, end, cols, k, kind);
    }

    static void tl_logistic_range_d(const double* a, double* o, Py_ssize_t start, Py_ssize_t end, Py_ssize_t cols,
                                    Py_ssize_t k, int kind) {
    #ifdef TL_SIMD_MATH_FMA_BUILD
        if (tl_simd_math_fma == 2) { tl_logistic_range_d_avx512(a, o, start, end, cols, k, kind); return; }
        if (tl_simd_math_fma) { tl_logistic_range_d_fma(a, o, start, end, cols, k, kind); return; }
    #endif
        tl_logistic_range_d_base(a, o, start, end, cols, k, kind);
    }

    static void tl_softmax_last(const float* a, float* o, Py_ssize_t rows, Py_ssize_t cols, int want_log) {
    #ifdef TL_SIMD_MATH_FMA_BUILD
        if (tl_simd_math_fma == 2) { tl_softmax_last_avx512(a, o, rows, cols, want_log); return; }
        if (tl_simd_math_fma) { tl_softmax_last_fma(a, o, rows, cols, want_log); return; }
    #endif
        tl_softmax_last_base(a, o, rows, cols, want_log);
    }

    static void tl_log_softmax_backward_last(const float* g, const float* y, float* o, Py_ssize_t rows,
                                             Py_ssize_t cols) {
    #ifdef TL_SIMD_MATH_FMA_BUILD
        if (tl_simd_math_fma == 2) { tl_log_softmax_backward_last_avx512(g, y, o, rows, cols); return; }
        if (tl_simd_math_fma) { tl_log_softmax_backward_last_fma(g, y, o, rows, cols); return; }
    #endif
        tl_log_softmax_backward_last_base(g, y, o, rows, cols);
    }

    static void tl_softmax_backward_last(const float* g, const float* y, float* o, Py_ssize_t rows,
                                         Py_ssize_t cols) {
    #ifdef TL_SIMD_MATH_FMA_BUILD
        if (tl_simd_math_fma == 2) { tl_softmax_backward_last_avx512(g, y, o, rows, cols); return; }
        if (tl_simd_math_fma) { tl_softmax_backward_last_fma(g, y, o, rows, cols); return; }
    #endif
        tl_softmax_backward_last_base(g, y, o, rows, cols);
    }

    static void tl_softmax_inner(const float* a, float* o, Py_ssize_t outer, Py_ssize_t size,
                                 Py_ssize_t inner, int want_log, float* m, float* total) {
    #ifdef TL_SIMD_MATH_FMA_BUILD
        if (tl_simd_math_fma == 2) { tl_softmax_inner_avx512(a, o, outer, size, inner, want_log, m, total); return; }
        if (tl_simd_math_fma) { tl_softmax_inner_fma(a, o, outer, size, inner, want_log, m, total); return; }
    #endif
        tl_softmax_inner_base(a, o, outer, size, inner, want_log, m, total);
    }
    """
    int tl_simd_math_fma
    enum: TL_SIGMOID_CHUNK, TL_SIGMOID_CHUNK_D, TL_SIGMOID, TL_SILU
    int tl_simd_math_detect() noexcept nogil
    void tl_logistic_range(const float* a, float* o, Py_ssize_t start, Py_ssize_t end, Py_ssize_t cols,
                           Py_ssize_t k, int kind) noexcept nogil
    void tl_logistic_range_d(const double* a, double* o, Py_ssize_t start, Py_ssize_t end, Py_ssize_t cols,
                             Py_ssize_t k, int kind) noexcept nogil
    void tl_softmax_last(const float* a, float* o, Py_ssize_t rows, Py_ssize_t cols, int want_log) noexcept nogil
    void tl_softmax_inner(const float* a, float* o, Py_ssize_t outer, Py_ssize_t size, Py_ssize_t inner, int want_log,
                          float* m, float* total) noexcept nogil
    void tl_log_softmax_backward_last(const float* g, const float* y, float* o, Py_ssize_t rows,
                                      Py_ssize_t cols) noexcept nogil
    void tl_softmax_backward_last(const float* g, const float* y, float* o, Py_ssize_t rows,
                                  Py_ssize_t cols) noexcept nogil


tl_simd_math_fma = tl_simd_math_detect()


cdef bint _float_pair(cnp.ndarray a, cnp.ndarray out, Py_ssize_t group, bint float64_too) except -1:
    """Checks that a and out are C-contiguous float32 (or, ``float64_too``, float64) arrays of one
    dtype and size, a multiple of ``group``, out writable and a either out itself or apart from
    it."""
    cdef int typenum = cnp.PyArray_TYPE(a)
    if cnp.PyArray_TYPE(out) != typenum or not (typenum == cnp.NPY_FLOAT
                                                 or (float64_too and typenum == cnp.NPY_DOUBLE)):
        raise ValueError("float32 arrays expected" if not float64_too else "float32 or float64 arrays expected")
    if not (cnp.PyArray_IS_C_CONTIGUOUS(a) and cnp.PyArray_IS_C_CONTIGUOUS(out) and cnp.PyArray_ISALIGNED(a)
            and cnp.PyArray_ISALIGNED(out) and cnp.PyArray_ISNOTSWAPPED(a) and cnp.PyArray_ISNOTSWAPPED(out)):
        raise ValueError("C-contiguous native arrays expected")
    if not cnp.PyArray_ISWRITEABLE(out):
        raise ValueError("out is read-only")
    if cnp.PyArray_SIZE(a) != cnp.PyArray_SIZE(out) or group <= 0 or cnp.PyArray_SIZE(a) % group:
        raise ValueError("sizes do not fit")
    return True


cdef enum:
    GRAIN = 32768    # elements per chunk of a job (PyTorch's grain size)
    SPLIT_MIN = 8192  # from this many elements, rows of softmax are shared out among the threads


cdef struct RowsJob:
    const float* a
    float* o
    const double* ad      # float64 data (logistic_rows), a and o left unset
    double* od
    float* scratch
    Py_ssize_t n, cols, vectorised_cols, size, inner, per_chunk
    int log, kind


cdef void _sigmoid_chunk(void* ctx, Py_ssize_t c) noexcept nogil:
    cdef RowsJob* job = <RowsJob*>ctx
    cdef Py_ssize_t start = c * GRAIN
    cdef Py_ssize_t end = job.n if job.n - start < GRAIN else start + GRAIN
    if job.ad != NULL:
        tl_logistic_range_d(job.ad, job.od, start, end, job.cols, job.vectorised_cols, job.kind)
    else:
        tl_logistic_range(job.a, job.o, start, end, job.cols, job.vectorised_cols, job.kind)


cdef void _softmax_last_chunk(void* ctx, Py_ssize_t c) noexcept nogil:
    cdef RowsJob* job = <RowsJob*>ctx
    cdef Py_ssize_t rows = job.n // job.size, first = c * job.per_chunk
    cdef Py_ssize_t count = rows - first if rows - first < job.per_chunk else job.per_chunk
    tl_softmax_last(job.a + first * job.size, job.o + first * job.size, count, job.size, job.log)


cdef void _softmax_inner_chunk(void* ctx, Py_ssize_t c) noexcept nogil:
    cdef RowsJob* job = <RowsJob*>ctx
    cdef Py_ssize_t block = job.size * job.inner, outer = job.n // block, first = c * job.per_chunk
    cdef Py_ssize_t count = outer - first if outer - first < job.per_chunk else job.per_chunk
    cdef float* m = job.scratch + 2 * c * job.inner
    tl_softmax_inner(job.a + first * block, job.o + first * block, count, job.size, job.inner, job.log,
                     m, m + job.inner)


cdef void _run(chunk_fn fn, RowsJob* job, Py_ssize_t nchunks) noexcept nogil:
    """The chunks on the pool where there are several threads and chunks, else in turn."""
    cdef Py_ssize_t c
    if nchunks > 1 and pool_threads() > 1:
        parallel_run(fn, job, nchunks)
    else:
        for c in range(nchunks):
            fn(job, c)


_KINDS = {"sigmoid": TL_SIGMOID, "silu": TL_SILU}


def logistic_rows(str op, cnp.ndarray a not None, cnp.ndarray out not None, Py_ssize_t cols, bint vectorised):
    """``out = op(a)`` -- ``sigmoid`` or ``silu`` (``a / (1 + exp(-a))``) -- over rows of ``cols``
    elements (a and out C-contiguous float32 or float64, a may be out): as PyTorch's vectorised
    loop, whole chunks of two vectors (32 floats, 16 doubles) of each row through the vectorised
    exp when ``vectorised``, the rest with the C library's exp.  Large arrays run on the pool
    (the values do not depend on it)."""
    _float_pair(a, out, cols, True)
    cdef RowsJob job
    cdef Py_ssize_t chunk = TL_SIGMOID_CHUNK
    job.ad = NULL
    if cnp.PyArray_TYPE(a) == cnp.NPY_DOUBLE:
        job.ad = <const double*>cnp.PyArray_DATA(a)
        job.od = <double*>cnp.PyArray_DATA(out)
        chunk = TL_SIGMOID_CHUNK_D
    else:
        job.a = <const float*>cnp.PyArray_DATA(a)
        job.o = <float*>cnp.PyArray_DATA(out)
    job.n = cnp.PyArray_SIZE(a)
    job.cols = cols
    job.vectorised_cols = cols // chunk * chunk if vectorised else 0
    job.kind = _KINDS[op]
    with nogil:
        _run(_sigmoid_chunk, &job, (job.n + GRAIN - 1) // GRAIN)


def softmax_rows(cnp.ndarray a not None, cnp.ndarray out not None, Py_ssize_t size, Py_ssize_t inner, bint last,
                 bint log):
    """``out = softmax(a)`` (``log``: log_softmax) along a dim of ``size`` followed by ``inner``
    elements, a and out C-contiguous float32 arrays apart from each other.  ``last``: the dim is
    the tensor's last (``inner`` is 1), which PyTorch runs through another kernel than a dim
    with elements after it, even when they are all of size 1.  Slices run on the pool in
    groups of about 32768 elements, rows of the last dim from 8192 elements in at least a group
    a thread (each slice's values do not depend on it)."""
    _float_pair(a, out, size * inner, False)
    if last and inner != 1:
        raise ValueError("the last dim has no elements after it")
    cdef RowsJob job
    cdef Py_ssize_t block = size * inner, slices, nchunks
    cdef float[::1] scratch
    job.a = <const float*>cnp.PyArray_DATA(a)
    job.o = <float*>cnp.PyArray_DATA(out)
    job.ad = NULL
    job.n = cnp.PyArray_SIZE(a)
    job.size = size
    job.inner = inner
    job.log = log
    job.per_chunk = GRAIN // block if block < GRAIN else 1
    slices = job.n // block
    if last and pool_threads() > 1 and job.n >= SPLIT_MIN:  # at least a chunk a thread
        job.per_chunk = min(job.per_chunk, (slices + pool_threads() - 1) // pool_threads())
    nchunks = (slices + job.per_chunk - 1) // job.per_chunk
    if last:
        with nogil:
            _run(_softmax_last_chunk, &job, nchunks)
        return
    scratch = np.empty(2 * inner * nchunks, np.float32)
    job.scratch = &scratch[0]
    with nogil:
        _run(_softmax_inner_chunk, &job, nchunks)


cdef struct GradientJob:
    # softmax's (softmax: True) or log_softmax's gradient over `rows` rows of `cols`, in blocks of
    # `per_chunk` rows
    const float* g
    const float* y
    float* o
    Py_ssize_t rows, cols, per_chunk
    bint softmax


cdef void _gradient_chunk(void* ctx, Py_ssize_t c) noexcept nogil:
    cdef GradientJob* job = <GradientJob*>ctx
    cdef Py_ssize_t lo = c * job.per_chunk, n = min(job.per_chunk, job.rows - lo), at = lo * job.cols
    if n <= 0:
        return
    if job.softmax:
        tl_softmax_backward_last(job.g + at, job.y + at, job.o + at, n, job.cols)
    else:
        tl_log_softmax_backward_last(job.g + at, job.y + at, job.o + at, n, job.cols)


cdef _run_gradient(cnp.ndarray g, cnp.ndarray y, cnp.ndarray out, Py_ssize_t cols, bint softmax):
    """A gradient job over the rows, a block of rows a thread on the pool from ``SPLIT_MIN``
    elements (each row's values do not depend on it)."""
    _float_pair(g, out, cols, False)
    _float_pair(y, out, cols, False)
    cdef GradientJob job
    cdef Py_ssize_t chunks = 1
    job.g, job.y = <const float*>cnp.PyArray_DATA(g), <const float*>cnp.PyArray_DATA(y)
    job.o, job.cols, job.softmax = <float*>cnp.PyArray_DATA(out), cols, softmax
    job.rows = cnp.PyArray_SIZE(g) // cols if cols else 0
    if pool_threads() > 1 and cnp.PyArray_SIZE(g) >= SPLIT_MIN:
        chunks = min(job.rows, pool_threads())
    job.per_chunk = (job.rows + chunks - 1) // chunks if chunks else 0
    with nogil:
        if chunks > 1:
            parallel_run(_gradient_chunk, &job, chunks)
        else:
            _gradient_chunk(&job, 0)


def log_softmax_backward_rows(cnp.ndarray g not None, cnp.ndarray y not None, cnp.ndarray out not None,
                              Py_ssize_t cols):
    """``out = g - exp(y) * sum(g)`` along rows of ``cols`` elements (log_softmax's gradient over
    the last dim), C-contiguous float32 arrays, as PyTorch's vectorised kernel computes it."""
    _run_gradient(g, y, out, cols, False)


def softmax_backward_rows(cnp.ndarray g not None, cnp.ndarray y not None, cnp.ndarray out not None,
                          Py_ssize_t cols):
    """``out = (g - sum(g * y)) * y`` along rows of ``cols`` elements (softmax's gradient over the
    last dim), C-contiguous float32 arrays, ``out`` apart from ``g`` and ``y``, as PyTorch's
    vectorised kernel computes it."""
    if cnp.PyArray_DATA(out) == cnp.PyArray_DATA(g) or cnp.PyArray_DATA(out) == cnp.PyArray_DATA(y):
        raise ValueError("out must be apart from g and y")
    _run_gradient(g, y, out, cols, True)


ctypedef void (*elementwise_fn)(int n, const char* src, char* dst, long long mode) noexcept nogil

cdef struct ElementwiseJob:
    elementwise_fn fn
    const char* src
    char* dst
    Py_ssize_t n, chunk, itemsize
    long long mode

cdef enum:
    ELEMENTWISE_CHUNK = 32768    # PyTorch's grain size; a C int counts any chunk


cdef void _elementwise_chunk(void* ctx, Py_ssize_t c) noexcept nogil:
    cdef ElementwiseJob* job = <ElementwiseJob*>ctx
    cdef Py_ssize_t start = c * job.chunk
    cdef Py_ssize_t count = job.n - start if job.n - start < job.chunk else job.chunk
    job.fn(<int>count, job.src + start * job.itemsize, job.dst + start * job.itemsize, job.mode)


def run_elementwise(size_t function, cnp.ndarray src not None, cnp.ndarray dst not None, long long mode):
    """Calls the C function at address ``function`` -- ``f(int n, const T* src, T* dst, int64 mode)``,
    MKL's vector math -- over the elements of the C-contiguous array ``src`` into the C-contiguous
    array ``dst`` of its size and item size (the caller checks), in chunks of 32768 elements spread
    over the kernels' thread pool.  An elementwise function gives the same values however the
    elements are chunked."""
    cdef ElementwiseJob job
    cdef Py_ssize_t n = cnp.PyArray_SIZE(src)
    if not cnp.PyArray_IS_C_CONTIGUOUS(src) or not cnp.PyArray_IS_C_CONTIGUOUS(dst) or \
            cnp.PyArray_SIZE(dst) != n or cnp.PyArray_ITEMSIZE(dst) != cnp.PyArray_ITEMSIZE(src) or \
            not cnp.PyArray_ISWRITEABLE(dst):
        raise ValueError("run_elementwise takes C-contiguous arrays of one size and item size")
    job.fn = <elementwise_fn>function
    job.src = <const char*>cnp.PyArray_DATA(src)
    job.dst = <char*>cnp.PyArray_DATA(dst)
    job.n = n
    job.itemsize = cnp.PyArray_ITEMSIZE(src)
    job.mode = mode
    job.chunk = ELEMENTWISE_CHUNK
    if n <= 0:
        return
    with nogil:
        if pool_threads() > 1 and n > 2 * ELEMENTWISE_CHUNK:
            parallel_run(_elementwise_chunk, &job, (n + ELEMENTWISE_CHUNK - 1) // ELEMENTWISE_CHUNK)
        else:
            for c in range((n + ELEMENTWISE_CHUNK - 1) // ELEMENTWISE_CHUNK):
                _elementwise_chunk(&job, c)


def _use_fma(int level):
    """Tests: 0 runs the baseline variants (fmaf from the C library), 1 the AVX2+FMA ones, 2 the
    AVX512 ones, each capped at what the CPU has; returns the level that runs."""
    global tl_simd_math_fma
    tl_simd_math_fma = min(max(level, 0), tl_simd_math_detect())
    return tl_simd_math_fma


cdef void _scatter_nll_rows(floating* out, const floating* g, const floating* total, const long long* target,
                            Py_ssize_t M, Py_ssize_t C, Py_ssize_t ignore_index, bint per_row) noexcept nogil:
    """nll_loss_backward_rows' writing: a 0-d gradient divided (and negated) once, in the
    array's precision, as the composed ops do; ``total`` NULL: not divided."""
    cdef Py_ssize_t i, t
    cdef floating grad = 0
    if not per_row:
        grad = -(g[0] / total[0]) if total != NULL else -g[0]
    memset(out, 0, M * C * sizeof(floating))
    for i in range(M):
        t = target[i]
        if t != ignore_index:
            out[i * C + t] = -g[i] if per_row else grad


def nll_loss_backward_rows(cnp.ndarray g not None, cnp.ndarray target not None, Py_ssize_t ignore_index,
                           total, cnp.ndarray out not None):
    """nll_loss's unweighted gradient in one pass: ``-(g / total)`` (``-g`` where ``total`` is
    None) at ``[i, target[i]]`` of every row of the C-contiguous float32/float64 (M, C) ``out``
    whose target is not ``ignore_index``, 0 elsewhere.  ``g`` is 0-d or (M,), ``total`` 0-d, of
    out's dtype; ``target`` contiguous int64 (M,).  Returns False (nothing written) for other
    layouts or dtypes and for a target outside [0, C)."""
    cdef int typenum = cnp.PyArray_TYPE(out)
    cdef Py_ssize_t M, C, i, t
    cdef bint per_row
    cdef cnp.ndarray total_array
    if cnp.PyArray_NDIM(out) != 2 or cnp.PyArray_NDIM(target) != 1 or cnp.PyArray_TYPE(target) != cnp.NPY_INT64 \
            or (typenum != cnp.NPY_FLOAT and typenum != cnp.NPY_DOUBLE) or cnp.PyArray_TYPE(g) != typenum:
        return False
    M = cnp.PyArray_DIMS(out)[0]
    C = cnp.PyArray_DIMS(out)[1]
    per_row = cnp.PyArray_NDIM(g) == 1
    if cnp.PyArray_DIMS(target)[0] != M or (per_row and cnp.PyArray_DIMS(g)[0] != M) or cnp.PyArray_NDIM(g) > 1:
        return False
    if total is not None:
        total_array = total
        if cnp.PyArray_TYPE(total_array) != typenum or cnp.PyArray_NDIM(total_array) != 0 or per_row:
            return False
    for arr in (g, target, out):
        if not (cnp.PyArray_IS_C_CONTIGUOUS(arr) and cnp.PyArray_ISALIGNED(arr) and cnp.PyArray_ISNOTSWAPPED(arr)):
            return False
    if not cnp.PyArray_ISWRITEABLE(out) or (total is not None and not cnp.PyArray_ISNOTSWAPPED(total_array)):
        return False
    cdef const long long* tp = <const long long*>cnp.PyArray_DATA(target)
    for i in range(M):
        t = tp[i]
        if t != ignore_index and (t < 0 or t >= C):
            return False
    cdef const void* total_data = cnp.PyArray_DATA(total_array) if total is not None else NULL
    if typenum == cnp.NPY_FLOAT:
        with nogil:
            _scatter_nll_rows(<float*>cnp.PyArray_DATA(out), <const float*>cnp.PyArray_DATA(g),
                              <const float*>total_data, tp, M, C, ignore_index, per_row)
    else:
        with nogil:
            _scatter_nll_rows(<double*>cnp.PyArray_DATA(out), <const double*>cnp.PyArray_DATA(g),
                              <const double*>total_data, tp, M, C, ignore_index, per_row)
    return True
