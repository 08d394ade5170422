/* float32 layer_norm rows (_rows.pyx) written with AVX2 vectors: the same operations in the same
   order as the scalar loops of TL_LAYER_NORM -- each of the eight running double sums a lane
   (lanes 0-3 in one vector, 4-7 in another), the tail's sum after them, the elementwise work in
   float left to right, no multiply-adds -- so the bits are those of every other build.  The
   compilers' own vectorisation of those loops leaves the sums' conversions scalar. */
#ifndef TL_LAYER_NORM_AVX2_H
#define TL_LAYER_NORM_AVX2_H
#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#include <math.h>
#define TL_LN_AVX2 __attribute__((target("avx2")))

/* ((l0 + l1) + (l2 + l3)) + ((l4 + l5) + (l6 + l7)) + tail, as TL_LANE_SUM */
TL_LN_AVX2 static inline double tl_ln_lanes(__m256d low, __m256d high, double tail) {
    double l[8];
    _mm256_storeu_pd(l, low);
    _mm256_storeu_pd(l + 4, high);
    return ((l[0] + l[1]) + (l[2] + l[3])) + ((l[4] + l[5]) + (l[6] + l[7])) + tail;
}

#define TL_LN_WIDEN_LOW(v) _mm256_cvtps_pd(_mm256_castps256_ps128(v))
#define TL_LN_WIDEN_HIGH(v) _mm256_cvtps_pd(_mm256_extractf128_ps(v, 1))

TL_LN_AVX2 static void tl_ln_forward_float_vec(const float* x, const float* w, const float* b, float* o,
                                               float* mean, float* rstd, Py_ssize_t rows, Py_ssize_t cols,
                                               double eps) {
    for (Py_ssize_t r = 0; r < rows; r++, x += cols, o += cols) {
        __m256d low = _mm256_setzero_pd(), high = _mm256_setzero_pd();
        double tail = 0;
        Py_ssize_t j = 0;
        for (; j + 8 <= cols; j += 8) {
            __m256 v = _mm256_loadu_ps(x + j);
            low = _mm256_add_pd(low, TL_LN_WIDEN_LOW(v));
            high = _mm256_add_pd(high, TL_LN_WIDEN_HIGH(v));
        }
        for (; j < cols; j++) tail += (double)x[j];
        double m = tl_ln_lanes(low, high, tail) / cols;
        __m256d md = _mm256_set1_pd(m);
        low = _mm256_setzero_pd();
        high = _mm256_setzero_pd();
        tail = 0;
        for (j = 0; j + 8 <= cols; j += 8) {
            __m256 v = _mm256_loadu_ps(x + j);
            __m256d dl = _mm256_sub_pd(TL_LN_WIDEN_LOW(v), md), dh = _mm256_sub_pd(TL_LN_WIDEN_HIGH(v), md);
            low = _mm256_add_pd(low, _mm256_mul_pd(dl, dl));
            high = _mm256_add_pd(high, _mm256_mul_pd(dh, dh));
        }
        for (; j < cols; j++) tail += (double)((x[j] - m) * (x[j] - m));
        double var = tl_ln_lanes(low, high, tail) / cols;
        float mt = (float)m, rt = (float)(1.0 / sqrt(var + eps));
        mean[r] = mt;
        rstd[r] = rt;
        __m256 mv = _mm256_set1_ps(mt), rv = _mm256_set1_ps(rt);
        for (j = 0; j + 8 <= cols; j += 8) {
            __m256 y = _mm256_mul_ps(_mm256_sub_ps(_mm256_loadu_ps(x + j), mv), rv);
            if (w) y = _mm256_mul_ps(y, _mm256_loadu_ps(w + j));
            if (b) y = _mm256_add_ps(y, _mm256_loadu_ps(b + j));
            _mm256_storeu_ps(o + j, y);
        }
        for (; j < cols; j++) {
            float y = (x[j] - mt) * rt;
            if (w) y = y * w[j];
            if (b) y = y + b[j];
            o[j] = y;
        }
    }
}

