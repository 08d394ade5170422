"""Compiled kernels of convolution, max pooling and batch normalisation (float32/float64).

Images are 5-D (N, C, D, H, W) arrays of any strides (a 1-D or 2-D image is the caller's view
with size-1 leading spatial dims), so a sliced, transposed or channels-last input is read where it
lies.  Convolution is ``im2col`` (the windows as columns: rows (c, kd, kh, kw), columns
(n, od, oh, ow)) followed by one matrix product; its input gradient is ``col2im``, which adds the
columns back in that same order (every image element receives its contributions in kernel order,
as an index_add over the flattened columns does; from 32768 column entries ranges of channels run
on the pool's threads, which share no row and no image element).  Max pooling finds each window's value and
flat input position in one pass (the first maximum; a NaN wins and later NaNs replace it; from
32768 input elements batches of images run on the pool's threads, which changes no value), and
its gradient is one scatter-add; relu's gradient (``threshold_backward``) is one select.  Batch
normalisation sums each channel in double: one pass for the mean, one for the variance, one to
normalise; its backward is two passes per channel (from 32768 elements ranges of channels run on
the pool's threads, which changes no value)."""
from libc.math cimport INFINITY
from libc.stdint cimport int64_t
from libc.stdlib cimport free, malloc
from libc.string cimport memset

from tensorlib._pool cimport parallel_run, pool_threads

