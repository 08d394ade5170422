"""float32/float64 sum and mean, raw bits against PyTorch 2.13: on two and three threads
(whole-tensor sums split by thread as PyTorch's; sums over dims as on one thread), and on
one thread at the boundaries of the lanes, accumulators, cascade levels and column strips
of tensorlib._cascade_sum."""
import numpy as np
import pytest
from parity import real_torch, single_threaded_torch
from test_arith_order_parity import same_bits, values

import tensorlib

pytestmark = pytest.mark.parity

GRAIN = 32768
WHOLE_SIZES = (GRAIN - 1, GRAIN, GRAIN + 1, 2 * GRAIN - 1, 2 * GRAIN, 2 * GRAIN + 1, 3 * GRAIN + 5, 10**6 + 3)
DIM_CASES = (((1000, 1000), 0), ((1000, 1000), 1), ((300, 7001), 0), ((70001, 3), 0), ((3, 70001), 1),
             ((50, 60, 70), 1), ((50, 60, 70), (0, 2)), ((20, 4099, 5), 1), ((100001, 2), 1),
             # over 8 MiB (rows streamed one at a time), the last columns copied aside; rows 4 KiB apart
             ((20000, 111), 0), ((3, 1500, 700), 1), ((3000, 1024), 0), ((300, 1024), 0))


def layouts(array):
    """(name, array): contiguous, transposed, sliced rows, sliced columns, every third element."""
    yield "contiguous", array
    yield "transposed", np.ascontiguousarray(array.T).T
    if array.ndim >= 2:
        yield "sliced", array[::2]
        yield "sliced-inner", array[..., 1:]
    else:
        yield "strided", array[::3]


@pytest.fixture(scope="module")
def torch():
    return real_torch()


@pytest.fixture
def threads(torch):
    """Sets PyTorch's and tensorlib's thread counts alike for a test (restored after)."""
    counts = torch.get_num_threads(), tensorlib.get_num_threads()

    def set_both(count):
        torch.set_num_threads(count)
        tensorlib.set_num_threads(count)
    yield set_both
    torch.set_num_threads(counts[0])
    tensorlib.set_num_threads(counts[1])


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("count", [2, 3])
def test_whole_sums_on_threads(torch, threads, dtype, count):
    rng = np.random.default_rng(count)
    threads(count)
    for n in WHOLE_SIZES:
        for name, x in layouts(values(rng, n, dtype)):
            ours, theirs = tensorlib.from_numpy(x), torch.from_numpy(x)
            same_bits(ours.sum(), theirs.sum())
            same_bits(ours.mean(), theirs.mean())
        for shape in ((n // 301, 301), (301, n // 301), (n // 1000, 10, 100)):
            for name, x in layouts(values(rng, shape, dtype)):
                ours, theirs = tensorlib.from_numpy(x), torch.from_numpy(x)
                same_bits(ours.sum(), theirs.sum())
                same_bits(ours.sum(tuple(range(x.ndim)), keepdim=True), theirs.sum(tuple(range(x.ndim)), keepdim=True))


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_sums_over_dims_on_two_threads(torch, threads, dtype):
    rng = np.random.default_rng(5)
    threads(2)
    for shape, dims in DIM_CASES:
        for name, x in layouts(values(rng, shape, dtype)):
            ours, theirs = tensorlib.from_numpy(x), torch.from_numpy(x)
            for keepdim in (False, True):
                same_bits(ours.sum(dims, keepdim=keepdim), theirs.sum(dims, keepdim=keepdim))
                same_bits(ours.mean(dims, keepdim=keepdim), theirs.mean(dims, keepdim=keepdim))


def test_dtype_argument_and_empty_inputs_on_two_threads(torch, threads):
    rng = np.random.default_rng(6)
    threads(2)
    x = values(rng, (300, 400), np.float32)
    ours, theirs = tensorlib.from_numpy(x), torch.from_numpy(x)
    same_bits(ours.sum(dtype=tensorlib.float64), theirs.sum(dtype=torch.float64))
    same_bits(ours.sum(0, dtype=tensorlib.float64), theirs.sum(0, dtype=torch.float64))
    same_bits(ours.double().sum(dtype=tensorlib.float32), theirs.double().sum(dtype=torch.float32))
    same_bits(ours.mean(1, dtype=tensorlib.float64), theirs.mean(1, dtype=torch.float64))
    for shape, dims in (((0,), 0), ((0, 70000), 0), ((70000, 0), 0), ((3, 0), 1), ((0, 5, 7000), (0, 2))):
        empty = np.zeros(shape, np.float32)
        same_bits(tensorlib.from_numpy(empty).sum(dims), torch.from_numpy(empty).sum(dims))
        same_bits(tensorlib.from_numpy(empty).sum(), torch.from_numpy(empty).sum())


# one thread: shapes on both sides of each boundary of the kernel's paths
ROWS = (1, 7, 8, 9, 15, 16, 17, 255, 256, 257, 4095, 4096, 4097)
COLUMNS = (1, 3, 4, 5, 7, 8, 9, 31, 32, 33, 63, 64, 65, 95, 96, 97, 4095, 4096, 4097)


@pytest.fixture(scope="module")
def torch_one_thread():
    yield from single_threaded_torch()


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_boundaries_on_one_thread(torch_one_thread, dtype):
    torch = torch_one_thread
    rng = np.random.default_rng(7)
    for rows in ROWS:
        for columns in COLUMNS:
            if rows * columns > 200000:
                continue
            x = values(rng, (rows, columns), dtype)
            for name, view in layouts(x):
                ours, theirs = tensorlib.from_numpy(view), torch.from_numpy(view)
                for dims in (0, 1, None):
                    same_bits(ours.sum(dims), theirs.sum(dims))
            middle = values(rng, (2, rows, columns), dtype)
            same_bits(tensorlib.from_numpy(middle).sum(1), torch.from_numpy(middle).sum(1))
