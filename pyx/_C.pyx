"""The tensor core: a shared flat storage, a shared version counter, and the
TensorBase type that holds a tensor's metadata (shape, strides, offset, dtype)
plus the slots autograd needs.  Python methods live on ``tensorlib.Tensor``.
The C-level fields are declared in ``tensorlib/_C.pxd``."""
cimport numpy as cnp
from cpython.ref cimport Py_INCREF
from tensorlib._kernel_common cimport MAX_DIMS
from tensorlib._layout cimport numel, strided_nbytes

import numpy as np

cnp.import_array()

cdef extern from "numpy/arrayobject.h":
    ctypedef struct PyTypeObject:
        pass
    PyTypeObject PyArray_Type
    object PyArray_NewFromDescr(PyTypeObject* subtype, cnp.dtype descr, int nd, cnp.npy_intp* dims,
                                cnp.npy_intp* strides, void* data, int flags, object obj)

# a tensor's elements are reached through NumPy arrays: NumPy 1.x allows 32 dimensions, NumPy 2 64
cdef int max_dims = MAX_DIMS if np.lib.NumpyVersion(np.__version__) >= "2.0.0" else 32


cpdef check_ndim(tuple shape):
    if len(shape) > max_dims:
        raise RuntimeError(f"tensors with more than {max_dims} dimensions are not supported")


cdef class Storage:
    """A flat, contiguous, typed buffer shared by a tensor and all of its views.

    ``data`` is a 1-D array of ``backend`` (the module that made it, and reads and
    grows it: a NumPy array of the CPU backend).  Replacing it (``resize_``
    growing) is seen by every tensor that shares this storage.  ``external``:
    ``data`` aliases memory another library owns (``from_numpy``, DLPack), which
    growing would stop aliasing, so it cannot grow."""
    def __init__(self, data, device, backend, bint external=False):
        self.data = data
        self.device = device
        self.backend = backend
        self.external = external

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
        if self.external:
            raise RuntimeError("Trying to resize storage that is not resizable")
        new = self.backend.empty(size, self.data.dtype)
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
        return self._storage.backend.strided_view(data, self._shape, self._strides, self._offset)

    @property
    def _version(self):
        return self._version_counter.value

    def _set_layout(self, Storage storage, tuple shape, tuple strides, Py_ssize_t offset, object dtype=None):
        """Points this tensor at ``storage`` with a new layout (``resize_``, ``set_``,
        ``.data =``), checked as :func:`make_tensor` checks it; on error nothing changes."""
        if dtype is None:
            dtype = self._dtype
        check_layout(storage, shape, strides, offset)
        self._storage = storage
        self._shape = shape
        self._strides = strides
        self._offset = offset
        self._dtype = dtype


cdef int check_layout(Storage storage, tuple shape, tuple strides, Py_ssize_t offset) except -1:
    """THE check every tensor's (shape, strides, offset) passes before a kernel can see it:
    the sizes have a representable element count and every element lies inside ``storage``.
    Kernels run with bounds checks off and trust this."""
    if len(strides) != len(shape):
        raise RuntimeError("mismatch in length of strides and shape")
    check_ndim(shape)
    if offset < 0:
        raise RuntimeError(f"Tensor: invalid storage offset {offset}")
    cdef Py_ssize_t itemsize, available, needed
    data = storage.data
    if cnp.PyArray_CheckExact(data):
        itemsize = cnp.PyArray_ITEMSIZE(<cnp.ndarray>data)
        available = cnp.PyArray_NBYTES(<cnp.ndarray>data)
    else:
        itemsize = data.itemsize
        available = data.nbytes
    needed = strided_nbytes(shape, strides, offset, itemsize)
    numel(shape)
    if needed > available:
        raise RuntimeError(
            f"setStorage: sizes {list(shape)}, strides {list(strides)}, storage offset {offset}, and itemsize "
            f"{itemsize} requiring a storage size of {needed} are out of bounds for storage of size {available}")
    return 0


cpdef object strided_view(cnp.ndarray flat, tuple shape, tuple strides, Py_ssize_t offset):
    """An ndarray over ``flat`` with the given element strides and offset.

    Callers guarantee the extent fits inside ``flat`` (:func:`check_layout` validated it);
    building the array through the C API keeps this at a few hundred nanoseconds."""
    cdef int nd = len(shape)
    cdef cnp.npy_intp dims[MAX_DIMS]
    cdef cnp.npy_intp byte_strides[MAX_DIMS]
    cdef Py_ssize_t itemsize = cnp.PyArray_ITEMSIZE(flat)
    cdef int i
    check_ndim(shape)
    for i in range(nd):
        dims[i] = <cnp.npy_intp>shape[i]
        byte_strides[i] = <cnp.npy_intp>strides[i] * itemsize
    cdef cnp.dtype descr = flat.dtype
    Py_INCREF(descr)  # PyArray_NewFromDescr steals this reference
    try:
        arr = PyArray_NewFromDescr(
            &PyArray_Type, descr, nd, dims, byte_strides,
            <void*>(<char*>cnp.PyArray_DATA(flat) + offset * itemsize),
            cnp.NPY_ARRAY_WRITEABLE, None)
    except ValueError:
        # NumPy multiplies every size, 0 or not, and refuses a product past 2**63 bytes
        raise RuntimeError(f"tensors whose sizes multiply past NumPy's array limit are not supported: "
                           f"sizes={list(shape)}") from None
    cnp.set_array_base(arr, flat)
    return arr


def make_tensor(type cls, Storage storage, tuple shape, tuple strides, Py_ssize_t offset,
                object dtype, VersionCounter version_counter=None):
    """Builds a tensor of type ``cls`` over ``storage`` without running __init__,
    after :func:`check_layout`."""
    check_layout(storage, shape, strides, offset)
    cdef TensorBase t = TensorBase.__new__(cls)
    t._storage = storage
    t._shape = shape
    t._strides = strides
    t._offset = offset
    t._dtype = dtype
    t._version_counter = VersionCounter() if version_counter is None else version_counter
    return t
