"""Indexing: t[...] reads and writes, gather/scatter, index_*, masked_*,
take/put, nonzero/argwhere/where -- checked against NumPy references on
contiguous, transposed, sliced, expanded, 0-d and empty tensors, plus
PyTorch's exact exceptions and warnings (messages observed from PyTorch)."""
import re
import warnings

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import tensorlib as torch
from tensorlib import _indexing as kernels
from tensorlib.ops import indexing as indexing_module

DTYPES = ["float32", "float64", "float16", "int64", "int32", "int16", "int8", "uint8", "bool"]
LAYOUTS = ["contiguous", "transposed", "sliced", "expanded"]
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
# messages name a NumPy scalar by its type as CPython prints it, which NumPy 2 renamed (numpy.bool_ -> numpy.bool)
NUMPY_BOOL = f"numpy.{np.bool_.__name__}"


# ---- helpers ------------------------------------------------------------------------------------------------
def tdtype(name):
    return getattr(torch, name)


def values(shape, dtype, rng):
    """Small integer-valued data (exact in every dtype, sums stay exact)."""
    data = np.asarray(rng.integers(-4, 5, size=shape))
    if dtype == "bool":
        return np.asarray(data > 0)
    if dtype == "uint8":
        return np.asarray(np.abs(data).astype(np.uint8))
    return np.asarray(data.astype(dtype))


def make(arr, layout="contiguous"):
    """A tensor holding ``arr`` with the given memory layout."""
    arr = np.asarray(arr)
    if layout == "contiguous" or arr.ndim == 0:
        return torch.tensor(arr)
    if layout == "transposed":
        order = tuple(range(arr.ndim))[::-1]
        return torch.tensor(np.ascontiguousarray(arr.transpose(order))).permute(order)
    if layout == "sliced":
        big = np.zeros(tuple(2 * s + 1 for s in arr.shape), dtype=arr.dtype)
        key = tuple(slice(1, 2 * s + 1, 2) for s in arr.shape)
        big[key] = arr
        return torch.tensor(big)[key]
    raise ValueError(layout)


def make_expanded(small, shape):
    """An expanded (stride-0) tensor and the NumPy array it equals."""
    return torch.tensor(small).expand(*shape), np.broadcast_to(small, shape).copy()


def make_layout(shape, dtype, layout, rng):
    if layout == "expanded":
        small_shape = tuple(1 if i % 2 == 0 else s for i, s in enumerate(shape))
        return make_expanded(values(small_shape, dtype, rng), shape)
    arr = values(shape, dtype, rng)
    return make(arr, layout), arr


def check(t, expected, dtype=None):
    expected = np.asarray(expected)
    assert tuple(t.shape) == expected.shape
    if dtype is not None:
        assert t.dtype is tdtype(dtype)
    assert t.tolist() == expected.tolist()


def long(data):
    return torch.tensor(np.asarray(data, dtype=np.int64))


def boolean(data):
    return torch.tensor(np.asarray(data, dtype=bool))


def raises(exc, message, full=True):
    pattern = "^" + re.escape(message) + ("$" if full else "")
    return pytest.raises(exc, match=pattern)


def shares_storage(a, b):
    return a.untyped_storage() is b.untyped_storage()


# ---- a NumPy reference for t[index] with PyTorch's rules -------------------------------------------------------
def np_index_view(arr, items):
    """Applies PyTorch's indexing rules to a NumPy array: ints, slices, None and
    ``...`` as views first, then the advanced indices (NumPy's fancy indexing
    has the same placement rules once no ints are left).  Returns (view, key)."""
    nd = arr.ndim
    specified = sum(np.asarray(i).ndim if isinstance(i, np.ndarray) and i.dtype == bool else 1
                    for i in items if i is not None and i is not Ellipsis)
    view, dim, advanced, seen = arr, 0, {}, False
    for it in items:
        if it is Ellipsis:
            if not seen:
                dim += nd - specified
                seen = True
        elif it is None:
            view = np.expand_dims(view, dim)
            dim += 1
        elif isinstance(it, int):
            view = view[(slice(None),) * dim + (it, Ellipsis)]  # the Ellipsis keeps a 0-d result a view
        elif isinstance(it, slice):
            view = view[(slice(None),) * dim + (it,)]
            dim += 1
        else:
            it = np.asarray(it)
            if it.dtype != bool:
                it = it.astype(np.int64)  # PyTorch makes integer (and empty) lists int64
            advanced[dim] = it
            dim += it.ndim if it.dtype == bool else 1
    if not advanced:
        return view, None
    key, d = [], 0
    while d < view.ndim:
        if d in advanced:
            key.append(advanced[d])
            d += advanced[d].ndim if advanced[d].dtype == bool else 1
        else:
            key.append(slice(None))
            d += 1
    return view, tuple(key)


def np_getitem(arr, items):
    view, key = np_index_view(arr, items)
    return view if key is None else view[key]


def to_torch_index(items):
    out = []
    for it in items:
        if isinstance(it, np.ndarray):
            out.append(torch.tensor(it))
        else:
            out.append(it)
    return tuple(out)


# ---- the brief's example ---------------------------------------------------------------------------------------
def test_gather_scatter_example():
    a = torch.arange(0, 16).view(4, 4)
    index = torch.LongTensor([[0, 1, 2, 3], [3, 2, 1, 0]]).t()
    e = a.gather(1, index)
    assert e.tolist() == [[0, 3], [5, 6], [10, 9], [15, 12]]
    f = torch.zeros(4, 4, dtype=torch.long)
    assert f.scatter_(1, index, e) is f
    assert f.tolist() == [[0, 0, 0, 3], [0, 5, 6, 0], [0, 9, 10, 0], [12, 0, 0, 15]]


# ---- basic indexing: views -------------------------------------------------------------------------------------
BASIC_CASES = [
    (1,), (-1,), (0, 2), (-2, -1), (slice(None),), (slice(1, None),), (slice(None, None, 2),),
    (slice(-10, 10),), (slice(3, 1),), (slice(10, None),), (None,), (None, 0), (0, None, slice(1, 3)),
    (Ellipsis,), (Ellipsis, 1), (1, Ellipsis), (0, Ellipsis, None), (None, Ellipsis, None, 0), (),
    (slice(1, 3), slice(None, None, 3)), (Ellipsis, Ellipsis), (0, Ellipsis, 1, Ellipsis),
]


@pytest.mark.parametrize("layout", ["contiguous", "transposed", "sliced"])
@pytest.mark.parametrize("items", BASIC_CASES)
def test_basic_indexing_is_a_view(items, layout):
    arr = np.arange(3 * 4 * 5, dtype=np.int64).reshape(3, 4, 5)
    t = make(arr, layout)
    r = t[items]
    check(r, np_getitem(arr, items))
    assert shares_storage(r, t)
    if r.numel():
        r[...] = -1  # writes land in the source
        expected = arr.copy()
        view, _ = np_index_view(expected, items)
        view[...] = -1
        check(t, expected)


def test_single_int_and_slice_are_views():
    t = torch.arange(12).view(3, 4)
    row = t[1]
    row[0] = 100
    assert t.tolist()[1][0] == 100
    col = t[:, 2]
    col.view(-1)  # 1-d view of a column is fine: it is strided, not copied
    part = t[1:]
    part[0, 0] = -5
    assert t.tolist()[1][0] == -5
    assert t[...] is not t and shares_storage(t[...], t)
    assert t[()] is not t and shares_storage(t[()], t)


def test_zero_dim_integer_tensor_index_is_a_view():
    t = torch.arange(12).view(3, 4)
    for dtype in ("int64", "int32", "int16", "int8"):
        r = t[torch.tensor(1, dtype=tdtype(dtype))]
        assert shares_storage(r, t)
        assert r.tolist() == [4, 5, 6, 7]
    r = t[torch.tensor(-1), torch.tensor(2)]
    assert r.shape == () and r.item() == 10 and shares_storage(r, t)
    r = t[np.int64(2)]
    assert r.tolist() == [8, 9, 10, 11] and shares_storage(r, t)


def test_index_objects_with___index__():
    class Two:
        def __index__(self):
            return 2
    t = torch.arange(5)
    assert t[Two()].item() == 2
    assert t[slice(Two(), None)].tolist() == [2, 3, 4]
    assert t[slice(torch.tensor(1), torch.tensor(3))].tolist() == [1, 2]
    assert t[::torch.tensor(2)].tolist() == [0, 2, 4]


def test_zero_dim_tensor_indexing():
    s = torch.tensor(5)
    assert s[...].tolist() == 5 and shares_storage(s[...], s)
    assert s[None].tolist() == [5]
    assert s[None, None].shape == (1, 1)
    assert s[..., None].tolist() == [5]
    assert s[True].tolist() == [5]
    assert s[False].shape == (0,)
    assert s[torch.tensor(True)].tolist() == [5]
    assert s[torch.tensor(False)].shape == (0,)


# ---- advanced indexing: copies -----------------------------------------------------------------------------------
ADVANCED_CASES = [
    ([2, 0, 2],), ([[0, 1], [2, 0]],), (slice(None), [3, 0]), ([0, 2], [1, 3]), ([0, 2], slice(None), [1, 4]),
    (slice(None), [0, 3], [1, 4]), (Ellipsis, [4, 0]), ([[0], [2]], slice(1, 3), [0, 1, 2]), (None, [1, 0], None, [2, 3]),
    ([1, 0], None, [2, 3]), ([-1, -3],), ([],), (slice(None), []), ([1, 0], 2), (0, [1, 3]), (0, slice(None), [1, 3]),
    ([0, 1], 1, [2, 3]), (np.array([True, False, True]),), (slice(None), np.array([True, False, False, True])),
    (np.ones((3, 4), dtype=bool),), (np.array([[True, False, True, False]] * 3),), (np.array([False] * 3),),
    (np.array([True, False, True]), slice(None), [0, 4]), ([0, 2], np.array([True, False, False, True])),
    (slice(None), np.array([[True, False, True, False, True]] * 4)), (Ellipsis, np.array([True] * 5)),
]


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("items", ADVANCED_CASES, ids=repr)
def test_advanced_indexing_matches_numpy_and_copies(items, layout):
    rng = np.random.default_rng(0)
    t, arr = make_layout((3, 4, 5), "int64", layout, rng)
    r = t[to_torch_index(items)]
    check(r, np_getitem(arr, items), "int64")
    assert not shares_storage(r, t)
    if r.numel():
        r.view(-1)[0] = 99
        check(t, arr)  # the source is untouched


def test_advanced_index_rules_differ_from_numpy_for_ints():
    # PyTorch applies an int as select() first, so it never counts as an advanced index
    x = torch.arange(24).view(2, 3, 4)
    assert x[0, :, [0, 1]].tolist() == [[0, 1], [4, 5], [8, 9]]  # NumPy gives the transpose
    assert x[[0, 1], 0, [0, 1]].tolist() == [0, 13]
    assert x[[0, 1], :, [0, 1]].tolist() == [[0, 4, 8], [13, 17, 21]]
    assert x[torch.tensor(1), [0, 1]].tolist() == [[12, 13, 14, 15], [16, 17, 18, 19]]
    assert x[:, torch.tensor(1), [0, 1]].tolist() == [[4, 5], [16, 17]]


def test_list_and_tensor_indices():
    v = torch.arange(3)
    assert v[[True, False, True]].tolist() == [0, 2]
    assert v[[True, 1]].tolist() == [1, 1]  # mixed bools and ints are integers
    assert v[[1.0]].tolist() == [1]  # float lists are truncated to int64
    assert v[[0, 1.5]].tolist() == [0, 1]
    assert v[torch.tensor([0, 2], dtype=torch.int32)].tolist() == [0, 2]
    assert v[np.array([0, 2])].tolist() == [0, 2]
    assert v[np.array([True, False, True])].tolist() == [0, 2]
    assert v[range(2)].tolist() == [0, 1]
    assert v[torch.tensor([[-1]])].tolist() == [[2]]
    y = torch.arange(9).view(3, 3)
    assert y[[0, 1], ].tolist() == [[0, 1, 2], [3, 4, 5]]
    assert y[torch.Size([1])].tolist() == [3, 4, 5]


def test_bool_scalars_index_a_new_dim():
    y = torch.arange(9).view(3, 3)
    assert y[True].shape == (1, 3, 3)
    assert y[False].shape == (0, 3, 3)
    assert y[True, [0, 1]].tolist() == [[0, 1, 2], [3, 4, 5]]
    assert y[torch.tensor(True), [0, 1]].tolist() == [[0, 1, 2], [3, 4, 5]]
    assert y[True, True].shape == (1, 3, 3)  # two new dims, indexed together by [0] and [0]
    r = y[True]
    assert not shares_storage(r, y)


def test_advanced_on_empty_and_zero_size():
    assert torch.zeros(0, 3)[:, [5]].shape == (0, 1)  # nothing is read, so nothing is checked
    assert torch.zeros(3, 0)[[5]].shape == (1, 0)
    assert torch.zeros(3, 0)[[1, 5], :].shape == (2, 0)
    assert torch.arange(3)[[]].shape == (0,)
    assert torch.arange(9).view(3, 3)[[]].shape == (0, 3)
    assert torch.arange(3)[torch.tensor([], dtype=torch.long)].shape == (0,)


