"""Reductions, cumulative ops, sorting and selection against NumPy, with
PyTorch's dtype rules, dims (int, tuple, negative, keepdim), empty inputs and
the exact errors."""
import math
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import tensorlib as torch
from strategies import strided_tensors
from test_math_elementwise import check, layouts, sample

FLOATS = ["float16", "float32", "float64"]
INTS = ["int8", "int16", "int32", "int64", "uint8"]


def np_dims(dim, ndim):
    if dim is None or dim == () or dim == []:
        return None
    if isinstance(dim, int):
        return dim
    return tuple(dim)


@pytest.mark.parametrize("dtype", FLOATS + INTS + ["bool"])
@pytest.mark.parametrize("dim, keepdim", [(None, False), (0, False), (1, True), (-1, False), ((0, 2), False),
                                          ((-1, 0), True), ((), False)])
def test_sum_prod(dtype, dim, keepdim):
    a = sample(dtype, (2, 3, 4), 1)
    want = "int64" if dtype in INTS + ["bool"] else dtype
    axis = np_dims(dim, 3)
    for _, t, arr in layouts(a):
        s = t.sum() if dim is None else t.sum(dim, keepdim=keepdim)
        ref = np.sum(arr.astype(np.float64 if want in FLOATS else np.int64), axis=axis,
                     keepdims=keepdim if dim is not None else False)
        check(s, ref, want, exact=False, rtol=2e-3 if want == "float16" else 1e-5, atol=1e-2)
        if not isinstance(dim, tuple):
            p = t.prod() if dim is None else t.prod(dim, keepdim=keepdim)
            pref = np.prod(arr.astype(np.float64 if want in FLOATS else np.int64), axis=axis,
                           keepdims=keepdim if dim is not None else False)
            with np.errstate(over="ignore"):
                pref = pref.astype(want)
            check(p, pref, want, exact=False, rtol=1e-2 if want == "float16" else 1e-5, atol=1e-3)


def test_sum_dtypes_and_empty():
    i = torch.tensor([[1, 2, 3], [4, 5, 6]])
    check(i.sum(), 21, "int64")
    check(torch.tensor([True, False, True]).sum(), 2, "int64")
    check(i.sum(dtype=torch.float32), 21.0, "float32")
    check(torch.tensor([1.7, 2.6]).sum(dtype=torch.int32), 3, "int32")
    check(torch.tensor([1, 2], dtype=torch.int8).sum(), 3, "int64")
    check(torch.tensor([60000.0, 60000.0], dtype=torch.float16).sum(), math.inf, "float16")
    check(torch.tensor([0.1] * 100, dtype=torch.float16).sum(), np.float16(np.float32(np.float16(0.1)) * 100),
          "float16")
    e = torch.ones(0, 3)
    check(e.sum(), 0.0, "float32")
    check(e.sum(0), [0.0, 0.0, 0.0], "float32")
    check(e.sum(1), np.zeros(0), "float32")
    check(e.prod(), 1.0, "float32")
    check(torch.tensor(3.5).sum(0), 3.5, "float32")
    check(torch.tensor(3.5).sum(-1, keepdim=True), 3.5, "float32")
    with pytest.raises(IndexError, match=r"^Dimension out of range \(expected to be in range of \[-2, 1\], but got 5\)$"):
        i.sum(5)
    with pytest.raises(RuntimeError, match="^dim 0 appears multiple times in the list of dims$"):
        i.sum((0, 0))
    with pytest.raises(TypeError):
        i.prod((0, 1))


@pytest.mark.parametrize("dtype", FLOATS)
def test_mean(dtype):
    a = sample(dtype, (3, 4, 2), 2)
    for _, t, arr in layouts(a):
        ref = arr.astype(np.float64)
        tol = 2e-3 if dtype == "float16" else 1e-5
        check(t.mean(), ref.mean(), dtype, exact=False, rtol=tol, atol=tol)
        check(t.mean(1), ref.mean(1), dtype, exact=False, rtol=tol, atol=tol)
        check(t.mean((0, -1), keepdim=True), ref.mean((0, 2), keepdims=True), dtype, exact=False, rtol=tol, atol=tol)


