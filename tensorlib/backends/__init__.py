"""The backend seam.  Every op reaches data through one small interface — a
backend module — chosen by the device of its tensors: ``cpu`` runs tensorlib's
Cython kernels over NumPy buffers, ``cuda`` runs CuPy.  Ops and autograd never
branch on the device themselves: what differs between devices is a backend
attribute or function (see the top of ``cpu.py``), and the few rules that span
devices (which device an op runs on, torch.cuda's device arguments) live here."""
import numpy as np

from .._device import CPU, device as Device
from . import cpu, cudnn, mkl, mkldnn, mps, openmp  # noqa: F401  (torch.backends.cudnn & co.)

_BY_TYPE = {"cpu": cpu}
_BY_ARRAY_TYPE = {np.ndarray: cpu}
_CUDA_DEVICES = {}


def backend_for(device):
    try:
        return _BY_TYPE[device.type]
    except KeyError:
        from . import cuda  # imported lazily (it imports CuPy only when a GPU is asked for)
        _BY_TYPE["cuda"] = cuda
        return cuda


def backend_for_array(array):
    try:
        return _BY_ARRAY_TYPE[array.__class__]
    except KeyError:
        return backend_for_type(array.__class__)




def backend_for_type(array_type):
    """The backend whose arrays are of ``array_type``: CUDA device arrays (CuPy's, or
    the stand-in's ndarray subclass) go to ``cuda``, other NumPy arrays to ``cpu``."""
    backend = _BY_ARRAY_TYPE.get(array_type)
    if backend is not None:
        return backend
    from . import cuda
    if cuda.is_device_array_type(array_type):
        backend = _BY_TYPE.setdefault("cuda", cuda)
    elif issubclass(array_type, np.ndarray):
        backend = cpu
    else:
        raise TypeError(f"no backend handles arrays of type {array_type.__name__}")
    _BY_ARRAY_TYPE[array_type] = backend
    return backend


_default_device = None   # what set_default_device chose (None: the CPU)


def set_default_device(device):
    """Makes ``device`` (a device, a string, an index; None: the CPU) where the factories
    (``tensor``, ``zeros``, ``randn``...) put tensors made without a ``device=``."""
    global _default_device
    if device is not None and not isinstance(device, Device):
        device = Device(device) if not isinstance(device, int) else Device("cuda", device)
    _default_device = None if device == CPU else device


def get_default_device():
    """The device the factories use without ``device=`` (the CPU unless set_default_device chose
    another)."""
    return resolve_device(None)


def resolve_device(device):
    """A device argument (None: the default device, a string, an index, a device) as the device
    that tensors made on it report: the CPU (``'cpu:0'`` too), or a CUDA device checked against the
    machine."""
    if device is None:
        if _default_device is None:
            return CPU
        device = _default_device
    if not isinstance(device, Device):
        device = Device(device) if not isinstance(device, int) else Device("cuda", device)
    if device.type == "cuda":
        return _checked_cuda_device(device)
    return CPU


def check_cuda_index(index):
    from . import cuda
    if index >= cuda.device_count():
        raise RuntimeError("CUDA error: invalid device ordinal")


def _checked_cuda_device(device):
    """Raises RuntimeError when CUDA is unavailable or the index names no device."""
    from . import cuda
    if not cuda.is_available():
        raise RuntimeError(f"CUDA is not available: {cuda.unavailable_reason()}")
    current = cuda.current_device()
    index = current if device.index is None else device.index
    check_cuda_index(index)
    if index != current:
        raise RuntimeError(
            f"tensorlib allocates CUDA tensors on the current device only (cuda:{current}); call "
            f"tensorlib.cuda.set_device({index}) or use `with tensorlib.cuda.device({index}):` to work on "
            f"cuda:{index}")
    try:
        return _CUDA_DEVICES[index]
    except KeyError:
        d = _CUDA_DEVICES[index] = Device("cuda", index)
        return d


def common_device(tensors, out=None, cpu_scalars=True):
    """The device an op over ``tensors`` runs on, by PyTorch's TensorIterator rule: the first
    device that is not the CPU (else the first tensor's); every other tensor must be on it,
    except 0-d CPU tensors (scalars), which may join any device, unless they are ``out`` or
    ``cpu_scalars`` is False (the index ops).  RuntimeError names the two devices otherwise."""
    common = None
    for x in tensors:
        d = x._storage.device
        if d.type != "cpu":
            common = d
            break
    if common is None:
        common = tensors[0]._storage.device
    for x in tensors:
        d = x._storage.device
        if d != common and (x is out or not cpu_scalars or not (d.type == "cpu" and not x._shape)):
            raise RuntimeError(
                f"Expected all tensors to be on the same device, but found at least two devices, {common} and {d}!")
    return common


def cuda_index(device):
    """torch.cuda's device argument (None: the current device, an index, a string or a device) as
    a CUDA device index; ValueError for a device of another type."""
    from . import cuda
    if device is None:
        return cuda.current_device()
    if isinstance(device, int):
        return device
    if isinstance(device, str):
        device = Device(device)
    if isinstance(device, Device):
        if device.type != "cuda":
            raise ValueError(f"Expected a cuda device, but got: {device}")
        return cuda.current_device() if device.index is None else device.index
    raise ValueError(f"Expected a cuda device, but got: {device!r}")


def check_pinnable(device, type_name, requested=None):
    """Raises PyTorch's error where a tensor on ``device`` cannot be copied to pinned memory
    (``type_name``: its legacy type, for the message; ``requested``: the accelerator, None: the
    current one): pinning needs an accelerator and a CPU tensor."""
    if requested is not None and Device(requested).type == "cpu":
        raise RuntimeError("CPU device type not an accelerator.")
    from . import cuda
    if not cuda.is_available():
        raise RuntimeError("Cannot access accelerator device when none is available.")
    if device.type != "cpu":
        raise RuntimeError(f"cannot pin '{type_name}' only dense CPU tensors can be pinned")
