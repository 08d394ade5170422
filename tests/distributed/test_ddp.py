"""DistributedDataParallel at any world size: training leaves the same parameters on
every rank, equal to one process trained on the whole batch (computed here, in each
process, from every rank's share); unused parameters, no_sync, buffers, buckets and
PyTorch's names and errors.  Every rank's inputs are drawn from seeds all ranks know."""
import warnings

import numpy as np
import pytest

import tensorlib as torch
from tensorlib import distributed as dist
from tensorlib import nn
from tensorlib.nn.parallel import DistributedDataParallel as DDP
from tensorlib.nn.parallel._reducer import bucket_assignment

PER_RANK = 4


@pytest.fixture
def world():
    if not dist.is_initialized():
        pytest.skip("no default process group")
    return dist.get_rank(), dist.get_world_size()


class MLP(nn.Module):
    """A small MLP; ``extra`` is a layer it holds but never uses."""

    def __init__(self, extra):
        super().__init__()
        self.body = nn.Sequential(nn.Linear(6, 16), nn.Tanh(), nn.Linear(16, 16), nn.Tanh(), nn.Linear(16, 3))
        self.extra = nn.Linear(3, 3) if extra else None

    def forward(self, x):
        return self.body(x)


def mlp(seed, extra=False):
    torch.manual_seed(seed)
    return MLP(extra).double()


def whole_batch(step, world_size):
    g = torch.Generator().manual_seed(1000 + step)
    x = torch.randn(world_size * PER_RANK, 6, generator=g, dtype=torch.float64)
    return x, torch.randn(world_size * PER_RANK, 3, generator=g, dtype=torch.float64)


def share(t, rank):
    return t[rank * PER_RANK:(rank + 1) * PER_RANK]


def flat(tensors):
    return torch.cat([t.detach().reshape(-1) for t in tensors])


def same_on_every_rank(t):
    """Whether ``t`` holds the same bits on every rank."""
    high, low = t.clone(), t.clone()
    dist.all_reduce(high, op=dist.ReduceOp.MAX)
    dist.all_reduce(low, op=dist.ReduceOp.MIN)
    return torch.equal(high, t) and torch.equal(low, t)


def train(model, reference, steps=20, **ddp_options):
    rank, world_size = dist.get_rank(), dist.get_world_size()
    ddp = DDP(model, **ddp_options)
    optimizer = torch.optim.SGD(ddp.parameters(), lr=0.1, momentum=0.9)
    reference_optimizer = torch.optim.SGD(reference.parameters(), lr=0.1, momentum=0.9)
    for step in range(steps):
        x, y = whole_batch(step, world_size)
        optimizer.zero_grad()
        nn.functional.mse_loss(ddp(share(x, rank)), share(y, rank)).backward()
        optimizer.step()
        reference_optimizer.zero_grad()
        nn.functional.mse_loss(reference(x), y).backward()
        reference_optimizer.step()
    return ddp


@pytest.mark.parametrize("options", [{}, {"bucket_cap_mb": 0.001}, {"bucket_cap_mb_list": [0.0005, 0.002]},
                                     {"gradient_as_bucket_view": True},
                                     {"find_unused_parameters": True}], ids=str)
def test_training_equals_one_process_on_the_whole_batch(world, options):
    rank, world_size = world
    model = mlp(seed=10 + rank)         # each rank starts elsewhere: construction broadcasts rank 0's
    reference = mlp(seed=10)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")     # find_unused_parameters with nothing unused warns
        train(model, reference, **options)
    params = flat(model.parameters())
    assert same_on_every_rank(params)
    np.testing.assert_allclose(params.numpy(), flat(reference.parameters()).numpy(), rtol=1e-10, atol=1e-12)
    if world_size == 1:     # averaging over one rank changes no bit
        assert torch.equal(params, flat(reference.parameters()))


def test_an_unused_parameter_keeps_grad_none_on_every_rank(world):
    rank, _ = world
    model = mlp(seed=20 + rank, extra=True)
    reference = mlp(seed=20, extra=True)
    ddp = train(model, reference, find_unused_parameters=True)
    assert model.extra.weight.grad is None and model.extra.bias.grad is None
    params = flat(model.parameters())
    assert same_on_every_rank(params)
    np.testing.assert_allclose(params.numpy(), flat(reference.parameters()).numpy(), rtol=1e-10, atol=1e-12)
    assert ddp.module is model


class OnRankZero(nn.Module):
    """A layer used only on rank 0: the other ranks contribute zero to its average."""

    def __init__(self):
        super().__init__()
        self.body = nn.Linear(3, 2)
        self.head = nn.Linear(2, 2)

    def forward(self, x):
        h = self.body(x)
        return self.head(h) if dist.get_rank() == 0 else h


