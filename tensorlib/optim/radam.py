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
from .. import _creation
from ._checks import check_betas, check_lr, check_non_negative
from ._ops import addcmul_, as_scalar, descent_grad, scalar_state
from .optimizer import Optimizer

__all__ = ["RAdam"]


class RAdam(Optimizer):
    """RAdam.

    Args: ``params``; ``lr`` (1e-3); ``betas`` ((0.9, 0.999)); ``eps`` (1e-8);
    ``weight_decay`` (0); ``decoupled_weight_decay`` (False): AdamW-style decay
    of the parameter instead of an L2 term; ``foreach``, ``capturable``:
    accepted, same arithmetic; ``maximize``; ``differentiable``.
    """

    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0,
                 decoupled_weight_decay=False, *, foreach=None, maximize=False, capturable=False,
                 differentiable=False):
        check_lr(lr)
        check_non_negative("epsilon value", eps)
        check_betas(betas)
        check_non_negative("weight_decay value", weight_decay)
        defaults = dict(lr=lr, betas=betas, eps=eps, weight_decay=weight_decay, maximize=maximize,
                        foreach=foreach, capturable=capturable, decoupled_weight_decay=decoupled_weight_decay,
                        differentiable=differentiable)
        super().__init__(params, defaults)

    def __setstate__(self, state):
        super().__setstate__(state)
        for group in self.param_groups:
            for key, default in (("foreach", None), ("maximize", False), ("differentiable", False),
                                 ("capturable", False), ("decoupled_weight_decay", False)):
                group.setdefault(key, default)

    def step(self, closure=None):
        """One RAdam step over every parameter that has a gradient; returns
        ``closure()``'s loss when a closure is given (evaluated with grad on)."""
        return self._update_all_groups(closure)

    def _update_group(self, group):
        lr = as_scalar(group["lr"])
        beta1, beta2 = group["betas"]
        weight_decay, decoupled = group["weight_decay"], group["decoupled_weight_decay"]
        rho_inf = 2 / (1 - beta2) - 1
        for p in group["params"]:
            if p.grad is None:
                continue
            state = self.state[p]
            if len(state) == 0:
                state["step"] = scalar_state(0.0)
                state["exp_avg"] = _creation.zeros_like(p)
                state["exp_avg_sq"] = _creation.zeros_like(p)
            state["step"] += 1
            step = state["step"].item()
            if decoupled and weight_decay != 0:
                p.mul_(1 - lr * weight_decay)
            grad = descent_grad(p, group["maximize"], 0 if decoupled else weight_decay)
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
