"""scaled_dot_product_attention, MultiheadAttention and the Transformer modules:
values against NumPy, float64 gradcheck, errors; and parity with PyTorch
(weights copied through state_dict: outputs, gradients, reprs, messages), ending
with a tiny GPT trained a few steps in both libraries."""
import math
import warnings

import numpy as np
import pytest

import tensorlib
import tensorlib.nn as nn
import tensorlib.nn.functional as F
from tensorlib.autograd import gradcheck
from tensorlib.backends import cuda as cuda_backend
from parity import outcome, real_torch


@pytest.fixture(scope="module")
def torch():
    return real_torch()


def _np_attention(q, k, v, mask=None, scale=None):
    scores = q @ np.swapaxes(k, -1, -2) * (scale if scale is not None else 1 / math.sqrt(q.shape[-1]))
    if mask is not None:
        scores = np.where(mask, scores, -np.inf) if mask.dtype == bool else scores + mask
    e = np.exp(scores - scores.max(-1, keepdims=True))
    return (e / e.sum(-1, keepdims=True)) @ v


class TestScaledDotProductAttention:
    def test_values_with_masks_and_layouts(self):
        rng = np.random.default_rng(0)
        q, k, v = (rng.standard_normal(shape) for shape in ((2, 3, 4, 8), (2, 3, 5, 8), (2, 3, 5, 6)))
        bool_mask = rng.standard_normal((4, 5)) > -0.5
        bool_mask[:, 0] = True
        float_mask = rng.standard_normal((3, 1, 5))
        lq, lk, lv = (tensorlib.tensor(a) for a in (q, k, v))
        np.testing.assert_allclose(F.scaled_dot_product_attention(lq, lk, lv).numpy(), _np_attention(q, k, v),
                                   atol=1e-12)
        out = F.scaled_dot_product_attention(lq, lk, lv, tensorlib.tensor(bool_mask))
        np.testing.assert_allclose(out.numpy(), _np_attention(q, k, v, bool_mask), atol=1e-12)
        out = F.scaled_dot_product_attention(lq, lk, lv, attn_mask=tensorlib.tensor(float_mask), scale=0.5)
        np.testing.assert_allclose(out.numpy(), _np_attention(q, k, v, float_mask, 0.5), atol=1e-12)
        causal = np.tril(np.ones((4, 5), bool))
        out = F.scaled_dot_product_attention(lq, lk, lv, is_causal=True)
        np.testing.assert_allclose(out.numpy(), _np_attention(q, k, v, causal), atol=1e-12)
        transposed = tensorlib.tensor(np.ascontiguousarray(np.swapaxes(k, -1, -2))).transpose(-1, -2)
        np.testing.assert_allclose(F.scaled_dot_product_attention(lq, transposed, lv).numpy(),
                                   _np_attention(q, k, v), atol=1e-12)
        expanded = tensorlib.tensor(k[:1]).expand(2, 3, 5, 8)
        np.testing.assert_allclose(F.scaled_dot_product_attention(lq, expanded, lv).numpy(),
                                   _np_attention(q, np.broadcast_to(k[:1], k.shape), v), atol=1e-12)

    def test_fully_masked_rows_are_zero(self):
        q = tensorlib.randn(1, 2, 4)
        out = F.scaled_dot_product_attention(q, q, q, attn_mask=tensorlib.tensor([[True, False], [False, False]]))
        assert out[0, 1].abs().sum().item() == 0
        assert not out.isnan().any()

    def test_gradients(self):
        q = tensorlib.randn(2, 3, 4, dtype=tensorlib.float64, requires_grad=True)
        k = tensorlib.randn(2, 5, 4, dtype=tensorlib.float64, requires_grad=True)
        v = tensorlib.randn(2, 5, 3, dtype=tensorlib.float64, requires_grad=True)
        assert gradcheck(lambda q, k, v: F.scaled_dot_product_attention(q, k, v, is_causal=True), (q, k, v))
        mask = tensorlib.randn(3, 5, dtype=tensorlib.float64)
        assert gradcheck(lambda q, k, v: F.scaled_dot_product_attention(q, k, v, mask), (q, k, v))

    def test_grouped_query_attention(self):
        q, k, v = tensorlib.randn(1, 4, 3, 8), tensorlib.randn(1, 2, 5, 8), tensorlib.randn(1, 2, 5, 8)
        out = F.scaled_dot_product_attention(q, k, v, enable_gqa=True)
        repeated = [t[:, [0, 0, 1, 1]] for t in (k, v)]
        np.testing.assert_allclose(out.numpy(), F.scaled_dot_product_attention(q, *repeated).numpy(), atol=1e-6)

    def test_errors(self):
        q = tensorlib.randn(2, 4, 8)
        with pytest.raises(RuntimeError, match="Explicit attn_mask should not be set when is_causal=True"):
            F.scaled_dot_product_attention(q, q, q, tensorlib.ones(4, 4, dtype=tensorlib.bool), is_causal=True)
        with pytest.raises(RuntimeError, match="to have the same dtype"):
            F.scaled_dot_product_attention(q, q.double(), q)
        with pytest.raises(RuntimeError, match="Expected attn_mask dtype to be bool or float"):
            F.scaled_dot_product_attention(q, q, q, tensorlib.zeros(4, 4, dtype=tensorlib.int64))
        with pytest.raises(TypeError, match="takes from 3 to 6 positional arguments but 7 were given"):
            F.scaled_dot_product_attention(q, q, q, None, 0.0, False, None)


