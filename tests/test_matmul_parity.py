"""With the ``mkl`` extra installed, float matrix products give PyTorch's bits: the
same MKL routine, arranged as PyTorch arranges it (operand order, transposition
flags, the bias of addmm accumulated inside the gemm), and batched products
below 400 multiply-adds per matrix summed term by term as PyTorch's loop does."""
import numpy as np
import pytest

import tensorlib
from parity import single_threaded_torch
from tensorlib.backends import _mkl_library

pytestmark = [pytest.mark.parity,
              pytest.mark.skipif(_mkl_library.library() is None, reason="the mkl extra is not installed")]


torch = pytest.fixture(scope="module", name="torch")(single_threaded_torch)


def _layout(lib, array, how):
    t = lib.tensor(array)
    if how == "transposed":
        return lib.tensor(np.ascontiguousarray(array.T)).t()
    if how == "sliced":
        wide = np.zeros((array.shape[0], array.shape[1] * 2), array.dtype)
        wide[:, ::2] = array
        return lib.tensor(wide)[:, ::2]
    return t


def _same_bits(ours, theirs):
    mine = np.asarray(ours.detach().numpy())
    reference = theirs.detach().numpy()
    assert mine.shape == reference.shape
    assert mine.tobytes() == reference.tobytes()


SHAPES = [(1, 1, 1), (5, 1, 3), (64, 10, 32), (10, 784, 128), (33, 300, 70), (200, 300, 100)]


@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("m,k,n", SHAPES)
@pytest.mark.parametrize("layout_a", ["contiguous", "transposed", "sliced"])
@pytest.mark.parametrize("layout_b", ["contiguous", "transposed"])
def test_mm_and_addmm_bits(torch, dtype, m, k, n, layout_a, layout_b):
    rng = np.random.default_rng(m * 1000 + k * 10 + n)
    a = rng.standard_normal((m, k)).astype(dtype)
    b = rng.standard_normal((k, n)).astype(dtype)
    bias = rng.standard_normal(n).astype(dtype)
    for lib_op in (lambda lib, x, y: x @ y,
                   lambda lib, x, y: lib.addmm(lib.tensor(bias), x, y),
                   lambda lib, x, y: lib.addmm(lib.tensor(bias), x, y, beta=0.5, alpha=-2.0)):
        ours = lib_op(tensorlib, _layout(tensorlib, a, layout_a), _layout(tensorlib, b, layout_b))
        theirs = lib_op(torch, _layout(torch, a, layout_a), _layout(torch, b, layout_b))
        _same_bits(ours, theirs)


@pytest.mark.parametrize("batch,m,k,n", [(3, 4, 5, 6), (2, 7, 8, 7), (4, 16, 24, 16), (2, 32, 64, 48)])
def test_batched_products_bits(torch, batch, m, k, n):
    rng = np.random.default_rng(batch + m + k + n)
    a = rng.standard_normal((batch, 2, m, k)).astype(np.float32)
    b = rng.standard_normal((batch, 2, k, n)).astype(np.float32)
    _same_bits(tensorlib.tensor(a) @ tensorlib.tensor(b), torch.tensor(a) @ torch.tensor(b))
    _same_bits(tensorlib.bmm(tensorlib.tensor(a[:, 0]), tensorlib.tensor(b[:, 0])),
               torch.bmm(torch.tensor(a[:, 0]), torch.tensor(b[:, 0])))
    _same_bits(tensorlib.tensor(a) @ tensorlib.tensor(b[0, 0]), torch.tensor(a) @ torch.tensor(b[0, 0]))


def _node_names(fn, depth=0):
    """The graph below ``fn``, depth first, as PyTorch's node names."""
    if fn is None or depth > 4:
        return []
    return [type(fn).__name__] + [name for nxt, _ in fn.next_functions for name in _node_names(nxt, depth + 1)]


# the input's layout matters: PyTorch views a contiguous input as a matrix for one addmm, and
# multiplies any other (copied or aliased as a matrix) before it adds the bias: other bits, other nodes
@pytest.mark.parametrize("shape", [(64, 10, 32), (8, 3, 50, 20), (7, 3), (5, 4, 9, 6)])
@pytest.mark.parametrize("layout", ["contiguous", "leading dims swapped", "last dim sliced"])
@pytest.mark.parametrize("bias", [True, False])
def test_linear_gradients_bits(torch, shape, layout, bias):
    rng = np.random.default_rng(len(shape))
    x = rng.standard_normal(shape[:-1]).astype(np.float32)
    w = rng.standard_normal(shape[-2:][::-1]).astype(np.float32)
    b = rng.standard_normal(shape[-1]).astype(np.float32)
    results = []
    for lib in (tensorlib, torch):
        if layout == "contiguous" or len(shape) < 3:
            leaf = lib.tensor(x, requires_grad=True)
            xt = leaf * 1
        elif layout == "leading dims swapped":
            leaf = lib.tensor(np.ascontiguousarray(np.swapaxes(x, 0, 1)), requires_grad=True)
            xt = leaf.transpose(0, 1)
        else:
            leaf = lib.tensor(np.concatenate([x, x], -1), requires_grad=True)
            xt = leaf[..., :x.shape[-1]]
        wt, bt = lib.tensor(w, requires_grad=True), lib.tensor(b, requires_grad=True) if bias else None
        out = lib.nn.functional.linear(xt, wt, bt)
        names = _node_names(out.grad_fn)
        (out * out).sum().backward()
        results.append((names, out, leaf.grad, wt.grad) + ((bt.grad,) if bias else ()))
    assert results[0][0] == results[1][0]
    for ours, theirs in zip(results[0][1:], results[1][1:]):
        _same_bits(ours, theirs)


@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("rows,cols", [(1, 1), (1000, 2), (64, 7), (33, 300), (5, 1)])
@pytest.mark.parametrize("layout", ["contiguous", "transposed", "sliced"])
def test_matrix_vector_products_bits(torch, dtype, rows, cols, layout):
    rng = np.random.default_rng(rows + cols)
    a = rng.standard_normal((rows, cols)).astype(dtype)
    v, w = rng.standard_normal(cols).astype(dtype), rng.standard_normal(rows).astype(dtype)
    _same_bits(_layout(tensorlib, a, layout) @ tensorlib.tensor(v), _layout(torch, a, layout) @ torch.tensor(v))
    _same_bits(tensorlib.tensor(w) @ _layout(tensorlib, a, layout), torch.tensor(w) @ _layout(torch, a, layout))
    _same_bits(tensorlib.tensor(v) @ tensorlib.tensor(v), torch.tensor(v) @ torch.tensor(v))
