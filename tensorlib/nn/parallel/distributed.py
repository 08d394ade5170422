"""``torch.nn.parallel.DistributedDataParallel``: one replica of a module per
process of a group.  At construction rank 0's parameters and buffers are
broadcast to every rank; each forward first copies rank 0's buffers to the
others (``broadcast_buffers``), and each backward averages the gradients over
the ranks in buckets reduced while backward runs (``_reducer``), so that they
are already averaged when ``backward()`` returns."""
import warnings
from contextlib import contextmanager

from ... import distributed as dist
from ..._creation import tensor, zeros
from ..._dtype import int64
from ...autograd.grad_mode import is_grad_enabled, no_grad
from ...backends import backend_for, cuda_index
from ..modules.module import Module
from ._reducer import Reducer, group_root
from .data_parallel import _moved

__all__ = ["DistributedDataParallel"]

_MB = 1024 * 1024
_DEFAULT_BUCKET_CAP_MB = 25
_DEFAULT_FIRST_BUCKET_BYTES = 1024 * 1024
_BROADCAST_BUFFERS_DEPRECATED = (
    "`broadcast_buffers` is deprecated. Use `forward_sync_buffers` instead. IMPORTANT: unlike "
    "`broadcast_buffers=False`, `forward_sync_buffers=False` still syncs buffers at init. If you rely on buffers "
    "NOT being synced at init (e.g. rank-local buffers), keep using `broadcast_buffers=False` until "
    "`init_sync_buffers` is available.")
_BOTH_BUFFER_FLAGS = (
    "Both `broadcast_buffers` and `forward_sync_buffers` were specified. `broadcast_buffers` is deprecated and "
    "its value is ignored when `forward_sync_buffers` is provided.")


def _bucket_caps(bucket_cap_mb, bucket_cap_mb_list):
    """The byte limits of the buckets rebuilt after the first iteration: a small first bucket
    (so that reduction starts early) then ``bucket_cap_mb``, or the caps given one per bucket."""
    if bucket_cap_mb_list:
        return [int(cap * _MB) for cap in bucket_cap_mb_list]
    if bucket_cap_mb is None:
        return [_DEFAULT_FIRST_BUCKET_BYTES, _DEFAULT_BUCKET_CAP_MB * _MB]
    return [int(bucket_cap_mb * _MB)]


def _verify_params(params, group):
    """PyTorch's check that every rank holds the same parameters: their number, then rank 0's
    sizes and strides against this rank's."""
    rank, world_size = dist.get_rank(group), dist.get_world_size(group)
    device = params[0].device       # a device's backend (NCCL) communicates its own tensors
    counts = [tensor([0], dtype=int64, device=device) for _ in range(world_size)]
    dist.all_gather(counts, tensor([len(params)], dtype=int64, device=device), group=group)
    for other, count in enumerate(counts):
        if count.item() != len(params):
            raise RuntimeError(f"DDP expects same model across all ranks, but Rank {rank} has {len(params)} params, "
                               f"while rank {other} has inconsistent {count.item()} params.")
    layout = [n for p in params for n in list(p.shape) + list(p.stride())]
    length = tensor([len(layout)], dtype=int64, device=device)
    dist.broadcast(length, src=group_root(group), group=group)
    theirs = (tensor(layout, dtype=int64, device=device) if length.item() == len(layout)
              else zeros(length.item(), dtype=int64, device=device))
    dist.broadcast(theirs, src=group_root(group), group=group)
    theirs = theirs.tolist()
    at = 0
    for i, p in enumerate(params):
        sizes = list(p.shape)
        if sizes != theirs[at:at + len(sizes)]:
            raise RuntimeError(f"[{rank}]: params[{i}] in this process with sizes {sizes} appears not to match sizes "
                               f"of the same param in process 0.")
        at += len(sizes)
        if list(p.stride()) != theirs[at:at + len(sizes)]:
            raise RuntimeError(f"params[{i}] in this process with sizes {sizes} appears not to match strides of the "
                               f"same param in process 0.")
        at += len(sizes)


