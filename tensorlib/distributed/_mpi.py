"""The MPI backend (``"mpi"``, and ``"gloo"`` carried over it): collectives on host
NumPy arrays through mpi4py.

MPI starts here, lazily (``mpi()``), with thread level MULTIPLE: each group's
communication thread calls MPI on its own communicator.  Every operation starts
MPI's nonblocking form and polls it to completion, sleeping a little longer each
round while the peers are not ready, so a waiting thread neither holds the GIL nor
spins a core that the computation needs.

Reductions MPI has no operation for (float16, bfloat16, bool) gather every rank's
data and reduce it locally in rank order, so every rank computes the same bits."""
import os
import sys
import time

import numpy as np

from ._reduce_op import ReduceOp

_MPI_LAUNCH_VARIABLES = ("PMI_RANK", "PMIX_RANK", "OMPI_COMM_WORLD_RANK", "MPI_LOCALRANKID")


def mpi():
    """mpi4py's MPI module, initialised with thread level MULTIPLE on first use."""
    if "mpi4py.MPI" not in sys.modules:
        import mpi4py
        mpi4py.rc.thread_level = "multiple"
    from mpi4py import MPI
    return MPI


def launched_by_mpi():
    """Whether an MPI launcher (mpiexec) started this process."""
    return any(name in os.environ for name in _MPI_LAUNCH_VARIABLES)


def complete(request, status=None):
    """Polls ``request`` until done: without pause for its first 0.2 ms (a collective whose peers are
    ready needs several polls, and a sleep costs at least 50 us), then with sleeps growing to 0.2 ms
    (a peer still computing), and beyond that to a fiftieth of the time waited so far (a peer busy for
    seconds costs no CPU and little delay)."""
    started = time.perf_counter()
    delay = 2e-5
    while not request.Test(status):
        waited = time.perf_counter() - started
        if waited > 2e-4:
            time.sleep(delay)
            delay = min(max(min(delay * 1.5, 2e-4), waited / 50), 1e-2)


def _native_types(MPI):
    return {np.dtype(np.int8): MPI.INT8_T, np.dtype(np.int16): MPI.INT16_T, np.dtype(np.int32): MPI.INT32_T,
            np.dtype(np.int64): MPI.INT64_T, np.dtype(np.uint8): MPI.UINT8_T, np.dtype(np.float32): MPI.FLOAT,
            np.dtype(np.float64): MPI.DOUBLE}


_UFUNCS = {ReduceOp.SUM: np.add, ReduceOp.AVG: np.add, ReduceOp.PRODUCT: np.multiply, ReduceOp.MIN: np.minimum,
           ReduceOp.MAX: np.maximum, ReduceOp.BAND: np.bitwise_and, ReduceOp.BOR: np.bitwise_or,
           ReduceOp.BXOR: np.bitwise_xor}


def _raw(array):
    """The bytes of a 1-d contiguous array, for MPI.BYTE transfers of any dtype."""
    return array.view(np.uint8)


def reduce_rows(rows, op, size):
    """``rows`` (one per rank) reduced in rank order; AVG divides the sum by ``size``."""
    result = rows[0].copy()
    ufunc = _UFUNCS[op]
    for row in rows[1:]:
        ufunc(result, row, out=result)
    if op is ReduceOp.AVG:
        np.divide(result, result.dtype.type(size), out=result)
    return result


class _Message:
    """A send or receive in flight (the ``isend``/``irecv`` request of the interface)."""

    def __init__(self, request, status):
        self._request = request
        self._status = status

    def test(self):
        return self._request.Test(self._status)

    def wait(self):
        complete(self._request, self._status)

    def source(self):
        return self._status.Get_source()


