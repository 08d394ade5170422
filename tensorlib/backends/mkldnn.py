"""``torch.backends.mkldnn``: oneDNN, which tensorlib does not use (its CPU kernels
are its own and NumPy's BLAS), so ``is_available()`` is False; the ``enabled``
flag is kept for programs that set it."""

__all__ = ["is_available", "enabled"]

enabled = True


def is_available():
    """False: tensorlib runs no oneDNN kernels."""
    return False
