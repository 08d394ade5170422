"""PyTorch's last bits for the CPU's elementwise math: exp, log, sin, cos, tanh and the other
functions PyTorch runs through Intel MKL's vector math (with the optional ``mkl`` package), and
float32 sigmoid, softmax and log_softmax as PyTorch's AVX512 kernels compute them.

The parity classes compare raw bits with PyTorch 2.13 run single-threaded (they skip without
torch, and the MKL ones without the ``mkl`` package); the functions without a class need neither
and check the fallback path, the ``tensorlib.backends.mkl`` flag and the kernels' invariants."""
import numpy as np
import pytest

import tensorlib
from parity import real_torch, single_threaded_torch
from tensorlib import _simd_math
from tensorlib._fast_paths import FAST_PATHS
from tensorlib.backends import _cpu_simd, _generic, _mkl_library, _vector_math

VML_OPS = sorted(_vector_math.VML_FUNCTIONS)
FLOATS = (np.float32, np.float64)
INT_OF = {np.dtype(np.float32): np.uint32, np.dtype(np.float64): np.uint64}

needs_mkl = pytest.mark.skipif(not _vector_math.is_available(), reason="the mkl package is not installed")
# without fast paths log_softmax's gradient runs its composed formula, whose sum rounds otherwise
needs_fused_backward = pytest.mark.skipif(not FAST_PATHS, reason="fast paths off: the composed backward runs")


def special_values(dtype):
    """Zeros of both signs, infinities, nan, denormals, huge and tiny values, the edges of exp."""
    info = np.finfo(dtype)
    return np.array([0.0, -0.0, np.inf, -np.inf, np.nan, info.tiny / 4, -info.tiny / 4, info.smallest_subnormal,
                     info.max, -info.max, 88.7, 89.0, -87.3, -103.9, -104.5, 100.5, 709.0, -745.0, 1e10, -1e10,
                     0.5, 1.0, -1.0, 2.0, np.pi, -np.pi / 2, 1e-8], dtype=dtype)


def values(dtype, n=20000, seed=0):
    """Random values of several scales (normal, wide uniform, unit interval, log-spread), then the
    specials."""
    rng = np.random.default_rng(seed)
    q = n // 4
    random = np.concatenate([rng.standard_normal(q) * 3, rng.uniform(-100, 100, q), rng.uniform(0, 1, q),
                             np.exp(rng.uniform(-80, 80, q)) * rng.choice([-1, 1], q)])
    return np.concatenate([special_values(dtype), random.astype(dtype)])


def bits(array):
    """The raw bits of a float array, every nan alike (PyTorch and MKL differ in nan signs)."""
    array = np.ascontiguousarray(array)
    raw = array.view(INT_OF[array.dtype]).copy()
    raw[np.isnan(array)] = 0
    return raw


def assert_same_bits(ours, theirs):
    ours, theirs = np.asarray(ours), np.asarray(theirs)
    assert ours.shape == theirs.shape and ours.dtype == theirs.dtype
    mismatched = np.flatnonzero(bits(ours) != bits(theirs))
    assert mismatched.size == 0, (f"{mismatched.size} of {ours.size} differ; first at {mismatched[:5]}: "
                                  f"{ours.ravel()[mismatched[:5]]} vs {theirs.ravel()[mismatched[:5]]}")


torch = pytest.fixture(scope="module", name="torch")(single_threaded_torch)


VIEWS = {"contiguous": lambda t: t, "transposed": lambda t: t.t(), "columns": lambda t: t[:, ::3],
         "rows": lambda t: t[1::2], "0-d": lambda t: t[3, 5], "empty": lambda t: t[:0]}


