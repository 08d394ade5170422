# cython: cdivision=True, boundscheck=False, wraparound=False
# distutils: extra_compile_args = -fno-math-errno -fno-trapping-math
"""The optimisers' per-parameter updates in one pass over the elements.

``adam_update``, ``sgd_update``, ``rmsprop_update`` and ``adagrad_update`` run, element
by element, the float operations that the optimisers' tensor-op sequences
(tensorlib/optim/adam.py, sgd.py, rmsprop.py, adagrad.py) run tensor by tensor, in
the same order and with the same roundings:

- every hyper-parameter is rounded to the parameter's dtype where the op would
  round the Python number (``mul_(beta2)``, ``add_(eps)``, ``alpha=``, ``value=``);
- ``add(alpha=)``, ``addcmul`` and the momentum ``axpby`` are fused multiply-adds
  (one rounding), ``lerp`` is PyTorch's two-sided formula (``start + w * diff``
  where ``|w| < 0.5``, else ``end - diff * (1 - w)``, each one multiply-add);
- the square root is the one tensorlib's ``sqrt`` uses: MKL's vector math
  function (its address given by the caller; its high-accuracy mode is not
  always correctly rounded) or, without it, the correctly rounded C ``sqrt``.

The elements run in blocks of ``TL_OPT_BLOCK``: the moments of a block, then its
square roots (one vector-math call), then its parameter update.  Large parameters
are cut into chunks that the kernels' thread pool runs; every element's value is
independent of the cut.  The kernels run only on C-contiguous, aligned, writeable,
native float32/float64 arrays of one shape that do not overlap (checked here; an
update answers None or False, having changed nothing, for any other).
"""
cimport numpy as cnp
from libc.math cimport pow as c_pow, fabs
from tensorlib._pool cimport chunk_fn, parallel_run, pool_threads

cnp.import_array()