class TestTransformerModules:
    def test_square_subsequent_mask(self):
        mask = nn.Transformer.generate_square_subsequent_mask(3)
        assert mask.dtype is tensorlib.float32
        assert mask.tolist() == [[0.0, -math.inf, -math.inf], [0.0, 0.0, -math.inf], [0.0, 0.0, 0.0]]

    def test_multihead_attention_shapes_and_names(self):
        m = nn.MultiheadAttention(8, 2, batch_first=True)
        assert [name for name, _ in m.named_parameters()] == ["in_proj_weight", "in_proj_bias", "out_proj.weight",
                                                              "out_proj.bias"]
        out, weights = m(tensorlib.randn(3, 4, 8), tensorlib.randn(3, 5, 8), tensorlib.randn(3, 5, 8))
        assert out.shape == (3, 4, 8) and weights.shape == (3, 4, 5)
        out, weights = m(tensorlib.randn(4, 8), tensorlib.randn(5, 8), tensorlib.randn(5, 8),
                         average_attn_weights=False)
        assert out.shape == (4, 8) and weights.shape == (2, 4, 5)
        with pytest.raises(AssertionError, match="embed_dim must be divisible by num_heads"):
            nn.MultiheadAttention(8, 3)

    def test_encoder_gradients(self):
        layer = nn.TransformerEncoderLayer(4, 2, 8, dropout=0.0, dtype=tensorlib.float64)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            encoder = nn.TransformerEncoder(layer, 2)
        mask = nn.Transformer.generate_square_subsequent_mask(3, dtype=tensorlib.float64)
        x = tensorlib.randn(3, 2, 4, dtype=tensorlib.float64, requires_grad=True)
        assert gradcheck(lambda x: encoder(x, mask=mask), (x,))

    def test_activation_errors(self):
        with pytest.raises(RuntimeError, match="activation should be relu/gelu, not tanh"):
            nn.TransformerEncoderLayer(4, 2, activation="tanh")


