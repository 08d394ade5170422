"""Fold and Unfold: F.fold / F.unfold as layers."""
from .. import functional as F
from .module import Module

__all__ = ["Fold", "Unfold"]


class Fold(Module):
    """Sums columns of sliding blocks back into an image; the adjoint of ``Unfold``.

    Overlapping blocks add up.

    Args:
        output_size (int or tuple): the spatial size ``(H, W)`` of the output.
        kernel_size (int or tuple): the block size.
        dilation (int or tuple): spacing between block elements. Default: ``1``.
        padding (int or tuple): implicit zero padding of the image. Default: ``0``.
        stride (int or tuple): step between blocks. Default: ``1``.

    Shape:
        input ``(N, C * prod(kernel_size), L)`` or unbatched; output ``(N, C, H, W)``.

    Example::

        >>> fold = torch.nn.Fold(output_size=(3, 3), kernel_size=2)
        >>> fold(torch.ones(1, 4, 4))
        tensor([[[[1., 2., 1.],
                  [2., 4., 2.],
                  [1., 2., 1.]]]])
    """

    def __init__(self, output_size, kernel_size, dilation=1, padding=0, stride=1):
        super().__init__()
        self.output_size = output_size
        self.kernel_size = kernel_size
        self.dilation = dilation
        self.padding = padding
        self.stride = stride

    def forward(self, input):
        return F.fold(input, self.output_size, self.kernel_size, self.dilation, self.padding, self.stride)

    def extra_repr(self):
        return (f"output_size={self.output_size}, kernel_size={self.kernel_size}, dilation={self.dilation}, "
                f"padding={self.padding}, stride={self.stride}")


class Unfold(Module):
    """Extracts the sliding blocks of an image as columns (im2col).

    Args:
        kernel_size (int or tuple): the block size.
        dilation (int or tuple): spacing between block elements. Default: ``1``.
        padding (int or tuple): implicit zero padding of the image. Default: ``0``.
        stride (int or tuple): step between blocks. Default: ``1``.

    Shape:
        input ``(N, C, H, W)`` or ``(C, H, W)``; output ``(N, C * prod(kernel_size), L)`` with ``L``
        the number of blocks.

    Example::

        >>> torch.nn.Unfold(kernel_size=2)(torch.zeros(1, 3, 4, 5)).shape
        torch.Size([1, 12, 12])
    """

    def __init__(self, kernel_size, dilation=1, padding=0, stride=1):
        super().__init__()
        self.kernel_size = kernel_size
        self.dilation = dilation
        self.padding = padding
        self.stride = stride

    def forward(self, input):
        return F.unfold(input, self.kernel_size, self.dilation, self.padding, self.stride)

    def extra_repr(self):
        return (f"kernel_size={self.kernel_size}, dilation={self.dilation}, padding={self.padding}, "
                f"stride={self.stride}")