cdef extern from *:
    """
    #include <math.h>
    #include <stddef.h>
    #define TL_OPT_BLOCK 1024
    typedef void (*tl_vml_fn)(int n, const void* src, void* dst, long long mode);

    /* per-element loops, compiled twice -- baseline x86-64 (fma/fmaf from the C library) and
       AVX2+FMA (one instruction, vectorised); both round each multiply-add once */
    #define TL_OPT_LOOPS(T, DT, FMA, SUFFIX, ATTR)                                              \\
    ATTR static void tl_adam_moments_##DT##_##SUFFIX(                                           \\
            T* p, const T* g, T* m, T* v, ptrdiff_t n, int decay, T decay_factor,               \\
            int l2, T wd, int maximize, int near_start, T w, T one_minus_w, T beta2,            \\
            T one_minus_beta2) {                                                                \\
        /* the flags select values rather than branch, so that the loop vectorises */           \\
        for (ptrdiff_t i = 0; i < n; i++) {                                                     \\
            T pi = p[i];                                                                        \\
            pi = decay ? pi * decay_factor : pi;                                                \\
            p[i] = pi;                                                                          \\
            T gi = maximize ? -g[i] : g[i];                                                     \\
            gi = l2 ? FMA(pi, wd, gi) : gi;                                                     \\
            T mi = m[i], diff = gi - mi;                                                        \\
            m[i] = near_start ? FMA(w, diff, mi) : FMA(-diff, one_minus_w, gi);                 \\
            v[i] = FMA(one_minus_beta2 * gi, gi, v[i] * beta2);                                 \\
        }                                                                                       \\
    }                                                                                           \\
    ATTR static void tl_running_max_##DT##_##SUFFIX(T* vmax, const T* v, ptrdiff_t n) {         \\
        /* maximum(vmax, v): NaN from either side propagates */                                 \\
        for (ptrdiff_t i = 0; i < n; i++) {                                                     \\
            T x = vmax[i], vi = v[i];                                                           \\
            vmax[i] = (x < vi || vi != vi) ? vi : x;                                            \\
        }                                                                                       \\
    }                                                                                           \\
    ATTR static void tl_adam_apply_##DT##_##SUFFIX(                                             \\
            T* p, const T* m, const T* root, ptrdiff_t n, T bias2_sqrt, T eps, T neg_step) {    \\
        for (ptrdiff_t i = 0; i < n; i++) {                                                     \\
            T denom = root[i] / bias2_sqrt + eps;                                               \\
            p[i] = p[i] + (neg_step * m[i]) / denom;                                            \\
        }                                                                                       \\
    }                                                                                           \\
    ATTR static void tl_sgd_##DT##_##SUFFIX(                                                    \\
            T* p, const T* g, T* buf, ptrdiff_t n, int maximize, int l2, T wd, int first,       \\
            T momentum, T one_minus_dampening, int nesterov, T neg_lr) {                        \\
        for (ptrdiff_t i = 0; i < n; i++) {                                                     \\
            T gi = g[i];                                                                        \\
            if (maximize) gi = -gi;                                                             \\
            if (l2) gi = FMA(p[i], wd, gi);                                                     \\
            if (buf) {                                                                          \\
                T b = first ? gi : FMA(gi, one_minus_dampening, buf[i] * momentum);             \\
                buf[i] = b;                                                                     \\
                gi = nesterov ? FMA(b, momentum, gi) : b;                                       \\
            }                                                                                   \\
            p[i] = FMA(gi, neg_lr, p[i]);                                                       \\
        }                                                                                       \\
    }                                                                                           \\
    ATTR static void tl_rms_moments_##DT##_##SUFFIX(                                            \\
            const T* p, const T* g, T* v, T* dir, T* root, ptrdiff_t n, int maximize, int l2,   \\
            T wd, T alpha, T one_minus_alpha) {                                                 \\
        for (ptrdiff_t i = 0; i < n; i++) {                                                     \\
            T gi = maximize ? -g[i] : g[i];                                                     \\
            gi = l2 ? FMA(p[i], wd, gi) : gi;                                                   \\
            dir[i] = gi;                                                                        \\
            T vi = FMA(one_minus_alpha * gi, gi, v[i] * alpha);                                 \\
            v[i] = vi;                                                                          \\
            root[i] = vi;                                                                       \\
        }                                                                                       \\
    }                                                                                           \\
    ATTR static void tl_rms_centre_##DT##_##SUFFIX(                                             \\
            T* m, const T* dir, T* root, ptrdiff_t n, int near_start, T w, T one_minus_w) {     \\
        for (ptrdiff_t i = 0; i < n; i++) {                                                     \\
            T gi = dir[i], mi = m[i], diff = gi - mi;                                           \\
            mi = near_start ? FMA(w, diff, mi) : FMA(-diff, one_minus_w, gi);                   \\
            m[i] = mi;                                                                          \\
            root[i] = FMA(-mi, mi, root[i]);                                                    \\
        }                                                                                       \\
    }                                                                                           \\
    ATTR static void tl_rms_apply_##DT##_##SUFFIX(                                              \\
            T* p, const T* dir, const T* root, ptrdiff_t n, T eps, T neg_lr) {                  \\
        for (ptrdiff_t i = 0; i < n; i++) {                                                     \\
            T avg = root[i] + eps;                                                              \\
            p[i] = p[i] + (neg_lr * dir[i]) / avg;                                              \\
        }                                                                                       \\
    }                                                                                           \\
    ATTR static void tl_rms_apply_momentum_##DT##_##SUFFIX(                                     \\
            T* p, const T* dir, const T* root, T* buf, ptrdiff_t n, T eps, T momentum,          \\
            T neg_lr) {                                                                         \\
        for (ptrdiff_t i = 0; i < n; i++) {                                                     \\
            T avg = root[i] + eps;                                                              \\
            T b = buf[i] * momentum + dir[i] / avg;                                             \\
            buf[i] = b;                                                                         \\
            p[i] = FMA(b, neg_lr, p[i]);                                                        \\
        }                                                                                       \\
    }

    #define TL_OPT_ALL(SUFFIX, ATTR)                                                            \\
    TL_OPT_LOOPS(float, f, fmaf, SUFFIX, ATTR)                                           \\
    TL_OPT_LOOPS(double, d, fma, SUFFIX, ATTR)

    TL_OPT_ALL(base, )
    #if defined(__GNUC__) && (defined(__x86_64__) || defined(__i386__))
    #define TL_OPT_FMA_BUILD 1
    TL_OPT_ALL(fma, __attribute__((target("avx2,fma"))))
    #endif

    #include "_cpu_level.h"
    static int tl_opt_has_fma = -1;
    static int tl_opt_fma_ok(void) {
        if (tl_opt_has_fma < 0)
            tl_opt_has_fma = tl_cpu_level() >= 1;
        return tl_opt_has_fma;
    }
    #ifdef TL_OPT_FMA_BUILD
    #define TL_OPT_PICK(NAME, ...) (tl_opt_fma_ok() ? NAME##_fma(__VA_ARGS__) : NAME##_base(__VA_ARGS__))
    #else
    #define TL_OPT_PICK(NAME, ...) NAME##_base(__VA_ARGS__)
    #endif

    /* what every update reads first: the parameter, its gradient, their length and dtype, and
       how the gradient becomes the direction (negated with maximize, plus the L2 term) */
    typedef struct {
        char *p, *g;
        ptrdiff_t n;
        int is_double, maximize, l2;
        double wd;
    } tl_direction;

    /* the hyper-parameters of one Adam update (the loops round them to the parameter's dtype) */
    typedef struct {
        tl_direction d;
        char *m, *v, *vmax;
        int decay, near_start;
        double decay_factor, w, one_minus_w, beta2, one_minus_beta2, bias2_sqrt, eps, neg_step;
        tl_vml_fn vml_sqrt;
        long long vml_mode;
    } tl_adam_job;

    #define TL_ADAM_RANGE(T, DT, SQRT)                                                          \\
    static void tl_adam_range_##DT(const tl_adam_job* j, ptrdiff_t lo, ptrdiff_t hi) {          \\
        T root[TL_OPT_BLOCK];                                                                   \\
        T *p = (T*)j->d.p, *g = (T*)j->d.g, *m = (T*)j->m, *v = (T*)j->v, *vmax = (T*)j->vmax;  \\
        T *second = vmax ? vmax : v;                                                            \\
        for (ptrdiff_t start = lo; start < hi; start += TL_OPT_BLOCK) {                         \\
            ptrdiff_t nb = hi - start < TL_OPT_BLOCK ? hi - start : TL_OPT_BLOCK;               \\
            TL_OPT_PICK(tl_adam_moments_##DT, p + start, g + start, m + start, v + start, nb,   \\
                        j->decay, (T)j->decay_factor, j->d.l2, (T)j->d.wd, j->d.maximize,       \\
                        j->near_start, (T)j->w, (T)j->one_minus_w, (T)j->beta2,                 \\
                        (T)j->one_minus_beta2);                                                 \\
            if (vmax) TL_OPT_PICK(tl_running_max_##DT, vmax + start, v + start, nb);            \\
            if (j->vml_sqrt) {                                                                  \\
                j->vml_sqrt((int)nb, second + start, root, j->vml_mode);                        \\
            } else {                                                                            \\
                for (ptrdiff_t i = 0; i < nb; i++) root[i] = SQRT(second[start + i]);           \\
            }                                                                                   \\
            TL_OPT_PICK(tl_adam_apply_##DT, p + start, m + start, root, nb,                     \\
                        (T)j->bias2_sqrt, (T)j->eps, (T)j->neg_step);                           \\
        }                                                                                       \\
    }
    TL_ADAM_RANGE(float, f, sqrtf)
    TL_ADAM_RANGE(double, d, sqrt)

    static void tl_adam_range(const tl_adam_job* j, ptrdiff_t lo, ptrdiff_t hi) {
        if (j->d.is_double) tl_adam_range_d(j, lo, hi); else tl_adam_range_f(j, lo, hi);
    }

    typedef struct {
        tl_direction d;
        char *buf;
        int first, nesterov;
        double momentum, one_minus_dampening, neg_lr;
    } tl_sgd_job;

    static void tl_sgd_range(const tl_sgd_job* j, ptrdiff_t lo, ptrdiff_t hi) {
        if (j->d.is_double) {
            TL_OPT_PICK(tl_sgd_d, (double*)j->d.p + lo, (double*)j->d.g + lo,
                        j->buf ? (double*)j->buf + lo : NULL, hi - lo, j->d.maximize, j->d.l2, j->d.wd,
                        j->first, j->momentum, j->one_minus_dampening, j->nesterov, j->neg_lr);
        } else {
            TL_OPT_PICK(tl_sgd_f, (float*)j->d.p + lo, (float*)j->d.g + lo,
                        j->buf ? (float*)j->buf + lo : NULL, hi - lo, j->d.maximize, j->d.l2, (float)j->d.wd,
                        j->first, (float)j->momentum, (float)j->one_minus_dampening, j->nesterov,
                        (float)j->neg_lr);
        }
    }

    /* RMSprop (Adagrad: alpha = 1, no momentum, no centring) */
    typedef struct {
        tl_direction d;
        char *v, *m, *buf;
        int near_start;
        double alpha, one_minus_alpha, w, one_minus_w, eps, momentum, neg_lr;
        tl_vml_fn vml_sqrt;
        long long vml_mode;
    } tl_rms_job;

    #define TL_RMS_RANGE(T, DT, SQRT)                                                           \\
    static void tl_rms_range_##DT(const tl_rms_job* j, ptrdiff_t lo, ptrdiff_t hi) {            \\
        T dir[TL_OPT_BLOCK], root[TL_OPT_BLOCK];                                                \\
        T *p = (T*)j->d.p, *g = (T*)j->d.g, *v = (T*)j->v, *m = (T*)j->m, *buf = (T*)j->buf;    \\
        for (ptrdiff_t start = lo; start < hi; start += TL_OPT_BLOCK) {                         \\
            ptrdiff_t nb = hi - start < TL_OPT_BLOCK ? hi - start : TL_OPT_BLOCK;               \\
            TL_OPT_PICK(tl_rms_moments_##DT, p + start, g + start, v + start, dir, root, nb,    \\
                        j->d.maximize, j->d.l2, (T)j->d.wd, (T)j->alpha, (T)j->one_minus_alpha); \\
            if (m) TL_OPT_PICK(tl_rms_centre_##DT, m + start, dir, root, nb, j->near_start,     \\
                               (T)j->w, (T)j->one_minus_w);                                     \\
            if (j->vml_sqrt) {                                                                  \\
                j->vml_sqrt((int)nb, root, root, j->vml_mode);                                  \\
            } else {                                                                            \\
                for (ptrdiff_t i = 0; i < nb; i++) root[i] = SQRT(root[i]);                     \\
            }                                                                                   \\
            if (buf) TL_OPT_PICK(tl_rms_apply_momentum_##DT, p + start, dir, root, buf + start, \\
                                 nb, (T)j->eps, (T)j->momentum, (T)j->neg_lr);                  \\
            else TL_OPT_PICK(tl_rms_apply_##DT, p + start, dir, root, nb, (T)j->eps,            \\
                             (T)j->neg_lr);                                                     \\
        }                                                                                       \\
    }
    TL_RMS_RANGE(float, f, sqrtf)
    TL_RMS_RANGE(double, d, sqrt)

    static void tl_rms_range(const tl_rms_job* j, ptrdiff_t lo, ptrdiff_t hi) {
        if (j->d.is_double) tl_rms_range_d(j, lo, hi); else tl_rms_range_f(j, lo, hi);
    }
    """
    ctypedef void (*tl_vml_fn)(int n, const void* src, void* dst, long long mode) noexcept nogil
    ctypedef struct tl_direction:
        char* p
        char* g
        Py_ssize_t n
        int is_double, maximize, l2
        double wd
    ctypedef struct tl_adam_job:
        tl_direction d
        char* m
        char* v
        char* vmax
        int decay, near_start
        double decay_factor, w, one_minus_w, beta2, one_minus_beta2, bias2_sqrt, eps, neg_step
        tl_vml_fn vml_sqrt
        long long vml_mode
    ctypedef struct tl_sgd_job:
        tl_direction d
        char* buf
        int first, nesterov
        double momentum, one_minus_dampening, neg_lr
    ctypedef struct tl_rms_job:
        tl_direction d
        char* v
        char* m
        char* buf
        int near_start
        double alpha, one_minus_alpha, w, one_minus_w, eps, momentum, neg_lr
        tl_vml_fn vml_sqrt
        long long vml_mode
    void tl_rms_range(const tl_rms_job* j, Py_ssize_t lo, Py_ssize_t hi) noexcept nogil
    int tl_opt_has_fma
    int tl_opt_fma_ok() noexcept nogil
    void tl_adam_range(const tl_adam_job* j, Py_ssize_t lo, Py_ssize_t hi) noexcept nogil
    void tl_sgd_range(const tl_sgd_job* j, Py_ssize_t lo, Py_ssize_t hi) noexcept nogil


