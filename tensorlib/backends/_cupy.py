"""The CUDA backend's driver over CuPy: the handful of operations NumPy's API does
not cover (strided views over a flat buffer, host <-> device copies, device queries,
erf, the fused kernels, pointers and DLPack), and finding CuPy and a device.
``backends/_xp.py`` is the same driver over NumPy (the stand-in); ``backends/cuda.py``
picks one and writes every kernel against its ``xp``."""
import os
import warnings

import numpy as np

from . import _cuda_kernels


class Unavailable:
    """Why CUDA is unavailable (``message``)."""

    __slots__ = ("message",)

    def __init__(self, message):
        self.message = message


class CupyDriver:
    """The driver interface over CuPy (``_xp.StandInDriver`` is the same over NumPy)."""

    name = "cupy"

    def __init__(self, cupy):
        self.cupy = cupy
        self.xp = cupy
        self.array_type = cupy.ndarray
        self._erf = None
        self._kernels = None

    def is_device_array_type(self, array_type):
        return issubclass(array_type, self.cupy.ndarray)

    def view(self, flat, shape, byte_strides, byte_offset):
        return self.cupy.ndarray(shape, flat.dtype, memptr=flat.data + byte_offset, strides=byte_strides)

    def alias(self, array, extent):
        return self.cupy.ndarray((extent,), array.dtype, memptr=array.data, strides=(array.itemsize,))

    def to_device(self, host):
        return self.cupy.asarray(np.ascontiguousarray(host).reshape(host.shape))   # 0-d stays 0-d

    def to_host(self, array):
        return self.cupy.asnumpy(array)

    def device_count(self):
        return self.cupy.cuda.runtime.getDeviceCount()

    def current_device(self):
        return self.cupy.cuda.runtime.getDevice()

    def set_device(self, index):
        self.cupy.cuda.Device(index).use()

    def synchronize(self, index):
        self.cupy.cuda.Device(index).synchronize()

    def device_name(self, index):
        name = self.cupy.cuda.runtime.getDeviceProperties(index)["name"]
        return name.decode() if isinstance(name, bytes) else name

    def manual_seed(self, seed):
        self.cupy.random.seed(seed)

    def erf(self, a):
        if self._erf is None:
            try:
                from cupyx.scipy.special import erf
            except ImportError:  # very old CuPy: erf from its elementwise-kernel API
                erf = self.cupy.ElementwiseKernel("T x", "T y", "y = erf(x)", "tensorlib_erf")
            self._erf = erf
        return self._erf(a)

    def kernels(self):
        """The fused CUDA kernels (``_cuda_kernels``), compiled on first use."""
        if self._kernels is None:
            self._kernels = _cuda_kernels.Kernels(self.cupy)
        return self._kernels

    def data_ptr(self, array):
        return array.data.ptr

    def cuda_array_interface(self, array):
        return array.__cuda_array_interface__

    def dlpack(self, array, stream, kwargs):
        try:
            return array.__dlpack__(stream=stream, **kwargs)
        except TypeError:  # CuPy < 13 knows only ``stream``
            if not kwargs:
                raise
            return array.__dlpack__(stream=stream)

    def dlpack_device(self, array):
        return array.__dlpack_device__()

    def from_dlpack(self, obj):
        return self.cupy.from_dlpack(obj)

    def scatter_add(self, op, dst, key, values):
        """``dst[key] op= values``, duplicates accumulating, where the CuPy ufunc has no ``at``:
        cupyx's scatter_add for a sum; a product (no CuPy kernel) goes through NumPy's
        ``multiply.at`` on the host."""
        if op == "add":
            import cupyx
            cupyx.scatter_add(dst, key, values)
            return
        cp = self.cupy
        keys = key if isinstance(key, tuple) else (key,)
        host = cp.asnumpy(dst)
        host_keys = tuple(cp.asnumpy(k) if isinstance(k, cp.ndarray) else k for k in keys)
        np.multiply.at(host, host_keys if isinstance(key, tuple) else host_keys[0],
                       cp.asnumpy(values) if isinstance(values, cp.ndarray) else values)
        dst[...] = cp.asarray(host)


def resolve():
    """Imports CuPy and counts devices: a ``CupyDriver``, or an ``Unavailable`` saying why there is none."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # CuPy warns about e.g. duplicate wheels: stay silent
            import cupy
    except ModuleNotFoundError as error:
        if error.name is not None and error.name.split(".")[0] not in ("cupy", "cupy_backends", "cupyx"):
            return Unavailable(f"CuPy could not be imported ({error})")
        else:
            return Unavailable(
                "tensorlib reaches CUDA through CuPy, which is not installed (install the CuPy wheel for "
                "your CUDA version, e.g. `pip install cupy-cuda12x`, or `pip install \"tensorlib[cuda]\"`)")
    except Exception as error:  # a broken install: missing CUDA libraries and the like
        return Unavailable(f"CuPy could not be imported ({type(error).__name__}: {error})")
    try:
        count = cupy.cuda.runtime.getDeviceCount()
    except Exception as error:  # no driver, no device
        count, detail = 0, f" ({error})"
    else:
        detail = ""
    if count < 1:
        hidden = os.environ.get("CUDA_VISIBLE_DEVICES")
        hint = f"; CUDA_VISIBLE_DEVICES={hidden!r}" if hidden is not None else ""
        return Unavailable(f"CuPy is installed but no CUDA device is visible{detail}{hint}")
    else:
        return CupyDriver(cupy)
