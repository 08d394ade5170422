"""CUDA backend: the interface of ``backends/cpu.py`` (read its docstring: every
function there exists here with the same contract) over CuPy arrays.

CuPy is optional and imported lazily: importing tensorlib never imports it,
never fails and never prints.  The first question that needs a GPU
(``tensorlib.cuda.is_available()``, a tensor created with ``device='cuda'``)
imports CuPy and asks the CUDA runtime for devices; without CuPy, or without a
visible device, CUDA is simply unavailable and asking for a CUDA tensor raises
a RuntimeError that says which of the two is missing.

The module is written against two things only:

``xp``
    an array module with NumPy's API (``cupy`` on a GPU): every kernel below
    is a few ``xp`` calls over device arrays, with ``out`` written in place.
``_driver()``
    the handful of operations NumPy's API does not cover: building a strided
    view over a flat buffer, host <-> device copies, device queries, erf,
    pointers and DLPack.  ``_cupy.CupyDriver`` implements them with CuPy.

The stand-in
------------
``use_stand_in()`` (a context manager) or ``TENSORLIB_CUDA_STAND_IN=1`` in the
environment (read when this module is first imported, which ``import
tensorlib`` does) swaps in ``backends/_xp.py``'s driver: NumPy plays CuPy,
"device" arrays are ``_xp.StandInArray`` (an ndarray subclass, so
``backend_for_array`` tells them from CPU arrays), ``tensorlib.cuda`` reports
one available device, and every tensor on ``cuda:0`` runs through this module
exactly as on a GPU.  It exists for the test suite (``tests/test_cuda_stand_in.py``).

Semantics differing from the CPU backend, as PyTorch's CUDA kernels differ
from its CPU ones: float16 sums *and* products accumulate in float32 and round
once; float -> integer conversions of out-of-range values follow the device's
C casts.
"""
import contextlib
import os
import sys

import numpy as np

from .._fast_paths import FAST_PATHS
from .._layout import contiguous_strides, numel
from . import _cuda_kernels, _cuda_sorting, _cupy, _generic
from . import _composed_optim
from . import _xp_rows
from ._linalg import LinalgKernels
from ._conv_generic import ConvKernels
from ._recurrent_runs import ComposedCells, RecurrentKernels
from ._precision import MatmulKernel
from ._bfloat16 import is_bfloat16

__all__ = ["use_stand_in", "stand_in_active", "is_available", "unavailable_reason"]

# ---- the driver -----------------------------------------------------------------------------
_STAND_IN_ENV = "TENSORLIB_CUDA_STAND_IN"
_stand_in = os.environ.get(_STAND_IN_ENV, "").strip().lower() not in ("", "0", "false", "no", "off")
_real = None  # the resolved CuPy driver (``_cupy.CupyDriver``), or a ``_cupy.Unavailable`` saying why there is none


def _resolve_real():
    """Imports CuPy and counts devices, once; the answer (driver or reason) is kept."""
    global _real
    _real = _cupy.resolve()
    return _real


def _driver():
    """The active driver; raises RuntimeError when CUDA is unavailable."""
    if _stand_in:
        from ._xp import driver
        return driver
    d = _real if _real is not None else _resolve_real()
    if d.__class__ is _cupy.Unavailable:
        raise RuntimeError(f"CUDA is not available: {d.message}")
    return d


def is_available():
    if _stand_in:
        return True
    d = _real if _real is not None else _resolve_real()
    return d.__class__ is not _cupy.Unavailable


def unavailable_reason():
    """Why CUDA is unavailable (None when it is available)."""
    if is_available():
        return None
    return _real.message


def stand_in_active():
    return _stand_in


@contextlib.contextmanager
def use_stand_in(enabled=True):
    """Within the block, NumPy stands in for CuPy (``enabled=False``: the real CuPy path).

    Tensors made on ``cuda`` inside the block hold stand-in arrays and should
    not outlive it."""
    global _stand_in
    previous = _stand_in
    _stand_in = bool(enabled)
    try:
        yield
    finally:
        _stand_in = previous


