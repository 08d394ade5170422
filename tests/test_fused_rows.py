"""The transformer layers' fused kernels (pyx/_rows.pyx through backends/_cpu_rows.py, and their
CuPy compositions on the CUDA stand-in): layer_norm, gelu and scaled_dot_product_attention
forward and backward against NumPy, on contiguous and non-contiguous inputs, float32 and
float64; float64 gradcheck and gradgradcheck (the composed formulas under create_graph); the
node names; embedding's lookup and summed gradient (the index_add's bits); and parity with
PyTorch (values and gradients within tolerance, embedding's gradient bit for bit)."""
import math

import numpy as np
import pytest
from parity import real_torch

import tensorlib
import tensorlib.nn.functional as F
from tensorlib.autograd import gradcheck, gradgradcheck
from tensorlib.backends import cuda as cuda_backend

DTYPES = [np.float32, np.float64]
TOLERANCE = {np.float32: {"rtol": 2e-5, "atol": 2e-6}, np.float64: {"rtol": 1e-11, "atol": 1e-12}}


def _layouts(a):
    """``a`` as tensors of several layouts: contiguous, transposed back, a slice, a 0-stride expand."""
    yield "contiguous", tensorlib.tensor(a)
    yield "transposed", tensorlib.tensor(np.ascontiguousarray(np.swapaxes(a, 0, -2))).transpose(0, -2)
    wide = np.concatenate([a, a], axis=-1)
    yield "sliced", tensorlib.tensor(wide)[..., : a.shape[-1]]
    yield "expanded", tensorlib.tensor(a[:1]).expand(*a.shape) if a.shape[0] > 1 else tensorlib.tensor(a)


def _np_layer_norm(x, w, b, dims, eps=1e-5):
    axes = tuple(range(x.ndim - dims, x.ndim))
    mean = x.mean(axes, keepdims=True)
    var = ((x - mean) ** 2).mean(axes, keepdims=True)
    xhat = (x - mean) / np.sqrt(var + eps)
    return xhat * (1 if w is None else w) + (0 if b is None else b), xhat, 1 / np.sqrt(var + eps)


def _np_layer_norm_grads(x, w, b, g, dims, eps=1e-5):
    _, xhat, rstd = _np_layer_norm(x, w, b, dims, eps)
    axes = tuple(range(x.ndim - dims, x.ndim))
    gy = g * (1 if w is None else w)
    gx = (gy - gy.mean(axes, keepdims=True) - xhat * (gy * xhat).mean(axes, keepdims=True)) * rstd
    batch = tuple(range(x.ndim - dims))
    return gx, (g * xhat).sum(batch), g.sum(batch)


def _np_gelu(x, approximate):
    x = x.astype(np.float64)
    if approximate == "tanh":
        return 0.5 * x * (1 + np.tanh(math.sqrt(2 / math.pi) * (x + 0.044715 * x ** 3)))
    return 0.5 * x * (1 + np.vectorize(math.erf)(x / math.sqrt(2)))


def _np_gelu_grad(x, approximate):
    x = x.astype(np.float64)
    if approximate == "tanh":
        k = math.sqrt(2 / math.pi)
        t = np.tanh(k * (x + 0.044715 * x ** 3))
        return 0.5 * (1 + t) + 0.5 * x * (1 - t * t) * k * (1 + 3 * 0.044715 * x * x)
    return 0.5 * (1 + np.vectorize(math.erf)(x / math.sqrt(2))) + x * np.exp(-x * x / 2) / math.sqrt(2 * math.pi)


def _np_attention(q, k, v, mask=None, causal=False, scale=None):
    scale = 1 / math.sqrt(q.shape[-1]) if scale is None else scale
    scores = q @ np.swapaxes(k, -1, -2) * scale
    if causal:
        mask = np.tril(np.ones(scores.shape[-2:], bool))
    if mask is not None:
        scores = np.where(mask, scores, -np.inf) if mask.dtype == bool else scores + mask
    top = scores.max(-1, keepdims=True)
    valid = top > -np.inf
    e = np.exp(np.where(valid, scores - np.where(valid, top, 0), -np.inf))
    weights = np.where(valid, e / np.where(valid, e.sum(-1, keepdims=True), 1), 0)
    return weights @ v, weights


