"""``torch.backends.mps``: Apple's Metal GPUs, which tensorlib does not reach."""

__all__ = ["is_available", "is_built"]


def is_available():
    """False: tensorlib has no MPS backend."""
    return False


def is_built():
    """False: tensorlib is built without MPS."""
    return False