cdef enum:
    # From two chunks a second thread pays for itself (with the pool's helpers polling between
    # a step's jobs: a 27648-element AdamW step measured 75 -> 46 us); chunks are whole blocks.
    PAR_MIN = 16385
    CHUNK = 16384
    # Below this many elements, releasing the GIL costs more than it lets others run.
    NOGIL_MIN = 16384


cdef inline Py_ssize_t chunk_bound(Py_ssize_t n, Py_ssize_t c) noexcept nogil:
    return n if c * CHUNK > n else c * CHUNK


cdef void adam_chunk(void* ctx, Py_ssize_t c) noexcept nogil:
    cdef tl_adam_job* job = <tl_adam_job*>ctx
    tl_adam_range(job, chunk_bound(job.d.n, c), chunk_bound(job.d.n, c + 1))


cdef void sgd_chunk(void* ctx, Py_ssize_t c) noexcept nogil:
    cdef tl_sgd_job* job = <tl_sgd_job*>ctx
    tl_sgd_range(job, chunk_bound(job.d.n, c), chunk_bound(job.d.n, c + 1))


cdef void rms_chunk(void* ctx, Py_ssize_t c) noexcept nogil:
    cdef tl_rms_job* job = <tl_rms_job*>ctx
    tl_rms_range(job, chunk_bound(job.d.n, c), chunk_bound(job.d.n, c + 1))