def test_a_parameter_used_on_some_ranks_gets_their_gradients_averaged(world):
    rank, world_size = world
    torch.manual_seed(0)
    model = OnRankZero().double()
    expected = {name: p.detach().clone() for name, p in model.named_parameters()}
    ddp = DDP(model, find_unused_parameters=True)
    xs = [torch.randn(PER_RANK, 3, generator=torch.Generator().manual_seed(r), dtype=torch.float64)
          for r in range(world_size)]
    ddp(xs[rank]).sum().backward()
    body = nn.Linear(3, 2).double()
    head = nn.Linear(2, 2).double()
    with torch.no_grad():
        for layer, prefix in ((body, "body"), (head, "head")):
            layer.weight.copy_(expected[prefix + ".weight"])
            layer.bias.copy_(expected[prefix + ".bias"])
    for r, x in enumerate(xs):      # every rank's gradient, summed here
        (head(body(x)) if r == 0 else body(x)).sum().backward()
    for layer, mine in ((body, model.body), (head, model.head)):
        for theirs, ours in ((layer.weight, mine.weight), (layer.bias, mine.bias)):
            np.testing.assert_allclose(ours.grad.numpy(), theirs.grad.numpy() / world_size, rtol=1e-12)


def test_unused_parameter_without_detection_fails_the_next_forward(world):
    rank, _ = world
    model = mlp(seed=1, extra=True)
    ddp = DDP(model)
    x = torch.randn(2, 6, dtype=torch.float64)
    ddp(x).sum().backward()
    message = (r"^Expected to have finished reduction in the prior iteration before starting a new one\. "
               r"This error indicates that your module has parameters that were not used in producing loss\. "
               r"(.|\n)*\nParameter indices which did not receive grad for rank " + str(rank) + r": 6 7\n In addition")
    with pytest.raises(RuntimeError, match=message):
        ddp(x)


def test_no_sync_accumulation_equals_one_step(world):
    rank, world_size = world
    micro = 3
    model = mlp(seed=30 + rank)
    reference = mlp(seed=30)
    local = mlp(seed=30)
    ddp = DDP(model)
    g = torch.Generator().manual_seed(5)
    x = torch.randn(world_size, micro, PER_RANK, 6, generator=g, dtype=torch.float64)
    y = torch.randn(world_size, micro, PER_RANK, 3, generator=g, dtype=torch.float64)
    with ddp.no_sync():
        for k in range(micro - 1):
            (nn.functional.mse_loss(ddp(x[rank, k]), y[rank, k]) / micro).backward()
            (nn.functional.mse_loss(local(x[rank, k]), y[rank, k]) / micro).backward()
    assert torch.equal(flat(p.grad for p in model.parameters()), flat(p.grad for p in local.parameters()))
    (nn.functional.mse_loss(ddp(x[rank, -1]), y[rank, -1]) / micro).backward()
    nn.functional.mse_loss(reference(x.reshape(-1, 6)), y.reshape(-1, 3)).backward()
    grads = flat(p.grad for p in model.parameters())
    assert same_on_every_rank(grads)
    np.testing.assert_allclose(grads.numpy(), flat(p.grad for p in reference.parameters()).numpy(), rtol=1e-10,
                               atol=1e-14)
    for m in (model, reference):
        torch.optim.SGD(m.parameters(), lr=0.5).step()
    np.testing.assert_allclose(flat(model.parameters()).numpy(), flat(reference.parameters()).numpy(), rtol=1e-10,
                               atol=1e-14)


class Counter(nn.Module):
    """Records its buffer as each forward finds it, then moves it by a rank-dependent step."""

    def __init__(self):
        super().__init__()
        self.layer = nn.Linear(2, 2)
        self.register_buffer("state", torch.full((3,), 10.0 * (dist.get_rank() + 1)))
        self.seen = []

    def forward(self, x):
        self.seen.append(self.state[0].item())
        self.state += dist.get_rank() + 1
        return self.layer(x)


def test_buffers_are_broadcast_at_construction_and_before_each_forward(world):
    rank, _ = world
    model = Counter()
    ddp = DDP(model)
    assert model.state.tolist() == [10.0] * 3       # rank 0's
    x = torch.ones(1, 2)
    for _ in range(3):
        ddp(x).sum().backward()
    with ddp.no_sync():
        ddp(x).sum().backward()
    ddp(x).sum().backward()     # after a forward in no_sync, or under no_grad, buffers stay (PyTorch's flag)
    ddp(x).sum().backward()
    with torch.no_grad():
        ddp(x)
    ddp(x).sum().backward()
    step = rank + 1
    assert model.seen == [10.0, 11.0, 12.0, 13.0, 13.0 + step, 15.0, 16.0, 16.0 + step]    # as PyTorch's


def test_broadcast_buffers_false_keeps_each_ranks_buffers(world):
    rank, _ = world
    model = Counter()
    with pytest.warns(FutureWarning, match="^`broadcast_buffers` is deprecated"):
        ddp = DDP(model, broadcast_buffers=False)
    assert model.state[0].item() == 10.0 * (rank + 1)
    ddp(torch.ones(1, 2)).sum().backward()
    ddp(torch.ones(1, 2)).sum().backward()
    assert model.seen == [10.0 * (rank + 1), 10.0 * (rank + 1) + rank + 1]


