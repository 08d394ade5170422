"""The CUDA path, run on any machine: NumPy stands in for CuPy behind the backend seam.

Under ``tensorlib.backends.cuda.use_stand_in()`` tensors on ``cuda:0`` hold
``_xp.StandInArray`` buffers and every op on them runs ``backends/cuda.py`` (the
same code that drives CuPy on a GPU).  The tests named in ``CORE`` compare CUDA
results with CPU ones and check devices, errors and printing; tests/test_cuda_real.py
runs that same list on a real GPU.  The rest check the stand-in itself and the
seam (the CPU backend is never reached for CUDA tensors)."""
import math
import os
import subprocess
import sys
import types

import numpy as np
import pytest

import tensorlib as torch
from tensorlib.backends import backend_for, backend_for_array, cpu as cpu_backend, cuda as cuda_backend

CUDA = torch.device("cuda", 0)
# tensorlib/__init__.py exports from_dlpack once it lists it; until then take it from its module
from_dlpack = getattr(torch, "from_dlpack", None) or __import__("tensorlib._creation", fromlist=["x"]).from_dlpack


@pytest.fixture(autouse=True)
def stand_in():
    with cuda_backend.use_stand_in():
        yield


# ---- helpers -------------------------------------------------------------------------------
def assert_same(cpu_result, cuda_result, rtol=1e-5, atol=1e-6, where="result"):
    """``cuda_result`` lives on cuda:0 and equals ``cpu_result`` (tensors, tuples, Python values)."""
    if isinstance(cpu_result, (list, tuple)):
        assert type(cuda_result) is type(cpu_result) and len(cuda_result) == len(cpu_result), where
        for i, (c, d) in enumerate(zip(cpu_result, cuda_result)):
            assert_same(c, d, rtol, atol, f"{where}[{i}]")
        return
    if isinstance(cpu_result, torch.Tensor):
        assert isinstance(cuda_result, torch.Tensor), where
        assert cuda_result.device == CUDA and cuda_result.is_cuda, (where, cuda_result.device)
        assert cpu_result.device == torch.device("cpu"), where
        assert cuda_result.dtype == cpu_result.dtype, (where, cuda_result.dtype, cpu_result.dtype)
        assert cuda_result.shape == cpu_result.shape, (where, cuda_result.shape, cpu_result.shape)
        want = cpu_result.detach().numpy()
        got = cuda_result.detach().cpu().numpy()
        if want.dtype.kind == "f":
            np.testing.assert_allclose(got.astype(np.float64), want.astype(np.float64), rtol=rtol, atol=atol,
                                       equal_nan=True, err_msg=where)
        else:
            np.testing.assert_array_equal(got, want, err_msg=where)
        return
    assert cuda_result == cpu_result, (where, cuda_result, cpu_result)


def run_both(fn, *tensors, **tol):
    """``fn`` on CPU tensors and on their CUDA copies; the results must agree."""
    want = fn(*tensors)
    got = fn(*[t.cuda() if isinstance(t, torch.Tensor) else t for t in tensors])
    assert_same(want, got, **tol)
    return got


def _data():
    g = torch.Generator().manual_seed(0)
    a = torch.randn(3, 4, generator=g)
    b = torch.randn(3, 4, generator=g)
    a[0, 0] = float("nan")
    return dict(
        a=a, b=b, v=torch.randn(4, generator=g), M=torch.randn(4, 5, generator=g), B=torch.randn(2, 3, 4, generator=g),
        m=torch.randn(3, 4, generator=g) > 0, x=torch.randint(-9, 9, (3, 4), generator=g),
        y=torch.randint(1, 5, (3, 4), generator=g) * torch.tensor([1, -1, 1, -1]),
        h=torch.randn(3, 4, generator=g).half(), i8=torch.randint(-100, 100, (3, 4), generator=g).to(torch.int8),
        u8=torch.randint(0, 255, (3, 4), generator=g).to(torch.uint8), p=torch.rand(3, 4, generator=g) + 0.1,
    )


def _names(fn):
    import inspect
    return list(inspect.signature(fn).parameters)


def _check_table(table, fn_name, **tol):
    data = _data()
    fn = table[fn_name]
    run_both(fn, *[data[n] for n in _names(fn)], **tol)


# ---- creation and transfers ----------------------------------------------------------------
def test_seed_snippet_prints_as_pytorch(capsys):
    x = torch.tensor([1, 2])
    if torch.cuda.is_available():
        device = torch.device("cuda")
        y = torch.ones_like(x, device=device)
        x = x.to(device)
        z = x + y
        print(z)
        print(z.to("cpu", torch.double))
    assert capsys.readouterr().out == "tensor([2, 3], device='cuda:0')\ntensor([2., 3.], dtype=torch.float64)\n"


FACTORIES = {
    "zeros": lambda d: torch.zeros(2, 3, device=d),
    "ones": lambda d: torch.ones((2, 3), dtype=torch.int32, device=d),
    "full": lambda d: torch.full((2,), 7, device=d),
    "empty_shape": lambda d: torch.empty(2, 3, device=d).shape,
    "arange": lambda d: torch.arange(1, 6, 2, device=d),
    "arange_float": lambda d: torch.arange(0, 1, 0.25, device=d),
    "linspace": lambda d: torch.linspace(0, 1, 5, device=d),
    "logspace": lambda d: torch.logspace(0, 2, 3, device=d),
    "eye": lambda d: torch.eye(3, 2, device=d),
    "tensor": lambda d: torch.tensor([[1.5, 2], [3, 4]], device=d),
    "tensor_bool": lambda d: torch.tensor([True, False], device=d),
    "tensor_scalar": lambda d: torch.tensor(3, device=d),
    "as_tensor": lambda d: torch.as_tensor(np.arange(4), device=d),
    "legacy_new": lambda d: torch.ones(2, device=d).new_tensor([5, 6]),
    "new_zeros": lambda d: torch.ones(2, device=d).new_zeros(3),
    "new_full": lambda d: torch.ones(2, device=d).new_full((2,), 4.0),
    "zeros_like": lambda d: torch.zeros_like(torch.ones(2, 2), device=d),
    "ones_like": lambda d: torch.ones_like(torch.tensor([1, 2]), device=d),
    "full_like": lambda d: torch.full_like(torch.ones(3), 2.5, device=d),
    "rand_seeded": lambda d: (torch.manual_seed(3), torch.rand(4, device=d))[1],
    "randn_seeded": lambda d: (torch.manual_seed(3), torch.randn(2, 2, device=d, dtype=torch.float64))[1],
    "randint_seeded": lambda d: (torch.manual_seed(3), torch.randint(0, 10, (5,), device=d))[1],
    "randperm_seeded": lambda d: (torch.manual_seed(3), torch.randperm(6, device=d))[1],
    "empty_strided": lambda d: torch.empty_strided((2, 3), (1, 2), device=d).stride(),
}


@pytest.mark.parametrize("name", list(FACTORIES))
def test_creation_on_device(name):
    make = FACTORIES[name]
    want = make(None)
    for device in ("cuda", "cuda:0", torch.device("cuda"), torch.device("cuda", 0), 0):
        got = make(device)
        assert_same(want, got, where=f"{name} on {device!r}")


