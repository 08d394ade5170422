"""torch.searchsorted, torch.bucketize and torch.histc: values against NumPy on contiguous and
non-contiguous inputs, PyTorch's errors; parity with PyTorch in the marked class."""
import warnings

import numpy as np
import pytest

import tensorlib as torch
from parity import real_torch

_BOUNDS = np.array([1.0, 3.0, 5.0, 7.0, 9.0])
_VALUES = np.array([[0.5, 3.0, 6.0], [9.0, 9.5, 1.0]])


def test_searchsorted_one_dimensional_boundaries_match_numpy():
    bounds = torch.tensor(np.stack([_BOUNDS, _BOUNDS * 0]).T)[:, 0]  # a strided column
    for values in (torch.tensor(_VALUES), torch.tensor(_VALUES).t(), torch.tensor(_VALUES)[:, ::2]):
        a = values.numpy()
        assert torch.searchsorted(bounds, values).tolist() == np.searchsorted(_BOUNDS, a).tolist()
        for kwargs in ({"right": True}, {"side": "right"}):
            assert torch.searchsorted(bounds, values, **kwargs).tolist() == \
                np.searchsorted(_BOUNDS, a, side="right").tolist()
        assert torch.bucketize(values, bounds, right=True).tolist() == \
            np.searchsorted(_BOUNDS, a, side="right").tolist()


def test_searchsorted_rows_of_boundaries():
    bounds = np.array([[1.0, 2.0, 3.0], [10.0, 20.0, 30.0]])
    values = np.array([[2.0, 0.0], [25.0, 30.0]])
    expected = [np.searchsorted(b, v).tolist() for b, v in zip(bounds, values)]
    assert torch.searchsorted(torch.tensor(bounds), torch.tensor(values)).tolist() == expected
    right = [np.searchsorted(b, v, side="right").tolist() for b, v in zip(bounds, values)]
    assert torch.searchsorted(torch.tensor(bounds.T).t(), torch.tensor(values), right=True).tolist() == right


def test_searchsorted_sorter_scalar_int32_and_out():
    unsorted = torch.tensor([5, 1, 3])
    assert torch.searchsorted(unsorted, torch.tensor([2, 4]), sorter=torch.tensor([1, 2, 0])).tolist() == [1, 2]
    scalar = torch.searchsorted(torch.tensor(_BOUNDS), 5, right=True)
    assert scalar.shape == () and scalar.item() == 3 and scalar.dtype is torch.int64
    assert torch.bucketize(4.0, torch.tensor(_BOUNDS)).item() == 2
    small = torch.searchsorted(torch.tensor(_BOUNDS), torch.tensor([4.0]), out_int32=True)
    assert small.dtype is torch.int32
    out = torch.empty(0, dtype=torch.int64)
    assert torch.searchsorted(torch.tensor(_BOUNDS), torch.tensor([2.0, 8.0]), out=out) is out
    assert out.tolist() == [1, 4]
    empty = torch.searchsorted(torch.ones(2, 3), torch.ones(2, 0))
    assert empty.shape == (2, 0)


@pytest.mark.parametrize("call, error, message", [
    ("torch.searchsorted(b, v, side='left', right=True)", RuntimeError,
     "side and right can't be set to opposites, got side of left while right was True"),
    ("torch.searchsorted(b, v, side='up')", RuntimeError, "side can only be 'left' or 'right' but got up"),
    ("torch.searchsorted(b, v, sorter=torch.tensor([0, 1]))", RuntimeError,
     "boundary and sorter must have the same size, but got boundary tensor [5]and got sorter tensor [2]"),
    ("torch.searchsorted(b, v, sorter=torch.tensor([0, 1, 2, 3, 9]))", RuntimeError, "sorter index out of range"),
    ("torch.searchsorted(b, v, sorter=b)", RuntimeError, "sorter must be a tensor of long dtype but got dtype Double"),
    ("torch.searchsorted(torch.ones(2, 2), torch.ones(3, 1))", RuntimeError,
     "boundaries tensor [2, 2] and input value tensor [3, 1]"),
    ("torch.searchsorted(torch.ones(2, 3), 1)", RuntimeError,
     "input value can be a scalar only when boundaries tensor dimension is 1, but we got boundaries tensor dim(2)"),
    ("torch.searchsorted(b, v, out_int32=True, out=torch.empty(0, dtype=torch.int64))", RuntimeError,
     "output tensor's dtype is wrong"),
    ("torch.searchsorted(b, 'a')", TypeError, "searchsorted() received an invalid combination of arguments"),
    ("torch.bucketize(v, torch.ones(2, 2))", RuntimeError, "boundaries tensor must be 1 dimension, but got dim(2)"),
    ("torch.bucketize(torch.tensor([True]), torch.tensor([False]))", NotImplementedError,
     "\"searchsorted_out_cpu\" not implemented for 'Bool'"),
    ("torch.histc(torch.tensor([1, 2]))", NotImplementedError, "\"histogram_cpu\" not implemented for 'Long'"),
    ("torch.histc(v, bins=-1)", RuntimeError, "torch.histogram(): bins must be > 0, but got -1 for dimension 0"),
    ("torch.histc(v, min=3, max=1)", RuntimeError, "torch.histc: max must be larger than min"),
    ("torch.histc(torch.tensor([1.0, float('inf')]))", RuntimeError, "torch.histc: range of [1, inf] is not finite"),
    ("torch.histc(v, bins=2.5)", TypeError, "histc(): argument 'bins' must be int, not float"),
])
def test_errors(call, error, message):
    names = {"torch": torch, "b": torch.tensor(_BOUNDS), "v": torch.tensor([2.0])}
    with pytest.raises(error) as caught:
        eval(call, names)
    assert message in str(caught.value)