cdef extern from *:
    """
    #include <math.h>
    #include <stdint.h>
    #include <string.h>
    #include "_cpu_level.h"
    /* Row loops over restrict pointers, so that the compiler vectorises them or at least keeps
       them free of branches (a select per element; a branch mispredicts on random data). */
    static Py_ssize_t tl_first_inside(Py_ssize_t offset, Py_ssize_t step, Py_ssize_t size, Py_ssize_t count,
                                      Py_ssize_t* last) {
        Py_ssize_t first = 0, end = count;
        if (offset < 0) first = (-offset + step - 1) / step;
        if (offset + (count - 1) * step >= size) end = size > offset ? (size - offset + step - 1) / step : 0;
        if (end < first) end = first;
        *last = end;
        return first;
    }
    /* the first position of a dilated window starting at ``start`` that is not before 0 */
    static Py_ssize_t tl_window_start(Py_ssize_t start, Py_ssize_t dilation) {
        if (start < 0) start += ((-start + dilation - 1) / dilation) * dilation;
        return start;
    }
    #define TL_CONV_ROWS(T, S) \
    static void tl_threshold_backward_##S(const T* restrict g, const T* restrict x, T t, T* restrict out, \
                                          Py_ssize_t n) { \
        for (Py_ssize_t i = 0; i < n; i++) { T gi = g[i]; out[i] = x[i] <= t ? (T)0 : gi; } \
    } \
    /* max pooling over images of element strides st[5], sizes sz[5] and geometry g[15] (as for the \
       columns below): each window read in row-major order inside the input, a select per element */ \
    static void tl_max_pool_##S(const T* restrict x, const Py_ssize_t* st, const Py_ssize_t* sz, \
                                const Py_ssize_t* g, T* restrict best, int64_t* restrict at) { \
        Py_ssize_t depth = sz[2], height = sz[3], width = sz[4], od = g[12], oh = g[13], ow = g[14]; \
        for (Py_ssize_t n = 0; n < sz[0]; n++) \
        for (Py_ssize_t c = 0; c < sz[1]; c++) { \
            const T* plane = x + n * st[0] + c * st[1]; \
            for (Py_ssize_t i = 0; i < od; i++) \
            for (Py_ssize_t j = 0; j < oh; j++) { \
                /* PyTorch's start: each window's first position inside the input */ \
                int64_t first_row = (tl_window_start(i * g[3] - g[9], g[6]) * height \
                                     + tl_window_start(j * g[4] - g[10], g[7])) * width; \
                for (Py_ssize_t k = 0; k < ow; k++) { \
                    best[k] = -INFINITY; \
                    at[k] = first_row + tl_window_start(k * g[5] - g[11], g[8]); \
                } \
                for (Py_ssize_t a = 0; a < g[0]; a++) { \
                    Py_ssize_t z = i * g[3] - g[9] + a * g[6]; \
                    if (z < 0 || z >= depth) continue; \
                    for (Py_ssize_t b = 0; b < g[1]; b++) { \
                        Py_ssize_t y = j * g[4] - g[10] + b * g[7]; \
                        if (y < 0 || y >= height) continue; \
                        for (Py_ssize_t e = 0; e < g[2]; e++) { \
                            Py_ssize_t offset = e * g[8] - g[11], k1; \
                            Py_ssize_t k0 = tl_first_inside(offset, g[5], width, ow, &k1); \
                            const T* src = plane + z * st[2] + y * st[3] + offset * st[4]; \
                            int64_t first = (z * height + y) * width + offset; \
                            for (Py_ssize_t k = k0; k < k1; k++) { \
                                T v = src[k * g[5] * st[4]]; \
                                int take = (v > best[k]) | (v != v); \
                                best[k] = take ? v : best[k]; \
                                at[k] = take ? first + k * g[5] : at[k]; \
                            } \
                        } \
                    } \
                } \
                best += ow; \
                at += ow; \
            } \
        } \
    }
    TL_CONV_ROWS(float, f)
    TL_CONV_ROWS(double, d)

    /* max pooling over 2x2 windows (kernel depth 1) that all lie inside the input (no padding, no
       dilation): the general loop's reads and choices in its order, without its per-row bounds
       work, and each choice made with bit masks: compiled as branches, the choices mispredict on
       random data, which costs several times the comparisons themselves */
    #define TL_POOL_2X2(T, S, U) \
    static inline void tl_pick_##S(T v, int64_t position, T* best, int64_t* at) { \
        int take = (v > *best) | (v != v); \
        U mask = (U)0 - (U)take, vb, bb; \
        int64_t at_mask = -(int64_t)take; \
        memcpy(&vb, &v, sizeof(T)); \
        memcpy(&bb, best, sizeof(T)); \
        bb = (vb & mask) | (bb & ~mask); \
        memcpy(best, &bb, sizeof(T)); \
        *at = (position & at_mask) | (*at & ~at_mask); \
    } \
    static void tl_max_pool_2x2_##S(const T* restrict x, const Py_ssize_t* st, const Py_ssize_t* sz, \
                                    const Py_ssize_t* g, T* restrict best, int64_t* restrict at) { \
        Py_ssize_t height = sz[3], width = sz[4], od = g[12], oh = g[13], ow = g[14]; \
        Py_ssize_t down = st[3], across = st[4], sd = g[3], sh = g[4], sw = g[5]; \
        for (Py_ssize_t n = 0; n < sz[0]; n++) \
        for (Py_ssize_t c = 0; c < sz[1]; c++) \
        for (Py_ssize_t i = 0; i < od; i++) { \
            const T* plane = x + n * st[0] + c * st[1] + i * sd * st[2]; \
            for (Py_ssize_t j = 0; j < oh; j++) { \
                const T* top = plane + j * sh * down; \
                int64_t first = (i * sd * height + j * sh) * width; \
                for (Py_ssize_t k = 0; k < ow; k++) { \
                    const T* p = top + k * sw * across; \
                    int64_t position = first + k * sw; \
                    /* the general loop starts from -inf at the first position: the same as \
                       starting from the first value there */ \
                    T m = p[0]; \
                    int64_t a = position; \
                    tl_pick_##S(p[across], position + 1, &m, &a); \
                    tl_pick_##S(p[down], position + width, &m, &a); \
                    tl_pick_##S(p[down + across], position + width + 1, &m, &a); \
                    best[k] = m; \
                    at[k] = a; \
                } \
                best += ow; \
                at += ow; \
            } \
        } \
    }
    TL_POOL_2X2(float, f, uint32_t)
    TL_POOL_2X2(double, d, uint64_t)

    /* Sums over a strided row in double, eight partial sums at a time (one running sum waits on
       each addition's latency): of p - shift, of (p - shift)^2, and of g and g * (x - mean) * invstd. */
    #if defined(__GNUC__)
    #define TL_ALWAYS_INLINE static inline __attribute__((always_inline))
    #else
    #define TL_ALWAYS_INLINE static inline
    #endif
    /* short row loops stay loops: a call to memcpy or memset costs more than a row of a few elements */
    #if defined(__GNUC__) && !defined(__clang__)
    #define TL_INLINE_LOOPS __attribute__((optimize("no-tree-loop-distribute-patterns")))
    #else
    #define TL_INLINE_LOOPS
    #endif
    /* The four running sums of tl_gradient_sums as two pairs of double lanes (the compiler keeps
       them scalar, its loads and conversions included): each lane adds what its scalar sum adds. */
    #if defined(__GNUC__)
    typedef double tl_double_pair __attribute__((vector_size(16)));
    #define TL_GRADIENT_SUM_PAIRS(T) \
        { \
            tl_double_pair a01 = {0, 0}, a23 = {0, 0}, b01 = {0, 0}, b23 = {0, 0}; \
            tl_double_pair m = {mean, mean}, s = {invstd, invstd}; \
            for (; i + 4 <= n; i += 4) { \
                const T *gp = g + i * g_step, *xp = x + i * x_step; \
                tl_double_pair g01 = {gp[0], gp[g_step]}, g23 = {gp[2 * g_step], gp[3 * g_step]}; \
                tl_double_pair x01 = {xp[0], xp[x_step]}, x23 = {xp[2 * x_step], xp[3 * x_step]}; \
                a01 += g01; \
                a23 += g23; \
                b01 += g01 * ((x01 - m) * s); \
                b23 += g23 * ((x23 - m) * s); \
            } \
            a[0] = a01[0]; a[1] = a01[1]; a[2] = a23[0]; a[3] = a23[1]; \
            b[0] = b01[0]; b[1] = b01[1]; b[2] = b23[0]; b[3] = b23[1]; \
        }
    #else
    #define TL_GRADIENT_SUM_PAIRS(T)
    #endif
    /* Each row loop is compiled twice, once for contiguous rows (step 1), which the compiler
       vectorises: the same operations in the same order, so the same sums. */
    #define TL_ROW_SUMS(T, S, ATTR) \
    TL_ALWAYS_INLINE ATTR double tl_deviation_sum_at_##S(const T* restrict p, Py_ssize_t step, Py_ssize_t n, \
                                                    double shift, int squared) { \
        double acc[8] = {0, 0, 0, 0, 0, 0, 0, 0}, tail = 0; \
        Py_ssize_t i = 0; \
        if (squared) { \
            for (; i + 8 <= n; i += 8) \
                for (int u = 0; u < 8; u++) { double d = (double)p[(i + u) * step] - shift; acc[u] += d * d; } \
            for (; i < n; i++) { double d = (double)p[i * step] - shift; tail += d * d; } \
        } else { \
            for (; i + 8 <= n; i += 8) \
                for (int u = 0; u < 8; u++) acc[u] += (double)p[(i + u) * step] - shift; \
            for (; i < n; i++) tail += (double)p[i * step] - shift; \
        } \
        return (((acc[0] + acc[1]) + (acc[2] + acc[3])) + ((acc[4] + acc[5]) + (acc[6] + acc[7]))) + tail; \
    } \
    static ATTR double tl_deviation_sum_##S(const T* restrict p, Py_ssize_t step, Py_ssize_t n, double shift, \
                                       int squared) { \
        if (step != 1) return tl_deviation_sum_at_##S(p, step, n, shift, squared); \
        return squared ? tl_deviation_sum_at_##S(p, 1, n, shift, 1) : tl_deviation_sum_at_##S(p, 1, n, shift, 0); \
    } \
    TL_ALWAYS_INLINE ATTR void tl_gradient_sums_at_##S(const T* restrict g, Py_ssize_t g_step, const T* restrict x, \
                                                  Py_ssize_t x_step, Py_ssize_t n, double mean, double invstd, \
                                                  double* sum_g, double* sum_gx) { \
        double a[4] = {0, 0, 0, 0}, b[4] = {0, 0, 0, 0}; \
        Py_ssize_t i = 0; \
        TL_GRADIENT_SUM_PAIRS(T) \
        for (; i + 4 <= n; i += 4) \
            for (int u = 0; u < 4; u++) { \
                double gv = g[(i + u) * g_step]; \
                a[u] += gv; \
                b[u] += gv * (((double)x[(i + u) * x_step] - mean) * invstd); \
            } \
        for (; i < n; i++) { \
            double gv = g[i * g_step]; \
            a[0] += gv; \
            b[0] += gv * (((double)x[i * x_step] - mean) * invstd); \
        } \
        *sum_g += (a[0] + a[1]) + (a[2] + a[3]); \
        *sum_gx += (b[0] + b[1]) + (b[2] + b[3]); \
    } \
    static ATTR void tl_gradient_sums_##S(const T* restrict g, Py_ssize_t g_step, const T* restrict x, \
                                     Py_ssize_t x_step, Py_ssize_t n, double mean, double invstd, \
                                     double* sum_g, double* sum_gx) { \
        if (g_step == 1 && x_step == 1) tl_gradient_sums_at_##S(g, 1, x, 1, n, mean, invstd, sum_g, sum_gx); \
        else tl_gradient_sums_at_##S(g, g_step, x, x_step, n, mean, invstd, sum_g, sum_gx); \
    } \
    /* out = (g - mean_g - (x - mean) * invstd * mean_gx) * scale over a row, in double */ \
    TL_ALWAYS_INLINE ATTR void tl_input_gradient_at_##S(const T* restrict g, Py_ssize_t g_step, const T* restrict x, \
                                                   Py_ssize_t x_step, T* restrict out, Py_ssize_t n, double mean, \
                                                   double invstd, double mean_g, double mean_gx, double scale) { \
        for (Py_ssize_t i = 0; i < n; i++) { \
            double xhat = ((double)x[i * x_step] - mean) * invstd; \
            out[i] = (T)(((double)g[i * g_step] - mean_g - xhat * mean_gx) * scale); \
        } \
    } \
    static ATTR void tl_input_gradient_##S(const T* restrict g, Py_ssize_t g_step, const T* restrict x, \
                                      Py_ssize_t x_step, T* restrict out, Py_ssize_t n, double mean, \
                                      double invstd, double mean_g, double mean_gx, double scale) { \
        if (g_step == 1 && x_step == 1) \
            tl_input_gradient_at_##S(g, 1, x, 1, out, n, mean, invstd, mean_g, mean_gx, scale); \
        else \
            tl_input_gradient_at_##S(g, g_step, x, x_step, out, n, mean, invstd, mean_g, mean_gx, scale); \
    }
    TL_ROW_SUMS(float, f, )
    TL_ROW_SUMS(double, d, )
    TL_ROW_SUMS(float, f_avx2, __attribute__((target("avx2"))))
    TL_ROW_SUMS(double, d_avx2, __attribute__((target("avx2"))))

    /* Batch norm over the channels [c0, c1) of an (N, C, L) array: the images run outermost, so
       the rows are read in memory order (channel by channel, rows N * C * L apart evict each other
       from the cache), and each channel still adds its rows' sums in image order.  Per-channel
       arrays are (pointer, element stride); ``sums`` holds 2 * (c1 - c0) doubles. */
    typedef struct {
        const char *x, *g, *weight;
        char *mean, *invstd, *variance, *out, *grad_weight, *grad_bias;   /* out: the input's gradient */
        Py_ssize_t images, channels, length, xs[3], gs[3], outs[3];
        Py_ssize_t mean_s, invstd_s, variance_s, weight_s, grad_weight_s, grad_bias_s, nchunks;
        double eps;
        double* sums;
        int wide;
    } tl_batch_norm_job;
    #define TL_BATCH_NORM(T, S, ATTR) \
    static ATTR void tl_batch_norm_statistics_##S(const tl_batch_norm_job* job, Py_ssize_t c0, Py_ssize_t c1) { \
        const T* x = (const T*)job->x; \
        double *total = job->sums + 2 * c0, *shift = total + (c1 - c0); \
        double count = (double)(job->images * job->length); \
        for (Py_ssize_t c = c0; c < c1; c++) total[c - c0] = 0; \
        for (Py_ssize_t n = 0; n < job->images; n++) \
            for (Py_ssize_t c = c0; c < c1; c++) \
                total[c - c0] += tl_deviation_sum_##S(x + n * job->xs[0] + c * job->xs[1], job->xs[2], \
                                                      job->length, 0, 0); \
        for (Py_ssize_t c = c0; c < c1; c++) { shift[c - c0] = total[c - c0] / count; total[c - c0] = 0; } \
        for (Py_ssize_t n = 0; n < job->images; n++) \
            for (Py_ssize_t c = c0; c < c1; c++) \
                total[c - c0] += tl_deviation_sum_##S(x + n * job->xs[0] + c * job->xs[1], job->xs[2], \
                                                      job->length, shift[c - c0], 1); \
        for (Py_ssize_t c = c0; c < c1; c++) { \
            double var = total[c - c0] / count; \
            ((T*)job->mean)[c * job->mean_s] = (T)shift[c - c0]; \
            ((T*)job->variance)[c * job->variance_s] = (T)var; \
            ((T*)job->invstd)[c * job->invstd_s] = (T)(1 / sqrt(var + job->eps)); \
        } \
    } \
    static ATTR void tl_batch_norm_backward_##S(const tl_batch_norm_job* job, Py_ssize_t c0, Py_ssize_t c1) { \
        const T *g = (const T*)job->g, *x = (const T*)job->x, *mean = (const T*)job->mean; \
        const T *invstd = (const T*)job->invstd, *weight = (const T*)job->weight; \
        double *sum_g = job->sums + 2 * c0, *sum_gx = sum_g + (c1 - c0); \
        double count = (double)(job->images * job->length); \
        for (Py_ssize_t c = c0; c < c1; c++) { sum_g[c - c0] = 0; sum_gx[c - c0] = 0; } \
        for (Py_ssize_t n = 0; n < job->images; n++) \
            for (Py_ssize_t c = c0; c < c1; c++) \
                tl_gradient_sums_##S(g + n * job->gs[0] + c * job->gs[1], job->gs[2], \
                                     x + n * job->xs[0] + c * job->xs[1], job->xs[2], job->length, \
                                     (double)mean[c * job->mean_s], (double)invstd[c * job->invstd_s], \
                                     &sum_g[c - c0], &sum_gx[c - c0]); \
        for (Py_ssize_t c = c0; c < c1; c++) { \
            ((T*)job->grad_bias)[c * job->grad_bias_s] = (T)sum_g[c - c0]; \
            ((T*)job->grad_weight)[c * job->grad_weight_s] = (T)sum_gx[c - c0]; \
        } \
        if (!job->out) return; \
        for (Py_ssize_t n = 0; n < job->images; n++) \
            for (Py_ssize_t c = c0; c < c1; c++) { \
                double s = (double)invstd[c * job->invstd_s]; \
                double scale = weight ? s * (double)weight[c * job->weight_s] : s; \
                tl_input_gradient_##S(g + n * job->gs[0] + c * job->gs[1], job->gs[2], \
                                      x + n * job->xs[0] + c * job->xs[1], job->xs[2], \
                                      (T*)job->out + n * job->outs[0] + c * job->outs[1], job->length, \
                                      (double)mean[c * job->mean_s], s, sum_g[c - c0] / count, \
                                      sum_gx[c - c0] / count, scale); \
            } \
    }
    TL_BATCH_NORM(float, f, )
    TL_BATCH_NORM(double, d, )
    TL_BATCH_NORM(float, f_avx2, __attribute__((target("avx2"))))
    TL_BATCH_NORM(double, d_avx2, __attribute__((target("avx2"))))
    /* the AVX2 builds run the same operations in the same order (no contraction into FMA) */
    #define TL_BATCH_NORM_PICK(NAME, wide, ...) \
        (tl_cpu_level() >= 1 ? ((wide) ? NAME##_d_avx2(__VA_ARGS__) : NAME##_f_avx2(__VA_ARGS__)) \
                             : ((wide) ? NAME##_d(__VA_ARGS__) : NAME##_f(__VA_ARGS__)))
    /* chunk ``chunk`` of a job's channels */
    static void tl_batch_norm_range(const tl_batch_norm_job* job, Py_ssize_t chunk, Py_ssize_t* c0,
                                    Py_ssize_t* c1) {
        *c0 = job->channels * chunk / job->nchunks;
        *c1 = job->channels * (chunk + 1) / job->nchunks;
    }
    static void tl_batch_norm_statistics_chunk(void* ctx, Py_ssize_t chunk) {
        const tl_batch_norm_job* job = (const tl_batch_norm_job*)ctx;
        Py_ssize_t c0, c1;
        tl_batch_norm_range(job, chunk, &c0, &c1);
        TL_BATCH_NORM_PICK(tl_batch_norm_statistics, job->wide, job, c0, c1);
    }
    static void tl_batch_norm_backward_chunk(void* ctx, Py_ssize_t chunk) {
        const tl_batch_norm_job* job = (const tl_batch_norm_job*)ctx;
        Py_ssize_t c0, c1;
        tl_batch_norm_range(job, chunk, &c0, &c1);
        TL_BATCH_NORM_PICK(tl_batch_norm_backward, job->wide, job, c0, c1);
    }

    /* im2col / col2im over an image of element strides st[5] and sizes sz[5] (N, C, D, H, W), with
       g[15] = kernel, stride, dilation, padding, output size (each depth, height, width).  The loops
       run (c, kernel offset, output row, n) outermost to innermost, so the per-row work is a few
       pointer additions; within one kernel offset no two columns meet in one image element, so
       col2im adds every element's contributions in kernel order. */
    #define TL_COLUMNS(T, S) \
    TL_ALWAYS_INLINE TL_INLINE_LOOPS void tl_columns_at_##S(T* restrict x, const Py_ssize_t* st, const Py_ssize_t* sz, \
                                            const Py_ssize_t* g, T* restrict cols, int adjoint, Py_ssize_t step, \
                                            Py_ssize_t c0, Py_ssize_t c1) { \
        Py_ssize_t n_ = sz[0], depth = sz[2], height = sz[3], width = sz[4]; \
        Py_ssize_t od = g[12], oh = g[13], ow = g[14], length = od * oh * ow; \
        T* row = cols + c0 * g[0] * g[1] * g[2] * n_ * length; \
        for (Py_ssize_t c = c0; c < c1; c++) \
        for (Py_ssize_t a = 0; a < g[0]; a++) \
        for (Py_ssize_t b = 0; b < g[1]; b++) \
        for (Py_ssize_t e = 0; e < g[2]; e++) { \
            Py_ssize_t offset = e * g[8] - g[11], k1; \
            Py_ssize_t k0 = tl_first_inside(offset, g[5], width, ow, &k1); \
            for (Py_ssize_t i = 0; i < od; i++) { \
                Py_ssize_t z = i * g[3] - g[9] + a * g[6]; \
                for (Py_ssize_t j = 0; j < oh; j++) { \
                    Py_ssize_t y = j * g[4] - g[10] + b * g[7]; \
                    T* dst = row + (i * oh + j) * ow; \
                    int inside = z >= 0 && z < depth && y >= 0 && y < height; \
                    const T* src = x + c * st[1] + (inside ? z * st[2] + y * st[3] + offset * st[4] : 0); \
                    for (Py_ssize_t n = 0; n < n_; n++, dst += length, src += st[0]) { \
                        if (adjoint) { \
                            if (inside) for (Py_ssize_t k = k0; k < k1; k++) ((T*)src)[k * step] += dst[k]; \
                        } else if (!inside) { \
                            for (Py_ssize_t k = 0; k < ow; k++) dst[k] = 0; \
                        } else { \
                            for (Py_ssize_t k = 0; k < k0; k++) dst[k] = 0; \
                            for (Py_ssize_t k = k0; k < k1; k++) dst[k] = src[k * step]; \
                            for (Py_ssize_t k = k1; k < ow; k++) dst[k] = 0; \
                        } \
                    } \
                } \
            } \
            row += n_ * length; \
        } \
    } \
    /* channels [c0, c1): each loop compiled for its direction and for a unit step along the rows */ \
    static TL_INLINE_LOOPS void tl_columns_##S(T* restrict x, const Py_ssize_t* st, const Py_ssize_t* sz, const Py_ssize_t* g, \
                               T* restrict cols, int adjoint, Py_ssize_t c0, Py_ssize_t c1) { \
        Py_ssize_t step = g[5] * st[4]; \
        if (adjoint && step == 1) tl_columns_at_##S(x, st, sz, g, cols, 1, 1, c0, c1); \
        else if (adjoint) tl_columns_at_##S(x, st, sz, g, cols, 1, step, c0, c1); \
        else if (step == 1) tl_columns_at_##S(x, st, sz, g, cols, 0, 1, c0, c1); \
        else tl_columns_at_##S(x, st, sz, g, cols, 0, step, c0, c1); \
    }
    TL_COLUMNS(float, f)
    TL_COLUMNS(double, d)
    /* im2col / col2im as a job of the pool: ranges of channels (which share no column row and, for
       col2im, no image element) */
    typedef struct {
        char* x;
        const Py_ssize_t *st, *sz, *g;
        char* cols;
        int adjoint, wide;
        Py_ssize_t nchunks;
    } tl_columns_job;
    static void tl_columns_chunk(void* ctx, Py_ssize_t chunk) {
        const tl_columns_job* job = (const tl_columns_job*)ctx;
        Py_ssize_t c0 = job->sz[1] * chunk / job->nchunks, c1 = job->sz[1] * (chunk + 1) / job->nchunks;
        if (job->wide)
            tl_columns_d((double*)job->x, job->st, job->sz, job->g, (double*)job->cols, job->adjoint, c0, c1);
        else
            tl_columns_f((float*)job->x, job->st, job->sz, job->g, (float*)job->cols, job->adjoint, c0, c1);
    }
    """
    void tl_threshold_backward_f(const float* g, const float* x, float t, float* out, Py_ssize_t n) noexcept nogil
    void tl_threshold_backward_d(const double* g, const double* x, double t, double* out, Py_ssize_t n) noexcept nogil
    double tl_deviation_sum_f(const float* p, Py_ssize_t step, Py_ssize_t n, double shift, int squared) noexcept nogil
    double tl_deviation_sum_d(const double* p, Py_ssize_t step, Py_ssize_t n, double shift, int squared) noexcept nogil
    void tl_gradient_sums_f(const float* g, Py_ssize_t g_step, const float* x, Py_ssize_t x_step, Py_ssize_t n,
                            double mean, double invstd, double* sum_g, double* sum_gx) noexcept nogil
    void tl_gradient_sums_d(const double* g, Py_ssize_t g_step, const double* x, Py_ssize_t x_step, Py_ssize_t n,
                            double mean, double invstd, double* sum_g, double* sum_gx) noexcept nogil
    void tl_input_gradient_f(const float* g, Py_ssize_t g_step, const float* x, Py_ssize_t x_step, float* out,
                             Py_ssize_t n, double mean, double invstd, double mean_g, double mean_gx,
                             double scale) noexcept nogil
    void tl_input_gradient_d(const double* g, Py_ssize_t g_step, const double* x, Py_ssize_t x_step, double* out,
                             Py_ssize_t n, double mean, double invstd, double mean_g, double mean_gx,
                             double scale) noexcept nogil
    void tl_max_pool_f(const float* x, const Py_ssize_t* st, const Py_ssize_t* sz, const Py_ssize_t* g, float* best,
                       int64_t* at) noexcept nogil
    void tl_max_pool_d(const double* x, const Py_ssize_t* st, const Py_ssize_t* sz, const Py_ssize_t* g,
                       double* best, int64_t* at) noexcept nogil
    void tl_max_pool_2x2_f(const float* x, const Py_ssize_t* st, const Py_ssize_t* sz, const Py_ssize_t* g,
                           float* best, int64_t* at) noexcept nogil
    void tl_max_pool_2x2_d(const double* x, const Py_ssize_t* st, const Py_ssize_t* sz, const Py_ssize_t* g,
                           double* best, int64_t* at) noexcept nogil
    Py_ssize_t tl_first_inside(Py_ssize_t offset, Py_ssize_t step, Py_ssize_t size, Py_ssize_t count,
                               Py_ssize_t* last) noexcept nogil
    ctypedef struct tl_batch_norm_job:
        const char* x
        const char* g
        const char* weight
        char* mean
        char* invstd
        char* variance
        char* out
        char* grad_weight
        char* grad_bias
        Py_ssize_t images, channels, length, mean_s, invstd_s, variance_s, weight_s, grad_weight_s, grad_bias_s
        Py_ssize_t nchunks
        Py_ssize_t xs[3]
        Py_ssize_t gs[3]
        Py_ssize_t outs[3]
        double eps
        double* sums
        int wide
    void tl_batch_norm_statistics_chunk(void* ctx, Py_ssize_t chunk) noexcept nogil
    void tl_batch_norm_backward_chunk(void* ctx, Py_ssize_t chunk) noexcept nogil
    ctypedef struct tl_columns_job:
        char* x
        const Py_ssize_t* st
        const Py_ssize_t* sz
        const Py_ssize_t* g
        char* cols
        int adjoint, wide
        Py_ssize_t nchunks
    void tl_columns_chunk(void* ctx, Py_ssize_t chunk) noexcept nogil