def is_device_array_type(array_type):
    """Whether arrays of ``array_type`` are device arrays of this backend (imports nothing)."""
    stand_in = sys.modules.get("tensorlib.backends._xp")
    if stand_in is not None and issubclass(array_type, stand_in.StandInArray):
        return True
    cupy_array = getattr(sys.modules.get("cupy"), "ndarray", None)
    return isinstance(cupy_array, type) and issubclass(array_type, cupy_array)


def __getattr__(name):
    # ``xp`` and ``array_type`` follow the active driver (CuPy, or the stand-in)
    if name == "xp":
        return _driver().xp
    if name == "array_type":
        return _driver().array_type
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


# ---- devices -----------------------------------------------------------------------------------
def device_count():
    if not is_available():
        return 0
    return _driver().device_count()


def current_device():
    return _driver().current_device()


def set_device(index):
    _driver().set_device(index)


def synchronize(index=None):
    drv = _driver()
    drv.synchronize(drv.current_device() if index is None else index)


def device_name(index=None):
    drv = _driver()
    return drv.device_name(drv.current_device() if index is None else index)


def manual_seed(seed):
    if is_available():
        _driver().manual_seed(seed)


# ---- buffers and views ---------------------------------------------------------------------
is_host = False   # device memory: no NumPy view of it, and printing names the device


def host_buffer(flat):
    """A host copy of the flat device buffer (pickling)."""
    return _driver().to_host(flat)


def _device_dtype(np_dtype):
    """``np_dtype``, refused when it is bfloat16, which tensorlib's CUDA kernels do not handle."""
    if is_bfloat16(np.dtype(np_dtype)):
        raise TypeError("bfloat16 tensors are not supported on CUDA devices by tensorlib (its CUDA backend "
                        "computes with CuPy, whose bfloat16 is incomplete): keep bfloat16 tensors on the CPU, or "
                        "use float16 on CUDA")
    return np_dtype


def empty(numel, np_dtype):
    return _driver().xp.empty(numel, dtype=_device_dtype(np_dtype))


def zeros(numel, np_dtype):
    return _driver().xp.zeros(numel, dtype=_device_dtype(np_dtype))


def allocation_error(error, nbytes):
    """CuPy's own out-of-memory error already says how much it tried to allocate."""
    return error


def empty_array(shape, np_dtype):
    return _driver().xp.empty(shape, dtype=_device_dtype(np_dtype))


def strided_view(flat, shape, strides, offset):
    """A device array aliasing ``flat`` with element ``strides`` and ``offset``."""
    drv = _driver()
    if 0 in shape:
        return drv.xp.empty(shape, dtype=flat.dtype)
    if offset == 0 and strides == contiguous_strides(shape) and flat.size == numel(shape):
        return flat.reshape(shape)    # the whole storage: cheaper than a view over a pointer
    itemsize = flat.itemsize
    return drv.view(flat, tuple(shape), tuple(s * itemsize for s in strides), offset * itemsize)


def flat_alias(array, extent):
    """A 1-D array of ``extent`` elements from ``array``'s first element (its storage, for wrap_array)."""
    return _driver().alias(array, extent)


def from_host(array):
    _device_dtype(array.dtype)
    return _driver().to_device(array)


def to_host(array):
    return _driver().to_host(array)


def copy_into(dst, src):
    """``dst[...] = src`` with C-style casting (``src`` already of dst's shape, or broadcastable);
    float16 from a double through float32, as PyTorch converts it."""
    if dst.dtype == np.float16 and src.dtype == np.float64:
        src = src.astype(np.float32)
    _driver().xp.copyto(dst, src, casting="unsafe")


_SCALARS = {}


