"""The containers of PyTorch's checkpoints: its zip archive and its legacy stream.

Zip (``torch.save``'s format since PyTorch 1.6): records ``<name>/data.pkl``
(the pickle), ``<name>/data/<key>`` (each storage's raw bytes, stored
uncompressed at 64-byte aligned offsets), ``byteorder``, ``version`` and a few
small records PyTorch writes beside them.  Legacy (``_use_new_zipfile_serialization=False``):
a magic-number pickle, a protocol pickle, a system-information pickle, the
object pickle, a pickle of the storage keys, then each storage as an int64
element count and its bytes.

Reading checks every size against the bytes really present before anything is
allocated, and reports a broken container as PyTorch does (a RuntimeError
naming the record); the CRC-32 of each record is checked when it is read.
"""
import os
import struct
import zipfile
import zlib

import numpy as np

from ._torch_globals import StorageType

ZIP_MAGIC = b"PK\x03\x04"
LEGACY_MAGIC = 0x1950A86A20F9469CFC6C
LEGACY_PROTOCOL = 1001
ALIGNMENT = 64
FORMAT_VERSION = b"3\n"
_CHUNK = 1 << 24
_LOCAL_HEADER = struct.Struct("<4s22xHH")   # signature ... file name length, extra field length
_PADDING_FIELD = 0x4246                     # the id of the extra field that pads a record to its alignment


def _stream_size(stream):
    position = stream.tell()
    end = stream.seek(0, os.SEEK_END)
    stream.seek(position)
    return end


def _reader_error(what, detail):
    return RuntimeError(f"PytorchStreamReader failed {what}: {detail}. If you are seeing this error, there is a "
                        "high likelihood that your checkpoint file is corrupted. This can happen if the checkpoint "
                        "was not saved properly, was transferred incorrectly, or the file was modified after "
                        "saving.")


def storage_request(pid, fields):
    """The checked (storage type, key, location, numel) of a persistent id of ``fields`` entries."""
    if type(pid) is not tuple or len(pid) != fields or pid[0] not in ("storage", b"storage"):
        raise RuntimeError(f"unsupported persistent id in the checkpoint: {pid!r:.120}")
    storage_type, key, location, numel = pid[1:5]
    if not isinstance(storage_type, StorageType):
        raise RuntimeError(f"the checkpoint names {storage_type!r:.80} as a storage class")
    if not isinstance(key, str) or not isinstance(location, str) or type(numel) is not int or numel < 0:
        raise RuntimeError(f"malformed storage reference in the checkpoint: {pid!r:.120}")
    return storage_type.dtype, key, location, numel


def _fill(array, readinto, read, what):
    """Fills ``array`` from a stream (``readinto`` when it has one, else ``read``) in bounded pieces."""
    view = memoryview(array.view(np.uint8).reshape(-1)) if array.size else memoryview(b"")
    filled = 0
    while filled < len(view):
        if readinto is not None:
            got = readinto(view[filled:filled + _CHUNK])
        else:
            chunk = read(min(len(view) - filled, _CHUNK))
            got = len(chunk)
            view[filled:filled + got] = chunk
        if not got:
            raise _reader_error(f"reading file {what}", "the record is truncated")
        filled += got


def _bool_bytes(array):
    """A bool array whose bytes are 0 or 1 (a file may hold others; NumPy and the kernels assume 0/1)."""
    if array.dtype == np.bool_ and array.size and array.view(np.uint8).max() > 1:
        array[...] = array.view(np.uint8) != 0
    return array


def _native(array, byteorder):
    if byteorder == "little" if np.little_endian else byteorder == "big":
        return array
    return array.byteswap().view(array.dtype.newbyteorder("="))


