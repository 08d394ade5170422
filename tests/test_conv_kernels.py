"""The compiled route of convolution, max pooling, batch norm and relu's gradient
(``tensorlib._conv`` through the backends' ``conv``): values and gradients equal to the composed
route's (tensor ops) bit for bit for convolution and max pooling, close for batch norm (whose
statistics are summed in double), on contiguous, transposed, channels-last and sliced inputs,
groups, strides, dilations, paddings, float32/float64 and empty batches; gradcheck in float64;
the CUDA backend's composed kernels (``_conv_generic``) against the compiled ones."""
import numpy as np
import pytest

import tensorlib
from tensorlib.autograd import gradcheck
from tensorlib.backends import _conv_generic
from tensorlib.backends import cpu as cpu_backend
from tensorlib.nn.functional import _conv, _normalization, _pooling

pytestmark = pytest.mark.filterwarnings("ignore:Using padding='same' with even kernel lengths")
F = tensorlib.nn.functional
DTYPES = (np.float32, np.float64)


@pytest.fixture
def composed(monkeypatch):
    """A switch: ``composed(True)`` sends convolution, pooling and batch norm down the composed route."""
    route = _conv._kernel_route

    def switch(on):
        replacement = (lambda *tensors: False) if on else route
        for module in (_conv, _pooling, _normalization):
            monkeypatch.setattr(module, "_kernel_route", replacement)
    return switch


def _layout(array, layout):
    """A tensor holding ``array``'s values in ``layout``: contiguous, transposed (last two dims),
    channels-last strides, or a slice of a larger tensor."""
    if layout == "contiguous":
        return tensorlib.tensor(array)
    if layout == "transposed":
        return tensorlib.tensor(np.ascontiguousarray(np.swapaxes(array, -1, -2))).transpose(-1, -2)
    if layout == "channels_last":
        moved = np.ascontiguousarray(np.moveaxis(array, 1, -1))
        return tensorlib.tensor(moved).movedim(-1, 1)
    wider = np.zeros(array.shape[:-1] + (array.shape[-1] * 2 + 1,), array.dtype)
    wider[..., 1::2] = array
    return tensorlib.tensor(wider)[..., 1::2]


def _run(fn, arrays, grad_seed, layout="contiguous", **kwargs):
    """``fn``'s result and the gradients of its operands for a seeded output gradient."""
    leaves = [None if a is None else _layout(a, layout if i == 0 else "contiguous").requires_grad_()
              for i, a in enumerate(arrays)]
    out = fn(*leaves, **kwargs)
    values = out[0] if isinstance(out, tuple) else out
    g = np.random.default_rng(grad_seed).standard_normal(tuple(values.shape)).astype(arrays[0].dtype)
    values.backward(tensorlib.tensor(g))
    extra = [o.numpy() for o in out[1:]] if isinstance(out, tuple) else []
    return [values.detach().numpy()] + extra + [t.grad.numpy() for t in leaves if t is not None]


def _both(composed, fn, arrays, layout="contiguous", **kwargs):
    composed(False)
    fast = _run(fn, arrays, 7, layout, **kwargs)
    composed(True)
    slow = _run(fn, arrays, 7, layout, **kwargs)
    composed(False)
    return fast, slow


CONV_CASES = [
    (F.conv2d, (64, 1, 8, 8), (16, 1, 3, 3), dict(padding=1)),
    (F.conv2d, (8, 16, 4, 4), (32, 16, 3, 3), dict(padding=1)),
    (F.conv2d, (3, 4, 9, 7), (6, 2, 3, 2), dict(groups=2, stride=2, dilation=(1, 2), padding=(1, 0))),
    (F.conv2d, (2, 3, 6, 6), (4, 3, 3, 3), dict(stride=3, padding=2)),
    (F.conv2d, (2, 6, 5, 5), (6, 1, 3, 3), dict(groups=6, padding="same")),
    (F.conv1d, (2, 3, 11), (4, 3, 3), dict(padding="same", dilation=2)),
    (F.conv1d, (2, 4, 10), (4, 2, 4), dict(padding="same", groups=2)),
    (F.conv3d, (2, 2, 5, 6, 5), (4, 2, 2, 3, 2), dict(stride=(1, 2, 1), padding=1)),
    (F.conv2d, (0, 3, 5, 5), (4, 3, 3, 3), {}),
]


