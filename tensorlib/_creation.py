"""Creation functions: tensor(), the legacy Tensor(...) constructors, factories,
*_like, random sampling and NumPy interop."""
import builtins
import math
import numbers
import warnings

import numpy as np

from . import _dtype as D
from . import _layout
from ._device import CPU, device as Device
from ._size import Size
from ._C import check_ndim
from ._tensor import Tensor, empty_tensor, wrap_array
from ._tensor_views import _shape_args
from .backends import backend_for, backend_for_array
from .random import default_generator


def _device(device):
    if device is None:
        return CPU
    if not isinstance(device, Device):
        device = Device(device) if not isinstance(device, int) else Device("cuda", device)
    if device.type == "cuda":
        from . import cuda
        return cuda._check_device(device)
    return CPU  # 'cpu:0' too: CPU tensors report device(type='cpu')


def _finish(t, requires_grad):
    if requires_grad:
        if not t._dtype.is_floating_point:
            raise RuntimeError("Only Tensors of floating point and complex dtype can require gradients")
        t._requires_grad = True
    return t


def _from_host_array(array, dtype, device):
    """A new tensor holding a copy of the host ndarray ``array`` cast to ``dtype``."""
    out = empty_tensor(array.shape, dtype, device)
    out._copy_from(wrap_array(np.ascontiguousarray(array) if array.dtype.kind not in "fiub" else array))
    return out


# ---- nested Python data ---------------------------------------------------------
def _scan(data):
    """Shape and inferred dtype of nested sequences, with PyTorch's ragged-list errors."""
    shape = []
    level = data
    while isinstance(level, (list, tuple)) or (isinstance(level, Tensor) and level.dim() > 0) or \
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
            kinds.add(item.dtype if isinstance(item, Tensor) else D.from_numpy(item.dtype))
            return
        if not isinstance(item, (list, tuple)):
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
        return D.from_numpy(item.dtype)
    if isinstance(item, (bool, np.bool_)):
        return D.bool
    if isinstance(item, numbers.Integral):
        return D.int64
    if isinstance(item, numbers.Real):
        return D.get_default_dtype()
    if isinstance(item, (list, tuple)):
        raise TypeError(f"'{type(item).__name__}' object cannot be interpreted as an integer")
    raise TypeError(f"new(): invalid data type '{type(item).__name__}'")


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
    elif isinstance(data, (list, tuple)):
        for item in data:
            _flatten(item, out)
    else:
        out.append(data.item() if isinstance(data, np.generic) else data)


def _host_array_from_data(data, dtype):
    """(host ndarray, dtype) for any tensor()-style input, copying."""
    if isinstance(data, np.ndarray):
        return data, dtype or D.from_numpy(data.dtype)
    if isinstance(data, np.generic):
        return np.asarray(data), dtype or D.from_numpy(data.dtype)
    if isinstance(data, (bool, numbers.Number)) and not isinstance(data, (list, tuple)):
        leaf = _leaf_dtype(data)
        if isinstance(data, complex):
            raise TypeError("complex tensors are not supported")
        return np.asarray(data, dtype=np.float64 if leaf.is_floating_point else None), dtype or leaf
    if not isinstance(data, (list, tuple)):
        raise TypeError(f"new(): invalid data type '{type(data).__name__}'")
    shape, kinds = _scan(data)
    flat = []
    _flatten(data, flat)
    inferred = _infer_dtype(kinds)
    buffer_dtype = np.float64 if inferred.is_floating_point else (np.bool_ if inferred is D.bool else np.int64)
    if dtype is not None and not dtype.is_floating_point and inferred.is_floating_point:
        buffer_dtype = np.float64  # truncation toward zero happens in the cast kernel
    try:
        array = np.array(flat, dtype=buffer_dtype).reshape(shape)
    except OverflowError:
        raise RuntimeError("Overflow when unpacking long") from None
    return array, dtype or inferred


