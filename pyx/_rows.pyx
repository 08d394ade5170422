# distutils: extra_compile_args = -fno-math-errno -fno-trapping-math
"""Fused row kernels of the transformer layers, for C-contiguous float32/float64 buffers.

- ``layer_norm_rows`` / ``layer_norm_backward_rows``: a row's mean and reciprocal standard
  deviation (sums in double over 8 lanes) and its normalised, scaled and shifted values; the
  backward gives the input's gradient per row and adds each row's share to the weight's and
  bias's gradients (double accumulators, in row order).  With several threads, large ones run
  on the pool: rows cut into blocks, the parameters' gradients into blocks of columns.
- ``gelu_*``: float32 gelu and its gradient in one vectorised pass each (erf by the formula
  PyTorch's vectorised float32 erf follows, Abramowitz and Stegun 7.1.26, around a branch-free
  exp); the tanh form and float64 as passes around the caller's vector tanh/erf/exp.
- ``attention_scores_rows`` / ``attention_normalize_rows``: attention's softmax around the
  caller's vector exp: scores times the scale, masked (causal, bool or added float mask), minus
  the row's max, rows with no score above -inf marked; then each row over its sum (marked rows
  0); ``attention_softmax_rows``: the two around NumPy's own exp loop in one job on the pool's
  threads; ``softmax_backward_rows``: the softmax gradient times the scale, one pass per row.
"""
cimport numpy as cnp
from libc.math cimport NAN, sqrt
import numpy as np

from tensorlib._pool cimport parallel_run, pool_threads

cnp.import_array()
cnp.import_ufunc()

ctypedef fused real:
    float
    double

cdef double NEG_INF = float("-inf")


