"""Creation functions: tensor(), the legacy Tensor(...) constructors, factories,
random sampling and NumPy interop (the *_like factories: ``_creation_like``)."""
import builtins
import math
import numbers
import warnings

import numpy as np

from . import _dtype as D
from . import _layout
from ._device import CPU, device as Device
from ._fast_paths import FAST_PATHS
from ._memory_format import checked_format, format_strides
from ._scalar_conversion import (INT64_MAX, INT64_MIN, check_fits, checked_scalar, representable_range,
                                 scalar_argument, trunc_div, unpack_int64, wrap_int64)
from ._size import Size, size_args as _shape_args
from ._C import check_ndim
from ._tensor import Tensor, empty_tensor, wrap_array
from .backends import backend_for, backend_for_array, resolve_device
from ._type_names import cpp_type_name, not_implemented
from ._creation_docs import document
from .random import PRECISE_INTEGER_DIGITS, default_generator


def _finish(t, requires_grad):
    if requires_grad:
        if not t._dtype.is_floating_point:
            raise RuntimeError("Only Tensors of floating point and complex dtype can require gradients")
        t._requires_grad = True
    return t


def _from_host_array(array, dtype, device):
    """A new tensor holding a copy of the host ndarray ``array`` cast to ``dtype``; strides that fill
    their block exactly once are kept (a transposed array stays transposed), as PyTorch keeps them."""
    strides = _element_strides(array)
    if strides is not None and _layout.is_non_overlapping_and_dense(array.shape, strides):
        out = empty_strided(array.shape, strides, dtype=dtype, device=device)
    else:
        out = empty_tensor(array.shape, dtype, device)
    if array.dtype.kind not in "fiub":
        array = np.ascontiguousarray(array)
    elif not array.flags.writeable:  # only read, so PyTorch's warning about writing through it is not due
        array = np.array(array, order="K")
    out._copy_from(wrap_array(array))
    return out