def test_device_attributes():
    t = torch.ones(2, device="cuda")
    assert t.device == CUDA and repr(t.device) == "device(type='cuda', index=0)" and str(t.device) == "cuda:0"
    assert t.is_cuda and not t.is_cpu and t.type() == "torch.cuda.FloatTensor" and t.get_device() == 0
    c = torch.ones(2, device="cpu:0")
    assert c.device == torch.device("cpu") and repr(c.device) == "device(type='cpu')" and not c.is_cuda
    assert c.get_device() == -1 and torch.ones(1).to("cpu:0").device == torch.device("cpu")


DTYPES = [torch.float16, torch.float32, torch.float64, torch.int8, torch.int16, torch.int32, torch.int64,
          torch.uint8, torch.bool]


@pytest.mark.parametrize("dtype", DTYPES, ids=str)
def test_transfers_round_trip(dtype):
    base = torch.arange(-6, 18).reshape(4, 6).to(dtype)
    for src in (base, base.t(), base[1:, ::2], base[:1].expand(3, 6), base[2, 3]):
        on_gpu = src.to("cuda")
        assert on_gpu.device == CUDA and on_gpu.dtype is dtype and on_gpu.shape == src.shape
        back = on_gpu.cpu()
        assert back.device == torch.device("cpu")
        assert torch.equal(back, src)
        assert back.tolist() == src.tolist() == on_gpu.tolist()


@pytest.mark.parametrize("dtype", DTYPES, ids=str)
def test_dtype_and_device_together(dtype):
    src = torch.tensor([[-2.7, 0.0, 3.9], [100.0, 1.5, -0.5]])
    if dtype is torch.uint8:
        src = src.abs()  # negative float -> unsigned conversions are C undefined behaviour (GPUs saturate)
    want = src.to(dtype)
    assert_same(want, src.to("cuda", dtype))
    assert_same(want, src.to(device="cuda", dtype=dtype))
    assert_same(want, src.cuda().to(dtype))
    assert torch.equal(src.cuda().to("cpu", dtype), want)
    target = torch.empty(0, dtype=dtype, device="cuda")
    assert_same(want, src.to(target))


def test_to_identity_and_copies():
    g = torch.arange(4.0, device="cuda")
    assert g.to("cuda") is g and g.to(CUDA) is g and g.cuda() is g and g.to(torch.float32) is g
    copy = g.to("cuda", copy=True)
    assert copy is not g and torch.equal(copy, g)
    copy[0] = 10
    assert g[0].item() == 0
    c = torch.arange(4.0)
    assert c.cpu() is c
    moved = c.cuda()
    moved[1] = 7  # a transfer is a copy
    assert c[1].item() == 1 and moved[1].item() == 7
    assert c.cuda(0).device == CUDA and c.cuda("cuda:0").device == CUDA and c.to(0).device == CUDA


def test_copy_between_devices():
    g = torch.zeros(2, 3, device="cuda")
    g.copy_(torch.arange(6.0).view(2, 3))
    assert g.tolist() == [[0, 1, 2], [3, 4, 5]] and g.device == CUDA
    c = torch.zeros(3, 2, dtype=torch.int64)
    c.copy_(g.t())
    assert c.tolist() == [[0, 3], [1, 4], [2, 5]]
    g[0].copy_(torch.tensor([9, 8, 7]))  # broadcast + cast + transfer into a view
    assert g.tolist() == [[9, 8, 7], [3, 4, 5]]
    g[1] = torch.tensor(1.5)
    assert g[1].tolist() == [1.5, 1.5, 1.5]


def test_item_tolist_and_python_scalars():
    g = torch.tensor([[1.5, -2.0]], device="cuda")
    assert g.tolist() == [[1.5, -2.0]]
    assert g[0, 1].item() == -2.0 and float(g[0, 0]) == 1.5 and int(g[0, 0]) == 1
    assert bool(torch.tensor([True], device="cuda")) is True
    assert [1, 2, 3][torch.tensor(1, device="cuda")] == 2
    assert f"{torch.tensor(2.5, device='cuda'):.2f}" == "2.50"


# ---- ops match the CPU -----------------------------------------------------------------------
ELEMENTWISE = {
    "add": lambda a, b: a + b,
    "sub_alpha": lambda a, b: torch.sub(a, b, alpha=2),
    "mul": lambda a, b: a * b,
    "div": lambda a, b: a / b,
    "broadcast": lambda a, v: a * v - v,
    "scalar": lambda a: a * 2.5 + 1,
    "rsub": lambda a: 1 - a,
    "rdiv": lambda p: 2 / p,
    "pow": lambda p: p ** 0.5,
    "pow_tensor": lambda p, a: p ** a,
    "compare": lambda a, b: [a < b, a == b, a != b, a >= 0.5],
    "maximum": lambda a, b: torch.maximum(a, b),
    "int_floor_div": lambda x, y: x // y,
    "int_remainder": lambda x, y: x % y,
    "int_fmod": lambda x, y: torch.fmod(x, y),
    "int_trunc_div": lambda x, y: torch.div(x, y, rounding_mode="trunc"),
    "int_true_div": lambda x, y: x / y,
    "int_pow": lambda x: x ** 2,
    "int_pow_tensor": lambda x, y: x ** y,
    "int_scalar": lambda x: x * 3 + 1,
    "int_min_floordiv": lambda x: ix([-2 ** 63, 7], x) // ix([-1, -2], x),
    "float_floor_div": lambda a, p: a // p,
    "float_remainder": lambda a, p: a % p,
    "promotion": lambda x, a: x + a,
    "promotion_int8": lambda i8, u8: i8 + u8,
    "int8_wrap": lambda i8: i8 * 100,
    "uint8_wrap": lambda u8: u8 + 1000,
    "bool_ops": lambda m: [m & ~m, m | m, m ^ m, m + m],
    "bitwise": lambda x, y: [x & y, x | y, x ^ y, ~x],
    "logical": lambda a, m: [torch.logical_and(a, m), torch.logical_not(a)],
    "unary": lambda a: [a.exp(), a.log(), a.sin(), a.cos(), a.tan(), a.tanh(), a.sigmoid(), a.relu(), a.abs(), a.neg(),
                        a.sqrt(), a.rsqrt(), a.reciprocal(), a.log1p(), a.expm1(), a.log2(), a.log10(), a.erf(),
                        a.floor(), a.ceil(), a.round(), a.trunc(), a.sign(), a.square(), a.isnan(), a.isinf(),
                        a.isfinite()],
    "int_unary": lambda x: [x.abs(), x.neg(), x.sign(), x.square()],
    "round_decimals": lambda a: a.round(decimals=2),
    "half": lambda h: [h + h, h * 3, h.exp(), h.sigmoid(), h.rsqrt(), h.erf(), h / 3],
    "clamp": lambda a, b: [a.clamp(-0.5, 0.5), a.clamp(min=b), torch.clamp(a, max=0.1)],
    "lerp": lambda a, b, p: [torch.lerp(a, b, 0.3), torch.lerp(a, b, p)],
    "isclose": lambda a, b: [torch.isclose(a, a), torch.isclose(a, b, atol=1.0), torch.isclose(a, a, equal_nan=True)],
    "allclose_equal": lambda b: [torch.allclose(b, b), torch.equal(b, b + 1)],
    "inplace": lambda a, b: a.clone().add_(b).mul_(2).clamp_(-1, 1).sub_(1),
    "inplace_int": lambda x: x.clone().mul_(3).add_(1),
    "fill_zero": lambda a: [a.clone().fill_(3), a.clone().zero_()],
    "where": lambda a, b, m: [torch.where(m, a, b), torch.where(m, a, 0.0)],
    "cpu_scalar_tensor": lambda a: a * torch.tensor(3.0) + torch.tensor(1),
    "transposed_layout": lambda a, b: (a.t() + b.t()).stride(),
}