cdef void set_direction(tl_direction* d, cnp.ndarray param, cnp.ndarray grad, bint maximize, double weight_decay,
                        bint l2) noexcept:
    """The parameter and gradient of an update, and its direction's terms (``l2``: the weight
    decay is added to the gradient, when not 0)."""
    d.p, d.g = cnp.PyArray_BYTES(param), cnp.PyArray_BYTES(grad)
    d.n = cnp.PyArray_SIZE(param)
    d.is_double = float_type(param) == cnp.NPY_DOUBLE
    d.maximize = maximize
    d.l2 = l2 and weight_decay != 0
    d.wd = weight_decay


cdef bint lerp_weight(double weight, bint is_double, double* w, double* one_minus_w) noexcept:
    """lerp's weight as the op takes it -- rounded to the dtype, ``1 - w`` in the dtype -- and
    which side its formula starts from (True: ``start + w * diff``, for ``|w| < 0.5``)."""
    if is_double:
        w[0] = weight
        one_minus_w[0] = 1 - weight
    else:
        w[0] = <float>weight
        one_minus_w[0] = <float>1 - <float>weight
    return fabs(w[0]) < 0.5


cdef void execute(chunk_fn run_chunk, void* job, Py_ssize_t n) noexcept:
    """Runs the ``CHUNK``-element chunks of a job over ``n`` elements: on the thread pool when
    large, else in turn on this thread (without the GIL when it pays)."""
    cdef Py_ssize_t c, nchunks = (n + CHUNK - 1) // CHUNK
    if pool_threads() > 1 and n >= PAR_MIN:
        with nogil:
            parallel_run(run_chunk, job, nchunks)
    elif n >= NOGIL_MIN:
        with nogil:
            for c in range(nchunks):
                run_chunk(job, c)
    else:
        for c in range(nchunks):
            run_chunk(job, c)


