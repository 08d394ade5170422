"""The "nccl" process group: torch.distributed's collectives on CUDA tensors, run by
NCCL through CuPy's bindings (``backends/_nccl.Communicator``, which holds every device
decision).  MPI starts the processes and hands every member of a group the NCCL id its
rank 0 made; after that the tensors' data moves between the GPUs only."""
import warnings

from ..backends import _nccl

__all__ = ["NcclGroup", "NcclWork", "check_nccl_available"]

NO_NCCL = "Distributed package doesn't have NCCL built in"


def check_nccl_available():
    """PyTorch's warning and RuntimeError for a build without NCCL (here: no CuPy, no device or
    no NCCL), where ``init_process_group("nccl")`` gives them."""
    if _nccl.unavailable_reason() is not None:
        warnings.warn("Attempted to get default timeout for nccl backend, but NCCL support is not compiled",
                      UserWarning, stacklevel=3)
        raise RuntimeError(NO_NCCL)


class NcclWork:
    """The handle of an NCCL collective (``async_op=True``): ``wait()`` makes the current CUDA
    stream wait for it (the program goes on, as with PyTorch's NCCL work), ``synchronize()``
    too; ``is_completed()`` asks the device."""

    __slots__ = ("_pending",)

    def __init__(self, pending):
        self._pending = pending

    def wait(self, timeout=None):
        self._pending.wait()
        return True

    def synchronize(self):
        self._pending.wait()

    def block_current_stream(self):
        self._pending.wait()

    def is_completed(self):
        return self._pending.is_completed()

    def is_success(self):
        return self._pending.is_completed()

    def exception(self):
        return None


class NcclGroup:
    """The members of the MPI communicator ``comm`` as one NCCL communicator; every collective
    takes CUDA tensors and group ranks, and returns an ``NcclWork``."""

    def __init__(self, comm, runtime=None):
        runtime = runtime if runtime is not None else _nccl.CupyRuntime()
        self.rank, self.size = comm.Get_rank(), comm.Get_size()
        nccl_id = comm.bcast(runtime.nccl.get_unique_id() if self.rank == 0 else None, root=0)
        self._communicator = _nccl.Communicator(self.rank, self.size, nccl_id, runtime)

    def all_reduce(self, tensor, op):
        return NcclWork(self._communicator.all_reduce(tensor._array(), op.name))

    def reduce(self, tensor, dst, op):
        return NcclWork(self._communicator.reduce(tensor._array(), dst, op.name))

    def broadcast(self, tensor, src):
        return NcclWork(self._communicator.broadcast(tensor._array(), src))

    def all_gather(self, tensor_list, tensor):
        return NcclWork(self._communicator.all_gather([t._array() for t in tensor_list], tensor._array()))

    def all_gather_into_tensor(self, output, input):
        return NcclWork(self._communicator.all_gather_into(output._array(), input._array()))

    def reduce_scatter_tensor(self, output, input, op):
        return NcclWork(self._communicator.reduce_scatter_into(output._array(), input._array(), op.name))

    def gather(self, tensor, gather_list, dst):
        return NcclWork(self._communicator.gather(tensor._array(), [t._array() for t in gather_list or ()], dst))

    def scatter(self, tensor, scatter_list, src):
        return NcclWork(self._communicator.scatter(tensor._array(), [t._array() for t in scatter_list or ()], src))

    def barrier(self):
        self._communicator.barrier()

    def destroy(self):
        self._communicator.destroy()
