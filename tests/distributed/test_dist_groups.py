"""Groups, object collectives, PyTorch's errors, re-initialisation and the launcher, at any world size."""
import os
import subprocess
import sys

import pytest

import tensorlib as torch
from tensorlib import distributed as dist

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def test_queries(rank, world_size):
    assert dist.is_available() and dist.is_initialized()
    assert dist.get_backend() == "gloo" and dist.group.WORLD is dist.GroupMember.WORLD
    assert 0 <= rank < world_size == dist.get_world_size(dist.group.WORLD)
    assert dist.get_process_group_ranks(dist.group.WORLD) == list(range(world_size))


def test_node_local_rank_and_monitored_barrier(monkeypatch):
    monkeypatch.setenv("LOCAL_RANK", "3")
    assert dist.get_node_local_rank() == 3
    monkeypatch.delenv("LOCAL_RANK")
    assert dist.get_node_local_rank(fallback_rank=1) == 1
    with pytest.raises(RuntimeError, match="LOCAL_RANK is not in the environment"):
        dist.get_node_local_rank()
    assert dist.monitored_barrier() is None


def test_subgroups(rank, world_size):
    evens = [r for r in range(world_size) if r % 2 == 0]
    group = dist.new_group(evens)
    last = dist.new_group([world_size - 1])
    if rank in evens:
        assert dist.get_rank(group) == evens.index(rank) and dist.get_world_size(group) == len(evens)
        assert dist.get_process_group_ranks(group) == evens and dist.get_backend(group) == "gloo"
        assert dist.get_global_rank(group, 0) == 0 and dist.get_group_rank(group, rank) == evens.index(rank)
        tensor = torch.tensor([float(rank)])
        dist.all_reduce(tensor, group=group)
        assert tensor.item() == sum(evens)
        source = torch.tensor([float(rank)])
        dist.broadcast(source, group=group, group_src=len(evens) - 1)  # a rank in the group
        assert source.item() == evens[-1]
        gathered = torch.zeros(len(evens))
        dist.all_gather_into_tensor(gathered, torch.tensor([float(rank)]), group=group)
        assert gathered.tolist() == evens
        objects = [None] * len(evens)
        dist.all_gather_object(objects, {"rank": rank}, group=group)
        assert objects == [{"rank": r} for r in evens]
    else:
        assert group == dist.GroupMember.NON_GROUP_MEMBER
        assert (dist.get_rank(group), dist.get_world_size(group)) == (-1, -1)
        with pytest.warns(UserWarning, match=f"Running all_reduce on global rank {rank} which does not belong"):
            assert dist.all_reduce(torch.ones(1), group=group) is None
    if rank == world_size - 1:
        work = dist.all_reduce(torch.ones(2), group=last, async_op=True)
        assert work.wait()
    dist.barrier()
    for made in (group, last):
        dist.destroy_process_group(made)


def test_subgroup_source_given_as_a_global_rank_outside_it(rank, world_size):
    group = dist.new_group([0])
    if rank == 0:
        with pytest.raises(ValueError, match="Can't specify both group_rank and global_rank"):
            dist.broadcast(torch.zeros(1), src=0, group=group, group_src=0)
        if world_size > 1:
            with pytest.raises(ValueError, match="Global rank 1 is not part of group"):
                dist.broadcast(torch.zeros(1), src=1, group=group)
    dist.destroy_process_group(group)


def test_object_collectives(rank, world_size):
    objects = [{"a": [1, 2]}, "text", None, torch.arange(3)] if rank == 0 else [0] * 4
    dist.broadcast_object_list(objects, src=0)
    assert objects[:3] == [{"a": [1, 2]}, "text", None] and objects[3].tolist() == [0, 1, 2]
    everyone = [None] * world_size
    dist.all_gather_object(everyone, ("rank", rank, "x" * rank * 50))
    assert everyone == [("rank", r, "x" * r * 50) for r in range(world_size)]
    dst = world_size - 1
    gathered = [None] * world_size if rank == dst else None
    dist.gather_object(rank * 10, gathered, dst=dst)
    assert gathered == (list(range(0, 10 * world_size, 10)) if rank == dst else None)
    received = [None]
    dist.scatter_object_list(received, [f"for {r}" * (r + 1) for r in range(world_size)] if rank == 0 else None)
    assert received == [f"for {rank}" * (rank + 1)]


