"""torch.memory_format: the four formats, the layouts clone/to/type/contiguous/empty/*_like/where and
Module.to give (preserve_format by default), is_contiguous(memory_format=), and the errors."""
import copy
import pickle

import numpy as np
import pytest

import tensorlib
from tensorlib import _memory_format as M
from tensorlib.autograd import gradcheck

from parity import outcome, real_torch

FORMATS = ("contiguous_format", "preserve_format", "channels_last", "channels_last_3d")

# inputs as source text over ``base`` (a float64 tensor of 720 distinct values), so that both
# libraries build the same layout
INPUTS = {
    "contiguous": "base[:12].view(4, 3)",
    "transposed": "base[:12].view(4, 3).t()",
    "permuted": "base[:24].view(2, 3, 4).permute(2, 0, 1)",
    "sliced": "base[:12].view(4, 3).t()[::2]",
    "sliced_rows": "base[:20].view(5, 4)[1:4, 1:3]",
    "expanded": "base[:3].view(3, 1).expand(3, 4)",
    "expanded_transposed": "base[:3].view(3, 1).t().expand(4, 3)",
    "zero_dim": "base[5]",
    "empty": "base[:0].view(0, 3).t()",
    "empty_sliced": "base[:20].view(4, 5)[:0, ::2]",
    "size_one": "base[:3].view(3, 1).t()",
    "overlapping": "base.as_strided((4, 3), (1, 1))",
    "nchw": "base[:120].view(2, 3, 4, 5)",
    "nhwc": "base[:120].view(2, 4, 5, 3).permute(0, 3, 1, 2)",
    "nhwc_sliced": "base[:120].view(2, 4, 5, 3).permute(0, 3, 1, 2)[:, :, ::2]",
    "ndhwc": "base[:720].view(2, 4, 5, 6, 3).permute(0, 4, 1, 2, 3)",
    "permuted_5d": "base[:720].view(2, 3, 4, 5, 6).permute(0, 4, 1, 3, 2)[:, ::2]",
}

# calls over ``x`` whose layout (strides), values and dtype must match PyTorch's
CALLS = (
    "x.clone()", "torch.clone(x)", "x.clone(memory_format=torch.contiguous_format)",
    "x.clone(memory_format=torch.preserve_format)", "x.clone(memory_format=torch.channels_last)",
    "x.clone(memory_format=torch.channels_last_3d)",
    "x.double()", "x.float()", "x.half()", "x.int()", "x.long()", "x.bool()", "x.float(memory_format=torch.channels_last)",
    "x.to(torch.float32)", "x.to(torch.float64, copy=True)", "x.to(torch.int64)", "x.to('cpu', torch.float32)",
    "x.to(torch.float32, memory_format=torch.contiguous_format)", "x.to(memory_format=torch.contiguous_format)",
    "x.to(memory_format=torch.channels_last)", "x.to(memory_format=torch.preserve_format)",
    "x.type(torch.float32)", "x.type('torch.FloatTensor')", "x.type(torch.float32, memory_format=torch.contiguous_format)",
    "x.contiguous()", "x.contiguous(memory_format=torch.channels_last)",
    "x.contiguous(memory_format=torch.channels_last_3d)",
    "torch.empty_like(x).fill_(1)", "torch.zeros_like(x)", "torch.ones_like(x, dtype=torch.int32)",
    "torch.full_like(x, 2.5)", "torch.zeros_like(x, memory_format=torch.contiguous_format)",
    "torch.ones_like(x, memory_format=torch.channels_last)", "torch.full_like(x, 7, memory_format=torch.channels_last_3d)",
    "torch.where(x > 0.5, x, 0.)", "torch.where(x > 0.5, 1., x.float())", "torch.where(x > 0.5, x, x.float())",
)

# calls whose result is the input itself (or not) in PyTorch
ALIAS_CALLS = ("x.float()", "x.double()", "x.to(torch.float64)", "x.to(memory_format=torch.contiguous_format)",
               "x.to(memory_format=torch.preserve_format)", "x.double(memory_format=torch.contiguous_format)",
               "x.contiguous()", "x.contiguous(memory_format=torch.channels_last)",
               "x.type(torch.float64)")

RANDOM_CALLS = ("torch.rand_like(x)", "torch.randn_like(x)", "torch.randn_like(x, dtype=torch.float32)",
                "torch.randint_like(x, 10)", "torch.randint_like(x, 3, 10)",
                "torch.rand_like(x, memory_format=torch.channels_last)",
                "torch.randn_like(x, memory_format=torch.contiguous_format)",
                "torch.randn_like(x, memory_format=torch.channels_last, dtype=torch.float32)")


