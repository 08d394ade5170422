"""``torch.backends.cudnn``: the cuDNN flags programs set (``benchmark``,
``deterministic``, ``allow_tf32``, ``enabled``).  tensorlib reaches GPUs through
CuPy and runs no cuDNN kernels, so ``is_available()`` is False and ``version()``
None; the flags are kept and read back as PyTorch's are."""
import contextlib

__all__ = ["is_available", "version", "flags", "enabled", "benchmark", "deterministic", "allow_tf32",
           "benchmark_limit"]

enabled = True
benchmark = False
deterministic = False
allow_tf32 = True
benchmark_limit = 10


def is_available():
    """False: tensorlib uses no cuDNN."""
    return False


def version():
    """None: no cuDNN is linked."""
    return None


def is_acceptable(tensor):
    """Whether cuDNN would take ``tensor``: never, without cuDNN."""
    return False


@contextlib.contextmanager
def flags(enabled=False, benchmark=False, benchmark_limit=10, deterministic=False, allow_tf32=True):
    """Sets the flags inside a ``with`` block and restores them after it."""
    names = ("enabled", "benchmark", "benchmark_limit", "deterministic", "allow_tf32")
    saved = {name: globals()[name] for name in names}
    globals().update(zip(names, (enabled, benchmark, benchmark_limit, deterministic, allow_tf32)))
    try:
        yield
    finally:
        globals().update(saved)
