"""The Tensor class: TensorBase (Cython metadata) plus Python methods grouped
by concept in mixins (views, indexing, conversion, math)."""
import warnings

import numpy as np

from . import _dtype as D
from . import _layout
from . import _operators
from ._C import Storage, TensorBase, make_tensor
from ._device import CPU
from ._size import Size
from .backends import backend_for


def new_tensor_like_storage(storage, shape, strides, offset, dtype, version_counter=None):
    return make_tensor(Tensor, storage, shape, strides, offset, dtype, version_counter)


def empty_tensor(shape, dtype, device=CPU):
    """A fresh contiguous tensor with uninitialised data; a shape PyTorch refuses
    raises its error, and so does a failed allocation."""
    shape = tuple(shape)
    n = _layout.contiguous_nbytes(shape, dtype.itemsize) // dtype.itemsize
    backend = backend_for(device)
    try:
        data = backend.empty(n, dtype.numpy)
    except MemoryError as error:
        raise backend.allocation_error(error, n * dtype.itemsize) from None
    return make_tensor(Tensor, Storage(data, device), shape, _layout.contiguous_strides(shape), 0, dtype)


def wrap_array(array, device=CPU):
    """A tensor aliasing a backend array of any non-negative strides (no copy)."""
    dtype = D.from_numpy(array.dtype)
    itemsize = array.itemsize
    if any(s < 0 for s in array.strides):
        raise ValueError(
            "At least one stride in the given numpy array is negative, and tensors with negative "
            "strides are not currently supported. (You can probably work around this by making a copy "
            "of your array with array.copy().) ")
    if any(s % itemsize for s in array.strides):
        raise ValueError(
            "given numpy array strides not a multiple of the element byte size. Copy the numpy array "
            "to reallocate the memory.")
    shape = tuple(array.shape)
    strides = tuple(s // itemsize for s in array.strides)
    extent = _layout.storage_extent(shape, strides, 0)
    flat = np.lib.stride_tricks.as_strided(array, shape=(extent,), strides=(itemsize,)) \
        if isinstance(array, np.ndarray) else backend_for(device).flat_alias(array, extent)
    if isinstance(flat, np.ndarray) and not array.flags.writeable:
        warnings.warn(
            "The given NumPy array is not writable, and PyTorch does not support non-writable tensors. "
            "This means writing to this tensor will result in undefined behavior. You may want to copy "
            "the array to protect its data or make it writable before converting it to a tensor. This "
            "type of warning will be suppressed for the rest of this program.", UserWarning, stacklevel=3)
    return make_tensor(Tensor, Storage(flat, device, external=True), shape, strides, 0, dtype)


from ._tensor_views import ViewsMixin  # noqa: E402
from ._tensor_convert import ConversionMixin  # noqa: E402
from ._tensor_indexing import IndexingMixin  # noqa: E402
from ._tensor_math import MathMixin  # noqa: E402
from ._tensor_autograd import AutogradMixin  # noqa: E402
from ._tensor_pickle import PickleMixin  # noqa: E402


class Tensor(TensorBase, AutogradMixin, ViewsMixin, ConversionMixin, IndexingMixin, MathMixin, PickleMixin):
    """A strided view over a Storage: ``torch.Tensor``.

    ``Tensor(2, 3)`` / ``Tensor(Size)`` allocate (uninitialised) default-float
    tensors; ``Tensor([1, 2])`` copies data; ``Tensor()`` is empty."""

    __array_priority__ = 1000  # NumPy defers mixed operators to us

    def __new__(cls, *args, **kwargs):
        return TensorBase.__new__(cls)

    def __init__(self, *args, device=None):
        from ._creation import legacy_construct
        legacy_construct(self, D.get_default_dtype(), args, device)

    # ---- metadata -------------------------------------------------------
    @property
    def shape(self):
        return Size(self._shape)

    def size(self, dim=None):
        if dim is None:
            return Size(self._shape)
        return self._shape[_layout.normalize_dim(dim, len(self._shape))]

    def stride(self, dim=None):
        if dim is None:
            return self._strides
        return self._strides[_layout.normalize_dim(dim, len(self._shape))]

    def storage_offset(self):
        return self._offset

    def dim(self):
        return len(self._shape)

    ndimension = dim

    @property
    def ndim(self):
        return len(self._shape)

    def numel(self):
        return _layout.numel(self._shape)

    nelement = numel

    @property
    def dtype(self):
        return self._dtype

    @property
    def device(self):
        return self._storage.device

    @property
    def is_cuda(self):
        return self._storage.device.type == "cuda"

    @property
    def is_cpu(self):
        return self._storage.device.type == "cpu"

    @property
    def itemsize(self):
        return self._dtype.itemsize

    @property
    def nbytes(self):
        return self._dtype.itemsize * self.numel()

    def element_size(self):
        return self._dtype.itemsize

    def is_floating_point(self):
        return self._dtype.is_floating_point

    def is_complex(self):
        return False

    def is_signed(self):
        return self._dtype.is_signed

    def is_contiguous(self, memory_format=None):
        return _layout.is_contiguous(self._shape, self._strides)

    def data_ptr(self):
        return self._storage.data_ptr() + self._offset * self._dtype.itemsize

    def is_set_to(self, other):
        return (self._storage is other._storage and self._offset == other._offset
                and self._shape == other._shape and self._strides == other._strides)

    def untyped_storage(self):
        return self._storage

    def __len__(self):
        if not self._shape:
            raise TypeError("len() of a 0-d tensor")
        return self._shape[0]

    def __iter__(self):
        if not self._shape:
            raise TypeError("iteration over a 0-d tensor")
        return iter(self.unbind(0))

    def __hash__(self):
        return id(self)

    def __repr__(self, *, tensor_contents=None):
        from ._tensor_str import tensor_repr
        return tensor_repr(self)

    __str__ = __repr__

    def __format__(self, spec):
        if not self._shape:
            return self.item().__format__(spec)
        return object.__format__(self, spec)


_operators.set_result_type(Tensor)