def _np_attention_grads(q, k, v, g, mask=None, causal=False, scale=None):
    scale = 1 / math.sqrt(q.shape[-1]) if scale is None else scale
    _, p = _np_attention(q, k, v, mask, causal, scale)
    gv = np.swapaxes(p, -1, -2) @ g
    gp = g @ np.swapaxes(v, -1, -2)
    gs = p * (gp - (gp * p).sum(-1, keepdims=True)) * scale
    return gs @ k, np.swapaxes(gs, -1, -2) @ q, gv


class TestLayerNorm:
    @pytest.mark.parametrize("dtype", DTYPES)
    @pytest.mark.parametrize("affine", [True, False])
    def test_values_and_gradients_in_every_layout(self, dtype, affine):
        rng = np.random.default_rng(1)
        x = rng.standard_normal((4, 6, 10)).astype(dtype) * 3 + 1
        w = rng.standard_normal(10).astype(dtype) if affine else None
        b = rng.standard_normal(10).astype(dtype) if affine else None
        g = rng.standard_normal(x.shape).astype(dtype)
        expected = _np_layer_norm(x.astype(np.float64), w, b, 1)[0]
        gx, gw, gb = _np_layer_norm_grads(x.astype(np.float64), w, b, g.astype(np.float64), 1)
        for layout, t in _layouts(x):
            xt = t.detach().requires_grad_()
            wt = None if w is None else tensorlib.tensor(w, requires_grad=True)
            bt = None if b is None else tensorlib.tensor(b, requires_grad=True)
            out = F.layer_norm(xt, (10,), wt, bt)
            assert out.grad_fn.name() == "NativeLayerNormBackward0"
            np.testing.assert_allclose(out.detach().numpy(), _np_layer_norm(t.numpy().astype(np.float64), w, b, 1)[0],
                                       err_msg=layout, **TOLERANCE[dtype])
            out.backward(tensorlib.tensor(g))
            if layout == "contiguous":
                np.testing.assert_allclose(out.detach().numpy(), expected, **TOLERANCE[dtype])
                np.testing.assert_allclose(xt.grad.numpy(), gx, **TOLERANCE[dtype])
                if affine:
                    np.testing.assert_allclose(wt.grad.numpy(), gw, **TOLERANCE[dtype])
                    np.testing.assert_allclose(bt.grad.numpy(), gb, **TOLERANCE[dtype])

    def test_several_normalized_dims_and_only_bias_gradient(self):
        rng = np.random.default_rng(2)
        x, b, g = rng.standard_normal((3, 4, 5)), rng.standard_normal((4, 5)), rng.standard_normal((3, 4, 5))
        bt = tensorlib.tensor(b, requires_grad=True)
        out = F.layer_norm(tensorlib.tensor(x), (4, 5), None, bt)
        np.testing.assert_allclose(out.detach().numpy(), _np_layer_norm(x, None, b, 2)[0], rtol=1e-12, atol=1e-12)
        out.backward(tensorlib.tensor(g))
        np.testing.assert_allclose(bt.grad.numpy(), g.sum(0), rtol=1e-12)

    def test_gradcheck_and_gradgradcheck(self):
        rng = np.random.default_rng(3)
        x, w, b = (tensorlib.tensor(rng.standard_normal(s), requires_grad=True) for s in ((3, 4, 6), (6,), (6,)))
        assert gradcheck(lambda x, w, b: F.layer_norm(x, (6,), w, b), (x, w, b))
        assert gradgradcheck(lambda x, w, b: F.layer_norm(x, (6,), w, b), (x, w, b))
        assert gradcheck(lambda x: F.layer_norm(x, (4, 6)), (x,))

    def test_half_precision_and_empty(self):
        x = tensorlib.randn(3, 8)
        np.testing.assert_allclose(F.layer_norm(x.half(), (8,)).float().numpy(), F.layer_norm(x, (8,)).numpy(),
                                   atol=3e-3)
        assert F.layer_norm(tensorlib.zeros(0, 8), (8,)).shape == (0, 8)

    def test_statistics_saved_with_kept_dims(self):
        x = tensorlib.randn(2, 3, 4, requires_grad=True)
        node = F.layer_norm(x, (3, 4)).grad_fn
        mean, rstd = node.saved_tensors[-2:]
        assert tuple(mean.shape) == tuple(rstd.shape) == (2, 1, 1)
        np.testing.assert_allclose(mean.numpy().ravel(), x.detach().numpy().reshape(2, -1).mean(1), atol=1e-6)


