"""torch.cuda: availability and device management through the optional CuPy bridge.

tensorlib reaches NVIDIA GPUs through CuPy (``pip install cupy-cuda12x``, or the
``tensorlib[cuda]`` extra).  Nothing here imports CuPy until a question needs a
GPU; without CuPy or without a visible device ``is_available()`` is False,
``device_count()`` is 0 and creating or moving a tensor to ``cuda`` raises a
RuntimeError naming what is missing.  See docs/cuda.md (and the CUDA backend's
``use_stand_in`` for the NumPy stand-in the tests use).  Everything here asks the
CUDA backend (``backend_for(device('cuda'))``); nothing here tests a device type.

Random numbers for CUDA tensors are drawn on the host by tensorlib's default
generator and copied over, so ``tensorlib.manual_seed`` governs them;
``manual_seed``/``manual_seed_all`` here only seed CuPy's own generator."""
from .._device import device as _Device
from ..backends import backend_for as _backend_for
from ..backends import check_cuda_index as _check_index
from ..backends import cuda_index as _index

_backend = _backend_for(_Device("cuda"))

__all__ = ["is_available", "device_count", "current_device", "set_device", "synchronize", "get_device_name",
           "manual_seed", "manual_seed_all", "seed", "seed_all", "initial_seed", "is_initialized", "device",
           "is_bf16_supported", "amp"]

_seed = None


def is_available():
    """Returns True when CUDA can be used: CuPy imports and sees at least one device (or the test stand-in is on).

    Example::

        >>> device = "cuda" if torch.cuda.is_available() else "cpu"
        >>> torch.ones(2, device=device).device.type == device
        True
    """
    return _backend.is_available()


def device_count():
    """Returns the number of CUDA devices CuPy sees (0 without CUDA)."""
    return _backend.device_count()


def is_bf16_supported(including_emulation=True):
    """Whether CUDA tensors may be bfloat16: never in tensorlib, whose CUDA backend refuses them, so
    ``torch.bfloat16 if torch.cuda.is_bf16_supported() else torch.float16`` picks float16 there."""
    return False


__all__.append("is_bf16_supported")


def is_initialized():
    """Returns True when CUDA is usable here (tensorlib initialises CUDA on import, so this is ``is_available()``)."""
    return _backend.is_available()


def current_device():
    """Returns the index of the current CUDA device, where ``"cuda"`` tensors go."""
    return _backend.current_device()


def set_device(device):
    """Makes ``device`` (an index, a ``torch.device`` or a string such as ``"cuda:1"``) the current CUDA device.

    A negative index is ignored; an index beyond ``device_count()`` raises.
    """
    index = _index(device)
    if index < 0:
        return  # PyTorch ignores negative indices
    _check_index(index)
    _backend.set_device(index)


def synchronize(device=None):
    """Waits until all the work queued on ``device`` (default: the current one) has finished.

    CuPy runs kernels asynchronously; synchronise before timing GPU code.
    """
    index = _index(device)
    _check_index(index)
    _backend.synchronize(index)


def get_device_name(device=None):
    """Returns the name of ``device`` (default: the current one), such as ``"NVIDIA H200"``."""
    index = _index(device)
    _check_index(index)
    return _backend.device_name(index)


def manual_seed(seed):
    """Seeds the random number generator of the CUDA devices with the integer ``seed``.

    ``torch.manual_seed`` seeds them too.  ``manual_seed_all`` is the same function.
    """
    global _seed
    _seed = int(seed)
    _backend.manual_seed(_seed)


manual_seed_all = manual_seed


def seed():
    """Seeds the CUDA random number generator with a random 63-bit number; ``seed_all`` is the same function."""
    import random
    manual_seed(random.getrandbits(63))


seed_all = seed


def initial_seed():
    """Returns the seed last given to the CUDA generator, or the CPU generator's initial seed when none was."""
    if _seed is None:
        from ..random import initial_seed as host_seed
        return host_seed()
    return _seed


class device:
    """A context manager that makes ``device`` the current CUDA device, restoring the previous one on exit.

    Args:
        device (int, torch.device, str or None): the device; None or a negative index changes nothing.
    """

    def __init__(self, device):
        self.idx = -1 if device is None else _index(device)
        self.prev_idx = -1

    def __enter__(self):
        if self.idx >= 0:
            self.prev_idx = current_device()
            if self.prev_idx != self.idx:
                set_device(self.idx)

    def __exit__(self, *exc):
        if self.idx >= 0 and self.prev_idx != self.idx:
            set_device(self.prev_idx)
        return False


from . import amp  # noqa: E402  (torch.cuda.amp)
