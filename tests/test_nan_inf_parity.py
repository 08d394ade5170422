"""NaN and infinity parity with a live PyTorch: every reduction and activation,
run on inputs holding NaN, +inf and -inf (alone, tied, several at once), gives
the same values, returned indices and input gradients as torch, NaN positions
included.  Skipped when torch is not importable.

Two PyTorch behaviours are left out on purpose (see test_nan_inf.py):
the order of tied elements in ``topk`` (libstdc++'s nth_element decides it), and
float32 ``gelu(+inf)``, NaN only inside the vectorized body of PyTorch's kernel."""
import math

import numpy as np
import pytest

import tensorlib
import tensorlib.nn.functional as LF
from parity import real_torch

pytestmark = pytest.mark.parity

nan, inf = math.nan, math.inf

VECTORS = {
    "nan": [1.0, nan, 3.0, 2.0],
    "nan_first": [nan, 1.0, 2.0],
    "two_nans": [2.0, nan, 5.0, nan, 1.0],
    "all_nan": [nan, nan, nan],
    "pinf": [1.0, inf, -2.0, inf],
    "ninf": [1.0, -inf, -2.0, -inf],
    "all_pinf": [inf, inf],
    "all_ninf": [-inf, -inf, -inf],
    "nan_and_infs": [inf, nan, -inf, 0.0],
    "ties": [2.0, -1.0, 2.0, 0.0, -1.0],
    "zeros_and_nan": [0.0, nan, 0.0, 3.0],
    "one_zero_and_inf": [2.0, 0.0, inf, -1.0],
}

ROWS = [[1.0, nan, 3.0, 2.0],
        [inf, 2.0, -inf, 0.0],
        [-inf, -inf, -inf, -inf],
        [0.0, 1.0, 1.0, -1.0],
        [nan, inf, nan, -inf],
        [inf, inf, 1.0, 2.0],
        [2.0, 0.0, -inf, 0.0]]

# no two equal elements meet at the k-th place of a row or column
TOPK_ROWS = [[1.0, nan, 3.0, 2.0],
             [inf, 2.0, -inf, 0.0],
             [-inf, 5.0, -2.0, 7.0],
             [0.0, -1.0, 1.0, 4.0],
             [nan, inf, -3.0, -5.0]]

# 64 elements: every one falls in the vectorized body of PyTorch's CPU kernels, whose
# NaN handling differs from their scalar tail for some activations (hardtanh, elu)
ACTIVATION_INPUT = ([nan, inf, -inf, 0.0, -0.0, 1.0, -1.0, 25.0, -25.0, 100.0, -100.0, 0.5, -3.0, 6.0, 7.0, -7.0]
                    * 4)


def _np(value, dtype=np.float32):
    return np.asarray(value, dtype=dtype)


# ---- the tables: op(lib, F, x[, d]) -> a tensor or a tuple of tensors -------------------------------------
FULL_REDUCTIONS = {
    "sum": lambda lib, F, x: x.sum(),
    "mean": lambda lib, F, x: x.mean(),
    "prod": lambda lib, F, x: x.prod(),
    "max": lambda lib, F, x: x.max(),
    "min": lambda lib, F, x: x.min(),
    "amax": lambda lib, F, x: x.amax(),
    "amin": lambda lib, F, x: x.amin(),
    "argmax": lambda lib, F, x: x.argmax(),
    "argmin": lambda lib, F, x: x.argmin(),
    "median": lambda lib, F, x: x.median(),
    "std": lambda lib, F, x: x.std(),
    "var": lambda lib, F, x: x.var(),
    "norm": lambda lib, F, x: x.norm(),
    "norm1": lambda lib, F, x: x.norm(p=1),
    "norm_half": lambda lib, F, x: x.norm(p=0.5),
    "norm1.5": lambda lib, F, x: x.norm(p=1.5),
    "norm3": lambda lib, F, x: x.norm(p=3),
    "norm_inf": lambda lib, F, x: x.norm(p=inf),
    "norm_ninf": lambda lib, F, x: x.norm(p=-inf),
    "norm0": lambda lib, F, x: x.norm(p=0),
    "torch.max": lambda lib, F, x: lib.max(x),
    "torch.median": lambda lib, F, x: lib.median(x),
    "torch.prod": lambda lib, F, x: lib.prod(x),
}