class ZipCheckpoint:
    """A ``torch.save`` zip archive opened for reading."""

    def __init__(self, stream, path=None):
        self.path = path
        self.size = _stream_size(stream)
        try:
            self.zip = zipfile.ZipFile(stream)
        except (zipfile.BadZipFile, ValueError, EOFError, struct.error, OSError) as error:
            raise _reader_error("reading zip archive", f"failed finding central directory ({error})") from None
        pickles = [n for n in self.zip.namelist() if n.endswith("/data.pkl") and n.count("/") == 1]
        if not pickles:
            raise _reader_error("locating file data.pkl", "file not found")
        self.prefix = pickles[0][:-len("data.pkl")]
        names = set(self.zip.namelist())
        byteorder = self.read("byteorder") if self.prefix + "byteorder" in names else b"little"
        if byteorder not in (b"little", b"big"):
            raise RuntimeError(f"the checkpoint's byteorder record says {byteorder[:20]!r}")
        self.byteorder = byteorder.decode()

    def _info(self, name):
        try:
            info = self.zip.getinfo(self.prefix + name)
        except KeyError:
            raise _reader_error(f"locating file {name}", "file not found") from None
        if info.compress_type != zipfile.ZIP_STORED or info.compress_size != info.file_size:
            raise _reader_error(f"reading file {name}", "the record is compressed")
        if info.header_offset + info.file_size > self.size:
            raise _reader_error(f"reading file {name}", "the record runs past the end of the file")
        return info

    def _open(self, info, name):
        try:
            return self.zip.open(info)
        except (zipfile.BadZipFile, ValueError, EOFError, struct.error, OSError) as error:
            raise _reader_error(f"reading file {name}", error) from None

    def read(self, name):
        info = self._info(name)
        with self._open(info, name) as entry:
            try:
                return entry.read()
            except (zipfile.BadZipFile, EOFError, OSError) as error:
                raise _reader_error(f"reading file {name}", error) from None

    def storage_array(self, dtype, key, numel, mmap):
        """The elements of record ``data/<key>``: ``numel`` of ``dtype``, checked against the record's size."""
        name = f"data/{key}"
        info = self._info(name)
        nbytes = numel * dtype.itemsize
        if info.file_size != nbytes:
            raise RuntimeError(f"record size ({info.file_size} bytes) does not match expected size ({nbytes} bytes "
                               f"= {nbytes} elements * 1 bytes/element) for dtype Byte")
        np_dtype = dtype.numpy.newbyteorder("<" if self.byteorder == "little" else ">")
        offset = self._data_offset(info, name)
        if mmap and numel:
            return _native(_bool_bytes(np.memmap(self.path, np_dtype, "c", offset, (numel,))), self.byteorder), True
        array = np.empty(numel, np_dtype)
        stream = self.zip.fp
        stream.seek(offset)
        # straight from the stream into the array (zipfile's reader would copy each piece twice)
        _fill(array, stream.readinto if hasattr(stream, "readinto") else None, stream.read, name)
        if zlib.crc32(array.view(np.uint8).reshape(-1)) != info.CRC:
            raise _reader_error(f"reading file {name}", "CRC-32 mismatch")
        return _native(_bool_bytes(array), self.byteorder), False

    def _data_offset(self, info, name):
        """Where the record's bytes start, after its local header (checked)."""
        stream = self.zip.fp
        stream.seek(info.header_offset)
        header = stream.read(_LOCAL_HEADER.size)
        if len(header) != _LOCAL_HEADER.size or not header.startswith(ZIP_MAGIC):
            raise _reader_error(f"reading file {name}", "bad local file header")
        _, name_length, extra_length = _LOCAL_HEADER.unpack(header)
        offset = info.header_offset + _LOCAL_HEADER.size + name_length + extra_length
        if offset + info.file_size > self.size:
            raise _reader_error(f"reading file {name}", "the record runs past the end of the file")
        return offset


def archive_name(f):
    """The folder PyTorch names the records after: the file's stem, or ``archive``."""
    if isinstance(f, (str, bytes, os.PathLike)):
        stem = os.path.splitext(os.path.basename(os.fsdecode(f)))[0]
        return stem or "archive"
    return "archive"


def write_zip(out, name, pickled, storages):
    """Writes PyTorch's archive: ``pickled`` bytes and ``storages`` [(key, contiguous host array)]."""
    records = [("data.pkl", pickled), (".format_version", b"1"), (".storage_alignment", b"64"),
               ("byteorder", b"little")]
    records += [(f"data/{key}", array) for key, array in storages]
    records += [("version", FORMAT_VERSION), (".data/serialization_id", _serialization_id())]
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as archive:
        for record, data in records:
            if isinstance(data, np.ndarray):
                data = memoryview(data.view(np.uint8).reshape(-1)) if data.size else b""
            info = zipfile.ZipInfo(f"{name}/{record}", date_time=(1980, 1, 1, 0, 0, 0))
            info.file_size = len(data)
            zip64 = info.file_size * 1.05 > zipfile.ZIP64_LIMIT
            # the record's bytes start where its local header, name and extra fields end: pad them to 64
            header = _LOCAL_HEADER.size + len(info.filename.encode()) + 4 + (20 if zip64 else 0)
            padding = -(archive.fp.tell() + header) % ALIGNMENT
            info.extra = struct.pack("<HH", _PADDING_FIELD, padding) + b"Z" * padding
            with archive.open(info, "w", force_zip64=zip64) as dest:
                dest.write(data)


