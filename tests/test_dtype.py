"""dtype objects and PyTorch's promotion table (tensor-tensor, 0-d tensors, Python scalars)."""
import pytest

import tensorlib as torch
from tensorlib import _dtype


@pytest.mark.parametrize("a, b, expected", [
    (torch.int64, torch.float32, torch.float32),
    (torch.int32, torch.int64, torch.int64),
    (torch.int32, torch.float64, torch.float64),
    (torch.float32, torch.float64, torch.float64),
    (torch.bool, torch.int64, torch.int64),
    (torch.uint8, torch.int8, torch.int16),
    (torch.int64, torch.float16, torch.float16),
    (torch.uint8, torch.int64, torch.int64),
    (torch.bool, torch.bool, torch.bool),
    (torch.float16, torch.float32, torch.float32),
    (torch.bool, torch.float16, torch.float16),
])
def test_promote_types_table(a, b, expected):
    assert torch.promote_types(a, b) is expected
    assert torch.promote_types(b, a) is expected


@pytest.mark.parametrize("tensor_dtype, other, expected", [
    (torch.int32, 1, torch.int32),
    (torch.int64, 1.5, torch.float32),
    (torch.float16, 1.5, torch.float16),
    (torch.bool, 1, torch.int64),
    (torch.uint8, 1000, torch.uint8),
    (torch.bool, True, torch.bool),
])
def test_python_scalars_only_change_the_category(tensor_dtype, other, expected):
    assert _dtype.result_type(torch.zeros(2, dtype=tensor_dtype), other) is expected


@pytest.mark.parametrize("tensor_dtype, zero_dim_dtype, expected", [
    (torch.float32, torch.float64, torch.float32),
    (torch.int32, torch.int64, torch.int32),
    (torch.int32, torch.float64, torch.float64),
    (torch.uint8, torch.int8, torch.uint8),
])
def test_zero_dim_tensors_act_like_scalars_within_a_category(tensor_dtype, zero_dim_dtype, expected):
    dim = torch.zeros(2, dtype=tensor_dtype)
    zero = torch.zeros((), dtype=zero_dim_dtype)
    assert _dtype.result_type(dim, zero) is expected


def test_default_dtype_drives_float_scalars():
    torch.set_default_dtype(torch.float64)
    try:
        assert _dtype.result_type(torch.zeros(2, dtype=torch.int64), 1.5) is torch.float64
    finally:
        torch.set_default_dtype(torch.float32)


def test_from_numpy_rejects_unsupported_types():
    import numpy as np
    with pytest.raises(TypeError, match="can't convert np.ndarray of type numpy.object"):
        torch.from_numpy(np.array([object()]))
