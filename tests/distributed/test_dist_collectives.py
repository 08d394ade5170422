"""Every collective against NumPy over all ranks' inputs (made from the rank), for several
dtypes and layouts: contiguous, transposed, sliced (a view written through to its base), 0-d, empty."""
import numpy as np
import pytest

import tensorlib as torch
from tensorlib import distributed as dist

ReduceOp = dist.ReduceOp
DTYPES = [torch.float32, torch.float64, torch.float16, torch.bfloat16, torch.int64, torch.int32, torch.int8,
          torch.uint8, torch.bool]
NUMPY_REDUCTIONS = {ReduceOp.SUM: np.add, ReduceOp.PRODUCT: np.multiply, ReduceOp.MIN: np.minimum,
                    ReduceOp.MAX: np.maximum, ReduceOp.BAND: np.bitwise_and, ReduceOp.BOR: np.bitwise_or,
                    ReduceOp.BXOR: np.bitwise_xor, ReduceOp.AVG: np.add}


def values(rank, shape, dtype):
    """Rank ``rank``'s input: small integers (exact in every dtype), seeded by the rank."""
    data = np.random.default_rng(rank).integers(0 if dtype in (torch.uint8, torch.bool) else -3, 4, shape)
    return torch.tensor(data).to(dtype)


def as_numpy(tensor):
    return tensor.float().numpy() if tensor.dtype is torch.bfloat16 else tensor.numpy()


def expected_reduction(op, shape, dtype, world_size):
    """op over every rank's input, in rank order, in the dtype (as the backend reduces)."""
    rows = [as_numpy(values(r, shape, dtype)) for r in range(world_size)]
    result = rows[0].copy()
    for row in rows[1:]:
        result = NUMPY_REDUCTIONS[op](result, row).astype(result.dtype)
    if op is ReduceOp.AVG:
        result = result / world_size
    return result


def layouts(shape, dtype, rank):
    """(tensor to pass, the rest of its base, which must stay zero): contiguous, transposed, a strided
    slice of a wider tensor, all holding ``values(rank, shape, dtype)``."""
    yield values(rank, shape, dtype), None
    if len(shape) == 2:
        yield values(rank, shape, dtype).t().contiguous().t(), None
        wide = torch.zeros(shape[0], shape[1] * 2, dtype=dtype)
        wide[:, ::2] = values(rank, shape, dtype)
        yield wide[:, ::2], wide[:, 1::2]


def reductions_for(dtype):
    ops = [ReduceOp.SUM, ReduceOp.PRODUCT, ReduceOp.MIN, ReduceOp.MAX]
    if dtype.is_floating_point:
        return ops + [ReduceOp.AVG]
    return ops + [ReduceOp.BAND, ReduceOp.BOR, ReduceOp.BXOR]


@pytest.mark.parametrize("dtype", DTYPES, ids=str)
@pytest.mark.parametrize("shape", [(3, 4), (), (0, 3), (5,)], ids=str)
def test_all_reduce(dtype, shape, rank, world_size):
    for op in reductions_for(dtype):
        expected = expected_reduction(op, shape, dtype, world_size)
        for tensor, gaps in layouts(shape, dtype, rank):
            dist.all_reduce(tensor, op=op)
            np.testing.assert_allclose(as_numpy(tensor).astype(np.float64), expected.astype(np.float64),
                                       rtol=1e-2 if dtype in (torch.float16, torch.bfloat16) else 1e-6)
            assert gaps is None or not gaps.any()  # written through the view, the base's gaps untouched


@pytest.mark.parametrize("dtype", DTYPES, ids=str)
def test_all_reduce_async_returns_a_work(dtype, rank, world_size):
    tensor = values(rank, (4, 3), dtype)
    work = dist.all_reduce(tensor, op=ReduceOp.MAX, async_op=True)
    assert work.wait() is True and work.is_completed() and work.is_success()
    assert work.get_future().wait() == [tensor]
    np.testing.assert_array_equal(as_numpy(tensor), expected_reduction(ReduceOp.MAX, (4, 3), dtype, world_size))