class TestGelu:
    @pytest.mark.parametrize("dtype", DTYPES)
    @pytest.mark.parametrize("approximate", ["none", "tanh"])
    def test_values_and_gradients_in_every_layout(self, dtype, approximate):
        rng = np.random.default_rng(4)
        x = (rng.standard_normal((5, 7, 9)) * 3).astype(dtype)
        x.flat[:6] = [0.0, -0.0, 40.0, -40.0, 1e-30, -9.0]
        tolerance = {"rtol": 1e-6, "atol": 1e-6} if dtype == np.float32 else {"rtol": 1e-12, "atol": 1e-14}
        for layout, t in _layouts(x):
            xt = t.detach().requires_grad_()
            out = F.gelu(xt, approximate=approximate)
            assert out.grad_fn.name() == "GeluBackward0"
            reference = t.numpy()
            np.testing.assert_allclose(out.detach().numpy(), _np_gelu(reference, approximate), err_msg=layout,
                                       **tolerance)
            g = rng.standard_normal(x.shape).astype(dtype)
            out.backward(tensorlib.tensor(g))
            np.testing.assert_allclose(xt.grad.numpy(), g * _np_gelu_grad(reference, approximate), err_msg=layout,
                                       **tolerance)

    @pytest.mark.parametrize("dtype, approximate", [(tensorlib.float32, "tanh"), (tensorlib.float64, "tanh"),
                                                    (tensorlib.float64, "none")])
    def test_kernel_rounds_as_the_composed_formula(self, dtype, approximate):
        """The tanh form and float64 keep the composed formula's bits (its vector tanh/erf/exp)."""
        x = tensorlib.randn(4096, dtype=dtype) * 3
        g = tensorlib.randn(4096, dtype=dtype)
        if approximate == "tanh":
            k = math.sqrt(2.0 / math.pi)
            value = x * 0.5 * (((x + x * x * x * 0.044715) * k).tanh() + 1)
            t = ((x * x * x * 0.044715 + x) * k).tanh()
            grad = g * ((t + 1) * 0.5 + x * 0.5 * (-(t * t) + 1) * ((x * x * (3 * 0.044715) + 1) * k))
        else:
            value = x * 0.5 * ((x * (1.0 / math.sqrt(2.0))).erf() + 1)
            cdf = ((x * (1 / math.sqrt(2.0))).erf() + 1) * 0.5
            grad = g * (cdf + x * ((-(x * x) * 0.5).exp() * (1 / math.sqrt(2.0 * math.pi))))
        xt = x.clone().requires_grad_()
        out = F.gelu(xt, approximate=approximate)
        out.backward(g)
        np.testing.assert_array_equal(out.detach().numpy(), value.numpy())
        np.testing.assert_array_equal(xt.grad.numpy(), grad.numpy())

    def test_nan_and_infinities(self):
        x = tensorlib.tensor([math.nan, math.inf, -math.inf, 0.0], requires_grad=True)
        out = F.gelu(x)
        values = out.detach().numpy()
        assert math.isnan(values[0]) and values[1] == math.inf and values[3] == 0
        out.sum().backward()
        assert math.isnan(x.grad.numpy()[0]) and x.grad.numpy()[3] == 0.5

    @pytest.mark.parametrize("approximate", ["none", "tanh"])
    def test_gradcheck_and_gradgradcheck(self, approximate):
        x = tensorlib.tensor(np.random.default_rng(5).standard_normal((4, 5)) * 2, requires_grad=True)
        assert gradcheck(lambda x: F.gelu(x, approximate=approximate), (x,))
        assert gradgradcheck(lambda x: F.gelu(x, approximate=approximate), (x,))

    def test_half_precision_and_empty(self):
        x = tensorlib.randn(64)
        np.testing.assert_allclose(F.gelu(x.half()).float().numpy(), F.gelu(x).numpy(), atol=4e-3)
        assert F.gelu(tensorlib.zeros(0, 3)).shape == (0, 3)


