"""``torch.backends.mkl``: whether tensorlib's CPU elementwise math runs Intel MKL's vector
math (VML), as PyTorch's x86 builds do -- which needs the optional ``mkl`` package
(``pip install "tensorlib[mkl]"``) on an x86-64 machine.  Without it the compiled and NumPy
kernels run, whose last bits may differ from PyTorch's."""

from . import _vector_math

__all__ = ["is_available"]


def is_available():
    """True exactly when float32/float64 ``exp``, ``log``, ``sin``, ``cos``, ``tanh``... run
    through MKL's vector math (the ``mkl`` package was found and loaded)."""
    return _vector_math.is_available()