cdef bint plain(cnp.ndarray a, int typenum, cnp.ndarray like) noexcept:
    """a is a writeable, aligned, native, C-contiguous array of ``typenum`` and like's shape."""
    cdef int d
    if cnp.PyArray_TYPE(a) != typenum or not cnp.PyArray_IS_C_CONTIGUOUS(a) or not cnp.PyArray_ISWRITEABLE(a) \
            or not cnp.PyArray_ISALIGNED(a) or not cnp.PyArray_ISNOTSWAPPED(a) \
            or cnp.PyArray_NDIM(a) != cnp.PyArray_NDIM(like):
        return False
    for d in range(cnp.PyArray_NDIM(a)):
        if cnp.PyArray_DIMS(a)[d] != cnp.PyArray_DIMS(like)[d]:
            return False
    return True


cdef bint disjoint(list arrays) noexcept:
    """No two of the (contiguous, equally long) arrays share a byte."""
    cdef Py_ssize_t i, k, nbytes
    cdef char* a
    cdef char* b
    for i in range(len(arrays)):
        a = cnp.PyArray_BYTES(<cnp.ndarray>arrays[i])
        nbytes = cnp.PyArray_NBYTES(<cnp.ndarray>arrays[i])
        for k in range(i):
            b = cnp.PyArray_BYTES(<cnp.ndarray>arrays[k])
            if a < b + nbytes and b < a + nbytes:
                return False
    return True