def test_mean_rules():
    e = torch.ones(0, 3)
    assert math.isnan(e.mean().item())
    assert np.isnan(e.mean(0).numpy()).all()
    check(e.mean(1), np.zeros(0), "float32")
    check(torch.tensor([1, 2]).mean(dtype=torch.float32), 1.5, "float32")
    for t, name in [(torch.tensor([1, 2]), "Long"), (torch.tensor([True]), "Bool")]:
        with pytest.raises(RuntimeError) as info:
            t.mean()
        assert str(info.value) == ("mean(): could not infer output dtype. Input dtype must be either a floating point "
                                   f"or complex dtype. Got: {name}")
    with pytest.raises(RuntimeError, match="^mean\\(\\): could not infer output dtype. Optional dtype must be either"):
        torch.ones(2).mean(dtype=torch.int64)


@pytest.mark.parametrize("dtype", FLOATS + INTS + ["bool"])
def test_max_min_and_args(dtype):
    a = sample(dtype, (3, 5), 3)
    for _, t, arr in layouts(a):
        check(t.max(), arr.max(), dtype)
        check(t.min(), arr.min(), dtype)
        for dim in (0, 1, -1):
            values, indices = t.max(dim)
            check(values, arr.max(dim), dtype)
            check(indices, np.argmax(arr, dim), "int64")
            r = t.min(dim, keepdim=True)
            check(r.values, arr.min(dim, keepdims=True), dtype)
            check(r.indices, np.argmin(arr, dim, keepdims=True), "int64")
            check(t.amax(dim), arr.max(dim), dtype)
            check(t.amin(dim), arr.min(dim), dtype)
            if dtype != "bool":
                check(t.argmax(dim), np.argmax(arr, dim), "int64")
                check(t.argmin(dim, keepdim=True), np.argmin(arr, dim, keepdims=True), "int64")
        check(t.amax((0, 1)), arr.max(), dtype)
        if dtype != "bool":
            check(t.argmax(), np.argmax(arr), "int64")
            check(t.argmin(), np.argmin(arr), "int64")


def test_max_min_special_cases():
    n = torch.tensor([1.0, math.nan, 3.0, math.nan])
    assert math.isnan(n.max().item())
    r = n.max(0)
    assert math.isnan(r.values.item()) and r.indices.item() == 1
    assert n.argmax().item() == 1 and n.argmin().item() == 1
    assert torch.tensor([3, 1, 3]).max(0).indices.item() == 0
    assert torch.tensor([1, 3, 1]).min(0).indices.item() == 0
    z = torch.tensor(3)
    assert z.max(0).values.item() == 3 and z.max(0).indices.item() == 0
    assert tuple(torch.ones(2, 3).argmax(keepdim=True).shape) == (1, 1)
    r = torch.tensor([[1, 5], [7, 2]]).max(1)
    assert type(r).__name__ == "max" and r[0] is r.values and r[1] is r.indices and len(r) == 2
    values, indices = r
    assert values.tolist() == [5, 7] and indices.tolist() == [1, 0]
    assert repr(r).startswith("torch.return_types.max(\nvalues=")
    assert repr(r).split("\n")[2].startswith("indices=")
    assert torch.ones(2).max(torch.zeros(2)).tolist() == [1.0, 1.0]
    e = torch.ones(0, 3)
    assert tuple(e.max(1).values.shape) == (0,)
    check(e.amax(1), np.zeros(0), "float32")
    check(e.argmax(1), np.zeros(0), "int64")