cdef extern from *:
    """
    #include <math.h>
    #include <string.h>
    #define TL_LN_PARAMS_BLOCK 256
    /* layer_norm over rows of `cols` contiguous elements, for T float or double: the row's sums in
       double over 8 lanes (no chain of dependent additions; wide vectors), the elementwise work in
       T.  Compiled for baseline x86-64, AVX2 and AVX-512 (no fused multiply-adds), chosen at run time. */
    #define TL_LANE_SUM(T, EXPR)                                                                   \
        double lanes_[8] = {0, 0, 0, 0, 0, 0, 0, 0}, tail_ = 0;                                    \
        Py_ssize_t j_ = 0;                                                                         \
        for (; j_ + 8 <= cols; j_ += 8)                                                            \
            for (int l_ = 0; l_ < 8; l_++) { Py_ssize_t j = j_ + l_; lanes_[l_] += (double)(EXPR); } \
        for (; j_ < cols; j_++) { Py_ssize_t j = j_; tail_ += (double)(EXPR); }                    \
        double SUM_RESULT = ((lanes_[0] + lanes_[1]) + (lanes_[2] + lanes_[3]))                    \
                            + ((lanes_[4] + lanes_[5]) + (lanes_[6] + lanes_[7])) + tail_;

    #define TL_LAYER_NORM(T, SUFFIX, ATTR)                                                          \
    ATTR static void tl_ln_forward_##T##_##SUFFIX(const T* x, const T* w, const T* b, T* o, T* mean,  \
                                                  T* rstd, Py_ssize_t rows, Py_ssize_t cols,       \
                                                  double eps) {                                    \
        for (Py_ssize_t r = 0; r < rows; r++, x += cols, o += cols) {                              \
            double m, v;                                                                           \
            { TL_LANE_SUM(T, x[j]) m = SUM_RESULT / cols; }                                        \
            { TL_LANE_SUM(T, (x[j] - m) * (x[j] - m)) v = SUM_RESULT / cols; }                     \
            T mt = (T)m, rt = (T)(1.0 / sqrt(v + eps));                                            \
            mean[r] = mt;                                                                          \
            rstd[r] = rt;                                                                          \
            if (w && b) for (Py_ssize_t j = 0; j < cols; j++) o[j] = (x[j] - mt) * rt * w[j] + b[j]; \
            else if (w) for (Py_ssize_t j = 0; j < cols; j++) o[j] = (x[j] - mt) * rt * w[j];       \
            else if (b) for (Py_ssize_t j = 0; j < cols; j++) o[j] = (x[j] - mt) * rt + b[j];       \
            else for (Py_ssize_t j = 0; j < cols; j++) o[j] = (x[j] - mt) * rt;                     \
        }                                                                                          \
    }                                                                                              \
    ATTR static void tl_ln_backward_##T##_##SUFFIX(const T* g, const T* x, const T* mean,             \
            const T* rstd, const T* w, T* gx, double* gw, double* gb, Py_ssize_t rows,             \
            Py_ssize_t cols) {                                                                     \
        for (Py_ssize_t r = 0; r < rows; r++, g += cols, x += cols) {                              \
            T mt = mean[r], rt = rstd[r];                                                          \
            if (gw)                                                                                \
                for (Py_ssize_t j = 0; j < cols; j++) {                                            \
                    gw[j] += (double)(g[j] * ((x[j] - mt) * rt));                                  \
                    gb[j] += (double)g[j];                                                         \
                }                                                                                  \
            if (!gx) continue;                                                                     \
            double a, c;                                                                           \
            if (w) {                                                                               \
                { TL_LANE_SUM(T, g[j] * w[j]) a = SUM_RESULT / cols; }                             \
                { TL_LANE_SUM(T, g[j] * w[j] * ((x[j] - mt) * rt)) c = SUM_RESULT / cols; }        \
            } else {                                                                               \
                { TL_LANE_SUM(T, g[j]) a = SUM_RESULT / cols; }                                    \
                { TL_LANE_SUM(T, g[j] * ((x[j] - mt) * rt)) c = SUM_RESULT / cols; }               \
            }                                                                                      \
            T at = (T)a, ct = (T)c;                                                                \
            if (w) for (Py_ssize_t j = 0; j < cols; j++)                                           \
                gx[j] = (g[j] * w[j] - at - (x[j] - mt) * rt * ct) * rt;                           \
            else for (Py_ssize_t j = 0; j < cols; j++)                                             \
                gx[j] = (g[j] - at - (x[j] - mt) * rt * ct) * rt;                                  \
            gx += cols;                                                                            \
        }                                                                                          \
    }                                                                                              \
    /* the weight's and bias's gradients over columns lo..hi: each column's sum over all rows,     \
       in row order (whatever the cut of the columns, the same bits), in blocks of columns         \
       summed on the stack: threads adding into neighbouring columns of gw and gb row after        \
       row would pass their shared cache lines to and fro (2048x96 on 2 threads: 2.3x one          \
       thread's time) */                                                                           \
    ATTR static void tl_ln_params_##T##_##SUFFIX(const T* g, const T* x, const T* mean,            \
            const T* rstd, double* gw, double* gb, Py_ssize_t rows, Py_ssize_t cols, Py_ssize_t lo,\
            Py_ssize_t hi) {                                                                       \
        double sw[TL_LN_PARAMS_BLOCK], sb[TL_LN_PARAMS_BLOCK];                                     \
        for (Py_ssize_t j0 = lo; j0 < hi; j0 += TL_LN_PARAMS_BLOCK) {                              \
            Py_ssize_t n = hi - j0 < TL_LN_PARAMS_BLOCK ? hi - j0 : TL_LN_PARAMS_BLOCK;            \
            const T* gr = g + j0;                                                                  \
            const T* xr = x + j0;                                                                  \
            memcpy(sw, gw + j0, n * sizeof(double));                                               \
            memcpy(sb, gb + j0, n * sizeof(double));                                               \
            for (Py_ssize_t r = 0; r < rows; r++, gr += cols, xr += cols) {                        \
                T mt = mean[r], rt = rstd[r];                                                      \
                for (Py_ssize_t k = 0; k < n; k++) {                                               \
                    sw[k] += (double)(gr[k] * ((xr[k] - mt) * rt));                                \
                    sb[k] += (double)gr[k];                                                        \
                }                                                                                  \
            }                                                                                      \
            memcpy(gw + j0, sw, n * sizeof(double));                                               \
            memcpy(gb + j0, sb, n * sizeof(double));                                               \
        }                                                                                          \
    }
    TL_LAYER_NORM(float, base, )
    TL_LAYER_NORM(double, base, )
    #if defined(__x86_64__) && defined(__GNUC__)
    /* float's forward and backward above the baseline are _layer_norm_avx2.h's; its parameters' sums these */
    TL_LAYER_NORM(float, avx2, __attribute__((target("avx2"), unused)))
    TL_LAYER_NORM(double, avx2, __attribute__((target("avx2"))))
    TL_LAYER_NORM(float, avx512, __attribute__((target("avx512f,avx512dq,prefer-vector-width=512"), unused)))
    TL_LAYER_NORM(double, avx512, __attribute__((target("avx512f,avx512dq,prefer-vector-width=512"))))
    /* 2: AVX-512 (twice the lanes of AVX2, the same roundings), 1: AVX2, 0: baseline x86-64 */
    #include "_cpu_level.h"
    #define TL_LN_PICK(NAME, ...) (tl_cpu_level() == 2 ? NAME##_avx512(__VA_ARGS__)                   \
                                   : tl_cpu_level() == 1 ? NAME##_avx2(__VA_ARGS__) : NAME##_base(__VA_ARGS__))
    #else
    #define TL_LN_PICK(NAME, ...) NAME##_base(__VA_ARGS__)
    #endif
    #include "_layer_norm_avx2.h"
    #ifdef TL_LN_FLOAT_VEC
    #define TL_LN_PICK_FLOAT(NAME, ...) (tl_cpu_level() >= 1 ? NAME##_vec(__VA_ARGS__) : NAME##_base(__VA_ARGS__))
    #else
    #define TL_LN_PICK_FLOAT TL_LN_PICK
    #endif
    static void tl_ln_forward_float(const float* x, const float* w, const float* b, float* o, float* mean,
                                    float* rstd, Py_ssize_t rows, Py_ssize_t cols, double eps) {
        TL_LN_PICK_FLOAT(tl_ln_forward_float, x, w, b, o, mean, rstd, rows, cols, eps);
    }
    static void tl_ln_forward_double(const double* x, const double* w, const double* b, double* o, double* mean,
                                     double* rstd, Py_ssize_t rows, Py_ssize_t cols, double eps) {
        TL_LN_PICK(tl_ln_forward_double, x, w, b, o, mean, rstd, rows, cols, eps);
    }
    static void tl_ln_backward_float(const float* g, const float* x, const float* mean, const float* rstd,
                                     const float* w, float* gx, double* gw, double* gb, Py_ssize_t rows,
                                     Py_ssize_t cols) {
        TL_LN_PICK_FLOAT(tl_ln_backward_float, g, x, mean, rstd, w, gx, gw, gb, rows, cols);
    }
    static void tl_ln_backward_double(const double* g, const double* x, const double* mean, const double* rstd,
                                      const double* w, double* gx, double* gw, double* gb, Py_ssize_t rows,
                                      Py_ssize_t cols) {
        TL_LN_PICK(tl_ln_backward_double, g, x, mean, rstd, w, gx, gw, gb, rows, cols);
    }
    static void tl_ln_params_float(const float* g, const float* x, const float* mean, const float* rstd,
                                   double* gw, double* gb, Py_ssize_t rows, Py_ssize_t cols, Py_ssize_t lo,
                                   Py_ssize_t hi) {
        TL_LN_PICK(tl_ln_params_float, g, x, mean, rstd, gw, gb, rows, cols, lo, hi);
    }
    static void tl_ln_params_double(const double* g, const double* x, const double* mean, const double* rstd,
                                    double* gw, double* gb, Py_ssize_t rows, Py_ssize_t cols, Py_ssize_t lo,
                                    Py_ssize_t hi) {
        TL_LN_PICK(tl_ln_params_double, g, x, mean, rstd, gw, gb, rows, cols, lo, hi);
    }
    """
    void tl_ln_forward_float(const float* x, const float* w, const float* b, float* o, float* mean, float* rstd,
                             Py_ssize_t rows, Py_ssize_t cols, double eps) noexcept nogil
    void tl_ln_forward_double(const double* x, const double* w, const double* b, double* o, double* mean,
                              double* rstd, Py_ssize_t rows, Py_ssize_t cols, double eps) noexcept nogil
    void tl_ln_backward_float(const float* g, const float* x, const float* mean, const float* rstd, const float* w,
                              float* gx, double* gw, double* gb, Py_ssize_t rows, Py_ssize_t cols) noexcept nogil
    void tl_ln_backward_double(const double* g, const double* x, const double* mean, const double* rstd,
                               const double* w, double* gx, double* gw, double* gb, Py_ssize_t rows,
                               Py_ssize_t cols) noexcept nogil
    void tl_ln_params_float(const float* g, const float* x, const float* mean, const float* rstd, double* gw,
                            double* gb, Py_ssize_t rows, Py_ssize_t cols, Py_ssize_t lo, Py_ssize_t hi) noexcept nogil
    void tl_ln_params_double(const double* g, const double* x, const double* mean, const double* rstd, double* gw,
                             double* gb, Py_ssize_t rows, Py_ssize_t cols, Py_ssize_t lo, Py_ssize_t hi) noexcept nogil


