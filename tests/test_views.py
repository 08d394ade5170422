"""Movement ops: metadata-only views sharing storage, checked against NumPy."""
import re

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import tensorlib as torch
from strategies import strided_tensors


def shares_storage(a, b):
    return a._storage is b._storage


def test_view_shares_storage_and_infers_minus_one():
    a = torch.arange(0, 6)
    b1, b2 = a.view(2, 3), a.view(-1, 2)
    assert b1.shape == (2, 3) and b2.shape == (3, 2)
    assert shares_storage(a, b1) and shares_storage(a, b2)
    a.numpy()[0] = 100
    assert b1.tolist()[0][0] == 100 and b2.tolist()[0][0] == 100


@pytest.mark.parametrize("shape, message", [
    ((-1, -1), "only one dimension can be inferred"),
    ((4, 2), "shape '[4, 2]' is invalid for input of size 6"),
    ((4, -1), "shape '[4, -1]' is invalid for input of size 6"),
])
def test_view_shape_errors(shape, message):
    with pytest.raises(RuntimeError, match=re.escape(message)):
        torch.zeros(2, 3).view(*shape)


def test_view_of_zero_elements_with_minus_one_is_ambiguous():
    with pytest.raises(RuntimeError, match="can be any value and is ambiguous"):
        torch.zeros(0, 3).view(-1, 0)


def test_view_judged_by_strides_not_contiguity():
    x = torch.arange(6).view(2, 3)
    assert x.t().view(3, 2).stride() == (1, 3)
    with pytest.raises(RuntimeError, match=re.escape(
            "view size is not compatible with input tensor's size and stride (at least one dimension spans "
            "across two contiguous subspaces). Use .reshape(...) instead.")):
        x.t().view(6)
    with pytest.raises(RuntimeError, match="view size is not compatible"):
        torch.zeros(3, 1).expand(3, 4).view(12)
    # splitting a dim works inside a sliced tensor; merging non-adjacent rows does not
    y = torch.arange(24).view(4, 6)._slice(0, 0, 4, 2)
    assert y.view(2, 3, 2).tolist() == np.arange(24).reshape(4, 6)[::2].reshape(2, 3, 2).tolist()
    with pytest.raises(RuntimeError, match="view size is not compatible"):
        y.view(12)


def test_reshape_views_when_possible_and_copies_otherwise():
    x = torch.arange(6).view(2, 3)
    assert shares_storage(x.reshape(3, 2), x)
    r = x.t().reshape(6)
    assert not shares_storage(r, x)
    assert r.tolist() == [0, 3, 1, 4, 2, 5]


def test_flatten_and_unflatten():
    x = torch.zeros(2, 3, 4)
    assert x.flatten().shape == (24,)
    assert x.flatten(1).shape == (2, 12)
    assert x.flatten(0, 1).shape == (6, 4)
    assert torch.tensor(5.).flatten().shape == (1,)
    assert x.unflatten(2, (2, -1)).shape == (2, 3, 2, 2)
    with pytest.raises(RuntimeError, match="start_dim cannot come after end_dim"):
        x.flatten(2, 1)


def test_squeeze_unsqueeze_with_negative_dims():
    x = torch.zeros(2, 1, 3, 1)
    assert x.squeeze().shape == (2, 3)
    assert x.squeeze(-1).shape == (2, 1, 3)
    assert x.squeeze(0).shape == (2, 1, 3, 1)
    assert x.squeeze((1, 3)).shape == (2, 3)
    y = torch.zeros(2, 3)
    assert y.unsqueeze(-1).shape == (2, 3, 1)
    assert y.unsqueeze(0).shape == (1, 2, 3)
    assert y.unsqueeze(1).stride() == (3, 3, 1)
    assert torch.tensor(1.).unsqueeze(0).shape == (1,)
    with pytest.raises(IndexError, match=re.escape(
            "Dimension out of range (expected to be in range of [-3, 2], but got 3)")):
        y.unsqueeze(3)
    with pytest.raises(IndexError, match=re.escape("(expected to be in range of [-4, 3], but got 4)")):
        x.squeeze(4)


def test_seed_003_view_section():
    a = torch.arange(0, 6)
    b1 = a.view(2, 3)
    assert b1.unsqueeze(1).size() == torch.Size([2, 1, 3])
    assert b1.unsqueeze(-2).shape == torch.Size([2, 1, 3])
    c = b1.view(1, 1, 1, 2, 3)
    assert c.squeeze(0).shape == torch.Size([1, 1, 2, 3])
    b2 = a.view(-1, 2)
    d1 = b1.resize_(1, 3)
    d2 = b2.resize_(3, 3)
    assert d1 is b1 and d1.tolist() == [[0, 1, 2]]
    assert d2.tolist()[:2] == [[0, 1, 2], [3, 4, 5]]
    assert a.tolist() == [0, 1, 2, 3, 4, 5]


