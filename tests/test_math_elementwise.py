"""Binary and unary elementwise ops: values against NumPy in every dtype and
layout (contiguous, transposed, sliced, expanded, 0-d, empty), PyTorch's type
promotion, operators, in-place ops, out=, and the exact errors."""
import math
import operator
import warnings

import numpy as np
import pytest
from hypothesis import given, settings

import tensorlib as torch
from strategies import DTYPES, strided_tensors

FLOATS = ["float16", "float32", "float64"]
INTS = ["int8", "int16", "int32", "int64", "uint8"]
TD = {name: getattr(torch, name) for name in DTYPES}


def npq(fn, *args, **kwargs):
    with np.errstate(all="ignore"):
        return fn(*args, **kwargs)


def check(t, expected, dtype=None, exact=True, rtol=1e-6, atol=1e-6):
    """``t`` holds ``expected`` (a NumPy array) with the given dtype name."""
    expected = np.asarray(expected)
    assert isinstance(t, torch.Tensor)
    assert tuple(t.shape) == expected.shape
    if dtype is not None:
        assert t.dtype is TD[dtype], (t.dtype, dtype)
    got = t.numpy()
    if exact or got.dtype.kind not in "f":
        np.testing.assert_array_equal(got, expected.astype(got.dtype))
    else:
        np.testing.assert_allclose(got.astype(np.float64), expected.astype(np.float64), rtol=rtol, atol=atol,
                                   equal_nan=True)


def layouts(array):
    """(name, tensor, numpy view with the same values) for each layout of ``array``'s values."""
    array = np.asarray(array)
    out = [("contiguous", torch.from_numpy(array.copy()), array)]
    if array.ndim >= 2:
        perm = tuple(range(array.ndim - 1, -1, -1))
        base = np.ascontiguousarray(array.transpose(perm))
        out.append(("transposed", torch.from_numpy(base).permute(*perm), array))
    if array.ndim >= 1:
        big = np.zeros(tuple(2 * s + 1 for s in array.shape), dtype=array.dtype)
        big[tuple(slice(1, None, 2) for _ in array.shape)] = array
        t = torch.from_numpy(big)
        for d, s in enumerate(array.shape):
            t = t._slice(d, 1, 1 + 2 * s, 2)
        out.append(("sliced", t, array))
        first = array[:1]
        out.append(("expanded", torch.from_numpy(first.copy()).expand(*array.shape),
                    np.broadcast_to(first, array.shape)))
    return out


def sample(dtype, shape, seed=0, positive=False):
    rng = np.random.default_rng(seed)
    if dtype == "bool":
        return rng.random(shape) > 0.5
    if dtype in FLOATS:
        v = rng.standard_normal(shape) * 4
        return (np.abs(v) + 0.5 if positive else v).astype(dtype)
    info = np.iinfo(dtype)
    lo = 1 if positive else max(info.min, -20)
    return rng.integers(lo, min(info.max, 20), size=shape, endpoint=True).astype(dtype)


# ---- promotion -----------------------------------------------------------------------------
TENSOR_PAIRS = [
    ("int64", "float32", "float32"), ("int32", "int64", "int64"), ("int32", "float64", "float64"),
    ("float32", "float64", "float64"), ("bool", "int64", "int64"), ("uint8", "int8", "int16"),
    ("int64", "float16", "float16"), ("bool", "bool", "bool"), ("uint8", "bool", "uint8"),
    ("float16", "float32", "float32"), ("int8", "int16", "int16"),
]


@pytest.mark.parametrize("a, b, want", TENSOR_PAIRS)
def test_promotion_tensor_tensor(a, b, want):
    x = torch.ones(3, dtype=TD[a])
    y = torch.ones(3, dtype=TD[b])
    assert (x + y).dtype is TD[want]
    assert (y + x).dtype is TD[want]
    assert (x * y).dtype is TD[want]
    assert torch.promote_types(TD[a], TD[b]) is TD[want]


@pytest.mark.parametrize("dtype, scalar, want", [
    ("int32", 1, "int32"), ("int64", 1.5, "float32"), ("float16", 1.5, "float16"), ("bool", 1, "int64"),
    ("uint8", 1000, "uint8"), ("bool", 1.5, "float32"), ("bool", True, "bool"), ("int8", True, "int8"),
    ("float64", 2, "float64"),
])
def test_promotion_scalars(dtype, scalar, want):
    x = torch.ones(2, dtype=TD[dtype])
    assert (x + scalar).dtype is TD[want]
    assert (scalar + x).dtype is TD[want]


@pytest.mark.parametrize("a, zero_dim, want", [
    ("float32", "float64", "float32"), ("int32", "int64", "int32"), ("int32", "float64", "float64"),
    ("uint8", "int64", "uint8"), ("bool", "int32", "int32"), ("float16", "float64", "float16"),
])
def test_promotion_zero_dim(a, zero_dim, want):
    x = torch.ones(2, dtype=TD[a])
    z = torch.tensor(1, dtype=TD[zero_dim])
    assert (x + z).dtype is TD[want]
    assert (z + x).dtype is TD[want]


def test_promotion_zero_dim_and_scalar_only():
    assert (torch.tensor(3, dtype=torch.int32) + 2.5).dtype is torch.float32
    assert (torch.tensor(True) + 2).dtype is torch.int64
    assert (torch.tensor(1.0) + torch.tensor(2)).dtype is torch.float32