DIM_REDUCTIONS = {
    "sum": lambda lib, F, x, d: x.sum(d),
    "mean": lambda lib, F, x, d: x.mean(d),
    "prod": lambda lib, F, x, d: x.prod(d),
    "max": lambda lib, F, x, d: x.max(d),
    "min": lambda lib, F, x, d: x.min(d),
    "max_keepdim": lambda lib, F, x, d: x.max(d, keepdim=True),
    "amax": lambda lib, F, x, d: x.amax(d),
    "amin": lambda lib, F, x, d: x.amin(d),
    "argmax": lambda lib, F, x, d: x.argmax(d),
    "argmin": lambda lib, F, x, d: x.argmin(d),
    "median": lambda lib, F, x, d: x.median(d),
    "std": lambda lib, F, x, d: x.std(d),
    "var": lambda lib, F, x, d: x.var(d),
    "norm": lambda lib, F, x, d: x.norm(dim=d),
    "norm_inf": lambda lib, F, x, d: x.norm(p=inf, dim=d),
    "norm0": lambda lib, F, x, d: x.norm(p=0, dim=d),
    "logsumexp": lambda lib, F, x, d: x.logsumexp(d),
    "cumsum": lambda lib, F, x, d: x.cumsum(d),
    "cumprod": lambda lib, F, x, d: x.cumprod(d),
    "sort": lambda lib, F, x, d: x.sort(dim=d, stable=True),
    "sort_descending": lambda lib, F, x, d: x.sort(dim=d, descending=True, stable=True),
    "argsort": lambda lib, F, x, d: x.argsort(dim=d, stable=True),
    "softmax": lambda lib, F, x, d: F.softmax(x, d),
    "log_softmax": lambda lib, F, x, d: F.log_softmax(x, d),
    "softmin": lambda lib, F, x, d: F.softmin(x, d),
}

TOPK = {
    "topk": lambda lib, F, x, d: x.topk(2, d),
    "topk_smallest": lambda lib, F, x, d: x.topk(2, d, largest=False),
}

ACTIVATIONS = {
    "relu": lambda lib, F, x: F.relu(x),
    "relu6": lambda lib, F, x: F.relu6(x),
    "sigmoid": lambda lib, F, x: F.sigmoid(x),
    "tanh": lambda lib, F, x: F.tanh(x),
    "gelu_tanh": lambda lib, F, x: F.gelu(x, approximate="tanh"),
    "silu": lambda lib, F, x: F.silu(x),
    "elu": lambda lib, F, x: F.elu(x),
    "elu_alpha": lambda lib, F, x: F.elu(x, alpha=0.5),
    "leaky_relu": lambda lib, F, x: F.leaky_relu(x, 0.1),
    "hardtanh": lambda lib, F, x: F.hardtanh(x),
    "hardtanh_range": lambda lib, F, x: F.hardtanh(x, -2.0, 6.5),
    "softplus": lambda lib, F, x: F.softplus(x),
    "softplus_beta": lambda lib, F, x: F.softplus(x, beta=2.0, threshold=5.0),
    "logsigmoid": lambda lib, F, x: F.logsigmoid(x),
    "Tensor.relu": lambda lib, F, x: x.relu(),
    "Tensor.sigmoid": lambda lib, F, x: x.sigmoid(),
    "Tensor.tanh": lambda lib, F, x: x.tanh(),
    "clamp": lambda lib, F, x: x.clamp(-1.0, 1.5),
    "clamp_min": lambda lib, F, x: x.clamp(min=0.0),
    "abs": lambda lib, F, x: x.abs(),
    "sign": lambda lib, F, x: x.sign(),
    "exp": lambda lib, F, x: x.exp(),
    "sqrt_abs": lambda lib, F, x: x.abs().sqrt(),
    "log_abs": lambda lib, F, x: x.abs().log(),
    "square": lambda lib, F, x: x * x,
    "pow3": lambda lib, F, x: x.pow(3),
    "reciprocal": lambda lib, F, x: x.reciprocal(),
}

