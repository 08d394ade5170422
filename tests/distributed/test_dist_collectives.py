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
