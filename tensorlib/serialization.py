"""``tensorlib.save`` / ``tensorlib.load``: a small file format that stores
tensors and plain Python data and never runs code when it is read.

PyTorch pickles; unpickling can call any function named in the file, so a
checkpoint from a stranger can run code on your machine.  tensorlib writes a
fixed header, a JSON manifest describing the object tree and the tensors'
layouts, then the raw little-endian bytes of every distinct storage.  Reading
parses JSON, checks every number against the data it describes and copies
bytes into fresh arrays: nothing in the file is ever executed or imported.
The format is documented in docs/serialization.md.

What can be saved: tensors (any dtype, any layout, on any device, saved from
host memory); ``None``, ``bool``, ``int``, ``float``, ``str``, ``bytes``;
``list``, ``tuple``, ``dict`` and ``OrderedDict`` of those (nested freely);
``tensorlib.Size``, dtype and device objects (NumPy scalars are saved as the
Python number they hold).  Views that share a storage come
back sharing one storage with the same shape, strides and offset; the same
tensor object saved twice comes back as one object; ``requires_grad`` is kept
(``.grad`` and ``grad_fn`` are not saved, as in PyTorch).
"""
import base64
import binascii
import collections
import json
import math
import os
import struct
import zlib

import numpy as np

from . import _dtype as D
from ._C import Storage
from ._device import CPU, device as Device
from ._size import Size
from ._tensor import Tensor, new_tensor_like_storage
from .backends import backend_for, resolve_device

__all__ = ["save", "load", "SerializationError", "MAGIC", "FORMAT_VERSION"]

MAGIC = b"\x89TLSAVE\n"          # 0x89 catches 7-bit transfers, \n catches newline translation
FORMAT_VERSION = 1
_HEADER = struct.Struct("<8sIIQQ")  # magic, version, manifest crc32, manifest length, data length
HEADER_SIZE = _HEADER.size          # 32 bytes
ALIGNMENT = 64                      # the data section and every storage start on a 64-byte boundary
_FORMAT_NAME = "tensorlib.save"

_DTYPES = {d.name: d for d in D.ALL}  # the whitelist of dtype names a file may use
_MAX_DIMS = 64
_MAX_INT = 1 << 56                    # bound on sizes, strides, offsets and element counts
_CHUNK = 1 << 24                      # read in 16 MiB pieces: a lying length never allocates


class SerializationError(RuntimeError, ValueError):
    """A file that is not a valid tensorlib save file (truncated, corrupted,
    foreign or malicious).  It is both a RuntimeError and a ValueError."""