# ---- parity: MKL's vector math --------------------------------------------------------------------
@pytest.mark.parity
@needs_mkl
class TestVectorMathParity:
    @pytest.mark.parametrize("dtype", FLOATS)
    @pytest.mark.parametrize("op", VML_OPS)
    def test_function_on_many_values(self, torch, op, dtype):
        x = values(dtype)
        assert_same_bits(getattr(tensorlib, op)(tensorlib.tensor(x)).numpy(),
                         getattr(torch, op)(torch.tensor(x)).numpy())

    @pytest.mark.parametrize("dtype", FLOATS)
    @pytest.mark.parametrize("op", ["exp", "log", "sin", "cos", "tanh", "sqrt"])
    def test_forms_and_layouts(self, torch, op, dtype):
        x = values(dtype, n=400, seed=1)[:420].reshape(20, 21)
        for pick in VIEWS.values():
            ours, theirs = tensorlib.tensor(x), torch.tensor(x)
            expected = getattr(pick(theirs), op)().numpy()
            assert_same_bits(getattr(pick(ours), op)().numpy(), expected)
            assert_same_bits(getattr(tensorlib, op)(pick(ours)).numpy(), expected)
            out = tensorlib.empty(0, dtype=ours.dtype)
            getattr(tensorlib, op)(pick(ours), out=out)
            assert_same_bits(out.numpy(), expected)
            target = pick(ours.clone())
            getattr(target, op + "_")()
            assert_same_bits(target.numpy(), expected)

    def test_exp_of_four_prints_as_pytorch(self, torch):
        assert str(tensorlib.exp(tensorlib.tensor(4.0))) == str(torch.exp(torch.tensor(4.0))) == "tensor(54.5981)"

    @pytest.mark.parametrize("op", ["exp", "tanh"])
    def test_half_precision_computes_in_float(self, torch, op):
        x = values(np.float32, n=2000)
        x = x[np.abs(x) < 10]
        assert_same_bits(getattr(tensorlib.tensor(x).half(), op)().float().numpy(),
                         getattr(torch.tensor(x).half(), op)().float().numpy())


