"""Creation, dtype inference, legacy constructors, conversions and NumPy interop."""
import re
import warnings

import numpy as np
import pytest

import tensorlib as torch


@pytest.mark.parametrize("data, dtype, values", [
    ([1, 2, 3], torch.int64, [1, 2, 3]),
    ([1.0, 2.5], torch.float32, [1.0, 2.5]),
    ([True, False], torch.bool, [True, False]),
    ([True, 1], torch.int64, [1, 1]),
    ([1, 2.0], torch.float32, [1.0, 2.0]),
    ([], torch.float32, []),
    ([[1, 2], [3, 4]], torch.int64, [[1, 2], [3, 4]]),
    ((1, 2), torch.int64, [1, 2]),
    (3.5, torch.float32, 3.5),
    (7, torch.int64, 7),
    (np.float64(1.5), torch.float64, 1.5),
    (np.int32(3), torch.int32, 3),
    ([np.float64(1.5)], torch.float64, [1.5]),
])
def test_tensor_dtype_inference(data, dtype, values):
    t = torch.tensor(data)
    assert t.dtype is dtype
    assert t.tolist() == values


@pytest.mark.parametrize("data, error, message", [
    ([[1, 2], [3]], ValueError, "expected sequence of length 2 at dim 1 (got 1)"),
    ([[1], [2, 3]], ValueError, "expected sequence of length 1 at dim 1 (got 2)"),
    ("a", TypeError, "new(): invalid data type 'str'"),
    ([[1, 2], 3], TypeError, "not a sequence"),
])
def test_tensor_rejects_bad_data(data, error, message):
    with pytest.raises(error, match=re.escape(message)):
        torch.tensor(data)


def test_tensor_requires_grad_needs_floating_point():
    assert torch.tensor([1.0], requires_grad=True).requires_grad
    with pytest.raises(RuntimeError, match="Only Tensors of floating point and complex dtype can require gradients"):
        torch.tensor([1, 2], requires_grad=True)


def test_tensor_casts_to_requested_dtype_truncating_toward_zero():
    assert torch.tensor([1.7, -1.7], dtype=torch.int32).tolist() == [1, -1]
    assert torch.tensor([0, 2], dtype=torch.bool).tolist() == [False, True]
    assert torch.tensor([1, 2], dtype=torch.float64).dtype is torch.float64


def test_tensor_from_ndarray_copies_and_keeps_dtype():
    z = np.ones(3)
    x = torch.tensor(z)
    z += 1
    assert x.dtype is torch.float64 and x.tolist() == [1.0, 1.0, 1.0]
    assert torch.tensor(np.arange(3, dtype=np.int32)).dtype is torch.int32


@pytest.mark.parametrize("make, strides", [
    (lambda: np.arange(12.).reshape(3, 4).T, (1, 4)),                       # transposed stays transposed
    (lambda: np.arange(24.).reshape(2, 3, 4).transpose(2, 0, 1), (1, 12, 4)),
    (lambda: np.ones((5, 1), np.float32).T, (1, 1)),                        # a size-1 dim keeps its stride
    (lambda: np.arange(24.).reshape(2, 3, 4)[:, ::2], (8, 4, 1)),          # gaps: made contiguous
    (lambda: np.broadcast_to(np.ones(3), (2, 3)), (3, 1)),                  # overlapping: contiguous
    (lambda: np.ones((2, 0, 3)).T, (0, 0, 0)),
])
def test_tensor_from_ndarray_keeps_dense_strides(make, strides):
    array = make()
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a read-only array is only read: no warning about writing
        x = torch.tensor(array, dtype=torch.float32)
    assert x.stride() == strides
    np.testing.assert_array_equal(x.numpy(), array.astype(np.float32))
    x[...] = 2  # the copy is writable, an empty one with zero strides too
    np.testing.assert_array_equal(x.numpy(), np.full(array.shape, 2, np.float32))


def test_tensor_of_tensor_warns_and_copies():
    src = torch.ones(2)
    with pytest.warns(UserWarning, match=re.escape("To copy construct from a tensor, it is recommended to use "
                                                   "sourceTensor.detach().clone()")):
        copy = torch.tensor(src)
    assert copy._storage is not src._storage


