"""The tensor core: a shared flat storage, a shared version counter, and the
TensorBase type that holds a tensor's metadata (shape, strides, offset, dtype)
plus the slots autograd needs.  Python methods live on ``tensorlib.Tensor``.
The C-level fields are declared in ``tensorlib/_C.pxd``."""
cimport numpy as cnp
from cpython.ref cimport Py_INCREF

import numpy as np

cnp.import_array()

cdef extern from "numpy/arrayobject.h":
    ctypedef struct PyTypeObject:
        pass
    PyTypeObject PyArray_Type
    object PyArray_NewFromDescr(PyTypeObject* subtype, cnp.dtype descr, int nd, cnp.npy_intp* dims,
                                cnp.npy_intp* strides, void* data, int flags, object obj)

cdef enum:
    MAX_DIMS = 64


cdef class Storage:
    """A flat, contiguous, typed buffer shared by a tensor and all of its views.

    ``data`` is a 1-D array of the backend (a NumPy array on the CPU).  Replacing
    it (``resize_`` growing) is seen by every tensor that shares this storage."""
    def __init__(self, data, device=None):
        self.data = data
        self.device = device

    def __len__(self):
        return self.data.shape[0]

    def nbytes(self):
        return self.data.nbytes

    def data_ptr(self):
        if isinstance(self.data, np.ndarray):
            return self.data.ctypes.data
        return self.data.data.ptr

    def grow(self, Py_ssize_t size):
        """Make room for ``size`` elements, keeping the existing ones in place."""
        cdef Py_ssize_t old = self.data.shape[0]
        if size <= old:
            return
        from tensorlib.backends import backend_for_array
        new = backend_for_array(self.data).empty(size, self.data.dtype)
        new[:old] = self.data
        self.data = new


cdef class VersionCounter:
    """Counts in-place writes; shared by a tensor, its views and its detach()es."""
    def __init__(self):
        self.value = 0

    def bump(self):
        self.value += 1


cdef class TensorBase:
    """Metadata of a strided tensor over a Storage, plus the slots for autograd.

    Strides and the storage offset are counted in elements, as PyTorch does."""

    def _array(self):
        """A backend array aliasing exactly this tensor's elements (no copy)."""
        data = self._storage.data
        if type(data) is np.ndarray:
            return strided_view(data, self._shape, self._strides, self._offset)
        from tensorlib.backends import backend_for_array
        return backend_for_array(data).strided_view(data, self._shape, self._strides, self._offset)

    @property
    def _version(self):
        return self._version_counter.value


cpdef object strided_view(cnp.ndarray flat, tuple shape, tuple strides, Py_ssize_t offset):
    """An ndarray over ``flat`` with the given element strides and offset.

    Callers guarantee the extent fits inside ``flat`` (layout code validates it);
    building the array through the C API keeps this at a few hundred nanoseconds."""
    cdef int nd = len(shape)
    cdef cnp.npy_intp dims[MAX_DIMS]
    cdef cnp.npy_intp byte_strides[MAX_DIMS]
    cdef Py_ssize_t itemsize = cnp.PyArray_ITEMSIZE(flat)
    cdef int i
    if nd > MAX_DIMS:
        raise RuntimeError(f"tensors with more than {MAX_DIMS} dimensions are not supported")
    for i in range(nd):
        dims[i] = <cnp.npy_intp>shape[i]
        byte_strides[i] = <cnp.npy_intp>strides[i] * itemsize
    cdef cnp.dtype descr = flat.dtype
    Py_INCREF(descr)  # PyArray_NewFromDescr steals this reference
    arr = PyArray_NewFromDescr(
        &PyArray_Type, descr, nd, dims, byte_strides,
        <void*>(<char*>cnp.PyArray_DATA(flat) + offset * itemsize),
        cnp.NPY_ARRAY_WRITEABLE, None)
    cnp.set_array_base(arr, flat)
    return arr


def make_tensor(type cls, Storage storage, tuple shape, tuple strides, Py_ssize_t offset,
                object dtype, VersionCounter version_counter=None):
    """Builds a tensor of type ``cls`` over ``storage`` without running __init__."""
    cdef TensorBase t = TensorBase.__new__(cls)
    t._storage = storage
    t._shape = shape
    t._strides = strides
    t._offset = offset
    t._dtype = dtype
    t._version_counter = VersionCounter() if version_counter is None else version_counter
    return t