def test_transpose_t_permute_T():
    x = torch.arange(6).view(2, 3)
    assert x.t().stride() == (1, 3) and not x.t().is_contiguous()
    assert x.transpose(0, 1).tolist() == [[0, 3], [1, 4], [2, 5]]
    assert x.transpose(-1, -2).shape == (3, 2)
    assert torch.arange(3).t().shape == (3,)
    y = torch.arange(24).view(2, 3, 4)
    assert y.permute(2, 0, 1).shape == (4, 2, 3)
    assert y.permute((2, 0, 1)).stride() == (1, 12, 4)
    assert y.T.shape == (4, 3, 2)
    np.testing.assert_array_equal(y.permute(1, 2, 0).numpy(), np.arange(24).reshape(2, 3, 4).transpose(1, 2, 0))
    with pytest.raises(RuntimeError, match=re.escape("t() expects a tensor with <= 2 dimensions, but self is 3D")):
        y.t()
    with pytest.raises(RuntimeError, match="duplicate dims are not allowed"):
        y.permute(0, 0, 1)


def test_contiguous_returns_self_when_contiguous():
    x = torch.zeros(2, 3)
    assert x.contiguous() is x
    c = x.t().contiguous()
    assert c is not x and c.is_contiguous() and c.stride() == (2, 1)


def test_expand_gives_stride_zero_and_rejects_bad_sizes():
    x = torch.zeros(3, 1)
    e = x.expand(3, 4)
    assert e.stride() == (1, 0) and shares_storage(e, x)
    assert x.expand(-1, 4).shape == (3, 4)
    assert x.expand(2, 3, 4).stride() == (0, 1, 0)
    assert torch.zeros(4).expand_as(torch.zeros(2, 4)).shape == (2, 4)
    with pytest.raises(RuntimeError, match=re.escape(
            "The expanded size of the tensor (4) must match the existing size (3) at non-singleton "
            "dimension 0.  Target sizes: [4, 4].  Tensor sizes: [3, 1]")):
        x.expand(4, 4)
    with pytest.raises(RuntimeError, match=re.escape(
            "expand(torch.IntTensor{[2, 3]}, size=[3]): the number of sizes provided (1) must be greater or "
            "equal to the number of dimensions in the tensor (2)")):
        torch.zeros(2, 3, dtype=torch.int32).expand(3)


def test_writes_into_expanded_tensor_are_refused():
    e = torch.zeros(3, 1).expand(3, 4)
    with pytest.raises(RuntimeError, match="more than one element of the written-to tensor"):
        e.copy_(torch.ones(4))
    assert e.tolist() == [[0.0] * 4] * 3


def test_narrow_select_unbind():
    x = torch.arange(12).view(3, 4)
    n = x.narrow(1, 1, 2)
    assert n.tolist() == [[1, 2], [5, 6], [9, 10]] and shares_storage(n, x)
    assert x.narrow(0, -2, 2).tolist() == [[4, 5, 6, 7], [8, 9, 10, 11]]
    assert x.select(1, -1).tolist() == [3, 7, 11]
    rows = x.unbind(0)
    assert len(rows) == 3 and rows[2].tolist() == [8, 9, 10, 11]
    assert [c.tolist() for c in x.unbind(1)][0] == [0, 4, 8]
    with pytest.raises(IndexError, match="index 3 is out of bounds for dimension 0 with size 3"):
        x.select(0, 3)
    with pytest.raises(RuntimeError, match=re.escape("start (3) + length (2) exceeds dimension size (4).")):
        x.narrow(1, 3, 2)


def test_split_and_chunk():
    x = torch.arange(10)
    assert [p.tolist() for p in x.split(4)] == [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9]]
    assert [p.shape[0] for p in x.split([2, 3, 5])] == [2, 3, 5]
    assert [p.shape[0] for p in x.chunk(3)] == [4, 4, 2]
    assert [p.shape[0] for p in torch.arange(6).chunk(4)] == [2, 2, 2]
    y = torch.arange(12).view(3, 4)
    assert [p.shape for p in y.split(3, dim=1)] == [(3, 3), (3, 1)]
    with pytest.raises(RuntimeError, match="split_with_sizes expects split_sizes to sum exactly to 10"):
        x.split([2, 3])