class ProcessGroupMPI:
    """A group's collectives over one MPI communicator (see the package docstring for the interface)."""
    host_arrays = True  # device tensors are staged through host memory

    def __init__(self, comm, name="mpi"):
        self._comm = comm
        self._MPI = mpi()
        self._types = _native_types(self._MPI)
        self._ops = {ReduceOp.SUM: self._MPI.SUM, ReduceOp.AVG: self._MPI.SUM, ReduceOp.PRODUCT: self._MPI.PROD,
                     ReduceOp.MIN: self._MPI.MIN, ReduceOp.MAX: self._MPI.MAX, ReduceOp.BAND: self._MPI.BAND,
                     ReduceOp.BOR: self._MPI.BOR, ReduceOp.BXOR: self._MPI.BXOR}
        self.rank = comm.Get_rank()
        self.size = comm.Get_size()
        self.name = name

    @classmethod
    def world(cls, name):
        """A group of every process MPI started (a duplicate of COMM_WORLD, freed by ``close``)."""
        return cls(mpi().COMM_WORLD.Dup(), name)

    def _native(self, array):
        """``[buffer, MPI type]`` when MPI reduces this dtype itself, else None."""
        mpi_type = self._types.get(array.dtype)
        return None if mpi_type is None else [array, mpi_type]

    def _gathered_rows(self, array):
        rows = np.empty((self.size, array.size), array.dtype)
        complete(self._comm.Iallgather([_raw(array), self._MPI.BYTE], [_raw(rows.reshape(-1)), self._MPI.BYTE]))
        return rows

    def _average(self, array, op):
        if op is ReduceOp.AVG:
            np.divide(array, array.dtype.type(self.size), out=array)

    def broadcast(self, array, root):
        complete(self._comm.Ibcast([_raw(array), self._MPI.BYTE], root=root))

    def all_reduce(self, array, op):
        native = self._native(array)
        if native is None:
            array[...] = reduce_rows(self._gathered_rows(array), op, self.size)
            return
        complete(self._comm.Iallreduce(self._MPI.IN_PLACE, native, op=self._ops[op]))
        self._average(array, op)

    def reduce(self, array, root, op):
        native = self._native(array)
        if native is None:
            rows = np.empty((self.size, array.size), array.dtype) if self.rank == root else None
            complete(self._comm.Igather([_raw(array), self._MPI.BYTE],
                                        None if rows is None else [_raw(rows.reshape(-1)), self._MPI.BYTE], root=root))
            if rows is not None:
                array[...] = reduce_rows(rows, op, self.size)
            return
        send = self._MPI.IN_PLACE if self.rank == root else native
        complete(self._comm.Ireduce(send, native, op=self._ops[op], root=root))
        if self.rank == root:
            self._average(array, op)

    def all_gather(self, output, array):
        complete(self._comm.Iallgather([_raw(array), self._MPI.BYTE], [_raw(output), self._MPI.BYTE]))

    def reduce_scatter(self, output, input, op):
        native = self._native(input)
        if native is None:
            rows = self._gathered_rows(input)
            chunk = output.size
            output[...] = reduce_rows(rows[:, self.rank * chunk:(self.rank + 1) * chunk], op, self.size)
            return
        complete(self._comm.Ireduce_scatter_block(native, self._native(output), op=self._ops[op]))
        self._average(output, op)

    def all_to_all(self, output, input, output_counts, input_counts):
        itemsize = input.itemsize

        def layout(counts):
            sizes = [count * itemsize for count in counts]
            return sizes, [sum(sizes[:rank]) for rank in range(len(sizes))]
        complete(self._comm.Ialltoallv([_raw(input), layout(input_counts), self._MPI.BYTE],
                                       [_raw(output), layout(output_counts), self._MPI.BYTE]))

    def gather(self, output, array, root):
        receive = None if output is None else [_raw(output), self._MPI.BYTE]
        complete(self._comm.Igather([_raw(array), self._MPI.BYTE], receive, root=root))

    def scatter(self, output, input, root):
        send = None if input is None else [_raw(input), self._MPI.BYTE]
        complete(self._comm.Iscatter(send, [_raw(output), self._MPI.BYTE], root=root))

    def barrier(self):
        complete(self._comm.Ibarrier())

    def isend(self, array, dst, tag):
        return _Message(self._comm.Isend([_raw(array), self._MPI.BYTE], dest=dst, tag=tag), self._MPI.Status())

    def irecv(self, array, src, tag):
        source = self._MPI.ANY_SOURCE if src is None else src
        return _Message(self._comm.Irecv([_raw(array), self._MPI.BYTE], source=source, tag=tag), self._MPI.Status())

    def split(self, ranks):
        """The group of ``ranks`` (ranks of this group, ascending) on its members, None on the others.
        Every rank of this group calls it."""
        member = self.rank in ranks
        color = 0 if member else self._MPI.UNDEFINED
        comm = self._comm.Split(color, ranks.index(self.rank) if member else 0)
        return type(self)(comm, self.name) if member else None

    def close(self):
        """Frees the communicator (MPI itself stays initialised: a later group can start)."""
        if not self._MPI.Is_finalized():
            self._comm.Free()
