"""The NCCL backend (``"nccl"``): collectives on CUDA arrays, run by NCCL through CuPy's
bindings (``backends/_nccl.Communicator``, which holds every device decision), with the
interface of the MPI backend's ``ProcessGroupMPI`` (arrays in, group ranks, ReduceOp).

MPI still starts the processes: a group's MPI communicator hands every member the NCCL
id its rank 0 made, and splits for ``new_group``; the tensors' data then moves between
the GPUs only.  Each collective is enqueued on the communicator's CUDA stream and the
caller's current stream is made to wait for it before the call returns: the host goes on
at once, and every kernel queued after the call (a reading of the result included) runs
after the collective, as after PyTorch's ``work.wait()`` on CUDA tensors."""
import warnings

from ..backends import _nccl

__all__ = ["ProcessGroupNCCL", "check_nccl_available"]

NO_NCCL = "Distributed package doesn't have NCCL built in"


def check_nccl_available():
    """PyTorch's warning and RuntimeError for a build without NCCL (here: no CuPy, no device or
    no NCCL), where ``init_process_group("nccl")`` gives them."""
    if _nccl.unavailable_reason() is not None:
        warnings.warn("Attempted to get default timeout for nccl backend, but NCCL support is not compiled",
                      UserWarning, stacklevel=3)
        raise RuntimeError(NO_NCCL)


class ProcessGroupNCCL:
    """A group's collectives over NCCL, its members those of the MPI communicator ``comm``."""

    def __init__(self, comm, name="nccl", runtime=None):
        self._comm = comm
        self._runtime = runtime if runtime is not None else _nccl.CupyRuntime()
        self.rank = comm.Get_rank()
        self.size = comm.Get_size()
        self.name = name
        nccl_id = comm.bcast(self._runtime.nccl.get_unique_id() if self.rank == 0 else None, root=0)
        self._communicator = _nccl.Communicator(self.rank, self.size, nccl_id, self._runtime)

    @classmethod
    def world(cls, name):
        """A group of every process MPI started (over a duplicate of COMM_WORLD, freed by ``close``)."""
        from mpi4py import MPI
        return cls(MPI.COMM_WORLD.Dup(), name)

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
        from mpi4py import MPI
        member = self.rank in ranks
        comm = self._comm.Split(0 if member else MPI.UNDEFINED, ranks.index(self.rank) if member else 0)
        return type(self)(comm, self.name, self._runtime) if member else None

    def close(self):
        """Waits for the collectives in flight, frees NCCL's communicator and the MPI one."""
        self._communicator.destroy()
        from mpi4py import MPI
        if not MPI.Is_finalized():
            self._comm.Free()