def test_legacy_tensor_constructor_forms():
    assert torch.Tensor(2, 3).shape == (2, 3) and torch.Tensor(2, 3).dtype is torch.float32
    assert torch.Tensor([2, 3]).tolist() == [2.0, 3.0]
    assert torch.Tensor((2, 3)).tolist() == [2.0, 3.0]
    assert torch.Tensor(torch.Size([2, 3])).shape == (2, 3)
    assert torch.Tensor().shape == (0,)
    with pytest.raises(TypeError, match=re.escape("new(): data must be a sequence (got float)")):
        torch.Tensor(2.5)
    with pytest.raises(RuntimeError, match=re.escape("Trying to create tensor with negative dimension -1: [-1, 2]")):
        torch.Tensor(-1, 2)


@pytest.mark.parametrize("ctor, dtype, name", [
    (torch.FloatTensor, torch.float32, "torch.FloatTensor"),
    (torch.DoubleTensor, torch.float64, "torch.DoubleTensor"),
    (torch.HalfTensor, torch.float16, "torch.HalfTensor"),
    (torch.IntTensor, torch.int32, "torch.IntTensor"),
    (torch.LongTensor, torch.int64, "torch.LongTensor"),
    (torch.ByteTensor, torch.uint8, "torch.ByteTensor"),
    (torch.CharTensor, torch.int8, "torch.CharTensor"),
    (torch.ShortTensor, torch.int16, "torch.ShortTensor"),
    (torch.BoolTensor, torch.bool, "torch.BoolTensor"),
])
def test_typed_constructors(ctor, dtype, name):
    t = ctor([1, 0])
    assert t.dtype is dtype and t.type() == name
    assert ctor(2, 3).shape == (2, 3)
    assert isinstance(t, ctor) and isinstance(t, torch.Tensor)
    assert type(t) is torch.Tensor


def test_factories_shapes_dtypes_and_values():
    assert torch.zeros(2, 3).tolist() == [[0.0] * 3] * 2
    assert torch.ones((2,), dtype=torch.int32).tolist() == [1, 1]
    assert torch.empty(4, 3).shape == (4, 3)
    assert torch.full((2,), 3).dtype is torch.int64
    assert torch.full((2,), True).dtype is torch.bool
    assert torch.full((2,), 1.5).tolist() == [1.5, 1.5]
    assert torch.arange(1, 6, 2).tolist() == [1, 3, 5]
    assert torch.arange(5).dtype is torch.int64
    assert torch.arange(0, 1, 0.25).tolist() == [0.0, 0.25, 0.5, 0.75]
    assert torch.eye(2, 3).tolist() == [[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]]
    assert torch.eye(3).tolist()[2] == [0.0, 0.0, 1.0]
    np.testing.assert_allclose(torch.linspace(0, 1, 7).numpy(), np.linspace(0, 1, 7), rtol=1e-6)
    assert torch.linspace(-1, 1, 5).tolist() == [-1.0, -0.5, 0.0, 0.5, 1.0]
    assert torch.zeros(0, 3).shape == (0, 3)
    assert torch.zeros(()).shape == ()


@pytest.mark.parametrize("call, message", [
    (lambda: torch.arange(0, 5, 0), "step must be nonzero"),
    (lambda: torch.arange(0, 5, -1), "upper bound and lower bound inconsistent with step sign"),
    (lambda: torch.zeros(-1, 2), "zeros: Dimension size must be non-negative."),
    (lambda: torch.ones(-1, 2), "Trying to create tensor with negative dimension -1: [-1, 2]"),
    (lambda: torch.full((-1,), 2), "Trying to create tensor with negative dimension -1: [-1]"),
])
def test_factory_errors(call, message):
    with pytest.raises(RuntimeError, match=re.escape(message)):
        call()