@pytest.mark.parametrize("name", list(ELEMENTWISE))
def test_elementwise_matches_cpu(name):
    _check_table(ELEMENTWISE, name, rtol=1e-3 if name == "half" else 1e-5)


REDUCTIONS = {
    "sum": lambda a: [a.sum(), a.sum(0), a.sum(1, keepdim=True), a.sum((0, 1))],
    "sum_dtype": lambda b: b.sum(dtype=torch.float64),
    "mean": lambda b: [b.mean(), b.mean(1)],
    "prod": lambda p: [p.prod(), p.prod(0)],
    "int_sum": lambda x: [x.sum(), x.sum(1), x.prod(0)],
    "bool_sum": lambda m: [m.sum(), m.sum(0)],
    "max_min": lambda a: [a.max(), a.min(), a.amax(1), a.amin(0)],
    "max_dim": lambda b: [*b.max(1), *b.min(0, keepdim=True)],
    "argmax": lambda a, b: [a.argmax(), b.argmax(), b.argmin(1), b.argmax(0, keepdim=True)],
    "all_any": lambda m: [m.all(), m.any(), m.all(1), m.any(0)],
    "std_var": lambda b: [b.std(), b.var(0), b.std(1, unbiased=False)],
    "norm": lambda b: [b.norm(), b.norm(1), b.norm(dim=1)],
    "logsumexp": lambda b: [b.logsumexp(1), b.logsumexp((0, 1))],
    "cumulative": lambda b, x: [b.cumsum(1), b.cumprod(0), x.cumsum(0)],
    "count_nonzero": lambda x: [torch.count_nonzero(x), torch.count_nonzero(x, 1)],
    "sort": lambda b: [*b.sort(1), *b.sort(0, descending=True), b.argsort(1)],
    "sort_nan": lambda a: [*a.sort(1), *a.sort(1, descending=True)],
    "sort_ties": lambda x: [*x.sort(1, stable=True), *x.sort(0, descending=True, stable=True)],
    "topk": lambda b: [*b.topk(2, 1), *b.topk(1, 0, largest=False)],
    "median": lambda a, b: [b.median(), *b.median(1), *a.median(1)],
    "unique": lambda x: [*torch.unique(x, return_inverse=True, return_counts=True)],
    "unique_dim": lambda x: [*torch.unique(x[:, :2].abs() % 3, dim=0, return_inverse=True, return_counts=True)],
    "unique_float": lambda a: torch.unique(a),
    "half_sum": lambda h: [h.sum(), h.mean()],
}


@pytest.mark.parametrize("name", list(REDUCTIONS))
def test_reductions_match_cpu(name):
    _check_table(REDUCTIONS, name, rtol=1e-3 if name == "half_sum" else 1e-5)


LINALG = {
    "mm": lambda b, M: b @ M,
    "matmul_broadcast": lambda B, M: B @ M,
    "bmm": lambda B: torch.bmm(B, B.transpose(1, 2)),
    "mv_dot": lambda M, v: [v @ M, v @ v, M.t() @ v],
    "int_mm": lambda x: x @ x.t(),
    "addmm": lambda b, M: torch.addmm(b[:, :1].expand(3, 5), b, M[:4], beta=0.5, alpha=2),
    "outer_like": lambda v: v.unsqueeze(1) * v,
    "transposed": lambda M: M.t() @ M,
    "nuclear_norm": lambda M: M.norm(p="nuc"),
    "half_mm": lambda h: h @ h.t(),
}


@pytest.mark.parametrize("name", list(LINALG))
def test_linalg_matches_cpu(name):
    _check_table(LINALG, name, rtol=2e-3 if name == "half_mm" else 1e-5, atol=1e-5)


def ix(values, like):
    """An index (or value) tensor on the device of ``like``."""
    return torch.tensor(values, device=like.device)


def _setitem(a):
    a[0] = 5.0
    a[:, 1] = ix([1.0, 2.0, 3.0], a)
    a[a > 1] = 0.5
    a[ix([0, 2], a)] += 1
    a[1, ix([True, False, True, False], a)] = -1.0
    a[..., 3] = torch.tensor(7.0)  # a CPU 0-d tensor is a scalar anywhere
    return a


def _views_share(b):
    base = b.clone()
    base[1:, :2].mul_(2)
    base.t()[0].add_(1)
    base.view(-1)[5] = -3.0
    return base


def _take_put(b):
    return [b.take(ix([0, 5, 11], b)),
            b.clone().put_(ix([0, 5], b), ix([9.0, 8.0], b)),
            b.clone().put_(ix([1, 1], b), ix([1.0, 2.0], b), accumulate=True)]


INDEXING = {
    "basic": lambda a: [a[1], a[:, 1:3], a[..., ::2], a[1, 2], a.t()[1:], a[None, 1:, -1]],
    "views_share": _views_share,
    "advanced": lambda b: [b[ix([0, 2, 2], b)], b[:, ix([3, 0], b)], b[ix([0, 1], b), ix([2, 3], b)]],
    "mask": lambda b, m: [b[m], b[m[:, 0]], b.masked_select(m), b.masked_fill(m, -1.0)],
    "setitem": lambda b: _setitem(b.clone()),
    "gather": lambda b: b.gather(1, ix([[0, 1], [1, 2], [3, 0]], b)),
    "scatter": lambda b: [torch.zeros(3, 5, device=b.device).scatter_(1, ix([[0, 1], [1, 2], [3, 0]], b), b[:, :2]),
                          torch.zeros(3, 5, device=b.device).scatter(1, ix([[4], [0], [2]], b), 1.5)],
    "scatter_add": lambda b: b.new_zeros(3, 5).scatter_add(1, ix([[0, 0], [1, 1], [3, 3]], b), b[:, :2]),
    "index_select": lambda b: [b.index_select(1, ix([3, 0], b)), torch.index_select(b, 0, ix([2], b))],
    "index_add": lambda b: torch.zeros(3, 4, device=b.device).index_add_(0, ix([0, 0, 2], b), b),
    "index_fill_copy": lambda b: [b.clone().index_fill_(1, ix([0, 2], b), -2.0),
                                  b.clone().index_copy_(0, ix([2, 0, 1], b), b)],
    "masked_scatter": lambda b, m: b.clone().masked_scatter_(m, torch.arange(12.0, device=b.device)),
    "nonzero": lambda m, x: [m.nonzero(), x.nonzero(), torch.nonzero(m, as_tuple=True)[1]],
    "take_put": _take_put,
    "joining": lambda a, b: [torch.cat([a, b], 1), torch.stack([a, b]), *a.split(2, 1), *b.chunk(3, 0),
                             torch.cat([a, b.t().t()])],
    "structure": lambda b: [b.flip(0), b.roll(1, 1), b.roll((1, 2), (0, 1)), b.tril(), b.triu(1), b.repeat(2, 1),
                            b.t().contiguous(), b.t().reshape(-1), b.permute(1, 0)[::2], b.diag()],
    "expand_then_op": lambda v: [v.expand(3, 4) + 0, v.unsqueeze(0).expand(2, 4).sum(0)],
}


