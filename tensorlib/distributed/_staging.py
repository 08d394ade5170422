"""Tensors as the flat contiguous arrays a process group moves.

A contiguous tensor lends its own array; one that is not goes through a contiguous
copy written back through the view afterwards (as gloo does).  A group whose backend
moves host arrays only (``host_arrays``, as MPI's) stages device tensors through host
memory, as gloo does for CUDA tensors."""
from .._device import CPU
from ..backends import backend_for


def _through_host(pg, tensor):
    return getattr(pg.backend, "host_arrays", False) and not backend_for(tensor.device).is_host


def _carrier(pg, tensor):
    """The backend whose arrays carry ``tensor`` through ``pg``."""
    return backend_for(CPU) if _through_host(pg, tensor) else backend_for(tensor.device)


def flat_array(pg, tensor):
    """``tensor``'s elements as a flat contiguous array for ``pg`` (its own, or a copy) and the function
    that writes the array back through the tensor (None when it is the tensor's own)."""
    backend = backend_for(tensor.device)
    array = tensor._array()
    if _through_host(pg, tensor):
        host = backend_for(CPU)
        staged = host.empty_array(array.shape, tensor.dtype.numpy)
        host.copy_into(staged, backend.to_host(array))
        return staged.reshape(-1), lambda: backend.copy_into(array, backend.from_host(staged))
    if tensor.is_contiguous():
        return array.reshape(-1), None
    staged = backend.empty_array(array.shape, tensor.dtype.numpy)
    backend.copy_into(staged, array)
    return staged.reshape(-1), lambda: backend.copy_into(array, staged)


def scratch(pg, tensor, count):
    """A new flat array of ``count`` elements of ``tensor``'s dtype for ``pg``."""
    return _carrier(pg, tensor).empty_array((count,), tensor.dtype.numpy)


def _parts(flat, tensors):
    """``flat`` cut into one piece per tensor, each of the tensor's shape, in order."""
    offset = 0
    for tensor in tensors:
        count = tensor.numel()
        yield tensor, flat[offset:offset + count].reshape(tuple(tensor.shape))
        offset += count


def unpack(pg, flat, tensors):
    """Copies ``flat``'s consecutive pieces into ``tensors`` (a write each, as PyTorch counts it)."""
    for tensor, piece in _parts(flat, tensors):
        backend = backend_for(tensor.device)
        backend.copy_into(tensor._array(), backend.from_host(piece) if _through_host(pg, tensor) else piece)
        tensor._version_counter.bump()


def pack(pg, tensors, flat):
    """Copies ``tensors`` into ``flat``'s consecutive pieces."""
    for tensor, piece in _parts(flat, tensors):
        array = tensor._array()
        if _through_host(pg, tensor):
            array = backend_for(tensor.device).to_host(array)
        _carrier(pg, tensor).copy_into(piece, array)
