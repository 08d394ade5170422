"""A PyTorch program run on 2 processes both by torchrun with PyTorch's gloo and by
``python -m tensorlib.distributed.run`` (torch mapped to tensorlib): each process writes
what every case gives, a value or an error, to ``<folder>/rank<r>.txt``; the parity test
compares the files.  Every case behaves alike on every rank (an error on one rank only
would leave the others waiting)."""
import os
import sys

import torch
import torch.distributed as dist

dist.init_process_group("gloo")
rank, world = dist.get_rank(), dist.get_world_size()
lines = []


def case(name, run):
    try:
        lines.append(f"{name}: {run()!r}")
    except Exception as error:  # noqa: BLE001  (the error is the case's result)
        lines.append(f"{name}: {type(error).__name__}: {str(error).splitlines()[0]}")


def in_place(collective, tensor, **kwargs):
    collective(tensor, **kwargs)
    return tensor.tolist()


def transposed():
    base = torch.arange(12.).reshape(3, 4) + rank
    dist.all_reduce(base.t())
    return base.tolist()


def column_broadcast():
    base = torch.arange(12.).reshape(3, 4) + 100 * rank
    dist.broadcast(base[:, 1], src=world - 1)
    return base.tolist()


def gathered_into_columns():
    base = torch.zeros(3, world)
    dist.all_gather([base[:, r] for r in range(world)], torch.arange(3.) * (rank + 1))
    return base.tolist(), [base._version]


def into_tensor_column():
    out = torch.zeros(2 * world, 2)
    dist.all_gather_into_tensor(out[:, 1], (torch.arange(4.) + rank)[::2])
    return out.tolist(), out._version


def async_work():
    tensor = torch.ones(3) * (rank + 1)
    work = dist.all_reduce(tensor, op=dist.ReduceOp.MAX, async_op=True)
    return work.wait(), work.is_completed(), [t.tolist() for t in work.get_future().wait()], tensor._version


def objects():
    items = [{"a": 1}, (2, "b")] if rank == 0 else [None, None]
    dist.broadcast_object_list(items, src=0)
    everyone = [None] * world
    dist.all_gather_object(everyone, {"rank": rank})
    return items, everyone


def gathered():
    into = [torch.zeros(2, dtype=torch.int64) for _ in range(world)] if rank == 0 else None
    dist.gather(torch.arange(2) * (rank + 1), into, dst=0)
    return into if into is None else [t.tolist() for t in into]


def subgroup_of_all():
    group = dist.new_group(list(range(world)))
    return in_place(dist.all_reduce, torch.ones(2), group=group), dist.get_rank(group), dist.get_world_size(group)


def gathered_objects():
    into = [None] * world if rank == world - 1 else None
    dist.gather_object({"r": rank}, into, dst=world - 1)
    return into


def scattered_objects():
    out = [None]
    dist.scatter_object_list(out, [[r] * r for r in range(world)] if rank == 0 else None)
    return out


def exchanged_evenly():
    out = torch.zeros(2, 2 * world).t()  # not contiguous
    dist.all_to_all_single(out, torch.arange(4. * world).reshape(2 * world, 2) + 100 * rank)
    return out.tolist(), out._version


def exchanged_unevenly():  # rank 0 sends 1 then 2 elements, rank 1 sends 3 then 1
    sent, received = ([1, 2], [1, 3]) if rank == 0 else ([3, 1], [2, 1])
    out = torch.zeros(sum(received))
    dist.all_to_all_single(out, torch.arange(float(sum(sent))) + 10 * rank, received, sent)
    return out.tolist()


def exchanged_lists():
    outs = [torch.zeros(2) for _ in range(world)]
    dist.all_to_all(outs, [torch.full((2,), 10. * rank + r) for r in range(world)])
    return [out.tolist() for out in outs], outs[0]._version