def scalar_buffer(value, np_dtype):
    """A 1-element device buffer holding ``value`` converted (wrapping) to ``np_dtype``; read-only."""
    key = (value.__class__, value, np_dtype, _stand_in)
    try:
        return _SCALARS[key]
    except (KeyError, TypeError):
        pass
    with np.errstate(all="ignore"):
        if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, np.integer)):
            host = np.array([value])
            host = (host.astype(np.float32) if np_dtype == np.float16 else host).astype(np_dtype)
        elif np.dtype(np_dtype).kind in "iub":
            # Python ints wrap as C integers do (uint8 + 1000 adds 1000 mod 256)
            host = np.array([int(value)], dtype=np.uint64 if value >= 2 ** 63 else np.int64)
            host = host.astype(np_dtype) if np_dtype != np.bool_ else host != 0
        else:
            host = np.array([float(value)]).astype(np_dtype)
    buf = from_host(host)
    if value == value and not (isinstance(value, float) and value == 0):  # nan, -0.0: never cached
        if len(_SCALARS) > 512:
            _SCALARS.clear()
        _SCALARS[key] = buf
    return buf


def cast(a, np_dtype):
    out = _driver().xp.empty(a.shape, dtype=_device_dtype(np_dtype))
    copy_into(out, a)
    return out


def broadcast_to(a, shape):
    return _driver().xp.broadcast_to(a, shape)


def fill(out, value):
    _driver().xp.copyto(out, value, casting="unsafe")


def any_zero(a):
    return not bool(_driver().xp.all(a))


def any_negative(a):
    return bool(_driver().xp.any(a < 0))


# ---- elementwise ---------------------------------------------------------------------------
def _safe_divisor(xp, b):
    # x // -1 and x % -1 are computed with divisor 1 and fixed up: INT_MIN / -1 overflows in C
    return xp.where(b == -1, 1, b).astype(b.dtype, copy=False)


def _div_trunc(xp, a, b, out):
    if a.dtype.kind == "f":
        xp.true_divide(a, b, out=out)
        xp.trunc(out, out=out)
        return
    if a.dtype.kind == "u":  # no negative operands: truncation is floor division, and no -1 divisor
        xp.floor_divide(a, b, out=out)
        return
    q = xp.floor_divide(a, _safe_divisor(xp, b))
    q = xp.where(b == -1, xp.negative(a), q)
    # floor -> trunc: round up where the remainder is nonzero and the signs differ
    q = q + (((a - q * b) != 0) & ((a < 0) != (b < 0))).astype(q.dtype)
    xp.copyto(out, q, casting="unsafe")


def _floor_divide(xp, a, b, out):
    if a.dtype.kind == "i":
        q = xp.floor_divide(a, _safe_divisor(xp, b))
        xp.copyto(out, xp.where(b == -1, xp.negative(a), q), casting="unsafe")  # INT_MIN // -1 wraps
        return
    xp.floor_divide(a, b, out=out)


def _remainder(xp, a, b, out):
    if a.dtype.kind == "i":
        xp.remainder(a, _safe_divisor(xp, b), out=out)
        return
    xp.remainder(a, b, out=out)


def _fmod(xp, a, b, out):
    if a.dtype.kind == "i":
        xp.fmod(a, _safe_divisor(xp, b), out=out)
        return
    xp.fmod(a, b, out=out)


def _pow(xp, a, b, out):
    if a.dtype == np.bool_:
        xp.logical_or(a, xp.logical_not(b), out=out)  # bool ** bool
        return
    if a.dtype.kind in "iu" and b.dtype.kind in "iu":
        if b.dtype.kind == "i" and bool(xp.any(b < 0)):
            negative = b < 0
            base = xp.power(a, xp.where(negative, 0, b).astype(b.dtype, copy=False))
            # a ** -n for integers: 1 for a == 1, +-1 for a == -1, 0 otherwise
            odd = (b % 2) != 0
            small = xp.where(a == 1, 1, xp.where(a == -1, xp.where(odd, -1, 1), 0)).astype(a.dtype)
            xp.copyto(out, xp.where(negative, small, base), casting="unsafe")
            return
    xp.power(a, b, out=out)


def _ufunc2(name):
    def kernel(xp, a, b, out):
        getattr(xp, name)(a, b, out=out)
    return kernel


