"""CPU backend: NumPy buffers, tensorlib's Cython kernels.

Buffers and views
-----------------
``empty(numel, np_dtype)`` / ``zeros``    flat 1-D buffers (a Storage's data)
``empty_array(shape, np_dtype)``         a contiguous scratch array
``allocation_error(error, nbytes)``      the exception to raise when ``empty`` failed with the
                                         MemoryError ``error`` for ``nbytes`` bytes
``strided_view(flat, shape, strides, offset)``  ndarray aliasing ``flat`` (element strides)
``copy_into(dst, src)``                  strided copy with casting (src already dst.shape)
``from_host`` / ``to_host``              identity on the CPU
``from_dlpack(obj)``                     an array sharing the memory ``obj`` exports through DLPack

Device traits and interop (what differs between devices, so that nothing above asks a device type)
--------------------------------------------------------------------------------------------------
``is_host``                  True when the arrays are host NumPy arrays: ``numpy()``/``__array__`` share
                             them, printing names no device (the CPU); False for device memory
``is_available()`` / ``device_count()``  whether, and on how many devices, tensors can live here
``host_buffer(flat)``        the flat buffer as a host array, a new array object per call (pickle's
                             memo must not merge two storages): a view here, a copy from a device
``dlpack(array, stream=None, **kwargs)`` / ``dlpack_device(array)``  the DLPack export (CPU producers
                             take no stream)
``cuda_array_interface(array)``  only where arrays have one (absent here)

Index kernels (``index``: an int64/int32 array of any strides)
-----------------------------------------------------------
``first_outside(index, lo, hi)``        row-major position of the first index outside [lo, hi), or -1.
``gather(out, src, index, axis)``       ``out[i][j] = src[i][index[i][j]]`` (along ``axis``) over
    index's shape, index not larger than ``src`` off ``axis``; returns -1, or the position of the first
    index out of range (then ``out`` holds no result).
``scatter(dst, index, src, axis, op)``  ``dst[..index..] = src`` (op 0), ``+=`` (1) or ``*=`` (2)
    over index's shape, duplicates accumulating; indices already checked.  Returns -1 (or a position
    as ``gather``, a guard).
``accumulate_at(op, dst, key, values)``  ``dst[key] op= values`` (op "add" or "multiply") with
    duplicate positions accumulating, ``key`` an indexing key.

Kernel interface used by the math ops (``tensorlib/ops``)
---------------------------------------------------------
Every array argument is a backend array (an ndarray here) of any strides,
including stride-0 (expanded) dims; ``out`` arrays are written in place and
may alias an input exactly (in-place ops), never partially.

``binary(op, a, b, out)``
    ``a`` and ``b`` are already broadcast to ``out.shape`` and of the compute
    dtype; ``out`` is of the compute dtype, or bool for the comparison and
    logical ops.  ops: add sub mul div floor_divide remainder pow maximum
    minimum atan2 fmod div_trunc eq ne lt le gt ge logical_and logical_or
    logical_xor bitwise_and bitwise_or bitwise_xor.  Integer division and
    remainder never see a zero divisor (the ops layer raises first); integer
    ``pow`` accepts negative exponents (1, +-1 or 0 as PyTorch computes them).
``unary(op, a, out)``
    ``a`` of the compute dtype, ``out`` of the compute dtype (bool for
    logical_not/isnan/isinf/isfinite).  ops: neg abs sign exp log log2 log10
    log1p expm1 sqrt rounded_sqrt (correctly rounded, for reductions) rsqrt
    reciprocal sin cos tan tanh sigmoid silu relu floor ceil round trunc square
    erf logical_not bitwise_not isnan isinf isfinite.
    float16/bfloat16 arrays (binary too) are computed in float32, rounded once.
``reduce(op, a, axes, out)``
    ``axes`` a sorted tuple of distinct dims; ``out`` shaped with keepdims.
    sum/prod accumulate in out's dtype: a's dtype, or int64 for bool/integer
    ``a`` (a 2-byte float sum accumulates in float32 and rounds once, its product
    rounds at every step as PyTorch's does; float32/float64 sums and products
    add and multiply in the order of PyTorch's CPU kernels: tensorlib._cascade_sum,
    backends/_cpu_prod.py); max/min: out of a's
    dtype; all/any: ``a`` bool, out bool.  ops: sum prod max min all any.
    max/min never see an empty reduction (the ops layer raises first).
``arg_reduce(op, a, axis, out)``    argmax/argmin along ``axis`` (None: flattened
    C order), first index of the extreme, NaN counts as the extreme; out int64.
``cumulative(op, a, axis, out)``    cumsum/cumprod along ``axis``, out of a's dtype.
``count_nonzero(a, axes, out)``     out int64, keepdims.
``matmul(a, b, out)``               a @ b: float32/float64 through MKL as PyTorch
    arranges it where the ``mkl`` extra is installed, else NumPy's matmul (BLAS;
    exact wrapping loops for integers); a and b of out's dtype, batch dims
    already broadcast.
``fused_multiply_add(x, y, z, out)``   out = x * y + z, floats rounded once (x, y, z
    of out's dtype, broadcastable to it).
``add_matrix_product(a, b, out, alpha, beta)``   out = alpha * a @ b + beta * out,
    2-D floats (addmm: one gemm with the bias already in ``out``).
``take(a, indices, axis, out)``     ``a.take(indices, axis)`` (axis None: flattened) for int64
    indices already checked against ``-size <= i < size``.
``sort(a, axis, descending, values_out, indices_out)``   stable; NaN is largest.
``median(a, axis, values_out, indices_out)``   lower median, NaN propagates.
``unique(a, axis, return_inverse, return_counts)``  -> (values, inverse, counts)
    new arrays (None for those not asked for); sorted.
``tril(a, k, out)``, ``triu(a, k, out)``, ``roll(a, shifts, axes, out)``, ``flip(a, axes, out)``
``logsumexp(a, axes, out)``         stable log-sum-exp over non-empty axes, out keepdims.
``isclose(a, b, rtol, atol, equal_nan, out)``  a, b of one dtype, out bool.
``lerp(a, b, weight, out)``         weight a Python float or an array like a.

Fused neural-network kernels (float32/float64 arrays of one dtype; the ops compute float16 in float32),
one call per forward or backward of the op (layer_norm, gelu, attention: ``backends/_cpu_rows.py``):

``softmax(a, axis, out)``                      ``exp(a - max) / sum(exp(a - max))`` along ``axis``.
``log_softmax(a, axis, out)``                  stable log-softmax along ``axis`` (PyTorch's nan for
    a slice holding +inf or only -inf).
``log_softmax_backward(g, y, axis, out)``      ``g - exp(y) * sum(g, axis)``.
``softmax_backward(g, y, axis, out)``          ``(g - sum(g * y, axis)) * y`` in float32 along the last
    axis (PyTorch's bits); False, nothing written, otherwise (the op's composed formula runs).
``threshold_backward(g, x, threshold, out)``   ``g`` where ``x > threshold`` or x is nan, else 0.
``tanh_backward(g, y, out)``                   ``g * (1 - y * y)``, the multiply-add rounded once, flat
    float32/float64 (g may be one number at stride 0); False, nothing written, otherwise.
``nll_loss(x, target, weight, ignore_index, reduction, out, total)``  (M, C) x, (M,) int64
    target, (C,) weight or None: the per-row losses ((M,) ``out``, reduction 'none') or their
    sum / mean ((1,) ``out``) and the summed weights of the rows kept ((1,) ``total``);
    returns the first target out of [0, C) that is not ignored, or None.
``nll_loss_backward(g, target, weight, ignore_index, total, out)``  (M, C) gradient;
    ``g`` 0-d or (M,), ``total`` the 0-d total weight for 'mean' or None.
``axpby``, ``adam_update``, ``sgd_update``... the optimisers' fused parameter updates (``_cpu_optim``).
``fill(out, value)``                value already a NumPy scalar of out's dtype.
``scalar_buffer(value, np_dtype)``  a 1-element flat buffer of ``value`` cast (wrapping) to ``np_dtype``; read-only.
``cast(a, np_dtype)``               a new contiguous array of a's values cast.
``broadcast_to(a, shape)``          a read-only stride-0 view.
``any_zero(a)``, ``any_negative(a)``, ``svdvals(a)``  host-side checks and helpers.
``svd(a)``                          ``(U, S, Vh)``: new arrays, the thin SVD of each matrix (last two dims).
``linalg``     decompositions and solvers (``_linalg.py``)
``conv``       im2col, max pooling, batch norm (``_cpu_conv.py``)
``recurrent``  LSTM/GRU runs (``_recurrent_runs.py``)

``binary_kernel`` / ``unary_kernel``  the compiled kernels (C callables returning
    False when they decline) or None, for callers that want to skip a Python frame.
``get_num_threads()`` / ``set_num_threads(n)``  the threads a large CPU kernel uses.

unary first offers float32/float64 exp, log, sin, cos, tanh... to Intel MKL's vector math
(``_vector_math``, with the optional ``mkl`` package: PyTorch's bits) and float32 sigmoid to
``_cpu_simd`` (PyTorch's AVX512 loop).  binary/unary/reduce then offer the work to the Cython kernels
(``tensorlib._binary.binary``, ``tensorlib._unary.unary`` and ``tensorlib._reduce.reduce``, each
returning False for an (op, dtype, layout) they do not handle) and fall back
to NumPy ufuncs.  NumPy runs in a context whose floating-point error state is
"ignore", so overflow, division by zero and invalid values give inf/nan
silently, as PyTorch does.
"""
import numpy as np