ctypedef fused real:
    float
    double


cdef enum:
    THREAD_GRAIN = 32768   # PyTorch's grain: from this many input elements a job is split over threads


cdef inline bint _empty(Py_ssize_t* shape, int dims) noexcept nogil:
    """Whether a memoryview's shape holds a zero."""
    cdef int d
    for d in range(dims):
        if shape[d] == 0:
            return True
    return False


cdef int _columns(real* x, Py_ssize_t* strides, Py_ssize_t* shape, tuple geometry, real* cols,
                  Py_ssize_t rows, Py_ssize_t count, bint adjoint) except -1:
    """Checks the geometry against the columns' (rows, count) and runs the C loop."""
    cdef Py_ssize_t st[5]
    cdef Py_ssize_t sz[5]
    cdef Py_ssize_t g[15]
    cdef int d
    for d in range(12):
        g[d] = geometry[d]
    for d in range(3):   # the output size
        g[12 + d] = (shape[2 + d] + 2 * g[9 + d] - g[6 + d] * (g[d] - 1) - 1) // g[3 + d] + 1
    for d in range(5):
        st[d] = strides[d] // sizeof(real)
        sz[d] = shape[d]
    if rows != sz[1] * g[0] * g[1] * g[2] or count != sz[0] * g[12] * g[13] * g[14]:
        raise ValueError("im2col/col2im: the columns do not match the geometry")
    if rows == 0 or count == 0:
        return 0
    cdef tl_columns_job job
    job.x, job.st, job.sz, job.g, job.cols = <char*>x, st, sz, g, <char*>cols
    job.adjoint, job.wide, job.nchunks = adjoint, real is double, 1
    if pool_threads() > 1 and rows * count >= THREAD_GRAIN:
        job.nchunks = min(sz[1], pool_threads())
    with nogil:
        if job.nchunks > 1:
            parallel_run(tl_columns_chunk, &job, job.nchunks)
        else:
            tl_columns_chunk(&job, 0)
    return 0


