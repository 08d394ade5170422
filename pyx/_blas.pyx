# cython: boundscheck=False, wraparound=False
"""Float matrix products through a BLAS whose routines the backend binds here
(``bind``, with the addresses of MKL's ``cblas_?gemm``/``cblas_?dot``), called as
PyTorch's CPU build calls them so that the results carry its last bits:

- ``gemm(a, b, out, alpha, beta)``: ``out = alpha * a @ b + beta * out`` for 2-D
  arrays.  C is taken column-major as it lies (when it is row-major, the
  product is computed transposed, operands swapped); an operand that is neither
  row- nor column-major is copied; leading dimensions along size-1 dims are
  normalised as BLAS requires.
- ``gemv(matrix, vector, out)``: ``out = matrix @ vector`` for a 2-D matrix, laid
  out as PyTorch's addmv hands it to gemv (column-major as it lies, else
  transposed, else a row-major copy).
- ``dot(a, b, out)``: ``out[()] = a . b`` for 1-D arrays.

Each returns False, having done nothing, where it does not apply (nothing
bound, another dtype, a size or stride beyond BLAS's 32-bit integers, and for
gemm a product of 1M multiply-adds or more while tensorlib runs on several
threads); the caller then computes the product itself."""
cimport numpy as cnp
import numpy as np
from tensorlib._pool cimport pool_threads

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
    COLUMN_MAJOR = 102
    NO_TRANSPOSE = 111
    TRANSPOSE = 112
    INT_MAX = 2147483647
    # from this many multiply-adds, with more than one thread, a product is left to the caller
    # (NumPy's threaded BLAS): MKL runs one thread here, and its own threads (OpenMP) would
    # compete with tensorlib's pool and NumPy's for the cores
    THREADED_MIN = 1 << 20



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


cdef tuple _operand(cnp.ndarray x, bint swapped, Py_ssize_t rows, Py_ssize_t cols):
    """(flag, array, leading dimension) for the column-major ``rows`` x ``cols`` operand
    that ``x`` (``swapped``: its transpose) is."""
    cdef Py_ssize_t s0 = _stride(x, 0), s1 = _stride(x, 1)
    if swapped:
        s0, s1 = s1, s0
    if s0 == 1 and s1 >= _max1(rows):
        return NO_TRANSPOSE, x, s1
    if s1 == 1 and s0 >= _max1(cols):
        return TRANSPOSE, x, s0
    copy = np.ascontiguousarray(x)
    return (NO_TRANSPOSE, copy, _max1(rows)) if swapped else (TRANSPOSE, copy, _max1(cols))


def gemm(cnp.ndarray a, cnp.ndarray b, cnp.ndarray out, double alpha=1.0, double beta=0.0):
    cdef int typenum = cnp.PyArray_TYPE(out)
    cdef bint swapped
    cdef Py_ssize_t m, n, k, lda, ldb, ldc, s0, s1
    cdef int flag_a, flag_b
    cdef cnp.ndarray c, first, second
    if _sgemm == NULL or (typenum != cnp.NPY_FLOAT and typenum != cnp.NPY_DOUBLE):
        return False
    if cnp.PyArray_NDIM(a) != 2 or cnp.PyArray_NDIM(b) != 2 or cnp.PyArray_NDIM(out) != 2:
        return False
    if not (_fits(a, typenum) and _fits(b, typenum) and _fits(out, typenum)):
        return False
    if not cnp.PyArray_ISWRITEABLE(out):
        return False
    k = a.shape[1]
    if pool_threads() > 1 and out.shape[0] * out.shape[1] * k >= THREADED_MIN:
        return False
    if k == 0 or out.size == 0:
        if out.size:
            if beta == 0:
                out[...] = 0
            else:
                out *= beta
        return True
    s0, s1 = _stride(out, 0), _stride(out, 1)
    if s0 == 1 and (out.shape[1] == 1 or s1 >= _max1(out.shape[0])):
        swapped, c, ldc = False, out, s1
    elif s1 == 1 and (out.shape[0] == 1 or s0 >= _max1(out.shape[1])):
        swapped, c, ldc = True, out, s0
    else:
        swapped, c = False, np.asfortranarray(out)
        ldc = out.shape[0]
    if swapped:
        m, n, first, second = out.shape[1], out.shape[0], b, a
    else:
        m, n, first, second = out.shape[0], out.shape[1], a, b
    flag_a, first, lda = _operand(first, swapped, m, k)
    flag_b, second, ldb = _operand(second, swapped, k, n)
    # a leading dimension along a size-1 dim means nothing, but BLAS checks it
    if n == 1:
        ldc = m
    if flag_a == TRANSPOSE and m == 1:
        lda = k
    elif flag_a == NO_TRANSPOSE and k == 1:
        lda = m
    if flag_b == TRANSPOSE and k == 1:
        ldb = n
    elif flag_b == NO_TRANSPOSE and n == 1:
        ldb = k
    if typenum == cnp.NPY_FLOAT:
        with nogil:
            _sgemm(COLUMN_MAJOR, flag_a, flag_b, <int>m, <int>n, <int>k, <float>alpha,
                   <const float *>cnp.PyArray_DATA(first), <int>_max1(lda),
                   <const float *>cnp.PyArray_DATA(second), <int>_max1(ldb), <float>beta,
                   <float *>cnp.PyArray_DATA(c), <int>_max1(ldc))
    else:
        with nogil:
            _dgemm(COLUMN_MAJOR, flag_a, flag_b, <int>m, <int>n, <int>k, alpha,
                   <const double *>cnp.PyArray_DATA(first), <int>_max1(lda),
                   <const double *>cnp.PyArray_DATA(second), <int>_max1(ldb), beta,
                   <double *>cnp.PyArray_DATA(c), <int>_max1(ldc))
    if c is not out:
        out[...] = c
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
