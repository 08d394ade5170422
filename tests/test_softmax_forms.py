"""The forms of softmax beyond the op table's checks: F.softmax / F.log_softmax /
F.softmin with their implicit-dim warning and ``dtype=``, the modules, float16,
fully -inf slices, and parity with PyTorch (values, node names, messages)."""
import warnings

import numpy as np
import pytest

import tensorlib
import tensorlib.nn as nn
import tensorlib.nn.functional as F
from tensorlib.autograd import gradcheck, gradgradcheck
from parity import outcome, real_torch, same_forward_and_backward


@pytest.fixture(scope="module")
def torch():
    return real_torch()


def _np_softmax(x, dim):
    e = np.exp(x - x.max(dim, keepdims=True))
    return e / e.sum(dim, keepdims=True)


class TestForms:
    @pytest.mark.parametrize("ndim, dim", [(0, 0), (1, 0), (2, 1), (3, 0), (4, 1)])
    def test_implicit_dim_warns_and_picks_pytorchs_dim(self, ndim, dim):
        x = tensorlib.tensor(np.random.default_rng(0).standard_normal((2,) * ndim))
        for function, name in ((F.softmax, "softmax"), (F.log_softmax, "log_softmax"), (F.softmin, "softmin")):
            with pytest.warns(UserWarning, match=f"Implicit dimension choice for {name} has been deprecated"):
                implicit = function(x)
            np.testing.assert_allclose(implicit.numpy(), function(x, dim).numpy())

    def test_dtype_converts_first(self):
        x = tensorlib.tensor([[1, 2, 3]])
        out = F.softmax(x, -1, dtype=tensorlib.float64)
        assert out.dtype is tensorlib.float64
        np.testing.assert_allclose(out.numpy(), _np_softmax(np.array([[1.0, 2, 3]]), -1))
        y = tensorlib.randn(2, 3, requires_grad=True)
        result = tensorlib.log_softmax(y, 0, tensorlib.float64)
        assert result.grad_fn.name() == "LogSoftmaxBackward0"
        assert result.grad_fn.next_functions[0][0].name() == "ToCopyBackward0"
        assert F.softmin(y, 1, dtype=tensorlib.float64).dtype is tensorlib.float64

    def test_float16_and_infinite_slices(self):
        x = tensorlib.tensor([[1.0, 2.0, 3.0]]).half()
        assert tensorlib.softmax(x, 1).dtype is tensorlib.float16
        np.testing.assert_allclose(tensorlib.softmax(x, 1).float().numpy(), _np_softmax(np.array([[1.0, 2, 3]]), 1),
                                   atol=1e-3)
        inf = float("inf")
        out = tensorlib.tensor([[-inf, -inf], [inf, 0.0], [0.0, -inf]]).softmax(1)
        assert out[0].isnan().all() and out[1].isnan().all()
        assert out[2].tolist() == [1.0, 0.0]

    def test_gradients_along_every_dim(self):
        x = tensorlib.randn(2, 3, 4, dtype=tensorlib.float64, requires_grad=True)
        for dim in (0, 1, -1):
            assert gradcheck(lambda t: tensorlib.softmax(t, dim), (x,))
            assert gradgradcheck(lambda t: F.log_softmax(t, dim), (x,))

    def test_modules(self):
        assert repr(nn.Softmax(dim=1)) == "Softmax(dim=1)"
        assert repr(nn.LogSoftmax(-1)) == "LogSoftmax(dim=-1)"
        x = tensorlib.randn(2, 3)
        np.testing.assert_allclose(nn.Softmin(1)(x).numpy(), _np_softmax(-x.numpy(), 1), rtol=1e-6)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            np.testing.assert_allclose(nn.LogSoftmax()(x).numpy(), np.log(_np_softmax(x.numpy(), 1)), rtol=1e-5)


