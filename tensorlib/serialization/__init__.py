"""``tensorlib.save`` / ``tensorlib.load`` in PyTorch's checkpoint format (docs/serialization.md).

``save`` writes what ``torch.save`` writes (its zip archive, or its legacy
stream), so PyTorch loads tensorlib's checkpoints and tensorlib loads
PyTorch's.  ``load`` reads with a weights-only unpickler by default, as
PyTorch 2.6 and later do: it builds tensors, storages, Parameters and plain
data, nothing else; ``weights_only=False`` builds any object the file names.
safetensors files are read and written by ``tensorlib.serialization.safetensors``.
"""
import contextlib
import io
import os
import pickle
import warnings

from .._C import Storage
from .._device import CPU
from .._device import device as Device
from .._tensor_pickle import check_device_present
from ..backends import backend_for, resolve_device
from ._archive import (
    ZIP_MAGIC,
    ZipCheckpoint,
    archive_name,
    read_legacy,
    storage_request,
    write_legacy,
    write_zip,
)
from ._pickler import CheckpointPickler
from ._unpicklers import (
    FullUnpickler,
    WeightsOnlyUnpickler,
    add_safe_globals,
    clear_safe_globals,
    get_safe_globals,
    safe_globals,
    unsafe_globals,
    weights_only_message,
)

__all__ = [
    "DEFAULT_PROTOCOL",
    "add_safe_globals",
    "clear_safe_globals",
    "get_safe_globals",
    "get_unsafe_globals_in_checkpoint",
    "load",
    "safe_globals",
    "save",
]

DEFAULT_PROTOCOL = 2
_FORMER_TENSORLIB_MAGIC = b"\x89TLSAVE\n"


def _is_path(f):
    return isinstance(f, (str, bytes, os.PathLike))


# ============================================================================ save
def save(obj, f, pickle_module=None, pickle_protocol=DEFAULT_PROTOCOL, _use_new_zipfile_serialization=True,
         _disable_byteorder_record=False):
    """Saves ``obj`` to ``f`` in PyTorch's checkpoint format (a zip archive holding a pickle and one
    record per storage), so that ``torch.load`` reads it too.

    The pickle is tensorlib's own pickler's: it names PyTorch's functions and storage classes for
    tensors. Views saved together keep sharing their storage.

    Args:
        obj: what to save: tensors, state dicts, optimizer state, nested containers, or any
            picklable object (loading those needs ``weights_only=False``).
        f (str, os.PathLike or file object): a path, or a binary file object opened for writing.
        pickle_module: accepted for ``torch.save``'s signature; not used.
        pickle_protocol (int): the pickle protocol. Default: ``2``, as PyTorch's.
        _use_new_zipfile_serialization (bool): ``False`` writes PyTorch's legacy (non-zip) format.
        _disable_byteorder_record (bool): leaves out the archive's byte-order record.

    Example::

        >>> import io
        >>> buffer = io.BytesIO()
        >>> torch.save({"w": torch.tensor([1., 2.])}, buffer)
        >>> _ = buffer.seek(0)
        >>> torch.load(buffer)
        {'w': tensor([1., 2.])}
    """
    if not _is_path(f) and not hasattr(f, "write"):
        raise AttributeError(f"'{type(f).__name__}' object has no attribute 'write'")
    buffer = io.BytesIO()
    pickler = CheckpointPickler(buffer, pickle_protocol, legacy=not _use_new_zipfile_serialization)
    pickler.dump(obj)
    storages = [(saved.key, saved.host) for saved in pickler.storages]
    if _is_path(f):
        with open(os.fspath(f), "wb") as out:
            _write(out, f, buffer.getvalue(), storages, _use_new_zipfile_serialization, pickle_protocol)
    else:
        _write(f, f, buffer.getvalue(), storages, _use_new_zipfile_serialization, pickle_protocol)


def _write(out, f, pickled, storages, zip_format, protocol):
    if zip_format:
        write_zip(out, archive_name(f), pickled, storages)
    else:
        write_legacy(out, lambda value: pickle.dump(value, out, protocol=protocol), pickled, storages)


