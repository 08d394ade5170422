"""PickleMixin: ``pickle``, ``copy.copy`` and ``copy.deepcopy`` of tensors, with PyTorch's rules.

pickle
    keeps each tensor's whole storage, its offset and strides (stride-0 dims
    included), dtype, device, ``requires_grad`` and the attributes the user set
    on it; not ``.grad``, ``grad_fn`` or hooks (a hook warns).  A non-leaf comes
    back as a leaf.  The same tensor object pickled twice comes back as one
    object, but two views of one storage come back with a storage each: PyTorch's
    pickles do not share storage between tensors (``tensorlib.save`` does).
copy.deepcopy
    graph leaves only.  Each storage is copied once per memo, so views copied
    together (a container of them, or a Module's state) share their new storage;
    ``requires_grad`` is kept, ``.grad`` and the attributes are deep-copied.
copy.copy
    PyTorch rebuilds the tensor from its pickle recipe without copying data: a
    leaf over the same storage with ``requires_grad`` kept, no ``.grad``, its own
    version counter, and the attributes shallow-copied.

The copies start at version 1, as PyTorch's do: it rebuilds them with the
in-place ``set_()``.
"""
import copy
import warnings

from . import _dtype as D
from ._C import Storage, make_tensor
from ._tensor_autograd import BOOKKEEPING_ATTRIBUTES
from .backends import backend_for, resolve_device

_DEEPCOPY_NON_LEAF = (
    "Only Tensors created explicitly by the user (graph leaves) support the deepcopy protocol at the moment.  "
    "If you were attempting to deepcopy a module, this may be because of a torch.nn.utils.weight_norm usage, "
    "see https://github.com/pytorch/pytorch/pull/103001")
# deepcopy's memo maps id(object) -> copy; under this key it also maps id(Storage) -> (Storage, its copy)
_STORAGE_COPIES = "tensorlib.Storage"


class PickleMixin:
    def __reduce_ex__(self, protocol):
        _warn_unserialized_hooks(self)
        return (_rebuild_tensor, (type(self), _host_buffer(self._storage), self._storage.device, self._shape,
                                  self._strides, self._offset, self.requires_grad, user_attributes(self)))

    def __copy__(self):
        _warn_unserialized_hooks(self)
        return _rebuilt(type(self), self._storage, self._shape, self._strides, self._offset, self._dtype,
                        self.requires_grad, user_attributes(self))

    def __deepcopy__(self, memo):
        if self._grad_fn is not None:
            raise RuntimeError(_DEEPCOPY_NON_LEAF)
        if id(self) in memo:
            return memo[id(self)]
        storage_copies = memo.setdefault(_STORAGE_COPIES, {})
        pair = storage_copies.get(id(self._storage))
        if pair is None:
            # the original rides along so that its id cannot be reused while the memo lives
            pair = storage_copies[id(self._storage)] = (self._storage, _copy_storage(self._storage))
        attributes = user_attributes(self)
        result = _rebuilt(type(self), pair[1], self._shape, self._strides, self._offset, self._dtype,
                          self.requires_grad, None if attributes is None else copy.deepcopy(attributes, memo))
        if self._grad is not None:
            result._grad = self._grad.__deepcopy__(memo)
        memo[id(self)] = result
        return result


def user_attributes(t):
    """The attributes the user set on ``t`` (a new dict), or None when there are none."""
    attributes = {k: v for k, v in t.__dict__.items() if k not in BOOKKEEPING_ATTRIBUTES}
    return attributes or None


def _warn_unserialized_hooks(t):
    for hook in (t._hooks or {}).values():
        if not hasattr(hook, "__torch_unserializable__"):
            warnings.warn(
                f"backward hook {hook!r} on tensor will not be serialized.  If this is expected, you can decorate "
                "the function with @torch.utils.hooks.unserializable_hook to suppress this warning", UserWarning,
                stacklevel=3)


def _host_buffer(storage):
    # a new array object per tensor: pickle's memo must not merge two tensors' storages into one
    return backend_for(storage.device).host_buffer(storage.data)


def _copy_storage(storage):
    backend = backend_for(storage.device)
    data = storage.data
    new = backend.empty(data.shape[0], data.dtype)
    backend.copy_into(new, data)
    return Storage(new, storage.device, storage.backend)


def _rebuilt(cls, storage, shape, strides, offset, dtype, requires_grad, attributes):
    t = make_tensor(cls, storage, shape, strides, offset, dtype)
    t._version_counter.value = 1
    t._requires_grad = requires_grad
    if attributes is not None:
        t.__dict__.update(attributes)
    return t


def _rebuild_tensor(cls, host, device, shape, strides, offset, requires_grad, attributes):
    """Unpickles a tensor (the callable named by ``__reduce_ex__``)."""
    if not backend_for(device).is_host:
        check_device_present(device)
    device = resolve_device(device)
    backend = backend_for(device)
    storage = Storage(backend.from_host(host), device, backend)
    return _rebuilt(cls, storage, shape, strides, offset, D.from_numpy(host.dtype), requires_grad, attributes)


def check_device_present(saved):
    """PyTorch's errors for a storage saved on a device this machine lacks (torch.cuda answers)."""
    from . import cuda
    if not cuda.is_available():
        raise RuntimeError(
            "Attempting to deserialize object on a CUDA device but torch.cuda.is_available() is False. If you are "
            "running on a CPU-only machine, please use torch.load with map_location=torch.device('cpu') to map "
            "your storages to the CPU.")
    index = 0 if saved.index is None else saved.index
    count = cuda.device_count()
    if index >= count:
        raise RuntimeError(
            f"Attempting to deserialize object on CUDA device {index} but torch.cuda.device_count() is {count}. "
            "Please use torch.load with map_location to map your storages to an existing device.")
