# cython: boundscheck=False, wraparound=False
"""Float matrix products through a BLAS whose routines the backend binds here
(``bind``, with the addresses of MKL's ``cblas_?gemm``/``cblas_?dot``), called as
PyTorch's CPU build calls them so that the results carry its last bits:

- ``gemm(a, b, out, alpha, beta)``: ``out = alpha * a @ b + beta * out`` for 2-D
  arrays.  C is taken column-major as it lies (when it is row-major, the
  product is computed transposed, operands swapped); an operand that is neither
  row- nor column-major is copied; leading dimensions along size-1 dims are
  normalised as BLAS requires.
- ``gemm_batched(a, b, out)``: ``out[i] = a[i] @ b[i]`` over the leading dims, each
  matrix by ``gemm``'s own call, in one compiled loop.
- ``gemv(matrix, vector, out)``: ``out = matrix @ vector`` for a 2-D matrix, laid
  out as PyTorch's addmv hands it to gemv (column-major as it lies, else
  transposed, else a row-major copy).
- ``dot(a, b, out)``: ``out[()] = a . b`` for 1-D arrays.

Each returns False, having done nothing, where it does not apply (nothing
bound, another dtype, a size or stride beyond BLAS's 32-bit integers); the
caller then computes the product itself.

With several threads (``set_num_threads``) a stack of products shares its matrices
out among tensorlib's pool, each matrix by its own sequential call, and a gemm of
``THREADED_MIN`` multiply-adds or more is cut into blocks of C's columns
(column-major), one sequential gemm per pool thread, where the cut keeps the whole
gemm's bits.  MKL picks its kernel, and with it the order of each element's sum, by
the shape it is handed, and on AVX-512 machines some blocks take another kernel than
the whole product; so each shape's cut is tried once on made-up numbers (which any
other order of the sums shows in), and a shape whose cut changes them runs whole.
MKL's own threading would change bits as well, and compete with the pool."""
cimport numpy as cnp
import numpy as np
from tensorlib._pool cimport parallel_run, pool_threads

cnp.import_array()

ctypedef void (*sgemm_fn)(int, int, int, int, int, int, float, const float *, int, const float *, int, float,
                          float *, int) noexcept nogil
ctypedef void (*dgemm_fn)(int, int, int, int, int, int, double, const double *, int, const double *, int, double,
                          double *, int) noexcept nogil
ctypedef void (*sgemv_fn)(int, int, int, int, float, const float *, int, const float *, int, float, float *,
                          int) noexcept nogil
ctypedef void (*dgemv_fn)(int, int, int, int, double, const double *, int, const double *, int, double,
                          double *, int) noexcept nogil
ctypedef float (*sdot_fn)(int, const float *, int, const float *, int) noexcept nogil
ctypedef double (*ddot_fn)(int, const double *, int, const double *, int) noexcept nogil

cdef sgemm_fn _sgemm = NULL
cdef dgemm_fn _dgemm = NULL
cdef sgemv_fn _sgemv = NULL
cdef dgemv_fn _dgemv = NULL
cdef sdot_fn _sdot = NULL
cdef ddot_fn _ddot = NULL

cdef enum:
    ROW_MAJOR = 101
    COLUMN_MAJOR = 102
    NO_TRANSPOSE = 111
    TRANSPOSE = 112
    INT_MAX = 2147483647
    # from this many multiply-adds, with more than one thread, a gemm may be cut into blocks run
    # on the pool's threads (below it the pool's start costs more than a thread saves)
    THREADED_MIN = 1 << 20
    # a block's least width: MKL takes a 1-wide block as a gemv; blocks are multiples of it
    BLOCK_MIN = 16
    # the largest operand a cut's trial makes up (elements); larger products run whole
    TRIAL_MAX = 1 << 24
    # from this many multiply-adds in all, with more than one thread, a stack of products shares
    # its matrices out among the pool's threads
    STACK_THREADED_MIN = 1 << 17
    # NumPy's BLAS (OpenBLAS) runs a gemm of up to this many multiply-adds on the calling thread
    # alone; larger ones it threads itself
    NUMPY_SERIAL_MAX = 1 << 18