_BINARY = {
    "add": _ufunc2("add"), "sub": _ufunc2("subtract"), "mul": _ufunc2("multiply"),
    "div": _ufunc2("true_divide"), "floor_divide": _floor_divide, "remainder": _remainder, "pow": _pow,
    "fmod": _fmod, "div_trunc": _div_trunc, "maximum": _ufunc2("maximum"), "minimum": _ufunc2("minimum"),
    "atan2": _ufunc2("arctan2"), "eq": _ufunc2("equal"), "ne": _ufunc2("not_equal"), "lt": _ufunc2("less"),
    "le": _ufunc2("less_equal"), "gt": _ufunc2("greater"), "ge": _ufunc2("greater_equal"),
    "logical_and": _ufunc2("logical_and"), "logical_or": _ufunc2("logical_or"),
    "logical_xor": _ufunc2("logical_xor"), "bitwise_and": _ufunc2("bitwise_and"),
    "bitwise_or": _ufunc2("bitwise_or"), "bitwise_xor": _ufunc2("bitwise_xor"),
}

# the compiled CPU kernels have no CUDA counterpart: callers fall back to binary/unary
binary_kernel = unary_kernel = None


def binary(op, a, b, out):
    """``op`` is one of ``_BINARY``'s or the name of a NumPy-API binary ufunc."""
    (_BINARY.get(op) or _ufunc2(op))(_driver().xp, a, b, out)


def _in_float32(fn):
    """A unary kernel computing float16 data in float32 and rounding once."""
    def kernel(xp, a, out):
        if a.dtype == np.float16:
            tmp = a.astype(np.float32)
            fn(xp, tmp, tmp)
            xp.copyto(out, tmp, casting="unsafe")
        else:
            fn(xp, a, out)
    return kernel


@_in_float32
def _rsqrt(xp, a, out):
    xp.sqrt(a, out=out)
    xp.true_divide(1, out, out=out)


@_in_float32
def _reciprocal(xp, a, out):
    xp.true_divide(1, a, out=out)


@_in_float32
def _sigmoid(xp, a, out):
    xp.negative(a, out=out)
    xp.exp(out, out=out)
    xp.add(out, 1, out=out)
    xp.true_divide(1, out, out=out)


@_in_float32
def _silu(xp, a, out):
    e = xp.exp(-a)
    xp.true_divide(a, e + 1, out=out)


@_in_float32
def _erf(xp, a, out):
    xp.copyto(out, _driver().erf(a), casting="unsafe")


def _sign(xp, a, out):
    if a.dtype == np.bool_:
        xp.copyto(out, a)
        return
    xp.sign(a, out=out)
    if a.dtype.kind == "f":
        xp.copyto(out, 0, where=xp.isnan(a))  # PyTorch: sign(nan) == 0


def _relu(xp, a, out):
    if a.dtype.kind == "f":
        # max(x, 0) keeping nan and -0.0, as PyTorch does
        xp.copyto(out, a)
        xp.copyto(out, 0, where=a < 0)
    else:
        xp.maximum(a, 0, out=out)


def _copy(xp, a, out):
    xp.copyto(out, a, casting="unsafe")


def _ufunc1(name):
    def kernel(xp, a, out):
        getattr(xp, name)(a, out=out)
    return kernel


_UNARY = {
    "neg": _ufunc1("negative"), "abs": _ufunc1("absolute"), "sign": _sign, "exp": _ufunc1("exp"),
    "log": _ufunc1("log"), "log2": _ufunc1("log2"), "log10": _ufunc1("log10"), "log1p": _ufunc1("log1p"),
    "expm1": _ufunc1("expm1"), "sqrt": _ufunc1("sqrt"), "rounded_sqrt": _ufunc1("sqrt"),
    "rsqrt": _rsqrt, "reciprocal": _reciprocal,
    "sin": _ufunc1("sin"), "cos": _ufunc1("cos"), "tan": _ufunc1("tan"), "tanh": _ufunc1("tanh"),
    "sigmoid": _sigmoid, "silu": _silu, "relu": _relu, "floor": _ufunc1("floor"), "ceil": _ufunc1("ceil"),
    "round": _ufunc1("rint"), "trunc": _ufunc1("trunc"), "square": _ufunc1("square"), "erf": _erf,
    "logical_not": _ufunc1("logical_not"), "bitwise_not": _ufunc1("invert"), "isnan": _ufunc1("isnan"),
    "isinf": _ufunc1("isinf"), "isfinite": _ufunc1("isfinite"), "copy": _copy, "exp2": _ufunc1("exp2"),
    "asin": _ufunc1("arcsin"), "acos": _ufunc1("arccos"), "atan": _ufunc1("arctan"), "sinh": _ufunc1("sinh"),
    "cosh": _ufunc1("cosh"), "asinh": _ufunc1("arcsinh"), "acosh": _ufunc1("arccosh"), "atanh": _ufunc1("arctanh"),
}