class TestGumbelSoftmax:
    def test_argmax_follows_the_softmax(self):
        tensorlib.manual_seed(0)
        logits = tensorlib.tensor([0.0, 1.0, 2.0]).expand(20000, 3)
        frequencies = F.gumbel_softmax(logits, tau=0.5, hard=True).mean(0).numpy()
        np.testing.assert_allclose(frequencies, _np_softmax(np.array([0.0, 1.0, 2.0]), 0), atol=0.02)

    def test_soft_and_straight_through_samples(self):
        logits = tensorlib.randn(4, 5, requires_grad=True)
        soft = F.gumbel_softmax(logits, dim=0)
        np.testing.assert_allclose(soft.sum(0).detach().numpy(), np.ones(5), rtol=1e-6)
        assert soft.grad_fn.name() == "SoftmaxBackward0"
        hard = F.gumbel_softmax(logits, tau=2.0, hard=True)
        assert hard.detach().sum(1).tolist() == [1.0] * 4 and set(hard.detach().reshape(-1).tolist()) == {0.0, 1.0}
        (hard * tensorlib.arange(5.0)).sum().backward()
        assert logits.grad.abs().sum().item() > 0

    def test_warning_and_errors(self):
        with pytest.warns(UserWarning, match="`eps` parameter is deprecated and has no effect."):
            F.gumbel_softmax(tensorlib.randn(2, 3), eps=1e-3)
        with pytest.raises(RuntimeError, match="dtype must be a floating point but you specified Long"):
            F.gumbel_softmax(tensorlib.tensor([1, 2]))


class TestParity:
    pytestmark = pytest.mark.parity

    @pytest.mark.parametrize("call", [
        "torch.softmax(x)", "torch.softmax(x, 0.5)", "torch.softmax(x, dim=0, dtype=1)", "x.softmax()",
        "torch.softmax(torch.tensor([1, 2]), 0)", "torch.log_softmax(torch.tensor([[1, 2]]), 0)",
        "torch.log_softmax(torch.tensor([[1, 2]]), 1)", "torch.softmax(torch.tensor([True]), 0)",
        "torch.softmax(x, 5)", "torch.softmax(torch.tensor(2.0), 1)", "torch.softmax(x, 0, foo=1)",
        "torch.softmax(x, 'a')", "torch.softmax(x, None)", "torch.softmax(x, dtype=torch.float64)",
        "torch.softmax(x, 0, out=torch.empty(2, 3, dtype=torch.float64))", "torch.softmax(x, 0, dtype=torch.int64)",
        "F.softmax(x, 0, dtype=torch.int64)", "F.softmax(x, 0.5)", "F.log_softmax(x, 2)",
    ])
    def test_errors(self, torch, call):
        def names(lib):
            return {"torch": lib, "F": lib.nn.functional, "x": lib.randn(2, 3)}
        assert outcome(call, names(tensorlib)) == outcome(call, names(torch))

    @pytest.mark.parametrize("name", ["softmax", "log_softmax", "softmin"])
    @pytest.mark.parametrize("dim", [0, 1, -1])
    def test_values_gradients_and_nodes(self, torch, name, dim):
        same_forward_and_backward(torch, lambda t: getattr(torch.nn.functional, name)(t, dim),
                                  lambda t: getattr(F, name)(t, dim), np.random.default_rng(1), (3, 4, 5), 1e-12)


class TestSoftmax2d:
    def test_softmax_over_channels(self):
        x = tensorlib.randn(2, 3, 4, 5)
        out = nn.Softmax2d()(x)
        np.testing.assert_allclose(out.numpy(), _np_softmax(x.numpy(), 1), rtol=1e-5)
        np.testing.assert_allclose(nn.Softmax2d()(x[0]).numpy(), _np_softmax(x[0].numpy(), 0), rtol=1e-5)
        assert repr(nn.Softmax2d()) == "Softmax2d()"

    def test_errors(self):
        with pytest.raises(ValueError, match="Softmax2d: expected input to be 3D or 4D, got 2D instead"):
            nn.Softmax2d()(tensorlib.randn(2, 3))


class TestUnflattenArguments:
    pytestmark = pytest.mark.parity

    @pytest.mark.parametrize("call", [
        "nn.Unflatten(1, [2, 2])", "nn.Unflatten(1, 2)", "nn.Unflatten(1, (2, 2.0))",
        "nn.Unflatten(1, (2, -1))(torch.randn(3, 4)).shape", "nn.Unflatten(1, (3, 2))(torch.randn(3, 4))",
        "torch.randn(3, 4).unflatten(1, ())", "torch.randn(3, 4).unflatten(1, (5, -1))",
        "nn.Identity(54, unused_argument1=0.1)", "nn.GELU('tanh')", "nn.SiLU(True)",
    ])
    def test_as_pytorch(self, torch, call):
        assert outcome(call, {"nn": tensorlib.nn, "torch": tensorlib}, repr) == \
            outcome(call, {"nn": torch.nn, "torch": torch}, repr)