def test_errors_as_pytorch_s(rank, world_size):
    with pytest.raises(TypeError, match="Expected parameter `tensor` of type torch.Tensor"):
        dist.all_reduce([torch.ones(1)])
    with pytest.raises(TypeError, match=r"Expected parameter `tensor_list` of type List\[torch.Tensor\]"):
        dist.all_gather(torch.ones(1), torch.ones(1))
    with pytest.raises(RuntimeError, match=f"ProcessGroupGloo::broadcast: invalid root rank: {world_size}"):
        dist.broadcast(torch.zeros(2), src=world_size)
    with pytest.raises(ValueError, match="Must specify global_rank or group_rank"):
        dist.broadcast(torch.zeros(2))
    with pytest.raises(RuntimeError, match="ProcessGroupGloo::reduce: invalid root rank: -1"):
        dist.reduce(torch.zeros(2), dst=-1)
    with pytest.raises(RuntimeError, match=fr"invalid output tensor list at index 0 \(expected length {world_size}, "
                                           fr"got {world_size + 1}\)"):
        dist.all_gather([torch.zeros(2)] * (world_size + 1), torch.zeros(2))
    with pytest.raises(RuntimeError, match=r"allgather: invalid tensor size at index 0 \(expected \(2\), got \(3\)\)"):
        dist.all_gather([torch.zeros(3)] * world_size, torch.zeros(2))
    with pytest.raises(ValueError, match="Invalid usage of tensors with different dtypesFound torch.int64 and  "
                                         "torch.float32"):
        dist.all_gather([torch.zeros(2, dtype=torch.int64)] * world_size, torch.zeros(2))
    with pytest.raises(RuntimeError, match=r"invalid tensor size at index 0 \(expected \(2, 3\), got \(1, 2, 3\)\)"):
        dist.all_gather_into_tensor(torch.zeros(world_size, 2, 3), torch.zeros(2, 3))
    with pytest.raises(RuntimeError, match="input tensor must be the same size as output size times world size"):
        dist.reduce_scatter_tensor(torch.zeros(2), torch.zeros(2 * world_size + 1))
    with pytest.raises(RuntimeError, match="Cannot use ReduceOp.BAND with non-integral dtype"):
        dist.all_reduce(torch.ones(2), op=dist.ReduceOp.BAND)
    with pytest.raises(RuntimeError, match="result type Float can't be cast to the desired output type Long"):
        dist.all_reduce(torch.ones(2, dtype=torch.int64), op=dist.ReduceOp.AVG)
    with pytest.raises(ValueError, match="Argument ``gather_list`` must be specified on destination rank."):
        dist.gather(torch.zeros(2), None, dst=rank)
    if world_size > 1:
        with pytest.raises(ValueError, match="must NOT be specified on non-destination ranks"):
            dist.gather(torch.zeros(2), [torch.zeros(2)] * world_size, dst=(rank + 1) % world_size)
    with pytest.raises(ValueError, match="Argument ``scatter_list`` must be specified on source rank."):
        dist.scatter(torch.zeros(2), None, src=rank)
    with pytest.raises(RuntimeError, match=f"ProcessGroupGloo::scatter: Incorrect input list size {world_size + 1}. "
                                           f"Input list size should be {world_size}, same as size of the process"):
        dist.scatter(torch.zeros(2), [torch.zeros(2)] * (world_size + 1), src=rank)
    with pytest.raises(ValueError, match="trying to initialize the default process group twice!"):
        dist.init_process_group("gloo")
    with pytest.raises(ValueError, match="ranks list must not contain duplicate entries"):
        dist.new_group([0, 0])
    with pytest.raises(ValueError, match=f"Rank {world_size} is out of range"):
        dist.new_group([world_size])


def rendezvous_environment(monkeypatch, rank, world_size):
    """torchrun's variables for this process, where the launcher set none (a plain pytest run)."""
    for name, value in (("RANK", rank), ("WORLD_SIZE", world_size), ("MASTER_ADDR", "127.0.0.1"), ("MASTER_PORT", 1)):
        monkeypatch.setenv(name, os.environ.get(name, str(value)))


def test_destroy_then_init_again(rank, world_size, monkeypatch):
    dist.destroy_process_group()
    assert not dist.is_initialized()
    with pytest.raises(ValueError, match="Default process group has not been initialized"):
        dist.get_rank()
    rendezvous_environment(monkeypatch, rank, world_size)
    dist.init_process_group("gloo")
    tensor = torch.ones(2)
    dist.all_reduce(tensor)
    assert (dist.get_rank(), tensor.tolist()) == (rank, [world_size] * 2)


