"""conv_transpose1d / 2d / 3d: the adjoint of a convolution, recorded
as ConvolutionBackward0 like PyTorch's (its backward is ``_conv``'s columns)."""
from ..._scalar_conversion import unpack_int64
from ...autograd.grad_mode import no_grad
from ._common import _record, _scalar_name
from ._conv import (ConvolutionBackward0, _as_2d, _check_input_dims, _conv_geometry, _group_mm, _group_rows,
                    _group_weight, _spatial_list, _ungroup_columns, _unwindows)


def _check_transposed_window(kernel, stride, dilation, output_padding, weight):
    """PyTorch's checks of a transposed window, worded per depth, height and width
    (a 1-D window is a 2-D one of height 1)."""
    kernel, stride, dilation, output_padding = (_as_2d(v, fill) for v, fill in
                                                ((kernel, 1), (stride, 1), (dilation, 1), (output_padding, 0)))
    labels = ("depth", "height", "width")[-len(kernel):]
    if min(kernel) <= 0:
        if len(kernel) == 3:
            raise RuntimeError("non-empty 5D (n_output_plane x n_input_plane x kernel_depth x kernel_height x "
                               f"kernel_width) tensor expected for weight, but got: {list(weight.shape)}")
        raise RuntimeError(f"kernel size should be greater than zero, but got kernel_height: {kernel[0]} "
                           f"kernel_width: {kernel[1]}")
    if min(dilation) <= 0:
        raise RuntimeError("dilation should be greater than zero, but got " +
                           ", ".join(f"dilation_{label}: {d}" for label, d in zip(labels, dilation)))
    if any(op >= st and op >= d for op, st, d in zip(output_padding, stride, dilation)):
        given = " ".join(f"{name}_{label}: {v}" for name, values in (("output_padding", output_padding),
                                                                      ("stride", stride), ("dilation", dilation))
                         for label, v in zip(labels, values))
        raise RuntimeError(f"output padding must be smaller than either stride or dilation, but got {given}")


def _transposed_output_size(in_size, kernel, stride, padding, dilation, output_padding):
    out = tuple((i - 1) * s - 2 * p + d * (k - 1) + op + 1
                for i, k, s, p, d, op in zip(in_size, kernel, stride, padding, dilation, output_padding))
    if any(o < 1 for o in out):
        given, calculated = (" x ".join(map(str, _as_2d(v, 1))) for v in (in_size, out))
        raise RuntimeError(f"Given input size per channel: ({given}). Calculated output size per channel: "
                           f"({calculated}). Output size is too small")
    return out


def _conv_transpose(function, dims, input, weight, bias, stride, padding, output_padding, groups, dilation):
    """The transposed convolution of ``dims`` spatial dims: the batched product
    of the weight with the input gives columns that col2im sums into the output."""
    stride, padding, output_padding, dilation = (_spatial_list(v, function, name, dims) for v, name in (
        (stride, "stride"), (padding, "padding"), (output_padding, "output_padding"), (dilation, "dilation")))
    groups = unpack_int64(groups)
    if bias is not None and bias.dtype is not input.dtype:
        raise RuntimeError(f"Input type ({input.type()}) and bias type ({bias.type()}) should be the "
                           "same or input should be a MKLDNN tensor and bias is a dense tensor")
    _check_input_dims(input, dims, function)
    if input.dim() == dims + 1:
        return _conv_transpose(function, dims, input.unsqueeze(0), weight, bias, stride, padding, output_padding,
                               groups, dilation).squeeze(0)
    stride, padding, dilation, output_padding = _conv_geometry(input, weight, bias, stride, padding, dilation, groups,
                                                               output_padding=output_padding)
    kernel = tuple(weight.shape[2:])
    _check_transposed_window(kernel, stride, dilation, output_padding, weight)
    in_size = tuple(input.shape[2:])
    out_size = _transposed_output_size(in_size, kernel, stride, padding, dilation, output_padding)
    if weight.dtype is not input.dtype:
        raise RuntimeError(f"expected scalar type {_scalar_name(input.dtype)} but found {_scalar_name(weight.dtype)}")
    n = input.shape[0]
    o = weight.shape[1] * groups
    pads = tuple(p for p in padding for _ in range(2))
    with no_grad():
        cols = _group_mm(_group_weight(weight.detach(), groups).transpose(1, 2), _group_rows(input.detach(), groups))
        out = _unwindows(_ungroup_columns(cols, n, o, kernel, in_size), stride, dilation, pads, out_size)
        if bias is not None:
            out = out + bias.detach().view((1, o) + (1,) * dims)
        out = out.contiguous()
    geom = (kernel, stride, dilation, pads, in_size, groups, True)
    return _record(ConvolutionBackward0, out, (input, weight, bias), geom=geom, columns=None)


