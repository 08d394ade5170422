"""The compiled convolution, max-pooling, batch-norm and relu-gradient kernels against a live
PyTorch on one thread: max pooling's values, indices (NaN, ties, -inf windows, padding) and
gradients and relu's gradient bit for bit; convolution and batch norm (values, gradients,
running statistics) within float rounding.  Skipped without PyTorch."""
import numpy as np
import pytest

import tensorlib
from parity import single_threaded_torch

pytestmark = pytest.mark.parity


@pytest.fixture(scope="module")
def torch():
    yield from single_threaded_torch()


def _pair(torch, array, transposed=False):
    """A tensorlib and a PyTorch leaf, and views of them holding ``array``'s values (transposed
    views of leaves with the last two dims swapped, when ``transposed``)."""
    if transposed:
        array = np.ascontiguousarray(np.swapaxes(array, -1, -2))
    ours, theirs = tensorlib.tensor(array, requires_grad=True), torch.tensor(array, requires_grad=True)
    if transposed:
        return ours, theirs, ours.transpose(-1, -2), theirs.transpose(-1, -2)
    return ours, theirs, ours, theirs


def _pooled_input(shape, dtype, seed):
    """Values with ties, NaN and infinities."""
    rng = np.random.default_rng(seed)
    x = rng.integers(-3, 4, shape).astype(dtype)
    flat = x.reshape(-1)
    flat[rng.random(flat.size) < 0.05] = np.nan
    flat[rng.random(flat.size) < 0.05] = -np.inf
    flat[rng.random(flat.size) < 0.02] = np.inf
    return x


POOLS = [("max_pool2d", (8, 4, 8, 8), dict(kernel_size=2)),
         ("max_pool2d", (3, 2, 9, 7), dict(kernel_size=3, stride=2, padding=1, ceil_mode=True)),
         ("max_pool2d", (2, 3, 9, 8), dict(kernel_size=(2, 3), dilation=2, padding=1)),
         ("max_pool3d", (2, 2, 5, 6, 7), dict(kernel_size=3, stride=2, padding=1)),
         ("max_pool1d", (2, 3, 11), dict(kernel_size=3, stride=2, dilation=2)),
         # 2x2 windows inside the input take their own loop; an overhanging ceil-mode one does not
         ("max_pool2d", (4, 3, 7, 9), dict(kernel_size=2, stride=1)),
         ("max_pool2d", (4, 3, 7, 9), dict(kernel_size=2, stride=(3, 2))),
         ("max_pool2d", (2, 3, 7, 7), dict(kernel_size=2, ceil_mode=True)),
         ("max_pool3d", (2, 3, 4, 6, 7), dict(kernel_size=(1, 2, 2), stride=(2, 2, 2)))]


@pytest.mark.parametrize("transposed", [False, True])
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("case", range(len(POOLS)))
def test_max_pooling_matches_pytorch_bit_for_bit(torch, case, dtype, transposed):
    name, shape, kwargs = POOLS[case]
    ours, theirs, x, tx = _pair(torch, _pooled_input(shape, dtype, case), transposed)
    values, indices = getattr(tensorlib.nn.functional, name)(x, return_indices=True, **kwargs)
    t_values, t_indices = getattr(torch.nn.functional, name)(tx, return_indices=True, **kwargs)
    assert np.array_equal(values.detach().numpy(), t_values.detach().numpy(), equal_nan=True)
    assert np.array_equal(indices.numpy(), t_indices.numpy())
    g = np.random.default_rng(1).standard_normal(tuple(values.shape)).astype(dtype)
    values.backward(tensorlib.tensor(g))
    t_values.backward(torch.tensor(g))
    assert np.array_equal(ours.grad.numpy(), theirs.grad.numpy())


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_relu_gradient_matches_pytorch_bit_for_bit(torch, dtype):
    x = _pooled_input((6, 5, 4), dtype, 9)
    g = np.random.default_rng(2).standard_normal(x.shape).astype(dtype)
    g.reshape(-1)[::7] = np.nan
    ours, theirs, _, _ = _pair(torch, x)
    tensorlib.relu(ours).backward(tensorlib.tensor(g))
    torch.relu(theirs).backward(torch.tensor(g))
    assert np.array_equal(ours.grad.numpy(), theirs.grad.numpy(), equal_nan=True)


