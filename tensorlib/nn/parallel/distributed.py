"""``torch.nn.parallel.DistributedDataParallel``: importable, but tensorlib has
no process group (``torch.distributed.is_available()`` is False), so making one
raises PyTorch's error for a program that never initialised the group."""
from ...distributed import _NO_GROUP
from ..modules.module import Module

__all__ = ["DistributedDataParallel"]


class DistributedDataParallel(Module):
    """Would replicate ``module`` over the processes of a group; raises PyTorch's ValueError, since
    no default process group can exist in tensorlib."""

    def __init__(self, module, device_ids=None, output_device=None, dim=0, broadcast_buffers=True,
                 init_sync=True, process_group=None, bucket_cap_mb=None, find_unused_parameters=False,
                 check_reduction=False, gradient_as_bucket_view=False, static_graph=False,
                 delay_all_reduce_named_params=None, param_to_hook_all_reduce=None, mixed_precision=None,
                 device_mesh=None, skip_all_reduce_unused_params=False):
        raise ValueError(_NO_GROUP)
