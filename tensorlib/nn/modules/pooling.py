"""Pooling layers: MaxPool1d/2d/3d, MaxUnpool1d/2d/3d, AvgPool1d/2d/3d, LPPool1d/2d/3d,
AdaptiveAvgPool1d/2d/3d, AdaptiveMaxPool1d/2d/3d."""
from .. import functional as F
from .module import Module

__all__ = ["MaxPool1d", "MaxPool2d", "AvgPool1d", "AvgPool2d", "AdaptiveAvgPool1d", "AdaptiveAvgPool2d",
           "AdaptiveMaxPool1d", "AdaptiveMaxPool2d", "AdaptiveAvgPool3d", "AdaptiveMaxPool3d",
           "MaxPool3d", "AvgPool3d", "LPPool1d", "LPPool2d", "LPPool3d",
           "MaxUnpool1d", "MaxUnpool2d", "MaxUnpool3d"]


def _single(value):
    return tuple(value) if isinstance(value, (tuple, list)) else (value,)


class _MaxPoolNd(Module):
    """The max over (kernel_size) windows; ``stride`` defaults to ``kernel_size``."""

    def __init__(self, kernel_size, stride=None, padding=0, dilation=1, return_indices=False, ceil_mode=False):
        super().__init__()
        self.kernel_size = kernel_size
        self.stride = stride if stride is not None else kernel_size
        self.padding = padding
        self.dilation = dilation
        self.return_indices = return_indices
        self.ceil_mode = ceil_mode

    def extra_repr(self):
        return (f"kernel_size={self.kernel_size}, stride={self.stride}, padding={self.padding}, "
                f"dilation={self.dilation}, ceil_mode={self.ceil_mode}")


class MaxPool1d(_MaxPoolNd):
    """Takes the maximum over sliding windows of the last dim of the input.

    Args:
        kernel_size (int or tuple): the window size.
        stride (int or tuple, optional): step between windows. Default: ``kernel_size``.
        padding (int or tuple): implicit ``-inf`` padding on both sides (at most half the window).
            Default: ``0``.
        dilation (int or tuple): spacing between the elements of a window. Default: ``1``.
        return_indices (bool): also return the flat positions of the maxima (for ``MaxUnpool1d``).
            Default: ``False``.
        ceil_mode (bool): round the output size up rather than down. Default: ``False``.

    Shape:
        input ``(N, C, L)`` or ``(C, L)``; output of the same rank, each pooled size
        ``floor((size + 2 * padding - dilation * (kernel_size - 1) - 1) / stride + 1)`` (``ceil`` with ``ceil_mode``).

    Example::

        >>> pool = torch.nn.MaxPool1d(2)
        >>> pool(torch.arange(8.0).reshape(1, 1, 8))
        tensor([[[1., 3., 5., 7.]]])
    """

    def forward(self, input):
        return F.max_pool1d(input, self.kernel_size, self.stride, self.padding, self.dilation,
                            ceil_mode=self.ceil_mode, return_indices=self.return_indices)


class MaxPool2d(_MaxPoolNd):
    """Takes the maximum over sliding windows of the last two dims of the input.

    Args:
        kernel_size (int or tuple): the window size.
        stride (int or tuple, optional): step between windows. Default: ``kernel_size``.
        padding (int or tuple): implicit ``-inf`` padding on both sides (at most half the window).
            Default: ``0``.
        dilation (int or tuple): spacing between the elements of a window. Default: ``1``.
        return_indices (bool): also return the flat positions of the maxima (for ``MaxUnpool2d``).
            Default: ``False``.
        ceil_mode (bool): round the output size up rather than down. Default: ``False``.

    Shape:
        input ``(N, C, H, W)`` or ``(C, H, W)``; output of the same rank, each pooled size
        ``floor((size + 2 * padding - dilation * (kernel_size - 1) - 1) / stride + 1)`` (``ceil`` with ``ceil_mode``).

    Example::

        >>> pool = torch.nn.MaxPool2d(2)
        >>> pool(torch.arange(16.0).reshape(1, 1, 4, 4))
        tensor([[[[ 5.,  7.],
                  [13., 15.]]]])
    """

    def forward(self, input):
        return F.max_pool2d(input, self.kernel_size, self.stride, self.padding, self.dilation,
                            ceil_mode=self.ceil_mode, return_indices=self.return_indices)


