"""torch.bfloat16 as a dtype object: it exists, prints, promotes and has its finfo whether or not
the optional ml_dtypes package (its storage) is installed; without ml_dtypes, making a bfloat16
tensor says what to install."""
import pickle

import numpy as np
import pytest

import tensorlib as torch
from tensorlib import _dtype


# ---- the dtype object ---------------------------------------------------------------------------
def test_dtype_object_describes_bfloat16():
    b = torch.bfloat16
    assert repr(b) == str(b) == "torch.bfloat16"
    assert (b.itemsize, b.is_floating_point, b.is_signed, b.is_complex) == (2, True, True, False)
    assert pickle.loads(pickle.dumps(b)) is b
    assert torch.BFloat16Tensor.dtype is b
    assert repr(torch.BFloat16Tensor) == "<class 'torch.BFloat16Tensor'>"


@pytest.mark.parametrize("other, expected", [
    ("float16", "float32"), ("float32", "float32"), ("float64", "float64"), ("int64", "bfloat16"),
    ("uint8", "bfloat16"), ("bool", "bfloat16"), ("bfloat16", "bfloat16")])
def test_promotion(other, expected):
    other, expected = getattr(torch, other), getattr(torch, expected)
    assert torch.promote_types(torch.bfloat16, other) is expected
    assert torch.promote_types(other, torch.bfloat16) is expected


def test_finfo_and_iinfo():
    f = torch.finfo(torch.bfloat16)
    assert (f.bits, f.eps, f.max, f.min, f.tiny, f.smallest_normal, f.resolution, f.dtype) == (
        16, 2 ** -7, float.fromhex("0x1.fep127"), -float.fromhex("0x1.fep127"), 2 ** -126, 2 ** -126, 0.01,
        "bfloat16")
    assert repr(f) == ("finfo(resolution=0.01, min=-3.38953e+38, max=3.38953e+38, eps=0.0078125, "
                       "smallest_normal=1.17549e-38, tiny=1.17549e-38, dtype=bfloat16)")
    assert torch.finfo().dtype == "float32" and torch.finfo(torch.float16).max == 65504
    assert torch.finfo(torch.float64).eps == np.finfo(np.float64).eps
    assert torch.finfo(torch.bfloat16) == torch.finfo(torch.bfloat16)
    assert (torch.iinfo(torch.int8).min, torch.iinfo(torch.uint8).max, torch.iinfo(torch.int64).bits) == (-128, 255, 64)
    assert repr(torch.iinfo(torch.int16)) == "iinfo(min=-32768, max=32767, dtype=int16)"
    with pytest.raises(TypeError, match=r"^torch.finfo\(\) requires a floating point input type. Use torch.iinfo"):
        torch.finfo(torch.int32)
    with pytest.raises(TypeError, match=r"^torch.iinfo\(\) requires an integer input type. Use torch.finfo"):
        torch.iinfo(torch.bfloat16)
    with pytest.raises(TypeError, match=r"^torch.bool is not supported by torch.iinfo$"):
        torch.iinfo(torch.bool)
    with pytest.raises(TypeError, match=r"^finfo\(\): argument 'type' \(position 1\) must be torch.dtype, not int$"):
        torch.finfo(3)


# ---- without ml_dtypes --------------------------------------------------------------------------
def test_without_ml_dtypes_the_dtype_exists_and_storage_says_what_to_install(monkeypatch):
    monkeypatch.setattr(_dtype.bfloat16, "_numpy", None)
    assert not torch.bfloat16.available
    assert repr(torch.bfloat16) == "torch.bfloat16" and torch.bfloat16.itemsize == 2
    assert torch.promote_types(torch.bfloat16, torch.float16) is torch.float32
    assert torch.finfo(torch.bfloat16).eps == 2 ** -7
    message = r"^tensorlib stores bfloat16 tensors through the ml_dtypes package, which is not installed: pip install"
    for make in (lambda: torch.zeros(2, dtype=torch.bfloat16), lambda: torch.tensor([1.5], dtype=torch.bfloat16),
                 lambda: torch.ones(3).bfloat16(), lambda: torch.ones(3).to(torch.bfloat16)):
        with pytest.raises(RuntimeError, match=message):
            make()