def _names(lib, source):
    base = lib.arange(1, 721, dtype=lib.float64) / 100 - 3
    return {"torch": lib, "x": eval(source, {"base": base})}


def _layout(value):
    return tuple(value.shape), value.stride(), str(value.dtype), value.detach().numpy().tolist()


# ---- without PyTorch ------------------------------------------------------------------------------
def test_formats_print_and_compare_as_constants():
    for name in FORMATS:
        value = getattr(tensorlib, name)
        assert repr(value) == str(value) == f"torch.{name}"
        assert isinstance(value, tensorlib.memory_format)
        assert pickle.loads(pickle.dumps(value)) is value
        assert copy.deepcopy(value) is value and copy.copy(value) is value
    assert tensorlib.channels_last != tensorlib.contiguous_format
    with pytest.raises(TypeError, match="cannot create 'torch.memory_format' instances"):
        tensorlib.memory_format()


def test_channels_last_strides():
    assert tensorlib.empty(2, 3, 4, 5, memory_format=tensorlib.channels_last).stride() == (60, 1, 15, 3)
    assert tensorlib.empty(2, 3, 4, 5, 6, memory_format=tensorlib.channels_last_3d).stride() == (360, 1, 90, 18, 3)
    # sizes 0 and 1 enter the products as they are
    assert tensorlib.empty(2, 0, 4, 5, memory_format=tensorlib.channels_last).stride() == (0, 1, 0, 0)
    assert tensorlib.empty(2, 3, 1, 1, memory_format=tensorlib.channels_last).stride() == (3, 1, 3, 3)


def test_preserve_format_rule():
    # dense strides are kept; others become dense in the same dim order
    assert M.like_strides((3, 4), (1, 3)) == (1, 3)
    assert M.like_strides((2, 4), (1, 6)) == (1, 2)
    assert M.like_strides((3, 4), (1, 0)) == (4, 1)
    assert M.like_strides((1, 3), (1, 1)) == (1, 1)           # contiguous, kept as given
    assert M.like_strides((0, 3), (5, 2)) == (5, 2)           # empty: contiguous whatever its strides
    assert M.like_strides((4, 3), (1, 1)) == (3, 1)           # equal strides: the larger size outside
    assert tensorlib.zeros(4, 3).t()[::2].is_contiguous() is False


@pytest.mark.parametrize("source", INPUTS.values(), ids=list(INPUTS))
def test_values_and_gradients_through_copies(source):
    x = _names(tensorlib, source)["x"]
    for call in ("x.clone()", "x.to(torch.float32)", "x.contiguous()", "torch.zeros_like(x)"):
        result = eval(call, _names(tensorlib, source))
        np.testing.assert_array_equal(result.numpy(), eval(call.replace("torch.", "np.").replace(
            "x.to(np.float32)", "x.astype(np.float32)").replace("x.clone()", "x.copy()").replace(
            "x.contiguous()", "x.copy()"), {"np": np, "x": x.numpy()}))
        assert result.is_contiguous() or tensorlib._layout.is_non_overlapping_and_dense(tuple(result.shape),
                                                                                        result.stride())


@pytest.mark.parametrize("call", ["a.clone()", "a.clone(memory_format=torch.channels_last)",
                                  "a.to(torch.float64, copy=True)",
                                  "a.double(memory_format=torch.channels_last)",
                                  "a.contiguous(memory_format=torch.channels_last)"])
def test_gradients_flow_through_layout_copies(call):
    leaf = tensorlib.randn(2, 4, 3, 5, dtype=tensorlib.float64, requires_grad=True)

    def f(t):
        return eval(call, {"torch": tensorlib, "a": t.permute(0, 3, 1, 2)}).double() * 2

    assert gradcheck(f, (leaf,))
    out = f(leaf)
    out.backward(tensorlib.arange(float(out.numel())).view(out.shape))
    expected = (2 * tensorlib.arange(float(out.numel())).view(out.shape)).permute(0, 2, 3, 1)
    np.testing.assert_allclose(leaf.grad.numpy(), expected.numpy(), rtol=1e-6)


def test_module_to_lays_out_4d_and_5d_tensors():
    net = tensorlib.nn.Sequential(tensorlib.nn.Conv2d(3, 4, 3), tensorlib.nn.Linear(4, 2))
    weight = net[0].weight
    assert net.to(memory_format=tensorlib.channels_last) is net
    assert net[0].weight is weight and weight.stride() == (27, 1, 9, 3)
    assert net[1].weight.stride() == (4, 1)
    out = net[0](tensorlib.randn(1, 3, 5, 5).contiguous(memory_format=tensorlib.channels_last))
    assert out.shape == (1, 4, 3, 3)
    with pytest.raises(RuntimeError, match="required rank 5 tensor to use channels_last_3d format"):
        net.to(memory_format=tensorlib.channels_last_3d)


