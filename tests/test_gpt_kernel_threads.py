"""A GPT's kernels on the pool's threads keep the single-threaded bits.  Stacks of small
products (attention's, batched matmul's) share their matrices out among the threads, each
matrix by the single-threaded call -- NumPy's matmul for attention's products (NumPy's own
BLAS, called as its matmul calls it), MKL's gemm for batched matmul; layer_norm cuts its rows
(and its parameters' gradients by columns); AdamW steps parameters of two chunks and more on
the threads; softmax and log_softmax share out their rows.  scaled_dot_product_attention's,
layer_norm's, softmax's and AdamW's values and gradients are the same on 1, 2 and 3 threads."""
import numpy as np
import pytest

import tensorlib
from tensorlib import _blas, _rows
from tensorlib.backends import _mkl_library, _numpy_blas

F = tensorlib.nn.functional
# (batch, heads, context, head width): the bench GPTs' attention, odd sizes, a causal split
SHAPES = [(8, 2, 32, 32), (4, 4, 64, 24), (2, 3, 17, 5), (3, 2, 65, 8)]


def _on_threads(n, fn):
    """``fn()`` run with ``n`` threads, the setting restored after."""
    before = tensorlib.get_num_threads()
    tensorlib.set_num_threads(n)
    try:
        return fn()
    finally:
        tensorlib.set_num_threads(before)


def _heads(rng, shape, dtype):
    """query, key, value as a GPT hands them: heads of one fused projection, (B, H, T, E) views."""
    batch, heads, context, width = shape
    fused = rng.standard_normal((batch, context, 3 * heads * width)).astype(dtype)
    return [z.reshape(batch, context, heads, width).transpose(0, 2, 1, 3) for z in np.split(fused, 3, axis=2)]


def _products(rng, shape, dtype):
    """(a, b, out shape) of each product attention's forward and backward make."""
    q, k, v = _heads(rng, shape, dtype)
    batch, heads, context, width = shape
    w = rng.standard_normal((batch, heads, context, context)).astype(dtype)
    g = rng.standard_normal((batch, heads, context, width)).astype(dtype)
    half = context // 2
    return [(q, np.swapaxes(k, -1, -2)), (w, v), (np.swapaxes(w, -1, -2), g), (g, np.swapaxes(v, -1, -2)),
            (w, k), (np.swapaxes(w, -1, -2), q), (w[..., half:, :half], v[..., :half, :]),
            (np.swapaxes(w, -1, -2)[..., :half, half:], g[..., half:, :])]


@pytest.mark.skipif(not _numpy_blas.bound(), reason="NumPy's bundled OpenBLAS is not found")
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("shape", SHAPES)
def test_numpy_matmul_keeps_numpys_bits_on_any_threads(dtype, shape):
    rng = np.random.default_rng(sum(shape))
    for a, b in _products(rng, shape, dtype):
        expected = np.matmul(a, b)
        for n in (1, 2, 3):
            out = np.full(expected.shape, np.nan, dtype)
            assert _on_threads(n, lambda a=a, b=b, out=out: _blas.numpy_matmul(a, b, out))
            assert out.tobytes() == expected.tobytes()


@pytest.mark.skipif(not _numpy_blas.bound(), reason="NumPy's bundled OpenBLAS is not found")
def test_numpy_matmul_declines_what_numpy_does_otherwise():
    rng = np.random.default_rng(0)
    q = rng.standard_normal((2, 3, 16, 8)).astype(np.float32)
    out = np.empty((2, 3, 16, 16), np.float32)
    assert not _blas.numpy_matmul(q, np.swapaxes(q, -1, -2), out)  # a matrix times its transpose: syrk
    strided = rng.standard_normal((2, 3, 16, 16)).astype(np.float32)[..., ::2]
    assert not _blas.numpy_matmul(strided, strided, np.empty((2, 3, 16, 8), np.float32))  # copied by NumPy
    row = rng.standard_normal((2, 3, 1, 8)).astype(np.float32)
    assert not _blas.numpy_matmul(row, np.swapaxes(q, -1, -2), np.empty((2, 3, 1, 16), np.float32))  # gemv
    square = rng.standard_normal((2, 3, 16, 16)).astype(np.float32)
    assert not _blas.numpy_matmul(square, square.copy(), square)  # out not apart from an operand


@pytest.mark.skipif(_mkl_library.library() is None, reason="the mkl extra is not installed")
@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("shape", SHAPES)
def test_batched_matmul_keeps_single_threaded_bits(dtype, shape):
    rng = np.random.default_rng(sum(shape))
    q, k, v = (tensorlib.tensor(np.ascontiguousarray(z)) for z in _heads(rng, shape, dtype))
    scores = _on_threads(1, lambda: q @ k.transpose(-2, -1))
    for n in (2, 3):
        assert _on_threads(n, lambda: q @ k.transpose(-2, -1)).numpy().tobytes() == scores.numpy().tobytes()
        assert _on_threads(n, lambda: scores @ v).numpy().tobytes() == _on_threads(1, lambda: scores @ v).numpy().tobytes()


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("causal", [True, False])
def test_attention_same_on_any_threads(dtype, shape, causal):
    rng = np.random.default_rng(sum(shape))
    arrays = _heads(rng, shape, dtype)
    grad = rng.standard_normal(arrays[0].shape).astype(dtype)

    def run():
        ts = [tensorlib.tensor(np.ascontiguousarray(a), requires_grad=True) for a in arrays]
        out = F.scaled_dot_product_attention(*ts, is_causal=causal)
        out.backward(tensorlib.tensor(grad))
        return [out.detach().numpy().tobytes()] + [t.grad.numpy().tobytes() for t in ts]
    one = _on_threads(1, run)
    for n in (2, 3):
        assert _on_threads(n, run) == one


