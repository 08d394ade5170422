"""The CPU kernel interface of the backend seam (tensorlib.backends.cpu):
binary/unary/reduce give the same results whether the Cython kernels or the
NumPy fallbacks run them, floating-point warnings stay silent, and the
helpers (sort, median, unique, matmul...) keep their contracts."""
import math
import warnings

import numpy as np
import pytest

import tensorlib as torch
from tensorlib.backends import cpu

BINARY = ["add", "sub", "mul", "div", "floor_divide", "remainder", "pow", "maximum", "minimum", "atan2", "fmod",
          "div_trunc", "eq", "ne", "lt", "le", "gt", "ge", "logical_and", "logical_or", "logical_xor",
          "bitwise_and", "bitwise_or", "bitwise_xor"]
UNARY = ["neg", "abs", "sign", "exp", "log", "log2", "log10", "log1p", "expm1", "sqrt", "rsqrt", "reciprocal",
         "sin", "cos", "tan", "tanh", "sigmoid", "relu", "floor", "ceil", "round", "trunc", "square", "erf",
         "exp2", "asin", "acos", "atan", "sinh", "cosh", "asinh", "acosh", "atanh",
         "logical_not", "bitwise_not", "isnan", "isinf", "isfinite"]
BOOL_OUT = {"eq", "ne", "lt", "le", "gt", "ge", "logical_and", "logical_or", "logical_xor", "logical_not", "isnan",
            "isinf", "isfinite"}
FLOAT_ONLY = {"div", "atan2", "exp", "log", "log2", "log10", "log1p", "expm1", "sqrt", "rsqrt", "reciprocal", "sin",
              "cos", "tan", "tanh", "sigmoid", "erf", "floor", "ceil", "round", "trunc",
              "exp2", "asin", "acos", "atan", "sinh", "cosh", "asinh", "acosh", "atanh"}
NO_FLOAT = {"bitwise_and", "bitwise_or", "bitwise_xor", "bitwise_not"}
DTYPES = ["float16", "float32", "float64", "int8", "int16", "int32", "int64", "uint8", "bool"]


def _valid(op, dtype):
    if dtype == "bool" and op in ("sub", "floor_divide", "remainder", "pow", "fmod", "div_trunc", "neg", "abs",
                                  "relu", "square", "sign"):
        return False
    if dtype.startswith("float") and op in NO_FLOAT:
        return False
    if not dtype.startswith("float") and op in FLOAT_ONLY:
        return False
    return True


def _operands(dtype, shape=(4, 6), nonzero=False):
    rng = np.random.default_rng(0)
    if dtype == "bool":
        a, b = rng.random(shape) > 0.5, rng.random(shape) > 0.3
    elif dtype.startswith("float"):
        a = (rng.standard_normal(shape) * 3).astype(dtype)
        b = (rng.standard_normal(shape) * 3).astype(dtype)
        a.flat[:4] = [np.nan, np.inf, -0.0, 0.5]
    else:
        info = np.iinfo(dtype)
        a = rng.integers(max(info.min, -9), min(info.max, 9), shape, endpoint=True).astype(dtype)
        b = rng.integers(max(info.min, -3), min(info.max, 3), shape, endpoint=True).astype(dtype)
        if nonzero:
            b[b == 0] = 1
    return a, b


@pytest.mark.parametrize("op, dtype", [(op, dt) for op in BINARY for dt in DTYPES if _valid(op, dt)])
def test_binary_kernels_match_numpy_fallback(op, dtype):
    a, b = _operands(dtype, nonzero=op in ("floor_divide", "remainder", "fmod", "div_trunc"))
    if op == "pow" and dtype not in ("float16", "float32", "float64"):
        b = np.abs(b)
    out_dtype = np.bool_ if op in BOOL_OUT else dtype
    layouts = [(a, b), (a.T, b.T), (a[:, ::2], b[:, 1::2]), (a, np.broadcast_to(b[:1], b.shape))]
    for x, y in layouts:
        got = np.empty(x.shape, out_dtype)
        want = np.empty(x.shape, out_dtype)
        cpu.binary(op, x, y, got)
        with np.errstate(all="ignore"):
            cpu._BINARY[op](x, y, want)
        if got.dtype.kind == "f":
            np.testing.assert_allclose(got.astype(np.float64), want.astype(np.float64), rtol=1e-6, atol=1e-6,
                                       equal_nan=True)
        else:
            np.testing.assert_array_equal(got, want)


