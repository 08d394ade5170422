# cython: cdivision=True, boundscheck=False, wraparound=False
# distutils: extra_compile_args = -fno-math-errno -fno-trapping-math
"""How an elementwise op runs, for the op modules: ``tensorlib._binary``
(``binary(op, a, b, out)``) and ``tensorlib._unary`` (``unary(op, a, out)``) hold
the (op, dtype) kernels and call the planning and execution here (declared in
tensorlib/_elementwise.pxd); ``axpby(alpha, x, beta, y)``, a fused kernel, runs
here too.

Every call runs in three steps:

1. Validation, with the GIL, before any unchecked loop: operands are ndarrays of
   one shape, ``a`` and ``b`` share a dtype, ``out`` has the result dtype and is
   writeable.  A mismatch raises ValueError; an (op, dtype) without a kernel, a
   byte-swapped or misaligned operand, or an ``out`` that partially overlaps an
   input returns False, and the caller falls back to NumPy.
2. ``build_plan`` reduces the operands' (shape, strides) to a minimal loop nest:
   size-1 dims are dropped, dims are ordered so ``out``'s smallest stride is the
   innermost loop, and neighbouring dims that step through memory as one for
   every operand are merged.  A contiguous (or same-layout) op becomes one flat
   loop; ``(1000, 1000) + (1000,)`` a 1000 x 1000 nest whose inner loop reads ``b``
   contiguously.
3. Once the op is big enough to pay for a second thread (64K elements, 8K for
   libm-heavy ops), the flat element range is cut into chunks (16K / 2K elements
   or more, up to 16 a thread) that the calling thread and the helpers of the
   pool (``tensorlib._pool``) claim from a counter; each chunk walks its rows and
   calls the (op, dtype) kernel on each.  The kernels (generated per op and dtype
   from a C expression) have plain typed loops for the contiguous and
   scalar-broadcast cases, which the C compiler vectorises, and a strided loop.
"""
cimport numpy as cnp
from tensorlib._kernel_common cimport MAX_DIMS, compute_dtype, DT_FLOAT32, DT_FLOAT64
from tensorlib._pool cimport parallel_run, pool_threads

cnp.import_array()


