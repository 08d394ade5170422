"""The NumPy stand-in for CuPy: a test-only "device" that lets the whole CUDA path
run on machines without a GPU.

``tensorlib.backends.cuda`` is written against a small *driver* (allocation of
views, host <-> device transfers, device queries, erf, interop) plus an array
module ``xp`` with NumPy's API.  On a GPU the driver wraps CuPy and ``xp`` is
``cupy``; under the stand-in the driver below wraps NumPy, and "device" arrays
are :class:`StandInArray`, an ``ndarray`` subclass living in host memory.

The stand-in behaves like CuPy where it matters for proving the seam:

* device arrays are a distinct type, so ``backend_for_array`` tells them from
  CPU arrays, and every backend call on them runs ``backends/cuda.py``;
* ufuncs and array functions refuse plain host ``ndarray`` operands with a
  ``TypeError`` (CuPy: "Unsupported type <class 'numpy.ndarray'>"), so code
  that hands host data to a device kernel fails here as it would on a GPU;
  only ``xp.asarray``/``xp.array`` (and the driver's ``to_device``) move host
  data in, always by copying;
* reductions and full indexing give 0-d device arrays, not NumPy scalars;
* ``argsort``/``sort`` are stable (CuPy's are);
* floating-point warnings are off (a GPU never reports them).

Memory really is host memory: pointers (``__cuda_array_interface__``) and
DLPack capsules describe host addresses, which only tensorlib itself consumes
in the stand-in suite.
"""
import math
import types

import numpy as np

from . import cpu

DEVICE_NAME = "tensorlib CUDA stand-in (NumPy)"
KDL_CUDA = 2


class StandInArray(np.ndarray):
    """A "device" array of the stand-in: host memory, CuPy-like rules."""

    __array_priority__ = 100

    def __array_ufunc__(self, ufunc, method, *inputs, **kwargs):
        for x in inputs:
            if not _device_or_scalar(x):
                if isinstance(x, np.ndarray):
                    raise _unsupported(x)
                return NotImplemented
        out = kwargs.get("out")
        if out is not None:
            for o in out:
                if o is not None and not isinstance(o, StandInArray):
                    raise _unsupported(o)
            kwargs["out"] = tuple(o.view(np.ndarray) if o is not None else None for o in out)
        where = kwargs.get("where")
        if isinstance(where, np.ndarray):
            if not isinstance(where, StandInArray):
                raise _unsupported(where)
            kwargs["where"] = where.view(np.ndarray)
        args = [x.view(np.ndarray) if isinstance(x, StandInArray) else x for x in inputs]
        with np.errstate(all="ignore"):
            result = getattr(ufunc, method)(*args, **kwargs)
        if out is not None:
            return out[0] if len(out) == 1 else out
        return to_device_result(result)

    def __array_function__(self, func, types_, args, kwargs):
        _reject_host((args, kwargs))
        with np.errstate(all="ignore"):
            result = func(*_unwrap(args), **_unwrap(kwargs))
        return to_device_result(result)

    def __array_wrap__(self, obj, context=None, return_scalar=False):
        if isinstance(obj, np.ndarray):
            return obj if isinstance(obj, StandInArray) else obj.view(StandInArray)
        return np.asarray(obj).view(StandInArray)

    def __getitem__(self, key):
        result = super().__getitem__(_unwrap(key))
        if isinstance(result, np.ndarray):
            return result
        return np.asarray(result).view(StandInArray)  # CuPy: a 0-d device array, not a scalar

    def __setitem__(self, key, value):
        super().__setitem__(_unwrap(key), value.view(np.ndarray) if isinstance(value, StandInArray) else value)

    def __dlpack_device__(self):
        return (KDL_CUDA, 0)

    def get(self):
        """CuPy's device -> host copy."""
        return np.array(self.view(np.ndarray), copy=True)


def _device_or_scalar(x):
    return isinstance(x, (StandInArray, np.generic, int, float, complex))


