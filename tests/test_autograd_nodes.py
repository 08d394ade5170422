"""Every backward formula against finite differences (gradcheck in float64, on
non-contiguous and broadcast inputs; gradgradcheck for the main arithmetic),
and the node names / next_functions PyTorch 2.13 records for each op."""
import numpy as np
import pytest

import tensorlib as torch
import tensorlib.nn.functional as F
from tensorlib.autograd import gradcheck, gradgradcheck
from tensorlib.autograd.graph import NODES, _Unimplemented
from tensorlib.ops._registry import OPS

import op_table

D = torch.float64


def leaf(*shape, lo=None, hi=None, layout="strided", seed=0):
    """A float64 leaf; ``strided``: every other element of a wider tensor (non-contiguous),
    ``t``: a transposed matrix, ``plain``: contiguous.  ``lo``/``hi`` map values into (lo, hi)."""
    torch.manual_seed(seed)
    if layout == "strided" and shape:
        base = torch.randn(*(shape[:-1] + (shape[-1] * 2,)), dtype=D)[..., ::2]
    elif layout == "t" and len(shape) == 2:
        base = torch.randn(shape[1], shape[0], dtype=D).t()
    else:
        base = torch.randn(shape, dtype=D)
    base = base.detach()
    if lo is not None:
        base.copy_(base.sigmoid() * (hi - lo) + lo)
    return base.requires_grad_()


def A():
    return leaf(3, 4, seed=1)


def B():
    return leaf(1, 4, seed=2)           # broadcasts against A


def P():
    return leaf(3, 4, lo=0.5, hi=2.0, seed=3)


def _setitem(a, v):
    y = a * 1
    y[1] = v
    return y


def _setitem_advanced(a, v):
    y = a * 1
    y[torch.tensor([0, 2])] = v
    return y


def _inplace_on_view(a, b):
    y = a * 1
    y[1:, 1:].mul_(b[:, 1:])
    return y


def _inplace_chain(a, b):
    y = a * 1
    y.add_(b)
    y.mul_(b)
    y.sin_()
    return y


