"""torch.bfloat16: the dtype object (always there), its storage through the optional ml_dtypes
package (conversions through float32, rounded to nearest even), arithmetic computed in float32
and rounded once, printing, saving, autograd, the CUDA backend's refusal, and the error when
ml_dtypes is missing."""
import io
import math
import pickle

import numpy as np
import pytest

import tensorlib as torch
from tensorlib.backends import cuda as cuda_backend

ml_dtypes = pytest.importorskip("ml_dtypes")
BF16 = np.dtype(ml_dtypes.bfloat16)


def rounded(values):
    """``values`` as PyTorch stores them in bfloat16: to float32 first, then to nearest even."""
    with np.errstate(over="ignore"):
        return np.asarray(values, dtype=np.float64).astype(np.float32).astype(BF16).astype(np.float32)


def values_of(t):
    return np.asarray(t.float().tolist(), dtype=np.float32).reshape(tuple(t.shape))


def assert_same(t, expected):
    """bfloat16 ``t`` holds exactly ``expected`` (float32 values; NaN matches NaN, -0.0 only -0.0)."""
    assert t.dtype is torch.bfloat16
    got = values_of(t)
    expected = np.asarray(expected, dtype=np.float32)
    assert got.shape == expected.shape
    nan = np.isnan(got)
    assert np.array_equal(nan, np.isnan(expected)), (got, expected)
    assert np.array_equal(got[~nan].view(np.uint32), expected[~nan].view(np.uint32)), (got, expected)


def layouts(values):
    """``values`` (2-D, float64) as bfloat16 tensors in several layouts, with what each holds."""
    values = np.asarray(values, dtype=np.float64)
    wide = np.zeros((values.shape[0], values.shape[1] * 2))
    wide[:, ::2] = values
    yield torch.tensor(values, dtype=torch.bfloat16), values
    yield torch.tensor(values.T.copy(), dtype=torch.bfloat16).t(), values
    yield torch.tensor(wide, dtype=torch.bfloat16)[:, ::2], values
    yield (torch.tensor(values[:1], dtype=torch.bfloat16).expand(*values.shape),
           np.broadcast_to(values[:1], values.shape))
    yield torch.tensor(values[0, 0], dtype=torch.bfloat16), values[0, 0]
    yield torch.zeros(0, values.shape[1], dtype=torch.bfloat16), np.zeros((0, values.shape[1]))


SAMPLE = [[1.0, -2.5, 3.3, 1 / 3], [0.7, 100.1, -0.001, 7.77], [1e-40, 3e38, -0.0, 65504.5]]


# ---- creation and conversion --------------------------------------------------------------------
def test_creation_rounds_through_float32_to_nearest_even():
    values = [1.0, 3.3, 1 / 3, 1 + 2 ** -8, 1 + 3 * 2 ** -8, 1e-40, 3e38, 3.4e38, -1e39, float("nan"), -0.0,
              float("inf"), 1 + 2 ** -8 + 2 ** -40]
    t = torch.tensor(values, dtype=torch.bfloat16)
    assert_same(t, rounded(values))
    assert values_of(t)[-1] == 1.0  # double rounding, as PyTorch: to float32 first
    assert t.element_size() == 2 and t.nbytes == 2 * len(values) and t.itemsize == 2
    ints = [0, 1, -7, 255, 2 ** 24 + 2 ** 16 + 1, 2 ** 60 + 2 ** 52 + 1]
    assert_same(torch.tensor(ints, dtype=torch.bfloat16), rounded(np.array(ints).astype(np.float32)))
    assert_same(torch.tensor(ints).bfloat16(), rounded(np.array(ints).astype(np.float32)))
    assert_same(torch.tensor([True, False], dtype=torch.bfloat16), [1.0, 0.0])
    assert torch.tensor(2.5, dtype=torch.bfloat16).item() == 2.5
    assert isinstance(torch.tensor(1.3, dtype=torch.bfloat16).item(), float)
    assert torch.tensor([[1.3, 2]], dtype=torch.bfloat16).tolist() == [[1.296875, 2.0]]


