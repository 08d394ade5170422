"""The fused kernels behind the MLP training step: log_softmax / nll_loss forward
and backward, threshold_backward (ReluBackward0), the optimisers' axpby update,
the column-major gradients of mm/addmm and gradient stealing in AccumulateGrad.

Kernels are checked against NumPy on contiguous and non-contiguous arrays, with
inf/nan; the CUDA backend against the CPU one (through the NumPy stand-in, and
through CuPy's compiled kernels where a GPU is present); the ops that use
them with gradcheck/gradgradcheck in float64; and, where torch is importable
(``-m parity``), against PyTorch itself."""
import contextlib
import math
import types

import numpy as np
import pytest

import tensorlib as torch
import tensorlib.nn.functional as F
from tensorlib.autograd import gradcheck, gradgradcheck
from tensorlib.backends import cpu
from tensorlib.backends import cuda as cuda_backend
from parity import real_torch

D = torch.float64


def _layouts(a):
    """``a`` contiguous, transposed, and as every other column of a wider array."""
    wide = np.empty(a.shape[:-1] + (a.shape[-1] * 2,), a.dtype)
    wide[..., ::2] = a
    return [a, np.ascontiguousarray(a.T).T, wide[..., ::2]]


def _logits(dtype=np.float64, shape=(5, 7)):
    x = np.random.default_rng(0).standard_normal(shape).astype(dtype) * 3
    x[1, 2] = np.inf        # a row with +inf: all nan (PyTorch)
    x[2, :] = -np.inf       # a row of -inf: all nan
    x[3, 4] = np.nan        # a row with nan: all nan
    x[4, 0] = -np.inf       # a -inf among finite values: -inf
    return x


def _ref_log_softmax(x, axis):
    with np.errstate(all="ignore"):
        s = x - np.max(x, axis=axis, keepdims=True)
        return s - np.log(np.sum(np.exp(s), axis=axis, keepdims=True))


# ---- the CPU kernels against NumPy ------------------------------------------------------------
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("axis", [0, 1])
def test_log_softmax_kernel(dtype, axis):
    tol = 1e-6 if dtype == np.float32 else 1e-14
    for a in _layouts(_logits(dtype)):
        out = np.empty(a.shape, dtype)
        cpu.log_softmax(a, axis, out)
        np.testing.assert_allclose(out, _ref_log_softmax(a, axis), rtol=tol, atol=tol, equal_nan=True)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_log_softmax_backward_kernel(dtype):
    rng = np.random.default_rng(1)
    y = _ref_log_softmax(rng.standard_normal((4, 6)), 1).astype(dtype)
    g = rng.standard_normal((4, 6)).astype(dtype)
    g[0, 0] = np.inf
    for gl, yl in zip(_layouts(g), _layouts(y)):
        out = np.empty(g.shape, dtype)
        cpu.log_softmax_backward(gl, yl, 1, out)
        with np.errstate(all="ignore"):
            want = gl - np.exp(yl) * gl.sum(1, keepdims=True)
        np.testing.assert_allclose(out, want, rtol=1e-6, atol=1e-6, equal_nan=True)
    stride0 = np.broadcast_to(np.array(2.0, dtype), (4, 6))   # an expanded gradient
    out = np.empty((4, 6), dtype)
    cpu.log_softmax_backward(stride0, y, 1, out)
    np.testing.assert_allclose(out, 2 - np.exp(y) * 12, rtol=1e-6, atol=1e-6)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_threshold_backward_kernel(dtype):
    x = np.array([[np.nan, -1.0, 0.0, -0.0, 2.0, 0.5]], dtype)
    g = np.array([[1.0, np.nan, np.inf, -np.inf, 3.0, -np.nan]], dtype)
    for xl, gl in zip(_layouts(np.repeat(x, 3, 0)), _layouts(np.repeat(g, 3, 0))):
        out = np.full(xl.shape, 7, dtype)
        cpu.threshold_backward(gl, xl, 0, out)
        want = np.where(xl <= 0, 0, gl)       # nan in x lets g through, as PyTorch's x <= t ? 0 : g
        np.testing.assert_array_equal(out, want)
        assert not np.signbit(out[xl <= 0]).any()
    out = np.empty((3, 6), dtype)
    cpu.threshold_backward(np.repeat(g, 3, 0), np.repeat(x, 3, 0), 0.5, out)
    np.testing.assert_array_equal(out[0], [1.0, 0, 0, 0, 3.0, 0])