def im2col(const real[:, :, :, :, :] x, real[:, ::1] cols, kernel, stride, dilation, padding):
    """``cols[(c, a, b, e), (n, i, j, k)] = x[n, c, i*sd - pd + a*dd, j*sh - ph + b*dh, k*sw - pw + e*dw]``,
    0 where that falls in the padding (the output size follows from the geometry)."""
    if _empty(x.shape, 5):
        if cols.shape[0] * cols.shape[1]:
            raise ValueError("im2col: the columns do not match the geometry")
        return
    _columns(<real*>&x[0, 0, 0, 0, 0], x.strides, x.shape, tuple(kernel) + tuple(stride) + tuple(dilation) + tuple(padding),
             &cols[0, 0], cols.shape[0], cols.shape[1], False)


def col2im(const real[:, ::1] cols, real[:, :, :, :, ::1] out, kernel, stride, dilation, padding):
    """The adjoint of ``im2col``: ``out`` (N, C, D, H, W), zeroed here, receives each column
    entry at the position ``im2col`` read it from (padding positions dropped)."""
    if _empty(out.shape, 5):
        return
    out[...] = 0
    if cols.shape[0] * cols.shape[1] == 0:
        return
    _columns(&out[0, 0, 0, 0, 0], out.strides, out.shape,
             tuple(kernel) + tuple(stride) + tuple(dilation) + tuple(padding), <real*>&cols[0, 0], cols.shape[0],
             cols.shape[1], True)