@pytest.mark.parametrize("name", list(INDEXING))
def test_indexing_matches_cpu(name):
    _check_table(INDEXING, name)


def test_storage_views_share_device_memory():
    g = torch.zeros(4, 4, device="cuda")
    row = g[1]
    col = g[:, 2]
    row.fill_(1)
    col.add_(2)
    g.view(-1)[0] = 9
    assert g.tolist()[0] == [9, 0, 2, 0] and g.tolist()[1] == [1, 1, 3, 1]
    assert row._storage is g._storage and row.data_ptr() == g.data_ptr() + 4 * 4


def test_resize_grows_device_storage():
    r = torch.zeros(2, device="cuda")
    view = r[:1]
    r.resize_(5)
    assert r.device == CUDA and r.shape == (5,) and r[:2].tolist() == [0, 0]
    r[0] = 3
    assert view.item() == 3.0 and type(r._storage.data) is type(view._array())


# ---- autograd across devices ----------------------------------------------------------------
def test_backward_through_to_cuda_and_back():
    x = torch.tensor([1.0, -2.0, 3.0], requires_grad=True)
    y = x.to("cuda")
    assert y.grad_fn.name() == "ToCopyBackward0" and y.device == CUDA
    z = (y * y + y.sin()).sum()
    z.backward()
    assert x.grad.device == torch.device("cpu")
    expected = 2 * x.detach() + x.detach().cos()
    assert torch.allclose(x.grad, expected)

    w = torch.tensor([[0.5, -1.0], [2.0, 0.25]], device="cuda", requires_grad=True)
    out = (w.cpu() * torch.tensor([[1.0, 2.0], [3.0, 4.0]])).sum()
    out.backward()
    assert w.grad.device == CUDA and w.grad.tolist() == [[1.0, 2.0], [3.0, 4.0]]


def test_backward_on_device_matches_cpu():
    g = torch.Generator().manual_seed(1)
    x = torch.randn(5, 3, generator=g)
    w0 = torch.randn(3, 4, generator=g)

    def loss(x, w):
        h = (x @ w).relu()
        return (h - h.logsumexp(1, keepdim=True)).sum() + (w ** 2).mean()

    w_cpu = w0.clone().requires_grad_()
    loss(x, w_cpu).backward()
    w_gpu = w0.cuda().requires_grad_()
    out = loss(x.cuda(), w_gpu)
    assert out.device == CUDA
    out.backward()
    assert w_gpu.grad.device == CUDA and w_gpu.is_leaf
    assert_same(w_cpu.grad, w_gpu.grad)


def test_double_backward_on_device_matches_cpu():
    a = torch.randn(2, 4, 3, generator=torch.Generator().manual_seed(2), dtype=torch.float64)

    def second_derivative(x):
        x = x.clone().requires_grad_()
        y = x.norm(p="nuc", dim=(-2, -1)).sum() + (x.tanh() ** 3).sum()    # through the SVD's derivative
        g, = torch.autograd.grad(y, x, create_graph=True)
        h, = torch.autograd.grad((g * g.detach().sin()).sum(), x)
        return h

    assert_same(second_derivative(a), second_derivative(a.cuda()), rtol=1e-9, atol=1e-12)


def test_backward_with_dtype_change_and_cpu_scalars():
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    y = x.to("cuda", torch.float64)
    s = torch.tensor(3.0, requires_grad=True)  # a 0-d CPU tensor joining a CUDA op
    (y * s).sum().backward()
    assert x.grad.dtype == torch.float32 and x.grad.device == torch.device("cpu") and x.grad.tolist() == [3.0, 3.0]
    assert s.grad.device == torch.device("cpu") and s.grad.item() == 3.0

    dst = torch.zeros(2, device="cuda")
    src = torch.tensor([1.0, 2.0], requires_grad=True)
    dst.copy_(src)
    (dst * 2).sum().backward()
    assert src.grad.device == torch.device("cpu") and src.grad.tolist() == [2.0, 2.0]


def test_grad_accumulates_on_the_leaf_device():
    w = torch.ones(2, device="cuda", requires_grad=True)
    for _ in range(2):
        (w * 3).sum().backward()
    assert w.grad.device == CUDA and w.grad.tolist() == [6.0, 6.0]
    with torch.no_grad():
        w -= 0.5 * w.grad
    assert w.tolist() == [-2.0, -2.0] and w.device == CUDA


# ---- errors ----------------------------------------------------------------------------------
MIXED = "Expected all tensors to be on the same device, but found at least two devices, cuda:0 and cpu!"


@pytest.mark.parametrize("fn", [
    lambda g, c: g + c, lambda g, c: c + g, lambda g, c: g.mul_(c), lambda g, c: torch.maximum(c, g),
    lambda g, c: g @ c, lambda g, c: g.view(2, 2) @ c.view(2, 2), lambda g, c: torch.cat([g, c]),
    lambda g, c: torch.stack([c, g]), lambda g, c: torch.add(g, g, out=c), lambda g, c: g.clamp(c, c),
    lambda g, c: torch.lerp(g, c, 0.5), lambda g, c: torch.tensor(1.0, device="cuda") + c,
], ids=["add", "radd", "inplace", "maximum", "dot", "mm", "cat", "stack", "out", "clamp", "lerp",
        "cuda_scalar_cpu_tensor"])
def test_mixed_devices_raise(fn):
    g = torch.ones(4, device="cuda")
    c = torch.ones(4)
    with pytest.raises(RuntimeError) as info:
        fn(g, c)
    assert str(info.value).startswith("Expected all tensors to be on the same device, but found at least two devices")
    assert "cuda:0" in str(info.value) and "cpu" in str(info.value)


def test_mixed_device_message_is_pytorchs():
    with pytest.raises(RuntimeError) as info:
        torch.ones(2, device="cuda") + torch.ones(2)
    assert str(info.value) == MIXED
    with pytest.raises(RuntimeError) as info:
        torch.ones(2) * torch.ones(2, device="cuda")  # TensorIterator names the CUDA device first
    assert str(info.value) == MIXED


def test_cpu_scalars_join_cuda_ops():
    g = torch.tensor([1.0, 2.0], device="cuda")
    scalar = torch.tensor(1.0)
    for result in (g + scalar, scalar + g, g * 2, torch.tensor(2) ** g, g.add_(torch.tensor(0.5))):
        assert result.device == CUDA
    assert g.tolist() == [1.5, 2.5]


def test_numpy_conversion_errors():
    g = torch.ones(2, device="cuda")
    message = ("can't convert cuda:0 device type tensor to numpy. Use Tensor.cpu() to copy the tensor to host "
               "memory first.")
    with pytest.raises(TypeError) as info:
        g.numpy()
    assert str(info.value) == message
    with pytest.raises(TypeError):
        np.asarray(g)
    with pytest.raises(TypeError):  # the device check comes first, as in PyTorch
        torch.ones(2, device="cuda", requires_grad=True).numpy()
    assert g.cpu().numpy().tolist() == [1.0, 1.0]
    assert g.numpy(force=True).tolist() == [1.0, 1.0]
    assert isinstance(g.cpu().numpy(), np.ndarray) and type(g.cpu().numpy()) is np.ndarray


