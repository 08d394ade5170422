"""max_unpool1d/2d/3d (MaxUnpool2DBackward0, MaxUnpool3DBackward0): the values of a
max pooling put back at the positions its indices name, zeros elsewhere."""
import math

from ... import _dtype as D
from ..._type_names import not_implemented
from ...autograd.grad_mode import no_grad
from ._common import _record
from ._pooling import _IndicesBackward


def _spatial(value, dims):
    return tuple(value) if isinstance(value, (tuple, list)) else (value,) * dims


def _unpooled_size(input, kernel, stride, padding, output_size):
    """The output's spatial size: the pooling's input size by default, else
    ``output_size`` (its spatial sizes, or with the batch and channel sizes), which
    must lie strictly within a stride of the default."""
    dims = len(kernel)
    default = [(input.shape[input.dim() - dims + d] - 1) * stride[d] + kernel[d] - 2 * padding[d]
               for d in range(dims)]
    if output_size is None:
        return tuple(default)
    if len(output_size) == dims + 2:
        output_size = output_size[2:]
    if len(output_size) != dims:
        raise ValueError(f"output_size should be a sequence containing {dims} or {dims + 2} elements, but it has a "
                         f"length of '{len(output_size)}'")
    for d in range(dims):
        low, high = default[d] - stride[d], default[d] + stride[d]
        if not low < output_size[d] < high:
            raise ValueError(f'invalid output_size "{output_size}" (dim {d} must be between {low} and {high})')
    return tuple(output_size)


class MaxUnpool2DBackward0(_IndicesBackward):
    """max_unpool2d: each value's gradient read back from its position."""
    __slots__ = ()

    def apply(self, grads):
        indices, = self._unpack()
        return (self._flat(grads[0]).gather(-1, self._flat(indices)).view(self.shape),)


class MaxUnpool3DBackward0(MaxUnpool2DBackward0):
    """max_unpool3d: each value's gradient read back from its position."""
    __slots__ = ()
    spatial = 3


def _max_unpool(input, indices, kernel_size, stride, padding, output_size, dims):
    """Scatters ``input``'s values to their flat positions ``indices`` in zeros of the unpooled size."""
    kernel = _spatial(kernel_size, dims)
    stride = kernel if stride is None else _spatial(stride, dims)
    size = _unpooled_size(input, kernel, stride, _spatial(padding, dims), output_size)
    function = f"max_unpooling{dims}d"
    if indices.dtype is not D.int64:
        raise RuntimeError(f"elements in indices should be type int64 but got: {indices.dtype.short_name}")
    if input.dim() not in (dims + 1, dims + 2):
        raise RuntimeError(f"Input to {function} should be a {dims + 1}d or {dims + 2}d Tensor, but got a tensor with "
                           f"{input.dim()} dimensions.")
    if tuple(indices.shape) != tuple(input.shape):
        raise RuntimeError(f"Expected shape of indices to be same as that of the input tensor ({list(input.shape)}) "
                           f"but got indices tensor with shape: {list(indices.shape)}")
    if not input.is_floating_point():
        raise not_implemented(f"max_unpool{dims}d", input.dtype)
    cells = math.prod(size)
    if indices.numel():
        low, high = int(indices.min().item()), int(indices.max().item())
        if low < 0 or high >= cells:
            raise RuntimeError(f"Found an invalid max index: {high if high >= cells else low} (output volumes are "
                               f"of size {'x'.join(map(str, size))})")
    lead = tuple(input.shape[:-dims])
    with no_grad():
        flat = input.new_zeros(lead + (cells,))
        values = input.detach().reshape(lead + (math.prod(input.shape[-dims:]),))
        out = flat.scatter(-1, indices.reshape(tuple(values.shape)), values).view(lead + size)
    return _record(MaxUnpool2DBackward0 if dims == 2 else MaxUnpool3DBackward0, out, (input,), indices=indices)


def max_unpool1d(input, indices, kernel_size, stride=None, padding=0, output_size=None):
    """Inverts ``max_pool1d`` partially: puts ``input``'s values at the positions ``indices`` and zeros elsewhere.

    Args:
        input (Tensor): the pooled values.
        indices (Tensor): the positions ``max_pool1d(..., return_indices=True)`` returned.
        kernel_size (int or tuple): the pooling window.
        stride (int or tuple, optional): the pooling stride. Default: ``kernel_size``.
        padding (int or tuple): the pooling padding. Default: ``0``.
        output_size (sequence of int, optional): the wanted output size.

    Returns:
        Tensor: each pooled size ``(size - 1) * stride - 2 * padding + kernel_size``, or ``output_size``.
    """
    kernel, stride = _spatial(kernel_size, 1), None if stride is None else _spatial(stride, 1)
    size = _unpooled_size(input, kernel, kernel if stride is None else stride, _spatial(padding, 1), output_size)
    return _max_unpool(input.unsqueeze(-1), indices.unsqueeze(-1), kernel + (1,),
                       (kernel if stride is None else stride) + (1,), _spatial(padding, 1) + (0,),
                       tuple(size) + (1,), 2).squeeze(-1)


def max_unpool2d(input, indices, kernel_size, stride=None, padding=0, output_size=None):
    """Inverts ``max_pool2d`` partially: puts ``input``'s values at the positions ``indices`` and zeros elsewhere.

    Args:
        input (Tensor): the pooled values.
        indices (Tensor): the positions ``max_pool2d(..., return_indices=True)`` returned.
        kernel_size (int or tuple): the pooling window.
        stride (int or tuple, optional): the pooling stride. Default: ``kernel_size``.
        padding (int or tuple): the pooling padding. Default: ``0``.
        output_size (sequence of int, optional): the wanted output size.

    Returns:
        Tensor: each pooled size ``(size - 1) * stride - 2 * padding + kernel_size``, or ``output_size``.
    """
    return _max_unpool(input, indices, kernel_size, stride, padding, output_size, 2)


def max_unpool3d(input, indices, kernel_size, stride=None, padding=0, output_size=None):
    """Inverts ``max_pool3d`` partially: puts ``input``'s values at the positions ``indices`` and zeros elsewhere.

    Args:
        input (Tensor): the pooled values.
        indices (Tensor): the positions ``max_pool3d(..., return_indices=True)`` returned.
        kernel_size (int or tuple): the pooling window.
        stride (int or tuple, optional): the pooling stride. Default: ``kernel_size``.
        padding (int or tuple): the pooling padding. Default: ``0``.
        output_size (sequence of int, optional): the wanted output size.

    Returns:
        Tensor: each pooled size ``(size - 1) * stride - 2 * padding + kernel_size``, or ``output_size``.
    """
    return _max_unpool(input, indices, kernel_size, stride, padding, output_size, 3)