ctypedef struct PoolJob:
    # a max pooling over sz[0] images, run in nchunks batches of consecutive images
    const char* x
    const Py_ssize_t* st
    const Py_ssize_t* sz
    const Py_ssize_t* g
    char* best
    int64_t* at
    Py_ssize_t per_image, nchunks
    bint wide, two_by_two


cdef void _max_pool_images(void* ctx, Py_ssize_t chunk) noexcept nogil:
    """Pools batch ``chunk`` of the job's images."""
    cdef PoolJob* job = <PoolJob*>ctx
    cdef Py_ssize_t first = job.sz[0] * chunk // job.nchunks, last = job.sz[0] * (chunk + 1) // job.nchunks
    cdef Py_ssize_t sz[5]
    cdef int d
    for d in range(5):
        sz[d] = job.sz[d]
    sz[0] = last - first
    if sz[0] == 0:
        return
    if job.wide and job.two_by_two:
        tl_max_pool_2x2_d(<const double*>job.x + first * job.st[0], job.st, sz, job.g,
                          <double*>job.best + first * job.per_image, job.at + first * job.per_image)
    elif job.wide:
        tl_max_pool_d(<const double*>job.x + first * job.st[0], job.st, sz, job.g,
                      <double*>job.best + first * job.per_image, job.at + first * job.per_image)
    elif job.two_by_two:
        tl_max_pool_2x2_f(<const float*>job.x + first * job.st[0], job.st, sz, job.g,
                          <float*>job.best + first * job.per_image, job.at + first * job.per_image)
    else:
        tl_max_pool_f(<const float*>job.x + first * job.st[0], job.st, sz, job.g,
                      <float*>job.best + first * job.per_image, job.at + first * job.per_image)


