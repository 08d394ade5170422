# The elementwise machinery of pyx/_elementwise.pyx (see its module docstring): the
# op modules (pyx/_binary.pyx.tp, pyx/_unary.pyx.tp) validate their operands with it,
# plan the loop nest and run their (op, dtype) kernel through it.
cimport numpy as cnp
from tensorlib._kernel_common cimport MAX_DIMS

ctypedef cnp.npy_intp npy_intp_t
# A kernel runs one row: n elements, args[k] stepping steps[k] bytes (operands, then
# out); it sets err[0] on an integer division by zero.
ctypedef void (*kernel_t)(char** args, Py_ssize_t n, Py_ssize_t* steps, int* err) noexcept nogil

cdef struct Plan:
    int nop                      # operands including out (the last)
    int ndim                     # >= 1 after planning
    Py_ssize_t size              # elements
    Py_ssize_t shape[MAX_DIMS]
    Py_ssize_t strides[3][MAX_DIMS]   # bytes
    char* data[3]


# native byte order and aligned: the kernels' loops may read it
cdef inline bint usable(cnp.ndarray a) noexcept:
    return cnp.PyArray_ISNOTSWAPPED(a) and cnp.PyArray_ISALIGNED(a)

# out shares memory with a without being a's exact alias
cdef bint bad_overlap(cnp.ndarray out, cnp.ndarray a) noexcept
# ValueError unless a has out's shape
cdef int check_same_shape(cnp.ndarray a, cnp.ndarray out, str what) except -1
# the minimal loop nest over shape for nop operands (out last); shape non-empty
cdef void build_plan(Plan* p, int nop, int ndim, npy_intp_t* shape, npy_intp_t** strides,
                     char** data) noexcept
# runs kernel over the plan, on the pool once it is big enough for its cost (0 cheap, 1 costly);
# RuntimeError("ZeroDivisionError") when the kernel reports one
cdef int execute(Plan* p, kernel_t kernel, int cost) except -1
