"""unfold (im2col, Im2ColBackward0) and fold (col2im, Col2ImBackward0): the
sliding blocks of a batch of images as columns, and the columns summed back."""
from ..._scalar_conversion import trunc_div
from ..._type_names import not_implemented
from ...autograd.grad_mode import no_grad
from ...autograd.graph import SavingNode
from ._common import _int_list, _record
from ._conv import _padded_windows, _unwindows

_FLOATING = ("float16", "float32", "float64")


def _pairs(function, values):
    """(name, value, position) arguments as int pairs, after PyTorch's length checks."""
    pairs = []
    for name, value, position in values:
        value = _int_list(value if isinstance(value, (tuple, list)) else (value, value), function, name, position)
        if len(value) != 2:
            raise RuntimeError(f"It is expected {name} equals to 2, but got size {len(value)}")
        pairs.append(value)
    return pairs


def _check_window(kernel, dilation, padding, stride, order):
    """The window's parameters, checked in ``order`` (unfold and fold differ)."""
    checks = {"kernel": (min(kernel) <= 0, f"kernel size should be greater than zero, but got kernel_height: "
                                          f"{kernel[0]} kernel_width: {kernel[1]}"),
              "dilation": (min(dilation) <= 0, f"dilation should be greater than zero, but got dilation_height: "
                                               f"{dilation[0]} dilation_width: {dilation[1]}"),
              "padding": (min(padding) < 0, f"padding should be non-negative, but got pad_height: {padding[0]} "
                                            f"pad_width: {padding[1]}"),
              "stride": (min(stride) <= 0, f"stride should be greater than zero, but got stride_height: {stride[0]} "
                                           f"stride_width: {stride[1]}")}
    for name in order:
        failed, message = checks[name]
        if failed:
            raise RuntimeError(message)


def _blocks(size, kernel, dilation, padding, stride):
    """The number of sliding blocks along each spatial dim (C division, as PyTorch counts them)."""
    return tuple(trunc_div(s + 2 * p - (d * (k - 1) + 1), st) + 1
                 for s, k, d, p, st in zip(size, kernel, dilation, padding, stride))


def _im2col(x, size, kernel, dilation, padding, stride, blocks):
    """(N, C*kh*kw, L) columns of (N, C, H, W) ``x`` (or without N)."""
    batched = x if x.dim() == 4 else x.unsqueeze(0)
    pads = (padding[0], padding[0], padding[1], padding[1])
    windows = _padded_windows(batched, kernel, stride, dilation, pads, blocks)
    cols = windows.reshape(batched.shape[0], batched.shape[1] * kernel[0] * kernel[1], blocks[0] * blocks[1])
    return cols if x.dim() == 4 else cols.squeeze(0)


def _col2im(cols, size, kernel, dilation, padding, stride, blocks):
    """The adjoint of ``_im2col``: (N, C*kh*kw, L) columns summed into (N, C, *size) (or without N)."""
    batched = cols if cols.dim() == 3 else cols.unsqueeze(0)
    channels = batched.shape[1] // (kernel[0] * kernel[1])
    pads = (padding[0], padding[0], padding[1], padding[1])
    windows = batched.reshape((batched.shape[0], channels) + tuple(kernel) + tuple(blocks))
    image = _unwindows(windows, stride, dilation, pads, size)
    return image if cols.dim() == 3 else image.squeeze(0)


class _BlocksBackward(SavingNode):
    """unfold / fold: the gradient through the other one (each is the other's adjoint)."""
    __slots__ = ("geom",)
    saved_names = ()
    adjoint = None

    def setup(self, inputs, result, ctx):
        self.geom = ctx["geom"]
        self._save()

    def apply(self, grads):
        return (type(self).adjoint(grads[0], *self.geom),)


class Im2ColBackward0(_BlocksBackward):
    """unfold: the columns' gradient summed back into the image (col2im)."""
    __slots__ = ()
    adjoint = staticmethod(_col2im)


class Col2ImBackward0(_BlocksBackward):
    """fold: the image's gradient read as columns (im2col)."""
    __slots__ = ()
    adjoint = staticmethod(_im2col)