cdef enum:
    ROWS_PARALLEL_MIN = 8192   # elements from which a row kernel's rows run on the pool


ctypedef struct LayerNormJob:
    # layer_norm forward (gx, gw NULL: out, mean, rstd written) or backward over `rows` rows of `cols`,
    # chunk c: rows c * row_step.. (forward, or the input's gradient) and columns c * col_step..
    # (the parameters' gradients)
    bint single
    const void* x
    const void* g
    const void* w
    const void* b
    void* out
    const void* mean  # written by the forward
    const void* rstd
    void* gx
    double* gw
    double* gb
    double eps
    Py_ssize_t rows, cols, row_step, col_step


cdef void _layer_norm_chunk(void* ctx, Py_ssize_t chunk) noexcept nogil:
    cdef LayerNormJob* job = <LayerNormJob*>ctx
    cdef Py_ssize_t lo = chunk * job.row_step, n = min(job.row_step, job.rows - lo), at = lo * job.cols
    cdef Py_ssize_t first = chunk * job.col_step, last = min(first + job.col_step, job.cols)
    if job.g == NULL and n > 0 and job.single:
        tl_ln_forward_float(<const float*>job.x + at, <const float*>job.w, <const float*>job.b, <float*>job.out + at,
                            <float*>job.mean + lo, <float*>job.rstd + lo, n, job.cols, job.eps)
    elif job.g == NULL and n > 0:
        tl_ln_forward_double(<const double*>job.x + at, <const double*>job.w, <const double*>job.b,
                             <double*>job.out + at, <double*>job.mean + lo, <double*>job.rstd + lo, n, job.cols,
                             job.eps)
    if job.g == NULL:
        return
    # one chunk: the parameters' sums in the same pass as the input's gradient
    cdef double* gw = job.gw if job.col_step == job.cols else NULL
    cdef double* gb = job.gb if job.col_step == job.cols else NULL
    if n > 0 and job.single:
        tl_ln_backward_float(<const float*>job.g + at, <const float*>job.x + at, <const float*>job.mean + lo,
                             <const float*>job.rstd + lo, <const float*>job.w, <float*>job.gx + at if job.gx else NULL,
                             gw, gb, n, job.cols)
    elif n > 0:
        tl_ln_backward_double(<const double*>job.g + at, <const double*>job.x + at, <const double*>job.mean + lo,
                              <const double*>job.rstd + lo, <const double*>job.w,
                              <double*>job.gx + at if job.gx else NULL, gw, gb, n, job.cols)
    if job.gw == NULL or gw != NULL or first >= last:
        return
    if job.single:
        tl_ln_params_float(<const float*>job.g, <const float*>job.x, <const float*>job.mean, <const float*>job.rstd,
                           job.gw, job.gb, job.rows, job.cols, first, last)
    else:
        tl_ln_params_double(<const double*>job.g, <const double*>job.x, <const double*>job.mean,
                            <const double*>job.rstd, job.gw, job.gb, job.rows, job.cols, first, last)


cdef void _run_layer_norm(LayerNormJob* job) noexcept nogil:
    """Runs a layer_norm job on the pool's threads where it is large (rows and, for the
    parameters' gradients, columns cut into as many chunks), else here in one chunk."""
    cdef Py_ssize_t chunks = 1
    if pool_threads() > 1 and job.rows * job.cols >= ROWS_PARALLEL_MIN:
        chunks = min(job.rows, pool_threads())
    job.row_step = (job.rows + chunks - 1) // chunks
    job.col_step = (job.cols + chunks - 1) // chunks
    if chunks > 1:
        parallel_run(_layer_norm_chunk, job, chunks)
    else:
        _layer_norm_chunk(job, 0)


