"""Batch normalisation: BatchNorm1d, BatchNorm2d."""
from ... import _creation
from ... import _dtype as D
from ...autograd.grad_mode import no_grad
from .. import functional as F
from .. import init
from ..parameter import Parameter
from .module import Module

__all__ = ["BatchNorm1d", "BatchNorm2d"]


class _BatchNorm(Module):
    """Normalises each channel (dim 1) with the batch statistics in training
    mode (updating ``running_mean``/``running_var`` with ``momentum``, or a
    cumulative average when ``momentum`` is None) and with the running
    statistics in eval mode; then scales by ``weight`` and shifts by ``bias``."""
    _version = 2

    def __init__(self, num_features, eps=1e-5, momentum=0.1, affine=True, track_running_stats=True, device=None,
                 dtype=None, *, bias=True):
        super().__init__()
        factory = {"device": device, "dtype": dtype}
        self.num_features = num_features
        self.eps = eps
        self.momentum = momentum
        self.affine = affine
        self.track_running_stats = track_running_stats
        self._has_bias = affine and bias
        if affine:
            self.weight = Parameter(_creation.empty(num_features, **factory))
            if bias:
                self.bias = Parameter(_creation.empty(num_features, **factory))
            else:
                self.register_parameter("bias", None)
        else:
            self.register_parameter("weight", None)
            self.register_parameter("bias", None)
        if track_running_stats:
            self.register_buffer("running_mean", _creation.zeros(num_features, **factory))
            self.register_buffer("running_var", _creation.ones(num_features, **factory))
            self.register_buffer("num_batches_tracked",
                                 _creation.tensor(0, dtype=D.int64, device=device))
        else:
            self.register_buffer("running_mean", None)
            self.register_buffer("running_var", None)
            self.register_buffer("num_batches_tracked", None)
        self.reset_parameters()

    def reset_running_stats(self):
        """Resets ``running_mean`` to zeros, ``running_var`` to ones and ``num_batches_tracked`` to 0."""
        if self.track_running_stats:
            with no_grad():
                self.running_mean.zero_()
                self.running_var.fill_(1)
                self.num_batches_tracked.zero_()

    def reset_parameters(self):
        """Resets the running statistics, and ``weight`` to ones and ``bias`` to zeros."""
        self.reset_running_stats()
        if self.affine:
            init.ones_(self.weight)
            if self.bias is not None:
                init.zeros_(self.bias)

    def _check_input_dim(self, input):
        raise NotImplementedError

    def forward(self, input):
        self._check_input_dim(input)
        factor = 0.0 if self.momentum is None else self.momentum
        if self.training and self.track_running_stats and self.num_batches_tracked is not None:
            with no_grad():
                self.num_batches_tracked.add_(1)
            if self.momentum is None:   # cumulative moving average
                factor = 1.0 / float(self.num_batches_tracked.item())
        use_batch_stats = self.training or (self.running_mean is None and self.running_var is None)
        track = not self.training or self.track_running_stats
        return F.batch_norm(input, self.running_mean if track else None, self.running_var if track else None,
                            self.weight, self.bias, use_batch_stats, factor, self.eps)

    def extra_repr(self):
        return (f"{self.num_features}, eps={self.eps}, momentum={self.momentum}, affine={self.affine}, "
                f"bias={self._has_bias}, track_running_stats={self.track_running_stats}")

    def _load_from_state_dict(self, state_dict, prefix, local_metadata, strict, missing_keys, unexpected_keys,
                              error_msgs, assign=False):
        version = local_metadata.get("version", None)
        key = prefix + "num_batches_tracked"
        if (version is None or version < 2) and self.track_running_stats and key not in state_dict:
            # checkpoints older than the counter: start it at 0
            state_dict[key] = self.num_batches_tracked if self.num_batches_tracked is not None \
                else _creation.tensor(0, dtype=D.int64)
        super()._load_from_state_dict(state_dict, prefix, local_metadata, strict, missing_keys, unexpected_keys,
                                      error_msgs, assign)


class BatchNorm1d(_BatchNorm):
    """Normalises each channel over the batch (and length): ``(x - mean) / sqrt(var + eps) * weight + bias``.

    In training mode the statistics are those of the batch (the biased variance), and the running
    estimates are updated: ``running = (1 - momentum) * running + momentum * batch_stat`` (with
    the unbiased variance).  In eval mode the running estimates are used.

    Args:
        num_features (int): the number of channels ``C``.
        eps (float): added to the variance for stability. Default: ``1e-5``.
        momentum (float or None): weight of the new statistic in the running estimates; None
            takes a cumulative average. Default: ``0.1``.
        affine (bool): learn a per-channel ``weight`` (ones) and ``bias`` (zeros). Default: ``True``.
        track_running_stats (bool): keep running estimates; without them the batch statistics
            are used in eval mode too. Default: ``True``.
        device, dtype: where and in what dtype to create the parameters and buffers.

    Shape:
        input ``(N, C)`` or ``(N, C, L)``; output the same shape.

    Example::

        >>> bn = torch.nn.BatchNorm1d(2)
        >>> bn(torch.tensor([[1.0, 10.0], [3.0, 30.0]]))
        tensor([[-1.0000, -1.0000],
                [ 1.0000,  1.0000]], grad_fn=<NativeBatchNormBackward0>)
        >>> bn.running_mean
        tensor([0.2000, 2.0000])
    """

    def _check_input_dim(self, input):
        if input.dim() not in (2, 3):
            raise ValueError(f"expected 2D or 3D input (got {input.dim()}D input)")


class BatchNorm2d(_BatchNorm):
    """Normalises each channel of image input over the batch and both spatial dims.

    The arguments and the running statistics behave as ``BatchNorm1d``'s.

    Args:
        num_features (int): the number of channels ``C``.
        eps (float): added to the variance for stability. Default: ``1e-5``.
        momentum (float or None): weight of the new statistic in the running estimates; None
            takes a cumulative average. Default: ``0.1``.
        affine (bool): learn a per-channel ``weight`` and ``bias``. Default: ``True``.
        track_running_stats (bool): keep running estimates. Default: ``True``.
        device, dtype: where and in what dtype to create the parameters and buffers.

    Shape:
        input ``(N, C, H, W)``; output the same shape.

    Example::

        >>> _ = torch.manual_seed(0)
        >>> out = torch.nn.BatchNorm2d(3)(torch.randn(4, 3, 5, 5))
        >>> out.mean(dim=(0, 2, 3)).abs().max() < 1e-6
        tensor(True)
    """

    def _check_input_dim(self, input):
        if input.dim() != 4:
            raise ValueError(f"expected 4D input (got {input.dim()}D input)")
