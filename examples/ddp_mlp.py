"""Data-parallel training of an MLP: DistributedDataParallel + DistributedSampler.

Every process trains the same model on its own share of each batch; DDP averages the
gradients over the processes during backward, so all of them take the same step.

One machine, two processes:
    python -m tensorlib.distributed.run --nproc-per-node 2 examples/ddp_mlp.py
    mpiexec -n 2 python examples/ddp_mlp.py
Several machines: mpiexec with a host file (see docs/en/distributed.md).
"""
import argparse
import os

import tensorlib as torch
import tensorlib.distributed as dist
from tensorlib import nn
from tensorlib.nn.parallel import DistributedDataParallel
from tensorlib.utils.data import DataLoader, TensorDataset
from tensorlib.utils.data.distributed import DistributedSampler


def make_data(samples, features, classes):
    """A synthetic classification problem, the same on every process (same seed)."""
    generator = torch.Generator().manual_seed(1234)
    inputs = torch.randn(samples, features, generator=generator)
    teacher = torch.randn(features, classes, generator=generator)
    return TensorDataset(inputs, (inputs @ teacher).argmax(dim=1))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=5)
    parser.add_argument("--batch-size", type=int, default=32, help="samples per process and step")
    parser.add_argument("--lr", type=float, default=0.1)
    parser.add_argument("--samples", type=int, default=1024)
    args = parser.parse_args()

    # NCCL between GPUs, else MPI's transport ("gloo" is the name PyTorch programs use on CPUs)
    use_gpu = torch.cuda.is_available()
    dist.init_process_group("nccl" if use_gpu else "gloo")
    rank, world_size = dist.get_rank(), dist.get_world_size()
    if use_gpu:
        local_rank = int(os.environ.get("LOCAL_RANK", rank % torch.cuda.device_count()))
        torch.cuda.set_device(local_rank)
        device = torch.device("cuda", local_rank)
    else:
        device = torch.device("cpu")

    dataset = make_data(args.samples, 16, 4)
    sampler = DistributedSampler(dataset, shuffle=True, seed=0)
    loader = DataLoader(dataset, batch_size=args.batch_size, sampler=sampler)

    torch.manual_seed(0)
    model = nn.Sequential(nn.Linear(16, 64), nn.ReLU(), nn.Linear(64, 4)).to(device)
    ddp_model = DistributedDataParallel(model, device_ids=[device.index] if use_gpu else None)
    optimizer = torch.optim.SGD(ddp_model.parameters(), lr=args.lr)
    loss_fn = nn.CrossEntropyLoss()

    for epoch in range(args.epochs):
        sampler.set_epoch(epoch)  # a new shuffle each epoch, the same on every process
        total, batches = torch.zeros((), device=device), 0
        for inputs, targets in loader:
            optimizer.zero_grad()
            loss = loss_fn(ddp_model(inputs.to(device)), targets.to(device))
            loss.backward()  # gradients arrive averaged over the processes
            optimizer.step()
            total += loss.detach()
            batches += 1
        dist.all_reduce(total)  # the mean loss over every process's batches
        if rank == 0:
            print(f"epoch {epoch}: loss {total.item() / (batches * world_size):.5f}")

    # the processes stepped together: their parameters are identical
    flat = torch.cat([p.detach().reshape(-1) for p in model.parameters()])
    everyone = [torch.empty_like(flat) for _ in range(world_size)]
    dist.all_gather(everyone, flat)
    with torch.no_grad():
        inputs, targets = dataset.tensors
        accuracy = (model(inputs.to(device)).argmax(dim=1) == targets.to(device)).float().mean().item()
    if rank == 0:
        print(f"{world_size} processes, identical parameters: {all(torch.equal(p, flat) for p in everyone)}")
        print(f"training accuracy: {accuracy:.3f}")
    dist.destroy_process_group()


if __name__ == "__main__":
    main()
