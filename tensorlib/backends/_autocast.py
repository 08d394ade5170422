"""What autocast (``torch.amp``) does on each device type: its default
lower-precision dtype, and why a region cannot autocast (PyTorch's warnings).
Device types tensorlib has no tensors on take float16 and are never refused:
no tensor can be cast there."""
from .. import _dtype as D
from .._device import device as Device

_BFLOAT16 = getattr(D, "bfloat16", None)   # where tensorlib has bfloat16
DEFAULT_DTYPES = {"cpu": _BFLOAT16, "cuda": D.float16}


def default_dtype(device_type):
    return DEFAULT_DTYPES.get(device_type, D.float16)


def _cpu_refusal(dtype):
    if dtype is None:
        return ("In CPU autocast, but the target dtype is not supported. Disabling autocast.\n"
                "tensorlib has no bfloat16: pass dtype=torch.float16 to autocast on the CPU.")
    if dtype not in (D.float16, _BFLOAT16):
        return ("In CPU autocast, but the target dtype is not supported. Disabling autocast.\n"
                "CPU Autocast only supports dtypes of torch.bfloat16, torch.float16 currently.")
    return None


def _cuda_refusal(dtype):
    from . import backend_for
    if not backend_for(Device("cuda")).is_available():
        return "CUDA is not available or torch_xla is imported. Disabling autocast."
    return None


_REFUSALS = {"cpu": _cpu_refusal, "cuda": _cuda_refusal}


def refusal(device_type, dtype):
    """The warning with which a region on ``device_type`` with ``dtype`` disables itself, or None."""
    check = _REFUSALS.get(device_type)
    return None if check is None else check(dtype)