# ============================================================================ load
def _restorer(map_location):
    """``restore(host array, saved location, external)``: the Storage a loaded array ends up in."""
    def default(host, location, external):
        try:
            device = Device(location)
        except (RuntimeError, TypeError) as error:
            raise RuntimeError(f"don't know how to restore data location {location!r:.60} ({error})") from None
        if not backend_for(device).is_host:
            check_device_present(device)
        device = resolve_device(device)
        backend = backend_for(device)
        if backend.is_host:
            return Storage(host, device, backend, external)
        return Storage(backend.from_host(host), device, backend)

    if map_location is None:
        return default
    if isinstance(map_location, (str, Device)):
        return lambda host, location, external: default(host, str(map_location), external)
    if isinstance(map_location, dict):
        return lambda host, location, external: default(host, str(map_location.get(location, location)), external)
    if callable(map_location):
        def restore(host, location, external):
            result = map_location(Storage(host, CPU, backend_for(CPU), external), location)
            if result is None:
                return default(host, location, external)
            if not isinstance(result, Storage) or len(result) != len(host) or result.data.dtype != host.dtype:
                raise TypeError("a map_location function must return a Storage of the same dtype and length as "
                                "the one it was given, or None")
            return result
        return restore
    raise ValueError(f"map_location should be either None, a string, a torch.device, a dict or a callable, "
                     f"not {type(map_location).__name__}")


def _zip_storages(checkpoint, restore, mmap):
    storages = {}

    def storage_for(pid):
        dtype, key, location, numel = storage_request(pid, 5)
        if key not in storages:
            host, external = checkpoint.storage_array(dtype, key, numel, mmap)
            storages[key] = restore(host, location, external)
        storage = storages[key]
        if len(storage) != numel or storage.data.dtype != dtype.numpy:
            raise RuntimeError(f"storage {key} is named with two sizes or dtypes")
        return storage
    return storage_for


def _unpickle(file, storage_for, weights_only, pickle_load_args):
    if weights_only:
        return WeightsOnlyUnpickler(file, storage_for, encoding=pickle_load_args.get("encoding", "utf-8")).load()
    return FullUnpickler(file, storage_for, **pickle_load_args).load()


def _weights_only_default(weights_only, pickle_module):
    truthy = ("1", "y", "yes", "true")
    forced = os.getenv("TORCH_FORCE_WEIGHTS_ONLY_LOAD", "0").lower() in truthy
    forced_off = os.getenv("TORCH_FORCE_NO_WEIGHTS_ONLY_LOAD", "0").lower() in truthy
    if forced and forced_off:
        raise RuntimeError("Only one of `TORCH_FORCE_WEIGHTS_ONLY_LOAD` or `TORCH_FORCE_NO_WEIGHTS_ONLY_LOAD` "
                           "should be set, but both were set.")
    if forced:
        return True
    if weights_only is None:
        if forced_off:
            warnings.warn("Environment variable TORCH_FORCE_NO_WEIGHTS_ONLY_LOAD detected, since the"
                          "`weights_only` argument was not explicitly passed to `torch.load`, forcing "
                          "weights_only=False.", UserWarning, stacklevel=3)
            return False
        return pickle_module is None
    return bool(weights_only)