def test_factories():
    assert_same(torch.zeros(2, 3, dtype=torch.bfloat16), np.zeros((2, 3)))
    assert_same(torch.ones(2, dtype=torch.bfloat16), [1.0, 1.0])
    assert_same(torch.full((2,), 1.3, dtype=torch.bfloat16), rounded([1.3, 1.3]))
    assert_same(torch.arange(5, dtype=torch.bfloat16), np.arange(5))
    assert_same(torch.eye(2, dtype=torch.bfloat16), np.eye(2))
    assert torch.empty(3, dtype=torch.bfloat16).dtype is torch.bfloat16
    x = torch.tensor(SAMPLE, dtype=torch.bfloat16)
    assert torch.zeros_like(x).dtype is torch.ones_like(x).dtype is x.new_zeros(2).dtype is torch.bfloat16
    assert torch.rand(3, dtype=torch.bfloat16).dtype is torch.randn(3, dtype=torch.bfloat16).dtype is torch.bfloat16


@pytest.mark.parametrize("target, expected", [
    ("int64", [-2, 300, 0, 1]), ("int32", [-2, 300, 0, 1]), ("int8", [-2, 44, 0, 1]), ("uint8", [254, 44, 0, 1]),
    ("bool", [True, True, False, True]), ("float16", [-2.703125, 300.0, -0.0, 1.0]),
    ("float64", [-2.703125, 300.0, -0.0, 1.0])])
def test_casts_out_of_bfloat16_go_through_float32(target, expected):
    x = torch.tensor([-2.7, 300.5, -0.0, 1.0], dtype=torch.bfloat16)
    result = x.to(getattr(torch, target))
    assert result.dtype is getattr(torch, target) and result.tolist() == expected


def test_conversion_methods_and_legacy_names():
    x = torch.tensor([1.3, -2.5])
    b = x.bfloat16()
    assert b.dtype is torch.bfloat16 and b.type() == "torch.BFloat16Tensor"
    assert x.type(torch.bfloat16).dtype is x.type("torch.BFloat16Tensor").dtype is torch.bfloat16
    assert isinstance(b, torch.BFloat16Tensor) and not isinstance(x, torch.BFloat16Tensor)
    assert_same(torch.BFloat16Tensor([1.3]), rounded([1.3]))
    assert b.float().type() == "torch.FloatTensor" and b.is_floating_point()
    assert b.bfloat16() is b


@pytest.mark.parametrize("index", range(6))
def test_copy_between_layouts_and_dtypes(index):
    t, values = list(layouts(SAMPLE))[index]
    expected = rounded(values)
    assert_same(t, expected)
    assert_same(t.clone(), expected)
    assert_same(t.contiguous(), expected)
    assert_same(t.float().bfloat16(), expected)
    assert_same(t.double().bfloat16(), expected)
    target = torch.empty(t.shape, dtype=torch.bfloat16)
    target.copy_(t.double())
    assert_same(target, expected)


def test_numpy_interop_is_refused_as_pytorch_refuses_it():
    x = torch.tensor([1.5], dtype=torch.bfloat16)
    for convert in (x.numpy, lambda: np.asarray(x), lambda: np.asarray(x, dtype=np.float32),
                    lambda: x.numpy(force=True)):
        with pytest.raises(TypeError, match=r"^Got unsupported ScalarType BFloat16$"):
            convert()
    array = np.array([1.5], dtype=BF16)
    message = r"^can't convert np.ndarray of type ml_dtypes.bfloat16. The only supported types are: float64"
    for convert in (torch.from_numpy, torch.tensor, torch.as_tensor):
        with pytest.raises(TypeError, match=message):
            convert(array)
    assert np.array_equal(x.float().numpy(), [1.5])


def test_mixed_operands_promote():
    x = torch.tensor([1.5, 2.5], dtype=torch.bfloat16)
    assert (x + 1).dtype is (x * 2.5).dtype is (x + torch.tensor(1.5)).dtype is torch.bfloat16
    assert (x + torch.ones(2)).dtype is torch.float32
    assert (x + torch.ones(2, dtype=torch.float16)).dtype is torch.float32
    assert (x + torch.ones(2, dtype=torch.float64)).dtype is torch.float64
    assert (x + torch.ones(2, dtype=torch.int64)).dtype is torch.bfloat16
    assert (torch.ones(2, dtype=torch.float16) + torch.tensor(2.0, dtype=torch.bfloat16)).dtype is torch.float16


# ---- arithmetic: float32, rounded once ----------------------------------------------------------
def float32_reference(fn, *arrays):
    """``fn`` over the bfloat16 values as float32, rounded once to bfloat16."""
    with np.errstate(all="ignore"):
        return rounded(np.asarray(fn(*[rounded(a) for a in arrays])).astype(np.float32))


BINARY = {"add": np.add, "sub": np.subtract, "mul": np.multiply, "div": np.divide, "maximum": np.maximum,
          "atan2": np.arctan2}