def _unsupported(x):
    return TypeError(f"Unsupported type {type(x)}: host arrays cannot be used in CUDA (stand-in) kernels; "
                     "move them to the device first")


def _reject_host(obj, depth=0):
    if isinstance(obj, np.ndarray):
        if not isinstance(obj, StandInArray):
            raise _unsupported(obj)
        return
    if depth < 3:
        if isinstance(obj, (list, tuple)):
            for item in obj:
                _reject_host(item, depth + 1)
        elif isinstance(obj, dict):
            for item in obj.values():
                _reject_host(item, depth + 1)


def _unwrap(obj):
    if isinstance(obj, StandInArray):
        return obj.view(np.ndarray)
    if isinstance(obj, tuple):
        return tuple(_unwrap(x) for x in obj)
    if isinstance(obj, list):
        return [_unwrap(x) for x in obj]
    if isinstance(obj, dict):
        return {k: _unwrap(v) for k, v in obj.items()}
    return obj


def to_device_result(result):
    """Results of NumPy calls as CuPy gives them: device arrays (0-d for scalars)."""
    if isinstance(result, np.ndarray):
        return result if isinstance(result, StandInArray) else result.view(StandInArray)
    if isinstance(result, np.generic):
        return np.asarray(result).view(StandInArray)
    if isinstance(result, tuple):
        return type(result)(*map(to_device_result, result)) if hasattr(result, "_fields") \
            else tuple(to_device_result(r) for r in result)
    if isinstance(result, list):
        return [to_device_result(r) for r in result]
    return result


# ---- the array module ---------------------------------------------------------------------
def _device_function(fn):
    def call(*args, **kwargs):
        _reject_host((args, kwargs))
        with np.errstate(all="ignore"):
            return to_device_result(fn(*_unwrap(args), **_unwrap(kwargs)))
    call.__name__ = getattr(fn, "__name__", "function")
    call.__doc__ = getattr(fn, "__doc__", None)
    return call


def _transfer_in(fn):
    """``asarray``/``array``: host data is copied onto the "device" (as CuPy does)."""
    def call(obj, *args, **kwargs):
        if isinstance(obj, StandInArray):
            return to_device_result(fn(obj.view(np.ndarray), *args, **kwargs))
        return np.array(obj, *args, **kwargs).view(StandInArray)
    call.__name__ = fn.__name__
    return call


def _stable(fn):
    def call(a, axis=-1, kind=None, **kwargs):
        return fn(a, axis=axis, kind="stable", **kwargs)
    call.__name__ = fn.__name__
    return call


class _UfuncProxy:
    """A NumPy ufunc whose call and methods (reduce, accumulate, at...) follow the stand-in rules."""

    def __init__(self, ufunc):
        self._ufunc = ufunc
        self.__name__ = ufunc.__name__

    def __call__(self, *args, **kwargs):
        return _device_function(self._ufunc)(*args, **kwargs)

    def __getattr__(self, name):
        attr = getattr(self._ufunc, name)
        return _device_function(attr) if callable(attr) else attr

    def __repr__(self):
        return f"<stand-in ufunc '{self.__name__}'>"


def _take(a, indices, axis=None, out=None):
    """CuPy's ``take``: indices wrap around and there is no ``mode`` argument."""
    return np.take(a, indices, axis=axis, out=out, mode="wrap")


def _empty(shape, dtype=float, order="C"):
    """A new device array that owns its memory (``base`` None, as CuPy's are)."""
    return StandInArray(shape, dtype, order=order)


def _zeros(shape, dtype=float, order="C"):
    out = _empty(shape, dtype, order)
    out.fill(0)
    return out


# the functions whose CuPy signature or result differs from NumPy's
_CUPY_SIGNATURES = {"take": _take, "empty": _empty, "zeros": _zeros}