def test_cpu_index_tensors_index_cuda_tensors():
    g = torch.arange(6.0, device="cuda")
    assert g[torch.tensor([0, 2])].tolist() == [0.0, 2.0]  # PyTorch moves CPU indices to the device
    g[torch.tensor([1])] = 9.0
    assert g[1].item() == 9.0


@pytest.mark.parametrize("fn", [
    lambda g, i: g.gather(0, i), lambda g, i: g.index_select(0, i), lambda g, i: g.clone().scatter_(0, i, 1.0),
    lambda g, i: torch.where(i.bool(), g[:2], g[:2]), lambda g, i: g[:2].masked_fill(i.bool(), 0.0),
], ids=["gather", "index_select", "scatter", "where", "masked_fill"])
def test_indexing_ops_refuse_mixed_devices(fn):
    with pytest.raises(RuntimeError, match="Expected all tensors to be on the same device"):
        fn(torch.arange(4.0, device="cuda"), torch.tensor([1, 0]))


def test_index_add_with_alpha_matches_cpu():
    run_both(lambda b: b.new_zeros(3, 4).index_add_(0, ix([0, 0, 2], b), b, alpha=2), _data()["b"])


def test_pickle_and_deepcopy_keep_the_device():
    import copy
    import pickle
    g = torch.arange(3.0, device="cuda").requires_grad_()
    for twin in (pickle.loads(pickle.dumps(g)), copy.deepcopy(g)):
        assert twin.device == CUDA and twin.requires_grad and twin.tolist() == [0.0, 1.0, 2.0]


def test_invalid_device_ordinal():
    with pytest.raises(RuntimeError, match="CUDA error: invalid device ordinal"):
        torch.ones(2, device=f"cuda:{torch.cuda.device_count()}")
    with pytest.raises(RuntimeError, match="invalid device ordinal"):
        torch.ones(2).to(f"cuda:{torch.cuda.device_count() + 3}")


# ---- printing ----------------------------------------------------------------------------------
@pytest.mark.parametrize("make, text", [
    (lambda: torch.tensor([1, 2], device="cuda"), "tensor([1, 2], device='cuda:0')"),
    (lambda: torch.tensor([1.0, 2.5], device="cuda"), "tensor([1.0000, 2.5000], device='cuda:0')"),
    (lambda: torch.tensor(3.0, device="cuda"), "tensor(3., device='cuda:0')"),
    (lambda: torch.tensor([1, 2], dtype=torch.int32, device="cuda"),
     "tensor([1, 2], device='cuda:0', dtype=torch.int32)"),
    (lambda: torch.ones(2, dtype=torch.float64, device="cuda"),
     "tensor([1., 1.], device='cuda:0', dtype=torch.float64)"),
    (lambda: torch.ones(3, device="cuda", requires_grad=True),
     "tensor([1., 1., 1.], device='cuda:0', requires_grad=True)"),
    (lambda: torch.ones(2, device="cuda", requires_grad=True) * 2,
     "tensor([2., 2.], device='cuda:0', grad_fn=<MulBackward0>)"),
    (lambda: torch.zeros(0, 3, dtype=torch.int64, device="cuda"),
     "tensor([], device='cuda:0', size=(0, 3), dtype=torch.int64)"),
    (lambda: torch.tensor([True, False], device="cuda"), "tensor([ True, False], device='cuda:0')"),
    (lambda: torch.arange(2000.0, device="cuda"),
     "tensor([0.0000e+00, 1.0000e+00, 2.0000e+00,  ..., 1.9970e+03, 1.9980e+03,\n"
     "        1.9990e+03], device='cuda:0')"),
])
def test_repr_has_device_suffix(make, text):
    assert repr(make()) == text
    assert str(make()) == text


# ---- interop ----------------------------------------------------------------------------------
def test_dlpack_round_trips_with_numpy():
    t = torch.arange(6.0).view(2, 3).t()
    assert t.__dlpack_device__() == (1, 0)
    a = np.from_dlpack(t)
    assert a.shape == (3, 2) and a.strides == (4, 12)
    t[0, 0] = 100.0
    assert a[0, 0] == 100.0  # shared memory, no copy (NumPy before 2.3 imports it read-only)

    n = np.arange(4, dtype=np.int32)
    s = from_dlpack(n)
    assert s.dtype == torch.int32 and s.device == torch.device("cpu")
    s[1] = 42
    assert n[1] == 42
    assert from_dlpack(t).data_ptr() == t.data_ptr()
    legacy = np.arange(3.0)
    from_dlpack(legacy.__dlpack__())[0] = -1.0  # a bare capsule (the pre-__dlpack__ protocol)
    assert legacy[0] == -1.0
    with pytest.raises(BufferError, match="Can't export tensors that require gradient"):
        torch.ones(2, requires_grad=True).__dlpack__()
    with pytest.raises(RuntimeError, match="from_dlpack received an invalid capsule"):
        from_dlpack([1, 2])


def test_dlpack_on_cuda():
    g = torch.arange(6.0, device="cuda").view(2, 3)
    assert g.__dlpack_device__() == (2, 0)  # kDLCUDA
    shared = from_dlpack(g[:, 1:])
    assert shared.device == CUDA and shared.shape == (2, 2) and shared.stride() == (3, 1)
    shared[0, 0] = -1.0
    assert g[0, 1].item() == -1.0
    moved = from_dlpack(np.arange(3.0), device="cuda")
    assert moved.device == CUDA and moved.tolist() == [0.0, 1.0, 2.0]
    copied = from_dlpack(g, copy=True)
    copied.zero_()
    assert g.sum().item() != 0


def test_cuda_array_interface():
    g = torch.arange(6, dtype=torch.int32, device="cuda").view(2, 3)
    cai = g.__cuda_array_interface__
    assert cai["shape"] == (2, 3) and cai["typestr"] == "<i4" and cai["strides"] is None
    assert cai["data"] == (g.data_ptr(), False) and cai["version"] >= 2
    t = g.t().__cuda_array_interface__
    assert t["shape"] == (3, 2) and t["strides"] == (4, 12) and t["data"][0] == g.data_ptr()
    cpu_tensor = torch.ones(2)
    assert not hasattr(cpu_tensor, "__cuda_array_interface__")
    with pytest.raises(AttributeError, match="Can't get __cuda_array_interface__ on non-CUDA tensor type: "
                                             "torch.FloatTensor"):
        cpu_tensor.__cuda_array_interface__
    with pytest.raises(RuntimeError, match="requires grad"):
        torch.ones(2, device="cuda", requires_grad=True).__cuda_array_interface__


def test_serialization_round_trip_keeps_the_device():
    import io
    g = torch.arange(4.0, device="cuda")
    buf = io.BytesIO()
    torch.save({"g": g}, buf)
    buf.seek(0)
    back = torch.load(buf)["g"]
    assert back.device == CUDA and back.tolist() == [0.0, 1.0, 2.0, 3.0]
    buf.seek(0)
    assert torch.load(buf, map_location="cpu")["g"].device == torch.device("cpu")


def test_cuda_module_api():
    assert torch.cuda.is_available() and torch.cuda.is_initialized()
    assert torch.cuda.device_count() >= 1 and torch.cuda.current_device() == 0
    torch.cuda.synchronize()
    torch.cuda.synchronize("cuda:0")
    assert isinstance(torch.cuda.get_device_name(), str) and torch.cuda.get_device_name(0)
    torch.cuda.manual_seed(5)
    torch.cuda.manual_seed_all(5)
    assert torch.cuda.initial_seed() == 5
    with torch.cuda.device(0):
        assert torch.cuda.current_device() == 0
    torch.cuda.set_device(0)


