"""Checkpoints built piece by piece, for the tests of files that must be refused: any global
named (``Call``), any persistent id written as given (``Pid``), any records in the archive."""
import collections
import io
import zipfile

import numpy as np

from tensorlib.serialization._archive import write_zip
from tensorlib.serialization._pickler import CheckpointPickler
from tensorlib.serialization._torch_globals import TorchGlobal


class Call:
    """Pickles as ``module.name(*args)`` (a GLOBAL and a REDUCE), whatever the name."""

    def __init__(self, path, *args):
        module, _, name = path.rpartition(".")
        self.function, self.args = TorchGlobal(module, name), args

    def __reduce__(self):
        return self.function, self.args


class Pid:
    """Pickles as the persistent id ``fields``, as given."""

    def __init__(self, *fields):
        self.fields = fields


def storage_pid(key="0", numel=6, storage_class="FloatStorage", location="cpu"):
    return Pid("storage", TorchGlobal("torch", storage_class), key, location, numel)


def tensor_call(pid, offset, size, stride, requires_grad=False):
    return Call("torch._utils._rebuild_tensor_v2", pid, offset, tuple(size), tuple(stride), requires_grad,
                collections.OrderedDict())


class _RawPickler(CheckpointPickler):
    def persistent_id(self, obj):
        return obj.fields if type(obj) is Pid else None


def pickled(obj, protocol=2):
    buffer = io.BytesIO()
    _RawPickler(buffer, protocol).dump(obj)
    return buffer.getvalue()


def checkpoint(obj=None, storages=None, data=None):
    """A zip checkpoint of ``obj`` (or the raw pickle ``data``) with ``storages`` {key: array}."""
    storages = {"0": np.arange(6, dtype=np.float32)} if storages is None else storages
    out = io.BytesIO()
    write_zip(out, "archive", pickled(obj) if data is None else data, list(storages.items()))
    return out.getvalue()


def replace_record(saved, name, data):
    """``saved`` with the record ``name`` holding ``data`` (the archive rewritten around it)."""
    source = zipfile.ZipFile(io.BytesIO(saved))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for info in source.infolist():
            archive.writestr(info.filename, data if info.filename.endswith(name) else source.read(info))
    return out.getvalue()
