"""float32/float64 arithmetic in PyTorch's order, raw bits against PyTorch 2.13 on one thread:
sum and mean (full and per dim, contiguous, transposed, sliced, expanded, 0-d, empty), linspace,
arange, float32 logspace, pow's special exponents, var/std, cumsum/cumprod, vector norms and prod."""
import numpy as np
import pytest
from parity import single_threaded_torch

import tensorlib

pytestmark = pytest.mark.parity

SEEDS = (0, 1, 2)
FULL_SIZES = (1, 2, 3, 7, 8, 9, 15, 16, 17, 31, 32, 33, 63, 64, 65, 100, 257, 1000, 4097, 65537, 300001)
# (shape, dims) of per-dim sums: inner, outer and middle dims, several at once
DIM_CASES = (((9,), 0), ((7, 33), 1), ((7, 33), 0), ((100, 20), 0), ((20, 100), 0), ((300, 70), 0),
             ((3, 1000), 1), ((1000, 3), 0), ((200, 17), 0), ((64, 1000), 0), ((1000, 64), 1),
             ((5, 6, 7), 1), ((5, 30, 40), (0, 2)), ((5, 30, 40), 1), ((30, 40, 5), (0, 1)),
             ((4, 5, 6, 7), (0, 2)), ((4, 5, 6, 7), (1, 3)), ((40, 50, 60), (0, 1, 2)),
             ((1, 5, 1, 7), (0, 2)), ((5, 1), 1), ((2, 3, 300, 40), -1), ((2, 3, 30, 400), -2))


# the order compared is PyTorch's single-threaded one (tests/test_sum_threads_parity.py: two threads)
torch = pytest.fixture(scope="module", name="torch")(single_threaded_torch)


def bits(array):
    array = np.ascontiguousarray(array)
    return array.view({2: np.uint16, 4: np.uint32, 8: np.uint64}[array.dtype.itemsize])


def same_bits(ours, theirs):
    ours, theirs = ours.detach().numpy(), theirs.detach().numpy()
    assert ours.shape == theirs.shape and ours.dtype == theirs.dtype
    mismatched = np.flatnonzero(bits(ours).ravel() != bits(theirs).ravel())
    assert mismatched.size == 0, (mismatched[:5], ours.ravel()[mismatched[:5]], theirs.ravel()[mismatched[:5]])


def values(rng, shape, dtype):
    """Normal values of mixed magnitudes, so that the order of additions shows in the bits."""
    return (rng.standard_normal(shape) * rng.choice([1.0, 1e3, 1e6], shape) + 0.5).astype(dtype)


def layouts(array):
    """(name, array) views of one array: as is, transposed (a transposed copy), sliced."""
    yield "contiguous", array
    yield "transposed", np.ascontiguousarray(array.T).T
    if array.ndim >= 1 and array.shape[0] > 2:
        yield "sliced", array[::2]
    if array.ndim >= 1 and array.shape[-1] > 2:
        yield "sliced-inner", array[..., 1:]


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("seed", SEEDS)
def test_full_sum_and_mean(torch, dtype, seed):
    rng = np.random.default_rng(seed)
    for n in FULL_SIZES:
        x = values(rng, n, dtype)
        ours, theirs = tensorlib.from_numpy(x), torch.from_numpy(x)
        same_bits(ours.sum(), theirs.sum())
        same_bits(ours.mean(), theirs.mean())
        same_bits(ours[::3].sum(), theirs[::3].sum())


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("seed", SEEDS)
def test_sum_and_mean_over_dims(torch, dtype, seed):
    rng = np.random.default_rng(seed)
    for shape, dims in DIM_CASES:
        for name, x in layouts(values(rng, shape, dtype)):
            ours, theirs = tensorlib.from_numpy(x), torch.from_numpy(x)
            for keepdim in (False, True):
                same_bits(ours.sum(dims, keepdim=keepdim), theirs.sum(dims, keepdim=keepdim))
                same_bits(ours.mean(dims, keepdim=keepdim), theirs.mean(dims, keepdim=keepdim))
            same_bits(ours.sum(), theirs.sum())


def test_sum_of_expanded_0d_and_empty(torch):
    rng = np.random.default_rng(3)
    row = values(rng, (1, 37), np.float32)
    ours, theirs = tensorlib.from_numpy(row).expand(50, 37), torch.from_numpy(row).expand(50, 37)
    for dims in (0, 1, (0, 1)):
        same_bits(ours.sum(dims), theirs.sum(dims))
    for x in (np.array(-0.0, np.float32), np.array(2.5, np.float64), np.array([-0.0], np.float32)):
        same_bits(tensorlib.from_numpy(x).sum(), torch.from_numpy(x).sum())
        same_bits(tensorlib.from_numpy(x).sum(0), torch.from_numpy(x).sum(0))
    empty = np.zeros((0, 3), np.float32)
    for dims in (0, 1, (0, 1)):
        same_bits(tensorlib.from_numpy(empty).sum(dims), torch.from_numpy(empty).sum(dims))


def test_functional_forms_and_autograd_results_round_alike(torch):
    rng = np.random.default_rng(4)
    x = values(rng, (33, 65), np.float32)
    ours = tensorlib.tensor(x, requires_grad=True)
    theirs = torch.tensor(x, requires_grad=True)
    same_bits(tensorlib.sum(ours, 1), torch.sum(theirs, 1))
    same_bits(tensorlib.mean(ours, 0), torch.mean(theirs, 0))
    same_bits((ours * 3).sum(), (theirs * 3).sum())


