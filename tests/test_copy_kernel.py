"""tensorlib._copy.copy_into checked against numpy.copyto(casting='unsafe'),
whose casts agree with PyTorch's wherever PyTorch defines them."""
import itertools
import multiprocessing

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tensorlib._copy import copy_into

DTYPES = ["float16", "float32", "float64", "int8", "int16", "int32", "int64", "uint8", "bool"]
PAIRS = list(itertools.product(DTYPES, DTYPES))


def is_float(dtype):
    return np.dtype(dtype).kind == "f"


def is_int(dtype):
    return np.dtype(dtype).kind in "iu"


def convertible_range(src_dtype, dst_dtype):
    """The src values whose cast to dst is defined; None when all are.

    Float -> int is undefined (in C and in PyTorch) when the truncated value
    does not fit: such values are kept out of the comparisons."""
    if not (is_float(src_dtype) and is_int(dst_dtype)):
        return None
    info, src_max = np.iinfo(dst_dtype), float(np.finfo(src_dtype).max)
    bounds = []
    for bound in (max(info.min, -src_max), min(info.max, src_max)):
        as_src = np.array(bound, dtype=np.float64).astype(src_dtype)
        if abs(float(as_src)) > abs(bound):
            as_src = np.nextafter(as_src, np.array(0, dtype=src_dtype))
        bounds.append(as_src)
    return bounds


def random_values(shape, src_dtype, dst_dtype, rng):
    """Random src values (an array) spanning src's range, as far as the cast to dst is defined."""
    if src_dtype == "bool":
        return np.asarray(rng.random(shape) > 0.5)
    if is_int(src_dtype):
        info = np.iinfo(src_dtype)
        return np.asarray(rng.integers(info.min, info.max, size=shape, endpoint=True, dtype=src_dtype))
    scale = {"float16": 1000.0, "float32": 1e6, "float64": 1e12}[src_dtype]
    values = rng.standard_normal(shape) * rng.choice([0.5, 10.0, scale], size=shape)
    values = np.asarray(values).astype(src_dtype)
    limits = convertible_range(src_dtype, dst_dtype)
    if limits is not None:
        values = np.clip(values, *limits)
    return values


def expected_copy(dst, src):
    expected = dst.copy()
    with np.errstate(over="ignore", invalid="ignore"):   # float16 overflow is part of the check
        if dst.dtype == np.float16 and src.dtype == np.float64:
            src = src.astype(np.float32)  # PyTorch converts a double to half through float
        np.copyto(expected, src, casting="unsafe")
    return expected


def assert_copies_like_numpy(dst, src):
    expected = expected_copy(dst, src)
    copy_into(dst, src)
    assert dst.dtype == expected.dtype
    np.testing.assert_array_equal(dst, expected, strict=True)
    if is_float(dst.dtype):
        # assert_array_equal counts -0.0 == 0.0; the signs must agree too.
        np.testing.assert_array_equal(np.signbit(dst), np.signbit(expected))


def src_layouts(values):
    """Views of (copies of) ``values`` in the layouts a caller can hand in, keyed by name."""
    grid = values.reshape(6, 10)
    bigger = np.zeros((13, 23), dtype=values.dtype)
    bigger[1::2, 3::2] = grid
    return {
        "contiguous": grid,
        "transposed": np.ascontiguousarray(grid.T).T,
        "sliced": bigger[1::2, 3::2],
        "broadcast": np.broadcast_to(grid[2:3], grid.shape),
        "broadcast_column": np.broadcast_to(grid[:, 4:5], grid.shape),
        "zero_dim": grid[1, 2, ...],
        "empty": grid[:0, ::2],
    }


@pytest.mark.parametrize("layout", list(src_layouts(np.zeros(60)).keys()))
@pytest.mark.parametrize("src_dtype, dst_dtype", PAIRS)
def test_every_dtype_pair_and_layout_matches_numpy(src_dtype, dst_dtype, layout):
    rng = np.random.default_rng(PAIRS.index((src_dtype, dst_dtype)))
    src = src_layouts(random_values(60, src_dtype, dst_dtype, rng))[layout]
    dst = np.full(src.shape, 7, dtype=dst_dtype)
    assert_copies_like_numpy(dst, src)