@pytest.mark.parametrize("layout", ["contiguous", "transposed", "channels_last", "sliced"])
@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("case", range(len(CONV_CASES)))
def test_convolution_equals_the_composed_route_bit_for_bit(composed, case, dtype, layout):
    fn, x_shape, w_shape, kwargs = CONV_CASES[case]
    rng = np.random.default_rng(case)
    arrays = [rng.standard_normal(s).astype(dtype) for s in (x_shape, w_shape, (w_shape[0],))]
    fast, slow = _both(composed, fn, arrays, layout, **kwargs)
    for a, b in zip(fast, slow):
        assert a.shape == b.shape and np.array_equal(a, b)


def test_convolution_without_bias_or_weight_gradient(composed):
    rng = np.random.default_rng(1)
    x = rng.standard_normal((3, 2, 6, 6))
    w = tensorlib.tensor(rng.standard_normal((4, 2, 3, 3)))
    results = []
    for on in (False, True):
        composed(on)
        t = tensorlib.tensor(x, requires_grad=True)
        F.conv2d(t, w, stride=2).sum().backward()
        results.append(t.grad.numpy())
    assert np.array_equal(*results) and F.conv2d(t, w).grad_fn.name() == "ConvolutionBackward0"


def test_convolution_double_backward_takes_the_composed_formula():
    rng = np.random.default_rng(2)
    x = tensorlib.tensor(rng.standard_normal((2, 2, 5, 5)), requires_grad=True)
    w = tensorlib.tensor(rng.standard_normal((3, 2, 3, 3)), requires_grad=True)
    assert tensorlib.autograd.gradgradcheck(lambda a, b: F.conv2d(a, b, padding=1), (x, w))