class TestScaledDotProductAttention:
    @pytest.mark.parametrize("dtype", DTYPES)
    @pytest.mark.parametrize("options", ["causal", "bool", "float", "none", "scale"])
    def test_values_and_gradients(self, dtype, options):
        rng = np.random.default_rng(6)
        q, k, v, g = (rng.standard_normal(s).astype(dtype) for s in ((2, 3, 5, 4), (2, 3, 7, 4), (2, 3, 7, 4),
                                                                     (2, 3, 5, 4)))
        mask, kwargs, causal, scale = None, {}, False, None
        if options == "causal":
            kwargs, causal = {"is_causal": True}, True
        elif options == "bool":
            mask = rng.standard_normal((5, 7)) > 0
            mask[2] = False   # a row with nothing to attend to: weights 0
            kwargs = {"attn_mask": tensorlib.tensor(mask)}
        elif options == "float":
            mask = rng.standard_normal((3, 1, 7)).astype(dtype)
            kwargs = {"attn_mask": tensorlib.tensor(mask)}
        elif options == "scale":
            kwargs, scale = {"scale": 0.3}, 0.3
        expected = _np_attention(*(a.astype(np.float64) for a in (q, k, v)), mask, causal, scale)[0]
        grads = _np_attention_grads(*(a.astype(np.float64) for a in (q, k, v, g)), mask, causal, scale)
        tensors = [tensorlib.tensor(a, requires_grad=True) for a in (q, k, v)]
        out = F.scaled_dot_product_attention(*tensors, **kwargs)
        assert out.grad_fn.name() == "ScaledDotProductFlashAttentionForCpuBackward0"
        tolerance = {"rtol": 1e-5, "atol": 1e-6} if dtype == np.float32 else {"rtol": 1e-11, "atol": 1e-12}
        np.testing.assert_allclose(out.detach().numpy(), expected, **tolerance)
        out.backward(tensorlib.tensor(g))
        for t, expected_grad in zip(tensors, grads):
            np.testing.assert_allclose(t.grad.numpy(), expected_grad, **tolerance)

    def test_non_contiguous_heads_as_a_gpt_splits_them(self):
        rng = np.random.default_rng(7)
        qkv = rng.standard_normal((2, 6, 3 * 8))
        x = tensorlib.tensor(qkv, requires_grad=True)
        q, k, v = (z.view(2, 6, 2, 4).transpose(1, 2) for z in x.split(8, dim=2))
        out = F.scaled_dot_product_attention(q, k, v, is_causal=True)
        nq, nk, nv = (np.swapaxes(qkv[..., i * 8:(i + 1) * 8].reshape(2, 6, 2, 4), 1, 2) for i in range(3))
        np.testing.assert_allclose(out.detach().numpy(), _np_attention(nq, nk, nv, causal=True)[0], rtol=1e-12)
        g = rng.standard_normal(out.shape)
        out.backward(tensorlib.tensor(g))
        gq, gk, gv = (np.swapaxes(a, 1, 2).reshape(2, 6, 8) for a in _np_attention_grads(nq, nk, nv, g, causal=True))
        np.testing.assert_allclose(x.grad.numpy(), np.concatenate([gq, gk, gv], -1), rtol=1e-10, atol=1e-12)

    def test_gradcheck_and_gradgradcheck(self):
        rng = np.random.default_rng(8)
        q, k, v = (tensorlib.tensor(rng.standard_normal(s), requires_grad=True) for s in ((1, 2, 3, 4), (1, 2, 5, 4),
                                                                                          (1, 2, 5, 4)))
        mask = tensorlib.tensor(rng.standard_normal((3, 5)) > -0.3)
        for kwargs in ({"is_causal": True}, {"attn_mask": mask}, {"scale": 0.7}):
            assert gradcheck(lambda q, k, v, kw=kwargs: F.scaled_dot_product_attention(q, k, v, **kw), (q, k, v))
            assert gradgradcheck(lambda q, k, v, kw=kwargs: F.scaled_dot_product_attention(q, k, v, **kw), (q, k, v))

    def test_only_some_inputs_need_gradients(self):
        q = tensorlib.randn(1, 2, 3, 4, requires_grad=True)
        k, v = tensorlib.randn(1, 2, 3, 4), tensorlib.randn(1, 2, 3, 4)
        F.scaled_dot_product_attention(q, k, v).sum().backward()
        assert q.grad.shape == (1, 2, 3, 4) and k.grad is None

    def test_other_paths_keep_the_composed_nodes(self):
        q = tensorlib.randn(2, 3, 4, requires_grad=True)
        assert F.scaled_dot_product_attention(q, q, q).grad_fn.name() == "UnsafeViewBackward0"
        q4 = q.unsqueeze(0)
        assert F.scaled_dot_product_attention(q4, q4, q4, dropout_p=0.5).grad_fn.name() != \
            "ScaledDotProductFlashAttentionForCpuBackward0"
        mask = tensorlib.zeros(3, 3, requires_grad=True)
        assert F.scaled_dot_product_attention(q4, q4, q4, attn_mask=mask).grad_fn.name() == "UnsafeViewBackward0"

    def test_half_precision_composes(self):
        q = tensorlib.randn(1, 2, 3, 4)
        out = F.scaled_dot_product_attention(q.half(), q.half(), q.half(), is_causal=True)
        np.testing.assert_allclose(out.float().numpy(), F.scaled_dot_product_attention(q, q, q, is_causal=True).numpy(),
                                   atol=3e-3)