from .._C import strided_view  # noqa: F401  (part of the backend interface)
from ._bfloat16 import copy_into, in_float32, is_bfloat16, scatter_in_float32
from .._fast_paths import FAST_PATHS
from .. import _indexing as _cy_indexing
from .._nn import log_softmax_rows as _cy_log_softmax_rows, nll_loss_rows as _cy_nll_loss_rows
from .._binary import binary as _cy_binary
from .._elementwise import axpby as _cy_axpby, fused_multiply_add as _cy_fused_multiply_add
from .._elementwise import tanh_backward  # noqa: F401  (part of the backend interface)
from .._unary import unary as _cy_unary
from ._cpu_reduce import _reduce_numpy, reduce  # noqa: F401  (part of the backend interface)
from .._pool import get_num_threads, set_num_threads  # noqa: F401  (part of the backend interface)
from . import _cpu_memory, _cpu_prod, _cpu_simd, _generic, _vector_math  # noqa: F401  (_cpu_memory: see keep_freed_memory)
from ._linalg import LinalgKernels
from ._cpu_conv import compiled_threshold_backward, conv  # noqa: F401  (conv: part of the backend interface)
from . import _cpu_products as _products
from ._cpu_products import add_matrix_product  # noqa: F401  (part of the backend interface)
from ._erf import erf_float64
from ._quiet import quietly as _run
from ._cpu_sorting import median, sort, unique  # noqa: F401  (part of the backend interface)
from ._cpu_optim import adagrad_update, adam_update, rmsprop_update, sgd_update  # noqa: F401  (backend interface)
from ._cpu_recurrent import recurrent  # noqa: F401  (part of the backend interface)
from ._cpu_rows import attention, attention_backward, gelu, gelu_backward, layer_norm, layer_norm_backward  # noqa: F401

