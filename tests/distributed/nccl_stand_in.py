"""NCCL and the CUDA runtime played by MPI and NumPy, for ``tensorlib.backends._nccl``.

``StandInRuntime`` is the ``Runtime`` of a ``_nccl.Communicator`` whose device arrays are
the CUDA stand-in's (``tensorlib.backends._xp``, host memory): its ``nccl`` calls
cupy.cuda.nccl's methods with their signatures (pointers, element counts, datatype and
reduction codes, a stream) and performs each with mpi4py over COMM_WORLD, so the
communicator's logic -- the datatype and reduction mapping, counts, the copies around
NCCL, grouped sends and receives -- runs, and is checked, without a GPU.  Streams and
events are ordered trivially: every call completes before it returns."""
import contextlib
import ctypes

import numpy as np
from mpi4py import MPI

from tensorlib.backends import _xp

# cupy.cuda.nccl's codes (NCCL's enums)
CODES = {"NCCL_SUM": 0, "NCCL_PROD": 1, "NCCL_MAX": 2, "NCCL_MIN": 3, "NCCL_AVG": 4,
         "NCCL_INT8": 0, "NCCL_UINT8": 1, "NCCL_INT32": 2, "NCCL_UINT32": 3, "NCCL_INT64": 4, "NCCL_UINT64": 5,
         "NCCL_FLOAT16": 6, "NCCL_FLOAT32": 7, "NCCL_FLOAT64": 8}
_DTYPES = {0: np.int8, 1: np.uint8, 2: np.int32, 3: np.uint32, 4: np.int64, 5: np.uint64,
           6: np.float16, 7: np.float32, 8: np.float64}
_OPS = {0: np.add, 1: np.multiply, 2: np.maximum, 3: np.minimum, 4: np.add}


def _memory(pointer, count, datatype):
    dtype = np.dtype(_DTYPES[datatype])
    if count == 0:
        return np.empty(0, dtype)
    return np.ctypeslib.as_array((ctypes.c_char * (count * dtype.itemsize)).from_address(pointer)).view(dtype)


def unique_id(spelling):
    """An NCCL id as CuPy spells it: ``bytes`` (CuPy 13 on), else a tuple of C chars, ``signed`` or not."""
    raw = bytes((7 * index + 200) % 256 for index in range(128))
    if spelling == "bytes":
        return raw
    return tuple(np.frombuffer(raw, np.int8 if spelling == "signed" else np.uint8).tolist())


class StandInNccl:
    """cupy.cuda.nccl's module interface over MPI's COMM_WORLD; ``calls`` records what was called."""

    def __init__(self, id_spelling="bytes"):
        vars(self).update(CODES)
        self.calls = []
        self._grouped = None
        self._id = unique_id(id_spelling)

    def get_unique_id(self):
        return self._id

    def NcclCommunicator(self, size, nccl_id, rank):
        # every rank was handed rank 0's id, spelled as CuPy spells it
        assert (size, rank) == (MPI.COMM_WORLD.size, MPI.COMM_WORLD.rank)
        assert type(nccl_id) is type(self._id) and nccl_id == self._id
        self.calls.append("NcclCommunicator")
        return _Communicator(self)

    def groupStart(self):
        self._grouped = []

    def groupEnd(self):
        requests, self._grouped = self._grouped, None
        MPI.Request.Waitall(requests)


class _Communicator:
    def __init__(self, nccl):
        self._nccl = nccl
        self._world = MPI.COMM_WORLD
        self.destroyed = False

    def _record(self, name, *args):
        self._nccl.calls.append((name,) + args)

    def allReduce(self, send, receive, count, datatype, op, stream):
        self._record("allReduce", count, datatype, op)
        _memory(receive, count, datatype)[...] = self._reduced(_memory(send, count, datatype), op)

    def reduce(self, send, receive, count, datatype, op, root, stream):
        self._record("reduce", count, datatype, op, root)
        result = self._reduced(_memory(send, count, datatype), op)
        if self._world.rank == root:
            _memory(receive, count, datatype)[...] = result

    def _reduced(self, memory, op):
        """Every rank's ``memory`` reduced with NCCL reduction ``op`` (AVG: the sum, divided)."""
        result = _OPS[op].reduce(self._world.allgather(memory.copy()))
        if op == CODES["NCCL_AVG"]:
            result = (result / self._world.size).astype(memory.dtype)
        return result

    def broadcast(self, send, receive, count, datatype, root, stream):
        self._record("broadcast", count, datatype, root)
        target = _memory(receive, count, datatype)
        if self._world.rank == root:
            target[...] = _memory(send, count, datatype)
        self._world.Bcast(target, root=root)

    def allGather(self, send, receive, count, datatype, stream):
        self._record("allGather", count, datatype)
        self._world.Allgather(_memory(send, count, datatype).copy(),
                              _memory(receive, count * self._world.size, datatype))

    def reduceScatter(self, send, receive, count, datatype, op, stream):
        self._record("reduceScatter", count, datatype, op)
        whole = self._reduced(_memory(send, count * self._world.size, datatype), op)
        rank = self._world.rank
        _memory(receive, count, datatype)[...] = whole[rank * count:(rank + 1) * count]

    def send(self, send, count, datatype, peer, stream):
        self._record("send", count, datatype, peer)
        self._point_to_point(self._world.Isend, _memory(send, count, datatype), peer)

    def recv(self, receive, count, datatype, peer, stream):
        self._record("recv", count, datatype, peer)
        self._point_to_point(self._world.Irecv, _memory(receive, count, datatype), peer)

    def _point_to_point(self, start, memory, peer):
        request = start(memory, peer, tag=17)
        if self._nccl._grouped is None:
            request.Wait()
        else:
            self._nccl._grouped.append(request)

    def destroy(self):
        self.destroyed = True


class _Stream:
    ptr = 0

    def wait_event(self, event):
        pass

    def synchronize(self):
        pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


class _Event:
    done = True

    def record(self, stream=None):
        pass

    def synchronize(self):
        pass


class StandInRuntime:
    """``_nccl.CupyRuntime``'s interface over the CUDA stand-in and ``StandInNccl``."""

    xp = _xp.namespace

    def __init__(self, id_spelling="bytes"):
        self.nccl = StandInNccl(id_spelling)

    def is_device_array(self, array):
        return isinstance(array, _xp.StandInArray)

    def device_index(self, array):
        return 0

    def current_device(self):
        return 0

    def on_device(self, index):
        return contextlib.nullcontext()

    def pointer(self, array):
        return array.ctypes.data

    def new_stream(self):
        return _Stream()

    def current_stream(self):
        return _Stream()

    def new_event(self):
        return _Event()

