"""layer_norm / group_norm / rms_norm and their modules: values against NumPy on
contiguous and non-contiguous inputs, float64 gradcheck and gradgradcheck, node
names, errors; and parity with PyTorch (values, gradients, reprs, messages)."""
import numpy as np
import pytest

import tensorlib
import tensorlib.nn as nn
import tensorlib.nn.functional as F
from tensorlib.autograd import gradcheck, gradgradcheck
from parity import outcome, real_torch


@pytest.fixture(scope="module")
def torch():
    return real_torch()


def _np_layer_norm(x, k, eps, weight=None, bias=None):
    axes = tuple(range(x.ndim - k, x.ndim))
    mean = x.mean(axes, keepdims=True)
    var = ((x - mean) ** 2).mean(axes, keepdims=True)
    out = (x - mean) / np.sqrt(var + eps)
    if weight is not None:
        out = out * weight
    if bias is not None:
        out = out + bias
    return out


def _layouts(values):
    """The same values as a contiguous, a transposed and a sliced float64 tensor."""
    yield tensorlib.tensor(values)
    yield tensorlib.tensor(np.ascontiguousarray(np.swapaxes(values, -1, -2))).transpose(-1, -2)
    wide = np.zeros(values.shape[:-1] + (2 * values.shape[-1],))
    wide[..., ::2] = values
    yield tensorlib.tensor(wide)[..., ::2]


class TestLayerNorm:
    def test_values_in_every_layout(self):
        values = np.random.default_rng(0).standard_normal((2, 3, 4))
        weight, bias = np.linspace(0.5, 2, 4), np.linspace(-1, 1, 4)
        for x in _layouts(values):
            out = F.layer_norm(x, (4,), tensorlib.tensor(weight), tensorlib.tensor(bias))
            np.testing.assert_allclose(out.numpy(), _np_layer_norm(values, 1, 1e-5, weight, bias), atol=1e-12)
            out = F.layer_norm(x, [3, 4], eps=0.1)
            np.testing.assert_allclose(out.numpy(), _np_layer_norm(values, 2, 0.1), atol=1e-12)

    def test_expanded_and_empty(self):
        x = tensorlib.tensor([[1.0, 2.0, 4.0]]).expand(3, 3)
        np.testing.assert_allclose(F.layer_norm(x, (3,)).numpy(),
                                   _np_layer_norm(np.array([[1.0, 2.0, 4.0]] * 3), 1, 1e-5), atol=1e-6)
        assert F.layer_norm(tensorlib.zeros(0, 4), (4,)).shape == (0, 4)

    def test_gradients(self):
        x = tensorlib.randn(2, 3, 4, dtype=tensorlib.float64, requires_grad=True)
        w = tensorlib.randn(3, 4, dtype=tensorlib.float64, requires_grad=True)
        b = tensorlib.randn(3, 4, dtype=tensorlib.float64, requires_grad=True)
        assert gradcheck(lambda x, w, b: F.layer_norm(x, (3, 4), w, b), (x, w, b))
        assert gradgradcheck(lambda x, w, b: F.layer_norm(x, (4,), w[0], b[0]), (x, w, b))
        assert F.layer_norm(x, (4,)).grad_fn.name() == "NativeLayerNormBackward0"

    def test_module_and_float16(self):
        m = nn.LayerNorm(4)
        assert [name for name, _ in m.named_parameters()] == ["weight", "bias"]
        half = tensorlib.tensor([[1.0, 2.0, 4.0, 8.0]]).half()
        out = F.layer_norm(half, (4,))
        assert out.dtype is tensorlib.float16
        np.testing.assert_allclose(out.float().numpy(), _np_layer_norm(np.array([[1.0, 2, 4, 8]]), 1, 1e-5),
                                   atol=2e-3)
        assert nn.LayerNorm(4, bias=False).bias is None
        assert list(nn.LayerNorm(4, elementwise_affine=False).parameters()) == []

    def test_errors(self):
        x = tensorlib.randn(2, 3, 4)
        with pytest.raises(RuntimeError, match=r"Given normalized_shape=\[3\], expected input with shape \[\*, 3\]"):
            F.layer_norm(x, (3,))
        with pytest.raises(TypeError, match="must be tuple of ints, not int"):
            F.layer_norm(x, 4)
        with pytest.raises(RuntimeError, match="at least 1-dimensional"):
            F.layer_norm(x, ())
        with pytest.raises(RuntimeError, match="Expected weight to be of same shape"):
            F.layer_norm(x, (4,), tensorlib.ones(3))
        with pytest.raises(NotImplementedError, match="LayerNormKernelImpl"):
            F.layer_norm(tensorlib.tensor([[1, 2]]), (2,))