array_type = np.ndarray
xp = np

# The compiled kernels themselves: callers on a hot path may call
# ``binary_kernel(op, a, b, out)`` / ``unary_kernel(op, a, out)`` directly and
# fall back to ``binary``/``unary`` when it returns False, saving a Python frame.
binary_kernel = _cy_binary


def unary_kernel(op, a, out):
    """PyTorch's bits where tensorlib has them -- MKL's vector math for exp, log, sin... (with the
    ``mkl`` package), PyTorch's vectorised float32 sigmoid -- else the compiled kernel; False when
    none takes the call.  ``rounded_sqrt`` is the correctly rounded square root that PyTorch's
    reductions (std, norm) finish with, not its elementwise ``sqrt``."""
    if op == "rounded_sqrt":
        return _cy_unary("sqrt", a, out)
    return _vector_math.unary(op, a, out) or _cpu_simd.unary(op, a, out) or _cy_unary(op, a, out)


def _copyto_unsafe(dst, src):
    np.copyto(dst, src, casting="unsafe")


# ---- buffers ------------------------------------------------------------------------------
# empty(numel, np_dtype): a flat, uninitialised buffer of ``numel`` elements (NumPy's own
# function, so allocating a result costs no extra Python call)
empty = np.empty


def zeros(numel, np_dtype):
    return np.zeros(numel, dtype=np_dtype)


