"""Shortcuts on the hottest Python paths give what the general paths give: ``arange`` of plain
ints, and the registry's binding of a call without keywords (``ops/_registry.py``)."""
import numpy as np
import pytest

import tensorlib as torch
from tensorlib.ops._registry import OPS

ARANGES = [(5,), (0,), (1,), (3, 10), (10, 3, -2), (3, 3), (-5, 7, 3), (7, -5, -4), (1, 100, 7), (0, 10, 10),
           (-(2 ** 40), -(2 ** 40) + 5), (2 ** 61, 2 ** 61 + 3)]


@pytest.mark.parametrize("args", ARANGES)
def test_arange_of_plain_ints_equals_the_general_path(args):
    fast = torch.arange(*args)
    general = torch.arange(*(np.int64(v) for v in args))   # NumPy ints take the general path
    assert fast.dtype == general.dtype == torch.int64
    assert fast.shape == general.shape and fast.stride() == general.stride()
    assert fast.tolist() == general.tolist() == list(range(*args))
    assert torch.arange(*args, dtype=torch.int64).tolist() == general.tolist()


def test_arange_of_plain_ints_keeps_its_errors_and_options():
    with pytest.raises(RuntimeError, match="upper bound and lower bound inconsistent with step sign"):
        torch.arange(3, 10, -1)
    with pytest.raises(RuntimeError, match="step must be nonzero"):
        torch.arange(0, 5, 0)
    with pytest.raises(RuntimeError, match="Only Tensors of floating point and complex dtype can require gradients"):
        torch.arange(3, requires_grad=True)
    out = torch.empty(2, dtype=torch.int64)
    assert torch.arange(4, out=out) is out and out.tolist() == [0, 1, 2, 3]
    assert torch.arange(4, dtype=torch.float32).dtype == torch.float32
    assert torch.arange(2 ** 62 + 1, 2 ** 62 + 3).tolist() == [2 ** 62 + 1, 2 ** 62 + 2]   # the general path


CALLS = [("log_softmax", (1,)), ("log_softmax", (0, None)), ("log_softmax", (1, torch.float64)), ("clamp", (0.0,)),
         ("clamp", (None, 2)), ("softmax", (-1,)), ("addcmul", ()), ("lerp", ()), ("pow", (2,)), ("pow", (2.5,)),
         ("add", (True,))]


@pytest.mark.parametrize("name, args", CALLS)
def test_binding_without_keywords_equals_the_general_binding(name, args):
    op = OPS[name]
    tail = op._filled.get(len(args)) if op._filled else None
    general = dict(op._filled)
    op._filled = {}
    try:
        try:
            expected = op.bind(name, args, {})
        except TypeError as error:
            expected = error
    finally:
        op._filled = general
    try:
        got = op.bind(name, args, {})
    except TypeError as error:
        got = error
    if isinstance(expected, TypeError):
        assert isinstance(got, TypeError) and str(got) == str(expected)
    else:
        assert got == expected
        assert tail is None or got[len(args):] == tail


def test_a_number_where_an_int_is_expected_still_raises_pytorchs_error():
    x = torch.ones(2, 3)
    with pytest.raises(TypeError, match=r"log_softmax\(\): argument 'dim' \(position 1\) must be int, not float"):
        x.log_softmax(1.0)


class _OddIndex:
    """An object whose ``__index__`` returns no int (operator.index refuses it)."""

    def __index__(self):
        return 2.0


def _size_args_by_loop(args):
    if len(args) == 1 and isinstance(args[0], (tuple, list)):
        args = args[0]
    return tuple(a.__index__() for a in args)


@pytest.mark.parametrize("args", [(2, 3), ((2, 3),), ([4],), (torch.Size([5, 6]),), (np.int64(3), True),
                                  (torch.tensor(7), 1), (), ((),), (_OddIndex(), 1)])
def test_size_args_takes_what_each_element_indexes_to(args):
    from tensorlib._size import size_args
    assert size_args(args) == _size_args_by_loop(args)


def test_size_args_error_and_shape_sizes():
    from tensorlib._size import size_args
    with pytest.raises(TypeError, match="expected a sequence of integers, but got an element of type float"):
        size_args((2, 3.0))
    x = torch.ones(2, 3)
    assert type(x.shape) is torch.Size and x.shape == (2, 3) and type(x.size()) is torch.Size
    assert repr(x.shape[1:]) == "torch.Size([3])"


def _pieces_cases():
    x = torch.randn(6, 10, dtype=torch.float64)
    return [
        (x, lambda t: t.split(3, 1), 1), (x, lambda t: t.split([2, 5, 3], 1), 1), (x, lambda t: t.chunk(2, 0), 0),
        (x, lambda t: t.unbind(0), 0), (x, lambda t: t.unbind(1), 1), (x.t(), lambda t: t.split(4, 0), 0),
        (torch.randn(3, 4, 5, dtype=torch.float32), lambda t: t.unbind(2), 2),
        (torch.randn(3, 4, dtype=torch.bfloat16), lambda t: t.split(1, 1), 1)]


@pytest.mark.parametrize("case", range(8))
@pytest.mark.parametrize("missing", [(), (0,), (1, 2)])
def test_split_and_unbind_gradients_join_the_pieces_as_the_tensor_formula(case, missing):
    x, pieces_of, _ = _pieces_cases()[case]
    x = x.detach().requires_grad_()
    pieces = pieces_of(x)
    used = [p for i, p in enumerate(pieces) if i not in missing]
    seeds = [torch.randn(p.shape).to(p.dtype) if i % 2 else torch.randn(p.shape[::-1]).to(p.dtype).T
             if p.dim() == 2 else torch.randn(p.shape).to(p.dtype) for i, p in enumerate(used)]
    (joined,) = torch.autograd.grad(used, x, seeds, retain_graph=True)
    (composed,) = torch.autograd.grad(used, x, seeds, create_graph=True)   # the tensor formula
    assert joined.dtype == x.dtype and joined.shape == x.shape and joined.is_contiguous()
    assert torch.equal(joined, composed.detach())
    assert pieces[0].grad_fn.name() in ("SplitBackward0", "SplitWithSizesBackward0", "UnbindBackward0")