def _ref_nll(x, target, weight, ignore_index):
    keep = target != ignore_index
    cols = np.where(keep, target, 0)
    w = np.where(keep, 1.0 if weight is None else weight[cols], 0.0)
    with np.errstate(invalid="ignore"):
        return np.where(keep, -x[np.arange(len(target)), cols] * w, 0.0), w


@pytest.mark.parametrize("weighted", [False, True])
@pytest.mark.parametrize("ignore", [-100, 3])
def test_nll_loss_kernels(weighted, ignore):
    rng = np.random.default_rng(2)
    x = rng.standard_normal((6, 4))
    x[1, 0] = -np.inf                       # in an ignored row: must not leak a nan
    target = np.array([2, -100, 0, 3, 3, 1]) if ignore == -100 else np.array([2, 1, 0, 0, 3, 1])
    weight = np.array([0.5, 2.0, 1.5, 3.0]) if weighted else None
    want, w = _ref_nll(x, target, weight, ignore)
    for xl in _layouts(x):
        for reduction, expect in (("none", want), ("sum", [want.sum()]), ("mean", [want.sum() / w.sum()])):
            out, total = np.full(len(expect), 9.0), np.full(1, 9.0)
            assert cpu.nll_loss(xl, target, weight, ignore, reduction, out, total) is None
            np.testing.assert_allclose(out, expect, rtol=1e-15)
            assert not np.signbit(out[np.asarray(expect) == 0]).any()
            np.testing.assert_allclose(total, [w.sum()], rtol=1e-15)
    total = np.array(w.sum())
    for g, tot in ((np.array(0.7), total), (np.array(0.7), None), (rng.standard_normal(6), None)):
        out = np.full((6, 4), 9.0)
        cpu.nll_loss_backward(g, target, weight, ignore, tot, out)
        grad = -(g / tot) if tot is not None else -g
        want = np.zeros((6, 4))
        for i, t in enumerate(target):
            if t != ignore:
                want[i, t] = (weight[t] if weighted else 1.0) * (grad[i] if grad.ndim else grad)
        np.testing.assert_array_equal(out, want)


def test_nll_loss_kernel_reports_the_first_bad_target_and_takes_empty_batches():
    x = np.zeros((4, 3))
    out, total = np.empty(1), np.empty(1)
    assert cpu.nll_loss(x, np.array([0, 5, -1, 1]), None, -100, "sum", out, total) == 5
    assert cpu.nll_loss(x, np.array([0, -1, 7, -100]), None, -100, "sum", out, total) == -1
    assert cpu.nll_loss(x, np.array([0, 3, 1, 2]), None, 3, "sum", out, total) is None
    assert cpu.nll_loss(np.zeros((0, 3)), np.zeros(0, np.int64), None, -100, "mean", out, total) is None
    assert np.isnan(out[0]) and total[0] == 0
    assert cpu.nll_loss(np.zeros((2, 0)), np.array([-100, -100]), None, -100, "sum", out, total) is None
    assert out[0] == 0


@pytest.mark.parametrize("dtype", [np.float16, np.float32, np.float64])
def test_axpby_kernel_rounds_as_the_composed_ops(dtype):
    rng = np.random.default_rng(3)
    for y0, x in zip(_layouts(rng.standard_normal((5, 8)).astype(dtype)),
                     _layouts(rng.standard_normal((5, 8)).astype(dtype))):
        for a, b in ((1, 0.9), (-0.01, 1), (0.3, 0.5), (1, 1)):
            y = y0.copy()
            cpu.axpby(a, x, b, y)
            t = torch.from_numpy(y0.copy())
            t.mul_(b).add_(torch.from_numpy(x.copy()), alpha=a)
            np.testing.assert_array_equal(y, t.numpy())


# ---- the CUDA backend against the CPU one: NumPy's stand-in everywhere, CuPy's kernels on a GPU -------
def _cuda_mode(mode):
    if mode == "stand-in":
        return cuda_backend.use_stand_in()
    if cuda_backend.stand_in_active() or not cuda_backend.is_available():
        pytest.skip("needs CuPy and a CUDA GPU")
    return contextlib.nullcontext()


