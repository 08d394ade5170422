"""cat/stack and friends, flip, roll, repeat, tile, tril/triu, diag: values
against NumPy on every layout, dtype promotion, the legacy empty-tensor rule
of cat, out= and the exact errors."""
import numpy as np
import pytest

import tensorlib as torch
from test_math_elementwise import check, layouts, sample

DTYPES = ["float32", "float64", "int64", "int8", "uint8", "bool", "float16"]


@pytest.mark.parametrize("dtype", DTYPES)
def test_cat_stack_layouts(dtype):
    a = sample(dtype, (2, 3), 1)
    b = sample(dtype, (2, 3), 2)
    for (_, ta, na), (_, tb, nb) in zip(layouts(a), layouts(b)[::-1]):
        check(torch.cat([ta, tb]), np.concatenate([na, nb]), dtype)
        check(torch.cat((ta, tb), dim=1), np.concatenate([na, nb], 1), dtype)
        check(torch.cat([ta, tb], -1), np.concatenate([na, nb], -1), dtype)
        check(torch.stack([ta, tb]), np.stack([na, nb]), dtype)
        check(torch.stack([ta, tb], 2), np.stack([na, nb], 2), dtype)
        check(torch.stack([ta, tb], -1), np.stack([na, nb], -1), dtype)
        check(torch.hstack([ta, tb]), np.hstack([na, nb]), dtype)
        check(torch.vstack([ta, tb]), np.vstack([na, nb]), dtype)
        check(torch.dstack([ta, tb]), np.dstack([na, nb]), dtype)


def test_cat_rules():
    F = torch.ones(2, 3)
    R = torch.arange(6).view(2, 3)
    check(torch.cat([F, R]), np.concatenate([np.ones((2, 3)), np.arange(6).reshape(2, 3)]), "float32")
    check(torch.cat([R, torch.ones(1, 3, dtype=torch.bool)]), np.concatenate([np.arange(6).reshape(2, 3),
                                                                             np.ones((1, 3))]), "int64")
    check(torch.cat([F, torch.tensor([])]), np.ones((2, 3)), "float32")
    check(torch.cat([torch.ones(0, 3), F]), np.ones((2, 3)), "float32")
    check(torch.cat([torch.tensor([]).long(), torch.tensor([])]), np.zeros(0), "float32")
    check(torch.cat([torch.ones(2, 0), torch.ones(3, 0)]), np.zeros((5, 0)), "float32")
    check(torch.concat((F, F)), np.ones((4, 3)), "float32")
    check(torch.concatenate((F, F)), np.ones((4, 3)), "float32")
    check(torch.stack([torch.tensor(1), torch.tensor(2)]), [1, 2], "int64")
    check(torch.vstack([torch.tensor(1), torch.tensor(2)]), [[1], [2]], "int64")
    check(torch.hstack([torch.tensor([1, 2]), torch.tensor([3])]), [1, 2, 3], "int64")
    check(torch.dstack([torch.tensor([1, 2]), torch.tensor([3, 4])]), [[[1, 3], [2, 4]]], "int64")
    out = torch.empty(4, 3)
    assert torch.cat([R, R], out=out) is out and out.dtype is torch.float32
    with pytest.warns(UserWarning, match="was resized"):
        torch.cat([F, F], out=torch.empty(1))
    out = torch.empty(2, 2, 3)
    assert torch.stack([F, F], out=out) is out


@pytest.mark.parametrize("expr, exc, msg", [
    (lambda: torch.cat([torch.ones(2, 3), torch.ones(2, 2)]), RuntimeError,
     "Sizes of tensors must match except in dimension 0. Expected size 3 but got size 2 for tensor number 1 in the "
     "list."),
    (lambda: torch.cat([]), ValueError, "torch.cat(): expected a non-empty list of Tensors"),
    (lambda: torch.cat([torch.ones(2, 3), torch.ones(3)]), RuntimeError,
     "Tensors must have same number of dimensions: got 2 and 1"),
    (lambda: torch.cat([torch.tensor(1.0), torch.tensor(2.0)]), RuntimeError,
     "zero-dimensional tensor (at position 0) cannot be concatenated"),
    (lambda: torch.cat(torch.ones(2)), TypeError,
     "cat(): argument 'tensors' (position 1) must be tuple of Tensors, not Tensor"),
    (lambda: torch.cat([torch.ones(2), 1]), TypeError, "expected Tensor as element 1 in argument 0, but got int"),
    (lambda: torch.cat((torch.ones(2, 3), torch.ones(2, 3)), dim=2), IndexError,
     "Dimension out of range (expected to be in range of [-2, 1], but got 2)"),
    (lambda: torch.cat([torch.ones(2), torch.ones(2)], out=torch.empty(4, dtype=torch.long)), TypeError,
     "torch.cat(): input types can't be cast to the desired output type Long"),
    (lambda: torch.stack([torch.ones(2, 3), torch.ones(3)]), RuntimeError,
     "stack expects each tensor to be equal size, but got [2, 3] at entry 0 and [3] at entry 1"),
    (lambda: torch.stack([]), RuntimeError, "stack expects a non-empty TensorList"),
    (lambda: torch.stack([torch.ones(2, 3)] * 2, 3), IndexError,
     "Dimension out of range (expected to be in range of [-3, 2], but got 3)"),
])
def test_joining_errors(expr, exc, msg):
    with pytest.raises(exc) as info:
        expr()
    assert str(info.value) == msg


