# C-level declarations of the tensor core (pyx/_C.pyx), for Cython modules that
# build tensors without going through Python calls (pyx/_operators.pyx).  A tensor's
# storage and layout are read-only from Python: they change only through make_tensor
# and TensorBase._set_layout, which run check_layout first.
cimport numpy as cnp


cdef class Storage:
    cdef readonly object data
    cdef public object device
    cdef readonly object backend
    cdef readonly bint external


cdef class VersionCounter:
    cdef public Py_ssize_t value


cdef class TensorBase:
    cdef readonly Storage _storage
    cdef readonly tuple _shape
    cdef readonly tuple _strides
    cdef readonly Py_ssize_t _offset
    cdef readonly object _dtype
    cdef public VersionCounter _version_counter
    cdef public bint _requires_grad
    cdef public object _grad
    cdef public object _grad_fn
    cdef public Py_ssize_t _output_nr
    cdef public object _view_base
    cdef public bint _retains_grad
    cdef public object _hooks
    cdef public object _grad_accumulator
    cdef object __weakref__


cdef int check_layout(Storage storage, tuple shape, tuple strides, Py_ssize_t offset) except -1
cpdef object strided_view(cnp.ndarray flat, tuple shape, tuple strides, Py_ssize_t offset)
