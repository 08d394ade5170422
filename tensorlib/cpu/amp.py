"""``torch.cpu.amp``: the deprecated CPU spellings of ``torch.amp``'s ``autocast``
and ``GradScaler``, each with PyTorch's FutureWarning."""
import warnings

from ..amp import autocast_mode, grad_scaler
from ..backends._autocast import default_dtype

__all__ = ["autocast", "GradScaler"]


def _deprecated(name, replacement):
    warnings.warn(f"`torch.cpu.amp.{name}(args...)` is deprecated. Please use `{replacement}` instead.",
                  FutureWarning, stacklevel=3)


class autocast(autocast_mode.autocast):
    """``torch.amp.autocast('cpu', ...)`` (bfloat16 by default, where tensorlib has it)."""

    def __init__(self, enabled=True, dtype=default_dtype("cpu"), cache_enabled=True):
        _deprecated("autocast", "torch.amp.autocast('cpu', args...)")
        super().__init__("cpu", enabled=enabled, dtype=dtype, cache_enabled=cache_enabled)


class GradScaler(grad_scaler.GradScaler):
    """``torch.amp.GradScaler('cpu', ...)``."""

    def __init__(self, init_scale=2.0 ** 16, growth_factor=2.0, backoff_factor=0.5, growth_interval=2000,
                 enabled=True):
        _deprecated("GradScaler", "torch.amp.GradScaler('cpu', args...)")
        super().__init__("cpu", init_scale=init_scale, growth_factor=growth_factor, backoff_factor=backoff_factor,
                         growth_interval=growth_interval, enabled=enabled)