@pytest.mark.parametrize("expr, exc, msg", [
    (lambda: torch.ones(0, 3).max(), RuntimeError, "max(): Expected reduction dim to be specified for "
     "input.numel() == 0. Specify the reduction dim with the 'dim' argument."),
    (lambda: torch.ones(0, 3).max(0), IndexError, "max(): Expected reduction dim 0 to have non-zero size."),
    (lambda: torch.ones(0, 3).min(0), IndexError, "min(): Expected reduction dim 0 to have non-zero size."),
    (lambda: torch.ones(0, 3).argmax(), IndexError, "argmax(): Expected reduction dim to be specified for "
     "input.numel() == 0."),
    (lambda: torch.ones(0, 3).argmax(0), IndexError, "argmax(): Expected reduction dim 0 to have non-zero size."),
    (lambda: torch.ones(0, 3).amax(), RuntimeError, "amax(): Expected reduction dim to be specified for "
     "input.numel() == 0. Specify the reduction dim with the 'dim' argument."),
    (lambda: torch.ones(0, 3).amax(0), IndexError, "amax(): Expected reduction dim 0 to have non-zero size."),
    (lambda: torch.tensor([True]).argmax(), RuntimeError, "argmax(): does not support bool input"),
])
def test_extreme_errors(expr, exc, msg):
    with pytest.raises(exc) as info:
        expr()
    assert str(info.value) == msg


@pytest.mark.parametrize("dtype", FLOATS)
def test_std_var(dtype):
    a = sample(dtype, (3, 4), 4)
    tol = 5e-3 if dtype == "float16" else 1e-5
    for _, t, arr in layouts(a):
        ref = arr.astype(np.float64)
        check(t.var(), ref.var(ddof=1), dtype, exact=False, rtol=tol, atol=tol)
        check(t.std(), ref.std(ddof=1), dtype, exact=False, rtol=tol, atol=tol)
        check(t.var(0), ref.var(0, ddof=1), dtype, exact=False, rtol=tol, atol=tol)
        check(t.std(1, unbiased=False), ref.std(1), dtype, exact=False, rtol=tol, atol=tol)
        check(t.var(1, keepdim=True, correction=2), ref.var(1, ddof=2, keepdims=True), dtype, exact=False, rtol=tol,
              atol=tol)
        check(t.var(False), ref.var(), dtype, exact=False, rtol=tol, atol=tol)
        check(torch.std(t, 1, True, True), ref.std(1, ddof=1, keepdims=True), dtype, exact=False, rtol=tol, atol=tol)


def test_std_var_rules():
    with pytest.raises(RuntimeError, match="^std and var only support floating point and complex dtypes$"):
        torch.tensor([1, 2]).std()
    with pytest.warns(UserWarning, match=r"^std\(\): degrees of freedom is <= 0"):
        r = torch.tensor([1.0]).std()
    assert math.isnan(r.item())
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert math.isnan(torch.ones(0).var().item())


def test_norm():
    f = torch.tensor([[3.0, -1, 2], [0, 5, -1]])
    a = f.numpy().astype(np.float64)
    check(f.norm(), np.linalg.norm(a), "float32", exact=False)
    check(f.norm("fro"), np.linalg.norm(a), "float32", exact=False)
    check(f.norm(1), np.abs(a).sum(), "float32", exact=False)
    check(f.norm(float("inf")), np.abs(a).max(), "float32", exact=False)
    check(f.norm(-float("inf")), np.abs(a).min(), "float32", exact=False)
    check(f.norm(0), np.count_nonzero(a), "float32", exact=False)
    check(f.norm(3), (np.abs(a) ** 3).sum() ** (1 / 3), "float32", exact=False)
    check(f.norm(dim=1), np.linalg.norm(a, axis=1), "float32", exact=False)
    check(f.norm(p=1, dim=0), np.abs(a).sum(0), "float32", exact=False)
    check(f.norm(2, 1, True), np.linalg.norm(a, axis=1, keepdims=True), "float32", exact=False)
    check(f.norm("nuc"), np.linalg.norm(a, "nuc"), "float32", exact=False)
    check(torch.ones(0, 3).norm(), 0.0, "float32")
    with pytest.raises(RuntimeError, match="^linalg.vector_norm: Expected a floating point or complex tensor as "
                                           "input. Got Long$"):
        torch.tensor([1, 2]).norm()


