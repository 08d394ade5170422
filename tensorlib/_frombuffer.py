"""``torch.frombuffer``: a 1-D tensor sharing the memory of an object of the Python
buffer protocol (bytes, bytearray, array.array, memoryview, mmap...)."""
import warnings

import numpy as np

from ._tensor import wrap_array

_READ_ONLY = ("The given buffer is not writable, and PyTorch does not support non-writable tensors. This means you "
              "can write to the underlying (supposedly non-writable) buffer using the tensor. You may want to copy "
              "the buffer to protect its data or make it writable before converting it to a tensor. This type of "
              "warning will be suppressed for the rest of this program.")
_warned_read_only = False


def frombuffer(buffer, *, dtype, count=-1, offset=0, requires_grad=False):
    """A 1-D tensor sharing the memory of ``buffer`` (writes reach the buffer): the ``count``
    elements of ``dtype`` it holds from byte ``offset`` on.

    Args:
        buffer: an object with the buffer protocol (bytearray, memoryview, array...).
        dtype (dtype): the dtype of the elements (keyword only).
        count (int): how many elements; -1 takes all that fit. Default: ``-1``.
        offset (int): the byte where the elements start. Default: ``0``.
        requires_grad (bool): whether autograd records operations on the result. Default: ``False``.

    Returns:
        Tensor: the view of the buffer.

    Example::

        >>> torch.frombuffer(bytearray(b"\x01\x02\x03\x04"), dtype=torch.uint8)
        tensor([1, 2, 3, 4], dtype=torch.uint8)
    """
    global _warned_read_only
    try:
        view = memoryview(buffer)
    except TypeError:
        raise ValueError("object does not implement Python buffer protocol.") from None
    length, itemsize = view.nbytes, dtype.itemsize
    if length == 0 or count == 0:
        raise ValueError(f"both buffer length ({length}) and count ({count}) must not be 0")
    if offset < 0 or offset >= length:
        raise ValueError(f"offset ({offset} bytes) must be non-negative and no greater than buffer length "
                         f"({length} bytes) minus 1")
    if count < 0:
        if (length - offset) % itemsize:
            raise ValueError(f"buffer length ({length - offset} bytes) after offset ({offset} bytes) must be a "
                             f"multiple of element size ({itemsize})")
        count = (length - offset) // itemsize
    elif count * itemsize > length - offset:
        raise ValueError(f"requested buffer length ({count} * {itemsize} bytes) after offset ({offset} bytes) must "
                         f"not be greater than actual buffer length ({length} bytes)")
    array = np.frombuffer(view.cast("B"), dtype=np.uint8, count=count * itemsize, offset=offset).view(dtype.numpy)
    if view.readonly and not _warned_read_only:
        _warned_read_only = True
        warnings.warn(_READ_ONLY, UserWarning, stacklevel=2)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the read-only warning above is PyTorch's for buffers
        result = wrap_array(array)
    return result.requires_grad_() if requires_grad else result