def unary(op, a, out):
    _UNARY[op](_driver().xp, a, out)


# ---- reductions ----------------------------------------------------------------------------
def reduce(op, a, axes, out):
    xp = _driver().xp
    if op in ("sum", "prod"):
        # accumulate in out's dtype (int64 for integers); float16 in float32, rounded once
        fn = xp.sum if op == "sum" else xp.prod
        if out.dtype != np.float16:
            fn(a, axis=axes, dtype=out.dtype, keepdims=True, out=out)   # one launch, no temporary
            return
        result = fn(a, axis=axes, dtype=np.float32, keepdims=True)
    else:   # (CuPy 14's CUB max/min path fails when given out=)
        result = {"max": xp.amax, "min": xp.amin, "all": xp.all, "any": xp.any}[op](a, axis=axes, keepdims=True)
    xp.copyto(out, result, casting="unsafe")


def arg_reduce(op, a, axis, out):
    xp = _driver().xp
    fn = xp.argmax if op == "argmax" else xp.argmin
    if axis is None:
        xp.copyto(out, fn(a), casting="unsafe")
    else:
        xp.copyto(out, xp.expand_dims(fn(a, axis=axis), axis), casting="unsafe")


def cumulative(op, a, axis, out):
    xp = _driver().xp
    work = np.float32 if out.dtype == np.float16 else out.dtype
    result = (xp.cumsum if op == "cumsum" else xp.cumprod)(a, axis=axis, dtype=work)
    xp.copyto(out, result, casting="unsafe")


def count_nonzero(a, axes, out):
    xp = _driver().xp
    if not axes:
        counts = (a != 0)
    else:
        counts = xp.count_nonzero(a, axis=axes)
    xp.copyto(out, xp.reshape(counts, out.shape), casting="unsafe")


def logsumexp(a, axes, out):
    """log(sum(exp(a))) over ``axes`` (non-empty), computed stably; out keepdims."""
    xp = _driver().xp
    m = xp.amax(a, axis=axes, keepdims=True)
    m = xp.where(xp.isinf(m), 0, m).astype(a.dtype, copy=False)  # all -inf (or an inf): the plain formula
    s = xp.sum(xp.exp(a - m), axis=axes, keepdims=True)
    xp.copyto(out, xp.log(s) + m, casting="unsafe")



# ---- fused neural-network kernels ------------------------------------------------------------
def _fusable(*arrays):
    """The fused kernels' case: float32/float64 arrays of one dtype, on CuPy (not the stand-in)."""
    kernels = _driver().kernels() if FAST_PATHS else None
    if kernels is None or arrays[0].dtype.char not in "fd":
        return None
    return kernels if all(a.dtype == arrays[0].dtype for a in arrays) else None


def _launch_rows(kernels, name, arrays, out):
    """Runs row kernel ``name`` over the last axis of C-contiguous ``arrays`` into ``out``."""
    xp = _driver().xp
    cols = out.shape[-1]
    rows = out.size // cols if cols else 0
    if rows:
        arrays = [xp.ascontiguousarray(a) for a in arrays]
        kernel = kernels.row_kernel(name, out.dtype)
        kernel((rows,), (_cuda_kernels.ROW_BLOCK,), (*arrays, out, np.int64(cols)))