def test_cumulative():
    i = torch.tensor([[1, 2, 3], [4, 5, 6]])
    check(i.cumsum(0), [[1, 2, 3], [5, 7, 9]], "int64")
    check(i.cumsum(1), [[1, 3, 6], [4, 9, 15]], "int64")
    check(i.cumsum(-1, dtype=torch.float32), [[1, 3, 6], [4, 9, 15]], "float32")
    check(torch.tensor([True, False, True]).cumsum(0), [1, 1, 2], "int64")
    check(torch.tensor([100, 100], dtype=torch.int8).cumsum(0), [100, 200], "int64")
    check(i.float().cumprod(1), [[1, 2, 6], [4, 20, 120]], "float32")
    check(torch.tensor(3).cumsum(0), 3, "int64")
    for _, t, arr in layouts(sample("float64", (3, 4), 5)):
        check(t.cumsum(0), np.cumsum(arr, 0), "float64", exact=False)
        check(t.cumprod(1), np.cumprod(arr, 1), "float64", exact=False)
    out = torch.empty(2, 3, dtype=torch.int64)
    assert torch.cumsum(i, 0, out=out) is out and out.tolist() == [[1, 2, 3], [5, 7, 9]]
    with pytest.raises(TypeError):
        i.cumsum()


def test_logsumexp():
    f = torch.tensor([[1.0, 2, 3], [4, 5, 6]])
    a = f.numpy().astype(np.float64)
    ref = np.log(np.exp(a).sum(1))
    check(f.logsumexp(1), ref, "float32", exact=False)
    check(f.logsumexp((0, 1)), np.log(np.exp(a).sum()), "float32", exact=False)
    check(torch.tensor([[1, 2, 3], [4, 5, 6]]).logsumexp(1), ref, "float32", exact=False)
    check(torch.tensor([1000.0, 1000.0]).logsumexp(0), 1000 + math.log(2), "float32", exact=False)
    check(torch.tensor([-math.inf, -math.inf]).logsumexp(0), -math.inf, "float32")
    check(torch.tensor([math.inf, 1.0]).logsumexp(0), math.inf, "float32")
    check(torch.ones(0, 3).logsumexp(0), [-math.inf] * 3, "float32")
    check(torch.ones(0, 3).logsumexp(1), np.zeros(0), "float32")


def test_all_any_count_nonzero():
    i = torch.tensor([[1, 0, 3], [4, 5, 6]])
    check(i.all(), False, "bool")
    check(i.any(), True, "bool")
    check(i.all(1), [False, True], "bool")
    check(i.all(dim=1, keepdim=True), [[False], [True]], "bool")
    check(i.any((0, 1)), True, "bool")
    check(torch.ones(0, 3).all(), True, "bool")
    check(torch.ones(0, 3).any(), False, "bool")
    check(torch.tensor([1, 2], dtype=torch.uint8).all(), 1, "uint8")
    check(torch.tensor([math.nan, 0.0]).any(), True, "bool")
    check(i.count_nonzero(), 5, "int64")
    check(i.count_nonzero(0), [2, 1, 2], "int64")
    check(i.count_nonzero((0, 1)), 5, "int64")


@settings(max_examples=30, deadline=None)
@given(strided_tensors(dtypes=["float32", "int32", "int64", "uint8"], min_dims=1), st.booleans(), st.data())
def test_reductions_property(x, keepdim, data):
    t, a = x
    dim = data.draw(st.integers(-a.ndim, a.ndim - 1))
    want = np.int64 if a.dtype.kind in "iub" else a.dtype
    np.testing.assert_allclose(t.sum(dim, keepdim=keepdim).numpy(),
                               np.sum(a.astype(want), axis=dim, keepdims=keepdim), rtol=1e-5, atol=1e-4)
    if a.shape[dim]:
        r = t.max(dim, keepdim=keepdim)
        np.testing.assert_array_equal(r.values.numpy(), np.max(a, axis=dim, keepdims=keepdim))
        np.testing.assert_array_equal(r.indices.numpy(), np.argmax(a, axis=dim, keepdims=keepdim))
    s = t.sort(dim)
    np.testing.assert_array_equal(s.values.numpy(), np.sort(a, axis=dim, kind="stable"))
    np.testing.assert_array_equal(s.indices.numpy(), np.argsort(a, axis=dim, kind="stable"))


