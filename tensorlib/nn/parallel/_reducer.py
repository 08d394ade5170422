"""DistributedDataParallel's gradient reducer: the parameters' gradients, scaled
by 1/world size, are copied into flat buckets as backward accumulates them,
and each bucket is all-reduced (summed) asynchronously as soon as it is full,
in bucket order on every rank, while the rest of backward runs.  When the
backward pass ends (an engine final callback) the reductions are waited for
and the averaged values written back into ``.grad``.

Buckets follow PyTorch's: assigned in reverse parameter order by size limits
(per dtype and device), a single bucket for the first iteration unless unused
parameters are searched for, then rebuilt once in the order the gradients
became ready on rank 0, with a small first bucket so that communication starts
early."""
import sys
import warnings
import weakref

from ... import distributed as dist
from ..._creation import empty, tensor
from ..._dtype import int32, int64
from ..._functional import mul
from ..._tensor import Tensor
from ...autograd.engine import queue_callback
from ...autograd.grad_mode import no_grad
from ...autograd.graph import AccumulateGrad

__all__ = ["Reducer", "bucket_assignment"]

_UNFINISHED = (
    "Expected to have finished reduction in the prior iteration before starting a new one. This error indicates "
    "that your module has parameters that were not used in producing loss. You can enable unused parameter "
    "detection by passing the keyword argument `find_unused_parameters=True` to "
    "`torch.nn.parallel.DistributedDataParallel`, and by \nmaking sure all `forward` function outputs participate "
    "in calculating loss. \nIf you already have done the above, then the distributed data parallel module wasn't "
    "able to locate the output tensors in the return value of your module's `forward` function. Please include "
    "the loss function and the structure of the return value of `forward` of your module when reporting this "
    "issue (e.g. list, dict, iterable).\nParameter indices which did not receive grad for rank {rank}: {indices}\n "
    "In addition, you can set the environment variable TORCH_DISTRIBUTED_DEBUG to either INFO or DETAIL to print "
    "out information about which particular parameters did not receive gradient on this rank as part of this error")
_NOTHING_UNUSED = (
    "find_unused_parameters=True was specified in DDP constructor, but did not find any unused parameters in the "
    "forward pass. This flag results in an extra traversal of the autograd graph every iteration,  which can "
    "adversely affect performance. If your model indeed never has any unused parameters in the forward pass, "
    "consider turning this flag off. Note that this warning may be a false positive if your model has flow "
    "control causing later iterations to have unused parameters.")
_warned_nothing_unused = False


def bucket_assignment(tensors, limits, order=None):
    """PyTorch's ``_compute_bucket_assignment_by_size``: the indices of ``tensors`` taken in
    ``order`` (default: their own) grouped per dtype and device into buckets, each closed once its
    bytes reach its limit (the first bucket of a kind ``limits[0]``, the next ``limits[1]``...,
    the last limit for the rest).  Without ``order`` the buckets are sorted by their smallest
    index.  Returns the index lists and each bucket's limit."""
    open_buckets = {}          # per (dtype, device): [indices, bytes, limit number]
    closed = []
    for i in range(len(tensors)) if order is None else order:
        t = tensors[i]
        bucket = open_buckets.setdefault((t.dtype, t.device), [[], 0, 0])
        bucket[0].append(i)
        bucket[1] += t.numel() * t.element_size()
        limit = limits[min(bucket[2], len(limits) - 1)]
        if bucket[1] >= limit:
            closed.append((bucket[0], limit))
            bucket[0], bucket[1] = [], 0
            bucket[2] += 1
    closed += [(b[0], limits[min(b[2], len(limits) - 1)]) for b in open_buckets.values() if b[0]]
    if order is None:
        closed.sort(key=lambda b: min(b[0]))
    return [b[0] for b in closed], [b[1] for b in closed]


class _Bucket:
    """One flat buffer of gradients, the views of its parameters' places in it, and its
    reduction in flight."""
    __slots__ = ("buffer", "indices", "pending", "views", "work")

    def __init__(self, params, indices):
        self.indices = indices
        self.buffer = empty(sum(params[i].numel() for i in indices), dtype=params[indices[0]].dtype,
                            device=params[indices[0]].device)
        self.views = []
        offset = 0
        for i in indices:
            n = params[i].numel()
            self.views.append(self.buffer[offset:offset + n].view(params[i].shape))
            offset += n
        self.pending = 0
        self.work = None


def _output_tensors(value, found):
    if isinstance(value, Tensor):
        found.append(value)
    elif isinstance(value, (list, tuple)):
        for v in value:
            _output_tensors(v, found)
    elif isinstance(value, dict):
        for v in value.values():
            _output_tensors(v, found)
    return found


def _reachable_leaves(outputs):
    """The leaves the autograd graph of ``outputs`` leads to (one walk over its nodes)."""
    leaves = set()
    seen = set()
    stack = []
    for t in _output_tensors(outputs, []):
        if t.grad_fn is not None:
            stack.append(t.grad_fn)
        elif t.requires_grad:
            leaves.add(id(t))
    while stack:
        node = stack.pop()
        if node in seen:
            continue
        seen.add(node)
        if type(node) is AccumulateGrad:
            leaves.add(id(node.variable))
        for nxt, _ in node.next_functions:
            if nxt is not None and nxt not in seen:
                stack.append(nxt)
    return leaves


