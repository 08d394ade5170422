"""Python numbers taken as PyTorch takes them, each refusal with PyTorch's error.

* ``scalar_argument``: a number passed where PyTorch's signature says ``Scalar``
  (``full``'s fill value, ``fill_``, ``arange``'s bounds).  PyTorch holds an int
  as int64 or, above that, uint64; anything wider is refused while parsing.
* ``unpack_int64``: a number passed where the signature says ``int`` (sizes,
  ``steps``, ``randint``'s bounds, the integer elements of ``tensor()``).
* ``checked_scalar``: a parsed number converted to a dtype, refusing a value the
  dtype cannot hold ("value cannot be converted to type uint8_t without
  overflow").  Negative ints wrap into uint8 as C converts them, down to -255;
  infinities and NaN fit the floating dtypes; nothing overflows bool.

``wrap_int64`` and ``trunc_div`` redo PyTorch's int64 shape arithmetic where its
messages show the wrapped result.
"""
import math
import numbers

import numpy as np

from . import _dtype as D

INT64_MIN, INT64_MAX = -2 ** 63, 2 ** 63 - 1
UINT64_MAX = 2 ** 64 - 1

# The C++ spelling of each dtype in the overflow message of a checked Scalar conversion.
CPP_NAMES = {D.bool: "bool", D.uint8: "uint8_t", D.int8: "int8_t", D.int16: "int16_t", D.int32: "int",
             D.int64: "int64_t", D.float16: "c10::Half", D.bfloat16: "c10::BFloat16", D.float32: "float",
             D.float64: "double"}

# bfloat16's largest value, known without its optional NumPy type
_FLOAT_MAX = {d: float(np.finfo(d.numpy).max) for d in (D.float16, D.float32, D.float64)}
_FLOAT_MAX[D.bfloat16] = float.fromhex("0x1.fep127")
_RANGES = {d: (-_FLOAT_MAX[d], _FLOAT_MAX[d]) if d.is_floating_point
           else (0, 1) if d is D.bool else (int(np.iinfo(d.numpy).min), int(np.iinfo(d.numpy).max)) for d in D.ALL}


def representable_range(dtype):
    """(lowest, highest) finite value of ``dtype``."""
    return _RANGES[dtype]


def wrap_int64(value):
    """The Python int ``value`` as int64 arithmetic in C leaves it (two's complement)."""
    return (value - INT64_MIN) % 2 ** 64 + INT64_MIN


def trunc_div(numerator, denominator):
    """Integer division rounding toward zero, as C divides."""
    quotient = abs(numerator) // abs(denominator)
    return quotient if (numerator < 0) == (denominator < 0) else -quotient


def _is_int(value):
    return isinstance(value, numbers.Integral) and not isinstance(value, (bool, np.bool_))


def scalar_argument(value):
    """``value`` (a Python or NumPy number) as a Scalar argument holds it."""
    if _is_int(value):
        value = int(value)
        if value > UINT64_MAX:
            raise OverflowError("int too big to convert")
        if value < INT64_MIN:
            raise OverflowError("can't convert negative int to unsigned")
    return value


def unpack_int64(value):
    """``value`` (an int or anything with ``__index__``) as an int64 argument."""
    value = value.__index__()
    if not INT64_MIN <= value <= INT64_MAX:
        raise ValueError("Overflow when unpacking long long")
    return value


def overflows(value, dtype):
    """Whether converting the number ``value`` to ``dtype`` overflows, judged as
    PyTorch judges it (a float against an integer range is compared as a double)."""
    if dtype is D.bool or isinstance(value, (bool, np.bool_)):
        return False
    low, high = _RANGES[dtype]
    if dtype.is_floating_point:
        return (_is_int(value) or math.isfinite(value)) and abs(value) > high
    if _is_int(value):
        value = int(value)
        return value > high or (-value > high if low == 0 else value < low)
    return not float(low) <= float(value) <= float(high)


def check_fits(value, dtype, type_names=CPP_NAMES):
    """PyTorch's overflow error, naming the type as ``type_names`` spells it,
    unless the number ``value`` converts to ``dtype``."""
    if overflows(value, dtype):
        raise RuntimeError(f"value cannot be converted to type {type_names[dtype]} without overflow")


def checked_scalar(value, dtype, type_names=CPP_NAMES):
    """The number ``value`` as a NumPy scalar of ``dtype`` (``check_fits`` first)."""
    check_fits(value, dtype, type_names)
    if dtype is D.bool:
        return np.bool_(bool(value))
    with np.errstate(all="ignore"):  # float64(2**63) -> int64 passes the check and wraps, as in C
        if _is_int(value) and not dtype.is_floating_point:
            return np.array(int(value), dtype=np.int64).astype(dtype.numpy)[()]
        return float_scalar(float(value), dtype)


def float_scalar(value, dtype):
    """The Python float ``value`` as a NumPy scalar of ``dtype``, converted as PyTorch converts a
    double: to float16/bfloat16 through float32 (rounded twice), to the other dtypes directly."""
    with np.errstate(all="ignore"):
        double = np.array(value, dtype=np.float64)
        return (double if D.compute_dtype(dtype) is dtype else double.astype(np.float32)).astype(dtype.numpy)[()]
