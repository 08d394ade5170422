"""Convolution layers: Conv1d, Conv2d, Conv3d, ConvTranspose1d, ConvTranspose2d, ConvTranspose3d."""
import math

from ... import _creation
from .. import functional as F
from .. import init
from ..parameter import Parameter
from .module import Module

__all__ = ["Conv1d", "Conv2d", "Conv3d", "ConvTranspose1d", "ConvTranspose2d", "ConvTranspose3d"]

_PADDING_MODES = ("zeros", "reflect", "replicate", "circular")


def _ntuple(value, n):
    """``value`` as an n-tuple: a sequence (a string too, as PyTorch's helper takes it) as given, else n copies."""
    if isinstance(value, (tuple, list, str)):
        return tuple(value)
    return (value,) * n


class _ConvNd(Module):
    """What the convolution layers share: the checked hyper-parameters, the
    parameters with PyTorch's initialisation (weight kaiming_uniform_(a=sqrt(5)),
    bias U(-1/sqrt(fan_in), 1/sqrt(fan_in))) and the repr."""

    def __init__(self, dims, in_channels, out_channels, kernel_size, stride, padding, dilation, transposed,
                 output_padding, groups, bias, padding_mode, device, dtype):
        super().__init__()
        if groups <= 0:
            raise ValueError("groups must be a positive integer")
        if in_channels % groups != 0:
            raise ValueError("in_channels must be divisible by groups")
        if out_channels % groups != 0:
            raise ValueError("out_channels must be divisible by groups")
        kernel_size, stride, dilation = (_ntuple(v, dims) for v in (kernel_size, stride, dilation))
        if isinstance(padding, str) and not transposed:
            if padding not in ("same", "valid"):
                raise ValueError(f"Invalid padding string {padding!r}, should be one of {{'valid', 'same'}}")
            if padding == "same" and any(s != 1 for s in stride):
                raise ValueError("padding='same' is not supported for strided convolutions")
        else:
            padding = _ntuple(padding, dims)
        if padding_mode not in _PADDING_MODES:
            raise ValueError(f"padding_mode must be one of {list(_PADDING_MODES)}, but got "
                             f"padding_mode='{padding_mode}'")
        self.in_channels = in_channels
        self.out_channels = out_channels
        self.kernel_size = kernel_size
        self.stride = stride
        self.padding = padding
        self.dilation = dilation
        self.transposed = transposed
        self.output_padding = _ntuple(output_padding, dims)
        self.groups = groups
        self.padding_mode = padding_mode
        self._reversed_padding_repeated_twice = self._padding_for_mode()
        shape = (in_channels, out_channels // groups) if transposed else (out_channels, in_channels // groups)
        factory = {"device": device, "dtype": dtype}
        self.weight = Parameter(_creation.empty(shape + kernel_size, **factory))
        if bias:
            self.bias = Parameter(_creation.empty(out_channels, **factory))
        else:
            self.register_parameter("bias", None)
        self.reset_parameters()

    def _padding_for_mode(self):
        """The F.pad amounts (innermost dim first) a non-zeros padding_mode pads with."""
        pads = []
        for k, d, p in zip(reversed(self.kernel_size), reversed(self.dilation),
                           reversed(self.padding) if not isinstance(self.padding, str) else self.kernel_size):
            if isinstance(self.padding, str):
                total = d * (k - 1) if self.padding == "same" else 0
                pads += [total // 2, total - total // 2]
            else:
                pads += [p, p]
        return pads if isinstance(self.padding, str) else tuple(pads)   # PyTorch's types

    def reset_parameters(self):
        """Re-draws the weight and bias with the default (Kaiming-uniform) initialisation."""
        init.kaiming_uniform_(self.weight, a=math.sqrt(5))
        if self.bias is not None:
            fan_in, _ = init._calculate_fan_in_and_fan_out(self.weight)
            if fan_in != 0:
                bound = 1 / math.sqrt(fan_in)
                init.uniform_(self.bias, -bound, bound)

    def extra_repr(self):
        s = f"{self.in_channels}, {self.out_channels}, kernel_size={self.kernel_size}, stride={self.stride}"
        if self.padding != (0,) * len(self.padding):
            s += f", padding={self.padding}"
        if self.dilation != (1,) * len(self.dilation):
            s += f", dilation={self.dilation}"
        if self.output_padding != (0,) * len(self.output_padding):
            s += f", output_padding={self.output_padding}"
        if self.groups != 1:
            s += f", groups={self.groups}"
        if self.bias is None:
            s += ", bias=False"
        if self.padding_mode != "zeros":
            s += f", padding_mode={self.padding_mode}"
        return s


class _Conv(_ConvNd):
    """A convolution layer over ``_dims`` spatial dims, through ``_function``."""
    _dims = 0
    _function = None

    def __init__(self, in_channels, out_channels, kernel_size, stride=1, padding=0, dilation=1, groups=1,
                 bias=True, padding_mode="zeros", device=None, dtype=None):
        super().__init__(self._dims, in_channels, out_channels, kernel_size, stride, padding, dilation, False, 0,
                         groups, bias, padding_mode, device, dtype)

    def _conv_forward(self, input, weight, bias):
        conv = type(self)._function
        if self.padding_mode != "zeros":
            return conv(F.pad(input, self._reversed_padding_repeated_twice, mode=self.padding_mode), weight, bias,
                        self.stride, 0, self.dilation, self.groups)
        return conv(input, weight, bias, self.stride, self.padding, self.dilation, self.groups)

    def forward(self, input):
        return self._conv_forward(input, self.weight, self.bias)


class Conv1d(_Conv):
    """Applies a 1-D convolution (a cross-correlation) over an input of 1 spatial dim.

    Args:
        in_channels (int): channels of the input.
        out_channels (int): channels of the output (the number of filters).
        kernel_size (int or tuple): size of the filter.
        stride (int or tuple): step between windows. Default: ``1``.
        padding (int, tuple or str): zeros (or ``padding_mode`` values) added on both sides, or ``'valid'``
            (none) or ``'same'`` (output as large as the input, stride 1). Default: ``0``.
        dilation (int or tuple): spacing between filter taps. Default: ``1``.
        groups (int): split the channels into this many independent groups; both channel counts
            must divide by it. Default: ``1``.
        bias (bool): whether to learn a bias per output channel. Default: ``True``.
        padding_mode (str): ``'zeros'``, ``'reflect'``, ``'replicate'`` or ``'circular'``. Default: ``'zeros'``.
        device, dtype: where and in what dtype to create the parameters.

    Attributes:
        weight (Parameter): shape ``(out_channels, in_channels // groups, k)``.
        bias (Parameter or None): shape ``(out_channels,)``.

    Weight and bias are drawn with Kaiming-uniform bounds ``1/sqrt(fan_in)``.

    Shape:
        input ``(N, C_in, L)`` or ``(C_in, L)``; output with ``C_out`` channels and each spatial size
        ``floor((size + 2 * padding - dilation * (kernel_size - 1) - 1) / stride + 1)``.

    Example::

        >>> _ = torch.manual_seed(0)
        >>> conv = torch.nn.Conv1d(2, 4, kernel_size=3, padding=1)
        >>> conv(torch.randn(1, 2, 10)).shape
        torch.Size([1, 4, 10])
    """
    _dims = 1
    _function = F.conv1d


class Conv2d(_Conv):
    """Applies a 2-D convolution (a cross-correlation) over an input of 2 spatial dims.

    Args:
        in_channels (int): channels of the input.
        out_channels (int): channels of the output (the number of filters).
        kernel_size (int or tuple): size of the filter.
        stride (int or tuple): step between windows. Default: ``1``.
        padding (int, tuple or str): zeros (or ``padding_mode`` values) added on both sides, or ``'valid'``
            (none) or ``'same'`` (output as large as the input, stride 1). Default: ``0``.
        dilation (int or tuple): spacing between filter taps. Default: ``1``.
        groups (int): split the channels into this many independent groups; both channel counts
            must divide by it. Default: ``1``.
        bias (bool): whether to learn a bias per output channel. Default: ``True``.
        padding_mode (str): ``'zeros'``, ``'reflect'``, ``'replicate'`` or ``'circular'``. Default: ``'zeros'``.
        device, dtype: where and in what dtype to create the parameters.

    Attributes:
        weight (Parameter): shape ``(out_channels, in_channels // groups, kh, kw)``.
        bias (Parameter or None): shape ``(out_channels,)``.

    Weight and bias are drawn with Kaiming-uniform bounds ``1/sqrt(fan_in)``.

    Shape:
        input ``(N, C_in, H, W)`` or ``(C_in, H, W)``; output with ``C_out`` channels and each spatial size
        ``floor((size + 2 * padding - dilation * (kernel_size - 1) - 1) / stride + 1)``.

    Example::

        >>> _ = torch.manual_seed(0)
        >>> conv = torch.nn.Conv2d(2, 4, kernel_size=3, padding=1)
        >>> conv(torch.randn(1, 2, 8, 8)).shape
        torch.Size([1, 4, 8, 8])
        >>> torch.nn.Conv2d(2, 4, 3, stride=2)(torch.randn(1, 2, 8, 8)).shape
        torch.Size([1, 4, 3, 3])
    """
    _dims = 2
    _function = F.conv2d


class Conv3d(_Conv):
    """Applies a 3-D convolution (a cross-correlation) over an input of 3 spatial dims.

    Args:
        in_channels (int): channels of the input.
        out_channels (int): channels of the output (the number of filters).
        kernel_size (int or tuple): size of the filter.
        stride (int or tuple): step between windows. Default: ``1``.
        padding (int, tuple or str): zeros (or ``padding_mode`` values) added on both sides, or ``'valid'``
            (none) or ``'same'`` (output as large as the input, stride 1). Default: ``0``.
        dilation (int or tuple): spacing between filter taps. Default: ``1``.
        groups (int): split the channels into this many independent groups; both channel counts
            must divide by it. Default: ``1``.
        bias (bool): whether to learn a bias per output channel. Default: ``True``.
        padding_mode (str): ``'zeros'``, ``'reflect'``, ``'replicate'`` or ``'circular'``. Default: ``'zeros'``.
        device, dtype: where and in what dtype to create the parameters.

    Attributes:
        weight (Parameter): shape ``(out_channels, in_channels // groups, kd, kh, kw)``.
        bias (Parameter or None): shape ``(out_channels,)``.

    Weight and bias are drawn with Kaiming-uniform bounds ``1/sqrt(fan_in)``.

    Shape:
        input ``(N, C_in, D, H, W)`` or ``(C_in, D, H, W)``; output with ``C_out`` channels and each spatial size
        ``floor((size + 2 * padding - dilation * (kernel_size - 1) - 1) / stride + 1)``.

    Example::

        >>> _ = torch.manual_seed(0)
        >>> conv = torch.nn.Conv3d(2, 4, kernel_size=3, padding=1)
        >>> conv(torch.randn(1, 2, 4, 8, 8)).shape
        torch.Size([1, 4, 4, 8, 8])
    """
    _dims = 3
    _function = F.conv3d


class _ConvTranspose(_ConvNd):
    """A transposed convolution layer; ``forward(input, output_size=None)`` picks
    the output_padding that gives ``output_size``."""
    _dims = 0
    _function = None

    def __init__(self, in_channels, out_channels, kernel_size, stride=1, padding=0, output_padding=0, groups=1,
                 bias=True, dilation=1, padding_mode="zeros", device=None, dtype=None):
        if padding_mode != "zeros":
            raise ValueError(f'Only "zeros" padding mode is supported for {type(self).__name__}')
        super().__init__(self._dims, in_channels, out_channels, kernel_size, stride, padding, dilation, True,
                         output_padding, groups, bias, padding_mode, device, dtype)

    def _output_padding(self, input, output_size):
        """The output_padding that makes the output ``output_size`` (its spatial
        sizes, or with the batch and channel sizes), with PyTorch's ValueErrors."""
        if output_size is None:
            return self.output_padding
        dims = self._dims
        leading = 2 if input.dim() == dims + 2 else 1
        output_size = tuple(output_size) if not isinstance(output_size, (tuple, list)) else output_size
        if len(output_size) == leading + dims:
            output_size = output_size[leading:]
        if len(output_size) != dims:
            raise ValueError(f"ConvTranspose{dims}D: for {input.dim()}D input, output_size must have {dims} or "
                             f"{leading + dims} elements (got {len(output_size)})")
        smallest = [(input.size(d + leading) - 1) * self.stride[d] - 2 * self.padding[d] +
                    self.dilation[d] * (self.kernel_size[d] - 1) + 1 for d in range(dims)]
        largest = [low + s - 1 for low, s in zip(smallest, self.stride)]
        for size, low, high in zip(output_size, smallest, largest):
            if not low <= size <= high:
                raise ValueError(f"requested an output size of {output_size}, but valid sizes range from {smallest} "
                                 f"to {largest} (for an input of {input.size()[2:]})")
        return tuple(size - low for size, low in zip(output_size, smallest))

    def forward(self, input, output_size=None):
        """Applies the transposed convolution to ``input``.

        Args:
            input (Tensor): batched or unbatched input.
            output_size (sequence of int, optional): the wanted output size (spatial sizes, optionally
                with the batch and channel sizes); it picks the ``output_padding``.
        """
        output_padding = self._output_padding(input, output_size)
        return type(self)._function(input, self.weight, self.bias, self.stride, self.padding, output_padding,
                                    self.groups, self.dilation)


class ConvTranspose1d(_ConvTranspose):
    """Applies a 1-D transposed convolution: the gradient of ``Conv1d`` with respect to its input.

    Often used to upsample: with ``stride`` s the spatial sizes grow about s-fold.

    Args:
        in_channels (int): channels of the input.
        out_channels (int): channels of the output (the number of filters).
        kernel_size (int or tuple): size of the filter.
        stride (int or tuple): step between windows. Default: ``1``.
        padding (int, tuple or str): ``dilation * (kernel_size - 1) - padding`` zeros are added to the
            input on both sides. Default: ``0``.
        output_padding (int or tuple): extra size added to one side of the output, to choose
            among the output sizes a stride allows. Default: ``0``.
        dilation (int or tuple): spacing between filter taps. Default: ``1``.
        groups (int): split the channels into this many independent groups; both channel counts
            must divide by it. Default: ``1``.
        bias (bool): whether to learn a bias per output channel. Default: ``True``.
        padding_mode (str): only ``'zeros'``.
        device, dtype: where and in what dtype to create the parameters.

    Attributes:
        weight (Parameter): shape ``(in_channels, out_channels // groups, k)``.
        bias (Parameter or None): shape ``(out_channels,)``.

    Weight and bias are drawn with Kaiming-uniform bounds ``1/sqrt(fan_in)``.

    Shape:
        input ``(N, C_in, L)`` or ``(C_in, L)``; output with ``C_out`` channels and each spatial size
        ``(size - 1) * stride - 2 * padding + dilation * (kernel_size - 1) + output_padding + 1``.
        ``forward(input, output_size=None)`` may give the wanted output size instead of ``output_padding``.

    Example::

        >>> _ = torch.manual_seed(0)
        >>> up = torch.nn.ConvTranspose1d(4, 2, kernel_size=2, stride=2)
        >>> up(torch.randn(1, 4, 10)).shape
        torch.Size([1, 2, 20])
    """
    _dims = 1
    _function = F.conv_transpose1d


class ConvTranspose2d(_ConvTranspose):
    """Applies a 2-D transposed convolution: the gradient of ``Conv2d`` with respect to its input.

    Often used to upsample: with ``stride`` s the spatial sizes grow about s-fold.

    Args:
        in_channels (int): channels of the input.
        out_channels (int): channels of the output (the number of filters).
        kernel_size (int or tuple): size of the filter.
        stride (int or tuple): step between windows. Default: ``1``.
        padding (int, tuple or str): ``dilation * (kernel_size - 1) - padding`` zeros are added to the
            input on both sides. Default: ``0``.
        output_padding (int or tuple): extra size added to one side of the output, to choose
            among the output sizes a stride allows. Default: ``0``.
        dilation (int or tuple): spacing between filter taps. Default: ``1``.
        groups (int): split the channels into this many independent groups; both channel counts
            must divide by it. Default: ``1``.
        bias (bool): whether to learn a bias per output channel. Default: ``True``.
        padding_mode (str): only ``'zeros'``.
        device, dtype: where and in what dtype to create the parameters.

    Attributes:
        weight (Parameter): shape ``(in_channels, out_channels // groups, kh, kw)``.
        bias (Parameter or None): shape ``(out_channels,)``.

    Weight and bias are drawn with Kaiming-uniform bounds ``1/sqrt(fan_in)``.

    Shape:
        input ``(N, C_in, H, W)`` or ``(C_in, H, W)``; output with ``C_out`` channels and each spatial size
        ``(size - 1) * stride - 2 * padding + dilation * (kernel_size - 1) + output_padding + 1``.
        ``forward(input, output_size=None)`` may give the wanted output size instead of ``output_padding``.

    Example::

        >>> _ = torch.manual_seed(0)
        >>> up = torch.nn.ConvTranspose2d(4, 2, kernel_size=2, stride=2)
        >>> up(torch.randn(1, 4, 8, 8)).shape
        torch.Size([1, 2, 16, 16])
    """
    _dims = 2
    _function = F.conv_transpose2d


class ConvTranspose3d(_ConvTranspose):
    """Applies a 3-D transposed convolution: the gradient of ``Conv3d`` with respect to its input.

    Often used to upsample: with ``stride`` s the spatial sizes grow about s-fold.

    Args:
        in_channels (int): channels of the input.
        out_channels (int): channels of the output (the number of filters).
        kernel_size (int or tuple): size of the filter.
        stride (int or tuple): step between windows. Default: ``1``.
        padding (int, tuple or str): ``dilation * (kernel_size - 1) - padding`` zeros are added to the
            input on both sides. Default: ``0``.
        output_padding (int or tuple): extra size added to one side of the output, to choose
            among the output sizes a stride allows. Default: ``0``.
        dilation (int or tuple): spacing between filter taps. Default: ``1``.
        groups (int): split the channels into this many independent groups; both channel counts
            must divide by it. Default: ``1``.
        bias (bool): whether to learn a bias per output channel. Default: ``True``.
        padding_mode (str): only ``'zeros'``.
        device, dtype: where and in what dtype to create the parameters.

    Attributes:
        weight (Parameter): shape ``(in_channels, out_channels // groups, kd, kh, kw)``.
        bias (Parameter or None): shape ``(out_channels,)``.

    Weight and bias are drawn with Kaiming-uniform bounds ``1/sqrt(fan_in)``.

    Shape:
        input ``(N, C_in, D, H, W)`` or ``(C_in, D, H, W)``; output with ``C_out`` channels and each spatial size
        ``(size - 1) * stride - 2 * padding + dilation * (kernel_size - 1) + output_padding + 1``.
        ``forward(input, output_size=None)`` may give the wanted output size instead of ``output_padding``.

    Example::

        >>> _ = torch.manual_seed(0)
        >>> up = torch.nn.ConvTranspose3d(4, 2, kernel_size=2, stride=2)
        >>> up(torch.randn(1, 4, 4, 8, 8)).shape
        torch.Size([1, 2, 8, 16, 16])
    """
    _dims = 3
    _function = F.conv_transpose3d