class TestEmbedding:
    @pytest.mark.parametrize("index_dtype", [tensorlib.int64, tensorlib.int32])
    @pytest.mark.parametrize("dtype", [tensorlib.float32, tensorlib.float64])
    def test_rows_and_summed_gradient_as_index_add(self, index_dtype, dtype):
        weight = tensorlib.randn(7, 5, dtype=dtype, requires_grad=True)
        idx = tensorlib.tensor([[1, 3, 1], [6, 1, 0]], dtype=index_dtype).t()   # non-contiguous, repeated
        out = F.embedding(idx, weight)
        assert out.grad_fn.name() == "EmbeddingBackward0"
        np.testing.assert_array_equal(out.detach().numpy(), weight.detach().numpy()[idx.numpy()])
        g = tensorlib.randn(2, 3, 5, dtype=dtype).transpose(0, 1)
        out.backward(g)
        expected = tensorlib.zeros(7, 5, dtype=dtype).index_add(0, idx.reshape(-1).long(), g.reshape(-1, 5))
        np.testing.assert_array_equal(weight.grad.numpy(), expected.numpy())

    def test_padding_and_frequency_scaling(self):
        weight = tensorlib.randn(5, 3, requires_grad=True)
        idx = tensorlib.tensor([0, 2, 2, 4])
        F.embedding(idx, weight, padding_idx=2, scale_grad_by_freq=True).sum().backward()
        expected = np.zeros((5, 3), np.float32)
        expected[[0, 4]] = 1
        np.testing.assert_array_equal(weight.grad.numpy(), expected)

    def test_out_of_range_and_empty(self):
        weight = tensorlib.randn(4, 2, requires_grad=True)
        for bad in ([0, 4], [-1, 0]):
            with pytest.raises(IndexError, match="index out of range in self"):
                F.embedding(tensorlib.tensor(bad), weight)
        out = F.embedding(tensorlib.zeros(0, 3, dtype=tensorlib.int64), weight)
        assert out.shape == (0, 3, 2)
        out.sum().backward()
        assert weight.grad.abs().sum().item() == 0

    def test_gradcheck(self):
        weight = tensorlib.randn(6, 3, dtype=tensorlib.float64, requires_grad=True)
        assert gradcheck(lambda w: F.embedding(tensorlib.tensor([[5, 0], [5, 2]]), w), (weight,))


