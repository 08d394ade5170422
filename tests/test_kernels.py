"""The Cython compute kernels (tensorlib._binary, _unary, _elementwise, _reduce) against NumPy.

Every op and dtype on contiguous, transposed, sliced-with-step, stride-0 broadcast,
0-d and empty arrays; nan/inf/denormal inputs; arrays past the threading threshold;
integer wrapping; the False / ValueError contract.  References use PyTorch's
semantics where they differ from NumPy's (sign(nan) == 0, integer division by zero
raises, integer pow with a negative exponent)."""
import math
import zlib

import numpy as np
import pytest

B = pytest.importorskip("tensorlib._binary")
U = pytest.importorskip("tensorlib._unary")
E = pytest.importorskip("tensorlib._elementwise")
P = pytest.importorskip("tensorlib._pool")
R = pytest.importorskip("tensorlib._reduce")

DTYPES = [np.bool_, np.uint8, np.int8, np.int16, np.int32, np.int64, np.float32, np.float64]
INTS = [np.uint8, np.int8, np.int16, np.int32, np.int64]
FLOATS = [np.float32, np.float64]
SHAPE = (7, 13)

F32_SPECIALS = [np.nan, np.inf, -np.inf, 0.0, -0.0, 1e-45, -1e-45, 1e-40, 1.17549435e-38,
                3.4e38, -3.4e38, 1.0, -1.0, 0.5, -0.5, 2.5, 87.0, -87.0, 87.5, -87.5, 88.7,
                88.73, -88.7, -103.9, -104.0, 89.0, 100.0, -100.0, 1e-7, -1e-7]


def rng_for(*key):
    """A generator seeded from the test's parameters (stable across runs, unlike hash())."""
    return np.random.default_rng(zlib.crc32(repr(key).encode()))


@pytest.fixture(autouse=True)
def _quiet_numpy():
    with np.errstate(all="ignore"):
        yield


def values(dtype, shape, rng, nonzero=False, small=False):
    """Random data of every kind: full-range integers (overflow), floats across scales."""
    dtype = np.dtype(dtype)
    if dtype == np.bool_:
        return rng.random(shape) < 0.5
    if dtype.kind in "iu":
        info = np.iinfo(dtype)
        lo, hi = (max(info.min, -9), min(info.max, 9)) if small else (info.min, info.max)
        x = rng.integers(lo, hi, size=shape, endpoint=True, dtype=dtype)
        if nonzero:
            x[x == 0] = 1
        return x
    if small:
        return rng.uniform(0.5, 1.5, shape).astype(dtype)
    x = (rng.standard_normal(shape) * rng.choice([0.1, 1.0, 30.0], size=shape)).astype(dtype)
    if nonzero:
        x[x == 0] = 1
    return x


def layouts(a):
    """The same values in several memory layouts (plus a stride-0 broadcast and a 0-d)."""
    yield "contiguous", np.ascontiguousarray(a)
    yield "transposed", np.ascontiguousarray(a.T).T
    big = np.zeros((a.shape[0] * 2, a.shape[1] * 3), a.dtype)
    big[1::2, ::3] = a
    yield "step", big[1::2, ::3]
    yield "broadcast", np.broadcast_to(a[2:3], a.shape)
    yield "scalar", np.broadcast_to(a[1, 1], a.shape)


def out_layouts(shape, dtype):
    yield np.empty(shape, dtype)
    yield np.empty(shape[::-1], dtype).T
    yield np.empty((shape[0], shape[1] * 2), dtype)[:, ::2]


def check_equal(got, ref, dtype, rtol=None):
    ref = np.asarray(ref)
    if np.dtype(dtype).kind == "f" and got.dtype.kind == "f":
        if rtol is None:
            rtol = 2e-6 if dtype == np.float32 else 1e-13
        atol = 1e-37 if dtype == np.float32 else 1e-300
        np.testing.assert_allclose(got, ref.astype(got.dtype), rtol=rtol, atol=atol, equal_nan=True)
    else:
        np.testing.assert_array_equal(got, ref.astype(got.dtype))


# ------------------------------------------------------------------ references

def _floordiv_ref(a, b):
    return np.floor_divide(a, b)


def _int_pow_ref(a, b):
    flat = [pow(int(x), int(y), 1 << 64) if y >= 0 else
            (1 if x == 1 else ((-1 if y % 2 else 1) if x == -1 else 0))
            for x, y in zip(a.ravel(), b.ravel())]
    return np.array(flat, dtype=np.uint64).astype(a.dtype).reshape(a.shape)