BINARY = {
    "maximum": lambda lib, F, x, y: lib.maximum(x, y),
    "minimum": lambda lib, F, x, y: lib.minimum(x, y),
    "max_binary": lambda lib, F, x, y: lib.max(x, y),
    "min_binary": lambda lib, F, x, y: lib.min(x, y),
}

BINARY_OPERANDS = ([1.0, nan, 2.0, nan, 3.0, inf, -inf, 2.0, -inf, 0.0],
                   [nan, 1.0, 2.0, nan, inf, inf, -inf, 1.0, inf, -0.0])


@pytest.fixture(scope="module")
def torch():
    return real_torch()


def _outputs(result):
    return tuple(result) if isinstance(result, tuple) else (result,)


def _assert_same(ours, theirs, what):
    """Same shape and dtype; NaN at the same positions, equal elsewhere (infinities by sign)."""
    mine = ours.detach().numpy()
    ref = theirs.detach().numpy()
    assert mine.shape == ref.shape, f"{what}: shape {mine.shape} != {ref.shape}"
    assert str(mine.dtype) == str(ref.dtype), f"{what}: dtype {mine.dtype} != {ref.dtype}"
    if ref.dtype.kind == "f":
        np.testing.assert_array_equal(np.isnan(mine), np.isnan(ref), err_msg=f"{what}: NaN positions")
        np.testing.assert_allclose(mine, ref, rtol=1e-5, atol=1e-6, equal_nan=True, err_msg=what)
    else:
        np.testing.assert_array_equal(mine, ref, err_msg=what)


def _seed(shape):
    """A gradient seed whose elements differ, so a gradient sent to the wrong place shows."""
    count = int(np.prod(shape)) if shape else 1
    return np.arange(1, count + 1, dtype=np.float32).reshape(shape)


def _check(torch, op, *arrays, create_graph=False):
    """Runs ``op`` in both libraries; compares every output, then the input gradients
    of the first output (``create_graph``: computed under grad mode, which some
    PyTorch formulas branch on)."""
    theirs_in = [torch.tensor(a, requires_grad=True) for a in arrays]
    ours_in = [tensorlib.tensor(a, requires_grad=True) for a in arrays]
    theirs = _outputs(op(torch, torch.nn.functional, *theirs_in))
    ours = _outputs(op(tensorlib, LF, *ours_in))
    assert len(ours) == len(theirs)
    for i, (o, t) in enumerate(zip(ours, theirs)):
        _assert_same(o, t, f"output {i}")
    assert ours[0].requires_grad == theirs[0].requires_grad
    if not theirs[0].requires_grad:
        return
    seed = _seed(tuple(theirs[0].shape))
    their_grads = torch.autograd.grad(theirs[0], theirs_in, torch.tensor(seed, dtype=theirs[0].dtype),
                                      allow_unused=True, create_graph=create_graph)
    our_grads = tensorlib.autograd.grad(ours[0], ours_in, tensorlib.tensor(seed, dtype=ours[0].dtype),
                                        allow_unused=True, create_graph=create_graph)
    for i, (o, t) in enumerate(zip(our_grads, their_grads)):
        if t is None:
            assert o is None, f"grad of input {i}"
        else:
            _assert_same(o, t, f"grad of input {i}")


@pytest.mark.parametrize("dtype", [np.float32, np.float64], ids=["float32", "float64"])
@pytest.mark.parametrize("values", VECTORS.values(), ids=VECTORS.keys())
@pytest.mark.parametrize("name", FULL_REDUCTIONS)
def test_full_reduction(torch, name, values, dtype):
    _check(torch, FULL_REDUCTIONS[name], _np(values, dtype))