def allocation_error(error, nbytes):
    """PyTorch's CPU allocator failure, in its words."""
    return RuntimeError(f"[enforce fail at alloc_cpu.cpp:127] err == 0. DefaultCPUAllocator: can't allocate memory: "
                        f"you tried to allocate {nbytes} bytes. Error code 12 (Cannot allocate memory)")


def empty_array(shape, np_dtype):
    """A contiguous uninitialised array of ``shape`` (a scratch buffer)."""
    return np.empty(shape, dtype=np_dtype)


is_host = True


def is_available():
    return True


def device_count():
    return 1


def host_buffer(flat):
    return flat[:]


def from_host(array):
    return array


def to_host(array):
    return array


class _WritableMemory:
    """The memory of a read-only array offered as writable (``__array_interface__``);
    holding the array keeps it, and through it the DLPack producer, alive."""

    def __init__(self, array):
        interface = array.__array_interface__
        self.__array_interface__ = dict(interface, data=(interface["data"][0], False))
        self.array = array


def from_dlpack(obj):
    """A writable array sharing the memory ``obj`` exports through DLPack.  NumPy may import
    it read-only (every import before NumPy 2.3, a read-only producer's since); PyTorch's
    from_dlpack tensors are writable whatever the producer."""
    array = np.from_dlpack(obj)
    return array if array.flags.writeable else np.asarray(_WritableMemory(array))


_SCALARS = {}


def scalar_buffer(value, np_dtype):
    """A read-only-by-convention 1-element buffer holding ``value`` cast to ``np_dtype``."""
    key = (value.__class__, value, np_dtype)
    try:
        return _SCALARS[key]
    except (KeyError, TypeError):
        pass
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, np.integer)):
        buf = _run(_cast_new, np.array([value]), np_dtype)
    elif np.dtype(np_dtype).kind in "iub":
        # Python ints wrap as C integers do (uint8 + 1000 adds 1000 mod 256).
        buf = np.array([int(value)], dtype=np.uint64 if value >= 2 ** 63 else np.int64)
        buf = buf.astype(np_dtype) if np_dtype != np.bool_ else buf != 0
    else:
        buf = _run(_cast_new, np.array([float(value)]), np_dtype)
    if value == value and not (isinstance(value, float) and value == 0):  # nan, -0.0: never cached
        if len(_SCALARS) > 512:
            _SCALARS.clear()
        _SCALARS[key] = buf
    return buf


def _cast_new(a, np_dtype):  # (to float16/bfloat16 through float32, as PyTorch converts a double)
    return (a.astype(np.float32) if np_dtype == np.float16 or is_bfloat16(np.dtype(np_dtype)) else a).astype(np_dtype)


def cast(a, np_dtype):
    """A new contiguous array holding ``a`` cast (C semantics: truncation, wrapping) to ``np_dtype``."""
    out = np.empty(a.shape, dtype=np_dtype)
    copy_into(out, a)
    return out


def broadcast_to(a, shape):
    return np.broadcast_to(a, shape)


def fill(out, value):
    if type(value) is out.dtype.type:
        out.fill(value)   # already out's dtype: a plain copy, no cast that could raise a warning
    else:
        _run(_copyto_unsafe, out, value)


def any_zero(a):
    return not bool(np.all(a))


def any_negative(a):
    return bool(np.any(a < 0))


# ---- elementwise ---------------------------------------------------------------------------
def _div_trunc(a, b, out):
    if a.dtype.kind == "f":
        np.true_divide(a, b, out)
        np.trunc(out, out)
        return
    q = np.floor_divide(a, b)
    # floor -> trunc: round up where the remainder is nonzero and the signs differ
    q += ((a - q * b) != 0) & ((a < 0) != (b < 0))
    np.copyto(out, q)


def _floor_divide(a, b, out):
    if a.dtype.kind == "i":
        # INT_MIN // -1 overflows: C wraps it back to INT_MIN, as PyTorch returns
        np.floor_divide(a, b, out)
        minimum = np.iinfo(a.dtype).min
        wrap = (a == minimum) & (b == -1)
        if wrap.any():
            np.copyto(out, minimum, where=wrap)
        return
    np.floor_divide(a, b, out)


def _remainder(a, b, out):
    if a.dtype.kind == "i":
        safe = np.where(b == -1, 1, b)  # x % -1 == 0, avoids INT_MIN % -1 overflow
        np.remainder(a, safe, out)
        return
    np.remainder(a, b, out)


