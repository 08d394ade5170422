"""The tensor collectives: PyTorch's argument checks and errors, then the group's
backend on flat contiguous arrays (``_staging``: views are written back through to
their base, as gloo does)."""
from .._tensor import Tensor
from ._groups import GroupMember, resolve
from ._reduce_op import ReduceOp
from ._staging import flat_array, pack, scratch, unpack


def check_tensor(value, name):
    if not isinstance(value, Tensor):
        raise TypeError(f"Invalid function argument. Expected parameter `{name}` of type torch.Tensor\n"
                        f"             but got {type(value)} instead.")


def check_tensor_list(values, name):
    if not isinstance(values, list) or not all(isinstance(value, Tensor) for value in values):
        raise TypeError(f"Invalid function argument. Expected parameter `{name}` of type List[torch.Tensor]\n"
                        f"             but got {type(values)} instead.")


def check_same_dtype(tensors):
    first = tensors[0].dtype
    for tensor in tensors[1:]:
        if tensor.dtype is not first:
            raise ValueError(f"Invalid usage of tensors with different dtypesFound {first} and  {tensor.dtype}")


def _sizes(shape):
    return "(" + ", ".join(str(size) for size in shape) + ")"


def _check_sizes(pg, op_name, tensors, shape):
    for index, tensor in enumerate(tensors):
        if tuple(tensor.shape) != tuple(shape):
            raise RuntimeError(f"{pg.class_name}::{op_name}: invalid tensor size at index {index} (expected "
                               f"{_sizes(shape)}, got {_sizes(tensor.shape)})")


def _check_list_length(pg, op_name, tensors, what):
    if len(tensors) != pg.size():
        raise RuntimeError(f"{pg.class_name}::{op_name}: Incorrect {what.lower()} list size {len(tensors)}. "
                           f"{what} list size should be {pg.size()}, same as size of the process group.")


def root_rank(pg, global_rank, group_rank, op_name):
    """The group rank of a collective's source or destination, given as a global or a group rank."""
    if group_rank is not None:
        if global_rank is not None:
            raise ValueError("Can't specify both group_rank and global_rank")
    elif global_rank is None:
        raise ValueError("Must specify global_rank or group_rank")
    elif pg is GroupMember.WORLD:  # the default group's ranks are the global ranks, checked below
        group_rank = global_rank
    elif global_rank not in pg.ranks:
        raise ValueError(f"Global rank {global_rank} is not part of group {pg}")
    else:
        group_rank = pg.ranks.index(global_rank)
    if not 0 <= group_rank < pg.size():
        raise RuntimeError(f"{pg.class_name}::{op_name}: invalid root rank: {group_rank}")
    return group_rank


def _check_reduction(op, dtype):
    if not isinstance(op, ReduceOp) or op is ReduceOp.PREMUL_SUM:
        raise ValueError(f"Cannot use {op} here: the reductions are ReduceOp.SUM, AVG, PRODUCT, MIN, MAX, BAND, "
                         "BOR and BXOR")
    if op in (ReduceOp.BAND, ReduceOp.BOR, ReduceOp.BXOR) and dtype.is_floating_point:
        raise RuntimeError(f"Cannot use {op} with non-integral dtype")
    if op is ReduceOp.AVG and not dtype.is_floating_point:
        raise RuntimeError(f"result type Float can't be cast to the desired output type {dtype.short_name}")


def in_place(pg, tensor, async_op, collective, version_bumps=0):
    """Runs ``collective`` on ``tensor``'s flat array; ``version_bumps``: the in-place writes PyTorch
    counts on the output (gloo copies some results in: all_gather_into_tensor 2, reduce_scatter 1)."""
    flat, write_back = flat_array(pg, tensor)

    def operation():
        collective(flat)
        if write_back is not None:
            write_back()
        for _ in range(version_bumps):
            tensor._version_counter.bump()
    return pg.run(operation, [tensor], async_op)


def broadcast(tensor, src=None, group=None, async_op=False, group_src=None):
    """Copies the source's ``tensor`` into ``tensor`` on every process of the group.

    Args:
        tensor (Tensor): the data to send (on the source) or the tensor to fill (elsewhere).
        src (int): the source's global rank (or give ``group_src``, its rank in ``group``).
        group (ProcessGroup, optional): the group (default: every process).
        async_op (bool): return a Work handle at once instead of waiting.
    """
    check_tensor(tensor, "tensor")
    pg = resolve(group, "broadcast")
    if pg is None:
        return None
    root = root_rank(pg, src, group_src, "broadcast")
    return in_place(pg, tensor, async_op, lambda flat: pg.backend.broadcast(flat, root))