class _Namespace(types.SimpleNamespace):
    """NumPy's namespace with device results: what ``cupy`` is to the CUDA backend."""

    def __init__(self, module, name):
        super().__init__()
        object.__setattr__(self, "_module", module)
        object.__setattr__(self, "__name__", name)

    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        obj = _CUPY_SIGNATURES.get(name) if self._module is np else None
        obj = obj or getattr(self._module, name)
        if obj is np.ndarray:
            wrapped = StandInArray
        elif isinstance(obj, np.ufunc):
            wrapped = _UfuncProxy(obj)
        elif isinstance(obj, types.ModuleType):
            wrapped = _Namespace(obj, f"{self.__name__}.{name}")
        elif isinstance(obj, type) or not callable(obj):
            wrapped = obj
        elif name in ("asarray", "array", "asanyarray", "ascontiguousarray"):
            wrapped = _transfer_in(obj)
        elif name in ("argsort", "sort"):
            wrapped = _device_function(_stable(obj))
        else:
            wrapped = _device_function(obj)
        object.__setattr__(self, name, wrapped)
        return wrapped

    def __repr__(self):
        return f"<tensorlib CUDA stand-in namespace {self.__name__!r}>"


namespace = _Namespace(np, "stand_in_numpy")


# ---- the driver -----------------------------------------------------------------------------
class StandInDriver:
    """The driver interface of ``backends/cuda.py`` over NumPy (see that module)."""

    name = "stand-in"
    xp = namespace
    array_type = StandInArray

    def is_device_array_type(self, array_type):
        return issubclass(array_type, StandInArray)

    def view(self, flat, shape, byte_strides, byte_offset):
        return np.ndarray.__new__(StandInArray, shape, flat.dtype, buffer=flat.view(np.ndarray),
                                  offset=byte_offset, strides=byte_strides)

    def alias(self, array, extent):
        flat = np.lib.stride_tricks.as_strided(array.view(np.ndarray), shape=(extent,), strides=(array.itemsize,))
        return flat.view(StandInArray)

    def to_device(self, host):
        if not isinstance(host, np.ndarray) or isinstance(host, StandInArray):
            raise TypeError(f"to_device expects a host ndarray, got {type(host).__name__}")
        return np.array(host, copy=True, order="C").view(StandInArray)

    def to_host(self, array):
        if not isinstance(array, StandInArray):
            raise TypeError(f"to_host expects a device array, got {type(array).__name__}")
        return array.get()

    def device_count(self):
        return 1

    def current_device(self):
        return 0

    def set_device(self, index):
        if index != 0:
            raise RuntimeError("CUDA error: invalid device ordinal")

    def synchronize(self, index):
        pass

    def device_name(self, index):
        return DEVICE_NAME

    def manual_seed(self, seed):
        pass

    def erf(self, a):
        """erf of a float32/float64 device array (CuPy: cupyx.scipy.special.erf)."""
        host = a.view(np.ndarray)
        result = np.frompyfunc(math.erf, 1, 1)(host.astype(np.float64)).astype(a.dtype)
        return np.asarray(result).view(StandInArray)

    def kernels(self):
        """No compiled CUDA kernels: the CUDA backend composes NumPy-style calls instead."""
        return None

    def data_ptr(self, array):
        return array.view(np.ndarray).__array_interface__["data"][0]

    def cuda_array_interface(self, array):
        """Version 2 of the CUDA array interface, describing the *host* pointer."""
        host = array.view(np.ndarray)
        c_contiguous = host.flags.c_contiguous
        return {"shape": tuple(host.shape), "typestr": host.dtype.str, "descr": host.dtype.descr,
                "strides": None if c_contiguous else tuple(host.strides),
                "data": (self.data_ptr(array) if host.size else 0, False), "version": 2}

    def dlpack(self, array, stream, kwargs):
        host = array.view(np.ndarray)
        try:
            return host.__dlpack__(**kwargs)
        except TypeError:  # NumPy < 2.1 knows only ``stream``
            return host.__dlpack__()

    def dlpack_device(self, array):
        return (KDL_CUDA, 0)

    def from_dlpack(self, obj):
        return cpu.from_dlpack(obj).view(StandInArray)  # writable, as CuPy's imports are


driver = StandInDriver()