def tensor(data, *, dtype=None, device=None, requires_grad=False, pin_memory=False):
    if isinstance(data, Tensor):
        warnings.warn(
            "To copy construct from a tensor, it is recommended to use sourceTensor.detach().clone() or "
            "sourceTensor.detach().clone().requires_grad_(True), rather than torch.tensor(sourceTensor).",
            UserWarning, stacklevel=2)
        out = data.detach().to(dtype=dtype or data.dtype, device=data.device if device is None else _device(device),
                               copy=True)
        return _finish(out, requires_grad)
    array, dtype = _host_array_from_data(data, dtype)
    return _finish(_from_host_array(array, dtype, _device(device)), requires_grad)


def as_tensor(data, dtype=None, device=None):
    if isinstance(data, Tensor):
        return data.to(dtype=dtype, device=device)
    if isinstance(data, np.ndarray) and (device is None or _device(device) == CPU):
        shared = from_numpy(data)
        return shared if dtype is None or dtype is shared.dtype else shared.to(dtype)
    return tensor(data, dtype=dtype, device=device)


asarray = as_tensor


def from_numpy(array):
    if not isinstance(array, np.ndarray) or backend_for_array(array) is not backend_for(CPU):
        raise TypeError(f"expected np.ndarray (got {type(array).__name__})")
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
        target = _device(Device("cuda", int(index)))
        result = _wrap_device_array(backend_for(target).from_dlpack(ext_tensor), target)
    else:
        raise BufferError(f"from_dlpack: unsupported DLPack device type {int(device_type)} (tensorlib handles "
                          "CPU and CUDA memory)")
    if device is not None or copy:
        result = result.to(device=_device(device) if device is not None else result.device, copy=bool(copy))
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
    flat = backend_for(device).flat_alias(array, extent)
    return make_tensor(Tensor, Storage(flat, device, external=True), shape, strides, 0, D.from_numpy(array.dtype))


def legacy_construct(self, dtype, args, device):
    """``Tensor(*sizes)``, ``Tensor(Size)``, ``Tensor(sequence)``: fills ``self`` in place."""
    device = _device(device)
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
        made = empty_tensor(tuple(int(a) for a in args) if args else (0,), dtype, device)
    elif len(args) == 1 and isinstance(args[0], numbers.Number):
        raise TypeError(f"new(): data must be a sequence (got {type(args[0]).__name__})")
    else:
        raise TypeError(f"new(): invalid data type '{type(args[0]).__name__}'")
    self._set_layout(made._storage, made._shape, made._strides, made._offset, made._dtype)
    self._version_counter = made._version_counter


# ---- factories --------------------------------------------------------------------
def _size(size, name):
    shape = _shape_args(size)
    for s in shape:
        if s < 0:
            if name == "zeros":
                raise RuntimeError("zeros: Dimension size must be non-negative.")
            raise RuntimeError(f"Trying to create tensor with negative dimension {s}: {list(shape)}")
    check_ndim(shape)  # before the random factories have NumPy sample an array of that shape
    return shape


def _factory(size, dtype, device, requires_grad, fill, name="empty"):
    out = empty_tensor(_size(size, name), dtype or D.get_default_dtype(), _device(device))
    if fill is not None:
        out._array()[...] = fill
    return _finish(out, requires_grad)


def _write_out(result, out):
    if out is None:
        return result
    out.resize_(result.shape) if out.shape != result.shape else None
    out.copy_(result)
    return out


def empty(*size, dtype=None, device=None, requires_grad=False, out=None, layout=None, pin_memory=False,
          memory_format=None):
    return _write_out(_factory(size, dtype, device, requires_grad, None), out)


def zeros(*size, dtype=None, device=None, requires_grad=False, out=None, layout=None):
    return _write_out(_factory(size, dtype, device, requires_grad, 0, "zeros"), out)


def ones(*size, dtype=None, device=None, requires_grad=False, out=None, layout=None):
    return _write_out(_factory(size, dtype, device, requires_grad, 1), out)


