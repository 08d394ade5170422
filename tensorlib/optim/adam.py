"""Adam and AdamW.

For each parameter ``p`` with gradient ``g`` (``-g`` when maximising), at step
``t`` (counted per parameter, from 1)::

    p = p * (1 - lr * weight_decay)                (AdamW: decoupled decay)
    g = g + weight_decay * p                       (Adam: L2 penalty)
    m = m + (1 - beta1) * (g - m)                  (lerp towards g)
    v = beta2 * v + (1 - beta2) * g * g
    v_max = max(v_max, v)                          (amsgrad; v_max replaces v below)
    denom = sqrt(v) / sqrt(1 - beta2 ** t) + eps
    p = p - (lr / (1 - beta1 ** t)) * m / denom

State per parameter: ``step`` (a 0-dim float32 tensor, float64 when that is
the default dtype), ``exp_avg``, ``exp_avg_sq`` and, with amsgrad,
``max_exp_avg_sq``.
"""
from .. import _creation_like
from .._C import TensorBase as _TensorBase
from .._functional import maximum as _maximum
from ._checks import check_adam_family, check_fused_flags
from ._fused_steps import adam_step, kernel_allowed
from ._ops import addcdiv_, addcmul_, as_scalar, count_step, decayed_grad, init_state, snapshot
from .optimizer import GroupwiseOptimizer

__all__ = ["Adam", "AdamW"]


class Adam(GroupwiseOptimizer):
    """The Adam optimiser: steps scaled by bias-corrected running averages of the gradient and its square.

    The update rule is spelled out in the docstring of the module ``torch.optim.adam``.

    Args:
        params (iterable): the tensors to optimise, ``(name, tensor)`` pairs, or dicts defining
            parameter groups (``{"params": ..., "lr": ...}``).
        lr (float or Tensor): the learning rate. Default: ``1e-3``.
        betas (tuple of float): decay rates of the first and second moment estimates.
            Default: ``(0.9, 0.999)``.
        eps (float): added to the denominator for stability. Default: ``1e-8``.
        weight_decay (float): L2 penalty coefficient (decoupled with ``decoupled_weight_decay``). Default: ``0``.
        amsgrad (bool): use the running maximum of the second moment. Default: ``False``.
        decoupled_weight_decay (bool): decay the parameter directly, as AdamW. Default: ``False``.
        maximize (bool): maximise the objective instead of minimising it. Default: ``False``.
        differentiable (bool): record the update in the autograd graph. Default: ``False``.
        foreach, capturable, fused: accepted for PyTorch compatibility; the arithmetic is the same.

    Example::

        >>> w = torch.tensor([1.0, -2.0], requires_grad=True)
        >>> opt = torch.optim.Adam([w], lr=0.1)
        >>> (w ** 2).sum().backward()
        >>> opt.step()
        >>> w
        tensor([ 0.9000, -1.9000], requires_grad=True)
    """

    _group_flag_defaults = {"amsgrad": False, "maximize": False, "foreach": None, "capturable": False,
                            "differentiable": False, "fused": None, "decoupled_weight_decay": False}
    _scalar_state_keys = ("step",)

    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0, amsgrad=False, *,
                 foreach=None, maximize=False, capturable=False, differentiable=False, fused=None,
                 decoupled_weight_decay=False):
        if isinstance(lr, _TensorBase) and foreach and not capturable:
            raise ValueError("lr as a Tensor is not supported for capturable=False and foreach=True")
        check_adam_family(lr, eps, betas, weight_decay)
        tensor_betas = [isinstance(b, _TensorBase) for b in betas]
        if tensor_betas[0] != tensor_betas[1]:
            raise ValueError("betas must be either both floats or both Tensors")
        for index, is_tensor in enumerate(tensor_betas):
            if is_tensor and foreach and not capturable:
                raise ValueError(f"betas[{index}] as a Tensor is not supported for capturable=False and foreach=True")
        defaults = dict(lr=lr, betas=betas, eps=eps, weight_decay=weight_decay, amsgrad=amsgrad,
                        maximize=maximize, foreach=foreach, capturable=capturable, differentiable=differentiable,
                        fused=fused, decoupled_weight_decay=decoupled_weight_decay)
        super().__init__(params, defaults)
        check_fused_flags(fused, foreach, differentiable)

    def _init_state(self, p, amsgrad, fused, capturable):
        buffers = ("exp_avg", "exp_avg_sq", "max_exp_avg_sq") if amsgrad else ("exp_avg", "exp_avg_sq")
        state = init_state(self.state[p], p, buffers, fused=fused, on_device=fused or capturable)
        if amsgrad and "max_exp_avg_sq" not in state:
            state["max_exp_avg_sq"] = _creation_like.zeros_like(p)
        return state

    def _update_group(self, group):
        lr = as_scalar(group["lr"])
        beta1, beta2 = (as_scalar(b) for b in group["betas"])
        eps = group["eps"]
        weight_decay = as_scalar(group["weight_decay"])
        amsgrad = group["amsgrad"]
        maximize = group["maximize"]
        decoupled = group["decoupled_weight_decay"]
        differentiable = group["differentiable"]
        as_kernel = kernel_allowed(group, eps)
        for p in group["params"]:
            grad = p.grad
            if grad is None:
                continue
            if getattr(grad, "is_sparse", False):
                raise RuntimeError("Adam does not support sparse gradients, please consider SparseAdam instead")
            state = self._init_state(p, amsgrad, group["fused"], group["capturable"])
            if as_kernel and adam_step(p, grad, state, lr, beta1, beta2, eps, weight_decay, decoupled, maximize,
                                       amsgrad):
                continue
            step = count_step(state)
            grad = decayed_grad(p, lr, maximize, weight_decay, decoupled)
            exp_avg, exp_avg_sq = state["exp_avg"], state["exp_avg_sq"]
            exp_avg.lerp_(grad, 1 - beta1)
            addcmul_(exp_avg_sq.mul_(beta2), grad, grad, value=1 - beta2)

            second_moment = exp_avg_sq
            if amsgrad:
                second_moment = state["max_exp_avg_sq"]
                second_moment.copy_(_maximum(snapshot(second_moment, differentiable), exp_avg_sq))
            if differentiable or group["capturable"]:
                _tensor_step_update(p, exp_avg, second_moment, state["step"], lr, beta1, beta2, eps)
                continue
            step_size = lr / (1 - beta1 ** step)
            bias_correction2_sqrt = (1 - beta2 ** step) ** 0.5
            denom = (second_moment.sqrt() / bias_correction2_sqrt).add_(eps)
            addcdiv_(p, exp_avg, denom, value=-step_size)


