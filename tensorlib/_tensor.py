"""The Tensor class with its data model (sizes, strides, dtype, device), and the
ways to make one: a fresh tensor, one aliasing a backend array, an op's result.

Ops create Tensors from here; the methods that run ops are bound onto the class
one layer up, by ``tensorlib._tensor_methods``, so this module imports nothing
above the backends."""
import warnings

import numpy as np

from . import _dtype as D
from . import _layout
from ._C import Storage, TensorBase, make_tensor
from ._device import CPU
from ._memory_format import checked_format, contiguous_format, is_contiguous_in, refuse_positional
from ._size import shape_size
from .backends import backend_for


def new_tensor_like_storage(storage, shape, strides, offset, dtype, version_counter=None):
    return make_tensor(Tensor, storage, shape, strides, offset, dtype, version_counter)


_CONTIGUOUS_STRIDES = {}


def contiguous_strides(shape):
    """``_layout.contiguous_strides``, remembered for the shapes a program keeps using."""
    try:
        return _CONTIGUOUS_STRIDES[shape]
    except KeyError:
        if len(_CONTIGUOUS_STRIDES) > 1024:
            _CONTIGUOUS_STRIDES.clear()
        strides = _CONTIGUOUS_STRIDES[shape] = _layout.contiguous_strides(shape)
        return strides