@pytest.mark.parametrize("kwargs", [dict(stride=2, padding=1), dict(groups=2, dilation=2), dict(padding="same")])
def test_convolution_gradcheck(kwargs):
    rng = np.random.default_rng(3)
    x = tensorlib.tensor(rng.standard_normal((2, 4, 7, 6)), requires_grad=True)
    w = tensorlib.tensor(rng.standard_normal((4, 4 // kwargs.get("groups", 1), 3, 2)), requires_grad=True)
    b = tensorlib.tensor(rng.standard_normal(4), requires_grad=True)
    assert gradcheck(lambda *t: F.conv2d(*t, **kwargs), (x, w, b))


POOL_CASES = [
    (F.max_pool2d, (16, 16, 8, 8), dict(kernel_size=2)),
    (F.max_pool2d, (3, 4, 9, 7), dict(kernel_size=3, stride=2, padding=1, ceil_mode=True)),
    (F.max_pool2d, (2, 3, 9, 7), dict(kernel_size=(2, 3), dilation=2, padding=1)),
    (F.max_pool2d, (4, 9, 7), dict(kernel_size=2)),
    (F.max_pool3d, (2, 2, 5, 6, 7), dict(kernel_size=3, stride=2, padding=1)),
    (F.max_pool1d, (2, 3, 11), dict(kernel_size=3, stride=2)),
    (F.max_pool2d, (0, 3, 4, 4), dict(kernel_size=2)),
]


@pytest.mark.parametrize("layout", ["contiguous", "transposed", "channels_last", "sliced"])
@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("case", range(len(POOL_CASES)))
def test_max_pooling_equals_the_composed_route_bit_for_bit(composed, case, dtype, layout):
    fn, shape, kwargs = POOL_CASES[case]
    if layout == "channels_last" and len(shape) < 4:
        pytest.skip("no channel dim to move")
    x = np.random.default_rng(case).standard_normal(shape).astype(dtype)
    fast, slow = _both(composed, fn, [x], layout, return_indices=True, **kwargs)
    for a, b in zip(fast, slow):
        assert a.shape == b.shape and np.array_equal(a, b)


@pytest.mark.parametrize("composed_route", [False, True])
def test_max_pooling_indices_of_nan_and_infinite_windows(composed, composed_route):
    composed(composed_route)
    x = np.array([[[[np.nan, 1.0, np.nan, 2.0], [-np.inf, -np.inf, 3.0, np.nan]]]], np.float32)
    values, indices = F.max_pool2d(tensorlib.tensor(x), 2, return_indices=True)
    assert np.isnan(values.numpy()).all()
    assert indices.tolist() == [[[[0, 7]]]]   # a later NaN replaces an earlier one (PyTorch's)
    values, indices = F.max_pool2d(tensorlib.tensor(np.full((1, 1, 2, 2), -np.inf)), 2, padding=1,
                                   return_indices=True)
    assert indices.tolist() == [[[[0, 1], [2, 3]]]] and (values.numpy() == -np.inf).all()


def test_max_pooling_gradcheck():
    x = tensorlib.tensor(np.random.default_rng(4).permutation(2 * 3 * 7 * 6).reshape(2, 3, 7, 6) / 10.0,
                         requires_grad=True)
    assert gradcheck(lambda t: F.max_pool2d(t, 3, stride=2, padding=1), (x,))


BATCH_NORM_SHAPES = [(64, 16, 8, 8), (5, 3), (4, 3, 7), (2, 3, 2, 3, 4)]


@pytest.mark.parametrize("layout", ["contiguous", "transposed", "sliced"])
@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("affine", [True, False])
@pytest.mark.parametrize("shape", BATCH_NORM_SHAPES)
def test_batch_norm_training_is_close_to_the_composed_route(composed, shape, affine, dtype, layout):
    rng = np.random.default_rng(len(shape))
    c = shape[1]
    arrays = [rng.standard_normal(shape).astype(dtype) * 3 + 1]
    if affine:
        arrays += [rng.standard_normal(c).astype(dtype), rng.standard_normal(c).astype(dtype)]
    stats = []

    def norm(x, weight=None, bias=None):
        running = [tensorlib.zeros(c, dtype=x.dtype), tensorlib.ones(c, dtype=x.dtype)]
        stats.append(running)
        return F.batch_norm(x, *running, weight, bias, training=True, momentum=0.3)
    fast, slow = _both(composed, norm, arrays, layout)
    tol = dict(rtol=1e-4, atol=1e-5) if dtype == np.float32 else dict(rtol=1e-10, atol=1e-11)
    for a, b in zip(fast, slow):
        np.testing.assert_allclose(a, b, **tol)
    for a, b in zip(*stats):
        np.testing.assert_allclose(a.numpy(), b.numpy(), **tol)


@pytest.mark.parametrize("dtype", DTYPES)
def test_batch_norm_evaluation_equals_the_composed_route(composed, dtype):
    rng = np.random.default_rng(5)
    arrays = [rng.standard_normal(shape).astype(dtype) for shape in ((4, 3, 5), (3,), (3,))]
    mean, var = tensorlib.tensor(rng.standard_normal(3).astype(dtype)), tensorlib.tensor(rng.random(3).astype(dtype))

    def norm(x, weight, bias):
        return F.batch_norm(x, mean, var, weight, bias, training=False)
    fast, slow = _both(composed, norm, arrays)
    for a, b in zip(fast, slow):
        assert np.array_equal(a, b)


def test_batch_norm_gradcheck():
    rng = np.random.default_rng(6)
    x = tensorlib.tensor(rng.standard_normal((3, 2, 4)), requires_grad=True)
    w = tensorlib.tensor(rng.standard_normal(2), requires_grad=True)
    b = tensorlib.tensor(rng.standard_normal(2), requires_grad=True)
    assert gradcheck(lambda *t: F.batch_norm(t[0], None, None, t[1], t[2], training=True), (x, w, b))
    assert tensorlib.autograd.gradgradcheck(lambda *t: F.batch_norm(t[0], None, None, t[1], t[2], training=True),
                                            (x, w, b))


@pytest.mark.parametrize("dtype", DTYPES)
def test_threshold_backward_selects_the_gradient(dtype):
    x = np.array([[-1.0, 0.0, 2.0, np.nan], [3.0, -0.0, 0.5, -7.0]], dtype)
    g = np.array([[np.nan, 5.0, -0.0, 4.0], [np.inf, 1.0, 2.0, 3.0]], dtype)
    out = np.empty_like(g)
    cpu_backend.threshold_backward(g, x, 0.5, out)
    expected = np.where(x <= 0.5, 0, g).astype(dtype)
    assert np.array_equal(out.view(np.uint8), expected.view(np.uint8))
    t = tensorlib.tensor(x, requires_grad=True)
    F.relu(t).backward(tensorlib.tensor(g))
    assert np.array_equal(t.grad.numpy(), np.where(x <= 0, 0, g), equal_nan=True)


# ---- the CUDA backend's composed kernels (over NumPy here) against the compiled ones ---------------
GENERIC = _conv_generic.ConvKernels(lambda: np, lambda op, dst, key, values: np.add.at(dst, key, values))
GEOMETRIES = [((1, 3, 3), (1, 1, 1), (1, 1, 1), (0, 1, 1)), ((2, 3, 2), (1, 2, 1), (2, 1, 2), (1, 1, 0)),
              ((1, 1, 4), (1, 1, 3), (1, 1, 1), (0, 0, 2))]


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("geometry", GEOMETRIES)
def test_composed_kernels_equal_the_compiled_ones(geometry, dtype):
    kernel, stride, dilation, padding = geometry
    rng = np.random.default_rng(8)
    x = rng.standard_normal((2, 3, 5, 6, 9)).astype(dtype).transpose(0, 1, 2, 4, 3)[..., :6, :]
    out_size = _conv_generic._output_size(x.shape[2:], kernel, stride, dilation, padding)
    shape = (3 * int(np.prod(kernel)), 2 * int(np.prod(out_size)))
    results = []
    for kernels in (cpu_backend.conv, GENERIC):
        cols = np.empty(shape, dtype)
        kernels.im2col(x, cols, kernel, stride, dilation, padding)
        image = np.empty(x.shape, dtype)
        kernels.col2im(cols, image, kernel, stride, dilation, padding)
        results += [cols, image]
    pool_padding = tuple(min(p, k // 2) for p, k in zip(padding, kernel))
    pooled = _conv_generic._output_size(x.shape[2:], kernel, stride, dilation, pool_padding)
    for kernels in (cpu_backend.conv, GENERIC):
        values, indices = np.empty((2, 3) + pooled, dtype), np.empty((2, 3) + pooled, np.int64)
        kernels.max_pool(x, values, indices, kernel, stride, dilation, pool_padding)
        grad = np.empty((2, 3, x[0, 0].size), dtype)
        kernels.max_pool_backward(values.reshape(2, 3, -1), indices.reshape(2, 3, -1), grad)
        results += [values, indices, grad]
    compiled, generic = results[:2] + results[4:7], results[2:4] + results[7:]
    for a, b in zip(compiled, generic):
        assert np.array_equal(a, b)


@pytest.mark.parametrize("dtype", DTYPES)
def test_composed_batch_norm_kernels_are_close_to_the_compiled_ones(dtype):
    rng = np.random.default_rng(9)
    x = rng.standard_normal((4, 3, 10)).astype(dtype)
    g = rng.standard_normal((4, 3, 10)).astype(dtype)
    weight, bias = rng.standard_normal(3).astype(dtype), rng.standard_normal(3).astype(dtype)
    results = []
    for kernels in (cpu_backend.conv, GENERIC):
        mean, var, invstd = (np.empty(3, dtype) for _ in range(3))
        kernels.batch_norm_statistics(x, mean, var, invstd, 1e-5)
        out = np.empty_like(x)
        kernels.batch_norm_normalize(x, mean, invstd, weight, bias, out)
        gx, gw, gb = np.empty_like(x), np.empty(3, dtype), np.empty(3, dtype)
        kernels.batch_norm_backward(g, x, mean, invstd, weight, gx, gw, gb)
        results.append([mean, var, invstd, out, gx, gw, gb])
    for a, b in zip(*results):
        np.testing.assert_allclose(a, b, rtol=1e-5, atol=1e-6)


def test_a_remembered_convolution_geometry_still_checks_dtypes_and_argument_types():
    x, w, b = tensorlib.ones(2, 3, 5, 5), tensorlib.ones(4, 3, 3, 3), tensorlib.ones(4)
    first = F.conv2d(x, w, b, padding=1).numpy()
    assert np.array_equal(F.conv2d(x, w, b, padding=1).numpy(), first)
    with pytest.raises(RuntimeError, match=r"^Input type \(float\) and bias type \(double\) should be the same$"):
        F.conv2d(x, w, b.double(), padding=1)
    with pytest.raises(RuntimeError, match="^expected scalar type Float but found Double$"):
        F.conv2d(x, w.double(), b, padding=1)
    with pytest.raises(TypeError):
        F.conv2d(x, w, b, stride=True, padding=1)
    assert F.conv2d(x[:1], w, b, padding=1).shape == (1, 4, 5, 5)
