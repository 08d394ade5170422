"""PixelShuffle and PixelUnshuffle: F.pixel_shuffle / F.pixel_unshuffle as layers."""
from .. import functional as F
from .module import Module

__all__ = ["PixelShuffle", "PixelUnshuffle"]


class PixelShuffle(Module):
    """Rearranges ``(*, C * r * r, H, W)`` into ``(*, C, H * r, W * r)``, with ``r = upscale_factor``.

    Each group of ``r * r`` channels becomes an ``r``-by-``r`` block of pixels (sub-pixel convolution).

    Args:
        upscale_factor (int): the factor ``r``.

    Example::

        >>> torch.nn.PixelShuffle(2)(torch.zeros(1, 8, 3, 3)).shape
        torch.Size([1, 2, 6, 6])
    """

    def __init__(self, upscale_factor):
        super().__init__()
        self.upscale_factor = upscale_factor

    def forward(self, input):
        return F.pixel_shuffle(input, self.upscale_factor)

    def extra_repr(self):
        return f"upscale_factor={self.upscale_factor}"


class PixelUnshuffle(Module):
    """Rearranges ``(*, C, H * r, W * r)`` into ``(*, C * r * r, H, W)``, with ``r = downscale_factor``.

    The inverse of ``PixelShuffle``.

    Args:
        downscale_factor (int): the factor ``r``.

    Example::

        >>> torch.nn.PixelUnshuffle(2)(torch.zeros(1, 2, 6, 6)).shape
        torch.Size([1, 8, 3, 3])
    """

    def __init__(self, downscale_factor):
        super().__init__()
        self.downscale_factor = downscale_factor

    def forward(self, input):
        return F.pixel_unshuffle(input, self.downscale_factor)

    def extra_repr(self):
        return f"downscale_factor={self.downscale_factor}"