@pytest.mark.parametrize("src_dtype, dst_dtype", PAIRS)
def test_every_dtype_pair_into_strided_dst(src_dtype, dst_dtype):
    rng = np.random.default_rng(3)
    src = random_values((5, 40, 3), src_dtype, dst_dtype, rng)
    base = np.zeros((3, 80, 7), dtype=dst_dtype)
    dst = base[:, ::2, 1:6].transpose(2, 1, 0)   # offset, stepped, permuted
    assert_copies_like_numpy(dst, src)
    untouched = base.copy()
    untouched[:, ::2, 1:6] = 0
    assert not untouched.any(), "wrote outside dst's elements"


# Tiled (transposing) copies with partial tiles on every edge, cast and not.
@pytest.mark.parametrize("src_dtype, dst_dtype", [
    ("float32", "float32"), ("float64", "float64"), ("int64", "int64"), ("int32", "int32"),
    ("float16", "float16"), ("uint8", "uint8"), ("bool", "bool"), ("float32", "float64"),
    ("float64", "float16"), ("int16", "float32"), ("float32", "bool"), ("int8", "int64"),
])
@pytest.mark.parametrize("shape", [(67, 45), (1000, 1003), (5, 130, 70)])
def test_transposed_copies_match_numpy(src_dtype, dst_dtype, shape):
    rng = np.random.default_rng(11)
    base = random_values(shape[::-1], src_dtype, dst_dtype, rng)
    src = base.T
    assert_copies_like_numpy(np.empty(shape, dtype=dst_dtype), src)
    # The same data into a transposed dst: contiguous src, strided writes.
    assert_copies_like_numpy(np.empty(shape[::-1], dtype=dst_dtype).T, np.ascontiguousarray(src))


@pytest.mark.parametrize("dst_dtype", ["float32", "float64"])
def test_broadcast_transposes_match_numpy(dst_dtype):
    a = np.arange(300 * 200, dtype="float32").reshape(300, 200)
    assert_copies_like_numpy(np.empty((5, 200, 300), dtype=dst_dtype),
                             np.broadcast_to(a.T[None], (5, 200, 300)))
    assert_copies_like_numpy(np.empty((200, 5, 300), dtype=dst_dtype),
                             np.broadcast_to(a.T[:, None], (200, 5, 300)))


# Copies big enough to be split over threads.
@pytest.mark.parametrize("src_dtype, dst_dtype", [
    ("float32", "float32"), ("float32", "float64"), ("float64", "int32"), ("bool", "float16")])
@pytest.mark.parametrize("make_src", [
    lambda a: a,
    lambda a: a[::2],
    lambda a: np.broadcast_to(a[:1000], (700, 1000)),
    lambda a: np.broadcast_to(a[:700, None], (700, 1000)),
    lambda a: a.reshape(100, 100, 140).transpose(1, 2, 0),
    lambda a: a.reshape(70, 20, 1000)[:, ::2, 1:].transpose(2, 0, 1),
], ids=["contiguous", "stepped", "broadcast_rows", "broadcast_cols", "permuted", "sliced_permuted"])
def test_large_copies_match_numpy(src_dtype, dst_dtype, make_src):
    rng = np.random.default_rng(5)
    src = make_src(random_values(1_400_000, src_dtype, dst_dtype, rng))
    assert_copies_like_numpy(np.empty(src.shape, dtype=dst_dtype), src)