@pytest.mark.parametrize("dtype", [torch.float32, torch.float64, torch.float16])
def test_fused_nn_ops_match_cpu(dtype):
    g = torch.Generator().manual_seed(4)
    logits = (torch.randn(7, 5, generator=g) * 3).to(dtype)
    logits[1, 2] = float("-inf")
    volume = torch.randn(2, 5, 3, generator=g).to(dtype)          # (N, C, d): one row per position
    target = torch.tensor([4, 0, -100, 2, 1, 1, 3])
    target3 = torch.tensor([[0, 4, 2], [1, -100, 3]])
    weight = torch.linspace(0.5, 2, 5).to(dtype)
    tol = dict(rtol=2e-3, atol=2e-3) if dtype is torch.float16 else dict(rtol=1e-5, atol=1e-6)

    def losses(x, v, t, t3, w):
        x, v = x.requires_grad_(), v.requires_grad_()
        out = [F.log_softmax(x, 1), F.log_softmax(x.t(), 0), F.log_softmax(v, 1), F.log_softmax(v[:, ::2], -1)]
        for reduction in ("none", "sum", "mean"):
            out.append(F.cross_entropy(x, t, reduction=reduction))
            out.append(F.cross_entropy(x, t, weight=w, reduction=reduction))
            out.append(F.nll_loss(F.log_softmax(v, 1), t3, weight=w, reduction=reduction))
        total = sum(o.float().sum() for o in out if o.isfinite().all()) + F.relu(x).sum()
        total.backward()
        return out + [x.grad, v.grad]

    F = torch.nn.functional
    run_both(lambda *a: losses(*[t.detach().clone() if t.is_floating_point() else t for t in a]),
             logits, volume, target, target3, weight, **tol)
    with pytest.raises(IndexError, match="Target 7 is out of bounds."):
        F.cross_entropy(logits.cuda(), torch.tensor([0, 7, 1, 1, 1, 1, 1], device="cuda"))


def test_gradients_become_grad_without_a_copy(monkeypatch):
    from tensorlib.autograd import graph
    w = torch.randn(4, 3, requires_grad=True).cuda().detach().requires_grad_()
    b = torch.zeros(3, device="cuda", requires_grad=True)
    loss = (torch.randn(5, 4).cuda() @ w + b).relu().sum()
    stolen, steal = [], graph._stolen
    monkeypatch.setattr(graph, "_stolen", lambda grad: stolen.append(steal(grad)) or stolen[-1])
    loss.backward()
    assert len(stolen) == 2 and all(s is not None for s in stolen)   # device buffers own their memory
    assert w.grad.device == CUDA and b.grad.device == CUDA


def _trained(device, make_optimizer, steps=3):
    """Parameters and losses of a small conv + MLP net after a few training steps on ``device``
    (no conv bias before the batch norm: its gradient is rounding noise, which Adam would amplify)."""
    torch.manual_seed(0)
    net = torch.nn.Sequential(
        torch.nn.Conv2d(1, 3, 3, padding=1, bias=False), torch.nn.BatchNorm2d(3), torch.nn.ReLU(), torch.nn.MaxPool2d(2),
        torch.nn.Flatten(), torch.nn.Linear(12, 8), torch.nn.Tanh(), torch.nn.Dropout(0.0), torch.nn.Linear(8, 3),
    ).to(device)
    optimizer = make_optimizer(net.parameters())
    x = torch.randn(5, 1, 4, 4).to(device)
    y = torch.tensor([0, 2, 1, 2, -100]).to(device)
    losses = []
    for _ in range(steps):
        optimizer.zero_grad()
        loss = torch.nn.functional.cross_entropy(net(x), y, ignore_index=-100)
        loss.backward()
        optimizer.step()
        losses.append(loss.detach())
    return [p.detach() for p in net.parameters()] + [b for b in net.buffers()] + losses


@pytest.mark.parametrize("make_optimizer", [
    lambda ps: torch.optim.SGD(ps, lr=0.1, momentum=0.9, weight_decay=1e-3),
    lambda ps: torch.optim.SGD(ps, lr=0.1, momentum=0.9, nesterov=True),
    lambda ps: torch.optim.Adam(ps, lr=0.01),
    lambda ps: torch.optim.AdamW(ps, lr=0.01, amsgrad=True),
], ids=["sgd", "nesterov", "adam", "adamw_amsgrad"])
def test_training_steps_match_cpu(make_optimizer):
    cpu, cuda = _trained("cpu", make_optimizer), _trained("cuda", make_optimizer)
    assert len(cpu) == len(cuda)
    for i, (want, got) in enumerate(zip(cpu, cuda)):
        assert_same(want, got, rtol=1e-4, atol=1e-5, where=f"parameter/buffer/loss {i}")


CORE = [name for name in dir() if name.startswith("test_")]  # tests/test_cuda_real.py runs these on a GPU


# ---- the stand-in and the seam (not run on a GPU) --------------------------------------------------
def test_stand_in_device_arrays_are_their_own_type():
    from tensorlib.backends._xp import StandInArray
    g = torch.ones(3, device="cuda")
    assert type(g._storage.data) is StandInArray and type(g._array()) is StandInArray
    assert backend_for_array(g._storage.data) is cuda_backend and backend_for(g.device) is cuda_backend
    assert backend_for_array(np.ones(2)) is cpu_backend
    assert type(g.cpu()._storage.data) is np.ndarray
    assert torch.cuda.get_device_name() == "tensorlib CUDA stand-in (NumPy)"
    with pytest.raises(TypeError, match="expected np.ndarray"):
        torch.from_numpy(g._array())


def test_stand_in_rejects_host_arrays_in_device_kernels():
    d = cuda_backend.from_host(np.arange(4.0))
    host = np.ones(4)
    for call in (lambda: d + host, lambda: np.add(d, host), lambda: cuda_backend.copy_into(d, host),
                 lambda: cuda_backend.xp.where(host > 0, d, d), lambda: cuda_backend.binary("add", d, host, d)):
        with pytest.raises(TypeError, match="Unsupported type"):
            call()
    assert type(d.sum()) is type(d) and d.sum().ndim == 0  # device scalars, as CuPy gives
    assert type(d[1]) is type(d)
    copied = cuda_backend.xp.asarray(host)  # explicit transfers copy
    copied[0] = 5
    assert host[0] == 1


def test_cpu_backend_is_never_called_for_cuda_tensors(monkeypatch):
    data = _data()
    g = {k: v.cuda() for k, v in data.items()}
    calls = []
    for name in dir(cpu_backend):
        value = getattr(cpu_backend, name)
        if callable(value) and not name.startswith("__") and not isinstance(value, (type, types.ModuleType)):
            def trap(*args, _name=name, **kwargs):
                calls.append(_name)
                raise AssertionError(f"backends.cpu.{_name} called for a CUDA op")
            monkeypatch.setattr(cpu_backend, name, trap)
    a, b, x, m = g["a"], g["b"], g["x"], g["m"]
    results = [a + b, a * 2, (b @ g["M"]).sum(1), b.sort(1)[0], x // g["y"], m.any(), b.exp(), b.max(0)[1],
               torch.cat([a, b]), b.median(), torch.unique(x), b.cumsum(0), a.isnan().sum(), b.flip(1), b.clamp(0, 1),
               b.tril(), b.norm(), torch.where(m, a, b), b.gather(1, x.abs() % 4), b[m], b[:, 1:3].t().contiguous()]
    w = g["b"].clone().requires_grad_()
    (w * w).sum().backward()
    monkeypatch.undo()
    assert not calls
    assert all(r.device == CUDA for r in results) and w.grad.device == CUDA