# ---- parity: float32 sigmoid, softmax, log_softmax ----------------------------------------------
@pytest.mark.parity
class TestSimdKernelsParity:
    @pytest.mark.parametrize("dtype", FLOATS)
    @pytest.mark.parametrize("n", [1, 15, 16, 17, 31, 32, 33, 63, 64, 65, 100, 1000, 4099])
    def test_sigmoid_chunks_and_tail(self, torch, n, dtype):
        x = np.resize(values(dtype, n=4000, seed=n), n)
        assert_same_bits(tensorlib.sigmoid(tensorlib.tensor(x)).numpy(), torch.sigmoid(torch.tensor(x)).numpy())

    @pytest.mark.parametrize("dtype", FLOATS)
    def test_sigmoid_forms_and_layouts(self, torch, dtype):
        x = values(dtype, n=3000, seed=2)[:3 * 37 * 27].reshape(3, 37, 27)
        forms = [lambda m, t: m.sigmoid(t), lambda m, t: t.sigmoid(), lambda m, t: m.nn.Sigmoid()(t),
                 lambda m, t: m.nn.functional.sigmoid(t), lambda m, t: (t * 1).sigmoid_(),
                 lambda m, t: m.sigmoid(t, out=m.empty(t.shape))]
        views = [lambda t: t, lambda t: t.transpose(0, 2), lambda t: t[:, ::2], lambda t: t[:, :, 1:],
                 lambda t: t[1, 2], lambda t: t[0, 0, 0], lambda t: t[:0], lambda t: t[0].t()]
        for form in forms:
            for view in views:
                assert_same_bits(form(tensorlib, view(tensorlib.tensor(x))).numpy(),
                                 form(torch, view(torch.tensor(x))).numpy())

    @pytest.mark.parametrize("dtype", FLOATS)
    @pytest.mark.parametrize("n", [1, 15, 16, 17, 31, 32, 33, 100, 4099])
    def test_silu_chunks_tail_and_layouts(self, torch, n, dtype):
        x = np.resize(values(dtype, n=4000, seed=n), n)
        for form in (lambda m, t: m.nn.functional.silu(t), lambda m, t: m.nn.SiLU()(t),
                     lambda m, t: m.nn.functional.silu(t * 1, inplace=True)):
            assert_same_bits(form(tensorlib, tensorlib.tensor(x)).numpy(), form(torch, torch.tensor(x)).numpy())
        x2 = values(dtype, n=3000, seed=5)[:37 * 40].reshape(37, 40)
        assert_same_bits(tensorlib.nn.functional.silu(tensorlib.tensor(x2).t()).numpy(),
                         torch.nn.functional.silu(torch.tensor(x2).t()).numpy())

    def test_sigmoid_in_place_on_a_transposed_view(self, torch):
        x = values(np.float32, n=3000, seed=3)[:40 * 50].reshape(40, 50)
        ours, theirs = tensorlib.tensor(x), torch.tensor(x)
        ours.t().sigmoid_()
        theirs.t().sigmoid_()
        assert_same_bits(ours.numpy(), theirs.numpy())

    @pytest.mark.parametrize("cols", [1, 3, 7, 8, 9, 10, 15, 16, 17, 27, 31, 32, 33, 48, 63, 64, 65, 100, 127, 128,
                                      129, 512, 513, 1000])
    @pytest.mark.parametrize("name", ["softmax", "log_softmax"])
    def test_softmax_last_dim(self, torch, name, cols):
        x = (np.random.default_rng(cols).standard_normal((64, cols)) * 4).astype(np.float32)
        x[0, 0], x[1, -1], x[2] = np.nan, np.inf, -np.inf
        x[3], x[3, 0], x[3, -1] = -200, -0.0, 0.0    # the maximum is a zero of either sign
        x[4, -1] = x[5, cols // 2] = np.nan           # in the last (overlapping) vector, and inside
        ours = getattr(tensorlib, name)(tensorlib.tensor(x), -1).numpy()
        theirs = getattr(torch, name)(torch.tensor(x), -1).numpy()
        assert_same_bits(ours, theirs)

    @needs_fused_backward
    @pytest.mark.parametrize("cols", [1, 9, 16, 17, 27, 33, 65, 129, 512])
    def test_log_softmax_backward_last_dim(self, torch, cols):
        rng = np.random.default_rng(cols)
        x = (rng.standard_normal((33, cols)) * 4).astype(np.float32)
        g = rng.standard_normal((33, cols)).astype(np.float32)
        g[0], g[1, ::2] = -0.0, -0.0    # sums of negative zeros stay negative zeros
        grads = []
        for lib in (tensorlib, torch):
            t = lib.tensor(x, requires_grad=True)
            lib.log_softmax(t, -1).backward(lib.tensor(g))
            grads.append(t.grad.numpy())
        assert_same_bits(*grads)

    @pytest.mark.parametrize("shape, dim", [((4, 5, 37), 1), ((6, 17, 20), 1), ((3, 16), 0), ((7, 9, 1), 1),
                                            ((5, 40), 0)])
    @pytest.mark.parametrize("name", ["softmax", "log_softmax"])
    def test_softmax_other_dims(self, torch, name, shape, dim):
        x = (np.random.default_rng(len(shape)).standard_normal(shape) * 4).astype(np.float32)
        ours = getattr(tensorlib, name)(tensorlib.tensor(x), dim).numpy()
        theirs = getattr(torch, name)(torch.tensor(x), dim).numpy()
        assert_same_bits(ours, theirs)

    @pytest.mark.parametrize("name", ["softmax", "log_softmax"])
    def test_softmax_of_transposed_and_functional_forms(self, torch, name):
        x = (np.random.default_rng(9).standard_normal((30, 45)) * 3).astype(np.float32)
        for dim in (0, 1, -1):
            ours = getattr(tensorlib.tensor(x).t(), name)(dim).numpy()
            theirs = getattr(torch.tensor(x).t(), name)(dim).numpy()
            functional = getattr(tensorlib.nn.functional, name)(tensorlib.tensor(x).t(), dim=dim).numpy()
            assert_same_bits(functional, ours)
            assert_same_bits(ours, theirs)


# ---- without torch: the flag, the fallback, the kernels -----------------------------------------
def test_mkl_flag_says_whether_the_vml_path_runs():
    assert tensorlib.backends.mkl.is_available() == bool(_vector_math._table())
    previous = _vector_math.set_enabled(False)
    try:
        assert tensorlib.backends.mkl.is_available() is False
        assert _vector_math.unary("exp", np.ones(3, np.float32), np.empty(3, np.float32)) is False
    finally:
        _vector_math.set_enabled(previous)


@pytest.mark.parametrize("op", VML_OPS)
def test_fallback_kernels_agree_with_vml_within_ulps(op):
    """With the VML path off, the compiled and NumPy kernels run, a few ulps from MKL's values."""
    x = values(np.float32, n=4000)
    x = x[np.isfinite(x) & (np.abs(x) < 80)]
    if op in ("log", "log2", "log10", "sqrt"):
        x = np.abs(x) + np.float32(1e-3)
    if op in ("asin", "acos"):
        x = np.clip(x, -1, 1)
    previous = _vector_math.set_enabled(False)
    try:
        fallback = getattr(tensorlib, op)(tensorlib.tensor(x)).numpy()
    finally:
        _vector_math.set_enabled(previous)
    reference = getattr(np, {"asin": "arcsin", "acos": "arccos", "atan": "arctan"}.get(op, op), None)
    if reference is None:   # erf
        reference = np.vectorize(__import__("math").erf)
    np.testing.assert_allclose(fallback, reference(x.astype(np.float64)), rtol=1e-6, atol=1e-7)


@needs_mkl
def test_vml_path_gives_the_same_bits_in_every_layout():
    x = values(np.float32, n=2000)[:40 * 50].reshape(40, 50)
    whole = np.empty_like(x)
    assert _vector_math.unary("exp", x, whole)
    transposed_out = np.empty((50, 40), np.float32)
    assert _vector_math.unary("exp", x.T, transposed_out)
    assert_same_bits(transposed_out, whole.T)
    in_place = x.copy()
    assert _vector_math.unary("exp", in_place, in_place)
    assert_same_bits(in_place, whole)
    overlapping = x.copy()
    assert _vector_math.unary("exp", overlapping[:, :-1], overlapping[:, 1:])
    assert_same_bits(overlapping[:, 1:], whole[:, :-1])
    assert _vector_math.unary("exp", x[:0], whole[:0])
    assert _vector_math.unary("exp", np.ones(x.shape, np.int32), whole) is False


def test_library_search_without_the_package_looks_in_the_prefix(monkeypatch):
    monkeypatch.setattr(_mkl_library.importlib.metadata, "files", _raise_not_found)
    candidates = list(_mkl_library.library_candidates())
    assert candidates and all(path.endswith(("libmkl_rt.so.3", "libmkl_rt.so.2", "libmkl_rt.so"))
                              for path in candidates)


def _raise_not_found(name):
    raise _mkl_library.importlib.metadata.PackageNotFoundError(name)


def test_no_mkl_off_x86(monkeypatch):
    monkeypatch.setattr(_mkl_library.platform, "machine", lambda: "aarch64")
    _mkl_library.library.cache_clear()
    try:
        assert _mkl_library.library() is None
    finally:
        monkeypatch.undo()
        _mkl_library.library.cache_clear()
        assert (_mkl_library.library() is None) == (not _vector_math._table())


@pytest.mark.parametrize("n", [1, 31, 32, 33, 100])
def test_sigmoid_and_silu_kernels_are_within_ulps_of_the_formula(n):
    x = np.resize(values(np.float32, n=400), n)
    x64 = x.astype(np.float64)
    with np.errstate(over="ignore", invalid="ignore"):
        sigmoid = (1 / (1 + np.exp(-x64))).astype(np.float32)
        silu = (x64 / (1 + np.exp(-x64))).astype(np.float32)
    finite = np.isfinite(x) & (np.abs(x) < 80)
    for op, expected in (("sigmoid", sigmoid), ("silu", silu)):
        out = np.empty_like(x)
        _simd_math.logistic_rows(op, x, out, n, True)
        np.testing.assert_array_max_ulp(out[finite], expected[finite], maxulp=3)
        assert np.isnan(out[np.isnan(x)]).all()


def test_silu_refuses_integers_as_pytorch():
    with pytest.raises(NotImplementedError, match="\"silu_cpu\" not implemented for 'Long'"):
        tensorlib.nn.functional.silu(tensorlib.tensor([1, 2]))


def test_baseline_and_fma_builds_agree():
    x = values(np.float32, n=4000)[:4000]
    x64 = values(np.float64, n=4000)[:4000]
    rows = np.clip(np.nan_to_num(x[:3990]), -50, 50).reshape(30, 133)
    results = []
    best = _simd_math._use_fma(2)
    try:
        for level in (2, 1, 0):
            _simd_math._use_fma(level)
            sig, soft, log_soft = np.empty_like(x), np.empty_like(rows), np.empty_like(rows)
            sig64 = np.empty_like(x64)
            _simd_math.logistic_rows("sigmoid", x, sig, x.size, True)
            _simd_math.logistic_rows("silu", x64, sig64, x64.size, True)
            _simd_math.softmax_rows(rows, soft, 133, 1, True, False)
            _simd_math.softmax_rows(rows, log_soft, 30, 133, False, True)
            results.append((sig, sig64, soft, log_soft))
    finally:
        _simd_math._use_fma(best)
    for build in results[1:]:
        for ours, theirs in zip(results[0], build):
            assert_same_bits(ours, theirs)


@pytest.mark.parametrize("cols", [1, 5, 8, 15, 16, 17, 27, 31, 32, 33, 64, 65, 129, 512, 515])
def test_every_build_gives_the_same_row_bits(cols):
    """The baseline, AVX2 and AVX512 builds of the row kernels, on rows around the vector widths
    (with nans, infinities and zeros of both signs among the values)."""
    rng = np.random.default_rng(cols)
    rows = (rng.standard_normal((12, cols)) * 5).astype(np.float32)
    rows[1, ::3], rows[2, 0], rows[3, -1], rows[4] = -0.0, np.nan, np.inf, -np.inf
    rows[5] = 0.0
    rows[5, ::2] = -0.0
    grad = rng.standard_normal((12, cols)).astype(np.float32)
    results = []
    best = _simd_math._use_fma(2)
    try:
        for level in (2, 1, 0):
            _simd_math._use_fma(level)
            outputs = [np.empty_like(rows) for _ in range(5)]
            _simd_math.softmax_rows(rows, outputs[0], cols, 1, True, False)
            _simd_math.softmax_rows(rows, outputs[1], cols, 1, True, True)
            _simd_math.softmax_rows(rows, outputs[2], 3, cols * 4, False, True)
            _simd_math.log_softmax_backward_rows(grad, outputs[1], outputs[3], cols)
            _simd_math.logistic_rows("sigmoid", rows, outputs[4], cols, True)
            results.append(outputs)
    finally:
        _simd_math._use_fma(best)
    for build in results[1:]:
        for ours, theirs in zip(results[0], build):
            assert_same_bits(ours, theirs)


def test_softmax_kernel_rows_sum_to_one_and_keep_pytorch_nans():
    x = (np.random.default_rng(4).standard_normal((5, 40)) * 3).astype(np.float32)
    x[1, 3], x[2, 7], x[3] = np.nan, np.inf, -np.inf
    out = np.empty_like(x)
    _simd_math.softmax_rows(x, out, 40, 1, True, False)
    np.testing.assert_allclose(out[[0, 4]].sum(1), 1, rtol=1e-5)
    assert np.isnan(out[1:4]).all()
    log_out = np.empty_like(x)
    _simd_math.softmax_rows(x, log_out, 40, 1, True, True)
    np.testing.assert_allclose(np.exp(log_out[0]), out[0], rtol=1e-5)
    with pytest.raises(ValueError):
        _simd_math.softmax_rows(x, out, 8, 5, True, False)


def test_iteration_rows_follow_pytorch_walk():
    a = np.zeros((4, 6, 8), np.float32)
    assert _cpu_simd.iteration_rows(a, a) == ([0, 1, 2], 192, True)
    t = a.transpose(2, 0, 1)
    assert _cpu_simd.iteration_rows(t, t)[1:] == (192, True)
    out = np.zeros((4, 3, 8), np.float32)
    assert _cpu_simd.iteration_rows(a[:, ::2], out)[1:] == (8, True)
    out = np.zeros((4, 6, 4), np.float32)
    assert _cpu_simd.iteration_rows(a[:, :, ::2], out)[2] is False
    assert _cpu_simd.iteration_rows(a[0, 0, 0], a[0, 0, 0])[1:] == (1, False)


@pytest.mark.parity
class TestCrossEntropyParity:
    """nll_loss sums its rows in PyTorch's cascade (float32 sums, partial sums carried up every
    16th kept row and more for large batches), so cross_entropy prints PyTorch's loss."""

    @pytest.mark.parametrize("rows", [1, 7, 16, 17, 64, 257, 2869])
    @pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
    def test_float32_cross_entropy(self, torch, rows, reduction):
        rng = np.random.default_rng(rows)
        x = (rng.standard_normal((rows, 13)) * 3).astype(np.float32)
        target = rng.integers(0, 13, rows)
        target[rng.random(rows) < 0.2] = -100
        assert_same_bits(
            tensorlib.nn.functional.cross_entropy(tensorlib.tensor(x), tensorlib.tensor(target),
                                                  reduction=reduction).numpy(),
            torch.nn.functional.cross_entropy(torch.tensor(x), torch.tensor(target), reduction=reduction).numpy())


    @needs_fused_backward
    @pytest.mark.parametrize("shape", [(1, 13), (32, 27), (257, 65), (33, 512)])
    @pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
    def test_float32_cross_entropy_gradient(self, torch, shape, reduction):
        rng = np.random.default_rng(shape[0])
        x = (rng.standard_normal(shape) * 3).astype(np.float32)
        target = rng.integers(0, shape[1], shape[0])
        target[rng.random(shape[0]) < 0.2] = -100
        grads = []
        for lib in (tensorlib, torch):
            t = lib.tensor(x, requires_grad=True)
            loss = lib.nn.functional.cross_entropy(t, lib.tensor(target), reduction=reduction)
            (loss.sum() if reduction == "none" else loss).backward()
            grads.append(t.grad.numpy())
        assert_same_bits(*grads)


@pytest.mark.parametrize("dtype", FLOATS)
@pytest.mark.parametrize("shape", [(0, 4), (1, 1), (7, 3), (32, 27), (300, 70)])
@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
def test_nll_loss_gradient_kernel_matches_the_general_one(dtype, shape, reduction):
    rng = np.random.default_rng(shape[0])
    rows, cols = shape
    for ignore_index in (-100, 0):
        target = rng.integers(0, cols, rows)
        target[rng.random(rows) < 0.3] = ignore_index
        g = rng.standard_normal(rows).astype(dtype) if reduction == "none" else np.array(rng.standard_normal(), dtype)
        total = np.array(max(1, np.count_nonzero(target != ignore_index)), dtype) if reduction == "mean" else None
        expected, ours = np.full(shape, 7, dtype), np.full(shape, 7, dtype)
        _generic.nll_loss_backward(np, g, target, None, ignore_index, total, expected)
        assert _cpu_simd.nll_loss_backward(g, target, None, ignore_index, total, ours) is True
        assert_same_bits(ours, expected)


def test_nll_loss_gradient_kernel_leaves_other_cases_to_the_general_one():
    out = np.full((3, 4), 7, np.float32)
    one = np.array(1, np.float32)
    assert not _cpu_simd.nll_loss_backward(one, np.array([0, 5, 1]), None, -100, None, out)   # out of range
    assert not _cpu_simd.nll_loss_backward(one, np.array([0, 1, 1]), np.ones(4, np.float32), -100, None, out)
    assert not _cpu_simd.nll_loss_backward(np.array(1, np.float16), np.array([0, 1, 1]), None, -100, None,
                                           out.astype(np.float16))
    assert not _cpu_simd.nll_loss_backward(one, np.array([0, 1, 1]), None, -100, None, out.T.copy().T)
    assert not _cpu_simd.nll_loss_backward(one, np.array([0, 1, 1]), None, -100, np.float32(2), out)
    assert (out == 7).all()


@pytest.mark.parity
@pytest.mark.parametrize("name", ["tanh", "sigmoid", pytest.param("log_softmax", marks=needs_fused_backward)])
def test_backward_kernels_give_pytorchs_bits(name):
    """The gradients of tanh (1 - y*y fused), sigmoid ((g * (1 - y)) * y) and log_softmax over the
    last dim (g - exp(y) * sum(g), the vectorised exp, one fused multiply-add)."""
    torch = real_torch()
    rng = np.random.default_rng(5)
    x = rng.standard_normal((37, 19)).astype(np.float32)
    g = rng.standard_normal((37, 19)).astype(np.float32)
    grads = []
    for lib in (tensorlib, torch):
        t = lib.tensor(x, requires_grad=True)
        y = lib.log_softmax(t, 1) if name == "log_softmax" else getattr(t, name)()
        y.backward(lib.tensor(g))
        grads.append(t.grad.numpy())
    assert grads[0].tobytes() == grads[1].tobytes()
