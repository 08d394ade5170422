"""Gradient clipping: the total norm of a set of gradients and the in-place
rescaling or clamping of those gradients (``torch.nn.utils.clip_grad``)."""
import warnings

from ... import _creation
from ..._C import TensorBase
from ..._functional import stack as _stack
from ...autograd.grad_mode import no_grad

__all__ = ["clip_grad_norm", "clip_grad_norm_", "clip_grad_value_", "clip_grads_with_norm_", "get_total_norm"]


def _tensor_list(tensors):
    """A lone tensor or an iterable of tensors as a list."""
    return [tensors] if isinstance(tensors, TensorBase) else list(tensors)


def _grads(parameters):
    return [p.grad for p in _tensor_list(parameters) if p.grad is not None]


def get_total_norm(tensors, norm_type=2.0, error_if_nonfinite=False, foreach=None):
    """The ``norm_type`` norm of the per-tensor norms of ``tensors`` (the norm of
    their concatenation for every p-norm), as a 0-d tensor; 0 for no tensors.
    ``norm_type`` may be ``inf``.  With ``error_if_nonfinite`` a nan or
    infinite total raises RuntimeError.  ``foreach`` is accepted for
    compatibility: the norms are computed the same way either way."""
    tensors = _tensor_list(tensors)
    norm_type = float(norm_type)
    if not tensors:
        return _creation.tensor(0.0)
    with no_grad():
        norms = [t.norm(norm_type) for t in tensors]
        device = tensors[0].device
        total = _stack([n.to(device) for n in norms]).norm(norm_type)
    if error_if_nonfinite and not bool(total.isfinite()):
        raise RuntimeError(f"The total norm of order {norm_type} for gradients from `parameters` is non-finite, so "
                           "it cannot be clipped. To disable this error and scale the gradients by the non-finite "
                           "norm anyway, set `error_if_nonfinite=False`")
    return total


def clip_grads_with_norm_(parameters, max_norm, total_norm, foreach=None):
    """Scales the gradients of ``parameters`` in place by
    ``max_norm / (total_norm + 1e-6)`` where that is below 1."""
    grads = _grads(parameters)
    if not grads:
        return
    with no_grad():
        coefficient = (max_norm / (total_norm + 1e-6)).clamp(max=1.0)
        for grad in grads:
            grad.mul_(coefficient.to(grad.device))


def clip_grad_norm_(parameters, max_norm, norm_type=2.0, error_if_nonfinite=False, foreach=None):
    """Rescales the gradients of ``parameters`` (a tensor or an iterable of
    them) in place so that their total ``norm_type`` norm is at most
    ``max_norm``.  Returns the total norm before clipping (a 0-d tensor).

    Args: ``norm_type`` a float or ``inf``; ``error_if_nonfinite`` raises
    when the total norm is nan or infinite; ``foreach`` is accepted for
    compatibility."""
    parameters = _tensor_list(parameters)
    total = get_total_norm(_grads(parameters), norm_type, error_if_nonfinite, foreach)
    clip_grads_with_norm_(parameters, max_norm, total, foreach)
    return total


def clip_grad_norm(parameters, max_norm, norm_type=2.0, error_if_nonfinite=False, foreach=None):
    """Deprecated alias of ``clip_grad_norm_`` (warns with a FutureWarning)."""
    warnings.warn("`torch.nn.utils.clip_grad_norm` is now deprecated in favor of `torch.nn.utils.clip_grad_norm_`.",
                  FutureWarning, stacklevel=2)
    return clip_grad_norm_(parameters, max_norm, norm_type, error_if_nonfinite, foreach)


def clip_grad_value_(parameters, clip_value, foreach=None):
    """Clamps the gradients of ``parameters`` in place to
    ``[-clip_value, clip_value]``."""
    clip_value = float(clip_value)
    with no_grad():
        for grad in _grads(parameters):
            grad.clamp_(min=-clip_value, max=clip_value)