# ============================================================================ save
class _Writer:
    """Walks the object tree once, building the manifest and collecting storages."""

    def __init__(self):
        self.storages = []      # [(host ndarray, device string)]
        self.storage_index = {}  # id(Storage) -> index   (the Storage objects are kept alive in keep)
        self.tensors = []        # manifest entries
        self.tensor_index = {}   # id(tensor) -> index
        self.keep = []
        self.path = set()        # ids of the containers being encoded (cycle detection)

    def storage(self, storage, host):
        key = id(storage)
        if key not in self.storage_index:
            self.keep.append(storage)
            self.storage_index[key] = len(self.storages)
            self.storages.append((host, str(storage.device)))
        return self.storage_index[key]

    def tensor(self, t):
        key = id(t)
        if key in self.tensor_index:
            return self.tensor_index[key]
        self.keep.append(t)
        storage = t._storage
        host = backend_for(storage.device).to_host(storage.data)
        if D.from_numpy(host.dtype) is t._dtype:
            index = self.storage(storage, host)
            shape, strides, offset = t._shape, t._strides, t._offset
        else:  # a tensor whose dtype differs from its buffer's: saved as a standalone copy
            flat = np.ascontiguousarray(t._host_array()).reshape(-1)
            index = len(self.storages)
            self.storages.append((flat, str(t.device)))
            shape, offset = t._shape, 0
            strides = tuple(int(np.prod(shape[i + 1:], dtype=np.int64)) for i in range(len(shape)))
        self.tensor_index[key] = len(self.tensors)
        self.tensors.append({
            "storage": index, "dtype": t._dtype.name, "shape": list(shape), "stride": list(strides),
            "offset": offset, "requires_grad": bool(t.requires_grad)})
        return self.tensor_index[key]

    def encode(self, obj):
        if isinstance(obj, np.generic) and obj.dtype.kind in "biuf":
            obj = obj.item()  # NumPy scalars are saved as the Python number they hold
        if obj is None or isinstance(obj, (bool, str)):
            return obj
        if isinstance(obj, int):
            return int(obj)
        if isinstance(obj, float):
            value = float(obj)
            if math.isfinite(value):
                return value
            return {"type": "float", "value": repr(value)}  # 'nan', 'inf', '-inf'
        if isinstance(obj, Tensor):
            return {"type": "tensor", "index": self.tensor(obj)}
        if isinstance(obj, Size):
            return {"type": "size", "value": [int(s) for s in obj]}
        if isinstance(obj, D.dtype):
            return {"type": "dtype", "value": obj.name}
        if isinstance(obj, Device):
            return {"type": "device", "value": str(obj)}
        if isinstance(obj, (bytes, bytearray)):
            return {"type": "bytes", "value": base64.b64encode(bytes(obj)).decode("ascii")}
        if isinstance(obj, (list, tuple, dict)):
            if id(obj) in self.path:
                raise ValueError("tensorlib.save: cannot save a container that contains itself")
            self.path.add(id(obj))
            try:
                if isinstance(obj, list):
                    return [self.encode(x) for x in obj]
                if isinstance(obj, tuple):
                    return {"type": "tuple", "items": [self.encode(x) for x in obj]}
                items = []
                for k, v in obj.items():
                    self.check_key(k)
                    items.append([self.encode(k), self.encode(v)])
                return {"type": "ordered_dict" if isinstance(obj, collections.OrderedDict) else "dict",
                        "items": items}
            finally:
                self.path.discard(id(obj))
        raise TypeError(
            f"tensorlib.save cannot save an object of type {type(obj).__module__}.{type(obj).__qualname__}: "
            "only tensors, None, bool, int, float, str, bytes, Size, dtype, device, and lists, tuples and "
            "dicts of those can be saved (the format never stores code); save a model's state_dict() rather "
            "than the model.")

    def check_key(self, key):
        if isinstance(key, tuple):
            for k in key:
                self.check_key(k)
        elif isinstance(key, (Tensor, list, dict)):
            raise TypeError(f"tensorlib.save: dict keys must be str, int, float, bool, None, bytes, dtype, "
                            f"device, Size or tuples of these, not {type(key).__name__}")