UNARY = {"exp": np.exp, "sqrt": np.sqrt, "tanh": np.tanh, "sin": np.sin, "abs": np.abs, "neg": np.negative,
         "log1p": np.log1p, "sigmoid": lambda a: 1 / (1 + np.exp(-a)), "floor": np.floor, "square": np.square}


@pytest.mark.parametrize("index", range(6))
@pytest.mark.parametrize("op", sorted(BINARY))
def test_binary_ops_compute_in_float32(op, index):
    t, values = list(layouts(SAMPLE))[index]
    other_values = np.flip(np.broadcast_to(values, np.shape(values)), 0) if np.ndim(values) else values
    other = torch.tensor(np.array(other_values), dtype=torch.bfloat16)
    assert_same(getattr(torch, op)(t, other), float32_reference(BINARY[op], values, other_values))


@pytest.mark.parametrize("index", range(6))
@pytest.mark.parametrize("op", sorted(UNARY))
def test_unary_ops_compute_in_float32(op, index):
    t, values = list(layouts(SAMPLE))[index]
    assert_same(getattr(torch, op)(t), float32_reference(UNARY[op], values))


def test_comparisons_and_nan():
    x = torch.tensor([1.0, float("nan"), -0.0, 3.3], dtype=torch.bfloat16)
    y = torch.tensor([1.0, 2.0, 0.0, 3.29], dtype=torch.bfloat16)
    assert (x == y).tolist() == [True, False, True, True]  # 3.29 and 3.3 are one bfloat16
    assert x.isnan().tolist() == [False, True, False, False]
    assert (x > 0.5).tolist() == [True, False, False, True]
    assert x.sign().tolist()[1] == 0.0 and x.relu().tolist()[2] == 0.0


def test_reductions_accumulate_in_float32():
    assert torch.ones(1000, dtype=torch.bfloat16).sum().item() == 1000.0  # a bfloat16 sum stalls at 256
    assert torch.ones(1000, dtype=torch.bfloat16).mean().item() == 1.0
    x = torch.tensor(SAMPLE[:2], dtype=torch.bfloat16)
    v = rounded(SAMPLE[:2])
    assert_same(x.sum(1), rounded(v.sum(1, dtype=np.float32)))
    assert_same(x.t().sum(0), rounded(v.sum(1, dtype=np.float32)))
    assert_same(x.amax(0), v.max(0))
    assert x.sum(dtype=torch.float32).dtype is torch.float32
    assert x.argmax().item() == 5
    assert_same(x.cumsum(1), rounded(np.cumsum(v, 1, dtype=np.float32)))
    values, indices = torch.tensor([3.0, float("nan"), 1.0], dtype=torch.bfloat16).sort()
    assert values.tolist()[:2] == [1.0, 3.0] and math.isnan(values.tolist()[2]) and indices.tolist() == [2, 0, 1]
    assert math.isnan(torch.tensor([3.0, float("nan"), 1.0], dtype=torch.bfloat16).median().item())


def test_matmul_multiplies_in_float32_and_rounds_once():
    a = torch.tensor(SAMPLE, dtype=torch.bfloat16)[:2]
    b = a.t()
    va = rounded(SAMPLE[:2])
    expected = rounded(va @ va.T)
    assert_same(a @ b, expected)
    assert_same(torch.mm(a, b), expected)
    assert_same(torch.addmm(torch.ones(2, 2, dtype=torch.bfloat16), a, b), rounded(1 + va @ va.T))
    assert_same(torch.nn.functional.linear(a, a), expected)


def test_scatter_add_accumulates_in_float32():
    x = torch.tensor([0.69921875, 0.0], dtype=torch.bfloat16)
    source = torch.tensor([1.0, -2.5, 0.010009765625, 0.00099945068359375], dtype=torch.bfloat16)
    expected = rounded([np.float32(0.69921875) + source.float().sum().item(), 0.0])
    assert_same(x.index_add(0, torch.zeros(4, dtype=torch.int64), source), expected)
    assert_same(x.scatter_add(0, torch.zeros(4, dtype=torch.int64), source), expected)