def test_integer_overflow_wraps():
    check(torch.tensor([1], dtype=torch.uint8) + 1000, [233], "uint8")
    check(torch.tensor([1], dtype=torch.uint8) - 2, [255], "uint8")
    check(torch.tensor([100], dtype=torch.int8) * 2, [-56], "int8")
    check(torch.tensor([2 ** 63 - 1]) + 1, [-2 ** 63], "int64")
    check(torch.tensor([1], dtype=torch.int8) + torch.tensor(1000), [-23], "int8")
    check(torch.tensor([200], dtype=torch.uint8) + torch.tensor([100], dtype=torch.uint8), [44], "uint8")


def test_float16_computes_and_rounds():
    h = torch.tensor([1.0], dtype=torch.float16)
    check(h + 1e-4, [1.0], "float16")
    check(torch.tensor([1000.0], dtype=torch.float16) * torch.tensor([1000.0], dtype=torch.float16),
          [np.inf], "float16")
    check(torch.tensor([1.5], dtype=torch.float16).exp(), [np.exp(np.float16(1.5))], "float16")


# ---- binary ops against NumPy --------------------------------------------------------------
EXACT_BINARY = {
    "add": (operator.add, np.add), "sub": (operator.sub, np.subtract), "mul": (operator.mul, np.multiply),
    "maximum": (torch.maximum, np.maximum), "minimum": (torch.minimum, np.minimum),
}


@pytest.mark.parametrize("name", sorted(EXACT_BINARY))
@pytest.mark.parametrize("dtype", DTYPES)
def test_binary_layouts_dtypes(name, dtype):
    if name == "sub" and dtype == "bool":
        pytest.skip("bool subtraction raises (tested below)")
    fn, ref = EXACT_BINARY[name]
    a = sample(dtype, (3, 4), 1)
    b = sample(dtype, (3, 4), 2)
    for (_, ta, na), (_, tb, nb) in zip(layouts(a), layouts(b)[::-1]):
        check(fn(ta, tb), npq(ref, na, nb), dtype)
    check(fn(torch.tensor(a[0, 0]), torch.tensor(b[1, 1])), npq(ref, a[0, 0], b[1, 1]), dtype)
    empty = np.zeros((0, 4), dtype=dtype)
    check(fn(torch.from_numpy(empty), torch.from_numpy(b[:1].copy())), npq(ref, empty, b[:1]), dtype)


@settings(max_examples=40, deadline=None)
@given(strided_tensors(), strided_tensors())
def test_add_mul_compare_broadcast_property(x, y):
    tx, ax = x
    ty, ay = y
    try:
        shape = np.broadcast_shapes(ax.shape, ay.shape)
    except ValueError:
        with pytest.raises(RuntimeError, match="must match the size of tensor b"):
            tx + ty
        return
    dt = torch.promote_types(tx.dtype, ty.dtype) if ax.ndim and ay.ndim else (tx + ty).dtype
    want = np.dtype(str(dt).replace("torch.", ""))
    with np.errstate(all="ignore"):
        ref_add = np.add(ax.astype(want), ay.astype(want))
        ref_mul = np.multiply(ax.astype(want), ay.astype(want))
        if want == np.float16 and ay.ndim == 0:  # PyTorch keeps a 0-d second factor in float32
            ref_mul = np.multiply(ax.astype(want).astype(np.float32), ay.astype(np.float32)).astype(want)
        ref_lt = np.less(ax.astype(want), ay.astype(want))
    r = tx + ty
    assert r.dtype is dt and tuple(r.shape) == shape
    np.testing.assert_array_equal(r.numpy(), ref_add)
    np.testing.assert_array_equal((tx * ty).numpy(), ref_mul)
    np.testing.assert_array_equal((tx < ty).numpy(), ref_lt)


@pytest.mark.parametrize("dtype", FLOATS + INTS)
def test_true_division(dtype):
    a = sample(dtype, (2, 5), 3)
    b = sample(dtype, (2, 5), 4, positive=True)
    want = dtype if dtype in FLOATS else "float32"
    for (_, ta, na), (_, tb, nb) in zip(layouts(a), layouts(b)):
        check(ta / tb, npq(np.true_divide, na.astype(want), nb.astype(want)), want, exact=False, rtol=1e-3)
    check(torch.tensor([5, -5]) / 0, [math.inf, -math.inf], "float32")