@st.composite
def layouts(draw):
    """A random (dst, src) pair: permuted, stepped, offset and broadcast views."""
    src_dtype, dst_dtype = draw(st.sampled_from(PAIRS))
    shape = tuple(draw(st.lists(st.integers(0, 6), min_size=0, max_size=5)))
    ndim = len(shape)
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))

    def strided_view(dtype, values=None):
        perm = draw(st.permutations(range(ndim)))
        steps = [draw(st.integers(1, 3)) for _ in range(ndim)]
        starts = [draw(st.integers(0, 2)) for _ in range(ndim)]
        stored_shape = [starts[d] + steps[d] * max(shape[d] - 1, 0) + 1 for d in range(ndim)]
        stored_shape = [stored_shape[p] for p in perm]
        storage = np.zeros(stored_shape, dtype=dtype) if values is None else values(stored_shape)
        inverse = np.argsort(perm)
        view = storage.transpose(inverse)
        slices = tuple(slice(b, b + s * k, k) for b, s, k in zip(starts, shape, steps))
        return view[slices + (Ellipsis,)]   # the Ellipsis keeps a 0-d result an array

    src = strided_view(src_dtype, lambda s: random_values(tuple(s), src_dtype, dst_dtype, rng))
    broadcast = [d for d in range(ndim) if draw(st.booleans())]
    if broadcast:
        src = np.broadcast_to(src[tuple(slice(0, 1) if d in broadcast else slice(None)
                                        for d in range(ndim))], shape)
    return strided_view(dst_dtype), src


@settings(max_examples=400, deadline=None)
@given(layouts())
def test_random_layouts_match_numpy(operands):
    dst, src = operands
    assert dst.shape == src.shape
    assert_copies_like_numpy(dst, src)


@pytest.mark.skipif(np.lib.NumpyVersion(np.__version__) < "2.0.0",
                    reason="NumPy 1.x arrays have at most 32 dimensions")
