"""``torch.nn.DataParallel``: runs a module on the batch of its inputs.  Without a
GPU it is the module itself behind a ``module.`` prefix, as in PyTorch.  With
CUDA, tensorlib computes on one device at a time: the inputs go to
``device_ids[0]``, the module runs there once (PyTorch would split the batch
over the devices and gather the same result) and the output goes to
``output_device``."""
from ..._device import device as Device
from ...backends import cuda_index
from ...cuda import device_count, is_available
from ..modules.module import Module

__all__ = ["DataParallel"]


def _moved(value, device):
    if hasattr(value, "to") and hasattr(value, "device"):
        return value.to(device)
    if isinstance(value, (list, tuple)):
        return type(value)(_moved(v, device) for v in value)
    if isinstance(value, dict):
        return {k: _moved(v, device) for k, v in value.items()}
    return value


class DataParallel(Module):
    """Wraps ``module`` for data-parallel runs; its parameters appear under the prefix ``module.``.

    Without CUDA it simply calls ``module``.  With CUDA, tensorlib runs the module once on
    ``device_ids[0]`` (PyTorch would split the batch over the devices and gather the same result)
    and moves the output to ``output_device``.

    Args:
        module (Module): the module to run; with CUDA, its parameters on ``device_ids[0]``.
        device_ids (list of int, optional): the CUDA devices. Default: all of them.
        output_device (int, optional): where the output goes. Default: ``device_ids[0]``.
        dim (int): the batch dimension. Default: ``0``.
    """

    def __init__(self, module, device_ids=None, output_device=None, dim=0):
        super().__init__()
        self.module = module
        if not is_available():
            self.device_ids = []
            return
        if device_ids is None:
            device_ids = list(range(device_count()))
        if output_device is None:
            output_device = device_ids[0]
        self.dim = dim
        self.device_ids = [cuda_index(d) for d in device_ids]
        self.output_device = cuda_index(output_device)
        self.src_device_obj = Device("cuda", self.device_ids[0])
        for t in list(module.parameters()) + list(module.buffers()):
            if t.device != self.src_device_obj:
                raise RuntimeError(f"module must have its parameters and buffers on device {self.src_device_obj} "
                                   f"(device_ids[0]) but found one of them on device: {t.device}")

    def forward(self, *inputs, **kwargs):
        if not self.device_ids:
            return self.module(*inputs, **kwargs)
        output = self.module(*_moved(inputs, self.src_device_obj), **_moved(kwargs, self.src_device_obj))
        return _moved(output, Device("cuda", self.output_device))
