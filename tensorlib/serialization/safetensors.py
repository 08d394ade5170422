"""safetensors files of tensorlib tensors: what ``safetensors.torch`` gives PyTorch.

``save_file(tensors, filename, metadata=None)``, ``load_file(filename, device="cpu")``,
``save(tensors, metadata=None) -> bytes`` and ``load(data) -> dict``, with the
refusals of ``safetensors.torch`` (a value that is not a tensor, tensors that
share memory, a non-contiguous tensor).  The format itself -- a JSON header
and raw little-endian bytes, no code -- is read and written by the
``safetensors`` package (``pip install tensorlib[safetensors]``);
``tensorlib.load`` of a path ending in ``.safetensors`` reads it too, as
``torch.load`` does.
"""
import os

import numpy as np

from .. import _dtype as D
from .._C import Storage
from .._device import device as Device
from .._tensor import Tensor, new_tensor_like_storage
from ..backends import backend_for, resolve_device

__all__ = ["load", "load_file", "save", "save_file"]

# the safetensors dtype codes of tensorlib's dtypes
_CODES = {"F64": "float64", "F32": "float32", "F16": "float16", "BF16": "bfloat16", "I64": "int64",
          "I32": "int32", "I16": "int16", "I8": "int8", "U8": "uint8", "BOOL": "bool", "C64": "complex64"}


def _package():
    try:
        import safetensors
    except ImportError as error:
        raise RuntimeError("Attempting to load a safetensors file but safetensors is not installed. "
                           "Please install safetensors with: pip install safetensors") from error
    return safetensors


def _check(tensors):
    if not isinstance(tensors, dict):
        raise ValueError(f"Expected a dict of [str, torch.Tensor] but received {type(tensors)}")
    for key, value in tensors.items():
        if not isinstance(value, Tensor):
            raise ValueError(f"Key `{key}` is invalid, expected torch.Tensor but received {type(value)}")
    by_storage = {}
    for key, value in tensors.items():
        by_storage.setdefault(id(value._storage), []).append(key)
    failing = []
    for names in by_storage.values():
        spans = sorted((tensors[n].storage_offset(), tensors[n].storage_offset() + max(tensors[n].numel(), 1), n)
                       for n in names)
        group, end = set(), -1
        for start, stop, name in spans:   # tensors of one storage whose element ranges overlap share memory
            if start < end:
                group.add(name)
            else:
                if len(group) > 1:
                    failing.append(group)
                group = {name}
            end = max(end, stop)
        if len(group) > 1:
            failing.append(group)
    if failing:
        raise RuntimeError(
            "\n            Some tensors share memory, this will lead to duplicate memory on disk and potential "
            f"differences when loading them again: {failing}.\n            A potential way to correctly save "
            "your model is to use `save_model`.\n            More information at "
            "https://huggingface.co/docs/safetensors/torch_shared_tensors\n            ")
    for key, value in tensors.items():
        if not value.is_contiguous():
            raise ValueError(
                f"You are trying to save a non contiguous tensor: `{key}` which is not allowed. It either means you "
                "are trying to save tensors which are reference of each other in which case it's recommended to "
                "save only the full tensors, and reslice at load time, or simply call `.contiguous()` on your "
                "tensor to pack it before saving.")


def _specs(tensors):
    """The package's descriptions of ``tensors`` and the host arrays they point into (kept alive by the caller)."""
    safetensors = _package()
    _check(tensors)
    specs, arrays = {}, []
    for key, value in tensors.items():
        host = np.ascontiguousarray(value._host_array()).reshape(-1)
        if not host.dtype.isnative or not np.little_endian:
            host = host.astype(host.dtype.newbyteorder("<"))
        arrays.append(host)
        data = host.view(np.uint8)
        if hasattr(safetensors, "TensorSpec"):
            specs[key] = safetensors.TensorSpec(dtype=value.dtype.name, shape=list(value.shape),
                                                data_ptr=data.ctypes.data, data_len=data.nbytes)
        else:   # the packages before TensorSpec took the bytes themselves
            specs[key] = {"dtype": value.dtype.name, "shape": list(value.shape), "data": data.tobytes()}
    return safetensors, specs, arrays


def save(tensors, metadata=None):
    """The safetensors bytes of ``tensors`` (a dict of str to contiguous tensors that share no memory)."""
    safetensors, specs, arrays = _specs(tensors)
    result = bytes(safetensors.serialize(specs, metadata=metadata))
    del arrays
    return result


def save_file(tensors, filename, metadata=None):
    """Writes ``tensors`` to the safetensors file ``filename``."""
    safetensors, specs, arrays = _specs(tensors)
    safetensors.serialize_file(specs, os.fspath(filename), metadata=metadata)
    del arrays


def _device(device):
    if isinstance(device, int) and not isinstance(device, bool):
        return Device("cuda", device)
    return Device(device)


def load(data, device="cpu"):
    """The dict of tensors that safetensors bytes ``data`` hold."""
    safetensors = _package()
    try:
        entries = safetensors.deserialize(bytes(data))
    except Exception as error:  # noqa: BLE001  (the package's SafetensorError names only itself)
        raise RuntimeError(f"not a valid safetensors file: {error}") from None
    target = resolve_device(_device(device))
    backend = backend_for(target)
    result = {}
    for name, entry in entries:
        dtype = getattr(D, _CODES.get(entry["dtype"], ""), None)
        if not isinstance(dtype, D.dtype):
            raise TypeError(f"tensor {name!r} of the safetensors file has dtype {entry['dtype']}, which tensorlib "
                            "does not have")
        shape = tuple(entry["shape"])
        host = np.frombuffer(bytearray(entry["data"]), dtype.numpy.newbyteorder("<"))
        if not host.dtype.isnative:
            host = host.astype(host.dtype.newbyteorder("="))
        storage = Storage(host if backend.is_host else backend.from_host(host), target, backend)
        strides = tuple(int(np.prod(shape[i + 1:], dtype=np.int64)) for i in range(len(shape)))
        result[name] = new_tensor_like_storage(storage, shape, strides, 0, dtype)
    return result


def load_file(filename, device="cpu"):
    """The dict of tensors of the safetensors file ``filename``, on ``device``."""
    _package()
    with open(os.fspath(filename), "rb") as f:
        return load(f.read(), device)


def load_checkpoint(f, map_location):
    """``tensorlib.load`` of a ``.safetensors`` path, as ``torch.load`` takes ``map_location`` there."""
    if isinstance(map_location, dict):
        raise RuntimeError("Loading safetensors file with dict map_location is not supported. "
                           "Use a device string or torch.device instead.")
    if callable(map_location) and not isinstance(map_location, (str, Device)):
        raise RuntimeError("Loading safetensors file with callable map_location is not supported. "
                           "Use a device string or torch.device instead.")
    return load_file(f, "cpu" if map_location is None else str(map_location))