def full(size, fill_value, *, dtype=None, device=None, requires_grad=False, out=None, layout=None):
    if dtype is None:
        dtype = D.scalar_dtype(fill_value.item() if isinstance(fill_value, Tensor) else fill_value)
    value = fill_value.item() if isinstance(fill_value, Tensor) else fill_value
    return _write_out(_factory((size,) if isinstance(size, int) else size, dtype, device, requires_grad,
                               value), out)


def empty_strided(size, stride, *, dtype=None, device=None, requires_grad=False):
    size, stride = tuple(size), tuple(stride)
    if len(size) != len(stride):
        raise RuntimeError(f"dimensionality of sizes ({len(size)}) must match dimensionality of strides "
                           f"({len(stride)})")
    _layout.check_nonnegative_sizes(size)
    base = empty(_layout.storage_extent(size, stride, 0), dtype=dtype, device=device)
    return _finish(base.as_strided(size, stride, 0), requires_grad)


def eye(n, m=None, *, dtype=None, device=None, requires_grad=False, out=None):
    m = n if m is None else m
    if n < 0:
        raise RuntimeError(f"n must be greater or equal to 0, got {n}")
    if m < 0:
        raise RuntimeError(f"m must be greater or equal to 0, got {m}")
    result = zeros(n, m, dtype=dtype, device=device)
    if n and m:
        result._array().reshape(-1)[:: m + 1][: min(n, m)] = 1
    return _write_out(_finish(result, requires_grad), out)


def arange(start, end=None, step=1, *, dtype=None, device=None, requires_grad=False, out=None):
    if end is None:
        start, end = 0, start
    values = [v.item() if isinstance(v, Tensor) else v for v in (start, end, step)]
    start, end, step = values
    if step == 0:
        raise RuntimeError("step must be nonzero")
    if (end - start) * step < 0 and end != start:
        raise RuntimeError("upper bound and lower bound inconsistent with step sign")
    if dtype is None:
        dtype = D.int64 if all(isinstance(v, numbers.Integral) for v in values) else D.get_default_dtype()
    length = max(0, math.ceil((end - start) / step))
    if dtype.is_floating_point:
        host = start + np.arange(length, dtype=np.float64) * step
    else:
        host = np.arange(length, dtype=np.int64) * int(step) + int(start) if isinstance(start, numbers.Integral) \
            and isinstance(step, numbers.Integral) else (start + np.arange(length) * step)
    return _write_out(_finish(_from_host_array(np.asarray(host), dtype, _device(device)), requires_grad), out)


def range(start=0, end=None, step=1, *, dtype=None, device=None, requires_grad=False):
    warnings.warn("torch.range is deprecated and will be removed in a future release because its behavior "
                  "is inconsistent with Python's range builtin. Instead, use torch.arange, which produces "
                  "values in [start, end).", UserWarning, stacklevel=2)
    if end is None:
        start, end = 0, start
    n = builtins.int(math.floor((end - start) / step)) + 1
    host = start + np.arange(n, dtype=np.float64) * step
    return _finish(_from_host_array(host, dtype or D.get_default_dtype(), _device(device)), requires_grad)


