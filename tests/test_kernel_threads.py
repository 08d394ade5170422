"""Kernels that split large jobs over the pool's threads give the single-threaded
results bit for bit: max pooling (batches of images per thread, values and
indices, every layout and dtype), convolution's columns and their adjoint and batch
norm's statistics and gradients (ranges of channels) and gelu with its gradient (chunks of elements)."""
import pytest

import tensorlib
import tensorlib.nn.functional as F


@pytest.fixture
def threads():
    before = tensorlib.get_num_threads()
    yield tensorlib.set_num_threads
    tensorlib.set_num_threads(before)


@pytest.mark.parametrize("dtype", [tensorlib.float32, tensorlib.float64])
@pytest.mark.parametrize("shape, layout, options", [
    ((64, 16, 8, 8), "contiguous", {"kernel_size": 2}),
    ((130, 8, 6, 6), "transposed", {"kernel_size": 2}),
    ((5, 40, 30, 30), "channels_last", {"kernel_size": 3, "stride": 2, "padding": 1, "dilation": 2}),
    ((3, 1, 200, 70), "sliced", {"kernel_size": (2, 3), "ceil_mode": True}),
])
def test_max_pool_on_several_threads_keeps_single_threaded_results(threads, dtype, shape, layout, options):
    generator = tensorlib.Generator().manual_seed(0)
    x = tensorlib.randn(*shape, generator=generator, dtype=dtype)
    x[0, 0, 0, 0] = float("nan")
    x = {"contiguous": x, "transposed": x.transpose(2, 3),
         "channels_last": x.permute(0, 2, 3, 1).contiguous().permute(0, 3, 1, 2), "sliced": x[..., ::2]}[layout]
    results = []
    for n in (1, 2, 3):
        threads(n)
        values, indices = F.max_pool2d(x, return_indices=True, **options)
        results.append((values.numpy().tobytes(), indices.numpy().tobytes()))
    assert results[0] == results[1] == results[2]


@pytest.mark.parametrize("dtype", [tensorlib.float32, tensorlib.float64])
@pytest.mark.parametrize("shape, weight, options", [
    ((64, 16, 4, 4), (32, 16, 3, 3), {"padding": 1}),
    ((8, 6, 20, 21), (4, 3, 3, 2), {"stride": (2, 1), "dilation": (1, 2), "padding": (2, 0), "groups": 2}),
])
def test_convolution_on_several_threads_keeps_single_threaded_results(threads, dtype, shape, weight, options):
    generator = tensorlib.Generator().manual_seed(2)
    x = tensorlib.randn(*shape, generator=generator, dtype=dtype).requires_grad_()
    w = tensorlib.randn(*weight, generator=generator, dtype=dtype).requires_grad_()
    results = []
    for n in (1, 2, 3):
        threads(n)
        y = F.conv2d(x, w, **options)
        grads = tensorlib.autograd.grad(y, (x, w), tensorlib.ones_like(y))
        results.append([t.detach().numpy().tobytes() for t in (y,) + grads])
    assert results[0] == results[1] == results[2]


@pytest.mark.parametrize("dtype", [tensorlib.float32, tensorlib.float64])
@pytest.mark.parametrize("shape, layout", [((64, 16, 8, 8), "contiguous"), ((9, 7, 30, 31), "channels_last"),
                                           ((40, 3, 30, 30), "sliced")])
def test_batch_norm_on_several_threads_keeps_single_threaded_results(threads, dtype, shape, layout):
    generator = tensorlib.Generator().manual_seed(1)
    x = tensorlib.randn(*shape, generator=generator, dtype=dtype) * 3 + 1
    x = {"contiguous": x, "channels_last": x.permute(0, 2, 3, 1).contiguous().permute(0, 3, 1, 2),
         "sliced": x[..., ::2]}[layout].requires_grad_()
    grad = tensorlib.randn(*x.shape, generator=generator, dtype=dtype)
    results = []
    for n in (1, 2, 3):
        threads(n)
        norm = tensorlib.nn.BatchNorm2d(shape[1], dtype=dtype)
        y = norm(x)
        grads = tensorlib.autograd.grad(y, (x, norm.weight, norm.bias), grad)
        results.append([t.detach().numpy().tobytes() for t in (y, norm.running_mean, norm.running_var) + grads])
    assert results[0] == results[1] == results[2]


@pytest.mark.parametrize("size", [40000, 98304, 100003])
@pytest.mark.parametrize("approximate", ["none", "tanh"])
def test_gelu_on_several_threads_keeps_single_threaded_bits(threads, size, approximate):
    generator = tensorlib.Generator().manual_seed(size)
    x = (tensorlib.randn(size, generator=generator) * 3).requires_grad_()
    grad = tensorlib.randn(size, generator=generator)
    results = []
    for n in (1, 2, 3):
        threads(n)
        y = F.gelu(x, approximate=approximate)
        (x_grad,) = tensorlib.autograd.grad(y, x, grad)
        results.append((y.detach().numpy().tobytes(), x_grad.numpy().tobytes()))
    assert results[0] == results[1] == results[2]