class TestOnTheCudaStandIn:
    """The modules on cuda:0 (NumPy standing in for CuPy) give the CPU's outputs and gradients."""

    @pytest.mark.parametrize("make, arrays", [
        (lambda: nn.LayerNorm(8), ("x",)), (lambda: nn.GroupNorm(2, 2), ("x",)), (lambda: nn.RMSNorm(8), ("x",)),
        (lambda: nn.MultiheadAttention(8, 2), ("x", "x", "x")),
        (lambda: _CausalEncoder(), ("x",)),
    ])
    def test_same_values_and_gradients(self, make, arrays):
        values = {"x": np.random.default_rng(0).standard_normal((3, 2, 8)).astype(np.float32)}
        with cuda_backend.use_stand_in(), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            cpu_module = make()
            cuda_module = make().to("cuda")
            cuda_module.load_state_dict(cpu_module.state_dict())
            outputs = []
            for module, device in ((cpu_module, "cpu"), (cuda_module, "cuda")):
                out = module(*(tensorlib.tensor(values[name], requires_grad=True, device=device) for name in arrays))
                out = out[0] if isinstance(out, tuple) else out
                assert out.device.type == device
                out.sum().backward()
                outputs.append(out)
            np.testing.assert_allclose(outputs[1].detach().cpu().numpy(), outputs[0].detach().numpy(), atol=1e-5)
            for (name, p), (_, q) in zip(cpu_module.named_parameters(), cuda_module.named_parameters()):
                np.testing.assert_allclose(q.grad.cpu().numpy(), p.grad.numpy(), atol=1e-5, err_msg=name)


class _CausalEncoder(nn.Module):
    """Two encoder layers under a causal mask and a padding mask made on the input's device."""

    def __init__(self):
        super().__init__()
        self.encoder = nn.TransformerEncoder(nn.TransformerEncoderLayer(8, 2, 16, dropout=0.0), 2)

    def forward(self, x):
        mask = nn.Transformer.generate_square_subsequent_mask(3, device=x.device)
        padding = tensorlib.zeros(2, 3, dtype=tensorlib.bool, device=x.device)
        return self.encoder(x, mask=mask, src_key_padding_mask=padding) + F.softmax(x, -1)


def _load(theirs, ours):
    ours.load_state_dict({k: tensorlib.tensor(v.detach().numpy().copy()) for k, v in theirs.state_dict().items()})


def _assert_close(ours, theirs, atol=1e-10):
    np.testing.assert_allclose(ours.detach().numpy(), theirs.detach().numpy(), atol=atol, rtol=atol)