cdef int float_type(cnp.ndarray a) noexcept:
    """NPY_FLOAT or NPY_DOUBLE for such an array, else -1."""
    cdef int t = cnp.PyArray_TYPE(a)
    return t if t == cnp.NPY_FLOAT or t == cnp.NPY_DOUBLE else -1


def adam_update(cnp.ndarray param not None, cnp.ndarray grad not None, cnp.ndarray exp_avg not None,
                cnp.ndarray exp_avg_sq not None, cnp.ndarray max_exp_avg_sq, cnp.ndarray step not None,
                double lr, double beta1, double beta2, double eps, double weight_decay, bint decoupled,
                bint maximize, size_t vml_sqrt, long long vml_mode):
    """One Adam/AdamW step of one parameter in place, as adam.py's op sequence computes it:
    ``step`` (a 0-d float32/float64 array) advanced by one in its dtype; ``param`` decayed
    (``decoupled``: by ``1 - lr * weight_decay``) or the L2 term added to the (negated, with
    ``maximize``) gradient; ``exp_avg`` lerped towards it by ``1 - beta1``; ``exp_avg_sq``
    times ``beta2`` plus ``(1 - beta2) * g * g``; ``max_exp_avg_sq`` (None without amsgrad) its
    running maximum; then ``param += -step_size * exp_avg / (sqrt(second) / bias2_sqrt + eps)``
    with the bias corrections of the new step computed in double as Python does.  The square
    root is the vector-math function at address ``vml_sqrt`` (called with ``vml_mode``), or C's
    ``sqrt`` when it is 0.  Returns the new step number, or None (nothing changed) when an
    array is not as required: float32/float64 of one dtype and shape, C-contiguous, aligned,
    writeable, disjoint."""
    cdef tl_adam_job job
    cdef list arrays = [param, grad, exp_avg, exp_avg_sq]
    cdef double bias1
    if max_exp_avg_sq is not None:
        arrays.append(max_exp_avg_sq)
    if not usable_arrays(arrays, float_type(param)):
        return None
    count = advance_step(step)
    if count is None:
        return None
    set_direction(&job.d, param, grad, maximize, weight_decay, not decoupled)
    job.m, job.v = cnp.PyArray_BYTES(exp_avg), cnp.PyArray_BYTES(exp_avg_sq)
    job.vmax = NULL if max_exp_avg_sq is None else cnp.PyArray_BYTES(max_exp_avg_sq)
    job.decay = decoupled and weight_decay != 0
    job.decay_factor = 1 - lr * weight_decay
    job.near_start = lerp_weight(1 - beta1, job.d.is_double, &job.w, &job.one_minus_w)
    job.beta2 = beta2
    job.one_minus_beta2 = 1 - beta2
    # the bias corrections as Python computes them: lr / (1 - beta1 ** t), (1 - beta2 ** t) ** 0.5
    bias1 = 1 - c_pow(beta1, count)
    job.neg_step = -(lr / bias1)
    job.bias2_sqrt = c_pow(1 - c_pow(beta2, count), 0.5)
    job.eps = eps
    job.vml_sqrt = <tl_vml_fn>vml_sqrt
    job.vml_mode = vml_mode
    execute(adam_chunk, &job, job.d.n)
    return count