def _serialization_id():
    return str(int.from_bytes(os.urandom(16), "little")).rjust(40, "0")[:40].encode()


# ---- the legacy stream ------------------------------------------------------------------------------
def read_legacy(stream, unpickle, restore):
    """Loads a legacy checkpoint; ``unpickle(stream, persistent_load)`` reads one pickle, ``restore(host,
    location)`` places a storage.  A storage's claimed size is bounded by the bytes left in the stream."""
    def refuse(pid):
        raise RuntimeError("unexpected storage reference in a legacy checkpoint's header")

    if unpickle(stream, refuse) != LEGACY_MAGIC:
        raise RuntimeError("Invalid magic number; corrupt file?")
    protocol = unpickle(stream, refuse)
    if protocol != LEGACY_PROTOCOL:
        raise RuntimeError(f"Invalid protocol version: {protocol!r:.40}")
    info = unpickle(stream, refuse)
    if not isinstance(info, dict):
        raise RuntimeError("a legacy checkpoint's system information must be a dict")
    little = info.get("little_endian", True)
    end = _stream_size(stream)
    pending = {}

    def storage_for(pid):
        if type(pid) is tuple and pid and pid[0] == "module":
            return pid[1]   # a whole Module's class, with its source for PyTorch's check of changes
        dtype, key, location, numel = storage_request(pid, 6)
        if pid[5] is not None:
            raise RuntimeError("views of storages (PyTorch before 0.4) are not supported")
        if key not in pending:
            if numel * dtype.itemsize > end - stream.tell():
                raise RuntimeError(f"the checkpoint claims a storage of {numel} elements, more than the file holds")
            host = np.empty(numel, dtype.numpy.newbyteorder("<" if little else ">"))
            pending[key] = host, restore(host, location)
        host, storage = pending[key]
        if host.size != numel or host.dtype.newbyteorder("=") != dtype.numpy:
            raise RuntimeError(f"storage {key} is named with two sizes or dtypes")
        return storage

    result = unpickle(stream, storage_for)
    keys = unpickle(stream, refuse)
    if not isinstance(keys, list):
        raise RuntimeError("a legacy checkpoint's storage keys must be a list")
    for key in keys:
        if key not in pending:
            raise RuntimeError(f"the checkpoint holds data for an unknown storage {key!r:.40}")
        host, storage = pending.pop(key)
        count = stream.read(8)
        if len(count) != 8 or struct.unpack("<q" if little else ">q", count)[0] != host.size:
            raise RuntimeError(f"storage {key}: the element count before its data does not match")
        _fill(host, getattr(stream, "readinto", None), stream.read, f"storage {key}")
        native = _native(_bool_bytes(host), "little" if little else "big")
        if storage.data is not host or native is not host:
            storage.backend.copy_into(storage.data, storage.backend.from_host(native))
    if pending:
        raise RuntimeError(f"the checkpoint lacks the data of storages {sorted(pending)[:5]}")
    return result


def write_legacy(out, pickle_one, pickled, storages):
    """Writes the legacy stream around ``pickled`` (the object pickle): ``storages`` [(key, host array)]."""
    pickle_one(LEGACY_MAGIC)
    pickle_one(LEGACY_PROTOCOL)
    pickle_one({"protocol_version": LEGACY_PROTOCOL, "little_endian": True,
                "type_sizes": {"short": 2, "int": 4, "long": 4}})
    out.write(pickled)
    pickle_one([key for key, _ in storages])
    for _, array in storages:
        out.write(struct.pack("<q", array.size))
        if array.size:
            out.write(memoryview(array.view(np.uint8).reshape(-1)))