cdef bint _two_by_two_inside(const Py_ssize_t* g, const Py_ssize_t* sz) noexcept:
    """Whether geometry ``g`` pools 2x2 windows (depth 1) without padding or dilation, each
    inside the input of sizes ``sz`` (a ceil-mode window may hang over the edge)."""
    cdef int d
    for d in range(3):
        if g[d] != (1 if d == 0 else 2) or g[6 + d] != 1 or g[9 + d] != 0:
            return False
        if (g[12 + d] - 1) * g[3 + d] + g[d] > sz[2 + d]:
            return False
    return True


def max_pool(const real[:, :, :, :, :] x, real[:, :, :, :, ::1] values, int64_t[:, :, :, :, ::1] indices,
             kernel, stride, dilation, padding):
    """Each window's maximum into ``values`` and its flat (D*H*W) input position into
    ``indices`` (both (N, C, od, oh, ow)); a window reads only positions inside the input, in
    row-major order, so the first maximum wins and a later NaN replaces an earlier one."""
    cdef Py_ssize_t st[5]
    cdef Py_ssize_t sz[5]
    cdef Py_ssize_t g[15]
    cdef int d
    for d in range(5):
        if (d < 2 and values.shape[d] != x.shape[d]) or indices.shape[d] != values.shape[d]:
            raise ValueError("max_pool: the arrays' shapes differ")
    if _empty(values.shape, 5):
        return
    for d, value in enumerate(tuple(kernel) + tuple(stride) + tuple(dilation) + tuple(padding)):
        g[d] = value
    for d in range(5):
        st[d] = x.strides[d] // sizeof(real)
        sz[d] = x.shape[d]
    for d in range(3):
        g[12 + d] = values.shape[2 + d]
    cdef PoolJob job
    job.x, job.st, job.sz, job.g, job.wide = <const char*>&x[0, 0, 0, 0, 0], st, sz, g, real is double
    job.best, job.at = <char*>&values[0, 0, 0, 0, 0], &indices[0, 0, 0, 0, 0]
    job.per_image = values.shape[1] * g[12] * g[13] * g[14]
    job.two_by_two = _two_by_two_inside(g, sz)
    # images are independent: from PyTorch's grain of input elements, batches of them per thread
    job.nchunks = min(sz[0], 4 * pool_threads()) if pool_threads() > 1 and x.size >= THREAD_GRAIN else 1
    with nogil:
        if job.nchunks > 1:
            parallel_run(_max_pool_images, &job, job.nchunks)
        else:
            _max_pool_images(&job, 0)