# (id, function, input factories, gradgradcheck too, ops the case needs)
CASES = [
    ("add", lambda a, b: a + b, (A, B), True, ()),
    ("add_alpha", lambda a, b: a.add(b, alpha=2.5), (A, lambda: leaf(4)), True, ()),
    ("add_scalar", lambda a: a + 1.5, (A,), False, ()),
    ("sub", lambda a, b: a - b, (A, B), True, ()),
    ("sub_alpha", lambda a, b: torch.sub(a, b, alpha=0.5), (A, B), False, ("sub",)),
    ("rsub_scalar", lambda a: 2 - a, (A,), False, ()),
    ("rsub_tensor", lambda a, b: torch.rsub(a, b, alpha=3), (A, B), False, ("rsub",)),
    ("mul", lambda a, b: a * b, (A, B), True, ()),
    ("mul_scalar", lambda a: a * 2.5, (A,), False, ()),
    ("div", lambda a, b: a / b, (A, lambda: leaf(1, 4, lo=0.5, hi=2.0)), True, ()),
    ("div_scalar", lambda a: a / 3.0, (A,), False, ()),
    ("rdiv_scalar", lambda a: 2.0 / a, (P,), True, ()),
    ("neg", lambda a: -a, (A,), False, ()),
    ("pow_int", lambda a: a ** 3, (A,), True, ()),
    ("pow_frac", lambda a: a ** 2.5, (P,), True, ()),
    ("pow_square", lambda a: a ** 2, (A,), False, ()),
    ("pow_tensor", lambda a, b: a ** b, (P, B), True, ()),
    ("rpow", lambda a: 2.0 ** a, (A,), True, ()),
    ("exp", lambda a: a.exp(), (A,), True, ("exp",)),
    ("log", lambda a: a.log(), (P,), True, ("log",)),
    ("log2", lambda a: a.log2(), (P,), False, ("log2",)),
    ("log10", lambda a: a.log10(), (P,), False, ("log10",)),
    ("log1p", lambda a: a.log1p(), (P,), False, ("log1p",)),
    ("expm1", lambda a: a.expm1(), (A,), False, ("expm1",)),
    ("sqrt", lambda a: a.sqrt(), (P,), True, ("sqrt",)),
    ("rsqrt", lambda a: a.rsqrt(), (P,), False, ("rsqrt",)),
    ("reciprocal", lambda a: a.reciprocal(), (P,), False, ("reciprocal",)),
    ("sin", lambda a: a.sin(), (A,), True, ("sin",)),
    ("cos", lambda a: a.cos(), (A,), True, ("cos",)),
    ("tan", lambda a: a.tan(), (lambda: leaf(3, 4, lo=-1.0, hi=1.0),), False, ("tan",)),
    ("tanh", lambda a: a.tanh(), (A,), True, ("tanh",)),
    ("sigmoid", lambda a: a.sigmoid(), (A,), True, ("sigmoid",)),
    ("erf", lambda a: a.erf(), (A,), False, ("erf",)),
    ("exp2", lambda a: a.exp2(), (A,), True, ("exp2",)),
    ("asin", lambda a: a.asin(), (lambda: leaf(3, 4, lo=-0.9, hi=0.9),), True, ("asin",)),
    ("acos", lambda a: torch.acos(a), (lambda: leaf(3, 4, lo=-0.9, hi=0.9),), True, ("acos",)),
    ("atan", lambda a: a.atan(), (A,), True, ("atan",)),
    ("sinh", lambda a: a.sinh(), (A,), True, ("sinh",)),
    ("cosh", lambda a: torch.cosh(a), (A,), True, ("cosh",)),
    ("asinh", lambda a: a.asinh(), (A,), True, ("asinh",)),
    ("acosh", lambda a: a.acosh(), (lambda: leaf(3, 4, lo=1.2, hi=3.0),), True, ("acosh",)),
    ("atanh", lambda a: a.atanh(), (lambda: leaf(3, 4, lo=-0.9, hi=0.9),), True, ("atanh",)),
    ("arcsin_inplace", lambda a: (a * 1).arcsin_(), (lambda: leaf(3, 4, lo=-0.9, hi=0.9),), False, ("arcsin_",)),
    ("cosh_inplace", lambda a: (a * 1).cosh_(), (A,), False, ("cosh_",)),
    ("relu", lambda a: a.relu(), (A,), False, ("relu",)),
    ("abs", lambda a: a.abs(), (A,), False, ("abs",)),
    ("sign", lambda a: a.sign(), (A,), False, ("sign",)),
    ("floor", lambda a: a.floor(), (A,), False, ("floor",)),
    ("clamp", lambda a: a.clamp(-0.5, 0.5), (A,), False, ("clamp",)),
    ("clamp_min", lambda a: a.clamp(min=0.1), (A,), False, ("clamp",)),
    ("clamp_max", lambda a: a.clamp(max=0.1), (A,), False, ("clamp",)),
    ("clamp_min_fn", lambda a: a.clamp_min(0.1), (A,), False, ("clamp_min",)),
    ("clamp_tensors", lambda a, lo, hi: a.clamp(lo, hi),
     (A, lambda: leaf(1, 4, lo=-1.0, hi=-0.3), lambda: leaf(3, 1, lo=0.3, hi=1.0)), False, ("clamp",)),
    ("maximum", lambda a, b: torch.maximum(a, b), (A, B), False, ("maximum",)),
    ("minimum", lambda a, b: torch.minimum(a, b), (A, B), False, ("minimum",)),
    ("atan2", lambda a, b: torch.atan2(a, b), (A, B), False, ("atan2",)),
    ("lerp", lambda a, b: a.lerp(b, 0.3), (A, B), False, ("lerp",)),
    ("lerp_tensor", lambda a, b, w: a.lerp(b, w), (A, B, lambda: leaf(3, 1)), False, ("lerp",)),
    ("where", lambda a, b: torch.where(a > 0, a, b), (A, B), False, ("where",)),
    ("sum", lambda a: a.sum(), (A,), True, ()),
    ("sum_dim", lambda a: a.sum(1), (A,), True, ()),
    ("sum_dims_keepdim", lambda a: a.sum((0, 1), keepdim=True), (A,), False, ()),
    ("sum_negative_dim", lambda a: a.sum(-2, keepdim=True), (A,), False, ()),
    ("mean", lambda a: a.mean(), (A,), True, ("mean",)),
    ("mean_dim", lambda a: a.mean(0), (A,), True, ("mean",)),
    ("prod", lambda a: a.prod(), (P,), False, ("prod",)),
    ("prod_dim", lambda a: a.prod(1), (P,), False, ("prod",)),
    ("prod_with_zero", lambda a: (a * torch.tensor([1.0, 0.0, 1.0], dtype=D)).prod(), (lambda: leaf(3),), False,
     ("prod",)),
    ("var", lambda a: a.var(), (A,), False, ("var",)),
    ("var_dim", lambda a: a.var(1, keepdim=True), (A,), False, ("var",)),
    ("std", lambda a: a.std(), (A,), False, ("std",)),
    ("std_dim", lambda a: a.std(0), (A,), False, ("std",)),
    ("norm", lambda a: a.norm(), (A,), True, ("norm",)),
    ("norm_1", lambda a: a.norm(1), (A,), False, ("norm",)),
    ("norm_3_dim", lambda a: a.norm(3, dim=1), (A,), False, ("norm",)),
    ("logsumexp", lambda a: a.logsumexp(1), (A,), False, ("logsumexp",)),
    ("cumsum", lambda a: a.cumsum(1), (A,), False, ("cumsum",)),
    ("cumprod", lambda a: a.cumprod(1), (P,), False, ("cumprod",)),
    ("max_all", lambda a: a.max(), (A,), False, ("max",)),
    ("min_all", lambda a: a.min(), (A,), False, ("min",)),
    ("max_dim", lambda a: a.max(1)[0], (A,), False, ("max",)),
    ("min_dim_keepdim", lambda a: a.min(0, keepdim=True)[0], (A,), False, ("min",)),
    ("amax", lambda a: a.amax(1), (A,), False, ("amax",)),
    ("sort", lambda a: a.sort(1)[0], (A,), False, ("sort",)),
    ("topk", lambda a: a.topk(2, 1)[0], (A,), False, ("topk",)),
    ("median", lambda a: a.median(), (A,), False, ("median",)),
    ("median_dim", lambda a: a.median(1)[0], (A,), False, ("median",)),
    ("softmax", lambda a: F.softmax(a, 1), (A,), False, ()),
    ("log_softmax", lambda a: F.log_softmax(a, 1), (A,), False, ()),
    ("mm", lambda a, b: a.mm(b), (A, lambda: leaf(4, 2, layout="t")), True, ("mm",)),
    ("mv", lambda a, v: a.mv(v), (A, lambda: leaf(4)), False, ("mv",)),
    ("dot", lambda a, b: a.dot(b), (lambda: leaf(4), lambda: leaf(4, seed=5)), False, ("dot",)),
    ("bmm", lambda a, b: torch.bmm(a, b), (lambda: leaf(2, 3, 4), lambda: leaf(2, 4, 2)), False, ("bmm",)),
    ("matmul_1d_2d", lambda a, b: a @ b, (lambda: leaf(3), lambda: leaf(3, 2, layout="t")), False, ("matmul",)),
    ("matmul_3d_2d", lambda a, b: a @ b, (lambda: leaf(2, 3, 4), lambda: leaf(4, 2)), False, ("matmul",)),
    ("matmul_broadcast", lambda a, b: a @ b, (lambda: leaf(2, 3, 4), lambda: leaf(1, 4, 2)), False, ("matmul",)),
    ("matmul_1d_3d", lambda a, b: a @ b, (lambda: leaf(4), lambda: leaf(2, 4, 3)), False, ("matmul",)),
    ("addmm", lambda c, a, b: torch.addmm(c, a, b, beta=0.5, alpha=2.0),
     (lambda: leaf(2), lambda: leaf(3, 4), lambda: leaf(4, 2)), False, ("addmm",)),
    ("outer", lambda a, b: torch.outer(a, b), (lambda: leaf(3), lambda: leaf(4)), False, ("outer",)),
    ("view", lambda a: a.t().contiguous().view(12), (A,), False, ()),
    ("reshape_copy", lambda a: a.t().reshape(12), (A,), False, ()),
    ("transpose", lambda a: a.transpose(0, 1), (A,), False, ()),
    ("permute", lambda a: a.permute(2, 0, 1), (lambda: leaf(2, 3, 4),), False, ()),
    ("expand", lambda a: a.expand(2, 3, 4), (B,), False, ()),
    ("unsqueeze", lambda a: a.unsqueeze(1), (A,), False, ()),
    ("squeeze", lambda a: a.squeeze(), (B,), False, ()),
    ("squeeze_dim", lambda a: a.squeeze(0), (B,), False, ()),
    ("select", lambda a: a.select(1, 2), (A,), False, ()),
    ("narrow", lambda a: a.narrow(1, 1, 2), (A,), False, ()),
    ("slice_step", lambda a: a[:, ::2], (A,), False, ()),
    ("getitem_int", lambda a: a[1], (A,), False, ()),
    ("getitem_index_list", lambda a: a[[0, 2, 0]], (A,), False, ()),
    ("getitem_mask", lambda a: a[a > 0], (A,), False, ()),
    ("getitem_mixed", lambda a: a[1:, [0, 3]], (A,), False, ()),
    ("unbind", lambda a: a.unbind(1)[2] * a.unbind(1)[0], (A,), False, ()),
    ("split_sizes", lambda a: a.split([1, 3], 1)[1], (A,), False, ()),
    ("chunk_cat", lambda a: torch.cat(a.chunk(2, 1)[::-1], 1), (A,), False, ("cat",)),
    ("unfold", lambda a: a.unfold(1, 2, 1), (A,), False, ()),
    ("as_strided", lambda a: a.as_strided((2, 2), (1, 2)), (lambda: leaf(6, layout="plain"),), False, ()),
    ("cat", lambda a, b: torch.cat([a, b], 0), (A, B), False, ("cat",)),
    ("stack", lambda a, b: torch.stack([a, b], 1), (A, lambda: leaf(3, 4, seed=7)), False, ("stack",)),
    ("flip", lambda a: a.flip(1), (A,), False, ("flip",)),
    ("roll", lambda a: a.roll(1, 1), (A,), False, ("roll",)),
    ("repeat", lambda a: a.repeat(2, 1, 3), (A,), False, ("repeat",)),
    ("tril", lambda a: a.tril(), (A,), False, ("tril",)),
    ("triu", lambda a: a.triu(1), (A,), False, ("triu",)),
    ("diag_embed", lambda a: a.diag(1), (lambda: leaf(3),), False, ("diag",)),
    ("diag_of_matrix", lambda a: a.diag(), (lambda: leaf(3, 3),), False, ("diag",)),
    ("clone", lambda a: a.clone(), (A,), False, ()),
    ("gather", lambda a: a.gather(1, torch.tensor([[0, 0], [1, 3], [2, 2]])), (A,), False, ("gather",)),
    ("index_select", lambda a: a.index_select(1, torch.tensor([3, 0, 3])), (A,), False, ("index_select",)),
    ("masked_select", lambda a: a.masked_select(a > 0), (A,), False, ("masked_select",)),
    ("masked_fill", lambda a: a.masked_fill(a > 0, 2.0), (A,), False, ("masked_fill",)),
    ("scatter", lambda a, s: a.scatter(1, torch.tensor([[0], [1], [3]]), s), (A, lambda: leaf(3, 1)), False,
     ("scatter",)),
    ("scatter_add", lambda a, s: a.scatter_add(1, torch.tensor([[0, 0], [1, 2], [3, 3]]), s),
     (A, lambda: leaf(3, 2)), False, ("scatter_add",)),
    ("index_add", lambda a, s: a.index_add(0, torch.tensor([0, 2]), s), (A, lambda: leaf(2, 4)), False,
     ("index_add",)),
    ("take", lambda a: a.take(torch.tensor([0, 5, 5, 11])), (A,), False, ("take",)),
    ("setitem", _setitem, (A, lambda: leaf(4)), False, ()),
    ("setitem_advanced", _setitem_advanced, (A, lambda: leaf(4)), False, ()),
    ("inplace_mul", lambda a, b: (a * 1).mul_(b), (A, B), False, ("mul_",)),
    ("inplace_on_view", _inplace_on_view, (A, lambda: leaf(2, 4)), False, ("mul_",)),
    ("inplace_unary", lambda a: (a * 1).sin_(), (A,), False, ("sin_",)),
    ("inplace_chain", _inplace_chain, (A, B), True, ("add_", "mul_", "sin_")),
    ("copy_", lambda a, b: torch.zeros(3, 4, dtype=D).copy_(b) * a, (A, B), False, ()),
]