@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("shape", [(256, 64), (4, 64, 96), (7, 33), (300, 200), (3, 4000)])
@pytest.mark.parametrize("affine", [True, False])
def test_layer_norm_same_on_any_threads(dtype, shape, affine):
    """layer_norm's rows (and its parameters' gradients, by columns) on the pool's threads."""
    rng = np.random.default_rng(sum(shape))
    arrays = [rng.standard_normal(size).astype(dtype) for size in (shape, shape[-1:], shape[-1:], shape)]

    def run():
        x, w, b = (tensorlib.tensor(a, requires_grad=True) for a in arrays[:3])
        out = F.layer_norm(x, shape[-1:], w if affine else None, b if affine else None)
        out.backward(tensorlib.tensor(arrays[3]))
        grads = [t.grad.numpy().tobytes() for t in ((x, w, b) if affine else (x,))]
        return [out.detach().numpy().tobytes()] + grads
    one = _on_threads(1, run)
    for n in (2, 3):
        assert _on_threads(n, run) == one


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("kind", [0, 1, 2, 3])
def test_attention_softmax_rows_as_its_three_steps(dtype, kind):
    """Scores, NumPy's exp and normalising in one job on the pool's threads: the bits of the
    three calls in turn, with extreme scores, infinities, NaN and rows with nothing to attend to."""
    rng = np.random.default_rng(kind)
    rows, cols = 300, 37
    scores = (rng.standard_normal(rows * cols) * 60).astype(dtype)
    scores[rng.integers(0, scores.size, 40)] = -np.inf
    scores[rng.integers(0, scores.size, 5)] = np.nan
    scores[3 * cols:4 * cols] = -np.inf
    bool_mask = (rng.random(rows * cols) > 0.2).astype(np.uint8) if kind == 2 else np.empty(0, np.uint8)
    bool_mask[7 * cols:8 * cols] = 0
    add_mask = rng.standard_normal(rows * cols).astype(dtype) if kind == 3 else np.empty(0, dtype)
    scale = dtype(0.3)
    expected, empty = scores.copy(), np.empty(rows, np.uint8)
    with np.errstate(all="ignore"):
        _rows.attention_scores_rows(expected, scale, kind, bool_mask, add_mask, 50, cols, empty)
        np.exp(expected, out=expected)
    _rows.attention_normalize_rows(expected, empty, cols)
    for n in (1, 2, 3):
        got, got_empty = scores.copy(), np.empty(rows, np.uint8)
        assert _on_threads(n, lambda got=got, got_empty=got_empty: _rows.attention_softmax_rows(
            got, scale, kind, bool_mask, add_mask, 50, cols, got_empty))
        assert got.tobytes() == expected.tobytes() and got_empty.tobytes() == empty.tobytes()


@pytest.mark.parametrize("size", [(96, 288), (384, 96), (100, 200)])
def test_adamw_same_on_any_threads(size):
    """An AdamW step of a parameter of two or more chunks runs them on the pool's threads."""
    rng = np.random.default_rng(sum(size))
    start, grads = rng.standard_normal(size).astype(np.float32), rng.standard_normal((3,) + size).astype(np.float32)

    def run():
        param = tensorlib.nn.Parameter(tensorlib.tensor(start))
        optimizer = tensorlib.optim.AdamW([param], lr=1e-2, betas=(0.9, 0.95), weight_decay=0.1)
        for grad in grads:
            param.grad = tensorlib.tensor(grad)
            optimizer.step()
        return param.detach().numpy().tobytes()
    one = _on_threads(1, run)
    for n in (2, 3):
        assert _on_threads(n, run) == one


@pytest.mark.parametrize("shape", [(8, 2, 32, 32), (256, 65), (3, 4000), (4, 4, 64, 64)])
def test_softmax_rows_same_on_any_threads(shape):
    """Softmax and log_softmax rows from 8192 elements shared out among the threads."""
    rng = np.random.default_rng(sum(shape))
    scores, grad = rng.standard_normal(shape).astype(np.float32), rng.standard_normal(shape).astype(np.float32)

    def run():
        x = tensorlib.tensor(scores, requires_grad=True)
        outs = [F.softmax(x, -1), F.log_softmax(x, -1)]
        (outs[0] + outs[1]).backward(tensorlib.tensor(grad))
        return [o.detach().numpy().tobytes() for o in outs] + [x.grad.numpy().tobytes()]
    one = _on_threads(1, run)
    for n in (2, 3):
        assert _on_threads(n, run) == one