class TestCudaStandIn:
    """The CuPy compositions (backends/_xp_rows.py) on the stand-in agree with the CPU kernels."""

    def test_layer_norm_gelu_attention(self):
        rng = np.random.default_rng(9)
        arrays = [rng.standard_normal(s).astype(np.float32) for s in ((2, 2, 5, 8), (8,), (8,), (2, 2, 5, 8))]

        def run(device):
            x, w, b = (tensorlib.tensor(a, device=device, requires_grad=True) for a in arrays[:3])
            h = F.gelu(F.layer_norm(x, (8,), w, b))
            out = F.scaled_dot_product_attention(h, h, x, is_causal=True) + F.gelu(x, approximate="tanh")
            out.backward(tensorlib.tensor(arrays[3], device=device))
            return [t.detach().cpu().numpy() for t in (out, x.grad, w.grad, b.grad)]

        cpu = run("cpu")
        with cuda_backend.use_stand_in():
            device = run("cuda")
        for ours, theirs in zip(device, cpu):
            np.testing.assert_allclose(ours, theirs, rtol=1e-4, atol=1e-5)


@pytest.fixture(scope="module")
def torch():
    return real_torch()


@pytest.mark.parity
class TestParity:
    def _compare(self, torch, make, shapes, tolerance):
        rng = np.random.default_rng(10)
        arrays = [rng.standard_normal(s).astype(np.float32) for s in shapes]
        results = []
        for lib in (tensorlib, torch):
            tensors = [lib.tensor(a, requires_grad=True) for a in arrays[:-1]]
            out = make(lib, *tensors)
            out.backward(lib.tensor(arrays[-1]))
            results.append((out.grad_fn.name(), [t.detach().numpy() for t in [out] + [t.grad for t in tensors]]))
        assert results[0][0] == results[1][0]
        for ours, theirs in zip(results[0][1], results[1][1]):
            np.testing.assert_allclose(ours, theirs, **tolerance)

    def test_layer_norm(self, torch):
        self._compare(torch, lambda lib, x, w, b: lib.nn.functional.layer_norm(x, (64,), w, b),
                      ((8, 32, 64), (64,), (64,), (8, 32, 64)), {"rtol": 1e-4, "atol": 2e-5})

    @pytest.mark.parametrize("approximate", ["none", "tanh"])
    def test_gelu(self, torch, approximate):
        self._compare(torch, lambda lib, x: lib.nn.functional.gelu(x, approximate=approximate),
                      ((8, 32, 256), (8, 32, 256)), {"rtol": 1e-5, "atol": 2e-6})

    @pytest.mark.parametrize("kwargs", [{"is_causal": True}, {}, {"scale": 0.2}])
    def test_attention(self, torch, kwargs):
        self._compare(torch, lambda lib, q, k, v: lib.nn.functional.scaled_dot_product_attention(q, k, v, **kwargs),
                      ((4, 2, 32, 16), (4, 2, 40, 16), (4, 2, 40, 16), (4, 2, 32, 16)), {"rtol": 1e-4, "atol": 1e-5})

    def test_embedding_gradient_bits(self, torch):
        rng = np.random.default_rng(12)
        weight = rng.standard_normal((65, 64)).astype(np.float32)
        g = rng.standard_normal((8, 32, 64)).astype(np.float32)
        idx = rng.integers(0, 65, (8, 32))
        grads = []
        for lib in (tensorlib, torch):
            w = lib.tensor(weight, requires_grad=True)
            lib.nn.functional.embedding(lib.tensor(idx), w).backward(lib.tensor(g))
            grads.append(w.grad.numpy())
        np.testing.assert_array_equal(grads[0], grads[1])

    def test_attention_masks(self, torch):
        mask = np.random.default_rng(11).standard_normal((32, 40)) > 0
        for m in (mask, np.where(mask, 0.0, -1.5).astype(np.float32)):
            self._compare(torch, lambda lib, q, k, v, m=m: lib.nn.functional.scaled_dot_product_attention(
                q, k, v, attn_mask=lib.tensor(m)), ((4, 2, 32, 16), (4, 2, 40, 16), (4, 2, 40, 16), (4, 2, 32, 16)),
                {"rtol": 1e-4, "atol": 1e-5})
