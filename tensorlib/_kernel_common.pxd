# What the compiled modules (pyx/*.pyx, pyx/*.pyx.tp) know alike: how many dims an
# array may have, the dtype codes of the kernels and how an ndarray maps to one.
# Declarations and inline code only: no module of this name exists at run time.
# The worker pool the kernels share is declared in tensorlib/_pool.pxd.
cimport numpy as cnp


cdef enum:
    # The most dims any NumPy allows (NumPy 2; NumPy 1 allows 32): the fixed-size
    # per-dim arrays of the kernels and of the tensor core are sized for it.
    MAX_DIMS = 64


cdef enum DType:
    # The dtypes the compute kernels (elementwise, reductions, scatter) take, in this
    # order: the kernel tables of tensorlib._binary and tensorlib._unary are indexed by it.
    DT_BOOL
    DT_UINT8
    DT_INT8
    DT_INT16
    DT_INT32
    DT_INT64
    DT_FLOAT32
    DT_FLOAT64
    # Only copied and cast (tensorlib._copy); the compute kernels leave it to NumPy.
    DT_FLOAT16
    DT_UNSUPPORTED


cdef enum:
    N_COMPUTE_DTYPES = DT_FLOAT16    # the compute kernels' DTypes are 0 .. N_COMPUTE_DTYPES - 1


cdef inline DType dtype_of(cnp.ndarray a) noexcept:
    """a's DType by kind and width (NumPy's C ``long`` and ``long long`` are both
    DT_INT64 on LP64), else DT_UNSUPPORTED.  Byte order is the caller's to check."""
    cdef int typenum = cnp.PyArray_TYPE(a)
    cdef Py_ssize_t size = cnp.PyArray_ITEMSIZE(a)
    if typenum == cnp.NPY_BOOL:
        return DT_BOOL
    if typenum == cnp.NPY_FLOAT:
        return DT_FLOAT32
    if typenum == cnp.NPY_DOUBLE:
        return DT_FLOAT64
    if typenum == cnp.NPY_FLOAT16:
        return DT_FLOAT16
    if typenum == cnp.NPY_UBYTE:
        return DT_UINT8
    if cnp.PyTypeNum_ISSIGNED(typenum):
        if size == 1:
            return DT_INT8
        if size == 2:
            return DT_INT16
        if size == 4:
            return DT_INT32
        if size == 8:
            return DT_INT64
    return DT_UNSUPPORTED


cdef inline int compute_dtype(cnp.ndarray a) noexcept:
    """a's DType when the compute kernels take it, else -1."""
    cdef DType dt = dtype_of(a)
    return dt if <int>dt < N_COMPUTE_DTYPES else -1


cdef inline str dtype_name(int dt):
    return ("bool", "uint8", "int8", "int16", "int32", "int64", "float32", "float64", "float16")[dt]