# ---- against PyTorch -----------------------------------------------------------------------------
# where with a Python number beside an empty or size-1-dim input: PyTorch's general TensorIterator path
# keeps such strides as given; tensorlib's elementwise layout rule (``x * 2`` too) makes them canonical
_SCALAR_OPERAND_GAPS = {(source, call) for source in ("empty", "size_one")
                        for call in ("torch.where(x > 0.5, x, 0.)", "torch.where(x > 0.5, 1., x.float())")}


def _assert_agree(torch, call, source, result=lambda names: _layout, seed=None):
    """``call`` over ``x = source`` gives the same outcome in tensorlib and PyTorch: ``result(names)``
    of its value (the layout by default), or the same error."""
    found = []
    for lib in (tensorlib, torch):
        names = _names(lib, source)
        if seed is not None:
            lib.manual_seed(seed)
        found.append(outcome(call, names, result(names)))
    assert found[0] == found[1], call


@pytest.mark.parity
@pytest.mark.parametrize("name", list(INPUTS))
def test_layouts_match_pytorch(name):
    torch = real_torch()
    for call in CALLS:
        if (name, call) not in _SCALAR_OPERAND_GAPS:
            _assert_agree(torch, call, INPUTS[name])
    for fmt in FORMATS:
        _assert_agree(torch, f"x.is_contiguous(memory_format=torch.{fmt})", INPUTS[name],
                      lambda names: lambda value: value)


@pytest.mark.parity
@pytest.mark.parametrize("source", INPUTS.values(), ids=list(INPUTS))
def test_aliasing_matches_pytorch(source):
    torch = real_torch()
    for call in ALIAS_CALLS:
        _assert_agree(torch, call, source, lambda names: lambda value: value is names["x"])


@pytest.mark.parity
@pytest.mark.parametrize("source", INPUTS.values(), ids=list(INPUTS))
def test_random_like_draws_match_pytorch(source):
    torch = real_torch()
    for call in RANDOM_CALLS:
        _assert_agree(torch, call, source, seed=7)


@pytest.mark.parity
def test_random_strided_layouts_match_pytorch_checks():
    torch = real_torch()
    rng = np.random.default_rng(0)
    base_t, base_l = torch.zeros(4000), tensorlib.zeros(4000)
    for _ in range(1500):
        nd = int(rng.choice([4, 5]))
        shape = tuple(int(s) for s in rng.choice([0, 1, 1, 2, 3], nd))
        strides = tuple(int(s) for s in rng.choice([0, 1, 2, 3, 4, 6, 12, 24], nd))
        fmt = "channels_last" if nd == 4 else "channels_last_3d"
        t, x = base_t.as_strided(shape, strides), base_l.as_strided(shape, strides)
        assert (x.to(memory_format=getattr(tensorlib, fmt)) is x) == \
            (t.to(memory_format=getattr(torch, fmt)) is t), (shape, strides)
        for name in FORMATS:
            assert x.is_contiguous(memory_format=getattr(tensorlib, name)) == \
                t.is_contiguous(memory_format=getattr(torch, name)), (shape, strides, name)
        assert x.clone().stride() == t.clone().stride(), (shape, strides)


ERROR_CALLS = (
    "x.clone(memory_format='a')", "x.clone(memory_format=1)", "x.clone(torch.contiguous_format)", "x.clone(1, 2)",
    "x.clone(memory_format=torch.channels_last)", "torch.clone(x, memory_format='a')",
    "x.contiguous(memory_format=torch.preserve_format)", "x.contiguous(memory_format=None)",
    "x.contiguous(memory_format='x')", "x.contiguous('x')", "x.contiguous(memory_format=torch.channels_last)",
    "x.is_contiguous(memory_format='x')", "x.is_contiguous(memory_format=None)",
    "x.is_contiguous(torch.contiguous_format)",
    "x.to(torch.float64, memory_format=torch.channels_last)", "x.to(torch.float64, memory_format='x')",
    "x.to(memory_format=5)", "x.to('cpu', memory_format=5)", "x.to(memory_format=torch.channels_last_3d)",
    "x.type(torch.float64, memory_format=5)", "x.double(memory_format='x')", "x.float(torch.contiguous_format)",
    "x.half(memory_format=torch.channels_last)",
    "torch.empty_like(x, memory_format='x')", "torch.empty_like(x, memory_format=torch.channels_last)",
    "torch.zeros_like(x, memory_format=3)", "torch.ones_like(x, memory_format=3)",
    "torch.full_like(x, 2, memory_format=3)",
    "torch.rand_like(x, memory_format=3)", "torch.randn_like(x, memory_format=3)",
    "torch.randint_like(x, 3, memory_format=3)", "torch.randint_like(x, 1, 3, memory_format=3)",
    "torch.randn_like(x, memory_format=torch.channels_last)",
    "torch.empty(2, 3, memory_format=torch.channels_last)", "torch.empty(2, 3, 4, 5, memory_format=torch.preserve_format)",
    "torch.empty(2, 3, 4, 5, memory_format='x')", "torch.empty((), memory_format=torch.channels_last_3d)",
    "torch.nn.Linear(2, 2).to(memory_format=3)", "torch.nn.Linear(2, 2).to('cpu', memory_format='x')",
    "torch.nn.Conv3d(3, 4, 3).to(memory_format=torch.channels_last)",
)