@pytest.mark.parametrize("dtype", DTYPES, ids=str)
@pytest.mark.parametrize("shape", [(3, 4), (), (0, 2)], ids=str)
def test_broadcast(dtype, shape, rank, world_size):
    for src in range(world_size):
        for tensor, gaps in layouts(shape, dtype, rank):
            dist.broadcast(tensor, src=src)
            np.testing.assert_array_equal(as_numpy(tensor), as_numpy(values(src, shape, dtype)))
            assert gaps is None or not gaps.any()


SOME_DTYPES = [torch.float32, torch.bfloat16, torch.float16, torch.int64, torch.uint8, torch.bool]
SHAPES = [(3, 4), (), (0, 2), (5,)]


def all_inputs(shape, dtype, world_size):
    return [as_numpy(values(r, shape, dtype)) for r in range(world_size)]


@pytest.mark.parametrize("dtype", SOME_DTYPES, ids=str)
@pytest.mark.parametrize("shape", SHAPES, ids=str)
def test_reduce(dtype, shape, rank, world_size):
    for dst in range(world_size):
        for op in reductions_for(dtype):
            for tensor, gaps in layouts(shape, dtype, rank):
                dist.reduce(tensor, dst=dst, op=op)
                if rank == dst:
                    expected = expected_reduction(op, shape, dtype, world_size)
                    np.testing.assert_allclose(as_numpy(tensor).astype(np.float64), expected.astype(np.float64),
                                               rtol=1e-2)
                assert gaps is None or not gaps.any()


@pytest.mark.parametrize("dtype", SOME_DTYPES, ids=str)
@pytest.mark.parametrize("shape", SHAPES, ids=str)
def test_all_gather(dtype, shape, rank, world_size):
    for tensor, _ in layouts(shape, dtype, rank):
        outputs = [torch.zeros(shape, dtype=dtype) for _ in range(world_size)]
        dist.all_gather(outputs, tensor)
        for output, expected in zip(outputs, all_inputs(shape, dtype, world_size)):
            np.testing.assert_array_equal(as_numpy(output), expected)
    if len(shape) == 1:  # outputs that are columns of one tensor: written through to it
        base = torch.zeros(shape[0], world_size, dtype=dtype)
        dist.all_gather([base[:, r] for r in range(world_size)], values(rank, shape, dtype))
        np.testing.assert_array_equal(as_numpy(base), np.stack(all_inputs(shape, dtype, world_size), 1))


@pytest.mark.parametrize("dtype", SOME_DTYPES, ids=str)
@pytest.mark.parametrize("shape", [(3, 4), (0, 2), (5,)], ids=str)
def test_all_gather_into_tensor(dtype, shape, rank, world_size):
    expected = np.concatenate(all_inputs(shape, dtype, world_size))
    for tensor, _ in layouts(shape, dtype, rank):
        output = torch.zeros((world_size * shape[0],) + shape[1:], dtype=dtype)
        dist.all_gather_into_tensor(output, tensor)
        np.testing.assert_array_equal(as_numpy(output), expected)
        wide = torch.zeros(output.shape + (2,), dtype=dtype)
        dist.all_gather_into_tensor(wide[..., 1], tensor)
        np.testing.assert_array_equal(as_numpy(wide[..., 1]), expected)
        assert not wide[..., 0].any()


@pytest.mark.parametrize("dtype", SOME_DTYPES, ids=str)
@pytest.mark.parametrize("rows", [2, 0], ids=str)
def test_reduce_scatter_tensor(dtype, rows, rank, world_size):
    shape = (world_size * rows, 3)
    for op in reductions_for(dtype):
        expected = expected_reduction(op, shape, dtype, world_size)[rank * rows:(rank + 1) * rows]
        for tensor, _ in layouts(shape, dtype, rank):
            output = torch.zeros(3, rows, dtype=dtype).t()  # not contiguous: written through
            dist.reduce_scatter_tensor(output, tensor, op=op)
            np.testing.assert_allclose(as_numpy(output).astype(np.float64), expected.astype(np.float64), rtol=1e-2)


