"""Shared by the indexing modules: PyTorch's messages, argument checks, scalar
conversion with PyTorch's range checks, memory-overlap checks, ``out=``, and the
index range checks (through the tensor's backend)."""
import math
import numbers
import sys
import warnings

import numpy as np

from .. import _dtype as D
from .. import _layout
from .._C import TensorBase
from .._scalar_conversion import float_scalar
from .._tensor import empty_tensor
from .conversion import _check_writable
from .._type_names import c_type_name as _tp_name
from ..backends import backend_for, backend_for_array, common_device

# C++ spellings PyTorch uses in some messages ("Expected out tensor to have dtype float, but got long int").
_C_NAMES = {D.float16: "c10::Half", D.bfloat16: "c10::BFloat16", D.float32: "float", D.float64: "double",
            D.int8: "signed char", D.int16: "short int", D.int32: "int", D.int64: "long int",
            D.uint8: "unsigned char", D.bool: "bool"}
_OVERFLOW_NAMES = {D.float16: "c10::Half", D.bfloat16: "c10::BFloat16", D.float32: "float", D.float64: "double",
                   D.int8: "int8_t", D.int16: "int16_t", D.int32: "int", D.int64: "int64_t", D.uint8: "uint8_t",
                   D.bool: "bool"}
_INT_LIMITS = {D.int8: (-2 ** 7, 2 ** 7 - 1), D.int16: (-2 ** 15, 2 ** 15 - 1), D.int32: (-2 ** 31, 2 ** 31 - 1),
               D.int64: (-2 ** 63, 2 ** 63 - 1), D.uint8: (0, 255)}
_FLOAT32_MAX = float(np.finfo(np.float32).max)
_INDEX_DTYPES = (D.int64, D.int32)

_OVERLAP = ("unsupported operation: some elements of the input tensor and the written-to tensor refer to a single "
            "memory location. Please clone() the tensor before performing the operation.")
_ZERO_DIM_INDEX = ("invalid index of a 0-dim tensor. Use `tensor.item()` in Python or `tensor.item<T>()` in C++ to "
                   "convert a 0-dim tensor to a number")
_BAD_INDEX_TYPE = "tensors used as indices must be long, int, byte or bool tensors"
_SEQUENCE_AS_TUPLE = (
    "Using a non-tuple sequence for multidimensional indexing is deprecated and will be changed in pytorch 2.9; use "
    "x[tuple(seq)] instead of x[seq]. In pytorch 2.9 this will be interpreted as tensor index, x[torch.tensor(seq)], "
    "which will result either in an error or a different result")
_UINT8_MASKED_SCATTER = ("masked_scatter_ received a mask with dtype torch.uint8, this behavior is now deprecated,"
                         "please use a mask with dtype torch.bool instead.")
_UINT8_INDEX = "indexing with dtype torch.uint8 is now deprecated, please use a dtype torch.bool instead."
_EXPANDED = ("Use of {} on expanded tensors is deprecated. Please clone() the tensor before performing this operation. "
             "This also applies to advanced indexing e.g. {}")
_RESIZED = ("An output with one or more elements was resized since it had shape {}, which does not match the "
            "required output shape {}. This behavior is deprecated, and in a future PyTorch release outputs will not "
            "be resized unless they have zero elements. You can explicitly reuse an out tensor t by resizing it, "
            "inplace, to zero elements with t.resize_(0).")
_SCATTER_SIGNATURES = ("(int dim, Tensor index, Tensor src)", "(int dim, Tensor index, Tensor src, *, str reduce)",
                       "(int dim, Tensor index, Number value)", "(int dim, Tensor index, Number value, *, str reduce)")
_WHERE_SIGNATURES = ("(Tensor condition)", "(Tensor condition, Tensor input, Tensor other, *, Tensor out = None)",
                     "(Tensor condition, Number self, Tensor other)", "(Tensor condition, Tensor input, Number other)",
                     "(Tensor condition, Number self, Number other)")
_MISSING = object()


# ---- small helpers ---------------------------------------------------------------------------------------
def _warn(message):
    """Warns at the first frame outside tensorlib, as PyTorch's warnings point at the caller's line."""
    frame, level = sys._getframe(1), 2
    while frame is not None and frame.f_globals.get("__name__", "").startswith("tensorlib."):
        frame, level = frame.f_back, level + 1
    warnings.warn(message, UserWarning, stacklevel=level)


def _arg_type(obj):
    return "Tensor" if isinstance(obj, TensorBase) else _tp_name(obj)


def _invalid_args(name, args, kwargs, signatures):
    got = [_arg_type(a) for a in args] + [f"{k}={_arg_type(v)}" for k, v in kwargs.items()]
    lines = "".join(f" * {s}\n" for s in signatures)
    return TypeError(f"{name}() received an invalid combination of arguments - got ({', '.join(got)}), "
                     f"but expected one of:\n{lines}")


def _require_tensor(obj, fname, arg, position):
    if not isinstance(obj, TensorBase):
        raise TypeError(f"{fname}(): argument '{arg}' (position {position}) must be Tensor, not {_tp_name(obj)}")


def _require_int(obj, fname, arg, position):
    if isinstance(obj, bool) or not isinstance(obj, (int, np.integer)):
        raise TypeError(f"{fname}(): argument '{arg}' (position {position}) must be int, not {_tp_name(obj)}")


def _is_number(obj):
    return isinstance(obj, (numbers.Number, np.bool_)) and not isinstance(obj, TensorBase)


def _shape_str(shape):
    return str(list(shape))


