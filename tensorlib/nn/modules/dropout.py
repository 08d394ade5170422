"""Dropout layers: Dropout, Dropout1d/2d/3d (whole channels), AlphaDropout and
FeatureAlphaDropout (for SELU networks)."""
from .. import functional as F
from .module import Module

__all__ = ["Dropout", "Dropout1d", "Dropout2d", "Dropout3d", "AlphaDropout", "FeatureAlphaDropout"]


class _DropoutNd(Module):
    """What every dropout layer holds: the probability ``p`` and ``inplace``."""

    def __init__(self, p=0.5, inplace=False):
        super().__init__()
        if p < 0 or p > 1:
            raise ValueError(f"dropout probability has to be between 0 and 1, but got {p}")
        self.p = p
        self.inplace = inplace

    def extra_repr(self):
        return f"p={self.p}, inplace={self.inplace}"


class Dropout(_DropoutNd):
    """Randomly zeroes elements during training, a regulariser.

    In training mode each element is zeroed with probability ``p`` and the others are scaled by
    ``1 / (1 - p)``, so the expected value is unchanged; in eval mode the layer is the identity.

    Args:
        p (float): probability of zeroing an element. Default: ``0.5``.
        inplace (bool): write the result into the input. Default: ``False``.

    Shape:
        input ``(*)``, any shape; output the same shape.

    Example::

        >>> _ = torch.manual_seed(0)
        >>> drop = torch.nn.Dropout(p=0.5)
        >>> drop(torch.ones(8))
        tensor([0., 0., 2., 0., 0., 0., 2., 2.])
        >>> drop.eval()(torch.ones(8))
        tensor([1., 1., 1., 1., 1., 1., 1., 1.])
    """

    def forward(self, input):
        return F.dropout(input, self.p, self.training, self.inplace)


class Dropout1d(_DropoutNd):
    """Randomly zeroes whole channels during training (each with probability ``p``), scaling the
    others by ``1 / (1 - p)``; the identity in eval mode.

    Args:
        p (float): probability of zeroing a channel. Default: ``0.5``.
        inplace (bool): write the result into the input. Default: ``False``.

    Shape:
        input ``(N, C, L)`` or ``(C, L)``; output the same shape.
    """

    def forward(self, input):
        return F.dropout1d(input, self.p, self.training, self.inplace)


class Dropout2d(_DropoutNd):
    """Randomly zeroes whole channels (feature maps) during training, each with probability ``p``,
    scaling the others by ``1 / (1 - p)``; the identity in eval mode.

    Args:
        p (float): probability of zeroing a channel. Default: ``0.5``.
        inplace (bool): write the result into the input. Default: ``False``.

    Shape:
        input ``(N, C, H, W)`` (or ``(C, H, W)``); output the same shape.

    Example::

        >>> _ = torch.manual_seed(0)
        >>> out = torch.nn.Dropout2d()(torch.ones(1, 4, 2, 2))
        >>> out[0, :, 0, 0]
        tensor([0., 0., 2., 0.])
    """

    def forward(self, input):
        return F.dropout2d(input, self.p, self.training, self.inplace)


class Dropout3d(_DropoutNd):
    """Randomly zeroes whole channels of volumetric input during training, each with probability
    ``p``, scaling the others by ``1 / (1 - p)``; the identity in eval mode.

    Args:
        p (float): probability of zeroing a channel. Default: ``0.5``.
        inplace (bool): write the result into the input. Default: ``False``.

    Shape:
        input ``(N, C, D, H, W)`` or ``(C, D, H, W)``; output the same shape.
    """

    def forward(self, input):
        return F.dropout3d(input, self.p, self.training, self.inplace)


class AlphaDropout(_DropoutNd):
    """Dropout for self-normalising (SELU) networks: during training, dropped elements take SELU's
    negative saturation value and an affine correction keeps the mean and variance of the input;
    the identity in eval mode.

    Args:
        p (float): probability of dropping an element. Default: ``0.5``.
        inplace (bool): write the result into the input. Default: ``False``.

    Shape:
        input ``(*)``, any shape; output the same shape.
    """

    def forward(self, input):
        return F.alpha_dropout(input, self.p, self.training)


class FeatureAlphaDropout(_DropoutNd):
    """Alpha dropout of whole channels (see ``AlphaDropout``) during training; the identity in eval mode.

    Args:
        p (float): probability of dropping a channel. Default: ``0.5``.
        inplace (bool): write the result into the input. Default: ``False``.

    Shape:
        input ``(N, C, *)``; output the same shape.
    """

    def forward(self, input):
        return F.feature_alpha_dropout(input, self.p, self.training)