cdef extern from *:
    """
    #include <math.h>
    #include <stddef.h>
    #include <stdint.h>
    #include <string.h>
    /* tanh's gradient g * (1 - y * y) in the composed ops' steps: -y as y times -1 (keeping a
       nan's sign, as their product does; volatile, so that it is not folded into a negation),
       one fused multiply-add, then the product with g, whose nan wins when both are nans (the
       product's first operand, which the compiler may swap: chosen here, quieted) */
    #define TL_TANH_GRAD(NAME, T, U, QUIET, FMA, ATTR)                                          \\
    ATTR static void NAME(T* o, const T* g, const T* y, ptrdiff_t n, ptrdiff_t sg) {            \\
        volatile T minus_one_v = -1;                                                            \\
        T minus_one = minus_one_v, gi, r;                                                       \\
        U bits;                                                                                 \\
        for (ptrdiff_t i = 0; i < n; i++) {                                                     \\
            gi = g[i * sg];                                                                     \\
            r = gi * FMA(y[i] * minus_one, y[i], (T)1);                                         \\
            memcpy(&bits, &gi, sizeof bits);                                                    \\
            bits |= QUIET;                                                                      \\
            memcpy(&gi, &bits, sizeof bits);                                                    \\
            o[i] = r != r && g[i * sg] != g[i * sg] ? gi : r;                                   \\
        }                                                                                       \\
    }

    /* fused multiply-add loops, compiled twice -- for baseline x86-64 (fma/fmaf from the C
       library, one call an element) and for AVX2+FMA (one instruction, vectorised) -- the CPU
       picks at import; both round once */
    #define TL_FMA_LOOPS(SUFFIX, ATTR)                                                          \\
    ATTR static void tl_axpby_f_##SUFFIX(float* y, const float* x, ptrdiff_t lo, ptrdiff_t hi,  \\
                                         float a, float b) {                                    \\
        for (ptrdiff_t i = lo; i < hi; i++) y[i] = fmaf(x[i], a, y[i] * b);                     \\
    }                                                                                           \\
    ATTR static void tl_axpby_d_##SUFFIX(double* y, const double* x, ptrdiff_t lo, ptrdiff_t hi, \\
                                         double a, double b) {                                  \\
        for (ptrdiff_t i = lo; i < hi; i++) y[i] = fma(x[i], a, y[i] * b);                      \\
    }                                                                                           \\
    ATTR static void tl_fma_f_##SUFFIX(float* o, const float* x, const float* y, const float* z, \\
                                       ptrdiff_t n, ptrdiff_t sx, ptrdiff_t sy, ptrdiff_t sz) {  \\
        for (ptrdiff_t i = 0; i < n; i++) o[i] = fmaf(x[i * sx], y[i * sy], z[i * sz]);         \\
    }                                                                                           \\
    ATTR static void tl_fma_d_##SUFFIX(double* o, const double* x, const double* y,              \\
                                       const double* z, ptrdiff_t n, ptrdiff_t sx, ptrdiff_t sy, \\
                                       ptrdiff_t sz) {                                          \\
        for (ptrdiff_t i = 0; i < n; i++) o[i] = fma(x[i * sx], y[i * sy], z[i * sz]);          \\
    }                                                                                           \\
    TL_TANH_GRAD(tl_tanh_grad_f_##SUFFIX, float, uint32_t, 0x400000u, fmaf, ATTR)              \\
    TL_TANH_GRAD(tl_tanh_grad_d_##SUFFIX, double, uint64_t, 0x8000000000000ull, fma, ATTR)

    TL_FMA_LOOPS(base, )
    #if defined(__GNUC__) && (defined(__x86_64__) || defined(__i386__))
    #define TL_FMA_BUILD 1
    TL_FMA_LOOPS(fma, __attribute__((target("avx2,fma"))))
    #endif

    #include "_cpu_level.h"
    static int tl_has_fma = -1;
    static int tl_fma_ok(void) {
        if (tl_has_fma < 0)
            tl_has_fma = tl_cpu_level() >= 1;
        return tl_has_fma;
    }
    #ifdef TL_FMA_BUILD
    #define TL_PICK(NAME, ...) (tl_fma_ok() ? NAME##_fma(__VA_ARGS__) : NAME##_base(__VA_ARGS__))
    #else
    #define TL_PICK(NAME, ...) NAME##_base(__VA_ARGS__)
    #endif
    static void tl_axpby_f(float* y, const float* x, ptrdiff_t lo, ptrdiff_t hi, float a, float b) {
        TL_PICK(tl_axpby_f, y, x, lo, hi, a, b);
    }
    static void tl_axpby_d(double* y, const double* x, ptrdiff_t lo, ptrdiff_t hi, double a, double b) {
        TL_PICK(tl_axpby_d, y, x, lo, hi, a, b);
    }
    static void tl_fma_f(float* o, const float* x, const float* y, const float* z, ptrdiff_t n,
                         ptrdiff_t sx, ptrdiff_t sy, ptrdiff_t sz) {
        TL_PICK(tl_fma_f, o, x, y, z, n, sx, sy, sz);
    }
    static void tl_fma_d(double* o, const double* x, const double* y, const double* z, ptrdiff_t n,
                         ptrdiff_t sx, ptrdiff_t sy, ptrdiff_t sz) {
        TL_PICK(tl_fma_d, o, x, y, z, n, sx, sy, sz);
    }
    static void tl_tanh_grad_f(float* o, const float* g, const float* y, ptrdiff_t n, ptrdiff_t sg) {
        TL_PICK(tl_tanh_grad_f, o, g, y, n, sg);
    }
    static void tl_tanh_grad_d(double* o, const double* g, const double* y, ptrdiff_t n, ptrdiff_t sg) {
        TL_PICK(tl_tanh_grad_d, o, g, y, n, sg);
    }
    """
    void tl_axpby_f(float* y, const float* x, Py_ssize_t lo, Py_ssize_t hi, float a, float b) noexcept nogil
    void tl_axpby_d(double* y, const double* x, Py_ssize_t lo, Py_ssize_t hi, double a, double b) noexcept nogil
    void tl_fma_f(float* o, const float* x, const float* y, const float* z, Py_ssize_t n, Py_ssize_t sx,
                  Py_ssize_t sy, Py_ssize_t sz) noexcept nogil
    void tl_fma_d(double* o, const double* x, const double* y, const double* z, Py_ssize_t n, Py_ssize_t sx,
                  Py_ssize_t sy, Py_ssize_t sz) noexcept nogil
    void tl_tanh_grad_f(float* o, const float* g, const float* y, Py_ssize_t n, Py_ssize_t sg) noexcept nogil
    void tl_tanh_grad_d(double* o, const double* g, const double* y, Py_ssize_t n, Py_ssize_t sg) noexcept nogil


