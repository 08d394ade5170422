"""Softmax's float32 gradient over the last dim as one kernel: PyTorch's single-threaded bits
for the attention rows of a GPT (masked scores, rows of 32 and 64; the composed formula's sum
of the products in another order than PyTorch's gives other last bits), and the composed
formula under create_graph."""
import numpy as np
import pytest
from parity import single_threaded_torch

import tensorlib

pytestmark = pytest.mark.parity
torch = pytest.fixture(scope="module", name="torch")(single_threaded_torch)


def _causal_scores(rng, shape):
    scores = rng.standard_normal(shape).astype(np.float32) * 3
    return np.where(np.tril(np.ones(shape[-2:], bool)), scores, -np.inf).astype(np.float32)


@pytest.mark.parametrize("shape", [(8, 2, 32, 32), (4, 4, 64, 64), (3, 5, 16, 16), (2, 7, 7)])
def test_gradient_bits_as_pytorch(torch, shape):
    rng = np.random.default_rng(sum(shape))
    scores, grad = _causal_scores(rng, shape), rng.standard_normal(shape).astype(np.float32)
    grads = []
    for lib in (tensorlib, torch):
        x = lib.tensor(scores, requires_grad=True)
        lib.softmax(x, -1).backward(lib.tensor(grad))
        grads.append(x.grad.numpy().tobytes())
    assert grads[0] == grads[1]


def test_create_graph_runs_the_composed_formula():
    rng = np.random.default_rng(0)
    scores, grad = _causal_scores(rng, (2, 3, 8, 8)), rng.standard_normal((2, 3, 8, 8)).astype(np.float32)
    x = tensorlib.tensor(scores, requires_grad=True)
    y = tensorlib.softmax(x, -1)
    (first,) = tensorlib.autograd.grad(y, x, tensorlib.tensor(grad), create_graph=True)
    g = tensorlib.tensor(grad)
    composed = y * (g - (g * y).sum(-1, keepdim=True))
    np.testing.assert_array_equal(first.detach().numpy(), composed.detach().numpy())
    np.testing.assert_allclose(first.detach().numpy(), tensorlib.autograd.grad(y, x, g)[0].numpy(), rtol=1e-5,
                               atol=1e-6)