class TestGroupNorm:
    def test_values_and_gradients(self):
        values = np.random.default_rng(1).standard_normal((2, 4, 3))
        weight, bias = np.linspace(0.5, 2, 4), np.linspace(-1, 1, 4)
        grouped = values.reshape(2, 2, 6)
        expected = _np_layer_norm(grouped, 1, 1e-5).reshape(2, 4, 3) * weight[:, None] + bias[:, None]
        for x in _layouts(values):
            out = F.group_norm(x, 2, tensorlib.tensor(weight), tensorlib.tensor(bias))
            np.testing.assert_allclose(out.numpy(), expected, atol=1e-12)
        x = tensorlib.tensor(values, requires_grad=True)
        w = tensorlib.tensor(weight, requires_grad=True)
        b = tensorlib.tensor(bias, requires_grad=True)
        assert gradcheck(lambda x, w, b: F.group_norm(x, 2, w, b), (x, w, b))
        assert gradgradcheck(lambda x, w, b: F.group_norm(x, 2, w, b), (x, w, b))
        assert F.group_norm(x, 4).grad_fn.name() == "NativeGroupNormBackward0"

    def test_errors(self):
        with pytest.raises(RuntimeError, match="Expected at least 2 dimensions"):
            F.group_norm(tensorlib.randn(3), 1)
        with pytest.raises(RuntimeError, match="divisible by num_groups"):
            F.group_norm(tensorlib.randn(2, 3, 4), 2)
        with pytest.raises(ValueError, match="more than 1 value per channel"):
            F.group_norm(tensorlib.randn(1, 2), 2)
        with pytest.raises(ValueError, match="num_channels must be divisible by num_groups"):
            nn.GroupNorm(3, 4)


class TestRMSNorm:
    def test_values_and_gradients(self):
        values = np.random.default_rng(2).standard_normal((3, 4))
        eps = np.finfo(np.float64).eps
        expected = values / np.sqrt((values ** 2).mean(-1, keepdims=True) + eps)
        for x in _layouts(values):
            np.testing.assert_allclose(F.rms_norm(x, (4,)).numpy(), expected, atol=1e-12)
        x = tensorlib.tensor(values, requires_grad=True)
        w = tensorlib.randn(4, dtype=tensorlib.float64, requires_grad=True)
        assert gradcheck(lambda x, w: F.rms_norm(x, [4], w, 1e-3), (x, w))
        assert nn.RMSNorm([4])(x).shape == (3, 4)

    def test_float16_computes_in_float32(self):
        x = tensorlib.full((1, 4), 0.01).half()
        out = F.rms_norm(x, (4,))
        assert out.dtype is tensorlib.float16
        assert abs(out[0, 0].item() - 1.0) < 1e-3
        assert F.rms_norm(x, (4,), tensorlib.ones(4)).dtype is tensorlib.float16

    def test_errors(self):
        with pytest.raises(ValueError, match="at least 3 dimensions"):
            F.rms_norm(tensorlib.randn(2, 3), (1, 2, 3))
        with pytest.raises(RuntimeError, match=r"expected input with shape \[\*3\]"):
            F.rms_norm(tensorlib.randn(2, 4), (3,))


class TestTorchFunctions:
    def test_aten_forms(self):
        x = tensorlib.randn(2, 3, 4, dtype=tensorlib.float64, requires_grad=True)
        assert tensorlib.layer_norm(x, [4], None, None, 1e-5, False).grad_fn.name() == "NativeLayerNormBackward0"
        assert tensorlib.group_norm(x, 3, None, None, 1e-5, True).grad_fn.name() == "NativeGroupNormBackward0"
        np.testing.assert_allclose(tensorlib.rms_norm(x, [4]).detach().numpy(), F.rms_norm(x, (4,)).detach().numpy())
        out = tensorlib.instance_norm(x, None, None, None, None, True, 0.1, 1e-5, False)
        np.testing.assert_allclose(out.detach().numpy(), F.instance_norm(x).detach().numpy())
        with pytest.raises(TypeError):
            tensorlib.instance_norm(x)