CONVS = [("conv2d", (8, 3, 8, 8), (6, 3, 3, 3), dict(padding=1)),
         ("conv2d", (3, 4, 9, 7), (6, 2, 3, 2), dict(groups=2, stride=2, dilation=(1, 2), padding=(1, 0))),
         ("conv1d", (2, 3, 11), (4, 3, 4), dict(padding="same")),
         ("conv3d", (2, 2, 5, 6, 5), (4, 2, 2, 3, 2), dict(stride=(1, 2, 1), padding=1))]


@pytest.mark.filterwarnings("ignore:Using padding='same' with even kernel lengths")
@pytest.mark.parametrize("transposed", [False, True])
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("case", range(len(CONVS)))
def test_convolution_is_close_to_pytorch(torch, case, dtype, transposed):
    name, x_shape, w_shape, kwargs = CONVS[case]
    rng = np.random.default_rng(case)
    ours, theirs, x, tx = _pair(torch, rng.standard_normal(x_shape).astype(dtype), transposed)
    w, tw, _, _ = _pair(torch, rng.standard_normal(w_shape).astype(dtype))
    b, tb, _, _ = _pair(torch, rng.standard_normal(w_shape[0]).astype(dtype))
    out = getattr(tensorlib.nn.functional, name)(x, w, b, **kwargs)
    t_out = getattr(torch.nn.functional, name)(tx, tw, tb, **kwargs)
    g = rng.standard_normal(tuple(out.shape)).astype(dtype)
    out.backward(tensorlib.tensor(g))
    t_out.backward(torch.tensor(g))
    tol = dict(rtol=1e-4, atol=1e-4) if dtype == np.float32 else dict(rtol=1e-10, atol=1e-10)
    assert out.grad_fn is None and t_out.grad_fn is None or out.grad_fn.name() == t_out.grad_fn.name()
    for a, t in ((out.detach(), t_out.detach()), (ours.grad, theirs.grad), (w.grad, tw.grad), (b.grad, tb.grad)):
        np.testing.assert_allclose(a.numpy(), t.numpy(), **tol)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("shape", [(64, 16, 8, 8), (6, 3), (4, 3, 7)])
def test_batch_norm_training_is_close_to_pytorch(torch, shape, dtype):
    rng = np.random.default_rng(len(shape))
    ours, theirs, _, _ = _pair(torch, (rng.standard_normal(shape) * 2 + 1).astype(dtype))
    layer = tensorlib.nn.BatchNorm1d(shape[1]) if len(shape) < 4 else tensorlib.nn.BatchNorm2d(shape[1])
    t_layer = (torch.nn.BatchNorm1d(shape[1]) if len(shape) < 4 else torch.nn.BatchNorm2d(shape[1])).to(
        getattr(torch, np.dtype(dtype).name))
    layer = layer.to(getattr(tensorlib, np.dtype(dtype).name))
    out, t_out = layer(ours), t_layer(theirs)
    g = rng.standard_normal(shape).astype(dtype)
    out.backward(tensorlib.tensor(g))
    t_out.backward(torch.tensor(g))
    assert out.grad_fn.name() == t_out.grad_fn.name()
    tol = dict(rtol=1e-5, atol=1e-5) if dtype == np.float32 else dict(rtol=1e-12, atol=1e-12)
    pairs = [(out.detach(), t_out.detach()), (ours.grad, theirs.grad), (layer.weight.grad, t_layer.weight.grad),
             (layer.bias.grad, t_layer.bias.grad), (layer.running_mean, t_layer.running_mean),
             (layer.running_var, t_layer.running_var)]
    for a, t in pairs:
        np.testing.assert_allclose(a.numpy(), t.detach().numpy(), **tol)
