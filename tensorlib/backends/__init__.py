"""The backend seam.  Every op reaches data through one small interface — a
backend module — chosen by the device of its tensors: ``cpu`` runs tensorlib's
Cython kernels over NumPy buffers, ``cuda`` runs CuPy.  Ops and autograd never
branch on the device themselves."""
import numpy as np

from . import cpu

_BY_TYPE = {"cpu": cpu}
_BY_ARRAY_TYPE = {np.ndarray: cpu}


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
