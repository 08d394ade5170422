"""A PyTorch data-parallel program run on 2 processes both by torchrun with PyTorch's gloo
and by ``python -m tensorlib.distributed.run``: each process writes what each case gives
(parameters, gradients, buffers, names, an error's first line) to ``<folder>/rank<r>.txt``;
test_ddp_parity.py compares the files.  Every case behaves alike on every rank."""
import os
import sys

import torch
import torch.distributed as dist
from torch import nn

torch.set_num_threads(1)
dist.init_process_group("gloo")
rank = dist.get_rank()
lines = []


def record(name, value):
    lines.append(f"{name}: {value!r}")


def shares(step, width, outputs):
    g = torch.Generator().manual_seed(step)
    x = torch.randn(8, width, generator=g)
    y = torch.randn(8, outputs, generator=g)
    return x[rank * 4:(rank + 1) * 4], y[rank * 4:(rank + 1) * 4]


def values(tensors):
    return [t.tolist() if t is not None else None for t in tensors]


torch.manual_seed(rank)         # every rank starts elsewhere: construction broadcasts rank 0's
model = nn.Sequential(nn.Linear(6, 16), nn.Tanh(), nn.Linear(16, 16), nn.Tanh(), nn.Linear(16, 3))
ddp = nn.parallel.DistributedDataParallel(model, bucket_cap_mb=0.001)
optimizer = torch.optim.SGD(ddp.parameters(), lr=0.1, momentum=0.9)
for step in range(5):
    x, y = shares(step, 6, 3)
    optimizer.zero_grad()
    nn.functional.mse_loss(ddp(x), y).backward()
    optimizer.step()
record("trained parameters", values(model.parameters()))
optimizer.zero_grad()
with ddp.no_sync():
    x, y = shares(10, 6, 3)
    nn.functional.mse_loss(ddp(x), y).backward()
record("no_sync gradients", values(p.grad for p in model.parameters()))
x, y = shares(11, 6, 3)
nn.functional.mse_loss(ddp(x), y).backward()
record("gradients after no_sync", values(p.grad for p in model.parameters()))


class Partly(nn.Module):
    def __init__(self):
        super().__init__()
        self.body = nn.Linear(4, 4)
        self.norm = nn.BatchNorm1d(4)
        self.on_rank_zero = nn.Linear(4, 4)
        self.never = nn.Linear(4, 4)

    def forward(self, x):
        h = self.norm(self.body(x))
        return self.on_rank_zero(h) if rank == 0 else h


torch.manual_seed(10 + rank)
partly = Partly()
ddp = nn.parallel.DistributedDataParallel(partly, find_unused_parameters=True)
record("state_dict names", list(ddp.state_dict()))
for step in range(3):
    x, _ = shares(20 + step, 4, 1)
    ddp(x).sum().backward()
record("partly used gradients", values(p.grad for p in partly.parameters()))
record("buffers", values(partly.buffers()))

torch.manual_seed(30)
ddp = nn.parallel.DistributedDataParallel(Partly())
ddp(shares(30, 4, 1)[0]).sum().backward()
try:
    ddp(shares(31, 4, 1)[0])
except RuntimeError as error:
    record("unused without find_unused_parameters", str(error).splitlines())

with open(os.path.join(sys.argv[1], f"rank{rank}.txt"), "w") as out:
    out.write("\n".join(lines) + "\n")
dist.destroy_process_group()
