"""``torch.distributed`` over MPI (mpi4py): process groups, collectives, object
collectives, and the launcher ``python -m tensorlib.distributed.run``.

``is_available()`` says whether mpi4py is installed; without it every name still
imports, the queries raise PyTorch's "Default process group has not been
initialized" ValueError and ``init_process_group`` raises RuntimeError.  Importing
tensorlib never starts MPI: ``init_process_group`` does, with thread level MULTIPLE.
Backends: ``"mpi"`` (the default on the CPU) and ``"gloo"``, carried over MPI
(``get_backend()`` answers the name the program asked for); others (``"nccl"``)
register with ``_groups.register_backend(name, factory)``.

The process-group interface a backend implements
------------------------------------------------
``factory(world)`` gets the MPI group of every process (``_mpi.ProcessGroupMPI``,
named as the program asked) and returns the object that carries the collectives:

``rank``, ``size``                    this process's rank in the group; the group's size
``broadcast(array, root)``            ``array`` = root's array
``all_reduce(array, op)``             ``array`` = op over the ranks' arrays (op: a ``ReduceOp``, AVG included)
``reduce(array, root, op)``           root's ``array`` = op over the ranks' arrays
``all_gather(output, array)``         ``output`` = the ranks' arrays concatenated in rank order
``reduce_scatter(output, input, op)`` ``output`` = rank ``r``'s ``r``-th part of op over the ranks' inputs
``all_to_all(output, input, output_counts, input_counts)``  ``input``'s ``r``-th part (of
                                      ``input_counts[r]`` elements) to rank ``r``; rank ``r``'s part for
                                      this rank into ``output``'s ``r``-th part (``output_counts[r]``)
``gather(output, array, root)``       root's ``output`` as all_gather's (``output`` is None elsewhere)
``scatter(output, input, root)``      ``output`` = part ``r`` of root's ``input`` (None elsewhere)
``barrier()``                         returns once every rank has called it
``isend(array, dst, tag)``            starts sending to ``dst`` now, in the caller's thread; returns a
``irecv(array, src, tag)``            message with ``test()``, ``wait()`` and ``source()`` (the sender's
                                      rank; ``src`` None: any rank)
``split(ranks)``                      the group of ``ranks`` (ascending ranks of this group) on its
                                      members, None on the others; every rank calls it
``close()``                           releases the group (MPI stays initialised)
``host`` (optional)                   the group that moves the object collectives' host arrays
``host_arrays`` (optional)            True: the group moves host arrays only, so device tensors
                                      are staged through host memory (as gloo does with CUDA tensors)

Arrays are the backend's flat (1-d) contiguous arrays of the tensors' dtype; every
rank passes the same sizes.  A method returns when its operation has completed.
The front end checks arguments, raising PyTorch's errors, stages tensors that are not
contiguous (writing outputs back through the view), and runs each call on the group's
communication thread in call order (``_work.CommThread``): ``async_op=True`` returns a
``Work`` at once, so communication overlaps the caller's computation."""
from ._all_to_all import all_to_all, all_to_all_single
from ._collectives import (all_gather, all_gather_into_tensor, all_reduce, barrier, broadcast, gather,
                           monitored_barrier, reduce, reduce_scatter_tensor, scatter)
from ._groups import (NO_GROUP, Backend, GroupMember, ProcessGroup, WorldAlias, destroy_process_group, get_backend,
                      get_global_rank, get_group_rank, get_node_local_rank, get_process_group_ranks, get_rank,
                      get_world_size, init_process_group, is_available, is_gloo_available, is_initialized,
                      is_mpi_available, is_nccl_available, is_torchelastic_launched, new_group)
from ._objects import all_gather_object, broadcast_object_list, gather_object, scatter_object_list
from ._p2p import irecv, isend, recv, send
from ._reduce_op import ReduceOp
from ._work import Future, Work

_NO_GROUP = NO_GROUP  # the error DistributedDataParallel raises without a group
group = WorldAlias  # ``group.WORLD``

__all__ = ["Backend", "Future", "GroupMember", "ProcessGroup", "ReduceOp", "Work", "all_gather",
           "all_gather_into_tensor", "all_gather_object", "all_reduce", "all_to_all", "all_to_all_single", "barrier",
           "broadcast", "broadcast_object_list", "destroy_process_group", "gather", "gather_object", "get_backend",
           "get_global_rank", "get_group_rank", "get_node_local_rank", "get_process_group_ranks", "get_rank",
           "get_world_size", "group", "init_process_group", "irecv", "is_available", "is_gloo_available",
           "is_initialized", "is_mpi_available", "is_nccl_available", "is_torchelastic_launched", "isend",
           "monitored_barrier", "new_group", "recv", "reduce", "reduce_scatter_tensor", "scatter",
           "scatter_object_list", "send"]