class TestParity:
    pytestmark = pytest.mark.parity

    @pytest.mark.parametrize("make", [
        lambda nn: nn.LayerNorm(6), lambda nn: nn.LayerNorm((4, 6), eps=1e-3), lambda nn: nn.LayerNorm(6, bias=False),
        lambda nn: nn.LayerNorm(6, elementwise_affine=False), lambda nn: nn.GroupNorm(2, 4),
        lambda nn: nn.GroupNorm(4, 4, affine=False), lambda nn: nn.RMSNorm(6), lambda nn: nn.RMSNorm([4, 6], 1e-4),
    ])
    @pytest.mark.parametrize("dtype", ["float32", "float64"])
    def test_modules(self, torch, make, dtype):
        theirs, ours = make(torch.nn), make(nn)
        assert repr(ours) == repr(theirs)
        rng = np.random.default_rng(3)
        with torch.no_grad():
            for p in theirs.parameters():
                p.copy_(torch.tensor(rng.standard_normal(tuple(p.shape))))
        theirs.to(getattr(torch, dtype))
        ours.to(getattr(tensorlib, dtype))
        ours.load_state_dict({k: tensorlib.tensor(v.numpy()) for k, v in theirs.state_dict().items()})
        values = rng.standard_normal((3, 4, 6)).astype(dtype)
        seed = rng.standard_normal((3, 4, 6)).astype(dtype)
        tx, lx = torch.tensor(values, requires_grad=True), tensorlib.tensor(values, requires_grad=True)
        t_out, l_out = theirs(tx), ours(lx)
        assert type(l_out.grad_fn).__name__ == type(t_out.grad_fn).__name__
        t_out.backward(torch.tensor(seed))
        l_out.backward(tensorlib.tensor(seed))
        tol = 1e-5 if dtype == "float32" else 1e-10
        np.testing.assert_allclose(l_out.detach().numpy(), t_out.detach().numpy(), atol=tol, rtol=tol)
        np.testing.assert_allclose(lx.grad.numpy(), tx.grad.numpy(), atol=tol, rtol=tol)
        for (name, p), (_, q) in zip(theirs.named_parameters(), ours.named_parameters()):
            np.testing.assert_allclose(q.grad.numpy(), p.grad.numpy(), atol=tol, rtol=tol, err_msg=name)

    @pytest.mark.parametrize("call", [
        "F.layer_norm(x, (3,))", "F.layer_norm(x, 4)", "F.layer_norm(x, [4], torch.ones(3))",
        "F.layer_norm(x, (4,), None, torch.ones(3))", "F.layer_norm(x, (5, 4, 3, 2))", "F.layer_norm(x, ())",
        "F.group_norm(x, 2)", "F.group_norm(torch.randn(3), 1)", "F.group_norm(x, 3, torch.ones(2))",
        "F.group_norm(x, -1)", "F.group_norm(torch.randn(1, 2), 2)", "F.rms_norm(x, (3,))",
        "F.rms_norm(x, (3, 4, 5))", "F.rms_norm(x, (5, 3, 4, 5))", "F.rms_norm(x, (4,), torch.ones(3))",
        "F.layer_norm(torch.tensor([[1, 2]]), (2,))", "F.rms_norm(torch.tensor([[1, 2]]), (2,))",
        "F.layer_norm(x.double(), (4,), torch.ones(4))", "F.layer_norm(x, (4,), torch.ones(4).half())",
        "F.layer_norm(x, (4,), None, torch.ones(4, dtype=torch.float64))", "F.group_norm(x.double(), 3, torch.ones(3))",
        "F.layer_norm(x.half(), (4,), torch.ones(4)).dtype", "F.group_norm(x.half(), 3, torch.ones(3)).dtype",
    ])
    def test_errors(self, torch, call):
        def names(lib):
            return {"torch": lib, "F": lib.nn.functional, "x": lib.randn(2, 3, 4)}
        dtype = str
        assert outcome(call, names(tensorlib), dtype) == outcome(call, names(torch), dtype)
