"""The NCCL backend (``"nccl"``): collectives on CUDA arrays, run by NCCL through CuPy's
bindings (``backends/_nccl.Communicator``, which holds every device decision), with the
interface of the MPI backend's ``ProcessGroupMPI`` (arrays in, group ranks, ReduceOp).

MPI still starts the processes: a group's MPI process group hands every member the NCCL
id its rank 0 made, and splits for ``new_group``; the tensors' data then moves between
the GPUs only.  Each collective is enqueued on the communicator's CUDA stream and the
caller's current stream is made to wait for it before the call returns: the host goes on
at once, and every kernel queued after the call (a reading of the result included) runs
after the collective, as after PyTorch's ``work.wait()`` on CUDA tensors."""
import warnings

import numpy as np

from ..backends import _nccl

__all__ = ["ProcessGroupNCCL", "check_nccl_available", "nccl_backend"]

NO_NCCL = "Distributed package doesn't have NCCL built in"


def check_nccl_available():
    """PyTorch's warning and RuntimeError for a build without NCCL (here: no CuPy, no device or
    no NCCL), where ``init_process_group("nccl")`` gives them."""
    if _nccl.unavailable_reason() is not None:
        warnings.warn("Attempted to get default timeout for nccl backend, but NCCL support is not compiled",
                      UserWarning, stacklevel=3)
        raise RuntimeError(NO_NCCL)


def nccl_backend(world):
    """The "nccl" backend of ``init_process_group``: a ``ProcessGroupNCCL`` over the MPI group
    ``world`` of every process; PyTorch's warning and RuntimeError (``world`` closed) without NCCL."""
    try:
        check_nccl_available()
    except RuntimeError:
        world.close()
        raise
    return ProcessGroupNCCL(world)


class _Message:
    """A send or receive on the communicator's stream (the ``isend``/``irecv`` request of the
    interface): ``wait()`` makes the current stream wait for it."""

    def __init__(self, pending, peer):
        self._pending = pending
        self._peer = peer

    def test(self):
        return self._pending.is_completed()

    def wait(self):
        self._pending.wait()

    def source(self):
        return self._peer


class ProcessGroupNCCL:
    """A group's collectives over NCCL, its members those of the MPI process group ``host``
    (``ProcessGroupMPI``'s interface), which hands out the NCCL id, splits for ``new_group`` and
    moves the object collectives' host bytes."""
    host_arrays = False  # CUDA tensors go to NCCL as they are

    def __init__(self, host, runtime=None):
        self.host = host
        self._runtime = runtime if runtime is not None else _nccl.CupyRuntime()
        self.rank = host.rank
        self.size = host.size
        self.name = host.name
        self._communicator = _nccl.Communicator(self.rank, self.size, self._shared_id(), self._runtime)

    def _shared_id(self):
        """Rank 0's new NCCL id, on every rank: broadcast as its 128 bytes after a byte saying how
        CuPy spells ids (bytes, or a tuple of the C chars, signed or not, of older CuPy)."""
        message = np.zeros(1 + _ID_BYTES, np.uint8)
        if self.rank == 0:
            nccl_id = self._runtime.nccl.get_unique_id()
            if isinstance(nccl_id, bytes):
                message[0], message[1:] = _AS_BYTES, np.frombuffer(nccl_id, np.uint8)
            else:
                signed = min(nccl_id) < 0
                message[0] = _AS_SIGNED_CHARS if signed else _AS_CHARS
                message[1:] = np.array(nccl_id, np.int8 if signed else np.uint8).view(np.uint8)
        self.host.broadcast(message, 0)
        raw = message[1:]
        if message[0] == _AS_BYTES:
            return raw.tobytes()
        return tuple(raw.view(np.int8 if message[0] == _AS_SIGNED_CHARS else np.uint8).tolist())

    def broadcast(self, array, root):
        self._communicator.broadcast(array, root).wait()

    def all_reduce(self, array, op):
        self._communicator.all_reduce(array, op.name).wait()

    def reduce(self, array, root, op):
        self._communicator.reduce(array, root, op.name).wait()

    def all_gather(self, output, array):
        """``output`` (contiguous) receives every rank's ``array``, in rank order."""
        self._communicator.all_gather_into(output, array).wait()

    def reduce_scatter(self, output, input, op):
        self._communicator.reduce_scatter_into(output, input, op.name).wait()

    def all_to_all(self, output, input, output_counts, input_counts):
        self._communicator.all_to_all(output, input, output_counts, input_counts).wait()

    def isend(self, array, dst, tag):
        """Enqueues the send at once (NCCL has no tags: messages between two ranks match in order)."""
        return _Message(self._communicator.send(array, dst), dst)

    def irecv(self, array, src, tag):
        if src is None:
            raise RuntimeError("ProcessGroupNCCL does not support recvAnysource")
        return _Message(self._communicator.recv(array, src), src)

    def gather(self, output, array, root):
        """The root's ``output`` (contiguous) receives every rank's ``array``, in rank order; the
        other ranks pass None."""
        self._communicator.gather(array, self._pieces(output), root).wait()

    def scatter(self, output, input, root):
        """Rank r's ``output`` receives the r-th of the equal pieces of the root's ``input``
        (contiguous); the other ranks pass None."""
        self._communicator.scatter(output, self._pieces(input), root).wait()

    def _pieces(self, whole):
        if whole is None:
            return []
        flat = whole.reshape(-1)
        step = flat.size // self.size
        return [flat[index * step:(index + 1) * step] for index in range(self.size)]

    def barrier(self):
        self._communicator.barrier()

    def split(self, ranks):
        """The group of ``ranks`` (ranks of this group, ascending) on its members, None on the others.
        Every rank of this group calls it."""
        host = self.host.split(ranks)
        return None if host is None else type(self)(host, self._runtime)

    def close(self):
        """Waits for the collectives in flight, frees NCCL's communicator and the MPI group."""
        self._communicator.destroy()
        self.host.close()


_ID_BYTES = 128  # NCCL_UNIQUE_ID_BYTES
_AS_BYTES, _AS_SIGNED_CHARS, _AS_CHARS = 1, 2, 3