@pytest.mark.parametrize("mode", ["stand-in", "gpu"])
def test_cuda_kernels_match_cpu(mode):
    with _cuda_mode(mode):
        dev = cuda_backend.from_host
        host = cuda_backend.to_host
        x = _logits()
        for axis in (0, 1):
            want, got = np.empty_like(x), cuda_backend.empty_array(x.shape, x.dtype)
            cpu.log_softmax(x, axis, want)
            cuda_backend.log_softmax(dev(x), axis, got)
            np.testing.assert_allclose(host(got), want, rtol=1e-12, equal_nan=True)
        y, g = _ref_log_softmax(np.nan_to_num(x), 1), np.cos(np.nan_to_num(x))
        want, got = np.empty_like(x), cuda_backend.empty_array(x.shape, x.dtype)
        cpu.log_softmax_backward(g, y, 1, want)
        cuda_backend.log_softmax_backward(dev(g), dev(y), 1, got)
        np.testing.assert_allclose(host(got), want, rtol=1e-12, atol=1e-15)
        cpu.threshold_backward(g, x, 0.5, want)
        cuda_backend.threshold_backward(dev(g), dev(x), 0.5, got)
        np.testing.assert_array_equal(host(got), want)
        target, weight = np.array([2, -100, 0, 6, 1]), np.linspace(0.5, 2, 7)
        xs = np.nan_to_num(x)
        for w in (None, weight):
            for reduction, n in (("none", 5), ("sum", 1), ("mean", 1)):
                want, want_total = np.empty(n), np.empty(1)
                got, got_total = cuda_backend.empty_array((n,), x.dtype), cuda_backend.empty_array((1,), x.dtype)
                assert cpu.nll_loss(xs, target, w, -100, reduction, want, want_total) is None
                assert cuda_backend.nll_loss(dev(xs), dev(target), None if w is None else dev(w), -100, reduction,
                                             got, got_total) is None
                np.testing.assert_allclose(host(got), want, rtol=1e-14)
                np.testing.assert_allclose(host(got_total), want_total, rtol=1e-14)
            want, got = np.empty_like(x), cuda_backend.empty_array(x.shape, x.dtype)
            cpu.nll_loss_backward(np.array(0.3), target, w, -100, want_total[0], want)
            cuda_backend.nll_loss_backward(dev(np.array(0.3)), dev(target), None if w is None else dev(w), -100,
                                           dev(want_total.reshape(())), got)
            np.testing.assert_array_equal(host(got), want)
        assert cuda_backend.nll_loss(dev(x), dev(np.array([0, 9, 1, 1, 1])), None, -100, "sum", got_total,
                                     got_total) == 9
        y0 = np.cos(np.nan_to_num(x[:, :3]))
        want, got = y0.copy(), dev(y0)
        cpu.axpby(0.25, np.sin(y0), 0.9, want)
        cuda_backend.axpby(0.25, dev(np.sin(y0)), 0.9, got)
        np.testing.assert_array_equal(host(got), want)


def _trap_cpu_backend(monkeypatch):
    """Every function of the CPU backend raises: CUDA tensors must never reach it."""
    for name in dir(cpu):
        value = getattr(cpu, name)
        if callable(value) and not name.startswith("__") and not isinstance(value, (type, types.ModuleType)):
            def trap(*args, _name=name, **kwargs):
                raise AssertionError(f"backends.cpu.{_name} called for a CUDA op")
            monkeypatch.setattr(cpu, name, trap)


def test_fused_ops_on_the_cuda_stand_in_match_cpu(monkeypatch):
    with cuda_backend.use_stand_in():
        cuda = torch.device("cuda", 0)
        torch.manual_seed(0)
        w0, b0 = torch.randn(4, 6, dtype=D), torch.randn(4, dtype=D)
        x, t = torch.randn(5, 6, dtype=D), torch.tensor([0, 3, -100, 1, 2])
        class_weight = torch.tensor([0.5, 1.0, 2.0, 1.5], dtype=D)
        results = []
        for device in ("cpu", cuda):
            w = w0.clone().to(device).requires_grad_()
            b = b0.clone().to(device).requires_grad_()
            xd, td, cw = x.to(device), t.to(device), class_weight.to(device)
            if device == cuda:
                _trap_cpu_backend(monkeypatch)
            opt = torch.optim.SGD([w, b], lr=0.1, momentum=0.9)
            for _ in range(2):
                opt.zero_grad()
                loss = F.cross_entropy(F.linear(xd, w, b).relu(), td, weight=cw)
                loss.backward()
                opt.step()
            results.append([loss.detach(), w.detach(), b.detach(), w.grad])
        monkeypatch.undo()
        assert all(r.device == cuda for r in results[1])
        results[1] = [r.cpu() for r in results[1]]
        for a, b in zip(*results):
            np.testing.assert_allclose(b.numpy(), a.numpy(), rtol=1e-12)


# ---- the ops: values, gradients (gradcheck in float64), create_graph ---------------------------------
def leaf(*shape, seed=0, strided=True):
    torch.manual_seed(seed)
    if strided and shape:
        base = torch.randn(*(shape[:-1] + (shape[-1] * 2,)), dtype=D)[..., ::2]
    else:
        base = torch.randn(shape, dtype=D)
    return base.detach().requires_grad_()