def test_list_index_past_int64_raises_pytorchs_error():
    # as PyTorch 2.13: a ValueError, on the flat-list fast path as on the general converter
    v = torch.arange(3)
    for index in ([2 ** 63], [1, 2 ** 64], [-2 ** 63 - 1]):
        with pytest.raises(ValueError, match="Overflow when unpacking long long"):
            v[index]
    assert v[[2, -2]].tolist() == [2, 1]


def test_uint8_mask_warns_and_indexes():
    v = torch.arange(3)
    with pytest.warns(UserWarning, match=re.escape(
            "indexing with dtype torch.uint8 is now deprecated, please use a dtype torch.bool instead.")):
        r = v[torch.tensor([1, 0, 1], dtype=torch.uint8)]
    assert r.tolist() == [0, 2]
    assert v[torch.tensor(1, dtype=torch.uint8)].shape == (1, 3)  # 0-d uint8: a bool, no warning


def test_sequence_of_sequences_is_a_tuple_with_a_warning():
    y = torch.arange(9).view(3, 3)
    message = ("Using a non-tuple sequence for multidimensional indexing is deprecated and will be changed in "
               "pytorch 2.9; use x[tuple(seq)] instead of x[seq].")
    with pytest.warns(UserWarning, match=re.escape(message)):
        assert y[[0, slice(None)]].tolist() == [0, 1, 2]
    with pytest.warns(UserWarning, match=re.escape(message)):
        assert y[[[0, 1]]].tolist() == [[0, 1, 2], [3, 4, 5]]
    with pytest.warns(UserWarning, match=re.escape(message)):
        assert y[[[0, 1], [1, 2]]].tolist() == [1, 5]


def test_warning_points_at_the_caller():
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        torch.arange(3)[torch.tensor([1, 0, 1], dtype=torch.uint8)]
    assert caught and caught[0].filename == __file__


# ---- t[index] errors ---------------------------------------------------------------------------------------------
ONLY = "only integers, slices (`:`), ellipsis (`...`), None and long or byte Variables are valid indices (got {})"
GETITEM_ERRORS = [
    (lambda v, y, x, s: v[5], IndexError, "index 5 is out of bounds for dimension 0 with size 3"),
    (lambda v, y, x, s: v[-4], IndexError, "index -4 is out of bounds for dimension 0 with size 3"),
    (lambda v, y, x, s: y[0, 0, 0], IndexError, "too many indices for tensor of dimension 2"),
    (lambda v, y, x, s: x[0, 5], IndexError, "index 5 is out of bounds for dimension 1 with size 3"),
    (lambda v, y, x, s: x[None, 1, 7], IndexError, "index 7 is out of bounds for dimension 2 with size 3"),
    (lambda v, y, x, s: x[..., 9], IndexError, "index 9 is out of bounds for dimension 1 with size 4"),
    (lambda v, y, x, s: v[1.5], IndexError, ONLY.format("float")),
    (lambda v, y, x, s: v[np.float64(1.0)], IndexError, ONLY.format("numpy.float64")),
    (lambda v, y, x, s: v[{0, 1}], IndexError, ONLY.format("set")),
    (lambda v, y, x, s: v[np.bool_(True)], IndexError, ONLY.format(NUMPY_BOOL)),
    (lambda v, y, x, s: v[::-1], ValueError, "step must be greater than zero"),
    (lambda v, y, x, s: v[::0], ValueError, "slice step cannot be zero"),
    (lambda v, y, x, s: v[slice(1.0, 2)], TypeError,
     "slice indices must be integers or None or have an __index__ method"),
    (lambda v, y, x, s: v[torch.tensor([True, False])], IndexError,
     "The shape of the mask [2] at index 0 does not match the shape of the indexed tensor [3] at index 0"),
    (lambda v, y, x, s: v[[True, False]], IndexError,
     "The shape of the mask [2] at index 0 does not match the shape of the indexed tensor [3] at index 0"),
    (lambda v, y, x, s: y[:, torch.tensor([True, False])], IndexError,
     "The shape of the mask [2] at index 0 does not match the shape of the indexed tensor [3, 3] at index 1"),
    (lambda v, y, x, s: x[None, 0, torch.tensor([True, False])], IndexError,
     "The shape of the mask [2] at index 0 does not match the shape of the indexed tensor [1, 3, 4] at index 1"),
    (lambda v, y, x, s: x[:, torch.tensor(np.ones((3, 3), dtype=bool))], IndexError,
     "The shape of the mask [3, 3] at index 1 does not match the shape of the indexed tensor [2, 3, 4] at index 2"),
    (lambda v, y, x, s: v[torch.tensor(1.0)], IndexError, "tensors used as indices must be long, int, byte or bool tensors"),
    (lambda v, y, x, s: v[torch.tensor([1.0])], IndexError, "tensors used as indices must be long, int, byte or bool tensors"),
    (lambda v, y, x, s: v[torch.tensor([0], dtype=torch.int16)], IndexError,
     "tensors used as indices must be long, int, byte or bool tensors"),
    (lambda v, y, x, s: v["a"], TypeError, "new(): invalid data type 'str'"),
    (lambda v, y, x, s: v[[[0, 1], [1, 2]]], IndexError, "too many indices for tensor of dimension 1"),
    (lambda v, y, x, s: v[torch.tensor([[0, 1], [1, 5]])], IndexError, "index 5 is out of bounds for dimension 0 with size 3"),
    (lambda v, y, x, s: y[[0, 1], [0, 5]], IndexError, "index 5 is out of bounds for dimension 1 with size 3"),
    (lambda v, y, x, s: y[[0, 1], [0, -5]], IndexError, "index -5 is out of bounds for dimension 1 with size 3"),
    (lambda v, y, x, s: y[[5, 0], [0, 5]], IndexError, "index 5 is out of bounds for dimension 0 with size 3"),
    (lambda v, y, x, s: y[[0, 5], [5, 0]], IndexError, "index 5 is out of bounds for dimension 1 with size 3"),
    (lambda v, y, x, s: x.transpose(0, 2)[[1, 0], 1:, [[0], [2]]], IndexError,
     "index 2 is out of bounds for dimension 1 with size 2"),  # non-adjacent indices are named after moving front
    (lambda v, y, x, s: x[[0, 1], [0, 1, 2]], IndexError,
     "shape mismatch: indexing tensors could not be broadcast together with shapes [2], [3]"),
    (lambda v, y, x, s: y[torch.tensor(False), [0, 1]], IndexError,
     "shape mismatch: indexing tensors could not be broadcast together with shapes [0], [2]"),
    (lambda v, y, x, s: y[[0, 5], torch.tensor([True, False])], IndexError,
     "The shape of the mask [2] at index 0 does not match the shape of the indexed tensor [3, 3] at index 1"),
    (lambda v, y, x, s: torch.zeros(0, 3)[[5]], IndexError, "index is out of bounds for dimension with size 0"),
    (lambda v, y, x, s: s[0], IndexError,
     "invalid index of a 0-dim tensor. Use `tensor.item()` in Python or `tensor.item<T>()` in C++ to convert a "
     "0-dim tensor to a number"),
    (lambda v, y, x, s: s[:], IndexError, "slice() cannot be applied to a 0-dim tensor."),
    (lambda v, y, x, s: s[(0,)], IndexError, "too many indices for tensor of dimension 0"),
    (lambda v, y, x, s: s[[0]], IndexError, "too many indices for tensor of dimension 0"),
    (lambda v, y, x, s: s[torch.tensor(0)], IndexError, "too many indices for tensor of dimension 0"),
    (lambda v, y, x, s: v[(slice(None),) * 2], IndexError, "too many indices for tensor of dimension 1"),
]


@pytest.mark.filterwarnings("ignore:Using a non-tuple sequence")
@pytest.mark.parametrize("case", range(len(GETITEM_ERRORS)))
def test_getitem_errors(case):
    fn, exc, message = GETITEM_ERRORS[case]
    v, y, x, s = torch.arange(3), torch.arange(9).view(3, 3), torch.arange(24).view(2, 3, 4), torch.tensor(5)
    with raises(exc, message):
        fn(v, y, x, s)


# ---- t[index] = value --------------------------------------------------------------------------------------------
SET_CASES = [
    (1,), (slice(None), 2), (Ellipsis,), (None,), (slice(1, None), slice(None, None, 2)), (0, Ellipsis, 1),
    ([2, 0],), (slice(None), [3, 1]), ([0, 2], [1, 3]), ([0, 2], slice(None), [1, 4]), (0, [1, 3]),
    (np.array([True, False, True]),), (slice(None), np.array([True, False, False, True])),
    (np.array([[True, False, True, False]] * 3),), ([[0], [1]], slice(None), [0, 4]),
]


@pytest.mark.parametrize("layout", ["contiguous", "transposed", "sliced"])
@pytest.mark.parametrize("items", SET_CASES, ids=repr)
def test_setitem_scalar_and_tensor(items, layout):
    rng = np.random.default_rng(1)
    arr = values((3, 4, 5), "int64", rng)
    t = make(arr, layout)
    version = t._version
    t[to_torch_index(items)] = 7
    expected = arr.copy()
    view, key = np_index_view(expected, items)
    if key is None:
        view[...] = 7
    else:
        view[key] = 7
    check(t, expected)
    assert t._version == version + 1
    # a tensor value broadcast over the indexed shape
    target_shape = np_getitem(expected, items).shape
    value = values(target_shape[1:], "int64", rng)
    t[to_torch_index(items)] = torch.tensor(value)
    view, key = np_index_view(expected, items)
    if key is None:
        view[...] = value
    else:
        view[key] = value
    check(t, expected)


def test_setitem_casts_for_basic_and_checks_dtype_for_advanced():
    a = torch.arange(12).view(3, 4).clone()
    a[0] = torch.tensor([1.5, 2.5, 3.5, 4.5])  # basic indexing: copy_ casts
    assert a.tolist()[0] == [1, 2, 3, 4]
    a[[1]] = 2.7  # a Python scalar is converted to the tensor's dtype
    assert a.tolist()[1] == [2, 2, 2, 2]
    with raises(RuntimeError, "Index put requires the source and destination dtypes match, got Long for the "
                              "destination and Float for the source."):
        a[[0, 1]] = torch.tensor([1.5, 2.5, 3.5, 4.5])
    # a lone mask with a one-element value runs as masked_fill_: any dtype
    a[torch.tensor([True, False, True])] = torch.tensor(5.0, dtype=torch.float64)
    assert a.tolist()[0] == [5, 5, 5, 5] and a.tolist()[2] == [5, 5, 5, 5]


def test_setitem_value_broadcasting():
    a = torch.zeros(3, 4, dtype=torch.long)
    a[[0, 1]] = torch.tensor([[1], [2]])
    assert a.tolist() == [[1, 1, 1, 1], [2, 2, 2, 2], [0, 0, 0, 0]]
    a[[0, 1]] = torch.ones(1, 2, 4, dtype=torch.long)  # leading size-1 dims are dropped
    a[0] = torch.ones(1, 1, 4, dtype=torch.long) * 3
    assert a.tolist()[0] == [3, 3, 3, 3]
    a[0, 0] = torch.tensor([[42]])
    assert a.tolist()[0][0] == 42
    a[:, [0, 1]] = torch.tensor([[7], [8], [9]])
    assert [row[:2] for row in a.tolist()] == [[7, 7], [8, 8], [9, 9]]
    b = torch.zeros(2, 3, dtype=torch.long)
    b[boolean([[True, False, True], [False, False, True]])] = long([1, 2, 3])
    assert b.tolist() == [[1, 0, 2], [0, 0, 3]]
    b[:, boolean([True, False, True])] = long([[5], [6]])
    assert b.tolist() == [[5, 0, 5], [6, 0, 6]]


def test_setitem_bool_and_none():
    a = torch.zeros(3)
    a[False] = torch.zeros(5)  # no-op without checking the value
    a[True] = torch.ones(3, dtype=torch.float64)  # a bare True is a basic index: the value is cast
    assert a.tolist() == [1, 1, 1]
    a[None] = torch.tensor([1, 2, 3])
    assert a.tolist() == [1, 2, 3]
    a[torch.tensor(False)] = 5
    assert a.tolist() == [1, 2, 3]
    with raises(RuntimeError, "Index put requires the source and destination dtypes match, got Float for the "
                              "destination and Double for the source."):
        a[(True,)] = torch.ones(3, dtype=torch.float64)


def test_setitem_noncontiguous_targets():
    base = torch.arange(12).view(3, 4).clone()
    base.t()[0] = 100
    assert [row[0] for row in base.tolist()] == [100, 100, 100]
    base.t()[[1, 2]] = -1
    assert [row[1:3] for row in base.tolist()] == [[-1, -1]] * 3
    e = torch.zeros(1, 3).expand(3, 3)
    e[0, 0] = 1  # a single element of an expanded tensor can be written
    assert e.tolist() == [[1, 0, 0]] * 3
    f = torch.zeros(3, 1).expand(3, 3)
    f[:, 0] = torch.tensor([1.0, 2, 3])
    assert f.tolist() == [[1, 1, 1], [2, 2, 2], [3, 3, 3]]