# ---- printing -----------------------------------------------------------------------------------
def test_printing_names_the_dtype_and_shows_bfloat16_values():
    assert repr(torch.tensor([1.0, 2.5, 3.3], dtype=torch.bfloat16)) == \
        "tensor([1.0000, 2.5000, 3.2969], dtype=torch.bfloat16)"
    assert repr(torch.zeros(2, dtype=torch.bfloat16)) == "tensor([0., 0.], dtype=torch.bfloat16)"
    assert repr(torch.tensor(1.5, dtype=torch.bfloat16)) == "tensor(1.5000, dtype=torch.bfloat16)"
    assert repr(torch.tensor([], dtype=torch.bfloat16)) == "tensor([], dtype=torch.bfloat16)"
    x = torch.tensor([1.0, 2.5, 1 / 3], dtype=torch.bfloat16, requires_grad=True)
    assert repr(x * 2) == "tensor([2.0000, 5.0000, 0.6680], dtype=torch.bfloat16, grad_fn=<MulBackward0>)"


# ---- saving -------------------------------------------------------------------------------------
def test_pickle_and_save_round_trip():
    x = torch.tensor(SAMPLE, dtype=torch.bfloat16)
    for copy in (pickle.loads(pickle.dumps(x)), pickle.loads(pickle.dumps(x.t()))):
        assert copy.dtype is torch.bfloat16
    assert_same(pickle.loads(pickle.dumps(x.t())), rounded(SAMPLE).T)
    buffer = io.BytesIO()
    torch.save({"x": x, "column": x[:, 1], "empty": x[:0]}, buffer)
    buffer.seek(0)
    loaded = torch.load(buffer)
    assert_same(loaded["x"], rounded(SAMPLE))
    assert_same(loaded["column"], rounded(SAMPLE)[:, 1])
    assert loaded["empty"].shape == (0, 4) and loaded["empty"].dtype is torch.bfloat16


# ---- autograd -----------------------------------------------------------------------------------
def test_gradients_flow_in_bfloat16():
    x = torch.tensor([1.0, -2.5, 3.3], dtype=torch.bfloat16, requires_grad=True)
    (x * x).sum().backward()
    assert_same(x.grad, rounded(2 * rounded([1.0, -2.5, 3.3])))
    w = torch.tensor([1.5, 2.5], requires_grad=True)
    wb = w.to(torch.bfloat16)
    assert wb.grad_fn.name() == "ToCopyBackward0"
    (wb * 3).sum().backward()
    assert w.grad.dtype is torch.float32 and w.grad.tolist() == [3.0, 3.0]


def test_linear_layer_in_bfloat16_trains():
    torch.manual_seed(0)
    layer = torch.nn.Linear(4, 3).to(torch.bfloat16)
    assert layer.weight.dtype is layer.bias.dtype is torch.bfloat16
    assert torch.nn.Linear(2, 2).bfloat16().weight.dtype is torch.bfloat16
    x = torch.tensor(SAMPLE[:2], dtype=torch.bfloat16)
    out = layer(x)
    assert out.dtype is torch.bfloat16 and out.grad_fn.name() == "AddmmBackward0"
    loss = torch.nn.functional.mse_loss(out, torch.zeros(2, 3, dtype=torch.bfloat16))
    assert loss.dtype is torch.bfloat16
    loss.backward()
    assert layer.weight.grad.dtype is torch.bfloat16 and layer.weight.grad.shape == (3, 4)
    before = layer.weight.detach().clone()
    torch.optim.SGD(layer.parameters(), lr=0.1).step()
    assert layer.weight.dtype is torch.bfloat16 and not torch.equal(before, layer.weight.detach())


# ---- CUDA -------------------------------------------------------------------------------------------
def test_cuda_backend_refuses_bfloat16():
    message = r"^bfloat16 tensors are not supported on CUDA devices by tensorlib"
    with cuda_backend.use_stand_in():
        for make in (lambda: torch.ones(2, dtype=torch.bfloat16, device="cuda"),
                     lambda: torch.ones(2, dtype=torch.bfloat16).cuda(),
                     lambda: torch.ones(2, device="cuda").to(torch.bfloat16)):
            with pytest.raises(TypeError, match=message):
                make()
        assert torch.ones(2, device="cuda").half().dtype is torch.float16


def test_cuda_reports_no_bfloat16():
    assert torch.cuda.is_bf16_supported() is False
    assert torch.cuda.is_bf16_supported(including_emulation=False) is False


# ---- every declared op of the registry ----------------------------------------------------------
def _declared_float_cases():
    from op_table import LAYOUTS, declared, dtypes, layouts
    return [(name, numbers, layout) for name, numbers in declared() if torch.float32 in dtypes(name)
            for layout in LAYOUTS if layout in layouts(name)]


