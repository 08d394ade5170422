"""F.prelu and nn.PReLU: values against NumPy on contiguous and non-contiguous inputs,
gradients (gradcheck and gradgradcheck in float64), the node names, PyTorch's errors, the
layer's parameters and repr; and the same against a live PyTorch."""
import numpy as np
import pytest

import tensorlib
import tensorlib.nn.functional as F
from parity import real_torch
from tensorlib.autograd import gradcheck, gradgradcheck


def _expected(x, weight):
    slopes = weight.reshape([weight.size if dim == 1 else 1 for dim in range(x.ndim)]) if weight.size > 1 else weight
    return np.where(x > 0, x, slopes * x)


INPUTS = {
    "contiguous": lambda t: t,
    "transposed": lambda t: t.transpose(0, 2),
    "sliced": lambda t: t[:, :, ::2],
    "expanded": lambda t: t[:1].expand(3, 4, 6),
}


@pytest.mark.parametrize("layout", INPUTS)
@pytest.mark.parametrize("channels", [1, 4])
def test_prelu_values(layout, channels):
    rng = np.random.default_rng(0)
    x = INPUTS[layout](tensorlib.tensor(rng.standard_normal((3, 4, 6)), dtype=tensorlib.float32))
    if layout == "transposed" and channels > 1:
        channels = x.size(1)
    weight = tensorlib.tensor(rng.standard_normal(channels), dtype=tensorlib.float32)
    np.testing.assert_array_equal(F.prelu(x, weight).numpy(), _expected(x.numpy(), weight.numpy()))


def test_prelu_shapes_without_channels():
    assert F.prelu(tensorlib.tensor(-2.0), tensorlib.tensor([0.5])).item() == -1.0
    assert F.prelu(tensorlib.tensor(-2.0), tensorlib.tensor(0.5)).dim() == 0
    assert F.prelu(tensorlib.tensor([-2.0, 3.0]), tensorlib.tensor([0.5])).tolist() == [-1.0, 3.0]
    assert F.prelu(tensorlib.empty(0, 3), tensorlib.ones(3)).shape == (0, 3)


@pytest.mark.parametrize("shape, channels", [((2, 3, 4), 3), ((5, 2), 1), ((4,), 1), ((), 1), ((2, 3), 3)])
def test_prelu_gradients(shape, channels):
    rng = np.random.default_rng(1)
    x = tensorlib.tensor(rng.standard_normal(shape) + 0.05, dtype=tensorlib.float64, requires_grad=True)
    weight = tensorlib.tensor(rng.standard_normal(channels), dtype=tensorlib.float64, requires_grad=True)
    assert gradcheck(F.prelu, (x, weight))
    assert gradgradcheck(F.prelu, (x, weight))


def test_prelu_nodes():
    x = tensorlib.randn(2, 3, 4, requires_grad=True)
    out = F.prelu(x, tensorlib.full((3,), 0.2, requires_grad=True))
    assert out.grad_fn.name() == "PreluKernelBackward0"
    assert [edge[0].name() for edge in out.grad_fn.next_functions] == ["torch::autograd::AccumulateGrad",
                                                                       "ViewBackward0"]
    assert F.prelu(tensorlib.randn(3), tensorlib.tensor([0.2])).grad_fn is None


@pytest.mark.parametrize("x, weight, error, message", [
    (lambda: tensorlib.randn(2, 4), lambda: tensorlib.ones(3), RuntimeError,
     "Mismatch of parameter numbers and input channel size. Found parameter numbers = 3 and channel size = 4."),
    (lambda: tensorlib.randn(3), lambda: tensorlib.ones(3), RuntimeError,
     "Mismatch of parameter numbers and input channel size. Found parameter numbers = 3 and channel size = 1."),
    (lambda: tensorlib.randn(2, 3), lambda: tensorlib.ones(3, 1), RuntimeError,
     "prelu: Expected `weight` to be a scalar or 1D tensor, but got: ndim = 2"),
    (lambda: tensorlib.arange(3), lambda: tensorlib.tensor([1]), NotImplementedError,
     "\"prelu_cpu\" not implemented for 'Long'"),
    (lambda: tensorlib.randn(2, 3), lambda: tensorlib.ones(3, dtype=tensorlib.float64), RuntimeError,
     "prelu: Type promoting not supported. Got Float and Double"),
    (lambda: tensorlib.tensor(1.0), lambda: tensorlib.ones(2), RuntimeError, "Not allow zero-dim input tensor.")])
def test_prelu_errors(x, weight, error, message):
    with pytest.raises(error) as caught:
        F.prelu(x(), weight())
    assert str(caught.value) == message


def test_prelu_layer():
    layer = tensorlib.nn.PReLU(3, init=0.1, dtype=tensorlib.float64)
    assert repr(layer) == "PReLU(num_parameters=3)" and list(layer.state_dict()) == ["weight"]
    assert layer.weight.dtype == tensorlib.float64 and layer.weight.tolist() == [0.1, 0.1, 0.1]
    layer.weight.data.fill_(0.5)
    layer.reset_parameters()
    assert layer.weight.tolist() == [0.1, 0.1, 0.1]
    out = layer(tensorlib.tensor([[-1.0, 2.0, -3.0]], dtype=tensorlib.float64))
    assert out.tolist() == [[-0.1, 2.0, -0.30000000000000004]]
    out.sum().backward()
    assert layer.weight.grad.tolist() == [-1.0, 0.0, -3.0]
    assert repr(tensorlib.nn.PReLU()) == "PReLU(num_parameters=1)"


@pytest.fixture(scope="module")
def torch():
    return real_torch()


@pytest.mark.parity
class TestPReLUParity:
    @pytest.mark.parametrize("shape, channels", [((2, 3, 4), 3), ((2, 3, 4), 1), ((5,), 1), ((4, 6), 6)])
    @pytest.mark.parametrize("dtype", ["float32", "float64"])
    def test_prelu_matches_pytorch(self, torch, shape, channels, dtype):
        rng = np.random.default_rng(2)
        x, weight, seed = rng.standard_normal(shape), rng.standard_normal(channels), rng.standard_normal(shape)
        results = []
        for lib in (torch, tensorlib):
            t_x = lib.tensor(x, dtype=getattr(lib, dtype), requires_grad=True)
            t_w = lib.tensor(weight, dtype=getattr(lib, dtype), requires_grad=True)
            out = lib.nn.functional.prelu(t_x, t_w)
            (out * lib.tensor(seed, dtype=getattr(lib, dtype))).sum().backward()
            results.append((out.detach().numpy(), t_x.grad.numpy(), t_w.grad.numpy(), out.grad_fn.name()))
        theirs, ours = results
        assert ours[3] == theirs[3]
        for their_array, our_array in zip(theirs[:3], ours[:3]):
            np.testing.assert_allclose(our_array, their_array, rtol=1e-6, atol=1e-6)
        np.testing.assert_array_equal(ours[0], theirs[0])

    def test_prelu_layer_matches_pytorch(self, torch):
        theirs, ours = torch.nn.PReLU(4, init=0.3), tensorlib.nn.PReLU(4, init=0.3)
        assert repr(ours) == repr(theirs)
        np.testing.assert_array_equal(ours.weight.detach().numpy(), theirs.weight.detach().numpy())