def _pow(a, b, out):
    if a.dtype.kind in "iu" and b.dtype.kind in "iu":
        negative = b < 0
        if negative.any():
            base = np.power(a, np.where(negative, 0, b))
            # a ** -n for integers: 1 for a == 1, +-1 for a == -1, 0 otherwise
            small = np.where(a == 1, 1, np.where(a == -1, np.where(b % 2 == 0, 1, -1), 0)).astype(a.dtype)
            np.copyto(out, np.where(negative, small, base))
            return
    if a.dtype == np.bool_:
        np.logical_or(a, ~b, out)  # bool ** bool (only reachable through casting helpers)
        return
    np.power(a, b, out)


def _maximum(a, b, out):
    np.maximum(a, b, out=out)


def _minimum(a, b, out):
    np.minimum(a, b, out=out)


_BINARY = {
    "add": np.add, "sub": np.subtract, "mul": np.multiply, "div": np.true_divide,
    "floor_divide": _floor_divide, "remainder": _remainder, "pow": _pow, "fmod": np.fmod,
    "div_trunc": _div_trunc, "maximum": _maximum, "minimum": _minimum, "atan2": np.arctan2,
    "eq": np.equal, "ne": np.not_equal, "lt": np.less, "le": np.less_equal, "gt": np.greater,
    "ge": np.greater_equal, "logical_and": np.logical_and, "logical_or": np.logical_or,
    "logical_xor": np.logical_xor, "bitwise_and": np.bitwise_and, "bitwise_or": np.bitwise_or,
    "bitwise_xor": np.bitwise_xor,
}


def binary(op, a, b, out):
    """``op`` is one of ``_BINARY``'s or the name of a NumPy binary ufunc."""
    if _cy_binary(op, a, b, out):
        return
    if is_bfloat16(a.dtype):
        in_float32(lambda a, b, out: binary(op, a, b, out), a, b, out)
        return
    _run(_BINARY.get(op) or getattr(np, op), a, b, out)


def _in_float32(fn):
    """A unary kernel that computes float16 data in float32 and rounds once."""
    def kernel(a, out):
        if a.dtype == np.float16:
            tmp = a.astype(np.float32)
            fn(tmp, tmp)
            np.copyto(out, tmp, casting="unsafe")
        else:
            fn(a, out)
    return kernel


@_in_float32
def _rsqrt(a, out):
    np.sqrt(a, out)
    np.divide(1, out, out)


@_in_float32
def _reciprocal(a, out):
    np.divide(1, a, out)


@_in_float32
def _sigmoid(a, out):
    if _cpu_simd.unary("sigmoid", a, out):
        return
    np.negative(a, out)
    np.exp(out, out)
    np.add(out, 1, out)
    np.divide(1, out, out)


@_in_float32
def _silu(a, out):
    """``a / (1 + exp(-a))``, PyTorch's formula (not ``a * sigmoid(a)``)."""
    if _cpu_simd.unary("silu", a, out):
        return
    e = np.negative(a)
    np.exp(e, e)
    np.add(e, 1, e)
    np.divide(a, e, out)


def _sign(a, out):
    if a.dtype == np.bool_:
        np.copyto(out, a)
        return
    np.sign(a, out)
    if a.dtype.kind == "f":
        np.copyto(out, 0, where=np.isnan(a))  # PyTorch: sign(nan) == 0


def _relu(a, out):
    if a.dtype.kind == "f":
        # max(x, 0) that keeps nan and -0.0 as PyTorch does
        np.copyto(out, a)
        np.copyto(out, 0, where=a < 0)
    else:
        np.maximum(a, 0, out=out)


def _copy_unary(a, out):
    np.copyto(out, a, casting="unsafe")


def _erf(a, out):
    np.copyto(out, erf_float64(a.astype(np.float64)), casting="unsafe")