cdef enum:
    # Elements from which a second thread pays for itself, by op cost.  A cheap op
    # on 64K float32 (768 KiB moved) runs ~20 us; waking a thread costs a few us.
    PAR_MIN_CHEAP = 65536
    PAR_MIN_COSTLY = 8192
    CHUNK_MIN_CHEAP = 16384
    CHUNK_MIN_COSTLY = 2048
    CHUNK_MAX_CHEAP = 262144
    CHUNK_MAX_COSTLY = 16384
    # Below this many elements, releasing the GIL costs more than it lets others run.
    NOGIL_MIN = 16384


# ---------------------------------------------------------------- planning

cdef void extent(cnp.ndarray a, char** lo, char** hi) noexcept:
    """[lo, hi): the bytes a's elements occupy (a non-empty)."""
    cdef int d
    cdef npy_intp_t* shape = cnp.PyArray_DIMS(a)
    cdef npy_intp_t* strides = cnp.PyArray_STRIDES(a)
    cdef char* low = cnp.PyArray_BYTES(a)
    cdef char* high = low
    for d in range(cnp.PyArray_NDIM(a)):
        if strides[d] < 0:
            low += (shape[d] - 1) * strides[d]
        else:
            high += (shape[d] - 1) * strides[d]
    lo[0] = low
    hi[0] = high + cnp.PyArray_ITEMSIZE(a)


cdef bint bad_overlap(cnp.ndarray out, cnp.ndarray a) noexcept:
    """out shares memory with a without being a's exact alias (same data, layout, width):
    the loops would read elements they already wrote."""
    cdef char* olo
    cdef char* ohi
    cdef char* alo
    cdef char* ahi
    cdef int d
    extent(out, &olo, &ohi)
    extent(a, &alo, &ahi)
    if ohi <= alo or ahi <= olo:
        return False
    if (cnp.PyArray_BYTES(out) != cnp.PyArray_BYTES(a)
            or cnp.PyArray_ITEMSIZE(out) != cnp.PyArray_ITEMSIZE(a)):
        return True
    for d in range(cnp.PyArray_NDIM(out)):
        if (cnp.PyArray_DIMS(out)[d] > 1
                and cnp.PyArray_STRIDES(out)[d] != cnp.PyArray_STRIDES(a)[d]):
            return True
    return False


cdef void build_plan(Plan* p, int nop, int ndim, npy_intp_t* shape, npy_intp_t** strides,
                     char** data) noexcept:
    """Minimal loop nest over ``shape`` for ``nop`` operands (out last); shape non-empty."""
    cdef int d, k, j, nd = 0
    cdef Py_ssize_t s, tmp
    cdef bint merge
    p.nop = nop
    p.size = 1
    for k in range(nop):
        p.data[k] = data[k]
    for d in range(ndim):
        if shape[d] == 1:
            continue
        p.shape[nd] = shape[d]
        p.size *= shape[d]
        for k in range(nop):
            p.strides[k][nd] = strides[k][d]
        nd += 1
    # order: out's |stride| descending, so the innermost loop has the smallest (stable
    # insertion sort: equal strides keep their order)
    for d in range(1, nd):
        j = d
        while j > 0 and _abs(p.strides[nop - 1][j - 1]) < _abs(p.strides[nop - 1][j]):
            tmp = p.shape[j]
            p.shape[j] = p.shape[j - 1]
            p.shape[j - 1] = tmp
            for k in range(nop):
                tmp = p.strides[k][j]
                p.strides[k][j] = p.strides[k][j - 1]
                p.strides[k][j - 1] = tmp
            j -= 1
    # merge dim d into the kept outer one when every operand steps through both as one
    j = 0
    for d in range(1, nd):
        merge = True
        for k in range(nop):
            if p.strides[k][j] != p.strides[k][d] * p.shape[d]:
                merge = False
                break
        if merge:
            p.shape[j] *= p.shape[d]
            for k in range(nop):
                p.strides[k][j] = p.strides[k][d]
        else:
            j += 1
            p.shape[j] = p.shape[d]
            for k in range(nop):
                p.strides[k][j] = p.strides[k][d]
    if nd == 0:                  # a single element
        p.shape[0] = 1
        for k in range(nop):
            p.strides[k][0] = 0
        j = 0
    p.ndim = j + 1