def test_setitem_duplicate_indices_last_wins():
    a = torch.zeros(2, 2, dtype=torch.long)
    a[[0, 0]] = long([[1, 1], [2, 2]])
    assert a.tolist() == [[2, 2], [0, 0]]


@pytest.mark.parametrize("dtype,value,expected", [
    ("uint8", -1, 255), ("uint8", -255, 1), ("int8", -128, -128), ("bool", 2, True), ("bool", 0.0, False),
    ("bool", float("nan"), True), ("int64", 1.7, 1), ("int16", -1.5, -1), ("int64", True, 1), ("float16", 70000, float("inf")),
    ("float16", 1e10, float("inf")), ("float32", float("inf"), float("inf")), ("int64", 2 ** 63 - 1, 2 ** 63 - 1),
    ("int64", 9.2233720368547758e18, -2 ** 63), ("float32", np.float64(1.5), 1.5), ("float32", np.int32(3), 3.0),
    ("float64", 3 + 0j, 3.0),
])
def test_setitem_scalar_conversion(dtype, value, expected):
    t = torch.zeros(2, dtype=tdtype(dtype))
    t[0] = value
    assert t.tolist()[0] == expected


@pytest.mark.parametrize("dtype,value,exc,message", [
    ("uint8", 256, RuntimeError, "value cannot be converted to type uint8_t without overflow"),
    ("uint8", -256, RuntimeError, "value cannot be converted to type uint8_t without overflow"),
    ("uint8", -0.5, RuntimeError, "value cannot be converted to type uint8_t without overflow"),
    ("int8", 128, RuntimeError, "value cannot be converted to type int8_t without overflow"),
    ("int8", 127.5, RuntimeError, "value cannot be converted to type int8_t without overflow"),
    ("int16", 2 ** 15, RuntimeError, "value cannot be converted to type int16_t without overflow"),
    ("int32", 2 ** 31, RuntimeError, "value cannot be converted to type int without overflow"),
    ("int64", 1e30, RuntimeError, "value cannot be converted to type int64_t without overflow"),
    ("int64", float("nan"), RuntimeError, "value cannot be converted to type int64_t without overflow"),
    ("int64", float("inf"), RuntimeError, "value cannot be converted to type int64_t without overflow"),
    ("float32", 1e300, RuntimeError, "value cannot be converted to type float without overflow"),
    ("float32", 1 + 2j, RuntimeError, "value cannot be converted to type float without overflow"),
    ("float32", 2 ** 70, ValueError, "Overflow when unpacking long long"),
    ("int64", 2 ** 63, ValueError, "Overflow when unpacking long long"),
    ("float32", "x", TypeError, "can't assign a str to a torch.FloatTensor"),
    ("int64", None, TypeError, "can't assign a NoneType to a torch.LongTensor"),
    ("int64", [1, 2], TypeError, "can't assign a list to a torch.LongTensor"),
    ("float64", np.array([1.0, 2.0]), TypeError, "can't assign a numpy.ndarray to a torch.DoubleTensor"),
    ("float32", np.float32(1), TypeError, "can't assign a numpy.float32 to a torch.FloatTensor"),
    ("uint8", np.bool_(True), TypeError, f"can't assign a {NUMPY_BOOL} to a torch.ByteTensor"),
])
def test_setitem_scalar_errors_leave_tensor_unchanged(dtype, value, exc, message):
    t = torch.zeros(2, dtype=tdtype(dtype))
    for index in (0, [0], boolean([True, False])):
        with raises(exc, message):
            t[index] = value
        assert t.tolist() == [0, 0] or t.tolist() == [False, False]


EXPANDED = ("unsupported operation: more than one element of the written-to tensor refers to a single memory "
            "location. Please clone() the tensor before performing the operation.")
OVERLAP = ("unsupported operation: some elements of the input tensor and the written-to tensor refer to a single "
           "memory location. Please clone() the tensor before performing the operation.")

SETITEM_ERRORS = [
    (lambda a: a.__setitem__(5, 1), IndexError, "index 5 is out of bounds for dimension 0 with size 3"),
    (lambda a: a.__setitem__([5], 1), IndexError, "index 5 is out of bounds for dimension 0 with size 3"),
    (lambda a: a.__setitem__([0, 5], long([1, 2, 3, 4])), IndexError, "index 5 is out of bounds for dimension 0 with size 3"),
    (lambda a: a.__setitem__(slice(None, None, -1), 1), ValueError, "step must be greater than zero"),
    (lambda a: a.__setitem__(1.5, 1), IndexError, ONLY.format("float")),
    (lambda a: a.__setitem__((0, 0, 0), 1), IndexError, "too many indices for tensor of dimension 2"),
    (lambda a: a.__setitem__(boolean([True, False]), 1), IndexError,
     "The shape of the mask [2] at index 0 does not match the shape of the indexed tensor [3, 4] at index 0"),
    (lambda a: a.__setitem__((slice(None), boolean([True, False])), long([1, 2])), IndexError,
     "The shape of the mask [2] at index 0 does not match the shape of the indexed tensor [3, 4] at index 1"),
    (lambda a: a.__setitem__(0, long([1, 2])), RuntimeError,
     "The expanded size of the tensor (4) must match the existing size (2) at non-singleton dimension 0.  "
     "Target sizes: [4].  Tensor sizes: [2]"),
    (lambda a: a.__setitem__(0, torch.ones(2, 1, 4, dtype=torch.long)), RuntimeError,
     "expand(torch.LongTensor{[2, 1, 4]}, size=[4]): the number of sizes provided (1) must be greater or equal to "
     "the number of dimensions in the tensor (3)"),
    (lambda a: a.__setitem__((0, 0), long([42, 43])), RuntimeError,
     "expand(torch.LongTensor{[2]}, size=[]): the number of sizes provided (0) must be greater or equal to the "
     "number of dimensions in the tensor (1)"),
    (lambda a: a.__setitem__([0, 1], long([1, 2])), RuntimeError,
     "shape mismatch: value tensor of shape [2] cannot be broadcast to indexing result of shape [2, 4]"),
    (lambda a: a.__setitem__([0, 1], torch.ones(2, 2, 4, dtype=torch.long)), RuntimeError,
     "shape mismatch: value tensor of shape [2, 2, 4] cannot be broadcast to indexing result of shape [2, 4]"),
    (lambda a: a.__setitem__([0, 7], torch.tensor([[1, 2, 3]])), RuntimeError,
     "shape mismatch: value tensor of shape [3] cannot be broadcast to indexing result of shape [2, 4]"),
    (lambda a: a.__setitem__(([0, 1], [0, 1, 2]), torch.tensor([1.0, 2.0])), IndexError,
     "shape mismatch: indexing tensors could not be broadcast together with shapes [2], [3]"),
    (lambda a: a.__setitem__(([0, 1], torch.tensor([0, 1.5])), 1), IndexError,
     "tensors used as indices must be long, int, byte or bool tensors"),
    (lambda a: a.__setitem__([0, 7], torch.tensor([1.0, 2, 3, 4])), RuntimeError,
     "Index put requires the source and destination dtypes match, got Long for the destination and Float for "
     "the source."),
    (lambda a: a.__setitem__(torch.tensor([1, 0, 1], dtype=torch.uint8), 0), RuntimeError,
     "masked_fill_ only supports boolean masks, but got mask with dtype unsigned char"),
    (lambda a: a.__setitem__(a, 1), RuntimeError, OVERLAP),
    (lambda a: a.__setitem__([0], a[1]), RuntimeError, OVERLAP),
    (lambda a: a.__setitem__(slice(1, None), a[:2]), RuntimeError, OVERLAP),
    (lambda a: a.__setitem__((0, slice(1, None)), a[0, :3]), RuntimeError, OVERLAP),
]


@pytest.mark.parametrize("case", range(len(SETITEM_ERRORS)))
def test_setitem_errors_leave_self_unchanged(case):
    fn, exc, message = SETITEM_ERRORS[case]
    a = torch.arange(12).view(3, 4).clone()
    before, version = a.tolist(), a._version
    with raises(exc, message):
        fn(a)
    assert a.tolist() == before and a._version == version


def test_setitem_overlap_rules():
    a = torch.arange(6).view(2, 3).clone()
    a[:] = a  # full overlap is fine for a copy
    a[0] = a[1]
    a[0] = a.t()[0, :1].expand(3)  # not dense: not judged
    b = torch.tensor([True, False, True])
    b[b] = False  # a lone mask with one value is a masked_fill_: the mask may be self
    assert b.tolist() == [False, False, False]
    c = torch.tensor([True, False, True])
    with raises(RuntimeError, OVERLAP):
        c[c] = torch.tensor([False, False])


def test_setitem_into_expanded_tensor():
    e = torch.zeros(1).expand(3)
    with raises(RuntimeError, EXPANDED):
        e[...] = 1
    with raises(RuntimeError, EXPANDED):
        torch.zeros(1, 3).expand(3, 3)[:, 0] = 1
    e[0] = 1  # one element: allowed
    e[0:1] = 2
    with pytest.warns(UserWarning, match=re.escape("Use of index_put_ on expanded tensors is deprecated. Please clone() "
                                                   "the tensor before performing this operation. This also applies "
                                                   "to advanced indexing e.g. tensor[indices] = tensor")):
        e[[0]] = 3
    assert e.tolist() == [3, 3, 3]
    with pytest.warns(UserWarning) as record:
        e[boolean([True, False, False])] = 4
    messages = [str(w.message) for w in record]
    assert messages[0].startswith("Use of index_put_ on expanded tensors is deprecated.")
    assert messages[1] == ("Use of masked_fill_ on expanded tensors is deprecated. Please clone() the tensor before "
                           "performing this operation. This also applies to advanced indexing e.g. tensor[mask] = "
                           "scalar")


def test_setitem_zero_dim():
    s = torch.tensor(5.0)
    s[...] = 3
    assert s.item() == 3
    s[None] = 4
    s[True] = 6
    assert s.item() == 6
    with raises(IndexError, "invalid index of a 0-dim tensor. Use `tensor.item()` in Python or `tensor.item<T>()` "
                            "in C++ to convert a 0-dim tensor to a number"):
        s[0] = 1
    with raises(IndexError, "too many indices for tensor of dimension 0"):
        s[(0,)] = 1


# ---- hypothesis: random shapes, layouts and indices ------------------------------------------------------------------
@st.composite
def tensors(draw, min_dims=0, max_dims=3, max_side=4, dtypes=DTYPES, layouts=LAYOUTS):
    shape = tuple(draw(st.lists(st.integers(0, max_side), min_size=min_dims, max_size=max_dims)))
    dtype = draw(st.sampled_from(dtypes))
    layout = draw(st.sampled_from(layouts))
    seed = draw(st.integers(0, 2 ** 16))
    t, arr = make_layout(shape, dtype, layout, np.random.default_rng(seed))
    return t, arr, dtype


@st.composite
def index_items(draw, shape):
    """A random index of PyTorch's kinds (no ints next to advanced indices, where
    NumPy's placement rules would differ), always valid for ``shape``."""
    items, dim = [], 0
    use_advanced = draw(st.booleans())
    while dim < len(shape) and draw(st.integers(0, 4)) > 0:
        size = shape[dim]
        kinds = ["slice", "none", "full"] + (["int"] if size and not use_advanced else [])
        if use_advanced:
            kinds += ["list", "array", "mask"]
        kind = draw(st.sampled_from(kinds))
        if kind == "int":
            items.append(draw(st.integers(-size, size - 1)))
            dim += 1
        elif kind == "slice":
            start = draw(st.none() | st.integers(-size - 2, size + 2))
            stop = draw(st.none() | st.integers(-size - 2, size + 2))
            items.append(slice(start, stop, draw(st.none() | st.integers(1, 3))))
            dim += 1
        elif kind == "full":
            items.append(slice(None))
            dim += 1
        elif kind == "none":
            items.append(None)
        elif kind == "mask":
            k = draw(st.integers(1, min(2, len(shape) - dim)))
            mshape = shape[dim:dim + k]
            n = int(np.prod(mshape))
            flags = draw(st.lists(st.booleans(), min_size=n, max_size=n))
            items.append(np.asarray(flags, dtype=bool).reshape(mshape))
            dim += k
        else:
            n = draw(st.integers(0, 3)) if size else 0
            vals = draw(st.lists(st.integers(-size, size - 1), min_size=n, max_size=n)) if size else []
            items.append(vals if kind == "list" else np.asarray(vals, dtype=np.int64))
            dim += 1
    if draw(st.booleans()):
        items.append(Ellipsis)  # stands for the dims not indexed yet
    if dim == len(shape) and draw(st.booleans()):
        items.insert(draw(st.integers(0, len(items))), Ellipsis)  # every dim indexed: an empty ellipsis
    return tuple(items)


def _valid_for_numpy(arr, items):
    arrays = [np.asarray(i) for i in items if isinstance(i, (list, np.ndarray)) and np.asarray(i).dtype != bool]
    masks = [np.count_nonzero(i) for i in items if isinstance(i, np.ndarray) and i.dtype == bool]
    try:
        np.broadcast_shapes(*[a.shape for a in arrays], *[(n,) for n in masks])
    except ValueError:
        return False
    return True