@pytest.mark.parametrize("factory", [
    torch.zeros, torch.ones, torch.empty, torch.rand, torch.randn, lambda shape: torch.randint(3, shape),
    lambda shape: torch.full(shape, 2), lambda shape: torch.Tensor(*shape),
], ids=["zeros", "ones", "empty", "rand", "randn", "randint", "full", "Tensor"])
def test_factories_make_as_many_dimensions_as_numpy_allows_and_no_more(factory):
    most = 64 if np.lib.NumpyVersion(np.__version__) >= "2.0.0" else 32
    assert factory([1] * most).dim() == most
    with pytest.raises(RuntimeError) as info:
        factory([1] * (most + 1))
    assert str(info.value) == f"tensors with more than {most} dimensions are not supported"


def test_random_factories_are_seeded_and_in_range():
    torch.manual_seed(0)
    a = torch.rand(2, 3)
    torch.manual_seed(0)
    assert torch.rand(2, 3).tolist() == a.tolist()
    assert a.dtype is torch.float32 and (a.numpy() >= 0).all() and (a.numpy() < 1).all()
    assert torch.randn(3, dtype=torch.float64).dtype is torch.float64
    r = torch.randint(3, 7, (100,))
    assert r.dtype is torch.int64 and r.numpy().min() >= 3 and r.numpy().max() < 7
    assert torch.randint(5, (2, 2)).shape == (2, 2)
    assert sorted(torch.randperm(5).tolist()) == [0, 1, 2, 3, 4]
    assert torch.randn(2, 2, requires_grad=True).requires_grad


def test_like_factories_follow_input():
    x = torch.ones(2, 3, dtype=torch.int32)
    for f in (torch.zeros_like, torch.ones_like, torch.empty_like):
        y = f(x)
        assert y.shape == (2, 3) and y.dtype is torch.int32
    assert torch.full_like(x, 7).tolist() == [[7] * 3] * 2
    assert torch.rand_like(torch.ones(2)).dtype is torch.float32
    assert torch.zeros_like(x, dtype=torch.float64).dtype is torch.float64
    assert torch.randint_like(x, 10).dtype is torch.int32


def test_default_dtype_changes_inference():
    torch.set_default_dtype(torch.float64)
    try:
        assert torch.tensor([1.5]).dtype is torch.float64
        assert torch.zeros(1).dtype is torch.float64
        assert torch.tensor([1]).dtype is torch.int64
    finally:
        torch.set_default_dtype(torch.float32)
    with pytest.raises(TypeError, match="only floating-point types are supported as the default type"):
        torch.set_default_dtype(torch.int32)


def test_set_default_tensor_type_warns():
    with pytest.warns(UserWarning, match="set_default_tensor_type\\(\\) is deprecated"):
        torch.set_default_tensor_type("torch.FloatTensor")
    assert torch.get_default_dtype() is torch.float32


def test_dtype_objects_and_aliases():
    assert torch.float is torch.float32 and torch.double is torch.float64 and torch.half is torch.float16
    assert torch.long is torch.int64 and torch.int is torch.int32 and torch.short is torch.int16
    assert repr(torch.float32) == "torch.float32" and str(torch.bool) == "torch.bool"
    assert torch.float32.is_floating_point and not torch.int64.is_floating_point
    assert torch.float16.itemsize == 2


def test_conversions_and_type_strings():
    a = torch.zeros(2, 3)
    assert a.type() == "torch.FloatTensor"
    assert a.float() is a and a.to(torch.float32) is a
    b = a.int()
    assert b.dtype is torch.int32 and b.type() == "torch.IntTensor"
    assert a.long().dtype is torch.int64 and a.double().dtype is torch.float64
    assert a.half().dtype is torch.float16 and a.bool().dtype is torch.bool
    assert a.byte().dtype is torch.uint8 and a.char().dtype is torch.int8 and a.short().dtype is torch.int16
    assert a.type("torch.IntTensor").dtype is torch.int32
    assert a.type(torch.float64).dtype is torch.float64
    assert a.to("cpu", torch.double).dtype is torch.float64
    assert a.to(torch.ones(1, dtype=torch.int8)).dtype is torch.int8
    assert torch.tensor([1.9, -1.9]).int().tolist() == [1, -1]
    assert a.element_size() == 4 and a.double().element_size() == 8
    with pytest.raises(ValueError, match="invalid type: 'torch.NopeTensor'"):
        a.type("torch.NopeTensor")