def all_reduce(tensor, op=ReduceOp.SUM, group=None, async_op=False):
    """Reduces ``tensor`` over the group with ``op``: every process gets the result in ``tensor``.

    Args:
        tensor (Tensor): input and output.
        op (ReduceOp): SUM, AVG, PRODUCT, MIN, MAX (and BAND, BOR, BXOR for integers and bool).
        group (ProcessGroup, optional): the group (default: every process).
        async_op (bool): return a Work handle at once instead of waiting.

    Example::

        >>> dist.all_reduce(grad, op=dist.ReduceOp.SUM)  # doctest: +SKIP
    """
    check_tensor(tensor, "tensor")
    pg = resolve(group, "all_reduce")
    if pg is None:
        return None
    _check_reduction(op, tensor.dtype)
    return in_place(pg, tensor, async_op, lambda flat: pg.backend.all_reduce(flat, op))


def reduce(tensor, dst=None, op=ReduceOp.SUM, group=None, async_op=False, group_dst=None):
    """Reduces ``tensor`` over the group with ``op`` into the destination's ``tensor``.

    Args:
        tensor (Tensor): input, and the output on the destination.
        dst (int): the destination's global rank (or give ``group_dst``, its rank in ``group``).
        op (ReduceOp): as ``all_reduce``.
        group (ProcessGroup, optional): the group (default: every process).
        async_op (bool): return a Work handle at once instead of waiting.
    """
    check_tensor(tensor, "tensor")
    pg = resolve(group, "reduce")
    if pg is None:
        return None
    root = root_rank(pg, dst, group_dst, "reduce")
    _check_reduction(op, tensor.dtype)
    return in_place(pg, tensor, async_op, lambda flat: pg.backend.reduce(flat, root, op))


def all_gather(tensor_list, tensor, group=None, async_op=False):
    """Fills ``tensor_list[r]`` with process ``r``'s ``tensor`` on every process.

    Args:
        tensor_list (list[Tensor]): one tensor per process of the group, each of ``tensor``'s size and dtype.
        tensor (Tensor): this process's contribution.
        group (ProcessGroup, optional): the group (default: every process).
        async_op (bool): return a Work handle at once instead of waiting.
    """
    check_tensor_list(tensor_list, "tensor_list")
    check_tensor(tensor, "tensor")
    check_same_dtype(tensor_list + [tensor])
    pg = resolve(group, "all_gather")
    if pg is None:
        return None
    if len(tensor_list) != pg.size():
        raise RuntimeError(f"{pg.class_name}::allgather: invalid output tensor list at index 0 (expected length "
                           f"{pg.size()}, got {len(tensor_list)})")
    _check_sizes(pg, "allgather", tensor_list, tensor.shape)
    source = flat_array(pg, tensor)[0]

    def operation():
        rows = scratch(pg, tensor, pg.size() * tensor.numel())
        pg.backend.all_gather(rows, source)
        unpack(pg, rows, tensor_list)
    return pg.run(operation, tensor_list, async_op)


def _output_and_input(output, input, names, group, op_name, backend_op_name):
    """The checks of a collective from one tensor into another of its dtype: the group, or None
    outside it."""
    check_tensor(output, names[0])
    check_tensor(input, names[1])
    pg = resolve(group, op_name)
    if pg is not None and output.dtype is not input.dtype:
        raise RuntimeError(f"{pg.class_name}::{backend_op_name}: invalid tensor type at index 0 (expected "
                           f"{input.dtype}, got {output.dtype})")
    return pg


