"""The pickler of ``tensorlib.save``: PyTorch's pickle, written without torch.

Tensors, Parameters, Sizes, dtypes and devices are written as PyTorch writes
its own (``torch._utils._rebuild_tensor_v2`` over a persistent storage
reference, ``torch.Size``, ``torch.float32``...), so ``torch.load`` reads the
file; PyTorch's names are emitted as :class:`TorchGlobal` markers, whose GLOBAL
opcode this pickler writes itself (Python's pickler would import the module to
check the name).  Everything else pickles as Python pickles it: a whole
Module, a NumPy array, any object.
"""
import collections
import pickle

import numpy as np

from .. import _dtype as D
from .._device import device as Device
from .._size import Size
from .._tensor import Tensor
from .._tensor_pickle import user_attributes
from ..backends import backend_for
from ..nn.parameter import Parameter
from ._torch_globals import TorchGlobal, storage_class_name

_REBUILD_TENSOR = TorchGlobal("torch._utils", "_rebuild_tensor_v2")
_REBUILD_FROM_TYPE = TorchGlobal("torch._tensor", "_rebuild_from_type_v2")
_REBUILD_PARAMETER = TorchGlobal("torch._utils", "_rebuild_parameter")
_REBUILD_PARAMETER_WITH_STATE = TorchGlobal("torch._utils", "_rebuild_parameter_with_state")
_TENSOR = TorchGlobal("torch", "Tensor")
_SIZE = TorchGlobal("torch", "Size")
_DEVICE = TorchGlobal("torch", "device")


_PLAIN_TYPES = frozenset((str, int, float, bool, type(None), tuple, list, dict, collections.OrderedDict, bytes))


class _SavedStorage:
    """One storage of the checkpoint: its key, PyTorch class, location and little-endian host bytes."""
    __slots__ = ("host", "key", "location", "storage_class")

    def __init__(self, key, storage_class, location, host):
        self.key, self.storage_class, self.location, self.host = key, storage_class, location, host


def _little_endian(array):
    flat = np.ascontiguousarray(array).reshape(-1)
    if not flat.dtype.isnative or not np.little_endian:
        flat = flat.astype(flat.dtype.newbyteorder("<"))
    return flat


class CheckpointPickler(pickle._Pickler):
    """Pickles ``obj`` as ``torch.save`` does; ``storages`` lists what the records must hold."""
    dispatch = dict(pickle._Pickler.dispatch)

    def __init__(self, file, protocol, legacy=False):
        super().__init__(file, protocol)
        self.legacy = legacy
        self.storages = []
        self._saved = {}     # id(Storage) -> _SavedStorage
        self._keep = []      # the Storages saved, so that their ids stay theirs while pickling

    def _save_torch_global(self, obj):
        self.write(pickle.GLOBAL + f"{obj.module}\n{obj.name}\n".encode())
        self.memoize(obj)

    def _save_dtype(self, obj):
        self.save(TorchGlobal("torch", obj.name))

    dispatch[TorchGlobal] = _save_torch_global
    dispatch[D.dtype] = _save_dtype

    def persistent_id(self, obj):
        if type(obj) is not _SavedStorage:
            return None
        numel = obj.host.shape[0]
        pid = ("storage", TorchGlobal("torch", obj.storage_class), obj.key, obj.location, numel)
        return pid + (None,) if self.legacy else pid

    def _storage(self, tensor):
        """The saved storage a tensor's layout refers to, with that layout."""
        storage = tensor._storage
        if D.from_numpy(storage.data.dtype) is not tensor.dtype:
            # the tensor reinterprets another dtype's buffer: saved as a storage of its own
            host = _little_endian(tensor._host_array())
            strides = tuple(int(np.prod(tensor.shape[i + 1:], dtype=np.int64)) for i in range(tensor.dim()))
            saved = self._new_storage(host, tensor)
            return saved, 0, strides
        saved = self._saved.get(id(storage))
        if saved is None:
            saved = self._saved[id(storage)] = self._new_storage(
                _little_endian(backend_for(storage.device).to_host(storage.data)), tensor)
            self._keep.append(storage)
        return saved, tensor.storage_offset(), tensor.stride()

    def _new_storage(self, host, tensor):
        saved = _SavedStorage(str(len(self.storages)), storage_class_name(tensor.dtype), str(tensor.device), host)
        self.storages.append(saved)
        return saved

    def _tensor_arguments(self, tensor):
        storage, offset, strides = self._storage(tensor)
        return (storage, offset, tuple(tensor.shape), tuple(strides), tensor.requires_grad,
                collections.OrderedDict())

    def reducer_override(self, obj):
        if type(obj) in _PLAIN_TYPES:   # Python's pickler asks about every object: answer the common ones first
            return NotImplemented
        if isinstance(obj, Tensor):
            attributes = user_attributes(obj)
            if isinstance(obj, Parameter):
                data = (obj.detach(), obj.requires_grad, collections.OrderedDict())
                if attributes:
                    return _REBUILD_PARAMETER_WITH_STATE, data + (attributes,)
                return _REBUILD_PARAMETER, data
            arguments = self._tensor_arguments(obj)
            if type(obj) is Tensor and not attributes:
                return _REBUILD_TENSOR, arguments
            new_type = _TENSOR if type(obj) is Tensor else type(obj)
            return _REBUILD_FROM_TYPE, (_REBUILD_TENSOR, new_type, arguments, attributes or {})
        if isinstance(obj, Size):
            return _SIZE, (tuple(obj),)
        if isinstance(obj, Device):
            return _DEVICE, (obj.type,) if obj.index is None else (obj.type, obj.index)
        return NotImplemented