def test_new_follows_dtype():
    x = torch.zeros(2, dtype=torch.int32)
    assert x.new().shape == (0,) and x.new().dtype is torch.int32
    assert x.new(2, 3).shape == (2, 3) and x.new(torch.Size([4])).shape == (4,)
    assert x.new([1.5, 2]).tolist() == [1, 2]
    assert x.new(x) is x
    assert x.new_zeros(3).dtype is torch.int32 and x.new_ones((2,)).tolist() == [1, 1]
    assert x.new_full((2,), 5).tolist() == [5, 5] and x.new_tensor([1]).dtype is torch.int32


def test_scalars_sizes_and_python_values():
    x = torch.tensor([[1.5, 2.0]])
    assert x.size() == torch.Size([1, 2]) and x.size(1) == 2 and x.size(-1) == 2
    assert x.dim() == 2 and x.ndim == 2 and x.numel() == 2 and x.nelement() == 2
    assert torch.tensor(3.).numel() == 1
    assert torch.tensor([0.1]).tolist() == [0.10000000149011612]
    assert torch.tensor([2.5]).item() == 2.5 and isinstance(torch.tensor([3]).item(), int)
    assert float(torch.tensor(2.5)) == 2.5 and int(torch.tensor(2.9)) == 2 and bool(torch.tensor([1]))
    with pytest.raises(RuntimeError, match="a Tensor with 2 elements cannot be converted to Scalar"):
        x.item()
    with pytest.raises(RuntimeError, match="Boolean value of Tensor with more than one value is ambiguous"):
        bool(x)


def test_size_behaves_like_torch_size():
    s = torch.Size([2, 3])
    assert repr(s) == "torch.Size([2, 3])" and repr(torch.Size([])) == "torch.Size([])"
    assert s == (2, 3) and s != [2, 3]
    assert isinstance(s[1:], torch.Size) and isinstance(s + (4,), torch.Size)
    assert isinstance((4,) + s, torch.Size) and isinstance(s * 2, torch.Size)
    assert s.numel() == 6


def test_numpy_shares_memory_both_ways():
    a = torch.ones(5)
    b = a.numpy()
    b += 1
    assert a.tolist() == [2.0] * 5
    m = np.zeros(5)
    n = torch.from_numpy(m)
    m += 1
    assert n.tolist() == [1.0] * 5 and n.dtype is torch.float64
    assert torch.as_tensor(m)._storage.data.ctypes.data == m.ctypes.data


def test_from_numpy_accepts_any_non_negative_strides():
    base = np.arange(24.0).reshape(4, 6)
    view = base[::2, 1::2].T
    t = torch.from_numpy(view)
    np.testing.assert_array_equal(t.numpy(), view)
    base[0, 1] = -7
    assert t.tolist()[0][0] == -7
    with pytest.raises(ValueError, match="At least one stride in the given numpy array is negative"):
        torch.from_numpy(base[::-1])
    with pytest.raises(TypeError, match="expected np.ndarray"):
        torch.from_numpy([1, 2])


def test_numpy_refuses_tensors_that_require_grad():
    with pytest.raises(RuntimeError, match=re.escape(
            "Can't call numpy() on Tensor that requires grad. Use tensor.detach().numpy() instead.")):
        torch.ones(2, requires_grad=True).numpy()
    assert np.asarray(torch.ones(2)).tolist() == [1.0, 1.0]


def test_copy_broadcasts_and_casts():
    x = torch.zeros(2, 3)
    x.copy_(torch.tensor([1, 2, 3]))
    assert x.tolist() == [[1.0, 2.0, 3.0]] * 2
    with pytest.raises(RuntimeError, match=re.escape(
            "The size of tensor a (3) must match the size of tensor b (4) at non-singleton dimension 0")):
        torch.zeros(3).copy_(torch.zeros(4))
    v = x._version
    x.copy_(torch.ones(3))
    assert x._version == v + 1


def test_clone_copies():
    x = torch.arange(4)
    c = x.clone()
    c.numpy()[0] = 9
    assert x.tolist()[0] == 0