def bind(size_t sgemm, size_t dgemm, size_t sgemv, size_t dgemv, size_t sdot, size_t ddot):
    """Binds the BLAS routines at these addresses (all non-zero) for the products here."""
    global _sgemm, _dgemm, _sgemv, _dgemv, _sdot, _ddot
    _sgemm, _dgemm = <sgemm_fn>sgemm, <dgemm_fn>dgemm
    _sgemv, _dgemv = <sgemv_fn>sgemv, <dgemv_fn>dgemv
    _sdot, _ddot = <sdot_fn>sdot, <ddot_fn>ddot


def is_bound():
    return _sgemm != NULL


cdef bint _fits(cnp.ndarray x, int typenum):
    """Whether ``x`` has the dtype and sizes/strides (in elements, not negative) BLAS takes."""
    cdef int d
    cdef Py_ssize_t item
    if cnp.PyArray_TYPE(x) != typenum or not cnp.PyArray_ISALIGNED(x):
        return False
    item = cnp.PyArray_ITEMSIZE(x)
    for d in range(cnp.PyArray_NDIM(x)):
        if x.shape[d] > INT_MAX or x.strides[d] < 0 or x.strides[d] % item or x.strides[d] // item > INT_MAX:
            return False
    return True


cdef inline Py_ssize_t _stride(cnp.ndarray x, int d):
    return x.strides[d] // cnp.PyArray_ITEMSIZE(x)


cdef inline Py_ssize_t _max1(Py_ssize_t v) noexcept nogil:
    return v if v > 1 else 1


cdef struct Plan:
    # the column-major BLAS call computing one product: C (m x n) = op(first) @ op(second)
    bint swapped  # C is ``out`` transposed: first is ``b``, second ``a``
    int flag_a, flag_b
    Py_ssize_t m, n, k, lda, ldb, ldc


cdef tuple _operand(cnp.ndarray x, bint swapped, Py_ssize_t rows, Py_ssize_t cols, bint may_copy=True):
    """(flag, array, leading dimension) for the column-major ``rows`` x ``cols`` operand
    that ``x`` (``swapped``: its transpose) is; None where that needs a copy and
    ``may_copy`` is False."""
    cdef Py_ssize_t s0 = _stride(x, 0), s1 = _stride(x, 1)
    if swapped:
        s0, s1 = s1, s0
    if s0 == 1 and s1 >= _max1(rows):
        return NO_TRANSPOSE, x, s1
    if s1 == 1 and s0 >= _max1(cols):
        return TRANSPOSE, x, s0
    if not may_copy:
        return None
    copy = np.ascontiguousarray(x)
    return (NO_TRANSPOSE, copy, _max1(rows)) if swapped else (TRANSPOSE, copy, _max1(cols))


cdef int _out_layout(cnp.ndarray out, Plan *plan):
    """Sets ``plan``'s swapped and ldc for ``out`` as it lies: 1 where it is column-major
    (0 where row-major, C the transpose), -1 where it is neither."""
    cdef Py_ssize_t s0 = _stride(out, 0), s1 = _stride(out, 1)
    if s0 == 1 and (out.shape[1] == 1 or s1 >= _max1(out.shape[0])):
        plan.swapped, plan.ldc = False, s1
        return 1
    if s1 == 1 and (out.shape[0] == 1 or s0 >= _max1(out.shape[1])):
        plan.swapped, plan.ldc = True, s0
        return 0
    return -1


cdef void _normalise(Plan *p) noexcept nogil:
    """A leading dimension along a size-1 dim means nothing, but BLAS checks it."""
    if p.n == 1:
        p.ldc = p.m
    if p.flag_a == TRANSPOSE and p.m == 1:
        p.lda = p.k
    elif p.flag_a == NO_TRANSPOSE and p.k == 1:
        p.lda = p.m
    if p.flag_b == TRANSPOSE and p.k == 1:
        p.ldb = p.n
    elif p.flag_b == NO_TRANSPOSE and p.n == 1:
        p.ldb = p.k


cdef void _product(bint single, Plan *p, double alpha, double beta, const void *first, const void *second,
                   void *c) noexcept nogil:
    if single:
        _sgemm(COLUMN_MAJOR, p.flag_a, p.flag_b, <int>p.m, <int>p.n, <int>p.k, <float>alpha,
               <const float *>first, <int>_max1(p.lda), <const float *>second, <int>_max1(p.ldb), <float>beta,
               <float *>c, <int>_max1(p.ldc))
    else:
        _dgemm(COLUMN_MAJOR, p.flag_a, p.flag_b, <int>p.m, <int>p.n, <int>p.k, alpha,
               <const double *>first, <int>_max1(p.lda), <const double *>second, <int>_max1(p.ldb), beta,
               <double *>c, <int>_max1(p.ldc))


