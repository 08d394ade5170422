"""float sums on several threads (tensorlib._cascade_sum), checked without PyTorch: a
whole-tensor sum of at least GRAIN elements splits into one range per thread, as PyTorch's
does; sums over dims give the single-threaded bits on any number of threads."""
import numpy as np
import pytest
from test_arith_order import model_full_sum, model_sum_dim0, raw

import tensorlib

GRAIN = 32768     # PyTorch's grain: whole-tensor sums of fewer elements stay on one thread


@pytest.fixture
def threads():
    """Sets tensorlib's thread count for a test (restored after)."""
    before = tensorlib.get_num_threads()
    yield tensorlib.set_num_threads
    tensorlib.set_num_threads(before)


def values(n, dtype, seed=0):
    rng = np.random.default_rng(seed)
    return (rng.standard_normal(n) * rng.choice([1.0, 1e3, 1e6], n) + 0.5).astype(dtype)


def model_sum_in_ranges(rows, threads):
    """The whole sum of ``rows`` (2-D, each row contiguous in memory, rows apart) on
    ``threads`` threads: the flat walk cut into equal ranges (no range under GRAIN
    elements), each range summed piece by piece (the rest of a row, whole rows) from 0,
    then the buffer of ``threads`` range sums summed as a tensor of its own."""
    n, width = rows.size, rows.shape[1]
    if threads == 1 or n < GRAIN:
        ranges, length = 1, n
    else:
        ranges = min(threads, -(-n // GRAIN))
        length = -(-n // ranges)
    partial = np.zeros(threads, rows.dtype)
    for r in range(ranges):
        begin, end = r * length, min(n, (r + 1) * length)
        total = rows.dtype.type(0)
        while begin < end:
            row, column = divmod(begin, width)
            piece = min(width - column, end - begin)
            total = total + model_full_sum(rows[row, column:column + piece])
            begin += piece
        partial[r] = total
    if threads == 1 or n < GRAIN:
        return partial[0]
    return rows.dtype.type(0) + model_full_sum(partial)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("n", [GRAIN - 1, GRAIN, GRAIN + 1, 2 * GRAIN - 1, 2 * GRAIN, 2 * GRAIN + 1, 3 * GRAIN + 7,
                               300001, 2_000_003])
@pytest.mark.parametrize("count", [2, 3])
def test_whole_sums_add_one_range_per_thread(threads, dtype, n, count):
    x = values(n, dtype, seed=n)
    threads(count)
    assert raw(tensorlib.from_numpy(x).sum().numpy()) == raw(model_sum_in_ranges(x.reshape(1, -1), count))
    assert tensorlib.from_numpy(x).mean().item() == (tensorlib.from_numpy(x).sum() / n).item()


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("count", [2, 3, 4])
def test_ranges_summed_in_parts_keep_the_sign_of_a_zero(threads, dtype, count):
    # a contiguous range's top blocks are summed apart: a block of -0. (or one that cancels
    # to 0) must not turn the range's sum, or the whole sum, into another zero
    n = 1_000_003
    half = values(n // 2, dtype)
    threads(count)
    for x in (np.full(n, -0.0, dtype), np.concatenate([np.full(n - n // 2, -0.0, dtype), half]),
              np.concatenate([half, -half, np.full(n - 2 * (n // 2), -0.0, dtype)])):
        assert raw(tensorlib.from_numpy(x).sum().numpy()) == raw(model_sum_in_ranges(x.reshape(1, -1), count))


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("shape", [(300, 301), (1000, 67), (5, 20000), (40000, 3)])
def test_a_range_starts_and_ends_inside_rows(threads, dtype, shape):
    # a sliced matrix does not merge into one run: ranges cut its rows
    base = values(shape[0] * (shape[1] + 1), dtype).reshape(shape[0], shape[1] + 1)
    rows = base[:, 1:]
    threads(2)
    assert raw(tensorlib.from_numpy(base)[:, 1:].sum().numpy()) == raw(model_sum_in_ranges(rows, 2))
    threads(1)
    assert raw(tensorlib.from_numpy(base)[:, 1:].sum().numpy()) == raw(model_sum_in_ranges(rows, 1))


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("shape, dims", [((1000, 1000), 0), ((1000, 1000), 1), ((300, 7001), 0), ((70001, 3), 0),
                                         ((3, 70001), 1), ((50, 60, 70), 1), ((50, 60, 70), (0, 2)),
                                         ((20, 4099, 5), 1)])
def test_sums_over_dims_do_not_depend_on_threads(threads, dtype, shape, dims):
    x = values(int(np.prod(shape)), dtype).reshape(shape)
    layouts = [x, np.ascontiguousarray(x.T).T, x[..., 1:], x[::2]]
    results = {}
    for count in (1, 2, 3):
        threads(count)
        for k, array in enumerate(layouts):
            ours = tensorlib.from_numpy(np.ascontiguousarray(array)) if k == 0 else tensorlib.from_numpy(array)
            for keepdim in (False, True):
                got = (raw(ours.sum(dims, keepdim=keepdim).numpy()), raw(ours.mean(dims, keepdim=keepdim).numpy()))
                expected = results.setdefault((k, keepdim), got)
                assert (got[0] == expected[0]).all() and (got[1] == expected[1]).all(), (count, k, keepdim)


def test_two_thread_sums_repeat_exactly(threads):
    x = tensorlib.from_numpy(values(10**6 + 3, np.float32))
    m = tensorlib.from_numpy(values(600 * 700, np.float32).reshape(600, 700))
    threads(2)
    first = [raw(x.sum().numpy()), raw(m.sum(0).numpy()), raw(m.sum(1).numpy()), raw(m.t().sum().numpy())]
    for _ in range(5):
        again = [raw(x.sum().numpy()), raw(m.sum(0).numpy()), raw(m.sum(1).numpy()), raw(m.t().sum().numpy())]
        assert all((a == b).all() for a, b in zip(first, again))


def test_empty_and_small_sums_on_two_threads(threads):
    threads(2)
    assert tensorlib.zeros(0).sum().item() == 0.0
    assert tensorlib.zeros(0, 70000).sum(0).shape == (70000,)
    assert tensorlib.zeros(70000, 0).sum(0).shape == (0,)
    assert (tensorlib.zeros(3, 0).sum(1).numpy() == 0).all()
    assert tensorlib.ones(GRAIN, dtype=tensorlib.float64).sum(dtype=tensorlib.float32).item() == GRAIN
    assert tensorlib.ones(5 * GRAIN).sum(dtype=tensorlib.float64).dtype == tensorlib.float64
    assert tensorlib.ones(5 * GRAIN).sum(keepdim=True, dim=0).shape == (1,)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("rows, columns, pitch", [(20000, 111, 111), (300, 1000, 1024), (40, 9000, 9000),
                                                 (4140, 600, 600), (66010, 33, 40), (140011, 63, 63),
                                                 (700, 4999, 4999), (530, 4100, 4100)])
def test_column_sums_of_large_and_aliasing_matrices_follow_the_model(threads, dtype, rows, columns, pitch):
    # over 8 MiB rows as wide as a strip stream one at a time, and those too short to share
    # out by columns go to threads by groups of rows (narrower rows stay in blocks); rows
    # 4 KiB apart take 4 rows at a time; rows wider than a strip; the columns right of the
    # groups of 4 vectors copied aside (not when the copy would pass 16 MiB)
    x = values(rows * pitch, dtype).reshape(rows, pitch)[:, :columns]
    expected = raw(model_sum_dim0(x))
    for count in (1, 2, 3):
        threads(count)
        assert (raw(tensorlib.from_numpy(x).sum(0).numpy()) == expected).all()
