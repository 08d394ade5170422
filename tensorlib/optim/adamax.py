"""Adamax: Adam with the infinity norm in place of the second moment.

For each parameter ``p`` with gradient ``g`` (``-g`` when maximising, plus
``weight_decay * p``), at step ``t`` (from 1)::

    m = m + (1 - beta1) * (g - m)                                (exp_avg)
    u = max(beta2 * u, |g| + eps)                                (exp_inf)
    p = p - (lr / (1 - beta1 ** t)) * m / u

State per parameter: ``step``, ``exp_avg``, ``exp_inf``.
"""
from .._functional import maximum as _maximum
from ._checks import check_adam_family
from ._ops import addcdiv_, as_scalar, count_step, descent_grad, init_state
from .optimizer import GroupwiseOptimizer

__all__ = ["Adamax"]


class Adamax(GroupwiseOptimizer):
    """Adamax: the Adam variant that normalises by the infinity norm of past gradients.

    The update rule is spelled out in the docstring of the module ``torch.optim.adamax``.

    Args:
        params (iterable): the tensors to optimise, ``(name, tensor)`` pairs, or dicts defining
            parameter groups (``{"params": ..., "lr": ...}``).
        lr (float or Tensor): the learning rate. Default: ``2e-3``.
        betas (tuple of float): decay of the first moment and of the infinity norm. Default: ``(0.9, 0.999)``.
        eps (float): added to the denominator. Default: ``1e-8``.
        weight_decay (float): L2 penalty coefficient. Default: ``0``.
        maximize (bool): maximise the objective instead of minimising it. Default: ``False``.
        differentiable (bool): record the update in the autograd graph. Default: ``False``.
        foreach, capturable: accepted for PyTorch compatibility; the arithmetic is the same.
    """

    _group_flag_defaults = {"foreach": None, "maximize": False, "differentiable": False, "capturable": False}
    _scalar_state_keys = ("step",)

    def __init__(self, params, lr=2e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0, foreach=None, *,
                 maximize=False, differentiable=False, capturable=False):
        check_adam_family(lr, eps, betas, weight_decay)
        defaults = dict(lr=lr, betas=betas, eps=eps, weight_decay=weight_decay, foreach=foreach,
                        maximize=maximize, differentiable=differentiable, capturable=capturable)
        super().__init__(params, defaults)

    def _update_group(self, group):
        lr = as_scalar(group["lr"])
        beta1, beta2 = group["betas"]
        for p in group["params"]:
            if p.grad is None:
                continue
            state = init_state(self.state[p], p, ("exp_avg", "exp_inf"), on_device=group["capturable"])
            step = count_step(state)
            grad = descent_grad(p, group["maximize"], group["weight_decay"])
            exp_avg, exp_inf = state["exp_avg"], state["exp_inf"]
            exp_avg.lerp_(grad, 1 - beta1)
            _maximum(exp_inf.mul_(beta2), grad.abs().add_(group["eps"]), out=exp_inf)
            step_size = lr / (1 - beta1 ** step)
            addcdiv_(p, exp_avg, exp_inf, value=-step_size)