@pytest.mark.parametrize("dtype", ["float32", "float64", "float16", "bfloat16", "int64", "int32"])
def test_linspace(torch, dtype):
    if dtype == "bfloat16":
        pytest.importorskip("ml_dtypes")
    rng = np.random.default_rng(5)
    for _ in range(60):
        start, end = rng.standard_normal(2) * rng.choice([1.0, 10.0, 1000.0])
        for steps in (1, 2, 3, 7, 16, 17, 33, int(rng.integers(34, 3000))):
            ours = tensorlib.linspace(start, end, steps, dtype=getattr(tensorlib, dtype))
            theirs = torch.linspace(start, end, steps, dtype=getattr(torch, dtype))
            if dtype == "bfloat16":
                ours, theirs = ours.float(), theirs.float()
            same_bits(ours, theirs)


@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_arange(torch, dtype):
    rng = np.random.default_rng(6)
    for _ in range(60):
        start = float(rng.standard_normal() * 100)
        step = float(rng.choice([0.1, 0.3, 1.7, -0.01, 1e-3, 0.7]))
        count = int(rng.integers(1, 3000))
        same_bits(tensorlib.arange(start, start + step * count, step, dtype=getattr(tensorlib, dtype)),
                  torch.arange(start, start + step * count, step, dtype=getattr(torch, dtype)))
    same_bits(tensorlib.arange(10.0), torch.arange(10.0))


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_pow_with_special_exponents(torch, dtype):
    x = values(np.random.default_rng(7), (300, 67), dtype)
    for name, v in layouts(x):
        ours, theirs = tensorlib.from_numpy(v), torch.from_numpy(v)
        for exponent in (2, 3, 3.0, -1, -2, -2.0, -0.5, 1, 0):
            magnitude_ours, magnitude_theirs = (ours.abs(), theirs.abs()) if exponent == -0.5 else (ours, theirs)
            same_bits(magnitude_ours ** exponent, magnitude_theirs ** exponent)


@pytest.mark.filterwarnings("ignore:.*degrees of freedom is <= 0")
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("seed", SEEDS)
def test_var_and_std_of_all(torch, dtype, seed):
    rng = np.random.default_rng(seed)
    for shape in ((1,), (5,), (1000,), (65537,), (300, 70), (5, 30, 40)):
        for name, x in layouts((rng.standard_normal(shape) * 10 + 50).astype(dtype)):
            ours, theirs = tensorlib.from_numpy(x), torch.from_numpy(x)
            for correction in (0, 1, 2.5):
                same_bits(ours.var(correction=correction), theirs.var(correction=correction))
                same_bits(ours.std(correction=correction), theirs.std(correction=correction))


@pytest.mark.filterwarnings("ignore:.*degrees of freedom is <= 0")
def test_float32_var_and_std_over_dims(torch):
    rng = np.random.default_rng(8)
    for shape, dims in DIM_CASES:
        for name, x in layouts(values(rng, shape, np.float32)):
            ours, theirs = tensorlib.from_numpy(x), torch.from_numpy(x)
            for keepdim in (False, True):
                same_bits(ours.var(dims, keepdim=keepdim), theirs.var(dims, keepdim=keepdim))
                same_bits(ours.std(dims, keepdim=keepdim), theirs.std(dims, keepdim=keepdim))


@pytest.mark.parametrize("dtype", [np.float32, np.float64, np.float16])
def test_cumsum_and_cumprod(torch, dtype):
    rng = np.random.default_rng(9)
    for shape in ((1000,), (50, 60), (3, 4, 500)):
        x = (rng.standard_normal(shape) * (3 if dtype == np.float16 else 10)).astype(dtype)
        for name, v in layouts(x):
            ours, theirs = tensorlib.from_numpy(v), torch.from_numpy(v)
            factors = (v / 10 + 1).astype(dtype)
            for dim in range(v.ndim):
                same_bits(ours.cumsum(dim), theirs.cumsum(dim))
                same_bits(tensorlib.from_numpy(factors).cumprod(dim), torch.from_numpy(factors).cumprod(dim))


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_vector_norms(torch, dtype):
    rng = np.random.default_rng(10)
    for shape in ((5,), (7,), (17,), (1000,), (100003,), (7, 33), (300, 70), (5, 30, 40), (3, 7, 9)):
        for name, x in layouts((rng.standard_normal(shape) * 100).astype(dtype)):
            ours, theirs = tensorlib.from_numpy(x), torch.from_numpy(x)
            dims = [None, *range(x.ndim)] + ([(0, 1)] if x.ndim > 1 else [])
            for dim in dims:
                for p in (1, 2, float("inf")):
                    same_bits(tensorlib.linalg.vector_norm(ours, p, dim=dim), torch.linalg.vector_norm(theirs, p, dim=dim))
            same_bits(ours.norm(), theirs.norm())


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_prod(torch, dtype):
    rng = np.random.default_rng(13)
    for shape in ((1,), (5,), (33,), (1000,), (4097,), (7, 33), (300, 70), (70, 300), (5, 30, 40)):
        for name, x in layouts((1 + rng.standard_normal(shape) * 0.02).astype(dtype)):
            ours, theirs = tensorlib.from_numpy(x), torch.from_numpy(x)
            same_bits(ours.prod(), theirs.prod())
            for dim in range(x.ndim):
                same_bits(ours.prod(dim), theirs.prod(dim))


def test_float32_logspace(torch):
    rng = np.random.default_rng(14)
    for _ in range(60):
        start, end = rng.standard_normal(2) * 3
        steps = int(rng.integers(1, 3000))
        base = float(rng.choice([10.0, 2.0, 2.718281828, 0.5]))
        same_bits(tensorlib.logspace(start, end, steps, base=base), torch.logspace(start, end, steps, base=base))
