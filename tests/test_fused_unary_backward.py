"""tanh and sigmoid backward in a few backend kernels (``ops/nodes/_fused.py``), run while no
graph of the backward pass is recorded: the same bits as the composed formulas, which run under
``create_graph=True``, for contiguous float32/float64 gradients, with the composed formulas
taking over for every other layout and dtype; and the compiled helpers the unary kernels call
(MKL's vector math by array, the logistic rows of a flat array)."""
import math

import numpy as np
import pytest

import tensorlib as torch
from tensorlib import _simd_math
from tensorlib._fast_paths import FAST_PATHS
from tensorlib.autograd import gradcheck, gradgradcheck
from tensorlib.backends import _cpu_simd
from tensorlib.ops.nodes import _fused

OPS = ["tanh", "sigmoid"]


def _input(dtype, shape=(6, 7)):
    torch.manual_seed(3)
    x = torch.randn(*shape, dtype=dtype) * 4
    flat = x.view(-1)
    specials = [math.nan, math.inf, -math.inf, -0.0, 0.0, 30.0, -30.0, 1e-30]
    flat[:len(specials)] = torch.tensor(specials, dtype=dtype)
    return x.requires_grad_()


def _both(op, x, seed):
    y = getattr(x, op)()
    (fused,) = torch.autograd.grad(y, x, seed, retain_graph=True)
    (composed,) = torch.autograd.grad(y, x, seed, create_graph=True)
    return fused, composed.detach()


def _same_bits(a, b):
    assert a.dtype == b.dtype and a.shape == b.shape
    a, b = (t.contiguous().to(torch.float64).numpy() for t in (a, b))   # (exact; keeps -0.0 and nan)
    np.testing.assert_array_equal(a.view(np.uint8), b.view(np.uint8))


@pytest.mark.parametrize("dtype", [torch.float32, torch.float64])
@pytest.mark.parametrize("op", OPS)
def test_fused_backward_gives_the_composed_formulas_bits(op, dtype):
    x = _input(dtype)
    seed = torch.randn(6, 7, dtype=dtype)
    seed.view(-1)[-3:] = torch.tensor([math.nan, math.inf, -0.0], dtype=dtype)
    fused, composed = _both(op, x, seed)
    _same_bits(fused, composed)
    assert fused.is_contiguous() and fused.grad_fn is None and not fused.requires_grad


@pytest.mark.skipif(not FAST_PATHS, reason="the fused formulas are fast paths")
@pytest.mark.parametrize("op", OPS)
def test_the_fused_formula_runs_only_where_it_applies(op, monkeypatch):
    calls = []
    original = getattr(_fused, f"{op}_backward")

    def counting(g, y):
        result = original(g, y)
        calls.append(result is not None)
        return result

    node_class = type(getattr(_input(torch.float64), op)().grad_fn)
    monkeypatch.setattr(node_class, "fused_formula", staticmethod(counting))
    x = _input(torch.float64)
    getattr(x, op)().sum().backward()
    assert calls == [True]
    calls.clear()
    fused, composed = _both(op, x, torch.tensor(0.75, dtype=torch.float64).expand(6, 7))  # sum's gradient
    assert calls == [True]
    _same_bits(fused, composed)
    # a transposed gradient, one expanded along a dim, float16 and bfloat16: the composed formula
    for seed in (torch.randn(7, 6, dtype=torch.float64).t(), torch.randn(7, dtype=torch.float64).expand(6, 7)):
        calls.clear()
        fused, composed = _both(op, x, seed)
        assert calls == [False]
        _same_bits(fused, composed)
    for dtype in (torch.float16, torch.bfloat16):
        calls.clear()
        half = x.detach().to(dtype).requires_grad_()
        fused, composed = _both(op, half, torch.ones(6, 7, dtype=dtype))
        assert calls == [False]
        _same_bits(fused, composed)