@pytest.mark.parametrize("dtype", [np.float32, np.float64], ids=["float32", "float64"])
@pytest.mark.parametrize("dim", [0, 1])
@pytest.mark.parametrize("name", DIM_REDUCTIONS)
def test_dim_reduction_of_rows(torch, name, dim, dtype):
    _check(torch, lambda lib, F, x: DIM_REDUCTIONS[name](lib, F, x, dim), _np(ROWS, dtype))


@pytest.mark.parametrize("values", VECTORS.values(), ids=VECTORS.keys())
@pytest.mark.parametrize("name", DIM_REDUCTIONS)
def test_dim_reduction_of_vector(torch, name, values):
    _check(torch, lambda lib, F, x: DIM_REDUCTIONS[name](lib, F, x, 0), _np(values))


@pytest.mark.parametrize("dim", [0, 1])
@pytest.mark.parametrize("name", TOPK)
def test_topk(torch, name, dim):
    _check(torch, lambda lib, F, x: TOPK[name](lib, F, x, dim), _np(TOPK_ROWS))


@pytest.mark.parametrize("name, op", [
    ("prod", lambda lib, F, x: x.prod()),
    ("prod_dim", lambda lib, F, x: x.prod(1)),
    ("cumprod", lambda lib, F, x: x.cumprod(1)),
    ("cumprod_dim0", lambda lib, F, x: x.cumprod(0)),
    ("var", lambda lib, F, x: x.var(1)),
    ("std", lambda lib, F, x: x.std()),
])
def test_gradient_under_create_graph(torch, name, op):
    _check(torch, op, _np(ROWS), create_graph=True)


@pytest.mark.parametrize("values", [[[5.0]], [[inf]], [[nan]], [[0.0, nan, 2.0]], [[1.0, 2.0, 4.0]]],
                         ids=["one", "inf", "nan", "three_with_nan", "three"])
@pytest.mark.parametrize("name, op", [
    ("var_dim", lambda lib, F, x: x.var(0)),
    ("std_dim", lambda lib, F, x: x.std(0)),
    ("var", lambda lib, F, x: x.var(correction=3)),
    ("std", lambda lib, F, x: x.std(correction=3)),
    ("var_dim_correction", lambda lib, F, x: x.var(1, correction=3)),
])
def test_variance_without_degrees_of_freedom(torch, name, op, values):
    with pytest.warns(UserWarning, match="degrees of freedom is <= 0"):
        _check(torch, op, _np(values))


@pytest.mark.parametrize("dtype", [np.float32, np.float64], ids=["float32", "float64"])
@pytest.mark.parametrize("name", ACTIVATIONS)
def test_activation(torch, name, dtype):
    _check(torch, ACTIVATIONS[name], _np(ACTIVATION_INPUT, dtype))


@pytest.mark.parametrize("name", ["gelu", "gelu_tanh"])
def test_gelu_without_positive_infinity(torch, name):
    approximate = "tanh" if name == "gelu_tanh" else "none"
    values = [v for v in ACTIVATION_INPUT if v != inf]
    _check(torch, lambda lib, F, x: F.gelu(x, approximate=approximate), _np(values))


@pytest.mark.parametrize("name", BINARY)
def test_binary(torch, name):
    _check(torch, BINARY[name], *(_np(v) for v in BINARY_OPERANDS))


@pytest.mark.parametrize("shape, dim", [((0,), 0), ((0, 3), 0), ((0, 3), 1), ((2, 0), 1), ((2, 0), 0)])
@pytest.mark.parametrize("name", ["softmax", "log_softmax", "softmin"])
def test_softmax_of_empty_input(torch, name, shape, dim):
    _check(torch, lambda lib, F, x: getattr(F, name)(x, dim), np.zeros(shape, np.float32))


@pytest.mark.parametrize("value", [2.0, inf, -inf, nan])
@pytest.mark.parametrize("name", ["softmax", "log_softmax", "softmin"])
def test_softmax_of_a_scalar(torch, name, value):
    _check(torch, lambda lib, F, x: getattr(F, name)(x, 0), np.float32(value))