def layer_norm_rows(const real[::1] x, const real[::1] weight, const real[::1] bias, bint has_weight,
                    bint has_bias, double eps, real[::1] out, real[::1] mean, real[::1] rstd, Py_ssize_t cols):
    """``out = (x - mean) * rstd * weight + bias`` over rows of ``cols``; ``mean`` and ``rstd``
    (``1 / sqrt(biased variance + eps)``) per row.  ``weight``/``bias`` are read only where
    ``has_weight``/``has_bias``."""
    cdef Py_ssize_t rows = mean.shape[0]
    if cols <= 0 or rows <= 0 or x.shape[0] != rows * cols or out.shape[0] != x.shape[0] or rstd.shape[0] != rows or (
            has_weight and weight.shape[0] != cols) or (has_bias and bias.shape[0] != cols):
        raise ValueError("layer_norm_rows: mismatched buffers")
    cdef LayerNormJob job
    job.single, job.x, job.g, job.gx, job.gw = real is float, &x[0], NULL, NULL, NULL
    job.w = &weight[0] if has_weight else NULL
    job.b = &bias[0] if has_bias else NULL
    job.out, job.mean, job.rstd, job.eps, job.rows, job.cols = &out[0], &mean[0], &rstd[0], eps, rows, cols
    with nogil:
        _run_layer_norm(&job)


def layer_norm_backward_rows(const real[::1] g, const real[::1] x, const real[::1] mean, const real[::1] rstd,
                             const real[::1] weight, bint has_weight, real[::1] grad_input, bint want_input,
                             double[::1] grad_weight, double[::1] grad_bias, bint want_params, Py_ssize_t cols):
    """The gradients of layer_norm given the incoming ``g``: into ``grad_input`` (where
    ``want_input``) ``(gy - mean(gy) - xhat * mean(gy * xhat)) * rstd`` with ``gy = g * weight``;
    added into ``grad_weight``/``grad_bias`` (where ``want_params``) ``g * xhat`` and ``g``."""
    cdef Py_ssize_t rows = mean.shape[0]
    if cols <= 0 or rows <= 0 or x.shape[0] != rows * cols or g.shape[0] != x.shape[0] or rstd.shape[0] != rows or (
            has_weight and weight.shape[0] != cols) or (want_input and grad_input.shape[0] != x.shape[0]) or (
            want_params and (grad_weight.shape[0] != cols or grad_bias.shape[0] != cols)):
        raise ValueError("layer_norm_backward_rows: mismatched buffers")
    cdef LayerNormJob job
    job.single, job.g, job.x, job.mean, job.rstd = real is float, &g[0], &x[0], &mean[0], &rstd[0]
    job.w = &weight[0] if has_weight else NULL
    job.gx = &grad_input[0] if want_input else NULL
    job.gw = &grad_weight[0] if want_params else NULL
    job.gb = &grad_bias[0] if want_params else NULL
    job.rows, job.cols = rows, cols
    with nogil:
        _run_layer_norm(&job)


def gelu_tanh_inner(const real[::1] x, real[::1] out, real cube, real root):
    """``out = (x + x * x * x * cube) * root``: tanh-gelu's argument of tanh."""
    cdef Py_ssize_t j
    with nogil:
        for j in range(x.shape[0]):
            out[j] = (x[j] + x[j] * x[j] * x[j] * cube) * root


def gelu_finish(const real[::1] x, real[::1] out):
    """``out = x * 0.5 * (out + 1)``, ``out`` holding erf(x / sqrt 2) or tanh(inner)."""
    cdef Py_ssize_t j
    with nogil:
        for j in range(x.shape[0]):
            out[j] = x[j] * <real>0.5 * (out[j] + <real>1)