def sgd_update(cnp.ndarray param not None, cnp.ndarray grad not None, cnp.ndarray momentum_buffer,
               double lr, double momentum, double dampening, double weight_decay, bint nesterov, bint maximize,
               bint first):
    """One SGD step of one parameter in place, as sgd.py's op sequence computes it: the
    (negated, with ``maximize``) gradient plus ``weight_decay * param``; with a
    ``momentum_buffer`` (None without momentum) the buffer set to it (``first``) or to
    ``momentum * buffer + (1 - dampening) * g``, the direction then ``g + momentum * buffer``
    (``nesterov``) or the buffer; ``param += -lr * direction``.  True when done; False
    (nothing changed) when an array is not as required (see adam_update)."""
    cdef tl_sgd_job job
    cdef list arrays = [param, grad]
    if momentum_buffer is not None:
        arrays.append(momentum_buffer)
    if not usable_arrays(arrays, float_type(param)):
        return False
    set_direction(&job.d, param, grad, maximize, weight_decay, True)
    job.buf = NULL if momentum_buffer is None else cnp.PyArray_BYTES(momentum_buffer)
    job.first = first
    job.momentum = momentum
    job.one_minus_dampening = 1 - dampening
    job.nesterov = nesterov
    job.neg_lr = -lr
    execute(sgd_chunk, &job, job.d.n)
    return True


cdef object advance_step(cnp.ndarray step):
    """``step += 1`` in its dtype for a writeable 0-d float32/float64 array: the new count as
    a double, or None (nothing changed) for another array."""
    cdef int step_type = float_type(step)
    if step_type < 0 or cnp.PyArray_NDIM(step) != 0 or not cnp.PyArray_ISWRITEABLE(step) \
            or not cnp.PyArray_ISALIGNED(step) or not cnp.PyArray_ISNOTSWAPPED(step):
        return None
    if step_type == cnp.NPY_FLOAT:
        (<float*>cnp.PyArray_DATA(step))[0] = (<float*>cnp.PyArray_DATA(step))[0] + <float>1
        return <double>(<float*>cnp.PyArray_DATA(step))[0]
    (<double*>cnp.PyArray_DATA(step))[0] = (<double*>cnp.PyArray_DATA(step))[0] + 1.0
    return (<double*>cnp.PyArray_DATA(step))[0]


cdef bint usable_arrays(list arrays, int t) noexcept:
    """The arrays (the parameter first) are float arrays of dtype ``t`` as the kernels require."""
    if t < 0:
        return False
    for a in arrays:
        if not plain(<cnp.ndarray>a, t, <cnp.ndarray>arrays[0]):
            return False
    return disjoint(arrays)


cdef void rms_job(tl_rms_job* job, cnp.ndarray param, cnp.ndarray grad, cnp.ndarray v, double weight_decay,
                  bint maximize, double eps, size_t vml_sqrt, long long vml_mode) noexcept:
    set_direction(&job.d, param, grad, maximize, weight_decay, True)
    job.v = cnp.PyArray_BYTES(v)
    job.m = NULL
    job.buf = NULL
    job.eps = eps
    job.vml_sqrt = <tl_vml_fn>vml_sqrt
    job.vml_mode = vml_mode