cdef inline Py_ssize_t _abs(Py_ssize_t v) noexcept nogil:
    return -v if v < 0 else v


# ---------------------------------------------------------------- execution

cdef void run_range(Plan* p, kernel_t kernel, Py_ssize_t lo, Py_ssize_t hi, int* err) noexcept nogil:
    """Runs elements [lo, hi) of the plan's row-major order, a row (or part) per kernel call."""
    cdef Py_ssize_t idx[MAX_DIMS]
    cdef char* ptr[3]
    cdef Py_ssize_t steps[3]
    cdef int nd = p.ndim, nop = p.nop, d, k
    cdef Py_ssize_t rem = lo, inner = p.shape[nd - 1], count, left
    for k in range(nop):
        ptr[k] = p.data[k]
        steps[k] = p.strides[k][nd - 1]
    d = nd - 1
    while d >= 0:
        idx[d] = rem % p.shape[d]
        rem = rem // p.shape[d]
        for k in range(nop):
            ptr[k] += idx[d] * p.strides[k][d]
        d -= 1
    left = hi - lo
    while left > 0:
        count = inner - idx[nd - 1]
        if count > left:
            count = left
        kernel(ptr, count, steps, err)
        left -= count
        if left == 0:
            break
        # the row is done: back to its start, then carry into the outer dims
        for k in range(nop):
            ptr[k] -= idx[nd - 1] * steps[k]
        idx[nd - 1] = 0
        d = nd - 2
        while d >= 0:
            idx[d] += 1
            for k in range(nop):
                ptr[k] += p.strides[k][d]
            if idx[d] < p.shape[d]:
                break
            for k in range(nop):
                ptr[k] -= p.shape[d] * p.strides[k][d]
            idx[d] = 0
            d -= 1


cdef struct Job:
    Plan* plan
    kernel_t kernel
    Py_ssize_t nchunks
    int err


