"""ASGD: SGD with an L2-like decay of the parameter and a running (Polyak)
average of the iterates.

For each parameter ``p`` with gradient ``g`` (``-g`` when maximising, plus
``weight_decay * p``), at step ``t`` (from 1)::

    p = p * (1 - lambd * eta);  p = p - eta * g
    ax = p                  while mu == 1,   else   ax = ax + mu * (p - ax)
    eta = lr / (1 + lambd * lr * t) ** alpha;   mu = 1 / max(1, t - t0)

State per parameter: ``step``, ``eta``, ``mu`` (0-dim, the step dtype: their
rounding is part of the update, as in PyTorch) and ``ax`` (the average).
"""
from ._checks import check_lr, check_non_negative
from ._ops import as_scalar, count_step, descent_grad, init_state
from .optimizer import GroupwiseOptimizer

__all__ = ["ASGD"]


class ASGD(GroupwiseOptimizer):
    """Averaged stochastic gradient descent: SGD with a decaying step size that also keeps a
    running average of the parameters (``state[p]['ax']``) from step ``t0`` on.

    The update rule is spelled out in the docstring of the module ``torch.optim.asgd``.

    Args:
        params (iterable): the tensors to optimise, ``(name, tensor)`` pairs, or dicts defining
            parameter groups (``{"params": ..., "lr": ...}``).
        lr (float or Tensor): the learning rate. Default: ``1e-2``.
        lambd (float): the decay term. Default: ``1e-4``.
        alpha (float): power of the step-size schedule. Default: ``0.75``.
        t0 (float): the step at which averaging starts. Default: ``1e6``.
        weight_decay (float): L2 penalty coefficient. Default: ``0``.
        maximize (bool): maximise the objective instead of minimising it. Default: ``False``.
        differentiable (bool): record the update in the autograd graph. Default: ``False``.
        foreach, capturable: accepted for PyTorch compatibility; the arithmetic is the same.
    """

    _group_flag_defaults = {"foreach": None, "maximize": False, "differentiable": False, "capturable": False}
    _scalar_state_keys = ("step", "eta", "mu")

    def __init__(self, params, lr=1e-2, lambd=1e-4, alpha=0.75, t0=1e6, weight_decay=0, foreach=None,
                 maximize=False, differentiable=False, capturable=False):
        check_lr(lr)
        check_non_negative("weight_decay value", weight_decay)
        defaults = dict(lr=lr, lambd=lambd, alpha=alpha, t0=t0, weight_decay=weight_decay, foreach=foreach,
                        maximize=maximize, differentiable=differentiable, capturable=capturable)
        super().__init__(params, defaults)

    def _update_group(self, group):
        lr = as_scalar(group["lr"])
        lambd, alpha, t0 = group["lambd"], group["alpha"], group["t0"]
        for p in group["params"]:
            if p.grad is None:
                continue
            # as in PyTorch, ASGD keeps its scalars on the parameter's device
            state = init_state(self.state[p], p, ("ax",), scalars=(("step", 0.0), ("eta", lr), ("mu", 1.0)),
                               on_device=True)
            step = count_step(state)
            grad = descent_grad(p, group["maximize"], group["weight_decay"])
            eta, mu, ax = state["eta"], state["mu"], state["ax"]
            eta_value = eta.item()
            p.mul_(1 - lambd * eta_value)
            p.add_(grad, alpha=-eta_value)
            if mu.item() != 1:
                ax.add_(p.sub(ax).mul_(mu))
            else:
                ax.copy_(p)
            eta.fill_(lr / ((1 + lambd * lr * step) ** alpha))
            mu.fill_(1 / max(1, step - t0))