cdef extern from *:
    """
    #include <math.h>
    #include <stdint.h>
    #include <string.h>
    /* exp(x) for x <= 0 in float32, branch-free so that loops vectorise: x = n ln2 + r (n rounded
       to nearest by the 1.5 * 2^23 trick, ln2 in two parts), exp(r) by Cephes' degree-6
       polynomial (about 1 ulp), times 2^n built in the exponent field; 0 below -87, NaN kept. */
    static inline __attribute__((always_inline)) float tl_exp_nonpositive(float x) {
        float xc = x < -87.0f ? -87.0f : x;
        float n = (xc * 1.44269504088896341f + 12582912.0f) - 12582912.0f;
        float r = (xc - n * 0.693359375f) - n * -2.12194440e-4f;
        float p = 1.9875691500e-4f;
        p = p * r + 1.3981999507e-3f;
        p = p * r + 8.3334519073e-3f;
        p = p * r + 4.1665795894e-2f;
        p = p * r + 1.6666665459e-1f;
        p = p * r + 5.0000001201e-1f;
        p = p * r * r + r + 1.0f;
        int32_t bits = ((int32_t)n + 127) << 23;
        float scale;
        memcpy(&scale, &bits, 4);
        float e = p * scale;
        e = x < -87.0f ? 0.0f : e;
        return x != x ? x : e;
    }

    /* erf(z) by Abramowitz and Stegun's formula 7.1.26 (absolute error below 1.5e-7, the accuracy
       of PyTorch's vectorised float32 erf), given e = exp(-z * z) */
    static inline __attribute__((always_inline)) float tl_erf_from_exponential(float z, float e) {
        float t = 1.0f / (0.3275911f * fabsf(z) + 1.0f);
        float poly = (((1.061405429f * t - 1.453152027f) * t + 1.421413741f) * t - 0.284496736f) * t
                     + 0.254829592f;
        return copysignf(1.0f - poly * t * e, z);
    }

    /* o[j] = x[j] * 0.5 * (erf(x[j] * c) + 1) and its gradient
       o[j] = g[j] * ((erf(x[j] * c) + 1) * 0.5 + x[j] * (exp(-(x[j] * c)^2) * density)), one pass
       each.  Compiled for baseline x86-64, AVX2 and AVX-512 (wider vectors, no fused multiply-adds: the
       same roundings), chosen at run time. */
    #define TL_GELU_LOOPS(SUFFIX, ATTR)                                                            \
    ATTR static void tl_gelu_erf_float_##SUFFIX(const float* restrict x, float* restrict o,         \
                                                Py_ssize_t n, float c) {                           \
        for (Py_ssize_t j = 0; j < n; j++) {                                                       \
            float z = x[j] * c;                                                                    \
            float e = tl_exp_nonpositive(-(z * z));                                                \
            o[j] = x[j] * 0.5f * (tl_erf_from_exponential(z, e) + 1.0f);                           \
        }                                                                                          \
    }                                                                                              \
    ATTR static void tl_gelu_erf_backward_float_##SUFFIX(const float* restrict g,                   \
            const float* restrict x, float* restrict o, Py_ssize_t n, float c, float density) {    \
        for (Py_ssize_t j = 0; j < n; j++) {                                                       \
            float z = x[j] * c;                                                                    \
            float e = tl_exp_nonpositive(-(z * z));                                                \
            o[j] = g[j] * ((tl_erf_from_exponential(z, e) + 1.0f) * 0.5f + x[j] * (e * density));  \
        }                                                                                          \
    }
    TL_GELU_LOOPS(base, )
    #if defined(__x86_64__) && defined(__GNUC__)
    TL_GELU_LOOPS(avx2, __attribute__((target("avx2"))))
    TL_GELU_LOOPS(avx512, __attribute__((target("avx512f,avx512dq,prefer-vector-width=512"))))
    #define TL_PICK(NAME, ...) TL_LN_PICK(NAME, __VA_ARGS__)
    #else
    #define TL_PICK(NAME, ...) NAME##_base(__VA_ARGS__)
    #endif
    static void tl_gelu_erf_float(const float* x, float* o, Py_ssize_t n, float c) {
        TL_PICK(tl_gelu_erf_float, x, o, n, c);
    }
    static void tl_gelu_erf_backward_float(const float* g, const float* x, float* o, Py_ssize_t n, float c,
                                           float density) {
        TL_PICK(tl_gelu_erf_backward_float, g, x, o, n, c, density);
    }
    """
    void tl_gelu_erf_float(const float* x, float* o, Py_ssize_t n, float c) noexcept nogil
    void tl_gelu_erf_backward_float(const float* g, const float* x, float* o, Py_ssize_t n, float c,
                                    float density) noexcept nogil


cdef enum:
    GELU_PARALLEL_MIN = 32768   # elements from which gelu's rows run on the pool (PyTorch's grain)
    GELU_CHUNK_MIN = 16384      # elements a chunk gets at least (a multiple of any vector width)


ctypedef struct GeluJob:
    # gelu (g NULL) or its gradient over n elements, in chunks of `width`
    const float* g
    const float* x
    float* out
    Py_ssize_t n, width
    float root_half, density


cdef void _gelu_chunk(void* ctx, Py_ssize_t chunk) noexcept nogil:
    """Runs chunk ``chunk`` of a gelu job: every element on its own, so the cut changes no bit."""
    cdef GeluJob* job = <GeluJob*>ctx
    cdef Py_ssize_t lo = chunk * job.width
    cdef Py_ssize_t count = job.width if lo + job.width <= job.n else job.n - lo
    if job.g == NULL:
        tl_gelu_erf_float(job.x + lo, job.out + lo, count, job.root_half)
    else:
        tl_gelu_erf_backward_float(job.g + lo, job.x + lo, job.out + lo, count, job.root_half, job.density)