cdef inline Py_ssize_t chunk_start(Py_ssize_t n, Py_ssize_t c, Py_ssize_t nchunks) noexcept nogil:
    """Start of chunk c of n elements cut in nchunks, on a 64-element boundary (whole
    cache lines of out per chunk)."""
    if c >= nchunks:
        return n
    return ((n // nchunks) * c + (c if c < n % nchunks else n % nchunks)) & ~(<Py_ssize_t>63)


cdef void run_chunk(void* ctx, Py_ssize_t c) noexcept nogil:
    cdef Job* job = <Job*>ctx
    cdef int err = 0
    cdef Py_ssize_t lo = chunk_start(job.plan.size, c, job.nchunks)
    cdef Py_ssize_t hi = chunk_start(job.plan.size, c + 1, job.nchunks)
    if hi > lo:
        run_range(job.plan, job.kernel, lo, hi, &err)
        if err:
            job.err = 1      # every writer stores 1: the race is benign


cdef int execute(Plan* p, kernel_t kernel, int cost) except -1:
    cdef Job job
    cdef Py_ssize_t threads = pool_threads()
    job.plan = p
    job.kernel = kernel
    job.err = 0
    job.nchunks = 1
    if threads > 1 and p.size >= (PAR_MIN_COSTLY if cost else PAR_MIN_CHEAP):
        # chunks of >= CHUNK_MIN elements, up to 16 a thread: a helper that starts
        # late still finds work, and the caller never waits on a big claimed chunk
        job.nchunks = p.size // (CHUNK_MIN_COSTLY if cost else CHUNK_MIN_CHEAP)
        if job.nchunks > 16 * threads:
            # but no chunk over CHUNK_MAX: the caller's wait for a helper's last
            # chunk stays short (and tells a descheduled helper from a busy one)
            job.nchunks = max(16 * threads, p.size // (CHUNK_MAX_COSTLY if cost else CHUNK_MAX_CHEAP))
    if job.nchunks > 1:
        with nogil:
            parallel_run(run_chunk, &job, job.nchunks)
    elif p.size >= NOGIL_MIN:
        with nogil:
            run_range(p, kernel, 0, p.size, &job.err)
    else:
        run_range(p, kernel, 0, p.size, &job.err)
    if job.err:
        raise RuntimeError("ZeroDivisionError")
    return 0


cdef int check_same_shape(cnp.ndarray a, cnp.ndarray out, str what) except -1:
    cdef int d, nd = cnp.PyArray_NDIM(out)
    if cnp.PyArray_NDIM(a) != nd:
        raise ValueError(f"{what}: shape {(<object>a).shape} does not match out's shape {(<object>out).shape}")
    for d in range(nd):
        if cnp.PyArray_DIMS(a)[d] != cnp.PyArray_DIMS(out)[d]:
            raise ValueError(f"{what}: shape {(<object>a).shape} does not match out's shape {(<object>out).shape}")
    return 0


# ---------------------------------------------------------------- axpby

cdef struct AxpbyJob:
    char* x
    char* y
    Py_ssize_t n
    Py_ssize_t nchunks
    double alpha
    double beta
    bint is_double


cdef void axpby_chunk(void* ctx, Py_ssize_t c) noexcept nogil:
    cdef AxpbyJob* job = <AxpbyJob*>ctx
    cdef Py_ssize_t i, lo = chunk_start(job.n, c, job.nchunks), hi = chunk_start(job.n, c + 1, job.nchunks)
    cdef double* xd = <double*>job.x
    cdef double* yd = <double*>job.y
    cdef float* xf = <float*>job.x
    cdef float* yf = <float*>job.y
    cdef float af = <float>job.alpha, bf = <float>job.beta
    cdef double ad = job.alpha, bd = job.beta
    if job.is_double:
        tl_axpby_d(yd, xd, lo, hi, ad, bd)
    else:
        tl_axpby_f(yf, xf, lo, hi, af, bf)


def axpby(double alpha, cnp.ndarray x not None, double beta, cnp.ndarray y not None):
    """y[...] = beta * y + alpha * x in one pass, for C-contiguous float32/float64
    arrays of one shape and dtype, rounded as PyTorch's ``y.mul_(beta).add_(x,
    alpha=alpha)``: alpha and beta rounded to the arrays' dtype, ``beta * y``
    rounded, then ``alpha * x`` added to it in one fused multiply-add (a product
    by 1 is exact).  True when done; False for other
    dtypes or layouts, or x partially overlapping y (left to the caller)."""
    cdef AxpbyJob job
    cdef int dt = compute_dtype(y)
    check_same_shape(x, y, "axpby")
    if (dt != DT_FLOAT32 and dt != DT_FLOAT64) or compute_dtype(x) != dt:
        return False
    if not (cnp.PyArray_IS_C_CONTIGUOUS(x) and cnp.PyArray_IS_C_CONTIGUOUS(y) and usable(x) and usable(y)) \
            or not cnp.PyArray_ISWRITEABLE(y) or bad_overlap(y, x):
        return False
    job.x = cnp.PyArray_BYTES(x)
    job.y = cnp.PyArray_BYTES(y)
    job.n = cnp.PyArray_SIZE(y)
    job.alpha = alpha
    job.beta = beta
    job.is_double = dt == DT_FLOAT64
    job.nchunks = 1
    if pool_threads() > 1 and job.n >= PAR_MIN_CHEAP:
        job.nchunks = min(max(job.n // CHUNK_MIN_CHEAP, 1), 16 * pool_threads())
    with nogil:
        if job.nchunks > 1:
            parallel_run(axpby_chunk, &job, job.nchunks)
        else:
            axpby_chunk(&job, 0)
    return True


# ---------------------------------------------------------------- fused multiply-add

def fused_multiply_add(cnp.ndarray x not None, cnp.ndarray y not None, cnp.ndarray z not None,
                       cnp.ndarray out not None):
    """out[...] = x * y + z rounded once (C's fma), for float32/float64 arrays of out's
    dtype, each C-contiguous of out's shape or holding a single element (a number
    broadcast).  PyTorch's CPU kernels fuse these multiply-adds (add with alpha,
    addcmul, lerp), so their results differ from a rounded product then a sum.
    True when done; False for other dtypes or layouts (left to the caller)."""
    cdef int dt = compute_dtype(out)
    cdef Py_ssize_t i, n = cnp.PyArray_SIZE(out)
    cdef Py_ssize_t sx, sy, sz
    cdef float *of
    cdef float *xf
    cdef float *yf
    cdef float *zf
    cdef double *od
    cdef double *xd
    cdef double *yd
    cdef double *zd
    cdef cnp.ndarray a
    for a in (x, y, z):
        if compute_dtype(a) != dt or not (cnp.PyArray_SIZE(a) == 1 or (
                cnp.PyArray_SIZE(a) == n and cnp.PyArray_IS_C_CONTIGUOUS(a))) or not usable(a):
            return False
    if (dt != DT_FLOAT32 and dt != DT_FLOAT64) or not cnp.PyArray_IS_C_CONTIGUOUS(out) or not usable(out) \
            or not cnp.PyArray_ISWRITEABLE(out):
        return False
    sx, sy, sz = (cnp.PyArray_SIZE(x) != 1), (cnp.PyArray_SIZE(y) != 1), (cnp.PyArray_SIZE(z) != 1)
    if dt == DT_FLOAT32:
        of = <float*>cnp.PyArray_DATA(out)
        xf, yf, zf = <float*>cnp.PyArray_DATA(x), <float*>cnp.PyArray_DATA(y), <float*>cnp.PyArray_DATA(z)
        with nogil:
            tl_fma_f(of, xf, yf, zf, n, sx, sy, sz)
    else:
        od = <double*>cnp.PyArray_DATA(out)
        xd, yd, zd = <double*>cnp.PyArray_DATA(x), <double*>cnp.PyArray_DATA(y), <double*>cnp.PyArray_DATA(z)
        with nogil:
            tl_fma_d(od, xd, yd, zd, n, sx, sy, sz)
    return True


def tanh_backward(cnp.ndarray g not None, cnp.ndarray y not None, cnp.ndarray out not None):
    """out[...] = g * (1 - y * y) for tanh's result ``y`` -- 1 - y * y rounded once, as one fused
    multiply-add -- with the bits of the three kernels it replaces (y times -1, the multiply-add,
    the product with g).  float32/float64 arrays of out's dtype and size: y and out C-contiguous,
    g C-contiguous or one number read at every element (stride 0).  True when done; False for
    other dtypes or layouts (left to the caller)."""
    cdef int dt = compute_dtype(out)
    cdef Py_ssize_t n = cnp.PyArray_SIZE(out), sg
    cdef cnp.ndarray a
    for a in (g, y):
        if compute_dtype(a) != dt or cnp.PyArray_SIZE(a) != n or not usable(a):
            return False
    if (dt != DT_FLOAT32 and dt != DT_FLOAT64) or not cnp.PyArray_IS_C_CONTIGUOUS(out) or not usable(out) \
            or not cnp.PyArray_ISWRITEABLE(out) or not cnp.PyArray_IS_C_CONTIGUOUS(y):
        return False
    if cnp.PyArray_IS_C_CONTIGUOUS(g):
        sg = 1
    elif g.ndim == 1 and g.strides[0] == 0:
        sg = 0
    else:
        return False
    if dt == DT_FLOAT32:
        with nogil:
            tl_tanh_grad_f(<float*>cnp.PyArray_DATA(out), <float*>cnp.PyArray_DATA(g),
                           <float*>cnp.PyArray_DATA(y), n, sg)
    else:
        with nogil:
            tl_tanh_grad_d(<double*>cnp.PyArray_DATA(out), <double*>cnp.PyArray_DATA(g),
                           <double*>cnp.PyArray_DATA(y), n, sg)
    return True