def test_errors(world):
    with pytest.raises(RuntimeError, match="^DistributedDataParallel is not needed when a module doesn't have any "
                                           "parameter that requires a gradient.$"):
        DDP(nn.ReLU())
    with pytest.raises(ValueError, match="^device_ids can only be None or contain a single element.$"):
        DDP(nn.Linear(2, 2), device_ids=[0, 1])


def test_buckets_follow_pytorchs_assignment():
    torch_ = pytest.importorskip("torch", minversion="2.13")
    sizes = [(300,), (10,), (300,), (10,), (300,), (10,)]
    kinds = [torch.float32, torch.float64, torch.float32, torch.float32, torch.float64, torch.float32]
    for limits in ([1200, 2400], [1200], [1204], [1 << 62], [40, 80, 1000]):
        for dtypes in ([torch.float32] * 6, kinds):
            ours = [torch.empty(s, dtype=d) for s, d in zip(sizes, dtypes)]
            theirs = [torch_.empty(s, dtype=getattr(torch_, str(d).split(".")[1])) for s, d in zip(sizes, dtypes)]
            expected = torch_.distributed._compute_bucket_assignment_by_size(theirs, limits, [False] * 6)
            assert bucket_assignment(ours, limits) == (expected[0], expected[1])
            order = [3, 0, 5, 1, 4, 2]
            got = bucket_assignment(ours, limits, order)
            assert got == torch_.distributed._compute_bucket_assignment_by_size(
                [theirs[i] for i in order], limits, [False] * 6, order) or len(set(dtypes)) > 1


@pytest.mark.parity
def test_state_dict_names_equal_pytorchs(world):
    torch_ = pytest.importorskip("torch", minversion="2.13")
    ours = DDP(Counter())
    store = torch_.distributed.HashStore()
    torch_.distributed.init_process_group("gloo", store=store, rank=0, world_size=1)
    try:
        class TheirCounter(torch_.nn.Module):
            def __init__(self):
                super().__init__()
                self.layer = torch_.nn.Linear(2, 2)
                self.register_buffer("state", torch_.zeros(3))

        theirs = torch_.nn.parallel.DistributedDataParallel(TheirCounter())
        assert list(ours.state_dict()) == list(theirs.state_dict())
        assert repr(ours).replace("Counter", "TheirCounter") == repr(theirs)
    finally:
        torch_.distributed.destroy_process_group()


def test_ranks_with_other_parameters_are_refused(world):
    rank, world_size = world
    if world_size == 1:
        pytest.skip("needs two ranks")
    layers = [nn.Linear(2, 2)] + [nn.Linear(2, 2)] * (rank > 0)
    with pytest.raises(RuntimeError, match="^DDP expects same model across all ranks, but Rank "
                                           f"{rank} has {2 * len(layers)} params, while rank "):
        DDP(nn.Sequential(*layers))


@pytest.mark.usefixtures("world")
def test_buckets_are_reduced_while_backward_runs():
    model = mlp(seed=3)
    ddp = DDP(model, bucket_cap_mb=0.0001)       # a bucket or two per layer
    launched_before_the_last_gradient = []

    def last_gradient(param):   # body[0].weight's gradient is accumulated last
        launched_before_the_last_gradient.append(sum(b.work is not None for b in ddp.reducer.buckets))

    x = torch.randn(4, 6, dtype=torch.float64)
    ddp(x).sum().backward()                         # the first iteration: one bucket, then rebuilt
    model.body[0].weight.register_post_accumulate_grad_hook(last_gradient)
    ddp(x).sum().backward()
    assert len(ddp.reducer.buckets) > 3
    assert launched_before_the_last_gradient[0] >= len(ddp.reducer.buckets) - 2
    assert all(b.work is None for b in ddp.reducer.buckets)     # all waited for when backward returned


def test_a_module_on_a_gpu_with_device_ids_gets_its_inputs_moved(world):
    """On the CUDA stand-in: the buckets live on the device, the inputs follow device_ids."""
    from tensorlib.backends import cuda as cuda_backend
    rank, world_size = world
    with cuda_backend.use_stand_in():
        model = mlp(seed=40 + rank).to("cuda")
        reference = mlp(seed=40)
        ddp = DDP(model, device_ids=[0])
        assert (ddp.device_ids, ddp.output_device) == ([0], 0)
        x, y = whole_batch(0, world_size)
        out = ddp(share(x, rank))       # a CPU input, moved to the device
        assert out.device.type == "cuda"
        nn.functional.mse_loss(out, share(y, rank).to("cuda")).backward()
        nn.functional.mse_loss(reference(x), y).backward()
        assert all(b.buffer.device.type == "cuda" for b in ddp.reducer.buckets)
        np.testing.assert_allclose(flat(p.grad for p in model.parameters()).cpu().numpy(),
                                   flat(p.grad for p in reference.parameters()).numpy(), rtol=1e-10, atol=1e-14)
    with pytest.raises(ValueError, match="^DistributedDataParallel device_ids and output_device arguments only work "
                                         "with single-device/multiple-device GPU modules or CPU modules, but got "
                                         r"device_ids \[0\], output_device None, and module parameters "
                                         r"\{device\(type='cpu'\)\}.$"):
        DDP(nn.Linear(2, 2), device_ids=[0])