def test_sort_argsort_topk():
    x = torch.tensor([3, 1, 2, 1])
    s = x.sort()
    assert type(s).__name__ == "sort" and s.values.tolist() == [1, 1, 2, 3] and s.indices.tolist() == [1, 3, 2, 0]
    s = x.sort(descending=True)
    assert s.values.tolist() == [3, 2, 1, 1] and s.indices.tolist() == [0, 2, 1, 3]
    s = torch.sort(x, stable=True, descending=True)
    assert s.indices.tolist() == [0, 2, 1, 3]
    n = torch.tensor([1.0, math.nan, 0.0, math.nan])
    s = n.sort()
    assert s.indices.tolist() == [2, 0, 1, 3]
    s = n.sort(descending=True)
    assert s.indices.tolist() == [1, 3, 0, 2]
    assert x.argsort().tolist() == [1, 3, 2, 0]
    assert x.argsort(descending=True).tolist() == [0, 2, 1, 3]
    f = torch.tensor([[3.0, 1, 2], [0, 5, -1]])
    assert f.sort(0).indices.tolist() == [[1, 0, 1], [0, 1, 0]]
    z = torch.tensor(3).sort()
    assert z.values.item() == 3 and z.indices.item() == 0
    k = x.topk(2)
    assert type(k).__name__ == "topk" and k.values.tolist() == [3, 2] and k.indices.tolist() == [0, 2]
    assert x.topk(2, largest=False).values.tolist() == [1, 1]
    assert f.topk(1, 0).values.tolist() == [[3.0, 5.0, 2.0]]
    assert x.topk(0).values.tolist() == []
    with pytest.raises(RuntimeError, match="^selected index k out of range$"):
        x.topk(5)
    t = torch.arange(24.0).view(2, 3, 4).permute(2, 0, 1)
    assert t.sort(1).values.stride() == t.stride()


def test_unique_and_median():
    x = torch.tensor([3, 1, 2, 1])
    assert x.unique().tolist() == [1, 2, 3]
    v, inv = torch.unique(x, return_inverse=True)
    assert v.tolist() == [1, 2, 3] and inv.tolist() == [2, 0, 1, 0]
    v, c = torch.unique(x, return_counts=True)
    assert c.tolist() == [2, 1, 1]
    v, inv, c = torch.unique(torch.tensor([[1, 2], [1, 2], [0, 1]]), dim=0, return_inverse=True, return_counts=True)
    assert v.tolist() == [[0, 1], [1, 2]] and inv.tolist() == [1, 1, 0] and c.tolist() == [1, 2]
    _, inv = torch.unique(torch.tensor([[2, 1], [1, 3]]), return_inverse=True)
    assert inv.tolist() == [[1, 0], [0, 2]]
    u = torch.unique(torch.tensor([1.0, math.nan, 0.0, math.nan]))
    assert u.shape == (4,) and np.isnan(u.numpy()[2:]).all()
    assert torch.unique(torch.tensor([])).tolist() == []
    assert x.median().item() == 1
    f = torch.tensor([[3.0, 1, 2], [0, 5, -1]])
    m = f.median(1)
    assert type(m).__name__ == "median" and m.values.tolist() == [2.0, 0.0] and m.indices.tolist() == [2, 0]
    assert math.isnan(torch.tensor([]).median().item())
    n = torch.tensor([1.0, math.nan, 0.0, math.nan])
    assert math.isnan(n.median().item())
    m = n.median(0)
    assert math.isnan(m.values.item()) and m.indices.item() == 1


