"""One backend kernel for a parameter's whole Adam/AdamW or SGD step.

The optimisers' steps are written as tensor ops (adam.py, sgd.py); for the usual step -- not
differentiable, not capturable, no graph recorded -- ``adam_step`` and ``sgd_step`` hand a
parameter, its gradient and its state to the backend's ``adam_update``/``sgd_update``, which
compute the same values bit for bit in one pass (``backends/_cpu_optim.py``).  They answer
False where the kernel declines (another dtype, a non-contiguous or overlapping tensor, state
on another device), leaving everything unchanged for the op-by-op path.  The state keeps
PyTorch's layout: ``state["step"]`` stays a 0-dim tensor, advanced in place.
"""
from .. import _creation
from .._C import TensorBase as _TensorBase
from .._fast_paths import FAST_PATHS


def kernel_allowed(group, *numbers):
    """Whether ``group``'s step may run as kernels: fast paths on, no graph to record, no
    device-side (capturable) scalars, and the given hyper-parameters plain numbers."""
    return FAST_PATHS and not group.get("differentiable") and not group.get("capturable") \
        and not any(isinstance(x, _TensorBase) for x in numbers)


def adam_step(p, grad, state, lr, beta1, beta2, eps, weight_decay, decoupled, maximize, amsgrad):
    """Adam's step of ``p`` (``state`` already initialised) as one kernel; False when declined."""
    backend = p._storage.backend
    exp_avg, exp_avg_sq, step = state["exp_avg"], state["exp_avg_sq"], state["step"]
    max_exp_avg_sq = state["max_exp_avg_sq"] if amsgrad else None
    # the state on p's device (the step counter may be on the CPU)
    if grad._storage.backend is not backend or exp_avg._storage.backend is not backend \
            or exp_avg_sq._storage.backend is not backend \
            or (amsgrad and max_exp_avg_sq._storage.backend is not backend) \
            or not (step._storage.backend is backend or step._storage.backend.is_host):
        return False
    count = backend.adam_update(p._array(), grad._array(), exp_avg._array(), exp_avg_sq._array(),
                                None if max_exp_avg_sq is None else max_exp_avg_sq._array(), step._array(),
                                lr, beta1, beta2, eps, weight_decay, decoupled, maximize)
    if count is None:
        return False
    for t in (p, exp_avg, exp_avg_sq, step) if max_exp_avg_sq is None else (p, exp_avg, exp_avg_sq, step,
                                                                            max_exp_avg_sq):
        t._version_counter.bump()
    return True


def sgd_step(p, grad, states, lr, momentum, dampening, weight_decay, nesterov, maximize):
    """SGD's step of ``p`` as one kernel (``states``: the optimiser's per-parameter state, used
    only with momentum; the momentum buffer is made on the first step); False when declined."""
    backend = p._storage.backend
    if grad._storage.backend is not backend:
        return False
    buffer = None
    first = False
    if momentum != 0:
        buffer = states[p].get("momentum_buffer")
        if buffer is None:
            buffer = _creation.empty_like(p)
            first = True
        elif buffer._storage.backend is not backend:
            return False
    if not backend.sgd_update(p._array(), grad._array(), None if buffer is None else buffer._array(), lr, momentum,
                              dampening, weight_decay, nesterov, maximize, first):
        return False
    p._version_counter.bump()
    if buffer is not None:
        buffer._version_counter.bump()
        states[p]["momentum_buffer"] = buffer
    return True