@SETTINGS
@given(data=st.data(), src=tensors())
def test_hypothesis_getitem(data, src):
    t, arr, dtype = src
    items = data.draw(index_items(arr.shape))
    assume(_valid_for_numpy(arr, items))
    expected = np_getitem(arr, items)
    r = t[to_torch_index(items)]
    check(r, expected, dtype)


@SETTINGS
@given(data=st.data(), src=tensors(layouts=["contiguous", "transposed", "sliced"]))
def test_hypothesis_setitem(data, src):
    t, arr, dtype = src
    items = data.draw(index_items(arr.shape))
    assume(_valid_for_numpy(arr, items))
    expected = arr.copy()
    view, key = np_index_view(expected, items)
    target_shape = (view if key is None else view[key]).shape
    rng = np.random.default_rng(data.draw(st.integers(0, 100)))
    if data.draw(st.booleans()):
        value = values(target_shape[data.draw(st.integers(0, len(target_shape))):], dtype, rng)
        t_value = torch.tensor(value)
    else:
        value = values((), dtype, rng)
        t_value = value.item()
    t[to_torch_index(items)] = t_value
    if key is None:
        view[...] = value
    else:
        view[key] = value
    check(t, expected, dtype)


# ---- gather / scatter --------------------------------------------------------------------------------------------------
def np_gather(arr, dim, index):
    arr, index = np.atleast_1d(arr), np.atleast_1d(index)
    sliced = arr[tuple(slice(0, n) if k != dim else slice(None) for k, n in enumerate(index.shape))]
    return np.take_along_axis(sliced, index, axis=dim)


def np_scatter(arr, dim, index, src, op=None):
    out = np.atleast_1d(arr.copy())
    index = np.atleast_1d(index)
    src = np.broadcast_to(src, index.shape) if np.ndim(src) == 0 else np.atleast_1d(src)
    for pos in np.ndindex(*index.shape):
        target = list(pos)
        target[dim] = index[pos]
        target = tuple(target)
        if op is None:
            out[target] = src[pos]
        elif op == "add":
            out[target] = out[target] + src[pos] if out.dtype != bool else out[target] or src[pos]
        else:
            out[target] = out[target] * src[pos] if out.dtype != bool else out[target] and src[pos]
    return out.reshape(arr.shape)


@st.composite
def dim_index(draw, shape, lo=0, allow_larger=False, dtypes=("int64", "int32")):
    nd = max(len(shape), 1)
    dim = draw(st.integers(-nd, nd - 1))
    d = dim % nd
    sizes = shape if shape else (1,)
    ishape = tuple(draw(st.integers(0, s)) if k != d else draw(st.integers(0, 3)) for k, s in enumerate(sizes))
    if not shape and draw(st.booleans()):
        ishape = ()
    size = sizes[d]
    seed = draw(st.integers(0, 2 ** 16))
    rng = np.random.default_rng(seed)
    data = rng.integers(lo if size else 0, max(size, 1), size=ishape) if size else np.zeros(ishape, dtype=np.int64)
    if not size:
        ishape_nonempty = any(s == 0 for s in ishape)
        assume(ishape_nonempty or not ishape)
    index = torch.tensor(np.asarray(data, dtype=draw(st.sampled_from(dtypes))))
    if len(ishape) >= 2 and draw(st.booleans()):
        index = index.transpose(0, 1).contiguous().transpose(0, 1)  # a non-contiguous index
    return dim, d, index, np.asarray(data, dtype=np.int64)


@SETTINGS
@given(data=st.data(), src=tensors())
def test_hypothesis_gather(data, src):
    t, arr, dtype = src
    dim, d, index, idx = data.draw(dim_index(arr.shape))
    assume(arr.size or not idx.size)
    r = t.gather(dim, index)
    expected = np_gather(arr, d, idx).reshape(idx.shape)
    check(r, expected, dtype)
    check(torch.gather(t, dim, index), expected, dtype)


@SETTINGS
@given(data=st.data(), src=tensors(layouts=["contiguous", "transposed", "sliced"]),
       mode=st.sampled_from(["src", "value", "add", "multiply", "scatter_add", "value_add"]))
def test_hypothesis_scatter(data, src, mode):
    t, arr, dtype = src
    dim, d, index, idx = data.draw(dim_index(arr.shape))
    rng = np.random.default_rng(data.draw(st.integers(0, 100)))
    if mode in ("src", "add", "multiply", "scatter_add"):
        extra = tuple(n + data.draw(st.integers(0, 1)) for n in idx.shape)
        src_arr = values(extra, dtype, rng)
        src_t = make(src_arr, data.draw(st.sampled_from(["contiguous", "transposed", "sliced"])))
        used = src_arr[tuple(slice(0, n) for n in idx.shape)]
    else:
        value = int(rng.integers(0, 3)) if dtype != "bool" else True
    before = t.clone()
    out = t.clone()
    if mode == "src":
        assert out.scatter_(dim, index, src_t) is out
        expected = np_scatter(arr, d, idx, used)
        result = t.scatter(dim, index, src_t)
    elif mode == "value":
        out.scatter_(dim, index, value)
        expected = np_scatter(arr, d, idx, np.asarray(value, dtype=arr.dtype))
        result = t.scatter(dim, index, value=value)
    elif mode == "value_add":
        out.scatter_(dim, index, value, reduce="add")
        expected = np_scatter(arr, d, idx, np.asarray(value, dtype=arr.dtype), "add")
        result = t.scatter(dim, index, value, reduce="add")
    elif mode == "scatter_add":
        out.scatter_add_(dim, index, src_t)
        expected = np_scatter(arr, d, idx, used, "add")
        result = torch.scatter_add(t, dim, index, src_t)
    else:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            out.scatter_(dim, index, src_t, reduce=mode)
            result = t.scatter(dim, index, src_t, reduce=mode)
        expected = np_scatter(arr, d, idx, used, mode)
    with np.errstate(all="ignore"):
        expected = expected.astype(arr.dtype)
    check(out, expected, dtype)
    check(result, expected, dtype)
    assert t.tolist() == before.tolist()


def test_scatter_reduce_wraps_and_half_accumulates():
    assert torch.zeros(3, dtype=torch.bool).scatter_add_(0, long([0, 0, 1]), boolean([True, True, False])).tolist() \
        == [True, False, False]
    assert torch.ones(3, dtype=torch.uint8).scatter_add_(
        0, long([0, 0, 1]), torch.tensor([200, 100, 2], dtype=torch.uint8)).tolist() == [45, 3, 1]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert torch.ones(3, dtype=torch.int8).scatter_(
            0, long([0, 0, 1]), torch.tensor([100, 100, 2], dtype=torch.int8), reduce="multiply").tolist() == [16, 2, 1]
    half = torch.ones(3, dtype=torch.float16).scatter_add_(
        0, long([0, 0, 1]), torch.tensor([1e-3, 1e-3, 2.0], dtype=torch.float16))
    assert half.tolist() == [1.001953125, 3.0, 1.0]  # accumulated in half, element by element
    big = torch.zeros(2, dtype=torch.int64).scatter_add_(0, long([0, 0]), long([2 ** 62, 2 ** 62]))
    assert big.tolist() == [-2 ** 63, 0]


def test_scatter_zero_dim_and_scalar_cases():
    assert torch.tensor(1.0).scatter_(0, torch.tensor(0), torch.tensor(5.0)).item() == 5.0
    assert torch.tensor(1.0).scatter_add_(0, torch.tensor(0), torch.tensor(5.0)).item() == 6.0
    assert torch.zeros(3).scatter_(0, torch.tensor(0), 2.0).tolist() == [2, 0, 0]
    assert torch.zeros(2, 2).scatter_(0, torch.zeros(0, 2, 2, dtype=torch.long), torch.zeros(2, 2)).tolist() == \
        [[0, 0], [0, 0]]  # an empty index is not checked
    assert torch.zeros(2, 2, dtype=torch.long).scatter_(1, long([[0, 0]]), 3.5, reduce="add").tolist() == \
        [[6, 0], [0, 0]]
    assert torch.tensor(5.0).gather(0, torch.tensor(0)).item() == 5.0
    assert torch.tensor(5.0).gather(0, long([0])).tolist() == [5.0]


def test_scatter_reduce_warns_once():
    indexing_module._reduce_warned = False
    message = ("The reduce argument of torch.scatter with Tensor src is deprecated and will be removed in a future "
               "PyTorch release. Use torch.scatter_reduce instead for more reduction options.")
    with pytest.warns(UserWarning, match=re.escape(message)):
        torch.zeros(2).scatter_(0, long([0]), torch.ones(1), reduce="add")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        torch.zeros(2).scatter_(0, long([0]), torch.ones(1), reduce="multiply")
        torch.zeros(2).scatter_(0, long([0]), 2.0, reduce="add")


GATHER_SCATTER_ERRORS = [
    (lambda a: a.gather(1, long([[0], [1], [1]])), RuntimeError,
     "Size does not match at dimension 0 expected index [3, 1] to be no larger than self [2, 2] apart from dimension 1"),
    (lambda a: a.gather(0, long([[9, 9, 9]])), RuntimeError,
     "Size does not match at dimension 1 expected index [1, 3] to be no larger than self [2, 2] apart from dimension 0"),
    (lambda a: a.gather(1, long([[2, 0]])), RuntimeError, "index 2 is out of bounds for dimension 1 with size 2"),
    (lambda a: a.gather(1, long([[-1, 0]])), RuntimeError, "index -1 is out of bounds for dimension 1 with size 2"),
    (lambda a: a.gather(1, long([[0, 0], [5, 0]]).t()), RuntimeError, "index 5 is out of bounds for dimension 1 with size 2"),
    (lambda a: a.gather(1, long([0, 1])), RuntimeError, "Index tensor must have the same number of dimensions as input tensor"),
    (lambda a: a.gather(1, long([[0]]).short()), RuntimeError, "gather(): Expected dtype int32/int64 for index"),
    (lambda a: a.gather(1, torch.zeros(1, 1)), RuntimeError, "gather(): Expected dtype int32/int64 for index"),
    (lambda a: a.gather(2, long([[0]])), IndexError, "Dimension out of range (expected to be in range of [-2, 1], but got 2)"),
    (lambda a: a.gather(1, [[0, 0]]), TypeError, "gather(): argument 'index' (position 2) must be Tensor, not list"),
    (lambda a: a.gather(1, long([[0]]), out=a), TypeError, "gather() got an unexpected keyword argument 'out'"),
    (lambda a: torch.tensor(5.0).gather(0, torch.tensor(1)), RuntimeError, "index 1 is out of bounds for dimension 0 with size 1"),
    (lambda a: torch.zeros(2, 0).gather(1, torch.zeros(2, 1, dtype=torch.long)), RuntimeError,
     "index 0 is out of bounds for dimension 1 with size 0"),
    (lambda a: a.scatter_(1, long([[0, 1]]), a.double()), RuntimeError, "scatter(): Expected self.dtype to be equal to src.dtype"),
    (lambda a: a.scatter_(1, long([[0, 1]]).float(), a), RuntimeError, "scatter(): Expected dtype int32/int64 for index"),
    (lambda a: a.scatter_add_(1, long([[0, 1]]).short(), a), RuntimeError, "scatter(): Expected dtype int32/int64 for index"),
    (lambda a: a.scatter_(1, long([[2]]), a.clone()), RuntimeError, "index 2 is out of bounds for dimension 1 with size 2"),
    (lambda a: a.scatter_(0, long([[-1]]), 1.0), RuntimeError, "index -1 is out of bounds for dimension 0 with size 2"),
    (lambda a: a.scatter_add_(1, long([[9]]), a.clone()), RuntimeError, "index 9 is out of bounds for dimension 1 with size 2"),
    (lambda a: a.scatter_(1, long([0]), a), RuntimeError, "Index tensor must have the same number of dimensions as self tensor"),
    (lambda a: a.scatter_(1, long([[0, 0]]), torch.tensor(5.0)), RuntimeError,
     "Index tensor must have the same number of dimensions as src tensor"),
    (lambda a: a.scatter_(0, long([[0, 0]]), torch.ones(2, 2, 2)), RuntimeError,
     "Index tensor must have the same number of dimensions as src tensor"),
    (lambda a: a.scatter_(0, long([[0, 0]]), torch.ones(2)), IndexError,
     "Dimension out of range (expected to be in range of [-1, 0], but got 1)"),
    (lambda a: a.scatter_(1, torch.zeros(3, 1, dtype=torch.long), a), RuntimeError,
     "Expected index [3, 1] to be no larger than self [2, 2] apart from dimension 1 and to be no larger size than src "
     "[2, 2]"),
    (lambda a: a.scatter_(1, torch.zeros(1, 3, dtype=torch.long), torch.ones(1, 2)), RuntimeError,
     "Expected index [1, 3] to be no larger than self [2, 2] apart from dimension 1 and to be no larger size than src "
     "[1, 2]"),
    (lambda a: a.scatter_(1, torch.zeros(3, 2, dtype=torch.long), 1.0), RuntimeError,
     "Expected index [3, 2] to be no larger than self [2, 2] apart from dimension 1"),
    (lambda a: a.scatter_(1, long([[0]]), a, reduce="sum"), RuntimeError, "reduce argument must be either add or multiply."),
    (lambda a: a.scatter_(5, long([[0]]), a), IndexError, "Dimension out of range (expected to be in range of [-2, 1], but got 5)"),
    (lambda a: a.long().scatter_(1, long([[0]]), 1e30), RuntimeError, "value cannot be converted to type int64_t without overflow"),
    (lambda a: a.scatter_add_(1, long([[0]]), 5.0), TypeError, "scatter_add_(): argument 'src' (position 3) must be Tensor, not float"),
    (lambda a: a.scatter_(1, long([[0]]), "x"), TypeError,
     "scatter_() received an invalid combination of arguments - got (int, Tensor, str), but expected one of:\n"
     " * (int dim, Tensor index, Tensor src)\n * (int dim, Tensor index, Tensor src, *, str reduce)\n"
     " * (int dim, Tensor index, Number value)\n * (int dim, Tensor index, Number value, *, str reduce)\n"),
    (lambda a: a.scatter_(1, long([[0]])), TypeError, "scatter_() received an invalid combination of arguments - got (int, Tensor)"),
    (lambda a: a.scatter_(1, long([[0]]), a, reduce=None), TypeError,
     "scatter_() received an invalid combination of arguments - got (int, Tensor, Tensor, reduce=NoneType)"),
    (lambda a: a.scatter(1, long([[0]]), a, out=a), TypeError,
     "scatter() received an invalid combination of arguments - got (int, Tensor, Tensor, out=Tensor)"),
    (lambda a: a.scatter_(1.0, long([[0]]), 1.0), TypeError,
     "scatter_() received an invalid combination of arguments - got (float, Tensor, float)"),
    (lambda a: torch.zeros(1).expand(2, 2).scatter_(1, long([[0]]), a), RuntimeError, EXPANDED),
    (lambda a: a.scatter_(1, long([[0, 1]]), a), RuntimeError, OVERLAP),
]


