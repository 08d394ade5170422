"""``torch.get_num_threads`` / ``torch.set_num_threads``: the threads the CPU
kernels use for large tensors (the calling thread included)."""
import builtins

from ._device import CPU
from .backends import backend_for


def get_num_threads():
    return backend_for(CPU).get_num_threads()


def set_num_threads(int):  # noqa: A002  (PyTorch names the argument so)
    if isinstance(int, bool) or not isinstance(int, builtins.int):
        raise RuntimeError(f"set_num_threads expects an int, but got {type(int).__name__}")
    if int < 1:
        raise RuntimeError("set_num_threads expects a positive integer")
    backend_for(CPU).set_num_threads(int)