def test_iteration_len_and_unbind_agree():
    x = torch.arange(6).view(3, 2)
    assert len(x) == 3
    assert [r.tolist() for r in x] == [[0, 1], [2, 3], [4, 5]]
    with pytest.raises(TypeError, match="len\\(\\) of a 0-d tensor"):
        len(torch.tensor(1))
    with pytest.raises(TypeError, match="iteration over a 0-d tensor"):
        iter(torch.tensor(1))


def test_resize_keeps_storage_when_shrinking_and_grows_in_flat_order():
    x = torch.arange(6)
    x.resize_(2, 2)
    assert x.tolist() == [[0, 1], [2, 3]]
    x.resize_(6)
    assert x.tolist() == [0, 1, 2, 3, 4, 5]
    x.resize_(3, 3)
    assert x.tolist()[:2] == [[0, 1, 2], [3, 4, 5]]
    with pytest.raises(RuntimeError, match="cannot resize variables that require grad"):
        torch.zeros(2, requires_grad=True).resize_(3)


@settings(max_examples=60, deadline=None)
@given(strided_tensors(), st.data())
def test_movement_ops_match_numpy_on_any_layout(pair, data):
    t, a = pair
    if a.ndim >= 2:
        d0, d1 = data.draw(st.sampled_from([(0, 1), (-1, 0), (0, -2)]))
        np.testing.assert_array_equal(t.transpose(d0, d1).numpy(), np.swapaxes(a, d0, d1))
        perm = data.draw(st.permutations(range(a.ndim)))
        np.testing.assert_array_equal(t.permute(*perm).numpy(), a.transpose(perm))
    np.testing.assert_array_equal(t.reshape(-1).numpy(), a.reshape(-1))
    np.testing.assert_array_equal(t.contiguous().numpy(), a)
    assert t.contiguous().is_contiguous()
    np.testing.assert_array_equal(t.unsqueeze(0).numpy(), a[None])
    np.testing.assert_array_equal(t.squeeze().numpy(), a.squeeze())
    np.testing.assert_array_equal(t.clone().numpy(), a)
    if a.ndim >= 1 and a.shape[0] > 0:
        np.testing.assert_array_equal(t.select(0, -1).numpy(), a[-1])
        np.testing.assert_array_equal(t.narrow(0, 0, 1).numpy(), a[:1])
    if t.is_contiguous() and t.numel():
        view = t.view(t.shape)
        assert [s for s, n in zip(view.stride(), t.shape) if n > 1] == \
            [s for s, n in zip(t.stride(), t.shape) if n > 1]


# ---- set_ ----------------------------------------------------------------------------------------
def test_set_to_a_non_contiguous_tensor_shares_its_storage_and_layout():
    source = torch.arange(12.).view(3, 4).t()[1:]
    t = torch.zeros(2)
    version = t._version
    assert t.set_(source) is t
    assert t.is_set_to(source) and t.stride() == source.stride() and t.storage_offset() == source.storage_offset()
    np.testing.assert_array_equal(t.numpy(), np.arange(12.).reshape(3, 4).T[1:])
    source[0, 0] = -1.0
    assert t[0, 0].item() == -1.0
    assert t._version > version


def test_set_to_a_storage_layout_matches_numpy_as_strided():
    base = torch.arange(10.)
    t = torch.zeros(1).set_(base.untyped_storage(), 1, (3, 2), (3, 1))
    expected = np.lib.stride_tricks.as_strided(np.arange(10.)[1:], (3, 2), (24, 8))
    np.testing.assert_array_equal(t.numpy(), expected)
    assert torch.zeros(3).set_().shape == (0,)


def test_set_refusals_leave_the_tensor_unchanged():
    t = torch.arange(4.)
    for call, message in ((lambda: t.set_(torch.arange(3, dtype=torch.float64)),
                           "Could not set tensor of type double to a tensor of type float"),
                          (lambda: t.set_(t.untyped_storage(), 0, (2,), (1, 1)),
                           "unequal size length (1) and stride length (2)"),
                          (lambda: t.set_(t.untyped_storage(), -1, (2,)), "Tensor: invalid storage offset -1"),
                          (lambda: torch.ones(2, requires_grad=True).set_(t),
                           "a leaf Variable that requires grad is being used in an in-place operation.")):
        with pytest.raises(RuntimeError, match=re.escape(message)):
            call()
    assert t.tolist() == [0.0, 1.0, 2.0, 3.0] and t.stride() == (1,)