@pytest.mark.parametrize("case", range(len(GATHER_SCATTER_ERRORS)))
def test_gather_scatter_errors(case):
    fn, exc, message = GATHER_SCATTER_ERRORS[case]
    a = torch.arange(4.0).view(2, 2)
    before = a.tolist()
    full = not message.startswith(("scatter_() received", "scatter() received")) or message.endswith("\n")
    with raises(exc, message, full=full):
        fn(a)
    assert a.tolist() == before


def test_scatter_overlap_with_index_and_src():
    a = torch.zeros(2, 3, dtype=torch.long)
    with raises(RuntimeError, OVERLAP):
        a.scatter_(1, a, 1)
    with raises(RuntimeError, OVERLAP):
        a.scatter_(1, a.clone(), a)
    assert a.gather(1, a).tolist() == [[0, 0, 0], [0, 0, 0]]  # reading with self as the index is fine


# ---- index_select / index_fill / index_copy / index_add / index_put --------------------------------------------------
@SETTINGS
@given(data=st.data(), src=tensors())
def test_hypothesis_index_select(data, src):
    t, arr, dtype = src
    nd = max(arr.ndim, 1)
    dim = data.draw(st.integers(-nd, nd - 1))
    d = dim % nd
    size = arr.shape[d] if arr.ndim else 1
    n = 1 if not arr.ndim else data.draw(st.integers(0, 4))
    assume(size or not n)
    idx = np.asarray(data.draw(st.lists(st.integers(0, max(size - 1, 0)), min_size=n, max_size=n)), dtype=np.int64)
    index = torch.tensor(idx.astype(data.draw(st.sampled_from(["int64", "int32"]))))
    if not arr.ndim and data.draw(st.booleans()):
        index = index.reshape(())
    r = t.index_select(dim, index)
    expected = np.take(np.atleast_1d(arr), idx, axis=d).reshape(r.shape) if arr.ndim else arr
    check(r, expected, dtype)
    check(torch.index_select(t, dim, index), expected, dtype)


@SETTINGS
@given(data=st.data(), src=tensors(min_dims=1, layouts=["contiguous", "transposed", "sliced"]),
       op=st.sampled_from(["fill", "copy", "add"]))
def test_hypothesis_index_fill_copy_add(data, src, op):
    t, arr, dtype = src
    nd = arr.ndim
    dim = data.draw(st.integers(-nd, nd - 1))
    d = dim % nd
    size = arr.shape[d]
    rng = np.random.default_rng(data.draw(st.integers(0, 100)))
    if op == "copy":
        idx = rng.permutation(size)[:data.draw(st.integers(0, size))].astype(np.int64)
    else:
        n = data.draw(st.integers(0, 4)) if size else 0
        lo = -size if op == "fill" else 0
        idx = rng.integers(lo, max(size, 1), size=n).astype(np.int64)
    index = torch.tensor(idx)
    expected = arr.copy()
    out = t.clone()
    if op == "fill":
        value = int(rng.integers(0, 3))
        assert out.index_fill_(dim, index, value) is out
        expected[(slice(None),) * d + (idx % max(size, 1),)] = value
        result = t.index_fill(dim, index, value)
    else:
        src_shape = arr.shape[:d] + (len(idx),) + arr.shape[d + 1:]
        src_arr = values(src_shape, dtype, rng)
        src_t = make(src_arr, data.draw(st.sampled_from(["contiguous", "transposed", "sliced"])))
        if op == "copy":
            out.index_copy_(dim, index, src_t)
            expected[(slice(None),) * d + (idx,)] = src_arr
            result = torch.index_copy(t, dim, index, src_t)
        else:
            alpha = data.draw(st.sampled_from([1, 2])) if dtype != "bool" else 1
            out.index_add_(dim, index, src_t, alpha=alpha)
            with np.errstate(all="ignore"):
                np.add.at(expected, (slice(None),) * d + (idx,), (src_arr * alpha).astype(arr.dtype)
                          if dtype != "bool" else src_arr)
            result = torch.index_add(t, dim, index, src_t, alpha=alpha)
    check(out, expected, dtype)
    check(result, expected, dtype)


def test_index_ops_zero_dim():
    assert torch.tensor(5.0).index_select(0, long([0])).item() == 5.0
    assert torch.tensor(5.0).index_select(0, torch.tensor(0)).item() == 5.0
    assert torch.tensor(5.0).index_fill_(0, long([-1]), 1).item() == 1.0
    assert torch.tensor(5.0).index_copy_(0, long([0]), torch.tensor(1.0)).item() == 1.0
    assert torch.tensor(5.0).index_add_(0, torch.tensor(0), torch.tensor(1.0)).item() == 6.0
    assert torch.zeros(3).index_copy_(0, torch.tensor(1), torch.tensor(2.0)).tolist() == [0, 2, 0]
    assert torch.zeros(3, 0).index_fill_(0, long([5]), 1).shape == (3, 0)  # nothing to write: not checked
    assert torch.zeros(0, 3).index_add_(0, long([5]), torch.ones(1, 3)).shape == (0, 3)


def test_index_add_alpha_and_dtypes():
    a = torch.arange(12.0).view(3, 4)
    assert a.clone().index_add_(1, long([0, 0]), torch.ones(3, 2), alpha=2.5).tolist()[0] == [5.0, 1.0, 2.0, 3.0]
    assert torch.zeros(3, dtype=torch.long).index_add_(0, long([0]), long([3]), alpha=-1.5).tolist() == [-3, 0, 0]
    assert torch.zeros(3, dtype=torch.bool).index_add_(0, long([0, 0]), boolean([True, True]), alpha=2).tolist() == \
        [True, False, False]
    half = torch.zeros(3, dtype=torch.float16).index_add_(0, long([0, 0]), torch.tensor([0.1, 0.2]).half(), alpha=3)
    assert half.tolist() == [0.8994140625, 0.0, 0.0]


def test_index_fill_with_tensor_value_and_expanded_warning():
    a = torch.arange(12.0).view(3, 4)
    assert a.clone().index_fill_(1, long([0, 2]), torch.tensor(-1)).tolist()[0] == [-1.0, 1.0, -1.0, 3.0]
    e = torch.zeros(1).expand(3)
    with pytest.warns(UserWarning, match=re.escape("Use of index_fill_ on expanded tensors is deprecated. Please clone() "
                                                   "the tensor before performing this operation. This also applies to "
                                                   "advanced indexing e.g. tensor[mask] = scalar")):
        e.index_fill_(0, long([0]), 1)
    assert e.tolist() == [1, 1, 1]


INDEX_OP_ERRORS = [
    (lambda a: a.index_select(1, long([[3, 0]])), IndexError, "index_select(): Index is supposed to be a vector"),
    (lambda a: a.index_select(1, long([4])), RuntimeError, "INDICES element is out of DATA bounds, id=4 axis_dim=4"),
    (lambda a: a.index_select(1, long([-1])), RuntimeError, "INDICES element is out of DATA bounds, id=-1 axis_dim=4"),
    (lambda a: a.index_select(0, long([5, 0, 7])), IndexError, "index out of range in self"),
    (lambda a: a.t().index_select(0, long([5])), IndexError, "index out of range in self"),
    (lambda a: torch.arange(3.0).index_select(0, long([-1])), IndexError, "index out of range in self"),
    (lambda a: torch.zeros(2, 3, 4).index_select(2, long([0, 5])), IndexError, "index out of range in self"),
    (lambda a: torch.zeros(0, 3).index_select(1, long([4])), RuntimeError, "INDICES element is out of DATA bounds, id=4 axis_dim=3"),
    (lambda a: torch.zeros(3, 0).index_select(1, long([1])), RuntimeError, "index_select(): self indexing axis dim should be positive"),
    (lambda a: a.index_select(1, long([1]).short()), RuntimeError, "index_select(): Expected dtype int32 or int64 for index"),
    (lambda a: a.index_select(2, long([1])), IndexError, "Dimension out of range (expected to be in range of [-2, 1], but got 2)"),
    (lambda a: a.index_select(1, [1]), TypeError, "index_select(): argument 'index' (position 2) must be Tensor, not list"),
    (lambda a: torch.tensor(5.0).index_select(0, long([0, 0])), RuntimeError,
     "index_select(): Index to scalar can have only 1 value, got 2 value(s)"),
    (lambda a: torch.tensor(5.0).index_select(0, long([1])), IndexError, "index out of range in self"),
    (lambda a: a.index_fill_(1, long([0, 5]), -1), IndexError, "index 5 is out of bounds for dimension 1 with size 4"),
    (lambda a: a.index_fill_(1, long([0, -5]), -1), IndexError, "index -5 is out of bounds for dimension 1 with size 4"),
    (lambda a: a.index_fill_(1, long([[0, 2]]), -1), RuntimeError, "Index has to be a vector/scalar"),
    (lambda a: a.index_fill_(1, long([0]).int(), -1), IndexError, "index_fill_(): Expected dtype int64 for index."),
    (lambda a: a.index_fill_(1, long([0]), torch.tensor([-1.0])), RuntimeError,
     "index_fill_ only supports a 0-dimensional value tensor, but got tensor with 1 dimension(s)."),
    (lambda a: a.long().index_fill_(1, long([0]), 1e30), RuntimeError, "value cannot be converted to type int64_t without overflow"),
    (lambda a: a.index_fill_(1, long([0]), "x"), TypeError,
     "index_fill_() received an invalid combination of arguments - got (int, Tensor, str), but expected one of:"),
    (lambda a: a.index_copy_(1, long([0, 2]), torch.ones(3, 2).double()), RuntimeError,
     "index_copy_(): self and source expected to have the same dtype, but got (self) Float and (source) Double"),
    (lambda a: a.index_copy_(1, long([0, 2]), torch.ones(3, 3)), IndexError,
     "index_copy_(): Number of indices (2) should be equal to source.size(dim) (3)"),
    (lambda a: a.index_copy_(1, long([0, 2]), torch.ones(2, 2)), RuntimeError,
     "index_copy_(): Source/destination tensor must have same slice shapes. Destination slice shape: 3 at dimension 1 "
     "and source slice shape: 2 at dimension 0."),
    (lambda a: torch.zeros(2, 3, 4).index_copy_(1, long([0, 1]), torch.zeros(2, 2, 5)), RuntimeError,
     "index_copy_(): Source/destination tensor must have same slice shapes. Destination slice shape: 2 4 at dimension "
     "1 and source slice shape: 2 5 at dimension 0."),
    (lambda a: a.index_copy_(1, long([0, 2]), torch.ones(3, 2, 1)), IndexError,
     "index_copy_(): When source and destination are not scalars, their dimensionality must match. Source "
     "dimensionality (3), destination dimensionality (2)"),
    (lambda a: a.index_copy_(1, long([0, 5]), torch.ones(3, 2)), IndexError,
     "index_copy_(): index 5 is out of bounds for dimension 1 with size 4"),
    (lambda a: a.index_copy_(1, long([0, -1]), torch.ones(3, 2)), IndexError,
     "index_copy_(): index -1 is out of bounds for dimension 1 with size 4"),
    (lambda a: a.index_copy_(1, long([[0, 1]]), torch.ones(3, 2)), IndexError,
     "index_copy_(): Index should have dimension 1 or 0 (got 2)"),
    (lambda a: a.index_copy_(1, long([0, 1]).int(), torch.ones(3, 2)), RuntimeError,
     "index_copy_(): Expected a long tensor for index, but got Int"),
    (lambda a: a.index_add_(1, long([0, 0]), torch.ones(3, 2).double()), RuntimeError,
     "index_add_(): self (Float) and source (Double) must have the same scalar type"),
    (lambda a: a.index_add_(1, long([0, 5]), torch.ones(3, 2)), RuntimeError, "index 5 is out of bounds for dimension 1 with size 4"),
    (lambda a: a.index_add_(1, long([0, -1]), torch.ones(3, 2)), RuntimeError, "index -1 is out of bounds for dimension 1 with size 4"),
    (lambda a: a.index_add_(1, long([0, 5]), torch.ones(3, 2), alpha=2), IndexError, "index out of range in self"),
    (lambda a: a.index_add_(1, long([0, 5]).int(), torch.ones(3, 2)), IndexError, "index out of range in self"),
    (lambda a: torch.zeros(2, 3, 4).index_add_(1, long([0, 5]), torch.ones(2, 2, 4)), IndexError, "index out of range in self"),
    (lambda a: torch.zeros(4).index_add_(0, long([4]), torch.ones(1)), IndexError, "index out of range in self"),
    (lambda a: a.index_add_(1, long([0, 1]), torch.ones(3, 3)), RuntimeError,
     "index_add_(): Number of indices (2) should be equal to source.size(dim): (3), for dim: 1"),
    (lambda a: a.index_add_(1, long([0, 1]), torch.ones(2, 2)), RuntimeError,
     "source tensor shape must match self tensor shape, excluding the specified dimension. Got self.shape = [3, 4] "
     "source.shape = [2, 2]"),
    (lambda a: a.index_add_(1, long([[0, 1]]), torch.ones(3, 2)), IndexError,
     "index_add_(): Index is supposed to be a vector, but got dim: 2 with type: Long and size: [1, 2]"),
    (lambda a: a.index_add_(1, long([0, 1]).short(), torch.ones(3, 2)), RuntimeError,
     "index_add_(): Expected dtype int32/int64 for index but got: Short"),
    (lambda a: torch.zeros(1).expand(3).index_add_(0, long([0]), torch.ones(1)), RuntimeError, EXPANDED),
    (lambda a: torch.zeros(1).expand(3).index_copy_(0, long([0]), torch.ones(1)), RuntimeError, EXPANDED),
    (lambda a: a.index_add_(0, long([0]), a[1:2]), RuntimeError, OVERLAP),
    (lambda a: a.index_copy_(0, long([0]), a[2:]), RuntimeError, OVERLAP),
]


