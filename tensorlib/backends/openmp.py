"""``torch.backends.openmp``: tensorlib's CPU kernels share a pthread pool, not
OpenMP (``torch.set_num_threads`` sizes the pool)."""

__all__ = ["is_available"]


def is_available():
    """False: tensorlib's threads are its own pool, not OpenMP's."""
    return False
