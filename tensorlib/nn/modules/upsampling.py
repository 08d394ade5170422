"""Upsampling layers: Upsample, UpsamplingNearest2d, UpsamplingBilinear2d."""
from .. import functional as F
from .module import Module

__all__ = ["Upsample", "UpsamplingNearest2d", "UpsamplingBilinear2d"]


class Upsample(Module):
    """Resamples its input to a size or by a scale factor (``F.interpolate`` as a layer).

    Args:
        size (int or tuple, optional): the output spatial size.
        scale_factor (float or tuple, optional): the multiplier of the spatial size (give this or ``size``).
        mode (str): ``'nearest'``, ``'linear'``, ``'bilinear'``, ``'bicubic'`` or ``'trilinear'``.
            Default: ``'nearest'``.
        align_corners (bool, optional): for the linear modes, align the corner pixels of input and output.
        recompute_scale_factor (bool, optional): compute the scale from the output size it gives.

    Shape:
        input ``(N, C, L)``, ``(N, C, H, W)`` or ``(N, C, D, H, W)``; output with the new spatial size.

    Example::

        >>> up = torch.nn.Upsample(scale_factor=2, mode="nearest")
        >>> up(torch.tensor([[[1.0, 2.0]]]))
        tensor([[[1., 1., 2., 2.]]])
    """

    def __init__(self, size=None, scale_factor=None, mode="nearest", align_corners=None,
                 recompute_scale_factor=None):
        super().__init__()
        self.name = type(self).__name__
        self.size = size
        if isinstance(scale_factor, tuple):
            self.scale_factor = tuple(float(factor) for factor in scale_factor)
        else:
            self.scale_factor = float(scale_factor) if scale_factor else None
        self.mode = mode
        self.align_corners = align_corners
        self.recompute_scale_factor = recompute_scale_factor

    def forward(self, input):
        return F.interpolate(input, self.size, self.scale_factor, self.mode, self.align_corners,
                             recompute_scale_factor=self.recompute_scale_factor)

    def extra_repr(self):
        shown = f"scale_factor={self.scale_factor!r}" if self.scale_factor is not None else f"size={self.size!r}"
        return f"{shown}, mode={self.mode!r}"


class UpsamplingNearest2d(Upsample):
    """Upsamples ``(N, C, H, W)`` input by nearest-neighbour, to ``size`` or by ``scale_factor``.

    Args:
        size (int or tuple, optional): the output size ``(H_out, W_out)``.
        scale_factor (float or tuple, optional): the multiplier of the spatial size.
    """

    def __init__(self, size=None, scale_factor=None):
        super().__init__(size, scale_factor, mode="nearest")


class UpsamplingBilinear2d(Upsample):
    """Upsamples ``(N, C, H, W)`` input bilinearly, with ``align_corners=True``.

    Args:
        size (int or tuple, optional): the output size ``(H_out, W_out)``.
        scale_factor (float or tuple, optional): the multiplier of the spatial size.
    """

    def __init__(self, size=None, scale_factor=None):
        super().__init__(size, scale_factor, mode="bilinear", align_corners=True)