@pytest.mark.parametrize("case", range(len(INDEX_OP_ERRORS)))
def test_index_op_errors(case):
    fn, exc, message = INDEX_OP_ERRORS[case]
    a = torch.arange(12.0).view(3, 4)
    before = a.tolist()
    with raises(exc, message, full="combination" not in message):
        fn(a)
    assert a.tolist() == before


@SETTINGS
@given(data=st.data(), src=tensors(min_dims=1, layouts=["contiguous", "transposed", "sliced"]))
def test_hypothesis_index_put(data, src):
    t, arr, dtype = src
    k = data.draw(st.integers(1, arr.ndim))
    assume(all(arr.shape[j] for j in range(k)))
    ishape = tuple(data.draw(st.lists(st.integers(1, 3), min_size=1, max_size=2)))
    rng = np.random.default_rng(data.draw(st.integers(0, 100)))
    idx = [rng.integers(-arr.shape[j], arr.shape[j], size=ishape) for j in range(k)]
    result_shape = ishape + arr.shape[k:]
    value = values(result_shape[data.draw(st.integers(0, len(result_shape))):], dtype, rng)
    accumulate = data.draw(st.booleans())
    out = t.clone()
    assert out.index_put_(tuple(torch.tensor(i) for i in idx), torch.tensor(value), accumulate=accumulate) is out
    expected = arr.copy()
    if accumulate:
        np.add.at(expected, tuple(idx), np.broadcast_to(value, result_shape))
    else:
        flat = [np.broadcast_to(i, ishape).reshape(-1) for i in idx]
        vals = np.broadcast_to(value, result_shape).reshape((int(np.prod(ishape)),) + arr.shape[k:])
        for n, pos in enumerate(zip(*flat)):  # sequential: the last duplicate wins
            expected[pos] = vals[n]
    check(out, expected, dtype)
    check(torch.index_put(t, tuple(torch.tensor(i) for i in idx), torch.tensor(value), accumulate), expected, dtype)


def test_index_put_accumulates_through_negative_indices():
    # NumPy 1.25.0 and 1.25.1 add.at wrote a -1 index before the array (wrong sums, a corrupted heap)
    t = torch.zeros(3).index_put_((long([-1, 0, -1]),), torch.ones(3), accumulate=True)
    assert t.tolist() == [1.0, 0.0, 2.0]


def test_index_put_masks_and_accumulate():
    a = torch.arange(12.0).view(3, 4)
    assert a.clone().index_put_((boolean([True, False, True]),), torch.tensor(5.0), accumulate=True).tolist() == \
        [[5, 6, 7, 8], [4, 5, 6, 7], [13, 14, 15, 16]]
    assert a.clone().index_put_([long([0, 0])], torch.tensor([5.0]), True).tolist()[0] == [10, 11, 12, 13]
    assert torch.zeros(3, dtype=torch.uint8).index_put_((long([0, 0]),), torch.tensor([200, 100], dtype=torch.uint8),
                                                        accumulate=True).tolist() == [44, 0, 0]
    assert torch.zeros(3, dtype=torch.float16).index_put_((long([0, 0, 0]),), torch.tensor([2049, 1, 1]).half(),
                                                          accumulate=True).tolist() == [2048, 0, 0]
    b = torch.zeros(2, 3, 2, dtype=torch.long)
    mask = boolean([[True, False, True], [False, True, False]])
    b.index_put_((mask, long([1, 0, 1])), long([7, 8, 9]))  # a 2-d mask covers two dims
    assert b.tolist() == [[[0, 7], [0, 0], [8, 0]], [[0, 0], [0, 9], [0, 0]]]
    c = torch.zeros(2, 3)
    c.index_put_((torch.tensor(True), long([0, 1])), torch.tensor(1.0))  # a 0-d mask indexes no dim
    assert c.tolist() == [[1, 1, 1], [1, 1, 1]]


INDEX_PUT_ERRORS = [
    (lambda a: a.index_put_((long([0, 1]),), 5.0), TypeError, "index_put_(): argument 'values' (position 2) must be Tensor, not float"),
    (lambda a: a.index_put_(long([0, 1]), torch.tensor(5.0)), TypeError,
     "index_put_(): argument 'indices' (position 1) must be tuple of Tensors, not Tensor"),
    (lambda a: a.index_put_(([0, 1],), torch.tensor(5.0)), TypeError, "expected Tensor as element 0 in argument 0, but got list"),
    (lambda a: a.index_put_((None,), torch.tensor(5.0)), TypeError, "expected Tensor as element 0 in argument 0, but got NoneType"),
    (lambda a: a.index_put_((long([0]),) * 3, torch.tensor(5.0)), IndexError, "too many indices for tensor of dimension 2 (got 3)"),
    (lambda a: a.index_put_((long([0, 9]),), torch.tensor(5.0)), IndexError, "index 9 is out of bounds for dimension 0 with size 3"),
    (lambda a: a.index_put_((long([0, 9]),), torch.tensor(5.0), accumulate=True), IndexError,
     "index 9 is out of bounds for dimension 0 with size 3"),
    (lambda a: a.index_put_((long([0, 1]),), torch.tensor(5)), RuntimeError,
     "Index put requires the source and destination dtypes match, got Float for the destination and Long for the source."),
    (lambda a: a.index_put_((long([0, 1]),), torch.tensor([5.0, 6.0])), RuntimeError,
     "shape mismatch: value tensor of shape [2] cannot be broadcast to indexing result of shape [2, 4]"),
    (lambda a: a.index_put_((long([0, 0]),), torch.ones(1, 2, 4)), RuntimeError,
     "shape mismatch: value tensor of shape [1, 2, 4] cannot be broadcast to indexing result of shape [2, 4]"),
    (lambda a: a.index_put_((long([0, 1]).float(),), torch.tensor(5.0)), IndexError,
     "tensors used as indices must be long, int, byte or bool tensors"),
    (lambda a: a.index_put_((boolean([True, False]),), torch.tensor(1.0)), IndexError,
     "The shape of the mask [2] at index 0 does not match the shape of the indexed tensor [3, 4] at index 0"),
    (lambda a: a.index_put_((boolean([True, False, True]), long([0, 1, 2])), torch.tensor([1.0, 2.0])), IndexError,
     "shape mismatch: indexing tensors could not be broadcast together with shapes [2], [3]"),
    (lambda a: a.index_put_((boolean([True] * 3), boolean([[True] * 4])), torch.tensor([1.0, 2.0])), IndexError,
     "The shape of the mask [1, 4] at index 0 does not match the shape of the indexed tensor [3, 4] at index 1"),
    (lambda a: torch.tensor(5.0).index_put_((torch.tensor(0),), torch.tensor(1.0)), IndexError,
     "too many indices for tensor of dimension 0 (got 1)"),
    (lambda a: a.index_put_((a[0].long(),), a[1, 0]), RuntimeError, OVERLAP),
]


@pytest.mark.parametrize("case", range(len(INDEX_PUT_ERRORS)))
def test_index_put_errors(case):
    fn, exc, message = INDEX_PUT_ERRORS[case]
    a = torch.arange(12.0).view(3, 4)
    before = a.tolist()
    with raises(exc, message):
        fn(a)
    assert a.tolist() == before


# ---- take / put ------------------------------------------------------------------------------------------------------
@SETTINGS
@given(data=st.data(), src=tensors())
def test_hypothesis_take_and_put(data, src):
    t, arr, dtype = src
    n = arr.size
    ishape = tuple(data.draw(st.lists(st.integers(0 if n else 0, 3), max_size=2)))
    rng = np.random.default_rng(data.draw(st.integers(0, 100)))
    assume(n or not int(np.prod(ishape)))
    idx = rng.integers(-n, max(n, 1), size=ishape) if n else np.zeros(ishape, dtype=np.int64)
    index = torch.tensor(idx.astype(np.int64))
    check(t.take(index), arr.reshape(-1)[idx] if n else np.zeros(ishape, dtype=arr.dtype), dtype)
    if data.draw(st.booleans()) and t.stride() and 0 in t.stride():
        return  # put_ into an expanded tensor is an error (tested below)
    target = t.clone() if 0 in (t.stride() or (1,)) else t
    target_arr = arr.copy()
    src_arr = values(ishape, dtype, rng)
    accumulate = data.draw(st.booleans())
    target.put_(index, torch.tensor(src_arr), accumulate=accumulate)
    flat = target_arr.reshape(-1)
    if accumulate:
        np.add.at(flat, idx.reshape(-1) % max(n, 1), src_arr.reshape(-1))
    else:
        for i, v in zip(idx.reshape(-1) % max(n, 1), src_arr.reshape(-1)):
            flat[i] = v
    check(target, flat.reshape(arr.shape), dtype)


def test_put_noncontiguous_and_view():
    a = torch.arange(12.0).view(3, 4)
    at = a.t()
    at.put_(long([0, 1]), torch.tensor([-1.0, -2.0]))  # row-major positions of the transposed view
    assert a.tolist()[0][:2] == [-1.0, 1.0] and a.tolist()[1][0] == -2.0
    assert a.take(long([[0, 5]])).tolist() == [[-1.0, 5.0]]
    assert a.t().take(long([[0, 5]])).tolist() == [[-1.0, 9.0]]


TAKE_PUT_ERRORS = [
    (lambda a: a.take(long([12])), IndexError, "out of range: tried to access index 12 on a tensor of 12 elements."),
    (lambda a: a.take(long([-13])), IndexError, "out of range: tried to access index -13 on a tensor of 12 elements."),
    (lambda a: a.take(long([0]).int()), RuntimeError, "take(): Expected a long tensor for index, but got Int"),
    (lambda a: a.take([0]), TypeError, "take(): argument 'index' (position 1) must be Tensor, not list"),
    (lambda a: torch.zeros(0).take(long([0])), IndexError, "take(): tried to take from an empty tensor"),
    (lambda a: a.put_(long([12]), torch.tensor([1.0])), IndexError, "out of range: tried to access index 12 on a tensor of 12 elements."),
    (lambda a: a.put_(long([0, 1]), torch.tensor([1.0])), IndexError,
     "put_(): Expected source and index to have the same number of elements, but got source.numel() = 1, "
     "index.numel() = 2"),
    (lambda a: a.put_(long([0, 1]), torch.tensor([1.0, 2.0]).double()), RuntimeError,
     "put_(): self and source expected to have the same dtype, but got self.dtype = Float and source.dtype = Double"),
    (lambda a: a.put_(long([0, 1]).int(), torch.tensor([1.0, 2.0])), RuntimeError,
     "put_(): Expected a long tensor for index, but got Int"),
    (lambda a: a.put_(long([0, 1]), 5.0), TypeError, "put_(): argument 'source' (position 2) must be Tensor, not float"),
    (lambda a: torch.zeros(0).put_(long([0]), torch.tensor([1.0])), IndexError, "put_(): Tried to put elements into an empty tensor"),
    (lambda a: torch.zeros(1).expand(3).put_(long([0]), torch.tensor([1.0])), RuntimeError, EXPANDED),
    (lambda a: a.put_(a[0, :2].long(), a[1, :2]), RuntimeError, OVERLAP),
]


