"""NAdam: Adam with Nesterov momentum and a momentum schedule.

For each parameter ``p`` with gradient ``g`` (``-g`` when maximising), at step
``t`` (from 1), with ``mu_t = beta1 * (1 - 0.5 * 0.96 ** (t * momentum_decay))``::

    p = p * (1 - lr * weight_decay)    (decoupled)    or    g = g + weight_decay * p
    P = P * mu_t                                                 (mu_product)
    m = m + (1 - beta1) * (g - m);  v = beta2 * v + (1 - beta2) * g * g
    denom = sqrt(v / (1 - beta2 ** t)) + eps
    p = p - lr * (1 - mu_t) / (1 - P) * g / denom
    p = p - lr * mu_{t+1} / (1 - P * mu_{t+1}) * m / denom

State per parameter: ``step``, ``mu_product`` (0-dim, the step dtype: its
rounding is part of the update, as in PyTorch), ``exp_avg``, ``exp_avg_sq``.
"""
from ._checks import check_adam_family, check_non_negative
from ._ops import addcdiv_, addcmul_, as_scalar, count_step, decayed_grad, init_state
from .optimizer import GroupwiseOptimizer

__all__ = ["NAdam"]


class NAdam(GroupwiseOptimizer):
    """NAdam: Adam with Nesterov momentum, following a momentum schedule.

    The update rule is spelled out in the docstring of the module ``torch.optim.nadam``.

    Args:
        params (iterable): the tensors to optimise, ``(name, tensor)`` pairs, or dicts defining
            parameter groups (``{"params": ..., "lr": ...}``).
        lr (float or Tensor): the learning rate. Default: ``2e-3``.
        betas (tuple of float): decay rates of the moment estimates. Default: ``(0.9, 0.999)``.
        eps (float): added to the denominator. Default: ``1e-8``.
        weight_decay (float): L2 penalty coefficient. Default: ``0``.
        momentum_decay (float): how fast the momentum schedule approaches ``beta1``. Default: ``4e-3``.
        decoupled_weight_decay (bool): decay the parameter directly, as AdamW. Default: ``False``.
        maximize (bool): maximise the objective instead of minimising it. Default: ``False``.
        differentiable (bool): record the update in the autograd graph. Default: ``False``.
        foreach, capturable: accepted for PyTorch compatibility; the arithmetic is the same.
    """

    _group_flag_defaults = {"maximize": False, "foreach": None, "capturable": False, "differentiable": False,
                            "decoupled_weight_decay": False}
    _scalar_state_keys = ("step", "mu_product")

    def __init__(self, params, lr=2e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0, momentum_decay=4e-3,
                 decoupled_weight_decay=False, *, foreach=None, maximize=False, capturable=False,
                 differentiable=False):
        check_adam_family(lr, eps, betas, weight_decay)
        check_non_negative("momentum_decay value", momentum_decay)
        defaults = dict(lr=lr, betas=betas, eps=eps, weight_decay=weight_decay, momentum_decay=momentum_decay,
                        decoupled_weight_decay=decoupled_weight_decay, maximize=maximize, foreach=foreach,
                        capturable=capturable, differentiable=differentiable)
        super().__init__(params, defaults)

    def _update_group(self, group):
        lr = as_scalar(group["lr"])
        beta1, beta2 = group["betas"]
        weight_decay, momentum_decay = group["weight_decay"], group["momentum_decay"]
        decoupled = group["decoupled_weight_decay"]
        for p in group["params"]:
            if p.grad is None:
                continue
            state = init_state(self.state[p], p, ("exp_avg", "exp_avg_sq"),
                               scalars=(("step", 0.0), ("mu_product", 1.0)), on_device=group["capturable"])
            step = count_step(state)
            grad = decayed_grad(p, lr, group["maximize"], weight_decay, decoupled)
            mu = beta1 * (1.0 - 0.5 * 0.96 ** (step * momentum_decay))
            mu_next = beta1 * (1.0 - 0.5 * 0.96 ** ((step + 1) * momentum_decay))
            mu_product = state["mu_product"]
            mu_product.mul_(mu)
            exp_avg, exp_avg_sq = state["exp_avg"], state["exp_avg_sq"]
            exp_avg.lerp_(grad, 1 - beta1)
            addcmul_(exp_avg_sq.mul_(beta2), grad, grad, value=1 - beta2)
            denom = exp_avg_sq.div(1 - beta2 ** step).sqrt().add_(group["eps"])
            if group["differentiable"] or group["capturable"]:
                # PyTorch's tensor form: the factors stay 0-dim tensors of the step dtype
                addcdiv_(p, grad * (-lr * (1.0 - mu) / (1.0 - mu_product)), denom)
                addcdiv_(p, exp_avg * (-lr * mu_next / (1.0 - mu_product * mu_next)), denom)
                continue
            product = mu_product.item()
            addcdiv_(p, grad, denom, value=-lr * (1.0 - mu) / (1.0 - product))
            addcdiv_(p, exp_avg, denom, value=-lr * mu_next / (1.0 - product * mu_next))