case("transposed all_reduce", transposed)
case("all_to_all_single even", exchanged_evenly)
case("all_to_all_single uneven", exchanged_unevenly)
case("all_to_all", exchanged_lists)
case("all_to_all wrong length", lambda: dist.all_to_all([torch.zeros(2)] * (world + 1), [torch.zeros(2)] * (world + 1)))
case("column broadcast", column_broadcast)
case("all_gather into columns", gathered_into_columns)
case("all_gather_into_tensor column", into_tensor_column)
case("async all_reduce", async_work)
case("objects", objects)
for dtype in (torch.float16, torch.bfloat16, torch.float32, torch.float64, torch.int8, torch.uint8, torch.int64,
              torch.bool):
    for op in ("SUM", "PRODUCT", "MIN", "MAX", "AVG", "BAND", "BOR", "BXOR"):
        case(f"all_reduce {dtype} {op}",
             lambda dtype=dtype, op=op: in_place(dist.all_reduce, (torch.arange(4) + rank).to(dtype),
                                                 op=getattr(dist.ReduceOp, op)))
case("reduce", lambda: in_place(dist.reduce, torch.arange(3.) + rank, dst=world - 1, op=dist.ReduceOp.MAX))
case("gather", gathered)
case("scatter", lambda: in_place(dist.scatter, torch.zeros(3), scatter_list=[
    torch.full((3,), float(r)) for r in range(world)] if rank == world - 1 else None, src=world - 1))
case("subgroup of all", subgroup_of_all)
case("gather_object", gathered_objects)
case("scatter_object_list", scattered_objects)
case("barrier async", lambda: type(dist.barrier(async_op=True).wait()))
case("reduce_scatter_tensor", lambda: in_place(dist.reduce_scatter_tensor, torch.zeros(2), input=torch.arange(
    2. * world) * (rank + 1)))
case("0-d all_reduce", lambda: in_place(dist.all_reduce, torch.tensor(2.0 + rank)))
case("empty all_reduce", lambda: in_place(dist.all_reduce, torch.zeros(0, 3)))
case("all_gather wrong length", lambda: dist.all_gather([torch.zeros(2)] * (world + 1), torch.zeros(2)))
case("all_gather wrong size", lambda: dist.all_gather([torch.zeros(3)] * world, torch.zeros(2)))
case("all_gather wrong dtype", lambda: dist.all_gather([torch.zeros(2, dtype=torch.int64)] * world, torch.zeros(2)))
case("all_gather_into_tensor stacked", lambda: dist.all_gather_into_tensor(torch.zeros(world, 2, 3),
                                                                           torch.zeros(2, 3)))
case("all_gather_into_tensor wrong size", lambda: dist.all_gather_into_tensor(torch.zeros(3), torch.zeros(2)))
case("broadcast bad source", lambda: dist.broadcast(torch.zeros(2), src=world))
case("broadcast no source", lambda: dist.broadcast(torch.zeros(2)))
case("broadcast two sources", lambda: dist.broadcast(torch.zeros(2), src=0, group_src=0))
case("reduce bad destination", lambda: dist.reduce(torch.zeros(2), dst=-1))
case("all_reduce of a list", lambda: dist.all_reduce([torch.zeros(2)]))
case("gather without a list", lambda: dist.gather(torch.zeros(2), None, dst=rank))
case("scatter without a list", lambda: dist.scatter(torch.zeros(2), None, src=rank))
case("send to itself", lambda: dist.send(torch.zeros(2), dst=rank))
case("new_group duplicates", lambda: dist.new_group([0, 0]))
case("init twice", lambda: dist.init_process_group("gloo"))
case("queries", lambda: (dist.get_backend(), dist.get_rank(), dist.get_world_size(), dist.is_initialized()))
dist.destroy_process_group()
case("after destroy", dist.get_rank)
with open(os.path.join(sys.argv[1], f"rank{rank}.txt"), "w") as out:
    out.write("\n".join(lines) + "\n")
