"""``torch.cpu``: the CPU as a device module, as ``torch.cuda`` is for GPUs
(one device, always available; synchronizing is a no-op since CPU kernels
finish before they return)."""
from . import amp

__all__ = ["amp", "is_available", "device_count", "current_device", "synchronize", "is_initialized"]


def is_available():
    """Always True: tensors can always live on the CPU."""
    return True


def is_initialized():
    return True


def device_count():
    """The CPU counts as one device."""
    return 1


def current_device():
    """The name of the current CPU device, as PyTorch gives it."""
    return "cpu"


def synchronize(device=None):
    """Waits for the CPU's work: it is done when each op returns."""
