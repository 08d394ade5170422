"""The arguments of ``Module.to`` as PyTorch parses them."""
from ... import _dtype as D
from ..._device import device as Device
from ..._memory_format import memory_format as MemoryFormat
from ..._tensor import Tensor
from ...ops.conversion import invalid_to_arguments


def parse_to(args, kwargs):
    """``(device, dtype, non_blocking, memory_format)`` from the arguments of ``Module.to``."""
    given = dict(kwargs)
    device = kwargs.pop("device", None)
    dtype = kwargs.pop("dtype", None)
    non_blocking = kwargs.pop("non_blocking", False)
    memory_format = kwargs.pop("memory_format", None)
    kwargs.pop("copy", None)
    if kwargs:
        raise TypeError(f"to() received an invalid combination of arguments - got an unexpected keyword argument "
                        f"'{next(iter(kwargs))}'")
    if memory_format is not None and not isinstance(memory_format, MemoryFormat):
        raise invalid_to_arguments(args, given)
    for a in args:
        if isinstance(a, D.dtype):
            dtype = a
        elif isinstance(a, Tensor):
            device, dtype = a.device, a.dtype
        elif isinstance(a, bool):
            non_blocking = a
        elif isinstance(a, (str, Device, int)):
            device = a
        else:
            raise invalid_to_arguments(args, given)
    if device is not None and not isinstance(device, Device):
        device = Device("cuda", device) if isinstance(device, int) else Device(device)
    return device, dtype, non_blocking, memory_format
