"""The PyTorch that parity tests compare against: 2.13, the version the
reference notes were observed on (reprs and messages change between releases).
Parity tests skip without it."""
import pytest

PARITY_TORCH = "2.13"


def real_torch():
    """``torch``, or a skip when it is missing or older than the parity version."""
    return pytest.importorskip("torch", minversion=PARITY_TORCH)