def new_result(shape, dtype, device, backend, strides=None):
    """An op's new result (contiguous, or with the given dense ``strides``) and an array aliasing it."""
    flat = backend.empty(_layout.contiguous_nbytes(shape, dtype.itemsize) // dtype.itemsize, dtype.numpy)
    if strides is None:
        strides = contiguous_strides(shape)
    t = make_tensor(Tensor, Storage(flat, device, backend), shape, strides, 0, dtype)
    if len(shape) == 1 and strides == (1,):
        return t, flat
    return t, backend.strided_view(flat, shape, strides, 0)


def full_tensor(shape, value, dtype, device):
    """A new contiguous tensor of ``value`` everywhere."""
    backend = backend_for(device)
    result, array = new_result(tuple(shape), dtype, device, backend)
    backend.fill(array, dtype.numpy.type(value))
    return result


def host_tensor(array, dtype, device):
    """A new contiguous tensor on ``device`` holding a NumPy array's values as ``dtype``."""
    backend = backend_for(device)
    result, out = new_result(tuple(array.shape), dtype, device, backend)
    backend.copy_into(out, backend.from_host(np.array(array, dtype.numpy, order="C")))
    return result


def empty_tensor(shape, dtype, device=CPU, strides=None):
    """A fresh tensor with uninitialised data, contiguous or with the given dense ``strides``; a
    shape PyTorch refuses raises its error, and so does a failed allocation."""
    shape = tuple(shape)
    n = _layout.contiguous_nbytes(shape, dtype.itemsize) // dtype.itemsize
    backend = backend_for(device)
    try:
        data = backend.empty(n, dtype.numpy)
    except MemoryError as error:
        raise backend.allocation_error(error, n * dtype.itemsize) from None
    if strides is None:
        strides = _layout.contiguous_strides(shape)
    return make_tensor(Tensor, Storage(data, device, backend), shape, strides, 0, dtype)


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
    return make_tensor(Tensor, Storage(flat, device, backend_for(device), external=True), shape, strides, 0, dtype)


class Tensor(TensorBase):
    """A multi-dimensional array of one dtype on one device: a strided view of a storage,
    with autograd's bookkeeping (``requires_grad``, ``grad``, ``grad_fn``).

    Tensors are usually made by the factories (:func:`tensorlib.tensor`, :func:`tensorlib.zeros`...).
    The legacy constructor ``torch.Tensor(2, 3)`` or ``torch.Tensor(torch.Size([2, 3]))`` makes an
    uninitialised tensor of the default float dtype, ``torch.Tensor([1, 2])`` copies data, and
    ``torch.Tensor()`` is empty.

    Example::

        >>> x = torch.tensor([[1., 2.], [3., 4.]], requires_grad=True)
        >>> x.shape, x.dtype
        (torch.Size([2, 2]), torch.float32)
        >>> (x * x).sum().backward()
        >>> x.grad
        tensor([[2., 4.],
                [6., 8.]])
    """

    __array_priority__ = 1000  # NumPy defers mixed operators to us

    def __new__(cls, *args, **kwargs):
        return TensorBase.__new__(cls)

    # ---- metadata -------------------------------------------------------
    @property
    def shape(self):
        """The sizes of the tensor's dimensions, a :class:`tensorlib.Size` (as ``size()``)."""
        return shape_size(self._shape)

    def size(self, dim=None):
        """The sizes of the tensor's dimensions, or the size of dimension ``dim``.

        Args:
            dim (int, optional): a dimension (negative counts from the end).

        Returns:
            Size or int: all the sizes, or the one of ``dim``.

        Example::

            >>> x = torch.zeros(2, 3)
            >>> x.size()
            torch.Size([2, 3])
            >>> x.size(-1)
            3
        """
        if dim is None:
            return shape_size(self._shape)
        return self._shape[_layout.normalize_dim(dim, len(self._shape))]

    def stride(self, dim=None):
        """The strides of the tensor (in elements), or the stride of dimension ``dim``.

        Args:
            dim (int, optional): a dimension (negative counts from the end).

        Returns:
            tuple of ints or int: all the strides, or the one of ``dim``.

        Example::

            >>> torch.zeros(2, 3).stride()
            (3, 1)
        """
        if dim is None:
            return self._strides
        return self._strides[_layout.normalize_dim(dim, len(self._shape))]

    def storage_offset(self):
        """The position of the tensor's first element in its storage, in elements.

        Example::

            >>> torch.arange(5)[2:].storage_offset()
            2
        """
        return self._offset

    def dim(self):
        """The number of dimensions of the tensor (``ndim``; ``ndimension()`` is an alias).

        Example::

            >>> torch.zeros(2, 3).dim()
            2
        """
        return len(self._shape)

    ndimension = dim

    @property
    def ndim(self):
        """The number of dimensions of the tensor (as ``dim()``)."""
        return len(self._shape)

    def numel(self):
        """The number of elements of the tensor, the product of its sizes (``nelement()`` is an
        alias).

        Example::

            >>> torch.zeros(2, 3).numel()
            6
        """
        return _layout.numel(self._shape)

    nelement = numel

    @property
    def dtype(self):
        """The :class:`tensorlib.dtype` of the tensor's elements."""
        return self._dtype

    @property
    def device(self):
        """The :class:`tensorlib.device` the tensor's storage lives on."""
        return self._storage.device

    @property
    def is_cuda(self):
        """Whether the tensor lives on a CUDA device."""
        return self._storage.device.type == "cuda"

    @property
    def is_cpu(self):
        """Whether the tensor lives on the CPU."""
        return self._storage.device.type == "cpu"

    @property
    def itemsize(self):
        """The size of one element in bytes (as ``element_size()``)."""
        return self._dtype.itemsize

    @property
    def nbytes(self):
        """The number of bytes the tensor's elements take (``numel() * itemsize``)."""
        return self._dtype.itemsize * self.numel()

    def element_size(self):
        """The size of one element in bytes.

        Example::

            >>> torch.zeros(1, dtype=torch.float64).element_size()
            8
        """
        return self._dtype.itemsize

    def is_floating_point(self):
        """Whether the tensor's dtype is a floating-point one.

        Example::

            >>> torch.tensor([1, 2]).is_floating_point()
            False
        """
        return self._dtype.is_floating_point

    def is_complex(self):
        """Whether the tensor's dtype is complex; always False, as tensorlib has no complex dtype."""
        return False

    def is_signed(self):
        """Whether the tensor's dtype holds negative numbers (all but bool and uint8)."""
        return self._dtype.is_signed

    def is_contiguous(self, *args, memory_format=contiguous_format):
        """Whether the tensor's elements lie in its storage in row-major order (or the order of
        ``memory_format``), without gaps.

        Args:
            memory_format (memory_format): the order to check: ``torch.channels_last`` (NHWC) and
                ``torch.channels_last_3d`` (NDHWC) are False at another rank than 4 and 5; any other
                format checks row-major order.

        Example::

            >>> x = torch.zeros(2, 3)
            >>> x.is_contiguous(), x.t().is_contiguous()
            (True, False)
        """
        if args:
            refuse_positional("is_contiguous", args)
        if memory_format is contiguous_format:
            return _layout.is_contiguous(self._shape, self._strides)
        return is_contiguous_in(self._shape, self._strides, checked_format(memory_format, "is_contiguous", False))

    def data_ptr(self):
        """The memory address of the tensor's first element, an int."""
        return self._storage.data_ptr() + self._offset * self._dtype.itemsize

    def is_set_to(self, other):
        """Whether ``self`` and ``other`` are the same view of the same storage: the same
        storage, offset, sizes and strides.

        Args:
            other (Tensor): the tensor to compare with.
        """
        return (self._storage is other._storage and self._offset == other._offset
                and self._shape == other._shape and self._strides == other._strides)

    def untyped_storage(self):
        """The storage the tensor is a view of (shared by all its views)."""
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

    def __format__(self, spec):
        if not self._shape:
            return self.item().__format__(spec)
        return object.__format__(self, spec)