@pytest.mark.parametrize("shape, dim", [((5, 7), 1), ((5, 7), 0), ((2, 3, 4), 1), ((2, 3, 4), -1), ((6,), 0),
                                        ((), 0)])
def test_log_softmax_values_and_gradients(shape, dim):
    x = leaf(*shape)
    y = F.log_softmax(x, dim)
    assert y.grad_fn.name() == "LogSoftmaxBackward0" and y.is_contiguous() and y.dtype == D
    a = x.detach().numpy()
    want = _ref_log_softmax(a.reshape(1) if not shape else a, dim if shape else 0).reshape(shape)
    np.testing.assert_allclose(y.detach().numpy(), want, rtol=1e-13, atol=1e-13)
    assert gradcheck(lambda t: F.log_softmax(t, dim), (x,))
    assert gradgradcheck(lambda t: F.log_softmax(t, dim), (x,))


def test_log_softmax_special_values_dtypes_and_empty():
    x = torch.from_numpy(_logits(np.float32))
    np.testing.assert_allclose(F.log_softmax(x, 1).numpy(), _ref_log_softmax(x.numpy(), 1), rtol=1e-6, atol=1e-6,
                               equal_nan=True)
    h = torch.tensor([[1.0, 2.0, 3.0], [0.5, -70000.0, 0.0]], dtype=torch.float16)
    got = F.log_softmax(h, 1)
    assert got.dtype == torch.float16
    # in float32, but the sum of the exponentials rounded to float16, and its log too, as PyTorch's last-dim kernel
    shifted = h.numpy().astype(np.float32) - h.numpy().astype(np.float32).max(1, keepdims=True)
    log_total = np.log(np.exp(shifted).sum(1, keepdims=True).astype(np.float16).astype(np.float32)).astype(np.float16)
    np.testing.assert_array_equal(got.numpy(), (shifted - log_total.astype(np.float32)).astype(np.float16))
    assert F.log_softmax(torch.zeros(3, 0), 1).shape == (3, 0)
    assert F.log_softmax(torch.zeros(0, 4), 1).shape == (0, 4)
    assert math.isnan(F.log_softmax(torch.tensor(math.inf), 0).item())
    with pytest.raises(NotImplementedError, match="log_softmax_lastdim_kernel_impl"):
        F.log_softmax(torch.tensor([1, 2]), 0)


def _nll_cases():
    weight = torch.tensor([0.5, 2.0, 1.5, 3.0], dtype=D)
    return [
        {"target": torch.tensor([2, 0, 3, 1, 1])},
        {"target": torch.tensor([2, -100, 3, 1, -100]), "reduction": "sum"},
        {"target": torch.tensor([2, 1, 3, 1, 0]), "reduction": "none", "weight": weight},
        {"target": torch.tensor([2, 1, 3, 1, 0]), "weight": weight, "ignore_index": 1},
        {"target": torch.tensor([2, 1, 3, 1, 0], dtype=torch.uint8), "weight": weight, "reduction": "sum"},
    ]


@pytest.mark.parametrize("case", range(5))
def test_nll_loss_values_and_gradients(case):
    kw = _nll_cases()[case]
    target = kw.pop("target")
    x = leaf(5, 4, seed=case)
    out = F.nll_loss(x, target, **kw)
    assert out.grad_fn.name() == "NllLossBackward0"
    t = target.numpy().astype(np.int64)
    w = kw.get("weight")
    w = np.ones(4) if w is None else w.numpy()
    ignore = kw.get("ignore_index", -100)
    keep = t != ignore
    per = np.where(keep, -x.detach().numpy()[np.arange(5), np.where(keep, t, 0)] * w[np.where(keep, t, 0)], 0)
    total = np.where(keep, w[np.where(keep, t, 0)], 0).sum()
    want = {"none": per, "sum": per.sum(), "mean": per.sum() / total}[kw.get("reduction", "mean")]
    np.testing.assert_allclose(out.detach().numpy(), want, rtol=1e-13)
    assert out.grad_fn._saved_total_weight.item() == pytest.approx(total)
    assert out.grad_fn._saved_target is not None and out.grad_fn._saved_self is x
    assert gradcheck(lambda a: F.nll_loss(a, target, **kw), (x,))
    assert gradgradcheck(lambda a: F.nll_loss(a, target, **kw), (x,))


