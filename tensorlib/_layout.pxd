# C-level layout maths of pyx/_layout.pyx, cimported by pyx/_operators.pyx.

cpdef tuple contiguous_strides(tuple shape)

cdef void voted_strides(int nd, Py_ssize_t* shape, Py_ssize_t** votes, int nvotes, Py_ssize_t* out) noexcept