def _int_trunc_div_ref(a, b):
    """C's truncating integer division, exact (Python ints), wrapped to a's dtype."""
    q = [abs(x) // abs(y) * (1 if (x < 0) == (y < 0) else -1) for x, y in zip(a.ravel().tolist(), b.ravel().tolist())]
    return np.array([v % (1 << 64) for v in q], np.uint64).astype(a.dtype).reshape(a.shape)


BINARY = {
    "add": lambda a, b: np.logical_or(a, b) if a.dtype == np.bool_ else np.add(a, b),
    "sub": np.subtract,
    "mul": lambda a, b: np.logical_and(a, b) if a.dtype == np.bool_ else np.multiply(a, b),
    "div": np.true_divide,
    "maximum": np.maximum,
    "minimum": np.minimum,
    "eq": np.equal, "ne": np.not_equal, "lt": np.less, "le": np.less_equal,
    "gt": np.greater, "ge": np.greater_equal,
    "logical_and": np.logical_and, "logical_or": np.logical_or, "logical_xor": np.logical_xor,
    "bitwise_and": np.bitwise_and, "bitwise_or": np.bitwise_or, "bitwise_xor": np.bitwise_xor,
    "floor_divide": _floordiv_ref,
    "div_trunc": lambda a, b: np.trunc(a / b) if a.dtype.kind == "f" else _int_trunc_div_ref(a, b),
    "remainder": np.remainder,
    "fmod": np.fmod,
    "pow": lambda a, b: _int_pow_ref(a, b) if a.dtype.kind in "iu" else np.power(a, b),
    "atan2": np.arctan2,
}
BOOL_RESULT = {"eq", "ne", "lt", "le", "gt", "ge", "logical_and", "logical_or", "logical_xor"}
# (op -> kinds with a kernel): b bool, u/i integers, f floats
SUPPORTED_BINARY = {
    "add": "buif", "sub": "uif", "mul": "buif", "div": "f", "maximum": "buif", "minimum": "buif",
    "eq": "buif", "ne": "buif", "lt": "buif", "le": "buif", "gt": "buif", "ge": "buif",
    "logical_and": "buif", "logical_or": "buif", "logical_xor": "buif",
    "bitwise_and": "bui", "bitwise_or": "bui", "bitwise_xor": "bui",
    "floor_divide": "uif", "div_trunc": "uif", "remainder": "uif", "fmod": "uif", "pow": "uif",
    "atan2": "f",
}
NEEDS_NONZERO = {"floor_divide", "div_trunc", "remainder", "fmod"}


def _f64(fn):
    """A float reference computed in float64 (more accurate than NumPy's float32 loops)."""
    def ref(x):
        return fn(x.astype(np.float64)) if x.dtype.kind == "f" else fn(x)
    return ref


def _sign_ref(x):
    if x.dtype == np.bool_:
        return x
    if x.dtype.kind == "u":
        return (x > 0).astype(x.dtype)
    s = np.sign(x)
    return np.where(np.isnan(x), 0, s) if x.dtype.kind == "f" else s


_erf = np.vectorize(math.erf, otypes=[np.float64])
UNARY = {
    "neg": np.negative,
    "abs": np.abs,
    "square": lambda x: np.multiply(x, x),
    "relu": lambda x: np.where(x < 0, np.zeros((), x.dtype), x),
    "sign": _sign_ref,
    "floor": lambda x: np.floor(x) if x.dtype.kind == "f" else x,
    "ceil": lambda x: np.ceil(x) if x.dtype.kind == "f" else x,
    "trunc": lambda x: np.trunc(x) if x.dtype.kind == "f" else x,
    "round": lambda x: np.rint(x) if x.dtype.kind == "f" else x,
    "reciprocal": _f64(lambda x: 1 / x),
    "sqrt": _f64(np.sqrt),
    "rsqrt": _f64(lambda x: 1 / np.sqrt(x)),
    "isnan": np.isnan,
    "isinf": np.isinf,
    "isfinite": np.isfinite,
    "logical_not": np.logical_not,
    "bitwise_not": np.invert,
    "exp": _f64(np.exp),
    "sigmoid": _f64(lambda x: 1 / (1 + np.exp(-x))),
    "log": _f64(np.log), "log2": _f64(np.log2), "log10": _f64(np.log10),
    "log1p": _f64(np.log1p), "expm1": _f64(np.expm1), "exp2": _f64(np.exp2),
    "sin": _f64(np.sin), "cos": _f64(np.cos), "tan": _f64(np.tan),
    "asin": _f64(np.arcsin), "acos": _f64(np.arccos), "atan": _f64(np.arctan),
    "sinh": _f64(np.sinh), "cosh": _f64(np.cosh), "tanh": _f64(np.tanh),
    "asinh": _f64(np.arcsinh), "acosh": _f64(np.arccosh), "atanh": _f64(np.arctanh),
    "erf": _f64(_erf),
}
UNARY_BOOL_RESULT = {"isnan", "isinf", "isfinite", "logical_not"}
FLOAT_ONLY_UNARY = {"reciprocal", "sqrt", "rsqrt", "exp", "sigmoid", "log", "log2", "log10", "log1p",
                    "expm1", "exp2", "sin", "cos", "tan", "asin", "acos", "atan", "sinh", "cosh",
                    "tanh", "asinh", "acosh", "atanh", "erf"}
NO_BOOL_UNARY = {"neg", "abs", "square", "relu", "floor", "ceil", "trunc", "round"}
# libm and float64-reference differences at the far end of some domains
UNARY_RTOL32 = {"tan": 1e-5, "cosh": 4e-6, "sinh": 4e-6, "exp2": 4e-6, "acosh": 4e-6}


def unary_supported(op, dtype):
    kind = np.dtype(dtype).kind
    if op in FLOAT_ONLY_UNARY:
        return kind == "f"
    if op in NO_BOOL_UNARY:
        return kind != "b"
    if op == "bitwise_not":
        return kind != "f"
    return True


def unary_rtol(op, dtype):
    if dtype == np.float32:
        return UNARY_RTOL32.get(op, 2e-6)
    return 1e-13 if op != "tan" else 1e-11


# ------------------------------------------------------------------ binary

def test_op_tables_match_tests():
    assert set(B.binary_ops()) == set(BINARY)
    assert set(U.unary_ops()) == set(UNARY)


@pytest.mark.parametrize("op", sorted(BINARY))
@pytest.mark.parametrize("dtype", DTYPES, ids=lambda d: np.dtype(d).name)
def test_binary_layouts(op, dtype):
    rng = rng_for(op, np.dtype(dtype).name)
    kind = np.dtype(dtype).kind
    small = op == "pow" and kind in "iu"
    a0 = values(dtype, SHAPE, rng, small=small)
    b0 = values(dtype, SHAPE, rng, nonzero=op in NEEDS_NONZERO, small=small)
    if small:
        b0 = np.abs(b0) if kind == "i" else b0
    out_dtype = np.bool_ if op in BOOL_RESULT else dtype
    supported = kind in SUPPORTED_BINARY[op]
    cases = list(zip(layouts(a0), layouts(b0)))
    cases += [(("contiguous", a0), ("scalar", np.broadcast_to(b0[0, 0], SHAPE))),
              (("scalar", np.broadcast_to(a0[0, 0], SHAPE)), ("contiguous", b0))]
    for (la, a), (lb, b) in cases:
        for out in out_layouts(SHAPE, out_dtype):
            handled = B.binary(op, a, b, out)
            assert handled == supported, (op, dtype, la, lb)
            if handled:
                check_equal(out, BINARY[op](a, b), dtype)


@pytest.mark.parametrize("op", sorted(BINARY))
def test_binary_zero_dim_and_empty(op):
    for dtype in (np.int32, np.float64, np.bool_):
        kind = np.dtype(dtype).kind
        out_dtype = np.bool_ if op in BOOL_RESULT else dtype
        a = np.array(3, dtype)
        b = np.array(2 if kind != "b" else 1, dtype)
        out = np.empty((), out_dtype)
        handled = B.binary(op, a, b, out)
        assert handled == (kind in SUPPORTED_BINARY[op])
        if handled:
            check_equal(out, BINARY[op](a, b), dtype)
        for shape in ((0,), (3, 0), (0, 5, 2)):
            e = np.empty(shape, dtype)
            assert B.binary(op, e, e, np.empty(shape, out_dtype)) == (kind in SUPPORTED_BINARY[op])


@pytest.mark.parametrize("dtype", FLOATS, ids=lambda d: np.dtype(d).name)
@pytest.mark.parametrize("op", sorted(o for o, kinds in SUPPORTED_BINARY.items() if "f" in kinds))
def test_binary_nan_inf(op, dtype):
    sp = np.array(F32_SPECIALS, dtype)
    a = np.repeat(sp, len(sp))
    b = np.tile(sp, len(sp))
    out = np.empty(a.shape, np.bool_ if op in BOOL_RESULT else dtype)
    assert B.binary(op, a, b, out)
    if op == "remainder":
        # PyTorch: fmod's result moved by b when the signs differ; a zero keeps fmod's sign
        mod = np.fmod(a, b)
        ref = np.where((mod != 0) & ((b < 0) != (mod < 0)), mod + b, mod)
    else:
        ref = BINARY[op](a, b)
    check_equal(out, ref, dtype)


def test_nan_semantics():
    nan = np.nan
    a = np.array([nan, 1.0, nan, -0.0, 0.0], np.float32)
    b = np.array([1.0, nan, nan, 0.0, -0.0], np.float32)
    out = np.empty(5, np.float32)
    assert B.binary("maximum", a, b, out)
    assert np.isnan(out[:3]).all()
    assert np.signbit(out[3]) and not np.signbit(out[4])     # first operand on ties, as PyTorch
    assert B.binary("minimum", a, b, out)
    assert np.isnan(out[:3]).all()
    ob = np.empty(5, bool)
    for op, ref in [("eq", [0, 0, 0, 1, 1]), ("ne", [1, 1, 1, 0, 0]), ("lt", [0, 0, 0, 0, 0]),
                    ("le", [0, 0, 0, 1, 1]), ("gt", [0, 0, 0, 0, 0]), ("ge", [0, 0, 0, 1, 1])]:
        assert B.binary(op, a, b, ob)
        np.testing.assert_array_equal(ob, np.array(ref, bool), err_msg=op)
    x = np.array([nan, -0.0, -1.0, 2.0], np.float64)
    o = np.empty(4)
    assert U.unary("relu", x, o)
    assert np.isnan(o[0]) and np.signbit(o[1]) and o[2] == 0 and o[3] == 2
    assert U.unary("sign", x, o)
    np.testing.assert_array_equal(o, [0, 0, -1, 1])


def test_float_floor_divide_and_remainder_match_pytorch():
    a = np.array([-4.0, 4.0, 3.0, -3.0, 1.0, 5.0, 7.0, -7.5], np.float64)
    b = np.array([2.0, -2.0, 0.0, 0.0, 0.0, np.inf, 0.1, 2.0], np.float64)
    out = np.empty_like(a)
    assert B.binary("floor_divide", a, b, out)
    np.testing.assert_array_equal(out, [-2, -2, np.inf, -np.inf, np.inf, 0, 69, -4])
    assert B.binary("remainder", a, b, out)
    np.testing.assert_allclose(out[[0, 1, 5, 7]], [0, 0, 5, 0.5])
    assert np.isnan(out[2:5]).all()


@pytest.mark.parametrize("dtype", INTS, ids=lambda d: np.dtype(d).name)
def test_integer_division_semantics(dtype):
    info = np.iinfo(dtype)
    a = np.array([7, info.max, info.min, 0, info.max], dtype)
    b = np.array([2, 3, 1, 5, 1], dtype) if dtype == np.uint8 else np.array([-2, 3, -1, 5, -1], dtype)
    out = np.empty_like(a)
    assert B.binary("floor_divide", a, b, out)
    np.testing.assert_array_equal(out, np.floor_divide(a, b))   # MIN // -1 wraps to MIN
    assert B.binary("remainder", a, b, out)
    np.testing.assert_array_equal(out, np.remainder(a, b))
    assert B.binary("fmod", a, b, out)
    np.testing.assert_array_equal(out, np.fmod(a, b))
    zero = b.copy()
    zero[1] = 0
    assert B.binary("div_trunc", a, b, out)
    np.testing.assert_array_equal(out, _int_trunc_div_ref(a, b))   # MIN / -1 wraps to MIN
    for op in ("floor_divide", "div_trunc", "remainder", "fmod"):
        with pytest.raises(RuntimeError, match="ZeroDivisionError"):
            B.binary(op, a, zero, out)


def test_integer_pow_negative_exponent():
    a = np.array([2, 1, -1, -1, 0, 3, 5], np.int64)
    b = np.array([-1, -5, -3, -2, -1, 40, 0], np.int64)
    out = np.empty_like(a)
    assert B.binary("pow", a, b, out)
    np.testing.assert_array_equal(out, [0, 1, -1, 1, 0, _int_pow_ref(a[5:6], b[5:6])[0], 1])


@pytest.mark.parametrize("dtype", [np.int8, np.int16, np.int32, np.int64, np.uint8],
                         ids=lambda d: np.dtype(d).name)
def test_integer_overflow_wraps(dtype):
    info = np.iinfo(dtype)
    a = np.array([info.max, info.min, info.max, info.min], dtype)
    b = np.array([1, -1 if info.min else 1, info.max, info.min], dtype)
    out = np.empty_like(a)
    for op, ref in (("add", np.add), ("sub", np.subtract), ("mul", np.multiply)):
        assert B.binary(op, a, b, out)
        np.testing.assert_array_equal(out, ref(a, b), err_msg=op)
    for op, ref in (("neg", np.negative), ("abs", np.abs), ("square", np.square)):
        assert U.unary(op, a, out)
        np.testing.assert_array_equal(out, ref(a), err_msg=op)


# ------------------------------------------------------------------ unary

@pytest.mark.parametrize("op", sorted(UNARY))
@pytest.mark.parametrize("dtype", DTYPES, ids=lambda d: np.dtype(d).name)
def test_unary_layouts(op, dtype):
    rng = rng_for(op, np.dtype(dtype).name, 1)
    a0 = values(dtype, SHAPE, rng)
    if op in ("acosh",):
        a0 = np.abs(a0) + 1
    out_dtype = np.bool_ if op in UNARY_BOOL_RESULT else dtype
    supported = unary_supported(op, dtype)
    for la, a in layouts(a0):
        for out in out_layouts(SHAPE, out_dtype):
            handled = U.unary(op, a, out)
            assert handled == supported, (op, dtype, la)
            if handled:
                check_equal(out, UNARY[op](a), dtype, rtol=unary_rtol(op, dtype))
    z = np.array(a0[0, 0])
    oz = np.empty((), out_dtype)
    assert U.unary(op, z, oz) == supported
    if supported:
        check_equal(oz, UNARY[op](z), dtype, rtol=unary_rtol(op, dtype))
    assert U.unary(op, np.empty((0, 4), dtype), np.empty((0, 4), out_dtype)) == supported


@pytest.fixture(params=[0, 1], ids=["baseline", "avx2"])
def simd_level(request):
    before = U._simd_level()
    level = U._set_simd_level(request.param)
    if request.param and not level:
        U._set_simd_level(before)
        pytest.skip("CPU without AVX2+FMA")
    yield level
    U._set_simd_level(before)


@pytest.mark.parametrize("dtype", FLOATS, ids=lambda d: np.dtype(d).name)
@pytest.mark.parametrize("op", sorted(o for o in UNARY if o not in ("bitwise_not",)))
def test_unary_nan_inf_denormal(op, dtype, simd_level):
    sp = np.array(F32_SPECIALS, dtype)
    x = np.concatenate([sp, sp[::-1]])
    out = np.empty(x.shape, np.bool_ if op in UNARY_BOOL_RESULT else dtype)
    assert U.unary(op, x, out)
    check_equal(out, UNARY[op](x), dtype, rtol=unary_rtol(op, dtype))
    # strided input goes through the gather path of the vector kernels
    xs = np.repeat(x, 3)[::3]
    out2 = np.empty_like(out)
    assert U.unary(op, xs, out2)
    np.testing.assert_array_equal(out2, out)
    if out.dtype == x.dtype:                   # in place: same values
        xi = x.copy()
        assert U.unary(op, xi, xi)
        np.testing.assert_array_equal(xi, out)


def test_expf_accuracy_whole_range(simd_level):
    x = np.linspace(-110, 90, 400_001, dtype=np.float32)
    x = np.concatenate([x, np.float32(87.0) + np.arange(-64, 64, dtype=np.float32) * np.float32(2**-17)])
    out = np.empty_like(x)
    assert U.unary("exp", x, out)
    ref = np.exp(x.astype(np.float64))
    ref32 = ref.astype(np.float32)
    normal = (ref32 > np.finfo(np.float32).tiny) & np.isfinite(ref32)
    ulp = np.spacing(ref32[normal]).astype(np.float64)
    err = np.abs(out[normal] - ref[normal]) / ulp
    assert err.max() < 2.0
    # overflow, denormal and underflow results are libm's (within a denormal ulp)
    np.testing.assert_array_max_ulp(out[~normal], ref32[~normal], maxulp=1)
    sig = np.empty_like(x)
    assert U.unary("sigmoid", x, sig)
    ok = x > -88.5
    np.testing.assert_allclose(sig[ok], 1 / (1 + np.exp(-x[ok].astype(np.float64))), rtol=3e-7, atol=3e-45)
    # below, exp(-x) overflows and sigmoid flushes to 0, as PyTorch's float32 sigmoid
    assert (sig[~ok] >= 0).all() and (sig[~ok] < 2e-38).all()


def test_erf_is_provided():
    x = np.linspace(-4, 4, 101)
    for dtype in FLOATS:
        out = np.empty(x.shape, dtype)
        assert U.unary("erf", x.astype(dtype), out)
        np.testing.assert_allclose(out, [math.erf(v) for v in x.astype(dtype)], rtol=1e-6, atol=1e-7)


def test_round_half_to_even():
    x = np.array([0.5, 1.5, 2.5, -0.5, -2.5, 3.5, 1e20, -1.4999999], np.float32)
    out = np.empty_like(x)
    assert U.unary("round", x, out)
    np.testing.assert_array_equal(out, np.array([0, 2, 2, -0.0, -2, 4, 1e20, -1], np.float32))
    assert np.signbit(out[3])


# ------------------------------------------------------------------ threads, large arrays

@pytest.fixture
def threads():
    before = P.get_num_threads()
    yield
    P.set_num_threads(before)


@pytest.mark.parametrize("threads_", [1, 2, 3])
def test_large_arrays_cross_threshold(threads_, threads):
    P.set_num_threads(threads_)
    rng = np.random.default_rng(5)
    a = rng.standard_normal((300, 1001)).astype(np.float32)      # 300K elements: chunked
    b = rng.standard_normal(1001).astype(np.float32)
    out = np.empty_like(a)
    assert B.binary("add", a, np.broadcast_to(b, a.shape), out)
    np.testing.assert_array_equal(out, a + b)
    assert B.binary("mul", a.T, a.T, out.T)
    np.testing.assert_array_equal(out, a * a)
    assert U.unary("exp", a, out)
    np.testing.assert_allclose(out, np.exp(a.astype(np.float64)), rtol=2e-7)
    assert U.unary("exp", a[:, ::2], out[:, :501])
    np.testing.assert_allclose(out[:, :501], np.exp(a[:, ::2].astype(np.float64)), rtol=2e-7)
    ob = np.empty(a.shape, bool)
    assert B.binary("gt", a, np.zeros_like(a), ob)
    np.testing.assert_array_equal(ob, a > 0)
    i = rng.integers(-1000, 1000, (300, 1001), dtype=np.int32)
    j = rng.integers(1, 50, (300, 1001), dtype=np.int32)
    oi = np.empty_like(i)
    assert B.binary("floor_divide", i, j, oi)
    np.testing.assert_array_equal(oi, i // j)
    j[299, 1000] = 0
    with pytest.raises(RuntimeError, match="ZeroDivisionError"):
        B.binary("remainder", i, j, oi)
    # in place (out is a) is fine
    c = a.copy()
    assert B.binary("sub", c, a, c)
    assert not c.any()


def test_parallel_results_do_not_depend_on_threads(threads):
    rng = np.random.default_rng(6)
    a = rng.random(1_000_003).astype(np.float32)
    outs = []
    for n in (1, 2):
        P.set_num_threads(n)
        o = np.empty_like(a)
        assert U.unary("sigmoid", a, o)
        outs.append(o)
    np.testing.assert_array_equal(outs[0], outs[1])


# ------------------------------------------------------------------ contract

def test_unhandled_returns_false():
    h = np.ones(4, np.float16)
    assert B.binary("add", h, h, np.empty(4, np.float16)) is False
    assert U.unary("exp", h, np.empty(4, np.float16)) is False
    c = np.ones(4, np.complex64)
    assert B.binary("add", c, c, np.empty(4, np.complex64)) is False
    o = np.ones(4, object)
    assert B.binary("add", o, o, np.empty(4, object)) is False
    f = np.ones(4, np.float32)
    assert B.binary("no_such_op", f, f, np.empty(4, np.float32)) is False
    assert U.unary("no_such_op", f, np.empty(4, np.float32)) is False
    bo = np.ones(4, bool)
    assert B.binary("sub", bo, bo, np.empty(4, bool)) is False
    i = np.ones(4, np.int32)
    assert B.binary("div", i, i, np.empty(4, np.int32)) is False
    assert U.unary("exp", i, np.empty(4, np.int32)) is False
    swapped = np.ones(4, ">f4")
    assert B.binary("add", swapped, swapped, np.empty(4, ">f4")) is False
    raw = np.zeros(17, np.uint8)
    misaligned = raw[1:].view(np.float32)
    assert B.binary("add", misaligned, misaligned, np.empty(4, np.float32)) is False
    # out partially overlapping an input: NumPy buffers that case correctly
    x = np.arange(10, dtype=np.float64)
    assert B.binary("add", x[:-1], x[:-1], x[1:]) is False
    assert U.unary("neg", x[1:], x[:-1]) is False
    assert R.reduce("max", np.empty((0, 3)), (0,), np.empty((1, 3))) is False
    assert R.reduce("sum", h, (0,), np.empty(1, np.float16)) is False
    assert R.reduce("median", f, (0,), np.empty(1, np.float32)) is False


def test_bad_input_raises_value_error():
    f = np.ones((3, 4), np.float32)
    with pytest.raises(ValueError):
        B.binary("add", f, np.ones((4, 3), np.float32), np.empty((3, 4), np.float32))
    with pytest.raises(ValueError):
        B.binary("add", f, f, np.empty((3, 5), np.float32))
    with pytest.raises(ValueError):
        B.binary("add", f, np.ones(4, np.float32), np.empty((3, 4), np.float32))
    with pytest.raises(ValueError):
        B.binary("add", f, f.astype(np.float64), np.empty((3, 4), np.float32))
    with pytest.raises(ValueError):
        B.binary("add", f, f, np.empty((3, 4), np.float64))
    with pytest.raises(ValueError):
        B.binary("lt", f, f, np.empty((3, 4), np.float32))
    with pytest.raises(ValueError):
        B.binary("add", f, f, np.broadcast_to(np.float32(0), (3, 4)))    # read-only out
    with pytest.raises(ValueError):
        U.unary("exp", f, np.empty((4, 3), np.float32))
    with pytest.raises(ValueError):
        U.unary("isnan", f, np.empty((3, 4), np.float32))
    with pytest.raises(TypeError):
        B.binary("add", f, None, f)
    with pytest.raises(TypeError):
        U.unary("exp", [1.0], f)
    with pytest.raises(ValueError):
        R.reduce("sum", f, (1, 0), np.empty((1, 1), np.float32))
    with pytest.raises(ValueError):
        R.reduce("sum", f, (0, 0), np.empty((1, 4), np.float32))
    with pytest.raises(ValueError):
        R.reduce("sum", f, (2,), np.empty((3, 4), np.float32))
    with pytest.raises(ValueError):
        R.reduce("sum", f, (-1,), np.empty((3, 1), np.float32))
    with pytest.raises(ValueError):
        R.reduce("sum", f, (0,), np.empty((1, 3), np.float32))
    with pytest.raises(ValueError):
        R.reduce("sum", f, (0,), np.empty((4,), np.float32))
    with pytest.raises(ValueError):
        R.reduce("sum", f, (0,), np.empty((1, 4), np.float64))
    with pytest.raises(ValueError):
        R.reduce("sum", f.astype(np.int32), (0,), np.empty((1, 4), np.int32))
    with pytest.raises(ValueError):
        R.reduce("all", f, (0,), np.empty((1, 4), np.float32))


# ------------------------------------------------------------------ reductions

REDUCE_REF = {"sum": np.sum, "prod": np.prod, "max": np.max, "min": np.min, "all": np.all, "any": np.any}


def reduce_out_dtype(op, dtype):
    kind = np.dtype(dtype).kind
    if op in ("sum", "prod"):
        return dtype if kind == "f" else np.int64
    if op in ("max", "min"):
        return dtype
    return np.bool_


def reduce_ref(op, a, axes):
    odt = reduce_out_dtype(op, a.dtype)
    x = a.astype(np.float64) if a.dtype.kind == "f" and op in ("sum", "prod") else a
    if op in ("sum", "prod") and a.dtype.kind != "f":
        x = a.astype(np.int64)
    if not axes:
        r = x != 0 if op in ("all", "any") else x
    else:
        r = REDUCE_REF[op](x, axis=axes, keepdims=True)
    return np.asarray(r).astype(odt)


def reduce_layouts(a):
    yield "contiguous", np.ascontiguousarray(a)
    yield "permuted", np.ascontiguousarray(a.transpose(2, 0, 1)).transpose(1, 2, 0)
    big = np.zeros((a.shape[0] * 2, a.shape[1], a.shape[2] * 2), a.dtype)
    big[::2, :, 1::2] = a
    yield "step", big[::2, :, 1::2]
    yield "broadcast", np.broadcast_to(a[:, :1, :], a.shape)


AXES = [(), (0,), (1,), (2,), (0, 1), (0, 2), (1, 2), (0, 1, 2)]


@pytest.mark.parametrize("op", sorted(REDUCE_REF))
@pytest.mark.parametrize("dtype", DTYPES, ids=lambda d: np.dtype(d).name)
def test_reduce_layouts(op, dtype):
    rng = rng_for(op, np.dtype(dtype).name, 2)
    a0 = values(dtype, (5, 6, 7), rng, small=op == "prod")
    if op in ("all", "any") and np.dtype(dtype).kind != "b":
        a0[rng.random(a0.shape) < 0.7] = 1
    odt = reduce_out_dtype(op, dtype)
    for la, a in reduce_layouts(a0):
        for axes in AXES:
            shape = tuple(1 if d in axes else s for d, s in enumerate(a.shape))
            out = np.empty(shape, odt)
            assert R.reduce(op, a, axes, out), (op, la, axes)
            ref = reduce_ref(op, a, axes)
            if op == "sum" and np.dtype(dtype).kind == "f":
                # cancellation: the error scales with sum(|a|), not with the result
                scale = np.abs(a.astype(np.float64)).sum(axis=axes, keepdims=True) if axes else np.abs(a)
                eps = 1e-6 if dtype == np.float32 else 1e-14
                assert (np.abs(out - ref) <= eps * scale).all(), (op, la, axes)
            else:
                check_equal(out, ref, dtype, rtol=1e-5 if dtype == np.float32 else 1e-12)
        # 0-d input
        z = np.array(a0[1, 2, 3])
        oz = np.empty((), odt)
        assert R.reduce(op, z, (), oz)
        check_equal(oz, reduce_ref(op, z, ()), dtype)


def test_reduce_uint8_all_any_give_uint8():
    a = np.array([[1, 2, 3], [0, 7, 255]], np.uint8)
    out = np.empty((1, 3), np.uint8)
    assert R.reduce("all", a, (0,), out)
    np.testing.assert_array_equal(out, [[0, 1, 1]])
    assert R.reduce("any", a, (0,), out)
    np.testing.assert_array_equal(out, [[1, 1, 1]])
    outb = np.empty((1, 3), bool)
    assert R.reduce("all", a, (0,), outb)
    np.testing.assert_array_equal(outb, [[False, True, True]])


def test_reduce_empty():
    e = np.empty((0, 3), np.float32)
    out = np.empty((1, 3), np.float32)
    assert R.reduce("sum", e, (0,), out)
    np.testing.assert_array_equal(out, 0)
    assert R.reduce("prod", e, (0,), out)
    np.testing.assert_array_equal(out, 1)
    ob = np.empty((1, 3), bool)
    assert R.reduce("all", e, (0,), ob) and ob.all()
    assert R.reduce("any", e, (0,), ob) and not ob.any()
    assert R.reduce("sum", e, (1,), np.empty((0, 1), np.float32))
    assert R.reduce("max", e, (1,), np.empty((0, 1), np.float32))   # no outputs: nothing to do


def test_reduce_nan_inf():
    x = np.array([[1.0, np.nan, 3.0], [np.inf, 2.0, -np.inf], [0.0, -0.0, 5.0]], np.float32)
    for axes in [(0,), (1,), (0, 1)]:
        for op in ("sum", "prod", "max", "min", "all", "any"):
            shape = tuple(1 if d in axes else s for d, s in enumerate(x.shape))
            out = np.empty(shape, reduce_out_dtype(op, x.dtype))
            assert R.reduce(op, x, axes, out)
            check_equal(out, reduce_ref(op, x, axes), np.float32)
    big = np.ones(200_000, np.float32)
    big[123_457] = np.nan
    o = np.empty(1, np.float32)
    for op in ("max", "min", "sum"):
        assert R.reduce(op, big, (0,), o)
        assert np.isnan(o[0]), op


def test_reduce_int_sum_wraps():
    a = np.full(10, np.iinfo(np.int64).max, np.int64)
    out = np.empty(1, np.int64)
    assert R.reduce("sum", a, (0,), out)
    assert out[0] == np.sum(a)
    b = np.full(300_000, 2**40, np.int64)
    assert R.reduce("prod", b[:3], (0,), out)
    assert out[0] == np.prod(b[:3])
    assert R.reduce("sum", np.ones(300_000, bool), (0,), out)
    assert out[0] == 300_000


def test_float32_sum_is_accurate(threads):
    rng = np.random.default_rng(7)
    x = rng.random(10_000_001).astype(np.float32)
    exact = x.astype(np.float64).sum()
    out = np.empty(1, np.float32)
    for n in (1, 2):
        P.set_num_threads(n)
        assert R.reduce("sum", x, (0,), out)
        assert abs(float(out[0]) - exact) / exact < 1e-6
    m = rng.random((4000, 300)).astype(np.float32)          # outer mode: pairwise over rows
    o0 = np.empty((1, 300), np.float32)
    assert R.reduce("sum", m, (0,), o0)
    np.testing.assert_allclose(o0[0], m.astype(np.float64).sum(0), rtol=1e-6)


@pytest.mark.parametrize("shape,axes", [((1000, 1000), (0,)), ((1000, 1000), (1,)), ((1000, 1000), (0, 1)),
                                        ((3, 200_000), (1,)), ((200_000, 3), (0,)), ((200_000, 3), (1,)),
                                        ((40, 50, 60), (0, 2)), ((2, 300_000), (0,)), ((300_000, 2), (0,))])
def test_reduce_large_threaded(shape, axes, threads):
    rng = np.random.default_rng(8)
    a = rng.random(shape).astype(np.float32)
    i = rng.integers(-5, 5, shape).astype(np.int32)
    oshape = tuple(1 if d in axes else s for d, s in enumerate(shape))
    for n in (1, 2):
        P.set_num_threads(n)
        for op in ("sum", "max", "min"):
            out = np.empty(oshape, np.float32)
            assert R.reduce(op, a, axes, out)
            check_equal(out, reduce_ref(op, a, axes), np.float32, rtol=2e-6)
        out = np.empty(oshape, np.int64)
        assert R.reduce("sum", i, axes, out)
        np.testing.assert_array_equal(out, i.astype(np.int64).sum(axis=axes, keepdims=True))
        ob = np.empty(oshape, bool)
        assert R.reduce("any", i, axes, ob)
        np.testing.assert_array_equal(ob, (i != 0).any(axis=axes, keepdims=True))
        assert R.reduce("all", a.T.copy().T, axes, ob)
        np.testing.assert_array_equal(ob, (a != 0).all(axis=axes, keepdims=True))


def test_reduce_split_rows_into_strided_out(threads):
    """Few outputs, many rows: chunks split the rows and their partials are combined
    into an out that is not dense."""
    a = np.random.default_rng(10).random((2000, 700)).astype(np.float32)
    for n in (1, 2):
        P.set_num_threads(n)
        for op in ("sum", "max", "prod"):
            big = np.zeros((1, 1400), np.float32)
            assert R.reduce(op, a if op != "prod" else a + 0.5, (0,), big[:, ::2])
            expected = reduce_ref(op, a if op != "prod" else a + 0.5, (0,))
            check_equal(big[:, ::2], expected, np.float32, rtol=1e-5)
            assert not big[:, 1::2].any()


# ------------------------------------------------------------------ odd layouts, threads, fork

def test_negative_strides_and_high_rank():
    rng = np.random.default_rng(9)
    a = rng.standard_normal((6, 5, 4)).astype(np.float64)
    b = rng.standard_normal((6, 5, 4)).astype(np.float64)
    out = np.empty((6, 5, 4))
    assert B.binary("sub", a[::-1, :, ::-1], b[:, ::-1], out)
    np.testing.assert_array_equal(out, a[::-1, :, ::-1] - b[:, ::-1])
    assert U.unary("exp", a[::-1], out[::-1])
    # NumPy's own exp differs by an ulp between CPUs (its AVX-512 build uses other code)
    np.testing.assert_array_max_ulp(out[::-1], np.exp(a[::-1]), maxulp=1)
    o = np.empty((1, 5, 1))
    assert R.reduce("sum", a[::-1, :, ::-2], (0, 2), o)
    np.testing.assert_allclose(o, a[::-1, :, ::-2].sum(axis=(0, 2), keepdims=True), rtol=1e-12)
    h = rng.standard_normal((2,) * 20).astype(np.float32)          # 20 dims, none merge
    h = h.transpose(list(range(19, -1, -1)))
    oh = np.empty(h.shape, np.float32)
    assert B.binary("mul", h, h, oh)
    np.testing.assert_array_equal(oh, h * h)
    assert B.binary("add", a, np.broadcast_to(np.float64(1), a.shape), out)    # stride 0 in every dim
    np.testing.assert_array_equal(out, a + 1)


def test_concurrent_python_threads(threads):
    """Kernels called from several Python threads at once (the GIL is released):
    one uses the pool, the others run alone; every result is right."""
    import threading
    P.set_num_threads(2)
    rng = np.random.default_rng(10)
    a = rng.random(400_000).astype(np.float32)
    expected_exp = np.exp(a.astype(np.float64))
    expected_sum = a.astype(np.float64).sum()
    errors = []

    def work():
        try:
            for _ in range(5):
                o = np.empty_like(a)
                assert U.unary("exp", a, o)
                np.testing.assert_allclose(o, expected_exp, rtol=2e-7)
                s = np.empty(1, np.float32)
                assert R.reduce("sum", a, (0,), s)
                assert abs(s[0] - expected_sum) / expected_sum < 1e-6
        except Exception as error:      # noqa: BLE001 -- reported below
            errors.append(error)

    workers = [threading.Thread(target=work) for _ in range(4)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    assert not errors, errors


@pytest.mark.skipif(not hasattr(__import__("os"), "fork"), reason="needs fork")
def test_kernels_after_fork(threads):
    import os
    P.set_num_threads(2)
    a = np.ones(500_000, np.float32)
    o = np.empty_like(a)
    assert B.binary("add", a, a, o)           # the pool's helper exists now
    pid = os.fork()
    if pid == 0:                               # child: the helper did not survive
        ok = False
        try:
            ok = B.binary("add", a, a, o) and bool((o == 2).all())
            s = np.empty(1, np.float32)
            ok = ok and R.reduce("sum", a, (0,), s) and s[0] == 500_000
        finally:
            os._exit(0 if ok else 1)
    _, status = os.waitpid(pid, 0)
    assert os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0


def test_thread_count_api(threads):
    P.set_num_threads(3)
    assert P.get_num_threads() == 3
    with pytest.raises(ValueError):
        P.set_num_threads(0)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("n", [0, 7, 1000, 300_001])
def test_axpby_rounds_as_the_composed_ops(dtype, n, threads):
    rng = np.random.default_rng(12)
    x = (rng.standard_normal(n) * 10).astype(dtype)
    for alpha, beta in ((-0.01, 0.9), (1.0, 0.9), (-0.001, 1.0), (3, -2.5)):
        for nthreads in (1, 2):
            P.set_num_threads(nthreads)
            y = (rng.standard_normal(n) * 10).astype(dtype)
            y[: min(n, 3)] = [np.nan, np.inf, -0.0][: min(n, 3)]
            expected = y * dtype(beta)      # then x * alpha added to it in one fused multiply-add
            assert E.fused_multiply_add(x, np.array([alpha], dtype), expected.copy(), expected)
            assert E.axpby(alpha, x, beta, y)
            np.testing.assert_array_equal(y, expected)


def test_axpby_declines_what_it_does_not_handle():
    x = np.ones(10, np.float32)
    assert not E.axpby(1.0, x, 1.0, np.ones(10, np.float16))
    assert not E.axpby(1.0, np.ones(10, np.int32), 1.0, np.ones(10, np.int32))
    assert not E.axpby(1.0, np.ones(20, np.float32)[::2], 1.0, np.ones(10, np.float32))
    buf = np.ones(11, np.float32)
    assert not E.axpby(1.0, buf[1:], 1.0, buf[:10])           # partial overlap
    assert E.axpby(2.0, buf, 1.0, buf)                        # exact alias: elementwise
    np.testing.assert_array_equal(buf, np.full(11, 3.0, np.float32))
    with pytest.raises(ValueError, match="does not match"):
        E.axpby(1.0, np.ones(3, np.float32), 1.0, np.ones(4, np.float32))