@pytest.mark.parametrize("dtype", DTYPES)
def test_flip_roll_repeat_tile(dtype):
    a = sample(dtype, (3, 4), 3)
    for _, t, arr in layouts(a):
        check(t.flip(0), np.flip(arr, 0), dtype)
        check(torch.flip(t, (0, 1)), np.flip(arr, (0, 1)), dtype)
        check(t.flip([1]), np.flip(arr, 1), dtype)
        check(torch.roll(t, 1), np.roll(arr, 1), dtype)
        check(torch.roll(t, -5, 1), np.roll(arr, -5, 1), dtype)
        check(torch.roll(t, (1, 2), (0, 1)), np.roll(arr, (1, 2), (0, 1)), dtype)
        check(t.repeat(2, 3), np.tile(arr, (2, 3)), dtype)
        check(t.repeat(2, 1, 1), np.tile(arr, (2, 1, 1)), dtype)
        check(t.tile(2), np.tile(arr, 2), dtype)
        check(t.tile((2, 1, 1)), np.tile(arr, (2, 1, 1)), dtype)
        check(t.tril(), np.tril(arr), dtype)
        check(t.triu(1), np.triu(arr, 1), dtype)
        check(torch.tril(t, -1), np.tril(arr, -1), dtype)


def test_structure_rules():
    R = torch.arange(6).view(2, 3)
    assert torch.arange(3).repeat(0).tolist() == []
    assert torch.tensor(5).repeat(2, 2).tolist() == [[5, 5], [5, 5]]
    assert torch.roll(torch.ones(0, 3), 1).shape == (0, 3)
    assert torch.flip(torch.ones(3, 4).t(), [0]).stride() == (1, 4)
    x = torch.ones(3, 3)
    v = x._version
    assert x.tril_() is x and x.tolist() == np.tril(np.ones((3, 3))).tolist() and x._version == v + 1
    assert x.triu_(1) is x and x.tolist() == np.zeros((3, 3)).tolist()
    check(torch.ones(2, 3, 3).triu(), np.triu(np.ones((2, 3, 3))), "float32")
    check(torch.diag(torch.tensor([1, 2])), np.diag([1, 2]), "int64")
    check(torch.diag(torch.tensor([1, 2]), 1), np.diag([1, 2], 1), "int64")
    check(torch.diag(torch.tensor([1, 2]), -2), np.diag([1, 2], -2), "int64")
    for _, t, arr in layouts(sample("float32", (3, 4), 4)):
        for k in (-3, -1, 0, 2, 5):
            check(torch.diag(t, k), np.diag(arr, k), "float32")
    for expr, exc, msg in [
        (lambda: R.flip([0, 0]), RuntimeError, "dim 0 appears multiple times in the list of dims"),
        (lambda: torch.roll(R, (1,), (0, 1)), RuntimeError, "shifts and dimensions must align. shifts: 1, dims:2"),
        (lambda: R.repeat(2), RuntimeError,
         "Number of dimensions of repeat dims can not be smaller than number of dimensions of tensor"),
        (lambda: torch.arange(3).repeat(-1), RuntimeError, "Trying to create tensor with negative dimension -3: [-3]"),
        (lambda: torch.ones(3).tril(), RuntimeError, "tril: input tensor must have at least 2 dimensions"),
        (lambda: torch.diag(torch.ones(2, 3, 4)), RuntimeError, "diag(): Supports 1D or 2D tensors. Got 3D"),
    ]:
        with pytest.raises(exc) as info:
            expr()
        assert str(info.value) == msg