def test_nll_loss_unbatched_spatial_and_ignored_rows():
    x = leaf(4)
    assert gradcheck(lambda a: F.nll_loss(a, torch.tensor(2)), (x,))
    assert gradcheck(lambda a: F.nll_loss(a, torch.tensor(2), reduction="none"), (x,))
    x3 = leaf(2, 3, 4)
    t3 = torch.tensor([[0, 2, 1, -100], [1, 1, 0, 2]])
    assert gradcheck(lambda a: F.nll_loss(a, t3), (x3,))
    assert F.nll_loss(x3, t3, reduction="none").shape == (2, 4)
    # an ignored row holding -inf contributes nothing; every row ignored gives nan and zero gradients
    y = torch.tensor([[-math.inf, 0.0], [-1.0, -2.0]], requires_grad=True)
    loss = F.nll_loss(y, torch.tensor([-100, 1]))
    assert loss.item() == 2.0
    loss.backward()
    np.testing.assert_array_equal(y.grad.numpy(), [[0.0, 0.0], [0.0, -1.0]])
    assert not np.signbit(y.grad.numpy()[0]).any()
    y.grad = None
    loss = F.nll_loss(y, torch.tensor([-100, -100]))
    assert math.isnan(loss.item())
    loss.backward()
    np.testing.assert_array_equal(y.grad.numpy(), np.zeros((2, 2)))
    assert F.nll_loss(torch.zeros(0, 3), torch.zeros(0, dtype=torch.int64)).isnan().item()
    assert F.nll_loss(torch.zeros(0, 3), torch.zeros(0, dtype=torch.int64), reduction="sum").item() == 0


def test_nll_loss_errors():
    x = torch.zeros(3, 4)
    with pytest.raises(IndexError, match="Target 7 is out of bounds."):
        F.nll_loss(x, torch.tensor([0, 7, -3]))
    with pytest.raises(IndexError, match="Target -3 is out of bounds."):
        F.nll_loss(x, torch.tensor([0, -3, 7]))
    with pytest.raises(NotImplementedError, match="\"nll_loss_out_frame\" not implemented for 'Long'"):
        F.nll_loss(torch.zeros(3, 4, dtype=torch.int64), torch.tensor([0, 1, 2]))
    with pytest.raises(NotImplementedError, match="\"nll_loss2d_forward_out_frame\" not implemented for 'Int'"):
        F.nll_loss(torch.zeros(3, 4, 2, dtype=torch.int32), torch.zeros(3, 2, dtype=torch.int64))
    with pytest.raises(RuntimeError, match="expected scalar type Float but found Double"):
        F.nll_loss(x, torch.tensor([0, 1, 2]), weight=torch.ones(4, dtype=D))


def test_nll_loss_float16_computes_in_float32():
    x = torch.tensor([[-0.1, -2.5, -3.0], [-1.25, -0.5, -0.75]], dtype=torch.float16, requires_grad=True)
    loss = F.nll_loss(x, torch.tensor([1, 2]))
    assert loss.dtype == torch.float16 and loss.item() == pytest.approx(1.625)
    loss.backward()
    assert x.grad.dtype == torch.float16
    np.testing.assert_array_equal(x.grad.numpy(), [[0, -0.5, 0], [0, 0, -0.5]])


@pytest.mark.parametrize("smoothing", [0.0, 0.2])
def test_cross_entropy_gradients(smoothing):
    x = leaf(5, 4, seed=7)
    t = torch.tensor([1, -100, 3, 0, 2])
    w = torch.tensor([0.5, 2.0, 1.5, 3.0], dtype=D)
    for kw in ({}, {"weight": w}, {"reduction": "sum"}, {"reduction": "none", "weight": w}):
        assert gradcheck(lambda a, kw=kw: F.cross_entropy(a, t, label_smoothing=smoothing, **kw), (x,))
    assert gradgradcheck(lambda a: F.cross_entropy(a, t, weight=w, label_smoothing=smoothing), (x,))


def test_relu_and_threshold_backward_pass_nan_inputs_and_zero_the_rest():
    x = torch.tensor([math.nan, -1.0, 0.0, 2.0], requires_grad=True)
    x.relu().backward(torch.tensor([1.0, math.nan, math.inf, 3.0]))
    np.testing.assert_array_equal(x.grad.numpy(), [1.0, 0.0, 0.0, 3.0])
    for dtype in (torch.float16, torch.float32):
        h = torch.tensor([-1.0, 0.5, 2.0], dtype=dtype, requires_grad=True)
        h.relu().sum().backward()
        assert h.grad.dtype == dtype
        np.testing.assert_array_equal(h.grad.numpy(), [0.0, 1.0, 1.0])
    a = leaf(3, 4)
    assert gradcheck(lambda t: t.relu(), (a,))
    assert gradgradcheck(lambda t: t.relu() * t, (a,))