def linspace(start, end, steps, *, dtype=None, device=None, requires_grad=False, out=None):
    if steps < 0:
        raise RuntimeError("number of steps must be non-negative")
    dtype = dtype or D.get_default_dtype()
    index = np.arange(steps, dtype=np.float64)
    if steps > 1:
        step = (end - start) / (steps - 1)
        # Filled from both ends, so the last value is exactly ``end``.
        host = np.where(index < steps // 2, start + index * step, end - (steps - 1 - index) * step)
    else:
        host = np.full(steps, start, dtype=np.float64)
    if not dtype.is_floating_point:
        host = np.trunc(host)
    return _write_out(_finish(_from_host_array(host, dtype, _device(device)), requires_grad), out)


def logspace(start, end, steps, base=10.0, *, dtype=None, device=None, requires_grad=False):
    exponents = linspace(start, end, steps, dtype=D.float64)._array()
    host = np.power(base, exponents)
    return _finish(_from_host_array(host, dtype or D.get_default_dtype(), _device(device)), requires_grad)


# ---- random sampling ------------------------------------------------------------
def _random(size, dtype, device, requires_grad, generator, sample):
    dtype = dtype or D.get_default_dtype()
    shape = _size(size, "rand")
    if not dtype.is_floating_point:
        raise RuntimeError(f'"check_uniform_bounds" not implemented for \'{dtype.short_name}\'')
    gen = generator or default_generator
    host = sample(gen.numpy_generator, shape, np.float64 if dtype is D.float64 else np.float32)
    return _finish(_from_host_array(host, dtype, _device(device)), requires_grad)


def rand(*size, generator=None, dtype=None, device=None, requires_grad=False, out=None):
    return _write_out(_random(size, dtype, device, requires_grad, generator,
                              lambda g, s, t: g.random(s, dtype=t)), out)


def randn(*size, generator=None, dtype=None, device=None, requires_grad=False, out=None):
    return _write_out(_random(size, dtype, device, requires_grad, generator,
                              lambda g, s, t: g.standard_normal(s, dtype=t)), out)


def randint(*args, size=None, generator=None, dtype=None, device=None, requires_grad=False, out=None):
    args = list(args)
    if size is None:
        size = args.pop()
    low, high = (0, args[0]) if len(args) == 1 else args
    if high <= low:
        raise RuntimeError(f"random_ expects 'from' to be less than 'to', but got from={low} >= to={high}")
    gen = generator or default_generator
    host = gen.numpy_generator.integers(low, high, size=_size(size, "randint"), dtype=np.int64)
    return _write_out(_finish(_from_host_array(host, dtype or D.int64, _device(device)), requires_grad), out)


def randperm(n, *, generator=None, dtype=None, device=None, requires_grad=False):
    if n < 0:
        raise RuntimeError(f"n must be non-negative, got{n}")
    gen = generator or default_generator
    host = gen.numpy_generator.permutation(n).astype(np.int64)
    return _finish(_from_host_array(host, dtype or D.int64, _device(device)), requires_grad)


# ---- *_like ----------------------------------------------------------------------------
def _like(t, dtype, device):
    return dict(dtype=dtype or t.dtype, device=t.device if device is None else device)


def empty_like(input, *, dtype=None, device=None, requires_grad=False, memory_format=None, layout=None):
    return empty(input.shape, requires_grad=requires_grad, **_like(input, dtype, device))


def zeros_like(input, *, dtype=None, device=None, requires_grad=False, memory_format=None, layout=None):
    return zeros(input.shape, requires_grad=requires_grad, **_like(input, dtype, device))


def ones_like(input, *, dtype=None, device=None, requires_grad=False, memory_format=None, layout=None):
    return ones(input.shape, requires_grad=requires_grad, **_like(input, dtype, device))


def full_like(input, fill_value, *, dtype=None, device=None, requires_grad=False, memory_format=None, layout=None):
    return full(input.shape, fill_value, requires_grad=requires_grad, **_like(input, dtype, device))


def rand_like(input, *, dtype=None, device=None, requires_grad=False, memory_format=None, layout=None):
    return rand(input.shape, requires_grad=requires_grad, **_like(input, dtype, device))


def randn_like(input, *, dtype=None, device=None, requires_grad=False, memory_format=None, layout=None):
    return randn(input.shape, requires_grad=requires_grad, **_like(input, dtype, device))


def randint_like(input, low, high=None, *, dtype=None, device=None, requires_grad=False, memory_format=None):
    if high is None:
        low, high = 0, low
    return randint(low, high, input.shape, requires_grad=requires_grad, **_like(input, dtype, device))
