"""torch.get_num_threads / set_num_threads: the CPU kernels' threads, and PyTorch's argument errors."""
import numpy as np
import pytest

import tensorlib as torch
from parity import real_torch


@pytest.fixture
def restore_threads():
    before = torch.get_num_threads()
    yield
    torch.set_num_threads(before)


@pytest.mark.parametrize("n", [1, 2, 3])
def test_set_then_get(restore_threads, n):
    torch.set_num_threads(n)
    assert torch.get_num_threads() == n
    x = torch.arange(1_000_000, dtype=torch.float64)
    assert float((x + 1).sum()) == float(np.arange(1, 1_000_001, dtype=np.float64).sum())


BAD = [0, -1, 2.5, "x", True]


@pytest.mark.parametrize("value", BAD)
def test_bad_arguments_raise_and_change_nothing(restore_threads, value):
    before = torch.get_num_threads()
    with pytest.raises(RuntimeError, match="^set_num_threads expects "):
        torch.set_num_threads(value)
    assert torch.get_num_threads() == before


@pytest.mark.parity
@pytest.mark.parametrize("value", BAD)
def test_errors_match_pytorch(value):
    pt = real_torch()
    with pytest.raises(RuntimeError) as theirs:
        pt.set_num_threads(value)
    with pytest.raises(RuntimeError) as ours:
        torch.set_num_threads(value)
    assert str(ours.value) == str(theirs.value)
