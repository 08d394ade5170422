"""The deprecated per-device spellings of ``torch.amp``: ``torch.cuda.amp.autocast``,
``torch.cpu.amp.GradScaler`` & co. are ``torch.amp``'s classes with the device
type fixed, each warning (FutureWarning) as PyTorch does when made."""
import warnings

from . import autocast_mode, grad_scaler


def warn_deprecated(device_type, name, replacement):
    warnings.warn(f"`torch.{device_type}.amp.{name}(args...)` is deprecated. Please use `{replacement}` instead.",
                  FutureWarning, stacklevel=3)


def autocast_for(device_type, default_dtype):
    """``torch.<device_type>.amp.autocast``: ``torch.amp.autocast(device_type, ...)``, ``default_dtype`` unless
    given."""
    def __init__(self, enabled=True, dtype=default_dtype, cache_enabled=True):
        warn_deprecated(device_type, "autocast", f"torch.amp.autocast('{device_type}', args...)")
        autocast_mode.autocast.__init__(self, device_type, enabled=enabled, dtype=dtype, cache_enabled=cache_enabled)
    return _subclass(autocast_mode.autocast, device_type, __init__)


def grad_scaler_for(device_type):
    """``torch.<device_type>.amp.GradScaler``: ``torch.amp.GradScaler(device_type, ...)``."""
    def __init__(self, init_scale=2.0 ** 16, growth_factor=2.0, backoff_factor=0.5, growth_interval=2000,
                 enabled=True):
        warn_deprecated(device_type, "GradScaler", f"torch.amp.GradScaler('{device_type}', args...)")
        grad_scaler.GradScaler.__init__(self, device_type, init_scale=init_scale, growth_factor=growth_factor,
                                        backoff_factor=backoff_factor, growth_interval=growth_interval,
                                        enabled=enabled)
    return _subclass(grad_scaler.GradScaler, device_type, __init__)


def _subclass(base, device_type, init):
    module = f"tensorlib.{device_type}.amp"
    init.__qualname__ = f"{base.__name__}.__init__"
    doc = f"``torch.amp.{base.__name__}('{device_type}', ...)``, deprecated."
    return type(base.__name__, (base,), {"__init__": init, "__module__": module, "__doc__": doc})
