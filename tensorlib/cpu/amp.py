"""``torch.cpu.amp``: the deprecated CPU spellings of ``torch.amp``'s ``autocast``
(bfloat16 by default, where tensorlib has it) and ``GradScaler``, each with
PyTorch's FutureWarning."""
from ..amp._device_spellings import autocast_for, grad_scaler_for
from ..backends._autocast import default_dtype

__all__ = ["autocast", "GradScaler"]

autocast = autocast_for("cpu", default_dtype("cpu"))
GradScaler = grad_scaler_for("cpu")