_UNARY = {
    "neg": np.negative, "abs": np.absolute, "sign": _sign, "exp": np.exp, "log": np.log, "log2": np.log2,
    "log10": np.log10, "log1p": np.log1p, "expm1": np.expm1, "sqrt": np.sqrt, "rounded_sqrt": np.sqrt,
    "rsqrt": _rsqrt,
    "reciprocal": _reciprocal, "sin": np.sin, "cos": np.cos, "tan": np.tan, "tanh": np.tanh,
    "sigmoid": _sigmoid, "silu": _silu, "relu": _relu, "floor": np.floor, "ceil": np.ceil, "round": np.rint,
    "trunc": np.trunc, "square": np.square, "erf": _erf, "logical_not": np.logical_not,
    "bitwise_not": np.invert, "isnan": np.isnan, "isinf": np.isinf, "isfinite": np.isfinite,
    "copy": _copy_unary, "exp2": np.exp2, "asin": np.arcsin, "acos": np.arccos, "atan": np.arctan,
    "sinh": np.sinh, "cosh": np.cosh, "asinh": np.arcsinh, "acosh": np.arccosh, "atanh": np.arctanh,
}


def unary(op, a, out):
    if unary_kernel(op, a, out):
        return
    if is_bfloat16(a.dtype):
        in_float32(lambda a, out: unary(op, a, out), a, out)
        return
    _run(_UNARY[op], a, out)


# ---- reductions: backends/_cpu_reduce.py -------------------------------------------------


def _arg_reduce(op, a, axis, out):
    fn = np.argmax if op == "argmax" else np.argmin
    if axis is None:
        out[...] = fn(a)
    else:
        fn(a, axis=axis, out=out, keepdims=True)


def arg_reduce(op, a, axis, out):
    _run(_arg_reduce, op, a, axis, out)


def _cumulative(op, a, axis, out):
    (np.cumsum if op == "cumsum" else np.cumprod)(a, axis=axis, out=out)


def cumulative(op, a, axis, out):
    _run(_cumulative, op, a, axis, out)


def count_nonzero(a, axes, out):
    np.copyto(out, np.count_nonzero(a, axis=axes, keepdims=True), casting="unsafe")


# ---- linear algebra ------------------------------------------------------------------------
def fused_multiply_add(x, y, z, out):
    """``out = x * y + z``; float32/float64 rounded once, as PyTorch's fused kernels round."""
    # a number broadcast (every stride 0) goes in as its one element
    x, y, z = (np.asarray(v[(0,) * v.ndim]) if v.size > 1 and not any(v.strides) else v for v in (x, y, z))
    if _cy_fused_multiply_add(x, y, z, out):
        return
    if out.dtype in (np.float32, np.float64):
        x, y, z = (v if v.size == 1 else np.ascontiguousarray(np.broadcast_to(v, out.shape)) for v in (x, y, z))
        target = out if out.flags.c_contiguous else np.empty(out.shape, out.dtype)
        _cy_fused_multiply_add(x, y, z, target)
        if target is not out:
            out[...] = target
        return
    np.add(np.multiply(x, y), z, out=out)


def take(a, indices, axis, out):
    """``out = a.take(indices, axis)``; the caller has checked every index against
    ``-size <= i < size``, so negative ones wrap and no bounds check is repeated."""
    a.take(indices, axis, out, "wrap")   # the method: np.take's Python wrapper costs as much again


def matmul(a, b, out):
    _run(_products.matmul, a, b, out)


def svdvals(a):
    return np.linalg.svd(a, compute_uv=False)


def svd(a):
    return np.linalg.svd(a, full_matrices=False)


linalg = LinalgKernels(lambda: np)


# ---- structure -----------------------------------------------------------------------------
def tril(a, k, out):
    np.copyto(out, np.tril(a, k))


def triu(a, k, out):
    np.copyto(out, np.triu(a, k))


def flip(a, axes, out):
    np.copyto(out, np.flip(a, axes))


def roll(a, shifts, axes, out):
    np.copyto(out, np.roll(a, shifts, axes))


# ---- comparisons and blends ----------------------------------------------------------------
def _isclose(a, b, rtol, atol, equal_nan, out):
    if a.dtype == np.bool_:
        np.equal(a, b, out)
        return
    if a.dtype.kind != "f":
        a, b = a.astype(np.float64), b.astype(np.float64)
    close = np.abs(a - b) <= atol + rtol * np.abs(b)
    close &= np.isfinite(a) & np.isfinite(b)
    close |= a == b
    if equal_nan:
        close |= np.isnan(a) & np.isnan(b)
    np.copyto(out, close)


def isclose(a, b, rtol, atol, equal_nan, out):
    _run(_isclose, a, b, rtol, atol, equal_nan, out)


