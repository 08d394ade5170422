/* The row loops of attention's softmax in _rows.pyx: scaling, the row's max (also both in one
   pass), the subtraction of the max, the row's sum and the softmax gradient.  Each function has a scalar build for float
   and double and, for float, an AVX2 one chosen at run time that performs the same float
   operations in the same order per element and per running sum (so the level changes speed,
   never values):
   - the max compares lanes independently; which lane holds the largest value does not change
     it (a max is exact), and a NaN anywhere gives NaN;
   - the row's sum keeps the scalar loop's four running double sums (element j into sum j % 4,
     the tail into the first), as one vector of four doubles;
   - the gradient's dot product of a row is one running double sum in column order; the AVX2
     build runs eight rows' sums side by side (one lane each) instead of one after another. */
#ifndef TL_SOFTMAX_ROWS_H
#define TL_SOFTMAX_ROWS_H
#include <math.h>
#include "_cpu_level.h"

#define TL_SM_SCALAR(T)                                                                          \
    static void tl_sm_scale_##T##_base(T* x, T scale, Py_ssize_t n) {                            \
        for (Py_ssize_t j = 0; j < n; j++) x[j] = x[j] * scale;                                  \
    }                                                                                            \
    static void tl_sm_subtract_##T##_base(T* x, T top, Py_ssize_t n) {                           \
        for (Py_ssize_t j = 0; j < n; j++) x[j] = x[j] - top;                                    \
    }                                                                                            \
    static T tl_sm_max_##T##_base(const T* x, Py_ssize_t n) {                                    \
        T top = -INFINITY;                                                                       \
        int nan = 0;                                                                             \
        for (Py_ssize_t j = 0; j < n; j++) {                                                     \
            top = x[j] > top ? x[j] : top;                                                       \
            nan |= x[j] != x[j];                                                                 \
        }                                                                                        \
        return nan ? (T)NAN : top;                                                               \
    }                                                                                            \
    static T tl_sm_scale_max_##T##_base(T* x, T scale, Py_ssize_t n) {                           \
        T top = -INFINITY;                                                                       \
        int nan = 0;                                                                             \
        for (Py_ssize_t j = 0; j < n; j++) {                                                     \
            T v = x[j] * scale;                                                                  \
            x[j] = v;                                                                            \
            top = v > top ? v : top;                                                             \
            nan |= v != v;                                                                       \
        }                                                                                        \
        return nan ? (T)NAN : top;                                                               \
    }                                                                                            \
    static double tl_sm_sum_##T##_base(const T* x, Py_ssize_t n) {                               \
        double s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0;                                           \
        Py_ssize_t j = 0;                                                                        \
        for (; j + 4 <= n; j += 4) {                                                             \
            s0 += x[j];                                                                          \
            s1 += x[j + 1];                                                                      \
            s2 += x[j + 2];                                                                      \
            s3 += x[j + 3];                                                                      \
        }                                                                                        \
        for (; j < n; j++) s0 += x[j];                                                           \
        return (s0 + s1) + (s2 + s3);                                                            \
    }                                                                                            \
    static void tl_sm_backward_##T##_base(const T* g, const T* w, T* out, T scale, Py_ssize_t cols, \
                                          Py_ssize_t rows) {                                     \
        for (Py_ssize_t r = 0; r < rows; r++, g += cols, w += cols, out += cols) {               \
            double dot = 0.0;                                                                    \
            for (Py_ssize_t j = 0; j < cols; j++) dot += g[j] * w[j];                            \
            for (Py_ssize_t j = 0; j < cols; j++) out[j] = (T)(w[j] * (g[j] - dot)) * scale;     \
        }                                                                                        \
    }

TL_SM_SCALAR(float)
TL_SM_SCALAR(double)

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#define TL_SM_AVX2 __attribute__((target("avx2")))

TL_SM_AVX2 static void tl_sm_scale_float_avx2(float* x, float scale, Py_ssize_t n) {
    __m256 s = _mm256_set1_ps(scale);
    Py_ssize_t j = 0;
    for (; j + 8 <= n; j += 8) _mm256_storeu_ps(x + j, _mm256_mul_ps(_mm256_loadu_ps(x + j), s));
    for (; j < n; j++) x[j] = x[j] * scale;
}

TL_SM_AVX2 static void tl_sm_subtract_float_avx2(float* x, float top, Py_ssize_t n) {
    __m256 t = _mm256_set1_ps(top);
    Py_ssize_t j = 0;
    for (; j + 8 <= n; j += 8) _mm256_storeu_ps(x + j, _mm256_sub_ps(_mm256_loadu_ps(x + j), t));
    for (; j < n; j++) x[j] = x[j] - top;
}

/* The largest of x[0..n) (NaN where one is NaN); with `scale_in_place`, of x * scale, written
   back (x is only read without it). */
TL_SM_AVX2 static inline float tl_sm_max_scan_avx2(float* x, float scale, Py_ssize_t n, int scale_in_place) {
    __m256 s = _mm256_set1_ps(scale), top = _mm256_set1_ps(-INFINITY), nan = _mm256_setzero_ps();
    Py_ssize_t j = 0;
    for (; j + 8 <= n; j += 8) {
        __m256 v = _mm256_loadu_ps(x + j);
        if (scale_in_place) {
            v = _mm256_mul_ps(v, s);
            _mm256_storeu_ps(x + j, v);
        }
        top = _mm256_max_ps(v, top);  /* v > top ? v : top, as the scalar loop */
        nan = _mm256_or_ps(nan, _mm256_cmp_ps(v, v, _CMP_UNORD_Q));
    }
    float lanes[8];
    _mm256_storeu_ps(lanes, top);
    float best = -INFINITY;
    int any_nan = _mm256_movemask_ps(nan) != 0;
    for (int l = 0; l < 8; l++) best = lanes[l] > best ? lanes[l] : best;
    for (; j < n; j++) {
        float v = x[j];
        if (scale_in_place) {
            v = v * scale;
            x[j] = v;
        }
        best = v > best ? v : best;
        any_nan |= v != v;
    }
    return any_nan ? NAN : best;
}