def unfold(input, kernel_size, dilation=1, padding=0, stride=1):
    """Extracts the sliding blocks of images as columns (im2col).

    Args:
        input (Tensor): ``(N, C, H, W)`` or ``(C, H, W)``.
        kernel_size (int or tuple): the block size.
        dilation (int or tuple): spacing between block elements. Default: ``1``.
        padding (int or tuple): implicit zero padding. Default: ``0``.
        stride (int or tuple): step between blocks. Default: ``1``.

    Returns:
        Tensor: ``(N, C * prod(kernel_size), L)``, ``L`` the number of blocks.

    Example::

        >>> import torch.nn.functional as F
        >>> F.unfold(torch.arange(9.0).reshape(1, 1, 3, 3), kernel_size=2)
        tensor([[[0., 1., 3., 4.],
                 [1., 2., 4., 5.],
                 [3., 4., 6., 7.],
                 [4., 5., 7., 8.]]])
    """
    kernel, dilation, padding, stride = _pairs("im2col", (("kernel_size", kernel_size, 2), ("dilation", dilation, 3),
                                                          ("padding", padding, 4), ("stride", stride, 5)))
    _check_window(kernel, dilation, padding, stride, ("kernel", "dilation", "padding", "stride"))
    if input.dim() < 3:
        raise IndexError(f"Dimension out of range (expected to be in range of [{-max(input.dim(), 1)}, "
                         f"{max(input.dim(), 1) - 1}], but got {2 if input.dim() == 2 else -2})")
    if input.dim() > 4 or 0 in input.shape[-3:]:
        raise RuntimeError("Expected 3D or 4D (batch mode) tensor with possibly 0 batch size and other non-zero "
                           f"dimensions for input, but got: {list(input.shape)}")
    size = tuple(input.shape[-2:])
    blocks = _blocks(size, kernel, dilation, padding, stride)
    if min(blocks) < 1:
        raise RuntimeError(f"Given input with spatial size {size}, kernel_size={tuple(kernel)}, dilation="
                           f"{tuple(dilation)}, padding={tuple(padding)}, calculated shape of the array of sliding "
                           f"blocks as {blocks}, but its components must be at least one.")
    if input.dtype.name not in _FLOATING:
        raise not_implemented("im2col_out_cpu", input.dtype)
    geom = (size, tuple(kernel), tuple(dilation), tuple(padding), tuple(stride), blocks)
    with no_grad():
        out = _im2col(input.detach(), *geom)
        if out._storage is input._storage:   # a window that is the input itself: the result owns its memory
            out = out.clone()
    return _record(Im2ColBackward0, out, (input,), geom=geom)


def fold(input, output_size, kernel_size, dilation=1, padding=0, stride=1):
    """Sums columns of sliding blocks back into images; the adjoint of ``unfold`` (overlaps add up).

    Args:
        input (Tensor): ``(N, C * prod(kernel_size), L)`` or ``(C * prod(kernel_size), L)``.
        output_size (int or tuple): the image size ``(H, W)``.
        kernel_size (int or tuple): the block size.
        dilation (int or tuple): spacing between block elements. Default: ``1``.
        padding (int or tuple): implicit zero padding of the image. Default: ``0``.
        stride (int or tuple): step between blocks. Default: ``1``.

    Returns:
        Tensor: ``(N, C, H, W)`` (or ``(C, H, W)``).
    """
    size, kernel, dilation, padding, stride = _pairs("col2im", (
        ("output_size", output_size, 2), ("kernel_size", kernel_size, 3), ("dilation", dilation, 4),
        ("padding", padding, 5), ("stride", stride, 6)))
    _check_window(kernel, dilation, padding, stride, ("kernel", "stride", "dilation", "padding"))
    if input.dim() not in (2, 3) or 0 in input.shape[-2:]:
        raise RuntimeError("Expected 2D or 3D (batch mode) tensor for input with possibly 0 batch size and non-zero "
                           f"dimensions for input, but got: {list(input.shape)}")
    if input.shape[-2] % (kernel[0] * kernel[1]):
        raise RuntimeError(f"Expected size of input's dimension 1 to be divisible by the product of kernel_size, but "
                           f"got input.size(1)={input.shape[-2]} and kernel_size={tuple(kernel)}.")
    blocks = _blocks(size, kernel, dilation, padding, stride)
    if blocks[0] * blocks[1] != input.shape[-1]:
        raise RuntimeError(f"Given output_size={tuple(size)}, kernel_size={tuple(kernel)}, dilation={tuple(dilation)}, "
                           f"padding={tuple(padding)}, stride={tuple(stride)}, expected size of input's dimension 2 "
                           f"to match the calculated number of sliding blocks {blocks[0]} * {blocks[1]} = "
                           f"{blocks[0] * blocks[1]}, but got input.size(2)={input.shape[-1]}.")
    if input.dtype.name not in _FLOATING:
        raise not_implemented("col2im_out_cpu", input.dtype)
    geom = (tuple(size), tuple(kernel), tuple(dilation), tuple(padding), tuple(stride), blocks)
    with no_grad():
        out = _col2im(input.detach(), *geom)
    return _record(Col2ImBackward0, out, (input,), geom=geom)