ctypedef struct ColumnBlocks:
    # one gemm (plan) cut along n, C's columns, into blocks of `width`
    Plan plan
    bint single
    Py_ssize_t width
    double alpha, beta
    const char* first
    const char* second
    char* c


cdef void _column_block(void* ctx, Py_ssize_t block) noexcept nogil:
    """Runs block ``block`` of a cut gemm: C's columns from ``block * width``, with op(second)'s."""
    cdef ColumnBlocks* job = <ColumnBlocks*>ctx
    cdef Plan p = job.plan
    cdef Py_ssize_t item = 4 if job.single else 8, lo = block * job.width
    p.n = min(job.width, job.plan.n - lo)
    _product(job.single, &p, job.alpha, job.beta, job.first,
             job.second + lo * item * (_max1(p.ldb) if p.flag_b == NO_TRANSPOSE else 1), job.c + lo * item * _max1(p.ldc))


# (dtype, plan, alpha, beta, width): whether the gemm so cut gives the whole gemm's bits
cdef dict _cut_keeps_bits = {}


cdef bint _cut_is_exact(ColumnBlocks* job):
    """Whether ``job``'s cut gives its whole gemm's bits, tried once per shape on made-up numbers
    laid out as its operands are."""
    cdef Plan* p = &job.plan
    cdef ColumnBlocks trial = job[0]
    cdef Py_ssize_t blocks = (p.n + job.width - 1) // job.width, i
    cdef char* whole_data
    key = (job.single, p.flag_a, p.flag_b, p.m, p.n, p.k, p.lda, p.ldb, p.ldc, job.alpha, job.beta, job.width)
    known = _cut_keeps_bits.get(key)
    if known is not None:
        return known
    sizes = (_max1(p.lda) * (p.k if p.flag_a == NO_TRANSPOSE else p.m),
             _max1(p.ldb) * (p.n if p.flag_b == NO_TRANSPOSE else p.k), _max1(p.ldc) * p.n)
    if max(sizes) > TRIAL_MAX:
        _cut_keeps_bits[key] = False
        return False
    made_up = np.random.default_rng(len(_cut_keeps_bits))
    first, second, whole = (made_up.standard_normal(n).astype(np.float32 if job.single else np.float64)
                            for n in sizes)
    cut = whole.copy()
    trial.first = <const char*>cnp.PyArray_DATA(<cnp.ndarray>first)
    trial.second = <const char*>cnp.PyArray_DATA(<cnp.ndarray>second)
    trial.c = <char*>cnp.PyArray_DATA(<cnp.ndarray>cut)
    whole_data = <char*>cnp.PyArray_DATA(<cnp.ndarray>whole)
    with nogil:
        for i in range(blocks):
            _column_block(&trial, i)
        _product(job.single, p, job.alpha, job.beta, trial.first, trial.second, whole_data)
    _cut_keeps_bits[key] = exact = whole.tobytes() == cut.tobytes()
    return exact


