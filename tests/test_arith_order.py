"""float sums add in PyTorch's CPU order (tensorlib._cascade_sum), checked without PyTorch:
known values whose rounding shows the order, and a NumPy model of the order itself."""
import numpy as np
import pytest

import tensorlib

B = 2.0 ** 25     # B + 1 rounds back to B in float32


@pytest.fixture(autouse=True, scope="module")
def one_thread():
    """The order modelled here is the single-threaded one (tests/test_sum_threads.py: more)."""
    threads = tensorlib.get_num_threads()
    tensorlib.set_num_threads(1)
    yield
    tensorlib.set_num_threads(threads)


def lanes_of(dtype):
    """PyTorch's AVX2 vector: 8 float32 or 4 float64 lanes."""
    return 32 // np.dtype(dtype).itemsize


def sequential(rows):
    """rows[0] + rows[1] + ... in order, from 0 (per lane for 2-D rows)."""
    total = np.zeros(rows.shape[1:], rows.dtype)
    for row in rows:
        total = total + row
    return total


def cascade(rows):
    """The cascade over rows (per lane): blocks of 2**p rows into level 0, moved up a level
    every 2**p, 2**2p, 2**3p rows; then ((level0 + level1) + level2) + level3."""
    n = rows.shape[0]
    p = max(4, (max(n - 1, 2).bit_length() if n > 2 else 1) // 4)
    step = 1 << p
    levels = [np.zeros(rows.shape[1:], rows.dtype) for _ in range(4)]
    i = 0
    while i + step <= n:
        levels[0] = levels[0] + sequential(rows[i:i + step])
        i += step
        for j in range(1, 4):
            levels[j], levels[j - 1] = levels[j] + levels[j - 1], levels[j - 1] * 0
            if i & ((step - 1) << (j * p)):
                break
    levels[0] = levels[0] + sequential(rows[i:])
    return ((levels[0] + levels[1]) + levels[2]) + levels[3]


def row_sum(x):
    """Four interleaved cascades, the tail into the first, then the four in order."""
    whole = (x.shape[0] // 4) * 4
    parts = cascade(x[:whole].reshape((-1, 4) + x.shape[1:]))
    first = parts[0]
    for row in x[whole:]:
        first = first + row
    return ((first + parts[1]) + parts[2]) + parts[3]


def model_full_sum(x):
    """A contiguous 1-D sum: vectors through row_sum, then the scalar tail and the lanes."""
    lanes = lanes_of(x.dtype)
    if x.shape[0] < lanes:
        return row_sum(x)
    whole = (x.shape[0] // lanes) * lanes
    vector = row_sum(x[:whole].reshape(-1, lanes))
    total = x.dtype.type(0)
    for value in list(x[whole:]) + list(vector):
        total = total + value
    return total


def model_sum_dim0(x):
    """sum(0) of a C-contiguous matrix with at least one vector of columns: groups of 4
    vectors of columns cascade down the rows, then vectors and single columns use row_sum."""
    lanes = lanes_of(x.dtype)
    groups = (x.shape[1] // (4 * lanes)) * 4 * lanes
    return np.concatenate([cascade(x[:, :groups]), row_sum(x[:, groups:])])


def raw(value):
    value = np.asarray(value)
    return value.view({4: np.uint32, 8: np.uint64}[value.dtype.itemsize])


def test_a_short_row_adds_four_interleaved_partial_sums():
    # ((x0 + x4) + x1) + x2) + x3: the large values cancel first
    assert tensorlib.tensor([B, 1.0, 1.0, 1.0, -B]).sum().item() == 3.0
    assert tensorlib.tensor([1e8, 1.0, -1e8]).sum().item() == 0.0


def test_a_row_of_two_vectors_adds_lane_by_lane():
    x = [1.0] * 16
    x[0], x[8] = B, -B          # one lane: B + -B, seven lanes: 1 + 1
    assert tensorlib.tensor(x).sum().item() == 14.0
    assert tensorlib.tensor(x).mean().item() == np.float32(14.0) / np.float32(16)


def test_a_zero_sum_of_negative_zeros_is_positive():
    assert raw(tensorlib.tensor(-0.0).sum().numpy()) == 0
    assert raw(tensorlib.tensor([-0.0, -0.0]).sum().numpy()) == 0


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("n", [1, 5, 8, 9, 31, 100, 1000, 4099, 70001])
def test_full_sums_follow_the_model(dtype, n):
    x = (np.random.default_rng(n).standard_normal(n) * 1e4).astype(dtype)
    assert raw(tensorlib.from_numpy(x).sum().numpy()) == raw(model_full_sum(x))


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("shape", [(5, 40), (300, 75), (20, 7)])
def test_row_and_column_sums_follow_the_model(dtype, shape):
    x = (np.random.default_rng(7).standard_normal(shape) * 1e4).astype(dtype)
    ours = tensorlib.from_numpy(x)
    expected_rows = np.array([model_full_sum(row) for row in x])
    assert (raw(ours.sum(1).numpy()) == raw(expected_rows)).all()
    if shape[1] >= lanes_of(dtype):
        assert (raw(ours.sum(0).numpy()) == raw(model_sum_dim0(x))).all()
    # the order follows memory, not the dim numbers: a transposed view's columns are
    # memory's rows
    memory = np.ascontiguousarray(x.T)
    transposed = tensorlib.from_numpy(memory).t()
    assert (raw(transposed.sum(0).numpy()) == raw(np.array([model_full_sum(row) for row in memory]))).all()
    if shape[0] >= lanes_of(dtype):
        assert (raw(transposed.sum(1).numpy()) == raw(model_sum_dim0(memory))).all()


def test_integer_sums_stay_exact():
    x = np.arange(-5000, 70000, dtype=np.int64) * 1_000_003
    assert tensorlib.from_numpy(x).sum().item() == int(x.sum())
    assert tensorlib.from_numpy(x.astype(np.int32)).sum().item() == int(x.astype(np.int32).astype(np.int64).sum())


def test_linspace_points_are_fused_multiply_adds():
    # start + step * 7 rounded once (3.6378603), where a rounded product gives 3.6378605
    points = tensorlib.linspace(0.1234567, 7.654321, 16).numpy()
    assert points[7] == np.float32(3.6378603)
    assert points[-1] == np.float32(7.654321) and points[0] == np.float32(0.1234567)


def test_pow_three_and_minus_two_come_from_the_rounded_square():
    x = (np.random.default_rng(11).standard_normal(1000) * 3).astype(np.float32)
    square = x * x
    assert (raw((tensorlib.from_numpy(x) ** 3).numpy()) == raw(square * x)).all()
    with np.errstate(divide="ignore"):
        assert (raw((tensorlib.from_numpy(x) ** -2).numpy()) == raw(np.float32(1) / square)).all()


def test_float32_cumsum_carries_double_running_values():
    # in float32 the 1 is lost against 1e8; the double running value keeps it
    assert tensorlib.tensor([1e8, 1.0, -1e8, 1.0]).cumsum(0).tolist() == [1e8, 1e8, 1.0, 2.0]


def test_var_of_all_adds_squared_deviations_in_double():
    x = (np.random.default_rng(12).standard_normal(1001) * 10 + 50).astype(np.float32)
    mean = float(np.float32(model_full_sum(x) / np.float32(x.size)))
    deviations = x.astype(np.float64) - mean
    expected = np.float32(sequential(deviations * deviations) / (x.size - 1))
    assert raw(tensorlib.from_numpy(x).var().numpy()) == raw(expected)


def test_two_norm_of_a_short_row_fuses_the_last_squares():
    # a tail of 5: four rounded squares added in order, the fifth fused (exact in double)
    x = np.array([3.1, 7.3, 1.9, 4.4, 9.7], np.float32)
    total = np.float32(0)
    for value in x[:4]:
        total = total + value * value
    total = np.float32(np.float64(x[4]) * np.float64(x[4]) + np.float64(total))
    assert raw(tensorlib.linalg.vector_norm(tensorlib.from_numpy(x)).numpy()) == raw(np.sqrt(total))