def _tensor_step_update(p, exp_avg, second_moment, step_t, lr, beta1, beta2, eps):
    """The Adam update with the bias corrections computed from the step
    counter as a tensor (in its dtype), as PyTorch's differentiable and
    capturable modes do; ``exp_avg`` is not saved by the recorded graph."""
    step_size_neg = (lr / (1 - beta1 ** step_t)).neg()
    bias_correction2_sqrt = (1 - beta2 ** step_t).sqrt()
    denom = (second_moment.sqrt() / (bias_correction2_sqrt * step_size_neg)).add_(eps / step_size_neg)
    addcdiv_(p, exp_avg.clone(), denom)


class AdamW(Adam):
    """Adam with decoupled weight decay: ``p *= 1 - lr * weight_decay`` before each Adam update,
    so the decay never enters the moment estimates.

    The update rule is spelled out in the docstring of the module ``torch.optim.adam``.

    Args:
        params (iterable): the tensors to optimise, ``(name, tensor)`` pairs, or dicts defining
            parameter groups (``{"params": ..., "lr": ...}``).
        lr (float or Tensor): the learning rate. Default: ``1e-3``.
        betas (tuple of float): decay rates of the first and second moment estimates.
            Default: ``(0.9, 0.999)``.
        eps (float): added to the denominator for stability. Default: ``1e-8``.
        weight_decay (float): the decoupled decay rate. Default: ``1e-2``.
        amsgrad (bool): use the running maximum of the second moment. Default: ``False``.
        maximize (bool): maximise the objective instead of minimising it. Default: ``False``.
        differentiable (bool): record the update in the autograd graph. Default: ``False``.
        foreach, capturable, fused: accepted for PyTorch compatibility; the arithmetic is the same.
    """

    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=1e-2, amsgrad=False, *,
                 maximize=False, foreach=None, capturable=False, differentiable=False, fused=None):
        super().__init__(params, lr, betas, eps, weight_decay, amsgrad, foreach=foreach, maximize=maximize,
                         capturable=capturable, differentiable=differentiable, fused=fused,
                         decoupled_weight_decay=True)

    def __setstate__(self, state):
        super().__setstate__(state)
        for group in self.param_groups:
            group["decoupled_weight_decay"] = True
