"""One backend kernel for a parameter's whole Adam/AdamW, SGD, RMSprop or Adagrad step.

The optimisers' steps are written as tensor ops (adam.py, sgd.py, rmsprop.py, adagrad.py); for
the usual step -- not differentiable, not capturable, no graph recorded -- ``adam_step``,
``sgd_step``, ``rmsprop_step`` and ``adagrad_step`` hand a parameter, its gradient and its state
to the backend's ``adam_update``, ``sgd_update``, ``rmsprop_update`` or ``adagrad_update``, which
compute the same values bit for bit in one pass (``backends/_cpu_optim.py``).  They answer
False where the kernel declines (another dtype, a non-contiguous or overlapping tensor, state
on another device), leaving everything unchanged for the op-by-op path.  The state keeps
PyTorch's layout: ``state["step"]`` stays a 0-dim tensor, advanced in place.
"""
from .. import _creation_like
from .._C import TensorBase as _TensorBase
from .._fast_paths import FAST_PATHS


def kernel_allowed(group, *numbers):
    """Whether ``group``'s step may run as kernels: fast paths on, no graph to record, no
    device-side (capturable) scalars, and the given hyper-parameters plain numbers."""
    return FAST_PATHS and not group.get("differentiable") and not group.get("capturable") \
        and not any(isinstance(x, _TensorBase) for x in numbers)


def _state_on(backend, step, *tensors):
    """Whether the tensors (None skipped) live on ``backend`` and the step counter there or on
    the host."""
    return all(t is None or t._storage.backend is backend for t in tensors) and (
        step._storage.backend is backend or step._storage.backend.is_host)


def _counted(count, *tensors):
    """After a kernel step (``count`` None: declined): bump the versions of the tensors it wrote."""
    if count is None:
        return False
    for t in tensors:
        if t is not None:
            t._version_counter.bump()
    return True


def adam_step(p, grad, state, lr, beta1, beta2, eps, weight_decay, decoupled, maximize, amsgrad):
    """Adam's step of ``p`` (``state`` already initialised) as one kernel; False when declined."""
    backend = p._storage.backend
    exp_avg, exp_avg_sq, step = state["exp_avg"], state["exp_avg_sq"], state["step"]
    max_exp_avg_sq = state["max_exp_avg_sq"] if amsgrad else None
    if not _state_on(backend, step, grad, exp_avg, exp_avg_sq, max_exp_avg_sq):
        return False
    count = backend.adam_update(p._array(), grad._array(), exp_avg._array(), exp_avg_sq._array(),
                                None if max_exp_avg_sq is None else max_exp_avg_sq._array(), step._array(),
                                lr, beta1, beta2, eps, weight_decay, decoupled, maximize)
    return _counted(count, p, exp_avg, exp_avg_sq, step, max_exp_avg_sq)


def rmsprop_step(p, grad, state, lr, alpha, eps, weight_decay, momentum, centered, maximize):
    """RMSprop's step of ``p`` (``state`` already initialised) as one kernel; False when declined."""
    backend = p._storage.backend
    square_avg, step = state["square_avg"], state["step"]
    grad_avg = state["grad_avg"] if centered else None
    buffer = state["momentum_buffer"] if momentum > 0 else None
    if not _state_on(backend, step, grad, square_avg, grad_avg, buffer):
        return False
    count = backend.rmsprop_update(p._array(), grad._array(), square_avg._array(),
                                   None if grad_avg is None else grad_avg._array(),
                                   None if buffer is None else buffer._array(), step._array(), lr, alpha, eps,
                                   weight_decay, momentum, maximize)
    return _counted(count, p, square_avg, step, grad_avg, buffer)


def adagrad_step(p, grad, state, lr, lr_decay, eps, weight_decay, maximize):
    """Adagrad's step of ``p`` as one kernel; False when declined."""
    backend = p._storage.backend
    state_sum, step = state["sum"], state["step"]
    if not _state_on(backend, step, grad, state_sum):
        return False
    count = backend.adagrad_update(p._array(), grad._array(), state_sum._array(), step._array(), lr, lr_decay, eps,
                                   weight_decay, maximize)
    return _counted(count, p, state_sum, step)


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
            buffer = _creation_like.empty_like(p)
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
