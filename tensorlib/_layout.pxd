# C-level layout maths of pyx/_layout.pyx, cimported by pyx/_C.pyx and pyx/_operators.pyx.

cpdef tuple contiguous_strides(tuple shape)
cpdef Py_ssize_t numel(tuple shape) except -1
cpdef Py_ssize_t contiguous_nbytes(tuple shape, Py_ssize_t itemsize) except -1
cpdef Py_ssize_t strided_nbytes(tuple shape, tuple strides, Py_ssize_t offset, Py_ssize_t itemsize) except -1

cdef extern from "Python.h":
    const Py_ssize_t PY_SSIZE_T_MAX


cdef inline bint product_overflows(Py_ssize_t a, Py_ssize_t b, Py_ssize_t* product) noexcept:
    """``product[0] = a * b`` for ``a, b >= 0``; True, writing nothing, when it does not fit."""
    if b != 0 and a > PY_SSIZE_T_MAX // b:
        return True
    product[0] = a * b
    return False


cdef inline bint sum_overflows(Py_ssize_t a, Py_ssize_t b, Py_ssize_t* total) noexcept:
    """``total[0] = a + b`` for ``a, b >= 0``; True, writing nothing, when it does not fit."""
    if a > PY_SSIZE_T_MAX - b:
        return True
    total[0] = a + b
    return False


cdef void voted_strides(int nd, Py_ssize_t* shape, Py_ssize_t** votes, int nvotes, Py_ssize_t* out) noexcept
# TensorIterator's order of two dims by the operands' strides (votes): 1 when d0 goes outside d1
cdef int dim_order(int d0, int d1, Py_ssize_t** votes, int nvotes, Py_ssize_t* shape) noexcept
