"""Convolution, max-pooling and batch-norm kernels written once against an array module ``xp``
(CuPy or the stand-in on CUDA; NumPy for the dtypes the CPU's compiled kernels leave out).
The arguments are those of the CPU backend's (``backends/_cpu_conv.py``): 5-D (N, C, D, H, W)
images, per-dim (depth, height, width) geometry."""
import math


def _output_size(size, kernel, stride, dilation, padding):
    return tuple((n + 2 * p - d * (k - 1) - 1) // s + 1
                 for n, k, s, d, p in zip(size, kernel, stride, dilation, padding))


def _offset_slices(offsets, stride, out_size):
    """The slices of a padded image that a kernel offset reads for every output position."""
    return tuple(slice(o, o + s * (n - 1) + 1, s) for o, s, n in zip(offsets, stride, out_size))


def _kernel_offsets(kernel, dilation):
    """(kernel index, its offset) in row-major kernel order."""
    for a in range(kernel[0]):
        for b in range(kernel[1]):
            for e in range(kernel[2]):
                yield (a, b, e), (a * dilation[0], b * dilation[1], e * dilation[2])


def _padded(xp, x, padding, value=0):
    if not any(padding):
        return x
    return xp.pad(x, ((0, 0), (0, 0)) + tuple((p, p) for p in padding), constant_values=value)


def im2col(xp, x, cols, kernel, stride, dilation, padding):
    """The windows of ``x`` as columns (see ``_cpu_conv.im2col``)."""
    n, c = x.shape[:2]
    out_size = _output_size(x.shape[2:], kernel, stride, dilation, padding)
    padded = _padded(xp, x, padding)
    grid = cols.reshape((c,) + tuple(kernel) + (n,) + out_size)
    for at, offsets in _kernel_offsets(kernel, dilation):
        window = padded[(slice(None), slice(None)) + _offset_slices(offsets, stride, out_size)]
        grid[(slice(None),) + at] = window.transpose(1, 0, 2, 3, 4)


def col2im(xp, cols, out, kernel, stride, dilation, padding):
    """The adjoint of ``im2col`` into ``out`` (see ``_cpu_conv.col2im``)."""
    n, c = out.shape[:2]
    size = out.shape[2:]
    out_size = _output_size(size, kernel, stride, dilation, padding)
    padded = xp.zeros((n, c) + tuple(s + 2 * p for s, p in zip(size, padding)), out.dtype)
    grid = cols.reshape((c,) + tuple(kernel) + (n,) + out_size)
    for at, offsets in _kernel_offsets(kernel, dilation):
        padded[(slice(None), slice(None)) + _offset_slices(offsets, stride, out_size)] += \
            grid[(slice(None),) + at].transpose(1, 0, 2, 3, 4)
    out[...] = padded[(slice(None), slice(None)) + tuple(slice(p, p + s) for p, s in zip(padding, size))]


