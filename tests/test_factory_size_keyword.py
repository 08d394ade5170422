"""Factories take their sizes positionally, as one sequence, or as ``size=`` (d2l's
``torch.normal(0, 1, size=...)``-style programs), with PyTorch's errors for the rest."""
import pytest

import tensorlib as torch
from parity import real_torch

FACTORIES = ("empty", "zeros", "ones", "rand", "randn")


@pytest.mark.parametrize("name", FACTORIES)
@pytest.mark.parametrize("size, shape", [((2, 3), (2, 3)), ([4], (4,)), ((), ()), (torch.Size([1, 2]), (1, 2))])
def test_size_keyword(name, size, shape):
    t = getattr(torch, name)(size=size, dtype=torch.float64)
    assert tuple(t.shape) == shape and t.dtype is torch.float64


@pytest.mark.parametrize("name", FACTORIES)
def test_positional_forms_are_unchanged(name):
    assert tuple(getattr(torch, name)(2, 3).shape) == (2, 3)
    assert tuple(getattr(torch, name)((2, 3)).shape) == (2, 3)


BAD = [((2,), {"size": (3,)}), ((), {}), ((), {"size": 2})]


@pytest.mark.parametrize("name", FACTORIES)
@pytest.mark.parametrize("args, kwargs", BAD)
def test_refusals(name, args, kwargs):
    with pytest.raises(TypeError, match=f"^{name}\\(\\)"):
        getattr(torch, name)(*args, **kwargs)


@pytest.mark.parity
@pytest.mark.parametrize("name", FACTORIES)
@pytest.mark.parametrize("args, kwargs", BAD)
def test_refusals_match_pytorch(name, args, kwargs):
    pt = real_torch()
    with pytest.raises(TypeError) as theirs:
        getattr(pt, name)(*args, **kwargs)
    with pytest.raises(TypeError) as ours:
        getattr(torch, name)(*args, **kwargs)
    assert str(ours.value) == str(theirs.value)


@pytest.mark.parametrize("name", ["new_empty", "new_zeros", "new_ones"])
def test_new_factories_take_the_size_keyword(name):
    t = getattr(torch.ones(2, dtype=torch.float64), name)(size=(3, 1))
    assert tuple(t.shape) == (3, 1) and t.dtype is torch.float64
