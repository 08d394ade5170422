"""The backend seam.  Every op reaches data through one small interface — a
backend module — chosen by the device of its tensors: ``cpu`` runs tensorlib's
Cython kernels over NumPy buffers, ``cuda`` runs CuPy.  Ops and autograd never
branch on the device themselves."""
import numpy as np

from . import cpu

_BY_TYPE = {"cpu": cpu}


def backend_for(device):
    try:
        return _BY_TYPE[device.type]
    except KeyError:
        from . import cuda  # imported lazily: CuPy is optional
        _BY_TYPE["cuda"] = cuda
        return cuda


def backend_for_array(array):
    if isinstance(array, np.ndarray):
        return cpu
    return backend_for_type(type(array))


def backend_for_type(array_type):
    for backend in _BY_TYPE.values():
        if array_type is backend.array_type:
            return backend
    raise TypeError(f"no backend handles arrays of type {array_type.__name__}")