TL_SM_AVX2 static float tl_sm_max_float_avx2(const float* x, Py_ssize_t n) {
    return tl_sm_max_scan_avx2((float*)x, 1.0f, n, 0);
}

TL_SM_AVX2 static float tl_sm_scale_max_float_avx2(float* x, float scale, Py_ssize_t n) {
    return tl_sm_max_scan_avx2(x, scale, n, 1);
}

TL_SM_AVX2 static double tl_sm_sum_float_avx2(const float* x, Py_ssize_t n) {
    __m256d sums = _mm256_setzero_pd();
    Py_ssize_t j = 0;
    for (; j + 4 <= n; j += 4) sums = _mm256_add_pd(sums, _mm256_cvtps_pd(_mm_loadu_ps(x + j)));
    double s[4];
    _mm256_storeu_pd(s, sums);
    for (; j < n; j++) s[0] += x[j];
    return (s[0] + s[1]) + (s[2] + s[3]);
}

/* out = (float)(w * (g - dot)) * scale over one row, four elements a step in double */
TL_SM_AVX2 static void tl_sm_backward_row_float_avx2(const float* g, const float* w, float* out, float scale,
                                                     double dot, Py_ssize_t cols) {
    __m256d d = _mm256_set1_pd(dot);
    __m128 s = _mm_set1_ps(scale);
    Py_ssize_t j = 0;
    for (; j + 4 <= cols; j += 4) {
        __m256d diff = _mm256_sub_pd(_mm256_cvtps_pd(_mm_loadu_ps(g + j)), d);
        __m128 rounded = _mm256_cvtpd_ps(_mm256_mul_pd(_mm256_cvtps_pd(_mm_loadu_ps(w + j)), diff));
        _mm_storeu_ps(out + j, _mm_mul_ps(rounded, s));
    }
    for (; j < cols; j++) out[j] = (float)(w[j] * (g[j] - dot)) * scale;
}

TL_SM_AVX2 static void tl_sm_backward_float_avx2(const float* g, const float* w, float* out, float scale,
                                                 Py_ssize_t cols, Py_ssize_t rows) {
    Py_ssize_t r = 0;
    if (cols <= 0x7fffffff / 8) {
        __m256i offsets = _mm256_mullo_epi32(_mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7),
                                             _mm256_set1_epi32((int)cols));
        for (; r + 8 <= rows; r += 8) {
            const float* gr = g + r * cols;
            const float* wr = w + r * cols;
            __m256d low = _mm256_setzero_pd(), high = _mm256_setzero_pd();
            for (Py_ssize_t j = 0; j < cols; j++) {
                __m256 product = _mm256_mul_ps(_mm256_i32gather_ps(gr + j, offsets, 4),
                                               _mm256_i32gather_ps(wr + j, offsets, 4));
                low = _mm256_add_pd(low, _mm256_cvtps_pd(_mm256_castps256_ps128(product)));
                high = _mm256_add_pd(high, _mm256_cvtps_pd(_mm256_extractf128_ps(product, 1)));
            }
            double dots[8];
            _mm256_storeu_pd(dots, low);
            _mm256_storeu_pd(dots + 4, high);
            for (int l = 0; l < 8; l++)
                tl_sm_backward_row_float_avx2(gr + l * cols, wr + l * cols, out + (r + l) * cols, scale, dots[l],
                                              cols);
        }
    }
    for (; r < rows; r++) {
        double dot = 0.0;
        const float* gr = g + r * cols;
        const float* wr = w + r * cols;
        for (Py_ssize_t j = 0; j < cols; j++) dot += gr[j] * wr[j];
        tl_sm_backward_row_float_avx2(gr, wr, out + r * cols, scale, dot, cols);
    }
}
#define TL_SM_PICK(NAME, ...) (tl_cpu_level() >= 1 ? NAME##_float_avx2(__VA_ARGS__) : NAME##_float_base(__VA_ARGS__))
#else
#define TL_SM_PICK(NAME, ...) NAME##_float_base(__VA_ARGS__)
#endif

static void tl_sm_scale_float(float* x, float scale, Py_ssize_t n) { TL_SM_PICK(tl_sm_scale, x, scale, n); }
static void tl_sm_subtract_float(float* x, float top, Py_ssize_t n) { TL_SM_PICK(tl_sm_subtract, x, top, n); }
static float tl_sm_max_float(const float* x, Py_ssize_t n) { return TL_SM_PICK(tl_sm_max, x, n); }
static double tl_sm_sum_float(const float* x, Py_ssize_t n) { return TL_SM_PICK(tl_sm_sum, x, n); }
static float tl_sm_scale_max_float(float* x, float scale, Py_ssize_t n) {
    return TL_SM_PICK(tl_sm_scale_max, x, scale, n);
}
static void tl_sm_backward_float(const float* g, const float* w, float* out, float scale, Py_ssize_t cols,
                                 Py_ssize_t rows) {
    TL_SM_PICK(tl_sm_backward, g, w, out, scale, cols, rows);
}
#define tl_sm_scale_double tl_sm_scale_double_base
#define tl_sm_subtract_double tl_sm_subtract_double_base
#define tl_sm_max_double tl_sm_max_double_base
#define tl_sm_sum_double tl_sm_sum_double_base
#define tl_sm_scale_max_double tl_sm_scale_max_double_base
#define tl_sm_backward_double tl_sm_backward_double_base
#endif