BINARY_OPS = ["add", "sub", "mul", "div", "floor_divide", "remainder", "pow", "maximum", "minimum", "atan2", "fmod",
              "div_trunc", "eq", "ne", "lt", "le", "gt", "ge", "logical_and", "logical_or", "logical_xor",
              "bitwise_and", "bitwise_or", "bitwise_xor"]
UNARY_OPS = ["neg", "abs", "sign", "exp", "log", "log2", "log10", "log1p", "expm1", "sqrt", "rsqrt", "reciprocal",
             "sin", "cos", "tan", "tanh", "sigmoid", "relu", "floor", "ceil", "round", "trunc", "square", "erf",
             "exp2", "asin", "acos", "atan", "sinh", "cosh", "asinh", "acosh", "atanh",
             "logical_not", "bitwise_not", "isnan", "isinf", "isfinite", "copy"]
BOOL_OUT = {"eq", "ne", "lt", "le", "gt", "ge", "logical_and", "logical_or", "logical_xor", "logical_not", "isnan",
            "isinf", "isfinite"}
FLOAT_ONLY = {"div", "atan2", "exp", "log", "log2", "log10", "log1p", "expm1", "sqrt", "rsqrt", "reciprocal", "sin",
              "cos", "tan", "tanh", "sigmoid", "erf", "floor", "ceil", "round", "trunc",
              "exp2", "asin", "acos", "atan", "sinh", "cosh", "asinh", "acosh", "atanh"}
NO_FLOAT = {"bitwise_and", "bitwise_or", "bitwise_xor", "bitwise_not"}
KERNEL_DTYPES = ["float16", "float32", "float64", "int8", "int16", "int32", "int64", "uint8", "bool"]


def _valid(op, dtype):
    if dtype == "bool" and op in ("sub", "floor_divide", "remainder", "pow", "fmod", "div_trunc", "neg", "abs",
                                  "relu", "square", "sign"):
        return False
    if dtype.startswith("float") and op in NO_FLOAT:
        return False
    return dtype.startswith("float") or op not in FLOAT_ONLY


def _operands(dtype, shape=(4, 6), nonzero=False):
    rng = np.random.default_rng(0)
    if dtype == "bool":
        return rng.random(shape) > 0.5, rng.random(shape) > 0.3
    if dtype.startswith("float"):
        a = (rng.standard_normal(shape) * 3).astype(dtype)
        b = (rng.standard_normal(shape) * 3).astype(dtype)
        a.flat[:4] = [np.nan, np.inf, -0.0, 0.5]
        return a, b
    info = np.iinfo(dtype)
    a = rng.integers(max(info.min, -9), min(info.max, 9), shape, endpoint=True).astype(dtype)
    b = rng.integers(max(info.min, -3), min(info.max, 3), shape, endpoint=True).astype(dtype)
    if info.min < 0:
        a.flat[0] = info.min  # INT_MIN // -1 and friends
        b.flat[0] = -1
    if nonzero:
        b[b == 0] = 1
    return a, b


def _layouts(x, y):
    """The same operands as CPU arrays and as device arrays, in several layouts."""
    dx, dy = cuda_backend.from_host(x), cuda_backend.from_host(y)
    return [((x, y), (dx, dy)), ((x.T, y.T), (dx.T, dy.T)), ((x[:, ::2], y[:, 1::2]), (dx[:, ::2], dy[:, 1::2])),
            ((x, np.broadcast_to(y[:1], y.shape)), (dx, cuda_backend.broadcast_to(dy[:1], dy.shape)))]


def _assert_arrays(got, want, tol):
    assert type(got) is np.ndarray
    if want.dtype.kind == "f":
        np.testing.assert_allclose(got.astype(np.float64), want.astype(np.float64), rtol=tol, atol=tol, equal_nan=True)
    else:
        np.testing.assert_array_equal(got, want)


@pytest.mark.parametrize("op, dtype", [(op, dt) for op in BINARY_OPS for dt in KERNEL_DTYPES if _valid(op, dt)])
def test_binary_kernels_match_cpu_backend(op, dtype):
    a, b = _operands(dtype, nonzero=op in ("floor_divide", "remainder", "fmod", "div_trunc"))
    if op == "pow" and not dtype.startswith("float"):
        b = np.abs(b) if dtype == "uint8" else b  # negative integer exponents are part of the contract
    out_dtype = np.bool_ if op in BOOL_OUT else dtype
    for (x, y), (dx, dy) in _layouts(a, b):
        want = np.empty(x.shape, out_dtype)
        cpu_backend.binary(op, x, y, want)
        got = cuda_backend.empty_array(x.shape, out_dtype)
        cuda_backend.binary(op, dx, dy, got)
        _assert_arrays(cuda_backend.to_host(got), want, 1e-3 if dtype == "float16" else 1e-6)


@pytest.mark.parametrize("op, dtype", [(op, dt) for op in UNARY_OPS for dt in KERNEL_DTYPES if _valid(op, dt)])
def test_unary_kernels_match_cpu_backend(op, dtype):
    a, _ = _operands(dtype)
    out_dtype = np.bool_ if op in BOOL_OUT else dtype
    for (x, _), (dx, _) in _layouts(a, a):
        want = np.empty(x.shape, out_dtype)
        cpu_backend.unary(op, x, want)
        got = cuda_backend.empty_array(x.shape, out_dtype)
        cuda_backend.unary(op, dx, got)
        _assert_arrays(cuda_backend.to_host(got), want, 1e-3 if dtype == "float16" else 1e-6)


@pytest.mark.parametrize("op, dtype", [(op, dt) for op in ["sum", "prod", "max", "min", "all", "any"]
                                       for dt in KERNEL_DTYPES if op not in ("all", "any") or dt == "bool"])
def test_reduce_kernels_match_cpu_backend(op, dtype):
    a, _ = _operands(dtype, (3, 4, 5))
    if dtype.startswith("float"):
        a = np.where(np.isfinite(a), a, 1).astype(dtype) / (2 if op == "prod" else 1)
    elif op == "prod":
        a = np.clip(a, 0 if dtype == "uint8" else -2, 2)  # NumPy 2.0 refuses a bound outside the dtype
    out_dtype = {"sum": np.int64, "prod": np.int64}.get(op, dtype) if not dtype.startswith("float") else dtype
    if op in ("all", "any"):
        out_dtype = np.bool_
    d = cuda_backend.from_host(a)
    for axes in [(), (0,), (1, 2), (0, 1, 2)]:
        shape = tuple(1 if i in axes else s for i, s in enumerate(a.shape))
        want = np.empty(shape, out_dtype)
        cpu_backend.reduce(op, a, axes, want)
        got = cuda_backend.empty_array(shape, out_dtype)
        cuda_backend.reduce(op, d, axes, got)
        _assert_arrays(cuda_backend.to_host(got), want, 2e-3)