def test_reduction_out():
    f = torch.tensor([[3.0, 1, 2], [0, 5, -1]])
    out = torch.empty(3)
    assert torch.sum(f, 0, out=out) is out and out.tolist() == [3.0, 6.0, 1.0]
    o = torch.empty(3, dtype=torch.long)
    assert torch.sum(f, 0, out=o).tolist() == [3, 6, 1]
    with pytest.warns(UserWarning, match="was resized"):
        torch.sum(f, 0, out=torch.empty(5))
    o = torch.empty(3, dtype=torch.float64)
    assert torch.mean(f, 0, out=o).dtype is torch.float64
    values, indices = torch.empty(3), torch.empty(3, dtype=torch.long)
    r = torch.max(f, 0, out=(values, indices))
    assert r.values is values and r.indices is indices and values.tolist() == [3.0, 5.0, 2.0]
    assert type(r).__name__ == "max_out"


def test_nuclear_norm_values_gradients_and_graph():
    from tensorlib.autograd import gradcheck, gradgradcheck
    a = np.random.default_rng(5).standard_normal((3, 4, 2))
    x = torch.tensor(a, dtype=torch.float64, requires_grad=True)
    for dim, keepdim in (((0, 1), False), ((2, 0), True), ((-1, -2), False)):
        got = x.norm(p="nuc", dim=dim, keepdim=keepdim)
        moved = np.moveaxis(a, dim, (-2, -1))
        want = np.linalg.svd(moved, compute_uv=False).sum(-1)
        if keepdim:
            want = np.expand_dims(want, tuple(sorted(d % 3 for d in dim)))
        np.testing.assert_allclose(got.detach().numpy(), want, rtol=1e-12)
        assert gradcheck(lambda t: t.norm(p="nuc", dim=dim, keepdim=keepdim), (x,))
    y = torch.tensor(a[:, :, 0], dtype=torch.float64, requires_grad=True)
    assert gradcheck(lambda t: t.t().norm(p="nuc"), (y,))                 # non-contiguous input
    out = y.norm(p="nuc")
    assert out.grad_fn.name() == "SumBackward1"
    svd_node = out.grad_fn.next_functions[0][0]
    assert svd_node.name() == "LinalgSvdBackward0"
    u, s, vh = svd_node._saved_U, svd_node._saved_S, svd_node._saved_Vh   # PyTorch's saved factors
    np.testing.assert_allclose((u @ torch.diag(s) @ vh).detach().numpy(), a[:, :, 0], atol=1e-12)
    assert gradgradcheck(lambda t: t.norm(p="nuc"), (y,))                 # create_graph through the SVD
    assert gradgradcheck(lambda t: t.norm(p="nuc", dim=(0, 2)), (x,))
    with torch.no_grad():
        assert x.norm(p="nuc", dim=(0, 1)).grad_fn is None


def test_svd_factors_backward():
    """The full SVD derivative (what svdvals' double backward uses), on functions of the
    factors that do not depend on their signs, for square, tall, wide and batched input."""
    from tensorlib.autograd import gradcheck, gradgradcheck
    from tensorlib.ops.reductions import _svd
    rng = np.random.default_rng(8)
    for shape in ((3, 3), (5, 2), (2, 4), (2, 3, 4)):
        x = torch.tensor(rng.standard_normal(shape), requires_grad=True)

        def invariant(t):
            u, s, vh = _svd(t)
            m, n = u.shape[-2], vh.shape[-1]
            w1 = torch.linspace(-1, 1, m * m, dtype=torch.float64).reshape(m, m)
            w2 = torch.linspace(-2, 1, n * n, dtype=torch.float64).reshape(n, n)
            return (u @ u.mT * w1).sum() + (vh.mT @ (s.unsqueeze(-1) * vh) * w2).sum() + (s ** 3).sum()
        assert gradcheck(invariant, (x,)) and gradgradcheck(invariant, (x,))
        u, s, vh = _svd(x)
        assert u.grad_fn is s.grad_fn is vh.grad_fn and (u.output_nr, s.output_nr, vh.output_nr) == (0, 1, 2)
    with pytest.raises(RuntimeError, match="at least 2 dimensions"):
        torch.ones(3).norm(p="nuc")