def _nonempty(shape):
    """PyTorch treats a 0-d tensor as 1-d of size 1 in the dim-wise ops."""
    return shape if shape else (1,)


def _arr1d(t):
    """``t``'s array, 0-d viewed as 1-d."""
    a = t._array()
    return a.reshape(1) if a.ndim == 0 else a


def _xp(t):
    return backend_for(t.device).xp


# ---- scalar conversion -------------------------------------------------------------------------------------
def _overflow(dtype):
    return RuntimeError(f"value cannot be converted to type {_OVERFLOW_NAMES[dtype]} without overflow")


def _checked_scalar(value, dtype):
    """``value`` (a Python / NumPy number or a one-element tensor) as a NumPy scalar of ``dtype``,
    with PyTorch's range checks for scalars written into tensors."""
    if isinstance(value, TensorBase):
        value = value.item()
    if isinstance(value, (bool, np.bool_)):
        return dtype.numpy.type(bool(value))
    if isinstance(value, complex):
        if value.imag != 0:
            raise _overflow(dtype)
        value = value.real
    with np.errstate(all="ignore"):
        if isinstance(value, numbers.Integral):
            v = int(value)
            if not -2 ** 63 <= v < 2 ** 63:
                raise ValueError("Overflow when unpacking long long")
            if dtype is D.bool:
                return np.bool_(v != 0)
            if dtype in _INT_LIMITS:
                lo, hi = _INT_LIMITS[dtype]
                ok = -hi <= v <= hi if dtype is D.uint8 else lo <= v <= hi  # unsigned targets wrap negatives
                if not ok:
                    raise _overflow(dtype)
                return np.array(v, dtype=np.int64).astype(dtype.numpy)[()]
            return float_scalar(v, dtype)
        if isinstance(value, numbers.Real):
            v = float(value)
            if dtype is D.bool:
                return np.bool_(v != 0)
            if dtype.is_floating_point:
                if dtype is D.float32 and math.isfinite(v) and abs(v) > _FLOAT32_MAX:
                    raise _overflow(dtype)
                return float_scalar(v, dtype)
            lo, hi = _INT_LIMITS[dtype]
            if v != v or v < float(lo) or v > float(hi):  # compared as doubles, as PyTorch does
                raise _overflow(dtype)
            return np.array(v, dtype=np.float64).astype(dtype.numpy)[()]
    raise TypeError(f"can't convert {_tp_name(value)} to a scalar")


def _scalar_tensor(value, dtype, device):
    out = empty_tensor((), dtype, device)
    out._array()[()] = _checked_scalar(value, dtype)
    return out


# ---- memory overlap -------------------------------------------------------------------------------------------
def _overlap(a, b):
    """PyTorch's overlap judgement: 'full', 'partial' or None.  Only tensors that are
    non-overlapping and dense are compared; others are assumed not to overlap."""
    if a is b:
        return "full"
    if a.numel() == 0 or b.numel() == 0:
        return None
    if not (_layout.is_non_overlapping_and_dense(a._shape, a._strides)
            and _layout.is_non_overlapping_and_dense(b._shape, b._strides)):
        return None
    if a._storage is not b._storage and a._storage.data is not b._storage.data and \
            getattr(a._storage.data, "base", None) is None and getattr(b._storage.data, "base", None) is None:
        return None
    sa, sb = a.data_ptr(), b.data_ptr()
    ea, eb = sa + a.numel() * a._dtype.itemsize, sb + b.numel() * b._dtype.itemsize
    if sa == sb and ea == eb:
        return "full"
    if sa < eb and sb < ea:
        return "partial"
    return None


def _assert_no_overlap(a, b):
    if _overlap(a, b) is not None:
        raise RuntimeError(_OVERLAP)


def _assert_no_partial_overlap(a, b):
    if _overlap(a, b) == "partial":
        raise RuntimeError(_OVERLAP)


def _has_internal_overlap(t):
    return _layout.has_internal_overlap(t._shape, t._strides)


# ---- out= ----------------------------------------------------------------------------------------------------
def _write_out(result, out, dtype_error=None, inputs=()):
    """Copies ``result`` into the user's ``out`` tensor with PyTorch's out= rules."""
    if not isinstance(out, TensorBase):
        raise TypeError(f"argument 'out' must be Tensor, not {_tp_name(out)}")
    if out._dtype is not result._dtype:
        raise RuntimeError(dtype_error or f"Expected out tensor to have dtype {_C_NAMES[result._dtype]}, but got "
                                          f"{_C_NAMES[out._dtype]} instead")
    if out._shape == result._shape:
        _check_writable(out)
    for t in inputs:
        if isinstance(t, TensorBase):
            _assert_no_overlap(out, t)
    if out._shape != result._shape:
        if out.numel() != 0:
            _warn(_RESIZED.format(_shape_str(out._shape), _shape_str(result._shape)))
        out.resize_(result._shape)
    out._check_inplace()
    out._copy_from(result)
    out._version_counter.bump()
    return out


# ---- index range checks and devices -------------------------------------------------------------------------
def _first_outside(index_arr, lo, hi):
    """Row-major position of the first index outside [lo, hi), or -1."""
    return backend_for_array(index_arr).first_outside(index_arr, lo, hi)


def _value_at(index_arr, pos):
    return int(np.asarray(backend_for_array(index_arr).to_host(index_arr)).reshape(-1)[pos])


def _same_device(*tensors):
    """Index ops need every tensor on one device (no 0-d CPU exemption)."""
    common_device([t for t in tensors if isinstance(t, TensorBase)], cpu_scalars=False)