def test_helper_kernels_match_cpu_backend():
    rng = np.random.default_rng(1)
    a = rng.standard_normal((4, 5))
    a[1, 2] = np.nan
    ints = rng.integers(-3, 3, (6, 3))
    d, di = cuda_backend.from_host(a), cuda_backend.from_host(ints)
    host = cuda_backend.to_host

    for descending in (False, True):
        for axis in (0, 1):
            wv, wi = np.empty_like(a), np.empty(a.shape, np.int64)
            cpu_backend.sort(a, axis, descending, wv, wi)
            gv, gi = cuda_backend.empty_array(a.shape, a.dtype), cuda_backend.empty_array(a.shape, np.int64)
            cuda_backend.sort(d, axis, descending, gv, gi)
            _assert_arrays(host(gv), wv, 0)
            _assert_arrays(host(gi), wi, 0)
    for axis in (0, 1):
        shape = tuple(1 if i == axis else s for i, s in enumerate(a.shape))
        wv, wi = np.empty(shape), np.empty(shape, np.int64)
        cpu_backend.median(a, axis, wv, wi)
        gv, gi = cuda_backend.empty_array(shape, a.dtype), cuda_backend.empty_array(shape, np.int64)
        cuda_backend.median(d, axis, gv, gi)
        _assert_arrays(host(gv), wv, 0)
        _assert_arrays(host(gi), wi, 0)
    for axis in (None, 0, 1):
        for src, dsrc in ((ints, di), (a, d)):
            want = cpu_backend.unique(src, axis, True, True)
            got = cuda_backend.unique(dsrc, axis, True, True)
            for w, g_ in zip(want, got):
                _assert_arrays(host(g_), w, 0)
    for op in ("argmax", "argmin"):
        for axis in (None, 0, 1):
            shape = () if axis is None else tuple(1 if i == axis else s for i, s in enumerate(a.shape))
            want, got = np.empty(shape, np.int64), cuda_backend.empty_array(shape, np.int64)
            cpu_backend.arg_reduce(op, a, axis, want)
            cuda_backend.arg_reduce(op, d, axis, got)
            _assert_arrays(host(got), want, 0)
    for k in (-1, 0, 2):
        for name in ("tril", "triu"):
            want, got = np.empty_like(a), cuda_backend.empty_array(a.shape, a.dtype)
            getattr(cpu_backend, name)(a, k, want)
            getattr(cuda_backend, name)(d, k, got)
            _assert_arrays(host(got), want, 0)
    want, got = np.empty((4, 1)), cuda_backend.empty_array((4, 1), a.dtype)
    cpu_backend.logsumexp(np.nan_to_num(a), (1,), want)
    cuda_backend.logsumexp(cuda_backend.from_host(np.nan_to_num(a)), (1,), got)
    _assert_arrays(host(got), want, 1e-12)
    want, got = np.empty((4, 1), np.int64), cuda_backend.empty_array((4, 1), np.int64)
    cpu_backend.count_nonzero(a, (1,), want)
    cuda_backend.count_nonzero(d, (1,), got)
    _assert_arrays(host(got), want, 0)
    for op in ("cumsum", "cumprod"):
        want, got = np.empty_like(ints), cuda_backend.empty_array(ints.shape, ints.dtype)
        cpu_backend.cumulative(op, ints, 0, want)
        cuda_backend.cumulative(op, di, 0, got)
        _assert_arrays(host(got), want, 0)
    want, got = np.empty((4, 4)), cuda_backend.empty_array((4, 4), a.dtype)
    cpu_backend.matmul(np.nan_to_num(a), np.nan_to_num(a).T, want)
    da = cuda_backend.from_host(np.nan_to_num(a))
    cuda_backend.matmul(da, da.T, got)
    _assert_arrays(host(got), want, 1e-12)
    _assert_arrays(host(cuda_backend.svdvals(da)), cpu_backend.svdvals(np.nan_to_num(a)), 1e-10)
    assert cuda_backend.any_zero(di) == cpu_backend.any_zero(ints)
    assert cuda_backend.any_negative(di) == cpu_backend.any_negative(ints)
    for value, dtype in ((1000, np.uint8), (-1, np.uint8), (2 ** 63, np.int64), (2.9, np.int32), (True, np.float32),
                         (-0.0, np.float64), (math.nan, np.float16)):
        _assert_arrays(host(cuda_backend.scalar_buffer(value, dtype)), cpu_backend.scalar_buffer(value, dtype), 0)
    f = np.array([-2.7, 2.7, 300.5, -1.0])
    for dtype in (np.int8, np.int32, np.int64, np.uint8, np.bool_, np.float16):
        _assert_arrays(host(cuda_backend.cast(cuda_backend.from_host(f), dtype)), cpu_backend.cast(f, dtype), 0) \
            if dtype not in (np.int8, np.uint8) else None  # out-of-range float -> small int casts are C UB


def test_strided_view_aliases_the_flat_buffer():
    flat = cuda_backend.from_host(np.arange(12.0))
    view = cuda_backend.strided_view(flat, (2, 3), (1, 4), 1)
    assert cuda_backend.to_host(view).tolist() == [[1, 5, 9], [2, 6, 10]]
    cuda_backend.fill(view, np.float64(-1))
    assert cuda_backend.to_host(flat).tolist().count(-1) == 6
    empty = cuda_backend.strided_view(flat, (0, 3), (3, 1), 12)
    assert empty.shape == (0, 3)


def test_stand_in_switch_restores_state():
    assert cuda_backend.stand_in_active() and torch.cuda.is_available()
    with cuda_backend.use_stand_in(False):
        assert not cuda_backend.stand_in_active()
        assert torch.cuda.is_available() == cuda_backend.is_available()
    assert cuda_backend.stand_in_active()


def test_environment_variable_turns_the_stand_in_on(tmp_path):
    code = ("import sys, tensorlib as torch; t = torch.ones(2, device='cuda') + 1; "
            "print(torch.cuda.is_available(), torch.cuda.device_count(), t, 'cupy' in sys.modules)")
    env = dict(os.environ, TENSORLIB_CUDA_STAND_IN="1")
    package_parent = os.path.dirname(os.path.dirname(os.path.abspath(torch.__file__)))  # the tensorlib under test
    env["PYTHONPATH"] = package_parent + os.pathsep + env.get("PYTHONPATH", "")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout == "True 1 tensor([2., 2.], device='cuda:0') False\n" and done.stderr == ""


def test_a_cupy_without_ufunc_at_still_accumulates_products():
    """Old CuPy has no ``multiply.at``: the driver's fallback multiplies on the host, duplicates
    accumulating, as index_reduce/scatter with reduce='multiply' need."""
    from tensorlib.backends._cupy import CupyDriver
    fake = types.SimpleNamespace(ndarray=np.ndarray, asnumpy=np.asarray, asarray=np.asarray)
    dst = np.ones(4)
    CupyDriver(fake).scatter_add("multiply", dst, np.array([1, 1, 3]), np.array([2.0, 3.0, 5.0]))
    assert dst.tolist() == [1.0, 6.0, 1.0, 5.0]
    rows = np.ones((2, 3))
    CupyDriver(fake).scatter_add("multiply", rows, (np.array([0, 0]), np.array([2, 2])), np.array([2.0, 4.0]))
    assert rows.tolist() == [[1.0, 1.0, 8.0], [1.0, 1.0, 1.0]]