cdef void _run_gelu(GeluJob* job) noexcept nogil:
    """Runs a gelu job on the pool's threads where it is large, else here."""
    cdef int threads = pool_threads()
    cdef Py_ssize_t nchunks = 1
    if threads > 1 and job.n >= GELU_PARALLEL_MIN:
        nchunks = min(job.n // GELU_CHUNK_MIN, 4 * threads)
    job.width = (job.n + nchunks - 1) // nchunks
    job.width = (job.width + 63) // 64 * 64
    if nchunks > 1:
        parallel_run(_gelu_chunk, job, (job.n + job.width - 1) // job.width)
    else:
        _gelu_chunk(job, 0)


def gelu_erf_float(const float[::1] x, float[::1] out, float root_half):
    """``out = x * 0.5 * (erf(x * root_half) + 1)``, ``out`` apart from ``x``."""
    cdef GeluJob job
    if out.shape[0] != x.shape[0]:
        raise ValueError("gelu_erf_float: mismatched buffers")
    if x.shape[0]:
        job.g, job.x, job.out, job.n, job.root_half = NULL, &x[0], &out[0], x.shape[0], root_half
        with nogil:
            _run_gelu(&job)


def gelu_erf_backward_float(const float[::1] g, const float[::1] x, float[::1] out, float root_half,
                            float density):
    """``out = g * ((erf(z) + 1) * 0.5 + x * exp(-z * z) * density)`` with ``z = x * root_half``
    (``density`` scales the Gaussian to the standard normal's); ``out`` apart from the others."""
    cdef GeluJob job
    if not (g.shape[0] == x.shape[0] == out.shape[0]):
        raise ValueError("gelu_erf_backward_float: mismatched buffers")
    if x.shape[0]:
        job.g, job.x, job.out, job.n = &g[0], &x[0], &out[0], x.shape[0]
        job.root_half, job.density = root_half, density
        with nogil:
            _run_gelu(&job)


def gelu_erf_backward_inner(const real[::1] x, real[::1] scaled, real[::1] gauss, real root_half):
    """``scaled = x * root_half``; ``gauss = -(x * x) * 0.5`` (the arguments of erf and exp)."""
    cdef Py_ssize_t j
    with nogil:
        for j in range(x.shape[0]):
            scaled[j] = x[j] * root_half
            gauss[j] = -(x[j] * x[j]) * <real>0.5


def gelu_erf_backward_finish(const real[::1] g, const real[::1] x, const real[::1] erf_part,
                             const real[::1] exp_part, real[::1] out, real density):
    """``out = g * ((erf_part + 1) * 0.5 + x * (exp_part * density))``."""
    cdef Py_ssize_t j
    with nogil:
        for j in range(x.shape[0]):
            out[j] = g[j] * ((erf_part[j] + <real>1) * <real>0.5 + x[j] * (exp_part[j] * density))


def gelu_tanh_backward_inner(const real[::1] x, real[::1] out, real cube, real root):
    """``out = (x * x * x * cube + x) * root``."""
    cdef Py_ssize_t j
    with nogil:
        for j in range(x.shape[0]):
            out[j] = (x[j] * x[j] * x[j] * cube + x[j]) * root


def gelu_tanh_backward_finish(const real[::1] g, const real[::1] x, const real[::1] t, real[::1] out,
                              real cube3, real root):
    """``out = g * ((t + 1) * 0.5 + x * 0.5 * (-(t * t) + 1) * ((x * x * cube3 + 1) * root))``."""
    cdef Py_ssize_t j
    cdef real d_inner
    with nogil:
        for j in range(x.shape[0]):
            d_inner = (x[j] * x[j] * cube3 + <real>1) * root
            out[j] = g[j] * ((t[j] + <real>1) * <real>0.5
                             + x[j] * <real>0.5 * (-(t[j] * t[j]) + <real>1) * d_inner)


cdef extern from "_softmax_rows.h":
    void tl_sm_scale_float(float* x, float scale, Py_ssize_t n) noexcept nogil
    void tl_sm_scale_double(double* x, double scale, Py_ssize_t n) noexcept nogil
    void tl_sm_subtract_float(float* x, float top, Py_ssize_t n) noexcept nogil
    void tl_sm_subtract_double(double* x, double top, Py_ssize_t n) noexcept nogil
    float tl_sm_max_float(const float* x, Py_ssize_t n) noexcept nogil
    double tl_sm_max_double(const double* x, Py_ssize_t n) noexcept nogil
    float tl_sm_scale_max_float(float* x, float scale, Py_ssize_t n) noexcept nogil
    double tl_sm_scale_max_double(double* x, double scale, Py_ssize_t n) noexcept nogil
    double tl_sm_sum_float(const float* x, Py_ssize_t n) noexcept nogil
    double tl_sm_sum_double(const double* x, Py_ssize_t n) noexcept nogil
    void tl_sm_backward_float(const float* g, const float* w, float* out, float scale, Py_ssize_t cols,
                              Py_ssize_t rows) noexcept nogil
    void tl_sm_backward_double(const double* g, const double* w, double* out, double scale, Py_ssize_t cols,
                               Py_ssize_t rows) noexcept nogil


cdef inline void _scale(real* x, real scale, Py_ssize_t n) noexcept nogil:
    if real is float:
        tl_sm_scale_float(x, scale, n)
    else:
        tl_sm_scale_double(x, scale, n)


cdef inline void _subtract(real* x, real top, Py_ssize_t n) noexcept nogil:
    if real is float:
        tl_sm_subtract_float(x, top, n)
    else:
        tl_sm_subtract_double(x, top, n)


cdef inline real _scale_max(real* x, real scale, Py_ssize_t n) noexcept nogil:
    """``_scale`` then ``_row_max`` in one pass."""
    if real is float:
        return tl_sm_scale_max_float(x, scale, n)
    else:
        return tl_sm_scale_max_double(x, scale, n)


cdef inline real _row_max(const real* x, Py_ssize_t n) noexcept nogil:
    """The largest of ``n`` values (-inf for none; NaN where one is NaN)."""
    if real is float:
        return tl_sm_max_float(x, n)
    else:
        return tl_sm_max_double(x, n)


cdef Py_ssize_t _scores_range(real* scores, real scale, int mask_kind, const unsigned char* bool_mask,
                              const real* add_mask, Py_ssize_t target, Py_ssize_t cols, unsigned char* empty_rows,
                              Py_ssize_t lo, Py_ssize_t hi) noexcept nogil:
    """Rows ``lo..hi`` of ``attention_scores_rows``; returns how many are marked empty."""
    cdef Py_ssize_t r, j, base, limit, count = 0
    cdef real top, neg_inf = <real>NEG_INF
    for r in range(lo, hi):
        base = r * cols
        limit = cols
        if mask_kind == 1:
            limit = r % target + 1
            if limit > cols:
                limit = cols
            for j in range(limit, cols):
                scores[base + j] = neg_inf
        if mask_kind <= 1:
            top = _scale_max(&scores[base], scale, limit)
        else:
            _scale(&scores[base], scale, cols)
            if mask_kind == 2:
                for j in range(cols):
                    if not bool_mask[base + j]:
                        scores[base + j] = neg_inf
            else:
                for j in range(cols):
                    scores[base + j] = scores[base + j] + add_mask[base + j]
            top = _row_max(&scores[base], cols)
        if top > neg_inf:
            empty_rows[r] = 0
            # the causal mask's -inf past ``limit`` stays -inf whatever the (finite or +inf) max
            _subtract(&scores[base], top, limit)
        else:
            empty_rows[r] = 1
            count += 1
    return count


def attention_scores_rows(real[::1] scores, real scale, int mask_kind, const unsigned char[::1] bool_mask,
                          const real[::1] add_mask, Py_ssize_t target, Py_ssize_t cols,
                          unsigned char[::1] empty_rows):
    """In place over rows of ``cols``: ``scores * scale``, masked -- ``mask_kind`` 1: causal (row
    ``i`` of each ``target`` rows keeps positions ``<= i``), 2: ``bool_mask`` False sets -inf, 3:
    ``add_mask`` added -- minus the row's max (the exponent of softmax).  ``empty_rows[r]`` is set
    to 1 where no score of the row is above -inf (NaN counts as none; the row is left as it is);
    returns how many such rows there are."""
    cdef Py_ssize_t rows = empty_rows.shape[0], count
    _check_scores(scores.shape[0], mask_kind, bool_mask.shape[0], add_mask.shape[0], target, cols, rows)
    with nogil:
        count = _scores_range(&scores[0] if rows else NULL, scale, mask_kind, &bool_mask[0] if mask_kind == 2 else NULL,
                              &add_mask[0] if mask_kind == 3 else NULL, target, cols, &empty_rows[0] if rows else NULL,
                              0, rows)
    return count


cdef _check_scores(Py_ssize_t size, int mask_kind, Py_ssize_t bool_size, Py_ssize_t add_size, Py_ssize_t target,
                   Py_ssize_t cols, Py_ssize_t rows):
    if size != rows * cols or (mask_kind == 2 and bool_size != size) or (mask_kind == 3 and add_size != size) or (
            mask_kind == 1 and target <= 0):
        raise ValueError("attention_scores_rows: mismatched buffers")


cdef inline double _row_sum(const real* x, Py_ssize_t n) noexcept nogil:
    """The sum of ``n`` values in double, four running sums (no chain of dependent additions)."""
    if real is float:
        return tl_sm_sum_float(x, n)
    else:
        return tl_sm_sum_double(x, n)


cdef void _normalize_range(real* weights, const unsigned char* empty_rows, Py_ssize_t cols, Py_ssize_t lo,
                          Py_ssize_t hi, Py_ssize_t causal_target=0) noexcept nogil:
    """Rows ``lo..hi`` of ``attention_normalize_rows``.  ``causal_target`` > 0: the rows are
    those of the causal mask over that many rows, their weights past each row's limit exact
    zeros (exp(-inf)), which neither the sum nor (by a finite factor) the scaling need to visit."""
    cdef Py_ssize_t r, j, base, n, whole_lanes = cols - cols % 4
    cdef real inverse
    for r in range(lo, hi):
        base = r * cols
        if empty_rows[r]:
            for j in range(cols):
                weights[base + j] = 0
            continue
        n = cols
        if causal_target > 0:
            # up to the limit's block of four (the sum's lanes stay those of the whole row;
            # its tail adds only zeros), unless that reaches into the tail
            n = ((r % causal_target + 1) + 3) // 4 * 4
            if n > whole_lanes:
                n = cols
        inverse = <real>(1.0 / _row_sum(&weights[base], n))
        if inverse * 0 != 0:  # nan or inf (a nan or inf score): the zeros become nan too
            n = cols
        _scale(&weights[base], inverse, n)


def attention_normalize_rows(real[::1] weights, const unsigned char[::1] empty_rows, Py_ssize_t cols):
    """In place over rows of ``cols`` holding ``exp(score - max)``: each divided by the row's sum
    (times its reciprocal); the rows marked in ``empty_rows`` set to 0 (nothing to attend to)."""
    if weights.shape[0] != empty_rows.shape[0] * cols:
        raise ValueError("attention_normalize_rows: mismatched buffers")
    if empty_rows.shape[0]:
        with nogil:
            _normalize_range(&weights[0], &empty_rows[0], cols, 0, empty_rows.shape[0])


cdef void _softmax_backward_range(const real* grad_weights, const real* weights, real* out, real scale,
                                  Py_ssize_t cols, Py_ssize_t lo, Py_ssize_t hi) noexcept nogil:
    """Rows ``lo..hi`` of ``softmax_backward_rows``."""
    if real is float:
        tl_sm_backward_float(grad_weights + lo * cols, weights + lo * cols, out + lo * cols, scale, cols, hi - lo)
    else:
        tl_sm_backward_double(grad_weights + lo * cols, weights + lo * cols, out + lo * cols, scale, cols, hi - lo)


# NumPy's own exp loops (np.exp's float32 and float64 inner loops), run on row blocks of the
# weights by the pool's threads: each element's exp does not depend on where a call starts
ctypedef void (*ufunc_loop)(char**, const cnp.npy_intp*, const cnp.npy_intp*, void*) noexcept nogil
cdef ufunc_loop _numpy_exp[2]
cdef void* _numpy_exp_data[2]


def _bind_numpy_exp():
    cdef cnp.ufunc exp = np.exp
    cdef int i, k
    cdef char codes[2]
    codes[0], codes[1] = cnp.NPY_FLOAT, cnp.NPY_DOUBLE
    for k in range(2):
        _numpy_exp[k] = NULL
        for i in range(exp.ntypes):
            if exp.types[2 * i] == codes[k] and exp.types[2 * i + 1] == codes[k]:
                _numpy_exp[k], _numpy_exp_data[k] = <ufunc_loop>exp.functions[i], exp.data[i]
                break


_bind_numpy_exp()


ctypedef struct RowsJob:
    # attention's softmax rows (grad NULL: scores, exp, normalise) or its gradient, rows in
    # blocks of `step`
    bint single
    void* scores
    const void* grad
    const void* weights
    const unsigned char* bool_mask
    const void* add_mask
    unsigned char* empty_rows
    double scale
    int mask_kind
    Py_ssize_t target, rows, cols, step


cdef void _rows_chunk(void* ctx, Py_ssize_t chunk) noexcept nogil:
    cdef RowsJob* job = <RowsJob*>ctx
    cdef Py_ssize_t lo = chunk * job.step, hi = min(lo + job.step, job.rows)
    cdef char* args[2]
    cdef cnp.npy_intp size[1]
    cdef cnp.npy_intp steps[2]
    if job.grad != NULL:
        if job.single:
            _softmax_backward_range(<const float*>job.grad, <const float*>job.weights, <float*>job.scores,
                                    <float>job.scale, job.cols, lo, hi)
        else:
            _softmax_backward_range(<const double*>job.grad, <const double*>job.weights, <double*>job.scores,
                                    job.scale, job.cols, lo, hi)
        return
    if job.single:
        _scores_range(<float*>job.scores, <float>job.scale, job.mask_kind, job.bool_mask,
                      <const float*>job.add_mask, job.target, job.cols, job.empty_rows, lo, hi)
        args[0] = <char*>(<float*>job.scores + lo * job.cols)
        steps[0] = sizeof(float)
    else:
        _scores_range(<double*>job.scores, job.scale, job.mask_kind, job.bool_mask, <const double*>job.add_mask,
                      job.target, job.cols, job.empty_rows, lo, hi)
        args[0] = <char*>(<double*>job.scores + lo * job.cols)
        steps[0] = sizeof(double)
    args[1], steps[1], size[0] = args[0], steps[0], (hi - lo) * job.cols
    _numpy_exp[0 if job.single else 1](args, size, steps, _numpy_exp_data[0 if job.single else 1])
    if job.single:
        _normalize_range(<float*>job.scores, job.empty_rows, job.cols, lo, hi, job.target if job.mask_kind == 1 else 0)
    else:
        _normalize_range(<double*>job.scores, job.empty_rows, job.cols, lo, hi, job.target if job.mask_kind == 1 else 0)


cdef void _run_rows(RowsJob* job) noexcept nogil:
    """Runs a rows job in blocks of rows on the pool's threads where it is large, else here."""
    cdef Py_ssize_t chunks = 1
    if pool_threads() > 1 and job.rows * job.cols >= ROWS_PARALLEL_MIN:
        chunks = min(job.rows, pool_threads())
    job.step = (job.rows + chunks - 1) // chunks
    if chunks > 1:
        parallel_run(_rows_chunk, job, chunks)
    else:
        _rows_chunk(job, 0)


def attention_softmax_rows(real[::1] scores, real scale, int mask_kind, const unsigned char[::1] bool_mask,
                           const real[::1] add_mask, Py_ssize_t target, Py_ssize_t cols,
                           unsigned char[::1] empty_rows):
    """Attention's softmax in place over rows of ``cols``: ``attention_scores_rows``, NumPy's
    exp, then ``attention_normalize_rows``, in blocks of rows on the pool's threads, with the
    bits of those three calls in turn.  False, nothing done, where NumPy's exp loop is not
    found."""
    cdef RowsJob job
    cdef Py_ssize_t rows = empty_rows.shape[0]
    _check_scores(scores.shape[0], mask_kind, bool_mask.shape[0], add_mask.shape[0], target, cols, rows)
    if _numpy_exp[0] == NULL or _numpy_exp[1] == NULL:
        return False
    if not rows:
        return True
    job.single, job.scores, job.grad, job.scale, job.mask_kind = real is float, &scores[0], NULL, scale, mask_kind
    job.bool_mask = &bool_mask[0] if mask_kind == 2 else NULL
    job.add_mask = &add_mask[0] if mask_kind == 3 else NULL
    job.empty_rows, job.target, job.rows, job.cols = &empty_rows[0], target, rows, cols
    with nogil:
        _run_rows(&job)
    return True


def softmax_backward_rows(const real[::1] grad_weights, const real[::1] weights, real[::1] out, real scale,
                          Py_ssize_t cols):
    """``out = weights * (grad_weights - sum(grad_weights * weights)) * scale`` per row of ``cols``,
    in blocks of rows on the pool's threads where it is large."""
    cdef RowsJob job
    cdef Py_ssize_t rows = weights.shape[0] // cols if cols else 0
    if grad_weights.shape[0] != weights.shape[0] or out.shape[0] != weights.shape[0]:
        raise ValueError("softmax_backward_rows: mismatched buffers")
    if not rows:
        return
    job.single, job.scores, job.grad, job.weights = real is float, &out[0], &grad_weights[0], &weights[0]
    job.scale, job.rows, job.cols = scale, rows, cols
    with nogil:
        _run_rows(&job)