cdef void _run_product(bint single, Plan* p, double alpha, double beta, cnp.ndarray first, cnp.ndarray second,
                       cnp.ndarray c):
    """One gemm, cut into blocks of C's columns on the pool's threads where it is large, has
    columns enough for them and the cut keeps its bits, else whole on this thread."""
    cdef ColumnBlocks job
    cdef int threads = pool_threads()
    cdef Py_ssize_t width = 0
    if threads > 1 and p.m * p.n * p.k >= THREADED_MIN:
        width = (p.n + threads - 1) // threads
        width = (width + BLOCK_MIN - 1) // BLOCK_MIN * BLOCK_MIN
        if width >= p.n or p.n - (p.n - 1) // width * width < BLOCK_MIN:
            width = 0  # one block, or a last block too narrow
    job.plan, job.single, job.width, job.alpha, job.beta = p[0], single, width, alpha, beta
    if width and not _cut_is_exact(&job):
        width = 0
    job.first, job.second = <const char*>cnp.PyArray_DATA(first), <const char*>cnp.PyArray_DATA(second)
    job.c = <char*>cnp.PyArray_DATA(c)
    with nogil:
        if width:
            parallel_run(_column_block, &job, (p.n + width - 1) // width)
        else:
            _product(single, p, alpha, beta, job.first, job.second, job.c)


# NumPy's BLAS (its wheels' ILP64 OpenBLAS: 64-bit integers), as its matmul calls it: row-major
ctypedef void (*numpy_sgemm_fn)(int, int, int, long long, long long, long long, float, const float *, long long,
                                const float *, long long, float, float *, long long) noexcept nogil
ctypedef void (*numpy_dgemm_fn)(int, int, int, long long, long long, long long, double, const double *, long long,
                                const double *, long long, double, double *, long long) noexcept nogil

cdef numpy_sgemm_fn _numpy_sgemm = NULL
cdef numpy_dgemm_fn _numpy_dgemm = NULL


def bind_numpy(size_t sgemm, size_t dgemm):
    """Binds NumPy's own ILP64 ``cblas_?gemm`` (both non-zero) for ``numpy_matmul``."""
    global _numpy_sgemm, _numpy_dgemm
    _numpy_sgemm, _numpy_dgemm = <numpy_sgemm_fn>sgemm, <numpy_dgemm_fn>dgemm


ctypedef struct StackJob:
    # `count` products over the leading dims: C_i = op(first_i) @ op(second_i), one call each
    Plan plan
    bint single, numpy_order  # numpy_order: NumPy's row-major call to its BLAS, else MKL's column-major
    int lead
    Py_ssize_t count, per_chunk
    Py_ssize_t shape[8]
    Py_ssize_t strides[3][8]  # in bytes: first, second, C
    char* data[3]


cdef bint _stack_shape(StackJob* job, cnp.ndarray a, cnp.ndarray b, cnp.ndarray out):
    """Fills ``job``'s leading dims from ``a``, ``b`` (first, second) and ``out``: False where
    they differ."""
    cdef int d, lead = cnp.PyArray_NDIM(out) - 2
    job.lead, job.count = lead, 1
    for d in range(lead):
        if a.shape[d] != out.shape[d] or b.shape[d] != out.shape[d]:
            return False
        job.shape[d], job.count = out.shape[d], job.count * out.shape[d]
        job.strides[0][d], job.strides[1][d], job.strides[2][d] = a.strides[d], b.strides[d], out.strides[d]
    job.data[0], job.data[1] = <char *>cnp.PyArray_DATA(a), <char *>cnp.PyArray_DATA(b)
    job.data[2] = <char *>cnp.PyArray_DATA(out)
    job.single = cnp.PyArray_TYPE(out) == cnp.NPY_FLOAT
    return True


cdef void _swap_operands(StackJob* job) noexcept nogil:
    cdef int d
    job.data[0], job.data[1] = job.data[1], job.data[0]
    for d in range(job.lead):
        job.strides[0][d], job.strides[1][d] = job.strides[1][d], job.strides[0][d]


cdef inline char* _matrix(StackJob* job, Py_ssize_t i, int which) noexcept nogil:
    """Where matrix ``i`` of operand ``which`` (0: first, 1: second, 2: C) starts."""
    cdef Py_ssize_t offset = 0
    cdef int d
    for d in range(job.lead - 1, -1, -1):
        offset += (i % job.shape[d]) * job.strides[which][d]
        i //= job.shape[d]
    return job.data[which] + offset


cdef void _stack_chunk(void* ctx, Py_ssize_t chunk) noexcept nogil:
    """Runs the products of chunk ``chunk`` of a stack, each matrix by its own call."""
    cdef StackJob* job = <StackJob*>ctx
    cdef Plan* p = &job.plan
    cdef Py_ssize_t i, last = min((chunk + 1) * job.per_chunk, job.count)
    for i in range(chunk * job.per_chunk, last):
        if not job.numpy_order:
            _product(job.single, p, 1.0, 0.0, _matrix(job, i, 0), _matrix(job, i, 1), _matrix(job, i, 2))
        elif job.single:
            _numpy_sgemm(ROW_MAJOR, p.flag_a, p.flag_b, p.m, p.n, p.k, 1.0, <const float *>_matrix(job, i, 0),
                         p.lda, <const float *>_matrix(job, i, 1), p.ldb, 0.0, <float *>_matrix(job, i, 2), p.ldc)
        else:
            _numpy_dgemm(ROW_MAJOR, p.flag_a, p.flag_b, p.m, p.n, p.k, 1.0, <const double *>_matrix(job, i, 0),
                         p.lda, <const double *>_matrix(job, i, 1), p.ldb, 0.0, <double *>_matrix(job, i, 2), p.ldc)


cdef void _run_stack(StackJob* job) noexcept nogil:
    """Runs a stack's products: one matrix a chunk on the pool's threads where there is work
    enough, else all here, in order."""
    if pool_threads() > 1 and job.count > 1 and job.count * job.plan.m * job.plan.n * job.plan.k >= STACK_THREADED_MIN:
        job.per_chunk = 1
        parallel_run(_stack_chunk, job, job.count)
    else:
        job.per_chunk = job.count
        _stack_chunk(job, 0)


cdef bint _row_blasable(cnp.ndarray x, int outer, int inner, Py_ssize_t inner_size):
    """Whether dims (``outer``, ``inner``) of ``x`` are a matrix NumPy's matmul hands BLAS as
    row-major: ``inner`` unit-strided, ``outer``'s stride a whole number of items, at least
    ``inner_size`` of them."""
    cdef Py_ssize_t item = cnp.PyArray_ITEMSIZE(x)
    return x.strides[inner] == item and x.strides[outer] % item == 0 and \
        inner_size <= x.strides[outer] // item <= INT_MAX


cdef bint _usable(cnp.ndarray a, cnp.ndarray b, cnp.ndarray out, int ndim):
    """Whether MKL's BLAS is bound and takes these float arrays (``_takes``)."""
    return _sgemm != NULL and _takes(a, b, out, ndim)


cdef bint _takes(cnp.ndarray a, cnp.ndarray b, cnp.ndarray out, int ndim):
    """Whether BLAS takes these float arrays of ``ndim`` dims, ``out`` writeable."""
    cdef int typenum = cnp.PyArray_TYPE(out)
    if typenum != cnp.NPY_FLOAT and typenum != cnp.NPY_DOUBLE:
        return False
    if cnp.PyArray_NDIM(a) != ndim or cnp.PyArray_NDIM(b) != ndim or cnp.PyArray_NDIM(out) != ndim:
        return False
    return _fits(a, typenum) and _fits(b, typenum) and _fits(out, typenum) and cnp.PyArray_ISWRITEABLE(out)


def gemm(cnp.ndarray a, cnp.ndarray b, cnp.ndarray out, double alpha=1.0, double beta=0.0):
    cdef Plan plan
    cdef bint single
    cdef cnp.ndarray c, first, second
    if not _usable(a, b, out, 2):
        return False
    plan.k = a.shape[1]
    if plan.k == 0 or out.size == 0:
        if out.size:
            if beta == 0:
                out[...] = 0
            else:
                out *= beta
        return True
    c = out
    if _out_layout(out, &plan) < 0:
        plan.swapped, c = False, np.asfortranarray(out)
        plan.ldc = out.shape[0]
    if plan.swapped:
        plan.m, plan.n, first, second = out.shape[1], out.shape[0], b, a
    else:
        plan.m, plan.n, first, second = out.shape[0], out.shape[1], a, b
    plan.flag_a, first, plan.lda = _operand(first, plan.swapped, plan.m, plan.k)
    plan.flag_b, second, plan.ldb = _operand(second, plan.swapped, plan.k, plan.n)
    _normalise(&plan)
    single = cnp.PyArray_TYPE(out) == cnp.NPY_FLOAT
    _run_product(single, &plan, alpha, beta, first, second, c)
    if c is not out:
        out[...] = c
    return True


def gemm_batched(cnp.ndarray a, cnp.ndarray b, cnp.ndarray out):
    """``out[i] = a[i] @ b[i]`` over the leading dims (the same in all three arrays, at most
    8 of them): for each matrix the very call ``gemm`` makes, in one compiled loop (its
    matrices shared out among the pool's threads where there is work enough).  False,
    nothing done, where ``gemm`` would copy an operand or decline, or a matrix is empty."""
    cdef StackJob job
    cdef Plan *plan = &job.plan
    cdef int ndim = cnp.PyArray_NDIM(out), lead = ndim - 2
    if ndim < 3 or ndim > 10 or not _usable(a, b, out, ndim) or not _stack_shape(&job, a, b, out):
        return False
    plan.k = a.shape[ndim - 1]
    if plan.k == 0 or out.size == 0 or b.shape[ndim - 2] != plan.k:
        return False
    if pool_threads() > 1 and out.shape[ndim - 2] * out.shape[ndim - 1] * plan.k >= THREADED_MIN:
        return False  # each large matrix by gemm, which may cut it
    first_matrix, second_matrix = a[(0,) * lead], b[(0,) * lead]
    out_matrix = out[(0,) * lead]
    if _out_layout(out_matrix, plan) < 0:
        return False
    if plan.swapped:
        plan.m, plan.n = out_matrix.shape[1], out_matrix.shape[0]
        first_matrix, second_matrix = second_matrix, first_matrix
        _swap_operands(&job)
    else:
        plan.m, plan.n = out_matrix.shape[0], out_matrix.shape[1]
    first_plan = _operand(first_matrix, plan.swapped, plan.m, plan.k, False)
    second_plan = _operand(second_matrix, plan.swapped, plan.k, plan.n, False)
    if first_plan is None or second_plan is None:
        return False
    plan.flag_a, _, plan.lda = first_plan
    plan.flag_b, _, plan.ldb = second_plan
    _normalise(plan)
    job.numpy_order = False
    with nogil:
        _run_stack(&job)
    return True


cdef bint _numpy_operand(cnp.ndarray x, Py_ssize_t rows, Py_ssize_t cols, int* flag, Py_ssize_t* ld):
    """The transpose flag and leading dimension NumPy's matmul gives BLAS for the ``rows`` x
    ``cols`` matrices of ``x`` (row-major as they lie, else transposed); False where it would
    copy them."""
    cdef int ndim = cnp.PyArray_NDIM(x)
    cdef Py_ssize_t item = cnp.PyArray_ITEMSIZE(x)
    if _row_blasable(x, ndim - 2, ndim - 1, cols):
        flag[0], ld[0] = NO_TRANSPOSE, x.strides[ndim - 2] // item
    elif _row_blasable(x, ndim - 1, ndim - 2, rows):
        flag[0], ld[0] = TRANSPOSE, x.strides[ndim - 1] // item
    else:
        return False
    return True


def numpy_matmul(cnp.ndarray a, cnp.ndarray b, cnp.ndarray out):
    """``np.matmul(a, b, out=out)`` for float arrays of 3 to 10 dims with equal leading dims,
    each matrix by the very BLAS call NumPy's matmul makes (NumPy's own BLAS, bound by
    ``bind_numpy``), so with its bits, in one compiled loop whose matrices the pool's threads
    share out.  False, nothing done, where NumPy would not make one plain gemm per matrix (an
    operand or ``out`` it would copy, a size-1 or empty matrix dim, a matrix times its own
    transpose, which it hands to syrk), or for products above ``NUMPY_SERIAL_MAX``, which
    NumPy's BLAS threads itself."""
    cdef StackJob job
    cdef Plan *plan = &job.plan
    cdef int ndim = cnp.PyArray_NDIM(out)
    cdef Py_ssize_t item, m, n, p, i
    if _numpy_sgemm == NULL or ndim < 3 or ndim > 10 or not _takes(a, b, out, ndim) \
            or not _stack_shape(&job, a, b, out):
        return False
    item = cnp.PyArray_ITEMSIZE(out)
    m, n, p = a.shape[ndim - 2], a.shape[ndim - 1], b.shape[ndim - 1]
    if b.shape[ndim - 2] != n or out.shape[ndim - 2] != m or out.shape[ndim - 1] != p \
            or m <= 1 or n <= 1 or p <= 1 or m * n * p > NUMPY_SERIAL_MAX:
        return False
    if not _row_blasable(out, ndim - 2, ndim - 1, p) or np.may_share_memory(out, a) or np.may_share_memory(out, b):
        return False
    plan.m, plan.n, plan.k, plan.ldc = m, p, n, out.strides[ndim - 2] // item
    if not (_numpy_operand(a, m, n, &plan.flag_a, &plan.lda) and _numpy_operand(b, n, p, &plan.flag_b, &plan.ldb)):
        return False
    if m == p and plan.flag_a != plan.flag_b and a.strides[ndim - 2] == b.strides[ndim - 1] \
            and a.strides[ndim - 1] == b.strides[ndim - 2]:
        for i in range(job.count):  # a matrix times its transpose: NumPy's syrk
            if _matrix(&job, i, 0) == _matrix(&job, i, 1):
                return False
    job.numpy_order = True
    with nogil:
        _run_stack(&job)
    return True


def gemv(cnp.ndarray matrix, cnp.ndarray vector, cnp.ndarray out):
    cdef int typenum = cnp.PyArray_TYPE(out)
    cdef Py_ssize_t rows, cols, s0, s1, lda, incx, incy
    cdef int flag, m, n
    cdef cnp.ndarray target
    if _sgemv == NULL or (typenum != cnp.NPY_FLOAT and typenum != cnp.NPY_DOUBLE):
        return False
    if cnp.PyArray_NDIM(matrix) != 2 or cnp.PyArray_NDIM(vector) != 1 or cnp.PyArray_NDIM(out) != 1:
        return False
    if not (_fits(matrix, typenum) and _fits(vector, typenum) and _fits(out, typenum)) \
            or not cnp.PyArray_ISWRITEABLE(out):
        return False
    rows, cols = matrix.shape[0], matrix.shape[1]
    if rows == 0:
        return True
    if cols == 0:
        out[...] = 0
        return True
    s0, s1 = _stride(matrix, 0), _stride(matrix, 1)
    if s0 == 1 and (cols == 1 or s1 >= _max1(rows)):
        flag, m, n, lda = NO_TRANSPOSE, <int>rows, <int>cols, s1
    elif s1 == 1 and (rows == 1 or s0 >= _max1(cols)):
        flag, m, n, lda = TRANSPOSE, <int>cols, <int>rows, s0
    else:
        matrix = np.ascontiguousarray(matrix)
        flag, m, n, lda = TRANSPOSE, <int>cols, <int>rows, cols
    if n == 1:
        lda = m  # the leading dimension of a single column means nothing, but BLAS checks it
    incx, incy = _stride(vector, 0), _stride(out, 0)
    if incx == 0:  # BLAS wants non-zero increments
        vector, incx = np.ascontiguousarray(vector), 1
    target = out
    if incy == 0:
        target, incy = np.empty(rows, out.dtype), 1
    if typenum == cnp.NPY_FLOAT:
        with nogil:
            _sgemv(COLUMN_MAJOR, flag, m, n, 1.0, <const float *>cnp.PyArray_DATA(matrix), <int>_max1(lda),
                   <const float *>cnp.PyArray_DATA(vector), <int>incx, 0.0,
                   <float *>cnp.PyArray_DATA(target), <int>incy)
    else:
        with nogil:
            _dgemv(COLUMN_MAJOR, flag, m, n, 1.0, <const double *>cnp.PyArray_DATA(matrix), <int>_max1(lda),
                   <const double *>cnp.PyArray_DATA(vector), <int>incx, 0.0,
                   <double *>cnp.PyArray_DATA(target), <int>incy)
    if target is not out:
        out[...] = target
    return True


def dot(cnp.ndarray a, cnp.ndarray b, cnp.ndarray out):
    cdef int typenum = cnp.PyArray_TYPE(out)
    cdef Py_ssize_t sa, sb
    if _sdot == NULL or (typenum != cnp.NPY_FLOAT and typenum != cnp.NPY_DOUBLE):
        return False
    if cnp.PyArray_NDIM(a) != 1 or cnp.PyArray_NDIM(b) != 1 or cnp.PyArray_NDIM(out) != 0:
        return False
    if not (_fits(a, typenum) and _fits(b, typenum)):
        return False
    sa, sb = _stride(a, 0), _stride(b, 0)
    if sa == 0 or sb == 0:  # BLAS wants non-zero increments
        a, b, sa, sb = np.ascontiguousarray(a), np.ascontiguousarray(b), 1, 1
    if typenum == cnp.NPY_FLOAT:
        out[()] = _sdot(<int>a.shape[0], <const float *>cnp.PyArray_DATA(a), <int>sa,
                        <const float *>cnp.PyArray_DATA(b), <int>sb)
    else:
        out[()] = _ddot(<int>a.shape[0], <const double *>cnp.PyArray_DATA(a), <int>sa,
                        <const double *>cnp.PyArray_DATA(b), <int>sb)
    return True
