"""``torch.get_num_threads`` / ``torch.set_num_threads``: the threads the CPU
kernels use for large tensors (the calling thread included).  Where
``threadpoolctl`` is installed (the ``tensorlib[threads]`` extra) the BLAS that
NumPy's matrix products run on is limited to the same number, as PyTorch limits
its own BLAS; without it only tensorlib's pool follows."""
import builtins

from ._device import CPU
from .backends import backend_for

try:
    import threadpoolctl
except ImportError:  # optional: then the BLAS keeps its own thread count
    threadpoolctl = None


def get_num_threads():
    """The number of threads the CPU kernels use (an int)."""
    return backend_for(CPU).get_num_threads()


def set_num_threads(int):  # noqa: A002  (PyTorch names the argument so)
    """Sets the number of threads the CPU kernels use (and, with threadpoolctl, the BLAS).

    Args:
        int (int): the number of threads, at least 1.
    """
    if isinstance(int, bool) or not isinstance(int, builtins.int):
        raise RuntimeError(f"set_num_threads expects an int, but got {type(int).__name__}")
    if int < 1:
        raise RuntimeError("set_num_threads expects a positive integer")
    backend_for(CPU).set_num_threads(int)
    if threadpoolctl is not None:
        threadpoolctl.threadpool_limits(limits=int, user_api="blas")