@pytest.mark.parametrize("case", range(len(TAKE_PUT_ERRORS)))
def test_take_put_errors(case):
    fn, exc, message = TAKE_PUT_ERRORS[case]
    a = torch.arange(12.0).view(3, 4)
    before = a.tolist()
    with raises(exc, message):
        fn(a)
    assert a.tolist() == before


# ---- masked ops ----------------------------------------------------------------------------------------------------------
@st.composite
def masks_for(draw, shape):
    start = draw(st.integers(0, len(shape)))
    mshape = tuple(1 if draw(st.integers(0, 3)) == 0 else s for s in shape[start:])
    if draw(st.integers(0, 5)) == 0:
        mshape = (2,) + shape  # a mask with more dims than self (out-of-place ops broadcast)
    seed = draw(st.integers(0, 2 ** 16))
    m = np.random.default_rng(seed).random(mshape) < 0.5
    t = torch.tensor(m)
    if m.ndim >= 2 and draw(st.booleans()):
        order = tuple(range(m.ndim))[::-1]
        t = torch.tensor(np.ascontiguousarray(m.transpose(order))).permute(order)
    return t, m


@SETTINGS
@given(data=st.data(), src=tensors())
def test_hypothesis_masked_ops(data, src):
    t, arr, dtype = src
    mask, m = data.draw(masks_for(arr.shape))
    shape = np.broadcast_shapes(arr.shape, m.shape)
    check(t.masked_select(mask), np.broadcast_to(arr, shape)[np.broadcast_to(m, shape)], dtype)
    check(torch.masked_select(t, mask), np.broadcast_to(arr, shape)[np.broadcast_to(m, shape)], dtype)
    value = True if dtype == "bool" else 3
    expected = np.where(np.broadcast_to(m, shape), np.asarray(value, dtype=arr.dtype), arr)
    check(t.masked_fill(mask, value), expected, dtype)
    source = values((int(np.prod(shape)) + 1,), dtype, np.random.default_rng(0))
    expected = np.broadcast_to(arr, shape).copy()
    mb = np.broadcast_to(m, shape)
    expected[mb] = source[:np.count_nonzero(mb)]
    check(t.masked_scatter(mask, torch.tensor(source)), expected, dtype)
    if shape == arr.shape and not (t.stride() and 0 in t.stride()):
        out = t.clone()
        assert out.masked_fill_(mask, value) is out
        check(out, np.where(mb, np.asarray(value, dtype=arr.dtype), arr), dtype)
        out = t.clone()
        assert out.masked_scatter_(mask, torch.tensor(source)) is out
        check(out, expected, dtype)


def test_masked_fill_value_kinds():
    a = torch.arange(6.0).view(2, 3)
    r = boolean([True, False, True])
    assert a.clone().masked_fill_(r, torch.tensor(-1)).tolist() == [[-1, 1, -1], [-1, 4, -1]]
    assert a.long().masked_fill_(r, -1.5).tolist() == [[-1, 1, -1], [-1, 4, -1]]
    assert a.bool().masked_fill_(r, 2.5).tolist() == [[True] * 3] * 2
    assert a.clone().masked_fill_(r, torch.tensor(2.5, dtype=torch.float64)).tolist()[0] == [2.5, 1.0, 2.5]
    e = torch.zeros(1).expand(3)
    with pytest.warns(UserWarning, match=re.escape("Use of masked_fill_ on expanded tensors is deprecated.")):
        e.masked_fill_(r, 1)
    assert e.tolist() == [1, 1, 1]


MASKED_ERRORS = [
    (lambda a, r: a.masked_select(r.byte()), RuntimeError, "masked_select: expected BoolTensor for mask"),
    (lambda a, r: a.masked_select(r.long()), RuntimeError, "masked_select: expected BoolTensor for mask"),
    (lambda a, r: a.masked_select(boolean([True, False])), RuntimeError,
     "The size of tensor a (2) must match the size of tensor b (3) at non-singleton dimension 1"),
    (lambda a, r: a.masked_select([True, False, True]), TypeError,
     "masked_select(): argument 'mask' (position 1) must be Tensor, not list"),
    (lambda a, r: a.masked_fill_(r, torch.tensor([-1.0])), RuntimeError,
     "masked_fill_ only supports a 0-dimensional value tensor, but got tensor with 1 dimension(s)."),
    (lambda a, r: a.masked_fill_(r.byte(), 1), RuntimeError, "masked_fill_ only supports boolean masks, but got mask with dtype unsigned char"),
    (lambda a, r: a.masked_fill_(r.long(), 1), RuntimeError, "masked_fill_ only supports boolean masks, but got mask with dtype long int"),
    (lambda a, r: a.masked_fill_(boolean([True, False]), 1), RuntimeError,
     "The size of tensor a (3) must match the size of tensor b (2) at non-singleton dimension 1"),
    (lambda a, r: a.masked_fill_(torch.ones(2, 2, 3).bool(), 1), RuntimeError,
     "output with shape [2, 3] doesn't match the broadcast shape [2, 2, 3]"),
    (lambda a, r: a.long().masked_fill_(r, 1e30), RuntimeError, "value cannot be converted to type int64_t without overflow"),
    (lambda a, r: a.long().masked_fill_(r, torch.tensor(1e30)), RuntimeError, "value cannot be converted to type int64_t without overflow"),
    (lambda a, r: a.masked_fill_(r, "x"), TypeError,
     "masked_fill_() received an invalid combination of arguments - got (Tensor, str), but expected one of:\n"
     " * (Tensor mask, Tensor value)\n * (Tensor mask, Number value)\n"),
    (lambda a, r: a.masked_scatter_(r, torch.tensor([10.0])), RuntimeError, "Number of elements of source < number of ones in mask"),
    (lambda a, r: a.masked_scatter_(r, torch.tensor([10.0]).double()), RuntimeError,
     "masked_scatter: expected self and source to have same dtypes but gotFloat and Double"),
    (lambda a, r: a.masked_scatter_(torch.ones(2, 2, 3).bool(), torch.ones(20)), RuntimeError,
     "expand(CPUBoolType{[2, 2, 3]}, size=[2, 3]): the number of sizes provided (2) must be greater or equal to the "
     "number of dimensions in the tensor (3)"),
    (lambda a, r: a.masked_scatter_(boolean([True, False]), torch.ones(5)), RuntimeError,
     "The expanded size of the tensor (3) must match the existing size (2) at non-singleton dimension 1.  Target "
     "sizes: [2, 3].  Tensor sizes: [2]"),
    (lambda a, r: a.masked_scatter_(r, 5.0), TypeError, "masked_scatter_(): argument 'source' (position 2) must be Tensor, not float"),
    (lambda a, r: torch.zeros(1).expand(3).masked_scatter_(r, torch.ones(5)), RuntimeError, EXPANDED),
    (lambda a, r: torch.masked_select(a, r, out=a.long()), RuntimeError,
     "masked_select(): self and result must have the same scalar type"),
]


@pytest.mark.parametrize("case", range(len(MASKED_ERRORS)))
def test_masked_errors(case):
    fn, exc, message = MASKED_ERRORS[case]
    a = torch.arange(6.0).view(2, 3)
    r = boolean([True, False, True])
    before = a.tolist()
    with raises(exc, message):
        fn(a, r)
    assert a.tolist() == before


def test_masked_scatter_uint8_mask_warns_then_fails():
    with pytest.warns(UserWarning, match=re.escape(
            "masked_scatter_ received a mask with dtype torch.uint8, this behavior is now deprecated,please use a mask "
            "with dtype torch.bool instead.")):
        with raises(RuntimeError, "masked_scatter_ only supports boolean masks, but got mask with dtype Byte"):
            torch.zeros(3).masked_scatter_(torch.ones(3).byte(), torch.ones(3))


def test_masked_fill_partial_overlap_with_mask():
    a = torch.zeros(2, 3, dtype=torch.bool)
    a[0].masked_fill_(a[0], True)  # the mask is the tensor itself: full overlap is fine
    with raises(RuntimeError, OVERLAP):
        a.view(-1)[1:4].masked_fill_(a.view(-1)[0:3], True)


# ---- nonzero / argwhere / where ----------------------------------------------------------------------------------------
@SETTINGS
@given(src=tensors())
def test_hypothesis_nonzero(src):
    t, arr, dtype = src
    expected = np.argwhere(arr)
    r = t.nonzero()
    check(r, expected, "int64")
    check(torch.nonzero(t), expected, "int64")
    check(t.argwhere(), expected, "int64")
    parts = t.nonzero(as_tuple=True)
    if arr.ndim:
        assert len(parts) == arr.ndim
        for part, e in zip(parts, np.nonzero(arr)):
            check(part, e, "int64")
    parts = torch.where(t)
    assert len(parts) == max(arr.ndim, 1)


def test_nonzero_special_values():
    assert torch.tensor(np.array([np.nan, 0.0, -0.0], dtype=np.float32)).nonzero().tolist() == [[0]]
    assert torch.tensor(5.0).nonzero().shape == (1, 0)
    assert torch.tensor(0.0).nonzero().shape == (0, 0)
    assert [p.tolist() for p in torch.tensor(5.0).nonzero(as_tuple=True)] == [[0]]
    assert [p.tolist() for p in torch.tensor(0.0).nonzero(as_tuple=True)] == [[]]
    assert torch.zeros(0, 3).nonzero().shape == (0, 2)
    out = torch.zeros(0, dtype=torch.long)
    assert torch.nonzero(torch.ones(2, 2), out=out) is out and out.tolist() == [[0, 0], [0, 1], [1, 0], [1, 1]]
    with raises(RuntimeError, "nonzero: Expected out tensor to have scalar type Long but got scalar typeFloat"):
        torch.nonzero(torch.ones(2), out=torch.zeros(0))


@SETTINGS
@given(data=st.data(), src=tensors(), other_dtype=st.sampled_from(DTYPES + ["int", "float", "bool"]))
def test_hypothesis_where(data, src, other_dtype):
    t, arr, dtype = src
    mask, m = data.draw(masks_for(arr.shape))
    rng = np.random.default_rng(data.draw(st.integers(0, 100)))
    if other_dtype in ("int", "float", "bool"):
        other = {"int": 2, "float": 2.5, "bool": True}[other_dtype]
        other_arr = np.asarray(other)
        result_dtype = str(torch._dtype.result_type(t, other)).replace("torch.", "")
    else:
        other_arr = values(arr.shape[data.draw(st.integers(0, arr.ndim)):], other_dtype, rng)
        other = torch.tensor(other_arr)
        result_dtype = str(torch._dtype.result_type(t, other)).replace("torch.", "")
    r = torch.where(mask, t, other)
    with np.errstate(all="ignore"):
        expected = np.where(m, arr.astype(result_dtype), other_arr.astype(result_dtype))
    check(r, expected, result_dtype)
    check(t.where(mask, other), expected, result_dtype)


def test_where_promotion_and_scalars():
    m = boolean([[True, False, True], [False, False, True]])
    a = torch.arange(6.0).view(2, 3)
    assert torch.where(m, 1, 0).dtype is torch.int64
    assert torch.where(m, 1.0, 0).dtype is torch.float32
    assert torch.where(m, True, False).dtype is torch.bool
    assert torch.where(m, a.long(), 2.5).dtype is torch.float32
    assert torch.where(m, a.int(), torch.tensor(5)).dtype is torch.int32
    assert torch.where(m, a.byte(), -1).tolist() == [[0, 255, 2], [255, 255, 5]]
    assert a.where(m, torch.tensor(1.0, dtype=torch.float64)).dtype is torch.float32
    assert torch.where(condition=m, input=a, other=0).tolist() == [[0, 0, 2], [0, 0, 5]]
    with pytest.warns(UserWarning, match=re.escape("where received a uint8 condition tensor. This behavior is "
                                                   "deprecated and will be removed in a future version of PyTorch. "
                                                   "Use a boolean condition instead.")):
        assert torch.where(m.byte(), 1, 0).tolist() == [[1, 0, 1], [0, 0, 1]]
    out = torch.zeros(0)
    assert torch.where(m, a, a, out=out) is out and out.tolist() == a.tolist()