class TestParity:
    pytestmark = pytest.mark.parity

    @pytest.mark.parametrize("shapes, options", [
        (((2, 3, 4, 8), (2, 3, 5, 8), (2, 3, 5, 6)), {}),
        (((2, 3, 4, 8), (2, 3, 5, 8), (2, 3, 5, 6)), {"is_causal": True}),
        (((2, 3, 5, 8), (2, 3, 4, 8), (2, 3, 4, 6)), {"is_causal": True}),
        (((2, 3, 4, 8), (2, 3, 5, 8), (2, 3, 5, 6)), {"mask": "bool"}),
        (((2, 3, 4, 8), (2, 3, 5, 8), (2, 3, 5, 6)), {"mask": "none allowed"}),
        (((2, 3, 4, 8), (2, 3, 5, 8), (2, 3, 5, 6)), {"mask": "float"}),
        (((1, 4, 8), (2, 1, 5, 8), (2, 1, 5, 6)), {"scale": 0.3}),
        (((4, 8), (5, 8), (5, 6)), {}),
        (((2, 4, 4, 8), (2, 2, 5, 8), (2, 2, 5, 6)), {"enable_gqa": True}),
    ])
    def test_sdpa(self, torch, shapes, options):
        rng = np.random.default_rng(1)
        arrays = [rng.standard_normal(s) for s in shapes]
        options = dict(options)
        mask = options.pop("mask", None)
        if mask == "bool":
            mask = rng.standard_normal((4, 5)) > 0
        elif mask == "none allowed":
            mask = np.zeros((4, 5), bool)
        elif mask == "float":
            mask = rng.standard_normal((3, 1, 5))
        theirs = [torch.tensor(a, requires_grad=True) for a in arrays]
        ours = [tensorlib.tensor(a, requires_grad=True) for a in arrays]
        t_out = torch.nn.functional.scaled_dot_product_attention(
            *theirs, attn_mask=None if mask is None else torch.tensor(mask), **options)
        l_out = F.scaled_dot_product_attention(*ours, attn_mask=None if mask is None else tensorlib.tensor(mask),
                                               **options)
        _assert_close(l_out, t_out)
        seed = rng.standard_normal(tuple(t_out.shape))
        t_out.backward(torch.tensor(seed))
        l_out.backward(tensorlib.tensor(seed))
        for a, b in zip(theirs, ours):
            _assert_close(b.grad, a.grad)

    @pytest.mark.parametrize("layout", [
        "x.split(24, 2)[0].view(2, 5, 3, 8).transpose(1, 2)",   # heads split off (batch, sequence, features)
        "x.view(2, 5, 9, 8)[:, :, :3].transpose(1, 2)", "x.view(2, 5, 9, 8)[:, :, :1].transpose(1, 2)",
        "x.view(2, 5, 9, 8)[:, :1, :3].transpose(1, 2)", "x.view(10, 9, 8)[:, :3].view(2, 5, 3, 8).permute(2, 1, 0, 3)",
        "x.view(2, 5, 9, 8)[:, :, :3].permute(0, 2, 3, 1).transpose(-1, -2)", "x.view(2, 5, 9, 8)[:, ::2, :3]",
        "x.view(2, 5, 9, 8)[:1, :1, :3].expand(2, 5, 3, 8)"])
    @pytest.mark.parametrize("is_causal", [False, True])
    def test_sdpa_output_follows_the_query_layout(self, torch, layout, is_causal):
        x = np.random.default_rng(2).standard_normal((2, 5, 72)).astype(np.float32)
        results = []
        for lib in (torch, tensorlib):
            leaf = lib.tensor(x, requires_grad=True)
            q = eval(layout, {"x": leaf})
            k, v = q * 1, q * 2     # the gradients of q, k and v are laid out alike, whatever their inputs
            grads = []
            k.register_hook(lambda g: grads.append(g.stride()))
            out = lib.nn.functional.scaled_dot_product_attention(q, k, v, is_causal=is_causal)
            out.sum().backward()
            results.append((out.stride(), out.transpose(1, 2).is_contiguous(), grads, out, leaf.grad))
        assert results[1][:3] == results[0][:3]
        for ours, theirs in zip(results[1][3:], results[0][3:]):
            _assert_close(ours, theirs, atol=1e-5)

    @pytest.mark.parametrize("call", [
        "F.scaled_dot_product_attention(q, k, v, attn_mask=torch.ones(4, 5, dtype=torch.bool), is_causal=True)",
        "F.scaled_dot_product_attention(q, k, torch.randn(2, 3, 4, 6))",
        "F.scaled_dot_product_attention(q, k.double(), v)",
        "F.scaled_dot_product_attention(q, torch.randn(2, 3, 5, 7), v)",
        "F.scaled_dot_product_attention(q, k, v, attn_mask=torch.ones(4, 5, dtype=torch.int64))",
        "F.scaled_dot_product_attention(q, k, v, attn_mask=torch.ones(3, 5))",
        "F.scaled_dot_product_attention(q[0, 0, 0], k[0, 0], v[0, 0])",
        "F.scaled_dot_product_attention(torch.randn(2, 4, 4, 8), k, v, enable_gqa=True)",
        "F.scaled_dot_product_attention(q.long(), k.long(), v.long())",
        "F.scaled_dot_product_attention(q, k, v, attn_mask=torch.zeros(4, 5, dtype=torch.float64))",
        "F.scaled_dot_product_attention(q, k, v, None, 0.0, False, None, False, 1)",
        "nn.MultiheadAttention(8, 3)",
        "nn.MultiheadAttention(8, 2)(x, x, x, is_causal=True)",
        "nn.MultiheadAttention(8, 2)(x, x, x, attn_mask=torch.zeros(4, 3))",
        "nn.MultiheadAttention(8, 2)(x, x, x, attn_mask=torch.zeros(2, 3, 3))",
        "nn.MultiheadAttention(8, 2)(x, x, x, attn_mask=torch.zeros(3, 3, 3, 3))",
        "nn.MultiheadAttention(8, 2)(x, x, x, key_padding_mask=torch.zeros(2, 3, dtype=torch.int64))",
        "nn.MultiheadAttention(8, 2)(x, x, x, attn_mask=torch.zeros(3, 3, dtype=torch.int64))",
        "nn.MultiheadAttention(8, 2)(x[:, :, :4], x, x)",
        "nn.MultiheadAttention(8, 2)(x, x[:2], x)",
        "nn.MultiheadAttention(8, 2)(x[0], x, x)",
        "nn.TransformerEncoderLayer(8, 2, activation='tanh')",
        "nn.MultiheadAttention(0, 1)", "nn.MultiheadAttention(8, 2, kdim=4)(x, x, x)",
        "nn.MultiheadAttention(8, 2)(x, x, x, key_padding_mask=torch.zeros(3, 3, dtype=torch.bool))",
        "nn.MultiheadAttention(8, 2)(x[0], x[0], x[0], key_padding_mask=torch.zeros(3, dtype=torch.bool))",
        "nn.MultiheadAttention(8, 2)(x[0], x[0], x[0], attn_mask=torch.zeros(3, 2, 2))",
        "nn.MultiheadAttention(8, 2)(x[0, 0], x[0, 0], x[0, 0])",
        "nn.Transformer(8, 2, 1, 1, 16)(x, x[:, :1])", "nn.Transformer(8, 2, 1, 1, 16)(x, x[..., :4])",
        "nn.TransformerEncoderLayer(8, 2, 16)(x, is_causal=True)", "nn.GroupNorm(0, 4)",
        "nn.TransformerEncoder(nn.TransformerEncoderLayer(8, 2, 16), 1)(x, is_causal=True)",
        "nn.TransformerDecoder(nn.TransformerDecoderLayer(8, 2, 16), 1)(x, x, tgt_is_causal=True)",
        "nn.Transformer(8, 2, 1, 1, 16)(x, x, src_is_causal=True)",
        "F.gelu(x, 'tanh')", "F.gelu(x, approximate=None)", "F.gelu(torch.tensor([1, 2]))",
    ])
    def test_errors(self, torch, call):
        def names(lib):
            return {"torch": lib, "F": lib.nn.functional, "nn": lib.nn, "q": lib.randn(2, 3, 4, 8),
                    "k": lib.randn(2, 3, 5, 8), "v": lib.randn(2, 3, 5, 6), "x": lib.randn(3, 2, 8)}
        assert outcome(call, names(tensorlib)) == outcome(call, names(torch))

    @pytest.mark.parametrize("options", [{}, {"batch_first": True}, {"add_bias_kv": True, "add_zero_attn": True},
                                         {"kdim": 3, "vdim": 5, "bias": False}])
    @pytest.mark.parametrize("call", [{}, {"key_padding_mask": "bool"},
                                      {"attn_mask": "float", "average_attn_weights": False},
                                      {"attn_mask": "bool", "need_weights": False},
                                      {"attn_mask": "float", "key_padding_mask": "float"},
                                      {"attn_mask": "float", "is_causal": True, "need_weights": False}])
    def test_multihead_attention(self, torch, options, call):
        rng = np.random.default_rng(2)
        theirs = torch.nn.MultiheadAttention(8, 2, **options).double()
        ours = nn.MultiheadAttention(8, 2, **options).double()
        assert repr(ours) == repr(theirs)
        _load(theirs, ours)
        arrays = [rng.standard_normal((3, 2, 8)), rng.standard_normal((4, 2, options.get("kdim", 8))),
                  rng.standard_normal((4, 2, options.get("vdim", 8)))]
        if options.get("batch_first"):
            arrays = [np.ascontiguousarray(a.swapaxes(0, 1)) for a in arrays]
        masks = {"key_padding_mask": {"bool": np.array([[False, False, True, False], [False, True, False, False]]),
                                      "float": rng.standard_normal((2, 4))},
                 "attn_mask": {"bool": rng.standard_normal((3, 4)) > 1, "float": rng.standard_normal((3, 4))}}
        kwargs = {name: masks[name][kind] if name in masks else kind for name, kind in call.items()}
        t_in = [torch.tensor(a, requires_grad=True) for a in arrays]
        l_in = [tensorlib.tensor(a, requires_grad=True) for a in arrays]
        t_out, t_weights = theirs(*t_in, **{n: torch.tensor(a) if isinstance(a, np.ndarray) else a
                                           for n, a in kwargs.items()})
        l_out, l_weights = ours(*l_in, **{n: tensorlib.tensor(a) if isinstance(a, np.ndarray) else a
                                         for n, a in kwargs.items()})
        _assert_close(l_out, t_out)
        assert (l_weights is None) == (t_weights is None)
        t_loss, l_loss = t_out.pow(2).sum(), l_out.pow(2).sum()
        if t_weights is not None:
            _assert_close(l_weights, t_weights)
            t_loss, l_loss = t_loss + t_weights.pow(2).sum(), l_loss + l_weights.pow(2).sum()
        t_loss.backward()
        l_loss.backward()
        for a, b in zip(t_in, l_in):
            _assert_close(b.grad, a.grad)
        for (name, p), (our_name, q) in zip(theirs.named_parameters(), ours.named_parameters()):
            assert name == our_name
            _assert_close(q.grad, p.grad)

    @pytest.mark.parametrize("options", [{}, {"batch_first": True, "norm_first": True, "activation": "gelu"},
                                         {"activation": "GELU module", "bias": False}])
    def test_transformer_encoder(self, torch, options):
        rng = np.random.default_rng(3)
        t_options, l_options = dict(options), dict(options)
        if options.get("activation") == "GELU module":
            t_options["activation"], l_options["activation"] = torch.nn.GELU(), nn.GELU()
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            theirs = torch.nn.TransformerEncoder(
                torch.nn.TransformerEncoderLayer(8, 2, 16, dropout=0.0, **t_options), 2,
                norm=torch.nn.LayerNorm(8)).double()
            their_warnings = [str(w.message) for w in caught]
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            ours = nn.TransformerEncoder(nn.TransformerEncoderLayer(8, 2, 16, dropout=0.0, **l_options), 2,
                                         norm=nn.LayerNorm(8)).double()
            assert [str(w.message) for w in caught] == their_warnings
        assert repr(ours) == repr(theirs)
        _load(theirs, ours)
        x = rng.standard_normal((2, 3, 8) if options.get("batch_first") else (3, 2, 8))
        t_x, l_x = torch.tensor(x, requires_grad=True), tensorlib.tensor(x, requires_grad=True)
        t_out = theirs(t_x, mask=torch.nn.Transformer.generate_square_subsequent_mask(3, dtype=torch.float64),
                       is_causal=True)
        l_out = ours(l_x, mask=nn.Transformer.generate_square_subsequent_mask(3, dtype=tensorlib.float64),
                     is_causal=True)
        _assert_close(l_out, t_out)
        t_out.pow(2).sum().backward()
        l_out.pow(2).sum().backward()
        _assert_close(l_x.grad, t_x.grad)
        for (name, p), (our_name, q) in zip(theirs.named_parameters(), ours.named_parameters()):
            assert name == our_name
            _assert_close(q.grad, p.grad, 1e-9)

    @pytest.mark.parametrize("options", [{}, {"batch_first": True, "norm_first": True, "activation": "gelu"}])
    def test_transformer(self, torch, options):
        rng = np.random.default_rng(4)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            theirs = torch.nn.Transformer(8, 2, 2, 2, 16, dropout=0.0, **options).double()
            ours = nn.Transformer(8, 2, 2, 2, 16, dropout=0.0, **options).double()
        assert repr(ours) == repr(theirs)
        _load(theirs, ours)
        src, tgt = rng.standard_normal((4, 2, 8)), rng.standard_normal((3, 2, 8))
        if options.get("batch_first"):
            src, tgt = np.ascontiguousarray(src.swapaxes(0, 1)), np.ascontiguousarray(tgt.swapaxes(0, 1))
        t_out = theirs(torch.tensor(src), torch.tensor(tgt),
                       tgt_mask=theirs.generate_square_subsequent_mask(3, dtype=torch.float64),
                       src_key_padding_mask=torch.tensor([[False] * 4, [False, False, False, True]]))
        l_out = ours(tensorlib.tensor(src), tensorlib.tensor(tgt),
                     tgt_mask=ours.generate_square_subsequent_mask(3, dtype=tensorlib.float64),
                     src_key_padding_mask=tensorlib.tensor([[False] * 4, [False, False, False, True]]))
        _assert_close(l_out, t_out)
        t_out.pow(2).sum().backward()
        l_out.pow(2).sum().backward()
        for (name, p), (our_name, q) in zip(theirs.named_parameters(), ours.named_parameters()):
            assert name == our_name
            _assert_close(q.grad, p.grad, 1e-9)
        for sz, dtype in ((3, None), (2, "float64"), (2, "bool")):
            ours_mask = nn.Transformer.generate_square_subsequent_mask(sz, dtype=dtype and getattr(tensorlib, dtype))
            their_mask = torch.nn.Transformer.generate_square_subsequent_mask(sz, dtype=dtype and getattr(torch, dtype))
            assert repr(ours_mask) == repr(their_mask)

    def test_tiny_gpt_trains_as_pytorch(self, torch):
        """A 2-layer nanoGPT-style model (Embedding, LayerNorm, causal attention through
        scaled_dot_product_attention, GELU MLP, weight tying) trained 5 AdamW steps
        from the same weights: the losses agree to 1e-5."""
        def model_class(lib):
            nn_, F_ = lib.nn, lib.nn.functional

            class Block(nn_.Module):
                def __init__(self, dim, heads):
                    super().__init__()
                    self.ln_1 = nn_.LayerNorm(dim)
                    self.c_attn = nn_.Linear(dim, 3 * dim)
                    self.c_proj = nn_.Linear(dim, dim)
                    self.ln_2 = nn_.LayerNorm(dim, bias=False)
                    self.mlp = nn_.Sequential(nn_.Linear(dim, 4 * dim), nn_.GELU(approximate="tanh"),
                                              nn_.Linear(4 * dim, dim), nn_.Dropout(0.0))
                    self.heads = heads

                def forward(self, x):
                    b, t, c = x.size()
                    q, k, v = self.c_attn(self.ln_1(x)).split(c, dim=2)
                    q, k, v = (z.view(b, t, self.heads, c // self.heads).transpose(1, 2) for z in (q, k, v))
                    y = F_.scaled_dot_product_attention(q, k, v, is_causal=True)
                    x = x + self.c_proj(y.transpose(1, 2).contiguous().view(b, t, c))
                    return x + self.mlp(self.ln_2(x))

            class GPT(nn_.Module):
                def __init__(self, vocab, block_size, dim, heads, layers):
                    super().__init__()
                    self.wte = nn_.Embedding(vocab, dim)
                    self.wpe = nn_.Embedding(block_size, dim)
                    self.h = nn_.ModuleList([Block(dim, heads) for _ in range(layers)])
                    self.ln_f = nn_.LayerNorm(dim)
                    self.lm_head = nn_.Linear(dim, vocab, bias=False)
                    self.wte.weight = self.lm_head.weight

                def forward(self, idx, targets):
                    pos = lib.arange(0, idx.size(1), dtype=lib.long)
                    x = self.wte(idx) + self.wpe(pos)
                    for block in self.h:
                        x = block(x)
                    logits = self.lm_head(self.ln_f(x))
                    return F_.cross_entropy(logits.view(-1, logits.size(-1)), targets.view(-1))
            return GPT

        rng = np.random.default_rng(5)
        torch.manual_seed(0)
        theirs = model_class(torch)(vocab=11, block_size=6, dim=8, heads=2, layers=2)
        ours = model_class(tensorlib)(vocab=11, block_size=6, dim=8, heads=2, layers=2)
        _load(theirs, ours)
        t_opt = torch.optim.AdamW(theirs.parameters(), lr=1e-2)
        l_opt = tensorlib.optim.AdamW(ours.parameters(), lr=1e-2)
        for _ in range(5):
            idx, targets = rng.integers(0, 11, (3, 6)), rng.integers(0, 11, (3, 6))
            t_loss = theirs(torch.tensor(idx), torch.tensor(targets))
            l_loss = ours(tensorlib.tensor(idx), tensorlib.tensor(targets))
            assert abs(t_loss.item() - l_loss.item()) < 1e-5
            for model, opt, loss in ((theirs, t_opt, t_loss), (ours, l_opt, l_loss)):
                opt.zero_grad()
                loss.backward()
                opt.step()

    @pytest.mark.parametrize("call", [
        "encoder(x, mask=causal, src_key_padding_mask=padding)",
        "encoder.layers[0](x, src_mask=causal, src_key_padding_mask=padding)",
        "decoder_layer(x, x, tgt_mask=causal, tgt_key_padding_mask=padding)",
        "attention(x, x, x, key_padding_mask=padding, attn_mask=causal)",
    ])
    def test_mismatched_mask_warnings(self, torch, call):
        def names(lib):
            return {
                    "encoder": lib.nn.TransformerEncoder(lib.nn.TransformerEncoderLayer(8, 2, 16, batch_first=True),
                                                         1, enable_nested_tensor=False),
                    "decoder_layer": lib.nn.TransformerDecoderLayer(8, 2, 16, batch_first=True),
                    "attention": lib.nn.MultiheadAttention(8, 2, batch_first=True),
                    "x": lib.randn(2, 3, 8), "causal": lib.nn.Transformer.generate_square_subsequent_mask(3),
                    "padding": lib.zeros(2, 3, dtype=lib.bool)}
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")   # the nested-tensor note of the constructors
            ours, theirs = names(tensorlib), names(torch)
        assert outcome(call, ours) == outcome(call, theirs)

    @pytest.mark.parametrize("batch_first", [True, False])
    @pytest.mark.parametrize("padding", [[[False, False, True], [False, False, False]],
                                         [[False, True, False], [False, False, False]]])
    @pytest.mark.parametrize("grad", [False, True])
    def test_encoder_inference_zeroes_padded_positions_as_pytorch(self, torch, batch_first, padding, grad):
        """PyTorch's inference fast path (nested tensors) returns zeros at padded positions
        whose padding is at the end of the sequence; elsewhere the outputs are computed."""
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            theirs = torch.nn.TransformerEncoder(torch.nn.TransformerEncoderLayer(8, 2, 16, batch_first=batch_first),
                                                 2)
            ours = nn.TransformerEncoder(nn.TransformerEncoderLayer(8, 2, 16, batch_first=batch_first), 2)
        _load(theirs, ours)
        theirs.eval()
        ours.eval()
        x = np.random.default_rng(6).standard_normal((2, 3, 8) if batch_first else (3, 2, 8)).astype(np.float32)
        with torch.set_grad_enabled(grad), tensorlib.set_grad_enabled(grad), warnings.catch_warnings():
            warnings.simplefilter("ignore")   # PyTorch's note that its nested tensors are a prototype
            t_out = theirs(torch.tensor(x), src_key_padding_mask=torch.tensor(padding))
            l_out = ours(tensorlib.tensor(x), src_key_padding_mask=tensorlib.tensor(padding))
        _assert_close(l_out, t_out, 1e-5)