def max_pool_backward(const real[:, :, :] g, const int64_t[:, :, ::1] indices, real[:, :, ::1] out):
    """``out`` (N, C, L), zeroed here, with each ``g[n, c, o]`` added at ``indices[n, c, o]``
    (in order of o)."""
    cdef Py_ssize_t n, c, o
    with nogil:
        out[...] = 0
        for n in range(g.shape[0]):
            for c in range(g.shape[1]):
                for o in range(g.shape[2]):
                    out[n, c, indices[n, c, o]] += g[n, c, o]


cdef Py_ssize_t _strides_of(Py_ssize_t* out, Py_ssize_t* strides, int dims, size_t itemsize) noexcept nogil:
    cdef int d
    for d in range(dims):
        out[d] = strides[d] // <Py_ssize_t>itemsize
    return 0


cdef int _run_batch_norm(tl_batch_norm_job* job, void (*chunk)(void*, Py_ssize_t) noexcept nogil) except -1:
    """Runs ``chunk`` over the job's channels, split over the pool's threads for large inputs
    (channels are independent: the values do not depend on the split)."""
    cdef Py_ssize_t c
    job.nchunks = 1
    if pool_threads() > 1 and job.images * job.channels * job.length >= THREAD_GRAIN:
        job.nchunks = min(job.channels, pool_threads())
    job.sums = <double*>malloc(2 * job.channels * sizeof(double))
    if job.sums == NULL:
        raise MemoryError()
    with nogil:
        if job.nchunks > 1:
            parallel_run(chunk, job, job.nchunks)
        else:
            chunk(job, 0)
    free(job.sums)
    return 0


