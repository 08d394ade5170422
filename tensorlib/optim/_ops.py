"""Small helpers the optimisers share: the dtype and construction of scalar
state (step counters), the descent direction with maximize and L2 decay, and
in-place arithmetic.

``axpby_`` runs ``y.mul_(b).add_(x, alpha=a)`` as one backend kernel when no
graph is recorded (the usual, non-differentiable step), with the same
rounding; otherwise as those two tensor ops.

``addcmul_``/``addcdiv_`` are used when Tensor has them; otherwise they are
composed from ``mul``/``div``/``add_`` in the order PyTorch's CPU kernels
evaluate them: ``self + (value * t1) * t2`` and ``self + (value * t1) / t2``.
"""
from .. import _creation, _creation_like, _dtype
from .._C import TensorBase as _TensorBase
from .._fast_paths import FAST_PATHS
from .._layout import has_internal_overlap
from ..autograd.grad_mode import _state
from ..backends import backend_for


def as_scalar(x):
    """A Python number for a hyper-parameter that may be a one-element tensor."""
    return x.item() if isinstance(x, _TensorBase) else x


def step_dtype(fused=False):
    """The dtype of a per-parameter step counter (and other scalar state):
    float64 when that is the default dtype (and not fused), else float32."""
    if not fused and _dtype.get_default_dtype() is _dtype.float64:
        return _dtype.float64
    return _dtype.float32


def scalar_state(value, fused=False, device=None):
    """A 0-dim tensor of ``step_dtype`` holding ``value`` (a step counter, a
    running product), on the CPU unless ``device`` is given."""
    return _creation.tensor(float(value), dtype=step_dtype(fused), device=device)


def descent_grad(p, maximize, weight_decay):
    """``p.grad`` (negated when maximising) plus the L2 term ``weight_decay * p``."""
    grad = p.grad
    if maximize:
        grad = grad.neg()
    if weight_decay != 0:
        grad = grad.add(p, alpha=weight_decay)
    return grad


def decayed_grad(p, lr, maximize, weight_decay, decoupled):
    """``descent_grad``, the weight decay taken either as the L2 term or, when
    ``decoupled`` (AdamW-style), applied to the parameter: ``p *= 1 - lr * weight_decay``."""
    if decoupled and weight_decay != 0:
        p.mul_(1 - lr * weight_decay)
        weight_decay = 0
    return descent_grad(p, maximize, weight_decay)


def init_state(state, p, buffers, scalars=(("step", 0.0),), fused=False, on_device=False):
    """Fill an empty per-parameter ``state``: the 0-dim ``scalars`` (name,
    start value) first, on the CPU or (``on_device``: capturable and fused
    modes, as in PyTorch) on ``p``'s device; then a zero tensor like ``p`` for
    each name of ``buffers``."""
    if len(state) == 0:
        device = p.device if on_device else None
        for key, value in scalars:
            state[key] = scalar_state(value, fused, device)
        for key in buffers:
            state[key] = _creation_like.zeros_like(p)
    return state


def count_step(state):
    """Advance ``state["step"]`` by one; the new step number as a Python float."""
    state["step"] += 1
    return state["step"].item()


def snapshot(buffer, differentiable):
    """``buffer``, cloned when the update is being recorded (``differentiable``):
    the graph must not save a state buffer that a later step changes in place."""
    return buffer.clone() if differentiable else buffer


def addcmul_(target, t1, t2, value=1):
    method = getattr(type(target), "addcmul_", None)
    if method is not None:
        return method(target, t1, t2, value=value)
    tmp = t1.mul(value) if value != 1 else t1.clone()
    tmp.mul_(t2)
    return target.add_(tmp)


def addcdiv_(target, t1, t2, value=1):
    method = getattr(type(target), "addcdiv_", None)
    if method is not None:
        return method(target, t1, t2, value=value)
    tmp = t1.mul(value) if value != 1 else t1.clone()
    tmp.div_(t2)
    return target.add_(tmp)


def axpby_(y, a, x, b=None):
    """``y = a * x + b * y`` in place (``b`` None: ``y + a * x``, no multiply recorded)."""
    if FAST_PATHS and not _state.enabled and x._dtype is y._dtype and y._dtype.is_floating_point \
            and x._shape == y._shape and x._storage.device == y._storage.device \
            and not has_internal_overlap(y._shape, y._strides):
        backend_for(y._storage.device).axpby(a, x._array(), 1 if b is None else b, y._array())
        y._version_counter.bump()
        return y
    if b is not None:
        y.mul_(b)
    return y.add_(x, alpha=a)