class MaxPool3d(_MaxPoolNd):
    """Takes the maximum over sliding windows of the last three dims of the input.

    Args:
        kernel_size (int or tuple): the window size.
        stride (int or tuple, optional): step between windows. Default: ``kernel_size``.
        padding (int or tuple): implicit ``-inf`` padding on both sides (at most half the window).
            Default: ``0``.
        dilation (int or tuple): spacing between the elements of a window. Default: ``1``.
        return_indices (bool): also return the flat positions of the maxima (for ``MaxUnpool3d``).
            Default: ``False``.
        ceil_mode (bool): round the output size up rather than down. Default: ``False``.

    Shape:
        input ``(N, C, D, H, W)`` or ``(C, D, H, W)``; output of the same rank, each pooled size
        ``floor((size + 2 * padding - dilation * (kernel_size - 1) - 1) / stride + 1)`` (``ceil`` with ``ceil_mode``).

    Example::

        >>> pool = torch.nn.MaxPool3d(2)
        >>> pool(torch.arange(64.0).reshape(1, 1, 4, 4, 4)).shape
        torch.Size([1, 1, 2, 2, 2])
    """

    def forward(self, input):
        return F.max_pool3d(input, self.kernel_size, self.stride, self.padding, self.dilation,
                            ceil_mode=self.ceil_mode, return_indices=self.return_indices)


class AvgPool1d(Module):
    """Takes the mean over sliding windows of the last dim of the input.

    Args:
        kernel_size (int or tuple): the window size.
        stride (int or tuple, optional): step between windows. Default: ``kernel_size``.
        padding (int or tuple): implicit zero padding on both sides. Default: ``0``.
        ceil_mode (bool): round the output size up rather than down. Default: ``False``.
        count_include_pad (bool): count the padding zeros in the divisor. Default: ``True``.

    Shape:
        input ``(N, C, L)`` or ``(C, L)``; output of the same rank, each pooled size
        ``floor((size + 2 * padding - kernel_size) / stride + 1)``.

    Example::

        >>> pool = torch.nn.AvgPool1d(2)
        >>> pool(torch.arange(8.0).reshape(1, 1, 8))
        tensor([[[0.5000, 2.5000, 4.5000, 6.5000]]])
    """

    def __init__(self, kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True):
        super().__init__()
        self.kernel_size = _single(kernel_size)
        self.stride = _single(stride if stride is not None else kernel_size)
        self.padding = _single(padding)
        self.ceil_mode = ceil_mode
        self.count_include_pad = count_include_pad

    def forward(self, input):
        return F.avg_pool1d(input, self.kernel_size, self.stride, self.padding, self.ceil_mode,
                            self.count_include_pad)

    def extra_repr(self):
        return f"kernel_size={self.kernel_size}, stride={self.stride}, padding={self.padding}"


class AvgPool2d(Module):
    """Takes the mean over sliding windows of the last two dims of the input.

    Args:
        kernel_size (int or tuple): the window size.
        stride (int or tuple, optional): step between windows. Default: ``kernel_size``.
        padding (int or tuple): implicit zero padding on both sides. Default: ``0``.
        ceil_mode (bool): round the output size up rather than down. Default: ``False``.
        count_include_pad (bool): count the padding zeros in the divisor. Default: ``True``.
        divisor_override (int, optional): divide every window sum by this instead.

    Shape:
        input ``(N, C, H, W)`` or ``(C, H, W)``; output of the same rank, each pooled size
        ``floor((size + 2 * padding - kernel_size) / stride + 1)``.

    Example::

        >>> pool = torch.nn.AvgPool2d(2)
        >>> pool(torch.arange(16.0).reshape(1, 1, 4, 4))
        tensor([[[[ 2.5000,  4.5000],
                  [10.5000, 12.5000]]]])
    """
    _function = F.avg_pool2d

    def __init__(self, kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True,
                 divisor_override=None):
        super().__init__()
        self.kernel_size = kernel_size
        self.stride = stride if stride is not None else kernel_size
        self.padding = padding
        self.ceil_mode = ceil_mode
        self.count_include_pad = count_include_pad
        self.divisor_override = divisor_override

    def forward(self, input):
        return type(self)._function(input, self.kernel_size, self.stride, self.padding, self.ceil_mode,
                                    self.count_include_pad, self.divisor_override)

    def extra_repr(self):
        return f"kernel_size={self.kernel_size}, stride={self.stride}, padding={self.padding}"


