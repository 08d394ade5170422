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
    """Returns the ``norm_type`` norm of the norms of ``tensors``: the norm of their concatenation.

    Args:
        tensors (Tensor or iterable of Tensor): the tensors.
        norm_type (float): the p of the norm, or ``inf``. Default: ``2.0``.
        error_if_nonfinite (bool): raise ``RuntimeError`` when the result is NaN or infinite.
            Default: ``False``.
        foreach (bool, optional): accepted for compatibility.

    Returns:
        Tensor: 0-d; 0 for no tensors.
    """
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
    """Scales the gradients of ``parameters`` in place by ``max_norm / (total_norm + 1e-6)`` where that is below 1.

    The second half of ``clip_grad_norm_``, given a ``total_norm`` computed by ``get_total_norm``.

    Args:
        parameters (Tensor or iterable of Tensor): the tensors whose ``.grad`` to scale.
        max_norm (float): the largest total norm allowed.
        total_norm (Tensor): the total norm of the gradients.
        foreach (bool, optional): accepted for compatibility.
    """
    grads = _grads(parameters)
    if not grads:
        return
    with no_grad():
        coefficient = (max_norm / (total_norm + 1e-6)).clamp(max=1.0)
        for grad in grads:
            grad.mul_(coefficient.to(grad.device))


def clip_grad_norm_(parameters, max_norm, norm_type=2.0, error_if_nonfinite=False, foreach=None):
    """Rescales the gradients of ``parameters`` in place so that their total norm is at most ``max_norm``.

    The total norm is that of all gradients together, as if concatenated into one vector; when it
    exceeds ``max_norm`` every gradient is multiplied by ``max_norm / (total_norm + 1e-6)``.

    Args:
        parameters (Tensor or iterable of Tensor): the tensors whose ``.grad`` to clip.
        max_norm (float): the largest total norm allowed.
        norm_type (float): the p of the norm; ``inf`` for the largest absolute value. Default: ``2.0``.
        error_if_nonfinite (bool): raise ``RuntimeError`` when the total norm is NaN or infinite.
            Default: ``False``.
        foreach (bool, optional): accepted for compatibility.

    Returns:
        Tensor: the total norm before clipping, 0-d.

    Example::

        >>> w = torch.zeros(2, requires_grad=True)
        >>> w.grad = torch.tensor([3.0, 4.0])
        >>> torch.nn.utils.clip_grad_norm_([w], max_norm=1.0)
        tensor(5.)
        >>> w.grad
        tensor([0.6000, 0.8000])
    """
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
    """Clamps every gradient element of ``parameters`` to ``[-clip_value, clip_value]``, in place.

    Args:
        parameters (Tensor or iterable of Tensor): the tensors whose ``.grad`` to clip.
        clip_value (float): the bound.
        foreach (bool, optional): accepted for compatibility.
    """
    clip_value = float(clip_value)
    with no_grad():
        for grad in _grads(parameters):
            grad.clamp_(min=-clip_value, max=clip_value)