def log_softmax(a, axis, out):
    """``a - max - log(sum(exp(a - max)))`` along ``axis`` (nan where the max is infinite)."""
    kernels = _fusable(a, out)
    if kernels is not None and axis == a.ndim - 1 and out.flags.c_contiguous:
        _launch_rows(kernels, "log_softmax_rows", [a], out)
        return
    xp = _driver().xp
    shifted = a - xp.amax(a, axis=axis, keepdims=True)
    s = xp.sum(xp.exp(shifted), axis=axis, keepdims=True)
    xp.copyto(out, shifted - xp.log(s), casting="unsafe")


def softmax(a, axis, out):
    """``exp(a - max) / sum(exp(a - max))`` along ``axis`` (nan where the max is infinite)."""
    xp = _driver().xp
    e = xp.exp(a - xp.amax(a, axis=axis, keepdims=True))
    xp.copyto(out, e / xp.sum(e, axis=axis, keepdims=True), casting="unsafe")


def log_softmax_backward(g, y, axis, out):
    """``g - exp(y) * sum(g, axis)``: the gradient of log_softmax with result ``y``."""
    kernels = _fusable(g, y, out)
    if kernels is not None and axis == g.ndim - 1 and out.flags.c_contiguous:
        _launch_rows(kernels, "log_softmax_rows_backward", [g, y], out)
        return
    xp = _driver().xp
    xp.copyto(out, g - xp.exp(y) * xp.sum(g, axis=axis, keepdims=True), casting="unsafe")


def threshold_backward(g, x, threshold, out):
    """``g`` where ``x > threshold``, 0 elsewhere (``g`` passes where ``x`` is nan)."""
    kernels = _fusable(g, x, out)
    if kernels is not None:
        kernels.threshold_backward(g, x, out.dtype.type(threshold), out)
        return
    xp = _driver().xp
    xp.copyto(out, xp.where(x <= threshold, 0, g).astype(out.dtype, copy=False))


def nll_loss(x, target, weight, ignore_index, reduction, out, total):
    """Per-row ``-weight[t] * x[i, t]`` (rows where ``t == ignore_index`` left out) into
    ``out`` ('none'), or their sum / mean; the summed weights into ``total``.  Returns
    the first target outside [0, C) that is not ignored (``out`` then holds no result), or None.

    Fixed-shape arrays throughout (ignored rows weigh 0), so the only host
    synchronisation is the one bounds check (PyTorch asserts on the device)."""
    xp = _driver().xp
    kernels = _fusable(x, out) if weight is None else _fusable(x, weight, out)
    if kernels is not None:
        losses = out if reduction == "none" else xp.empty(target.shape, x.dtype)
        w = xp.empty(target.shape, x.dtype)
        bad = xp.empty(target.shape, bool)
        kernels.nll_loss_rows(xp.ascontiguousarray(x), target, x if weight is None else weight,
                              x.shape[1], ignore_index, weight is not None, losses, w, bad)
        if bool(bad.any()):
            return int(target[int(bad.argmax())])
    else:
        keep = target != ignore_index
        bad = keep & ((target < 0) | (target >= x.shape[1]))
        if bool(bad.any()):
            return int(target[int(bad.argmax())])
        cols = xp.where(keep, target, 0)
        w = keep.astype(x.dtype) if weight is None else xp.where(keep, weight[cols], 0).astype(x.dtype)
        picked = x[xp.arange(x.shape[0]), cols]
        losses = xp.where(keep, -(picked * w), 0).astype(x.dtype, copy=False)
    xp.sum(w, keepdims=True, out=total)
    if reduction == "none":
        if losses is not out:
            xp.copyto(out, losses)
    else:
        xp.sum(losses, keepdims=True, out=out)
        if reduction == "mean":
            xp.divide(out, total, out=out)
    return None


