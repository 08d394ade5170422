"""``torch.amp``: automatic mixed precision -- ``autocast`` regions and the
``GradScaler`` of float16 training."""
from .autocast_mode import autocast, custom_bwd, custom_fwd, is_autocast_available
from .grad_scaler import GradScaler

__all__ = ["autocast", "GradScaler", "is_autocast_available", "custom_fwd", "custom_bwd"]