# ops PyTorch refuses in bfloat16 on the CPU (its LAPACK-backed kernels take float and double):
# tensorlib raises the same error ({shape}: the input's shape)
REFUSED = {
    "cholesky_inverse": (NotImplementedError, "\"cholesky_inverse_out_cpu\" not implemented for 'BFloat16'"),
    "cholesky_solve": (NotImplementedError, "\"cholesky_solve_cpu\" not implemented for 'BFloat16'"),
    "det": (NotImplementedError, "\"lu_cpu\" not implemented for 'BFloat16'"),
    "inverse": (RuntimeError, "linalg.inv: Low precision dtypes not supported. Got BFloat16"),
    "logdet": (RuntimeError, "logdet: Low precision dtypes not supported. Got BFloat16"),
    "pinverse": (RuntimeError, "linalg.pinv(BFloat16{{shape}}): expected a tensor with 2 or more dimensions of float, "
                               "double, cfloat or cdouble types"),
}


def _rounded_product(a, b):
    """The float32 product of two bfloat16 values (exact: 8 + 8 significant bits), rounded."""
    return rounded(np.multiply(a, b))


def _addbmm_in_steps(x, batch1, batch2, beta, alpha):
    result = rounded(beta * x + alpha * (batch1[0] @ batch2[0]))
    for b1, b2 in zip(batch1[1:], batch2[1:]):
        result = rounded(result + alpha * (b1 @ b2))
    return result


def _cross_in_steps(a, b, dim):
    a, b = np.moveaxis(a, dim, 0), np.moveaxis(b, dim, 0)
    first, second = [1, 2, 0], [2, 0, 1]
    products = _rounded_product(a[first], b[second]) - _rounded_product(a[second], b[first])
    return np.moveaxis(rounded(products), 0, dim)


def _log_softmax_in_steps(x, dim):
    if x.ndim == 0 or x.size == 0:
        return np.zeros_like(x)
    shifted = x - x.max(dim, keepdims=True)
    return rounded(shifted - rounded(np.log(rounded(np.exp(shifted).sum(dim, keepdims=True)))))


# ops whose PyTorch kernels round to bfloat16 between steps (tensorlib's follow them, and
# tests/test_bfloat16_parity.py compares them bit for bit): their steps, each rounded
IN_STEPS = {
    "addbmm": _addbmm_in_steps,   # one addmm per batch
    "addr": lambda x, v1, v2, beta, alpha: rounded(rounded(x * rounded(beta)) + _rounded_product(
        rounded(rounded(alpha) * v1)[:, None], v2)),   # input * beta + (alpha * vec1) * vec2
    "cross": _cross_in_steps,   # each product rounded, then their difference
    "log_softmax": _log_softmax_in_steps,   # along the last dim: the sum rounded, and its log
    "matrix_power": lambda x, n: rounded(rounded(x @ x) @ x) if n == 3 else np.linalg.matrix_power(x, n),
}


@pytest.mark.parametrize("name, numbers, layout", _declared_float_cases())
def test_declared_ops_in_bfloat16_round_the_exact_result_once(name, numbers, layout):
    """Each op on bfloat16 operands gives the exact result of those operands, rounded once
    (within one rounding of it: bfloat16's relative step 2**-8), in every layout; or the result
    of PyTorch's steps, each rounded; or PyTorch's error where it refuses bfloat16."""
    from op_table import reference, result_dtype, sample
    from tensorlib.ops._registry import OPS
    op = OPS[name]
    (x, args, kwargs), (x_np, args_np, kwargs_np) = sample(op, layout, torch.bfloat16, numbers=numbers)
    if name in REFUSED:
        error, message = REFUSED[name]
        with pytest.raises(error) as caught:
            getattr(torch, name)(x, *args, **kwargs)
        assert str(caught.value) == message.replace("{shape}", str(list(x.shape)))
        return
    result = getattr(torch, name)(x, *args, **kwargs)
    as_bfloat16 = [rounded(a).astype(np.float64) if isinstance(a, np.ndarray) and a.dtype.kind == "f" else a
                   for a in [x_np] + args_np]  # (index arguments stay integers)
    with np.errstate(all="ignore"):
        expected = np.asarray(IN_STEPS.get(name, reference(op))(*as_bfloat16, **kwargs_np))
    if expected.dtype == np.bool_:
        assert result.dtype is torch.bool and np.array_equal(result.numpy(), expected)
        return
    assert result.dtype is result_dtype(name, torch.bfloat16) and tuple(result.shape) == expected.shape
    np.testing.assert_allclose(values_of(result), expected, rtol=2 ** -8, atol=1e-30)
