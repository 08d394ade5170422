"""``all_to_all_single`` and ``all_to_all``: every process sends a part of its input
to each process, and receives one part from each."""
from ._collectives import check_same_dtype, check_tensor, check_tensor_list, in_place
from ._groups import resolve
from ._staging import flat_array, pack, scratch, unpack


def _counts(pg, tensor, split_sizes):
    """The elements ``tensor`` holds for each rank: its dim-0 rows split by ``split_sizes`` (equally
    when None), as PyTorch checks them."""
    rows = tensor.shape[0] if tensor.dim() else 1
    if split_sizes is None:
        if tensor.numel() and rows % pg.size():
            raise RuntimeError("Tensor's dim 0 does not divide equally across group size")
        split_sizes = [rows // pg.size()] * pg.size()
    elif len(split_sizes) != pg.size():
        raise RuntimeError("Number of tensor splits not equal to group size")
    elif sum(split_sizes) != rows:
        raise RuntimeError("Split sizes doesn't match total dim 0 size")
    row = tensor.numel() // rows if rows else 0
    return [size * row for size in split_sizes]


def all_to_all_single(output, input, output_split_sizes=None, input_split_sizes=None, group=None,
                      async_op=False):
    """Sends part ``r`` of ``input`` (its dim-0 rows, split by ``input_split_sizes`` or equally) to
    process ``r``, and receives process ``r``'s part for this process into part ``r`` of ``output``.

    Args:
        output (Tensor): the received parts, concatenated along dim 0 in rank order.
        input (Tensor): the parts to send, concatenated along dim 0 in rank order.
        output_split_sizes (list[int], optional): rows received from each process (default: equal).
        input_split_sizes (list[int], optional): rows sent to each process (default: equal).
        group (ProcessGroup, optional): the group (default: every process).
        async_op (bool): return a Work handle at once instead of waiting.
    """
    check_tensor(output, "output")
    check_tensor(input, "input")
    check_same_dtype([output, input])
    pg = resolve(group, "all_to_all_single")
    if pg is None:
        return None
    output_counts = _counts(pg, output, output_split_sizes)
    input_counts = _counts(pg, input, input_split_sizes)
    if output_split_sizes is None and input_split_sizes is None and output.numel() != input.numel():
        raise RuntimeError(f"{pg.class_name}::alltoall_base: the output has {output.numel()} elements, the input "
                           f"{input.numel()}: without split sizes they must be equal")
    source = flat_array(pg, input)[0]
    return in_place(pg, output, async_op,
                    lambda flat: pg.backend.all_to_all(flat, source, output_counts, input_counts))


def all_to_all(output_tensor_list, input_tensor_list, group=None, async_op=False):
    """Sends ``input_tensor_list[r]`` to process ``r`` and receives process ``r``'s tensor for this
    process into ``output_tensor_list[r]``.

    Args:
        output_tensor_list (list[Tensor]): one tensor per process, to receive into.
        input_tensor_list (list[Tensor]): one tensor per process, to send.
        group (ProcessGroup, optional): the group (default: every process).
        async_op (bool): return a Work handle at once instead of waiting.
    """
    check_tensor_list(output_tensor_list, "output_tensor_list")
    check_tensor_list(input_tensor_list, "input_tensor_list")
    check_same_dtype(output_tensor_list + input_tensor_list)
    pg = resolve(group, "all_to_all")
    if pg is None:
        return None
    for tensors, what in ((input_tensor_list, "input"), (output_tensor_list, "output")):
        if len(tensors) != pg.size():
            raise RuntimeError(f"{pg.class_name}::alltoall: {what} tensor list size {len(tensors)} does not match "
                               f"world size {pg.size()}")
    input_counts = [tensor.numel() for tensor in input_tensor_list]
    output_counts = [tensor.numel() for tensor in output_tensor_list]
    source = scratch(pg, input_tensor_list[0], sum(input_counts))
    pack(pg, input_tensor_list, source)

    def operation():
        received = scratch(pg, output_tensor_list[0], sum(output_counts))
        pg.backend.all_to_all(received, source, output_counts, input_counts)
        unpack(pg, received, output_tensor_list)
    return pg.run(operation, output_tensor_list, async_op)