@pytest.mark.parametrize("op, dtype", [(op, dt) for op in UNARY for dt in DTYPES if _valid(op, dt)])
def test_unary_kernels_match_numpy_fallback(op, dtype):
    a, _ = _operands(dtype)
    out_dtype = np.bool_ if op in BOOL_OUT else dtype
    for x in (a, a.T, a[::2, 1::2]):
        got = np.empty(x.shape, out_dtype)
        want = np.empty(x.shape, out_dtype)
        cpu.unary(op, x, got)
        with np.errstate(all="ignore"):
            cpu._UNARY[op](x, want)
        tol = 1e-3 if dtype == "float16" else 1e-6
        if got.dtype.kind == "f":
            np.testing.assert_allclose(got.astype(np.float64), want.astype(np.float64), rtol=tol, atol=tol,
                                       equal_nan=True)
        else:
            np.testing.assert_array_equal(got, want)


@pytest.mark.parametrize("op, dtype", [(op, dt) for op in ["sum", "prod", "max", "min", "all", "any"]
                                       for dt in DTYPES if op not in ("all", "any") or dt == "bool"])
def test_reduce_kernels_match_numpy_fallback(op, dtype):
    a, _ = _operands(dtype, (3, 4, 5))
    if op == "prod" and dtype.startswith("float"):
        a = np.where(np.isfinite(a), a, 1).astype(dtype) / 2
    out_dtype = {"sum": np.int64, "prod": np.int64}.get(op, dtype) if not dtype.startswith("float") else dtype
    if op in ("all", "any"):
        out_dtype = np.bool_
    for axes in [(), (0,), (1, 2), (0, 1, 2)]:
        shape = tuple(1 if i in axes else s for i, s in enumerate(a.shape))
        got = np.empty(shape, out_dtype)
        want = np.empty(shape, out_dtype)
        cpu.reduce(op, a, axes, got)
        with np.errstate(all="ignore"):
            cpu._reduce_numpy(op, a, axes, want)
        np.testing.assert_allclose(got.astype(np.float64), want.astype(np.float64), rtol=2e-3, equal_nan=True)


def test_float_errors_are_silent():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        torch.tensor([1.0, 0.0]) / 0
        torch.tensor([-1.0]).log()
        torch.tensor([-1.0]).sqrt()
        torch.tensor([3e38]) * 10
        torch.tensor([1e5]).half()
        torch.tensor([1.0], dtype=torch.float16) * 1e5
        torch.tensor([math.nan]).long() if hasattr(torch.Tensor, "long") else None
        torch.tensor([0.0]).norm(-1)


def test_sort_and_median_helpers():
    a = np.array([[3.0, np.nan, 1.0, 3.0], [0.0, -1.0, np.nan, np.nan]])
    values = np.empty_like(a)
    indices = np.empty(a.shape, np.int64)
    cpu.sort(a, 1, True, values, indices)
    np.testing.assert_array_equal(indices, [[1, 0, 3, 2], [2, 3, 0, 1]])
    cpu.sort(a, 1, False, values, indices)
    np.testing.assert_array_equal(indices, [[2, 0, 3, 1], [1, 0, 2, 3]])
    mv = np.empty((2, 1))
    mi = np.empty((2, 1), np.int64)
    cpu.median(a, 1, mv, mi)
    assert np.isnan(mv).all() and mi.ravel().tolist() == [1, 2]
    values, inverse, counts = cpu.unique(np.array([[2, 1], [1, 3]]), None, True, True)
    assert values.tolist() == [1, 2, 3] and inverse.tolist() == [[1, 0], [0, 2]] and counts.tolist() == [2, 1, 1]


def test_scalar_buffer_wraps_and_is_cached():
    assert cpu.scalar_buffer(1000, np.dtype(np.uint8))[0] == 232
    assert cpu.scalar_buffer(-1, np.dtype(np.uint8))[0] == 255
    assert cpu.scalar_buffer(2.7, np.dtype(np.int64))[0] == 2
    assert cpu.scalar_buffer(True, np.dtype(np.float32))[0] == 1.0
    assert cpu.scalar_buffer(5, np.dtype(np.bool_))[0]
    assert cpu.scalar_buffer(3, np.dtype(np.int32)) is cpu.scalar_buffer(3, np.dtype(np.int32))
    neg_zero = cpu.scalar_buffer(-0.0, np.dtype(np.float32))
    assert math.copysign(1, neg_zero[0]) == -1
    assert math.copysign(1, cpu.scalar_buffer(0.0, np.dtype(np.float32))[0]) == 1


def test_matmul_helper_integer_exact():
    a = np.array([[2 ** 62, 1]], dtype=np.int64)
    b = np.array([[4], [1]], dtype=np.int64)
    out = np.empty((1, 1), np.int64)
    cpu.matmul(a, b, out)
    assert out.tolist() == [[1]]
