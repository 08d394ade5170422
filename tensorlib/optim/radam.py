"""RAdam: Adam whose adaptive step is switched on only once the variance of
its estimate is tractable, and then rectified.

For each parameter ``p`` with gradient ``g`` (``-g`` when maximising), at step
``t`` (from 1)::

    p = p * (1 - lr * weight_decay)    (decoupled)    or    g = g + weight_decay * p
    m = m + (1 - beta1) * (g - m);  v = beta2 * v + (1 - beta2) * g * g
    rho_inf = 2 / (1 - beta2) - 1;  rho_t = rho_inf - 2 t beta2^t / (1 - beta2^t)
    rho_t > 5:  p = p - m / (1 - beta1^t) * lr * sqrt(1 - beta2^t) / (sqrt(v) + eps) * r_t
                with r_t = sqrt((rho_t - 4)(rho_t - 2) rho_inf / ((rho_inf - 4)(rho_inf - 2) rho_t))
    otherwise:  p = p - m / (1 - beta1^t) * lr

State per parameter: ``step``, ``exp_avg``, ``exp_avg_sq``.
"""
from ._checks import check_adam_family
from ._ops import addcmul_, as_scalar, count_step, decayed_grad, init_state
from .optimizer import GroupwiseOptimizer

__all__ = ["RAdam"]


class RAdam(GroupwiseOptimizer):
    """RAdam: Adam with a rectified adaptive term, which takes plain momentum steps while the variance estimate is
    unreliable.

    The update rule is spelled out in the docstring of the module ``torch.optim.radam``.

    Args:
        params (iterable): the tensors to optimise, ``(name, tensor)`` pairs, or dicts defining
            parameter groups (``{"params": ..., "lr": ...}``).
        lr (float or Tensor): the learning rate. Default: ``1e-3``.
        betas (tuple of float): decay rates of the moment estimates. Default: ``(0.9, 0.999)``.
        eps (float): added to the denominator. Default: ``1e-8``.
        weight_decay (float): L2 penalty coefficient. Default: ``0``.
        decoupled_weight_decay (bool): decay the parameter directly, as AdamW. Default: ``False``.
        maximize (bool): maximise the objective instead of minimising it. Default: ``False``.
        differentiable (bool): record the update in the autograd graph. Default: ``False``.
        foreach, capturable: accepted for PyTorch compatibility; the arithmetic is the same.
    """

    _group_flag_defaults = {"foreach": None, "maximize": False, "differentiable": False, "capturable": False,
                            "decoupled_weight_decay": False}
    _scalar_state_keys = ("step",)

    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0,
                 decoupled_weight_decay=False, *, foreach=None, maximize=False, capturable=False,
                 differentiable=False):
        check_adam_family(lr, eps, betas, weight_decay)
        defaults = dict(lr=lr, betas=betas, eps=eps, weight_decay=weight_decay, maximize=maximize,
                        foreach=foreach, capturable=capturable, decoupled_weight_decay=decoupled_weight_decay,
                        differentiable=differentiable)
        super().__init__(params, defaults)

    def _update_group(self, group):
        lr = as_scalar(group["lr"])
        beta1, beta2 = group["betas"]
        weight_decay, decoupled = group["weight_decay"], group["decoupled_weight_decay"]
        rho_inf = 2 / (1 - beta2) - 1
        for p in group["params"]:
            if p.grad is None:
                continue
            state = init_state(self.state[p], p, ("exp_avg", "exp_avg_sq"), on_device=group["capturable"])
            step = count_step(state)
            grad = decayed_grad(p, lr, group["maximize"], weight_decay, decoupled)
            exp_avg, exp_avg_sq = state["exp_avg"], state["exp_avg_sq"]
            exp_avg.lerp_(grad, 1 - beta1)
            addcmul_(exp_avg_sq.mul_(beta2), grad, grad, value=1 - beta2)
            bias_correction2 = 1 - beta2 ** step
            update = exp_avg / (1 - beta1 ** step) * lr
            rho_t = rho_inf - 2 * step * beta2 ** step / bias_correction2
            if rho_t > 5.0:
                adaptive = bias_correction2 ** 0.5 / exp_avg_sq.sqrt().add_(group["eps"])
                rect = ((rho_t - 4) * (rho_t - 2) * rho_inf / ((rho_inf - 4) * (rho_inf - 2) * rho_t)) ** 0.5
                update = update * adaptive * rect
            p.add_(update, alpha=-1.0)
