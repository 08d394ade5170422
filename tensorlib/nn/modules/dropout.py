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
    """In training mode zeroes each element with probability ``p`` (tensorlib's
    default generator) and scales the others by 1 / (1 - p); the identity in
    eval mode."""

    def forward(self, input):
        return F.dropout(input, self.p, self.training, self.inplace)


class Dropout1d(_DropoutNd):
    """In training mode zeroes whole channels of an ``(N, C, L)`` or ``(C, L)`` input with
    probability ``p`` and scales the others by 1 / (1 - p)."""

    def forward(self, input):
        return F.dropout1d(input, self.p, self.training, self.inplace)


class Dropout2d(_DropoutNd):
    """In training mode zeroes whole channels of an ``(N, C, H, W)`` input with probability
    ``p`` and scales the others by 1 / (1 - p)."""

    def forward(self, input):
        return F.dropout2d(input, self.p, self.training, self.inplace)


class Dropout3d(_DropoutNd):
    """In training mode zeroes whole channels of an ``(N, C, D, H, W)`` or ``(C, D, H, W)``
    input with probability ``p`` and scales the others by 1 / (1 - p)."""

    def forward(self, input):
        return F.dropout3d(input, self.p, self.training, self.inplace)


class AlphaDropout(_DropoutNd):
    """In training mode, alpha dropout of each element (keeps a SELU network's mean and
    variance); the identity in eval mode."""

    def forward(self, input):
        return F.alpha_dropout(input, self.p, self.training)


class FeatureAlphaDropout(_DropoutNd):
    """In training mode, alpha dropout of whole channels; the identity in eval mode."""

    def forward(self, input):
        return F.feature_alpha_dropout(input, self.p, self.training)
