"""``torch.cuda.amp``: the deprecated CUDA spellings of ``torch.amp``'s ``autocast``,
``GradScaler``, ``custom_fwd`` and ``custom_bwd``, each with PyTorch's FutureWarning."""
import functools

from .. import _dtype as D
from ..amp import autocast_mode
from ..amp._device_spellings import autocast_for, grad_scaler_for, warn_deprecated

__all__ = ["autocast", "GradScaler", "custom_fwd", "custom_bwd"]

autocast = autocast_for("cuda", D.float16)
GradScaler = grad_scaler_for("cuda")


def custom_fwd(fwd=None, *, cast_inputs=None):
    """``torch.amp.custom_fwd(..., device_type='cuda')``."""
    warn_deprecated("cuda", "custom_fwd", "torch.amp.custom_fwd(args..., device_type='cuda')")
    if fwd is None:
        return functools.partial(autocast_mode.custom_fwd, device_type="cuda", cast_inputs=cast_inputs)
    return autocast_mode.custom_fwd(fwd, device_type="cuda", cast_inputs=cast_inputs)


def custom_bwd(bwd):
    """``torch.amp.custom_bwd(..., device_type='cuda')``."""
    warn_deprecated("cuda", "custom_bwd", "torch.amp.custom_bwd(args..., device_type='cuda')")
    return autocast_mode.custom_bwd(bwd, device_type="cuda")