@pytest.mark.parametrize("fn, factories, gg, ops", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_gradcheck(fn, factories, gg, ops):
    inputs = tuple(f() for f in factories)
    assert gradcheck(fn, inputs)
    if gg:
        assert gradgradcheck(fn, inputs)


def test_gradcheck_of_dtype_conversion():
    x = leaf(3, 4)
    assert gradcheck(lambda a: a.float() * 2, (x,), eps=1e-3, atol=1e-3, rtol=1e-3)


def test_gradcheck_detects_a_wrong_formula():
    class Wrong(torch.autograd.Function):
        @staticmethod
        def forward(ctx, a):
            return a * 2

        @staticmethod
        def backward(ctx, g):
            return g * 3

    with pytest.raises(torch.autograd.GradcheckError, match="Jacobian mismatch for output 0 with respect to input 0"):
        gradcheck(Wrong.apply, (leaf(3),))
    assert not gradcheck(Wrong.apply, (leaf(3),), raise_exception=False)


def test_gradcheck_rejects_overlapping_inputs():
    x = leaf(1, 3, layout="plain").expand(2, 3).detach().requires_grad_()
    with pytest.raises(RuntimeError, match="The 0th input has a dimension with stride 0"):
        gradcheck(lambda a: a * 2, (x,))


# ---- node names and next_functions, as PyTorch 2.13 records them ----------------------------------------
def _names(t):
    return (type(t.grad_fn).__name__,
            [None if fn is None else type(fn).__name__ for fn, _ in t.grad_fn.next_functions])


ACC = "AccumulateGrad"
NAME_CASES = [
    ("x.clamp(min=0.)", "ClampBackward1", [ACC]), ("x.clamp(0, 1)", "ClampBackward1", [ACC]),
    ("x.clamp_min(0)", "ClampMinBackward0", [ACC]), ("x.clamp_max(0)", "ClampMaxBackward0", [ACC]),
    ("x.clamp(torch.zeros(3), torch.ones(3))", "ClampBackward0", [ACC, None, None]),
    ("x.clamp(min=torch.zeros(3))", "ClampBackward0", [ACC, None, None]),
    ("x.clamp_min(torch.zeros(3))", "ClampMinBackward1", [ACC, None]),
    ("torch.maximum(x, x)", "MaximumBackward0", [ACC, ACC]), ("x.abs()", "AbsBackward0", [ACC]),
    ("x.square()", "PowBackward0", [ACC]), ("x.reciprocal()", "ReciprocalBackward0", [ACC]),
    ("x.prod()", "ProdBackward0", [ACC]), ("x.prod(0)", "ProdBackward1", [ACC]),
    ("x.var()", "VarBackward0", [ACC]), ("x.std(0)", "StdBackward0", [ACC]),
    ("x.norm()", "LinalgVectorNormBackward0", [ACC]), ("x.logsumexp(0)", "LogsumexpBackward0", [ACC]),
    ("x.cumsum(0)", "CumsumBackward0", [ACC]), ("x.amax()", "AmaxBackward0", [ACC]),
    ("x.max()", "MaxBackward1", [ACC]), ("x.min(0)[0]", "MinBackward0", [ACC]),
    ("x.max(0)[0]", "MaxBackward0", [ACC]), ("x.sort()[0]", "SortBackward0", [ACC]),
    ("x.topk(2)[0]", "TopkBackward0", [ACC]), ("x.relu()", "ReluBackward0", [ACC]),
    ("x.flip(0)", "FlipBackward0", [ACC]), ("x.roll(1)", "RollBackward0", [ACC]),
    ("x.repeat(2)", "RepeatBackward0", [ACC]), ("x.lerp(x, 0.5)", "LerpBackward0", [ACC, ACC]),
    ("x % 2", "RemainderBackward0", [ACC]), ("x.fmod(2)", "FmodBackward0", [ACC]),
    ("x // 2", "NotImplemented", [ACC]), ("x.narrow(0, 0, 1)", "SliceBackward0", [ACC]),
    ("x[...]", "AliasBackward0", [ACC]), ("x.median()", "MedianBackward0", [ACC]),
    ("x.diag()", "DiagEmbedBackward0", [ACC]), ("m.diag()", "DiagonalBackward0_copy", [ACC]),
    ("x.mean()", "MeanBackward0", [ACC]), ("x.mean(0)", "MeanBackward1", [ACC]),
    ("x.sum()", "SumBackward0", [ACC]), ("x.sum(0)", "SumBackward1", [ACC]),
    ("x.matmul(x)", "DotBackward0", [ACC, ACC]), ("x @ torch.ones(3, 2)", "SqueezeBackward4", ["MmBackward0"]),
    ("torch.ones(2, 3) @ x", "MvBackward0", [None, ACC]),
    ("torch.ones(4, 2, 3) @ m.t()", "UnsafeViewBackward0", ["MmBackward0"]),
    ("m.mm(m.t())", "MmBackward0", [ACC, "TBackward0"]), ("x.double()", "ToCopyBackward0", [ACC]),
    ("x.index_select(0, torch.tensor([0]))", "IndexSelectBackward0", [ACC]),
    ("x.gather(0, torch.tensor([0]))", "GatherBackward0", [ACC]),
    ("x.masked_select(x > 0)", "MaskedSelectBackward0", [ACC]),
    ("x.masked_fill(x > 0, 0)", "MaskedFillBackward0", [ACC]),
    ("x.take(torch.tensor([0]))", "TakeBackward0", [ACC]),
    ("x.unfold(0, 2, 1)", "UnfoldBackward0", [ACC]), ("x.as_strided((2,), (1,))", "AsStridedBackward0", [ACC]),
    ("x.expand(2, 3)", "ExpandBackward0", [ACC]),
    ("torch.addmm(x, torch.ones(3, 3), torch.ones(3, 3))", "AddmmBackward0", [ACC, None, None]),
    ("torch.where(x > 0, x, x)", "WhereBackward0", [ACC, ACC]),
    ("x.pow(x)", "PowBackward1", [ACC, ACC]), ("2 ** x", "PowBackward2", [ACC]), ("x ** 2", "PowBackward0", [ACC]),
    ("torch.pow(x, torch.tensor(2.))", "PowBackward1", [ACC, None]),
    ("x - 1", "SubBackward0", [ACC, None]), ("1 - x", "RsubBackward1", [ACC]), ("x + x", "AddBackward0", [ACC, ACC]),
    ("torch.rsub(x, x)", "RsubBackward0", [ACC, ACC]), ("x / x", "DivBackward0", [ACC, ACC]),
    ("x / 2", "DivBackward0", [ACC, None]), ("2 / x", "MulBackward0", ["ReciprocalBackward0", None]),
    ("x * 2", "MulBackward0", [ACC, None]), ("torch.stack([x, x])", "StackBackward0", [ACC, ACC]),
    ("torch.cat([x, x])", "CatBackward0", [ACC, ACC]), ("x.view(3)", "ViewBackward0", [ACC]),
    ("x.t()", "TBackward0", [ACC]), ("x.unbind()[0]", "UnbindBackward0", [ACC]),
    ("x.split(2)[0]", "SplitBackward0", [ACC]), ("x.chunk(2)[0]", "SplitBackward0", [ACC]),
    ("x.split([1, 2])[0]", "SplitWithSizesBackward0", [ACC]), ("x.clone()", "CloneBackward0", [ACC]),
    ("m.t().reshape(6)", "UnsafeViewBackward0", ["CloneBackward0"]),
    ("m.t().contiguous()", "CloneBackward0", ["TBackward0"]),
    ("m.view(3, 1, 2).squeeze(1)", "SqueezeBackward1", ["ViewBackward0"]),
    ("m.view(1, 6).squeeze()", "SqueezeBackward0", ["ViewBackward0"]),
    ("m.unsqueeze(0)", "UnsqueezeBackward0", [ACC]), ("m.permute(1, 0)", "PermuteBackward0", [ACC]),
    ("m.transpose(0, 1)", "TransposeBackward0", [ACC]), ("m.T", "PermuteBackward0", [ACC]),
    ("m[0]", "SelectBackward0", [ACC]), ("m[0, 1]", "SelectBackward0", ["SelectBackward0"]),
    ("m[0:1]", "SliceBackward0", [ACC]), ("m[None]", "UnsqueezeBackward0", [ACC]),
    ("x[[0, 1]]", "IndexBackward0", [ACC]), ("m[m > 0]", "IndexBackward0", [ACC]),
    ("(x * 1).add_(1)", "AddBackward0", ["MulBackward0", None]),
    ("(x * 1).mul_(x)", "MulBackward0", ["MulBackward0", ACC]), ("(x * 1).exp_()", "ExpBackward0", ["MulBackward0"]),
    ("(x * 1).clamp_(0, 1)", "ClampBackward1", ["MulBackward0"]),
    ("(x * 1).clamp_(torch.zeros(3))", "ClampBackward0", ["MulBackward0", None, None]),
    ("(x * 1).fill_(1)", "FillBackward2", ["MulBackward0"]), ("(x * 1).zero_()", "ZeroBackward0", ["MulBackward0"]),
    ("(x * 1).lerp_(x, 0.5)", "LerpBackward0", ["MulBackward0", ACC]),
    ("torch.zeros(3).copy_(x)", "CopyBackwards", [None, ACC]), ("torch.zeros(3).add_(x)", "AddBackward0", [None, ACC]),
    ("torch.zeros(3).mul_(x)", "MulBackward0", [None, ACC]),
]


@pytest.mark.parametrize("expr, node, nexts", NAME_CASES, ids=[c[0] for c in NAME_CASES])
def test_node_names_and_next_functions(expr, node, nexts):
    x = torch.tensor([0.5, -1.5, 2.0], requires_grad=True)
    m = torch.tensor([[0.5, -1.5, 2.0], [1.0, 2.0, 3.0]], requires_grad=True)
    r = eval(expr, {"torch": torch, "x": x, "m": m})
    assert _names(r) == (node, nexts)


@pytest.mark.xfail(reason="indexing records a SliceBackward0 for a full slice ``:``, which PyTorch skips",
                   strict=False)
@pytest.mark.parametrize("expr, node, nexts", [
    ("m[:, [0, 1]]", "IndexBackward0", [ACC]), ("m[:, 1]", "SelectBackward0", [ACC]),
])
def test_indexing_node_names(expr, node, nexts):
    x = torch.tensor([0.5, -1.5, 2.0], requires_grad=True)
    m = torch.tensor([[0.5, -1.5, 2.0], [1.0, 2.0, 3.0]], requires_grad=True)
    assert _names(eval(expr, {"torch": torch, "x": x, "m": m})) == (node, nexts)


def test_floor_divide_has_no_derivative():
    x = torch.ones(3, requires_grad=True)
    with pytest.raises(RuntimeError, match="^derivative for aten::floor_divide is not implemented$"):
        (x // 2).sum().backward()


def test_unknown_node_name_records_and_raises_at_backward():
    x = torch.ones(2, requires_grad=True)
    y = x._record_result(torch.ones(2), "SomethingNewBackward0", (x,))
    assert type(y.grad_fn).__name__ == "SomethingNewBackward0"
    with pytest.raises(RuntimeError, match="the derivative for 'SomethingNewBackward0' is not implemented"):
        y.sum().backward()


def test_saved_values_are_exposed():
    x = torch.ones(3, requires_grad=True)
    w = torch.full((3,), 2.0, requires_grad=True)
    y = x * w
    assert y.grad_fn._saved_self is x and y.grad_fn._saved_other is w
    e = x.exp()
    assert np.allclose(np.asarray(e.grad_fn._saved_result.tolist()), np.e)


# ---- backward formulas on their own ----------------------------------------------------------------------
# The forward value is computed without recording, then recorded under the node's name with the context
# the op passes, so each backward formula is checked apart from the op's forward.
def recorded(name, inputs, forward_value, **ctx):
    return inputs[0]._record_result(forward_value.detach(), name, inputs, **ctx)


def _softmax(a, dim):
    e = (a - a.amax(dim, keepdim=True)).exp()
    return e / e.sum(dim, keepdim=True)


def _sigmoid(t):
    return (-t).exp().add(1).reciprocal()


def _pos(t):
    return t.relu()


MANUAL = [
    ("SoftmaxBackward0", lambda a: recorded("SoftmaxBackward0", (a,), _softmax(a, 1), dim=1), (A,)),
    ("LogSoftmaxBackward0", lambda a: recorded("LogSoftmaxBackward0", (a,), _softmax(a, 0).log(), dim=0), (A,)),
    ("GeluBackward0", lambda a: recorded(
        "GeluBackward0", (a,), a * 0.5 * (1 + (a / 2 ** 0.5).erf())), (A,)),
    ("GeluBackward0_tanh", lambda a: recorded(
        "GeluBackward0", (a,), a * 0.5 * (1 + ((a + 0.044715 * a ** 3) * (2 / np.pi) ** 0.5).tanh()),
        approximate="tanh"), (A,)),
    ("SiluBackward0", lambda a: recorded("SiluBackward0", (a,), a * _sigmoid(a)), (A,)),
    ("LeakyReluBackward0", lambda a: recorded(
        "LeakyReluBackward0", (a,), torch.where(a > 0, a, a * 0.2), negative_slope=0.2), (A,)),
    ("EluBackward0", lambda a: recorded("EluBackward0", (a,), torch.where(a > 0, a, (a.exp() - 1) * 1.5),
                                        alpha=1.5), (A,)),
    ("SoftplusBackward0", lambda a: recorded(
        "SoftplusBackward0", (a,), (a * 2).exp().log1p() / 2, beta=2.0, threshold=20.0), (A,)),
    ("HardtanhBackward0", lambda a: recorded("HardtanhBackward0", (a,), a.clamp(-0.5, 0.5), min_val=-0.5,
                                             max_val=0.5), (A,)),
    ("LogSigmoidBackward0", lambda a: recorded("LogSigmoidBackward0", (a,), _sigmoid(a).log()), (A,)),
    ("MseLossBackward0", lambda a, t: recorded("MseLossBackward0", (a, t), ((a - t) ** 2).mean()), (A, B)),
    ("MseLossBackward0_sum", lambda a, t: recorded("MseLossBackward0", (a, t), ((a - t) ** 2).sum(),
                                                   reduction="sum"), (A, lambda: leaf(3, 4, seed=9))),
    ("BinaryCrossEntropyBackward0", lambda p: recorded(
        "BinaryCrossEntropyBackward0", (p, torch.full((3, 4), 0.3, dtype=D)),
        -(0.3 * p.log() + 0.7 * (1 - p).log()).mean()), (lambda: leaf(3, 4, lo=0.1, hi=0.9),)),
    ("NllLossBackward0", lambda a: recorded(
        "NllLossBackward0", (a, torch.tensor([1, 3, 0])),
        -(a.gather(1, torch.tensor([[1], [3], [0]]))).mean(), reduction="mean", ignore_index=-100), (A,)),
    ("NllLossBackward0_weight_ignore", lambda a: recorded(
        "NllLossBackward0", (a, torch.tensor([1, 3, 0])),
        -(a[0, 1] * 2.0 + a[2, 0] * 3.0) / 5.0, weight=torch.tensor([3.0, 2.0, 1.0, 4.0], dtype=D),
        ignore_index=3), (A,)),
    ("ClampMinBackward1", lambda a, lo: recorded("ClampMinBackward1", (a, lo, None), torch.maximum(a, lo)),
     (A, B)),
    ("ClampMaxBackward1", lambda a, hi: recorded("ClampMaxBackward1", (a, None, hi), torch.minimum(a, hi)),
     (A, B)),
    ("MaskedFillBackward1", lambda a, v: recorded("MaskedFillBackward1", (a, v), torch.where(a > 0, v, a),
                                                  mask=a > 0), (A, lambda: leaf())),
    ("IndexFillBackward1", lambda a, v: recorded(
        "IndexFillBackward1", (a, v), a.index_fill(1, torch.tensor([0, 2]), v.item()), dim=1,
        index=torch.tensor([0, 2])), (A, lambda: leaf())),
    ("IndexCopyBackward0", lambda a, s: a.index_copy(1, torch.tensor([3, 1]), s), (A, lambda: leaf(3, 2))),
    ("PutBackward0", lambda a, s: a.put(torch.tensor([0, 7]), s), (A, lambda: leaf(2))),
    ("PutBackward0_accumulate", lambda a, s: a.put(torch.tensor([0, 7, 0]), s, accumulate=True),
     (A, lambda: leaf(3))),
    ("MaskedScatterBackward0", lambda a, s: a.masked_scatter(torch.tensor([[True, False, True, False]]), s),
     (A, lambda: leaf(8))),
    ("IndexPutBackward0", lambda a, v: a.index_put((torch.tensor([0, 2]), torch.tensor([1, 1])), v),
     (A, lambda: leaf(2))),
    ("FillBackward3", lambda a, v: (a * 1).fill_(v) * a, (A, lambda: leaf())),
    ("ZeroBackward0", lambda a: (a * 1).zero_() + a, (A,)),
]


@pytest.mark.parametrize("fn, factories", [c[1:] for c in MANUAL], ids=[c[0] for c in MANUAL])
def test_gradcheck_recorded_formula(fn, factories):
    inputs = tuple(f() for f in factories)
    assert gradcheck(fn, inputs)


@pytest.mark.parametrize("case", ["SoftmaxBackward0", "LogSoftmaxBackward0", "SiluBackward0", "MseLossBackward0",
                                  "GeluBackward0", "EluBackward0"])
def test_gradgradcheck_recorded_formula(case):
    fn, factories = {c[0]: c[1:] for c in MANUAL}[case]
    assert gradgradcheck(fn, tuple(f() for f in factories))


# ---- every node class is recorded by some op ---------------------------------------------------------------
# Ops the tables above do not reach, with the node PyTorch 2.13 records for each (observed).
# p: positive values, h: values in (-1, 1).
COVERAGE = [
    ("p.exp2()", "Exp2Backward0"), ("torch.asin(h)", "AsinBackward0"), ("h.acos()", "AcosBackward0"),
    ("p.atan()", "AtanBackward0"), ("p.sinh()", "SinhBackward0"), ("p.cosh()", "CoshBackward0"),
    ("p.asinh()", "AsinhBackward0"), ("(p + 1).acosh()", "AcoshBackward0"), ("h.atanh()", "AtanhBackward0"),
    ("h.arcsin()", "AsinBackward0"), ("torch.arctanh(h)", "AtanhBackward0"), ("(p * 1).sinh_()", "SinhBackward0"),
    ("p.amin(0)", "AminBackward0"), ("p.ceil()", "CeilBackward0"), ("p.round()", "RoundBackward0"),
    ("p.round(decimals=1)", "RoundBackward1"), ("p.trunc()", "TruncBackward0"),
    ("p.clamp_max(torch.ones(3))", "ClampMaxBackward1"), ("p.div(2, rounding_mode='floor')", "DivBackward2"),
    ("p.fmod(p)", "FmodBackward1"), ("p.remainder(p)", "RemainderBackward1"),
    ("p.view(1, 2, 1, 3).squeeze((0, 2))", "SqueezeBackward2"),
    ("F.binary_cross_entropy(h.abs(), torch.full((2, 3), 0.3))", "BinaryCrossEntropyBackward0"),
    ("F.elu(p)", "EluBackward0"), ("F.gelu(p)", "GeluBackward0"), ("F.hardtanh(p)", "HardtanhBackward0"),
    ("F.leaky_relu(p)", "LeakyReluBackward0"), ("F.logsigmoid(p)", "LogSigmoidBackward0"),
    ("F.silu(p)", "SiluBackward0"), ("F.softplus(p)", "SoftplusBackward0"),
    ("F.mish(p)", "MishBackward0"), ("F.hardswish(p)", "HardswishBackward0"),
    ("F.hardsigmoid(p)", "HardsigmoidBackward0"),
    ("F.prelu(p, torch.full((3,), 0.2))", "PreluKernelBackward0"),
    ("F.softmax(p, 1)", "SoftmaxBackward0"), ("F.log_softmax(p, 1)", "LogSoftmaxBackward0"),
    ("F.mse_loss(p, torch.zeros(2, 3))", "MseLossBackward0"),
    ("F.nll_loss(p, torch.tensor([0, 2]))", "NllLossBackward0"),
    ("F.cross_entropy(p, torch.tensor([0, 2]), label_smoothing=0.1)", "AddBackward0"),
    ("F.cross_entropy(p, torch.full((2, 3), 0.2))", "DivBackward1"),
    ("(p * 1).fill_(torch.tensor(2.0))", "FillBackward3"),
    ("p.index_copy(1, torch.tensor([2, 0]), torch.ones(2, 2))", "IndexCopyBackward0"),
    ("p.index_fill(1, torch.tensor([0]), 2.0)", "IndexFillBackward0"),
    ("p.index_fill(1, torch.tensor([0]), torch.tensor(2.0, requires_grad=True))", "IndexFillBackward1"),
    ("p.masked_fill(p > 1, torch.tensor(2.0, requires_grad=True))", "MaskedFillBackward1"),
    ("p.masked_scatter(p > 1, torch.ones(6))", "MaskedScatterBackward0"),
    ("p.put(torch.tensor([0, 4]), torch.ones(2))", "PutBackward0"),
    ("p.scatter(1, torch.tensor([[0], [2]]), 5.0)", "ScatterBackward1"),
    ("p.norm('nuc')", "SumBackward1"),
    # linear algebra (tests/test_linalg.py checks their gradients)
    ("torch.block_diag(p, h)", "BlockDiagBackward0"), ("torch.cdist(p, h)", "CdistBackward0"),
    ("torch.linalg.cholesky(p @ p.mT)", "LinalgCholeskyExBackward0"),
    ("p.mT.mm(p).add(torch.eye(3)).cholesky()", "CholeskyBackward0"),
    ("torch.linalg.eigh(p @ p.mT)[0]", "LinalgEighBackward0"),
    ("torch.linalg.lstsq(p.mT, h.mT).solution", "LinalgLstsqBackward0"),
    ("torch.linalg.qr(p.mT)[0]", "LinalgQrBackward0"), ("torch.linalg.slogdet(p @ p.mT)[1]", "LinalgSlogdetBackward0"),
    ("torch.linalg.solve(p @ p.mT, h)", "LinalgSolveExBackward0"),
    ("torch.linalg.solve_triangular(p @ p.mT, h, upper=True)", "LinalgSolveTriangularBackward0"),
    ("torch.linalg.pinv(p)", "LinalgPinvBackward0"),
    ("torch.triangular_solve(h, p @ p.mT).solution", "TriangularSolveBackward0"), ("torch.linalg.lu_factor(p).LU", "LinalgLuFactorExBackward0"),
    ("torch.linalg.lu(p).U", "LinalgLuBackward0"), ("torch.lu_unpack(*torch.linalg.lu_factor(p)).L", "LuUnpackBackward0"),
    ("torch.linalg.lu_solve(*torch.linalg.lu_factor(p @ p.mT), h)", "LinalgLuSolveBackward0"), ("torch.linalg.svd(p)[0]", "LinalgSvdBackward0"),
    # the samplers (tests/test_random_ops.py checks their values)
    ("(p * 1).uniform_()", "UniformBackward0"), ("(p * 1).normal_()", "NormalBackward0"),
    ("(p * 1).exponential_()", "ExponentialBackward0"), ("(p * 1).geometric_(0.5)", "GeometricBackward0"),
    ("(p * 1).log_normal_()", "LogNormalBackward0"), ("(p * 1).cauchy_()", "CauchyBackward0"),
    ("(p * 1).random_(2, 5)", "RandomBackward0"), ("(p * 1).random_(5)", "RandomBackward1"),
    ("(p * 1).random_()", "RandomBackward2"), ("torch.bernoulli(h.abs())", "BernoulliBackward0"),
    ("(p * 1).bernoulli_(h.abs())", "BernoulliBackward1"), ("(p * 1).bernoulli_(0.5)", "BernoulliBackward2"),
    ("torch.poisson(p)", "PoissonBackward0"), ("torch.normal(p, 1.0)", "NormalBackward1"),
    ("torch.normal(0.0, p)", "NormalBackward2"), ("torch.normal(h, p)", "NormalBackward3"),
]


def _coverage_env():
    return {"torch": torch, "F": F,
            "p": torch.tensor([[0.5, 1.5, 2.0], [1.25, 0.75, 3.0]], requires_grad=True),
            "h": torch.tensor([[0.5, -0.25, 0.125], [-0.75, 0.3, 0.6]], requires_grad=True)}


@pytest.mark.parametrize("expr, node", COVERAGE, ids=[c[0] for c in COVERAGE])
def test_coverage_node_names(expr, node):
    assert type(eval(expr, _coverage_env()).grad_fn).__name__ == node


def _graph_names(t):
    """The class names of every node in ``t``'s graph."""
    seen, stack, names = set(), [t.grad_fn], set()
    while stack:
        fn = stack.pop()
        if fn is None or id(fn) in seen:
            continue
        seen.add(id(fn))
        names.add(type(fn).__name__)
        stack.extend(f for f, _ in fn.next_functions)
    return names


def _graphs():
    """The outputs of every op of CASES, NAME_CASES, COVERAGE and the op registry's table (run for real,
    nothing recorded by hand)."""
    for _, fn, factories, _, _ in CASES:
        yield fn(*(f() for f in factories))
    for expr, _, _ in NAME_CASES:
        x = torch.tensor([0.5, -1.5, 2.0], requires_grad=True)
        m = torch.tensor([[0.5, -1.5, 2.0], [1.0, 2.0, 3.0]], requires_grad=True)
        yield eval(expr, {"torch": torch, "x": x, "m": m})
    for expr, _ in COVERAGE:
        yield eval(expr, _coverage_env())
    for name, numbers in op_table.declared():
        if op_table.differentiable(name):
            (x, args, kwargs), _ = op_table.sample(OPS[name], "contiguous", numbers=numbers)
            yield getattr(torch, name)(x.requires_grad_(), *args, **kwargs)


def test_every_node_class_is_recorded_by_an_op():
    """A node class no op records is dead code: expose its op (and add it to the tables above) or delete it."""
    defined = {name for name, cls in NODES.items() if not issubclass(cls, _Unimplemented)}
    seen = set()
    for out in _graphs():
        seen |= _graph_names(out)
    assert sorted(defined - seen) == []


def test_the_coverage_check_sees_a_dead_node():
    """The check above can fail: a node class no op records is reported."""
    class DeadBackward0(torch.autograd.graph.Node):
        __slots__ = ()
    NODES["DeadBackward0"] = DeadBackward0
    try:
        with pytest.raises(AssertionError, match="DeadBackward0"):
            test_every_node_class_is_recorded_by_an_op()
    finally:
        del NODES["DeadBackward0"]