class DistributedDataParallel(Module):
    """Data parallelism over the processes of a group: each process runs ``module`` on its share of
    the batch and backward leaves every rank with the gradients averaged over all of them.

    The module appears as ``self.module`` (its state_dict names gain the prefix ``module.``).  At
    construction the parameters and buffers of rank 0 are broadcast to every rank.  Backward copies
    each gradient, divided by the world size, into a bucket as soon as it is accumulated and sums
    each full bucket over the ranks asynchronously while the rest of backward runs; when
    ``backward()`` returns every ``.grad`` holds the average.

    Args:
        module (Module): the replica to run; it needs a parameter that requires grad.
        device_ids (list of int, optional): for a module on one GPU, that device (``[local_rank]``):
            the inputs are moved there. None for a CPU module (PyTorch's rule).
        output_device: the GPU of the output (kept for PyTorch's signature).
        dim (int): the batch dimension (kept for PyTorch's signature).
        broadcast_buffers (bool, optional): deprecated spelling of ``forward_sync_buffers``, which
            when False also skips the buffers' broadcast at construction.
        init_sync (bool): broadcast rank 0's parameters and buffers at construction. Default: True.
        process_group: the group to average over. Default: the default group.
        bucket_cap_mb (float, optional): the bucket size limit in MiB. Default: 25, with a first
            bucket of 1 MiB.
        find_unused_parameters (bool): find the parameters a forward did not use (a walk over its
            output's graph) and count them as ready; those unused on every rank keep their
            ``.grad``. Default: False, and such a parameter makes the next forward raise.
        check_reduction (bool): deprecated, ignored (warns).
        gradient_as_bucket_view (bool): let each ``.grad`` be a view into its bucket, saving a
            copy. Default: False.
        static_graph (bool): the graph is the same each iteration (accepted, the same results; unlike
            PyTorch's, a parameter the graph never uses still needs ``find_unused_parameters``).
        bucket_cap_mb_list (list of float, optional): one size limit per bucket, in MiB.
        forward_sync_buffers (bool, optional): copy rank 0's buffers to every rank before each
            forward. Default: True.

    Raises:
        ValueError: no process group exists.
        RuntimeError: no parameter of ``module`` requires grad.
    """

    def __init__(self, module, device_ids=None, output_device=None, dim=0, broadcast_buffers=None, init_sync=True,
                 process_group=None, bucket_cap_mb=None, find_unused_parameters=False, check_reduction=False,
                 gradient_as_bucket_view=False, static_graph=False, delay_all_reduce_named_params=None,
                 param_to_hook_all_reduce=None, mixed_precision=None, device_mesh=None,
                 skip_all_reduce_unused_params=False, bucket_cap_mb_list=None, batched_grad_copy=False,
                 forward_sync_buffers=None):
        super().__init__()
        if (delay_all_reduce_named_params is None) != (param_to_hook_all_reduce is None):
            raise ValueError("delay_all_reduce_named_params and param_to_hook_all_reduce need to be set at the "
                             "same time.")
        if process_group and device_mesh is not None:
            raise RuntimeError("Cannot specify both process_group and device_mesh arguments.")
        for name, value in (("delay_all_reduce_named_params", delay_all_reduce_named_params),
                            ("mixed_precision", mixed_precision), ("device_mesh", device_mesh)):
            if value is not None:
                raise ValueError(f"DistributedDataParallel in tensorlib does not take {name}")
        dist.get_world_size(process_group)          # PyTorch's ValueError when no group exists
        self.process_group = process_group
        ignored = set(getattr(module, "_ddp_params_and_buffers_to_ignore", ()))
        self.parameters_to_ignore = ignored
        module_params = [p for n, p in module.named_parameters() if n not in ignored]
        if not any(p.requires_grad for p in module_params):
            raise RuntimeError("DistributedDataParallel is not needed when a module doesn't have any parameter "
                               "that requires a gradient.")
        if device_ids is not None and len(device_ids) > 1:
            raise ValueError("device_ids can only be None or contain a single element.")
        device_types = {p.device.type for p in module_params}
        if len(device_types) != 1:
            raise ValueError(f"DistributedDataParallel's input module must be on the same type of devices, but "
                             f"input module parameters locate in {device_types}.")
        self.device_type = next(iter(device_types))
        devices = {p.device for p in module_params}
        self.device_ids = None
        self.output_device = None
        if device_ids and not backend_for(module_params[0].device).is_host and len(devices) == 1:
            self.device_ids = [cuda_index(d) for d in device_ids]
            self.output_device = cuda_index(device_ids[0] if output_device is None else output_device)
        elif device_ids or output_device:
            raise ValueError(f"DistributedDataParallel device_ids and output_device arguments only work with "
                             f"single-device/multiple-device GPU modules or CPU modules, but got device_ids "
                             f"{device_ids}, output_device {output_device}, and module parameters {devices}.")
        self.dim = dim
        self.module = module
        self.device = module_params[0].device
        if broadcast_buffers is not None:
            warnings.warn(_BOTH_BUFFER_FLAGS if forward_sync_buffers is not None else _BROADCAST_BUFFERS_DEPRECATED,
                          FutureWarning, stacklevel=2)
        if forward_sync_buffers is not None:
            self.forward_sync_buffers = forward_sync_buffers
            init_sync_buffers = True
        else:
            self.forward_sync_buffers = True if broadcast_buffers is None else broadcast_buffers
            init_sync_buffers = self.forward_sync_buffers
        if check_reduction:
            warnings.warn("The `check_reduction` argument in `DistributedDataParallel` module is deprecated. "
                          "Please avoid using it.", FutureWarning, stacklevel=2)
        self.find_unused_parameters = find_unused_parameters
        self.gradient_as_bucket_view = gradient_as_bucket_view
        self.static_graph = static_graph
        self.require_backward_grad_sync = True
        self.require_forward_param_sync = True
        caps = _bucket_caps(bucket_cap_mb, bucket_cap_mb_list)
        self.bucket_bytes_cap = max(caps)
        self.modules_buffers = [b for n, b in module.named_buffers() if n not in ignored]
        params = []
        for p in module_params:
            if p.requires_grad and all(p is not q for q in params):
                params.append(p)
        if init_sync:
            _verify_params(params, process_group)
            self._broadcast(module_params + (self.modules_buffers if init_sync_buffers else []))
        self.reducer = Reducer(params, process_group, caps, find_unused_parameters, gradient_as_bucket_view,
                               bool(bucket_cap_mb_list))

    @property
    def broadcast_buffers(self):
        """Whether rank 0's buffers are copied to every rank before each forward."""
        return self.forward_sync_buffers

    @broadcast_buffers.setter
    def broadcast_buffers(self, value):
        self.forward_sync_buffers = value

    def _broadcast(self, tensors):
        root = group_root(self.process_group)
        with no_grad():
            for t in tensors:
                dist.broadcast(t.detach(), src=root, group=self.process_group)

    def will_sync_module_buffers(self):
        """Whether the next forward first copies rank 0's buffers to every rank: buffers exist, the
        flag is on, and the last forward was one whose backward is synchronised."""
        return self.require_forward_param_sync and self.forward_sync_buffers and len(self.modules_buffers) > 0

    def forward(self, *inputs, **kwargs):
        """Runs the module on this rank's inputs; with grad enabled (outside ``no_sync``) its backward
        averages the gradients over the ranks."""
        synchronised = is_grad_enabled() and self.require_backward_grad_sync
        if is_grad_enabled():
            self.reducer.rebuild_buckets()
        if self.will_sync_module_buffers():
            self._broadcast(self.modules_buffers)
        if self.device_ids:
            inputs, kwargs = _moved(inputs, self.device), _moved(kwargs, self.device)
        output = self.module(*inputs, **kwargs)
        if synchronised:
            self.require_forward_param_sync = True
            self.reducer.prepare_for_backward(output)
        else:
            self.require_forward_param_sync = False
        return output

    @contextmanager
    def no_sync(self):
        """A context in which backward only accumulates the local gradients; the first synchronised
        backward after it averages what was accumulated.  The forward must run inside it too."""
        before = self.require_backward_grad_sync
        self.require_backward_grad_sync = False
        try:
            yield
        finally:
            self.require_backward_grad_sync = before
