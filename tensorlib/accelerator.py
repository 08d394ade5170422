"""torch.accelerator: device-agnostic questions about the current accelerator.

tensorlib's one accelerator is CUDA (through the CuPy bridge, see tensorlib.cuda):
when it is available ``current_accelerator()`` is ``device('cuda')`` and the
functions here act on the current CUDA device; otherwise there is no accelerator,
as in a CPU-only PyTorch build: ``current_accelerator()`` is None,
``is_available()`` False, ``device_count()`` 0, and the functions that need a
device raise PyTorch's RuntimeError."""
from . import cuda as _cuda
from ._device import device as _Device

__all__ = ["current_accelerator", "current_device_index", "device_count", "device_index", "is_available",
           "set_device_index", "synchronize"]

_NONE_AVAILABLE = "Cannot access accelerator device when none is available."


def current_accelerator(check_available=False):
    """The accelerator's device type as a device (``device('cuda')``), or None when
    there is none.  ``check_available`` is accepted for PyTorch's signature: the
    one accelerator is reported only when it is usable."""
    return _Device("cuda") if _cuda.is_available() else None


def is_available():
    """True when an accelerator device can be used."""
    return device_count() > 0


def device_count():
    """The number of accelerator devices (0 without one)."""
    return _cuda.device_count() if _cuda.is_available() else 0


def _require_accelerator():
    if not is_available():
        raise RuntimeError(_NONE_AVAILABLE)


def current_device_index():
    """The index of the current accelerator device."""
    _require_accelerator()
    return _cuda.current_device()


def set_device_index(device):
    """Makes ``device`` (an index, ``'cuda:N'`` or a device with an index) the
    current accelerator device."""
    if device is None:
        raise ValueError(f"Expected a torch.device with a specified index or an integer, but got:{device}")
    _require_accelerator()
    _cuda.set_device(device)


def synchronize(device=None):
    """Waits for all work queued on ``device`` (the current device when None)."""
    _require_accelerator()
    _cuda.synchronize(device)


class device_index:
    """Context manager that makes ``device`` the current accelerator device inside
    its block and restores the previous one after; ``None`` changes nothing."""

    def __init__(self, device):
        self.idx = device
        self.prev_idx = None

    def __enter__(self):
        if self.idx is not None:
            self.prev_idx = current_device_index()
            set_device_index(self.idx)
        return self

    def __exit__(self, *exc):
        if self.idx is not None:
            set_device_index(self.prev_idx)
        return False