SCRIPT = """
import os, sys
import torch
import torch.distributed as dist
dist.init_process_group("gloo")
t = torch.ones(2) * (dist.get_rank() + 1)
dist.all_reduce(t)
with open(os.path.join(os.path.dirname(__file__), f"rank{dist.get_rank()}.txt"), "w") as out:
    print(dist.get_rank(), dist.get_world_size(), os.environ["LOCAL_RANK"], t.tolist(), sys.argv[1:], file=out)
dist.destroy_process_group()
"""


def test_the_launcher_runs_a_pytorch_script_on_two_processes(tmp_path, rank):
    if rank != 0:
        pytest.skip("rank 0 starts the launcher")
    script = tmp_path / "train.py"
    script.write_text(SCRIPT)
    env = {name: value for name, value in os.environ.items()
           if not name.startswith(("PMI_", "PMIX_", "MPI_LOCAL", "OMPI_", "HYDRA", "RANK", "WORLD_SIZE", "LOCAL_"))}
    env.update(PYTHONPATH=ROOT + os.pathsep + env.get("PYTHONPATH", ""), MPIEXEC_TIMEOUT="120")
    done = subprocess.run([sys.executable, "-m", "tensorlib.distributed.run", "--nproc-per-node", "2", str(script),
                           "--lr", "0.1"], capture_output=True, text=True, env=env, timeout=240, check=False)
    assert done.returncode == 0, done.stderr
    for rank_started in (0, 1):  # each process reports its rank, world size, LOCAL_RANK, result, arguments
        assert (tmp_path / f"rank{rank_started}.txt").read_text() == \
            f"{rank_started} 2 {rank_started} [3.0, 3.0] ['--lr', '0.1']\n"


def test_the_launcher_refuses_several_nodes():
    from tensorlib.distributed import run
    assert run.main(["--nnodes", "2", "train.py"]) == 2
    environment = run.worker_environment(run._parser().parse_args(["--nproc_per_node=3", "--standalone", "x.py"]), {})
    assert (environment["WORLD_SIZE"], environment["LOCAL_WORLD_SIZE"], environment["OMP_NUM_THREADS"]) == ("3", "3", "1")
    assert run._parser().parse_args(["--nproc-per-node", "cpu", "x.py"]).nproc_per_node == os.cpu_count()
    if not torch.accelerator.is_available():
        assert run._parser().parse_args(["--nproc-per-node", "auto", "x.py"]).nproc_per_node == os.cpu_count()


def test_point_to_point(rank, world_size):
    with pytest.raises(ValueError, match="Invalid destination rank: destination rank should not be the same as the "
                                         "rank of the current process."):
        dist.send(torch.ones(1), dst=rank)
    with pytest.raises(ValueError, match="Invalid source rank: source rank should not be the same"):
        dist.recv(torch.ones(1), src=rank)
    if world_size == 1:
        return
    right, left = (rank + 1) % world_size, (rank - 1) % world_size
    big = torch.full((1000, 300), float(rank))  # large enough for MPI's rendezvous protocol: both send first
    inbox = torch.zeros(300, 1000).t()  # not contiguous: written back on wait()
    works = [dist.isend(big, dst=right, tag=3), dist.irecv(inbox, src=left, tag=3)]
    assert all(work.wait() for work in works) and works[1].is_completed()
    assert inbox.eq(left).all()
    if rank == 0:
        received = torch.zeros(2, dtype=torch.int64)
        assert dist.recv(received) == 1 and received.tolist() == [1, 2]  # from any rank
    elif rank == 1:
        dist.send(torch.tensor([1, 2]), dst=0)


def test_unknown_backends(monkeypatch, rank, world_size):
    monkeypatch.setattr(dist.GroupMember, "WORLD", None)  # as before init, without ending the group
    rendezvous_environment(monkeypatch, rank, world_size)
    if not dist.is_nccl_available():
        with pytest.raises(RuntimeError, match="Distributed package doesn't have NCCL built in"), \
                pytest.warns(UserWarning, match="NCCL support is not compiled"):
            dist.init_process_group("nccl")
    with pytest.raises(ValueError, match="Invalid backend: 'carrier-pigeon'"):
        dist.init_process_group("carrier-pigeon")