def _align(n):
    return -(-n // ALIGNMENT) * ALIGNMENT


def _little_endian_bytes(host):
    """A contiguous little-endian view of a host array's elements."""
    flat = np.ascontiguousarray(host).reshape(-1)
    if flat.dtype.byteorder == ">" or (flat.dtype.byteorder == "=" and not _NATIVE_LITTLE):
        flat = flat.astype(flat.dtype.newbyteorder("<"))
    return flat


_NATIVE_LITTLE = np.little_endian


def save(obj, f, pickle_module=None, pickle_protocol=None, _use_new_zipfile_serialization=True,
         _disable_byteorder_record=False):
    """Saves ``obj`` to ``f`` in tensorlib's documented, pickle-free format (docs/serialization.md).

    ``obj`` may be a tensor or any nesting of lists, tuples, dicts and OrderedDicts of tensors,
    None, bool, int, float, str, bytes, Size, dtype and device objects; anything else raises
    ``TypeError``.

    Args:
        obj: what to save.
        f (str, os.PathLike or file object): a path, or a binary file object opened for writing.
        pickle_module, pickle_protocol, _use_new_zipfile_serialization, _disable_byteorder_record:
            accepted for ``torch.save``'s signature and ignored (nothing is pickled).

    Example::

        >>> import io
        >>> buffer = io.BytesIO()
        >>> torch.save({"w": torch.tensor([1., 2.])}, buffer)
        >>> _ = buffer.seek(0)
        >>> torch.load(buffer)
        {'w': tensor([1., 2.])}
    """
    writer = _Writer()
    root = writer.encode(obj)
    blobs = []
    storages = []
    offset = 0
    for host, device in writer.storages:
        flat = _little_endian_bytes(host)
        data = memoryview(flat.view(np.uint8)) if flat.size else b""  # any dtype, bfloat16 too
        offset = _align(offset)
        storages.append({"dtype": D.from_numpy(host.dtype).name, "numel": int(flat.size), "device": device,
                         "offset": offset, "nbytes": len(data), "crc32": zlib.crc32(data)})
        blobs.append((offset, data))
        offset += len(data)
    data_length = _align(offset)
    manifest = {"format": _FORMAT_NAME, "version": FORMAT_VERSION, "byteorder": "little",
                "storages": storages, "tensors": writer.tensors, "root": root}
    text = json.dumps(manifest, ensure_ascii=True, allow_nan=False, separators=(",", ":")).encode("ascii")
    # JSON may end in whitespace: pad the manifest so the data section starts 64-byte aligned.
    text += b" " * (_align(HEADER_SIZE + len(text)) - HEADER_SIZE - len(text))
    header = _HEADER.pack(MAGIC, FORMAT_VERSION, zlib.crc32(text), len(text), data_length)

    def write(out):
        out.write(header)
        out.write(text)
        position = 0
        for start, data in blobs:
            if start > position:
                out.write(b"\0" * (start - position))
            out.write(data)
            position = start + len(data)
        if data_length > position:
            out.write(b"\0" * (data_length - position))

    if _is_path(f):
        with open(os.fspath(f), "wb") as out:
            write(out)
    elif hasattr(f, "write"):
        write(f)
    else:
        raise TypeError(f"tensorlib.save: f must be a path or a binary file object, not {type(f).__name__}")


def _is_path(f):
    return isinstance(f, (str, bytes, os.PathLike))


# ============================================================================ load
def _fail(message):
    raise SerializationError(f"tensorlib.load: {message}")


def _read_exact(f, n, what):
    """Exactly ``n`` bytes from ``f`` (in bounded chunks), or a clear error."""
    chunks = []
    remaining = n
    while remaining:
        chunk = f.read(min(remaining, _CHUNK))
        if not chunk:
            _fail(f"file is truncated: expected {n} bytes of {what}, got {n - remaining}")
        chunks.append(chunk)
        remaining -= len(chunk)
    return b"".join(chunks)


def _read_storage(f, dtype, numel, preallocate, what):
    """A fresh writable little-endian array of ``numel`` elements read from ``f``.

    When the stream's size is known (and already checked) the array is
    allocated up front and filled in place; otherwise bytes are gathered as
    they arrive, so a lying size can never allocate more than the data present."""
    np_dtype = dtype.numpy.newbyteorder("<")
    n = numel * dtype.itemsize
    readinto = getattr(f, "readinto", None)
    if preallocate and readinto is not None:
        array = np.empty(numel, dtype=np_dtype)
        view = memoryview(array.view(np.uint8)) if n else memoryview(bytearray())
        filled = 0
        while filled < n:
            got = readinto(view[filled:filled + _CHUNK])
            if got is None:
                _fail("non-blocking streams are not supported")
            if not got:
                _fail(f"file is truncated: expected {n} bytes of {what}, got {filled}")
            filled += got
        return array
    buffer = bytearray()
    while len(buffer) < n:
        chunk = f.read(min(n - len(buffer), _CHUNK))
        if not chunk:
            _fail(f"file is truncated: expected {n} bytes of {what}, got {len(buffer)}")
        buffer += chunk
    return np.frombuffer(buffer, dtype=np_dtype)


def _remaining(f):
    """Bytes left in a seekable stream, or None."""
    try:
        position = f.tell()
        end = f.seek(0, os.SEEK_END)
        f.seek(position)
        return None if end is None else end - position
    except (AttributeError, OSError, ValueError):
        return None


def _skip(f, n, what):
    while n:
        step = min(n, _CHUNK)
        _read_exact(f, step, what)
        n -= step


def _describe_foreign(head):
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return ("this is a zip archive (PyTorch's torch.save writes those), not a tensorlib file; "
                "tensorlib never unpickles, so PyTorch checkpoints cannot be loaded")
    if head[:1] == b"\x80" and len(head) > 1 and head[1] <= 5:
        return "this looks like a Python pickle, not a tensorlib file; tensorlib never unpickles"
    if head[:6] == b"\x93NUMPY":
        return "this is a NumPy .npy file, not a tensorlib file; use numpy.load and tensorlib.from_numpy"
    return "not a tensorlib save file (bad magic number)"


def _read_header(f):
    head = f.read(HEADER_SIZE)
    if head is None:
        _fail("non-blocking streams are not supported")
    head = bytes(head)
    while len(head) < HEADER_SIZE:
        more = f.read(HEADER_SIZE - len(head))
        if not more:
            break
        head += bytes(more)
    if not head:
        _fail("the file is empty")
    if not MAGIC.startswith(head[:len(MAGIC)]):
        _fail(_describe_foreign(head))
    if len(head) < HEADER_SIZE:
        _fail(f"file is truncated: expected a {HEADER_SIZE}-byte header, got {len(head)} bytes")
    magic, version, crc, manifest_length, data_length = _HEADER.unpack(head)
    if version != FORMAT_VERSION:
        _fail(f"unsupported format version {version} (this tensorlib reads version {FORMAT_VERSION})")
    return crc, manifest_length, data_length


# ---- manifest validation ------------------------------------------------------------
def _is_int(x):
    return type(x) is int


def _check_int(x, where, low=0, high=_MAX_INT):
    if not _is_int(x) or not low <= x < high:
        _fail(f"manifest: {where} must be an integer in [{low}, {high}), got {x!r:.60}")
    return x


def _check_int_list(x, where):
    if not isinstance(x, list) or len(x) > _MAX_DIMS:
        _fail(f"manifest: {where} must be a list of at most {_MAX_DIMS} integers")
    return tuple(_check_int(v, f"{where}[{i}]") for i, v in enumerate(x))


def _check_fields(entry, fields, where):
    if not isinstance(entry, dict):
        _fail(f"manifest: {where} must be an object")
    missing = [k for k in fields if k not in entry]
    if missing:
        _fail(f"manifest: {where} lacks {', '.join(missing)}")


def _check_dtype(name, where):
    if not isinstance(name, str) or name not in _DTYPES:
        _fail(f"manifest: {where} names an unknown dtype {name!r:.60}")
    return _DTYPES[name]


def _check_device(name, where):
    if not isinstance(name, str):
        _fail(f"manifest: {where} must be a device string")
    try:
        return Device(name)
    except (RuntimeError, TypeError, ValueError):
        _fail(f"manifest: {where} is not a valid device: {name!r:.60}")


def _parse_manifest(text):
    try:
        manifest = json.loads(text.decode("utf-8"), parse_constant=_reject_constant)
    except UnicodeDecodeError:
        _fail("manifest is not valid UTF-8")
    except RecursionError:
        _fail("manifest is nested too deeply")
    except ValueError as e:  # json.JSONDecodeError, and ints past the digit limit
        _fail(f"manifest is not valid JSON ({e})")
    _check_fields(manifest, ("format", "version", "storages", "tensors", "root"), "the top level")
    if manifest["format"] != _FORMAT_NAME or manifest["version"] != FORMAT_VERSION:
        _fail("manifest names a different format or version")
    if manifest.get("byteorder", "little") != "little":
        _fail("manifest: only little-endian data is supported")
    if not isinstance(manifest["storages"], list) or not isinstance(manifest["tensors"], list):
        _fail("manifest: storages and tensors must be lists")
    return manifest


def _reject_constant(name):
    raise ValueError(f"non-standard JSON constant {name}")


def _check_storages(entries, data_length):
    """Validated storage descriptions, in file order, non-overlapping and inside the data section."""
    checked = []
    end = 0
    for i, entry in enumerate(entries):
        where = f"storages[{i}]"
        _check_fields(entry, ("dtype", "numel", "device", "offset", "nbytes", "crc32"), where)
        dtype = _check_dtype(entry["dtype"], f"{where}.dtype")
        numel = _check_int(entry["numel"], f"{where}.numel")
        nbytes = _check_int(entry["nbytes"], f"{where}.nbytes")
        offset = _check_int(entry["offset"], f"{where}.offset")
        crc = _check_int(entry["crc32"], f"{where}.crc32", high=1 << 32)
        device = _check_device(entry["device"], f"{where}.device")
        if nbytes != numel * dtype.itemsize:
            _fail(f"manifest: {where}: nbytes {nbytes} != numel {numel} x itemsize {dtype.itemsize}")
        if offset < end:
            _fail(f"manifest: {where} overlaps the previous storage or is out of order")
        end = offset + nbytes
        if end > data_length:
            _fail(f"manifest: {where} lies outside the data section ({end} > {data_length} bytes)")
        checked.append((dtype, numel, device, offset, nbytes, crc))
    return checked


def _check_tensors(entries, storages):
    checked = []
    for i, entry in enumerate(entries):
        where = f"tensors[{i}]"
        _check_fields(entry, ("storage", "dtype", "shape", "stride", "offset", "requires_grad"), where)
        index = _check_int(entry["storage"], f"{where}.storage", high=len(storages))
        dtype = _check_dtype(entry["dtype"], f"{where}.dtype")
        if dtype is not storages[index][0]:
            _fail(f"manifest: {where}.dtype {dtype.name} differs from its storage's {storages[index][0].name}")
        shape = _check_int_list(entry["shape"], f"{where}.shape")
        strides = _check_int_list(entry["stride"], f"{where}.stride")
        if len(strides) != len(shape):
            _fail(f"manifest: {where}: shape and stride have different lengths")
        offset = _check_int(entry["offset"], f"{where}.offset")
        numel = span = 1
        for s in shape:
            numel *= s
            span *= max(s, 1)  # bounded even when a zero dimension makes numel 0 (NumPy checks this too)
        if span * dtype.itemsize >= _MAX_INT:
            _fail(f"manifest: {where} has too many elements")
        storage_numel = storages[index][1]
        if numel == 0:
            fits = offset <= storage_numel
        else:
            fits = offset + sum((s - 1) * st for s, st in zip(shape, strides)) < storage_numel
        if not fits:
            _fail(f"manifest: {where} (shape {list(shape)}, stride {list(strides)}, offset {offset}) "
                  f"reaches outside its storage of {storage_numel} elements")
        requires_grad = entry["requires_grad"]
        if type(requires_grad) is not bool:
            _fail(f"manifest: {where}.requires_grad must be true or false")
        if requires_grad and not dtype.is_floating_point:
            _fail(f"manifest: {where}: only floating point tensors can require grad")
        checked.append((index, dtype, shape, strides, offset, requires_grad))
    return checked


# ---- devices ----------------------------------------------------------------------------
def _target_device(saved, map_location):
    if map_location is None:
        return saved
    if isinstance(map_location, dict):
        target = map_location.get(str(saved))
        return saved if target is None else Device(target)
    if isinstance(map_location, (str, Device)):
        return Device(map_location)
    raise TypeError("tensorlib.load: map_location must be None, a device, a string, a dict or a callable, "
                    f"not {type(map_location).__name__}")


def _place(host, saved_device, map_location):
    """The Storage a loaded host array ends up in."""
    if callable(map_location):
        moved = map_location(Storage(host, CPU, backend_for(CPU)), str(saved_device))
        if moved is None:
            return _place(host, saved_device, None)
        if not isinstance(moved, Storage) or len(moved) != host.shape[0] or moved.data.dtype != host.dtype:
            raise TypeError("tensorlib.load: a map_location function must return a Storage with the "
                            "same dtype and length as the one it was given (or None)")
        return moved
    device = _target_device(saved_device, map_location)
    from . import cuda
    if not backend_for(device).is_host and not cuda.is_available():
        raise RuntimeError(
            f"Attempting to load a tensor saved on {saved_device} onto {device}, but CUDA is not available. "
            "On a CPU-only machine pass map_location='cpu' to tensorlib.load.")
    device = resolve_device(device)
    backend = backend_for(device)
    return Storage(backend.from_host(host), device, backend)


# ---- objects ------------------------------------------------------------------------------
class _Reader:
    """Rebuilds the object tree.  With ``storages=None`` it only validates the
    tree (tensors decode to a placeholder), so nothing is read for a bad file."""
    _PLACEHOLDER = object()

    def __init__(self, tensor_entries, storages):
        self.entries = tensor_entries
        self.storages = storages
        self.made = {}

    def tensor(self, index):
        if self.storages is None:
            return self._PLACEHOLDER
        if index not in self.made:
            s, dtype, shape, strides, offset, requires_grad = self.entries[index]
            t = new_tensor_like_storage(self.storages[s], shape, strides, offset, dtype)
            if requires_grad:
                t._requires_grad = True
            self.made[index] = t
        return self.made[index]

    def decode(self, node):
        try:
            return self._decode(node, "root")
        except RecursionError:
            _fail("manifest is nested too deeply")

    def _decode(self, node, where):
        if node is None or isinstance(node, (bool, int, float, str)):
            return node
        if isinstance(node, list):
            return [self._decode(x, f"{where}[{i}]") for i, x in enumerate(node)]
        if not isinstance(node, dict) or not isinstance(node.get("type"), str):
            _fail(f"manifest: {where} is not a valid value")
        kind = node["type"]
        if kind in ("tuple", "dict", "ordered_dict"):
            items = node.get("items")
            if not isinstance(items, list):
                _fail(f"manifest: {where}.items must be a list")
            if kind == "tuple":
                return tuple(self._decode(x, f"{where}[{i}]") for i, x in enumerate(items))
            out = {} if kind == "dict" else collections.OrderedDict()
            for i, pair in enumerate(items):
                if not isinstance(pair, list) or len(pair) != 2:
                    _fail(f"manifest: {where}.items[{i}] must be a [key, value] pair")
                key = self._decode(pair[0], f"{where}.key[{i}]")
                if isinstance(pair[0], dict) and pair[0].get("type") == "tensor":
                    _fail(f"manifest: {where}.key[{i}]: a tensor cannot be a dict key")
                try:
                    hash(key)
                except TypeError:
                    _fail(f"manifest: {where}.key[{i}] is not hashable")
                out[key] = self._decode(pair[1], f"{where}[{key!r:.40}]")
            return out
        if "value" not in node and kind != "tensor":
            _fail(f"manifest: {where} lacks a value")
        value = node.get("value")
        if kind == "tensor":
            return self.tensor(_check_int(node.get("index"), f"{where}.index", high=len(self.entries)))
        if kind == "float":
            if value not in ("nan", "inf", "-inf"):
                _fail(f"manifest: {where}: bad float {value!r:.40}")
            return float(value)
        if kind == "size":
            if not isinstance(value, list) or not all(_is_int(v) for v in value):
                _fail(f"manifest: {where}: a Size must be a list of integers")
            return Size(value)
        if kind == "dtype":
            return _check_dtype(value, where)
        if kind == "device":
            return _check_device(value, where)
        if kind == "bytes":
            if not isinstance(value, str):
                _fail(f"manifest: {where}: bytes must be base64 text")
            try:
                return base64.b64decode(value.encode("ascii"), validate=True)
            except (binascii.Error, UnicodeEncodeError):
                _fail(f"manifest: {where}: invalid base64")
        _fail(f"manifest: {where} has unknown type {kind!r:.40}")


def load(f, map_location=None, pickle_module=None, *, weights_only=True, mmap=None, **pickle_load_args):
    """Loads an object saved by :func:`tensorlib.save` from ``f``, read from its current position
    and left just past the saved object, so that several objects can follow one another in one stream.
    Loading never executes code, whatever ``weights_only`` says.

    Args:
        f (str, os.PathLike or file object): a path, or a binary file object.
        map_location (optional): where storages go: None keeps each on the device it was saved from;
            a device or string puts all of them there; a dict maps saved device strings
            (``'cuda:0'``) to target ones; a callable ``fn(storage, location)`` receives each storage
            on the CPU with its saved device string and returns a Storage (or None for the default).
        pickle_module, weights_only, mmap, pickle_load_args: accepted for ``torch.load``'s
            signature and ignored.

    Returns:
        the saved object.

    Raises:
        SerializationError: for a file that is truncated, corrupted, foreign or describes impossible
            tensors (it is a RuntimeError and a ValueError).
    """
    if _is_path(f):
        with open(os.fspath(f), "rb") as stream:
            result = _load(stream, map_location)
            if stream.read(1):
                _fail("unexpected data after the end of the saved object")
            return result
    if not hasattr(f, "read"):
        raise TypeError(f"tensorlib.load: f must be a path or a binary file object, not {type(f).__name__}")
    return _load(f, map_location)


def _load(f, map_location):
    crc, manifest_length, data_length = _read_header(f)
    if manifest_length >= _MAX_INT or data_length >= _MAX_INT:
        _fail("the header declares impossible sizes")
    remaining = _remaining(f)
    if remaining is not None and remaining < manifest_length + data_length:
        _fail(f"file is truncated: the header declares {manifest_length + data_length} more bytes, "
              f"{remaining} remain")
    text = _read_exact(f, manifest_length, "manifest")
    if zlib.crc32(text) != crc:
        _fail("manifest checksum mismatch (the file is corrupted)")
    manifest = _parse_manifest(text)
    storages = _check_storages(manifest["storages"], data_length)
    entries = _check_tensors(manifest["tensors"], storages)
    _Reader(entries, None).decode(manifest["root"])  # checks the whole tree before any data is read

    arrays = []
    position = 0
    for i, (dtype, numel, device, offset, nbytes, crc32) in enumerate(storages):
        _skip(f, offset - position, "padding")
        array = _read_storage(f, dtype, numel, remaining is not None, f"storage {i}")
        position = offset + nbytes
        if zlib.crc32(memoryview(array.view(np.uint8)) if numel else b"") != crc32:
            _fail(f"storage {i} checksum mismatch (the file is corrupted)")
        if dtype is D.bool and numel and array.view(np.uint8).max() > 1:
            _fail(f"storage {i}: bool values must be 0 or 1")
        if not array.dtype.isnative:
            array = array.astype(array.dtype.newbyteorder("="))
        arrays.append((array, device))
    _skip(f, data_length - position, "padding")

    placed = [_place(array, device, map_location) for array, device in arrays]
    return _Reader(entries, placed).decode(manifest["root"])