@pytest.mark.parametrize("dtype", [torch.float32, torch.float64])
def test_fused_backward_equals_the_composed_formula_create_graph_runs(dtype):
    torch.manual_seed(4)
    x = torch.randn(5, 6, dtype=dtype)
    x[0, 0] = math.nan
    x.requires_grad_()
    w = torch.tensor([0.5, 2.0, 1.5, 3.0, 1.0, 0.25], dtype=dtype)
    t = torch.tensor([1, -100, 5, 0, 2])
    g = torch.randn(5, 6, dtype=dtype).t().contiguous().t()
    cases = [lambda a: a.relu(), lambda a: F.log_softmax(a, 1), lambda a: F.log_softmax(a, 0),
             lambda a: F.nll_loss(a, t, weight=w, reduction="none"), lambda a: F.nll_loss(a, t, weight=w),
             lambda a: F.nll_loss(a, t, reduction="sum")]
    for fn in cases:
        y = fn(x)
        seed = g if y.shape == x.shape else torch.rand(y.shape, dtype=dtype)
        (fused,) = torch.autograd.grad(y, x, seed, retain_graph=True)
        (composed,) = torch.autograd.grad(y, x, seed, create_graph=True)
        if dtype is torch.float32:  # the fused float32 kernels use PyTorch's vectorised exp
            np.testing.assert_allclose(fused.numpy(), composed.detach().numpy(), rtol=1e-6, atol=1e-7)
        else:
            np.testing.assert_array_equal(fused.numpy(), composed.detach().numpy())


def test_mlp_step_matches_the_composed_formulas():
    """The fused step (kernels, stolen grads, axpby) gives the values the composed ops give."""
    torch.manual_seed(0)
    x, t = torch.randn(8, 6, dtype=D), torch.randint(0, 3, (8,))
    w1, b1, w2, b2 = (torch.randn(*s, dtype=D) for s in ((5, 6), (5,), (3, 5), (3,)))
    params = [p.clone().requires_grad_() for p in (w1, b1, w2, b2)]
    opt = torch.optim.SGD(params, lr=0.1, momentum=0.9)
    ref = [p.clone() for p in (w1, b1, w2, b2)]
    bufs = [None] * 4
    for _ in range(3):
        opt.zero_grad()
        F.cross_entropy(F.linear(F.linear(x, params[0], params[1]).relu(), params[2], params[3]), t).backward()
        opt.step()
        r = [p.clone().requires_grad_() for p in ref]
        h = (x @ r[0].t() + r[1]).relu() @ r[2].t() + r[3]
        lse = (h - h.amax(1, keepdim=True)).exp().sum(1, keepdim=True).log() + h.amax(1, keepdim=True)
        (-(h - lse).gather(1, t.unsqueeze(1))).mean().backward()
        for i, p in enumerate(r):
            bufs[i] = p.grad.clone() if bufs[i] is None else bufs[i] * 0.9 + p.grad
            ref[i] = (p - 0.1 * bufs[i]).detach()
    for p, q in zip(params, ref):
        np.testing.assert_allclose(p.detach().numpy(), q.numpy(), rtol=1e-12, atol=1e-14)


# ---- gradients: column-major mm/addmm gradients, stealing into .grad --------------------------------
def test_linear_weight_grad_is_stolen_contiguous_and_unaliased():
    lin = torch.nn.Linear(6, 4)
    lin(torch.randn(3, 6)).sum().backward()
    for p in lin.parameters():
        assert p.grad._base is None and p.grad.stride() == p.stride()
    # the column-major path of addmm's mat2 gradient gives the same values
    w = torch.randn(4, 6, dtype=D, requires_grad=True)
    x = torch.randn(3, 6, dtype=D, requires_grad=True)
    torch.addmm(torch.zeros(4, dtype=D), x, w.t()).sum().backward()
    np.testing.assert_allclose(w.grad.numpy(), np.ones((3, 4)).T @ x.detach().numpy(), rtol=1e-14)
    assert gradcheck(lambda a, b: torch.addmm(torch.zeros(4, dtype=D), a.t(), b.t(), alpha=2),
                     (leaf(6, 3, strided=False), leaf(4, 6, strided=False)))
    assert gradcheck(lambda a, b: a.t().mm(b.t()), (leaf(6, 3, strided=False), leaf(4, 6, strided=False)))


def test_broadcast_gradient_is_summed_into_its_own_tensor_only_for_grad():
    b, x = torch.zeros(3, requires_grad=True), torch.ones(2, 3)
    (g,) = torch.autograd.grad((x + b).sum(), b)
    assert g._is_view()          # PyTorch's sum_to: a view of the keepdim sum
    (x + b).sum().backward()
    assert not b.grad._is_view() and b.grad.tolist() == [2.0, 2.0, 2.0]


