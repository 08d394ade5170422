# C-level declarations of the tensor core (pyx/_C.pyx), for Cython modules that
# build tensors without going through Python calls (pyx/_operators.pyx).
cimport numpy as cnp


cdef class Storage:
    cdef public object data
    cdef public object device


cdef class VersionCounter:
    cdef public Py_ssize_t value


cdef class TensorBase:
    cdef public Storage _storage
    cdef public tuple _shape
    cdef public tuple _strides
    cdef public Py_ssize_t _offset
    cdef public object _dtype
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


cpdef object strided_view(cnp.ndarray flat, tuple shape, tuple strides, Py_ssize_t offset)
