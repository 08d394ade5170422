"""torch.combinations: rows as itertools gives them, on strided inputs, its gradient and errors."""
import itertools

import numpy as np
import pytest

import tensorlib as torch


@pytest.mark.parametrize("r, with_replacement", [(1, False), (2, False), (3, False), (2, True), (3, True)])
def test_rows_match_itertools(r, with_replacement):
    choose = itertools.combinations_with_replacement if with_replacement else itertools.combinations
    x = torch.arange(10.0)[::2]
    result = torch.combinations(x, r, with_replacement)
    assert result.tolist() == [list(row) for row in choose(x.tolist(), r)]
    assert result.dtype is torch.float32


def test_edge_sizes_and_dtypes():
    assert torch.combinations(torch.tensor([1.0, 2.0]), r=0).shape == (0,)
    assert torch.combinations(torch.tensor([1.0, 2.0]), r=3).shape == (0, 3)
    assert torch.combinations(torch.ones(0, dtype=torch.int64)).shape == (0, 2)
    assert torch.combinations(torch.tensor([True, False])).tolist() == [[True, False]]


def test_gradient():
    x = torch.tensor([1.0, 2.0, 3.0], dtype=torch.float64, requires_grad=True)
    result = torch.combinations(x)
    assert result.grad_fn.name() == "StackBackward0"
    result.sum().backward()
    np.testing.assert_array_equal(x.grad.numpy(), [2.0, 2.0, 2.0])
    assert torch.autograd.gradcheck(lambda t: torch.combinations(t, 2, True), (x,))


@pytest.mark.parametrize("call, error, message", [
    ("torch.combinations(torch.ones(2, 2))", RuntimeError, "Expect a 1D vector, but got shape [2, 2]"),
    ("torch.combinations(torch.tensor(1.0))", RuntimeError, "Expect a 1D vector, but got shape []"),
    ("torch.combinations(torch.ones(2), r=-1)", RuntimeError, "Expect a non-negative number, but got -1"),
    ("torch.combinations(torch.ones(3), 2.0)", TypeError,
     "combinations(): argument 'r' (position 2) must be int, not float"),
])
def test_errors(call, error, message):
    with pytest.raises(error) as caught:
        eval(call, {"torch": torch})
    assert str(caught.value) == message