def batch_norm_statistics(const real[:, :, :] x, real[:] mean, real[:] variance, real[:] invstd, double eps):
    """Per channel of (N, C, L) ``x``: the mean, the biased variance and 1 / sqrt(variance + eps),
    summed in double (two passes: the variance from the deviations)."""
    cdef tl_batch_norm_job job
    if x.shape[0] * x.shape[2] == 0:
        raise ValueError("batch_norm_statistics: no values per channel")
    if x.shape[1] == 0:
        return
    memset(&job, 0, sizeof(job))
    job.x, job.wide, job.eps = <const char*>&x[0, 0, 0], real is double, eps
    job.images, job.channels, job.length = x.shape[0], x.shape[1], x.shape[2]
    _strides_of(job.xs, x.strides, 3, sizeof(real))
    job.mean, job.mean_s = <char*>&mean[0], mean.strides[0] // sizeof(real)
    job.variance, job.variance_s = <char*>&variance[0], variance.strides[0] // sizeof(real)
    job.invstd, job.invstd_s = <char*>&invstd[0], invstd.strides[0] // sizeof(real)
    _run_batch_norm(&job, tl_batch_norm_statistics_chunk)


def batch_norm_normalize(const real[:, :, :] x, const real[:] mean, const real[:] invstd, weight, bias,
                         real[:, :, ::1] out):
    """``out = (x - mean) * invstd * weight + bias`` per channel of (N, C, L) ``x``, rounded at each
    step (``weight``/``bias``: (C,) arrays or None)."""
    cdef const real[:] w = weight if weight is not None else mean
    cdef const real[:] b = bias if bias is not None else mean
    cdef bint has_w = weight is not None, has_b = bias is not None
    cdef Py_ssize_t n, c, l
    cdef real m, s, v
    with nogil:
        for n in range(x.shape[0]):
            for c in range(x.shape[1]):
                m = mean[c]
                s = invstd[c]
                for l in range(x.shape[2]):
                    v = (x[n, c, l] - m) * s
                    if has_w:
                        v = v * w[c]
                    if has_b:
                        v = v + b[c]
                    out[n, c, l] = v


def batch_norm_backward(const real[:, :, :] g, const real[:, :, :] x, const real[:] mean,
                        const real[:] invstd, weight, grad_input, real[:] grad_weight, real[:] grad_bias):
    """The training-mode gradients of batch normalisation per channel of (N, C, L) ``x``:
    ``grad_bias = sum(g)``, ``grad_weight = sum(g * xhat)`` (xhat = (x - mean) * invstd, summed in
    double) and, where ``grad_input`` is an (N, C, L) array,
    ``(g - mean(g) - xhat * mean(g * xhat)) * invstd * weight``."""
    cdef const real[:] w
    cdef real[:, :, ::1] gx
    cdef tl_batch_norm_job job
    if g.shape[0] != x.shape[0] or g.shape[1] != x.shape[1] or g.shape[2] != x.shape[2]:
        raise ValueError("batch_norm_backward: the gradient's shape differs from the input's")
    if x.shape[0] * x.shape[2] == 0:
        raise ValueError("batch_norm_backward: no values per channel")
    memset(&job, 0, sizeof(job))
    if grad_input is not None:
        gx = grad_input
        if gx.shape[0] != x.shape[0] or gx.shape[1] != x.shape[1] or gx.shape[2] != x.shape[2]:
            raise ValueError("batch_norm_backward: grad_input's shape differs from the input's")
    if x.shape[1] == 0:
        return
    if grad_input is not None:
        job.out = <char*>&gx[0, 0, 0]
        _strides_of(job.outs, gx.strides, 3, sizeof(real))
    if weight is not None:
        w = weight
        job.weight, job.weight_s = <const char*>&w[0], w.strides[0] // sizeof(real)
    job.x, job.g, job.wide = <const char*>&x[0, 0, 0], <const char*>&g[0, 0, 0], real is double
    job.images, job.channels, job.length = x.shape[0], x.shape[1], x.shape[2]
    _strides_of(job.xs, x.strides, 3, sizeof(real))
    _strides_of(job.gs, g.strides, 3, sizeof(real))
    job.mean, job.mean_s = <char*>&mean[0], mean.strides[0] // sizeof(real)
    job.invstd, job.invstd_s = <char*>&invstd[0], invstd.strides[0] // sizeof(real)
    job.grad_weight, job.grad_weight_s = <char*>&grad_weight[0], grad_weight.strides[0] // sizeof(real)
    job.grad_bias, job.grad_bias_s = <char*>&grad_bias[0], grad_bias.strides[0] // sizeof(real)
    _run_batch_norm(&job, tl_batch_norm_backward_chunk)


def threshold_backward(const real[::1] g, const real[::1] x, double threshold, real[::1] out):
    """``out = x <= threshold ? 0 : g`` elementwise over contiguous arrays of one length (``g``
    passes where ``x`` is NaN)."""
    if out.shape[0] == 0:
        return
    if g.shape[0] != out.shape[0] or x.shape[0] != out.shape[0]:
        raise ValueError("threshold_backward: the arrays' lengths differ")
    with nogil:
        if real is float:
            tl_threshold_backward_f(&g[0], &x[0], <float>threshold, &out[0], out.shape[0])
        else:
            tl_threshold_backward_d(&g[0], &x[0], threshold, &out[0], out.shape[0])