@pytest.mark.parametrize("op", OPS)
def test_gradients_names_and_higher_orders(op):
    x = torch.randn(4, 5, dtype=torch.float64, requires_grad=True)
    y = getattr(x, op)()
    assert y.grad_fn.name() == f"{op.capitalize()}Backward0"
    assert gradcheck(lambda t: getattr(t, op)(), (x,))
    assert gradgradcheck(lambda t: getattr(t, op)(), (x,))
    x0 = torch.tensor(0.5, dtype=torch.float64, requires_grad=True)
    assert gradcheck(lambda t: getattr(t, op)(), (x0,))


@pytest.mark.parametrize("op", OPS)
def test_an_in_place_change_of_the_result_still_raises(op):
    x = torch.randn(3, dtype=torch.float32, requires_grad=True)
    y = getattr(x, op)()
    y.mul_(2)
    with pytest.raises(RuntimeError, match="modified by an inplace operation"):
        y.sum().backward()


def test_run_elementwise_takes_contiguous_arrays_of_one_size():
    a = np.linspace(-3, 3, 10, dtype=np.float32)
    with pytest.raises(ValueError, match="C-contiguous arrays of one size"):
        _simd_math.run_elementwise(0, a[::2], np.empty(5, np.float32), 0)
    with pytest.raises(ValueError, match="C-contiguous arrays of one size"):
        _simd_math.run_elementwise(0, a, np.empty(9, np.float32), 0)
    with pytest.raises(ValueError, match="C-contiguous arrays of one size"):
        _simd_math.run_elementwise(0, a, np.empty(10, np.float64), 0)
    read_only = np.empty(10, np.float32)
    read_only.flags.writeable = False
    with pytest.raises(ValueError, match="C-contiguous arrays of one size"):
        _simd_math.run_elementwise(0, a, read_only, 0)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("op", ["sigmoid", "silu"])
@pytest.mark.parametrize("n", [1, 5, 40, 100])
def test_flat_logistic_rows_equal_the_walked_rows(op, dtype, n):
    a = (np.random.default_rng(n).standard_normal(n) * 8).astype(dtype)
    flat = np.empty(n, dtype)
    assert _cpu_simd.unary(op, a, flat)
    walked = np.empty((1, n), dtype)   # 2-D: PyTorch's iteration order is worked out
    assert _cpu_simd.unary(op, a.reshape(1, n), walked)
    np.testing.assert_array_equal(flat, walked.reshape(n))
    in_place = a.copy()
    assert _cpu_simd.unary(op, in_place, in_place)
    np.testing.assert_array_equal(in_place, flat)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("n", [1, 7, 16, 33, 6400])
def test_tanh_backward_kernel_has_the_three_kernels_bits(dtype, n):
    # g * (1 - y * y) in one pass against y * -1, the fused multiply-add, the product with g:
    # nans of either sign (their signs and payloads kept), infinities, zeros, subnormals
    from tensorlib import _elementwise
    from tensorlib.backends import cpu
    rng = np.random.default_rng(n)
    specials = np.array([np.nan, -np.nan, np.inf, -np.inf, 0.0, -0.0, 1e-40, 1.0, -1.0], dtype)
    y, g = np.tanh(rng.standard_normal(n) * 3).astype(dtype), rng.standard_normal(n).astype(dtype)
    y[rng.integers(0, n, max(1, n // 4))] = rng.choice(specials, max(1, n // 4))
    g[rng.integers(0, n, max(1, n // 4))] = rng.choice(specials, max(1, n // 4))

    def number(value):
        return np.lib.stride_tricks.as_strided(np.array([value], dtype), (n,), (0,))
    for grad in (g, np.lib.stride_tricks.as_strided(g[:1], (n,), (0,))):
        composed, fused = np.empty(n, dtype), np.empty(n, dtype)
        cpu.binary("mul", number(-1), y, composed)
        cpu.fused_multiply_add(composed, y, number(1), composed)
        cpu.binary("mul", grad, composed, composed)
        assert _elementwise.tanh_backward(grad, y, fused)
        assert fused.tobytes() == composed.tobytes()
    assert not _elementwise.tanh_backward(g.astype(np.float16), y.astype(np.float16), np.empty(n, np.float16))
    assert not _elementwise.tanh_backward(g, y, np.empty(n + 1, dtype))