def nll_loss_backward(g, target, weight, ignore_index, total, out):
    """``weight[t] * -(g / total)`` at ``[i, t]`` of every row not ignored, 0 elsewhere."""
    kernels = _fusable(g, out) if weight is None else _fusable(g, weight, out)
    if kernels is not None and (total is None or total.dtype == out.dtype):
        flat_g = g.reshape(-1)
        kernels.nll_loss_backward(flat_g, target, flat_g if weight is None else weight,
                                  flat_g if total is None else total.reshape(-1), out.shape[1], ignore_index,
                                  weight is not None, flat_g.size > 1, total is not None, out)
        return
    _generic.nll_loss_backward(_driver().xp, g, target, weight, ignore_index, total, out)


def axpby(a, x, b, y):
    """``y = a * x + b * y`` in place, each product (skipped where its factor is 1) rounded first."""
    kernels = _fusable(x, y)
    if kernels is not None:
        t = y.dtype.type
        kernels.axpby(x, t(a), t(b), np.int8(a != 1), np.int8(b != 1), y)
        return
    xp = _driver().xp
    if y.dtype == np.float16:
        _generic.axpby_two_byte(xp, a, x, b, y)
        return
    if b != 1:
        xp.multiply(y, y.dtype.type(b), out=y)
    xp.add(y, x if a == 1 else xp.multiply(x, y.dtype.type(a)), out=y)


def take(a, indices, axis, out):
    """``out = a.take(indices, axis)`` for indices already checked against the size
    (CuPy's take wraps negative indices and takes no ``mode``)."""
    _driver().xp.take(a, indices, axis=axis, out=out)


# ---- index kernels ---------------------------------------------------------------------------
def first_outside(index, lo, hi):
    """Row-major position of the first index outside [lo, hi), or -1 (one host sync when none is)."""
    xp = _driver().xp
    flags = ((index < lo) | (index >= hi)).reshape(-1)
    if not flags.size or not bool(xp.any(flags)):
        return -1
    return int(flags.argmax())


def gather(out, src, index, axis):
    """``out = take_along_axis(src[..index's extent..], index, axis)``; -1, or the first bad position."""
    bad = first_outside(index, 0, src.shape[axis])
    if bad == -1:
        xp = _driver().xp
        key = tuple(slice(0, n) if k != axis else slice(None) for k, n in enumerate(index.shape))
        out[...] = xp.take_along_axis(src[key], index, axis=axis)
    return bad


def scatter(dst, index, src, axis, op):
    _generic.scatter(_driver().xp, dst, index, src, axis, op, accumulate_at)
    return -1


def accumulate_at(op, dst, key, values):
    """``dst[key] op= values``, duplicates accumulating (CuPy spells add.at ``cupyx.scatter_add``)."""
    ufunc = getattr(_driver().xp, "add" if op == "add" else "multiply")
    if hasattr(ufunc, "at"):
        ufunc.at(dst, key, values)
    else:
        _driver().scatter_add(op, dst, key, values)


# ---- linear algebra ------------------------------------------------------------------------
def matmul(a, b, out):
    """cuBLAS for float16/32/64 (CuPy's matmul); CuPy's integer kernels otherwise."""
    xp = _driver().xp
    if out.flags.c_contiguous and a.dtype == out.dtype and b.dtype == out.dtype:
        xp.matmul(a, b, out=out)
    else:
        xp.copyto(out, xp.matmul(a, b), casting="unsafe")


matmul = MatmulKernel(matmul)   # also torch.backends.cuda.matmul, with its flags


def fused_multiply_add(x, y, z, out):
    """``out = x * y + z`` (CuPy rounds the product and the sum apart)."""
    xp = _driver().xp
    xp.add(xp.multiply(x, y), z, out=out)


def add_matrix_product(a, b, out, alpha, beta):
    """``out = alpha * a @ b + beta * out`` (``out`` not read where ``beta`` is 0)."""
    _generic.add_matrix_product(_driver().xp, a, b, out, alpha, beta)


def svdvals(a):
    return _driver().xp.linalg.svd(a, compute_uv=False)


def svd(a):
    return _driver().xp.linalg.svd(a, full_matrices=False)