def _element_strides(array):
    """``array``'s strides counted in elements, or None where one is not a whole number of them."""
    item = array.itemsize
    if item == 0 or any(st % item for st in array.strides):
        return None
    return tuple(st // item for st in array.strides)


# ---- nested Python data ---------------------------------------------------------
_SEQUENCES = (list, tuple, range)   # what tensor() reads element by element


def _unknown_data(data):
    """PyTorch's error for ``data`` that is neither a number nor a sequence (strings have their own)."""
    name = type(data).__name__
    if isinstance(data, (str, bytes)):
        return TypeError(f"new(): invalid data type '{name}'")
    return RuntimeError(f"Could not infer dtype of {name}")


def _scan(data):
    """Shape and inferred dtype of nested sequences, with PyTorch's ragged-list errors."""
    shape = []
    level = data
    while isinstance(level, _SEQUENCES) or (isinstance(level, Tensor) and level.dim() > 0) or \
            (isinstance(level, np.ndarray) and level.ndim > 0):
        if isinstance(level, (Tensor, np.ndarray)):
            shape.extend(level.shape)
            break
        shape.append(len(level))
        if not level:
            break
        level = level[0]
    kinds = set()

    def visit(item, dim):
        if dim == len(shape):
            kinds.add(_leaf_dtype(item))
            return
        if isinstance(item, (Tensor, np.ndarray)):
            if tuple(item.shape) != tuple(shape[dim:]):
                raise ValueError(f"expected sequence of length {shape[dim]} at dim {dim} (got {item.shape[0] if item.ndim else 0})")
            kinds.add(item.dtype if isinstance(item, Tensor) else D.from_numpy_input(item.dtype))
            return
        if not isinstance(item, _SEQUENCES):
            raise TypeError("not a sequence")
        if len(item) != shape[dim]:
            raise ValueError(f"expected sequence of length {shape[dim]} at dim {dim} (got {len(item)})")
        for sub in item:
            visit(sub, dim + 1)

    visit(data, 0)
    return tuple(shape), kinds


def _leaf_dtype(item):
    if isinstance(item, Tensor):
        if item.numel() != 1:
            raise ValueError("only one element tensors can be converted to Python scalars")
        return item.dtype
    if isinstance(item, np.generic):
        return D.from_numpy_input(item.dtype)
    if isinstance(item, (bool, np.bool_)):
        return D.bool
    if isinstance(item, numbers.Integral):
        return D.int64
    if isinstance(item, numbers.Real):
        return D.get_default_dtype()
    if isinstance(item, _SEQUENCES):
        raise TypeError(f"'{type(item).__name__}' object cannot be interpreted as an integer")
    raise _unknown_data(item)


def _infer_dtype(kinds):
    best = None
    for k in kinds:
        best = k if best is None else D.promote_types(best, k)
    if best is None:
        return D.get_default_dtype()
    # A Python float among ints gives the default float, never a wider one.
    return best


def _flatten(data, out):
    if isinstance(data, Tensor):
        out.extend(np.asarray(data.detach().cpu()._array()).ravel().tolist())
    elif isinstance(data, np.ndarray):
        out.extend(data.ravel().tolist())
    elif isinstance(data, _SEQUENCES):
        for item in data:
            _flatten(item, out)
    else:
        out.append(data.item() if isinstance(data, np.generic) else data)


def _element_buffer(flat, kinds, dtype):
    """The Python numbers ``flat`` as a NumPy buffer that casts to ``dtype``, refusing
    what ``tensor()`` refuses: for an integer dtype, an int element must fit int64
    and then the dtype, a float element the dtype's range (judged as a double)."""
    if dtype.is_floating_point:
        return np.array(flat, dtype=np.float64)
    if dtype is D.bool:
        return np.array(flat, dtype=np.bool_)
    if not any(k.is_floating_point for k in kinds):
        try:
            buffer = np.array(flat, dtype=np.int64)
        except OverflowError:
            raise ValueError("Overflow when unpacking long long") from None
    elif all(k.is_floating_point for k in kinds):
        buffer = np.array(flat, dtype=np.float64)
    else:   # ints and floats together: each judged by its own kind
        return np.array([checked_scalar(x if isinstance(x, float) else unpack_int64(x), dtype, _DTYPE_NAMES)
                         for x in flat], dtype=dtype.numpy)
    if buffer.size:   # the extremes decide (a NaN is both)
        check_fits(buffer.min().item(), dtype, _DTYPE_NAMES)
        check_fits(buffer.max().item(), dtype, _DTYPE_NAMES)
    return buffer


# ``tensor()`` names the target of a refused element conversion by its dtype name.
_DTYPE_NAMES = {d: d.name for d in D.ALL}


def _host_array_from_data(data, dtype):
    """(host ndarray, dtype) for any tensor()-style input, copying."""
    if isinstance(data, np.ndarray):
        return data, dtype or D.from_numpy_input(data.dtype)
    if isinstance(data, np.generic):
        kind = D.from_numpy_input(data.dtype)
        return _element_buffer([data.item()], {kind}, dtype or kind).reshape(()), dtype or kind
    if isinstance(data, (bool, numbers.Number)) and not isinstance(data, (list, tuple)):
        if isinstance(data, complex):
            raise TypeError("complex tensors are not supported")
        leaf = _leaf_dtype(data)
        return _element_buffer([data], {leaf}, dtype or leaf).reshape(()), dtype or leaf
    if not isinstance(data, _SEQUENCES):
        raise _unknown_data(data)
    shape, kinds = _scan(data)
    flat = []
    _flatten(data, flat)
    dtype = dtype or _infer_dtype(kinds)
    return _element_buffer(flat, kinds, dtype).reshape(shape), dtype


def _is_dlpack_exporter(data):
    """An array of another library that exports itself through DLPack (a PyTorch tensor, a CuPy array...)."""
    return hasattr(data, "__dlpack__") and not isinstance(data, (Tensor, np.ndarray, np.generic))


def tensor(data, *, dtype=None, device=None, requires_grad=False, pin_memory=False):
    if _is_dlpack_exporter(data):  # copied, as PyTorch copies it
        shared = from_dlpack(data)
        out = shared.to(dtype=dtype or shared.dtype, device=shared.device if device is None else resolve_device(device),
                        copy=True)
        return _finish(out, requires_grad)
    if isinstance(data, Tensor):
        warnings.warn(
            "To copy construct from a tensor, it is recommended to use sourceTensor.detach().clone() or "
            "sourceTensor.detach().clone().requires_grad_(True), rather than torch.tensor(sourceTensor).",
            UserWarning, stacklevel=2)
        out = data.detach().to(dtype=dtype or data.dtype, device=data.device if device is None else resolve_device(device),
                               copy=True)
        return _finish(out, requires_grad)
    array, dtype = _host_array_from_data(data, dtype)
    return _finish(_from_host_array(array, dtype, resolve_device(device)), requires_grad)


def as_tensor(data, dtype=None, device=None):
    if isinstance(data, Tensor):
        return data.to(dtype=dtype, device=device)
    if _is_dlpack_exporter(data):  # shares the exporter's memory where dtype and device allow
        return from_dlpack(data).to(dtype=dtype, device=device)
    if isinstance(data, np.ndarray) and (device is None or resolve_device(device) == CPU):
        shared = from_numpy(data)
        return shared if dtype is None or dtype is shared.dtype else shared.to(dtype)
    return tensor(data, dtype=dtype, device=device)


asarray = as_tensor


def from_numpy(array):
    if not isinstance(array, np.ndarray) or backend_for_array(array) is not backend_for(CPU):
        raise TypeError(f"expected np.ndarray (got {type(array).__name__})")
    D.from_numpy_input(array.dtype)
    return wrap_array(array)


# ---- DLPack -------------------------------------------------------------------------
class _LegacyCapsule:
    """A bare DLPack capsule (the pre-``__dlpack__`` protocol), taken to describe host memory."""

    def __init__(self, capsule):
        self.capsule = capsule

    def __dlpack__(self, **kwargs):
        return self.capsule

    def __dlpack_device__(self):
        return (1, 0)


def from_dlpack(ext_tensor, *, device=None, copy=None):
    """A tensor sharing memory with ``ext_tensor``: any object with ``__dlpack__`` and
    ``__dlpack_device__`` (NumPy and CuPy arrays, tensorlib and PyTorch tensors) or a
    legacy DLPack capsule.  Host memory gives a CPU tensor, CUDA memory a CUDA one;
    ``device=``/``copy=True`` then move or copy it."""
    if not hasattr(ext_tensor, "__dlpack__"):
        if type(ext_tensor).__name__ != "PyCapsule":
            raise RuntimeError(
                "from_dlpack received an invalid capsule. Note that DLTensor capsules can be consumed only "
                "once, so you might have already constructed a tensor from it once.")
        ext_tensor = _LegacyCapsule(ext_tensor)
    device_type, index = ext_tensor.__dlpack_device__()
    if device_type in (1, 3):  # kDLCPU, kDLCUDAHost
        result = wrap_array(backend_for(CPU).from_dlpack(ext_tensor))
    elif device_type == 2:  # kDLCUDA
        target = resolve_device(Device("cuda", int(index)))
        result = _wrap_device_array(backend_for(target).from_dlpack(ext_tensor), target)
    else:
        raise BufferError(f"from_dlpack: unsupported DLPack device type {int(device_type)} (tensorlib handles "
                          "CPU and CUDA memory)")
    if device is not None or copy:
        result = result.to(device=resolve_device(device) if device is not None else result.device, copy=bool(copy))
    return result


def _wrap_device_array(array, device):
    """A tensor aliasing the device array ``array`` (non-negative strides) with no copy."""
    from ._C import Storage, make_tensor
    itemsize = array.itemsize
    if any(s < 0 or s % itemsize for s in array.strides):
        raise BufferError("from_dlpack: tensors with negative or non-element strides are not supported")
    shape = tuple(array.shape)
    strides = tuple(s // itemsize for s in array.strides)
    extent = _layout.storage_extent(shape, strides, 0)
    backend = backend_for(device)
    flat = backend.flat_alias(array, extent)
    return make_tensor(Tensor, Storage(flat, device, backend, external=True), shape, strides, 0,
                       D.from_numpy(array.dtype))


def legacy_construct(self, dtype, args, device):
    """``Tensor(*sizes)``, ``Tensor(Size)``, ``Tensor(sequence)``: fills ``self`` in place."""
    device = resolve_device(device)
    if len(args) == 1 and isinstance(args[0], Tensor):
        src = args[0]
        if src.dtype is not dtype:
            raise TypeError(f"expected {('torch.' + dtype.legacy_name)} (got {src.type()})")
        made = src
    elif len(args) == 1 and isinstance(args[0], Size):
        made = empty_tensor(tuple(args[0]), dtype, device)
    elif len(args) == 1 and isinstance(args[0], (list, tuple, np.ndarray)):
        array, _ = _host_array_from_data(args[0], dtype)
        made = _from_host_array(array, dtype, device)
    elif all(isinstance(a, numbers.Integral) and not isinstance(a, bool) for a in args):
        made = empty_tensor(_size(args, "new") if args else (0,), dtype, device)
    elif len(args) == 1 and isinstance(args[0], numbers.Number):
        raise TypeError(f"new(): data must be a sequence (got {type(args[0]).__name__})")
    else:
        raise TypeError(f"new(): invalid data type '{type(args[0]).__name__}'")
    self._set_layout(made._storage, made._shape, made._strides, made._offset, made._dtype)
    self._version_counter = made._version_counter


# ---- factories --------------------------------------------------------------------
def _size(size, name):
    """The shape argument of factory ``name``: int64 sizes, none negative."""
    shape = _shape_args(size)
    for position, s in enumerate(shape, 1):
        if not INT64_MIN <= s <= INT64_MAX:
            raise TypeError(f"{name}(): argument 'size' failed to unpack the object at pos {position} with error "
                            '"Overflow when unpacking long long"')
    for s in shape:
        if s < 0:
            if name == "zeros":
                raise RuntimeError("zeros: Dimension size must be non-negative.")
            raise RuntimeError(f"Trying to create tensor with negative dimension {s}: {list(shape)}")
    check_ndim(shape)  # before the random factories have NumPy sample an array of that shape
    return shape


def _int_argument(value, function, name, position):
    """An ``int`` parameter (an int or an integer tensor of one element, not a bool) as an int64."""
    if isinstance(value, (bool, np.bool_)) or not (isinstance(value, numbers.Integral) or
                                                   (isinstance(value, Tensor) and not value.is_floating_point())):
        raise TypeError(f"{function}(): argument '{name}' (position {position}) must be int, not "
                        f"{type(value).__name__}")
    return unpack_int64(value)


def _number(value):
    """A Scalar argument given as a number or a one-element tensor."""
    return scalar_argument(value.item() if isinstance(value, Tensor) else value)


def _fill_from_host(out, array):
    """Copies the host ndarray ``array`` (``out``'s shape, a tensor dtype) into ``out``."""
    backend = backend_for(out.device)
    backend.copy_into(out._array(), backend.from_host(array))
    return out


_RANDOM_OVERLOADS = (
    " * (tuple of ints size, *, torch.Generator generator, Tensor out = None, torch.dtype dtype = None, "
    "torch.layout layout = None, torch.device device = None, bool pin_memory = False, bool requires_grad = False)\n"
    " * (tuple of ints size, *, Tensor out = None, torch.dtype dtype = None, torch.layout layout = None, "
    "torch.device device = None, bool pin_memory = False, bool requires_grad = False)\n")


def _sizes(name, positional, size):
    """The sizes of a factory called ``name(*sizes)``, ``name(sizes)`` or ``name(size=sizes)``."""
    if (size is None) == (not positional) and name in ("rand", "randn"):  # PyTorch lists their overloads
        got = [type(s).__name__ for s in positional] + ([f"size={type(size).__name__}"] if size is not None else [])
        raise TypeError(f"{name}() received an invalid combination of arguments - got ({', '.join(got)}), but "
                        f"expected one of:\n{_RANDOM_OVERLOADS}")
    if size is None:
        if not positional:
            raise TypeError(f'{name}() missing 1 required positional arguments: "size"')
        return positional
    if positional:
        raise TypeError(f"{name}() got multiple values for argument 'size'")
    if not isinstance(size, (tuple, list)):
        raise TypeError(f"{name}(): argument 'size' must be tuple of ints, not {type(size).__name__}")
    return (size,)


def _factory(size, dtype, device, requires_grad, fill, name):
    out = empty_tensor(_size(size, name), dtype or D.get_default_dtype(), resolve_device(device))
    if fill is not None:
        out._array()[...] = fill
    return _finish(out, requires_grad)


def _write_out(result, out):
    if out is None:
        return result
    out.resize_(result.shape) if out.shape != result.shape else None
    out.copy_(result)
    return out


def empty(*sizes, size=None, dtype=None, device=None, requires_grad=False, out=None, layout=None, pin_memory=False,
          memory_format=None):
    shape = _size(_sizes("empty", sizes, size), "empty")
    strides = None if memory_format is None else format_strides(shape, checked_format(memory_format, "empty"))
    result = empty_tensor(shape, dtype or D.get_default_dtype(), resolve_device(device), strides)
    return _write_out(_finish(result, requires_grad), out)


def zeros(*sizes, size=None, dtype=None, device=None, requires_grad=False, out=None, layout=None):
    return _write_out(_factory(_sizes("zeros", sizes, size), dtype, device, requires_grad, 0, "zeros"), out)


def ones(*sizes, size=None, dtype=None, device=None, requires_grad=False, out=None, layout=None):
    return _write_out(_factory(_sizes("ones", sizes, size), dtype, device, requires_grad, 1, "ones"), out)


def full(size, fill_value, *, dtype=None, device=None, requires_grad=False, out=None, layout=None):
    value = _number(fill_value)
    dtype = dtype or D.scalar_dtype(value)
    result = empty_tensor(_size((size,) if isinstance(size, int) else size, "full"), dtype, resolve_device(device))
    result._array()[...] = checked_scalar(value, dtype)
    return _write_out(_finish(result, requires_grad), out)


def empty_strided(size, stride, *, dtype=None, device=None, requires_grad=False):
    size, stride = tuple(size), tuple(stride)
    if len(size) != len(stride):
        raise RuntimeError(f"dimensionality of sizes ({len(size)}) must match dimensionality of strides "
                           f"({len(stride)})")
    _layout.check_nonnegative_sizes(size)
    base = empty(_layout.storage_extent(size, stride, 0), dtype=dtype, device=device)
    return _finish(base.as_strided(size, stride, 0), requires_grad)


def eye(n, m=None, *, dtype=None, device=None, requires_grad=False, out=None):
    n = _int_argument(n, "eye", "n", 1)
    m = n if m is None else _int_argument(m, "eye", "m", 2)
    if n < 0:
        raise RuntimeError(f"n must be greater or equal to 0, got {n}")
    if m < 0:
        raise RuntimeError(f"m must be greater or equal to 0, got {m}")
    if n * m > INT64_MAX:
        raise RuntimeError("numel: integer multiplication overflow")
    result = zeros(n, m, dtype=dtype, device=device)
    if n and m:
        result._array().reshape(-1)[:: m + 1][: min(n, m)] = 1
    return _write_out(_finish(result, requires_grad), out)


def _arange_length(start, end, step, dtype):
    """arange's element count as PyTorch computes it: the bounds judged as doubles,
    then the count in wrapping int64 arithmetic from the bounds truncated to int64
    (int64 results) or in doubles (every other dtype)."""
    start_d, end_d, step_d = float(start), float(end), float(step)
    if not (step_d > 0 or step_d < 0):
        raise RuntimeError("step must be nonzero")
    if not (math.isfinite(start_d) and math.isfinite(end_d)):
        raise RuntimeError(f"unsupported range: {start_d:g} -> {end_d:g}")
    if not ((step_d > 0 and end_d >= start_d) or (step_d < 0 and end_d <= start_d)):
        raise RuntimeError("upper bound and lower bound inconsistent with step sign")
    if dtype is D.int64:
        first, last, stride = (int(checked_scalar(v, D.int64)) for v in (start, end, step))
        if stride == 0:
            raise ValueError("step must be nonzero")
        numerator = wrap_int64(wrap_int64(wrap_int64(last - first) + stride) - ((stride > 0) - (stride < 0)))
        if numerator == INT64_MIN and stride == -1:   # the one quotient int64 cannot hold
            raise RuntimeError("invalid size, possible overflow?")
        size = float(trunc_div(numerator, stride))
    else:
        size = (end_d - start_d) / step_d
        size = math.ceil(size) if math.isfinite(size) else size
    if not 0 <= size <= 2 ** 63:
        raise RuntimeError("invalid size, possible overflow?")
    if size == 2 ** 63:   # passes PyTorch's check as a double, then wraps as an int64
        raise RuntimeError("IntArrayRef contains an int that cannot be represented as a SymInt: "
                           f"{INT64_MIN}")
    return int(size)


_SMALL_INT = 1 << 62   # plain ints below this in size: arange's bounds need no int64 wrapping or double checks


def arange(start, end=None, step=1, *, dtype=None, device=None, requires_grad=False, out=None):
    if end is None:
        start, end = 0, start
    if FAST_PATHS and type(start) is int and type(end) is int and type(step) is int and \
            (dtype is None or dtype is D.int64) and -_SMALL_INT < start < _SMALL_INT and \
            -_SMALL_INT < end < _SMALL_INT and 0 < abs(step) < _SMALL_INT and (end - start) * step >= 0:
        # the common arange(n) / arange(a, b): the int64 values NumPy counts out are PyTorch's
        host = np.arange(start, end, step, dtype=np.int64)
        device = resolve_device(device)
        result = empty_tensor(host.shape, D.int64, device)
        backend = backend_for(device)
        backend.copy_into(result._array(), backend.from_host(host))
        return _write_out(_finish(result, requires_grad), out)
    start, end, step = _number(start), _number(end), _number(step)
    if dtype is None:
        dtype = D.int64 if all(isinstance(v, numbers.Integral) for v in (start, end, step)) else D.get_default_dtype()
    device = resolve_device(device)
    if dtype is D.bool:
        raise not_implemented(f"arange_{device.type}", dtype)
    length = _arange_length(start, end, step, dtype)
    result = empty_tensor((length,), dtype, device)
    # values accumulate in int64 for integer results, float32 for float16/bfloat16 and double otherwise
    accumulate = D.int64 if not dtype.is_floating_point else (
        D.float64 if D.compute_dtype(dtype) is dtype else D.float32)
    first, _, stride = (checked_scalar(v, accumulate) for v in (start, end, step))
    with np.errstate(over="ignore"):
        if dtype in (D.float32, D.float64):
            host = _float_arange(first, stride, length, dtype.numpy)
        else:
            host = first + np.arange(length, dtype=accumulate.numpy) * stride
    return _write_out(_finish(_fill_from_host(result, host), requires_grad), out)


def _float_arange(first, stride, length, dtype):
    """arange's float32/float64 values as PyTorch's CPU kernel rounds them: in double with
    fused multiply-adds, over vectors of 32 bytes (AVX2) in pairs -- each vector's first
    value start + step * i rounded to the dtype, its other lanes that value + step * lane --
    then start + step * i for each element left over."""
    index = np.arange(length)
    lanes = 32 // np.dtype(dtype).itemsize
    lane = np.where(index < length - length % (2 * lanes), index % lanes, 0)
    steps = np.full(length, stride, np.float64)
    base = _fused_multiply_add(steps, (index - lane).astype(np.float64), np.full(length, first, np.float64))
    base = base.astype(dtype).astype(np.float64)
    return np.where(lane > 0, _fused_multiply_add(steps, lane.astype(np.float64), base), base).astype(dtype)


def range(start=0, end=None, step=1, *, dtype=None, device=None, requires_grad=False):
    warnings.warn("torch.range is deprecated and will be removed in a future release because its behavior "
                  "is inconsistent with Python's range builtin. Instead, use torch.arange, which produces "
                  "values in [start, end).", UserWarning, stacklevel=2)
    if end is None:
        start, end = 0, start
    n = builtins.int(math.floor((end - start) / step)) + 1
    host = start + np.arange(n, dtype=np.float64) * step
    return _finish(_from_host_array(host, dtype or D.get_default_dtype(), resolve_device(device)), requires_grad)


def _spaced(name, start, end, steps, dtype, device, fill_one, points):
    """linspace / logspace: ``steps`` points of ``dtype``.  The result is allocated
    first; one point is ``fill_one(start)`` written as fill_ writes it; more points
    convert ``start`` and ``end`` to the dtype, then come from ``points(first, last)``
    (a float64 host array, truncated toward zero for an integer dtype)."""
    start, end = _number(start), _number(end)
    steps = unpack_int64(steps)
    if steps < 0:
        raise RuntimeError("number of steps must be non-negative")
    dtype = dtype or D.get_default_dtype()
    device = resolve_device(device)
    result = empty_tensor((steps,), dtype, device)
    if steps == 1:
        result._array()[...] = checked_scalar(fill_one(start), dtype)
    elif steps > 1:
        if dtype is D.bool:
            raise not_implemented(f"{name}_{device.type}", dtype)
        first, last = (float(checked_scalar(v, dtype)) for v in (start, end))
        host = points(first, last)
        _fill_from_host(result, host if dtype.is_floating_point else np.trunc(host))
    return result


def _fused_multiply_add(a, b, c):
    """a * b + c rounded once, elementwise, as the FMA instruction of PyTorch's compiled CPU
    kernels rounds it.  float32: exact (the product is exact in float64; the float64 sum
    rounded to odd then rounds to float32 as the exact value would).  float64: the exact
    product and sum split into rounded parts and their errors, added back (a tie the parts
    straddle can round differently: about one value in 2**50)."""
    if a.dtype == np.float32:
        product, addend = a.astype(np.float64) * b.astype(np.float64), c.astype(np.float64)
        total, error = _two_sum(product, addend)
        even = (total.view(np.uint64) & 1) == 0
        total = np.where((error != 0) & even, np.nextafter(total, np.where(error > 0, np.inf, -np.inf)), total)
        return total.astype(np.float32)
    split = 134217729.0                       # 2**27 + 1: halves of a double's significand
    product = a * b
    a_high = a * split - (a * split - a)
    b_high = b * split - (b * split - b)
    product_error = (((a_high * b_high - product) + a_high * (b - b_high)) + (a - a_high) * b_high) + (
        (a - a_high) * (b - b_high))
    total, error = _two_sum(product, c)
    return total + (error + product_error)


def _two_sum(x, y):
    """(x + y rounded, its rounding error): x + y == sum + error exactly."""
    total = x + y
    y_part = total - x
    return total, (x - (total - y_part)) + (y - y_part)


def _half_linspace(first, last, steps, index, from_end, half):
    """linspace's points for float16/bfloat16 as PyTorch's kernel computes them: every
    operation of the formula rounds to the half dtype (no fused multiply-add)."""
    def rounded(x):
        return np.asarray(x, np.float32).astype(half).astype(np.float32)

    with np.errstate(over="ignore", invalid="ignore"):
        step = rounded(rounded(np.float32(last) - np.float32(first)) / rounded(steps - 1))
        offset = rounded(step * rounded(np.where(from_end, steps - 1 - index, index)))
        return rounded(np.where(from_end, np.float32(last) - offset, np.float32(first) + offset))


def linspace(start, end, steps, *, dtype=None, device=None, requires_grad=False, out=None):
    def points(first, last):
        # PyTorch's CPU kernel: a step of the dtype (double for integers), then each point
        # start + step * i in one fused multiply-add from the start for the first half,
        # end - step * (steps - 1 - i) from the end for the rest (so the last is end)
        resolved = dtype or D.get_default_dtype()
        index = np.arange(steps)
        from_end = index >= steps // 2
        if resolved in (D.float16, D.bfloat16):
            return _half_linspace(first, last, steps, index, from_end, resolved.numpy)
        work = np.float32 if resolved is D.float32 else np.float64
        with np.errstate(over="ignore", invalid="ignore"):
            step = (work(last) - work(first)) / work(steps - 1)
            return _fused_multiply_add(np.where(from_end, -step, step).astype(work),
                                       np.where(from_end, steps - 1 - index, index).astype(work),
                                       np.where(from_end, work(last), work(first)).astype(work))

    result = _spaced("linspace", start, end, steps, dtype, device, lambda first: first, points)
    return _write_out(_finish(result, requires_grad), out)


def logspace(start, end, steps, base=10.0, *, dtype=None, device=None, requires_grad=False):
    def power(exponent):
        with np.errstate(over="ignore"):
            return np.power(np.float64(base), exponent)

    def points(first, last):
        resolved = dtype or D.get_default_dtype()
        if resolved not in (D.float32, D.float64):
            return power(linspace(first, last, steps, dtype=D.float64)._array())
        # PyTorch's CPU loop: a double step from the endpoints' difference in the dtype, the
        # index counted in the dtype, the exponent in double from each end, pow in double
        work = np.float32 if resolved is D.float32 else np.float64
        index = np.arange(steps).astype(work)
        step = float(work(last) - work(first)) / (steps - 1)
        with np.errstate(over="ignore", invalid="ignore"):
            exponent = np.where(np.arange(steps) < steps // 2, float(first) + step * index.astype(np.float64),
                                float(last) - step * (work(steps) - index - work(1)).astype(np.float64))
        return power(exponent)

    result = _spaced("logspace", start, end, steps, dtype, device, lambda first: power(float(first)).item(),
                     points)
    return _finish(result, requires_grad)


# ---- random sampling ------------------------------------------------------------
# the kernel PyTorch's refusal of an integer dtype names
_RANDOM_KERNELS = {"rand": "check_uniform_bounds", "randn": "normal_kernel_cpu"}


def _random(size, dtype, device, requires_grad, generator, sample, name, strides=None):
    dtype = dtype or D.get_default_dtype()
    result = empty_tensor(_size(size, name), dtype, resolve_device(device), strides)
    if not dtype.is_floating_point:
        raise not_implemented(_RANDOM_KERNELS[name], dtype)
    gen = generator or default_generator
    host = drawn_in_memory_order(result, lambda shape: sample(gen, shape, dtype.numpy))
    return _finish(_fill_from_host(result, host), requires_grad)


def drawn_in_memory_order(result, draw):
    """``draw``'s samples laid out in ``result``'s memory order (dims by decreasing stride: PyTorch's
    samplers fill a tensor so), as a host array of its shape."""
    shape, strides = result._shape, result._strides
    if _layout.is_contiguous(shape, strides):
        return draw(shape)
    order = sorted(builtins.range(len(shape)), key=lambda d: -strides[d])
    return np.transpose(draw(tuple(shape[d] for d in order)), np.argsort(order))


def rand(*sizes, size=None, generator=None, dtype=None, device=None, requires_grad=False, out=None):
    """Samples of U[0, 1) (PyTorch's stream)."""
    return _write_out(_random(_sizes("rand", sizes, size), dtype, device, requires_grad, generator,
                              lambda g, s, t: g.uniform_between(s, t, 0.0, 1.0), "rand"), out)


def randn(*sizes, size=None, generator=None, dtype=None, device=None, requires_grad=False, out=None):
    """Samples of the standard normal (PyTorch's stream)."""
    return _write_out(_random(_sizes("randn", sizes, size), dtype, device, requires_grad, generator,
                              lambda g, s, t: g.normal(s, t), "randn"), out)




def check_random_bounds(low, high, dtype):
    """random_'s refusal of draws in [low, high) that ``dtype`` cannot hold, and its
    warning where a floating dtype no longer holds every integer of the range."""
    lowest, highest = representable_range(dtype)
    bounds = ((low, "from"), (high - 1, "to - 1"))
    for value, name in bounds:
        if not lowest <= value <= highest:
            raise RuntimeError(f"{name} is out of bounds for {cpp_type_name(dtype)}")
    if dtype.is_floating_point:
        digits = PRECISE_INTEGER_DIGITS[dtype]
        for value, name in bounds:
            if abs(value) > 2 ** digits:
                warnings.warn(f"{name} is out of bounds [-(2^{digits}), 2^{digits}]. Due to precision limitations "
                              f"{cpp_type_name(dtype)} can support discrete uniform distribution only within this "
                              "range. This warning will become an error in version 1.7 release, please fix the code "
                              "in advance", UserWarning, stacklevel=3)


def randint(*args, size=None, generator=None, dtype=None, device=None, requires_grad=False, out=None,
            _strides=None):
    """Integers of [low, high) (``randint(high, size)``: [0, high)), PyTorch's stream."""
    args = list(args)
    if size is None:
        size = args.pop()
    low, high = (0, args[0]) if len(args) == 1 else args
    low, high = unpack_int64(low), unpack_int64(high)
    dtype = dtype or D.int64
    result = empty_tensor(_size(size, "randint"), dtype, resolve_device(device), _strides)
    if high <= low:
        raise RuntimeError(f"random_ expects 'from' to be less than 'to', but got from={low} >= to={high}")
    check_random_bounds(low, high, dtype)
    gen = generator or default_generator
    host = drawn_in_memory_order(result, lambda shape: gen.integers(low, high, shape, dtype))
    return _write_out(_finish(_fill_from_host(result, host), requires_grad), out)


# the largest n whose permutation a floating dtype holds exactly, and randperm's spelling of it
_RANDPERM_LIMITS = {D.float16: (2 ** 11 + 1, "2049"), D.float32: (2 ** 24 + 1, "2^24+1")}


def randperm(n, *, generator=None, dtype=None, device=None, requires_grad=False):
    n = _int_argument(n, "randperm", "n", 1)
    dtype = dtype or D.int64
    result = empty_tensor(_size((n,), "randperm"), dtype, resolve_device(device))
    if dtype is D.bool:
        raise not_implemented("randperm", dtype)
    if dtype in _RANDPERM_LIMITS and n > _RANDPERM_LIMITS[dtype][0]:
        raise RuntimeError(f"n cannot be greater than {_RANDPERM_LIMITS[dtype][1]} for {dtype.short_name} type.")
    if not dtype.is_floating_point:
        check_fits(n - 1, dtype)
    gen = generator or default_generator
    return _finish(_fill_from_host(result, gen.permutation(n)), requires_grad)


document(globals())