def lerp(a, b, weight, out):
    work = np.float32 if a.dtype == np.float16 or is_bfloat16(a.dtype) else a.dtype
    _run(_generic.lerp, np, a, b, weight, out, fused_multiply_add, work)


def _logsumexp(a, axes, out):
    m = np.maximum.reduce(a, axis=axes, keepdims=True)
    m = np.where(np.isinf(m), 0, m)  # all -inf (or an inf): keep the plain formula
    s = np.add.reduce(np.exp(a - m), axis=axes, keepdims=True)
    np.copyto(out, np.log(s) + m, casting="unsafe")


def logsumexp(a, axes, out):
    """log(sum(exp(a))) over ``axes`` (non-empty), computed stably; out keepdims."""
    _run(_logsumexp, a, axes, out)


# ---- fused neural-network kernels ------------------------------------------------------------
# Built from unary/reduce above (the kernels the composed tensor ops use), so a fused
# result equals the composed one; only the per-op Python overhead goes.
def _log_softmax(a, axis, out):
    axes = (axis,)
    m = np.empty(a.shape[:axis] + (1,) + a.shape[axis + 1:], a.dtype)
    reduce("max", a, axes, m)
    np.subtract(a, m, out=out)
    e = np.empty(a.shape, a.dtype)
    unary("exp", out, e)
    reduce("sum", e, axes, m)
    unary("log", m, m)
    np.subtract(out, m, out=out)


def log_softmax(a, axis, out):
    """``a - max - log(sum(exp(a - max)))`` along ``axis`` (a slice holding +inf, or only -inf,
    is all nan, as in PyTorch); float32 as PyTorch's AVX512 kernels sum it."""
    if _cpu_simd.softmax(a, axis, out, log=True):
        return
    if FAST_PATHS and axis == a.ndim - 1 and _cy_log_softmax_rows(a, out):
        return
    _run(_log_softmax, a, axis, out)


def _softmax(a, axis, out):
    m = np.empty(a.shape[:axis] + (1,) + a.shape[axis + 1:], a.dtype)
    reduce("max", a, (axis,), m)
    np.subtract(a, m, out=out)
    unary("exp", out, out)
    reduce("sum", out, (axis,), m)
    if axis == a.ndim - 1:     # PyTorch: times the reciprocal along the last dim, divided along others
        np.multiply(out, np.divide(1, m, out=m), out=out)
    else:
        np.divide(out, m, out=out)


def softmax(a, axis, out):
    """``exp(a - max) / sum(exp(a - max))`` along ``axis`` (a slice holding +inf, or only -inf, is
    all nan); float32 as PyTorch's AVX512 kernels compute it."""
    if _cpu_simd.softmax(a, axis, out, log=False):
        return
    _run(_softmax, a, axis, out)


def _log_softmax_backward(g, y, axis, out):
    s = np.empty(g.shape[:axis] + (1,) + g.shape[axis + 1:], g.dtype)
    reduce("sum", g, (axis,), s)
    unary("exp", y, out)
    np.multiply(out, s, out=out)
    np.subtract(g, out, out=out)


softmax_backward = _cpu_simd.softmax_backward


def log_softmax_backward(g, y, axis, out):
    """``g - exp(y) * sum(g, axis)``: the gradient of log_softmax with result ``y``."""
    if _cpu_simd.log_softmax_backward(g, y, axis, out):
        return
    _run(_log_softmax_backward, g, y, axis, out)


_SAME_SIZE_INT = {np.dtype(np.float32): np.int32, np.dtype(np.float64): np.int64}


def threshold_backward(g, x, threshold, out):
    """``g`` where ``x > threshold``, 0 elsewhere (0 even where ``g`` is inf/nan; ``g``
    passes where ``x`` is nan, as PyTorch's ``x <= threshold ? 0 : g``)."""
    # branch-free: g's bits ANDed with an all-ones / all-zeros mask (a masked copy is slower on random masks)
    itype = _SAME_SIZE_INT[g.dtype]
    keep = np.subtract(np.less_equal(x, threshold), 1, dtype=itype)
    np.bitwise_and(g.view(itype), keep, out=out.view(itype))
threshold_backward = compiled_threshold_backward(threshold_backward)