linalg = LinalgKernels(lambda: _driver().xp)
# im2col, col2im, max pooling and batch norm composed of CuPy ops (see backends/_cpu_conv.py)
conv = ConvKernels(lambda: _driver().xp, lambda *args: accumulate_at(*args))
recurrent = RecurrentKernels(lambda: _driver().xp, add_matrix_product, ComposedCells(lambda: _driver().xp))


# ---- sorting and selection -----------------------------------------------------------------
def sort(a, axis, descending, values_out, indices_out):
    _cuda_sorting.sort(_driver().xp, a, axis, descending, values_out, indices_out)


def median(a, axis, values_out, indices_out):
    _cuda_sorting.median(_driver().xp, a, axis, values_out, indices_out)


def unique(a, axis, return_inverse, return_counts):
    return _generic.unique(_driver().xp, a, axis, return_inverse, return_counts)


# ---- structure -----------------------------------------------------------------------------
def _tri_mask(xp, a, k, lower):
    rows, cols = a.shape[-2], a.shape[-1]
    offset = xp.arange(cols)[None, :] - xp.arange(rows)[:, None]
    return offset <= k if lower else offset >= k


def tril(a, k, out):
    xp = _driver().xp
    xp.copyto(out, xp.where(_tri_mask(xp, a, k, True), a, xp.zeros((), dtype=a.dtype)), casting="unsafe")


def triu(a, k, out):
    xp = _driver().xp
    xp.copyto(out, xp.where(_tri_mask(xp, a, k, False), a, xp.zeros((), dtype=a.dtype)), casting="unsafe")


def flip(a, axes, out):
    xp = _driver().xp
    xp.copyto(out, xp.flip(a, axes), casting="unsafe")


def roll(a, shifts, axes, out):
    xp = _driver().xp
    xp.copyto(out, xp.roll(a, shifts, axes), casting="unsafe")


# ---- comparisons and blends ----------------------------------------------------------------
def isclose(a, b, rtol, atol, equal_nan, out):
    xp = _driver().xp
    if a.dtype == np.bool_:
        xp.equal(a, b, out=out)
        return
    if a.dtype.kind != "f":
        a, b = a.astype(np.float64), b.astype(np.float64)
    close = xp.abs(a - b) <= atol + rtol * xp.abs(b)
    close &= xp.isfinite(a) & xp.isfinite(b)
    close |= a == b
    if equal_nan:
        close |= xp.isnan(a) & xp.isnan(b)
    xp.copyto(out, close)


def lerp(a, b, weight, out):
    work = np.float32 if a.dtype == np.float16 else a.dtype
    _generic.lerp(_driver().xp, a, b, weight, out, fused_multiply_add, work)


# ---- interop -------------------------------------------------------------------------------
def data_ptr(array):
    return _driver().data_ptr(array)


def cuda_array_interface(array):
    return _driver().cuda_array_interface(array)


def dlpack(array, stream=None, **kwargs):
    """``array.__dlpack__``: the consumer's stream is passed on (CuPy orders its work before it)."""
    return _driver().dlpack(array, stream, {k: v for k, v in kwargs.items() if v is not None})


def dlpack_device(array):
    return _driver().dlpack_device(array)


def from_dlpack(obj):
    """A device array sharing the memory of ``obj`` (an object with ``__dlpack__`` on CUDA)."""
    return _driver().from_dlpack(obj)


# the optimisers' per-parameter steps (the interface of ``_cpu_optim``), composed from this backend's kernels
adam_update, sgd_update, rmsprop_update, adagrad_update = _composed_optim.bound_to(sys.modules[__name__])
# the transformer layers' fused kernels (backends/_cpu_rows.py), composed of CuPy operations
layer_norm = _xp_rows.bound(_xp_rows.layer_norm, _driver)
layer_norm_backward = _xp_rows.bound(_xp_rows.layer_norm_backward, _driver)
gelu = _xp_rows.bound(_xp_rows.gelu, _driver)
gelu_backward = _xp_rows.bound(_xp_rows.gelu_backward, _driver)
attention = _xp_rows.bound(_xp_rows.attention, _driver)
attention_backward = _xp_rows.bound(_xp_rows.attention_backward, _driver)