def test_mm_gradients_follow_a_column_major_operand():
    a = torch.randn(5, 3, dtype=D).t().requires_grad_()     # (3, 5) column-major
    b = torch.randn(4, 5, dtype=D).t().requires_grad_()     # (5, 4) column-major
    a.mm(b).sum().backward()
    assert a.grad.stride() == (1, 3) and b.grad.stride() == (1, 5)
    c = torch.randn(3, 5, dtype=D, requires_grad=True)
    c.mm(b.detach()).sum().backward()
    assert c.grad.stride() == (5, 1)


def _grad_through(backward, x):
    """``x``'s gradient through ``x * 1`` whose backward returns ``backward(g)`` instead."""
    class Fn(torch.autograd.Function):
        @staticmethod
        def forward(ctx, t):
            return t * 1

        @staticmethod
        def backward(ctx, g):
            return backward(g)

    Fn.apply(x).sum().backward()
    return x.grad


def test_a_gradient_someone_else_holds_is_copied_not_stolen():
    seen = []
    w = torch.randn(3, 4, requires_grad=True)
    w.register_hook(lambda g: seen.append(g))
    (w * 2).sum().backward()
    assert seen[0].data_ptr() != w.grad.data_ptr()
    w.grad.add_(1)
    assert seen[0].tolist() == [[2.0] * 4] * 3
    # a view whose base is kept elsewhere: the leaf gets a copy
    full = torch.ones(2, 3)
    grad = _grad_through(lambda g: full[0], torch.randn(3, requires_grad=True))
    assert grad._base is None
    grad.add_(5)
    assert full[0].tolist() == [1.0, 1.0, 1.0]
    # a gradient over a NumPy array's memory (from_numpy): the array still sees it, so the leaf gets a copy
    host = np.ones(3, np.float32)
    _grad_through(lambda g: torch.from_numpy(host), torch.randn(3, requires_grad=True)).add_(1)
    assert host.tolist() == [1.0, 1.0, 1.0]
    # a gradient flowing to two leaves reaches the second one uncopied only once the first has its copy
    p, q = torch.randn(3, requires_grad=True), torch.randn(3, requires_grad=True)
    (p + q).sum().backward()
    p.grad.add_(1)
    assert q.grad.tolist() == [1.0, 1.0, 1.0]


def test_axpby_update_matches_the_recorded_tensor_ops():
    from tensorlib.optim._ops import axpby_
    torch.manual_seed(1)
    y0, x = torch.randn(4, 3), torch.randn(3, 4).t()
    fused, composed = y0.clone(), y0.clone()
    with torch.no_grad():
        version = fused._version
        axpby_(fused, 0.3, x, 0.9)
        assert fused._version > version
    axpby_(composed, 0.3, x, 0.9)        # grad mode on: y.mul_(b).add_(x, alpha=a)
    np.testing.assert_array_equal(fused.numpy(), composed.numpy())
    w = torch.randn(4, 3, requires_grad=True)
    y = w * 1
    axpby_(y, -0.1, x)
    assert y.grad_fn.name() == "AddBackward0"
    y = w * 1
    axpby_(y, -0.1, x, 1)
    assert y.grad_fn.name() == "AddBackward0" and y.grad_fn.next_functions[0][0].name() == "MulBackward0"


# ---- against PyTorch ----------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def pytorch():
    return real_torch()


@pytest.mark.parity
def test_cross_entropy_matches_pytorch(pytorch):
    rng = np.random.default_rng(5)
    x = rng.standard_normal((6, 5)).astype(np.float32) * 4
    x[0, 1] = -np.inf
    t = np.array([2, 0, -100, 4, 1, 1])
    w = np.array([0.5, 1.0, 2.0, 1.5, 3.0], np.float32)
    for kw in ({}, {"weight": True}, {"reduction": "none"}, {"reduction": "sum", "weight": True},
               {"label_smoothing": 0.1}, {"ignore_index": 1, "target": np.abs(t) % 5}):
        grads, values = [], []
        for lib in (pytorch, torch):
            xt = lib.tensor(x, requires_grad=True)
            args = dict(kw)
            if args.pop("weight", False):
                args["weight"] = lib.tensor(w)
            target = args.pop("target", t)
            with pytest.raises(IndexError, match="Target -100 is out of bounds."):
                lib.nn.functional.cross_entropy(xt, lib.tensor(t), ignore_index=1)
            loss = lib.nn.functional.cross_entropy(xt, lib.tensor(target), **args)
            loss.sum().backward()
            values.append(loss.detach().numpy())
            grads.append(xt.grad.numpy())
        np.testing.assert_allclose(values[1], values[0], rtol=1e-5, atol=1e-6)
        np.testing.assert_allclose(grads[1], grads[0], rtol=1e-5, atol=1e-6)