class Reducer:
    """Averages the gradients of ``params`` over ``group`` in buckets (see the module)."""

    def __init__(self, params, group, bucket_caps, find_unused_parameters, gradient_as_bucket_view, caps_per_bucket):
        self.params = params
        self.group = group
        self.world_size = dist.get_world_size(group)
        self.rank = dist.get_rank(group)
        self.find_unused_parameters = find_unused_parameters
        self.gradient_as_bucket_view = gradient_as_bucket_view
        self.bucket_caps = bucket_caps
        self.expect_hooks = False       # a synchronised backward pass is expected (DDP forward ran)
        self.require_finalize = False   # its reductions have not all been written back yet
        self.rebuilt = find_unused_parameters
        self.ready_order = []           # the first iteration's order of ready gradients, to rebuild by
        # one bucket until the ready order is known, unless the caps were given one per bucket
        limits = bucket_caps if find_unused_parameters or caps_per_bucket else [sys.maxsize]
        indices, _ = bucket_assignment(params, limits)
        self._make_buckets(list(reversed(indices)))
        self._unused = ()
        self._used = set()              # parameters that took part locally since the last reduction
        self._marked_unused = False
        reducer = weakref.ref(self)
        self._hooks = [p.register_post_accumulate_grad_hook(_make_hook(reducer, i)) for i, p in enumerate(params)]

    def _make_buckets(self, bucket_indices):
        self.buckets = [_Bucket(self.params, indices) for indices in bucket_indices]
        self.place = {}                 # parameter index -> (bucket, position in it)
        for bucket in self.buckets:
            for k, i in enumerate(bucket.indices):
                self.place[i] = (bucket, k)

    def ensure_prior_reduction_finished(self):
        """Raises PyTorch's error when the previous synchronised backward left a bucket unreduced
        (a parameter that got no gradient, without ``find_unused_parameters``)."""
        if self.require_finalize:
            missing = [i for i in range(len(self.params)) if not self._ready[i]]
            raise RuntimeError(_UNFINISHED.format(rank=self.rank, indices=" ".join(map(str, missing))))

    def rebuild_buckets(self):
        """Before a forward with grad enabled: once, the buckets in rank 0's order of ready gradients."""
        if self.rebuilt or not self.ready_order:
            return
        self.ensure_prior_reduction_finished()
        order = tensor(self.ready_order, dtype=int64, device=self.params[0].device)
        dist.broadcast(order, src=group_root(self.group), group=self.group)
        indices, _ = bucket_assignment(self.params, self.bucket_caps, order.tolist())
        self._make_buckets(indices)
        self.rebuilt = True
        self.ready_order = []

    def prepare_for_backward(self, outputs):
        """After a forward whose backward is to be synchronised; with ``find_unused_parameters``, the
        parameters the graph of ``outputs`` does not reach count as ready at once."""
        self.ensure_prior_reduction_finished()
        self.expect_hooks = True
        self.require_finalize = True
        self._ready = [False] * len(self.params)
        self._next_bucket = 0
        self._callback_queued = False
        self._marked_unused = False
        for bucket in self.buckets:
            bucket.pending = len(bucket.indices)
            bucket.work = None
        if self.find_unused_parameters:
            reached = _reachable_leaves(outputs)
            self._unused = [i for i, p in enumerate(self.params) if id(p) not in reached]
            global _warned_nothing_unused
            if not self._unused and not _warned_nothing_unused:
                _warned_nothing_unused = True
                warnings.warn(_NOTHING_UNUSED, UserWarning, stacklevel=3)

    def _hook(self, index):
        if self.find_unused_parameters:
            self._used.add(index)       # in no_sync too: used since the last reduction
        if not self.expect_hooks:
            return
        if not self._callback_queued:
            self._callback_queued = True
            queue_callback(self._finalize)
        if not self._marked_unused:
            self._marked_unused = True
            for i in self._unused:
                self._mark_ready(i)
        self._mark_ready(index)

    def _mark_ready(self, index):
        if self._ready[index]:
            return
        self._ready[index] = True
        if not self.rebuilt:
            self.ready_order.append(index)
        bucket, k = self.place[index]
        view = bucket.views[k]
        param = self.params[index]
        grad = param.grad
        with no_grad():
            if grad is None:        # unused here (a gradient accumulated in no_sync still counts)
                view.zero_()
            elif grad is view:
                view.mul_(1.0 / self.world_size)
            else:
                mul(grad, 1.0 / self.world_size, out=view)     # scaled while copied: one pass
                if self.gradient_as_bucket_view:
                    param.grad = view
        bucket.pending -= 1
        while self._next_bucket < len(self.buckets) and self.buckets[self._next_bucket].pending == 0:
            ready = self.buckets[self._next_bucket]
            ready.work = dist.all_reduce(ready.buffer, group=self.group, async_op=True)
            self._next_bucket += 1

    def _finalize(self):
        if self._next_bucket < len(self.buckets):
            return      # a bucket never filled: the next forward reports the parameters missing
        globally_used = None
        if self.find_unused_parameters:
            # a device's backend (NCCL) reduces its own tensors
            used = tensor([int(i in self._used) for i in range(len(self.params))], dtype=int32,
                          device=self.params[0].device)
            dist.all_reduce(used, group=self.group)
            globally_used = used.tolist()
        for bucket in self.buckets:
            bucket.work.wait()
            bucket.work = None
        with no_grad():
            for bucket in self.buckets:
                for i, view in zip(bucket.indices, bucket.views):
                    if globally_used is not None and not globally_used[i]:
                        continue        # unused on every rank: its gradient stays as it was
                    param = self.params[i]
                    if self.gradient_as_bucket_view:
                        param.grad = view
                    elif param.grad is None:
                        param.grad = view.clone()
                    else:
                        param.grad.copy_(view)
        self._used = set()
        self.expect_hooks = False
        self.require_finalize = False


def group_root(group):
    """The global rank of rank 0 of ``group`` (collectives name their source by global rank)."""
    return 0 if group is None else dist.get_global_rank(group, 0)


def _make_hook(reducer, index):
    def hook(param):
        live = reducer()
        if live is not None:
            live._hook(index)
    return hook