@pytest.mark.parametrize("ndim", [33, 64])
def test_many_dims(ndim):
    rng = np.random.default_rng(0)
    shape = [1] * ndim
    shape[3], shape[-1], shape[ndim // 2] = 2, 3, 2
    src = rng.standard_normal(shape).astype("float32")
    perm = list(range(ndim))
    perm[3], perm[-1] = perm[-1], perm[3]
    dst = np.empty(src.transpose(perm).shape, dtype="float64")
    assert_copies_like_numpy(dst, src.transpose(perm))


# ---------------------------------------------------------------- float16 edges

HALF_MAX = 65504.0
HALF_TINY = 2.0**-24        # smallest subnormal
HALF_NORMAL = 2.0**-14      # smallest normal

FLOAT_EDGES = [
    0.0, -0.0, 1.0, -1.0, HALF_MAX, -HALF_MAX, 65519.0, 65519.99, 65520.0, -65520.0, 65536.0, 1e10,
    HALF_TINY, -HALF_TINY, HALF_TINY / 2, HALF_TINY * 0.5000001, HALF_TINY * 0.4999, HALF_TINY * 1.5,
    HALF_TINY * 2.5, HALF_NORMAL, HALF_NORMAL - HALF_TINY, HALF_NORMAL - HALF_TINY / 2, 1e-8, 1e-30,
    1 + 2**-11, 1 + 3 * 2**-11, 1 + 2**-11 + 2**-20, 2049.0, 2051.0, 0.1, 1 / 3,
    np.inf, -np.inf, np.nan, -np.nan, 3.4e38, 1.2e-38,
]


@pytest.mark.parametrize("src_dtype", ["float32", "float64"])
def test_float_to_half_rounds_edges_like_numpy(src_dtype):
    src = np.array(FLOAT_EDGES, dtype=src_dtype)
    assert_copies_like_numpy(np.empty(src.shape, dtype="float16"), src)


def test_double_rounds_to_half_through_float32():
    # As PyTorch converts: both are the tie 1 + 2**-11 as float32, which rounds to even, 1.0
    # (rounded once, the first would be just above the tie: 1 + 2**-10).
    src = np.array([1 + 2**-11 + 2**-40, 1 + 2**-11 - 2**-40])
    dst = np.empty(2, dtype="float16")
    copy_into(dst, src)
    assert dst.tolist() == [1.0, 1.0]


def test_float_to_half_matches_numpy_bit_for_bit_on_many_patterns():
    rng = np.random.default_rng(1)
    bits = np.concatenate([
        rng.integers(0, 2**32, size=1 << 20, dtype=np.uint32),
        # every exponent, with low mantissa bits that make or break ties
        (np.arange(1 << 16, dtype=np.uint32) << 16) | np.uint32(0x1000),
        (np.arange(1 << 16, dtype=np.uint32) << 16) | np.uint32(0x0fff),
        (np.arange(1 << 16, dtype=np.uint32) << 16),
    ])
    src = bits.view(np.float32)
    dst = np.empty(src.shape, dtype="float16")
    copy_into(dst, src)
    with np.errstate(over="ignore"):
        expected = src.astype(np.float32).astype(np.float16)  # through float, as PyTorch converts
    nan = np.isnan(expected)
    assert np.array_equal(np.isnan(dst), nan)
    assert np.array_equal(dst.view(np.uint16)[~nan], expected.view(np.uint16)[~nan])


def test_double_to_half_through_float32_matches_numpy_bit_for_bit_on_many_patterns():
    rng = np.random.default_rng(2)
    near_half_range = rng.integers(0x3e00_0000_0000_0000, 0x40f1_0000_0000_0000, size=1 << 20,
                                   dtype=np.uint64)
    sign = rng.integers(0, 2, size=near_half_range.shape, dtype=np.uint64) << np.uint64(63)
    bits = np.concatenate([rng.integers(0, 2**64 - 1, size=1 << 18, dtype=np.uint64, endpoint=True),
                           near_half_range | sign])
    src = bits.view(np.float64)
    dst = np.empty(src.shape, dtype="float16")
    copy_into(dst, src)
    with np.errstate(over="ignore", invalid="ignore"):
        expected = src.astype(np.float32).astype(np.float16)  # through float, as PyTorch converts
    nan = np.isnan(expected)
    assert np.array_equal(np.isnan(dst), nan)
    assert np.array_equal(dst.view(np.uint16)[~nan], expected.view(np.uint16)[~nan])


@pytest.mark.parametrize("dst_dtype", DTYPES)
def test_every_half_converts_like_numpy(dst_dtype):
    half = np.arange(1 << 16, dtype=np.uint16).view(np.float16)
    limits = convertible_range("float16", dst_dtype)
    src = half if limits is None else half[(half >= limits[0]) & (half <= limits[1])]
    assert_copies_like_numpy(np.empty(src.shape, dtype=dst_dtype), src)


def test_half_roundtrip_keeps_every_bit_pattern_but_nan_payloads():
    half = np.arange(1 << 16, dtype=np.uint16).view(np.float16)
    for wide in ("float32", "float64"):
        widened = np.empty(half.shape, dtype=wide)
        back = np.empty(half.shape, dtype="float16")
        copy_into(widened, half)
        copy_into(back, widened)
        nan = np.isnan(half)
        assert np.array_equal(back.view(np.uint16)[~nan], half.view(np.uint16)[~nan])
        assert np.isnan(back[nan]).all()


@pytest.mark.parametrize("src_dtype", ["int16", "int32", "int64", "uint8", "int8"])
def test_int_to_half_rounds_to_nearest_even_and_overflows_to_inf(src_dtype):
    info = np.iinfo(src_dtype)
    candidates = [0, 1, -1, 2049, 2051, 4097, 4099, 32767, -32768, 65504, 65519, 65520, -65520,
                  2**31 - 1, -(2**31), 2**53 + 1, 2**63 - 1, -(2**63), info.min, info.max]
    src = np.array([v for v in candidates if info.min <= v <= info.max], dtype=src_dtype)
    assert_copies_like_numpy(np.empty(src.shape, dtype="float16"), src)


# --------------------------------------------------------------- bool semantics

@pytest.mark.parametrize("src_dtype", ["float16", "float32", "float64"])
def test_float_to_bool_is_nonzero_with_nan_true(src_dtype):
    src = np.array([0.0, -0.0, np.nan, -np.nan, np.inf, -np.inf, 1e-30, 0.5, -2.0], dtype=src_dtype)
    dst = np.empty(src.shape, dtype=bool)
    copy_into(dst, src)
    assert dst.tolist() == [False, False, True, True, True, True, src_dtype != "float16", True, True]
    assert_copies_like_numpy(np.empty(src.shape, dtype=bool), src)


@pytest.mark.parametrize("dst_dtype", DTYPES)
def test_bool_to_number_is_zero_or_one(dst_dtype):
    src = np.array([True, False, True])
    dst = np.empty(3, dtype=dst_dtype)
    copy_into(dst, src)
    assert dst.tolist() == [1, 0, 1]


def test_float_to_int_truncates_toward_zero():
    src = np.array([2.9, -2.9, 0.99, -0.99, 127.5, -128.5])
    dst = np.empty(src.shape, dtype="int8")
    copy_into(dst, src)
    assert dst.tolist() == [2, -2, 0, 0, 127, -128]


def test_out_of_range_float_to_int_does_not_crash():
    src = np.array([np.nan, np.inf, -np.inf, 1e30, -1e30, 3e9])
    for dtype in ("int8", "int16", "int32", "int64", "uint8"):
        copy_into(np.empty(src.shape, dtype=dtype), src)


# ------------------------------------------------------------ special layouts

def test_overlapping_src_and_dst_read_src_before_writing():
    a = np.arange(20, dtype="float32")
    b = a.copy()
    copy_into(a[1:], a[:-1])
    np.copyto(b[1:], b[:-1])
    np.testing.assert_array_equal(a, b)


def test_overlapping_with_a_cast_and_a_transpose():
    a = np.arange(64, dtype="int32").reshape(8, 8)
    expected = a.T.astype("float32").view("int32")
    copy_into(a.view("float32"), a.T)
    np.testing.assert_array_equal(a, expected)


def test_copy_onto_itself_is_a_no_op():
    a = np.arange(12, dtype="float64").reshape(3, 4)
    copy_into(a, a)
    np.testing.assert_array_equal(a, np.arange(12).reshape(3, 4))


def _transpose_in_child(n):
    a = np.arange(n * n, dtype="float32").reshape(n, n)
    out = np.empty_like(a)
    copy_into(out, a.T)
    return bool((out == a.T).all())


@pytest.mark.skipif("fork" not in multiprocessing.get_all_start_methods(), reason="needs fork")
def test_forked_children_copy_after_the_parent_used_threads():
    assert _transpose_in_child(1000)     # large enough to start the thread pool here
    with multiprocessing.get_context("fork").Pool(2) as pool:
        assert pool.map_async(_transpose_in_child, [1000, 1000]).get(timeout=120) == [True, True]


def test_zero_dim_and_empty():
    dst = np.array(0, dtype="int16")
    copy_into(dst, np.array(3.7, dtype="float32"))
    assert dst[()] == 3
    copy_into(np.empty((0, 5)), np.empty((0, 5), dtype="int8"))
    copy_into(np.empty((3, 0, 2), dtype=bool), np.broadcast_to(np.float16(1), (3, 0, 2)))


# --------------------------------------------------------------------- errors

@pytest.mark.parametrize("dst_shape, src_shape", [
    ((2, 3), (3, 2)), ((2, 3), (3,)), ((6,), (2, 3)), ((), (1,)), ((0,), (1,)), ((2, 1), (2, 2))])
def test_shape_mismatch_raises(dst_shape, src_shape):
    with pytest.raises(ValueError, match="shape mismatch"):
        copy_into(np.empty(dst_shape), np.zeros(src_shape, dtype="float32"))


def test_invalid_operands_raise():
    with pytest.raises(TypeError, match="unsupported"):
        copy_into(np.empty(3, dtype="complex64"), np.zeros(3))
    with pytest.raises(TypeError, match="unsupported"):
        copy_into(np.empty(3), np.zeros(3, dtype="uint16"))
    with pytest.raises(TypeError, match="unsupported"):
        copy_into(np.empty(3), np.zeros(3, dtype=">f8"))
    with pytest.raises(TypeError):
        copy_into(np.empty(3), [0.0, 1.0, 2.0])
    with pytest.raises(ValueError, match="read-only"):
        copy_into(np.broadcast_to(np.zeros(1), (3,)), np.zeros(3))
    with pytest.raises(ValueError, match="negative stride"):
        copy_into(np.empty(3), np.zeros(3)[::-1])
    unaligned = np.zeros(25, dtype=np.uint8)[1:].view("float64")
    with pytest.raises(ValueError, match="aligned"):
        copy_into(unaligned, np.zeros(3))