def conv_transpose1d(input, weight, bias=None, stride=1, padding=0, output_padding=0, groups=1, dilation=1):
    """Applies a 1-D transposed convolution, the gradient of ``conv1d`` with respect to its input.

    Args:
        input (Tensor): ``(N, C_in, L)`` or ``(C_in, L)``.
        weight (Tensor): ``(C_in, C_out / groups, k)``.
        bias (Tensor, optional): ``(C_out,)``.
        stride (int or tuple): the stride of the convolution this inverts. Default: ``1``.
        padding (int or tuple): the padding of that convolution. Default: ``0``.
        output_padding (int or tuple): extra size on one side of the output. Default: ``0``.
        groups (int): independent channel groups. Default: ``1``.
        dilation (int or tuple): spacing between filter taps. Default: ``1``.

    Returns:
        Tensor: ``C_out`` channels; each spatial size
        ``(size - 1) * stride - 2 * padding + dilation * (k - 1) + output_padding + 1``.
    """
    return _conv_transpose("conv_transpose1d", 1, input, weight, bias, stride, padding, output_padding, groups,
                           dilation)


def conv_transpose2d(input, weight, bias=None, stride=1, padding=0, output_padding=0, groups=1, dilation=1):
    """Applies a 2-D transposed convolution, the gradient of ``conv2d`` with respect to its input.

    Args:
        input (Tensor): ``(N, C_in, H, W)`` or ``(C_in, H, W)``.
        weight (Tensor): ``(C_in, C_out / groups, kh, kw)``.
        bias (Tensor, optional): ``(C_out,)``.
        stride (int or tuple): the stride of the convolution this inverts. Default: ``1``.
        padding (int or tuple): the padding of that convolution. Default: ``0``.
        output_padding (int or tuple): extra size on one side of the output. Default: ``0``.
        groups (int): independent channel groups. Default: ``1``.
        dilation (int or tuple): spacing between filter taps. Default: ``1``.

    Returns:
        Tensor: ``C_out`` channels; each spatial size
        ``(size - 1) * stride - 2 * padding + dilation * (k - 1) + output_padding + 1``.
    """
    return _conv_transpose("conv_transpose2d", 2, input, weight, bias, stride, padding, output_padding, groups,
                           dilation)


def conv_transpose3d(input, weight, bias=None, stride=1, padding=0, output_padding=0, groups=1, dilation=1):
    """Applies a 3-D transposed convolution, the gradient of ``conv3d`` with respect to its input.

    Args:
        input (Tensor): ``(N, C_in, D, H, W)`` or ``(C_in, D, H, W)``.
        weight (Tensor): ``(C_in, C_out / groups, kd, kh, kw)``.
        bias (Tensor, optional): ``(C_out,)``.
        stride (int or tuple): the stride of the convolution this inverts. Default: ``1``.
        padding (int or tuple): the padding of that convolution. Default: ``0``.
        output_padding (int or tuple): extra size on one side of the output. Default: ``0``.
        groups (int): independent channel groups. Default: ``1``.
        dilation (int or tuple): spacing between filter taps. Default: ``1``.

    Returns:
        Tensor: ``C_out`` channels; each spatial size
        ``(size - 1) * stride - 2 * padding + dilation * (k - 1) + output_padding + 1``.
    """
    return _conv_transpose("conv_transpose3d", 3, input, weight, bias, stride, padding, output_padding, groups,
                           dilation)