@pytest.mark.parametrize("dtype", SOME_DTYPES, ids=str)
@pytest.mark.parametrize("shape", SHAPES, ids=str)
def test_gather(dtype, shape, rank, world_size):
    for dst in range(world_size):
        for tensor, _ in layouts(shape, dtype, rank):
            outputs = [torch.zeros(shape, dtype=dtype) for _ in range(world_size)] if rank == dst else None
            dist.gather(tensor, outputs, dst=dst)
            if rank == dst:
                for output, expected in zip(outputs, all_inputs(shape, dtype, world_size)):
                    np.testing.assert_array_equal(as_numpy(output), expected)


@pytest.mark.parametrize("dtype", SOME_DTYPES, ids=str)
@pytest.mark.parametrize("shape", SHAPES, ids=str)
def test_scatter(dtype, shape, rank, world_size):
    for src in range(world_size):
        for output, gaps in layouts(shape, dtype, 999):
            output.zero_()
            parts = [values(100 * src + r, shape, dtype) for r in range(world_size)] if rank == src else None
            dist.scatter(output, parts, src=src)
            np.testing.assert_array_equal(as_numpy(output), as_numpy(values(100 * src + rank, shape, dtype)))
            assert gaps is None or not gaps.any()


def test_async_ops_complete_in_call_order(rank, world_size):
    tensor = torch.full((1000,), float(rank + 1))
    works = [dist.all_reduce(tensor, async_op=True), dist.broadcast(tensor, src=world_size - 1, async_op=True),
             dist.all_reduce(tensor, op=ReduceOp.MAX, async_op=True), dist.barrier(async_op=True)]
    assert works[-1].wait()
    assert all(work.is_completed() for work in works)
    assert tensor.eq(world_size * (world_size + 1) / 2).all()
    assert works[1].get_future().value() == [tensor] and works[3].result() == []


def test_an_async_op_returns_before_a_late_peer_arrives(rank, world_size):
    """Rank 0 starts an all_reduce the others join 0.3 s later: the call returns at once, and the
    communication thread finishes it while the caller goes on."""
    import time
    tensor = torch.ones(100)
    if rank == 0:
        start = time.perf_counter()
        work = dist.all_reduce(tensor, async_op=True)
        assert time.perf_counter() - start < 0.2
        if world_size > 1:
            assert not work.is_completed()
        work.wait()
    else:
        time.sleep(0.3)
        dist.all_reduce(tensor)
    assert tensor.eq(world_size).all()


def test_all_reduce_of_a_leaf_that_requires_grad(rank, world_size):
    leaf = torch.ones(3, requires_grad=True)  # gloo reduces a leaf that requires grad, in place
    dist.all_reduce(leaf)
    assert leaf.requires_grad and leaf.detach().eq(world_size).all()


def test_version_counts_as_pytorch_s(rank, world_size):
    """gloo leaves the versions of in-place collectives alone and counts the copies into outputs."""
    tensor = torch.ones(2)
    dist.all_reduce(tensor)
    dist.broadcast(tensor, src=0)
    outputs = [torch.zeros(2) for _ in range(world_size)]
    dist.all_gather(outputs, tensor)
    into = torch.zeros(2 * world_size)
    dist.all_gather_into_tensor(into, tensor)
    part = torch.zeros(2)
    dist.reduce_scatter_tensor(part, into)
    assert (tensor._version, outputs[0]._version, into._version, part._version) == (0, 1, 2, 1)