def all_gather_into_tensor(output_tensor, input_tensor, group=None, async_op=False):
    """Gathers every process's ``input_tensor`` into ``output_tensor``, concatenated along dim 0 in rank order.

    Args:
        output_tensor (Tensor): of ``world_size * input_tensor.size(0)`` rows (the input's other sizes).
        input_tensor (Tensor): this process's contribution.
        group (ProcessGroup, optional): the group (default: every process).
        async_op (bool): return a Work handle at once instead of waiting.
    """
    pg = _output_and_input(output_tensor, input_tensor, ("output_tensor", "input_tensor"), group,
                           "all_gather_into_tensor", "allgather")
    if pg is None:
        return None
    expected = tuple(input_tensor.shape)
    rows = output_tensor.shape[0] if output_tensor.dim() else 0
    chunk = -(-rows // pg.size()) if rows else 0
    for index in range(pg.size()):
        got = (min(chunk, max(rows - index * chunk, 0)),) + tuple(output_tensor.shape[1:])
        if got != expected:
            raise RuntimeError(f"{pg.class_name}::allgather: invalid tensor size at index {index} (expected "
                               f"{_sizes(expected)}, got {_sizes(got)})")
    source = flat_array(pg, input_tensor)[0]
    return in_place(pg, output_tensor, async_op, lambda flat: pg.backend.all_gather(flat, source),
                     version_bumps=2)


def reduce_scatter_tensor(output, input, op=ReduceOp.SUM, group=None, async_op=False):
    """Reduces ``input`` over the group with ``op`` and gives process ``r`` the ``r``-th of its
    ``world_size`` equal parts (along dim 0) in ``output``.

    Args:
        output (Tensor): this process's part of the result.
        input (Tensor): of ``world_size`` times ``output``'s elements.
        op (ReduceOp): as ``all_reduce``.
        group (ProcessGroup, optional): the group (default: every process).
        async_op (bool): return a Work handle at once instead of waiting.
    """
    pg = _output_and_input(output, input, ("output", "input"), group, "reduce_scatter_tensor", "reduce_scatter")
    if pg is None:
        return None
    if input.numel() != pg.size() * output.numel():
        raise RuntimeError(f"{pg.class_name}::reduce_scatter: input tensor must be the same size as output size "
                           "times world size")
    _check_reduction(op, input.dtype)
    source = flat_array(pg, input)[0]
    return in_place(pg, output, async_op, lambda flat: pg.backend.reduce_scatter(flat, source, op),
                     version_bumps=1)


def check_list_on_root(is_root, values, name, role):
    if is_root and not values:
        raise ValueError(f"Argument ``{name}`` must be specified on {role} rank.")
    if not is_root and values:
        raise ValueError(f"Argument ``{name}`` must NOT be specified on non-{role} ranks.")


def _rooted(tensor, tensors, global_rank, group_rank, group, op_name, role, what):
    """gather's and scatter's checks: (group, root's group rank, whether this is the root), or
    (None, None, None) outside the group.  The root (global rank 0 by default) passes one tensor per
    process of ``tensor``'s size and dtype; the others pass none."""
    check_tensor(tensor, "tensor")
    list_name = f"{op_name}_list"
    if tensors is not None:
        check_tensor_list(tensors, list_name)
        check_same_dtype(tensors + [tensor])
    pg = resolve(group, op_name)
    if pg is None:
        return None, None, None
    root = root_rank(pg, 0 if global_rank is None and group_rank is None else global_rank, group_rank, op_name)
    is_root = pg.rank() == root
    check_list_on_root(is_root, tensors, list_name, role)
    if is_root:
        _check_list_length(pg, op_name, tensors, what)
        _check_sizes(pg, op_name, tensors, tensor.shape)
    return pg, root, is_root


def gather(tensor, gather_list=None, dst=None, group=None, async_op=False, group_dst=None):
    """Gathers every process's ``tensor`` into the destination's ``gather_list`` (in rank order).

    Args:
        tensor (Tensor): this process's contribution.
        gather_list (list[Tensor], optional): on the destination only, one tensor per process.
        dst (int, optional): the destination's global rank (default 0; or give ``group_dst``).
        group (ProcessGroup, optional): the group (default: every process).
        async_op (bool): return a Work handle at once instead of waiting.
    """
    pg, root, is_root = _rooted(tensor, gather_list, dst, group_dst, group, "gather", "destination", "Output")
    if pg is None:
        return None
    source = flat_array(pg, tensor)[0]

    def operation():
        rows = scratch(pg, tensor, pg.size() * tensor.numel()) if is_root else None
        pg.backend.gather(rows, source, root)
        if is_root:
            unpack(pg, rows, gather_list)
    return pg.run(operation, gather_list or [], async_op)


def scatter(tensor, scatter_list=None, src=None, group=None, async_op=False, group_src=None):
    """Gives process ``r`` the source's ``scatter_list[r]`` in ``tensor``.

    Args:
        tensor (Tensor): the output.
        scatter_list (list[Tensor], optional): on the source only, one tensor per process.
        src (int, optional): the source's global rank (default 0; or give ``group_src``).
        group (ProcessGroup, optional): the group (default: every process).
        async_op (bool): return a Work handle at once instead of waiting.
    """
    pg, root, is_root = _rooted(tensor, scatter_list, src, group_src, group, "scatter", "source", "Input")
    if pg is None:
        return None
    rows = None
    if is_root:
        rows = scratch(pg, tensor, pg.size() * tensor.numel())
        pack(pg, scatter_list, rows)
    return in_place(pg, tensor, async_op,
                     lambda flat: pg.backend.scatter(flat, rows, root))


def barrier(group=None, async_op=False, device_ids=None):
    """Waits until every process of the group has called ``barrier``.

    Args:
        group (ProcessGroup, optional): the group (default: every process).
        async_op (bool): return a Work handle at once instead of waiting.
        device_ids: accepted for PyTorch's signature.
    """
    pg = resolve(group, "barrier")
    if pg is None:
        return None
    return pg.run(pg.backend.barrier, [], async_op)


def monitored_barrier(group=None, timeout=None, wait_all_ranks=False):
    """gloo's barrier that names the ranks that fail to arrive: here a ``barrier`` (MPI reports a
    process that died).  PyTorch's ValueError on a backend other than gloo.

    Args:
        group (ProcessGroup, optional): the group (default: every process).
        timeout, wait_all_ranks: accepted for PyTorch's signature.
    """
    pg = resolve(group, "monitored_barrier")
    if pg is None:
        return None
    if pg.backend_name != "gloo":
        raise ValueError("monitored_barrier is only implemented for GLOO backend.")
    return barrier(group)