TL_LN_AVX2 static void tl_ln_backward_float_vec(const float* g, const float* x, const float* mean,
                                                const float* rstd, const float* w, float* gx, double* gw,
                                                double* gb, Py_ssize_t rows, Py_ssize_t cols) {
    for (Py_ssize_t r = 0; r < rows; r++, g += cols, x += cols) {
        float mt = mean[r], rt = rstd[r];
        __m256 mv = _mm256_set1_ps(mt), rv = _mm256_set1_ps(rt);
        Py_ssize_t j;
        if (gw) {
            for (j = 0; j + 4 <= cols; j += 4) {
                __m128 gv = _mm_loadu_ps(g + j);
                __m128 xhat = _mm_mul_ps(_mm_sub_ps(_mm_loadu_ps(x + j), _mm256_castps256_ps128(mv)),
                                         _mm256_castps256_ps128(rv));
                _mm256_storeu_pd(gw + j, _mm256_add_pd(_mm256_loadu_pd(gw + j), _mm256_cvtps_pd(_mm_mul_ps(gv, xhat))));
                _mm256_storeu_pd(gb + j, _mm256_add_pd(_mm256_loadu_pd(gb + j), _mm256_cvtps_pd(gv)));
            }
            for (; j < cols; j++) {
                gw[j] += (double)(g[j] * ((x[j] - mt) * rt));
                gb[j] += (double)g[j];
            }
        }
        if (!gx) continue;
        __m256d al = _mm256_setzero_pd(), ah = _mm256_setzero_pd(), cl = _mm256_setzero_pd(),
                ch = _mm256_setzero_pd();
        double a_tail = 0, c_tail = 0;
        for (j = 0; j + 8 <= cols; j += 8) {
            __m256 gy = _mm256_loadu_ps(g + j);
            if (w) gy = _mm256_mul_ps(gy, _mm256_loadu_ps(w + j));
            __m256 xhat = _mm256_mul_ps(_mm256_sub_ps(_mm256_loadu_ps(x + j), mv), rv);
            __m256 prod = _mm256_mul_ps(gy, xhat);
            al = _mm256_add_pd(al, TL_LN_WIDEN_LOW(gy));
            ah = _mm256_add_pd(ah, TL_LN_WIDEN_HIGH(gy));
            cl = _mm256_add_pd(cl, TL_LN_WIDEN_LOW(prod));
            ch = _mm256_add_pd(ch, TL_LN_WIDEN_HIGH(prod));
        }
        for (; j < cols; j++) {
            float gy = w ? g[j] * w[j] : g[j];
            a_tail += (double)gy;
            c_tail += (double)(gy * ((x[j] - mt) * rt));
        }
        float at = (float)(tl_ln_lanes(al, ah, a_tail) / cols), ct = (float)(tl_ln_lanes(cl, ch, c_tail) / cols);
        __m256 av = _mm256_set1_ps(at), cv = _mm256_set1_ps(ct);
        for (j = 0; j + 8 <= cols; j += 8) {
            __m256 gy = _mm256_loadu_ps(g + j);
            if (w) gy = _mm256_mul_ps(gy, _mm256_loadu_ps(w + j));
            __m256 xhat_c = _mm256_mul_ps(_mm256_mul_ps(_mm256_sub_ps(_mm256_loadu_ps(x + j), mv), rv), cv);
            _mm256_storeu_ps(gx + j, _mm256_mul_ps(_mm256_sub_ps(_mm256_sub_ps(gy, av), xhat_c), rv));
        }
        for (; j < cols; j++) {
            float gy = w ? g[j] * w[j] : g[j];
            gx[j] = (gy - at - (x[j] - mt) * rt * ct) * rt;
        }
        gx += cols;
    }
}
#define TL_LN_FLOAT_VEC 1
#endif
#endif