class AvgPool3d(AvgPool2d):
    """Takes the mean over sliding windows of the last three dims of the input.

    Args:
        kernel_size (int or tuple): the window size.
        stride (int or tuple, optional): step between windows. Default: ``kernel_size``.
        padding (int or tuple): implicit zero padding on both sides. Default: ``0``.
        ceil_mode (bool): round the output size up rather than down. Default: ``False``.
        count_include_pad (bool): count the padding zeros in the divisor. Default: ``True``.
        divisor_override (int, optional): divide every window sum by this instead.

    Shape:
        input ``(N, C, D, H, W)`` or ``(C, D, H, W)``; output of the same rank, each pooled size
        ``floor((size + 2 * padding - kernel_size) / stride + 1)``.

    Example::

        >>> pool = torch.nn.AvgPool3d(2)
        >>> pool(torch.arange(64.0).reshape(1, 1, 4, 4, 4)).shape
        torch.Size([1, 1, 2, 2, 2])
    """
    _function = F.avg_pool3d


class _AdaptivePool(Module):
    """Pools to a fixed ``output_size`` whatever the input size."""

    def __init__(self, output_size):
        super().__init__()
        self.output_size = output_size

    def extra_repr(self):
        return f"output_size={self.output_size}"


class AdaptiveAvgPool1d(_AdaptivePool):
    """Takes the mean over windows of the last dim sized so that the output
    has size ``output_size``, whatever the input size.

    Args:
        output_size (int): the output size.

    Shape:
        input ``(N, C, L)`` or ``(C, L)``; output with those dims of size ``output_size``.

    Example::

        >>> pool = torch.nn.AdaptiveAvgPool1d(1)
        >>> pool(torch.arange(8.0).reshape(1, 1, 8))
        tensor([[[3.5000]]])
    """

    def forward(self, input):
        return F.adaptive_avg_pool1d(input, self.output_size)


class AdaptiveAvgPool2d(_AdaptivePool):
    """Takes the mean over windows of the last two dims sized so that the output
    has size ``output_size``, whatever the input size.

    Args:
        output_size (int, tuple): the output size; a None entry keeps that input size.

    Shape:
        input ``(N, C, H, W)`` or ``(C, H, W)``; output with those dims of size ``output_size``.

    Example::

        >>> pool = torch.nn.AdaptiveAvgPool2d((1, 2))
        >>> pool(torch.arange(16.0).reshape(1, 1, 4, 4))
        tensor([[[[6.5000, 8.5000]]]])
    """

    def forward(self, input):
        return F.adaptive_avg_pool2d(input, self.output_size)


class AdaptiveAvgPool3d(_AdaptivePool):
    """Takes the mean over windows of the last three dims sized so that the output
    has size ``output_size``, whatever the input size.

    Args:
        output_size (int, tuple): the output size; a None entry keeps that input size.

    Shape:
        input ``(N, C, D, H, W)`` or ``(C, D, H, W)``; output with those dims of size ``output_size``.

    Example::

        >>> pool = torch.nn.AdaptiveAvgPool3d(1)
        >>> pool(torch.arange(64.0).reshape(1, 1, 4, 4, 4))
        tensor([[[[[31.5000]]]]])
    """

    def forward(self, input):
        return F.adaptive_avg_pool3d(input, self.output_size)


class _AdaptiveMaxPool(_AdaptivePool):
    def __init__(self, output_size, return_indices=False):
        super().__init__(output_size)
        self.return_indices = return_indices


class AdaptiveMaxPool1d(_AdaptiveMaxPool):
    """Takes the maximum over windows of the last dim sized so that the output
    has size ``output_size``.

    Args:
        output_size (int): the output size.
        return_indices (bool): also return the flat positions of the maxima. Default: ``False``.

    Shape:
        input ``(N, C, L)`` or ``(C, L)``; output with those dims of size ``output_size``.

    Example::

        >>> pool = torch.nn.AdaptiveMaxPool1d(2)
        >>> pool(torch.arange(8.0).reshape(1, 1, 8))
        tensor([[[3., 7.]]])
    """

    def forward(self, input):
        return F.adaptive_max_pool1d(input, self.output_size, self.return_indices)


class AdaptiveMaxPool2d(_AdaptiveMaxPool):
    """Takes the maximum over windows of the last two dims sized so that the output
    has size ``output_size``.

    Args:
        output_size (int, tuple): the output size; a None entry keeps that input size.
        return_indices (bool): also return the flat positions of the maxima. Default: ``False``.

    Shape:
        input ``(N, C, H, W)`` or ``(C, H, W)``; output with those dims of size ``output_size``.

    Example::

        >>> pool = torch.nn.AdaptiveMaxPool2d(2)
        >>> pool(torch.arange(16.0).reshape(1, 1, 4, 4))
        tensor([[[[ 5.,  7.],
                  [13., 15.]]]])
    """

    def forward(self, input):
        return F.adaptive_max_pool2d(input, self.output_size, self.return_indices)


