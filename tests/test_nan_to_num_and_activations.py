"""torch.nan_to_num / Tensor.nan_to_num(_) and the Mish, Hardswish and Hardsigmoid activations:
values against NumPy on contiguous and non-contiguous inputs, gradients, errors; parity with
PyTorch in the marked class."""
import numpy as np
import pytest

import tensorlib as torch
import tensorlib.nn.functional as F
from parity import real_torch

_SPECIAL = np.array([[np.nan, np.inf, -np.inf, 1.5], [-2.0, np.nan, 0.0, np.inf]])


def _layouts(a):
    t = torch.tensor(a)
    return [t, t.t(), t[:, ::2], t[0].expand(3, 4)]


@pytest.mark.parametrize("dtype", [torch.float32, torch.float64])
def test_nan_to_num_matches_numpy_in_every_layout(dtype):
    for t in _layouts(_SPECIAL):
        t = t.to(dtype)
        a = t.numpy()
        np.testing.assert_array_equal(torch.nan_to_num(t).numpy(), np.nan_to_num(a))
        np.testing.assert_array_equal(t.nan_to_num(1.0, 2.0, -3.0).numpy(),
                                      np.nan_to_num(a, nan=1.0, posinf=2.0, neginf=-3.0))


def test_nan_to_num_in_place_and_out():
    t = torch.tensor(_SPECIAL).t()
    expected = np.nan_to_num(t.numpy(), nan=7.0)
    assert t.nan_to_num_(nan=7.0) is t
    np.testing.assert_array_equal(t.numpy(), expected)
    out = torch.empty(0, dtype=torch.float64)
    assert torch.nan_to_num(torch.tensor(_SPECIAL), out=out) is out
    np.testing.assert_array_equal(out.numpy(), np.nan_to_num(_SPECIAL))


def test_nan_to_num_keeps_integers_and_uses_the_half_limits():
    ints = torch.tensor([[1, 2], [3, 4]]).t()
    assert torch.nan_to_num(ints).tolist() == [[1, 3], [2, 4]]
    half = torch.nan_to_num(torch.tensor([np.inf, -np.inf, np.nan], dtype=torch.float16))
    assert half.tolist() == [65504.0, -65504.0, 0.0]


def test_nan_to_num_gradient_passes_only_where_finite():
    x = torch.tensor([np.nan, np.inf, -np.inf, 1.0], requires_grad=True)
    y = torch.nan_to_num(x)
    assert y.grad_fn.name() == "NanToNumBackward0"
    y.sum().backward()
    assert x.grad.tolist() == [0.0, 0.0, 0.0, 1.0]
    z = torch.randn(3, 4, dtype=torch.float64, requires_grad=True)
    assert torch.autograd.gradcheck(torch.nan_to_num, (z,))
    assert torch.autograd.gradgradcheck(torch.nan_to_num, (z,))


def test_nan_to_num_errors():
    with pytest.raises(TypeError, match="nan_to_num\\(\\): argument 'nan' must be float, not str"):
        torch.nan_to_num(torch.ones(2), nan="a")
    with pytest.raises(RuntimeError, match="nan_to_num: dtype of out: Long should be same as input: Float"):
        torch.nan_to_num(torch.ones(2), out=torch.empty(0, dtype=torch.int64))


def _mish(a):
    return a * np.tanh(np.log1p(np.exp(a)))


def _hardswish(a):
    return a * np.clip(a + 3, 0, 6) / 6


def _hardsigmoid(a):
    return np.clip(a + 3, 0, 6) / 6


_ACTIVATIONS = [(F.mish, torch.nn.Mish, _mish, "MishBackward0"),
                (F.hardswish, torch.nn.Hardswish, _hardswish, "HardswishBackward0"),
                (F.hardsigmoid, torch.nn.Hardsigmoid, _hardsigmoid, "HardsigmoidBackward0")]


@pytest.mark.parametrize("function, module, reference, node", _ACTIVATIONS)
def test_activations_match_numpy_in_every_layout(function, module, reference, node):
    a = np.linspace(-5, 5, 12).reshape(3, 4)
    for t in _layouts(a):
        np.testing.assert_allclose(function(t).numpy(), reference(t.numpy()), rtol=1e-12, atol=1e-12)
        np.testing.assert_allclose(module()(t).numpy(), reference(t.numpy()), rtol=1e-12, atol=1e-12)
    copy = torch.tensor(a)
    assert module(inplace=True)(copy) is copy
    np.testing.assert_allclose(copy.numpy(), reference(a), rtol=1e-12, atol=1e-12)
    assert repr(module(inplace=True)) == module.__name__ + "()"
    half = function(torch.tensor(a, dtype=torch.float16))
    assert half.dtype is torch.float16


@pytest.mark.parametrize("function, module, reference, node", _ACTIVATIONS)
def test_activation_gradients(function, module, reference, node):
    x = torch.tensor([-4.0, -1.5, 0.25, 2.0, 5.0], dtype=torch.float64, requires_grad=True)
    assert function(x).grad_fn.name() == node
    assert torch.autograd.gradcheck(function, (x,))
    assert torch.autograd.gradgradcheck(function, (x,))
    leaf = torch.randn(4, dtype=torch.float64, requires_grad=True)
    y = leaf * 1
    function(y, inplace=True).sum().backward()
    expected = torch.autograd.grad(function(leaf).sum(), leaf)[0]
    np.testing.assert_allclose(leaf.grad.numpy(), expected.numpy())


@pytest.mark.parametrize("function", [F.mish, F.hardswish, F.hardsigmoid])
def test_activations_refuse_integers(function):
    with pytest.raises(NotImplementedError, match=f'"{function.__name__}_cpu" not implemented for \'Long\''):
        function(torch.tensor([1, 2]))


@pytest.mark.parity
class TestParity:
    @pytest.fixture
    def pt(self):
        return real_torch()

    def test_nan_to_num_values_and_gradients(self, pt):
        for kwargs in ({}, {"nan": 2.0, "posinf": 1.0}, {"neginf": -9.0}):
            for dtype in ("float16", "bfloat16", "float32"):
                ours = torch.nan_to_num(torch.tensor(_SPECIAL).to(getattr(torch, dtype)), **kwargs)
                theirs = pt.nan_to_num(pt.tensor(_SPECIAL).to(getattr(pt, dtype)), **kwargs)
                np.testing.assert_array_equal(ours.float().numpy(), theirs.float().numpy())

    @pytest.mark.parametrize("name", ["mish", "hardswish", "hardsigmoid"])
    def test_activation_values_and_gradients(self, pt, name):
        a = np.array([-4.0, -3.0, -1.5, 0.0, 0.25, 3.0, 5.0, 25.0])
        x = torch.tensor(a, requires_grad=True)
        xt = pt.tensor(a, requires_grad=True)
        y, yt = getattr(F, name)(x), getattr(pt.nn.functional, name)(xt)
        np.testing.assert_allclose(y.detach().numpy(), yt.detach().numpy(), rtol=1e-6)
        y.sum().backward()
        yt.sum().backward()
        np.testing.assert_allclose(x.grad.numpy(), xt.grad.numpy(), rtol=1e-6)
