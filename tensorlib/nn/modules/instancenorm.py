"""Instance normalisation: InstanceNorm1d, InstanceNorm2d, InstanceNorm3d."""
import warnings

from .. import functional as F
from .batchnorm import _BatchNorm

__all__ = ["InstanceNorm1d", "InstanceNorm2d", "InstanceNorm3d"]


class _InstanceNorm(_BatchNorm):
    """Normalises each channel of each sample over its positions (``F.instance_norm``);
    ``affine``: a learnt scale and shift per channel; ``track_running_stats``: running
    statistics, used in eval mode.  An unbatched input (no batch dim) is taken too."""
    _spatial_dims = None   # the dims of one unbatched sample: channels and positions

    def __init__(self, num_features, eps=1e-5, momentum=0.1, affine=False, track_running_stats=False, device=None,
                 dtype=None, *, bias=True):
        super().__init__(num_features, eps, momentum, affine, track_running_stats, device, dtype, bias=bias)

    def forward(self, input):
        unbatched = self._spatial_dims
        if input.dim() not in (unbatched, unbatched + 1):
            raise ValueError(f"expected {unbatched}D or {unbatched + 1}D input (got {input.dim()}D input)")
        feature_dim = input.dim() - unbatched
        if input.shape[feature_dim] != self.num_features:
            if self.affine:
                raise ValueError(f"expected input's size at dim={feature_dim} to match num_features "
                                 f"({self.num_features}), but got: {input.shape[feature_dim]}.")
            warnings.warn(f"input's size at dim={feature_dim} does not match num_features. You can silence this "
                          "warning by not passing in num_features, which is not used because affine=False",
                          stacklevel=3)
        if input.dim() == unbatched:
            return self._normalize(input.unsqueeze(0)).squeeze(0)
        return self._normalize(input)

    def _normalize(self, input):
        # as in PyTorch, the running statistics move by ``momentum`` (None: not at all) and
        # num_batches_tracked is not counted
        return F.instance_norm(input, self.running_mean, self.running_var, self.weight, self.bias,
                               self.training or not self.track_running_stats,
                               self.momentum if self.momentum is not None else 0.0, self.eps)


class InstanceNorm1d(_InstanceNorm):
    """Normalises each channel of each sample over its length.

    Args:
        num_features (int): the number of channels ``C``.
        eps (float): added to the variance for stability. Default: ``1e-5``.
        momentum (float or None): for the running estimates, as in ``BatchNorm1d``. Default: ``0.1``.
        affine (bool): learn per-channel ``weight`` and ``bias``. Default: ``False``.
        track_running_stats (bool): keep running estimates and use them in eval mode. Default: ``False``.
        device, dtype: where and in what dtype to create the parameters and buffers.

    Shape:
        input ``(N, C, L)`` or ``(C, L)``; output the same shape.
    """
    _spatial_dims = 2


class InstanceNorm2d(_InstanceNorm):
    """Normalises each channel of each sample over its height and width (common in style transfer).

    Args:
        num_features (int): the number of channels ``C``.
        eps (float): added to the variance for stability. Default: ``1e-5``.
        momentum (float or None): for the running estimates, as in ``BatchNorm2d``. Default: ``0.1``.
        affine (bool): learn per-channel ``weight`` and ``bias``. Default: ``False``.
        track_running_stats (bool): keep running estimates and use them in eval mode. Default: ``False``.
        device, dtype: where and in what dtype to create the parameters and buffers.

    Shape:
        input ``(N, C, H, W)`` or ``(C, H, W)``; output the same shape.

    Example::

        >>> _ = torch.manual_seed(0)
        >>> out = torch.nn.InstanceNorm2d(3)(torch.randn(2, 3, 4, 4))
        >>> out.shape, bool(out[0, 0].mean().abs() < 1e-6)
        (torch.Size([2, 3, 4, 4]), True)
    """
    _spatial_dims = 3


class InstanceNorm3d(_InstanceNorm):
    """Normalises each channel of each sample over its three spatial dims.

    Args:
        num_features (int): the number of channels ``C``.
        eps (float): added to the variance for stability. Default: ``1e-5``.
        momentum (float or None): for the running estimates. Default: ``0.1``.
        affine (bool): learn per-channel ``weight`` and ``bias``. Default: ``False``.
        track_running_stats (bool): keep running estimates and use them in eval mode. Default: ``False``.
        device, dtype: where and in what dtype to create the parameters and buffers.

    Shape:
        input ``(N, C, D, H, W)`` or ``(C, D, H, W)``; output the same shape.
    """
    _spatial_dims = 4