WHERE_ERRORS = [
    (lambda m, a: torch.where(m.long(), 1, 0), RuntimeError,
     "where expected condition to be a boolean tensor, but got a tensor with dtype Long"),
    (lambda m, a: torch.where(boolean([True, False]), a, 0), RuntimeError,
     "The size of tensor a (2) must match the size of tensor b (3) at non-singleton dimension 1"),
    (lambda m, a: torch.where(m, a.char(), 300), RuntimeError,
     "value cannot be converted to type int8_t without overflow"),
    (lambda m, a: torch.where(m, a, 2 ** 70), OverflowError, "int too big to convert"),
    (lambda m, a: torch.where(m, a), TypeError,
     "where() received an invalid combination of arguments - got (Tensor, Tensor), but expected one of:\n"
     " * (Tensor condition)\n * (Tensor condition, Tensor input, Tensor other, *, Tensor out = None)\n"
     " * (Tensor condition, Number self, Tensor other)\n * (Tensor condition, Tensor input, Number other)\n"
     " * (Tensor condition, Number self, Number other)\n"),
    (lambda m, a: torch.where(m, input=a), TypeError,
     "where() received an invalid combination of arguments - got (Tensor, input=Tensor), but expected one of:"),
    (lambda m, a: torch.where(m, a, 0, out=a), TypeError, "where(): argument 'other' (position 3) must be Tensor, not int"),
    (lambda m, a: torch.where(m, a, a, out=a.long()), RuntimeError, "Expected out type to be Float but got Long"),
    (lambda m, a: torch.where(m, a, a, out=a[:1]), RuntimeError, OVERLAP),
]


@pytest.mark.parametrize("case", range(len(WHERE_ERRORS)))
def test_where_errors(case):
    fn, exc, message = WHERE_ERRORS[case]
    m = boolean([[True, False, True], [False, False, True]])
    a = torch.arange(6.0).view(2, 3)
    with raises(exc, message, full="expected one of:" not in message or message.endswith("\n")):
        fn(m, a)


# ---- out= ------------------------------------------------------------------------------------------------------------------
def test_out_arguments():
    a = torch.arange(4.0).view(2, 2)
    i = long([[0, 0], [1, 0]])
    out = torch.zeros(2, 2)
    assert torch.gather(a, 1, i, out=out) is out and out.tolist() == [[0, 0], [3, 2]]
    with pytest.warns(UserWarning, match=re.escape(
            "An output with one or more elements was resized since it had shape [3, 2], which does not match the "
            "required output shape [2, 2]. This behavior is deprecated, and in a future PyTorch release outputs will "
            "not be resized unless they have zero elements. You can explicitly reuse an out tensor t by resizing it, "
            "inplace, to zero elements with t.resize_(0).")):
        out = torch.gather(a, 1, i, out=torch.zeros(3, 2))
    assert out.shape == (2, 2)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        out = torch.zeros(0)
        torch.index_select(a, 0, long([1]), out=out)  # an empty out is resized silently
    assert out.tolist() == [[2, 3]]
    with raises(RuntimeError, "Expected out tensor to have dtype float, but got long int instead"):
        torch.gather(a, 1, i, out=torch.zeros(2, 2, dtype=torch.long))
    with raises(RuntimeError, "Expected out tensor to have dtype double, but got c10::Half instead"):
        torch.gather(a.double(), 1, i, out=torch.zeros(2, 2, dtype=torch.float16))
    with raises(RuntimeError, "index_select(): self and result must have the same scalar type"):
        torch.index_select(a, 1, long([1]), out=torch.zeros(2, 1, dtype=torch.long))
    with raises(RuntimeError, "take(): self and out expected to have the same dtype, but got self.dtype = Float and "
                              "out.dtype = Long"):
        torch.take(a, long([0]), out=torch.zeros(1, dtype=torch.long))
    with raises(RuntimeError, EXPANDED):
        torch.gather(a, 1, i, out=torch.zeros(1, 2).expand(2, 2))
    with raises(RuntimeError, OVERLAP):
        torch.gather(a, 1, long([[0, 1]]), out=a[:1])
    out = torch.zeros(2, 2)
    assert torch.scatter(a, 1, i, a, out=out) is out
    assert torch.scatter_add(a, 1, i, a, out=torch.zeros(2, 2)).tolist() == [[1, 1], [5, 5]]
    assert torch.index_add(a, 1, long([0]), torch.ones(2, 1), out=torch.zeros(2, 2)).tolist() == [[1, 1], [3, 3]]
    assert torch.index_copy(a, 1, long([0]), torch.ones(2, 1), out=torch.zeros(2, 2)).tolist() == [[1, 1], [1, 3]]
    assert torch.masked_select(a, boolean([True, False]), out=torch.zeros(0)).tolist() == [0, 2]
    assert torch.take(a, long([3]), out=torch.zeros(1)).tolist() == [3]


# ---- functional forms and return values ---------------------------------------------------------------------------------
def test_functional_forms_and_in_place_returns():
    a = torch.arange(6.0).view(2, 3)
    m = boolean([True, False, True])
    for name in ("masked_fill", "masked_scatter", "index_fill", "index_put", "index_put_", "put", "argwhere",
                 "gather", "scatter", "scatter_add", "index_select", "index_add", "index_copy", "masked_select",
                 "take", "nonzero", "where"):
        assert callable(getattr(torch, name)), name
    assert torch.masked_fill(a, m, 1).tolist() == [[1, 1, 1], [1, 4, 1]]
    assert torch.index_fill(a, 1, long([0]), 7).tolist() == [[7, 1, 2], [7, 4, 5]]
    assert torch.put(a, long([0, 1]), torch.tensor([1.0, 2.0])).tolist()[0] == [1, 2, 2]
    assert torch.index_put(a, (long([0]),), torch.tensor(5.0)).tolist()[0] == [5, 5, 5]
    b = a.clone()
    assert torch.index_put_(b, (long([0]),), torch.tensor(5.0)) is b
    assert torch.argwhere(torch.tensor(5.0)).shape == (1, 0)
    assert a.tolist() == [[0, 1, 2], [3, 4, 5]]  # out-of-place forms leave the input alone
    for method, args in [("masked_fill_", (m, 0)), ("masked_scatter_", (m, torch.ones(4))),
                         ("index_fill_", (1, long([0]), 1)), ("index_copy_", (1, long([0]), torch.ones(2, 1))),
                         ("index_add_", (1, long([0]), torch.ones(2, 1))), ("index_put_", ((long([0]),), torch.tensor(1.0))),
                         ("put_", (long([0]), torch.ones(1))), ("scatter_", (1, long([[0]]), 1.0)),
                         ("scatter_add_", (1, long([[0]]), torch.ones(1, 1)))]:
        c = a.clone()
        version = c._version
        assert getattr(c, method)(*args) is c, method
        assert c._version == version + 1, method


@pytest.mark.parametrize("dtype", DTYPES)
def test_every_dtype_round_trip(dtype):
    rng = np.random.default_rng(3)
    arr = values((3, 4), dtype, rng)
    t = make(arr, "transposed")
    check(t[[2, 0]], arr[[2, 0]], dtype)
    check(t[:, boolean([True, False, True, False])], arr[:, [0, 2]], dtype)
    check(t.gather(1, long([[1, 0]] * 3)), arr[:, [1, 0]], dtype)
    check(t.index_select(0, long([1])), arr[[1]], dtype)
    out = t.clone()
    out[0] = torch.tensor(arr[1])
    expected = arr.copy()
    expected[0] = arr[1]
    check(out, expected, dtype)
    check(t.masked_select(boolean(arr != 0)), arr[arr != 0], dtype)
    check(t.take(long([0, 11])), arr.reshape(-1)[[0, 11]], dtype)


# ---- the Cython kernels guard their own memory ----------------------------------------------------------------------------
def test_kernel_first_outside():
    a = np.array([[0, 3], [-1, 2]], dtype=np.int64)
    assert kernels.first_outside(a, 0, 3) == 1
    assert kernels.first_outside(a.T, 0, 3) == 1
    assert kernels.first_outside(a, -1, 4) == -1
    assert kernels.first_outside(a.astype(np.int32), -1, 3) == 1
    assert kernels.first_outside(np.zeros((0, 3), dtype=np.int64), 0, 1) == -1
    assert kernels.first_outside(np.array(5), 0, 5) == 0
    with pytest.raises(ValueError):
        kernels.first_outside(a.astype(np.float64), 0, 3)


def test_kernel_rejects_bad_operands_without_touching_memory():
    src = np.arange(6.0).reshape(2, 3)
    out = np.zeros((2, 2))
    good = np.array([[0, 2], [1, 1]])
    assert kernels.gather(out, src, good, 1) == -1 and out.tolist() == [[0, 2], [4, 4]]
    assert kernels.gather(out, src, np.array([[0, 9], [1, 1]]), 1) == 1  # stops at the bad index
    with pytest.raises(ValueError):
        kernels.gather(out, src, np.zeros((3, 2), dtype=np.int64), 1)  # out is smaller than index
    with pytest.raises(ValueError):
        kernels.gather(out, src.astype(np.float32), good, 1)  # dtypes differ
    with pytest.raises(ValueError):
        kernels.gather(out, src, good.astype(np.int16), 1)
    with pytest.raises(ValueError):
        kernels.gather(out, src, good, 2)
    dst = np.zeros((2, 3))
    assert kernels.scatter(dst, np.array([[0, 7]]), np.ones((1, 2)), 1, 1) == 1
    assert dst.tolist() == [[0, 0, 0], [0, 0, 0]]  # nothing written when an index is bad
    with pytest.raises(ValueError):
        kernels.scatter(dst, np.array([[0, 1, 2, 0]]), np.ones((1, 4)), 0, 0)  # index wider than dst
    with pytest.raises(ValueError):
        kernels.scatter(dst.astype(bool), np.array([[0]]), np.ones((1, 1), dtype=bool), 0, 1)
    read_only = np.zeros((2, 3))
    read_only.flags.writeable = False
    with pytest.raises(ValueError):
        kernels.scatter(read_only, np.array([[0]]), np.ones((1, 1)), 0, 0)
    assert kernels.scatter(dst, np.array([[0, 0]]), np.ones((1, 2)), 0, 1) == -1
    assert dst.tolist() == [[1, 1, 0], [0, 0, 0]]


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("index_dtype", [np.int64, np.int32])
def test_kernel_scatter_add_of_whole_rows(dtype, index_dtype):
    # an index repeating one value along each row (embedding's backward) adds whole rows: the same
    # bits as the element-wise walk over a materialised index, and a bad index writes nothing
    rng = np.random.default_rng(3)
    n, width, num = 300, 27, 20
    idx = rng.integers(0, num, n).astype(index_dtype)
    src = rng.standard_normal((n, width + 3)).astype(dtype)[:, 1:width + 1]   # rows apart
    rows, walked = np.zeros((num, width), dtype), np.zeros((num, width), dtype)
    assert kernels.scatter(rows, np.broadcast_to(idx.reshape(n, 1), (n, width)), src, 0, 1) == -1
    assert kernels.scatter(walked, np.repeat(idx.reshape(n, 1), width, 1), src, 0, 1) == -1
    expected = np.zeros((num, width), dtype)
    np.add.at(expected, idx, src)
    assert rows.tobytes() == walked.tobytes() == expected.tobytes()
    idx[5] = num
    rows[:] = 0
    assert kernels.scatter(rows, np.broadcast_to(idx.reshape(n, 1), (n, width)), src, 0, 1) == 5 * width
    assert not rows.any()


def test_large_random_gather_scatter_against_numpy():
    rng = np.random.default_rng(5)
    arr = rng.standard_normal((50, 40)).astype(np.float32)
    idx = rng.integers(0, 40, size=(50, 60))
    t = make(arr, "transposed")
    check(t.gather(1, torch.tensor(idx)), np.take_along_axis(arr, idx, axis=1))
    src = rng.integers(-3, 4, size=(50, 60)).astype(np.float32)
    out = torch.zeros(50, 40).scatter_add_(1, torch.tensor(idx), torch.tensor(src))
    expected = np.zeros((50, 40), dtype=np.float32)
    np.add.at(expected, (np.arange(50)[:, None], idx), src)
    check(out, expected)
    # advanced indexing on a big tensor, several index tensors, non-contiguous source
    rows = rng.integers(-50, 50, size=(7, 1))
    cols = rng.integers(0, 40, size=(1, 9))
    check(t[torch.tensor(rows), torch.tensor(cols)], arr[rows, cols])
    check(t[:, torch.tensor(cols[0])], arr[:, cols[0]])


def test_autograd_hooks_are_called():
    x = torch.arange(6.0, requires_grad=True)
    y = x[long([0, 0, 3])]
    assert type(y.grad_fn).__name__ == "IndexBackward0"
    y.sum().backward()
    assert x.grad.tolist() == [2, 0, 0, 1, 0, 0]
    x = torch.arange(6.0).view(2, 3).requires_grad_()
    g = x.gather(1, long([[0, 0], [2, 1]]))
    assert type(g.grad_fn).__name__ == "GatherBackward0"
    z = x * 2
    z[0, 1] = 5.0
    z[long([1])] = torch.tensor(1.0)
    z.sum().backward()
    assert x.grad.tolist() == [[2, 0, 2], [0, 0, 0]]
    leaf = torch.zeros(3, requires_grad=True)
    with pytest.raises(RuntimeError, match="a leaf Variable that requires grad is being used in an in-place operation."):
        leaf[0] = 1.0
    assert leaf.tolist() == [0, 0, 0]
