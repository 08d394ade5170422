"""examples/blitz_parity.py: the 60-minute-blitz workflow (Net, CrossEntropyLoss,
SGD with momentum, a few hundred steps, evaluation) prints the same losses, to
4 decimals, on tensorlib and on PyTorch from identical initial weights."""
import importlib.util
import os

import pytest

import tensorlib
from parity import real_torch

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def _load_example():
    spec = importlib.util.spec_from_file_location("blitz_parity", os.path.join(ROOT, "examples", "blitz_parity.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parity
def test_blitz_losses_match_pytorch():
    real = real_torch()
    blitz = _load_example()
    theirs = blitz.run(real, out=None)
    ours = blitz.run(tensorlib, out=None)
    assert len(ours) == len(theirs) == 300 // 25 + 2
    assert ours == theirs, "\n".join(f"{a:32s} {b}" for a, b in zip(ours, theirs))