def _nll_loss(x, target, weight, ignore_index, reduction, out, total):
    # count_nonzero: several times cheaper than all()/any() on short arrays
    valid = target != ignore_index
    rows = None if np.count_nonzero(valid) == len(valid) else np.flatnonzero(valid)
    cols = target if rows is None else target[rows]
    bad = cols.view(np.uint64) >= x.shape[1]   # negative targets wrap to huge values
    if np.count_nonzero(bad):
        return int(cols[bad][0])
    picked = x[np.arange(x.shape[0]) if rows is None else rows, cols]
    if weight is None:
        losses = np.negative(picked)
        total.fill(len(cols))
    else:
        w = weight[cols]
        losses = -(picked * w)
        reduce("sum", w, (0,), total)
    if reduction != "none":
        reduce("sum", losses, (0,), out)
        if reduction == "mean":
            np.divide(out, total, out=out)
    elif rows is None:
        np.copyto(out, losses)
    else:
        out.fill(0)
        out[rows] = losses
    return None


def nll_loss(x, target, weight, ignore_index, reduction, out, total):
    """The negative log likelihood of (M, C) ``x`` at the (M,) int64 ``target``, rows
    where ``target == ignore_index`` left out: per-row ``-weight[t] * x[i, t]`` (0 in
    ignored rows) into (M,) ``out`` for reduction 'none', else their sum ('sum') or sum
    over ``total`` ('mean') into (1,) ``out``; ``total`` (1,) gets the summed weights of
    the rows kept.  ``weight`` (C,) of x's dtype, or None for ones.  Returns the first
    target outside [0, C) that is not ignored (nothing is written then), or None."""
    if weight is None:   # the compiled kernel sums in PyTorch's cascade: not a mere fast path
        bad = _cy_nll_loss_rows(x, target, ignore_index, reduction, out, total)
        if bad is not False:
            return bad
    return _run(_nll_loss, x, target, weight, ignore_index, reduction, out, total)


def nll_loss_backward(g, target, weight, ignore_index, total, out):
    """The gradient of nll_loss into (M, C) ``out``: ``weight[t] * -(g / total)`` at
    ``[i, t]`` of every row not ignored, 0 elsewhere.  ``g`` 0-d (reduced loss) or
    (M,); ``total`` the 0-d total weight ('mean'), or None."""
    if not _cpu_simd.nll_loss_backward(g, target, weight, ignore_index, total, out):
        _run(_generic.nll_loss_backward, np, g, target, weight, ignore_index, total, out)


def _scalar_like(value, a):
    """``value`` in a's dtype as a stride-0 array of a's shape (a binary operand)."""
    return strided_view(scalar_buffer(value, a.dtype), a.shape, (0,) * a.ndim, 0)


def axpby(a, x, b, y):
    """``y = a * x + b * y`` in place, as ``y.mul_(b).add_(x, alpha=a)`` computes it: ``b * y``
    rounded to y's dtype, then ``a * x`` added in one fused multiply-add."""
    if _cy_axpby(a, x, b, y):
        return
    if y.dtype == np.float16 or is_bfloat16(y.dtype):
        _generic.axpby_two_byte(np, a, x, b, y)
        return
    if b != 1:
        binary("mul", y, _scalar_like(b, y), y)
    fused_multiply_add(x, _scalar_like(a, y), y, y)


# ---- interop -------------------------------------------------------------------------------
def dlpack(array, stream=None, **kwargs):
    """NumPy exports the array itself (CPU producers take no stream)."""
    try:
        return array.__dlpack__(**kwargs)
    except TypeError:  # NumPy < 2.1 knows only ``stream``
        if not kwargs:
            raise
        return array.__dlpack__()


def dlpack_device(array):
    return (1, 0)  # kDLCPU


# ---- index kernels -------------------------------------------------------------------------
first_outside = _cy_indexing.first_outside
gather = _cy_indexing.gather


def scatter(dst, index, src, axis, op):
    if op and is_bfloat16(dst.dtype):
        return scatter_in_float32(scatter, dst, index, src, axis, op)
    if op and not _cy_indexing.reduce_supported(dst.dtype):
        _generic.scatter(np, dst, index, src, axis, op, accumulate_at)
        return -1
    return _cy_indexing.scatter(dst, index, src, axis, op)


def accumulate_at(op, dst, key, values):
    (np.add if op == "add" else np.multiply).at(dst, key, values)