class AdaptiveMaxPool3d(_AdaptiveMaxPool):
    """Takes the maximum over windows of the last three dims sized so that the output
    has size ``output_size``.

    Args:
        output_size (int, tuple): the output size; a None entry keeps that input size.
        return_indices (bool): also return the flat positions of the maxima. Default: ``False``.

    Shape:
        input ``(N, C, D, H, W)`` or ``(C, D, H, W)``; output with those dims of size ``output_size``.

    Example::

        >>> pool = torch.nn.AdaptiveMaxPool3d(2)
        >>> pool(torch.arange(64.0).reshape(1, 1, 4, 4, 4)).shape
        torch.Size([1, 1, 2, 2, 2])
    """

    def forward(self, input):
        return F.adaptive_max_pool3d(input, self.output_size, self.return_indices)


class _LPPoolNd(Module):
    """The ``norm_type``-norm over (kernel_size) windows; ``stride`` defaults to ``kernel_size``."""
    _function = None

    def __init__(self, norm_type, kernel_size, stride=None, ceil_mode=False):
        super().__init__()
        self.norm_type = norm_type
        self.kernel_size = kernel_size
        self.stride = stride
        self.ceil_mode = ceil_mode

    def forward(self, input):
        return type(self)._function(input, float(self.norm_type), self.kernel_size, self.stride, self.ceil_mode)

    def extra_repr(self):
        return (f"norm_type={self.norm_type}, kernel_size={self.kernel_size}, stride={self.stride}, "
                f"ceil_mode={self.ceil_mode}")


class LPPool1d(_LPPoolNd):
    """Takes the ``p``-norm ``(sum x^p)^(1/p)`` of sliding windows of the last dim, ``p = norm_type``.

    ``p = 1`` gives the window sum; large ``p`` tends to max pooling.

    Args:
        norm_type (float): the exponent ``p``.
        kernel_size (int or tuple): the window size.
        stride (int or tuple, optional): step between windows. Default: ``kernel_size``.
        ceil_mode (bool): round the output size up rather than down. Default: ``False``.

    Shape:
        input ``(N, C, L)`` or ``(C, L)``; output of the same rank, each pooled size
        ``floor((size - kernel_size) / stride + 1)``.

    Example::

        >>> pool = torch.nn.LPPool1d(2, 2)
        >>> pool(torch.arange(8.0).reshape(1, 1, 8))
        tensor([[[1.0000, 3.6056, 6.4031, 9.2195]]])
    """
    _function = F.lp_pool1d


class LPPool2d(_LPPoolNd):
    """Takes the ``p``-norm ``(sum x^p)^(1/p)`` of sliding windows of the last two dims, ``p = norm_type``.

    ``p = 1`` gives the window sum; large ``p`` tends to max pooling.

    Args:
        norm_type (float): the exponent ``p``.
        kernel_size (int or tuple): the window size.
        stride (int or tuple, optional): step between windows. Default: ``kernel_size``.
        ceil_mode (bool): round the output size up rather than down. Default: ``False``.

    Shape:
        input ``(N, C, H, W)`` or ``(C, H, W)``; output of the same rank, each pooled size
        ``floor((size - kernel_size) / stride + 1)``.

    Example::

        >>> pool = torch.nn.LPPool2d(2, 2)
        >>> pool(torch.arange(16.0).reshape(1, 1, 4, 4))
        tensor([[[[ 6.4807,  9.8995],
                  [21.4009, 25.3377]]]])
    """
    _function = F.lp_pool2d


class LPPool3d(_LPPoolNd):
    """Takes the ``p``-norm ``(sum x^p)^(1/p)`` of sliding windows of the last three dims, ``p = norm_type``.

    ``p = 1`` gives the window sum; large ``p`` tends to max pooling.

    Args:
        norm_type (float): the exponent ``p``.
        kernel_size (int or tuple): the window size.
        stride (int or tuple, optional): step between windows. Default: ``kernel_size``.
        ceil_mode (bool): round the output size up rather than down. Default: ``False``.

    Shape:
        input ``(N, C, D, H, W)`` or ``(C, D, H, W)``; output of the same rank, each pooled size
        ``floor((size - kernel_size) / stride + 1)``.

    Example::

        >>> pool = torch.nn.LPPool3d(2, 2)
        >>> pool(torch.arange(64.0).reshape(1, 1, 4, 4, 4)).shape
        torch.Size([1, 1, 2, 2, 2])
    """
    _function = F.lp_pool3d