def rmsprop_update(cnp.ndarray param not None, cnp.ndarray grad not None, cnp.ndarray square_avg not None,
                   cnp.ndarray grad_avg, cnp.ndarray momentum_buffer, cnp.ndarray step not None, double lr,
                   double alpha, double eps, double weight_decay, double momentum, bint maximize, size_t vml_sqrt,
                   long long vml_mode):
    """One RMSprop step of one parameter in place, as rmsprop.py's op sequence computes it:
    ``step`` advanced by one; the (negated, with ``maximize``) gradient plus the L2 term;
    ``square_avg`` times ``alpha`` plus ``(1 - alpha) * g * g``; with ``grad_avg`` (centered;
    None otherwise) that lerped towards g by ``1 - alpha`` and ``avg = sqrt(square_avg -
    grad_avg**2) + eps``, else ``sqrt(square_avg) + eps``; with ``momentum_buffer`` (None when
    momentum is 0) ``buf = momentum * buf + g / avg`` and ``param -= lr * buf``, else ``param
    -= lr * g / avg``.  The square root as in adam_update.  The new step number, or None
    (nothing changed) when an array is not as adam_update requires."""
    cdef tl_rms_job job
    cdef list arrays = [param, grad, square_avg]
    if grad_avg is not None:
        arrays.append(grad_avg)
    if momentum_buffer is not None:
        arrays.append(momentum_buffer)
    rms_job(&job, param, grad, square_avg, weight_decay, maximize, eps, vml_sqrt, vml_mode)
    job.alpha = alpha
    job.one_minus_alpha = 1 - alpha
    job.near_start = lerp_weight(1 - alpha, job.d.is_double, &job.w, &job.one_minus_w)
    if grad_avg is not None:
        job.m = cnp.PyArray_BYTES(grad_avg)
    if momentum_buffer is not None:
        job.buf = cnp.PyArray_BYTES(momentum_buffer)
    job.momentum = momentum
    job.neg_lr = -lr
    if not usable_arrays(arrays, float_type(param)):
        return None
    count = advance_step(step)
    if count is not None:
        execute(rms_chunk, &job, job.d.n)
    return count


def adagrad_update(cnp.ndarray param not None, cnp.ndarray grad not None, cnp.ndarray state_sum not None,
                   cnp.ndarray step not None, double lr, double lr_decay, double eps, double weight_decay,
                   bint maximize, size_t vml_sqrt, long long vml_mode):
    """One Adagrad step of one parameter in place, as adagrad.py's op sequence computes it:
    ``step`` advanced by one; the (negated, with ``maximize``) gradient plus the L2 term;
    ``state_sum += g * g``; ``param -= clr * g / (sqrt(state_sum) + eps)`` with ``clr = lr /
    (1 + (step - 1) * lr_decay)`` in double.  The square root as in adam_update.  The new step
    number, or None (nothing changed) when an array is not as adam_update requires."""
    cdef tl_rms_job job
    rms_job(&job, param, grad, state_sum, weight_decay, maximize, eps, vml_sqrt, vml_mode)
    # RMSprop's loops with alpha 1: ``sum * 1`` and ``1 * g`` are exact, as addcmul_(value=1) is
    job.alpha = 1
    job.one_minus_alpha = 1
    job.momentum = 0
    if not usable_arrays([param, grad, state_sum], float_type(param)):
        return None
    count = advance_step(step)
    if count is not None:
        job.neg_lr = -(lr / (1 + (<double>count - 1) * lr_decay))
        execute(rms_chunk, &job, job.d.n)
    return count


def _use_fma(bint enabled):
    """Tests: False runs the baseline loops (fma/fmaf from the C library), True the AVX2+FMA
    ones where the CPU has them; returns whether those run."""
    global tl_opt_has_fma
    tl_opt_has_fma = -1
    if not enabled:
        tl_opt_has_fma = 0
    return bool(tl_opt_fma_ok())
