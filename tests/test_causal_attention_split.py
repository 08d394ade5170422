"""Causal scaled_dot_product_attention from 64 query rows, where the CPU kernel multiplies the
first half of the rows with the first half of the keys only: values and gradients against a
NumPy reference (square and non-square, transposed views, float32 and float64), gradcheck."""
import numpy as np
import pytest

import tensorlib
from tensorlib.autograd import gradcheck

F = tensorlib.nn.functional


def _reference(q, k, v, g):
    """Output and (grad_q, grad_k, grad_v) of top-left causal attention, in float64."""
    q, k, v, g = (a.astype(np.float64) for a in (q, k, v, g))
    scale = 1.0 / np.sqrt(q.shape[-1])
    scores = q @ np.swapaxes(k, -1, -2) * scale
    rows, cols = scores.shape[-2:]
    scores = np.where(np.tril(np.ones((rows, cols), bool)), scores, -np.inf)
    w = np.exp(scores - scores.max(-1, keepdims=True))
    w /= w.sum(-1, keepdims=True)
    grad_w = g @ np.swapaxes(v, -1, -2)
    grad_s = w * (grad_w - (grad_w * w).sum(-1, keepdims=True)) * scale
    return w @ v, (grad_s @ k, np.swapaxes(grad_s, -1, -2) @ q, np.swapaxes(w, -1, -2) @ g)


@pytest.mark.parametrize("dtype,tolerance", [(np.float32, 2e-5), (np.float64, 1e-12)])
@pytest.mark.parametrize("rows,cols", [(33, 33), (64, 64), (65, 65), (80, 48), (128, 40)])
@pytest.mark.parametrize("transposed", [False, True])
def test_values_and_gradients(dtype, tolerance, rows, cols, transposed):
    rng = np.random.default_rng(rows + cols)
    q = rng.standard_normal((2, 3, rows, 8)).astype(dtype)
    k, v = (rng.standard_normal((2, 3, cols, 8)).astype(dtype) for _ in range(2))
    g = rng.standard_normal((2, 3, rows, 8)).astype(dtype)

    def tensor(a):
        if transposed:  # (B, L, H, E) memory seen as (B, H, L, E), as a GPT's heads are
            return tensorlib.tensor(np.ascontiguousarray(a.transpose(0, 2, 1, 3))).transpose(1, 2).requires_grad_()
        return tensorlib.tensor(a, requires_grad=True)

    ts = [tensor(a) for a in (q, k, v)]
    out = F.scaled_dot_product_attention(*ts, is_causal=True)
    out.backward(tensorlib.tensor(g))
    expected, grads = _reference(q, k, v, g)
    np.testing.assert_allclose(out.detach().numpy(), expected, rtol=tolerance, atol=tolerance)
    for t, e in zip(ts, grads):
        np.testing.assert_allclose(t.grad.numpy(), e, rtol=tolerance, atol=tolerance)


def test_gradcheck():
    rng = np.random.default_rng(0)
    ts = [tensorlib.tensor(rng.standard_normal((1, 1, 64, 2)), dtype=tensorlib.float64, requires_grad=True)
          for _ in range(3)]
    assert gradcheck(lambda q, k, v: F.scaled_dot_product_attention(q, k, v, is_causal=True), ts)