def load(f, map_location=None, pickle_module=None, *, weights_only=None, mmap=None, **pickle_load_args):
    """Loads what ``torch.save`` or :func:`save` wrote to ``f``, as ``torch.load`` does.

    Args:
        f (str, os.PathLike or file object): a path, or a readable binary file object. A path
            ending in ``.safetensors`` is read as a safetensors file.
        map_location: where the storages go: a device or string, a dict from saved locations
            (``'cuda:0'``) to new ones, or a callable ``fn(storage, location)``. Default: where
            they were saved from.
        pickle_module: a module to unpickle with; only with ``weights_only=False``.
        weights_only (bool): build only tensors, storages, Parameters and plain data, refusing
            any other global with ``pickle.UnpicklingError`` (the default unless a
            ``pickle_module`` is given). A file that would run code never does.
        mmap (bool): map the storages of a zip checkpoint from the file instead of reading them.
        pickle_load_args: passed to the unpickler (``encoding``...) with ``weights_only=False``.

    Returns:
        the saved object, its tensors on the devices ``map_location`` chose.

    Example::

        >>> import io
        >>> buffer = io.BytesIO()
        >>> base = torch.arange(4.)
        >>> torch.save([base, base[1:3]], buffer)
        >>> _ = buffer.seek(0)
        >>> whole, view = torch.load(buffer)
        >>> view[0] = 9.
        >>> whole
        tensor([0., 9., 2., 3.])
    """
    weights_only = _weights_only_default(weights_only, pickle_module)
    if weights_only and pickle_module is not None:
        raise RuntimeError("Can not safely load weights when explicit pickle_module is specified")
    if pickle_load_args and weights_only:
        warnings.warn("pickle_load_args only works if `weights_only=False`.", stacklevel=2)
    pickle_load_args.setdefault("encoding", "utf-8")
    if _is_path(f) and os.fsdecode(f).endswith(".safetensors"):
        from .safetensors import load_checkpoint
        return load_checkpoint(f, map_location)
    if mmap and not _is_path(f):
        raise ValueError("f must be a file path in order to use the mmap argument")
    if _is_path(f):
        with open(os.fspath(f), "rb") as stream:
            return _load(stream, f, map_location, weights_only, bool(mmap), pickle_load_args)
    if not hasattr(f, "read"):
        raise AttributeError(f"'{type(f).__name__}' object has no attribute 'read'")
    if not (hasattr(f, "seek") and hasattr(f, "tell") and getattr(f, "seekable", lambda: True)()):
        f = io.BytesIO(f.read())   # the zip reader seeks to the end first
    return _load(f, None, map_location, weights_only, False, pickle_load_args)


def _load(stream, path, map_location, weights_only, mmap, pickle_load_args):
    start = stream.tell()
    head = stream.read(len(_FORMER_TENSORLIB_MAGIC))
    stream.seek(start)
    restore = _restorer(map_location)
    try:
        if head.startswith(ZIP_MAGIC):
            checkpoint = ZipCheckpoint(stream, path)
            storage_for = _zip_storages(checkpoint, restore, mmap)
            return _unpickle(io.BytesIO(checkpoint.read("data.pkl")), storage_for, weights_only, pickle_load_args)
        if head == _FORMER_TENSORLIB_MAGIC:
            raise RuntimeError("this file was written by tensorlib's former checkpoint format, which this "
                               "tensorlib no longer reads: load it with the tensorlib that wrote it and save it "
                               "again (tensorlib now writes PyTorch's format)")
        if mmap:
            name = "" if not isinstance(path, str) else f"{path}, "
            raise RuntimeError("mmap can only be used with files saved with "
                               f"`torch.save({name}_use_new_zipfile_serialization=True), "
                               "please torch.save your checkpoint with this option in order to use mmap.")

        def legacy_restore(host, location):
            return restore(host, location, False)
        return read_legacy(stream, lambda file, storage_for: _unpickle(file, storage_for, weights_only,
                                                                        pickle_load_args), legacy_restore)
    except pickle.UnpicklingError as error:
        if weights_only:
            raise pickle.UnpicklingError(weights_only_message(str(error))) from None
        raise


def get_unsafe_globals_in_checkpoint(f):
    """The globals of the zip checkpoint ``f`` that a weights-only load would refuse, as
    ``module.name`` strings (read from the pickle without running it)."""
    with open(os.fspath(f), "rb") if _is_path(f) else contextlib.nullcontext(f) as stream:
        start = stream.tell()
        head = stream.read(len(ZIP_MAGIC))
        stream.seek(start)
        if head != ZIP_MAGIC:
            raise ValueError("Expected input to be a checkpoint returned by torch.save")
        return unsafe_globals(ZipCheckpoint(stream).read("data.pkl"))