def test_device_tensors_go_through_host_memory(rank, world_size, monkeypatch):
    """As gloo with CUDA tensors: MPI moves host arrays, so device tensors are staged (the CUDA stand-in)."""
    from tensorlib.backends import cuda as cuda_backend
    backend = dist.group.WORLD.backend
    def given_host_arrays_only(run):
        def checked(*args):
            assert all(type(arg) is np.ndarray for arg in args if hasattr(arg, "dtype"))
            return run(*args)
        return checked
    for name in ("all_reduce", "all_gather", "scatter"):
        monkeypatch.setattr(backend, name, given_host_arrays_only(getattr(backend, name)))
    with cuda_backend.use_stand_in():
        summed = values(rank, (3, 4), torch.float32).to("cuda").t()  # not contiguous either
        dist.all_reduce(summed)
        np.testing.assert_array_equal(summed.cpu().numpy(), expected_reduction(ReduceOp.SUM, (3, 4), torch.float32,
                                                                               world_size).T)
        outputs = [torch.zeros(5, device="cuda") for _ in range(world_size)]
        work = dist.all_gather(outputs, values(rank, (5,), torch.float32).to("cuda"), async_op=True)
        work.wait()
        for output, expected in zip(outputs, all_inputs((5,), torch.float32, world_size)):
            assert output.device.type == "cuda"
            np.testing.assert_array_equal(output.cpu().numpy(), expected)
        received = torch.zeros(2, device="cuda")
        dist.scatter(received, [torch.full((2,), float(r), device="cuda") for r in range(world_size)]
                     if rank == 0 else None, src=0)
        assert received.cpu().tolist() == [float(rank)] * 2


@pytest.mark.parametrize("dtype", SOME_DTYPES, ids=str)
def test_all_to_all_single(dtype, rank, world_size):
    inputs = [as_numpy(values(r, (2 * world_size, 3), dtype)) for r in range(world_size)]
    for tensor, _ in layouts((2 * world_size, 3), dtype, rank):
        output = torch.zeros(3, 2 * world_size, dtype=dtype).t()  # not contiguous: written through
        dist.all_to_all_single(output, tensor)
        np.testing.assert_array_equal(as_numpy(output), np.concatenate([x[2 * rank:2 * rank + 2] for x in inputs]))
    # uneven parts: rank r sends r + s + 1 rows to rank s
    sent = [[r + s + 1 for s in range(world_size)] for r in range(world_size)]
    rows = [as_numpy(values(r, (sum(sent[r]), 2), dtype)) for r in range(world_size)]
    received = [sent[r][rank] for r in range(world_size)]
    output = torch.zeros(sum(received), 2, dtype=dtype)
    work = dist.all_to_all_single(output, values(rank, (sum(sent[rank]), 2), dtype), received, sent[rank],
                                  async_op=True)
    work.wait()
    expected = [rows[r][sum(sent[r][:rank]):sum(sent[r][:rank + 1])] for r in range(world_size)]
    np.testing.assert_array_equal(as_numpy(output), np.concatenate(expected))


def test_all_to_all(rank, world_size):
    outputs = [torch.zeros(r + 1, dtype=torch.int64) for r in range(world_size)]
    dist.all_to_all(outputs, [torch.full((rank + 1,), 10 * rank + r) for r in range(world_size)])
    assert [output.tolist() for output in outputs] == [[10 * r + rank] * (r + 1) for r in range(world_size)]
    assert outputs[0]._version == 1
    with pytest.raises(RuntimeError, match=f"alltoall: input tensor list size {world_size + 1} does not match world"):
        dist.all_to_all([torch.zeros(1)] * (world_size + 1), [torch.zeros(1)] * (world_size + 1))
    with pytest.raises(RuntimeError, match="Split sizes doesn't match total dim 0 size"):
        dist.all_to_all_single(torch.zeros(2), torch.zeros(2), [3] * world_size, [2] + [0] * (world_size - 1))
    if world_size > 1:
        with pytest.raises(RuntimeError, match="Tensor's dim 0 does not divide equally across group size"):
            dist.all_to_all_single(torch.zeros(2 * world_size + 1), torch.zeros(2 * world_size + 1))
