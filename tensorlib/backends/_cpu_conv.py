"""The CPU backend's ``conv``: convolution, max-pooling and batch-norm kernels (``tensorlib._conv``
for float32/float64, the NumPy forms of ``_conv_generic`` for other dtypes).  The CUDA backend's
``conv`` is ``_conv_generic.ConvKernels`` over CuPy.

Images are 5-D (N, C, D, H, W) arrays of any strides (a 1-D or 2-D image passed as a view with
size-1 leading spatial dims); geometry is per (depth, height, width) dim.

``im2col(x, cols, kernel, stride, dilation, padding)``   the windows of ``x`` as the contiguous
    (C*kd*kh*kw, N*od*oh*ow) ``cols``: rows (c, kernel offset), columns (n, output position),
    0 in the (zero) padding.
``col2im(cols, out, kernel, stride, dilation, padding)``   its adjoint: ``out`` (contiguous,
    overwritten) receives every column entry where ``im2col`` read it, in column order.
``max_pool(x, values, indices, kernel, stride, dilation, padding)``   each window's maximum and
    its flat (D*H*W) input position into contiguous (N, C, od, oh, ow) arrays; the first
    maximum wins, a NaN wins over numbers and a later NaN over an earlier one.
``max_pool_backward(g, indices, out)``   (N, C, L) ``out`` overwritten with zeros plus each
    ``g[n, c, o]`` (N, C, Lout) at ``indices[n, c, o]``.
``batch_norm_statistics(x, mean, variance, invstd, eps)``   per channel of (N, C, L) ``x``
    (summed in double): the mean, the biased variance and 1 / sqrt(variance + eps).
``batch_norm_normalize(x, mean, invstd, weight, bias, out)``   ``(x - mean) * invstd * weight +
    bias`` per channel, rounded at every step (``weight``, ``bias``: (C,) arrays or None).
``batch_norm_backward(g, x, mean, invstd, weight, grad_input, grad_weight, grad_bias)``   the
    training-mode gradients: sum(g), sum(g * xhat) and (``grad_input`` not None)
    ``(g - mean(g) - xhat * mean(g * xhat)) * invstd * weight``.
"""
import numpy as np

from .. import _conv
from .._fast_paths import FAST_PATHS
from ._conv_generic import ConvKernels

_COMPILED = (np.dtype(np.float32), np.dtype(np.float64))


def _compiled(*arrays):
    """Whether the compiled kernels take these arrays (one float32/float64 dtype, aligned; None skipped)."""
    dtype = arrays[0].dtype
    return dtype in _COMPILED and all(a is None or (a.dtype == dtype and a.flags.aligned) for a in arrays)


def _accumulate_at(op, dst, key, values):
    np.add.at(dst, key, values)


class CompiledConvKernels(ConvKernels):
    """``ConvKernels`` over NumPy, with the compiled kernels where they apply."""

    def im2col(self, x, cols, kernel, stride, dilation, padding):
        if _compiled(x, cols):
            return _conv.im2col(x, cols, kernel, stride, dilation, padding)
        return super().im2col(x, cols, kernel, stride, dilation, padding)

    def col2im(self, cols, out, kernel, stride, dilation, padding):
        if _compiled(cols, out) and cols.flags.c_contiguous:
            return _conv.col2im(cols, out, kernel, stride, dilation, padding)
        return super().col2im(cols, out, kernel, stride, dilation, padding)

    def max_pool(self, x, values, indices, kernel, stride, dilation, padding):
        if _compiled(x, values):
            return _conv.max_pool(x, values, indices, kernel, stride, dilation, padding)
        return super().max_pool(x, values, indices, kernel, stride, dilation, padding)

    def max_pool_backward(self, g, indices, out):
        if _compiled(g, out) and indices.flags.c_contiguous:
            return _conv.max_pool_backward(g, indices, out)
        return super().max_pool_backward(g, indices, out)

    def batch_norm_statistics(self, x, mean, variance, invstd, eps):
        if _compiled(x, mean, variance, invstd):
            return _conv.batch_norm_statistics(x, mean, variance, invstd, eps)
        return super().batch_norm_statistics(x, mean, variance, invstd, eps)

    def batch_norm_normalize(self, x, mean, invstd, weight, bias, out):
        if _compiled(x, mean, invstd, weight, bias, out):
            return _conv.batch_norm_normalize(x, mean, invstd, weight, bias, out)
        return super().batch_norm_normalize(x, mean, invstd, weight, bias, out)

    def batch_norm_backward(self, g, x, mean, invstd, weight, grad_input, grad_weight, grad_bias):
        if _compiled(g, x, mean, invstd, weight, grad_input, grad_weight, grad_bias):
            return _conv.batch_norm_backward(g, x, mean, invstd, weight, grad_input, grad_weight, grad_bias)
        return super().batch_norm_backward(g, x, mean, invstd, weight, grad_input, grad_weight, grad_bias)


conv = CompiledConvKernels(lambda: np, _accumulate_at)


def compiled_threshold_backward(fallback):
    """The backend's ``threshold_backward`` as one compiled select where ``g``, ``x`` and ``out``
    are contiguous float32/float64 arrays of one dtype (and the fast paths are on), else ``fallback``."""
    def threshold_backward(g, x, threshold, out):
        if FAST_PATHS and _compiled(g, x, out) and all(a.flags.c_contiguous for a in (g, x, out)):
            _conv.threshold_backward(g.reshape(-1), x.reshape(-1), threshold, out.reshape(-1))
        else:
            fallback(g, x, threshold, out)
    threshold_backward.__doc__ = fallback.__doc__
    return threshold_backward