class _MaxUnpoolNd(Module):
    """The inverse of a max pooling: ``forward(input, indices, output_size=None)``."""
    _dims = 0
    _function = None

    def __init__(self, kernel_size, stride=None, padding=0):
        super().__init__()
        dims = self._dims
        self.kernel_size = tuple(kernel_size) if isinstance(kernel_size, (tuple, list)) else (kernel_size,) * dims
        stride = kernel_size if stride is None else stride
        self.stride = tuple(stride) if isinstance(stride, (tuple, list)) else (stride,) * dims
        self.padding = tuple(padding) if isinstance(padding, (tuple, list)) else (padding,) * dims

    def forward(self, input, indices, output_size=None):
        """Scatters ``input`` to the positions ``indices`` of an output of zeros.

        Args:
            input (Tensor): the pooled values.
            indices (Tensor): the positions the max pooling returned.
            output_size (sequence of int, optional): the wanted output size.
        """
        return type(self)._function(input, indices, self.kernel_size, self.stride, self.padding, output_size)

    def extra_repr(self):
        return f"kernel_size={self.kernel_size}, stride={self.stride}, padding={self.padding}"


class MaxUnpool1d(_MaxUnpoolNd):
    """Inverts ``MaxPool1d`` partially: puts each value at the position its index gives, zeros elsewhere.

    Args:
        kernel_size (int or tuple): the window size of the pooling.
        stride (int or tuple, optional): its stride. Default: ``kernel_size``.
        padding (int or tuple): its padding. Default: ``0``.

    Shape:
        ``forward(input, indices, output_size=None)``: ``input`` and ``indices`` as ``MaxPool1d``
        returned them (``(N, C, L)`` or ``(C, L)``); the output has each pooled size
        ``(size - 1) * stride - 2 * padding + kernel_size``, or ``output_size``.

    Example::

        >>> pool = torch.nn.MaxPool1d(2, return_indices=True)
        >>> unpool = torch.nn.MaxUnpool1d(2)
        >>> values, indices = pool(torch.arange(8.0).reshape(1, 1, 8))
        >>> unpool(values, indices)
        tensor([[[0., 1., 0., 3., 0., 5., 0., 7.]]])
    """
    _dims, _function = 1, F.max_unpool1d


class MaxUnpool2d(_MaxUnpoolNd):
    """Inverts ``MaxPool2d`` partially: puts each value at the position its index gives, zeros elsewhere.

    Args:
        kernel_size (int or tuple): the window size of the pooling.
        stride (int or tuple, optional): its stride. Default: ``kernel_size``.
        padding (int or tuple): its padding. Default: ``0``.

    Shape:
        ``forward(input, indices, output_size=None)``: ``input`` and ``indices`` as ``MaxPool2d``
        returned them (``(N, C, H, W)`` or ``(C, H, W)``); the output has each pooled size
        ``(size - 1) * stride - 2 * padding + kernel_size``, or ``output_size``.

    Example::

        >>> pool = torch.nn.MaxPool2d(2, return_indices=True)
        >>> unpool = torch.nn.MaxUnpool2d(2)
        >>> values, indices = pool(torch.arange(16.0).reshape(1, 1, 4, 4))
        >>> unpool(values, indices).shape
        torch.Size([1, 1, 4, 4])
    """
    _dims, _function = 2, F.max_unpool2d


class MaxUnpool3d(_MaxUnpoolNd):
    """Inverts ``MaxPool3d`` partially: puts each value at the position its index gives, zeros elsewhere.

    Args:
        kernel_size (int or tuple): the window size of the pooling.
        stride (int or tuple, optional): its stride. Default: ``kernel_size``.
        padding (int or tuple): its padding. Default: ``0``.

    Shape:
        ``forward(input, indices, output_size=None)``: ``input`` and ``indices`` as ``MaxPool3d``
        returned them (``(N, C, D, H, W)`` or ``(C, D, H, W)``); the output has each pooled size
        ``(size - 1) * stride - 2 * padding + kernel_size``, or ``output_size``.

    Example::

        >>> pool = torch.nn.MaxPool3d(2, return_indices=True)
        >>> unpool = torch.nn.MaxUnpool3d(2)
        >>> values, indices = pool(torch.arange(64.0).reshape(1, 1, 4, 4, 4))
        >>> unpool(values, indices).shape
        torch.Size([1, 1, 4, 4, 4])
    """
    _dims, _function = 3, F.max_unpool3d
