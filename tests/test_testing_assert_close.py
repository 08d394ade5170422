"""torch.testing.assert_close (tolerances per dtype, messages) and torch.testing.make_tensor;
the marked class compares every message with PyTorch's."""
import warnings

import numpy as np
import pytest

import tensorlib as torch
from parity import real_torch
from tensorlib.testing import assert_close, make_tensor

_CALLS = [
    "assert_close(a, a + t.tensor([0, 0, 1e-3, 0.1]))",
    "assert_close(a, a.double())",
    "assert_close(a, a.double(), check_dtype=False)",
    "assert_close(a, a[:3])",
    "assert_close(t.tensor([1, 2]), t.tensor([1, 3]))",
    "assert_close(t.tensor(1.0), t.tensor(2.0))",
    "assert_close(t.tensor(1), t.tensor(3))",
    "assert_close(t.tensor([float('nan')]), t.tensor([float('nan')]))",
    "assert_close(t.tensor([float('nan')]), t.tensor([float('nan')]), equal_nan=True)",
    "assert_close(t.tensor([float('inf')]), t.tensor([-float('inf')]))",
    "assert_close(t.tensor(float('inf')), t.tensor(float('inf')))",
    "assert_close(1.0, 1.0 + 1e-9)",
    "assert_close(1.0, 1.1)",
    "assert_close(1, 2)",
    "assert_close(1, 1.0)",
    "assert_close(True, False)",
    "assert_close([a, a], [a, a + 1])",
    "assert_close([[a]], [[a * 0]])",
    "assert_close({'x': a}, {'x': a + 1})",
    "assert_close({'a': 1}, {'b': 1})",
    "assert_close([1, 2], [1, 2, 3])",
    "assert_close((1, 2), [1, 2])",
    "assert_close(a, a, rtol=1e-3)",
    "assert_close(a, a, atol=1e-3)",
    "assert_close(a, a + 1, msg='custom')",
    "assert_close(a, a + 1, msg=lambda m: '<' + m + '>')",
    "assert_close(t.tensor([[1.0, 2], [3, 4]]), t.tensor([[1.0, 2], [3, 5]]))",
    "assert_close(t.tensor([[1.0, 2], [3, 4]]).t(), t.tensor([[1.0, 3], [2, 4.5]]))",
    "assert_close(t.tensor([True]), t.tensor([False]))",
    "assert_close(t.ones(2, 2).t(), t.ones(2, 2), check_stride=True)",
    "assert_close(t.tensor([0.0]), t.tensor([1e-6]), rtol=0, atol=0)",
    "assert_close(t.tensor([1.0], dtype=t.float16), t.tensor([1.0009], dtype=t.float16))",
    "assert_close(t.tensor([1.0], dtype=t.bfloat16), t.tensor([1.1], dtype=t.bfloat16))",
    "assert_close(t.tensor([1.0]), t.tensor([1.001]).half(), check_dtype=False)",
    "assert_close(np.array([1.0, 2]), np.array([1.0, 3]))",
    "assert_close(t.ones(0), t.ones(0))",
    "assert_close(None, None)",
]


def _outcome(module, call):
    names = {"t": module, "np": np, "assert_close": module.testing.assert_close,
             "a": module.tensor([1.0, 2.0, 3.0, 4.0])}
    try:
        eval(call, names)
    except (AssertionError, TypeError, ValueError) as error:
        return type(error).__name__, str(error).replace("tensorlib._tensor", "torch")
    return "ok"


def test_close_values_pass_and_far_ones_fail_with_the_details():
    assert_close(torch.tensor([1.0, 2.0]).t(), torch.tensor([1.0, 2.0 + 1e-6]))
    with pytest.raises(AssertionError) as caught:
        assert_close(torch.tensor([1.0, 2.0, 3.0]), torch.tensor([1.0, 2.0, 4.0]))
    assert str(caught.value) == (
        "Tensor-likes are not close!\n\nMismatched elements: 1 / 3 (33.3%)\nGreatest absolute difference: 1.0 at "
        "index (2,) (up to 1e-05 allowed)\nGreatest relative difference: 0.25 at index (2,) (up to 1.3e-06 allowed)")
    with pytest.raises(ValueError, match="Both 'rtol' and 'atol' must be either specified or omitted, but got no rtol"):
        assert_close(1.0, 1.0, atol=1.0)
    with pytest.raises(TypeError, match="No comparison pair was able to handle inputs"):
        assert_close(torch.ones(1), [1.0])


def test_make_tensor_ranges_layouts_and_flags():
    values = make_tensor(200, dtype=torch.float64, device="cpu", low=-2, high=3)
    assert values.shape == (200,) and values.min() >= -2 and values.max() < 3
    ints = make_tensor((4, 5), dtype=torch.int64, device="cpu", low=0, high=3)
    assert set(ints.unique().tolist()) <= {0, 1, 2}
    assert make_tensor(3, dtype=torch.uint8, device="cpu").min() >= 0
    assert make_tensor(50, dtype=torch.int8, device="cpu", low=-1, high=1, exclude_zero=True).ne(0).all()
    strided = make_tensor(2, 3, dtype=torch.float32, device="cpu", noncontiguous=True, requires_grad=True)
    assert not strided.is_contiguous() and strided.is_leaf and strided.requires_grad
    assert make_tensor(3, dtype=torch.bool, device="cpu").dtype is torch.bool
    with pytest.raises(ValueError, match="`low` must be less than `high`, but got 3 >= 1"):
        make_tensor(2, dtype=torch.float32, device="cpu", low=3, high=1)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)
        assert make_tensor(2, dtype=torch.float32, device="cpu", low=1, high=1).tolist() == [1.0, 1.0]


@pytest.mark.parity
class TestParity:
    @pytest.fixture
    def pt(self):
        return real_torch()

    @pytest.mark.parametrize("call", _CALLS)
    def test_outcome_matches_pytorch(self, pt, call):
        assert _outcome(torch, call) == _outcome(pt, call)