@pytest.mark.parity
def test_errors_match_pytorch():
    torch = real_torch()
    for call in ERROR_CALLS:
        _assert_agree(torch, call, INPUTS["transposed"], lambda names: lambda value: None)


@pytest.mark.parity
def test_module_to_matches_pytorch():
    torch = real_torch()
    layouts = []
    for lib in (tensorlib, torch):
        lib.manual_seed(0)
        net = lib.nn.Sequential(lib.nn.Conv2d(3, 4, 3), lib.nn.Linear(4, 2))
        net.to(lib.float64, memory_format=lib.channels_last)
        layouts.append([_layout(p) for p in net.parameters()])
    assert layouts[0] == layouts[1]


RESIZE_CALLS = (
    "torch.empty(4).resize_((2, 3, 4, 5), memory_format=torch.channels_last)",
    "torch.empty(4).resize_(2, 3, 4, 5, 6, memory_format=torch.channels_last_3d)",
    "torch.empty(5, 4, 3, 2).permute(3, 2, 1, 0).resize_(2, 3, 4, 5)",
    "torch.empty(5, 4, 3, 2).permute(3, 2, 1, 0).resize_(2, 3, 4, 5, memory_format=torch.contiguous_format)",
    "torch.empty(5, 4, 3, 2).permute(3, 2, 1, 0).resize_(2, 3, 4, 6)",
    "torch.empty(4).resize_((2, 3), memory_format=torch.preserve_format)",
    "torch.empty(4).resize_((2, 3), memory_format='x')",
    "torch.empty(4).resize_((2, 3), memory_format=torch.channels_last)",
    "torch.empty(4).resize_as_(torch.empty(2, 3, 4, 5, memory_format=torch.channels_last))",
    "torch.empty(4).resize_as_(torch.empty(2, 3, 4, 5, memory_format=torch.channels_last), "
    "memory_format=torch.preserve_format)",
    "torch.empty(4).resize_as_(torch.empty(2, 3, 4, 5), memory_format=torch.channels_last)",
    "torch.empty(4).resize_as_(torch.empty(3, 4).t(), memory_format=torch.preserve_format)",
    "torch.empty(4).resize_as_(torch.empty(3, 4), memory_format=3)",
)


@pytest.mark.parity
def test_resize_layouts_match_pytorch():
    torch = real_torch()
    for call in RESIZE_CALLS:
        _assert_agree(torch, call, INPUTS["contiguous"], lambda names: lambda value: (tuple(value.shape),
                                                                                       value.stride()))


GRAD_LAYOUTS = (   # (leaf, what its gradient flows through): .grad takes the leaf's layout where dense
    ("torch.zeros(4, 3).t()", "p * torch.ones(3, 4)"),
    ("torch.zeros(3, 4)", "p.t() * 2"),
    ("torch.zeros(4, 6)[:, ::2].detach()", "p.t() * 2"),
    ("torch.zeros(2, 3, 4, 5).contiguous(memory_format=torch.channels_last)", "p * 2"),
    ("torch.zeros(2, 3, 4, 5)", "p.contiguous(memory_format=torch.channels_last) * 2"),
)


@pytest.mark.parity
@pytest.mark.parametrize("leaf, flow", GRAD_LAYOUTS)
def test_grad_layout_matches_pytorch(leaf, flow):
    torch = real_torch()
    found = []
    for lib in (tensorlib, torch):
        p = eval(leaf, {"torch": lib}).requires_grad_()
        eval(flow, {"torch": lib, "p": p}).sum().backward()
        found.append((p.grad.stride(), p.grad.tolist()))
    assert found[0] == found[1]