def test_histc_matches_numpy_and_picks_the_data_range():
    data = np.array([[0.0, 1.0, 2.5], [3.0, 2.0, -1.0]])
    for t in (torch.tensor(data), torch.tensor(data).t(), torch.tensor(data)[:, ::2]):
        a = t.numpy()
        np.testing.assert_array_equal(torch.histc(t, bins=3, min=0, max=3).numpy(),
                                      np.histogram(a[(a >= 0) & (a <= 3)], 3, (0, 3))[0])
        np.testing.assert_array_equal(t.histc(5).numpy(), np.histogram(a, 5, (a.min(), a.max()))[0])
    assert torch.histc(torch.tensor([1.0, 1.0]), bins=3).tolist() == [0.0, 2.0, 0.0]
    assert torch.histc(torch.tensor([]), bins=2).tolist() == [0.0, 0.0]
    half = torch.histc(torch.tensor([1.0, 2.0], dtype=torch.float16), 3)
    assert half.dtype is torch.float16 and half.tolist() == [1.0, 0.0, 1.0]
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    assert torch.histc(x, 2).grad_fn is None


@pytest.mark.parity
class TestParity:
    @pytest.fixture
    def pt(self):
        return real_torch()

    def test_searchsorted_and_bucketize(self, pt):
        rng = np.random.default_rng(0)
        bounds = np.sort(rng.integers(-5, 5, size=(3, 6)), axis=-1).astype(float)
        values = rng.integers(-6, 6, size=(3, 4)).astype(float)
        for right in (False, True):
            ours = torch.searchsorted(torch.tensor(bounds), torch.tensor(values), right=right)
            theirs = pt.searchsorted(pt.tensor(bounds), pt.tensor(values), right=right)
            assert ours.tolist() == theirs.tolist()
            ours = torch.bucketize(torch.tensor(values), torch.tensor(bounds[0]), right=right, out_int32=True)
            theirs = pt.bucketize(pt.tensor(values), pt.tensor(bounds[0]), right=right, out_int32=True)
            assert ours.tolist() == theirs.tolist() and str(ours.dtype) == str(theirs.dtype)

    def test_histc(self, pt):
        data = np.random.default_rng(1).normal(size=50)
        for bins, low, high in ((10, 0, 0), (7, -1, 1), (3, 2, 2)):
            ours = torch.histc(torch.tensor(data, dtype=torch.float32), bins, low, high)
            theirs = pt.histc(pt.tensor(data, dtype=pt.float32), bins, low, high)
            assert ours.tolist() == theirs.tolist()


def test_non_contiguous_arguments_warn_once_per_kind(monkeypatch):
    from tensorlib.ops import bucketing
    monkeypatch.setattr(bucketing, "_warned_non_contiguous", set())
    strided = torch.tensor([1.0, 0.0, 3.0, 0.0, 5.0])[::2]
    with pytest.warns(UserWarning, match=r"^torch.searchsorted\(\): boundary tensor is non-contiguous"):
        torch.searchsorted(strided, torch.tensor([2.0]))
    with pytest.warns(UserWarning, match=r"input value tensor is non-contiguous"):
        torch.bucketize(strided, torch.tensor([2.0]))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        torch.searchsorted(strided, torch.tensor([2.0]))  # said once already
