"""Batched products of attention-sized matrices (each by one gemm, run in one compiled loop
over the batch) on the strided views a GPT hands them: heads split out of a fused
query/key/value projection, keys transposed.  Each matrix of the batch carries the bits of
the 2-D product of that matrix alone, and minGPT's attention scores PyTorch's bits where
the ``mkl`` extra is installed."""
import numpy as np
import pytest

import tensorlib
from parity import single_threaded_torch
from tensorlib.backends import _mkl_library

pytestmark = [pytest.mark.parity,
              pytest.mark.skipif(_mkl_library.library() is None, reason="the mkl extra is not installed")]


torch = pytest.fixture(scope="module", name="torch")(single_threaded_torch)


def _heads(lib, fused, batch, context, heads, width):
    """query, key, value as (batch, heads, context, width // heads) views of ``fused``."""
    x = lib.tensor(fused)
    return [z.view(batch, context, heads, width // heads).transpose(1, 2) for z in x.split(width, dim=2)]


def _bits(t):
    return np.ascontiguousarray(t.detach().numpy()).tobytes()


@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("batch,context,heads,width", [(8, 32, 2, 64), (2, 20, 3, 24), (1, 9, 1, 8)])
def test_each_matrix_as_alone(dtype, batch, context, heads, width):
    rng = np.random.default_rng(context + width)
    fused = rng.standard_normal((batch, context, 3 * width)).astype(dtype)
    grad = tensorlib.tensor(rng.standard_normal((batch, heads, context, context)).astype(dtype))
    q, k, v = _heads(tensorlib, fused, batch, context, heads, width)
    for a, b in ((q, k.transpose(-2, -1)), (grad, v), (v.transpose(-2, -1), grad), (grad.transpose(-2, -1), q)):
        batched = a @ b
        for i in range(batch):
            for j in range(heads):
                assert _bits(batched[i, j]) == _bits(a[i, j] @ b[i, j])


def test_mingpt_scores_bits(torch):
    rng = np.random.default_rng(0)
    fused = rng.standard_normal((8, 32, 192)).astype(np.float32)
    results = []
    for lib in (tensorlib, torch):
        q, k, v = _heads(lib, fused, 8, 32, 2, 64)
        scores = q @ k.transpose(-2, -1)
        results.append([_bits(scores), _bits(scores @ v)])
    assert results[0] == results[1]


def test_broadcast_batch_bits(torch):
    rng = np.random.default_rng(0)
    a = rng.standard_normal((4, 3, 16, 24)).astype(np.float32)
    b = rng.standard_normal((1, 3, 24, 16)).astype(np.float32)
    ours = tensorlib.tensor(a) @ tensorlib.tensor(b).expand(4, 3, 24, 16)
    theirs = torch.tensor(a) @ torch.tensor(b).expand(4, 3, 24, 16)
    assert _bits(ours) == _bits(theirs)