@pytest.mark.parametrize("dtype", FLOATS[1:] + INTS)
def test_floor_divide_and_remainder_python_semantics(dtype):
    a = sample(dtype, (4, 5), 5)
    b = sample(dtype, (4, 5), 6, positive=True)
    if dtype != "uint8":
        b = b * np.where(np.arange(20).reshape(4, 5) % 2, 1, -1).astype(dtype)
    for (_, ta, na), (_, tb, nb) in zip(layouts(a), layouts(b)):
        check(ta // tb, npq(np.floor_divide, na, nb), dtype)
        check(ta % tb, npq(np.remainder, na, nb), dtype, exact=dtype not in FLOATS)


def test_division_rounding_modes():
    check(torch.tensor([5, -5]) // 2, [2, -3], "int64")
    check(torch.tensor([5, -5]) % 3, [2, 1], "int64")
    check(torch.tensor([5.0, -5.0]) % 3, [2.0, 1.0], "float32")
    check(torch.div(torch.tensor([5, -5, 7, -7]), 2, rounding_mode="trunc"), [2, -2, 3, -3], "int64")
    check(torch.div(torch.tensor([5, -5]), 2, rounding_mode="floor"), [2, -3], "int64")
    check(torch.div(torch.tensor([5.0, -5.0]), 2, rounding_mode="trunc"), [2.0, -2.0], "float32")
    check(torch.div(torch.tensor([5, -5]), -2, rounding_mode="trunc"), [-2, 2], "int64")
    check(5 // torch.tensor([2, -2]), [2, -3], "int64")
    check(5 % torch.tensor([2, -2]), [1, -1], "int64")
    check(-5.5 % torch.tensor([2, -2]), [0.5, -1.5], "float32")
    check(torch.tensor([5.0, -5.0]) // 0, [math.inf, -math.inf], "float32")
    assert np.isnan((torch.tensor([5.0, -5.0, 0.0]) % 0).numpy()).all()
    check(torch.tensor([-128], dtype=torch.int8) // -1, [-128], "int8")
    check(torch.tensor([-2 ** 63]) % -1, [0], "int64")
    with pytest.raises(RuntimeError, match="^div expected rounding_mode to be one of None, 'trunc', or 'floor' but "
                                           "found 'bad'$"):
        torch.div(torch.tensor([1]), 2, rounding_mode="bad")


@pytest.mark.parametrize("expr", [
    lambda: torch.tensor([5, -5]) // 0, lambda: torch.tensor([5, -5]) % 0,
    lambda: torch.div(torch.tensor([1]), 0, rounding_mode="trunc"),
    lambda: torch.tensor([1, 2, 3]).remainder(torch.tensor([0, 1, 1])),
])
def test_integer_division_by_zero(expr):
    with pytest.raises(RuntimeError, match="^ZeroDivisionError$"):
        expr()


def test_pow():
    i = torch.tensor([1, 2, 3])
    check(i ** 2, [1, 4, 9], "int64")
    check(i ** -1.0, [1.0, 0.5, 1 / 3], "float32", exact=False)
    check(2 ** i, [2, 4, 8], "int64")
    check(2.5 ** i, [2.5, 6.25, 15.625], "float32")
    check((-2) ** i, [-2, 4, -8], "int64")
    check(i ** torch.tensor([-1, 1, 2]), [1, 2, 9], "int64")
    check(torch.tensor([-1, -1, 0, 2]) ** torch.tensor([-1, -2, -1, -3]), [-1, 1, 0, 0], "int64")
    check(torch.tensor([4.0, 2.0]) ** 0.5, np.sqrt(np.float32([4.0, 2.0])), "float32")
    check(torch.tensor([4.0, 2.0]) ** -0.5, 1 / np.sqrt(np.float32([4.0, 2.0])), "float32", exact=False)
    check(torch.tensor([-8.0]) ** (1 / 3), [math.nan], "float32", exact=False)
    check(torch.pow(torch.tensor([0, 2]), 0), [1, 1], "int64")
    check(torch.pow(torch.tensor([True]), 2), [1], "int64")
    values = np.float32([1.5, -2.0, 0.25])
    f = torch.from_numpy(values.copy())
    check(f ** f, npq(np.power, values, values), "float32", exact=False)
    for expr in (lambda: i ** -1, lambda: i.pow(-1), lambda: torch.tensor(2) ** -1):
        with pytest.raises(RuntimeError, match="^Integers to negative integer powers are not allowed.$"):
            expr()


@pytest.mark.parametrize("dtype", FLOATS + INTS + ["bool"])
def test_comparisons(dtype):
    a = sample(dtype, (3, 3), 7)
    b = sample(dtype, (3, 3), 8)
    b[0] = a[0]
    ops = [(operator.eq, np.equal), (operator.ne, np.not_equal), (operator.lt, np.less),
           (operator.le, np.less_equal), (operator.gt, np.greater), (operator.ge, np.greater_equal)]
    for (_, ta, na), (_, tb, nb) in zip(layouts(a), layouts(b)):
        for fn, ref in ops:
            check(fn(ta, tb), ref(na, nb), "bool")
    check(torch.tensor([1, 2, 3]) == 2.5, [False, False, False], "bool")
    check(torch.eq(torch.tensor([1, 2]), 2.0), [False, True], "bool")
    assert (torch.tensor([1.0]) == None) is False  # noqa: E711
    assert (torch.tensor([1.0]) == [1]) is False
    with pytest.raises(TypeError):
        torch.tensor([1.0]) < None


@pytest.mark.parametrize("dtype", INTS + ["bool"])
def test_bitwise_and_logical(dtype):
    a = sample(dtype, (2, 6), 9)
    b = sample(dtype, (2, 6), 10)
    for (_, ta, na), (_, tb, nb) in zip(layouts(a), layouts(b)):
        check(ta & tb, na & nb, dtype)
        check(ta | tb, na | nb, dtype)
        check(ta ^ tb, na ^ nb, dtype)
        check(~ta, ~na, dtype)
        check(torch.logical_and(ta, tb), np.logical_and(na, nb), "bool")
        check(torch.logical_or(ta, tb), np.logical_or(na, nb), "bool")
        check(torch.logical_xor(ta, tb), np.logical_xor(na, nb), "bool")
        check(torch.logical_not(ta), np.logical_not(na), "bool")


def test_bitwise_errors_and_mixed():
    check(torch.tensor([True]) & 1, [1], "int64")
    check(torch.tensor([3], dtype=torch.uint8) ^ torch.tensor([-1], dtype=torch.int8), [-4], "int16")
    with pytest.raises(NotImplementedError, match='^"bitwise_and_cpu" not implemented for \'Float\'$'):
        torch.tensor([1.0]) & torch.tensor([1.0])
    with pytest.raises(NotImplementedError, match='"bitwise_or_cpu" not implemented for \'Float\''):
        torch.tensor([1.0]) | 1
    with pytest.raises(TypeError, match=r"^~ \(operator.invert\) is only implemented on integer and Boolean-type"):
        ~torch.tensor([1.0])
    with pytest.raises(TypeError, match=r"logical_xor\(\): argument 'other' \(position 2\) must be Tensor, not int"):
        torch.logical_xor(torch.tensor([1]), 0)
    check(torch.logical_and(torch.tensor([1, 0]), torch.tensor([2.0, 2.0])), [True, False], "bool")


def test_atan2_and_maximum_promotion():
    i = torch.tensor([1, -2, 3])
    check(torch.atan2(i, i), np.arctan2(np.float32([1, -2, 3]), np.float32([1, -2, 3])), "float32", exact=False)
    check(torch.maximum(i, torch.tensor(2.5)), [2.5, 2.5, 3.0], "float32")
    n = torch.tensor([math.nan, 1.0])
    assert np.isnan(torch.minimum(n, torch.ones(2)).numpy()[0])
    assert np.isnan(torch.maximum(torch.ones(2), n).numpy()[0])
    with pytest.raises(TypeError, match=r"^maximum\(\): argument 'other' \(position 2\) must be Tensor, not int$"):
        torch.maximum(i, 2)


def test_add_sub_alpha_and_bool_rules():
    f = torch.tensor([1.0, 2.0])
    i = torch.tensor([1, 2])
    check(torch.add(f, f, alpha=2), [3.0, 6.0], "float32")
    check(torch.sub(f, f, alpha=2), [-1.0, -2.0], "float32")
    check(torch.add(i, 2, alpha=2), [5, 6], "int64")
    check(torch.add(f, 1, alpha=0.5), [1.5, 2.5], "float32")
    check(torch.rsub(f, 5), [4.0, 3.0], "float32")
    check(torch.tensor([True]) + torch.tensor([True]), [True], "bool")
    check(torch.tensor([True]) * torch.tensor([False]), [False], "bool")
    with pytest.raises(RuntimeError, match="^For integral input tensors, argument alpha must not be a floating"):
        torch.add(i, 1, alpha=0.5)
    with pytest.raises(RuntimeError, match="^Boolean alpha only supported for Boolean results.$"):
        torch.add(f, 1, alpha=True)
    b = torch.tensor([True])
    with pytest.raises(RuntimeError, match=r"^Subtraction, the `-` operator, with two bool tensors is not supported"):
        b - b
    for expr in (lambda: b - 1, lambda: 1 - b, lambda: i - True):
        with pytest.raises(RuntimeError, match=r"^Subtraction, the `-` operator, with a bool tensor is not"):
            expr()
    with pytest.raises(RuntimeError, match=r"^Negation, the `-` operator, on a bool tensor is not supported"):
        -b
    with pytest.raises(RuntimeError, match=r"^The `\+` operator, on a bool tensor is not supported.$"):
        +b
    assert +f is f


def test_reflected_operators():
    t = torch.tensor([1.0, 2.0, 4.0])
    check(1 - t, [0.0, -1.0, -3.0], "float32")
    check(2 / t, [2.0, 1.0, 0.5], "float32")
    check(2 / torch.tensor([1, 2, 4]), [2.0, 1.0, 0.5], "float32")
    check(2 ** t, [2.0, 4.0, 16.0], "float32")
    check(3 + t, [4.0, 5.0, 7.0], "float32")
    check(3 * t, [3.0, 6.0, 12.0], "float32")
    check(np.float64(2) + t, [3.0, 4.0, 6.0], "float32")
    check(t + np.float64(2), [3.0, 4.0, 6.0], "float32")
    check(torch.add(1, t), [2.0, 3.0, 5.0], "float32")


@pytest.mark.parametrize("bad", ["a", [1], None, (1, 2)])
def test_bad_operands(bad):
    t = torch.ones(2)
    with pytest.raises(TypeError, match=r"unsupported operand type"):
        t + bad
    with pytest.raises(TypeError, match=rf"^add\(\): argument 'other' \(position 2\) must be Tensor, not "
                                        rf"{type(bad).__name__}$"):
        torch.add(t, bad)
    with pytest.raises(TypeError, match=r"^add\(\): argument 'other' \(position 1\) must be Tensor"):
        t.add(bad)


def test_broadcast_errors():
    with pytest.raises(RuntimeError, match=r"^The size of tensor a \(3\) must match the size of tensor b \(4\) at "
                                           r"non-singleton dimension 0$"):
        torch.ones(3) + torch.ones(4)
    with pytest.raises(RuntimeError, match=r"tensor a \(3\) must match the size of tensor b \(4\) at "
                                           r"non-singleton dimension 1"):
        torch.ones(2, 3) * torch.ones(2, 4)


def test_elementwise_output_layout_follows_dense_input():
    t = torch.arange(12.0).view(3, 4).t()
    assert (t + 1).stride() == (1, 4)
    assert t.exp().stride() == (1, 4)
    assert (t > 0).stride() == (1, 4)
    assert (torch.ones(4, 3) + t).stride() == (3, 1)
    assert (torch.ones(4, 1).expand(4, 3) + 1).stride() == (3, 1)
    assert (torch.ones(3, 4)._slice(1, 0, 4, 2) + 1).is_contiguous()


# ---- unary ---------------------------------------------------------------------------------
SPECIAL = np.array([1.0, math.nan, -math.inf, 0.0, -0.0, math.inf, -2.5, 0.5, 3.7, -0.3])

UNARY_FLOAT = {
    "exp": np.exp, "log": np.log, "log2": np.log2, "log10": np.log10, "log1p": np.log1p, "expm1": np.expm1,
    "sqrt": np.sqrt, "rsqrt": lambda x: 1 / np.sqrt(x), "reciprocal": lambda x: 1 / x, "sin": np.sin,
    "cos": np.cos, "tan": np.tan, "tanh": np.tanh, "sigmoid": lambda x: 1 / (1 + np.exp(-x)),
    "erf": np.vectorize(math.erf, otypes=[np.float64]), "exp2": np.exp2, "asin": np.arcsin, "acos": np.arccos,
    "atan": np.arctan, "sinh": np.sinh, "cosh": np.cosh, "asinh": np.arcsinh, "acosh": np.arccosh,
    "atanh": np.arctanh,
}


@pytest.mark.parametrize("name", sorted(UNARY_FLOAT))
@pytest.mark.parametrize("dtype", FLOATS + ["int32", "int64", "uint8", "bool"])
def test_unary_float_functions(name, dtype):
    ref = UNARY_FLOAT[name]
    if dtype in FLOATS:
        values = SPECIAL.astype(dtype)
        values = np.stack([values, values[::-1]])
        want = dtype
    else:
        values = sample(dtype, (2, 5), 11)
        want = "float32"
    tol = 2e-3 if want == "float16" else 2e-6
    for _, t, arr in layouts(values):
        expected = npq(ref, arr.astype(np.float64)).astype(want)
        check(getattr(t, name)(), expected, want, exact=False, rtol=tol, atol=tol)
        check(getattr(torch, name)(t), expected, want, exact=False, rtol=tol, atol=tol)
    check(getattr(torch.tensor(0.5, dtype=TD[want]), name)(), npq(ref, np.float64(0.5)), want, exact=False,
          rtol=tol, atol=tol)
    check(getattr(torch.ones(0, 2, dtype=TD[dtype]), name)(), np.zeros((0, 2)), want)


def test_erf_accuracy_float64():
    x = np.linspace(-7, 7, 2001)
    got = torch.from_numpy(x).erf().numpy()
    ref = np.array([math.erf(v) for v in x])
    assert np.max(np.abs(got - ref) / np.maximum(np.abs(ref), 1e-300)) < 1e-15
    tiny = torch.tensor([1e-300, -1e-200, 0.0, -0.0], dtype=torch.float64).erf().numpy()
    np.testing.assert_allclose(tiny[:2], [2 / math.sqrt(math.pi) * 1e-300, -2 / math.sqrt(math.pi) * 1e-200],
                               rtol=1e-15)
    assert math.copysign(1, tiny[3]) == -1


@pytest.mark.parametrize("dtype", FLOATS + INTS)
def test_unary_same_dtype(dtype):
    values = SPECIAL.astype(dtype) if dtype in FLOATS else sample(dtype, (10,), 12)
    values = np.stack([values, values[::-1]])
    for _, t, arr in layouts(values):
        check(t.abs(), np.abs(arr), dtype)
        check(abs(t), np.abs(arr), dtype)
        if dtype != "uint8":
            check(-t, npq(np.negative, arr), dtype)
        check(t.floor(), np.floor(arr) if dtype in FLOATS else arr, dtype)
        check(t.ceil(), np.ceil(arr) if dtype in FLOATS else arr, dtype)
        check(t.round(), np.rint(arr) if dtype in FLOATS else arr, dtype)
        check(t.trunc(), np.trunc(arr) if dtype in FLOATS else arr, dtype)
        sign = np.sign(arr)
        if dtype in FLOATS:
            sign = np.where(np.isnan(arr), 0, sign)
        check(t.sign(), sign, dtype)
        relu = arr.copy()
        relu[relu < 0] = 0
        check(t.relu(), relu, dtype)
        check(t.isnan(), np.isnan(arr) if dtype in FLOATS else np.zeros(arr.shape, bool), "bool")
        check(t.isinf(), np.isinf(arr) if dtype in FLOATS else np.zeros(arr.shape, bool), "bool")
        check(t.isfinite(), np.isfinite(arr) if dtype in FLOATS else np.ones(arr.shape, bool), "bool")


def test_unary_special_cases():
    check(torch.tensor([math.nan, -0.0, 0.0, -2.0]).sign(), [0.0, 0.0, 0.0, -1.0], "float32")
    r = torch.tensor([math.nan, -0.0, 0.0, -2.0]).relu().numpy()
    assert np.isnan(r[0]) and math.copysign(1, r[1]) == -1 and r[3] == 0
    check(torch.tensor([0.5, 1.5, 2.5, -0.5, -1.5]).round(), [0.0, 2.0, 2.0, -0.0, -2.0], "float32")
    check(torch.tensor([1.2345, 2.5, -1.255]).round(decimals=2), np.float32([1.23, 2.5, -1.26]), "float32",
          exact=False)
    check(torch.tensor([12345.0, 150.0, 250.0]).round(decimals=-2), [12300.0, 200.0, 200.0], "float32")
    check(torch.tensor([-128], dtype=torch.int8).abs(), [-128], "int8")
    check(torch.tensor([True, False]).sign(), [True, False], "bool")
    check(torch.tensor([True, False]).square(), [1, 0], "int64")
    check(torch.tensor([1, 2, 3]).square(), [1, 4, 9], "int64")
    check(torch.tensor([True, False]).reciprocal(), [1.0, math.inf], "float32")


@pytest.mark.parametrize("expr, exc, msg", [
    (lambda: torch.tensor([True]).abs(), NotImplementedError, '"abs_cpu" not implemented for \'Bool\''),
    (lambda: torch.tensor([True]).floor(), NotImplementedError, '"floor_vml_cpu" not implemented for \'Bool\''),
    (lambda: torch.tensor([True]).relu(), RuntimeError, "Boolean inputs not supported for relu"),
    (lambda: torch.tensor([1.0]).bitwise_not(), NotImplementedError,
     '"bitwise_not_cpu" not implemented for \'Float\''),
    (lambda: torch.tensor([1]).round(decimals=1), NotImplementedError, '"round_cpu" not implemented for \'Long\''),
    (lambda: torch.tensor([True]).neg(), RuntimeError, "Negation, the `-` operator, on a bool tensor is not "
                                                       "supported. If you are trying to invert a mask, use the `~` "
                                                       "or `logical_not()` operator instead."),
])
def test_unary_errors(expr, exc, msg):
    with pytest.raises(exc) as info:
        expr()
    assert str(info.value) == msg


# ---- clamp, lerp, fill_, closeness ------------------------------------------------------------
def test_clamp():
    i = torch.tensor([1, 5, 3])
    f = torch.tensor([[3.0, 1, 2], [0, 5, -1]])
    check(i.clamp(2, 4), [2, 4, 3], "int64")
    check(i.clamp(min=2), [2, 5, 3], "int64")
    check(i.clamp(max=2.5), [1.0, 2.5, 2.5], "float32")
    check(i.clip(2, 3), [2, 3, 3], "int64")
    check(f.clamp(4, 2), np.full((2, 3), 2.0), "float32")
    check(f.clamp(torch.tensor([0.0, 1.0, 2.0])), [[3, 1, 2], [0, 5, 2]], "float32")
    check(torch.clamp(f, min=torch.tensor(1.0), max=torch.tensor(2.0)), [[2, 1, 2], [1, 2, 1]], "float32")
    check(torch.clamp(torch.tensor([True, False]), 0, 1), [1, 0], "int64")
    check(i.clamp_min(2), [2, 5, 3], "int64")
    check(i.clamp_max(2.5), [1.0, 2.5, 2.5], "float32")
    r = torch.tensor([1.0, math.nan, 0.7]).clamp(0, 0.5).numpy()
    assert r[0] == 0.5 and np.isnan(r[1]) and r[2] == 0.5
    for _, t, arr in layouts(sample("float32", (3, 4), 13)):
        check(t.clamp(-1, 1), np.clip(arr, -1, 1), "float32")
    with pytest.raises(RuntimeError, match="^torch.clamp: At least one of 'min' or 'max' must not be None$"):
        i.clamp()
    with pytest.raises(RuntimeError, match="^result type Float can't be cast to the desired output type long int$"):
        i.clone().clamp_(2.5)
    x = i.clone()
    assert x.clamp_(2, 3) is x and x.tolist() == [2, 3, 3]
    out = torch.empty(3)
    assert torch.clamp(torch.tensor([0.5, 2.0, -1.0]), 0, 1, out=out) is out and out.tolist() == [0.5, 1.0, 0.0]


def test_lerp():
    f = torch.tensor([[3.0, 1, 2], [0, 5, -1]])
    check(torch.lerp(f, torch.zeros(2, 3), 0.5), [[1.5, 0.5, 1], [0, 2.5, -0.5]], "float32")
    check(torch.lerp(f, torch.zeros(2, 3), torch.tensor(0.5)), [[1.5, 0.5, 1], [0, 2.5, -0.5]], "float32")
    check(f.lerp(torch.zeros(3), 0.25), [[2.25, 0.75, 1.5], [0, 3.75, -0.75]], "float32")
    check(torch.lerp(f, torch.zeros(2, 3), 2), [[-3, -1, -2], [0, -5, 1]], "float32")
    with pytest.raises(NotImplementedError, match='"lerp_kernel_scalar" not implemented for \'Long\''):
        torch.lerp(torch.tensor([1]), torch.tensor([2]), 0.5)
    with pytest.raises(RuntimeError, match="^expected dtype float for `end` but got dtype double$"):
        torch.lerp(f, f.double(), 0.5)
    x = f.clone()
    v = x._version
    assert x.lerp_(torch.zeros(3), 0.25) is x and x._version == v + 1


def test_fill_and_zero():
    x = torch.ones(3)
    v = x._version
    assert x.fill_(2) is x and x.tolist() == [2.0, 2.0, 2.0] and x._version == v + 1
    assert x.fill_(torch.tensor(3.0)).tolist() == [3.0, 3.0, 3.0]
    assert x.zero_() is x and x.tolist() == [0.0, 0.0, 0.0]
    assert torch.ones(3, dtype=torch.long).fill_(2.7).tolist() == [2, 2, 2]
    assert torch.ones(2, dtype=torch.uint8).fill_(-1).tolist() == [255, 255]
    assert torch.ones(2, dtype=torch.uint8).fill_(torch.tensor(300)).tolist() == [44, 44]
    assert torch.ones(2, dtype=torch.bool).fill_(5).tolist() == [True, True]
    e = torch.ones(3, 1).expand(3, 2)
    assert e.fill_(7).tolist() == [[7.0, 7.0]] * 3
    with pytest.raises(RuntimeError, match="^fill_ only supports 0-dimension value tensor but got tensor with 1 "
                                           "dimensions.$"):
        x.fill_(torch.tensor([2.0]))
    for dtype, value, name in [(torch.uint8, 300, "uint8_t"), (torch.int8, 128, "int8_t"),
                               (torch.int8, 127.9, "int8_t"), (torch.int64, math.nan, "int64_t"),
                               (torch.int64, 2 ** 63, "int64_t"), (torch.float32, 1e300, "float")]:
        with pytest.raises(RuntimeError, match=f"^value cannot be converted to type {name} without overflow$"):
            torch.ones(2, dtype=dtype).fill_(value)


def test_isclose_allclose_equal():
    f = torch.tensor([[1.5, -2.0], [0.0, 3.0]])
    n = torch.tensor([1.0, math.nan])
    assert torch.allclose(f, f) is True
    assert torch.allclose(f, f + 1e-6) is False
    assert torch.allclose(f, f + 1e-9)
    assert torch.allclose(n, n) is False and torch.allclose(n, n, equal_nan=True) is True
    check(torch.isclose(n, n), [True, False], "bool")
    check(torch.isclose(torch.tensor([1, 2]), torch.tensor([2, 2]), atol=1), [True, True], "bool")
    check(torch.isclose(torch.tensor([math.inf, -math.inf]), torch.tensor([math.inf, math.inf])), [True, False],
          "bool")
    with pytest.raises(RuntimeError, match="^Float did not match Double$"):
        torch.allclose(f, f.double())
    with pytest.raises(RuntimeError, match="^rtol must be greater than or equal to zero, but got -1$"):
        torch.isclose(f, f, rtol=-1)
    assert torch.equal(f, f) is True
    assert torch.equal(f, f.double()) is True
    assert torch.equal(f, f[0]) is False
    assert torch.equal(n, n) is False
    assert torch.equal(torch.tensor([True]), torch.tensor([1])) is True


# ---- in-place ops --------------------------------------------------------------------------
def test_inplace_identity_version_and_promotion():
    x = torch.tensor([1.0, 2.0])
    v = x._version
    assert x.add_(1) is x and x._version == v + 1
    assert x.mul_(torch.tensor([2.0, 3.0])) is x and x.tolist() == [4.0, 9.0]
    assert x.sub_(1, alpha=2) is x and x.tolist() == [2.0, 7.0]
    assert x.div_(2) is x and x.tolist() == [1.0, 3.5]
    assert x._version == v + 4
    y = x
    y += 1
    assert y is x and x.tolist() == [2.0, 4.5]
    y *= 2
    y -= 1
    y /= 2
    assert y is x and x.tolist() == [1.5, 4.0]
    f = torch.ones(3)
    f.add_(torch.ones(3, dtype=torch.float64))
    assert f.dtype is torch.float32
    i32 = torch.ones(3, dtype=torch.int32)
    i32.add_(torch.ones(3, dtype=torch.int64))
    assert i32.dtype is torch.int32 and i32.tolist() == [2, 2, 2]
    c = torch.ones(3)
    assert c.eq_(1) is c and c.tolist() == [1.0, 1.0, 1.0]
    i = torch.tensor([5, -5])
    i //= 2
    assert i.tolist() == [2, -3]
    i %= 2
    assert i.tolist() == [0, 1]
    e = torch.tensor([1.0, 2.0])
    assert e.exp_() is e and np.allclose(e.numpy(), np.exp([1.0, 2.0]))


@pytest.mark.parametrize("expr, msg", [
    (lambda: torch.tensor([1, 2]).add_(1.5), "result type Float can't be cast to the desired output type Long"),
    (lambda: torch.tensor([1, 2]).exp_(), "result type Float can't be cast to the desired output type Long"),
    (lambda: torch.tensor([1, 2]).div_(2), "result type Float can't be cast to the desired output type Long"),
    (lambda: torch.ones(3, dtype=torch.bool).add_(torch.ones(3, dtype=torch.int8)),
     "result type Char can't be cast to the desired output type Bool"),
    (lambda: torch.ones(3, 1).add_(torch.ones(3, 4)), "output with shape [3, 1] doesn't match the broadcast shape "
                                                       "[3, 4]"),
    (lambda: torch.ones(3).add_(torch.ones(3, 1)), "output with shape [3] doesn't match the broadcast shape [3, 3]"),
    (lambda: torch.ones(3, 1).expand(3, 4).add_(1), "unsupported operation: more than one element of the "
                                                     "written-to tensor refers to a single memory location. Please "
                                                     "clone() the tensor before performing the operation."),
])
def test_inplace_errors(expr, msg):
    with pytest.raises(RuntimeError) as info:
        expr()
    assert str(info.value) == msg


def test_failed_inplace_leaves_input_unchanged():
    x = torch.tensor([1, 2])
    with pytest.raises(RuntimeError):
        x.add_(torch.tensor([0.5, 0.5]))
    with pytest.raises(RuntimeError):
        x //= 0
    assert x.tolist() == [1, 2] and x._version == 0


def test_inplace_partial_overlap():
    x = torch.arange(6.0)
    with pytest.raises(RuntimeError, match="^unsupported operation: some elements of the input tensor and the "
                                           "written-to tensor refer to a single memory location."):
        x._slice(0, 1, 6, 1).add_(x._slice(0, 0, 5, 1))
    x._slice(0, 0, 6, 2).add_(x._slice(0, 1, 6, 2))
    assert x.tolist() == [1.0, 1.0, 5.0, 3.0, 9.0, 5.0]


# ---- out= ----------------------------------------------------------------------------------
def test_out_same_object_resize_and_dtypes():
    f = torch.tensor([[1.5, -2.0, 3.0], [0.0, 5.5, -1.0]])
    out = torch.empty(2, 3)
    v = out._version
    assert torch.add(f, f, out=out) is out and out.tolist() == (f * 2).tolist() and out._version == v + 1
    empty = torch.empty(0)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert torch.add(f, 1, out=empty) is empty
    assert tuple(empty.shape) == (2, 3)
    wrong = torch.empty(5)
    with pytest.warns(UserWarning, match=r"An output with one or more elements was resized since it had shape \[5\], "
                                         r"which does not match the required output shape \[2, 3\]"):
        torch.add(f, 1, out=wrong)
    assert tuple(wrong.shape) == (2, 3)
    o = torch.empty(2, 3, dtype=torch.float64)
    torch.add(torch.tensor([[1, 2, 3]] * 2), 1, out=o)
    assert o.dtype is torch.float64 and o.tolist() == [[2.0, 3.0, 4.0]] * 2
    assert torch.eq(f, f, out=torch.empty(2, 3)).tolist() == [[1.0] * 3] * 2
    assert torch.exp(torch.tensor([0, 1]), out=torch.empty(2, dtype=torch.float64)).dtype is torch.float64
    assert torch.div(torch.tensor([5, -5]), 2, rounding_mode="floor",
                     out=torch.empty(2, dtype=torch.long)).tolist() == [2, -3]


@pytest.mark.parametrize("expr, msg", [
    (lambda: torch.add(torch.ones(2), 1, out=torch.empty(2, dtype=torch.long)),
     "result type Float can't be cast to the desired output type Long"),
    (lambda: torch.add(torch.tensor([1]), 1, out=torch.empty(1, dtype=torch.bool)),
     "result type Long can't be cast to the desired output type Bool"),
    (lambda: torch.neg(torch.ones(2), out=torch.empty(2, dtype=torch.long)), "Found dtype Long but expected Float"),
    (lambda: torch.abs(torch.tensor([1]), out=torch.empty(1)), "Found dtype Float but expected Long"),
    (lambda: torch.add(torch.ones(2, 2), 1, out=torch.empty(2, 1).expand(2, 2)),
     "unsupported operation: more than one element of the written-to tensor refers to a single memory location. "
     "Please clone() the tensor before performing the operation."),
    (lambda: torch.add(torch.ones(2, requires_grad=True), 1, out=torch.empty(2)),
     "add(): functions with out=... arguments don't support automatic differentiation, but one of the arguments "
     "requires grad."),
])
def test_out_errors(expr, msg):
    with pytest.raises(RuntimeError) as info:
        expr()
    assert str(info.value) == msg


# ---- the tutorial seeds ------------------------------------------------------------------------
def test_seed_add_forms():
    x = torch.ones(2, 3)
    y = torch.rand(2, 3)
    expected = (y.numpy() + 1).tolist()
    assert (x + y).tolist() == expected
    assert torch.add(x, y).tolist() == expected
    result = torch.Tensor(5, 3)
    with pytest.warns(UserWarning, match="was resized since it had shape \\[5, 3\\]"):
        r = torch.add(x, y, out=result)
    assert r is result and tuple(result.shape) == (2, 3) and result.tolist() == expected
    y2 = y.clone()
    assert y2.add_(x) is y2 and y2.tolist() == expected
    same = torch.add(x, y, out=y)
    assert same is y and y.tolist() == expected


def test_seed_broadcasting():
    a = torch.ones(3, 2)
    b = torch.zeros(2, 3, 1)
    assert tuple((a + b).shape) == (2, 3, 2)
    c = a.unsqueeze(0).expand(2, 3, 2) + b.expand(2, 3, 2)
    assert tuple(c.shape) == (2, 3, 2) and c.tolist() == (a + b).tolist()


def test_seed_setitem_with_result():
    x = torch.ones(2, 3)
    y = torch.zeros(2, 3)
    y[:] = y + x
    assert y.tolist() == [[1.0] * 3] * 2