@pytest.mark.parity
def test_relu_nan_gradient_and_linear_grad_layout_match_pytorch(pytorch):
    for lib in (pytorch, torch):
        x = lib.tensor([math.nan, -1.0, 0.0, 2.0], requires_grad=True)
        x.relu().backward(lib.tensor([1.0, math.nan, math.inf, 3.0]))
        np.testing.assert_array_equal(x.grad.numpy(), [1.0, 0.0, 0.0, 3.0])
        lin = lib.nn.Linear(6, 4)
        lin(lib.ones(3, 6)).sum().backward()
        assert lin.weight.grad.stride() == (6, 1) and lin.weight.grad._base is None


# ---- the compiled row kernels (pyx/_nn.pyx) against the composed NumPy forms ----------------------
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("shape", [(1, 1), (3, 1), (5, 7), (64, 10), (2, 3, 5)])
def test_log_softmax_rows_kernel(dtype, shape):
    from tensorlib._nn import log_softmax_rows
    x = np.random.default_rng(1).standard_normal(shape).astype(dtype) * 3
    if shape == (5, 7):
        x = _logits(dtype)
    got, want = np.empty_like(x), np.empty_like(x)
    assert log_softmax_rows(x, got)
    cpu._run(cpu._log_softmax, x, x.ndim - 1, want)
    tol = 1e-6 if dtype == np.float32 else 1e-13
    np.testing.assert_allclose(got, want, rtol=tol, atol=tol, equal_nan=True)
    np.testing.assert_array_equal(np.isnan(got), np.isnan(want))


def test_log_softmax_rows_kernel_declines():
    from tensorlib._nn import log_softmax_rows
    x = np.ones((4, 6), np.float32)
    assert not log_softmax_rows(x.T, np.empty((6, 4), np.float32))        # not C-contiguous
    assert not log_softmax_rows(x, x)                                     # in place: overlap
    assert not log_softmax_rows(np.ones((4, 0), np.float32), np.empty((4, 0), np.float32))
    assert not log_softmax_rows(np.ones((2, 3), np.float16), np.empty((2, 3), np.float16))
    with pytest.raises(ValueError, match="shape"):
        log_softmax_rows(x, np.empty((4, 5), np.float32))


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("reduction", ["none", "sum", "mean"])
@pytest.mark.parametrize("ignore", [None, 2, "all"])
def test_nll_loss_rows_kernel(dtype, reduction, ignore):
    from tensorlib._nn import nll_loss_rows
    rng = np.random.default_rng(2)
    x = rng.standard_normal((16, 5)).astype(dtype)
    x[3, :] = 0.0
    target = rng.integers(0, 5, 16).astype(np.int64)
    ignore_index = -100 if ignore is None else (2 if ignore == 2 else 7)
    if ignore == "all":
        target[:] = 7
    n_out = 16 if reduction == "none" else 1
    got, got_total = np.empty(n_out, dtype), np.empty(1, dtype)
    want, want_total = np.empty(n_out, dtype), np.empty(1, dtype)
    assert nll_loss_rows(x, target, ignore_index, reduction, got, got_total) is None
    assert cpu._run(cpu._nll_loss, x, target, None, ignore_index, reduction, want, want_total) is None
    np.testing.assert_allclose(got, want, rtol=1e-6, equal_nan=True)
    np.testing.assert_array_equal(np.signbit(got), np.signbit(want))
    np.testing.assert_array_equal(got_total, want_total)


def test_nll_loss_rows_kernel_reports_the_first_bad_target_and_declines():
    from tensorlib._nn import nll_loss_rows
    x = np.zeros((4, 3), np.float32)
    out, total = np.full(1, 5.0, np.float32), np.empty(1, np.float32)
    assert nll_loss_rows(x, np.array([0, -100, 3, -1]), -100, "mean", out, total) == 3
    assert out[0] == 5.0                                        # nothing written
    assert nll_loss_rows(x, np.array([0, 1, 2, -1]), -100, "sum", out, total) == -1
    assert nll_loss_rows(x.T.copy().T, np.zeros(4, np.int64), -100, "sum", out, total) is False
    assert nll_loss_rows(x, np.zeros(4, np.int32), -100, "sum", out, total) is False
    assert nll_loss_rows(x.astype(np.float16), np.zeros(4, np.int64), -100, "sum", out, total) is False