def max_pool(xp, x, values, indices, kernel, stride, dilation, padding):
    """Each window's maximum and flat input position (see ``_cpu_conv.max_pool``)."""
    size = x.shape[2:]
    out_size = values.shape[2:]
    padded = _padded(xp, x, padding, -math.inf)
    best = xp.full(values.shape, -math.inf, values.dtype)
    best_at = xp.zeros(values.shape, indices.dtype)
    place = 1
    for d in reversed(range(3)):   # the first position inside the input of each window, innermost dim first
        starts = xp.arange(out_size[d]) * stride[d] - padding[d]
        starts = starts + xp.maximum(-(starts // dilation[d]), 0) * dilation[d]
        shape = [1] * 5
        shape[2 + d] = out_size[d]
        best_at = best_at + (starts * place).reshape(shape)
        place *= size[d]
    for _, offsets in _kernel_offsets(kernel, dilation):
        window = padded[(slice(None), slice(None)) + _offset_slices(offsets, stride, out_size)]
        position = 0
        for d in range(3):
            at = xp.arange(out_size[d]) * stride[d] - padding[d] + offsets[d]
            shape = [1] * 5
            shape[2 + d] = out_size[d]
            position = position * size[d] + at.reshape(shape)
        better = (window > best) | xp.isnan(window)
        best = xp.where(better, window, best)
        best_at = xp.where(better, position, best_at)
    values[...] = best
    indices[...] = best_at


def max_pool_backward(xp, g, indices, out, accumulate_at):
    """``out`` (N, C, L), zeroed, with ``g`` added at ``indices`` (see ``_cpu_conv``)."""
    out.fill(0)
    rows = xp.arange(g.shape[0] * g.shape[1]).reshape(g.shape[:2] + (1,))
    flat = out.reshape(-1, out.shape[2])
    accumulate_at("add", flat, (xp.broadcast_to(rows.reshape(-1, 1), (rows.size, g.shape[2])),
                                indices.reshape(-1, g.shape[2])), g.reshape(-1, g.shape[2]))


def batch_norm_statistics(xp, x, mean, variance, invstd, eps):
    """Per-channel mean, biased variance and 1 / sqrt(variance + eps) of (N, C, L) ``x``."""
    wide = x.astype("float64")
    m = wide.mean((0, 2))
    var = ((wide - m[:, None]) ** 2).mean((0, 2))
    mean[...] = m
    variance[...] = var
    invstd[...] = 1 / xp.sqrt(var + eps)


def batch_norm_normalize(xp, x, mean, invstd, weight, bias, out):
    """``(x - mean) * invstd * weight + bias`` per channel, rounded at each step."""
    v = (x - mean[:, None]) * invstd[:, None]
    if weight is not None:
        v = v * weight[:, None]
    if bias is not None:
        v = v + bias[:, None]
    out[...] = v


def batch_norm_backward(xp, g, x, mean, invstd, weight, grad_input, grad_weight, grad_bias):
    """The training-mode gradients of batch normalisation (see ``_cpu_conv``)."""
    wide_g = g.astype("float64")
    xhat = (x.astype("float64") - mean.astype("float64")[:, None]) * invstd.astype("float64")[:, None]
    sum_g = wide_g.sum((0, 2))
    sum_gx = (wide_g * xhat).sum((0, 2))
    grad_bias[...] = sum_g
    grad_weight[...] = sum_gx
    if grad_input is not None:
        count = x.shape[0] * x.shape[2]
        scale = invstd.astype("float64") * (1 if weight is None else weight.astype("float64"))
        grad_input[...] = (wide_g - (sum_g / count)[:, None] - xhat * (sum_gx / count)[:, None]) * scale[:, None]


class ConvKernels:
    """The kernels above over the array module that ``xp_of()`` returns (resolved on first use),
    with the backend's ``accumulate_at``: a backend's ``conv`` (see ``backends/_cpu_conv.py``)."""

    def __init__(self, xp_of, accumulate_at):
        self._xp_of = xp_of
        self._accumulate_at = accumulate_at

    def im2col(self, x, cols, kernel, stride, dilation, padding):
        im2col(self._xp_of(), x, cols, kernel, stride, dilation, padding)

    def col2im(self, cols, out, kernel, stride, dilation, padding):
        col2im(self._xp_of(), cols, out, kernel, stride, dilation, padding)

    def max_pool(self, x, values, indices, kernel, stride, dilation, padding):
        max_pool(self._xp_of(), x, values, indices, kernel, stride, dilation, padding)

    def max_pool_backward(self, g, indices, out):
        max_pool_backward(self._xp_of(), g, indices, out, self._accumulate_at)

    def batch_norm_statistics(self, x, mean, variance, invstd, eps):
        batch_norm_statistics(self._xp_of(), x, mean, variance, invstd, eps)

    def batch_norm_normalize(self, x, mean, invstd, weight, bias, out):
        batch_norm_normalize(self._xp_of(), x, mean, invstd, weight, bias, out)

    def batch_norm_backward(self, g, x, mean, invstd, weight, grad_input, grad_weight, grad_bias):
        batch_norm_backward(self._xp_of(), g, x, mean, invstd, weight, grad_input, grad_weight, grad_bias)
